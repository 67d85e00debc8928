//! Issue 8, hostile text: markup, quotes, XML-illegal control characters, right-to-left marks,
//! zero-width joiners, combining marks, emoji, Persian and Arabic script, spreadsheet formulas.
//!
//! - The hostile corpus and gazetteer of `tests/data/hostile/` are built with the CLI; every XML
//!   export must parse with quick-xml, every JSON export with serde_json, and no spreadsheet CSV
//!   cell may start with `=`, `+`, `-`, `@` (or tab / CR) unless it is a plain number.
//! - Property tests put arbitrary strings into labels, surfaces and document ids and check that
//!   they come back from GraphML / GEXF (minus XML-illegal characters), JSON (exactly) and CSV
//!   (minus control characters, with a `'` before a would-be formula).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use entigraph::export::{write_all, ExportOptions, MentionRow};
use entigraph::graph::{Edge, KnowledgeGraph, Node};
use entigraph::types::{Evidence, Source};
use entigraph::EntityType;
use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;

const SPREADSHEET_CSVS: &[&str] = &["entities.csv", "edges.csv", "letters.csv", "mentions.csv"];

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile")
}

/// Every text and attribute value of an XML file, unescaped; panics unless it is well-formed.
fn xml_strings(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("XML is UTF-8");
    let mut r = Reader::from_str(&text);
    r.config_mut().check_end_names = true;
    let mut out = Vec::new();
    let mut cur = String::new();
    loop {
        let ev = r
            .read_event()
            .unwrap_or_else(|e| panic!("{}: not well-formed: {e}", path.display()));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("{}: bad attribute: {e}", path.display()));
                    out.push(a.unescape_value().unwrap().into_owned());
                }
                out.push(std::mem::take(&mut cur));
            }
            Event::End(_) => {
                out.push(std::mem::take(&mut cur));
            }
            Event::Text(t) => cur.push_str(&t.decode().unwrap()),
            Event::CData(t) => cur.push_str(&t.decode().unwrap()),
            Event::GeneralRef(g) => match g.resolve_char_ref().unwrap() {
                Some(c) => cur.push(c),
                None => cur.push_str(
                    quick_xml::escape::resolve_predefined_entity(&g.decode().unwrap())
                        .unwrap_or_else(|| panic!("{}: unknown entity", path.display())),
                ),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    for s in &out {
        if let Some(c) = s.chars().find(|&c| xml_illegal(c)) {
            panic!("{}: XML-illegal character {c:?} in {s:?}", path.display());
        }
    }
    out
}

fn xml_illegal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// True for a cell a spreadsheet would not run: it does not start with a formula character,
/// or it is a plain number (`-3`, `+1.5e3`).
fn formula_safe(cell: &str) -> bool {
    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || plain_number(cell)
}

/// A number a spreadsheet reads as such and that is left unquoted: an optional minus, digits,
/// an optional fraction and exponent. A leading `+` is always quoted (`+1` would be evaluated).
fn plain_number(s: &str) -> bool {
    static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\A-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\z").unwrap()
    });
    NUMBER.is_match(s)
}

/// Every cell of a CSV file (header included); panics unless the csv crate reads it.
fn csv_cells(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|rec| {
            rec.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn hostile_corpus_exports_are_valid_and_formula_safe() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let h = hostile_dir();
    let o = Command::new(env!("CARGO_BIN_EXE_entigraph"))
        .arg("build")
        .arg(h.join("corpus"))
        .arg("--gazetteer")
        .arg(h.join("gazetteer"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");

    let mut all_xml = Vec::new();
    for f in ["graph.graphml", "cosigners.graphml", "graph.gexf"] {
        all_xml.extend(xml_strings(&out.join(f)));
    }
    // Persian surfaces, a name with a zero-width joiner, markup in an alias and the hostile
    // document ids survive (escaped, not stripped).
    for want in [
        "زندان اوین",
        "نرگس محمدی",
        "Narges\u{200d}Mohammadi",
        "Zoë Çelik",
        "<Khamenei & \"Co\">",
        "<script>alert(\"&\")</script>",
    ] {
        assert!(
            all_xml.iter().any(|s| s.contains(want)),
            "{want:?} missing from the XML exports"
        );
    }
    for f in ["graph.json", "cosigners.json"] {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(f)).unwrap()).expect("valid JSON");
        assert!(v["nodes"].as_array().is_some_and(|n| !n.is_empty()) || f != "graph.json");
    }
    for f in SPREADSHEET_CSVS {
        let cells = csv_cells(&out.join(f));
        assert!(cells.len() > 1, "{f} is empty");
        for row in &cells {
            for c in row {
                assert!(formula_safe(c), "{f}: cell {c:?} would run as a formula");
                assert!(
                    !c.chars()
                        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
                    "{f}: control character in {c:?}"
                );
            }
        }
    }
    // The formula-like document ids are kept, behind a quote.
    let mentions = csv_cells(&out.join("mentions.csv"));
    assert!(
        mentions.iter().any(|r| r[0] == "'=cmd|' /C calc'!A0"),
        "{mentions:?}"
    );
    // The neo4j files are read by neo4j-admin, not spreadsheets: values are kept verbatim, but
    // they still parse.
    for f in ["neo4j_nodes.csv", "neo4j_relationships.csv"] {
        csv_cells(&out.join(f));
    }
}

// ---------------------------------------------------------------- property tests

fn hostile_strings() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Z",
        " ",
        "<",
        ">",
        "&",
        "&amp;",
        "\"",
        "'",
        "=",
        "+",
        "-",
        "@",
        "\t",
        "\r",
        "\n",
        "\r\n",
        "\u{0}",
        "\u{1}",
        "\u{8}",
        "\u{b}",
        "\u{1b}",
        "\u{7f}",
        "\u{85}",
        "\u{fffe}",
        "\u{ffff}",
        "\u{200d}",
        "\u{200f}",
        "\u{202e}",
        "\u{301}",
        "😀",
        "👩‍👩‍👧",
        "نرگس",
        "محمدی",
        "ع",
        ";",
        ",",
        "1",
        "-2",
        "]]>",
        "<!--",
        "?>",
        "\u{feff}",
        "\\",
        "%",
        "{",
        "}",
    ]);
    prop::collection::vec(pieces, 1..12).prop_map(|v| v.concat())
}

fn graph_with(label: &str, doc: &str) -> (KnowledgeGraph, Vec<MentionRow>) {
    let node = |id: &str, label: &str, t: EntityType| Node {
        id: id.into(),
        label: label.into(),
        entity_type: t,
        surfaces: vec![label.into()],
        aliases: vec![label.into()],
        documents: vec![doc.into()],
        mentions: 1,
        source: Source::Gazetteer,
        date: None,
        attrs: BTreeMap::new(),
        evidence: vec![Evidence {
            document: doc.into(),
            start: 0,
            end: 1,
        }],
    };
    let g = KnowledgeGraph::from_parts(
        vec![
            node("person:p", label, EntityType::Person),
            node("prison:q", "Evin Prison", EntityType::Prison),
        ],
        vec![(
            "person:p".into(),
            "prison:q".into(),
            Edge {
                relation: "HELD_IN".into(),
                weight: 1.0,
                letters: vec![],
                date: None,
                evidence: vec![],
            },
        )],
    );
    let rows = vec![MentionRow {
        document: doc.into(),
        start: 0,
        end: label.len(),
        text: label.into(),
        entity: Some("person:p".into()),
        entity_type: "person".into(),
        rule: "gazetteer".into(),
    }];
    (g, rows)
}

/// What a spreadsheet CSV cell holds for `s`: control characters other than tab / LF / CR
/// dropped, and a `'` before a would-be formula.
fn expected_cell(s: &str) -> String {
    let c: String = s
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if c.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number(&c) {
        format!("'{c}")
    } else {
        c
    }
}

/// Cells that look like numbers: only plain ones stay unquoted (`+1` was once found by the
/// property test below, whose oracle then let a leading `+` pass as a number).
#[test]
fn number_like_labels_are_quoted_unless_plain() {
    let cases = [
        ("12", "12"),
        ("-3.5", "-3.5"),
        ("1e-3", "1e-3"),
        ("-2E+4", "-2E+4"),
        ("+1", "'+1"),
        ("-1.", "'-1."),
        ("-.5", "'-.5"),
        ("-1e", "'-1e"),
        ("-", "'-"),
    ];
    for (label, want) in cases {
        assert_eq!(expected_cell(label), want, "oracle for {label:?}");
        let tmp = tempfile::tempdir().unwrap();
        let (g, rows) = graph_with(label, "a.txt");
        write_all(&g, &rows, tmp.path(), &ExportOptions::default()).unwrap();
        let entities = csv_cells(&tmp.path().join("entities.csv"));
        assert!(
            entities.iter().any(|r| r[1] == want),
            "{label:?}: {want:?} not in {entities:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn labels_round_trip_through_every_format(
        label in prop_oneof![hostile_strings(), any::<String>()],
        doc in prop_oneof![hostile_strings(), "[a-z]{1,8}\\.txt"],
    ) {
        // The `;` list separator is written as `,` inside items; keep it out of the comparison.
        let label = label.replace(';', ",");
        let doc = doc.replace(';', ",");
        let tmp = tempfile::tempdir().unwrap();
        let (g, rows) = graph_with(&label, &doc);
        write_all(&g, &rows, tmp.path(), &ExportOptions::default()).unwrap();
        let xml_label: String = label.chars().filter(|&c| !xml_illegal(c)).collect();
        for f in ["graph.graphml", "graph.gexf"] {
            let strings = xml_strings(&tmp.path().join(f));
            // XML parsers normalise CR LF / lone CR in text to LF only when not escaped; the
            // writers escape them, so the label comes back exactly.
            prop_assert!(strings.contains(&xml_label),
                "{}: {:?} not found in {:?}", f, xml_label, strings);
        }
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(tmp.path().join("graph.json")).unwrap()).unwrap();
        let labels: Vec<&str> = v["nodes"].as_array().unwrap().iter()
            .filter_map(|n| n["label"].as_str()).collect();
        prop_assert!(labels.contains(&label.as_str()), "{:?} not in {:?}", label, labels);
        for f in SPREADSHEET_CSVS {
            for row in csv_cells(&tmp.path().join(f)) {
                for c in &row {
                    prop_assert!(formula_safe(c), "{}: {:?}", f, c);
                }
            }
        }
        let entities = csv_cells(&tmp.path().join("entities.csv"));
        let want = expected_cell(&label);
        prop_assert!(entities.iter().any(|r| r[1] == want),
            "label cell {:?} not in {:?}", want, entities);
        let mentions = csv_cells(&tmp.path().join("mentions.csv"));
        prop_assert_eq!(&mentions[1][0], &expected_cell(&doc));
        prop_assert_eq!(&mentions[1][3], &expected_cell(&label));
        let page = std::fs::read_to_string(tmp.path().join("index.html")).unwrap();
        let data = page_data(&page);
        let labels: Vec<&str> = data["entities"].as_array().unwrap().iter()
            .filter_map(|n| n["label"].as_str()).collect();
        prop_assert!(labels.contains(&label.as_str()), "page: {:?} not in {:?}", label, labels);
    }
}

/// The JSON embedded in `index.html`, after checking that no name opened or closed an element:
/// the page has its two scripts and no other, and the data holds no `<`, `>` or `&`.
fn page_data(page: &str) -> serde_json::Value {
    const OPEN: &str = "<script type=\"application/json\" id=\"data\">";
    assert_eq!(page.matches("<script").count(), 2, "scripts of the page");
    assert_eq!(
        page.matches("</script>").count(),
        2,
        "script ends of the page"
    );
    let start = page.find(OPEN).expect("the data element") + OPEN.len();
    let end = start + page[start..].find("</script>").unwrap();
    let json = &page[start..end];
    assert!(
        !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
        "raw markup in the data"
    );
    serde_json::from_str(json).expect("the data is JSON")
}

#[test]
fn hostile_names_are_text_in_the_page() {
    let label = "</script><script>alert(1)</script><img src=x onerror=alert(2)>&amp;\u{2028}";
    let tmp = tempfile::tempdir().unwrap();
    let (g, rows) = graph_with(label, "<b>doc</b>.txt");
    write_all(&g, &rows, tmp.path(), &ExportOptions::default()).unwrap();
    let page = std::fs::read_to_string(tmp.path().join("index.html")).unwrap();
    let data = page_data(&page);
    assert!(data["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["label"] == label));
    assert!(!page.contains("<img"), "a name became markup");
    // Nothing the page could fetch: no URL of any host.
    assert!(!page.contains("http://") && !page.contains("https://") && !page.contains("//cdn"));
}
