//! Letter frames of one document: every signature block and every writer ("X has written to
//! Y") anchors a frame; the trigger sentences around it ("The NCRI published a letter dated
//! December 18", "the following is the full text of the letter") attach to the next anchor and
//! give the publisher, the date, the recipient and the quoted text. A document that reports a
//! letter without naming signers gets one frame with no signers.

use std::collections::HashSet;

use super::events::{doc_events, EventFrame};
use super::members::group_members;
use super::most_common;
use super::one_letter::merge_told_and_signed;
use super::possessive::{own_letter_subject, possessive_writer};
use super::prose::{sentence_subject, subject_of_wrote, writers};
use super::quoted::quoted_writers;
use super::sketch::sketch_of;
use super::when::{complete, letter_date};
use crate::dates::{dateline, find_dates, years_in, DateMatch, PartialDate};
use crate::extract::{DocExtraction, Rule};
use crate::gazetteer::{Gazetteer, PhraseHits, RuleData};
use crate::text::Folded;
use crate::types::EntityType;

/// A letter or statement as reported by one document.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Frame {
    pub statement: bool,
    /// Span of what anchors the frame (the signature block, the writer's sentence, or the first
    /// trigger sentence).
    pub start: usize,
    pub end: usize,
    /// Signers in order: indices into the document's mentions.
    pub signers: Vec<usize>,
    pub date: Option<PartialDate>,
    /// Mention indices.
    pub prison: Option<usize>,
    pub recipient: Option<usize>,
    /// Index into the document's events, when the letter is addressed to an event.
    pub recipient_event: Option<usize>,
    pub publisher: Option<usize>,
    /// Span of the quoted text, when the article quotes it.
    pub quote: Option<(usize, usize)>,
    /// Bottom-k sketch of the word 4-shingles of the text around the frame.
    pub sketch: Vec<u64>,
}

/// What structure finds in one document.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DocStructure {
    pub frames: Vec<Frame>,
    pub events: Vec<EventFrame>,
    /// The year most full dates of the body have (page headers excluded), for dates without one.
    pub year_hint: Option<i32>,
}

/// One document as the steps of [`frames_folded`] see it: its text and folded view, what
/// extraction found in it, its sentences, and its dates after the page header.
pub(super) struct DocView<'a> {
    pub(super) text: &'a str,
    pub(super) folded: &'a Folded,
    pub(super) ex: &'a DocExtraction,
    /// Sorted and disjoint.
    sents: Vec<(usize, usize)>,
    pub(super) dates: Vec<DateMatch>,
    /// End of the page header ([`header_end`]).
    pub(super) header_end: usize,
    /// The article's own date ([`crate::dates::dateline`]), for dates written without a year
    /// and weekdays ("on Saturday").
    pub(super) dateline: Option<PartialDate>,
    /// The year most full dates of the body have.
    pub(super) year_hint: Option<i32>,
    pub(super) rules: &'a RuleData,
    /// Where the letter nouns are in the folded text (phrase index, folded start).
    letter_nouns: &'a [(usize, usize)],
}

impl DocView<'_> {
    /// The sentence that holds byte `pos` (an empty span at `pos` between sentences).
    pub(super) fn sentence_of(&self, pos: usize) -> (usize, usize) {
        // Sentences are sorted and disjoint: binary search (a document may have thousands).
        let i = self.sents.partition_point(|&(_, e)| e <= pos);
        self.sents
            .get(i)
            .copied()
            .filter(|&(s, _)| s <= pos)
            .unwrap_or((pos, pos))
    }

    /// The first mention of type `t` within `s..e`.
    fn mention_in(&self, s: usize, e: usize, t: EntityType) -> Option<usize> {
        self.ex
            .mentions
            .iter()
            .enumerate()
            .find(|(_, m)| m.etype == t && m.start >= s && m.end <= e)
            .map(|(i, _)| i)
    }

    /// The last mention of type `t` within `s..e` ("moved from X to Y Prison, has written": Y).
    fn last_mention_in(&self, s: usize, e: usize, t: EntityType) -> Option<usize> {
        self.ex
            .mentions
            .iter()
            .enumerate()
            .rfind(|(_, m)| m.etype == t && m.start >= s && m.end <= e)
            .map(|(i, _)| i)
    }

    /// The prison the article speaks of most (the first of those named most often), after the
    /// page header.
    fn main_prison(&self) -> Option<usize> {
        let mut counts: Vec<(&str, usize, usize)> = Vec::new();
        for (i, m) in self.ex.mentions.iter().enumerate() {
            if m.etype != EntityType::Prison || m.start < self.header_end {
                continue;
            }
            match counts.iter_mut().find(|c| c.0 == m.surface) {
                Some(c) => c.1 += 1,
                None => counts.push((&m.surface, 1, i)),
            }
        }
        let best = counts.iter().map(|c| c.1).max()?;
        counts.iter().find(|c| c.1 == best).map(|c| c.2)
    }

    /// The sentences of `s..e` that name a letter (`letter_nouns.txt`: "The appeal, dated ...").
    fn letter_sentences(&self, s: usize, e: usize) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for &(k, fs) in self.letter_nouns {
            let fe = fs + self.rules.letter_noun_list[k].len();
            let os = self.folded.original_offset(fs);
            if os < s || os >= e || !self.folded.is_word_bounded(fs, fe) {
                continue;
            }
            let sent = self.sentence_of(os);
            if out.last() != Some(&sent) {
                out.push(sent);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The sentences of a text: byte spans, trimmed. A line break ends a sentence; so does a full
/// stop, `!` or `?` before a space or a line break (or before a capital, for a full stop after
/// a lower-case letter) unless it ends an abbreviation.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut push = |from: usize, to: usize| {
        let line = &text[from..to];
        let s = line.trim();
        if !s.is_empty() {
            let off = from + (line.len() - line.trim_start().len());
            out.push((off, off + s.len()));
        }
    };
    let mut start = 0;
    let mut line_start = 0;
    for line_end in memchr::memchr_iter(b'\n', b).chain([b.len()]) {
        let stops = memchr::memchr3_iter(b'.', b'!', b'?', &b[line_start..line_end]);
        for i in stops.map(|k| line_start + k) {
            let c = b[i];
            let end_here = (i + 1 >= b.len()
                || b[i + 1] == b' '
                || b[i + 1] == b'\n'
                || b[i + 1] == b'\r'
                // "the regime.The group": a full stop with the space lost in scraping.
                || (c == b'.'
                    && b[i + 1].is_ascii_uppercase()
                    && i > 0
                    && b[i - 1].is_ascii_lowercase()))
                && !is_abbreviation(&text[start..i]);
            if end_here {
                push(start, i + 1);
                start = i + 1;
            }
        }
        if line_end < b.len() {
            push(start, line_end + 1);
            start = line_end + 1;
        }
        line_start = line_end + 1;
    }
    push(start, b.len());
    out
}

fn is_abbreviation(before: &str) -> bool {
    let w = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        w,
        "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "Prof" | "Jr" | "Sr" | "vs" | "No"
    ) || (w.len() == 1 && w.chars().all(|c| c.is_uppercase()))
}

/// A trigger phrase found in the text.
#[derive(Clone, Debug)]
struct Trigger {
    start: usize,
    end: usize,
    role: String,
    sentence: (usize, usize),
}

pub(super) fn find_phrases(
    folded: &Folded,
    phrases: &[(String, String)],
    hits: &[(usize, usize)],
) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    for &(k, s) in hits {
        let (p, role) = &phrases[k];
        {
            if !folded.is_word_bounded(s, s + p.len()) {
                continue;
            }
            let (os, oe) = folded.original_span(s, s + p.len());
            // Longer phrases were added first; skip one inside an already found phrase.
            if out.iter().any(|&(a, b, _)| os < b && a < oe) {
                continue;
            }
            out.push((os, oe, role.clone()));
        }
    }
    out.sort();
    out
}

/// Finds the letter frames and events of one document.
pub fn frames(text: &str, ex: &DocExtraction, gaz: &Gazetteer) -> DocStructure {
    let folded = Folded::new(text);
    let phrases = gaz.rules.phrase_hits(&folded.text);
    frames_folded(text, &folded, &phrases, ex, gaz)
}

/// [`frames`] with the folded text and its phrase hits already made (`Folded::new(text)`,
/// [`crate::gazetteer::RuleData::phrase_hits`]).
pub fn frames_folded(
    text: &str,
    folded: &Folded,
    phrases: &PhraseHits,
    ex: &DocExtraction,
    gaz: &Gazetteer,
) -> DocStructure {
    let rules = &gaz.rules;
    let header_end = header_end(text);
    let dates: Vec<_> = find_dates(text, rules)
        .into_iter()
        .filter(|d| d.start >= header_end)
        .collect();
    let year_hint = most_common(dates.iter().filter_map(|d| d.date.year));
    let doc = DocView {
        text,
        folded,
        ex,
        sents: sentences(text),
        dates,
        header_end,
        dateline: dateline(text, rules),
        year_hint,
        rules,
        letter_nouns: &phrases.letter_nouns,
    };
    // Events first: letters may be addressed to them.
    let events = doc_events(&doc, phrases, rules);
    let mut anchors = anchors(&doc);
    let triggers = letter_triggers(&doc, phrases, rules, &anchors);
    let prose = prose_anchors(&doc, &triggers, &mut anchors);
    let (attached, loose) = attach(text, &triggers, &anchors);
    let frames = anchored_frames(&doc, &events, &anchors, &attached, &prose);
    let is_block: Vec<bool> = anchors
        .iter()
        .map(|a| matches!(a.2, Anchor::Block(_)))
        .collect();
    let mut frames = merge_told_and_signed(ex, frames, &is_block);
    if anchors.is_empty() {
        frames.extend(reported_frame(&doc, &events, &loose));
    }
    DocStructure {
        frames,
        events,
        year_hint,
    }
}

/// What anchors a letter frame: a signature block or a writer (indices into the document's
/// blocks and mentions).
#[derive(Clone, Copy)]
enum Anchor {
    Block(usize),
    Writer(usize),
    /// A letter sentence with its writers (an index into the prose writers' lists).
    Prose(usize),
}

/// The anchors of a document, by start: its signature blocks, and the sentence of each writer
/// who signs no block.
fn anchors(doc: &DocView) -> Vec<(usize, usize, Anchor)> {
    let ex = doc.ex;
    let mut anchors: Vec<(usize, usize, Anchor)> = Vec::new();
    for (i, b) in ex.blocks.iter().enumerate() {
        anchors.push((b.start, b.end, Anchor::Block(i)));
    }
    for (i, m) in ex.mentions.iter().enumerate() {
        if m.rule == Rule::Writer && !ex.blocks.iter().any(|b| b.signers.contains(&i)) {
            let (ss, se) = doc.sentence_of(m.start);
            anchors.push((ss, se, Anchor::Writer(i)));
        }
    }
    anchors.sort_by_key(|a| a.0);
    anchors
}

/// The letter trigger phrases of a document with their sentences (those in the page header
/// only when nothing anchors a frame).
fn letter_triggers(
    doc: &DocView,
    phrases: &PhraseHits,
    rules: &RuleData,
    anchors: &[(usize, usize, Anchor)],
) -> Vec<Trigger> {
    find_phrases(doc.folded, &rules.letter_triggers, &phrases.letter_triggers)
        .into_iter()
        .filter(|t| t.0 >= doc.header_end || anchors.is_empty())
        .map(|(s, e, role)| Trigger {
            start: s,
            end: e,
            role,
            sentence: doc.sentence_of(s),
        })
        .collect()
}

/// The letter sentences that name their writers in prose ([`writers`]) and that no signature
/// block or writer anchors already: each becomes an anchor (added to `anchors`, kept sorted)
/// whose writers are returned by index.
fn prose_anchors(
    doc: &DocView,
    triggers: &[Trigger],
    anchors: &mut Vec<(usize, usize, Anchor)>,
) -> Vec<Vec<usize>> {
    let mut lists: Vec<Vec<usize>> = Vec::new();
    for t in triggers {
        if !matches!(t.role.as_str(), "letter" | "written_to" | "statement") {
            continue;
        }
        let (ss, se) = t.sentence;
        let overlapping = |a: &(usize, usize, Anchor)| a.0 < se && ss < a.1;
        if anchors
            .iter()
            .any(|a| overlapping(a) && !matches!(a.2, Anchor::Writer(_)))
        {
            continue;
        }
        let w = writers(doc, t.sentence, (t.start, t.end));
        // A list of writers takes the place of the one writer the `writer` rule saw in it.
        let covers_writers = anchors
            .iter()
            .filter(|a| overlapping(a))
            .all(|a| match a.2 {
                Anchor::Writer(i) => w.contains(&i) && w.len() > 1,
                _ => false,
            });
        if w.is_empty() || !covers_writers {
            continue;
        }
        anchors.retain(|a| !overlapping(a));
        anchors.push((ss, se, Anchor::Prose(lists.len())));
        lists.push(w);
    }
    // No sentence named writers: the sentences after the first letter sentence may ("Three
    // prisoners wrote an open letter. From Ward 7, A, B and C wrote of ..."; "The inmates,
    // including A, B and C, say ...": [`group_members`]).
    if anchors.is_empty() {
        let first = triggers
            .iter()
            .find(|t| matches!(t.role.as_str(), "letter" | "written_to" | "statement"));
        if let Some(t) = first {
            let i = doc.sents.partition_point(|&(s, _)| s <= t.sentence.0);
            let next = &doc.sents[i..(i + FOLLOW_UP).min(doc.sents.len())];
            let named = subject_of_wrote(doc, next).or_else(|| group_members(doc, next));
            if let Some(((ss, se), w)) = named {
                anchors.push((ss, se, Anchor::Prose(lists.len())));
                lists.push(w);
            }
        }
    }
    // "The political prisoner A wrote from X Prison. In his letter, he recalled ...": the one
    // person a sentence opens with, before the first sentence that refers back to a letter.
    if anchors.is_empty() {
        if let Some(t) = triggers.iter().find(|t| t.role == "back") {
            let i = doc.sents.partition_point(|&(_, e)| e <= t.sentence.0);
            let before = i.checked_sub(1).map(|k| doc.sents[k]);
            if let Some(((ss, se), w)) = before.and_then(|s| sentence_subject(doc, s)) {
                anchors.push((ss, se, Anchor::Prose(lists.len())));
                lists.push(w);
            }
        }
    }
    // Still nothing: writers who quote their letter ("A and B, two prisoners, wrote: “... this
    // letter ...”", [`quoted_writers`]), or a prisoner whose possessive names a letter ("A's
    // letter", [`possessive_writer`]; "In her letter, A wrote", [`own_letter_subject`]).
    if anchors.is_empty() {
        let back = triggers.iter().find(|t| t.role == "back");
        let named = quoted_writers(doc, &doc.sents)
            .or_else(|| possessive_writer(doc))
            .or_else(|| back.and_then(|t| own_letter_subject(doc, t.sentence, (t.start, t.end))));
        if let Some(((ss, se), w)) = named {
            anchors.push((ss, se, Anchor::Prose(lists.len())));
            lists.push(w);
        }
    }
    anchors.sort_by_key(|a| a.0);
    lists
}

/// Sentences after a letter sentence in which its writers may be named (see [`prose_anchors`]).
const FOLLOW_UP: usize = 3;

/// The triggers attached to each anchor, and those left with no anchor.
#[allow(clippy::type_complexity)]
fn attach<'t>(
    text: &str,
    triggers: &'t [Trigger],
    anchors: &[(usize, usize, Anchor)],
) -> (Vec<Vec<&'t Trigger>>, Vec<&'t Trigger>) {
    let mut attached: Vec<Vec<&Trigger>> = vec![Vec::new(); anchors.len()];
    let mut loose: Vec<&Trigger> = Vec::new();
    // Trigger sentences attach to the next anchor: an article announces a letter, then quotes it,
    // then gives the signatures. A sentence that refers back to one writer ("his letter", role
    // `back`) attaches to the anchor before it instead, and so does a sentence of the paragraph
    // of a letter told in prose when the next anchor is in another paragraph (a round-up of
    // letters, a paragraph each).
    let same_paragraph = |a: usize, b: usize| !text[a.min(b)..a.max(b)].contains('\n');
    let back_sentences: HashSet<(usize, usize)> = triggers
        .iter()
        .filter(|u| u.role == "back")
        .map(|u| u.sentence)
        .collect();
    for t in triggers {
        let inside_or_next = anchors.iter().position(|a| t.start < a.1);
        let previous = anchors.iter().rposition(|a| a.1 <= t.sentence.0);
        let back = back_sentences.contains(&t.sentence)
            || previous.is_some_and(|p| {
                let (_, pe, pa) = anchors[p];
                matches!(pa, Anchor::Prose(_) | Anchor::Writer(_))
                    && same_paragraph(pe, t.start)
                    && inside_or_next.is_none_or(|n| !same_paragraph(t.end, anchors[n].0))
            });
        let k = match (back, previous, inside_or_next) {
            (true, Some(p), _) => Some(p),
            (_, _, Some(n)) => Some(n),
            _ if !anchors.is_empty() => Some(anchors.len() - 1),
            _ => None,
        };
        match k {
            Some(k) => attached[k].push(t),
            None => loose.push(t),
        }
    }
    (attached, loose)
}

/// One frame per anchor, filled from the trigger sentences attached to it, with the sketch of
/// the letter's text.
fn anchored_frames(
    doc: &DocView,
    events: &[EventFrame],
    anchors: &[(usize, usize, Anchor)],
    attached: &[Vec<&Trigger>],
    prose: &[Vec<usize>],
) -> Vec<Frame> {
    let text = doc.text;
    let mut frames: Vec<Frame> = Vec::new();
    let mut prev_end = doc.header_end;
    for (k, &(astart, aend, anchor)) in anchors.iter().enumerate() {
        let ts = &attached[k];
        let mut f = Frame {
            start: astart,
            end: aend,
            ..Frame::default()
        };
        match anchor {
            Anchor::Block(b) => {
                let blk = &doc.ex.blocks[b];
                f.signers = blk.signers.clone();
                f.date = blk.date;
                if let Some((s, e)) = blk.affiliation {
                    f.prison = doc.mention_in(s, e, EntityType::Prison);
                }
            }
            Anchor::Writer(i) => {
                f.signers = vec![i];
                f.prison = doc.mention_in(astart, aend, EntityType::Prison);
            }
            Anchor::Prose(k) => {
                f.signers = prose[k].clone();
                f.prison = doc.last_mention_in(astart, aend, EntityType::Prison);
            }
        }
        fill_from_triggers(text, doc.ex, events, ts, &mut f);
        if f.prison.is_none() {
            f.prison = ts
                .iter()
                .find_map(|t| doc.mention_in(t.sentence.0, t.sentence.1, EntityType::Prison));
        }
        let context = match anchor {
            Anchor::Block(_) => (prev_end, aend),
            _ => (astart, anchors.get(k + 1).map_or(text.len(), |a| a.0)),
        };
        settle(doc, &mut f, ts, context);
        // The text of the letter: between the previous anchor and this one (for a block under
        // the letter), or after this anchor up to the next (for a writer).
        let region = match anchor {
            Anchor::Block(_) => (prev_end, astart),
            Anchor::Writer(_) | Anchor::Prose(_) => {
                // Up to the next anchor, or to the first sentence that speaks of the next letter.
                let next = anchors.get(k + 1).map_or(text.len(), |a| a.0);
                let next_talk = attached
                    .get(k + 1)
                    .and_then(|ts| ts.iter().map(|t| t.sentence.0).filter(|&s| s >= aend).min())
                    .unwrap_or(next);
                (aend, next_talk.min(next))
            }
        };
        // Anchors may overlap (a writer's sentence around a signature block): never an
        // inverted region.
        let region = (region.0.min(region.1), region.1);
        let quote_from = ts
            .iter()
            .filter(|t| t.role == "quote")
            .map(|t| t.sentence.1)
            .filter(|&e| e >= region.0 && e < region.1)
            .max()
            .unwrap_or(region.0);
        let region = (quote_from, region.1);
        f.sketch = sketch_of(doc.folded, region);
        if ts.iter().any(|t| t.role == "quote") {
            f.quote = Some(region);
        }
        if f.recipient.is_none() && f.recipient_event.is_none() {
            f.recipient = salutation(text, doc.ex, region);
        }
        prev_end = aend;
        frames.push(f);
    }
    frames
}

/// What a frame's anchor and trigger sentences did not give: the date from the sentences around
/// it that speak of the letter ([`letter_date`]), its year from the article, and the prison the
/// article speaks of most.
fn settle(doc: &DocView, f: &mut Frame, ts: &[&Trigger], context: (usize, usize)) {
    if f.date.is_none() {
        let mut spans = vec![doc.sentence_of(f.start)];
        spans.extend(ts.iter().map(|t| t.sentence));
        spans.extend(doc.letter_sentences(context.0, context.1));
        f.date = letter_date(doc, &spans);
    }
    f.date = f.date.map(|d| complete(doc, d));
    if f.prison.is_none() {
        f.prison = doc.main_prison();
    }
}

/// The frame of a document that reports a letter without anchoring it (no signature block, no
/// writer): from its trigger sentences, the first one giving the span.
fn reported_frame(doc: &DocView, events: &[EventFrame], loose: &[&Trigger]) -> Option<Frame> {
    let text = doc.text;
    // A letter is reported only by a phrase that says so; "published" alone is not enough,
    // "published a letter" is.
    let reports_letter = loose.iter().any(|t| match t.role.as_str() {
        "letter" | "written_to" | "quote" | "statement" => true,
        "published" => text[t.start..t.end].contains("letter"),
        _ => false,
    });
    if !reports_letter {
        return None;
    }
    let first = loose[0];
    let mut f = Frame {
        start: first.sentence.0,
        end: first.sentence.1,
        statement: loose.iter().all(|t| t.role == "statement"),
        ..Frame::default()
    };
    fill_from_triggers(text, doc.ex, events, loose, &mut f);
    let mut spans: Vec<(usize, usize)> = loose.iter().map(|t| t.sentence).collect();
    spans.extend(doc.letter_sentences(doc.header_end, text.len()));
    f.date = letter_date(doc, &spans).map(|d| complete(doc, d));
    f.prison = loose
        .iter()
        .find_map(|t| doc.mention_in(t.sentence.0, t.sentence.1, EntityType::Prison));
    let from = loose
        .iter()
        .filter(|t| t.role == "quote")
        .map(|t| t.sentence.1)
        .max();
    let region = (from.unwrap_or(first.sentence.0), text.len());
    f.sketch = sketch_of(doc.folded, region);
    if from.is_some() {
        f.quote = Some(region);
    }
    Some(f)
}

/// Publisher and recipient from the trigger sentences of a frame.
fn fill_from_triggers(
    text: &str,
    ex: &DocExtraction,
    events: &[EventFrame],
    ts: &[&Trigger],
    f: &mut Frame,
) {
    // The frame's own sentence first: a sentence before it may speak of another letter.
    let own = |t: &&Trigger| !(t.start >= f.start && t.end <= f.end);
    let mut ts = ts.to_vec();
    ts.sort_by_key(own);
    for t in ts {
        let (ss, se) = t.sentence;
        if t.role == "published" && f.publisher.is_none() {
            f.publisher = ex
                .mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| {
                    m.etype == EntityType::Organization && m.start >= ss && m.end <= t.start
                })
                .map(|(i, _)| i)
                .next_back();
        }
        if (t.role == "written_to" || t.role == "letter")
            && f.recipient.is_none()
            && f.recipient_event.is_none()
        {
            if let Some(ev) = events.iter().position(|e| e.start == ss) {
                f.recipient_event = Some(ev);
            } else {
                f.recipient = addressee(text, ex, t, se);
            }
        }
        if t.role == "statement" {
            f.statement = true;
        }
    }
}

/// Whom the letter phrase `t` (ending a sentence at `se`) says the letter is written to: the
/// first mention after " to " ("has written to X", "an open letter to X", "has written from Y
/// Prison to X"); a person written in apposition after it is preferred ("to the UN High
/// Commissioner, X": X). None when the phrase is not followed by " to " in its sentence.
fn addressee(text: &str, ex: &DocExtraction, t: &Trigger, se: usize) -> Option<usize> {
    let from = if text[t.start..t.end].ends_with("to") {
        t.end
    } else {
        let rest = &text[t.end..se];
        let to = rest.find(" to ")?;
        // Only the letter's own "to": within the next few words.
        if to > 60 {
            return None;
        }
        t.end + to + 4
    };
    let m = &ex.mentions;
    // By position (spelling variants are appended after the sorted mentions).
    let after = |pos: usize| {
        (0..m.len())
            .filter(|&i| m[i].start >= pos && m[i].end <= se && m[i].etype != EntityType::Country)
            .min_by_key(|&i| m[i].start)
    };
    let first = after(from)?;
    if m[first].etype != EntityType::Person {
        if let Some(next) = after(m[first].end) {
            let gap = &text[m[first].end..m[next].start];
            if m[next].etype == EntityType::Person && (gap == ", " || gap == " ") {
                return Some(next);
            }
        }
    }
    Some(first)
}

/// "O, Aleppo, ...", "Dear Mr. X," "To the people of X": the first mention of the letter's
/// opening words.
fn salutation(text: &str, ex: &DocExtraction, region: (usize, usize)) -> Option<usize> {
    let body = &text[region.0..region.1];
    let lead = body.len() - body.trim_start().len();
    let s = region.0 + lead;
    let head: String = text[s..region.1].chars().take(12).collect();
    let opens = head.starts_with("O,")
        || head.starts_with("O ")
        || head.starts_with("Dear ")
        || head.starts_with("To ");
    if !opens {
        return None;
    }
    let limit = (s + 60).min(region.1);
    ex.mentions
        .iter()
        .enumerate()
        .find(|(_, m)| m.start >= s && m.end <= limit && m.etype != EntityType::Country)
        .map(|(i, _)| i)
}

/// End of the page header: leading lines that are a date alone or site navigation are not
/// part of the article ("Tuesday, July 16, 2024" above a story is the crawl date).
fn header_end(text: &str) -> usize {
    let mut pos = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n >= 3 {
            break;
        }
        let t = line.trim();
        let datey = t.len() <= 40
            && years_in(t).len() == 1
            && t.chars().filter(|c| c.is_alphabetic()).count() <= 20;
        if datey {
            pos += line.len();
            return pos;
        }
        pos += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The earlier `sentences`, byte by byte: the reference for the one that jumps between
    /// line breaks and stops.
    fn sentences_byte_by_byte(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let end_here = c == b'\n'
                || ((c == b'.' || c == b'!' || c == b'?')
                    && (i + 1 >= b.len()
                        || b[i + 1] == b' '
                        || b[i + 1] == b'\n'
                        || b[i + 1] == b'\r'
                        // "the regime.The group": a full stop with the space lost in scraping.
                        || (c == b'.'
                            && b[i + 1].is_ascii_uppercase()
                            && i > 0
                            && b[i - 1].is_ascii_lowercase()))
                    && !is_abbreviation(&text[start..i]));
            if end_here {
                let line = &text[start..=i];
                let s = line.trim();
                if !s.is_empty() {
                    let off = start + (line.len() - line.trim_start().len());
                    out.push((off, off + s.len()));
                }
                start = i + 1;
            }
            i += 1;
        }
        let line = &text[start..];
        let s = line.trim();
        if !s.is_empty() {
            let off = start + (line.len() - line.trim_start().len());
            out.push((off, off + s.len()));
        }
        out
    }

    #[test]
    fn sentences_as_byte_by_byte() {
        for s in [
            "",
            "\n",
            "One. Two!\nThree? Mr. X met Dr. Y.The end",
            "  Lead.  \r\n\n  Trail . no.\n.",
            "A. B. Smith wrote. U.S. policy?!",
            "é. Ü.É x.Y x.\u{a0}y",
        ] {
            assert_eq!(sentences(s), sentences_byte_by_byte(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn sentences_as_byte_by_byte_on_any_text(s in "([a-zA-Z .!?\n\r]|Mr|No|é|\\PC){0,60}") {
            proptest::prop_assert_eq!(sentences(&s), sentences_byte_by_byte(&s));
        }
    }

    #[test]
    fn crawl_date_is_a_header() {
        let t = "Tuesday, July 16, 2024\nHome\nStory text.";
        assert_eq!(header_end(t), "Tuesday, July 16, 2024\n".len());
        assert_eq!(header_end("Story.\nMore."), 0);
    }
}

#[cfg(test)]
mod recipient_tests {
    use crate::extract::extract;
    use crate::gazetteer::Gazetteer;
    use crate::structure::frames;

    fn recipients(text: &str) -> Vec<Option<String>> {
        let g = Gazetteer::with_entries(Vec::new());
        let ex = extract(text, &g);
        frames(text, &ex, &g)
            .frames
            .iter()
            .map(|f| f.recipient.map(|i| ex.mentions[i].surface.clone()))
            .collect()
    }

    #[test]
    fn the_person_in_apposition_after_an_office() {
        assert_eq!(
            recipients("Sara Amini has written to the head of the judiciary, Omid Farahani, about her trial."),
            vec![Some("Omid Farahani".to_string())]
        );
    }

    #[test]
    fn written_from_a_prison_to_someone() {
        assert_eq!(
            recipients("Reza Tavakoli has written from the ward to Nasrin Ghaderi, a lawyer."),
            vec![Some("Nasrin Ghaderi".to_string())]
        );
    }

    #[test]
    fn a_month_is_no_march() {
        let g = Gazetteer::with_entries(Vec::new());
        let t = "LONDON, March 7, 2024 - Sara Amini has written a letter to the council.";
        let ex = extract(t, &g);
        assert!(frames(t, &ex, &g).events.is_empty());
    }

    #[test]
    fn published_a_letter_reports_one() {
        // Nobody named: one frame from "published a letter"; "published" alone makes none.
        assert_eq!(
            recipients("Four women freed from the ward last week published a letter on the cellmates they left."),
            vec![None]
        );
        assert!(recipients("The weekly published a report on the ward.").is_empty());
    }
}
