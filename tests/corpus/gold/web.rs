//! Scoring people and countries in hand-annotated web news articles from the
//! Scrapinghub article-extraction benchmark, shared by `tests/web_holdout.rs`
//! and `tests/web_holdout2.rs`.
//!
//! The benchmark (`../shared/corpora/extraction/scrapinghub-aeb/`, MIT) holds
//! a human-checked `articleBody` for each page in `ground-truth.json`. The
//! selection rule is fixed: sort the keys; keep a page when its URL host (less
//! `www.`) is one of [`NEWS_HOSTS`] and its `articleBody` has at least 1,000
//! characters (which drops paywall stubs). Each hold-out takes a run of the
//! pages so kept, and [`run`] checks that the rule still picks the annotated
//! keys.
//!
//! Each article runs through the whole pipeline as `gazette entities` does,
//! twice: as a `.txt` written from the ground truth (headline line, blank
//! line, body), and as the raw HTML page, which also scores cleaning.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gazette::extract::{Extractor, Person};
use gazette::ingest::{self, Outcome};
use gazette::pipeline;

/// English general-news hosts the selection draws from.
pub const NEWS_HOSTS: &[&str] = &[
    "bbc.com",
    "cnn.com",
    "nytimes.com",
    "aljazeera.com",
    "hosted.ap.org",
    "thehill.com",
    "nbcnews.com",
    "cbsnews.com",
    "foxnews.com",
    "usatoday.com",
    "express.co.uk",
    "politifact.com",
    "washingtonexaminer.com",
    "latimes.com",
    "wsj.com",
    "nypost.com",
    "cnbc.com",
    "businessinsider.com",
    "sportsnet.ca",
    "cbssports.com",
    "reuters.com",
    "theguardian.com",
    "news.sky.com",
];

/// One article's gold: people as their forms (name first), and countries.
pub struct Gold {
    pub key: &'static str,
    pub people: &'static [&'static [&'static str]],
    pub countries: &'static [&'static str],
}

#[path = "../counts/mod.rs"]
mod counts;

pub use counts::Counts;

/// Totals over a hold-out, by input path.
#[derive(Default)]
pub struct Figures {
    pub text_people: Counts,
    pub text_countries: Counts,
    pub html_people: Counts,
    pub html_countries: Counts,
}

/// Case and quote style are ignored, as in the gold scorer.
fn norm(s: &str) -> String {
    s.replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
        .to_lowercase()
}

/// Scores one article's people: the first prediction matching a gold person
/// is right, a second one for the same person is wrong (every name must
/// resolve to one person), an unmatched one is wrong.
fn score_people(tag: &str, gold: &[&[&str]], found: &[Person]) -> Counts {
    let matches = |forms: &[&str], p: &Person| {
        std::iter::once(&p.name)
            .chain(&p.aliases)
            .any(|a| forms.iter().any(|f| norm(f) == norm(a)))
    };
    let mut hit = vec![false; gold.len()];
    let mut c = Counts::default();
    for p in found {
        match gold.iter().position(|forms| matches(forms, p)) {
            Some(i) if !hit[i] => {
                hit[i] = true;
                c.tp += 1;
            }
            Some(i) => {
                c.fp += 1;
                println!(
                    "{tag}: people FP duplicate of {:?}: {:?} {:?}",
                    gold[i][0], p.name, p.aliases
                );
            }
            None => {
                c.fp += 1;
                println!("{tag}: people FP {:?} {:?}", p.name, p.aliases);
            }
        }
    }
    for (forms, h) in gold.iter().zip(&hit) {
        if !h {
            c.fn_ += 1;
            println!("{tag}: people FN {:?}", forms[0]);
        }
    }
    c
}

fn score_countries(tag: &str, gold: &[&str], found: &BTreeSet<String>) -> Counts {
    let gold: BTreeSet<String> = gold.iter().map(|c| c.to_string()).collect();
    let mut c = Counts::default();
    for code in found.difference(&gold) {
        c.fp += 1;
        println!("{tag}: countries FP {code}");
    }
    for code in gold.difference(found) {
        c.fn_ += 1;
        println!("{tag}: countries FN {code}");
    }
    c.tp = gold.intersection(found).count();
    c
}

/// The page's `<title>`, entities decoded, cut to its longest segment between
/// " | " and " - " separators so the site name ("- CBS News") is dropped.
fn page_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title>")?;
    let raw = decode_entities(&html[start..end]);
    let flat = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.split(" | ")
        .flat_map(|s| s.split(" - "))
        .map(str::trim)
        .fold(None, |best: Option<&str>, s| match best {
            Some(b) if b.len() >= s.len() => Some(b),
            _ => Some(s),
        })
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "rsquo" => Some('’'),
            "lsquo" => Some('‘'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(ch) => {
                out.push(ch);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Runs one file through ingest, clean and extract, as `gazette entities`.
fn extract(extractor: &Extractor, path: &Path) -> (Vec<Person>, BTreeSet<String>) {
    let article = match ingest::read_file(path) {
        Outcome::Read { article, .. } => article,
        Outcome::Skipped(skip) => panic!("{}: {skip}", path.display()),
        Outcome::Feed { .. } => panic!("{}: not an article file", path.display()),
    };
    let processed = pipeline::process(extractor, article);
    let countries = processed
        .entities
        .countries
        .iter()
        .map(|c| c.code.clone())
        .collect();
    (processed.entities.people, countries)
}

fn corpus_root() -> Option<PathBuf> {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/extraction/scrapinghub-aeb");
    if !root.join("ground-truth.json").is_file() {
        println!(
            "skipping: extraction benchmark not found at {}",
            root.display()
        );
        return None;
    }
    Some(root)
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

/// Scores `gold`, which must be the pages the selection rule keeps after
/// skipping the first `skip`, and prints every error and the totals under
/// `name`. `None` (after saying so) when the corpus is absent.
pub fn run(name: &str, skip: usize, gold: &[Gold]) -> Option<Figures> {
    let root = corpus_root()?;
    let text = std::fs::read_to_string(root.join("ground-truth.json"))
        .unwrap_or_else(|e| panic!("reading ground-truth.json: {e}"));
    let truth: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing ground-truth.json: {e}"));

    // The selection rule, checked against the keys written down in `gold`.
    let mut keys: Vec<(&String, &serde_json::Value)> = truth.iter().collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    let selected: Vec<&str> = keys
        .into_iter()
        .filter(|(_, page)| {
            let url = page["url"].as_str().unwrap_or("");
            let body = page["articleBody"].as_str().unwrap_or("");
            NEWS_HOSTS.contains(&host(url)) && body.chars().count() >= 1000
        })
        .map(|(key, _)| key.as_str())
        .skip(skip)
        .take(gold.len())
        .collect();
    let annotated: Vec<&str> = gold.iter().map(|g| g.key).collect();
    assert_eq!(selected, annotated, "the selection rule picks other pages");

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let extractor = Extractor::builtin();
    let mut figures = Figures::default();
    for gold in gold {
        let short = &gold.key[..12];
        let page = &truth[gold.key];
        let body = page["articleBody"].as_str().unwrap_or("");
        let html_path = root.join("html").join(format!("{}.html", gold.key));
        let html = std::fs::read(&html_path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", html_path.display()));
        let title = page_title(&String::from_utf8_lossy(&html)).unwrap_or_else(|| {
            // No <title>: the body's first sentence stands in.
            body.split_inclusive(". ").next().unwrap_or("").to_owned()
        });
        let txt = dir.path().join(format!("{short}.txt"));
        std::fs::write(&txt, format!("{title}\n\n{body}\n"))
            .unwrap_or_else(|e| panic!("writing {}: {e}", txt.display()));

        let tag = format!("{short} text");
        let (people, countries) = extract(extractor, &txt);
        let p = score_people(&tag, gold.people, &people);
        let c = score_countries(&tag, gold.countries, &countries);
        println!(
            "{tag}: people tp {} fp {} fn {}; countries tp {} fp {} fn {}",
            p.tp, p.fp, p.fn_, c.tp, c.fp, c.fn_
        );
        figures.text_people += p;
        figures.text_countries += c;

        let tag = format!("{short} html");
        let (people, countries) = extract(extractor, &html_path);
        figures.html_people += score_people(&tag, gold.people, &people);
        figures.html_countries += score_countries(&tag, gold.countries, &countries);
    }
    println!("{name}, {} articles, text path:", gold.len());
    println!("  people    {}", figures.text_people);
    println!("  countries {}", figures.text_countries);
    println!("{name}, HTML path (cleaning included, not asserted):");
    println!("  people    {}", figures.html_people);
    println!("  countries {}", figures.html_countries);
    Some(figures)
}
