//! Clean on real text: the seed articles' furniture goes and their prose
//! stays (../shared/gold/seeds.json), and the BBC corpus, which has no
//! furniture, loses nothing. Both skip with a message when ../shared is absent.

use std::path::{Path, PathBuf};

use gazette::clean;
use gazette::ingest::{self, Outcome};

fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("SKIPPED: {} is absent", path.display());
        None
    }
}

fn read(path: &Path) -> gazette::Article {
    match ingest::read_file(path) {
        Outcome::Read { article, .. } => article,
        Outcome::Skipped(skip) => panic!("{skip}"),
        Outcome::Feed { .. } => panic!("{} is not an article file", path.display()),
    }
}

fn norm(s: &str) -> String {
    s.replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn seed_furniture_is_removed_and_prose_kept() {
    let Some(gold) = shared("gold/seeds.json") else {
        return;
    };
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(gold).unwrap()).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let (mut removed, mut total, mut kept, mut keep_total) = (0, 0, 0, 0);
    for (name, g) in gold["articles"].as_object().unwrap() {
        let mut article = read(&seeds.join(name));
        clean::clean(&mut article);
        let body: Vec<String> = article.paragraphs.iter().map(|p| norm(p)).collect();
        for line in g["boilerplate"].as_array().unwrap() {
            total += 1;
            let line = norm(line.as_str().unwrap());
            if body.contains(&line) {
                eprintln!("{name}: furniture kept: {line}");
            } else {
                removed += 1;
            }
        }
        for line in g["keep"].as_array().unwrap() {
            keep_total += 1;
            let line = norm(line.as_str().unwrap());
            if body.iter().any(|p| p.contains(&line)) {
                kept += 1;
            } else {
                eprintln!("{name}: prose dropped: {line}");
            }
        }
    }
    assert_eq!(
        (removed, kept),
        (total, keep_total),
        "furniture removed, prose kept"
    );
    assert_eq!((total, keep_total), (29, 10));
}

#[test]
fn bbc_corpus_loses_no_line() {
    let Some(bbc) = shared("corpora/bbc") else {
        return;
    };
    let topics = ["business", "entertainment", "politics", "sport", "tech"];
    let dirs: Vec<PathBuf> = topics.iter().map(|t| bbc.join(t)).collect();
    let (files, errors) = ingest::expand_paths(&dirs);
    assert!(errors.is_empty());
    assert_eq!(files.len(), 2225);
    let mut lost = Vec::new();
    for file in &files {
        let mut article = read(file);
        for r in clean::clean(&mut article) {
            lost.push(format!(
                "{}: [{}] {}",
                file.display(),
                r.rule.name(),
                r.text
            ));
        }
    }
    assert!(
        lost.is_empty(),
        "{} lines removed from BBC:\n{}",
        lost.len(),
        lost.join("\n")
    );
}
