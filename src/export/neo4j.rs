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
use std::io;

use super::parallel::GraphFile;
use super::{full_date_cow, AttrCol, AttrKind, Id, KeyedEdge, Out, View};
use crate::graph::Node;
use crate::types::EntityType;

pub(crate) fn clean(s: &str) -> Cow<'_, str> {
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

/// The header row.
fn header<S: AsRef<str>>(out: &mut Out<'_>, names: &[S]) {
    for (i, h) in names.iter().enumerate() {
        if i > 0 {
            out.raw(b",");
        }
        out.csv_field(h.as_ref().as_bytes());
    }
    out.raw(b"\n");
}

/// `neo4j_nodes.csv`.
pub(crate) struct Nodes<'c> {
    pub cols: &'c [AttrCol],
}

impl GraphFile for Nodes<'_> {
    fn head(&self, out: &mut Out<'_>) -> io::Result<()> {
        let mut names: Vec<String> = [
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
        for c in self.cols {
            names.push(match c.kind {
                AttrKind::Long => format!("{}:long", c.name),
                AttrKind::Double => format!("{}:double", c.name),
                AttrKind::List => format!("{}:string[]", c.name),
                AttrKind::Str => c.name.clone(),
            });
        }
        header(out, &names);
        Ok(())
    }

    fn nodes(&self) -> Option<View> {
        Some(View::Full)
    }

    fn node(&self, out: &mut Out<'_>, n: &Node, id: Id<'_>, _i: usize) {
        out.neo_id(id);
        out.raw(b",");
        out.neo(&n.label);
        out.raw(b",");
        out.csv_field(label(n.entity_type).as_bytes());
        out.raw(b",");
        out.csv_field(n.entity_type.as_str().as_bytes());
        out.raw(b",");
        out.neo_list(&n.surfaces);
        out.raw(b",");
        out.neo_list(&n.aliases);
        out.raw(b",");
        out.neo_list(&n.documents);
        out.raw(b",");
        out.u64(n.mentions);
        out.raw(b",");
        out.csv_field(n.source.as_str().as_bytes());
        out.raw(b",");
        if let Some(d) = n.date.as_deref().and_then(full_date_cow) {
            out.csv_field(d.as_bytes());
        }
        out.raw(b",");
        out.neo(n.date.as_deref().unwrap_or(""));
        for c in self.cols {
            out.raw(b",");
            if let Some(v) = n.attrs.get(&c.key) {
                out.neo_attr_value(v);
            }
        }
        out.raw(b"\n");
    }
}

/// `neo4j_relationships.csv`.
pub(crate) struct Relationships;

impl GraphFile for Relationships {
    fn head(&self, out: &mut Out<'_>) -> io::Result<()> {
        header(
            out,
            &[
                ":START_ID(Entity)",
                ":END_ID(Entity)",
                ":TYPE",
                "edge_id",
                "weight:double",
                "letters:string[]",
                "date:date",
                "date_text",
                "evidence:string[]",
            ],
        );
        Ok(())
    }

    fn edges(&self) -> Option<View> {
        Some(View::Full)
    }

    #[inline]
    fn edge(&self, out: &mut Out<'_>, e: &KeyedEdge<'_>, _i: usize) {
        out.neo_id(e.source_id);
        out.raw(b",");
        out.neo_id(e.target_id);
        out.raw(b",");
        out.neo_rel(e);
        out.raw(b",");
        out.s(e.key_text);
        out.raw(b",");
        out.s(e.weight_text);
        out.raw(b",");
        out.neo_letters(e);
        out.raw(b",");
        let d = e.edge.date.as_deref();
        // A full date is written as it is; a partial one on its first day.
        match d {
            Some(d) if d.len() == 10 && full_date_cow(d).is_some() => out.csv_field(d.as_bytes()),
            Some(d) => {
                if let Some(full) = full_date_cow(d) {
                    out.csv_field(full.as_bytes());
                }
            }
            None => {}
        }
        out.raw(b",");
        out.neo(d.unwrap_or(""));
        out.raw(b",");
        out.neo_edge_evidence(e);
        out.raw(b"\n");
    }
}
