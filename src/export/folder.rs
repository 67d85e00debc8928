//! The output folder between builds: one build at a time, and no junk from earlier ones.
//!
//! A build holds an advisory lock (`flock`, through `fs4`) on [`LOCK_NAME`] in its output
//! folder from before it reads its inputs until it exits. The lock is the kernel's: it goes
//! with the process however it ends (even SIGKILL), so a stale lock never blocks a later
//! build. The file stays (empty, hidden, never in the manifest): removing it would let a
//! waiting build and a new one lock two different files.
//!
//! Holding the lock, a build deletes the temporary files ([`is_temporary`]) that earlier
//! builds left there when they were killed: no running build can own them.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The lock file's name in the output folder.
pub const LOCK_NAME: &str = ".entigraph.lock";

/// True for a name that entigraph gives its temporary files: `.entigraph-NAME.XXXXXX.tmp`.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with(".entigraph-")
        && name.ends_with(".tmp")
        && name.len() > ".entigraph-.tmp".len()
}

/// The output folder's lock, held until dropped (or the process ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Takes the lock of the output folder `dir` (which must exist). When another build holds it:
/// with `wait`, calls `on_wait` once and blocks until it is free; without, fails with
/// [`Error::Busy`].
pub fn lock(dir: &Path, wait: bool, on_wait: impl FnOnce()) -> Result<Lock> {
    let path = dir.join(LOCK_NAME);
    let file = open_lock(&path).map_err(|e| Error::io(&path, e))?;
    // fs4's trait methods, named in full: std's `File` has methods of the same names.
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => {}
        Err(fs4::TryLockError::WouldBlock) if wait => {
            on_wait();
            fs4::FileExt::lock(&file).map_err(|e| Error::io(&path, e))?;
        }
        Err(fs4::TryLockError::WouldBlock) => {
            return Err(Error::Busy {
                dir: dir.to_path_buf(),
                lock: path,
            })
        }
        Err(fs4::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
    }
    Ok(Lock { _file: file })
}

/// Opens (or creates) the lock file; read-only when it exists in a folder that cannot be
/// written (a lock needs no write access), so that such a folder fails where a file is written.
fn open_lock(path: &Path) -> io::Result<File> {
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
    {
        Ok(f) => Ok(f),
        Err(e) => File::open(path).map_err(|_| e),
    }
}

/// What [`remove_temporary`] removed, and what it could not.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub files: usize,
    pub bytes: u64,
    /// Files that could not be removed, with the reason.
    pub failed: Vec<(PathBuf, String)>,
}

/// Deletes the temporary files left in `dir` by earlier builds (regular files whose names
/// [`is_temporary`]; never anything else, and nothing below `dir`). Call it holding the lock.
pub fn remove_temporary(dir: &Path) -> Result<Removed> {
    let mut removed = Removed::default();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !is_file || !name.to_str().is_some_and(is_temporary) {
            continue;
        }
        let path = entry.path();
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        match std::fs::remove_file(&path) {
            Ok(()) => {
                removed.files += 1;
                removed.bytes += bytes;
            }
            Err(e) => removed.failed.push((path, e.to_string())),
        }
    }
    removed.failed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_entigraph_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join(".entigraph-graph.json.a1B2c3.tmp"), b"12345").unwrap();
        std::fs::write(d.join(".entigraph-mentions.csv.zz.tmp"), b"678").unwrap();
        for keep in [
            "graph.json",
            "notes.tmp",
            ".entigraph.lock",
            ".entigraph-.tmp",
            ".entigraph-x.tmp.bak",
            "entigraph-x.tmp",
        ] {
            std::fs::write(d.join(keep), b"keep").unwrap();
        }
        std::fs::create_dir(d.join(".entigraph-dir.tmp")).unwrap();
        let r = remove_temporary(d).unwrap();
        assert_eq!((r.files, r.bytes), (2, 8));
        assert!(r.failed.is_empty());
        let mut left: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".entigraph-.tmp",
                ".entigraph-dir.tmp",
                ".entigraph-x.tmp.bak",
                ".entigraph.lock",
                "entigraph-x.tmp",
                "graph.json",
                "notes.tmp"
            ]
        );
    }

    #[test]
    fn a_second_lock_waits_or_fails_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path(), false, || panic!("free")).unwrap();
        match lock(dir.path(), false, || {}) {
            Err(Error::Busy { lock, .. }) => assert!(lock.ends_with(LOCK_NAME)),
            other => panic!("expected Busy, got {other:?}"),
        }
        let waited = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let t = s.spawn(|| lock(dir.path(), true, || waited.store(true, Ordering::SeqCst)));
            while !waited.load(Ordering::SeqCst) {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            drop(first);
            t.join().unwrap().unwrap();
        });
    }

    use std::sync::atomic::Ordering;
}
