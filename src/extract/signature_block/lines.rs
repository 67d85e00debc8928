//! What each line of a document is, for the signature blocks: names, an opener, another list's
//! heading, an affiliation, a closing line, or other. Most lines are long prose: they are told
//! by their length first.

use super::closing::{closing_line, Closing};
use super::Seen;
use crate::extract::names::is_name;
use crate::extract::Context;
use crate::gazetteer::RuleData;
use crate::text::{fold, folds_to_itself};

/// Longest line that may open a list (a line ending with ':'), in bytes.
const MAX_OPENER: usize = 200;

/// A line of the text: its span (trimmed) and what it is.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Line {
    pub(super) s: usize,
    pub(super) e: usize,
    pub(super) kind: LineKind,
    /// For a line of names with a note after a dash or in brackets: the note read as a closing
    /// line ([`sign_off`]).
    pub(super) sign_off: Option<Closing>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum LineKind {
    Blank,
    /// The names of the line, without list markers and notes.
    Names(Vec<(usize, usize)>),
    /// "Signed by political prisoners:", "The letter ends with five names:".
    Opener,
    /// A line that ends with ':' and opens no signature: another list's heading.
    Heading,
    /// "Political Prisoners in Gohardasht Prison, Iran".
    Affiliation,
    /// A date, a place, or both.
    Closing(Closing),
    Other,
}

/// Every line of the text: its span (trimmed) and what it is.
pub(super) fn classify_lines(cx: &Context, seen: &Seen) -> Vec<Line> {
    let text = cx.text;
    let mut lines = Vec::new();
    let mut pos = 0;
    for raw in raw_lines(text) {
        let start = pos;
        pos += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let s = start + lead;
        let e = (start + body.trim_end().len()).max(s);
        let kind = if s >= e {
            LineKind::Blank
        } else {
            classify_line(cx, seen, s, e)
        };
        let sign_off = match kind {
            LineKind::Names(_) => sign_off(cx, seen, s, e),
            _ => None,
        };
        lines.push(Line {
            s,
            e,
            kind,
            sign_off,
        });
    }
    lines
}

/// The lines of `text`, each with its line break: what `text.split_inclusive(['\n', '\r'])`
/// gives, with the breaks found by `memchr2` (the char-array search went byte by byte: 1.3% of
/// an extraction).
fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut pos = 0;
    let mut breaks = memchr::memchr2_iter(b'\n', b'\r', text.as_bytes());
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = breaks.next().map_or(text.len(), |i| i + 1);
        let line = &text[pos..end];
        pos = end;
        Some(line)
    })
}

fn classify_line(cx: &Context, seen: &Seen, s: usize, e: usize) -> LineKind {
    let text = cx.text;
    let rules = cx.rules;
    let line = &text[s..e];
    if line.ends_with(':') && line.len() <= MAX_OPENER {
        let f = fold(line);
        return if phrase_opener(&f, true, rules) || signing_line(&f, rules) {
            LineKind::Opener
        } else {
            LineKind::Heading
        };
    }
    // A long line of prose is none of the rest (openers and affiliations need a folded length
    // of at most 100 bytes, closing lines and names at most 120 bytes of line). Each ASCII
    // byte that is not a separator or an apostrophe folds to one byte (other characters to
    // none or more): count those first.
    if line.len() > 120 {
        // Counted up to the bound only: a paragraph is told after its first hundred bytes.
        let kept = line
            .bytes()
            .filter(|&b| folds_to_itself(b))
            .take(101)
            .count();
        if kept > 100 {
            return LineKind::Other;
        }
    }
    let f = fold(line);
    if phrase_opener(&f, false, rules) {
        return LineKind::Opener;
    }
    // Names with a note after a dash or in brackets, before the affiliation phrases: the note
    // may have one ("Ali Karimi - political prisoner").
    if let Some(names) = line_names(cx, seen, s, e, true) {
        return LineKind::Names(names);
    }
    if f.len() <= 100 && rules.affiliations.iter().any(|a| contains_words(&f, a)) {
        return LineKind::Affiliation;
    }
    if let Some(c) = closing_line(cx, seen, s, e) {
        return LineKind::Closing(c);
    }
    if line.len() > 120 {
        return LineKind::Other;
    }
    match line_names(cx, seen, s, e, false) {
        Some(names) => LineKind::Names(names),
        None => LineKind::Other,
    }
}

/// A line (folded) that starts with a phrase of `signature_openers.txt` ("Signed by political
/// prisoners:", "Signatories"): ending with ':' (`colon`), or short.
fn phrase_opener(f: &str, colon: bool, rules: &RuleData) -> bool {
    if f.len() > 80 {
        return false;
    }
    let fo = f.trim_end_matches(':').trim();
    rules
        .signature_openers
        .iter()
        .any(|o| fo.starts_with(o.as_str()) && (colon || fo.len() <= o.len() + 30))
}

/// A line (folded, ending with ':') with a signing word ("The letter is signed:", "The
/// signatories are:"), or with `names` and what is signed ("The letter ends with five
/// names:").
fn signing_line(f: &str, rules: &RuleData) -> bool {
    let mut names = false;
    let mut document = false;
    for w in f.split(|c: char| !c.is_alphanumeric()) {
        match rules.signature_words.get(w).map(String::as_str) {
            Some("signing") => return true,
            Some("names") => names = true,
            Some("document") => document = true,
            _ => {}
        }
    }
    names && document
}

/// The names of a name line: "A B", "A B,", "A B and C D,", "A B, C D and E F", after a list
/// marker ("1.", "2)", "3-", "•") or "And"; a note may follow the names: after a dash or in
/// brackets ("A B - political prisoner", "A B (sentenced to 10 years)"), or, when the line
/// goes on with something that is not a name, after a comma ("A B, 41, economist from Minsk";
/// "A B, retired teacher, serving ten years"). With `noted`, only lines with a note after a
/// dash or in brackets.
fn line_names(
    cx: &Context,
    seen: &Seen,
    s: usize,
    e: usize,
    noted: bool,
) -> Option<Vec<(usize, usize)>> {
    let text = cx.text;
    let mut s = s + list_marker(&text[s..e]);
    // "And Kazem Kaabi": the last of the list.
    if let Some(rest) = strip_and(&text[s..e]) {
        s = e - rest.len();
    }
    let body = text[s..e].trim_end_matches([',', '.', ';']);
    match note_start(body) {
        Some(cut) => {
            let head = body[..cut].trim_end();
            let mut names = Vec::new();
            for (ps, pe) in parts(head, s) {
                let ps = after_title(text, ps, pe, cx.rules);
                if !is_name(text, ps, pe, cx.gaz, cx.rules) {
                    return None;
                }
                names.push((ps, pe));
            }
            (!names.is_empty()).then_some(names)
        }
        None if noted => None,
        None => comma_names(cx, seen, body, s),
    }
}

/// The names of a line without a dash or a bracket (`body` starts at byte `s`): its
/// comma-separated segments, each one or more names joined by "and", up to a segment that is
/// a note: one that starts with a lower-case letter or a digit, or a place.
fn comma_names(cx: &Context, seen: &Seen, body: &str, s: usize) -> Option<Vec<(usize, usize)>> {
    let text = cx.text;
    let mut names = Vec::new();
    let mut offset = 0;
    for seg in body.split(',') {
        let seg_start = s + offset;
        offset += seg.len() + 1;
        let lead = seg.len() - seg.trim_start().len();
        let trimmed = seg.trim();
        if trimmed.is_empty() {
            continue;
        }
        let seg_names: Vec<(usize, usize)> = parts(seg, seg_start)
            .map(|(ps, pe)| (after_title(text, ps, pe, cx.rules), pe))
            .collect();
        if seg_names
            .iter()
            .all(|&(ps, pe)| is_name(text, ps, pe, cx.gaz, cx.rules))
        {
            names.extend(seg_names);
            continue;
        }
        // Not names: a note, when something came before it.
        let first = trimmed.chars().next().unwrap_or(' ');
        let place = seen
            .places_in(seg_start + lead, seg_start + seg.len())
            .next()
            .is_some_and(|p| p.0 == seg_start + lead);
        if names.is_empty() || !(first.is_lowercase() || first.is_ascii_digit() || place) {
            return None;
        }
        // Prose goes on with a verb: "A B, a poet from X, is not related to C".
        let rest = &text[seg_start..s + body.len()];
        if rest.split(',').any(|seg| opens_clause(seg, cx.rules)) {
            return None;
        }
        break;
    }
    (!names.is_empty()).then_some(names)
}

/// True when the first word of `seg` is a verb or a word that opens a clause ("is", "said",
/// "who", "including"): `list_verb`, `partial` and `boundary` words of `signature_words.tsv`.
pub(super) fn opens_clause(seg: &str, rules: &RuleData) -> bool {
    let w = seg
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        rules.signature_words.get_word(w).map(String::as_str),
        Some("list_verb" | "partial" | "boundary")
    )
}

/// The start of the name in `[s, e)` after a title ("Dr. Farid Sobhani", "Mrs Leila Bahrami").
fn after_title(text: &str, s: usize, e: usize, rules: &RuleData) -> usize {
    let part = &text[s..e];
    let Some(sp) = part.find(' ') else {
        return s;
    };
    let w = part[..sp].trim_end_matches('.');
    if rules.titles.contains_word(w) {
        s + sp + 1
    } else {
        s
    }
}

/// The note of a name line at `[s, e)` when it is the letter's closing: "A B – X Prison
/// (Karaj) – 3 May 2024", "A B (X Prison, 12 Azar 1402)". The text after the first dash or
/// bracket must be a closing line ([`closing_line`]).
fn sign_off(cx: &Context, seen: &Seen, s: usize, e: usize) -> Option<Closing> {
    let cut = s + note_start(&cx.text[s..e])?;
    let note = cx.text[cut..e].trim_start_matches([' ', '(', '-', '–', '—']);
    let ns = e - note.len();
    let ne = ns + note.trim_end_matches([')', '.', ' ']).len();
    (ns < ne).then(|| closing_line(cx, seen, ns, ne)).flatten()
}

/// Where the note after the names of a line starts: a dash between spaces or a bracket.
fn note_start(body: &str) -> Option<usize> {
    [" - ", " – ", " — ", " ("]
        .iter()
        .filter_map(|sep| body.find(sep))
        .min()
}

/// The text after a leading "and " / "And ", if any.
pub(super) fn strip_and(s: &str) -> Option<&str> {
    let rest = s.strip_prefix("and ").or_else(|| s.strip_prefix("And "))?;
    Some(rest.trim_start())
}

/// Length of a list marker at the start of a line: "1. ", "12) ", "3- ", "4 - ", "- ", "• ",
/// "* ", "– ", "· ".
fn list_marker(line: &str) -> usize {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let after = if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        let rest_t = rest.trim_start_matches(' ');
        let spaces = rest.len() - rest_t.len();
        match rest_t.chars().next() {
            Some(c @ ('.' | ')' | '-' | '–')) if rest_t[c.len_utf8()..].starts_with(' ') => {
                // "1.5 years" is no marker, nor "1 - 0": a space after the sign.
                if matches!(c, '.' | ')') && spaces > 0 {
                    return 0;
                }
                digits + spaces + c.len_utf8()
            }
            _ => return 0,
        }
    } else if let Some(c) = line
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '•' | '*' | '–' | '·'))
    {
        if line[c.len_utf8()..].starts_with(' ') {
            c.len_utf8()
        } else {
            return 0;
        }
    } else {
        return 0;
    };
    after + (line[after..].len() - line[after..].trim_start().len())
}

/// The parts of "A B, C D and E F" (a text starting at byte `s`) as spans, trimmed; "and"
/// before a part is left out.
fn parts(body: &str, s: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut offset = 0;
    body.split(',')
        .flat_map(|seg| seg.split(" and "))
        .filter_map(move |p| {
            let ps = s + offset;
            offset += p.len();
            // Either separator follows this part: ',' or " and ".
            offset += if body[offset..].starts_with(',') {
                1
            } else {
                " and ".len()
            };
            let lead = p.len() - p.trim_start().len();
            let t = p.trim();
            let t = strip_and(t).unwrap_or(t);
            let lead = lead + (p.trim_start().len() - t.len());
            (!t.is_empty()).then_some((ps + lead, ps + lead + t.len()))
        })
}

/// True when `needle` occurs in `hay` between word boundaries.
pub(super) fn contains_words(hay: &str, needle: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_words_needs_word_boundaries() {
        assert!(contains_words("x", ""));
        assert!(contains_words("teachers of iran", "of iran"));
        assert!(!contains_words("teachers of irani", "of iran"));
        assert!(!contains_words("évin", "vin"));
        assert!(contains_words("in évin prison", "évin"));
    }

    #[test]
    fn list_markers() {
        for (line, n) in [
            ("1. Ali Karimi", 3),
            ("12) Ali Karimi", 4),
            ("3- Ali Karimi", 3),
            ("4 - Ali Karimi", 4),
            ("5 – Ali Karimi", 6),
            ("- Ali Karimi", 2),
            ("• Ali Karimi", 4),
            ("* Ali Karimi", 2),
            ("– Ali Karimi", 4),
            ("· Ali Karimi", 3),
            ("Ali Karimi", 0),
            ("1.5 years", 0),
            ("2024 - Ali", 0),
            ("-Ali", 0),
        ] {
            assert_eq!(list_marker(line), n, "{line}");
        }
    }

    #[test]
    fn parts_of_a_name_list() {
        let body = "Ali Karimi, Sara Nouri and Reza Amini, and Hoda Kiani";
        let got: Vec<&str> = parts(body, 0).map(|(s, e)| &body[s..e]).collect();
        assert_eq!(
            got,
            vec!["Ali Karimi", "Sara Nouri", "Reza Amini", "Hoda Kiani"]
        );
    }
}
