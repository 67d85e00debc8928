//! The rule that settles single words the gazetteer knows as a city but the document uses for
//! something else (it runs after overlaps are settled, see [`super::AFTER_SELECTION`]):
//! - a city's name that is also the name of a prison the document names ("Qarchak" in an article
//!   about Qarchak Prison, "moved from Evin to Qarchak") is that prison;
//! - a city's name that is a word of a person's name in the document ("Soma" where "Soma
//!   Karimi" is named), or a given name, is not a city unless a place word comes before it ("in",
//!   "from") or ", Country" after it; the `surname` rule may then take it.

use super::gazetteer_hits::place_context;
use super::names::is_given;
use super::{Context, Mention, Rule};
use crate::text::fold;
use crate::types::EntityType;

pub(super) fn recognise(cx: &Context, mentions: &mut Vec<Mention>) {
    // Most documents have no city of one word to settle.
    let one_word_city = |m: &Mention| {
        m.etype == EntityType::City && m.rule == Rule::Gazetteer && !m.surface.contains(' ')
    };
    if !mentions.iter().any(one_word_city) {
        return;
    }
    let prisons: Vec<(String, Option<u32>)> = mentions
        .iter()
        .filter(|m| m.etype == EntityType::Prison)
        .map(|m| (fold(&m.surface), m.entry))
        .collect();
    let mut name_words: rustc_hash::FxHashSet<String> = Default::default();
    let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
    for m in mentions.iter().filter(|m| m.etype == EntityType::Person) {
        if !seen.insert(&m.surface) {
            continue;
        }
        let f = fold(&m.surface);
        if f.contains(' ') {
            name_words.extend(f.split(' ').map(str::to_string));
        }
    }
    mentions.retain_mut(|m| {
        if m.etype != EntityType::City || m.rule != Rule::Gazetteer {
            return true;
        }
        let f = fold(&m.surface);
        if f.contains(' ') {
            return true;
        }
        let as_prison = prisons
            .iter()
            .find(|(p, _)| p.strip_suffix(" prison") == Some(f.as_str()));
        if let Some((_, entry)) = as_prison {
            m.etype = EntityType::Prison;
            m.entry = *entry;
            return true;
        }
        let is_name = name_words.contains(&f) || is_given(&f, cx.rules);
        !is_name || place_context(cx.text, m.start, m.end, cx.rules)
    });
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::Gazetteer;
    use crate::types::EntityType;

    fn gaz() -> Gazetteer {
        let mk = |id: &str, etype, name: &str| super::super::testing::entry(id, etype, name, &[]);
        Gazetteer::with_entries(vec![
            mk("vardan", EntityType::City, "Vardan"),
            mk("vardan-prison", EntityType::Prison, "Vardan Prison"),
            mk("soma", EntityType::City, "Soma"),
        ])
    }

    fn typed(text: &str) -> Vec<(String, EntityType)> {
        super::super::testing::typed_with(text, &gaz())
    }

    #[test]
    fn a_prison_named_by_its_town() {
        let t = typed("Sara was held in Vardan Prison. Later she left Vardan for Tehran.");
        assert!(t.contains(&("Vardan".into(), EntityType::Prison)));
        // Without the prison in the text, the town is a town.
        let t = typed("She was born in Vardan.");
        assert!(t.contains(&("Vardan".into(), EntityType::City)));
    }

    #[test]
    fn a_word_of_a_name_is_not_a_city() {
        let t = typed("Soma Ranjbar, 43, was tried. Ranjbar and Soma spoke; she lives in Soma.");
        let cities: Vec<_> = t.iter().filter(|(_, e)| *e == EntityType::City).collect();
        assert_eq!(cities.len(), 1, "{t:?}");
    }
}
