//! Issue 8: a matrix of bad inputs, one test each, with the expected message and exit code
//! (0 ok, 1 finished with input errors, 2 usage). One bad document never stops the others: most
//! cases put a good document beside the bad one and check that its names were still found.
//!
//! Cases already covered by `cli_errors.rs` (a bad slug in a gazetteer line, invalid UTF-8 and a
//! binary file together, an empty folder, a missing input, an unknown flag) are not repeated.
//!
//! Big inputs are smaller in debug builds (`cargo test`), where the pipeline runs ~10x slower:
//! the 100 MB line is 20 MB there and the 10 MB run of one letter 2 MB (`cargo test --release`
//! runs the full sizes).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_entigraph");
const MB: usize = 1024 * 1024;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Asserts the exit code and that stderr has `msg` (a `FILE:LINE: message` suffix).
    fn expect(&self, code: i32, msg: &str) -> &Run {
        assert_eq!(self.code, Some(code), "stderr:\n{}", self.stderr);
        assert!(
            self.stderr.contains(msg),
            "wanted {msg:?} in stderr:\n{}",
            self.stderr
        );
        self
    }

    /// The `(document, text)` of every mention printed by `extract`.
    fn mentions(&self) -> Vec<(String, String)> {
        self.stdout
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
                (
                    v["document"].as_str().unwrap().to_string(),
                    v["text"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    fn found(&self, doc: &str, text: &str) -> bool {
        self.mentions().iter().any(|(d, t)| d == doc && t == text)
    }
}

fn run_in(cwd: &Path, args: &[&str]) -> Run {
    Run::from(
        Command::new(EXE)
            .args(args)
            .current_dir(cwd)
            .stdin(Stdio::null())
            .output()
            .expect("entigraph runs"),
    )
}

/// A temporary folder with a small gazetteer (`gz/`, the shipped rule lists) and a corpus
/// folder `c/` holding one good document, `good.txt`.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let gz = dir.path().join("gz");
        std::fs::create_dir_all(&gz).unwrap();
        std::fs::write(
            gz.join("people.tsv"),
            "id\tname\taliases\tdescription\n\
             maryam-rajavi\tMaryam Rajavi\tRajavi\t\n\
             narges-mohammadi\tNarges Mohammadi\t\t\n",
        )
        .unwrap();
        std::fs::write(
            gz.join("cities.tsv"),
            "id\tname\taliases\tcountry\tpopulation\tambiguous\n\
             paris\tParis\t\tfrance\t2000000\t\n\
             tehran\tTehran\t\tiran\t8000000\t\n",
        )
        .unwrap();
        std::fs::write(
            gz.join("prisons.tsv"),
            "id\tname\taliases\tcity\tcountry\nevin-prison\tEvin Prison\tEvin\ttehran\tiran\n",
        )
        .unwrap();
        let c = dir.path().join("c");
        std::fs::create_dir_all(&c).unwrap();
        std::fs::write(
            c.join("good.txt"),
            "Narges Mohammadi wrote from Evin Prison.",
        )
        .unwrap();
        Fixture { dir }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    fn write(&self, p: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn gz_write(&self, file: &str, text: &str) {
        self.write(&format!("gz/{file}"), text);
    }

    fn run(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }

    /// `extract` over the inputs with the fixture's gazetteer.
    fn extract(&self, inputs: &[&str]) -> Run {
        let mut a = vec!["extract"];
        a.extend_from_slice(inputs);
        a.extend(["--gazetteer", "gz"]);
        self.run(&a)
    }

    /// `build` over the inputs into `out/`.
    fn build(&self, inputs: &[&str]) -> Run {
        let mut a = vec!["build"];
        a.extend_from_slice(inputs);
        a.extend(["--gazetteer", "gz", "--out", "out"]);
        self.run(&a)
    }

    /// The good document was processed.
    fn assert_good_found(&self, r: &Run) {
        assert!(
            r.found("good.txt", "Narges Mohammadi"),
            "the good document was not processed:\n{}\n{}",
            r.stdout,
            r.stderr
        );
    }
}

/// True when this process can read a file whose mode is 000 (root, or CAP_DAC_OVERRIDE): then
/// permission bits cannot make a file unreadable and the tests use another way.
fn permissions_are_ignored(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join("probe-000");
    std::fs::write(&p, "x").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&p).is_ok();
    std::fs::remove_file(&p).unwrap();
    readable
}

// ---------------------------------------------------------------- documents: encodings

#[test]
fn m01_binary_file_is_skipped_and_the_rest_processed() {
    let f = Fixture::new();
    let mut bin = b"Maryam Rajavi".to_vec();
    bin.extend([0u8, 1, 2, 3, 0xff, 0xd8]);
    f.write("c/photo.md", bin);
    let r = f.extract(&["c"]);
    r.expect(
        1,
        "c/photo.md: binary file (NUL bytes, no UTF-16 byte-order mark): skipped",
    );
    f.assert_good_found(&r);
    assert!(!r.mentions().iter().any(|(d, _)| d == "photo.md"));
}

#[test]
fn m02_invalid_utf8_is_reported_and_processed_with_replacement_characters() {
    let f = Fixture::new();
    f.write(
        "c/latin1.txt",
        b"Line one.\nCaf\xe9 talk, then Maryam Rajavi in Paris.\n",
    );
    let r = f.extract(&["c"]);
    r.expect(
        1,
        "c/latin1.txt:2: invalid UTF-8 at byte 13: processed with U+FFFD replacement characters",
    );
    // The rest of the document is processed (offsets refer to the decoded text).
    assert!(r.found("latin1.txt", "Maryam Rajavi"), "{}", r.stdout);
    assert!(r.found("latin1.txt", "Paris"));
    f.assert_good_found(&r);
}

fn utf16(s: &str, le: bool) -> Vec<u8> {
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in s.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[test]
fn m03_utf16_le_with_bom_is_decoded() {
    let f = Fixture::new();
    f.write(
        "c/u16le.txt",
        utf16("Maryam Rajavi visited Paris.\r\n", true),
    );
    let r = f.extract(&["c"]);
    r.expect(0, "");
    assert!(r.found("u16le.txt", "Maryam Rajavi"), "{}", r.stdout);
    assert!(r.found("u16le.txt", "Paris"));
}

#[test]
fn m04_utf16_be_with_bom_is_decoded() {
    let f = Fixture::new();
    f.write("c/u16be.txt", utf16("Narges Mohammadi, Tehran", false));
    let r = f.extract(&["c"]);
    r.expect(0, "");
    assert!(r.found("u16be.txt", "Tehran"), "{}", r.stdout);
}

#[test]
fn m05_broken_utf16_is_reported_and_processed() {
    let f = Fixture::new();
    // A lone high surrogate, then an odd trailing byte.
    let mut b = utf16("Maryam Rajavi ", true);
    b.extend([0x00, 0xD8, b'x', 0x00, 0x41]);
    f.write("c/bad16.txt", b);
    let r = f.extract(&["c"]);
    r.expect(
        1,
        "c/bad16.txt: invalid UTF-16: bad code units replaced with U+FFFD",
    );
    assert!(r.found("bad16.txt", "Maryam Rajavi"));
}

#[test]
fn m06_utf8_bom_is_dropped() {
    let f = Fixture::new();
    f.write("c/bom.txt", "\u{FEFF}Maryam Rajavi in Paris");
    let r = f.extract(&["c"]);
    r.expect(0, "");
    let v: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["document"] == "bom.txt")
        .collect();
    // Offsets are in the text without the BOM.
    assert_eq!(v[0]["start"], 0, "{v:?}");
    assert_eq!(v[0]["text"], "Maryam Rajavi");
}

/// Mentions of `text` found by `extract` in a one-document corpus, with their offsets checked
/// against the text.
fn mentions_of(text: &str) -> Vec<(String, String)> {
    let f = Fixture::new();
    std::fs::remove_file(f.path("c/good.txt")).unwrap();
    f.write("c/d.txt", text);
    let r = f.extract(&["c"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for l in r.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], v["text"].as_str().unwrap());
    }
    let mut m: Vec<(String, String)> = r
        .mentions()
        .into_iter()
        .map(|(_, t)| (t, String::new()))
        .collect();
    m.sort();
    m
}

#[test]
fn m07_crlf_line_ends_find_the_same_names_as_lf() {
    let lf = "Signed by political prisoners:\n\nOmid Kavian\nSina Daryani\n\nMaryam Rajavi spoke in Paris.\n";
    let crlf = lf.replace('\n', "\r\n");
    let a = mentions_of(lf);
    assert!(a.iter().any(|(t, _)| t == "Omid Kavian"), "{a:?}");
    assert_eq!(a, mentions_of(&crlf));
}

#[test]
fn m08_lone_cr_line_ends_find_the_same_names_as_lf() {
    let lf = "Maryam Rajavi spoke.\nNarges Mohammadi wrote from Evin Prison.\nIn Tehran.\n";
    let cr = lf.replace('\n', "\r");
    let a = mentions_of(lf);
    assert_eq!(a.len(), 4, "{a:?}");
    assert_eq!(a, mentions_of(&cr));
}

#[test]
fn m09_empty_file_is_an_empty_document() {
    let f = Fixture::new();
    f.write("c/empty.txt", "");
    f.write("c/blank.md", " \n\r\n\t\n");
    let r = f.build(&["c"]);
    r.expect(0, "");
    assert!(r.stdout.contains("3 documents"), "{}", r.stdout);
}

#[test]
fn m10_folder_without_text_files_has_no_documents() {
    let f = Fixture::new();
    std::fs::remove_file(f.path("c/good.txt")).unwrap();
    f.write("c/report.pdf", "%PDF-1.4");
    f.write("c/notes.docx", "PK");
    f.build(&["c"]).expect(
        1,
        "c: no documents found (folders are searched for *.txt and *.md; JSONL needs \"id\" and \"text\")",
    );
}

// ---------------------------------------------------------------- documents: sizes and shapes

/// One line of `mb` MiB: words separated by long runs of spaces, and a name at its very end.
fn long_line(mb: usize) -> Vec<u8> {
    let mut b = Vec::with_capacity(mb * MB);
    let block = [&[b' '; 4090][..], b"word"].concat();
    let tail = b" then Maryam Rajavi";
    while b.len() + block.len() + tail.len() <= mb * MB {
        b.extend_from_slice(&block);
    }
    b.extend_from_slice(tail);
    b
}

#[test]
fn m11_a_100_mb_single_line_is_processed_to_its_end() {
    let mb = if cfg!(debug_assertions) { 20 } else { 100 };
    let f = Fixture::new();
    f.write("c/line.txt", long_line(mb));
    let t = Instant::now();
    let r = f.extract(&["c"]);
    r.expect(0, "");
    assert!(
        r.found("line.txt", "Maryam Rajavi"),
        "name at the end not found"
    );
    f.assert_good_found(&r);
    eprintln!("{mb} MB line: {:.1} s", t.elapsed().as_secs_f64());
}

#[test]
fn m12_a_10_mb_run_of_one_character_finishes() {
    let mb = if cfg!(debug_assertions) { 2 } else { 10 };
    let f = Fixture::new();
    // One letter (the slowest case: one word of 10 MB), then one capital letter, then '-'.
    f.write("c/a.txt", "a".repeat(mb * MB) + " Paris");
    f.write("c/b.txt", "A".repeat(mb * MB) + " Paris");
    f.write("c/c.txt", "-".repeat(mb * MB) + " Paris");
    let t = Instant::now();
    let r = f.extract(&["c"]);
    r.expect(0, "");
    for d in ["a.txt", "b.txt", "c.txt"] {
        assert!(r.found(d, "Paris"), "{d}: {}", r.stdout);
    }
    eprintln!("3 x {mb} MB runs: {:.1} s", t.elapsed().as_secs_f64());
}

#[test]
fn m13_deeply_nested_folders_are_walked() {
    let f = Fixture::new();
    // 300 levels (the path is ~900 bytes, well under PATH_MAX).
    let deep: String = (0..300).map(|i| format!("{}/", i % 10)).collect();
    f.write(&format!("c/{deep}deep.txt"), "Maryam Rajavi");
    let r = f.extract(&["c"]);
    r.expect(0, "");
    assert!(r.found(&format!("{deep}deep.txt"), "Maryam Rajavi"));
    f.assert_good_found(&r);
}

#[test]
fn m14_symlink_loop_is_reported_once_and_skipped() {
    let f = Fixture::new();
    f.write("c/sub/a.txt", "Maryam Rajavi");
    std::os::unix::fs::symlink("..", f.path("c/sub/up")).unwrap();
    let r = f.extract(&["c"]);
    r.expect(1, "c/sub/up: symlink loop: folder already visited, skipped");
    assert!(r.found("sub/a.txt", "Maryam Rajavi"));
    f.assert_good_found(&r);
    assert_eq!(r.stderr.matches("symlink loop").count(), 1, "{}", r.stderr);
}

#[test]
fn m15_dangling_and_self_referencing_symlinks_are_reported() {
    let f = Fixture::new();
    std::os::unix::fs::symlink("gone.txt", f.path("c/dangling.txt")).unwrap();
    std::os::unix::fs::symlink("self.txt", f.path("c/self.txt")).unwrap();
    let r = f.extract(&["c"]);
    r.expect(1, "c/dangling.txt: cannot read: No such file or directory");
    r.expect(
        1,
        "c/self.txt: cannot read: Too many levels of symbolic links",
    );
    f.assert_good_found(&r);
}

#[test]
fn m16_unreadable_file_is_reported_and_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    if permissions_are_ignored(f.dir.path()) {
        // Running as root: mode 000 would still be readable. A path that goes through a file
        // cannot be read by anyone.
        eprintln!("running as root: an unreadable file is made as a link to a path under a file");
        f.write("plain", "x");
        std::os::unix::fs::symlink(f.path("plain/child.txt"), f.path("c/locked.txt")).unwrap();
        let r = f.extract(&["c"]);
        r.expect(1, "c/locked.txt: cannot read: Not a directory");
        f.assert_good_found(&r);
    } else {
        let p = f.write("c/locked.txt", "Maryam Rajavi");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
        let r = f.extract(&["c"]);
        r.expect(1, "c/locked.txt: cannot read: Permission denied");
        f.assert_good_found(&r);
    }
}

#[test]
fn m17_unreadable_folder_or_read_error_is_reported_and_skipped() {
    let f = Fixture::new();
    // /proc/self/mem: a regular file that every reader, root included, gets EIO from at offset 0.
    if Path::new("/proc/self/mem").exists() {
        std::os::unix::fs::symlink("/proc/self/mem", f.path("c/eio.txt")).unwrap();
        let r = f.extract(&["c"]);
        r.expect(1, "c/eio.txt: cannot read: Input/output error");
        f.assert_good_found(&r);
    } else {
        eprintln!("skipped: no /proc/self/mem on this system");
    }
}

#[test]
fn m18_file_that_vanishes_mid_run_is_reported_and_the_rest_processed() {
    // Deterministic: the first input is a named pipe, so the run blocks reading it after the
    // corpus has been listed; the test deletes a listed file, then feeds the pipe.
    let f = Fixture::new();
    f.write("c/vanish.txt", "Maryam Rajavi");
    let fifo = f.path("pipe.txt");
    let st = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(st.success());
    let child = Command::new(EXE)
        .args(["extract", "pipe.txt", "c", "--gazetteer", "gz"])
        .current_dir(f.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Opening the pipe for writing blocks until entigraph opens it for reading.
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    std::fs::remove_file(f.path("c/vanish.txt")).unwrap();
    w.write_all(b"Paris, from the pipe").unwrap();
    drop(w);
    let r = Run::from(child.wait_with_output().unwrap());
    r.expect(1, "c/vanish.txt: cannot read: No such file or directory");
    assert!(r.found("pipe.txt", "Paris"), "{}", r.stdout);
    f.assert_good_found(&r);
}

#[test]
fn m19_named_pipe_inside_a_folder_is_skipped_not_waited_for() {
    let f = Fixture::new();
    let st = Command::new("mkfifo")
        .arg(f.path("c/pipe.txt"))
        .status()
        .unwrap();
    assert!(st.success());
    let mut child = Command::new(EXE)
        .args(["extract", "c", "--gazetteer", "gz"])
        .current_dir(f.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if t.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("the run waits forever on a named pipe in the folder");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let r = Run::from(child.wait_with_output().unwrap());
    r.expect(
        1,
        "c/pipe.txt: not a regular file (named pipe, socket or device): skipped",
    );
    f.assert_good_found(&r);
}

#[test]
fn m20_missing_input_among_good_ones_is_a_usage_error_and_writes_nothing() {
    let f = Fixture::new();
    f.build(&["c", "missing.txt"]).expect(
        2,
        "entigraph: error: missing.txt: No such file or directory",
    );
    assert!(!f.path("out").exists());
}

#[test]
fn m21_file_names_that_are_not_utf8_get_lossy_ids() {
    use std::os::unix::ffi::OsStrExt;
    let f = Fixture::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(f.path("c").join(name), "Maryam Rajavi").unwrap();
    let r = f.extract(&["c"]);
    r.expect(0, "");
    assert!(r.found("caf\u{FFFD}.txt", "Maryam Rajavi"), "{}", r.stdout);
}

#[test]
fn m22_the_same_folder_twice_gives_suffixed_ids() {
    let f = Fixture::new();
    let r = f.extract(&["c", "c"]);
    r.expect(
        1,
        "c/good.txt: duplicate document id \"good.txt\"; kept as \"good.txt#2\"",
    );
    assert!(r.found("good.txt#2", "Narges Mohammadi"));
}

// ---------------------------------------------------------------- JSONL

const JSONL: &str = concat!(
    "{\"id\":\"a\",\"text\":\"Maryam Rajavi\",\"title\":\"T\"}\n",
    "{\"id\":\"b\",\"text\":\"broken\n",
    "{\"id\":\"c\"}\n",
    "{\"id\":7,\"text\":\"Paris\"}\n",
    "{\"id\":\"a\",\"text\":\"Tehran\"}\n",
    "[1,2]\n",
    "{\"id\":\"\",\"text\":\"x\"}\n",
    "{\"id\":\"d\",\"text\":null}\n",
    "\n",
    "{\"id\":\"e\",\"text\":\"Evin Prison\"}",
);

fn jsonl_run() -> (Fixture, Run) {
    let f = Fixture::new();
    f.write("docs.jsonl", JSONL);
    let r = f.extract(&["docs.jsonl", "c"]);
    (f, r)
}

#[test]
fn m23_jsonl_broken_line_is_skipped() {
    let (f, r) = jsonl_run();
    r.expect(1, "docs.jsonl:2: invalid JSON: ");
    r.expect(1, "; line skipped");
    assert!(r.found("a", "Maryam Rajavi"));
    // The last line has no newline and is still read.
    assert!(r.found("e", "Evin Prison"));
    f.assert_good_found(&r);
}

#[test]
fn m24_jsonl_missing_text_is_skipped() {
    let (_, r) = jsonl_run();
    r.expect(1, "docs.jsonl:3: missing \"text\"; line skipped");
    r.expect(
        1,
        "docs.jsonl:8: \"text\" must be a string, found null; line skipped",
    );
}

#[test]
fn m25_jsonl_non_string_id_is_skipped() {
    let (_, r) = jsonl_run();
    r.expect(
        1,
        "docs.jsonl:4: \"id\" must be a string, found a number; line skipped",
    );
    r.expect(1, "docs.jsonl:6: not a JSON object; line skipped");
    r.expect(1, "docs.jsonl:7: empty \"id\"; line skipped");
    assert!(!r.found("7", "Paris"));
}

#[test]
fn m26_jsonl_duplicate_ids_are_suffixed() {
    let (_, r) = jsonl_run();
    r.expect(
        1,
        "docs.jsonl:5: duplicate document id \"a\"; kept as \"a#2\"",
    );
    assert!(r.found("a#2", "Tehran"));
    // Exactly these 7 problems, one per bad line.
    assert!(
        r.stderr.contains("7 input problem(s) reported"),
        "{}",
        r.stderr
    );
}

#[test]
fn m27_jsonl_on_stdin_reports_lines_of_dash() {
    let f = Fixture::new();
    let mut child = Command::new(EXE)
        .args(["extract", "-", "--gazetteer", "gz"])
        .current_dir(f.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\":\"s\",\"text\":\"Paris\"}\n{oops}\n")
        .unwrap();
    let r = Run::from(child.wait_with_output().unwrap());
    r.expect(1, "-:2: invalid JSON");
    assert!(r.found("s", "Paris"));
}

// ---------------------------------------------------------------- gazetteer

#[test]
fn m28_gazetteer_line_with_a_missing_column_is_skipped() {
    let f = Fixture::new();
    f.gz_write(
        "people.tsv",
        "id\tname\taliases\tdescription\nmaryam-rajavi Maryam Rajavi\nnarges-mohammadi\tNarges Mohammadi\t\t\n",
    );
    let r = f.extract(&["c"]);
    r.expect(
        1,
        "gz/people.tsv:2: 1 field(s) but the header has 4 columns (is the separator a tab?); line skipped",
    );
    f.assert_good_found(&r);
}

#[test]
fn m29_gazetteer_bad_header_skips_the_file() {
    let f = Fixture::new();
    f.gz_write("cities.tsv", "name\tid\taliases\nParis\tparis\t\n");
    let r = f.extract(&["c"]);
    r.expect(1, "gz/cities.tsv:1: bad header \"name\\tid\\taliases\": expected tab-separated columns starting with id, name, aliases (missing: id first); file skipped");
    f.assert_good_found(&r);
    // A header without the aliases column.
    f.gz_write("cities.tsv", "id\tname\nparis\tParis\n");
    f.extract(&["c"])
        .expect(1, "gz/cities.tsv:1: bad header \"id\\tname\": expected tab-separated columns starting with id, name, aliases (missing: aliases); file skipped");
}

#[test]
fn m30_gazetteer_duplicate_ids_keep_the_first() {
    let f = Fixture::new();
    f.gz_write(
        "cities.tsv",
        "id\tname\taliases\tcountry\tpopulation\tambiguous\nevin-prison\tEvin Town\t\t\t\t\n",
    );
    let r = f.extract(&["c"]);
    r.expect(1, "gz/cities.tsv:2: duplicate id \"evin-prison\" (first defined at gz/prisons.tsv:2); line skipped");
    assert!(r.found("good.txt", "Evin Prison"));
}

#[test]
fn m31_gazetteer_empty_name_is_skipped() {
    let f = Fixture::new();
    f.gz_write(
        "people.tsv",
        "id\tname\taliases\tdescription\nnobody\t \tAlias\t\nnarges-mohammadi\tNarges Mohammadi\t\t\n",
    );
    let r = f.extract(&["c"]);
    r.expect(
        1,
        "gz/people.tsv:2: entry \"nobody\" has an empty name; line skipped",
    );
    f.assert_good_found(&r);
}

#[test]
fn m32_alias_shared_across_types_is_kept_for_the_first() {
    let f = Fixture::new();
    f.gz_write(
        "cities.tsv",
        "id\tname\taliases\tcountry\tpopulation\tambiguous\nevin\tEvin Town\tEvin\tiran\t10\t\n",
    );
    let r = f.extract(&["c"]);
    r.expect(
        1,
        "\"Evin\" of \"evin\" is already a name of \"evin-prison\" (gz/prisons.tsv:2); kept for the first",
    );
    f.assert_good_found(&r);
}

#[test]
fn m33_gazetteer_in_latin1_is_reported_not_fatal() {
    let f = Fixture::new();
    f.write(
        "gz/people.tsv",
        b"id\tname\taliases\tdescription\nnarges-mohammadi\tNarges Mohammadi\tNarg\xe8s\t\n",
    );
    let r = f.extract(&["c"]);
    r.expect(
        1,
        "gz/people.tsv:2: invalid UTF-8 at byte 66: processed with U+FFFD replacement characters",
    );
    f.assert_good_found(&r);
}

#[test]
fn m34_gazetteer_saved_as_utf16_crlf_by_excel_is_read() {
    let f = Fixture::new();
    f.write(
        "gz/people.tsv",
        utf16(
            "id\tname\taliases\tdescription\r\nnarges-mohammadi\tNarges Mohammadi\t\t\r\n",
            true,
        ),
    );
    let r = f.extract(&["c"]);
    r.expect(0, "");
    f.assert_good_found(&r);
}

#[test]
fn m35_bad_rule_line_is_reported() {
    let f = Fixture::new();
    f.write("gz/rules/months.tsv", "january\t1\nfebruary\n");
    let r = f.extract(&["c"]);
    r.expect(
        1,
        "gz/rules/months.tsv:2: expected: name<TAB>number; line skipped",
    );
    f.assert_good_found(&r);
}

#[test]
fn m36_gazetteer_folder_missing_or_a_file_is_a_usage_error() {
    let f = Fixture::new();
    f.run(&["extract", "c", "--gazetteer", "nogz"])
        .expect(2, "entigraph: error: nogz: gazetteer folder not found");
    f.run(&["extract", "c", "--gazetteer", "c/good.txt"])
        .expect(2, "c/good.txt: gazetteer folder not found");
}

// ---------------------------------------------------------------- output and arguments

#[test]
fn m37_output_path_that_is_a_file_is_a_usage_error() {
    let f = Fixture::new();
    f.write("out", "not a folder");
    f.build(&["c"]).expect(
        2,
        "entigraph: error: out: the output path exists and is not a directory",
    );
    assert_eq!(std::fs::read(f.path("out")).unwrap(), b"not a folder");
}

#[test]
fn m38_output_folder_that_is_not_writable_is_a_usage_error() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    if permissions_are_ignored(f.dir.path()) {
        eprintln!(
            "running as root: the output folder is made unwritable by putting it under a file"
        );
        f.write("plain", "x");
        f.run(&["build", "c", "--gazetteer", "gz", "--out", "plain/out"])
            .expect(2, "entigraph: error: plain/out: Not a directory");
    } else {
        let ro = f.path("ro");
        std::fs::create_dir_all(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        f.run(&["build", "c", "--gazetteer", "gz", "--out", "ro/out"])
            .expect(2, "entigraph: error: ro/out: Permission denied");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn m39_bad_format_and_zero_jobs() {
    let f = Fixture::new();
    f.run(&["build", "c", "--gazetteer", "gz", "--format", "pdf"])
        .expect(2, "invalid value 'pdf' for '--format");
    // --jobs 0 means one worker.
    let r = f.run(&["extract", "c", "--gazetteer", "gz", "--jobs", "0"]);
    r.expect(0, "");
    f.assert_good_found(&r);
}

#[test]
fn m40_many_bad_documents_do_not_stop_the_good_ones() {
    let f = Fixture::new();
    for i in 0..20 {
        f.write(&format!("c/bin{i:02}.txt"), [0u8, 1, 2]);
        f.write(&format!("c/bad{i:02}.txt"), b"Tehran \xc3\x28 Paris");
        f.write(&format!("c/ok{i:02}.txt"), format!("Maryam Rajavi {i}"));
    }
    let r = f.build(&["c"]);
    // 20 binary files skipped; 20 invalid texts reported and processed; 20 + 1 good ones.
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr.matches(": binary file").count(),
        20,
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.matches(": invalid UTF-8").count(), 20);
    assert!(r.stdout.contains("41 documents"), "{}", r.stdout);
}

#[test]
fn m41_document_over_the_size_limit_is_skipped() {
    let f = Fixture::new();
    // A sparse file: 257 MiB long, no disk space used, and never read (its size is checked).
    let p = f.path("c/huge.txt");
    std::fs::File::create(&p)
        .unwrap()
        .set_len(257 << 20)
        .unwrap();
    let r = f.extract(&["c"]);
    r.expect(
        1,
        "c/huge.txt: larger than 256 MiB, the limit for one document: skipped",
    );
    f.assert_good_found(&r);
}

#[test]
fn m42_conflicting_overrides_are_reported_with_their_lines() {
    let f = Fixture::new();
    f.write("c/two.txt", "Maryam Rajavi met Narges Mohammadi in Paris.");
    f.gz_write(
        "overrides.tsv",
        "relation\ta\tb\tnote\n\
         same\tmaryam-rajavi\tNarges Mohammadi\tone person\n\
         different\tMaryam Rajavi\tperson:narges-mohammadi\ttwo people\n",
    );
    let r = f.build(&["c"]);
    r.expect(1, "gz/overrides.tsv:3: `different Maryam Rajavi / person:narges-mohammadi` contradicts `same` at gz/overrides.tsv:2");
    assert!(r.stdout.contains("2 documents"), "{}", r.stdout);
}

#[test]
fn m43_malformed_overrides_line_is_reported_and_the_file_ignored() {
    let f = Fixture::new();
    f.gz_write(
        "overrides.tsv",
        "relation\ta\tb\nmaybe\tMaryam Rajavi\tRajavi\n",
    );
    let r = f.build(&["c"]);
    r.expect(
        1,
        "gz/overrides.tsv:2: relation must be `same` or `different`, not `maybe`; overrides.tsv ignored",
    );
    assert!(r.stdout.contains("1 documents"), "{}", r.stdout);
}
