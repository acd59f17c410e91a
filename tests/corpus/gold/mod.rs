//! Scoring people found in hand-annotated BBC articles, shared by
//! `tests/bbc_people.rs` (development) and `tests/bbc_people_holdout.rs`.
//!
//! A prediction is right when its name or an alias equals one of a person's
//! forms (quote style and case ignored); a second prediction for the same
//! person counts as wrong, as in the gold scorer. `optional` people may be
//! found or not.

use std::path::Path;

use gazette::extract::people::PeopleFinder;
use gazette::extract::{Doc, Person};
use gazette::ingest::{self, Outcome};

/// One article's people: each as its name and the other forms it uses.
pub struct Expected {
    pub path: &'static str,
    pub required: &'static [&'static [&'static str]],
    pub optional: &'static [&'static [&'static str]],
}

#[path = "../counts/mod.rs"]
mod counts;

/// Totals over the articles scored.
pub use counts::Counts as Score;

/// The BBC corpus, or `None` (with a message) when it is absent.
pub fn bbc_root() -> Option<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc");
    if !root.is_dir() {
        println!("skipping: BBC corpus not found at {}", root.display());
        return None;
    }
    Some(root)
}

fn norm(s: &str) -> String {
    s.replace('’', "'").to_lowercase()
}

/// Runs the builtin finder over each article under `root` and scores it,
/// printing every miss, duplicate and spurious name, and each article's counts.
pub fn score(root: &Path, articles: &[Expected]) -> Score {
    let finder = PeopleFinder::builtin();
    let mut total = Score {
        tp: 0,
        fp: 0,
        fn_: 0,
    };
    for expected in articles {
        let article = match ingest::read_file(&root.join(expected.path)) {
            Outcome::Read { article, .. } => article,
            Outcome::Skipped(skip) => panic!("{}: {skip}", expected.path),
            Outcome::Feed { .. } => panic!("{}: not an article file", expected.path),
        };
        let people = finder.find(&Doc::new(&article), &[]);
        let matches = |forms: &[&str], p: &Person| {
            std::iter::once(&p.name)
                .chain(&p.aliases)
                .any(|a| forms.iter().any(|f| norm(f) == norm(a)))
        };
        let mut hit = vec![false; expected.required.len()];
        let (mut tp, mut fp) = (0usize, 0usize);
        for p in &people {
            match expected.required.iter().position(|forms| matches(forms, p)) {
                Some(i) if !hit[i] => {
                    hit[i] = true;
                    tp += 1;
                }
                Some(_) => {
                    fp += 1;
                    println!("{}: duplicate {:?} {:?}", expected.path, p.name, p.aliases);
                }
                None if expected.optional.iter().any(|forms| matches(forms, p)) => {}
                None => {
                    fp += 1;
                    println!("{}: spurious {:?} {:?}", expected.path, p.name, p.aliases);
                }
            }
        }
        let mut fn_ = 0;
        for (i, h) in hit.iter().enumerate() {
            if !h {
                fn_ += 1;
                println!("{}: missed {:?}", expected.path, expected.required[i][0]);
            }
        }
        println!("{}: tp {tp}, fp {fp}, fn {fn_}", expected.path);
        total.tp += tp;
        total.fp += fp;
        total.fn_ += fn_;
    }
    total
}
