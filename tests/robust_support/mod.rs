//! What the robustness tests share: a corpus of replicated seeds, a build started as a child
//! process, and the files of an output folder.

#![allow(dead_code)] // each test file uses a part

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const EXE: &str = env!("CARGO_BIN_EXE_entigraph");

/// The files a complete build writes (besides the lock file).
pub const EXPORTS: &[&str] = &[
    "graph.graphml",
    "cosigners.graphml",
    "graph.gexf",
    "graph.json",
    "cosigners.json",
    "entities.csv",
    "edges.csv",
    "letters.csv",
    "mentions.csv",
    "neo4j_nodes.csv",
    "neo4j_relationships.csv",
    "index.html",
    "manifest.json",
];

/// The lock file every build leaves (empty).
pub const LOCK: &str = ".entigraph.lock";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `n` documents, each a seed article (in turn) with a line of its own at the end; `salt`
/// changes that line, so two corpora with different salts build different graphs' files.
pub fn make_corpus(dir: &Path, n: usize, salt: &str) {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    let texts: Vec<String> = seeds
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let t = format!("{}\n\nCopy {i}{salt}.\n", texts[i % texts.len()]);
        std::fs::write(dir.join(format!("doc{i:05}.txt")), t).unwrap();
    }
}

/// `entigraph build CORPUS --out OUT --quiet` with the repository's gazetteer, stderr piped.
pub fn build_command(corpus: &Path, out: &Path) -> Command {
    let mut c = Command::new(EXE);
    c.arg("build")
        .arg(corpus)
        .arg("--gazetteer")
        .arg(root().join("gazetteer"))
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

pub fn start_build(corpus: &Path, out: &Path) -> Child {
    build_command(corpus, out).spawn().unwrap()
}

/// Runs a build to its end: exit code and stderr.
pub fn run_build(corpus: &Path, out: &Path) -> (Option<i32>, String) {
    let o = build_command(corpus, out).output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Waits for a started build: exit code and stderr.
pub fn finish(child: Child) -> (Option<i32>, String) {
    let o = child.wait_with_output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The names of entigraph's temporary files in `out`.
pub fn temps(out: &Path) -> BTreeSet<String> {
    std::fs::read_dir(out)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".entigraph-") && n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

/// Every file of `out` (hidden ones too) with its bytes.
pub fn listing(out: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, bytes)
        })
        .collect()
}

/// Asserts that `out` holds exactly the files of `clean`, with the same bytes.
pub fn assert_same_folder(out: &Path, clean: &BTreeMap<String, Vec<u8>>, what: &str) {
    let now = listing(out);
    assert_eq!(
        now.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "{what}: the folder does not hold the files of a clean export"
    );
    for (name, bytes) in clean {
        assert!(
            now[name] == *bytes,
            "{what}: {name} differs from the clean export ({} vs {} bytes)",
            now[name].len(),
            bytes.len()
        );
    }
}

/// Polls every millisecond until `out` has a temporary file not in `before` (the build's
/// writers have started) or the build ended; true in the first case.
pub fn wait_for_writers(child: &mut Child, out: &Path, before: &BTreeSet<String>) -> bool {
    loop {
        if temps(out).difference(before).next().is_some() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A build timed: its duration and the moment its first temporary file appeared.
pub struct Timed {
    pub total: Duration,
    pub write_start: Duration,
}

impl Timed {
    /// The write phase: from the first temporary file to the exit.
    pub fn write_phase(&self) -> Duration {
        self.total - self.write_start
    }
}

/// Runs a build that must succeed, timing it (see [`Timed`]).
pub fn timed_build(corpus: &Path, out: &Path) -> Timed {
    let t0 = Instant::now();
    let mut child = start_build(corpus, out);
    let before = temps(out);
    let mut write_start = None;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if write_start.is_none() && temps(out).difference(&before).next().is_some() {
            write_start = Some(t0.elapsed());
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let total = t0.elapsed();
    let (_, stderr) = finish(child);
    assert!(status.success(), "the build failed: {status}\n{stderr}");
    Timed {
        total,
        write_start: write_start.unwrap_or(total * 9 / 10),
    }
}

/// Sends `signal` to a child process.
pub fn signal(child: &Child, signal: i32) {
    // SAFETY: kill(2) on the pid of a child that has not been waited for.
    let r = unsafe { libc::kill(child.id() as libc::pid_t, signal) };
    assert_eq!(r, 0, "kill failed");
}

/// Documents of the "large" corpus: a few MB of exports in debug builds (where the pipeline is
/// ~8x slower), ~40 MB in release builds.
pub fn large_docs() -> usize {
    if cfg!(debug_assertions) {
        300
    } else {
        3000
    }
}
