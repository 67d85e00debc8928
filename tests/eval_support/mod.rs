//! Helpers shared by the eval integration tests: the seed gold, the "oracle" prediction
//! that copies a gold annotation, and seeded random damage to a prediction.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use entigraph::eval::{
    load_gold, Cluster, Cosignature, Gold, PredictedLetter, Prediction, Presence,
};
use entigraph::EntityType;

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seeds_gold() -> Gold {
    load_gold(&manifest_dir().join("tests/data/seeds.gold.json")).expect("seed gold loads")
}

/// The cluster id the oracle gives a gold entity.
pub fn cid(gold: &Gold, id: &str) -> String {
    let e = gold.entities.iter().find(|e| e.id == id).expect("gold id");
    format!("{}:{}", e.entity_type.id_prefix(), e.id)
}

/// The prediction a perfect tool would make: one cluster per gold entity with its surfaces,
/// listed in every document of the entity (required and optional), every letter and every
/// co-signature pair of the gold.
pub fn oracle(gold: &Gold) -> Prediction {
    let mut p = Prediction::default();
    for e in &gold.entities {
        let id = cid(gold, &e.id);
        p.clusters.push(Cluster {
            id: id.clone(),
            entity_type: e.entity_type,
            surfaces: e.surfaces.clone(),
        });
        for d in e.documents.keys() {
            p.documents.entry(d.clone()).or_default().push(id.clone());
        }
    }
    for l in &gold.letters {
        p.letters.push(PredictedLetter {
            id: Some(format!("letter:{}", l.id)),
            documents: l.documents.clone(),
            date: l.date.clone(),
            signers: l.signers.iter().map(|s| cid(gold, s)).collect(),
        });
    }
    for ((a, b), n) in gold.cosignature_pairs() {
        p.cosignatures.push(Cosignature {
            a: cid(gold, &a),
            b: cid(gold, &b),
            letters: n,
        });
    }
    p
}

/// A small deterministic generator (64-bit LCG), so failures reproduce.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> Option<&'a T> {
        if v.is_empty() {
            None
        } else {
            Some(&v[self.below(v.len())])
        }
    }
}

const TYPES: [EntityType; 5] = [
    EntityType::Person,
    EntityType::Prison,
    EntityType::City,
    EntityType::Organization,
    EntityType::Country,
];

/// Renames a cluster id everywhere it is referenced.
fn rename(p: &mut Prediction, from: &str, to: &str) {
    for ids in p.documents.values_mut() {
        for id in ids.iter_mut().filter(|i| *i == from) {
            *id = to.to_string();
        }
    }
    for l in &mut p.letters {
        for s in l.signers.iter_mut().filter(|s| *s == from) {
            *s = to.to_string();
        }
    }
    for c in &mut p.cosignatures {
        for x in [&mut c.a, &mut c.b] {
            if x == from {
                *x = to.to_string();
            }
        }
    }
}

/// Merges cluster `gone` into cluster `keep` (surfaces added, references renamed).
pub fn merge(p: &mut Prediction, keep: &str, gone: &str) {
    let i = p
        .clusters
        .iter()
        .position(|c| c.id == gone)
        .expect("cluster");
    let gone_cluster = p.clusters.remove(i);
    let k = p
        .clusters
        .iter_mut()
        .find(|c| c.id == keep)
        .expect("cluster");
    k.surfaces.extend(gone_cluster.surfaces);
    rename(p, gone, keep);
}

/// Applies `n` random errors of the kinds a pipeline makes: entities dropped or invented,
/// clusters merged, split, mistyped or with garbled surfaces, letters losing or gaining
/// signers, dates and documents, spurious letters and pairs, wrong weights.
pub fn damage(p: &mut Prediction, gold: &Gold, rng: &mut Lcg, n: usize) {
    let mut docs: Vec<String> = gold.documents().into_iter().map(String::from).collect();
    docs.push("999_unannotated.txt".into());
    for k in 0..n {
        let ids: Vec<String> = p.clusters.iter().map(|c| c.id.clone()).collect();
        match rng.below(15) {
            0 | 1 => {
                let d = rng.pick(&docs).unwrap().clone();
                if let Some(list) = p.documents.get_mut(&d) {
                    if !list.is_empty() {
                        let i = rng.below(list.len());
                        list.remove(i);
                    }
                }
            }
            2 => {
                let id = format!("spurious:{k}");
                let ty = TYPES[rng.below(TYPES.len())];
                p.clusters.push(Cluster {
                    id: id.clone(),
                    entity_type: ty,
                    surfaces: vec![format!("Spurious {k}")],
                });
                let d = rng.pick(&docs).unwrap().clone();
                p.documents.entry(d).or_default().push(id.clone());
                p.rules.insert(id, vec!["title".into()]);
            }
            3 => {
                if let Some(id) = rng.pick(&ids).cloned() {
                    let d = rng.pick(&docs).unwrap().clone();
                    p.documents.entry(d).or_default().push(id);
                }
            }
            4 | 5 => {
                // Merge two clusters (same type three times out of four).
                if p.clusters.len() < 2 {
                    continue;
                }
                let a = rng.below(p.clusters.len());
                let same: Vec<usize> = (0..p.clusters.len())
                    .filter(|&i| i != a && p.clusters[i].entity_type == p.clusters[a].entity_type)
                    .collect();
                let b = if rng.below(4) > 0 && !same.is_empty() {
                    *rng.pick(&same).unwrap()
                } else {
                    (a + 1 + rng.below(p.clusters.len() - 1)) % p.clusters.len()
                };
                let (keep, gone) = (p.clusters[a].id.clone(), p.clusters[b].id.clone());
                merge(p, &keep, &gone);
            }
            6 | 7 => {
                // Split: move the last surfaces into a new cluster, listed in some documents.
                let i = rng.below(p.clusters.len().max(1));
                let Some(c) = p.clusters.get_mut(i) else {
                    continue;
                };
                if c.surfaces.len() < 2 {
                    continue;
                }
                let at = 1 + rng.below(c.surfaces.len() - 1);
                let moved = c.surfaces.split_off(at);
                let id = format!("{}~{k}", c.id);
                let (old, ty) = (c.id.clone(), c.entity_type);
                p.clusters.push(Cluster {
                    id: id.clone(),
                    entity_type: ty,
                    surfaces: moved,
                });
                for list in p.documents.values_mut() {
                    if list.contains(&old) && rng.below(2) == 0 {
                        list.push(id.clone());
                    }
                }
                for l in &mut p.letters {
                    for s in l.signers.iter_mut() {
                        if *s == old && rng.below(2) == 0 {
                            *s = id.clone();
                        }
                    }
                }
            }
            8 => {
                let i = rng.below(p.clusters.len().max(1));
                if let Some(c) = p.clusters.get_mut(i) {
                    c.entity_type = TYPES[rng.below(TYPES.len())];
                }
            }
            9 => {
                let i = rng.below(p.clusters.len().max(1));
                if let Some(c) = p.clusters.get_mut(i) {
                    let j = rng.below(c.surfaces.len().max(1));
                    if let Some(s) = c.surfaces.get_mut(j) {
                        s.push('x');
                    }
                }
            }
            10 => {
                let i = rng.below(p.letters.len().max(1));
                if let Some(l) = p.letters.get_mut(i) {
                    match rng.below(3) {
                        0 if !l.signers.is_empty() => {
                            let j = rng.below(l.signers.len());
                            l.signers.remove(j);
                        }
                        1 => {
                            let s = rng.pick(&ids).cloned().unwrap_or_default();
                            l.signers.push(s);
                        }
                        _ => l.signers.push("person:ghost".into()),
                    }
                }
            }
            11 => {
                let i = rng.below(p.letters.len().max(1));
                if let Some(l) = p.letters.get_mut(i) {
                    l.date = [None, Some("2016".to_string()), Some("2016-12-18".into())]
                        [rng.below(3)]
                    .clone();
                }
            }
            12 => {
                let i = rng.below(p.letters.len().max(1));
                if rng.below(3) == 0 {
                    if i < p.letters.len() {
                        p.letters.remove(i);
                    }
                } else if let Some(l) = p.letters.get_mut(i) {
                    if l.documents.len() > 1 {
                        l.documents.pop();
                    } else {
                        l.documents.push(rng.pick(&docs).unwrap().clone());
                    }
                }
            }
            13 => {
                let signers = (0..rng.below(4))
                    .filter_map(|_| rng.pick(&ids).cloned())
                    .collect();
                p.letters.push(PredictedLetter {
                    id: None,
                    documents: vec![rng.pick(&docs).unwrap().clone()],
                    date: None,
                    signers,
                });
            }
            _ => {
                let i = rng.below(p.cosignatures.len().max(1));
                match rng.below(3) {
                    0 if i < p.cosignatures.len() => {
                        p.cosignatures.remove(i);
                    }
                    1 if i < p.cosignatures.len() => p.cosignatures[i].letters += 1,
                    _ => {
                        let (a, b) = (rng.pick(&ids).cloned(), rng.pick(&ids).cloned());
                        if let (Some(a), Some(b)) = (a, b) {
                            p.cosignatures.push(Cosignature { a, b, letters: 1 });
                        }
                    }
                }
            }
        }
    }
}

/// The numbers of a report as the flat `{metric: number}` map the Python scorer prints.
pub fn flat(r: &entigraph::eval::Report) -> BTreeMap<String, f64> {
    let mut m = BTreeMap::new();
    let mut prf = |prefix: &str, p: &entigraph::eval::Prf| {
        m.insert(format!("{prefix}.tp"), p.tp as f64);
        m.insert(format!("{prefix}.fp"), p.fp as f64);
        m.insert(format!("{prefix}.fn"), p.fn_ as f64);
        m.insert(format!("{prefix}.p"), p.precision);
        m.insert(format!("{prefix}.r"), p.recall);
        m.insert(format!("{prefix}.f1"), p.f1);
    };
    for (t, p) in &r.entities.per_type {
        prf(&format!("entities.{t}"), p);
    }
    prf("entities.micro", &r.entities.micro);
    for (t, p) in &r.resolution.per_type {
        prf(&format!("resolution.{t}"), p);
    }
    prf("resolution.micro", &r.resolution.micro);
    prf("cosignatures", &r.cosignatures.pairs);
    let e = &r.entities;
    let l = &r.letters;
    for (k, v) in [
        ("entities.required", e.required as f64),
        ("entities.optional", e.optional as f64),
        ("entities.optional_predicted", e.optional_predicted as f64),
        (
            "resolution.hard_negatives_merged",
            r.resolution.hard_negatives_merged as f64,
        ),
        ("letters.gold", l.gold as f64),
        ("letters.found", l.found as f64),
        ("letters.predicted", l.predicted as f64),
        ("letters.spurious", l.spurious as f64),
        ("letters.optional_matched", l.optional_matched as f64),
        ("letters.recall", l.recall),
        ("letters.precision", l.precision),
        ("letters.signer_precision", l.signer_precision),
        ("letters.signer_recall", l.signer_recall),
        ("letters.dates_right", l.dates_right as f64),
        ("letters.cross_document", l.cross_document as f64),
        (
            "letters.cross_document_covered",
            l.cross_document_covered as f64,
        ),
        ("cosignatures.exact", r.cosignatures.exact_weights as f64),
    ] {
        m.insert(k.to_string(), v);
    }
    m
}

/// Writes `value` as JSON into `dir/name` and returns the path.
pub fn write_json(dir: &Path, name: &str, value: &impl serde::Serialize) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path
}

/// Keeps `Presence` in use for tests that build gold by hand.
pub fn is_required(gold: &Gold, id: &str, doc: &str) -> bool {
    gold.entities
        .iter()
        .any(|e| e.id == id && e.documents.get(doc) == Some(&Presence::Required))
}
