//! What the corpus-wide rule `propagated` needs from each document: the runs of capitalised
//! words no mention covers, which full names a document offers, and where a run holds one of
//! them. The rule itself runs in `crate::names` once every document is read.

use std::collections::HashSet;

use super::tokens::Token;
use super::{overlaps_any, Mention, Rule};
use crate::gazetteer::RuleData;
use crate::text::{fold, with_folded_word};
use crate::types::EntityType;

/// Runs of 2–6 capitalised words not covered by a mention.
pub(super) fn capitalised_runs(
    text: &str,
    tokens: &[Token],
    rules: &RuleData,
    mentions: &[Mention],
) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let covered = |t: &Token| overlaps_any(mentions, t.start, t.end);
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !t.cap || covered(t) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && j - i < 6 {
            let n = &tokens[j];
            if &text[tokens[j - 1].full_end..n.start] != " " || tokens[j - 1].possessive {
                break;
            }
            if !(n.cap
                || with_folded_word(&text[n.start..n.end], |f| {
                    rules.particles.contains(f.split(' ').next().unwrap_or(""))
                }))
                || covered(n)
            {
                break;
            }
            j += 1;
        }
        if j - i >= 2 {
            let s = t.start;
            let e = tokens[j - 1].end;
            out.push((s, e, text[s..e].to_string()));
        }
        i = j;
    }
    out
}

/// True when a mention is a full person name that propagation (`crate::names`) looks for in
/// other documents
/// (its folded surface is one of the names).
pub fn offers_full_name(etype: EntityType, rule: Rule, surface: &str) -> bool {
    etype == EntityType::Person && rule.finds_full_names() && surface.contains(' ')
}

/// The sub-runs (2–4 words, longest first, not overlapping) of a capitalised run whose folded
/// text is one of `names`: byte spans within `run`, in the order propagation adds them.
pub fn propagated_spans(run: &str, names: &HashSet<String>) -> Vec<(usize, usize)> {
    let words: Vec<(usize, usize)> = word_offsets(run);
    let mut used: Vec<(usize, usize)> = Vec::new();
    for len in (2..=4.min(words.len())).rev() {
        for a in 0..=(words.len() - len) {
            let (ws, _) = words[a];
            let (_, we) = words[a + len - 1];
            if used.iter().any(|&(x, y)| ws < y && x < we) {
                continue;
            }
            if names.contains(&fold(&run[ws..we])) {
                used.push((ws, we));
            }
        }
    }
    used
}

fn word_offsets(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c == ' ' {
            if let Some(st) = start.take() {
                out.push((st, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, s.len()));
    }
    out
}
