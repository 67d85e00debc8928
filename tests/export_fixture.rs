//! A small, realistic and hostile knowledge graph shared by the export and inspect tests
//! (included with `#[path]`; as a test target of its own it has no tests).
#![allow(dead_code)]

use std::collections::BTreeMap;

use entigraph::export::MentionRow;
use entigraph::graph::{AttrValue, Edge, KnowledgeGraph, Node};
use entigraph::types::{Evidence, Source};
use entigraph::EntityType;

pub const L1: &str = "letter:2016-12-18-aleppo-gohardasht";
pub const L2: &str = "letter:2017-02-gohardasht-hunger-strike";
pub const L3: &str = "letter:2018-iraee-appeal";
pub const MASOURI: &str = "person:saeid-masouri";
pub const SADEGHI: &str = "person:arash-sadeghi";
pub const MOEZZI: &str = "person:ali-moezzi";
pub const XTEST: &str = "person:x-test";
pub const REZA: &str = "person:رضا-شهابی";
pub const IRAEE: &str = "person:golrokh-iraee";
pub const NARGES: &str = "person:narges-mohammadi";
pub const PRISON: &str = "prison:gohardasht-prison";
/// Label with markup, quotes, an ampersand, a control character, an RTL mark and an emoji.
pub const HOSTILE_LABEL: &str = "Mr \"X\" <b>&amp; O'Neil\u{1}\u{200F} 🙂";
pub const NODES: usize = 17;
pub const EDGES: usize = 26;
pub const CO_SIGNED: usize = 8;
pub const SIGNERS: usize = 6;

fn ev(doc: &str, start: usize) -> Vec<Evidence> {
    vec![Evidence {
        document: doc.into(),
        start,
        end: start + 10,
    }]
}

fn node(id: &str, label: &str, t: EntityType) -> Node {
    Node {
        id: id.into(),
        label: label.into(),
        entity_type: t,
        surfaces: vec![label.into()],
        aliases: vec![],
        documents: vec!["news/2017-01-10-iran-hrm.txt".into()],
        mentions: 2,
        source: Source::Gazetteer,
        date: None,
        attrs: BTreeMap::new(),
        evidence: ev("news/2017-01-10-iran-hrm.txt", 100),
    }
}

fn edge(rel: &str, weight: f64, letters: &[&str], date: Option<&str>) -> Edge {
    Edge {
        relation: rel.into(),
        weight,
        letters: letters.iter().map(|s| s.to_string()).collect(),
        date: date.map(str::to_string),
        evidence: ev("news/2017-01-10-iran-hrm.txt", 200),
    }
}

fn s(v: &str) -> AttrValue {
    AttrValue::Str(v.into())
}

fn list(v: &[&str]) -> AttrValue {
    AttrValue::List(v.iter().map(|s| s.to_string()).collect())
}

fn letter(id: &str, label: &str, date: &str, signers: &[&str]) -> Node {
    let mut n = node(id, label, EntityType::Letter);
    n.date = Some(date.into());
    n.attrs.insert("signers".into(), list(signers));
    n.attrs
        .insert("signer_count".into(), AttrValue::Int(signers.len() as i64));
    n
}

/// 17 nodes, 26 edges (8 `CO_SIGNED`), 6 signers (one alone), one person who never signed.
pub fn graph() -> KnowledgeGraph {
    let mut masouri = node(MASOURI, "Saeid Masouri", EntityType::Person);
    masouri.surfaces = vec!["Saeed Masoori".into(), "Saeid Masouri".into()];
    masouri.aliases = vec!["سعید ماسوری".into()];
    masouri.documents.push("news/2016-12-20-aleppo.txt".into());
    masouri.mentions = 9;
    let mut x = node(XTEST, HOSTILE_LABEL, EntityType::Person);
    x.surfaces = vec![
        "=cmd|' /C calc'!A0".into(),
        "@SUM(1+1)".into(),
        "+x".into(),
        "-y".into(),
        "a;b".into(),
        "line\nbreak".into(),
    ];
    let mut reza = node(REZA, "\u{200F}رضا شهابی", EntityType::Person);
    reza.surfaces = vec!["رضا شهابی".into(), "Reza Shahabi".into()];
    let mut prison = node(PRISON, "Gohardasht Prison", EntityType::Prison);
    prison
        .attrs
        .insert("rules".into(), list(&["prison-suffix", "=evil"]));
    let mut karaj = node("city:karaj", "Karaj", EntityType::City);
    karaj
        .attrs
        .insert("population".into(), AttrValue::Int(1_592_492));
    karaj.attrs.insert("country".into(), s("country:iran"));
    let mut tehran = node("city:tehran", "Tehran", EntityType::City);
    tehran
        .attrs
        .insert("population".into(), AttrValue::Int(8_693_706));
    tehran.attrs.insert("country".into(), s("country:iran"));
    let mut ncri = node(
        "org:ncri",
        "National Council of Resistance of Iran",
        EntityType::Organization,
    );
    ncri.attrs.insert("acronym".into(), s("NCRI"));
    let mut un = node("org:un", "-United Nations", EntityType::Organization);
    un.attrs.insert("acronym".into(), s("=UN"));
    un.source = Source::Rule;
    let mut l1 = letter(
        L1,
        "Letter on Aleppo from Gohardasht",
        "2016-12-18",
        &[MASOURI, SADEGHI, REZA],
    );
    l1.attrs.insert("prison".into(), s(PRISON));
    l1.attrs.insert("recipient".into(), s("org:un"));
    l1.attrs.insert("publisher".into(), s("org:ncri"));
    let mut l2 = letter(
        L2,
        "Letter with \"quotes\" & <tags>\u{1}",
        "2017-02",
        &[MASOURI, SADEGHI, XTEST, MOEZZI],
    );
    l2.attrs.insert("prison".into(), s(PRISON));
    l2.attrs.insert("publisher".into(), s("org:ncri"));
    let l3 = letter(L3, "Appeal by Golrokh Iraee", "2018", &[IRAEE]);
    let mut event = node(
        "event:2017-01-karaj-hunger-strike",
        "Hunger strike in Karaj",
        EntityType::Event,
    );
    event.date = Some("2017-01".into());
    let nodes = vec![
        masouri,
        node(SADEGHI, "Arash Sadeghi", EntityType::Person),
        node(MOEZZI, "Ali Moezzi", EntityType::Person),
        x,
        reza,
        node(IRAEE, "Golrokh Ebrahimi Iraee", EntityType::Person),
        node(NARGES, "Narges Mohammadi", EntityType::Person),
        prison,
        karaj,
        tehran,
        node("country:iran", "Iran", EntityType::Country),
        ncri,
        un,
        l1,
        l2,
        l3,
        event,
    ];
    let mut edges: Vec<(String, String, Edge)> = Vec::new();
    let mut add = |a: &str, b: &str, e: Edge| edges.push((a.into(), b.into(), e));
    for (l, date, signers) in [
        (L1, "2016-12-18", &[MASOURI, SADEGHI, REZA][..]),
        (L2, "2017-02", &[MASOURI, SADEGHI, XTEST, MOEZZI][..]),
        (L3, "2018", &[IRAEE][..]),
    ] {
        for p in signers {
            add(p, l, edge("SIGNED", 1.0, &[], Some(date)));
        }
    }
    for (a, b, letters, date) in [
        (MOEZZI, SADEGHI, &[L2][..], "2017-02"),
        (MOEZZI, MASOURI, &[L2][..], "2017-02"),
        (MOEZZI, XTEST, &[L2][..], "2017-02"),
        (SADEGHI, MASOURI, &[L1, L2][..], "2016-12-18"),
        (SADEGHI, XTEST, &[L2][..], "2017-02"),
        (SADEGHI, REZA, &[L1][..], "2016-12-18"),
        (MASOURI, XTEST, &[L2][..], "2017-02"),
        (MASOURI, REZA, &[L1][..], "2016-12-18"),
    ] {
        add(
            a,
            b,
            edge("CO_SIGNED", letters.len() as f64, letters, Some(date)),
        );
    }
    add(L1, PRISON, edge("WRITTEN_IN", 1.0, &[], None));
    add(L2, PRISON, edge("WRITTEN_IN", 1.0, &[], None));
    add(L1, "org:un", edge("ADDRESSED_TO", 1.0, &[], None));
    add(L1, "org:ncri", edge("PUBLISHED_BY", 1.0, &[], None));
    add(L2, "org:ncri", edge("PUBLISHED_BY", 1.0, &[], None));
    add(MASOURI, PRISON, edge("HELD_IN", 1.0, &[], None));
    add(NARGES, PRISON, edge("HELD_IN", 1.0, &[], None));
    add(PRISON, "city:karaj", edge("LOCATED_IN", 1.0, &[], None));
    add(
        "event:2017-01-karaj-hunger-strike",
        "city:karaj",
        edge("LOCATED_IN", 1.0, &[], None),
    );
    add(
        "event:2017-01-karaj-hunger-strike",
        "org:ncri",
        edge("ORGANIZED_BY", 1.0, &[], None),
    );
    KnowledgeGraph::from_parts(nodes, edges)
}

/// The graph with its measures.
pub fn annotated() -> KnowledgeGraph {
    let mut g = graph();
    entigraph::graph::measures::annotate(&mut g);
    g
}

pub fn mentions() -> Vec<MentionRow> {
    vec![
        MentionRow {
            document: "news/2017-01-10-iran-hrm.txt".into(),
            start: 120,
            end: 133,
            text: "Saeid Masouri".into(),
            entity: Some(MASOURI.into()),
            entity_type: "person".into(),
            rule: "gazetteer".into(),
        },
        MentionRow {
            document: "news/2016-12-20-aleppo.txt".into(),
            start: 5,
            end: 12,
            text: "=1+1\u{1}".into(),
            entity: None,
            entity_type: "person".into(),
            rule: "title-name".into(),
        },
        MentionRow {
            document: "news/2016-12-20-aleppo.txt".into(),
            start: 40,
            end: 58,
            text: "رضا شهابی".into(),
            entity: Some(REZA.into()),
            entity_type: "person".into(),
            rule: "signature-list".into(),
        },
    ]
}
