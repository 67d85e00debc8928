//! The floor for any gazetteer matcher: count aho-corasick matches of the gazetteer's names and
//! aliases over the documents' bytes, nothing else (no folding, no word bounds, no rules).
//!
//! ```text
//! cargo run --release --example ac_reference -- GAZETTEER_DIR CORPUS.jsonl
//! ```
//!
//! Patterns: every `name` and `aliases` entry of the gazetteer's TSV files, as written, built
//! with the same automaton settings as entigraph's own matcher (leftmost-longest). The corpus is
//! read into memory first; only the matching is timed. Prints one line of `key=value` pairs:
//! patterns, docs, bytes, matches, read_s, build_s, match_s, mb_per_s.

use std::io::{BufRead, BufReader};
use std::time::Instant;

use aho_corasick::{AhoCorasickBuilder, MatchKind};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: ac_reference GAZETTEER_DIR CORPUS.jsonl");
        std::process::exit(2);
    }
    let t = Instant::now();
    let mut patterns: Vec<String> = Vec::new();
    for file in [
        "countries.tsv",
        "prisons.tsv",
        "organizations.tsv",
        "people.tsv",
        "cities.tsv",
    ] {
        let path = std::path::Path::new(&args[1]).join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let mut cols = line.split('\t').skip(1);
            if let Some(name) = cols.next().filter(|n| !n.is_empty()) {
                patterns.push(name.to_string());
            }
            for a in cols
                .next()
                .unwrap_or("")
                .split('|')
                .filter(|a| !a.is_empty())
            {
                patterns.push(a.to_string());
            }
        }
    }
    let file = std::fs::File::open(&args[2]).expect("corpus opens");
    let mut texts: Vec<String> = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line.expect("corpus reads");
        let v: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        if let Some(s) = v.get("text").and_then(|s| s.as_str()) {
            texts.push(s.to_string());
        }
    }
    let read_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    // AC_KIND=dfa builds a DFA (faster matching, slower build, more memory); the default lets
    // the crate choose (a contiguous NFA for this many patterns).
    let kind = match std::env::var("AC_KIND").as_deref() {
        Ok("dfa") => Some(aho_corasick::AhoCorasickKind::DFA),
        Ok("nfa") => Some(aho_corasick::AhoCorasickKind::ContiguousNFA),
        _ => None,
    };
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(kind)
        .build(&patterns)
        .expect("patterns compile");
    let build_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut matches = 0usize;
    for s in &texts {
        matches += ac.find_iter(s.as_bytes()).count();
    }
    let match_s = t.elapsed().as_secs_f64();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "patterns={} docs={} bytes={} matches={} read_s={:.3} build_s={:.3} match_s={:.3} mb_per_s={:.1}",
        patterns.len(),
        texts.len(),
        bytes,
        matches,
        read_s,
        build_s,
        match_s,
        bytes as f64 / 1e6 / match_s
    );
}
