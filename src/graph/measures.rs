//! Network measures of the co-signature network, written into the exports.
//!
//! The co-signature network has one node per person who signed at least one letter (a `SIGNED`
//! or `CO_SIGNED` edge) and one undirected edge per `CO_SIGNED` pair, weighted by the number of
//! letters signed together. [`annotate`] adds to each of those people:
//!
//! - `degree` (Int): number of distinct co-signers;
//! - `weighted_degree` (Float): letters co-signed, summed over co-signers;
//! - `betweenness` (Float): Brandes betweenness on the **unweighted** network (a path is a
//!   chain of co-signatures; weights measure tie strength, not distance), normalised like
//!   networkx's `betweenness_centrality(G)`: divided by `(n-1)(n-2)` (`n` = people in the
//!   network), counting each unordered pair once per direction;
//! - `component` (Int): connected component, numbered 0, 1, ... in the order of each
//!   component's smallest member id;
//! - `community` (Int): Louvain communities on the weighted network (resolution 1), run
//!   deterministically (nodes visited in id order, ties keep the current community, then the
//!   first neighbour community in id order), numbered like components.
//!
//! People who never signed get none of these attributes.

use petgraph::visit::EdgeRef;
use rayon::prelude::*;

use crate::graph::{AttrValue, KnowledgeGraph};
use crate::types::EntityType;

/// An undirected weighted graph over nodes `0..n` (adjacency lists sorted by neighbour, no
/// self-loops, one entry per neighbour).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Network {
    /// Node ids, sorted; node `i` of the network is `ids[i]`.
    pub ids: Vec<String>,
    pub adj: Vec<Vec<(usize, f64)>>,
}

impl Network {
    /// Builds a network from ids (any order) and undirected weighted edges between ids.
    /// Repeated pairs add their weights; self-loops and unknown ids are ignored.
    pub fn new<'a>(
        ids: impl IntoIterator<Item = String>,
        edges: impl IntoIterator<Item = (&'a str, &'a str, f64)>,
    ) -> Network {
        let mut ids: Vec<String> = ids.into_iter().collect();
        ids.sort();
        ids.dedup();
        let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); ids.len()];
        for (a, b, w) in edges {
            let (Ok(i), Ok(j)) = (
                ids.binary_search_by(|x| x.as_str().cmp(a)),
                ids.binary_search_by(|x| x.as_str().cmp(b)),
            ) else {
                continue;
            };
            if i == j {
                continue;
            }
            adj[i].push((j, w));
            adj[j].push((i, w));
        }
        for list in &mut adj {
            list.sort_by_key(|p| p.0);
            list.dedup_by(|later, first| {
                if later.0 == first.0 {
                    first.1 += later.1;
                    true
                } else {
                    false
                }
            });
        }
        Network { ids, adj }
    }

    /// The co-signature network of a knowledge graph.
    pub fn cosignatures(g: &KnowledgeGraph) -> Network {
        let signer = super::signers(g);
        let ids = g
            .graph
            .node_indices()
            .filter(|ix| signer[ix.index()])
            .map(|ix| g.graph[ix].id.clone());
        let edges = g.graph.edge_references().filter_map(|e| {
            let w = e.weight();
            let (a, b) = (&g.graph[e.source()], &g.graph[e.target()]);
            (w.relation == "CO_SIGNED"
                && a.entity_type == EntityType::Person
                && b.entity_type == EntityType::Person)
                .then_some((a.id.as_str(), b.id.as_str(), w.weight))
        });
        Network::new(ids, edges)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Index of a node id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.ids.binary_search_by(|x| x.as_str().cmp(id)).ok()
    }
}

/// Number of neighbours of each node.
pub fn degree(adj: &[Vec<(usize, f64)>]) -> Vec<usize> {
    adj.iter().map(Vec::len).collect()
}

/// Sum of edge weights of each node.
pub fn weighted_degree(adj: &[Vec<(usize, f64)>]) -> Vec<f64> {
    adj.iter()
        .map(|l| l.iter().fold(0.0, |acc, p| acc + p.1))
        .collect()
}

/// Connected components: `comp[i]`, numbered in order of smallest node index (the smallest id).
pub fn components(adj: &[Vec<(usize, f64)>]) -> Vec<usize> {
    let mut comp = vec![usize::MAX; adj.len()];
    let mut next = 0;
    let mut stack = Vec::new();
    for s in 0..adj.len() {
        if comp[s] != usize::MAX {
            continue;
        }
        comp[s] = next;
        stack.push(s);
        while let Some(v) = stack.pop() {
            for &(u, _) in &adj[v] {
                if comp[u] == usize::MAX {
                    comp[u] = next;
                    stack.push(u);
                }
            }
        }
        next += 1;
    }
    comp
}

/// Brandes betweenness (unweighted, undirected), normalised as networkx's default:
/// `raw / ((n-1)(n-2))` where `raw` counts every ordered pair. Sources are processed in
/// parallel in fixed chunks and summed in a fixed order, so the result does not depend on the
/// number of threads.
pub fn betweenness(adj: &[Vec<(usize, f64)>]) -> Vec<f64> {
    let n = adj.len();
    if n < 3 {
        return vec![0.0; n];
    }
    // Compressed adjacency (offsets + 32-bit neighbours): the searches below read it n times.
    let mut offsets: Vec<u32> = Vec::with_capacity(n + 1);
    let mut nbrs: Vec<u32> = Vec::new();
    offsets.push(0);
    for list in adj {
        nbrs.extend(list.iter().map(|&(w, _)| w as u32));
        offsets.push(nbrs.len() as u32);
    }
    const CHUNK: usize = 32;
    let starts: Vec<usize> = (0..n).step_by(CHUNK).collect();
    let partial: Vec<Vec<f64>> = starts
        .par_iter()
        .map_init(
            || Searcher::new(n, nbrs.len()),
            |search, &lo| {
                let mut bc = vec![0.0; n];
                for s in lo..(lo + CHUNK).min(n) {
                    search.accumulate(s, &offsets, &nbrs, &mut bc);
                }
                bc
            },
        )
        .collect();
    let mut bc = vec![0.0; n];
    for p in partial {
        for (a, b) in bc.iter_mut().zip(p) {
            *a += b;
        }
    }
    let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
    bc.iter_mut().for_each(|x| *x *= scale);
    bc
}

/// The buffers of one single-source pass of [`betweenness`], reused from source to source.
struct Searcher {
    /// By node: what the breadth-first search keeps of it.
    state: Vec<Visit>,
    delta: Vec<f64>,
    /// Visit order of the breadth-first search; it is also its queue.
    order: Vec<u32>,
    /// The predecessors of `w` on shortest paths are `preds[offsets[w]..state[w].pred_end]`
    /// (they are neighbours of `w`, so `w`'s slots of the adjacency have room for them).
    preds: Vec<u32>,
}

/// What the breadth-first search of one source keeps of a node, together because it is read
/// together (once per edge).
#[derive(Clone, Copy)]
struct Visit {
    /// Number of shortest paths from the source (a whole number, kept as `f64` as Brandes
    /// sums it).
    sigma: f64,
    /// Distance from the source, [`Searcher::UNSEEN`] before the node is reached.
    dist: u32,
    /// End of the predecessors found so far (see [`Searcher::preds`]).
    pred_end: u32,
}

impl Searcher {
    const UNSEEN: u32 = u32::MAX;

    fn new(n: usize, slots: usize) -> Self {
        Searcher {
            state: vec![
                Visit {
                    sigma: 0.0,
                    dist: Self::UNSEEN,
                    pred_end: 0,
                };
                n
            ],
            delta: vec![0.0; n],
            order: Vec::with_capacity(n),
            preds: vec![0; slots],
        }
    }

    /// Adds the dependencies of source `s` on every other node to `bc`.
    ///
    /// The floating-point operations are those of the textbook loop, in the same order: path
    /// counts are summed over predecessors in visit order, and each node's dependency gathers
    /// its successors' shares in reverse visit order. Only the order in which one node hands
    /// its share to its (distinct) predecessors differs, which changes no sum.
    fn accumulate(&mut self, s: usize, offsets: &[u32], nbrs: &[u32], bc: &mut [f64]) {
        let Searcher {
            state,
            delta,
            order,
            preds,
        } = self;
        let (state, delta, preds) = (&mut state[..], &mut delta[..], &mut preds[..]);
        // Only the nodes reached by the previous search need resetting.
        for &v in order.iter() {
            let v = v as usize;
            state[v].sigma = 0.0;
            state[v].dist = Self::UNSEEN;
            delta[v] = 0.0;
        }
        order.clear();
        state[s].sigma = 1.0;
        state[s].dist = 0;
        state[s].pred_end = offsets[s];
        order.push(s as u32);
        let mut head = 0;
        while head < order.len() {
            let v = order[head] as usize;
            head += 1;
            let Visit {
                sigma: sv, dist, ..
            } = state[v];
            let next = dist + 1;
            for &w in &nbrs[offsets[v] as usize..offsets[v + 1] as usize] {
                let x = &mut state[w as usize];
                // Nodes seen so far are at most `next` away; unseen ones are further.
                if x.dist >= next {
                    if x.dist == Self::UNSEEN {
                        x.dist = next;
                        x.pred_end = offsets[w as usize];
                        order.push(w);
                    }
                    preds[x.pred_end as usize] = v as u32;
                    x.pred_end += 1;
                    x.sigma += sv;
                }
            }
        }
        for &w in order.iter().rev() {
            let w = w as usize;
            let Visit {
                sigma: sw,
                pred_end,
                ..
            } = state[w];
            let share = 1.0 + delta[w];
            for &v in &preds[offsets[w] as usize..pred_end as usize] {
                let v = v as usize;
                delta[v] += state[v].sigma / sw * share;
            }
            if w != s {
                bc[w] += delta[w];
            }
        }
    }
}

/// One level of Louvain: local moves until no node moves. Returns the community of each node
/// (arbitrary labels).
fn louvain_level(adj: &[Vec<(usize, f64)>], self_loops: &[f64]) -> Vec<usize> {
    let n = adj.len();
    // k_i: weighted degree, a self-loop counting twice.
    let k: Vec<f64> = (0..n)
        .map(|i| adj[i].iter().fold(0.0, |acc, p| acc + p.1) + 2.0 * self_loops[i])
        .collect();
    let m2: f64 = k.iter().sum();
    let mut comm: Vec<usize> = (0..n).collect();
    if m2 <= 0.0 {
        return comm;
    }
    let mut tot = k.clone();
    let mut w_to = vec![0.0f64; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut is_touched = vec![false; n];
    for _pass in 0..1000 {
        let mut moved = false;
        for i in 0..n {
            let old = comm[i];
            touched.clear();
            for &(j, w) in &adj[i] {
                let c = comm[j];
                if !is_touched[c] {
                    is_touched[c] = true;
                    touched.push(c);
                }
                w_to[c] += w;
            }
            tot[old] -= k[i];
            let gain = |c: usize, w_to: &[f64], tot: &[f64]| w_to[c] - tot[c] * k[i] / m2;
            let mut best = old;
            let mut best_gain = gain(old, &w_to, &tot);
            for &c in &touched {
                let g = gain(c, &w_to, &tot);
                if g > best_gain + 1e-12 {
                    best = c;
                    best_gain = g;
                }
            }
            tot[best] += k[i];
            comm[i] = best;
            if best != old {
                moved = true;
            }
            for &c in &touched {
                w_to[c] = 0.0;
                is_touched[c] = false;
            }
        }
        if !moved {
            break;
        }
    }
    comm
}

/// Louvain communities (weighted, resolution 1, deterministic): `community[i]`, numbered in
/// order of smallest node index.
pub fn louvain(adj: &[Vec<(usize, f64)>]) -> Vec<usize> {
    let n = adj.len();
    // membership[i]: node of the current level graph that original node i belongs to.
    let mut membership: Vec<usize> = (0..n).collect();
    let mut level_adj: Vec<Vec<(usize, f64)>> = adj.to_vec();
    let mut self_loops = vec![0.0f64; n];
    loop {
        let comm = louvain_level(&level_adj, &self_loops);
        // Renumber communities 0.. in order of first appearance.
        let mut renum = vec![usize::MAX; comm.len()];
        let mut next = 0;
        for &c in &comm {
            if renum[c] == usize::MAX {
                renum[c] = next;
                next += 1;
            }
        }
        if next == level_adj.len() {
            break;
        }
        for m in membership.iter_mut() {
            *m = renum[comm[*m]];
        }
        // Aggregate: one node per community.
        let mut new_loops = vec![0.0f64; next];
        let mut pairs: std::collections::BTreeMap<(usize, usize), f64> = Default::default();
        for (v, list) in level_adj.iter().enumerate() {
            let cv = renum[comm[v]];
            new_loops[cv] += self_loops[v];
            for &(u, w) in list {
                let cu = renum[comm[u]];
                if cu == cv {
                    if u > v {
                        new_loops[cv] += w;
                    }
                } else {
                    *pairs.entry((cv, cu)).or_insert(0.0) += w;
                }
            }
        }
        let mut new_adj = vec![Vec::new(); next];
        for ((a, b), w) in pairs {
            new_adj[a].push((b, w));
        }
        level_adj = new_adj;
        self_loops = new_loops;
    }
    renumber(&membership)
}

/// Relabels groups 0, 1, ... in order of their smallest member index.
fn renumber(labels: &[usize]) -> Vec<usize> {
    let mut map = std::collections::HashMap::new();
    labels
        .iter()
        .map(|&l| {
            let next = map.len();
            *map.entry(l).or_insert(next)
        })
        .collect()
}

/// Modularity of a partition (weighted, resolution 1); for tests and reports.
pub fn modularity(adj: &[Vec<(usize, f64)>], community: &[usize]) -> f64 {
    let k = weighted_degree(adj);
    let m2: f64 = k.iter().sum();
    if m2 == 0.0 {
        return 0.0;
    }
    let groups = community.iter().max().map_or(0, |m| m + 1);
    let mut inside = vec![0.0; groups];
    let mut tot = vec![0.0; groups];
    for (i, list) in adj.iter().enumerate() {
        tot[community[i]] += k[i];
        for &(j, w) in list {
            if community[j] == community[i] {
                inside[community[i]] += w;
            }
        }
    }
    (0..groups)
        .map(|c| inside[c] / m2 - (tot[c] / m2).powi(2))
        .sum()
}

/// The measures of every node of a network, in network order.
#[derive(Clone, Debug, PartialEq)]
pub struct Measures {
    pub degree: Vec<usize>,
    pub weighted_degree: Vec<f64>,
    pub betweenness: Vec<f64>,
    pub component: Vec<usize>,
    pub community: Vec<usize>,
}

/// Computes every measure of a network. Betweenness (itself parallel) and the Louvain
/// communities (sequential) run side by side.
pub fn compute(net: &Network) -> Measures {
    let (betweenness, community) = rayon::join(|| betweenness(&net.adj), || louvain(&net.adj));
    Measures {
        degree: degree(&net.adj),
        weighted_degree: weighted_degree(&net.adj),
        betweenness,
        component: components(&net.adj),
        community,
    }
}

/// The measures of a graph's co-signature network, computed without changing the graph (so
/// that other work on the graph can run meanwhile) and written into it by [`Self::apply`].
#[derive(Clone, Debug, PartialEq)]
pub struct CosignatureMeasures {
    net: Network,
    measures: Measures,
}

impl CosignatureMeasures {
    /// Computes the measures of `g`'s co-signature network.
    pub fn of(g: &KnowledgeGraph) -> CosignatureMeasures {
        let net = Network::cosignatures(g);
        let measures = compute(&net);
        CosignatureMeasures { net, measures }
    }

    /// Writes the measures into the attributes of the people of the network.
    pub fn apply(self, g: &mut KnowledgeGraph) {
        let CosignatureMeasures { net, measures: m } = self;
        for (i, id) in net.ids.iter().enumerate() {
            let Some(ix) = g.index_of(id) else { continue };
            let attrs = &mut g.graph[ix].attrs;
            attrs.insert("degree".into(), AttrValue::Int(m.degree[i] as i64));
            attrs.insert(
                "weighted_degree".into(),
                AttrValue::Float(m.weighted_degree[i]),
            );
            attrs.insert("betweenness".into(), AttrValue::Float(m.betweenness[i]));
            attrs.insert("component".into(), AttrValue::Int(m.component[i] as i64));
            attrs.insert("community".into(), AttrValue::Int(m.community[i] as i64));
        }
    }
}

/// Adds `degree`, `weighted_degree`, `betweenness`, `component` and `community` to the
/// attributes of every person of the co-signature network (see the module documentation).
pub fn annotate(g: &mut KnowledgeGraph) {
    CosignatureMeasures::of(g).apply(g);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<(usize, f64)>> {
        let ids: Vec<String> = (0..n).map(|i| format!("p{i:03}")).collect();
        let e: Vec<(String, String)> = edges
            .iter()
            .map(|&(a, b)| (ids[a].clone(), ids[b].clone()))
            .collect();
        Network::new(ids, e.iter().map(|(a, b)| (a.as_str(), b.as_str(), 1.0))).adj
    }

    /// The textbook Brandes loop (as `betweenness` was first written): scans every neighbour
    /// in both passes, sums the sources in chunks of 32 like `betweenness`.
    fn textbook_betweenness(adj: &[Vec<(usize, f64)>]) -> Vec<f64> {
        let n = adj.len();
        if n < 3 {
            return vec![0.0; n];
        }
        let mut total = vec![0.0; n];
        for lo in (0..n).step_by(32) {
            let mut bc = vec![0.0; n];
            for s in lo..(lo + 32).min(n) {
                let mut sigma = vec![0.0f64; n];
                let mut dist = vec![usize::MAX; n];
                let mut delta = vec![0.0f64; n];
                let mut order = vec![s];
                sigma[s] = 1.0;
                dist[s] = 0;
                let mut head = 0;
                while head < order.len() {
                    let v = order[head];
                    head += 1;
                    for &(w, _) in &adj[v] {
                        if dist[w] == usize::MAX {
                            dist[w] = dist[v] + 1;
                            order.push(w);
                        }
                        if dist[w] == dist[v] + 1 {
                            sigma[w] += sigma[v];
                        }
                    }
                }
                for &w in order.iter().rev() {
                    for &(v, _) in &adj[w] {
                        if dist[v] != usize::MAX && dist[v] + 1 == dist[w] {
                            delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                        }
                    }
                    if w != s {
                        bc[w] += delta[w];
                    }
                }
            }
            for (a, b) in total.iter_mut().zip(bc) {
                *a += b;
            }
        }
        let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        total.iter_mut().for_each(|x| *x *= scale);
        total
    }

    #[test]
    fn betweenness_is_bit_identical_to_the_textbook_loop() {
        // Pseudo-random graphs made of overlapping cliques (like letters' signers), with
        // isolated nodes and several components.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        for n in [3, 5, 31, 33, 64, 97, 200] {
            for _ in 0..3 {
                let mut e = vec![];
                for _ in 0..n / 2 {
                    let k = 2 + next(5);
                    let members: Vec<usize> = (0..k).map(|_| next(n)).collect();
                    for (i, &a) in members.iter().enumerate() {
                        for &b in &members[i + 1..] {
                            e.push((a, b));
                        }
                    }
                }
                let adj = net(n, &e);
                let want = textbook_betweenness(&adj);
                let got = betweenness(&adj);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&got), bits(&want), "n = {n}");
            }
        }
    }

    #[test]
    fn path_betweenness() {
        let adj = net(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
        let b = betweenness(&adj);
        let want = [0.0, 0.5, 4.0 / 6.0, 0.5, 0.0];
        for (x, y) in b.iter().zip(want) {
            assert!((x - y).abs() < 1e-12, "{b:?}");
        }
    }

    #[test]
    fn star_betweenness_and_components() {
        let adj = net(6, &[(0, 1), (0, 2), (0, 3), (4, 5)]);
        let b = betweenness(&adj);
        // centre: 3 pairs of leaves * 2 directions / (5*4)
        assert!((b[0] - 6.0 / 20.0).abs() < 1e-12);
        assert_eq!(components(&adj), vec![0, 0, 0, 0, 1, 1]);
    }

    #[test]
    fn two_cliques_and_a_bridge() {
        let mut e = vec![];
        for a in 0..4 {
            for b in a + 1..4 {
                e.push((a, b));
                e.push((a + 4, b + 4));
            }
        }
        e.push((3, 4));
        let adj = net(8, &e);
        let c = louvain(&adj);
        assert_eq!(c, vec![0, 0, 0, 0, 1, 1, 1, 1]);
        assert!(modularity(&adj, &c) > 0.4);
    }
}
