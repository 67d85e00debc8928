//! Other calendars: Solar Hijri and Hijri dates converted to the Gregorian calendar with
//! `calendrical_calculations` (see the module doc of [`super`]), and the month names of those
//! calendars as the rule files spell them ([`CalendarNames`]).

use super::*;

/// Years the day arithmetic accepts (far inside what `calendrical_calculations` handles).
pub(super) const YEARS: std::ops::RangeInclusive<i32> = -9999..=9999;

/// The day number of a Gregorian date, `None` for an impossible one.
pub(super) fn fixed(y: i32, m: u32, d: u32) -> Option<RataDie> {
    (YEARS.contains(&y) && weekday(y, m, d).is_some())
        .then(|| gregorian::fixed_from_gregorian(y, m as u8, d as u8))
}

/// The Gregorian date of a day number.
pub(super) fn from_fixed(f: RataDie) -> Option<PartialDate> {
    let (y, m, d) = gregorian::gregorian_from_fixed(f).ok()?;
    YEARS
        .contains(&y)
        .then(|| PartialDate::ymd(y, m.into(), d.into()))
}

/// The calendar a date is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Calendar {
    #[default]
    Gregorian,
    /// The Iranian (Solar Hijri, "Shamsi") calendar: "12 Azar 1402".
    SolarHijri,
    /// The Islamic (lunar Hijri) calendar: "22 Sha'ban 1445".
    Hijri,
}

/// The Gregorian date of a Solar Hijri date, `None` for an impossible one (month 1 to 6 have
/// 31 days, 7 to 11 have 30, Esfand 29 or 30) or a year outside 1 to 3000 AP.
pub fn solar_hijri_to_gregorian(year: i32, month: u32, day: u32) -> Option<PartialDate> {
    other_to_gregorian(year, month, day, persian::fixed_from_fast_persian)
}

/// The Gregorian date of a Hijri date by the tabular (civil) rule, `None` for an impossible one
/// (day 30 of a month of 29 days) or a year outside 1 to 3000 AH. The calendar a country
/// follows may put the date a day or two off (see the module's documentation).
pub fn hijri_to_gregorian(year: i32, month: u32, day: u32) -> Option<PartialDate> {
    other_to_gregorian(year, month, day, |y, m, d| {
        islamic::fixed_from_tabular_islamic(y, m, d, islamic::ISLAMIC_EPOCH_FRIDAY)
    })
}

/// The Gregorian date of day `day` of month `month` of year `year` of the calendar whose first
/// day of a month is `first(year, month, 1)`, if that month has that day.
///
/// The month's length is the distance to the next month's first day: the way back from a day
/// number to a tabular Hijri date in `calendrical_calculations` 0.2.4 puts the first day of a
/// year in the year before, so a round trip cannot tell a possible date.
pub(super) fn other_to_gregorian(
    year: i32,
    month: u32,
    day: u32,
    first: impl Fn(i32, u8, u8) -> RataDie,
) -> Option<PartialDate> {
    if !(1..=3000).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (m, d) = (month as u8, day as u8);
    let start = first(year, m, 1);
    let next = if m == 12 {
        first(year + 1, 1, 1)
    } else {
        first(year, m + 1, 1)
    };
    if i64::from(day) > next - start {
        return None;
    }
    from_fixed(start + i64::from(d - 1))
}

/// The Gregorian date of a date written in `calendar`.
pub fn to_gregorian(calendar: Calendar, year: i32, month: u32, day: u32) -> Option<PartialDate> {
    match calendar {
        Calendar::Gregorian => fixed(year, month, day).map(|_| PartialDate::ymd(year, month, day)),
        Calendar::SolarHijri => solar_hijri_to_gregorian(year, month, day),
        Calendar::Hijri => hijri_to_gregorian(year, month, day),
    }
}

/// Month names and era markers ("AH", "SH") of the Solar Hijri and the Hijri calendars, as
/// the rule files `months_solar_hijri.tsv` and `months_hijri.tsv` list them.
///
/// A name is looked up by its key: folded (lower case, no diacritics, hyphens as spaces) with
/// only its letters, digits and single spaces kept, so that "Sha’ban", "Shaʿbān" and
/// "Sha'ban" are one name, and so are "A.H." and "AH".
#[derive(Clone, Debug, Default)]
pub struct CalendarNames {
    /// Key → calendar and month (0 for an era marker).
    names: FxHashMap<String, (Calendar, u32)>,
    /// The most words (as [`words`] splits them) in a name.
    max_words: usize,
}

impl CalendarNames {
    /// Adds a name as written in the rule file: month `month` of `calendar`, or an era
    /// marker when `month` is 0.
    pub fn add(&mut self, calendar: Calendar, written: &str, month: u32) {
        let key = name_key(written);
        if key.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(words(written).count());
        self.names.insert(key, (calendar, month));
    }

    /// The calendar and month (0: an era marker) of a name as written.
    pub fn get(&self, written: &str) -> Option<(Calendar, u32)> {
        self.names.get(&name_key(written)).copied()
    }

    /// True when no name was added.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The longest name of `text` that ends with the word `last` and starts with a capital:
    /// its calendar, its month (0: an era marker) and where it starts.
    pub(super) fn name_ending_at(
        &self,
        text: &str,
        last: (usize, usize),
    ) -> Option<(Calendar, u32, usize)> {
        let mut first = last;
        let mut best = None;
        for k in 1..=self.max_words {
            if k > 1 {
                match word_before(text, first.0) {
                    Some(w) if is_gap_in_name(&text[w.1..first.0]) => first = w,
                    _ => break,
                }
            }
            if let Some((cal, m)) = self.get(&text[first.0..last.1]) {
                if starts_capitalised(&text[first.0..]) {
                    best = Some((cal, m, first.0));
                }
            }
        }
        best
    }

    /// The longest era marker of `calendar` (any calendar when `None`) that starts with a
    /// capital at byte `at` of `text`, or after spaces there: its calendar and its end.
    pub(super) fn era_at(
        &self,
        text: &str,
        at: usize,
        calendar: Option<Calendar>,
    ) -> Option<(Calendar, usize)> {
        let mut ahead = words_from(text, at);
        let first = ahead.next()?;
        if !(first.0 == at || gap_is_space(text, at, first.0))
            || !starts_capitalised(&text[first.0..])
        {
            return None;
        }
        let mut last = first;
        let mut best = None;
        for k in 1..=self.max_words {
            if k > 1 {
                match ahead.next() {
                    Some(w) if is_gap_in_name(&text[last.1..w.0]) => last = w,
                    _ => break,
                }
            }
            if let Some((cal, 0)) = self.get(&text[first.0..last.1]) {
                if calendar.is_none_or(|c| c == cal) {
                    best = Some((cal, last.1));
                }
            }
        }
        best
    }
}

/// The key a calendar name is looked up by (see [`CalendarNames`]).
pub(super) fn name_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in fold(s).chars() {
        // The half rings of "Shaʿbān" are letters to Unicode, apostrophes to a reader.
        if c.is_alphanumeric() && !matches!(c, 'ʿ' | 'ʾ') {
            out.push(c);
        } else if c == ' ' && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// True for what may stand between two words of one calendar name ("Rabi' al-Awwal",
/// "Dhu'l-Qa'da", "A.H."): a few spaces, apostrophes, hyphens and dots.
pub(super) fn is_gap_in_name(gap: &str) -> bool {
    gap.chars().count() <= 3
        && gap.chars().all(|c| {
            c == ' '
                || c == '\u{a0}'
                || c == '.'
                || crate::text::is_apostrophe(c)
                || crate::text::is_dash(c)
        })
}

pub(super) fn starts_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}
