//! Atomic replacement of a set of export files.
//!
//! Each file is written (in large pieces, or through a `BufWriter`) into a temporary file
//! created in the output folder itself (so the final rename never crosses file systems). Only when every file of the
//! set has been written and flushed are they renamed over the old ones. A build killed while
//! writing leaves the previous files untouched (plus, at worst, stray `.entigraph-*.tmp` files);
//! a failed write deletes its temporary files and renames nothing.

use std::fs::File;
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

/// Writes files that are written together by one function (see `parallel`): it gets one
/// file per name, in order, and on failure returns the index of a file that failed.
pub(crate) struct Group<'a> {
    pub names: Vec<&'static str>,
    pub write: GroupWriter<'a>,
}

pub(crate) type GroupWriter<'a> =
    Box<dyn FnOnce(&[&File]) -> std::result::Result<(), (usize, io::Error)> + Send + 'a>;

/// Writes the group's files and runs the other writers (in parallel with it) into temporary
/// files in `dir`, then renames them all into place. Returns the final paths in the order of
/// `order` (every name of the group and of the jobs, once).
///
/// The renames also run in parallel: replacing a file frees the old one's pages, which takes
/// a while for large exports.
pub(crate) fn write_files(
    dir: &Path,
    group: Group<'_>,
    jobs: Vec<Job<'_>>,
    order: &[&'static str],
) -> Result<Vec<PathBuf>> {
    let group_temps: Vec<NamedTempFile> = group
        .names
        .iter()
        .map(|name| temp_in(dir, name).map_err(|e| Error::io(dir.join(name), e)))
        .collect::<Result<_>>()?;
    let names = group.names;
    let write = group.write;
    let (group_result, job_results) = rayon::join(
        || {
            let files: Vec<&File> = group_temps.iter().map(|t| t.as_file()).collect();
            write(&files).map_err(|(i, e)| Error::io(dir.join(names[i]), e))
        },
        || {
            jobs.into_par_iter()
                .map(|j| write_temp(dir, j.name, j.write).map(|t| (j.name, t)))
                .collect::<Result<Vec<_>>>()
        },
    );
    // Any failure: the temporary files are dropped (deleted) and nothing is replaced.
    group_result?;
    let mut temps: Vec<(&'static str, NamedTempFile)> =
        names.into_iter().zip(group_temps).collect();
    temps.extend(job_results?);
    let mut ordered: Vec<(&'static str, NamedTempFile)> = Vec::with_capacity(order.len());
    for name in order {
        let i = temps
            .iter()
            .position(|(n, _)| n == name)
            .expect("every file is written once");
        ordered.push(temps.swap_remove(i));
    }
    assert!(temps.is_empty(), "every file is in the order");
    ordered
        .into_par_iter()
        .map(|(name, tmp)| {
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
