//! A letter named by its writer's possessive: "Beyond the demands in Estrada's letter, ...",
//! "Kazemi's letter from the central prison was published on Monday" (`possessive_letters.txt`:
//! "letter", "open letter"). In this genre a person's possessive before a letter names its
//! writer, but "Khamenei's letter" or an official's is no prisoner's: the person must be one the
//! article calls a prisoner, a name written with a word of `captivity_words.txt` just before it
//! ("political prisoner A", "jailed activist A") or in an apposition or a clause after it ("A, a
//! teacher held in X Prison", "A has been jailed since May").

use super::frames::DocView;
use crate::types::EntityType;

/// Words before a name in which a captivity word describes it ("the jailed Kurdish teacher A").
const WORDS_BEFORE: usize = 4;
/// Words after a name in which a captivity word describes it.
const WORDS_AFTER: usize = 8;
/// Words after the possessive that may name the letter ("open letter from prison").
const MAX_NOUN_WORDS: usize = 3;

/// The first person, after the page header, whose possessive names a letter and whom the
/// article calls a prisoner: the sentence of the possessive and the person's mention.
pub(super) fn possessive_writer(doc: &DocView) -> Option<((usize, usize), Vec<usize>)> {
    let text = doc.text;
    let m = &doc.ex.mentions;
    let mut persons: Vec<usize> = (0..m.len())
        .filter(|&i| m[i].etype == EntityType::Person && m[i].start >= doc.header_end)
        .collect();
    persons.sort_by_key(|&i| (m[i].start, m[i].end));
    persons.into_iter().find_map(|i| {
        let after = &text[m[i].end..];
        let rest = ["'s ", "’s ", "' ", "’ "]
            .iter()
            .find_map(|p| after.strip_prefix(p))?;
        let words: Vec<&str> = rest
            .split(' ')
            .take(MAX_NOUN_WORDS)
            .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        let names_letter = (1..=words.len()).any(|n| {
            doc.rules
                .possessive_letters
                .contains_word(&words[..n].join(" "))
        });
        (names_letter && is_prisoner(doc, i)).then(|| (doc.sentence_of(m[i].start), vec![i]))
    })
}

/// "In her letter, Mohammadi wrote that ...": the one person right after a sentence's opening
/// "In his letter," or "In her letter," (the letter phrase at `ts..te`, role `back`), followed
/// by a verb (a lower-case word), when the article calls that person a prisoner.
pub(super) fn own_letter_subject(
    doc: &DocView,
    (ss, se): (usize, usize),
    (ts, te): (usize, usize),
) -> Option<((usize, usize), Vec<usize>)> {
    let text = doc.text;
    let opening = text[ss..ts].trim_start_matches(['"', '“', '‘', '\'', ' ']);
    if opening != "In " || !text[te..].starts_with(", ") {
        return None;
    }
    let m = &doc.ex.mentions;
    let i = (0..m.len())
        .find(|&i| m[i].etype == EntityType::Person && m[i].start == te + 2 && m[i].end <= se)?;
    let verb_after = text[m[i].end..se]
        .strip_prefix(' ')
        .is_some_and(|a| a.starts_with(|c: char| c.is_lowercase()));
    (verb_after && is_prisoner(doc, i)).then(|| ((ss, se), vec![i]))
}

/// True when the article calls the person of mention `i` a prisoner: one of its mentions with
/// the same last name is described by a captivity word, just before it (after other words for
/// people or capitalised words only: "political prisoner A", "jailed Kurdish teacher A") or in an
/// apposition or a clause after it (", a teacher held in ...", " has been jailed").
fn is_prisoner(doc: &DocView, i: usize) -> bool {
    let text = doc.text;
    let m = &doc.ex.mentions;
    let last = |s: &str| s.rsplit(' ').next().unwrap_or("").to_lowercase();
    let name = last(&m[i].surface);
    m.iter().any(|x| {
        if x.etype != EntityType::Person || last(&x.surface) != name {
            return false;
        }
        let (ss, se) = doc.sentence_of(x.start);
        let before: Vec<&str> = text[ss..x.start].split_whitespace().rev().collect();
        let after: Vec<&str> = text[x.end..se.max(x.end)]
            .trim_start_matches([',', ' '])
            .split_whitespace()
            .collect();
        described(doc, &before, false) || described(doc, &after, true)
    })
}

/// True when `words`, read from a name outwards (backwards for the words before it), reach a
/// captivity word over words for people (`person_cues.txt`) and capitalised words only; after
/// the name also over short words ("a", "is", "has been") and over one other word just before
/// the captivity word ("a political prisoner"). A word with punctuation after it ends the
/// search (and, before the name, fails it: "in X Prison, A").
fn described(doc: &DocView, words: &[&str], after: bool) -> bool {
    let rules = doc.rules;
    let captive = |w: &str| rules.captivity_words.contains_word(w);
    for (k, raw) in words.iter().take(WORDS_AFTER).enumerate() {
        let w = raw.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '-');
        let punctuated = w.len() < raw.len();
        if !after && punctuated {
            return false;
        }
        if captive(w) {
            return true;
        }
        if punctuated || (!after && k >= WORDS_BEFORE) {
            return false;
        }
        let skip = rules.person_cues.contains_word(w)
            || w.starts_with(char::is_uppercase)
            || after && w.len() <= 4 && w.chars().all(|c| c.is_lowercase());
        if !skip {
            let next_captive = words
                .get(k + 1)
                .map(|n| n.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '-'));
            return after && next_captive.is_some_and(captive);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::structure::testing::frame_signers as signers;

    #[test]
    fn a_prisoners_letter() {
        let s = signers("The political prisoner Karim Nasseri was moved to the infirmary last week.\n\nBeyond the demands in Nasseri's letter, his lawyer said the family wanted a visit.");
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].len(), 1, "{s:?}");
        assert!(s[0][0].ends_with("Nasseri"), "{s:?}");
    }

    #[test]
    fn a_prisoner_in_an_apposition() {
        let s = signers("Leila Farahani, a teacher held in the central prison since May, is ill.\n\nFarahani's open letter from prison was published on Monday.");
        assert_eq!(s.len(), 1, "{s:?}");
        assert!(s[0].len() == 1 && s[0][0].ends_with("Farahani"), "{s:?}");
    }

    #[test]
    fn in_her_letter_a_prisoner() {
        let s = signers("On Monday, guards beat Leila Farahani, a political prisoner in the central prison.\n\nIn her letter, Farahani wrote that the ward had no doctor.");
        assert_eq!(s.len(), 1, "{s:?}");
        assert!(s[0].len() == 1 && s[0][0].ends_with("Farahani"), "{s:?}");
        // Someone the article never calls a prisoner.
        let s = signers("The bar association is chaired by Leila Farahani.\n\nIn her letter, Farahani wrote that the ward had no doctor.");
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
    }

    #[test]
    fn not_one_the_prisoners_wrote_to() {
        let s = signers("Prisoners in the central prison wrote to Dariush Kamali in May. Dariush Kamali has ordered the guards to stop. Kamali's letter to the governors was read out.");
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
    }

    #[test]
    fn not_a_person_never_called_a_prisoner() {
        // The official's letter, and the lawyer's.
        let s = signers("Dariush Kamali, the head of the judiciary, spoke on Monday. Kamali's letter to the governors was read out.");
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
        let s = signers("Political prisoner Omid Rostami is held in the central prison. The letter of Omid Rostami's lawyer was rejected.");
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
    }
}
