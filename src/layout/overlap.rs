//! Removes overlaps left by the force layout: nodes closer than the sum of their radii (plus a
//! gap) are pushed apart along the line between them, half each, until none overlaps.
//!
//! Pairs are found on a grid of cells as wide as the largest diameter; each round visits the
//! nodes in index order and moves them at once, so the result is the same on every run.

use rustc_hash::FxHashMap;

/// Rounds at most; a round that moves nothing ends the pass.
const MAX_ROUNDS: usize = 500;

/// Pushes apart every two nodes closer than `radius[i] + radius[j] + gap`.
pub(super) fn separate(pos: &mut [[f64; 2]], radius: &[f64], gap: f64) {
    let widest = radius.iter().copied().fold(0.0, f64::max);
    let cell = 2.0 * widest + gap;
    if pos.len() < 2 || cell <= 0.0 {
        return;
    }
    for _ in 0..MAX_ROUNDS {
        if !round(pos, radius, gap, cell) {
            return;
        }
    }
}

/// One round; returns whether a node moved.
fn round(pos: &mut [[f64; 2]], radius: &[f64], gap: f64, cell: f64) -> bool {
    let key = |p: [f64; 2]| ((p[0] / cell).floor() as i64, (p[1] / cell).floor() as i64);
    let mut grid: FxHashMap<(i64, i64), Vec<u32>> = FxHashMap::default();
    for (i, &p) in pos.iter().enumerate() {
        grid.entry(key(p)).or_default().push(i as u32);
    }
    let mut moved = false;
    for i in 0..pos.len() {
        let (cx, cy) = key(pos[i]);
        for gx in cx - 1..=cx + 1 {
            for gy in cy - 1..=cy + 1 {
                let Some(cell_nodes) = grid.get(&(gx, gy)) else {
                    continue;
                };
                for &j in cell_nodes {
                    let j = j as usize;
                    if j > i {
                        moved |= push_pair(pos, i, j, radius[i] + radius[j] + gap);
                    }
                }
            }
        }
    }
    moved
}

/// Moves `i` and `j` apart to `min` if they are closer; nodes at one point part along a
/// direction drawn from their indices.
fn push_pair(pos: &mut [[f64; 2]], i: usize, j: usize, min: f64) -> bool {
    let (mut dx, mut dy) = (pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]);
    let mut d = super::sq(dx) + super::sq(dy);
    if d >= min * min {
        return false;
    }
    d = d.sqrt();
    if d == 0.0 {
        // A fixed direction per pair (no trigonometry: exact on every machine).
        const X: [f64; 8] = [1.0, 0.7, 0.0, -0.7, -1.0, -0.7, 0.0, 0.7];
        const Y: [f64; 8] = [0.0, 0.7, 1.0, 0.7, 0.0, -0.7, -1.0, -0.7];
        let k = (i * 7 + j * 13) % 8;
        (dx, dy) = (X[k], Y[k]);
        d = (dx * dx + dy * dy).sqrt();
    }
    // A little more than the overlap, so that rounding cannot leave the pair touching.
    let push = (min - d) / 2.0 * 1.001 + 1e-9;
    let (ux, uy) = (dx / d, dy / d);
    pos[i][0] -= ux * push;
    pos[i][1] -= uy * push;
    pos[j][0] += ux * push;
    pos[j][1] += uy * push;
    true
}
