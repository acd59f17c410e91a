//! `gazette dev-fill` (hidden): builds a large library for benchmarks by
//! repeating and varying BBC, Reuters-21578 and AG News articles from the
//! test corpora. Nothing from the corpora is compiled in; it is read at run time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{DateTime, TimeZone, Utc};
use clap::Args;

use crate::article::Article;
use crate::extract::ExtractorRef;
use crate::ingest::{self, Outcome, sanitize};
use crate::pipeline;
use crate::store::Prepared;

#[derive(Debug, Args)]
pub struct DevFillArgs {
    /// How many articles to store.
    #[arg(long, default_value_t = 100_000)]
    pub count: usize,
    /// The corpora folder.
    #[arg(long, default_value = "../shared/corpora")]
    pub corpora: PathBuf,
    /// Articles per transaction.
    #[arg(long, default_value_t = crate::store::BULK_BATCH)]
    pub batch: usize,
    /// The first generated article's number: `--start 1000000 --count
    /// 20000` adds the 20,000 articles after a 1M library's, to measure
    /// what importing costs into a library that large.
    #[arg(long, default_value_t = 0)]
    pub start: usize,
}

pub fn run(db: Option<&Path>, args: &DevFillArgs, extractor: ExtractorRef) -> Result<ExitCode> {
    let started = Instant::now();
    // The three corpora are read side by side (part of the time measured).
    let (mut base, more) = std::thread::scope(|scope| {
        let reuters = scope.spawn(|| {
            let mut out = Vec::new();
            reuters(&args.corpora.join("reuters21578"), &mut out).map(|()| out)
        });
        let agnews = scope.spawn(|| {
            let mut out = Vec::new();
            agnews(&args.corpora.join("agnews/test.csv"), &mut out).map(|()| out)
        });
        let mut base = Vec::new();
        bbc(&args.corpora.join("bbc"), &mut base);
        let join = |h: std::thread::ScopedJoinHandle<'_, Result<Vec<Article>>>| {
            h.join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("a corpus reader panicked")))
        };
        (base, [join(reuters), join(agnews)])
    });
    for part in more {
        base.extend(part?);
    }
    if base.is_empty() {
        anyhow::bail!("no article found under {}", args.corpora.display());
    }
    eprintln!(
        "gazette: {} base articles read in {:.1}s",
        base.len(),
        started.elapsed().as_secs_f64()
    );
    let mut lib = super::library::open_with(db, extractor)?;
    let extractor = extractor.get();
    let (start, count) = (args.start, args.count);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let next = AtomicUsize::new(0);
    let (mut writing, mut writing_cpu) = (Duration::ZERO, Duration::ZERO);
    let stored_from = Instant::now();
    let mut bulk = lib.bulk(args.batch)?;
    // Extraction on every core, storing on this thread: a bounded channel
    // keeps the workers at most a few chunks ahead of the writer.
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = mpsc::sync_channel::<(usize, Vec<Prepared>)>(workers * 2);
        for _ in 0..workers {
            let (tx, next, base) = (tx.clone(), &next, &base);
            scope.spawn(move || {
                loop {
                    let chunk = next.fetch_add(1, Ordering::Relaxed);
                    let from = chunk * CHUNK;
                    if from >= count {
                        break;
                    }
                    let done = (from..count.min(from + CHUNK))
                        .map(|i| {
                            Prepared::new(pipeline::process(extractor, variant(base, start + i)))
                        })
                        .collect();
                    // The receiver is gone when storing failed: stop quietly.
                    if tx.send((chunk, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Chunks are stored in order, so a library is the same every run.
        let mut ahead = BTreeMap::new();
        let mut want = 0;
        for (chunk, done) in rx {
            ahead.insert(chunk, done);
            while let Some(done) = ahead.remove(&want) {
                let (t, cpu) = (Instant::now(), thread_cpu_time());
                for p in done {
                    bulk.push_prepared(p)?;
                }
                writing += t.elapsed();
                writing_cpu += thread_cpu_time().saturating_sub(cpu);
                want += 1;
            }
        }
        Ok(())
    })?;
    let (t, cpu) = (Instant::now(), thread_cpu_time());
    let counts = bulk.finish()?;
    writing += t.elapsed();
    writing_cpu += thread_cpu_time().saturating_sub(cpu);
    let stored = counts.new + counts.updated;
    let size = std::fs::metadata(lib.path()).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(lib.path().with_extension("db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    let total = started.elapsed().as_secs_f64();
    eprintln!(
        "gazette: {stored} articles stored in {total:.1}s = {:.0} articles/s end to end \
         (extracting and storing {:.1}s; the writer busy {:.1}s, {:.1}s of CPU); library {:.1} MiB",
        stored as f64 / total.max(1e-9),
        stored_from.elapsed().as_secs_f64(),
        writing.as_secs_f64(),
        writing_cpu.as_secs_f64(),
        size as f64 / (1024.0 * 1024.0)
    );
    Ok(ExitCode::SUCCESS)
}

/// Articles a worker takes at a time.
const CHUNK: usize = 64;

/// The `i`th generated article: base article `i` modulo their number,
/// retitled and redated on every round after the first.
fn variant(base: &[Article], i: usize) -> Article {
    let round = i / base.len();
    let a = &base[i % base.len()];
    let mut article = Article::new(
        format!("gen/{round:03}/{}", a.source),
        a.title.clone(),
        a.paragraphs.clone(),
    );
    if round > 0 {
        article.title = format!("{} [{round}]", a.title);
    }
    article.date =
        Some(a.date.unwrap_or_else(|| synthetic_date(i)) + chrono::Duration::days(round as i64));
    article
}

/// The calling thread's CPU time (user + system) on Linux, from /proc;
/// zero elsewhere. A busy machine stretches wall-clock time, not this.
fn thread_cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the parenthesised command name; utime and stime are the
    // 12th and 13th of them, in clock ticks (100 per second on Linux).
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return Duration::ZERO;
    };
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

fn synthetic_date(i: usize) -> DateTime<Utc> {
    let base = Utc
        .with_ymd_and_hms(2004, 1, 1, 8, 0, 0)
        .single()
        .unwrap_or_default();
    base + chrono::Duration::days(((i * 7919) % 3650) as i64)
        + chrono::Duration::minutes((i % 1440) as i64)
}

fn bbc(dir: &Path, out: &mut Vec<Article>) {
    let (files, _) = ingest::expand_paths(&[dir.to_path_buf()]);
    for f in files {
        if f.file_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("README.TXT"))
        {
            continue;
        }
        if let Outcome::Read { article, .. } = ingest::read_file(&f) {
            out.push(article);
        }
    }
}

fn reuters(dir: &Path, out: &mut Vec<Article>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgm"))
        .collect();
    files.sort();
    for f in files {
        let bytes = std::fs::read(&f).with_context(|| format!("cannot read {}", f.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        for (n, doc) in text.split("<REUTERS").skip(1).enumerate() {
            let (Some(title), Some(body)) = (
                between(doc, "<TITLE>", "</TITLE>"),
                between(doc, "<BODY>", "</BODY>"),
            ) else {
                continue;
            };
            let body = unescape(body);
            let body = sanitize::clean_text(&body);
            let lines: Vec<&str> = body.lines().collect();
            let mut article = Article::new(
                format!(
                    "reuters/{}/{n}",
                    f.file_name()
                        .map(|s| s.to_string_lossy())
                        .unwrap_or_default()
                ),
                sanitize::one_line(&unescape(title)),
                ingest::text::paragraphs(&lines),
            );
            article.date = between(doc, "<DATE>", "</DATE>")
                .and_then(|d| {
                    chrono::NaiveDateTime::parse_from_str(d.trim(), "%d-%b-%Y %H:%M:%S%.f").ok()
                })
                .map(|d| d.and_utc());
            out.push(article);
        }
    }
    Ok(())
}

fn agnews(path: &Path, out: &mut Vec<Article>) -> Result<()> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(());
    };
    for (n, line) in text.lines().enumerate() {
        let fields = csv_fields(line);
        if fields.len() < 3 {
            continue;
        }
        let body = sanitize::one_line(&fields[2].replace('\\', " "));
        out.push(Article::new(
            format!("agnews/{n}"),
            sanitize::one_line(&fields[1]),
            vec![body],
        ));
    }
    Ok(())
}

fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', q) => quoted = !q,
            (',', false) => fields.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    fields.push(cur);
    fields
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#3;", "")
        .replace("&amp;", "&")
}
