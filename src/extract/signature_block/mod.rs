//! The rule `signature_block`: the names a letter is signed with, as reports of the genre lay
//! them out, and the lists of signers they write inside a sentence. Each block is kept with its
//! signers, affiliation and date for the letter frames (`crate::structure::frames`).
//!
//! The steps, one file each:
//! - [`lines`]: what each line is: names (one or several a line, numbered or bulleted, "And A B"
//!   last, a note after a dash, in brackets or after a comma), an opener ("Signed by:", "The
//!   letter ends with five names:"), another list's heading ("Prisons taking part:"), an
//!   affiliation ("Political Prisoners in X Prison"), a closing line ([`closing`]: a date, a
//!   weekday, a place: "Wednesday, 8 March 2023, Evin Prison", "Vakilabad Prison, Mashhad"), or
//!   other.
//! - [`line_blocks`] (here): a run of name lines with evidence that it signs something: an
//!   opener before it, an affiliation line before or after it, or closing lines after it. The
//!   first affiliation or closing line that names a prison is the block's affiliation, and the
//!   first date of the closing lines its date. A name line alone under prose whose note is a
//!   closing with a prison and a date ("A B – X Prison (Karaj) – 3 May 2024") signs too.
//! - [`inline`]: "..., signed by A, B and C, ...", "The signatories are A, a teacher; B; and
//!   C", "It was signed by A and B of X, C, an editor at Y, and reporters D and E": the people
//!   that other rules found, in the clause after the opener.
//! - [`among`]: "A, B and C were among the signatories to the letter", the names before.
//! - [`we_list`]: "We, the prisoners of X Prison: A, B and C, declare ...".
//! - [`byline`]: "by A, B and C" under a letter's title.
//!
//! It runs after the rules that find places and people, and looks at their candidates
//! ([`Seen`]). Its words are data (`signature_openers.txt`, `affiliations.txt`,
//! `signature_words.tsv`).

mod among;
mod byline;
mod closing;
mod inline;
mod lines;
#[cfg(test)]
mod tests;
mod we_list;

use lines::{Line, LineKind};

use super::{Candidates, Context, Mention, RawBlock, Rule};
use crate::types::EntityType;

/// Most closing lines read after a block's names ("Women's ward, Lakan Prison, Rasht" then
/// "Monday, 9 October 2023").
const MAX_CLOSING_LINES: usize = 3;

/// Shortest line of prose (in bytes) that a block with closing lines alone must be under.
const MIN_PROSE: usize = 120;

/// The rule `signature_block`: finds signature blocks line by line, then signer lists inside
/// sentences that no block covers, and adds their names as person candidates.
pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let seen = Seen::new(&found.mentions);
    let lines = lines::classify_lines(cx, &seen);
    let content: Vec<&Line> = lines.iter().filter(|l| l.kind != LineKind::Blank).collect();
    for b in line_blocks(&content, &seen) {
        push_block(cx.text, found, b);
    }
    let inline = inline::inline_signers(cx, &seen).into_iter();
    let prose = we_list::we_signers(cx, &seen).into_iter();
    for b in inline.chain(prose).chain(byline::byline_signers(cx, &seen)) {
        if found
            .blocks
            .iter()
            .any(|x| x.start < b.end && b.start < x.end)
        {
            continue;
        }
        push_block(cx.text, found, b);
    }
}

/// Adds a block and its names (as person candidates).
fn push_block(text: &str, found: &mut Candidates, b: RawBlock) {
    for &(s, e) in &b.names {
        found.mentions.push(Mention::rule_hit(
            text,
            s,
            e,
            EntityType::Person,
            Rule::SignatureBlock,
        ));
    }
    found.blocks.push(b);
}

/// What the rules before this one found: places and other names (so that a closing line's
/// place and a list's people are known), and people.
pub(super) struct Seen {
    /// Prisons, cities and countries: (start, end, type), by start.
    places: Vec<(usize, usize, EntityType)>,
    /// Names of anything but a person, by start.
    others: Vec<(usize, usize)>,
    /// People: (start, end), by start, the longest first.
    persons: Vec<(usize, usize)>,
}

impl Seen {
    fn new(mentions: &[Mention]) -> Seen {
        let mut places = Vec::new();
        let mut others = Vec::new();
        let mut persons = Vec::new();
        for m in mentions {
            match m.etype {
                EntityType::Person => persons.push((m.start, m.end)),
                t => {
                    if matches!(
                        t,
                        EntityType::Prison | EntityType::City | EntityType::Country
                    ) {
                        places.push((m.start, m.end, t));
                    }
                    others.push((m.start, m.end));
                }
            }
        }
        places.sort_unstable_by_key(|p| (p.0, std::cmp::Reverse(p.1)));
        others.sort_unstable_by_key(|p| (p.0, std::cmp::Reverse(p.1)));
        persons.sort_unstable_by_key(|p| (p.0, std::cmp::Reverse(p.1)));
        Seen {
            places,
            others,
            persons,
        }
    }

    /// The places inside `[s, e)`, by start.
    fn places_in(&self, s: usize, e: usize) -> impl Iterator<Item = &(usize, usize, EntityType)> {
        let k = self.places.partition_point(|p| p.0 < s);
        self.places[k..]
            .iter()
            .take_while(move |p| p.0 < e)
            .filter(move |p| p.1 <= e)
    }

    /// The end of the longest person starting at byte `s`.
    fn person_at(&self, s: usize) -> Option<usize> {
        let k = self.persons.partition_point(|p| p.0 < s);
        self.persons.get(k).filter(|p| p.0 == s).map(|p| p.1)
    }

    /// True when a person overlaps `[s, e)`.
    fn person_in(&self, s: usize, e: usize) -> bool {
        overlaps(&self.persons, s, e)
    }

    /// True when a name of something other than a person overlaps `[s, e)`.
    fn other_in(&self, s: usize, e: usize) -> bool {
        overlaps(&self.others, s, e)
    }
}

/// True when one of `spans` (sorted by start) overlaps `[s, e)`. Spans are short: one that
/// starts more than 200 bytes before `s` is not looked at.
fn overlaps(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    let from = spans.partition_point(|p| p.0 + 200 < s);
    spans[from..]
        .iter()
        .take_while(|p| p.0 < e)
        .any(|p| p.1 > s)
}

/// The blocks made of runs of name lines (blank lines skipped) with evidence that they sign
/// something: an opener before, an affiliation line before or after, closing lines after, or,
/// for one line under prose, its own prison and date in its note.
fn line_blocks(content: &[&Line], seen: &Seen) -> Vec<RawBlock> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < content.len() {
        if !matches!(content[i].kind, LineKind::Names(_)) {
            i += 1;
            continue;
        }
        let first = i;
        let mut names = Vec::new();
        while let Some(LineKind::Names(n)) = content.get(i).map(|l| &l.kind) {
            names.extend(n.iter().copied());
            i += 1;
        }
        let prev = first.checked_sub(1).map(|p| content[p]);
        let prev_kind = prev.map(|p| &p.kind);
        let mut start = content[first].s;
        let mut end = content[i - 1].e;
        let opener = prev_kind == Some(&LineKind::Opener);
        // "Prisons taking part:": the list of something else.
        let heading = prev_kind == Some(&LineKind::Heading);
        let mut affiliation = None;
        let mut aff_phrase = false;
        if let Some(p) = prev {
            if p.kind == LineKind::Affiliation {
                affiliation = Some((p.s, p.e));
                aff_phrase = true;
            }
            if opener || aff_phrase {
                start = p.s;
            }
        }
        let mut date = None;
        let mut closing = false;
        for l in content.iter().skip(i).take(MAX_CLOSING_LINES) {
            match &l.kind {
                LineKind::Affiliation => {
                    aff_phrase = true;
                    affiliation = affiliation.or(Some((l.s, l.e)));
                }
                LineKind::Closing(c) => {
                    closing = true;
                    if c.prison {
                        affiliation = affiliation.or(Some((l.s, l.e)));
                    }
                    date = date.or(c.date);
                }
                _ => break,
            }
            end = l.e;
        }
        // Closing lines alone: two names or more (or one, with a date and a prison), most of
        // them people to other rules too (not the names of a list of places), under some prose
        // (not a headline over the article's dateline).
        let known = names.iter().filter(|&&(s, e)| seen.person_in(s, e)).count();
        let closed = closing
            && (names.len() >= 2 || date.is_some() && affiliation.is_some())
            && 2 * known >= names.len()
            && under_prose(&content[..first]);
        // "A B – X Prison – 3 May 2024" alone under prose: one line that signs with its own
        // prison and a date with its day (not a caption's "A B – X Prison, 2019").
        let sign_off = content[first].sign_off.filter(|c| {
            c.prison
                && c.date.is_some_and(|d| d.day.is_some())
                && i - first == 1
                && !(opener || aff_phrase || closed)
                && under_prose(&content[..first])
        });
        if let Some(c) = sign_off {
            affiliation = Some((content[first].s, content[first].e));
            date = c.date;
        }
        let signed_off = sign_off.is_some();
        if !heading && (opener || aff_phrase || closed || signed_off) {
            out.push(RawBlock {
                start,
                end,
                names,
                affiliation,
                date,
                opener,
            });
        }
    }
    out
}

/// True when a line of prose ([`MIN_PROSE`] bytes or more) is among `before`: names under it
/// may sign what it says (not a headline over the article's dateline).
fn under_prose(before: &[&Line]) -> bool {
    before
        .iter()
        .any(|l| l.kind == LineKind::Other && l.e - l.s > MIN_PROSE)
}
