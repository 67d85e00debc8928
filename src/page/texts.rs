//! The passages the page quotes, read back from the corpus: the graph keeps byte spans, not
//! text. A letter gets the start of its first quoted passage ([`QUOTE_CHARS`] at most); a
//! person of the co-signature network gets, for each of their first [`EVIDENCE_DOCS`]
//! documents, the sentence around their first mention there, with the name marked.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::corpus::{Corpus, Source};
use crate::error::Diagnostic;
use crate::graph::{AttrValue, KnowledgeGraph};
use crate::types::EntityType;

/// Characters of a letter's quoted passage kept, at most.
pub const QUOTE_CHARS: usize = 400;
/// Documents quoted per person, at most.
pub const EVIDENCE_DOCS: usize = 5;
/// Characters kept on each side of a name in its sentence, at most.
pub const CONTEXT_CHARS: usize = 160;
/// Characters of text an excerpt keeps on each side of a span (`crate::partials`): more than
/// [`CONTEXT_CHARS`] + 2, so that the sentence cut from the excerpt is the one cut from the
/// whole text (a sentence start or end farther away is cut off at [`CONTEXT_CHARS`] either way;
/// + 2 for a blank line on the excerpt's edge).
pub const EXCERPT_MARGIN: usize = CONTEXT_CHARS + 8;

/// A sentence with a name in it: the text before the name, the name, the text after.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Marked {
    pub before: String,
    pub name: String,
    pub after: String,
}

/// The passages of one build, by document and byte span.
#[derive(Clone, Debug, Default)]
pub struct Texts {
    /// Sentences around mentions, by (document, start, end).
    pub sentences: HashMap<(Arc<str>, usize, usize), Marked>,
    /// Quoted passages, by (document, start, end).
    pub quotes: HashMap<(Arc<str>, usize, usize), String>,
    /// The corpus could not be read again (standard input): no passages.
    pub unavailable: bool,
}

/// A span the page wants: a sentence around a mention, or a quoted passage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Want {
    Sentence(usize, usize),
    Quote(usize, usize),
}

impl Texts {
    /// Reads again the documents the page quotes and cuts the passages out of them. Problems
    /// reading are skipped (the analysis reported them already).
    pub fn collect(corpus: &Corpus, g: &KnowledgeGraph) -> Texts {
        if corpus.sources.iter().any(|s| matches!(s, Source::Stdin)) {
            return Texts {
                unavailable: true,
                ..Texts::default()
            };
        }
        let wanted = wanted(g);
        let mut texts = Texts::default();
        let mut ignored: Vec<Diagnostic> = Vec::new();
        corpus.for_each_batch(16 << 20, &mut ignored, |batch| {
            for doc in batch {
                if let Some((name, spans)) = wanted.get_key_value(doc.id.as_str()) {
                    texts.cut(name, &doc.text, spans);
                }
            }
        });
        texts
    }

    /// Cuts the wanted passages out of one document's text.
    pub fn cut(&mut self, doc: &Arc<str>, text: &str, spans: &[Want]) {
        for &w in spans {
            match w {
                Want::Sentence(s, e) if s <= e && e <= text.len() => {
                    if let Some(m) = marked_sentence(text, s, e) {
                        self.sentences.insert((doc.clone(), s, e), m);
                    }
                }
                Want::Quote(s, e) if s <= e && e <= text.len() => {
                    if let Some(q) = text.get(s..e) {
                        self.quotes
                            .insert((doc.clone(), s, e), clip(q, QUOTE_CHARS));
                    }
                }
                _ => {}
            }
        }
    }

    /// [`Texts::cut`] from excerpts of a document of `len` bytes instead of its whole text:
    /// `parts` are (byte offset, text), sorted and apart, each span's [`EXCERPT_MARGIN`] around
    /// it included (or the document's edge), and a quote's first [`QUOTE_CHARS`] + 1
    /// characters. The passages are the ones [`Texts::cut`] cuts from the whole text.
    pub fn cut_excerpts(
        &mut self,
        doc: &Arc<str>,
        len: usize,
        parts: &[(u32, String)],
        spans: &[Want],
    ) {
        // The part that holds byte `at` (`at` may be its end).
        let part = |at: usize| {
            let i = parts.partition_point(|(o, _)| *o as usize <= at);
            let (o, t) = parts.get(i.checked_sub(1)?)?;
            let o = *o as usize;
            (at <= o + t.len()).then_some((o, t.as_str()))
        };
        for &w in spans {
            match w {
                Want::Sentence(s, e) if s <= e && e <= len => {
                    let found = part(s).filter(|(o, t)| e <= o + t.len());
                    if let Some(m) = found.and_then(|(o, t)| marked_sentence(t, s - o, e - o)) {
                        self.sentences.insert((doc.clone(), s, e), m);
                    }
                }
                Want::Quote(s, e) if s <= e && e <= len => {
                    // A quote longer than the part is clipped within it.
                    let q = part(s).and_then(|(o, t)| t.get(s - o..(e - o).min(t.len())));
                    if let Some(q) = q {
                        self.quotes
                            .insert((doc.clone(), s, e), clip(q, QUOTE_CHARS));
                    }
                }
                _ => {}
            }
        }
    }
}

/// The spans the page quotes, by document.
pub fn wanted(g: &KnowledgeGraph) -> BTreeMap<Arc<str>, Vec<Want>> {
    let signer = crate::graph::signers(g);
    let mut wanted: BTreeMap<Arc<str>, Vec<Want>> = BTreeMap::new();
    for (i, n) in g.nodes().enumerate() {
        if signer[i] {
            for ev in person_evidence(&n.evidence) {
                wanted
                    .entry(ev.document.clone())
                    .or_default()
                    .push(Want::Sentence(ev.start, ev.end));
            }
        }
        if n.entity_type == EntityType::Letter {
            if let Some((doc, s, e)) = first_quote(&n.attrs) {
                wanted
                    .entry(doc.into())
                    .or_default()
                    .push(Want::Quote(s, e));
            }
        }
    }
    for spans in wanted.values_mut() {
        spans.sort();
        spans.dedup();
    }
    wanted
}

/// The evidence the page quotes for a person: the first mention in each of their first
/// [`EVIDENCE_DOCS`] documents.
pub fn person_evidence(
    ev: &[crate::types::Evidence],
) -> impl Iterator<Item = &crate::types::Evidence> {
    let mut last: Option<&str> = None;
    ev.iter()
        .filter(move |e| {
            let new = last != Some(&*e.document);
            last = Some(&e.document);
            new
        })
        .take(EVIDENCE_DOCS)
}

/// The first quoted passage of a letter (`quotes`: `document:start-end`).
pub fn first_quote(attrs: &BTreeMap<String, AttrValue>) -> Option<(&str, usize, usize)> {
    let AttrValue::List(q) = attrs.get("quotes")? else {
        return None;
    };
    let (doc, span) = q.first()?.rsplit_once(':')?;
    let (s, e) = span.split_once('-')?;
    Some((doc, s.parse().ok()?, e.parse().ok()?))
}

/// The sentence around `text[start..end]`, cut to [`CONTEXT_CHARS`] on each side.
pub fn marked_sentence(text: &str, start: usize, end: usize) -> Option<Marked> {
    let name = text.get(start..end)?;
    let before = text.get(..start)?;
    let after = text.get(end..)?;
    let from = sentence_start(before);
    let to = sentence_end(after);
    let before = &before[from..];
    let before: String = {
        let n = before.chars().count();
        let kept: String = before
            .chars()
            .skip(n.saturating_sub(CONTEXT_CHARS))
            .collect();
        let kept = kept.trim_start().to_string();
        if n > CONTEXT_CHARS {
            format!("…{kept}")
        } else {
            kept
        }
    };
    Some(Marked {
        before: collapse(&before),
        name: collapse(name),
        after: collapse(&clip(&after[..to], CONTEXT_CHARS)),
    })
}

/// Where the sentence that `before` leads into starts (a byte offset into `before`). A sentence
/// ends at `.`, `!`, `?` or a blank line; a single line break (a list of signers) does not end
/// it.
pub fn sentence_start(before: &str) -> usize {
    before
        .rfind(['.', '!', '?'])
        .map(|i| i + 1)
        .max(before.rfind("\n\n").map(|i| i + 2))
        .unwrap_or(0)
}

/// Where the sentence that `after` continues ends (a byte offset into `after`; see
/// [`sentence_start`]).
pub fn sentence_end(after: &str) -> usize {
    let stop = after.find(['.', '!', '?']).map(|i| i + 1);
    match (stop, after.find("\n\n")) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(after.len()),
    }
}

/// At most `max` characters of `s`, with `…` when cut.
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Runs of whitespace (line breaks included) as one space, a space kept at either end.
fn collapse(s: &str) -> String {
    let inner = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if inner.is_empty() {
        return String::new();
    }
    let lead = if s.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if s.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{lead}{inner}{trail}")
}
