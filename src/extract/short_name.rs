//! The rule `short_name` (after selection): once a document names a prison or an organization
//! in full, it names it again by the distinctive part of that name:
//! - a prison by the words before its head: "Badr 1" after "Badr 1 Prison", "Wadi al-Natroun"
//!   after "Wadi al-Natroun Correction and Rehabilitation Centre", "al-Ha'ir" after "al-Ha'ir
//!   Prison" (a town's name is left to the gazetteer and `place_or_name`: "Tabriz" after
//!   "Tabriz Central Prison" is the town);
//! - an organization by the proper name before a lower-case head ("Kefaya" after "the Kefaya
//!   movement") or after its head ("Viasna" after "Human Rights Centre Viasna").
//!
//! The short name gets the whole name's type and gazetteer entry (a town's mention inside it,
//! "Badr" in "Badr 1", gives way), and [`link`] tells resolution they are one entity.

use super::{Context, Mention, Rule};
use crate::text::{fold, folds_to, with_folded_word};
use crate::types::EntityType;

/// A short name of a mention: its folded words, and the mention's index.
struct Short {
    words: Vec<String>,
    /// The first word as the whole name writes it starts with a capital.
    cap: bool,
    long: usize,
}

pub(super) fn recognise(cx: &Context, mentions: &mut Vec<Mention>) {
    let Context { text, tokens, .. } = *cx;
    let shorts = short_names(cx, mentions);
    if shorts.is_empty() {
        return;
    }
    // "Wadi al-Natroun Correction and Rehabilitation Centre": a whole name whose short name the
    // gazetteer knows ("Wadi al-Natroun") is that entry.
    for sh in &shorts {
        let short = sh.words.join(" ");
        if let Some(i) = cx.gaz.lookup(&short) {
            let long = &mut mentions[sh.long];
            if long.entry.is_none() && cx.gaz.entries[i].etype == long.etype {
                long.entry = Some(i as u32);
            }
        }
    }
    let mut added: Vec<Mention> = Vec::new();
    let mut removed: Vec<usize> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        for sh in &shorts {
            // Only after the whole name: before it, the bare words are what they are (the
            // town in a dateline or a headline: "URMIYE, May 3" before "Urmiye prison").
            if sh.cap && !t.cap || t.start < mentions[sh.long].start {
                continue;
            }
            let Some(last) = spells(cx, i, &sh.words) else {
                continue;
            };
            let (s, e) = (t.start, tokens[last].end);
            // Part of a longer capitalised name.
            if tokens
                .get(last + 1)
                .is_some_and(|n| n.cap && &text[tokens[last].full_end..n.start] == " ")
            {
                continue;
            }
            let k = mentions.partition_point(|m| m.end <= s);
            let inside: Vec<usize> = (k..mentions.len())
                .take_while(|&j| mentions[j].start < e)
                .collect();
            let replaceable = inside.iter().all(|&j| {
                let m = &mentions[j];
                m.start >= s
                    && m.end <= e
                    && m.rule == Rule::Gazetteer
                    && matches!(m.etype, EntityType::City | EntityType::Country)
                    && (m.start, m.end) != (s, e)
            });
            if !replaceable || added.iter().any(|m| m.start < e && s < m.end) {
                continue;
            }
            let long = &mentions[sh.long];
            removed.extend(inside);
            added.push(Mention {
                start: s,
                end: e,
                surface: text[s..e].to_string(),
                etype: long.etype,
                entry: long.entry,
                rule: Rule::ShortName,
            });
            break;
        }
    }
    if added.is_empty() {
        return;
    }
    let mut k = 0;
    mentions.retain(|_| {
        k += 1;
        !removed.contains(&(k - 1))
    });
    mentions.append(&mut added);
    mentions.sort_by_key(|m| (m.start, m.end));
}

/// The last token of the words `words` (folded) from token `i`, one space between them.
fn spells(cx: &Context, i: usize, words: &[String]) -> Option<usize> {
    let Context { text, tokens, .. } = *cx;
    for (n, w) in words.iter().enumerate() {
        let t = tokens.get(i + n)?;
        if n > 0
            && (&text[tokens[i + n - 1].full_end..t.start] != " " || tokens[i + n - 1].possessive)
        {
            return None;
        }
        if !folds_to(&text[t.start..t.end], w) {
            return None;
        }
    }
    Some(i + words.len() - 1)
}

/// The short names of the document's prisons and organizations (see the module doc), without
/// those the gazetteer knows (a town, a country, a person, or the prison itself).
fn short_names(cx: &Context, mentions: &[Mention]) -> Vec<Short> {
    let mut out: Vec<Short> = Vec::new();
    for (k, m) in mentions.iter().enumerate() {
        let Some((s, e)) = short_span(cx, m) else {
            continue;
        };
        let short = &cx.text[s..e];
        let words: Vec<String> = cx.tokens[cx.tokens.partition_point(|t| t.start < s)
            ..cx.tokens.partition_point(|t| t.start < e)]
            .iter()
            .map(|t| fold(&cx.text[t.start..t.end]))
            .collect();
        // A town, a country or a person the gazetteer knows is left to it (and to
        // `place_or_name`).
        let known_as_other = cx
            .gaz
            .lookup(short)
            .is_some_and(|i| cx.gaz.entries[i].etype != m.etype);
        if words.is_empty()
            || known_as_other
            || short.chars().filter(|c| c.is_alphabetic()).count() < 3
            || out.iter().any(|o| o.words == words)
        {
            continue;
        }
        out.push(Short {
            cap: short.starts_with(char::is_uppercase),
            words,
            long: k,
        });
    }
    out
}

/// The span of a mention's short name: the words before a prison's head ("Badr 1" of "Badr 1
/// Prison"; none for "Penal Colony No. 4"), the proper name of an organization before a
/// lower-case head or after its head.
fn short_span(cx: &Context, m: &Mention) -> Option<(usize, usize)> {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let a = tokens.partition_point(|t| t.start < m.start);
    let b = tokens.partition_point(|t| t.start < m.end);
    if b < a + 2 || tokens[b - 1].end != m.end {
        return None;
    }
    let last = b - 1;
    let word = |k: usize| &text[tokens[k].start..tokens[k].end];
    match m.etype {
        EntityType::Prison => {
            let h = super::prison_shape::head_ending_at(cx, last)?;
            (h > a).then(|| (tokens[a].start, tokens[h - 1].end))
        }
        EntityType::Organization => {
            let span = if !tokens[last].cap && rules.org_lower_heads.contains_word(word(last)) {
                (tokens[a].start, tokens[last - 1].end)
            } else if tokens[last].cap
                && rules.org_heads.contains_word(word(last - 1))
                && !rules.org_heads.contains_word(word(last))
            {
                (tokens[last].start, tokens[last].end)
            } else {
                return None;
            };
            // Not a date: "April 6" of "the April 6 movement".
            let s = &text[span.0..span.1];
            let dated = s.bytes().any(|b| b.is_ascii_digit())
                || with_folded_word(word(a), |f| rules.months.contains_key(f));
            (!dated).then_some(span)
        }
        _ => None,
    }
}

/// Pairs of a prison's or organization's whole name and a mention of its short name; also of
/// an organization's name and another of the document's organization names made of two or more
/// of its words ("Popular Front" of "Azerbaijan Popular Front Party").
pub(super) fn link(cx: &Context, mentions: &[Mention], same: &mut Vec<(usize, usize)>) {
    // Each mention folded once, when a short name asks (it was once per short name).
    let mut folded: Vec<Option<String>> = vec![None; mentions.len()];
    for sh in short_names(cx, mentions) {
        let etype = mentions[sh.long].etype;
        let short = sh.words.join(" ");
        for (j, m) in mentions.iter().enumerate() {
            if m.etype == etype
                && j != sh.long
                && *folded[j].get_or_insert_with(|| fold(&m.surface)) == short
            {
                same.push((sh.long, j));
            }
        }
    }
    let orgs: Vec<(usize, String)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.etype == EntityType::Organization && m.surface.contains(' '))
        .map(|(i, m)| (i, format!(" {} ", fold(&m.surface))))
        .collect();
    for (i, long) in &orgs {
        for (j, part) in &orgs {
            let (a, b) = (&mentions[*i], &mentions[*j]);
            let entries_agree = a.entry.is_none() || b.entry.is_none() || a.entry == b.entry;
            if part.len() < long.len() && long.contains(part.as_str()) && entries_agree {
                same.push((*i, *j));
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
        let mk = |id: &str, etype, name: &str| super::super::testing::entry(id, etype, name, &[]);
        Gazetteer::with_entries(vec![
            mk("kelvar", EntityType::City, "Kelvar"),
            mk(
                "kelvar-central-prison",
                EntityType::Prison,
                "Kelvar Central Prison",
            ),
        ])
    }

    /// The mentions (surface, type) and the `same` pairs.
    type Found = (Vec<(String, EntityType)>, Vec<(usize, usize)>);

    fn typed(text: &str) -> Found {
        let ex = extract(text, &gaz());
        let m = ex
            .mentions
            .into_iter()
            .map(|m| (m.surface, m.etype))
            .collect();
        (m, ex.same)
    }

    #[test]
    fn a_prison_by_the_words_before_its_head() {
        use EntityType::*;
        let (m, same) = typed(
            "Men in Kelvar 2 Prison and Kelvar 5 Prison wrote. Kelvar 2 holds 900 men; Kelvar is a town.",
        );
        assert_eq!(
            m,
            [
                ("Kelvar 2 Prison".into(), Prison),
                ("Kelvar 5 Prison".into(), Prison),
                ("Kelvar 2".into(), Prison),
                ("Kelvar".into(), City),
            ]
        );
        assert_eq!(same, [(0, 2)]);
        // A town's prison: the town stays a town, and "Kelvar Central" is the prison.
        let (m, same) =
            typed("He is in Kelvar Central Prison. Kelvar Central is crowded, and Kelvar is cold.");
        assert_eq!(
            m,
            [
                ("Kelvar Central Prison".into(), Prison),
                ("Kelvar Central".into(), Prison),
                ("Kelvar".into(), City),
            ]
        );
        assert_eq!(same, [(0, 1)]);
    }

    #[test]
    fn only_after_the_whole_name() {
        use EntityType::*;
        // The dateline's town comes before the prison named after it: it stays no prison.
        let (m, _) = typed("Velsara, May 3 - Men held in Velsara Prison wrote. Velsara is full.");
        assert_eq!(
            m,
            [
                ("Velsara Prison".into(), Prison),
                ("Velsara".into(), Prison),
            ]
        );
    }

    #[test]
    fn an_organization_by_its_proper_name() {
        use EntityType::*;
        let (m, same) = typed(
            "He joined the Tamarod movement. Tamarod grew. The Human Rights Centre Osvita said so; Osvita checked it.",
        );
        assert_eq!(
            m,
            [
                ("Tamarod movement".into(), Organization),
                ("Tamarod".into(), Organization),
                ("Human Rights Centre Osvita".into(), Organization),
                ("Osvita".into(), Organization),
            ]
        );
        assert_eq!(same, [(0, 1), (2, 3)]);
    }

    #[test]
    fn an_organization_by_words_of_its_name() {
        let (m, same) =
            typed("He leads the Kelvar Popular Front Party. The Popular Front called a fast.");
        assert_eq!(m[0].0, "Kelvar Popular Front Party");
        assert_eq!(m[1].0, "Popular Front");
        assert_eq!(same, [(0, 1)]);
    }
}
