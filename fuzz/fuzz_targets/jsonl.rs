//! Any bytes as a JSONL file and as a text document: problems are reported per line with a
//! line number, never a panic; every document kept has a non-empty id.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::jsonl(data));
