//! Tests of folding, the byte map and word scanning.

use super::*;

/// The folding as first written (char by char), kept to check the fast path against.
struct Reference {
    text: String,
    origin: Vec<u32>,
    origin_end: Vec<u32>,
}

impl Reference {
    /// Folds `original`.
    fn new(original: &str) -> Reference {
        let mut f = Reference {
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
}

#[test]
fn fast_path_matches_reference() {
    let samples = [
        "Mr. Ali Mo’ezi—Évin",
        "Khamenei’s chief, Raja'i Shahr's  prison\r\n\n -- x_y `a` 's",
        "ﬁne ﷺ ǆ Ⅻ ㎏ \u{200B}a\u{00AD}b e\u{301}x  \t\x0b end'",
        "'s 's' ’S ʼs\u{301} O'Brien Sa'id ’’s",
        "",
        "   ",
        "İstanbul ẞ Σίσυφος",
    ];
    for s in samples {
        let a = Folded::new(s);
        let b = Reference::new(s);
        assert_eq!(a.text, b.text, "{s:?}");
        assert_eq!(a.origin, b.origin, "{s:?}");
        assert_eq!(a.origin_end, b.origin_end, "{s:?}");
    }
}

proptest::proptest! {
    #[test]
    fn fast_path_matches_reference_on_any_text(s in "[a-zA-Z0-9 '`’s\\-_.,\\n\\tÉéﬁ\u{301}\u{200B}—ʼ]{0,40}") {
        let a = Folded::new(&s);
        let b = Reference::new(&s);
        proptest::prop_assert_eq!(&a.text, &b.text);
        proptest::prop_assert_eq!(&a.origin, &b.origin);
        proptest::prop_assert_eq!(&a.origin_end, &b.origin_end);
    }

    #[test]
    fn fast_path_matches_reference_on_unicode(s in "\\PC{0,30}") {
        let a = Folded::new(&s);
        let b = Reference::new(&s);
        proptest::prop_assert_eq!(&a.text, &b.text);
        proptest::prop_assert_eq!(&a.origin, &b.origin);
        proptest::prop_assert_eq!(&a.origin_end, &b.origin_end);
    }
}

#[test]
fn phrase_index_finds_what_find_finds() {
    let phrases = ["has written", "written to", "aa", "has written", "a"];
    let idx = PhraseIndex::new(phrases.iter().copied());
    let hay = "he has written to aaa and has written to her a";
    let mut expect = Vec::new();
    for (i, p) in phrases.iter().enumerate() {
        let mut from = 0;
        while let Some(k) = hay[from..].find(p) {
            expect.push((i, from + k));
            from += k + p.len();
        }
    }
    assert_eq!(idx.hits(hay), expect);
}

#[test]
fn folded_word_is_fold() {
    for w in [
        "Tehran", "O'Brien", "al-Assad", "Évin", "MR", "x.y", "ﬁne", "a b",
    ] {
        assert_eq!(with_folded_word(w, str::to_string), fold(w), "{w}");
    }
}

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
fn words_are_maximal_runs_of_letters_and_digits() {
    for s in [
        "",
        " ",
        "a",
        "Mo’ezi—Évin, 2016: x1y  ﬁne\u{301}z",
        "  end.",
        "é",
        "a-b_c'd",
    ] {
        let mut expect = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    expect.push((st, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            expect.push((st, s.len()));
        }
        assert_eq!(words(s).collect::<Vec<_>>(), expect, "{s:?}");
    }
}

/// The capitalised words as [`words`] and a test of each word's first character give them.
fn capitalised_word_by_word(s: &str) -> Vec<(usize, usize)> {
    words(s)
        .filter(|&(a, _)| s[a..].chars().next().is_some_and(char::is_uppercase))
        .collect()
}

#[test]
fn capitalised_words_as_word_by_word() {
    for s in [
        "",
        "A",
        "the Quick brown FOX, McDonald iPhone É é Ünïcode ẞ İstanbul 2Be",
        "lower case only, for more than eight bytes at a time; and Then",
        "x\u{2160}y \u{2160}a Ⓐb 𝐀c",
    ] {
        assert_eq!(
            capitalised_words(s).collect::<Vec<_>>(),
            capitalised_word_by_word(s),
            "{s:?}"
        );
    }
}

#[test]
fn ascii_word_bytes_as_by_table() {
    for b in 0..=255u8 {
        for at in 0..8 {
            let x = (b as u64) << (8 * at) | 0x2020_2020_2020_2020 & !(0xff << (8 * at));
            let want = if is_ascii_word(b) {
                0x80 << (8 * at)
            } else {
                0
            };
            assert_eq!(ascii_word_bytes(x), want, "{b:#x} at {at}");
        }
    }
}

#[test]
fn capital_or_non_ascii_in_eight_bytes() {
    for b in 0..=255u8 {
        for at in 0..8 {
            let mut bytes = [b'a'; 8];
            bytes[at] = b;
            assert_eq!(
                capitals_or_non_ascii(u64::from_le_bytes(bytes)),
                if b.is_ascii_uppercase() || b >= 0x80 {
                    0x80 << (8 * at)
                } else {
                    0
                },
                "{b} at {at}"
            );
        }
    }
}

proptest::proptest! {
    #[test]
    fn capitalised_words_as_word_by_word_on_any_text(s in "([a-zA-Z0-9 .,@\\[`{]|É|é|ẞ|\\PC){0,120}") {
        proptest::prop_assert_eq!(capitalised_words(&s).collect::<Vec<_>>(), capitalised_word_by_word(&s));
    }

    #[test]
    fn word_before_is_the_previous_word(s in "([a-zA-Z0-9 .,]|É|é|\\PC){0,30}") {
        let all: Vec<_> = words(&s).collect();
        for (k, w) in all.iter().enumerate() {
            let before = k.checked_sub(1).map(|j| all[j]);
            proptest::prop_assert_eq!(word_before(&s, w.0), before);
        }
        proptest::prop_assert_eq!(word_before(&s, s.len()), all.last().copied());
    }
}

proptest::proptest! {
    #[test]
    fn get_word_is_get_of_the_folding(
        members in proptest::collection::vec("[a-zA-Z0-9 '\\-éÉ]{0,6}", 0..8),
        w in "[a-zA-Z0-9 '\\-éÉ]{0,6}",
    ) {
        let mut map = WordMap::default();
        for (i, m) in members.iter().enumerate() {
            map.insert(fold(m), i);
        }
        // Also a member that is the word's own folding.
        let mut with_w = map.clone();
        with_w.insert(fold(&w), usize::MAX);
        for m in [&map, &with_w] {
            proptest::prop_assert_eq!(m.get_word(&w), m.get(&fold(&w)));
        }
    }
}

#[test]
fn word_bounds() {
    let f = Folded::new("Tehrani Tehran");
    assert!(!f.is_word_bounded(0, 6));
    assert!(f.is_word_bounded(8, 14));
}
