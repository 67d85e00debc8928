//! Hand-made gold/prediction pairs with hand-computed scores.

// Tests build predictions field by field, which reads better here.
#![allow(clippy::field_reassign_with_default)]

use std::collections::BTreeMap;

use super::*;
use crate::eval::{Cluster, Cosignature, GoldEntity, GoldLetter, PredictedLetter, GOLD_FORMAT};

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn ent(id: &str, ty: EntityType, surfaces: &[&str], docs: &[(&str, Presence)]) -> GoldEntity {
    GoldEntity {
        id: id.into(),
        entity_type: ty,
        name: surfaces.first().unwrap_or(&id).to_string(),
        surfaces: s(surfaces),
        documents: docs.iter().map(|(d, p)| (d.to_string(), *p)).collect(),
    }
}

fn gold(entities: Vec<GoldEntity>) -> Gold {
    Gold {
        format: GOLD_FORMAT.into(),
        corpus: None,
        entities,
        letters: vec![],
        events: vec![],
        cosignatures: None,
        hard_negatives: vec![],
    }
}

fn cl(id: &str, ty: EntityType, surfaces: &[&str]) -> Cluster {
    Cluster {
        id: id.into(),
        entity_type: ty,
        surfaces: s(surfaces),
    }
}

fn letter(documents: &[&str], date: Option<&str>, signers: &[&str]) -> PredictedLetter {
    PredictedLetter {
        id: None,
        documents: s(documents),
        date: date.map(str::to_string),
        signers: s(signers),
    }
}

fn gletter(id: &str, documents: &[&str], date: Option<&str>, signers: &[&str]) -> GoldLetter {
    GoldLetter {
        id: id.into(),
        documents: s(documents),
        date: date.map(str::to_string),
        signers: s(signers),
        prison: None,
        recipient: None,
        optional: false,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

use EntityType::{City, Country, Person};
use Presence::{Optional, Required};

#[test]
fn prf_conventions() {
    let p = Prf::new(0, 0, 0);
    assert_eq!((p.precision, p.recall, p.f1), (1.0, 1.0, 1.0));
    let p = Prf::new(0, 3, 0);
    assert_eq!((p.precision, p.recall, p.f1), (0.0, 1.0, 0.0));
    let p = Prf::new(0, 0, 2);
    assert_eq!((p.precision, p.recall, p.f1), (1.0, 0.0, 0.0));
    let p = Prf::new(3, 1, 2);
    assert!(close(p.precision, 0.75) && close(p.recall, 0.6) && close(p.f1, 2.0 / 3.0));
}

#[test]
fn cluster_maps_to_the_entity_most_surfaces_name() {
    let g = gold(vec![
        ent("a", Person, &["Al Adams", "Adams"], &[("d", Required)]),
        ent("b", Person, &["Bo Brown", "Brown"], &[("d", Required)]),
    ]);
    let mut p = Prediction::default();
    p.clusters = vec![
        // 2 votes for a, 1 for b.
        cl("p0", Person, &["Al Adams", "Adams", "Bo Brown"]),
        // 1 vote each: the first listed in the gold wins.
        cl("p1", Person, &["Bo Brown", "Adams"]),
        // Case variants are one form: 1 vote for a against 2 for b.
        cl(
            "p2",
            Person,
            &["AL ADAMS", "Al Adams", "Brown", "Mr. Bo Brown"],
        ),
        // The right surfaces, the wrong type.
        cl("p3", City, &["Al Adams"]),
        cl("p4", Person, &["Nobody"]),
    ];
    let m = Mapping::new(&g, &p);
    assert_eq!(m.gold_of, vec![Some(0), Some(0), Some(1), None, None]);
    assert_eq!(m.token("p2"), "b");
    assert_eq!(m.token("p4"), "?p4");
    assert_eq!(m.token("undefined"), "?undefined");
}

/// Gold: Ann (required in d1, optional in d2), Bob (required in d1 and d2), Paris (city,
/// required in d2). Prediction: Ann in d1 and d2, Bob in d1 only but as two clusters, a
/// spurious Zed in d2, Paris in d1 only, a country, and an unannotated document d3.
///
/// person: tp 2 (Ann d1, Bob d1), fp 1 (Zed d2), fn 1 (Bob d2): P = R = F1 = 2/3.
/// city: tp 0, fp 1 (Paris in d1, where the gold does not list it), fn 1 (Paris d2): 0, 0, 0.
/// micro: tp 2, fp 2, fn 2: 0.5, 0.5, 0.5.
fn entity_case() -> (Gold, Prediction) {
    let g = gold(vec![
        ent(
            "ann",
            Person,
            &["Ann Lee", "Mrs. Lee"],
            &[("d1", Required), ("d2", Optional)],
        ),
        ent(
            "bob",
            Person,
            &["Bob Roe"],
            &[("d1", Required), ("d2", Required)],
        ),
        ent("paris", City, &["Paris"], &[("d2", Required)]),
    ]);
    let mut p = Prediction::default();
    p.clusters = vec![
        cl("person:ann", Person, &["Ann Lee"]),
        cl("person:bob", Person, &["Bob Roe"]),
        cl("person:bob-2", Person, &["Mr Bob Roe"]),
        cl("person:zed", Person, &["Zed"]),
        cl("city:paris", City, &["Paris"]),
        cl("country:fr", Country, &["France"]),
    ];
    p.documents = BTreeMap::from([
        (
            "d1".into(),
            s(&[
                "person:ann",
                "person:bob",
                "person:bob-2",
                "city:paris",
                "country:fr",
            ]),
        ),
        ("d2".into(), s(&["person:ann", "person:zed", "person:zed"])),
        ("d3".into(), s(&["person:zed"])),
    ]);
    p.rules.insert("person:zed".into(), s(&["title"]));
    (g, p)
}

#[test]
fn entities_hand_computed() {
    let (g, p) = entity_case();
    let r = score(&g, &p);
    let e = &r.entities;
    assert_eq!(e.per_type["person"], Prf::new(2, 1, 1));
    assert!(close(e.per_type["person"].f1, 2.0 / 3.0));
    assert_eq!(e.per_type["city"], Prf::new(0, 1, 1));
    assert_eq!(e.micro, Prf::new(2, 2, 2));
    assert!(close(r.entity_f1(), 0.5));
    assert_eq!((e.documents, e.required, e.optional), (2, 4, 1));
    assert_eq!((e.optional_predicted, e.ignored), (1, 1));
    assert_eq!(e.unannotated_documents, s(&["d3"]));
    let f = &r.findings;
    let missed: Vec<_> = f
        .missed_entities
        .iter()
        .map(|m| (m.document.as_str(), m.gold.as_str()))
        .collect();
    assert_eq!(missed, [("d2", "bob"), ("d2", "paris")]);
    let spurious: Vec<_> = f
        .spurious_entities
        .iter()
        .map(|m| {
            (
                m.document.as_str(),
                m.cluster.as_str(),
                m.maps_to.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        spurious,
        [
            ("d1", "city:paris", Some("paris")),
            ("d2", "person:zed", None)
        ]
    );
    assert_eq!(f.spurious_entities[1].rules, s(&["title"]));
    assert_eq!(f.duplicate_entities.len(), 1);
    assert_eq!(
        f.duplicate_entities[0].clusters,
        s(&["person:bob", "person:bob-2"])
    );
}

#[test]
fn dropping_a_found_entity_costs_one_true_positive() {
    let (g, mut p) = entity_case();
    p.documents
        .get_mut("d1")
        .unwrap()
        .retain(|c| c != "person:ann");
    let r = score(&g, &p);
    // tp 2 → 1, fn 2 → 3: micro P = 1/3, R = 1/4, F1 = 2/7.
    assert_eq!(r.entities.micro, Prf::new(1, 2, 3));
    assert!(close(r.entity_f1(), 2.0 / 7.0));
    // Dropping an optional one changes nothing.
    let (g, mut p) = entity_case();
    p.documents
        .get_mut("d2")
        .unwrap()
        .retain(|c| c != "person:ann");
    assert_eq!(score(&g, &p).entities.micro, Prf::new(2, 2, 2));
}

/// Gold persons: Ann {"ann lee", "lee"} (Mrs. Lee = Lee after normalisation), Bob {"bob roe",
/// "robert roe", "b roe"}, Cy {"cy doe"}: 6 forms, 4 same-entity pairs out of 15.
/// Clusters: x = {ann lee, lee, cy doe}: 1 right pair, 2 wrong (one a hard negative);
/// y = {bob roe, robert roe}: 1 right; z = {b roe, bobby}: the 2 pairs with "b roe" missed.
/// tp 2, fp 2, fn 2.
#[test]
fn resolution_hand_computed() {
    let mut g = gold(vec![
        ent(
            "ann",
            Person,
            &["Ann Lee", "Mrs. Lee", "Lee"],
            &[("d", Required)],
        ),
        ent(
            "bob",
            Person,
            &["Bob Roe", "Robert Roe", "B. Roe"],
            &[("d", Required)],
        ),
        ent("cy", Person, &["Cy Doe"], &[("d", Required)]),
    ]);
    g.hard_negatives = vec![
        ["Ann Lee".into(), "Cy Doe".into()],
        ["Bob Roe".into(), "Cy Doe".into()],
    ];
    let mut p = Prediction::default();
    p.clusters = vec![
        cl("x", Person, &["Ann Lee", "Lee", "Cy Doe"]),
        cl("y", Person, &["Bob Roe", "Robert Roe"]),
        cl("z", Person, &["B. Roe", "Bobby"]),
        // Same surfaces in a cluster of another type: no effect on person pairs.
        cl("w", City, &["Bob Roe", "B. Roe"]),
    ];
    let r = score(&g, &p).resolution;
    assert_eq!(r.forms, 6);
    assert_eq!(r.per_type["person"], Prf::new(2, 2, 2));
    assert_eq!(r.micro, Prf::new(2, 2, 2));
    assert_eq!((r.hard_negatives, r.hard_negatives_merged), (2, 1));
    let f = score(&g, &p).findings;
    let wrong: Vec<_> = f
        .wrong_merges
        .iter()
        .map(|w| (w.a.as_str(), w.b.as_str(), w.hard_negative))
        .collect();
    // "lee" is shown as the first gold surface with that form.
    assert_eq!(
        wrong,
        [("Ann Lee", "Cy Doe", true), ("Cy Doe", "Mrs. Lee", false)]
    );
    let missed: Vec<_> = f
        .missed_merges
        .iter()
        .map(|m| {
            (
                m.a.as_str(),
                m.b.as_str(),
                m.clusters_a.clone(),
                m.clusters_b.clone(),
            )
        })
        .collect();
    assert_eq!(
        missed,
        [
            ("B. Roe", "Bob Roe", s(&["z"]), s(&["y"])),
            ("B. Roe", "Robert Roe", s(&["z"]), s(&["y"])),
        ]
    );
    // Splitting x's right pair apart: tp 2 → 1, fn 2 → 3.
    p.clusters[0] = cl("x", Person, &["Ann Lee", "Cy Doe"]);
    p.clusters.push(cl("x2", Person, &["Lee"]));
    assert_eq!(score(&g, &p).resolution.micro, Prf::new(1, 1, 3));
    // A form the prediction never produced is in no cluster.
    p.clusters.truncate(1);
    let r = score(&g, &p);
    assert_eq!(r.resolution.micro, Prf::new(0, 1, 4));
    assert!(r
        .findings
        .missed_merges
        .iter()
        .any(|m| m.clusters_b.is_empty()));
}

fn letter_case() -> (Gold, Prediction) {
    let mut g = gold(
        ["a", "b", "c", "d", "e"]
            .iter()
            .map(|id| {
                let name = format!("{} {}", id.to_uppercase(), id.repeat(3));
                GoldEntity {
                    surfaces: vec![name],
                    ..ent(id, Person, &[], &[("d1", Required)])
                }
            })
            .collect(),
    );
    g.letters = vec![
        gletter(
            "L1",
            &["d1", "d2"],
            Some("2016-12-18"),
            &["a", "b", "c", "d"],
        ),
        gletter("L2", &["d1"], None, &["e"]),
        gletter("L3", &["d3"], Some("2016"), &["a", "b"]),
        GoldLetter {
            optional: true,
            ..gletter("L4", &["d4"], None, &[])
        },
    ];
    let mut p = Prediction::default();
    p.clusters = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|id| {
            cl(
                &format!("person:{id}"),
                Person,
                &[&format!("{} {}", id.to_uppercase(), id.repeat(3))],
            )
        })
        .chain([cl("person:x", Person, &["X"])])
        .collect();
    p.letters = vec![
        // L1: 2 of 3 signers right, 2 of 4 found: F1 4/7; partial date; d2 not covered.
        letter(
            &["d1"],
            Some("2016-12"),
            &["person:a", "person:b", "person:x"],
        ),
        // L2, perfect.
        letter(&["d1"], None, &["person:e"]),
        // Shares d3 with L3, no common signer: spurious.
        letter(&["d3"], None, &["person:c"]),
        // The optional L4.
        letter(&["d4"], None, &[]),
        // Not annotated: not scored.
        letter(&["d9"], None, &["person:a"]),
    ];
    (g, p)
}

/// Gold (non-optional): L1, L2, L3. Found: L1 (by letter 0), L2 (by letter 1).
/// Scored predictions: 4 (the d9 one is not); spurious: 1; optional matched: 1.
/// Signers over found: common 2 + 1, predicted 3 + 1, gold 4 + 1: P 0.75, R 0.6.
/// Dates right: L2 only (null = null). Cross-document: L1, not covered.
#[test]
fn letters_hand_computed() {
    let (g, mut p) = letter_case();
    let r = score(&g, &p);
    let l = &r.letters;
    assert_eq!((l.gold, l.found, l.predicted, l.spurious), (3, 2, 4, 1));
    assert_eq!(l.optional_matched, 1);
    assert!(close(l.recall, 2.0 / 3.0) && close(l.precision, 2.0 / 3.0));
    assert!(close(l.signer_precision, 0.75) && close(l.signer_recall, 0.6));
    assert_eq!(l.dates_right, 1);
    assert_eq!((l.cross_document, l.cross_document_covered), (1, 0));
    assert_eq!(r.findings.missed_letters, s(&["L3"]));
    assert_eq!(r.findings.spurious_letters[0].id.as_deref(), Some("#2"));
    let pb = &r.findings.letter_problems;
    assert_eq!(pb.len(), 1);
    assert_eq!(pb[0].missing_signers, s(&["c", "d"]));
    assert_eq!(pb[0].extra_signers, s(&["?person:x"]));
    assert_eq!(pb[0].uncovered_documents, s(&["d2"]));
    // Covering d2 makes L1 cross-document.
    p.letters[0].documents.push("d2".into());
    assert_eq!(score(&g, &p).letters.cross_document_covered, 1);
    // One more wrong signer: F1 4/8 = 0.5 still matches; two more: 4/9 does not.
    p.letters[0].signers.push("person:e".into());
    assert_eq!(score(&g, &p).letters.found, 2);
    p.letters[0].signers.push("person:nobody".into());
    let r = score(&g, &p);
    assert_eq!((r.letters.found, r.letters.spurious), (1, 2));
    assert_eq!(r.findings.missed_letters, s(&["L1", "L3"]));
}

#[test]
fn letters_are_matched_best_first() {
    let (mut g, mut p) = letter_case();
    g.letters = vec![
        gletter("G1", &["d1"], None, &["a", "b"]),
        gletter("G2", &["d1"], None, &["a", "b", "c"]),
    ];
    // Taken in order, G1 would take P0 (F1 0.8) and leave G2 the other (F1 0.8).
    p.letters = vec![
        letter(&["d1"], None, &["person:a", "person:b", "person:c"]),
        letter(&["d1"], None, &["person:a", "person:b"]),
    ];
    let l = score(&g, &p).letters;
    assert_eq!((l.found, l.spurious), (2, 0));
    assert_eq!((l.signer_precision, l.signer_recall), (1.0, 1.0));
}

/// Gold pairs a-b 2, a-c 1, b-c 1, c-d 1. Predicted: a-b 1 plus b2-a 1 (b split in two
/// clusters: one pair of 2 letters, exact), c-a 3 (right pair, wrong weight), b-x (x unmapped:
/// spurious). tp 2, fp 1, fn 2: P 2/3, R 1/2, F1 4/7; exact weights 1.
#[test]
fn cosignatures_hand_computed() {
    let mut g = gold(
        ["a", "b", "c", "d"]
            .iter()
            .map(|id| ent(id, Person, &[&format!("{id} {id}")], &[("d1", Required)]))
            .collect(),
    );
    let pair = |a: &str, b: &str, n| Cosignature {
        a: a.into(),
        b: b.into(),
        letters: n,
    };
    g.cosignatures = Some(vec![
        pair("a", "b", 2),
        pair("a", "c", 1),
        pair("b", "c", 1),
        pair("c", "d", 1),
    ]);
    let mut p = Prediction::default();
    p.clusters = vec![
        cl("A", Person, &["a a"]),
        cl("B", Person, &["b b"]),
        cl("B2", Person, &["B B"]),
        cl("C", Person, &["c c"]),
        cl("X", Person, &["x x"]),
    ];
    p.cosignatures = vec![
        pair("A", "B", 1),
        pair("B2", "A", 1),
        pair("C", "A", 3),
        pair("B", "X", 1),
    ];
    let r = score(&g, &p);
    let c = &r.cosignatures;
    assert_eq!(c.pairs, Prf::new(2, 1, 2));
    assert!(close(c.pairs.f1, 4.0 / 7.0));
    assert_eq!(c.exact_weights, 1);
    let f = &r.findings;
    assert_eq!(
        (f.wrong_weights[0].a.as_str(), f.wrong_weights[0].b.as_str()),
        ("a", "c")
    );
    assert_eq!(f.spurious_cosignatures[0].b, "b");
    assert_eq!(f.spurious_cosignatures[0].a, "?X");
    assert_eq!(f.missed_cosignatures.len(), 2);
    // Without a "cosignatures" field, the pairs come from the letters.
    g.cosignatures = None;
    g.letters = vec![
        gletter("l1", &["d1"], None, &["a", "b", "c"]),
        gletter("l2", &["d1"], None, &["b", "a"]),
    ];
    let pairs = g.cosignature_pairs();
    assert_eq!(pairs.len(), 3);
    assert_eq!(pairs[&("a".to_string(), "b".to_string())], 2);
}

#[test]
fn empty_against_empty_is_perfect() {
    let r = score(&gold(vec![]), &Prediction::default());
    assert_eq!(r.entity_f1(), 1.0);
    assert_eq!(r.resolution.micro.f1, 1.0);
    assert_eq!(r.cosignatures.pairs.f1, 1.0);
}

#[test]
fn text_report_shows_numbers_and_findings() {
    let (g, p) = entity_case();
    let text = score(&g, &p).render_text();
    if std::env::var_os("EVAL_SHOW").is_some() {
        println!("{text}");
    }
    assert!(
        text.contains("1. Entities per document (2 documents"),
        "{text}"
    );
    let micro = text
        .lines()
        .find(|l| l.trim_start().starts_with("micro"))
        .unwrap();
    assert_eq!(
        micro.split_whitespace().collect::<Vec<_>>(),
        ["micro", "2", "2", "2", "0.500", "0.500", "0.500"]
    );
    assert!(text.contains("0.667"), "{text}");
    for needle in [
        "2. Resolution",
        "3. Letters",
        "4. Co-signature edges",
        "Missed entities (2):",
        "d2  person       bob (\"Bob Roe\")",
        "Spurious entities (2):",
        "person:zed [\"Zed\"]  rules: title",
        "[maps to gold paris, not listed in this document]",
        "d1  bob: person:bob, person:bob-2",
        "Missed letters (0):\n  (none)",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
    let json = serde_json::to_value(score(&g, &p)).unwrap();
    assert_eq!(json["entities"]["micro"]["fn"], 2);
    assert_eq!(json["entities"]["per_type"]["city"]["fp"], 1);
}
