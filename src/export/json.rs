//! networkx node-link JSON (`graph.json`, `cosigners.json`), one node or edge per line.
//!
//! ```text
//! {"directed": true, "multigraph": true, "graph": {...}, "nodes": [...], "edges": [...]}
//! ```
//!
//! `cosigners.json` is a simple undirected graph (`multigraph: false`).
//! Read with `networkx.node_link_graph(data)` (networkx ≥ 3.4: edges under `"edges"`).
//! A node carries `id`, `label`, `entity_type`, `surfaces`, `aliases`, `documents`,
//! `mentions`, `source`, then `date` and its attributes (measures included) when present; an
//! edge `source`, `target`, `key` (the stable edge id), `relation`, `weight`, `evidence`
//! (`[{document, start, end}]`), then `letters` and `date` when present. Strings are written
//! losslessly (control characters as `\u0001` escapes).

use std::io::{self, Write};

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::{AttrCol, Context, KeyedEdge, View};
use crate::graph::Node;

struct NodeOut<'a> {
    n: &'a Node,
    cols: &'a [AttrCol],
}

impl Serialize for NodeOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.n;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &n.id)?;
        m.serialize_entry("label", &n.label)?;
        m.serialize_entry("entity_type", n.entity_type.as_str())?;
        m.serialize_entry("surfaces", &n.surfaces)?;
        m.serialize_entry("aliases", &n.aliases)?;
        m.serialize_entry("documents", &n.documents)?;
        m.serialize_entry("mentions", &n.mentions)?;
        m.serialize_entry("source", n.source.as_str())?;
        if let Some(d) = &n.date {
            m.serialize_entry("date", d)?;
        }
        for c in self.cols {
            if let Some(v) = n.attrs.get(&c.key) {
                m.serialize_entry(&c.name, v)?;
            }
        }
        m.end()
    }
}

struct EdgeOut<'a>(&'a KeyedEdge<'a>);

impl Serialize for EdgeOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("source", &e.source.id)?;
        m.serialize_entry("target", &e.target.id)?;
        m.serialize_entry("key", &e.key)?;
        m.serialize_entry("relation", &e.edge.relation)?;
        m.serialize_entry("weight", &e.edge.weight)?;
        m.serialize_entry("evidence", &e.edge.evidence)?;
        if !e.edge.letters.is_empty() {
            m.serialize_entry("letters", &e.edge.letters)?;
        }
        if let Some(d) = &e.edge.date {
            m.serialize_entry("date", d)?;
        }
        m.end()
    }
}

/// Writes the graph (or the co-signature network) as node-link JSON.
pub(crate) fn write(w: &mut dyn Write, ctx: &Context<'_>, view: View) -> io::Result<()> {
    // The co-signature network has one edge per pair: a simple undirected graph.
    let (directed, multigraph, name) = match view {
        View::Full => (true, true, "entigraph"),
        View::Cosigners => (false, false, "cosigners"),
    };
    writeln!(
        w,
        "{{\"directed\": {directed}, \"multigraph\": {multigraph}, \"graph\": {{\"name\": \"{name}\"}},"
    )?;
    w.write_all(b"\"nodes\": [")?;
    let cols = ctx.cols(view);
    for (i, n) in ctx.nodes(view).enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *w, &NodeOut { n, cols })?;
    }
    w.write_all(b"\n],\n\"edges\": [")?;
    for (i, e) in ctx.edges(view).enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *w, &EdgeOut(&e))?;
    }
    w.write_all(b"\n]}\n")?;
    Ok(())
}
