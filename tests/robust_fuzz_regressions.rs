//! Replays the fuzz inputs kept under `tests/data/fuzz/TARGET/` (hand-written edge cases, a
//! sample of each fuzzing corpus, and any input that once made a target fail) through the same
//! checks the fuzz targets run (`fuzz/checks.rs`). See `scripts/fuzz.sh` and docs/robustness.md.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let r = std::panic::catch_unwind(|| check(&data));
        assert!(r.is_ok(), "{} fails its check", f.display());
    }
}

#[test]
fn fold_inputs() {
    replay("fold", checks::fold_target);
}

#[test]
fn gazetteer_tsv_inputs() {
    replay("gazetteer_tsv", checks::gazetteer_tsv);
}

#[test]
fn jsonl_inputs() {
    replay("jsonl", checks::jsonl);
}

#[test]
fn rules_inputs() {
    replay("rules", checks::rules);
}
