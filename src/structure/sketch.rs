//! Sketches of quoted text: the bottom-k hashes of the word 4-shingles of a text (folded),
//! robust to small edits and to a few words translated differently. Two frames whose sketches
//! share enough values quote the same letter ([`super::letters`]).

use crate::text::{fold, Folded};

/// How many of the smallest shingle hashes a quoted text keeps (bottom-k sketch).
const SKETCH: usize = 64;

/// Bottom-k sketch of the word 4-shingles of a text (folded): robust to small edits and to a
/// few words translated differently.
pub fn sketch(text: &str) -> Vec<u64> {
    sketch_folded(&fold(text))
}

/// [`sketch`] of the original span `region` of a document, from its folded text (the words
/// are the same; the span is not folded again).
pub(super) fn sketch_of(folded: &Folded, region: (usize, usize)) -> Vec<u64> {
    let (s, e) = folded.folded_range(region.0, region.1);
    sketch_folded(&folded.text[s..e])
}

/// [`sketch`] of a text already folded.
fn sketch_folded(f: &str) -> Vec<u64> {
    // A first bound on the kept hashes, from the length of the text: hashes are spread
    // evenly, so about twice [`SKETCH`] of the shingles (at least one per 8 bytes) are at
    // most it. When fewer than [`SKETCH`] distinct ones do (a text that repeats itself), the
    // sketch is made again without a bound.
    let shingles = f.len() / 8;
    let bound = if shingles > 2 * SKETCH {
        u64::MAX / shingles as u64 * (2 * SKETCH) as u64
    } else {
        u64::MAX
    };
    sketch_below(f, bound).unwrap_or_else(|| sketch_below(f, u64::MAX).expect("no bound"))
}

/// [`sketch_folded`] from the shingle hashes at most `bound` only; `None` when fewer than
/// [`SKETCH`] distinct ones are (the sketch may have larger ones).
fn sketch_below(f: &str, bound: u64) -> Option<Vec<u64>> {
    // The hash of a shingle is FNV-1a of its four words, each followed by a space
    // ("w1 w2 w3 w4 "), finalised with [`spread`]. Each word is read once: its bytes go into
    // the hashes of the four windows that hold it (the one it starts and the three before),
    // and the oldest is then complete.
    let b = f.as_bytes();
    // Hash states of the windows started by the word three before the current one, two
    // before, one before, and by the current word.
    let [mut h3, mut h2, mut h1, mut h0] = [FNV_OFFSET; 4];
    let mut words = 0usize;
    let mut smallest = Smallest::below(bound);
    let mut i = 0;
    while let Some((s, e, next)) = next_word(f, b, i) {
        i = next;
        words += 1;
        for &c in &b[s..e] {
            h3 = (h3 ^ c as u64).wrapping_mul(FNV_PRIME);
            h2 = (h2 ^ c as u64).wrapping_mul(FNV_PRIME);
            h1 = (h1 ^ c as u64).wrapping_mul(FNV_PRIME);
            h0 = (h0 ^ c as u64).wrapping_mul(FNV_PRIME);
        }
        h3 = (h3 ^ b' ' as u64).wrapping_mul(FNV_PRIME);
        if words >= 4 {
            smallest.offer(spread(h3));
        }
        h2 = (h2 ^ b' ' as u64).wrapping_mul(FNV_PRIME);
        h1 = (h1 ^ b' ' as u64).wrapping_mul(FNV_PRIME);
        h0 = (h0 ^ b' ' as u64).wrapping_mul(FNV_PRIME);
        [h3, h2, h1, h0] = [h2, h1, h0, FNV_OFFSET];
    }
    if words < 8 {
        return Some(Vec::new());
    }
    smallest.finish()
}

/// The [`SKETCH`] smallest distinct values offered, among those at most a bound: candidates are
/// gathered unsorted and only sorted when the buffer is full (then the bound becomes the
/// largest kept) and at the end, instead of keeping them in order as they come.
struct Smallest {
    /// Candidates: every value offered up to `bound`, or after a sort, the smallest kept.
    kept: Vec<u64>,
    /// Only values up to it may be among the smallest.
    bound: u64,
    /// Whether `bound` was given (the smallest may be above it) rather than found.
    given: bool,
}

impl Smallest {
    /// How many candidates are gathered before they are sorted.
    const BUFFER: usize = 4 * SKETCH;

    fn below(bound: u64) -> Smallest {
        Smallest {
            kept: Vec::with_capacity(Self::BUFFER),
            bound,
            given: bound < u64::MAX,
        }
    }

    #[inline(always)]
    fn offer(&mut self, h: u64) {
        if h <= self.bound {
            self.kept.push(h);
            if self.kept.len() == Self::BUFFER {
                self.sort();
            }
        }
    }

    /// Sorts the candidates, removes repeats and keeps the [`SKETCH`] smallest; with as many,
    /// the largest of them is the bound (a repeat of it would be removed).
    #[inline(never)]
    fn sort(&mut self) {
        self.kept.sort_unstable();
        self.kept.dedup();
        self.kept.truncate(SKETCH);
        if self.kept.len() == SKETCH {
            self.bound = self.kept[SKETCH - 1];
            self.given = false;
        }
    }

    /// The smallest values in order, or `None` when fewer than [`SKETCH`] were up to a given
    /// bound (larger values offered may belong among them).
    fn finish(mut self) -> Option<Vec<u64>> {
        self.sort();
        if self.given && self.kept.len() < SKETCH {
            return None;
        }
        Some(self.kept)
    }
}

/// The next word of `f` (`b` is its bytes) from byte `i` on (not inside a word), the one
/// [`crate::text::words_from`] gives there, and where to look for the word after it: its end,
/// or the byte after its end when that byte is an ASCII separator (it starts no word).
#[inline(always)]
fn next_word(f: &str, b: &[u8], mut i: usize) -> Option<(usize, usize, usize)> {
    let n = b.len();
    // Past ASCII separators (a non-ASCII character may start a word: left to the scan).
    while i < n && b[i] < 0x80 && !crate::text::is_ascii_word(b[i]) {
        i += 1;
    }
    if i >= n {
        return None;
    }
    let (s, e) = if b[i] < 0x80 {
        (i, crate::text::word_end(f, i))
    } else {
        crate::text::words_from(f, i).next()?
    };
    Some((s, e, if e < n && b[e] < 0x80 { e + 1 } else { e }))
}

/// Finalises a hash (splitmix) so that the bottom-k values of a sketch are spread.
fn spread(h: u64) -> u64 {
    let mut z = h.wrapping_add(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
    z ^ (z >> 31)
}

/// FNV-1a offset basis.
const FNV_OFFSET: u64 = 0xcbf29ce484222325;

/// FNV-1a prime.
const FNV_PRIME: u64 = 0x100000001b3;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Similarity of two sketches: shared values among the k smallest of their union, over k
    /// (an estimate of the Jaccard similarity of the shingle sets).
    fn sketch_similarity(a: &[u64], b: &[u64]) -> f64 {
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let set_b: BTreeSet<u64> = b.iter().copied().collect();
        let set_a: BTreeSet<u64> = a.iter().copied().collect();
        let union: Vec<u64> = set_a
            .union(&set_b)
            .copied()
            .take(a.len().min(b.len()))
            .collect();
        let shared = union
            .iter()
            .filter(|h| set_a.contains(h) && set_b.contains(h))
            .count();
        shared as f64 / union.len() as f64
    }

    #[test]
    fn sketches_match_edited_copies_only() {
        let a = "Having spent years of our lives in prison, we prisoners are quite familiar with the nature of turning the truth upside down by regimes media, but you could easily find out about the crimes.";
        let b = "Having spent years of our lives in prison, we prisoners are quite familiar with the nature of turning the truth upside down by the regime’s media, but you could easily find out about the crimes.";
        let c = "The conference sought to raise international awareness about the massacre of some political prisoners in the summer and call for justice.";
        assert!(sketch_similarity(&sketch(a), &sketch(b)) > 0.5);
        assert!(sketch_similarity(&sketch(a), &sketch(c)) < 0.05);
    }

    /// The sketch the slow way: every shingle's words hashed one by one (FNV-1a, each word
    /// followed by a space), all hashes sorted.
    fn sketch_by_sorting(f: &str) -> Vec<u64> {
        let words: Vec<&str> = crate::text::words(f).map(|(s, e)| &f[s..e]).collect();
        if words.len() < 8 {
            return Vec::new();
        }
        let mut hs: Vec<u64> = words
            .windows(4)
            .map(|w| {
                let mut h = FNV_OFFSET;
                for b in w.join(" ").bytes().chain([b' ']) {
                    h ^= b as u64;
                    h = h.wrapping_mul(FNV_PRIME);
                }
                spread(h)
            })
            .collect();
        hs.sort_unstable();
        hs.dedup();
        hs.truncate(SKETCH);
        hs
    }

    #[test]
    fn sketch_as_by_sorting() {
        let long = "the regime s media, but you could easily find out. ".repeat(20);
        // Long enough for a first bound, too repetitive for it (10 distinct shingles).
        let repeated = "the regime s media, but you could easily find out. ".repeat(200);
        // Long enough for a first bound, which holds.
        let varied: String = (0..3000).map(|i| format!("w{} ", i * 7 % 1000)).collect();
        for f in [
            "",
            "one two three four five six seven",
            "one two three four five six seven eight",
            "a  b, c-d e.f g h i j k l",
            long.as_str(),
            repeated.as_str(),
            varied.as_str(),
        ] {
            assert_eq!(sketch_folded(f), sketch_by_sorting(f), "{f:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn sketch_as_by_sorting_on_any_text(f in "([a-e]{1,3}|[A-Z09@`{\\[/:]|[ ,.]|  |é|’){0,200}") {
            proptest::prop_assert_eq!(sketch_folded(&f), sketch_by_sorting(&f));
        }

        #[test]
        fn kept_smallest_are_the_sorted_distinct_smallest(
            hs in proptest::collection::vec(0u64..400, 0..1200),
            bound in proptest::option::of(0u64..500),
        ) {
            let mut smallest = Smallest::below(bound.unwrap_or(u64::MAX));
            for &h in &hs {
                smallest.offer(h);
            }
            let mut all = hs.clone();
            all.sort_unstable();
            all.dedup();
            all.truncate(SKETCH);
            let below = all.iter().filter(|&&h| h <= bound.unwrap_or(u64::MAX)).count();
            let want = (bound.is_none() || below == SKETCH).then_some(all);
            proptest::prop_assert_eq!(smallest.finish(), want);
        }
    }
}
