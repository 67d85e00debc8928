//! Name features and blocking keys.
//!
//! A name is folded (`crate::text::fold`: case, diacritics, apostrophes, hyphens) and split into
//! tokens. For people the particles `al`, `el`, `ul`, `ol` are dropped (`Bashar al-Assad` and
//! `Bashar Assad` have the same core tokens). Each token also gets a *phonetic* form that maps
//! the usual transliteration variants of Persian and Arabic names onto one spelling, and a
//! *skeleton* (the phonetic form without vowels): the blocking keys are built from those, so
//! that `Mohammad`, `Mohammed` and `Muhammad`, or `Saeid`, `Saeed` and `Said`, land in one block.

use crate::types::EntityType;

/// Particles ignored in people's names (`Bashar al-Assad` = `Bashar Assad`).
pub const PARTICLES: [&str; 4] = ["al", "el", "ul", "ol"];

/// What resolution knows about one spelling.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// Folded surface (`crate::text::fold`).
    pub folded: String,
    /// Core tokens (folded, particles dropped for people).
    pub tokens: Vec<String>,
    /// Phonetic form of each core token.
    pub phon: Vec<String>,
    /// Core tokens concatenated (`abolghassem`).
    pub concat: String,
    /// Phonetic form of the concatenation.
    pub concat_phon: String,
}

impl Features {
    pub fn new(etype: EntityType, surface: &str) -> Features {
        let folded = crate::text::fold(surface);
        let all: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
        let mut tokens: Vec<String> = if etype == EntityType::Person {
            all.iter()
                .filter(|t| !PARTICLES.contains(t))
                .map(|t| t.to_string())
                .collect()
        } else {
            Vec::new()
        };
        if tokens.is_empty() {
            tokens = all.iter().map(|t| t.to_string()).collect();
        }
        let phon = tokens.iter().map(|t| phonetic(t)).collect();
        let concat: String = tokens.concat();
        let concat_phon = phonetic(&concat);
        Features {
            folded,
            tokens,
            phon,
            concat,
            concat_phon,
        }
    }

    /// The last core token (a person's surname).
    pub fn last(&self) -> &str {
        self.tokens.last().map(|s| s.as_str()).unwrap_or("")
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Phonetic form of a folded token. Rules, applied left to right:
/// `tch`→`ch`, `dj`→`j`, `kh`→`h`, `gh`/`q`→`q`, `dh`→`z`, `th`→`t`, `ph`→`f`, `w`→`v`;
/// vowels: `o`/`u`/`ou`/`oo`→`u`, `e`/`a`→`a`, `i`/`ee`/`ei`/`ey`/`y` (not before a
/// vowel)→`i`; runs of one letter collapse (`ss`→`s`, `aa`→`a`). Non-ASCII letters are kept.
pub fn phonetic(s: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    phonetic_into(s, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`phonetic`], written into `out` (its contents replaced). The bytes are valid UTF-8:
/// non-ASCII bytes are copied as they are and ASCII maps to ASCII.
pub fn phonetic_into(s: &str, out: &mut Vec<u8>) {
    let b = s.as_bytes();
    out.clear();
    let mut i = 0;
    let push = |out: &mut Vec<u8>, c: u8| {
        if out.last() != Some(&c) {
            out.push(c);
        }
    };
    while i < b.len() {
        let c = b[i];
        let n1 = b.get(i + 1).copied().unwrap_or(0);
        let n2 = b.get(i + 2).copied().unwrap_or(0);
        if !c.is_ascii() {
            out.push(c);
            i += 1;
            continue;
        }
        match (c, n1) {
            (b't', b'c') if n2 == b'h' => {
                push(out, b'c');
                push(out, b'h');
                i += 3;
            }
            (b'd', b'j') => {
                push(out, b'j');
                i += 2;
            }
            (b'k', b'h') => {
                push(out, b'h');
                i += 2;
            }
            (b'g', b'h') => {
                push(out, b'q');
                i += 2;
            }
            (b'd', b'h') => {
                push(out, b'z');
                i += 2;
            }
            (b't', b'h') => {
                push(out, b't');
                i += 2;
            }
            (b'p', b'h') => {
                push(out, b'f');
                i += 2;
            }
            (b'o', b'u') | (b'o', b'o') => {
                push(out, b'u');
                i += 2;
            }
            (b'e', b'e') | (b'e', b'i') => {
                push(out, b'i');
                i += 2;
            }
            (b'e', b'y') if !is_vowel(n2) => {
                push(out, b'i');
                i += 2;
            }
            _ => {
                let m = match c {
                    b'w' => b'v',
                    b'o' | b'u' => b'u',
                    b'e' | b'a' => b'a',
                    b'y' if !is_vowel(n1) && i > 0 => b'i',
                    other => other,
                };
                push(out, m);
                i += 1;
            }
        }
    }
}

/// Consonant skeleton of a phonetic form: vowels dropped (`muhamad` → `mhmd`).
pub fn skeleton(phon: &str) -> String {
    let mut out = String::with_capacity(phon.len());
    skeleton_into(phon, &mut out);
    out
}

/// [`skeleton`], written into `out` (its contents replaced).
fn skeleton_into(phon: &str, out: &mut String) {
    out.clear();
    if phon.is_ascii() {
        // bytes are chars
        for &c in phon.as_bytes() {
            if matches!(c, b'a' | b'e' | b'i' | b'o' | b'u') || out.as_bytes().last() == Some(&c) {
                continue;
            }
            out.push(c as char);
        }
        return;
    }
    for c in phon.chars() {
        if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') || out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
}

/// Writes the concatenation of `parts` into `key` and visits it.
fn emit(key: &mut String, visit: &mut impl FnMut(&str), parts: &[&str]) {
    key.clear();
    for p in parts {
        key.push_str(p);
    }
    visit(key);
}

/// Reusable buffers for [`for_each_blocking_key`] (one per thread saves the allocations).
#[derive(Default)]
pub struct KeyScratch {
    key: String,
    sk: String,
    raw: String,
    first: String,
    rest: String,
    bytes: Vec<u8>,
    chars: Vec<char>,
}

/// The blocking keys of a spelling. Names sharing any key (and the type) are compared.
///
/// - `s:` skeleton of the concatenated tokens (catches doubled / dropped letters, vowel and
///   transliteration changes, split and joined compounds);
/// - `t:` sorted phonetic tokens (catches reordered names);
/// - `r:` the skeleton of the plain folded letters (catches what the phonetic mapping splits,
///   such as a transposition across `gh`);
/// - `a:` the skeleton's letters sorted (catches a transposition of two consonants);
/// - `f:` skeleton of the first token + the first two consonants of the rest, and `l:` the first
///   letter of the first token + the skeleton of the rest (catch a consonant change in one
///   part that breaks the skeleton);
/// - `m:` skeletons of the first and last tokens (meets a name with an extra middle name);
/// - one-token names: the skeleton without its last, or without its first, consonant.
pub fn blocking_keys(f: &Features) -> Vec<String> {
    let mut keys = Vec::with_capacity(8);
    for_each_blocking_key(f, &mut KeyScratch::default(), |k| keys.push(k.to_string()));
    keys
}

/// Calls `visit` with each of [`blocking_keys`], in the same order, built in the buffers of
/// `scratch` instead of one allocation per key.
pub fn for_each_blocking_key(f: &Features, scratch: &mut KeyScratch, mut visit: impl FnMut(&str)) {
    let KeyScratch {
        key,
        sk,
        raw,
        first,
        rest,
        bytes,
        chars,
    } = scratch;
    skeleton_into(&f.concat_phon, sk);
    if sk.is_empty() {
        emit(key, &mut visit, &["s:", &f.concat_phon]);
        return;
    }
    emit(key, &mut visit, &["s:", sk]);
    // the skeleton's letters sorted: a transposition of two consonants keeps it
    if sk.is_ascii() {
        bytes.clear();
        bytes.extend_from_slice(sk.as_bytes());
        bytes.sort_unstable();
        bytes.dedup();
        if bytes[..] != *sk.as_bytes() {
            // ASCII bytes: valid UTF-8
            let sorted = std::str::from_utf8(bytes).unwrap_or_default();
            emit(key, &mut visit, &["a:", sorted]);
        }
    } else {
        chars.clear();
        chars.extend(sk.chars());
        chars.sort_unstable();
        chars.dedup();
        if !chars.iter().copied().eq(sk.chars()) {
            key.clear();
            key.push_str("a:");
            key.extend(chars.iter());
            visit(key.as_str());
        }
    }
    // the plain skeleton (no transliteration mapping): `ghasem` and `gahsem` meet here
    skeleton_into(&f.concat, raw);
    if raw != sk {
        emit(key, &mut visit, &["r:", raw]);
    }
    if f.tokens.len() >= 2 {
        let mut sorted: Vec<&str> = f.phon.iter().map(|p| p.as_str()).collect();
        sorted.sort_unstable();
        key.clear();
        key.push_str("t:");
        for (k, p) in sorted.iter().enumerate() {
            if k > 0 {
                key.push(' ');
            }
            key.push_str(p);
        }
        visit(key.as_str());
        skeleton_into(&f.phon[0], first);
        // the phonetic form of the rest of the tokens, concatenated
        key.clear();
        for t in &f.tokens[1..] {
            key.push_str(t);
        }
        phonetic_into(key, bytes);
        skeleton_into(std::str::from_utf8(bytes).unwrap_or_default(), rest);
        let rest2 = rest.char_indices().nth(2).map_or(rest.len(), |(i, _)| i);
        emit(key, &mut visit, &["f:", first, "|", &rest[..rest2]]);
        let first1 = f.tokens[0]
            .chars()
            .next()
            .map_or("", |c| &f.tokens[0][..c.len_utf8()]);
        emit(key, &mut visit, &["l:", first1, "|", rest]);
        if f.tokens.len() >= 3 {
            // first and last token: meets the same name without a middle name
            skeleton_into(&f.phon[f.phon.len() - 1], raw);
            emit(key, &mut visit, &["m:", first, "|", raw]);
        } else {
            // the skeleton with a bar after the first token's skeleton (where it occurs)
            match sk.find(first.as_str()) {
                Some(p) => emit(
                    key,
                    &mut visit,
                    &["m:", &sk[..p], first, "|", &sk[p + first.len()..]],
                ),
                None => emit(key, &mut visit, &["m:", sk]),
            }
        }
    } else {
        // one token: the skeleton without its last consonant and without its first one
        if sk.chars().count() >= 4 {
            let second = sk.char_indices().nth(1).map_or(0, |(i, _)| i);
            let last = sk.char_indices().next_back().map_or(0, |(i, _)| i);
            emit(key, &mut visit, &["h:", &sk[..last]]);
            emit(key, &mut visit, &["e:", &sk[second..]]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The keys as first written (one `format!` per key): the reference for
    /// [`for_each_blocking_key`].
    fn blocking_keys_reference(f: &Features) -> Vec<String> {
        let mut keys = Vec::with_capacity(4);
        let sk = skeleton(&f.concat_phon);
        if sk.is_empty() {
            keys.push(format!("s:{}", f.concat_phon));
            return keys;
        }
        keys.push(format!("s:{sk}"));
        let mut sorted: Vec<char> = sk.chars().collect();
        sorted.sort_unstable();
        sorted.dedup();
        let sorted: String = sorted.into_iter().collect();
        if sorted != sk {
            keys.push(format!("a:{sorted}"));
        }
        let raw = skeleton(&f.concat);
        if raw != sk {
            keys.push(format!("r:{raw}"));
        }
        if f.tokens.len() >= 2 {
            let mut sorted = f.phon.clone();
            sorted.sort();
            keys.push(format!("t:{}", sorted.join(" ")));
            let first = skeleton(&f.phon[0]);
            let rest = skeleton(&phonetic(&f.tokens[1..].concat()));
            let rest2: String = rest.chars().take(2).collect();
            keys.push(format!("f:{first}|{rest2}"));
            let first1: String = f.tokens[0].chars().take(1).collect();
            keys.push(format!("l:{first1}|{rest}"));
            if f.tokens.len() >= 3 {
                let last = skeleton(&f.phon[f.phon.len() - 1]);
                keys.push(format!("m:{first}|{last}"));
            } else {
                keys.push(format!(
                    "m:{}",
                    sk.replacen(&first, &format!("{first}|"), 1)
                ));
            }
        } else {
            let chars: Vec<char> = sk.chars().collect();
            if chars.len() >= 4 {
                let head: String = chars[..chars.len() - 1].iter().collect();
                let tail: String = chars[1..].iter().collect();
                keys.push(format!("h:{head}"));
                keys.push(format!("e:{tail}"));
            }
        }
        keys
    }

    /// The skeleton as first written (chars, `ends_with`).
    fn skeleton_reference(phon: &str) -> String {
        let mut out = String::new();
        for c in phon.chars() {
            if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') {
                continue;
            }
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        out
    }

    proptest! {
        #[test]
        fn keys_match_reference(
            s in "([aeiouyhwkgtcdjpqsz]{0,7}|al|el|şé|Ö|-|'|\u{0}){0,4}( ([aeiouyhwkgtcdjpqsmn]{0,6}|al|é|ß|\u{0}){0,3}){0,4}",
            person in any::<bool>(),
        ) {
            let t = if person { EntityType::Person } else { EntityType::Organization };
            let f = Features::new(t, &s);
            prop_assert_eq!(blocking_keys(&f), blocking_keys_reference(&f));
            prop_assert_eq!(skeleton(&s), skeleton_reference(&s));
            let mut scratch = KeyScratch::default();
            let mut again = Vec::new();
            for_each_blocking_key(&f, &mut scratch, |k| again.push(k.to_string()));
            for_each_blocking_key(&f, &mut scratch, |k| again.push(k.to_string()));
            let mut twice = blocking_keys(&f);
            twice.extend(blocking_keys(&f));
            prop_assert_eq!(again, twice);
        }
    }

    #[test]
    fn phonetic_variants_meet() {
        let p = |s: &str| phonetic(s);
        assert_eq!(p("mohammad"), p("muhammad"));
        assert_eq!(p("mohammad"), p("mohammed"));
        assert_eq!(p("saeid"), p("saeed"));
        assert_eq!(p("saeed"), p("said"));
        assert_eq!(p("ghasem"), p("qasem"));
        assert_eq!(p("javad"), p("jawad"));
        assert_eq!(p("masouri"), p("massuri"));
        assert_eq!(p("moezi"), p("moezzi"));
        assert_eq!(p("yousef"), p("yusef"));
        assert_eq!(skeleton(&p("mohammad")), "mhmd");
    }

    #[test]
    fn features_drop_particles() {
        let f = Features::new(EntityType::Person, "Bashar al-Assad");
        assert_eq!(f.tokens, vec!["bashar", "assad"]);
        let g = Features::new(EntityType::Person, "Al-Assad");
        assert_eq!(g.tokens, vec!["assad"]);
        let o = Features::new(EntityType::Organization, "Al Jazeera");
        assert_eq!(o.tokens, vec!["al", "jazeera"]);
    }
}
