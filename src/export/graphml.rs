//! GraphML 1.0 (`graph.graphml`, directed; `cosigners.graphml`, undirected).
//!
//! Every attribute is a typed `<key>` with a neutral id (`v_label`, `e_weight`) and an
//! `attr.name`; types are `string`, `long` or `double` only (no `liststring`: lists are joined
//! with `;`). Values are escaped by quick-xml; characters XML cannot carry are removed.
//! Readable by networkx, igraph, Gephi and yEd, and valid against the GraphML XSD.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{
    attr_text, evidence_into, float_into, int_into, join_into, xml_clean, AttrKind, Context, View,
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

/// Writes `<data key=..>text</data>` with a prepared start tag.
fn data<W: Write>(x: &mut Writer<W>, start: &BytesStart<'_>, text: &str) -> io::Result<()> {
    x.write_event(Event::Start(start.borrow()))?;
    x.write_event(Event::Text(BytesText::new(&xml_clean(text))))?;
    x.write_event(Event::End(BytesEnd::new("data")))?;
    Ok(())
}

fn nl<W: Write>(x: &mut Writer<W>) -> io::Result<()> {
    x.get_mut().write_all(b"\n")
}

/// Writes the graph (or the co-signature network) as GraphML: one key, node or edge per line.
pub(crate) fn write(w: &mut dyn Write, ctx: &Context<'_>, view: View) -> io::Result<()> {
    let mut x = Writer::new(w);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    nl(&mut x)?;
    x.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
        ("xmlns", NS),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xsi:schemaLocation", SCHEMA),
    ])))?;
    nl(&mut x)?;

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
        nl(&mut x)?;
    }
    for (c, k) in cols.iter().zip(&col_keys) {
        let ty = match c.kind {
            AttrKind::Long => "long",
            AttrKind::Double => "double",
            AttrKind::Str | AttrKind::List => "string",
        };
        key(&mut x, k, "node", &c.name, ty)?;
        nl(&mut x)?;
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
    nl(&mut x)?;

    let d = |k: &str| BytesStart::new("data").with_attributes([("key", k)]);
    let (v_label, v_type, v_surfaces, v_aliases, v_documents, v_mentions, v_source, v_date) = (
        d("v_label"),
        d("v_entity_type"),
        d("v_surfaces"),
        d("v_aliases"),
        d("v_documents"),
        d("v_mentions"),
        d("v_source"),
        d("v_date"),
    );
    let v_cols: Vec<BytesStart<'_>> = col_keys.iter().map(|k| d(k)).collect();
    let (e_relation, e_weight, e_letters, e_date, e_evidence) = (
        d("e_relation"),
        d("e_weight"),
        d("e_letters"),
        d("e_date"),
        d("e_evidence"),
    );
    let mut buf = String::new();
    let mut tag = BytesStart::new("node");
    for n in ctx.nodes(view) {
        tag.clear_attributes();
        tag.push_attribute(("id", xml_clean(&n.id).as_ref()));
        x.write_event(Event::Start(tag.borrow()))?;
        data(&mut x, &v_label, &n.label)?;
        data(&mut x, &v_type, n.entity_type.as_str())?;
        for (k, list) in [
            (&v_surfaces, &n.surfaces),
            (&v_aliases, &n.aliases),
            (&v_documents, &n.documents),
        ] {
            if !list.is_empty() {
                data(&mut x, k, join_into(&mut buf, list))?;
            }
        }
        data(&mut x, &v_mentions, int_into(&mut buf, n.mentions))?;
        data(&mut x, &v_source, n.source.as_str())?;
        if let Some(dt) = &n.date {
            data(&mut x, &v_date, dt)?;
        }
        for (c, k) in cols.iter().zip(&v_cols) {
            if let Some(v) = n.attrs.get(&c.key) {
                data(&mut x, k, &attr_text(v))?;
            }
        }
        x.write_event(Event::End(BytesEnd::new("node")))?;
        nl(&mut x)?;
    }

    let mut tag = BytesStart::new("edge");
    for e in ctx.edges(view) {
        tag.clear_attributes();
        tag.push_attribute(("id", xml_clean(e.key).as_ref()));
        tag.push_attribute(("source", xml_clean(&e.source.id).as_ref()));
        tag.push_attribute(("target", xml_clean(&e.target.id).as_ref()));
        x.write_event(Event::Start(tag.borrow()))?;
        data(&mut x, &e_relation, &e.edge.relation)?;
        data(&mut x, &e_weight, float_into(&mut buf, e.edge.weight))?;
        if !e.edge.letters.is_empty() {
            data(&mut x, &e_letters, join_into(&mut buf, &e.edge.letters))?;
        }
        if let Some(dt) = &e.edge.date {
            data(&mut x, &e_date, dt)?;
        }
        if !e.edge.evidence.is_empty() {
            data(
                &mut x,
                &e_evidence,
                evidence_into(&mut buf, &e.edge.evidence),
            )?;
        }
        x.write_event(Event::End(BytesEnd::new("edge")))?;
        nl(&mut x)?;
    }
    x.write_event(Event::End(BytesEnd::new("graph")))?;
    nl(&mut x)?;
    x.write_event(Event::End(BytesEnd::new("graphml")))?;
    nl(&mut x)?;
    Ok(())
}
