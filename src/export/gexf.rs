//! GEXF 1.3 (`graph.gexf`), dynamic, for Gephi's timeline.
//!
//! Letters, `SIGNED` and `CO_SIGNED` carry their date as a spell starting that day (partial
//! dates on the first day of their period: `2016-12` → `2016-12-01`), so playing the timeline
//! shows the co-signature network grow letter by letter; everything else is always present.
//! `CO_SIGNED` starts with the earliest letter signed together. Nodes are coloured by entity
//! type (`viz:color`), placed by the layout of the whole graph (`viz:position`, see
//! [`crate::layout`]) and sized by mentions. Every edge is written directed (as in
//! `graph.graphml`): GEXF readers refuse mixed graphs; `CO_SIGNED` is stored once, source id <
//! target id.

use std::fmt::Write as _;
use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::out::{XmlEdgeTags, XmlNodeTags};
use super::parallel::GraphFile;
use super::{
    edge_date, full_date_cow, type_colour, xml_clean, AttrCol, Context, Id, KeyedEdge, Out, View,
};
use crate::graph::Node;

/// GEXF edge fields are `<attvalue for="..." value="..."/>` too.
const GEXF_EDGE_TAGS: XmlEdgeTags<'static> = XmlEdgeTags {
    letters: b"<attvalue for=\"letters\" value=\"",
    date: b"<attvalue for=\"date\" value=\"",
    evidence: b"<attvalue for=\"evidence\" value=\"",
    close: b"\"/>",
};

/// GEXF node fields are `<attvalue for="..." value="..."/>`.
const GEXF_NODE_TAGS: XmlNodeTags<'static> = XmlNodeTags {
    surfaces: b"<attvalue for=\"surfaces\" value=\"",
    aliases: b"<attvalue for=\"aliases\" value=\"",
    documents: b"<attvalue for=\"documents\" value=\"",
    mentions: b"<attvalue for=\"mentions\" value=\"",
    source: b"<attvalue for=\"source\" value=\"",
    date: b"<attvalue for=\"date\" value=\"",
    close: b"\"/>",
};

fn attribute<W: Write>(x: &mut Writer<W>, name: &str, ty: &str) -> io::Result<()> {
    x.create_element("attribute")
        .with_attributes([("id", name), ("title", name), ("type", ty)])
        .write_empty()?;
    Ok(())
}

/// The start of `<attvalue for="key" value="`, as quick-xml writes it.
fn attvalue_tag(key: &str) -> Vec<u8> {
    let mut v = Vec::new();
    let mut x = Writer::new(&mut v);
    x.write_event(Event::Empty(
        BytesStart::new("attvalue").with_attributes([("for", key), ("value", "")]),
    ))
    .expect("write to a Vec");
    v.truncate(v.len() - b"\"/>".len());
    v
}

fn nl<W: Write>(x: &mut Writer<W>) -> io::Result<()> {
    x.get_mut().write_all(b"\n")
}

/// `<spells><spell start=".."/></spells>`.
fn spell(out: &mut Out<'_>, start: &str) {
    out.raw(b"<spells><spell start=\"");
    out.xml(start);
    out.raw(b"\"/></spells>");
}

fn text_element<W: Write>(x: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    x.create_element(name)
        .write_text_content(BytesText::new(&xml_clean(text)))?;
    Ok(())
}

/// The whole graph as dynamic GEXF 1.3.
pub(crate) struct Gexf<'c, 'g> {
    ctx: &'c Context<'g>,
    cols: &'c [AttrCol],
    /// The start of each attribute column's `<attvalue>`, prepared once.
    col_tags: Vec<Vec<u8>>,
}

impl<'c, 'g> Gexf<'c, 'g> {
    pub fn new(ctx: &'c Context<'g>) -> Self {
        let cols = ctx.cols(View::Full);
        Gexf {
            ctx,
            cols,
            col_tags: cols.iter().map(|c| attvalue_tag(&c.name)).collect(),
        }
    }
}

impl GraphFile for Gexf<'_, '_> {
    fn head(&self, out: &mut Out<'_>) -> io::Result<()> {
        let mut x = Writer::new(out);
        x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        nl(&mut x)?;
        x.write_event(Event::Start(BytesStart::new("gexf").with_attributes([
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:viz", "http://gexf.net/1.3/viz"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ])))?;
        nl(&mut x)?;
        x.write_event(Event::Start(BytesStart::new("meta")))?;
        text_element(&mut x, "creator", "entigraph")?;
        text_element(
            &mut x,
            "description",
            "Knowledge graph of people, prisons, letters and co-signatures",
        )?;
        x.write_event(Event::End(BytesEnd::new("meta")))?;
        nl(&mut x)?;
        x.write_event(Event::Start(BytesStart::new("graph").with_attributes([
            ("defaultedgetype", "directed"),
            ("mode", "dynamic"),
            ("timeformat", "date"),
            ("timerepresentation", "interval"),
        ])))?;
        nl(&mut x)?;

        x.write_event(Event::Start(
            BytesStart::new("attributes").with_attributes([("class", "node"), ("mode", "static")]),
        ))?;
        nl(&mut x)?;
        for (name, ty) in super::NODE_FIELDS {
            attribute(&mut x, name, ty)?;
            nl(&mut x)?;
        }
        for c in self.cols {
            attribute(&mut x, &c.name, c.kind.xml_type())?;
            nl(&mut x)?;
        }
        x.write_event(Event::End(BytesEnd::new("attributes")))?;
        nl(&mut x)?;
        x.write_event(Event::Start(
            BytesStart::new("attributes").with_attributes([("class", "edge"), ("mode", "static")]),
        ))?;
        nl(&mut x)?;
        for name in ["relation", "letters", "date", "evidence"] {
            attribute(&mut x, name, "string")?;
            nl(&mut x)?;
        }
        x.write_event(Event::End(BytesEnd::new("attributes")))?;
        nl(&mut x)?;

        x.write_event(Event::Start(BytesStart::new("nodes")))?;
        nl(&mut x)
    }

    fn nodes(&self) -> Option<View> {
        Some(View::Full)
    }

    // Nodes and edges, one per line: written by hand (see `out`).
    fn node(&self, out: &mut Out<'_>, n: &Node, id: Id<'_>, i: usize) {
        out.raw(b"<node id=\"");
        out.xml_id(id);
        out.raw(b"\" label=\"");
        out.xml(&n.label);
        out.raw(b"\"><attvalues><attvalue for=\"entity_type\" value=\"");
        out.xml(n.entity_type.as_str());
        out.raw(b"\"/>");
        out.xml_node_fields(n, &GEXF_NODE_TAGS, self.cols, &self.col_tags);
        out.raw(b"</attvalues>");
        if n.entity_type == crate::EntityType::Letter {
            if let Some(d) = n.date.as_deref().and_then(full_date_cow) {
                spell(out, &d);
            }
        }
        let (r, g, b) = type_colour(n.entity_type);
        out.raw(b"<viz:color r=\"");
        out.u64(r as u64);
        out.raw(b"\" g=\"");
        out.u64(g as u64);
        out.raw(b"\" b=\"");
        out.u64(b as u64);
        out.raw(b"\"/>");
        if let Some([x, y]) = self.ctx.position(View::Full, i) {
            out.raw(b"<viz:position x=\"");
            out.float(x);
            out.raw(b"\" y=\"");
            out.float(y);
            out.raw(b"\"/>");
        }
        out.raw(b"<viz:size value=\"");
        let mut size = String::new();
        let _ = write!(size, "{:.1}", 10.0 + 4.0 * (1.0 + n.mentions as f64).ln());
        out.xml(&size);
        out.raw(b"\"/></node>\n");
    }

    fn middle(&self, out: &mut Out<'_>) -> io::Result<()> {
        out.raw(b"</nodes>\n<edges>\n");
        Ok(())
    }

    fn edges(&self) -> Option<View> {
        Some(View::Full)
    }

    #[inline]
    fn edge(&self, out: &mut Out<'_>, e: &KeyedEdge<'_>, _i: usize) {
        let rel = e.relation;
        out.raw(b"<edge id=\"");
        out.s(e.key_text);
        out.raw(b"\" source=\"");
        out.xml_id(e.source_id);
        out.raw(b"\" target=\"");
        out.xml_id(e.target_id);
        out.raw(b"\" label=\"");
        out.xml_rel(e);
        out.raw(b"\" kind=\"");
        out.xml_rel(e);
        out.raw(b"\" weight=\"");
        out.s(e.weight_text);
        out.raw(b"\"><attvalues><attvalue for=\"relation\" value=\"");
        out.xml_rel(e);
        out.raw(b"\"/>");
        out.xml_edge_fields(e, &GEXF_EDGE_TAGS);
        out.raw(b"</attvalues>");
        if matches!(rel, "SIGNED" | "CO_SIGNED") {
            if let Some(d) = edge_date(self.ctx, e).as_deref().and_then(full_date_cow) {
                spell(out, &d);
            }
        }
        out.raw(b"</edge>\n");
    }

    fn tail(&self, out: &mut Out<'_>) -> io::Result<()> {
        let mut x = Writer::new(out);
        x.write_event(Event::End(BytesEnd::new("edges")))?;
        nl(&mut x)?;
        x.write_event(Event::End(BytesEnd::new("graph")))?;
        nl(&mut x)?;
        x.write_event(Event::End(BytesEnd::new("gexf")))?;
        nl(&mut x)
    }
}
