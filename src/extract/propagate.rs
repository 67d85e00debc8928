//! What the corpus-wide rule `propagated` needs from each document: the runs of capitalised
//! words no mention covers, which full names a document offers, and where a run holds one of
//! them. The rule itself runs in `crate::names` once every document is read.

use std::collections::HashSet;

use super::tokens::Token;
use super::{overlaps_any, Mention, Rule};
use crate::gazetteer::RuleData;
use crate::text::{fold, with_folded_word};
use crate::types::EntityType;

/// True when the word `t` and a person's mention are two items of one list ("against Rajavi and
/// Ali Karimi", "Ali Karimi, Rajavi and ..."): a single word there may be a surname that the
/// corpus names in full elsewhere (`propagated`).
fn coordinated_with_person(text: &str, t: &Token, mentions: &[Mention]) -> bool {
    const SEPARATORS: [&str; 3] = [" and ", ", ", ", and "];
    let k = mentions.partition_point(|m| m.end <= t.start);
    let person = |m: Option<&Mention>| m.is_some_and(|m| m.etype == EntityType::Person);
    let after = mentions
        .get(k)
        .filter(|m| SEPARATORS.contains(&&text[t.full_end.min(m.start)..m.start]));
    let before = k
        .checked_sub(1)
        .and_then(|i| mentions.get(i))
        .filter(|m| m.end <= t.start && SEPARATORS.contains(&&text[m.end..t.start]));
    person(after) || person(before)
}

/// Runs of 2–6 capitalised words not covered by a mention, and single capitalised words listed
/// with a person ([`coordinated_with_person`]).
pub(super) fn capitalised_runs(
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
        let single_in_list =
            j - i == 1 && !t.possessive && coordinated_with_person(text, t, mentions);
        if j - i >= 2 || single_in_list {
            let s = t.start;
            let e = tokens[j - 1].end;
            out.push((s, e, text[s..e].to_string()));
        }
        i = j;
    }
    out
}

/// True when a mention is a full person name that propagation (`crate::names`) looks for in
/// other documents
/// (its folded surface is one of the names).
pub fn offers_full_name(etype: EntityType, rule: Rule, surface: &str) -> bool {
    etype == EntityType::Person && rule.finds_full_names() && surface.contains(' ')
}

/// The sub-runs (2–4 words, longest first, not overlapping) of a capitalised run whose folded
/// text is one of `names`: byte spans within `run`, in the order propagation adds them. A run of
/// one word is taken when it is the surname of one of `names` (`surnames`: their last words).
pub fn propagated_spans(
    run: &str,
    names: &HashSet<String>,
    surnames: &HashSet<String>,
) -> Vec<(usize, usize)> {
    let words: Vec<(usize, usize)> = word_offsets(run);
    if words.len() == 1 {
        let f = fold(run);
        return if surnames.contains(&f) {
            vec![(0, run.len())]
        } else {
            Vec::new()
        };
    }
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
    use super::super::extract;
    use super::super::testing::gaz;
    use super::propagated_spans;
    use std::collections::HashSet;

    fn set(v: &[&str]) -> HashSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_single_word_listed_with_a_person_is_a_candidate() {
        let t = "They chanted against Tavakoli and Sara Amini. Tavakoli spoke.";
        let runs: Vec<String> = extract(t, &gaz())
            .candidates
            .into_iter()
            .map(|c| c.2)
            .collect();
        // Only the word in the list, not the one that starts a sentence alone.
        assert_eq!(
            runs.iter().filter(|r| *r == "Tavakoli").count(),
            1,
            "{runs:?}"
        );
    }

    #[test]
    fn single_words_that_are_surnames_of_full_names() {
        let names = set(&["omid tavakoli"]);
        let surnames = set(&["tavakoli"]);
        assert_eq!(
            propagated_spans("Tavakoli", &names, &surnames),
            vec![(0, 8)]
        );
        assert!(propagated_spans("Karimi", &names, &surnames).is_empty());
        assert_eq!(
            propagated_spans("Omid Tavakoli", &names, &surnames),
            vec![(0, 13)]
        );
    }
}
