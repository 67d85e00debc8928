//! Spreadsheet CSVs: `entities.csv` and `edges.csv` (Gephi's spreadsheet importer: `Id`,
//! `Label`, `Source`, `Target`, `Type` = Directed/Undirected, `Kind`, `Weight`), `letters.csv`
//! and `mentions.csv`.
//!
//! Quoting is done by the `csv` crate (plain text, which needs none, is copied as it is). Text cells are made safe for spreadsheets: control
//! characters other than tab, newline and carriage return are removed, and a cell starting with
//! `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` (Excel's text marker) unless it
//! is a plain number such as `-3.5`. Lists are joined with `;`. Optionally the files start with
//! a UTF-8 byte-order mark so Excel detects the encoding.
//!
//! A cell holds at most [`CELL_LIMIT`] characters, Excel's limit (a longer cell spills into the
//! next rows when Excel opens the file): a longer list keeps its first items and ends with
//! `…+N more` (see [`fit_cell`]). Every item is still in `mentions.csv` and the graph files.

use std::borrow::Cow;
use std::io::{self, Write};

use petgraph::Direction;

use petgraph::graph::NodeIndex;

use super::parallel::GraphFile;
use super::{attr_text, AttrCol, Context, Id, KeyedEdge, Out, View};
use crate::graph::{AttrValue, KnowledgeGraph, Node};
use crate::types::EntityType;

/// The optional byte-order mark and the header row of a spreadsheet CSV.
fn header(out: &mut Out<'_>, bom: bool, header: &[&str]) {
    if bom {
        out.s("\u{FEFF}");
    }
    for (i, h) in header.iter().enumerate() {
        if i > 0 {
            out.raw(b",");
        }
        out.csv_field(h.as_bytes());
    }
    out.raw(b"\n");
}

/// True for text that a spreadsheet reads as a plain number (`12`, `-3.5`, `1e-3`).
fn plain_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && b[i] == b'-' {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let s = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > s
    };
    if !digits(&mut i) {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

fn is_dropped_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// A text cell safe to open in a spreadsheet (see the module documentation).
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    // Fast path: no control character (they all start with a byte < 0x20, 0x7F or 0xC2) and no
    // risky first character.
    if !s
        .bytes()
        .fold(false, |acc, b| acc | (b < 0x20) | (b == 0x7F) | (b == 0xC2))
        && !s.starts_with(['=', '+', '-', '@'])
    {
        return Cow::Borrowed(s);
    }
    let mut s: Cow<'_, str> = if s.chars().any(is_dropped_control) {
        Cow::Owned(s.chars().filter(|&c| !is_dropped_control(c)).collect())
    } else {
        Cow::Borrowed(s)
    };
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number(&s) {
        s = Cow::Owned(format!("'{s}"));
    }
    s
}

/// The most characters (UTF-16 code units, as Excel counts them) a spreadsheet cell holds:
/// Excel's limit.
pub const CELL_LIMIT: usize = 32_767;

/// A cell of at most [`CELL_LIMIT`] characters. A longer `;`-separated list keeps as many
/// whole items as fit, in order, and ends with the item `…+N more` (`N` the items left out);
/// a longer text without `;` is cut at a character boundary and ends with `…`.
pub fn fit_cell(s: &str) -> Cow<'_, str> {
    // A UTF-8 byte is at most one UTF-16 code unit.
    if s.len() <= CELL_LIMIT || s.encode_utf16().count() <= CELL_LIMIT {
        return Cow::Borrowed(s);
    }
    let items: Vec<&str> = s.split(';').collect();
    if items.len() == 1 {
        let mut units = 0;
        let end = s
            .char_indices()
            .find(|&(_, c)| {
                units += c.len_utf16();
                units > CELL_LIMIT - 1
            })
            .map_or(s.len(), |(i, _)| i);
        return Cow::Owned(format!("{}…", &s[..end]));
    }
    // The marker's room: `;…+N more` with N at most the number of items.
    let room = ";…+ more".chars().count() + items.len().to_string().len();
    let mut kept = String::new();
    let mut units = 0;
    let mut n = 0;
    for it in &items {
        let cost = it.encode_utf16().count() + usize::from(n > 0);
        if units + cost + room > CELL_LIMIT {
            break;
        }
        if n > 0 {
            kept.push(';');
        }
        kept.push_str(it);
        units += cost;
        n += 1;
    }
    if n > 0 {
        kept.push(';');
    }
    kept.push_str(&format!("…+{} more", items.len() - n));
    Cow::Owned(kept)
}

/// `entities.csv`: Id, Label, entity_type, aliases, surfaces, documents, mentions, source,
/// date, then one column per attribute (measures included).
pub(crate) struct Entities<'c> {
    pub cols: &'c [AttrCol],
    pub bom: bool,
}

impl GraphFile for Entities<'_> {
    fn head(&self, out: &mut Out<'_>) -> io::Result<()> {
        let mut names = vec![
            "Id",
            "Label",
            "entity_type",
            "aliases",
            "surfaces",
            "documents",
            "mentions",
            "source",
            "date",
        ];
        names.extend(self.cols.iter().map(|c| c.name.as_str()));
        header(out, self.bom, &names);
        Ok(())
    }

    fn nodes(&self) -> Option<View> {
        Some(View::Full)
    }

    fn node(&self, out: &mut Out<'_>, n: &Node, id: Id<'_>, _i: usize) {
        out.cell_id(id);
        out.raw(b",");
        out.cell(&n.label);
        out.raw(b",");
        out.cell(n.entity_type.as_str());
        out.raw(b",");
        out.cell_list(&n.aliases);
        out.raw(b",");
        out.cell_list(&n.surfaces);
        out.raw(b",");
        out.cell_list(&n.documents);
        out.raw(b",");
        out.u64(n.mentions);
        out.raw(b",");
        out.cell(n.source.as_str());
        out.raw(b",");
        out.cell(n.date.as_deref().unwrap_or(""));
        for c in self.cols {
            out.raw(b",");
            if let Some(v) = n.attrs.get(&c.key) {
                out.cell_attr_value(v);
            }
        }
        out.raw(b"\n");
    }
}

/// `edges.csv`: Id, Source, Target, Type (Directed/Undirected), Kind (the relation), Label,
/// Weight, letters, date, evidence.
pub(crate) struct Edges {
    pub bom: bool,
}

impl GraphFile for Edges {
    fn head(&self, out: &mut Out<'_>) -> io::Result<()> {
        header(
            out,
            self.bom,
            &[
                "Id", "Source", "Target", "Type", "Kind", "Label", "Weight", "letters", "date",
                "evidence",
            ],
        );
        Ok(())
    }

    fn edges(&self) -> Option<View> {
        Some(View::Full)
    }

    #[inline]
    fn edge(&self, out: &mut Out<'_>, e: &KeyedEdge<'_>, _i: usize) {
        out.s(e.key_text);
        out.raw(b",");
        out.cell_id(e.source_id);
        out.raw(b",");
        out.cell_id(e.target_id);
        let undirected = crate::graph::UNDIRECTED_RELATIONS.contains(&e.relation);
        out.raw(if undirected {
            b",Undirected,"
        } else {
            b",Directed,"
        });
        out.cell_rel(e);
        out.raw(b",");
        out.cell_rel(e);
        out.raw(b",");
        out.s(e.weight_text);
        out.raw(b",");
        out.cell_letters(e);
        out.raw(b",");
        out.cell(e.edge.date.as_deref().unwrap_or(""));
        out.raw(b",");
        out.cell_edge_evidence(e);
        out.raw(b"\n");
    }
}

/// A letter's string attribute, else the targets of its outgoing `relation` edges (`i`: the
/// letter's node index).
fn letter_link<'n>(
    g: &KnowledgeGraph,
    n: &'n Node,
    i: usize,
    attr: &str,
    relation: &str,
) -> Cow<'n, str> {
    match n.attrs.get(attr) {
        Some(AttrValue::Str(s)) => return Cow::Borrowed(s),
        Some(v @ (AttrValue::List(_) | AttrValue::Int(_) | AttrValue::Float(_))) => {
            return attr_text(v)
        }
        None => {}
    }
    let mut targets: Vec<&str> = g
        .graph
        .edges_directed(NodeIndex::new(i), Direction::Outgoing)
        .filter(|e| e.weight().relation == relation)
        .map(|e| g.graph[petgraph::visit::EdgeRef::target(&e)].id.as_str())
        .collect();
    targets.sort_unstable();
    Cow::Owned(targets.join(";"))
}

/// The signers of a letter: its `signers` attribute (in signature order), else the people with
/// a `SIGNED` edge to it (in id order; `i`: the letter's node index).
fn letter_signers<'n>(g: &'n KnowledgeGraph, n: &'n Node, i: usize) -> Cow<'n, [String]> {
    if let Some(AttrValue::List(s)) = n.attrs.get("signers") {
        return Cow::Borrowed(s);
    }
    let mut s: Vec<String> = g
        .graph
        .edges_directed(NodeIndex::new(i), Direction::Incoming)
        .filter(|e| e.weight().relation == "SIGNED")
        .map(|e| g.graph[petgraph::visit::EdgeRef::source(&e)].id.clone())
        .collect();
    s.sort();
    Cow::Owned(s)
}

/// `letters.csv`: id, date, signers, prison, recipient, documents, label, signer_count,
/// signer_names, publisher (ids joined with `;`; signers in signature order).
pub(crate) struct Letters<'c, 'g> {
    pub ctx: &'c Context<'g>,
    pub bom: bool,
}

impl GraphFile for Letters<'_, '_> {
    fn head(&self, out: &mut Out<'_>) -> io::Result<()> {
        header(
            out,
            self.bom,
            &[
                "id",
                "date",
                "signers",
                "prison",
                "recipient",
                "documents",
                "label",
                "signer_count",
                "signer_names",
                "publisher",
            ],
        );
        Ok(())
    }

    fn nodes(&self) -> Option<View> {
        Some(View::Full)
    }

    fn node(&self, out: &mut Out<'_>, n: &Node, _id: Id<'_>, i: usize) {
        if n.entity_type != EntityType::Letter {
            return;
        }
        let ctx = self.ctx;
        let g = ctx.g;
        let signers = letter_signers(g, n, i);
        let names: Vec<&str> = signers
            .iter()
            .map(|s| ctx.node(s).map_or(s.as_str(), |p| p.label.as_str()))
            .collect();
        let count = match n.attrs.get("signer_count") {
            Some(AttrValue::Int(c)) => *c,
            _ => signers.len() as i64,
        };
        out.cell(&n.id);
        out.raw(b",");
        out.cell(n.date.as_deref().unwrap_or(""));
        out.raw(b",");
        out.cell_list(&signers);
        out.raw(b",");
        out.cell(&letter_link(g, n, i, "prison", "WRITTEN_IN"));
        out.raw(b",");
        out.cell(&letter_link(g, n, i, "recipient", "ADDRESSED_TO"));
        out.raw(b",");
        out.cell_list(&n.documents);
        out.raw(b",");
        out.cell(&n.label);
        out.raw(b",");
        out.i64(count);
        out.raw(b",");
        out.cell_list(&names);
        out.raw(b",");
        out.cell(&letter_link(g, n, i, "publisher", "PUBLISHED_BY"));
        out.raw(b"\n");
    }
}

/// `mentions.csv`: document, start, end, text, entity, rule, entity_type; sorted by document
/// and offsets.
pub(crate) fn write_mentions(
    w: &mut dyn Write,
    rows: &dyn super::MentionSource,
    bom: bool,
) -> io::Result<()> {
    let mut out = Out::new(w);
    header(
        &mut out,
        bom,
        &[
            "document",
            "start",
            "end",
            "text",
            "entity",
            "rule",
            "entity_type",
        ],
    );
    rows.each(&mut |m| {
        out.cell(m.document);
        out.raw(b",");
        out.u64(m.start as u64);
        out.raw(b",");
        out.u64(m.end as u64);
        out.raw(b",");
        out.cell(m.text);
        out.raw(b",");
        out.cell(m.entity.unwrap_or(""));
        out.raw(b",");
        out.cell(m.rule);
        out.raw(b",");
        out.cell(m.entity_type);
        out.raw(b"\n");
        out.record_done()
    })?;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("+1"), "'+1");
        assert_eq!(safe_cell("-cmd"), "'-cmd");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("\tx"), "'\tx");
        assert_eq!(safe_cell("-3.5"), "-3.5");
        assert_eq!(safe_cell("-1e-3"), "-1e-3");
        assert_eq!(safe_cell("-"), "'-");
        assert_eq!(safe_cell("a\u{1}b"), "ab");
        assert_eq!(safe_cell("\u{1}=1"), "'=1");
        assert_eq!(safe_cell("Evin"), "Evin");
    }

    fn units(s: &str) -> usize {
        s.encode_utf16().count()
    }

    #[test]
    fn a_short_cell_is_kept_as_it_is() {
        let s = "d1;d2;d3";
        assert!(matches!(fit_cell(s), Cow::Borrowed(x) if x == s));
        let exact = "x".repeat(CELL_LIMIT);
        assert_eq!(fit_cell(&exact), exact.as_str());
    }

    #[test]
    fn a_long_list_keeps_whole_items_and_counts_the_rest() {
        // 5,000 items of 9 characters: 49,999 characters joined.
        let items: Vec<String> = (0..5000).map(|i| format!("doc-{i:05}")).collect();
        let fitted = fit_cell(&items.join(";")).into_owned();
        assert!(units(&fitted) <= CELL_LIMIT);
        let parts: Vec<&str> = fitted.split(';').collect();
        let (marker, kept) = parts.split_last().unwrap();
        // Each kept item takes 10 characters with its `;`; the marker `…+1724 more` 11.
        assert_eq!(kept.len(), (CELL_LIMIT - 11) / 10);
        assert_eq!(kept, &items[..kept.len()]);
        assert_eq!(*marker, format!("…+{} more", 5000 - kept.len()));
    }

    #[test]
    fn characters_are_counted_as_excel_counts_them() {
        // "𝔄" is one character but two UTF-16 code units (and four UTF-8 bytes).
        let items: Vec<String> = (0..4000).map(|i| format!("𝔄𝔄{i:04}")).collect();
        let fitted = fit_cell(&items.join(";")).into_owned();
        assert!(units(&fitted) <= CELL_LIMIT);
        assert!(units(&fitted) > CELL_LIMIT - 20);
        // 2,999 `;` and 3,000 × 8 units: 26,999 units, 38,999 bytes: kept whole.
        let fits: Vec<String> = (0..3000).map(|i| format!("𝔄𝔄{i:04}")).collect();
        let joined = fits.join(";");
        assert!(joined.len() > CELL_LIMIT);
        assert_eq!(fit_cell(&joined), joined.as_str());
    }

    #[test]
    fn a_long_text_is_cut_at_a_character() {
        let s = "é".repeat(CELL_LIMIT + 5);
        let fitted = fit_cell(&s);
        assert_eq!(units(&fitted), CELL_LIMIT);
        assert!(fitted.ends_with("é…"));
    }
}
