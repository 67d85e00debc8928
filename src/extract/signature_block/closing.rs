//! Closing lines: the date and place written under the names of a letter ("Wednesday, 8 March
//! 2023, Evin Prison", "Women's ward, Lakan Prison, Rasht", "12 Azar 1402 (3 December 2023)",
//! "Wadi al-Natroun, 28 November 2023").

use super::Seen;
use crate::dates::{find_dates, written_equivalent, PartialDate};
use crate::extract::names::name_word;
use crate::extract::tokens::tokenize;
use crate::extract::Context;
use crate::gazetteer::RuleData;
use crate::types::EntityType;

/// Longest closing line, in characters.
const MAX_CHARS: usize = 80;

/// Most words of a closing line that are neither dates nor known places nor place words: the
/// name of a place the gazetteer lacks, written with a date ("Wadi al-Natroun, 28 November").
const MAX_UNKNOWN: usize = 3;

/// What a closing line gives its block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Closing {
    /// Its date: the Gregorian date written beside one of another calendar, if any.
    pub(super) date: Option<PartialDate>,
    /// True when it names a prison: the block's affiliation.
    pub(super) prison: bool,
}

/// A closing line at `[s, e)`: a short line made of a date (at most one, or one with its
/// Gregorian equivalent), weekdays, places that other rules found (prisons, cities,
/// countries), place words (`ward`, `hall`: `place` in `signature_words.tsv`) and the words
/// before them ("Women's ward", "Penal Colony"), numbers and a few small words ("of", "No.");
/// with a date, also up to [`MAX_UNKNOWN`] capitalised words that no rule takes for a person.
/// It needs a date or a place.
pub(super) fn closing_line(cx: &Context, seen: &Seen, s: usize, e: usize) -> Option<Closing> {
    let text = cx.text;
    let rules = cx.rules;
    let line = &text[s..e];
    if line.len() > 4 * MAX_CHARS || line.chars().count() > MAX_CHARS {
        return None;
    }
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let mut date = None;
    // Every date has a day or a year in digits.
    if line.bytes().any(|b| b.is_ascii_digit()) {
        let ds = find_dates(line, rules);
        let k = match ds.len() {
            0 => None,
            1 => Some(0),
            2 => Some(written_equivalent(&ds, 0).or_else(|| written_equivalent(&ds, 1))?),
            _ => return None,
        };
        date = k.map(|k| ds[k].date);
        covered.extend(ds.iter().map(|d| (s + d.start, s + d.end)));
    }
    let mut place = false;
    let mut prison = false;
    for &(ps, pe, t) in seen.places_in(s, e) {
        covered.push((ps, pe));
        place = true;
        prison |= t == EntityType::Prison;
    }
    let toks = tokenize(text, s, e);
    let mut unknown = 0;
    for (k, t) in toks.iter().enumerate() {
        if covered.iter().any(|&(a, b)| a <= t.start && t.end <= b) {
            continue;
        }
        let w = &text[t.start..t.end];
        if w.bytes().all(|b| b.is_ascii_digit()) || rules.weekdays.get_word(w).is_some() {
            continue;
        }
        match word_kind(w, rules) {
            Some("place") => {
                place = true;
                continue;
            }
            Some("connector") => continue,
            _ => {}
        }
        if rules.prison_words.contains_word(w) {
            place = true;
            prison = true;
            continue;
        }
        // "Women's ward", "Penal Colony": a word before a place word.
        let before_place = toks.get(k + 1).is_some_and(|n| {
            let nw = &text[n.start..n.end];
            word_kind(nw, rules) == Some("place") || rules.prison_words.contains_word(nw)
        });
        if before_place {
            continue;
        }
        // A capitalised word, or a particle joined to one ("al-Natroun").
        if name_word(w, t.cap, rules) {
            unknown += 1;
            continue;
        }
        return None;
    }
    if unknown > 0 && (date.is_none() || unknown > MAX_UNKNOWN || seen.person_in(s, e)) {
        return None;
    }
    if date.is_none() && !place {
        return None;
    }
    Some(Closing { date, prison })
}

/// The kind of a word in `signature_words.tsv`.
fn word_kind<'r>(w: &str, rules: &'r RuleData) -> Option<&'r str> {
    rules.signature_words.get_word(w).map(String::as_str)
}
