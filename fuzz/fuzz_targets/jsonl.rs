//! Any bytes as a JSONL file and as a text document: problems are reported per line with a
//! line number, never a panic; every document kept has a non-empty id.
#![no_main]

use entigraph::corpus::{decode, read_jsonl_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
