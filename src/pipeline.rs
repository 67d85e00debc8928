//! The pipeline: read → extract → resolve → structure → graph, each stage's products handed to
//! the next. [`analyse`] runs the stages; [`build_graph`] turns their products into the
//! knowledge graph; exports are written by [`crate::export`].
//!
//! Documents are read in batches and each batch is processed in parallel (rayon); what survives
//! a document is its mentions (spans, surfaces, rules) and its letter frames, never its text.
//! Results are put back in document order, so the output does not depend on the thread count.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use rayon::prelude::*;

use crate::corpus::Corpus;
use crate::error::{Diagnostic, Result};
use crate::extract::{self, DocExtraction, Mention};
use crate::gazetteer::Gazetteer;
use crate::graph::{AttrValue, Edge, KnowledgeGraph, Node};
use crate::resolve::{self, NameInput, Resolution, ResolveInput};
use crate::structure::{self, DocStructure, Recipient, ResolvedDoc, Structure};
use crate::types::{EntityType, Evidence, Source};

/// Batch size: about this many bytes of text are read, processed in parallel and dropped.
pub const BATCH_BYTES: usize = 32 << 20;

/// What the stages produced for one document.
#[derive(Clone, Debug, Default)]
pub struct DocResult {
    /// Document id (file name relative to its folder, or JSONL id).
    pub name: String,
    pub extraction: DocExtraction,
    pub structure: DocStructure,
}

/// Everything the stages produced, before the graph.
#[derive(Debug, Default)]
pub struct Analysis {
    pub docs: Vec<DocResult>,
    /// Distinct names (type, surface) given to resolution.
    pub names: Vec<NameInput>,
    /// For each document, for each of its mentions, the index of its name.
    pub mention_names: Vec<Vec<usize>>,
    pub resolution: Resolution,
    pub structure: Structure,
    /// Input problems reported and skipped (the command exits with status 1).
    pub diagnostics: Vec<Diagnostic>,
    /// Remarks that are not input errors (a surname that fits several people, left unresolved).
    pub notes: Vec<Diagnostic>,
    /// Seconds spent per stage.
    pub timings: Vec<(&'static str, f64)>,
    /// Groups of names in one signature list (different people).
    pub cannot_link: Vec<Vec<usize>>,
    /// Groups of names that signed one letter.
    pub together: Vec<Vec<usize>>,
    /// Hard links from `overrides.tsv`.
    pub overrides: Vec<resolve::Override>,
}

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
    mut diagnostics: Vec<Diagnostic>,
    progress: &dyn Fn(usize, usize),
) -> Result<Analysis> {
    let tv = Instant::now();
    let variants = resolve::VariantIndex::new(gaz);
    let t_variants = tv.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let mut docs: Vec<DocResult> = Vec::new();
    let mut bytes = 0usize;
    let mut failed: Vec<Diagnostic> = Vec::new();
    let mut process_batch = |batch: Vec<crate::corpus::Document>| {
        bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
        let results: Vec<Result<DocResult, String>> = batch
            .par_iter()
            .map(|d| {
                // A bug in a rule must not cost the other documents: a panic while processing
                // one document is reported and that document skipped.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let (extraction, structure) = process_document(&d.text, gaz, &variants);
                    DocResult {
                        name: d.id.clone(),
                        extraction,
                        structure,
                    }
                }))
                .map_err(|_| d.id.clone())
            })
            .collect();
        for r in results {
            match r {
                Ok(doc) => docs.push(doc),
                Err(id) => failed.push(Diagnostic {
                    path: id,
                    line: None,
                    message: "internal error while processing this document (please report it with the document): skipped".into(),
                }),
            }
        }
        progress(docs.len(), bytes);
    };
    // Reading (and JSON parsing) of the next batch overlaps with processing of this one: a
    // reader thread hands batches over a channel that holds one.
    let read_problems = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<crate::corpus::Document>>(1);
        let reader = scope.spawn(move || {
            let mut problems = Vec::new();
            corpus.for_each_batch(BATCH_BYTES, &mut problems, |batch| {
                // The receiver only stops early when processing panicked.
                let _ = tx.send(batch);
            });
            problems
        });
        for batch in rx {
            process_batch(batch);
        }
        reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    diagnostics.extend(read_problems);
    diagnostics.append(&mut failed);
    if docs.is_empty() {
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
    let t_extract = t0.elapsed().as_secs_f64();

    // Names found by rules in one document are looked for in the others.
    let t1 = Instant::now();
    let mut exs: Vec<DocExtraction> = docs
        .iter_mut()
        .map(|d| std::mem::take(&mut d.extraction))
        .collect();
    extract::propagate(&mut exs);
    for (d, mut e) in docs.iter_mut().zip(exs) {
        e.candidates = Vec::new();
        d.extraction = e;
    }

    // Distinct names, in first-seen order.
    let mut names: Vec<NameInput> = Vec::new();
    let mut index: HashMap<(EntityType, String), usize> = HashMap::new();
    let mut mention_names: Vec<Vec<usize>> = Vec::with_capacity(docs.len());
    for (di, d) in docs.iter().enumerate() {
        let mut ids = Vec::with_capacity(d.extraction.mentions.len());
        for m in &d.extraction.mentions {
            let k = (m.etype, m.surface.clone());
            let n = *index.entry(k).or_insert_with(|| {
                names.push(NameInput {
                    etype: m.etype,
                    surface: m.surface.clone(),
                    entry: None,
                    docs: Vec::new(),
                });
                names.len() - 1
            });
            let ni = &mut names[n];
            if ni.entry.is_none() {
                ni.entry = m.entry.map(|e| e as usize);
            }
            match ni.docs.last_mut() {
                Some((doc, c)) if *doc == di as u32 => *c += 1,
                _ => ni.docs.push((di as u32, 1)),
            }
            ids.push(n);
        }
        mention_names.push(ids);
    }
    let mut cannot_link = Vec::new();
    let mut together = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        for b in &d.extraction.blocks {
            let g: BTreeSet<usize> = b.signers.iter().map(|&m| mention_names[di][m]).collect();
            if g.len() >= 2 {
                cannot_link.push(g.into_iter().collect());
            }
        }
        for f in &d.structure.frames {
            let g: BTreeSet<usize> = f.signers.iter().map(|&m| mention_names[di][m]).collect();
            if g.len() >= 2 {
                together.push(g.into_iter().collect());
            }
        }
    }
    let overrides = load_overrides(gaz, &mut diagnostics);
    let t_names = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    let input = ResolveInput {
        names: &names,
        gazetteer: gaz,
        cannot_link: &cannot_link,
        together: &together,
        overrides: &overrides,
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
    let rdocs: Vec<ResolvedDoc> = docs
        .iter()
        .enumerate()
        .map(|(di, d)| ResolvedDoc {
            doc: di as u32,
            name: d.name.clone(),
            structure: d.structure.clone(),
            entity_of: mention_names[di]
                .iter()
                .map(|&n| resolution.entity_of(n, di as u32))
                .collect(),
            spans: d
                .extraction
                .mentions
                .iter()
                .map(|m| (m.start, m.end))
                .collect(),
        })
        .collect();
    let ents = &resolution.entities;
    let slug_of = |e: usize| {
        ents[e]
            .id
            .split_once(':')
            .map_or(ents[e].id.clone(), |x| x.1.to_string())
    };
    let label_of = |e: usize| ents[e].name.clone();
    let structure = structure::assemble(&rdocs, &slug_of, &label_of);
    let t_structure = t3.elapsed().as_secs_f64();

    Ok(Analysis {
        docs,
        names,
        mention_names,
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
        cannot_link,
        together,
        overrides,
    })
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

/// The resolution input of an analysis (for `explain` and `review`).
pub fn resolve_input<'a>(a: &'a Analysis, gaz: &'a Gazetteer) -> ResolveInput<'a> {
    ResolveInput {
        names: &a.names,
        gazetteer: gaz,
        cannot_link: &a.cannot_link,
        together: &a.together,
        overrides: &a.overrides,
    }
}

/// Evidence spans kept per node: the first mention in each document.
fn first_per_doc(spans: &mut Vec<Evidence>) {
    spans.sort();
    spans.dedup_by(|a, b| a.document == b.document);
}

/// Builds the knowledge graph from the products of the stages.
pub fn build_graph(a: &Analysis, gaz: &Gazetteer) -> KnowledgeGraph {
    let ents = &a.resolution.entities;
    let doc_name = |d: u32| a.docs[d as usize].name.clone();
    // Per entity: surfaces, documents, mentions, evidence, rules.
    #[derive(Default)]
    struct Acc {
        surfaces: BTreeSet<String>,
        documents: BTreeSet<u32>,
        mentions: u64,
        evidence: Vec<Evidence>,
        rules: BTreeSet<&'static str>,
    }
    let mut acc: Vec<Acc> = (0..ents.len()).map(|_| Acc::default()).collect();
    for (di, d) in a.docs.iter().enumerate() {
        for (mi, m) in d.extraction.mentions.iter().enumerate() {
            let n = a.mention_names[di][mi];
            if let Some(e) = a.resolution.entity_of(n, di as u32) {
                let x = &mut acc[e];
                x.surfaces.insert(m.surface.clone());
                x.documents.insert(di as u32);
                x.mentions += 1;
                x.rules.insert(m.rule.as_str());
                x.evidence.push(Evidence {
                    document: d.name.clone(),
                    start: m.start,
                    end: m.end,
                });
            }
        }
    }
    let mut nodes: Vec<Node> = Vec::new();
    let mut edges: Vec<(String, String, Edge)> = Vec::new();
    let present: Vec<bool> = acc.iter().map(|x| x.mentions > 0).collect();
    for (i, e) in ents.iter().enumerate() {
        if !present[i] {
            continue;
        }
        let x = &mut acc[i];
        first_per_doc(&mut x.evidence);
        let mut attrs = BTreeMap::new();
        let mut aliases = Vec::new();
        if let Some(en) = e.entry.map(|k| &gaz.entries[k]) {
            aliases = en.aliases.clone();
            aliases.sort();
            for (k, v) in &en.attrs {
                if k == "ambiguous" {
                    continue;
                }
                let val = match v.parse::<i64>() {
                    Ok(n) if k == "population" => AttrValue::Int(n),
                    _ => AttrValue::Str(v.clone()),
                };
                attrs.insert(k.clone(), val);
            }
        }
        attrs.insert(
            "rules".into(),
            AttrValue::List(x.rules.iter().map(|s| s.to_string()).collect()),
        );
        let mut docs: Vec<String> = x.documents.iter().map(|&d| doc_name(d)).collect();
        docs.sort();
        nodes.push(Node {
            id: e.id.clone(),
            label: e.name.clone(),
            entity_type: e.etype,
            surfaces: x.surfaces.iter().cloned().collect(),
            aliases,
            documents: docs,
            mentions: x.mentions,
            source: e.source,
            date: None,
            attrs,
            evidence: std::mem::take(&mut x.evidence),
        });
        // A prison is located in its gazetteer city, when that city is in the graph.
        if let Some(en) = e.entry.map(|k| &gaz.entries[k]) {
            if let Some(city) = en.attrs.get("city") {
                if let Some(ci) = ents
                    .iter()
                    .position(|x| x.entry.is_some_and(|k| gaz.entries[k].id == *city))
                {
                    if present[ci] && ci != i {
                        edges.push((
                            e.id.clone(),
                            ents[ci].id.clone(),
                            edge("LOCATED_IN", 1.0, Vec::new(), None, Vec::new()),
                        ));
                    }
                }
            }
        }
    }
    let ev = |(d, s, e): (u32, usize, usize)| Evidence {
        document: doc_name(d),
        start: s,
        end: e,
    };
    // Events.
    for e in &a.structure.events {
        let mut attrs = BTreeMap::new();
        attrs.insert("kind".into(), AttrValue::Str(e.kind.clone()));
        nodes.push(Node {
            id: e.id.clone(),
            label: e.label.clone(),
            entity_type: EntityType::Event,
            surfaces: Vec::new(),
            aliases: Vec::new(),
            documents: e.documents.iter().map(|&d| doc_name(d)).collect(),
            mentions: e.evidence.len() as u64,
            source: Source::Rule,
            date: e.date.clone(),
            attrs,
            evidence: e.evidence.iter().copied().map(ev).collect(),
        });
        let evid: Vec<Evidence> = e.evidence.iter().copied().map(ev).collect();
        if let Some(c) = e.city.filter(|&c| present[c]) {
            edges.push((
                e.id.clone(),
                ents[c].id.clone(),
                edge("LOCATED_IN", 1.0, Vec::new(), e.date.clone(), evid.clone()),
            ));
        }
        if let Some(o) = e.organizer.filter(|&o| present[o]) {
            edges.push((
                e.id.clone(),
                ents[o].id.clone(),
                edge(
                    "ORGANIZED_BY",
                    1.0,
                    Vec::new(),
                    e.date.clone(),
                    evid.clone(),
                ),
            ));
        }
    }
    // Letters and the co-signature network.
    type CoSigned = (Vec<String>, Option<String>, Vec<Evidence>);
    let mut cosigned: BTreeMap<(usize, usize), CoSigned> = BTreeMap::new();
    let mut held: BTreeMap<(usize, usize), Vec<Evidence>> = BTreeMap::new();
    for l in &a.structure.letters {
        let mut attrs = BTreeMap::new();
        attrs.insert(
            "signer_count".into(),
            AttrValue::Int(l.signers.len() as i64),
        );
        attrs.insert(
            "signers".into(),
            AttrValue::List(l.signers.iter().map(|&s| ents[s].id.clone()).collect()),
        );
        attrs.insert(
            "kind".into(),
            AttrValue::Str(if l.statement { "statement" } else { "letter" }.into()),
        );
        if let Some(p) = l.prison {
            attrs.insert("prison".into(), AttrValue::Str(ents[p].id.clone()));
        }
        let rec_id = match &l.recipient {
            Some(Recipient::Entity(e)) => Some(ents[*e].id.clone()),
            Some(Recipient::Event(e)) => Some(a.structure.events[*e].id.clone()),
            None => None,
        };
        if let Some(r) = &rec_id {
            attrs.insert("recipient".into(), AttrValue::Str(r.clone()));
        }
        if let Some(p) = l.publisher {
            attrs.insert("publisher".into(), AttrValue::Str(ents[p].id.clone()));
        }
        if !l.quotes.is_empty() {
            attrs.insert(
                "quotes".into(),
                AttrValue::List(
                    l.quotes
                        .iter()
                        .map(|&(d, s, e)| format!("{}:{s}-{e}", doc_name(d)))
                        .collect(),
                ),
            );
        }
        let evid: Vec<Evidence> = l.evidence.iter().copied().map(ev).collect();
        nodes.push(Node {
            id: l.id.clone(),
            label: l.label.clone(),
            entity_type: EntityType::Letter,
            surfaces: Vec::new(),
            aliases: Vec::new(),
            documents: l.documents.iter().map(|&d| doc_name(d)).collect(),
            mentions: l.evidence.len() as u64,
            source: Source::Rule,
            date: l.date.clone(),
            attrs,
            evidence: evid.clone(),
        });
        let signer_ev = |s: usize| -> Vec<Evidence> {
            l.signer_evidence
                .iter()
                .filter(|x| x.0 == s)
                .map(|&(_, d, st, en)| ev((d, st, en)))
                .collect()
        };
        for &s in &l.signers {
            edges.push((
                ents[s].id.clone(),
                l.id.clone(),
                edge("SIGNED", 1.0, Vec::new(), l.date.clone(), signer_ev(s)),
            ));
            if let Some(p) = l.prison {
                held.entry((s, p)).or_default().extend(signer_ev(s));
            }
        }
        for (x, &s) in l.signers.iter().enumerate() {
            for &t in &l.signers[x + 1..] {
                let (p, q) = if ents[s].id < ents[t].id {
                    (s, t)
                } else {
                    (t, s)
                };
                let c = cosigned.entry((p, q)).or_default();
                c.0.push(l.id.clone());
                c.1 = min_date(c.1.take(), l.date.clone());
                c.2.extend(signer_ev(s));
                c.2.extend(signer_ev(t));
            }
        }
        if let Some(p) = l.prison {
            edges.push((
                l.id.clone(),
                ents[p].id.clone(),
                edge("WRITTEN_IN", 1.0, Vec::new(), l.date.clone(), evid.clone()),
            ));
        }
        if let Some(r) = rec_id {
            edges.push((
                l.id.clone(),
                r,
                edge(
                    "ADDRESSED_TO",
                    1.0,
                    Vec::new(),
                    l.date.clone(),
                    evid.clone(),
                ),
            ));
        }
        if let Some(p) = l.publisher {
            edges.push((
                l.id.clone(),
                ents[p].id.clone(),
                edge(
                    "PUBLISHED_BY",
                    1.0,
                    Vec::new(),
                    l.date.clone(),
                    evid.clone(),
                ),
            ));
        }
    }
    for ((s, p), mut evid) in held {
        evid.sort();
        evid.dedup();
        let w = evid.len().max(1) as f64;
        edges.push((
            ents[s].id.clone(),
            ents[p].id.clone(),
            edge("HELD_IN", w, Vec::new(), None, evid),
        ));
    }
    for ((s, t), (mut letters, date, mut evid)) in cosigned {
        letters.sort();
        letters.dedup();
        evid.sort();
        evid.dedup();
        let w = letters.len() as f64;
        edges.push((
            ents[s].id.clone(),
            ents[t].id.clone(),
            edge("CO_SIGNED", w, letters, date, evid),
        ));
    }
    KnowledgeGraph::from_parts(nodes, edges)
}

fn edge(
    relation: &str,
    weight: f64,
    letters: Vec<String>,
    date: Option<String>,
    evidence: Vec<Evidence>,
) -> Edge {
    Edge {
        relation: relation.to_string(),
        weight,
        letters,
        date,
        evidence,
    }
}

fn min_date(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// One mention, as written to `mentions.csv` and by `entigraph extract`.
#[derive(Clone, Debug, serde::Serialize)]
pub struct MentionRecord<'a> {
    pub document: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub entity_type: &'static str,
    /// Gazetteer id (`extract`) or resolved entity id (`mentions.csv`).
    pub entity: Option<String>,
    pub rule: &'static str,
}

/// The mention record of `m` in document `doc` with a gazetteer id.
pub fn mention_record<'a>(doc: &'a str, m: &'a Mention, gaz: &Gazetteer) -> MentionRecord<'a> {
    MentionRecord {
        document: doc,
        start: m.start,
        end: m.end,
        text: &m.surface,
        entity_type: m.etype.as_str(),
        entity: m.entry.map(|e| gaz.entries[e as usize].node_id()),
        rule: m.rule.as_str(),
    }
}

/// Every mention with its resolved entity, for `mentions.csv`.
pub fn mention_rows(a: &Analysis) -> Vec<crate::export::MentionRow> {
    let mut rows = Vec::new();
    for (di, d) in a.docs.iter().enumerate() {
        let mut ms: Vec<(usize, &Mention)> = d.extraction.mentions.iter().enumerate().collect();
        ms.sort_by_key(|(_, m)| (m.start, m.end));
        for (mi, m) in ms {
            let n = a.mention_names[di][mi];
            rows.push(crate::export::MentionRow {
                document: d.name.clone(),
                start: m.start,
                end: m.end,
                text: m.surface.clone(),
                entity: a
                    .resolution
                    .entity_of(n, di as u32)
                    .map(|e| a.resolution.entities[e].id.clone()),
                entity_type: m.etype.as_str().to_string(),
                rule: m.rule.as_str().to_string(),
            });
        }
    }
    rows
}

/// The summary a build prints: documents, mentions, entities by type, letters, edges, time.
pub fn summary(a: &Analysis, g: &KnowledgeGraph, seconds: f64) -> String {
    use std::fmt::Write;
    let mentions: usize = a.docs.iter().map(|d| d.extraction.mentions.len()).sum();
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
