//! Step 1 of resolution, hard links: names matched to one gazetteer entry are one entity;
//! `same` overrides join their two sides; `different` overrides and signature lists are
//! cannot-link tags checked at every later union. Contradictions are diagnostics. Then the
//! text's own links ([`super::ResolveInput::same`], rule `same-in-text`) join their two names,
//! except across two types, two gazetteer entries or the sides of a `different` override.

use std::collections::HashMap;

use super::cluster::{self, Refusal};
use super::{Resolver, Rule};
use crate::error::Diagnostic;
use crate::types::slug;

impl Resolver<'_> {
    /// Nodes an override side names: a node id, an entry id, or a spelling.
    fn override_nodes(&self, key: &str, by_fold: &HashMap<String, Vec<usize>>) -> Vec<usize> {
        let g = self.input.gazetteer;
        let mut out = Vec::new();
        if let Some(ei) = g
            .entries
            .iter()
            .position(|e| e.node_id() == key || e.id == key)
        {
            out.extend((0..self.nodes.len()).filter(|&i| self.nodes[i].entry == Some(ei)));
        }
        if out.is_empty() {
            if let Some((prefix, s)) = key.split_once(':') {
                out.extend((0..self.nodes.len()).filter(|&i| {
                    let n = &self.nodes[i];
                    n.name.is_some()
                        && n.etype.id_prefix() == prefix
                        && slug(&self.input.names[n.name.unwrap()].surface) == s
                }));
            }
        }
        if out.is_empty() {
            let f = crate::text::fold(key).replace(' ', "");
            if let Some(v) = by_fold.get(&f) {
                out.extend(v.iter().copied());
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Hard links and cannot-link tags (step 1).
    pub(super) fn hard_links(&mut self) {
        let n = self.nodes.len();
        // cannot-link tags: signature lists, then `different` overrides
        for (g, group) in self.input.cannot_link.iter().enumerate() {
            for &x in group {
                if x < self.input.names.len() {
                    self.cl.add_tag(x, g as u32, x as u32);
                }
            }
        }
        for i in 0..n {
            if let Some(e) = self.nodes[i].entry {
                self.cl.set_entry(i, e);
            }
        }
        // gazetteer identity
        let mut first_of_entry: HashMap<usize, usize> = HashMap::new();
        for i in 0..n {
            if let Some(e) = self.nodes[i].entry {
                match first_of_entry.get(&e) {
                    None => {
                        first_of_entry.insert(e, i);
                    }
                    Some(&f) => {
                        // not recorded one by one: `explain` lists the gazetteer's names
                        self.cl.force(f, i);
                    }
                }
            }
        }
        if self.input.overrides.is_empty() {
            return;
        }
        let sides = self.overrides();
        self.contradictions(&sides);
    }

    /// The overrides: `different` sides become cannot-link tags, `same` sides are joined.
    /// Returns the nodes of each override's two sides.
    fn overrides(&mut self) -> Vec<(Vec<usize>, Vec<usize>)> {
        let n = self.nodes.len();
        let mut by_fold: HashMap<String, Vec<usize>> = HashMap::new();
        for i in 0..n {
            by_fold
                .entry(self.nodes[i].feat.folded.replace(' ', ""))
                .or_default()
                .push(i);
        }
        let base = self.input.cannot_link.len() as u32;
        let mut sides = Vec::new();
        for (k, o) in self.input.overrides.iter().enumerate() {
            let a = self.override_nodes(&o.a, &by_fold);
            let b = self.override_nodes(&o.b, &by_fold);
            if !o.same {
                for &x in &a {
                    self.cl.add_tag(x, base + k as u32, 0);
                }
                for &x in &b {
                    self.cl.add_tag(x, base + k as u32, 1);
                }
            }
            sides.push((a, b));
        }
        for (o, (a, b)) in self.input.overrides.iter().zip(&sides) {
            if !o.same || a.is_empty() || b.is_empty() {
                continue;
            }
            let all: Vec<usize> = a.iter().chain(b.iter()).copied().collect();
            for &x in &all[1..] {
                self.cl.force(all[0], x);
            }
            let d = format!("`same` at {}:{}", o.file.display(), o.line);
            self.record(a[0], b[0], Rule::Override, 1.0, d);
        }
        sides
    }

    /// A diagnostic for each `different` override whose sides hard links already joined (they
    /// stay together), naming the links.
    fn contradictions(&mut self, sides: &[(Vec<usize>, Vec<usize>)]) {
        for (o, (a, b)) in self.input.overrides.iter().zip(sides) {
            if o.same || a.is_empty() || b.is_empty() {
                continue;
            }
            let ra: Vec<usize> = a.iter().map(|&x| self.cl.find(x)).collect();
            let Some(joined) = b.iter().map(|&x| self.cl.find(x)).find(|r| ra.contains(r)) else {
                continue;
            };
            let mut why: Vec<String> = Vec::new();
            for (o2, (a2, _)) in self.input.overrides.iter().zip(sides) {
                if o2.same && a2.first().is_some_and(|&x| self.cl.find(x) == joined) {
                    why.push(format!("`same` at {}:{}", o2.file.display(), o2.line));
                }
            }
            for &e in self.cl.entries(joined).to_vec().iter() {
                let en = &self.input.gazetteer.entries[e];
                why.push(format!(
                    "gazetteer entry {} at {}:{}",
                    en.id,
                    en.file.display(),
                    en.line
                ));
            }
            self.diagnostics.push(Diagnostic {
                path: o.file.display().to_string(),
                line: Some(o.line),
                message: format!(
                    "`different {} / {}` contradicts {}: kept together",
                    o.a,
                    o.b,
                    why.join(", ")
                ),
            });
        }
    }

    /// The text's own links ([`super::ResolveInput::same`]): each pair is joined whatever the
    /// signature lists say (a name and its other spelling often stand in one list), but never
    /// across two types, two gazetteer entries or the sides of a `different` override (refused,
    /// kept as a near miss). A linked single name is no longer treated as a partial name: the
    /// text said whose it is.
    pub(super) fn text_links(&mut self) {
        let names = self.input.names.len();
        for &(a, b) in self.input.same {
            if a >= names || b >= names || a == b {
                continue;
            }
            if self.nodes[a].etype != self.nodes[b].etype {
                let why = "same in text, refused: names of two types".to_string();
                self.near_miss(a, b, 1.0, why);
                continue;
            }
            if self.cl.find(a) == self.cl.find(b) {
                continue;
            }
            if let Some(r) = self.text_link_refusal(a, b) {
                let why = format!("same in text, refused: {}", self.refusal(r));
                self.near_miss(a, b, 1.0, why);
                continue;
            }
            // signature-list tags only: checked above for gazetteer entries and overrides
            self.cl.force(a, b);
            self.nodes[a].partial = false;
            self.nodes[b].partial = false;
            let d = "same in text: the document gives both names to one person".to_string();
            self.record(a, b, Rule::SameInText, 1.0, d);
        }
    }

    /// Why a text link between `a` and `b` is refused: two gazetteer entries, or the two sides
    /// of a `different` override (signature lists do not refuse it).
    fn text_link_refusal(&mut self, a: usize, b: usize) -> Option<Refusal> {
        if let Err(r @ Refusal::Entries(..)) = self.cl.check(a, b) {
            return Some(r);
        }
        // the tags of `different` overrides (signature lists come first, below `users`)
        let users = self.input.cannot_link.len() as u32;
        let user = |t: &[(u32, u32)]| -> Vec<(u32, u32)> {
            t.iter().copied().filter(|x| x.0 >= users).collect()
        };
        let ta = user(self.cl.tags(a));
        let tb = user(self.cl.tags(b));
        cluster::tag_conflict(&ta, &tb).map(Refusal::CannotLink)
    }
}
