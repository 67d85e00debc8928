//! The folded view of a text that the gazetteer matches on, mapped back to exact byte offsets
//! of the original.
//!
//! Folding: Unicode compatibility decomposition (NFKD) with combining marks removed, lower
//! case, every apostrophe form removed (`Mo’ezi` = `Moezi`; but a possessive `’s` becomes a
//! separator so `Khamenei’s` still ends a name), hyphens and dashes turned into spaces, and
//! runs of whitespace collapsed into one space.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A folded text and, for each of its bytes, the byte offset in the original text of the
/// character it came from.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// `origin[i]`: byte offset in the original of the character that produced folded byte `i`.
    /// One extra entry at the end holds the original's length.
    origin: Vec<u32>,
    /// `origin_end[i]`: byte offset in the original just past that character.
    origin_end: Vec<u32>,
}

/// True for every apostrophe form the folding removes: ’ ' ` ʼ ‘ ´ ′.
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '‘' | '`' | 'ʼ' | 'ʻ' | '´' | '′' | 'ʹ' | '＇'
    )
}

/// True for hyphens and dashes, which fold to a space.
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹘' | '﹣' | '－' | '_'
    )
}

/// True for characters that are never part of the text to match: zero-width and directional
/// marks, soft hyphens, byte-order marks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}' | '\u{061C}'
    )
}

impl Folded {
    /// Folds `original`.
    pub fn new(original: &str) -> Folded {
        let mut f = Folded {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len() + 1),
            origin_end: Vec::with_capacity(original.len()),
        };
        let mut pending_space: Option<(u32, u32)> = None;
        let mut iter = original.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let start = i as u32;
            let end = (i + c.len_utf8()) as u32;
            if c.is_ascii() {
                let b = c as u8;
                if b.is_ascii_alphanumeric() {
                    f.flush_space(&mut pending_space);
                    f.push(b.to_ascii_lowercase() as char, start, end);
                } else if b.is_ascii_whitespace() || b == b'-' || b == b'_' {
                    f.space(&mut pending_space, start, end);
                } else if b == b'\'' || b == b'`' {
                    f.apostrophe(original, &mut iter, &mut pending_space, start, end);
                } else {
                    f.flush_space(&mut pending_space);
                    f.push(c, start, end);
                }
                continue;
            }
            if c.is_whitespace() || is_dash(c) {
                f.space(&mut pending_space, start, end);
            } else if is_apostrophe(c) {
                f.apostrophe(original, &mut iter, &mut pending_space, start, end);
            } else if is_invisible(c) {
                // dropped
            } else {
                let mut produced = false;
                decompose_compatible(c, |d| {
                    if is_combining_mark(d) || is_invisible(d) {
                        return;
                    }
                    if d.is_whitespace() || is_dash(d) {
                        f.space(&mut pending_space, start, end);
                        return;
                    }
                    if is_apostrophe(d) {
                        return;
                    }
                    if !produced {
                        f.flush_space(&mut pending_space);
                    }
                    produced = true;
                    for l in d.to_lowercase() {
                        f.push(l, start, end);
                    }
                });
            }
        }
        // A trailing separator is dropped; the extra entry holds the original length.
        f.origin.push(original.len() as u32);
        f
    }

    fn push(&mut self, c: char, start: u32, end: u32) {
        let n = c.len_utf8();
        self.text.push(c);
        for _ in 0..n {
            self.origin.push(start);
            self.origin_end.push(end);
        }
    }

    fn space(&mut self, pending: &mut Option<(u32, u32)>, start: u32, end: u32) {
        match pending {
            Some((_, e)) => *e = end,
            None => {
                if !self.text.is_empty() {
                    *pending = Some((start, end));
                }
            }
        }
    }

    fn flush_space(&mut self, pending: &mut Option<(u32, u32)>) {
        if let Some((s, e)) = pending.take() {
            self.push(' ', s, e);
        }
    }

    /// An apostrophe is removed, except in a possessive (`’s` followed by a non-letter), where
    /// it becomes a separator so that the name before it can match.
    fn apostrophe(
        &mut self,
        original: &str,
        iter: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
        pending: &mut Option<(u32, u32)>,
        start: u32,
        end: u32,
    ) {
        if let Some(&(j, 's')) = iter.peek() {
            // A possessive when the word ends after the `s`.
            let word_ends = match original[j + 1..].chars().next() {
                None => true,
                Some(c) => is_apostrophe(c) || !(c.is_alphanumeric() || is_combining_mark(c)),
            };
            if word_ends && !self.text.is_empty() {
                self.space(pending, start, end);
            }
        }
    }

    /// Byte span in the original text of the folded span `[start, end)`.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.text.len());
        (
            self.origin[start] as usize,
            self.origin_end[end - 1] as usize,
        )
    }

    /// Byte offset in the original of the folded byte `i` (or the original's length at the end).
    pub fn original_offset(&self, i: usize) -> usize {
        self.origin[i] as usize
    }

    /// True when the folded span `[start, end)` starts and ends on a word boundary.
    pub fn is_word_bounded(&self, start: usize, end: usize) -> bool {
        let t = self.text.as_bytes();
        let before_ok = start == 0 || !is_word_byte_before(&self.text, start);
        let after_ok = end >= t.len() || !is_word_char_at(&self.text, end);
        before_ok && after_ok
    }
}

fn is_word_char_at(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_some_and(|c| c.is_alphanumeric())
}

fn is_word_byte_before(s: &str, i: usize) -> bool {
    s[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
}

/// The largest char boundary of `s` at or before `i` (`i` may be past the end).
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Folds a name or pattern (no offsets kept).
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_the_listed_forms() {
        assert_eq!(fold("Ali Mo’ezi"), "ali moezi");
        assert_eq!(fold("Mohammad-Ali  Mansouri"), "mohammad ali mansouri");
        assert_eq!(fold("Raja'i Shahr"), "rajai shahr");
        assert_eq!(fold("Évin – Prison"), "evin prison");
        assert_eq!(fold("Khamenei’s chief"), "khamenei s chief");
        assert_eq!(fold("  Tehran\r\n"), "tehran");
        assert_eq!(fold("ﬁne"), "fine");
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let orig = "Mr. Ali Mo’ezi—Évin";
        let f = Folded::new(orig);
        let i = f.text.find("moezi").unwrap();
        let (s, e) = f.original_span(i, i + 5);
        assert_eq!(&orig[s..e], "Mo’ezi");
        let j = f.text.find("evin").unwrap();
        let (s, e) = f.original_span(j, j + 4);
        assert_eq!(&orig[s..e], "Évin");
    }

    #[test]
    fn word_bounds() {
        let f = Folded::new("Tehrani Tehran");
        assert!(!f.is_word_bounded(0, 6));
        assert!(f.is_word_bounded(8, 14));
    }
}
