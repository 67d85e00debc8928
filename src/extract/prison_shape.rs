//! The rule `prison_shape`: a prison's name as the genre writes it, built around a head, a word
//! of `prison_words.txt` (Prison, Penitentiary, Jail) or a phrase of `prison_heads.txt` (Penal
//! Colony, Pretrial Detention Center, Correction and Rehabilitation Centre):
//! - up to four name words before the head: capitalised words, and lower-case particles joined
//!   to a capitalised word ("Borg al-Arab Prison", "al-Ha'ir Prison", "Wadi al-Natroun
//!   Correction and Rehabilitation Centre");
//! - a number between the name and the head ("Badr 1 Prison", "Badr 3 Prison");
//! - "No. N" after the head ("Baku Pretrial Detention Center No. 1"), which also makes a
//!   capitalised head a name without name words ("Penal Colony No. 4");
//! - "Prison of X".
//!
//! A head phrase ending in an organization head (Center, Centre) makes a prison, not an
//! organization: `org_shape` asks [`head_ending_at`] and leaves such words alone.

use super::{Candidates, Context, Mention, Rule};
use crate::text::with_folded_word;
use crate::types::EntityType;

/// Prison names around a head word or phrase (see the module doc).
pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let out = &mut found.mentions;
    for (i, t) in tokens.iter().enumerate() {
        let Some(h) = head_ending_at(cx, i) else {
            continue;
        };
        let last = number_after(cx, i).unwrap_or(i);
        // A prison the gazetteer knows ends here: the words before its name are not part of it
        // ("Families Gather Outside Evin Prison").
        let known = out
            .iter()
            .any(|m| m.rule == Rule::Gazetteer && m.etype == EntityType::Prison && m.end == t.end);
        let first = match name_start(cx, h) {
            // "Evin women's prison": a head that starts with a possessive (who is held there)
            // after a prison the gazetteer knows names its ward for them, the prison the
            // gazetteer's name is (as its aliases "X Women's Prison" say).
            Some(f)
                if h < i
                    && tokens[h].possessive
                    && known_prison(out, tokens[f].start, tokens[h - 1].end) =>
            {
                None
            }
            Some(f) if !known => Some(f),
            Some(_) => None,
            // "Penal Colony No. 4": a capitalised head with its number is a name.
            None if tokens[h].cap && last > i => Some(h),
            None => None,
        };
        if let Some(f) = first {
            out.push(Mention::rule_hit(
                text,
                tokens[f].start,
                tokens[last].end,
                EntityType::Prison,
                Rule::PrisonShape,
            ));
        } else if h == i && t.cap && !known && i + 2 < tokens.len() {
            // "Prison of Karaj"
            let of = &tokens[i + 1];
            let x = &tokens[i + 2];
            if &text[of.start..of.end] == "of"
                && x.cap
                && &text[t.full_end..of.start] == " "
                && &text[of.full_end..x.start] == " "
                && !with_folded_word(&text[x.start..x.end], |w| rules.name_stopwords.contains(w))
            {
                out.push(Mention::rule_hit(
                    text,
                    t.start,
                    x.end,
                    EntityType::Prison,
                    Rule::PrisonShape,
                ));
            }
        }
    }
}

/// True when the gazetteer found a prison spanning exactly `[s, e)`.
fn known_prison(found: &[Mention], s: usize, e: usize) -> bool {
    found.iter().any(|m| {
        m.rule == Rule::Gazetteer && m.etype == EntityType::Prison && m.start == s && m.end == e
    })
}

/// The first token of the prison head that ends with token `i`: the longest phrase of
/// `prison_heads.txt` ending there, else `i` itself when it is a word of `prison_words.txt`.
pub(super) fn head_ending_at(cx: &Context, i: usize) -> Option<usize> {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let t = &tokens[i];
    let w = &text[t.start..t.end];
    if let Some(phrases) = rules.prison_heads.get_word(w) {
        // Longest first.
        if let Some(h) = phrases.iter().find_map(|p| phrase_ends_at(cx, i, p)) {
            return Some(h);
        }
    }
    rules.prison_words.contains_word(w).then_some(i)
}

/// The first token of the folded phrase `phrase` when the words up to token `i` spell it (one
/// space between them).
fn phrase_ends_at(cx: &Context, i: usize, phrase: &str) -> Option<usize> {
    let Context { text, tokens, .. } = *cx;
    let mut rest = phrase;
    let mut k = i;
    loop {
        let t = &tokens[k];
        // A possessive word of the phrase with its ending ("Women's Prison").
        let end = if t.possessive && k < i {
            t.full_end
        } else {
            t.end
        };
        let left = with_folded_word(&text[t.start..end], |f| rest.strip_suffix(f).map(str::len))?;
        rest = &rest[..left];
        if rest.is_empty() {
            return Some(k);
        }
        rest = rest.strip_suffix(' ')?;
        let p = tokens.get(k.checked_sub(1)?)?;
        if &text[p.full_end..t.start] != " " {
            return None;
        }
        k -= 1;
    }
}

/// The first name word before a head that starts at token `h`: up to four words, each
/// capitalised (not a stop word, but "Central") or a particle joined to a capitalised word
/// ("al-Arab"); a bare particle ("el") only between two of them. A number right before the head
/// ("Badr 1 Prison") belongs to the name when a name word comes before it and that word is not a
/// unit word ("Ward 4"). Names made only of nationalities ("Egyptian") are none.
fn name_start(cx: &Context, h: usize) -> Option<usize> {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let gap_is_space = |k: usize| &text[tokens[k].full_end..tokens[k + 1].start] == " ";
    let mut k = h;
    let numbered = h > 0 && is_number(text, &tokens[h - 1]) && gap_is_space(h - 1);
    if numbered {
        k -= 1;
    }
    let mut first = None;
    let mut words = 0;
    while k > 0 && words < 4 {
        let p = &tokens[k - 1];
        if p.possessive || !gap_is_space(k - 1) {
            break;
        }
        let w = &text[p.start..p.end];
        let name_word = if p.cap {
            !with_folded_word(w, |f| rules.name_stopwords.contains(f) && f != "central")
        } else {
            joined_particle(w, rules)
        };
        if name_word {
            first = Some(k - 1);
        } else if p.cap || !with_folded_word(w, |f| rules.particles.contains(f)) {
            break;
        }
        words += 1;
        k -= 1;
    }
    let f = first?;
    // "an Egyptian prison", "the Azerbaijani prison service": a nationality names no prison.
    let name_end = h - usize::from(numbered);
    if (f..name_end).all(|k| {
        rules
            .demonyms
            .contains_word(&text[tokens[k].start..tokens[k].end])
    }) {
        return None;
    }
    if numbered && f == h - 2 {
        // "Ward 4 Prison": a unit and its number.
        let w = &text[tokens[f].start..tokens[f].end];
        if with_folded_word(w, |x| rules.unit_words.contains(x)) {
            return None;
        }
    }
    Some(f)
}

/// True for a lower-case particle joined to a capitalised word: `al-Arab`, `el-Natrun`.
fn joined_particle(w: &str, rules: &crate::gazetteer::RuleData) -> bool {
    let Some((particle, rest)) = w.split_once(['-', '‑']) else {
        return false;
    };
    rest.chars().next().is_some_and(char::is_uppercase)
        && with_folded_word(particle, |f| rules.particles.contains(f))
}

/// True for a number of up to four digits (not a year of a date: those have four digits and
/// come after a month, which is not a name word).
fn is_number(text: &str, t: &super::tokens::Token) -> bool {
    let w = &text[t.start..t.end];
    (1..=4).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
}

/// The token of the number in "No. 4", "No 4", "Number 4" right after token `i`.
fn number_after(cx: &Context, i: usize) -> Option<usize> {
    let Context { text, tokens, .. } = *cx;
    let (t, no, n) = (&tokens[i], tokens.get(i + 1)?, tokens.get(i + 2)?);
    if t.possessive || &text[t.full_end..no.start] != " " {
        return None;
    }
    let word = &text[no.start..no.end];
    let gap = &text[no.full_end..n.start];
    let ok = match word {
        "No" | "no" | "Nr" | "nr" => matches!(gap, ". " | "." | " "),
        "Number" | "number" => gap == " ",
        _ => false,
    };
    (ok && is_number(text, n)).then_some(i + 2)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, found_of};
    use super::super::Rule;
    use crate::types::EntityType;

    fn prisons(text: &str) -> Vec<String> {
        found_of(text, EntityType::Prison)
    }

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

    #[test]
    fn numbers_before_the_head_and_after_it() {
        assert_eq!(
            prisons("Two men were moved from Kelvar 2 Prison to Kelvar 5 Prison on Monday."),
            ["Kelvar 2 Prison", "Kelvar 5 Prison"]
        );
        assert_eq!(
            prisons("She is held in Penal Colony No. 7 near Dorvik, and he in Correctional Colony No 12."),
            ["Penal Colony No. 7", "Correctional Colony No 12"]
        );
        assert_eq!(
            prisons("They wrote from Ostrava Pretrial Detention Centre No. 3 last week."),
            ["Ostrava Pretrial Detention Centre No. 3"]
        );
    }

    #[test]
    fn heads_of_several_words_win_over_organization_heads() {
        let f = found(
            "Three men held in the Wadi Selem Correction and Rehabilitation Centre wrote to the council.",
        );
        assert!(
            f.contains(&(
                "Wadi Selem Correction and Rehabilitation Centre".into(),
                EntityType::Prison,
                Rule::PrisonShape
            )),
            "{f:?}"
        );
        assert!(
            !f.iter().any(|(_, t, _)| *t == EntityType::Organization),
            "{f:?}"
        );
        assert_eq!(
            prisons("He was taken to the Marovo Detention Center in May."),
            ["Marovo Detention Center"]
        );
    }

    #[test]
    fn particles_inside_the_name() {
        assert_eq!(
            prisons("He spent two years in Qasr al-Tarin Prison before his release."),
            ["Qasr al-Tarin Prison"]
        );
        assert_eq!(
            prisons("A letter from al-Mazra Prison reached his family."),
            ["al-Mazra Prison"]
        );
    }

    #[test]
    fn a_nationality_is_not_a_prison_name() {
        assert!(prisons("She spent two years in an Egyptian prison.").is_empty());
        assert!(prisons("The Azerbaijani prison service did not answer.").is_empty());
        assert!(prisons("Letters left Iranian Prisons through families.").is_empty());
        // With a name of its own it is one.
        assert_eq!(
            prisons("He was taken to Kurdish Hills Prison in May."),
            ["Kurdish Hills Prison"]
        );
    }

    #[test]
    fn a_womens_prison_of_a_known_prison_is_that_prison() {
        let gaz = crate::gazetteer::Gazetteer::with_entries(vec![super::super::testing::entry(
            "kelvar-prison",
            EntityType::Prison,
            "Kelvar Prison",
            &["Kelvar"],
        )]);
        let typed = |t: &str| super::super::testing::typed_with(t, &gaz);
        // The women's ward of a known prison: the known prison, not a second one.
        assert_eq!(
            typed("The women held in Kelvar women's prison began a sit-in; Kelvar Prison staff said nothing."),
            [
                ("Kelvar".to_string(), EntityType::Prison),
                ("Kelvar Prison".to_string(), EntityType::Prison)
            ]
        );
        // A head of several words without a possessive names the whole prison.
        assert_eq!(
            typed("He was held in the Kelvar Correction and Rehabilitation Centre."),
            [(
                "Kelvar Correction and Rehabilitation Centre".to_string(),
                EntityType::Prison
            )]
        );
        // A women's prison named after a town nobody lists as a prison is a name of its own.
        assert_eq!(
            typed("She was moved to Dorvik Women's Prison."),
            [("Dorvik Women's Prison".to_string(), EntityType::Prison)]
        );
    }

    #[test]
    fn units_and_generic_heads_are_not_names() {
        // A ward and its number, and a capitalised head without a name or a number.
        assert!(prisons("Inmates of Ward 4 Prison staff said nothing.").is_empty());
        assert!(prisons("The Pretrial Detention Center was full.").is_empty());
    }
}
