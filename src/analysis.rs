//! The products of the analysis, as the graph stage, the exports, `explain`, `review` and
//! `eval` read them: every document's mentions (compact: spans and name indices), the distinct
//! names, their resolution into entities, the letters and events, and what went wrong.
//! [`crate::pipeline::analyse`] makes them.

use crate::error::Diagnostic;
use crate::extract::Rule;
use crate::gazetteer::Gazetteer;
use crate::resolve::{self, NameInput, Resolution, ResolveInput};
use crate::structure::Structure;

/// A mention as kept once its document is processed: its span and the index of its name
/// ([`Analysis::names`]: type and verbatim surface); no text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte span in the original text (documents are at most 4 GiB).
    pub start: u32,
    pub end: u32,
    /// Index into [`Analysis::names`].
    pub name: u32,
    pub rule: Rule,
}

/// What survives one document.
#[derive(Clone, Debug, Default)]
pub struct DocResult {
    /// Document id (file name relative to its folder, or JSONL id).
    pub name: String,
    /// In extraction order (sorted by start, then the spelling variants, unless propagation
    /// added mentions and sorted them again): frames refer to mentions by index.
    pub mentions: Vec<Mention>,
}

/// Everything the stages produced, before the graph.
#[derive(Debug, Default)]
pub struct Analysis {
    pub docs: Vec<DocResult>,
    /// Distinct names (type, surface) given to resolution.
    pub names: Vec<NameInput>,
    pub resolution: Resolution,
    pub structure: Structure,
    /// Input problems reported and skipped (the command exits with status 1).
    pub diagnostics: Vec<Diagnostic>,
    /// Remarks that are not input errors (a surname that fits several people, left unresolved).
    pub notes: Vec<Diagnostic>,
    /// Seconds spent per stage.
    pub timings: Vec<(&'static str, f64)>,
    /// Groups of names in one signature list (different people).
    pub cannot_link: Vec<Vec<usize>>,
    /// Groups of names that signed one letter.
    pub together: Vec<Vec<usize>>,
    /// Pairs of names the text says are one entity (see [`ResolveInput::same`]).
    pub same: Vec<(usize, usize)>,
    /// The full name each single name of a document follows (see [`ResolveInput::antecedents`]).
    pub antecedents: Vec<crate::resolve::Antecedent>,
    /// Hard links from `overrides.tsv`.
    pub overrides: Vec<resolve::Override>,
}

impl Analysis {
    /// Number of mentions in the corpus.
    pub fn mention_count(&self) -> usize {
        self.docs.iter().map(|d| d.mentions.len()).sum()
    }

    /// The entity of a mention of document `doc`, if it was resolved.
    pub fn entity_of(&self, m: &Mention, doc: u32) -> Option<usize> {
        self.resolution.entity_of(m.name as usize, doc)
    }
}

/// The resolution input of an analysis (for `explain` and `review`).
pub fn resolve_input<'a>(a: &'a Analysis, gaz: &'a Gazetteer) -> ResolveInput<'a> {
    ResolveInput {
        names: &a.names,
        gazetteer: gaz,
        cannot_link: &a.cannot_link,
        together: &a.together,
        overrides: &a.overrides,
        same: &a.same,
        antecedents: &a.antecedents,
    }
}
