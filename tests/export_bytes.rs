//! Byte-for-byte regression test of every export file.
//!
//! The writers are hand-tuned for speed (fast paths that skip the escaping libraries for plain
//! text); this pins their exact output, over the hostile fixture graph and a graph of edge
//! cases (escaping, control characters, formulas, floats, repeated edge ids, lists with `;`),
//! to the bytes written by the original library-only writers. A change here changes the export
//! contract: regenerate the table only on purpose
//! (`ENTIGRAPH_PRINT_GOLDEN=1 cargo test --test export_bytes -- --nocapture`).

#[path = "export_fixture.rs"]
mod fixture;

use std::collections::BTreeMap;
use std::path::Path;

use entigraph::export::{write_all, ExportOptions, MentionRow};
use entigraph::graph::{AttrValue, Edge, KnowledgeGraph, Node};
use entigraph::types::{Evidence, Source};
use entigraph::EntityType;

/// FNV-1a 64 of a file's bytes.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn node(id: &str, label: &str, t: EntityType) -> Node {
    Node {
        id: id.into(),
        label: label.into(),
        entity_type: t,
        surfaces: vec![label.into()],
        aliases: vec![],
        documents: vec!["news/a.txt".into()],
        mentions: 1,
        source: Source::Rule,
        date: None,
        attrs: BTreeMap::new(),
        evidence: vec![],
    }
}

fn edge(rel: &str, weight: f64, letters: &[&str], date: Option<&str>, docs: &[&str]) -> Edge {
    Edge {
        relation: rel.into(),
        weight,
        letters: letters.iter().map(|s| s.to_string()).collect(),
        date: date.map(str::to_string),
        evidence: docs
            .iter()
            .enumerate()
            .map(|(i, d)| Evidence {
                document: (*d).into(),
                start: i * 1000,
                end: i * 1000 + usize::MAX / 2,
            })
            .collect(),
    }
}

/// Edge cases the fixture does not cover.
fn edge_cases() -> KnowledgeGraph {
    let nasty = [
        "plain",
        "a,b",
        "quote\"d",
        "apos'trophe",
        "back\\slash",
        "semi;colon",
        "<tag>&amp;",
        "cr\rlf\n",
        "\ttab-first",
        "=1+2",
        "+33",
        "-3.5",
        "-x",
        "@x",
        "ctl\u{1}\u{7f}\u{85}\u{9f}",
        "nbsp\u{a0}é",
        "nonchar\u{fffe}\u{ffff}\u{fffd}",
        "emoji 🙂 \u{200f}",
        "",
        "#hash",
    ];
    let mut nodes = Vec::new();
    let ids = [
        "person:a",
        "person:b-2",
        "person:رضا",
        "prison:p",
        "letter:1",
        "letter:2",
        "event:x",
    ];
    for (i, id) in ids.iter().enumerate() {
        let t = match id.split(':').next().unwrap() {
            "person" => EntityType::Person,
            "prison" => EntityType::Prison,
            "letter" => EntityType::Letter,
            _ => EntityType::Event,
        };
        let mut n = node(id, nasty[i % nasty.len()], t);
        n.surfaces = nasty.iter().map(|s| s.to_string()).collect();
        n.aliases = vec![nasty[(i + 3) % nasty.len()].into()];
        n.documents = vec![format!("news/{}.txt", nasty[(i + 5) % nasty.len()]).into()];
        n.mentions = [0, 1, u64::MAX, 42, 7, 1_000_000, 3][i];
        n.date = [
            None,
            Some("2016"),
            None,
            Some("2016-12"),
            Some("2016-12-18"),
            Some("bad;date"),
            Some("2017-13"),
        ][i]
            .map(str::to_string);
        n.attrs.insert(
            "score".into(),
            AttrValue::Float([0.1, 1e20, 1e-7, -0.0, 2.5, 1e16, 123456789.0][i]),
        );
        n.attrs.insert(
            "big".into(),
            AttrValue::Int([i64::MIN, -1, 0, 1, i64::MAX, 10, 5][i]),
        );
        n.attrs.insert(
            "odd key!".into(),
            AttrValue::Str(nasty[(i + 7) % nasty.len()].into()),
        );
        n.attrs.insert(
            "list".into(),
            AttrValue::List(vec![nasty[(i + 9) % nasty.len()].into(), "x;y".into()]),
        );
        if i == 2 {
            n.attrs.insert("mixed".into(), AttrValue::Int(3));
        } else {
            n.attrs.insert("mixed".into(), AttrValue::Str("s".into()));
        }
        if i == 4 {
            n.attrs.insert(
                "signers".into(),
                AttrValue::List(vec!["person:a".into(), "person:رضا".into()]),
            );
            n.attrs.insert("prison".into(), AttrValue::Int(9));
        }
        nodes.push(n);
    }
    let weights = [
        1.0,
        0.1,
        1e20,
        1e-7,
        -0.0,
        3.0,
        2.5e-300,
        1e15,
        1e16,
        123.456,
        f64::NAN,
        f64::INFINITY,
    ];
    let mut edges = Vec::new();
    let mut k = 0;
    let rels = [
        "SIGNED",
        "CO_SIGNED",
        "HELD_IN",
        "WRITTEN_IN",
        "MENTIONED_IN",
        "weird rel<&>\"",
        "a,b",
    ];
    for (i, a) in ids.iter().enumerate() {
        for (j, b) in ids.iter().enumerate() {
            if (i + j) % 3 == 0 && i != j {
                let rel = rels[k % rels.len()];
                let (a, b) = if rel == "CO_SIGNED" && a > b {
                    (b, a)
                } else {
                    (a, b)
                };
                let letters: Vec<&str> = match k % 3 {
                    0 => vec![],
                    1 => vec!["letter:1"],
                    _ => vec!["letter:2", "let;ter"],
                };
                let date = [None, Some("2016-12"), Some("2016-12-18"), Some("x,\"y\"")][k % 4];
                let docs: Vec<&str> = (0..k % 3).map(|d| nasty[(k + d) % nasty.len()]).collect();
                edges.push((
                    a.to_string(),
                    b.to_string(),
                    edge(rel, weights[k % weights.len()], &letters, date, &docs),
                ));
                k += 1;
            }
        }
    }
    // The same triple twice: ids `e...` and `e...-2`.
    edges.push((
        "person:a".into(),
        "prison:p".into(),
        edge("HELD_IN", 1.0, &[], None, &[]),
    ));
    edges.push((
        "person:a".into(),
        "prison:p".into(),
        edge("HELD_IN", 2.0, &[], None, &["d"]),
    ));
    // A CO_SIGNED without date: dated by its letters.
    edges.push((
        "person:a".into(),
        "person:b-2".into(),
        edge("CO_SIGNED", 2.0, &["letter:1", "letter:2"], None, &["d"]),
    ));
    KnowledgeGraph::from_parts(nodes, edges)
}

fn edge_case_mentions() -> Vec<MentionRow> {
    vec![MentionRow {
        document: "d,\"1\"".into(),
        start: 3,
        end: 9,
        text: "-x\n=y".into(),
        entity: Some("person:a".into()),
        entity_type: "person".into(),
        rule: "@r".into(),
    }]
}

/// Every file written for (graph, mentions, bom): name -> (length, hash).
fn digests(g: &KnowledgeGraph, m: &[MentionRow], bom: bool) -> BTreeMap<String, (usize, u64)> {
    let dir = tempfile::tempdir().unwrap();
    let opts = ExportOptions {
        bom,
        ..ExportOptions::default()
    };
    let files = write_all(g, m, dir.path(), &opts).expect("export");
    files
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            (name, (bytes.len(), fnv(&bytes)))
        })
        .collect()
}

fn check(case: &str, got: BTreeMap<String, (usize, u64)>, want: &[(&str, usize, u64)]) {
    if std::env::var_os("ENTIGRAPH_PRINT_GOLDEN").is_some() {
        println!("// {case}");
        for (name, (len, h)) in &got {
            println!("(\"{name}\", {len}, 0x{h:016x}),");
        }
        return;
    }
    let want: BTreeMap<String, (usize, u64)> = want
        .iter()
        .map(|(n, l, h)| (n.to_string(), (*l, *h)))
        .collect();
    assert_eq!(got, want, "{case}: export bytes changed");
}

/// Writes the files of one case into `dir` (for a diff when a digest changes).
#[allow(dead_code)]
fn keep(dir: &Path, g: &KnowledgeGraph, m: &[MentionRow]) {
    write_all(g, m, dir, &ExportOptions::default()).unwrap();
}

#[test]
fn fixture_bytes_are_unchanged() {
    let got = digests(&fixture::annotated(), &fixture::mentions(), false);
    check("fixture", got, FIXTURE);
}

#[test]
fn fixture_bytes_with_bom_are_unchanged() {
    let got = digests(&fixture::annotated(), &fixture::mentions(), true);
    check("fixture, bom", got, FIXTURE_BOM);
}

#[test]
fn edge_case_bytes_are_unchanged() {
    let mut g = edge_cases();
    entigraph::graph::measures::annotate(&mut g);
    if let Some(d) = std::env::var_os("ENTIGRAPH_KEEP_GOLDEN") {
        keep(Path::new(&d), &g, &edge_case_mentions());
    }
    let got = digests(&g, &edge_case_mentions(), false);
    check("edge cases", got, EDGE_CASES);
}

const FIXTURE: &[(&str, usize, u64)] = &[
    ("cosigners.graphml", 7740, 0xf828861b6d1bb2b7),
    ("cosigners.json", 4188, 0xb34e5283dbc29843),
    ("edges.csv", 4112, 0xcd916b08a972c124),
    ("entities.csv", 2803, 0x5fb3bae97e3dc338),
    ("graph.gexf", 21284, 0xe098aa92fa3c68a1),
    ("graph.graphml", 17984, 0x2be21099d7d1bc46),
    ("graph.json", 11213, 0x4c6a56027718a3ef),
    ("index.html", 29400, 0x7fe8f5063114c3f9),
    ("letters.csv", 781, 0xebb0a6e5df6c5e43),
    ("mentions.csv", 292, 0x53549aa5f03024c1),
    ("neo4j_nodes.csv", 3226, 0x32caed1914ffd3fc),
    ("neo4j_relationships.csv", 3855, 0x0eeca574c532ca84),
];
const FIXTURE_BOM: &[(&str, usize, u64)] = &[
    ("cosigners.graphml", 7740, 0xf828861b6d1bb2b7),
    ("cosigners.json", 4188, 0xb34e5283dbc29843),
    ("edges.csv", 4115, 0xfea13d3606121ef5),
    ("entities.csv", 2806, 0x2455ef721c28306b),
    ("graph.gexf", 21284, 0xe098aa92fa3c68a1),
    ("graph.graphml", 17984, 0x2be21099d7d1bc46),
    ("graph.json", 11213, 0x4c6a56027718a3ef),
    ("index.html", 29400, 0x7fe8f5063114c3f9),
    ("letters.csv", 784, 0x7efd77cdc8a6fb9c),
    ("mentions.csv", 295, 0x86a9346bd3797220),
    ("neo4j_nodes.csv", 3226, 0x32caed1914ffd3fc),
    ("neo4j_relationships.csv", 3855, 0x0eeca574c532ca84),
];
const EDGE_CASES: &[(&str, usize, u64)] = &[
    ("cosigners.graphml", 5490, 0x3e4e5edb5569b95d),
    ("cosigners.json", 2433, 0x045c30c5ebe67e71),
    ("edges.csv", 2005, 0xf8d465ba6fccb608),
    ("entities.csv", 2094, 0x24443b483f03983e),
    ("graph.gexf", 13409, 0x81f05ac040968167),
    ("graph.graphml", 11797, 0x46f01310035f15ff),
    ("graph.json", 7064, 0x83f0abd49758bb66),
    ("index.html", 29169, 0x3f5e059bdbf20fcd),
    ("letters.csv", 235, 0xdfaecd4c0f0bee2a),
    ("mentions.csv", 91, 0x5f11f9e2b60c4558),
    ("neo4j_nodes.csv", 2370, 0x1b45dac629ba920b),
    ("neo4j_relationships.csv", 1812, 0x468a79d76dfa449d),
];
