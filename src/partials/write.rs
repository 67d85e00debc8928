//! `entigraph map`: documents in, partials out, streamed. Documents are read in batches (as a
//! build reads them), each batch processed in parallel ([`crate::pipeline::process_document`])
//! and its records written in reading order; nothing of a batch is kept after it is written.

use std::io::{self, Write};

use rayon::prelude::*;

use super::{DiagLine, Header, Record};
use crate::corpus::Corpus;
use crate::error::Diagnostic;
use crate::gazetteer::Gazetteer;
use crate::pipeline::{process_document, BATCH_BYTES};
use crate::resolve;

/// Writes the partials of `corpus` to `w`: `header`, a record per document, then a line per
/// input problem (also returned, with the problems of documents that could not be processed).
/// `progress` gets the documents and bytes done. Stops at the first write error, returned too.
pub fn map_to<W: Write + ?Sized>(
    corpus: &Corpus,
    gaz: &Gazetteer,
    header: &Header,
    w: &mut W,
    progress: &dyn Fn(usize, usize),
) -> (Vec<Diagnostic>, Option<io::Error>) {
    let mut failed: Option<io::Error> = line(w, header).err();
    let variants = resolve::VariantIndex::new(gaz);
    let mut skipped: Vec<Diagnostic> = Vec::new();
    let (mut docs, mut bytes) = (0, 0);
    let mut problems = corpus.for_each_batch_read_ahead(BATCH_BYTES / 2, |batch| {
        if failed.is_some() {
            return;
        }
        docs += batch.len();
        bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
        let lines: Vec<Result<Vec<u8>, Diagnostic>> = batch
            .par_iter()
            .map(|d| {
                let skip = |message: &str| Diagnostic {
                    path: d.id.clone(),
                    line: None,
                    message: message.into(),
                };
                if u32::try_from(d.text.len()).is_err() {
                    return Err(skip("document larger than 4 GiB: skipped"));
                }
                // As in a build: a panic in a rule costs this document only.
                let (ex, st) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    process_document(&d.text, gaz, &variants)
                }))
                .map_err(|_| skip("internal error while processing this document (please report it with the document): skipped"))?;
                let mut buf = Vec::with_capacity(d.text.len() / 2);
                serde_json::to_writer(&mut buf, &Record::new(&d.id, &d.text, &ex, &st))
                    .expect("a record serializes");
                buf.push(b'\n');
                Ok(buf)
            })
            .collect();
        for l in lines {
            let written = match l {
                Ok(buf) => w.write_all(&buf),
                Err(d) => {
                    let written = line(w, &DiagLine::from(&d));
                    skipped.push(d);
                    written
                }
            };
            if let Err(e) = written {
                failed = Some(e);
                return;
            }
        }
        progress(docs, bytes);
    });
    if failed.is_none() {
        failed = problems
            .iter()
            .try_for_each(|d| line(w, &DiagLine::from(d)))
            .err();
    }
    problems.append(&mut skipped);
    (problems, failed)
}

/// Writes `value` as one JSON line.
fn line<W: Write + ?Sized, T: serde::Serialize>(w: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *w, value).map_err(io::Error::other)?;
    w.write_all(b"\n")
}
