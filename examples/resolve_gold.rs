//! Resolution alone, measured on a gold file (`entigraph-gold/1`, see `docs/eval.md`).
//!
//! ```text
//! cargo run --release --example resolve_gold -- GOLD.json [--gazetteer DIR] [--show]
//! ```
//!
//! Makes one `NameInput` per (type, gold surface) — a leading title dropped, the documents the
//! gold lists the entity in, the gazetteer entry whose name or alias folds to the surface — runs
//! `resolve` and prints, per type, pairwise precision / recall / F1 over the distinct normalised
//! surfaces (as `entigraph eval` computes its resolution scores: two forms are "same" when some
//! cluster holds both), and the number of the gold's hard negatives merged. Extraction is left
//! out: every gold surface is given, and nothing else (no signature lists, no shared letters
//! unless `--context`, which makes the names of each document one shared letter: the worst
//! case for relatives, whose borderline pairs then all get the context bonus);
//! the gazetteer's `overrides.tsv` is applied.
//!
//! Surfaces in Arabic script can only join their Latin form through a link the text gives
//! (`ResolveInput::same`), so three runs are printed: without them; with them and no link;
//! with them linked to the first Latin surface of their entity, as extraction reports a name
//! followed by its Arabic form in parentheses.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use entigraph::eval::{load_gold, normalize, Gold};
use entigraph::gazetteer::Gazetteer;
use entigraph::resolve::{load_overrides, resolve, NameInput, Resolution, ResolveInput};
use entigraph::text::fold;
use entigraph::EntityType;

fn is_arabic(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFEFF))
}

/// The surface without a leading title (`Mrs. Rajavi` → `Rajavi`), as extraction gives it.
fn untitled(gaz: &Gazetteer, t: EntityType, s: &str) -> String {
    if t != EntityType::Person {
        return s.trim().to_string();
    }
    let s = s.trim();
    if let Some((head, rest)) = s.split_once(' ') {
        if gaz.rules.titles.contains(fold(head).trim_end_matches('.')) && !rest.trim().is_empty() {
            return rest.trim().to_string();
        }
    }
    s.to_string()
}

struct Run {
    names: Vec<NameInput>,
    /// Per name: the normalised gold form it stands for.
    form: Vec<String>,
    same: Vec<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Latin,
    Unlinked,
    Linked,
}

/// The gazetteer entry extraction would give a surface: a name, alias or acronym of an entry of
/// its type (folded), for a city also after a place prefix (`East Aleppo`).
fn entry_of(
    gaz: &Gazetteer,
    forms: &HashMap<(EntityType, String), usize>,
    t: EntityType,
    surface: &str,
) -> Option<usize> {
    let f = fold(surface);
    if let Some(&e) = forms.get(&(t, f.clone())) {
        return Some(e);
    }
    match f.split_once(' ') {
        Some((head, rest)) if t == EntityType::City && gaz.rules.place_prefixes.contains(head) => {
            forms.get(&(t, rest.to_string())).copied()
        }
        _ => None,
    }
}

fn build(gold: &Gold, gaz: &Gazetteer, mode: Mode) -> Run {
    let mut forms: HashMap<(EntityType, String), usize> = HashMap::new();
    for (i, e) in gaz.entries.iter().enumerate() {
        let acronym = e.attrs.get("acronym").into_iter();
        for s in std::iter::once(&e.name).chain(&e.aliases).chain(acronym) {
            forms.entry((e.etype, fold(s))).or_insert(i);
        }
    }
    let docs: BTreeSet<&str> = gold
        .entities
        .iter()
        .flat_map(|e| e.documents.keys().map(String::as_str))
        .collect();
    let doc_ix: HashMap<&str, u32> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (*d, i as u32))
        .collect();
    let mut index: HashMap<(EntityType, String), usize> = HashMap::new();
    let mut names: Vec<NameInput> = Vec::new();
    let mut form: Vec<String> = Vec::new();
    let mut same = Vec::new();
    for e in &gold.entities {
        let t = e.entity_type;
        if t == EntityType::Country {
            continue;
        }
        let edocs: Vec<u32> = e.documents.keys().map(|d| doc_ix[d.as_str()]).collect();
        let mut first_latin: Option<usize> = None;
        for s in e.match_surfaces() {
            let arabic = is_arabic(s);
            if arabic && mode == Mode::Latin {
                continue;
            }
            let surface = untitled(gaz, t, s);
            let ni = *index.entry((t, surface.clone())).or_insert_with(|| {
                let entry = entry_of(gaz, &forms, t, &surface);
                names.push(NameInput {
                    etype: t,
                    surface: surface.clone(),
                    entry,
                    docs: Vec::new(),
                });
                form.push(normalize(s));
                names.len() - 1
            });
            let n = &mut names[ni];
            n.docs.extend(edocs.iter().map(|&d| (d, 1)));
            n.docs.sort_unstable();
            n.docs.dedup_by_key(|d| d.0);
            if !arabic && first_latin.is_none() {
                first_latin = Some(ni);
            }
            if arabic && mode == Mode::Linked {
                if let Some(l) = first_latin {
                    same.push((l, ni));
                }
            }
        }
    }
    Run { names, form, same }
}

#[derive(Default)]
struct Prf {
    forms: usize,
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Prf {
    fn p(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn r(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn f(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores a run: per type P/R/F1 over distinct normalised forms, hard negatives merged.
fn score(gold: &Gold, run: &Run, res: &Resolution, mode: Mode, show: bool) {
    // normalised form → entities (resolution's clusters) holding it, per type and any type
    let mut clusters: HashMap<(EntityType, String), BTreeSet<usize>> = HashMap::new();
    let mut any: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (i, n) in run.names.iter().enumerate() {
        for &(d, _) in &n.docs {
            if let Some(e) = res.entity_of(i, d) {
                clusters
                    .entry((n.etype, run.form[i].clone()))
                    .or_default()
                    .insert(e);
                any.entry(run.form[i].clone()).or_default().insert(e);
            }
        }
    }
    let empty = BTreeSet::new();
    let mut per: BTreeMap<String, Prf> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut wrong = Vec::new();
    let types: BTreeSet<EntityType> = gold
        .entities
        .iter()
        .map(|e| e.entity_type)
        .filter(|&t| t != EntityType::Country)
        .collect();
    for t in types {
        let mut forms: BTreeMap<String, (String, BTreeSet<&str>)> = BTreeMap::new();
        for e in gold.entities.iter().filter(|e| e.entity_type == t) {
            for s in e.match_surfaces() {
                if mode == Mode::Latin && is_arabic(s) {
                    continue;
                }
                forms
                    .entry(normalize(s))
                    .or_insert_with(|| (s.to_string(), BTreeSet::new()))
                    .1
                    .insert(e.id.as_str());
            }
        }
        let forms: Vec<_> = forms.into_iter().collect();
        let p = per.entry(t.to_string()).or_default();
        p.forms = forms.len();
        for (i, (fa, (sa, ga))) in forms.iter().enumerate() {
            let ca = clusters.get(&(t, fa.clone())).unwrap_or(&empty);
            for (fb, (sb, gb)) in &forms[i + 1..] {
                let cb = clusters.get(&(t, fb.clone())).unwrap_or(&empty);
                let same_gold = !ga.is_disjoint(gb);
                let same_pred = !ca.is_disjoint(cb);
                match (same_gold, same_pred) {
                    (true, true) => p.tp += 1,
                    (false, true) => {
                        p.fp += 1;
                        wrong.push(format!("{t}: {sa} / {sb}"));
                    }
                    (true, false) => {
                        p.fn_ += 1;
                        missed.push(format!("{t}: {sa} / {sb}"));
                    }
                    (false, false) => {}
                }
            }
        }
    }
    let mut hard = Vec::new();
    for [a, b] in &gold.hard_negatives {
        if mode == Mode::Latin && (is_arabic(a) || is_arabic(b)) {
            continue;
        }
        let ca = any.get(&normalize(a)).unwrap_or(&empty);
        let cb = any.get(&normalize(b)).unwrap_or(&empty);
        if !ca.is_disjoint(cb) {
            hard.push(format!("{a} / {b}"));
        }
    }
    let title = match mode {
        Mode::Latin => "without Arabic-script surfaces",
        Mode::Unlinked => "with Arabic-script surfaces, no text links",
        Mode::Linked => "with Arabic-script surfaces linked by the text",
    };
    println!(
        "\n{title} ({} names, {} text links)",
        run.names.len(),
        run.same.len()
    );
    println!(
        "  {:<13} {:>5} {:>4} {:>4} {:>4}  {:>6} {:>6} {:>6}",
        "type", "forms", "tp", "fp", "fn", "P", "R", "F1"
    );
    let mut all = Prf::default();
    for (t, p) in &per {
        println!(
            "  {t:<13} {:>5} {:>4} {:>4} {:>4}  {:>6.3} {:>6.3} {:>6.3}",
            p.forms,
            p.tp,
            p.fp,
            p.fn_,
            p.p(),
            p.r(),
            p.f()
        );
        all.forms += p.forms;
        all.tp += p.tp;
        all.fp += p.fp;
        all.fn_ += p.fn_;
    }
    println!(
        "  {:<13} {:>5} {:>4} {:>4} {:>4}  {:>6.3} {:>6.3} {:>6.3}",
        "micro",
        all.forms,
        all.tp,
        all.fp,
        all.fn_,
        all.p(),
        all.r(),
        all.f()
    );
    println!(
        "  hard negatives merged: {} of {}{}",
        hard.len(),
        gold.hard_negatives.len(),
        if hard.is_empty() {
            String::new()
        } else {
            format!(": {}", hard.join("; "))
        }
    );
    if show {
        for m in &wrong {
            println!("  WRONG  {m}");
        }
        for m in &missed {
            println!("  MISSED {m}");
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!(
            "usage: resolve_gold GOLD.json [--gazetteer DIR] [--context] [--show] [--explain NAME]"
        );
        std::process::exit(2);
    };
    let opt = |k: &str| {
        args.iter()
            .position(|a| a == k)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let gdir = opt("--gazetteer").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("gazetteer"),
        PathBuf::from,
    );
    let show = args.iter().any(|a| a == "--show");
    let context = args.iter().any(|a| a == "--context");
    let gold = load_gold(std::path::Path::new(path)).expect("gold file");
    let mut diags = Vec::new();
    let gaz = Gazetteer::load(&gdir, &mut diags).expect("gazetteer");
    let overrides = load_overrides(&gdir.join("overrides.tsv")).expect("overrides");
    println!(
        "gold {path} ({} entities), gazetteer {}",
        gold.entities.len(),
        gdir.display()
    );
    for mode in [Mode::Latin, Mode::Unlinked, Mode::Linked] {
        let run = build(&gold, &gaz, mode);
        // --context: the names of each document as one shared letter (the worst case for
        // relatives: every borderline pair of a document gets the context bonus)
        let together: Vec<Vec<usize>> = if context {
            let mut by_doc: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
            for (i, n) in run.names.iter().enumerate() {
                for &(d, _) in &n.docs {
                    by_doc.entry(d).or_default().push(i);
                }
            }
            by_doc.into_values().filter(|v| v.len() >= 2).collect()
        } else {
            Vec::new()
        };
        let input = ResolveInput {
            names: &run.names,
            gazetteer: &gaz,
            cannot_link: &[],
            together: &together,
            overrides: &overrides,
            same: &run.same,
            antecedents: &[],
        };
        let t = std::time::Instant::now();
        let res = resolve(&input);
        let took = t.elapsed();
        score(&gold, &run, &res, mode, show && mode != Mode::Unlinked);
        println!("  resolve took {:.1} ms", took.as_secs_f64() * 1e3);
        if mode == Mode::Linked {
            if let Some(q) = opt("--explain") {
                match entigraph::resolve::explain(&res, &input, &q) {
                    Some(ex) => println!("{}", ex.render_text(&|d| format!("document {d}"))),
                    None => println!("{q}: not found"),
                }
            }
        }
    }
}
