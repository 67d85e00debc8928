//! The reading side of `build --partials`: every header checked against this tool's format and
//! the gazetteer given, every record decoded (in parallel, a batch of lines at a time) and handed
//! to the names stage; later, once the graph says which passages the page quotes, the files are
//! read again for the excerpts of those documents only (as a plain build reads its corpus again).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{DiagFields, Header, Record, FORMAT, M};
use crate::error::{Diagnostic, Error, Result};
use crate::extract::DocExtraction;
use crate::page::texts::{Texts, Want};
use crate::structure::DocStructure;

/// About this many bytes of lines are decoded at once.
const BATCH_BYTES: usize = 16 << 20;

/// Partials files to build from.
#[derive(Debug, Default)]
pub struct Partials {
    files: Vec<PathBuf>,
    /// The gazetteer digest every header must name (`sha256:...`).
    gazetteer: String,
    /// Documents whose id was taken already, by (file index, line): the id they were kept as.
    renamed: HashMap<(usize, usize), String>,
}

/// A line as the first reading sees it (the excerpts are skipped).
#[derive(Deserialize, Default)]
#[serde(default)]
struct Line {
    format: Option<String>,
    tool: Option<String>,
    gazetteer: Option<String>,
    doc: Option<String>,
    len: u64,
    m: Vec<M>,
    b: Vec<Vec<u32>>,
    c: Vec<(u32, String)>,
    same: Vec<(u32, u32)>,
    st: DocStructure,
    #[allow(dead_code)]
    x: IgnoredAny,
    diag: Option<DiagFields>,
}

/// A document's id and excerpts, for the second reading.
#[derive(Deserialize, Default)]
#[serde(default)]
struct TextLine {
    doc: Option<String>,
    len: u64,
    x: Vec<(u32, String)>,
}

/// A document's id alone.
#[derive(Deserialize, Default)]
#[serde(default)]
struct IdLine {
    doc: Option<String>,
}

/// What a line holds, decoded.
pub(super) enum Decoded {
    Header(Header),
    Doc(String, Box<(DocExtraction, DocStructure)>),
    Diag(Diagnostic),
    Blank,
    Bad(String),
}

impl Partials {
    /// The partials `files`, each starting with a header of this format and of the gazetteer
    /// whose digest is `gazetteer_sha256`. A missing file, a file that does not start with a
    /// header, or a header of another format or gazetteer is an error naming the file.
    pub fn open(files: &[PathBuf], gazetteer_sha256: &str) -> Result<Partials> {
        let p = Partials {
            files: files.to_vec(),
            gazetteer: format!("sha256:{gazetteer_sha256}"),
            renamed: HashMap::new(),
        };
        for path in files {
            let mut first = Vec::new();
            let file = File::open(path).map_err(|e| Error::io(path, e))?;
            BufReader::new(file)
                .read_until(b'\n', &mut first)
                .map_err(|e| Error::io(path, e))?;
            match decode(&first, 0) {
                Decoded::Header(h) => p.check(&h, path, 1)?,
                _ => {
                    return Err(Error::parse(
                        path,
                        1,
                        format!("not a partials file: the first line is not an {FORMAT} header (make partials with `entigraph map`)"),
                    ))
                }
            }
        }
        Ok(p)
    }

    /// The files.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// A header against this tool's format and the gazetteer.
    fn check(&self, h: &Header, path: &Path, line: usize) -> Result<()> {
        if h.format != FORMAT {
            return Err(Error::parse(
                path,
                line,
                format!(
                    "partials of format {:?} (made by {}); this entigraph reads {FORMAT}: map the documents again",
                    h.format, h.tool
                ),
            ));
        }
        if h.gazetteer != self.gazetteer {
            return Err(Error::parse(
                path,
                line,
                format!(
                    "partials made with another gazetteer ({}) than the one given ({}): map the documents again with this gazetteer, or build with the gazetteer they were made with",
                    h.gazetteer, self.gazetteer
                ),
            ));
        }
        Ok(())
    }

    /// Reads every record, in file order, and gives `keep` each document's id, extraction and
    /// structure. `entries` is the number of gazetteer entries; `ids` the ids taken so far (a
    /// document whose id is taken is kept as `id#2`, `id#3`, reported as the corpus reports
    /// it). Malformed lines and the problems `map` reported go to `diags`; a header of another
    /// format or gazetteer is an error. Returns the number of documents.
    pub fn read_into(
        &mut self,
        entries: usize,
        ids: &mut HashSet<String>,
        diags: &mut Vec<Diagnostic>,
        mut keep: impl FnMut(String, DocExtraction, DocStructure),
    ) -> Result<usize> {
        let mut docs = 0;
        for (fi, path) in self.files.clone().iter().enumerate() {
            let name = path.display().to_string();
            for_each_batch(path, |batch| {
                let decoded: Vec<Decoded> = batch
                    .par_iter()
                    .map(|(_, bytes)| decode(bytes, entries))
                    .collect();
                for ((line, _), d) in batch.iter().zip(decoded) {
                    let at = |message: String| Diagnostic {
                        path: name.clone(),
                        line: Some(*line),
                        message,
                    };
                    match d {
                        Decoded::Header(h) => self.check(&h, path, *line)?,
                        Decoded::Doc(id, parts) => {
                            let id = match unique(id, ids) {
                                Ok(id) => id,
                                Err((old, new)) => {
                                    diags.push(at(format!(
                                        "duplicate document id {old:?}; kept as {new:?}"
                                    )));
                                    self.renamed.insert((fi, *line), new.clone());
                                    new
                                }
                            };
                            let (ex, st) = *parts;
                            keep(id, ex, st);
                            docs += 1;
                        }
                        Decoded::Diag(d) => diags.push(d),
                        Decoded::Blank => {}
                        Decoded::Bad(m) => {
                            diags.push(at(format!("malformed partial: {m}; line skipped")))
                        }
                    }
                }
                Ok(())
            })?;
        }
        Ok(docs)
    }

    /// Cuts the passages `wanted` (by document id) out of the excerpts the records carry.
    /// Reading problems are skipped ([`Partials::read_into`] reported them).
    pub fn add_texts(&self, wanted: &BTreeMap<Arc<str>, Vec<Want>>, texts: &mut Texts) {
        for (fi, path) in self.files.iter().enumerate() {
            let _ = for_each_batch(path, |batch| {
                let cut: Vec<(Arc<str>, TextLine)> = batch
                    .par_iter()
                    .filter_map(|(line, bytes)| {
                        let id = match self.renamed.get(&(fi, *line)) {
                            Some(id) => id.clone(),
                            None => serde_json::from_slice::<IdLine>(bytes).ok()?.doc?,
                        };
                        let (key, _) = wanted.get_key_value(id.as_str())?;
                        let t: TextLine = serde_json::from_slice(bytes).ok()?;
                        t.doc.is_some().then(|| (key.clone(), t))
                    })
                    .collect();
                for (key, t) in cut {
                    texts.cut_excerpts(&key, t.len as usize, &t.x, &wanted[&key]);
                }
                Ok(())
            });
        }
    }
}

/// `id`, or (when taken) `Err((id, id#n))` with the first free `n` from 2; the id returned is
/// taken.
fn unique(id: String, ids: &mut HashSet<String>) -> std::result::Result<String, (String, String)> {
    if ids.insert(id.clone()) {
        return Ok(id);
    }
    let new = (2..)
        .map(|n| format!("{id}#{n}"))
        .find(|n| !ids.contains(n))
        .expect("a free id");
    ids.insert(new.clone());
    Err((id, new))
}

/// Decodes one line (`entries`: the number of gazetteer entries).
pub(super) fn decode(bytes: &[u8], entries: usize) -> Decoded {
    let bytes = bytes.trim_ascii();
    if bytes.is_empty() {
        return Decoded::Blank;
    }
    let l: Line = match serde_json::from_slice(bytes) {
        Ok(l) => l,
        Err(e) => return Decoded::Bad(format!("invalid JSON: {e}")),
    };
    match (l.format, l.doc, l.diag) {
        (Some(format), None, None) => Decoded::Header(Header {
            format,
            tool: l.tool.unwrap_or_default(),
            gazetteer: l.gazetteer.unwrap_or_default(),
        }),
        (None, Some(doc), None) => {
            let r = Record {
                doc,
                len: l.len,
                m: l.m,
                b: l.b,
                c: l.c,
                same: l.same,
                st: l.st,
                x: Vec::new(),
            };
            let id = r.doc.clone();
            match r.into_parts(entries) {
                Ok(parts) => Decoded::Doc(id, Box::new(parts)),
                Err(m) => Decoded::Bad(format!("document {id:?}: {m}")),
            }
        }
        (None, None, Some(d)) => Decoded::Diag(d.into()),
        _ => Decoded::Bad(
            "not a header, document or diagnostic line (one of \"format\", \"doc\", \"diag\")"
                .into(),
        ),
    }
}

/// Reads `path` in batches of lines (1-based line number, bytes) and calls `f` with each.
fn for_each_batch(path: &Path, mut f: impl FnMut(&[(usize, Vec<u8>)]) -> Result<()>) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let (mut batch, mut size, mut line) = (Vec::new(), 0, 0);
    loop {
        let mut buf = Vec::new();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        line += 1;
        size += n;
        batch.push((line, buf));
        if size >= BATCH_BYTES {
            f(&batch)?;
            batch.clear();
            size = 0;
        }
    }
    if !batch.is_empty() {
        f(&batch)?;
    }
    Ok(())
}
