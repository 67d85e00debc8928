//! The names stage, between extraction and resolution. While the corpus is read, each
//! document's mentions are kept compact (surfaces interned once per run, [`Gathered::keep`]);
//! once every document is read, the corpus-wide rule `propagated` runs (a full name a rule
//! found in one document is looked for in the others), and every mention gets the index of its
//! distinct name (type and surface) — what resolution works on ([`Gathered::finish`]). Also the
//! groups of names that resolution must keep apart (one signature list) or may bring together
//! (one letter).

use std::collections::{BTreeSet, HashMap, HashSet};

use indexmap::IndexSet;

use crate::analysis::{DocResult, Mention};
use crate::extract::{self, DocExtraction, Rule};
use crate::resolve::{Antecedent, NameInput};
use crate::structure::DocStructure;
use crate::types::EntityType;

/// What the names stage keeps of each document while the corpus is read.
#[derive(Default)]
pub struct Gathered {
    /// Document ids, in reading order ([`Gathered::finish`] sorts them).
    doc_names: Vec<String>,
    pending: Vec<Pending>,
    forms: Forms,
    runs: Runs,
}

/// The products of the names stage.
pub struct Named {
    pub docs: Vec<DocResult>,
    /// Distinct names (type, surface), in first-seen order.
    pub names: Vec<NameInput>,
    /// Each document's letter frames and events (mention indices as in [`Named::docs`]).
    pub structures: Vec<DocStructure>,
    /// Groups of names in one signature list (different people).
    pub cannot_link: Vec<Vec<usize>>,
    /// Groups of names that signed one letter.
    pub together: Vec<Vec<usize>>,
    /// Pairs of names the text itself says are one entity ([`DocExtraction::same`]), sorted.
    pub same: Vec<(usize, usize)>,
    /// The full name each single name of a document follows ([`antecedents`]), sorted.
    pub antecedents: Vec<Antecedent>,
}

impl Gathered {
    /// Keeps what a processed document needs later.
    pub fn keep(&mut self, name: String, ex: DocExtraction, st: DocStructure) {
        self.doc_names.push(name);
        let pending = self.forms.keep(ex, st, &mut self.runs);
        self.pending.push(pending);
    }

    /// Documents kept so far.
    pub fn len(&self) -> usize {
        self.doc_names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc_names.is_empty()
    }

    /// Once every document is read: propagation, then each mention named.
    pub fn finish(self) -> Named {
        let Gathered {
            doc_names,
            pending,
            mut forms,
            runs,
        } = self;
        let (doc_names, mut pending) = canonical_order(doc_names, pending);
        // Names found by rules in one document are looked for in the others.
        propagate(&mut pending, &mut forms, runs);
        name_mentions(pending, doc_names, forms)
    }
}

/// The documents sorted by id (byte order; ids are unique, [`crate::corpus`] renames
/// duplicates): the order the documents were read in (JSONL lines, files, shards of partials)
/// changes nothing downstream. Names are numbered in first-seen order and resolution, letters and
/// the exports follow that numbering, so without this a shuffled JSONL file gave other bytes.
/// Folders are read sorted by id already (the seeds' order is unchanged).
fn canonical_order(doc_names: Vec<String>, pending: Vec<Pending>) -> (Vec<String>, Vec<Pending>) {
    if doc_names.is_sorted() {
        return (doc_names, pending);
    }
    let mut docs: Vec<(String, Pending)> = doc_names.into_iter().zip(pending).collect();
    docs.sort_by(|a, b| a.0.cmp(&b.0));
    docs.into_iter().unzip()
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
    /// Pairs of mention indices that are one entity ([`DocExtraction::same`]).
    same: Vec<(u32, u32)>,
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
        for p in &mut self.same {
            *p = (
                new_index[p.0 as usize] as u32,
                new_index[p.1 as usize] as u32,
            );
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
        let same = ex.same.iter().map(|&(a, b)| (a as u32, b as u32)).collect();
        Pending {
            mentions,
            blocks,
            candidates,
            same,
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
    // Surnames of four letters or more of the full names (a word of a single-word run).
    let surnames: HashSet<String> = forms
        .full_names
        .iter()
        .filter_map(|n| n.rsplit(' ').next())
        .filter(|s| s.chars().count() >= 4)
        .map(str::to_string)
        .collect();
    let mut found: Vec<Option<Vec<(u32, u32)>>> = vec![None; runs.text.len()];
    for p in pending.iter_mut() {
        let mut new = Vec::new();
        for &(s, run) in &p.candidates {
            let text = &runs.text[run as usize];
            let spans = found[run as usize].get_or_insert_with(|| {
                extract::propagated_spans(text, &forms.full_names, &surnames)
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

/// Distinct names, in first-seen order; each mention gets its name. Also the groups of names of
/// each signature block and of each letter frame.
fn name_mentions(pending: Vec<Pending>, doc_names: Vec<String>, forms: Forms) -> Named {
    let mut names: Vec<NameInput> = Vec::new();
    let mut index: HashMap<(EntityType, u32), u32> = HashMap::new();
    let mut name_of_form: Vec<u32> = vec![u32::MAX; forms.forms.len()];
    let mut docs: Vec<DocResult> = Vec::with_capacity(pending.len());
    let mut structures: Vec<DocStructure> = Vec::with_capacity(pending.len());
    let mut cannot_link = Vec::new();
    let mut together = Vec::new();
    let mut same = BTreeSet::new();
    let mut ants = Vec::new();
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
        antecedents(&mentions, &names, di as u32, &mut ants);
        for &(a, b) in &p.same {
            let (na, nb) = (mentions[a as usize].name, mentions[b as usize].name);
            if na != nb {
                same.insert((na.min(nb) as usize, na.max(nb) as usize));
            }
        }
        docs.push(DocResult { name, mentions });
        structures.push(p.structure);
    }
    Named {
        docs,
        names,
        structures,
        cannot_link,
        together,
        same: same.into_iter().collect(),
        antecedents: {
            ants.sort_unstable();
            ants
        },
    }
}

/// For each person's name of one word in document `doc` (`mentions` sorted by start), the full
/// name with that word as its surname (or its first name) that the document gave last before
/// the single name first appears. Resolution chooses it where several full names of the
/// document fit ("Kaveh Darvishan died ... Darvishan had asked ... his brother, Adnan
/// Darvishan").
fn antecedents(mentions: &[Mention], names: &[NameInput], doc: u32, out: &mut Vec<Antecedent>) {
    let person = |m: &Mention| names[m.name as usize].etype == EntityType::Person;
    // The full names of the document so far, in text order: name and folded first and last word
    // (each name folded once).
    let mut fulls: Vec<(u32, String, String)> = Vec::new();
    let mut folded: HashMap<u32, Option<(String, String)>> = HashMap::new();
    let mut done: HashSet<u32> = HashSet::new();
    for m in mentions.iter().filter(|m| person(m)) {
        let surface = &names[m.name as usize].surface;
        let parts = folded.entry(m.name).or_insert_with(|| {
            let words: Vec<&str> = surface.split_whitespace().collect();
            let (first, last) = (words.first()?, words.last()?);
            (words.len() >= 2).then(|| (crate::text::fold(first), crate::text::fold(last)))
        });
        if let Some((first, last)) = parts {
            fulls.push((m.name, first.clone(), last.clone()));
            continue;
        }
        if surface.contains(char::is_whitespace) || !done.insert(m.name) {
            continue;
        }
        let word = crate::text::fold(surface);
        let full = fulls
            .iter()
            .rev()
            .find(|(_, f, l)| *f == word || *l == word);
        if let Some(&(full, _, _)) = full {
            out.push(Antecedent {
                name: m.name as usize,
                doc,
                full: full as usize,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(surface: &str) -> NameInput {
        NameInput {
            etype: EntityType::Person,
            surface: surface.to_string(),
            entry: None,
            docs: Vec::new(),
        }
    }

    fn at(start: u32, name: u32) -> Mention {
        Mention {
            start,
            end: start + 1,
            name,
            rule: Rule::GivenName,
        }
    }

    #[test]
    fn a_single_name_follows_the_last_full_name_before_it() {
        // "Kaveh Darvishan ... Darvishan ... Omid Darvishan ... Darvishan ... Narges Karimi ...
        // Narges": the first "Darvishan" comes before Adnan is named.
        let names = [
            name("Kaveh Darvishan"),
            name("Darvishan"),
            name("Omid Darvishan"),
            name("Narges Karimi"),
            name("Narges"),
            name("Karimi"),
        ];
        let ms = [
            at(0, 0),
            at(10, 1),
            at(20, 2),
            at(30, 1),
            at(40, 4),
            at(50, 3),
            at(60, 4),
        ];
        let mut out = Vec::new();
        antecedents(&ms, &names, 7, &mut out);
        let got: Vec<(usize, usize)> = out.iter().map(|a| (a.name, a.full)).collect();
        // "Narges" first appears before "Narges Karimi": no antecedent; "Karimi" never appears.
        assert_eq!(got, [(1, 0)]);
        assert!(out.iter().all(|a| a.doc == 7));
    }
}
