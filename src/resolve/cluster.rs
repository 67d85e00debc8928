//! Union-find with constraints checked at union time.
//!
//! Each cluster keeps the gazetteer entries it holds and its cannot-link tags. A tag is
//! `(group, member)`: two clusters may not merge when one holds `(g, m1)` and the other
//! `(g, m2)` with `m1 != m2` (two names of one signature list, two sides of a `different`
//! override). A cluster holds at most one gazetteer entry unless an override forced more.

/// Why a union was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The clusters hold different gazetteer entries.
    Entries(usize, usize),
    /// A cannot-link tag (signature list or `different` override) separates them.
    CannotLink(u32),
}

#[derive(Clone, Debug)]
pub struct Clusters {
    parent: Vec<u32>,
    size: Vec<u32>,
    entries: Vec<Vec<usize>>,
    tags: Vec<Vec<(u32, u32)>>,
}

impl Clusters {
    pub fn new(n: usize) -> Clusters {
        Clusters {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
            entries: vec![Vec::new(); n],
            tags: vec![Vec::new(); n],
        }
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let p = self.parent[x] as usize;
            self.parent[x] = self.parent[p];
            x = p;
        }
        x
    }

    /// Root without path compression (for shared borrows).
    pub fn root(&self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            x = self.parent[x] as usize;
        }
        x
    }

    pub fn set_entry(&mut self, x: usize, entry: usize) {
        let r = self.find(x);
        if let Err(p) = self.entries[r].binary_search(&entry) {
            self.entries[r].insert(p, entry);
        }
    }

    pub fn add_tag(&mut self, x: usize, group: u32, member: u32) {
        let r = self.find(x);
        if let Err(p) = self.tags[r].binary_search(&(group, member)) {
            self.tags[r].insert(p, (group, member));
        }
    }

    /// Entries of the cluster of `x` (sorted).
    pub fn entries(&mut self, x: usize) -> &[usize] {
        let r = self.find(x);
        &self.entries[r]
    }

    /// Cannot-link tags of the cluster of `x` (sorted).
    pub fn tags(&mut self, x: usize) -> &[(u32, u32)] {
        let r = self.find(x);
        &self.tags[r]
    }

    /// Whether the clusters of `a` and `b` may merge.
    pub fn check(&mut self, a: usize, b: usize) -> Result<(), Refusal> {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return Ok(());
        }
        if let (Some(&ea), Some(&eb)) = (self.entries[ra].first(), self.entries[rb].first()) {
            let (xa, xb) = (&self.entries[ra], &self.entries[rb]);
            let subset = |x: &[usize], y: &[usize]| x.iter().all(|e| y.binary_search(e).is_ok());
            if !subset(xa, xb) && !subset(xb, xa) {
                return Err(Refusal::Entries(ea, eb));
            }
        }
        if let Some(g) = tag_conflict(&self.tags[ra], &self.tags[rb]) {
            return Err(Refusal::CannotLink(g));
        }
        Ok(())
    }

    /// Merges when allowed.
    pub fn union(&mut self, a: usize, b: usize) -> Result<bool, Refusal> {
        self.check(a, b)?;
        Ok(self.force(a, b))
    }

    /// Merges whatever the constraints say (hard links). Returns false when already one.
    pub fn force(&mut self, a: usize, b: usize) -> bool {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        if self.size[ra] < self.size[rb] || (self.size[ra] == self.size[rb] && rb < ra) {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb] = ra as u32;
        self.size[ra] += self.size[rb];
        let eb = std::mem::take(&mut self.entries[rb]);
        let tb = std::mem::take(&mut self.tags[rb]);
        merge_sorted(&mut self.entries[ra], eb);
        merge_sorted(&mut self.tags[ra], tb);
        true
    }
}

fn merge_sorted<T: Ord + Copy>(dst: &mut Vec<T>, src: Vec<T>) {
    if src.is_empty() {
        return;
    }
    dst.extend(src);
    dst.sort_unstable();
    dst.dedup();
}

/// The first group in which the two sorted tag lists hold different members.
pub fn tag_conflict(a: &[(u32, u32)], b: &[(u32, u32)]) -> Option<u32> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (ga, gb) = (a[i].0, b[j].0);
        if ga < gb {
            i += 1;
        } else if gb < ga {
            j += 1;
        } else {
            // same group: conflict unless every member on both sides is the same one
            let ie = a[i..].iter().take_while(|t| t.0 == ga).count() + i;
            let je = b[j..].iter().take_while(|t| t.0 == gb).count() + j;
            for x in &a[i..ie] {
                for y in &b[j..je] {
                    if x.1 != y.1 {
                        return Some(ga);
                    }
                }
            }
            i = ie;
            j = je;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cannot_link_blocks_transitive_merge() {
        let mut c = Clusters::new(4);
        c.add_tag(0, 7, 0);
        c.add_tag(1, 7, 1);
        assert_eq!(c.union(0, 2), Ok(true));
        assert_eq!(c.union(2, 1), Err(Refusal::CannotLink(7)));
        c.set_entry(3, 5);
        c.set_entry(1, 6);
        assert_eq!(c.union(3, 1), Err(Refusal::Entries(5, 6)));
        assert_eq!(c.union(3, 0), Ok(true));
    }
}
