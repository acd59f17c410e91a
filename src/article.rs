//! The article: the unit every stage passes along.
//!
//! An `Article` is plain data. Ingest builds it, clean trims its paragraphs,
//! extract reads it, store persists it. Text inside is already sanitised
//! (see [`crate::ingest::sanitize`]): no control characters reach here.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A stable article identity: a 64-bit FNV-1a hash of the article's source
/// (file path or feed guid/link), printed as 16 hex digits.
///
/// FNV is written out here rather than taken from `std::hash` because the id
/// is stored on disk and must never change between Rust releases.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct ArticleId(pub u64);

impl ArticleId {
    /// The id of the article read from `source` (a path or URL, as given).
    pub fn from_source(source: &str) -> Self {
        ArticleId(fnv1a(source.as_bytes()))
    }
}

/// 64-bit FNV-1a: tiny, stable across platforms and releases.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl fmt::Debug for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ArticleId({self})")
    }
}

/// An id that is not 1–16 hex digits.
#[derive(Debug, thiserror::Error)]
#[error("not an article id: {0:?} (expected up to 16 hex digits)")]
pub struct BadArticleId(String);

impl FromStr for ArticleId {
    type Err = BadArticleId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() || s.len() > 16 {
            return Err(BadArticleId(s.to_string()));
        }
        u64::from_str_radix(s, 16)
            .map(ArticleId)
            .map_err(|_| BadArticleId(s.to_string()))
    }
}

impl From<ArticleId> for String {
    fn from(id: ArticleId) -> String {
        id.to_string()
    }
}

impl TryFrom<String> for ArticleId {
    type Error = BadArticleId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// One news article, from whatever source, as clean paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    /// Where it came from: a file path as given, or a feed entry's link/guid.
    pub source: String,
    pub title: String,
    pub date: Option<DateTime<Utc>>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// The body, one paragraph per element; never empty strings.
    pub paragraphs: Vec<String>,
}

impl Article {
    /// A new article with only a source, title and body; the id follows the source.
    pub fn new(source: impl Into<String>, title: impl Into<String>, paragraphs: Vec<String>) -> Self {
        let source = source.into();
        Article {
            id: ArticleId::from_source(&source),
            source,
            title: title.into(),
            date: None,
            author: None,
            url: None,
            tags: Vec::new(),
            paragraphs,
        }
    }

    /// The body as one string, paragraphs separated by blank lines.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// A hash of title and body, to notice an edited article with the same source.
    pub fn content_hash(&self) -> u64 {
        let mut h = fnv1a(self.title.as_bytes());
        for p in &self.paragraphs {
            h ^= fnv1a(p.as_bytes()).rotate_left(1);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    }

    /// The number of bytes of text (title and body).
    pub fn text_len(&self) -> usize {
        self.title.len() + self.paragraphs.iter().map(String::len).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_stable_and_round_trips() {
        let id = ArticleId::from_source("seeds/000.txt");
        // The value is fixed forever: libraries on disk depend on it.
        assert_eq!(id, ArticleId::from_source("seeds/000.txt"));
        assert_ne!(id, ArticleId::from_source("seeds/001.txt"));
        let text = id.to_string();
        assert_eq!(text.len(), 16);
        assert_eq!(text.parse::<ArticleId>().unwrap(), id);
        assert_eq!(ArticleId::from_source("").to_string(), "cbf29ce484222325");
    }

    #[test]
    fn bad_ids_are_rejected() {
        assert!("".parse::<ArticleId>().is_err());
        assert!("xyz".parse::<ArticleId>().is_err());
        assert!("0123456789abcdef0".parse::<ArticleId>().is_err());
    }

    #[test]
    fn content_hash_notices_edits() {
        let a = Article::new("a", "Title", vec!["One.".into(), "Two.".into()]);
        let mut b = a.clone();
        assert_eq!(a.content_hash(), b.content_hash());
        b.paragraphs[1] = "Two!".into();
        assert_ne!(a.content_hash(), b.content_hash());
        let c = Article::new("a", "Title", vec!["Two.".into(), "One.".into()]);
        assert_ne!(a.content_hash(), c.content_hash());
    }
}
