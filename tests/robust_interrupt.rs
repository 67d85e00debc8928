//! Issue 21: a build stopped by SIGINT or SIGTERM, a build into a folder another build is
//! writing to, and a build that runs out of room, leave the previous export intact and no
//! temporary file behind.
//!
//! Each test builds a corpus of replicated seeds (see `robust_support`), writes a good export
//! into `out`, then does the case to `out` and compares the whole folder (hidden files too)
//! with the good export.

mod robust_support;

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use robust_support::*;

/// When a stop is sent.
#[derive(Clone, Copy, Debug)]
enum Moment {
    /// Half the good build's duration after the start: the inputs are being analysed.
    HalfTime,
    /// A quarter of the good build's write phase after the first temporary file appeared.
    Writing,
}

impl Moment {
    /// The delays to try, in order (from the start, or from the first temporary file): the
    /// later ones are earlier, for when a build runs faster than the good one did (the machine
    /// is shared; the good build may have run while other tests built their corpora).
    fn delays(self, timed: &Timed) -> [Duration; 3] {
        match self {
            Moment::HalfTime => [timed.total / 2, timed.total / 4, timed.total / 8],
            Moment::Writing => {
                let w = timed.write_phase();
                [w / 4, w / 16, Duration::ZERO]
            }
        }
    }

    /// What the build says when stopped at this moment.
    fn phase(self) -> &'static str {
        match self {
            Moment::HalfTime => "before the export was written",
            Moment::Writing => "while writing the export",
        }
    }
}

/// A stopped build: exit code, stderr, and how long it took to exit after the signal.
struct Stopped {
    code: Option<i32>,
    stderr: String,
    took: Duration,
}

/// Starts a build into `out` and sends `sig` `delay` after `moment` began; `None` when the
/// build ended before that.
fn stop_build(
    corpus: &Path,
    out: &Path,
    sig: i32,
    moment: Moment,
    delay: Duration,
) -> Option<Stopped> {
    let before = temps(out);
    let mut child = start_build(corpus, out);
    if let Moment::Writing = moment {
        assert!(wait_for_writers(&mut child, out, &before), "no write phase");
    }
    std::thread::sleep(delay);
    if child.try_wait().unwrap().is_some() {
        finish(child);
        return None;
    }
    signal(&child, sig);
    let sent = Instant::now();
    let (code, stderr) = finish(child);
    Some(Stopped {
        code,
        stderr,
        took: sent.elapsed(),
    })
}

#[test]
fn sigint_and_sigterm_at_half_time_and_while_writing_leave_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, out) = (tmp.path().join("corpus"), tmp.path().join("out"));
    make_corpus(&corpus, large_docs(), "");
    let timed = timed_build(&corpus, &out);
    let good = listing(&out);
    let cases = [
        (libc::SIGINT, "SIGINT", 130, Moment::HalfTime),
        (libc::SIGTERM, "SIGTERM", 143, Moment::HalfTime),
        (libc::SIGINT, "SIGINT", 130, Moment::Writing),
        (libc::SIGTERM, "SIGTERM", 143, Moment::Writing),
    ];
    for (sig, name, status, moment) in cases {
        let what = format!("{name} at {moment:?}");
        let said = format!("stopped by {name} {}", moment.phase());
        let mut hit = false;
        for delay in moment.delays(&timed) {
            let Some(s) = stop_build(&corpus, &out, sig, moment, delay) else {
                eprintln!("{what}: the build ended within {delay:?}; trying earlier");
                continue;
            };
            eprintln!(
                "{what} (+{:.3} s): exit {:?} {:.3} s after the signal",
                delay.as_secs_f64(),
                s.code,
                s.took.as_secs_f64()
            );
            // Whichever phase the signal fell in: the status, promptly, a message, no junk.
            assert_eq!(s.code, Some(status), "{what}: {}", s.stderr);
            assert!(s.took < Duration::from_secs(2), "{what}: took {:?}", s.took);
            assert!(
                s.stderr.contains(&format!("stopped by {name} ")),
                "{}",
                s.stderr
            );
            assert_same_folder(&out, &good, &what);
            if s.stderr.contains(&said) {
                hit = true;
                break;
            }
            eprintln!(
                "{what}: fell in another phase ({}); trying earlier",
                s.stderr.trim()
            );
        }
        assert!(hit, "{what}: never stopped {}", moment.phase());
    }
}

/// Waits until some process holds the lock of `out` (the test can't take it).
fn wait_until_locked(out: &Path) {
    let lock = out.join(LOCK);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(f) = std::fs::File::open(&lock) {
            if matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)) {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the first build never took the lock"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_second_build_into_the_same_folder_waits_and_the_folder_ends_as_one_build() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    make_corpus(&a, large_docs(), " a");
    make_corpus(&b, large_docs() / 3, " b");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();

    let first = start_build(&a, &out);
    wait_until_locked(&out);
    let second = start_build(&b, &out);
    // While the first holds the lock: --no-wait gives up at once with status 2.
    let o = build_command(&b, &out).arg("--no-wait").output().unwrap();
    let no_wait = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{no_wait}");
    assert!(
        no_wait.contains("another entigraph build is writing to") && no_wait.contains(LOCK),
        "{no_wait}"
    );
    let (code_a, err_a) = finish(first);
    let (code_b, err_b) = finish(second);
    assert_eq!((code_a, code_b), (Some(0), Some(0)), "{err_a}\n{err_b}");
    assert!(
        err_b.contains("another entigraph build is writing to") && err_b.contains("waiting"),
        "the second build did not say it waited:\n{err_b}"
    );

    // The folder is the second build's, file for file, and matches its manifest.
    let clean = tmp.path().join("clean_b");
    assert_eq!(run_build(&b, &clean).0, Some(0));
    assert_same_folder(&out, &listing(&clean), "after two builds at once");
    let o = Command::new(EXE)
        .args(["inspect", "--out"])
        .arg(&out)
        .arg("top")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn a_file_size_limit_mid_write_keeps_the_previous_export_and_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, out) = (tmp.path().join("corpus"), tmp.path().join("out"));
    make_corpus(&corpus, 60, "");
    assert_eq!(run_build(&corpus, &out).0, Some(0));
    let good = listing(&out);
    let largest = good.values().map(Vec::len).max().unwrap() as u64;

    // A file may not grow past half the largest export: writing it fails (EFBIG, the error a
    // full disk gives as ENOSPC) once the build has written part of it.
    let limit = largest / 2;
    let mut cmd = build_command(&corpus, &out);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    eprintln!("{stderr}");
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("could not write the export")
            && stderr.contains("File too large")
            && stderr.contains("previous export"),
        "{stderr}"
    );
    // The message names the file that could not be written.
    assert!(
        EXPORTS
            .iter()
            .any(|f| stderr.contains(&format!("{}:", out.join(f).display()))),
        "{stderr}"
    );
    assert_same_folder(&out, &good, "after the failed write");
}

/// A tmpfs mounted for a test, unmounted when dropped.
struct Mount(std::path::PathBuf);

impl Mount {
    /// Mounts a tmpfs of `bytes` at `dir`; `None` where mounting is not allowed (not root).
    fn tmpfs(dir: &Path, bytes: u64) -> Option<Mount> {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mount(dir.to_path_buf()))
    }

    fn read_only(&self) {
        let s = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(s.success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_or_a_read_only_folder_keeps_the_previous_export() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    make_corpus(&corpus, 60, "");
    let sized = tmp.path().join("sized");
    assert_eq!(run_build(&corpus, &sized).0, Some(0));
    let size: u64 = listing(&sized).values().map(|b| b.len() as u64).sum();

    // Room for one export and half of another: the second build fills the disk mid-write.
    let mnt = tmp.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let Some(mount) = Mount::tmpfs(&mnt, size * 3 / 2) else {
        eprintln!("cannot mount a tmpfs here (not root?): covered by the file size limit test");
        return;
    };
    let out = mnt.join("out");
    let (code, stderr) = run_build(&corpus, &out);
    assert_eq!(code, Some(0), "{stderr}");
    let good = listing(&out);

    let (code, stderr) = run_build(&corpus, &out);
    eprintln!("full: {stderr}");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("No space left on device") && stderr.contains("previous export"),
        "{stderr}"
    );
    assert_same_folder(&out, &good, "after the disk filled");

    mount.read_only();
    let (code, stderr) = run_build(&corpus, &out);
    eprintln!("read-only: {stderr}");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("Read-only file system"), "{stderr}");
    assert_same_folder(&out, &good, "in a read-only folder");
}
