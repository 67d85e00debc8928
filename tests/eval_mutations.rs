//! Mutations of the real pipeline on the seeds move `eval`'s numbers in the expected direction
//! by the expected amount: removing one gold entity's gazetteer entry (no rule finds it
//! either) loses exactly that entity; splitting one merged entity with an override loses
//! exactly its pair in resolution and nothing else.

use std::path::{Path, PathBuf};

use entigraph::corpus::Corpus;
use entigraph::eval::{load_gold, score, Prediction};
use entigraph::gazetteer::Gazetteer;
use entigraph::pipeline;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let t = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &t);
        } else {
            std::fs::copy(&p, &t).unwrap();
        }
    }
}

fn report(gazetteer: &Path) -> serde_json::Value {
    let mut diags = Vec::new();
    let gaz = Gazetteer::load(gazetteer, &mut diags).unwrap();
    let corpus = Corpus::open(&[root().join("seeds")], &mut diags).unwrap();
    let a = pipeline::analyse(&corpus, &gaz, diags, &|_, _| {}).unwrap();
    let g = entigraph::graph::build_graph(&a, &gaz);
    let gold = load_gold(&root().join("tests/data/seeds.gold.json")).unwrap();
    serde_json::to_value(score(&gold, &Prediction::from_graph(&g))).unwrap()
}

fn n(v: &serde_json::Value) -> u64 {
    v.as_u64().unwrap()
}

#[test]
fn removing_a_gazetteer_entry_loses_exactly_that_entity() {
    let base = report(&root().join("gazetteer"));
    let tmp = tempfile::tempdir().unwrap();
    let gz = tmp.path().join("gazetteer");
    copy_dir(&root().join("gazetteer"), &gz);
    // "Iran Focus" (a news site, required in document 004) is known only to the gazetteer.
    let orgs = gz.join("organizations.tsv");
    let text = std::fs::read_to_string(&orgs).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("iran-focus\t"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(kept.lines().count() + 1, text.lines().count());
    std::fs::write(&orgs, kept).unwrap();
    let cut = report(&gz);
    let (b, c) = (
        &base["entities"]["per_type"]["organization"],
        &cut["entities"]["per_type"]["organization"],
    );
    assert_eq!(n(&c["tp"]), n(&b["tp"]) - 1);
    assert_eq!(n(&c["fn"]), n(&b["fn"]) + 1);
    assert_eq!(n(&c["fp"]), n(&b["fp"]));
    let (bm, cm) = (&base["entities"]["micro"], &cut["entities"]["micro"]);
    assert_eq!(n(&cm["tp"]), n(&bm["tp"]) - 1);
    // Recall 63/63 -> 62/63.
    let expected = n(&cm["tp"]) as f64 / (n(&cm["tp"]) + n(&cm["fn"])) as f64;
    assert!((cm["recall"].as_f64().unwrap() - expected).abs() < 1e-9);
    assert!((cm["recall"].as_f64().unwrap() - 62.0 / 63.0).abs() < 1e-9);
    // Nothing else moves.
    assert_eq!(base["resolution"], cut["resolution"]);
    assert_eq!(base["letters"], cut["letters"]);
}

#[test]
fn splitting_a_merged_entity_loses_exactly_its_pair() {
    let base = report(&root().join("gazetteer"));
    let tmp = tempfile::tempdir().unwrap();
    let gz = tmp.path().join("gazetteer");
    copy_dir(&root().join("gazetteer"), &gz);
    std::fs::write(
        gz.join("overrides.tsv"),
        "relation\ta\tb\tnote\ndifferent\tSaeid Masouri\tSaeid Massouri\tmutation test\n",
    )
    .unwrap();
    let cut = report(&gz);
    let (b, c) = (
        &base["resolution"]["per_type"]["person"],
        &cut["resolution"]["per_type"]["person"],
    );
    assert_eq!(n(&c["tp"]), n(&b["tp"]) - 1);
    assert_eq!(n(&c["fn"]), n(&b["fn"]) + 1);
    assert_eq!(n(&c["fp"]), n(&b["fp"]));
    // 10 of 10 person pairs -> 9 of 10.
    assert!((c["recall"].as_f64().unwrap() - 0.9).abs() < 1e-9);
    // Each document's cluster still names the right person.
    assert_eq!(base["entities"], cut["entities"]);
}
