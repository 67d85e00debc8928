//! The rule `signature_block`: the names of a signature block, a run of short name lines after
//! an opener ("Signed by political prisoners:"), or next to an affiliation line ("Political
//! Prisoners in X Prison") or above a date line; also "A and B," before an affiliation line, and
//! a list of names after an opener inside a sentence ("..., signed by A B, C D and E F, was
//! ..."). Each block is kept with its signers, affiliation and date for the letter frames.

use super::names::is_name;
use super::{Candidates, Context, Mention, RawBlock, Rule};
use crate::dates::{find_dates, PartialDate};
use crate::gazetteer::{Gazetteer, PhraseHits, RuleData};
use crate::text::{fold, folds_to_itself, Folded};
use crate::types::EntityType;

#[derive(Clone, Debug, PartialEq)]
enum LineKind {
    Blank,
    Names(Vec<(usize, usize)>),
    Affiliation,
    Opener,
    Date(PartialDate),
    Other,
}

/// The rule `signature_block`: finds signature blocks line by line, then signer lists inside
/// sentences that no block covers, and adds their names as person candidates.
pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text,
        folded,
        phrases,
        gaz,
        ..
    } = *cx;
    let lines = classify_lines(text, gaz);
    let content: Vec<&(usize, usize, LineKind)> =
        lines.iter().filter(|l| l.2 != LineKind::Blank).collect();
    line_blocks(text, &content, found);
    let Candidates {
        mentions: out,
        blocks,
    } = found;
    for b in inline_signers(text, gaz, folded, phrases) {
        if blocks.iter().any(|x| x.start < b.end && b.start < x.end) {
            continue;
        }
        for &(s, e) in &b.names {
            out.push(Mention::rule_hit(
                text,
                s,
                e,
                EntityType::Person,
                Rule::SignatureBlock,
            ));
        }
        blocks.push(b);
    }
}

/// Every line of the text: its span (trimmed) and what it is.
fn classify_lines(text: &str, gaz: &Gazetteer) -> Vec<(usize, usize, LineKind)> {
    let rules = &gaz.rules;
    let mut lines: Vec<(usize, usize, LineKind)> = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive(['\n', '\r']) {
        let start = pos;
        pos += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let s = start + lead;
        let e = start + body.trim_end().len();
        let kind = if s >= e {
            LineKind::Blank
        } else {
            classify_line(text, s, e, gaz, rules)
        };
        lines.push((s, e.max(s), kind));
    }
    lines
}

/// The blocks made of runs of name lines (blank lines skipped) next to an opener, an
/// affiliation or a date line: their names become candidates.
fn line_blocks(text: &str, content: &[&(usize, usize, LineKind)], found: &mut Candidates) {
    let Candidates {
        mentions: out,
        blocks,
    } = found;
    let mut i = 0;
    while i < content.len() {
        if !matches!(content[i].2, LineKind::Names(_)) {
            i += 1;
            continue;
        }
        let first = i;
        let mut names = Vec::new();
        while i < content.len() {
            if let LineKind::Names(n) = &content[i].2 {
                names.extend(n.iter().copied());
                i += 1;
            } else {
                break;
            }
        }
        let last = i - 1;
        let prev = first.checked_sub(1).map(|p| content[p]);
        let next = content.get(i).copied();
        let next2 = content.get(i + 1).copied();
        let opener = prev.is_some_and(|p| p.2 == LineKind::Opener);
        let aff_before = prev.is_some_and(|p| p.2 == LineKind::Affiliation);
        let aff_after = next.is_some_and(|p| p.2 == LineKind::Affiliation);
        let mut date = None;
        let mut end = content[last].1;
        let mut start = content[first].0;
        let mut affiliation = None;
        if aff_after {
            let n = next.expect("checked");
            affiliation = Some((n.0, n.1));
            end = n.1;
            if let Some((s2, e2, LineKind::Date(d))) = next2 {
                let _ = s2;
                date = Some(*d);
                end = *e2;
            }
        } else if let Some((_, e2, LineKind::Date(d))) = next {
            date = Some(*d);
            end = *e2;
        }
        if aff_before {
            let p = prev.expect("checked");
            affiliation = Some((p.0, p.1));
            start = p.0;
        }
        if opener {
            start = prev.expect("checked").0;
        }
        let accepted = opener || aff_before || aff_after || (date.is_some() && names.len() >= 2);
        if accepted {
            for &(s, e) in &names {
                out.push(Mention::rule_hit(
                    text,
                    s,
                    e,
                    EntityType::Person,
                    Rule::SignatureBlock,
                ));
            }
            blocks.push(RawBlock {
                start,
                end,
                names,
                affiliation,
                date,
                opener,
            });
        }
    }
}

fn classify_line(text: &str, s: usize, e: usize, gaz: &Gazetteer, rules: &RuleData) -> LineKind {
    let line = &text[s..e];
    // A long line of prose is none of these (openers and affiliations need a folded length of
    // at most 100 bytes, dates and names at most 120 bytes of line). Each ASCII byte that is not
    // a separator or an apostrophe folds to one byte (other characters to none or more): count
    // those first.
    if line.len() > 120 {
        let kept = line.bytes().filter(|&b| folds_to_itself(b)).count();
        if kept > 100 {
            return LineKind::Other;
        }
    }
    let f = fold(line);
    if f.len() <= 80 {
        let fo = f.trim_end_matches(':').trim();
        if rules.signature_openers.iter().any(|o| {
            fo.starts_with(o.as_str())
                && (line.trim_end().ends_with(':') || fo.len() <= o.len() + 30)
        }) {
            return LineKind::Opener;
        }
    }
    if f.len() <= 100 && rules.affiliations.iter().any(|a| contains_words(&f, a)) {
        return LineKind::Affiliation;
    }
    if line.len() <= 40 {
        let ds = find_dates(line, rules);
        if ds.len() == 1 && line.chars().filter(|c| c.is_alphabetic()).count() <= 20 {
            return LineKind::Date(ds[0].date);
        }
    }
    if line.len() > 120 {
        return LineKind::Other;
    }
    // Names: "A B", "A B,", "A B and C D,", "A B, C D and E F"; a list marker ("1.", "2)",
    // "-", "•") before the name is skipped.
    let marker = list_marker(line);
    let s = s + marker;
    let line = &line[marker..];
    let body = line.trim_end_matches([',', '.', ';']);
    let mut names = Vec::new();
    let mut offset = 0;
    for part in split_names(body) {
        let pos = body[offset..].find(part).map(|p| p + offset);
        let Some(p) = pos else {
            return LineKind::Other;
        };
        offset = p + part.len();
        let ps = s + p;
        let pe = ps + part.len();
        if !is_name(text, ps, pe, gaz, rules) {
            return LineKind::Other;
        }
        names.push((ps, pe));
    }
    if names.is_empty() {
        LineKind::Other
    } else {
        LineKind::Names(names)
    }
}

/// Length of a list marker at the start of a line: "1. ", "12) ", "- ", "• ", "* ".
fn list_marker(line: &str) -> usize {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    let after = if (1..=3).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")) {
        digits + 2
    } else if let Some(c) = line
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '•' | '*' | '–' | '·'))
    {
        if line[c.len_utf8()..].starts_with(' ') {
            c.len_utf8() + 1
        } else {
            return 0;
        }
    } else {
        return 0;
    };
    after + (line[after..].len() - line[after..].trim_start().len())
}

/// "..., signed by A B, C D and E F, was ...": a list of names after an opener inside a
/// sentence. Returns the names' spans (stops at the first part that is not a name).
fn inline_signers(
    text: &str,
    gaz: &Gazetteer,
    folded: &Folded,
    phrases: &PhraseHits,
) -> Vec<RawBlock> {
    let rules = &gaz.rules;
    let mut out = Vec::new();
    for &(k, fs) in &phrases.signature_openers {
        let opener = &rules.signature_openers[k];
        {
            if !folded.is_word_bounded(fs, fs + opener.len()) {
                continue;
            }
            let (_, oe) = folded.original_span(fs, fs + opener.len());
            // The rest of the sentence (up to a line end or a full stop followed by a space).
            let rest_end = text[oe..].find(['\n', '\r']).map_or(text.len(), |i| oe + i);
            let rest = &text[oe..rest_end];
            if rest.trim_start().starts_with(':') || rest.trim().is_empty() {
                continue; // a line opener: handled line by line
            }
            let mut names = Vec::new();
            let mut pos = oe;
            loop {
                // Skip separators: spaces, one comma, "and".
                let after = &text[pos..rest_end];
                let trimmed = after.trim_start_matches([' ', ',']);
                let trimmed = trimmed.strip_prefix("and ").unwrap_or(trimmed);
                let start = rest_end - trimmed.len();
                let end = trimmed
                    .find([',', ';', '.', '(', ':'])
                    .map_or(rest_end, |i| start + i);
                let part = &text[start..end];
                let part_end = match part.find(" and ") {
                    Some(i) => start + i,
                    None => start + part.trim_end().len(),
                };
                if part_end <= start || !is_name(text, start, part_end, gaz, rules) {
                    break;
                }
                names.push((start, part_end));
                pos = part_end;
                // "A (musician), B (teacher) and C": skip a role in brackets after a name.
                let after = &text[pos..rest_end];
                if after.trim_start().starts_with('(') {
                    match after.find(')') {
                        Some(i) => pos += i + 1,
                        None => break,
                    }
                }
                if names.len() >= 50 {
                    break;
                }
            }
            if !names.is_empty() {
                out.push(RawBlock {
                    start: names[0].0,
                    end: names[names.len() - 1].1,
                    names,
                    affiliation: None,
                    date: None,
                    opener: true,
                });
            }
        }
    }
    out
}

/// True when `needle` occurs in `hay` between word boundaries.
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&hay.as_bytes()[from..], needle.as_bytes()) {
        let a = from + p;
        let b = a + needle.len();
        let ok_a = a == 0
            || !hay[..a]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let ok_b = b == hay.len() || !hay[b..].chars().next().is_some_and(char::is_alphanumeric);
        if ok_a && ok_b {
            return true;
        }
        from = a + 1;
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Splits "A B, C D and E F" into its names (trimmed).
fn split_names(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in s.split(',') {
        for p in part.split(" and ") {
            let p = p.trim();
            if !p.is_empty() {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::extract::testing::gaz;

    #[test]
    fn signature_block_after_opener() {
        let t = "The letter.\n\nSigned by political prisoners:\n\nNarges Ahmadi\nKeyvan Rostami-Far\nAbol Fazl Tavakoli\n\n3 March 2019";
        let d = extract(t, &gaz());
        let names: Vec<_> = d.mentions.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            names,
            vec!["Narges Ahmadi", "Keyvan Rostami-Far", "Abol Fazl Tavakoli"]
        );
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.blocks[0].signers, vec![0, 1, 2]);
        assert_eq!(d.blocks[0].date.unwrap().iso().unwrap(), "2019-03-03");
    }

    #[test]
    fn names_joined_with_and_before_affiliation() {
        let t = "Text.\n\nSoheil Karimi and Dariush Nejati,\n\nPolitical Prisoners in Dizelabad Prison, Iran\n\nMay 2, 2018\n";
        let d = extract(t, &gaz());
        let people: Vec<_> = d
            .mentions
            .iter()
            .filter(|m| m.etype == EntityType::Person)
            .map(|m| m.surface.as_str())
            .collect();
        assert_eq!(people, vec!["Soheil Karimi", "Dariush Nejati"]);
        assert!(d
            .mentions
            .iter()
            .any(|m| m.surface == "Dizelabad Prison" && m.etype == EntityType::Prison));
        assert_eq!(
            d.blocks[0].affiliation.map(|(s, e)| &t[s..e]),
            Some("Political Prisoners in Dizelabad Prison, Iran")
        );
    }

    #[test]
    fn numbered_and_inline_signer_lists() {
        let t = "The letter reads as follows.\n\nSigned by:\n1. Golnar Sadeghi\n2. Arman Tavakoli\n3) Parviz Nouri\n";
        let d = extract(t, &gaz());
        let names: Vec<_> = d.mentions.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            names,
            vec!["Golnar Sadeghi", "Arman Tavakoli", "Parviz Nouri"]
        );
        let t = "The letter, signed by Golnar Sadeghi (teacher), Arman Tavakoli and Parviz Nouri (lawyer), was published on Monday.";
        let d = extract(t, &gaz());
        let names: Vec<_> = d.mentions.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            names,
            vec!["Golnar Sadeghi", "Arman Tavakoli", "Parviz Nouri"]
        );
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.blocks[0].signers.len(), 3);
        // "signed by 11 prisoners" names nobody.
        assert!(extract("A letter signed by 11 prisoners was read.", &gaz())
            .blocks
            .is_empty());
    }

    #[test]
    fn contains_words_needs_word_boundaries() {
        assert!(contains_words("x", ""));
        assert!(contains_words("teachers of iran", "of iran"));
        assert!(!contains_words("teachers of irani", "of iran"));
        assert!(!contains_words("évin", "vin"));
        assert!(contains_words("in évin prison", "évin"));
    }

    #[test]
    fn headline_is_not_a_signature() {
        let d = extract("Water Shortage Crisis\n\nThe rains failed.\n", &gaz());
        assert!(d.mentions.is_empty());
    }
}
