//! The rules' word lists (`gazetteer/rules/`): titles, heads of prison and organization names,
//! trigger phrases, month and weekday names, name lexicons. Shipped with the binary and
//! replaced file by file from a gazetteer folder's `rules/`.

use super::*;

/// The word lists the rules use, read from `rules/` next to the gazetteer. When that folder is
/// missing, the lists shipped with entigraph (`gazetteer/rules/` of the repository, embedded at
/// build time) are used, so a gazetteer of one's own needs only the TSV files.
#[derive(Clone, Debug, Default)]
pub struct RuleData {
    /// Person titles (`mr`, `mrs`, `dr`, `president`), folded, without the dot.
    pub titles: WordSet,
    /// Words that end a name after a title (`general`, `coordinator`, `minister`).
    pub role_words: WordSet,
    /// Capitalised words that are never part of a name (`the`, `political`, month names).
    pub name_stopwords: WordSet,
    /// Head nouns of organization names (`council`, `coalition`, `army`, `movement`).
    pub org_heads: WordSet,
    /// Lower-case words allowed at the end of an organization name (`trade`, `unions`).
    pub org_tail_words: WordSet,
    /// Words naming a prison (`prison`, `penitentiary`, `jail`).
    pub prison_words: WordSet,
    /// Heads of prison names of more than one word (`penal colony`, `detention centre`), folded,
    /// by their last word; longest first.
    pub prison_heads: WordMap<Vec<String>>,
    /// Words that, with a number after them, name a part or a reference (`branch`, `ward`,
    /// `article`): never part of an organization's or a prison's name.
    pub unit_words: WordSet,
    /// Organization heads written in lower case after a capitalised name (`movement`).
    pub org_lower_heads: WordSet,
    /// Offices a person holds, written after the organization that gives them (`special
    /// rapporteur`, `experts`), folded, longest first.
    pub office_words: Vec<String>,
    /// Name particles written in lower case (`al`, `el`, `bin`, `van`, `de`).
    pub particles: WordSet,
    /// Phrases of an affiliation line under a signature (`political prisoners`), folded.
    pub affiliations: Vec<String>,
    /// Phrases that open a list of signers (`signed by`), folded.
    pub signature_openers: Vec<String>,
    /// Words of the rule `signature_block` with their kind (`signing`, `names`, `document`,
    /// `list_verb`, `partial`, `place`, `connector`, `to_document`, `among`, `boundary`,
    /// `date_lead`), folded.
    pub signature_words: WordMap<String>,
    /// Letter trigger phrases (folded) and their role.
    pub letter_triggers: Vec<(String, String)>,
    /// Event trigger phrases (folded) and the event kind.
    pub event_triggers: Vec<(String, String)>,
    /// Month names and abbreviations (folded) → month number.
    pub months: WordMap<u32>,
    /// Weekday names (folded) → 0 = Monday.
    pub weekdays: WordMap<u32>,
    /// Month names and era markers of the Solar Hijri and the Hijri calendars.
    pub calendar_names: crate::dates::CalendarNames,
    /// Words before an article's own date on its line (`posted on`, `published`), folded.
    pub dateline_leads: Vec<String>,
    /// Words before an organization cited as a source (`according to`, `documented by`), folded.
    pub source_cues: Vec<String>,
    /// Words before an ambiguous city name that make it a place (`in`, `from`, `near`).
    pub place_context: WordSet,
    /// Capitalised words that join a city's name when written before it (`East`, `Old`).
    pub place_prefixes: WordSet,
    /// Given names (folded, one word each): a capitalised run starting with one is a person.
    pub given_names: WordSet,
    /// Pieces that compound given names are made of (`abdol` + `hamid`, `habib` + `ollah`).
    pub given_prefixes: Vec<String>,
    pub given_suffixes: Vec<String>,
    /// Bit `b` set when a prefix starts (a suffix ends) with byte `b`: most words are told
    /// apart from every compound by one byte.
    given_prefix_first: [u64; 4],
    given_suffix_last: [u64; 4],
    /// Words that start a person's name before the given name (`sayed`, `haji`).
    pub honorifics: WordSet,
    /// Endings of surnames (`zadeh`, `pour`, `nejad`), longest first.
    pub surname_endings: Vec<String>,
    /// Nouns that introduce a person's name after them (`lawyer`, `wife`, `activist`).
    pub person_cues: WordSet,
    /// Verbs by which a letter's writers, named as members of a group, speak in it (`say`,
    /// `wrote`, `demanded`).
    pub writer_verbs: WordSet,
    /// What names a letter after a person's possessive (`letter`, `open letter`).
    pub possessive_letters: WordSet,
    /// Words that tell a person is held (`prisoner`, `jailed`, `held`).
    pub captivity_words: WordSet,
    /// How a letter's text speaks of itself (`this letter`, `our statement`).
    pub letter_self_refs: WordSet,
    /// Small words a headline capitalises (`to`, `of`, `after`): they tell a title-case line.
    pub headline_words: WordSet,
    /// Words for peoples, languages and faiths (`persian`, `baluch`): never a place's name.
    pub demonyms: WordSet,
    /// Nouns that name a letter or a statement (`letter`, `appeal`, `declaration`), as a set
    /// and as a list (in the phrase automaton).
    pub letter_nouns: WordSet,
    pub letter_noun_list: Vec<String>,
    /// One automaton per phrase list, built on first use (the lists are final by then).
    phrase_index: std::sync::OnceLock<std::sync::Arc<PhraseIndexes>>,
}

/// One automaton over the phrase lists of [`RuleData`] (signature openers, then letter
/// triggers, then event triggers), so that a document is scanned for all of them in one pass.
#[derive(Clone, Debug)]
pub struct PhraseIndexes {
    index: crate::text::PhraseIndex,
    /// Number of signature openers, letter triggers and event triggers (where the lists start
    /// in `index`; the letter nouns come last).
    openers: usize,
    letters: usize,
    events: usize,
}

/// Where the phrases of the rule lists occur in one folded text: for each list, what
/// [`crate::text::PhraseIndex::hits`] gives for that list alone (`(phrase index, start)`,
/// sorted). Word bounds are not checked.
#[derive(Clone, Debug, Default)]
pub struct PhraseHits {
    pub signature_openers: Vec<(usize, usize)>,
    pub letter_triggers: Vec<(usize, usize)>,
    pub event_triggers: Vec<(usize, usize)>,
    /// Indices into [`RuleData::letter_noun_list`].
    pub letter_nouns: Vec<(usize, usize)>,
}

impl PhraseIndexes {
    /// The phrase hits of the folded text `hay`, list by list.
    pub fn hits(&self, hay: &str) -> PhraseHits {
        let mut out = PhraseHits::default();
        let (a, b) = (self.openers, self.openers + self.letters);
        let c = b + self.events;
        // Sorted by phrase index, so each list's hits stay sorted.
        for (k, s) in self.index.hits(hay) {
            if k < a {
                out.signature_openers.push((k, s));
            } else if k < b {
                out.letter_triggers.push((k - a, s));
            } else if k < c {
                out.event_triggers.push((k - b, s));
            } else {
                out.letter_nouns.push((k - c, s));
            }
        }
        out
    }
}

/// The shipped rule files, embedded so that a gazetteer without `rules/` still works.
const DEFAULT_RULES: &[(&str, &str)] = &[
    (
        "titles.txt",
        include_str!("../../gazetteer/rules/titles.txt"),
    ),
    (
        "role_words.txt",
        include_str!("../../gazetteer/rules/role_words.txt"),
    ),
    (
        "name_stopwords.txt",
        include_str!("../../gazetteer/rules/name_stopwords.txt"),
    ),
    (
        "org_heads.txt",
        include_str!("../../gazetteer/rules/org_heads.txt"),
    ),
    (
        "org_tail_words.txt",
        include_str!("../../gazetteer/rules/org_tail_words.txt"),
    ),
    (
        "prison_words.txt",
        include_str!("../../gazetteer/rules/prison_words.txt"),
    ),
    (
        "prison_heads.txt",
        include_str!("../../gazetteer/rules/prison_heads.txt"),
    ),
    (
        "unit_words.txt",
        include_str!("../../gazetteer/rules/unit_words.txt"),
    ),
    (
        "org_lower_heads.txt",
        include_str!("../../gazetteer/rules/org_lower_heads.txt"),
    ),
    (
        "office_words.txt",
        include_str!("../../gazetteer/rules/office_words.txt"),
    ),
    (
        "particles.txt",
        include_str!("../../gazetteer/rules/particles.txt"),
    ),
    (
        "affiliations.txt",
        include_str!("../../gazetteer/rules/affiliations.txt"),
    ),
    (
        "signature_openers.txt",
        include_str!("../../gazetteer/rules/signature_openers.txt"),
    ),
    (
        "signature_words.tsv",
        include_str!("../../gazetteer/rules/signature_words.tsv"),
    ),
    (
        "letter_triggers.tsv",
        include_str!("../../gazetteer/rules/letter_triggers.tsv"),
    ),
    (
        "event_triggers.tsv",
        include_str!("../../gazetteer/rules/event_triggers.tsv"),
    ),
    (
        "months.tsv",
        include_str!("../../gazetteer/rules/months.tsv"),
    ),
    (
        "weekdays.tsv",
        include_str!("../../gazetteer/rules/weekdays.tsv"),
    ),
    (
        "months_solar_hijri.tsv",
        include_str!("../../gazetteer/rules/months_solar_hijri.tsv"),
    ),
    (
        "months_hijri.tsv",
        include_str!("../../gazetteer/rules/months_hijri.tsv"),
    ),
    (
        "dateline_leads.txt",
        include_str!("../../gazetteer/rules/dateline_leads.txt"),
    ),
    (
        "source_cues.txt",
        include_str!("../../gazetteer/rules/source_cues.txt"),
    ),
    (
        "place_context.txt",
        include_str!("../../gazetteer/rules/place_context.txt"),
    ),
    (
        "place_prefixes.txt",
        include_str!("../../gazetteer/rules/place_prefixes.txt"),
    ),
    (
        "given_names.txt",
        include_str!("../../gazetteer/rules/given_names.txt"),
    ),
    (
        "given_name_parts.tsv",
        include_str!("../../gazetteer/rules/given_name_parts.tsv"),
    ),
    (
        "name_honorifics.txt",
        include_str!("../../gazetteer/rules/name_honorifics.txt"),
    ),
    (
        "surname_shapes.tsv",
        include_str!("../../gazetteer/rules/surname_shapes.tsv"),
    ),
    (
        "person_cues.txt",
        include_str!("../../gazetteer/rules/person_cues.txt"),
    ),
    (
        "writer_verbs.txt",
        include_str!("../../gazetteer/rules/writer_verbs.txt"),
    ),
    (
        "possessive_letters.txt",
        include_str!("../../gazetteer/rules/possessive_letters.txt"),
    ),
    (
        "captivity_words.txt",
        include_str!("../../gazetteer/rules/captivity_words.txt"),
    ),
    (
        "letter_self_refs.txt",
        include_str!("../../gazetteer/rules/letter_self_refs.txt"),
    ),
    (
        "headline_words.txt",
        include_str!("../../gazetteer/rules/headline_words.txt"),
    ),
    (
        "demonyms.txt",
        include_str!("../../gazetteer/rules/demonyms.txt"),
    ),
    (
        "letter_nouns.txt",
        include_str!("../../gazetteer/rules/letter_nouns.txt"),
    ),
];

impl RuleData {
    /// The compound given-name prefixes that start with byte `b` (most words start none).
    pub fn given_prefixes_of(&self, b: u8) -> impl Iterator<Item = &String> {
        let any = self.given_prefix_first[b as usize / 64] & (1 << (b % 64)) != 0;
        self.given_prefixes
            .iter()
            .take(if any { usize::MAX } else { 0 })
            .filter(move |p| p.as_bytes().first() == Some(&b))
    }

    /// The compound given-name suffixes that end with byte `b`.
    pub fn given_suffixes_of(&self, b: u8) -> impl Iterator<Item = &String> {
        let any = self.given_suffix_last[b as usize / 64] & (1 << (b % 64)) != 0;
        self.given_suffixes
            .iter()
            .take(if any { usize::MAX } else { 0 })
            .filter(move |s| s.as_bytes().last() == Some(&b))
    }

    /// The phrase automata (built once, on first use).
    fn phrase_indexes(&self) -> &PhraseIndexes {
        use crate::text::PhraseIndex;
        self.phrase_index.get_or_init(|| {
            let phrases = self
                .signature_openers
                .iter()
                .map(String::as_str)
                .chain(self.letter_triggers.iter().map(|(p, _)| p.as_str()))
                .chain(self.event_triggers.iter().map(|(p, _)| p.as_str()))
                .chain(self.letter_noun_list.iter().map(String::as_str));
            std::sync::Arc::new(PhraseIndexes {
                index: PhraseIndex::new(phrases),
                openers: self.signature_openers.len(),
                letters: self.letter_triggers.len(),
                events: self.event_triggers.len(),
            })
        })
    }

    /// The phrase hits of a folded text (one pass for every list).
    pub fn phrase_hits(&self, folded: &str) -> PhraseHits {
        self.phrase_indexes().hits(folded)
    }

    /// Loads the rule files of `dir`, falling back file by file to the shipped lists.
    pub fn load(dir: &Path, diags: &mut Vec<Diagnostic>) -> Result<RuleData> {
        let mut r = RuleData::default();
        for (file, default) in DEFAULT_RULES {
            let path = dir.join(file);
            let text = if path.exists() {
                match read_text(&path, diags)? {
                    Some(t) => t,
                    None => default.to_string(),
                }
            } else {
                default.to_string()
            };
            r.add_file(file, &path, &text, diags);
        }
        Ok(r)
    }

    /// The shipped lists.
    pub fn shipped() -> RuleData {
        let mut r = RuleData::default();
        for (file, text) in DEFAULT_RULES {
            r.add_file(file, Path::new(file), text, &mut Vec::new());
        }
        r
    }

    fn add_file(&mut self, file: &str, path: &Path, text: &str, diags: &mut Vec<Diagnostic>) {
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let mut parts = line.split('\t');
            let key = fold(parts.next().unwrap_or(""));
            let val = parts.next().map(|v| v.trim().to_string());
            if key.is_empty() {
                continue;
            }
            let key = if file == "titles.txt" {
                key.trim_end_matches('.').to_string()
            } else {
                key
            };
            let added = match self.word_set(file) {
                Some(set) => {
                    set.insert(key, ());
                    Ok(())
                }
                None => self.add_line(file, line, key, val),
            };
            if let Err(msg) = added {
                diags.push(Diagnostic {
                    path: path.display().to_string(),
                    line: Some(i + 1),
                    message: format!("{msg}; line skipped"),
                });
            }
        }
        self.sort_phrase_lists();
    }

    /// The word set a plain word-list file fills (a word or phrase a line).
    fn word_set(&mut self, file: &str) -> Option<&mut WordSet> {
        Some(match file {
            "titles.txt" => &mut self.titles,
            "role_words.txt" => &mut self.role_words,
            "name_stopwords.txt" => &mut self.name_stopwords,
            "org_heads.txt" => &mut self.org_heads,
            "org_tail_words.txt" => &mut self.org_tail_words,
            "prison_words.txt" => &mut self.prison_words,
            "particles.txt" => &mut self.particles,
            "unit_words.txt" => &mut self.unit_words,
            "org_lower_heads.txt" => &mut self.org_lower_heads,
            "place_context.txt" => &mut self.place_context,
            "place_prefixes.txt" => &mut self.place_prefixes,
            "given_names.txt" => &mut self.given_names,
            "name_honorifics.txt" => &mut self.honorifics,
            "person_cues.txt" => &mut self.person_cues,
            "writer_verbs.txt" => &mut self.writer_verbs,
            "possessive_letters.txt" => &mut self.possessive_letters,
            "captivity_words.txt" => &mut self.captivity_words,
            "letter_self_refs.txt" => &mut self.letter_self_refs,
            "headline_words.txt" => &mut self.headline_words,
            "demonyms.txt" => &mut self.demonyms,
            _ => return None,
        })
    }

    /// One line of the other files: `key` is its folded first field, `val` its second; the
    /// problem with the line otherwise.
    fn add_line(
        &mut self,
        file: &str,
        line: &str,
        key: String,
        val: Option<String>,
    ) -> std::result::Result<(), &'static str> {
        match file {
            "prison_heads.txt" => {
                let last = key.rsplit(' ').next().unwrap_or("").to_string();
                let mut phrases = self.prison_heads.get(&last).cloned().unwrap_or_default();
                if !phrases.contains(&key) {
                    phrases.push(key);
                    phrases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
                }
                self.prison_heads.insert(last, phrases);
            }
            "office_words.txt" => self.office_words.push(key),
            "affiliations.txt" => self.affiliations.push(key),
            "signature_openers.txt" => self.signature_openers.push(key),
            "dateline_leads.txt" => self.dateline_leads.push(key),
            "source_cues.txt" => self.source_cues.push(key),
            "surname_shapes.tsv" => self.surname_endings.push(key),
            "letter_nouns.txt" => {
                self.letter_noun_list.push(key.clone());
                self.letter_nouns.insert(key, ());
            }
            "signature_words.tsv" => {
                let v = val
                    .filter(|v| !v.is_empty())
                    .ok_or("expected: word<TAB>kind")?;
                self.signature_words.insert(key, v);
            }
            "given_name_parts.tsv" => self.add_given_part(key, val.as_deref())?,
            "letter_triggers.tsv" | "event_triggers.tsv" => {
                let v = val
                    .filter(|v| !v.is_empty())
                    .ok_or("expected: phrase<TAB>kind")?;
                if file == "letter_triggers.tsv" {
                    self.letter_triggers.push((key, v));
                } else {
                    self.event_triggers.push((key, v));
                }
            }
            "months.tsv" | "weekdays.tsv" => {
                let n = val.and_then(|v| v.parse::<u32>().ok());
                let n = n.ok_or("expected: name<TAB>number")?;
                if file == "months.tsv" {
                    self.months.insert(key, n);
                } else {
                    self.weekdays.insert(key, n);
                }
            }
            "months_solar_hijri.tsv" | "months_hijri.tsv" => {
                use crate::dates::Calendar;
                let cal = if file == "months_hijri.tsv" {
                    Calendar::Hijri
                } else {
                    Calendar::SolarHijri
                };
                let written = line.split('\t').next().unwrap_or("");
                match val.and_then(|v| v.parse::<u32>().ok()) {
                    Some(n) if n <= 12 => self.calendar_names.add(cal, written, n),
                    _ => return Err("expected: name<TAB>number (0 to 12)"),
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A line of `given_name_parts.tsv`: a piece compounds start with, or end with.
    fn add_given_part(
        &mut self,
        key: String,
        kind: Option<&str>,
    ) -> std::result::Result<(), &'static str> {
        match kind {
            Some("prefix") => {
                let b = key.as_bytes()[0];
                self.given_prefix_first[b as usize / 64] |= 1 << (b % 64);
                self.given_prefixes.push(key)
            }
            Some("suffix") => {
                let b = key.as_bytes()[key.len() - 1];
                self.given_suffix_last[b as usize / 64] |= 1 << (b % 64);
                self.given_suffixes.push(key)
            }
            _ => return Err("expected: part<TAB>prefix or suffix"),
        }
        Ok(())
    }

    /// Longest phrases first, so that the most specific trigger wins.
    fn sort_phrase_lists(&mut self) {
        for v in [
            &mut self.affiliations,
            &mut self.signature_openers,
            &mut self.office_words,
            &mut self.surname_endings,
            &mut self.given_prefixes,
            &mut self.given_suffixes,
            &mut self.letter_noun_list,
            &mut self.source_cues,
        ] {
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            v.dedup();
        }
        for v in [&mut self.letter_triggers, &mut self.event_triggers] {
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
            v.dedup();
        }
    }
}
