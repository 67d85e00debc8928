//! Steps 2 and 3 of resolution: spellings that fold to the same letters merge first; then
//! candidate pairs by blocking ([`super::keys`]: only spellings that share a key are compared,
//! oversized blocks are skipped and counted), scored ([`super::score`]); pairs at or above the
//! threshold merge, borderline pairs when they share a letter, prison or document. Merges are
//! applied best first through the constrained union-find; refusals are near misses.

use std::collections::HashMap;

use rayon::prelude::*;

use super::score::{self, PairScore};
use super::{keys, Resolver, Rule, MAX_BLOCK, MAX_WEAK_BLOCK};
use crate::types::EntityType;

/// A merge to try: score (with any context bonus), the two spellings, the rule, the pair's
/// score, and what the context added.
type Candidate = (f32, u32, u32, Rule, PairScore, String);

/// A pair scored below the bar: the two spellings, the score and why.
type Rejected = (u32, u32, PairScore, String);

impl Resolver<'_> {
    /// Steps 2 and 3: same spellings, blocking, scoring, merging.
    pub(super) fn fuzzy(&mut self) {
        let t0 = std::time::Instant::now();
        let (reps, members) = self.spellings();
        self.stats.forms = reps.len();
        let pairs = self.candidate_pairs(&reps);
        let t_block = t0.elapsed().as_secs_f64();
        let scored = self.score_pairs(&reps, &pairs);
        let t_score = t0.elapsed().as_secs_f64();
        self.stats.timings.push(("  spellings+blocking", t_block));
        self.stats.timings.push(("  scoring", t_score - t_block));
        let (cands, rejected) = self.with_context(scored, &members);
        self.merge_best_first(cands, rejected, &reps);
    }

    /// Spellings (type and letters without spaces) merge first; returns one representative per
    /// spelling and cluster, and the members of each.
    fn spellings(&mut self) -> (Vec<usize>, Vec<Vec<usize>>) {
        let n = self.nodes.len();
        // spellings: (type, concat) groups; same spelling merges first
        // sorted by (type, concat, entry, index); the first 16 bytes of the concatenation
        // (zero-padded, big-endian: the same order as the strings) decide most comparisons
        // without reading the nodes
        let nodes = &self.nodes;
        let mut sort_keys: Vec<(EntityType, u128, u32)> = (0..n)
            .into_par_iter()
            .filter(|&i| !nodes[i].partial)
            .map(|i| {
                let c = nodes[i].feat.concat.as_bytes();
                let mut p = [0u8; 16];
                let k = c.len().min(16);
                p[..k].copy_from_slice(&c[..k]);
                (nodes[i].etype, u128::from_be_bytes(p), i as u32)
            })
            .collect();
        sort_keys.par_sort_unstable_by(|x, y| {
            (x.0, x.1).cmp(&(y.0, y.1)).then_with(|| {
                let (a, b) = (&nodes[x.2 as usize], &nodes[y.2 as usize]);
                (&a.feat.concat, a.entry.is_some(), a.entry, x.2).cmp(&(
                    &b.feat.concat,
                    b.entry.is_some(),
                    b.entry,
                    y.2,
                ))
            })
        });
        let order: Vec<usize> = sort_keys.into_iter().map(|k| k.2 as usize).collect();
        let mut reps: Vec<usize> = Vec::new();
        // members of each representative's spelling (same type, concat and cluster)
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut i = 0;
        while i < order.len() {
            let mut j = i + 1;
            let (t, c) = (
                self.nodes[order[i]].etype,
                &self.nodes[order[i]].feat.concat,
            );
            while j < order.len()
                && self.nodes[order[j]].etype == t
                && &self.nodes[order[j]].feat.concat == c
            {
                j += 1;
            }
            let group: Vec<usize> = order[i..j].to_vec();
            for &x in &group[1..] {
                let a = group[0];
                if self.cl.find(a) == self.cl.find(x) {
                    continue;
                }
                match self.cl.union(a, x) {
                    Ok(_) => {
                        if self.nodes[a].name.is_some() || self.nodes[x].name.is_some() {
                            self.record(
                                a,
                                x,
                                Rule::SameSpelling,
                                1.0,
                                "same folded spelling without spaces".into(),
                            );
                        }
                    }
                    Err(r) => {
                        let why = self.refusal(r);
                        self.near_miss(a, x, 1.0, why);
                    }
                }
            }
            // one representative per cluster within the group
            let mut local: Vec<(usize, usize)> = Vec::new();
            for &x in &group {
                let r = self.cl.find(x);
                match local.iter().position(|&(rr, _)| rr == r) {
                    Some(p) => members[local[p].1].push(x),
                    None => {
                        local.push((r, reps.len()));
                        reps.push(x);
                        members.push(vec![x]);
                    }
                }
            }
            i = j;
        }
        (reps, members)
    }

    /// Pairs of representatives (indices into `reps`, smaller first, sorted) that share a
    /// blocking key, skipping oversized blocks, pairs already together and pairs of different
    /// gazetteer entries (each counted in the stats).
    fn candidate_pairs(&mut self, reps: &[usize]) -> Vec<(u32, u32)> {
        // blocking: every (key, spelling) as a 64-bit hash of the type and key (the low bit
        // says whether it is a strong key), sorted; runs of one hash are blocks
        let nodes = &self.nodes;
        let mut flat: Vec<(u64, u32)> = reps
            .par_iter()
            .enumerate()
            .fold(
                || (keys::KeyScratch::default(), Vec::new()),
                |(mut scratch, mut v), (ri, &x)| {
                    let t = nodes[x].etype;
                    keys::for_each_blocking_key(&nodes[x].feat, &mut scratch, |k| {
                        v.push((key_hash(t, k), ri as u32))
                    });
                    (scratch, v)
                },
            )
            .map(|(_, v)| v)
            .reduce(Vec::new, |mut a, mut b| {
                a.append(&mut b);
                a
            });
        flat.par_sort_unstable();
        // Two spellings already holding different gazetteer entries can never merge: not
        // compared (counted in `Stats::entry_pairs_skipped`).
        let rep_entry: Vec<Option<usize>> = reps
            .iter()
            .map(|&x| {
                let e = self.cl.entries(x);
                (e.len() == 1).then(|| e[0])
            })
            .collect();
        // spellings already in one cluster (a gazetteer name and its alias) need no score
        let rep_root: Vec<usize> = reps.iter().map(|&x| self.cl.find(x)).collect();
        let nodes = &self.nodes;
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut skipped = Vec::new();
        let mut entry_pairs = 0usize;
        let mut nblocks = 0usize;
        let mut i = 0;
        while i < flat.len() {
            let h = flat[i].0;
            let mut j = i + 1;
            while j < flat.len() && flat[j].0 == h {
                j += 1;
            }
            nblocks += 1;
            let v = &flat[i..j];
            i = j;
            if v.len() < 2 {
                continue;
            }
            let cap = if h & 1 == 1 {
                MAX_BLOCK
            } else {
                MAX_WEAK_BLOCK
            };
            if v.len() > cap {
                let x = reps[v[0].1 as usize];
                let t = nodes[x].etype;
                let k = keys::blocking_keys(&nodes[x].feat)
                    .into_iter()
                    .find(|k| key_hash(t, k) == h)
                    .unwrap_or_default();
                skipped.push((format!("{t}/{k}"), v.len()));
                continue;
            }
            for (p, &(_, a)) in v.iter().enumerate() {
                for &(_, b) in &v[p + 1..] {
                    let (na, nb) = (&nodes[reps[a as usize]], &nodes[reps[b as usize]]);
                    if na.name.is_none() && nb.name.is_none() {
                        continue;
                    }
                    if rep_root[a as usize] == rep_root[b as usize] {
                        continue;
                    }
                    if let (Some(x), Some(y)) = (rep_entry[a as usize], rep_entry[b as usize]) {
                        if x != y {
                            entry_pairs += 1;
                            continue;
                        }
                    }
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
        self.stats.blocks = nblocks;
        drop(flat);
        skipped.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.stats.skipped_blocks = skipped;
        pairs.par_sort_unstable();
        pairs.dedup();
        self.stats.candidate_pairs = pairs.len();
        self.stats.entry_pairs_skipped = entry_pairs;
        pairs
    }

    /// Every candidate pair's score, when it is at least near the borderline (parallel; the
    /// order of the results is the order of `pairs`).
    fn score_pairs(&self, reps: &[usize], pairs: &[(u32, u32)]) -> Vec<(u32, u32, PairScore)> {
        let nodes = &self.nodes;
        pairs
            .par_iter()
            .filter_map(|&(a, b)| {
                let (x, y) = (&nodes[reps[a as usize]], &nodes[reps[b as usize]]);
                let s =
                    score::score_pair_at_least(x.etype, &x.feat, &y.feat, score::BORDERLINE - 0.1)?;
                Some((a, b, s))
            })
            .collect()
    }

    /// The pairs to merge (accepted, or borderline with a shared letter, prison or document) and
    /// the rejected ones.
    fn with_context(
        &self,
        scored: Vec<(u32, u32, PairScore)>,
        members: &[Vec<usize>],
    ) -> (Vec<Candidate>, Vec<Rejected>) {
        let nodes = &self.nodes;
        // context for borderline pairs
        let mut together: HashMap<usize, Vec<u32>> = HashMap::new();
        for (g, group) in self.input.together.iter().enumerate() {
            for &x in group {
                together.entry(x).or_default().push(g as u32);
            }
        }
        let ctx_of = |ri: u32| -> (Vec<u32>, Vec<u32>) {
            let mut docs = Vec::new();
            let mut groups = Vec::new();
            for &m in &members[ri as usize] {
                if let Some(nm) = nodes[m].name {
                    docs.extend(self.input.names[nm].docs.iter().map(|d| d.0));
                    if let Some(g) = together.get(&nm) {
                        groups.extend(g.iter().copied());
                    }
                }
            }
            docs.sort_unstable();
            docs.dedup();
            groups.sort_unstable();
            groups.dedup();
            (docs, groups)
        };
        let mut cands: Vec<Candidate> = Vec::new();
        let mut rejected: Vec<Rejected> = Vec::new();
        for (a, b, s) in scored {
            if s.accepted() {
                cands.push((s.score, a, b, Rule::Fuzzy, s, String::new()));
                continue;
            }
            if s.score >= score::BORDERLINE {
                let (da, ga) = ctx_of(a);
                let (db, gb) = ctx_of(b);
                let (bonus, why) = if intersects(&ga, &gb) {
                    (score::TOGETHER_BONUS, "share a letter or prison")
                } else if intersects(&da, &db) {
                    (score::SAME_DOC_BONUS, "share a document")
                } else {
                    (0.0, "")
                };
                if s.score + bonus >= score::THRESHOLD {
                    let w = format!("; +{bonus} because they {why}");
                    cands.push((s.score + bonus, a, b, Rule::FuzzyWithContext, s, w));
                    continue;
                }
            }
            let reason = s.reason.clone();
            rejected.push((a, b, s, reason));
        }
        (cands, rejected)
    }

    /// Merges the candidates best first (a refused union is a near miss); the rejected pairs not
    /// merged by then are near misses.
    fn merge_best_first(
        &mut self,
        mut cands: Vec<Candidate>,
        rejected: Vec<Rejected>,
        reps: &[usize],
    ) {
        cands.sort_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then(x.4.cost.total_cmp(&y.4.cost))
                .then(x.4.raw.cmp(&y.4.raw))
                .then(y.4.jw.total_cmp(&x.4.jw))
                .then((x.1, x.2).cmp(&(y.1, y.2)))
        });
        for (sc, a, b, rule, s, extra) in cands {
            let (x, y) = (reps[a as usize], reps[b as usize]);
            if self.cl.find(x) == self.cl.find(y) {
                continue;
            }
            match self.cl.union(x, y) {
                Ok(_) => {
                    self.stats.fuzzy_merges += 1;
                    let d = format!("{}{extra}", s.detail());
                    self.record(x, y, rule, sc, d);
                }
                Err(r) => {
                    let why = format!("{} ({})", self.refusal(r), s.detail());
                    self.near_miss(x, y, sc, why);
                }
            }
        }
        for (a, b, s, reason) in rejected {
            let (x, y) = (reps[a as usize], reps[b as usize]);
            if self.cl.find(x) == self.cl.find(y) {
                continue;
            }
            self.near_miss(x, y, s.score, format!("{reason} ({})", s.detail()));
        }
    }
}

/// The hash of a blocking key of a type: 64 bits, the low bit set for a strong key.
fn key_hash(t: EntityType, k: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (t, k).hash(&mut h);
    let strong = k.starts_with("s:") || k.starts_with("r:");
    (h.finish() & !1) | u64::from(strong)
}

fn intersects(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}
