//! Extraction: people, prisons, cities, organizations and countries found in one document, by
//! the gazetteer (on the folded text) and by named rules that find what the gazetteer lacks.
//!
//! Every [`Mention`] carries the byte span of the original text and the [`Rule`] that found it.
//! Rules (one file each, listed in `RECOGNISERS` and `AFTER_SELECTION`):
//! - `gazetteer`: a name or alias of the gazetteer (folded match, word-bounded). Cities and
//!   countries must be capitalised in the text; a city whose name is a common word
//!   (`ambiguous`) also needs a place word before it ("in", "from", ...).
//! - `acronym`: an acronym or all-capital alias, matched case-sensitively (`UN`, `NCRI`).
//! - `signature_block`: the names of a signature block: a run of short name lines (numbered,
//!   bulleted, several a line, with a note after each name) after an opener ("Signed by:", "The
//!   letter ends with five names:"), next to an affiliation line ("Political Prisoners in X
//!   Prison") or above closing lines (a date, a place: "Women's ward, Lakan Prison, Rasht");
//!   also the signers a sentence lists ("signed by A, B and C", "The signatories are A, a
//!   teacher; B; and C"). It runs after the rules that find places and people.
//! - `title`: capitalised words after a title (Mr., Mrs., Dr., President, ...).
//! - `writer`: a name just before a letter phrase ("X, has written to", "X wrote a letter").
//! - `prison_shape`: "X Prison", "Badr 1 Prison", "Penal Colony No. 4", "Prison of X".
//! - `org_shape`: capitalised words ending in a head noun (Council, Coalition, Army, ...).
//! - `prison_list`: the lines of a list of prisons under a line that speaks of prisons ("Prisons
//!   taking part:"), each a town standing for its prison or a prison's own name in brackets.
//! - `prison_town`: a town standing for its prison in a sentence: "the prisons of A, B and C",
//!   "A and B prisons", "the women's prison of X", "from Evin to X".
//! - `acronym_defined`: an acronym in brackets after an organization's name ("(EIPR)"), there
//!   and wherever else the document uses it.
//! - `acronym_source`: an acronym cited as a source ("according to DHRC", "documented by
//!   KRW"), there and wherever else the document uses it.
//! - `also_known_as`: "X, also spelled Y", "X (also known as Y)": Y is X.
//! - `script_gloss`: a name again in its own script in brackets after its Latin form ("Qasim
//!   Hadi Ebrahim (قاسم هادي ابراهيم)"): the same entity.
//! - `short_name`: a prison or organization named by part of its name after the whole name
//!   ("Badr 1" after "Badr 1 Prison", "Viasna" after "Human Rights Centre Viasna").
//! - `given_alone`: a given name alone after a full name of the document that starts with it
//!   ("Dear Narges" after "Narges Mohammadi").
//! - `surname`: a surname alone, when the full name is mentioned in the same document.
//! - `propagated`: a name that a rule found in another document, seen here (applied corpus-wide
//!   after every document is read, see `crate::names`; this module gives it the runs to look in).
//! - `variant`: a spelling variant of a gazetteer name (`crate::resolve::variants`: it asks the
//!   resolver's scorer, so it lives with resolution and runs after extraction).
//!
//! Trigger words, titles and other word lists live in `gazetteer/rules/`.
//!
//! The stage: [`extract_folded`] tokenizes the text once, runs every recogniser of
//! `RECOGNISERS` in order on a shared `Context` (each pushes candidate mentions, and signature
//! blocks, into `Candidates`), keeps the non-overlapping candidates (`select`), runs the
//! rules of `AFTER_SELECTION` on what was kept, maps the blocks' names to mentions, and asks the
//! rules of `LINKERS` which mentions the text itself says are one entity
//! ([`DocExtraction::same`]).
//! Adding a rule is one new file with a `recognise` function and its tests, its `mod` line and
//! one line in one of the two lists, and a [`Rule`] variant (with its name and priority) when
//! the rule has a new name (see `docs/architecture.md`).

mod acronym_defined;
mod acronym_source;
mod also_known_as;
mod apposition;
mod coordination;
mod gazetteer_hits;
mod given_alone;
mod given_name;
mod json;
mod names;
mod org_shape;
mod place_or_name;
mod prison_list;
mod prison_shape;
mod prison_town;
mod propagate;
mod role_cue;
mod script_gloss;
mod short_name;
mod signature_block;
mod surname;
mod title;
mod tokens;
mod writer;

use serde::{Deserialize, Serialize};

use crate::dates::PartialDate;
use crate::gazetteer::{Gazetteer, PhraseHits, RuleData};
use crate::text::Folded;
use crate::types::EntityType;

pub use gazetteer_hits::{names_at_word_starts, place_context};
pub use json::{json_string, mention_json};
pub use names::is_given_word;
pub use propagate::{offers_full_name, propagated_spans};
use tokens::{tokenize, Token};

/// The recognisers every document goes through, in this order (candidates of equal length,
/// priority, start and type keep this order when overlaps are settled).
const RECOGNISERS: &[Recogniser] = &[
    gazetteer_hits::recognise,
    title::recognise,
    writer::recognise,
    prison_shape::recognise,
    org_shape::recognise,
    prison_list::recognise,
    given_name::recognise,
    role_cue::recognise,
    apposition::recognise,
    // After the rules above: it follows the lists their people are in.
    coordination::recognise,
    // After the rules above: it looks at the places and people they found.
    signature_block::recognise,
];

/// Rules that run on the mentions kept after overlaps are settled, in this order: they depend on
/// what else the document names. They add mentions only where none is.
const AFTER_SELECTION: &[Refiner] = &[
    prison_town::recognise,
    acronym_defined::recognise,
    acronym_source::recognise,
    also_known_as::recognise,
    short_name::recognise,
    script_gloss::recognise,
    place_or_name::recognise,
    surname::recognise,
    given_alone::recognise,
];

/// Rules that say which of the document's final mentions are one entity (pairs of mention
/// indices, into [`DocExtraction::same`]): the text's own links.
const LINKERS: &[Linker] = &[
    acronym_defined::link,
    also_known_as::link,
    short_name::link,
    script_gloss::link,
];

/// A rule over a whole document: pushes what it finds into the candidates.
type Recogniser = fn(&Context, &mut Candidates);

/// A rule over the selected mentions (sorted by start, not overlapping): adds to them and keeps
/// them sorted.
type Refiner = fn(&Context, &mut Vec<Mention>);

/// A rule over the final mentions (sorted by start, not overlapping): pushes pairs of mention
/// indices that the text says are one entity.
type Linker = fn(&Context, &[Mention], &mut Vec<(usize, usize)>);

/// What every rule may look at: one document, its folded view and phrase hits, its words, and
/// the gazetteer with its rule word lists.
#[derive(Clone, Copy)]
struct Context<'a> {
    text: &'a str,
    folded: &'a Folded,
    phrases: &'a PhraseHits,
    gaz: &'a Gazetteer,
    rules: &'a RuleData,
    tokens: &'a [Token],
}

/// What the recognisers find: candidate mentions (they may overlap) and signature blocks.
#[derive(Default)]
struct Candidates {
    mentions: Vec<Mention>,
    blocks: Vec<RawBlock>,
}

/// The rule that found a mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Gazetteer,
    Acronym,
    SignatureBlock,
    Title,
    Writer,
    PrisonShape,
    OrgShape,
    Surname,
    Propagated,
    Variant,
    GivenName,
    RoleCue,
    Apposition,
    Coordination,
    PrisonList,
    PrisonTown,
    AcronymDefined,
    AcronymSource,
    AlsoKnownAs,
    ShortName,
    ScriptGloss,
    GivenAlone,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Gazetteer => "gazetteer",
            Rule::Acronym => "acronym",
            Rule::SignatureBlock => "signature_block",
            Rule::Title => "title",
            Rule::Writer => "writer",
            Rule::PrisonShape => "prison_shape",
            Rule::OrgShape => "org_shape",
            Rule::Surname => "surname",
            Rule::Propagated => "propagated",
            Rule::Variant => "variant",
            Rule::GivenName => "given_name",
            Rule::RoleCue => "role_cue",
            Rule::Apposition => "apposition",
            Rule::Coordination => "coordination",
            Rule::PrisonList => "prison_list",
            Rule::PrisonTown => "prison_town",
            Rule::AcronymDefined => "acronym_defined",
            Rule::AcronymSource => "acronym_source",
            Rule::AlsoKnownAs => "also_known_as",
            Rule::ShortName => "short_name",
            Rule::ScriptGloss => "script_gloss",
            Rule::GivenAlone => "given_alone",
        }
    }

    /// Rules whose person names are full names worth looking for in other documents.
    fn finds_full_names(self) -> bool {
        matches!(
            self,
            Rule::SignatureBlock
                | Rule::Title
                | Rule::Writer
                | Rule::GivenName
                | Rule::RoleCue
                | Rule::Apposition
                | Rule::Coordination
        )
    }

    /// Tie-break between two candidates of equal length (higher wins).
    fn priority(self) -> u8 {
        match self {
            // A line of a list of prisons is a prison, whatever else the gazetteer calls it.
            Rule::SignatureBlock | Rule::PrisonList => 9,
            Rule::Gazetteer | Rule::Acronym => 8,
            Rule::Writer => 7,
            Rule::Title => 6,
            Rule::GivenName | Rule::RoleCue | Rule::Apposition => 6,
            Rule::Coordination => 5,
            Rule::Propagated => 5,
            Rule::PrisonShape => 4,
            Rule::OrgShape => 3,
            Rule::Surname | Rule::GivenAlone => 2,
            Rule::Variant => 1,
            // Rules after selection: they add where no mention is.
            Rule::PrisonTown
            | Rule::AcronymDefined
            | Rule::AcronymSource
            | Rule::AlsoKnownAs
            | Rule::ShortName
            | Rule::ScriptGloss => 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte span in the original text.
    pub start: usize,
    pub end: usize,
    /// The original text of the span, verbatim.
    pub surface: String,
    pub etype: EntityType,
    /// Gazetteer entry, when the gazetteer found it.
    pub entry: Option<u32>,
    pub rule: Rule,
}

impl Mention {
    /// A mention a rule found at `text[start..end]` (no gazetteer entry).
    pub fn rule_hit(
        text: &str,
        start: usize,
        end: usize,
        etype: EntityType,
        rule: Rule,
    ) -> Mention {
        Mention {
            start,
            end,
            surface: text[start..end].to_string(),
            etype,
            entry: None,
            rule,
        }
    }
}

/// A signature block: names listed together under (or above) a letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureBlock {
    /// Byte span of the whole block (opener, names, affiliation and date lines).
    pub start: usize,
    pub end: usize,
    /// The signers, in order: indices into [`DocExtraction::mentions`].
    pub signers: Vec<usize>,
    /// The affiliation line, if any ("Political Prisoners in Gohardasht Prison, Iran").
    pub affiliation: Option<(usize, usize)>,
    /// The date line under the block, if any.
    pub date: Option<PartialDate>,
    /// True when an opener ("Signed by ...") introduces the names.
    pub opener: bool,
}

/// What extraction finds in one document.
#[derive(Clone, Debug, Default)]
pub struct DocExtraction {
    /// Sorted by start; spans do not overlap.
    pub mentions: Vec<Mention>,
    pub blocks: Vec<SignatureBlock>,
    /// Runs of capitalised words not covered by a mention (for propagation, in `crate::names`): span and text.
    pub candidates: Vec<(usize, usize, String)>,
    /// Pairs of indices into `mentions` that the text itself says are one entity: an acronym
    /// and the name it stands for ("the Egyptian Initiative for Personal Rights (EIPR)"), two
    /// spellings ("Sheiban, also spelled Sheyban"), a short name and the whole one ("Badr 1" and
    /// "Badr 1 Prison"). Sorted, each pair `(a, b)` with `a < b`.
    pub same: Vec<(usize, usize)>,
}

/// A signature block before mapping names to mentions.
struct RawBlock {
    start: usize,
    end: usize,
    names: Vec<(usize, usize)>,
    affiliation: Option<(usize, usize)>,
    date: Option<PartialDate>,
    opener: bool,
}

/// Extracts the mentions of one document.
pub fn extract(text: &str, gaz: &Gazetteer) -> DocExtraction {
    let folded = Folded::new(text);
    let phrases = gaz.rules.phrase_hits(&folded.text);
    extract_folded(text, &folded, &phrases, gaz)
}

/// [`extract`] with the folded text and its phrase hits already made (`Folded::new(text)`,
/// [`RuleData::phrase_hits`]), to share them with [`crate::structure::frames_folded`].
pub fn extract_folded(
    text: &str,
    folded: &Folded,
    phrases: &PhraseHits,
    gaz: &Gazetteer,
) -> DocExtraction {
    let tokens = tokenize(text, 0, text.len());
    let cx = Context {
        text,
        folded,
        phrases,
        gaz,
        rules: &gaz.rules,
        tokens: &tokens,
    };
    let mut found = Candidates::default();
    for recognise in RECOGNISERS {
        recognise(&cx, &mut found);
    }
    let mut mentions = select(found.mentions);
    for refine in AFTER_SELECTION {
        refine(&cx, &mut mentions);
    }
    let mut raw = found.blocks;
    raw.sort_by_key(|b| b.start);
    let blocks = signer_mentions(raw, &mentions);
    let candidates = propagate::capitalised_runs(text, &tokens, cx.rules, &mentions);
    let same = same_links(&cx, &mentions);
    DocExtraction {
        mentions,
        blocks,
        candidates,
        same,
    }
}

/// The pairs of mentions the rules of `LINKERS` say are one entity, sorted, without repeats.
fn same_links(cx: &Context, mentions: &[Mention]) -> Vec<(usize, usize)> {
    let mut same = Vec::new();
    for link in LINKERS {
        link(cx, mentions, &mut same);
    }
    for p in &mut same {
        if p.0 > p.1 {
            *p = (p.1, p.0);
        }
    }
    same.retain(|p| p.0 != p.1);
    same.sort_unstable();
    same.dedup();
    same
}

/// The signature blocks with their names as indices of the selected mentions (a block whose
/// names were all lost to longer mentions is dropped).
fn signer_mentions(raw: Vec<RawBlock>, mentions: &[Mention]) -> Vec<SignatureBlock> {
    let mut blocks = Vec::new();
    for b in raw {
        let signers: Vec<usize> = b
            .names
            .iter()
            .filter_map(|&(s, e)| {
                mentions
                    .iter()
                    .position(|m| m.start == s && m.end == e && m.etype == EntityType::Person)
            })
            .collect();
        if signers.is_empty() {
            continue;
        }
        blocks.push(SignatureBlock {
            start: b.start,
            end: b.end,
            signers,
            affiliation: b.affiliation,
            date: b.date,
            opener: b.opener,
        });
    }
    blocks
}

/// Chooses non-overlapping mentions: longer spans first, then by rule priority, then by
/// position.
fn select(mut cands: Vec<Mention>) -> Vec<Mention> {
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.rule.priority().cmp(&a.rule.priority()))
            .then(a.start.cmp(&b.start))
            .then(a.etype.cmp(&b.etype))
    });
    let mut taken: Vec<Mention> = Vec::new();
    let mut occupied = Occupied::default();
    for c in cands {
        if !occupied.overlaps(c.start, c.end) {
            occupied.insert(c.start, c.end);
            taken.push(c);
        }
    }
    taken.sort_by_key(|m| (m.start, m.end));
    taken
}

/// The spans [`select`] has taken, which never overlap, sorted by start: their ends are then
/// sorted too, and a span overlaps one of them when it overlaps the last that starts before it
/// ends (a binary search instead of a scan of all, which made `select` quadratic in the
/// candidates of a long document). An empty span taken sends every test to the scan.
#[derive(Default)]
struct Occupied {
    spans: Vec<(usize, usize)>,
    has_empty: bool,
}

impl Occupied {
    /// True when `[s, e)` overlaps a span taken: `s < end && start < e` for one of them.
    fn overlaps(&self, s: usize, e: usize) -> bool {
        if self.has_empty {
            return self.spans.iter().any(|&(a, b)| s < b && a < e);
        }
        let k = self.spans.partition_point(|&(a, _)| a < e);
        k > 0 && s < self.spans[k - 1].1
    }

    fn insert(&mut self, s: usize, e: usize) {
        self.has_empty |= s >= e;
        let k = self.spans.partition_point(|&p| p < (s, e));
        self.spans.insert(k, (s, e));
    }
}

/// True when a mention overlaps `[s, e)`. `mentions` are sorted and do not overlap, so their
/// ends are sorted too.
fn overlaps_any(mentions: &[Mention], s: usize, e: usize) -> bool {
    let k = mentions.partition_point(|m| m.end <= s);
    mentions.get(k).is_some_and(|m| m.start < e)
}

#[cfg(test)]
mod testing {
    use super::*;

    /// A gazetteer entry for a test: `id`, type, name and aliases.
    pub(super) fn entry(
        id: &str,
        etype: crate::types::EntityType,
        name: &str,
        aliases: &[&str],
    ) -> crate::gazetteer::Entry {
        crate::gazetteer::Entry {
            id: id.into(),
            etype,
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            attrs: Default::default(),
            file: "t.tsv".into(),
            line: 1,
        }
    }

    pub(super) fn gaz() -> Gazetteer {
        Gazetteer::with_entries(Vec::new())
    }

    /// The surfaces one recogniser alone finds in `text` (before overlaps are settled), in the
    /// order it finds them; `before` runs first (rules that look at other rules' candidates).
    pub(super) fn finds(before: &[Recogniser], recognise: Recogniser, text: &str) -> Vec<String> {
        let gaz = gaz();
        let folded = Folded::new(text);
        let phrases = gaz.rules.phrase_hits(&folded.text);
        let tokens = tokenize(text, 0, text.len());
        let cx = Context {
            text,
            folded: &folded,
            phrases: &phrases,
            gaz: &gaz,
            rules: &gaz.rules,
            tokens: &tokens,
        };
        let mut found = Candidates::default();
        for r in before {
            r(&cx, &mut found);
        }
        let n = found.mentions.len();
        recognise(&cx, &mut found);
        found.mentions[n..]
            .iter()
            .map(|m| m.surface.clone())
            .collect()
    }

    pub(super) fn found(text: &str) -> Vec<(String, EntityType, Rule)> {
        extract(text, &gaz())
            .mentions
            .into_iter()
            .map(|m| (m.surface, m.etype, m.rule))
            .collect()
    }

    /// The surfaces and types of the mentions of `text` with the gazetteer `gaz`, in text order.
    pub(super) fn typed_with(text: &str, gaz: &Gazetteer) -> Vec<(String, EntityType)> {
        extract(text, gaz)
            .mentions
            .into_iter()
            .map(|m| (m.surface, m.etype))
            .collect()
    }

    /// The surfaces of the mentions of type `etype` in `text`, in text order.
    pub(super) fn found_of(text: &str, etype: EntityType) -> Vec<String> {
        found(text)
            .into_iter()
            .filter(|(_, t, _)| *t == etype)
            .map(|(s, _, _)| s)
            .collect()
    }
}
