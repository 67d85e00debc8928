//! Issues 8 and 21, atomic exports and no junk: a build killed with SIGKILL at any moment
//! leaves the previous export complete and readable, and the next complete build removes what
//! the killed ones left, so that the folder then equals a clean export (no stray file).
//!
//! A corpus is made by replicating the seeds (300 documents, ~4 MB of exports in debug builds;
//! 3000, ~40 MB in release builds). A good build writes `out`, and a clean build writes the same
//! corpus into a fresh folder; then builds into `out` are killed with SIGKILL, one after the
//! other. After each kill every export file must be byte-identical to the good one (the
//! manifest too, unless the kill fell between its removal and the renames), and every other
//! file must be the lock or a temporary file (`.entigraph-NAME.XXXX.tmp`).
//!
//! The moments: two "anywhere" kills at a uniformly random moment of the good build's duration
//! T (a seeded xorshift; the seed is printed, and `KILL_SEED=N` replays a run), and
//! [`SPREAD`] kills spread evenly across the write phase, latest first: the test polls `out`
//! every millisecond until a new temporary file appears (the writers have started), then waits
//! (i + 1/2) / SPREAD of W, the good build's write phase (from its first temporary file to its
//! exit), and kills. Each build removes what the kill before it left (it says so on stderr);
//! the last kill, early in the write phase, leaves temporary files for the final build.

mod robust_support;

use std::path::Path;
use std::time::{Duration, Instant};

use robust_support::*;

/// Kills spread across the write phase.
const SPREAD: usize = 8;

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

fn seed() -> u64 {
    std::env::var("KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

/// After a kill: the export files are the good ones, the rest is the lock or temporary files.
fn check_after_kill(out: &Path, good: &std::collections::BTreeMap<String, Vec<u8>>, what: &str) {
    let now = listing(out);
    for (name, bytes) in good {
        if name == "manifest.json" && !now.contains_key(name) {
            continue; // killed between the manifest's removal and the renames
        }
        let found = now
            .get(name)
            .unwrap_or_else(|| panic!("{what}: {name} missing after the kill"));
        assert!(
            found == bytes,
            "{what}: {name} differs from the good export ({} vs {} bytes)",
            found.len(),
            bytes.len()
        );
    }
    for name in now.keys() {
        if good.contains_key(name) {
            continue;
        }
        assert!(
            name.starts_with(".entigraph-") && name.ends_with(".tmp"),
            "{what}: unexpected file {name:?} in the output folder"
        );
    }
}

/// What one killed build did.
struct Killed {
    what: String,
    /// It was still running, with temporary files of its own (killed mid-write).
    left: bool,
    /// The bytes it said it removed (left by the kill before it).
    removed: u64,
}

/// The bytes of temporary files a build said it removed.
fn removed_bytes(stderr: &str) -> u64 {
    let Some(i) = stderr.find("temporary file(s) (") else {
        return 0;
    };
    let rest = &stderr[i + "temporary file(s) (".len()..];
    rest.split(' ').next().unwrap().parse().unwrap()
}

/// Starts a build into `out` and kills it at the `k`-th moment.
fn kill_once(corpus: &Path, out: &Path, k: usize, timed: &Timed, rng: &mut Rng) -> Killed {
    let before = temps(out);
    let started = Instant::now();
    let mut child = start_build(corpus, out);
    let what = if k < 2 {
        let at = rng.below(timed.total);
        std::thread::sleep(at);
        format!("kill {k} at {:.3} s (anywhere)", at.as_secs_f64())
    } else {
        let i = (SPREAD - 1 - (k - 2)) as u32;
        let after = timed.write_phase() * (2 * i + 1) / (2 * SPREAD as u32);
        if wait_for_writers(&mut child, out, &before) {
            std::thread::sleep(after);
        }
        format!(
            "kill {k} at {:.3} s ({:.3} s into the write phase)",
            started.elapsed().as_secs_f64(),
            after.as_secs_f64()
        )
    };
    let running = child.try_wait().unwrap().is_none();
    child.kill().ok(); // SIGKILL
    let (_, stderr) = finish(child);
    let left = temps(out).difference(&before).count() > 0;
    Killed {
        what,
        left: running && left,
        removed: removed_bytes(&stderr),
    }
}

#[test]
fn sigkill_across_the_write_phase_then_one_build_leaves_a_clean_export() {
    let started = Instant::now();
    let seed = seed();
    eprintln!("KILL_SEED={seed}");
    let mut rng = Rng(seed);
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let out = tmp.path().join("out");
    let clean_dir = tmp.path().join("clean");
    make_corpus(&corpus, large_docs(), "");

    let timed = timed_build(&corpus, &out);
    eprintln!(
        "good build: {:.2} s, write phase {:.3} s",
        timed.total.as_secs_f64(),
        timed.write_phase().as_secs_f64()
    );
    let good = listing(&out);
    let (code, stderr) = run_build(&corpus, &clean_dir);
    assert_eq!(code, Some(0), "{stderr}");
    let clean = listing(&clean_dir);
    assert_eq!(good, clean, "two builds of one corpus differ");
    let mut names: Vec<&str> = EXPORTS.to_vec();
    names.push(LOCK);
    names.sort();
    assert_eq!(clean.keys().map(|k| k.as_str()).collect::<Vec<_>>(), names);

    let (mut mid_write, mut removed) = (0, 0);
    for k in 0..2 + SPREAD {
        let killed = kill_once(&corpus, &out, k, &timed, &mut rng);
        mid_write += usize::from(killed.left);
        removed += killed.removed;
        eprintln!("{}: left temporary files: {}", killed.what, killed.left);
        check_after_kill(&out, &good, &killed.what);
    }
    let junk = temps(&out);
    assert!(
        !junk.is_empty(),
        "the last kill, early in the write phase, left no temporary file"
    );
    let junk_bytes: u64 = junk
        .iter()
        .map(|n| std::fs::metadata(out.join(n)).unwrap().len())
        .sum();

    // One complete build: it removes the junk, says how much, and leaves a clean export.
    let (code, stderr) = run_build(&corpus, &out);
    assert_eq!(code, Some(0), "{stderr}");
    let said = format!(
        "removed {} temporary file(s) ({junk_bytes} bytes",
        junk.len()
    );
    assert!(stderr.contains(&said), "wanted {said:?} in:\n{stderr}");
    assert_same_folder(&out, &clean, "the build after the kills");
    eprintln!(
        "{mid_write} of {} kills left temporary files; the builds after them removed {} bytes; \
         the last build: {}; test time {:.1} s",
        2 + SPREAD,
        removed + junk_bytes,
        stderr.trim(),
        started.elapsed().as_secs_f64()
    );
}
