//! Resolution: name variants into entities. (skeleton: interface only)

use crate::gazetteer::Gazetteer;
use crate::types::{EntityType, Source};

/// One distinct name found by extraction (distinct by type and verbatim surface).
#[derive(Clone, Debug)]
pub struct NameInput {
    pub etype: EntityType,
    /// Verbatim surface (without a leading title such as `Mr.`).
    pub surface: String,
    /// Index into `Gazetteer::entries` when the gazetteer found this surface.
    pub entry: Option<usize>,
    /// `(document index, number of mentions)`, sorted by document.
    pub docs: Vec<(u32, u32)>,
}

/// What resolution is given.
pub struct ResolveInput<'a> {
    pub names: &'a [NameInput],
    pub gazetteer: &'a Gazetteer,
    /// Groups of names (indices into `names`) known to be different people: the names of one
    /// signature list.
    pub cannot_link: &'a [Vec<usize>],
    /// Groups of names seen in one shared context (one letter, one prison): evidence that adds
    /// confidence to a borderline pair.
    pub together: &'a [Vec<usize>],
    /// Same / different links given by the user (`gazetteer/overrides.tsv`).
    pub overrides: &'a [Override],
}

/// A user's hard link between two names or ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    pub same: bool,
    pub a: String,
    pub b: String,
    pub file: std::path::PathBuf,
    pub line: usize,
}

/// One entity resolution produced.
#[derive(Clone, Debug)]
pub struct ResolvedEntity {
    /// Node id: `person:saeid-masouri`.
    pub id: String,
    pub etype: EntityType,
    /// Canonical name.
    pub name: String,
    pub source: Source,
    /// Gazetteer entry index, when the entity is a gazetteer entity.
    pub entry: Option<usize>,
    /// Names (indices into the input) that belong to it in at least one document.
    pub names: Vec<usize>,
}

/// The result of resolution.
#[derive(Clone, Debug, Default)]
pub struct Resolution {
    /// Sorted by id; ids are unique.
    pub entities: Vec<ResolvedEntity>,
    /// `assign[name]`: the entity of a name in every document, or per document for partial
    /// names (a surname alone) that resolve differently in different documents.
    pub assign: Vec<Assignment>,
    /// Problems to report (contradicting overrides, ...).
    pub diagnostics: Vec<crate::error::Diagnostic>,
}

/// Where a name goes.
#[derive(Clone, Debug, Default)]
pub enum Assignment {
    /// Not resolved (an ambiguous partial name): reported, never guessed.
    #[default]
    Unresolved,
    /// The same entity in every document.
    All(usize),
    /// Per document (sorted by document); a document not listed is unresolved.
    PerDoc(Vec<(u32, usize)>),
}

impl Resolution {
    /// The entity (index into `entities`) of name `name` in document `doc`.
    pub fn entity_of(&self, name: usize, doc: u32) -> Option<usize> {
        match &self.assign[name] {
            Assignment::Unresolved => None,
            Assignment::All(e) => Some(*e),
            Assignment::PerDoc(v) => v.binary_search_by_key(&doc, |p| p.0).ok().map(|i| v[i].1),
        }
    }
}

/// Placeholder scoring used by `inspect` until the real matcher lands: true when two names fold
/// to the same space-free string.
pub fn same_name(a: &str, b: &str) -> bool {
    let k = |s: &str| crate::text::fold(s).replace(' ', "");
    k(a) == k(b)
}
