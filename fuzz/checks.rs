//! The checks of the fuzz targets, shared with `tests/robust_fuzz_regressions.rs`, which replays
//! the inputs stored under `tests/data/fuzz/TARGET/` on every `cargo test`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use entigraph::corpus::{decode, read_jsonl_bytes};
use entigraph::gazetteer::{parse_tsv, Gazetteer, RuleData};
use entigraph::text::{fold, Folded};
use entigraph::EntityType;

/// The folded view maps every folded span back to whole characters of the original, in order.
pub fn fold_target(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let f = Folded::new(&s);
    assert_eq!(fold(&s), f.text);
    let n = f.text.len();
    assert_eq!(f.original_offset(n), s.len());
    let bounds: Vec<usize> = f.text.char_indices().map(|(i, _)| i).collect();
    let mut last = 0;
    for (x, &a) in bounds.iter().enumerate() {
        let o = f.original_offset(a);
        assert!(
            s.is_char_boundary(o) && o >= last,
            "offset {o} after {last}"
        );
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
}

/// Any bytes as a gazetteer TSV file: bad lines are reported, never a panic; what is kept
/// compiles into a matcher whose mentions are exact spans.
pub fn gazetteer_tsv(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let etype = match first % 5 {
        0 => EntityType::Person,
        1 => EntityType::Prison,
        2 => EntityType::City,
        3 => EntityType::Organization,
        _ => EntityType::Country,
    };
    let text = String::from_utf8_lossy(rest);
    let mut diags = Vec::new();
    let entries = parse_tsv(Path::new("fuzz.tsv"), &text, etype, &mut diags);
    for d in &diags {
        assert!(d.line.is_some_and(|l| l >= 1), "{d}");
    }
    for e in &entries {
        assert!(!e.id.is_empty() && !e.name.is_empty());
    }
    let names: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
    let g = Gazetteer::from_entries(entries, RuleData::default(), PathBuf::new(), &mut diags);
    for n in &names {
        let _ = g.lookup(n);
        let ex = entigraph::extract::extract(n, &g);
        for m in &ex.mentions {
            assert!(m.start < m.end && m.end <= n.len());
            assert_eq!(&n[m.start..m.end], m.surface);
        }
    }
}

/// Any bytes as a JSONL file and as a text document: problems are reported per line with a
/// line number, never a panic; every document kept has a non-empty id.
pub fn jsonl(data: &[u8]) {
    let mut diags = Vec::new();
    let docs = read_jsonl_bytes(data, "fuzz.jsonl", &mut diags);
    let lines = data.split(|&b| b == b'\n').count();
    for d in &diags {
        assert!(d.line.is_some_and(|l| l >= 1 && l <= lines), "{d}");
    }
    for d in &docs {
        assert!(!d.id.is_empty());
    }
    assert!(docs.len() + diags.len() <= lines);
    match decode(data, "fuzz.txt") {
        Ok((text, _warning)) => assert!(text.len() <= data.len() * 3 + 3),
        Err(d) => assert!(d.message.contains("binary")),
    }
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let mut d = Vec::new();
        let mut entries = parse_tsv(
            Path::new("people.tsv"),
            "id\tname\taliases\nali-khamenei\tAli Khamenei\tKhamenei\nmaryam-rajavi\tMaryam Rajavi\t\n",
            EntityType::Person,
            &mut d,
        );
        entries.extend(parse_tsv(
            Path::new("prisons.tsv"),
            "id\tname\taliases\tcity\tcountry\nevin-prison\tEvin Prison\tEvin\ttehran\tiran\n",
            EntityType::Prison,
            &mut d,
        ));
        entries.extend(parse_tsv(
            Path::new("cities.tsv"),
            "id\tname\taliases\tcountry\tpopulation\tambiguous\ntehran\tTehran\t\tiran\t1\t\nparis\tParis\t\tfrance\t1\t\n",
            EntityType::City,
            &mut d,
        ));
        entries.extend(parse_tsv(
            Path::new("organizations.tsv"),
            "id\tname\taliases\tacronym\tkind\nun\tUnited Nations\t\tUN\tun\n",
            EntityType::Organization,
            &mut d,
        ));
        Gazetteer::from_entries(entries, RuleData::shipped(), PathBuf::new(), &mut d)
    })
}

fn span_ok(text: &str, s: usize, e: usize) {
    assert!(s <= e && e <= text.len(), "span {s}..{e} of {}", text.len());
    assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
}

/// Any text through the date rules, the extraction rules and the letter/event frames with the
/// shipped rule lists and a small gazetteer: spans stay inside the text on character
/// boundaries, mentions are sorted and do not overlap, and nothing panics.
pub fn rules(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let gaz = gazetteer();
    for d in entigraph::dates::find_dates(&text, &gaz.rules) {
        span_ok(&text, d.start, d.end);
        let _ = d.date.iso();
    }
    let ex = entigraph::extract::extract(&text, gaz);
    let mut last_end = 0;
    for m in &ex.mentions {
        span_ok(&text, m.start, m.end);
        assert!(m.start >= last_end, "mentions overlap");
        last_end = m.end;
        assert_eq!(&text[m.start..m.end], m.surface);
    }
    for b in &ex.blocks {
        span_ok(&text, b.start, b.end);
        assert!(b.signers.iter().all(|&i| i < ex.mentions.len()));
    }
    let _ = entigraph::structure::frames(&text, &ex, gaz);
}
