//! The harness of the hand-annotated checks: reads a gold file
//! `tests/gold/NAME.json`, runs each article it names through the whole
//! pipeline (ingest, clean, extract) as `gazette entities` does, and scores
//! the people and countries found against the annotation.
//!
//! A gold file names its `corpus` (`bbc`: `../shared/corpora/bbc/`, an
//! article's `source` being its path there; `scrapinghub-aeb`: the web news
//! of [`web`], a `source` being the page's key) and lists its `articles`.
//! Each article may give `people` (each as a list of the forms the article
//! uses, its name first), `optional_people` (who may be found or not) and
//! `countries` (ISO 3166-1 alpha-2 codes); what an article does not give is
//! not scored for it. `notes` record the annotator's judgement calls.
//!
//! A person found is right when its name or an alias equals one of a gold
//! person's forms (case and quote style ignored); a second one for the same
//! gold person is wrong (every name must resolve to one person), and one
//! matching no gold person is wrong unless it is an optional one. Countries
//! are scored as sets of codes. Every error and each article's counts are
//! printed, then the totals.

mod counts;
pub mod quotes;
mod web;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gazette::extract::{Extractor, Person};
use gazette::ingest::{self, Outcome};
use gazette::pipeline;
use serde::Deserialize;

pub use counts::Counts;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    corpus: Corpus,
    /// Web pages the selection rule keeps before the first one annotated.
    #[serde(default)]
    skip: usize,
    /// How the articles were chosen and judged, for people reading the file.
    #[serde(default, rename = "about")]
    _about: String,
    articles: Vec<Article>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum Corpus {
    Bbc,
    ScrapinghubAeb,
    /// `../shared/corpora/recent2025/articles.jsonl`, a `source` being
    /// `recent2025/ROW` (0-based row), read as title, blank line, text.
    Recent2025,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Article {
    source: String,
    /// The annotator's judgement calls, for people reading the file.
    #[serde(default, rename = "notes")]
    _notes: Vec<String>,
    people: Option<Vec<Vec<String>>>,
    #[serde(default)]
    optional_people: Vec<Vec<String>>,
    countries: Option<Vec<String>>,
}

/// Totals over a gold file. Web pages are also read as raw HTML, which
/// scores cleaning too; those figures are printed, not asserted.
#[derive(Default)]
pub struct Figures {
    pub people: Counts,
    pub countries: Counts,
    pub html_people: Counts,
    pub html_countries: Counts,
}

/// Fails the test when `value` is under `floor`, naming `what`.
pub fn at_least(what: &str, value: f64, floor: f64) {
    assert!(value >= floor, "{what} {value:.3} fell below {floor:.2}");
}

/// Scores `tests/gold/NAME.json` and prints every error and the totals.
/// `None` (after printing `SKIPPED:` and why) when its corpus is absent.
pub fn score(name: &str) -> Option<Figures> {
    let gold: Gold = read_gold(name);
    let figures = match gold.corpus {
        Corpus::Bbc => score_bbc(&gold.articles)?,
        Corpus::ScrapinghubAeb => web::score(gold.skip, &gold.articles)?,
        Corpus::Recent2025 => score_recent(&gold.articles)?,
    };
    let n = gold.articles.len();
    let has_people = gold.articles.iter().any(|a| a.people.is_some());
    let has_countries = gold.articles.iter().any(|a| a.countries.is_some());
    println!("{name}, {n} articles:");
    if has_people {
        println!("  people    {}", figures.people);
    }
    if has_countries {
        println!("  countries {}", figures.countries);
    }
    if matches!(gold.corpus, Corpus::ScrapinghubAeb) {
        println!("{name}, HTML path (cleaning included, not asserted):");
        println!("  people    {}", figures.html_people);
        println!("  countries {}", figures.html_countries);
    }
    Some(figures)
}

/// Reads and parses `tests/gold/NAME.json`; panics naming the file when it
/// cannot.
pub fn read_gold<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/gold")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", file.display()))
}

/// The corpora's directory beside the repository.
fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora")
}

fn score_bbc(articles: &[Article]) -> Option<Figures> {
    let root = corpora().join("bbc");
    if !root.is_dir() {
        println!("SKIPPED: BBC corpus not found at {}", root.display());
        return None;
    }
    let extractor = Extractor::builtin();
    let mut figures = Figures::default();
    for article in articles {
        let (people, countries) = extract(extractor, &root.join(&article.source));
        let (p, c) = score_article(&article.source, article, &people, &countries);
        figures.people += p;
        figures.countries += c;
    }
    Some(figures)
}

fn score_recent(articles: &[Article]) -> Option<Figures> {
    let file = corpora().join("recent2025/articles.jsonl");
    let Ok(jsonl) = std::fs::read_to_string(&file) else {
        println!("SKIPPED: recent2025 corpus not found at {}", file.display());
        return None;
    };
    #[derive(Deserialize)]
    struct Row {
        title: String,
        text: String,
    }
    let rows: Vec<Row> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
        .collect();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let extractor = Extractor::builtin();
    let mut figures = Figures::default();
    for article in articles {
        let row: usize = article
            .source
            .strip_prefix("recent2025/")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{}: not recent2025/ROW", article.source));
        let r = rows
            .get(row)
            .unwrap_or_else(|| panic!("{}: no such row", article.source));
        let txt = dir.path().join(format!("{row}.txt"));
        std::fs::write(&txt, format!("{}\n\n{}\n", r.title.trim(), r.text.trim()))
            .unwrap_or_else(|e| panic!("{}: {e}", txt.display()));
        let (people, countries) = extract(extractor, &txt);
        let (p, c) = score_article(&article.source, article, &people, &countries);
        figures.people += p;
        figures.countries += c;
    }
    Some(figures)
}

/// Scores one article's people and countries (those it is annotated for)
/// and prints its counts under `tag`.
fn score_article(
    tag: &str,
    gold: &Article,
    people: &[Person],
    countries: &BTreeSet<String>,
) -> (Counts, Counts) {
    let mut line = String::new();
    let p = gold.people.as_ref().map(|required| {
        let c = score_people(tag, required, &gold.optional_people, people);
        line += &format!(" people tp {} fp {} fn {};", c.tp, c.fp, c.fn_);
        c
    });
    let c = gold.countries.as_ref().map(|codes| {
        let c = score_countries(tag, codes, countries);
        line += &format!(" countries tp {} fp {} fn {};", c.tp, c.fp, c.fn_);
        c
    });
    println!("{tag}:{}", line.trim_end_matches(';'));
    (p.unwrap_or_default(), c.unwrap_or_default())
}

/// Case and quote style are ignored, as in the gold scorer.
fn norm(s: &str) -> String {
    s.replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
        .to_lowercase()
}

fn score_people(
    tag: &str,
    required: &[Vec<String>],
    optional: &[Vec<String>],
    found: &[Person],
) -> Counts {
    let matches = |forms: &[String], p: &Person| {
        std::iter::once(&p.name)
            .chain(&p.aliases)
            .any(|a| forms.iter().any(|f| norm(f) == norm(a)))
    };
    let mut hit = vec![false; required.len()];
    let mut c = Counts::default();
    for p in found {
        match required.iter().position(|forms| matches(forms, p)) {
            Some(i) if !hit[i] => {
                hit[i] = true;
                c.tp += 1;
            }
            Some(i) => {
                c.fp += 1;
                println!(
                    "{tag}: people FP duplicate of {:?}: {:?} {:?}",
                    required[i][0], p.name, p.aliases
                );
            }
            None if optional.iter().any(|forms| matches(forms, p)) => {}
            None => {
                c.fp += 1;
                println!("{tag}: people FP {:?} {:?}", p.name, p.aliases);
            }
        }
    }
    for (forms, h) in required.iter().zip(&hit) {
        if !h {
            c.fn_ += 1;
            println!("{tag}: people FN {:?}", forms[0]);
        }
    }
    c
}

fn score_countries(tag: &str, gold: &[String], found: &BTreeSet<String>) -> Counts {
    let gold: BTreeSet<String> = gold.iter().cloned().collect();
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
