//! The rules `gazetteer` and `acronym`: the names and aliases of the gazetteer, matched on the
//! folded text (word-bounded; cities and countries must be capitalised in the text, and a city
//! whose name is a common word needs a place word before it), and acronyms or all-capital
//! aliases matched case-sensitively on the original text.

use super::{Candidates, Context, Mention, Rule};
use crate::gazetteer::{NameTrie, RuleData};
use crate::text::{
    char_at, floor_boundary, fold, is_ascii_word, is_word_byte_before, is_word_char_at,
};
use crate::types::EntityType;

/// The rules `gazetteer` and `acronym`: gazetteer matches over the folded text (and acronyms
/// over the original).
pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text, folded, gaz, ..
    } = *cx;
    let out = &mut found.mentions;
    let rules = &gaz.rules;
    if let Some((trie, targets)) = gaz.folded_matcher() {
        for m in names_at_word_starts(&folded.text, trie) {
            let target = targets[m.pattern().as_usize()];
            let entry = &gaz.entries[target.entry as usize];
            let (s, e) = folded.original_span(m.start(), m.end());
            let surface = &text[s..e];
            let capitalised = surface.chars().next().is_some_and(char::is_uppercase);
            match entry.etype {
                // A full name of the gazetteer written in lower case ("sara amini" in a post) is
                // the person; one word in lower case is a word.
                EntityType::Person if !capitalised && !surface.contains(' ') => continue,
                EntityType::City | EntityType::Country if !capitalised => continue,
                EntityType::City if entry.is_ambiguous() && !place_context(text, s, e, rules) => {
                    continue
                }
                // "the Oslo-based group": where a group is based, not a place the text speaks of.
                EntityType::City | EntityType::Country if text[e..].starts_with("-based") => {
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
pub fn place_context(text: &str, s: usize, e: usize, rules: &RuleData) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
