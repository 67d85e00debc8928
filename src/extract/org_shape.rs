//! The rule `org_shape`: capitalised words ending in an organization head noun (Council,
//! Coalition, Army, ...), with an optional "of X" after it. Its steps: find a head
//! ([`recognise`]), take the name words before it ([`extend_left`]) and after it
//! ([`extend_right`]), then drop the names that are a known organization qualified by a place
//! ([`place_qualified`]).

use super::{Candidates, Context, Mention, Rule};
use crate::text::{is_apostrophe, with_folded_word};
use crate::types::EntityType;

/// Capitalised words ending in an organization head noun, with an optional "of X" after it:
/// "Free Syrian Army", "Syrian Revolution Coordination", "Supreme Council of Cyberspace",
/// "United Federation of French trade unions". Also:
/// - numbers inside the name ("April 6 Youth Movement", "Istanbul 14th High Criminal Court");
/// - "and" inside it ("Bread and Freedom Party", "Institute for Rights and Democracy");
/// - a lower-case head after a proper name ("the Kefaya movement", `org_lower_heads.txt`);
/// - one proper name after the head ("Human Rights Centre Viasna");
/// - not a prison's head phrase ("X Detention Center" is `prison_shape`'s), not an adjective
///   such as "London-based" before the name, not "Branch 15 of the X Court" (a court's branch).
pub(super) fn recognise(cx: &Context, found: &mut Candidates) {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    // What the gazetteer found (sorted by start): names that end or start a run here.
    let mut known: Vec<(usize, usize, EntityType)> = found
        .mentions
        .iter()
        .filter(|m| matches!(m.rule, Rule::Gazetteer | Rule::Acronym))
        .map(|m| (m.start, m.end, m.etype))
        .collect();
    known.sort_unstable();
    let out = &mut found.mentions;
    let mut titled = LastLine::default();
    for (i, t) in tokens.iter().enumerate() {
        let word = &text[t.start..t.end];
        let lower_head = !t.cap && rules.org_lower_heads.contains_word(word);
        if !lower_head && (!t.cap || !rules.org_heads.contains_word(word)) {
            continue;
        }
        // "Baku Pretrial Detention Center": a prison's head phrase.
        if super::prison_shape::head_ending_at(cx, i).is_some_and(|h| h < i) {
            continue;
        }
        let first = extend_left(cx, i, &known);
        if lower_head
            && (!proper_name_before(cx, first, i) || known_place_before(cx, &known, first, i))
        {
            continue;
        }
        let mut last = extend_right(cx, i, &known);
        if last == i && !lower_head {
            last = name_after(cx, i, &known).unwrap_or(i);
        }
        if last - first < 1 {
            continue;
        }
        let s = tokens[first].start;
        let e = tokens[last].end;
        if unit_of(cx, first)
            || place_qualified(cx, &known, first, i, last)
            || headline_only(cx, s, e, &mut titled)
        {
            continue;
        }
        out.push(Mention::rule_hit(
            text,
            s,
            e,
            EntityType::Organization,
            Rule::OrgShape,
        ));
    }
}

/// True when the name at `[s, e)` stands in a headline and nowhere else in the text: a headline
/// capitalises common nouns ("The Virus at the Service of Fear in the Prisons"), so a name
/// of head-noun shape found only there is unconfirmed; the article repeats a real one ("Letter
/// to the Lawyers' Club" above "... they wrote to the Lawyers' Club").
fn headline_only(cx: &Context, s: usize, e: usize, titled: &mut LastLine) -> bool {
    let text = cx.text;
    let bytes = text.as_bytes();
    let ls = memchr::memrchr(b'\n', &bytes[..s]).map_or(0, |i| i + 1);
    let le = memchr::memchr(b'\n', &bytes[e..]).map_or(bytes.len(), |i| e + i);
    let line = &text[ls..le];
    // A line that is the name alone is no headline ("Centre for Support of X and Y Activists"
    // as a source line).
    if line.trim() == &text[s..e]
        || !titled.get(ls, || headline_line(line, cx.rules) || menu_line(line))
    {
        return false;
    }
    !memchr::memmem::find_iter(bytes, &bytes[s..e]).any(|at| at < ls || at >= le)
}

/// Whether the line of the last name asked about is a headline or a menu: a paragraph names
/// several organizations, and its line is read once.
#[derive(Default)]
struct LastLine(Option<(usize, bool)>);

impl LastLine {
    /// The answer for the line starting at byte `start`, computed by `f` when it is another line.
    fn get(&mut self, start: usize, f: impl FnOnce() -> bool) -> bool {
        match self.0 {
            Some((at, yes)) if at == start => yes,
            _ => {
                let yes = f();
                self.0 = Some((start, yes));
                yes
            }
        }
    }
}

/// True when `line` holds two words or more glued at a change from a lower-case to an upper-case
/// letter ("HomeWorld NewsToday PoliticsOpinion"): a site's menu copied without its separators.
fn menu_line(line: &str) -> bool {
    if !line.is_ascii() {
        return menu_line_chars(line);
    }
    // The same test on bytes: every line of a paragraph is asked, and most are ASCII.
    let glued = line
        .as_bytes()
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|w| {
            w.windows(2)
                .skip(1)
                .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase())
        })
        .count();
    glued >= 2
}

/// [`menu_line`] on characters.
fn menu_line_chars(line: &str) -> bool {
    let glued = line
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| {
            w.chars()
                .zip(w.chars().skip(1))
                .skip(1)
                .any(|(a, b)| a.is_lowercase() && b.is_uppercase())
        })
        .count();
    glued >= 2
}

/// True when `line` is a headline (no final stop, no bracket): a title-case line of
/// `names::in_title_case_line`, or five words or more whose lower-case words are all small
/// (under four letters, or a headline's small word of `headline_words.txt`), two of them at
/// least, and at least three capitalised.
fn headline_line(line: &str, rules: &crate::gazetteer::RuleData) -> bool {
    let line = line.trim();
    // A name line of a signature ("A B (Bread and Salt Party)") is no headline.
    // Nor is an item of a list ("3. The Supreme Council on the 6th of May").
    let item = line.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '*' | '•'));
    if line.is_empty()
        || item
        || line.ends_with(['.', '!', '?', ':', ';', ','])
        || line.contains('(')
    {
        return false;
    }
    if super::names::in_title_case_line(line, 0, rules) {
        return true;
    }
    let (mut words, mut caps, mut small) = (0, 0, 0);
    for w in line.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '’')) {
        let Some(c0) = w.chars().next() else {
            continue;
        };
        words += 1;
        if c0.is_lowercase() {
            if w.chars().count() >= 4 && !rules.headline_words.contains_word(w) {
                return false;
            }
            small += 1;
        } else if c0.is_uppercase() {
            caps += 1;
        }
    }
    words >= 5 && caps >= 3 && small >= 2
}

/// True when a name of the gazetteer of type `etype` (any type when `None`) starts at byte `s`.
fn known_starts(known: &[(usize, usize, EntityType)], s: usize, etype: Option<EntityType>) -> bool {
    let k = known.partition_point(|&(a, _, _)| a < s);
    known[k..]
        .iter()
        .take_while(|&&(a, _, _)| a == s)
        .any(|&(_, _, t)| etype.is_none_or(|x| x == t))
}

/// The first word of an organization name whose head noun is token `i`: up to four capitalised
/// words before it, not stop words, not possessive ("Teachers’ Trade Association" allowed); a
/// number or an ordinal inside ("April 6 Youth Movement"), a month only before such a number;
/// "X and" before a single capitalised word ("Bread and Freedom Party").
fn extend_left(cx: &Context, i: usize, known: &[(usize, usize, EntityType)]) -> usize {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let mut first = i;
    // A number taken into the name, until a name word before it confirms it.
    let mut number: Option<usize> = None;
    let mut numbers = 0;
    while first > 0 && i - first < 4 + numbers {
        let p = &tokens[first - 1];
        let gap = &text[p.full_end..tokens[first].start];
        // "Teachers’ Trade Association": a plural possessive inside the name.
        let plural_possessive = text[p.start..p.end].ends_with(['s', 'S'])
            && gap.strip_suffix(' ').is_some_and(|a| {
                let mut cs = a.chars();
                cs.next().is_some_and(is_apostrophe) && cs.next().is_none()
            });
        if (gap != " " && !plural_possessive) || p.possessive {
            break;
        }
        let w = &text[p.start..p.end];
        if is_number_or_ordinal(w) {
            // Not two numbers, not a number before a name the gazetteer knows ("On June 3 Human
            // Rights Watch said").
            if numbers > 0 || known_starts(known, tokens[first].start, None) {
                break;
            }
            number = Some(first - 1);
            numbers = 1;
            first -= 1;
            continue;
        }
        if !p.cap {
            if w == "and" && number.is_none() {
                if let Some(f) = and_before(cx, first - 1, known) {
                    first = f;
                }
            }
            break;
        }
        if adjective_compound(w) {
            break;
        }
        let before_number = number == Some(first);
        let stop = with_folded_word(w, |pw| {
            is_function_word(pw)
                || rules.titles.contains(pw)
                || rules.weekdays.contains_key(pw)
                || (rules.months.contains_key(pw) && !before_number)
                || (before_number && rules.unit_words.contains(pw))
        });
        if stop {
            break;
        }
        number = None;
        first -= 1;
    }
    // A number that no name word comes before is not part of the name.
    match number {
        Some(n) => n + 1,
        None => first,
    }
}

/// "Bread and Freedom Party": token `and` is "and" between a single capitalised word and the
/// rest of the name; that word's token, unless it ends a longer run of capitalised words
/// ("Amnesty International and Human Rights Watch") or either side is a name the gazetteer
/// knows ("Iran and ...").
fn and_before(cx: &Context, and: usize, known: &[(usize, usize, EntityType)]) -> Option<usize> {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let x = tokens.get(and.checked_sub(1)?)?;
    let next = tokens.get(and + 1)?;
    if !x.cap || x.possessive || &text[x.full_end..tokens[and].start] != " " {
        return None;
    }
    let w = &text[x.start..x.end];
    let alone = and < 2 || {
        let p = &tokens[and - 2];
        !p.cap || &text[p.full_end..x.start] != " "
    };
    let stop = with_folded_word(w, |f| {
        is_function_word(f) || rules.name_stopwords.contains(f) || rules.org_heads.contains(f)
    });
    let known_side = known.iter().any(|&(s, e, _)| {
        (s <= x.start && x.end <= e && e <= tokens[and].start) || s == next.start
    });
    (alone && !stop && !known_side).then_some(and - 1)
}

/// The last word of an organization name whose head noun is token `i`: "of X Y" (up to three
/// capitalised words, "and Z" after them) after it, then up to two allowed lower-case tail
/// words.
fn extend_right(cx: &Context, i: usize, known: &[(usize, usize, EntityType)]) -> usize {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let t = &tokens[i];
    let is_conn = |w: &str| matches!(w, "of" | "for");
    let mut last = i;
    if !t.possessive && i + 2 < tokens.len() {
        let c = &tokens[i + 1];
        if is_conn(&text[c.start..c.end]) && &text[t.full_end..c.start] == " " {
            let mut k = i + 2;
            let mut prev = c.full_end;
            let mut took = 0;
            // "Committee for the Release of X", "Ministry of the Interior": "the" before a
            // capitalised word.
            if let (Some(the), Some(n)) = (tokens.get(k), tokens.get(k + 1)) {
                if &text[the.start..the.end] == "the"
                    && n.cap
                    && &text[prev..the.start] == " "
                    && &text[the.full_end..n.start] == " "
                {
                    prev = the.full_end;
                    k += 1;
                }
            }
            // "of X", and once more "of Y" after it ("Association of Families of Prisoners").
            for round in 0..2 {
                if round == 1 {
                    let of = tokens.get(k).filter(|n| &text[n.start..n.end] == "of");
                    let after = tokens.get(k + 1).filter(|n| n.cap);
                    match (of, after) {
                        (Some(o), Some(_)) if took > 0 && &text[prev..o.start] == " " => {
                            prev = o.full_end;
                            k += 1;
                        }
                        _ => break,
                    }
                }
                let before = took;
                while k < tokens.len() && took - before < 3 {
                    let n = &tokens[k];
                    if &text[prev..n.start] != " " || !n.cap {
                        break;
                    }
                    last = k;
                    took += 1;
                    prev = n.full_end;
                    k += 1;
                    if n.possessive {
                        break;
                    }
                }
                if took == before || tokens[last].possessive {
                    break;
                }
            }
            if took > 0 && !tokens[last].possessive {
                if let Some(e) = and_after(cx, last, known) {
                    last = e;
                    prev = tokens[e].full_end;
                    k = e + 1;
                }
                let mut tail = 0;
                while k < tokens.len() && tail < 2 {
                    let n = &tokens[k];
                    if &text[prev..n.start] != " " || n.cap {
                        break;
                    }
                    if !rules.org_tail_words.contains_word(&text[n.start..n.end]) {
                        break;
                    }
                    last = k;
                    tail += 1;
                    prev = n.full_end;
                    k += 1;
                }
                if tail == 0 {
                    last = in_place_after(cx, last).unwrap_or(last);
                }
            }
        }
    }
    last
}

/// "Center for Human Rights in Iran", "Council of Miners in Tabriz": the last token of one or
/// two capitalised words after "in" right after token `last`, when they end the name (no
/// capitalised word after them).
fn in_place_after(cx: &Context, last: usize) -> Option<usize> {
    let Context { text, tokens, .. } = *cx;
    let gap = |a: usize, b: usize| &text[tokens[a].full_end..tokens[b].start] == " ";
    let inn = tokens.get(last + 1)?;
    if tokens[last].possessive || &text[inn.start..inn.end] != "in" || !gap(last, last + 1) {
        return None;
    }
    let mut end = None;
    for (k, t) in tokens.iter().enumerate().skip(last + 2).take(2) {
        if !t.cap || !gap(k - 1, k) {
            break;
        }
        end = Some(k);
        if t.possessive {
            return None;
        }
    }
    let end = end?;
    // The place ends the name.
    let next_cap = tokens
        .get(end + 1)
        .is_some_and(|n| n.cap && gap(end, end + 1));
    (!next_cap).then_some(end)
}

/// "for Rights and Democracy": the last token of one or two capitalised words after "and" right
/// after token `last`, when they end the name (no capitalised word after them), are not a name
/// the gazetteer knows ("... and Amnesty International") and hold no head noun.
fn and_after(cx: &Context, last: usize, known: &[(usize, usize, EntityType)]) -> Option<usize> {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let and = tokens.get(last + 1)?;
    if &text[and.start..and.end] != "and" || &text[tokens[last].full_end..and.start] != " " {
        return None;
    }
    let mut k = last + 2;
    let mut prev = and.full_end;
    let mut end = None;
    while k < tokens.len() && k < last + 4 {
        let n = &tokens[k];
        if &text[prev..n.start] != " " || !n.cap {
            break;
        }
        let w = &text[n.start..n.end];
        // A common capitalised word (`name_stopwords.txt`) only after a word that is none:
        // "of Political and Civil Prisoners", not "and Political Prisoners" after a name.
        let second = k > last + 2;
        if with_folded_word(w, |f| {
            is_function_word(f)
                || rules.org_heads.contains(f)
                || (!second && rules.name_stopwords.contains(f))
        }) {
            return None;
        }
        end = Some(k);
        prev = n.full_end;
        k += 1;
        if n.possessive {
            return None;
        }
    }
    let end = end?;
    let more = tokens
        .get(end + 1)
        .is_some_and(|n| n.cap && &text[tokens[end].full_end..n.start] == " ");
    let known_there = known_starts(known, tokens[last + 2].start, None);
    (!more && !known_there).then_some(end)
}

/// "Human Rights Centre Viasna": the token of one proper name right after the head `i`, when
/// nothing capitalised follows it and it is no common capitalised word (stop word, title,
/// role, month, weekday, head noun) nor a name the gazetteer knows.
fn name_after(cx: &Context, i: usize, known: &[(usize, usize, EntityType)]) -> Option<usize> {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let (t, n) = (&tokens[i], tokens.get(i + 1)?);
    if t.possessive || !n.cap || &text[t.full_end..n.start] != " " {
        return None;
    }
    let w = &text[n.start..n.end];
    if w.chars().filter(|c| c.is_alphabetic()).count() < 3
        || w.bytes().any(|b| b.is_ascii_digit())
        || known_starts(known, n.start, None)
    {
        return None;
    }
    let common = with_folded_word(w, |f| {
        is_function_word(f)
            || rules.name_stopwords.contains(f)
            || rules.titles.contains(f)
            || rules.role_words.contains(f)
            || rules.person_cues.contains(f)
            || rules.months.contains_key(f)
            || rules.weekdays.contains_key(f)
            || rules.org_heads.contains(f)
            || rules.prison_words.contains(f)
            || rules.letter_nouns.contains(f)
            || rules.demonyms.contains(f)
            || super::names::is_given(f, rules)
    });
    if common {
        return None;
    }
    // One word: what follows is not capitalised (or is further off than one space).
    let alone = tokens
        .get(i + 2)
        .is_none_or(|m| !m.cap || &text[n.full_end..m.start] != " ");
    alone.then_some(i + 1)
}

/// "the Kefaya movement": the words from `first` to the lower-case head `i` are a proper name
/// (not a people's word, not a sentence's first word alone).
fn proper_name_before(cx: &Context, first: usize, i: usize) -> bool {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    if first == i {
        return false;
    }
    let w = &text[tokens[first].start..tokens[first].end];
    // "April 6 movement": a month before a number is part of the name.
    let dated = tokens
        .get(first + 1)
        .is_some_and(|n| is_number_or_ordinal(&text[n.start..n.end]));
    if with_folded_word(w, |f| {
        rules.demonyms.contains(f) || (rules.name_stopwords.contains(f) && !dated)
    }) {
        return false;
    }
    let before = text[..tokens[first].start].trim_end_matches([' ', '\t']);
    !(before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':', '"', '“']))
}

/// "the Kelvar group", "the Dorvik movement": the words from `first` to the lower-case
/// head `i` are a place or a prison the gazetteer knows, and the head says who is there (the
/// prisoners of that prison, the people of that town), not an organization's name.
fn known_place_before(
    cx: &Context,
    known: &[(usize, usize, EntityType)],
    first: usize,
    i: usize,
) -> bool {
    let (s, e) = (cx.tokens[first].start, cx.tokens[i - 1].end);
    known
        .iter()
        .any(|&(a, b, t)| a == s && b == e && t != EntityType::Organization)
}

/// True when the name starting at token `first` is the organization of a part named by a unit
/// word and a number: "Branch 15 of the Revolutionary Court" (a branch of the court, which is
/// then not mentioned as an organization), "Article 610 of the Islamic Penal Code".
fn unit_of(cx: &Context, first: usize) -> bool {
    let Context {
        text,
        tokens,
        rules,
        ..
    } = *cx;
    let word = |k: usize| &text[tokens[k].start..tokens[k].end];
    let mut k = first;
    // "Branch 1 of the Tabriz Revolutionary Court": a place before the court's name.
    while k > 0
        && first - k < 3
        && tokens[k - 1].cap
        && !matches!(word(k - 1), "The" | "Of")
        && &text[tokens[k - 1].full_end..tokens[k].start] == " "
    {
        k -= 1;
    }
    if k > 0 && matches!(word(k - 1), "the" | "The") {
        k -= 1;
    }
    if k < 3 || !matches!(word(k - 1), "of" | "Of") {
        return false;
    }
    is_number_or_ordinal(word(k - 2))
        && with_folded_word(word(k - 3), |f| rules.unit_words.contains(f))
}

/// [`unit_of`] for the name that starts at byte `s` (a word start).
pub(super) fn unit_of_at(cx: &Context, s: usize) -> bool {
    let k = cx.tokens.partition_point(|t| t.start < s);
    cx.tokens.get(k).is_some_and(|t| t.start == s) && unit_of(cx, k)
}

/// True when the name from token `first` to `last` (head `i`) is an organization the gazetteer
/// knows, ending at the head, with only a place the gazetteer knows around it: "Revolutionary
/// Court of Ahvaz", "Tabriz Revolutionary Court" are the Revolutionary Court in a city (the
/// organization and the city are mentioned, not a third name).
fn place_qualified(
    cx: &Context,
    known: &[(usize, usize, EntityType)],
    first: usize,
    i: usize,
    last: usize,
) -> bool {
    let Context { text, tokens, .. } = *cx;
    let place = |s: usize, e: usize| {
        known.iter().any(|&(a, b, t)| {
            a == s && b == e && matches!(t, EntityType::City | EntityType::Country)
        })
    };
    let start = tokens[first].start;
    // "of Ahvaz" after the head, or nothing.
    let right_ok = last == i
        || (last >= i + 2
            && &text[tokens[i + 1].start..tokens[i + 1].end] == "of"
            && place(tokens[i + 2].start, tokens[last].end));
    right_ok
        && known.iter().any(|&(s, e, t)| {
            if t != EntityType::Organization || e != tokens[i].end || s < start {
                return false;
            }
            if s == start {
                return last != i;
            }
            // "Tabriz" before the organization's name.
            let k = tokens.partition_point(|x| x.start < s);
            k > first && tokens[k].start == s && place(start, tokens[k - 1].end)
        })
}

/// Function words that end a name on its left.
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "and"
            | "of"
            | "in"
            | "on"
            | "by"
            | "for"
            | "to"
            | "with"
            | "from"
            | "at"
    )
}

/// "6", "14th", "1st", "2nd", "3rd": a number of up to three digits, or an ordinal.
fn is_number_or_ordinal(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && matches!(
            &w[digits..],
            "" | "st" | "nd" | "rd" | "th" | "ST" | "ND" | "RD" | "TH"
        )
}

/// "London-based", "Iran-backed": a capitalised word joined to a lower-case one, an adjective
/// before a name, not part of it ("Al-Wefaq", "Bani-Sadr" are names).
fn adjective_compound(w: &str) -> bool {
    w.rsplit_once(['-', '‑']).is_some_and(|(_, last)| {
        last.chars().next().is_some_and(char::is_lowercase) && last.chars().count() >= 3
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, found_of};

    #[test]
    fn menu_lines_on_bytes_and_on_characters_agree() {
        for line in [
            "HomeWorld NewsToday PoliticsOpinion",
            "HomeWorld News",
            "The Kefaya movement said on Monday",
            "aBcDe fGhIj",
            "McDonald and MacLeod",
            "HomeIran NewsWorld",
            "",
        ] {
            assert_eq!(
                super::menu_line(line),
                super::menu_line_chars(line),
                "{line}"
            );
        }
        assert!(super::menu_line("HomeWorld NewsToday PoliticsOpinion"));
        assert!(!super::menu_line("HomeWorld News"));
    }
    use super::super::Rule;
    use crate::types::EntityType;

    fn orgs(text: &str) -> Vec<String> {
        found_of(text, EntityType::Organization)
    }

    /// One sentence for the `writer`, `prison_shape` and `org_shape` rules (each file checks its
    /// own).
    #[test]
    fn head_nouns_end_organizations() {
        let f = found("A teacher held in Kachui prison, Hamid Rezaei, has written to the Free Workers Federation and the Kermanshah Teachers’ Trade Association.");
        assert!(
            f.contains(&(
                "Kermanshah Teachers’ Trade Association".into(),
                EntityType::Organization,
                Rule::OrgShape
            )),
            "{f:?}"
        );
        assert!(
            f.contains(&(
                "Free Workers Federation".into(),
                EntityType::Organization,
                Rule::OrgShape
            )),
            "{f:?}"
        );
    }

    #[test]
    fn numbers_inside_names() {
        assert_eq!(
            orgs("He joined the May 9 Student Movement in 2011."),
            ["May 9 Student Movement"]
        );
        assert_eq!(
            orgs("The case went to the Ankara 3rd High Criminal Court last week."),
            ["Ankara 3rd High Criminal Court"]
        );
        // A date before a name is not part of it, nor is a unit and its number.
        assert_eq!(
            orgs("She was tried by Branch 4 Revolutionary Court judges."),
            ["Revolutionary Court"]
        );
    }

    #[test]
    fn and_inside_names() {
        assert_eq!(
            orgs("He is a member of the Bread and Salt Party."),
            ["Bread and Salt Party"]
        );
        assert_eq!(
            orgs("The Qatara Institute for Rights and Democracy said so."),
            ["Qatara Institute for Rights and Democracy"]
        );
        // Two names joined by "and" stay two.
        assert_eq!(
            orgs("The Kelvar Workers Union and Dorvik Teachers Association wrote."),
            ["Kelvar Workers Union", "Dorvik Teachers Association"]
        );
    }

    #[test]
    fn lower_case_movement_after_a_proper_name() {
        assert_eq!(
            orgs("He was a founder of the Tamarod movement in 2013."),
            ["Tamarod movement"]
        );
        assert_eq!(
            orgs("She is close to the May 9 movement."),
            ["May 9 movement"]
        );
        // A people's word or a sentence's first word is not a name.
        assert!(orgs("The Kurdish movement grew. Protest movement leaders met.").is_empty());
    }

    #[test]
    fn lower_case_group_after_a_proper_name() {
        assert_eq!(
            orgs("He was charged with membership of the Zarvan group and jailed."),
            ["Zarvan group"]
        );
        // A people's word, a sentence's first word, or a prison the gazetteer knows.
        assert!(orgs("The Baluch group wrote. Rights group members met.").is_empty());
        let gaz = crate::gazetteer::Gazetteer::with_entries(vec![super::super::testing::entry(
            "kelvar-prison",
            EntityType::Prison,
            "Kelvar Prison",
            &["Kelvar"],
        )]);
        let typed = super::super::testing::typed_with(
            "In its third statement, the Kelvar group asks for visits.",
            &gaz,
        );
        assert!(
            !typed.iter().any(|(_, t)| *t == EntityType::Organization),
            "{typed:?}"
        );
    }

    #[test]
    fn a_name_only_in_a_headline_is_unconfirmed() {
        // Common nouns capitalised by a headline, in either style.
        assert!(
            orgs("The Fever at the Service of Fear in Kelvar’s Jails\n\nThe text follows.")
                .is_empty()
        );
        assert!(
            orgs("Doctors Say Office Of Silence Runs The Ward\n\nThe text follows.").is_empty()
        );
        // A name the article repeats is one.
        assert_eq!(
            orgs("Letter from Two Detainees to the Lawyers' Club\n\nThey wrote to the Lawyers' Club."),
            ["Lawyers' Club", "Lawyers' Club"]
        );
        // An item of a list.
        assert_eq!(
            orgs("Its demands:\n2. The Higher Bakers Council at the end of March\n"),
            ["Higher Bakers Council"]
        );
        // A name line of a signature, a source line that is the name alone, a sentence.
        assert_eq!(
            orgs("Tarlan Vosughi (Bread and Salt Party)\nDorvik Centre for Support of Teachers and Nurses\n\nThe text."),
            ["Bread and Salt Party", "Dorvik Centre for Support of Teachers and Nurses"]
        );
        assert_eq!(
            orgs("He met the Dorvik Teachers Association in May."),
            ["Dorvik Teachers Association"]
        );
    }

    #[test]
    fn no_name_from_a_glued_menu() {
        assert!(
            orgs("HomeKelvar News TodayWorld Sport & CultureOpinion pieces\n\nThe text.")
                .is_empty()
        );
    }

    #[test]
    fn media_and_clubs() {
        assert_eq!(
            orgs("Three reporters of the outlet Tarvo Media are on strike and appeal to the Lawyers' Club."),
            ["Tarvo Media", "Lawyers' Club"]
        );
    }

    #[test]
    fn a_second_of_phrase_is_part_of_the_name() {
        assert_eq!(
            orgs("The Association of Families of Political Prisoners said so."),
            ["Association of Families of Political Prisoners"]
        );
        // "the" after the head's "for" or "of", and "and" in the second phrase (its last word
        // may be a common one).
        assert_eq!(
            orgs("According to the Committee for the Defence of Jailed and Exiled Writers, he is ill."),
            ["Committee for the Defence of Jailed and Exiled Writers"]
        );
        assert_eq!(
            orgs("The Campaign for the Rights of Sick and Elderly Prisoners wrote."),
            ["Campaign for the Rights of Sick and Elderly Prisoners"]
        );
        assert_eq!(
            orgs("He wrote to the Ministry of the Interior."),
            ["Ministry of the Interior"]
        );
    }

    #[test]
    fn a_place_after_in_ends_the_name() {
        assert_eq!(
            orgs("A report by the Centre for Human Rights in Karvistan said so."),
            ["Centre for Human Rights in Karvistan"]
        );
        assert_eq!(
            orgs("The Council of Bakers in Zarabad Shahr issued a statement."),
            ["Council of Bakers in Zarabad Shahr"]
        );
        // More capitalised words after the place: another name.
        assert_eq!(
            orgs("The Council of Bakers in Zarabad Province Court said so."),
            ["Council of Bakers", "Zarabad Province Court"]
        );
    }

    #[test]
    fn a_proper_name_after_the_head() {
        assert_eq!(
            orgs("The text reached the Human Rights Centre Osvita on Monday."),
            ["Human Rights Centre Osvita"]
        );
        assert_eq!(
            orgs("The Supreme State Security Prosecution renewed it; the Presidency of State Security runs the prison."),
            ["Supreme State Security Prosecution", "Presidency of State Security"]
        );
    }

    #[test]
    fn based_adjectives_and_court_branches() {
        assert_eq!(
            orgs("The Paris-based Lumen Institute for Rights published it."),
            ["Lumen Institute for Rights"]
        );
        assert!(
            orgs("He appeared before Branch 26 of the Marvani Revolutionary Court.").is_empty(),
            "{:?}",
            orgs("He appeared before Branch 26 of the Marvani Revolutionary Court.")
        );
        assert!(
            orgs("under Article 610 of the Islamic Penal Code, in Ward 209 and Hall 12").is_empty()
        );
    }
}
