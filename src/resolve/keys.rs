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
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
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
                push(&mut out, b'c');
                push(&mut out, b'h');
                i += 3;
            }
            (b'd', b'j') => {
                push(&mut out, b'j');
                i += 2;
            }
            (b'k', b'h') => {
                push(&mut out, b'h');
                i += 2;
            }
            (b'g', b'h') => {
                push(&mut out, b'q');
                i += 2;
            }
            (b'd', b'h') => {
                push(&mut out, b'z');
                i += 2;
            }
            (b't', b'h') => {
                push(&mut out, b't');
                i += 2;
            }
            (b'p', b'h') => {
                push(&mut out, b'f');
                i += 2;
            }
            (b'o', b'u') | (b'o', b'o') => {
                push(&mut out, b'u');
                i += 2;
            }
            (b'e', b'e') | (b'e', b'i') => {
                push(&mut out, b'i');
                i += 2;
            }
            (b'e', b'y') if !is_vowel(n2) => {
                push(&mut out, b'i');
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
                push(&mut out, m);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Consonant skeleton of a phonetic form: vowels dropped (`muhamad` → `mhmd`).
pub fn skeleton(phon: &str) -> String {
    let mut out = String::with_capacity(phon.len());
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
    let mut keys = Vec::with_capacity(4);
    let sk = skeleton(&f.concat_phon);
    if sk.is_empty() {
        keys.push(format!("s:{}", f.concat_phon));
        return keys;
    }
    keys.push(format!("s:{sk}"));
    // the skeleton's letters sorted: a transposition of two consonants keeps it
    let mut sorted: Vec<char> = sk.chars().collect();
    sorted.sort_unstable();
    sorted.dedup();
    let sorted: String = sorted.into_iter().collect();
    if sorted != sk {
        keys.push(format!("a:{sorted}"));
    }
    // the plain skeleton (no transliteration mapping): `ghasem` and `gahsem` meet here
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
            // first and last token: meets the same name without a middle name
            let last = skeleton(&f.phon[f.phon.len() - 1]);
            keys.push(format!("m:{first}|{last}"));
        } else {
            keys.push(format!(
                "m:{}",
                sk.replacen(&first, &format!("{first}|"), 1)
            ));
        }
    } else {
        // one token: the skeleton without its last consonant and without its first one
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

#[cfg(test)]
mod tests {
    use super::*;

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
