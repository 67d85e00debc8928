//! Removes overlaps left by the force layout: nodes closer than the sum of their radii (plus a
//! gap) are pushed apart along the line between them, half each, until none overlaps.
//!
//! Each round visits the nodes in index order and moves them at once, so the result is the
//! same on every run. Pairs are found on a grid of cells as wide as the diameter of all but the
//! largest nodes ([`GRID_SHARE`]): a node looks at the 3 × 3 cells around its own, and the few
//! larger nodes look as far as they reach. A pair is measured again only when one of its nodes
//! moved in the previous round or in this one (the others were apart and have not moved), so
//! the last rounds, which move a few nodes, cost little.

use rustc_hash::FxHashMap;

/// Rounds at most; a round that moves nothing ends the pass.
const MAX_ROUNDS: usize = 500;

/// The share of nodes (the smallest) that the grid's cells are sized for; the rest are looked
/// up by their reach.
const GRID_SHARE: f64 = 0.95;

/// Pushes apart every two nodes closer than `radius[i] + radius[j] + gap`.
pub(super) fn separate(pos: &mut [[f64; 2]], radius: &[f64], gap: f64) {
    let n = pos.len();
    if n < 2 {
        return;
    }
    let small = grid_radius(radius);
    let cell = 2.0 * small + gap;
    if cell <= 0.0 {
        return;
    }
    let big: Vec<u32> = (0..n as u32)
        .filter(|&i| radius[i as usize] > small)
        .collect();
    let mut pass = Pass {
        cell,
        small,
        gap,
        big,
        moved: vec![0; n],
    };
    let is_big: Vec<bool> = radius.iter().map(|&r| r > small).collect();
    for r in 1..=MAX_ROUNDS as u32 {
        if !pass.round(pos, radius, &is_big, r) {
            return;
        }
    }
}

/// The radius the grid is sized for: [`GRID_SHARE`] of the nodes are at most that large.
fn grid_radius(radius: &[f64]) -> f64 {
    let mut sorted = radius.to_vec();
    sorted.sort_by(f64::total_cmp);
    let k = ((sorted.len() - 1) as f64 * GRID_SHARE) as usize;
    sorted[k]
}

/// What stays from round to round.
struct Pass {
    /// Width of a grid cell.
    cell: f64,
    /// The largest radius of a node on the grid.
    small: f64,
    gap: f64,
    /// Nodes larger than `small`, ascending: not on the grid.
    big: Vec<u32>,
    /// The last round in which each node moved (0: before the first).
    moved: Vec<u32>,
}

/// The grid of one round: the small nodes by cell, and each cell's 3 × 3 neighbourhood.
struct Grid {
    /// Node indices ordered by cell, then index; cell `c` is `nodes[start[c]..start[c + 1]]`.
    nodes: Vec<u32>,
    start: Vec<u32>,
    /// Cell of each node (`u32::MAX` for big nodes).
    cell_of: Vec<u32>,
    /// The existing cells around each cell (itself included), in a fixed order.
    around: Vec<[u32; 9]>,
    /// By cell: whether a node in it moved in the previous round or in this one.
    active: Vec<bool>,
    /// Cell coordinates to cell number.
    index: FxHashMap<(i64, i64), u32>,
}

const NONE: u32 = u32::MAX;

impl Pass {
    fn key(&self, p: [f64; 2]) -> (i64, i64) {
        (
            (p[0] / self.cell).floor() as i64,
            (p[1] / self.cell).floor() as i64,
        )
    }

    /// Whether node `i` moved in the previous round (`r - 1`) or so far in this one.
    fn dirty(&self, i: usize, r: u32) -> bool {
        self.moved[i] + 1 >= r
    }

    /// One round; returns whether a node moved.
    fn round(&mut self, pos: &mut [[f64; 2]], radius: &[f64], is_big: &[bool], r: u32) -> bool {
        let mut grid = self.grid(pos, is_big, r);
        let extra = self.big_pairs(pos, radius, &grid);
        let mut next_extra = 0;
        let mut any = false;
        for i in 0..pos.len() {
            let ci = grid.cell_of[i];
            if ci != NONE {
                for c in grid.around[ci as usize] {
                    if c == NONE || !(grid.active[c as usize] || self.dirty(i, r)) {
                        continue;
                    }
                    let (a, b) = (grid.start[c as usize], grid.start[c as usize + 1]);
                    for k in a..b {
                        let j = grid.nodes[k as usize] as usize;
                        if j > i {
                            any |= self.visit(pos, radius, &mut grid, i, j, r);
                        }
                    }
                }
            }
            while next_extra < extra.len() && extra[next_extra].0 as usize == i {
                let j = extra[next_extra].1 as usize;
                any |= self.visit(pos, radius, &mut grid, i, j, r);
                next_extra += 1;
            }
        }
        any
    }

    /// Pushes `i` and `j` apart if one of them may have moved and they are too close.
    fn visit(
        &mut self,
        pos: &mut [[f64; 2]],
        radius: &[f64],
        grid: &mut Grid,
        i: usize,
        j: usize,
        r: u32,
    ) -> bool {
        if !(self.dirty(i, r) || self.dirty(j, r)) {
            return false;
        }
        if !push_pair(pos, i, j, radius[i] + radius[j] + self.gap) {
            return false;
        }
        for k in [i, j] {
            self.moved[k] = r;
            if grid.cell_of[k] != NONE {
                grid.active[grid.cell_of[k] as usize] = true;
            }
        }
        true
    }

    /// The grid of the small nodes at the start of round `r`.
    fn grid(&self, pos: &[[f64; 2]], is_big: &[bool], r: u32) -> Grid {
        let n = pos.len();
        let mut keyed: Vec<((i64, i64), u32)> = (0..n)
            .filter(|&i| !is_big[i])
            .map(|i| (self.key(pos[i]), i as u32))
            .collect();
        keyed.sort_unstable();
        let mut grid = Grid {
            nodes: Vec::with_capacity(keyed.len()),
            start: Vec::new(),
            cell_of: vec![NONE; n],
            around: Vec::new(),
            active: Vec::new(),
            index: FxHashMap::default(),
        };
        let mut keys = Vec::new();
        for (k, (key, i)) in keyed.iter().enumerate() {
            if k == 0 || keyed[k - 1].0 != *key {
                grid.index.insert(*key, keys.len() as u32);
                keys.push(*key);
                grid.start.push(k as u32);
                grid.active.push(false);
            }
            let c = keys.len() - 1;
            grid.cell_of[*i as usize] = c as u32;
            grid.nodes.push(*i);
            grid.active[c] |= self.dirty(*i as usize, r);
        }
        grid.start.push(keyed.len() as u32);
        grid.around = keys
            .iter()
            .map(|&(x, y)| {
                let mut around = [NONE; 9];
                for (slot, (dx, dy)) in around.iter_mut().zip(NEIGHBOURS) {
                    *slot = grid.index.get(&(x + dx, y + dy)).copied().unwrap_or(NONE);
                }
                around
            })
            .collect();
        grid
    }

    /// Every pair with a big node that may touch, as `(smaller index, larger index)`, sorted.
    fn big_pairs(&self, pos: &[[f64; 2]], radius: &[f64], grid: &Grid) -> Vec<(u32, u32)> {
        let mut pairs = Vec::new();
        for (k, &b) in self.big.iter().enumerate() {
            let b = b as usize;
            let reach = radius[b] + self.small + self.gap;
            let (x0, y0) = self.key([pos[b][0] - reach, pos[b][1] - reach]);
            let (x1, y1) = self.key([pos[b][0] + reach, pos[b][1] + reach]);
            for x in x0..=x1 {
                for y in y0..=y1 {
                    let Some(&c) = grid.index.get(&(x, y)) else {
                        continue;
                    };
                    let (a, e) = (grid.start[c as usize], grid.start[c as usize + 1]);
                    for &j in &grid.nodes[a as usize..e as usize] {
                        pairs.push((j.min(b as u32), j.max(b as u32)));
                    }
                }
            }
            for &o in &self.big[k + 1..] {
                pairs.push((b as u32, o));
            }
        }
        pairs.sort_unstable();
        pairs
    }
}

/// [`separate`] without its grid and without skipping pairs: every round measures, for each
/// node in index order, the nodes in its 3 × 3 cells (by cell, then index) and then its pairs
/// with the big nodes; `separate` must give the same coordinates.
#[cfg(test)]
pub(super) fn textbook(pos: &mut [[f64; 2]], radius: &[f64], gap: f64) {
    let n = pos.len();
    let small = grid_radius(radius);
    let cell = 2.0 * small + gap;
    let key = |p: [f64; 2]| ((p[0] / cell).floor() as i64, (p[1] / cell).floor() as i64);
    for _ in 0..MAX_ROUNDS {
        let keys: Vec<(i64, i64)> = pos.iter().map(|&p| key(p)).collect();
        let start = pos.to_vec();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for i in 0..n {
            if radius[i] <= small {
                for (dx, dy) in NEIGHBOURS {
                    let k = (keys[i].0 + dx, keys[i].1 + dy);
                    pairs.extend(
                        (i + 1..n)
                            .filter(|&j| radius[j] <= small && keys[j] == k)
                            .map(|j| (i, j)),
                    );
                }
            }
            // Pairs with a big node: both big, or the small one within the big one's reach.
            let in_reach = |b: usize, o: usize| {
                let reach = radius[b] + small + gap;
                let (x0, y0) = key([start[b][0] - reach, start[b][1] - reach]);
                let (x1, y1) = key([start[b][0] + reach, start[b][1] + reach]);
                (x0..=x1).contains(&keys[o].0) && (y0..=y1).contains(&keys[o].1)
            };
            let big = (i + 1..n).filter(|&j| match (radius[i] > small, radius[j] > small) {
                (true, true) => true,
                (true, false) => in_reach(i, j),
                (false, true) => in_reach(j, i),
                (false, false) => false,
            });
            pairs.extend(big.into_iter().map(|j| (i, j)));
        }
        let mut moved = false;
        for (i, j) in pairs {
            moved |= push_pair(pos, i, j, radius[i] + radius[j] + gap);
        }
        if !moved {
            return;
        }
    }
}

/// The 3 × 3 cells around a cell, in the order they are visited.
const NEIGHBOURS: [(i64, i64); 9] = [
    (-1, -1),
    (-1, 0),
    (-1, 1),
    (0, -1),
    (0, 0),
    (0, 1),
    (1, -1),
    (1, 0),
    (1, 1),
];

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
