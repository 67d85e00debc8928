//! What every writer needs, computed once per export ([`Context`]): the graph, which nodes
//! and edges each view holds, the attribute columns, the stable edge ids, and compact copies of
//! what the writers read most (node ids, relations).

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{evidence_append, full_date, join_append, out, EdgeKey};
use crate::graph::{AttrValue, Edge, KnowledgeGraph, Node};
use crate::layout::Layouts;
use crate::types::EntityType;

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
    /// Node positions ([`crate::layout`]), when the files carry them.
    pub layout: Option<&'g Layouts>,
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
            layout: None,
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

        let chunks = ctx.edge_chunks(&person);
        let (relations, rel, hashes, signer) = merge_chunks(chunks, nodes.len(), g.edge_count());
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

    /// One parallel pass over the edges: the hash of each edge id, the relation (as an index
    /// into the names seen in the chunk) and the people who signed (`person`: by node index).
    fn edge_chunks(&self, person: &[bool]) -> Vec<Chunk<'g>> {
        use rayon::prelude::*;
        let ctx_ref = self;
        self.g
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
            .collect()
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

    /// The position of node `i` in the drawing of the view, when there is a layout.
    #[inline]
    pub fn position(&self, view: View, i: usize) -> Option<[f64; 2]> {
        let l = self.layout?;
        match view {
            View::Full => l.full.get(i).copied(),
            View::Cosigners => l.cosigners.get(i).copied().flatten(),
        }
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

/// What one chunk of edges gives ([`Context::edge_chunks`]): edge id hashes, relations as
/// indices into the chunk's names, and the people who signed.
struct Chunk<'g> {
    hashes: Vec<u64>,
    rel: Vec<u16>,
    names: Vec<&'g str>,
    signers: Vec<u32>,
}

/// The chunks put together: the relation names in first-seen order over the whole graph (with
/// whether each is plain), each edge's relation and id hash, and the signers by node index.
#[allow(clippy::type_complexity)]
fn merge_chunks<'g>(
    chunks: Vec<Chunk<'g>>,
    nodes: usize,
    edges: usize,
) -> (Vec<(&'g str, bool)>, Vec<u16>, Vec<u64>, Vec<bool>) {
    let mut relations: Vec<(&'g str, bool)> = Vec::new();
    let mut rel = Vec::with_capacity(edges);
    let mut hashes = Vec::with_capacity(edges);
    let mut signer = vec![false; nodes];
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
    (relations, rel, hashes, signer)
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
    "x",
    "y",
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

#[cfg(test)]
mod tests {
    use super::*;

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
