//! Dates as articles write them.
//!
//! [`find_dates`] finds:
//! - dates with a month name: "December 18, 2016", "23 November 2016", "18 Dec",
//!   "Saturday, December 17", "December 18", "June 3rd", "January 22nd, 2025",
//!   "3rd June 2023", "the 3rd of June";
//! - dates in digits: `24.02.2025` and `24/02/2025`, ISO `2025-01-20`, and either followed by a
//!   time (`2023-08-21 09:14`, `24.02.2025 14:05`);
//! - Solar Hijri (Iranian) and Hijri (lunar) dates written in Latin letters, "12 Azar 1402",
//!   "22 Sha'ban 1445 AH", "Sha'ban 22, 1445", converted to the Gregorian calendar
//!   ([`DateMatch::calendar`] tells which calendar the text wrote).
//!
//! Month, weekday and era names are data: the gazetteer's rule files `months.tsv`,
//! `weekdays.tsv`, `months_solar_hijri.tsv` and `months_hijri.tsv`, where other languages'
//! names and other spellings are added.
//!
//! **Day first.** `03.04.2024` and `03/04/2024` are 3 April 2024: the sites that write about
//! political prisoners (European, Iranian and Arab ones, in English or translated) write the
//! day first. A US month-first date would be misread, and one that is impossible day first
//! (`02/24/2025`) is not taken as a date at all; nor is any impossible date (`31.04.2024`).
//! Two-digit years (`24.02.25`) are not dates (they are as often versions or scores).
//!
//! **Other calendars.** Conversions use `calendrical_calculations`, the calendar arithmetic of
//! ICU4X. The Solar Hijri calendar is computed by the 33-year rule with the corrections that
//! make it agree with the astronomical calendar Iran uses (exact from 1178 to 3000 AP). The
//! Hijri calendar is computed by the tabular (civil) rule, which can differ **by a day or two**
//! from the calendar a country follows (Umm al-Qura in Saudi Arabia, sighting of the moon
//! elsewhere): when the text also writes the Gregorian date ("12 Azar 1402 (3 December 2023)",
//! "22 Sha'ban 1445, which corresponds to March 3, 2024"), both are found and
//! [`written_equivalent`] pairs them; callers use the written one. A Solar Hijri or Hijri
//! date needs its day, month and year; a year alone with its era ("1445 AH") is found by
//! [`find_era_years`].
//!
//! **The article's own date.** [`dateline`] finds the publication date in the first lines of
//! an article; [`complete_year`] gives a date written without a year the year that puts it on
//! or before that date; [`weekday_on_or_before`] resolves "on Saturday".

use calendrical_calculations::rata_die::RataDie;
use calendrical_calculations::{gregorian, islamic, persian};
use rustc_hash::FxHashMap;

use crate::gazetteer::RuleData;

mod calendar;
use crate::text::{
    capitalised_words, floor_boundary, fold, is_word_byte_before, is_word_char_at, word_before,
    words, words_from,
};
use calendar::*;
pub use calendar::{
    hijri_to_gregorian, solar_hijri_to_gregorian, to_gregorian, Calendar, CalendarNames,
};

/// A date found in text, possibly without a year or a day.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
    /// 0 = Monday, when the text names the weekday.
    pub weekday: Option<u32>,
}

impl PartialDate {
    /// ISO form, as far as it is known: `2016-12-18`, `2016-12`, or `None` without a year.
    pub fn iso(&self) -> Option<String> {
        let y = self.year?;
        Some(match self.day {
            Some(d) => format!("{y:04}-{:02}-{d:02}", self.month),
            None => format!("{y:04}-{:02}", self.month),
        })
    }

    /// Fills in a missing year: the year among `candidates` (closest to `around` first) whose
    /// calendar agrees with the weekday, when one is named; else `fallback`.
    pub fn with_year(mut self, fallback: Option<i32>) -> PartialDate {
        if self.year.is_some() {
            return self;
        }
        if let (Some(wd), Some(day), Some(around)) = (self.weekday, self.day, fallback) {
            for delta in 0..12 {
                for y in [around - delta, around + delta] {
                    if weekday(y, self.month, day) == Some(wd) {
                        self.year = Some(y);
                        return self;
                    }
                }
            }
        }
        self.year = fallback;
        self
    }

    /// Fills in a missing year from the article's usual year; else, when the text names the
    /// weekday, the year nearest the collection's usual year whose calendar agrees ("on
    /// Saturday, December 17" in a collection of 2016 articles is 2016). A month and day alone
    /// stay without a year: the collection's year is a guess, wrong for one that spans years.
    pub fn with_year_in(self, article: Option<i32>, collection: Option<i32>) -> PartialDate {
        let date = self.with_year(article);
        if date.year.is_none() && date.weekday.is_some() && date.day.is_some() {
            date.with_year(collection)
        } else {
            date
        }
    }

    /// A full date without a weekday.
    fn ymd(y: i32, m: u32, d: u32) -> PartialDate {
        PartialDate {
            year: Some(y),
            month: m,
            day: Some(d),
            weekday: None,
        }
    }

    /// True when the year, the month and the day are known.
    pub fn is_full(&self) -> bool {
        self.year.is_some() && self.day.is_some()
    }

    /// The day number of a full, possible date.
    fn fixed(&self) -> Option<RataDie> {
        fixed(self.year?, self.month, self.day?)
    }
}

/// Day of the week (0 = Monday) of a date, or `None` for an impossible date.
pub fn weekday(y: i32, m: u32, d: u32) -> Option<u32> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    // Sakamoto's method, 0 = Sunday.
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let yy = if m < 3 { y - 1 } else { y };
    let w = (yy + yy / 4 - yy / 100 + yy / 400 + T[m as usize - 1] + d as i32).rem_euclid(7);
    Some(((w + 6) % 7) as u32)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// A date found in a text, with its byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMatch {
    pub start: usize,
    pub end: usize,
    /// The date, in the Gregorian calendar (converted when the text wrote another one).
    pub date: PartialDate,
    /// The calendar the text wrote the date in.
    pub calendar: Calendar,
}

/// Finds the dates in `text` (byte spans into `text`), in text order.
///
/// Month names count only capitalised ("May" is also a verb): only the capitalised words are
/// looked up, and the words around a month are found from it. Dates in digits and dates of the
/// other calendars (which always have a year in digits) are found from the numbers of the
/// text, found 32 bytes at a time (about 13 ms for 100 MB of news text, a tenth of the time of
/// the month names' pass); one that overlaps a date with a month name is left out.
pub fn find_dates(text: &str, rules: &RuleData) -> Vec<DateMatch> {
    let named = month_dates(text, rules);
    let numbered = digit_dates(text, rules);
    if numbered.is_empty() {
        return named;
    }
    // The dates with a month name by start, and the furthest end of the first k of them: a
    // date in digits overlaps one of them when one that starts before its end ends after its
    // start.
    let mut spans: Vec<(usize, usize)> = named.iter().map(|d| (d.start, d.end)).collect();
    spans.sort_unstable();
    let furthest: Vec<usize> = spans
        .iter()
        .scan(0, |m, s| {
            *m = s.1.max(*m);
            Some(*m)
        })
        .collect();
    let overlaps = |d: &DateMatch| {
        let k = spans.partition_point(|s| s.0 < d.end);
        k > 0 && furthest[k - 1] > d.start
    };
    // Merged by start, each list keeping its order.
    let mut out = Vec::with_capacity(named.len() + numbered.len());
    let mut named = named.into_iter().peekable();
    for d in numbered.into_iter().filter(|d| !overlaps(d)) {
        while let Some(n) = named.next_if(|n| n.start <= d.start) {
            out.push(n);
        }
        out.push(d);
    }
    out.extend(named);
    out
}

/// The dates with a month name of the Gregorian calendar.
fn month_dates(text: &str, rules: &RuleData) -> Vec<DateMatch> {
    let word = |s: (usize, usize)| &text[s.0..s.1];
    let mut out = Vec::new();
    for cur in capitalised_words(text) {
        // Most capitalised words are rejected by their first letter alone (in `get_word`).
        let Some(&month) = rules.months.get_word(word(cur)) else {
            continue;
        };
        // Month first: "December 18, 2016", "December 18", "December 2016".
        let mut start = cur.0;
        let mut end = cur.1;
        let mut day = None;
        let mut year = None;
        let mut weekday = None;
        let mut ahead = words_from(text, cur.1);
        let mut next = ahead.next();
        if let Some(d) = next.and_then(|s| parse_day(word(s))) {
            day = Some(d);
            end = next.expect("parsed").1;
            next = ahead.next();
        }
        if let Some(y) = next.and_then(|s| parse_year(word(s))) {
            year = Some(y);
            end = next.expect("parsed").1;
        }
        // "18 December 2016": a day before the month.
        let before = word_before(text, cur.0);
        let mut day_before = false;
        if let (None, Some(p)) = (day, before) {
            if let Some(d) = parse_day(word(p)) {
                if gap_is_space(text, p.1, cur.0) {
                    day = Some(d);
                    start = p.0;
                    day_before = true;
                }
            }
        }
        // "the 3rd of June": an ordinal, "of", the month.
        let mut ordinal_of = None;
        if let (None, Some(p)) = (day, before) {
            if word(p).eq_ignore_ascii_case("of") && gap_is_space(text, p.1, cur.0) {
                if let Some(o) = word_before(text, p.0).filter(|o| gap_is_space(text, o.1, p.0)) {
                    if let Some(d) = parse_ordinal(word(o)) {
                        day = Some(d);
                        start = o.0;
                        ordinal_of = Some(o);
                    }
                }
            }
        }
        // A weekday just before: "Saturday, December 17".
        let prev = if day_before {
            before.and_then(|p| word_before(text, p.0))
        } else if let Some(o) = ordinal_of {
            word_before(text, o.0)
        } else {
            before
        };
        if let Some(p) = prev {
            if let Some(wd) = rules.weekdays.get_word(word(p)).copied() {
                weekday = Some(wd);
                start = p.0;
            }
        }
        // A month name alone is not a date ("May" is also a verb).
        if day.is_some() || year.is_some() {
            out.push(DateMatch {
                start,
                end,
                date: PartialDate {
                    year,
                    month,
                    day,
                    weekday,
                },
                calendar: Calendar::Gregorian,
            });
        }
    }
    out
}

fn gap_is_space(text: &str, a: usize, b: usize) -> bool {
    text[a..b].chars().all(|c| c == ' ' || c == '\u{a0}')
}

fn parse_day(w: &str) -> Option<u32> {
    let w = w
        .trim_end_matches(',')
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// A day written as an ordinal: "3rd", "22nd", "1st", "18th".
fn parse_ordinal(w: &str) -> Option<u32> {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = w[digits..].to_ascii_lowercase();
    (matches!(digits, 1 | 2) && matches!(suffix.as_str(), "st" | "nd" | "rd" | "th"))
        .then(|| parse_day(&w[..digits]))
        .flatten()
}

fn parse_year(w: &str) -> Option<i32> {
    let y: i32 = w.trim_end_matches(',').parse().ok()?;
    (w.trim_end_matches(',').len() == 4 && (1900..=2100).contains(&y)).then_some(y)
}

/// Four-digit years (1900–2100) written in `text`.
pub fn years_in(text: &str) -> Vec<i32> {
    words(text)
        .filter_map(|(a, b)| parse_year(&text[a..b]))
        .collect()
}

/// The first ASCII digit of `b` at or after `i`.
fn next_digit(b: &[u8], mut i: usize) -> Option<usize> {
    // A block at a time over the blocks with no digit (most of a text): the test of a whole
    // block, with no early exit, compiles to vector compares.
    const BLOCK: usize = 32;
    while let Some(block) = b.get(i..i + BLOCK) {
        if block.iter().fold(false, |any, &c| any | c.is_ascii_digit()) {
            break;
        }
        i += BLOCK;
    }
    let k = b.get(i..)?.iter().position(u8::is_ascii_digit)?;
    Some(i + k)
}

/// The end of the run of ASCII digits at byte `i` of `b` (`i` when there is none).
fn digits_end(b: &[u8], i: usize) -> usize {
    i + b
        .get(i..)
        .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
}

/// The value of the digits `b[a..e]` (at most nine).
fn number(b: &[u8], a: usize, e: usize) -> u32 {
    b[a..e].iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0'))
}

/// True when the number at byte `i` continues one before it ("1.24.02.2025", "5/24/02/2025"):
/// a separator with a digit before it.
fn continues_a_number(b: &[u8], i: usize) -> bool {
    i >= 2 && matches!(b[i - 1], b'.' | b'/' | b'-' | b':') && b[i - 2].is_ascii_digit()
}

/// True when a number may end at byte `e` of `text`: no letter or digit follows, nor a
/// separator and a digit ("24.02.2025.1").
fn number_ends(text: &str, e: usize) -> bool {
    let b = text.as_bytes();
    match b.get(e) {
        None => true,
        Some(b'.' | b'/' | b'-' | b':') => !b.get(e + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => !is_word_char_at(text, e),
    }
}

/// The end of a time written after a date that ends at byte `e`: " 09:14", "T09:14:30",
/// ", 14:05".
fn time_after(text: &str, e: usize) -> Option<usize> {
    let b = text.as_bytes();
    let h = match b.get(e..e + 2)? {
        [b'T' | b' ', c] if c.is_ascii_digit() => e + 1,
        [b',', b' '] => e + 2,
        _ => return None,
    };
    let h_end = digits_end(b, h);
    if !matches!(h_end - h, 1 | 2) || number(b, h, h_end) > 23 || b.get(h_end) != Some(&b':') {
        return None;
    }
    let mut end = h_end;
    // Minutes, then perhaps seconds.
    for k in 0..2 {
        if b.get(end) != Some(&b':') {
            break;
        }
        let m_end = digits_end(b, end + 1);
        if m_end - (end + 1) != 2 || number(b, end + 1, m_end) > 59 {
            if k == 0 {
                return None;
            }
            break;
        }
        end = m_end;
    }
    number_ends(text, end).then_some(end)
}

/// "24.02.2025", "24/02/2025" (day first): the date and its end, the number `b[p..q]` being
/// its day.
fn day_first(text: &str, p: usize, q: usize) -> Option<(PartialDate, usize)> {
    let b = text.as_bytes();
    let sep = *b.get(q)?;
    let m_end = digits_end(b, q + 1);
    if !matches!(m_end - (q + 1), 1 | 2) || b.get(m_end) != Some(&sep) {
        return None;
    }
    let y_end = digits_end(b, m_end + 1);
    if y_end - (m_end + 1) != 4 {
        return None;
    }
    let (d, m) = (number(b, p, q), number(b, q + 1, m_end));
    let y = number(b, m_end + 1, y_end) as i32;
    dated_number(text, y, m, d, y_end)
}

/// "2025-01-20" (ISO): the date and its end, the number `b[p..q]` being its year.
fn iso(text: &str, p: usize, q: usize) -> Option<(PartialDate, usize)> {
    let b = text.as_bytes();
    let m_end = digits_end(b, q + 1);
    if m_end - (q + 1) != 2 || b.get(m_end) != Some(&b'-') {
        return None;
    }
    let d_end = digits_end(b, m_end + 1);
    if d_end - (m_end + 1) != 2 {
        return None;
    }
    let (m, d) = (number(b, q + 1, m_end), number(b, m_end + 1, d_end));
    dated_number(text, number(b, p, q) as i32, m, d, d_end)
}

/// A date in digits that ends at byte `e` (then perhaps a time): the date, if possible, and
/// the end with the time.
fn dated_number(text: &str, y: i32, m: u32, d: u32, e: usize) -> Option<(PartialDate, usize)> {
    if !(1900..=2100).contains(&y) || weekday(y, m, d).is_none() {
        return None;
    }
    let end = match time_after(text, e) {
        Some(t) => t,
        None if number_ends(text, e) => e,
        None => return None,
    };
    Some((PartialDate::ymd(y, m, d), end))
}

/// Years that a Solar Hijri or a Hijri date may have (Gregorian 1853 to 2111).
const OTHER_YEARS: std::ops::RangeInclusive<u32> = 1270..=1530;

/// A Solar Hijri or Hijri date whose year is the number `b[p..q]`: "12 Azar 1402",
/// "Sha'ban 22, 1445 AH", "Tuesday 12 Azar 1402".
fn calendar_date(text: &str, rules: &RuleData, p: usize, q: usize) -> Option<DateMatch> {
    let names = &rules.calendar_names;
    let b = text.as_bytes();
    if names.is_empty() || q - p != 4 || !OTHER_YEARS.contains(&number(b, p, q)) {
        return None;
    }
    let word = |s: (usize, usize)| &text[s.0..s.1];
    // The era may be written against the year ("1445AH").
    let glued = is_word_char_at(text, q)
        .then(|| names.era_at(text, q, None))
        .flatten();
    if glued.is_none() && !number_ends(text, q) {
        return None;
    }
    let w1 = word_before(text, p)?;
    // A space, or a comma and a space, between the month or the day and the year.
    let gap = &text[w1.1..p];
    let gap = gap.strip_prefix(',').unwrap_or(gap);
    if gap.is_empty() || !gap.chars().all(|c| c == ' ' || c == '\u{a0}') {
        return None;
    }
    // "12 Azar 1402": the month ends just before the year, the day before the month.
    let day_month = names
        .name_ending_at(text, w1)
        .filter(|&(_, m, _)| m > 0)
        .and_then(|(cal, m, ms)| {
            let dw = word_before(text, ms).filter(|dw| gap_is_space(text, dw.1, ms))?;
            Some((cal, m, parse_day(word(dw))?, dw.0))
        });
    // "Sha'ban 22, 1445": the day just before the year, the month before the day.
    let month_day = || {
        let d = parse_day(word(w1))?;
        let mw = word_before(text, w1.0).filter(|mw| gap_is_space(text, mw.1, w1.0))?;
        let (cal, m, ms) = names.name_ending_at(text, mw).filter(|&(_, m, _)| m > 0)?;
        Some((cal, m, d, ms))
    };
    let (cal, m, d, mut start) = day_month.or_else(month_day)?;
    let mut date = to_gregorian(cal, number(b, p, q) as i32, m, d)?;
    let end = match glued {
        Some((c, e)) if c == cal => e,
        Some(_) => return None,
        None => names.era_at(text, q, Some(cal)).map_or(q, |(_, e)| e),
    };
    if let Some(w) = word_before(text, start) {
        if let Some(&wd) = rules.weekdays.get_word(word(w)) {
            date.weekday = Some(wd);
            start = w.0;
        }
    }
    Some(DateMatch {
        start,
        end,
        date,
        calendar: cal,
    })
}

/// The numbers of `text` that no letter or digit stands before: their spans, in order.
fn numbers(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || loop {
        let p = next_digit(b, i)?;
        let q = digits_end(b, p);
        i = q;
        // A number inside a word ("H2O", "x86") starts nothing.
        if p > 0
            && (b[p - 1].is_ascii_alphanumeric()
                || (b[p - 1] >= 0x80 && is_word_byte_before(text, p)))
        {
            continue;
        }
        return Some((p, q));
    })
}

/// Dates in digits and dates of the other calendars, in text order, not overlapping.
fn digit_dates(text: &str, rules: &RuleData) -> Vec<DateMatch> {
    let b = text.as_bytes();
    let mut out: Vec<DateMatch> = Vec::new();
    let mut past = 0;
    for (p, q) in numbers(text) {
        if p < past {
            continue;
        }
        let digits = match (q - p, b.get(q)) {
            (1 | 2, Some(b'.' | b'/')) if !continues_a_number(b, p) => day_first(text, p, q),
            (4, Some(b'-')) if !continues_a_number(b, p) => iso(text, p, q),
            _ => None,
        };
        let found = match digits {
            Some((date, end)) => {
                let mut m = DateMatch {
                    start: p,
                    end,
                    date,
                    calendar: Calendar::Gregorian,
                };
                // A weekday just before: "Monday 24.02.2025".
                if let Some(w) = word_before(text, p) {
                    if let Some(&wd) = rules.weekdays.get_word(&text[w.0..w.1]) {
                        m.date.weekday = Some(wd);
                        m.start = w.0;
                    }
                }
                Some(m)
            }
            None if q - p == 4 => calendar_date(text, rules, p, q),
            None => None,
        };
        if let Some(m) = found {
            if out.last().is_none_or(|l| l.end <= m.start) {
                past = m.end;
                out.push(m);
            }
        }
    }
    out
}

/// A year written with its era: "1445 AH", "1402 SH", "1445H".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EraYear {
    pub start: usize,
    pub end: usize,
    pub calendar: Calendar,
    /// The year as written, in its calendar.
    pub year: i32,
    /// Its first and last days in the Gregorian calendar.
    pub first: PartialDate,
    pub last: PartialDate,
}

/// The years of the Solar Hijri and the Hijri calendars written with their era ("1445 AH",
/// "1402 SH"), also those that end a full date ("22 Sha'ban 1445 AH").
pub fn find_era_years(text: &str, rules: &RuleData) -> Vec<EraYear> {
    let names = &rules.calendar_names;
    let b = text.as_bytes();
    let mut out = Vec::new();
    if names.is_empty() {
        return out;
    }
    for (p, q) in numbers(text) {
        if q - p != 4 || !OTHER_YEARS.contains(&number(b, p, q)) || continues_a_number(b, p) {
            continue;
        }
        let Some((cal, end)) = names.era_at(text, q, None) else {
            continue;
        };
        if !number_ends(text, end) && is_word_char_at(text, end) {
            continue;
        }
        let y = number(b, p, q) as i32;
        let first = to_gregorian(cal, y, 1, 1);
        let next = to_gregorian(cal, y + 1, 1, 1);
        let last = next.and_then(|n| from_fixed(n.fixed()? - 1));
        if let (Some(first), Some(last)) = (first, last) {
            out.push(EraYear {
                start: p,
                end,
                calendar: cal,
                year: y,
                first,
                last,
            });
        }
    }
    out
}

/// For a date converted from another calendar (`matches[i]`, from [`find_dates`]), the
/// Gregorian date that the text writes beside it, when there is one: "12 Azar 1402
/// (3 December 2023)", "dated 22 Sha'ban 1445, which corresponds to March 3, 2024". That is
/// the nearest full Gregorian date within 120 bytes before or after it that is no more than
/// two days from the conversion (the Hijri conversion may be that far off). Callers use it
/// rather than the conversion.
pub fn written_equivalent(matches: &[DateMatch], i: usize) -> Option<usize> {
    const NEAR: usize = 120;
    let m = matches.get(i)?;
    if m.calendar == Calendar::Gregorian {
        return None;
    }
    let f = m.date.fixed()?;
    matches
        .iter()
        .enumerate()
        .filter(|(_, g)| g.calendar == Calendar::Gregorian)
        .filter_map(|(j, g)| {
            let gap = if g.start >= m.end {
                g.start - m.end
            } else if m.start >= g.end {
                m.start - g.end
            } else {
                return None;
            };
            let days = (g.date.fixed()? - f).abs();
            (gap <= NEAR && days <= 2).then_some((gap, j))
        })
        .min()
        .map(|(_, j)| j)
}

/// How many non-empty lines at the top of an article [`dateline`] reads.
const DATELINE_LINES: usize = 8;

/// The publication date of an article, from its first lines: the first full date (year,
/// month and day) that is the start of its line, or is written after
/// - a byline or a header ending with a separator ("By staff writer | 10 March 2023 |
///   3 min read", "2025 · 24.02.2025 14:05 · News");
/// - a place in capitals and a comma ("KARAJ, 2 July 2024 —", "Zahedan, 27 November 2024");
/// - a lead of `dateline_leads.txt` ("Posted on 9 December 2024 in News", "Published
///   2023-08-21 · Updated ...", "Posted on: January 22nd, 2025").
///
/// A weekday may come first ("Wednesday, 21 February 2024"). A date written in another
/// calendar gives the Gregorian one written beside it, or its conversion. The first
/// [`DATELINE_LINES`] non-empty lines are read, so a date on the line after the headline is
/// found; a headline's own date ("Letter of 12 June 2023 from Evin") is not.
pub fn dateline(text: &str, rules: &RuleData) -> Option<PartialDate> {
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(DATELINE_LINES)
    {
        // A date of the dateline starts near the start of its line.
        let head = &line[..floor_boundary(line, 200)];
        let ds = find_dates(head, rules);
        for (k, m) in ds.iter().enumerate() {
            if m.start > 80 {
                break;
            }
            if m.date.is_full() && before_dateline(&head[..m.start], rules) {
                let j = written_equivalent(&ds, k).unwrap_or(k);
                return Some(ds[j].date);
            }
        }
    }
    None
}

/// True when `before` may stand before the date of a dateline on its line (see [`dateline`]).
fn before_dateline(before: &str, rules: &RuleData) -> bool {
    let p = before.trim();
    let Some(last) = p.chars().next_back() else {
        return true;
    };
    let n_words = words(p).count();
    match last {
        '|' | '·' | '•' | '—' | '–' | '-' | '/' => n_words <= 8,
        ',' => {
            // A place: one to three words, each capitalised.
            (1..=3).contains(&n_words) && words(p).all(|(a, _)| starts_capitalised(&p[a..]))
        }
        _ => {
            let lead = fold(p.trim_end_matches(':').trim());
            rules.dateline_leads.contains(&lead)
        }
    }
}

/// A date written without a year, given the year that puts it on or before `dateline` (the
/// article's own date, full) within about 11 months: a letter "dated 28 December" in an
/// article of 5 January 2024 is 2023-12-28. A date more than 11 months before the dateline is
/// rather one soon after it ("on 10 January" in an article of 5 January 2024 is 2024-01-10).
/// When a weekday is named and the year so chosen does not have it, the year after or before
/// that does is taken; when none does, the year so chosen. A month without a day is on or
/// before the dateline's month within 10 months. A date with a year, or a `dateline` without
/// one, is returned as it is; so is 29 February when neither year has it.
pub fn complete_year(date: PartialDate, dateline: PartialDate) -> PartialDate {
    let (None, Some(dy)) = (date.year, dateline.year) else {
        return date;
    };
    let with = |y: i32| PartialDate {
        year: Some(y),
        ..date
    };
    let on_or_before =
        if (date.month, date.day.unwrap_or(1)) <= (dateline.month, dateline.day.unwrap_or(31)) {
            dy
        } else {
            dy - 1
        };
    let Some(day) = date.day else {
        let back = (dateline.month + 12 - date.month) % 12;
        return with(if back <= 10 {
            on_or_before
        } else {
            on_or_before + 1
        });
    };
    // Days from the date in `y` to the dateline (negative after it); `None` when `y` has no
    // such date.
    let last = dateline
        .day
        .unwrap_or_else(|| days_in_month(dy, dateline.month));
    let back = |y: i32| Some(fixed(dy, dateline.month, last)? - fixed(y, date.month, day)?);
    let (before, after) = (on_or_before, on_or_before + 1);
    let chosen = match (back(before), back(after)) {
        (Some(b), _) if b <= 335 => before,
        (_, Some(a)) if a >= -31 => after,
        (Some(_), _) => before,
        _ => return date,
    };
    let Some(wd) = date.weekday else {
        return with(chosen);
    };
    let other = if chosen == before { after } else { before };
    [chosen, other, before - 1]
        .into_iter()
        .find(|&y| weekday(y, date.month, day) == Some(wd))
        .map_or(with(chosen), with)
}

/// The most recent `weekday` (0 = Monday) on or before `dateline` (a full date): "on
/// Saturday" in an article of Tuesday 6 June 2023 is Saturday 3 June 2023. `None` for a
/// dateline that is not a full, possible date or a weekday past 6. Callers decide when a
/// weekday names a day of the past week.
pub fn weekday_on_or_before(dateline: PartialDate, weekday: u32) -> Option<PartialDate> {
    if weekday > 6 {
        return None;
    }
    let f = dateline.fixed()?;
    let wd = self::weekday(dateline.year?, dateline.month, dateline.day?)?;
    let back = (wd + 7 - weekday) % 7;
    let mut d = from_fixed(f - i64::from(back))?;
    d.weekday = Some(weekday);
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> PartialDate {
        let r = RuleData::shipped();
        let d = find_dates(s, &r);
        assert_eq!(d.len(), 1, "{s}: {d:?}");
        d[0].date
    }

    #[test]
    fn shapes() {
        let d = one("December 18, 2016");
        assert_eq!(d.iso().unwrap(), "2016-12-18");
        assert_eq!(one("on 23 November 2016 they").iso().unwrap(), "2016-11-23");
        let d = one("London, 19 Dec – On");
        assert_eq!((d.month, d.day, d.year), (12, Some(19), None));
        let d = one("On Saturday, December 17 a rally");
        assert_eq!(d.weekday, Some(5));
        assert_eq!(d.with_year(Some(2019)).iso().unwrap(), "2016-12-17");
        assert_eq!(one("in March 2020").iso().unwrap(), "2020-03");
        assert!(find_dates("You may go", &RuleData::shipped()).is_empty());
    }

    #[test]
    fn the_collections_year_needs_a_weekday_that_agrees() {
        let saturday = one("On Saturday, December 17 a rally");
        // The article's own year first (the weekday picks the nearest year that agrees).
        assert_eq!(
            saturday.with_year_in(Some(2017), Some(2010)).iso().unwrap(),
            "2016-12-17"
        );
        // Else the collection's: 17 December was a Saturday in 2011, not in 2012.
        assert_eq!(
            saturday.with_year_in(None, Some(2012)).iso().unwrap(),
            "2011-12-17"
        );
        // A day and month alone stay without a year.
        let plain = one("released his letter on 2 April, after");
        assert_eq!(plain.with_year_in(None, Some(2021)).year, None);
        assert_eq!(
            plain.with_year_in(Some(2014), Some(2021)).iso().unwrap(),
            "2014-04-02"
        );
    }

    /// The earlier `find_dates`, word by word: the reference for the one that looks only at
    /// capitalised words.
    fn find_dates_word_by_word(text: &str, rules: &RuleData) -> Vec<DateMatch> {
        let word = |s: (usize, usize)| &text[s.0..s.1];
        let mut out = Vec::new();
        // The words, one at a time, with the two before the current one.
        let mut words = words(text);
        let mut before: [Option<(usize, usize)>; 2] = [None, None];
        while let Some(cur) = words.next() {
            let w = word(cur);
            // Month names count only capitalised ("May" is also a verb): test that before folding.
            let month = if w.chars().next().is_some_and(char::is_uppercase) {
                rules.months.get_word(w.trim_end_matches('.')).copied()
            } else {
                None
            };
            // The words this one takes after it (day, year).
            let mut taken = 0;
            if let Some(month) = month {
                // Month first: "December 18, 2016", "December 18", "December 2016".
                let mut start = cur.0;
                let mut end = cur.1;
                let mut day = None;
                let mut year = None;
                let mut weekday = None;
                let mut ahead = words.clone();
                let mut next = ahead.next();
                if let Some(d) = next.and_then(|s| parse_day(word(s))) {
                    day = Some(d);
                    end = next.expect("parsed").1;
                    taken += 1;
                    next = ahead.next();
                }
                if let Some(y) = next.and_then(|s| parse_year(word(s))) {
                    year = Some(y);
                    end = next.expect("parsed").1;
                    taken += 1;
                }
                // "18 December 2016": a day before the month.
                let mut day_before = false;
                if let (None, Some(p)) = (day, before[1]) {
                    if let Some(d) = parse_day(word(p)) {
                        if gap_is_space(text, p.1, cur.0) {
                            day = Some(d);
                            start = p.0;
                            day_before = true;
                        }
                    }
                }
                // A weekday just before: "Saturday, December 17".
                let prev = if day_before { before[0] } else { before[1] };
                if let Some(p) = prev {
                    if let Some(wd) = rules.weekdays.get_word(word(p)).copied() {
                        weekday = Some(wd);
                        start = p.0;
                    }
                }
                // A month name alone is not a date ("May" is also a verb).
                if day.is_some() || year.is_some() {
                    out.push(DateMatch {
                        start,
                        end,
                        date: PartialDate {
                            year,
                            month,
                            day,
                            weekday,
                        },
                        calendar: Calendar::Gregorian,
                    });
                }
            }
            before = [before[1], Some(cur)];
            for _ in 0..taken {
                let t = words.next();
                before = [before[1], t];
            }
        }
        out
    }

    #[test]
    fn capitalised_words_only_as_word_by_word() {
        let r = RuleData::shipped();
        for s in [
            "On Saturday, December 17, 2016 and 18 Dec 2019; Monday 3 May 2020.",
            "Dec. 5th, May 2021 x May 12 mayday McMay DecemberMarch",
            "Évin, 19 Décembre 2016 – İstanbul 1 März Σ2 ẞ May",
            "18December 2016 Mon,  12 June 1999 Tue  June",
        ] {
            assert_eq!(find_dates(s, &r), find_dates_word_by_word(s, &r), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn capitalised_words_only_as_word_by_word_on_any_text(
            parts in proptest::collection::vec(
                "(December|Dec|May|Monday|Saturday|Mars|March|Juli|janvier|[0-9]{1,4}(st|nd|th)?|[A-Za-z]{1,3}|É|é|ẞ|İ|\\PC|[ ,.\u{a0}\n’-])",
                0..20,
            )
        ) {
            let r = RuleData::shipped();
            let s = parts.concat();
            proptest::prop_assert_eq!(find_dates(&s, &r), find_dates_word_by_word(&s, &r));
        }
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday(2016, 12, 17), Some(5));
        assert_eq!(weekday(2024, 7, 16), Some(1));
        assert_eq!(weekday(2023, 2, 29), None);
    }

    // ---- Dates beyond month names: numbers, ordinals, other calendars, datelines. ----

    fn all(s: &str) -> Vec<DateMatch> {
        find_dates(s, &RuleData::shipped())
    }

    /// The written text and ISO form of each date found in `s`.
    fn found(s: &str) -> Vec<(&str, String)> {
        all(s)
            .into_iter()
            .map(|d| (&s[d.start..d.end], d.date.iso().unwrap_or_default()))
            .collect()
    }

    fn ymd(y: i32, m: u32, d: u32) -> PartialDate {
        PartialDate::ymd(y, m, d)
    }

    fn md(m: u32, d: u32, weekday: Option<u32>) -> PartialDate {
        PartialDate {
            year: None,
            month: m,
            day: Some(d),
            weekday,
        }
    }

    #[test]
    fn day_first_numbers() {
        assert_eq!(
            found("The statement, dated 24.02.2025, was read aloud."),
            [("24.02.2025", "2025-02-24".into())]
        );
        assert_eq!(
            found("Her note of 24/02/2025 reached the family."),
            [("24/02/2025", "2025-02-24".into())]
        );
        // Day first even when both would do; one digit is enough.
        assert_eq!(found("on 03.04.2024 and 5/6/2021")[0].1, "2024-04-03");
        assert_eq!(found("on 03.04.2024 and 5/6/2021")[1].1, "2021-06-05");
        assert_eq!(found("leap day 29.02.2024.")[0].1, "2024-02-29");
        // A weekday before it is part of it.
        let d = all("Monday 24.02.2025: the visit");
        assert_eq!((d[0].start, d[0].date.weekday), (0, Some(0)));
    }

    #[test]
    fn impossible_or_other_numbers_are_no_dates() {
        for s in [
            "on 31.04.2024",
            "on 02/24/2025 (month first)",
            "on 29.02.2023",
            "on 24.13.2025",
            "on 00.01.2025",
            "version 1.24.02.2025",
            "code 24.02.2025.7",
            "short 24.02.25 form",
            "mixed 24.02/2025",
            "ratio 3/4 and 1.5",
            "ids x24.02.2025 and 24.02.2025x",
            "ISO 2025-02-30 and 2025-1-20 and 12025-01-20 and 2025-01-201",
            "year 1850-01-01",
        ] {
            assert_eq!(found(s), [], "{s}");
        }
    }

    #[test]
    fn iso_dates_and_times() {
        assert_eq!(
            found("He was released on 2025-01-20 after a year."),
            [("2025-01-20", "2025-01-20".into())]
        );
        assert_eq!(
            found("Posted 2023-08-21 09:14 by the editor"),
            [("2023-08-21 09:14", "2023-08-21".into())]
        );
        assert_eq!(
            found("at 2023-08-21T09:14:30, and")[0].0,
            "2023-08-21T09:14:30"
        );
        assert_eq!(
            found("News · 24.02.2025 14:05 · Iran")[0].0,
            "24.02.2025 14:05"
        );
        assert_eq!(
            found("on 24.02.2025, 14:05 local")[0].0,
            "24.02.2025, 14:05"
        );
        // Not a time: the date alone.
        assert_eq!(found("on 2023-08-21 25:14 or")[0].0, "2023-08-21");
        assert_eq!(found("on 2023-08-21 09:7 or")[0].0, "2023-08-21");
        // Glued to letters: nothing.
        assert_eq!(found("on 2023-08-21T09 or"), []);
    }

    #[test]
    fn ordinals() {
        assert_eq!(
            found("It arrived on June 3rd."),
            [("June 3rd", String::new())]
        );
        assert_eq!(one("It arrived on June 3rd.").day, Some(3));
        assert_eq!(
            found("Posted on: January 22nd, 2025"),
            [("January 22nd, 2025", "2025-01-22".into())]
        );
        assert_eq!(
            found("the 3rd June 2023 hearing"),
            [("3rd June 2023", "2023-06-03".into())]
        );
        assert_eq!(
            found("written on the 3rd of June, in Evin"),
            [("3rd of June", String::new())]
        );
        assert_eq!(one("on the 3rd of June").day, Some(3));
        assert_eq!(
            found("by the 18th Of December 2016 the"),
            [("18th Of December 2016", "2016-12-18".into())]
        );
        let d = all("Saturday, 1st of July 2023");
        assert_eq!((d[0].start, d[0].date.weekday), (0, Some(5)));
        // "of" needs an ordinal.
        assert_eq!(found("3 of June's prisoners"), []);
    }

    #[test]
    fn solar_hijri_conversion() {
        // Nowruz (1 Farvardin) of 1395 to 1406, from an independent converter (jdatetime).
        let nowruz = [
            (1395, 2016, 20),
            (1396, 2017, 21),
            (1397, 2018, 21),
            (1398, 2019, 21),
            (1399, 2020, 20),
            (1400, 2021, 21),
            (1401, 2022, 21),
            (1402, 2023, 21),
            (1403, 2024, 20),
            (1404, 2025, 21),
            (1405, 2026, 21),
            (1406, 2027, 21),
        ];
        for (sh, y, d) in nowruz {
            assert_eq!(
                solar_hijri_to_gregorian(sh, 1, 1),
                Some(ymd(y, 3, d)),
                "{sh}"
            );
        }
        assert_eq!(
            solar_hijri_to_gregorian(1402, 9, 12),
            Some(ymd(2023, 12, 3))
        );
        assert_eq!(solar_hijri_to_gregorian(1401, 5, 14), Some(ymd(2022, 8, 5)));
        assert_eq!(
            solar_hijri_to_gregorian(1401, 6, 31),
            Some(ymd(2022, 9, 22))
        );
        assert_eq!(solar_hijri_to_gregorian(1401, 7, 1), Some(ymd(2022, 9, 23)));
        assert_eq!(
            solar_hijri_to_gregorian(1402, 10, 10),
            Some(ymd(2023, 12, 31))
        );
        assert_eq!(
            solar_hijri_to_gregorian(1402, 12, 29),
            Some(ymd(2024, 3, 19))
        );
        // 1403 is a leap year, 1402 is not; Mehr has 30 days.
        assert_eq!(
            solar_hijri_to_gregorian(1403, 12, 30),
            Some(ymd(2025, 3, 20))
        );
        assert_eq!(solar_hijri_to_gregorian(1402, 12, 30), None);
        assert_eq!(solar_hijri_to_gregorian(1401, 7, 31), None);
        assert_eq!(solar_hijri_to_gregorian(1401, 13, 1), None);
    }

    #[test]
    fn hijri_conversion() {
        // The tabular (civil) rule, from an independent implementation of it (convertdate);
        // the Umm al-Qura date, from its tables (hijridate), in the comment.
        for ((y, m, d), g) in [
            ((1445, 8, 22), ymd(2024, 3, 3)),   // Umm al-Qura 2024-03-03
            ((1445, 9, 1), ymd(2024, 3, 11)),   // 2024-03-11
            ((1445, 1, 1), ymd(2023, 7, 19)),   // 2023-07-19
            ((1446, 1, 1), ymd(2024, 7, 8)),    // 2024-07-07
            ((1444, 10, 1), ymd(2023, 4, 22)),  // 2023-04-21
            ((1445, 12, 10), ymd(2024, 6, 17)), // 2024-06-16
            ((1440, 3, 12), ymd(2018, 11, 21)), // 2018-11-20
            ((1446, 9, 1), ymd(2025, 3, 1)),    // 2025-03-01
        ] {
            assert_eq!(hijri_to_gregorian(y, m, d), Some(g), "{y}-{m}-{d}");
        }
        // Months of 30 and 29 days, alternately, in a common year.
        assert!(hijri_to_gregorian(1445, 1, 30).is_some());
        assert_eq!(hijri_to_gregorian(1445, 2, 30), None);
        assert_eq!(hijri_to_gregorian(1445, 2, 31), None);
    }

    #[test]
    fn solar_hijri_dates_in_text() {
        let s = "He was arrested on 12 Azar 1402 (3 December 2023) in Karaj.";
        let d = all(s);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(&s[d[0].start..d[0].end], "12 Azar 1402");
        assert_eq!(d[0].calendar, Calendar::SolarHijri);
        assert_eq!(d[0].date, ymd(2023, 12, 3));
        assert_eq!(&s[d[1].start..d[1].end], "3 December 2023");
        assert_eq!(d[1].calendar, Calendar::Gregorian);
        assert_eq!(written_equivalent(&d, 0), Some(1));
        assert_eq!(written_equivalent(&d, 1), None);
        // Other spellings and shapes.
        for (s, iso) in [
            ("on 14 Amordad 1401, she", "2022-08-05"),
            ("on 14 Mordad 1401, she", "2022-08-05"),
            ("since Farvardin 1, 1403 the", "2024-03-20"),
            ("on 29 Esfand 1402 SH the", "2024-03-19"),
            ("on 31 Shahrivar 1401", "2022-09-22"),
            ("dated 10 Dey 1402.", "2023-12-31"),
            ("the 2nd Ordibehesht 1403 trial", "2024-04-21"),
        ] {
            let d = all(s);
            assert_eq!(d.len(), 1, "{s}: {d:?}");
            assert_eq!(d[0].date.iso().unwrap(), iso, "{s}");
            assert_eq!(d[0].calendar, Calendar::SolarHijri);
        }
        assert_eq!(found("on 29 Esfand 1402 SH the")[0].0, "29 Esfand 1402 SH");
        // Impossible, without a year or a day, or not a month: nothing.
        for s in [
            "on 30 Esfand 1402",
            "on 31 Mehr 1401",
            "on 12 Azar, the",
            "the Mehr 1402 report",
            "in Tir 1401",
            "12 azar 1402",
            "on 12 Azar 2023",
            "room 12 Tehran 1402",
        ] {
            assert_eq!(found(s), [], "{s}");
        }
    }

    #[test]
    fn hijri_dates_in_text() {
        let s = "a letter dated 22 Sha'ban 1445, which corresponds to March 3, 2024, said";
        let d = all(s);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(&s[d[0].start..d[0].end], "22 Sha'ban 1445");
        assert_eq!(
            (d[0].calendar, d[0].date),
            (Calendar::Hijri, ymd(2024, 3, 3))
        );
        assert_eq!(&s[d[1].start..d[1].end], "March 3, 2024");
        assert_eq!(written_equivalent(&d, 0), Some(1));
        for (s, written, iso) in [
            (
                "on 1 Ramadan 1445 AH the",
                "1 Ramadan 1445 AH",
                "2024-03-11",
            ),
            (
                "on 1 Ramaḍān 1445 A.H. the",
                "1 Ramaḍān 1445 A.H",
                "2024-03-11",
            ),
            (
                "on 12 Rabi’ al-Awwal 1440, the",
                "12 Rabi’ al-Awwal 1440",
                "2018-11-21",
            ),
            ("on 12 Rabi I 1440, the", "12 Rabi I 1440", "2018-11-21"),
            (
                "on 10 Dhu al-Hijjah 1445",
                "10 Dhu al-Hijjah 1445",
                "2024-06-17",
            ),
            (
                "on 10 Dhu'l-Hijja 1445H",
                "10 Dhu'l-Hijja 1445H",
                "2024-06-17",
            ),
            ("on Shaʿbān 22, 1445 H.", "Shaʿbān 22, 1445 H", "2024-03-03"),
            ("on 1 Muharram 1446 AH", "1 Muharram 1446 AH", "2024-07-08"),
            (
                "Friday, 1 Shawwal 1444",
                "Friday, 1 Shawwal 1444",
                "2023-04-22",
            ),
        ] {
            let d = all(s);
            assert_eq!(d.len(), 1, "{s}: {d:?}");
            assert_eq!(&s[d[0].start..d[0].end], written, "{s}");
            assert_eq!(d[0].date.iso().unwrap(), iso, "{s}");
            assert_eq!(d[0].calendar, Calendar::Hijri, "{s}");
        }
        // An era of the other calendar, a day too many, a lower-case month: nothing.
        for s in [
            "on 1 Ramadan 1445SH",
            "on 30 Safar 1445",
            "on 1 ramadan 1445",
        ] {
            assert_eq!(found(s), [], "{s}");
        }
        // A Solar Hijri era after a Hijri date is not part of it.
        assert_eq!(found("on 1 Ramadan 1445 SH")[0].0, "1 Ramadan 1445");
    }

    #[test]
    fn era_years() {
        let r = RuleData::shipped();
        let s = "In the year 1445 H, and in 1402 SH, not in 1445 or 1445 h; 22 Sha'ban 1445 AH.";
        let e = find_era_years(s, &r);
        let got: Vec<_> = e
            .iter()
            .map(|e| (&s[e.start..e.end], e.calendar, e.year, e.first, e.last))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "1445 H",
                    Calendar::Hijri,
                    1445,
                    ymd(2023, 7, 19),
                    ymd(2024, 7, 7)
                ),
                (
                    "1402 SH",
                    Calendar::SolarHijri,
                    1402,
                    ymd(2023, 3, 21),
                    ymd(2024, 3, 19)
                ),
                (
                    "1445 AH",
                    Calendar::Hijri,
                    1445,
                    ymd(2023, 7, 19),
                    ymd(2024, 7, 7)
                ),
            ]
        );
        // A year alone is no date.
        assert_eq!(found("In the year 1445 H"), []);
    }

    #[test]
    fn merged_in_text_order_without_overlaps() {
        let s = "On 24.02.2025 and 3 March 2025, then 2025-03-04 and 5 Esfand 1403; December 2016-01-02.";
        let got: Vec<_> = found(s).into_iter().map(|(w, _)| w).collect();
        assert_eq!(
            got,
            [
                "24.02.2025",
                "3 March 2025",
                "2025-03-04",
                "5 Esfand 1403",
                "December 2016"
            ]
        );
    }

    #[test]
    fn datelines() {
        let r = RuleData::shipped();
        let dl = |s: &str| dateline(s, &r).and_then(|d| d.iso());
        let cases = [
            (
                "Prisoners write to the UN\n\nWednesday, 21 February 2024\n\nText.",
                "2024-02-21",
            ),
            (
                "A letter from Evin\nBy staff writer | 10 March 2023 | 3 min read\nBody",
                "2023-03-10",
            ),
            (
                "Posted on 9 December 2024 in News\nA letter from Qezel Hesar",
                "2024-12-09",
            ),
            (
                "Hunger strike\n\nKARAJ, 2 July 2024 — Eleven prisoners began a strike on Sunday.",
                "2024-07-02",
            ),
            (
                "LONDON, March 7, 2024 - A group of prisoners wrote",
                "2024-03-07",
            ),
            (
                "Zahedan, 27 November 2024\nThe families gathered.",
                "2024-11-27",
            ),
            (
                "Published 2023-08-21 · Updated 2023-08-22 10:02\nText",
                "2023-08-21",
            ),
            ("2025 · 24.02.2025 14:05 · News\nText", "2025-02-24"),
            ("Posted on: January 22nd, 2025\nText", "2025-01-22"),
            ("Tuesday 6 June 2023\nText", "2023-06-06"),
            (
                "Statement of women prisoners\n3 May 2024\nText",
                "2024-05-03",
            ),
            ("Tehran, 12 Azar 1402 (3 December 2023)\nText", "2023-12-03"),
            ("Tehran, 12 Azar 1402\nText", "2023-12-03"),
        ];
        for (text, iso) in cases {
            assert_eq!(dl(text).as_deref(), Some(iso), "{text:?}");
        }
        // A headline's or a sentence's date, a date without a year or far into a line: none.
        for text in [
            "Letter of 12 June 2023 from Evin\nText",
            "On 12 June 2023, prisoners in Evin wrote a letter.",
            "Iran Focus\n\nLondon, 19 Dec – On Saturday, December 17 a rally",
            "A long sentence about the prisoners who wrote the letter, which was published on 9 December 2024.",
            "\n",
        ] {
            assert_eq!(dl(text), None, "{text:?}");
        }
        // Only the first lines.
        let late = format!(
            "{}Posted on 9 December 2024\n",
            "line\n".repeat(DATELINE_LINES)
        );
        assert_eq!(dl(&late), None);
    }

    #[test]
    fn years_completed_from_the_dateline() {
        let dl = ymd(2024, 1, 5);
        // On or before the dateline.
        assert_eq!(complete_year(md(12, 28, None), dl), ymd(2023, 12, 28));
        assert_eq!(complete_year(md(1, 5, None), dl), ymd(2024, 1, 5));
        assert_eq!(complete_year(md(1, 3, None), dl), ymd(2024, 1, 3));
        assert_eq!(complete_year(md(2, 10, None), dl), ymd(2023, 2, 10));
        // More than 11 months before: soon after instead.
        assert_eq!(complete_year(md(1, 10, None), dl), ymd(2024, 1, 10));
        // The weekday decides: Friday 6 January is 2023 (2024's is a Saturday).
        let late = ymd(2023, 12, 28);
        assert_eq!(complete_year(md(1, 6, None), late), ymd(2024, 1, 6));
        let fri = complete_year(md(1, 6, Some(4)), late);
        assert_eq!(fri.year, Some(2023));
        assert_eq!(fri.weekday, Some(4));
        // "Saturday, December 17" in an article of 19 December 2016.
        let sat = complete_year(md(12, 17, Some(5)), ymd(2016, 12, 19));
        assert_eq!(sat.year, Some(2016));
        // A weekday no nearby year has: the year by the dateline.
        assert_eq!(complete_year(md(12, 28, Some(0)), dl).year, Some(2023));
        // Months without a day.
        let month = |m| PartialDate {
            year: None,
            month: m,
            day: None,
            weekday: None,
        };
        assert_eq!(complete_year(month(12), dl).iso().unwrap(), "2023-12");
        assert_eq!(complete_year(month(1), dl).iso().unwrap(), "2024-01");
        assert_eq!(complete_year(month(3), dl).iso().unwrap(), "2023-03");
        assert_eq!(complete_year(month(2), dl).iso().unwrap(), "2024-02");
        // 29 February.
        assert_eq!(
            complete_year(md(2, 29, None), ymd(2025, 1, 5)),
            ymd(2024, 2, 29)
        );
        assert_eq!(complete_year(md(2, 29, None), ymd(2023, 3, 1)).year, None);
        // A year already, or a dateline without one: unchanged.
        assert_eq!(complete_year(ymd(2020, 5, 1), dl), ymd(2020, 5, 1));
        assert_eq!(complete_year(md(5, 1, None), month(5)), md(5, 1, None));
    }

    #[test]
    fn weekdays_on_or_before_the_dateline() {
        // Tuesday 6 June 2023.
        let dl = ymd(2023, 6, 6);
        let sat = weekday_on_or_before(dl, 5).unwrap();
        assert_eq!(
            (sat.iso().unwrap(), sat.weekday),
            ("2023-06-03".into(), Some(5))
        );
        assert_eq!(
            weekday_on_or_before(dl, 1).unwrap().iso().unwrap(),
            "2023-06-06"
        );
        assert_eq!(
            weekday_on_or_before(dl, 2).unwrap().iso().unwrap(),
            "2023-05-31"
        );
        // Monday 1 January 2024: Sunday is the day before, in 2023.
        assert_eq!(
            weekday_on_or_before(ymd(2024, 1, 1), 6)
                .unwrap()
                .iso()
                .unwrap(),
            "2023-12-31"
        );
        assert_eq!(weekday_on_or_before(dl, 7), None);
        assert_eq!(weekday_on_or_before(md(6, 6, None), 1), None);
    }

    /// The dates in digits, found by trying a pattern at every character of the text that no
    /// letter or digit stands before: the reference for the scan that looks only at numbers.
    fn digit_dates_everywhere(text: &str, rules: &RuleData) -> Vec<DateMatch> {
        let re = regex::Regex::new(
            r"\A(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d{2})-(\d{2}))(?:(?:T| |, )(\d{1,2}):(\d{2})(?::(\d{2}))?)?",
        )
        .unwrap();
        let ends_number = |e: usize| {
            let mut rest = text[e..].chars();
            match rest.next() {
                None => true,
                Some('.' | '/' | '-' | ':') => !rest.next().is_some_and(|c| c.is_ascii_digit()),
                Some(c) => !c.is_alphanumeric(),
            }
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let before: Vec<char> = text[..i].chars().rev().take(2).collect();
            let free = match before[..] {
                [] => true,
                [c] => !c.is_alphanumeric(),
                [c, d] => !(c.is_alphanumeric() || "./-:".contains(c) && d.is_ascii_digit()),
                _ => unreachable!(),
            };
            let caps = if free { re.captures(&text[i..]) } else { None };
            let step = text[i..].chars().next().unwrap().len_utf8();
            let Some(c) = caps else {
                i += step;
                continue;
            };
            let n = |k: usize| c.get(k).map(|m| m.as_str().parse::<u32>().unwrap());
            let (d, m, y, date_len) = if let Some(d) = n(1).or(n(4)) {
                let y = n(3).or(n(6)).unwrap();
                let last = c.get(3).or(c.get(6)).unwrap();
                (d, n(2).or(n(5)).unwrap(), y, last.end())
            } else {
                (
                    n(9).unwrap(),
                    n(8).unwrap(),
                    n(7).unwrap(),
                    c.get(9).unwrap().end(),
                )
            };
            let time_ok = n(10).is_some_and(|h| h <= 23)
                && n(11).is_some_and(|m| m <= 59)
                && n(12).is_none_or(|s| s <= 59)
                && ends_number(i + c.get(0).unwrap().end());
            // With seconds that do not do, the time without them.
            let time_ok_short = n(12).is_some()
                && n(10).is_some_and(|h| h <= 23)
                && n(11).is_some_and(|m| m <= 59)
                && ends_number(i + c.get(11).unwrap().end());
            let end = if time_ok {
                i + c.get(0).unwrap().end()
            } else if time_ok_short {
                i + c.get(11).unwrap().end()
            } else if ends_number(i + date_len) {
                i + date_len
            } else {
                i += step;
                continue;
            };
            let y = y as i32;
            if !(1900..=2100).contains(&y) || weekday(y, m, d).is_none() {
                i += step;
                continue;
            }
            let mut found = DateMatch {
                start: i,
                end,
                date: PartialDate::ymd(y, m, d),
                calendar: Calendar::Gregorian,
            };
            let head = text[..i].trim_end_matches(|c: char| !c.is_alphanumeric());
            let w: String = {
                let mut v: Vec<char> = head
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                v.reverse();
                v.into_iter().collect()
            };
            if let Some(&wd) = rules.weekdays.get_word(&w) {
                found.date.weekday = Some(wd);
                found.start = head.len() - w.len();
            }
            out.push(found);
            i = end;
        }
        out
    }

    #[test]
    fn digit_scan_as_everywhere() {
        let r = RuleData::shipped();
        for s in [
            "On 24.02.2025 and 3/4/2021, 1.24.02.2025 x 2023-08-21T09:14:61 and 2023-08-21 23:59:59.",
            "Monday 01.01.2024 Tue, 2024-01-02, 14:00 é29.02.2024 31/12/1999-5 2000-01-01:",
        ] {
            let got: Vec<_> = digit_dates(s, &r)
                .into_iter()
                .filter(|d| d.calendar == Calendar::Gregorian)
                .collect();
            assert_eq!(got, digit_dates_everywhere(s, &r), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn digit_scan_as_everywhere_on_any_text(
            parts in proptest::collection::vec(
                "([0-9]{1,4}|[12][09][0-9][0-9]|[0-3]?[0-9]|[./:T, -]|Monday|Sunday|x|é|\u{a0}|\n|\\PC)",
                0..24,
            )
        ) {
            let r = RuleData::shipped();
            let s = parts.concat();
            let got: Vec<_> = digit_dates(&s, &r)
                .into_iter()
                .filter(|d| d.calendar == Calendar::Gregorian)
                .collect();
            proptest::prop_assert_eq!(got, digit_dates_everywhere(&s, &r));
        }

        #[test]
        fn find_dates_in_order_on_char_boundaries(
            parts in proptest::collection::vec(
                "([0-9]{1,4}|[./:, -]|December|May|Azar|Sha'ban|Rabi’ al-Awwal|AH|SH|Monday|of|3rd|\\PC)",
                0..24,
            )
        ) {
            let r = RuleData::shipped();
            let s = parts.concat();
            let d = find_dates(&s, &r);
            for w in d.windows(2) {
                proptest::prop_assert!(w[0].start <= w[1].start);
            }
            for m in &d {
                proptest::prop_assert!(m.start < m.end && m.end <= s.len());
                proptest::prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
            }
            let _ = dateline(&s, &r);
            let _ = find_era_years(&s, &r);
        }
    }
}
