//! Rule `script_gloss`: a name written again in its own script in brackets right after its
//! Latin form, as reports from Bahrain, Iran or Egypt give them ("Qasim Hadi Ebrahim (قاسم
//! هادي ابراهيم)", "Narges Mohammadi (نرگس محمدی)"). The bracket is a mention of the same type as the
//! name before it, and [`link`] tells resolution that both are one entity: no transliteration
//! table could join them.

use super::{Context, Mention, Rule};

/// Adds the bracketed non-Latin form after each person, prison or organization mention.
pub(super) fn recognise(cx: &Context, mentions: &mut Vec<Mention>) {
    let mut added = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let Some((s, e)) = gloss_after(cx.text, m.end) else {
            continue;
        };
        // Nothing is there already.
        if mentions.get(i + 1).is_some_and(|n| n.start < e) {
            continue;
        }
        added.push(Mention::rule_hit(cx.text, s, e, m.etype, Rule::ScriptGloss));
    }
    if !added.is_empty() {
        mentions.append(&mut added);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}

/// Pairs each gloss with the mention it follows.
pub(super) fn link(cx: &Context, mentions: &[Mention], same: &mut Vec<(usize, usize)>) {
    for (i, g) in mentions.iter().enumerate().skip(1) {
        let prev = &mentions[i - 1];
        if g.rule == Rule::ScriptGloss && gloss_after(cx.text, prev.end) == Some((g.start, g.end)) {
            same.push((i - 1, i));
        }
    }
}

/// The span inside " (...)" at `end` when the bracket holds words of a non-Latin script only
/// (letters, spaces and joining marks; two letters at least).
fn gloss_after(text: &str, end: usize) -> Option<(usize, usize)> {
    let inner = text.get(end..)?.strip_prefix(" (")?;
    let inner_start = end + 2;
    let close = inner.find(')')?;
    let body = &inner[..close];
    let letters = body.chars().filter(|c| c.is_alphabetic()).count();
    let gloss = letters >= 2
        && !body.starts_with(' ')
        && !body.ends_with(' ')
        && body.chars().all(|c| {
            c == ' ' || c == '\u{200c}' || (!c.is_ascii() && (c.is_alphabetic() || is_mark(c)))
        })
        && !body.chars().any(is_latin);
    gloss.then_some((inner_start, inner_start + close))
}

/// Latin letters outside ASCII ("Ḥ", "é"): a bracket holding them is a Latin spelling.
fn is_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Combining marks of Arabic-script vowels and the like.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0300}'..='\u{036F}')
}

#[cfg(test)]
mod tests {
    use super::super::testing::gaz;
    use super::super::{extract, Rule};
    use crate::types::EntityType;

    #[test]
    fn a_name_in_arabic_script_after_its_latin_form_is_the_same_person() {
        let text = "The signatories were:\n- Sayed Taher al-Musawi (السيد طاهر الموسوي) - life\n- Qasim Hadi Ebrahim (قاسم هادي ابراهيم) - 10 years\n";
        let ex = extract(text, &gaz());
        let people: Vec<(&str, Rule)> = ex
            .mentions
            .iter()
            .filter(|m| m.etype == EntityType::Person)
            .map(|m| (m.surface.as_str(), m.rule))
            .collect();
        assert!(
            people.contains(&("السيد طاهر الموسوي", Rule::ScriptGloss)),
            "{people:?}"
        );
        assert!(
            people.contains(&("قاسم هادي ابراهيم", Rule::ScriptGloss)),
            "{people:?}"
        );
        let pairs: Vec<(&str, &str)> = ex
            .same
            .iter()
            .map(|&(a, b)| {
                (
                    ex.mentions[a].surface.as_str(),
                    ex.mentions[b].surface.as_str(),
                )
            })
            .collect();
        assert!(
            pairs.contains(&("Qasim Hadi Ebrahim", "قاسم هادي ابراهيم")),
            "{pairs:?}"
        );
    }

    #[test]
    fn a_persian_name_with_a_zero_width_joiner_is_a_gloss() {
        let text = "Her lawyer, Parisa Nikravesh (پریسا نیک‌روش), said the court refused.";
        let ex = extract(text, &gaz());
        assert!(
            ex.mentions.iter().any(|m| m.rule == Rule::ScriptGloss),
            "{:?}",
            ex.mentions
        );
        assert_eq!(ex.same.len(), 1);
    }

    #[test]
    fn latin_words_numbers_or_a_gap_in_the_bracket_are_no_gloss() {
        for text in [
            "Mr. Ali Karimi (Ḥossein's cousin) spoke.",
            "Mr. Ali Karimi (43) spoke.",
            "Mr. Ali Karimi (آ) spoke.",
            "Mr. Ali Karimi ( علی کریمی ) spoke.",
        ] {
            let ex = extract(text, &gaz());
            assert!(
                !ex.mentions.iter().any(|m| m.rule == Rule::ScriptGloss),
                "{text}: {:?}",
                ex.mentions
            );
            assert!(ex.same.is_empty(), "{text}");
        }
    }
}
