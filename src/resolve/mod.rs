//! Resolution: name variants into entities.
//!
//! The stage, in order (see the submodules for each rule):
//!
//! 1. **Hard links** ([`cluster`]): names matched to one gazetteer entry are one entity; `same`
//!    overrides join their two sides. Names of different entries never merge (unless an
//!    override says so); `different` overrides and signature lists (`cannot_link`) are
//!    cannot-link constraints checked at every later union. Contradictions are diagnostics.
//!    Then the text's own links ([`ResolveInput::same`], rule `same-in-text`: a name and its
//!    Arabic-script form in parentheses) join their two names, except across two entries or a
//!    `different` override.
//! 2. **Candidates by blocking** ([`keys`]): each distinct spelling gets a few phonetic keys;
//!    only spellings sharing a key are compared, and oversized blocks are skipped and counted
//!    ([`Stats::skipped_blocks`]).
//!    People's names are compared after the variant table `gazetteer/rules/name_variants.tsv`
//!    (particles, honorifics, `Abdel` / `Abd al-`, ...: [`keys::NameRules`]).
//! 3. **Scoring** ([`score`]): token alignment with a length-dependent edit budget; pairs at or
//!    above [`score::THRESHOLD`] merge, borderline pairs merge when they share a letter, prison
//!    or document. Shapes that are never one person (another given name, a longer surname,
//!    other numbers) score below the borderline. Merges are applied best first through the
//!    constrained union-find.
//! 4. **Partial names**: a person's single name (a surname, `Assad`, `Moezi`) joins the one
//!    full-name entity of its document (else of the corpus) whose surname matches; failing
//!    that, a given name alone (`Narges`) joins the one full name of its document that starts
//!    with it (never across documents). Several candidates leave it unresolved, with a
//!    diagnostic.
//! 5. **Entities**: canonical name (gazetteer name, else the most complete frequent form) and
//!    stable ids; every merge and near miss is kept for [`explain()`].

pub mod cluster;
mod entities;
pub mod explain;
mod fuzzy;
mod hard_links;
pub mod keys;
pub mod overrides;
mod partial;
pub mod score;
pub mod variants;

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::gazetteer::Gazetteer;
use crate::types::{EntityType, Source};

pub use explain::{explain, review_pairs, write_review_csv, Explanation, ReviewPair};
pub use overrides::{load_overrides, parse_overrides};
pub use score::{score_pair, PairScore};
pub use variants::VariantIndex;

use cluster::{Clusters, Refusal};
use keys::Features;

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
    /// Pairs of names (indices into `names`) that the text itself says are one person, such as
    /// a Latin name followed by the same name in Arabic script in parentheses. Applied like a
    /// `same` override, except that it never joins two different gazetteer entries nor two
    /// sides of a `different` override (the rule `same-in-text`).
    pub same: &'a [(usize, usize)],
    /// For a name of one word in a document, the full name (index into `names`) the document
    /// last gave in full with that word before the single name first appears: "Hossein
    /// Darvishan ... Darvishan said ... his brother Omid Darvishan". Where several full names
    /// of the document fit a partial name, the antecedent among them is chosen. Sorted by
    /// (partial name, document).
    pub antecedents: &'a [Antecedent],
}

/// The full name a single name of a document follows (see [`ResolveInput::antecedents`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Antecedent {
    /// The single name (index into [`ResolveInput::names`]).
    pub name: usize,
    pub doc: u32,
    /// The full name before it (index into [`ResolveInput::names`]).
    pub full: usize,
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
    /// Problems to report (contradicting overrides, ambiguous partial names, ...).
    pub diagnostics: Vec<crate::error::Diagnostic>,
    /// Every merge, with the rule and scores that made it (names matched to one gazetteer
    /// entry are not listed one by one: their `entry` says it).
    pub merges: Vec<Merge>,
    /// Pairs considered and not merged, with why (borderline scores and refused merges).
    pub near_misses: Vec<NearMiss>,
    /// Counts: names, blocks, candidate pairs, ...
    pub stats: Stats,
}

/// The rule behind a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Both spellings are names of one gazetteer entry.
    Gazetteer,
    /// A `same` line of the overrides file.
    Override,
    /// Same folded spelling without spaces (case, diacritics, apostrophes, hyphens, spaces).
    SameSpelling,
    /// Spelling variants within the edit budget.
    Fuzzy,
    /// A borderline pair made to merge by shared context (letter, prison or document).
    FuzzyWithContext,
    /// A partial name (surname alone) joined to the one matching full name of its document.
    SurnameInDocument,
    /// A partial name joined to the one matching full name of the corpus.
    SurnameInCorpus,
    /// A given name alone (`Narges`) joined to the one full name of its document that starts
    /// with it, when no full name there has it as a surname.
    GivenNameInDocument,
    /// Two names the text gives as one (`Qasim Hadi Ebrahim (قاسم هادي ابراهيم)`): [`ResolveInput::same`].
    SameInText,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Gazetteer => "gazetteer",
            Rule::Override => "override",
            Rule::SameSpelling => "same-spelling",
            Rule::Fuzzy => "fuzzy",
            Rule::FuzzyWithContext => "fuzzy+context",
            Rule::SurnameInDocument => "surname-in-document",
            Rule::SurnameInCorpus => "surname-in-corpus",
            Rule::GivenNameInDocument => "given-name-in-document",
            Rule::SameInText => "same-in-text",
        }
    }
}

/// One merge of two spellings (or of a partial name into an entity).
#[derive(Clone, Debug)]
pub struct Merge {
    /// The two spellings (a gazetteer name is written `name [gazetteer id]`).
    pub a: String,
    pub b: String,
    pub rule: Rule,
    pub score: f32,
    /// Scores and groups, override line, entry, document.
    pub detail: String,
    /// The entity both ended in (index into `entities`).
    pub entity: Option<usize>,
}

/// A pair considered and not merged.
#[derive(Clone, Debug)]
pub struct NearMiss {
    pub a: String,
    pub b: String,
    pub score: f32,
    pub reason: String,
    /// Entities of the two sides (indices into `entities`).
    pub entity_a: Option<usize>,
    pub entity_b: Option<usize>,
}

/// Counts about one resolution run.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub names: usize,
    /// Names plus the gazetteer's names compared with them.
    pub nodes: usize,
    /// Distinct spellings that were blocked and compared.
    pub forms: usize,
    pub blocks: usize,
    /// Blocks larger than [`MAX_BLOCK`] that were skipped: `(key, size)`, largest first.
    pub skipped_blocks: Vec<(String, usize)>,
    /// Distinct candidate pairs scored.
    pub candidate_pairs: usize,
    /// Pairs of a block not scored because both sides already hold different gazetteer
    /// entries (with repeats across blocks).
    pub entry_pairs_skipped: usize,
    pub fuzzy_merges: usize,
    pub partial_names: usize,
    pub partial_resolved_docs: usize,
    pub partial_ambiguous_docs: usize,
    /// Seconds spent per phase (not deterministic; for benchmarks only).
    pub timings: Vec<(&'static str, f64)>,
}

/// Blocks with more spellings than this are skipped (and reported in [`Stats`]): the
/// skeleton keys (`s:`, `r:`).
pub const MAX_BLOCK: usize = 64;
/// The same for the weaker keys (sorted letters, first-token and rest keys), whose blocks grow
/// with the number of names sharing a given name.
pub const MAX_WEAK_BLOCK: usize = 32;

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

/// True when two names are spellings of one person's name by the resolution scorer (`Saeid
/// Massouri` = `Saeid Masouri`, `Abol Ghassem` = `Abolghassem`; `Saeid Masouri` ≠ `Mohammad Ali
/// Mansouri`). Used by `inspect` to find a person by any spelling.
pub fn same_name(a: &str, b: &str) -> bool {
    score::names_match(EntityType::Person, a, b)
}

/// One spelling taking part in resolution: an input name, or a gazetteer name (canonical or
/// alias) that input names are compared with.
struct Node {
    etype: EntityType,
    feat: Features,
    entry: Option<usize>,
    /// Index into the input names (None for a gazetteer name).
    name: Option<usize>,
    /// A person's single name (surname alone) without a gazetteer entry.
    partial: bool,
    label: String,
}

const DIAG_PATH: &str = "resolve";

/// Resolves names into entities.
pub fn resolve(input: &ResolveInput) -> Resolution {
    let t = std::time::Instant::now();
    let r = Resolver::new(input);
    let features = t.elapsed().as_secs_f64();
    let mut res = r.run();
    res.stats.timings.insert(0, ("features", features));
    res
}

struct Resolver<'a> {
    input: &'a ResolveInput<'a>,
    nodes: Vec<Node>,
    cl: Clusters,
    merges: Vec<(usize, usize, Merge)>,
    near: Vec<(usize, usize, NearMiss)>,
    diagnostics: Vec<Diagnostic>,
    stats: Stats,
}

impl<'a> Resolver<'a> {
    fn new(input: &'a ResolveInput<'a>) -> Resolver<'a> {
        let mut nodes: Vec<Node> = input
            .names
            .par_iter()
            .enumerate()
            .map(|(i, n)| {
                let feat = Features::new(n.etype, &n.surface);
                let partial =
                    n.etype == EntityType::Person && n.entry.is_none() && feat.tokens.len() == 1;
                Node {
                    etype: n.etype,
                    feat,
                    entry: n.entry,
                    name: Some(i),
                    partial,
                    label: n.surface.clone(),
                }
            })
            .collect();
        // The gazetteer's names of the types that have names the gazetteer did not find (found
        // by a rule), so a variant finds its entry even when the entry's own spelling is not in
        // the corpus. Types whose every name came from the gazetteer (cities, countries) need
        // none: their names are already linked to their entries.
        let mut types: Vec<EntityType> = input
            .names
            .iter()
            .filter(|n| n.entry.is_none())
            .map(|n| n.etype)
            .collect();
        types.sort();
        types.dedup();
        let spellings: Vec<(usize, &String)> = input
            .gazetteer
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| types.binary_search(&e.etype).is_ok())
            .flat_map(|(ei, e)| {
                std::iter::once(&e.name)
                    .chain(e.aliases.iter())
                    .map(move |s| (ei, s))
            })
            .collect();
        let feats: Vec<Features> = spellings
            .par_iter()
            .map(|&(ei, s)| Features::new(input.gazetteer.entries[ei].etype, s))
            .collect();
        let mut seen: Vec<String> = Vec::new();
        let mut last_entry = usize::MAX;
        for (&(ei, s), feat) in spellings.iter().zip(feats) {
            if ei != last_entry {
                seen.clear();
                last_entry = ei;
            }
            if feat.concat.is_empty() || seen.contains(&feat.concat) {
                continue;
            }
            seen.push(feat.concat.clone());
            let e = &input.gazetteer.entries[ei];
            nodes.push(Node {
                etype: e.etype,
                feat,
                entry: Some(ei),
                name: None,
                partial: false,
                label: format!("{s} [gazetteer {}]", e.id),
            });
        }
        let cl = Clusters::new(nodes.len());
        let stats = Stats {
            names: input.names.len(),
            nodes: nodes.len(),
            ..Stats::default()
        };
        Resolver {
            input,
            nodes,
            cl,
            merges: Vec::new(),
            near: Vec::new(),
            diagnostics: Vec::new(),
            stats,
        }
    }

    fn run(mut self) -> Resolution {
        let t = std::time::Instant::now();
        self.hard_links();
        self.text_links();
        let t1 = t.elapsed().as_secs_f64();
        self.fuzzy();
        let t2 = t.elapsed().as_secs_f64();
        let partial = self.partial_names();
        let t3 = t.elapsed().as_secs_f64();
        let mut tm = vec![("hard links", t1)];
        tm.append(&mut self.stats.timings);
        tm.push(("blocking+scoring+merging", t2 - t1));
        tm.push(("partial names", t3 - t2));
        self.stats.timings = tm;
        let mut res = self.finish(partial);
        res.stats
            .timings
            .push(("entities", t.elapsed().as_secs_f64() - t3));
        res
    }

    fn record(&mut self, a: usize, b: usize, rule: Rule, score: f32, detail: String) {
        let m = Merge {
            a: self.nodes[a].label.clone(),
            b: self.nodes[b].label.clone(),
            rule,
            score,
            detail,
            entity: None,
        };
        self.merges.push((a, b, m));
    }

    fn near_miss(&mut self, a: usize, b: usize, score: f32, reason: String) {
        let m = NearMiss {
            a: self.nodes[a].label.clone(),
            b: self.nodes[b].label.clone(),
            score,
            reason,
            entity_a: None,
            entity_b: None,
        };
        self.near.push((a, b, m));
    }

    /// Why the union-find refused a merge, for a near miss.
    fn refusal(&self, r: Refusal) -> String {
        let g = self.input.gazetteer;
        match r {
            Refusal::Entries(a, b) => format!(
                "different gazetteer entries {} and {}",
                g.entries[a].id, g.entries[b].id
            ),
            Refusal::CannotLink(t) => {
                let t = t as usize;
                if t < self.input.cannot_link.len() {
                    "two names of one signature list".to_string()
                } else {
                    let o = &self.input.overrides[t - self.input.cannot_link.len()];
                    format!("`different` at {}:{}", o.file.display(), o.line)
                }
            }
        }
    }
}
