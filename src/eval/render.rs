//! The human form of a [`Report`]: the four tables of numbers, then the findings.

use std::fmt::Write;

use std::collections::BTreeMap;

use super::score::{PairFinding, Prf, Report};
use crate::types::EntityType;

/// Three decimals, as every number in the report.
fn d3(x: f64) -> String {
    format!("{x:.3}")
}

fn prf_header(out: &mut String, first: &str) {
    let _ = writeln!(
        out,
        "  {first:<14} {:>6} {:>6} {:>6} {:>10} {:>8} {:>8}",
        "tp", "fp", "fn", "precision", "recall", "f1"
    );
}

fn prf_row(out: &mut String, name: &str, p: &Prf) {
    let _ = writeln!(
        out,
        "  {name:<14} {:>6} {:>6} {:>6} {:>10} {:>8} {:>8}",
        p.tp,
        p.fp,
        p.fn_,
        d3(p.precision),
        d3(p.recall),
        d3(p.f1)
    );
}

/// One row per type, in the usual type order (person, prison, city, organization, ...).
fn type_rows(out: &mut String, per_type: &BTreeMap<String, Prf>) {
    for t in EntityType::ALL {
        if let Some(p) = per_type.get(t.as_str()) {
            prf_row(out, t.as_str(), p);
        }
    }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "-".to_string()
    } else {
        v.join(", ")
    }
}

fn quoted(v: &[String]) -> String {
    v.iter()
        .map(|s| format!("{s:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes a findings section: a heading with the count, then one line per item, or `(none)`.
fn section<T>(out: &mut String, title: &str, items: &[T], line: impl Fn(&T) -> String) {
    let _ = writeln!(out, "\n{title} ({}):", items.len());
    if items.is_empty() {
        out.push_str("  (none)\n");
    }
    for it in items {
        let _ = writeln!(out, "  {}", line(it));
    }
}

fn pair_line(p: &PairFinding) -> String {
    let w = |x: Option<u32>| x.map_or("-".to_string(), |n| n.to_string());
    format!(
        "{} + {}  (gold letters {}, predicted {})",
        p.a,
        p.b,
        w(p.gold_letters),
        w(p.predicted_letters)
    )
}

impl Report {
    /// The human report: the four metric groups (every number with three decimals), then the
    /// findings a person needs to improve the tool: missed and spurious entities (with the
    /// document and the rules that produced them), clusters split within a document, wrong and
    /// missed merges, missed, spurious and imperfect letters, and co-signature pair errors.
    pub fn render_text(&self) -> String {
        let mut o = String::new();
        self.render_entities_and_resolution(&mut o);
        self.render_letters_and_cosignatures(&mut o);
        self.render_entity_findings(&mut o);
        self.render_letter_findings(&mut o);
        o
    }

    /// Metric groups 1 (entities per document) and 2 (resolution).
    fn render_entities_and_resolution(&self, o: &mut String) {
        let e = &self.entities;
        let _ = writeln!(
            o,
            "1. Entities per document ({} documents; {} required gold entity-document pairs, \
             {} optional of which {} predicted, not scored)",
            e.documents, e.required, e.optional, e.optional_predicted
        );
        prf_header(o, "type");
        type_rows(o, &e.per_type);
        prf_row(o, "micro", &e.micro);
        if e.ignored > 0 {
            let _ = writeln!(
                o,
                "  ignored: {} predictions of types the gold does not annotate",
                e.ignored
            );
        }
        if !e.unannotated_documents.is_empty() {
            let _ = writeln!(
                o,
                "  not scored: {} predicted documents the gold does not annotate",
                e.unannotated_documents.len()
            );
        }

        let r = &self.resolution;
        let _ = writeln!(
            o,
            "\n2. Resolution (pairs of the {} distinct normalised gold surface forms of one type)",
            r.forms
        );
        prf_header(o, "type");
        type_rows(o, &r.per_type);
        prf_row(o, "micro", &r.micro);
        let _ = writeln!(
            o,
            "  hard negatives merged: {} / {}",
            r.hard_negatives_merged, r.hard_negatives
        );
    }

    /// Metric groups 3 (letters) and 4 (co-signature edges).
    fn render_letters_and_cosignatures(&self, o: &mut String) {
        let l = &self.letters;
        let _ = writeln!(o, "\n3. Letters");
        let _ = writeln!(
            o,
            "  found {} / {} (recall {}); predicted {}, spurious {} (precision {}); \
             matched optional letters {}",
            l.found,
            l.gold,
            d3(l.recall),
            l.predicted,
            l.spurious,
            d3(l.precision),
            l.optional_matched
        );
        let _ = writeln!(
            o,
            "  signers over found letters: precision {}, recall {}",
            d3(l.signer_precision),
            d3(l.signer_recall)
        );
        let _ = writeln!(o, "  dates right: {} / {}", l.dates_right, l.found);
        let _ = writeln!(
            o,
            "  cross-document letters covered: {} / {}",
            l.cross_document_covered, l.cross_document
        );

        let c = &self.cosignatures;
        let _ = writeln!(o, "\n4. Co-signature edges");
        prf_header(o, "");
        prf_row(o, "pairs", &c.pairs);
        let _ = writeln!(o, "  exact weights: {} / {}", c.exact_weights, c.pairs.tp);
    }

    /// Findings about entities and merges.
    fn render_entity_findings(&self, o: &mut String) {
        let f = &self.findings;
        let _ = writeln!(o, "\nFindings");
        section(o, "Missed entities", &f.missed_entities, |m| {
            format!(
                "{}  {:<12} {} ({:?})",
                m.document, m.entity_type, m.gold, m.name
            )
        });
        section(o, "Spurious entities", &f.spurious_entities, |s| {
            let why = match &s.maps_to {
                Some(g) => format!("  [maps to gold {g}, not listed in this document]"),
                None => String::new(),
            };
            format!(
                "{}  {:<12} {} [{}]  rules: {}{}",
                s.document,
                s.entity_type,
                s.cluster,
                quoted(&s.surfaces),
                list(&s.rules),
                why
            )
        });
        section(
            o,
            "Split clusters (one gold entity, several clusters, one document)",
            &f.duplicate_entities,
            |d| format!("{}  {}: {}", d.document, d.gold, d.clusters.join(", ")),
        );
        section(o, "Wrong merges", &f.wrong_merges, |w| {
            format!(
                "{:<12} {:?} + {:?} in {} (gold {} / {}){}",
                w.entity_type,
                w.a,
                w.b,
                w.clusters.join(", "),
                w.gold_a.join("|"),
                w.gold_b.join("|"),
                if w.hard_negative {
                    "  HARD NEGATIVE"
                } else {
                    ""
                }
            )
        });
        section(o, "Missed merges", &f.missed_merges, |m| {
            let where_ = |c: &[String]| {
                if c.is_empty() {
                    "never produced".to_string()
                } else {
                    c.join(", ")
                }
            };
            format!(
                "{:<12} {:?} [{}] / {:?} [{}] (gold {})",
                m.entity_type,
                m.a,
                where_(&m.clusters_a),
                m.b,
                where_(&m.clusters_b),
                m.gold.join("|")
            )
        });
    }

    /// Findings about letters and co-signature pairs.
    fn render_letter_findings(&self, o: &mut String) {
        let f = &self.findings;
        section(o, "Missed letters", &f.missed_letters, |id| id.clone());
        section(o, "Spurious letters", &f.spurious_letters, |l| {
            format!(
                "{} in {}  date {}  signers: {}",
                l.id.as_deref().unwrap_or("?"),
                l.documents.join(", "),
                l.date.as_deref().unwrap_or("null"),
                list(&l.signers)
            )
        });
        section(o, "Found letters with errors", &f.letter_problems, |p| {
            let mut parts = vec![format!("{} (predicted {})", p.gold, p.predicted)];
            if !p.missing_signers.is_empty() {
                parts.push(format!("missing signers: {}", p.missing_signers.join(", ")));
            }
            if !p.extra_signers.is_empty() {
                parts.push(format!("extra signers: {}", p.extra_signers.join(", ")));
            }
            if p.gold_date != p.predicted_date {
                parts.push(format!(
                    "date {} instead of {}",
                    p.predicted_date.as_deref().unwrap_or("null"),
                    p.gold_date.as_deref().unwrap_or("null")
                ));
            }
            if !p.uncovered_documents.is_empty() {
                parts.push(format!("not found in {}", p.uncovered_documents.join(", ")));
            }
            parts.join("; ")
        });
        section(
            o,
            "Missed co-signature pairs",
            &f.missed_cosignatures,
            pair_line,
        );
        section(
            o,
            "Spurious co-signature pairs",
            &f.spurious_cosignatures,
            pair_line,
        );
        section(o, "Co-signature weights wrong", &f.wrong_weights, pair_line);
    }
}
