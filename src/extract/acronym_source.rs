//! The rule `acronym_source` (after selection): an acronym that the document cites as the source
//! of what it reports is an organization, even where the document never spells it out: "the
//! figures documented by KRW show", "according to DHRC, the men were beaten", "a source told
//! BPRN". The words before it are a cue of `source_cues.txt`; the acronym is three to six ASCII
//! capitals, not a title ("MEP") and not part of a mention. The document's other uses of the same
//! acronym are that organization too.

use super::{overlaps_any, Context, Mention, Rule};
use crate::types::EntityType;

pub(super) fn recognise(cx: &Context, mentions: &mut Vec<Mention>) {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    if rules.source_cues.is_empty() {
        return;
    }
    let mut cited: Vec<&str> = Vec::new();
    for t in tokens {
        let w = &text[t.start..t.end];
        if !is_acronym(w) || cited.contains(&w) || overlaps_any(mentions, t.start, t.end) {
            continue;
        }
        if rules.titles.contains(&w.to_ascii_lowercase()) {
            continue;
        }
        if rules
            .source_cues
            .iter()
            .any(|c| cue_before(text, t.start, c))
        {
            cited.push(w);
        }
    }
    if cited.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for t in tokens {
        let w = &text[t.start..t.end];
        if cited.contains(&w) && !overlaps_any(mentions, t.start, t.end) {
            added.push(Mention::rule_hit(
                text,
                t.start,
                t.end,
                EntityType::Organization,
                Rule::AcronymSource,
            ));
        }
    }
    mentions.append(&mut added);
    mentions.sort_by_key(|m| (m.start, m.end));
}

/// Three to six ASCII capitals: "KRW", "DHRC".
fn is_acronym(w: &str) -> bool {
    (3..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase())
}

/// True when the folded cue `cue` ("according to") ends one space before byte `at`, on a word
/// boundary, in any case.
fn cue_before(text: &str, at: usize, cue: &str) -> bool {
    let Some(before) = text[..at].strip_suffix(' ') else {
        return false;
    };
    let Some(s) = before.len().checked_sub(cue.len()) else {
        return false;
    };
    before.is_char_boundary(s)
        && before[s..].eq_ignore_ascii_case(cue)
        && !before[..s]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::super::testing::found;
    use super::super::Rule;
    use crate::types::EntityType;

    fn cited(text: &str) -> Vec<String> {
        found(text)
            .into_iter()
            .filter(|(_, t, r)| *t == EntityType::Organization && *r == Rule::AcronymSource)
            .map(|(s, _, _)| s)
            .collect()
    }

    #[test]
    fn acronyms_cited_as_a_source() {
        assert_eq!(
            cited("The latest figures documented by KRW show 40 reporters in jail. KRW said more were held."),
            ["KRW", "KRW"]
        );
        assert_eq!(
            cited("According to DHRC, the men were beaten. A source told BPRN that he was moved."),
            ["DHRC", "BPRN"]
        );
    }

    #[test]
    fn other_capitals_are_not_sources() {
        // No cue; a title; a word inside a longer word before the cue.
        assert!(cited("KRW said so. The letter reached MEP offices.").is_empty());
        assert!(cited("It was signed according to MEP rules.").is_empty());
        assert!(cited("The report was retold TKR style.").is_empty());
    }
}
