//! The `entigraph` command line: a thin layer over the library.
//!
//! Exit codes: 0 ok, 1 the run finished but some input was bad (reported on stderr), or the
//! export could not be written (disk full, read-only folder: the previous export is intact),
//! 2 usage (bad arguments, a missing input, an unusable output folder, a folder another build
//! is writing to with `--no-wait`), 3 `eval --min-f1` not met, 130 / 143 stopped by SIGINT /
//! SIGTERM (see docs/robustness.md).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};

use entigraph::corpus::Corpus;
use entigraph::error::Diagnostic;
use entigraph::export::{self, ExportOptions, Format};
use entigraph::gazetteer::Gazetteer;
use entigraph::inspect::InspectCommand;
use entigraph::partials::{Header, Partials};
use entigraph::pipeline;

/// mimalloc instead of glibc's allocator: the build allocates in several threads and frees in
/// others, and glibc's per-thread arenas kept hundreds of MB of freed memory (1 GB build).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "entigraph",
    version,
    about = "Turn a folder of news articles into a knowledge graph of people, prisons, letters and co-signatures."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Args, Clone)]
struct InputArgs {
    /// Folders (recursive: *.txt, *.md), files, .jsonl files, or - for JSONL on stdin
    /// [default: seeds, unless --partials is given].
    inputs: Vec<PathBuf>,
    /// The gazetteer folder.
    #[arg(long, default_value = "gazetteer")]
    gazetteer: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the knowledge graph and write the exports (the default command).
    Build {
        #[command(flatten)]
        input: InputArgs,
        /// Output folder.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Exports to write (default: all).
        #[arg(long, value_enum, value_delimiter = ',')]
        format: Vec<Format>,
        /// Start the spreadsheet CSV files with a UTF-8 byte-order mark (for Excel).
        #[arg(long)]
        bom: bool,
        /// No summary, no progress.
        #[arg(long)]
        quiet: bool,
        /// When another build is writing to the output folder, exit (status 2) instead of
        /// waiting for it to finish.
        #[arg(long)]
        no_wait: bool,
        /// Partials files (written by `entigraph map`) to build from, with the documents given
        /// (put them before --partials, or after --).
        #[arg(long, num_args = 1.., value_name = "FILE")]
        partials: Vec<PathBuf>,
    },
    /// Write the partials of the documents: what the global stages of a build need from each
    /// (see docs/partials.md), for `build --partials`.
    Map {
        #[command(flatten)]
        input: InputArgs,
        /// The partials file to write, or - for standard output.
        #[arg(short = 'o', long = "output", default_value = "-", value_name = "FILE")]
        output: PathBuf,
    },
    /// Answer everyday questions about an output folder (reads its graph.json).
    Inspect {
        /// The output folder of a build.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Print JSON instead of tables.
        #[arg(long, global = true)]
        json: bool,
        #[command(subcommand)]
        command: InspectCommand,
    },
    /// Score the pipeline's output against a gold annotation (entigraph-gold/1).
    Eval {
        /// The gold file.
        #[arg(long)]
        gold: PathBuf,
        #[command(flatten)]
        input: InputArgs,
        /// Score an existing export folder (its graph.json) instead of running the pipeline.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
        /// Write the prediction in entigraph-pred/1 to this file.
        #[arg(long)]
        dump_pred: Option<PathBuf>,
        /// Exit with status 3 when entity F1 (micro) falls below this.
        #[arg(long)]
        min_f1: Option<f64>,
    },
    /// Show how a name resolves: the entity, every spelling with counts and documents, the
    /// merges with their rule and scores, and the near misses.
    Explain {
        /// A name as written in the articles (any spelling).
        name: String,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Write the borderline name pairs to a CSV for a person to mark `same` or `different`
    /// (the marked rows can be appended to gazetteer/overrides.tsv).
    Review {
        #[command(flatten)]
        input: InputArgs,
        /// The CSV file to write.
        #[arg(long, default_value = "review.csv")]
        out: PathBuf,
        /// How far below or above the merge threshold a pair counts as borderline.
        #[arg(long, default_value_t = 0.1)]
        margin: f32,
    },
    /// Stream one JSON line per mention to stdout (gazetteer ids, no resolution).
    Extract {
        #[command(flatten)]
        input: InputArgs,
    },
}

/// Keeps the memory mimalloc frees instead of handing it back to the OS after a delay, and
/// asks for small OS pages.
///
/// Every document's buffers are freed and allocated again; with purging, the OS took the pages
/// back between documents and zeroed them again on the next touch: 47,000 page faults and 9%
/// of the CPU of a 100 MB build (`clear_page_erms`), against 500 faults without. A run is one
/// batch job, so what it keeps is returned when it exits; the peak grows little (1 GB build
/// 1.65 → 1.70 GiB).
///
/// With transparent huge pages, each first touch of a region zeroed a whole 2 MiB page, most
/// of it never used: 100 MB build, system time 1.2–1.4 s → 0.6 s and peak 466–478 → 408–411 MB
/// without them. (mimalloc's own `allow_thp` option is read before `main` runs, so the process
/// asks the kernel itself.)
fn tune_allocator() {
    /// `mi_option_purge_delay` in mimalloc's `mi_option_e` (the same in v2 and v3).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: called once at the start of `main`, before any other thread exists (mimalloc's
    // options are not synchronised); -1 means "never purge".
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    // `prctl(PR_SET_THP_DISABLE)` holds for the whole process. On failure (an old kernel) the
    // process keeps huge pages, which changes its speed, not its results.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let command = cli.command.unwrap_or(Command::Build {
        input: InputArgs {
            inputs: vec![PathBuf::from("seeds")],
            gazetteer: PathBuf::from("gazetteer"),
            jobs: None,
        },
        out: PathBuf::from("output"),
        format: Vec::new(),
        bom: false,
        quiet: false,
        no_wait: false,
        partials: Vec::new(),
    });
    match run(command) {
        Ok(diags) => report(&diags),
        Err(e) => {
            eprintln!("entigraph: error: {}", message(&e));
            exit_code(&e)
        }
    }
}

/// The exit status of a command that failed (see the module documentation).
fn exit_code(e: &anyhow::Error) -> ExitCode {
    if e.downcast_ref::<BelowThreshold>().is_some() {
        return ExitCode::from(3);
    }
    if e.downcast_ref::<ExportFailed>().is_some() {
        return ExitCode::from(1);
    }
    match e.downcast_ref::<entigraph::Error>() {
        Some(entigraph::Error::Interrupted { signal }) => ExitCode::from(signal_status(*signal)),
        _ => ExitCode::from(2),
    }
}

/// The conventional exit status after a signal: 128 + its number.
fn signal_status(signal: i32) -> u8 {
    (128 + signal).clamp(0, 255) as u8
}

/// The error and its causes, each cause left out when the message before already says it (the
/// library's I/O errors name the file and repeat the OS error they carry as their source).
fn message(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// Prints resolution notes (not input errors): the first few, then a count.
fn print_notes(notes: &[Diagnostic]) {
    const SHOWN: usize = 20;
    for n in notes.iter().take(SHOWN) {
        eprintln!("entigraph: note: {n}");
    }
    if notes.len() > SHOWN {
        eprintln!(
            "entigraph: note: ... and {} more (see `entigraph review`)",
            notes.len() - SHOWN
        );
    }
}

/// `eval --min-f1`: the score is below the threshold (exit status 3).
#[derive(Debug)]
struct BelowThreshold(f64, f64);

impl std::fmt::Display for BelowThreshold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "entity F1 {:.3} is below --min-f1 {:.3}", self.0, self.1)
    }
}

impl std::error::Error for BelowThreshold {}

/// Prints input problems; exit 1 when there were any.
fn report(diags: &[Diagnostic]) -> ExitCode {
    if diags.is_empty() {
        return ExitCode::SUCCESS;
    }
    for d in diags {
        eprintln!("entigraph: warning: {d}");
    }
    eprintln!(
        "entigraph: {} input problem(s) reported; the rest was processed",
        diags.len()
    );
    ExitCode::from(1)
}

/// The progress bar on stderr: documents, bytes, rate and stage. It appears only after about
/// two seconds, and never with `--quiet` or when stderr is not a terminal.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
    shown: std::cell::Cell<bool>,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        use std::io::IsTerminal;
        let bar = (!quiet && io::stderr().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::hidden();
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {prefix:8} {pos} documents, {msg} [{elapsed}]",
                )
                .expect("a valid template"),
            );
            b
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: std::cell::Cell::new(false),
        }
    }

    fn show_if_slow(&self, b: &indicatif::ProgressBar) {
        if !self.shown.get() && self.start.elapsed().as_secs_f64() >= 2.0 {
            self.shown.set(true);
            b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            b.enable_steady_tick(std::time::Duration::from_millis(200));
        }
    }

    fn stage(&self, name: &str) {
        if let Some(b) = &self.bar {
            b.set_prefix(name.to_string());
            self.show_if_slow(b);
        }
    }

    fn update(&self, docs: usize, bytes: usize) {
        if let Some(b) = &self.bar {
            let secs = self.start.elapsed().as_secs_f64().max(1e-9);
            b.set_position(docs as u64);
            b.set_message(format!(
                "{:.1} MB ({:.1} MB/s)",
                bytes as f64 / 1e6,
                bytes as f64 / 1e6 / secs
            ));
            self.show_if_slow(b);
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn setup(input: &InputArgs) -> anyhow::Result<(Gazetteer, Corpus, Vec<Diagnostic>)> {
    setup_with(input, true)
}

/// The gazetteer and the corpus of `input`; `seeds` when no input is given and `default_seeds`.
fn setup_with(
    input: &InputArgs,
    default_seeds: bool,
) -> anyhow::Result<(Gazetteer, Corpus, Vec<Diagnostic>)> {
    if let Some(j) = input.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let mut diags = Vec::new();
    let gaz = Gazetteer::load(&input.gazetteer, &mut diags)?;
    let inputs = match &input.inputs[..] {
        [] if default_seeds => vec![PathBuf::from("seeds")],
        given => given.to_vec(),
    };
    let corpus = Corpus::open(&inputs, &mut diags)?;
    Ok((gaz, corpus, diags))
}

fn run(command: Command) -> anyhow::Result<Vec<Diagnostic>> {
    match command {
        Command::Build {
            input,
            out,
            format,
            bom,
            quiet,
            no_wait,
            partials,
        } => build(&input, &partials, &out, format, bom, quiet, no_wait),
        Command::Map { input, output } => map(&input, &output),
        Command::Inspect { out, json, command } => {
            let problems = check_manifest(&out);
            print!("{}", entigraph::inspect::run(&command, &out, json)?);
            Ok(problems)
        }
        Command::Eval {
            gold,
            input,
            output,
            json,
            dump_pred,
            min_f1,
        } => eval(&gold, &input, output, json, dump_pred, min_f1),
        Command::Explain { name, input } => explain(&name, &input),
        Command::Review { input, out, margin } => review(&input, &out, margin),
        Command::Extract { input } => extract(&input),
    }
}

/// `build`: the whole pipeline, the graph, its measures and the exports; timings and summary.
/// With `partials`, the documents of those files join the inputs' (`build --partials`).
///
/// The output folder is locked and cleared of earlier builds' temporary files before the
/// inputs are read; SIGINT and SIGTERM stop the build (see [`watch_signals`]).
fn build(
    input: &InputArgs,
    partials: &[PathBuf],
    out: &Path,
    format: Vec<Format>,
    bom: bool,
    quiet: bool,
    no_wait: bool,
) -> anyhow::Result<Vec<Diagnostic>> {
    let t0 = Instant::now();
    let stop = export::Stop::new();
    watch_signals(&stop, out)?;
    let (gaz, corpus, diags) = setup_with(input, partials.is_empty())?;
    let mut partials = open_partials(partials, &input.gazetteer)?;
    let _lock = take_output(out, no_wait)?;
    let sources = {
        // The inputs' digest covers the partials files too.
        let mut read = corpus.clone();
        for p in partials.iter().flat_map(|p| p.files()) {
            read.sources
                .push(entigraph::corpus::Source::Jsonl(p.clone()));
            read.inputs.push(p.clone());
        }
        let gazetteer = input.gazetteer.clone();
        std::thread::spawn(move || export::manifest::Sources::read(&read, &gazetteer))
    };
    let bar = Progress::new(quiet);
    bar.stage("analyse");
    let progress = |d, b| bar.update(d, b);
    let mut analysis = pipeline::analyse_with(&corpus, partials.as_mut(), &gaz, diags, &progress)?;
    bar.stage("graph");
    let t = Instant::now();
    let mut graph = entigraph::graph::build_graph(&analysis, &gaz);
    let graph_s = t.elapsed().as_secs_f64();
    let opts = ExportOptions {
        formats: format,
        bom,
    };
    bar.stage("layout");
    // The measures, the layouts and the page's passages only read the graph: side by side.
    let partials = partials.as_ref();
    let ((measures, measures_s), (layouts, texts)) = rayon::join(
        || {
            let t = Instant::now();
            let m = entigraph::graph::measures::CosignatureMeasures::of(&graph);
            (m, t.elapsed().as_secs_f64())
        },
        || layouts_and_texts(&graph, &corpus, partials, &opts),
    );
    measures.apply(&mut graph);
    let rows = export::MentionTable::new(&analysis);
    let sources = sources.join().expect("hashing the inputs")?;
    bar.stage("export");
    let t = Instant::now();
    let extras = export::Extras {
        layouts: &layouts,
        texts: &texts.0,
    };
    let written = write_export(&graph, &rows, extras, out, &opts, &stop, &sources)?;
    drop(rows);
    analysis.timings.extend([
        ("graph", graph_s),
        ("measures", measures_s),
        ("layout co-signature", layouts.seconds.0),
        ("layout graph", layouts.seconds.1),
        ("page texts", texts.1),
        ("export", t.elapsed().as_secs_f64()),
    ]);
    bar.finish();
    print_notes(&analysis.notes);
    if !quiet {
        println!(
            "{}",
            pipeline::summary(&analysis, &graph, t0.elapsed().as_secs_f64())
        );
        println!("  wrote {} files to {}", written.len(), out.display());
    }
    if let Some(signal) = stop.signal() {
        eprintln!(
            "{}",
            stopped_message(signal, export::stop::Phase::Done, out)
        );
        std::process::exit(signal_status(signal).into());
    }
    Ok(analysis.diagnostics)
}

/// The export could not be written (exit status 1): the previous export is intact.
#[derive(Debug)]
struct ExportFailed(entigraph::Error, PathBuf);

impl std::fmt::Display for ExportFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "could not write the export: {}; nothing was replaced and the temporary files were \
             removed: the previous export in {} is intact",
            self.0,
            self.1.display()
        )
    }
}

impl std::error::Error for ExportFailed {}

/// [`export::write_build`], its failures told apart: stopped (the message printed and the
/// process ended here, 130 / 143), the output folder unusable (2), the write failed (1).
fn write_export(
    graph: &entigraph::graph::KnowledgeGraph,
    rows: &export::MentionTable<'_>,
    extras: export::Extras<'_>,
    out: &Path,
    opts: &ExportOptions,
    stop: &export::Stop,
    sources: &export::manifest::Sources,
) -> anyhow::Result<Vec<PathBuf>> {
    export::atomic::prepare_dir(out)?;
    match export::write_build(graph, rows, extras, out, opts, stop, sources) {
        Ok(written) => Ok(written),
        Err(entigraph::Error::Interrupted { signal }) => {
            // The temporary files are gone (dropped in `write_build`); the lock goes with us.
            eprintln!(
                "{}",
                stopped_message(signal, export::stop::Phase::Writing, out)
            );
            std::process::exit(signal_status(signal).into());
        }
        Err(e) => Err(ExportFailed(e, out.to_path_buf()).into()),
    }
}

/// Creates and locks the output folder (waiting for another build, or not), and removes the
/// temporary files that killed builds left there, saying how much.
fn take_output(out: &Path, no_wait: bool) -> anyhow::Result<export::folder::Lock> {
    export::atomic::prepare_dir(out)?;
    let lock = export::folder::lock(out, !no_wait, || {
        eprintln!(
            "entigraph: another entigraph build is writing to {}; waiting for it to finish \
             (--no-wait to exit instead)",
            out.display()
        )
    })?;
    let removed = export::folder::remove_temporary(out)?;
    if removed.files > 0 {
        eprintln!(
            "entigraph: removed {} temporary file(s) ({} bytes, {}) left in {} by interrupted \
             builds",
            removed.files,
            removed.bytes,
            human_bytes(removed.bytes),
            out.display()
        );
    }
    for (path, why) in &removed.failed {
        eprintln!(
            "entigraph: warning: could not remove the temporary file {}: {why}",
            path.display()
        );
    }
    Ok(lock)
}

/// A size for people: `812 B`, `7.7 kB`, `57.2 MB`, `1.3 GB` (powers of 1000).
fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.1} GB", n as f64 / 1e9),
    }
}

/// Installs the handlers of SIGINT and SIGTERM: a thread that asks `stop` to stop. Before the
/// write phase (and after it) that thread ends the process at once (nothing to clean up:
/// the output folder is as it was, or complete); during it the writers stop and clean up, and
/// `build` exits. SIGXFSZ (a file size limit) is caught too, so that the write fails with an
/// error (and cleans up) instead of the process being killed.
fn watch_signals(stop: &export::Stop, out: &Path) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM, SIGXFSZ};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])
        .context("installing the signal handlers")?;
    let ignored = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    signal_hook::flag::register(SIGXFSZ, ignored).context("installing the signal handlers")?;
    let (stop, out) = (stop.clone(), out.to_path_buf());
    std::thread::spawn(move || {
        for signal in signals.forever() {
            stop.request(signal, |phase| {
                eprintln!("{}", stopped_message(signal, phase, &out));
                std::process::exit(signal_status(signal).into());
            });
        }
    });
    Ok(())
}

/// What a stop by `signal` in `phase` did to the output folder.
fn stopped_message(signal: i32, phase: export::stop::Phase, out: &Path) -> String {
    use export::stop::Phase;
    let name = match signal {
        signal_hook::consts::SIGINT => "SIGINT".to_string(),
        signal_hook::consts::SIGTERM => "SIGTERM".to_string(),
        n => format!("signal {n}"),
    };
    let out = out.display();
    match phase {
        Phase::Before => format!(
            "entigraph: stopped by {name} before the export was written: {out} was not changed"
        ),
        Phase::Writing => format!(
            "entigraph: stopped by {name} while writing the export: nothing was replaced and the \
             temporary files were removed; the previous export in {out} is intact"
        ),
        Phase::Done => format!(
            "entigraph: stopped by {name} after the export was written: the new export in {out} \
             is complete"
        ),
    }
}

/// The problems `inspect` finds between an output folder's files and its manifest (a note
/// when there is no manifest to check against).
fn check_manifest(out: &Path) -> Vec<Diagnostic> {
    match export::manifest::check(out) {
        Ok(Some(problems)) => problems,
        Ok(None) if out.join("graph.json").is_file() => {
            eprintln!(
                "entigraph: note: {} has no {}: the files cannot be checked as one complete build",
                out.display(),
                export::manifest::NAME
            );
            Vec::new()
        }
        Ok(None) => Vec::new(),
        Err(e) => vec![Diagnostic {
            path: out.join(export::manifest::NAME).display().to_string(),
            line: None,
            message: e.to_string(),
        }],
    }
}

/// The node positions, when a selected format carries them, and the passages the page quotes
/// (read back from the corpus, at the same time) with the seconds that took, when the page is
/// selected.
fn layouts_and_texts(
    graph: &entigraph::graph::KnowledgeGraph,
    corpus: &Corpus,
    partials: Option<&Partials>,
    opts: &ExportOptions,
) -> (entigraph::layout::Layouts, (entigraph::page::Texts, f64)) {
    let selected = |f: Format| opts.formats.is_empty() || opts.formats.contains(&f);
    let layout = Format::ALL
        .into_iter()
        .any(|f| selected(f) && f.needs_layout());
    // Reading the passages back is mostly reading the disk: done while the layout runs.
    rayon::join(
        || {
            if layout {
                entigraph::layout::Layouts::compute(graph)
            } else {
                entigraph::layout::Layouts::default()
            }
        },
        || {
            let t = Instant::now();
            let texts = if selected(Format::Html) {
                let mut texts = entigraph::page::Texts::collect(corpus, graph);
                if let Some(p) = partials {
                    p.add_texts(&entigraph::page::texts::wanted(graph), &mut texts);
                }
                texts
            } else {
                entigraph::page::Texts::default()
            };
            (texts, t.elapsed().as_secs_f64())
        },
    )
}

/// `eval`: scores a fresh analysis (or an existing export) against a gold annotation.
fn eval(
    gold: &Path,
    input: &InputArgs,
    output: Option<PathBuf>,
    json: bool,
    dump_pred: Option<PathBuf>,
    min_f1: Option<f64>,
) -> anyhow::Result<Vec<Diagnostic>> {
    let gold = entigraph::eval::load_gold(gold)?;
    let (pred, diags) = match output {
        Some(dir) => (
            entigraph::eval::Prediction::from_graph_json(&dir)?,
            Vec::new(),
        ),
        None => {
            let (gaz, corpus, diags) = setup(input)?;
            let analysis = pipeline::analyse(&corpus, &gaz, diags, &|_, _| {})?;
            let graph = entigraph::graph::build_graph(&analysis, &gaz);
            (
                entigraph::eval::Prediction::from_graph(&graph),
                analysis.diagnostics,
            )
        }
    };
    if let Some(p) = dump_pred {
        pred.write(&p)?;
    }
    let report = entigraph::eval::score(&gold, &pred);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.render_text());
    }
    if let Some(min) = min_f1 {
        if report.entity_f1() < min {
            for d in &diags {
                eprintln!("entigraph: warning: {d}");
            }
            anyhow::bail!(BelowThreshold(report.entity_f1(), min));
        }
    }
    Ok(diags)
}

/// `explain`: how a name was resolved, and the near misses.
fn explain(name: &str, input: &InputArgs) -> anyhow::Result<Vec<Diagnostic>> {
    let (gaz, corpus, diags) = setup(input)?;
    let analysis = pipeline::analyse(&corpus, &gaz, diags, &|_, _| {})?;
    let rin = entigraph::analysis::resolve_input(&analysis, &gaz);
    // Surfaces are stored without a title: "Mrs. Rajavi" is asked as "Rajavi".
    let untitled = name
        .split_once(' ')
        .filter(|(t, _)| {
            gaz.rules
                .titles
                .contains(&entigraph::text::fold(t.trim_end_matches('.')))
        })
        .map(|(_, rest)| rest.trim().to_string());
    let found = entigraph::resolve::explain(&analysis.resolution, &rin, name).or_else(|| {
        untitled.and_then(|u| entigraph::resolve::explain(&analysis.resolution, &rin, &u))
    });
    match found {
        Some(x) => print!(
            "{}",
            x.render_text(&|d| analysis.docs[d as usize].name.clone())
        ),
        None => anyhow::bail!("{name:?} is not a name found in the corpus"),
    }
    Ok(analysis.diagnostics)
}

/// `review`: the borderline name pairs, as a CSV to mark.
fn review(input: &InputArgs, out: &Path, margin: f32) -> anyhow::Result<Vec<Diagnostic>> {
    let (gaz, corpus, diags) = setup(input)?;
    let analysis = pipeline::analyse(&corpus, &gaz, diags, &|_, _| {})?;
    let pairs = entigraph::resolve::review_pairs(&analysis.resolution, margin);
    entigraph::export::atomic::write_file(out, |w| {
        entigraph::resolve::write_review_csv(&pairs, w).map_err(io::Error::other)
    })?;
    println!(
        "{} borderline pair(s) written to {}",
        pairs.len(),
        out.display()
    );
    Ok(analysis.diagnostics)
}

/// The partials files of `build --partials`, their headers checked against the gazetteer.
fn open_partials(files: &[PathBuf], gazetteer: &Path) -> anyhow::Result<Option<Partials>> {
    if files.is_empty() {
        return Ok(None);
    }
    Ok(Some(Partials::open(files, &gazetteer_sha256(gazetteer)?)?))
}

/// The digest of the gazetteer folder, as partials headers and `manifest.json` record it.
fn gazetteer_sha256(gazetteer: &Path) -> anyhow::Result<String> {
    export::manifest::gazetteer_digest(gazetteer)?
        .sha256
        .with_context(|| {
            format!(
                "{}: cannot be read to compute its digest",
                gazetteer.display()
            )
        })
}

/// `map`: the partials of the documents, to `output` (`-`: stdout, streamed).
fn map(input: &InputArgs, output: &Path) -> anyhow::Result<Vec<Diagnostic>> {
    let (gaz, corpus, mut diags) = setup(input)?;
    let header = Header::new(&gazetteer_sha256(&input.gazetteer)?);
    if output.as_os_str() != "-" {
        let mut problems = Vec::new();
        export::atomic::write_file(output, |w| {
            let (p, failed) = entigraph::partials::map_to(&corpus, &gaz, &header, w, &|_, _| {});
            problems = p;
            failed.map_or(Ok(()), Err)
        })?;
        diags.extend(problems);
        return Ok(diags);
    }
    let stdout = io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    let bar = Progress::new(false);
    bar.stage("map");
    let (problems, failed) =
        entigraph::partials::map_to(&corpus, &gaz, &header, &mut w, &|docs, bytes| {
            bar.update(docs, bytes)
        });
    diags.extend(problems);
    bar.finish();
    if let Some(e) = failed.or_else(|| w.flush().err()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(e).context("writing to stdout");
        }
    }
    Ok(diags)
}

/// `extract`: one JSON line per mention on stdout, streamed.
fn extract(input: &InputArgs) -> anyhow::Result<Vec<Diagnostic>> {
    let (gaz, corpus, mut diags) = setup(input)?;
    let stdout = io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    let bar = Progress::new(false);
    bar.stage("extract");
    let (read_problems, failed) = pipeline::extract_to(&corpus, &gaz, &mut w, &|docs, bytes| {
        bar.update(docs, bytes)
    });
    diags.extend(read_problems);
    bar.finish();
    if let Some(e) = failed.or_else(|| w.flush().err()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(e).context("writing to stdout");
        }
    }
    Ok(diags)
}
