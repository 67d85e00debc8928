//! Times every export format on a synthetic graph of 1,000,000 edges.
//!
//! ```text
//! cargo run --release --example export_bench [-- EDGES [OUT_DIR]]
//! ```
//!
//! 50,000 people, 50,000 letters with 8 signers each (400,000 `SIGNED`), `CO_SIGNED` pairs,
//! `WRITTEN_IN` and `PUBLISHED_BY` per letter, one evidence span per edge.

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
            document: format!("news/doc-{doc}.txt"),
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
    KnowledgeGraph::from_parts(nodes, edges)
}

/// CPU seconds (user + system) used by this process so far (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
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
    let t = Instant::now();
    let g = build(target);
    println!(
        "built {} nodes, {} edges in {:.2?}",
        g.node_count(),
        g.edge_count(),
        t.elapsed()
    );
    // Optional third argument: only this format (graphml, gexf, json, csv, neo4j).
    let only = args.get(3).cloned();
    for f in Format::ALL {
        if only
            .as_deref()
            .is_some_and(|o| !format!("{f:?}").eq_ignore_ascii_case(o))
        {
            continue;
        }
        let opts = ExportOptions {
            formats: vec![f],
            bom: false,
        };
        let t = Instant::now();
        let cpu = cpu_seconds();
        let files = write_all(&g, &[], &out, &opts).expect("export");
        let cpu = cpu_seconds() - cpu;
        let bytes: u64 = files
            .iter()
            .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum();
        println!(
            "{:<8} {:>8.3} s wall {:>7.2} s cpu {:>7.1} MB  ({} files)",
            format!("{f:?}"),
            t.elapsed().as_secs_f64(),
            cpu,
            bytes as f64 / 1e6,
            files.len()
        );
    }
    if only.is_some() {
        return;
    }
    let t = Instant::now();
    let cpu = cpu_seconds();
    let files = write_all(&g, &[], &out, &ExportOptions::default()).expect("export");
    println!(
        "all      {:>8.3} s wall {:>7.2} s cpu ({} files, in {})",
        t.elapsed().as_secs_f64(),
        cpu_seconds() - cpu,
        files.len(),
        out.display()
    );
}
