//! `gazette issues --explain ARTICLE`: why an article has its issues.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::extract::ExtractorRef;
use crate::extract::explain::IssueEvidence;
use crate::ingest::sanitize::visible;

/// The `--json` object.
#[derive(Serialize)]
struct Explanation<'a> {
    id: String,
    title: &'a str,
    /// Tagged issues first, then those below their threshold.
    issues: &'a [IssueEvidence],
}

/// Re-extracts the stored (clean) article `target` (an id or unique id
/// prefix) with `extractor` and prints its issues' evidence.
pub fn run(
    db: Option<&Path>,
    target: &str,
    json: bool,
    extractor: ExtractorRef,
) -> Result<ExitCode> {
    let lib = super::library::open_for_reading_with(db, extractor)?;
    let id = lib.resolve_prefix(target)?;
    let Some(article) = lib.article(id)? else {
        anyhow::bail!("article {id} vanished from the library");
    };
    let (_, explained) = extractor
        .get()
        .explain_issues(&article)
        .map_err(anyhow::Error::msg)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = if json {
        super::write_json_line(
            &mut out,
            &Explanation {
                id: id.to_string(),
                title: &article.title,
                issues: &explained,
            },
        )
    } else {
        write_text(&mut out, &id.to_string(), &article.title, &explained)
    }
    .and_then(|()| out.flush());
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        r => r.context("cannot write the explanation")?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_text(
    out: &mut impl Write,
    id: &str,
    title: &str,
    explained: &[IssueEvidence],
) -> io::Result<()> {
    writeln!(out, "{id}  {}", visible(title))?;
    if explained.is_empty() {
        writeln!(out, "\nNo issue had any evidence in this article.")?;
    }
    let (tagged, below): (Vec<&IssueEvidence>, Vec<&IssueEvidence>) =
        explained.iter().partition(|e| e.tagged);
    for (heading, list) in [
        ("Tagged", tagged),
        ("Below the threshold (not tagged)", below),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "\n{heading}:")?;
        for e in list {
            writeln!(
                out,
                "  {}  {}  score {:.2}",
                e.id,
                visible(&e.label),
                e.score
            )?;
            for p in &e.phrases {
                let title = if p.in_title { ", in the title" } else { "" };
                writeln!(
                    out,
                    "    ×{:<3} {:<6}  {}{title}: “{}”",
                    p.count,
                    p.strength,
                    visible(&p.phrase),
                    visible(&p.context)
                )?;
            }
        }
    }
    Ok(())
}
