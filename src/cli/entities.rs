//! `gazette entities` and `gazette show PATH`: the pipeline on files, nothing stored.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use crate::extract::{CountryMention, Extractor, IssueHit, Person};
use crate::ingest;
use crate::ingest::sanitize::visible;
use crate::pipeline::{self, FileResult, Processed};

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Print one JSON object per article (JSON Lines).
    #[arg(long)]
    pub json: bool,
    /// Files or directories to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A file to read, or a library article id (or unique id prefix).
    #[arg(value_name = "PATH|ID")]
    pub target: String,
    /// Wrap paragraphs at this width (default: the terminal's, or 80).
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
}

/// The JSON Lines record of `gazette entities --json` (see the README contract).
#[derive(Serialize)]
struct Record<'a> {
    path: &'a str,
    title: &'a str,
    people: &'a [Person],
    countries: &'a [CountryMention],
    issues: &'a [IssueHit],
    body: Body<'a>,
}

/// The paragraphs joined by blank lines, as `Article::body` gives them,
/// written straight into the JSON string without building it first.
struct Body<'a>(&'a [String]);

impl std::fmt::Display for Body<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            f.write_str(p)?;
        }
        Ok(())
    }
}

impl Serialize for Body<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Reads every path through the pipeline, calling `each` on what it gives.
/// Skips and warnings go to stderr. Returns how many articles were read.
pub fn for_each_article(
    paths: &[PathBuf],
    mut each: impl FnMut(Processed) -> Result<()>,
) -> Result<usize> {
    let (files, errors) = ingest::expand_paths(paths);
    for err in errors {
        eprintln!("gazette: {}", visible(&err.to_string()));
    }
    let mut read = 0;
    pipeline::process_files::<anyhow::Error>(Extractor::current(), &files, |_, result| {
        match result {
            FileResult::Read {
                processed,
                warnings,
            } => {
                for w in warnings {
                    eprintln!("gazette: warning: {}", visible(&w.to_string()));
                }
                each(processed)?;
                read += 1;
            }
            FileResult::Feed {
                processed,
                warnings,
            } => {
                for w in warnings {
                    eprintln!("gazette: warning: {}", visible(&w.to_string()));
                }
                for p in processed {
                    each(p)?;
                    read += 1;
                }
            }
            FileResult::Skipped(skip) => eprintln!("gazette: {}", visible(&skip.to_string())),
        }
        Ok(())
    })?;
    Ok(read)
}

pub fn run_entities(args: &EntitiesArgs) -> Result<ExitCode> {
    let stdout = io::stdout();
    // Large writes: the JSON of a corpus is megabytes.
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let read = for_each_article(&args.paths, |p| {
        if args.json {
            let record = Record {
                path: &p.article.source,
                title: &p.article.title,
                people: &p.entities.people,
                countries: &p.entities.countries,
                issues: &p.entities.issues,
                body: Body(&p.article.paragraphs),
            };
            serde_json::to_writer(&mut out, &record)?;
            writeln!(out)?;
        } else {
            write_summary(&mut out, &p)?;
        }
        Ok(())
    });
    finish(out, read)
}

fn write_summary(out: &mut impl Write, p: &Processed) -> io::Result<()> {
    let e = &p.entities;
    writeln!(out, "{}\n  {}", visible(&p.article.source), p.article.title)?;
    let people: Vec<String> = e
        .people
        .iter()
        .map(|x| format!("{} ({})", x.name, x.mentions))
        .collect();
    let countries: Vec<String> = e
        .countries
        .iter()
        .map(|x| format!("{} {} ({})", x.code, x.name, x.mentions))
        .collect();
    let issues: Vec<String> = e
        .issues
        .iter()
        .map(|x| format!("{} ({:.2})", x.label, x.score))
        .collect();
    writeln!(out, "  people:    {}", people.join(", "))?;
    writeln!(out, "  countries: {}", countries.join(", "))?;
    writeln!(out, "  issues:    {}\n", issues.join(", "))
}

pub fn run_show(args: &ShowArgs) -> Result<ExitCode> {
    let width = args.width.unwrap_or_else(terminal_width).max(20);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let read = for_each_article(&[PathBuf::from(&args.target)], |p| {
        write_article(&mut out, &p.article, width)?;
        Ok(())
    });
    finish(out, read)
}

/// Writes an article as readable text: title, metadata, wrapped paragraphs.
pub fn write_article(out: &mut impl Write, a: &crate::Article, width: usize) -> io::Result<()> {
    writeln!(out, "{}", textwrap::fill(&a.title, width))?;
    let mut meta = Vec::new();
    if let Some(author) = &a.author {
        meta.push(author.clone());
    }
    if let Some(date) = a.date {
        meta.push(date.format("%Y-%m-%d").to_string());
    }
    meta.push(visible(a.url.as_deref().unwrap_or(&a.source)).into_owned());
    writeln!(out, "{}\n", meta.join(" · "))?;
    for p in &a.paragraphs {
        writeln!(out, "{}\n", textwrap::fill(p, width))?;
    }
    Ok(())
}

fn terminal_width() -> usize {
    crossterm::terminal::size()
        .map(|(w, _)| w as usize)
        .unwrap_or(80)
        .min(100)
}

/// Flushes output; exit 0 when an article was read, 1 when none was.
/// A closed pipe (`| head`) is not an error.
fn finish(mut out: impl Write, read: Result<usize>) -> Result<ExitCode> {
    let read = match read {
        Err(e) if is_broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
        r => r?,
    };
    match out.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        r => r?,
    }
    if read == 0 {
        eprintln!("gazette: no article was read");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
