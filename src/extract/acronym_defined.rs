//! The rule `acronym_defined` (after selection): an acronym in brackets right after an
//! organization's name is that organization: "the Egyptian Initiative for Personal Rights
//! (EIPR)", "the Dicle Fırat Journalists Association (DFG)". The acronym is then that
//! organization wherever else the document uses it ("EIPR said ..."). When no rule found the
//! name before the bracket, capitalised words whose initials spell the acronym are the name
//! ("Iran Human Rights (IHR)"). An acronym the document uses without brackets is also the
//! organization whose name there it spells ("The NCHR did not reply" in a report that names the
//! National Council for Human Rights): three letters at least, the initials of its capitalised
//! words.
//!
//! [`link`] tells resolution that the name and its acronym are one entity.

use super::{overlaps_any, Context, Mention, Rule};
use crate::types::EntityType;

pub(super) fn recognise(cx: &Context, mentions: &mut Vec<Mention>) {
    let Context { text, tokens, .. } = *cx;
    let bytes = text.as_bytes();
    // Acronyms defined here: (acronym, type, entry).
    let mut defined: Vec<(String, EntityType, Option<u32>)> = Vec::new();
    let mut added = Vec::new();
    for open in memchr::memchr_iter(b'(', bytes) {
        let Some((a, b)) = bracketed_acronym(text, open) else {
            continue;
        };
        if open == 0 || bytes[open - 1] != b' ' {
            continue;
        }
        let name_end = open - 1;
        let acronym = &text[a..b];
        // The name: a mention that ends before the bracket, or words whose initials spell it.
        let k = mentions.partition_point(|m| m.end < name_end);
        let long = match mentions.get(k) {
            Some(m) if m.end == name_end => {
                if !matches!(m.etype, EntityType::Organization | EntityType::Prison)
                    || !same_initial(&m.surface, acronym)
                {
                    continue;
                }
                (m.etype, m.entry)
            }
            _ => {
                let Some(s) = spelled_by_initials(cx, name_end, acronym) else {
                    continue;
                };
                // Words the name is made of may be mentions of their own ("Iran"): the name
                // replaces them, unless one reaches outside it.
                let crossing = mentions
                    .iter()
                    .any(|m| m.start < name_end && m.end > s && (m.start < s || m.end > name_end));
                if crossing {
                    continue;
                }
                mentions.retain(|m| !(m.start >= s && m.end <= name_end));
                added.push(Mention::rule_hit(
                    text,
                    s,
                    name_end,
                    EntityType::Organization,
                    Rule::AcronymDefined,
                ));
                (EntityType::Organization, None)
            }
        };
        if !defined.iter().any(|d| d.0 == acronym) {
            defined.push((acronym.to_string(), long.0, long.1));
        }
    }
    mentions.append(&mut added);
    mentions.sort_by_key(|m| (m.start, m.end));
    for m in mentions.iter() {
        if let Some(a) = initials(m) {
            if !defined.iter().any(|d| d.0 == a) {
                defined.push((a, m.etype, m.entry));
            }
        }
    }
    if defined.is_empty() {
        return;
    }
    // Every use of a defined acronym.
    for t in tokens {
        // Every defined acronym starts with an ASCII capital (`is_acronym`, `initials`): other
        // words are skipped before comparing them with each.
        if !text.as_bytes()[t.start].is_ascii_uppercase() {
            continue;
        }
        let w = &text[t.start..t.end];
        let Some((_, etype, entry)) = defined.iter().find(|d| d.0 == w) else {
            continue;
        };
        if overlaps_any(mentions, t.start, t.end) || added.iter().any(|m| m.start == t.start) {
            continue;
        }
        added.push(Mention {
            start: t.start,
            end: t.end,
            surface: w.to_string(),
            etype: *etype,
            entry: *entry,
            rule: Rule::AcronymDefined,
        });
    }
    if !added.is_empty() {
        mentions.append(&mut added);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}

/// The span of an acronym alone in the brackets opened at byte `open`: "(EIPR)", "(DFG)".
fn bracketed_acronym(text: &str, open: usize) -> Option<(usize, usize)> {
    let a = open + 1;
    let close = a + text.get(a..(a + 12).min(text.len()))?.find(')')?;
    let inner = &text[a..close];
    is_acronym(inner).then_some((a, close))
}

/// Two to eight capitals (digits and '&' inside allowed), starting with a capital.
fn is_acronym(s: &str) -> bool {
    let caps = s.chars().filter(char::is_ascii_uppercase).count();
    (2..=8).contains(&s.len())
        && caps >= 2
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&')
}

/// True when the acronym starts with the name's first letter ("Dicle ... (DFG)"), a leading
/// "the" aside.
fn same_initial(name: &str, acronym: &str) -> bool {
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    let first = crate::text::fold(&name.chars().take(1).collect::<String>());
    let a = acronym.chars().next().map(|c| c.to_ascii_lowercase());
    first.chars().next() == a
}

/// The start of the capitalised words ending at byte `end` whose initials spell `acronym`
/// ("Iran Human Rights" for IHR), small words (of, for, and, the, on, in) between them
/// allowed; two words at least.
fn spelled_by_initials(cx: &Context, end: usize, acronym: &str) -> Option<usize> {
    let Context { text, tokens, .. } = *cx;
    let letters: Vec<char> = acronym.chars().filter(char::is_ascii_alphabetic).collect();
    let mut k = tokens.partition_point(|t| t.end < end);
    if tokens.get(k).is_none_or(|t| t.end != end) || letters.len() < 2 {
        return None;
    }
    let mut need = letters.len();
    let mut start = None;
    loop {
        let t = &tokens[k];
        let w = &text[t.start..t.end];
        if t.cap {
            let c = w.chars().next()?;
            if need == 0 || c.to_ascii_uppercase() != letters[need - 1] {
                return None;
            }
            need -= 1;
            start = Some(t.start);
            if need == 0 {
                break;
            }
        } else if !matches!(w, "of" | "for" | "and" | "the" | "on" | "in") || start.is_none() {
            return None;
        }
        if k == 0 || &text[tokens[k - 1].full_end..t.start] != " " || tokens[k - 1].possessive {
            return None;
        }
        k -= 1;
    }
    start
}

/// The initials of an organization's name of three capitalised words or more ("NCHR" of
/// "National Council for Human Rights"; small words skipped).
fn initials(m: &Mention) -> Option<String> {
    if m.etype != EntityType::Organization {
        return None;
    }
    let mut out = String::new();
    for w in m.surface.split([' ', '-']) {
        match w.chars().next() {
            Some(c) if c.is_uppercase() => out.push(c.to_ascii_uppercase()),
            _ if matches!(w, "of" | "for" | "and" | "the" | "on" | "in") => {}
            _ => return None,
        }
    }
    (out.len() >= 3 && out.chars().all(|c| c.is_ascii_uppercase())).then_some(out)
}

/// Pairs of an organization's (or prison's) name and the acronym in brackets right after it,
/// and of an organization's name and the document's mentions of its initials.
pub(super) fn link(cx: &Context, mentions: &[Mention], same: &mut Vec<(usize, usize)>) {
    let text = cx.text;
    for (i, m) in mentions.iter().enumerate() {
        let Some(a) = initials(m) else {
            continue;
        };
        for (j, n) in mentions.iter().enumerate() {
            if n.etype == m.etype && n.surface == a {
                same.push((i, j));
            }
        }
    }
    for (i, pair) in mentions.windows(2).enumerate() {
        let (m, a) = (&pair[0], &pair[1]);
        if m.etype == a.etype
            && matches!(m.etype, EntityType::Organization | EntityType::Prison)
            && a.start == m.end + 2
            && &text[m.end..a.start] == " ("
            && text[a.end..].starts_with(')')
            && is_acronym(&a.surface)
        {
            same.push((i, i + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::extract;
    use super::super::testing::gaz;
    use crate::types::EntityType;

    #[test]
    fn an_acronym_in_brackets_is_the_organization_before_it() {
        let text = "The Qatara Institute for Rights and Democracy (QIRD) published the letter. QIRD said it had checked it.";
        let ex = extract(text, &gaz());
        let orgs: Vec<&str> = ex
            .mentions
            .iter()
            .filter(|m| m.etype == EntityType::Organization)
            .map(|m| m.surface.as_str())
            .collect();
        assert_eq!(
            orgs,
            ["Qatara Institute for Rights and Democracy", "QIRD", "QIRD"]
        );
        assert_eq!(ex.same, [(0, 1), (0, 2)]);
    }

    #[test]
    fn initials_find_a_name_no_rule_found() {
        let text = "According to Lumen Rights Watchers (LRW), three men were moved.";
        let ex = extract(text, &gaz());
        let got: Vec<(&str, EntityType)> = ex
            .mentions
            .iter()
            .map(|m| (m.surface.as_str(), m.etype))
            .collect();
        assert_eq!(
            got,
            [
                ("Lumen Rights Watchers", EntityType::Organization),
                ("LRW", EntityType::Organization)
            ]
        );
        assert_eq!(ex.same, [(0, 1)]);
    }

    #[test]
    fn initials_of_a_name_the_document_gives() {
        let text =
            "He wrote to the Dorvik Council for Prison Reform. The DCPR did not reply; the DC did.";
        let ex = extract(text, &gaz());
        let got: Vec<&str> = ex.mentions.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(got, ["Dorvik Council for Prison Reform", "DCPR"]);
        assert_eq!(ex.same, [(0, 1)]);
    }

    #[test]
    fn a_bracket_that_is_no_acronym_of_the_name_is_left_alone() {
        // Another first letter, and a person's name.
        let ex = extract(
            "The Qatara Institute for Rights (UN) met. Mr. Ali Karimi (AK) spoke.",
            &gaz(),
        );
        assert!(ex.same.is_empty(), "{:?}", ex.mentions);
        assert!(!ex.mentions.iter().any(|m| m.surface == "AK"));
    }
}
