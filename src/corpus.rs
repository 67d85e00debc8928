//! Reading a corpus: folders of `.txt`/`.md` files, single files, JSONL files (`{"id", "text",
//! ...}` per line) and JSONL on standard input.
//!
//! Documents are streamed: [`Corpus::for_each_batch`] hands out batches of documents so that the
//! caller can process a batch in parallel and drop it. A document that cannot be read is reported
//! as a [`Diagnostic`] and skipped; the others are processed.
//!
//! Decoding: UTF-8 (a BOM is dropped), UTF-16 with a BOM (decoded). Invalid UTF-8 is reported
//! with the line of the first bad byte and the document is processed with U+FFFD replacement
//! characters (so nothing else in it is lost; offsets refer to the decoded text). A file with NUL
//! bytes in its first 8 KiB and no UTF-16 BOM is taken for binary, reported and skipped. A
//! document (file or JSONL line) larger than [`MAX_DOCUMENT_BYTES`] is reported and skipped.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Diagnostic, Error, Result};

/// One article.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// File name relative to the input folder, the file name of a single file, or the JSONL id.
    pub id: String,
    pub text: String,
    /// Other JSONL fields (`title`, `date`, `url`, ...), kept as document attributes.
    pub attrs: BTreeMap<String, Value>,
}

/// Where documents come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A text file; `id` is its name relative to the folder it was found in.
    Text { path: PathBuf, id: String },
    /// A JSONL file, one document per line.
    Jsonl(PathBuf),
    /// JSONL on standard input.
    Stdin,
}

/// The documents of a run, listed up front (files are read lazily, in order).
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub sources: Vec<Source>,
    /// The inputs as given.
    pub inputs: Vec<PathBuf>,
}

/// The largest document read (a text file, or one JSONL line): 256 MiB. Offsets are 32-bit in
/// the folded text and the pipeline holds ~25 bytes of memory per byte of a document, so a
/// larger one is reported and skipped rather than risk wrong offsets or running out of memory.
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// Extensions of the text files taken from folders.
const TEXT_EXTENSIONS: &[&str] = &["txt", "md"];

impl Corpus {
    /// Lists the documents of the inputs: folders (recursive, sorted, `*.txt` and `*.md`; symlink
    /// loops are detected; named pipes, sockets and devices in them are reported and skipped),
    /// files (any kind: `<(cmd)` works), `.jsonl` files and `-` for JSONL on stdin. A missing input is
    /// an error (usage); problems below a folder are diagnostics.
    pub fn open(inputs: &[PathBuf], diags: &mut Vec<Diagnostic>) -> Result<Corpus> {
        let mut sources = Vec::new();
        for input in inputs {
            if input.as_os_str() == "-" {
                sources.push(Source::Stdin);
                continue;
            }
            let meta = fs::metadata(input).map_err(|e| Error::io(input, e))?;
            if meta.is_dir() {
                let mut seen = HashSet::new();
                let mut files = Vec::new();
                walk(input, input, &mut seen, &mut files, diags);
                files.sort();
                for (id, path) in files {
                    if is_jsonl(&path) {
                        sources.push(Source::Jsonl(path));
                    } else {
                        sources.push(Source::Text { path, id });
                    }
                }
            } else if is_jsonl(input) {
                sources.push(Source::Jsonl(input.clone()));
            } else {
                let id = input
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| input.display().to_string());
                sources.push(Source::Text {
                    path: input.clone(),
                    id,
                });
            }
        }
        Ok(Corpus {
            sources,
            inputs: inputs.to_vec(),
        })
    }

    /// [`Corpus::for_each_batch`] with the reading (and JSON parsing) on a thread of its own, one
    /// batch ahead: `f` works on a batch while the next one is read. Returns what reading
    /// reported (unreadable documents, bad lines, duplicate ids), in order.
    pub fn for_each_batch_read_ahead(
        &self,
        batch_bytes: usize,
        mut f: impl FnMut(Vec<Document>),
    ) -> Vec<Diagnostic> {
        std::thread::scope(|scope| {
            // One batch waits in the channel while `f` works: memory stays bounded.
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Document>>(1);
            let reader = scope.spawn(move || {
                let mut problems = Vec::new();
                self.for_each_batch(batch_bytes, &mut problems, |batch| {
                    // The receiver only goes away early when `f` panicked.
                    let _ = tx.send(batch);
                });
                problems
            });
            for batch in rx {
                f(batch);
            }
            reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// Reads every document in order and calls `f` with batches of about `batch_bytes` of text.
    /// Unreadable documents and bad JSONL lines are pushed to `diags` and skipped; duplicate ids
    /// are reported and the later document gets a `#2`, `#3` suffix.
    pub fn for_each_batch(
        &self,
        batch_bytes: usize,
        diags: &mut Vec<Diagnostic>,
        mut f: impl FnMut(Vec<Document>),
    ) {
        let mut batch = Vec::new();
        let mut size = 0;
        let mut ids: HashSet<String> = HashSet::new();
        let mut push = |mut doc: Document,
                        origin: &str,
                        line: Option<usize>,
                        diags: &mut Vec<Diagnostic>,
                        batch: &mut Vec<Document>,
                        size: &mut usize| {
            if !ids.insert(doc.id.clone()) {
                let mut n = 2;
                while ids.contains(&format!("{}#{n}", doc.id)) {
                    n += 1;
                }
                let new = format!("{}#{n}", doc.id);
                diags.push(Diagnostic {
                    path: origin.to_string(),
                    line,
                    message: format!("duplicate document id {:?}; kept as {:?}", doc.id, new),
                });
                ids.insert(new.clone());
                doc.id = new;
            }
            *size += doc.text.len();
            batch.push(doc);
        };
        for src in &self.sources {
            match src {
                Source::Text { path, id } => match read_text_file(path) {
                    Ok((text, warn)) => {
                        if let Some(w) = warn {
                            diags.push(w);
                        }
                        let doc = Document {
                            id: id.clone(),
                            text,
                            attrs: BTreeMap::new(),
                        };
                        push(
                            doc,
                            &path.display().to_string(),
                            None,
                            diags,
                            &mut batch,
                            &mut size,
                        );
                    }
                    Err(d) => diags.push(d),
                },
                Source::Jsonl(path) => match fs::File::open(path) {
                    Ok(file) => {
                        let name = path.display().to_string();
                        read_jsonl(BufReader::new(file), &name, diags, |doc, line, diags| {
                            push(doc, &name, Some(line), diags, &mut batch, &mut size);
                            if size >= batch_bytes {
                                f(std::mem::take(&mut batch));
                                size = 0;
                            }
                        })
                    }
                    Err(e) => diags.push(Diagnostic {
                        path: path.display().to_string(),
                        line: None,
                        message: format!("cannot open: {e}"),
                    }),
                },
                Source::Stdin => {
                    let stdin = io::stdin();
                    read_jsonl(stdin.lock(), "-", diags, |doc, line, diags| {
                        push(doc, "-", Some(line), diags, &mut batch, &mut size);
                        if size >= batch_bytes {
                            f(std::mem::take(&mut batch));
                            size = 0;
                        }
                    })
                }
            }
            if size >= batch_bytes {
                f(std::mem::take(&mut batch));
                size = 0;
            }
        }
        if !batch.is_empty() {
            f(batch);
        }
    }
}

fn is_jsonl(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "jsonl")
}

fn walk(
    root: &Path,
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<(String, PathBuf)>,
    diags: &mut Vec<Diagnostic>,
) {
    let canon = match fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => {
            diags.push(Diagnostic {
                path: dir.display().to_string(),
                line: None,
                message: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    if !seen.insert(canon) {
        diags.push(Diagnostic {
            path: dir.display().to_string(),
            line: None,
            message: "symlink loop: folder already visited, skipped".into(),
        });
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic {
                path: dir.display().to_string(),
                line: None,
                message: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for path in children {
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                diags.push(Diagnostic {
                    path: path.display().to_string(),
                    line: None,
                    message: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TEXT_EXTENSIONS.contains(&e) || e == "jsonl");
        if meta.is_dir() {
            walk(root, &path, seen, out, diags);
        } else if wanted && !meta.is_file() {
            // A named pipe, socket or device in a folder would block the run or never end.
            diags.push(Diagnostic {
                path: path.display().to_string(),
                line: None,
                message: "not a regular file (named pipe, socket or device): skipped".into(),
            });
        } else if wanted {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let id = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((id, path));
        }
    }
}

/// Reads and decodes a text file. Returns the text and, for lossy decoding, a warning.
fn read_text_file(path: &Path) -> std::result::Result<(String, Option<Diagnostic>), Diagnostic> {
    let name = path.display().to_string();
    let cannot = |e: io::Error| Diagnostic {
        path: name.clone(),
        line: None,
        message: format!("cannot read: {e}"),
    };
    let too_big = || Diagnostic {
        path: name.clone(),
        line: None,
        message: format!(
            "larger than {} MiB, the limit for one document: skipped",
            MAX_DOCUMENT_BYTES >> 20
        ),
    };
    let file = fs::File::open(path).map_err(cannot)?;
    if file
        .metadata()
        .is_ok_and(|m| m.len() > MAX_DOCUMENT_BYTES as u64)
    {
        return Err(too_big());
    }
    // `take`: a pipe or a file that grows while it is read cannot exceed the limit either.
    let mut bytes = Vec::new();
    file.take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(too_big());
    }
    decode(&bytes, &name)
}

/// Reads one line (up to and including `\n`) into `buf`, keeping at most `max + 1` bytes of it;
/// the rest of a longer line is read and dropped. Returns the number of bytes of the line.
fn read_line_limited(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<usize> {
    let mut total = 0;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(total);
        }
        let (n, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = (max + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..n.min(room)]);
        reader.consume(n);
        total += n;
        if done {
            return Ok(total);
        }
    }
}

/// Decodes the bytes of a document (see the module documentation).
pub fn decode(
    bytes: &[u8],
    name: &str,
) -> std::result::Result<(String, Option<Diagnostic>), Diagnostic> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest, name);
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        let text = String::from_utf16_lossy(&units);
        let warn = text.contains('\u{FFFD}').then(|| Diagnostic {
            path: name.to_string(),
            line: None,
            message: "invalid UTF-16: bad code units replaced with U+FFFD".into(),
        });
        Ok((text, warn))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(Diagnostic {
            path: name.to_string(),
            line: None,
            message: "binary file (NUL bytes, no UTF-16 byte-order mark): skipped".into(),
        });
    }
    decode_utf8(bytes, name)
}

fn decode_utf8(
    bytes: &[u8],
    name: &str,
) -> std::result::Result<(String, Option<Diagnostic>), Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Ok((
                String::from_utf8_lossy(bytes).into_owned(),
                Some(Diagnostic {
                    path: name.to_string(),
                    line: Some(line),
                    message: format!(
                        "invalid UTF-8 at byte {at}: processed with U+FFFD replacement characters"
                    ),
                }),
            ))
        }
    }
}

/// Reads JSONL held in memory exactly as a `.jsonl` file is read (bad lines reported in `diags`
/// and skipped; duplicate ids are not renamed here). For fuzzing and tests.
pub fn read_jsonl_bytes(bytes: &[u8], name: &str, diags: &mut Vec<Diagnostic>) -> Vec<Document> {
    let mut docs = Vec::new();
    read_jsonl(bytes, name, diags, |d, _, _| docs.push(d));
    docs
}

/// Reads JSONL line by line (never the whole input at once).
fn read_jsonl(
    mut reader: impl BufRead,
    name: &str,
    diags: &mut Vec<Diagnostic>,
    mut f: impl FnMut(Document, usize, &mut Vec<Diagnostic>),
) {
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        match read_line_limited(&mut reader, &mut buf, MAX_DOCUMENT_BYTES) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                diags.push(Diagnostic {
                    path: name.to_string(),
                    line: Some(line_no + 1),
                    message: format!("read error: {e}"),
                });
                break;
            }
        }
        line_no += 1;
        if buf.len() > MAX_DOCUMENT_BYTES {
            diags.push(Diagnostic {
                path: name.to_string(),
                line: Some(line_no),
                message: format!(
                    "line longer than {} MiB, the limit for one document: skipped",
                    MAX_DOCUMENT_BYTES >> 20
                ),
            });
            continue;
        }
        let bytes = if line_no == 1 {
            buf.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&buf)
        } else {
            &buf[..]
        };
        let trimmed = bytes.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        let bad = |msg: String| Diagnostic {
            path: name.to_string(),
            line: Some(line_no),
            message: msg,
        };
        let value: Value = match serde_json::from_slice(trimmed) {
            Ok(v) => v,
            Err(e) => {
                diags.push(bad(format!("invalid JSON: {e}; line skipped")));
                continue;
            }
        };
        let Value::Object(mut obj) = value else {
            diags.push(bad("not a JSON object; line skipped".into()));
            continue;
        };
        let field = |obj: &mut serde_json::Map<String, Value>, key: &str| match obj.remove(key) {
            Some(Value::String(v)) => Ok(v),
            Some(other) => Err(format!(
                "\"{key}\" must be a string, found {}; line skipped",
                json_kind(&other)
            )),
            None => Err(format!("missing \"{key}\"; line skipped")),
        };
        let (id, text) = match (field(&mut obj, "id"), field(&mut obj, "text")) {
            (Ok(id), _) if id.is_empty() => {
                diags.push(bad("empty \"id\"; line skipped".into()));
                continue;
            }
            (Ok(id), Ok(text)) => (id, text),
            (Err(m), _) | (_, Err(m)) => {
                diags.push(bad(m));
                continue;
            }
        };
        let attrs = obj.into_iter().collect();
        f(Document { id, text, attrs }, line_no, diags);
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_reports_bad_utf8() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc", "x").unwrap().0, "abc");
        let le = [0xFF, 0xFE, b'h', 0, b'i', 0];
        assert_eq!(decode(&le, "x").unwrap().0, "hi");
        let (t, w) = decode(b"ok\nbad \xFF here", "f.txt").unwrap();
        assert_eq!(t, "ok\nbad \u{FFFD} here");
        assert_eq!(w.unwrap().line, Some(2));
        assert!(decode(b"\x00\x01\x02", "b.bin").is_err());
    }

    #[test]
    fn long_lines_are_cut_and_the_next_line_is_read() {
        let data = b"0123456789abcdef\nxy\nlast";
        let mut r = io::BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line_limited(&mut r, &mut buf, 5).unwrap(), 17);
        assert_eq!(buf, b"012345");
        buf.clear();
        assert_eq!(read_line_limited(&mut r, &mut buf, 5).unwrap(), 3);
        assert_eq!(buf, b"xy\n");
        buf.clear();
        assert_eq!(read_line_limited(&mut r, &mut buf, 5).unwrap(), 4);
        assert_eq!(buf, b"last");
        buf.clear();
        assert_eq!(read_line_limited(&mut r, &mut buf, 5).unwrap(), 0);
    }

    #[test]
    fn jsonl_lines_report_problems_and_keep_the_rest() {
        let input = "{\"id\":\"a\",\"text\":\"x\",\"title\":\"T\"}\n{broken\n{\"id\":3,\"text\":\"y\"}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"text\":\"z\"}\n";
        let mut diags = Vec::new();
        let mut docs = Vec::new();
        read_jsonl(input.as_bytes(), "in.jsonl", &mut diags, |d, _, _| {
            docs.push(d)
        });
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].attrs["title"], Value::String("T".into()));
        let lines: Vec<_> = diags.iter().map(|d| d.line.unwrap()).collect();
        assert_eq!(lines, vec![2, 3, 4]);
    }
}
