//! People finding scored against the PER tags of CoNLL-2003 (eng.testa, the
//! development split; eng.testb is never used).
//!
//! Each CoNLL document becomes text (first sentence as the title, one unit per
//! further sentence); the finder runs on it and the per-document *set* of
//! people is scored: a predicted person is right when its name or an alias
//! equals a gold PER string, or a gold string is its surname. The corpus is
//! read from `../shared/corpora/conll2003/` at run time; without it the test
//! says so and passes.
//!
//! `CONLL_FILE=eng.train` scores the training split instead; `CONLL_VERBOSE=1`
//! prints every miss and false positive.

use std::collections::BTreeSet;
use std::path::Path;

use gazette::extract::Doc;
use gazette::extract::people::PeopleFinder;

struct Document {
    sentences: Vec<String>,
    gold: BTreeSet<String>,
}

/// Joins CoNLL tokens the way the text was printed: no space before closing punctuation.
fn detokenize(tokens: &[&str]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        let glue = matches!(
            *t,
            "," | "." | ":" | ";" | "?" | "!" | ")" | "'s" | "'" | "n't" | "%"
        ) || (i > 0 && tokens[i - 1] == "(");
        if i > 0 && !glue {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

fn parse(text: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut doc: Option<Document> = None;
    let mut sentence: Vec<(&str, &str)> = Vec::new();
    let flush = |sentence: &mut Vec<(&str, &str)>, doc: &mut Option<Document>| {
        if sentence.is_empty() {
            return;
        }
        if let Some(d) = doc.as_mut() {
            let words: Vec<&str> = sentence.iter().map(|(w, _)| *w).collect();
            d.sentences.push(detokenize(&words));
            let mut current: Vec<&str> = Vec::new();
            for (w, tag) in sentence.iter() {
                let continues = *tag == "I-PER" && !current.is_empty();
                if !continues && !current.is_empty() {
                    d.gold.insert(detokenize(&current));
                    current.clear();
                }
                if tag.ends_with("-PER") {
                    current.push(w);
                }
            }
            if !current.is_empty() {
                d.gold.insert(detokenize(&current));
            }
        }
        sentence.clear();
    };
    for line in text.lines() {
        if line.starts_with("-DOCSTART-") {
            flush(&mut sentence, &mut doc);
            docs.extend(doc.take());
            doc = Some(Document {
                sentences: Vec::new(),
                gold: BTreeSet::new(),
            });
        } else if line.trim().is_empty() {
            flush(&mut sentence, &mut doc);
        } else {
            let word = line.split(' ').next().unwrap_or_default();
            let tag = line.rsplit(' ').next().unwrap_or("O");
            sentence.push((word, tag));
        }
    }
    flush(&mut sentence, &mut doc);
    docs.extend(doc);
    docs
}

fn norm(s: &str) -> String {
    s.replace('’', "'").to_lowercase()
}

#[test]
fn people_conll2003_testa_dev() {
    let file = std::env::var("CONLL_FILE").unwrap_or_else(|_| "eng.testa".to_string());
    assert_ne!(
        file, "eng.testb",
        "eng.testb is the held-out test split; never tune on it"
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/conll2003")
        .join(&file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIPPED: CoNLL-2003 not found at {}", path.display());
        return;
    };
    let verbose = std::env::var_os("CONLL_VERBOSE").is_some();
    let finder = PeopleFinder::builtin();
    let docs = parse(&text);
    let (mut tp, mut fp, mut gold_total, mut gold_found) = (0usize, 0usize, 0usize, 0usize);
    for (n, d) in docs.iter().enumerate() {
        let doc = Doc {
            units: d.sentences.iter().map(String::as_str).collect(),
        };
        let people = finder.find(&doc, &[]);
        let gold: BTreeSet<String> = d.gold.iter().map(|g| norm(g)).collect();
        let mut covered = BTreeSet::new();
        for p in &people {
            let mut hit = false;
            let surname = norm(p.name.rsplit(' ').next().unwrap_or_default());
            for form in std::iter::once(&p.name).chain(&p.aliases) {
                let f = norm(form);
                if gold.contains(&f) {
                    covered.insert(f);
                    hit = true;
                }
            }
            if gold.contains(&surname) {
                covered.insert(surname);
                hit = true;
            }
            if hit {
                tp += 1;
            } else {
                fp += 1;
                if verbose {
                    println!("doc {n}: false positive {:?} {:?}", p.name, p.aliases);
                }
            }
        }
        gold_total += gold.len();
        gold_found += covered.len();
        if verbose {
            for g in gold.difference(&covered) {
                println!("doc {n}: missed {g:?}");
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = gold_found as f64 / gold_total.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    println!(
        "CoNLL-2003 {file} people: precision {precision:.3} recall {recall:.3} F1 {f1:.3} \
         (predicted right {tp}, wrong {fp}; gold {gold_found}/{gold_total} found, {} documents)",
        docs.len()
    );
    assert!(
        precision >= 0.85,
        "precision {precision:.3} fell below 0.85"
    );
    assert!(f1 >= 0.70, "F1 {f1:.3} fell below 0.70");
}
