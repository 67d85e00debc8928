//! Step 4 of resolution, partial names: a person's single name (a surname, `Assad`, `Moezi`)
//! joins the one full-name entity of its document (else of the corpus) whose surname matches;
//! failing that, a given name alone (`Narges`) joins the one full name of its document that
//! starts with it (never across documents); several candidates leave it unresolved, with a
//! diagnostic. A compound surname mentioned alone joins the one longer full name ending in it in
//! its documents.

use std::cell::OnceCell;
use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::{score, Node, Resolver, Rule, DIAG_PATH};
use crate::error::Diagnostic;
use crate::types::EntityType;

impl Resolver<'_> {
    /// A name of several tokens standing alone (no entry, nothing merged with it) that is the
    /// tail of exactly one longer full name in each of its documents is a compound surname
    /// mentioned alone (`Akbari Monfared` for `Reza Akbari Monfared`): it joins that name
    /// there. Only within documents, and only when every document has such a name.
    fn compound_surnames(&mut self, in_doc: &HashMap<u32, Vec<usize>>, out: &mut Partial) {
        let n = self.nodes.len();
        let mut size: Vec<u32> = vec![0; n];
        for i in 0..n {
            size[self.cl.find(i)] += 1;
        }
        let mut long: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..n {
            let nd = &self.nodes[i];
            if nd.etype == EntityType::Person && nd.feat.tokens.len() >= 3 {
                long.entry(self.cl.find(i)).or_default().push(i);
            }
        }
        let mut found: Vec<(usize, Vec<(u32, usize)>)> = Vec::new();
        for c in 0..self.input.names.len() {
            let nd = &self.nodes[c];
            let k = nd.feat.tokens.len();
            if nd.etype != EntityType::Person || nd.entry.is_some() || nd.partial || k < 2 {
                continue;
            }
            let own = self.cl.find(c);
            if size[own] != 1 {
                continue;
            }
            let mut per = Vec::new();
            for &(d, _) in &self.input.names[c].docs {
                let cands: Vec<usize> = in_doc
                    .get(&d)
                    .map(|v| v.as_slice())
                    .unwrap_or(&[])
                    .iter()
                    .copied()
                    .filter(|&r| r != own)
                    .filter(|r| {
                        long.get(r).is_some_and(|v| {
                            v.iter().any(|&m| {
                                let p = &self.nodes[m].feat.phon;
                                p.len() > k && p[p.len() - k..] == nd.feat.phon[..]
                            })
                        })
                    })
                    .collect();
                if cands.len() != 1 {
                    break;
                }
                per.push((d, cands[0]));
            }
            if per.len() == self.input.names[c].docs.len() && !per.is_empty() {
                found.push((c, per));
            }
        }
        for (c, per) in found {
            self.nodes[c].partial = true;
            let mut roots: Vec<usize> = per.iter().map(|x| x.1).collect();
            roots.sort_unstable();
            roots.dedup();
            for r in roots {
                let d = format!(
                    "compound surname alone: the only longer full name ending in it in its document(s) ({} documents)",
                    per.len()
                );
                self.record(c, r, Rule::SurnameInDocument, 1.0, d);
            }
            self.stats.partial_names += 1;
            self.stats.partial_resolved_docs += per.len();
            out.per_node.push((c, Some(per)));
        }
    }
}

/// `(document, cluster root)` pairs of a partial name.
pub(super) type DocRoots = Vec<(u32, usize)>;

/// Where the partial names went: per node, `(doc, root)` pairs, or its own entity.
pub(super) struct Partial {
    /// For each partial node: `Some(list)` when it joined full names in some documents,
    /// `None` when it stands alone (no candidate anywhere).
    pub(super) per_node: Vec<(usize, Option<DocRoots>)>,
}

/// What partial names are matched against: the surnames of every person cluster holding a full
/// name (exact and phonetic, by cluster root), the clusters by surname, the people in each
/// document, and the full names of each cluster for their given names.
struct Surnames<'s> {
    /// By cluster root: (surname, phonetic surname) of its full names.
    of: &'s [Vec<(String, String)>],
    by_last: HashMap<&'s str, Vec<usize>>,
    by_phon: HashMap<&'s str, Vec<usize>>,
    /// By document: the roots of the people named in it in full.
    in_doc: HashMap<u32, Vec<usize>>,
    /// By cluster root: its full names (node indices), built when a single name first needs
    /// them ([`Resolver::given_names`]).
    given: OnceCell<FxHashMap<usize, Vec<u32>>>,
}

impl Resolver<'_> {
    /// Step 4: where each partial name goes.
    pub(super) fn partial_names(&mut self) -> Partial {
        let n = self.nodes.len();
        let partials: Vec<usize> = (0..n).filter(|&i| self.nodes[i].partial).collect();
        self.stats.partial_names = partials.len();
        let mut out = Partial {
            per_node: Vec::new(),
        };
        let surnames = self.surnames();
        let known = self.surname_index(&surnames);
        self.compound_surnames(&known.in_doc, &mut out);
        let mut labels: HashMap<usize, String> = HashMap::new();
        let mut to_record: Vec<(usize, usize, Rule, String)> = Vec::new();
        for &p in &partials {
            let placed = self.place_partial(p, &known, &mut labels, &mut to_record);
            out.per_node.push((p, placed));
        }
        self.record_partial_merges(to_record);
        out
    }

    /// The surnames (and their phonetic forms) of each person cluster holding a full name of
    /// the corpus, by cluster root.
    fn surnames(&mut self) -> Vec<Vec<(String, String)>> {
        let n = self.nodes.len();
        // surnames of every person cluster holding a full name of the corpus
        let mut has_real: Vec<bool> = vec![false; n];
        for i in 0..n {
            let nd = &self.nodes[i];
            if nd.name.is_some() && !nd.partial && nd.etype == EntityType::Person {
                let r = self.cl.find(i);
                has_real[r] = true;
            }
        }
        let mut surnames: Vec<Vec<(String, String)>> = vec![Vec::new(); n];
        for i in 0..n {
            let nd = &self.nodes[i];
            if nd.partial || nd.etype != EntityType::Person || nd.feat.tokens.len() < 2 {
                continue;
            }
            let r = self.cl.find(i);
            if !has_real[r] {
                continue;
            }
            let last = nd.feat.last().to_string();
            let lp = nd.feat.phon.last().cloned().unwrap_or_default();
            let v = &mut surnames[r];
            if !v.iter().any(|(l, _)| *l == last) {
                v.push((last, lp));
            }
        }
        surnames
    }

    /// The clusters by surname, and the people present in each document.
    fn surname_index<'s>(&mut self, surnames: &'s [Vec<(String, String)>]) -> Surnames<'s> {
        let n = self.nodes.len();
        let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_phon: HashMap<&str, Vec<usize>> = HashMap::new();
        for (r, v) in surnames.iter().enumerate() {
            for (l, p) in v {
                by_last.entry(l.as_str()).or_default().push(r);
                by_phon.entry(p.as_str()).or_default().push(r);
            }
        }
        for v in by_last.values_mut().chain(by_phon.values_mut()) {
            v.sort_unstable();
            v.dedup();
        }
        // people (full names) present in each document
        let mut in_doc: HashMap<u32, Vec<usize>> = HashMap::new();
        for i in 0..n {
            let nd = &self.nodes[i];
            if let Some(nm) = nd.name {
                if nd.partial || nd.etype != EntityType::Person {
                    continue;
                }
                let r = self.cl.find(i);
                if surnames[r].is_empty() {
                    continue;
                }
                for &(d, _) in &self.input.names[nm].docs {
                    in_doc.entry(d).or_default().push(r);
                }
            }
        }
        for v in in_doc.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        Surnames {
            of: surnames,
            by_last,
            by_phon,
            in_doc,
            given: OnceCell::new(),
        }
    }

    /// The full names of the input (node indices) per cluster root, for their given names.
    fn given_names(&self) -> FxHashMap<usize, Vec<u32>> {
        let mut given: FxHashMap<usize, Vec<u32>> = Default::default();
        for i in 0..self.input.names.len().min(self.nodes.len()) {
            let nd = &self.nodes[i];
            if nd.partial || nd.etype != EntityType::Person || nd.feat.tokens.len() < 2 {
                continue;
            }
            given.entry(self.cl.root(i)).or_default().push(i as u32);
        }
        given
    }

    /// The people partial name `t` (phonetic `tp`) may be in document `d`, the rule and how
    /// they matched: a surname of the document ([`in_document`]), else a given name of the
    /// document ([`given_name_candidates`]), else a surname of the corpus ([`in_corpus`]).
    fn candidates(
        &self,
        known: &Surnames,
        d: u32,
        t: &str,
        tp: &str,
    ) -> (Vec<usize>, Rule, &'static str) {
        if let Some((cands, how)) = in_document(known, d, t, tp) {
            return (cands, Rule::SurnameInDocument, how);
        }
        let present = known.in_doc.get(&d).map(|v| v.as_slice()).unwrap_or(&[]);
        let given = known.given.get_or_init(|| self.given_names());
        let by_given = given_name_candidates(given, &self.nodes, present, t, tp);
        if !by_given.is_empty() {
            return (by_given, Rule::GivenNameInDocument, "same given name");
        }
        in_corpus(known, t, tp)
    }

    /// Where partial name `p` goes in each of its documents: `Some` of the documents where one
    /// person fits (the merges to record are added to `to_record`), `None` when no one fits
    /// anywhere. Documents where several fit are reported.
    fn place_partial(
        &mut self,
        p: usize,
        known: &Surnames,
        labels: &mut HashMap<usize, String>,
        to_record: &mut Vec<(usize, usize, Rule, String)>,
    ) -> Option<DocRoots> {
        let t = self.nodes[p].feat.tokens[0].clone();
        let tp = self.nodes[p].feat.phon[0].clone();
        let nm = self.nodes[p].name.unwrap();
        let mut assigned: Vec<(u32, usize)> = Vec::new();
        let mut ambiguous: Vec<(u32, Vec<usize>)> = Vec::new();
        let mut any_candidate = false;
        for &(d, _) in &self.input.names[nm].docs {
            let (cands, rule, how) = self.candidates(known, d, &t, &tp);
            if cands.is_empty() {
                continue;
            }
            any_candidate = true;
            if cands.len() == 1 {
                assigned.push((d, cands[0]));
                let where_ = if rule != Rule::SurnameInCorpus {
                    format!("the only full name in document {d} with the")
                } else {
                    format!("no full name in document {d}; the only one in the corpus with the")
                };
                to_record.push((p, cands[0], rule, format!("{where_} {how}")));
            } else if let Some(r) = self.antecedent_among(nm, d, &cands) {
                assigned.push((d, r));
                let how = format!(
                    "the full name in document {d} last given before it, of {} with the {how}",
                    cands.len()
                );
                to_record.push((p, r, rule, how));
            } else {
                ambiguous.push((d, cands));
            }
        }
        self.stats.partial_resolved_docs += assigned.len();
        self.stats.partial_ambiguous_docs += ambiguous.len();
        self.report_ambiguous(p, nm, &ambiguous, labels);
        (any_candidate).then_some(assigned)
    }

    /// The cluster among `cands` of the full name that document `d` gave last before partial
    /// name `nm` ([`super::ResolveInput::antecedents`]).
    fn antecedent_among(&self, nm: usize, d: u32, cands: &[usize]) -> Option<usize> {
        let ants = self.input.antecedents;
        let i = ants.partition_point(|a| (a.name, a.doc) < (nm, d));
        let a = ants.get(i).filter(|a| (a.name, a.doc) == (nm, d))?;
        let r = self.cl.root(a.full);
        cands.contains(&r).then_some(r)
    }

    /// A diagnostic and near misses for a partial name that fits several people in some
    /// documents (the first such document is shown).
    fn report_ambiguous(
        &mut self,
        p: usize,
        nm: usize,
        ambiguous: &[(u32, Vec<usize>)],
        labels: &mut HashMap<usize, String>,
    ) {
        if !ambiguous.is_empty() {
            let (d, c) = &ambiguous[0];
            let names: Vec<String> = c
                .iter()
                .take(4)
                .map(|&r| {
                    labels
                        .entry(r)
                        .or_insert_with(|| self.nodes[r].label.clone())
                        .clone()
                })
                .collect();
            self.diagnostics.push(Diagnostic {
                path: DIAG_PATH.into(),
                line: None,
                message: format!(
                    "partial name `{}` fits several people in {} document(s), left unresolved there (document {d}: {}{})",
                    self.input.names[nm].surface,
                    ambiguous.len(),
                    names.join(", "),
                    if c.len() > 4 { ", ..." } else { "" }
                ),
            });
            for &r in c.iter().take(4) {
                self.near_miss(
                    p,
                    r,
                    0.0,
                    format!("partial name with {} candidates in document {d}", c.len()),
                );
            }
        }
    }

    /// Merge records: one per (partial, entity, rule), with its document count.
    fn record_partial_merges(&mut self, mut to_record: Vec<(usize, usize, Rule, String)>) {
        to_record.sort();
        let mut k = 0;
        while k < to_record.len() {
            let mut j = k + 1;
            while j < to_record.len()
                && to_record[j].0 == to_record[k].0
                && to_record[j].1 == to_record[k].1
                && to_record[j].2 == to_record[k].2
            {
                j += 1;
            }
            let (p, r, rule, ref d) = to_record[k];
            let d = if j - k > 1 {
                format!("{d} (and {} more documents)", j - k - 1)
            } else {
                d.clone()
            };
            self.record(p, r, rule, 1.0, d);
            k = j;
        }
    }
}

/// The people a partial name `t` (phonetic `tp`) may be in document `d` by their surname: the
/// first tier that has any (same surname, same phonetic surname, close surname, among the people
/// of the document), with how they matched; `None` when no tier has any.
fn in_document(known: &Surnames, d: u32, t: &str, tp: &str) -> Option<(Vec<usize>, &'static str)> {
    let surnames = known.of;
    let present = known.in_doc.get(&d).map(|v| v.as_slice()).unwrap_or(&[]);
    let close = |r: &usize| {
        surnames[*r].iter().any(|(l, lp)| {
            let bud = score::budget(EntityType::Person, t.len().max(l.len()));
            let (c, _) = score::group_cost_bounded(t, l, tp, lp, bud.ceil() as usize);
            // a surname with an ending is another one (Bahramian / Bahrami)
            c <= bud && score::firm(false, (t, l), (tp, lp), c, bud).is_none()
        })
    };
    let mut tiers: [Vec<usize>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    tiers[0] = present
        .iter()
        .copied()
        .filter(|r| surnames[*r].iter().any(|(l, _)| *l == t))
        .collect();
    if tiers[0].is_empty() {
        tiers[1] = present
            .iter()
            .copied()
            .filter(|r| surnames[*r].iter().any(|(_, lp)| *lp == tp))
            .collect();
    }
    if tiers[0].is_empty() && tiers[1].is_empty() {
        tiers[2] = present.iter().copied().filter(close).collect();
    }
    let tier_names = ["same surname", "same surname (phonetic)", "close surname"];
    let hit = tiers.iter().position(|v| !v.is_empty())?;
    Some((std::mem::take(&mut tiers[hit]), tier_names[hit]))
}

/// The people of a document (cluster roots in `present`) whose full name starts with the
/// single name `t` (phonetic form `tp`): spelled the same or the same phonetically, never
/// merely close (`Hamid` / `Majid`).
fn given_name_candidates(
    given: &FxHashMap<usize, Vec<u32>>,
    nodes: &[Node],
    present: &[usize],
    t: &str,
    tp: &str,
) -> Vec<usize> {
    present
        .iter()
        .copied()
        .filter(|r| {
            given.get(r).is_some_and(|v| {
                v.iter().any(|&i| {
                    let f = &nodes[i as usize].feat;
                    f.tokens[0] == t || f.phon[0] == tp
                })
            })
        })
        .collect()
}

/// The people of the corpus with the surname `t` (else the phonetic surname `tp`), for a partial
/// name no one of its document fits.
fn in_corpus(known: &Surnames, t: &str, tp: &str) -> (Vec<usize>, Rule, &'static str) {
    let c1 = known.by_last.get(t).cloned().unwrap_or_default();
    if !c1.is_empty() {
        (c1, Rule::SurnameInCorpus, "same surname")
    } else {
        let c2 = known.by_phon.get(tp).cloned().unwrap_or_default();
        (c2, Rule::SurnameInCorpus, "same surname (phonetic)")
    }
}
