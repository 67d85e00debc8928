//! Criterion benchmarks, one per stage: fold + gazetteer match, the whole extraction (fold,
//! match and rules), structure (letter frames), resolution, graph and exports.
//!
//! ```text
//! cargo bench --bench stages
//! ENTIGRAPH_BENCH_CORPUS=/work/bench-data/c10/corpus.jsonl \
//!     ENTIGRAPH_BENCH_GAZETTEER=/work/bench-data/c10/gazetteer cargo bench --bench stages
//! ```
//!
//! Without the variables the seeds and the shipped gazetteer are used. A corpus is cut to its
//! first `ENTIGRAPH_BENCH_MB` MB (default 2) so that a run stays short.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use entigraph::corpus::{Corpus, Document};
use entigraph::export::{self, ExportOptions};
use entigraph::gazetteer::Gazetteer;
use entigraph::pipeline;
use entigraph::resolve::{self, ResolveInput};
use entigraph::text::Folded;

fn inputs() -> (Gazetteer, Corpus, Vec<Document>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var("ENTIGRAPH_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("seeds"));
    let gaz = std::env::var("ENTIGRAPH_BENCH_GAZETTEER")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("gazetteer"));
    let mb: f64 = std::env::var("ENTIGRAPH_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2.0);
    let mut diags = Vec::new();
    let gaz = Gazetteer::load(&gaz, &mut diags).expect("gazetteer loads");
    let corpus = Corpus::open(&[corpus], &mut diags).expect("corpus opens");
    let mut docs = Vec::new();
    let mut size = 0;
    let limit = (mb * 1e6) as usize;
    corpus.for_each_batch(1 << 20, &mut diags, |batch| {
        for d in batch {
            if size < limit {
                size += d.text.len();
                docs.push(d);
            }
        }
    });
    (gaz, corpus, docs)
}

fn stages(c: &mut Criterion) {
    let (gaz, _corpus, docs) = inputs();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(BenchmarkId::new("fold", bytes), |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| Folded::new(&d.text).text.len())
                .sum::<usize>()
        })
    });
    g.bench_function(BenchmarkId::new("fold+match", bytes), |b| {
        let (trie, _) = gaz.folded_matcher().expect("a gazetteer with names");
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    entigraph::extract::names_at_word_starts(&Folded::new(&d.text).text, trie).len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function(BenchmarkId::new("extract (fold+match+rules)", bytes), |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| entigraph::extract::extract(&d.text, &gaz).mentions.len())
                .sum::<usize>()
        })
    });
    let extractions: Vec<_> = docs
        .iter()
        .map(|d| {
            let f = Folded::new(&d.text);
            let p = gaz.rules.phrase_hits(&f.text);
            let ex = entigraph::extract::extract_folded(&d.text, &f, &p, &gaz);
            (f, p, ex)
        })
        .collect();
    g.bench_function(BenchmarkId::new("structure", bytes), |b| {
        b.iter(|| {
            docs.iter()
                .zip(&extractions)
                .map(|(d, (f, p, ex))| {
                    entigraph::structure::frames_folded(&d.text, f, p, ex, &gaz)
                        .frames
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

fn later_stages(c: &mut Criterion) {
    let (gaz, corpus, _docs) = inputs();
    let a = pipeline::analyse(&corpus, &gaz, Vec::new(), &|_, _| {}).expect("analysis");
    let mut g = c.benchmark_group("later");
    g.sample_size(10);
    g.bench_function(
        BenchmarkId::new("resolution (distinct names)", a.names.len()),
        |b| {
            b.iter(|| {
                resolve::resolve(&ResolveInput {
                    names: &a.names,
                    gazetteer: &gaz,
                    cannot_link: &a.cannot_link,
                    together: &a.together,
                    overrides: &a.overrides,
                    same: &[],
                    antecedents: &[],
                })
                .entities
                .len()
            })
        },
    );
    g.bench_function("graph", |b| {
        b.iter(|| entigraph::graph::build_graph(&a, &gaz).node_count())
    });
    let graph = entigraph::graph::build_graph(&a, &gaz);
    let rows = entigraph::export::mention_rows(&a);
    let dir = tempfile::tempdir().expect("a temporary folder");
    g.bench_function(BenchmarkId::new("export (all formats)", rows.len()), |b| {
        b.iter(|| {
            export::write_all(
                &graph,
                &rows,
                dir.path(),
                &ExportOptions {
                    formats: Vec::new(),
                    bom: false,
                },
            )
            .expect("exports")
            .len()
        })
    });
    g.finish();
}

criterion_group!(benches, stages, later_stages);
criterion_main!(benches);
