//! The line `entigraph extract` writes for each mention: one JSON object, its strings escaped by
//! serde_json.

use super::Mention;
use crate::gazetteer::Gazetteer;

/// Appends to `out` the JSON line (with its `\n`) that `entigraph extract` writes for the
/// mention `m`: `{"document":…,"start":…,"end":…,"text":…,"entity_type":…,"entity":…,"rule":…}`,
/// `entity` being the gazetteer id or `null`. `document` is the document id already written as
/// a JSON string ([`json_string`]), once for all the mentions of a document. Every string is
/// escaped by serde_json; only the keys are written as they are.
pub fn mention_json(out: &mut Vec<u8>, document: &[u8], m: &Mention, gaz: &Gazetteer) {
    let mut num = itoa::Buffer::new();
    out.extend_from_slice(b"{\"document\":");
    out.extend_from_slice(document);
    out.extend_from_slice(b",\"start\":");
    out.extend_from_slice(num.format(m.start).as_bytes());
    out.extend_from_slice(b",\"end\":");
    out.extend_from_slice(num.format(m.end).as_bytes());
    out.extend_from_slice(b",\"text\":");
    json_string(out, &m.surface);
    out.extend_from_slice(b",\"entity_type\":");
    json_string(out, m.etype.as_str());
    out.extend_from_slice(b",\"entity\":");
    match m.entry {
        Some(e) => serde::Serializer::collect_str(
            &mut serde_json::Serializer::new(&mut *out),
            &gaz.entries[e as usize].node_id_display(),
        )
        .expect("writing to a Vec does not fail"),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"rule\":");
    json_string(out, m.rule.as_str());
    out.extend_from_slice(b"}\n");
}

/// Appends `s` to `out` as a JSON string, escaped by serde_json.
pub fn json_string(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(out, s).expect("writing to a Vec does not fail");
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::extract::{self, Rule};
    use crate::types::EntityType;

    /// The record `entigraph extract` wrote before [`mention_json`], by serde's derive.
    #[derive(serde::Serialize)]
    struct Derived<'a> {
        document: &'a str,
        start: usize,
        end: usize,
        text: &'a str,
        entity_type: &'static str,
        entity: Option<String>,
        rule: &'static str,
    }

    #[test]
    fn mention_json_is_the_derived_record() {
        let entry = crate::gazetteer::Entry {
            id: "g\"7\u{2028}é".into(),
            etype: EntityType::Organization,
            name: "Ali".into(),
            aliases: Vec::new(),
            attrs: BTreeMap::new(),
            file: Default::default(),
            line: 1,
        };
        let gaz = Gazetteer::with_entries(vec![entry]);
        let doc = "d\"o\\c\n\u{1}é";
        let mut document = Vec::new();
        json_string(&mut document, doc);
        let cases = [
            ("Ali", Some(0)),
            ("“Ali” \"x\"\t\u{7f}\u{0}", None),
            ("", None),
        ];
        for (surface, entry) in cases {
            let m = extract::Mention {
                start: 3,
                end: 123456,
                surface: surface.to_string(),
                etype: EntityType::Person,
                entry,
                rule: Rule::Surname,
            };
            let mut want = serde_json::to_vec(&Derived {
                document: doc,
                start: m.start,
                end: m.end,
                text: &m.surface,
                entity_type: m.etype.as_str(),
                entity: entry.map(|e| gaz.entries[e as usize].node_id()),
                rule: m.rule.as_str(),
            })
            .unwrap();
            want.push(b'\n');
            let mut got = Vec::new();
            mention_json(&mut got, &document, &m, &gaz);
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }
}
