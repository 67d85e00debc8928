//! Bad input on the command line: a clear message naming the file (and line), the rest of the
//! corpus still processed, and the documented exit codes (0 ok, 1 input errors, 2 usage).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn entigraph(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entigraph"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("entigraph runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of the shipped gazetteer in `dir/gazetteer`.
fn copy_gazetteer(dir: &Path) -> PathBuf {
    let gz = dir.join("gazetteer");
    copy_dir(&root().join("gazetteer"), &gz);
    gz
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

fn corpus(dir: &Path) -> PathBuf {
    let c = dir.join("corpus");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(
        c.join("a.txt"),
        "Signed by political prisoners:\n\nOmid Kavian\nSina Daryani\n\n3 May 2019\n",
    )
    .unwrap();
    std::fs::write(c.join("b.txt"), "Maryam Rajavi spoke in Paris.").unwrap();
    c
}

#[test]
fn malformed_gazetteer_line_names_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let gz = copy_gazetteer(tmp.path());
    let people = gz.join("people.tsv");
    let text = std::fs::read_to_string(&people).unwrap();
    let header_line = text.lines().position(|l| l.starts_with("id\t")).unwrap() + 1;
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    out.insert(header_line, "Not A Slug\tSomeone\t".into());
    std::fs::write(&people, out.join("\n") + "\n").unwrap();
    let c = corpus(tmp.path());
    let o = entigraph(
        &[
            "build",
            c.to_str().unwrap(),
            "--gazetteer",
            gz.to_str().unwrap(),
            "--out",
            "out",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let want = format!(
        "people.tsv:{}: id \"Not A Slug\" is not a slug",
        header_line + 1
    );
    assert!(err.contains(&want), "{err}");
    // The rest was processed.
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("2 documents"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn non_utf8_document_is_reported_and_the_others_processed() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(tmp.path());
    std::fs::write(
        c.join("c.txt"),
        b"First line.\nBad \xff byte on line two.\n",
    )
    .unwrap();
    std::fs::write(c.join("d.txt"), b"\x00\x01\x02binary").unwrap();
    let gz = root().join("gazetteer");
    let o = entigraph(
        &[
            "build",
            c.to_str().unwrap(),
            "--gazetteer",
            gz.to_str().unwrap(),
            "--out",
            "out",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("c.txt:2: invalid UTF-8"), "{err}");
    assert!(err.contains("d.txt: binary file"), "{err}");
    // a, b and c (decoded with replacement characters) are processed; d is skipped.
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("3 documents"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn empty_corpus_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("empty")).unwrap();
    let gz = root().join("gazetteer");
    let o = entigraph(
        &[
            "build",
            "empty",
            "--gazetteer",
            gz.to_str().unwrap(),
            "--out",
            "out",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("empty: no documents found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_input_path_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let gz = root().join("gazetteer");
    let o = entigraph(
        &[
            "build",
            "nowhere",
            "--gazetteer",
            gz.to_str().unwrap(),
            "--out",
            "out",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nowhere: No such file or directory"),
        "{}",
        stderr(&o)
    );
    let o = entigraph(
        &["extract", "nowhere", "--gazetteer", gz.to_str().unwrap()],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let o = entigraph(&["build", "--no-such-flag"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn extract_streams_mentions_with_exact_offsets() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(tmp.path());
    let gz = root().join("gazetteer");
    let o = entigraph(
        &[
            "extract",
            c.to_str().unwrap(),
            "--gazetteer",
            gz.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let mut seen = Vec::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = std::fs::read_to_string(c.join(v["document"].as_str().unwrap())).unwrap();
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&doc[s..e], v["text"].as_str().unwrap());
        seen.push((
            v["text"].as_str().unwrap().to_string(),
            v["entity_type"].as_str().unwrap().to_string(),
            v["rule"].as_str().unwrap().to_string(),
            v["entity"].clone(),
        ));
    }
    assert!(
        seen.contains(&(
            "Omid Kavian".into(),
            "person".into(),
            "signature_block".into(),
            serde_json::Value::Null
        )),
        "{seen:?}"
    );
    assert!(
        seen.contains(&(
            "Paris".into(),
            "city".into(),
            "gazetteer".into(),
            serde_json::json!("city:paris")
        )),
        "{seen:?}"
    );
    assert!(
        seen.contains(&(
            "Maryam Rajavi".into(),
            "person".into(),
            "gazetteer".into(),
            serde_json::json!("person:maryam-rajavi")
        )),
        "{seen:?}"
    );
}
