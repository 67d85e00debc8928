//! The rule `apposition`: a capitalised run of name words followed by what English reports
//! write only after a person's name is a person: an age ("Soma Karimi, 43, a lecturer",
//! "Kamran Bahari (29)", "Leila Nouri, a 38-year-old nurse"), or "who" ("Arman Tabrizi, who
//! ..."). Whether or not the given name is known.

use super::names::{has_hyphen, name_run};
use super::{Candidates, Context, Mention, Rule};
use crate::types::EntityType;

/// Longest name taken before an apposition.
const MAX_WORDS: usize = 4;

pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let bytes = text.as_bytes();
    for (k, t) in tokens.iter().enumerate() {
        // Cheap tests first: what follows a capitalised word may be an apposition.
        let after = bytes.get(t.end).copied();
        if !t.cap || t.possessive || !matches!(after, Some(b',' | b' ')) {
            continue;
        }
        if !apposition_after(&text[t.end..]) {
            continue;
        }
        // The run of name words that ends here, from its first word.
        let mut first = k;
        while first > 0 && k - first + 1 < MAX_WORDS {
            let p = &tokens[first - 1];
            if !(p.cap || p.end > p.start && has_hyphen(&text[p.start..p.end]))
                || !super::names::single_space(&text[p.full_end..tokens[first].start])
            {
                break;
            }
            first -= 1;
        }
        if let Some(f) =
            (first..k).find(|&f| name_run(text, tokens, f, MAX_WORDS, rules) == Some(k))
        {
            found.mentions.push(Mention::rule_hit(
                text,
                tokens[f].start,
                t.end,
                EntityType::Person,
                Rule::Apposition,
            ));
        }
    }
}

/// True when `rest` (the text right after a name) starts with an age or "who": ", 34,",
/// ", 34.", " (34)", ", a 34-year-old", ", aged 34", ", who".
fn apposition_after(rest: &str) -> bool {
    if let Some(r) = rest.strip_prefix(" (") {
        return age_then(r, &[")"]);
    }
    let Some(r) = rest.strip_prefix(", ") else {
        return false;
    };
    if r.starts_with("who ") || age_then(r, &[",", ".", ";"]) {
        return true;
    }
    let r = r
        .strip_prefix("aged ")
        .or_else(|| r.strip_prefix("a "))
        .or_else(|| r.strip_prefix("an "));
    r.is_some_and(|r| age_then(r, &[",", ".", " "]) || age_then(r, &["-year-old", " year old"]))
}

/// True when `s` starts with a number from 10 to 99 followed by one of `after`.
fn age_then(s: &str, after: &[&str]) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 2 || s.starts_with('0') {
        return false;
    }
    let rest = &s[digits..];
    after.iter().any(|a| rest.starts_with(a))
}

#[cfg(test)]
mod tests {
    use super::super::testing::finds;
    use super::apposition_after;

    fn people(text: &str) -> Vec<String> {
        finds(&[], super::recognise, text)
    }

    #[test]
    fn ages_and_who() {
        assert_eq!(
            people("Zhiwar Bakhtiyari, 34, a teacher, and Tarlan Vosughi (29) were tried. Berkan Yazgan, a 41-year-old driver, and Ulvi Sarigul, who was freed, spoke."),
            vec!["Zhiwar Bakhtiyari", "Tarlan Vosughi", "Berkan Yazgan", "Ulvi Sarigul"]
        );
    }

    #[test]
    fn shapes_after_a_name() {
        assert!(apposition_after(", 34, a teacher"));
        assert!(apposition_after(" (43), a lecturer"));
        assert!(apposition_after(", aged 61,"));
        assert!(!apposition_after(", 1999,"));
        assert!(!apposition_after(", 5 people"));
        assert!(!apposition_after(" (Units 3 and 4)"));
        assert!(!apposition_after(", which"));
    }
}
