//! The output buffer of the fast writers.
//!
//! Every export file is written through an [`Out`]: a byte buffer handed to the file in
//! chunks of about [`CHUNK`] bytes, with inlined appends (no `dyn Write` call per field).
//!
//! Escaping: text that is *plain* (every byte in [`PLAIN`]: printable ASCII other than
//! `< > & ' " \ , ;`, and UTF-8 bytes other than the lead bytes `0xC2` and `0xEF`) needs no
//! escaping, cleaning or quoting in any format, and is copied as it is. Anything else goes
//! through exactly the code the writers used before: `xml_clean` then quick-xml's `escape`,
//! serde_json, `safe_cell` / neo4j cleaning then the `csv` crate. The plain set is a subset of
//! what each library leaves untouched, so both paths give the same bytes.

use std::io::{self, Write};

use super::{Id, KeyedEdge};
use crate::graph::AttrValue;

/// Bytes after which the buffer is handed to the file.
pub(crate) const CHUNK: usize = 1 << 20;

const fn plain_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 256 {
        t[b] = !matches!(
            b as u8,
            0x7F | b'<' | b'>' | b'&' | b'\'' | b'"' | b'\\' | b',' | b';' | 0xC2 | 0xEF
        );
        b += 1;
    }
    t
}

/// Bytes that no format escapes, cleans or quotes (see the module documentation).
pub(crate) static PLAIN: [bool; 256] = plain_table();

/// True when `s` needs no escaping in any format.
#[inline]
pub(crate) fn plain(s: &str) -> bool {
    s.bytes().all(|b| PLAIN[b as usize])
}

/// True when every item is plain: the list joined with `;` needs no escaping.
#[inline]
pub(crate) fn plain_list<S: AsRef<str>>(items: &[S]) -> bool {
    items.iter().all(|s| plain(s.as_ref()))
}

/// A cell starting with one of these gets a spreadsheet text marker.
#[inline]
fn risky_first(s: &str) -> bool {
    matches!(s.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@'))
}

/// The text of an edge id: `e` + 16 hex digits, `-n` for the n-th repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EdgeKey {
    pub hash: u64,
    /// 0 for the first edge with this hash, else the repeat number (2, 3, ...).
    pub repeat: u32,
}

/// Appends the text of an edge id.
pub(crate) fn key_into(out: &mut String, k: EdgeKey) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut b = [0u8; 17];
    b[0] = b'e';
    for i in 0..16 {
        b[1 + i] = HEX[((k.hash >> (60 - 4 * i)) & 0xf) as usize];
    }
    out.push_str(std::str::from_utf8(&b).expect("ASCII"));
    if k.repeat > 1 {
        out.push('-');
        out.push_str(itoa::Buffer::new().format(k.repeat));
    }
}

/// Appends a float as [`Out::float`] writes it.
pub(crate) fn weight_into(out: &mut String, f: f64) {
    match small_integral(f) {
        Some(i) => {
            out.push_str(itoa::Buffer::new().format(i));
            out.push_str(".0");
        }
        None => out.push_str(super::float_debug(f, &mut [0u8; super::FLOAT_MAX])),
    }
}

/// The value of an integral float of moderate size (`3.0`), which every formatter writes as
/// the integer and `.0`.
#[inline]
fn small_integral(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f.abs() < 1e9 && !(f == 0.0 && f.is_sign_negative())).then_some(f as i64)
}

/// Room kept beyond a chunk, so most records never grow the buffer.
const SLACK: usize = 1 << 16;

/// A byte buffer that streams into a file.
///
/// The buffer is a zero-filled `Vec` used up to `pos`: short appends (ids, numbers, relation
/// names: most of the output) are copied with a few fixed-size moves instead of a call to
/// `memcpy` each, which dominated the profile.
pub(crate) struct Out<'w> {
    buf: Vec<u8>,
    pos: usize,
    /// The file, or `None` for a detached buffer (a piece of a file rendered apart, see
    /// `parallel`).
    w: Option<&'w mut dyn Write>,
    /// Reused for the slow paths.
    scratch: String,
}

impl<'w> Out<'w> {
    pub fn new(w: &'w mut dyn Write) -> Self {
        Out {
            buf: vec![0; CHUNK + SLACK],
            pos: 0,
            w: Some(w),
            scratch: String::new(),
        }
    }

    /// Hands the buffer to the file once it holds a chunk; call after each record.
    #[inline]
    pub fn record_done(&mut self) -> io::Result<()> {
        if self.pos >= CHUNK {
            if let Some(w) = self.w.as_mut() {
                w.write_all(&self.buf[..self.pos])?;
                self.pos = 0;
            }
        }
        Ok(())
    }

    /// Writes what is left.
    pub fn finish(mut self) -> io::Result<()> {
        if let Some(w) = self.w.as_mut() {
            w.write_all(&self.buf[..self.pos])?;
            self.pos = 0;
            w.flush()?;
        }
        Ok(())
    }
}

impl Out<'static> {
    /// A buffer written into memory only, reusing `buf` (any content; it grows as needed): its
    /// bytes are taken back with [`Out::into_parts`].
    pub fn detached(mut buf: Vec<u8>) -> Self {
        if buf.len() < 2 * SLACK {
            buf.resize(2 * SLACK, 0);
        }
        Out {
            buf,
            pos: 0,
            w: None,
            scratch: String::new(),
        }
    }

    /// The buffer and the length of what was written into it.
    pub fn into_parts(self) -> (Vec<u8>, usize) {
        (self.buf, self.pos)
    }
}

impl Out<'_> {
    #[cold]
    fn grow(&mut self, n: usize) {
        let len = (self.buf.len() * 2).max(self.pos + n + SLACK);
        self.buf.resize(len, 0);
    }

    #[inline]
    pub fn raw(&mut self, b: &[u8]) {
        let n = b.len();
        let p = self.pos;
        if p + n + 32 > self.buf.len() {
            self.grow(n + 32);
        }
        let d = &mut self.buf[p..p + 32.max(n)];
        // Overlapping fixed-size moves for short slices.
        if n >= 16 {
            if n <= 32 {
                d[..16].copy_from_slice(&b[..16]);
                d[n - 16..n].copy_from_slice(&b[n - 16..]);
            } else {
                d[..n].copy_from_slice(b);
            }
        } else if n >= 8 {
            d[..8].copy_from_slice(&b[..8]);
            d[n - 8..n].copy_from_slice(&b[n - 8..]);
        } else if n >= 4 {
            d[..4].copy_from_slice(&b[..4]);
            d[n - 4..n].copy_from_slice(&b[n - 4..]);
        } else {
            for (d, &b) in d.iter_mut().zip(b) {
                *d = b;
            }
        }
        self.pos = p + n;
    }

    #[inline]
    pub fn s(&mut self, s: &str) {
        self.raw(s.as_bytes());
    }

    #[inline]
    pub fn u64(&mut self, v: u64) {
        self.raw(itoa::Buffer::new().format(v).as_bytes());
    }

    #[inline]
    pub fn i64(&mut self, v: i64) {
        self.raw(itoa::Buffer::new().format(v).as_bytes());
    }

    /// An integral float of moderate size (`3.0`) written as every formatter writes it.
    #[inline]
    fn small_integral(&mut self, f: f64) -> bool {
        let Some(i) = small_integral(f) else {
            return false;
        };
        self.i64(i);
        self.raw(b".0");
        true
    }

    /// A float as [`super::float_debug`] writes it (Rust's shortest round trip, `0.0` when not
    /// finite).
    #[inline]
    pub fn float(&mut self, f: f64) {
        if !self.small_integral(f) {
            self.s(super::float_debug(f, &mut [0u8; super::FLOAT_MAX]));
        }
    }

    /// A float as serde_json writes it.
    #[inline]
    pub fn json_float(&mut self, f: f64) {
        if !self.small_integral(f) {
            serde_json::to_writer(&mut *self, &f).expect("write to a Vec");
        }
    }

    // XML.

    /// Text or an attribute value: characters XML cannot carry removed, then escaped by
    /// quick-xml.
    #[inline]
    pub fn xml(&mut self, s: &str) {
        if plain(s) {
            self.s(s);
        } else {
            self.xml_slow(s);
        }
    }

    #[cold]
    fn xml_slow(&mut self, s: &str) {
        let clean = super::xml_clean(s);
        let esc = quick_xml::escape::escape(clean.as_ref());
        self.s(&esc);
    }

    /// Items joined with `;` (a `;` inside an item becomes `,`), as XML text.
    #[inline]
    pub fn xml_list<S: AsRef<str>>(&mut self, items: &[S]) {
        if plain_list(items) {
            self.plain_joined(items);
        } else {
            let mut s = std::mem::take(&mut self.scratch);
            self.xml_slow(super::join_into(&mut s, items));
            self.scratch = s;
        }
    }

    /// Evidence as `document#start-end` joined with `;`, as XML text.
    #[inline]
    pub fn xml_evidence(&mut self, ev: &[crate::types::Evidence]) {
        if ev.iter().all(|e| plain(&e.document)) {
            self.plain_evidence(ev);
        } else {
            let mut s = std::mem::take(&mut self.scratch);
            self.xml_slow(super::evidence_into(&mut s, ev));
            self.scratch = s;
        }
    }

    #[inline]
    fn plain_joined<S: AsRef<str>>(&mut self, items: &[S]) {
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                self.raw(b";");
            }
            self.s(it.as_ref());
        }
    }

    #[inline]
    fn plain_evidence(&mut self, ev: &[crate::types::Evidence]) {
        for (i, e) in ev.iter().enumerate() {
            if i > 0 {
                self.raw(b";");
            }
            self.s(&e.document);
            self.raw(b"#");
            self.u64(e.start as u64);
            self.raw(b"-");
            self.u64(e.end as u64);
        }
    }

    // JSON.

    /// A JSON string, quoted.
    #[inline]
    pub fn json_str(&mut self, s: &str) {
        if plain(s) {
            self.raw(b"\"");
            self.s(s);
            self.raw(b"\"");
        } else {
            self.json_slow(s);
        }
    }

    #[cold]
    fn json_slow(&mut self, s: &str) {
        serde_json::to_writer(&mut *self, s).expect("write to a Vec");
    }

    /// A JSON array of strings.
    #[inline]
    pub fn json_strs<S: AsRef<str>>(&mut self, items: &[S]) {
        self.raw(b"[");
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.json_str(it.as_ref());
        }
        self.raw(b"]");
    }

    /// Any serialisable value, by serde_json.
    pub fn json_value<T: serde::Serialize + ?Sized>(&mut self, v: &T) {
        serde_json::to_writer(&mut *self, v).expect("write to a Vec");
    }

    // CSV.

    /// A field quoted as the `csv` crate quotes it (no cleaning).
    #[inline]
    pub fn csv_field(&mut self, s: &[u8]) {
        if s.iter().any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            self.csv_slow(s);
        } else {
            self.raw(s);
        }
    }

    #[cold]
    fn csv_slow(&mut self, s: &[u8]) {
        let mut w = ::csv::WriterBuilder::new().from_writer(Vec::with_capacity(s.len() + 4));
        w.write_record([s]).expect("write to a Vec");
        let v = w.into_inner().expect("write to a Vec");
        // One non-empty field and the terminator.
        self.raw(v.strip_suffix(b"\n").unwrap_or(&v));
    }

    /// A spreadsheet text cell: [`super::csv::safe_cell`] then CSV quoting.
    #[inline]
    pub fn cell(&mut self, s: &str) {
        if plain(s) && !risky_first(s) && s.len() <= super::csv::CELL_LIMIT {
            self.s(s);
        } else {
            self.cell_slow(s);
        }
    }

    #[cold]
    fn cell_slow(&mut self, s: &str) {
        let safe = super::csv::safe_cell(s);
        self.csv_field(super::csv::fit_cell(&safe).as_bytes());
    }

    /// A list joined with `;` as a spreadsheet text cell.
    #[inline]
    pub fn cell_list<S: AsRef<str>>(&mut self, items: &[S]) {
        if plain_list(items)
            && !items.first().is_some_and(|s| risky_first(s.as_ref()))
            && items.iter().map(|s| s.as_ref().len() + 1).sum::<usize>() <= super::csv::CELL_LIMIT
        {
            self.plain_joined(items);
        } else {
            let mut s = std::mem::take(&mut self.scratch);
            self.cell_slow(super::join_into(&mut s, items));
            self.scratch = s;
        }
    }

    /// Evidence as a spreadsheet text cell.
    #[inline]
    pub fn cell_evidence(&mut self, ev: &[crate::types::Evidence]) {
        // An item is the document, `#`, `-`, `;` and two numbers of at most 20 digits.
        if ev.iter().all(|e| plain(&e.document))
            && !ev.first().is_some_and(|e| risky_first(&e.document))
            && ev.iter().map(|e| e.document.len() + 43).sum::<usize>() <= super::csv::CELL_LIMIT
        {
            self.plain_evidence(ev);
        } else {
            let mut s = std::mem::take(&mut self.scratch);
            self.cell_slow(super::evidence_into(&mut s, ev));
            self.scratch = s;
        }
    }

    /// A neo4j value: control characters as spaces, then CSV quoting.
    #[inline]
    pub fn neo(&mut self, s: &str) {
        if plain(s) {
            self.s(s);
        } else {
            self.neo_slow(s);
        }
    }

    #[cold]
    fn neo_slow(&mut self, s: &str) {
        let clean = super::neo4j::clean(s);
        self.csv_field(clean.as_bytes());
    }

    /// A list joined with `;` as a neo4j value.
    #[inline]
    pub fn neo_list<S: AsRef<str>>(&mut self, items: &[S]) {
        if plain_list(items) {
            self.plain_joined(items);
        } else {
            let mut s = std::mem::take(&mut self.scratch);
            self.neo_slow(super::join_into(&mut s, items));
            self.scratch = s;
        }
    }

    // Node ids (checked once per node, see `Context::id_plain`) and attribute values.

    #[inline]
    pub fn xml_id(&mut self, id: Id<'_>) {
        if id.plain {
            self.s(id.s);
        } else {
            self.xml_slow(id.s);
        }
    }

    #[inline]
    pub fn json_id(&mut self, id: Id<'_>) {
        if id.plain {
            self.raw(b"\"");
            self.s(id.s);
            self.raw(b"\"");
        } else {
            self.json_slow(id.s);
        }
    }

    #[inline]
    pub fn cell_id(&mut self, id: Id<'_>) {
        if id.plain {
            self.s(id.s);
        } else {
            self.cell_slow(id.s);
        }
    }

    #[inline]
    pub fn neo_id(&mut self, id: Id<'_>) {
        if id.plain {
            self.s(id.s);
        } else {
            self.neo_slow(id.s);
        }
    }

    /// The relation of an edge (checked once per relation name, see `Context::relations`).
    #[inline]
    pub fn xml_rel(&mut self, e: &KeyedEdge<'_>) {
        self.xml_id(Id {
            s: e.relation,
            plain: e.relation_plain,
        });
    }

    #[inline]
    pub fn json_rel(&mut self, e: &KeyedEdge<'_>) {
        self.json_id(Id {
            s: e.relation,
            plain: e.relation_plain,
        });
    }

    #[inline]
    pub fn cell_rel(&mut self, e: &KeyedEdge<'_>) {
        // Not an id: a relation may start with a formula character.
        self.cell(e.relation);
    }

    #[inline]
    pub fn neo_rel(&mut self, e: &KeyedEdge<'_>) {
        self.neo_id(Id {
            s: e.relation,
            plain: e.relation_plain,
        });
    }

    /// An attribute value as XML text ([`super::attr_text`], cleaned and escaped).
    pub fn xml_attr_value(&mut self, v: &AttrValue) {
        match v {
            AttrValue::Int(i) => self.i64(*i),
            AttrValue::Float(f) => self.float(*f),
            AttrValue::Str(s) => self.xml(s),
            AttrValue::List(items) => self.xml_list(items),
        }
    }

    /// An attribute value as a spreadsheet text cell.
    pub fn cell_attr_value(&mut self, v: &AttrValue) {
        match v {
            AttrValue::Str(s) => self.cell(s),
            AttrValue::List(items) => self.cell_list(items),
            AttrValue::Int(i) => self.cell(itoa::Buffer::new().format(*i)),
            AttrValue::Float(f) => self.cell(super::float_debug(*f, &mut [0u8; super::FLOAT_MAX])),
        }
    }

    /// An attribute value as a neo4j value.
    pub fn neo_attr_value(&mut self, v: &AttrValue) {
        match v {
            AttrValue::Str(s) => self.neo(s),
            AttrValue::List(items) => self.neo_list(items),
            AttrValue::Int(i) => self.neo(itoa::Buffer::new().format(*i)),
            AttrValue::Float(f) => self.neo(super::float_debug(*f, &mut [0u8; super::FLOAT_MAX])),
        }
    }

    /// An attribute value as JSON (as serde_json writes [`AttrValue`]).
    pub fn json_attr_value(&mut self, v: &AttrValue) {
        match v {
            AttrValue::Str(s) => self.json_str(s),
            AttrValue::List(items) => self.json_strs(items),
            AttrValue::Int(_) | AttrValue::Float(_) => self.json_value(v),
        }
    }

    /// An edge's letters as a spreadsheet text cell ([`Out::cell_list`]).
    #[inline]
    pub fn cell_letters(&mut self, e: &KeyedEdge<'_>) {
        match e.letters_plain {
            Some(t) if !risky_first(t) && t.len() <= super::csv::CELL_LIMIT => self.s(t),
            _ => self.cell_list(&e.edge.letters),
        }
    }

    /// An edge's evidence as a spreadsheet text cell ([`Out::cell_evidence`]).
    #[inline]
    pub fn cell_edge_evidence(&mut self, e: &KeyedEdge<'_>) {
        match e.evidence_plain {
            Some(t) if !risky_first(t) && t.len() <= super::csv::CELL_LIMIT => self.s(t),
            _ => self.cell_evidence(&e.edge.evidence),
        }
    }

    /// An edge's letters as a neo4j value ([`Out::neo_list`]).
    #[inline]
    pub fn neo_letters(&mut self, e: &KeyedEdge<'_>) {
        match e.letters_plain {
            Some(t) => self.s(t),
            None => self.neo_list(&e.edge.letters),
        }
    }

    /// An edge's evidence as a neo4j value ([`Out::neo_evidence`]).
    #[inline]
    pub fn neo_edge_evidence(&mut self, e: &KeyedEdge<'_>) {
        match e.evidence_plain {
            Some(t) => self.s(t),
            None => self.neo_evidence(&e.edge.evidence),
        }
    }

    /// Evidence as a neo4j value.
    #[inline]
    pub fn neo_evidence(&mut self, ev: &[crate::types::Evidence]) {
        if ev.iter().all(|e| plain(&e.document)) {
            self.plain_evidence(ev);
        } else {
            let mut s = std::mem::take(&mut self.scratch);
            self.neo_slow(super::evidence_into(&mut s, ev));
            self.scratch = s;
        }
    }
}

/// For the libraries that write the rare parts (headers, slow paths).
impl Write for Out<'_> {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.raw(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The bytes around each field of a node in an XML format: what opens each standard field,
/// and what closes any field (`"/>` for GEXF attvalues, `</data>` for GraphML).
pub(crate) struct XmlNodeTags<'a> {
    pub surfaces: &'a [u8],
    pub aliases: &'a [u8],
    pub documents: &'a [u8],
    pub mentions: &'a [u8],
    pub source: &'a [u8],
    pub date: &'a [u8],
    pub close: &'a [u8],
}

impl Out<'_> {
    /// The fields of a node after its label and type, shared by GraphML and GEXF: the lists,
    /// `mentions`, `source`, `date`, then the attribute columns (`col_tags[i]` opens `cols[i]`).
    pub fn xml_node_fields(
        &mut self,
        n: &crate::graph::Node,
        tags: &XmlNodeTags,
        cols: &[super::AttrCol],
        col_tags: &[Vec<u8>],
    ) {
        for (tag, list) in [(tags.surfaces, &n.surfaces), (tags.aliases, &n.aliases)] {
            if !list.is_empty() {
                self.raw(tag);
                self.xml_list(list);
                self.raw(tags.close);
            }
        }
        if !n.documents.is_empty() {
            self.raw(tags.documents);
            self.xml_list(&n.documents);
            self.raw(tags.close);
        }
        self.raw(tags.mentions);
        self.u64(n.mentions);
        self.raw(tags.close);
        self.raw(tags.source);
        self.xml(n.source.as_str());
        self.raw(tags.close);
        if let Some(d) = &n.date {
            self.raw(tags.date);
            self.xml(d);
            self.raw(tags.close);
        }
        for (c, tag) in cols.iter().zip(col_tags) {
            if let Some(v) = n.attrs.get(&c.key) {
                self.raw(tag);
                self.xml_attr_value(v);
                self.raw(tags.close);
            }
        }
    }
}

/// The bytes that open an edge's optional fields in an XML format, and what closes a field.
pub(crate) struct XmlEdgeTags<'a> {
    pub letters: &'a [u8],
    pub date: &'a [u8],
    pub evidence: &'a [u8],
    pub close: &'a [u8],
}

impl Out<'_> {
    /// An edge's optional fields, shared by GraphML and GEXF: `letters`, `date`, `evidence`.
    pub fn xml_edge_fields(&mut self, ke: &KeyedEdge<'_>, tags: &XmlEdgeTags) {
        let e = ke.edge;
        if !e.letters.is_empty() {
            self.raw(tags.letters);
            match ke.letters_plain {
                Some(t) => self.s(t),
                None => self.xml_list(&e.letters),
            }
            self.raw(tags.close);
        }
        if let Some(d) = &e.date {
            self.raw(tags.date);
            self.xml(d);
            self.raw(tags.close);
        }
        if !e.evidence.is_empty() {
            self.raw(tags.evidence);
            match ke.evidence_plain {
                Some(t) => self.s(t),
                None => self.xml_evidence(&e.evidence),
            }
            self.raw(tags.close);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut Out<'_>)) -> String {
        let mut sink: Vec<u8> = Vec::new();
        let mut o = Out::new(&mut sink);
        f(&mut o);
        o.finish().unwrap();
        String::from_utf8(sink).unwrap()
    }

    #[test]
    fn spreadsheet_cells_fit_excel() {
        use crate::export::csv::CELL_LIMIT;
        let items: Vec<String> = (0..4000).map(|i| format!("document-{i:04}")).collect();
        let cell = with(|o| o.cell_list(&items));
        assert!(cell.len() <= CELL_LIMIT);
        assert!(cell.starts_with("document-0000;document-0001;"));
        let kept = cell.split(';').count() - 1;
        assert!(cell.ends_with(&format!(";…+{} more", 4000 - kept)));
        let ev: Vec<crate::types::Evidence> = (0..4000)
            .map(|i| crate::types::Evidence {
                document: format!("d{i}").into(),
                start: 100_000,
                end: 100_010,
            })
            .collect();
        let cell = with(|o| o.cell_evidence(&ev));
        assert!(cell.len() <= CELL_LIMIT);
        assert!(cell.starts_with("d0#100000-100010;d1#100000-100010;"));
        // Short lists are written as they are.
        assert_eq!(
            with(|o| o.cell_list(&items[..2])),
            "document-0000;document-0001"
        );
    }

    #[test]
    fn floats_match_the_formatters() {
        for f in [
            0.0,
            -0.0,
            1.0,
            2.0,
            -3.0,
            0.1,
            2.5,
            1e8,
            999_999_999.0,
            1e9,
            1e15,
            1e16,
            1e20,
            1e-7,
            f64::NAN,
        ] {
            assert_eq!(
                with(|o| o.float(f)),
                crate::export::values::float_text(f),
                "{f}"
            );
            assert_eq!(
                with(|o| o.json_float(f)),
                serde_json::to_string(&f).unwrap(),
                "{f}"
            );
        }
    }

    #[test]
    fn escaping_matches_the_libraries() {
        for s in [
            "plain", "a<b", "a&b", "q\"", "a'b", "x,y", "x;y", "\u{1}", "é", "\u{fffe}", "=1",
            "-2", "",
        ] {
            assert_eq!(
                with(|o| o.xml(s)),
                quick_xml::escape::escape(crate::export::xml_clean(s).as_ref())
            );
            assert_eq!(with(|o| o.json_str(s)), serde_json::to_string(s).unwrap());
        }
        assert_eq!(with(|o| o.cell("=1,2")), "\"'=1,2\"");
        assert_eq!(with(|o| o.cell("a\"b")), "\"a\"\"b\"");
        assert_eq!(with(|o| o.neo("a\nb,c")), "\"a b,c\"");
        let mut k = String::new();
        key_into(
            &mut k,
            EdgeKey {
                hash: 0xab,
                repeat: 2,
            },
        );
        assert_eq!(k, "e00000000000000ab-2");
        for f in [0.0, -0.0, 1.0, 2.5, 1e9, -3.0, 1e-7, f64::NAN] {
            let mut w = String::new();
            weight_into(&mut w, f);
            assert_eq!(w, with(|o| o.float(f)), "{f}");
        }
        let long = "x".repeat(100_000);
        for n in 0..40 {
            assert_eq!(with(|o| o.s(&long[..n])), &long[..n]);
        }
        assert_eq!(with(|o| o.s(&long)), long);
    }
}
