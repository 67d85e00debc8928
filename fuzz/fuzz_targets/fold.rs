//! The folded view maps every folded span back to whole characters of the original, in order.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::fold_target(data));
