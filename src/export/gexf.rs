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
    attr_text, edge_date, evidence_text, float_text, full_date, join_list, type_colour, xml_clean,
    AttrKind, Context, View,
};

fn attribute<W: Write>(x: &mut Writer<W>, name: &str, ty: &str) -> io::Result<()> {
    x.create_element("attribute")
        .with_attributes([("id", name), ("title", name), ("type", ty)])
        .write_empty()?;
    Ok(())
}

fn attvalue<W: Write>(x: &mut Writer<W>, key: &str, value: &str) -> io::Result<()> {
    x.create_element("attvalue")
        .with_attributes([("for", key), ("value", xml_clean(value).as_ref())])
        .write_empty()?;
    Ok(())
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
    let mut x = Writer::new_with_indent(w, b' ', 2);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
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
    x.write_event(Event::Start(BytesStart::new("meta")))?;
    text_element(&mut x, "creator", "entigraph")?;
    text_element(
        &mut x,
        "description",
        "Knowledge graph of people, prisons, letters and co-signatures",
    )?;
    x.write_event(Event::End(BytesEnd::new("meta")))?;
    x.write_event(Event::Start(BytesStart::new("graph").with_attributes([
        ("defaultedgetype", "directed"),
        ("mode", "dynamic"),
        ("timeformat", "date"),
        ("timerepresentation", "interval"),
    ])))?;

    let cols = ctx.cols(view);
    x.write_event(Event::Start(
        BytesStart::new("attributes").with_attributes([("class", "node"), ("mode", "static")]),
    ))?;
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
    }
    for c in cols {
        let ty = match c.kind {
            AttrKind::Long => "long",
            AttrKind::Double => "double",
            AttrKind::Str | AttrKind::List => "string",
        };
        attribute(&mut x, &c.name, ty)?;
    }
    x.write_event(Event::End(BytesEnd::new("attributes")))?;
    x.write_event(Event::Start(
        BytesStart::new("attributes").with_attributes([("class", "edge"), ("mode", "static")]),
    ))?;
    for name in ["relation", "letters", "date", "evidence"] {
        attribute(&mut x, name, "string")?;
    }
    x.write_event(Event::End(BytesEnd::new("attributes")))?;

    x.write_event(Event::Start(BytesStart::new("nodes")))?;
    for n in ctx.nodes(view) {
        x.write_event(Event::Start(BytesStart::new("node").with_attributes([
            ("id", xml_clean(&n.id).as_ref()),
            ("label", xml_clean(&n.label).as_ref()),
        ])))?;
        x.write_event(Event::Start(BytesStart::new("attvalues")))?;
        attvalue(&mut x, "entity_type", n.entity_type.as_str())?;
        for (k, list) in [
            ("surfaces", &n.surfaces),
            ("aliases", &n.aliases),
            ("documents", &n.documents),
        ] {
            if !list.is_empty() {
                attvalue(&mut x, k, &join_list(list))?;
            }
        }
        attvalue(&mut x, "mentions", &n.mentions.to_string())?;
        attvalue(&mut x, "source", n.source.as_str())?;
        if let Some(d) = &n.date {
            attvalue(&mut x, "date", d)?;
        }
        for c in cols {
            if let Some(v) = n.attrs.get(&c.key) {
                attvalue(&mut x, &c.name, &attr_text(v))?;
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
    }
    x.write_event(Event::End(BytesEnd::new("nodes")))?;

    x.write_event(Event::Start(BytesStart::new("edges")))?;
    for e in ctx.edges(view) {
        let weight = float_text(e.edge.weight);
        x.write_event(Event::Start(BytesStart::new("edge").with_attributes([
            ("id", xml_clean(&e.key).as_ref()),
            ("source", xml_clean(&e.source.id).as_ref()),
            ("target", xml_clean(&e.target.id).as_ref()),
            ("label", xml_clean(&e.edge.relation).as_ref()),
            ("kind", xml_clean(&e.edge.relation).as_ref()),
            ("weight", weight.as_str()),
        ])))?;
        x.write_event(Event::Start(BytesStart::new("attvalues")))?;
        attvalue(&mut x, "relation", &e.edge.relation)?;
        if !e.edge.letters.is_empty() {
            attvalue(&mut x, "letters", &join_list(&e.edge.letters))?;
        }
        if let Some(d) = &e.edge.date {
            attvalue(&mut x, "date", d)?;
        }
        if !e.edge.evidence.is_empty() {
            attvalue(&mut x, "evidence", &evidence_text(&e.edge.evidence))?;
        }
        x.write_event(Event::End(BytesEnd::new("attvalues")))?;
        if matches!(e.edge.relation.as_str(), "SIGNED" | "CO_SIGNED") {
            if let Some(d) = edge_date(ctx.g, &e).as_deref().and_then(full_date) {
                spell(&mut x, &d)?;
            }
        }
        x.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    x.write_event(Event::End(BytesEnd::new("edges")))?;
    x.write_event(Event::End(BytesEnd::new("graph")))?;
    x.write_event(Event::End(BytesEnd::new("gexf")))?;
    x.get_mut().write_all(b"\n")?;
    Ok(())
}
