//! Property tests: the folded view maps back to exact byte offsets of any Unicode input.

use entigraph::text::{fold, Folded};
use proptest::prelude::*;

fn texts() -> impl Strategy<Value = String> {
    // Mix ASCII, Latin with accents, apostrophes, dashes, spaces, Persian and Arabic letters,
    // combining marks, ligatures, emoji and zero-width characters.
    let pieces = prop::sample::select(vec![
        "a", "B", " ", "  ", "\t", "\n", "\r\n", "-", "–", "—", "’", "'", "`", "ʼ", "é", "É", "ﬁ",
        "ß", "İ", "ǅ", "\u{301}", "\u{200c}", "\u{200f}", "\u{feff}", "م", "ی", "ع", "😀", "x’s",
        "Mo’ezi", ".", ",", "1", "Ⅻ", "①",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn spans_map_to_char_boundaries(s in prop_oneof![texts(), any::<String>()]) {
        let f = Folded::new(&s);
        let n = f.text.len();
        // Every folded char boundary maps to an original char boundary, in order.
        let bounds: Vec<usize> = f.text.char_indices().map(|(i, _)| i).collect();
        let mut last = 0;
        for &i in &bounds {
            let o = f.original_offset(i);
            prop_assert!(s.is_char_boundary(o));
            prop_assert!(o >= last);
            last = o;
        }
        // Any span of whole folded chars maps to a non-empty original span of whole chars whose
        // own folding contains the folded span's letters (spaces aside: whether an apostrophe
        // is a possessive break depends on the character after the span).
        for (x, &a) in bounds.iter().enumerate() {
            for &b in bounds[x + 1..].iter().chain(std::iter::once(&n)).take(6) {
                let (os, oe) = f.original_span(a, b);
                prop_assert!(os < oe && oe <= s.len());
                prop_assert!(s.is_char_boundary(os) && s.is_char_boundary(oe));
                let inner = f.text[a..b].replace(' ', "");
                if !inner.is_empty() {
                    let back = fold(&s[os..oe]).replace(' ', "");
                    prop_assert!(back.contains(&inner), "{:?} -> {:?} from {:?}", inner, &s[os..oe], s);
                }
            }
        }
    }

    #[test]
    fn ascii_words_fold_to_lower_case(words in prop::collection::vec("[A-Za-z0-9]{1,8}", 1..8)) {
        let s = words.join(" ");
        let f = Folded::new(&s);
        prop_assert_eq!(&f.text, &s.to_lowercase());
        prop_assert_eq!(f.original_span(0, f.text.len()), (0, s.len()));
    }

    #[test]
    fn folding_is_idempotent(s in texts()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
    }
}
