//! Step 1 of resolution, hard links: names matched to one gazetteer entry are one entity;
//! `same` overrides join their two sides; `different` overrides and signature lists are
//! cannot-link tags checked at every later union. Contradictions are diagnostics.

use std::collections::HashMap;

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
}
