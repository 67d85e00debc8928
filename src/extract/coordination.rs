//! The rule `coordination`: the other names of a list that names a person are people too.
//! "Sara Amini, Zhiwar Bakhtiyari and Tarlan Vosughi", "A; B; and C", "“A”, “B” and “C”":
//! when one item of a list of comma-, semicolon- or `and`-separated names is a person found by
//! another rule, every item that is a run of two to five name words is a person. An age or a
//! note in brackets may follow an item ("A (29), B (journalist) and C"), and in a list separated
//! by semicolons a short description may ("A, a teacher from X; B, a student; and C").
//!
//! It runs after the rules that find people by themselves, on their candidates.

use super::gazetteer_hits::place_context;
use super::names::name_run;
use super::tokens::Token;
use super::{Candidates, Context, Mention, Rule};
use crate::types::EntityType;

/// Longest name taken as an item of a list.
const MAX_WORDS: usize = 5;
/// Longer than any person mention a rule makes (five words).
const MAX_NAME_BYTES: usize = 400;

pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let text = cx.text;
    let mut seeds: Vec<(usize, usize)> = found
        .mentions
        .iter()
        .filter(|m| m.etype == EntityType::Person && m.surface.contains(' '))
        .map(|m| (m.start, m.end))
        .collect();
    seeds.sort_unstable();
    seeds.dedup();
    let mut added: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    // Items found become seeds of their own: a list is followed to its end both ways.
    while k < seeds.len() + added.len() {
        let (s, e) = if k < seeds.len() {
            seeds[k]
        } else {
            added[k - seeds.len()]
        };
        k += 1;
        for item in [next_item(cx, e), previous_item(cx, s)]
            .into_iter()
            .flatten()
        {
            // `seeds` is sorted by start and names are short: only the seeds starting a little
            // before the item's end may overlap it.
            let upto = seeds.partition_point(|&(a, _)| a < item.1);
            let in_seeds = seeds[..upto]
                .iter()
                .rev()
                .take_while(|&&(a, _)| a + MAX_NAME_BYTES > item.0)
                .any(|&(_, b)| item.0 < b);
            let in_added = added.iter().any(|&(a, b)| a < item.1 && item.0 < b);
            // "In Kuhe Kaze, Rafi and ...": a place word before the item makes it a place.
            let placed = place_context(&text[..item.1], item.0, item.1, cx.rules);
            if !in_seeds && !in_added && !placed {
                added.push(item);
            }
        }
    }
    for (s, e) in added {
        found.mentions.push(Mention::rule_hit(
            text,
            s,
            e,
            EntityType::Person,
            Rule::Coordination,
        ));
    }
}

/// Index of the first token starting at or after byte `pos`.
fn token_at(tokens: &[Token], pos: usize) -> usize {
    tokens.partition_point(|t| t.start < pos)
}

/// The list item after a name that ends at byte `end`: separator, then a name.
fn next_item(cx: &Context, end: usize) -> Option<(usize, usize)> {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let rest = skip_note(&text[end..]);
    let after_sep = separator_len(rest)?;
    let start = text.len() - rest.len() + after_sep;
    let i = token_at(tokens, start);
    let t = tokens.get(i)?;
    // Only quotes between the separator and the name.
    if !text[start..t.start].chars().all(is_quote) {
        return None;
    }
    let last = name_run(text, tokens, i, MAX_WORDS, rules)?;
    let e = tokens[last].end;
    // The item ends the name: a separator, a note, or the end of the list follows.
    let after = &text[e..];
    let after = after.trim_start_matches(is_quote);
    let ends = after.is_empty()
        || after.starts_with([',', ';', '.', ')', ':', '\n', '\r', ' ', '('])
            && !starts_with_capital_word(after);
    ends.then_some((t.start, e))
}

/// The list item before a name that starts at byte `start`: a name, then a separator.
fn previous_item(cx: &Context, start: usize) -> Option<(usize, usize)> {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let before = text[..start].trim_end_matches(is_quote);
    let (sep_start, semicolon) = separator_before(before)?;
    let head = skip_note_back(&text[..sep_start], semicolon).trim_end_matches(is_quote);
    let e = head.len();
    // The tokens of the name: back over name words to the first one of the run.
    let last = tokens.partition_point(|t| t.end <= e).checked_sub(1)?;
    if tokens[last].end != e {
        return None;
    }
    let mut first = last;
    while first > 0 && last - first + 1 < MAX_WORDS {
        let p = &tokens[first - 1];
        if !super::names::single_space(&text[p.full_end..tokens[first].start])
            || !super::names::name_word(&text[p.start..p.end], p.cap, rules)
        {
            break;
        }
        first -= 1;
    }
    // The longest run from a capitalised word that ends exactly at the name's end.
    (first..last).find_map(|f| {
        (name_run(text, tokens, f, MAX_WORDS, rules) == Some(last)).then(|| (tokens[f].start, e))
    })
}

/// Length of the separator of two list items at the start of `s`: ", ", ", and ", " and ",
/// "; ", "; and ", " & " (quotes allowed around it).
fn separator_len(s: &str) -> Option<usize> {
    let t = s.trim_start_matches(is_quote);
    let lead = s.len() - t.len();
    for sep in [", and ", "; and ", ", ", "; ", " and ", " & "] {
        if let Some(r) = t.strip_prefix(sep) {
            return Some(lead + sep.len() + (r.len() - r.trim_start_matches(is_quote).len()));
        }
    }
    None
}

/// Start of the separator that ends `s`, if it ends with one, and whether it is a semicolon.
fn separator_before(s: &str) -> Option<(usize, bool)> {
    for sep in [", and ", "; and ", ", ", "; ", " and ", " & "] {
        if let Some(r) = s.strip_suffix(sep) {
            return Some((r.len(), sep.starts_with(';')));
        }
    }
    None
}

/// `s` without a leading note that may follow a list item: " (29)", " (journalist)",
/// or, before a semicolon, ", a teacher from X".
fn skip_note(s: &str) -> &str {
    let t = s.trim_start_matches(is_quote);
    if let Some(r) = t.strip_prefix(" (") {
        if let Some(close) = r.find(')') {
            if close <= 60 && !r[..close].contains('(') {
                return &r[close + 1..];
            }
        }
    }
    if let Some(r) = t.strip_prefix(", ") {
        // A description up to the semicolon that separates the items.
        if r.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit()) {
            if let Some(semi) = r.find(';') {
                let desc = &r[..semi];
                if desc.len() <= 80 && !desc.contains(['.', '\n']) {
                    return &r[semi..];
                }
            }
        }
    }
    t
}

/// [`skip_note`] backwards: `s` without a note at its end (a description only before a
/// semicolon).
fn skip_note_back(s: &str, semicolon: bool) -> &str {
    if let Some(r) = s.strip_suffix(')') {
        if let Some(open) = r.rfind(" (") {
            if r.len() - open <= 62 && !r[open + 2..].contains([')', '(']) {
                return &r[..open];
            }
        }
    }
    // "A, a teacher from X; B": the description before the semicolon.
    if !semicolon {
        return s;
    }
    if let Some(comma) = s.rfind(", ") {
        let desc = &s[comma + 2..];
        if !desc.is_empty()
            && desc.len() <= 80
            && desc.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
            && !desc.contains([';', '.', '\n'])
        {
            return &s[..comma];
        }
    }
    s
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»')
}

/// True when `s` starts with a space and a capitalised word (the name goes on: not an end).
fn starts_with_capital_word(s: &str) -> bool {
    s.strip_prefix(' ')
        .is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, found_of};
    use crate::types::EntityType;

    fn people(text: &str) -> Vec<String> {
        let mut v = found_of(text, EntityType::Person);
        v.sort();
        v
    }

    #[test]
    fn every_name_of_a_list_with_a_known_person() {
        // One given name is known ("Sara"); the others are new to any lexicon.
        assert_eq!(
            people("Those on strike include Zhiwar Bakhtiyari, Tarlan Vosughi, Sara Amini and Berkan Yazgan."),
            vec!["Berkan Yazgan", "Sara Amini", "Tarlan Vosughi", "Zhiwar Bakhtiyari"]
        );
    }

    #[test]
    fn notes_and_semicolons() {
        assert_eq!(
            people("It was signed by Zhiwar Bakhtiyari (29), Tarlan Vosughi (journalist) and Sara Amini."),
            vec!["Sara Amini", "Tarlan Vosughi", "Zhiwar Bakhtiyari"]
        );
        assert_eq!(
            people("They are Zhiwar Bakhtiyari, a baker from Saqqez; Sara Amini, a student; and Tarlan Vosughi, a nurse."),
            vec!["Sara Amini", "Tarlan Vosughi", "Zhiwar Bakhtiyari"]
        );
        assert_eq!(
            people("Inmates named them as “Zhiwar Bakhtiyari”, “Sara Amini” and “Tarlan Vosughi”."),
            vec!["Sara Amini", "Tarlan Vosughi", "Zhiwar Bakhtiyari"]
        );
    }

    #[test]
    fn an_item_after_a_place_word_is_a_place() {
        let found = people("In Kuhabad Shahr, Sara Amini and Tarlan Vosughi were detained.");
        assert!(!found.iter().any(|p| p == "Kuhabad Shahr"), "{found:?}");
    }

    #[test]
    fn places_in_a_list_stay_places() {
        let f = found("Sara Amini, Evin Prison and Amnesty International were named.");
        assert!(f
            .iter()
            .all(|(s, t, _)| *t != EntityType::Person || s == "Sara Amini"));
    }
}
