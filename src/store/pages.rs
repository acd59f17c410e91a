//! Where a feed entry's stored text came from (its feed, or its page), so
//! that entries stored with only their feed's summary can be given their
//! page's full text later: by a fetch of a full-text feed, or on demand
//! from the reader.

use chrono::DateTime;
use rusqlite::{OptionalExtension, params};

use super::feeds::{FeedId, FeedItem};
use super::import::{FeedAttr, Prepared};
use super::{ImportCounts, Library, StoreError};
use crate::article::{Article, ArticleId};

/// Where a feed entry's stored text came from (`articles.page_text`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EntryText {
    /// The feed's own text, often a summary; a local file's text. A fetch
    /// of a full-text feed downloads the page of such an entry.
    #[default]
    Feed,
    /// The text of the entry's page.
    Page,
    /// Its page was tried and gave no text, or was refused or gone: the
    /// feed's text is kept, and no fetch tries the page again (the
    /// reader's full-text key still can).
    Unusable,
}

impl EntryText {
    pub(crate) fn code(self) -> i64 {
        match self {
            EntryText::Feed => 0,
            EntryText::Page => 1,
            EntryText::Unusable => 2,
        }
    }
}

/// A stored feed entry whose page may replace its text: everything its
/// feed gave but the text.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    /// Its row, which keeps its id when its text changes.
    pub id: ArticleId,
    /// The feed that stored it first: the only one that may change its text.
    pub feed: FeedId,
    /// That feed's URL (a page may reach a local address only when its
    /// feed is on one).
    pub feed_url: String,
    pub guid: Option<String>,
    /// The article without its paragraphs; its `url` is the page.
    pub article: Article,
}

/// Why an article's page cannot be fetched for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoPage {
    #[error("no such article")]
    NoArticle,
    #[error("this article is a local file: it has no link to fetch its full text from")]
    LocalFile,
    #[error("this article has no link to fetch its full text from")]
    NoLink,
}

const ENTRY_COLUMNS: &str =
    "a.id, a.feed_id, f.url, a.guid, a.source, a.title, a.date, a.author, a.url, a.tags";

fn stored_entry(r: &rusqlite::Row) -> rusqlite::Result<StoredEntry> {
    let id: i64 = r.get(0)?;
    let tags: String = r.get(9)?;
    let article = Article {
        id: ArticleId(id as u64),
        source: r.get(4)?,
        title: r.get(5)?,
        date: r
            .get::<_, Option<i64>>(6)?
            .and_then(|s| DateTime::from_timestamp(s, 0)),
        author: r.get(7)?,
        url: r.get(8)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        paragraphs: Vec::new(),
    };
    Ok(StoredEntry {
        id: ArticleId(id as u64),
        feed: r.get(1)?,
        feed_url: r.get(2)?,
        guid: r.get(3)?,
        article,
    })
}

impl Library {
    /// The article `id` as a feed entry whose page can be fetched: it must
    /// have been stored by a feed (a local file's text is never replaced by
    /// a page, even when a feed links to it) and have a link. The inner
    /// error says why it cannot.
    pub fn page_entry(&self, id: ArticleId) -> Result<Result<StoredEntry, NoPage>, StoreError> {
        let found: Option<(Option<i64>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT feed_id, url FROM articles WHERE id = ?1",
                [id.0 as i64],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match found {
            None => return Ok(Err(NoPage::NoArticle)),
            Some((None, _)) => return Ok(Err(NoPage::LocalFile)),
            Some((_, None)) => return Ok(Err(NoPage::NoLink)),
            Some(_) => {}
        }
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1"
        );
        Ok(self
            .conn
            .query_row(&sql, [id.0 as i64], stored_entry)
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or(NoPage::LocalFile))
    }

    /// Up to `limit` entries that `feed` stored with only its own text and
    /// whose page was never read (nor found unusable), newest first: what a
    /// fetch of a full-text feed upgrades.
    pub fn feed_text_entries(
        &self,
        feed: FeedId,
        limit: usize,
    ) -> Result<Vec<StoredEntry>, StoreError> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE a.feed_id = ?1 AND a.page_text = 0 AND a.url IS NOT NULL
             AND EXISTS (SELECT 1 FROM feed_entries e WHERE e.feed = ?1 AND e.article = a.id)
             ORDER BY coalesce(a.date, a.added) DESC, a.id LIMIT ?2"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![feed, i64::try_from(limit).unwrap_or(i64::MAX)],
                stored_entry,
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Where the stored text of `id` came from.
    pub fn entry_text(&self, id: ArticleId) -> Result<Option<EntryText>, StoreError> {
        let code: Option<i64> = self
            .conn
            .query_row(
                "SELECT page_text FROM articles WHERE id = ?1",
                [id.0 as i64],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(code.map(|c| match c {
            1 => EntryText::Page,
            2 => EntryText::Unusable,
            _ => EntryText::Feed,
        }))
    }

    /// Records that the page of `id` gave no text it could use (its text
    /// stays), so fetches do not try it again.
    pub fn mark_page_unusable(&mut self, id: ArticleId) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE articles SET page_text = ?2 WHERE id = ?1",
                params![id.0 as i64, EntryText::Unusable.code()],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Stores feed entries as [`Library::import_feed_items`] does, their
    /// text having come from where `text` says. An entry already stored by
    /// this feed has its text replaced and its entities extracted again
    /// (read and starred kept); one stored first by another feed or a local
    /// file keeps its text.
    pub fn import_feed_texts(
        &mut self,
        feed: FeedId,
        items: &[FeedItem],
        text: EntryText,
    ) -> Result<ImportCounts, StoreError> {
        let exists: Option<i64> = self
            .conn
            .query_row("SELECT id FROM feeds WHERE id = ?1", [feed], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        if exists.is_none() {
            return Err(StoreError::NoSuchFeed(feed));
        }
        self.store_batch(items.iter().map(|item| {
            let a = &item.processed.article;
            (
                Prepared::from_ref(&item.processed),
                Some(FeedAttr {
                    feed_id: feed,
                    guid: item.guid.as_deref(),
                    key: item
                        .guid
                        .as_deref()
                        .or(a.url.as_deref())
                        .unwrap_or(&a.source),
                    text,
                }),
            )
        }))
    }
}
