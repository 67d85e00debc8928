//! Writers before the quotation of their letter: "A, B, C and D, four prisoners on hunger
//! strike since May, wrote: “We want the world to read this letter ...”", "A, a teacher held in
//! X Prison, wrote: “... in this letter ...”". A list of people opens a sentence (maybe after a
//! phrase for people, `person_cues.txt`), an apposition between commas may follow, then a verb
//! of `writer_verbs.txt`, a colon and a quotation that speaks of itself as a letter or a
//! statement (`letter_self_refs.txt`: "this letter", "our statement"). "wrote:" and a quotation
//! that does not say it is a letter make none ("A, a nurse, wrote: “We miss our son.”").

use super::frames::DocView;
use super::prose::{described_subject, person_lists};
use crate::text::{floor_boundary, fold};

/// Longest apposition between the writers and their verb, in bytes.
const MAX_APPOSITION: usize = 200;
/// Longest quotation searched for the letter's words about itself, in bytes.
const MAX_QUOTE: usize = 3000;

/// The first sentence after the page header whose writers quote their letter, with them
/// (mention indices, in order).
pub(super) fn quoted_writers(
    doc: &DocView,
    sents: &[(usize, usize)],
) -> Option<((usize, usize), Vec<usize>)> {
    let text = doc.text;
    let m = &doc.ex.mentions;
    for &(ss, se) in sents.iter().filter(|s| s.0 >= doc.header_end) {
        for l in person_lists(doc, ss, se) {
            let (s, e) = (m[l[0]].start, m[*l.last().expect("non-empty")].end);
            let before = text[ss..s].trim_start_matches(['"', '“', '‘', '\'', ' ']);
            if !(before.is_empty() || described_subject(before, doc.rules)) {
                continue;
            }
            if let Some(q) = quotation_after(doc, e) {
                if speaks_of_itself(doc, &text[q.0..q.1]) {
                    return Some(((ss, se), l));
                }
            }
            // Only the sentence's subject.
            break;
        }
    }
    None
}

/// The quotation after the writers ending at `e`: ", <apposition>, wrote: “...”" or " wrote:
/// “...”"; its span, up to its closing quotation mark or the end of its paragraph.
fn quotation_after(doc: &DocView, e: usize) -> Option<(usize, usize)> {
    let text = doc.text;
    let window = &text[e..floor_boundary(text, e + MAX_APPOSITION + 20)];
    let colon = window.find(':')?;
    let head = &window[..colon];
    let (rest, verb) = head.rsplit_once(' ')?;
    if !doc.rules.writer_verbs.contains_word(verb) {
        return None;
    }
    let apposition_ok = rest.is_empty()
        || rest
            .strip_prefix(", ")
            .and_then(|a| a.strip_suffix(','))
            .is_some_and(|a| !a.contains(['.', ';', '"', '“', '”', '\n', '(', ')']));
    if !apposition_ok {
        return None;
    }
    let after = e + colon + 1;
    let body = text[after..].trim_start_matches([' ', '\n', '\r']);
    let qs = text.len() - body.len();
    let opener = body.chars().next()?;
    let closer = match opener {
        '“' => '”',
        '"' => '"',
        '‘' => '’',
        '«' => '»',
        _ => return None,
    };
    let inner = qs + opener.len_utf8();
    let limit = floor_boundary(text, inner + MAX_QUOTE);
    let span = &text[inner..limit];
    let end = span
        .find(closer)
        .into_iter()
        .chain(span.find("\n\n"))
        .min()
        .unwrap_or(span.len());
    Some((inner, inner + end))
}

/// True when the quoted text holds a phrase of `letter_self_refs.txt` ("this letter").
fn speaks_of_itself(doc: &DocView, quote: &str) -> bool {
    let folded = fold(quote);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (0..words.len()).any(|i| {
        (2..=3).filter(|n| i + n <= words.len()).any(|n| {
            doc.rules
                .letter_self_refs
                .contains(&words[i..i + n].join(" "))
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::structure::testing::frame_signers as signers;

    #[test]
    fn a_list_with_an_apposition_quotes_its_letter() {
        assert_eq!(
            signers("Karim Nasseri, Leila Farahani, Dariush Kamali and Omid Rostami, four prisoners who have refused food since May, wrote: \u{201c}We ask everyone who reads this letter to hear us.\u{201d}\n\nTheir families waited at the gate."),
            vec![vec!["Karim Nasseri", "Leila Farahani", "Dariush Kamali", "Omid Rostami"]]
        );
    }

    #[test]
    fn one_writer_quotes_her_letter() {
        assert_eq!(
            signers("Nasrin Ghaderi, a nurse held in the central prison, wrote: \u{201c}In this letter I speak for the women of the ward. They have no doctor.\u{201d}"),
            vec![vec!["Nasrin Ghaderi"]]
        );
    }

    #[test]
    fn wrote_and_a_quotation_alone_make_no_letter() {
        assert!(signers("Nasrin Ghaderi, a nurse in the capital, wrote: \u{201c}We miss our son every day.\u{201d} She keeps letters from home in a box.").is_empty());
        // The quotation does not follow the writers' own verb.
        assert!(signers(
            "Nasrin Ghaderi visited the ward, and a guard wrote: \u{201c}Read this letter.\u{201d}"
        )
        .iter()
        .all(|f| f.is_empty()));
    }
}
