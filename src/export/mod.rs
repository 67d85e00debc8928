//! Exports of the knowledge graph: GraphML, GEXF, networkx node-link JSON, Gephi spreadsheet
//! CSVs and neo4j-admin import CSVs.
//!
//! Every file is written to a temporary file in the output folder and renamed over the old
//! one only after *every* selected file has been written completely, so an interrupted build
//! leaves the previous export in place (see [`atomic`]). A build ([`write_build`]) also obeys a
//! stop request ([`stop`]) and writes [`manifest`] last; [`folder`] keeps one build at a time
//! in an output folder and removes what killed builds left there. The graph files are written together
//! in pieces of a few thousand records, rendered in parallel (see `parallel`); nothing builds
//! a whole file in memory. Escaping is always done by the libraries (`quick-xml`,
//! `csv`, `serde_json`); this module only removes characters that XML cannot carry at all and
//! neutralises spreadsheet formulas.
//!
//! Conventions shared by the formats:
//! - node ids are written as they are (`[a-z0-9:-]` plus non-Latin letters: NMTOKEN-safe);
//! - edge ids (`key` in JSON, `id` in GraphML / GEXF / CSV, `edge_id` in neo4j) are derived
//!   from the edge itself (`e` + a 64-bit FNV-1a hash of source, relation and target, in hex),
//!   so they are stable across rebuilds, and short;
//! - lists (`surfaces`, `aliases`, `documents`, `letters`, list attributes) are joined with `;`
//!   outside JSON; a `;` inside an item is written as `,`;
//! - `CO_SIGNED` is stored once (source id < target id); it is `Undirected` in `edges.csv` and
//!   the co-signature files (`cosigners.*`) are undirected graphs of the people who signed.

pub mod atomic;
mod context;
pub mod csv;
pub mod folder;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod manifest;
mod mentions;
pub mod neo4j;
mod out;
mod parallel;
pub mod stop;
mod values;

use std::path::{Path, PathBuf};

use crate::graph::KnowledgeGraph;
use crate::layout::Layouts;
use crate::page::Texts;
pub use context::edge_key;
pub(crate) use context::{edge_date, AttrCol, AttrKind, Context, Id, KeyedEdge, View, NODE_FIELDS};
pub use mentions::{mention_rows, MentionRef, MentionRow, MentionSource, MentionTable};
pub(crate) use out::{EdgeKey, Out};
pub use stop::Stop;
pub use values::full_date;
pub(crate) use values::{
    attr_text, evidence_append, evidence_into, float_debug, full_date_cow, join_append, join_into,
    type_colour, xml_clean, FLOAT_MAX,
};

/// An export format (`--format`). Each format writes one or more files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// `graph.graphml` and `cosigners.graphml`.
    Graphml,
    /// `graph.gexf` (GEXF 1.3, dynamic).
    Gexf,
    /// `graph.json` and `cosigners.json` (networkx node-link).
    Json,
    /// `entities.csv`, `edges.csv` (Gephi), `letters.csv`, `mentions.csv`.
    Csv,
    /// `neo4j_nodes.csv`, `neo4j_relationships.csv` (neo4j-admin import).
    Neo4j,
    /// `index.html`: a self-contained page that draws the graph (see [`crate::page`]).
    Html,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Graphml,
        Format::Gexf,
        Format::Json,
        Format::Csv,
        Format::Neo4j,
        Format::Html,
    ];

    /// The format's files carry node positions.
    pub fn needs_layout(self) -> bool {
        matches!(self, Format::Graphml | Format::Gexf | Format::Html)
    }
}

/// What a build computes for the exports besides the graph: node positions (for GraphML, GEXF
/// and the page) and the passages the page quotes.
#[derive(Clone, Copy)]
pub struct Extras<'a> {
    pub layouts: &'a Layouts,
    pub texts: &'a Texts,
}

/// What to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// Formats to write; empty means every format.
    pub formats: Vec<Format>,
    /// Start the spreadsheet CSVs (not the neo4j ones) with a UTF-8 byte-order mark, for Excel.
    pub bom: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            formats: Format::ALL.to_vec(),
            bom: false,
        }
    }
}

/// Writes the selected formats into `out` (created if missing) and returns the paths written,
/// in a fixed order. Nothing is renamed into place unless every file was written.
pub fn write_all(
    g: &KnowledgeGraph,
    mentions: &[MentionRow],
    out: &Path,
    opts: &ExportOptions,
) -> crate::Result<Vec<PathBuf>> {
    write_all_from(g, &mentions, out, opts)
}

/// [`write_all`] with the mentions given by a [`MentionSource`]; the layouts are computed
/// here when a selected format needs them, and the page quotes no passages.
pub fn write_all_from(
    g: &KnowledgeGraph,
    mentions: &dyn MentionSource,
    out: &Path,
    opts: &ExportOptions,
) -> crate::Result<Vec<PathBuf>> {
    let layouts = if formats(opts).iter().any(|f| f.needs_layout()) {
        Layouts::compute(g)
    } else {
        Layouts::default()
    };
    let texts = Texts::default();
    let extras = Extras {
        layouts: &layouts,
        texts: &texts,
    };
    let ctl = atomic::Control {
        stop: &Stop::new(),
        hash: false,
        remove_first: None,
    };
    let written = write_planned(g, mentions, extras, out, opts, ctl)?;
    Ok(written.into_iter().map(|(path, _)| path).collect())
}

/// Writes a build's export into `out` like [`write_all_from`], with the layouts and passages
/// the caller computed, then `manifest.json` (last), and returns the paths written, the
/// manifest's last. The writers obey `stop`: a stop asked before or while the files are written
/// fails with [`crate::Error::Interrupted`], with the temporary files removed and nothing
/// replaced. The old manifest is removed just before the files are renamed into place, so a
/// folder whose manifest is there holds the files it lists.
pub fn write_build(
    g: &KnowledgeGraph,
    mentions: &dyn MentionSource,
    extras: Extras<'_>,
    out: &Path,
    opts: &ExportOptions,
    stop: &Stop,
    sources: &manifest::Sources,
) -> crate::Result<Vec<PathBuf>> {
    stop.begin_writing()?;
    let ctl = atomic::Control {
        stop,
        hash: true,
        remove_first: Some(manifest::NAME),
    };
    let result = write_planned(g, mentions, extras, out, opts, ctl).and_then(|written| {
        let (mut paths, sums): (Vec<PathBuf>, Vec<_>) = written.into_iter().unzip();
        paths.push(manifest::Manifest::new(sources, sums).write(out)?);
        Ok(paths)
    });
    stop.end_writing();
    match (result, stop.signal()) {
        (Err(_), Some(signal)) => Err(crate::Error::Interrupted { signal }),
        (result, _) => result,
    }
}

/// The selected formats, sorted, each once (every format when none is selected).
fn formats(opts: &ExportOptions) -> Vec<Format> {
    let mut formats = if opts.formats.is_empty() {
        Format::ALL.to_vec()
    } else {
        opts.formats.clone()
    };
    formats.sort();
    formats.dedup();
    formats
}

/// Writes the selected formats as `ctl` says, with the layouts and passages of `extras`: the
/// final paths and sums, in a fixed order.
fn write_planned(
    g: &KnowledgeGraph,
    mentions: &dyn MentionSource,
    extras: Extras<'_>,
    out: &Path,
    opts: &ExportOptions,
    ctl: atomic::Control<'_>,
) -> crate::Result<Vec<(PathBuf, manifest::FileSum)>> {
    atomic::prepare_dir(out)?;
    let formats = formats(opts);
    let mut ctx = Context::new(g);
    if extras.layouts.full.len() == g.node_count() && g.node_count() > 0 {
        ctx.layout = Some(extras.layouts);
    }
    let ctx = &ctx;
    let bom = opts.bom;
    let mut plan = Plan::default();
    for f in &formats {
        match f {
            Format::Graphml => {
                plan.graph("graph.graphml", graphml::Graphml::new(ctx, View::Full));
                plan.graph(
                    "cosigners.graphml",
                    graphml::Graphml::new(ctx, View::Cosigners),
                );
            }
            Format::Gexf => plan.graph("graph.gexf", gexf::Gexf::new(ctx)),
            Format::Json => {
                plan.graph("graph.json", json::Json::new(ctx, View::Full));
                plan.graph("cosigners.json", json::Json::new(ctx, View::Cosigners));
            }
            Format::Csv => {
                let cols = ctx.cols(View::Full);
                plan.graph("entities.csv", csv::Entities { cols, bom });
                plan.graph("edges.csv", csv::Edges { bom });
                plan.graph("letters.csv", csv::Letters { ctx, bom });
                // Not a graph file: written at the same time, apart.
                plan.order.push("mentions.csv");
                plan.jobs.push(Job {
                    name: "mentions.csv",
                    write: Box::new(move |w| csv::write_mentions(w, mentions, bom)),
                });
            }
            Format::Neo4j => {
                let cols = ctx.cols(View::Full);
                plan.graph("neo4j_nodes.csv", neo4j::Nodes { cols });
                plan.graph("neo4j_relationships.csv", neo4j::Relationships);
            }
            Format::Html => {
                plan.order.push("index.html");
                plan.jobs.push(Job {
                    name: "index.html",
                    write: Box::new(move |w| {
                        crate::page::write(w, g, extras.layouts, extras.texts)
                    }),
                });
            }
        }
    }
    let Plan {
        order,
        names,
        files,
        jobs,
    } = plan;
    let workers = rayon::current_num_threads();
    let group = atomic::Group {
        names,
        write: Box::new(move |out| {
            let files: Vec<&dyn parallel::GraphFile> = files.iter().map(|f| &**f).collect();
            parallel::write(ctx, &files, out, workers)
        }),
    };
    atomic::write_files(out, group, jobs, &order, ctl)
}

/// The files to write: the graph files (written together, see [`parallel`]) and the others.
#[derive(Default)]
struct Plan<'a> {
    /// Every file, in the order of the paths returned.
    order: Vec<&'static str>,
    names: Vec<&'static str>,
    files: Vec<Box<dyn parallel::GraphFile + 'a>>,
    jobs: Vec<Job<'a>>,
}

impl<'a> Plan<'a> {
    fn graph(&mut self, name: &'static str, f: impl parallel::GraphFile + 'a) {
        self.order.push(name);
        self.names.push(name);
        self.files.push(Box::new(f));
    }
}

/// Writes a file's content.
pub(crate) type Writer<'a> =
    Box<dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + Send + 'a>;

/// A file written apart from the graph files: its name and its writer.
pub(crate) struct Job<'a> {
    pub name: &'static str,
    pub write: Writer<'a>,
}
