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

use super::Job;
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
fn write_temp(dir: &Path, name: &str, write: Job<'_>) -> Result<NamedTempFile> {
    let dest = dir.join(name);
    let tmp = temp_in(dir, name).map_err(|e| Error::io(&dest, e))?;
    {
        let mut w = BufWriter::with_capacity(BUF, tmp.as_file());
        (write.1)(&mut w).map_err(|e| Error::io(&dest, e))?;
        w.flush().map_err(|e| Error::io(&dest, e))?;
    }
    Ok(tmp)
}

/// Runs the writers (in parallel) into temporary files in `dir`, then renames them all into
/// place. Returns the final paths in the order of `jobs`.
pub fn write_files(dir: &Path, jobs: Vec<Job<'_>>) -> Result<Vec<PathBuf>> {
    let names: Vec<&'static str> = jobs.iter().map(|j| j.0).collect();
    let temps: Vec<Result<NamedTempFile>> = jobs
        .into_par_iter()
        .map(|job| write_temp(dir, job.0, job))
        .collect();
    // Any failure: the temporary files are dropped (deleted) and nothing is replaced.
    let temps: Vec<NamedTempFile> = temps.into_iter().collect::<Result<_>>()?;
    let mut out = Vec::with_capacity(temps.len());
    for (tmp, name) in temps.into_iter().zip(names) {
        let dest = dir.join(name);
        tmp.persist(&dest).map_err(|e| Error::io(&dest, e.error))?;
        out.push(dest);
    }
    Ok(out)
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
