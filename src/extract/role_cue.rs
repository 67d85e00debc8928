//! The rule `role_cue`: a capitalised run of name words right after a noun that describes a
//! person is a person, whether or not its given name is known: "political prisoner Zanyar
//! Khorami", "his lawyer, Sara Amini", "journalist Hasan Demir", "fellow inmates Omid Farahani
//! and ...". The nouns are data (`gazetteer/rules/person_cues.txt`).

use super::names::{in_title_case_line, name_run, single_space};
use super::{Candidates, Context, Mention, Rule};
use crate::types::EntityType;

/// Longest name taken after a cue.
const MAX_WORDS: usize = 4;

pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    for (i, t) in tokens.iter().enumerate() {
        // Cheap tests first: a capitalised word follows after a space or ", ".
        let Some(n) = tokens.get(i + 1).filter(|n| n.cap) else {
            continue;
        };
        // "lawyer Sara Amini", "his wife, Sara Amini".
        let gap = &text[t.full_end..n.start];
        if !(single_space(gap) || gap == ", ") {
            continue;
        }
        // A cue is a common noun, written in lower case ("Lawyer X" at a sentence's start is
        // the `title` rule's).
        if t.cap || t.possessive || !rules.person_cues.contains_word(&text[t.start..t.end]) {
            continue;
        }
        let Some(last) = name_run(text, tokens, i + 1, MAX_WORDS, rules) else {
            continue;
        };
        // In a headline every word is capitalised: "Prisoners Send Message To Rally".
        if in_title_case_line(text, t.start, rules) {
            continue;
        }
        found.mentions.push(Mention::rule_hit(
            text,
            n.start,
            tokens[last].end,
            EntityType::Person,
            Rule::RoleCue,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::finds;

    fn people(text: &str) -> Vec<String> {
        finds(&[], super::recognise, text)
    }

    #[test]
    fn names_after_a_describing_noun() {
        // Names whose first word no lexicon needs to know.
        assert_eq!(
            people("The Kurdish political prisoner Zhiwar Bakhtiyari was moved; his lawyer, Tarlan Vosughi, objected."),
            vec!["Zhiwar Bakhtiyari", "Tarlan Vosughi"]
        );
        assert_eq!(
            people("Freelance journalist Berkan Yazgan and the poet Ulvi Sarıgül spoke."),
            vec!["Berkan Yazgan", "Ulvi Sarıgül"]
        );
    }

    #[test]
    fn not_in_a_headline() {
        assert!(people("Jailed Writers Send Message Of Support To Congress\n").is_empty());
    }

    #[test]
    fn not_a_place_or_one_word() {
        assert!(people("Prisoners in Evin Prison and students Tehran said.").is_empty());
        assert!(people("The activist Karimi declined.").is_empty());
    }
}
