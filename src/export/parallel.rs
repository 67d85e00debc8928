//! The graph files written together, in parallel pieces.
//!
//! Every graph file is a head, one record per node of its view, a middle, one record per edge
//! of its view and a tail ([`GraphFile`]). The nodes and the edges are cut into chunks; the
//! workers take the chunks in order and render each one for *every* file at once, so a node's
//! or an edge's data (scattered over the heap) is fetched from memory once for all the files
//! instead of once per file, and the two cores share every file instead of each writing whole
//! files. A rendered piece goes to its file as soon as the pieces before it are there; whoever
//! hands in the next piece in order writes it (and any that follow), the others go on
//! rendering. Each file's bytes are exactly those of writing it record by record.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{Context, Id, KeyedEdge, Out, View};
use crate::graph::Node;

/// Nodes per chunk, at most.
const NODE_CHUNK: usize = 2048;
/// Edges per chunk, at most (a few MB of output over all the files).
const EDGE_CHUNK: usize = 4096;
/// List items (documents, evidence, surfaces, letters, ...) per chunk, at most: a chunk of
/// people named in thousands of documents each was tens of MB in every file (1 GB corpus),
/// and every worker's buffers grew to it. About as many as a chunk of typical edges holds.
const CHUNK_ITEMS: usize = 16384;

/// Where the chunks of `n` records start: each is at most `max` records and, past its first
/// record, at most [`CHUNK_ITEMS`] list items (`items(i)` of record `i`).
fn chunk_starts(n: usize, max: usize, items: impl Fn(usize) -> usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let (mut count, mut total) = (0, 0);
    for i in 0..n {
        let w = items(i);
        if i == 0 || count == max || total + w > CHUNK_ITEMS {
            starts.push(i);
            (count, total) = (0, 0);
        }
        count += 1;
        total += w;
    }
    starts
}

/// A node's list items (see [`CHUNK_ITEMS`]).
fn node_items(n: &Node) -> usize {
    let lists = n.attrs.values().map(|v| match v {
        crate::graph::AttrValue::List(items) => items.len(),
        _ => 0,
    });
    1 + n.surfaces.len()
        + n.aliases.len()
        + n.documents.len()
        + n.evidence.len()
        + lists.sum::<usize>()
}

/// A file made of a head, node records, a middle, edge records and a tail. The record writers
/// cannot fail: they write into memory.
pub(crate) trait GraphFile: Send + Sync {
    fn head(&self, out: &mut Out<'_>) -> io::Result<()>;
    /// The nodes that get a record (`None`: no node records).
    fn nodes(&self) -> Option<View> {
        None
    }
    /// The record of node `i` (node index) of the view.
    fn node(&self, _out: &mut Out<'_>, _n: &Node, _id: Id<'_>, _i: usize) {}
    fn middle(&self, _out: &mut Out<'_>) -> io::Result<()> {
        Ok(())
    }
    /// The edges that get a record (`None`: no edge records).
    fn edges(&self) -> Option<View> {
        None
    }
    /// The record of edge `i` (edge index) of the view.
    fn edge(&self, _out: &mut Out<'_>, _e: &KeyedEdge<'_>, _i: usize) {}
    fn tail(&self, _out: &mut Out<'_>) -> io::Result<()> {
        Ok(())
    }
}

/// Buffers handed back after their bytes are written, for the next pieces of the same file:
/// a file's pieces are all about the same size, so a reused buffer is already large enough
/// (taken from a pool shared by every file, a small piece's buffer had to grow, and be
/// zero-filled, again and again for a large one).
struct Pool(Mutex<Vec<Vec<u8>>>);

impl Pool {
    fn take(&self) -> Vec<u8> {
        self.0.lock().expect("pool").pop().unwrap_or_default()
    }

    fn give(&self, b: Vec<u8>) {
        if b.capacity() > 0 {
            self.0.lock().expect("pool").push(b);
        }
    }
}

/// A rendered piece of a file: the buffer and the length written into it.
type Piece = (Vec<u8>, usize);

/// One output file and the pieces waiting for the ones before them.
struct Sink<'f, W> {
    /// Only the thread that set `writing` locks it: never contended.
    file: Mutex<&'f mut W>,
    state: Mutex<SinkState>,
}

#[derive(Default)]
struct SinkState {
    /// The number of the next piece to write.
    next: usize,
    pending: BTreeMap<usize, Piece>,
    /// Some thread is writing pieces of this file.
    writing: bool,
    error: Option<io::Error>,
}

impl<W: Write> Sink<'_, W> {
    /// Hands in piece `k`; writes it, and the pieces after it that are waiting, when it is the
    /// next one and no other thread is writing this file. Returns false after a write error.
    fn submit(&self, k: usize, piece: Piece, pool: &Pool) -> bool {
        let mut st = self.state.lock().expect("sink");
        if st.error.is_some() {
            return false;
        }
        st.pending.insert(k, piece);
        if st.writing {
            return true;
        }
        st.writing = true;
        loop {
            let next = st.next;
            let Some((buf, len)) = st.pending.remove(&next) else {
                break;
            };
            st.next += 1;
            drop(st);
            let r = self.file.lock().expect("file").write_all(&buf[..len]);
            pool.give(buf);
            st = self.state.lock().expect("sink");
            if let Err(e) = r {
                st.error = Some(e);
                st.writing = false;
                return false;
            }
        }
        st.writing = false;
        true
    }
}

/// Writes `files[i]` into `out[i]`, every file in one pass over the graph with up to
/// `workers` threads. On failure, the index of a file that failed and its error.
pub(crate) fn write<W: Write + Send>(
    ctx: &Context<'_>,
    files: &[&dyn GraphFile],
    out: &mut [W],
    workers: usize,
) -> Result<(), (usize, io::Error)> {
    write_chunked(ctx, files, out, workers, NODE_CHUNK, EDGE_CHUNK)
}

/// [`write`] with the chunk sizes given (small ones in tests).
pub(crate) fn write_chunked<W: Write + Send>(
    ctx: &Context<'_>,
    files: &[&dyn GraphFile],
    out: &mut [W],
    workers: usize,
    node_chunk: usize,
    edge_chunk: usize,
) -> Result<(), (usize, io::Error)> {
    assert_eq!(files.len(), out.len());
    let g = ctx.g;
    let n_nodes = g.node_count();
    let n_edges = g.edge_count();
    let (nodes, edges) = (g.graph.raw_nodes(), g.graph.raw_edges());
    let node_starts = chunk_starts(n_nodes, node_chunk, |i| node_items(&nodes[i].weight));
    let edge_starts = chunk_starts(n_edges, edge_chunk, |i| {
        let e = &edges[i].weight;
        1 + e.letters.len() + e.evidence.len()
    });
    let (node_chunks, edge_chunks) = (node_starts.len(), edge_starts.len());
    // The records of chunk `c` of `starts` (over `n` records).
    let span =
        |starts: &[usize], c: usize, n: usize| (starts[c], starts.get(c + 1).copied().unwrap_or(n));
    // Pieces of every file: head, node chunks, middle, edge chunks, tail.
    let middle = 1 + node_chunks;
    let tail = middle + 1 + edge_chunks;
    let pools: Vec<Pool> = files.iter().map(|_| Pool(Mutex::new(Vec::new()))).collect();
    let sinks: Vec<Sink<'_, W>> = out
        .iter_mut()
        .map(|file| Sink {
            file: Mutex::new(file),
            state: Mutex::new(SinkState::default()),
        })
        .collect();
    let failed = AtomicBool::new(false);
    let submit = |f: usize, k: usize, piece: Piece| {
        if !sinks[f].submit(k, piece, &pools[f]) {
            failed.store(true, Ordering::Relaxed);
        }
    };
    let fixed = |f: usize, k: usize, part: fn(&dyn GraphFile, &mut Out<'_>) -> io::Result<()>| {
        let mut o = Out::detached(Vec::new());
        part(files[f], &mut o).map_err(|e| (f, e))?;
        submit(f, k, o.into_parts());
        Ok(())
    };
    for f in 0..files.len() {
        fixed(f, 0, |file, o| file.head(o))?;
        fixed(f, middle, |file, o| file.middle(o))?;
        fixed(f, tail, |file, o| file.tail(o))?;
    }

    let node_views: Vec<Option<View>> = files.iter().map(|f| f.nodes()).collect();
    let edge_views: Vec<Option<View>> = files.iter().map(|f| f.edges()).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut outs: Vec<Option<Out<'static>>> = Vec::with_capacity(files.len());
        let mut text = String::new();
        loop {
            if failed.load(Ordering::Relaxed) {
                break;
            }
            let t = next.fetch_add(1, Ordering::Relaxed);
            if t >= node_chunks + edge_chunks {
                break;
            }
            let (is_node, (lo, hi), k) = if t < node_chunks {
                (true, span(&node_starts, t, n_nodes), 1 + t)
            } else {
                let c = t - node_chunks;
                (false, span(&edge_starts, c, n_edges), middle + 1 + c)
            };
            let views = if is_node { &node_views } else { &edge_views };
            outs.clear();
            outs.extend(
                views
                    .iter()
                    .zip(&pools)
                    .map(|(v, pool)| v.map(|_| Out::detached(pool.take()))),
            );
            render(ctx, files, views, &mut outs, is_node, (lo, hi), &mut text);
            for (f, o) in outs.drain(..).enumerate() {
                submit(f, k, o.map_or((Vec::new(), 0), Out::into_parts));
            }
        }
    };
    let workers = workers.clamp(1, (node_chunks + edge_chunks).max(1));
    rayon::scope(|s| {
        for _ in 1..workers {
            s.spawn(|_| work());
        }
        work();
    });
    // After a failure the other files are left unfinished: report the failure, whichever
    // file it was in, before asking every file to be complete.
    let mut states: Vec<SinkState> = sinks
        .into_iter()
        .map(|sink| sink.state.into_inner().expect("sink"))
        .collect();
    if let Some(f) = states.iter().position(|st| st.error.is_some()) {
        return Err((f, states.swap_remove(f).error.expect("an error")));
    }
    for st in &states {
        assert!(st.next == tail + 1 && st.pending.is_empty() && !st.writing);
    }
    Ok(())
}

/// Renders records `lo..hi` (nodes, or edges) into the piece of each file that carries them
/// (`outs`, by file; `views`: the view each file writes of nodes, or of edges).
fn render(
    ctx: &Context<'_>,
    files: &[&dyn GraphFile],
    views: &[Option<View>],
    outs: &mut [Option<Out<'static>>],
    is_node: bool,
    (lo, hi): (usize, usize),
    text: &mut String,
) {
    let nodes = ctx.g.graph.raw_nodes();
    if is_node {
        for (i, n) in (lo..hi).zip(&nodes[lo..hi]) {
            let n = &n.weight;
            let id = ctx.id(i);
            for ((file, o), view) in files.iter().zip(outs.iter_mut()).zip(views) {
                if let (Some(o), Some(view)) = (o, view) {
                    if ctx.node_in(*view, i) {
                        file.node(o, n, id, i);
                    }
                }
            }
        }
    } else {
        for i in lo..hi {
            let e = ctx.edge(i, text);
            for ((file, o), view) in files.iter().zip(outs.iter_mut()).zip(views) {
                if let (Some(o), Some(view)) = (o, view) {
                    if ctx.edge_in(*view, i) {
                        file.edge(o, &e, i);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fs::File;
    use std::io::{Read, Seek};

    use super::*;
    use crate::export::{csv, gexf, graphml, json, neo4j};
    use crate::graph::{AttrValue, Edge, KnowledgeGraph};
    use crate::types::{EntityType, Evidence, Source};

    fn node(id: &str, t: EntityType) -> Node {
        Node {
            id: id.into(),
            label: format!("L {id} <&>"),
            entity_type: t,
            surfaces: vec![id.into(), "a;b".into()],
            aliases: vec![],
            documents: vec!["d.txt".into()],
            mentions: 2,
            source: Source::Rule,
            date: Some("2016-12".into()),
            attrs: BTreeMap::new(),
            evidence: vec![],
        }
    }

    fn edge(rel: &str, letters: &[&str]) -> Edge {
        Edge {
            relation: rel.into(),
            weight: 1.5,
            letters: letters.iter().map(|s| s.to_string()).collect(),
            date: None,
            evidence: vec![Evidence {
                document: "d,\"x\".txt".into(),
                start: 1,
                end: 4,
            }],
        }
    }

    /// A graph whose co-signature view starts after the first node and the first edge.
    fn graph() -> KnowledgeGraph {
        let mut nodes = vec![node("city:a", EntityType::City)];
        let mut l = node("letter:1", EntityType::Letter);
        l.attrs
            .insert("kind".into(), AttrValue::Str("letter".into()));
        nodes.push(l);
        for i in 0..7 {
            let mut p = node(&format!("person:p{i}"), EntityType::Person);
            p.attrs
                .insert("betweenness".into(), AttrValue::Float(0.1 * i as f64));
            nodes.push(p);
        }
        let mut edges = vec![(
            "city:a".to_string(),
            "letter:1".to_string(),
            edge("LOCATED_IN", &[]),
        )];
        for i in 0..6 {
            edges.push((
                format!("person:p{i}"),
                "letter:1".into(),
                edge("SIGNED", &[]),
            ));
            edges.push((
                format!("person:p{i}"),
                format!("person:p{}", i + 1),
                edge("CO_SIGNED", &["letter:1"]),
            ));
        }
        KnowledgeGraph::from_parts(nodes, edges)
    }

    fn render(ctx: &Context<'_>, workers: usize, nc: usize, ec: usize) -> Vec<Vec<u8>> {
        let cols = ctx.cols(View::Full);
        let files: Vec<Box<dyn GraphFile + '_>> = vec![
            Box::new(graphml::Graphml::new(ctx, View::Full)),
            Box::new(graphml::Graphml::new(ctx, View::Cosigners)),
            Box::new(gexf::Gexf::new(ctx)),
            Box::new(json::Json::new(ctx, View::Full)),
            Box::new(json::Json::new(ctx, View::Cosigners)),
            Box::new(csv::Entities { cols, bom: true }),
            Box::new(csv::Edges { bom: false }),
            Box::new(csv::Letters { ctx, bom: false }),
            Box::new(neo4j::Nodes { cols }),
            Box::new(neo4j::Relationships),
        ];
        let files: Vec<&dyn GraphFile> = files.iter().map(|f| &**f).collect();
        let temps: Vec<File> = files
            .iter()
            .map(|_| tempfile::tempfile().unwrap())
            .collect();
        let mut refs: Vec<&File> = temps.iter().collect();
        write_chunked(ctx, &files, &mut refs, workers, nc, ec).unwrap();
        temps
            .into_iter()
            .map(|mut f| {
                let mut v = Vec::new();
                f.rewind().unwrap();
                f.read_to_end(&mut v).unwrap();
                v
            })
            .collect()
    }

    /// A file that fails once it would grow past `limit` bytes.
    struct Limited {
        buf: Vec<u8>,
        limit: usize,
    }

    impl Write for Limited {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            if self.buf.len() + b.len() > self.limit {
                return Err(io::Error::other("full"));
            }
            self.buf.extend_from_slice(b);
            Ok(b.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failure_in_any_file_is_its_error_not_a_panic() {
        // The other files are left unfinished when one fails: the failure is reported.
        let g = graph();
        let ctx = Context::new(&g);
        let files: Vec<Box<dyn GraphFile + '_>> = vec![
            Box::new(graphml::Graphml::new(&ctx, View::Full)),
            Box::new(json::Json::new(&ctx, View::Full)),
            Box::new(gexf::Gexf::new(&ctx)),
        ];
        let files: Vec<&dyn GraphFile> = files.iter().map(|f| &**f).collect();
        for failing in 0..files.len() {
            for workers in [1, 2] {
                let mut out: Vec<Limited> = (0..files.len())
                    .map(|f| Limited {
                        buf: Vec::new(),
                        limit: if f == failing { 600 } else { usize::MAX },
                    })
                    .collect();
                let r = write_chunked(&ctx, &files, &mut out, workers, 1, 1);
                let (f, e) = r.expect_err("the limited file fails");
                assert_eq!((f, e.to_string().as_str()), (failing, "full"));
            }
        }
    }

    #[test]
    fn chunks_end_at_the_record_count_or_the_item_budget() {
        assert_eq!(chunk_starts(0, 4, |_| 1), Vec::<usize>::new());
        assert_eq!(chunk_starts(10, 4, |_| 1), [0, 4, 8]);
        // A record over the budget is a chunk of its own; small ones share one up to it.
        let items = [1, CHUNK_ITEMS + 5, 1, CHUNK_ITEMS - 2, 1, 1];
        assert_eq!(chunk_starts(6, 100, |i| items[i]), [0, 1, 2, 5]);
    }

    #[test]
    fn pieces_give_the_same_bytes() {
        let g = graph();
        let ctx = Context::new(&g);
        let whole = render(&ctx, 1, 1 << 20, 1 << 20);
        let json = String::from_utf8(whole[4].clone()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["nodes"].as_array().unwrap().len(), 7);
        assert_eq!(v["edges"].as_array().unwrap().len(), 6);
        for (workers, nc, ec) in [(1, 1, 1), (2, 1, 1), (2, 2, 3), (2, 3, 2), (3, 4, 5)] {
            assert_eq!(render(&ctx, workers, nc, ec), whole, "{workers} {nc} {ec}");
        }
    }
}
