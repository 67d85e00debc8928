//! The gazetteer: a folder of TSV files, one per entity type, that users edit, plus the rule
//! data files (titles, trigger words, month names, ...) in its `rules/` folder.
//!
//! ```text
//! gazetteer/
//!   people.tsv          id  name  aliases  [description]
//!   prisons.tsv         id  name  aliases  city  country
//!   cities.tsv          id  name  aliases  country  population  ambiguous
//!   organizations.tsv   id  name  aliases  acronym  kind
//!   countries.tsv       id  name  aliases  iso2
//!   overrides.tsv       same/different links for resolution (see resolve)
//!   rules/*.txt|tsv     word lists for the extraction and structure rules
//! ```
//!
//! Each TSV has one header row; `#` starts a comment line; aliases are `|`-separated. Any file
//! may be missing. A malformed line is reported with file:line and skipped; duplicate ids and an
//! alias claimed by two entities are reported.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;
use std::fs;
use std::path::{Path, PathBuf};

use aho_corasick::MatchKind;

use crate::error::{Diagnostic, Error, Result};
use crate::text::{fold, WordMap, WordSet};
use crate::types::EntityType;

mod rules;
pub use rules::{PhraseHits, PhraseIndexes, RuleData};

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
        self.node_id_display().to_string()
    }

    /// [`Entry::node_id`] as a value to format, for writing it without a `String` of its own.
    pub fn node_id_display(&self) -> impl std::fmt::Display + '_ {
        std::fmt::from_fn(|f| {
            f.write_str(self.etype.id_prefix())?;
            f.write_str(":")?;
            f.write_str(&self.id)
        })
    }

    /// True for a city whose name is also a common word (`ambiguous` column is `1`): it needs
    /// context to count.
    pub fn is_ambiguous(&self) -> bool {
        self.attrs.get("ambiguous").is_some_and(|v| v == "1")
    }
}

/// The files of a gazetteer folder, their type and the columns they must have after the
/// common `id name aliases`.
const FILES: &[(&str, EntityType, &[&str])] = &[
    ("countries.tsv", EntityType::Country, &[]),
    ("prisons.tsv", EntityType::Prison, &[]),
    ("organizations.tsv", EntityType::Organization, &[]),
    ("people.tsv", EntityType::Person, &[]),
    ("cities.tsv", EntityType::City, &[]),
];

/// What a pattern of the matcher stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// Index into [`Gazetteer::entries`].
    pub entry: u32,
}

/// A loaded and compiled gazetteer.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    pub entries: Vec<Entry>,
    /// The rule word lists.
    pub rules: RuleData,
    /// The folded names and aliases, walked from each word start of a folded text.
    folded: Option<NameTrie>,
    folded_targets: Vec<Target>,
    /// Acronyms and all-capital aliases, matched case-sensitively in the original text.
    exact: Option<NameTrie>,
    exact_targets: Vec<Target>,
    /// Folded name or alias → entry, for looking names up.
    by_form: FxHashMap<String, u32>,
    /// The folder it was loaded from.
    pub dir: PathBuf,
}

/// Names of a gazetteer as a trie (aho-corasick's contiguous NFA, searched anchored): the
/// folded names and aliases, and, in a second trie, the acronyms as written.
///
/// Names start at word starts, so extraction walks the trie from each word start of the
/// text instead of scanning every byte for a match that may start anywhere: the walk from most
/// positions ends after a byte or two, and the trie is a few bytes per pattern byte (a DFA over
/// the same names took 40 MB and a tenth of a second to build).
#[derive(Clone, Debug)]
pub struct NameTrie {
    nfa: aho_corasick::nfa::contiguous::NFA,
    /// The bytes a pattern starts with: a walk from any other byte ends at once.
    first: [bool; 256],
    /// The pairs of bytes a pattern starts with, bit `256 * first + second` (a pattern of one
    /// byte sets every pair that starts with it): a walk from any other pair ends at once.
    pairs: Box<[u64]>,
    /// Every pattern starts with an ASCII capital (the acronyms): only capitals need a look.
    capitals_only: bool,
}

impl NameTrie {
    /// The trie of `patterns` (pattern `i` reports `i`).
    pub fn new(patterns: &[String]) -> NameTrie {
        let nfa = aho_corasick::nfa::contiguous::NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .expect("gazetteer patterns compile");
        let mut first = [false; 256];
        let mut pairs = vec![0u64; 256 * 256 / 64].into_boxed_slice();
        let mut set_pair = |a: u8, b: u8| {
            let k = (a as usize) << 8 | b as usize;
            pairs[k / 64] |= 1 << (k % 64);
        };
        for p in patterns {
            match *p.as_bytes() {
                [] => {}
                [a] => (0..=255).for_each(|b| set_pair(a, b)),
                [a, b, ..] => set_pair(a, b),
            }
            if let Some(&b) = p.as_bytes().first() {
                first[b as usize] = true;
            }
        }
        let capitals_only = (0..=255u8).all(|b| !first[b as usize] || b.is_ascii_uppercase());
        NameTrie {
            nfa,
            first,
            pairs,
            capitals_only,
        }
    }

    /// Calls `f(end, pattern)` for every pattern that `hay[start..]` begins with, shortest
    /// first (`end` is the byte after the pattern).
    pub fn prefixes_at(&self, hay: &[u8], start: usize, mut f: impl FnMut(usize, usize)) {
        use aho_corasick::automaton::Automaton;
        use aho_corasick::Anchored;
        if !hay.get(start).is_some_and(|&b| self.may_start(b)) {
            return;
        }
        if let Some(&second) = hay.get(start + 1) {
            let k = (hay[start] as usize) << 8 | second as usize;
            if self.pairs[k / 64] & (1 << (k % 64)) == 0 {
                return;
            }
        }
        let nfa = &self.nfa;
        let Ok(mut sid) = nfa.start_state(Anchored::Yes) else {
            return;
        };
        for (k, &b) in hay[start..].iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_dead(sid) {
                return;
            }
            if nfa.is_match(sid) {
                let depth = k + 1;
                // A match state also lists the patterns that end here but start later (their
                // failure links): only those as long as the walk start here.
                for i in 0..nfa.match_len(sid) {
                    let pid = nfa.match_pattern(sid, i);
                    if nfa.pattern_len(pid) == depth {
                        f(start + depth, pid.as_usize());
                    }
                }
            }
        }
    }

    /// True when a pattern starts with byte `b`.
    #[inline]
    pub fn may_start(&self, b: u8) -> bool {
        self.first[b as usize]
    }

    /// True when every pattern starts with an ASCII capital letter.
    pub fn capitals_only(&self) -> bool {
        self.capitals_only
    }
}

impl Default for Gazetteer {
    fn default() -> Self {
        Gazetteer::from_entries(
            Vec::new(),
            RuleData::default(),
            PathBuf::new(),
            &mut Vec::new(),
        )
    }
}

impl Gazetteer {
    /// Loads a gazetteer folder. Problems in lines are pushed to `diags` (the line is skipped);
    /// a folder that does not exist is an error.
    pub fn load(dir: &Path, diags: &mut Vec<Diagnostic>) -> Result<Gazetteer> {
        if !dir.is_dir() {
            return Err(Error::Invalid(format!(
                "{}: gazetteer folder not found",
                dir.display()
            )));
        }
        let mut entries = Vec::new();
        let mut ids: HashMap<String, (PathBuf, usize)> = HashMap::new();
        for (file, etype, _) in FILES {
            let path = dir.join(file);
            if !path.exists() {
                continue;
            }
            let Some(text) = read_text(&path, diags)? else {
                continue;
            };
            for e in parse_tsv(&path, &text, *etype, diags) {
                if let Some((f, l)) = ids.get(&e.id) {
                    diags.push(Diagnostic {
                        path: path.display().to_string(),
                        line: Some(e.line),
                        message: format!(
                            "duplicate id {:?} (first defined at {}:{}); line skipped",
                            e.id,
                            f.display(),
                            l
                        ),
                    });
                    continue;
                }
                ids.insert(e.id.clone(), (path.clone(), e.line));
                entries.push(e);
            }
        }
        let rules = RuleData::load(&dir.join("rules"), diags)?;
        Ok(Gazetteer::from_entries(
            entries,
            rules,
            dir.to_path_buf(),
            diags,
        ))
    }

    /// Compiles entries (already checked) into matchers. An alias claimed by two entities is
    /// reported and kept for the first.
    pub fn from_entries(
        entries: Vec<Entry>,
        rules: RuleData,
        dir: PathBuf,
        diags: &mut Vec<Diagnostic>,
    ) -> Gazetteer {
        let mut folded = Patterns::default();
        let mut exact = Patterns::default();
        for (i, e) in entries.iter().enumerate() {
            let i = i as u32;
            let forms = std::iter::once(&e.name).chain(e.aliases.iter());
            for form in forms {
                if is_acronym(form) {
                    exact.claim(form.to_string(), form, "acronym ", i, &entries, diags);
                    continue;
                }
                let f = fold(form);
                if f.is_empty() {
                    continue;
                }
                folded.claim(f, form, "", i, &entries, diags);
            }
            // The acronym column may hold several, `|`-separated (`PMOI|MEK|MKO`).
            for a in e
                .attrs
                .get("acronym")
                .map(|a| a.split('|'))
                .into_iter()
                .flatten()
            {
                let a = a.trim();
                if !a.is_empty() {
                    exact.claim(a.to_string(), a, "acronym ", i, &entries, diags);
                }
            }
        }
        Gazetteer {
            folded: (!folded.pats.is_empty()).then(|| NameTrie::new(&folded.pats)),
            exact: (!exact.pats.is_empty()).then(|| NameTrie::new(&exact.pats)),
            entries,
            rules,
            folded_targets: folded.targets,
            exact_targets: exact.targets,
            by_form: folded.claimed,
            dir,
        }
    }

    /// A gazetteer of these entries with the shipped rule lists (for tests and examples).
    pub fn with_entries(entries: Vec<Entry>) -> Gazetteer {
        Gazetteer::from_entries(
            entries,
            RuleData::shipped(),
            PathBuf::new(),
            &mut Vec::new(),
        )
    }

    /// The folded names and aliases, and what each pattern stands for.
    pub fn folded_matcher(&self) -> Option<(&NameTrie, &[Target])> {
        self.folded.as_ref().map(|m| (m, &self.folded_targets[..]))
    }

    /// The case-sensitive matcher over the original text (acronyms).
    pub fn exact_matcher(&self) -> Option<(&NameTrie, &[Target])> {
        self.exact.as_ref().map(|m| (m, &self.exact_targets[..]))
    }

    /// The entry a name or alias (any spelling that folds the same) belongs to.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.by_form.get(&fold(name)).map(|&i| i as usize)
    }

    /// [`Gazetteer::lookup`] of a name already folded.
    pub fn lookup_folded(&self, folded: &str) -> Option<usize> {
        self.by_form.get(folded).map(|&i| i as usize)
    }
}

/// Patterns of one matcher and the entry each stands for; the first entry to claim a pattern
/// keeps it, and a later claim by another entry is reported with both places.
#[derive(Default)]
struct Patterns {
    claimed: FxHashMap<String, u32>,
    pats: Vec<String>,
    targets: Vec<Target>,
}

impl Patterns {
    /// Claims `key` (the pattern; `form` as written) for entry `i`.
    fn claim(
        &mut self,
        key: String,
        form: &str,
        what: &str,
        i: u32,
        entries: &[Entry],
        diags: &mut Vec<Diagnostic>,
    ) {
        match self.claimed.get(&key) {
            Some(&o) if o != i => {
                let (e, o) = (&entries[i as usize], &entries[o as usize]);
                diags.push(Diagnostic {
                    path: e.file.display().to_string(),
                    line: Some(e.line),
                    message: format!(
                        "{what}{form:?} of {:?} is already a name of {:?} ({}:{}); kept for the first",
                        e.id,
                        o.id,
                        o.file.display(),
                        o.line
                    ),
                });
            }
            Some(_) => {}
            None => {
                self.claimed.insert(key.clone(), i);
                self.pats.push(key);
                self.targets.push(Target { entry: i });
            }
        }
    }
}

/// Reads a gazetteer or rule file decoded like a document (UTF-8 with or without BOM, UTF-16
/// with BOM as Excel saves "Unicode text"; invalid UTF-8 is reported and read with U+FFFD).
/// `None` for a binary file (reported). A file that cannot be read at all is an error.
fn read_text(path: &Path, diags: &mut Vec<Diagnostic>) -> Result<Option<String>> {
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    match crate::corpus::decode(&bytes, &path.display().to_string()) {
        Ok((text, warning)) => {
            diags.extend(warning);
            Ok(Some(text))
        }
        Err(d) => {
            diags.push(d);
            Ok(None)
        }
    }
}

/// An acronym or all-capital short alias (`UN`, `NCRI`, `MEK`): matched case-sensitively.
pub fn is_acronym(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters)
        && !s.contains(' ')
        && s.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.' || c == '-' || c == '&')
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses one TSV file of the gazetteer. Bad lines are reported and skipped.
pub fn parse_tsv(
    path: &Path,
    text: &str,
    etype: EntityType,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut header: Option<Vec<String>> = None;
    let mut out = Vec::new();
    let name = path.display().to_string();
    let report = |diags: &mut Vec<Diagnostic>, line: usize, msg: String| {
        diags.push(Diagnostic {
            path: name.clone(),
            line: Some(line),
            message: msg,
        })
    };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        let line = if line_no == 1 {
            line.trim_start_matches('\u{FEFF}')
        } else {
            line
        };
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let Some(cols) = &header else {
            match parse_header(&fields, line) {
                Ok(cols) => header = Some(cols),
                Err(message) => {
                    report(diags, line_no, message);
                    return out;
                }
            }
            continue;
        };
        let mut report_here = |msg: String| report(diags, line_no, msg);
        if let Some(entry) = parse_row(cols, &fields, etype, path, line_no, &mut report_here) {
            out.push(entry);
        }
    }
    if header.is_none() && !text.trim().is_empty() {
        report(diags, 1, "no header row (id, name, aliases)".into());
    }
    out
}

/// The columns of a header row (lower case), or why it is not one.
fn parse_header(fields: &[&str], line: &str) -> Result<Vec<String>, String> {
    let cols: Vec<String> = fields.iter().map(|f| f.trim().to_lowercase()).collect();
    let missing: Vec<&str> = ["id", "name", "aliases"]
        .into_iter()
        .filter(|c| !cols.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() || cols.first().map(String::as_str) != Some("id") {
        return Err(format!(
            "bad header {:?}: expected tab-separated columns starting with id, name, aliases (missing: {}); file skipped",
            line,
            if missing.is_empty() { "id first".to_string() } else { missing.join(", ") }
        ));
    }
    Ok(cols)
}

/// The entry of a data row; `None` when the row is skipped. Problems go to `report`.
fn parse_row(
    cols: &[String],
    fields: &[&str],
    etype: EntityType,
    path: &Path,
    line_no: usize,
    report: &mut dyn FnMut(String),
) -> Option<Entry> {
    if fields.len() > cols.len() {
        report(format!(
            "{} fields but the header has {} columns; line skipped",
            fields.len(),
            cols.len()
        ));
        return None;
    }
    let get = |c: &str| {
        cols.iter()
            .position(|h| h == c)
            .and_then(|p| fields.get(p))
            .map(|s| s.trim())
            .unwrap_or("")
    };
    if fields.len() < 2 {
        report(format!(
            "{} field(s) but the header has {} columns (is the separator a tab?); line skipped",
            fields.len(),
            cols.len()
        ));
        return None;
    }
    let id = get("id");
    let nm = get("name");
    if !is_slug(id) {
        report(format!(
            "id {id:?} is not a slug (lower-case ASCII letters, digits and '-'); line skipped"
        ));
        return None;
    }
    if nm.is_empty() {
        report(format!("entry {id:?} has an empty name; line skipped"));
        return None;
    }
    let aliases: Vec<String> = get("aliases")
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect();
    let mut attrs = BTreeMap::new();
    for (c, v) in cols.iter().zip(fields.iter()).skip(3) {
        let v = v.trim();
        if !v.is_empty() {
            attrs.insert(c.clone(), v.to_string());
        }
    }
    if let Some(p) = attrs.get("population") {
        if p.parse::<i64>().is_err() {
            report(format!("population {p:?} is not a whole number; ignored"));
            attrs.remove("population");
        }
    }
    Some(Entry {
        id: id.to_string(),
        etype,
        name: nm.to_string(),
        aliases,
        attrs,
        file: path.to_path_buf(),
        line: line_no,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trie_walks_past_its_pair_filter() {
        let trie = NameTrie::new(&["a".to_string(), "bc".to_string(), "bcd e".to_string()]);
        let found = |hay: &str, at: usize| {
            let mut out = Vec::new();
            trie.prefixes_at(hay.as_bytes(), at, |end, p| out.push((end, p)));
            out
        };
        // A pattern of one byte passes whatever follows it.
        assert_eq!(found("ax", 0), vec![(1, 0)]);
        assert_eq!(found("a", 0), vec![(1, 0)]);
        assert_eq!(found("bcd e", 0), vec![(2, 1), (5, 2)]);
        assert_eq!(found("bx", 0), vec![]);
        assert_eq!(found("b", 0), vec![]);
    }

    #[test]
    fn parses_and_reports_bad_lines() {
        let text = "# comment\nid\tname\taliases\tcity\tcountry\nevin-prison\tEvin Prison\tEvin\ttehran\tiran\nBad Id\tX\t\nempty\t\t\nx\ty\tz\ta\tb\tc\n";
        let mut d = Vec::new();
        let e = parse_tsv(Path::new("prisons.tsv"), text, EntityType::Prison, &mut d);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].aliases, vec!["Evin"]);
        assert_eq!(e[0].attrs["city"], "tehran");
        let lines: Vec<_> = d.iter().map(|d| d.line.unwrap()).collect();
        assert_eq!(lines, vec![4, 5, 6]);
        assert!(d[0].to_string().starts_with("prisons.tsv:4: id \"Bad Id\""));
    }

    #[test]
    fn bad_header_is_reported() {
        let mut d = Vec::new();
        let e = parse_tsv(Path::new("p.tsv"), "name\tid\n", EntityType::Person, &mut d);
        assert!(e.is_empty());
        assert_eq!(d[0].line, Some(1));
    }

    #[test]
    fn shared_alias_is_reported() {
        let mk = |id: &str, name: &str, alias: &str| Entry {
            id: id.into(),
            etype: EntityType::Prison,
            name: name.into(),
            aliases: vec![alias.into()],
            attrs: BTreeMap::new(),
            file: "prisons.tsv".into(),
            line: 2,
        };
        let mut d = Vec::new();
        let g = Gazetteer::from_entries(
            vec![mk("a", "A Prison", "Shared"), mk("b", "B Prison", "shared")],
            RuleData::default(),
            PathBuf::new(),
            &mut d,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(g.lookup("SHARED"), Some(0));
    }

    #[test]
    fn acronyms() {
        assert!(is_acronym("UN"));
        assert!(is_acronym("NCRI"));
        assert!(!is_acronym("Evin"));
        assert!(!is_acronym("U"));
    }
}
