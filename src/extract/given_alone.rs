//! The rule `given_alone`: a person called by the given name alone after the article gave the
//! full name ("Narges Mohammadi ... 'Dear Narges, ...'", "Roya Tabandeh ... Roya said").
//! Reports do it for well-known people, in letters addressed to them and in quotes of
//! relatives. It runs after overlaps are settled ([`super::AFTER_SELECTION`]); resolution joins
//! the name to the full name of its document that starts with it.

use super::names::is_given;
use super::{overlaps_any, Context, Mention, Rule};
use crate::text::{fold, WordMap};
use crate::types::EntityType;

/// A known given name alone, capitalised, after a full name of the document that starts with
/// it, when no full name of the document ends with it and no capitalised word follows it.
pub(super) fn recognise(cx: &Context, mentions: &mut Vec<Mention>) {
    let Context { text, tokens, .. } = *cx;
    // Given name -> where the first full name starting with it ends.
    let mut firsts: rustc_hash::FxHashMap<String, usize> = Default::default();
    let mut lasts: rustc_hash::FxHashSet<String> = Default::default();
    // Each distinct name once: a later repeat adds nothing (its first ends later).
    let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
    for m in mentions.iter().filter(|m| m.etype == EntityType::Person) {
        if !seen.insert(&m.surface) {
            continue;
        }
        let parts: Vec<&str> = m.surface.split_whitespace().collect();
        if parts.len() < 2 {
            continue;
        }
        let first = fold(parts[0]);
        if is_given(&first, cx.rules) {
            firsts.entry(first).or_insert(m.end);
        }
        lasts.insert(fold(parts[parts.len() - 1]));
    }
    firsts.retain(|f, _| !lasts.contains(f));
    if firsts.is_empty() {
        return;
    }
    // A word map: most capitalised words are rejected by their first letters, unfolded.
    let mut by_word = WordMap::default();
    for (f, end) in firsts {
        by_word.insert(f, end);
    }
    let mut added = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.cap {
            continue;
        }
        let w = &text[t.start..t.end];
        let after_full = by_word.get_word(w).is_some_and(|&e| e <= t.start);
        if !after_full || overlaps_any(mentions, t.start, t.end) || next_is_capitalised(cx, i) {
            continue;
        }
        added.push(Mention::rule_hit(
            text,
            t.start,
            t.end,
            EntityType::Person,
            Rule::GivenAlone,
        ));
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}

/// True when token `i` is followed, after spaces only, by a capitalised word: part of a longer
/// name ("Narges Street", another "Narges Mohammadi").
fn next_is_capitalised(cx: &Context, i: usize) -> bool {
    let t = &cx.tokens[i];
    cx.tokens
        .get(i + 1)
        .is_some_and(|n| n.cap && cx.text[t.full_end..n.start].chars().all(|c| c == ' '))
}

#[cfg(test)]
mod tests {
    use super::super::testing::gaz;
    use super::super::{extract, Rule};

    fn alone(text: &str) -> Vec<String> {
        extract(text, &gaz())
            .mentions
            .into_iter()
            .filter(|m| m.rule == Rule::GivenAlone)
            .map(|m| m.surface)
            .collect()
    }

    #[test]
    fn a_given_name_alone_after_the_full_name_is_the_person() {
        let text = "The women wrote to Mr. Shirin Alamhouli in Evin. \
                    \"Dear Shirin, the walls are high,\" the letter begins.";
        assert_eq!(alone(text), ["Shirin"]);
    }

    #[test]
    fn a_given_name_before_the_full_name_or_inside_a_longer_name_is_left_alone() {
        let text = "Shirin said nothing. Mr. Shirin Alamhouli was moved. Shirin Avenue was closed.";
        assert!(alone(text).is_empty(), "{:?}", alone(text));
    }

    #[test]
    fn a_word_that_is_also_a_surname_of_the_document_is_left_alone() {
        let text = "Mr. Hassan Rouhbakhsh and Mr. Ali Hassan spoke. Later Hassan said nothing.";
        assert!(alone(text).is_empty(), "{:?}", alone(text));
    }
}
