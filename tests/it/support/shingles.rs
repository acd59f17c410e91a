//! The extraction benchmark's measure: texts as word tokens, compared by
//! counts of 4-token shingles. Shared by the hand-written page checks (`it`)
//! and the benchmark check (`corpus`, which includes this file by path).

use std::collections::HashMap;

/// Word tokens: runs of letters, digits and `_`.
pub fn tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Counts of each run of four tokens (the whole text when shorter).
pub fn shingles<'a>(t: &[&'a str]) -> HashMap<Vec<&'a str>, usize> {
    let mut m = HashMap::new();
    if t.is_empty() {
        return m;
    }
    for i in 0..t.len().saturating_sub(3).max(1) {
        *m.entry(t[i..(i + 4).min(t.len())].to_vec()).or_insert(0) += 1;
    }
    m
}
