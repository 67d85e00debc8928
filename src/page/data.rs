//! The data the page embeds, as JSON: every entity (for the table and the search), the two
//! drawings (positions from [`crate::layout`]), the letters, and each person's letters,
//! prisons and evidence. Arrays of numbers rather than objects where there are many rows, so
//! that the 100 MB corpus's page stays small.

use std::collections::BTreeSet;

use serde::Serialize;

use super::texts::{first_quote, person_evidence, Marked, Texts};
use crate::graph::{AttrValue, KnowledgeGraph, Node};
use crate::layout::{cosigner_radius, node_radius, Layouts};
use crate::types::EntityType;

/// Above this many nodes the page does not draw the whole graph (its people, letters and
/// entities are all still there; `graph.gexf` has the positions).
pub const FULL_DRAWING_MAX_NODES: usize = 100_000;

/// Everything the page shows.
#[derive(Serialize)]
pub struct PageData<'g> {
    /// Entity types, in the order of [`Entity::t`], with their colours.
    pub types: Vec<TypeInfo>,
    /// Every node, in node order.
    pub entities: Vec<Entity<'g>>,
    /// The co-signature network.
    pub co: Drawing,
    /// The whole graph.
    pub full: Drawing,
    /// Letters, by date (undated last), then id.
    pub letters: Vec<LetterRow<'g>>,
    /// By node of [`PageData::co`]: what the panel shows of the person.
    pub people: Vec<Person>,
    /// Passages could not be read back (the corpus came on standard input).
    pub no_passages: bool,
}

/// An entity type and its colour.
#[derive(Serialize)]
pub struct TypeInfo {
    pub name: &'static str,
    pub colour: String,
}

/// One entity: what the table lists and the search looks through.
#[derive(Serialize)]
pub struct Entity<'g> {
    pub id: &'g str,
    pub label: &'g str,
    /// Index into [`PageData::types`].
    pub t: u8,
    pub mentions: u64,
    pub docs: usize,
    /// The label, surfaces and aliases, folded as resolution folds names
    /// ([`crate::text::fold`]), distinct: what a search is matched against.
    pub keys: Vec<String>,
    /// The label, surfaces and aliases as written, distinct, label first.
    pub names: Vec<&'g str>,
}

/// A drawing: nodes (entity indices) with position, radius and colour group, and edges.
#[derive(Serialize, Default)]
pub struct Drawing {
    pub node: Vec<u32>,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub r: Vec<f64>,
    /// Colour group: community (co-signature network) or entity type (whole graph).
    pub c: Vec<u32>,
    /// Edges as flat triples of (node position, node position, weight).
    pub e: Vec<u32>,
}

/// A letter, as the letters view lists it.
#[derive(Serialize)]
pub struct LetterRow<'g> {
    /// Entity index.
    pub n: u32,
    pub date: Option<&'g str>,
    pub kind: Option<&'g str>,
    /// Entity indices.
    pub signers: Vec<u32>,
    pub prison: Option<u32>,
    pub recipient: Option<u32>,
    pub docs: Vec<&'g str>,
    pub quote: Option<String>,
}

/// A person of the co-signature network: their letters (indices into [`PageData::letters`]),
/// prisons (entity indices) and evidence.
#[derive(Serialize, Default)]
pub struct Person {
    pub letters: Vec<u32>,
    pub prisons: Vec<u32>,
    pub evidence: Vec<Evidence>,
}

/// A sentence from a document with the name marked.
#[derive(Serialize)]
pub struct Evidence {
    pub doc: String,
    #[serde(flatten)]
    pub text: Marked,
}

impl<'g> PageData<'g> {
    /// Gathers the page's data from the graph, its layouts and the passages read back.
    pub fn new(g: &'g KnowledgeGraph, layouts: &Layouts, texts: &Texts) -> PageData<'g> {
        let entities = g.nodes().map(entity).collect();
        let letters = letter_rows(g, texts);
        let (co, full) = drawings(g, layouts);
        let people = people(g, &co, &letters, texts);
        PageData {
            types: EntityType::ALL
                .iter()
                .map(|&t| {
                    let (r, g, b) = crate::export::type_colour(t);
                    TypeInfo {
                        name: t.as_str(),
                        colour: format!("#{r:02x}{g:02x}{b:02x}"),
                    }
                })
                .collect(),
            entities,
            co,
            full,
            letters,
            people,
            no_passages: texts.unavailable,
        }
    }
}

fn type_index(t: EntityType) -> u8 {
    EntityType::ALL.iter().position(|&x| x == t).unwrap_or(0) as u8
}

fn entity(n: &Node) -> Entity<'_> {
    let mut names: Vec<&str> = vec![n.label.as_str()];
    for s in n.surfaces.iter().chain(&n.aliases) {
        if !names.contains(&s.as_str()) {
            names.push(s);
        }
    }
    let keys: BTreeSet<String> = names.iter().map(|s| crate::text::fold(s)).collect();
    Entity {
        id: &n.id,
        label: &n.label,
        t: type_index(n.entity_type),
        mentions: n.mentions,
        docs: n.documents.len(),
        keys: keys.into_iter().collect(),
        names,
    }
}

fn attr_str<'g>(n: &'g Node, key: &str) -> Option<&'g str> {
    match n.attrs.get(key)? {
        AttrValue::Str(s) => Some(s),
        _ => None,
    }
}

fn index(g: &KnowledgeGraph, id: &str) -> Option<u32> {
    g.index_of(id).map(|ix| ix.index() as u32)
}

/// The letters, by date (undated last), then id.
fn letter_rows<'g>(g: &'g KnowledgeGraph, texts: &Texts) -> Vec<LetterRow<'g>> {
    let mut rows: Vec<LetterRow<'g>> = g
        .nodes()
        .enumerate()
        .filter(|(_, n)| n.entity_type == EntityType::Letter)
        .map(|(i, n)| {
            let signers = match n.attrs.get("signers") {
                Some(AttrValue::List(s)) => s.iter().filter_map(|id| index(g, id)).collect(),
                _ => Vec::new(),
            };
            let quote = first_quote(&n.attrs).and_then(|(d, s, e)| {
                let key = (std::sync::Arc::<str>::from(d), s, e);
                texts.quotes.get(&key).cloned()
            });
            LetterRow {
                n: i as u32,
                date: n.date.as_deref(),
                kind: attr_str(n, "kind"),
                signers,
                prison: attr_str(n, "prison").and_then(|p| index(g, p)),
                recipient: attr_str(n, "recipient").and_then(|p| index(g, p)),
                docs: n.documents.iter().map(|d| &**d).collect(),
                quote,
            }
        })
        .collect();
    rows.sort_by(|a, b| (a.date.is_none(), a.date, a.n).cmp(&(b.date.is_none(), b.date, b.n)));
    rows
}

/// The two drawings.
fn drawings(g: &KnowledgeGraph, l: &Layouts) -> (Drawing, Drawing) {
    let n = g.node_count();
    let (mut co, mut full) = (Drawing::default(), Drawing::default());
    let mut slot = vec![u32::MAX; n];
    let mut degree = vec![0usize; n];
    for e in g.graph.raw_edges() {
        degree[e.source().index()] += 1;
        degree[e.target().index()] += 1;
    }
    let draw_full = n <= FULL_DRAWING_MAX_NODES;
    for (i, node) in g.nodes().enumerate() {
        if let Some([x, y]) = l.full.get(i).filter(|_| draw_full) {
            full.node.push(i as u32);
            full.x.push(*x);
            full.y.push(*y);
            full.r.push(node_radius(degree[i]));
            full.c.push(type_index(node.entity_type) as u32);
        }
        if let Some(Some([x, y])) = l.cosigners.get(i) {
            slot[i] = co.node.len() as u32;
            co.node.push(i as u32);
            co.x.push(*x);
            co.y.push(*y);
            co.r.push(cosigner_radius(l.letters[i]));
            let community = match node.attrs.get("community") {
                Some(AttrValue::Int(c)) => *c as u32,
                _ => 0,
            };
            co.c.push(community);
        }
    }
    for e in g.graph.raw_edges() {
        let (a, b) = (e.source().index(), e.target().index());
        if !full.node.is_empty() {
            full.e.extend([a as u32, b as u32, 1]);
        }
        if e.weight.relation == "CO_SIGNED" && slot[a] != u32::MAX && slot[b] != u32::MAX {
            let w = e.weight.letters.len().max(1) as u32;
            co.e.extend([slot[a], slot[b], w]);
        }
    }
    (co, full)
}

/// Each person of the co-signature network: letters, prisons, evidence.
fn people(g: &KnowledgeGraph, co: &Drawing, letters: &[LetterRow], texts: &Texts) -> Vec<Person> {
    let mut by_node: Vec<Option<usize>> = vec![None; g.node_count()];
    for (k, &i) in co.node.iter().enumerate() {
        by_node[i as usize] = Some(k);
    }
    let mut people: Vec<Person> = co.node.iter().map(|_| Person::default()).collect();
    let mut prisons: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); co.node.len()];
    for (li, l) in letters.iter().enumerate() {
        for &s in &l.signers {
            if let Some(k) = by_node[s as usize] {
                people[k].letters.push(li as u32);
                prisons[k].extend(l.prison);
            }
        }
    }
    for e in g.graph.raw_edges() {
        if e.weight.relation == "HELD_IN" {
            if let Some(k) = by_node[e.source().index()] {
                prisons[k].insert(e.target().index() as u32);
            }
        }
    }
    for (k, &i) in co.node.iter().enumerate() {
        people[k].prisons = std::mem::take(&mut prisons[k]).into_iter().collect();
        let node = &g.graph.raw_nodes()[i as usize].weight;
        people[k].evidence = person_evidence(&node.evidence)
            .filter_map(|ev| {
                let key = (ev.document.clone(), ev.start, ev.end);
                texts.sentences.get(&key).map(|m| Evidence {
                    doc: ev.document.to_string(),
                    text: m.clone(),
                })
            })
            .collect();
    }
    people
}
