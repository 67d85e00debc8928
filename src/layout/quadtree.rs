//! The Barnes-Hut quadtree of the repulsion: far groups of nodes act as one body at their
//! centre of mass.
//!
//! The tree is built from the positions in node order (a stable partition at each level), and
//! every sum is taken in a fixed order, so the force on a node does not depend on how many
//! threads compute the forces of the other nodes.

/// Below this size a cell is not split further (nodes at one point share a leaf).
const MIN_HALF: f64 = 1e-9;
/// Deepest level: a leaf holds every node left in it.
const MAX_DEPTH: u32 = 48;

/// One cell: its square, its mass and centre of mass, and either its children or the nodes it
/// holds (a range of [`QuadTree::order`]). One cache line: the repulsion reads a cell per step.
#[derive(Clone, Debug)]
#[repr(align(64))]
struct Cell {
    /// Centre and half side of the square.
    cx: f64,
    cy: f64,
    half: f64,
    mass: f64,
    /// Centre of mass.
    mx: f64,
    my: f64,
    /// Children (`NONE` when empty), or for a leaf `[LEAF, start, end, 0]`: its nodes are
    /// `order[start..end]`.
    kids: [u32; 4],
}

/// The first of a leaf's [`Cell::kids`].
const LEAF: u32 = u32::MAX - 1;

const NONE: u32 = u32::MAX;

/// A quadtree over node positions, with the mass of each node.
pub(super) struct QuadTree {
    cells: Vec<Cell>,
    /// Node indices, grouped by leaf.
    order: Vec<u32>,
    /// A copy of a range of `order` while it is partitioned.
    scratch: Vec<u32>,
}

impl QuadTree {
    /// Builds the tree of `pos` (the mass of node `i` is `mass[i]`).
    pub fn new(pos: &[[f64; 2]], mass: &[f64]) -> QuadTree {
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for p in pos {
            for k in 0..2 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        let half = ((hi[0] - lo[0]).max(hi[1] - lo[1]) / 2.0).max(MIN_HALF) * 1.000_001;
        let mut t = QuadTree {
            cells: Vec::with_capacity(pos.len() * 2),
            order: (0..pos.len() as u32).collect(),
            scratch: Vec::with_capacity(pos.len()),
        };
        if !pos.is_empty() {
            let (cx, cy) = ((lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0);
            t.build(pos, mass, 0, pos.len(), [cx, cy, half], 0);
        }
        t
    }

    /// Builds the cell of `order[start..end]` in the square `sq` (centre x, y, half side) and
    /// returns its index.
    fn build(
        &mut self,
        pos: &[[f64; 2]],
        mass: &[f64],
        start: usize,
        end: usize,
        sq: [f64; 3],
        depth: u32,
    ) -> u32 {
        let [cx, cy, half] = sq;
        let (mut m, mut mx, mut my) = (0.0, 0.0, 0.0);
        for &i in &self.order[start..end] {
            let i = i as usize;
            m += mass[i];
            mx += mass[i] * pos[i][0];
            my += mass[i] * pos[i][1];
        }
        let me = self.cells.len() as u32;
        self.cells.push(Cell {
            cx,
            cy,
            half,
            mass: m,
            mx: mx / m,
            my: my / m,
            kids: [LEAF, start as u32, end as u32, 0],
        });
        if end - start <= 1 || depth >= MAX_DEPTH || half <= MIN_HALF {
            return me;
        }
        let bounds = self.partition(pos, start, end, cx, cy);
        let mut children = [NONE; 4];
        for (q, child) in children.iter_mut().enumerate() {
            let (from, to) = (bounds[q], bounds[q + 1]);
            if to > from {
                let h = half / 2.0;
                let sub = [
                    cx + if q & 1 == 1 { h } else { -h },
                    cy + if q & 2 == 2 { h } else { -h },
                    h,
                ];
                *child = self.build(pos, mass, from, to, sub, depth + 1);
            }
        }
        self.cells[me as usize].kids = children;
        me
    }

    /// Groups `order[start..end]` by quadrant around (`cx`, `cy`) (a stable counting sort:
    /// node order is kept inside each quadrant) and returns where each quadrant starts, and
    /// `end`.
    fn partition(
        &mut self,
        pos: &[[f64; 2]],
        start: usize,
        end: usize,
        cx: f64,
        cy: f64,
    ) -> [usize; 5] {
        let quadrant = |i: u32| {
            let p = pos[i as usize];
            usize::from(p[0] >= cx) + 2 * usize::from(p[1] >= cy)
        };
        let mut count = [0usize; 4];
        for &i in &self.order[start..end] {
            count[quadrant(i)] += 1;
        }
        let mut bounds = [start; 5];
        for q in 0..4 {
            bounds[q + 1] = bounds[q] + count[q];
        }
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.order[start..end]);
        let mut next = bounds;
        for &i in &self.scratch {
            let q = quadrant(i);
            self.order[next[q]] = i;
            next[q] += 1;
        }
        bounds
    }

    /// The nodes grouped by leaf: neighbours in space are near each other in this order.
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// The repulsion on node `i` at `p` with mass `m`: `k · m · m' / d` away from each other
    /// node (or cell far enough: side / distance < `theta`), as a force vector.
    pub fn repulsion(&self, i: usize, p: [f64; 2], m: f64, k: f64, theta: f64) -> [f64; 2] {
        let mut f = [0.0, 0.0];
        if self.cells.is_empty() {
            return f;
        }
        // Each level pushes at most 4 cells and pops 1: a fixed stack is deep enough.
        let mut stack = [0u32; 4 * MAX_DEPTH as usize + 4];
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let c = stack[top];
            let cell = &self.cells[c as usize];
            if let Some(nodes) = cell.leaf_nodes() {
                let one = cell.mass / nodes.len() as f64;
                for &j in &self.order[nodes] {
                    if j as usize != i {
                        push_apart(&mut f, p, [cell.mx, cell.my], k * m * one);
                    }
                }
                continue;
            }
            let (dx, dy) = (p[0] - cell.mx, p[1] - cell.my);
            let d2 = dx * dx + dy * dy;
            let side = 2.0 * cell.half;
            let inside = (p[0] - cell.cx).abs() <= cell.half && (p[1] - cell.cy).abs() <= cell.half;
            if !inside && side * side < theta * theta * d2 {
                push_apart(&mut f, p, [cell.mx, cell.my], k * m * cell.mass);
            } else {
                for &ch in cell.kids.iter().rev() {
                    if ch != NONE {
                        stack[top] = ch;
                        top += 1;
                    }
                }
            }
        }
        f
    }
}

impl Cell {
    /// The range of [`QuadTree::order`] a leaf holds (they are at one point, or it is one
    /// node: each has the leaf's mass shared equally); `None` for a cell with children.
    #[inline]
    fn leaf_nodes(&self) -> Option<std::ops::Range<usize>> {
        (self.kids[0] == LEAF).then(|| self.kids[1] as usize..self.kids[2] as usize)
    }
}

/// Adds the repulsion `km / d` from `q` to `f` (nothing when `p` and `q` coincide).
#[inline]
pub(super) fn push_apart(f: &mut [f64; 2], p: [f64; 2], q: [f64; 2], km: f64) {
    let (dx, dy) = (p[0] - q[0], p[1] - q[1]);
    let d2 = dx * dx + dy * dy;
    if d2 > 0.0 {
        let s = km / d2;
        f[0] += dx * s;
        f[1] += dy * s;
    }
}
