//! Times every export format on a synthetic graph of 1,000,000 edges.
//!
//! ```text
//! cargo run --release --example export_bench [-- EDGES [OUT_DIR]]
//! ```
//!
//! 50,000 people, 50,000 letters with 8 signers each (400,000 `SIGNED`), `CO_SIGNED` pairs,
//! `WRITTEN_IN` and `PUBLISHED_BY` per letter, one evidence span per edge. Like `build`, the
//! people who signed carry the co-signature measures (`degree`, `weighted_degree`,
//! `betweenness`, `component`, `community`; see `entigraph::graph::measures`), which `build` computes
//! before it calls `write_all` (outside the time of the exports). Betweenness takes minutes on
//! a graph of this size, so it is replaced by pseudo-random values of the same kind (floats of
//! a few 1e-5); the other measures are computed.
//!
//! The third argument picks what is timed: a format (`graphml`, `gexf`, `json`, `csv`,
//! `neo4j`), `all` (only the run that writes every file) or `each` (every format, then all;
//! the default); the fourth, how many runs of each (medians are printed).

use std::collections::BTreeMap;
use std::time::Instant;

use entigraph::export::{write_all, ExportOptions, Format};
use entigraph::graph::{AttrValue, Edge, KnowledgeGraph, Node};
use entigraph::types::{Evidence, Source};
use entigraph::EntityType;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn node(id: String, label: String, t: EntityType) -> Node {
    Node {
        id,
        label: label.clone(),
        entity_type: t,
        surfaces: vec![label],
        aliases: vec![],
        documents: vec!["news/2017-01-10-article.txt".into()],
        mentions: 3,
        source: Source::Gazetteer,
        date: None,
        attrs: BTreeMap::new(),
        evidence: vec![],
    }
}

fn edge(rel: &str, letters: Vec<String>, date: Option<String>, doc: usize) -> Edge {
    Edge {
        relation: rel.into(),
        weight: letters.len().max(1) as f64,
        letters,
        date,
        evidence: vec![Evidence {
            document: format!("news/doc-{doc}.txt").into(),
            start: doc * 7,
            end: doc * 7 + 12,
        }],
    }
}

fn build(target_edges: usize) -> KnowledgeGraph {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let people = 50_000;
    let letters = target_edges / 20;
    let signers_per_letter = 8;
    let mut nodes = Vec::new();
    for i in 0..people {
        nodes.push(node(
            format!("person:person-{i:06}"),
            format!("Person {i}"),
            EntityType::Person,
        ));
    }
    for i in 0..500 {
        nodes.push(node(
            format!("prison:prison-{i}"),
            format!("Prison {i}"),
            EntityType::Prison,
        ));
    }
    for i in 0..100 {
        nodes.push(node(
            format!("org:org-{i}"),
            format!("Org {i}"),
            EntityType::Organization,
        ));
    }
    let mut edges = Vec::with_capacity(target_edges);
    for l in 0..letters {
        let id = format!("letter:{l:07}");
        let date = format!(
            "{}-{:02}-{:02}",
            2000 + rng.below(20),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        let mut signers: Vec<String> = (0..signers_per_letter)
            .map(|_| format!("person:person-{:06}", rng.below(people)))
            .collect();
        signers.dedup();
        let mut n = node(id.clone(), format!("Letter {l}"), EntityType::Letter);
        n.date = Some(date.clone());
        n.attrs
            .insert("signers".into(), AttrValue::List(signers.clone()));
        n.attrs
            .insert("signer_count".into(), AttrValue::Int(signers.len() as i64));
        nodes.push(n);
        for s in &signers {
            edges.push((
                s.clone(),
                id.clone(),
                edge("SIGNED", vec![], Some(date.clone()), l),
            ));
        }
        let prison = format!("prison:prison-{}", rng.below(500));
        edges.push((id.clone(), prison, edge("WRITTEN_IN", vec![], None, l)));
        let org = format!("org:org-{}", rng.below(100));
        edges.push((id.clone(), org, edge("PUBLISHED_BY", vec![], None, l)));
    }
    let mut pairs = std::collections::BTreeSet::new();
    while edges.len() + pairs.len() < target_edges {
        let a = rng.below(people);
        let b = rng.below(people);
        if a != b {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    for (a, b) in pairs {
        let l1 = format!("letter:{:07}", rng.below(letters));
        let l2 = format!("letter:{:07}", rng.below(letters));
        let mut ls = vec![l1, l2];
        ls.sort();
        ls.dedup();
        edges.push((
            format!("person:person-{a:06}"),
            format!("person:person-{b:06}"),
            edge("CO_SIGNED", ls, Some("2010-05-01".into()), a),
        ));
    }
    let mut g = KnowledgeGraph::from_parts(nodes, edges);
    annotate(&mut g, &mut rng);
    g
}

/// The co-signature measures, as `entigraph::graph::measures::annotate` adds them (betweenness
/// replaced by pseudo-random values, see the module documentation).
fn annotate(g: &mut KnowledgeGraph, rng: &mut Rng) {
    use entigraph::graph::measures;
    let net = measures::Network::cosignatures(g);
    let degree = measures::degree(&net.adj);
    let weighted = measures::weighted_degree(&net.adj);
    let component = measures::components(&net.adj);
    let community = measures::louvain(&net.adj);
    for (i, id) in net.ids.iter().enumerate() {
        let Some(ix) = g.index_of(id) else { continue };
        let betweenness = (rng.below(1_000_000) as f64) * 1e-10;
        let attrs = &mut g.graph[ix].attrs;
        attrs.insert("degree".into(), AttrValue::Int(degree[i] as i64));
        attrs.insert("weighted_degree".into(), AttrValue::Float(weighted[i]));
        attrs.insert("betweenness".into(), AttrValue::Float(betweenness));
        attrs.insert("component".into(), AttrValue::Int(component[i] as i64));
        attrs.insert("community".into(), AttrValue::Int(community[i] as i64));
    }
}

/// CPU seconds (user, system) used by this process so far.
fn cpu_seconds() -> (f64, f64) {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut ru: libc_rusage = unsafe { std::mem::zeroed() };
    unsafe { getrusage(0, &mut ru) };
    let t = |tv: [i64; 2]| tv[0] as f64 + tv[1] as f64 / 1e6;
    (t(ru.utime), t(ru.stime))
}

/// `struct rusage` of Linux x86-64 / aarch64 (timevals then 14 longs).
#[repr(C)]
struct libc_rusage {
    utime: [i64; 2],
    stime: [i64; 2],
    rest: [i64; 14],
}

extern "C" {
    fn getrusage(who: i32, usage: *mut libc_rusage) -> i32;
}

/// Runs one export, prints its wall and CPU (user + system) time and returns them.
fn run(g: &KnowledgeGraph, out: &std::path::Path, what: &str, formats: Vec<Format>) -> (f64, f64) {
    let opts = ExportOptions {
        formats,
        bom: false,
    };
    let t = Instant::now();
    let (u0, s0) = cpu_seconds();
    let files = write_all(g, &[], out, &opts).expect("export");
    let wall = t.elapsed().as_secs_f64();
    let (u1, s1) = cpu_seconds();
    let bytes: u64 = files
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    println!(
        "{what:<8} {wall:>8.3} s wall {:>7.2} s cpu ({:.2} user + {:.2} sys) {:>7.1} MB  ({} files)",
        u1 - u0 + s1 - s0,
        u1 - u0,
        s1 - s0,
        bytes as f64 / 1e6,
        files.len()
    );
    (wall, u1 - u0 + s1 - s0)
}

/// Prints the median wall and CPU time of repeated runs.
fn medians(what: &str, mut runs: Vec<(f64, f64)>) {
    if runs.len() < 2 {
        return;
    }
    let n = runs.len();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let wall = runs[n / 2].0;
    runs.sort_by(|a, b| a.1.total_cmp(&b.1));
    let cpu = runs[n / 2].1;
    println!("{what:<8} median {wall:.3} s wall {cpu:.2} s cpu over {n} runs");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let target: usize = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let out = args
        .get(2)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("entigraph-export-bench"));
    // Optional third argument: only this format (graphml, gexf, json, csv, neo4j), `all`
    // (only the run that writes every file) or `each`; fourth: how many times (the median is
    // printed).
    let only = args.get(3).cloned().filter(|o| o != "each");
    let repeats: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1);
    let t = Instant::now();
    let g = build(target);
    println!(
        "built {} nodes, {} edges in {:.2?}",
        g.node_count(),
        g.edge_count(),
        t.elapsed()
    );
    for f in Format::ALL {
        if only
            .as_deref()
            .is_some_and(|o| !format!("{f:?}").eq_ignore_ascii_case(o))
        {
            continue;
        }
        let runs = (0..repeats)
            .map(|_| run(&g, &out, &format!("{f:?}"), vec![f]))
            .collect();
        medians(&format!("{f:?}"), runs);
    }
    if only.as_deref().is_some_and(|o| o != "all") {
        return;
    }
    let runs = (0..repeats)
        .map(|_| run(&g, &out, "all", Format::ALL.to_vec()))
        .collect();
    medians("all", runs);
    println!("files in {}", out.display());
}
