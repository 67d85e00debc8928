//! `entigraph map` and `build --partials`: partials in any number and order of shards, alone or
//! beside new documents, build the bytes of a plain build of the same documents (every export;
//! `manifest.json` lists the same files, its input digest names the files read); partials of
//! another gazetteer or format are refused naming the file (exit 2); a malformed line is
//! reported with its file and line (exit 1). Also: a plain build does not depend on the order
//! of the JSONL lines.
//!
//! The corpus: the seeds and documents made of their paragraphs in other orders (so that
//! letters are quoted by several documents and names propagate between them), as JSONL lines
//! whose ids are not in order. `scripts/check_partials.py` runs the same checks on the 10 MB
//! synthetic corpus in CI.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], paths: &[&Path]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_entigraph"));
    c.args(args).args(paths).current_dir(root());
    c.output().unwrap()
}

fn ok(o: &Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The JSONL lines of the test corpus: 5 seeds and 10 documents of their paragraphs.
fn corpus_lines() -> Vec<String> {
    let mut texts: Vec<(String, String)> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let id = p.file_name().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    texts.sort();
    let paragraphs: Vec<&str> = texts
        .iter()
        .flat_map(|(_, t)| t.split("\n\n"))
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut lines: Vec<String> = Vec::new();
    for k in 0..10 {
        // Every 3rd paragraph from the k-th, in reverse order.
        let mut part: Vec<&str> = paragraphs.iter().skip(k).step_by(3).copied().collect();
        part.reverse();
        let id = format!("mix-{:02}", (k * 7) % 10);
        lines.push(serde_json::json!({"id": id, "text": part.join("\n\n")}).to_string());
    }
    for (id, text) in texts.iter().rev() {
        lines.push(serde_json::json!({"id": id, "text": text}).to_string());
    }
    lines
}

fn write_lines(path: &Path, lines: &[String]) {
    let mut s = lines.join("\n");
    s.push('\n');
    std::fs::write(path, s).unwrap();
}

/// The files of an output folder, `manifest.json` as its list of files.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name == ".entigraph.lock" {
            continue;
        }
        let mut bytes = std::fs::read(&p).unwrap();
        if name == "manifest.json" {
            let m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            bytes = m["files"].to_string().into_bytes();
        }
        out.insert(name, bytes);
    }
    out
}

fn assert_same(plain: &Path, other: &Path, what: &str) {
    let (a, b) = (files(plain), files(other));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a.len() >= 12, "{a:?}");
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{what}: {name} differs from a plain build"
        );
    }
}

fn build(out: &Path, partials: &[&Path], inputs: &[&Path]) -> Output {
    let mut args: Vec<&Path> = inputs.to_vec();
    let flag = Path::new("--partials");
    if !partials.is_empty() {
        args.push(flag);
        args.extend(partials);
    }
    let out_flag = Path::new("--out");
    args.extend([out_flag, out]);
    run(&["build", "--quiet", "--gazetteer", "gazetteer"], &args)
}

fn map(input: &Path, out: &Path, gazetteer: &Path) -> Output {
    run(
        &["map"],
        &[
            input,
            Path::new("--gazetteer"),
            gazetteer,
            Path::new("-o"),
            out,
        ],
    )
}

#[test]
fn shards_in_any_number_and_order_build_the_bytes_of_a_plain_build() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let lines = corpus_lines();
    let all = t.join("all.jsonl");
    write_lines(&all, &lines);
    ok(&build(&t.join("plain"), &[], &[&all]));
    for n in [1, 3, 7] {
        let mut partials = Vec::new();
        for i in 0..n {
            let shard: Vec<String> = lines.iter().skip(i).step_by(n).cloned().collect();
            let input = t.join(format!("s{n}-{i}.jsonl"));
            write_lines(&input, &shard);
            let p = t.join(format!("s{n}-{i}.partials"));
            ok(&map(&input, &p, Path::new("gazetteer")));
            partials.push(p);
        }
        // Shards in reverse order, the first two concatenated into one file.
        partials.reverse();
        if n > 1 {
            let mut joined = std::fs::read(&partials[0]).unwrap();
            joined.extend(std::fs::read(&partials[1]).unwrap());
            std::fs::write(&partials[1], joined).unwrap();
            partials.remove(0);
        }
        let out = t.join(format!("out{n}"));
        let refs: Vec<&Path> = partials.iter().map(PathBuf::as_path).collect();
        ok(&build(&out, &refs, &[]));
        assert_same(&t.join("plain"), &out, &format!("{n} shards"));
    }
}

#[test]
fn old_partials_and_new_documents_build_the_bytes_of_a_plain_build() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let lines = corpus_lines();
    let (old, new) = (t.join("old.jsonl"), t.join("new.jsonl"));
    write_lines(&old, &lines[..9]);
    write_lines(&new, &lines[9..]);
    let all = t.join("all.jsonl");
    write_lines(&all, &lines);
    ok(&build(&t.join("plain"), &[], &[&all]));
    let p = t.join("old.partials");
    ok(&map(&old, &p, Path::new("gazetteer")));
    ok(&build(&t.join("incremental"), &[&p], &[&new]));
    assert_same(
        &t.join("plain"),
        &t.join("incremental"),
        "old partials + new",
    );
}

#[test]
fn a_plain_build_does_not_depend_on_the_order_of_jsonl_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let mut lines = corpus_lines();
    let a = t.join("a.jsonl");
    write_lines(&a, &lines);
    lines.rotate_left(4);
    lines.swap(0, 7);
    let b = t.join("b.jsonl");
    write_lines(&b, &lines);
    ok(&build(&t.join("a"), &[], &[&a]));
    ok(&build(&t.join("b"), &[], &[&b]));
    assert_same(&t.join("a"), &t.join("b"), "shuffled lines");
}

#[test]
fn the_seeds_from_partials_equal_the_committed_output() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("seeds.partials");
    // To standard output, as a streaming mapper writes.
    let o = run(&["map", "seeds"], &[]);
    ok(&o);
    std::fs::write(&p, &o.stdout).unwrap();
    let out = tmp.path().join("out");
    ok(&build(&out, &[&p], &[]));
    assert_same(&root().join("output"), &out, "seeds from partials");
}

#[test]
fn partials_of_another_gazetteer_are_refused_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // The shipped gazetteer with one more word in a rule list.
    let gaz = t.join("gaz");
    copy_dir(&root().join("gazetteer"), &gaz);
    let rules = gaz.join("rules").join("titles.txt");
    let mut words = std::fs::read_to_string(&rules).unwrap();
    words.push_str("\nvizier\n");
    std::fs::write(&rules, words).unwrap();
    let p = t.join("other.partials");
    ok(&map(&root().join("seeds"), &p, &gaz));
    let o = build(&t.join("out"), &[&p], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{}:1:", p.display())), "{err}");
    assert!(err.contains("another gazetteer"), "{err}");
    assert!(!t.join("out").join("graph.json").exists());
}

#[test]
fn partials_of_another_format_are_refused_and_bad_lines_reported_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let p = t.join("seeds.partials");
    ok(&map(&root().join("seeds"), &p, Path::new("gazetteer")));
    let text = std::fs::read_to_string(&p).unwrap();
    let other = t.join("v2.partials");
    std::fs::write(
        &other,
        text.replace("entigraph-partials/1", "entigraph-partials/2"),
    )
    .unwrap();
    let o = build(&t.join("v2"), &[&other], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{}:1:", other.display())), "{err}");
    assert!(err.contains("entigraph-partials/2"), "{err}");

    // The third line cut short, a fourth that is no partial: both reported, the rest built.
    let mut lines: Vec<&str> = text.lines().collect();
    let cut = &lines[2][..lines[2].len() / 2];
    lines[2] = cut;
    lines.insert(3, "{\"id\":\"x\",\"text\":\"a document, not a partial\"}");
    let bad = t.join("bad.partials");
    std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
    let o = build(&t.join("bad"), &[&bad], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("{}:3: malformed partial", bad.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:4: malformed partial", bad.display())),
        "{err}"
    );
    let g: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.join("bad").join("graph.json")).unwrap()).unwrap();
    assert!(g["nodes"].as_array().is_some_and(|n| !n.is_empty()));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}
