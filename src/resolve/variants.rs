//! Spelling variants of gazetteer names in running text: "Mo'in Tabbatabaeii" for the
//! gazetteer's "Mo'in Tabatabaei". Extraction finds exact (folded) gazetteer names; this step
//! looks at the capitalised words extraction left alone and asks the resolver's scorer whether
//! they are a spelling of a gazetteer name, through the same blocking keys (never all pairs).
//! What it finds becomes a mention with the rule `variant` and no gazetteer entry: resolution
//! then merges it with the entry's other spellings, under its usual constraints.

use rustc_hash::FxHashMap as HashMap;

use super::keys::{blocking_keys, for_each_blocking_key, Features, KeyScratch};
use super::score::{score_pair_at_least, THRESHOLD};
use crate::extract::{Mention, Rule};
use crate::gazetteer::{Gazetteer, RuleData};
use crate::text::{
    char_at, fold, is_apostrophe, is_ascii_word, is_dash, lowercased, next_may_be_capital,
    FAST_WORD,
};
use crate::types::EntityType;

/// The gazetteer's spellings of people, prisons, organizations and cities, by blocking key.
#[derive(Clone, Debug, Default)]
pub struct VariantIndex {
    known: Vec<(EntityType, Features)>,
    by_key: HashMap<String, Vec<u32>>,
    /// Verdicts already given, shared by the documents of a run (names recur across articles;
    /// a verdict depends on the words alone, so sharing it changes no result).
    verdicts: std::sync::Arc<VerdictCache>,
}

/// Shards of surface → verdict, each behind its own lock so that threads rarely wait.
#[derive(Debug)]
struct VerdictCache {
    shards: Vec<std::sync::Mutex<HashMap<Box<str>, Option<EntityType>>>>,
}

/// Shards of the verdict cache, and the number of verdicts a shard keeps (memory stays bounded
/// on any corpus; past it, verdicts are computed again).
const SHARDS: usize = 16;
const SHARD_CAPACITY: usize = 1 << 16;

impl Default for VerdictCache {
    fn default() -> Self {
        VerdictCache {
            shards: (0..SHARDS).map(|_| Default::default()).collect(),
        }
    }
}

impl VerdictCache {
    fn get_or(&self, surface: &str, f: impl FnOnce() -> Option<EntityType>) -> Option<EntityType> {
        use std::hash::BuildHasher;
        let h = rustc_hash::FxBuildHasher.hash_one(surface) as usize;
        let shard = &self.shards[h % SHARDS];
        if let Some(v) = shard.lock().expect("not poisoned").get(surface) {
            return *v;
        }
        let v = f();
        let mut map = shard.lock().expect("not poisoned");
        if map.len() < SHARD_CAPACITY {
            map.insert(surface.into(), v);
        }
        v
    }
}

/// Shortest single word taken for a variant of a city name (short words are too often
/// something else).
const MIN_SINGLE: usize = 6;
/// Blocks with more spellings than this are not looked at.
const MAX_CANDIDATES: usize = 64;

impl VariantIndex {
    /// Indexes the names and aliases of the gazetteer (acronyms and ambiguous cities aside).
    pub fn new(gaz: &Gazetteer) -> VariantIndex {
        use rayon::prelude::*;
        let forms: Vec<(EntityType, &String)> = gaz
            .entries
            .iter()
            .filter(|e| !matches!(e.etype, EntityType::Country) && !e.is_ambiguous())
            .flat_map(|e| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(move |f| (e.etype, f))
            })
            .filter(|(_, f)| !crate::gazetteer::is_acronym(f))
            .collect();
        let featured: Vec<(EntityType, Features, Vec<String>)> = forms
            .par_iter()
            .map(|&(t, form)| {
                let f = Features::new(t, form);
                let k = blocking_keys(&f);
                (t, f, k)
            })
            .filter(|(_, f, _)| f.concat.len() >= 5)
            .collect();
        let mut idx = VariantIndex::default();
        for (t, f, keys) in featured {
            let i = idx.known.len() as u32;
            for k in keys {
                idx.by_key.entry(k).or_default().push(i);
            }
            idx.known.push((t, f));
        }
        for v in idx.by_key.values_mut() {
            v.dedup();
        }
        idx
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// The variant mentions in `text` that `mentions` do not cover.
    pub fn find(&self, text: &str, mentions: &[Mention], rules: &RuleData) -> Vec<Mention> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut covered: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
        covered.sort_unstable();
        let is_covered = |s: usize, e: usize| {
            let i = covered.partition_point(|&(_, ce)| ce <= s);
            covered.get(i).is_some_and(|&(cs, _)| cs < e)
        };
        let mut out = Vec::new();
        // Names repeat within an article: each distinct word sequence is scored once.
        let mut seen: HashMap<&str, Option<EntityType>> = HashMap::default();
        // Spans of the current run taken for a variant (a word is used once).
        let mut used: Vec<(usize, usize)> = Vec::new();
        capitalised_runs(text, rules, |run| {
            // More than five capitalised words in a row is a headline in title case.
            if run.len() > 5 {
                return;
            }
            // Longest sub-runs first; a word is used once.
            used.clear();
            for len in (1..=run.len().min(4)).rev() {
                for a in 0..=(run.len() - len) {
                    let (s, e) = (run[a].0, run[a + len - 1].1);
                    if is_covered(s, e) || used.iter().any(|&(x, y)| s < y && x < e) {
                        continue;
                    }
                    let surface = &text[s..e];
                    if len == 1 && !single_word_place(text, s, e, rules) {
                        continue;
                    }
                    let verdict = *seen.entry(surface).or_insert_with(|| {
                        self.verdicts.get_or(surface, || self.best(surface, len))
                    });
                    if let Some(etype) = verdict {
                        used.push((s, e));
                        out.push(Mention {
                            start: s,
                            end: e,
                            surface: surface.to_string(),
                            etype,
                            entry: None,
                            rule: Rule::Variant,
                        });
                    }
                }
            }
        });
        out
    }

    /// The type of the gazetteer name `surface` is a variant of (a single word only of a city or
    /// of a prison the gazetteer knows by a bare name: "Vakilabad").
    fn best(&self, surface: &str, words: usize) -> Option<EntityType> {
        let mut best: Option<(f32, EntityType)> = None;
        // The words' features as a person's name (particles dropped), and as any other type's
        // (the same for every other type: only people's names drop particles), made when needed.
        let person = Features::new(EntityType::Person, surface);
        let mut other: Option<Features> = None;
        // Known spellings sharing a key with the words, each scored once.
        let mut cands: Vec<u32> = Vec::new();
        for_each_blocking_key(&person, &mut KeyScratch::default(), |k| {
            if let Some(list) = self.by_key.get(k).filter(|l| l.len() <= MAX_CANDIDATES) {
                cands.extend_from_slice(list);
            }
        });
        cands.sort_unstable();
        cands.dedup();
        for i in cands {
            let (etype, known) = &self.known[i as usize];
            if words == 1 && !matches!(*etype, EntityType::City | EntityType::Prison) {
                continue;
            }
            let f = if *etype == EntityType::Person {
                &person
            } else {
                other.get_or_insert_with(|| Features::new(*etype, surface))
            };
            if f.concat == known.concat && f.spelled(*etype) == known.spelled(*etype) {
                // The same name: the gazetteer did not take it for a reason (case, context).
                return None;
            }
            // Only accepted pairs count: the others are not described.
            if let Some(s) = score_pair_at_least(*etype, f, known, THRESHOLD) {
                if best.is_none_or(|(b, _)| s.score > b) {
                    best = Some((s.score, *etype));
                }
            }
        }
        best.map(|(_, t)| t)
    }
}

/// True when the single word `text[s..e]` may be taken for a spelling of a city: long enough,
/// not a given name or the word for a people or a language ("Nasrin", "Baluch", "Persian"), and
/// written where a place is: after a place word ("in", "from") or before ", Country", or as
/// the dateline at the start of a line ("Saqqez — ...").
fn single_word_place(text: &str, s: usize, e: usize, rules: &RuleData) -> bool {
    let w = &text[s..e];
    if w.chars().count() < MIN_SINGLE
        || rules.demonyms.contains_word(w)
        || crate::extract::is_given_word(w, rules)
    {
        return false;
    }
    let dateline = (s == 0 || text[..s].ends_with('\n'))
        && [" —", " –", " -", ", "]
            .iter()
            .any(|d| text[e..].starts_with(d));
    dateline || crate::extract::place_context(text, s, e, rules)
}

/// Calls `visit` with each run of capitalised words (with name particles) separated by single
/// spaces: their spans, in text order. The first word of a sentence and stop words are left out
/// of runs, and a run does not end with a particle.
///
/// Words are those of a scan of every character (`capitalised_runs_reference`, kept for tests,
/// gives the same runs), but while no run is open only capitalised words matter: the scan then
/// jumps to the next ASCII capital or non-ASCII byte sixteen bytes at a time
/// ([`next_may_be_capital`]) and works out from the ASCII bytes skipped (no capital among them)
/// whether that byte starts a word and whether a sentence starts there.
fn capitalised_runs(text: &str, rules: &RuleData, mut visit: impl FnMut(&[(usize, usize)])) {
    let bytes = text.as_bytes();
    // The run being built, and its length up to its last capitalised word.
    let mut cur: Vec<(usize, usize)> = Vec::new();
    let mut capped = 0;
    let mut flush = |cur: &mut Vec<(usize, usize)>, capped: &mut usize| {
        cur.truncate(*capped);
        if !cur.is_empty() {
            visit(cur);
        }
        cur.clear();
        *capped = 0;
    };
    // The end of the previous word (looked at while a run is open, so after a word).
    let mut prev_end = 0;
    let mut sentence_start = true;
    // Always between words (or at the start of one).
    let mut i = 0;
    while i < bytes.len() {
        if cur.is_empty() {
            // Nothing but lower-case ASCII words, digits and ASCII punctuation before `c`.
            let Some(c) = next_may_be_capital(bytes, i) else {
                break;
            };
            // The last sentence mark or word byte skipped decides whether a sentence starts at
            // `c`; none leaves it as it was at `i`.
            let mut k = c;
            while k > i && !is_ascii_word(bytes[k - 1]) && !is_sentence_mark(bytes[k - 1]) {
                k -= 1;
            }
            if k > i {
                if is_sentence_mark(bytes[k - 1]) {
                    sentence_start = true;
                } else {
                    // A word was skipped: `c` may be inside it (`al-Hassan`, `McDonald`).
                    sentence_start = false;
                    let w = ascii_word_start(bytes, i, k - 1);
                    let e = word_end(text, w);
                    if e > c {
                        i = e;
                        continue;
                    }
                }
            }
            i = c;
        }
        let b = bytes[i];
        // The first character of a word, or what lies between words.
        let c = if b < 0x80 {
            if !is_ascii_word(b) {
                // ASCII between words (most of it), without decoding.
                if is_sentence_mark(b) {
                    sentence_start = true;
                }
                i += 1;
                continue;
            }
            b as char
        } else {
            let (c, clen) = char_at(text, i);
            if !c.is_alphanumeric() {
                if c == '“' {
                    sentence_start = true;
                }
                i += clen;
                continue;
            }
            c
        };
        let (s, e) = (i, word_end(text, i));
        let cap = c.is_uppercase();
        // Cheap tests first: the word lists are looked up only for a word that could be taken
        // (a capitalised one, or a short one within a run).
        let takes = !sentence_start
            && if cap {
                !breaks_name(&text[s..e], rules)
            } else {
                !cur.is_empty() && e - s <= 4 && is_particle(&text[s..e], rules)
            };
        // The open run goes on with a word it takes after a single space.
        let goes_on = takes && s == prev_end + 1 && bytes[prev_end] == b' ';
        if !goes_on && !cur.is_empty() {
            flush(&mut cur, &mut capped);
        }
        if takes {
            cur.push((s, e));
            if cap {
                capped = cur.len();
            }
        }
        prev_end = e;
        sentence_start = false;
        i = e;
    }
    flush(&mut cur, &mut capped);
}

/// True for the ASCII bytes after which a sentence starts (`“` is the other such character).
#[inline]
fn is_sentence_mark(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | b'\n' | b':' | b'"')
}

/// The start of the word holding the ASCII letter or digit at `last`, when `from..=last` is
/// ASCII and `from` lies between words: letters and digits, and single apostrophes and dashes
/// between them (what [`word_end`] joins in ASCII).
fn ascii_word_start(bytes: &[u8], from: usize, last: usize) -> usize {
    let mut w = last;
    loop {
        while w > from && is_ascii_word(bytes[w - 1]) {
            w -= 1;
        }
        if w >= from + 2
            && matches!(bytes[w - 1], b'\'' | b'`' | b'-' | b'_')
            && is_ascii_word(bytes[w - 2])
        {
            w -= 2;
        } else {
            return w;
        }
    }
}

/// [`capitalised_runs`] by a scan of every character of the text (the test of the other).
#[cfg(test)]
fn capitalised_runs_reference(
    text: &str,
    rules: &RuleData,
    mut visit: impl FnMut(&[(usize, usize)]),
) {
    let bytes = text.as_bytes();
    // The run being built, and its length up to its last capitalised word.
    let mut cur: Vec<(usize, usize)> = Vec::new();
    let mut capped = 0;
    let mut flush = |cur: &mut Vec<(usize, usize)>, capped: &mut usize| {
        cur.truncate(*capped);
        if !cur.is_empty() {
            visit(cur);
        }
        cur.clear();
        *capped = 0;
    };
    // The end of the previous word (looked at while a run is open, so after a word).
    let mut prev_end = 0;
    let mut sentence_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // The first character of a word, or what lies between words.
        let c = if b < 0x80 {
            if !is_ascii_word(b) {
                // ASCII between words (most of it), without decoding.
                if matches!(b, b'.' | b'!' | b'?' | b'\n' | b':' | b'"') {
                    sentence_start = true;
                }
                i += 1;
                continue;
            }
            b as char
        } else {
            let (c, clen) = char_at(text, i);
            if !c.is_alphanumeric() {
                if c == '“' {
                    sentence_start = true;
                }
                i += clen;
                continue;
            }
            c
        };
        let (s, e) = (i, word_end(text, i));
        let cap = c.is_uppercase();
        // Cheap tests first: the word lists are looked up only for a word that could be taken
        // (a capitalised one, or a short one within a run).
        let takes = !sentence_start
            && if cap {
                !breaks_name(&text[s..e], rules)
            } else {
                !cur.is_empty() && e - s <= 4 && is_particle(&text[s..e], rules)
            };
        // The open run goes on with a word it takes after a single space.
        let goes_on = takes && s == prev_end + 1 && bytes[prev_end] == b' ';
        if !goes_on && !cur.is_empty() {
            flush(&mut cur, &mut capped);
        }
        if takes {
            cur.push((s, e));
            if cap {
                capped = cur.len();
            }
        }
        prev_end = e;
        sentence_start = false;
        i = e;
    }
    flush(&mut cur, &mut capped);
}

/// True for a capitalised word that is never part of a name: a stop word, a title, a role word.
fn breaks_name(word: &str, rules: &RuleData) -> bool {
    let in_lists = |f: &[u8]| {
        rules.name_stopwords.get_bytes(f).is_some()
            || rules.titles.get_bytes(f).is_some()
            || rules.role_words.get_bytes(f).is_some()
    };
    // Most words are short ASCII letters and digits, which folding only lower-cases.
    let mut buf = [0u8; FAST_WORD];
    match lowercased(word.as_bytes(), &mut buf) {
        Some(l) => in_lists(l),
        None => in_lists(fold(word).as_bytes()),
    }
}

/// True for a name particle (`al`, `bin`, `van`), not all digits.
fn is_particle(word: &str, rules: &RuleData) -> bool {
    let mut buf = [0u8; FAST_WORD];
    let in_list = match lowercased(word.as_bytes(), &mut buf) {
        Some(l) => rules.particles.get_bytes(l).is_some(),
        None => rules
            .particles
            .contains(fold(word).split(' ').next().unwrap_or("")),
    };
    in_list && !word.bytes().all(|b| b.is_ascii_digit())
}

/// The end of the word starting at byte `s` of `text` (a letter or digit): letters, digits,
/// combining marks, and inner apostrophes and hyphens (followed by a letter or digit).
fn word_end(text: &str, s: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = s;
    loop {
        // ASCII letters and digits (most of a word), then what ends it or continues it.
        match bytes[j..].iter().position(|&b| !is_ascii_word(b)) {
            Some(k) => j += k,
            None => return bytes.len(),
        }
        let b = bytes[j];
        if b < 0x80 && !matches!(b, b'\'' | b'`' | b'-' | b'_') {
            return j;
        }
        let (d, dlen) = char_at(text, j);
        // A letter, digit or combining mark continues the word, and so does an apostrophe or a
        // dash followed by a letter or digit.
        let continues = d.is_alphanumeric()
            || unicode_normalization::char::is_combining_mark(d)
            || ((is_apostrophe(d) || is_dash(d))
                && j + dlen < bytes.len()
                && char_at(text, j + dlen).0.is_alphanumeric());
        if !continues {
            return j;
        }
        j += dlen;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Entry;
    use std::collections::BTreeMap;

    fn entry(id: &str, etype: EntityType, name: &str) -> Entry {
        Entry {
            id: id.into(),
            etype,
            name: name.into(),
            aliases: vec![],
            attrs: BTreeMap::new(),
            file: "x.tsv".into(),
            line: 1,
        }
    }

    /// The runs [`capitalised_runs`] and [`capitalised_runs_reference`] visit.
    fn runs_both_ways(text: &str, rules: &RuleData) -> [Vec<Vec<(usize, usize)>>; 2] {
        let mut fast = Vec::new();
        capitalised_runs(text, rules, |r| fast.push(r.to_vec()));
        let mut slow = Vec::new();
        capitalised_runs_reference(text, rules, |r| slow.push(r.to_vec()));
        [fast, slow]
    }

    #[test]
    fn capitalised_runs_as_by_every_character() {
        let rules = RuleData::shipped();
        for t in [
            "",
            "Reza Shahabi met Bashar al-Assad and O'Brien. The Mr Ali van Gogh",
            "ab-Cd McDonald x'Y al-Hassan said: Ali Reza “Ali Reza” \"Ali\" Ali  Reza",
            "cafÉ Éric Ali\u{301}Reza x\u{301}Y \u{301}Ali 12Ab 3 Ali–Reza Ali—Reza x_Y x''Y x'-Y",
            "long lower-case words and digits 12345678901234567890 before Abdolfattah Soltani",
        ] {
            let [fast, slow] = runs_both_ways(t, &rules);
            assert_eq!(fast, slow, "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn capitalised_runs_as_by_every_character_on_any_text(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "Ali", "Reza", "O", "McD", "X", "Abdolfattah", "ab", "x", "soltaniyeh", "said",
                "al", "van", "bin", "de", "Al",
                "The", "Mr", "General", "12", "3a", "é", "É", "\u{301}", "'", "’", "-", "_", "–",
                "—", "`", ".", "!", "?", ":", "\"", "“", "\n", " ", " ", " ", "  ", ",",
            ]), 0..60),
        ) {
            let rules = RuleData::shipped();
            let text = pieces.concat();
            let [fast, slow] = runs_both_ways(&text, &rules);
            proptest::prop_assert_eq!(fast, slow, "{:?}", text);
        }
    }

    #[test]
    fn finds_spelling_variants_of_gazetteer_names() {
        let gaz = Gazetteer::with_entries(vec![
            entry("mo-in-tabatabaei", EntityType::Person, "Mo'in Tabatabaei"),
            entry("shahr-e-mahjan", EntityType::City, "Shahr-e Mahjan"),
            entry("heevadvand", EntityType::City, "Hivadvand"),
            entry("reza-shahabi", EntityType::Person, "Reza Shahabi"),
        ]);
        let idx = VariantIndex::new(&gaz);
        let t = "Members held a gathering in support of Mo'in Tabbatabaeii. He was born in Heevadvand and met Reza Karimi.";
        let found: Vec<(String, EntityType)> = idx
            .find(t, &[], &gaz.rules)
            .into_iter()
            .map(|m| (m.surface, m.etype))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Mo'in Tabbatabaeii".to_string(), EntityType::Person),
                ("Heevadvand".to_string(), EntityType::City)
            ]
        );
    }
}
