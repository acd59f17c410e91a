//! The feeds table, for the fetcher: subscriptions, their HTTP caching state,
//! and importing entries attributed to a feed.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

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
    /// The name wanted; another feed's name gets a suffix (" (2)").
    pub name: String,
    pub folder: Option<String>,
    pub full_text: bool,
    /// `name` is only a stand-in (the URL's host): the first fetch names
    /// the feed after its own title.
    pub auto_name: bool,
}

/// What `gazette feeds add` may change on a feed already subscribed to;
/// `None` leaves that field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedChange {
    pub name: Option<String>,
    pub folder: Option<String>,
    pub full_text: Option<bool>,
}

/// How many articles are entries of a feed, and how many of them are unread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FeedCounts {
    pub total: usize,
    pub unread: usize,
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
            .prepare_cached("SELECT key FROM feed_entries WHERE feed = ?1")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([feed], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Subscribes to a feed under a name no other feed has (`name`, else
    /// `name (2)`, ...). A URL already subscribed to is left as it is and its
    /// id returned.
    pub fn add_feed(&mut self, feed: &NewFeed) -> Result<FeedId, StoreError> {
        if let Some(known) = self.feed_by_url(&feed.url)? {
            return Ok(known.id);
        }
        let name = self.unique_feed_name(&feed.name, None)?;
        let id: i64 = self
            .conn
            .query_row(
                "INSERT INTO feeds (url, name, folder, full_text, auto_name) VALUES (?1, ?2, ?3, ?4, ?5)
                 RETURNING id",
                params![feed.url, name, feed.folder, feed.full_text, feed.auto_name],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        // Articles name their feed through this map.
        self.index.feeds.insert(id, (name, feed.url.clone()));
        Ok(id)
    }

    /// The subscription to exactly this URL, if any.
    pub fn feed_by_url(&self, url: &str) -> Result<Option<Feed>, StoreError> {
        Ok(self.feeds()?.into_iter().find(|f| f.url == url))
    }

    /// `wanted`, or `wanted (2)`, `wanted (3)`, ...: the first that no feed
    /// but `except` has (names compare without regard to ASCII case).
    fn unique_feed_name(&self, wanted: &str, except: Option<FeedId>) -> Result<String, StoreError> {
        let wanted = wanted.trim();
        let mut n = 1;
        loop {
            let name = if n == 1 {
                wanted.to_string()
            } else {
                format!("{wanted} ({n})")
            };
            if !self.feed_name_taken(&name, except)? {
                return Ok(name);
            }
            n += 1;
        }
    }

    fn feed_name_taken(&self, name: &str, except: Option<FeedId>) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached("SELECT 1 FROM feeds WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2")
            .and_then(|mut s| s.exists(params![name, except]))
            .map_err(|e| self.err(e))
    }

    /// Renames a feed; refused when another feed has that name. A feed
    /// renamed by hand keeps its name when fetched.
    pub fn rename_feed(&mut self, id: FeedId, name: &str) -> Result<(), StoreError> {
        let name = name.trim();
        if self.feed_name_taken(name, Some(id))? {
            return Err(StoreError::FeedNameTaken(name.to_string()));
        }
        self.set_feed_name(id, name)
    }

    fn set_feed_name(&mut self, id: FeedId, name: &str) -> Result<(), StoreError> {
        let url: Option<String> = self
            .conn
            .query_row(
                "UPDATE feeds SET name = ?2, auto_name = 0 WHERE id = ?1 RETURNING url",
                params![id, name],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let url = url.ok_or(StoreError::NoSuchFeed(id))?;
        self.index.feeds.insert(id, (name.to_string(), url));
        Ok(())
    }

    /// Names a feed still named after its URL from its own `title` (made
    /// unique); returns the new name, or `None` when the feed keeps its name.
    pub fn name_feed_from_title(
        &mut self,
        id: FeedId,
        title: &str,
    ) -> Result<Option<String>, StoreError> {
        let title = crate::ingest::sanitize::one_line(title);
        if title.trim().is_empty() {
            return Ok(None);
        }
        let auto: Option<bool> = self
            .conn
            .query_row("SELECT auto_name FROM feeds WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))?;
        if auto != Some(true) {
            return Ok(None);
        }
        let name = self.unique_feed_name(&title, Some(id))?;
        self.set_feed_name(id, &name)?;
        Ok(Some(name))
    }

    /// Changes what `change` names on a feed, and nothing else. A new name
    /// is refused when another feed has it.
    pub fn update_feed(&mut self, id: FeedId, change: &FeedChange) -> Result<(), StoreError> {
        if let Some(name) = &change.name {
            self.rename_feed(id, name)?;
        }
        if let Some(folder) = &change.folder {
            self.conn
                .execute(
                    "UPDATE feeds SET folder = ?2 WHERE id = ?1",
                    params![id, folder],
                )
                .map_err(|e| self.err(e))?;
        }
        if let Some(full_text) = change.full_text {
            self.conn
                .execute(
                    "UPDATE feeds SET full_text = ?2 WHERE id = ?1",
                    params![id, full_text],
                )
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Each feed's entries: how many, and how many unread. An article
    /// counts for every feed it is an entry of.
    pub fn feed_counts(&self) -> Result<std::collections::HashMap<FeedId, FeedCounts>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT e.feed, count(*), coalesce(sum(a.read = 0), 0)
                 FROM feed_entries e JOIN articles a ON a.id = e.article GROUP BY e.feed",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    FeedCounts {
                        total: r.get::<_, i64>(1)? as usize,
                        unread: r.get::<_, i64>(2)? as usize,
                    },
                ))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
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

    /// Stores a feed's entries in one transaction, each as an entry of the
    /// feed. An entry is known by its guid within the feed (its link when it
    /// has none) and updated if its text changed, unless another feed or a
    /// local file stored it first. An entry with the link or the text of an
    /// article of another feed or a local file joins that article; one with
    /// the text of another entry of this feed is skipped as a duplicate.
    pub fn import_feed_items(
        &mut self,
        feed: FeedId,
        items: &[FeedItem],
    ) -> Result<ImportCounts, StoreError> {
        self.import_feed_texts(feed, items, super::EntryText::Feed)
    }
}
