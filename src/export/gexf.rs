//! GEXF 1.3 (`graph.gexf`), dynamic, for Gephi's timeline.
//!
//! Letters, `SIGNED` and `CO_SIGNED` carry their date as a spell starting that day (partial
//! dates on the first day of their period: `2016-12` → `2016-12-01`), so playing the timeline
//! shows the co-signature network grow letter by letter; everything else is always present.
//! `CO_SIGNED` starts with the earliest letter signed together. Nodes are coloured by entity
//! type (`viz:color`) and sized by mentions. Every edge is written directed (as in
//! `graph.graphml`): GEXF readers refuse mixed graphs; `CO_SIGNED` is stored once, source id <
//! target id.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{
    attr_text, edge_date, evidence_into, float_into, full_date, int_into, join_into, type_colour,
    xml_clean, AttrKind, Context, View,
};

fn attribute<W: Write>(x: &mut Writer<W>, name: &str, ty: &str) -> io::Result<()> {
    x.create_element("attribute")
        .with_attributes([("id", name), ("title", name), ("type", ty)])
        .write_empty()?;
    Ok(())
}

/// Writes `<attvalue for=.. value=../>` through a reused tag (no allocation per value).
fn attvalue<W: Write>(
    x: &mut Writer<W>,
    tag: &mut BytesStart<'_>,
    key: &str,
    value: &str,
) -> io::Result<()> {
    tag.clear_attributes();
    tag.push_attribute(("for", key));
    tag.push_attribute(("value", xml_clean(value).as_ref()));
    x.write_event(Event::Empty(tag.borrow()))
}

fn nl<W: Write>(x: &mut Writer<W>) -> io::Result<()> {
    x.get_mut().write_all(b"\n")
}

fn spell<W: Write>(x: &mut Writer<W>, start: &str) -> io::Result<()> {
    x.write_event(Event::Start(BytesStart::new("spells")))?;
    x.create_element("spell")
        .with_attribute(("start", start))
        .write_empty()?;
    x.write_event(Event::End(BytesEnd::new("spells")))?;
    Ok(())
}

fn text_element<W: Write>(x: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    x.create_element(name)
        .write_text_content(BytesText::new(&xml_clean(text)))?;
    Ok(())
}

/// Writes the whole graph as dynamic GEXF 1.3.
pub(crate) fn write(w: &mut dyn Write, ctx: &Context<'_>) -> io::Result<()> {
    let view = View::Full;
    let mut x = Writer::new(w);
    let mut av = BytesStart::new("attvalue");
    let mut buf = String::new();
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

    let cols = ctx.cols(view);
    x.write_event(Event::Start(
        BytesStart::new("attributes").with_attributes([("class", "node"), ("mode", "static")]),
    ))?;
    nl(&mut x)?;
    for (name, ty) in [
        ("entity_type", "string"),
        ("surfaces", "string"),
        ("aliases", "string"),
        ("documents", "string"),
        ("mentions", "long"),
        ("source", "string"),
        ("date", "string"),
    ] {
        attribute(&mut x, name, ty)?;
        nl(&mut x)?;
    }
    for c in cols {
        let ty = match c.kind {
            AttrKind::Long => "long",
            AttrKind::Double => "double",
            AttrKind::Str | AttrKind::List => "string",
        };
        attribute(&mut x, &c.name, ty)?;
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
    nl(&mut x)?;
    let mut tag = BytesStart::new("node");
    for n in ctx.nodes(view) {
        tag.clear_attributes();
        tag.push_attribute(("id", xml_clean(&n.id).as_ref()));
        tag.push_attribute(("label", xml_clean(&n.label).as_ref()));
        x.write_event(Event::Start(tag.borrow()))?;
        x.write_event(Event::Start(BytesStart::new("attvalues")))?;
        attvalue(&mut x, &mut av, "entity_type", n.entity_type.as_str())?;
        for (k, list) in [
            ("surfaces", &n.surfaces),
            ("aliases", &n.aliases),
            ("documents", &n.documents),
        ] {
            if !list.is_empty() {
                attvalue(&mut x, &mut av, k, join_into(&mut buf, list))?;
            }
        }
        attvalue(&mut x, &mut av, "mentions", int_into(&mut buf, n.mentions))?;
        attvalue(&mut x, &mut av, "source", n.source.as_str())?;
        if let Some(d) = &n.date {
            attvalue(&mut x, &mut av, "date", d)?;
        }
        for c in cols {
            if let Some(v) = n.attrs.get(&c.key) {
                attvalue(&mut x, &mut av, &c.name, &attr_text(v))?;
            }
        }
        x.write_event(Event::End(BytesEnd::new("attvalues")))?;
        if n.entity_type == crate::EntityType::Letter {
            if let Some(d) = n.date.as_deref().and_then(full_date) {
                spell(&mut x, &d)?;
            }
        }
        let (r, g, b) = type_colour(n.entity_type);
        x.create_element("viz:color")
            .with_attributes([
                ("r", r.to_string().as_str()),
                ("g", g.to_string().as_str()),
                ("b", b.to_string().as_str()),
            ])
            .write_empty()?;
        let size = 10.0 + 4.0 * (1.0 + n.mentions as f64).ln();
        x.create_element("viz:size")
            .with_attribute(("value", format!("{size:.1}").as_str()))
            .write_empty()?;
        x.write_event(Event::End(BytesEnd::new("node")))?;
        nl(&mut x)?;
    }
    x.write_event(Event::End(BytesEnd::new("nodes")))?;
    nl(&mut x)?;

    x.write_event(Event::Start(BytesStart::new("edges")))?;
    nl(&mut x)?;
    let mut tag = BytesStart::new("edge");
    for e in ctx.edges(view) {
        let rel = xml_clean(&e.edge.relation);
        tag.clear_attributes();
        tag.push_attribute(("id", xml_clean(e.key).as_ref()));
        tag.push_attribute(("source", xml_clean(&e.source.id).as_ref()));
        tag.push_attribute(("target", xml_clean(&e.target.id).as_ref()));
        tag.push_attribute(("label", rel.as_ref()));
        tag.push_attribute(("kind", rel.as_ref()));
        tag.push_attribute(("weight", float_into(&mut buf, e.edge.weight)));
        x.write_event(Event::Start(tag.borrow()))?;
        x.write_event(Event::Start(BytesStart::new("attvalues")))?;
        attvalue(&mut x, &mut av, "relation", &e.edge.relation)?;
        if !e.edge.letters.is_empty() {
            attvalue(
                &mut x,
                &mut av,
                "letters",
                join_into(&mut buf, &e.edge.letters),
            )?;
        }
        if let Some(d) = &e.edge.date {
            attvalue(&mut x, &mut av, "date", d)?;
        }
        if !e.edge.evidence.is_empty() {
            attvalue(
                &mut x,
                &mut av,
                "evidence",
                evidence_into(&mut buf, &e.edge.evidence),
            )?;
        }
        x.write_event(Event::End(BytesEnd::new("attvalues")))?;
        if matches!(e.edge.relation.as_str(), "SIGNED" | "CO_SIGNED") {
            if let Some(d) = edge_date(ctx.g, &e).as_deref().and_then(full_date) {
                spell(&mut x, &d)?;
            }
        }
        x.write_event(Event::End(BytesEnd::new("edge")))?;
        nl(&mut x)?;
    }
    x.write_event(Event::End(BytesEnd::new("edges")))?;
    nl(&mut x)?;
    x.write_event(Event::End(BytesEnd::new("graph")))?;
    nl(&mut x)?;
    x.write_event(Event::End(BytesEnd::new("gexf")))?;
    nl(&mut x)?;
    Ok(())
}
