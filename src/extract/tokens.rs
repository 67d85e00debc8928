//! The tokenizer: the words of the original text, each with its span, whether it is
//! capitalised and whether it ends in a possessive `’s`. Rules look at words through it.

use crate::text::{char_at, is_apostrophe, is_ascii_word, is_dash};

/// A word of the original text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Token {
    pub(super) start: usize,
    /// End of the word without a possessive `’s`.
    pub(super) end: usize,
    /// End including a possessive `’s`.
    pub(super) full_end: usize,
    pub(super) cap: bool,
    pub(super) possessive: bool,
}

/// Splits a text into words: letters and digits, with apostrophes and hyphens inside a word.
///
/// Runs of ASCII letters and digits (most of a word) are found with a bit per byte
/// ([`ascii_word_bits`]) rather than byte by byte. What follows a run is looked at
/// ([`word_continues`]) only when it is an apostrophe, a hyphen or a non-ASCII character: a
/// space or punctuation ends the word.
pub(super) fn tokenize(text: &str, from: usize, to: usize) -> Vec<Token> {
    let s = &text[from..to];
    let bytes = s.as_bytes();
    let n = bytes.len();
    let word_bits = ascii_word_bits(bytes);
    // About one word per six bytes of prose: one allocation for most texts.
    let mut out = Vec::with_capacity(n / 4 + 1);
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        let start = i;
        let (cap, mut end) = if b < 0x80 {
            if !is_ascii_word(b) {
                i += 1;
                continue;
            }
            (
                b.is_ascii_uppercase(),
                next_non_word_byte(&word_bits, i + 1),
            )
        } else {
            let (c, clen) = char_at(s, i);
            if !c.is_alphanumeric() {
                i += clen;
                continue;
            }
            (c.is_uppercase(), next_non_word_byte(&word_bits, i + clen))
        };
        let mut word_end = end;
        if end < n && MAY_CONTINUE[bytes[end] as usize] {
            let joined;
            (end, joined) = word_continues(s, &word_bits, end);
            word_end = end;
            // A possessive `’s` or `'s` (or `’S`, `'S`) after at least two bytes of word: only
            // in a word an apostrophe joins.
            if joined && matches!(bytes[end - 1], b's' | b'S') {
                let stem = &bytes[start..end - 1];
                if stem.len() > 2 && stem.ends_with(b"'") {
                    word_end = end - 2;
                } else if stem.len() > 4 && stem.ends_with("’".as_bytes()) {
                    word_end = end - 4;
                }
            }
        }
        out.push(Token {
            start: from + start,
            end: from + word_end,
            full_end: from + end,
            cap,
            possessive: word_end != end,
        });
        i = end;
    }
    out
}

/// The bytes after a run of ASCII letters and digits that may go on with the word: apostrophes,
/// hyphens, and the first bytes of non-ASCII characters.
static MAY_CONTINUE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b >= 0x80 || matches!(b as u8, b'\'' | b'`' | b'-');
        b += 1;
    }
    t
};

/// The end of a word of `s` whose letters so far end at byte `i`, where an apostrophe, a
/// hyphen or a non-ASCII character is: letters, digits and combining marks go on with it, and
/// so does an apostrophe or a hyphen (not `_`, `–`, `—`) followed by a letter or digit. Also
/// whether such an apostrophe or hyphen joined parts of the word.
#[inline(never)]
fn word_continues(s: &str, word_bits: &[u64], mut i: usize) -> (usize, bool) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    let mut end = i;
    let mut joined = false;
    loop {
        let k = next_non_word_byte(word_bits, i);
        if k > i {
            end = k;
            i = k;
        }
        if i >= n {
            break;
        }
        // ASCII ends the word, but for an apostrophe or a hyphen (tested below).
        if bytes[i] < 0x80 && !matches!(bytes[i], b'\'' | b'`' | b'-') {
            break;
        }
        let (d, dlen) = char_at(s, i);
        if d.is_alphanumeric() || is_combining(d) {
            i += dlen;
            end = i;
        } else if is_apostrophe(d) || is_dash(d) && d != '_' && d != '—' && d != '–' {
            // Inside a word only when a letter follows.
            let j = i + dlen;
            if j < n && char_at(s, j).0.is_alphanumeric() {
                i = j;
                joined = true;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    (end, joined)
}

/// One bit per byte of `bytes`, set for ASCII letters and digits: bit `i % 64` of word `i / 64`.
/// Bits past the end are clear, and there is always one word past the last byte, so that
/// [`next_non_word_byte`] stops at the end.
fn ascii_word_bits(bytes: &[u8]) -> Vec<u64> {
    let mut bits = vec![0u64; bytes.len() / 64 + 1];
    let mut chunks = bytes.chunks_exact(8);
    for (k, chunk) in chunks.by_ref().enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        bits[k / 8] |= u64::from(ascii_word_mask8(x)) << (k % 8 * 8);
    }
    let done = bytes.len() - chunks.remainder().len();
    for (j, &b) in chunks.remainder().iter().enumerate() {
        let i = done + j;
        bits[i / 64] |= u64::from(is_ascii_word(b)) << (i % 64);
    }
    bits
}

/// Bit `k` set when byte `k` of the eight in `x` (little-endian) is an ASCII letter or digit:
/// the lanes of [`crate::text::ascii_word_bytes`] gathered into one byte.
#[inline]
fn ascii_word_mask8(x: u64) -> u8 {
    let w = crate::text::ascii_word_bytes(x);
    // The eight bits 7 gathered into the top byte.
    ((w >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// The first byte at or after `i` that is not an ASCII letter or digit, by the bits of
/// [`ascii_word_bits`] (the length of the text when there is none).
#[inline]
fn next_non_word_byte(bits: &[u64], i: usize) -> usize {
    let mut k = i / 64;
    let rest = !bits[k] >> (i % 64);
    if rest != 0 {
        return i + rest.trailing_zeros() as usize;
    }
    loop {
        k += 1;
        let w = !bits[k];
        if w != 0 {
            return k * 64 + w.trailing_zeros() as usize;
        }
    }
}

fn is_combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::floor_boundary;

    /// The tokenizer as it was before words were scanned by bits: the reference for [`tokenize`].
    fn tokenize_reference(text: &str, from: usize, to: usize) -> Vec<Token> {
        let s = &text[from..to];
        let n = s.len();
        let at = |i: usize| char_at(s, i);
        // About one word per six bytes of prose: one allocation for most texts.
        let mut out = Vec::with_capacity(n / 4 + 1);
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < n {
            if bytes[i] < 0x80 && !is_ascii_word(bytes[i]) {
                i += 1;
                continue;
            }
            let (c, clen) = at(i);
            if !c.is_alphanumeric() {
                i += clen;
                continue;
            }
            let start = i;
            let mut end = i + clen;
            i = end;
            while i < n {
                if is_ascii_word(bytes[i]) {
                    i += 1;
                    end = i;
                    continue;
                }
                // Other ASCII ends the word, but for an apostrophe or a hyphen (tested below).
                if bytes[i] < 0x80 && !matches!(bytes[i], b'\'' | b'`' | b'-') {
                    break;
                }
                let (d, dlen) = at(i);
                if d.is_alphanumeric() || is_combining(d) {
                    i += dlen;
                    end = i;
                } else if is_apostrophe(d) || is_dash(d) && d != '_' && d != '—' && d != '–' {
                    // Inside a word only when a letter follows.
                    let j = i + dlen;
                    if j < n && at(j).0.is_alphanumeric() {
                        i = j;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let word = &s[start..end];
            let mut word_end = end;
            let mut possessive = false;
            if matches!(word.as_bytes().last(), Some(b's' | b'S')) {
                for ap in ["’s", "'s", "’S", "'S"] {
                    if word.len() > ap.len() + 1 && word.ends_with(ap) {
                        word_end = end - ap.len();
                        possessive = true;
                    }
                }
            }
            out.push(Token {
                start: from + start,
                end: from + word_end,
                full_end: from + end,
                cap: c.is_uppercase(),
                possessive,
            });
        }
        out
    }

    #[test]
    fn ascii_word_mask_of_every_byte() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                // The byte in one lane, its neighbours the bytes around it.
                let mut x = [b.wrapping_sub(1); 8];
                x[lane] = b;
                if lane + 1 < 8 {
                    x[lane + 1] = b.wrapping_add(1);
                }
                let m = ascii_word_mask8(u64::from_le_bytes(x));
                for (k, &c) in x.iter().enumerate() {
                    assert_eq!(m >> k & 1 == 1, is_ascii_word(c), "{x:?}");
                }
            }
        }
    }

    #[test]
    fn tokens_as_before_on_examples() {
        for t in [
            "",
            "Iran's Evin Prison",
            "Mo’ezi’s letter, Rajavi’S and X's É's ab’s abc’s",
            "al-Assad bin-Laden — x–y x_y ‐z x-' x'- -a 'b a'",
            "ﬁne e\u{301}cole É\u{301}X 12-3 ①x 2024",
            "x`s ab`s I'S AB'S ’s 's",
        ] {
            assert_eq!(
                tok_tuples(&tokenize(t, 0, t.len())),
                tok_tuples(&tokenize_reference(t, 0, t.len())),
                "{t:?}"
            );
        }
    }

    fn tok_tuples(v: &[Token]) -> Vec<(usize, usize, usize, bool, bool)> {
        v.iter()
            .map(|t| (t.start, t.end, t.full_end, t.cap, t.possessive))
            .collect()
    }

    fn token_texts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = prop::sample::select(vec![
            "a",
            "B",
            "z",
            "Z",
            "s",
            "S",
            "0",
            "9",
            " ",
            "  ",
            "\n",
            ".",
            ",",
            "@",
            "[",
            "`",
            "{",
            "'",
            "’",
            "‘",
            "ʼ",
            "´",
            "-",
            "‐",
            "‑",
            "–",
            "—",
            "_",
            "−",
            "é",
            "É",
            "ß",
            "İ",
            "ǅ",
            "\u{301}",
            "\u{200c}",
            "م",
            "ی",
            "😀",
            "'s",
            "’s",
            "'S",
            "’S",
            "x’s",
            "Mo’ezi",
            "Ⅻ",
            "①",
            "٣",
            "abcdefghij",
            "KLMNOPQRSTUVWXYZ",
            "0123456789",
            "\u{7f}",
            "\u{80}",
        ]);
        prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn tokens_as_before(
            s in proptest::prop_oneof![token_texts(), proptest::prelude::any::<String>()],
            a in 0usize..400,
            b in 0usize..400,
        ) {
            // A range of the text on char boundaries (the whole text when `a` is past the end).
            let mut from = floor_boundary(&s, a.min(s.len()));
            let mut to = floor_boundary(&s, b.min(s.len()));
            if from > to {
                std::mem::swap(&mut from, &mut to);
            }
            if a >= s.len() {
                (from, to) = (0, s.len());
            }
            proptest::prop_assert_eq!(
                tok_tuples(&tokenize(&s, from, to)),
                tok_tuples(&tokenize_reference(&s, from, to))
            );
        }
    }
}
