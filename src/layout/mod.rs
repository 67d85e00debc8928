//! Node positions for drawing, computed once per build: a deterministic ForceAtlas2
//! ([`force`]) followed by the removal of overlaps ([`overlap`]), for the co-signature network
//! and for the whole graph. The exports write them (`viz:position` in GEXF, `x` / `y` in
//! GraphML) and the page (`index.html`) draws them.
//!
//! The same graph always gets the same coordinates, to the byte, whatever the number of
//! threads: see [`force`]. Coordinates are rounded to [`DECIMALS`] decimals.

mod force;
mod overlap;
mod quadtree;
#[cfg(test)]
mod tests;

use std::time::Instant;

pub use force::Settings;

use crate::graph::KnowledgeGraph;
use crate::types::EntityType;

/// Decimals kept in coordinates.
pub const DECIMALS: i32 = 2;

/// Free space between two nodes after [`overlap`], in layout units.
const GAP: f64 = 0.5;

/// `x * x`.
#[inline]
pub(crate) fn sq(x: f64) -> f64 {
    x * x
}

/// Lays out `radius.len()` nodes joined by the undirected weighted `edges` (by node position):
/// ForceAtlas2, then no two nodes closer than the sum of their radii; rounded coordinates.
pub fn lay_out(radius: &[f64], edges: &[(u32, u32, f64)], settings: &Settings) -> Vec<[f64; 2]> {
    let mut pos = force::run(radius.len(), edges, settings);
    overlap::separate(&mut pos, radius, GAP);
    let scale = 10f64.powi(DECIMALS);
    for p in &mut pos {
        for c in p.iter_mut() {
            *c = (*c * scale).round() / scale;
            if *c == 0.0 {
                *c = 0.0; // no "-0"
            }
        }
    }
    pos
}

/// Iterations for a graph of `n` nodes: [`MAX_ITERATIONS`], fewer above 10,000 nodes so
/// that the work (about `n` log `n` per iteration) stays bounded: 56 for 26,685 nodes, never
/// fewer than [`MIN_ITERATIONS`].
pub fn iterations_for(n: usize) -> u32 {
    (WORK / n.max(1)).clamp(MIN_ITERATIONS as usize, MAX_ITERATIONS as usize) as u32
}

/// Iterations of a small graph.
pub const MAX_ITERATIONS: u32 = 300;
/// Iterations of the largest graphs.
pub const MIN_ITERATIONS: u32 = 20;
/// Node-iterations per layout.
const WORK: usize = 1_500_000;

/// The radius of a person of the co-signature network who signed `letters` letters.
pub fn cosigner_radius(letters: usize) -> f64 {
    1.0 + (letters as f64).sqrt()
}

/// The radius of a node of the whole graph with `degree` relations.
pub fn node_radius(degree: usize) -> f64 {
    1.0 + (degree as f64).sqrt().min(6.0)
}

/// The positions of a graph's nodes in its two drawings, by node index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layouts {
    /// The whole graph (every relation, unweighted).
    pub full: Vec<[f64; 2]>,
    /// The co-signature network (`CO_SIGNED`, weighted by letters); `None` for a node that
    /// is not a person who signed.
    pub cosigners: Vec<Option<[f64; 2]>>,
    /// By node index: letters signed (`SIGNED` relations), for sizing people.
    pub letters: Vec<usize>,
    /// Seconds spent on each drawing (co-signature network, whole graph).
    pub seconds: (f64, f64),
}

impl Layouts {
    /// Lays out the co-signature network and the whole graph of `g`.
    pub fn compute(g: &KnowledgeGraph) -> Layouts {
        let n = g.node_count();
        let signer = crate::graph::signers(g);
        let mut letters = vec![0usize; n];
        let mut degree = vec![0usize; n];
        let mut full_edges = Vec::with_capacity(g.edge_count());
        let mut co_edges = Vec::new();
        // Position of each signer in the co-signature network.
        let mut slot = vec![u32::MAX; n];
        let mut signers = Vec::new();
        for (i, &s) in signer.iter().enumerate() {
            if s && g.graph.raw_nodes()[i].weight.entity_type == EntityType::Person {
                slot[i] = signers.len() as u32;
                signers.push(i);
            }
        }
        for e in g.graph.raw_edges() {
            let (a, b) = (e.source().index(), e.target().index());
            degree[a] += 1;
            degree[b] += 1;
            full_edges.push((a as u32, b as u32, 1.0));
            match e.weight.relation.as_str() {
                "SIGNED" => letters[a] += 1,
                "CO_SIGNED" if slot[a] != u32::MAX && slot[b] != u32::MAX => {
                    co_edges.push((slot[a], slot[b], e.weight.weight.max(1.0)))
                }
                _ => {}
            }
        }
        // Each drawing is parallel inside, with sequential steps (the tree, the overlaps)
        // that leave a core idle: the two run side by side.
        let ((co, co_s), (full, full_s)) = rayon::join(
            || {
                let t = Instant::now();
                let radius: Vec<f64> = signers
                    .iter()
                    .map(|&i| cosigner_radius(letters[i]))
                    .collect();
                let settings = Settings {
                    iterations: iterations_for(signers.len()),
                    ..Settings::default()
                };
                let co = lay_out(&radius, &co_edges, &settings);
                (co, t.elapsed().as_secs_f64())
            },
            || {
                let t = Instant::now();
                let radius: Vec<f64> = degree.iter().map(|&d| node_radius(d)).collect();
                let settings = Settings {
                    weight_influence: 0.0,
                    scaling: 10.0,
                    iterations: iterations_for(n),
                    ..Settings::default()
                };
                let full = lay_out(&radius, &full_edges, &settings);
                (full, t.elapsed().as_secs_f64())
            },
        );
        let mut cosigners = vec![None; n];
        for (k, &i) in signers.iter().enumerate() {
            cosigners[i] = Some(co[k]);
        }
        Layouts {
            full,
            cosigners,
            letters,
            seconds: (co_s, full_s),
        }
    }
}
