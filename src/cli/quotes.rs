//! `gazette quotes QUERY`: what each person said in the matching articles.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

use super::library::{open_for_reading, parse_query};
use crate::extract::quotes::SpeakerKind;
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

/// The quotes stored for the matching articles, newest article first, each
/// article's in the order they appear, each labelled with its speaker (only
/// the speakers of the query's `said:` terms when it has any);
/// exit 1 when none was found. Nothing is extracted again: the quotes are
/// the ones found when the articles were stored.
pub fn run(db: Option<&Path>, args: &QuotesArgs) -> Result<ExitCode> {
    let q = match parse_query(&args.query) {
        Ok(q) => q,
        Err(code) => return Ok(code),
    };
    let lib = open_for_reading(db)?;
    let ids = lib.search_by(&q, Sort::Date)?;
    let want = args.speaker.as_deref().map(str::to_lowercase);
    // `said:starmer` in the query: Starmer's quotes, not the others' in his articles.
    let speakers = lib.wanted_speakers(&q);
    let found = lib.quotes_over(&ids, args.limit.unwrap_or(usize::MAX), |q| {
        if let Some(keys) = &speakers
            && !q.speaker_key.as_ref().is_some_and(|k| keys.contains(k))
        {
            return false;
        }
        match (&want, &q.speaker) {
            (None, _) => true,
            (Some(w), Some(s)) => s.to_lowercase().contains(w.as_str()),
            (Some(_), None) => false,
        }
    })?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = (|| -> Result<()> {
        let mut last = None;
        for q in &found {
            let Some(meta) = lib.meta(q.article) else {
                continue;
            };
            if args.json {
                let record = QuoteRecord {
                    id: q.article.to_string(),
                    date: meta.date.map(|d| d.to_rfc3339()),
                    title: &meta.title,
                    speaker: q.speaker.as_deref(),
                    speaker_kind: q.speaker_kind,
                    text: &q.text,
                    start: q.start,
                    end: q.end,
                };
                serde_json::to_writer(&mut out, &record)?;
                writeln!(out)?;
                continue;
            }
            if last != Some(q.article) {
                last = Some(q.article);
                let date = meta.date.map(|d| d.format("%Y-%m-%d").to_string());
                writeln!(
                    out,
                    "{}  {}  {}",
                    q.article,
                    date.as_deref().unwrap_or("----------"),
                    visible(&meta.title)
                )?;
            }
            let who = q.speaker.as_deref().unwrap_or("(unnamed)");
            let text = q.text.replace("\n\n", " ");
            writeln!(out, "  {}: “{}”", visible(who), visible(&text))?;
        }
        out.flush()?;
        Ok(())
    })();
    let printed = found.len();
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
