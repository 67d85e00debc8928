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

use super::parallel::GraphFile;
use super::{AttrCol, Context, Id, KeyedEdge, Out, View};
use crate::graph::Node;

/// The graph (or the co-signature network) as node-link JSON.
///
/// Written by hand (see `out`): the same bytes serde_json writes for these maps, with strings
/// that need escaping handed to serde_json.
pub(crate) struct Json<'c> {
    view: View,
    cols: &'c [AttrCol],
    /// The first node and edge of the view (written without the `,` before it).
    first_node: Option<usize>,
    first_edge: Option<usize>,
}

impl<'c> Json<'c> {
    pub fn new(ctx: &'c Context<'_>, view: View) -> Self {
        Json {
            view,
            cols: ctx.cols(view),
            first_node: ctx.first_node(view),
            first_edge: ctx.first_edge(view),
        }
    }
}

impl GraphFile for Json<'_> {
    fn head(&self, out: &mut Out<'_>) -> io::Result<()> {
        // The co-signature network has one edge per pair: a simple undirected graph.
        let (directed, multigraph, name) = match self.view {
            View::Full => (true, true, "entigraph"),
            View::Cosigners => (false, false, "cosigners"),
        };
        writeln!(
            out,
            "{{\"directed\": {directed}, \"multigraph\": {multigraph}, \"graph\": {{\"name\": \"{name}\"}},"
        )?;
        out.raw(b"\"nodes\": [");
        Ok(())
    }

    fn nodes(&self) -> Option<View> {
        Some(self.view)
    }

    fn node(&self, out: &mut Out<'_>, n: &Node, id: Id<'_>, i: usize) {
        out.raw(if Some(i) == self.first_node {
            b"\n"
        } else {
            b",\n"
        });
        out.raw(b"{\"id\":");
        out.json_id(id);
        out.raw(b",\"label\":");
        out.json_str(&n.label);
        out.raw(b",\"entity_type\":");
        out.json_str(n.entity_type.as_str());
        out.raw(b",\"surfaces\":");
        out.json_strs(&n.surfaces);
        out.raw(b",\"aliases\":");
        out.json_strs(&n.aliases);
        out.raw(b",\"documents\":");
        out.json_strs(&n.documents);
        out.raw(b",\"mentions\":");
        out.u64(n.mentions);
        out.raw(b",\"source\":");
        out.json_str(n.source.as_str());
        if let Some(d) = &n.date {
            out.raw(b",\"date\":");
            out.json_str(d);
        }
        for c in self.cols {
            if let Some(v) = n.attrs.get(&c.key) {
                out.raw(b",");
                out.json_str(&c.name);
                out.raw(b":");
                out.json_attr_value(v);
            }
        }
        out.raw(b"}");
    }

    fn middle(&self, out: &mut Out<'_>) -> io::Result<()> {
        out.raw(b"\n],\n\"edges\": [");
        Ok(())
    }

    fn edges(&self) -> Option<View> {
        Some(self.view)
    }

    #[inline]
    fn edge(&self, out: &mut Out<'_>, e: &KeyedEdge<'_>, i: usize) {
        out.raw(if Some(i) == self.first_edge {
            b"\n"
        } else {
            b",\n"
        });
        out.raw(b"{\"source\":");
        out.json_id(e.source_id);
        out.raw(b",\"target\":");
        out.json_id(e.target_id);
        out.raw(b",\"key\":\"");
        out.s(e.key_text);
        out.raw(b"\",\"relation\":");
        out.json_rel(e);
        out.raw(b",\"weight\":");
        out.json_float(e.edge.weight);
        out.raw(b",\"evidence\":[");
        for (j, ev) in e.edge.evidence.iter().enumerate() {
            out.raw(if j == 0 {
                b"{\"document\":"
            } else {
                b",{\"document\":"
            });
            out.json_str(&ev.document);
            out.raw(b",\"start\":");
            out.u64(ev.start as u64);
            out.raw(b",\"end\":");
            out.u64(ev.end as u64);
            out.raw(b"}");
        }
        out.raw(b"]");
        if !e.edge.letters.is_empty() {
            out.raw(b",\"letters\":");
            out.json_strs(&e.edge.letters);
        }
        if let Some(d) = &e.edge.date {
            out.raw(b",\"date\":");
            out.json_str(d);
        }
        out.raw(b"}");
    }

    fn tail(&self, out: &mut Out<'_>) -> io::Result<()> {
        out.raw(b"\n]}\n");
        Ok(())
    }
}
