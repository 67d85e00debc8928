//! Any bytes as a gazetteer TSV file: bad lines are reported, never a panic; what is kept
//! compiles into a matcher that finds every name it was given.
#![no_main]

use std::path::{Path, PathBuf};

use entigraph::gazetteer::{parse_tsv, Gazetteer, RuleData};
use entigraph::EntityType;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
