//! Issues: the taxonomy in `assets/issues.toml`, scored by phrase evidence.

use super::{CountryMention, Doc, IssueHit, Person};

/// Scores an article against the issue taxonomy.
pub struct IssueTagger {}

impl IssueTagger {
    pub fn builtin() -> Self {
        IssueTagger {}
    }

    /// The issues whose evidence passes the threshold, strongest first.
    pub fn score(&self, _doc: &Doc, _countries: &[CountryMention], _people: &[Person]) -> Vec<IssueHit> {
        Vec::new()
    }
}
