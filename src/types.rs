//! Small vocabulary types shared by every stage.

use serde::{Deserialize, Serialize};

/// The kind of a node in the knowledge graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Person,
    Prison,
    City,
    Organization,
    Country,
    Letter,
    Event,
}

impl EntityType {
    /// Every type, in the order used for summaries.
    pub const ALL: [EntityType; 7] = [
        EntityType::Person,
        EntityType::Prison,
        EntityType::City,
        EntityType::Organization,
        EntityType::Country,
        EntityType::Letter,
        EntityType::Event,
    ];

    /// The name written into exports (`entity_type`): `person`, `prison`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Prison => "prison",
            EntityType::City => "city",
            EntityType::Organization => "organization",
            EntityType::Country => "country",
            EntityType::Letter => "letter",
            EntityType::Event => "event",
        }
    }

    /// The prefix of node ids of this type: `person:saeid-masouri`, `org:ncri`.
    pub fn id_prefix(self) -> &'static str {
        match self {
            EntityType::Organization => "org",
            other => other.as_str(),
        }
    }

    /// Parses the export name (`person`, `organization`, ...).
    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl std::fmt::Display for EntityType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an entity comes from: a gazetteer entry, or a rule that found a name the gazetteer lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Gazetteer,
    Rule,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Gazetteer => "gazetteer",
            Source::Rule => "rule",
        }
    }
}

/// A place in the corpus that supports a node or an edge: a document and a byte span of its
/// original text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub document: std::sync::Arc<str>,
    pub start: usize,
    pub end: usize,
}

/// Turns a name into an id slug: ASCII lower case, diacritics dropped, apostrophes removed,
/// every other run of non-alphanumerics a single `-`. `Ali Mo’ezzi` → `ali-moezzi`.
pub fn slug(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) || crate::text::is_apostrophe(c) {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            // Non-Latin letters: keep them, lower-cased, so Persian or Arabic names get ids too.
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Ali Mo’ezzi"), "ali-moezzi");
        assert_eq!(slug("Bashar al-Assad"), "bashar-al-assad");
        assert_eq!(slug("  People's Mojahedin  "), "peoples-mojahedin");
        assert_eq!(slug("Évin"), "evin");
        assert_eq!(slug("!!"), "x");
    }
}
