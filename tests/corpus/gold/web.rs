//! Web news pages from the Scrapinghub article-extraction benchmark
//! (`../shared/corpora/extraction/scrapinghub-aeb/`, MIT), which holds a
//! human-checked `articleBody` for each page in `ground-truth.json`. The
//! selection rule is fixed: sort the keys; keep a page when its URL host
//! (less `www.`) is one of [`NEWS_HOSTS`] and its `articleBody` has at least
//! 1,000 characters (which drops paywall stubs). A gold file takes a run of
//! the pages so kept, after skipping its first `skip`, and [`score`] checks
//! that the rule still picks the annotated keys.
//!
//! Each article runs through the whole pipeline as `gazette entities` does,
//! twice: as a `.txt` written from the ground truth (headline line, blank
//! line, body), whose figures the checks assert, and as the raw HTML page,
//! which also scores cleaning.

use std::path::PathBuf;

use gazette::extract::Extractor;

use super::{Article, Figures, corpora, extract, score_article};

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

fn corpus_root() -> Option<PathBuf> {
    let root = corpora().join("extraction/scrapinghub-aeb");
    if !root.join("ground-truth.json").is_file() {
        println!(
            "SKIPPED: extraction benchmark not found at {}",
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

/// Scores `articles`, which must be the pages the selection rule keeps after
/// skipping the first `skip`. `None` (after saying so) when the corpus is
/// absent.
pub fn score(skip: usize, articles: &[Article]) -> Option<Figures> {
    let root = corpus_root()?;
    let text = std::fs::read_to_string(root.join("ground-truth.json"))
        .unwrap_or_else(|e| panic!("reading ground-truth.json: {e}"));
    let truth: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing ground-truth.json: {e}"));

    // The selection rule, checked against the keys in the gold file.
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
        .take(articles.len())
        .collect();
    let annotated: Vec<&str> = articles.iter().map(|a| a.source.as_str()).collect();
    assert_eq!(selected, annotated, "the selection rule picks other pages");

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let extractor = Extractor::builtin();
    let mut figures = Figures::default();
    for gold in articles {
        let short = &gold.source[..12];
        let page = &truth[gold.source.as_str()];
        let body = page["articleBody"].as_str().unwrap_or("");
        let html_path = root.join("html").join(format!("{}.html", gold.source));
        let html = std::fs::read(&html_path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", html_path.display()));
        let title = page_title(&String::from_utf8_lossy(&html)).unwrap_or_else(|| {
            // No <title>: the body's first sentence stands in.
            body.split_inclusive(". ").next().unwrap_or("").to_owned()
        });
        let txt = dir.path().join(format!("{short}.txt"));
        std::fs::write(&txt, format!("{title}\n\n{body}\n"))
            .unwrap_or_else(|e| panic!("writing {}: {e}", txt.display()));

        let (people, countries) = extract(extractor, &txt);
        let (p, c) = score_article(&format!("{short} text"), gold, &people, &countries);
        figures.people += p;
        figures.countries += c;

        let (people, countries) = extract(extractor, &html_path);
        let (p, c) = score_article(&format!("{short} html"), gold, &people, &countries);
        figures.html_people += p;
        figures.html_countries += c;
    }
    Some(figures)
}
