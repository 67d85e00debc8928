//! Signers named inside a sentence: "..., signed by A B, C D and E F, was ...", "The
//! signatories are A, a teacher from X; B, a kolbar from Y; and C, a student.", "It was signed
//! by A and B of X Agency, C, an editor at Y, and freelance reporters D, E and F."
//!
//! The list starts after an opener phrase (`signature_openers.txt`; after "the signatories", a
//! verb: "are", "include") and ends with the sentence or at a clause that ends it (", whose
//! sons ...", ", who", "according to": `boundary` words of `signature_words.tsv`). Its items are
//! the people other rules found (or a run of name words), each maybe after a role noun
//! ("freelance reporters D") or an organization and an office in it ("Tala Guild spokesman
//! D": the organization signs nothing) and followed by a description up to the next separator (", an
//! editor at Y,", " of X Agency"). In a list separated by semicolons, each item starts with a
//! person. The block's date is the one the sentence gives as the letter's ("The letter, dated
//! 3 May, was signed by ...").

use super::lines::{opens_clause, strip_and};
use super::Seen;
use crate::dates::{find_dates, written_equivalent, PartialDate};
use crate::extract::names::{is_name, name_run};
use crate::extract::{Context, RawBlock};
use crate::gazetteer::RuleData;
use crate::text::fold;

/// Most signers taken from one sentence.
const MAX_SIGNERS: usize = 50;

/// Most lower-case words of a role noun before a name ("freelance reporters").
const MAX_ROLE_WORDS: usize = 3;

/// The signer lists inside sentences, as blocks.
pub(super) fn inline_signers(cx: &Context, seen: &Seen) -> Vec<RawBlock> {
    let Context {
        text,
        folded,
        phrases,
        rules,
        ..
    } = *cx;
    // The openers, word-bounded, the longest of those that overlap ("the signatories" rather
    // than "signatories", "signed by" rather than "signed").
    let mut hits: Vec<(usize, usize, usize)> = phrases
        .signature_openers
        .iter()
        .filter_map(|&(k, fs)| {
            let fe = fs + rules.signature_openers[k].len();
            folded.is_word_bounded(fs, fe).then(|| {
                let (s, e) = folded.original_span(fs, fe);
                (s, e, k)
            })
        })
        .collect();
    hits.sort_unstable_by_key(|h| (h.0, std::cmp::Reverse(h.1)));
    let mut kept: Vec<(usize, usize, usize)> = Vec::new();
    for h in hits {
        if !kept.iter().any(|k| k.0 <= h.0 && h.1 <= k.1) {
            kept.push(h);
        }
    }
    let mut out = Vec::new();
    for (os, oe, k) in kept {
        // "A, B and C were among the signatories".
        if let Some(b) = super::among::among_signers(cx, seen, os, oe) {
            out.push(b);
            continue;
        }
        let line_end = text[oe..].find(['\n', '\r']).map_or(text.len(), |i| oe + i);
        let from = if rules.signature_openers[k].ends_with("by") {
            oe
        } else {
            // "The signatories are A, B and C": a verb, or a colon.
            match after_list_verb(text, rules, oe, line_end) {
                Some(p) => p,
                None => continue,
            }
        };
        let rest = text[from..line_end].trim_start();
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        if rest.trim().is_empty() {
            continue; // a line opener: handled line by line
        }
        let from = line_end - rest.len();
        let end = sentence_end(text, rules, from, line_end);
        let mut names = signers(cx, seen, from, end);
        if names.is_empty() {
            // "signed by 20 prisoners, including A, B and C".
            if let Some(p) = after_partial(text, rules, from, end) {
                names = signers(cx, seen, p, end);
            }
        }
        let (Some(first), Some(last)) = (names.first(), names.last()) else {
            continue;
        };
        out.push(RawBlock {
            start: first.0,
            end: last.1,
            date: letter_date(text, rules, sentence_start(text, os), end),
            names,
            affiliation: None,
            opener: true,
        });
    }
    out
}

/// The end of the first `partial` word ("including") in `[from, to)`, if one comes before
/// any comma-free clause boundary.
fn after_partial(text: &str, rules: &RuleData, from: usize, to: usize) -> Option<usize> {
    let mut pos = from;
    for w in text[from..to].split(|c: char| !c.is_alphanumeric()) {
        let start = pos;
        pos += w.len()
            + text[start + w.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        match rules.signature_words.get_word(w).map(String::as_str) {
            Some("partial") => return Some(start + w.len()),
            Some("boundary") => return None,
            _ => {}
        }
    }
    None
}

/// After "the signatories" (ending at `pos`): the end of the verb that introduces the list
/// ("are", "include", ", including"), or of a colon.
fn after_list_verb(text: &str, rules: &RuleData, pos: usize, end: usize) -> Option<usize> {
    let pos = after_signed_thing(text, rules, pos, end).unwrap_or(pos);
    let rest = &text[pos..end];
    let t = rest.trim_start_matches([' ', ',']);
    if t.starts_with(':') {
        return Some(end - t.len() + 1);
    }
    let w_len = t.find(|c: char| !c.is_alphanumeric()).unwrap_or(t.len());
    let w = &t[..w_len];
    matches!(
        rules.signature_words.get_word(w).map(String::as_str),
        Some("list_verb" | "partial")
    )
    .then(|| end - t.len() + w_len)
}

/// Most words of what the signatories signed ("to the joint statement").
const MAX_SIGNED_THING_WORDS: usize = 4;

/// After "the signatories" (ending at `pos`): the end of what they signed, when it follows
/// ("to the statement", "of this open letter"): small words (`connector` and `to_document` of
/// `signature_words.tsv`) then a `document` word, all before `end`.
fn after_signed_thing(text: &str, rules: &RuleData, pos: usize, end: usize) -> Option<usize> {
    let mut p = pos;
    for k in 0..=MAX_SIGNED_THING_WORDS {
        let rest = text[p..end].strip_prefix(' ')?;
        let w_len = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let w = &rest[..w_len];
        p = end - rest.len() + w_len;
        match rules.signature_words.get_word(w).map(String::as_str) {
            Some("document") if k > 0 => return Some(p),
            Some("connector" | "to_document") => {}
            _ => return None,
        }
    }
    None
}

/// The end of the sentence that goes on at `pos`: a full stop, '!' or '?' before a space or
/// the line's end (not the dot of a title or an initial: "Dr. A B", "A. B"), or the line's end.
pub(super) fn sentence_end(text: &str, rules: &RuleData, pos: usize, line_end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = pos;
    while let Some(k) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..line_end]) {
        let p = i + k;
        let next = bytes.get(p + 1).copied();
        let at_end = p + 1 >= line_end || matches!(next, Some(b' ' | b'"' | b'\'' | b'\t'));
        if at_end && (bytes[p] != b'.' || !abbreviation_before(text, rules, p)) {
            return p;
        }
        i = p + 1;
    }
    line_end
}

/// True when the word before the dot at `p` is a title ("Dr", "Mr") or a single letter.
fn abbreviation_before(text: &str, rules: &RuleData, p: usize) -> bool {
    let before = &text[..p];
    let w_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let w = &before[w_start..];
    w.chars().count() == 1 || rules.titles.contains_word(w)
}

/// The start of the sentence around byte `pos`: after the last sentence end or line break
/// before it.
pub(super) fn sentence_start(text: &str, pos: usize) -> usize {
    let before = &text[..pos];
    let line = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    match before[line..].rfind(". ") {
        Some(i) => line + i + 2,
        None => line,
    }
}

/// The signers in `[from, to)`: items separated by semicolons when there are any, each a
/// list separated by commas and "and".
fn signers(cx: &Context, seen: &Seen, from: usize, to: usize) -> Vec<(usize, usize)> {
    let text = cx.text;
    if !text[from..to].contains(';') {
        return comma_list(cx, seen, from, to);
    }
    let mut names = Vec::new();
    let mut item = from;
    for (k, part) in text[from..to].split(';').enumerate() {
        let end = item + part.len();
        let found = comma_list(cx, seen, item, end);
        if found.is_empty() && k > 0 {
            break;
        }
        names.extend(found);
        item = end + 1;
        if names.len() >= MAX_SIGNERS {
            break;
        }
    }
    names
}

/// The people of a list separated by commas and "and" in `[from, to)`: a person, or a role
/// noun and a person, starts each item; an item that starts with neither is a description
/// (skipped) or a clause that ends the list (`boundary` words; in an item of a list separated
/// by semicolons, only that item).
pub(super) fn comma_list(cx: &Context, seen: &Seen, from: usize, to: usize) -> Vec<(usize, usize)> {
    let text = cx.text;
    let mut names: Vec<(usize, usize)> = Vec::new();
    let mut pos = from;
    loop {
        let rest = text[pos..to].trim_start_matches([' ', ':', '\u{a0}']);
        let rest = strip_and(rest)
            .or_else(|| rest.strip_prefix("as well as "))
            .unwrap_or(rest);
        pos = to - rest.len();
        if pos >= to {
            break;
        }
        let item = after_office(cx, seen, pos, to)
            .or_else(|| person_at(cx, seen, pos, to))
            .or_else(|| after_role(cx, seen, pos, to));
        if let Some(span) = item {
            names.push(span);
            pos = span.1;
        } else if names.is_empty() || opens_clause(rest, cx.rules) {
            // A list starts with a person; ", who ..." ends it.
            break;
        }
        if names.len() >= MAX_SIGNERS {
            break;
        }
        match next_item(cx, seen, pos, to) {
            Some(p) => pos = p,
            None => break,
        }
    }
    names
}

/// The start of the next item after `pos`: after the next comma (brackets skipped), or after
/// an "and" ("as well as") followed by a person.
fn next_item(cx: &Context, seen: &Seen, pos: usize, to: usize) -> Option<usize> {
    let text = cx.text;
    let bytes = text.as_bytes();
    let mut i = pos;
    while i < to {
        match bytes[i] {
            b'(' => i = text[i..to].find(')').map_or(to, |k| i + k + 1),
            b',' => return Some(i + 1),
            b' ' => {
                let joined = [" and ", " as well as "]
                    .iter()
                    .find(|j| text[i..to].starts_with(**j))
                    .map(|j| i + j.len())
                    .filter(|&p| {
                        after_office(cx, seen, p, to)
                            .or_else(|| person_at(cx, seen, p, to))
                            .or_else(|| after_role(cx, seen, p, to))
                            .is_some()
                    });
                if let Some(p) = joined {
                    return Some(p);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The person whose name starts at `pos` (and ends by `to`): the longer of the one another
/// rule found there and a run of two to five name words that is no other thing's name; an
/// honorific before such a name belongs to it ([`after_honorific`]).
fn person_at(cx: &Context, seen: &Seen, pos: usize, to: usize) -> Option<(usize, usize)> {
    after_honorific(cx, seen, pos, to).or_else(|| name_at(cx, seen, pos, to))
}

/// "U Nyi Lwin", "Daw Khin Nu": a capitalised honorific (`name_honorifics.txt`) and a space at
/// `pos`, then a person's name.
fn after_honorific(cx: &Context, seen: &Seen, pos: usize, to: usize) -> Option<(usize, usize)> {
    let rest = &cx.text[pos..to];
    let (w, _) = rest.split_once(' ')?;
    let honorific = w.starts_with(|c: char| c.is_uppercase())
        && w.chars().all(char::is_alphabetic)
        && cx.rules.honorifics.contains_word(w);
    if !honorific {
        return None;
    }
    let p = pos + w.len() + 1;
    // The honorific alone is not a name: the name after it may be one word ("U Pyinya").
    let one_word = || {
        let n = cx.text[p..to]
            .split(|c: char| !c.is_alphanumeric())
            .next()?;
        (n.len() >= 2
            && n.starts_with(|c: char| c.is_uppercase())
            && !seen.other_in(p, p + n.len()))
        .then_some(p + n.len())
    };
    name_at(cx, seen, p, to)
        .map(|(_, e)| e)
        .or_else(one_word)
        .map(|e| (pos, e))
}

/// [`person_at`] without an honorific.
fn name_at(cx: &Context, seen: &Seen, pos: usize, to: usize) -> Option<(usize, usize)> {
    let found = seen.person_at(pos).filter(|&e| e <= to);
    let tokens = cx.tokens;
    let i = tokens.partition_point(|t| t.start < pos);
    let run = tokens
        .get(i)
        .filter(|t| t.start == pos)
        .and_then(|_| name_run(cx.text, tokens, i, 5, cx.rules))
        .map(|last| tokens[last].end)
        .filter(|&e| e <= to && found.is_none_or(|f| e > f))
        .filter(|&e| is_name(cx.text, pos, e, cx.gaz, cx.rules) && !seen.other_in(pos, e));
    run.or(found).map(|e| (pos, e))
}

/// "freelance reporters D E": up to [`MAX_ROLE_WORDS`] lower-case words, the last a person cue
/// (`person_cues.txt`), then a person.
fn after_role(cx: &Context, seen: &Seen, pos: usize, to: usize) -> Option<(usize, usize)> {
    let text = cx.text;
    let mut p = pos;
    for _ in 0..MAX_ROLE_WORDS {
        let rest = &text[p..to];
        let w_len = rest.find(|c: char| !c.is_alphanumeric())?;
        let w = &rest[..w_len];
        if w.is_empty() || !w.chars().all(char::is_lowercase) || !rest[w_len..].starts_with(' ') {
            return None;
        }
        p += w_len + 1;
        if cx.rules.person_cues.contains_word(w) {
            if let Some(span) = person_at(cx, seen, p, to) {
                return Some(span);
            }
        }
    }
    None
}

/// "Tala Guild spokesman D E", "A B's lawyer D E": a run of capitalised words (an
/// organization, or a possessive), an office or a noun for people in lower case
/// (`role_words.txt`, `person_cues.txt`), then a person: the person, who holds the office in
/// what is named before it (which signs nothing).
fn after_office(cx: &Context, seen: &Seen, pos: usize, to: usize) -> Option<(usize, usize)> {
    let text = cx.text;
    let mut p = pos;
    for k in 0..=MAX_OFFICE_OWNER_WORDS {
        let rest = &text[p..to];
        let w_len = rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))?;
        let w = &rest[..w_len];
        if !rest[w_len..].starts_with(' ') || w.is_empty() {
            return None;
        }
        if w.starts_with(char::is_uppercase) {
            p += w_len + 1;
            continue;
        }
        let office = k > 0
            && w.chars().all(char::is_lowercase)
            && (cx.rules.role_words.contains_word(w) || cx.rules.person_cues.contains_word(w));
        return if office {
            person_at(cx, seen, p + w_len + 1, to)
        } else {
            None
        };
    }
    None
}

/// Most capitalised words of what an office belongs to ("Tala Guild spokesman D").
const MAX_OFFICE_OWNER_WORDS: usize = 5;

/// The date the sentence `[from, to)` gives the letter: the first date after "dated" or
/// "written on" (`date_lead` words of `signature_words.tsv`); the Gregorian date written
/// beside one of another calendar.
fn letter_date(text: &str, rules: &RuleData, from: usize, to: usize) -> Option<PartialDate> {
    let sentence = &text[from..to];
    let ds = find_dates(sentence, rules);
    for (k, d) in ds.iter().enumerate() {
        let before = fold(&sentence[..d.start]);
        let mut words = before.split_whitespace().rev();
        let last = words.next().unwrap_or("");
        let two = words.next().map(|w| format!("{w} {last}"));
        let lead = |w: &str| rules.signature_words.get(w).map(String::as_str) == Some("date_lead");
        if lead(last) || two.as_deref().is_some_and(lead) {
            let j = written_equivalent(&ds, k).unwrap_or(k);
            return Some(ds[j].date);
        }
    }
    None
}
