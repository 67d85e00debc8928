//! The rule `surname`: a surname alone ("Assad", "Rajavi"), when a full name ending with it is
//! among the document's selected mentions. It runs after overlaps are settled
//! ([`super::AFTER_SELECTION`]): it needs to know which full names the document has.

use super::{overlaps_any, Context, Mention, Rule};
use crate::text::{fold, with_folded_word, WordSet};
use crate::types::EntityType;

/// A surname alone ("Assad", "Rajavi"), when a full name ending with it is mentioned in the same
/// document.
pub(super) fn recognise(cx: &Context, mentions: &mut Vec<Mention>) {
    let Context { text, tokens, .. } = *cx;
    // Small sets of short strings: a fast hash.
    let mut surnames: rustc_hash::FxHashSet<String> = Default::default();
    let mut given: rustc_hash::FxHashSet<String> = Default::default();
    // Each distinct name once: a name recurs in an article.
    let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
    for m in mentions.iter().filter(|m| m.etype == EntityType::Person) {
        if !seen.insert(&m.surface) {
            continue;
        }
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
