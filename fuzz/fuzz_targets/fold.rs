//! The folded view maps every folded span back to whole characters of the original, in order.
#![no_main]

use entigraph::text::{fold, Folded};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let f = Folded::new(&s);
    assert_eq!(fold(&s), f.text);
    let n = f.text.len();
    assert_eq!(f.original_offset(n), s.len());
    let bounds: Vec<usize> = f.text.char_indices().map(|(i, _)| i).collect();
    let mut last = 0;
    for (x, &a) in bounds.iter().enumerate() {
        let o = f.original_offset(a);
        assert!(s.is_char_boundary(o) && o >= last, "offset {o} after {last}");
        last = o;
        for &b in bounds[x + 1..].iter().chain(std::iter::once(&n)).take(4) {
            let (os, oe) = f.original_span(a, b);
            assert!(os < oe && oe <= s.len());
            assert!(s.is_char_boundary(os) && s.is_char_boundary(oe));
        }
        let _ = f.is_word_bounded(a, n);
    }
    // Folding is idempotent.
    assert_eq!(fold(&f.text), f.text);
});
