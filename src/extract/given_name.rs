//! The rule `given_name`: a capitalised run of name words that starts with a known given name
//! ("Shirin Karimi", "Mohammad-Reza Vahedi-Nia", "Ahmed Abdel Rahman el-Sayed") is a person,
//! with an honorific written before it ("Sayed Hashim al-Alawi"). The given names are data
//! (`gazetteer/rules/given_names.txt`, built from name statistics by
//! `scripts/build_name_lexicons.py`), with compounds of known pieces
//! (`given_name_parts.tsv`: "Abdolghafour", "Habibollah"). A run written in capitals
//! ("EBRAHIM KARIMI") counts too.
//!
//! A given name alone is not enough: the run needs a second name word, so a sentence that
//! starts with "Hassan" or a given name that is also a city is left to other rules.

use super::names::{has_hyphen, is_given_word, name_run, single_space};
use super::{Candidates, Context, Mention, Rule};
use crate::types::EntityType;

/// Longest name taken (given names, particles and surnames).
const MAX_WORDS: usize = 5;

pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    // Names the gazetteer found already (pushed in text order): the words of its people and of
    // its names of several words are skipped (a town of one word may start a person's name:
    // "Aydin Karimi").
    let known: Vec<(usize, usize)> = found
        .mentions
        .iter()
        .filter(|m| {
            m.rule == Rule::Gazetteer && (m.etype == EntityType::Person || m.surface.contains(' '))
        })
        .map(|m| (m.start, m.end))
        .collect();
    let mut k = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        while k < known.len() && known[k].1 <= t.start {
            k += 1;
        }
        if known.get(k).is_some_and(|&(s, _)| s <= t.start) {
            i += 1;
            continue;
        }
        if !t.cap || t.possessive {
            i += 1;
            continue;
        }
        // Cheap tests first: a name has a second word after a single space.
        let next_ok = tokens.get(i + 1).is_some_and(|n| {
            let nw = &text[n.start..n.end];
            (n.cap || has_hyphen(nw) || n.end - n.start <= 4 && rules.particles.contains_word(nw))
                && single_space(&text[t.full_end..n.start])
        });
        if !next_ok {
            i += 1;
            continue;
        }
        let w = &text[t.start..t.end];
        if !is_given_word(w, rules) || names_a_place(cx, w) {
            i += 1;
            continue;
        }
        let Some(last) = name_run(text, tokens, i, MAX_WORDS, rules) else {
            i += 1;
            continue;
        };
        // An honorific just before the given name belongs to the name.
        let first = match i.checked_sub(1).map(|k| &tokens[k]) {
            Some(h)
                if h.cap
                    && !h.possessive
                    && single_space(&text[h.full_end..t.start])
                    && rules.honorifics.contains_word(&text[h.start..h.end]) =>
            {
                i - 1
            }
            _ => i,
        };
        let first = initial_before(text, tokens, first).unwrap_or(first);
        found.mentions.push(Mention::rule_hit(
            text,
            tokens[first].start,
            tokens[last].end,
            EntityType::Person,
            Rule::GivenName,
        ));
        i = last + 1;
    }
}

/// The token of an initial written before the name that starts at token `first` ("M. Sait
/// Korkmaz", Turkish and Arabic reports abbreviate a first given name so): one capital letter, a
/// full stop and a space, not itself after another initial or a word joined by a full stop
/// ("U.S."), and not a word's end.
fn initial_before(text: &str, tokens: &[super::tokens::Token], first: usize) -> Option<usize> {
    let k = first.checked_sub(1)?;
    let h = &tokens[k];
    let w = &text[h.start..h.end];
    let mut chars = w.chars();
    let one_capital = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    if !one_capital || &text[h.end..tokens[first].start] != ". " {
        return None;
    }
    // Alone: a space (or the start of the text) before it.
    let before = &text[..h.start];
    (before.is_empty() || before.ends_with([' ', '\n', '(', '"', '“'])).then_some(k)
}

/// Population from which a city's name is read as the city rather than as a given name.
const BIG_CITY: u64 = 500_000;

/// True when the gazetteer knows the word as a country or a big city ("Jordan", "Paris"): such
/// a given name does not make a person of the words after it ("Paris Unites the Opposition").
/// A town's name that is also a given name ("Hassan", "Aydin") still starts a name.
fn names_a_place(cx: &Context, w: &str) -> bool {
    crate::text::with_folded_word(w, |f| cx.gaz.lookup_folded(f)).is_some_and(|i| {
        let e = &cx.gaz.entries[i];
        match e.etype {
            EntityType::Country => true,
            EntityType::City => e
                .attrs
                .get("population")
                .and_then(|p| p.parse::<u64>().ok())
                .is_some_and(|p| p >= BIG_CITY),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::finds;

    fn people(text: &str) -> Vec<String> {
        finds(&[], super::recognise, text)
    }

    #[test]
    fn an_initial_before_the_given_name() {
        assert_eq!(
            people("Lawyers for M. Sait Korkmaz and A. Kemal Aydogan appealed."),
            vec!["M. Sait Korkmaz", "A. Kemal Aydogan"]
        );
        // Not the end of an abbreviation, nor a letter joined to a word.
        assert_eq!(
            people("Envoys of the U.S. Kemal Aydogan met were named."),
            vec!["Kemal Aydogan"]
        );
    }

    #[test]
    fn runs_that_start_with_a_given_name() {
        assert_eq!(
            people("Relatives said Maryam Akbari-Monfared and Hossein Ronaghi were moved."),
            vec!["Maryam Akbari-Monfared", "Hossein Ronaghi"]
        );
        // Hyphenated and apostrophe names, particles inside.
        assert_eq!(
            people("The lawyer of Mohammad-Ali Jafarzadeh and Ja'far Sho'ari spoke to Ahmed Abdel Karim el-Masri."),
            vec!["Mohammad-Ali Jafarzadeh", "Ja'far Sho'ari", "Ahmed Abdel Karim el-Masri"]
        );
    }

    #[test]
    fn a_given_name_alone_is_not_a_person() {
        assert!(people("Hassan said the visit was cancelled.").is_empty());
        assert!(people("They met in Tehran with Reza.").is_empty());
    }

    #[test]
    fn honorific_and_possessive() {
        assert_eq!(
            people("Sayed Jalal al-Hashimi's brother wrote."),
            vec!["Sayed Jalal al-Hashimi"]
        );
    }

    #[test]
    fn compounds_of_known_pieces() {
        assert_eq!(
            people("Abdolkarim Shahbakhsh and Fathollah Rigi were named."),
            vec!["Abdolkarim Shahbakhsh", "Fathollah Rigi"]
        );
    }

    #[test]
    fn stops_at_prison_and_organization_words() {
        assert_eq!(
            people("the Ali Karimi Foundation and Reza Moradi Hospital staff"),
            vec!["Ali Karimi", "Reza Moradi"]
        );
    }

    #[test]
    fn headlines_in_title_case_keep_two_words() {
        assert_eq!(
            people("Activist Leila Tavakoli Transferred To Evin After Hearing\n\nText."),
            vec!["Leila Tavakoli"]
        );
    }

    #[test]
    fn names_in_capitals() {
        assert_eq!(
            people("A BANNER READ: FREE AMIR HOSSEINZADEH AND NASRIN GHADERI."),
            vec!["AMIR HOSSEINZADEH", "NASRIN GHADERI"]
        );
    }
}
