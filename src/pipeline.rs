//! The pipeline: read → extract → names → resolve → structure, each stage's products handed to
//! the next; [`analyse`] runs them and gives the [`Analysis`], which
//! [`crate::graph::build_graph`] turns into the knowledge graph and [`crate::export`] writes.
//! [`extract_to`] is the `extract` command: extraction alone, streamed.
//!
//! Documents are read in batches and each batch is processed in parallel (rayon); what survives
//! a document is compact: its mentions as offsets and ids (surfaces interned once per run), the
//! signers of its signature blocks, the runs that propagation looks at (interned too) and its
//! letter frames, never its text. Results are put back in document order, so the output does not
//! depend on the thread count. Resolution works on the distinct names, and `mentions.csv` is
//! streamed from the compact mentions ([`crate::export::MentionTable`]).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{self, Write};
use std::time::Instant;

use rayon::prelude::*;

use crate::analysis::{Analysis, DocResult};
use crate::corpus::{Corpus, Document};
use crate::error::{Diagnostic, Result};
use crate::extract::{self, DocExtraction};
use crate::gazetteer::Gazetteer;
use crate::graph::KnowledgeGraph;
use crate::names::Gathered;
use crate::partials::Partials;
use crate::resolve::{self, Resolution, ResolveInput};
use crate::structure::{self, DocStructure, ResolvedDoc, Structure};
use crate::types::EntityType;

/// Batch size: about this many bytes of text are read, processed in parallel and dropped.
/// Three batches are in memory at once (one processed, one waiting, one being read); 16 MB
/// instead of 32 MB lowered the peak of a 100 MB build by about 30 MB at the same speed.
pub const BATCH_BYTES: usize = 16 << 20;

/// Runs extraction (with the spelling variants of gazetteer names) and structure on one
/// document.
pub fn process_document(
    text: &str,
    gaz: &Gazetteer,
    variants: &resolve::VariantIndex,
) -> (DocExtraction, DocStructure) {
    let folded = crate::text::Folded::new(text);
    let phrases = gaz.rules.phrase_hits(&folded.text);
    let mut ex = extract::extract_folded(text, &folded, &phrases, gaz);
    let found = variants.find(text, &ex.mentions, &gaz.rules);
    if !found.is_empty() {
        // Runs now covered by a variant are no longer candidates for propagation.
        let mut spans: Vec<(usize, usize)> = found.iter().map(|m| (m.start, m.end)).collect();
        spans.sort_unstable();
        ex.candidates.retain(|&(s, e, _)| {
            let i = spans.partition_point(|&(_, ve)| ve <= s);
            spans.get(i).is_none_or(|&(vs, _)| vs >= e)
        });
        // Appended: signature blocks refer to mentions by index.
        ex.mentions.extend(found);
    }
    let st = structure::frames_folded(text, &folded, &phrases, &ex, gaz);
    (ex, st)
}

/// Reads the corpus and runs every stage up to the letters and events.
pub fn analyse(
    corpus: &Corpus,
    gaz: &Gazetteer,
    diagnostics: Vec<Diagnostic>,
    progress: &dyn Fn(usize, usize),
) -> Result<Analysis> {
    analyse_with(corpus, None, gaz, diagnostics, progress)
}

/// [`analyse`] of the corpus and of the documents of `partials` (`build --partials`): their
/// records go to the names stage as the corpus's documents do. A partials header of another
/// format or gazetteer is an error.
pub fn analyse_with(
    corpus: &Corpus,
    partials: Option<&mut Partials>,
    gaz: &Gazetteer,
    mut diagnostics: Vec<Diagnostic>,
    progress: &dyn Fn(usize, usize),
) -> Result<Analysis> {
    let tv = Instant::now();
    let variants = resolve::VariantIndex::new(gaz);
    let t_variants = tv.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let gathered = read_and_extract(corpus, partials, gaz, &variants, &mut diagnostics, progress)?;
    let t_extract = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let named = gathered.finish();
    let overrides = load_overrides(gaz, &mut diagnostics);
    let t_names = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    let input = ResolveInput {
        names: &named.names,
        gazetteer: gaz,
        cannot_link: &named.cannot_link,
        together: &named.together,
        overrides: &overrides,
        same: &named.same,
        antecedents: &named.antecedents,
    };
    let resolution = resolve::resolve(&input);
    // Problems in files (contradicting overrides) are input errors; what resolution reports
    // about names (an ambiguous surname left unresolved) is a note.
    let mut notes = Vec::new();
    for d in &resolution.diagnostics {
        if d.path == "resolve" {
            notes.push(d.clone());
        } else {
            diagnostics.push(d.clone());
        }
    }
    let t_resolve = t2.elapsed().as_secs_f64();

    let t3 = Instant::now();
    let structure = assemble(named.structures, &named.docs, &resolution);
    let t_structure = t3.elapsed().as_secs_f64();

    Ok(Analysis {
        docs: named.docs,
        names: named.names,
        resolution,
        structure,
        diagnostics,
        notes,
        timings: vec![
            ("variant index", t_variants),
            ("extract", t_extract),
            ("names", t_names),
            ("resolve", t_resolve),
            ("structure", t_structure),
        ],
        cannot_link: named.cannot_link,
        together: named.together,
        same: named.same,
        antecedents: named.antecedents,
        overrides,
    })
}

/// The extract stage over the corpus: documents are read in batches (reading the next overlaps
/// with processing this one), each batch processed in parallel, and what survives each document
/// kept for the names stage; then the records of `partials`. Input problems and documents that
/// could not be processed are added to `diagnostics`.
fn read_and_extract(
    corpus: &Corpus,
    partials: Option<&mut Partials>,
    gaz: &Gazetteer,
    variants: &resolve::VariantIndex,
    diagnostics: &mut Vec<Diagnostic>,
    progress: &dyn Fn(usize, usize),
) -> Result<Gathered> {
    let mut gathered = Gathered::default();
    let mut bytes = 0usize;
    let mut failed: Vec<Diagnostic> = Vec::new();
    // The ids taken, when partials follow (their documents must not take one again).
    let mut ids: HashSet<String> = HashSet::new();
    let track_ids = partials.is_some();
    let mut process_batch = |batch: Vec<Document>| {
        bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
        if track_ids {
            ids.extend(batch.iter().map(|d| d.id.clone()));
        }
        let results: Vec<Result<(DocExtraction, DocStructure), &'static str>> = batch
            .par_iter()
            .map(|d| {
                if u32::try_from(d.text.len()).is_err() {
                    return Err("document larger than 4 GiB: skipped");
                }
                // A bug in a rule must not cost the other documents: a panic while processing
                // one document is reported and that document skipped.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    process_document(&d.text, gaz, variants)
                }))
                .map_err(|_| "internal error while processing this document (please report it with the document): skipped")
            })
            .collect();
        for (d, r) in batch.iter().zip(results) {
            match r {
                Ok((ex, st)) => gathered.keep(d.id.clone(), ex, st),
                Err(message) => failed.push(Diagnostic {
                    path: d.id.clone(),
                    line: None,
                    message: message.into(),
                }),
            }
        }
        progress(gathered.len(), bytes);
    };
    // Reading (and JSON parsing) of the next batch overlaps with processing of this one.
    let read_problems = corpus.for_each_batch_read_ahead(BATCH_BYTES, &mut process_batch);
    diagnostics.extend(read_problems);
    diagnostics.append(&mut failed);
    if let Some(p) = partials {
        p.read_into(gaz.entries.len(), &mut ids, diagnostics, |id, ex, st| {
            gathered.keep(id, ex, st)
        })?;
        progress(gathered.len(), bytes);
    }
    if gathered.is_empty() {
        let inputs: Vec<String> = corpus
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        diagnostics.push(Diagnostic {
            path: inputs.join(", "),
            line: None,
            message: "no documents found (folders are searched for *.txt and *.md; JSONL needs \"id\" and \"text\")".into(),
        });
    }
    Ok(gathered)
}

/// The structure stage, corpus-wide: each document's frames with their mentions resolved, merged
/// into the letters and events of the corpus.
fn assemble(
    structures: Vec<DocStructure>,
    docs: &[DocResult],
    resolution: &Resolution,
) -> Structure {
    let rdocs: Vec<ResolvedDoc> = structures
        .into_iter()
        .zip(docs)
        .enumerate()
        .map(|(di, (structure, d))| resolved_doc(di as u32, d, structure, resolution))
        .collect();
    let ents = &resolution.entities;
    let slug_of = |e: usize| {
        ents[e]
            .id
            .split_once(':')
            .map_or(ents[e].id.clone(), |x| x.1.to_string())
    };
    let label_of = |e: usize| ents[e].name.clone();
    structure::assemble(&rdocs, &slug_of, &label_of)
}

/// A document's frames and events with the mentions they refer to resolved. Only those
/// mentions are given to [`structure::assemble`], renumbered in order.
fn resolved_doc(
    doc: u32,
    d: &DocResult,
    mut structure: DocStructure,
    resolution: &Resolution,
) -> ResolvedDoc {
    let mut used: Vec<usize> = Vec::new();
    for f in &structure.frames {
        used.extend(&f.signers);
        used.extend(f.prison.iter().chain(&f.recipient).chain(&f.publisher));
    }
    for e in &structure.events {
        used.extend(e.city.iter().chain(&e.organizer));
    }
    used.sort_unstable();
    used.dedup();
    let new = |m: usize| {
        used.binary_search(&m)
            .expect("a mention the frames refer to")
    };
    for f in &mut structure.frames {
        for m in &mut f.signers {
            *m = new(*m);
        }
        for m in [&mut f.prison, &mut f.recipient, &mut f.publisher] {
            *m = m.map(new);
        }
    }
    for e in &mut structure.events {
        e.city = e.city.map(new);
        e.organizer = e.organizer.map(new);
    }
    let ms = used.iter().map(|&m| &d.mentions[m]);
    ResolvedDoc {
        doc,
        name: d.name.clone(),
        entity_of: ms
            .clone()
            .map(|m| resolution.entity_of(m.name as usize, doc))
            .collect(),
        spans: ms.map(|m| (m.start as usize, m.end as usize)).collect(),
        structure,
    }
}

/// The user's same/different links (`overrides.tsv` in the gazetteer folder); a malformed file
/// is reported and ignored.
fn load_overrides(gaz: &Gazetteer, diagnostics: &mut Vec<Diagnostic>) -> Vec<resolve::Override> {
    let path = gaz.dir.join("overrides.tsv");
    match resolve::load_overrides(&path) {
        Ok(o) => o,
        Err(crate::Error::Parse {
            path,
            line,
            message,
        }) => {
            diagnostics.push(Diagnostic {
                path: path.display().to_string(),
                line: Some(line),
                message: format!("{message}; overrides.tsv ignored"),
            });
            Vec::new()
        }
        Err(e) => {
            diagnostics.push(Diagnostic {
                path: path.display().to_string(),
                line: None,
                message: format!("{e}; overrides.tsv ignored"),
            });
            Vec::new()
        }
    }
}

/// The `extract` command: extraction alone (no names, resolution or letters), one JSON line per
/// mention written to `w` ([`extract::mention_json`]) as the corpus is read in batches (half a
/// build's), each processed in parallel; `progress` gets the documents and bytes done. Returns
/// the input problems, and the first write error (writing stops there).
pub fn extract_to<W: Write>(
    corpus: &Corpus,
    gaz: &Gazetteer,
    w: &mut W,
    progress: &dyn Fn(usize, usize),
) -> (Vec<Diagnostic>, Option<io::Error>) {
    let variants = resolve::VariantIndex::new(gaz);
    let mut failed: Option<io::Error> = None;
    let (mut docs, mut bytes) = (0, 0);
    // Reading the next batch overlaps with processing this one.
    let read_problems = corpus.for_each_batch_read_ahead(BATCH_BYTES / 2, |batch| {
        if failed.is_some() {
            return;
        }
        docs += batch.len();
        bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
        let lines: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|d| {
                let (ex, _) = process_document(&d.text, gaz, &variants);
                let mut document = Vec::new();
                extract::json_string(&mut document, &d.id);
                // A line is about 150 bytes.
                let mut buf = Vec::with_capacity(ex.mentions.len() * 192);
                for m in &ex.mentions {
                    extract::mention_json(&mut buf, &document, m, gaz);
                }
                buf
            })
            .collect();
        for l in lines {
            if let Err(e) = w.write_all(&l) {
                failed = Some(e);
                return;
            }
        }
        progress(docs, bytes);
    });
    (read_problems, failed)
}

/// The summary a build prints: documents, mentions, entities by type, letters, edges, time.
pub fn summary(a: &Analysis, g: &KnowledgeGraph, seconds: f64) -> String {
    use std::fmt::Write;
    let mentions = a.mention_count();
    let by_type = g.count_by_type();
    let mut rel: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, e) in g.edges() {
        *rel.entry(e.relation.as_str()).or_insert(0) += 1;
    }
    let cosigners: BTreeSet<&str> = g
        .edges()
        .filter(|(_, _, e)| e.relation == "SIGNED" || e.relation == "CO_SIGNED")
        .flat_map(|(s, t, e)| {
            if e.relation == "SIGNED" {
                vec![s.id.as_str()]
            } else {
                vec![s.id.as_str(), t.id.as_str()]
            }
        })
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "entigraph: {} documents, {} mentions, {} entities, {} letters, {} events; graph: {} nodes, {} edges; co-signature network: {} nodes, {} edges ({seconds:.2} s)",
        a.docs.len(),
        mentions,
        by_type
            .iter()
            .filter(|(t, _)| !matches!(t, EntityType::Letter | EntityType::Event))
            .map(|(_, n)| n)
            .sum::<usize>(),
        by_type.get(&EntityType::Letter).copied().unwrap_or(0),
        by_type.get(&EntityType::Event).copied().unwrap_or(0),
        g.node_count(),
        g.edge_count(),
        cosigners.len(),
        rel.get("CO_SIGNED").copied().unwrap_or(0),
    );
    let types: Vec<String> = by_type.iter().map(|(t, n)| format!("{t} {n}")).collect();
    let _ = writeln!(out, "  nodes by type: {}", types.join(", "));
    let rels: Vec<String> = rel.iter().map(|(r, n)| format!("{r} {n}")).collect();
    let _ = write!(out, "  edges by relation: {}", rels.join(", "));
    let stages: Vec<String> = a
        .timings
        .iter()
        .map(|(s, t)| format!("{s} {t:.2} s"))
        .collect();
    let _ = write!(out, "\n  stages: {}", stages.join(", "));
    out
}
