//! Writers named in the genitive after the letter phrase: "the statement of political prisoner
//! A", "the joint statement to the nation of former prisoners A, B and C says". Right after
//! the phrase, "of" and the list (maybe after a phrase for people, `person_cues.txt`); after a
//! joint letter's recipient ("to the nation"), only a list of two people or more, since "a
//! letter to the family of A" is written to A's family, not by A.

use super::frames::DocView;
use super::prose::cue_phrase;

/// Longest recipient between a joint letter's phrase and its "of", in bytes.
const MAX_RECIPIENT: usize = 80;

/// The list of `lists` (person mentions, see `prose.rs`) that the letter phrase ending at `te`
/// takes in the genitive.
pub(super) fn genitive_writers(
    doc: &DocView,
    lists: &[Vec<usize>],
    (ts, te): (usize, usize),
) -> Option<Vec<usize>> {
    let text = doc.text;
    let m = &doc.ex.mentions;
    let l = lists.iter().find(|l| m[l[0]].start > te)?;
    let between = &text[te..m[l[0]].start];
    // The last "of": a phrase for people between it and the names has none.
    let of = between.rfind(" of ")?;
    let (head, gap) = (&between[..of], &between[of + 4..]);
    let min_len = if head.is_empty() {
        1
    } else {
        let joint = text[ts..te].to_lowercase().contains("joint");
        let recipient = head.starts_with(" to ")
            && head.len() <= MAX_RECIPIENT
            && !head.contains([',', '.', ';', ':']);
        if !(joint && recipient) {
            return None;
        }
        2
    };
    let described = gap.is_empty()
        || gap
            .strip_suffix(' ')
            .is_some_and(|p| cue_phrase(p, doc.rules));
    let end = m[*l.last()?].end;
    let possessive = text[end..].starts_with(['\'', '’']);
    (described && !possessive && l.len() >= min_len).then(|| l.clone())
}

#[cfg(test)]
mod tests {
    use crate::structure::testing::frame_signers as signers;

    #[test]
    fn writers_after_of() {
        assert_eq!(
            signers("\u{201c}We will go on,\u{201d} the joint statement to the people of the country of former political prisoners Karim Nasseri, Leila Farahani and Dariush Kamali says."),
            vec![vec!["Karim Nasseri", "Leila Farahani", "Dariush Kamali"]]
        );
        assert_eq!(
            signers("A statement of political prisoner Karim Nasseri was read out at the rally."),
            vec![vec!["Karim Nasseri"]]
        );
    }

    #[test]
    fn not_the_people_of_the_recipient() {
        // A letter to the family of two prisoners is not theirs.
        let s =
            signers("The letter to the family of Karim Nasseri and Leila Farahani was read out.");
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
        // A joint letter to the family of one prisoner is not theirs either.
        let s = signers("A joint letter to the family of Karim Nasseri was sent by the union.");
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
        // What the statement is about.
        let s = signers("The joint statement on the case of prisoners Karim Nasseri and Leila Farahani was read out.");
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
    }
}
