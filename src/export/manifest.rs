//! `manifest.json`: what a build wrote, written last, so that a reader or a script can check
//! that an output folder holds one complete build.
//!
//! The manifest names the tool and its version, digests of the inputs and of the gazetteer
//! folder, and each export file's size and SHA-256. Its bytes depend only on those (sorted,
//! no timestamps, no paths of the machine), so a rebuild of the same inputs writes the same
//! manifest. The sizes and hashes are taken while the files are written ([`Tally`]), not by
//! reading them again.
//!
//! A digest of files is the SHA-256 of their listing in the `sha256sum` format, one line per
//! file in the order the build reads them: `<sha256 of the file>  <name>\n` (the name relative
//! to the folder given; for the gazetteer, every regular file under the folder, sorted by that
//! name), so `cd gazetteer && find . -type f | LC_ALL=C sort | cut -c3- | xargs sha256sum |
//! sha256sum` gives the gazetteer's.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::stop::Stop;
use crate::corpus::{Corpus, Source};
use crate::error::Diagnostic;
use crate::{Error, Result};

/// The manifest's file name in the output folder.
pub const NAME: &str = "manifest.json";
/// The value of the manifest's `format` field.
pub const FORMAT: &str = "entigraph-manifest/1";

/// The contents of `manifest.json` (fields in the order written).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub tool: String,
    pub version: String,
    pub inputs: Digest,
    pub gazetteer: Digest,
    /// The export files, sorted by name (`manifest.json` itself is not listed).
    pub files: Vec<FileSum>,
}

/// A digest of several files (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    pub files: u64,
    pub bytes: u64,
    /// `None` when a file could not be read again (standard input, a pipe).
    pub sha256: Option<String>,
}

/// One export file: its name in the folder, its size and its SHA-256 (lowercase hex).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSum {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The digests of a build's inputs and gazetteer, computed before the export is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sources {
    pub inputs: Digest,
    pub gazetteer: Digest,
}

impl Sources {
    /// Reads every input file and every file of the gazetteer folder (or file) and hashes them.
    pub fn read(corpus: &Corpus, gazetteer: &Path) -> Result<Sources> {
        Ok(Sources {
            inputs: digest(corpus_files(corpus))?,
            gazetteer: gazetteer_digest(gazetteer)?,
        })
    }
}

/// The digest of the gazetteer folder (every regular file under it, rules included), or of a
/// gazetteer file; partials record it too (`crate::partials`).
pub fn gazetteer_digest(gazetteer: &Path) -> Result<Digest> {
    let mut gaz = Vec::new();
    if gazetteer.is_dir() {
        walk(gazetteer, "", &mut gaz)?;
        gaz.sort();
    } else {
        let name = gazetteer
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        gaz.push((name.unwrap_or_default(), Some(gazetteer.to_path_buf())));
    }
    digest(gaz)
}

/// The corpus's files as (name, path) in reading order; standard input has no path.
fn corpus_files(corpus: &Corpus) -> Vec<(String, Option<PathBuf>)> {
    let name_of = |path: &Path| {
        let rel = corpus.inputs.iter().find_map(|i| {
            path.strip_prefix(i)
                .ok()
                .filter(|r| !r.as_os_str().is_empty())
        });
        let name = rel.or_else(|| path.file_name().map(Path::new));
        name.unwrap_or(path).to_string_lossy().replace('\\', "/")
    };
    corpus
        .sources
        .iter()
        .map(|s| match s {
            Source::Text { path, id } => (id.clone(), Some(path.clone())),
            Source::Jsonl(path) => (name_of(path), Some(path.clone())),
            Source::Stdin => ("-".to_string(), None),
        })
        .collect()
}

/// Every regular file under `dir` as (`/`-separated name under `prefix`, path).
fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, Option<PathBuf>)>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let meta = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        if meta.is_dir() {
            walk(&path, &format!("{name}/"), out)?;
        } else if meta.is_file() {
            out.push((name, Some(path)));
        }
    }
    Ok(())
}

/// The digest of `files` (name and path; no path: cannot be read again).
fn digest(files: Vec<(String, Option<PathBuf>)>) -> Result<Digest> {
    let sums: Vec<Option<(u64, String)>> = files
        .par_iter()
        .map(|(_, path)| path.as_deref().map(hash_file).transpose())
        .collect::<Result<_>>()?;
    let mut listing = Sha256::new();
    let mut bytes = 0;
    for ((name, _), sum) in files.iter().zip(&sums) {
        let Some((len, hex)) = sum else {
            return Ok(Digest {
                files: files.len() as u64,
                bytes: 0,
                sha256: None,
            });
        };
        bytes += len;
        listing.update(format!("{hex}  {name}\n").as_bytes());
    }
    Ok(Digest {
        files: files.len() as u64,
        bytes,
        sha256: Some(hex(&listing.finalize())),
    })
}

/// The size and SHA-256 of a file.
pub fn hash_file(path: &Path) -> Result<(u64, String)> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut len = 0u64;
    loop {
        let n = match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(path, e)),
        };
        h.update(&buf[..n]);
        len += n as u64;
    }
    Ok((len, hex(&h.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// A writer that counts and hashes what goes through it, and fails once a stop is asked.
pub(crate) struct Tally<W> {
    inner: W,
    bytes: u64,
    /// `None`: count only.
    hash: Option<Sha256>,
    stop: Stop,
}

impl<W: Write> Tally<W> {
    pub(crate) fn new(inner: W, stop: &Stop, hash: bool) -> Tally<W> {
        Tally {
            inner,
            bytes: 0,
            hash: hash.then(Sha256::new),
            stop: stop.clone(),
        }
    }

    /// The file's entry (an empty hash when it was not hashed).
    pub(crate) fn sum(self, name: &str) -> FileSum {
        FileSum {
            name: name.to_string(),
            bytes: self.bytes,
            sha256: self.hash.map(|h| hex(&h.finalize())).unwrap_or_default(),
        }
    }
}

impl<W: Write> Write for Tally<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stop.check()?;
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        if let Some(h) = &mut self.hash {
            h.update(&buf[..n]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Manifest {
    /// The manifest of a build of `sources` that wrote `files` (sorted here).
    pub fn new(sources: &Sources, mut files: Vec<FileSum>) -> Manifest {
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Manifest {
            format: FORMAT.to_string(),
            tool: "entigraph".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            inputs: sources.inputs.clone(),
            gazetteer: sources.gazetteer.clone(),
            files,
        }
    }

    /// Writes `dir/manifest.json` atomically (pretty JSON and a final newline).
    pub fn write(&self, dir: &Path) -> Result<PathBuf> {
        let path = dir.join(NAME);
        super::atomic::write_file(&path, |w| {
            serde_json::to_writer_pretty(&mut *w, self)?;
            w.write_all(b"\n")
        })?;
        Ok(path)
    }

    /// Reads `dir/manifest.json`; `None` when there is none.
    pub fn read(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(NAME);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let m: Manifest = serde_json::from_slice(&bytes)
            .map_err(|e| Error::parse(&path, e.line(), e.to_string()))?;
        Ok(Some(m))
    }
}

/// Compares the files of `dir` with its manifest: a problem for each listed file that is
/// missing or differs (size, then SHA-256), and for each other visible file. `None` when the
/// folder has no manifest. Hidden files (the lock, a running build's temporary files) are not
/// looked at.
pub fn check(dir: &Path) -> Result<Option<Vec<Diagnostic>>> {
    let Some(m) = Manifest::read(dir)? else {
        return Ok(None);
    };
    let problem = |name: &str, message: String| Diagnostic {
        path: dir.join(name).display().to_string(),
        line: None,
        message,
    };
    let mut problems: Vec<Diagnostic> = m
        .files
        .par_iter()
        .filter_map(|f| differs(dir, f).map(|msg| problem(&f.name, msg)))
        .collect();
    for e in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let e = e.map_err(|e| Error::io(dir, e))?;
        let name = e.file_name().to_string_lossy().into_owned();
        let listed = name == NAME || m.files.iter().any(|f| f.name == name);
        if !listed && !name.starts_with('.') && e.file_type().is_ok_and(|t| t.is_file()) {
            problems.push(problem(
                &name,
                format!("not part of the build {NAME} describes"),
            ));
        }
    }
    problems.sort();
    Ok(Some(problems))
}

/// What is wrong with `dir`'s copy of a listed file, if anything.
fn differs(dir: &Path, f: &FileSum) -> Option<String> {
    let path = dir.join(&f.name);
    match std::fs::metadata(&path) {
        Err(_) => Some(format!("missing (listed in {NAME})")),
        Ok(meta) if meta.len() != f.bytes => {
            Some(format!("{} bytes, {NAME} says {}", meta.len(), f.bytes))
        }
        Ok(_) => match hash_file(&path) {
            Err(e) => Some(format!("unreadable: {e}")),
            Ok((_, h)) if h == f.sha256 => None,
            Ok(_) => Some(format!(
                "its content differs from {NAME} (sha256 {})",
                f.sha256
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn a_tally_counts_and_hashes_and_fails_once_stopped() {
        let stop = Stop::new();
        let mut t = Tally::new(Vec::new(), &stop, true);
        t.write_all(b"a").unwrap();
        t.write_all(b"bc").unwrap();
        let sum = t.sum("x.csv");
        assert_eq!((sum.bytes, sum.sha256.as_str()), (3, ABC));
        stop.request(15, |_| {});
        let mut t = Tally::new(Vec::new(), &stop, false);
        assert!(t.write_all(b"abc").is_err());
    }

    #[test]
    fn a_digest_is_the_hash_of_a_sha256sum_listing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("rules")).unwrap();
        std::fs::write(dir.path().join("b.tsv"), b"abc").unwrap();
        std::fs::write(dir.path().join("rules/a.txt"), b"").unwrap();
        let s = Sources::read(&Corpus::default(), dir.path()).unwrap();
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let listing = format!("{ABC}  b.tsv\n{empty}  rules/a.txt\n");
        assert_eq!(s.gazetteer.sha256, Some(hex(&Sha256::digest(listing))));
        assert_eq!((s.gazetteer.files, s.gazetteer.bytes), (2, 3));
        assert_eq!(s.inputs.files, 0);
    }

    #[test]
    fn check_finds_changed_missing_and_unlisted_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(check(d).unwrap(), None);
        for (name, text) in [("a.csv", "abc"), ("b.csv", "abc"), ("c.csv", "abc")] {
            std::fs::write(d.join(name), text).unwrap();
        }
        let sum = |name: &str| FileSum {
            name: name.into(),
            bytes: 3,
            sha256: ABC.into(),
        };
        let sources = Sources {
            inputs: Digest {
                files: 0,
                bytes: 0,
                sha256: None,
            },
            gazetteer: Digest {
                files: 0,
                bytes: 0,
                sha256: None,
            },
        };
        let files = vec![sum("c.csv"), sum("a.csv"), sum("b.csv"), sum("d.csv")];
        Manifest::new(&sources, files).write(d).unwrap();
        std::fs::write(d.join("b.csv"), "abd").unwrap();
        std::fs::write(d.join("c.csv"), "abcd").unwrap();
        std::fs::write(d.join("e.csv"), "new").unwrap();
        std::fs::write(d.join(".entigraph.lock"), "").unwrap();
        let found: Vec<String> = check(d)
            .unwrap()
            .unwrap()
            .iter()
            .map(|p| p.to_string().replace(&format!("{}/", d.display()), ""))
            .collect();
        assert_eq!(
            found,
            [
                format!("b.csv: its content differs from manifest.json (sha256 {ABC})"),
                "c.csv: 4 bytes, manifest.json says 3".to_string(),
                "d.csv: missing (listed in manifest.json)".to_string(),
                "e.csv: not part of the build manifest.json describes".to_string(),
            ]
        );
        let m = Manifest::read(d).unwrap().unwrap();
        let names: Vec<&str> = m.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.csv", "b.csv", "c.csv", "d.csv"]);
    }
}
