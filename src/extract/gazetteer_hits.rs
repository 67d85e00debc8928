//! The rules `gazetteer` and `acronym`: the names and aliases of the gazetteer, matched on the
//! folded text (word-bounded; cities and countries must be capitalised in the text, and a city
//! whose name is a common word needs a place word before it), and acronyms or all-capital
//! aliases matched case-sensitively on the original text. Organization and prison names are
//! proper nouns: written without a capital they are not matched ("a group of seven women" is
//! not the G7), unless the gazetteer writes them so. A city's name before "province" or "region"
//! names the province, and an organization after "Branch 15 of the" is a court's branch, not
//! the organization (see `org_shape::unit_of`).

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
    let proper = |surface: &str| surface.chars().any(char::is_uppercase);
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
                EntityType::City if names_a_region(&text[e..]) => continue,
                EntityType::Organization | EntityType::Prison
                    if !proper(surface) && !lower_case_form(entry, &folded.text[m.range()]) =>
                {
                    continue
                }
                EntityType::Organization
                    if super::org_shape::unit_of_at(cx, s) || office_after(text, e, rules) =>
                {
                    continue
                }
                // "Bani Jamra": a town's other spelling before a capitalised word is part of
                // another name.
                EntityType::City
                    if text[e..]
                        .strip_prefix(' ')
                        .is_some_and(|r| r.starts_with(char::is_uppercase))
                        && fold(&entry.name) != folded.text[m.range()] =>
                {
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
            if entry.etype == EntityType::Organization
                && (super::org_shape::unit_of_at(cx, m.start())
                    || office_after(text, m.end(), rules))
            {
                continue;
            }
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

/// True when a place name is followed by a word for a province ("Alborz province"): the
/// province, not the city.
fn names_a_region(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    matches!(
        word,
        "province" | "provinces" | "Province" | "region" | "Region" | "governorate" | "Governorate"
    )
}

/// True when an office a person holds follows an organization's name that ends at byte `e`
/// ("UN Special Rapporteur", "UN experts"): the text speaks of the office's holder.
fn office_after(text: &str, e: usize, rules: &RuleData) -> bool {
    let Some(rest) = text[e..].strip_prefix(' ') else {
        return false;
    };
    let head = fold(&rest[..floor_boundary(rest, 40)]);
    rules.office_words.iter().any(|o| {
        head.strip_prefix(o.as_str())
            .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// True when the gazetteer writes the entry's name or alias that folds to `folded` without a
/// capital: it may then be matched in lower case.
fn lower_case_form(entry: &crate::gazetteer::Entry, folded: &str) -> bool {
    std::iter::once(&entry.name)
        .chain(&entry.aliases)
        .any(|f| !f.chars().any(char::is_uppercase) && fold(f) == folded)
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
    use crate::gazetteer::{Entry, Gazetteer};
    use crate::types::EntityType;
    use std::collections::BTreeMap;

    fn gaz() -> Gazetteer {
        let mk = |id: &str, etype, name: &str, aliases: &[&str], acronym: &str| {
            let mut attrs = BTreeMap::new();
            if !acronym.is_empty() {
                attrs.insert("acronym".to_string(), acronym.to_string());
            }
            Entry {
                id: id.into(),
                etype,
                name: name.into(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                attrs,
                file: "t.tsv".into(),
                line: 1,
            }
        };
        Gazetteer::with_entries(vec![
            mk(
                "group-of-five",
                EntityType::Organization,
                "Group of Five",
                &[],
                "G5",
            ),
            mk(
                "league",
                EntityType::Organization,
                "League of Towns",
                &[],
                "LT",
            ),
            mk(
                "court",
                EntityType::Organization,
                "Revolutionary Court",
                &[],
                "",
            ),
            mk("vardan", EntityType::City, "Vardan", &["Verdan"], ""),
            mk("kelvar", EntityType::City, "Kelvar", &[], ""),
        ])
    }

    fn found(text: &str) -> Vec<(String, EntityType)> {
        crate::extract::extract(text, &gaz())
            .mentions
            .into_iter()
            .map(|m| (m.surface, m.etype))
            .collect()
    }

    #[test]
    fn organization_names_are_proper_nouns() {
        assert!(found("A group of five women wrote.").is_empty());
        assert_eq!(
            found("The Group of Five met."),
            [("Group of Five".into(), EntityType::Organization)]
        );
    }

    #[test]
    fn offices_branches_and_provinces_are_not_their_organization_or_town() {
        // The office's holder, not the organization; a court's branch; a province.
        assert!(found("She wrote to the LT Special Rapporteur and to LT experts.").is_empty());
        assert_eq!(
            found("LT said so."),
            [("LT".into(), EntityType::Organization)]
        );
        assert!(found("He stood before Branch 15 of the Revolutionary Court.").is_empty());
        assert!(
            found("He stood before Branch 2 of the Kelvar Revolutionary Court.")
                .iter()
                .all(|(_, t)| *t != EntityType::Organization)
        );
        assert!(found("The largest prison in Kelvar province.").is_empty());
        // A town's other spelling before a capitalised word is part of another name.
        assert!(found("His village, Verdan Jamra, is small.").is_empty());
        assert_eq!(
            found("He lives in Vardan and Verdan."),
            [
                ("Vardan".into(), EntityType::City),
                ("Verdan".into(), EntityType::City)
            ]
        );
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
}
