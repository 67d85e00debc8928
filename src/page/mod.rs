//! `index.html`: one self-contained page to look at the graph in a browser, with no network
//! and no third-party code.
//!
//! The page is the template `page.html` rendered by minijinja (HTML auto-escaping: every text
//! of the page goes through it), with the project's own style (`page.css`) and script
//! (`page.js`) inlined, and the data ([`data::PageData`]) embedded as JSON in a
//! `<script type="application/json">` element. The JSON is serde_json's, with `<`, `>`, `&`,
//! U+2028 and U+2029 written as `\uXXXX` escapes so that no name can close the element; the
//! script reads it with `JSON.parse` and puts every name into the page as text
//! (`textContent`), never as markup. A Content-Security-Policy forbids every request.
//!
//! The script draws the positions computed by [`crate::layout`] on a canvas (pan, zoom,
//! hit-testing), searches names as folded keys computed here ([`crate::text::fold`]) with a
//! tolerance for doubled letters and one typo per long word, and shows a person's letters,
//! co-signers, prisons and evidence, the letters on a timeline, an entity table and the whole
//! graph. Large graphs are thinned as [`texts`] says: a letter's passage is cut to
//! [`texts::QUOTE_CHARS`] characters, a person's evidence to one sentence in each of their
//! first [`texts::EVIDENCE_DOCS`] documents; lists and tables show their first rows and load
//! more on demand.

pub mod data;
#[cfg(test)]
mod tests;
pub mod texts;

use std::io::{self, Write};

use crate::graph::KnowledgeGraph;
use crate::layout::Layouts;
use crate::types::EntityType;
pub use data::PageData;
pub use texts::Texts;

const TEMPLATE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("page.js");
const STYLE: &str = include_str!("page.css");

/// serde_json's text made safe inside `<script>`: `<`, `>`, `&`, U+2028 and U+2029 as `\u`
/// escapes (they only occur inside JSON strings, where the escape means the same character).
pub fn script_safe_json<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    let json = serde_json::to_string(value)?;
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// A count of entities of one type, for the table's filter.
#[derive(serde::Serialize)]
struct TypeCount {
    name: &'static str,
    count: usize,
}

/// Renders the page of `g` into `w`.
pub fn write(
    w: &mut dyn Write,
    g: &KnowledgeGraph,
    layouts: &Layouts,
    texts: &Texts,
) -> io::Result<()> {
    let data = PageData::new(g, layouts, texts);
    let json = script_safe_json(&data).map_err(io::Error::other)?;
    let by_type = g.count_by_type();
    let types: Vec<TypeCount> = EntityType::ALL
        .iter()
        .filter_map(|t| {
            by_type.get(t).map(|&count| TypeCount {
                name: t.as_str(),
                count,
            })
        })
        .collect();
    let mut env = minijinja::Environment::new();
    env.add_template("page.html", TEMPLATE)
        .map_err(io::Error::other)?;
    let tmpl = env.get_template("page.html").map_err(io::Error::other)?;
    let ctx = minijinja::context! {
        people => data.co.node.len(),
        co_signatures => data.co.e.len() / 3,
        letters => data.letters.len(),
        entities => g.node_count(),
        relations => g.edge_count(),
        types => types,
        thinned => texts::EVIDENCE_DOCS,
        quote_chars => texts::QUOTE_CHARS,
        style => minijinja::Value::from_safe_string(STYLE.to_string()),
        script => minijinja::Value::from_safe_string(SCRIPT.to_string()),
        data => minijinja::Value::from_safe_string(json),
    };
    let page = tmpl.render(ctx).map_err(io::Error::other)?;
    w.write_all(page.as_bytes())
}
