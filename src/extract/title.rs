//! The rule `title`: capitalised words after a title ("Mr. Afshin Alavi", "Mrs. Rajavi",
//! "President Assad"), up to four name words.

use super::names::name_word;
use super::tokens::Token;
use super::{Candidates, Context, Mention, Rule};
use crate::types::EntityType;

/// Title + capitalised words: "Mr. Afshin Alavi", "Mrs. Rajavi", "President Assad".
pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let out = &mut found.mentions;
    for (i, t) in tokens.iter().enumerate() {
        if !t.cap || t.possessive {
            continue;
        }
        let w = &text[t.start..t.end];
        if !rules.titles.contains_word(w) {
            continue;
        }
        // Only "." and spaces between the title and the name.
        let mut j = i + 1;
        let mut names: Vec<&Token> = Vec::new();
        let mut prev_end = t.full_end;
        while j < tokens.len() && names.len() < 4 {
            let n = &tokens[j];
            let gap = &text[prev_end..n.start];
            let gap_ok = if names.is_empty() {
                gap == " " || gap == ". " || gap == "." || gap == "\u{a0}"
            } else {
                gap == " "
            };
            if !gap_ok {
                break;
            }
            let nw = &text[n.start..n.end];
            if !name_word(nw, n.cap, rules) || rules.titles.contains_word(nw) {
                break;
            }
            names.push(n);
            prev_end = n.full_end;
            j += 1;
            if n.possessive {
                break;
            }
        }
        // A lone particle is not a name.
        while names.last().is_some_and(|n| !n.cap) {
            names.pop();
        }
        if names.is_empty() {
            continue;
        }
        let s = names[0].start;
        let e = names[names.len() - 1].end;
        out.push(Mention::rule_hit(
            text,
            s,
            e,
            EntityType::Person,
            Rule::Title,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::found;
    use super::super::Rule;
    use crate::types::EntityType;

    #[test]
    fn titles_stop_at_role_words() {
        let f = found("Mr. Kamran Yousefi General Secretary of the union, and Ms. Lina Haddad, spoke. Mrs. Haddad said.");
        assert!(f.contains(&("Kamran Yousefi".into(), EntityType::Person, Rule::Title)));
        assert!(f.contains(&("Lina Haddad".into(), EntityType::Person, Rule::Title)));
        assert!(f.contains(&("Haddad".into(), EntityType::Person, Rule::Title)));
    }
}
