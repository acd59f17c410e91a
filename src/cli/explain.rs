//! `gazette issues --explain ARTICLE`: why an article has its issues.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::extract::ExtractorRef;
use crate::extract::explain::{IssueEvidence, SectionEvidence};
use crate::extract::issues::Verdict;
use crate::extract::sections::SectionHit;
use crate::ingest::sanitize::visible;

/// The `--json` object.
#[derive(Serialize)]
struct Explanation<'a> {
    id: String,
    title: &'a str,
    /// The article's section, and a second close behind it.
    sections: &'a [SectionHit],
    /// Every section with evidence: chosen ones first, then by evidence.
    section_evidence: &'a [SectionEvidence],
    /// Tagged issues first, then those with evidence that were not tagged.
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
    let (entities, explained) = extractor
        .get()
        .explain_issues(&article)
        .map_err(anyhow::Error::msg)?;
    let section_evidence = extractor.get().explain_sections(&article);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = if json {
        super::write_json_line(
            &mut out,
            &Explanation {
                id: id.to_string(),
                title: &article.title,
                sections: &entities.sections,
                section_evidence: &section_evidence,
                issues: &explained,
            },
        )
    } else {
        write_text(
            &mut out,
            &id.to_string(),
            &article.title,
            &entities.sections,
            &section_evidence,
            &explained,
        )
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
    sections: &[SectionHit],
    section_evidence: &[SectionEvidence],
    explained: &[IssueEvidence],
) -> io::Result<()> {
    writeln!(out, "{id}  {}", visible(title))?;
    let sections: Vec<String> = sections
        .iter()
        .map(|s| format!("{} ({}, score {:.2})", s.id, visible(&s.label), s.score))
        .collect();
    writeln!(out, "Section: {}", sections.join("; "))?;
    for e in section_evidence {
        let mark = if e.chosen { "*" } else { " " };
        let issues = if e.issues.is_empty() {
            String::new()
        } else {
            format!(", with issues {}", e.issues.join(", "))
        };
        writeln!(out, "  {mark} {}  evidence {:.1}{issues}", e.id, e.evidence)?;
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
    if explained.is_empty() {
        writeln!(out, "\nNo issue had any evidence in this article.")?;
    }
    let (tagged, below): (Vec<&IssueEvidence>, Vec<&IssueEvidence>) =
        explained.iter().partition(|e| e.tagged);
    for (heading, list) in [
        ("Tagged", tagged),
        (
            "Below the threshold or kept out by a rule (not tagged)",
            below,
        ),
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
            writeln!(
                out,
                "    evidence: headline {:.1}, lead {:.1}, body {:.1}{}",
                e.by_place.headline,
                e.by_place.lead,
                e.by_place.body,
                why(&e.verdict)
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

/// Why an issue was not tagged, as a clause after its evidence.
fn why(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Tagged => String::new(),
        Verdict::BelowThreshold { threshold } => format!(" — below its threshold {threshold:.1}"),
        Verdict::WeakEvidenceOnly => {
            " — only weak words, or one phrase outside the headline".to_string()
        }
        Verdict::CountryNotCentral { needs } => {
            format!(" — needs {} central to the article", needs.join(" or "))
        }
        Verdict::Outweighed { by } => format!(" — a side mention next to {by}"),
        Verdict::TooMany => " — more issues passed than an article is tagged with".to_string(),
    }
}
