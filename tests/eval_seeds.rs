//! Seed-gold scores: the oracle prediction is perfect, and single mutations of it move the
//! numbers by the hand-computed amounts.
//!
//! Seed gold facts used below (counted by hand from `tests/data/seeds.gold.json`):
//! * required (entity, document) pairs: 000: 16, 001: 8, 002: 13, 003: 8, 004: 18 = 63, of
//!   which persons 10 + 3 + 12 + 1 + 9 = 35;
//! * same-entity pairs of distinct normalised surfaces: persons 10 (Bashar al-Assad's 3 forms
//!   "bashar assad", "bashar al assad", "assad" give 3; Ali Mo’ezzi, Abolghassem Fouladvand,
//!   Hassan Sadeghi, Saeid Masouri, Shahin Zoghi Tabar, Maryam Rajavi, Ali Khamenei 1 each;
//!   "Mohammad-Ali Mansouri" = "Mohammad Ali Mansouri"), prisons 1, cities 1,
//!   organizations 2: 14 in all;
//! * 4 letters that are not optional (signers 2 + 1 + 6 + 11 = 20), 1 optional; 55 pairs.

mod eval_support;

use entigraph::eval::{score, Cluster, Prf};
use entigraph::EntityType;
use eval_support::{cid, is_required, merge, oracle, seeds_gold};

const DOC0: &str = "000_4232c81ef7ee5e45.txt";

#[test]
fn the_oracle_scores_perfectly_on_the_seeds() {
    let gold = seeds_gold();
    let r = score(&gold, &oracle(&gold));
    assert_eq!(r.entities.micro, Prf::new(63, 0, 0));
    assert_eq!(r.entities.per_type["person"], Prf::new(35, 0, 0));
    assert_eq!((r.entities.required, r.entities.optional), (63, 12));
    assert_eq!(r.entities.optional_predicted, 12);
    assert_eq!(r.resolution.micro, Prf::new(14, 0, 0));
    assert_eq!(r.resolution.per_type["person"], Prf::new(10, 0, 0));
    assert_eq!(r.resolution.hard_negatives_merged, 0);
    let l = &r.letters;
    assert_eq!(
        (l.gold, l.found, l.spurious, l.optional_matched),
        (4, 4, 0, 1)
    );
    assert_eq!((l.signer_precision, l.signer_recall), (1.0, 1.0));
    assert_eq!(
        (l.dates_right, l.cross_document, l.cross_document_covered),
        (4, 1, 1)
    );
    assert_eq!(r.cosignatures.pairs, Prf::new(55, 0, 0));
    assert_eq!(r.cosignatures.exact_weights, 55);
    assert_eq!(r.entity_f1(), 1.0);
    let text = r.render_text();
    assert!(text.contains("  micro              63      0      0      1.000    1.000    1.000"));
}

#[test]
fn removing_one_gold_entity_from_a_document_lowers_recall_by_one_pair() {
    let gold = seeds_gold();
    assert!(is_required(&gold, "george-sabra", DOC0));
    let mut p = oracle(&gold);
    let sabra = cid(&gold, "george-sabra");
    p.documents.get_mut(DOC0).unwrap().retain(|c| *c != sabra);
    let r = score(&gold, &p);
    // tp 63 → 62, fn 0 → 1: recall 62/63 = 0.984, F1 124/125 = 0.992; precision stays 1.
    assert_eq!(r.entities.micro, Prf::new(62, 0, 1));
    assert_eq!(format!("{:.3}", r.entities.micro.recall), "0.984");
    assert_eq!(format!("{:.3}", r.entity_f1()), "0.992");
    // Persons: 34/35 = 0.971.
    assert_eq!(r.entities.per_type["person"], Prf::new(34, 0, 1));
    assert_eq!(
        format!("{:.3}", r.entities.per_type["person"].recall),
        "0.971"
    );
    assert_eq!(r.findings.missed_entities.len(), 1);
    assert_eq!(r.findings.missed_entities[0].gold, "george-sabra");
    // Other groups untouched.
    assert_eq!(r.resolution.micro, Prf::new(14, 0, 0));
}

#[test]
fn splitting_one_merged_cluster_lowers_resolution_recall_by_its_pairs() {
    let gold = seeds_gold();
    let mut p = oracle(&gold);
    let assad = cid(&gold, "bashar-al-assad");
    let c = p.clusters.iter_mut().find(|c| c.id == assad).unwrap();
    assert_eq!(
        c.surfaces,
        [
            "Bashar Assad",
            "Bashar al-Assad",
            "Assad",
            "President Assad"
        ]
    );
    let moved = c.surfaces.split_off(2);
    p.clusters.push(Cluster {
        id: "person:assad".into(),
        entity_type: EntityType::Person,
        surfaces: moved,
    });
    for ids in p.documents.values_mut() {
        if ids.contains(&assad) {
            ids.push("person:assad".into());
        }
    }
    let r = score(&gold, &p);
    // "assad" leaves the pairs with "bashar assad" and "bashar al assad": tp 14 → 12, fn 2.
    // Recall 12/14 = 0.857, F1 24/26 = 0.923; persons 8/10.
    assert_eq!(r.resolution.micro, Prf::new(12, 0, 2));
    assert_eq!(format!("{:.3}", r.resolution.micro.recall), "0.857");
    assert_eq!(format!("{:.3}", r.resolution.micro.f1), "0.923");
    assert_eq!(r.resolution.per_type["person"], Prf::new(8, 0, 2));
    assert_eq!(r.findings.missed_merges.len(), 2);
    // Both halves map to Bashar al-Assad: the entity scores do not change (split reported).
    assert_eq!(r.entities.micro, Prf::new(63, 0, 0));
    assert_eq!(r.findings.duplicate_entities.len(), 2);
}

#[test]
fn merging_a_hard_negative_pair_costs_where_expected() {
    let gold = seeds_gold();
    let mut p = oracle(&gold);
    let (saeid, mansouri) = (
        cid(&gold, "saeid-masouri"),
        cid(&gold, "mohammad-ali-mansouri"),
    );
    merge(&mut p, &saeid, &mansouri);
    let r = score(&gold, &p);
    // Both hard-negative pairs of the two are merged; 2 forms × 1 form = 2 wrong pairs.
    assert_eq!(r.resolution.hard_negatives_merged, 2);
    assert_eq!(r.resolution.micro, Prf::new(14, 2, 0));
    // The merged cluster maps to Saeid Masouri (2 surfaces against 1): Mansouri is missed in
    // 000 and 002.
    assert_eq!(r.entities.micro, Prf::new(61, 0, 2));
    // Letters still found; Mansouri's 2 signatures lost: signer recall 18/20.
    assert_eq!(r.letters.found, 4);
    assert_eq!(format!("{:.3}", r.letters.signer_recall), "0.900");
    assert_eq!(r.letters.signer_precision, 1.0);
    // Mansouri's 10 pairs: 9 fold into Saeid's (weights doubled, so wrong), 1 becomes a
    // Saeid–Saeid pair (spurious): 46 predicted, 45 right, 10 missed, 36 exact.
    assert_eq!(r.cosignatures.pairs, Prf::new(45, 1, 10));
    assert_eq!(r.cosignatures.exact_weights, 36);
}
