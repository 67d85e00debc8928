//! Exports of the knowledge graph: GraphML, GEXF, networkx node-link JSON, Gephi spreadsheet
//! CSVs and neo4j-admin import CSVs.
//!
//! Every file is written to a temporary file in the output folder and renamed over the old
//! one only after *every* selected file has been written completely, so an interrupted build
//! leaves the previous export in place (see [`atomic`]). Writers stream through a `BufWriter`;
//! nothing builds a whole file in memory. Escaping is always done by the libraries (`quick-xml`,
//! `csv`, `serde_json`); this module only removes characters that XML cannot carry at all and
//! neutralises spreadsheet formulas.
//!
//! Conventions shared by the formats:
//! - node ids are written as they are (`[a-z0-9:-]` plus non-Latin letters: NMTOKEN-safe);
//! - edge ids (`key` in JSON, `id` in GraphML / GEXF / CSV, `edge_id` in neo4j) are derived
//!   from the edge itself (`e` + a 64-bit FNV-1a hash of source, relation and target, in hex),
//!   so they are stable across rebuilds, and short;
//! - lists (`surfaces`, `aliases`, `documents`, `letters`, list attributes) are joined with `;`
//!   outside JSON; a `;` inside an item is written as `,`;
//! - `CO_SIGNED` is stored once (source id < target id); it is `Undirected` in `edges.csv` and
//!   the co-signature files (`cosigners.*`) are undirected graphs of the people who signed.

pub mod atomic;
pub mod csv;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod neo4j;
mod out;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::graph::{AttrValue, Edge, KnowledgeGraph, Node};
use crate::types::EntityType;
pub(crate) use out::{EdgeKey, Out};

/// An export format (`--format`). Each format writes one or more files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// `graph.graphml` and `cosigners.graphml`.
    Graphml,
    /// `graph.gexf` (GEXF 1.3, dynamic).
    Gexf,
    /// `graph.json` and `cosigners.json` (networkx node-link).
    Json,
    /// `entities.csv`, `edges.csv` (Gephi), `letters.csv`, `mentions.csv`.
    Csv,
    /// `neo4j_nodes.csv`, `neo4j_relationships.csv` (neo4j-admin import).
    Neo4j,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Graphml,
        Format::Gexf,
        Format::Json,
        Format::Csv,
        Format::Neo4j,
    ];
}

/// What to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// Formats to write; empty means every format.
    pub formats: Vec<Format>,
    /// Start the spreadsheet CSVs (not the neo4j ones) with a UTF-8 byte-order mark, for Excel.
    pub bom: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            formats: Format::ALL.to_vec(),
            bom: false,
        }
    }
}

/// One mention of the corpus, for `mentions.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionRow {
    pub document: String,
    /// Byte offsets in the original text of the document.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Node id, when the mention was resolved.
    pub entity: Option<String>,
    pub entity_type: String,
    /// The rule or gazetteer that found it.
    pub rule: String,
}

/// One row of `mentions.csv`, borrowed from whoever holds the mentions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MentionRef<'a> {
    pub document: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub entity: Option<&'a str>,
    pub entity_type: &'a str,
    pub rule: &'a str,
}

impl MentionRow {
    pub fn as_ref(&self) -> MentionRef<'_> {
        MentionRef {
            document: &self.document,
            start: self.start,
            end: self.end,
            text: &self.text,
            entity: self.entity.as_deref(),
            entity_type: &self.entity_type,
            rule: &self.rule,
        }
    }
}

/// The rows of `mentions.csv`, handed out one at a time so that no one has to hold them all
/// as owned strings (a build streams them from its compact mentions).
pub trait MentionSource: Sync {
    /// How many rows (for scheduling the writers).
    fn count(&self) -> usize;
    /// Calls `row` for each row in file order: by document, start, end, entity and rule (ties
    /// in the order given); stops at the first error.
    fn each(
        &self,
        row: &mut dyn FnMut(MentionRef<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
}

/// Owned rows in any order: sorted into file order when written.
impl MentionSource for &[MentionRow] {
    fn count(&self) -> usize {
        self.len()
    }

    fn each(
        &self,
        row: &mut dyn FnMut(MentionRef<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut sorted: Vec<&MentionRow> = self.iter().collect();
        sorted.sort_by(|a, b| {
            (&a.document, a.start, a.end, &a.entity, &a.rule).cmp(&(
                &b.document,
                b.start,
                b.end,
                &b.entity,
                &b.rule,
            ))
        });
        sorted.into_iter().try_for_each(|m| row(m.as_ref()))
    }
}

/// Writes the selected formats into `out` (created if missing) and returns the paths written,
/// in a fixed order. Nothing is renamed into place unless every file was written.
pub fn write_all(
    g: &KnowledgeGraph,
    mentions: &[MentionRow],
    out: &Path,
    opts: &ExportOptions,
) -> crate::Result<Vec<PathBuf>> {
    write_all_from(g, &mentions, out, opts)
}

/// [`write_all`] with the mentions given by a [`MentionSource`].
pub fn write_all_from(
    g: &KnowledgeGraph,
    mentions: &dyn MentionSource,
    out: &Path,
    opts: &ExportOptions,
) -> crate::Result<Vec<PathBuf>> {
    atomic::prepare_dir(out)?;
    let mut formats = if opts.formats.is_empty() {
        Format::ALL.to_vec()
    } else {
        opts.formats.clone()
    };
    formats.sort();
    formats.dedup();

    let ctx = &Context::new(g);
    let bom = opts.bom;
    // Expected bytes per edge / per node of each file (from the 1M-edge benchmark): the
    // largest files are started first.
    let (n, e, co) = (
        g.node_count() as u64,
        g.edge_count() as u64,
        ctx.co_signed as u64,
    );
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for f in formats {
        match f {
            Format::Graphml => {
                jobs.push(Job {
                    name: "graph.graphml",
                    cost: 330 * e + 200 * n,
                    write: Box::new(|w| graphml::write(w, ctx, View::Full)),
                });
                jobs.push(Job {
                    name: "cosigners.graphml",
                    cost: 330 * co + 200 * n,
                    write: Box::new(|w| graphml::write(w, ctx, View::Cosigners)),
                });
            }
            Format::Gexf => jobs.push(Job {
                name: "graph.gexf",
                cost: 430 * e + 300 * n,
                write: Box::new(|w| gexf::write(w, ctx)),
            }),
            Format::Json => {
                jobs.push(Job {
                    name: "graph.json",
                    cost: 260 * e + 200 * n,
                    write: Box::new(|w| json::write(w, ctx, View::Full)),
                });
                jobs.push(Job {
                    name: "cosigners.json",
                    cost: 260 * co + 200 * n,
                    write: Box::new(|w| json::write(w, ctx, View::Cosigners)),
                });
            }
            Format::Csv => {
                jobs.push(Job {
                    name: "entities.csv",
                    cost: 180 * n,
                    write: Box::new(move |w| csv::write_entities(w, ctx, bom)),
                });
                jobs.push(Job {
                    name: "edges.csv",
                    cost: 145 * e,
                    write: Box::new(move |w| csv::write_edges(w, ctx, bom)),
                });
                jobs.push(Job {
                    name: "letters.csv",
                    cost: 180 * n,
                    write: Box::new(move |w| csv::write_letters(w, ctx, bom)),
                });
                jobs.push(Job {
                    name: "mentions.csv",
                    cost: 100 * mentions.count() as u64,
                    write: Box::new(move |w| csv::write_mentions(w, mentions, bom)),
                });
            }
            Format::Neo4j => {
                jobs.push(Job {
                    name: "neo4j_nodes.csv",
                    cost: 200 * n,
                    write: Box::new(|w| neo4j::write_nodes(w, ctx)),
                });
                jobs.push(Job {
                    name: "neo4j_relationships.csv",
                    cost: 135 * e,
                    write: Box::new(|w| neo4j::write_relationships(w, ctx)),
                });
            }
        }
    }
    atomic::write_files(out, jobs)
}

/// Writes a file's content.
pub(crate) type Writer<'a> =
    Box<dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + Send + 'a>;

/// A file to write: its name, its expected cost (about its size) and its writer.
pub(crate) struct Job<'a> {
    pub name: &'static str,
    pub cost: u64,
    pub write: Writer<'a>,
}

/// Which part of the graph a file carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum View {
    /// Every node and edge, directed.
    Full,
    /// The co-signature network: people who signed at least one letter, `CO_SIGNED` edges,
    /// undirected.
    Cosigners,
}

/// What every writer needs, computed once.
pub(crate) struct Context<'g> {
    pub g: &'g KnowledgeGraph,
    /// By node index: a person who signed a letter (has `SIGNED` or `CO_SIGNED`).
    pub signer: Vec<bool>,
    /// Attribute columns of all nodes / of the co-signature nodes.
    pub cols_full: Vec<AttrCol>,
    pub cols_cosigners: Vec<AttrCol>,
    /// Stable edge ids by edge index.
    pub keys: Vec<EdgeKey>,
    /// By node index: the id is written verbatim in every format (no escaping, quoting or
    /// spreadsheet marker), checked once instead of once per edge and file.
    pub id_plain: Vec<bool>,
    /// Number of `CO_SIGNED` edges (the edges of the co-signature files).
    pub co_signed: usize,
    /// Every node id, one after the other, in node order, and where each ends: the writers
    /// read the ids of both ends of every edge (about ten times each), and a compact copy
    /// stays in cache where the nodes themselves do not.
    id_text: String,
    id_end: Vec<u32>,
    /// By edge index: the relation, as an index into `relations` (distinct names, with whether
    /// each is plain): read once here instead of once per edge and file.
    rel: Vec<u16>,
    relations: Vec<(&'g str, bool)>,
}

impl<'g> Context<'g> {
    pub fn new(g: &'g KnowledgeGraph) -> Self {
        use rayon::prelude::*;
        let ((signer, keys), (id_plain, (rel, relations))) = rayon::join(
            || rayon::join(|| signers(g), || edge_keys(g)),
            || {
                rayon::join(
                    || {
                        g.graph
                            .raw_nodes()
                            .par_iter()
                            .map(|n| {
                                out::plain(&n.weight.id)
                                    && !n.weight.id.starts_with(['=', '+', '-', '@'])
                            })
                            .collect::<Vec<bool>>()
                    },
                    || relation_indices(g),
                )
            },
        );
        let co_signed = match relations.iter().position(|r| r.0 == "CO_SIGNED") {
            Some(i) => rel.iter().filter(|&&r| r as usize == i).count(),
            None => 0,
        };
        let mut id_text = String::new();
        let mut id_end = Vec::with_capacity(g.node_count());
        for n in g.graph.raw_nodes() {
            id_text.push_str(&n.weight.id);
            id_end.push(id_text.len() as u32);
        }
        let cols_full = attr_columns(g.nodes());
        let cols_cosigners = attr_columns(
            g.graph
                .node_indices()
                .filter(|ix| signer[ix.index()])
                .map(|ix| &g.graph[ix]),
        );
        Context {
            g,
            keys,
            signer,
            cols_full,
            cols_cosigners,
            id_plain,
            co_signed,
            id_text,
            id_end,
            rel,
            relations,
        }
    }

    pub fn cols(&self, view: View) -> &[AttrCol] {
        match view {
            View::Full => &self.cols_full,
            View::Cosigners => &self.cols_cosigners,
        }
    }

    /// The id of node `i`, from the compact copy.
    #[inline]
    fn id(&self, i: usize) -> Id<'_> {
        let start = if i == 0 {
            0
        } else {
            self.id_end[i - 1] as usize
        };
        Id {
            s: &self.id_text[start..self.id_end[i] as usize],
            plain: self.id_plain[i],
        }
    }

    /// Nodes of the view with their ids, in id order.
    pub fn nodes_ids(&self, view: View) -> impl Iterator<Item = (&'g Node, Id<'_>)> + '_ {
        self.g
            .graph
            .raw_nodes()
            .iter()
            .enumerate()
            .filter(move |(i, _)| view == View::Full || self.signer[*i])
            .map(move |(i, n)| (&n.weight, self.id(i)))
    }

    /// Edges of the view with their stable ids, in (source, target, relation) order.
    pub fn edges(&self, view: View) -> impl Iterator<Item = KeyedEdge<'_>> + '_ {
        let co_signed = self.relations.iter().position(|r| r.0 == "CO_SIGNED");
        self.g
            .graph
            .raw_edges()
            .iter()
            .zip(&self.keys)
            .zip(&self.rel)
            .filter(move |(_, &r)| view == View::Full || Some(r as usize) == co_signed)
            .map(move |((e, &key), &r)| {
                let (relation, relation_plain) = self.relations[r as usize];
                KeyedEdge {
                    key,
                    source_id: self.id(e.source().index()),
                    target_id: self.id(e.target().index()),
                    target: &self.g.graph.raw_nodes()[e.target().index()].weight,
                    relation,
                    relation_plain,
                    edge: &e.weight,
                }
            })
    }
}

/// The relation of every edge as an index into the distinct relation names (with whether each
/// name is plain), in first-seen order.
fn relation_indices(g: &KnowledgeGraph) -> (Vec<u16>, Vec<(&str, bool)>) {
    let mut names: Vec<(&str, bool)> = Vec::new();
    let mut rel = Vec::with_capacity(g.edge_count());
    let mut last = usize::MAX;
    for e in g.graph.raw_edges() {
        let r = e.weight.relation.as_str();
        if last == usize::MAX || names[last].0 != r {
            last = match names.iter().position(|n| n.0 == r) {
                Some(i) => i,
                None => {
                    names.push((r, out::plain(r)));
                    names.len() - 1
                }
            };
        }
        rel.push(last as u16);
    }
    assert!(names.len() <= u16::MAX as usize, "too many relation names");
    (rel, names)
}

/// A node id and whether it is written verbatim in every format.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Id<'g> {
    pub s: &'g str,
    pub plain: bool,
}

/// People who signed at least one letter, by node index.
pub(crate) fn signers(g: &KnowledgeGraph) -> Vec<bool> {
    let mut s = vec![false; g.node_count()];
    for e in g.graph.edge_indices() {
        let rel = g.graph[e].relation.as_str();
        if rel == "SIGNED" || rel == "CO_SIGNED" {
            let (a, b) = g.graph.edge_endpoints(e).expect("valid edge");
            for ix in [a, b] {
                if g.graph[ix].entity_type == EntityType::Person {
                    s[ix.index()] = true;
                }
            }
        }
    }
    s
}

/// An edge with its ends and its stable id.
pub(crate) struct KeyedEdge<'g> {
    pub key: EdgeKey,
    pub source_id: Id<'g>,
    pub target_id: Id<'g>,
    pub target: &'g Node,
    /// The relation (`edge.relation`) and whether it is plain.
    pub relation: &'g str,
    pub relation_plain: bool,
    pub edge: &'g Edge,
}

/// FNV-1a, 64 bits: a hash whose values never change between Rust versions or platforms.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes().iter().chain(&[0xff]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The id of the edge `source -relation-> target` in every export (`e` + 16 hex digits), when
/// the triple occurs once in the graph (a repeat gets `-2`, `-3`, ...).
pub fn edge_key(source: &str, relation: &str, target: &str) -> String {
    format!("e{:016x}", fnv1a(&[source, relation, target]))
}

/// Stable edge ids, in graph edge order: `e` + 16 hex digits of a hash of (source id, relation,
/// target id), so the same relation keeps its id when the graph is rebuilt with more articles.
/// Short ids keep the large exports small. A repeated hash (the same triple twice, or a
/// collision) gets `-2`, `-3`, ... in edge order, so ids are always unique.
pub(crate) fn edge_keys(g: &KnowledgeGraph) -> Vec<EdgeKey> {
    use rayon::prelude::*;
    let hashes: Vec<u64> = g
        .graph
        .raw_edges()
        .par_iter()
        .map(|e| {
            let (s, t) = (&g.graph[e.source()].id, &g.graph[e.target()].id);
            fnv1a(&[s, &e.weight.relation, t])
        })
        .collect();
    let mut sorted = hashes.clone();
    sorted.par_sort_unstable();
    let repeated: std::collections::HashSet<u64> = sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    let mut seen: std::collections::HashMap<u64, u32> = Default::default();
    hashes
        .into_iter()
        .map(|hash| {
            let mut repeat = 0;
            if repeated.contains(&hash) {
                let n = seen.entry(hash).or_insert(0);
                *n += 1;
                if *n > 1 {
                    repeat = *n;
                }
            }
            EdgeKey { hash, repeat }
        })
        .collect()
}

/// The type of an attribute column, inferred from every value it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AttrKind {
    Long,
    Double,
    Str,
    List,
}

/// An attribute column: the attribute key in `Node::attrs` and the name it is written under
/// (sanitised to `[A-Za-z0-9_]`, renamed `attr_*` when it collides with a fixed field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AttrCol {
    pub key: String,
    pub name: String,
    pub kind: AttrKind,
}

/// Fixed node fields (and names that tools reserve): attributes with these names are renamed.
const RESERVED: &[&str] = &[
    "id",
    "label",
    "entity_type",
    "surfaces",
    "aliases",
    "documents",
    "mentions",
    "source",
    "date",
    "date_text",
    "type",
    "name",
    "key",
    "target",
    "weight",
];

pub(crate) fn attr_columns<'a>(nodes: impl Iterator<Item = &'a Node>) -> Vec<AttrCol> {
    let mut kinds: BTreeMap<&str, AttrKind> = BTreeMap::new();
    for n in nodes {
        for (k, v) in &n.attrs {
            let kind = match v {
                AttrValue::Int(_) => AttrKind::Long,
                AttrValue::Float(_) => AttrKind::Double,
                AttrValue::Str(_) => AttrKind::Str,
                AttrValue::List(_) => AttrKind::List,
            };
            kinds
                .entry(k.as_str())
                .and_modify(|old| {
                    *old = match (*old, kind) {
                        (a, b) if a == b => a,
                        (AttrKind::Long, AttrKind::Double) | (AttrKind::Double, AttrKind::Long) => {
                            AttrKind::Double
                        }
                        _ => AttrKind::Str,
                    }
                })
                .or_insert(kind);
        }
    }
    let mut used: Vec<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut cols = Vec::with_capacity(kinds.len());
    for (key, kind) in kinds {
        let mut name: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            name.insert_str(0, "attr_");
        }
        if used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
            name.insert_str(0, "attr_");
        }
        let base = name.clone();
        let mut i = 2;
        while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
            name = format!("{base}_{i}");
            i += 1;
        }
        used.push(name.clone());
        cols.push(AttrCol {
            key: key.to_string(),
            name,
            kind,
        });
    }
    cols
}

/// An attribute value as text: numbers in Rust's shortest round-trip form, lists joined.
pub(crate) fn attr_text(v: &AttrValue) -> Cow<'_, str> {
    match v {
        AttrValue::Int(i) => Cow::Owned(i.to_string()),
        AttrValue::Float(f) => Cow::Owned(float_text(*f)),
        AttrValue::Str(s) => Cow::Borrowed(s.as_str()),
        AttrValue::List(items) => Cow::Owned(join_list(items)),
    }
}

/// A float as text that every reader parses as a number (`1.0`, `0.25`, `1e20`); non-finite
/// values (never produced by the pipeline) are written as 0.
pub(crate) fn float_text(f: f64) -> String {
    if f.is_finite() {
        format!("{f:?}")
    } else {
        "0.0".to_string()
    }
}

/// Joins list items with `;` (a `;` inside an item becomes `,`).
pub(crate) fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::new();
    join_into(&mut out, items);
    out
}

/// [`join_list`] into a reused buffer (cleared first); returns it.
pub(crate) fn join_into<'b, S: AsRef<str>>(out: &'b mut String, items: &[S]) -> &'b str {
    out.clear();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        let it = it.as_ref();
        if it.contains(';') {
            out.push_str(&it.replace(';', ","));
        } else {
            out.push_str(it);
        }
    }
    out
}

/// Evidence spans as `document#start-end`, joined with `;`.
#[allow(dead_code)]
pub(crate) fn evidence_text(ev: &[crate::types::Evidence]) -> String {
    let mut out = String::new();
    evidence_into(&mut out, ev);
    out
}

/// [`evidence_text`] into a reused buffer (cleared first); returns it.
pub(crate) fn evidence_into<'b>(out: &'b mut String, ev: &[crate::types::Evidence]) -> &'b str {
    use std::fmt::Write as _;
    out.clear();
    for (i, e) in ev.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        if e.document.contains(';') {
            out.push_str(&e.document.replace(';', ","));
        } else {
            out.push_str(&e.document);
        }
        let _ = write!(out, "#{}-{}", e.start, e.end);
    }
    out
}

/// A float written into a reused buffer; returns it.
pub(crate) fn float_into(out: &mut String, f: f64) -> &str {
    use std::fmt::Write as _;
    out.clear();
    if f.is_finite() {
        let _ = write!(out, "{f:?}");
    } else {
        out.push_str("0.0");
    }
    out
}

/// The date of an edge for the timeline: its own, else (for `SIGNED`) the letter's, else (for
/// `CO_SIGNED`) the earliest date of the letters signed together.
pub(crate) fn edge_date<'g>(g: &'g KnowledgeGraph, e: &KeyedEdge<'g>) -> Option<Cow<'g, str>> {
    if let Some(d) = &e.edge.date {
        return Some(Cow::Borrowed(d));
    }
    match e.relation {
        "SIGNED" => e.target.date.as_deref().map(Cow::Borrowed),
        "CO_SIGNED" => e
            .edge
            .letters
            .iter()
            .filter_map(|l| g.node(l)?.date.as_deref().and_then(full_date))
            .min()
            .map(Cow::Owned),
        _ => None,
    }
}

/// [`full_date`] without allocating when `d` already is a full date (the common case).
pub(crate) fn full_date_cow(d: &str) -> Option<Cow<'_, str>> {
    let b = d.as_bytes();
    let two = |i: usize| (b[i] - b'0') as u32 * 10 + (b[i + 1] - b'0') as u32;
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&two(5))
        && (1..=31).contains(&two(8))
    {
        return Some(Cow::Borrowed(d));
    }
    full_date(d).map(Cow::Owned)
}

/// A possibly partial ISO date (`2016`, `2016-12`, `2016-12-18`) as a full date on the first
/// day of its period; `None` when it is not such a date.
pub fn full_date(d: &str) -> Option<String> {
    let d = d.trim();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = d.split('-').collect();
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, dd] => digits(y, 4) && digits(m, 2) && digits(dd, 2),
        _ => false,
    };
    if !ok {
        return None;
    }
    let m = parts.get(1).map_or(1, |m| m.parse::<u32>().unwrap_or(0));
    let dd = parts.get(2).map_or(1, |x| x.parse::<u32>().unwrap_or(0));
    if !(1..=12).contains(&m) || !(1..=31).contains(&dd) {
        return None;
    }
    Some(format!("{}-{:02}-{:02}", parts[0], m, dd))
}

/// True for characters XML 1.0 cannot carry (C0 controls other than tab, newline and carriage
/// return; U+FFFE and U+FFFF).
pub(crate) fn xml_illegal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Removes the characters XML cannot carry (they cannot even be escaped in XML 1.0).
pub(crate) fn xml_clean(s: &str) -> Cow<'_, str> {
    // Fast path: every illegal character starts with a byte < 0x20 or 0xEF (U+FFFE/U+FFFF).
    // (A fold without early exit vectorises; strings are short.)
    if !s
        .bytes()
        .fold(false, |acc, b| acc | (b < 0x20) | (b == 0xEF))
    {
        return Cow::Borrowed(s);
    }
    if s.chars().any(xml_illegal) {
        Cow::Owned(s.chars().filter(|&c| !xml_illegal(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Display colour of each entity type (Gephi's default palette).
pub(crate) fn type_colour(t: EntityType) -> (u8, u8, u8) {
    match t {
        EntityType::Person => (31, 119, 180),
        EntityType::Prison => (214, 39, 40),
        EntityType::City => (44, 160, 44),
        EntityType::Organization => (148, 103, 189),
        EntityType::Country => (23, 190, 207),
        EntityType::Letter => (255, 127, 14),
        EntityType::Event => (140, 86, 75),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(full_date("2016").as_deref(), Some("2016-01-01"));
        assert_eq!(full_date("2016-12").as_deref(), Some("2016-12-01"));
        assert_eq!(full_date("2016-12-18").as_deref(), Some("2016-12-18"));
        assert_eq!(full_date("2016-13"), None);
        assert_eq!(full_date("Dec 2016"), None);
        assert_eq!(full_date("2016-12-18T10:00"), None);
        for d in [
            "2016",
            "2016-12",
            "2016-12-18",
            "2016-13-01",
            "2016-00-10",
            "2016-12-32",
            "2016-12-00",
            " 2016-12-18",
            "2016-1x-18",
            "20a6-12-18",
            "",
            "abcdefghij",
        ] {
            assert_eq!(full_date_cow(d).map(Cow::into_owned), full_date(d), "{d}");
        }
    }

    #[test]
    fn lists_and_cleaning() {
        assert_eq!(join_list(&["a", "b;c"]), "a;b,c");
        assert_eq!(xml_clean("a\u{1}b\tc\u{FFFF}"), "ab\tc");
        assert_eq!(float_text(1.0), "1.0");
    }

    #[test]
    fn attribute_columns_are_renamed_and_typed() {
        let mut n = Node {
            id: "city:x".into(),
            label: "X".into(),
            entity_type: EntityType::City,
            surfaces: vec![],
            aliases: vec![],
            documents: vec![],
            mentions: 0,
            source: crate::types::Source::Rule,
            date: None,
            attrs: BTreeMap::new(),
            evidence: vec![],
        };
        n.attrs.insert("label".into(), AttrValue::Str("x".into()));
        n.attrs.insert("population".into(), AttrValue::Int(3));
        n.attrs.insert("odd key".into(), AttrValue::Float(1.5));
        let mut m = n.clone();
        m.attrs.insert("population".into(), AttrValue::Float(2.5));
        let cols = attr_columns([&n, &m].into_iter());
        let names: Vec<(&str, AttrKind)> = cols.iter().map(|c| (c.name.as_str(), c.kind)).collect();
        assert_eq!(
            names,
            vec![
                ("attr_label", AttrKind::Str),
                ("odd_key", AttrKind::Double),
                ("population", AttrKind::Double)
            ]
        );
    }
}
