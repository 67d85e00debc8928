//! ForceAtlas2 (Jacomy et al. 2014), as Gephi runs it: linear attraction along edges,
//! repulsion `k · (deg₁ + 1)(deg₂ + 1) / d` between every two nodes (Barnes-Hut above
//! [`Settings::exact_below`] nodes), strong gravity towards the origin, and Gephi's adaptive global
//! speed (swinging and traction).
//!
//! Deterministic: the start positions come from a fixed seed, the number of iterations is
//! fixed, the force on each node is summed in a fixed order (nodes may be computed on any
//! thread, each into its own slot) and the global sums are taken in node order. Only `+`, `*`,
//! `/` and `sqrt` are used, which IEEE 754 rounds exactly.

use rayon::prelude::*;

use super::quadtree::{push_apart, QuadTree};
use super::sq;

/// The parameters of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Iterations, always all of them.
    pub iterations: u32,
    /// Seed of the start positions.
    pub seed: u64,
    /// Repulsion strength (Gephi's *scaling*).
    pub scaling: f64,
    /// Pull towards the origin, growing with the distance (Gephi's *strong gravity*), so that
    /// components stay near each other.
    pub gravity: f64,
    /// How much an edge's weight counts (0: not at all; 1: linearly).
    pub weight_influence: f64,
    /// Barnes-Hut accuracy: a cell whose side is below `theta` times its distance acts as one
    /// body.
    pub theta: f64,
    /// Graphs with fewer nodes get the exact repulsion (every pair).
    pub exact_below: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            iterations: 300,
            seed: 0x5eed_2016,
            scaling: 2.0,
            gravity: 1.0,
            weight_influence: 1.0,
            theta: 1.2,
            exact_below: 400,
        }
    }
}

/// Gephi's adaptive speed, carried from one iteration to the next.
struct Speed {
    speed: f64,
    efficiency: f64,
}

/// Runs ForceAtlas2 on `n` nodes and the undirected weighted `edges` (node positions, a
/// repeated pair counts twice); returns a position per node.
pub fn run(n: usize, edges: &[(u32, u32, f64)], s: &Settings) -> Vec<[f64; 2]> {
    let mut mass = vec![1.0; n];
    for &(a, b, _) in edges {
        mass[a as usize] += 1.0;
        mass[b as usize] += 1.0;
    }
    let weights: Vec<f64> = edges
        .iter()
        .map(|e| if s.weight_influence == 0.0 { 1.0 } else { e.2 })
        .collect();
    let mut pos = start_positions(n, s.seed);
    let mut old = vec![[0.0; 2]; n];
    let mut force = vec![[0.0; 2]; n];
    let mut speed = Speed {
        speed: 1.0,
        efficiency: 1.0,
    };
    for _ in 0..s.iterations {
        repulsion(&pos, &mass, s, &mut force);
        for (f, (p, &m)) in force.iter_mut().zip(pos.iter().zip(&mass)) {
            // Strong gravity (`k · m · d`): small components and lone pairs stay near the
            // rest instead of drifting off to where the whole graph's repulsion fades.
            let g = s.gravity * m;
            f[0] -= p[0] * g;
            f[1] -= p[1] * g;
        }
        for (&(a, b, _), &w) in edges.iter().zip(&weights) {
            let (a, b) = (a as usize, b as usize);
            let (dx, dy) = (pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]);
            force[a][0] -= dx * w;
            force[a][1] -= dy * w;
            force[b][0] += dx * w;
            force[b][1] += dy * w;
        }
        speed.adjust(&mass, &old, &force);
        for i in 0..n {
            let (f, o) = (force[i], old[i]);
            let swinging = mass[i] * (sq(o[0] - f[0]) + sq(o[1] - f[1])).sqrt();
            let factor = speed.speed / (1.0 + (speed.speed * swinging).sqrt());
            pos[i][0] += f[0] * factor;
            pos[i][1] += f[1] * factor;
        }
        std::mem::swap(&mut old, &mut force);
    }
    pos
}

/// Writes the repulsion on every node into `force` (overwriting it).
fn repulsion(pos: &[[f64; 2]], mass: &[f64], s: &Settings, force: &mut [[f64; 2]]) {
    let k = s.scaling;
    if pos.len() < s.exact_below {
        force.par_iter_mut().enumerate().for_each(|(i, f)| {
            *f = [0.0, 0.0];
            for (j, (q, &mj)) in pos.iter().zip(mass).enumerate() {
                if j != i {
                    push_apart(f, pos[i], *q, k * mass[i] * mj);
                }
            }
        });
    } else {
        let tree = QuadTree::new(pos, mass);
        // In the tree's order, nodes computed one after the other walk the same cells.
        let by_leaf: Vec<[f64; 2]> = tree
            .order()
            .par_iter()
            .map(|&i| {
                let i = i as usize;
                tree.repulsion(i, pos[i], mass[i], k, s.theta)
            })
            .collect();
        for (&i, f) in tree.order().iter().zip(by_leaf) {
            force[i as usize] = f;
        }
    }
}

impl Speed {
    /// Gephi's adjustment of the global speed from the total swinging (forces changing
    /// direction) and traction (forces keeping it), summed in node order.
    fn adjust(&mut self, mass: &[f64], old: &[[f64; 2]], force: &[[f64; 2]]) {
        let n = mass.len() as f64;
        let (mut swinging, mut traction) = (0.0, 0.0);
        for ((m, o), f) in mass.iter().zip(old).zip(force) {
            swinging += m * (sq(o[0] - f[0]) + sq(o[1] - f[1])).sqrt();
            traction += m * 0.5 * (sq(o[0] + f[0]) + sq(o[1] + f[1])).sqrt();
        }
        if swinging <= 0.0 || traction <= 0.0 {
            return;
        }
        const JITTER_TOLERANCE: f64 = 1.0;
        const MIN_EFFICIENCY: f64 = 0.05;
        let estimated = 0.05 * n.sqrt();
        let min_jt = JITTER_TOLERANCE.sqrt();
        let mut jt = JITTER_TOLERANCE * min_jt.max(10f64.min(estimated * traction / (n * n)));
        if swinging / traction > 2.0 {
            if self.efficiency > MIN_EFFICIENCY {
                self.efficiency *= 0.5;
            }
            jt = jt.max(JITTER_TOLERANCE);
        }
        let target = jt * self.efficiency * traction / swinging;
        if swinging > jt * traction {
            if self.efficiency > MIN_EFFICIENCY {
                self.efficiency *= 0.7;
            }
        } else if self.speed < 1000.0 {
            self.efficiency *= 1.3;
        }
        const MAX_RISE: f64 = 0.5;
        self.speed += (target - self.speed).min(MAX_RISE * self.speed);
    }
}

/// Start positions: node `i` at a point drawn from `seed` and `i` alone (SplitMix64), in a
/// square whose area grows with the number of nodes.
pub(super) fn start_positions(n: usize, seed: u64) -> Vec<[f64; 2]> {
    let side = 10.0 * (n as f64).sqrt().max(1.0);
    (0..n as u64)
        .map(|i| {
            let a = unit(splitmix64(seed ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
            let b = unit(splitmix64(a.to_bits() ^ seed.rotate_left(17) ^ i));
            [(a - 0.5) * side, (b - 0.5) * side]
        })
        .collect()
}

/// SplitMix64's output function.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A number in [0, 1) from the top 53 bits.
fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}
