//! The feeds table, for the fetcher: subscriptions, their HTTP caching state,
//! and importing entries attributed to a feed.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::import::{FeedAttr, Prepared};
use super::{ImportCounts, Library, StoreError};
use crate::pipeline::Processed;

/// A feed's row id.
pub type FeedId = i64;

/// A subscription as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feed {
    pub id: FeedId,
    pub url: String,
    pub name: String,
    pub folder: Option<String>,
    /// Fetch each entry's page for the full text instead of the feed's summary.
    pub full_text: bool,
    pub state: FeedState,
}

/// What the last fetch left: HTTP validators, when, and how it went.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FeedState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_fetch: Option<DateTime<Utc>>,
    /// HTTP status of the last fetch.
    pub status: Option<u16>,
    /// The last error, cleared by a successful fetch.
    pub error: Option<String>,
}

/// A feed to subscribe to.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFeed {
    pub url: String,
    pub name: String,
    pub folder: Option<String>,
    pub full_text: bool,
}

/// One feed entry, processed, with the guid it was published under.
#[derive(Debug, Clone)]
pub struct FeedItem {
    pub guid: Option<String>,
    pub processed: Processed,
}

impl Library {
    /// The guids of a feed's stored entries, so a fetch can skip what it has.
    pub fn feed_guids(
        &self,
        feed: FeedId,
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT guid FROM articles WHERE feed_id = ?1 AND guid IS NOT NULL")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([feed], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Subscribes to a feed; adding a URL already there updates its name,
    /// folder and full-text flag and returns the same id.
    pub fn add_feed(&mut self, feed: &NewFeed) -> Result<FeedId, StoreError> {
        let id: i64 = self
            .conn
            .query_row(
                "INSERT INTO feeds (url, name, folder, full_text) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(url) DO UPDATE SET name = excluded.name, folder = excluded.folder,
                     full_text = excluded.full_text
                 RETURNING id",
                params![feed.url, feed.name, feed.folder, feed.full_text],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        // Articles name their feed through this map.
        self.index
            .feeds
            .insert(id, (feed.name.clone(), feed.url.clone()));
        Ok(id)
    }

    /// Unsubscribes. The feed's articles stay in the library (starred ones
    /// matter to the reader), no longer attributed to it.
    pub fn remove_feed(&mut self, id: FeedId) -> Result<(), StoreError> {
        let n = self
            .conn
            .execute("DELETE FROM feeds WHERE id = ?1", [id])
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(StoreError::NoSuchFeed(id));
        }
        self.index.feeds.remove(&id);
        for extra in &mut self.index.extras {
            if extra.feed_id == Some(id) {
                extra.feed_id = None;
            }
        }
        Ok(())
    }

    /// Every subscription, by folder then name.
    pub fn feeds(&self) -> Result<Vec<Feed>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, url, name, folder, full_text, etag, last_modified, last_fetch, status, error
                 FROM feeds ORDER BY coalesce(folder, ''), name COLLATE NOCASE",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Feed {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    name: r.get(2)?,
                    folder: r.get(3)?,
                    full_text: r.get(4)?,
                    state: FeedState {
                        etag: r.get(5)?,
                        last_modified: r.get(6)?,
                        last_fetch: r
                            .get::<_, Option<i64>>(7)?
                            .and_then(|s| DateTime::from_timestamp(s, 0)),
                        status: r
                            .get::<_, Option<i64>>(8)?
                            .and_then(|s| u16::try_from(s).ok()),
                        error: r.get(9)?,
                    },
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// One subscription by id.
    pub fn feed(&self, id: FeedId) -> Result<Option<Feed>, StoreError> {
        Ok(self.feeds()?.into_iter().find(|f| f.id == id))
    }

    /// Records the outcome of a fetch.
    pub fn update_feed_state(&mut self, id: FeedId, state: &FeedState) -> Result<(), StoreError> {
        let n = self
            .conn
            .execute(
                "UPDATE feeds SET etag = ?2, last_modified = ?3, last_fetch = ?4, status = ?5, error = ?6 WHERE id = ?1",
                params![
                    id,
                    state.etag,
                    state.last_modified,
                    state.last_fetch.map(|d| d.timestamp()),
                    state.status,
                    state.error
                ],
            )
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(StoreError::NoSuchFeed(id));
        }
        Ok(())
    }

    /// Stores a feed's entries in one transaction, attributed to the feed.
    /// An entry already stored is found by guid (within the feed), then by
    /// link, and updated if its text changed; an entry with the same text as
    /// a stored article is skipped as a duplicate.
    pub fn import_feed_items(
        &mut self,
        feed: FeedId,
        items: &[FeedItem],
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
            (
                Prepared::from_ref(&item.processed),
                Some(FeedAttr {
                    feed_id: feed,
                    guid: item.guid.as_deref(),
                }),
            )
        }))
    }
}
