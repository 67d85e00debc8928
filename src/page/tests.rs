use super::texts::{first_quote, marked_sentence, Marked};
use super::*;

#[test]
fn embedded_json_cannot_close_the_script() {
    let hostile = "</script><script>alert(1)</script>&amp;\u{2028}\u{2029}";
    let json = script_safe_json(&vec![hostile]).unwrap();
    assert_eq!(
        json,
        r#"["\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e\u0026amp;\u2028\u2029"]"#
    );
    // The same value once parsed.
    let back: Vec<String> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, vec![hostile.to_string()]);
}

#[test]
fn a_sentence_with_the_name_marked() {
    let text = "First one. Then Saeid Masouri wrote from prison, again.\nNext.";
    let start = text.find("Saeid").unwrap();
    let m = marked_sentence(text, start, start + "Saeid Masouri".len()).unwrap();
    assert_eq!(
        m,
        Marked {
            before: "Then ".into(),
            name: "Saeid Masouri".into(),
            after: " wrote from prison, again.".into(),
        }
    );
    // Out of range or inside a character: nothing.
    assert_eq!(marked_sentence(text, 3, 400), None);
    assert_eq!(marked_sentence("é", 1, 2), None);
}

#[test]
fn long_sentences_are_cut_around_the_name() {
    let before = "a ".repeat(200);
    let text = format!("{before}Name{}", " b".repeat(200));
    let start = before.len();
    let m = marked_sentence(&text, start, start + 4).unwrap();
    assert!(m.before.starts_with('…') && m.before.chars().count() <= texts::CONTEXT_CHARS + 1);
    assert!(m.after.ends_with('…') && m.after.chars().count() <= texts::CONTEXT_CHARS + 1);
}

#[test]
fn quotes_are_read_from_the_letter_attribute() {
    let mut attrs = std::collections::BTreeMap::new();
    attrs.insert(
        "quotes".to_string(),
        crate::graph::AttrValue::List(vec!["a:b.txt:12-40".into(), "c.txt:1-2".into()]),
    );
    assert_eq!(first_quote(&attrs), Some(("a:b.txt", 12, 40)));
}
