//! The gazetteer: a folder of TSV files (one per entity type) plus the rule data files, checked
//! and compiled into matchers.
//!
//! (skeleton: loading and matching are filled in by the lead)

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::types::EntityType;

/// One entity of the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Slug, unique across the folder (`gohardasht-prison`).
    pub id: String,
    pub etype: EntityType,
    /// Preferred form.
    pub name: String,
    /// Alternative spellings (without the acronym).
    pub aliases: Vec<String>,
    /// Type-specific columns: `city`, `country`, `population`, `acronym`, `ambiguous`, ...
    pub attrs: BTreeMap<String, String>,
    /// Where the entry is defined.
    pub file: PathBuf,
    pub line: usize,
}

impl Entry {
    /// The node id of this entry: `person:ali-khamenei`.
    pub fn node_id(&self) -> String {
        format!("{}:{}", self.etype.id_prefix(), self.id)
    }
}

/// A loaded gazetteer.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    pub entries: Vec<Entry>,
}
