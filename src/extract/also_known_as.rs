//! The rule `also_known_as` (after selection): "X, also spelled Y", "X (also known as Y)",
//! "X, also called Y" for a prison or an organization X: Y is another name of X ("Sheiban, also
//! spelled Sheyban", where the gazetteer took Sheyban for a town). Y becomes a mention of X's
//! type with X's gazetteer entry, and [`link`] tells resolution they are one entity.

use super::{overlaps_any, Context, Mention, Rule};
use crate::types::EntityType;

/// The phrases between X and Y, after ", " or " (".
const PHRASES: &[&str] = &[
    "also spelled ",
    "also spelt ",
    "also written ",
    "also known as ",
    "also called ",
    "better known as ",
    "formerly known as ",
    "known locally as ",
];

pub(super) fn recognise(cx: &Context, mentions: &mut Vec<Mention>) {
    let Context { text, tokens, .. } = *cx;
    let mut added = Vec::new();
    for k in 0..mentions.len() {
        let x = &mentions[k];
        if !matches!(x.etype, EntityType::Prison | EntityType::Organization) {
            continue;
        }
        let Some(y_start) = other_name_at(text, x.end) else {
            continue;
        };
        let (etype, entry) = (x.etype, x.entry);
        // Y is a mention of something else ("Sheyban" the town): it is X's.
        if let Some(j) = mentions[k + 1..]
            .iter()
            .position(|m| m.start == y_start)
            .map(|p| k + 1 + p)
        {
            let y = &mut mentions[j];
            if matches!(y.etype, EntityType::City | EntityType::Country) {
                y.etype = etype;
                y.entry = entry;
                y.rule = Rule::AlsoKnownAs;
            }
            continue;
        }
        // Y is no mention: its capitalised words.
        let first = tokens.partition_point(|t| t.start < y_start);
        let mut last = None;
        let mut j = first;
        while j < tokens.len() && j < first + 4 {
            let t = &tokens[j];
            if !t.cap || (j > first && &text[tokens[j - 1].full_end..t.start] != " ") {
                break;
            }
            last = Some(j);
            j += 1;
            if t.possessive {
                break;
            }
        }
        let Some(last) = last.filter(|_| tokens.get(first).is_some_and(|t| t.start == y_start))
        else {
            continue;
        };
        let end = tokens[last].end;
        if overlaps_any(mentions, y_start, end) {
            continue;
        }
        added.push(Mention {
            start: y_start,
            end,
            surface: text[y_start..end].to_string(),
            etype,
            entry,
            rule: Rule::AlsoKnownAs,
        });
    }
    if !added.is_empty() {
        mentions.append(&mut added);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}

/// Where the other name starts when the text after byte `end` (the end of X) says it is one:
/// ", also spelled Y", " (also known as Y".
fn other_name_at(text: &str, end: usize) -> Option<usize> {
    let after = text.get(end..)?;
    let rest = after
        .strip_prefix(", ")
        .or_else(|| after.strip_prefix(" ("))?;
    let phrase = PHRASES.iter().find(|p| rest.starts_with(*p))?;
    let y = end + (after.len() - rest.len()) + phrase.len();
    // Y may be in quotes.
    let q = text[y..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '“' | '\''))
        .map_or(0, char::len_utf8);
    Some(y + q)
}

/// Pairs of X and Y in "X, also spelled Y" (both mentions, of one type).
pub(super) fn link(cx: &Context, mentions: &[Mention], same: &mut Vec<(usize, usize)>) {
    for (i, x) in mentions.iter().enumerate() {
        if !matches!(x.etype, EntityType::Prison | EntityType::Organization) {
            continue;
        }
        let Some(y) = other_name_at(cx.text, x.end) else {
            continue;
        };
        if let Some(j) = mentions[i + 1..].iter().position(|m| m.start == y) {
            if mentions[i + 1 + j].etype == x.etype {
                same.push((i, i + 1 + j));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::extract;
    use crate::gazetteer::Gazetteer;
    use crate::types::EntityType;

    fn gaz() -> Gazetteer {
        let mk = super::super::testing::entry;
        Gazetteer::with_entries(vec![
            mk(
                "vardan-prison",
                EntityType::Prison,
                "Vardan Prison",
                &["Vardan"],
            ),
            mk("verdan", EntityType::City, "Verdan", &[]),
        ])
    }

    #[test]
    fn another_spelling_of_a_prison() {
        let g = gaz();
        let ex = extract(
            "Vardan, also spelled Verdan, holds 3,000 men. Kelvar Prison (also known as Torsk) is older.",
            &g,
        );
        let got: Vec<(&str, EntityType, Option<&str>)> = ex
            .mentions
            .iter()
            .map(|m| {
                (
                    m.surface.as_str(),
                    m.etype,
                    m.entry.map(|e| g.entries[e as usize].id.as_str()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Vardan", EntityType::Prison, Some("vardan-prison")),
                ("Verdan", EntityType::Prison, Some("vardan-prison")),
                ("Kelvar Prison", EntityType::Prison, None),
                ("Torsk", EntityType::Prison, None),
            ]
        );
        assert_eq!(ex.same, [(0, 1), (2, 3)]);
    }
}
