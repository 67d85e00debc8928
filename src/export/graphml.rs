//! GraphML 1.0 (`graph.graphml`, directed; `cosigners.graphml`, undirected).
//!
//! Every attribute is a typed `<key>` with a neutral id (`v_label`, `e_weight`) and an
//! `attr.name`; types are `string`, `long` or `double` only (no `liststring`: lists are joined
//! with `;`). Values are escaped by quick-xml (plain text is copied as it is, see `out`);
//! characters XML cannot carry are removed.
//! With a layout ([`crate::layout`]) every node has `x` and `y` (`double`): its position in the
//! drawing of the file's graph (Gephi and yEd read them).
//! Readable by networkx, igraph, Gephi and yEd, and valid against the GraphML XSD.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::Writer;

use super::out::{XmlEdgeTags, XmlNodeTags};
use super::parallel::GraphFile;
use super::{AttrCol, Context, Id, KeyedEdge, Out, View};
use crate::graph::Node;

/// GraphML edge fields are `<data key="e_...">...</data>` too.
const GRAPHML_EDGE_TAGS: XmlEdgeTags<'static> = XmlEdgeTags {
    letters: b"<data key=\"e_letters\">",
    date: b"<data key=\"e_date\">",
    evidence: b"<data key=\"e_evidence\">",
    close: b"</data>",
};

/// GraphML node fields are `<data key="v_...">...</data>`.
const GRAPHML_NODE_TAGS: XmlNodeTags<'static> = XmlNodeTags {
    surfaces: b"<data key=\"v_surfaces\">",
    aliases: b"<data key=\"v_aliases\">",
    documents: b"<data key=\"v_documents\">",
    mentions: b"<data key=\"v_mentions\">",
    source: b"<data key=\"v_source\">",
    date: b"<data key=\"v_date\">",
    close: b"</data>",
};

const NS: &str = "http://graphml.graphdrawing.org/xmlns";
const SCHEMA: &str =
    "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd";

fn key<W: Write>(
    x: &mut Writer<W>,
    id: &str,
    domain: &str,
    name: &str,
    ty: &str,
) -> io::Result<()> {
    x.create_element("key")
        .with_attributes([
            ("id", id),
            ("for", domain),
            ("attr.name", name),
            ("attr.type", ty),
        ])
        .write_empty()?;
    Ok(())
}

/// The start tag `<data key="k">`, as quick-xml writes it.
fn data_tag(k: &str) -> Vec<u8> {
    let mut v = Vec::new();
    let mut x = Writer::new(&mut v);
    x.write_event(Event::Start(
        BytesStart::new("data").with_attributes([("key", k)]),
    ))
    .expect("write to a Vec");
    v
}

fn nl<W: Write>(x: &mut Writer<W>) -> io::Result<()> {
    x.get_mut().write_all(b"\n")
}

/// The graph (or the co-signature network) as GraphML: one key, node or edge per line.
pub(crate) struct Graphml<'c> {
    view: View,
    ctx: &'c Context<'c>,
    /// The nodes carry `x` and `y` (there is a layout).
    positions: bool,
    cols: &'c [AttrCol],
    /// The start tags of the attribute columns' `<data>`, prepared once.
    col_tags: Vec<Vec<u8>>,
}

impl<'c> Graphml<'c> {
    pub fn new(ctx: &'c Context<'c>, view: View) -> Self {
        let cols = ctx.cols(view);
        Graphml {
            view,
            ctx,
            positions: ctx.layout.is_some(),
            cols,
            col_tags: cols.iter().map(|c| data_tag(&col_key(c))).collect(),
        }
    }
}

fn col_key(c: &AttrCol) -> String {
    format!("v_{}", c.name)
}

impl GraphFile for Graphml<'_> {
    fn head(&self, out: &mut Out<'_>) -> io::Result<()> {
        let view = self.view;
        let mut x = Writer::new(out);
        x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        nl(&mut x)?;
        x.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
            ("xmlns", NS),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", SCHEMA),
        ])))?;
        nl(&mut x)?;

        for (name, ty) in std::iter::once(("label", "string")).chain(super::NODE_FIELDS) {
            key(&mut x, &format!("v_{name}"), "node", name, ty)?;
            nl(&mut x)?;
        }
        for c in self.cols {
            key(&mut x, &col_key(c), "node", &c.name, c.kind.xml_type())?;
            nl(&mut x)?;
        }
        if self.positions {
            for name in ["x", "y"] {
                key(&mut x, &format!("v_{name}"), "node", name, "double")?;
                nl(&mut x)?;
            }
        }
        for (name, ty) in [
            ("relation", "string"),
            ("weight", "double"),
            ("letters", "string"),
            ("date", "string"),
            ("evidence", "string"),
        ] {
            key(&mut x, &format!("e_{name}"), "edge", name, ty)?;
            nl(&mut x)?;
        }

        let edgedefault = match view {
            View::Full => "directed",
            View::Cosigners => "undirected",
        };
        let gid = match view {
            View::Full => "entigraph",
            View::Cosigners => "cosigners",
        };
        x.write_event(Event::Start(
            BytesStart::new("graph").with_attributes([("id", gid), ("edgedefault", edgedefault)]),
        ))?;
        nl(&mut x)
    }

    fn nodes(&self) -> Option<View> {
        Some(self.view)
    }

    // Nodes and edges, one per line: written by hand (see `out`).
    #[inline]
    fn node(&self, out: &mut Out<'_>, n: &Node, id: Id<'_>, i: usize) {
        out.raw(b"<node id=\"");
        out.xml_id(id);
        out.raw(b"\"><data key=\"v_label\">");
        out.xml(&n.label);
        out.raw(b"</data><data key=\"v_entity_type\">");
        out.xml(n.entity_type.as_str());
        out.raw(b"</data>");
        out.xml_node_fields(n, &GRAPHML_NODE_TAGS, self.cols, &self.col_tags);
        if let Some([x, y]) = self.ctx.position(self.view, i) {
            out.raw(b"<data key=\"v_x\">");
            out.float(x);
            out.raw(b"</data><data key=\"v_y\">");
            out.float(y);
            out.raw(b"</data>");
        }
        out.raw(b"</node>\n");
    }

    fn edges(&self) -> Option<View> {
        Some(self.view)
    }

    #[inline]
    fn edge(&self, out: &mut Out<'_>, e: &KeyedEdge<'_>, _i: usize) {
        out.raw(b"<edge id=\"");
        out.s(e.key_text);
        out.raw(b"\" source=\"");
        out.xml_id(e.source_id);
        out.raw(b"\" target=\"");
        out.xml_id(e.target_id);
        out.raw(b"\"><data key=\"e_relation\">");
        out.xml_rel(e);
        out.raw(b"</data><data key=\"e_weight\">");
        out.s(e.weight_text);
        out.raw(b"</data>");
        out.xml_edge_fields(e, &GRAPHML_EDGE_TAGS);
        out.raw(b"</edge>\n");
    }

    fn tail(&self, out: &mut Out<'_>) -> io::Result<()> {
        let mut x = Writer::new(out);
        x.write_event(Event::End(BytesEnd::new("graph")))?;
        nl(&mut x)?;
        x.write_event(Event::End(BytesEnd::new("graphml")))?;
        nl(&mut x)
    }
}
