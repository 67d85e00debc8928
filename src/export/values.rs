//! Values as the exports write them: attribute values, floats (as Rust's `Debug` writes them,
//! fast), lists and evidence joined with `;`, dates completed to full dates, text cleaned of
//! what XML cannot carry, and the colour of each entity type.

use std::borrow::Cow;

use crate::graph::AttrValue;
use crate::types::EntityType;

/// An attribute value as text: numbers in Rust's shortest round-trip form, lists joined.
pub(crate) fn attr_text(v: &AttrValue) -> Cow<'_, str> {
    match v {
        AttrValue::Int(i) => Cow::Owned(i.to_string()),
        AttrValue::Float(f) => Cow::Owned(float_text(*f)),
        AttrValue::Str(s) => Cow::Borrowed(s.as_str()),
        AttrValue::List(items) => Cow::Owned(join_list(items)),
    }
}

/// A float as text that every reader parses as a number (`1.0`, `0.25`, `1e20`); non-finite
/// values (never produced by the pipeline) are written as 0.
pub(crate) fn float_text(f: f64) -> String {
    let mut b = [0u8; FLOAT_MAX];
    float_debug(f, &mut b).to_string()
}

/// Room for any float as [`float_debug`] writes it (`-1.2345678901234567e-308` is the longest).
pub(crate) const FLOAT_MAX: usize = 32;

/// The shortest digits of `f` might be a tie between two candidates, which ryu and Rust's
/// formatter break differently (`2030264174453955.25`: ryu `.2`, Rust `.3`).
///
/// Two candidates of `n` digits both round-trip only when their spacing is below an ulp, so
/// `n >= 16` (checked by the caller); and `f` must be their midpoint, whose exact decimal
/// expansion has `n + 1 <= 18` significant digits. With `f = m * 2^e`, `m` odd, that expansion
/// is `m * 5^-e` when `e < 0`, at least `5^27 > 10^18` (19 digits) when `e < -26`.
fn may_tie(f: f64) -> bool {
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, biased - 1075)
    };
    m != 0 && e + m.trailing_zeros() as i32 >= -26
}

/// A float as `format!("{f:?}")` writes it (`0.0` when not finite), into `out`.
///
/// The digits come from ryu, which finds the same shortest round-trip digits as Rust's own
/// formatter at a fraction of the cost but lays them out its own way (`0.000015`, `1e16`): they
/// are read back from its text and laid out as `Debug` does, exponential (`1.5e-5`, `1e16`)
/// below 1e-4 and from 1e16 on, decimal with at least one fractional digit otherwise. The rare
/// floats whose digits might be a tie ([`may_tie`]) are written by `format!` itself.
pub(crate) fn float_debug(f: f64, out: &mut [u8; FLOAT_MAX]) -> &str {
    if !f.is_finite() {
        out[..3].copy_from_slice(b"0.0");
        return std::str::from_utf8(&out[..3]).expect("ASCII");
    }
    let bits = f.to_bits();
    let slot = (bits ^ bits >> 17 ^ bits >> 41) as usize % FLOAT_CACHE_SLOTS;
    let len = FLOAT_CACHE.with_borrow_mut(|cache| {
        let (key, len, text) = &mut cache[slot];
        if *key != bits {
            *len = float_debug_uncached(f, text).len() as u8;
            *key = bits;
        }
        out.copy_from_slice(text);
        *len as usize
    });
    std::str::from_utf8(&out[..len]).expect("ASCII")
}

/// Slots of [`FLOAT_CACHE`].
const FLOAT_CACHE_SLOTS: usize = 8;

thread_local! {
    /// The text of the floats [`float_debug`] wrote last on this thread (bits, length, text),
    /// by a hash of their bits: the files are rendered together, node by node, so a node's
    /// attributes are written by up to five files one after the other and formatted once.
    /// The key of an empty slot is a NaN, which is never looked up.
    static FLOAT_CACHE: std::cell::RefCell<[(u64, u8, [u8; FLOAT_MAX]); FLOAT_CACHE_SLOTS]> =
        const { std::cell::RefCell::new([(u64::MAX, 0, [0; FLOAT_MAX]); FLOAT_CACHE_SLOTS]) };
}

/// [`float_debug`] for a finite float, without the cache.
fn float_debug_uncached(f: f64, out: &mut [u8; FLOAT_MAX]) -> &str {
    let mut ryu = ryu::Buffer::new();
    let text = ryu.format_finite(f).as_bytes();
    let (neg, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let (mantissa, e10) = match text.iter().position(|&c| c == b'e') {
        Some(i) => (
            &text[..i],
            std::str::from_utf8(&text[i + 1..])
                .ok()
                .and_then(|e| e.parse::<i32>().ok())
                .expect("ryu exponent"),
        ),
        None => (text, 0),
    };
    // The digits without the point; the value is 0.DIGITS x 10^exp.
    let mut digits = [0u8; FLOAT_MAX];
    let mut n = 0;
    let mut point = None;
    for &c in mantissa {
        if c == b'.' {
            point = Some(n);
        } else {
            digits[n] = c;
            n += 1;
        }
    }
    let mut exp = point.unwrap_or(n) as i32 + e10;
    let mut start = 0;
    while start < n && digits[start] == b'0' {
        start += 1;
        exp -= 1;
    }
    while n > start && digits[n - 1] == b'0' {
        n -= 1;
    }
    let d = &digits[start..n];
    if d.len() >= 16 && may_tie(f) {
        use std::io::Write as _;
        let mut w = &mut out[..];
        write!(w, "{f:?}").expect("room for any float");
        let len = FLOAT_MAX - w.len();
        return std::str::from_utf8(&out[..len]).expect("ASCII");
    }
    let mut len = 0;
    let mut put = |b: &[u8]| {
        out[len..len + b.len()].copy_from_slice(b);
        len += b.len();
    };
    if neg {
        put(b"-");
    }
    if d.is_empty() {
        put(b"0.0");
    } else if f.abs() < 1e-4 || f.abs() >= 1e16 {
        put(&d[..1]);
        if d.len() > 1 {
            put(b".");
            put(&d[1..]);
        }
        put(b"e");
        put(itoa::Buffer::new().format(exp - 1).as_bytes());
    } else if exp <= 0 {
        put(b"0.");
        for _ in 0..-exp {
            put(b"0");
        }
        put(d);
    } else if (exp as usize) < d.len() {
        put(&d[..exp as usize]);
        put(b".");
        put(&d[exp as usize..]);
    } else {
        put(d);
        for _ in d.len()..exp as usize {
            put(b"0");
        }
        put(b".0");
    }
    std::str::from_utf8(&out[..len]).expect("ASCII")
}

/// Joins list items with `;` (a `;` inside an item becomes `,`).
pub(crate) fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::new();
    join_into(&mut out, items);
    out
}

/// [`join_list`] into a reused buffer (cleared first); returns it.
pub(crate) fn join_into<'b, S: AsRef<str>>(out: &'b mut String, items: &[S]) -> &'b str {
    out.clear();
    join_append(out, items);
    out
}

/// Appends list items joined with `;` (a `;` inside an item becomes `,`).
pub(crate) fn join_append<S: AsRef<str>>(out: &mut String, items: &[S]) {
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        let it = it.as_ref();
        if it.contains(';') {
            out.push_str(&it.replace(';', ","));
        } else {
            out.push_str(it);
        }
    }
}

/// Evidence spans as `document#start-end`, joined with `;`.
#[allow(dead_code)]
pub(crate) fn evidence_text(ev: &[crate::types::Evidence]) -> String {
    let mut out = String::new();
    evidence_into(&mut out, ev);
    out
}

/// [`evidence_text`] into a reused buffer (cleared first); returns it.
pub(crate) fn evidence_into<'b>(out: &'b mut String, ev: &[crate::types::Evidence]) -> &'b str {
    out.clear();
    evidence_append(out, ev);
    out
}

/// Appends evidence spans as `document#start-end` joined with `;` (a `;` in a document name
/// becomes `,`).
pub(crate) fn evidence_append(out: &mut String, ev: &[crate::types::Evidence]) {
    for (i, e) in ev.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        if e.document.contains(';') {
            out.push_str(&e.document.replace(';', ","));
        } else {
            out.push_str(&e.document);
        }
        out.push('#');
        out.push_str(itoa::Buffer::new().format(e.start));
        out.push('-');
        out.push_str(itoa::Buffer::new().format(e.end));
    }
}

/// [`full_date`] without allocating when `d` already is a full date (the common case).
pub(crate) fn full_date_cow(d: &str) -> Option<Cow<'_, str>> {
    let b = d.as_bytes();
    let two = |i: usize| (b[i] - b'0') as u32 * 10 + (b[i + 1] - b'0') as u32;
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&two(5))
        && (1..=31).contains(&two(8))
    {
        return Some(Cow::Borrowed(d));
    }
    full_date(d).map(Cow::Owned)
}

/// A possibly partial ISO date (`2016`, `2016-12`, `2016-12-18`) as a full date on the first
/// day of its period; `None` when it is not such a date.
pub fn full_date(d: &str) -> Option<String> {
    let d = d.trim();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = d.split('-').collect();
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, dd] => digits(y, 4) && digits(m, 2) && digits(dd, 2),
        _ => false,
    };
    if !ok {
        return None;
    }
    let m = parts.get(1).map_or(1, |m| m.parse::<u32>().unwrap_or(0));
    let dd = parts.get(2).map_or(1, |x| x.parse::<u32>().unwrap_or(0));
    if !(1..=12).contains(&m) || !(1..=31).contains(&dd) {
        return None;
    }
    Some(format!("{}-{:02}-{:02}", parts[0], m, dd))
}

/// True for characters XML 1.0 cannot carry (C0 controls other than tab, newline and carriage
/// return; U+FFFE and U+FFFF).
pub(crate) fn xml_illegal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Removes the characters XML cannot carry (they cannot even be escaped in XML 1.0).
pub(crate) fn xml_clean(s: &str) -> Cow<'_, str> {
    // Fast path: every illegal character starts with a byte < 0x20 or 0xEF (U+FFFE/U+FFFF).
    // (A fold without early exit vectorises; strings are short.)
    if !s
        .bytes()
        .fold(false, |acc, b| acc | (b < 0x20) | (b == 0xEF))
    {
        return Cow::Borrowed(s);
    }
    if s.chars().any(xml_illegal) {
        Cow::Owned(s.chars().filter(|&c| !xml_illegal(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Display colour of each entity type (Gephi's default palette).
pub(crate) fn type_colour(t: EntityType) -> (u8, u8, u8) {
    match t {
        EntityType::Person => (31, 119, 180),
        EntityType::Prison => (214, 39, 40),
        EntityType::City => (44, 160, 44),
        EntityType::Organization => (148, 103, 189),
        EntityType::Country => (23, 190, 207),
        EntityType::Letter => (255, 127, 14),
        EntityType::Event => (140, 86, 75),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(full_date("2016").as_deref(), Some("2016-01-01"));
        assert_eq!(full_date("2016-12").as_deref(), Some("2016-12-01"));
        assert_eq!(full_date("2016-12-18").as_deref(), Some("2016-12-18"));
        assert_eq!(full_date("2016-13"), None);
        assert_eq!(full_date("Dec 2016"), None);
        assert_eq!(full_date("2016-12-18T10:00"), None);
        for d in [
            "2016",
            "2016-12",
            "2016-12-18",
            "2016-13-01",
            "2016-00-10",
            "2016-12-32",
            "2016-12-00",
            " 2016-12-18",
            "2016-1x-18",
            "20a6-12-18",
            "",
            "abcdefghij",
        ] {
            assert_eq!(full_date_cow(d).map(Cow::into_owned), full_date(d), "{d}");
        }
    }

    #[test]
    fn lists_and_cleaning() {
        assert_eq!(join_list(&["a", "b;c"]), "a;b,c");
        assert_eq!(xml_clean("a\u{1}b\tc\u{FFFF}"), "ab\tc");
        assert_eq!(float_text(1.0), "1.0");
    }

    #[test]
    fn floats_as_debug_writes_them() {
        let mut b = [0u8; FLOAT_MAX];
        for f in [
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            1e-4,
            9.999999999999999e-5,
            1e-5,
            3.25e-5,
            1e15,
            9999999999999998.0,
            2030264174453955.2,
            1e16,
            1.5e16,
            1e21,
            1e22,
            123456.789,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
        ] {
            assert_eq!(float_debug(f, &mut b), format!("{f:?}"), "{f:e}");
        }
        assert_eq!(float_debug(f64::NAN, &mut b), "0.0");
        assert_eq!(float_debug(f64::NEG_INFINITY, &mut b), "0.0");
        // Random bit patterns (every exponent) and values of every decimal size.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let bits = f64::from_bits(x);
            let scaled = (x >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi((i % 48) - 24);
            let short = (x % 100_000) as f64 / 10f64.powi(i % 12);
            // Every binary exponent near the tie range, full mantissas.
            let near = f64::from_bits((x & ((1 << 52) - 1)) | ((1023 + 20 + i as u64 % 60) << 52));
            for f in [bits, scaled, -scaled, short, near, near / 4096.0] {
                if f.is_finite() {
                    assert_eq!(
                        float_debug(f, &mut b),
                        format!("{f:?}"),
                        "{:x}",
                        f.to_bits()
                    );
                }
            }
        }
    }
}
