//! `gazette entities` and `gazette show PATH`: the pipeline on files, nothing stored.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::extract::ExtractorRef;
use crate::extract::words::has_control;
use crate::ingest;
use crate::ingest::sanitize::{visible, visible_line};
use crate::pipeline::{self, FileResult, Processed};
use anyhow::Result;
use clap::Args;

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

/// Appends the JSON line of `p` to `line`: the JSON Lines record of
/// `gazette entities --json` (see the README contract), byte for byte what
/// `serde_json` makes of [`Record`], written directly: serde's string
/// escaper goes byte by byte, and the body, nearly all of the bytes, is
/// escaped here in bulk.
fn write_record(line: &mut Vec<u8>, p: &Processed) -> serde_json::Result<()> {
    let e = &p.entities;
    // The body is nearly all of a record: room for it and the rest at once,
    // not a doubling of the buffer every few paragraphs.
    let body: usize = p.article.paragraphs.iter().map(|x| x.len() + 4).sum();
    line.reserve(body + p.article.title.len() + p.article.source.len() + 1024);
    line.extend_from_slice(b"{\"path\":");
    // The one field ingest has not cleaned: a file name may hold C1 and
    // bidi controls, which serde writes raw.
    let path = crate::ingest::sanitize::json_safe(serde_json::to_string(&p.article.source)?);
    line.extend_from_slice(path.as_bytes());
    line.extend_from_slice(b",\"title\":");
    json_string(line, &p.article.title);
    line.extend_from_slice(b",\"people\":[");
    for (i, x) in e.people.iter().enumerate() {
        line.extend_from_slice(if i > 0 { b",{\"name\":" } else { b"{\"name\":" });
        json_string(line, &x.name);
        line.extend_from_slice(b",\"aliases\":[");
        for (j, alias) in x.aliases.iter().enumerate() {
            if j > 0 {
                line.push(b',');
            }
            json_string(line, alias);
        }
        line.extend_from_slice(b"],\"mentions\":");
        serde_json::to_writer(&mut *line, &x.mentions)?;
        if let Some(o) = &x.office {
            line.extend_from_slice(b",\"office\":{\"title\":");
            json_string(line, &o.title);
            if let Some(cc) = &o.country {
                line.extend_from_slice(b",\"country\":");
                json_string(line, cc);
            }
            line.push(b'}');
        }
        line.push(b'}');
    }
    line.extend_from_slice(b"],\"countries\":[");
    for (i, x) in e.countries.iter().enumerate() {
        let fields = [("code", &*x.code), ("name", &*x.name)];
        write_object(line, i > 0, fields, "mentions", &x.mentions)?;
    }
    line.extend_from_slice(b"],\"issues\":[");
    for (i, x) in e.issues.iter().enumerate() {
        let fields = [("id", &*x.id), ("label", &*x.label)];
        write_object(line, i > 0, fields, "score", &x.score)?;
    }
    if !e.sections.is_empty() {
        line.extend_from_slice(b"],\"sections\":[");
        for (i, x) in e.sections.iter().enumerate() {
            let fields = [("id", &*x.id), ("label", &*x.label)];
            write_object(line, i > 0, fields, "score", &x.score)?;
        }
    }
    line.extend_from_slice(b"],\"quotes\":[");
    let quotes = crate::extract::quotes::find(&p.article.paragraphs, &e.people);
    for (i, q) in quotes.iter().enumerate() {
        line.extend_from_slice(if i > 0 { b",{\"text\":" } else { b"{\"text\":" });
        json_string(line, &q.text);
        line.extend_from_slice(b",\"speaker\":");
        match &q.speaker {
            Some(s) => json_string(line, s),
            None => line.extend_from_slice(b"null"),
        }
        line.extend_from_slice(b",\"speaker_kind\":");
        serde_json::to_writer(&mut *line, &q.speaker_kind)?;
        line.extend_from_slice(b",\"start\":");
        serde_json::to_writer(&mut *line, &q.start)?;
        line.extend_from_slice(b",\"end\":");
        serde_json::to_writer(&mut *line, &q.end)?;
        line.push(b'}');
    }
    line.extend_from_slice(b"],\"body\":\"");
    for (i, para) in p.article.paragraphs.iter().enumerate() {
        if i > 0 {
            line.extend_from_slice(b"\\n\\n");
        }
        escape_json(line, para);
    }
    line.extend_from_slice(b"\"}\n");
    Ok(())
}

/// Appends `{"k1":"v1","k2":"v2","last":value}`, after a comma unless first:
/// a country or an issue of [`write_record`].
fn write_object(
    line: &mut Vec<u8>,
    comma: bool,
    fields: [(&str, &str); 2],
    last: &str,
    value: &impl serde::Serialize,
) -> serde_json::Result<()> {
    if comma {
        line.push(b',');
    }
    line.push(b'{');
    for (i, (key, text)) in fields.into_iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        json_string(line, key);
        line.push(b':');
        json_string(line, text);
    }
    line.push(b',');
    json_string(line, last);
    line.push(b':');
    serde_json::to_writer(&mut *line, value)?;
    line.push(b'}');
    Ok(())
}

/// What [`write_record`] writes, as serde would: the tests compare the two.
#[cfg(test)]
#[derive(serde::Serialize)]
struct Record<'a> {
    path: &'a str,
    title: &'a str,
    people: &'a [crate::extract::Person],
    countries: &'a [crate::extract::CountryMention],
    issues: &'a [crate::extract::IssueHit],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    sections: &'a [crate::extract::sections::SectionHit],
    quotes: Vec<crate::extract::quotes::Quote>,
    body: String,
}

/// Appends `s` as a JSON string, quotes included.
fn json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape_json(out, s);
    out.push(b'"');
}

/// Appends `s` escaped as the inside of a JSON string, exactly as
/// `serde_json` escapes it: quote, backslash and control characters only.
/// Text from ingest has no control characters, so the quotes and
/// backslashes are found with memchr and the runs between them copied whole.
fn escape_json(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if has_control(bytes) {
        for &c in bytes {
            escape_byte(out, c);
        }
        return;
    }
    let mut from = 0;
    for at in memchr::memchr2_iter(b'"', b'\\', bytes) {
        out.extend_from_slice(&bytes[from..at]);
        escape_byte(out, bytes[at]);
        from = at + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}

/// Appends one byte of a JSON string, escaped as `serde_json` does.
fn escape_byte(out: &mut Vec<u8>, c: u8) {
    match c {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        c if c < 0x20 => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(c >> 4)]);
            out.push(HEX[usize::from(c & 15)]);
        }
        c => out.push(c),
    }
}

/// What one file gives the output, made on the worker that read it.
#[derive(Default)]
struct Rendered {
    /// The bytes for stdout.
    out: Vec<u8>,
    /// Why making them failed, if it did.
    error: Option<io::Error>,
    /// Lines for stderr: the file's warnings, or why it was skipped.
    messages: Vec<String>,
    articles: usize,
}

impl Rendered {
    fn warn(&mut self, warnings: &[ingest::Warning]) {
        self.messages.extend(
            warnings
                .iter()
                .map(|w| format!("gazette: warning: {}", visible(&w.to_string()))),
        );
    }

    fn add(&mut self, render: &impl Fn(&Processed, &mut Vec<u8>) -> io::Result<()>, p: &Processed) {
        if self.error.is_none() {
            match render(p, &mut self.out) {
                Ok(()) => self.articles += 1,
                Err(e) => self.error = Some(e),
            }
        }
    }
}

/// Reads every path through the pipeline (extracting with `extractor`) and
/// writes what `render` makes of each article to `out`, in file order. `render` runs on the worker threads
/// (turning articles into text is then spread over every core too, and each
/// article is freed by the thread that made it). Skips and warnings go to
/// stderr. Returns how many articles were read.
pub fn render_articles(
    paths: &[PathBuf],
    extractor: ExtractorRef,
    out: &mut (impl Write + Send),
    render: impl Fn(&Processed, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> Result<usize> {
    // The extractor's automata and clean's searchers are built while the
    // directories are walked: each takes a few milliseconds, a noticeable
    // part of a corpus run.
    let (extractor, (files, errors)) = std::thread::scope(|s| {
        let extractor = s.spawn(move || extractor.get());
        let cleaner = s.spawn(crate::clean::prepare);
        let walked = ingest::expand_paths(paths);
        cleaner
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        let extractor = extractor
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (extractor, walked)
    });
    for err in errors {
        eprintln!("gazette: {}", visible(&err.to_string()));
    }
    let then = |_: &Path, result: FileResult| {
        let mut done = Rendered::default();
        match result {
            FileResult::Read {
                processed,
                warnings,
            } => {
                done.warn(&warnings);
                done.add(&render, &processed);
            }
            FileResult::Feed {
                processed,
                warnings,
            } => {
                done.warn(&warnings);
                for p in &processed {
                    done.add(&render, p);
                }
            }
            FileResult::Skipped(skip) => done
                .messages
                .push(format!("gazette: {}", visible(&skip.to_string()))),
        }
        done
    };
    let mut read = 0;
    // Written by the workers, in file order: no thread waits to write.
    pipeline::process_files_in_order::<_, anyhow::Error>(extractor, &files, then, |_, done| {
        for message in done.messages {
            eprintln!("{message}");
        }
        out.write_all(&done.out)?;
        read += done.articles;
        match done.error {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    })?;
    Ok(read)
}

pub fn run_entities(args: &EntitiesArgs, extractor: ExtractorRef) -> Result<ExitCode> {
    crate::alloc::keep_freed_memory();
    // Large writes: the JSON of a corpus is megabytes. Not locked here: the
    // workers write it.
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout());
    let read = render_articles(&args.paths, extractor, &mut out, |p, bytes| {
        if args.json {
            write_record(bytes, p).map_err(io::Error::from)
        } else {
            write_summary(bytes, p)
        }
    });
    finish(out, read)
}

fn write_summary(out: &mut impl Write, p: &Processed) -> io::Result<()> {
    let e = &p.entities;
    writeln!(
        out,
        "{}\n  {}",
        visible_line(&p.article.source),
        visible_line(&p.article.title)
    )?;
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
    crate::alloc::keep_freed_memory();
    let width = args.width.unwrap_or_else(terminal_width).max(20);
    let mut out = BufWriter::new(io::stdout());
    // A file shown is extracted with the built-in people and issues only.
    let target = [PathBuf::from(&args.target)];
    let read = render_articles(&target, ExtractorRef::BUILTIN, &mut out, |p, bytes| {
        write_article(bytes, &p.article, width)
    });
    finish(out, read)
}

/// Writes an article as readable text: title, metadata, wrapped paragraphs.
pub fn write_article(out: &mut impl Write, a: &crate::Article, width: usize) -> io::Result<()> {
    writeln!(out, "{}", textwrap::fill(&visible_line(&a.title), width))?;
    let mut meta = Vec::new();
    if let Some(author) = &a.author {
        meta.push(visible_line(author).into_owned());
    }
    if let Some(date) = a.date {
        meta.push(date.format("%Y-%m-%d").to_string());
    }
    meta.push(visible_line(a.url.as_deref().unwrap_or(&a.source)).into_owned());
    writeln!(out, "{}\n", meta.join(" · "))?;
    for p in &a.paragraphs {
        writeln!(out, "{}\n", textwrap::fill(&visible(p), width))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_escaping_is_serde_json_escaping() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("“quoted” £5 \u{2028} é 👉");
        let long = format!(
            "{}\"{}\\{}\n",
            "a".repeat(40),
            "b".repeat(15),
            "c".repeat(17)
        );
        for text in [
            all.as_str(),
            &long,
            "",
            "x",
            "\"",
            "0123456789abcdef\u{1}",
            "He said \"no\" \\ twice",
        ] {
            let mut ours = Vec::new();
            escape_json(&mut ours, text);
            let theirs = serde_json::to_string(text).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                theirs[1..theirs.len() - 1],
                "{text:?}"
            );
        }
    }

    #[test]
    fn records_are_what_serde_makes_of_them() {
        let hostile = "Tab\there \"quoted\" back\\slash \u{1}\u{1f} é 👉";
        let mut processed = crate::seeds::processed(crate::Extractor::builtin());
        for article in [
            crate::Article::new(
                hostile,
                hostile,
                vec![
                    format!("Keir Starmer met Emmanuel Macron in Paris. {hostile}"),
                    "Inflation and the NHS. The prime minister spoke.".to_string(),
                ],
            ),
            crate::Article::new("empty", "", vec![]),
        ] {
            processed.push(pipeline::process(crate::Extractor::builtin(), article));
        }
        let mut some = [false; 3];
        for mut p in processed {
            if let Some(x) = p.entities.people.first_mut() {
                x.aliases.push(hostile.to_string());
            }
            let e = &p.entities;
            some[0] |= !e.people.is_empty();
            some[1] |= !e.countries.is_empty();
            some[2] |= !e.issues.is_empty();
            let mut ours = Vec::new();
            write_record(&mut ours, &p).unwrap();
            let record = Record {
                path: &p.article.source,
                title: &p.article.title,
                people: &e.people,
                countries: &e.countries,
                issues: &e.issues,
                sections: &e.sections,
                quotes: crate::extract::quotes::find(&p.article.paragraphs, &e.people),
                body: p.article.paragraphs.join("\n\n"),
            };
            let mut theirs = serde_json::to_vec(&record).unwrap();
            theirs.push(b'\n');
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
        assert_eq!(some, [true; 3], "people, countries and issues were written");
    }
}
