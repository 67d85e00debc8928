//! What a person's name looks like, for the rules that find people by their context
//! (`signature_block`, `title`, `writer`).

use super::tokens::tokenize;
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
