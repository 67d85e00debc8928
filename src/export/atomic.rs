//! Atomic replacement of a set of export files.
//!
//! Each file is written through a `BufWriter` into a temporary file created in the output
//! folder itself (so the final rename never crosses file systems). Only when every file of the
//! set has been written and flushed are they renamed over the old ones. A build killed while
//! writing leaves the previous files untouched (plus, at worst, stray `.entigraph-*.tmp` files);
//! a failed write deletes its temporary files and renames nothing.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tempfile::NamedTempFile;

use super::{Job, Writer};
use crate::{Error, Result};

/// Buffer size of every writer: large enough that writes reach the kernel in big blocks.
const BUF: usize = 1 << 20;

/// Creates `out` if it is missing; an `out` that is not a directory, or that cannot be created,
/// is an error naming it.
pub fn prepare_dir(out: &Path) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(Error::io(
            out,
            io::Error::other("the output path exists and is not a directory"),
        ));
    }
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))
}

/// A temporary file in `dir` readable like a normal file (tempfile's default is 0600).
fn temp_in(dir: &Path, name: &str) -> io::Result<NamedTempFile> {
    let prefix = format!(".entigraph-{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o644));
    }
    b.tempfile_in(dir)
}

/// Writes one file's content into a new temporary file in `dir`.
fn write_temp(dir: &Path, name: &str, write: Writer<'_>) -> Result<NamedTempFile> {
    let dest = dir.join(name);
    let tmp = temp_in(dir, name).map_err(|e| Error::io(&dest, e))?;
    {
        let mut w = BufWriter::with_capacity(BUF, tmp.as_file());
        write(&mut w).map_err(|e| Error::io(&dest, e))?;
        w.flush().map_err(|e| Error::io(&dest, e))?;
    }
    Ok(tmp)
}

/// Runs the writers in parallel into temporary files in `dir`, then renames them all into
/// place. Returns the final paths in the order of `jobs`.
///
/// The largest files start first (by `Job::cost`), each worker taking the next file when it is
/// done, so the threads finish together. The renames also run in parallel: replacing a file
/// frees the old one's pages, which takes a while for large exports.
pub(crate) fn write_files(dir: &Path, jobs: Vec<Job<'_>>) -> Result<Vec<PathBuf>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    let names: Vec<&'static str> = jobs.iter().map(|j| j.name).collect();
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].cost));
    let slots: Vec<Mutex<Option<Writer<'_>>>> = jobs
        .into_iter()
        .map(|j| Mutex::new(Some(j.write)))
        .collect();
    let results: Vec<Mutex<Option<Result<NamedTempFile>>>> =
        names.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().clamp(1, names.len().max(1));
    rayon::scope(|s| {
        for _ in 0..workers {
            s.spawn(|_| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(k) else { break };
                let write = slots[i]
                    .lock()
                    .expect("job slot")
                    .take()
                    .expect("job runs once");
                let r = write_temp(dir, names[i], write);
                *results[i].lock().expect("result slot") = Some(r);
            });
        }
    });
    // Any failure: the temporary files are dropped (deleted) and nothing is replaced.
    let temps: Vec<NamedTempFile> = results
        .into_iter()
        .map(|r| r.into_inner().expect("result slot").expect("every job ran"))
        .collect::<Result<_>>()?;
    temps
        .into_par_iter()
        .zip(names)
        .map(|(tmp, name)| {
            let dest = dir.join(name);
            tmp.persist(&dest).map_err(|e| Error::io(&dest, e.error))?;
            Ok(dest)
        })
        .collect()
}

/// Writes a single file atomically (temporary file in the same folder, then rename).
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()> + Send,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Invalid(format!("{}: not a file name", path.display())))?;
    let tmp = temp_in(dir, name).map_err(|e| Error::io(path, e))?;
    {
        let mut w = BufWriter::with_capacity(BUF, tmp.as_file());
        write(&mut w).map_err(|e| Error::io(path, e))?;
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}
