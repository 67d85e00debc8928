//! Any text through the date rules, the extraction rules and the letter/event frames with the
//! shipped rule lists and a small gazetteer: spans stay inside the text on character
//! boundaries, mentions are sorted and do not overlap, and nothing panics.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::rules(data));
