//! The rule `prison_town` (after selection): a town's name that stands for its prison in a
//! sentence, which the gazetteer took for the town:
//! - "the women's prison of Qarchak" (one prison of one town), "the prisons of A, B and C" (two
//!   towns or more: one prison each; "the prisons of Tehran" are the prisons in Tehran);
//! - "the A and B prisons", "A, B and C prisons";
//! - a town named beside a prison as a second stop or a second place of the same kind: "moved
//!   from Evin to Qarchak", "to Evin and to Qarchak" (only a town whose prison the gazetteer
//!   knows: "Qarchak Prison").
//!
//! The town's mention becomes a prison with the gazetteer entry of its prison
//! ([`super::prison_list::prison_entry`]).

use super::prison_list::prison_entry;
use super::{Context, Mention, Rule};
use crate::text::{folds_to_itself, with_folded_word};
use crate::types::EntityType;

// The signature of every rule after selection (`super::Refiner`); this one only retypes.
#[allow(clippy::ptr_arg)]
pub(super) fn recognise(cx: &Context, mentions: &mut Vec<Mention>) {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let mut towns: Vec<usize> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        // A capitalised word is never the prison noun: skipped before folding.
        if t.cap {
            continue;
        }
        let w = &text[t.start..t.end];
        let (singular, plural) = if w.bytes().all(folds_to_itself) {
            // ASCII that folding only lower-cases: the plural's `s` is the word's last byte,
            // and most words are rejected by their first letters, unfolded.
            let one = w.strip_suffix(['s', 'S']);
            (
                rules.prison_words.contains_word(w),
                one.is_some_and(|one| rules.prison_words.contains_word(one)),
            )
        } else {
            with_folded_word(w, |f| {
                (
                    rules.prison_words.contains(f),
                    f.strip_suffix('s')
                        .is_some_and(|one| rules.prison_words.contains(one)),
                )
            })
        };
        if !(singular || plural) {
            continue;
        }
        // "prison of X", "prisons of A, B and C"; not "Rajai Shahr prison of Karaj", where the
        // noun ends a prison's own name and X is the town it is in.
        if let Some(of) = tokens.get(i + 1) {
            if &text[of.start..of.end] == "of"
                && &text[t.full_end..of.start] == " "
                && !ends_a_prison(mentions, t.end)
            {
                let list = places_after(text, mentions, of.full_end);
                if (singular && list.len() == 1) || (plural && list.len() >= 2) {
                    towns.extend(list);
                }
            }
        }
        // "the A and B prisons".
        if plural {
            let list = places_before(text, mentions, t.start);
            if list.len() >= 2 {
                towns.extend(list);
            }
        }
    }
    // "from Evin to Qarchak", "to Evin and to Qarchak".
    for k in 0..mentions.len() {
        if mentions[k].etype != EntityType::City {
            continue;
        }
        let beside = |j: usize| {
            let (a, b) = if j < k { (j, k) } else { (k, j) };
            mentions[j].etype == EntityType::Prison
                && stop_words_only(&text[mentions[a].end..mentions[b].start])
        };
        // The gazetteer is asked last, for a town beside a prison only.
        let beside_prison = (k > 0 && beside(k - 1)) || (k + 1 < mentions.len() && beside(k + 1));
        if beside_prison && prison_entry(cx.gaz, &mentions[k].surface).is_some() {
            towns.push(k);
        }
    }
    for k in towns {
        let m = &mut mentions[k];
        if m.etype == EntityType::City {
            m.entry = prison_entry(cx.gaz, &m.surface);
            m.etype = EntityType::Prison;
            m.rule = Rule::PrisonTown;
        }
    }
}

/// True when a prison's mention ends at byte `end` ("Evin Prison" for the noun "Prison").
fn ends_a_prison(mentions: &[Mention], end: usize) -> bool {
    let k = mentions.partition_point(|m| m.end < end);
    mentions
        .get(k)
        .is_some_and(|m| m.end == end && m.etype == EntityType::Prison)
}

/// The mentions of towns (or prisons) listed from byte `from`: "A", "A and B", "A, B and C",
/// one space after "of"; their indices. Empty when anything else comes between them.
fn places_after(text: &str, mentions: &[Mention], from: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut k = mentions.partition_point(|m| m.start < from);
    let mut pos = from;
    while let Some(m) = mentions.get(k) {
        let gap = &text[pos..m.start];
        let ok = if out.is_empty() {
            gap == " "
        } else {
            matches!(gap, ", " | " and " | ", and ")
        };
        if !ok || !matches!(m.etype, EntityType::City | EntityType::Prison) {
            break;
        }
        out.push(k);
        pos = m.end;
        k += 1;
        if text[pos..].starts_with(" and ") || text[pos..].starts_with(", ") {
            continue;
        }
        break;
    }
    out
}

/// The mentions of towns (or prisons) listed right before byte `to`, with one space before it:
/// "A and B", "A, B and C".
fn places_before(text: &str, mentions: &[Mention], to: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut k = mentions.partition_point(|m| m.end <= to);
    let mut pos = to;
    while k > 0 {
        let m = &mentions[k - 1];
        let gap = &text[m.end..pos];
        let ok = if out.is_empty() {
            gap == " "
        } else {
            matches!(gap, ", " | " and " | ", and ")
        };
        if !ok || !matches!(m.etype, EntityType::City | EntityType::Prison) {
            break;
        }
        out.push(k - 1);
        pos = m.start;
        k -= 1;
    }
    out.reverse();
    out
}

/// True when `gap` is a few words that join two stops or two places of one kind: "to", "and",
/// "and to", "or", "then", commas.
fn stop_words_only(gap: &str) -> bool {
    let words: Vec<&str> = gap
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 3
        && words
            .iter()
            .all(|w| matches!(*w, "to" | "and" | "or" | "then"))
        && gap.starts_with([' ', ','])
        && gap.ends_with(' ')
}

#[cfg(test)]
mod tests {
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
            mk("kelvar-prison", EntityType::Prison, "Kelvar Prison", &[]),
            mk("kelvar", EntityType::City, "Kelvar", &[]),
            mk("dorvik", EntityType::City, "Dorvik", &[]),
            mk("ostrava", EntityType::City, "Ostrava", &[]),
        ])
    }

    fn typed(text: &str) -> Vec<(String, EntityType)> {
        super::super::testing::typed_with(text, &gaz())
    }

    #[test]
    fn prison_of_a_town_and_prisons_of_towns() {
        use EntityType::*;
        assert_eq!(
            typed("The letter asks him to visit the women's prison of Kelvar, near Dorvik."),
            [("Kelvar".into(), Prison), ("Dorvik".into(), City)]
        );
        assert_eq!(
            typed("Strikes spread to the prisons of Kelvar, Dorvik and Ostrava."),
            [
                ("Kelvar".into(), Prison),
                ("Dorvik".into(), Prison),
                ("Ostrava".into(), Prison)
            ]
        );
        // A prison's own name before "of": the town it is in.
        assert_eq!(
            typed("He is held in the Vardan Prison of Kelvar."),
            [("Vardan Prison".into(), Prison), ("Kelvar".into(), City)]
        );
        // The prisons of one town are the prisons in it.
        assert_eq!(
            typed("Conditions in the prisons of Dorvik worsened."),
            [("Dorvik".into(), City)]
        );
        assert_eq!(
            typed("Inmates of the Dorvik and Ostrava prisons joined."),
            [("Dorvik".into(), Prison), ("Ostrava".into(), Prison)]
        );
    }

    #[test]
    fn a_town_beside_a_prison() {
        use EntityType::*;
        assert_eq!(
            typed("She was moved from Vardan to Kelvar without notice."),
            [("Vardan".into(), Prison), ("Kelvar".into(), Prison)]
        );
        // A town without a prison the gazetteer knows stays a town, and so does a town after
        // "in".
        assert_eq!(
            typed("She was moved from Vardan to Dorvik. She is held in Vardan in Kelvar."),
            [
                ("Vardan".into(), Prison),
                ("Dorvik".into(), City),
                ("Vardan".into(), Prison),
                ("Kelvar".into(), City)
            ]
        );
    }
}
