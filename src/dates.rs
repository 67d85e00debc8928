//! Dates as articles write them: "December 18, 2016", "23 November 2016", "18 Dec",
//! "Saturday, December 17", "December 18". Month and weekday names come from the gazetteer's
//! rule files, so another language's names are added there.

use crate::gazetteer::RuleData;
use crate::text::{capitalised_words, word_before, words, words_from};

/// A date found in text, possibly without a year or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    pub date: PartialDate,
}

/// Finds the dates in `text` (byte spans into `text`).
///
/// Month names count only capitalised ("May" is also a verb): only the capitalised words are
/// looked up, and the words around a month are found from it.
pub fn find_dates(text: &str, rules: &RuleData) -> Vec<DateMatch> {
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
        // A weekday just before: "Saturday, December 17".
        let prev = if day_before {
            before.and_then(|p| word_before(text, p.0))
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
}
