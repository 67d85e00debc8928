//! Atomic replacement of a set of export files.
//!
//! Each file is written (in large pieces, or through a `BufWriter`) into a temporary file
//! created in the output folder itself (so the final rename never crosses file systems). Only
//! when every file of the set has been written and flushed are they moved into place, each in
//! one step (a swap with the old file where the system has one). A build killed while writing
//! leaves the previous files untouched (plus, at worst, stray `.entigraph-*.tmp` files, which
//! the next build removes: see [`super::folder`]); a failed or stopped write deletes its
//! temporary files and renames nothing.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tempfile::NamedTempFile;

use super::manifest::{FileSum, Tally};
use super::stop::Stop;
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

/// How a set of files is written: the stop request its writers obey, whether their content is
/// hashed (for the manifest), and a file to remove once they are all written, before the
/// first is renamed into place (the old manifest, which no longer describes the folder).
#[derive(Clone, Copy)]
pub(crate) struct Control<'c> {
    pub stop: &'c Stop,
    pub hash: bool,
    pub remove_first: Option<&'static str>,
}

/// Writes one file's content into a new temporary file in `dir`.
fn write_temp(
    dir: &Path,
    name: &str,
    write: Writer<'_>,
    ctl: Control<'_>,
) -> Result<(NamedTempFile, FileSum)> {
    let dest = dir.join(name);
    let tmp = temp_in(dir, name).map_err(|e| Error::io(&dest, e))?;
    let mut w = BufWriter::with_capacity(BUF, Tally::new(tmp.as_file(), ctl.stop, ctl.hash));
    write(&mut w).map_err(|e| Error::io(&dest, e))?;
    w.flush().map_err(|e| Error::io(&dest, e))?;
    let sum = w
        .into_inner()
        .map_err(|e| Error::io(&dest, e.into_error()))?
        .sum(name);
    Ok((tmp, sum))
}

/// Writes files that are written together by one function (see `parallel`): it gets one
/// file per name, in order, and on failure returns the index of a file that failed.
pub(crate) struct Group<'a> {
    pub names: Vec<&'static str>,
    pub write: GroupWriter<'a>,
}

pub(crate) type GroupWriter<'a> =
    Box<dyn FnOnce(&mut [Tally<&File>]) -> std::result::Result<(), (usize, io::Error)> + Send + 'a>;

/// Writes the group's files and runs the other writers (in parallel with it) into temporary
/// files in `dir`, then renames them all into place. Returns the final paths and the files'
/// sums in the order of `order` (every name of the group and of the jobs, once).
///
/// Nothing is renamed when a writer failed or a stop was asked (the temporary files are then
/// deleted). The renames run in parallel: replacing a file frees the old one's pages, which
/// takes a while for large exports.
pub(crate) fn write_files(
    dir: &Path,
    group: Group<'_>,
    jobs: Vec<Job<'_>>,
    order: &[&'static str],
    ctl: Control<'_>,
) -> Result<Vec<(PathBuf, FileSum)>> {
    let mut temps = write_temps(dir, group, jobs, ctl)?;
    ctl.stop.check().map_err(|e| Error::io(dir, e))?;
    if let Some(name) = ctl.remove_first {
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(Error::io(&path, e)),
            _ => {}
        }
    }
    let mut ordered = Vec::with_capacity(order.len());
    for name in order {
        let i = temps
            .iter()
            .position(|(n, _, _)| n == name)
            .expect("every file is written once");
        ordered.push(temps.swap_remove(i));
    }
    assert!(temps.is_empty(), "every file is in the order");
    ordered
        .into_par_iter()
        .map(|(name, tmp, sum)| {
            let dest = dir.join(name);
            replace(tmp, &dest).map_err(|e| Error::io(&dest, e))?;
            Ok((dest, sum))
        })
        .collect()
}

/// A written temporary file: its final name, the file and its sum.
type Temp = (&'static str, NamedTempFile, FileSum);

/// Writes every file of the group and of the jobs into temporary files in `dir`. On any
/// failure the temporary files are dropped (deleted).
fn write_temps(
    dir: &Path,
    group: Group<'_>,
    jobs: Vec<Job<'_>>,
    ctl: Control<'_>,
) -> Result<Vec<Temp>> {
    let group_temps: Vec<NamedTempFile> = group
        .names
        .iter()
        .map(|name| temp_in(dir, name).map_err(|e| Error::io(dir.join(name), e)))
        .collect::<Result<_>>()?;
    let names = group.names;
    let write = group.write;
    let (group_result, job_results) = rayon::join(
        || {
            let mut outs: Vec<Tally<&File>> = group_temps
                .iter()
                .map(|t| Tally::new(t.as_file(), ctl.stop, ctl.hash))
                .collect();
            write(&mut outs).map_err(|(i, e)| Error::io(dir.join(names[i]), e))?;
            Ok(outs
                .into_iter()
                .zip(&names)
                .map(|(t, name)| t.sum(name))
                .collect::<Vec<_>>())
        },
        || {
            jobs.into_par_iter()
                .map(|j| write_temp(dir, j.name, j.write, ctl).map(|(t, s)| (j.name, t, s)))
                .collect::<Result<Vec<_>>>()
        },
    );
    let sums = group_result?;
    let mut temps: Vec<Temp> = names
        .iter()
        .zip(group_temps)
        .zip(sums)
        .map(|((name, t), s)| (*name, t, s))
        .collect();
    temps.extend(job_results?);
    Ok(temps)
}

/// Moves a finished temporary file to `dest`, replacing any file there in one step.
///
/// On Linux an existing `dest` is swapped with the temporary file (`renameat2` with
/// `RENAME_EXCHANGE`), and the old content, now under the temporary name, is deleted when
/// `tmp` is dropped. A plain rename over an existing file would do the same in one call, but
/// on ext4 it first writes out every dirty page of the new file (the `auto_da_alloc`
/// heuristic), which made replacing 1.7 GB of exports 1.0-1.5 s slower than writing them into
/// an empty folder. Exports are not synced to disk either way, like most tools' outputs: a
/// killed run leaves each file old or new, never half written. Where the swap is not
/// available (no file at `dest`, another OS or file system), it is a plain rename.
fn replace(tmp: NamedTempFile, dest: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, tmp.path(), CWD, dest, RenameFlags::EXCHANGE) {
            // `tmp` now names the old file: dropping it deletes that.
            Ok(()) => return Ok(()),
            // No old file, or no swap on this kernel or file system: a rename below.
            Err(Errno::NOENT | Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
            Err(e) => return Err(e.into()),
        }
    }
    tmp.persist(dest).map(drop).map_err(|e| e.error)
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
    replace(tmp, path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn write_file_creates_then_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        write_file(&path, |w| w.write_all(b"first version, longer\n")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first version, longer\n");
        // A reader holding the old file keeps reading the old content after the replacement.
        let old = std::fs::read(&path).unwrap();
        let held = File::open(&path).unwrap();
        write_file(&path, |w| w.write_all(b"second\n")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second\n");
        assert_eq!(std::io::read_to_string(held).unwrap().as_bytes(), &old[..]);
        assert_eq!(names(dir.path()), ["a.csv"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            // As readable as a file made by `File::create` (0666 less the umask), but never
            // writable by others.
            let plain = dir.path().join("plain");
            File::create(&plain).unwrap();
            assert_eq!(mode(&path), mode(&plain) & 0o644);
            std::fs::remove_file(plain).unwrap();
        }
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_file(&path, |w| w.write_all(b"old")).unwrap();
        let err = write_file(&path, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["a.json"]);
    }
}
