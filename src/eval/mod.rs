//! Evaluation: score a prediction (what the pipeline found) against a hand annotation (gold).
//!
//! Two file formats, both JSON (documented for annotators in `docs/eval.md`):
//!
//! * [`Gold`] (`entigraph-gold/1`): the entities of each document (each *required* or
//!   *optional* there), their verbatim surface forms, the letters with their signers, the
//!   co-signature pairs and the "hard negative" surface pairs that must never be merged.
//! * [`Prediction`] (`entigraph-pred/1`): clusters (one per resolved entity, with the surfaces
//!   seen), the clusters of each document, the letters and the co-signature pairs. It is built
//!   from a [`KnowledgeGraph`](crate::graph::KnowledgeGraph) ([`Prediction::from_graph`]) or from
//!   an export's `graph.json` ([`Prediction::from_graph_json`]), and can be written out for
//!   other tools ([`Prediction::write`]).
//!
//! [`score`] compares the two and returns a [`Report`] with the four metric groups (entities
//! per document, resolution, letters, co-signature edges) and the findings behind the numbers
//! (each missed or spurious entity, wrong and missed merge, missed or spurious letter, ...).
//! [`Report::render_text`] is the human form, and the report serialises to JSON as is.
//!
//! The exact scoring rules (cluster → gold mapping, duplicates, optional entities, letter
//! matching, ...) are documented on [`score`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::types::EntityType;
use crate::{Error, Result};

mod normalize;
mod predict;
mod render;
mod score;

pub use normalize::{normalize, TITLES};
pub use score::{
    score, CosignatureScores, DuplicateEntity, EntityScores, Findings, LetterProblem, LetterScores,
    MissedEntity, MissedMerge, PairFinding, Prf, Report, ResolutionScores, SpuriousEntity,
    WrongMerge,
};

/// The `format` value of a gold file.
pub const GOLD_FORMAT: &str = "entigraph-gold/1";
/// The `format` value of a prediction file.
pub const PRED_FORMAT: &str = "entigraph-pred/1";

/// A hand annotation of a corpus, format `entigraph-gold/1`. Load it with [`load_gold`].
///
/// Unknown fields (`corpus`, `notes`, a letter's `evidence`, ...) are accepted and ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gold {
    /// Always [`GOLD_FORMAT`].
    pub format: String,
    /// Free-form name of the corpus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corpus: Option<String>,
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    #[serde(default)]
    pub letters: Vec<GoldLetter>,
    /// Events are part of the format but not scored yet.
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    /// Co-signature pairs. When the field is absent they are derived from the letters' signer
    /// lists (see [`Gold::cosignature_pairs`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cosignatures: Option<Vec<Cosignature>>,
    /// Surface pairs that must never end up in one cluster.
    #[serde(default)]
    pub hard_negatives: Vec<[String; 2]>,
}

/// An annotated entity: a person, prison, city or organization (countries are not annotated).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldEntity {
    /// Unique id, referenced by letters and co-signature pairs (`saeid-masouri`).
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Display name; not used for matching unless `surfaces` is empty.
    #[serde(default)]
    pub name: String,
    /// The verbatim forms in the texts. Empty: the name is the only surface.
    #[serde(default)]
    pub surfaces: Vec<String>,
    /// The documents the entity occurs in, each `required` or `optional`.
    pub documents: BTreeMap<String, Presence>,
}

impl GoldEntity {
    /// The surfaces to match, the name when none is given.
    pub fn match_surfaces(&self) -> Vec<&str> {
        if self.surfaces.is_empty() {
            vec![self.name.as_str()]
        } else {
            self.surfaces.iter().map(String::as_str).collect()
        }
    }
}

/// Whether a careful annotator must list an entity in a document (`required`) or whether
/// listing it is neither rewarded nor penalised (`optional`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Required,
    Optional,
}

/// An annotated letter (or statement) and its signers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldLetter {
    pub id: String,
    /// Every article that reports the letter.
    pub documents: Vec<String>,
    /// ISO date, possibly partial, or null.
    #[serde(default)]
    pub date: Option<String>,
    /// Person entity ids.
    #[serde(default)]
    pub signers: Vec<String>,
    #[serde(default)]
    pub prison: Option<String>,
    /// Entity id, `event:ID` or null.
    #[serde(default)]
    pub recipient: Option<String>,
    /// An optional letter is neither rewarded nor penalised.
    #[serde(default)]
    pub optional: bool,
}

/// An annotated event (not scored yet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldEvent {
    pub id: String,
    #[serde(default)]
    pub documents: Vec<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub optional: bool,
}

/// A co-signature pair: `a` and `b` signed `letters` letters together. In a gold file `a` and
/// `b` are entity ids; in a prediction, cluster ids.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Cosignature {
    pub a: String,
    pub b: String,
    pub letters: u32,
}

impl Gold {
    /// Parses a gold file's text; `path` only names the file in errors.
    pub fn from_json_str(text: &str, path: &Path) -> Result<Gold> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| Error::parse(path, e.line(), e.to_string()))?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(GOLD_FORMAT) => {}
            Some(other) => {
                return Err(Error::Invalid(format!(
                    "{}: unknown gold format {other:?} (expected {GOLD_FORMAT:?})",
                    path.display()
                )))
            }
            None => {
                return Err(Error::Invalid(format!(
                    "{}: no \"format\" field (expected \"format\": {GOLD_FORMAT:?})",
                    path.display()
                )))
            }
        }
        // Parse the text again (not the value) so that errors carry a line number.
        let gold: Gold =
            serde_json::from_str(text).map_err(|e| Error::parse(path, e.line(), e.to_string()))?;
        gold.validate()
            .map_err(|m| Error::Invalid(format!("{}: {m}", path.display())))?;
        Ok(gold)
    }

    /// Checks that ids are unique and that letters and co-signature pairs name known entities.
    fn validate(&self) -> std::result::Result<(), String> {
        let mut ids = BTreeSet::new();
        for e in &self.entities {
            if !ids.insert(e.id.as_str()) {
                return Err(format!("entity id {:?} is used twice", e.id));
            }
            if matches!(e.entity_type, EntityType::Letter | EntityType::Event) {
                return Err(format!(
                    "entity {:?}: type {} belongs in \"letters\" or \"events\"",
                    e.id, e.entity_type
                ));
            }
        }
        for l in &self.letters {
            if l.documents.is_empty() {
                return Err(format!("letter {:?} has no documents", l.id));
            }
            for s in &l.signers {
                if !ids.contains(s.as_str()) {
                    return Err(format!("letter {:?}: unknown signer {s:?}", l.id));
                }
            }
        }
        for c in self.cosignatures.iter().flatten() {
            for x in [&c.a, &c.b] {
                if !ids.contains(x.as_str()) {
                    return Err(format!(
                        "co-signature {:?}-{:?}: unknown entity {x:?}",
                        c.a, c.b
                    ));
                }
            }
        }
        Ok(())
    }

    /// Every document the gold annotates: those named by an entity, a letter or an event.
    /// Only these documents are scored.
    pub fn documents(&self) -> BTreeSet<&str> {
        let mut d = BTreeSet::new();
        for e in &self.entities {
            d.extend(e.documents.keys().map(String::as_str));
        }
        for l in &self.letters {
            d.extend(l.documents.iter().map(String::as_str));
        }
        for e in &self.events {
            d.extend(e.documents.iter().map(String::as_str));
        }
        d
    }

    /// The co-signature pairs, keyed by (smaller id, larger id), with the number of letters.
    /// From `cosignatures` when present (a pair listed twice adds up), otherwise derived from
    /// every letter's signer list (each pair of distinct signers of a letter counts one letter).
    pub fn cosignature_pairs(&self) -> BTreeMap<(String, String), u32> {
        let mut m = BTreeMap::new();
        match &self.cosignatures {
            Some(list) => {
                for c in list {
                    *m.entry(ordered(&c.a, &c.b)).or_insert(0) += c.letters;
                }
            }
            None => {
                for l in &self.letters {
                    let s: BTreeSet<&str> = l.signers.iter().map(String::as_str).collect();
                    for a in &s {
                        for b in s.range::<&str, _>((
                            std::ops::Bound::Excluded(a),
                            std::ops::Bound::Unbounded,
                        )) {
                            *m.entry(ordered(a, b)).or_insert(0) += 1;
                        }
                    }
                }
            }
        }
        m
    }
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Reads a gold file (`entigraph-gold/1`). Errors name the file; a missing or unknown `format`,
/// a duplicate entity id, or a letter or co-signature naming an unknown entity is an error.
pub fn load_gold(path: &Path) -> Result<Gold> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Gold::from_json_str(&text, path)
}

/// What the pipeline found, format `entigraph-pred/1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// [`PRED_FORMAT`]; may be absent in a file.
    #[serde(default = "pred_format")]
    pub format: String,
    /// One cluster per resolved entity (every type but letters and events).
    #[serde(default)]
    pub clusters: Vec<Cluster>,
    /// For each document, the ids of the clusters mentioned in it.
    #[serde(default)]
    pub documents: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub letters: Vec<PredictedLetter>,
    /// Co-signature pairs of cluster ids.
    #[serde(default)]
    pub cosignatures: Vec<Cosignature>,
    /// Extra: for each cluster id, the extraction rules that produced its mentions
    /// (`gazetteer`, `signature_block`, ...). Shown next to spurious entities.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, Vec<String>>,
}

fn pred_format() -> String {
    PRED_FORMAT.to_string()
}

impl Default for Prediction {
    /// An empty prediction with the format set.
    fn default() -> Self {
        Prediction {
            format: pred_format(),
            clusters: Vec::new(),
            documents: BTreeMap::new(),
            letters: Vec::new(),
            cosignatures: Vec::new(),
            rules: BTreeMap::new(),
        }
    }
}

/// A predicted entity: a cluster of surface forms the tool resolved to one entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// The node id (`person:saeid-masouri`).
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Verbatim forms seen in the texts.
    #[serde(default)]
    pub surfaces: Vec<String>,
}

/// A predicted letter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PredictedLetter {
    /// The letter node's id, when known (shown in findings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub documents: Vec<String>,
    /// ISO date, possibly partial, or null.
    #[serde(default)]
    pub date: Option<String>,
    /// Cluster ids, in signing order when known.
    #[serde(default)]
    pub signers: Vec<String>,
}

impl Prediction {
    /// Parses a prediction file's text; `path` only names the file in errors.
    pub fn from_json_str(text: &str, path: &Path) -> Result<Prediction> {
        let p: Prediction =
            serde_json::from_str(text).map_err(|e| Error::parse(path, e.line(), e.to_string()))?;
        if p.format != PRED_FORMAT {
            return Err(Error::Invalid(format!(
                "{}: unknown prediction format {:?} (expected {PRED_FORMAT:?})",
                path.display(),
                p.format
            )));
        }
        Ok(p)
    }

    /// Reads a prediction file (`entigraph-pred/1`, as written by [`Prediction::write`]).
    pub fn load(path: &Path) -> Result<Prediction> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Prediction::from_json_str(&text, path)
    }

    /// Writes the prediction as pretty JSON (`--dump-pred`).
    pub fn write(&self, path: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self).expect("a prediction serialises");
        text.push('\n');
        std::fs::write(path, text).map_err(|e| Error::io(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Gold> {
        Gold::from_json_str(text, Path::new("g.json"))
    }

    #[test]
    fn loads_the_seed_gold() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds.gold.json");
        let g = load_gold(&path).unwrap();
        assert_eq!(g.entities.len(), 50);
        assert_eq!(g.letters.len(), 5);
        assert_eq!(g.hard_negatives.len(), 8);
        assert_eq!(g.documents().len(), 5);
        assert!(g.letters[4].optional);
        // The listed pairs agree with the pairs implied by the letters.
        let listed = g.cosignature_pairs();
        let mut derived = g.clone();
        derived.cosignatures = None;
        assert_eq!(listed.len(), 55);
        assert_eq!(listed, derived.cosignature_pairs());
    }

    #[test]
    fn gold_errors_name_the_file_and_the_problem() {
        let e = parse(r#"{"format": "entigraph-gold/2"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("g.json") && e.contains("entigraph-gold/2"),
            "{e}"
        );
        let e = parse(r#"{"entities": []}"#).unwrap_err().to_string();
        assert!(e.contains("g.json") && e.contains("format"), "{e}");
        let e = parse("{\n\"format\": \"entigraph-gold/1\",\n\"entities\": 3}")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("g.json:3:"), "{e}");
        let e = parse(
            r#"{"format": "entigraph-gold/1", "letters": [
                {"id": "l", "documents": ["d"], "signers": ["nobody"]}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("unknown signer \"nobody\""), "{e}");
        let e = parse(
            r#"{"format": "entigraph-gold/1", "entities": [
              {"id": "x", "type": "person", "documents": {"d": "required"}},
              {"id": "x", "type": "city", "documents": {"d": "maybe"}}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("maybe"), "{e}");
        let e = load_gold(Path::new("/nonexistent/gold.json"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/nonexistent/gold.json"), "{e}");
    }

    #[test]
    fn prediction_round_trips_and_checks_its_format() {
        let p = Prediction {
            clusters: vec![Cluster {
                id: "person:a".into(),
                entity_type: EntityType::Person,
                surfaces: vec!["A".into()],
            }],
            documents: BTreeMap::from([("d".into(), vec!["person:a".into()])]),
            rules: BTreeMap::from([("person:a".into(), vec!["title".into()])]),
            ..Prediction::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        p.write(&path).unwrap();
        assert_eq!(Prediction::load(&path).unwrap(), p);
        let bad = Prediction::from_json_str(r#"{"format": "x"}"#, Path::new("p.json"));
        assert!(bad.unwrap_err().to_string().contains("p.json"));
        // The format field may be left out.
        assert!(Prediction::from_json_str("{}", Path::new("p.json")).is_ok());
    }
}
