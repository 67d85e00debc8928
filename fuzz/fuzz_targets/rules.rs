//! Any text through the date rules, the extraction rules and the letter/event frames with the
//! shipped rule lists and a small gazetteer: spans stay inside the text on character
//! boundaries, mentions are sorted and do not overlap, and nothing panics.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use entigraph::gazetteer::{parse_tsv, Gazetteer, RuleData};
use entigraph::EntityType;
use libfuzzer_sys::fuzz_target;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let mut d = Vec::new();
        let mut entries = parse_tsv(
            Path::new("people.tsv"),
            "id\tname\taliases\nali-khamenei\tAli Khamenei\tKhamenei\nmaryam-rajavi\tMaryam Rajavi\t\n",
            EntityType::Person,
            &mut d,
        );
        entries.extend(parse_tsv(
            Path::new("prisons.tsv"),
            "id\tname\taliases\tcity\tcountry\nevin-prison\tEvin Prison\tEvin\ttehran\tiran\n",
            EntityType::Prison,
            &mut d,
        ));
        entries.extend(parse_tsv(
            Path::new("cities.tsv"),
            "id\tname\taliases\tcountry\tpopulation\tambiguous\ntehran\tTehran\t\tiran\t1\t\nparis\tParis\t\tfrance\t1\t\n",
            EntityType::City,
            &mut d,
        ));
        entries.extend(parse_tsv(
            Path::new("organizations.tsv"),
            "id\tname\taliases\tacronym\tkind\nun\tUnited Nations\t\tUN\tun\n",
            EntityType::Organization,
            &mut d,
        ));
        Gazetteer::from_entries(entries, RuleData::shipped(), PathBuf::new(), &mut d)
    })
}

fn span_ok(text: &str, s: usize, e: usize) {
    assert!(s <= e && e <= text.len(), "span {s}..{e} of {}", text.len());
    assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let gaz = gazetteer();
    for d in entigraph::dates::find_dates(&text, &gaz.rules) {
        span_ok(&text, d.start, d.end);
        let _ = d.date.iso();
    }
    let ex = entigraph::extract::extract(&text, gaz);
    let mut last_end = 0;
    for m in &ex.mentions {
        span_ok(&text, m.start, m.end);
        assert!(m.start >= last_end, "mentions overlap");
        last_end = m.end;
        assert_eq!(&text[m.start..m.end], m.surface);
    }
    for b in &ex.blocks {
        span_ok(&text, b.start, b.end);
        assert!(b.signers.iter().all(|&i| i < ex.mentions.len()));
    }
    let _ = entigraph::structure::frames(&text, &ex, gaz);
});
