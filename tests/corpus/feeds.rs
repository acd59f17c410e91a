//! Every feed and OPML file of the shared corpora: parsed or refused with a
//! reason, never a panic or a hang. Skips when the corpora are absent.

use std::path::{Path, PathBuf};

use gazette::feeds::{Opml, parse_feed};

const FEEDS: &str = "../shared/corpora/feeds";
const OPML: &str = "../shared/corpora/opml";

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn is_feed_file(p: &Path) -> bool {
    let name = p.file_name().unwrap().to_string_lossy();
    !name.ends_with(".serde.json") && !name.starts_with("LICENSE") && !name.ends_with(".txt")
}

#[test]
fn every_corpus_feed_parses_or_says_why() {
    let mut all = Vec::new();
    files(Path::new(FEEDS), &mut all);
    if all.is_empty() {
        println!("SKIPPED: {FEEDS} is absent");
        return;
    }
    let (mut parsed, mut entries, mut failed) = (0, 0, Vec::new());
    for path in all.iter().filter(|p| is_feed_file(p)) {
        let bytes = std::fs::read(path).unwrap();
        match parse_feed(&bytes, None) {
            Ok(feed) => {
                parsed += 1;
                entries += feed.entries.len();
                for e in &feed.entries {
                    let a = &e.article;
                    assert!(
                        !a.source.is_empty(),
                        "{}: entry without a source",
                        path.display()
                    );
                    assert!(
                        a.title
                            .chars()
                            .chain(a.body().chars())
                            .all(|c| c == '\n' || !c.is_control()),
                        "{}: control characters in {:?}",
                        path.display(),
                        a.title
                    );
                }
            }
            Err(err) => {
                let why = err.to_string();
                assert!(!why.is_empty());
                failed.push(format!("{}: {why}", path.display()));
            }
        }
    }
    println!(
        "feeds parsed {parsed}, refused {}, entries {entries}",
        failed.len()
    );
    let mut reasons = std::collections::BTreeMap::new();
    for f in &failed {
        let (path, why) = f.split_once(": ").unwrap();
        let dir = Path::new(path)
            .parent()
            .unwrap()
            .strip_prefix(FEEDS)
            .unwrap()
            .display()
            .to_string();
        *reasons.entry((dir, why.to_string())).or_insert(0) += 1;
    }
    for ((dir, why), n) in &reasons {
        println!("  {n:4} {dir}: {why}");
    }
    // feedparser's corpus holds many fragments feed-rs does not call a feed
    // (an <rss> with no <channel>), deliberate garbage, and UTF-16/32 and
    // legacy encodings; the floor sits a little under the 1,768 of 2,204
    // that parse, so a regression fails.
    assert!(
        parsed >= 1700,
        "only {parsed} of {} parsed",
        parsed + failed.len()
    );
    // Real-world feeds all parse, bar the ones that are meant to fail.
    for f in failed.iter().filter(|f| f.contains("/real/")) {
        println!("  real feed refused: {f}");
    }
}

/// The real-world feed files (feed-rs's and node-feedparser's fixtures):
/// how many give at least one entry with text, as a reader would import.
/// Those that give none are listed; most hold only titles, or are XML test
/// files that are not feeds.
#[test]
fn real_feeds_with_text_are_imported() {
    let mut all = Vec::new();
    files(&Path::new(FEEDS).join("real"), &mut all);
    if all.is_empty() {
        println!("SKIPPED: {FEEDS}/real is absent");
        return;
    }
    let (mut with_text, mut total) = (0, 0);
    for path in all.iter().filter(|p| is_feed_file(p)) {
        total += 1;
        let bytes = std::fs::read(path).unwrap();
        let has_text = parse_feed(&bytes, None)
            .map(|f| f.entries.iter().any(|e| !e.article.paragraphs.is_empty()))
            .unwrap_or(false);
        if has_text {
            with_text += 1;
        } else {
            println!("  no entry with text: {}", path.display());
        }
    }
    println!("real feeds with an entry with text: {with_text} of {total}");
    assert!(
        with_text >= WITH_TEXT,
        "only {with_text} of {total} real feeds give an entry with text"
    );
}

/// Real feed files giving an entry with text (see above), as measured: 90
/// of 97, every file in which Python's feedparser 6.0 finds an entry with
/// text. The other 7 have none to give: two XML files that are not feeds
/// (`xml_sample_1/2`), an HTML page (`notafeed.html`), a feed cut off
/// before its first item (`rss_2.0_invalid_1`), entries with a title only
/// (`atom-with-tag-uri-links`, `rss-with-trailing-meta`) or only an image
/// (`atom_xml_base`).
const WITH_TEXT: usize = 90;

#[test]
fn titles_and_links_match_the_feed_rs_fixtures() {
    let mut all = Vec::new();
    files(&Path::new(FEEDS).join("real/feed-rs"), &mut all);
    if all.is_empty() {
        println!("SKIPPED: {FEEDS}/real/feed-rs is absent");
        return;
    }
    let mut compared = 0;
    for expected in all
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".serde.json"))
    {
        let stem = expected
            .to_string_lossy()
            .trim_end_matches(".serde.json")
            .to_string();
        let Some(feed_path) = [".xml", ".json"]
            .iter()
            .map(|e| PathBuf::from(format!("{stem}{e}")))
            .find(|p| p.exists())
        else {
            continue;
        };
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(expected).unwrap()).unwrap();
        let bytes = std::fs::read(&feed_path).unwrap();
        let raw = String::from_utf8_lossy(&bytes);
        let feed =
            parse_feed(&bytes, None).unwrap_or_else(|e| panic!("{}: {e}", feed_path.display()));
        let want_entries = want["entries"].as_array().unwrap();
        assert_eq!(
            feed.entries.len(),
            want_entries.len(),
            "{}",
            feed_path.display()
        );
        for (got, want) in feed.entries.iter().zip(want_entries) {
            // feed-rs invents random ids for entries without one; only
            // ids written in the feed are comparable.
            let want_id = want["id"].as_str().unwrap().trim();
            if raw.contains(want_id) {
                assert_eq!(got.guid, want_id, "{}", feed_path.display());
            }
            if let Some(href) = want["links"][0]["href"].as_str()
                && want["links"].as_array().unwrap().len() == 1
            {
                assert_eq!(
                    got.link.as_deref(),
                    Some(href.trim()),
                    "{}",
                    feed_path.display()
                );
            }
            if let Some(title) = want["title"]["content"].as_str()
                && want["title"]["content_type"] == "text/plain"
            {
                let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(got.article.title, title, "{}", feed_path.display());
            }
        }
        compared += 1;
    }
    println!("compared {compared} fixtures");
    assert!(compared >= 50, "only {compared} fixtures compared");
}

#[test]
fn every_valid_opml_file_round_trips() {
    let mut all = Vec::new();
    files(Path::new(OPML), &mut all);
    if all.is_empty() {
        println!("SKIPPED: {OPML} is absent");
        return;
    }
    let (mut valid, mut refused) = (0, Vec::new());
    for path in all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "opml"))
    {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        match Opml::parse(&text) {
            Ok(doc) => {
                let again = Opml::parse(&doc.to_xml())
                    .unwrap_or_else(|e| panic!("{}: re-read failed: {e}", path.display()));
                assert_eq!(again.outlines, doc.outlines, "{}", path.display());
                assert_eq!(again.title, doc.title, "{}", path.display());
                valid += 1;
            }
            Err(e) => refused.push(format!("{}: {e}", path.display())),
        }
    }
    println!("OPML valid {valid}, refused {}:", refused.len());
    for r in &refused {
        println!("  {r}");
    }
    // Files named invalid/malformed must be refused; the rest must be read.
    for r in &refused {
        assert!(
            ["invalid", "malformed", "no-outlines", "no_outlines"]
                .iter()
                .any(|w| r.contains(w)),
            "a valid file was refused: {r}"
        );
    }
    let top = all
        .iter()
        .find(|p| p.ends_with("node-opmlparser/top100.opml"))
        .unwrap();
    let doc = Opml::parse(&std::fs::read_to_string(top).unwrap()).unwrap();
    assert_eq!(doc.subscriptions().len(), 100);
}
