//! The rule `prison_list`: the lines of a list of prisons, under a line that ends with ':' and
//! speaks of prisons ("Prisons taking part in the campaign:"). Such lists name a prison by its
//! town ("Ardabil" for Ardabil Prison, "Karaj Central" for Karaj Central Prison), or by its own
//! name, with the town or the ward in brackets:
//!
//! ```text
//! Prisons joining the strike this week:
//! Evin (Women's Ward)        the prison Evin (the bracket is a ward)
//! Karaj Central              Karaj Central Prison
//! Khorramabad (Parsilon)     the prison Parsilon (its own name after its town)
//! Sepidar (Ahvaz)            the prison Sepidar (its town after it)
//! Bam                        a prison of its own (the gazetteer has no Bam Prison)
//! ```
//!
//! Each item gets the gazetteer entry of the prison it names ([`prison_entry`]), so that
//! resolution links it to the prison's other names. A list whose items are mostly neither
//! prisons nor towns the gazetteer knows is not taken (a list of people under "Prisoners in
//! these prisons:").

use super::{Candidates, Context, Mention, Rule};
use crate::gazetteer::Gazetteer;
use crate::text::with_folded_word;
use crate::types::EntityType;

/// At most this many items in one list.
const MAX_ITEMS: usize = 80;

pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context { text, .. } = *cx;
    let bytes = text.as_bytes();
    for colon in memchr::memchr_iter(b':', bytes) {
        // The header: a line that ends with this colon.
        let line_end = memchr::memchr(b'\n', &bytes[colon..]).map_or(bytes.len(), |k| colon + k);
        if !text[colon + 1..line_end].trim().is_empty() {
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &bytes[..colon]).map_or(0, |k| k + 1);
        if colon - line_start > 200 || !speaks_of_prisons(cx, &text[line_start..colon]) {
            continue;
        }
        list_items(cx, line_end, found);
    }
}

/// True when a header names prisons in the plural ("Prisons taking part", "in these jails").
fn speaks_of_prisons(cx: &Context, header: &str) -> bool {
    let rules = cx.rules;
    header
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .any(|w| {
            with_folded_word(w, |f| {
                f.strip_suffix('s')
                    .is_some_and(|one| rules.prison_words.contains(one))
                    || f.strip_suffix("ies")
                        .is_some_and(|stem| rules.prison_words.contains(&format!("{stem}y")))
            })
        })
}

/// One item of a list: the name's span and the bracket's (if it holds a name).
struct Item {
    name: (usize, usize),
    bracket: Option<(usize, usize)>,
}

/// The items on the lines after byte `from` (the header's line end): blank lines first, then
/// one item a line, up to a blank line or a line that is no item. Pushes their prisons when
/// most of them are places or prisons the gazetteer knows.
fn list_items(cx: &Context, from: usize, found: &mut Candidates) {
    let Context { text, gaz, .. } = *cx;
    let mut items = Vec::new();
    let mut pos = from;
    let mut started = false;
    while pos < text.len() && items.len() < MAX_ITEMS {
        let start = pos + 1;
        let end = text[start.min(text.len())..]
            .find('\n')
            .map_or(text.len(), |k| start + k);
        if start > text.len() {
            break;
        }
        pos = end;
        let line = &text[start..end];
        if line.trim().is_empty() {
            if started {
                break;
            }
            continue;
        }
        started = true;
        match item(cx, start, line) {
            Some(it) => items.push(it),
            None => break,
        }
    }
    let known = items
        .iter()
        .filter(|it| {
            let (s, e) = it.name;
            gaz.lookup(&text[s..e]).is_some() || prison_entry(gaz, &text[s..e]).is_some()
        })
        .count();
    if items.len() < 2 || known * 2 < items.len() {
        return;
    }
    for it in items {
        let ((s, e), entry) = the_prison(gaz, text, &it);
        found.mentions.push(Mention {
            start: s,
            end: e,
            surface: text[s..e].to_string(),
            etype: EntityType::Prison,
            entry,
            rule: Rule::PrisonList,
        });
    }
}

/// The item of a list line starting at byte `at`: a bullet or number, a name of one to four
/// capitalised words (particles joined to them allowed), and a bracket after it; a trailing
/// comma or full stop. `None` when the line is no such item.
fn item(cx: &Context, at: usize, line: &str) -> Option<Item> {
    let rules = cx.rules;
    let body = line.trim_end_matches(['\r', ' ', '\t', ',', ';', '.']);
    // Bullets and numbers before the name.
    let lead = body.find(|c: char| c.is_alphabetic()).filter(|&k| {
        body[..k]
            .chars()
            .all(|c| c.is_whitespace() || c.is_ascii_digit() || "-–•*·.)".contains(c))
    })?;
    let (name_part, bracket_part) = match body.find('(') {
        Some(k) => {
            let close = body.rfind(')')?;
            (k > lead && close > k && body[close + 1..].trim().is_empty())
                .then_some((&body[lead..k], Some((k + 1, close))))?
        }
        None => (&body[lead..], None),
    };
    let name_trim = name_part.trim_end();
    let name = (at + lead, at + lead + name_trim.len());
    if !name_words(name_trim, rules) {
        return None;
    }
    let bracket = bracket_part.and_then(|(a, b)| {
        let inner = &body[a..b];
        let t = inner.trim();
        let off = a + (inner.len() - inner.trim_start().len());
        name_words(t, rules).then_some((at + off, at + off + t.len()))
    });
    Some(Item { name, bracket })
}

/// True for one to four words, each capitalised or a particle joined to a capitalised word, no
/// digit, no stop word, no unit word, no possessive.
fn name_words(s: &str, rules: &crate::gazetteer::RuleData) -> bool {
    let words: Vec<&str> = s.split(' ').collect();
    !s.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            let joined = w.split_once('-').is_some_and(|(p, rest)| {
                rules.particles.contains(p) && rest.chars().next().is_some_and(char::is_uppercase)
            });
            (cap || joined)
                && w.chars().all(|c| c.is_alphabetic() || "-'’".contains(c))
                && !w.ends_with("'s")
                && !w.ends_with("’s")
                && !with_folded_word(w, |f| {
                    rules.unit_words.contains(f)
                        || (rules.name_stopwords.contains(f) && f != "central")
                })
        })
}

/// Which of an item's names is the prison, and its gazetteer entry:
/// 1. the name, when the gazetteer knows it as a prison ("Sepidar (Ahvaz)");
/// 2. the bracket, when the gazetteer knows it (or it with "Prison") as a prison
///    ("Mashhad (Vakilabad)", "Isfahan (Dastgerd)");
/// 3. the bracket, when the name is a town and the bracket is not ("Khorramabad (Parsilon)");
/// 4. else the name, a town standing for its prison ("Ardabil", "Karaj Central").
fn the_prison(gaz: &Gazetteer, text: &str, it: &Item) -> ((usize, usize), Option<u32>) {
    let (s, e) = it.name;
    let name = &text[s..e];
    let is = |n: &str, t: EntityType| gaz.lookup(n).is_some_and(|i| gaz.entries[i].etype == t);
    if let Some((bs, be)) = it.bracket {
        let b = &text[bs..be];
        if !is(name, EntityType::Prison) {
            if let Some(entry) = prison_entry(gaz, b) {
                return ((bs, be), Some(entry));
            }
            if is(name, EntityType::City) && !is(b, EntityType::City) {
                return ((bs, be), None);
            }
        }
    }
    ((s, e), prison_entry(gaz, name))
}

/// The gazetteer's prison named `name`, "`name` Prison" or "`name` Central Prison" (a town's
/// name standing for its prison: "Ardabil", "Karaj Central").
pub(super) fn prison_entry(gaz: &Gazetteer, name: &str) -> Option<u32> {
    let prison = |n: &str| {
        gaz.lookup(n)
            .filter(|&i| gaz.entries[i].etype == EntityType::Prison)
    };
    prison(name)
        .or_else(|| prison(&format!("{name} Prison")))
        .or_else(|| prison(&format!("{name} Central Prison")))
        .map(|i| i as u32)
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
            mk(
                "kelvar-central-prison",
                EntityType::Prison,
                "Kelvar Central Prison",
                &[],
            ),
            mk(
                "morad-prison",
                EntityType::Prison,
                "Morad Prison",
                &["Morad"],
            ),
            mk("kelvar", EntityType::City, "Kelvar", &[]),
            mk("dorvik", EntityType::City, "Dorvik", &[]),
            mk("ostrava", EntityType::City, "Ostrava", &[]),
        ])
    }

    /// (surface, gazetteer id) of the prisons found.
    fn prisons(text: &str) -> Vec<(String, Option<String>)> {
        let g = gaz();
        extract(text, &g)
            .mentions
            .into_iter()
            .filter(|m| m.etype == EntityType::Prison)
            .map(|m| (m.surface, m.entry.map(|e| g.entries[e as usize].id.clone())))
            .collect()
    }

    #[test]
    fn towns_and_brackets_in_a_list_of_prisons() {
        let text = "The strike spread.\n\nPrisons taking part this week:\n\nVardan (Women's Ward, Wards 2 and 3)\nKelvar Central\nDorvik (Morad)\nOstrava (Zelmin)\nMorad (Dorvik)\nTorsk\n\nFamilies gathered outside.";
        let got = prisons(text);
        let id = |s: &str| Some(s.to_string());
        assert_eq!(
            got,
            vec![
                ("Vardan".into(), id("vardan-prison")),
                ("Kelvar Central".into(), id("kelvar-central-prison")),
                ("Morad".into(), id("morad-prison")),
                ("Zelmin".into(), None),
                ("Morad".into(), id("morad-prison")),
                ("Torsk".into(), None),
            ]
        );
    }

    #[test]
    fn a_list_of_people_is_not_a_list_of_prisons() {
        let text =
            "Political prisoners in these prisons signed:\nAli Rezaei\nSara Karimi\nHamid Torabi\n";
        assert!(prisons(text).is_empty(), "{:?}", prisons(text));
        // Nor is a list under a line that does not speak of prisons.
        assert!(prisons("Cities visited:\nKelvar\nDorvik\n").is_empty());
    }
}
