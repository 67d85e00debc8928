//! neo4j-admin import CSVs: `neo4j_nodes.csv` and `neo4j_relationships.csv`.
//!
//! ```text
//! neo4j-admin database import full --nodes=neo4j_nodes.csv \
//!     --relationships=neo4j_relationships.csv --array-delimiter=';' neo4j
//! ```
//!
//! Nodes: `id:ID(Entity)`, `name`, `:LABEL` (`Entity;Person`), `entity_type`,
//! `surfaces:string[]`, `aliases:string[]`, `documents:string[]`, `mentions:long`, `source`,
//! `date:date` (partial dates on the first day of their period), `date_text` (the date as
//! found), then typed attribute columns (`:long`, `:double`, `:string[]`, string).
//! Relationships: `:START_ID(Entity)`, `:END_ID(Entity)`, `:TYPE` (the relation), `edge_id`,
//! `weight:double`, `letters:string[]`, `date:date`, `date_text`, `evidence:string[]`.
//! Values are written as they are (no spreadsheet markers); newlines and control characters
//! become spaces so the import needs no `--multiline-fields`.

use std::borrow::Cow;
use std::io::{self, Write};

use super::{
    attr_text, evidence_into, float_into, full_date, join_into, join_list, AttrKind, Context, View,
};
use crate::types::EntityType;

type CsvWriter<'w> = ::csv::Writer<&'w mut dyn Write>;

fn clean(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b < 0x20 || b == 0x7F || b == 0xC2) && s.chars().any(char::is_control) {
        Cow::Owned(
            s.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

fn text(w: &mut CsvWriter<'_>, s: &str) -> io::Result<()> {
    w.write_field(clean(s).as_bytes())?;
    Ok(())
}

fn label(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "Entity;Person",
        EntityType::Prison => "Entity;Prison",
        EntityType::City => "Entity;City",
        EntityType::Organization => "Entity;Organization",
        EntityType::Country => "Entity;Country",
        EntityType::Letter => "Entity;Letter",
        EntityType::Event => "Entity;Event",
    }
}

pub(crate) fn write_nodes(w: &mut dyn Write, ctx: &Context<'_>) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(w);
    let cols = ctx.cols(View::Full);
    let mut header: Vec<String> = [
        "id:ID(Entity)",
        "name",
        ":LABEL",
        "entity_type",
        "surfaces:string[]",
        "aliases:string[]",
        "documents:string[]",
        "mentions:long",
        "source",
        "date:date",
        "date_text",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for c in cols {
        header.push(match c.kind {
            AttrKind::Long => format!("{}:long", c.name),
            AttrKind::Double => format!("{}:double", c.name),
            AttrKind::List => format!("{}:string[]", c.name),
            AttrKind::Str => c.name.clone(),
        });
    }
    w.write_record(&header)?;
    for n in ctx.nodes(View::Full) {
        text(&mut w, &n.id)?;
        text(&mut w, &n.label)?;
        w.write_field(label(n.entity_type))?;
        w.write_field(n.entity_type.as_str())?;
        text(&mut w, &join_list(&n.surfaces))?;
        text(&mut w, &join_list(&n.aliases))?;
        text(&mut w, &join_list(&n.documents))?;
        w.write_field(n.mentions.to_string())?;
        w.write_field(n.source.as_str())?;
        w.write_field(n.date.as_deref().and_then(full_date).unwrap_or_default())?;
        text(&mut w, n.date.as_deref().unwrap_or(""))?;
        for c in cols {
            match n.attrs.get(&c.key) {
                Some(v) => text(&mut w, &attr_text(v))?,
                None => w.write_field("")?,
            }
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
}

pub(crate) fn write_relationships(w: &mut dyn Write, ctx: &Context<'_>) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(w);
    w.write_record([
        ":START_ID(Entity)",
        ":END_ID(Entity)",
        ":TYPE",
        "edge_id",
        "weight:double",
        "letters:string[]",
        "date:date",
        "date_text",
        "evidence:string[]",
    ])?;
    let mut buf = String::new();
    for e in ctx.edges(View::Full) {
        text(&mut w, &e.source.id)?;
        text(&mut w, &e.target.id)?;
        text(&mut w, &e.edge.relation)?;
        text(&mut w, e.key)?;
        w.write_field(float_into(&mut buf, e.edge.weight))?;
        text(&mut w, join_into(&mut buf, &e.edge.letters))?;
        let d = e.edge.date.as_deref();
        match d {
            // A full date is written as it is; a partial one on its first day.
            Some(d) if d.len() == 10 && full_date(d).is_some() => w.write_field(d)?,
            Some(d) => w.write_field(full_date(d).unwrap_or_default())?,
            None => w.write_field("")?,
        }
        text(&mut w, d.unwrap_or(""))?;
        text(&mut w, evidence_into(&mut buf, &e.edge.evidence))?;
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
}
