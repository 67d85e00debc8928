//! Issue 8, atomic exports: a build killed with SIGKILL at any moment leaves the previous
//! export complete and readable.
//!
//! A corpus is made by replicating the seeds (3000 documents, ~40 MB of exports; 250 in debug
//! builds, where the pipeline is ~8x slower). A good build writes `out`; then the same build is
//! started into `out` again and killed with SIGKILL, several times. After each kill every
//! export file must be byte-identical to the good one, and every other file in `out` must be a
//! temporary file (`.entigraph-NAME.XXXX.tmp`: hidden, and not ending in an export's extension).
//!
//! How the moments are picked (a seeded xorshift; the seed is printed, and `KILL_SEED=N`
//! replays a run):
//! - "anywhere" kills: a uniformly random moment in [0, T), T = the good build's duration;
//! - "mid-write" kills: the test polls `out` every millisecond until a temporary file appears
//!   (the writers have started), then waits a uniformly random time in [0, W), W = the write
//!   phase of the good build (from the first temporary file to its exit), and kills.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const EXPORTS: &[&str] = &[
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
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in [0, d).
    fn below(&mut self, d: Duration) -> Duration {
        let n = d.as_micros().max(1) as u64;
        Duration::from_micros(self.next() % n)
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn make_corpus(dir: &Path, n: usize) {
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
        let t = format!("{}\n\nCopy {i}.\n", texts[i % texts.len()]);
        std::fs::write(dir.join(format!("doc{i:05}.txt")), t).unwrap();
    }
}

fn start_build(corpus: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_entigraph"))
        .arg("build")
        .arg(corpus)
        .arg("--gazetteer")
        .arg(root().join("gazetteer"))
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Temporary files in `out` (left by killed builds, or being written).
fn temps(out: &Path) -> usize {
    std::fs::read_dir(out)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                .count()
        })
        .unwrap_or(0)
}

fn snapshot(out: &Path) -> BTreeMap<String, Vec<u8>> {
    EXPORTS
        .iter()
        .map(|f| {
            let bytes = std::fs::read(out.join(f))
                .unwrap_or_else(|e| panic!("{f} missing after the kill: {e}"));
            (f.to_string(), bytes)
        })
        .collect()
}

fn check(out: &Path, good: &BTreeMap<String, Vec<u8>>, what: &str) {
    let now = snapshot(out);
    for (f, bytes) in good {
        assert!(
            now[f] == *bytes,
            "{what}: {f} differs from the good export ({} vs {} bytes)",
            now[f].len(),
            bytes.len()
        );
    }
    for e in std::fs::read_dir(out).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if EXPORTS.contains(&name.as_str()) {
            continue;
        }
        assert!(
            name.starts_with(".entigraph-") && name.ends_with(".tmp"),
            "{what}: unexpected file {name:?} in the output folder"
        );
        for ext in [".csv", ".json", ".graphml", ".gexf"] {
            assert!(!name.ends_with(ext), "{what}: temporary file {name:?}");
        }
    }
}

#[test]
fn sigkill_at_random_moments_leaves_the_previous_export_intact() {
    let (docs, kills) = if cfg!(debug_assertions) {
        (250, 4)
    } else {
        (3000, 8)
    };
    let seed = std::env::var("KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("KILL_SEED={seed}");
    let mut rng = Rng(seed);
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let out = tmp.path().join("out");
    make_corpus(&corpus, docs);

    // The good build, timed, with the start of its write phase.
    let t0 = Instant::now();
    let mut child = start_build(&corpus, &out);
    let mut write_start = None;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if write_start.is_none() && temps(&out) > 0 {
            write_start = Some(t0.elapsed());
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let total = t0.elapsed();
    assert!(status.success(), "the good build failed: {status}");
    let write_phase = total - write_start.unwrap_or(total * 9 / 10);
    eprintln!(
        "good build: {:.2} s, write phase {:.3} s",
        total.as_secs_f64(),
        write_phase.as_secs_f64()
    );
    let good = snapshot(&out);

    let mut mid_write = 0;
    for k in 0..kills {
        let before = temps(&out);
        let mut child = start_build(&corpus, &out);
        let started = Instant::now();
        let what = if k % 2 == 0 {
            let at = rng.below(total);
            std::thread::sleep(at);
            format!("kill {k} at {:.3} s (anywhere)", at.as_secs_f64())
        } else {
            // Wait for the writers to start (new temporary files), or the build to end.
            while temps(&out) <= before && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_millis(1));
            }
            let after = rng.below(write_phase);
            std::thread::sleep(after);
            format!(
                "kill {k} at {:.3} s ({:.3} s into the write phase)",
                started.elapsed().as_secs_f64(),
                after.as_secs_f64()
            )
        };
        let was_running = child.try_wait().unwrap().is_none();
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        if was_running && temps(&out) > before {
            mid_write += 1;
        }
        eprintln!("{what}: running={was_running}");
        check(&out, &good, &what);
    }
    eprintln!("{mid_write} of {kills} kills left temporary files behind (killed mid-write)");

    // A build after the kills still works and writes the same export.
    let st = start_build(&corpus, &out).wait().unwrap();
    assert!(st.success());
    check(&out, &good, "the build after the kills");
}
