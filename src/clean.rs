//! Clean: removing page furniture from an article's paragraphs.

use crate::article::Article;

/// A paragraph clean removed, and the rule that removed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub text: String,
    pub rule: &'static str,
}

/// Removes furniture from `article.paragraphs` in place; returns what went.
pub fn clean(_article: &mut Article) -> Vec<Removed> {
    Vec::new()
}
