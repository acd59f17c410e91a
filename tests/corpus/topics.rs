//! Issues and sections against hand-judged articles of
//! ../shared/corpora/recent2025 (whole article, and headline + feed summary)
//! and BBC, in gold files read the same way:
//! - tests/gold/topics_dev.json: 64 recent2025 rows and 41 BBC files, judged
//!   before the tagger was run on them, then tuned on: development figures.
//! - tests/gold/topics_dev2.json: 60 more recent2025 rows (the first with
//!   i % 12 in {3, 8}), judged before running, then tuned on (issue #17).
//! - tests/gold/topics_heldout.json: 63 recent2025 rows (i % 12 == 5) and 45
//!   BBC files (sorted index 7 + 50k), judged blind and never tuned on: the
//!   figures to report. Do not tune on them or add them to the dev gold.
//!
//! Skips with a message when ../shared is absent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use gazette::ingest::sanitize::clean_text;
use gazette::{Article, Extractor, pipeline};
use serde_json::Value;

/// ../shared, or the directory `GAZETTE_SHARED` names (for a worktree
/// that is not beside it).
fn shared() -> Option<PathBuf> {
    let path = std::env::var_os("GAZETTE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if path.join("corpora/recent2025/articles.jsonl").exists() && path.join("corpora/bbc").exists()
    {
        Some(path)
    } else {
        eprintln!("SKIPPED: {} is absent", path.display());
        None
    }
}

/// True positives, false positives, false negatives; sections right, total.
#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    sections_right: usize,
    articles: usize,
    /// Articles with a required issue, and those of them tagged with at
    /// least one right (required or optional) issue.
    with_required: usize,
    carrying: usize,
}

impl Tally {
    fn add(&mut self, article: &Article, judged: &Value) {
        let e = pipeline::process(Extractor::builtin(), article.clone()).entities;
        let list = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let required = list(&judged["issues"]["required"]);
        let optional = list(&judged["issues"]["optional"]);
        let tagged: Vec<&str> = e.issues.iter().map(|h| h.id.as_str()).collect();
        self.tp += tagged
            .iter()
            .filter(|t| required.iter().any(|r| r == *t))
            .count();
        self.fp += tagged
            .iter()
            .filter(|t| !required.iter().chain(&optional).any(|r| r == *t))
            .count();
        self.fn_ += required
            .iter()
            .filter(|r| !tagged.contains(&r.as_str()))
            .count();
        if !required.is_empty() {
            self.with_required += 1;
            if tagged
                .iter()
                .any(|t| required.iter().chain(&optional).any(|r| r == *t))
            {
                self.carrying += 1;
            }
        }
        let mut right = list(&judged["sections"]["required"]);
        right.extend(list(&judged["sections"]["optional"]));
        self.articles += 1;
        if e.sections.first().is_some_and(|s| right.contains(&s.id)) {
            self.sections_right += 1;
        }
    }

    fn report(&self, name: &str) -> (f64, f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        let s = self.sections_right as f64 / self.articles.max(1) as f64;
        eprintln!(
            "{name}: issues P {p:.3} R {r:.3} F1 {f1:.3} (tp {}, fp {}, fn {}); carry a right issue {}/{}; sections right {s:.3} of {}",
            self.tp, self.fp, self.fn_, self.carrying, self.with_required, self.articles
        );
        (p, r, f1, s)
    }
}

fn recent_article(row: &Value, feed: bool) -> Article {
    // As ingest reads any text: unsafe characters cleaned.
    let s = |k: &str| clean_text(row[k].as_str().unwrap_or("")).into_owned();
    let title = s("title");
    let paragraphs: Vec<String> = if feed {
        let summary = s("summary");
        // Feed summaries of allAfrica start with their source in brackets.
        let summary = match summary.strip_prefix('[').and_then(|r| r.split_once(']')) {
            Some((_, rest)) => rest.trim().to_string(),
            None => summary,
        };
        vec![summary]
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect()
    } else {
        s("text")
            .split("  ")
            .flat_map(|p| p.split('\n'))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    };
    Article::new(s("link"), &title, paragraphs)
}

/// Scores a gold file: tallies for "bbc", "recent2025" and "recent2025
/// feed items", each printed; `held_out` says which rows the file may hold.
fn score(shared: &Path, gold: &str, held_out: bool) -> HashMap<&'static str, Tally> {
    let gold: Value = serde_json::from_str(gold).unwrap();
    let articles = gold["articles"].as_object().unwrap();
    let rows: Vec<Value> =
        std::fs::read_to_string(shared.join("corpora/recent2025/articles.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let mut tallies: HashMap<&str, Tally> = HashMap::new();
    for (key, judged) in articles {
        if let Some(row) = key.strip_prefix("recent2025/") {
            let i: usize = row.parse().unwrap();
            assert_eq!(
                i % 12 == 5,
                held_out,
                "{key}: held-out rows are i % 12 == 5"
            );
            let full = recent_article(&rows[i], false);
            tallies.entry("recent2025").or_default().add(&full, judged);
            let feed = recent_article(&rows[i], true);
            tallies
                .entry("recent2025 feed items")
                .or_default()
                .add(&feed, judged);
        } else if let Some(path) = key.strip_prefix("bbc/") {
            let path = shared.join("corpora/bbc").join(path);
            let gazette::ingest::Outcome::Read { article, .. } = gazette::ingest::read_file(&path)
            else {
                panic!("cannot read {}", path.display());
            };
            tallies.entry("bbc").or_default().add(&article, judged);
        }
    }
    tallies
}

#[test]
fn dev_gold_precision_recall_and_sections() {
    let Some(shared) = shared() else {
        return;
    };
    let tallies = score(&shared, include_str!("../gold/topics_dev.json"), false);
    let bbc = tallies["bbc"].report("dev bbc");
    let recent = tallies["recent2025"].report("dev recent2025");
    let feed = tallies["recent2025 feed items"].report("dev recent2025 feed items");
    // Floors a little under the figures measured when the gold was made,
    // so that a change that breaks tagging fails here.
    assert!(bbc.0 >= 0.80 && bbc.2 >= 0.82, "bbc {bbc:?}");
    assert!(recent.1 >= 0.85 && recent.2 >= 0.62, "recent {recent:?}");
    assert!(feed.0 >= 0.75 && feed.2 >= 0.78, "feed {feed:?}");
    for (name, t) in [("bbc", bbc), ("recent", recent), ("feed", feed)] {
        assert!(t.3 >= 0.9, "{name} sections right {:.3}", t.3);
    }
}

/// A second dev judgement (tests/gold/topics_dev2.json: 60 recent2025 rows
/// judged before gazette was run on them, then tuned on): floors a little
/// under the figures measured once the tagger was tuned (issue #17).
#[test]
fn dev2_gold_precision_recall_and_feed_items_carrying_a_right_issue() {
    let Some(shared) = shared() else {
        return;
    };
    let tallies = score(&shared, include_str!("../gold/topics_dev2.json"), false);
    let recent = tallies["recent2025"].report("dev2 recent2025");
    let feed_tally = &tallies["recent2025 feed items"];
    let feed = feed_tally.report("dev2 recent2025 feed items");
    assert!(
        recent.0 >= 0.67 && recent.1 >= 0.88 && recent.2 >= 0.77,
        "recent {recent:?}"
    );
    let carried = feed_tally.carrying as f64 / feed_tally.with_required.max(1) as f64;
    assert!(
        feed.0 >= 0.75 && carried >= 0.85,
        "feed {feed:?}, carrying {carried:.3}"
    );
}

/// The blind held-out judgement: the figures to report. Floors sit a little
/// under what was measured when the tagger was first scored on it, so a
/// change that makes tagging worse on unseen articles fails here.
#[test]
fn heldout_gold_precision_recall_and_sections() {
    let Some(shared) = shared() else {
        return;
    };
    let tallies = score(&shared, include_str!("../gold/topics_heldout.json"), true);
    let bbc = tallies["bbc"].report("held-out bbc");
    let recent = tallies["recent2025"].report("held-out recent2025");
    let feed = tallies["recent2025 feed items"].report("held-out recent2025 feed items");
    for (name, t, floor) in [
        ("bbc", bbc, (0.83, 0.90, 0.87, 0.95)),
        ("recent", recent, (0.60, 0.86, 0.70, 0.87)),
        // Feed items trade precision (0.81 -> 0.73 at session 9) for items
        // that carry a right issue (31/46 -> 36/46); P, R and F1 are guarded
        // at what session 9 measured, less a little.
        ("feed", feed, (0.70, 0.55, 0.63, 0.83)),
    ] {
        assert!(
            t.0 >= floor.0 && t.1 >= floor.1 && t.2 >= floor.2 && t.3 >= floor.3,
            "held-out {name}: P/R/F1/sections {t:?} under {floor:?}"
        );
    }
}
