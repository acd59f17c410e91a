//! Main-content extraction on the Zyte article-extraction benchmark, scored
//! as its evaluate.py does (4-token shingles, per-page normalised counts,
//! F1 of mean precision and mean recall). Skips when the corpus is absent.

use std::path::Path;

use gazette::ingest::html;

#[path = "../it/support/shingles.rs"]
mod shingles;
use shingles::{shingles, tokens};

const CORPUS: &str = "../shared/corpora/extraction/scrapinghub-aeb";

/// Normalised (tp, fp, fn) of one page.
fn matching(truth: &str, pred: &str) -> (f64, f64, f64) {
    let (ts, ps) = (shingles(&tokens(truth)), shingles(&tokens(pred)));
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for key in ts.keys().chain(ps.keys().filter(|k| !ts.contains_key(*k))) {
        let t = *ts.get(key).unwrap_or(&0) as f64;
        let p = *ps.get(key).unwrap_or(&0) as f64;
        tp += t.min(p);
        fp += (p - t).max(0.0);
        fn_ += (t - p).max(0.0);
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        (tp / s, fp / s, fn_ / s)
    } else {
        (0.0, 0.0, 0.0)
    }
}

#[test]
fn extraction_f1_on_the_benchmark_sample() {
    let dir = Path::new(CORPUS);
    let Ok(truth) = std::fs::read_to_string(dir.join("ground-truth.json")) else {
        println!("SKIPPED: {CORPUS} is absent");
        return;
    };
    let truth: serde_json::Value = serde_json::from_str(&truth).unwrap();
    let mut ids: Vec<&String> = truth.as_object().unwrap().keys().collect();
    ids.sort();
    // Every second page keeps the debug-build test quick.
    let (mut precisions, mut recalls) = (Vec::new(), Vec::new());
    for id in ids.iter().step_by(2) {
        let html = std::fs::read_to_string(dir.join("html").join(format!("{id}.html"))).unwrap();
        let body = html::extract(&html).paragraphs.join("\n");
        let want = truth[id.as_str()]["articleBody"].as_str().unwrap_or("");
        let (tp, fp, fn_) = matching(want, &body);
        if tp + fp > 0.0 {
            precisions.push(if tp == 0.0 { 0.0 } else { tp / (tp + fp) });
        }
        if tp + fn_ > 0.0 {
            recalls.push(if tp == 0.0 { 0.0 } else { tp / (tp + fn_) });
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let (p, r) = (mean(&precisions), mean(&recalls));
    let f1 = 2.0 * p * r / (p + r);
    println!(
        "pages {} precision {p:.3} recall {r:.3} F1 {f1:.3}",
        recalls.len()
    );
    assert!(
        f1 >= 0.93,
        "F1 {f1:.3} under the floor (precision {p:.3}, recall {r:.3})"
    );
}
