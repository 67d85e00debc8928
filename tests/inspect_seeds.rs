//! `entigraph inspect` on the committed export of the seeds: names resolve as the build
//! resolves them, and the co-signature counts are the letters signed together.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn inspect(args: &[&str]) -> serde_json::Value {
    let o = Command::new(env!("CARGO_BIN_EXE_entigraph"))
        .args(["inspect", "--out", "output", "--json"])
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn cosigners_of_saeid_masouri_by_another_spelling() {
    let v = inspect(&["cosigners", "Saeid Massouri"]);
    let rows = v["cosigners"].as_array().unwrap();
    let together: BTreeMap<String, u64> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["letters_together"].as_f64().unwrap() as u64,
            )
        })
        .collect();
    // 10 co-signers: the 5 who also signed the Rajaee Shahr letter with him twice, the others once.
    assert_eq!(together.len(), 10, "{together:?}");
    assert_eq!(
        together.values().filter(|&&n| n == 2).count(),
        5,
        "{together:?}"
    );
    assert_eq!(
        together.values().filter(|&&n| n == 1).count(),
        5,
        "{together:?}"
    );
    for (id, n) in &together {
        let letters = rows.iter().find(|r| r["id"] == id.as_str()).unwrap()["letters"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(letters as u64, *n, "{id}");
    }
    // Mohammad Ali Mansouri is a co-signer, not the same person.
    assert_eq!(together.get("person:mohammad-ali-mansouri"), Some(&2));
}

#[test]
fn unknown_name_is_an_error_with_candidates() {
    let o = Command::new(env!("CARGO_BIN_EXE_entigraph"))
        .args(["inspect", "--out", "output", "cosigners", "Nobody Atall"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Nobody Atall"));
}
