use std::sync::Arc;

use proptest::prelude::*;

use super::read::{decode, Decoded};
use super::*;
use crate::extract::Mention;
use crate::page::texts::{Texts, Want};
use crate::structure::Frame;

fn shipped() -> crate::gazetteer::Gazetteer {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteer");
    crate::gazetteer::Gazetteer::load(&dir, &mut Vec::new()).unwrap()
}

#[test]
fn a_record_gives_back_what_the_names_stage_keeps() {
    let gaz = shipped();
    let variants = crate::resolve::VariantIndex::new(&gaz);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let text = std::fs::read_to_string(dir.join("000_4232c81ef7ee5e45.txt")).unwrap();
    let (ex, st) = crate::pipeline::process_document(&text, &gaz, &variants);
    assert!(!ex.mentions.is_empty() && !st.frames.is_empty());
    let line = serde_json::to_vec(&Record::new("a.txt", &text, &ex, &st)).unwrap();
    let Decoded::Doc(id, parts) = decode(&line, gaz.entries.len()) else {
        panic!("not decoded as a document");
    };
    let (back, st_back) = *parts;
    assert_eq!(id, "a.txt");
    assert_eq!(back.mentions, ex.mentions);
    let signers = |e: &DocExtraction| -> Vec<Vec<usize>> {
        e.blocks.iter().map(|b| b.signers.clone()).collect()
    };
    assert_eq!(signers(&back), signers(&ex));
    let runs = |e: &DocExtraction| -> Vec<(usize, String)> {
        e.candidates
            .iter()
            .map(|(s, _, r)| (*s, r.clone()))
            .collect()
    };
    assert_eq!(runs(&back), runs(&ex));
    assert_eq!(back.same, ex.same);
    assert_eq!(st_back, st);
    // The same record against a gazetteer with fewer entries does not hold together.
    assert!(matches!(decode(&line, 3), Decoded::Bad(m) if m.contains("no gazetteer entry")));
}

#[test]
fn records_that_do_not_hold_together_are_refused() {
    let m = |s, e| {
        M(
            s,
            e,
            "Ali Rezai".into(),
            EntityType::Person,
            None,
            Rule::Title,
        )
    };
    let good = Record {
        doc: "d".into(),
        len: 100,
        m: vec![m(0, 9), m(20, 29)],
        b: vec![vec![0, 1]],
        ..Record::default()
    };
    assert!(good.clone().into_parts(0).is_ok());
    let mut bad = good.clone();
    bad.b = vec![vec![0, 2]];
    assert!(bad.into_parts(0).unwrap_err().contains("signature block"));
    let mut bad = good.clone();
    bad.m.push(m(95, 101));
    assert!(bad.into_parts(0).unwrap_err().contains("outside the text"));
    let mut bad = good.clone();
    bad.st.frames.push(Frame {
        signers: vec![5],
        ..Frame::default()
    });
    assert!(bad.into_parts(0).unwrap_err().contains("letter frame"));
    let mut bad = good;
    bad.x = vec![(50, "abc".into()), (10, "abc".into())];
    assert!(bad.into_parts(0).unwrap_err().contains("excerpts"));
}

/// A text of `a`, spaces, `é` and, `dense` in 100 each, full stops and line breaks.
fn text_of(codes: &[u8], dense: u8) -> String {
    codes
        .iter()
        .map(|&v| match v {
            v if v < dense => '.',
            v if v < 2 * dense => '\n',
            v if v < 2 * dense + 12 => ' ',
            v if v < 2 * dense + 17 => 'é',
            _ => 'a',
        })
        .collect()
}

/// The byte span of characters `a..b` (in either order) of `text`.
fn span(text: &str, a: u16, b: u16) -> (usize, usize) {
    let n = text.chars().count();
    let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(i, _)| i);
    let (a, b) = (a as usize % (n + 1), b as usize % (n + 1));
    (byte(a.min(b)), byte(a.max(b)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// The passages cut from a record's excerpts are the ones cut from the whole text: the
    /// sentences around person mentions and around names inside capitalised runs, and quotes.
    #[test]
    fn passages_from_excerpts_equal_passages_from_the_text(
        codes in prop::collection::vec(0u8..100, 0..1500),
        dense in 0u8..6,
        people in prop::collection::vec((any::<u16>(), any::<u16>()), 0..4),
        runs in prop::collection::vec((any::<u16>(), any::<u16>(), any::<u16>(), any::<u16>()), 0..3),
        quotes in prop::collection::vec((any::<u16>(), any::<u16>(), any::<bool>()), 1..4),
    ) {
        let text = text_of(&codes, dense);
        let mut ex = DocExtraction::default();
        let mut wanted = Vec::new();
        for &(a, b) in &people {
            let (s, e) = span(&text, a, b);
            ex.mentions.push(Mention {
                start: s,
                end: e,
                surface: "x".into(),
                etype: EntityType::Person,
                entry: None,
                rule: Rule::Title,
            });
            wanted.push(Want::Sentence(s, e));
        }
        for &(a, b, c, d) in &runs {
            let (s, e) = span(&text, a, b);
            ex.candidates.push((s, e, text[s..e].to_string()));
            // A name propagation may find inside the run.
            let (rs, re) = span(&text[s..e], c, d);
            wanted.push(Want::Sentence(s + rs, s + re));
        }
        let mut st = DocStructure::default();
        for &(a, b, snap) in &quotes {
            let (s, mut e) = span(&text, a, b);
            if snap {
                // Ending just after a line break: the other windows' edges meet blank lines.
                e = text[e..].find('\n').map_or(e, |i| e + i + 1);
            }
            st.frames.push(Frame { quote: Some((s, e)), ..Frame::default() });
            wanted.push(Want::Quote(s, e));
        }
        wanted.sort();
        wanted.dedup();
        let record = Record::new("d", &text, &ex, &st);
        prop_assert!(record.clone().into_parts(0).is_ok());
        let doc: Arc<str> = "d".into();
        let (mut whole, mut parts) = (Texts::default(), Texts::default());
        whole.cut(&doc, &text, &wanted);
        parts.cut_excerpts(&doc, text.len(), &record.x, &wanted);
        prop_assert_eq!(whole.sentences, parts.sentences);
        prop_assert_eq!(whole.quotes, parts.quotes);
    }
}
