//! The committed `output/` is the default run's export: a fresh build of `seeds/` with
//! `gazetteer/` gives the same bytes (`manifest.json` too), whatever the number of threads, run
//! after run. The build's lock file (`.entigraph.lock`, empty, git-ignored) is not compared.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.ends_with(".entigraph.lock"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

fn build(out: &Path, jobs: &str) {
    let o = Command::new(env!("CARGO_BIN_EXE_entigraph"))
        .args([
            "build",
            "seeds",
            "--gazetteer",
            "gazetteer",
            "--quiet",
            "--jobs",
            jobs,
            "--out",
        ])
        .arg(out)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn committed_output_equals_a_fresh_build_and_runs_repeat() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    build(&a, "1");
    build(&b, "2");
    let fa = files(&a);
    let fb = files(&b);
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(
            bytes == &fb[name],
            "{name} differs between two runs (1 and 2 threads)"
        );
    }
    let committed = files(&root().join("output"));
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        fa.keys().collect::<Vec<_>>(),
        "output/ holds other files than a build writes"
    );
    for (name, bytes) in &fa {
        assert!(
            bytes == &committed[name],
            "output/{name} is not what a fresh build writes: run `cargo run --release` and commit output/"
        );
    }
}
