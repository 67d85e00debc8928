//! Letters told in prose: the people a sentence says wrote, signed or issued a letter or a
//! statement, when no signature block lists them. A sentence with a letter phrase
//! (`letter_triggers.tsv`: "in a letter", "has written to", "a joint statement") names its
//! writers in one of these places, tried in this order:
//! - after "wrote": "“...,” wrote A, B and C in a letter from X Prison";
//! - after "by" following the phrase: "the letter written on 14 October by five prisoners in
//!   X, A, B and C, ...";
//! - between dashes: "three women held in the same ward - A, B and C - wrote to ...";
//! - as the subject of the sentence, at its start or after an opening phrase and a comma:
//!   "A and B, two activists held in X, said in a joint letter ...", "The day before, A wrote an
//!   open letter ...", "In a separate letter addressed to Y, A had asked ...".
//!
//! The writers are a list of person mentions separated by commas and "and" (a note in
//! brackets may follow a name).

use super::frames::DocView;
use crate::extract::Mention;
use crate::gazetteer::RuleData;
use crate::types::EntityType;

/// The writers a letter sentence `ss..se` names, given the span `ts..te` of its letter phrase:
/// mention indices in order, or an empty list.
pub(super) fn writers(
    doc: &DocView,
    (ss, se): (usize, usize),
    (ts, te): (usize, usize),
) -> Vec<usize> {
    let lists = person_lists(doc, ss, se);
    if lists.is_empty() {
        return Vec::new();
    }
    let text = doc.text;
    let m = &doc.ex.mentions;
    let start_of = |l: &Vec<usize>| m[l[0]].start;
    let end_of = |l: &Vec<usize>| m[*l.last().expect("non-empty")].end;
    // "wrote A, B and C in a letter".
    if let Some(l) = lists.iter().find(|l| {
        let before = text[ss..start_of(l)].trim_end_matches(is_quote_or_space);
        ends_with_word(before, &["wrote", "writes", "write"])
    }) {
        return l.clone();
    }
    // "Letter from A, B and C to Y", "an open letter from A".
    let from = if text[..te].ends_with("from") || text[..te].ends_with("From") {
        Some(te)
    } else {
        ["from", "From"].iter().find_map(|w| {
            text[te..]
                .strip_prefix(' ')?
                .strip_prefix(w)
                .map(|_| te + 5)
        })
    };
    if let Some(from) = from {
        // Right after it, or after a phrase for people ("Letter from the political prisoner A",
        // "Letters from political prisoners A and B").
        let after_from = |l: &&Vec<usize>| {
            text.get(from..start_of(l)).is_some_and(|gap| {
                gap == " "
                    || gap
                        .strip_prefix(' ')
                        .and_then(|g| g.strip_suffix(' '))
                        .is_some_and(|p| cue_phrase(p, doc.rules))
            })
        };
        if let Some(l) = lists.iter().find(after_from) {
            return l.clone();
        }
    }
    // "the joint statement of A, B and C".
    if let Some(l) = super::genitive::genitive_writers(doc, &lists, (ts, te)) {
        return l;
    }
    // "written on 14 October by five prisoners in X, A, B and C", "a letter by A and B".
    let by = text[te..se].find(" by ").map(|i| te + i + 4).filter(|&by| {
        let between = &text[ts..by];
        text[te..by] == *" by "
            || ["written", "signed", "issued", "authored", "penned"]
                .iter()
                .any(|w| between.contains(w))
    });
    if let Some(by) = by {
        if let Some(l) = lists.iter().find(|l| {
            let s = start_of(l);
            s >= by && s - by <= 100 && {
                let between = &text[by..s];
                between.is_empty()
                    || (between.ends_with(", ") || between.ends_with(" including "))
                        && !between.contains(['.', ';'])
            }
        }) {
            return l.clone();
        }
    }
    // " - A, B and C - ".
    if let Some(l) = lists.iter().find(|l| {
        let before = &text[ss..start_of(l)];
        let after = &text[end_of(l)..se];
        (before.ends_with(" - ") || before.ends_with(" – ") || before.ends_with(" — "))
            && (after.starts_with(" - ") || after.starts_with(" – ") || after.starts_with(" — "))
    }) {
        return l.clone();
    }
    // The subject: the first list at the start of the sentence or after an opening phrase
    // ("In a letter addressed to Y in May, A had asked": A, not Y).
    let lead = after_dateline(text[ss..se].trim_start_matches(is_quote_or_space));
    let opens_with_preposition = ["In ", "On ", "Through ", "With ", "Via "]
        .iter()
        .any(|p| lead.starts_with(p));
    for l in &lists {
        let s = start_of(l);
        let before = &text[ss..s];
        let reported = reported_speech(before);
        let opening = before.trim_start_matches(is_quote_or_space).is_empty()
            || before.ends_with(", ")
                && !reported
                && !before.trim_end_matches(", ").ends_with(" to")
            || before.ends_with("— ")
            || before.ends_with("– ")
            || before.ends_with(" - ")
            || !reported && described_subject(before, doc.rules);
        if !opening {
            continue;
        }
        // "In a letter to the head of prisons, A, the inmates protested": A is who the letter
        // went to; the people after it are the subject.
        if people_subject_after(after_name_tail(&text[end_of(l)..se], doc.rules), doc.rules) {
            return Vec::new();
        }
        let possessive = text[end_of(l)..].starts_with(['\'', '’']);
        // The letter phrase follows the subject, or an opening phrase that starts with a
        // preposition holds it ("In a joint statement dated ..., A and B said").
        let phrase_in_sentence = ts > end_of(l) || te <= s && opens_with_preposition;
        if !possessive && phrase_in_sentence {
            return l.clone();
        }
        return Vec::new();
    }
    Vec::new()
}

/// The first of `sentences` whose subject is a list of people followed by "wrote" ("From Ward 7
/// of X Prison, A, B and C wrote of ...", "A and B wrote that ..."), with that list: at the
/// sentence's start or after an opening phrase and a comma, not in reported speech.
pub(super) fn subject_of_wrote(
    doc: &DocView,
    sentences: &[(usize, usize)],
) -> Option<((usize, usize), Vec<usize>)> {
    let m = &doc.ex.mentions;
    sentences.iter().find_map(|&(ss, se)| {
        let lists = person_lists(doc, ss, se);
        let l = lists.into_iter().find(|l| {
            let (s, e) = (m[l[0]].start, m[*l.last().expect("non-empty")].end);
            let before = doc.text[ss..s].trim_start_matches(is_quote_or_space);
            let after = &doc.text[e..se];
            let verb = ["wrote", "had written", "have written", "has written"]
                .iter()
                .any(|v| after.strip_prefix(' ').is_some_and(|a| a.starts_with(v)));
            verb && !reported_speech(before) && (before.is_empty() || before.ends_with(", "))
        })?;
        Some(((ss, se), l))
    })
}

/// The one person sentence `ss..se` opens with, as its subject: at its start, after an opening
/// word ("Also") or after a phrase for people ("The political prisoner A ..."), and followed by
/// a verb (a lower-case word), not by another name or a comma.
pub(super) fn sentence_subject(
    doc: &DocView,
    (ss, se): (usize, usize),
) -> Option<((usize, usize), Vec<usize>)> {
    let lists = person_lists(doc, ss, se);
    let l = lists.first().filter(|l| l.len() == 1)?;
    let m = &doc.ex.mentions[l[0]];
    let before = doc.text[ss..m.start].trim_start_matches(is_quote_or_space);
    let opening = before.is_empty()
        || described_subject(before, doc.rules)
        || before
            .strip_prefix("Also ")
            .is_some_and(|b| b.is_empty() || described_subject(b, doc.rules));
    let verb_after = doc.text[m.end..se]
        .strip_prefix(' ')
        .is_some_and(|a| a.starts_with(|c: char| c.is_lowercase()));
    (opening && verb_after).then(|| ((ss, se), l.clone()))
}

/// True when `before`, the text of a sentence before a list of names, reports speech ("A lawyer
/// said", "according to"): the names are what someone said, not the sentence's subject.
fn reported_speech(before: &str) -> bool {
    [" said", " told", "ccording to"]
        .iter()
        .any(|w| before.contains(w))
}

/// True when `before`, the text of a sentence before a list of names, ends with what describes
/// them as its subject: a noun phrase for people at the sentence's start or after an opening
/// phrase and a comma ("Iranian political prisoner A", "On Monday, jailed activist A"), or such
/// a phrase of a group and "including" ("the 19 jailed journalists, including A, B and C").
pub(super) fn described_subject(before: &str, rules: &RuleData) -> bool {
    let lead = before.trim_start_matches(is_quote_or_space);
    let lead = match lead.strip_suffix("including ") {
        Some(l) => l.trim_end_matches([',', ' ']),
        None => lead.strip_suffix(' ').unwrap_or(lead),
    };
    let phrase = lead.rsplit_once(", ").map_or(lead, |(_, p)| p);
    cue_phrase(phrase, rules)
}

/// True when `phrase` is a short noun phrase that ends with a noun for people
/// (`person_cues.txt`: "the jailed 19 journalists", "Kurdish political prisoner"), with no
/// preposition or verb of speech in it ("the mother of prisoner", "said prisoner").
pub(super) fn cue_phrase(phrase: &str, rules: &RuleData) -> bool {
    const NOT_IN_PHRASE: &[&str] = &[
        "of", "to", "for", "with", "by", "from", "about", "against", "on", "in", "at", "said",
        "says", "told", "and", "or",
    ];
    let Some(last) = phrase.rsplit(' ').next() else {
        return false;
    };
    let n = phrase.split(' ').count();
    (1..=8).contains(&n)
        && rules.person_cues.contains_word(last)
        && phrase
            .split(' ')
            .all(|w| !w.is_empty() && !NOT_IN_PHRASE.contains(&w) && w.chars().all(is_word_char))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// True when `after`, the text after a list of names, starts with another subject of people
/// and its verb: ", the enraged inmates have protested" (the names were an apposition to what
/// came before), not ", a teacher, wrote" (an apposition to the names).
fn people_subject_after(after: &str, rules: &RuleData) -> bool {
    let Some(rest) = after.strip_prefix(", ") else {
        return false;
    };
    let words: Vec<&str> = rest.splitn(8, ' ').collect();
    let Some(first) = words.first() else {
        return false;
    };
    if !first.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    // A verb: a word that ends a list of names in a signature sentence ("have", "said", "are").
    let verb = |w: &str| {
        rules
            .signature_words
            .get_word(w)
            .is_some_and(|k| k == "boundary" || k == "list_verb")
    };
    let mut len = 0;
    words.windows(2).any(|w| {
        len += w[0].len() + 1;
        verb(w[1]) && cue_phrase(&rest[..len - 1], rules)
    })
}

/// `after`, the text after a name, without the rest of the name a rule left out: a particle
/// (`particles.txt`) and a capitalised word, maybe split by a stray space ("Hamid Rezaei al-
/// Tabar, the inmates ...": ", the inmates ...").
fn after_name_tail<'a>(after: &'a str, rules: &RuleData) -> &'a str {
    let Some(rest) = after.strip_prefix(' ') else {
        return after;
    };
    let p_len = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    if p_len == 0 || !rules.particles.contains_word(&rest[..p_len]) {
        return after;
    }
    let word = rest[p_len..]
        .strip_prefix('-')
        .unwrap_or(&rest[p_len..])
        .trim_start_matches(' ');
    if !word.starts_with(char::is_uppercase) {
        return after;
    }
    let w_len = word
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(word.len());
    &word[w_len..]
}

/// A sentence without the dateline that may open it ("LONDON, 7 March 2024 - In a ...").
fn after_dateline(s: &str) -> &str {
    for dash in [" - ", " — ", " – "] {
        if let Some(i) = s[..crate::text::floor_boundary(s, 60)].find(dash) {
            return &s[i + dash.len()..];
        }
    }
    s
}

/// The person mentions of `ss..se` grouped into lists: mentions separated by ", ", " and ",
/// ", and " (or "; "), a note in brackets allowed after a name.
pub(super) fn person_lists(doc: &DocView, ss: usize, se: usize) -> Vec<Vec<usize>> {
    let m: &[Mention] = &doc.ex.mentions;
    // Mentions are sorted by start but for the spelling variants appended after them.
    let mut persons: Vec<usize> = (0..m.len())
        .filter(|&i| m[i].etype == EntityType::Person && m[i].start >= ss && m[i].end <= se)
        .collect();
    persons.sort_by_key(|&i| (m[i].start, m[i].end));
    let mut lists: Vec<Vec<usize>> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for i in persons {
        let x = &m[i];
        let joined = prev_end
            .filter(|&pe| pe <= x.start)
            .is_some_and(|pe| is_separator(skip_note(&doc.text[pe..x.start])));
        match lists.last_mut() {
            Some(l) if joined => l.push(i),
            _ => lists.push(vec![i]),
        }
        prev_end = Some(x.end);
    }
    lists
}

/// The text between two names without a note in brackets after the first: " (29), " → ", ".
fn skip_note(gap: &str) -> &str {
    if let Some(r) = gap.strip_prefix(" (") {
        if let Some(c) = r.find(')') {
            return &r[c + 1..];
        }
    }
    gap
}

fn is_separator(gap: &str) -> bool {
    let g = gap.trim_matches(is_quote);
    matches!(g, ", " | " and " | ", and " | "; " | "; and " | " & ")
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'')
}

fn is_quote_or_space(c: char) -> bool {
    is_quote(c) || c == ' ' || c == ','
}

/// True when `s` ends with one of `words` as a whole word.
fn ends_with_word(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        s.strip_suffix(w)
            .is_some_and(|r| r.is_empty() || r.ends_with(|c: char| !c.is_alphanumeric()))
    })
}

#[cfg(test)]
mod tests {
    use crate::structure::testing::frame_signers as signers;

    #[test]
    fn writers_after_wrote() {
        assert_eq!(
            signers("\"We will not be silent,\" wrote Sara Amini, Reza Tavakoli and Omid Farahani in a letter from the ward."),
            vec![vec!["Sara Amini", "Reza Tavakoli", "Omid Farahani"]]
        );
    }

    #[test]
    fn writers_as_the_subject_of_wrote_after_the_letter_sentence() {
        assert_eq!(
            signers("Three men moved to the north wrote an open letter on their region.\n\nFrom Ward 3 of the central prison, Sara Amini, Reza Tavakoli, and Omid Farahani wrote of the drought."),
            vec![vec!["Sara Amini", "Reza Tavakoli", "Omid Farahani"]]
        );
        // Reported speech, or a sentence far from the letter, names no writer.
        assert_eq!(
            signers("Three men wrote an open letter on their region.\n\nA lawyer said Sara Amini and Reza Tavakoli wrote of the drought."),
            vec![Vec::<String>::new()]
        );
        assert_eq!(
            signers("Three men wrote an open letter. It was long. It was read out. It was shared. Sara Amini and Reza Tavakoli wrote of it."),
            vec![Vec::<String>::new()]
        );
    }

    #[test]
    fn writers_after_from_and_a_phrase_for_people() {
        assert_eq!(
            signers("Letter from the political prisoner Sina Bahrami on ten years of prison\n\nThe text follows."),
            vec![vec!["Sina Bahrami"]]
        );
        assert_eq!(
            signers("A letter from jailed teachers Omid Rostami and Kaveh Jalali marked ten years of prison."),
            vec![vec!["Omid Rostami", "Kaveh Jalali"]]
        );
        // Not a phrase for people: "from" and a place.
        assert_eq!(
            signers("A letter from the town of Sina Bahrami's birth reached us."),
            vec![Vec::<String>::new()]
        );
    }

    #[test]
    fn the_subject_before_his_letter() {
        assert_eq!(
            signers("The political prisoner Sina Bahrami sent his support from the central prison. In his letter, he recalled the summer of 1988."),
            vec![vec!["Sina Bahrami"]]
        );
        // Not the subject of the sentence before: no letter.
        assert!(signers(
            "Lawyers visited Sina Bahrami in the central prison. In his letter, he recalled the summer of 1988."
        )
        .is_empty());
    }

    #[test]
    fn writers_after_by() {
        assert_eq!(
            signers("They recalled the letter written on 2 May by four prisoners in the ward, Sara Amini, Reza Tavakoli, Omid Farahani and Nasrin Ghaderi, who asked for visits."),
            vec![vec!["Sara Amini", "Reza Tavakoli", "Omid Farahani", "Nasrin Ghaderi"]]
        );
    }

    #[test]
    fn writers_between_dashes() {
        assert_eq!(
            signers("In a separate letter, two women held in the same hall - Sara Amini and Nasrin Ghaderi - wrote to the prosecutor."),
            vec![vec!["Sara Amini", "Nasrin Ghaderi"]]
        );
    }

    #[test]
    fn the_subject_of_the_sentence() {
        assert_eq!(
            signers("Omid Farahani and Reza Tavakoli, two teachers held since May, said in a joint letter that they were beaten."),
            vec![vec!["Omid Farahani", "Reza Tavakoli"]]
        );
        assert_eq!(
            signers("In a joint statement passed out of the prison, Sara Amini, Omid Farahani and Reza Tavakoli said they would go on."),
            vec![vec!["Sara Amini", "Omid Farahani", "Reza Tavakoli"]]
        );
        assert_eq!(
            signers("The day before the trial, Nasrin Ghaderi wrote an open letter to the judge."),
            vec![vec!["Nasrin Ghaderi"]]
        );
    }

    #[test]
    fn not_the_recipient_nor_a_source() {
        // The person is the one written to.
        let s = signers(
            "A group of prisoners has written to the UN envoy, Sara Amini, about the ward.",
        );
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
        // The person only reports the letter.
        let s = signers("According to Reza Tavakoli, the prisoners wrote a letter to the judge.");
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
    }

    #[test]
    fn writers_after_letter_from() {
        assert_eq!(
            signers(
                "Letter from Sara Amini, Omid Farahani and Reza Tavakoli to the Bar Association"
            ),
            vec![vec!["Sara Amini", "Omid Farahani", "Reza Tavakoli"]]
        );
        assert_eq!(
            signers("Open Letter from Nasrin Ghaderi on her 30th day of hunger strike"),
            vec![vec!["Nasrin Ghaderi"]]
        );
    }

    #[test]
    fn a_subject_described_by_a_noun_for_people() {
        assert_eq!(
            signers("Jailed Kurdish teacher Omid Farahani has sent a letter out of the prison."),
            vec![vec!["Omid Farahani"]]
        );
        assert_eq!(
            signers("Asking for a retrial, the 12 jailed teachers, including Sara Amini, Omid Farahani and Reza Tavakoli, have said in a letter that they were beaten."),
            vec![vec!["Sara Amini", "Omid Farahani", "Reza Tavakoli"]]
        );
        assert_eq!(
            signers(
                "The letter was signed by 40 prisoners, including Sara Amini and Nasrin Ghaderi."
            ),
            vec![vec!["Sara Amini", "Nasrin Ghaderi"]]
        );
        // The one the prisoner is related to did not write.
        let s = signers(
            "The mother of political prisoner Sara Amini said in a letter that her son was ill.",
        );
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
    }

    #[test]
    fn not_the_recipient_in_apposition() {
        // The name goes with whom the letter is written to; the inmates are the subject.
        let s = signers("In a letter to the head of the prisons agency, Omid Farahani, the women inmates have protested the lack of water.");
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
        // The same when the name's last part was left out of it.
        let s = signers("In a letter to the head of the prisons agency, Omid Farahani al- Tabar, the women inmates have protested the lack of water.");
        assert!(s.iter().all(|f| f.is_empty()), "{s:?}");
        // An apposition to the writers themselves.
        assert_eq!(
            signers("In a letter to the judge, Reza Tavakoli, a teacher held since May, said he was ill."),
            vec![vec!["Reza Tavakoli"]]
        );
    }
}
