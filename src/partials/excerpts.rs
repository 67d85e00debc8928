//! The parts of a document's text a partial carries: what the page may quote from it
//! (`crate::page::texts`), which the global stages decide only once the graph is built.
//!
//! The page quotes, for a person who signed a letter, the sentence around their first mention
//! in a document, and for a letter the start of its first quoted passage. So a record keeps the
//! sentence (at most [`EXCERPT_MARGIN`] characters on each side) of every person mention and of
//! every capitalised run (propagation finds people inside them later), and the first
//! [`QUOTE_CHARS`] + 1 characters of every quoted passage; overlapping windows are merged. Cut from these excerpts, the passages
//! are the ones cut from the whole text ([`crate::page::Texts::cut_excerpts`]).

use crate::extract::DocExtraction;
use crate::page::texts::{sentence_end, sentence_start, EXCERPT_MARGIN, QUOTE_CHARS};
use crate::structure::DocStructure;
use crate::types::EntityType;

/// The excerpts of `text`: (byte offset, text), sorted and apart.
pub fn excerpts(text: &str, ex: &DocExtraction, st: &DocStructure) -> Vec<(u32, String)> {
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut around = |s: usize, e: usize| {
        if s <= e && text.is_char_boundary(s) && text.is_char_boundary(e) {
            windows.push(sentence_window(text, s, e));
        }
    };
    for m in &ex.mentions {
        if m.etype == EntityType::Person {
            around(m.start, m.end);
        }
    }
    for (s, e, _) in &ex.candidates {
        around(*s, *e);
    }
    for (s, e) in st.frames.iter().filter_map(|f| f.quote) {
        if s <= e && text.is_char_boundary(s) && text.is_char_boundary(e) {
            windows.push((s, chars_on(text, s, QUOTE_CHARS + 1).min(e)));
        }
    }
    for w in &mut windows {
        *w = whole_blank_lines(text, *w);
    }
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(windows.len());
    for (s, e) in windows {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
        .into_iter()
        .map(|(s, e)| (s as u32, text[s..e].to_string()))
        .collect()
}

/// The part of `text` the page's sentence around `text[s..e]` can come from: its sentence, but
/// no more than [`EXCERPT_MARGIN`] characters on either side. The sentence's bounds are looked
/// for within those characters only: a bound farther away is cut off either way. A window that
/// holds a span's holds the window of any span inside it (bounds only move forward with the
/// position), so a capitalised run's window serves the names propagation finds in it.
fn sentence_window(text: &str, s: usize, e: usize) -> (usize, usize) {
    let back = chars_back(text, s, EXCERPT_MARGIN);
    let on = chars_on(text, e, EXCERPT_MARGIN);
    (
        back + sentence_start(&text[back..s]),
        e + sentence_end(&text[e..on]),
    )
}

/// `(s, e)` widened by a byte at either end that falls between the two line breaks of a blank
/// line: a sentence ends at a blank line, and an excerpt that kept one of its two line breaks
/// would carry a sentence on (or start it early) where the whole text does not.
fn whole_blank_lines(text: &str, (s, e): (usize, usize)) -> (usize, usize) {
    let b = text.as_bytes();
    let split = |at: usize| at > 0 && at < b.len() && b[at - 1] == b'\n' && b[at] == b'\n';
    (
        if split(s) { s - 1 } else { s },
        if split(e) { e + 1 } else { e },
    )
}

/// The byte offset `n` characters before `at` (or 0).
fn chars_back(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The byte offset `n` characters after `at` (or the end).
fn chars_on(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_never_split_a_blank_line() {
        let text = "One.\n\nTwo";
        assert_eq!(whole_blank_lines(text, (5, 5)), (4, 6));
        assert_eq!(whole_blank_lines(text, (4, 6)), (4, 6));
        assert_eq!(whole_blank_lines(text, (0, 9)), (0, 9));
    }

    #[test]
    fn windows_count_characters_and_stop_at_the_edges() {
        let text = "é".repeat(10);
        assert_eq!(chars_back(&text, 8, 3), 2);
        assert_eq!(chars_back(&text, 4, 3), 0);
        assert_eq!(chars_on(&text, 2, 3), 8);
        assert_eq!(chars_on(&text, 16, 3), 20);
    }
}
