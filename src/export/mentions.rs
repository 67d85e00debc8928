//! The rows of `mentions.csv`: every mention of the corpus with its resolved entity, handed
//! to the writer one at a time ([`MentionSource`]): from owned rows, or streamed from an
//! analysis's compact mentions ([`MentionTable`]).

use crate::analysis::{Analysis, Mention};

/// One mention of the corpus, for `mentions.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionRow {
    pub document: String,
    /// Byte offsets in the original text of the document.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Node id, when the mention was resolved.
    pub entity: Option<String>,
    pub entity_type: String,
    /// The rule or gazetteer that found it.
    pub rule: String,
}

/// One row of `mentions.csv`, borrowed from whoever holds the mentions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MentionRef<'a> {
    pub document: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub entity: Option<&'a str>,
    pub entity_type: &'a str,
    pub rule: &'a str,
}

impl MentionRow {
    pub fn as_ref(&self) -> MentionRef<'_> {
        MentionRef {
            document: &self.document,
            start: self.start,
            end: self.end,
            text: &self.text,
            entity: self.entity.as_deref(),
            entity_type: &self.entity_type,
            rule: &self.rule,
        }
    }
}

/// The rows of `mentions.csv`, handed out one at a time so that no one has to hold them all
/// as owned strings (a build streams them from its compact mentions).
pub trait MentionSource: Sync {
    /// How many rows (for scheduling the writers).
    fn count(&self) -> usize;
    /// Calls `row` for each row in file order: by document, start, end, entity and rule (ties
    /// in the order given); stops at the first error.
    fn each(
        &self,
        row: &mut dyn FnMut(MentionRef<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
}

/// Owned rows in any order: sorted into file order when written.
impl MentionSource for &[MentionRow] {
    fn count(&self) -> usize {
        self.len()
    }

    fn each(
        &self,
        row: &mut dyn FnMut(MentionRef<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut sorted: Vec<&MentionRow> = self.iter().collect();
        sorted.sort_by(|a, b| {
            (&a.document, a.start, a.end, &a.entity, &a.rule).cmp(&(
                &b.document,
                b.start,
                b.end,
                &b.entity,
                &b.rule,
            ))
        });
        sorted.into_iter().try_for_each(|m| row(m.as_ref()))
    }
}

/// Every mention with its resolved entity, for `mentions.csv`: the rows are made one at a time
/// from the compact mentions, in file order (see [`MentionSource`]).
pub struct MentionTable<'a> {
    a: &'a Analysis,
    /// Documents by name; documents that share a name are one group, in input order.
    groups: Vec<Vec<u32>>,
}

impl<'a> MentionTable<'a> {
    pub fn new(a: &'a Analysis) -> Self {
        let mut order: Vec<u32> = (0..a.docs.len() as u32).collect();
        order.sort_by(|&x, &y| a.docs[x as usize].name.cmp(&a.docs[y as usize].name));
        let mut groups: Vec<Vec<u32>> = Vec::new();
        for d in order {
            match groups.last_mut() {
                Some(g) if a.docs[g[0] as usize].name == a.docs[d as usize].name => g.push(d),
                _ => groups.push(vec![d]),
            }
        }
        MentionTable { a, groups }
    }

    fn row(&self, doc: u32, m: &Mention) -> MentionRef<'a> {
        let a = self.a;
        let n = &a.names[m.name as usize];
        MentionRef {
            document: &a.docs[doc as usize].name,
            start: m.start as usize,
            end: m.end as usize,
            text: &n.surface,
            entity: a
                .entity_of(m, doc)
                .map(|e| a.resolution.entities[e].id.as_str()),
            entity_type: n.etype.as_str(),
            rule: m.rule.as_str(),
        }
    }
}

impl MentionSource for MentionTable<'_> {
    fn count(&self) -> usize {
        self.a.mention_count()
    }

    fn each(
        &self,
        row: &mut dyn FnMut(MentionRef<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut rows: Vec<MentionRef<'_>> = Vec::new();
        for g in &self.groups {
            rows.clear();
            for &d in g {
                rows.extend(
                    self.a.docs[d as usize]
                        .mentions
                        .iter()
                        .map(|m| self.row(d, m)),
                );
            }
            // Stable: ties keep the order of the documents and of their mentions.
            rows.sort_by(|x, y| {
                (x.start, x.end, x.entity, x.rule).cmp(&(y.start, y.end, y.entity, y.rule))
            });
            for r in &rows {
                row(*r)?;
            }
        }
        Ok(())
    }
}

/// Every mention with its resolved entity, as owned rows (for tests and benchmarks; a build
/// streams them with [`MentionTable`]).
pub fn mention_rows(a: &Analysis) -> Vec<MentionRow> {
    let mut rows = Vec::with_capacity(a.mention_count());
    MentionTable::new(a)
        .each(&mut |r| {
            rows.push(MentionRow {
                document: r.document.to_string(),
                start: r.start,
                end: r.end,
                text: r.text.to_string(),
                entity: r.entity.map(str::to_string),
                entity_type: r.entity_type.to_string(),
                rule: r.rule.to_string(),
            });
            Ok(())
        })
        .expect("collecting rows does not fail");
    rows
}
