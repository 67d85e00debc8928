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
//!
//! Files: `frames.rs` (per document: sentences, anchors, trigger sentences, letter frames),
//! `events.rs` (event frames per document, events merged across documents), `sketch.rs` (the
//! bottom-k sketches of quoted text), `letters.rs` (frames merged into letters). Dates are
//! found by [`crate::dates`] (shared with extraction's signature blocks).

mod events;
mod frames;
mod genitive;
mod letters;
mod members;
mod one_letter;
mod possessive;
mod prose;
mod quoted;
mod sketch;
mod when;

use std::collections::{BTreeMap, HashMap};

pub use events::{Event, EventFrame};
pub use frames::{frames, frames_folded, DocStructure, Frame};
pub use letters::{assemble, Letter, Recipient};
pub use sketch::sketch;

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

/// What the structure rules' tests share.
#[cfg(test)]
pub(crate) mod testing {
    use crate::extract::extract;
    use crate::gazetteer::Gazetteer;

    /// The signers of each letter frame of `text`, as written, with a gazetteer without
    /// entries (the shipped rule lists only): the names come from the rules alone.
    pub fn frame_signers(text: &str) -> Vec<Vec<String>> {
        let g = Gazetteer::with_entries(Vec::new());
        let ex = extract(text, &g);
        super::frames(text, &ex, &g)
            .frames
            .iter()
            .map(|f| {
                f.signers
                    .iter()
                    .map(|&i| ex.mentions[i].surface.clone())
                    .collect()
            })
            .collect()
    }
}
