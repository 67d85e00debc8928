//! The rule `surname`: a surname alone ("Assad", "Rajavi"), when a full name ending with it is
//! among the document's selected mentions. It runs after overlaps are settled
//! ([`super::AFTER_SELECTION`]): it needs to know which full names the document has.

use super::{overlaps_any, Context, Mention, Rule};
use crate::text::{fold, folds_to_itself, with_folded_word, WordSet};
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
        // Words of the surface, each folded: a hyphenated surname stays one ("vahedi nia").
        let parts: Vec<String> = m.surface.split_whitespace().map(fold).collect();
        if parts.len() >= 2 {
            let last = &parts[parts.len() - 1];
            if last.chars().count() >= 4 {
                surnames.insert(last.to_string());
                if let Some((_, end)) = last.rsplit_once(' ') {
                    if end.chars().count() >= 4 {
                        surnames.insert(end.to_string());
                    }
                }
            }
            for p in &parts[..parts.len() - 1] {
                given.extend(p.split(' ').map(str::to_string));
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
        let w = &text[t.start..t.end];
        if !t.cap && !particle_then_capital(w, cx) {
            continue;
        }
        // The last part of the word's folding is a surname.
        // The word's folding ("vahedi nia") or its last part is a surname.
        // A word of ASCII that folding only lower-cases has no space in its folding: one
        // lookup, rejected unhashed by its first letters.
        let is_surname = if w.bytes().all(folds_to_itself) {
            set.contains_word(w)
        } else {
            with_folded_word(w, |f| {
                set.contains(f) || set.contains(f.rsplit(' ').next().unwrap_or(f))
            })
        };
        if !is_surname {
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

/// A surname that starts with a lower-case particle and a hyphen: "al-Sayed", "el-Masry".
fn particle_then_capital(w: &str, cx: &Context) -> bool {
    // The particle before the first hyphen is no longer than the longest particle: the hyphen
    // is looked for in those first bytes only (most lower-case words have none).
    let head = &w.as_bytes()[..w.len().min(cx.rules.particles.max_len().saturating_add(1))];
    if !head.contains(&b'-') {
        return false;
    }
    w.split_once('-').is_some_and(|(p, rest)| {
        rest.starts_with(|c: char| c.is_uppercase()) && cx.rules.particles.contains(p)
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::gaz;
    use super::super::{extract, Rule};

    fn surnames(text: &str) -> Vec<String> {
        extract(text, &gaz())
            .mentions
            .into_iter()
            .filter(|m| m.rule == Rule::Surname)
            .map(|m| m.surface)
            .collect()
    }

    #[test]
    fn a_surname_alone_after_the_full_name_is_the_person() {
        let text = "Those on strike include Farhad Rostamkhani and Davoud Eskandari. \
                    Rostamkhani has lost eight kilograms.";
        assert_eq!(surnames(text), ["Rostamkhani"]);
    }

    #[test]
    fn a_surname_after_a_lower_case_particle_is_the_person() {
        let text = "Mr. Khaled Mahmoud al-Bannawi was moved. His wife said al-Bannawi fainted.";
        assert_eq!(surnames(text), ["al-Bannawi"]);
    }

    #[test]
    fn a_hyphenated_surname_alone_is_the_person() {
        let text = "Mr. Kamran Sohrabi-Far was moved. Sohrabi-Far has not eaten since.";
        assert_eq!(surnames(text), ["Sohrabi-Far"]);
    }

    #[test]
    fn a_word_that_is_a_given_name_of_the_document_is_no_surname() {
        // "Hassan" is the surname of one person and the given name of another.
        let text = "Mr. Ali Hassan and Mr. Hassan Rouhbakhsh spoke. Hassan said nothing.";
        assert!(surnames(text).is_empty());
    }

    #[test]
    fn a_surname_without_its_full_name_in_the_document_is_left_alone() {
        assert!(surnames("Rostamkhani has lost eight kilograms.").is_empty());
    }
}
