//! The writers of a letter given in a byline under its title: "Prisoners' Letter from X Jail"
//! then, on its own line, "by A, B, and C". The title names a letter (`letter_nouns.txt`) and
//! prisoners or a prison (a noun for people of `person_cues.txt`, a word of
//! `prison_words.txt`); the byline is a list of two people or more and nothing else (one name
//! may be the reporter's).

use super::inline::comma_list;
use super::Seen;
use crate::extract::{Context, RawBlock};

/// Longest title line, in bytes.
const MAX_TITLE: usize = 160;

/// The bylines under a letter's title, as blocks.
pub(super) fn byline_signers(cx: &Context, seen: &Seen) -> Vec<RawBlock> {
    let text = cx.text;
    let mut out = Vec::new();
    let mut title: Option<&str> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let by = ["by ", "By "].iter().find(|b| t.starts_with(**b));
        if let (Some(b), Some(title)) = (by, title) {
            if letter_title(cx, title) {
                let from = start + lead + b.len();
                let to = start + lead + t.len();
                if let Some(block) = byline(cx, seen, from, to) {
                    out.push(block);
                }
            }
        }
        title = Some(t);
    }
    out
}

/// True when `title` is a short line without a full stop at its end that names a letter and
/// prisoners or a prison.
fn letter_title(cx: &Context, title: &str) -> bool {
    if title.len() > MAX_TITLE || title.ends_with('.') {
        return false;
    }
    let words = || title.split(|c: char| !c.is_alphanumeric());
    let rules = cx.rules;
    words().any(|w| rules.letter_nouns.contains_word(w))
        && words()
            .any(|w| rules.person_cues.contains_word(w) || rules.prison_words.contains_word(w))
}

/// The block of the byline `[from, to)` when it is a list of two people or more and nothing
/// else.
fn byline(cx: &Context, seen: &Seen, from: usize, to: usize) -> Option<RawBlock> {
    let names = comma_list(cx, seen, from, to);
    let last = *names.last()?;
    let only_names = names.len() >= 2
        && cx.text[last.1..to].trim().is_empty()
        && names
            .windows(2)
            .all(|w| matches!(&cx.text[w[0].1..w[1].0], ", " | " and " | ", and " | " & "));
    only_names.then(|| RawBlock {
        start: names[0].0,
        end: last.1,
        names,
        affiliation: None,
        date: None,
        opener: true,
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::gazetteer::Gazetteer;

    /// The names of each block of `t`.
    fn blocks(t: &str) -> Vec<Vec<String>> {
        let g = Gazetteer::with_entries(Vec::new());
        let d = extract(t, &g);
        d.blocks
            .iter()
            .map(|b| {
                b.signers
                    .iter()
                    .map(|&i| d.mentions[i].surface.clone())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn byline_under_a_prisoners_letter() {
        let t = "Prisoners' Letter from the Women's Jail - 3 May 2011\n\nby Leila Farahani, Mina Rostami, and Sara Amini\n\nDear friends,\nWe are well and we think of you.\n";
        assert_eq!(
            blocks(t),
            vec![vec!["Leila Farahani", "Mina Rostami", "Sara Amini"]]
        );
    }

    #[test]
    fn not_a_byline_of_writers() {
        // One name: the reporter may have written it.
        assert!(blocks("Letter from the jail\nby Leila Farahani\n\nThe text.\n").is_empty());
        // The title names no letter.
        assert!(
            blocks("Prisoners speak from the jail\nby Leila Farahani and Mina Rostami\n")
                .is_empty()
        );
        // The title names no prisoner nor prison.
        assert!(blocks("A letter on the budget\nby Leila Farahani and Mina Rostami\n").is_empty());
        // More than names on the line.
        assert!(blocks(
            "Prisoners' letter from the jail\nby Leila Farahani and Mina Rostami, our reporters in the city\n"
        )
        .is_empty());
    }
}
