//! Resolution accuracy and speed on a synthetic corpus from `/work/shared/bench/gen_corpus.py`.
//!
//! ```text
//! python3 /work/shared/bench/gen_corpus.py --mb 10 --entries 5000 --seed 42 --out c10
//! cargo run --release --example resolve_synthetic -- c10 [--no-signatures]
//! ```
//!
//! Builds one `NameInput` per distinct (type, surface) planted in `truth.json`, gives it the
//! gazetteer entry whose folded name or alias equals its folded surface (a small TSV reader
//! stands in for the real gazetteer loader), turns the signature lists of `corpus.jsonl` into
//! cannot-link groups, runs `resolve` and prints pairwise precision / recall / F1 over the
//! planted surface forms. A surface planted as a surname alone is evaluated per document
//! (one item per (surface, document)); every other surface is one item.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use entigraph::gazetteer::{Entry, Gazetteer};
use entigraph::resolve::{resolve, NameInput, ResolveInput};
use entigraph::text::fold;
use entigraph::EntityType;

fn etype_of(s: &str) -> EntityType {
    match s {
        "person" => EntityType::Person,
        "prison" => EntityType::Prison,
        "city" => EntityType::City,
        _ => EntityType::Organization,
    }
}

fn load_gazetteer(dir: &Path) -> Gazetteer {
    let mut entries = Vec::new();
    for (file, t) in [
        ("people.tsv", EntityType::Person),
        ("prisons.tsv", EntityType::Prison),
        ("cities.tsv", EntityType::City),
        ("organizations.tsv", EntityType::Organization),
    ] {
        let path = dir.join("gazetteer").join(file);
        let text = std::fs::read_to_string(&path).expect("gazetteer file");
        for (i, line) in text.lines().enumerate().skip(1) {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 2 {
                continue;
            }
            entries.push(Entry {
                id: c[0].to_string(),
                etype: t,
                name: c[1].to_string(),
                aliases: c
                    .get(2)
                    .map(|a| {
                        a.split('|')
                            .filter(|s| !s.is_empty())
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default(),
                attrs: BTreeMap::new(),
                file: PathBuf::from(&path),
                line: i + 1,
            });
        }
    }
    Gazetteer::with_entries(entries)
}

/// CPU seconds (user + system, all threads) of this process so far, from /proc (Linux).
fn cpu_seconds() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let t = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Pairwise precision, recall, F1 of items labelled (truth, predicted).
fn pairwise(items: &[(u64, i64)]) -> (f64, f64, f64) {
    let mut cell: HashMap<(u64, i64), u64> = HashMap::new();
    let mut t: HashMap<u64, u64> = HashMap::new();
    let mut p: HashMap<i64, u64> = HashMap::new();
    for &(a, b) in items {
        *cell.entry((a, b)).or_default() += 1;
        *t.entry(a).or_default() += 1;
        *p.entry(b).or_default() += 1;
    }
    let tp: u64 = cell.values().map(|&n| pairs(n)).sum();
    let tt: u64 = t.values().map(|&n| pairs(n)).sum();
    let pp: u64 = p.values().map(|&n| pairs(n)).sum();
    let prec = if pp == 0 { 1.0 } else { tp as f64 / pp as f64 };
    let rec = if tt == 0 { 1.0 } else { tp as f64 / tt as f64 };
    let f1 = if prec + rec == 0.0 {
        0.0
    } else {
        2.0 * prec * rec / (prec + rec)
    };
    (prec, rec, f1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.first()
            .expect("usage: resolve_synthetic DIR [--no-signatures]"),
    );
    let signatures = !args.iter().any(|a| a == "--no-signatures");
    let t0 = Instant::now();
    let gaz = load_gazetteer(&dir);
    let mut by_fold: HashMap<(EntityType, String), usize> = HashMap::new();
    for (i, e) in gaz.entries.iter().enumerate() {
        for s in std::iter::once(&e.name).chain(e.aliases.iter()) {
            by_fold.entry((e.etype, fold(s))).or_insert(i);
        }
    }
    let ents: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("entities.json")).unwrap()).unwrap();
    let types: Vec<EntityType> = ents
        .as_array()
        .unwrap()
        .iter()
        .map(|e| etype_of(e["type"].as_str().unwrap()))
        .collect();
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap()).unwrap();
    let docs = truth["docs"].as_object().unwrap();
    let mut doc_ids: Vec<&String> = docs.keys().collect();
    doc_ids.sort();
    // (type, surface) -> name index
    let mut index: HashMap<(EntityType, String), usize> = HashMap::new();
    let mut names: Vec<NameInput> = Vec::new();
    let mut per_doc_truth: Vec<BTreeMap<u32, HashMap<u64, u32>>> = Vec::new();
    let mut surname_kind: Vec<bool> = Vec::new();
    // per doc: (byte_start, name) of person mentions, for signature lists
    let mut doc_mentions: Vec<Vec<(u64, usize)>> = Vec::new();
    for (d, id) in doc_ids.iter().enumerate() {
        let mut dm = Vec::new();
        for m in docs[*id].as_array().unwrap() {
            let surface = m[2].as_str().unwrap();
            let eid = m[3].as_u64().unwrap();
            let kind = m[4].as_str().unwrap();
            let t = types[eid as usize];
            let k = (t, surface.to_string());
            let ni = *index.entry(k).or_insert_with(|| {
                names.push(NameInput {
                    etype: t,
                    surface: surface.to_string(),
                    entry: by_fold.get(&(t, fold(surface))).copied(),
                    docs: Vec::new(),
                });
                per_doc_truth.push(BTreeMap::new());
                surname_kind.push(false);
                names.len() - 1
            });
            let n = &mut names[ni];
            match n.docs.last_mut() {
                Some(x) if x.0 == d as u32 => x.1 += 1,
                _ => n.docs.push((d as u32, 1)),
            }
            *per_doc_truth[ni]
                .entry(d as u32)
                .or_default()
                .entry(eid)
                .or_default() += 1;
            if kind == "surname" {
                surname_kind[ni] = true;
            }
            if t == EntityType::Person {
                dm.push((m[1].as_u64().unwrap(), ni));
            }
        }
        doc_mentions.push(dm);
    }
    // signature lists from the corpus text: "Signed by:" blocks and "... signed by A, B and C."
    let mut cannot_link: Vec<Vec<usize>> = Vec::new();
    if signatures {
        let pos: HashMap<&str, usize> = doc_ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let text = std::fs::read_to_string(dir.join("corpus.jsonl")).unwrap();
        let markers = [
            "Signed by:",
            "Signatories:",
            "SIGNED BY",
            "Co-signers:",
            "was signed by ",
            "open letter include ",
        ];
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let Some(&d) = pos.get(v["id"].as_str().unwrap()) else {
                continue;
            };
            let body = v["text"].as_str().unwrap();
            for mk in markers {
                let mut from = 0;
                while let Some(p) = body[from..].find(mk) {
                    let s = from + p;
                    let e = body[s..].find("\n\n").map(|x| s + x).unwrap_or(body.len());
                    let mut g: Vec<usize> = doc_mentions[d]
                        .iter()
                        .filter(|(b, _)| (*b as usize) >= s && (*b as usize) < e)
                        .map(|x| x.1)
                        .collect();
                    g.sort_unstable();
                    g.dedup();
                    if g.len() >= 2 {
                        cannot_link.push(g);
                    }
                    from = e.max(s + 1);
                }
            }
        }
    }
    let load = t0.elapsed();
    let input = ResolveInput {
        names: &names,
        gazetteer: &gaz,
        cannot_link: &cannot_link,
        together: &[],
        overrides: &[],
        same: &[],
        antecedents: &[],
    };
    let c1 = cpu_seconds();
    let t1 = Instant::now();
    let res = resolve(&input);
    let took = t1.elapsed();
    let cpu = cpu_seconds() - c1;
    // evaluation
    let mut items: Vec<(u64, i64)> = Vec::new();
    let mut full_items: Vec<(u64, i64)> = Vec::new();
    let mut single: i64 = -1;
    let (mut s_ok, mut s_wrong, mut s_unres, mut s_alone) = (0u64, 0u64, 0u64, 0u64);
    let show = args.iter().any(|a| a == "--show");
    let mut owner: HashMap<usize, u64> = HashMap::new(); // entity -> majority truth, for surnames
    for (ni, n) in names.iter().enumerate() {
        if surname_kind[ni] {
            continue;
        }
        let mut tot: HashMap<u64, u32> = HashMap::new();
        for m in per_doc_truth[ni].values() {
            for (&e, &c) in m {
                *tot.entry(e).or_default() += c;
            }
        }
        let t = *tot
            .iter()
            .max_by_key(|(e, c)| (**c, std::cmp::Reverse(**e)))
            .unwrap()
            .0;
        let p = match res.entity_of(ni, n.docs[0].0) {
            Some(e) => {
                owner.entry(e).or_insert(t);
                e as i64
            }
            None => {
                single -= 1;
                single
            }
        };
        items.push((t, p));
        full_items.push((t, p));
    }
    for (ni, n) in names.iter().enumerate() {
        if !surname_kind[ni] {
            continue;
        }
        for &(d, _) in &n.docs {
            let m = &per_doc_truth[ni][&d];
            let t = *m
                .iter()
                .max_by_key(|(e, c)| (**c, std::cmp::Reverse(**e)))
                .unwrap()
                .0;
            let p = match res.entity_of(ni, d) {
                Some(e) => {
                    match owner.get(&e) {
                        Some(&o) if o == t => s_ok += 1,
                        None => {
                            s_alone += 1;
                            if show && s_alone <= 12 {
                                println!("ALONE surname {:?} doc {d}: truth {t}", n.surface);
                            }
                        }
                        Some(&o) => {
                            s_wrong += 1;
                            if show && s_wrong <= 15 {
                                println!(
                                    "WRONG surname {:?} doc {d}: truth {t}, went to {} (truth {o})",
                                    n.surface, res.entities[e].name
                                );
                            }
                        }
                    }
                    e as i64
                }
                None => {
                    s_unres += 1;
                    single -= 1;
                    single
                }
            };
            items.push((t, p));
        }
    }
    if let Some(k) = args.iter().position(|a| a == "--explain") {
        let q = &args[k + 1];
        match entigraph::resolve::explain(&res, &input, q) {
            Some(ex) => println!("{}", ex.render_text(&|d| format!("document {d}"))),
            None => println!("{q}: not found"),
        }
    }
    if let Some(k) = args.iter().position(|a| a == "--show") {
        // show split and merged truth entities (for tuning)
        let limit: usize = args.get(k + 1).and_then(|x| x.parse().ok()).unwrap_or(20);
        let mut by_truth: BTreeMap<u64, BTreeMap<i64, Vec<String>>> = BTreeMap::new();
        let mut by_pred: BTreeMap<i64, BTreeMap<u64, Vec<String>>> = BTreeMap::new();
        let mut k2 = 0;
        for (ni, n) in names.iter().enumerate() {
            if surname_kind[ni] {
                continue;
            }
            let (t, p) = full_items[k2];
            k2 += 1;
            by_truth
                .entry(t)
                .or_default()
                .entry(p)
                .or_default()
                .push(n.surface.clone());
            by_pred
                .entry(p)
                .or_default()
                .entry(t)
                .or_default()
                .push(n.surface.clone());
        }
        let mut shown = 0;
        for (t, m) in &by_truth {
            if m.len() > 1 && shown < limit {
                shown += 1;
                println!("SPLIT truth {t}: {:?}", m.values().collect::<Vec<_>>());
            }
        }
        shown = 0;
        for (p, m) in &by_pred {
            if m.len() > 1 && shown < limit {
                shown += 1;
                println!("MERGED pred {p}: {:?}", m.values().collect::<Vec<_>>());
            }
        }
    }
    let (p, r, f) = pairwise(&items);
    let (fp, fr, ff) = pairwise(&full_items);
    let st = &res.stats;
    println!("corpus            {}", dir.display());
    println!(
        "names             {} distinct (type, surface); {} nodes with gazetteer names; {} spellings blocked",
        st.names, st.nodes, st.forms
    );
    println!(
        "blocks            {} keys, {} skipped (> {} spellings){}",
        st.blocks,
        st.skipped_blocks.len(),
        entigraph::resolve::MAX_BLOCK,
        st.skipped_blocks
            .first()
            .map(|(k, n)| format!(", largest {k} ({n})"))
            .unwrap_or_default()
    );
    println!(
        "candidate pairs   {} scored ({} block pairs between two gazetteer entries not scored)",
        st.candidate_pairs, st.entry_pairs_skipped
    );
    println!(
        "merges            {} fuzzy, {} recorded; {} near misses; {} entities; {} cannot-link groups",
        st.fuzzy_merges,
        res.merges.len(),
        res.near_misses.len(),
        res.entities.len(),
        cannot_link.len()
    );
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &res.merges {
        *by_rule.entry(m.rule.as_str()).or_default() += 1;
    }
    let by_rule: Vec<String> = by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
    println!("merges by rule    {}", by_rule.join(", "));
    println!(
        "partial names     {} names; docs resolved {}, ambiguous {}; diagnostics {}",
        st.partial_names,
        st.partial_resolved_docs,
        st.partial_ambiguous_docs,
        res.diagnostics.len()
    );
    println!(
        "pairwise (all, surnames per doc)   P {p:.4}  R {r:.4}  F1 {f:.4}  ({} items)",
        items.len()
    );
    println!(
        "pairwise (full names only)         P {fp:.4}  R {fr:.4}  F1 {ff:.4}  ({} items)",
        full_items.len()
    );
    let sn = (s_ok + s_wrong + s_unres + s_alone).max(1) as f64;
    println!(
        "surname mentions  {:.4} right, {:.4} wrong, {:.4} unresolved, {:.4} own entity (per document)",
        s_ok as f64 / sn,
        s_wrong as f64 / sn,
        s_unres as f64 / sn,
        s_alone as f64 / sn
    );
    let digest = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        format!("{:?}{:?}{:?}", res.entities, res.assign, res.diagnostics).hash(&mut h);
        for m in &res.merges {
            (&m.a, &m.b, m.rule, &m.detail).hash(&mut h);
        }
        h.finish()
    };
    println!("output digest     {digest:016x} (entities, assignments, diagnostics, merges)");
    for (k, v) in &st.timings {
        println!("  phase {k:<28} {v:.3}s");
    }
    println!(
        "time              load {:.2}s, resolve {:.3}s wall, {cpu:.2}s CPU (all threads)",
        load.as_secs_f64(),
        took.as_secs_f64()
    );
}
