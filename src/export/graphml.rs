//! GraphML 1.0 (`graph.graphml`, directed; `cosigners.graphml`, undirected).
//!
//! Every attribute is a typed `<key>` with a neutral id (`v_label`, `e_weight`) and an
//! `attr.name`; types are `string`, `long` or `double` only (no `liststring`: lists are joined
//! with `;`). Values are escaped by quick-xml; characters XML cannot carry are removed.
//! Readable by networkx, igraph, Gephi and yEd, and valid against the GraphML XSD.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{attr_text, evidence_text, float_text, join_list, xml_clean, AttrKind, Context, View};

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

fn data<W: Write>(x: &mut Writer<W>, key: &str, text: &str) -> io::Result<()> {
    x.create_element("data")
        .with_attribute(("key", key))
        .write_text_content(BytesText::new(&xml_clean(text)))?;
    Ok(())
}

/// Writes the graph (or the co-signature network) as GraphML.
pub(crate) fn write(w: &mut dyn Write, ctx: &Context<'_>, view: View) -> io::Result<()> {
    let mut x = Writer::new_with_indent(w, b' ', 2);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    x.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
        ("xmlns", NS),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xsi:schemaLocation", SCHEMA),
    ])))?;

    let cols = ctx.cols(view);
    let col_keys: Vec<String> = cols.iter().map(|c| format!("v_{}", c.name)).collect();
    for (name, ty) in [
        ("label", "string"),
        ("entity_type", "string"),
        ("surfaces", "string"),
        ("aliases", "string"),
        ("documents", "string"),
        ("mentions", "long"),
        ("source", "string"),
        ("date", "string"),
    ] {
        key(&mut x, &format!("v_{name}"), "node", name, ty)?;
    }
    for (c, k) in cols.iter().zip(&col_keys) {
        let ty = match c.kind {
            AttrKind::Long => "long",
            AttrKind::Double => "double",
            AttrKind::Str | AttrKind::List => "string",
        };
        key(&mut x, k, "node", &c.name, ty)?;
    }
    for (name, ty) in [
        ("relation", "string"),
        ("weight", "double"),
        ("letters", "string"),
        ("date", "string"),
        ("evidence", "string"),
    ] {
        key(&mut x, &format!("e_{name}"), "edge", name, ty)?;
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

    for n in ctx.nodes(view) {
        x.write_event(Event::Start(
            BytesStart::new("node").with_attributes([("id", xml_clean(&n.id).as_ref())]),
        ))?;
        data(&mut x, "v_label", &n.label)?;
        data(&mut x, "v_entity_type", n.entity_type.as_str())?;
        for (k, list) in [
            ("v_surfaces", &n.surfaces),
            ("v_aliases", &n.aliases),
            ("v_documents", &n.documents),
        ] {
            if !list.is_empty() {
                data(&mut x, k, &join_list(list))?;
            }
        }
        data(&mut x, "v_mentions", &n.mentions.to_string())?;
        data(&mut x, "v_source", n.source.as_str())?;
        if let Some(d) = &n.date {
            data(&mut x, "v_date", d)?;
        }
        for (c, k) in cols.iter().zip(&col_keys) {
            if let Some(v) = n.attrs.get(&c.key) {
                data(&mut x, k, &attr_text(v))?;
            }
        }
        x.write_event(Event::End(BytesEnd::new("node")))?;
    }

    for e in ctx.edges(view) {
        x.write_event(Event::Start(BytesStart::new("edge").with_attributes([
            ("id", xml_clean(&e.key).as_ref()),
            ("source", xml_clean(&e.source.id).as_ref()),
            ("target", xml_clean(&e.target.id).as_ref()),
        ])))?;
        data(&mut x, "e_relation", &e.edge.relation)?;
        data(&mut x, "e_weight", &float_text(e.edge.weight))?;
        if !e.edge.letters.is_empty() {
            data(&mut x, "e_letters", &join_list(&e.edge.letters))?;
        }
        if let Some(d) = &e.edge.date {
            data(&mut x, "e_date", d)?;
        }
        if !e.edge.evidence.is_empty() {
            data(&mut x, "e_evidence", &evidence_text(&e.edge.evidence))?;
        }
        x.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    x.write_event(Event::End(BytesEnd::new("graph")))?;
    x.write_event(Event::End(BytesEnd::new("graphml")))?;
    x.get_mut().write_all(b"\n")?;
    Ok(())
}
