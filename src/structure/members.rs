//! Letters whose writers a later sentence names as members of the group that wrote them:
//! "Thirty women held in the ward have signed an open letter. [...] The women inmates,
//! including academic A, the daughter of a former minister B and activist C, say that ...".
//! The sentence opens with a noun phrase for people (`person_cues.txt`), then "including", the
//! names (each maybe described by a few words before it: "academic A") separated by commas and
//! "and", and a verb by which writers speak (`writer_verbs.txt`: "say", "wrote", "demanded").

use super::frames::DocView;
use super::prose::cue_phrase;
use crate::gazetteer::RuleData;
use crate::types::EntityType;

/// Most words that describe one name of the list ("the daughter of a former minister").
const MAX_DESCRIPTION_WORDS: usize = 7;

/// The first of `sentences` whose subject is a group of people and the members it names, with
/// those members (mention indices, in order).
pub(super) fn group_members(
    doc: &DocView,
    sentences: &[(usize, usize)],
) -> Option<((usize, usize), Vec<usize>)> {
    sentences
        .iter()
        .find_map(|&(ss, se)| members_in(doc, ss, se).map(|l| ((ss, se), l)))
}

/// The members named in sentence `ss..se` when it opens with "<group>, including <names>"
/// and goes on with a verb of `writer_verbs.txt`.
fn members_in(doc: &DocView, ss: usize, se: usize) -> Option<Vec<usize>> {
    let text = doc.text;
    let k = text[ss..se].find(" including ")?;
    let group = text[ss..ss + k]
        .trim_end_matches(',')
        .trim_start_matches(['"', '“', '‘', '\'']);
    if !cue_phrase(group, doc.rules) {
        return None;
    }
    let mut pos = ss + k + " including ".len();
    let m = &doc.ex.mentions;
    let mut persons: Vec<usize> = (0..m.len())
        .filter(|&i| m[i].etype == EntityType::Person && m[i].start >= pos && m[i].end <= se)
        .collect();
    persons.sort_by_key(|&i| (m[i].start, m[i].end));
    let mut members: Vec<usize> = Vec::new();
    for i in persons {
        if m[i].start < pos {
            continue;
        }
        let gap = &text[pos..m[i].start];
        let description = if members.is_empty() {
            Some(gap)
        } else {
            after_separator(gap)
        };
        if !description.is_some_and(|d| is_description(d, doc.rules)) {
            break;
        }
        members.push(i);
        pos = m[i].end;
    }
    let after = text[pos..se].trim_start_matches([',', ' ']);
    let verb = after.split(|c: char| !c.is_alphanumeric()).next()?;
    (!members.is_empty() && doc.rules.writer_verbs.contains_word(verb)).then_some(members)
}

/// The text between two names of a list without the separator that starts it (", ", " and ",
/// ", and "): what describes the next name.
fn after_separator(gap: &str) -> Option<&str> {
    [", and ", ", ", " and "]
        .iter()
        .find_map(|sep| gap.strip_prefix(sep))
}

/// True when `d`, the text before a name of the list, is empty or a few words that describe
/// it ("French-Iranian academic ", "the daughter of a former minister "): words only, no verb
/// of `writer_verbs.txt`.
fn is_description(d: &str, rules: &RuleData) -> bool {
    if d.is_empty() {
        return true;
    }
    let words: Vec<&str> = d.split_whitespace().collect();
    d.ends_with(' ')
        && words.len() <= MAX_DESCRIPTION_WORDS
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
                && !rules.writer_verbs.contains_word(w)
        })
}

#[cfg(test)]
mod tests {
    use crate::structure::testing::frame_signers as signers;

    #[test]
    fn members_of_the_group_that_wrote() {
        let t = "Twenty women held in the central prison have signed an open letter against the death sentences. \"We ask for fair trials,\" they write. The women prisoners including retired teacher Sara Amini, the sister of a former mayor Nasrin Ghaderi and student Leila Bahrami say they were tried in minutes.";
        assert_eq!(
            signers(t),
            vec![vec!["Sara Amini", "Nasrin Ghaderi", "Leila Bahrami"]]
        );
        // With commas around the names.
        let t = "Nine inmates wrote an open letter to the judge. The inmates, including Sara Amini and Reza Tavakoli, demanded visits.";
        assert_eq!(signers(t), vec![vec!["Sara Amini", "Reza Tavakoli"]]);
    }

    #[test]
    fn not_members_who_do_not_speak() {
        // No verb of writers after the names, or a group that is not of people.
        for t in [
            "Nine inmates wrote an open letter to the judge. The inmates, including Sara Amini and Reza Tavakoli, were moved to another ward.",
            "Nine inmates wrote an open letter to the judge. Many cities, including Sara Amini and Reza Tavakoli, say nothing.",
            "Nine inmates wrote an open letter to the judge. Their lawyers said on Monday that the families, including Sara Amini, say they were not told.",
        ] {
            let s = signers(t);
            assert!(s.iter().all(|f| f.is_empty()), "{t}: {s:?}");
        }
    }
}
