//! Exports of the knowledge graph: GraphML, GEXF, networkx node-link JSON, Gephi spreadsheet
//! CSVs and neo4j-admin import CSVs.
//!
//! Every file is written to a temporary file in the output folder and renamed over the old
//! one only after *every* selected file has been written completely, so an interrupted build
//! leaves the previous export in place (see [`atomic`]). The graph files are written together
//! in pieces of a few thousand records, rendered in parallel (see `parallel`); nothing builds
//! a whole file in memory. Escaping is always done by the libraries (`quick-xml`,
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
mod mentions;
pub mod neo4j;
mod out;
mod parallel;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::graph::{AttrValue, Edge, KnowledgeGraph, Node};
use crate::types::EntityType;
pub use mentions::{mention_rows, MentionRef, MentionRow, MentionSource, MentionTable};
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
    let mut plan = Plan::default();
    for f in &formats {
        match f {
            Format::Graphml => {
                plan.graph("graph.graphml", graphml::Graphml::new(ctx, View::Full));
                plan.graph(
                    "cosigners.graphml",
                    graphml::Graphml::new(ctx, View::Cosigners),
                );
            }
            Format::Gexf => plan.graph("graph.gexf", gexf::Gexf::new(ctx)),
            Format::Json => {
                plan.graph("graph.json", json::Json::new(ctx, View::Full));
                plan.graph("cosigners.json", json::Json::new(ctx, View::Cosigners));
            }
            Format::Csv => {
                let cols = ctx.cols(View::Full);
                plan.graph("entities.csv", csv::Entities { cols, bom });
                plan.graph("edges.csv", csv::Edges { bom });
                plan.graph("letters.csv", csv::Letters { ctx, bom });
                // Not a graph file: written at the same time, apart.
                plan.order.push("mentions.csv");
                plan.jobs.push(Job {
                    name: "mentions.csv",
                    write: Box::new(move |w| csv::write_mentions(w, mentions, bom)),
                });
            }
            Format::Neo4j => {
                let cols = ctx.cols(View::Full);
                plan.graph("neo4j_nodes.csv", neo4j::Nodes { cols });
                plan.graph("neo4j_relationships.csv", neo4j::Relationships);
            }
        }
    }
    let Plan {
        order,
        names,
        files,
        jobs,
    } = plan;
    let workers = rayon::current_num_threads();
    let group = atomic::Group {
        names,
        write: Box::new(move |out| {
            let files: Vec<&dyn parallel::GraphFile> = files.iter().map(|f| &**f).collect();
            parallel::write(ctx, &files, out, workers)
        }),
    };
    atomic::write_files(out, group, jobs, &order)
}

/// The files to write: the graph files (written together, see [`parallel`]) and the others.
#[derive(Default)]
struct Plan<'a> {
    /// Every file, in the order of the paths returned.
    order: Vec<&'static str>,
    names: Vec<&'static str>,
    files: Vec<Box<dyn parallel::GraphFile + 'a>>,
    jobs: Vec<Job<'a>>,
}

impl<'a> Plan<'a> {
    fn graph(&mut self, name: &'static str, f: impl parallel::GraphFile + 'a) {
        self.order.push(name);
        self.names.push(name);
        self.files.push(Box::new(f));
    }
}

/// Writes a file's content.
pub(crate) type Writer<'a> =
    Box<dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + Send + 'a>;

/// A file written apart from the graph files: its name and its writer.
pub(crate) struct Job<'a> {
    pub name: &'static str,
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
    /// The node ids are in strictly increasing order (as `KnowledgeGraph::from_parts` makes
    /// them): ids are looked up by binary search over the compact copy.
    ids_sorted: bool,
    /// By edge index: the relation, as an index into `relations` (distinct names, with whether
    /// each is plain): read once here instead of once per edge and file.
    rel: Vec<u16>,
    relations: Vec<(&'g str, bool)>,
    /// The index of `CO_SIGNED` in `relations`.
    co_rel: Option<u16>,
    /// The first node and the first edge of the co-signature view.
    first_signer: Option<usize>,
    first_co_signed: Option<usize>,
}

/// Edges per chunk of the parallel pass of [`Context::new`].
const CONTEXT_CHUNK: usize = 1 << 16;

/// The fixed node fields of the XML formats (GraphML keys, GEXF attributes) after the label,
/// with their type, in the order they are declared.
pub(crate) const NODE_FIELDS: [(&str, &str); 7] = [
    ("entity_type", "string"),
    ("surfaces", "string"),
    ("aliases", "string"),
    ("documents", "string"),
    ("mentions", "long"),
    ("source", "string"),
    ("date", "string"),
];

impl<'g> Context<'g> {
    pub fn new(g: &'g KnowledgeGraph) -> Self {
        use rayon::prelude::*;
        let nodes = g.graph.raw_nodes();
        let mut id_text = String::new();
        let mut id_end = Vec::with_capacity(nodes.len());
        for n in nodes {
            id_text.push_str(&n.weight.id);
            id_end.push(id_text.len() as u32);
        }
        let ((id_plain, person), cols_full) = rayon::join(
            || {
                nodes
                    .par_iter()
                    .map(|n| {
                        let id = &n.weight.id;
                        (
                            out::plain(id) && !id.starts_with(['=', '+', '-', '@']),
                            n.weight.entity_type == EntityType::Person,
                        )
                    })
                    .unzip::<_, _, Vec<bool>, Vec<bool>>()
            },
            || attr_columns(g.nodes()),
        );
        let mut ctx = Context {
            g,
            keys: Vec::new(),
            signer: Vec::new(),
            cols_full,
            cols_cosigners: Vec::new(),
            id_plain,
            co_signed: 0,
            id_text,
            id_end,
            ids_sorted: false,
            rel: Vec::new(),
            relations: Vec::new(),
            co_rel: None,
            first_signer: None,
            first_co_signed: None,
        };
        ctx.ids_sorted = (1..nodes.len()).all(|i| ctx.id(i - 1).s < ctx.id(i).s);

        // One parallel pass over the edges: the hash of each edge id, the relation (as an index
        // into the names seen in the chunk) and the people who signed.
        struct Chunk<'g> {
            hashes: Vec<u64>,
            rel: Vec<u16>,
            names: Vec<&'g str>,
            signers: Vec<u32>,
        }
        let ctx_ref = &ctx;
        let chunks: Vec<Chunk<'g>> = g
            .graph
            .raw_edges()
            .par_chunks(CONTEXT_CHUNK)
            .map(|edges| {
                let mut c = Chunk {
                    hashes: Vec::with_capacity(edges.len()),
                    rel: Vec::with_capacity(edges.len()),
                    names: Vec::new(),
                    signers: Vec::new(),
                };
                let mut last = usize::MAX;
                for e in edges {
                    let r: &'g str = &e.weight.relation;
                    if last == usize::MAX || c.names[last] != r {
                        last = match c.names.iter().position(|&n| n == r) {
                            Some(i) => i,
                            None => {
                                c.names.push(r);
                                c.names.len() - 1
                            }
                        };
                    }
                    c.rel.push(last as u16);
                    let (s, t) = (e.source().index(), e.target().index());
                    c.hashes.push(fnv1a(&[ctx_ref.id(s).s, r, ctx_ref.id(t).s]));
                    if r == "SIGNED" || r == "CO_SIGNED" {
                        for ix in [s, t] {
                            if person[ix] {
                                c.signers.push(ix as u32);
                            }
                        }
                    }
                }
                c
            })
            .collect();
        // The relation names in first-seen order over the whole graph.
        let mut relations: Vec<(&'g str, bool)> = Vec::new();
        let mut rel = Vec::with_capacity(g.edge_count());
        let mut hashes = Vec::with_capacity(g.edge_count());
        let mut signer = vec![false; nodes.len()];
        for c in chunks {
            let map: Vec<u16> = c
                .names
                .iter()
                .map(|&n| match relations.iter().position(|r| r.0 == n) {
                    Some(i) => i as u16,
                    None => {
                        relations.push((n, out::plain(n)));
                        assert!(
                            relations.len() <= u16::MAX as usize,
                            "too many relation names"
                        );
                        (relations.len() - 1) as u16
                    }
                })
                .collect();
            rel.extend(c.rel.iter().map(|&r| map[r as usize]));
            hashes.extend_from_slice(&c.hashes);
            for ix in c.signers {
                signer[ix as usize] = true;
            }
        }
        let co_rel = relations
            .iter()
            .position(|r| r.0 == "CO_SIGNED")
            .map(|i| i as u16);
        ctx.co_signed = co_rel.map_or(0, |c| rel.iter().filter(|&&r| r == c).count());
        ctx.first_co_signed = co_rel.and_then(|c| rel.iter().position(|&r| r == c));
        ctx.first_signer = signer.iter().position(|&s| s);
        ctx.cols_cosigners = attr_columns(
            g.graph
                .node_indices()
                .filter(|ix| signer[ix.index()])
                .map(|ix| &g.graph[ix]),
        );
        ctx.keys = edge_keys(hashes);
        ctx.signer = signer;
        ctx.rel = rel;
        ctx.relations = relations;
        ctx.co_rel = co_rel;
        ctx
    }

    pub fn cols(&self, view: View) -> &[AttrCol] {
        match view {
            View::Full => &self.cols_full,
            View::Cosigners => &self.cols_cosigners,
        }
    }

    /// The id of node `i`, from the compact copy.
    #[inline]
    pub(crate) fn id(&self, i: usize) -> Id<'_> {
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

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&'g Node> {
        if !self.ids_sorted {
            return self.g.node(id);
        }
        let (mut lo, mut hi) = (0, self.id_end.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.id(mid).s.cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(&self.g.graph.raw_nodes()[mid].weight),
            }
        }
        None
    }

    /// Node `i` is in the view.
    #[inline]
    pub fn node_in(&self, view: View, i: usize) -> bool {
        view == View::Full || self.signer[i]
    }

    /// Edge `i` is in the view.
    #[inline]
    pub fn edge_in(&self, view: View, i: usize) -> bool {
        view == View::Full || Some(self.rel[i]) == self.co_rel
    }

    /// The first node of the view (node index).
    pub fn first_node(&self, view: View) -> Option<usize> {
        match view {
            View::Full => (self.g.node_count() > 0).then_some(0),
            View::Cosigners => self.first_signer,
        }
    }

    /// The first edge of the view (edge index).
    pub fn first_edge(&self, view: View) -> Option<usize> {
        match view {
            View::Full => (self.g.edge_count() > 0).then_some(0),
            View::Cosigners => self.first_co_signed,
        }
    }

    /// Edge `i` with its stable id, and the text of the fields that most files write alike
    /// rendered into `text` (once per edge rather than once per file).
    #[inline]
    pub fn edge<'a>(&'a self, i: usize, text: &'a mut String) -> KeyedEdge<'a> {
        let e = &self.g.graph.raw_edges()[i];
        let (relation, relation_plain) = self.relations[self.rel[i] as usize];
        let key = self.keys[i];
        text.clear();
        out::key_into(text, key);
        let key_end = text.len();
        out::weight_into(text, e.weight.weight);
        let weight_end = text.len();
        let letters_plain = out::plain_list(&e.weight.letters);
        if letters_plain {
            join_append(text, &e.weight.letters);
        }
        let letters_end = text.len();
        let evidence_plain = e.weight.evidence.iter().all(|ev| out::plain(&ev.document));
        if evidence_plain {
            evidence_append(text, &e.weight.evidence);
        }
        let text: &'a str = text;
        KeyedEdge {
            key_text: &text[..key_end],
            weight_text: &text[key_end..weight_end],
            letters_plain: letters_plain.then(|| &text[weight_end..letters_end]),
            evidence_plain: evidence_plain.then(|| &text[letters_end..]),
            source_id: self.id(e.source().index()),
            target_id: self.id(e.target().index()),
            target: &self.g.graph.raw_nodes()[e.target().index()].weight,
            relation,
            relation_plain,
            edge: &e.weight,
        }
    }
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
    /// The edge id as text (`e` + 16 hex digits, `-n` for a repeat).
    pub key_text: &'g str,
    /// The weight as [`Out::float`] writes it.
    pub weight_text: &'g str,
    /// The letters joined with `;`, when every one is plain (written as it is in every format
    /// but JSON; a spreadsheet cell still checks its first character).
    pub letters_plain: Option<&'g str>,
    /// The evidence as `document#start-end` joined with `;`, when every document is plain.
    pub evidence_plain: Option<&'g str>,
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

/// Stable edge ids, in graph edge order, from the hash of each edge: `e` + 16 hex digits of a
/// hash of (source id, relation, target id), so the same relation keeps its id when the graph
/// is rebuilt with more articles. Short ids keep the large exports small. A repeated hash (the
/// same triple twice, or a collision) gets `-2`, `-3`, ... in edge order, so ids are always
/// unique.
pub(crate) fn edge_keys(hashes: Vec<u64>) -> Vec<EdgeKey> {
    use rayon::prelude::*;
    let mut sorted = hashes.clone();
    sorted.par_sort_unstable();
    let repeated: std::collections::HashSet<u64> = sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    if repeated.is_empty() {
        return hashes
            .into_iter()
            .map(|hash| EdgeKey { hash, repeat: 0 })
            .collect();
    }
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

impl AttrKind {
    /// The type name GraphML and GEXF declare for the column (lists are written as text).
    pub(crate) fn xml_type(self) -> &'static str {
        match self {
            AttrKind::Long => "long",
            AttrKind::Double => "double",
            AttrKind::Str | AttrKind::List => "string",
        }
    }
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
    let mut b = [0u8; FLOAT_MAX];
    float_debug(f, &mut b).to_string()
}

/// Room for any float as [`float_debug`] writes it (`-1.2345678901234567e-308` is the longest).
pub(crate) const FLOAT_MAX: usize = 32;

/// The shortest digits of `f` might be a tie between two candidates, which ryu and Rust's
/// formatter break differently (`2030264174453955.25`: ryu `.2`, Rust `.3`).
///
/// Two candidates of `n` digits both round-trip only when their spacing is below an ulp, so
/// `n >= 16` (checked by the caller); and `f` must be their midpoint, whose exact decimal
/// expansion has `n + 1 <= 18` significant digits. With `f = m * 2^e`, `m` odd, that expansion
/// is `m * 5^-e` when `e < 0`, at least `5^27 > 10^18` (19 digits) when `e < -26`.
fn may_tie(f: f64) -> bool {
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, biased - 1075)
    };
    m != 0 && e + m.trailing_zeros() as i32 >= -26
}

/// A float as `format!("{f:?}")` writes it (`0.0` when not finite), into `out`.
///
/// The digits come from ryu, which finds the same shortest round-trip digits as Rust's own
/// formatter at a fraction of the cost but lays them out its own way (`0.000015`, `1e16`): they
/// are read back from its text and laid out as `Debug` does, exponential (`1.5e-5`, `1e16`)
/// below 1e-4 and from 1e16 on, decimal with at least one fractional digit otherwise. The rare
/// floats whose digits might be a tie ([`may_tie`]) are written by `format!` itself.
pub(crate) fn float_debug(f: f64, out: &mut [u8; FLOAT_MAX]) -> &str {
    if !f.is_finite() {
        out[..3].copy_from_slice(b"0.0");
        return std::str::from_utf8(&out[..3]).expect("ASCII");
    }
    let bits = f.to_bits();
    let slot = (bits ^ bits >> 17 ^ bits >> 41) as usize % FLOAT_CACHE_SLOTS;
    let len = FLOAT_CACHE.with_borrow_mut(|cache| {
        let (key, len, text) = &mut cache[slot];
        if *key != bits {
            *len = float_debug_uncached(f, text).len() as u8;
            *key = bits;
        }
        out.copy_from_slice(text);
        *len as usize
    });
    std::str::from_utf8(&out[..len]).expect("ASCII")
}

/// Slots of [`FLOAT_CACHE`].
const FLOAT_CACHE_SLOTS: usize = 8;

thread_local! {
    /// The text of the floats [`float_debug`] wrote last on this thread (bits, length, text),
    /// by a hash of their bits: the files are rendered together, node by node, so a node's
    /// attributes are written by up to five files one after the other and formatted once.
    /// The key of an empty slot is a NaN, which is never looked up.
    static FLOAT_CACHE: std::cell::RefCell<[(u64, u8, [u8; FLOAT_MAX]); FLOAT_CACHE_SLOTS]> =
        const { std::cell::RefCell::new([(u64::MAX, 0, [0; FLOAT_MAX]); FLOAT_CACHE_SLOTS]) };
}

/// [`float_debug`] for a finite float, without the cache.
fn float_debug_uncached(f: f64, out: &mut [u8; FLOAT_MAX]) -> &str {
    let mut ryu = ryu::Buffer::new();
    let text = ryu.format_finite(f).as_bytes();
    let (neg, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let (mantissa, e10) = match text.iter().position(|&c| c == b'e') {
        Some(i) => (
            &text[..i],
            std::str::from_utf8(&text[i + 1..])
                .ok()
                .and_then(|e| e.parse::<i32>().ok())
                .expect("ryu exponent"),
        ),
        None => (text, 0),
    };
    // The digits without the point; the value is 0.DIGITS x 10^exp.
    let mut digits = [0u8; FLOAT_MAX];
    let mut n = 0;
    let mut point = None;
    for &c in mantissa {
        if c == b'.' {
            point = Some(n);
        } else {
            digits[n] = c;
            n += 1;
        }
    }
    let mut exp = point.unwrap_or(n) as i32 + e10;
    let mut start = 0;
    while start < n && digits[start] == b'0' {
        start += 1;
        exp -= 1;
    }
    while n > start && digits[n - 1] == b'0' {
        n -= 1;
    }
    let d = &digits[start..n];
    if d.len() >= 16 && may_tie(f) {
        use std::io::Write as _;
        let mut w = &mut out[..];
        write!(w, "{f:?}").expect("room for any float");
        let len = FLOAT_MAX - w.len();
        return std::str::from_utf8(&out[..len]).expect("ASCII");
    }
    let mut len = 0;
    let mut put = |b: &[u8]| {
        out[len..len + b.len()].copy_from_slice(b);
        len += b.len();
    };
    if neg {
        put(b"-");
    }
    if d.is_empty() {
        put(b"0.0");
    } else if f.abs() < 1e-4 || f.abs() >= 1e16 {
        put(&d[..1]);
        if d.len() > 1 {
            put(b".");
            put(&d[1..]);
        }
        put(b"e");
        put(itoa::Buffer::new().format(exp - 1).as_bytes());
    } else if exp <= 0 {
        put(b"0.");
        for _ in 0..-exp {
            put(b"0");
        }
        put(d);
    } else if (exp as usize) < d.len() {
        put(&d[..exp as usize]);
        put(b".");
        put(&d[exp as usize..]);
    } else {
        put(d);
        for _ in d.len()..exp as usize {
            put(b"0");
        }
        put(b".0");
    }
    std::str::from_utf8(&out[..len]).expect("ASCII")
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
    join_append(out, items);
    out
}

/// Appends list items joined with `;` (a `;` inside an item becomes `,`).
pub(crate) fn join_append<S: AsRef<str>>(out: &mut String, items: &[S]) {
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
    out.clear();
    evidence_append(out, ev);
    out
}

/// Appends evidence spans as `document#start-end` joined with `;` (a `;` in a document name
/// becomes `,`).
pub(crate) fn evidence_append(out: &mut String, ev: &[crate::types::Evidence]) {
    for (i, e) in ev.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        if e.document.contains(';') {
            out.push_str(&e.document.replace(';', ","));
        } else {
            out.push_str(&e.document);
        }
        out.push('#');
        out.push_str(itoa::Buffer::new().format(e.start));
        out.push('-');
        out.push_str(itoa::Buffer::new().format(e.end));
    }
}

/// The date of an edge for the timeline: its own, else (for `SIGNED`) the letter's, else (for
/// `CO_SIGNED`) the earliest date of the letters signed together.
pub(crate) fn edge_date<'g>(ctx: &Context<'g>, e: &KeyedEdge<'g>) -> Option<Cow<'g, str>> {
    if let Some(d) = &e.edge.date {
        return Some(Cow::Borrowed(d));
    }
    match e.relation {
        "SIGNED" => e.target.date.as_deref().map(Cow::Borrowed),
        "CO_SIGNED" => e
            .edge
            .letters
            .iter()
            .filter_map(|l| ctx.node(l)?.date.as_deref().and_then(full_date))
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
    fn floats_as_debug_writes_them() {
        let mut b = [0u8; FLOAT_MAX];
        for f in [
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            1e-4,
            9.999999999999999e-5,
            1e-5,
            3.25e-5,
            1e15,
            9999999999999998.0,
            2030264174453955.2,
            1e16,
            1.5e16,
            1e21,
            1e22,
            123456.789,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
        ] {
            assert_eq!(float_debug(f, &mut b), format!("{f:?}"), "{f:e}");
        }
        assert_eq!(float_debug(f64::NAN, &mut b), "0.0");
        assert_eq!(float_debug(f64::NEG_INFINITY, &mut b), "0.0");
        // Random bit patterns (every exponent) and values of every decimal size.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let bits = f64::from_bits(x);
            let scaled = (x >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi((i % 48) - 24);
            let short = (x % 100_000) as f64 / 10f64.powi(i % 12);
            // Every binary exponent near the tie range, full mantissas.
            let near = f64::from_bits((x & ((1 << 52) - 1)) | ((1023 + 20 + i as u64 % 60) << 52));
            for f in [bits, scaled, -scaled, short, near, near / 4096.0] {
                if f.is_finite() {
                    assert_eq!(
                        float_debug(f, &mut b),
                        format!("{f:?}"),
                        "{:x}",
                        f.to_bits()
                    );
                }
            }
        }
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
