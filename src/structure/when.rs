//! The date of a letter told in prose: "a letter dated 3 February", "the statement, written on
//! 14 October", "issued a statement on Sunday, 10 November 2024", "wrote together on Monday"
//! (the Monday before the article's own date), "a letter addressed to X in September 2024"; a
//! date in another calendar gives way to the Gregorian date written beside it ("12 Azar 1402
//! (3 December 2023)"). A date without a year takes it from the article's dateline (the year
//! that puts it on or before the article), else from the year most dates of the article have.

use super::frames::DocView;
use crate::dates::{
    complete_year, weekday_on_or_before, written_equivalent, Calendar, PartialDate,
};
use crate::text::{floor_boundary, fold};

/// The date the sentences `spans` give a letter, tried in order: a date after "dated", then
/// after "written on" or "on", then a month and year after "in", then a weekday after "on".
pub(super) fn letter_date(doc: &DocView, spans: &[(usize, usize)]) -> Option<PartialDate> {
    for want in [Cue::Dated, Cue::On, Cue::In] {
        for &(ss, se) in spans {
            if let Some(d) = date_in(doc, ss, se, want) {
                return Some(d);
            }
        }
    }
    // A weekday only when no sentence gives a date.
    spans.iter().find_map(|&(ss, se)| weekday_in(doc, ss, se))
}

/// The word before a date that says it is the letter's.
#[derive(Clone, Copy, PartialEq)]
enum Cue {
    Dated,
    On,
    In,
}

fn date_in(doc: &DocView, ss: usize, se: usize, want: Cue) -> Option<PartialDate> {
    for (i, d) in doc.dates.iter().enumerate() {
        if d.start < ss || d.end > se {
            continue;
        }
        let before =
            fold(&doc.text[floor_boundary(doc.text, ss.max(d.start.saturating_sub(24)))..d.start]);
        let words: Vec<&str> = before.split(' ').filter(|w| !w.is_empty()).collect();
        let cue = match words.as_slice() {
            [.., "dated"] => Cue::Dated,
            // "dated the letter 22 Sha'ban 1445".
            [.., "dated", "the", noun] if doc.rules.letter_nouns.contains(noun) => Cue::Dated,
            [.., "on"] => Cue::On,
            [.., "in"] if d.date.day.is_none() => Cue::In,
            _ => continue,
        };
        if cue != want {
            continue;
        }
        let date = match d.calendar {
            Calendar::Gregorian => d.date,
            _ => written_equivalent(&doc.dates, i).map_or(d.date, |j| doc.dates[j].date),
        };
        return Some(match date.year {
            None => date.with_year(narrative_year(doc, i)),
            Some(_) => date,
        });
    }
    None
}

/// The year of the nearest full date before date `i` in its paragraph, below the page header:
/// "On 2 March 2019 the families gathered ... then wrote a letter dated 12 March" is 2019
/// whatever the article's own date.
fn narrative_year(doc: &DocView, i: usize) -> Option<i32> {
    let at = doc.dates[i].start;
    doc.dates[..i]
        .iter()
        .rev()
        .take_while(|p| p.start >= doc.header_end && !doc.text[p.end..at].contains("\n\n"))
        .find_map(|p| p.date.is_full().then_some(p.date.year).flatten())
}

/// "on Monday": the Monday on or before the article's dateline.
fn weekday_in(doc: &DocView, ss: usize, se: usize) -> Option<PartialDate> {
    let dl = doc.dateline?;
    let s = &doc.text[ss..se];
    let mut prev = "";
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if prev.eq_ignore_ascii_case("on") {
            if let Some(&wd) = doc.rules.weekdays.get_word(w) {
                return weekday_on_or_before(dl, wd);
            }
        }
        prev = w;
    }
    None
}

/// `date` with its year completed from the article: its dateline, else its usual year.
pub(super) fn complete(doc: &DocView, date: PartialDate) -> PartialDate {
    match doc.dateline {
        Some(dl) if date.year.is_none() => complete_year(date, dl),
        _ => date.with_year(doc.year_hint),
    }
}

#[cfg(test)]
mod tests {
    use crate::dates::PartialDate;
    use crate::extract::extract;
    use crate::gazetteer::Gazetteer;
    use crate::structure::frames;

    fn dates(text: &str) -> Vec<Option<String>> {
        let g = Gazetteer::with_entries(Vec::new());
        let ex = extract(text, &g);
        frames(text, &ex, &g)
            .frames
            .iter()
            .map(|f| f.date.and_then(|d: PartialDate| d.iso()))
            .collect()
    }

    #[test]
    fn dated_without_a_year_takes_the_datelines() {
        // The article of 5 January 2024 speaks of a letter of 28 December: 2023.
        let t = "Prisoners write to the envoy\n\n5 January 2024\n\nThe letter, dated 28 December, was signed by Sara Amini and Nasrin Ghaderi, who asked for visits.";
        assert_eq!(dates(t), vec![Some("2023-12-28".into())]);
    }

    #[test]
    fn a_weekday_is_the_one_before_the_article() {
        // 11 January 2024 was a Thursday: "on Monday" is 8 January.
        let t = "News\n\nThursday, 11 January 2024\n\nSara Amini and Nasrin Ghaderi wrote an open letter on Monday to the federation.";
        assert_eq!(dates(t), vec![Some("2024-01-08".into())]);
    }

    #[test]
    fn the_gregorian_date_beside_another_calendar() {
        let t = "Omid Farahani dated the letter 22 Sha'ban 1445, which corresponds to March 3, 2024, and sent it.";
        assert_eq!(dates(t), vec![Some("2024-03-03".into())]);
    }

    #[test]
    fn dated_before_on() {
        let t = "LONDON, 7 March 2024 - In a statement released on Thursday, Omid Farahani said he was ill. The statement is dated 1 March 2024.";
        assert_eq!(dates(t), vec![Some("2024-03-01".into())]);
    }
}
