//! Letters of the corpus: after resolution, the frames of every document get their signers as
//! entities, and frames of different documents that quote the same text (a sketch of word
//! shingles, robust to small edits) or list the same signers with a compatible date become one
//! letter, with a stable id and a label.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::events::{corpus_events, settle_ids};
use super::frames::Frame;
use super::{dedupe_ids, most_common, ResolvedDoc, Structure};
use crate::dates::PartialDate;
use crate::types::slug;

/// A shingle in more frames than this is boilerplate, not a quotation of one letter.
const MAX_QUOTING_FRAMES: usize = 50;

/// A letter of the corpus (frames of one or more documents merged).
#[derive(Clone, Debug, PartialEq)]
pub struct Letter {
    /// `letter:2016-12-18-ali-moezzi`.
    pub id: String,
    pub label: String,
    pub statement: bool,
    /// ISO date (possibly partial) or None.
    pub date: Option<String>,
    /// Entity indices (into the resolution's entities), in signing order.
    pub signers: Vec<usize>,
    pub prison: Option<usize>,
    pub recipient: Option<Recipient>,
    pub publisher: Option<usize>,
    /// Document indices, sorted.
    pub documents: Vec<u32>,
    /// Evidence: (document, start, end) of each frame's anchor.
    pub evidence: Vec<(u32, usize, usize)>,
    /// Evidence of each signer: (entity, document, start, end).
    pub signer_evidence: Vec<(usize, u32, usize, usize)>,
    /// Quoted text spans: (document, start, end).
    pub quotes: Vec<(u32, usize, usize)>,
}

/// Whom a letter is addressed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recipient {
    Entity(usize),
    Event(usize),
}

/// Corpus-wide: resolves frames to entities, merges the frames that report the same letter and
/// the event reports of the same event, and gives each a stable id.
///
/// `entity_slug(e)` gives the slug of an entity (for ids), `entity_label(e)` its name.
pub fn assemble(
    docs: &[ResolvedDoc],
    entity_slug: &dyn Fn(usize) -> String,
    entity_label: &dyn Fn(usize) -> String,
) -> Structure {
    let corpus_year = most_common(docs.iter().filter_map(|d| d.structure.year_hint));
    let all = flatten(docs, corpus_year);
    let groups = merge(&all);
    let (mut events, event_of) = corpus_events(docs, corpus_year, entity_slug, entity_label);
    let mut letters: Vec<Letter> = Vec::new();
    for members in groups.values() {
        let (mut l, lead) = gather(&all, members, &event_of);
        name(&mut l, lead, entity_slug, entity_label);
        letters.push(l);
    }
    // Stable, unique ids.
    letters.sort_by(|a, b| {
        a.id.cmp(&b.id)
            .then(a.documents.cmp(&b.documents))
            .then(a.evidence.cmp(&b.evidence))
    });
    dedupe_ids(letters.iter_mut().map(|l| &mut l.id));
    letters.sort_by(|a, b| a.id.cmp(&b.id));
    settle_ids(&mut events);
    Structure { letters, events }
}

/// A frame of the corpus with its signers as entities (each once, in order) and its date
/// completed with the document's usual year, or the corpus's when the weekday agrees
/// ([`PartialDate::with_year_in`]).
struct F<'a> {
    d: &'a ResolvedDoc,
    f: &'a Frame,
    signers: Vec<usize>,
    date: Option<PartialDate>,
}

/// Every frame of every document, in order.
fn flatten(docs: &[ResolvedDoc], corpus_year: Option<i32>) -> Vec<F<'_>> {
    let mut all: Vec<F> = Vec::new();
    for d in docs {
        for f in &d.structure.frames {
            let mut signers = Vec::new();
            for &m in &f.signers {
                if let Some(e) = d.entity_of[m] {
                    if !signers.contains(&e) {
                        signers.push(e);
                    }
                }
            }
            let date = f
                .date
                .map(|x| x.with_year_in(d.structure.year_hint, corpus_year));
            all.push(F {
                d,
                f,
                signers,
                date,
            });
        }
    }
    all
}

/// A group of frames being merged: its signers, date and documents, so that a merge is checked
/// against the whole group.
struct Group {
    signers: BTreeSet<usize>,
    date: Option<PartialDate>,
    docs: BTreeSet<u32>,
}

/// Union-find over frames, with each group's signers, date and documents, so that a merge
/// is checked against the whole group: two letters with different signers never end up
/// together through a frame that names nobody.
struct Groups {
    parent: Vec<usize>,
    group: Vec<Group>,
}

impl Groups {
    fn new(all: &[F]) -> Groups {
        Groups {
            parent: (0..all.len()).collect(),
            group: all
                .iter()
                .map(|f| Group {
                    signers: f.signers.iter().copied().collect(),
                    date: f.date,
                    docs: std::iter::once(f.d.doc).collect(),
                })
                .collect(),
        }
    }

    fn find(&mut self, x: usize) -> usize {
        find(&mut self.parent, x)
    }

    /// Merges the groups of frames `a` and `b` when they may be one letter.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (ga, gb) = (&self.group[ra], &self.group[rb]);
        // One letter per document at most, and the whole groups must agree.
        if !ga.docs.is_disjoint(&gb.docs)
            || !dates_agree(ga.date, gb.date)
            || !signers_agree(&ga.signers, &gb.signers)
        {
            return;
        }
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        self.parent[gone] = keep;
        let g = std::mem::replace(
            &mut self.group[gone],
            Group {
                signers: BTreeSet::new(),
                date: None,
                docs: BTreeSet::new(),
            },
        );
        let k = &mut self.group[keep];
        k.signers.extend(g.signers);
        k.docs.extend(g.docs);
        if k.date.is_none() || k.date.is_some_and(|d| d.day.is_none()) && g.date.is_some() {
            k.date = g.date.or(k.date);
        }
    }
}

fn find(p: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while p[r] != r {
        r = p[r];
    }
    let mut y = x;
    while p[y] != r {
        let n = p[y];
        p[y] = r;
        y = n;
    }
    r
}

fn dates_agree(a: Option<PartialDate>, b: Option<PartialDate>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => {
            x.year == y.year
                && x.month == y.month
                && (x.day == y.day || x.day.is_none() || y.day.is_none())
        }
        _ => true,
    }
}

/// Half the smaller list is shared, and together they are not much longer than the longer
/// one: one article may list fewer signers of a letter, not other people (without the
/// second condition a group grew, one small frame at a time, to thousands of signers).
fn signers_agree(a: &BTreeSet<usize>, b: &BTreeSet<usize>) -> bool {
    if a.is_empty() || b.is_empty() {
        return true;
    }
    let shared = a.intersection(b).count();
    let longer = a.len().max(b.len());
    let union = a.len() + b.len() - shared;
    shared * 2 >= a.len().min(b.len()) && union <= longer + (longer / 4).max(1)
}

/// The frames that report one letter, by the smallest frame of each group: frames that quote the
/// same text first (most shared first), then frames with the same signers.
fn merge(all: &[F]) -> BTreeMap<usize, Vec<usize>> {
    let mut groups = Groups::new(all);
    for (_, a, b) in quoted_pairs(all) {
        groups.union(a, b);
    }
    // Same signers (two or more) and a compatible date, in different documents.
    let mut by_signers: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
    for (i, f) in all.iter().enumerate() {
        if f.signers.len() >= 2 {
            let mut k = f.signers.clone();
            k.sort_unstable();
            by_signers.entry(k).or_default().push(i);
        }
    }
    for list in by_signers.values() {
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                groups.union(a, b);
            }
        }
    }
    for (a, b) in shared_signer_pairs(all) {
        groups.union(a, b);
    }
    let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..all.len() {
        let r = groups.find(i);
        out.entry(r).or_default().push(i);
    }
    out
}

/// Pairs of frames of different documents that name two or more of the same signers, with
/// the same full date, and whose lists agree ([`signers_agree`]): one article names some of the
/// signers of a letter another lists in full. Found through the frames of each signer (never
/// all pairs); signers in very many frames are skipped as keys.
fn shared_signer_pairs(all: &[F]) -> Vec<(usize, usize)> {
    let mut frames_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in all.iter().enumerate() {
        if f.signers.len() >= 2 && f.date.is_some_and(|d| d.day.is_some()) {
            for &e in &f.signers {
                frames_of.entry(e).or_default().push(i);
            }
        }
    }
    let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for list in frames_of.values().filter(|l| l.len() <= MAX_QUOTING_FRAMES) {
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                if all[a].d.doc != all[b].d.doc {
                    *shared.entry((a, b)).or_insert(0) += 1;
                }
            }
        }
    }
    shared
        .into_iter()
        .filter(|&((a, b), n)| {
            let set = |i: usize| all[i].signers.iter().copied().collect::<BTreeSet<usize>>();
            n >= 2 && all[a].date == all[b].date && signers_agree(&set(a), &set(b))
        })
        .map(|(p, _)| p)
        .collect()
}

/// Pairs of frames of different documents whose sketches share enough distinctive values:
/// (shared, a, b), most shared first.
fn quoted_pairs(all: &[F]) -> Vec<(usize, usize, usize)> {
    // Candidate pairs through an inverted index of sketch values (never all pairs). A shingle
    // found in many frames is boilerplate (a site's standard sentence), not a quotation.
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, f) in all.iter().enumerate() {
        for &h in &f.f.sketch {
            index.entry(h).or_default().push(i);
        }
    }
    // Bounded: a template sentence of a large corpus is in hundreds of frames, a letter is
    // quoted by a few dozen articles at most.
    let common = (all.len() / 200).clamp(5, MAX_QUOTING_FRAMES);
    let distinctive = |i: usize| {
        all[i]
            .f
            .sketch
            .iter()
            .filter(|h| index.get(h).is_some_and(|l| l.len() <= common))
            .count()
    };
    // The quoted text of one is largely contained in the other: at least 6 shared shingles and
    // a quarter of the smaller sketch (estimated containment). Shared values are counted frame
    // by frame (for each frame, against the later frames of other documents; the lists are in frame order): a map of every
    // pair sharing a value grows with the square of the corpus (5 GB on 1 GB of text).
    let distinct: Vec<usize> = (0..all.len()).map(distinctive).collect();
    let mut quoted: Vec<(usize, usize, usize)> = Vec::new();
    let mut shared: Vec<u32> = vec![0; all.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (a, f) in all.iter().enumerate() {
        for h in &f.f.sketch {
            let list = &index[h];
            if list.len() > common {
                continue;
            }
            for &b in &list[list.partition_point(|&x| x <= a)..] {
                if all[b].d.doc != f.d.doc {
                    if shared[b] == 0 {
                        touched.push(b);
                    }
                    shared[b] += 1;
                }
            }
        }
        for &b in &touched {
            let n = shared[b] as usize;
            shared[b] = 0;
            if n >= 6 && n * 4 >= distinct[a].min(distinct[b]) {
                quoted.push((n, a, b));
            }
        }
        touched.clear();
    }
    quoted.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    quoted
}

/// The letter of a group of frames (its frame with most signers leads): signers, evidence,
/// date, prison, publisher, recipient, documents, quotes. Also the document that leads.
fn gather<'a>(
    all: &[F<'a>],
    members: &[usize],
    event_of: &HashMap<(u32, usize), usize>,
) -> (Letter, &'a ResolvedDoc) {
    // The frame with most signers leads.
    let mut ms = members.to_vec();
    ms.sort_by_key(|&i| {
        (
            std::cmp::Reverse(all[i].signers.len()),
            all[i].d.doc,
            all[i].f.start,
        )
    });
    let mut l = Letter {
        id: String::new(),
        label: String::new(),
        statement: ms.iter().all(|&i| all[i].f.statement),
        date: None,
        signers: Vec::new(),
        prison: None,
        recipient: None,
        publisher: None,
        documents: Vec::new(),
        evidence: Vec::new(),
        signer_evidence: Vec::new(),
        quotes: Vec::new(),
    };
    let mut date: Option<PartialDate> = None;
    for &i in &ms {
        let f = &all[i];
        for &s in &f.signers {
            if !l.signers.contains(&s) {
                l.signers.push(s);
            }
        }
        for &m in &f.f.signers {
            if let Some(e) = f.d.entity_of[m] {
                let (s, en) = f.d.spans[m];
                l.signer_evidence.push((e, f.d.doc, s, en));
            }
        }
        if date.is_none() || date.is_some_and(|d| d.day.is_none()) {
            if let Some(d) = f.date {
                if date.is_none() || d.day.is_some() {
                    date = Some(d);
                }
            }
        }
        let ent = |m: Option<usize>| m.and_then(|m| f.d.entity_of[m]);
        l.prison = l.prison.or(ent(f.f.prison));
        l.publisher = l.publisher.or(ent(f.f.publisher));
        if l.recipient.is_none() {
            l.recipient = match (f.f.recipient_event, ent(f.f.recipient)) {
                (Some(ev), _) => event_of.get(&(f.d.doc, ev)).map(|&e| Recipient::Event(e)),
                (None, Some(e)) => Some(Recipient::Entity(e)),
                _ => None,
            };
        }
        if !l.documents.contains(&f.d.doc) {
            l.documents.push(f.d.doc);
        }
        l.evidence.push((f.d.doc, f.f.start, f.f.end));
        if let Some((s, e)) = f.f.quote {
            l.quotes.push((f.d.doc, s, e));
        }
    }
    l.documents.sort_unstable();
    l.evidence.sort_unstable();
    l.signer_evidence.sort_unstable();
    l.quotes.sort_unstable();
    l.date = date.and_then(|d| d.iso());
    (l, all[ms[0]].d)
}

/// A letter's id (`letter:DATE-WHO`, made unique later) and label.
fn name(
    l: &mut Letter,
    lead: &ResolvedDoc,
    entity_slug: &dyn Fn(usize) -> String,
    entity_label: &dyn Fn(usize) -> String,
) {
    let what = if l.statement { "statement" } else { "letter" };
    let who = match l.signers.first() {
        Some(&s) => entity_slug(s),
        None => match l.prison {
            Some(p) => entity_slug(p),
            None => slug(lead.name.trim_end_matches(".txt").trim_end_matches(".md")),
        },
    };
    l.id = format!(
        "letter:{}-{}",
        l.date.clone().unwrap_or_else(|| "undated".into()),
        who
    );
    let by = match l.signers.len() {
        0 => l
            .prison
            .map(|p| format!("prisoners of {}", entity_label(p)))
            .unwrap_or_else(|| "unnamed prisoners".into()),
        1 => entity_label(l.signers[0]),
        2 => format!(
            "{} and {}",
            entity_label(l.signers[0]),
            entity_label(l.signers[1])
        ),
        n => format!("{} and {} others", entity_label(l.signers[0]), n - 1),
    };
    l.label = match &l.date {
        Some(d) => format!("A {what} of {by}, {d}"),
        None => format!("A {what} of {by}"),
    };
}
