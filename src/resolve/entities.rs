//! Step 5 of resolution, entities: each cluster holding an input name becomes an entity with a
//! canonical name (the gazetteer's, else the most complete frequent form) and a stable id
//! (gazetteer ids first, collisions numbered); every name gets its entity (per document for a
//! partial name), and merges and near misses their entities, for [`super::explain()`].

use std::collections::HashMap;

use super::cluster::Clusters;
use super::partial::{DocRoots, Partial};
use super::{Assignment, Merge, NameInput, NearMiss, Node, Resolution, ResolvedEntity, Resolver};
use crate::types::{slug, EntityType, Source};

/// An entity before its id is settled.
struct Draft {
    root: usize,
    etype: EntityType,
    name: String,
    entry: Option<usize>,
    base: String,
    key: String,
    names: Vec<usize>,
}

impl Resolver<'_> {
    /// Step 5: the entities, and each name's.
    pub(super) fn finish(mut self, partial: Partial) -> Resolution {
        let n = self.nodes.len();
        let names = self.input.names;
        let roots: Vec<usize> = (0..n).map(|i| self.cl.find(i)).collect();
        let partial_of: HashMap<usize, &Option<DocRoots>> =
            partial.per_node.iter().map(|(p, v)| (*p, v)).collect();
        let clusters = clusters(names.len(), &roots, &partial_of);
        let mut drafts = self.drafts(clusters);
        let ids = unique_ids(&mut drafts);
        let mut order: Vec<usize> = (0..drafts.len()).collect();
        order.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
        let mut entity_of_root: HashMap<usize, usize> = HashMap::new();
        let mut entities = Vec::with_capacity(drafts.len());
        for (ei, &k) in order.iter().enumerate() {
            let d = &drafts[k];
            entity_of_root.insert(d.root, ei);
            entities.push(ResolvedEntity {
                id: ids[k].clone(),
                etype: d.etype,
                name: d.name.clone(),
                source: if d.entry.is_some() {
                    Source::Gazetteer
                } else {
                    Source::Rule
                },
                entry: d.entry,
                names: d.names.clone(),
            });
        }
        // assignments
        let mut assign = vec![Assignment::Unresolved; names.len()];
        for (i, a) in assign.iter_mut().enumerate() {
            *a = match partial_of.get(&i) {
                Some(Some(v)) => {
                    let mut per: Vec<(u32, usize)> =
                        v.iter().map(|&(d, r)| (d, entity_of_root[&r])).collect();
                    per.sort_unstable();
                    let all_docs = per.len() == names[i].docs.len();
                    if per.is_empty() {
                        Assignment::Unresolved
                    } else if all_docs && per.iter().all(|x| x.1 == per[0].1) {
                        Assignment::All(per[0].1)
                    } else {
                        Assignment::PerDoc(per)
                    }
                }
                _ => Assignment::All(entity_of_root[&roots[i]]),
            };
        }
        let ent = |x: usize| entity_of_root.get(&roots[x]).copied();
        let merges: Vec<Merge> = std::mem::take(&mut self.merges)
            .into_iter()
            .map(|(a, b, mut m)| {
                m.entity = if self.nodes[a].partial {
                    entity_of_root.get(&b).copied().or_else(|| ent(b))
                } else {
                    ent(a)
                };
                m
            })
            .collect();
        let near_misses: Vec<NearMiss> = std::mem::take(&mut self.near)
            .into_iter()
            .map(|(a, b, mut m)| {
                m.entity_a = ent(a);
                m.entity_b = entity_of_root.get(&b).copied().or_else(|| ent(b));
                m
            })
            .collect();
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        diagnostics.sort();
        // hundreds of thousands of small strings: freed off the caller's path
        let nodes = std::mem::take(&mut self.nodes);
        let cl = std::mem::replace(&mut self.cl, Clusters::new(0));
        std::thread::spawn(move || drop((nodes, cl)));
        Resolution {
            entities,
            assign,
            diagnostics,
            merges,
            near_misses,
            stats: std::mem::take(&mut self.stats),
        }
    }

    /// A draft entity per cluster: type, name, base id and a key that orders drafts of one base.
    fn drafts(&mut self, clusters: Vec<(usize, Vec<usize>)>) -> Vec<Draft> {
        let names = self.input.names;
        let g = self.input.gazetteer;
        let mut drafts: Vec<Draft> = Vec::with_capacity(clusters.len());
        for (root, mut ms) in clusters {
            ms.sort_unstable();
            ms.dedup();
            let entry = self.cl.entries(root).first().copied();
            let etype = names[ms[0]].etype;
            let name = match entry {
                Some(e) => g.entries[e].name.clone(),
                None => canonical_name(names, &ms, &self.nodes),
            };
            let base = match entry {
                Some(e) => g.entries[e].node_id(),
                None => format!("{}:{}", etype.id_prefix(), slug(&name)),
            };
            let key = ms
                .iter()
                .map(|&i| &self.nodes[i].feat.folded)
                .min()
                .cloned()
                .unwrap_or_default();
            drafts.push(Draft {
                root,
                etype,
                name,
                entry,
                base,
                key,
                names: ms,
            });
        }
        drafts
    }
}

/// The clusters holding an input name, with their names (a partial name in the clusters it
/// joined), sorted by root.
fn clusters(
    names: usize,
    roots: &[usize],
    partial_of: &HashMap<usize, &Option<DocRoots>>,
) -> Vec<(usize, Vec<usize>)> {
    // clusters holding an input name, with their names
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &root) in roots.iter().enumerate().take(names) {
        match partial_of.get(&i) {
            Some(Some(v)) => {
                let mut rs: Vec<usize> = v.iter().map(|x| x.1).collect();
                rs.sort_unstable();
                rs.dedup();
                for r in rs {
                    members.entry(r).or_default().push(i);
                }
            }
            _ => members.entry(root).or_default().push(i),
        }
    }
    let mut clusters: Vec<(usize, Vec<usize>)> = members.into_iter().collect();
    clusters.sort_unstable();
    clusters
}

/// The id of each draft: gazetteer ids first, then rule ids in a stable order; collisions get
/// -2, -3, ... The drafts are sorted in that order.
fn unique_ids(drafts: &mut [Draft]) -> Vec<String> {
    drafts.sort_by(|a, b| {
        (a.entry.is_none(), &a.base, &a.key, a.root).cmp(&(
            b.entry.is_none(),
            &b.base,
            &b.key,
            b.root,
        ))
    });
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut ids: Vec<String> = Vec::with_capacity(drafts.len());
    for d in drafts.iter() {
        let mut id = d.base.clone();
        let mut k = 2;
        while used.contains(&id) {
            id = format!("{}-{k}", d.base);
            k += 1;
        }
        used.insert(id.clone());
        ids.push(id);
    }
    ids
}

/// The most complete of the frequent forms: among full names (not a lone surname) mentioned at
/// least a quarter as often as the most frequent one, prefer mixed case, then most tokens,
/// then most mentions, then the smallest string.
fn canonical_name(names: &[NameInput], ms: &[usize], nodes: &[Node]) -> String {
    let count = |i: usize| -> u64 { names[i].docs.iter().map(|d| d.1 as u64).sum() };
    let full: Vec<usize> = ms.iter().copied().filter(|&i| !nodes[i].partial).collect();
    let pool = if full.is_empty() { ms.to_vec() } else { full };
    let max = pool.iter().map(|&i| count(i)).max().unwrap_or(0);
    let mixed =
        |s: &str| s.chars().any(|c| c.is_lowercase()) && s.chars().any(|c| c.is_uppercase());
    pool.iter()
        .copied()
        .filter(|&i| count(i) * 4 >= max)
        .min_by(|&a, &b| {
            let (sa, sb) = (&names[a].surface, &names[b].surface);
            (
                !mixed(sa),
                std::cmp::Reverse(nodes[a].feat.tokens.len()),
                std::cmp::Reverse(count(a)),
                sa,
            )
                .cmp(&(
                    !mixed(sb),
                    std::cmp::Reverse(nodes[b].feat.tokens.len()),
                    std::cmp::Reverse(count(b)),
                    sb,
                ))
        })
        .map(|i| names[i].surface.trim().to_string())
        .unwrap_or_default()
}
