//! The rule `prison_shape`: "X Prison" (up to three capitalised words before a prison word)
//! and "Prison of X".

use super::{Candidates, Context, Mention, Rule};
use crate::text::with_folded_word;
use crate::types::EntityType;

/// "X Prison" (also "X prison") and "Prison of X".
pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let out = &mut found.mentions;
    for (i, t) in tokens.iter().enumerate() {
        if !rules.prison_words.contains_word(&text[t.start..t.end]) {
            continue;
        }
        // Capitalised words before it.
        let mut k = i;
        let mut first = None;
        while k > 0 && i - k < 3 {
            let p = &tokens[k - 1];
            let gap = &text[p.full_end..tokens[k].start];
            if gap != " " || !p.cap || p.possessive {
                break;
            }
            if with_folded_word(&text[p.start..p.end], |pw| {
                rules.name_stopwords.contains(pw) && pw != "central"
            }) {
                break;
            }
            first = Some(k - 1);
            k -= 1;
        }
        // A prison the gazetteer knows ends here: the words before its name are not part of it
        // ("Families Gather Outside Evin Prison").
        let known = out
            .iter()
            .any(|m| m.rule == Rule::Gazetteer && m.etype == EntityType::Prison && m.end == t.end);
        if let (Some(f), false) = (first, known) {
            let s = tokens[f].start;
            let e = t.end;
            out.push(Mention::rule_hit(
                text,
                s,
                e,
                EntityType::Prison,
                Rule::PrisonShape,
            ));
        } else if t.cap && i + 2 < tokens.len() {
            // "Prison of Karaj"
            let of = &tokens[i + 1];
            let x = &tokens[i + 2];
            if &text[of.start..of.end] == "of"
                && x.cap
                && &text[t.full_end..of.start] == " "
                && &text[of.full_end..x.start] == " "
            {
                let s = t.start;
                let e = x.end;
                out.push(Mention::rule_hit(
                    text,
                    s,
                    e,
                    EntityType::Prison,
                    Rule::PrisonShape,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::found;
    use super::super::Rule;
    use crate::types::EntityType;

    /// One sentence for the `writer`, `prison_shape` and `org_shape` rules (each file checks its
    /// own).
    #[test]
    fn prison_word_after_a_name() {
        let f = found("A teacher held in Kachui prison, Hamid Rezaei, has written to the Free Workers Federation and the Kermanshah Teachers’ Trade Association.");
        assert!(
            f.contains(&(
                "Kachui prison".into(),
                EntityType::Prison,
                Rule::PrisonShape
            )),
            "{f:?}"
        );
    }
}
