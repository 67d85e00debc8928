//! The graph stage: the knowledge graph built from the products of the analysis
//! ([`Analysis`]): a node per entity found in the text (with its surfaces, documents, rules
//! and first evidence per document), per event and per letter, and the relations between them
//! (`LOCATED_IN`, `ORGANIZED_BY`, `SIGNED`, `WRITTEN_IN`, `ADDRESSED_TO`, `PUBLISHED_BY`,
//! `HELD_IN`, `CO_SIGNED`). Nodes and edges are pushed in a fixed order (entities, events,
//! letters, then the relations gathered over letters); [`KnowledgeGraph::from_parts`] sorts them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{AttrValue, Edge, KnowledgeGraph, Node};
use crate::analysis::Analysis;
use crate::extract::Rule;
use crate::gazetteer::Gazetteer;
use crate::resolve::ResolvedEntity;
use crate::structure::{Letter, Recipient};
use crate::types::{EntityType, Evidence, Source};

/// Builds the knowledge graph from the products of the stages.
pub fn build_graph(a: &Analysis, gaz: &Gazetteer) -> KnowledgeGraph {
    let mut b = Builder {
        a,
        names: a.docs.iter().map(|d| d.name.as_str().into()).collect(),
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let present = b.entities(gaz);
    b.events(&present);
    b.letters();
    KnowledgeGraph::from_parts(b.nodes, b.edges)
}

/// Per entity: surfaces (name indices, sorted and deduplicated later), documents (in order,
/// each once), mentions, the first span in each document, rules (each once).
#[derive(Default)]
struct Acc {
    surfaces: Vec<u32>,
    documents: Vec<u32>,
    mentions: u64,
    first: Vec<(u32, u32, u32)>,
    rules: Vec<Rule>,
}

/// A co-signing pair gathers its letters (indices), the earliest date and the evidence of both
/// signers in each letter.
type CoSigned<'a> = (Vec<usize>, Option<&'a str>, Vec<Evidence>);

/// The nodes and edges as they are made.
struct Builder<'a> {
    a: &'a Analysis,
    /// One shared copy of each document name for all the evidence that cites it.
    names: Vec<Arc<str>>,
    nodes: Vec<Node>,
    edges: Vec<(String, String, Edge)>,
}

impl<'a> Builder<'a> {
    fn doc_name(&self, d: u32) -> Arc<str> {
        self.names[d as usize].clone()
    }

    fn ev(&self, (d, s, e): (u32, usize, usize)) -> Evidence {
        Evidence {
            document: self.doc_name(d),
            start: s,
            end: e,
        }
    }

    /// A node per entity with mentions, and `LOCATED_IN` from a prison to its gazetteer city.
    /// Returns which entities have a node.
    fn entities(&mut self, gaz: &Gazetteer) -> Vec<bool> {
        let a = self.a;
        let ents = &a.resolution.entities;
        let mut acc = per_entity(a);
        // The first entity of each gazetteer entry id, for the cities of prisons.
        let mut by_entry_id: HashMap<&str, usize> = HashMap::new();
        for (i, e) in ents.iter().enumerate() {
            if let Some(k) = e.entry {
                by_entry_id.entry(gaz.entries[k].id.as_str()).or_insert(i);
            }
        }
        let present: Vec<bool> = acc.iter().map(|x| x.mentions > 0).collect();
        for (i, e) in ents.iter().enumerate() {
            if !present[i] {
                continue;
            }
            let node = self.entity_node(e, &mut acc[i], gaz);
            self.nodes.push(node);
            // A prison is located in its gazetteer city, when that city is in the graph.
            if let Some(en) = e.entry.map(|k| &gaz.entries[k]) {
                if let Some(city) = en.attrs.get("city") {
                    if let Some(&ci) = by_entry_id.get(city.as_str()) {
                        if present[ci] && ci != i {
                            self.edges.push((
                                e.id.clone(),
                                ents[ci].id.clone(),
                                edge("LOCATED_IN", 1.0, Vec::new(), None, Vec::new()),
                            ));
                        }
                    }
                }
            }
        }
        present
    }

    /// The node of an entity, from what its mentions gathered (its first spans are given back).
    fn entity_node(&self, e: &ResolvedEntity, x: &mut Acc, gaz: &Gazetteer) -> Node {
        let mut evidence: Vec<Evidence> = x
            .first
            .iter()
            .map(|&(d, s, e)| Evidence {
                document: self.doc_name(d),
                start: s as usize,
                end: e as usize,
            })
            .collect();
        x.first = Vec::new();
        first_per_doc(&mut evidence);
        x.surfaces.sort_unstable();
        x.surfaces.dedup();
        let mut surfaces: Vec<String> = x
            .surfaces
            .iter()
            .map(|&n| self.a.names[n as usize].surface.clone())
            .collect();
        surfaces.sort();
        surfaces.dedup();
        let mut attrs = BTreeMap::new();
        let mut aliases = Vec::new();
        if let Some(en) = e.entry.map(|k| &gaz.entries[k]) {
            aliases = en.aliases.clone();
            aliases.sort();
            for (k, v) in &en.attrs {
                if k == "ambiguous" {
                    continue;
                }
                let val = match v.parse::<i64>() {
                    Ok(n) if k == "population" => AttrValue::Int(n),
                    _ => AttrValue::Str(v.clone()),
                };
                attrs.insert(k.clone(), val);
            }
        }
        let mut rules: Vec<&str> = x.rules.iter().map(|r| r.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        attrs.insert(
            "rules".into(),
            AttrValue::List(rules.iter().map(|s| s.to_string()).collect()),
        );
        let mut docs: Vec<std::sync::Arc<str>> =
            x.documents.iter().map(|&d| self.doc_name(d)).collect();
        docs.sort();
        Node {
            id: e.id.clone(),
            label: e.name.clone(),
            entity_type: e.etype,
            surfaces,
            aliases,
            documents: docs,
            mentions: x.mentions,
            source: e.source,
            date: None,
            attrs,
            evidence,
        }
    }

    /// A node per event, `LOCATED_IN` its city and `ORGANIZED_BY` its organizer (when they have
    /// nodes).
    fn events(&mut self, present: &[bool]) {
        let a = self.a;
        let ents = &a.resolution.entities;
        for e in &a.structure.events {
            let mut attrs = BTreeMap::new();
            attrs.insert("kind".into(), AttrValue::Str(e.kind.clone()));
            self.nodes.push(Node {
                id: e.id.clone(),
                label: e.label.clone(),
                entity_type: EntityType::Event,
                surfaces: Vec::new(),
                aliases: Vec::new(),
                documents: e.documents.iter().map(|&d| self.doc_name(d)).collect(),
                mentions: e.evidence.len() as u64,
                source: Source::Rule,
                date: e.date.clone(),
                attrs,
                evidence: e.evidence.iter().copied().map(|x| self.ev(x)).collect(),
            });
            let evid: Vec<Evidence> = e.evidence.iter().copied().map(|x| self.ev(x)).collect();
            if let Some(c) = e.city.filter(|&c| present[c]) {
                self.edges.push((
                    e.id.clone(),
                    ents[c].id.clone(),
                    edge("LOCATED_IN", 1.0, Vec::new(), e.date.clone(), evid.clone()),
                ));
            }
            if let Some(o) = e.organizer.filter(|&o| present[o]) {
                self.edges.push((
                    e.id.clone(),
                    ents[o].id.clone(),
                    edge(
                        "ORGANIZED_BY",
                        1.0,
                        Vec::new(),
                        e.date.clone(),
                        evid.clone(),
                    ),
                ));
            }
        }
    }

    /// A node per letter with `SIGNED`, `WRITTEN_IN`, `ADDRESSED_TO` and `PUBLISHED_BY`, then
    /// `HELD_IN` (a signer and the prison of their letters) and `CO_SIGNED` (the
    /// co-signature network).
    fn letters(&mut self) {
        let a = self.a;
        let ents = &a.resolution.entities;
        // Letters and the co-signature network. A co-signing pair gathers its letters (indices),
        // the earliest date and the evidence of both signers in each letter.
        let mut cosigned: BTreeMap<(usize, usize), CoSigned<'a>> = BTreeMap::new();
        let mut held: BTreeMap<(usize, usize), Vec<Evidence>> = BTreeMap::new();
        for (li, l) in a.structure.letters.iter().enumerate() {
            let rec_id = match &l.recipient {
                Some(Recipient::Entity(e)) => Some(ents[*e].id.clone()),
                Some(Recipient::Event(e)) => Some(a.structure.events[*e].id.clone()),
                None => None,
            };
            let evid: Vec<Evidence> = l.evidence.iter().copied().map(|x| self.ev(x)).collect();
            let node = self.letter_node(l, rec_id.as_deref(), &evid);
            self.nodes.push(node);
            // The evidence of each signer (by position in `signers`), gathered once.
            let signer_ev: Vec<Vec<Evidence>> = l
                .signers
                .iter()
                .map(|&s| {
                    l.signer_evidence
                        .iter()
                        .filter(|x| x.0 == s)
                        .map(|&(_, d, st, en)| self.ev((d, st, en)))
                        .collect()
                })
                .collect();
            for (x, &s) in l.signers.iter().enumerate() {
                self.edges.push((
                    ents[s].id.clone(),
                    l.id.clone(),
                    edge(
                        "SIGNED",
                        1.0,
                        Vec::new(),
                        l.date.clone(),
                        signer_ev[x].clone(),
                    ),
                ));
                if let Some(p) = l.prison {
                    held.entry((s, p))
                        .or_default()
                        .extend_from_slice(&signer_ev[x]);
                }
            }
            for (x, &s) in l.signers.iter().enumerate() {
                for (y, &t) in l.signers.iter().enumerate().skip(x + 1) {
                    let (p, q) = if ents[s].id < ents[t].id {
                        (s, t)
                    } else {
                        (t, s)
                    };
                    let c = cosigned.entry((p, q)).or_default();
                    c.0.push(li);
                    c.1 = min_date(c.1, l.date.as_deref());
                    c.2.extend_from_slice(&signer_ev[x]);
                    c.2.extend_from_slice(&signer_ev[y]);
                }
            }
            if let Some(p) = l.prison {
                self.edges.push((
                    l.id.clone(),
                    ents[p].id.clone(),
                    edge("WRITTEN_IN", 1.0, Vec::new(), l.date.clone(), evid.clone()),
                ));
            }
            if let Some(r) = rec_id {
                self.edges.push((
                    l.id.clone(),
                    r,
                    edge(
                        "ADDRESSED_TO",
                        1.0,
                        Vec::new(),
                        l.date.clone(),
                        evid.clone(),
                    ),
                ));
            }
            if let Some(p) = l.publisher {
                self.edges.push((
                    l.id.clone(),
                    ents[p].id.clone(),
                    edge(
                        "PUBLISHED_BY",
                        1.0,
                        Vec::new(),
                        l.date.clone(),
                        evid.clone(),
                    ),
                ));
            }
        }
        self.held_in(held);
        self.cosigned(cosigned);
    }

    /// `HELD_IN` from each signer to the prison of their letters, weighted by the evidence.
    fn held_in(&mut self, held: BTreeMap<(usize, usize), Vec<Evidence>>) {
        let ents = &self.a.resolution.entities;
        for ((s, p), mut evid) in held {
            evid.sort();
            evid.dedup();
            let w = evid.len().max(1) as f64;
            self.edges.push((
                ents[s].id.clone(),
                ents[p].id.clone(),
                edge("HELD_IN", w, Vec::new(), None, evid),
            ));
        }
    }

    /// `CO_SIGNED` between each pair of signers of a letter, weighted by their letters.
    fn cosigned(&mut self, cosigned: BTreeMap<(usize, usize), CoSigned<'a>>) {
        let a = self.a;
        let ents = &a.resolution.entities;
        for ((s, t), (letters, date, mut evid)) in cosigned {
            let mut letters: Vec<&str> = letters
                .iter()
                .map(|&l| a.structure.letters[l].id.as_str())
                .collect();
            letters.sort_unstable();
            letters.dedup();
            evid.sort();
            evid.dedup();
            let w = letters.len() as f64;
            self.edges.push((
                ents[s].id.clone(),
                ents[t].id.clone(),
                edge(
                    "CO_SIGNED",
                    w,
                    letters.iter().map(|l| l.to_string()).collect(),
                    date.map(str::to_string),
                    evid,
                ),
            ));
        }
    }

    /// The node of a letter: its signers, kind, prison, recipient (`rec_id`), publisher and quotes
    /// as attributes.
    fn letter_node(&self, l: &Letter, rec_id: Option<&str>, evid: &[Evidence]) -> Node {
        let a = self.a;
        let ents = &a.resolution.entities;
        let mut attrs = BTreeMap::new();
        attrs.insert(
            "signer_count".into(),
            AttrValue::Int(l.signers.len() as i64),
        );
        attrs.insert(
            "signers".into(),
            AttrValue::List(l.signers.iter().map(|&s| ents[s].id.clone()).collect()),
        );
        attrs.insert(
            "kind".into(),
            AttrValue::Str(if l.statement { "statement" } else { "letter" }.into()),
        );
        if let Some(p) = l.prison {
            attrs.insert("prison".into(), AttrValue::Str(ents[p].id.clone()));
        }
        if let Some(r) = rec_id {
            attrs.insert("recipient".into(), AttrValue::Str(r.to_string()));
        }
        if let Some(p) = l.publisher {
            attrs.insert("publisher".into(), AttrValue::Str(ents[p].id.clone()));
        }
        if !l.quotes.is_empty() {
            attrs.insert(
                "quotes".into(),
                AttrValue::List(
                    l.quotes
                        .iter()
                        .map(|&(d, s, e)| format!("{}:{s}-{e}", self.doc_name(d)))
                        .collect(),
                ),
            );
        }
        Node {
            id: l.id.clone(),
            label: l.label.clone(),
            entity_type: EntityType::Letter,
            surfaces: Vec::new(),
            aliases: Vec::new(),
            documents: l.documents.iter().map(|&d| self.doc_name(d)).collect(),
            mentions: l.evidence.len() as u64,
            source: Source::Rule,
            date: l.date.clone(),
            attrs,
            evidence: evid.to_vec(),
        }
    }
}

/// What the mentions of each entity gather ([`Acc`]), by entity.
fn per_entity(a: &Analysis) -> Vec<Acc> {
    let ents = &a.resolution.entities;
    let mut acc: Vec<Acc> = (0..ents.len()).map(|_| Acc::default()).collect();
    for (di, d) in a.docs.iter().enumerate() {
        let di = di as u32;
        for m in &d.mentions {
            if let Some(e) = a.entity_of(m, di) {
                let x = &mut acc[e];
                if x.surfaces.last() != Some(&m.name) {
                    x.surfaces.push(m.name);
                }
                if x.documents.last() != Some(&di) {
                    x.documents.push(di);
                }
                x.mentions += 1;
                if !x.rules.contains(&m.rule) {
                    x.rules.push(m.rule);
                }
                match x.first.last_mut() {
                    Some((doc, s, e)) if *doc == di => {
                        if (m.start, m.end) < (*s, *e) {
                            (*s, *e) = (m.start, m.end);
                        }
                    }
                    _ => x.first.push((di, m.start, m.end)),
                }
            }
        }
    }
    acc
}

/// Evidence spans kept per node: the first mention in each document (by name; two documents
/// may share a name).
fn first_per_doc(spans: &mut Vec<Evidence>) {
    spans.sort();
    spans.dedup_by(|a, b| a.document == b.document);
}

fn edge(
    relation: &str,
    weight: f64,
    letters: Vec<String>,
    date: Option<String>,
    evidence: Vec<Evidence>,
) -> Edge {
    Edge {
        relation: relation.to_string(),
        weight,
        letters,
        date,
        evidence,
    }
}

/// The earlier of two optional ISO dates (a missing date is no bound).
fn min_date<'a>(a: Option<&'a str>, b: Option<&'a str>) -> Option<&'a str> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}
