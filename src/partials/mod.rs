//! Partials: what the global stages need from each document, written by `entigraph map` and
//! read by `entigraph build --partials` (docs/partials.md describes the format).
//!
//! The per-document stage (reading, folding, extraction, letter frames) needs nothing from other
//! documents; the global stages (propagation, names, resolution, letters across articles, graph,
//! exports) need only what [`crate::names::Gathered::keep`] keeps of each document, and the
//! passages the page quotes. A partials file is JSON Lines: a [`Header`] line, then one
//! [`Record`] per document (and a [`DiagLine`] per input problem). Shards may be concatenated
//! (each keeps its header; all must agree) and given in any order: the names stage sorts the
//! documents by id, so a build from partials writes the bytes a plain build of the same
//! documents writes.
//!
//! [`write`] is `map` (documents → partials), [`read`] is the reading side of
//! `build --partials`, [`excerpts`] the parts of a document's text a record carries.

pub mod excerpts;
pub mod read;
pub mod write;

use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::extract::{self, DocExtraction, Rule};
use crate::structure::DocStructure;
use crate::types::EntityType;

pub use read::Partials;
pub use write::map_to;

/// The value of the header's `format` field. A reader refuses any other.
pub const FORMAT: &str = "entigraph-partials/1";

/// The first line of a partials file (and of every shard concatenated to it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// [`FORMAT`].
    pub format: String,
    /// The tool that wrote it: `entigraph 0.1.0`.
    pub tool: String,
    /// `sha256:` and the gazetteer folder's digest (as `manifest.json` has it): the mentions
    /// refer to gazetteer entries by index, so partials only fit the gazetteer they were made
    /// with.
    pub gazetteer: String,
}

impl Header {
    /// The header of partials made now with a gazetteer of this digest (lowercase hex).
    pub fn new(gazetteer_sha256: &str) -> Header {
        Header {
            format: FORMAT.to_string(),
            tool: tool(),
            gazetteer: format!("sha256:{gazetteer_sha256}"),
        }
    }
}

/// This tool and its version, as a header records it.
pub fn tool() -> String {
    format!("entigraph {}", env!("CARGO_PKG_VERSION"))
}

/// One mention: start, end (bytes), surface, type, gazetteer entry (index), rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct M(
    pub u32,
    pub u32,
    pub String,
    pub EntityType,
    pub Option<u32>,
    pub Rule,
);

/// One document's line: exactly what the names stage keeps of it, and its excerpts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Document id (file name relative to its folder, or JSONL id).
    pub doc: String,
    /// Length of its text in bytes.
    pub len: u64,
    /// Mentions, in extraction order ([`DocExtraction::mentions`]).
    pub m: Vec<M>,
    /// Signers (mention indices) of each signature block.
    pub b: Vec<Vec<u32>>,
    /// Capitalised runs not covered by a mention, for propagation: start and text.
    pub c: Vec<(u32, String)>,
    /// Pairs of mention indices that are one entity ([`DocExtraction::same`]).
    pub same: Vec<(u32, u32)>,
    /// Letter frames and events, mention indices as in `m`.
    pub st: DocStructure,
    /// Excerpts of the text (byte offset, text) the page may quote ([`excerpts`]).
    pub x: Vec<(u32, String)>,
}

/// An input problem `map` reported (a bad JSONL line, a document it skipped), carried to the
/// build so that it reports it too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagLine {
    pub diag: DiagFields,
}

/// The fields of a [`Diagnostic`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagFields {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl From<&Diagnostic> for DiagLine {
    fn from(d: &Diagnostic) -> Self {
        DiagLine {
            diag: DiagFields {
                path: d.path.clone(),
                line: d.line,
                message: d.message.clone(),
            },
        }
    }
}

impl From<DiagFields> for Diagnostic {
    fn from(d: DiagFields) -> Self {
        Diagnostic {
            path: d.path,
            line: d.line,
            message: d.message,
        }
    }
}

impl Record {
    /// The record of a processed document.
    pub fn new(id: &str, text: &str, ex: &DocExtraction, st: &DocStructure) -> Record {
        Record {
            doc: id.to_string(),
            len: text.len() as u64,
            m: ex
                .mentions
                .iter()
                .map(|m| {
                    let (s, e) = (m.start as u32, m.end as u32);
                    M(s, e, m.surface.clone(), m.etype, m.entry, m.rule)
                })
                .collect(),
            b: ex
                .blocks
                .iter()
                .map(|b| b.signers.iter().map(|&i| i as u32).collect())
                .collect(),
            c: ex
                .candidates
                .iter()
                .map(|(s, _, run)| (*s as u32, run.clone()))
                .collect(),
            same: ex.same.iter().map(|&(a, b)| (a as u32, b as u32)).collect(),
            st: st.clone(),
            x: excerpts::excerpts(text, ex, st),
        }
    }

    /// The extraction and structure the names stage keeps (what [`Record::new`] was given, as
    /// far as [`crate::names::Gathered::keep`] reads it: a block's signers, not its span).
    /// `entries` is the number of gazetteer entries; a record that does not hold together
    /// (an index or span out of range) is an error message.
    pub fn into_parts(self, entries: usize) -> Result<(DocExtraction, DocStructure), String> {
        self.check(entries)?;
        let mentions = self
            .m
            .into_iter()
            .map(
                |M(start, end, surface, etype, entry, rule)| extract::Mention {
                    start: start as usize,
                    end: end as usize,
                    surface,
                    etype,
                    entry,
                    rule,
                },
            )
            .collect();
        let blocks = self
            .b
            .into_iter()
            .map(|signers| extract::SignatureBlock {
                start: 0,
                end: 0,
                signers: signers.into_iter().map(|i| i as usize).collect(),
                affiliation: None,
                date: None,
                opener: false,
            })
            .collect();
        let candidates = self
            .c
            .into_iter()
            .map(|(s, run)| (s as usize, s as usize + run.len(), run))
            .collect();
        let same = self
            .same
            .into_iter()
            .map(|(a, b)| (a as usize, b as usize))
            .collect();
        let ex = DocExtraction {
            mentions,
            blocks,
            candidates,
            same,
        };
        Ok((ex, self.st))
    }

    /// Every index within range and every span within the text (so that no later stage can
    /// panic on a partial written by something else).
    fn check(&self, entries: usize) -> Result<(), String> {
        let (n, len) = (self.m.len(), self.len);
        let mention = |i: usize| i < n;
        let span = |s: u64, e: u64| s <= e && e <= len;
        if self.doc.is_empty() {
            return Err("empty \"doc\"".into());
        }
        for M(s, e, surface, _, entry, _) in &self.m {
            if !span(*s as u64, *e as u64) || surface.is_empty() {
                return Err(format!(
                    "mention {s}-{e} {surface:?} outside the text or empty"
                ));
            }
            if entry.is_some_and(|x| x as usize >= entries) {
                return Err(format!("mention {surface:?}: no gazetteer entry {entry:?}"));
            }
        }
        let bad = |what: &str| Err(format!("{what} refers to a mention or event out of range"));
        if !self.b.iter().flatten().all(|&i| mention(i as usize)) {
            return bad("a signature block");
        }
        if !self
            .same
            .iter()
            .all(|&(a, b)| mention(a as usize) && mention(b as usize))
        {
            return bad("\"same\"");
        }
        if !self
            .c
            .iter()
            .all(|(s, run)| span(*s as u64, *s as u64 + run.len() as u64))
        {
            return Err("a capitalised run outside the text".into());
        }
        let events = self.st.events.len();
        for f in &self.st.frames {
            let refs = f.signers.iter().chain(&f.prison).chain(&f.recipient);
            if !refs.chain(&f.publisher).all(|&i| mention(i))
                || f.recipient_event.is_some_and(|i| i >= events)
                || !span(f.start as u64, f.end as u64)
                || f.quote.is_some_and(|(s, e)| !span(s as u64, e as u64))
            {
                return bad("a letter frame");
            }
        }
        for e in &self.st.events {
            if !e.city.iter().chain(&e.organizer).all(|&i| mention(i))
                || !span(e.start as u64, e.end as u64)
            {
                return bad("an event");
            }
        }
        let mut end = 0u64;
        for (o, t) in &self.x {
            let o = *o as u64;
            if o < end || !span(o, o + t.len() as u64) {
                return Err("excerpts out of order or outside the text".into());
            }
            end = o + t.len() as u64;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
