//! The quotes part of the harness: reads `tests/gold/quotes_*.json`, runs
//! each article through ingest, clean and extract as `gazette entities
//! --json` does, and scores the quotations found and their speakers.
//!
//! An article's `source` is a path under `../shared/corpora/bbc/`, or
//! `recent2025:N` for row N (0-based) of `recent2025/articles.jsonl`, read
//! as a text file of its title, a blank line and its text (as
//! `tools/check.sh` writes it). Each gold quote is named by its first words
//! (`starts`) and lists the acceptable speaker names (`null`: unnamed).
//! Texts are compared lower-cased, curly apostrophes straightened, leading
//! and trailing punctuation dropped.
//!
//! A quote found is right when its text starts with a gold quote's
//! `starts` (each gold quote matched once); it is ignored when it starts
//! with an `optional` one; otherwise it is wrong, and when it equals a
//! `not_quotes` entry (a scare quote, a title, a word as a word) it also
//! counts as a scare quote reported. Its speaker is right when it equals
//! one of the gold names, or both are `null`.

use std::path::{Path, PathBuf};

use gazette::extract::Extractor;
use gazette::extract::quotes::{self, Quote};
use gazette::ingest::{self, Outcome};
use gazette::pipeline;
use serde::Deserialize;

use super::{Counts, corpora, read_gold};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    #[serde(default, rename = "notes")]
    _notes: Vec<String>,
    articles: Vec<Article>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Article {
    source: String,
    quotes: Vec<GoldQuote>,
    #[serde(default)]
    optional: Vec<String>,
    #[serde(default)]
    not_quotes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldQuote {
    starts: String,
    speaker: Option<Vec<String>>,
}

/// Totals over a quotes gold file.
#[derive(Default)]
pub struct QuoteFigures {
    pub quotes: Counts,
    /// Quotes found and matched, and how many of those have the right speaker.
    pub matched: usize,
    pub speaker_right: usize,
    /// `not_quotes` entries, and how many were reported as quotes.
    pub not_quotes: usize,
    pub scare_reported: usize,
}

impl QuoteFigures {
    pub fn speaker_accuracy(&self) -> f64 {
        self.speaker_right as f64 / self.matched.max(1) as f64
    }

    pub fn scare_rate(&self) -> f64 {
        self.scare_reported as f64 / self.not_quotes.max(1) as f64
    }
}

fn norm(s: &str) -> String {
    s.replace(['’', '‘'], "'")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Scores `tests/gold/NAME.json`, printing every error and the totals;
/// `None` (after printing `SKIPPED:`) when a corpus is absent.
pub fn score_quotes(name: &str) -> Option<QuoteFigures> {
    let gold: Gold = read_gold(name);
    let root = corpora();
    let recent = root.join("recent2025/articles.jsonl");
    if !root.join("bbc").is_dir() || !recent.is_file() {
        println!(
            "SKIPPED: the BBC corpus or recent2025 not found under {}",
            root.display()
        );
        return None;
    }
    let rows: Vec<String> = std::fs::read_to_string(&recent)
        .unwrap_or_else(|e| panic!("reading {}: {e}", recent.display()))
        .lines()
        .map(str::to_string)
        .collect();
    let scratch =
        std::env::temp_dir().join(format!("gazette-quotes-gold-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap_or_else(|e| panic!("{}: {e}", scratch.display()));
    let extractor = Extractor::builtin();
    let mut f = QuoteFigures::default();
    for article in &gold.articles {
        let path = match article.source.strip_prefix("recent2025:") {
            Some(n) => write_row(&scratch, &rows, n),
            None => root.join(&article.source),
        };
        let found = find(extractor, &path);
        score_article(&article.source, article, &found, &mut f);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!("{name}, {} articles:", gold.articles.len());
    println!("  quotes    {}", f.quotes);
    println!(
        "  speakers  {:.3} right ({} of {} quotes found)",
        f.speaker_accuracy(),
        f.speaker_right,
        f.matched
    );
    println!(
        "  scare quotes reported {:.3} ({} of {})",
        f.scare_rate(),
        f.scare_reported,
        f.not_quotes
    );
    Some(f)
}

/// Writes row `n` of recent2025 as a text file (title, blank line, text).
fn write_row(dir: &Path, rows: &[String], n: &str) -> PathBuf {
    let n: usize = n.parse().unwrap_or_else(|e| panic!("row {n}: {e}"));
    let row: serde_json::Value =
        serde_json::from_str(&rows[n]).unwrap_or_else(|e| panic!("row {n}: {e}"));
    let field = |k: &str| {
        row.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let path = dir.join(format!("{n:05}.txt"));
    let text = format!("{}\n\n{}\n", field("title"), field("text"));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

fn find(extractor: &Extractor, path: &Path) -> Vec<Quote> {
    let article = match ingest::read_file(path) {
        Outcome::Read { article, .. } => article,
        Outcome::Skipped(skip) => panic!("{}: {skip}", path.display()),
        Outcome::Feed { .. } => panic!("{}: not an article file", path.display()),
    };
    let processed = pipeline::process(extractor, article);
    quotes::find(&processed.article.paragraphs, &processed.entities.people)
}

fn score_article(tag: &str, gold: &Article, found: &[Quote], f: &mut QuoteFigures) {
    let mut used = vec![false; gold.quotes.len()];
    let mut c = Counts::default();
    for q in found {
        let text = norm(&q.text);
        let hit = gold
            .quotes
            .iter()
            .enumerate()
            .find(|(i, g)| !used[*i] && text.starts_with(&norm(&g.starts)));
        if let Some((i, g)) = hit {
            used[i] = true;
            c.tp += 1;
            f.matched += 1;
            let right = match (&g.speaker, &q.speaker) {
                (None, None) => true,
                (Some(names), Some(s)) => names.iter().any(|n| norm(n) == norm(s)),
                _ => false,
            };
            if right {
                f.speaker_right += 1;
            } else {
                println!(
                    "  {tag}: speaker of {:?}: found {:?}, gold {:?}",
                    g.starts, q.speaker, g.speaker
                );
            }
            continue;
        }
        if gold.optional.iter().any(|o| text.starts_with(&norm(o))) {
            continue;
        }
        c.fp += 1;
        let scare = gold.not_quotes.iter().any(|n| norm(n) == text);
        println!(
            "  {tag}: {} {:?} ({:?})",
            if scare {
                "scare quote reported"
            } else {
                "not a quote"
            },
            q.text,
            q.speaker
        );
    }
    for (g, used) in gold.quotes.iter().zip(&used) {
        if !used {
            c.fn_ += 1;
            println!("  {tag}: missed {:?}", g.starts);
        }
    }
    f.not_quotes += gold.not_quotes.len();
    f.scare_reported += gold
        .not_quotes
        .iter()
        .filter(|n| found.iter().any(|q| norm(&q.text) == norm(n)))
        .count();
    println!("{tag}: quotes tp {} fp {} fn {}", c.tp, c.fp, c.fn_);
    f.quotes += c;
}
