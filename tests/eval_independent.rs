//! `eval`'s numbers against an independent scorer (`tests/eval_scorer.py`, standard-library
//! Python written from the README), on the seed gold and many damaged predictions.

mod eval_support;

use std::collections::BTreeMap;
use std::process::Command;

use entigraph::eval::{score, Gold, Prediction};
use eval_support::{damage, flat, merge, oracle, seeds_gold, write_json, Lcg};

/// Scores every prediction with the Python scorer.
fn python_scores(gold: &Gold, preds: &[Prediction]) -> Vec<BTreeMap<String, f64>> {
    let dir = tempfile::tempdir().unwrap();
    let gold_path = write_json(dir.path(), "gold.json", gold);
    let preds_path = write_json(dir.path(), "preds.json", &preds);
    let script = eval_support::manifest_dir().join("tests/eval_scorer.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&gold_path)
        .arg(&preds_path)
        .output()
        .expect("python3 runs (it is needed for this test)");
    assert!(
        out.status.success(),
        "eval_scorer.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the scorer prints JSON")
}

/// Asserts that both scorers agree to three decimals on every metric, for every prediction.
fn agree(gold: &Gold, preds: &[Prediction]) {
    let theirs = python_scores(gold, preds);
    assert_eq!(theirs.len(), preds.len());
    for (i, (p, t)) in preds.iter().zip(&theirs).enumerate() {
        let ours = flat(&score(gold, p));
        assert_eq!(
            ours.keys().collect::<Vec<_>>(),
            t.keys().collect::<Vec<_>>(),
            "prediction {i}: different metrics"
        );
        for (k, v) in &ours {
            assert_eq!(
                format!("{v:.3}"),
                format!("{:.3}", t[k]),
                "prediction {i}: {k} differs (eval {v}, independent {})\n{}",
                t[k],
                serde_json::to_string(p).unwrap()
            );
        }
    }
}

fn damaged(gold: &Gold, seeds: std::ops::Range<u64>) -> Vec<Prediction> {
    let mut preds = vec![oracle(gold), Prediction::default()];
    for seed in seeds {
        let mut rng = Lcg(seed);
        let mut p = oracle(gold);
        let n = 1 + rng.below(25);
        damage(&mut p, gold, &mut rng, n);
        preds.push(p);
    }
    preds
}

#[test]
fn eval_agrees_with_the_independent_scorer_on_the_seeds() {
    let gold = seeds_gold();
    let mut preds = damaged(&gold, 0..150);
    // A hard-negative merge on top of random damage.
    let mut p = preds[2].clone();
    let ids: Vec<String> = p.clusters.iter().map(|c| c.id.clone()).collect();
    if ids.contains(&"person:saeid-masouri".to_string())
        && ids.contains(&"person:mohammad-ali-mansouri".to_string())
    {
        merge(
            &mut p,
            "person:mohammad-ali-mansouri",
            "person:saeid-masouri",
        );
    }
    preds.push(p);
    // The damage does reach every metric group (or the comparison proves little).
    let reports: Vec<_> = preds.iter().map(|p| score(&gold, p)).collect();
    assert!(reports
        .iter()
        .any(|r| r.entities.micro.fp > 0 && r.entities.micro.fn_ > 0));
    assert!(reports.iter().any(|r| r.resolution.micro.fp > 0));
    assert!(reports.iter().any(|r| r.resolution.micro.fn_ > 0));
    assert!(reports
        .iter()
        .any(|r| r.resolution.hard_negatives_merged > 0));
    assert!(reports
        .iter()
        .any(|r| r.letters.spurious > 0 && r.letters.found < 4));
    assert!(reports.iter().any(|r| r.letters.signer_precision < 1.0));
    assert!(reports
        .iter()
        .any(|r| r.letters.dates_right < r.letters.found));
    assert!(reports
        .iter()
        .any(|r| r.cosignatures.exact_weights < r.cosignatures.pairs.tp));
    agree(&gold, &preds);
}

#[test]
fn eval_agrees_with_the_independent_scorer_without_listed_cosignatures() {
    // Pairs derived from the letters, and an entity matched by its name only.
    let mut gold = seeds_gold();
    gold.cosignatures = None;
    gold.entities[3].surfaces.clear();
    let preds = damaged(&gold, 1000..1040);
    agree(&gold, &preds);
}
