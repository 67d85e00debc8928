//! The rule `org_shape`: capitalised words ending in an organization head noun (Council,
//! Coalition, Army, ...), with an optional "of X" after it.

use super::{Candidates, Context, Mention, Rule};
use crate::text::{is_apostrophe, with_folded_word};
use crate::types::EntityType;

/// Capitalised words ending in an organization head noun, with an optional "of X" after it:
/// "Free Syrian Army", "Syrian Revolution Coordination", "Supreme Council of Cyberspace",
/// "United Federation of French trade unions".
pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let out = &mut found.mentions;
    for (i, t) in tokens.iter().enumerate() {
        if !t.cap {
            continue;
        }
        if !rules.org_heads.contains_word(&text[t.start..t.end]) {
            continue;
        }
        // "Baku Pretrial Detention Center": a prison's head phrase (`prison_shape`'s).
        if super::prison_shape::head_ending_at(cx, i).is_some_and(|h| h < i) {
            continue;
        }
        let first = extend_left(cx, i);
        let last = extend_right(cx, i);
        if last - first < 1 {
            continue;
        }
        let s = tokens[first].start;
        let e = tokens[last].end;
        out.push(Mention::rule_hit(
            text,
            s,
            e,
            EntityType::Organization,
            Rule::OrgShape,
        ));
    }
}

/// The first word of an organization name whose head noun is token `i`: up to four capitalised
/// words before it, not stop words, not possessive ("Teachers’ Trade Association" allowed).
fn extend_left(cx: &Context, i: usize) -> usize {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let mut first = i;
    while first > 0 && i - first < 4 {
        let p = &tokens[first - 1];
        let gap = &text[p.full_end..tokens[first].start];
        // "Teachers’ Trade Association": a plural possessive inside the name.
        let plural_possessive = text[p.start..p.end].ends_with(['s', 'S'])
            && gap.strip_suffix(' ').is_some_and(|a| {
                let mut cs = a.chars();
                cs.next().is_some_and(is_apostrophe) && cs.next().is_none()
            });
        if (gap != " " && !plural_possessive) || !p.cap || p.possessive {
            break;
        }
        let stop = with_folded_word(&text[p.start..p.end], |pw| {
            matches!(
                pw,
                "the"
                    | "a"
                    | "an"
                    | "this"
                    | "that"
                    | "and"
                    | "of"
                    | "in"
                    | "on"
                    | "by"
                    | "for"
                    | "to"
                    | "with"
                    | "from"
                    | "at"
            ) || rules.titles.contains(pw)
                || rules.months.contains_key(pw)
                || rules.weekdays.contains_key(pw)
        });
        if stop {
            break;
        }
        first -= 1;
    }
    first
}

/// The last word of an organization name whose head noun is token `i`: "of X Y" (up to three
/// capitalised words) after it, then up to two allowed lower-case tail words.
fn extend_right(cx: &Context, i: usize) -> usize {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let t = &tokens[i];
    let is_conn = |w: &str| matches!(w, "of" | "for");
    let mut last = i;
    if !t.possessive && i + 2 < tokens.len() {
        let c = &tokens[i + 1];
        if is_conn(&text[c.start..c.end]) && &text[t.full_end..c.start] == " " {
            let mut k = i + 2;
            let mut prev = c.full_end;
            let mut took = 0;
            while k < tokens.len() && took < 3 {
                let n = &tokens[k];
                if &text[prev..n.start] != " " || !n.cap {
                    break;
                }
                last = k;
                took += 1;
                prev = n.full_end;
                k += 1;
                if n.possessive {
                    break;
                }
            }
            if took > 0 && !tokens[last].possessive {
                let mut tail = 0;
                while k < tokens.len() && tail < 2 {
                    let n = &tokens[k];
                    if &text[prev..n.start] != " " || n.cap {
                        break;
                    }
                    if !rules.org_tail_words.contains_word(&text[n.start..n.end]) {
                        break;
                    }
                    last = k;
                    tail += 1;
                    prev = n.full_end;
                    k += 1;
                }
            }
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::super::testing::found;
    use super::super::Rule;
    use crate::types::EntityType;

    /// One sentence for the `writer`, `prison_shape` and `org_shape` rules (each file checks its
    /// own).
    #[test]
    fn head_nouns_end_organizations() {
        let f = found("A teacher held in Kachui prison, Hamid Rezaei, has written to the Free Workers Federation and the Kermanshah Teachers’ Trade Association.");
        assert!(
            f.contains(&(
                "Kermanshah Teachers’ Trade Association".into(),
                EntityType::Organization,
                Rule::OrgShape
            )),
            "{f:?}"
        );
        assert!(
            f.contains(&(
                "Free Workers Federation".into(),
                EntityType::Organization,
                Rule::OrgShape
            )),
            "{f:?}"
        );
    }
}
