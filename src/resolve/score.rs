//! Pair scoring: can two spellings be one name?
//!
//! The tokens of the two names are aligned in order; an aligned *group* pairs one or more
//! adjacent tokens of one name with one or more of the other, compared concatenated (so
//! `Abol Ghassem` = `Abolghassem`, `Mohammad-Ali` = `Mohammad Ali`). Every token of the
//! shorter name must be in a group; for people the longer name may keep unpaired tokens only in
//! the middle (an extra middle name), which makes the pair borderline at best.
//!
//! The *cost* of a group is its edit distance (strsim's optimal string alignment distance, a
//! restricted Damerau-Levenshtein): the plain distance `d` of the folded spellings, or, when
//! the phonetic forms are closer, their distance `dp` plus 0.5 (a transliteration change costs
//! half an edit: `Saeid`/`Saeed` cost 0.5). Each group has a *budget* that grows with its
//! length ([`budget`]). The pair score is `1 - 0.2 * max(cost / budget)` over the groups (for
//! non-person types also over the whole name, with a budget of 1.5 edits in total): a pair
//! merges when the score is at least [`THRESHOLD`] (0.8), i.e. when every group is within its
//! budget. Jaro-Winkler similarity of the phonetic concatenations only orders equal scores.
//!
//! Some differences are never a spelling variant, whatever the budget or the context
//! (relatives and co-defendants share family names, letters and prisons):
//!
//! - names whose numbers differ (`Badr 1 Prison` / `Badr 3 Prison`, `Penal Colony No. 4` /
//!   `No. 24`) are rejected outright;
//! - for people, a given name (the first part of names of two words or more) over its budget
//!   (`Hashim al-Alawi` / `Kadhim al-Alawi`), and a part that is the other with an ending of two
//!   letters or more (`Karimi` / `Karimian`, `Ali` / `Alireza`, `Ahmadi` / `Ahmadi-Nejad`), make
//!   the pair score [`FIRM`] at most: below [`BORDERLINE`], so no shared letter, prison or
//!   document can tip it.

use super::keys::{phonetic, Features, NameRules};
use crate::types::EntityType;

/// Pairs scoring at least this merge.
pub const THRESHOLD: f32 = 0.8;
/// Pairs scoring at least this (and below [`THRESHOLD`]) are borderline: context (a shared
/// letter, prison or document) can make them merge, and they are offered for review.
pub const BORDERLINE: f32 = 0.7;
/// Added to a borderline pair whose names share a letter or a prison (`together`).
pub const TOGETHER_BONUS: f32 = 0.1;
/// Added to a borderline pair whose names share a document.
pub const SAME_DOC_BONUS: f32 = 0.05;
/// Total edit budget of a non-person name: only very close spellings.
pub const OTHER_TOTAL_BUDGET: f32 = 1.5;
/// The worst group ratio (cost / budget) of a pair of people that is firmly two names (see
/// the module documentation): the score is then at most `1 - 0.2 * FIRM_RATIO` = 0.69.
pub const FIRM_RATIO: f32 = 1.55;
/// The highest score of a pair that is firmly two names.
pub const FIRM: f32 = 1.0 - 0.2 * FIRM_RATIO;

/// Why a group firmly separates two people's names, if it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Firm {
    /// Given names over their budget.
    GivenName,
    /// One part is the other with an ending of two letters or more.
    Ending,
}

/// True when one of `a`, `b` (of three letters or more) is the other followed by two letters
/// or more.
fn extends(a: &str, b: &str) -> bool {
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    s.len() >= 3 && l.len() >= s.len() + 2 && l.starts_with(s)
}

/// Whether a group of two people's names firmly separates them: `given` when the group is
/// the given name of names of two words or more; `a`, `b` the group's folded spellings, `pa`,
/// `pb` their phonetic forms. An ending is looked for in the spellings only (the phonetic
/// forms' collapsed letters make a dropped letter look like one: `azzii` → `azi`, `azizi`).
pub fn firm(
    given: bool,
    (a, b): (&str, &str),
    (pa, pb): (&str, &str),
    cost: f32,
    bud: f32,
) -> Option<Firm> {
    if extends(a, b) {
        Some(Firm::Ending)
    } else if given
        && cost > 0.0
        && (cost > bud || NameRules::shipped().consonant_change((a, pa), (b, pb)))
    {
        Some(Firm::GivenName)
    } else {
        None
    }
}

/// The ratio of a group in the worst-group maximum: cost / budget, at least [`FIRM_RATIO`]
/// when the group firmly separates two people's names.
fn ratio(
    person: bool,
    given: bool,
    spellings: (&str, &str),
    phonetic: (&str, &str),
    cost: f32,
    bud: f32,
) -> f32 {
    let r = cost / bud;
    // a group of two equal spellings (cost 0) is never firm
    if person && cost > 0.0 && firm(given, spellings, phonetic, cost, bud).is_some() {
        r.max(FIRM_RATIO)
    } else {
        r
    }
}

/// The edit budget of a group of `len` characters (the longer side).
pub fn budget(etype: EntityType, len: usize) -> f32 {
    if etype == EntityType::Person {
        match len {
            0..=3 => 0.5,
            4..=5 => 1.0,
            6..=8 => 1.5,
            9..=12 => 2.0,
            _ => 2.5,
        }
    } else {
        match len {
            0..=4 => 0.5,
            5..=8 => 1.0,
            _ => 1.5,
        }
    }
}

/// Optimal string alignment distance (restricted Damerau-Levenshtein), the same value as
/// `strsim::osa_distance`, computed on bytes without allocating for ASCII strings (the hot
/// path of pair scoring); anything else goes to strsim.
pub fn osa(a: &str, b: &str) -> usize {
    osa_bounded(a, b, usize::MAX - 1)
}

/// [`osa`], but any distance above `max` comes back as `max + 1`.
///
/// ASCII strings of which one is at most 64 bytes long are compared bit-parallel (Hyyrö's
/// algorithm for the optimal string alignment distance: one step of a few word operations per
/// byte of the other string); anything else goes to strsim.
pub fn osa_bounded(a: &str, b: &str, max: usize) -> usize {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x == y {
        return 0;
    }
    if x.len().abs_diff(y.len()) > max {
        return max + 1;
    }
    if !x.is_ascii() || !y.is_ascii() {
        return strsim::osa_distance(a, b).min(max + 1);
    }
    if x.is_empty() || y.is_empty() {
        return x.len().max(y.len()).min(max + 1);
    }
    // the pattern (bit vectors) is the shorter string; the distance is symmetric
    let (p, t) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    if p.len() > 64 {
        return strsim::osa_distance(a, b).min(max + 1);
    }
    osa_bits(p, t).min(max + 1)
}

/// Optimal string alignment distance of two non-empty ASCII byte strings, `p` at most 64
/// bytes (Hyyrö 2003, as in rapidfuzz's `osa_hyrroe2003`).
fn osa_bits(p: &[u8], t: &[u8]) -> usize {
    debug_assert!(!p.is_empty() && p.len() <= 64);
    let mut peq = [0u64; 128];
    for (i, &c) in p.iter().enumerate() {
        peq[(c & 0x7f) as usize] |= 1u64 << i;
    }
    let mask = 1u64 << (p.len() - 1);
    let (mut vp, mut vn, mut d0, mut pm_old) = (!0u64, 0u64, 0u64, 0u64);
    let mut dist = p.len();
    for &c in t {
        let pm = peq[(c & 0x7f) as usize];
        let tr = (((!d0) & pm) << 1) & pm_old;
        d0 = (((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn | tr;
        let hp = vn | !(d0 | vp);
        let hn = d0 & vp;
        dist += usize::from(hp & mask != 0);
        dist -= usize::from(hn & mask != 0);
        let hp = (hp << 1) | 1;
        let hn = hn << 1;
        vp = hn | !(d0 | hp);
        vn = hp & d0;
        pm_old = pm;
    }
    dist
}

/// Cost of one group: `(cost, plain distance)`.
pub fn group_cost(a: &str, b: &str, pa: &str, pb: &str) -> (f32, usize) {
    group_cost_bounded(a, b, pa, pb, usize::MAX - 1)
}

/// [`group_cost`] where distances above `max` are only known to be above it.
pub fn group_cost_bounded(a: &str, b: &str, pa: &str, pb: &str, max: usize) -> (f32, usize) {
    if a == b {
        return (0.0, 0);
    }
    let dp = if pa == pb {
        0
    } else {
        osa_bounded(pa, pb, max)
    };
    let d = osa_bounded(a, b, max.max(dp + 1));
    if dp < d {
        (dp as f32 + 0.5, d)
    } else {
        (d as f32, d)
    }
}

/// One aligned group of a scored pair.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub a: String,
    pub b: String,
    pub cost: f32,
    pub budget: f32,
}

/// The verdict on a pair of spellings.
#[derive(Clone, Debug, PartialEq)]
pub struct PairScore {
    /// `1 - 0.2 * max(cost / budget)`; merges at [`THRESHOLD`].
    pub score: f32,
    /// Sum of group costs.
    pub cost: f32,
    /// Sum of plain edit distances (orders equal scores).
    pub raw: usize,
    /// Jaro-Winkler similarity of the phonetic concatenations.
    pub jw: f32,
    pub groups: Vec<Group>,
    /// Tokens of the longer name left unpaired (middle names).
    pub skipped: Vec<String>,
    /// Why the pair scores as it does, for explanations.
    pub reason: String,
}

impl PairScore {
    pub fn accepted(&self) -> bool {
        self.score >= THRESHOLD
    }

    /// A compact rendering of the groups: `masouri~massouri 0.5/1.5`.
    pub fn detail(&self) -> String {
        let mut parts: Vec<String> = self
            .groups
            .iter()
            .filter(|g| g.cost > 0.0)
            .map(|g| format!("{}~{} {}/{}", g.a, g.b, g.cost, g.budget))
            .collect();
        if !self.skipped.is_empty() {
            parts.push(format!("unpaired {}", self.skipped.join(" ")));
        }
        if parts.is_empty() {
            parts.push("same tokens".into());
        }
        format!(
            "score {:.3} cost {} jw {:.3}: {}",
            self.score,
            self.cost,
            self.jw,
            parts.join(", ")
        )
    }
}

const MAX_GROUP: usize = 3;
const MAX_TOKENS: usize = 10;

#[derive(Clone, Copy, Debug)]
struct Cell {
    /// max over groups of cost / budget (the worst group)
    worst: f32,
    total: f32,
    raw: usize,
    skips: usize,
    /// back pointer: tokens taken from a and b by the last step
    step: (u8, u8),
    set: bool,
}

impl Cell {
    fn key(&self) -> (f32, usize, f32, usize) {
        (self.worst, self.skips, self.total, self.raw)
    }
    fn better(&self, o: &Cell) -> bool {
        !o.set || self.key().partial_cmp(&o.key()) == Some(std::cmp::Ordering::Less)
    }
}

/// Scores two spellings of one type.
pub fn score_pair(etype: EntityType, a: &Features, b: &Features) -> PairScore {
    let mut s = score_alignment(etype, a, b, f32::NEG_INFINITY);
    if s.score >= BORDERLINE - 0.1 {
        s.jw = strsim::jaro_winkler(&a.concat_phon, &b.concat_phon) as f32;
    }
    s
}

/// [`score_pair`] when its score is at least `min` (the same value), else `None`; a pair
/// found below `min` is not described (no groups, no reason), which saves building strings
/// for the many candidate pairs that are dropped.
pub fn score_pair_at_least(
    etype: EntityType,
    a: &Features,
    b: &Features,
    min: f32,
) -> Option<PairScore> {
    let mut s = score_alignment(etype, a, b, min);
    if s.score < min {
        return None;
    }
    if s.score >= BORDERLINE - 0.1 {
        s.jw = strsim::jaro_winkler(&a.concat_phon, &b.concat_phon) as f32;
    }
    Some(s)
}

/// Scores a pair; when the score is below `min`, only `score` is meaningful.
fn score_alignment(etype: EntityType, a: &Features, b: &Features, min: f32) -> PairScore {
    let jw = 0.0;
    if a.concat == b.concat {
        return PairScore {
            score: 1.0,
            cost: 0.0,
            raw: 0,
            jw,
            groups: Vec::new(),
            skipped: Vec::new(),
            reason: "same spelling (folded, without spaces)".into(),
        };
    }
    if a.numbers != b.numbers {
        return reject(jw);
    }
    let person = etype == EntityType::Person;
    let (na, nb) = (a.tokens.len(), b.tokens.len());
    // Quick rejection on the whole concatenation (skipping is only allowed for people).
    let may_skip = person && na != nb && na.max(nb) >= 3;
    if !may_skip {
        let l = a.concat.len().max(b.concat.len());
        let bud = budget(etype, l).max(1.0);
        let diff = a.concat_phon.len().abs_diff(b.concat_phon.len()) as f32;
        if diff > bud + 2.0 {
            return reject(jw);
        }
    }
    if na > MAX_TOKENS || nb > MAX_TOKENS || na == 0 || nb == 0 {
        return reject(jw);
    }
    // The groups' costs add up to about the distance of the phonetic concatenations: when that
    // is far beyond every budget together, no alignment can come close.
    let longer = if na >= nb { a } else { b };
    let total_budget: f32 = longer.tokens.iter().map(|t| budget(etype, t.len())).sum();
    let limit = 1.5 * total_budget + 1.0;
    // Same number of tokens: token by token; a different split is tried only when the whole
    // names are close.
    #[allow(clippy::needless_range_loop)]
    if na == nb {
        let mut costs = [(0f32, 0f32, 0usize); MAX_TOKENS];
        let (mut worst, mut total, mut raw) = (0f32, 0f32, 0usize);
        let mut far = false;
        for k in 0..na {
            let bud = budget(etype, a.tokens[k].len().max(b.tokens[k].len()));
            let (c, r) = group_cost_bounded(
                &a.tokens[k],
                &b.tokens[k],
                &a.phon[k],
                &b.phon[k],
                (2.0 * bud).ceil() as usize + 1,
            );
            let given = k == 0 && na >= 2;
            let t = (a.tokens[k].as_str(), b.tokens[k].as_str());
            let p = (a.phon[k].as_str(), b.phon[k].as_str());
            worst = worst.max(ratio(person, given, t, p, c, bud));
            total += c;
            raw = raw.saturating_add(r);
            costs[k] = (c, bud, r);
            if worst > 2.0 {
                far = true;
                break;
            }
        }
        let one = if far {
            reject(jw)
        } else {
            let groups = || {
                (0..na)
                    .map(|k| Group {
                        a: a.tokens[k].clone(),
                        b: b.tokens[k].clone(),
                        cost: costs[k].0,
                        budget: costs[k].1,
                    })
                    .collect()
            };
            conclude(
                etype,
                groups,
                Vec::new(),
                worst,
                total,
                raw,
                jw,
                min,
                na >= 2,
            )
        };
        if one.accepted() || na == 1 {
            return one;
        }
        let dc = osa_bounded(&a.concat_phon, &b.concat_phon, total_budget as usize) as f32;
        if dc > total_budget {
            return one;
        }
        let other = align(etype, a, b, false, jw, min);
        return if other.score > one.score { other } else { one };
    }
    let dc = osa_bounded(&a.concat_phon, &b.concat_phon, limit as usize) as f32;
    if dc > limit {
        return reject(jw);
    }
    align(etype, a, b, may_skip, jw, min)
}

/// Dynamic programming alignment with groups (and skipped middle tokens when `may_skip`).
fn align(
    etype: EntityType,
    a: &Features,
    b: &Features,
    may_skip: bool,
    jw: f32,
    min: f32,
) -> PairScore {
    let (na, nb) = (a.tokens.len(), b.tokens.len());
    // Dynamic programming over (i, j): a[..i] aligned with b[..j].
    let w = nb + 1;
    let mut cells = vec![
        Cell {
            worst: 0.0,
            total: 0.0,
            raw: 0,
            skips: 0,
            step: (0, 0),
            set: false,
        };
        (na + 1) * w
    ];
    cells[0].set = true;
    let a_longer = na > nb;
    for i in 0..=na {
        for j in 0..=nb {
            let cur = cells[i * w + j];
            if !cur.set {
                continue;
            }
            for ga in 1..=MAX_GROUP {
                for gb in 1..=MAX_GROUP {
                    // one token against one or more: joining on both sides at once would
                    // let the edits of two parts pool into one budget
                    if (ga > 1 && gb > 1) || i + ga > na || j + gb > nb {
                        continue;
                    }
                    let Some((cost, r, raw)) = group_step(etype, a, b, (i, ga), (j, gb)) else {
                        continue;
                    };
                    let next = Cell {
                        worst: cur.worst.max(r),
                        total: cur.total + cost,
                        raw: cur.raw + raw,
                        skips: cur.skips,
                        step: (ga as u8, gb as u8),
                        set: true,
                    };
                    let k = (i + ga) * w + j + gb;
                    if next.better(&cells[k]) {
                        cells[k] = next;
                    }
                }
            }
            // an unpaired middle token of the longer name (people only)
            if may_skip {
                let (ni, nj, ok) = if a_longer {
                    (i + 1, j, i > 0 && i + 1 < na)
                } else {
                    (i, j + 1, j > 0 && j + 1 < nb)
                };
                if ok && ni <= na && nj <= nb {
                    let next = Cell {
                        skips: cur.skips + 1,
                        step: ((ni - i) as u8, (nj - j) as u8),
                        ..cur
                    };
                    let k = ni * w + nj;
                    if next.better(&cells[k]) {
                        cells[k] = next;
                    }
                }
            }
        }
    }
    let end = cells[na * w + nb];
    if !end.set {
        return reject(jw);
    }
    if score_of(etype, end.worst, end.total, end.skips > 0) < min {
        return below(etype, end.worst, end.total, end.skips > 0, end.raw, jw);
    }
    let (groups, skipped) = walk_back(etype, a, b, &cells, w);
    conclude(
        etype,
        || groups,
        skipped,
        end.worst,
        end.total,
        end.raw,
        jw,
        f32::NEG_INFINITY,
        na >= 2 && nb >= 2,
    )
}

/// The cost of aligning tokens `a[i..i + ga]` with `b[j..j + gb]` (one of `ga`, `gb` is 1),
/// its ratio in the worst-group maximum ([`ratio`]: cost / budget, raised for a group that
/// firmly separates two people) and raw edits; `None` when their lengths differ too much to
/// fit.
#[inline(always)]
fn group_step(
    etype: EntityType,
    a: &Features,
    b: &Features,
    (i, ga): (usize, usize),
    (j, gb): (usize, usize),
) -> Option<(f32, f32, usize)> {
    let la: usize = a.tokens[i..i + ga].iter().map(|t| t.len()).sum();
    let lb: usize = b.tokens[j..j + gb].iter().map(|t| t.len()).sum();
    if la.abs_diff(lb) as f32 > 2.0 * budget(etype, la.max(lb)) + 1.0 {
        return None;
    }
    let (sa, sb) = (a.tokens[i..i + ga].concat(), b.tokens[j..j + gb].concat());
    let (pa, pb) = if ga == 1 && gb == 1 {
        (a.phon[i].clone(), b.phon[j].clone())
    } else {
        (phonetic(&sa), phonetic(&sb))
    };
    let bud = budget(etype, sa.len().max(sb.len()));
    let max = (2.0 * bud).ceil() as usize + 1;
    let (mut cost, raw) = group_cost_bounded(&sa, &sb, &pa, &pb, max);
    if cost <= bud
        && ((ga > 1 && !split_fit(etype, &a.tokens[i..i + ga], &sb))
            || (gb > 1 && !split_fit(etype, &b.tokens[j..j + gb], &sa)))
    {
        cost = bud + 0.5;
    }
    let person = etype == EntityType::Person;
    let given = i == 0 && j == 0 && a.tokens.len() >= 2 && b.tokens.len() >= 2;
    let r = ratio(person, given, (&sa, &sb), (&pa, &pb), cost, bud);
    Some((cost, r, raw))
}

/// The groups and skipped tokens of the best alignment, from the back pointers of `cells`
/// (rows of `w` cells), in order.
fn walk_back(
    etype: EntityType,
    a: &Features,
    b: &Features,
    cells: &[Cell],
    w: usize,
) -> (Vec<Group>, Vec<String>) {
    let (na, nb) = (a.tokens.len(), b.tokens.len());
    let (mut i, mut j) = (na, nb);
    let mut groups = Vec::new();
    let mut skipped = Vec::new();
    while i > 0 || j > 0 {
        let c = cells[i * w + j];
        let (ga, gb) = (c.step.0 as usize, c.step.1 as usize);
        if ga == 0 || gb == 0 {
            if ga > 0 {
                skipped.push(a.tokens[i - 1].clone());
            } else {
                skipped.push(b.tokens[j - 1].clone());
            }
        } else {
            let (sa, sb) = (a.tokens[i - ga..i].concat(), b.tokens[j - gb..j].concat());
            let (cost, _) = group_cost(&sa, &sb, &phonetic(&sa), &phonetic(&sb));
            let bud = budget(etype, sa.len().max(sb.len()));
            groups.push(Group {
                a: sa,
                b: sb,
                cost,
                budget: bud,
            });
        }
        i -= ga;
        j -= gb;
    }
    groups.reverse();
    skipped.reverse();
    (groups, skipped)
}

/// When several tokens are compared joined with one, the joined one must split into pieces
/// that each match their token within the token's own budget, so that a joined name cannot
/// hide a different given name (`hamid karimi` ≠ `majidkarimi`, while `khalil nia` =
/// `khallnia`).
fn split_fit(etype: EntityType, parts: &[String], joined: &str) -> bool {
    let chars: Vec<usize> = joined
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(joined.len()))
        .collect();
    let n = chars.len() - 1;
    let piece_ok = |p: &str, s: &str| {
        let bud = budget(etype, p.len().max(s.len()));
        let (c, _) = group_cost_bounded(p, s, &phonetic(p), &phonetic(s), bud.ceil() as usize);
        c <= bud
    };
    match parts.len() {
        2 => (1..n).any(|x| {
            piece_ok(&parts[0], &joined[..chars[x]]) && piece_ok(&parts[1], &joined[chars[x]..])
        }),
        3 => (1..n).any(|x| {
            piece_ok(&parts[0], &joined[..chars[x]])
                && (x + 1..n).any(|y| {
                    piece_ok(&parts[1], &joined[chars[x]..chars[y]])
                        && piece_ok(&parts[2], &joined[chars[y]..])
                })
        }),
        _ => false,
    }
}

/// The score of an alignment whose worst group is `worst` (cost / budget), with `total` cost
/// and whether a middle token was left unpaired (as [`conclude`] computes it).
fn score_of(etype: EntityType, worst: f32, total: f32, skipped: bool) -> f32 {
    let mut worst = worst;
    if etype != EntityType::Person {
        worst = worst.max(total / OTHER_TOTAL_BUDGET);
    }
    let mut score = 1.0 - 0.2 * worst;
    if skipped {
        score = score.min(0.75);
    }
    score.max(0.0)
}

/// An alignment scoring below what the caller keeps: its score only.
fn below(
    etype: EntityType,
    worst: f32,
    total: f32,
    skipped: bool,
    raw: usize,
    jw: f32,
) -> PairScore {
    PairScore {
        score: score_of(etype, worst, total, skipped),
        cost: total,
        raw,
        jw,
        groups: Vec::new(),
        skipped: Vec::new(),
        reason: String::new(),
    }
}

/// Score and reason of an alignment (the groups are listed only when the score is at least
/// `min`; below it, see [`below`]).
#[allow(clippy::too_many_arguments)]
fn conclude(
    etype: EntityType,
    groups: impl FnOnce() -> Vec<Group>,
    skipped: Vec<String>,
    worst: f32,
    total: f32,
    raw: usize,
    jw: f32,
    min: f32,
    multi: bool,
) -> PairScore {
    if score_of(etype, worst, total, !skipped.is_empty()) < min {
        return below(etype, worst, total, !skipped.is_empty(), raw, jw);
    }
    let groups = groups();
    let person = etype == EntityType::Person;
    let mut worst = worst;
    if !person {
        worst = worst.max(total / OTHER_TOTAL_BUDGET);
    }
    let mut score = 1.0 - 0.2 * worst;
    let mut reason = String::new();
    // a group that firmly separates two people (described first: it decides the score); only
    // a pair whose worst group reached FIRM_RATIO can have one
    let firm = if person && worst >= FIRM_RATIO {
        firm_reason(&groups, multi)
    } else {
        None
    };
    if let Some(why) = firm {
        reason = why;
    } else if let Some(g) = groups
        .iter()
        .filter(|g| g.cost > g.budget)
        .max_by(|x, y| (x.cost / x.budget).total_cmp(&(y.cost / y.budget)))
    {
        reason = format!(
            "'{}' vs '{}': {} edits over a budget of {}",
            g.a, g.b, g.cost, g.budget
        );
    } else if !person && total > OTHER_TOTAL_BUDGET {
        reason = format!(
            "{} edits in total over a budget of {OTHER_TOTAL_BUDGET} for a {etype}",
            total
        );
    }
    if !skipped.is_empty() {
        score = score.min(0.75);
        if reason.is_empty() {
            reason = format!("unpaired middle name '{}'", skipped.join(" "));
        }
    }
    if reason.is_empty() {
        reason = "every part within its edit budget".into();
    }
    PairScore {
        score: score.max(0.0),
        cost: total,
        raw,
        jw,
        groups,
        skipped,
        reason,
    }
}

/// Why two people's names are firmly two (see [`firm`]): the first group of their alignment
/// that separates them, described; `multi` when both names have two words or more (the first
/// group is then the given name).
fn firm_reason(groups: &[Group], multi: bool) -> Option<String> {
    let (g, f) = groups.iter().enumerate().find_map(|(k, g)| {
        let given = multi && k == 0;
        // the phonetic forms only for a given name within its budget (a consonant change)
        let mut f = firm(given, (&g.a, &g.b), ("", ""), g.cost, g.budget);
        if f.is_none() && given && g.cost > 0.0 {
            let (pa, pb) = (phonetic(&g.a), phonetic(&g.b));
            f = firm(given, (&g.a, &g.b), (&pa, &pb), g.cost, g.budget);
        }
        f.map(|f| (g, f))
    })?;
    Some(match f {
        Firm::Ending => format!(
            "'{}' vs '{}': one is the other with an ending (another name)",
            g.a, g.b
        ),
        Firm::GivenName if g.cost > g.budget => format!(
            "'{}' vs '{}': different given names ({} edits over a budget of {})",
            g.a, g.b, g.cost, g.budget
        ),
        Firm::GivenName => format!(
            "'{}' vs '{}': different given names (a consonant changed)",
            g.a, g.b
        ),
    })
}

/// A pair too far apart to be worth explaining (score 0; the reason is left empty).
fn reject(jw: f32) -> PairScore {
    PairScore {
        score: 0.0,
        cost: f32::INFINITY,
        raw: usize::MAX,
        jw,
        groups: Vec::new(),
        skipped: Vec::new(),
        reason: String::new(),
    }
}

/// True when two names of one type are spellings of one name by the scorer.
pub fn names_match(etype: EntityType, a: &str, b: &str) -> bool {
    let fa = Features::new(etype, a);
    let fb = Features::new(etype, b);
    score_pair(etype, &fa, &fb).accepted()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn osa_matches_strsim(a in "[abc]{0,12}", b in "[abc]{0,12}", max in 0usize..8) {
            let d = strsim::osa_distance(&a, &b);
            prop_assert_eq!(osa(&a, &b), d);
            prop_assert_eq!(osa_bounded(&a, &b, max), d.min(max + 1));
        }

        #[test]
        fn at_least_is_score_pair(
            a in "[aeiouhkgsmdrn]{1,7}( [aeiouhkgsmdrn]{1,7}){0,3}",
            b in "[aeiouhkgsmdrn]{1,7}( [aeiouhkgsmdrn]{1,7}){0,3}",
            person in any::<bool>(),
            min in prop::sample::select(vec![0.0f32, 0.6, BORDERLINE, THRESHOLD]),
        ) {
            let t = if person { EntityType::Person } else { EntityType::Prison };
            let (fa, fb) = (Features::new(t, &a), Features::new(t, &b));
            let full = score_pair(t, &fa, &fb);
            let kept = score_pair_at_least(t, &fa, &fb, min);
            prop_assert_eq!(kept, (full.score >= min).then_some(full));
        }

        #[test]
        fn osa_matches_strsim_long(a in "[a-f ]{0,70}", b in "[a-f ]{0,70}", max in 0usize..80) {
            let d = strsim::osa_distance(&a, &b);
            prop_assert_eq!(osa(&a, &b), d);
            prop_assert_eq!(osa_bounded(&a, &b, max), d.min(max + 1));
        }

        #[test]
        fn osa_matches_strsim_mixed(a in "[ab\\x7fé]{0,10}", b in "[ab\\x7fé]{0,10}") {
            prop_assert_eq!(osa(&a, &b), strsim::osa_distance(&a, &b));
        }
    }
}
