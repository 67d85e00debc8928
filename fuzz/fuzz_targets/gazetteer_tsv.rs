//! Any bytes as a gazetteer TSV file: bad lines are reported, never a panic; what is kept
//! compiles into a matcher that finds every name it was given.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::gazetteer_tsv(data));
