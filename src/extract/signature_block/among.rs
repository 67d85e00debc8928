//! Signers named before the word for them: "A, B and C were among the signatories to the
//! letter", "Teachers union member A, student activist B, and journalists C and D were among
//! the signatories."
//!
//! An opener phrase ("the signatories": `signature_openers.txt`) right after a list verb and an
//! `among` word of `signature_words.tsv` ("were among", "are amongst") ends the list, which
//! starts the sentence: a person, maybe after a few words that end with a noun for people or an
//! office ("Student activist A", "Teachers union member A": `person_cues.txt`,
//! `role_words.txt`, left out of the name), then more people separated by commas and "and"
//! ([`comma_list`]). A sentence that names no letter, with no letter in the text before it,
//! signs nothing: it needs a `document` word ("letter", "statement", "petition") in itself or
//! in the [`LOOKBACK`] bytes before it.

use super::inline::{comma_list, sentence_end, sentence_start};
use super::Seen;
use crate::extract::{Context, RawBlock};
use crate::gazetteer::RuleData;

/// How far before the sentence (in bytes) a `document` word tells that a letter is near.
const LOOKBACK: usize = 800;

/// Most words before the first signer ("Teachers union member").
const MAX_LEAD_WORDS: usize = 4;

/// The signers listed before the opener `[os, oe)`, when a list verb and an `among` word stand
/// between them.
pub(super) fn among_signers(cx: &Context, seen: &Seen, os: usize, oe: usize) -> Option<RawBlock> {
    let text = cx.text;
    let rules = cx.rules;
    let before = text[..os].strip_suffix(' ')?;
    let (rest, among) = last_word(before);
    if kind(among, rules) != Some("among") {
        return None;
    }
    let (rest, verb) = last_word(rest.strip_suffix(' ')?);
    if kind(verb, rules) != Some("list_verb") {
        return None;
    }
    let verb_start = rest.len();
    let ss = sentence_start(text, os);
    if ss >= verb_start {
        return None;
    }
    let line_end = text[oe..].find(['\n', '\r']).map_or(text.len(), |i| oe + i);
    let se = sentence_end(text, rules, oe, line_end);
    let near = crate::text::floor_boundary(text, ss.saturating_sub(LOOKBACK));
    if !has_document(&text[near..se], rules) {
        return None;
    }
    // The first person, after the sentence's start or a few words for what they are.
    let k = seen.persons.partition_point(|p| p.0 < ss);
    let &(first, _) = seen.persons.get(k).filter(|p| p.0 < verb_start)?;
    if !lead_ok(cx, seen, ss, first) {
        return None;
    }
    let names = comma_list(cx, seen, first, verb_start);
    let last = *names.last()?;
    // The list runs up to the verb (a note in brackets allowed after the last name).
    let gap = text[last.1..verb_start].trim_matches([' ', ',']);
    let bracketed = gap.starts_with('(') && gap.ends_with(')') && !gap[1..].contains('(');
    if !(gap.is_empty() || bracketed) {
        return None;
    }
    Some(RawBlock {
        start: names[0].0,
        end: last.1,
        names,
        date: None,
        affiliation: None,
        opener: true,
    })
}

/// `s` without its last word, and that word.
fn last_word(s: &str) -> (&str, &str) {
    let i = s
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    (&s[..i], &s[i..])
}

/// The kind of a word in `signature_words.tsv`.
fn kind<'r>(w: &str, rules: &'r RuleData) -> Option<&'r str> {
    rules.signature_words.get_word(w).map(String::as_str)
}

/// True when `s` has a `document` word ("letter", "statement").
fn has_document(s: &str, rules: &RuleData) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .any(|w| kind(w, rules) == Some("document"))
}

/// True when `[ss, first)`, before the first signer, is empty or up to [`MAX_LEAD_WORDS`]
/// words that name nothing and end with a noun for people or an office ("Student activist",
/// "Teachers union member").
fn lead_ok(cx: &Context, seen: &Seen, ss: usize, first: usize) -> bool {
    let lead = cx.text[ss..first].trim();
    if lead.is_empty() {
        return true;
    }
    let words: Vec<&str> = lead.split(' ').collect();
    let Some(last) = words.last() else {
        return true;
    };
    words.len() <= MAX_LEAD_WORDS
        && words.iter().all(|w| w.chars().all(char::is_alphabetic))
        && !seen.other_in(ss, first)
        && (cx.rules.person_cues.contains_word(last) || cx.rules.role_words.contains_word(last))
}
