//! Structure: letters, statements and events.
//!
//! Two steps, on either side of resolution:
//! 1. [`frames`] (per document, while its text is at hand): every signature block and every
//!    writer ("X has written to Y") anchors a letter frame; the trigger sentences around it
//!    ("The NCRI published a letter dated December 18", "the following is the full text of the
//!    letter") attach to the next anchor and give the publisher, the date, the recipient and the
//!    quoted text. A document that reports a letter without naming signers gets one frame with no
//!    signers. Events come from event words (conference, rally, ...) in a sentence with a date or
//!    a city.
//! 2. [`assemble`] (corpus-wide, after resolution): signers become entities, and frames of
//!    different documents that quote the same text (a sketch of word shingles, robust to small
//!    edits) or list the same signers with a compatible date become one letter.
//!
//! Trigger phrases come from `gazetteer/rules/letter_triggers.tsv` and `event_triggers.tsv`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::dates::{find_dates, years_in, PartialDate};
use crate::extract::{DocExtraction, Rule};
use crate::gazetteer::{Gazetteer, PhraseHits};
use crate::text::{floor_boundary, fold, Folded};
use crate::types::{slug, EntityType};

/// A shingle in more frames than this is boilerplate, not a quotation of one letter.
const MAX_QUOTING_FRAMES: usize = 50;

/// How many of the smallest shingle hashes a quoted text keeps (bottom-k sketch).
const SKETCH: usize = 64;

/// A letter or statement as reported by one document.
#[derive(Clone, Debug, Default, PartialEq)]
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

/// An event as reported by one document.
#[derive(Clone, Debug, PartialEq)]
pub struct EventFrame {
    /// `conference`, `rally`, `hunger-strike`, ... (from `event_triggers.tsv`).
    pub kind: String,
    /// The sentence that reports it.
    pub start: usize,
    pub end: usize,
    pub date: Option<PartialDate>,
    /// Mention indices.
    pub city: Option<usize>,
    pub organizer: Option<usize>,
    /// A title given in quotes after "titled", if any.
    pub title: Option<String>,
}

/// What structure finds in one document.
#[derive(Clone, Debug, Default)]
pub struct DocStructure {
    pub frames: Vec<Frame>,
    pub events: Vec<EventFrame>,
    /// The year most full dates of the body have (page headers excluded), for dates without one.
    pub year_hint: Option<i32>,
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

fn find_phrases(
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
    let sents = sentences(text);
    // Sentences are sorted and disjoint: binary search (a document may have thousands).
    let sentence_of = |pos: usize| -> (usize, usize) {
        let i = sents.partition_point(|&(_, e)| e <= pos);
        sents
            .get(i)
            .copied()
            .filter(|&(s, _)| s <= pos)
            .unwrap_or((pos, pos))
    };
    let header_end = header_end(text);
    let dates: Vec<_> = find_dates(text, rules)
        .into_iter()
        .filter(|d| d.start >= header_end)
        .collect();
    let year_hint = most_common(dates.iter().filter_map(|d| d.date.year));

    // Events first: letters may be addressed to them.
    let mut events: Vec<EventFrame> = Vec::new();
    // One event per sentence: the event word nearest to the sentence's date (or the first one)
    // takes the date and the city; "the 2016 conference in Paris on the 1988 massacre" is one
    // conference.
    let mut event_words = find_phrases(folded, &rules.event_triggers, &phrases.event_triggers);
    {
        let mut chosen: Vec<(usize, usize, String)> = Vec::new();
        for w in event_words.drain(..) {
            let sent = sentence_of(w.0);
            let date_pos = dates
                .iter()
                .find(|d| d.start >= sent.0 && d.end <= sent.1)
                .map(|d| d.start);
            match chosen.iter_mut().find(|c| sentence_of(c.0) == sent) {
                Some(c) => {
                    if let Some(dp) = date_pos {
                        if w.0.abs_diff(dp) < c.0.abs_diff(dp) {
                            *c = w;
                        }
                    }
                }
                None => chosen.push(w),
            }
        }
        event_words = chosen;
    }
    for (s, e, kind) in event_words {
        let (ss, se) = sentence_of(s);
        let date = dates
            .iter()
            .filter(|d| d.start >= ss && d.end <= se && d.date.day.is_some())
            .min_by_key(|d| d.start.abs_diff(s))
            .map(|d| d.date);
        let in_sentence = |t: EntityType| {
            ex.mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| m.etype == t && m.start >= ss && m.end <= se)
                .min_by_key(|(_, m)| m.start.abs_diff(e))
                .map(|(i, _)| i)
        };
        let city = in_sentence(EntityType::City);
        let organizer = in_sentence(EntityType::Organization).filter(|&i| {
            // The organizer is named just after "by" ("organised by", "called by") or "at the
            // invitation of". (Folded text has no trailing space.)
            let m = &ex.mentions[i];
            let before =
                fold(&text[floor_boundary(text, ss.max(m.start.saturating_sub(40)))..m.start]);
            let words: Vec<&str> = before
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty() && *w != "the")
                .collect();
            matches!(words.as_slice(), [.., "by"] | [.., "invitation", "of"])
        });
        let title = titled(text, e, se);
        if let Some(prev) = events.iter_mut().find(|x| x.kind == kind) {
            // One event of a kind per document: fill what the earlier sentence lacked.
            if prev.date.is_none() {
                prev.date = date;
            }
            if prev.city.is_none() {
                prev.city = city;
            }
            if prev.organizer.is_none() {
                prev.organizer = organizer;
            }
            if prev.title.is_none() {
                prev.title = title;
            }
            continue;
        }
        events.push(EventFrame {
            kind,
            start: ss,
            end: se,
            date,
            city,
            organizer,
            title,
        });
    }
    // An event is a dated happening; an event word with no date is only a topic.
    events.retain(|e| e.date.is_some());

    // Anchors: signature blocks and writers.
    #[derive(Clone, Copy)]
    enum Anchor {
        Block(usize),
        Writer(usize),
    }
    let mut anchors: Vec<(usize, usize, Anchor)> = Vec::new();
    for (i, b) in ex.blocks.iter().enumerate() {
        anchors.push((b.start, b.end, Anchor::Block(i)));
    }
    for (i, m) in ex.mentions.iter().enumerate() {
        if m.rule == Rule::Writer && !ex.blocks.iter().any(|b| b.signers.contains(&i)) {
            let (ss, se) = sentence_of(m.start);
            anchors.push((ss, se, Anchor::Writer(i)));
        }
    }
    anchors.sort_by_key(|a| a.0);

    let triggers: Vec<Trigger> =
        find_phrases(folded, &rules.letter_triggers, &phrases.letter_triggers)
            .into_iter()
            .filter(|t| t.0 >= header_end || anchors.is_empty())
            .map(|(s, e, role)| Trigger {
                start: s,
                end: e,
                role,
                sentence: sentence_of(s),
            })
            .collect();

    let mut frames: Vec<Frame> = Vec::new();
    let mut attached: Vec<Vec<&Trigger>> = vec![Vec::new(); anchors.len()];
    let mut loose: Vec<&Trigger> = Vec::new();
    // Trigger sentences attach to the next anchor: an article announces a letter, then quotes it,
    // then gives the signatures. A sentence that refers back to one writer ("his letter", role
    // `back`) attaches to the anchor before it instead.
    let back_sentences: std::collections::HashSet<(usize, usize)> = triggers
        .iter()
        .filter(|u| u.role == "back")
        .map(|u| u.sentence)
        .collect();
    for t in &triggers {
        let inside_or_next = anchors.iter().position(|a| t.start < a.1);
        let back = back_sentences.contains(&t.sentence);
        let previous = anchors.iter().rposition(|a| a.1 <= t.sentence.0);
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
    let mention_in = |s: usize, e: usize, t: EntityType| {
        ex.mentions
            .iter()
            .enumerate()
            .find(|(_, m)| m.etype == t && m.start >= s && m.end <= e)
            .map(|(i, _)| i)
    };
    let mut prev_end = header_end;
    for (k, &(astart, aend, anchor)) in anchors.iter().enumerate() {
        let ts = &attached[k];
        let mut f = Frame {
            start: astart,
            end: aend,
            ..Frame::default()
        };
        match anchor {
            Anchor::Block(b) => {
                let blk = &ex.blocks[b];
                f.signers = blk.signers.clone();
                f.date = blk.date;
                if let Some((s, e)) = blk.affiliation {
                    f.prison = mention_in(s, e, EntityType::Prison);
                }
            }
            Anchor::Writer(i) => {
                f.signers = vec![i];
                f.prison = mention_in(astart, aend, EntityType::Prison);
            }
        }
        fill_from_triggers(text, ex, &events, ts, &dates, &mut f);
        if f.prison.is_none() {
            f.prison = ts
                .iter()
                .find_map(|t| mention_in(t.sentence.0, t.sentence.1, EntityType::Prison));
        }
        // The text of the letter: between the previous anchor and this one (for a block under
        // the letter), or after this anchor up to the next (for a writer).
        let region = match anchor {
            Anchor::Block(_) => (prev_end, astart),
            Anchor::Writer(_) => {
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
        f.sketch = sketch_of(folded, region);
        if ts.iter().any(|t| t.role == "quote") {
            f.quote = Some(region);
        }
        if f.recipient.is_none() && f.recipient_event.is_none() {
            f.recipient = salutation(text, ex, region);
        }
        prev_end = aend;
        frames.push(f);
    }
    // A letter is reported only by a phrase that says so; "published" alone is not enough.
    let reports_letter = loose.iter().any(|t| {
        matches!(
            t.role.as_str(),
            "letter" | "written_to" | "quote" | "statement"
        )
    });
    if anchors.is_empty() && reports_letter {
        let first = loose[0];
        let mut f = Frame {
            start: first.sentence.0,
            end: first.sentence.1,
            statement: loose.iter().all(|t| t.role == "statement"),
            ..Frame::default()
        };
        fill_from_triggers(text, ex, &events, &loose, &dates, &mut f);
        f.prison = loose
            .iter()
            .find_map(|t| mention_in(t.sentence.0, t.sentence.1, EntityType::Prison));
        let from = loose
            .iter()
            .filter(|t| t.role == "quote")
            .map(|t| t.sentence.1)
            .max();
        let region = (from.unwrap_or(first.sentence.0), text.len());
        f.sketch = sketch_of(folded, region);
        if from.is_some() {
            f.quote = Some(region);
        }
        frames.push(f);
    }
    DocStructure {
        frames,
        events,
        year_hint,
    }
}

/// Publisher, date and recipient from the trigger sentences of a frame.
fn fill_from_triggers(
    text: &str,
    ex: &DocExtraction,
    events: &[EventFrame],
    ts: &[&Trigger],
    dates: &[crate::dates::DateMatch],
    f: &mut Frame,
) {
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
        if f.date.is_none() {
            // "a letter dated December 18", "on 3 May 2019 wrote".
            f.date = dates
                .iter()
                .filter(|d| d.start >= ss && d.end <= se)
                .find(|d| {
                    let before = fold(&text[ss..d.start]);
                    let last = before.rsplit(' ').next().unwrap_or("");
                    last == "dated" || last == "on"
                })
                .map(|d| d.date);
        }
        if (t.role == "written_to" || t.role == "letter")
            && f.recipient.is_none()
            && f.recipient_event.is_none()
        {
            {
                if let Some(ev) = events.iter().position(|e| e.start == ss) {
                    f.recipient_event = Some(ev);
                } else if t.role == "written_to" {
                    f.recipient = ex
                        .mentions
                        .iter()
                        .enumerate()
                        .find(|(_, m)| {
                            m.start >= t.end && m.end <= se && m.etype != EntityType::Country
                        })
                        .map(|(i, _)| i);
                }
            }
        }
        if t.role == "statement" {
            f.statement = true;
        }
    }
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

/// The title of an event: the quoted words after "titled" in the sentence.
fn titled(text: &str, from: usize, to: usize) -> Option<String> {
    let s = &text[from..to];
    let p = s.find("titled")?;
    let rest = &s[p..];
    let open = rest.find(['“', '"'])?;
    let after = &rest[open + rest[open..].chars().next()?.len_utf8()..];
    let close = after.find(['”', '"'])?;
    Some(after[..close].trim().to_string()).filter(|t| !t.is_empty())
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

fn most_common(it: impl Iterator<Item = i32>) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for y in it {
        *counts.entry(y).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(y, c)| (c, y))
        .map(|(y, _)| y)
}

/// Bottom-k sketch of the word 4-shingles of a text (folded): robust to small edits and to a
/// few words translated differently.
pub fn sketch(text: &str) -> Vec<u64> {
    sketch_folded(&fold(text))
}

/// [`sketch`] of the original span `region` of a document, from its folded text (the words
/// are the same; the span is not folded again).
fn sketch_of(folded: &Folded, region: (usize, usize)) -> Vec<u64> {
    let (s, e) = folded.folded_range(region.0, region.1);
    sketch_folded(&folded.text[s..e])
}

/// [`sketch`] of a text already folded.
fn sketch_folded(f: &str) -> Vec<u64> {
    // A first bound on the kept hashes, from the length of the text: hashes are spread
    // evenly, so about twice [`SKETCH`] of the shingles (at least one per 8 bytes) are at
    // most it. When fewer than [`SKETCH`] distinct ones do (a text that repeats itself), the
    // sketch is made again without a bound.
    let shingles = f.len() / 8;
    let bound = if shingles > 2 * SKETCH {
        u64::MAX / shingles as u64 * (2 * SKETCH) as u64
    } else {
        u64::MAX
    };
    sketch_below(f, bound).unwrap_or_else(|| sketch_below(f, u64::MAX).expect("no bound"))
}

/// [`sketch_folded`] from the shingle hashes at most `bound` only; `None` when fewer than
/// [`SKETCH`] distinct ones are (the sketch may have larger ones).
fn sketch_below(f: &str, bound: u64) -> Option<Vec<u64>> {
    // The hash of a shingle is FNV-1a of its four words, each followed by a space
    // ("w1 w2 w3 w4 "), finalised with [`spread`]. Each word is read once: its bytes go into
    // the hashes of the four windows that hold it (the one it starts and the three before),
    // and the oldest is then complete.
    let b = f.as_bytes();
    // Hash states of the windows started by the word three before the current one, two
    // before, one before, and by the current word.
    let [mut h3, mut h2, mut h1, mut h0] = [FNV_OFFSET; 4];
    let mut words = 0usize;
    let mut smallest = Smallest::below(bound);
    let mut i = 0;
    while let Some((s, e, next)) = next_word(f, b, i) {
        i = next;
        words += 1;
        for &c in &b[s..e] {
            h3 = (h3 ^ c as u64).wrapping_mul(FNV_PRIME);
            h2 = (h2 ^ c as u64).wrapping_mul(FNV_PRIME);
            h1 = (h1 ^ c as u64).wrapping_mul(FNV_PRIME);
            h0 = (h0 ^ c as u64).wrapping_mul(FNV_PRIME);
        }
        h3 = (h3 ^ b' ' as u64).wrapping_mul(FNV_PRIME);
        if words >= 4 {
            smallest.offer(spread(h3));
        }
        h2 = (h2 ^ b' ' as u64).wrapping_mul(FNV_PRIME);
        h1 = (h1 ^ b' ' as u64).wrapping_mul(FNV_PRIME);
        h0 = (h0 ^ b' ' as u64).wrapping_mul(FNV_PRIME);
        [h3, h2, h1, h0] = [h2, h1, h0, FNV_OFFSET];
    }
    if words < 8 {
        return Some(Vec::new());
    }
    smallest.finish()
}

/// The [`SKETCH`] smallest distinct values offered, among those at most a bound: candidates are
/// gathered unsorted and only sorted when the buffer is full (then the bound becomes the
/// largest kept) and at the end, instead of keeping them in order as they come.
struct Smallest {
    /// Candidates: every value offered up to `bound`, or after a sort, the smallest kept.
    kept: Vec<u64>,
    /// Only values up to it may be among the smallest.
    bound: u64,
    /// Whether `bound` was given (the smallest may be above it) rather than found.
    given: bool,
}

impl Smallest {
    /// How many candidates are gathered before they are sorted.
    const BUFFER: usize = 4 * SKETCH;

    fn below(bound: u64) -> Smallest {
        Smallest {
            kept: Vec::with_capacity(Self::BUFFER),
            bound,
            given: bound < u64::MAX,
        }
    }

    #[inline(always)]
    fn offer(&mut self, h: u64) {
        if h <= self.bound {
            self.kept.push(h);
            if self.kept.len() == Self::BUFFER {
                self.sort();
            }
        }
    }

    /// Sorts the candidates, removes repeats and keeps the [`SKETCH`] smallest; with as many,
    /// the largest of them is the bound (a repeat of it would be removed).
    #[inline(never)]
    fn sort(&mut self) {
        self.kept.sort_unstable();
        self.kept.dedup();
        self.kept.truncate(SKETCH);
        if self.kept.len() == SKETCH {
            self.bound = self.kept[SKETCH - 1];
            self.given = false;
        }
    }

    /// The smallest values in order, or `None` when fewer than [`SKETCH`] were up to a given
    /// bound (larger values offered may belong among them).
    fn finish(mut self) -> Option<Vec<u64>> {
        self.sort();
        if self.given && self.kept.len() < SKETCH {
            return None;
        }
        Some(self.kept)
    }
}

/// The next word of `f` (`b` is its bytes) from byte `i` on (not inside a word), the one
/// [`crate::text::words_from`] gives there, and where to look for the word after it: its end,
/// or the byte after its end when that byte is an ASCII separator (it starts no word).
#[inline(always)]
fn next_word(f: &str, b: &[u8], mut i: usize) -> Option<(usize, usize, usize)> {
    let n = b.len();
    // Past ASCII separators (a non-ASCII character may start a word: left to the scan).
    while i < n && b[i] < 0x80 && !crate::text::is_ascii_word(b[i]) {
        i += 1;
    }
    if i >= n {
        return None;
    }
    let (s, e) = if b[i] < 0x80 {
        (i, crate::text::word_end(f, i))
    } else {
        crate::text::words_from(f, i).next()?
    };
    Some((s, e, if e < n && b[e] < 0x80 { e + 1 } else { e }))
}

/// Finalises a hash (splitmix) so that the bottom-k values of a sketch are spread.
fn spread(h: u64) -> u64 {
    let mut z = h.wrapping_add(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
    z ^ (z >> 31)
}

/// FNV-1a offset basis.
const FNV_OFFSET: u64 = 0xcbf29ce484222325;

/// FNV-1a prime.
const FNV_PRIME: u64 = 0x100000001b3;

/// A letter of the corpus (frames of one or more documents merged).
#[derive(Clone, Debug, PartialEq)]
pub struct Letter {
    /// `letter:2016-12-18-ali-moezzi`.
    pub id: String,
    pub label: String,
    pub statement: bool,
    /// ISO date (possibly partial) or None.
    pub date: Option<String>,
    /// Entity indices (into the resolution's entities), in signing order.
    pub signers: Vec<usize>,
    pub prison: Option<usize>,
    pub recipient: Option<Recipient>,
    pub publisher: Option<usize>,
    /// Document indices, sorted.
    pub documents: Vec<u32>,
    /// Evidence: (document, start, end) of each frame's anchor.
    pub evidence: Vec<(u32, usize, usize)>,
    /// Evidence of each signer: (entity, document, start, end).
    pub signer_evidence: Vec<(usize, u32, usize, usize)>,
    /// Quoted text spans: (document, start, end).
    pub quotes: Vec<(u32, usize, usize)>,
}

/// Whom a letter is addressed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recipient {
    Entity(usize),
    Event(usize),
}

/// An event of the corpus.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    pub label: String,
    pub kind: String,
    pub date: Option<String>,
    pub city: Option<usize>,
    pub organizer: Option<usize>,
    pub documents: Vec<u32>,
    pub evidence: Vec<(u32, usize, usize)>,
}

/// A document's frames with their mentions resolved: what [`assemble`] needs.
#[derive(Clone, Debug, Default)]
pub struct ResolvedDoc {
    pub doc: u32,
    /// Document id (file name) for labels and ids.
    pub name: String,
    pub structure: DocStructure,
    /// Entity of each mention of the document (None: unresolved).
    pub entity_of: Vec<Option<usize>>,
    /// Span of each mention.
    pub spans: Vec<(usize, usize)>,
}

/// Letters and events of the corpus.
#[derive(Clone, Debug, Default)]
pub struct Structure {
    pub letters: Vec<Letter>,
    pub events: Vec<Event>,
}

/// Corpus-wide: resolves frames to entities, merges the frames that report the same letter and
/// the event reports of the same event, and gives each a stable id.
///
/// `entity_slug(e)` gives the slug of an entity (for ids), `entity_label(e)` its name.
pub fn assemble(
    docs: &[ResolvedDoc],
    entity_slug: &dyn Fn(usize) -> String,
    entity_label: &dyn Fn(usize) -> String,
) -> Structure {
    let corpus_year = most_common(docs.iter().filter_map(|d| d.structure.year_hint));
    // Flatten frames.
    struct F<'a> {
        d: &'a ResolvedDoc,
        f: &'a Frame,
        signers: Vec<usize>,
        date: Option<PartialDate>,
    }
    let mut all: Vec<F> = Vec::new();
    for d in docs {
        for f in &d.structure.frames {
            let mut signers = Vec::new();
            for &m in &f.signers {
                if let Some(e) = d.entity_of[m] {
                    if !signers.contains(&e) {
                        signers.push(e);
                    }
                }
            }
            let date = f
                .date
                .map(|x| x.with_year(d.structure.year_hint.or(corpus_year)));
            all.push(F {
                d,
                f,
                signers,
                date,
            });
        }
    }
    // Union-find over frames, with each group's signers, date and documents, so that a merge
    // is checked against the whole group: two letters with different signers never end up
    // together through a frame that names nobody.
    struct Group {
        signers: BTreeSet<usize>,
        date: Option<PartialDate>,
        docs: BTreeSet<u32>,
    }
    let mut parent: Vec<usize> = (0..all.len()).collect();
    let mut group: Vec<Group> = all
        .iter()
        .map(|f| Group {
            signers: f.signers.iter().copied().collect(),
            date: f.date,
            docs: std::iter::once(f.d.doc).collect(),
        })
        .collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let n = p[y];
            p[y] = r;
            y = n;
        }
        r
    }
    fn dates_agree(a: Option<PartialDate>, b: Option<PartialDate>) -> bool {
        match (a, b) {
            (Some(x), Some(y)) => {
                x.year == y.year
                    && x.month == y.month
                    && (x.day == y.day || x.day.is_none() || y.day.is_none())
            }
            _ => true,
        }
    }
    /// Half the smaller list is shared, and together they are not much longer than the longer
    /// one: one article may list fewer signers of a letter, not other people (without the
    /// second condition a group grew, one small frame at a time, to thousands of signers).
    fn signers_agree(a: &BTreeSet<usize>, b: &BTreeSet<usize>) -> bool {
        if a.is_empty() || b.is_empty() {
            return true;
        }
        let shared = a.intersection(b).count();
        let longer = a.len().max(b.len());
        let union = a.len() + b.len() - shared;
        shared * 2 >= a.len().min(b.len()) && union <= longer + (longer / 4).max(1)
    }
    let union = |a: usize, b: usize, parent: &mut Vec<usize>, group: &mut Vec<Group>| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra == rb {
            return;
        }
        let (ga, gb) = (&group[ra], &group[rb]);
        // One letter per document at most, and the whole groups must agree.
        if !ga.docs.is_disjoint(&gb.docs)
            || !dates_agree(ga.date, gb.date)
            || !signers_agree(&ga.signers, &gb.signers)
        {
            return;
        }
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        parent[gone] = keep;
        let g = std::mem::replace(
            &mut group[gone],
            Group {
                signers: BTreeSet::new(),
                date: None,
                docs: BTreeSet::new(),
            },
        );
        let k = &mut group[keep];
        k.signers.extend(g.signers);
        k.docs.extend(g.docs);
        if k.date.is_none() || k.date.is_some_and(|d| d.day.is_none()) && g.date.is_some() {
            k.date = g.date.or(k.date);
        }
    };
    // Candidate pairs through an inverted index of sketch values (never all pairs). A shingle
    // found in many frames is boilerplate (a site's standard sentence), not a quotation.
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, f) in all.iter().enumerate() {
        for &h in &f.f.sketch {
            index.entry(h).or_default().push(i);
        }
    }
    // Bounded: a template sentence of a large corpus is in hundreds of frames, a letter is
    // quoted by a few dozen articles at most.
    let common = (all.len() / 200).clamp(5, MAX_QUOTING_FRAMES);
    let distinctive = |i: usize| {
        all[i]
            .f
            .sketch
            .iter()
            .filter(|h| index.get(h).is_some_and(|l| l.len() <= common))
            .count()
    };
    // The quoted text of one is largely contained in the other: at least 6 shared shingles and
    // a quarter of the smaller sketch (estimated containment). Shared values are counted frame
    // by frame (for each frame, against the later frames of other documents; the lists are in frame order): a map of every
    // pair sharing a value grows with the square of the corpus (5 GB on 1 GB of text).
    let distinct: Vec<usize> = (0..all.len()).map(distinctive).collect();
    let mut quoted: Vec<(usize, usize, usize)> = Vec::new();
    let mut shared: Vec<u32> = vec![0; all.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (a, f) in all.iter().enumerate() {
        for h in &f.f.sketch {
            let list = &index[h];
            if list.len() > common {
                continue;
            }
            for &b in &list[list.partition_point(|&x| x <= a)..] {
                if all[b].d.doc != f.d.doc {
                    if shared[b] == 0 {
                        touched.push(b);
                    }
                    shared[b] += 1;
                }
            }
        }
        for &b in &touched {
            let n = shared[b] as usize;
            shared[b] = 0;
            if n >= 6 && n * 4 >= distinct[a].min(distinct[b]) {
                quoted.push((n, a, b));
            }
        }
        touched.clear();
    }
    quoted.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    for (_, a, b) in quoted {
        union(a, b, &mut parent, &mut group);
    }
    // Same signers (two or more) and a compatible date, in different documents.
    let mut by_signers: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
    for (i, f) in all.iter().enumerate() {
        if f.signers.len() >= 2 {
            let mut k = f.signers.clone();
            k.sort_unstable();
            by_signers.entry(k).or_default().push(i);
        }
    }
    for list in by_signers.values() {
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                union(a, b, &mut parent, &mut group);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..all.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }

    // Events: one per kind, city and day across documents. An event without a full date is
    // one event only within its document (undated rallies of one city in two articles are not
    // known to be the same rally).
    let mut events: Vec<Event> = Vec::new();
    let mut event_of: HashMap<(u32, usize), usize> = HashMap::new();
    type EventKey = (String, Option<usize>, Option<String>, Option<u32>);
    let mut event_index: HashMap<EventKey, usize> = HashMap::new();
    for d in docs {
        for (k, e) in d.structure.events.iter().enumerate() {
            let date = e
                .date
                .map(|x| x.with_year(d.structure.year_hint.or(corpus_year)));
            let iso = date.and_then(|x| x.iso());
            let city = e.city.and_then(|m| d.entity_of[m]);
            let organizer = e.organizer.and_then(|m| d.entity_of[m]);
            let full_date = date.is_some_and(|x| x.year.is_some() && x.day.is_some());
            let key = (
                e.kind.clone(),
                city,
                iso.clone(),
                (!full_date).then_some(d.doc),
            );
            let idx = match event_index.get(&key).copied() {
                Some(i) => {
                    let ev = &mut events[i];
                    if !ev.documents.contains(&d.doc) {
                        ev.documents.push(d.doc);
                    }
                    ev.evidence.push((d.doc, e.start, e.end));
                    if ev.organizer.is_none() {
                        ev.organizer = organizer;
                    }
                    i
                }
                None => {
                    let place = city.map(entity_label);
                    let label = match (&e.title, &place, &iso) {
                        (Some(t), _, _) => t.clone(),
                        (None, Some(p), Some(dt)) => {
                            format!("{} in {p}, {dt}", capitalise(&e.kind))
                        }
                        (None, Some(p), None) => format!("{} in {p}", capitalise(&e.kind)),
                        (None, None, Some(dt)) => format!("{}, {dt}", capitalise(&e.kind)),
                        (None, None, None) => capitalise(&e.kind),
                    };
                    let id = format!(
                        "event:{}-{}{}",
                        e.kind,
                        city.map(|c| format!("{}-", entity_slug(c)))
                            .unwrap_or_default(),
                        iso.clone().unwrap_or_else(|| "undated".into())
                    );
                    events.push(Event {
                        id,
                        label,
                        kind: e.kind.clone(),
                        date: iso,
                        city,
                        organizer,
                        documents: vec![d.doc],
                        evidence: vec![(d.doc, e.start, e.end)],
                    });
                    event_index.insert(key, events.len() - 1);
                    events.len() - 1
                }
            };
            event_of.insert((d.doc, k), idx);
        }
    }
    dedupe_ids(events.iter_mut().map(|e| &mut e.id));

    let mut letters: Vec<Letter> = Vec::new();
    for members in groups.values() {
        // The frame with most signers leads.
        let mut ms = members.clone();
        ms.sort_by_key(|&i| {
            (
                std::cmp::Reverse(all[i].signers.len()),
                all[i].d.doc,
                all[i].f.start,
            )
        });
        let mut l = Letter {
            id: String::new(),
            label: String::new(),
            statement: ms.iter().all(|&i| all[i].f.statement),
            date: None,
            signers: Vec::new(),
            prison: None,
            recipient: None,
            publisher: None,
            documents: Vec::new(),
            evidence: Vec::new(),
            signer_evidence: Vec::new(),
            quotes: Vec::new(),
        };
        let mut date: Option<PartialDate> = None;
        for &i in &ms {
            let f = &all[i];
            for &s in &f.signers {
                if !l.signers.contains(&s) {
                    l.signers.push(s);
                }
            }
            for &m in &f.f.signers {
                if let Some(e) = f.d.entity_of[m] {
                    let (s, en) = f.d.spans[m];
                    l.signer_evidence.push((e, f.d.doc, s, en));
                }
            }
            if date.is_none() || date.is_some_and(|d| d.day.is_none()) {
                if let Some(d) = f.date {
                    if date.is_none() || d.day.is_some() {
                        date = Some(d);
                    }
                }
            }
            let ent = |m: Option<usize>| m.and_then(|m| f.d.entity_of[m]);
            l.prison = l.prison.or(ent(f.f.prison));
            l.publisher = l.publisher.or(ent(f.f.publisher));
            if l.recipient.is_none() {
                l.recipient = match (f.f.recipient_event, ent(f.f.recipient)) {
                    (Some(ev), _) => event_of.get(&(f.d.doc, ev)).map(|&e| Recipient::Event(e)),
                    (None, Some(e)) => Some(Recipient::Entity(e)),
                    _ => None,
                };
            }
            if !l.documents.contains(&f.d.doc) {
                l.documents.push(f.d.doc);
            }
            l.evidence.push((f.d.doc, f.f.start, f.f.end));
            if let Some((s, e)) = f.f.quote {
                l.quotes.push((f.d.doc, s, e));
            }
        }
        l.documents.sort_unstable();
        l.evidence.sort_unstable();
        l.signer_evidence.sort_unstable();
        l.quotes.sort_unstable();
        l.date = date.and_then(|d| d.iso());
        let lead = all[ms[0]].d;
        let what = if l.statement { "statement" } else { "letter" };
        let who = match l.signers.first() {
            Some(&s) => entity_slug(s),
            None => match l.prison {
                Some(p) => entity_slug(p),
                None => slug(lead.name.trim_end_matches(".txt").trim_end_matches(".md")),
            },
        };
        l.id = format!(
            "letter:{}-{}",
            l.date.clone().unwrap_or_else(|| "undated".into()),
            who
        );
        let by = match l.signers.len() {
            0 => l
                .prison
                .map(|p| format!("prisoners of {}", entity_label(p)))
                .unwrap_or_else(|| "unnamed prisoners".into()),
            1 => entity_label(l.signers[0]),
            2 => format!(
                "{} and {}",
                entity_label(l.signers[0]),
                entity_label(l.signers[1])
            ),
            n => format!("{} and {} others", entity_label(l.signers[0]), n - 1),
        };
        l.label = match &l.date {
            Some(d) => format!("A {what} of {by}, {d}"),
            None => format!("A {what} of {by}"),
        };
        letters.push(l);
    }
    // Stable, unique ids.
    letters.sort_by(|a, b| {
        a.id.cmp(&b.id)
            .then(a.documents.cmp(&b.documents))
            .then(a.evidence.cmp(&b.evidence))
    });
    dedupe_ids(letters.iter_mut().map(|l| &mut l.id));
    letters.sort_by(|a, b| a.id.cmp(&b.id));
    let mut ev_ids: Vec<usize> = (0..events.len()).collect();
    ev_ids.sort_by(|&a, &b| {
        events[a]
            .id
            .cmp(&events[b].id)
            .then(events[a].documents.cmp(&events[b].documents))
    });
    {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for &i in &ev_ids {
            let n = seen.entry(events[i].id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                events[i].id = format!("{}-{}", events[i].id, n);
            }
        }
    }
    for e in &mut events {
        e.documents.sort_unstable();
        e.evidence.sort_unstable();
    }
    Structure { letters, events }
}

fn dedupe_ids<'a>(ids: impl Iterator<Item = &'a mut String>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for id in ids {
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            *id = format!("{id}-{n}");
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c)
            .collect::<String>()
            .replace('-', " "),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Similarity of two sketches: shared values among the k smallest of their union, over k
    /// (an estimate of the Jaccard similarity of the shingle sets).
    fn sketch_similarity(a: &[u64], b: &[u64]) -> f64 {
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let set_b: BTreeSet<u64> = b.iter().copied().collect();
        let set_a: BTreeSet<u64> = a.iter().copied().collect();
        let union: Vec<u64> = set_a
            .union(&set_b)
            .copied()
            .take(a.len().min(b.len()))
            .collect();
        let shared = union
            .iter()
            .filter(|h| set_a.contains(h) && set_b.contains(h))
            .count();
        shared as f64 / union.len() as f64
    }

    #[test]
    fn sketches_match_edited_copies_only() {
        let a = "Having spent years of our lives in prison, we prisoners are quite familiar with the nature of turning the truth upside down by regimes media, but you could easily find out about the crimes.";
        let b = "Having spent years of our lives in prison, we prisoners are quite familiar with the nature of turning the truth upside down by the regime’s media, but you could easily find out about the crimes.";
        let c = "The conference sought to raise international awareness about the massacre of some political prisoners in the summer and call for justice.";
        assert!(sketch_similarity(&sketch(a), &sketch(b)) > 0.5);
        assert!(sketch_similarity(&sketch(a), &sketch(c)) < 0.05);
    }

    /// The sketch the slow way: every shingle's words hashed one by one (FNV-1a, each word
    /// followed by a space), all hashes sorted.
    fn sketch_by_sorting(f: &str) -> Vec<u64> {
        let words: Vec<&str> = crate::text::words(f).map(|(s, e)| &f[s..e]).collect();
        if words.len() < 8 {
            return Vec::new();
        }
        let mut hs: Vec<u64> = words
            .windows(4)
            .map(|w| {
                let mut h = FNV_OFFSET;
                for b in w.join(" ").bytes().chain([b' ']) {
                    h ^= b as u64;
                    h = h.wrapping_mul(FNV_PRIME);
                }
                spread(h)
            })
            .collect();
        hs.sort_unstable();
        hs.dedup();
        hs.truncate(SKETCH);
        hs
    }

    #[test]
    fn sketch_as_by_sorting() {
        let long = "the regime s media, but you could easily find out. ".repeat(20);
        // Long enough for a first bound, too repetitive for it (10 distinct shingles).
        let repeated = "the regime s media, but you could easily find out. ".repeat(200);
        // Long enough for a first bound, which holds.
        let varied: String = (0..3000).map(|i| format!("w{} ", i * 7 % 1000)).collect();
        for f in [
            "",
            "one two three four five six seven",
            "one two three four five six seven eight",
            "a  b, c-d e.f g h i j k l",
            long.as_str(),
            repeated.as_str(),
            varied.as_str(),
        ] {
            assert_eq!(sketch_folded(f), sketch_by_sorting(f), "{f:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn sketch_as_by_sorting_on_any_text(f in "([a-e]{1,3}|[A-Z09@`{\\[/:]|[ ,.]|  |é|’){0,200}") {
            proptest::prop_assert_eq!(sketch_folded(&f), sketch_by_sorting(&f));
        }

        #[test]
        fn kept_smallest_are_the_sorted_distinct_smallest(
            hs in proptest::collection::vec(0u64..400, 0..1200),
            bound in proptest::option::of(0u64..500),
        ) {
            let mut smallest = Smallest::below(bound.unwrap_or(u64::MAX));
            for &h in &hs {
                smallest.offer(h);
            }
            let mut all = hs.clone();
            all.sort_unstable();
            all.dedup();
            all.truncate(SKETCH);
            let below = all.iter().filter(|&&h| h <= bound.unwrap_or(u64::MAX)).count();
            let want = (bound.is_none() || below == SKETCH).then_some(all);
            proptest::prop_assert_eq!(smallest.finish(), want);
        }
    }

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
