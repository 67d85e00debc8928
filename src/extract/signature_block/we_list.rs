//! Signers that a statement names in its own first-person opening: "We, the prisoners of
//! conscience in X Prison: A, B, C and D, declare that ...". Between "We, the" and a colon come
//! the authors' description (with a noun for people, `person_cues.txt`, and maybe where they
//! are held); after the colon, a list of two people or more, then the sentence's verb.

use super::inline::{comma_list, sentence_end};
use super::Seen;
use crate::extract::{Context, RawBlock};

/// Longest description between "We, the" and the colon, in bytes.
const MAX_DESCRIPTION: usize = 120;

/// The lists of authors after "We, the <people>:", as blocks whose affiliation is the
/// description (where a prison it names is the letter's).
pub(super) fn we_signers(cx: &Context, seen: &Seen) -> Vec<RawBlock> {
    let text = cx.text;
    let mut out = Vec::new();
    for (i, _) in text.match_indices("We") {
        let Some(desc) = after_we_the(text, i) else {
            continue;
        };
        let Some(colon) = description_end(cx, desc) else {
            continue;
        };
        let line_end = text[colon..]
            .find(['\n', '\r'])
            .map_or(text.len(), |k| colon + k);
        let end = sentence_end(text, cx.rules, colon + 1, line_end);
        let names = list_before_verb(text, comma_list(cx, seen, colon + 1, end));
        let (Some(first), Some(last)) = (names.first(), names.last()) else {
            continue;
        };
        out.push(RawBlock {
            start: first.0,
            end: last.1,
            names,
            affiliation: Some((desc, colon)),
            date: None,
            opener: true,
        });
    }
    out
}

/// The start of the description after "We, the " or "We the " at `i` ("We" a word of its own).
fn after_we_the(text: &str, i: usize) -> Option<usize> {
    if text[..i].ends_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let rest = &text[i + 2..];
    let lead = [", the ", " the "].iter().find(|p| rest.starts_with(**p))?;
    Some(i + 2 + lead.len())
}

/// The colon that ends a description starting at `from`: within [`MAX_DESCRIPTION`] bytes, in
/// the same sentence, with a noun for people in it ("prisoners of conscience in X Prison").
fn description_end(cx: &Context, from: usize) -> Option<usize> {
    let text = cx.text;
    let window = &text[from..crate::text::floor_boundary(text, from + MAX_DESCRIPTION)];
    let colon = window.find(':')?;
    let desc = &window[..colon];
    if desc.contains(['.', ';', '\n', '"', '“', '”']) {
        return None;
    }
    desc.split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| cx.rules.person_cues.contains_word(w))
        .then_some(from + colon)
}

/// The names of `names` that form one list (separated by commas and "and", a note in brackets
/// allowed) up to the verb after it: two or more, the last followed by a lower-case word ("...
/// and D, declare"); else none.
fn list_before_verb(text: &str, names: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut n = 1;
    while n < names.len() && is_list_gap(&text[names[n - 1].1..names[n].0]) {
        n += 1;
    }
    if n < 2 {
        return Vec::new();
    }
    let after = text[names[n - 1].1..].trim_start_matches([',', ' ']);
    if !after.starts_with(|c: char| c.is_lowercase()) || after.starts_with("and ") {
        return Vec::new();
    }
    names[..n].to_vec()
}

/// True when `gap`, the text between two names, only separates them: ", ", " and ", ", and ",
/// after a note in brackets (" (aka X), ").
fn is_list_gap(gap: &str) -> bool {
    let g = match gap.strip_prefix(" (").and_then(|r| r.split_once(')')) {
        Some((_, r)) => r,
        None => gap,
    };
    matches!(g, ", " | " and " | ", and ")
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::gazetteer::Gazetteer;
    use crate::types::EntityType;

    /// The names and affiliation of each block of `t`.
    fn blocks(t: &str) -> Vec<(Vec<String>, Option<String>)> {
        let mk = crate::extract::testing::entry;
        let g = Gazetteer::with_entries(vec![mk(
            "vakilabad-prison",
            EntityType::Prison,
            "Vakilabad Prison",
            &[],
        )]);
        let d = extract(t, &g);
        d.blocks
            .iter()
            .map(|b| {
                let names = b.signers.iter().map(|&i| d.mentions[i].surface.clone());
                (
                    names.collect(),
                    b.affiliation.map(|(s, e)| t[s..e].to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn authors_after_we_the_prisoners() {
        let t = "The detainees issued a statement: \"We, the prisoners of conscience in Vakilabad Prison: Karim Nasseri, Leila Farahani, Dariush Kamali and Mina Rostami, declare that we will refuse food.\"";
        assert_eq!(
            blocks(t),
            vec![(
                vec![
                    "Karim Nasseri".to_string(),
                    "Leila Farahani".to_string(),
                    "Dariush Kamali".to_string(),
                    "Mina Rostami".to_string()
                ],
                Some("prisoners of conscience in Vakilabad Prison".to_string())
            )]
        );
        // Without a comma after "We", and with ", and" before the last name.
        let t = "We the strikers of Ward 4: Karim Nasseri, Leila Farahani, and Mina Rostami, demand our release.";
        assert_eq!(blocks(t).len(), 1);
        assert_eq!(blocks(t)[0].0.len(), 3);
    }

    #[test]
    fn no_list_of_authors() {
        // No noun for people before the colon.
        assert!(blocks("We, the following: Karim Nasseri and Leila Farahani, agree.").is_empty());
        // One name is not a list of authors.
        assert!(blocks("We, the prisoners of Ward 4: Karim Nasseri, declare a strike.").is_empty());
        // No colon: a description, not a list.
        assert!(blocks(
            "We, the families of the prisoners, ask about Karim Nasseri and Leila Farahani."
        )
        .is_empty());
        // The list does not end with a verb.
        assert!(
            blocks("We, the prisoners of Ward 4: Karim Nasseri and Leila Farahani.").is_empty()
        );
    }
}
