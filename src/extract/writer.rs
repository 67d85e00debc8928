//! The rule `writer`: a name just before a letter phrase ("X, has written to", "X wrote a
//! letter"): two to four name words, the first capitalised.

use super::names::name_word;
use super::tokens::{tokenize, Token};
use super::{Candidates, Context, Mention, Rule};
use crate::text::floor_boundary;
use crate::types::EntityType;

/// "X, has written to Y", "X and Y wrote a letter": the capitalised words just before a letter
/// phrase are the writer.
pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text,
        folded,
        phrases,
        rules,
        ..
    } = *cx;
    let out = &mut found.mentions;
    for &(k, fs) in &phrases.letter_triggers {
        let (phrase, role) = &rules.letter_triggers[k];
        // "a letter from X": the writer comes after the phrase, never before it.
        if role != "written_to" && role != "letter" || phrase.ends_with(" from") {
            continue;
        }
        {
            if !folded.is_word_bounded(fs, fs + phrase.len()) {
                continue;
            }
            let os = folded.original_offset(fs);
            // Skip back over spaces and one comma.
            let before = text[..os].trim_end();
            let before = before.strip_suffix(',').unwrap_or(before).trim_end();
            let end = before.len();
            let toks = tokenize(text, floor_boundary(text, end.saturating_sub(80)), end);
            let toks: Vec<Token> = toks.into_iter().filter(|t| t.full_end <= end).collect();
            let mut k = toks.len();
            let mut name: Vec<Token> = Vec::new();
            while k > 0 && name.len() < 4 {
                let t = toks[k - 1];
                let gap_end = name.first().map_or(end, |n: &Token| n.start);
                if &text[t.full_end..gap_end] != " " && !name.is_empty()
                    || (name.is_empty() && t.full_end != end)
                {
                    break;
                }
                if !name_word(&text[t.start..t.end], t.cap, rules) || t.possessive {
                    break;
                }
                name.insert(0, t);
                k -= 1;
            }
            if name.len() >= 2 && name[0].cap {
                let s = name[0].start;
                let e = name[name.len() - 1].end;
                out.push(Mention::rule_hit(
                    text,
                    s,
                    e,
                    EntityType::Person,
                    Rule::Writer,
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
    fn writer_before_a_letter_phrase() {
        let f = found("A teacher held in Kachui prison, Hamid Rezaei, has written to the Free Workers Federation and the Kermanshah Teachers’ Trade Association.");
        assert!(
            f.contains(&("Hamid Rezaei".into(), EntityType::Person, Rule::Writer)),
            "{f:?}"
        );
    }
}
