//! The pipeline: read → extract → resolve → structure → graph, each stage's products handed to
//! the next. [`analyse`] runs the stages; [`build_graph`] turns their products into the
//! knowledge graph; exports are written by [`crate::export`].
//!
//! Documents are read in batches and each batch is processed in parallel (rayon); what survives
//! a document is compact: its mentions as offsets and ids (surfaces interned once per run), the
//! signers of its signature blocks, the runs that propagation looks at (interned too) and its
//! letter frames, never its text. Results are put back in document order, so the output does not
//! depend on the thread count. Resolution works on the distinct names, and `mentions.csv` is
//! streamed from the compact mentions ([`MentionTable`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::Instant;

use indexmap::IndexSet;
use rayon::prelude::*;

use crate::corpus::Corpus;
use crate::error::{Diagnostic, Result};
use crate::export::{MentionRef, MentionSource};
use crate::extract::{self, DocExtraction, Rule};
use crate::gazetteer::Gazetteer;
use crate::graph::{AttrValue, Edge, KnowledgeGraph, Node};
use crate::resolve::{self, NameInput, Resolution, ResolveInput};
use crate::structure::{self, DocStructure, Recipient, ResolvedDoc, Structure};
use crate::types::{EntityType, Evidence, Source};

/// Batch size: about this many bytes of text are read, processed in parallel and dropped.
/// Three batches are in memory at once (one processed, one waiting, one being read); 16 MB
/// instead of 32 MB lowered the peak of a 100 MB build by about 30 MB at the same speed.
pub const BATCH_BYTES: usize = 16 << 20;

/// A mention as kept once its document is processed: its span and the index of its name
/// ([`Analysis::names`]: type and verbatim surface); no text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte span in the original text (documents are at most 4 GiB).
    pub start: u32,
    pub end: u32,
    /// Index into [`Analysis::names`].
    pub name: u32,
    pub rule: Rule,
}

/// What survives one document.
#[derive(Clone, Debug, Default)]
pub struct DocResult {
    /// Document id (file name relative to its folder, or JSONL id).
    pub name: String,
    /// In extraction order (sorted by start, then the spelling variants, unless propagation
    /// added mentions and sorted them again): frames refer to mentions by index.
    pub mentions: Vec<Mention>,
}

/// Everything the stages produced, before the graph.
#[derive(Debug, Default)]
pub struct Analysis {
    pub docs: Vec<DocResult>,
    /// Distinct names (type, surface) given to resolution.
    pub names: Vec<NameInput>,
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

impl Analysis {
    /// Number of mentions in the corpus.
    pub fn mention_count(&self) -> usize {
        self.docs.iter().map(|d| d.mentions.len()).sum()
    }

    /// The entity of a mention of document `doc`, if it was resolved.
    pub fn entity_of(&self, m: &Mention, doc: u32) -> Option<usize> {
        self.resolution.entity_of(m.name as usize, doc)
    }
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

/// A mention between its document and naming: `form` indexes [`Forms`].
#[derive(Clone, Copy, Debug)]
struct Found {
    start: u32,
    end: u32,
    form: u32,
    rule: Rule,
}

/// What survives a document until every document is read (propagation and naming need the
/// whole corpus).
struct Pending {
    mentions: Vec<Found>,
    /// Signers (mention indices) of the signature blocks that list two or more.
    blocks: Vec<Box<[u32]>>,
    /// Capitalised runs for propagation: start and interned text.
    candidates: Vec<(u32, u32)>,
    structure: DocStructure,
}

impl Pending {
    /// Sorts the mentions by span (stable) and renumbers the mention indices that signature
    /// blocks, letter frames and events hold, so that they still name the same mentions.
    fn sort_mentions(&mut self) {
        let mut order: Vec<u32> = (0..self.mentions.len() as u32).collect();
        order.sort_by_key(|&i| {
            let m = &self.mentions[i as usize];
            (m.start, m.end)
        });
        let mut new_index = vec![0usize; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old as usize] = new;
        }
        self.mentions = order.iter().map(|&i| self.mentions[i as usize]).collect();
        let renumber = |i: &mut usize| *i = new_index[*i];
        for b in &mut self.blocks {
            b.iter_mut()
                .for_each(|i| *i = new_index[*i as usize] as u32);
        }
        for f in &mut self.structure.frames {
            f.signers.iter_mut().for_each(renumber);
            f.prison.iter_mut().for_each(renumber);
            f.recipient.iter_mut().for_each(renumber);
            f.publisher.iter_mut().for_each(renumber);
        }
        for e in &mut self.structure.events {
            e.city.iter_mut().for_each(renumber);
            e.organizer.iter_mut().for_each(renumber);
        }
    }
}

/// Interned surfaces and the distinct (type, surface, gazetteer entry) of the mentions.
#[derive(Default)]
struct Forms {
    surfaces: IndexSet<String>,
    forms: IndexSet<(EntityType, u32, Option<u32>)>,
    /// Folded full names that propagation looks for in every document.
    full_names: HashSet<String>,
    /// By form: already offered to `full_names`.
    offered: Vec<bool>,
}

/// The index of `s` in `set`, inserted if new.
fn intern(set: &mut IndexSet<String>, s: &str) -> u32 {
    match set.get_index_of(s) {
        Some(i) => i as u32,
        None => set.insert_full(s.to_string()).0 as u32,
    }
}

impl Forms {
    fn surface(&mut self, s: &str) -> u32 {
        intern(&mut self.surfaces, s)
    }

    fn form(&mut self, etype: EntityType, surface: &str, entry: Option<u32>) -> u32 {
        let s = self.surface(surface);
        let (i, new) = self.forms.insert_full((etype, s, entry));
        if new {
            self.offered.push(false);
        }
        i as u32
    }

    /// Keeps what a processed document needs later.
    fn keep(&mut self, ex: DocExtraction, mut st: DocStructure, runs: &mut Runs) -> Pending {
        let mut mentions = Vec::with_capacity(ex.mentions.len());
        for m in &ex.mentions {
            let form = self.form(m.etype, &m.surface, m.entry);
            let f = form as usize;
            if !self.offered[f] && extract::offers_full_name(m.etype, m.rule, &m.surface) {
                self.offered[f] = true;
                self.full_names.insert(crate::text::fold(&m.surface));
            }
            mentions.push(Found {
                start: m.start as u32,
                end: m.end as u32,
                form,
                rule: m.rule,
            });
        }
        let blocks = ex
            .blocks
            .iter()
            .filter(|b| b.signers.len() >= 2)
            .map(|b| b.signers.iter().map(|&i| i as u32).collect())
            .collect();
        let candidates = ex
            .candidates
            .iter()
            .map(|(s, _, run)| (*s as u32, runs.intern(run)))
            .collect();
        // Kept until every document is read: give back spare capacity (a sketch is the bottom
        // k of every shingle of its region).
        for f in &mut st.frames {
            f.sketch.shrink_to_fit();
            f.signers.shrink_to_fit();
        }
        st.frames.shrink_to_fit();
        st.events.shrink_to_fit();
        Pending {
            mentions,
            blocks,
            candidates,
            structure: st,
        }
    }
}

/// Interned capitalised runs, with the names propagation finds in each (computed once per run).
#[derive(Default)]
struct Runs {
    text: IndexSet<String>,
}

impl Runs {
    fn intern(&mut self, run: &str) -> u32 {
        intern(&mut self.text, run)
    }
}

/// Corpus-wide step: a full person name that a rule found in one document is looked for among
/// the capitalised runs of every document ("Ebrahim Firouzi" signed a letter in one article and
/// is named in a sentence of another); what it finds becomes a `propagated` mention.
fn propagate(pending: &mut [Pending], forms: &mut Forms, runs: Runs) {
    if forms.full_names.is_empty() {
        return;
    }
    let mut found: Vec<Option<Vec<(u32, u32)>>> = vec![None; runs.text.len()];
    for p in pending.iter_mut() {
        let mut new = Vec::new();
        for &(s, run) in &p.candidates {
            let text = &runs.text[run as usize];
            let spans = found[run as usize].get_or_insert_with(|| {
                extract::propagated_spans(text, &forms.full_names)
                    .into_iter()
                    .map(|(a, b)| (a as u32, b as u32))
                    .collect()
            });
            for &(ws, we) in spans.iter() {
                let surface = &text[ws as usize..we as usize];
                new.push(Found {
                    start: s + ws,
                    end: s + we,
                    form: 0,
                    rule: Rule::Propagated,
                });
                let form = forms.form(EntityType::Person, surface, None);
                new.last_mut().expect("just pushed").form = form;
            }
        }
        if !new.is_empty() {
            p.mentions.extend(new);
            p.sort_mentions();
        }
        p.candidates = Vec::new();
    }
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
    let mut doc_names: Vec<String> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut forms = Forms::default();
    let mut runs = Runs::default();
    let mut bytes = 0usize;
    let mut failed: Vec<Diagnostic> = Vec::new();
    let mut process_batch = |batch: Vec<crate::corpus::Document>| {
        bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
        let results: Vec<Result<(DocExtraction, DocStructure), &'static str>> = batch
            .par_iter()
            .map(|d| {
                if u32::try_from(d.text.len()).is_err() {
                    return Err("document larger than 4 GiB: skipped");
                }
                // A bug in a rule must not cost the other documents: a panic while processing
                // one document is reported and that document skipped.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    process_document(&d.text, gaz, &variants)
                }))
                .map_err(|_| "internal error while processing this document (please report it with the document): skipped")
            })
            .collect();
        for (d, r) in batch.iter().zip(results) {
            match r {
                Ok((ex, st)) => {
                    doc_names.push(d.id.clone());
                    pending.push(forms.keep(ex, st, &mut runs));
                }
                Err(message) => failed.push(Diagnostic {
                    path: d.id.clone(),
                    line: None,
                    message: message.into(),
                }),
            }
        }
        progress(doc_names.len(), bytes);
    };
    // Reading (and JSON parsing) of the next batch overlaps with processing of this one.
    let read_problems = corpus.for_each_batch_read_ahead(BATCH_BYTES, &mut process_batch);
    diagnostics.extend(read_problems);
    diagnostics.append(&mut failed);
    if doc_names.is_empty() {
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
    propagate(&mut pending, &mut forms, runs);

    // Distinct names, in first-seen order; each mention gets its name.
    let mut names: Vec<NameInput> = Vec::new();
    let mut index: HashMap<(EntityType, u32), u32> = HashMap::new();
    let mut name_of_form: Vec<u32> = vec![u32::MAX; forms.forms.len()];
    let mut docs: Vec<DocResult> = Vec::with_capacity(pending.len());
    let mut structures: Vec<DocStructure> = Vec::with_capacity(pending.len());
    let mut cannot_link = Vec::new();
    let mut together = Vec::new();
    for (di, (p, name)) in pending.into_iter().zip(doc_names).enumerate() {
        let mut mentions = Vec::with_capacity(p.mentions.len());
        for m in &p.mentions {
            let (etype, surface, entry) = forms.forms[m.form as usize];
            let mut n = name_of_form[m.form as usize];
            if n == u32::MAX {
                n = *index.entry((etype, surface)).or_insert_with(|| {
                    names.push(NameInput {
                        etype,
                        surface: forms.surfaces[surface as usize].clone(),
                        entry: None,
                        docs: Vec::new(),
                    });
                    (names.len() - 1) as u32
                });
                name_of_form[m.form as usize] = n;
            }
            let ni = &mut names[n as usize];
            if ni.entry.is_none() {
                ni.entry = entry.map(|e| e as usize);
            }
            match ni.docs.last_mut() {
                Some((doc, c)) if *doc == di as u32 => *c += 1,
                _ => ni.docs.push((di as u32, 1)),
            }
            mentions.push(Mention {
                start: m.start,
                end: m.end,
                name: n,
                rule: m.rule,
            });
        }
        let group = |signers: &mut dyn Iterator<Item = usize>| -> Option<Vec<usize>> {
            let g: BTreeSet<usize> = signers.map(|m| mentions[m].name as usize).collect();
            (g.len() >= 2).then(|| g.into_iter().collect())
        };
        for b in &p.blocks {
            cannot_link.extend(group(&mut b.iter().map(|&m| m as usize)));
        }
        for f in &p.structure.frames {
            together.extend(group(&mut f.signers.iter().copied()));
        }
        docs.push(DocResult { name, mentions });
        structures.push(p.structure);
    }
    drop(forms);
    let overrides = load_overrides(gaz, &mut diagnostics);
    let t_names = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    let input = ResolveInput {
        names: &names,
        gazetteer: gaz,
        cannot_link: &cannot_link,
        together: &together,
        overrides: &overrides,
        same: &[],
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
    let rdocs: Vec<ResolvedDoc> = structures
        .into_iter()
        .zip(&docs)
        .enumerate()
        .map(|(di, (structure, d))| resolved_doc(di as u32, d, structure, &resolution))
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
    drop(rdocs);
    let t_structure = t3.elapsed().as_secs_f64();

    Ok(Analysis {
        docs,
        names,
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

/// The resolution input of an analysis (for `explain` and `review`).
pub fn resolve_input<'a>(a: &'a Analysis, gaz: &'a Gazetteer) -> ResolveInput<'a> {
    ResolveInput {
        names: &a.names,
        gazetteer: gaz,
        cannot_link: &a.cannot_link,
        together: &a.together,
        overrides: &a.overrides,
        same: &[],
    }
}

/// Evidence spans kept per node: the first mention in each document (by name; two documents
/// may share a name).
fn first_per_doc(spans: &mut Vec<Evidence>) {
    spans.sort();
    spans.dedup_by(|a, b| a.document == b.document);
}

/// Builds the knowledge graph from the products of the stages.
pub fn build_graph(a: &Analysis, gaz: &Gazetteer) -> KnowledgeGraph {
    let ents = &a.resolution.entities;
    // One shared copy of each document name for all the evidence that cites it.
    let names: Vec<std::sync::Arc<str>> = a.docs.iter().map(|d| d.name.as_str().into()).collect();
    let doc_name = |d: u32| names[d as usize].clone();
    // Per entity: surfaces (name indices, sorted and deduplicated below), documents (in
    // order, each once), mentions, the first span in each document, rules (each once).
    #[derive(Default)]
    struct Acc {
        surfaces: Vec<u32>,
        documents: Vec<u32>,
        mentions: u64,
        first: Vec<(u32, u32, u32)>,
        rules: Vec<Rule>,
    }
    let mut acc: Vec<Acc> = (0..ents.len()).map(|_| Acc::default()).collect();
    for (di, d) in a.docs.iter().enumerate() {
        let di = di as u32;
        for m in &d.mentions {
            if let Some(e) = a.entity_of(m, di) {
                let x = &mut acc[e];
                if x.surfaces.last() != Some(&m.name) {
                    x.surfaces.push(m.name);
                }
                if x.documents.last() != Some(&di) {
                    x.documents.push(di);
                }
                x.mentions += 1;
                if !x.rules.contains(&m.rule) {
                    x.rules.push(m.rule);
                }
                match x.first.last_mut() {
                    Some((doc, s, e)) if *doc == di => {
                        if (m.start, m.end) < (*s, *e) {
                            (*s, *e) = (m.start, m.end);
                        }
                    }
                    _ => x.first.push((di, m.start, m.end)),
                }
            }
        }
    }
    // The first entity of each gazetteer entry id, for the cities of prisons.
    let mut by_entry_id: HashMap<&str, usize> = HashMap::new();
    for (i, e) in ents.iter().enumerate() {
        if let Some(k) = e.entry {
            by_entry_id.entry(gaz.entries[k].id.as_str()).or_insert(i);
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
        let mut evidence: Vec<Evidence> = x
            .first
            .iter()
            .map(|&(d, s, e)| Evidence {
                document: doc_name(d),
                start: s as usize,
                end: e as usize,
            })
            .collect();
        x.first = Vec::new();
        first_per_doc(&mut evidence);
        x.surfaces.sort_unstable();
        x.surfaces.dedup();
        let mut surfaces: Vec<String> = x
            .surfaces
            .iter()
            .map(|&n| a.names[n as usize].surface.clone())
            .collect();
        surfaces.sort();
        surfaces.dedup();
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
        let mut rules: Vec<&str> = x.rules.iter().map(|r| r.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        attrs.insert(
            "rules".into(),
            AttrValue::List(rules.iter().map(|s| s.to_string()).collect()),
        );
        let mut docs: Vec<std::sync::Arc<str>> = x.documents.iter().map(|&d| doc_name(d)).collect();
        docs.sort();
        nodes.push(Node {
            id: e.id.clone(),
            label: e.name.clone(),
            entity_type: e.etype,
            surfaces,
            aliases,
            documents: docs,
            mentions: x.mentions,
            source: e.source,
            date: None,
            attrs,
            evidence,
        });
        // A prison is located in its gazetteer city, when that city is in the graph.
        if let Some(en) = e.entry.map(|k| &gaz.entries[k]) {
            if let Some(city) = en.attrs.get("city") {
                if let Some(&ci) = by_entry_id.get(city.as_str()) {
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
    // Letters and the co-signature network. A co-signing pair gathers its letters (indices),
    // the earliest date and the evidence of both signers in each letter.
    type CoSigned<'a> = (Vec<usize>, Option<&'a str>, Vec<Evidence>);
    let mut cosigned: BTreeMap<(usize, usize), CoSigned> = BTreeMap::new();
    let mut held: BTreeMap<(usize, usize), Vec<Evidence>> = BTreeMap::new();
    for (li, l) in a.structure.letters.iter().enumerate() {
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
        // The evidence of each signer (by position in `signers`), gathered once.
        let signer_ev: Vec<Vec<Evidence>> = l
            .signers
            .iter()
            .map(|&s| {
                l.signer_evidence
                    .iter()
                    .filter(|x| x.0 == s)
                    .map(|&(_, d, st, en)| ev((d, st, en)))
                    .collect()
            })
            .collect();
        for (x, &s) in l.signers.iter().enumerate() {
            edges.push((
                ents[s].id.clone(),
                l.id.clone(),
                edge(
                    "SIGNED",
                    1.0,
                    Vec::new(),
                    l.date.clone(),
                    signer_ev[x].clone(),
                ),
            ));
            if let Some(p) = l.prison {
                held.entry((s, p))
                    .or_default()
                    .extend_from_slice(&signer_ev[x]);
            }
        }
        for (x, &s) in l.signers.iter().enumerate() {
            for (y, &t) in l.signers.iter().enumerate().skip(x + 1) {
                let (p, q) = if ents[s].id < ents[t].id {
                    (s, t)
                } else {
                    (t, s)
                };
                let c = cosigned.entry((p, q)).or_default();
                c.0.push(li);
                c.1 = min_date(c.1, l.date.as_deref());
                c.2.extend_from_slice(&signer_ev[x]);
                c.2.extend_from_slice(&signer_ev[y]);
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
    for ((s, t), (letters, date, mut evid)) in cosigned {
        let mut letters: Vec<&str> = letters
            .iter()
            .map(|&l| a.structure.letters[l].id.as_str())
            .collect();
        letters.sort_unstable();
        letters.dedup();
        evid.sort();
        evid.dedup();
        let w = letters.len() as f64;
        edges.push((
            ents[s].id.clone(),
            ents[t].id.clone(),
            edge(
                "CO_SIGNED",
                w,
                letters.iter().map(|l| l.to_string()).collect(),
                date.map(str::to_string),
                evid,
            ),
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

/// The earlier of two optional ISO dates (a missing date is no bound).
fn min_date<'a>(a: Option<&'a str>, b: Option<&'a str>) -> Option<&'a str> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// Appends to `out` the JSON line (with its `\n`) that `entigraph extract` writes for the
/// mention `m`: `{"document":…,"start":…,"end":…,"text":…,"entity_type":…,"entity":…,"rule":…}`,
/// `entity` being the gazetteer id or `null`. `document` is the document id already written as
/// a JSON string ([`json_string`]), once for all the mentions of a document. Every string is
/// escaped by serde_json; only the keys are written as they are.
pub fn mention_json(out: &mut Vec<u8>, document: &[u8], m: &extract::Mention, gaz: &Gazetteer) {
    let mut num = itoa::Buffer::new();
    out.extend_from_slice(b"{\"document\":");
    out.extend_from_slice(document);
    out.extend_from_slice(b",\"start\":");
    out.extend_from_slice(num.format(m.start).as_bytes());
    out.extend_from_slice(b",\"end\":");
    out.extend_from_slice(num.format(m.end).as_bytes());
    out.extend_from_slice(b",\"text\":");
    json_string(out, &m.surface);
    out.extend_from_slice(b",\"entity_type\":");
    json_string(out, m.etype.as_str());
    out.extend_from_slice(b",\"entity\":");
    match m.entry {
        Some(e) => serde::Serializer::collect_str(
            &mut serde_json::Serializer::new(&mut *out),
            &gaz.entries[e as usize].node_id_display(),
        )
        .expect("writing to a Vec does not fail"),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"rule\":");
    json_string(out, m.rule.as_str());
    out.extend_from_slice(b"}\n");
}

/// Appends `s` to `out` as a JSON string, escaped by serde_json.
pub fn json_string(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(out, s).expect("writing to a Vec does not fail");
}

/// Every mention with its resolved entity, for `mentions.csv`: the rows are made one at a time
/// from the compact mentions, in file order (see [`MentionSource`]).
pub struct MentionTable<'a> {
    a: &'a Analysis,
    /// Documents by name; documents that share a name are one group, in input order.
    groups: Vec<Vec<u32>>,
}

impl<'a> MentionTable<'a> {
    pub fn new(a: &'a Analysis) -> Self {
        let mut order: Vec<u32> = (0..a.docs.len() as u32).collect();
        order.sort_by(|&x, &y| a.docs[x as usize].name.cmp(&a.docs[y as usize].name));
        let mut groups: Vec<Vec<u32>> = Vec::new();
        for d in order {
            match groups.last_mut() {
                Some(g) if a.docs[g[0] as usize].name == a.docs[d as usize].name => g.push(d),
                _ => groups.push(vec![d]),
            }
        }
        MentionTable { a, groups }
    }

    fn row(&self, doc: u32, m: &Mention) -> MentionRef<'a> {
        let a = self.a;
        let n = &a.names[m.name as usize];
        MentionRef {
            document: &a.docs[doc as usize].name,
            start: m.start as usize,
            end: m.end as usize,
            text: &n.surface,
            entity: a
                .entity_of(m, doc)
                .map(|e| a.resolution.entities[e].id.as_str()),
            entity_type: n.etype.as_str(),
            rule: m.rule.as_str(),
        }
    }
}

impl MentionSource for MentionTable<'_> {
    fn count(&self) -> usize {
        self.a.mention_count()
    }

    fn each(
        &self,
        row: &mut dyn FnMut(MentionRef<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut rows: Vec<MentionRef<'_>> = Vec::new();
        for g in &self.groups {
            rows.clear();
            for &d in g {
                rows.extend(
                    self.a.docs[d as usize]
                        .mentions
                        .iter()
                        .map(|m| self.row(d, m)),
                );
            }
            // Stable: ties keep the order of the documents and of their mentions.
            rows.sort_by(|x, y| {
                (x.start, x.end, x.entity, x.rule).cmp(&(y.start, y.end, y.entity, y.rule))
            });
            for r in &rows {
                row(*r)?;
            }
        }
        Ok(())
    }
}

/// Every mention with its resolved entity, as owned rows (for tests and benchmarks; a build
/// streams them with [`MentionTable`]).
pub fn mention_rows(a: &Analysis) -> Vec<crate::export::MentionRow> {
    let mut rows = Vec::with_capacity(a.mention_count());
    MentionTable::new(a)
        .each(&mut |r| {
            rows.push(crate::export::MentionRow {
                document: r.document.to_string(),
                start: r.start,
                end: r.end,
                text: r.text.to_string(),
                entity: r.entity.map(str::to_string),
                entity_type: r.entity_type.to_string(),
                rule: r.rule.to_string(),
            });
            Ok(())
        })
        .expect("collecting rows does not fail");
    rows
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The record `entigraph extract` wrote before [`mention_json`], by serde's derive.
    #[derive(serde::Serialize)]
    struct Derived<'a> {
        document: &'a str,
        start: usize,
        end: usize,
        text: &'a str,
        entity_type: &'static str,
        entity: Option<String>,
        rule: &'static str,
    }

    #[test]
    fn mention_json_is_the_derived_record() {
        let entry = crate::gazetteer::Entry {
            id: "g\"7\u{2028}é".into(),
            etype: EntityType::Organization,
            name: "Ali".into(),
            aliases: Vec::new(),
            attrs: BTreeMap::new(),
            file: Default::default(),
            line: 1,
        };
        let gaz = Gazetteer::from_entries(
            vec![entry],
            crate::gazetteer::RuleData::shipped(),
            Default::default(),
            &mut Vec::new(),
        );
        let doc = "d\"o\\c\n\u{1}é";
        let mut document = Vec::new();
        json_string(&mut document, doc);
        let cases = [
            ("Ali", Some(0)),
            ("“Ali” \"x\"\t\u{7f}\u{0}", None),
            ("", None),
        ];
        for (surface, entry) in cases {
            let m = extract::Mention {
                start: 3,
                end: 123456,
                surface: surface.to_string(),
                etype: EntityType::Person,
                entry,
                rule: Rule::Surname,
            };
            let mut want = serde_json::to_vec(&Derived {
                document: doc,
                start: m.start,
                end: m.end,
                text: &m.surface,
                entity_type: m.etype.as_str(),
                entity: entry.map(|e| gaz.entries[e as usize].node_id()),
                rule: m.rule.as_str(),
            })
            .unwrap();
            want.push(b'\n');
            let mut got = Vec::new();
            mention_json(&mut got, &document, &m, &gaz);
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }
}
