//! `gazette quotes QUERY`: what each person said in the matching articles.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

use super::library::{open_for_reading, parse_query};
use crate::extract::quotes::{self, SpeakerKind};
use crate::ingest::sanitize::visible;
use crate::store::Sort;

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// A filter selecting the articles (default: all), e.g. 'issue:defence-spending'.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only quotes whose speaker's name contains this (any case), e.g. 'starmer'.
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Print one JSON object per quote (JSON Lines).
    #[arg(long)]
    pub json: bool,
    /// Print at most this many quotes.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// One line of `gazette quotes --json`.
#[derive(Serialize)]
struct QuoteRecord<'a> {
    id: String,
    date: Option<String>,
    title: &'a str,
    speaker: Option<&'a str>,
    speaker_kind: Option<SpeakerKind>,
    text: &'a str,
    /// Byte offsets of the quote in the article's body.
    start: usize,
    end: usize,
}

/// The quotes of the matching articles, newest article first, each
/// article's in the order they appear; exit 1 when none was found.
pub fn run(db: Option<&Path>, args: &QuotesArgs) -> Result<ExitCode> {
    let q = match parse_query(&args.query) {
        Ok(q) => q,
        Err(code) => return Ok(code),
    };
    let lib = open_for_reading(db)?;
    let ids = lib.search_by(&q, Sort::Date)?;
    let want = args.speaker.as_deref().map(str::to_lowercase);
    let mut left = args.limit.unwrap_or(usize::MAX);
    let mut printed = 0usize;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = (|| -> Result<()> {
        for &id in &ids {
            if left == 0 {
                break;
            }
            let Some(article) = lib.article(id)? else {
                continue;
            };
            let people = lib.entities_of(id).people;
            let found: Vec<_> = quotes::find(&article.paragraphs, &people)
                .into_iter()
                .filter(|q| match (&want, &q.speaker) {
                    (None, _) => true,
                    (Some(w), Some(s)) => s.to_lowercase().contains(w.as_str()),
                    (Some(_), None) => false,
                })
                .take(left)
                .collect();
            if found.is_empty() {
                continue;
            }
            left -= found.len();
            printed += found.len();
            let date = article.date.map(|d| d.format("%Y-%m-%d").to_string());
            if !args.json {
                writeln!(
                    out,
                    "{id}  {}  {}",
                    date.as_deref().unwrap_or("----------"),
                    visible(&article.title)
                )?;
            }
            for q in &found {
                if args.json {
                    let record = QuoteRecord {
                        id: id.to_string(),
                        date: article.date.map(|d| d.to_rfc3339()),
                        title: &article.title,
                        speaker: q.speaker.as_deref(),
                        speaker_kind: q.speaker_kind,
                        text: &q.text,
                        start: q.start,
                        end: q.end,
                    };
                    serde_json::to_writer(&mut out, &record)?;
                    writeln!(out)?;
                } else {
                    let who = q.speaker.as_deref().unwrap_or("(unnamed)");
                    let text = q.text.replace("\n\n", " ");
                    writeln!(out, "  {}: “{}”", visible(who), visible(&text))?;
                }
            }
        }
        out.flush()?;
        Ok(())
    })();
    if let Err(e) = result {
        let pipe = e.chain().any(|c| {
            c.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
        });
        if pipe {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e).context("cannot write the quotes");
    }
    lib.close_for_exit()?;
    Ok(if printed == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
