//! The four metric groups and the findings behind them.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{normalize, Gold, Prediction, Presence};
use crate::types::EntityType;

/// Counts and the precision, recall and F1 computed from them.
///
/// Conventions when a denominator is zero: precision is 1 when nothing was predicted, recall
/// is 1 when there was nothing to find, and F1 is 0 when precision + recall is 0 (so nothing
/// predicted against nothing to find scores 1, nothing predicted against something 0).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// The scores of `tp` true positives, `fp` false positives and `fn_` false negatives.
    pub fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        Prf {
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1: f1(precision, recall),
        }
    }

    fn add(&mut self, tp: usize, fp: usize, fn_: usize) {
        *self = Prf::new(self.tp + tp, self.fp + fp, self.fn_ + fn_);
    }
}

/// `num / den`, 1 when `den` is 0.
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Group 1: entities per document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EntityScores {
    /// Per gold type (`person`, `prison`, `city`, `organization`: the types present in the gold).
    pub per_type: BTreeMap<String, Prf>,
    /// Micro-average over the types.
    pub micro: Prf,
    /// Documents scored: those the gold annotates.
    pub documents: usize,
    /// Required (entity, document) pairs in the gold: tp + fn of `micro`.
    pub required: usize,
    /// Optional (entity, document) pairs in the gold.
    pub optional: usize,
    /// Optional pairs the prediction has (neither rewarded nor penalised).
    pub optional_predicted: usize,
    /// (cluster, document) pairs not scored: a type the gold does not annotate (countries),
    /// or a cluster id the prediction does not define.
    pub ignored: usize,
    /// Predicted documents the gold does not annotate (not scored).
    pub unannotated_documents: Vec<String>,
}

/// Group 2: resolution, over pairs of distinct gold surface forms.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ResolutionScores {
    /// Per gold type: tp = pairs in one gold entity and one cluster, fp = in one cluster but
    /// not one gold entity, fn = in one gold entity but not one cluster.
    pub per_type: BTreeMap<String, Prf>,
    pub micro: Prf,
    /// Distinct normalised gold surface forms.
    pub forms: usize,
    pub hard_negatives: usize,
    /// Hard-negative pairs found in one cluster (must be 0).
    pub hard_negatives_merged: usize,
}

/// Group 3: letters.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LetterScores {
    /// Gold letters that are not optional.
    pub gold: usize,
    /// Of those, the ones found.
    pub found: usize,
    /// Predicted letters in annotated documents.
    pub predicted: usize,
    /// Predicted letters matched to no gold letter.
    pub spurious: usize,
    /// Predicted letters matched to an optional gold letter (neither rewarded nor penalised).
    pub optional_matched: usize,
    /// found / gold.
    pub recall: f64,
    /// found / (found + spurious).
    pub precision: f64,
    /// Over found letters: correct signers / predicted signers (micro).
    pub signer_precision: f64,
    /// Over found letters: correct signers / gold signers (micro).
    pub signer_recall: f64,
    /// Found letters whose predicted date equals the gold date (null = null counts as right).
    pub dates_right: usize,
    /// Gold letters reported by several documents.
    pub cross_document: usize,
    /// Of those, the ones found by a predicted letter covering every one of their documents.
    pub cross_document_covered: usize,
}

/// Group 4: co-signature edges.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CosignatureScores {
    /// Pairs: tp = predicted pairs that are gold pairs.
    pub pairs: Prf,
    /// Correct pairs whose number of letters equals the gold's.
    pub exact_weights: usize,
}

/// A required gold entity the prediction lacks in a document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MissedEntity {
    pub document: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    pub gold: String,
    pub name: String,
}

/// A predicted entity that counts as a false positive in a document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpuriousEntity {
    pub document: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    pub cluster: String,
    pub surfaces: Vec<String>,
    /// The rules that produced the cluster's mentions, when the prediction says.
    pub rules: Vec<String>,
    /// The gold entity the cluster maps to, when it maps to one the gold does not list in
    /// this document.
    pub maps_to: Option<String>,
}

/// Several clusters that map to one required gold entity in one document (counted once).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DuplicateEntity {
    pub document: String,
    pub gold: String,
    pub clusters: Vec<String>,
}

/// Two gold surfaces of different gold entities in one cluster.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WrongMerge {
    #[serde(rename = "type")]
    pub entity_type: String,
    pub a: String,
    pub b: String,
    /// The clusters that hold both.
    pub clusters: Vec<String>,
    pub gold_a: Vec<String>,
    pub gold_b: Vec<String>,
    pub hard_negative: bool,
}

/// Two gold surfaces of one gold entity that no cluster holds together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MissedMerge {
    #[serde(rename = "type")]
    pub entity_type: String,
    pub a: String,
    pub b: String,
    pub gold: Vec<String>,
    /// The clusters holding `a` (empty: the prediction never produced it).
    pub clusters_a: Vec<String>,
    pub clusters_b: Vec<String>,
}

/// A found letter that is not perfect: signers missing or extra, wrong date, documents missed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LetterProblem {
    pub gold: String,
    /// The predicted letter's id, or its index in the prediction's list.
    pub predicted: String,
    pub missing_signers: Vec<String>,
    /// Gold ids, or cluster ids (prefixed `?`) of signers that map to no gold entity.
    pub extra_signers: Vec<String>,
    pub gold_date: Option<String>,
    pub predicted_date: Option<String>,
    pub uncovered_documents: Vec<String>,
}

/// A co-signature pair in the findings (gold ids, or `?cluster` ids).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairFinding {
    pub a: String,
    pub b: String,
    pub gold_letters: Option<u32>,
    pub predicted_letters: Option<u32>,
}

/// The evidence behind the numbers, for whoever improves the tool.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Findings {
    pub missed_entities: Vec<MissedEntity>,
    pub spurious_entities: Vec<SpuriousEntity>,
    pub duplicate_entities: Vec<DuplicateEntity>,
    pub wrong_merges: Vec<WrongMerge>,
    pub missed_merges: Vec<MissedMerge>,
    /// Gold letters not found (optional ones excluded).
    pub missed_letters: Vec<String>,
    /// Predicted letters matched to no gold letter: id (or `#index`), documents, signers.
    pub spurious_letters: Vec<super::PredictedLetter>,
    pub letter_problems: Vec<LetterProblem>,
    pub missed_cosignatures: Vec<PairFinding>,
    pub spurious_cosignatures: Vec<PairFinding>,
    pub wrong_weights: Vec<PairFinding>,
}

/// The result of [`score`]: the four metric groups and the findings. Serialises as the
/// `--json` form.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub entities: EntityScores,
    pub resolution: ResolutionScores,
    pub letters: LetterScores,
    pub cosignatures: CosignatureScores,
    pub findings: Findings,
}

impl Report {
    /// Micro-averaged entity F1 (the number `--min-f1` checks).
    pub fn entity_f1(&self) -> f64 {
        self.entities.micro.f1
    }
}

/// Maps each cluster to a gold entity (index into `gold.entities`).
struct Mapping<'a> {
    gold: &'a Gold,
    pred: &'a Prediction,
    /// Cluster id → index in `pred.clusters` (first definition wins).
    cluster_ix: HashMap<&'a str, usize>,
    /// Cluster index → gold entity index.
    gold_of: Vec<Option<usize>>,
}

impl<'a> Mapping<'a> {
    /// A cluster maps to the gold entity of its own type that most of its distinct normalised
    /// surfaces name (each form votes once for every gold entity of that type having it as a
    /// surface); ties go to the entity listed first in the gold file; no vote, no mapping.
    fn new(gold: &'a Gold, pred: &'a Prediction) -> Mapping<'a> {
        let mut by_form: HashMap<(EntityType, String), BTreeSet<usize>> = HashMap::new();
        for (i, e) in gold.entities.iter().enumerate() {
            for s in e.match_surfaces() {
                by_form
                    .entry((e.entity_type, normalize(s)))
                    .or_default()
                    .insert(i);
            }
        }
        let mut cluster_ix = HashMap::new();
        for (i, c) in pred.clusters.iter().enumerate() {
            cluster_ix.entry(c.id.as_str()).or_insert(i);
        }
        let gold_of = pred
            .clusters
            .iter()
            .map(|c| {
                let forms: BTreeSet<String> = c.surfaces.iter().map(|s| normalize(s)).collect();
                let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
                for f in forms {
                    for &g in by_form.get(&(c.entity_type, f)).into_iter().flatten() {
                        *votes.entry(g).or_insert(0) += 1;
                    }
                }
                // Highest vote; among equals the lowest index (max_by keeps the last maximum,
                // so compare indices in reverse).
                votes
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|(g, _)| g)
            })
            .collect();
        Mapping {
            gold,
            pred,
            cluster_ix,
            gold_of,
        }
    }

    /// The gold id a cluster id maps to, or `?cluster-id` when it maps to none.
    fn token(&self, cluster: &str) -> String {
        match self.cluster_ix.get(cluster).and_then(|&i| self.gold_of[i]) {
            Some(g) => self.gold.entities[g].id.clone(),
            None => format!("?{cluster}"),
        }
    }
}

/// Scores a prediction against a gold annotation.
///
/// **Cluster mapping.** Names are compared after [`normalize`] only. A cluster maps to the
/// gold entity of the same type that most of its distinct normalised surfaces name (ties: the
/// entity listed first in the gold); a cluster none of whose surfaces is a gold surface of its
/// type maps to nothing.
///
/// **Entities.** Only documents the gold annotates ([`Gold::documents`]) are scored. In each, the
/// clusters the prediction lists there are taken one by one:
/// * of a type no gold entity has (countries) or an undefined id: ignored;
/// * mapped to a gold entity *required* in the document: a true positive for that entity; when
///   several clusters map to it, it still counts once, and the others are *not* false
///   positives (the README compares sets of entities per document: the split is a resolution
///   error, scored there, and listed in `duplicate_entities`);
/// * mapped to a gold entity *optional* in the document: neither true nor false positive;
/// * mapped to nothing, or to a gold entity not listed in the document: a false positive.
///
/// Required gold entities no cluster maps to are false negatives. Counts are per type (of the
/// gold entity, which is the cluster's type) and micro-averaged.
///
/// **Resolution.** For each gold type, the distinct normalised forms of its gold surfaces
/// (`Gohardasht Prison` and `Gohardasht prison` are one form, and so are `Mrs. Rajavi` and
/// `Rajavi`). Every pair of forms is "same entity" when one gold entity has both, and "same
/// cluster" when one predicted cluster of that type has both among its normalised surfaces; a
/// form no cluster has is in no cluster with anything. Precision, recall and F1 of "same
/// cluster" against "same entity", per type and micro-averaged. Hard negatives: pairs whose
/// normalised forms are both in one cluster (of any type).
///
/// **Letters.** A predicted letter is scored when one of its documents is annotated. Its
/// signers (cluster ids) are mapped to gold ids (unmapped ones never match). A (gold letter,
/// predicted letter) pair is a candidate when they share a document and the signer sets have
/// F1 ≥ 0.5, or are both empty. Candidates are matched one to one, greedily, best first: higher
/// signer F1, then more shared documents, then gold order, then prediction order. Optional gold
/// letters take part in the matching (a prediction matched to one is not spurious) but are not
/// counted. Signer precision/recall are micro over found letters; a date is right when it
/// equals the gold date as a string (`2016-12` ≠ `2016-12-18`; null = null is right); a
/// cross-document letter is covered when its matched prediction lists all of its documents.
///
/// **Co-signatures.** Gold pairs from [`Gold::cosignature_pairs`]. Predicted pairs are mapped
/// to gold ids (an unmapped end stays a cluster id, so the pair is wrong); predicted pairs that
/// map to the same unordered pair are one pair whose letters add up. A weight is exact when the
/// summed letters equal the gold's.
pub fn score(gold: &Gold, pred: &Prediction) -> Report {
    let map = Mapping::new(gold, pred);
    let mut findings = Findings::default();
    let entities = score_entities(&map, &mut findings);
    let resolution = score_resolution(&map, &mut findings);
    let letters = score_letters(&map, &mut findings);
    let cosignatures = score_cosignatures(&map, &mut findings);
    Report {
        entities,
        resolution,
        letters,
        cosignatures,
        findings,
    }
}

fn gold_types(gold: &Gold) -> BTreeSet<EntityType> {
    gold.entities.iter().map(|e| e.entity_type).collect()
}

fn score_entities(map: &Mapping, findings: &mut Findings) -> EntityScores {
    let (gold, pred) = (map.gold, map.pred);
    let types = gold_types(gold);
    let docs = gold.documents();
    let mut s = EntityScores {
        per_type: types
            .iter()
            .map(|t| (t.to_string(), Prf::new(0, 0, 0)))
            .collect(),
        micro: Prf::new(0, 0, 0),
        documents: docs.len(),
        unannotated_documents: pred
            .documents
            .keys()
            .filter(|d| !docs.contains(d.as_str()))
            .cloned()
            .collect(),
        ..EntityScores::default()
    };
    for doc in &docs {
        let listed: Vec<&str> = pred
            .documents
            .get(*doc)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let mut seen = BTreeSet::new();
        let mut matched: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        let mut optional_seen = BTreeSet::new();
        for cid in listed {
            if !seen.insert(cid) {
                continue;
            }
            let Some(&ci) = map.cluster_ix.get(cid) else {
                s.ignored += 1;
                continue;
            };
            let c = &pred.clusters[ci];
            if !types.contains(&c.entity_type) {
                s.ignored += 1;
                continue;
            }
            let presence = map.gold_of[ci].map(|g| (g, gold.entities[g].documents.get(*doc)));
            let maps_to = match presence {
                Some((g, Some(Presence::Required))) => {
                    matched.entry(g).or_default().push(cid.to_string());
                    continue;
                }
                Some((g, Some(Presence::Optional))) => {
                    optional_seen.insert(g);
                    continue;
                }
                Some((g, None)) => Some(gold.entities[g].id.clone()),
                None => None,
            };
            let ty = c.entity_type.to_string();
            s.per_type.get_mut(&ty).expect("gold type").add(0, 1, 0);
            findings.spurious_entities.push(SpuriousEntity {
                document: doc.to_string(),
                entity_type: ty,
                cluster: cid.to_string(),
                surfaces: c.surfaces.clone(),
                rules: pred.rules.get(cid).cloned().unwrap_or_default(),
                maps_to,
            });
        }
        s.optional_predicted += optional_seen.len();
        for (g, e) in gold.entities.iter().enumerate() {
            let ty = e.entity_type.to_string();
            match e.documents.get(*doc) {
                Some(Presence::Optional) => s.optional += 1,
                Some(Presence::Required) => {
                    s.required += 1;
                    let prf = s.per_type.get_mut(&ty).expect("gold type");
                    match matched.get(&g) {
                        Some(clusters) => {
                            prf.add(1, 0, 0);
                            if clusters.len() > 1 {
                                findings.duplicate_entities.push(DuplicateEntity {
                                    document: doc.to_string(),
                                    gold: e.id.clone(),
                                    clusters: clusters.clone(),
                                });
                            }
                        }
                        None => {
                            prf.add(0, 0, 1);
                            findings.missed_entities.push(MissedEntity {
                                document: doc.to_string(),
                                entity_type: ty,
                                gold: e.id.clone(),
                                name: e.name.clone(),
                            });
                        }
                    }
                }
                None => {}
            }
        }
    }
    let (tp, fp, fn_) = s
        .per_type
        .values()
        .fold((0, 0, 0), |a, p| (a.0 + p.tp, a.1 + p.fp, a.2 + p.fn_));
    s.micro = Prf::new(tp, fp, fn_);
    s
}

fn score_resolution(map: &Mapping, findings: &mut Findings) -> ResolutionScores {
    let (gold, pred) = (map.gold, map.pred);
    // Normalised form → clusters holding it, per type and over all types.
    let mut clusters_of: HashMap<(EntityType, String), BTreeSet<&str>> = HashMap::new();
    let mut clusters_any: HashMap<String, BTreeSet<&str>> = HashMap::new();
    for c in &pred.clusters {
        for s in &c.surfaces {
            let f = normalize(s);
            clusters_of
                .entry((c.entity_type, f.clone()))
                .or_default()
                .insert(c.id.as_str());
            clusters_any.entry(f).or_default().insert(c.id.as_str());
        }
    }
    let hard: BTreeSet<(String, String)> = gold
        .hard_negatives
        .iter()
        .map(|[a, b]| {
            let (a, b) = (normalize(a), normalize(b));
            if a <= b {
                (a, b)
            } else {
                (b, a)
            }
        })
        .collect();
    let empty = BTreeSet::new();
    let mut r = ResolutionScores {
        hard_negatives: gold.hard_negatives.len(),
        ..ResolutionScores::default()
    };
    for ty in gold_types(gold) {
        // Form → (first verbatim gold surface, gold entity ids having it).
        let mut forms: BTreeMap<String, (String, BTreeSet<&str>)> = BTreeMap::new();
        for e in gold.entities.iter().filter(|e| e.entity_type == ty) {
            for s in e.match_surfaces() {
                forms
                    .entry(normalize(s))
                    .or_insert_with(|| (s.to_string(), BTreeSet::new()))
                    .1
                    .insert(e.id.as_str());
            }
        }
        r.forms += forms.len();
        let forms: Vec<_> = forms.into_iter().collect();
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (i, (fa, (sa, ga))) in forms.iter().enumerate() {
            let ca = clusters_of.get(&(ty, fa.clone())).unwrap_or(&empty);
            for (fb, (sb, gb)) in &forms[i + 1..] {
                let cb = clusters_of.get(&(ty, fb.clone())).unwrap_or(&empty);
                let same_gold = !ga.is_disjoint(gb);
                let both: Vec<String> = ca.intersection(cb).map(|c| c.to_string()).collect();
                match (same_gold, !both.is_empty()) {
                    (true, true) => tp += 1,
                    (false, true) => {
                        fp += 1;
                        findings.wrong_merges.push(WrongMerge {
                            entity_type: ty.to_string(),
                            a: sa.clone(),
                            b: sb.clone(),
                            clusters: both,
                            gold_a: ga.iter().map(|s| s.to_string()).collect(),
                            gold_b: gb.iter().map(|s| s.to_string()).collect(),
                            hard_negative: hard.contains(&(fa.clone(), fb.clone())),
                        });
                    }
                    (true, false) => {
                        fn_ += 1;
                        findings.missed_merges.push(MissedMerge {
                            entity_type: ty.to_string(),
                            a: sa.clone(),
                            b: sb.clone(),
                            gold: ga.intersection(gb).map(|s| s.to_string()).collect(),
                            clusters_a: ca.iter().map(|s| s.to_string()).collect(),
                            clusters_b: cb.iter().map(|s| s.to_string()).collect(),
                        });
                    }
                    (false, false) => {}
                }
            }
        }
        r.per_type.insert(ty.to_string(), Prf::new(tp, fp, fn_));
    }
    for [a, b] in &gold.hard_negatives {
        let ca = clusters_any.get(&normalize(a)).unwrap_or(&empty);
        let cb = clusters_any.get(&normalize(b)).unwrap_or(&empty);
        if !ca.is_disjoint(cb) {
            r.hard_negatives_merged += 1;
        }
    }
    let (tp, fp, fn_) = r
        .per_type
        .values()
        .fold((0, 0, 0), |a, p| (a.0 + p.tp, a.1 + p.fp, a.2 + p.fn_));
    r.micro = Prf::new(tp, fp, fn_);
    r
}

/// Signer F1 as an exact fraction (numerator, denominator): 2·common / (|a| + |b|), 1/1 when
/// both are empty.
fn signer_f1(a: &BTreeSet<String>, b: &BTreeSet<String>) -> (usize, usize) {
    if a.is_empty() && b.is_empty() {
        return (1, 1);
    }
    (2 * a.intersection(b).count(), a.len() + b.len())
}

/// Gold letters matched one to one with predicted letters (of `scored`) that share a document
/// and at least half the signers (by signer F1), best first: the match of each gold letter,
/// and which predicted letters are taken.
fn match_letters(
    map: &Mapping,
    scored: &[usize],
    gold_signers: &[BTreeSet<String>],
    pred_signers: &[BTreeSet<String>],
) -> (Vec<Option<usize>>, Vec<bool>) {
    let (gold, pred) = (map.gold, map.pred);
    struct Candidate {
        g: usize,
        p: usize,
        f1: (usize, usize),
        shared: usize,
    }
    let mut cands = Vec::new();
    for (g, gl) in gold.letters.iter().enumerate() {
        for &p in scored {
            let shared = pred.letters[p]
                .documents
                .iter()
                .collect::<BTreeSet<_>>()
                .intersection(&gl.documents.iter().collect())
                .count();
            let f1 = signer_f1(&gold_signers[g], &pred_signers[p]);
            if shared > 0 && 2 * f1.0 >= f1.1 {
                cands.push(Candidate { g, p, f1, shared });
            }
        }
    }
    cands.sort_by(|x, y| {
        // Higher F1 first (exact: x.n/x.d vs y.n/y.d), then more shared documents.
        (y.f1.0 * x.f1.1)
            .cmp(&(x.f1.0 * y.f1.1))
            .then(y.shared.cmp(&x.shared))
            .then(x.g.cmp(&y.g))
            .then(x.p.cmp(&y.p))
    });
    let mut match_of_gold: Vec<Option<usize>> = vec![None; gold.letters.len()];
    let mut pred_taken = vec![false; pred.letters.len()];
    for c in &cands {
        if match_of_gold[c.g].is_none() && !pred_taken[c.p] {
            match_of_gold[c.g] = Some(c.p);
            pred_taken[c.p] = true;
        }
    }
    (match_of_gold, pred_taken)
}

fn score_letters(map: &Mapping, findings: &mut Findings) -> LetterScores {
    let (gold, pred) = (map.gold, map.pred);
    let docs = gold.documents();
    let gold_signers: Vec<BTreeSet<String>> = gold
        .letters
        .iter()
        .map(|l| l.signers.iter().cloned().collect())
        .collect();
    // Predicted letters in annotated documents, with their signers as gold tokens.
    let scored: Vec<usize> = (0..pred.letters.len())
        .filter(|&i| {
            pred.letters[i]
                .documents
                .iter()
                .any(|d| docs.contains(d.as_str()))
        })
        .collect();
    let pred_signers: Vec<BTreeSet<String>> = pred
        .letters
        .iter()
        .map(|l| l.signers.iter().map(|s| map.token(s)).collect())
        .collect();
    let (match_of_gold, pred_taken) = match_letters(map, &scored, &gold_signers, &pred_signers);
    let mut s = LetterScores {
        predicted: scored.len(),
        ..LetterScores::default()
    };
    let (mut common, mut n_pred, mut n_gold) = (0, 0, 0);
    for (g, gl) in gold.letters.iter().enumerate() {
        if gl.optional {
            s.optional_matched += usize::from(match_of_gold[g].is_some());
            continue;
        }
        s.gold += 1;
        let multi = gl.documents.iter().collect::<BTreeSet<_>>().len() > 1;
        s.cross_document += usize::from(multi);
        let Some(p) = match_of_gold[g] else {
            findings.missed_letters.push(gl.id.clone());
            continue;
        };
        s.found += 1;
        let pl = &pred.letters[p];
        let (gs, ps) = (&gold_signers[g], &pred_signers[p]);
        common += gs.intersection(ps).count();
        n_pred += ps.len();
        n_gold += gs.len();
        let date_right = pl.date == gl.date;
        s.dates_right += usize::from(date_right);
        let uncovered: Vec<String> = gl
            .documents
            .iter()
            .filter(|d| !pl.documents.contains(d))
            .cloned()
            .collect();
        if multi && uncovered.is_empty() {
            s.cross_document_covered += 1;
        }
        if gs != ps || !date_right || !uncovered.is_empty() {
            findings.letter_problems.push(LetterProblem {
                gold: gl.id.clone(),
                predicted: pl.id.clone().unwrap_or_else(|| format!("#{p}")),
                missing_signers: gs.difference(ps).cloned().collect(),
                extra_signers: ps.difference(gs).cloned().collect(),
                gold_date: gl.date.clone(),
                predicted_date: pl.date.clone(),
                uncovered_documents: uncovered,
            });
        }
    }
    for &p in &scored {
        if !pred_taken[p] {
            s.spurious += 1;
            let mut l = pred.letters[p].clone();
            l.id.get_or_insert_with(|| format!("#{p}"));
            findings.spurious_letters.push(l);
        }
    }
    s.recall = ratio(s.found, s.gold);
    s.precision = ratio(s.found, s.found + s.spurious);
    s.signer_precision = ratio(common, n_pred);
    s.signer_recall = ratio(common, n_gold);
    s
}

fn score_cosignatures(map: &Mapping, findings: &mut Findings) -> CosignatureScores {
    let gold_pairs = map.gold.cosignature_pairs();
    let mut pred_pairs: BTreeMap<(String, String), u32> = BTreeMap::new();
    for c in &map.pred.cosignatures {
        let (a, b) = (map.token(&c.a), map.token(&c.b));
        let key = match a.cmp(&b) {
            Ordering::Greater => (b, a),
            _ => (a, b),
        };
        *pred_pairs.entry(key).or_insert(0) += c.letters;
    }
    let (mut tp, mut exact) = (0, 0);
    for (k, &w) in &pred_pairs {
        let finding = |g: Option<u32>| PairFinding {
            a: k.0.clone(),
            b: k.1.clone(),
            gold_letters: g,
            predicted_letters: Some(w),
        };
        match gold_pairs.get(k) {
            Some(&gw) => {
                tp += 1;
                if gw == w {
                    exact += 1;
                } else {
                    findings.wrong_weights.push(finding(Some(gw)));
                }
            }
            None => findings.spurious_cosignatures.push(finding(None)),
        }
    }
    for (k, &gw) in &gold_pairs {
        if !pred_pairs.contains_key(k) {
            findings.missed_cosignatures.push(PairFinding {
                a: k.0.clone(),
                b: k.1.clone(),
                gold_letters: Some(gw),
                predicted_letters: None,
            });
        }
    }
    CosignatureScores {
        pairs: Prf::new(tp, pred_pairs.len() - tp, gold_pairs.len() - tp),
        exact_weights: exact,
    }
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
