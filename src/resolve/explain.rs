//! Explanations (`entigraph explain NAME`) and the review of borderline pairs.
//!
//! ## Reviewing borderline pairs
//!
//! [`review_pairs`] lists the pairs whose score is within a margin of the threshold: merged
//! pairs just above it and rejected pairs just below. [`write_review_csv`] writes them with
//! the columns `decision,a,b,score,reason`; `decision` is left empty. A reviewer writes `same`
//! or `different` into it; the decided rows then become overrides lines
//! (`relation<TAB>a<TAB>b<TAB>note`), for example:
//!
//! ```text
//! python3 -c 'import csv,sys; [print(f"{r[\"decision\"]}\t{r[\"a\"]}\t{r[\"b\"]}\treview score {r[\"score\"]}") for r in csv.DictReader(open(sys.argv[1])) if r["decision"] in ("same","different")]' review.csv >> gazetteer/overrides.tsv
//! ```

use std::fmt::Write as _;
use std::io::Write;

use super::{score, Assignment, Resolution, ResolveInput, Rule};

/// Everything known about how one name was resolved.
#[derive(Clone, Debug)]
pub struct Explanation {
    /// The name asked about.
    pub query: String,
    /// Entity id, type and canonical name (None when the name is unresolved).
    pub entity: Option<(String, String, String)>,
    /// Source of the entity (`gazetteer` or `rule`).
    pub source: Option<String>,
    /// Every surface form of the entity: `(surface, mentions, documents)`.
    pub surfaces: Vec<(String, u64, Vec<u32>)>,
    /// Merges into the entity: `(a, b, rule, score, detail)`.
    pub merges: Vec<(String, String, String, f32, String)>,
    /// Pairs considered and not merged: `(a, b, score, reason)`.
    pub near_misses: Vec<(String, String, f32, String)>,
    /// Where a partial name went per document, when it differs by document.
    pub per_doc: Vec<(u32, String)>,
}

impl Explanation {
    /// The explanation as text; `doc_name` names a document index.
    pub fn render_text(&self, doc_name: &dyn Fn(u32) -> String) -> String {
        let mut s = String::new();
        match &self.entity {
            Some((id, t, name)) => {
                let _ = writeln!(
                    s,
                    "{} → {id} ({t}, {}): {name}",
                    self.query,
                    self.source.as_deref().unwrap_or("?")
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    "{} → unresolved (a partial name with several candidates)",
                    self.query
                );
            }
        }
        if !self.per_doc.is_empty() {
            let _ = writeln!(s, "\nper document:");
            for (d, id) in &self.per_doc {
                let _ = writeln!(s, "  {}: {id}", doc_name(*d));
            }
        }
        let _ = writeln!(s, "\nsurface forms ({}):", self.surfaces.len());
        for (f, c, docs) in &self.surfaces {
            let shown: Vec<String> = docs.iter().take(8).map(|&d| doc_name(d)).collect();
            let more = if docs.len() > 8 {
                format!(", ... ({} documents)", docs.len())
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "  {f:<40} {c:>6} mention(s) in {}{more}",
                shown.join(", ")
            );
        }
        let _ = writeln!(s, "\nmerges ({}):", self.merges.len());
        for (a, b, rule, sc, d) in &self.merges {
            let _ = writeln!(s, "  {a} = {b}  [{rule}, {sc:.3}] {d}");
        }
        let _ = writeln!(s, "\nnear misses ({}):", self.near_misses.len());
        for (a, b, sc, r) in &self.near_misses {
            let _ = writeln!(s, "  {a} ≠ {b}  [{sc:.3}] {r}");
        }
        s
    }
}

/// Explains how `name` was resolved: found by folded spelling among the input names, or
/// failing that by the scorer (`same_name`), or as an entity id.
pub fn explain(res: &Resolution, input: &ResolveInput, name: &str) -> Option<Explanation> {
    let key = crate::text::fold(name).replace(' ', "");
    let names = input.names;
    let found = names
        .iter()
        .position(|n| crate::text::fold(&n.surface).replace(' ', "") == key)
        .or_else(|| {
            res.entities
                .iter()
                .find(|e| e.id == name)
                .and_then(|e| e.names.first().copied())
        })
        .or_else(|| {
            names
                .iter()
                .position(|n| score::names_match(n.etype, &n.surface, name))
        })?;
    let (entity, per_doc) = match &res.assign[found] {
        Assignment::Unresolved => (None, Vec::new()),
        Assignment::All(e) => (Some(*e), Vec::new()),
        Assignment::PerDoc(v) => (
            v.first().map(|x| x.1),
            v.iter()
                .map(|&(d, e)| (d, res.entities[e].id.clone()))
                .collect(),
        ),
    };
    let mut ex = Explanation {
        query: names[found].surface.clone(),
        entity: None,
        source: None,
        surfaces: Vec::new(),
        merges: Vec::new(),
        near_misses: Vec::new(),
        per_doc,
    };
    let Some(e) = entity else {
        for m in &res.near_misses {
            if m.a == names[found].surface {
                ex.near_misses
                    .push((m.a.clone(), m.b.clone(), m.score, m.reason.clone()));
            }
        }
        return Some(ex);
    };
    let ent = &res.entities[e];
    ex.entity = Some((ent.id.clone(), ent.etype.to_string(), ent.name.clone()));
    ex.source = Some(ent.source.as_str().to_string());
    for &i in &ent.names {
        let n = &names[i];
        let docs: Vec<u32> = n
            .docs
            .iter()
            .map(|d| d.0)
            .filter(|&d| res.entity_of(i, d) == Some(e))
            .collect();
        let count: u64 = n
            .docs
            .iter()
            .filter(|d| res.entity_of(i, d.0) == Some(e))
            .map(|d| d.1 as u64)
            .sum();
        ex.surfaces.push((n.surface.clone(), count, docs));
    }
    ex.surfaces
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for &i in &ent.names {
        if let Some(en) = names[i].entry.and_then(|x| input.gazetteer.entries.get(x)) {
            ex.merges.push((
                names[i].surface.clone(),
                format!("{} [gazetteer {}]", en.name, en.id),
                Rule::Gazetteer.as_str().to_string(),
                1.0,
                format!(
                    "matched gazetteer entry {} ({}:{})",
                    en.id,
                    en.file.display(),
                    en.line
                ),
            ));
        }
    }
    for m in res.merges.iter().filter(|m| m.entity == Some(e)) {
        ex.merges.push((
            m.a.clone(),
            m.b.clone(),
            m.rule.as_str().to_string(),
            m.score,
            m.detail.clone(),
        ));
    }
    for m in res
        .near_misses
        .iter()
        .filter(|m| m.entity_a == Some(e) || m.entity_b == Some(e))
    {
        ex.near_misses
            .push((m.a.clone(), m.b.clone(), m.score, m.reason.clone()));
    }
    Some(ex)
}

/// A pair for a person to decide.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewPair {
    pub a: String,
    pub b: String,
    pub score: f32,
    /// `merged: ...` or `not merged: ...` with the scorer's reason.
    pub reason: String,
}

/// Borderline pairs: merged pairs scoring below `THRESHOLD + margin` and rejected pairs scoring
/// at least `THRESHOLD - margin` (a margin of 0.1 is a good start). Sorted by distance from
/// the threshold, closest first.
pub fn review_pairs(res: &Resolution, margin: f32) -> Vec<ReviewPair> {
    let t = score::THRESHOLD;
    let strip = |s: &str| match s.find(" [gazetteer ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    };
    let mut out: Vec<ReviewPair> = Vec::new();
    for m in &res.merges {
        if matches!(m.rule, Rule::Fuzzy | Rule::FuzzyWithContext) && m.score < t + margin {
            out.push(ReviewPair {
                a: strip(&m.a),
                b: strip(&m.b),
                score: m.score,
                reason: format!("merged ({}): {}", m.rule.as_str(), m.detail),
            });
        }
    }
    for m in &res.near_misses {
        if m.score >= t - margin && m.score < t {
            out.push(ReviewPair {
                a: strip(&m.a),
                b: strip(&m.b),
                score: m.score,
                reason: format!("not merged: {}", m.reason),
            });
        }
    }
    out.sort_by(|x, y| {
        (x.score - t)
            .abs()
            .total_cmp(&(y.score - t).abs())
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    out.dedup_by(|x, y| x.a == y.a && x.b == y.b);
    out
}

/// Writes review pairs as CSV: `decision,a,b,score,reason` with `decision` empty, to be filled
/// with `same` or `different` and appended to `gazetteer/overrides.tsv` (see the module
/// documentation).
pub fn write_review_csv<W: Write>(pairs: &[ReviewPair], out: W) -> crate::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| crate::Error::Invalid(format!("writing review CSV: {e}"));
    w.write_record(["decision", "a", "b", "score", "reason"])
        .map_err(err)?;
    for p in pairs {
        w.write_record(["", &p.a, &p.b, &format!("{:.3}", p.score), &p.reason])
            .map_err(err)?;
    }
    w.flush()
        .map_err(|e| crate::Error::Invalid(format!("writing review CSV: {e}")))?;
    Ok(())
}
