//! Events: dated happenings (a conference, a rally, a hunger strike) reported by event words
//! (`gazetteer/rules/event_triggers.tsv`) in a sentence with a date or a city. Per document one
//! event of a kind; across documents one per kind, city and day (without a full date, one per
//! document).

use std::collections::HashMap;

use super::frames::{find_phrases, DocView};
use super::{dedupe_ids, ResolvedDoc};
use crate::dates::PartialDate;
use crate::gazetteer::{PhraseHits, RuleData};
use crate::text::{floor_boundary, fold};
use crate::types::EntityType;

/// An event as reported by one document.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
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

/// The events one document reports: one per sentence (the event word nearest to the sentence's
/// date), one per kind (later sentences fill what the first lacked), only dated ones.
pub(super) fn doc_events(doc: &DocView, phrases: &PhraseHits, rules: &RuleData) -> Vec<EventFrame> {
    let (text, ex, dates) = (doc.text, doc.ex, &doc.dates);
    let sentence_of = |pos: usize| doc.sentence_of(pos);
    let mut events: Vec<EventFrame> = Vec::new();
    let mut words = find_phrases(doc.folded, &rules.event_triggers, &phrases.event_triggers);
    // "March 7" is a date, not a march.
    words.retain(|&(s, e, _)| {
        let w = &text[s..e];
        !(w.starts_with(char::is_uppercase) && rules.months.get_word(w).is_some())
    });
    let event_words = one_per_sentence(doc, words);
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
    events
}

/// One event per sentence: the event word nearest to the sentence's date (or the first one)
/// takes the date and the city; "the 2016 conference in Paris on the 1988 massacre" is one
/// conference.
fn one_per_sentence(
    doc: &DocView,
    words: Vec<(usize, usize, String)>,
) -> Vec<(usize, usize, String)> {
    let (dates, sentence_of) = (&doc.dates, |pos: usize| doc.sentence_of(pos));
    let mut chosen: Vec<(usize, usize, String)> = Vec::new();
    for w in words {
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
    chosen
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

/// The key that makes two event reports one event: kind, city, ISO date, and the document when
/// the date is not full.
type EventKey = (String, Option<usize>, Option<String>, Option<u32>);

/// Corpus-wide: the events of every document merged (one per kind, city and day), with ids, and
/// the event of each (document, event index).
pub(super) fn corpus_events(
    docs: &[ResolvedDoc],
    corpus_year: Option<i32>,
    entity_slug: &dyn Fn(usize) -> String,
    entity_label: &dyn Fn(usize) -> String,
) -> (Vec<Event>, HashMap<(u32, usize), usize>) {
    // Events: one per kind, city and day across documents. An event without a full date is
    // one event only within its document (undated rallies of one city in two articles are not
    // known to be the same rally).
    let mut events: Vec<Event> = Vec::new();
    let mut event_of: HashMap<(u32, usize), usize> = HashMap::new();
    let mut event_index: HashMap<EventKey, usize> = HashMap::new();
    for d in docs {
        for (k, e) in d.structure.events.iter().enumerate() {
            let date = e
                .date
                .map(|x| x.with_year_in(d.structure.year_hint, corpus_year));
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
    (events, event_of)
}

/// Unique ids in the order of id and documents, and each event's documents and evidence sorted.
pub(super) fn settle_ids(events: &mut [Event]) {
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
    for e in events.iter_mut() {
        e.documents.sort_unstable();
        e.evidence.sort_unstable();
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
