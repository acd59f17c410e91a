//! What the interface needs from a library.
//!
//! The TUI only ever talks to a [`Source`]. The SQLite library is the one
//! the reader opens (its filter language is `crate::query`'s, evaluated by
//! the store); tests wrap one to serve hand-written entities, with their
//! spans, where the library would run the extractor again.

use chrono::{DateTime, Utc};

use crate::article::{Article, ArticleId};
use crate::entity::Facets;
use crate::extract::Entities;
use crate::store::StoredQuote;

/// The cheap, in-memory facts the article list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    /// The file or feed the article came from, as shown to the user.
    pub source: String,
    pub date: Option<DateTime<Utc>>,
    /// When the library stored an undated article: where it stands in date
    /// order, shown in place of a date. `None` for dated articles.
    pub stored: Option<DateTime<Utc>>,
    pub url: Option<String>,
    pub read: bool,
    pub starred: bool,
}

/// The order of the article list, cycled by a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Newest first; undated articles by when they were stored.
    #[default]
    Date,
    /// Best match of the filter first (full-text rank and mentions of the
    /// wanted entities), then newest.
    Relevance,
    /// By feed (or file) name, newest first within each.
    Feed,
    /// Unread before read, newest first within each.
    UnreadFirst,
}

impl Order {
    /// The next order in the cycle date → relevance → feed → unread first.
    pub fn next(self) -> Order {
        match self {
            Order::Date => Order::Relevance,
            Order::Relevance => Order::Feed,
            Order::Feed => Order::UnreadFirst,
            Order::UnreadFirst => Order::Date,
        }
    }

    /// How the list's title names it.
    pub fn label(self) -> &'static str {
        match self {
            Order::Date => "by date",
            Order::Relevance => "by relevance",
            Order::Feed => "by feed",
            Order::UnreadFirst => "unread first",
        }
    }
}

/// `ids` (newest first) in `order` from their metadata; ties keep their
/// date order. Relevance needs the source's ranks: here it leaves `ids`.
pub fn order_by_meta(
    meta: impl Fn(ArticleId) -> Option<Meta>,
    ids: Vec<ArticleId>,
    order: Order,
) -> Vec<ArticleId> {
    if matches!(order, Order::Date | Order::Relevance) {
        return ids;
    }
    let mut keyed: Vec<(ArticleId, Option<Meta>)> =
        ids.into_iter().map(|id| (id, meta(id))).collect();
    match order {
        Order::Date | Order::Relevance => {}
        Order::Feed => keyed.sort_by_cached_key(|(_, m)| {
            m.as_ref()
                .map(|m| m.source.to_lowercase())
                .unwrap_or_default()
        }),
        Order::UnreadFirst => keyed.sort_by_key(|(_, m)| m.as_ref().is_none_or(|m| m.read)),
    }
    keyed.into_iter().map(|(id, _)| id).collect()
}

/// A library as the interface sees it: kept small, so a test can stand in
/// for one part of it and pass the rest to a real library.
pub trait Source {
    /// How many articles the library holds.
    fn total(&self) -> usize;
    /// Ids matching a filter, newest first; `Err` is a one-line message that
    /// names the column of the problem.
    fn search(&self, query: &str) -> Result<Vec<ArticleId>, String>;
    /// [`Source::search`] if it is quick (a few milliseconds); `None` when it
    /// may be slow and is better asked of a [`Source::searcher`]. A
    /// malformed query is quick: its error shows at once.
    fn search_now(&self, query: &str) -> Option<Result<Vec<ArticleId>, String>> {
        Some(self.search(query))
    }
    /// Opens, on the thread that calls it, a searcher over the same articles
    /// for a background worker; `None` when every search is quick.
    fn searcher(&self) -> Option<super::search::OpenSearcher> {
        None
    }
    /// `ids`, as [`Source::search`] found them for `query` (newest first),
    /// put in `order`.
    fn order(&self, query: &str, ids: Vec<ArticleId>, order: Order) -> Vec<ArticleId> {
        let _ = query;
        order_by_meta(|id| self.meta(id), ids, order)
    }
    /// Cheap list facts; called from render for visible rows only.
    fn meta(&self, id: ArticleId) -> Option<Meta>;
    /// The full article; may hit disk, so called from update only.
    fn article(&self, id: ArticleId) -> Option<Article>;
    fn entities(&self, id: ArticleId) -> Entities;
    /// The keys of the speakers `query` asks for with `said:` terms that
    /// are not negated; `None` when it has none (every speaker is wanted).
    fn wanted_speakers(&self, query: &str) -> Option<Vec<String>> {
        let _ = query;
        None
    }
    /// The quotes stored for an article, in the order they appear.
    fn quotes(&self, id: ArticleId) -> Vec<StoredQuote> {
        let _ = id;
        Vec::new()
    }
    /// Entities over `ids` with article counts, most frequent first.
    fn facets(&self, ids: &[ArticleId]) -> Facets;
    /// The date of each of `ids`, in order (`None` when undated or unknown).
    /// One call for a whole result set, so the timeline of a 100k library
    /// costs one pass over memory rather than a [`Meta`] per article.
    fn dates(&self, ids: &[ArticleId]) -> Vec<Option<DateTime<Utc>>>;
    /// Stores the flag; `Err` is a one-line reason it was not saved (a busy
    /// or read-only library), for the status line: a mark is never lost silently.
    fn set_read(&mut self, id: ArticleId, read: bool) -> Result<(), String>;
    fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<(), String>;
    /// [`Source::set_read`] for many articles at once (mark all read and
    /// its undo); stops at the first failure.
    fn set_read_many(&mut self, ids: &[ArticleId], read: bool) -> Result<(), String> {
        ids.iter().try_for_each(|&id| self.set_read(id, read))
    }
    /// Where a background worker can open the same library, if anywhere.
    fn location(&self) -> Option<std::path::PathBuf> {
        None
    }
    /// Takes in what another process or thread stored since opening.
    fn reload(&mut self) {}
    /// The subscriptions (by folder, then name) with their article counts,
    /// for the feeds pane and the fetch log; none for a source without feeds.
    fn feeds(&self) -> Result<Vec<(crate::store::Feed, crate::store::FeedCounts)>, String> {
        Ok(Vec::new())
    }
}
