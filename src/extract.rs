//! Extraction: people, prisons, cities, organizations and countries found in one document, by
//! the gazetteer (on the folded text) and by named rules that find what the gazetteer lacks.
//!
//! Every [`Mention`] carries the byte span of the original text and the [`Rule`] that found it.
//! Rules:
//! - `gazetteer`: a name or alias of the gazetteer (folded match, word-bounded). Cities and
//!   countries must be capitalised in the text; a city whose name is a common word
//!   (`ambiguous`) also needs a place word before it ("in", "from", ...).
//! - `acronym`: an acronym or all-capital alias, matched case-sensitively (`UN`, `NCRI`).
//! - `signature_block`: the names of a signature block: a run of short name lines after an
//!   opener ("Signed by political prisoners:"), or next to an affiliation line ("Political
//!   Prisoners in X Prison") or above a date line; also "A and B," before an affiliation line.
//! - `title`: capitalised words after a title (Mr., Mrs., Dr., President, ...).
//! - `writer`: a name just before a letter phrase ("X, has written to", "X wrote a letter").
//! - `prison_shape`: "X Prison", "Prison of X".
//! - `org_shape`: capitalised words ending in a head noun (Council, Coalition, Army, ...).
//! - `surname`: a surname alone, when the full name is mentioned in the same document.
//! - `propagated`: a name that a rule found in another document, seen here (applied corpus-wide
//!   after every document is read, see `crate::pipeline`).
//!
//! Trigger words, titles and other word lists live in `gazetteer/rules/`.

use std::collections::HashSet;

use serde::Serialize;

use crate::dates::{find_dates, PartialDate};
use crate::gazetteer::{Gazetteer, NameTrie, PhraseHits, RuleData};
use crate::text::{
    char_at, floor_boundary, fold, folds_to_itself, is_apostrophe, is_ascii_word, is_dash,
    is_word_byte_before, is_word_char_at, with_folded_word, Folded, WordSet,
};
use crate::types::EntityType;

/// The rule that found a mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
        }
    }

    /// Rules whose person names are full names worth looking for in other documents.
    fn finds_full_names(self) -> bool {
        matches!(self, Rule::SignatureBlock | Rule::Title | Rule::Writer)
    }

    /// Tie-break between two candidates of equal length (higher wins).
    fn priority(self) -> u8 {
        match self {
            Rule::SignatureBlock => 9,
            Rule::Gazetteer | Rule::Acronym => 8,
            Rule::Writer => 7,
            Rule::Title => 6,
            Rule::Propagated => 5,
            Rule::PrisonShape => 4,
            Rule::OrgShape => 3,
            Rule::Surname => 2,
            Rule::Variant => 1,
        }
    }
}

/// One mention in one document.
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
    /// Runs of capitalised words not covered by a mention (for propagation, in `crate::pipeline`): span and text.
    pub candidates: Vec<(usize, usize, String)>,
}

/// A word of the original text.
#[derive(Clone, Copy, Debug)]
struct Token {
    start: usize,
    /// End of the word without a possessive `’s`.
    end: usize,
    /// End including a possessive `’s`.
    full_end: usize,
    cap: bool,
    possessive: bool,
}

/// Splits a text into words: letters and digits, with apostrophes and hyphens inside a word.
///
/// Runs of ASCII letters and digits (most of a word) are found with a bit per byte
/// ([`ascii_word_bits`]) rather than byte by byte. What follows a run is looked at
/// ([`word_continues`]) only when it is an apostrophe, a hyphen or a non-ASCII character: a
/// space or punctuation ends the word.
fn tokenize(text: &str, from: usize, to: usize) -> Vec<Token> {
    let s = &text[from..to];
    let bytes = s.as_bytes();
    let n = bytes.len();
    let word_bits = ascii_word_bits(bytes);
    // About one word per six bytes of prose: one allocation for most texts.
    let mut out = Vec::with_capacity(n / 4 + 1);
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        let start = i;
        let (cap, mut end) = if b < 0x80 {
            if !is_ascii_word(b) {
                i += 1;
                continue;
            }
            (
                b.is_ascii_uppercase(),
                next_non_word_byte(&word_bits, i + 1),
            )
        } else {
            let (c, clen) = char_at(s, i);
            if !c.is_alphanumeric() {
                i += clen;
                continue;
            }
            (c.is_uppercase(), next_non_word_byte(&word_bits, i + clen))
        };
        let mut word_end = end;
        if end < n && MAY_CONTINUE[bytes[end] as usize] {
            let joined;
            (end, joined) = word_continues(s, &word_bits, end);
            word_end = end;
            // A possessive `’s` or `'s` (or `’S`, `'S`) after at least two bytes of word: only
            // in a word an apostrophe joins.
            if joined && matches!(bytes[end - 1], b's' | b'S') {
                let stem = &bytes[start..end - 1];
                if stem.len() > 2 && stem.ends_with(b"'") {
                    word_end = end - 2;
                } else if stem.len() > 4 && stem.ends_with("’".as_bytes()) {
                    word_end = end - 4;
                }
            }
        }
        out.push(Token {
            start: from + start,
            end: from + word_end,
            full_end: from + end,
            cap,
            possessive: word_end != end,
        });
        i = end;
    }
    out
}

/// The bytes after a run of ASCII letters and digits that may go on with the word: apostrophes,
/// hyphens, and the first bytes of non-ASCII characters.
static MAY_CONTINUE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b >= 0x80 || matches!(b as u8, b'\'' | b'`' | b'-');
        b += 1;
    }
    t
};

/// The end of a word of `s` whose letters so far end at byte `i`, where an apostrophe, a
/// hyphen or a non-ASCII character is: letters, digits and combining marks go on with it, and
/// so does an apostrophe or a hyphen (not `_`, `–`, `—`) followed by a letter or digit. Also
/// whether such an apostrophe or hyphen joined parts of the word.
#[inline(never)]
fn word_continues(s: &str, word_bits: &[u64], mut i: usize) -> (usize, bool) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    let mut end = i;
    let mut joined = false;
    loop {
        let k = next_non_word_byte(word_bits, i);
        if k > i {
            end = k;
            i = k;
        }
        if i >= n {
            break;
        }
        // ASCII ends the word, but for an apostrophe or a hyphen (tested below).
        if bytes[i] < 0x80 && !matches!(bytes[i], b'\'' | b'`' | b'-') {
            break;
        }
        let (d, dlen) = char_at(s, i);
        if d.is_alphanumeric() || is_combining(d) {
            i += dlen;
            end = i;
        } else if is_apostrophe(d) || is_dash(d) && d != '_' && d != '—' && d != '–' {
            // Inside a word only when a letter follows.
            let j = i + dlen;
            if j < n && char_at(s, j).0.is_alphanumeric() {
                i = j;
                joined = true;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    (end, joined)
}

/// One bit per byte of `bytes`, set for ASCII letters and digits: bit `i % 64` of word `i / 64`.
/// Bits past the end are clear, and there is always one word past the last byte, so that
/// [`next_non_word_byte`] stops at the end.
fn ascii_word_bits(bytes: &[u8]) -> Vec<u64> {
    let mut bits = vec![0u64; bytes.len() / 64 + 1];
    let mut chunks = bytes.chunks_exact(8);
    for (k, chunk) in chunks.by_ref().enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        bits[k / 8] |= u64::from(ascii_word_mask8(x)) << (k % 8 * 8);
    }
    let done = bytes.len() - chunks.remainder().len();
    for (j, &b) in chunks.remainder().iter().enumerate() {
        let i = done + j;
        bits[i / 64] |= u64::from(is_ascii_word(b)) << (i % 64);
    }
    bits
}

/// Bit `k` set when byte `k` of the eight in `x` (little-endian) is an ASCII letter or digit:
/// the lanes of [`crate::text::ascii_word_bytes`] gathered into one byte.
#[inline]
fn ascii_word_mask8(x: u64) -> u8 {
    let w = crate::text::ascii_word_bytes(x);
    // The eight bits 7 gathered into the top byte.
    ((w >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// The first byte at or after `i` that is not an ASCII letter or digit, by the bits of
/// [`ascii_word_bits`] (the length of the text when there is none).
#[inline]
fn next_non_word_byte(bits: &[u64], i: usize) -> usize {
    let mut k = i / 64;
    let rest = !bits[k] >> (i % 64);
    if rest != 0 {
        return i + rest.trailing_zeros() as usize;
    }
    loop {
        k += 1;
        let w = !bits[k];
        if w != 0 {
            return k * 64 + w.trailing_zeros() as usize;
        }
    }
}

fn is_combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
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
    let rules = &gaz.rules;
    let mut cands: Vec<Mention> = Vec::new();
    gazetteer_hits(text, folded, gaz, &mut cands);
    let tokens = tokenize(text, 0, text.len());
    let blocks_raw = signature_blocks(text, folded, phrases, gaz, &mut cands);
    title_rule(text, &tokens, rules, &mut cands);
    writer_rule(text, folded, phrases, rules, &mut cands);
    prison_shape(text, &tokens, rules, &mut cands);
    org_shape(text, &tokens, rules, &mut cands);

    let mut mentions = select(cands);
    surname_rule(text, &tokens, &mut mentions);

    // Map block names to mention indices.
    let mut blocks = Vec::new();
    for b in blocks_raw {
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
    let candidates = capitalised_runs(text, &tokens, rules, &mentions);
    DocExtraction {
        mentions,
        blocks,
        candidates,
    }
}

/// Gazetteer matches over the folded text (and acronyms over the original).
fn gazetteer_hits(text: &str, folded: &Folded, gaz: &Gazetteer, out: &mut Vec<Mention>) {
    let rules = &gaz.rules;
    if let Some((trie, targets)) = gaz.folded_matcher() {
        for m in names_at_word_starts(&folded.text, trie) {
            let target = targets[m.pattern().as_usize()];
            let entry = &gaz.entries[target.entry as usize];
            let (s, e) = folded.original_span(m.start(), m.end());
            let surface = &text[s..e];
            let capitalised = surface.chars().next().is_some_and(char::is_uppercase);
            match entry.etype {
                EntityType::City | EntityType::Country | EntityType::Person if !capitalised => {
                    continue
                }
                EntityType::City if entry.is_ambiguous() && !place_context(text, s, e, rules) => {
                    continue
                }
                _ => {}
            }
            let s = if entry.etype == EntityType::City {
                place_prefix(text, s, rules)
            } else {
                s
            };
            out.push(Mention {
                start: s,
                end: e,
                surface: text[s..e].to_string(),
                etype: entry.etype,
                entry: Some(target.entry),
                rule: Rule::Gazetteer,
            });
        }
    }
    if let Some((trie, targets)) = gaz.exact_matcher() {
        for m in names_at_word_starts(text, trie) {
            let target = targets[m.pattern().as_usize()];
            let entry = &gaz.entries[target.entry as usize];
            out.push(Mention {
                start: m.start(),
                end: m.end(),
                surface: text[m.start()..m.end()].to_string(),
                etype: entry.etype,
                entry: Some(target.entry),
                rule: Rule::Acronym,
            });
        }
    }
}

/// The names of `trie` in `hay` that start and end on a word boundary, left to right, not
/// overlapping: at each word start the longest name, taken when it ends at a word end.
pub fn names_at_word_starts(hay: &str, trie: &NameTrie) -> Vec<aho_corasick::Match> {
    if trie.capitals_only() {
        names_at_capitals(hay, trie)
    } else {
        names_at_every_word(hay, trie)
    }
}

/// [`names_at_word_starts`] by a walk from every word start.
fn names_at_every_word(hay: &str, trie: &NameTrie) -> Vec<aho_corasick::Match> {
    let bytes = hay.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    let mut prev_word = false;
    while pos < bytes.len() {
        let at = pos;
        let b = bytes[pos];
        if b < 0x80 {
            // ASCII (most of a text) without decoding; a walk only from a byte a name starts with.
            pos += 1;
            let word = is_ascii_word(b);
            if word && prev_word {
                // Inside a word: on to its end.
                while pos < bytes.len() && is_ascii_word(bytes[pos]) {
                    pos += 1;
                }
                continue;
            }
            prev_word = word;
            if !trie.may_start(b) {
                continue;
            }
        } else {
            let (c, clen) = char_at(hay, pos);
            pos += clen;
            if std::mem::replace(&mut prev_word, c.is_alphanumeric()) {
                continue;
            }
        }
        let Some(m) = name_at(hay, trie, at) else {
            continue;
        };
        pos = m.end();
        prev_word = is_word_byte_before(hay, pos);
        out.push(m);
    }
    out
}

/// [`names_at_word_starts`] for a trie whose patterns all start with an ASCII capital (the
/// acronyms): the same matches, from a scan that looks only at capitals and non-ASCII bytes,
/// sixteen bytes at a time over the rest (most of a text), instead of at every word.
fn names_at_capitals(hay: &str, trie: &NameTrie) -> Vec<aho_corasick::Match> {
    let bytes = hay.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(at) = crate::text::next_may_be_capital(bytes, pos) {
        pos = at + 1;
        // A capital at a word start (non-ASCII bytes start no pattern).
        if !trie.may_start(bytes[at]) || is_word_byte_before(hay, at) {
            continue;
        }
        let Some(m) = name_at(hay, trie, at) else {
            continue;
        };
        pos = m.end();
        out.push(m);
    }
    out
}

/// The longest name of `trie` that starts at byte `at` of `hay`, when it ends at a word end.
#[inline]
fn name_at(hay: &str, trie: &NameTrie, at: usize) -> Option<aho_corasick::Match> {
    let bytes = hay.as_bytes();
    let mut longest = None;
    trie.prefixes_at(bytes, at, |end, p| longest = Some((end, p)));
    let (end, pattern) = longest?;
    if end < bytes.len() && is_word_char_at(hay, end) {
        return None;
    }
    Some(aho_corasick::Match::must(pattern, at..end))
}

/// Start of a city name with a capitalised prefix such as "East" written before it.
fn place_prefix(text: &str, s: usize, rules: &RuleData) -> usize {
    let Some(before) = text[..s].strip_suffix(' ') else {
        return s;
    };
    let w = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if !w.is_empty()
        && w.chars().next().is_some_and(char::is_uppercase)
        && rules.place_prefixes.contains_word(w)
    {
        s - 1 - w.len()
    } else {
        s
    }
}

/// True when an ambiguous place name at `s..e` has a place word before it or ", Country" after.
fn place_context(text: &str, s: usize, e: usize, rules: &RuleData) -> bool {
    let before = &text[floor_boundary(text, s.saturating_sub(24))..s];
    let fb = fold(before);
    let words: Vec<&str> = fb.split(' ').filter(|w| !w.is_empty()).collect();
    let last = words.last().copied().unwrap_or("");
    let last2 = if words.len() >= 2 {
        format!("{} {}", words[words.len() - 2], last)
    } else {
        String::new()
    };
    if rules.place_context.contains(last) || rules.place_context.contains(&last2) {
        return true;
    }
    let after = &text[e..];
    after.starts_with(", ") && after[2..].chars().next().is_some_and(char::is_uppercase)
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

#[derive(Clone, Debug, PartialEq)]
enum LineKind {
    Blank,
    Names(Vec<(usize, usize)>),
    Affiliation,
    Opener,
    Date(PartialDate),
    Other,
}

/// Finds signature blocks line by line and adds their names as person candidates.
fn signature_blocks(
    text: &str,
    folded: &Folded,
    phrases: &PhraseHits,
    gaz: &Gazetteer,
    out: &mut Vec<Mention>,
) -> Vec<RawBlock> {
    let rules = &gaz.rules;
    let mut lines: Vec<(usize, usize, LineKind)> = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive(['\n', '\r']) {
        let start = pos;
        pos += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let s = start + lead;
        let e = start + body.trim_end().len();
        let kind = if s >= e {
            LineKind::Blank
        } else {
            classify_line(text, s, e, gaz, rules)
        };
        lines.push((s, e.max(s), kind));
    }
    let content: Vec<&(usize, usize, LineKind)> =
        lines.iter().filter(|l| l.2 != LineKind::Blank).collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < content.len() {
        if !matches!(content[i].2, LineKind::Names(_)) {
            i += 1;
            continue;
        }
        let first = i;
        let mut names = Vec::new();
        while i < content.len() {
            if let LineKind::Names(n) = &content[i].2 {
                names.extend(n.iter().copied());
                i += 1;
            } else {
                break;
            }
        }
        let last = i - 1;
        let prev = first.checked_sub(1).map(|p| content[p]);
        let next = content.get(i).copied();
        let next2 = content.get(i + 1).copied();
        let opener = prev.is_some_and(|p| p.2 == LineKind::Opener);
        let aff_before = prev.is_some_and(|p| p.2 == LineKind::Affiliation);
        let aff_after = next.is_some_and(|p| p.2 == LineKind::Affiliation);
        let mut date = None;
        let mut end = content[last].1;
        let mut start = content[first].0;
        let mut affiliation = None;
        if aff_after {
            let n = next.expect("checked");
            affiliation = Some((n.0, n.1));
            end = n.1;
            if let Some((s2, e2, LineKind::Date(d))) = next2 {
                let _ = s2;
                date = Some(*d);
                end = *e2;
            }
        } else if let Some((_, e2, LineKind::Date(d))) = next {
            date = Some(*d);
            end = *e2;
        }
        if aff_before {
            let p = prev.expect("checked");
            affiliation = Some((p.0, p.1));
            start = p.0;
        }
        if opener {
            start = prev.expect("checked").0;
        }
        let accepted = opener || aff_before || aff_after || (date.is_some() && names.len() >= 2);
        if accepted {
            for &(s, e) in &names {
                out.push(Mention::rule_hit(
                    text,
                    s,
                    e,
                    EntityType::Person,
                    Rule::SignatureBlock,
                ));
            }
            blocks.push(RawBlock {
                start,
                end,
                names,
                affiliation,
                date,
                opener,
            });
        }
    }
    for b in inline_signers(text, gaz, folded, phrases) {
        if blocks.iter().any(|x| x.start < b.end && b.start < x.end) {
            continue;
        }
        for &(s, e) in &b.names {
            out.push(Mention::rule_hit(
                text,
                s,
                e,
                EntityType::Person,
                Rule::SignatureBlock,
            ));
        }
        blocks.push(b);
    }
    blocks.sort_by_key(|b| b.start);
    blocks
}

fn classify_line(text: &str, s: usize, e: usize, gaz: &Gazetteer, rules: &RuleData) -> LineKind {
    let line = &text[s..e];
    // A long line of prose is none of these (openers and affiliations need a folded length of
    // at most 100 bytes, dates and names at most 120 bytes of line). Each ASCII byte that is not
    // a separator or an apostrophe folds to one byte (other characters to none or more): count
    // those first.
    if line.len() > 120 {
        let kept = line.bytes().filter(|&b| folds_to_itself(b)).count();
        if kept > 100 {
            return LineKind::Other;
        }
    }
    let f = fold(line);
    if f.len() <= 80 {
        let fo = f.trim_end_matches(':').trim();
        if rules.signature_openers.iter().any(|o| {
            fo.starts_with(o.as_str())
                && (line.trim_end().ends_with(':') || fo.len() <= o.len() + 30)
        }) {
            return LineKind::Opener;
        }
    }
    if f.len() <= 100 && rules.affiliations.iter().any(|a| contains_words(&f, a)) {
        return LineKind::Affiliation;
    }
    if line.len() <= 40 {
        let ds = find_dates(line, rules);
        if ds.len() == 1 && line.chars().filter(|c| c.is_alphabetic()).count() <= 20 {
            return LineKind::Date(ds[0].date);
        }
    }
    if line.len() > 120 {
        return LineKind::Other;
    }
    // Names: "A B", "A B,", "A B and C D,", "A B, C D and E F"; a list marker ("1.", "2)",
    // "-", "•") before the name is skipped.
    let marker = list_marker(line);
    let s = s + marker;
    let line = &line[marker..];
    let body = line.trim_end_matches([',', '.', ';']);
    let mut names = Vec::new();
    let mut offset = 0;
    for part in split_names(body) {
        let pos = body[offset..].find(part).map(|p| p + offset);
        let Some(p) = pos else {
            return LineKind::Other;
        };
        offset = p + part.len();
        let ps = s + p;
        let pe = ps + part.len();
        if !is_name(text, ps, pe, gaz, rules) {
            return LineKind::Other;
        }
        names.push((ps, pe));
    }
    if names.is_empty() {
        LineKind::Other
    } else {
        LineKind::Names(names)
    }
}

/// Length of a list marker at the start of a line: "1. ", "12) ", "- ", "• ", "* ".
fn list_marker(line: &str) -> usize {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    let after = if (1..=3).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")) {
        digits + 2
    } else if let Some(c) = line
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '•' | '*' | '–' | '·'))
    {
        if line[c.len_utf8()..].starts_with(' ') {
            c.len_utf8() + 1
        } else {
            return 0;
        }
    } else {
        return 0;
    };
    after + (line[after..].len() - line[after..].trim_start().len())
}

/// "..., signed by A B, C D and E F, was ...": a list of names after an opener inside a
/// sentence. Returns the names' spans (stops at the first part that is not a name).
fn inline_signers(
    text: &str,
    gaz: &Gazetteer,
    folded: &Folded,
    phrases: &PhraseHits,
) -> Vec<RawBlock> {
    let rules = &gaz.rules;
    let mut out = Vec::new();
    for &(k, fs) in &phrases.signature_openers {
        let opener = &rules.signature_openers[k];
        {
            if !folded.is_word_bounded(fs, fs + opener.len()) {
                continue;
            }
            let (_, oe) = folded.original_span(fs, fs + opener.len());
            // The rest of the sentence (up to a line end or a full stop followed by a space).
            let rest_end = text[oe..].find(['\n', '\r']).map_or(text.len(), |i| oe + i);
            let rest = &text[oe..rest_end];
            if rest.trim_start().starts_with(':') || rest.trim().is_empty() {
                continue; // a line opener: handled line by line
            }
            let mut names = Vec::new();
            let mut pos = oe;
            loop {
                // Skip separators: spaces, one comma, "and".
                let after = &text[pos..rest_end];
                let trimmed = after.trim_start_matches([' ', ',']);
                let trimmed = trimmed.strip_prefix("and ").unwrap_or(trimmed);
                let start = rest_end - trimmed.len();
                let end = trimmed
                    .find([',', ';', '.', '(', ':'])
                    .map_or(rest_end, |i| start + i);
                let part = &text[start..end];
                let part_end = match part.find(" and ") {
                    Some(i) => start + i,
                    None => start + part.trim_end().len(),
                };
                if part_end <= start || !is_name(text, start, part_end, gaz, rules) {
                    break;
                }
                names.push((start, part_end));
                pos = part_end;
                // "A (musician), B (teacher) and C": skip a role in brackets after a name.
                let after = &text[pos..rest_end];
                if after.trim_start().starts_with('(') {
                    match after.find(')') {
                        Some(i) => pos += i + 1,
                        None => break,
                    }
                }
                if names.len() >= 50 {
                    break;
                }
            }
            if !names.is_empty() {
                out.push(RawBlock {
                    start: names[0].0,
                    end: names[names.len() - 1].1,
                    names,
                    affiliation: None,
                    date: None,
                    opener: true,
                });
            }
        }
    }
    out
}

/// True when `needle` occurs in `hay` between word boundaries.
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&hay.as_bytes()[from..], needle.as_bytes()) {
        let a = from + p;
        let b = a + needle.len();
        let ok_a = a == 0
            || !hay[..a]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let ok_b = b == hay.len() || !hay[b..].chars().next().is_some_and(char::is_alphanumeric);
        if ok_a && ok_b {
            return true;
        }
        from = a + 1;
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Splits "A B, C D and E F" into its names (trimmed).
fn split_names(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in s.split(',') {
        for p in part.split(" and ") {
            let p = p.trim();
            if !p.is_empty() {
                out.push(p);
            }
        }
    }
    out
}

/// True when `text[s..e]` looks like a person's full name: 2–5 capitalised words (particles
/// allowed), no stop word, no digit, and not a name of something else in the gazetteer.
fn is_name(text: &str, s: usize, e: usize, gaz: &Gazetteer, rules: &RuleData) -> bool {
    let part = &text[s..e];
    if part
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, ':' | '(' | ')' | '"' | '“' | '”' | '!' | '?'))
    {
        return false;
    }
    let toks = tokenize(text, s, e);
    if !(2..=5).contains(&toks.len()) {
        return false;
    }
    // The words must be separated by single spaces only.
    for w in toks.windows(2) {
        let gap = &text[w[0].full_end..w[1].start];
        if gap != " " {
            return false;
        }
    }
    if toks.first().is_some_and(|t| t.start != s) || toks.last().is_some_and(|t| t.full_end != e) {
        return false;
    }
    for t in &toks {
        let w = &text[t.start..t.end];
        if t.possessive {
            return false;
        }
        if !name_word(w, t.cap, rules) {
            return false;
        }
    }
    // Not a prison, organization, city or country the gazetteer knows.
    if let Some(i) = gaz.lookup(part) {
        if gaz.entries[i].etype != EntityType::Person {
            return false;
        }
    }
    if toks.iter().any(|t| {
        let w = &text[t.start..t.end];
        rules.prison_words.contains_word(w) || rules.org_heads.contains_word(w)
    }) {
        return false;
    }
    true
}

/// A word that may be part of a person name.
fn name_word(w: &str, cap: bool, rules: &RuleData) -> bool {
    with_folded_word(w, |f| {
        if rules.name_stopwords.contains(f) || rules.role_words.contains(f) {
            return false;
        }
        if cap {
            // All-capital words longer than 3 letters are acronyms or shouting, not names.
            let mut letters = 0;
            let mut all_upper = true;
            for c in w.chars().filter(|c| c.is_alphabetic()) {
                letters += 1;
                all_upper &= c.is_uppercase();
            }
            return !(letters > 3 && all_upper) && letters >= 2;
        }
        // "al-Assad", "bin Laden": a lower-case particle, alone or joined by a hyphen.
        let head = f.split(' ').next().unwrap_or("");
        rules.particles.contains(head)
    })
}

/// Title + capitalised words: "Mr. Afshin Alavi", "Mrs. Rajavi", "President Assad".
fn title_rule(text: &str, tokens: &[Token], rules: &RuleData, out: &mut Vec<Mention>) {
    for (i, t) in tokens.iter().enumerate() {
        if !t.cap || t.possessive {
            continue;
        }
        let w = &text[t.start..t.end];
        if !rules.titles.contains_word(w) {
            continue;
        }
        // Only "." and spaces between the title and the name.
        let mut j = i + 1;
        let mut names: Vec<&Token> = Vec::new();
        let mut prev_end = t.full_end;
        while j < tokens.len() && names.len() < 4 {
            let n = &tokens[j];
            let gap = &text[prev_end..n.start];
            let gap_ok = if names.is_empty() {
                gap == " " || gap == ". " || gap == "." || gap == "\u{a0}"
            } else {
                gap == " "
            };
            if !gap_ok {
                break;
            }
            let nw = &text[n.start..n.end];
            if !name_word(nw, n.cap, rules) || rules.titles.contains_word(nw) {
                break;
            }
            names.push(n);
            prev_end = n.full_end;
            j += 1;
            if n.possessive {
                break;
            }
        }
        // A lone particle is not a name.
        while names.last().is_some_and(|n| !n.cap) {
            names.pop();
        }
        if names.is_empty() {
            continue;
        }
        let s = names[0].start;
        let e = names[names.len() - 1].end;
        out.push(Mention::rule_hit(
            text,
            s,
            e,
            EntityType::Person,
            Rule::Title,
        ));
    }
}

/// "X, has written to Y", "X and Y wrote a letter": the capitalised words just before a letter
/// phrase are the writer.
fn writer_rule(
    text: &str,
    folded: &Folded,
    phrases: &PhraseHits,
    rules: &RuleData,
    out: &mut Vec<Mention>,
) {
    for &(k, fs) in &phrases.letter_triggers {
        let (phrase, role) = &rules.letter_triggers[k];
        if role != "written_to" && role != "letter" {
            continue;
        }
        {
            if !folded.is_word_bounded(fs, fs + phrase.len()) {
                continue;
            }
            let os = folded.original_offset(fs);
            // Skip back over spaces and one comma.
            let before = text[..os].trim_end();
            let before = before.strip_suffix(',').unwrap_or(before).trim_end();
            let end = before.len();
            let toks = tokenize(text, floor_boundary(text, end.saturating_sub(80)), end);
            let toks: Vec<Token> = toks.into_iter().filter(|t| t.full_end <= end).collect();
            let mut k = toks.len();
            let mut name: Vec<Token> = Vec::new();
            while k > 0 && name.len() < 4 {
                let t = toks[k - 1];
                let gap_end = name.first().map_or(end, |n: &Token| n.start);
                if &text[t.full_end..gap_end] != " " && !name.is_empty()
                    || (name.is_empty() && t.full_end != end)
                {
                    break;
                }
                if !name_word(&text[t.start..t.end], t.cap, rules) || t.possessive {
                    break;
                }
                name.insert(0, t);
                k -= 1;
            }
            if name.len() >= 2 && name[0].cap {
                let s = name[0].start;
                let e = name[name.len() - 1].end;
                out.push(Mention::rule_hit(
                    text,
                    s,
                    e,
                    EntityType::Person,
                    Rule::Writer,
                ));
            }
        }
    }
}

/// "X Prison" (also "X prison") and "Prison of X".
fn prison_shape(text: &str, tokens: &[Token], rules: &RuleData, out: &mut Vec<Mention>) {
    for (i, t) in tokens.iter().enumerate() {
        if !rules.prison_words.contains_word(&text[t.start..t.end]) {
            continue;
        }
        // Capitalised words before it.
        let mut k = i;
        let mut first = None;
        while k > 0 && i - k < 3 {
            let p = &tokens[k - 1];
            let gap = &text[p.full_end..tokens[k].start];
            if gap != " " || !p.cap || p.possessive {
                break;
            }
            if with_folded_word(&text[p.start..p.end], |pw| {
                rules.name_stopwords.contains(pw) && pw != "central"
            }) {
                break;
            }
            first = Some(k - 1);
            k -= 1;
        }
        if let Some(f) = first {
            let s = tokens[f].start;
            let e = t.end;
            out.push(Mention::rule_hit(
                text,
                s,
                e,
                EntityType::Prison,
                Rule::PrisonShape,
            ));
        } else if t.cap && i + 2 < tokens.len() {
            // "Prison of Karaj"
            let of = &tokens[i + 1];
            let x = &tokens[i + 2];
            if &text[of.start..of.end] == "of"
                && x.cap
                && &text[t.full_end..of.start] == " "
                && &text[of.full_end..x.start] == " "
            {
                let s = t.start;
                let e = x.end;
                out.push(Mention::rule_hit(
                    text,
                    s,
                    e,
                    EntityType::Prison,
                    Rule::PrisonShape,
                ));
            }
        }
    }
}

/// Capitalised words ending in an organization head noun, with an optional "of X" after it:
/// "Free Syrian Army", "Syrian Revolution Coordination", "Supreme Council of Cyberspace",
/// "United Federation of French trade unions".
fn org_shape(text: &str, tokens: &[Token], rules: &RuleData, out: &mut Vec<Mention>) {
    let is_conn = |w: &str| matches!(w, "of" | "for");
    for (i, t) in tokens.iter().enumerate() {
        if !t.cap {
            continue;
        }
        if !rules.org_heads.contains_word(&text[t.start..t.end]) {
            continue;
        }
        // Left: capitalised words, not stop words, not possessive.
        let mut first = i;
        while first > 0 && i - first < 4 {
            let p = &tokens[first - 1];
            let gap = &text[p.full_end..tokens[first].start];
            // "Teachers’ Trade Association": a plural possessive inside the name.
            let plural_possessive = text[p.start..p.end].ends_with(['s', 'S'])
                && gap.strip_suffix(' ').is_some_and(|a| {
                    let mut cs = a.chars();
                    cs.next().is_some_and(is_apostrophe) && cs.next().is_none()
                });
            if (gap != " " && !plural_possessive) || !p.cap || p.possessive {
                break;
            }
            let stop = with_folded_word(&text[p.start..p.end], |pw| {
                matches!(
                    pw,
                    "the"
                        | "a"
                        | "an"
                        | "this"
                        | "that"
                        | "and"
                        | "of"
                        | "in"
                        | "on"
                        | "by"
                        | "for"
                        | "to"
                        | "with"
                        | "from"
                        | "at"
                ) || rules.titles.contains(pw)
                    || rules.months.contains_key(pw)
                    || rules.weekdays.contains_key(pw)
            });
            if stop {
                break;
            }
            first -= 1;
        }
        // Right: "of X Y" with capitalised words, then allowed lower-case tail words.
        let mut last = i;
        if !t.possessive && i + 2 < tokens.len() {
            let c = &tokens[i + 1];
            if is_conn(&text[c.start..c.end]) && &text[t.full_end..c.start] == " " {
                let mut k = i + 2;
                let mut prev = c.full_end;
                let mut took = 0;
                while k < tokens.len() && took < 3 {
                    let n = &tokens[k];
                    if &text[prev..n.start] != " " || !n.cap {
                        break;
                    }
                    last = k;
                    took += 1;
                    prev = n.full_end;
                    k += 1;
                    if n.possessive {
                        break;
                    }
                }
                if took > 0 && !tokens[last].possessive {
                    let mut tail = 0;
                    while k < tokens.len() && tail < 2 {
                        let n = &tokens[k];
                        if &text[prev..n.start] != " " || n.cap {
                            break;
                        }
                        if !rules.org_tail_words.contains_word(&text[n.start..n.end]) {
                            break;
                        }
                        last = k;
                        tail += 1;
                        prev = n.full_end;
                        k += 1;
                    }
                }
            }
        }
        if last - first < 1 {
            continue;
        }
        let s = tokens[first].start;
        let e = tokens[last].end;
        out.push(Mention::rule_hit(
            text,
            s,
            e,
            EntityType::Organization,
            Rule::OrgShape,
        ));
    }
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
    let mut occupied: Vec<(usize, usize)> = Vec::new();
    for c in cands {
        let overlaps = occupied.iter().any(|&(s, e)| c.start < e && s < c.end);
        if !overlaps {
            occupied.push((c.start, c.end));
            taken.push(c);
        }
    }
    taken.sort_by_key(|m| (m.start, m.end));
    taken
}

/// A surname alone ("Assad", "Rajavi"), when a full name ending with it is mentioned in the same
/// document.
fn surname_rule(text: &str, tokens: &[Token], mentions: &mut Vec<Mention>) {
    // Small sets of short strings: a fast hash.
    let mut surnames: rustc_hash::FxHashSet<String> = Default::default();
    let mut given: rustc_hash::FxHashSet<String> = Default::default();
    for m in mentions.iter().filter(|m| m.etype == EntityType::Person) {
        let f = fold(&m.surface);
        let parts: Vec<&str> = f.split(' ').collect();
        if parts.len() >= 2 {
            let last = parts[parts.len() - 1];
            if last.chars().count() >= 4 {
                surnames.insert(last.to_string());
            }
            for p in &parts[..parts.len() - 1] {
                given.insert(p.to_string());
            }
        }
    }
    surnames.retain(|s| !given.contains(s));
    if surnames.is_empty() {
        return;
    }
    // A word set: most words are told apart by their first letter or length, unhashed.
    let mut set = WordSet::default();
    for s in surnames {
        set.insert(s, ());
    }
    let mut added = Vec::new();
    for t in tokens {
        if !t.cap {
            continue;
        }
        let w = &text[t.start..t.end];
        // The last part of the word's folding is a surname.
        if !with_folded_word(w, |f| set.contains(f.rsplit(' ').next().unwrap_or(f))) {
            continue;
        }
        if overlaps_any(mentions, t.start, t.end) {
            continue;
        }
        added.push(Mention {
            start: t.start,
            end: t.end,
            surface: w.to_string(),
            etype: EntityType::Person,
            entry: None,
            rule: Rule::Surname,
        });
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}

/// True when a mention overlaps `[s, e)`. `mentions` are sorted and do not overlap, so their
/// ends are sorted too.
fn overlaps_any(mentions: &[Mention], s: usize, e: usize) -> bool {
    let k = mentions.partition_point(|m| m.end <= s);
    mentions.get(k).is_some_and(|m| m.start < e)
}

/// Runs of 2–6 capitalised words not covered by a mention.
fn capitalised_runs(
    text: &str,
    tokens: &[Token],
    rules: &RuleData,
    mentions: &[Mention],
) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let covered = |t: &Token| overlaps_any(mentions, t.start, t.end);
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !t.cap || covered(t) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && j - i < 6 {
            let n = &tokens[j];
            if &text[tokens[j - 1].full_end..n.start] != " " || tokens[j - 1].possessive {
                break;
            }
            if !(n.cap
                || with_folded_word(&text[n.start..n.end], |f| {
                    rules.particles.contains(f.split(' ').next().unwrap_or(""))
                }))
                || covered(n)
            {
                break;
            }
            j += 1;
        }
        if j - i >= 2 {
            let s = t.start;
            let e = tokens[j - 1].end;
            out.push((s, e, text[s..e].to_string()));
        }
        i = j;
    }
    out
}

/// True when a mention is a full person name that propagation (`crate::pipeline`) looks for in
/// other documents
/// (its folded surface is one of the names).
pub fn offers_full_name(etype: EntityType, rule: Rule, surface: &str) -> bool {
    etype == EntityType::Person && rule.finds_full_names() && surface.contains(' ')
}

/// The sub-runs (2–4 words, longest first, not overlapping) of a capitalised run whose folded
/// text is one of `names`: byte spans within `run`, in the order propagation adds them.
pub fn propagated_spans(run: &str, names: &HashSet<String>) -> Vec<(usize, usize)> {
    let words: Vec<(usize, usize)> = word_offsets(run);
    let mut used: Vec<(usize, usize)> = Vec::new();
    for len in (2..=4.min(words.len())).rev() {
        for a in 0..=(words.len() - len) {
            let (ws, _) = words[a];
            let (_, we) = words[a + len - 1];
            if used.iter().any(|&(x, y)| ws < y && x < we) {
                continue;
            }
            if names.contains(&fold(&run[ws..we])) {
                used.push((ws, we));
            }
        }
    }
    used
}

fn word_offsets(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c == ' ' {
            if let Some(st) = start.take() {
                out.push((st, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, s.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::RuleData;

    fn gaz() -> Gazetteer {
        Gazetteer::from_entries(
            Vec::new(),
            RuleData::shipped(),
            Default::default(),
            &mut Vec::new(),
        )
    }

    fn found(text: &str) -> Vec<(String, EntityType, Rule)> {
        extract(text, &gaz())
            .mentions
            .into_iter()
            .map(|m| (m.surface, m.etype, m.rule))
            .collect()
    }

    #[test]
    fn signature_block_after_opener() {
        let t = "The letter.\n\nSigned by political prisoners:\n\nNarges Ahmadi\nKeyvan Rostami-Far\nAbol Fazl Tavakoli\n\n3 March 2019";
        let d = extract(t, &gaz());
        let names: Vec<_> = d.mentions.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            names,
            vec!["Narges Ahmadi", "Keyvan Rostami-Far", "Abol Fazl Tavakoli"]
        );
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.blocks[0].signers, vec![0, 1, 2]);
        assert_eq!(d.blocks[0].date.unwrap().iso().unwrap(), "2019-03-03");
    }

    #[test]
    fn names_joined_with_and_before_affiliation() {
        let t = "Text.\n\nSoheil Karimi and Dariush Nejati,\n\nPolitical Prisoners in Dizelabad Prison, Iran\n\nMay 2, 2018\n";
        let d = extract(t, &gaz());
        let people: Vec<_> = d
            .mentions
            .iter()
            .filter(|m| m.etype == EntityType::Person)
            .map(|m| m.surface.as_str())
            .collect();
        assert_eq!(people, vec!["Soheil Karimi", "Dariush Nejati"]);
        assert!(d
            .mentions
            .iter()
            .any(|m| m.surface == "Dizelabad Prison" && m.etype == EntityType::Prison));
        assert_eq!(
            d.blocks[0].affiliation.map(|(s, e)| &t[s..e]),
            Some("Political Prisoners in Dizelabad Prison, Iran")
        );
    }

    #[test]
    fn titles_stop_at_role_words() {
        let f = found("Mr. Kamran Yousefi General Secretary of the union, and Ms. Lina Haddad, spoke. Mrs. Haddad said.");
        assert!(f.contains(&("Kamran Yousefi".into(), EntityType::Person, Rule::Title)));
        assert!(f.contains(&("Lina Haddad".into(), EntityType::Person, Rule::Title)));
        assert!(f.contains(&("Haddad".into(), EntityType::Person, Rule::Title)));
    }

    #[test]
    fn writer_and_shapes() {
        let f = found("A teacher held in Kachui prison, Hamid Rezaei, has written to the Free Workers Federation and the Kermanshah Teachers’ Trade Association.");
        assert!(
            f.contains(&(
                "Kermanshah Teachers’ Trade Association".into(),
                EntityType::Organization,
                Rule::OrgShape
            )),
            "{f:?}"
        );
        assert!(
            f.contains(&("Hamid Rezaei".into(), EntityType::Person, Rule::Writer)),
            "{f:?}"
        );
        assert!(
            f.contains(&(
                "Kachui prison".into(),
                EntityType::Prison,
                Rule::PrisonShape
            )),
            "{f:?}"
        );
        assert!(
            f.contains(&(
                "Free Workers Federation".into(),
                EntityType::Organization,
                Rule::OrgShape
            )),
            "{f:?}"
        );
    }

    #[test]
    fn numbered_and_inline_signer_lists() {
        let t = "The letter reads as follows.\n\nSigned by:\n1. Golnar Sadeghi\n2. Arman Tavakoli\n3) Parviz Nouri\n";
        let d = extract(t, &gaz());
        let names: Vec<_> = d.mentions.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            names,
            vec!["Golnar Sadeghi", "Arman Tavakoli", "Parviz Nouri"]
        );
        let t = "The letter, signed by Golnar Sadeghi (teacher), Arman Tavakoli and Parviz Nouri (lawyer), was published on Monday.";
        let d = extract(t, &gaz());
        let names: Vec<_> = d.mentions.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            names,
            vec!["Golnar Sadeghi", "Arman Tavakoli", "Parviz Nouri"]
        );
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.blocks[0].signers.len(), 3);
        // "signed by 11 prisoners" names nobody.
        assert!(extract("A letter signed by 11 prisoners was read.", &gaz())
            .blocks
            .is_empty());
    }

    #[test]
    fn contains_words_needs_word_boundaries() {
        assert!(contains_words("x", ""));
        assert!(contains_words("teachers of iran", "of iran"));
        assert!(!contains_words("teachers of irani", "of iran"));
        assert!(!contains_words("évin", "vin"));
        assert!(contains_words("in évin prison", "évin"));
    }

    #[test]
    fn headline_is_not_a_signature() {
        let d = extract("Water Shortage Crisis\n\nThe rains failed.\n", &gaz());
        assert!(d.mentions.is_empty());
    }

    proptest::proptest! {
        /// The scan over capitals finds what the walk from every word start finds.
        #[test]
        fn names_at_capitals_as_at_every_word(
            hay in "((A|B|C|AB|CA|ab|é|É|1)( |'|’|-|\\.|, )?){0,20}"
        ) {
            let patterns: Vec<String> = ["A", "B", "AB", "ABC", "A B", "B C", "CA-B", "C'A"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            let trie = NameTrie::new(&patterns);
            proptest::prop_assert!(trie.capitals_only());
            let spans = |v: Vec<aho_corasick::Match>| -> Vec<(usize, usize, usize)> {
                v.iter().map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect()
            };
            proptest::prop_assert_eq!(
                spans(names_at_capitals(&hay, &trie)),
                spans(names_at_every_word(&hay, &trie))
            );
        }
    }

    /// The tokenizer as it was before words were scanned by bits: the reference for [`tokenize`].
    fn tokenize_reference(text: &str, from: usize, to: usize) -> Vec<Token> {
        let s = &text[from..to];
        let n = s.len();
        let at = |i: usize| char_at(s, i);
        // About one word per six bytes of prose: one allocation for most texts.
        let mut out = Vec::with_capacity(n / 4 + 1);
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < n {
            if bytes[i] < 0x80 && !is_ascii_word(bytes[i]) {
                i += 1;
                continue;
            }
            let (c, clen) = at(i);
            if !c.is_alphanumeric() {
                i += clen;
                continue;
            }
            let start = i;
            let mut end = i + clen;
            i = end;
            while i < n {
                if is_ascii_word(bytes[i]) {
                    i += 1;
                    end = i;
                    continue;
                }
                // Other ASCII ends the word, but for an apostrophe or a hyphen (tested below).
                if bytes[i] < 0x80 && !matches!(bytes[i], b'\'' | b'`' | b'-') {
                    break;
                }
                let (d, dlen) = at(i);
                if d.is_alphanumeric() || is_combining(d) {
                    i += dlen;
                    end = i;
                } else if is_apostrophe(d) || is_dash(d) && d != '_' && d != '—' && d != '–' {
                    // Inside a word only when a letter follows.
                    let j = i + dlen;
                    if j < n && at(j).0.is_alphanumeric() {
                        i = j;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let word = &s[start..end];
            let mut word_end = end;
            let mut possessive = false;
            if matches!(word.as_bytes().last(), Some(b's' | b'S')) {
                for ap in ["’s", "'s", "’S", "'S"] {
                    if word.len() > ap.len() + 1 && word.ends_with(ap) {
                        word_end = end - ap.len();
                        possessive = true;
                    }
                }
            }
            out.push(Token {
                start: from + start,
                end: from + word_end,
                full_end: from + end,
                cap: c.is_uppercase(),
                possessive,
            });
        }
        out
    }

    #[test]
    fn ascii_word_mask_of_every_byte() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                // The byte in one lane, its neighbours the bytes around it.
                let mut x = [b.wrapping_sub(1); 8];
                x[lane] = b;
                if lane + 1 < 8 {
                    x[lane + 1] = b.wrapping_add(1);
                }
                let m = ascii_word_mask8(u64::from_le_bytes(x));
                for (k, &c) in x.iter().enumerate() {
                    assert_eq!(m >> k & 1 == 1, is_ascii_word(c), "{x:?}");
                }
            }
        }
    }

    #[test]
    fn tokens_as_before_on_examples() {
        for t in [
            "",
            "Iran's Evin Prison",
            "Mo’ezi’s letter, Rajavi’S and X's É's ab’s abc’s",
            "al-Assad bin-Laden — x–y x_y ‐z x-' x'- -a 'b a'",
            "ﬁne e\u{301}cole É\u{301}X 12-3 ①x 2024",
            "x`s ab`s I'S AB'S ’s 's",
        ] {
            assert_eq!(
                tok_tuples(&tokenize(t, 0, t.len())),
                tok_tuples(&tokenize_reference(t, 0, t.len())),
                "{t:?}"
            );
        }
    }

    fn tok_tuples(v: &[Token]) -> Vec<(usize, usize, usize, bool, bool)> {
        v.iter()
            .map(|t| (t.start, t.end, t.full_end, t.cap, t.possessive))
            .collect()
    }

    fn token_texts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = prop::sample::select(vec![
            "a",
            "B",
            "z",
            "Z",
            "s",
            "S",
            "0",
            "9",
            " ",
            "  ",
            "\n",
            ".",
            ",",
            "@",
            "[",
            "`",
            "{",
            "'",
            "’",
            "‘",
            "ʼ",
            "´",
            "-",
            "‐",
            "‑",
            "–",
            "—",
            "_",
            "−",
            "é",
            "É",
            "ß",
            "İ",
            "ǅ",
            "\u{301}",
            "\u{200c}",
            "م",
            "ی",
            "😀",
            "'s",
            "’s",
            "'S",
            "’S",
            "x’s",
            "Mo’ezi",
            "Ⅻ",
            "①",
            "٣",
            "abcdefghij",
            "KLMNOPQRSTUVWXYZ",
            "0123456789",
            "\u{7f}",
            "\u{80}",
        ]);
        prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn tokens_as_before(
            s in proptest::prop_oneof![token_texts(), proptest::prelude::any::<String>()],
            a in 0usize..400,
            b in 0usize..400,
        ) {
            // A range of the text on char boundaries (the whole text when `a` is past the end).
            let mut from = floor_boundary(&s, a.min(s.len()));
            let mut to = floor_boundary(&s, b.min(s.len()));
            if from > to {
                std::mem::swap(&mut from, &mut to);
            }
            if a >= s.len() {
                (from, to) = (0, s.len());
            }
            proptest::prop_assert_eq!(
                tok_tuples(&tokenize(&s, from, to)),
                tok_tuples(&tokenize_reference(&s, from, to))
            );
        }
    }
}
