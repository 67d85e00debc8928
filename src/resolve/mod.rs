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
pub mod explain;
pub mod keys;
pub mod overrides;
pub mod score;
pub mod variants;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::gazetteer::Gazetteer;
use crate::types::{slug, EntityType, Source};

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
    /// Two names the text gives as one (`Ali Jaafar Habib (علي جعفر حبيب)`): [`ResolveInput::same`].
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

    /// Nodes an override side names: a node id, an entry id, or a spelling.
    fn override_nodes(&self, key: &str, by_fold: &HashMap<String, Vec<usize>>) -> Vec<usize> {
        let g = self.input.gazetteer;
        let mut out = Vec::new();
        if let Some(ei) = g
            .entries
            .iter()
            .position(|e| e.node_id() == key || e.id == key)
        {
            out.extend((0..self.nodes.len()).filter(|&i| self.nodes[i].entry == Some(ei)));
        }
        if out.is_empty() {
            if let Some((prefix, s)) = key.split_once(':') {
                out.extend((0..self.nodes.len()).filter(|&i| {
                    let n = &self.nodes[i];
                    n.name.is_some()
                        && n.etype.id_prefix() == prefix
                        && slug(&self.input.names[n.name.unwrap()].surface) == s
                }));
            }
        }
        if out.is_empty() {
            let f = crate::text::fold(key).replace(' ', "");
            if let Some(v) = by_fold.get(&f) {
                out.extend(v.iter().copied());
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn hard_links(&mut self) {
        let n = self.nodes.len();
        // cannot-link tags: signature lists, then `different` overrides
        for (g, group) in self.input.cannot_link.iter().enumerate() {
            for &x in group {
                if x < self.input.names.len() {
                    self.cl.add_tag(x, g as u32, x as u32);
                }
            }
        }
        for i in 0..n {
            if let Some(e) = self.nodes[i].entry {
                self.cl.set_entry(i, e);
            }
        }
        // gazetteer identity
        let mut first_of_entry: HashMap<usize, usize> = HashMap::new();
        for i in 0..n {
            if let Some(e) = self.nodes[i].entry {
                match first_of_entry.get(&e) {
                    None => {
                        first_of_entry.insert(e, i);
                    }
                    Some(&f) => {
                        // not recorded one by one: `explain` lists the gazetteer's names
                        self.cl.force(f, i);
                    }
                }
            }
        }
        if self.input.overrides.is_empty() {
            return;
        }
        let mut by_fold: HashMap<String, Vec<usize>> = HashMap::new();
        for i in 0..n {
            by_fold
                .entry(self.nodes[i].feat.folded.replace(' ', ""))
                .or_default()
                .push(i);
        }
        let base = self.input.cannot_link.len() as u32;
        let mut sides = Vec::new();
        for (k, o) in self.input.overrides.iter().enumerate() {
            let a = self.override_nodes(&o.a, &by_fold);
            let b = self.override_nodes(&o.b, &by_fold);
            if !o.same {
                for &x in &a {
                    self.cl.add_tag(x, base + k as u32, 0);
                }
                for &x in &b {
                    self.cl.add_tag(x, base + k as u32, 1);
                }
            }
            sides.push((a, b));
        }
        for (o, (a, b)) in self.input.overrides.iter().zip(&sides) {
            if !o.same || a.is_empty() || b.is_empty() {
                continue;
            }
            let all: Vec<usize> = a.iter().chain(b.iter()).copied().collect();
            for &x in &all[1..] {
                self.cl.force(all[0], x);
            }
            let d = format!("`same` at {}:{}", o.file.display(), o.line);
            self.record(a[0], b[0], Rule::Override, 1.0, d);
        }
        // contradictions: a `different` pair already joined by hard links
        for (o, (a, b)) in self.input.overrides.iter().zip(&sides) {
            if o.same || a.is_empty() || b.is_empty() {
                continue;
            }
            let ra: Vec<usize> = a.iter().map(|&x| self.cl.find(x)).collect();
            let Some(joined) = b.iter().map(|&x| self.cl.find(x)).find(|r| ra.contains(r)) else {
                continue;
            };
            let mut why: Vec<String> = Vec::new();
            for (o2, (a2, _)) in self.input.overrides.iter().zip(&sides) {
                if o2.same && a2.first().is_some_and(|&x| self.cl.find(x) == joined) {
                    why.push(format!("`same` at {}:{}", o2.file.display(), o2.line));
                }
            }
            for &e in self.cl.entries(joined).to_vec().iter() {
                let en = &self.input.gazetteer.entries[e];
                why.push(format!(
                    "gazetteer entry {} at {}:{}",
                    en.id,
                    en.file.display(),
                    en.line
                ));
            }
            self.diagnostics.push(Diagnostic {
                path: o.file.display().to_string(),
                line: Some(o.line),
                message: format!(
                    "`different {} / {}` contradicts {}: kept together",
                    o.a,
                    o.b,
                    why.join(", ")
                ),
            });
        }
    }

    /// The text's own links ([`ResolveInput::same`]): each pair is joined whatever the
    /// signature lists say (a name and its other spelling often stand in one list), but never
    /// across two types, two gazetteer entries or the sides of a `different` override (refused,
    /// kept as a near miss). A linked single name is no longer treated as a partial name: the text said
    /// whose it is.
    fn text_links(&mut self) {
        let names = self.input.names.len();
        let users = self.input.cannot_link.len() as u32;
        for &(a, b) in self.input.same {
            if a >= names || b >= names || a == b {
                continue;
            }
            if self.nodes[a].etype != self.nodes[b].etype {
                let why = "same in text, refused: names of two types".to_string();
                self.near_miss(a, b, 1.0, why);
                continue;
            }
            if self.cl.find(a) == self.cl.find(b) {
                continue;
            }
            let mut refused = match self.cl.check(a, b) {
                Err(r @ Refusal::Entries(..)) => Some(r),
                _ => None,
            };
            if refused.is_none() {
                // the tags of `different` overrides (signature lists come first, below `users`)
                let user = |t: &[(u32, u32)]| -> Vec<(u32, u32)> {
                    t.iter().copied().filter(|x| x.0 >= users).collect()
                };
                let ta = user(self.cl.tags(a));
                let tb = user(self.cl.tags(b));
                refused = cluster::tag_conflict(&ta, &tb).map(Refusal::CannotLink);
            }
            if let Some(r) = refused {
                let why = format!("same in text, refused: {}", self.refusal(r));
                self.near_miss(a, b, 1.0, why);
                continue;
            }
            // signature-list tags only: checked above for gazetteer entries and overrides
            self.cl.force(a, b);
            self.nodes[a].partial = false;
            self.nodes[b].partial = false;
            let d = "same in text: the document gives both names to one person".to_string();
            self.record(a, b, Rule::SameInText, 1.0, d);
        }
    }

    fn fuzzy(&mut self) {
        let t0 = std::time::Instant::now();
        let n = self.nodes.len();
        // spellings: (type, concat) groups; same spelling merges first
        // sorted by (type, concat, entry, index); the first 16 bytes of the concatenation
        // (zero-padded, big-endian: the same order as the strings) decide most comparisons
        // without reading the nodes
        let nodes = &self.nodes;
        let mut sort_keys: Vec<(EntityType, u128, u32)> = (0..n)
            .into_par_iter()
            .filter(|&i| !nodes[i].partial)
            .map(|i| {
                let c = nodes[i].feat.concat.as_bytes();
                let mut p = [0u8; 16];
                let k = c.len().min(16);
                p[..k].copy_from_slice(&c[..k]);
                (nodes[i].etype, u128::from_be_bytes(p), i as u32)
            })
            .collect();
        sort_keys.par_sort_unstable_by(|x, y| {
            (x.0, x.1).cmp(&(y.0, y.1)).then_with(|| {
                let (a, b) = (&nodes[x.2 as usize], &nodes[y.2 as usize]);
                (&a.feat.concat, a.entry.is_some(), a.entry, x.2).cmp(&(
                    &b.feat.concat,
                    b.entry.is_some(),
                    b.entry,
                    y.2,
                ))
            })
        });
        let order: Vec<usize> = sort_keys.into_iter().map(|k| k.2 as usize).collect();
        let mut reps: Vec<usize> = Vec::new();
        // members of each representative's spelling (same type, concat and cluster)
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut i = 0;
        while i < order.len() {
            let mut j = i + 1;
            let (t, c) = (
                self.nodes[order[i]].etype,
                &self.nodes[order[i]].feat.concat,
            );
            while j < order.len()
                && self.nodes[order[j]].etype == t
                && &self.nodes[order[j]].feat.concat == c
            {
                j += 1;
            }
            let group: Vec<usize> = order[i..j].to_vec();
            for &x in &group[1..] {
                let a = group[0];
                if self.cl.find(a) == self.cl.find(x) {
                    continue;
                }
                match self.cl.union(a, x) {
                    Ok(_) => {
                        if self.nodes[a].name.is_some() || self.nodes[x].name.is_some() {
                            self.record(
                                a,
                                x,
                                Rule::SameSpelling,
                                1.0,
                                "same folded spelling without spaces".into(),
                            );
                        }
                    }
                    Err(r) => {
                        let why = self.refusal(r);
                        self.near_miss(a, x, 1.0, why);
                    }
                }
            }
            // one representative per cluster within the group
            let mut local: Vec<(usize, usize)> = Vec::new();
            for &x in &group {
                let r = self.cl.find(x);
                match local.iter().position(|&(rr, _)| rr == r) {
                    Some(p) => members[local[p].1].push(x),
                    None => {
                        local.push((r, reps.len()));
                        reps.push(x);
                        members.push(vec![x]);
                    }
                }
            }
            i = j;
        }
        self.stats.forms = reps.len();
        // blocking: every (key, spelling) as a 64-bit hash of the type and key (the low bit
        // says whether it is a strong key), sorted; runs of one hash are blocks
        let nodes = &self.nodes;
        let key_hash = |t: EntityType, k: &str| -> u64 {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            (t, k).hash(&mut h);
            let strong = k.starts_with("s:") || k.starts_with("r:");
            (h.finish() & !1) | u64::from(strong)
        };
        let mut flat: Vec<(u64, u32)> = reps
            .par_iter()
            .enumerate()
            .fold(
                || (keys::KeyScratch::default(), Vec::new()),
                |(mut scratch, mut v), (ri, &x)| {
                    let t = nodes[x].etype;
                    keys::for_each_blocking_key(&nodes[x].feat, &mut scratch, |k| {
                        v.push((key_hash(t, k), ri as u32))
                    });
                    (scratch, v)
                },
            )
            .map(|(_, v)| v)
            .reduce(Vec::new, |mut a, mut b| {
                a.append(&mut b);
                a
            });
        flat.par_sort_unstable();
        // Two spellings already holding different gazetteer entries can never merge: not
        // compared (counted in `Stats::entry_pairs_skipped`).
        let rep_entry: Vec<Option<usize>> = reps
            .iter()
            .map(|&x| {
                let e = self.cl.entries(x);
                (e.len() == 1).then(|| e[0])
            })
            .collect();
        // spellings already in one cluster (a gazetteer name and its alias) need no score
        let rep_root: Vec<usize> = reps.iter().map(|&x| self.cl.find(x)).collect();
        let nodes = &self.nodes;
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut skipped = Vec::new();
        let mut entry_pairs = 0usize;
        let mut nblocks = 0usize;
        let mut i = 0;
        while i < flat.len() {
            let h = flat[i].0;
            let mut j = i + 1;
            while j < flat.len() && flat[j].0 == h {
                j += 1;
            }
            nblocks += 1;
            let v = &flat[i..j];
            i = j;
            if v.len() < 2 {
                continue;
            }
            let cap = if h & 1 == 1 {
                MAX_BLOCK
            } else {
                MAX_WEAK_BLOCK
            };
            if v.len() > cap {
                let x = reps[v[0].1 as usize];
                let t = nodes[x].etype;
                let k = keys::blocking_keys(&nodes[x].feat)
                    .into_iter()
                    .find(|k| key_hash(t, k) == h)
                    .unwrap_or_default();
                skipped.push((format!("{t}/{k}"), v.len()));
                continue;
            }
            for (p, &(_, a)) in v.iter().enumerate() {
                for &(_, b) in &v[p + 1..] {
                    let (na, nb) = (&nodes[reps[a as usize]], &nodes[reps[b as usize]]);
                    if na.name.is_none() && nb.name.is_none() {
                        continue;
                    }
                    if rep_root[a as usize] == rep_root[b as usize] {
                        continue;
                    }
                    if let (Some(x), Some(y)) = (rep_entry[a as usize], rep_entry[b as usize]) {
                        if x != y {
                            entry_pairs += 1;
                            continue;
                        }
                    }
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
        self.stats.blocks = nblocks;
        drop(flat);
        skipped.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.stats.skipped_blocks = skipped;
        pairs.par_sort_unstable();
        pairs.dedup();
        self.stats.candidate_pairs = pairs.len();
        self.stats.entry_pairs_skipped = entry_pairs;
        let t_block = t0.elapsed().as_secs_f64();
        // scoring (parallel; the order of the results is the order of `pairs`)
        let nodes = &self.nodes;
        let scored: Vec<(u32, u32, PairScore)> = pairs
            .par_iter()
            .filter_map(|&(a, b)| {
                let (x, y) = (&nodes[reps[a as usize]], &nodes[reps[b as usize]]);
                let s =
                    score::score_pair_at_least(x.etype, &x.feat, &y.feat, score::BORDERLINE - 0.1)?;
                Some((a, b, s))
            })
            .collect();
        let t_score = t0.elapsed().as_secs_f64();
        self.stats.timings.push(("  spellings+blocking", t_block));
        self.stats.timings.push(("  scoring", t_score - t_block));
        // context for borderline pairs
        let mut together: HashMap<usize, Vec<u32>> = HashMap::new();
        for (g, group) in self.input.together.iter().enumerate() {
            for &x in group {
                together.entry(x).or_default().push(g as u32);
            }
        }
        let ctx_of = |ri: u32| -> (Vec<u32>, Vec<u32>) {
            let mut docs = Vec::new();
            let mut groups = Vec::new();
            for &m in &members[ri as usize] {
                if let Some(nm) = nodes[m].name {
                    docs.extend(self.input.names[nm].docs.iter().map(|d| d.0));
                    if let Some(g) = together.get(&nm) {
                        groups.extend(g.iter().copied());
                    }
                }
            }
            docs.sort_unstable();
            docs.dedup();
            groups.sort_unstable();
            groups.dedup();
            (docs, groups)
        };
        let mut cands: Vec<(f32, u32, u32, Rule, PairScore, String)> = Vec::new();
        let mut rejected: Vec<(u32, u32, PairScore, String)> = Vec::new();
        for (a, b, s) in scored {
            if s.accepted() {
                cands.push((s.score, a, b, Rule::Fuzzy, s, String::new()));
                continue;
            }
            if s.score >= score::BORDERLINE {
                let (da, ga) = ctx_of(a);
                let (db, gb) = ctx_of(b);
                let (bonus, why) = if intersects(&ga, &gb) {
                    (score::TOGETHER_BONUS, "share a letter or prison")
                } else if intersects(&da, &db) {
                    (score::SAME_DOC_BONUS, "share a document")
                } else {
                    (0.0, "")
                };
                if s.score + bonus >= score::THRESHOLD {
                    let w = format!("; +{bonus} because they {why}");
                    cands.push((s.score + bonus, a, b, Rule::FuzzyWithContext, s, w));
                    continue;
                }
            }
            let reason = s.reason.clone();
            rejected.push((a, b, s, reason));
        }
        cands.sort_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then(x.4.cost.total_cmp(&y.4.cost))
                .then(x.4.raw.cmp(&y.4.raw))
                .then(y.4.jw.total_cmp(&x.4.jw))
                .then((x.1, x.2).cmp(&(y.1, y.2)))
        });
        for (sc, a, b, rule, s, extra) in cands {
            let (x, y) = (reps[a as usize], reps[b as usize]);
            if self.cl.find(x) == self.cl.find(y) {
                continue;
            }
            match self.cl.union(x, y) {
                Ok(_) => {
                    self.stats.fuzzy_merges += 1;
                    let d = format!("{}{extra}", s.detail());
                    self.record(x, y, rule, sc, d);
                }
                Err(r) => {
                    let why = format!("{} ({})", self.refusal(r), s.detail());
                    self.near_miss(x, y, sc, why);
                }
            }
        }
        for (a, b, s, reason) in rejected {
            let (x, y) = (reps[a as usize], reps[b as usize]);
            if self.cl.find(x) == self.cl.find(y) {
                continue;
            }
            self.near_miss(x, y, s.score, format!("{reason} ({})", s.detail()));
        }
    }

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

fn intersects(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

impl Resolver<'_> {
    /// A name of several tokens standing alone (no entry, nothing merged with it) that is the
    /// tail of exactly one longer full name in each of its documents is a compound surname
    /// mentioned alone (`Akbari Monfared` for `Reza Akbari Monfared`): it joins that name
    /// there. Only within documents, and only when every document has such a name.
    fn compound_surnames(&mut self, in_doc: &HashMap<u32, Vec<usize>>, out: &mut Partial) {
        let n = self.nodes.len();
        let mut size: Vec<u32> = vec![0; n];
        for i in 0..n {
            size[self.cl.find(i)] += 1;
        }
        let mut long: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..n {
            let nd = &self.nodes[i];
            if nd.etype == EntityType::Person && nd.feat.tokens.len() >= 3 {
                long.entry(self.cl.find(i)).or_default().push(i);
            }
        }
        let mut found: Vec<(usize, Vec<(u32, usize)>)> = Vec::new();
        for c in 0..self.input.names.len() {
            let nd = &self.nodes[c];
            let k = nd.feat.tokens.len();
            if nd.etype != EntityType::Person || nd.entry.is_some() || nd.partial || k < 2 {
                continue;
            }
            let own = self.cl.find(c);
            if size[own] != 1 {
                continue;
            }
            let mut per = Vec::new();
            for &(d, _) in &self.input.names[c].docs {
                let cands: Vec<usize> = in_doc
                    .get(&d)
                    .map(|v| v.as_slice())
                    .unwrap_or(&[])
                    .iter()
                    .copied()
                    .filter(|&r| r != own)
                    .filter(|r| {
                        long.get(r).is_some_and(|v| {
                            v.iter().any(|&m| {
                                let p = &self.nodes[m].feat.phon;
                                p.len() > k && p[p.len() - k..] == nd.feat.phon[..]
                            })
                        })
                    })
                    .collect();
                if cands.len() != 1 {
                    break;
                }
                per.push((d, cands[0]));
            }
            if per.len() == self.input.names[c].docs.len() && !per.is_empty() {
                found.push((c, per));
            }
        }
        for (c, per) in found {
            self.nodes[c].partial = true;
            let mut roots: Vec<usize> = per.iter().map(|x| x.1).collect();
            roots.sort_unstable();
            roots.dedup();
            for r in roots {
                let d = format!(
                    "compound surname alone: the only longer full name ending in it in its document(s) ({} documents)",
                    per.len()
                );
                self.record(c, r, Rule::SurnameInDocument, 1.0, d);
            }
            self.stats.partial_names += 1;
            self.stats.partial_resolved_docs += per.len();
            out.per_node.push((c, Some(per)));
        }
    }
}

impl Resolver<'_> {
    /// The full names of the input (node indices) per cluster root, for their given names
    /// (built when a single name first needs them).
    fn given_names(&self) -> rustc_hash::FxHashMap<usize, Vec<u32>> {
        let mut given: rustc_hash::FxHashMap<usize, Vec<u32>> = Default::default();
        for i in 0..self.input.names.len().min(self.nodes.len()) {
            let nd = &self.nodes[i];
            if nd.partial || nd.etype != EntityType::Person || nd.feat.tokens.len() < 2 {
                continue;
            }
            given.entry(self.cl.root(i)).or_default().push(i as u32);
        }
        given
    }
}

/// The people of a document (cluster roots in `present`) whose full name starts with the
/// single name `t` (phonetic form `tp`): spelled the same or the same phonetically, never
/// merely close (`Hamid` / `Majid`).
fn given_name_candidates(
    given: &rustc_hash::FxHashMap<usize, Vec<u32>>,
    nodes: &[Node],
    present: &[usize],
    t: &str,
    tp: &str,
) -> Vec<usize> {
    present
        .iter()
        .copied()
        .filter(|r| {
            given.get(r).is_some_and(|v| {
                v.iter().any(|&i| {
                    let f = &nodes[i as usize].feat;
                    f.tokens[0] == t || f.phon[0] == tp
                })
            })
        })
        .collect()
}

/// `(document, cluster root)` pairs of a partial name.
type DocRoots = Vec<(u32, usize)>;

/// Where the partial names went: per node, `(doc, root)` pairs, or its own entity.
struct Partial {
    /// For each partial node: `Some(list)` when it joined full names in some documents,
    /// `None` when it stands alone (no candidate anywhere).
    per_node: Vec<(usize, Option<DocRoots>)>,
}

impl Resolver<'_> {
    fn partial_names(&mut self) -> Partial {
        let n = self.nodes.len();
        let partials: Vec<usize> = (0..n).filter(|&i| self.nodes[i].partial).collect();
        self.stats.partial_names = partials.len();
        let mut out = Partial {
            per_node: Vec::new(),
        };
        // surnames of every person cluster holding a full name of the corpus
        let mut has_real: Vec<bool> = vec![false; n];
        for i in 0..n {
            let nd = &self.nodes[i];
            if nd.name.is_some() && !nd.partial && nd.etype == EntityType::Person {
                let r = self.cl.find(i);
                has_real[r] = true;
            }
        }
        let mut surnames: Vec<Vec<(String, String)>> = vec![Vec::new(); n];
        for i in 0..n {
            let nd = &self.nodes[i];
            if nd.partial || nd.etype != EntityType::Person || nd.feat.tokens.len() < 2 {
                continue;
            }
            let r = self.cl.find(i);
            if !has_real[r] {
                continue;
            }
            let last = nd.feat.last().to_string();
            let lp = nd.feat.phon.last().cloned().unwrap_or_default();
            let v = &mut surnames[r];
            if !v.iter().any(|(l, _)| *l == last) {
                v.push((last, lp));
            }
        }
        let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_phon: HashMap<&str, Vec<usize>> = HashMap::new();
        for (r, v) in surnames.iter().enumerate() {
            for (l, p) in v {
                by_last.entry(l.as_str()).or_default().push(r);
                by_phon.entry(p.as_str()).or_default().push(r);
            }
        }
        for v in by_last.values_mut().chain(by_phon.values_mut()) {
            v.sort_unstable();
            v.dedup();
        }
        // people (full names) present in each document
        let mut in_doc: HashMap<u32, Vec<usize>> = HashMap::new();
        for i in 0..n {
            let nd = &self.nodes[i];
            if let Some(nm) = nd.name {
                if nd.partial || nd.etype != EntityType::Person {
                    continue;
                }
                let r = self.cl.find(i);
                if surnames[r].is_empty() {
                    continue;
                }
                for &(d, _) in &self.input.names[nm].docs {
                    in_doc.entry(d).or_default().push(r);
                }
            }
        }
        for v in in_doc.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        self.compound_surnames(&in_doc, &mut out);
        let mut given: Option<rustc_hash::FxHashMap<usize, Vec<u32>>> = None;
        let mut labels: HashMap<usize, String> = HashMap::new();
        let mut to_record: Vec<(usize, usize, Rule, String)> = Vec::new();
        for &p in &partials {
            let t = self.nodes[p].feat.tokens[0].clone();
            let tp = self.nodes[p].feat.phon[0].clone();
            let nm = self.nodes[p].name.unwrap();
            let mut assigned: Vec<(u32, usize)> = Vec::new();
            let mut ambiguous: Vec<(u32, Vec<usize>)> = Vec::new();
            let mut any_candidate = false;
            for &(d, _) in &self.input.names[nm].docs {
                let present = in_doc.get(&d).map(|v| v.as_slice()).unwrap_or(&[]);
                let close = |r: &usize| {
                    surnames[*r].iter().any(|(l, lp)| {
                        let bud = score::budget(EntityType::Person, t.len().max(l.len()));
                        let (c, _) = score::group_cost_bounded(&t, l, &tp, lp, bud.ceil() as usize);
                        // a surname with an ending is another one (Bahramian / Bahrami)
                        c <= bud && score::firm(false, (&t, l), (&tp, lp), c, bud).is_none()
                    })
                };
                let mut tiers: [Vec<usize>; 3] = [Vec::new(), Vec::new(), Vec::new()];
                tiers[0] = present
                    .iter()
                    .copied()
                    .filter(|r| surnames[*r].iter().any(|(l, _)| *l == t))
                    .collect();
                if tiers[0].is_empty() {
                    tiers[1] = present
                        .iter()
                        .copied()
                        .filter(|r| surnames[*r].iter().any(|(_, lp)| *lp == tp))
                        .collect();
                }
                if tiers[0].is_empty() && tiers[1].is_empty() {
                    tiers[2] = present.iter().copied().filter(close).collect();
                }
                let tier_names = ["same surname", "same surname (phonetic)", "close surname"];
                let hit = tiers.iter().position(|v| !v.is_empty());
                let by_given = match hit {
                    Some(_) => Vec::new(),
                    None => {
                        let g = match &given {
                            Some(g) => g,
                            None => given.insert(self.given_names()),
                        };
                        given_name_candidates(g, &self.nodes, present, &t, &tp)
                    }
                };
                let (cands, rule, how) = match hit {
                    Some(k) => (tiers[k].clone(), Rule::SurnameInDocument, tier_names[k]),
                    None if !by_given.is_empty() => {
                        (by_given, Rule::GivenNameInDocument, "same given name")
                    }
                    None => {
                        let c1 = by_last.get(t.as_str()).cloned().unwrap_or_default();
                        if !c1.is_empty() {
                            (c1, Rule::SurnameInCorpus, "same surname")
                        } else {
                            let c2 = by_phon.get(tp.as_str()).cloned().unwrap_or_default();
                            (c2, Rule::SurnameInCorpus, "same surname (phonetic)")
                        }
                    }
                };
                if cands.is_empty() {
                    continue;
                }
                any_candidate = true;
                if cands.len() == 1 {
                    assigned.push((d, cands[0]));
                    let where_ = if rule != Rule::SurnameInCorpus {
                        format!("the only full name in document {d} with the")
                    } else {
                        format!("no full name in document {d}; the only one in the corpus with the")
                    };
                    to_record.push((p, cands[0], rule, format!("{where_} {how}")));
                } else {
                    ambiguous.push((d, cands));
                }
            }
            self.stats.partial_resolved_docs += assigned.len();
            self.stats.partial_ambiguous_docs += ambiguous.len();
            if !ambiguous.is_empty() {
                let (d, c) = &ambiguous[0];
                let names: Vec<String> = c
                    .iter()
                    .take(4)
                    .map(|&r| {
                        labels
                            .entry(r)
                            .or_insert_with(|| self.nodes[r].label.clone())
                            .clone()
                    })
                    .collect();
                self.diagnostics.push(Diagnostic {
                    path: DIAG_PATH.into(),
                    line: None,
                    message: format!(
                        "partial name `{}` fits several people in {} document(s), left unresolved there (document {d}: {}{})",
                        self.input.names[nm].surface,
                        ambiguous.len(),
                        names.join(", "),
                        if c.len() > 4 { ", ..." } else { "" }
                    ),
                });
                for &r in c.iter().take(4) {
                    self.near_miss(
                        p,
                        r,
                        0.0,
                        format!("partial name with {} candidates in document {d}", c.len()),
                    );
                }
            }
            out.per_node.push((p, (any_candidate).then_some(assigned)));
        }
        // merge records: one per (partial, entity, rule), with its document count
        to_record.sort();
        let mut k = 0;
        while k < to_record.len() {
            let mut j = k + 1;
            while j < to_record.len()
                && to_record[j].0 == to_record[k].0
                && to_record[j].1 == to_record[k].1
                && to_record[j].2 == to_record[k].2
            {
                j += 1;
            }
            let (p, r, rule, ref d) = to_record[k];
            let d = if j - k > 1 {
                format!("{d} (and {} more documents)", j - k - 1)
            } else {
                d.clone()
            };
            self.record(p, r, rule, 1.0, d);
            k = j;
        }
        out
    }
}

impl Resolver<'_> {
    fn finish(mut self, partial: Partial) -> Resolution {
        let n = self.nodes.len();
        let names = self.input.names;
        let g = self.input.gazetteer;
        let roots: Vec<usize> = (0..n).map(|i| self.cl.find(i)).collect();
        // clusters holding an input name, with their names
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        let partial_of: HashMap<usize, &Option<Vec<(u32, usize)>>> =
            partial.per_node.iter().map(|(p, v)| (*p, v)).collect();
        for (i, &root) in roots.iter().enumerate().take(names.len()) {
            match partial_of.get(&i) {
                Some(Some(v)) => {
                    let mut rs: Vec<usize> = v.iter().map(|x| x.1).collect();
                    rs.sort_unstable();
                    rs.dedup();
                    for r in rs {
                        members.entry(r).or_default().push(i);
                    }
                }
                _ => members.entry(root).or_default().push(i),
            }
        }
        let mut clusters: Vec<(usize, Vec<usize>)> = members.into_iter().collect();
        clusters.sort_unstable();
        // names and ids
        struct Draft {
            root: usize,
            etype: EntityType,
            name: String,
            entry: Option<usize>,
            base: String,
            key: String,
            names: Vec<usize>,
        }
        let mut drafts: Vec<Draft> = Vec::with_capacity(clusters.len());
        for (root, mut ms) in clusters {
            ms.sort_unstable();
            ms.dedup();
            let entry = self.cl.entries(root).first().copied();
            let etype = names[ms[0]].etype;
            let name = match entry {
                Some(e) => g.entries[e].name.clone(),
                None => canonical_name(names, &ms, &self.nodes),
            };
            let base = match entry {
                Some(e) => g.entries[e].node_id(),
                None => format!("{}:{}", etype.id_prefix(), slug(&name)),
            };
            let key = ms
                .iter()
                .map(|&i| &self.nodes[i].feat.folded)
                .min()
                .cloned()
                .unwrap_or_default();
            drafts.push(Draft {
                root,
                etype,
                name,
                entry,
                base,
                key,
                names: ms,
            });
        }
        // gazetteer ids first, then rule ids in a stable order; collisions get -2, -3, ...
        drafts.sort_by(|a, b| {
            (a.entry.is_none(), &a.base, &a.key, a.root).cmp(&(
                b.entry.is_none(),
                &b.base,
                &b.key,
                b.root,
            ))
        });
        let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut ids: Vec<String> = Vec::with_capacity(drafts.len());
        for d in &drafts {
            let mut id = d.base.clone();
            let mut k = 2;
            while used.contains(&id) {
                id = format!("{}-{k}", d.base);
                k += 1;
            }
            used.insert(id.clone());
            ids.push(id);
        }
        let mut order: Vec<usize> = (0..drafts.len()).collect();
        order.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
        let mut entity_of_root: HashMap<usize, usize> = HashMap::new();
        let mut entities = Vec::with_capacity(drafts.len());
        for (ei, &k) in order.iter().enumerate() {
            let d = &drafts[k];
            entity_of_root.insert(d.root, ei);
            entities.push(ResolvedEntity {
                id: ids[k].clone(),
                etype: d.etype,
                name: d.name.clone(),
                source: if d.entry.is_some() {
                    Source::Gazetteer
                } else {
                    Source::Rule
                },
                entry: d.entry,
                names: d.names.clone(),
            });
        }
        // assignments
        let mut assign = vec![Assignment::Unresolved; names.len()];
        for (i, a) in assign.iter_mut().enumerate() {
            *a = match partial_of.get(&i) {
                Some(Some(v)) => {
                    let mut per: Vec<(u32, usize)> =
                        v.iter().map(|&(d, r)| (d, entity_of_root[&r])).collect();
                    per.sort_unstable();
                    let all_docs = per.len() == names[i].docs.len();
                    if per.is_empty() {
                        Assignment::Unresolved
                    } else if all_docs && per.iter().all(|x| x.1 == per[0].1) {
                        Assignment::All(per[0].1)
                    } else {
                        Assignment::PerDoc(per)
                    }
                }
                _ => Assignment::All(entity_of_root[&roots[i]]),
            };
        }
        let ent = |x: usize| entity_of_root.get(&roots[x]).copied();
        let merges: Vec<Merge> = std::mem::take(&mut self.merges)
            .into_iter()
            .map(|(a, b, mut m)| {
                m.entity = if self.nodes[a].partial {
                    entity_of_root.get(&b).copied().or_else(|| ent(b))
                } else {
                    ent(a)
                };
                m
            })
            .collect();
        let near_misses: Vec<NearMiss> = std::mem::take(&mut self.near)
            .into_iter()
            .map(|(a, b, mut m)| {
                m.entity_a = ent(a);
                m.entity_b = entity_of_root.get(&b).copied().or_else(|| ent(b));
                m
            })
            .collect();
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        diagnostics.sort();
        // hundreds of thousands of small strings: freed off the caller's path
        let nodes = std::mem::take(&mut self.nodes);
        let cl = std::mem::replace(&mut self.cl, Clusters::new(0));
        std::thread::spawn(move || drop((nodes, cl)));
        Resolution {
            entities,
            assign,
            diagnostics,
            merges,
            near_misses,
            stats: std::mem::take(&mut self.stats),
        }
    }
}

/// The most complete of the frequent forms: among full names (not a lone surname) mentioned at
/// least a quarter as often as the most frequent one, prefer mixed case, then most tokens,
/// then most mentions, then the smallest string.
fn canonical_name(names: &[NameInput], ms: &[usize], nodes: &[Node]) -> String {
    let count = |i: usize| -> u64 { names[i].docs.iter().map(|d| d.1 as u64).sum() };
    let full: Vec<usize> = ms.iter().copied().filter(|&i| !nodes[i].partial).collect();
    let pool = if full.is_empty() { ms.to_vec() } else { full };
    let max = pool.iter().map(|&i| count(i)).max().unwrap_or(0);
    let mixed =
        |s: &str| s.chars().any(|c| c.is_lowercase()) && s.chars().any(|c| c.is_uppercase());
    pool.iter()
        .copied()
        .filter(|&i| count(i) * 4 >= max)
        .min_by(|&a, &b| {
            let (sa, sb) = (&names[a].surface, &names[b].surface);
            (
                !mixed(sa),
                std::cmp::Reverse(nodes[a].feat.tokens.len()),
                std::cmp::Reverse(count(a)),
                sa,
            )
                .cmp(&(
                    !mixed(sb),
                    std::cmp::Reverse(nodes[b].feat.tokens.len()),
                    std::cmp::Reverse(count(b)),
                    sb,
                ))
        })
        .map(|i| names[i].surface.trim().to_string())
        .unwrap_or_default()
}
