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

/// A [`Folded`] being built; `OFFSETS` false for the text alone ([`fold`]).
struct Folder<const OFFSETS: bool> {
    text: Vec<u8>,
    origin: Vec<u32>,
    origin_end: Vec<u32>,
    /// A separator not written yet: it is written only when a character follows.
    pending: Option<(u32, u32)>,
}

impl<const OFFSETS: bool> Folder<OFFSETS> {
    fn push_byte(&mut self, b: u8, start: u32, end: u32) {
        self.text.push(b);
        if OFFSETS {
            self.origin.push(start);
            self.origin_end.push(end);
        }
    }

    fn push_char(&mut self, c: char, start: u32, end: u32) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            self.push_byte(b, start, end);
        }
    }

    fn space(&mut self, start: u32, end: u32) {
        match &mut self.pending {
            Some((_, e)) => *e = end,
            None => {
                if !self.text.is_empty() {
                    self.pending = Some((start, end));
                }
            }
        }
    }

    fn flush_space(&mut self) {
        if let Some((s, e)) = self.pending.take() {
            self.push_byte(b' ', s, e);
        }
    }

    /// An apostrophe (ending at byte `next` of the original) is removed, except in a possessive
    /// (`’s` followed by a non-letter), where it becomes a separator so that the name before it
    /// can match.
    fn apostrophe(&mut self, original: &str, next: usize, start: u32, end: u32) {
        if original.as_bytes().get(next) == Some(&b's') {
            // A possessive when the word ends after the `s`.
            let word_ends = match original[next + 1..].chars().next() {
                None => true,
                Some(c) => is_apostrophe(c) || !(c.is_alphanumeric() || is_combining_mark(c)),
            };
            if word_ends && !self.text.is_empty() {
                self.space(start, end);
            }
        }
    }
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

/// Appends `from, from + 1, ...` (`len` values) to `v`: what `v.extend(from..from + len)`
/// does, written as a fill of a slice (one growth, a loop the compiler unrolls).
fn push_counting(v: &mut Vec<u32>, from: u32, len: usize) {
    let at = v.len();
    v.resize(at + len, 0);
    for (k, o) in (from..).zip(&mut v[at..]) {
        *o = k;
    }
}

impl Folded {
    /// Folds `original`.
    ///
    /// ASCII bytes (nearly all of an English article) take a fast path that looks at the byte
    /// alone; other characters are decoded and decomposed.
    pub fn new(original: &str) -> Folded {
        Self::build::<true>(original)
    }

    fn build<const OFFSETS: bool>(original: &str) -> Folded {
        let n = original.len();
        let cap = if OFFSETS { n } else { 0 };
        let mut f = Folder::<OFFSETS> {
            text: Vec::with_capacity(n),
            origin: Vec::with_capacity(cap + OFFSETS as usize),
            origin_end: Vec::with_capacity(cap),
            pending: None,
        };
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < n {
            let b = bytes[i];
            if folds_to_itself(b) {
                // A stretch of ASCII that folds byte for byte (most of an English text): bytes
                // that fold to themselves and single spaces between them, copied lower-cased in
                // one go, each byte mapping to itself.
                let start = i;
                i += 1;
                while i < n {
                    if folds_to_itself(bytes[i]) {
                        i += 1;
                    } else if bytes[i] == b' ' && i + 1 < n && folds_to_itself(bytes[i + 1]) {
                        i += 2;
                    } else {
                        break;
                    }
                }
                f.flush_space();
                let at = f.text.len();
                f.text.extend_from_slice(&bytes[start..i]);
                f.text[at..].make_ascii_lowercase();
                if OFFSETS {
                    push_counting(&mut f.origin, start as u32, i - start);
                    push_counting(&mut f.origin_end, start as u32 + 1, i - start);
                }
                continue;
            }
            if b < 0x80 {
                let start = i as u32;
                let end = start + 1;
                i += 1;
                if b.is_ascii_whitespace() || b == b'-' || b == b'_' {
                    f.space(start, end);
                } else {
                    // The other ASCII bytes fold to themselves (above).
                    debug_assert!(b == b'\'' || b == b'`');
                    f.apostrophe(original, i, start, end);
                }
                continue;
            }
            let c = original[i..].chars().next().expect("a char boundary");
            let start = i as u32;
            i += c.len_utf8();
            let end = i as u32;
            if c.is_whitespace() || is_dash(c) {
                f.space(start, end);
            } else if is_apostrophe(c) {
                f.apostrophe(original, i, start, end);
            } else if is_invisible(c) {
                // dropped
            } else {
                let mut produced = false;
                decompose_compatible(c, |d| {
                    if is_combining_mark(d) || is_invisible(d) {
                        return;
                    }
                    if d.is_whitespace() || is_dash(d) {
                        f.space(start, end);
                        return;
                    }
                    if is_apostrophe(d) {
                        return;
                    }
                    if !produced {
                        f.flush_space();
                    }
                    produced = true;
                    for l in d.to_lowercase() {
                        f.push_char(l, start, end);
                    }
                });
            }
        }
        // A trailing separator is dropped; the extra entry holds the original length.
        if OFFSETS {
            f.origin.push(n as u32);
        }
        Folded {
            text: String::from_utf8(f.text).expect("folding pushes whole characters"),
            origin: f.origin,
            origin_end: f.origin_end,
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

    /// The folded span of the original span `[start, end)`: the folded bytes whose
    /// characters start inside it.
    pub fn folded_range(&self, start: usize, end: usize) -> (usize, usize) {
        let n = self.text.len();
        let at = |pos: usize| self.origin[..n].partition_point(|&o| (o as usize) < pos);
        let s = at(start);
        (s, at(end).max(s))
    }

    /// True when the folded span `[start, end)` starts and ends on a word boundary.
    pub fn is_word_bounded(&self, start: usize, end: usize) -> bool {
        let t = self.text.as_bytes();
        let before_ok = start == 0 || !is_word_byte_before(&self.text, start);
        let after_ok = end >= t.len() || !is_word_char_at(&self.text, end);
        before_ok && after_ok
    }
}

/// True when the character at byte `i` of `s` is a letter or digit.
pub fn is_word_char_at(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_some_and(|c| c.is_alphanumeric())
}

/// True when the character before byte `i` of `s` is a letter or digit.
pub fn is_word_byte_before(s: &str, i: usize) -> bool {
    s[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
}

/// True for an ASCII letter or digit: `b.is_ascii_alphanumeric()` by table (the scans over a
/// whole text test every byte).
#[inline]
pub fn is_ascii_word(b: u8) -> bool {
    ASCII_WORD[b as usize]
}

static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The character starting at byte `i` of `s` and its length in bytes; ASCII without decoding
/// (the scans over a whole article call this for every character).
#[inline]
pub fn char_at(s: &str, i: usize) -> (char, usize) {
    match s.as_bytes()[i] {
        b if b < 0x80 => (b as char, 1),
        _ => {
            let c = s[i..].chars().next().expect("a char boundary");
            (c, c.len_utf8())
        }
    }
}

/// Spans of the words of `text`: maximal runs of letters and digits, one at a time.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// The iterator of [`words`]; clone it to look ahead.
#[derive(Clone, Debug)]
pub struct Words<'a> {
    text: &'a str,
    /// Where the search for the next word starts.
    pos: usize,
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    // Inlined into the scans that call it once per word (a plain `#[inline]` is not taken).
    #[inline(always)]
    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let n = bytes.len();
        let mut i = self.pos;
        // To the next letter or digit; ASCII without decoding.
        let start = loop {
            if i >= n {
                self.pos = n;
                return None;
            }
            let b = bytes[i];
            if is_ascii_word(b) {
                break i;
            }
            if b < 0x80 {
                i += 1;
                continue;
            }
            let (c, len) = char_at(self.text, i);
            if c.is_alphanumeric() {
                break i;
            }
            i += len;
        };
        // To the end of the run.
        while i < n {
            let b = bytes[i];
            if is_ascii_word(b) {
                i += 1;
                continue;
            }
            if b < 0x80 {
                break;
            }
            let (c, len) = char_at(self.text, i);
            if !c.is_alphanumeric() {
                break;
            }
            i += len;
        }
        self.pos = i;
        Some((start, i))
    }
}

/// The words of `text` from byte `pos` on, where `pos` is not inside a word (as [`words`]
/// gives them).
pub fn words_from(text: &str, pos: usize) -> Words<'_> {
    Words { text, pos }
}

/// The last word of `text` that ends at or before byte `pos`, where `pos` is not inside a word
/// (the word [`words`] gives before the one at `pos`).
pub fn word_before(text: &str, pos: usize) -> Option<(usize, usize)> {
    let mut end = pos;
    while !is_word_byte_before(text, end) {
        if end == 0 {
            return None;
        }
        end = floor_boundary(text, end - 1);
    }
    let mut start = end;
    while is_word_byte_before(text, start) {
        start = floor_boundary(text, start - 1);
    }
    Some((start, end))
}

/// The words of `text` (as [`words`] gives them) whose first character is upper case, in
/// order. Only upper-case ASCII letters and non-ASCII characters are looked at, not every word.
pub fn capitalised_words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || loop {
        // A character boundary: the next byte that may start a capital starts a character.
        i = next_may_be_capital(bytes, i)?;
        let (c, len) = char_at(text, i);
        if !(c.is_uppercase() && c.is_alphanumeric()) || is_word_byte_before(text, i) {
            i += len;
            continue;
        }
        let w = (i, word_end(text, i));
        i = w.1;
        return Some(w);
    })
}

/// The first byte of `bytes` at or after `i` that is an ASCII capital or not ASCII.
pub fn next_may_be_capital(bytes: &[u8], mut i: usize) -> Option<usize> {
    // Sixteen bytes at a time over those with neither (most of a text).
    for pair in bytes.get(i..)?.chunks_exact(16) {
        let a = capitals_or_non_ascii(u64::from_le_bytes(pair[..8].try_into().expect("8")));
        let b = capitals_or_non_ascii(u64::from_le_bytes(pair[8..].try_into().expect("8")));
        if a | b != 0 {
            let k = if a != 0 {
                a.trailing_zeros() / 8
            } else {
                8 + b.trailing_zeros() / 8
            };
            return Some(i + k as usize);
        }
        i += 16;
    }
    let k = bytes[i..]
        .iter()
        .position(|&b| b.is_ascii_uppercase() || b >= 0x80)?;
    Some(i + k)
}

/// The high bit of each byte of `x` (eight bytes of text, the first the lowest) set when that
/// byte is an ASCII capital or not ASCII, all others clear.
#[inline(always)]
fn capitals_or_non_ascii(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Each byte's low seven bits, plus a constant: the high bit is set when it is at least
    // `A`, or more than `Z` (no carry into the next byte).
    let low = x & !HIGH_BITS;
    let from_a = low + ONES * (0x80 - b'A' as u64);
    let past_z = low + ONES * (0x80 - b'Z' as u64 - 1);
    (x | (from_a & !past_z)) & HIGH_BITS
}

/// The end of the word that starts at byte `i` of `text` (the one [`words_from`] gives there).
/// ASCII letters and digits are classified eight bytes at a time; a non-ASCII character or
/// the last few bytes of the text send the word to [`words_from`].
pub fn word_end(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = i;
    while let Some(chunk) = bytes.get(j..j + 8) {
        let run = ascii_word_bytes(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        let k = ((run ^ HIGH_BITS).trailing_zeros() / 8) as usize;
        if k < 8 {
            if bytes[j + k] < 0x80 {
                return j + k;
            }
            break;
        }
        j += 8;
    }
    words_from(text, i).next().map_or(i, |w| w.1)
}

/// The high bit of every byte.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (eight bytes of text, the first the lowest) set when
/// that byte is an ASCII letter or digit ([`is_ascii_word`]), all others clear.
#[inline(always)]
pub fn ascii_word_bytes(x: u64) -> u64 {
    const fn each(b: u8) -> u64 {
        b as u64 * 0x0101_0101_0101_0101
    }
    // On 7-bit values, `v + (0x80 - lo)` has its high bit set when `v >= lo` and
    // `v + (0x7f - hi)` when `v > hi`; no byte carries into the next.
    let low = x & !HIGH_BITS;
    // Upper-case letters (and only they) become lower-case ones.
    let l = low | each(0x20);
    let letter = l.wrapping_add(each(0x80 - b'a')) & !l.wrapping_add(each(0x7f - b'z'));
    let digit = low.wrapping_add(each(0x80 - b'0')) & !low.wrapping_add(each(0x7f - b'9'));
    (letter | digit) & !x & HIGH_BITS
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
    Folded::build::<false>(s).text
}

/// Calls `f` with the folding of one word (`fold(w)`), without allocating for a short ASCII
/// word that folding only lower-cases (no separator or apostrophe in it).
pub fn with_folded_word<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    // Lower-case ASCII without separators or apostrophes is its own folding.
    if w.bytes()
        .all(|c| folds_to_itself(c) && !c.is_ascii_uppercase())
    {
        return f(w);
    }
    let mut buf = [0u8; FAST_WORD];
    match lowercased(w.as_bytes(), &mut buf) {
        // SAFETY: `lowercased` gives only bytes that fold to themselves, all ASCII, so valid
        // UTF-8. Checking it again (`from_utf8`) was 2% of an extraction: this runs for most
        // capitalised words of every rule.
        Some(l) => f(unsafe { std::str::from_utf8_unchecked(l) }),
        None => f(&fold(w)),
    }
}

/// True when the folding of the word `w` ([`fold`]) is `folded`: `with_folded_word(w, |f| f ==
/// folded)`, without copying a short ASCII word that folding only lower-cases (then the two
/// have the same length and compare as ASCII without case).
pub fn folds_to(w: &str, folded: &str) -> bool {
    // A first byte that folds to itself starts the folding, lower-cased: most words differ
    // there.
    if let (Some(&a), Some(&b)) = (w.as_bytes().first(), folded.as_bytes().first()) {
        if folds_to_itself(a) && a.to_ascii_lowercase() != b {
            return false;
        }
    }
    if w.len() <= FAST_WORD && w.bytes().all(folds_to_itself) {
        // `folded` is lower case: equal without case is equal to the lower-cased word.
        return w.len() == folded.len() && w.eq_ignore_ascii_case(folded);
    }
    with_folded_word(w, |f| f == folded)
}

/// True for an ASCII byte that folds to one byte, itself lower-cased: not a separator
/// (whitespace, `-`, `_`) nor an apostrophe.
#[inline]
pub fn folds_to_itself(b: u8) -> bool {
    FOLDS_TO_ITSELF[b as usize]
}

/// [`folds_to_itself`] by byte (the scans over a whole text test every byte).
static FOLDS_TO_ITSELF: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        t[b] = !(c.is_ascii_whitespace() || matches!(c, b'-' | b'_' | b'\'' | b'`'));
        b += 1;
    }
    t
};

/// Longest word that [`lowercased`] folds on the stack.
pub const FAST_WORD: usize = 48;

/// The folding of the word `b` written into `buf`, when folding only lower-cases it: short
/// ASCII without separators or apostrophes (the folding then has the word's length and first
/// byte, lower-cased). `None` for any other word.
pub fn lowercased<'b>(b: &[u8], buf: &'b mut [u8; FAST_WORD]) -> Option<&'b [u8]> {
    if b.len() > FAST_WORD {
        return None;
    }
    // One pass: each byte checked, then copied lower-cased.
    for (d, &s) in buf.iter_mut().zip(b) {
        if !folds_to_itself(s) {
            return None;
        }
        *d = s.to_ascii_lowercase();
    }
    Some(&buf[..b.len()])
}

/// Folded words (a rule word list) with a value each, looked up for a word as written
/// ([`WordMap::get_word`]) without folding it when no member has its first letter or its
/// length, as for most words of a text.
#[derive(Clone, Debug)]
pub struct WordMap<V> {
    /// The members, as bytes (looked up without checking UTF-8 again).
    words: rustc_hash::FxHashMap<Vec<u8>, V>,
    /// Bit `b` set when a member starts with byte `b`.
    first: [u64; 4],
    /// Bit [`pair_bit`] of its first two bytes set for each member of two bytes or more.
    pairs: [u64; 64],
    /// Bit `min(len, 63)` set when a member has `len` bytes.
    lens: u64,
}

/// A set of folded words (see [`WordMap`]).
pub type WordSet = WordMap<()>;

/// The bit of [`WordMap`]'s pair filter for a word starting with the bytes `a`, `b`: their low
/// six bits (pairs that share them share the bit, which only lets more words through to the
/// lookup).
#[inline]
fn pair_bit(a: u8, b: u8) -> usize {
    (a as usize & 63) << 6 | (b as usize & 63)
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            words: Default::default(),
            first: [0; 4],
            pairs: [0; 64],
            lens: 0,
        }
    }
}

impl<V> WordMap<V> {
    /// Sets the value of a folded word; the old value if it was there.
    pub fn insert(&mut self, folded: String, value: V) -> Option<V> {
        if let Some(&b) = folded.as_bytes().first() {
            self.first[b as usize / 64] |= 1 << (b % 64);
        }
        if let [a, b, ..] = *folded.as_bytes() {
            let k = pair_bit(a, b);
            self.pairs[k / 64] |= 1 << (k % 64);
        }
        self.lens |= 1 << folded.len().min(63);
        self.words.insert(folded.into_bytes(), value)
    }

    /// The length in bytes of the longest member (`usize::MAX` when one has 63 bytes or more,
    /// 0 when there is none): a word longer than that is no member.
    pub fn max_len(&self) -> usize {
        match 63 - self.lens.leading_zeros().min(63) as usize {
            63 => usize::MAX,
            n => n,
        }
    }

    /// True when some member starts with byte `c`.
    #[inline]
    fn has_first(&self, c: u8) -> bool {
        self.first[c as usize / 64] & (1 << (c % 64)) != 0
    }

    /// True when some member may start with the bytes `a`, `b` (false: none does).
    #[inline]
    fn may_start_with(&self, a: u8, b: u8) -> bool {
        let k = pair_bit(a, b);
        self.pairs[k / 64] & (1 << (k % 64)) != 0
    }

    /// The value of the folded word `folded` (not hashed when no member has its first byte,
    /// its first two bytes or its length).
    #[inline]
    pub fn get(&self, folded: &str) -> Option<&V> {
        self.get_bytes(folded.as_bytes())
    }

    /// [`WordMap::get`] on the bytes of a folded word.
    #[inline]
    pub fn get_bytes(&self, b: &[u8]) -> Option<&V> {
        let rejected = match *b {
            [] => false,
            [c] => !self.has_first(c),
            [c, d, ..] => !self.has_first(c) || !self.may_start_with(c, d),
        };
        if rejected || self.lens & (1 << b.len().min(63)) == 0 {
            return None;
        }
        self.words.get(b)
    }

    /// True when the folded word `folded` is a member.
    pub fn contains_key(&self, folded: &str) -> bool {
        self.get(folded).is_some()
    }

    /// False when no member can be the folding of a word that starts with the bytes `b`: an
    /// ASCII letter or digit that, lower-cased, starts no member, or two that, lower-cased, start
    /// no member (the folding of a word starts with its first ASCII letters or digits,
    /// lower-cased).
    #[inline]
    fn may_start_word(&self, b: &[u8]) -> bool {
        let Some(&c) = b.first() else {
            return true;
        };
        if !c.is_ascii_alphanumeric() {
            return true;
        }
        let c = c.to_ascii_lowercase();
        self.has_first(c)
            && match b.get(1) {
                Some(&d) if d.is_ascii_alphanumeric() => {
                    self.may_start_with(c, d.to_ascii_lowercase())
                }
                _ => true,
            }
    }

    /// The value of the folding of `w` ([`fold`]).
    #[inline]
    pub fn get_word(&self, w: &str) -> Option<&V> {
        let b = w.as_bytes();
        if b.is_empty() {
            return self.get("");
        }
        // Rejected before lower-casing when its first letters start no member.
        if !self.may_start_word(b) {
            return None;
        }
        let mut buf = [0u8; FAST_WORD];
        match lowercased(b, &mut buf) {
            Some(l) => self.get_bytes(l),
            None => self.get(&fold(w)),
        }
    }
}

impl WordSet {
    /// True when the folded word `folded` is a member.
    pub fn contains(&self, folded: &str) -> bool {
        self.contains_key(folded)
    }

    /// True when the folding of `w` ([`fold`]) is a member.
    #[inline]
    pub fn contains_word(&self, w: &str) -> bool {
        self.get_word(w).is_some()
    }
}

/// Every occurrence of a list of phrases in a folded text, found in one pass.
///
/// [`PhraseIndex::hits`] gives what searching the text once per phrase with `str::find`, left
/// to right, each search resuming after the previous occurrence, would give, in that order:
/// phrase by phrase (in list order), then by position.
#[derive(Clone, Debug)]
pub struct PhraseIndex {
    ac: Option<aho_corasick::AhoCorasick>,
    /// For each pattern of `ac` (distinct phrases), the indices of the list that hold it.
    owners: Vec<Vec<usize>>,
    lens: Vec<usize>,
}

impl PhraseIndex {
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> PhraseIndex {
        let mut pats: Vec<&str> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut lens = Vec::new();
        for (i, p) in phrases.into_iter().enumerate() {
            lens.push(p.len());
            if p.is_empty() {
                continue;
            }
            match pats.iter().position(|q| *q == p) {
                Some(k) => owners[k].push(i),
                None => {
                    pats.push(p);
                    owners.push(vec![i]);
                }
            }
        }
        let ac = (!pats.is_empty()).then(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(&pats)
                .expect("phrases compile")
        });
        PhraseIndex { ac, owners, lens }
    }

    /// `(phrase index, start)` of every occurrence in `hay` that a left-to-right search per
    /// phrase would find (occurrences of one phrase do not overlap), sorted by phrase index then
    /// start. Word bounds are not checked.
    pub fn hits(&self, hay: &str) -> Vec<(usize, usize)> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut next_from = vec![0usize; self.lens.len()];
        let mut out = Vec::new();
        for m in ac.find_overlapping_iter(hay) {
            for &i in &self.owners[m.pattern().as_usize()] {
                if m.start() >= next_from[i] {
                    next_from[i] = m.start() + self.lens[i];
                    out.push((i, m.start()));
                }
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests;
