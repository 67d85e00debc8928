//! What a person's name looks like, for the rules that find people by their context
//! (`signature_block`, `title`, `writer`).

use super::tokens::{tokenize, Token};
use crate::gazetteer::{Gazetteer, RuleData};
use crate::text::with_folded_word;
use crate::types::EntityType;

/// True when `text[s..e]` looks like a person's full name: 2–5 capitalised words (particles
/// allowed), no stop word, no digit, and not a name of something else in the gazetteer.
pub(super) fn is_name(text: &str, s: usize, e: usize, gaz: &Gazetteer, rules: &RuleData) -> bool {
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
pub(super) fn name_word(w: &str, cap: bool, rules: &RuleData) -> bool {
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

/// True when the word `w` (as written) is a given name: its folding, or the folding of its
/// first hyphenated part ("Mohammad-Reza"), or the parts run together ("Gholam-Reza"), is one of
/// the lexicon's given names or a compound of a known piece ([`is_compound_given`]).
pub fn is_given_word(w: &str, rules: &RuleData) -> bool {
    with_folded_word(w, |f| is_given(f, rules))
}

/// [`is_given_word`] on a folded word.
pub(super) fn is_given(f: &str, rules: &RuleData) -> bool {
    let first = memchr::memchr(b' ', f.as_bytes()).map_or(f, |i| &f[..i]);
    // "Al", "El" and titles are written before names, but are none.
    if first.len() < 2 || rules.particles.contains(first) || rules.titles.contains(first) {
        return false;
    }
    if rules.given_names.contains(first) || is_compound_given(first, rules) {
        return true;
    }
    // "Gholam-Reza", "Abdol Hamid" written in parts.
    if f.len() > first.len() {
        let joined: String = f.split(' ').collect();
        return rules.given_names.contains(&joined) || is_compound_given(&joined, rules);
    }
    false
}

/// A Persian or Arabic compound given name: a known piece and a given name run together
/// ("Abdolhamid", "Gholamhossein", "Habibollah", "Mohammadreza"). A long prefix (`abdol`,
/// `gholam`) makes a given name of any rest of four letters or more that is not a surname's
/// ending; a suffix (`ollah`) of any stem of three letters or more; otherwise the rest must be a
/// given name itself.
fn is_compound_given(f: &str, rules: &RuleData) -> bool {
    // The shortest compound is a piece of three letters and a name of three.
    let b = f.as_bytes();
    if b.len() < 6 {
        return false;
    }
    for p in rules.given_prefixes_of(b[0]) {
        if let Some(rest) = f.strip_prefix(p.as_str()) {
            if rest.len() >= 3 && rules.given_names.contains(rest) {
                return true;
            }
            if p.len() >= 5 && rest.len() >= 4 && !has_surname_ending(f, rules) {
                return true;
            }
        }
    }
    for s in rules.given_suffixes_of(b[b.len() - 1]) {
        if let Some(stem) = f.strip_suffix(s.as_str()) {
            if stem.len() >= 3 && (s.len() >= 5 || rules.given_names.contains(stem)) {
                return true;
            }
        }
    }
    false
}

/// True when the folded word ends with one of the lexicon's surname endings (`zadeh`, `pour`)
/// after a stem of three letters or more.
pub(super) fn has_surname_ending(f: &str, rules: &RuleData) -> bool {
    rules
        .surname_endings
        .iter()
        .any(|e| f.len() >= e.len() + 3 && f.ends_with(e.as_str()))
}

/// True when `w` has a hyphen ("al-Sayed", "Sohrabi-Far").
pub(super) fn has_hyphen(w: &str) -> bool {
    // Words are short: a plain loop, without memchr's set-up.
    w.bytes().any(|b| b == b'-')
}

/// True when `w` has a capital letter ("el-Masri", "al-Hashimi": a particle joined to a name).
fn has_capital(w: &str) -> bool {
    w.chars().any(char::is_uppercase)
}

/// True when every letter of `w` is upper case and it has more than one.
pub(super) fn is_all_caps(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters > 1
}

/// The words of a person's name that start at token `first`: the longest run of name words
/// separated by single spaces, up to `max` words, ending with a capitalised word; `None` when it
/// has fewer than two words. A possessive word ends the run ("Sara Amini's lawyer"). Words of a
/// title-case line (a headline) after the second are taken only when they are given names or
/// joined by a particle: "Sara Amini Moved To Evin" is "Sara Amini". In a run written in capitals
/// ("ALI KARIMI AND ..."), only capitalised words that are not stop words are taken.
pub(super) fn name_run(
    text: &str,
    tokens: &[Token],
    first: usize,
    max: usize,
    rules: &RuleData,
) -> Option<usize> {
    let t0 = tokens.get(first)?;
    let w0 = &text[t0.start..t0.end];
    if !t0.cap || !name_word_caps(w0, rules) {
        return None;
    }
    let caps = is_all_caps(w0);
    // Whether the run is in a headline: looked at only when a third word comes.
    let mut headline: Option<bool> = None;
    let mut last_cap = first;
    let mut j = first;
    while j + 1 < tokens.len() && j + 1 - first < max && !tokens[j].possessive {
        let n = &tokens[j + 1];
        if !single_space(&text[tokens[j].full_end..n.start]) {
            break;
        }
        let nw = &text[n.start..n.end];
        let ok = if caps {
            n.cap && is_all_caps(nw) && name_word_caps(nw, rules) && !is_stop_or_head(nw, rules)
        } else {
            name_word(nw, n.cap, rules) && !is_stop_or_head(nw, rules)
        };
        if !ok {
            break;
        }
        if j + 1 - first >= 2
            && n.cap
            && !caps
            && *headline.get_or_insert_with(|| in_title_case_line(text, t0.start, rules))
            && !is_given_word(nw, rules)
        {
            break;
        }
        j += 1;
        if n.cap || has_capital(nw) {
            last_cap = j;
        }
    }
    (last_cap > first).then_some(last_cap)
}

/// [`name_word`] for a capitalised word, also when it is written in capitals.
fn name_word_caps(w: &str, rules: &RuleData) -> bool {
    if is_all_caps(w) {
        return with_folded_word(w, |f| {
            !(rules.name_stopwords.contains(f) || rules.role_words.contains(f))
        });
    }
    name_word(w, true, rules)
}

/// True for a prison word or an organization's head noun ("Prison", "Council"): never part
/// of a person's name.
pub(super) fn is_stop_or_head(w: &str, rules: &RuleData) -> bool {
    rules.prison_words.contains_word(w) || rules.org_heads.contains_word(w)
}

/// A gap of one space (or a no-break space) between two words of a name.
pub(super) fn single_space(gap: &str) -> bool {
    gap == " " || gap == "\u{a0}"
}

/// True when the line around byte `pos` is a headline written in title case: five words or more,
/// no lower-case word of four letters or more, and a capitalised small word of a headline
/// (`headline_words.txt`) after its first word ("Activist Moved To Evin After Trial").
pub(super) fn in_title_case_line(text: &str, pos: usize, rules: &RuleData) -> bool {
    let bytes = text.as_bytes();
    let s = memchr::memrchr(b'\n', &bytes[..pos]).map_or(0, |i| i + 1);
    let e = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
    let line = &text[s..e];
    let mut words = 0;
    let mut small_caps = 0;
    for w in line.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '’')) {
        let Some(c0) = w.chars().next() else {
            continue;
        };
        words += 1;
        if c0.is_lowercase() {
            if w.chars().count() >= 4 && !w.contains('-') {
                return false;
            }
        } else if words > 1 && c0.is_uppercase() && rules.headline_words.contains_word(w) {
            small_caps += 1;
        }
    }
    words >= 5 && small_caps >= 1
}
