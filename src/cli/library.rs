//! The library commands: `import`, `list`, `show ID`, `people`, `countries`,
//! `issues`, `sections`, `reextract`.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

use super::entities::{self, ShowArgs};
use crate::entity::Kind;
use crate::extract::sections::SectionHit;
use crate::extract::{CountryMention, IssueHit, Person};
use crate::ingest::{
    self,
    sanitize::{visible, visible_line},
};
use crate::pipeline::{self, FileResult};
use crate::query::{self, Query};
use crate::store::{
    BULK_BATCH, DEFAULT_BUSY_TIMEOUT, ImportCounts, Library, Seeding, Sort, StoreError,
};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files or directories to import.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Articles per transaction.
    #[arg(long, hide = true, default_value_t = BULK_BATCH)]
    pub batch: usize,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// A filter, e.g. 'person:trump country:fr -issue:trade' (quote it as one argument).
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Print one JSON object per article (JSON Lines).
    #[arg(long)]
    pub json: bool,
    /// Print at most this many articles.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Order: newest first, or best match first.
    #[arg(long, value_enum, default_value_t = Sort::Date)]
    pub sort: Sort,
}

#[derive(Debug, Args)]
pub struct FacetArgs {
    /// A filter selecting the articles to count over (default: all).
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Print one JSON object per entity (JSON Lines).
    #[arg(long)]
    pub json: bool,
    /// Print at most this many entities.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// The writer's patience; `GAZETTE_BUSY_TIMEOUT_MS` overrides it (for tests and scripts).
fn busy_timeout() -> Duration {
    std::env::var("GAZETTE_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_BUSY_TIMEOUT)
}

pub fn open(db: Option<&Path>) -> Result<Library, StoreError> {
    open_with(db, crate::extract::ExtractorRef::BUILTIN)
}

/// [`open`] for a command that extracts: a new library is seeded with `extractor`.
pub fn open_with(
    db: Option<&Path>,
    extractor: crate::extract::ExtractorRef,
) -> Result<Library, StoreError> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => crate::store::default_path()?,
    };
    Library::open_with(&path, Seeding::Seed(extractor), busy_timeout())
}

/// [`open`] for a command that only reads: a library gazette may not write
/// is opened read-only, with one note on stderr.
pub fn open_for_reading(db: Option<&Path>) -> Result<Library, StoreError> {
    open_for_reading_with(db, crate::extract::ExtractorRef::BUILTIN)
}

/// [`open_for_reading`] for a command that extracts: a new library is
/// seeded with `extractor`.
pub fn open_for_reading_with(
    db: Option<&Path>,
    extractor: crate::extract::ExtractorRef,
) -> Result<Library, StoreError> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => crate::store::default_path()?,
    };
    let lib = Library::open_for_reading(&path, Seeding::Seed(extractor), busy_timeout())?;
    if let Some(note) = lib.read_only_note() {
        eprintln!("gazette: {}", visible(&note.to_string()));
    }
    Ok(lib)
}

/// Parses a query from words; a malformed one is reported on one line, exit 2.
/// `@name` stands for a saved filter of the configuration file.
pub(super) fn parse_query(words: &[String]) -> std::result::Result<Query, ExitCode> {
    let (config, problem) = crate::config::Config::load(None);
    if let Some(problem) = problem {
        eprintln!("gazette: {}", visible(&problem.to_string()));
    }
    let text = config.expand_saved(&words.join(" ")).map_err(|e| {
        eprintln!("gazette: {}", visible(&e));
        ExitCode::from(2)
    })?;
    query::parse(&text).map_err(|e| {
        eprintln!("gazette: bad query: {}", visible(&e.to_string()));
        ExitCode::from(2)
    })
}

pub fn run_import(
    db: Option<&Path>,
    args: &ImportArgs,
    extractor: crate::extract::ExtractorRef,
) -> Result<ExitCode> {
    let started = Instant::now();
    let mut lib = open_with(db, extractor)?;
    let (files, errors) = ingest::expand_paths(&args.paths);
    let mut counts = ImportCounts::default();
    let mut ingest_skips = 0usize;
    for err in errors {
        eprintln!("gazette: {}", visible(&err.to_string()));
        ingest_skips += 1;
    }
    let bar = if io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}")
        {
            bar.set_style(style);
        }
        Some(bar)
    } else {
        None
    };
    let mut bulk = lib.bulk(args.batch)?;
    let mut read = 0usize;
    // Ingest, clean and extract run on every core; storing stays on this thread.
    pipeline::process_files::<anyhow::Error>(extractor.get(), &files, |_, result| {
        let (processed, warnings) = match result {
            FileResult::Read {
                processed,
                warnings,
            } => (vec![processed], warnings),
            FileResult::Feed {
                processed,
                warnings,
            } => (processed, warnings),
            FileResult::Skipped(skip) => {
                report(&bar, &format!("gazette: {}", visible(&skip.to_string())));
                ingest_skips += 1;
                (Vec::new(), Vec::new())
            }
        };
        for w in warnings {
            report(
                &bar,
                &format!("gazette: warning: {}", visible(&w.to_string())),
            );
        }
        read += processed.len();
        for p in processed {
            bulk.push(p)?;
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
        Ok(())
    })?;
    counts.add(bulk.finish()?);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for s in &counts.skipped {
        eprintln!(
            "gazette: {}: skipped, {}",
            visible_line(&s.source),
            visible(&s.reason)
        );
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "gazette: {read} read in {secs:.1}s ({:.0} articles/s): {} new, {} updated, {} unchanged, {} skipped",
        read as f64 / secs.max(1e-9),
        counts.new,
        counts.updated,
        counts.unchanged,
        counts.skipped.len() + ingest_skips
    );
    if read == 0 {
        eprintln!("gazette: no article was read");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn report(bar: &Option<indicatif::ProgressBar>, line: &str) {
    match bar {
        Some(bar) => bar.suspend(|| eprintln!("{line}")),
        None => eprintln!("{line}"),
    }
}

/// The JSON Lines record of `gazette list --json`.
#[derive(Serialize)]
struct ListRecord<'a> {
    id: String,
    title: &'a str,
    date: Option<String>,
    source: &'a str,
    feed: Option<&'a str>,
    people: &'a [Person],
    countries: &'a [CountryMention],
    issues: &'a [IssueHit],
    sections: &'a [SectionHit],
}

pub fn run_list(db: Option<&Path>, args: &ListArgs) -> Result<ExitCode> {
    let q = match parse_query(&args.query) {
        Ok(q) => q,
        Err(code) => return Ok(code),
    };
    let lib = open_for_reading(db)?;
    let ids = lib.search_by(&q, args.sort)?;
    let limit = args.limit.unwrap_or(usize::MAX);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = (|| -> io::Result<()> {
        for id in ids.iter().take(limit) {
            let Some(m) = lib.meta(*id) else { continue };
            let date = m.date.map(|d| d.format("%Y-%m-%d").to_string());
            if args.json {
                let e = lib.entities_of(*id);
                let record = ListRecord {
                    id: id.to_string(),
                    title: &m.title,
                    date: m.date.map(|d| d.to_rfc3339()),
                    source: &m.source,
                    feed: m.feed.as_deref(),
                    people: &e.people,
                    countries: &e.countries,
                    issues: &e.issues,
                    sections: &e.sections,
                };
                super::write_json_line(&mut out, &record)?;
            } else {
                writeln!(
                    out,
                    "{id}  {}  {}  {}",
                    date.as_deref().unwrap_or("----------"),
                    visible_line(&m.source),
                    visible_line(&m.title)
                )?;
            }
        }
        out.flush()
    })();
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        r => r.context("cannot write the list")?,
    }
    lib.close_for_exit()?;
    Ok(if ids.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `gazette show TARGET`: a file when TARGET is an existing path, else a
/// library id or unique id prefix.
pub fn run_show(db: Option<&Path>, args: &ShowArgs) -> Result<ExitCode> {
    if Path::new(&args.target).exists() {
        return entities::run_show(args);
    }
    let lib = open_for_reading(db)?;
    let id = lib.resolve_prefix(&args.target)?;
    let Some(article) = lib.article(id)? else {
        anyhow::bail!("article {id} vanished from the library");
    };
    let width = args
        .width
        .unwrap_or_else(|| {
            crossterm::terminal::size()
                .map(|(w, _)| w as usize)
                .unwrap_or(80)
                .min(100)
        })
        .max(20);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = entities::write_article(&mut out, &article, width).and_then(|()| out.flush());
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        r => {
            r.context("cannot write the article")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `people`, `countries`, `issues` or `sections`: the entities of `kind` over the
/// matching articles, most frequent first.
pub fn run_facet(db: Option<&Path>, kind: Kind, args: &FacetArgs) -> Result<ExitCode> {
    let q = match parse_query(&args.query) {
        Ok(q) => q,
        Err(code) => return Ok(code),
    };
    let lib = open_for_reading(db)?;
    let ids = lib.search(&q)?;
    let facets = lib.facets(&ids);
    let list = facets.of(kind);
    let limit = args.limit.unwrap_or(usize::MAX);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = (|| -> io::Result<()> {
        for f in list.iter().take(limit) {
            if args.json {
                super::write_json_line(&mut out, f)?;
            } else {
                match kind {
                    Kind::Person => writeln!(out, "{:>7}  {}", f.count, visible_line(&f.label))?,
                    _ => writeln!(
                        out,
                        "{:>7}  {:<18} {}",
                        f.count,
                        visible_line(&f.key),
                        visible_line(&f.label)
                    )?,
                }
            }
        }
        out.flush()
    })();
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        r => r.context("cannot write the list")?,
    }
    let empty = list.is_empty();
    lib.close_for_exit()?;
    Ok(if empty {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(Debug, Args)]
pub struct ReextractArgs {
    /// Extract every article again, even when the library is up to date
    /// (by default only a library an older gazette extracted is, and an
    /// interrupted run resumes where it stopped).
    #[arg(long)]
    pub all: bool,
}

/// `gazette reextract`: cleans and extracts the stored articles again with
/// this gazette (and the configured extra people and issues), keeping read
/// and starred flags and feed memberships. Opening a library an older
/// gazette extracted does this by itself; this forces it.
pub fn run_reextract(
    db: Option<&Path>,
    args: &ReextractArgs,
    extractor: crate::extract::ExtractorRef,
) -> Result<ExitCode> {
    let started = Instant::now();
    // Opening brings an out-of-date library up to date (with progress).
    let mut lib = open_with(db, extractor)?;
    if !args.all && !lib.extraction_outdated()? {
        eprintln!(
            "gazette: the library's {} articles are extracted by this gazette (version {}); --all extracts them again anyway",
            lib.len(),
            crate::extract::EXTRACTION_VERSION
        );
        return Ok(ExitCode::SUCCESS);
    }
    let done = lib.reextract(extractor.get(), args.all, &mut print_progress)?;
    print_reextracted(done, Some(started.elapsed()));
    Ok(ExitCode::SUCCESS)
}

/// Re-extraction progress on stderr: one line rewritten in a terminal, a
/// line per tenth otherwise.
pub(super) fn print_progress(p: crate::store::Progress) {
    let tenth = |done: usize, total: usize| done * 10 / total.max(1);
    if io::stderr().is_terminal() {
        eprint!(
            "\rgazette: extracting the library again: {}/{}",
            p.done, p.total
        );
        if p.done == p.total {
            eprintln!();
        }
    } else if p.done == p.total
        || tenth(p.done, p.total) != tenth(p.done.saturating_sub(1), p.total)
    {
        eprintln!(
            "gazette: extracting the library again: {}/{}",
            p.done, p.total
        );
    }
}

/// What a re-extraction did, on stderr (with how long it took, when known).
pub(super) fn print_reextracted(done: crate::store::Reextracted, took: Option<Duration>) {
    let took = took.map_or(String::new(), |t| format!(" in {:.1}s", t.as_secs_f64()));
    eprintln!(
        "gazette: {} articles extracted again{took} ({} with less text after cleaning)",
        done.articles, done.text_changed
    );
}
