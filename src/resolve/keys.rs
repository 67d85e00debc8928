//! Name features and blocking keys.
//!
//! A name is folded (`crate::text::fold`: case, diacritics, apostrophes, hyphens) and split into
//! tokens. For people the words are then rewritten by the variant table
//! `gazetteer/rules/name_variants.tsv` ([`NameRules`]): particles are dropped (`Bashar al-Assad`
//! and `Bashar Assad` have the same core tokens), a leading honorific too (`Sayed Hashim
//! al-Alawi` = `Hashim al-Alawi`), and spellings of one word part become one (`Abdel Rahman` =
//! `Abd al-Rahman`, `Hossam Eldin` = `Hossam el-Din`). Each token also gets a *phonetic* form
//! that maps the usual transliteration variants of Persian and Arabic names onto one spelling,
//! and a *skeleton* (the phonetic form without vowels): the blocking keys are built from those,
//! so that `Mohammad`, `Mohammed` and `Muhammad`, or `Saeid`, `Saeed` and `Said`, land in one
//! block.

use std::sync::OnceLock;

use crate::types::EntityType;

/// The shipped variant table (`gazetteer/rules/name_variants.tsv`, embedded at build time).
const NAME_VARIANTS: &str = include_str!("../../gazetteer/rules/name_variants.tsv");

/// How the words of a person's name are rewritten before names are compared: the rules of
/// `gazetteer/rules/name_variants.tsv` (see that file for each kind).
#[derive(Clone, Debug, Default)]
pub struct NameRules {
    /// Dropped wherever they stand (`al`, `el`).
    particles: Vec<String>,
    /// Dropped between two other words (`ad`, `ud`).
    inner: Vec<String>,
    /// Dropped first when two words or more remain (`sayed`, `seyyed`).
    honorifics: Vec<String>,
    /// Whole words written another way → the one spelling (a handful: scanned).
    words: Vec<(String, String)>,
    /// Word starts and word ends → their one spelling, longest first.
    prefixes: Vec<(String, String)>,
    suffixes: Vec<(String, String)>,
    /// For each letter `a`..`z`, the letters a consonant may be written with (bit 0 = `a`).
    consonants: [u32; 26],
    /// The first bytes of the particles, honorifics, whole words and word starts, and the last
    /// bytes of the word ends (a bit per byte): most words are ruled out by one test.
    starts: [u64; 4],
    ends: [u64; 4],
}

fn has_byte(set: &[u64; 4], b: Option<u8>) -> bool {
    b.is_some_and(|b| set[(b >> 6) as usize] & (1 << (b & 63)) != 0)
}

fn add_byte(set: &mut [u64; 4], b: Option<u8>) {
    if let Some(b) = b {
        set[(b >> 6) as usize] |= 1 << (b & 63);
    }
}

impl NameRules {
    /// Reads a variant table; a malformed line is reported as `(line number, message)` and
    /// skipped.
    pub fn parse(text: &str) -> (NameRules, Vec<(usize, String)>) {
        let mut r = NameRules::default();
        let mut bad = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<String> = line
                .split('\t')
                .map(|c| crate::text::fold(c).replace(' ', "-"))
                .collect();
            let (kind, form) = (cols[0].as_str(), cols.get(1).map_or("", |s| s.as_str()));
            if kind == "consonants" {
                let letters: Vec<u8> = form.bytes().filter(|&c| c != b'-').collect();
                if letters.len() < 2 || !letters.iter().all(|c| c.is_ascii_lowercase()) {
                    bad.push((i + 1, "expected: consonants<TAB>two letters or more".into()));
                }
                for &x in letters.iter().filter(|c| c.is_ascii_lowercase()) {
                    for &y in letters.iter().filter(|c| c.is_ascii_lowercase()) {
                        r.consonants[(x - b'a') as usize] |= 1 << (y - b'a');
                    }
                }
                continue;
            }
            let canon = cols.get(2).map(|s| s.as_str()).unwrap_or("");
            if form.is_empty() || form.contains('-') {
                bad.push((i + 1, "expected KIND<TAB>one folded word".to_string()));
                continue;
            }
            match (kind, canon.is_empty()) {
                ("particle", true) => r.particles.push(form.to_string()),
                ("inner", true) => r.inner.push(form.to_string()),
                ("honorific", true) => r.honorifics.push(form.to_string()),
                ("word", false) => r.words.push((form.to_string(), canon.to_string())),
                ("prefix", false) => r.prefixes.push((form.to_string(), canon.to_string())),
                ("suffix", false) => r.suffixes.push((form.to_string(), canon.to_string())),
                _ => bad.push((
                    i + 1,
                    format!("unknown rule `{}` (particle, inner, honorific: one word; word, prefix, suffix: a word and its one spelling)", cols.join("\t")),
                )),
            }
        }
        let firsts = r.particles.iter().chain(&r.inner).chain(&r.honorifics);
        let firsts = firsts.chain(r.words.iter().chain(&r.prefixes).map(|(f, _)| f));
        for f in firsts {
            add_byte(&mut r.starts, f.bytes().next());
        }
        for (f, _) in &r.suffixes {
            add_byte(&mut r.ends, f.bytes().next_back());
        }
        for v in [&mut r.prefixes, &mut r.suffixes] {
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        }
        (r, bad)
    }

    /// The shipped table.
    pub fn shipped() -> &'static NameRules {
        static SHIPPED: OnceLock<NameRules> = OnceLock::new();
        SHIPPED.get_or_init(|| NameRules::parse(NAME_VARIANTS).0)
    }

    /// True when two spellings of a given name (each `(folded spelling, phonetic form)`) have
    /// as many consonants, one of which is another letter that is not in one of its
    /// `consonants` classes and not a swap of two neighbours: `amir` / `amin`, `nasser` /
    /// `yasser`, `jalal` / `jamal`, `saleh` / `salem` (while `qasim` / `gasim`, or vowel
    /// changes, are not). The consonants are the phonetic form's, with the final `h` it drops
    /// after a vowel. Non-ASCII forms never are.
    pub fn consonant_change(&self, a: (&str, &str), b: (&str, &str)) -> bool {
        const MAX: usize = 32;
        let take = |(spelled, p): (&str, &str), out: &mut [u8; MAX]| -> Option<usize> {
            let mut n = 0;
            let silent_h = spelled.ends_with("ah") || spelled.ends_with("eh");
            let extra = (silent_h && !p.ends_with('h')).then_some(b'h');
            let cons = p
                .bytes()
                .filter(|c| !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u'));
            for c in cons.chain(extra) {
                if !c.is_ascii_lowercase() || n == MAX {
                    return None;
                }
                out[n] = c;
                n += 1;
            }
            Some(n)
        };
        let (mut x, mut y) = ([0u8; MAX], [0u8; MAX]);
        let (Some(nx), Some(ny)) = (take(a, &mut x), take(b, &mut y)) else {
            return false;
        };
        if nx != ny {
            return false;
        }
        let same =
            |p: u8, q: u8| p == q || self.consonants[(p - b'a') as usize] & (1 << (q - b'a')) != 0;
        let mut k = 0;
        while k < nx {
            if same(x[k], y[k]) {
                k += 1;
            } else if k + 1 < nx && same(x[k], y[k + 1]) && same(x[k + 1], y[k]) {
                k += 2;
            } else {
                return true;
            }
        }
        false
    }

    /// True for a particle dropped wherever it stands (`al`).
    pub fn is_particle(&self, w: &str) -> bool {
        has_byte(&self.starts, w.bytes().next()) && self.particles.iter().any(|p| p == w)
    }

    /// The core tokens of a person's folded words: particles, inner particles and a leading
    /// honorific dropped, each word rewritten to its one spelling. Empty when every word is a
    /// particle.
    pub fn person_tokens(&self, all: &[&str]) -> Vec<String> {
        let last = all.len().saturating_sub(1);
        let kept = |&(k, w): &(usize, &&str)| {
            if !has_byte(&self.starts, w.bytes().next()) {
                return true;
            }
            let inner = k > 0 && k < last && self.inner.iter().any(|p| p == *w);
            !self.is_particle(w) && !inner
        };
        let count = all.iter().enumerate().filter(kept).count();
        let first = all.iter().enumerate().find(kept).map(|(_, w)| *w);
        let honorific = count >= 3
            && first.is_some_and(|f| {
                has_byte(&self.starts, f.bytes().next()) && self.honorifics.iter().any(|h| h == f)
            });
        all.iter()
            .enumerate()
            .filter(kept)
            .skip(usize::from(honorific))
            .map(|(_, w)| self.rewrite(w))
            .collect()
    }

    /// One word's one spelling: a whole-word rule, else a word start, then a word end.
    pub fn rewrite(&self, w: &str) -> String {
        let start = has_byte(&self.starts, w.bytes().next());
        if start {
            if let Some((_, c)) = self.words.iter().find(|(f, _)| f == w) {
                return c.clone();
            }
        }
        let prefix = self
            .prefixes
            .iter()
            .filter(|_| start)
            .find(|(p, _)| w.starts_with(p.as_str()));
        let mut out = match prefix {
            Some((p, c)) => format!("{c}{}", &w[p.len()..]),
            None => w.to_string(),
        };
        if has_byte(&self.ends, out.bytes().next_back()) {
            if let Some((p, c)) = self
                .suffixes
                .iter()
                .find(|(p, _)| out.ends_with(p.as_str()))
            {
                out = format!("{}{c}", &out[..out.len() - p.len()]);
            }
        }
        out
    }
}

/// What resolution knows about one spelling.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// Folded surface (`crate::text::fold`).
    pub folded: String,
    /// Core tokens (folded; for people rewritten by the variant table, particles dropped).
    pub tokens: Vec<String>,
    /// Phonetic form of each core token.
    pub phon: Vec<String>,
    /// Core tokens concatenated (`abolghassem`).
    pub concat: String,
    /// Phonetic form of the concatenation.
    pub concat_phon: String,
    /// The numbers in the name, in order (`badr 1` → `1`; empty for most names): names whose
    /// numbers differ are never one (`Penal Colony No. 4` / `No. 24`).
    pub numbers: String,
}

impl Features {
    /// The features of a spelling, with the shipped variant table ([`NameRules::shipped`]).
    pub fn new(etype: EntityType, surface: &str) -> Features {
        Features::with_rules(etype, surface, NameRules::shipped())
    }

    /// The features of a spelling, people's names rewritten by `rules`.
    pub fn with_rules(etype: EntityType, surface: &str, rules: &NameRules) -> Features {
        let folded = crate::text::fold(surface);
        let all: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
        let mut tokens: Vec<String> = if etype == EntityType::Person {
            rules.person_tokens(&all)
        } else {
            Vec::new()
        };
        if tokens.is_empty() {
            tokens = all.iter().map(|t| t.to_string()).collect();
        }
        let phon = tokens.iter().map(|t| phonetic(t)).collect();
        let concat: String = tokens.concat();
        let concat_phon = phonetic(&concat);
        let numbers = numbers_of(&folded);
        Features {
            folded,
            tokens,
            phon,
            concat,
            concat_phon,
            numbers,
        }
    }

    /// The folded words concatenated, for people without their particles but not otherwise
    /// rewritten: two spellings with the same `spelled` are written the same, while the same
    /// [`Features::concat`] may come from the variant table (`Abdel Aziz` / `Abdulaziz`).
    pub fn spelled(&self, etype: EntityType) -> String {
        let rules = NameRules::shipped();
        let all = self.folded.split(' ').filter(|t| !t.is_empty());
        let core: String = all
            .clone()
            .filter(|t| etype != EntityType::Person || !rules.is_particle(t))
            .collect();
        if core.is_empty() {
            all.collect()
        } else {
            core
        }
    }

    /// The last core token (a person's surname).
    pub fn last(&self) -> &str {
        self.tokens.last().map(|s| s.as_str()).unwrap_or("")
    }
}

/// The runs of digits of a folded name, separated by spaces (no allocation without digits).
fn numbers_of(folded: &str) -> String {
    let mut out = String::new();
    if !folded.bytes().any(|c| c.is_ascii_digit()) {
        return out;
    }
    let mut prev = false;
    for c in folded.chars() {
        let d = c.is_ascii_digit();
        if d {
            if !prev && !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
        }
        prev = d;
    }
    out
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Phonetic form of a folded token. Rules, applied left to right:
/// `tch`→`ch`, `dj`→`j`, `kh`→`h`, `gh`/`q`→`q`, `dh`→`z`, `th`→`t`, `ph`→`f`, `w`→`v`;
/// vowels: `o`/`u`/`ou`/`oo`→`u`, `e`/`a`→`a`, `i`/`ee`/`ei`/`ey`/`y` (not before a
/// vowel)→`i`; `yy`→`y` (`Ayyub` = `Ayub`); at the end, `h` after `a`/`e` is dropped
/// (`Fatemeh` = `Fatema`, `Karamzadeh` = `Karamzade`) and `ie`→`i` (`Narouie` = `Narouei`);
/// runs of one letter collapse (`ss`→`s`, `aa`→`a`). Non-ASCII letters are kept.
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
            // `yy` is one `y` (the second one decides whether it is a vowel)
            (b'y', b'y') => i += 1,
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
    // a final `h` after `a` / `e`, and the `e` of a final `ie`, are silent: each was written
    // alone as the last letter (no letter pair starts with `a`, `e` or `i`)
    if let [.., x, y] = b {
        if (*y == b'h' && matches!(x, b'a' | b'e')) || (*x == b'i' && *y == b'e') {
            out.pop();
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
///   transliteration changes, split and joined compounds), and, when it differs, the skeleton
///   of the plain folded letters (catches what the phonetic mapping splits, such as a
///   transposition across `gh`: `ghasem` → `qsm` and `ghsm`, `gahsem` → `ghsm`; under a
///   prefix of its own, as it first was, it met only other plain skeletons);
/// - `t:` sorted phonetic tokens (catches reordered names);
/// - `a:` the skeleton's letters sorted (catches a transposition of two consonants);
/// - `f:` skeleton of the first token + the first two consonants of the rest, and `l:` the first
///   letter of the first token + the skeleton of the rest (catch a consonant change in one
///   part that breaks the skeleton);
/// - `m:` skeletons of the first and last tokens (meets a name with an extra middle name);
/// - `g:` for names of two tokens or more, the skeleton with `q` written `g` (`Qasimov` /
///   `Gasimov`, and a transposition across `gh`);
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
        emit(key, &mut visit, &["s:", raw]);
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
        // the skeleton with `q` written `g`: `Elnur Qasimov` meets `Elnur Gasimov`
        if sk.contains(['q', 'g']) {
            key.clear();
            key.push_str("g:");
            key.extend(sk.chars().map(|c| if c == 'q' { 'g' } else { c }));
            visit(key.as_str());
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
            keys.push(format!("s:{raw}"));
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
            if sk.contains('q') || sk.contains('g') {
                keys.push(format!("g:{}", sk.replace('q', "g")));
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
    fn genre_variants_meet() {
        let p = |s: &str| phonetic(s);
        assert_eq!(p("masoumeh"), p("masuma"));
        assert_eq!(p("ghorbanzadeh"), p("ghorbanzade"));
        assert_eq!(p("shahrouie"), p("shahrouei"));
        assert_eq!(p("ayyub"), p("ayoub"));
        assert_eq!(p("fatemeh"), "fatama");
        // only at the end: a medial `eh` keeps its `h`
        assert_eq!(p("behnam"), "bahnam");
        // `q` and `g` meet in one blocking key of names of two words or more, and stay apart
        // for the scorer
        let g = |s: &str| {
            blocking_keys(&Features::new(EntityType::Person, s))
                .into_iter()
                .filter(|k| k.starts_with("g:"))
                .collect::<Vec<_>>()
        };
        assert_eq!(g("Elnur Qasimov"), g("Elnur Gasimov"));
        assert_eq!(g("Elnur Qasimov"), vec!["g:lnrgsmv"]);
        assert!(g("Maghreb").is_empty());
        assert_ne!(p("qasimov"), p("gasimov"));
    }

    #[test]
    fn variant_table_rewrites_people_words() {
        let toks = |s: &str| Features::new(EntityType::Person, s).tokens;
        assert_eq!(toks("Sayyid Jaafar al-Musawi"), vec!["jaafar", "musawi"]);
        assert_eq!(toks("Seyed Jaafar Musawi"), toks("Jaafar al-Musawi"));
        // an honorific stays when only one word would be left, and as a family name
        assert_eq!(toks("Sayed Darwish"), vec!["sayed", "darwish"]);
        assert_eq!(toks("السيد جعفر الموسوي"), vec!["جعفر", "الموسوي"]);
        assert_eq!(toks("Karim al-Sayyid"), vec!["karim", "sayed"]);
        // sun-letter particles go between words only
        assert_eq!(toks("Salah ad-Din Bitar"), vec!["salah", "din", "bitar"]);
        assert_eq!(toks("Ed Hallam"), vec!["ed", "hallam"]);
        // Abd al- and al-Din, joined or apart
        assert_eq!(toks("Abd al-Karim Qasim"), vec!["abdul", "karim", "qasim"]);
        assert_eq!(toks("Abdelkarim Qasim"), vec!["abdulkarim", "qasim"]);
        assert_eq!(toks("Nour Eldin Zaki"), toks("Nour el-Din Zaki"));
        assert_eq!(toks("Nureddin Zaki"), vec!["nurdin", "zaki"]);
        assert_eq!(
            toks("Parisa Mousavi Nezhad"),
            vec!["parisa", "mousavi", "nejad"]
        );
        // other types are not rewritten
        let o = Features::new(EntityType::Organization, "Sayed Foundation al-Din");
        assert_eq!(o.tokens, vec!["sayed", "foundation", "al", "din"]);
        // `spelled` keeps what the table rewrote, not the particles
        let (a, b) = (
            Features::new(EntityType::Person, "Abdel Karim Qasim"),
            Features::new(EntityType::Person, "Abdul-Karim al-Qasim"),
        );
        assert_eq!(a.concat, b.concat);
        assert_ne!(a.spelled(EntityType::Person), b.spelled(EntityType::Person));
        assert_eq!(
            Features::new(EntityType::Person, "Bashar al-Assad").spelled(EntityType::Person),
            "basharassad"
        );
    }

    #[test]
    fn variant_table_parses_and_reports() {
        let text = "# c\nparticle\tvan\nhonorific\tSheikh\nword\tMuhamad\tmuhammad\nprefix\tabu\n\
                    suffix\tpour\tpur\nparticle\tbin laden\nnonsense\tx\ty\n";
        let (r, bad) = NameRules::parse(text);
        assert_eq!(bad.iter().map(|b| b.0).collect::<Vec<_>>(), vec![5, 7, 8]);
        assert!(r.is_particle("van"));
        assert_eq!(r.rewrite("muhamad"), "muhammad");
        assert_eq!(r.rewrite("karimpour"), "karimpur");
        assert_eq!(
            r.person_tokens(&["sheikh", "ali", "van", "dijk"]),
            vec!["ali", "dijk"]
        );
        assert_eq!(r.person_tokens(&["sheikh", "ali"]), vec!["sheikh", "ali"]);
        assert!(NameRules::parse(NAME_VARIANTS).1.is_empty());
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

    #[test]
    fn numbers_are_kept_apart() {
        let n = |s: &str| Features::new(EntityType::Prison, s).numbers;
        assert_eq!(n("Penal Colony No. 24"), "24");
        assert_eq!(n("Ward 2, Hall 10"), "2 10");
        assert_eq!(n("Evin Prison"), "");
        assert_eq!(n("Istanbul 14th High Criminal Court"), "14");
    }
}
