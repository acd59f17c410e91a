//! Removing articles: by query (`gazette delete`), old read ones at fetch
//! (`[fetch] keep_days`), and the bundled seed articles.

use rusqlite::{TransactionBehavior, params};

use super::{Library, Snapshot, StoreError, busy_or, now_secs, sql};
use crate::article::ArticleId;

impl Library {
    /// Deletes articles with their text and mentions. The keys of feed
    /// entries among them are remembered, so fetching their feed again does
    /// not bring them back. Returns how many were deleted.
    pub fn delete_articles(&mut self, ids: &[ArticleId]) -> Result<usize, StoreError> {
        if ids.is_empty() {
            return Ok(0);
        }
        let path = self.path.clone();
        let timeout = self.busy_timeout;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| busy_or(&path, timeout, e))?;
        let mut deleted = 0;
        {
            let mut remember = tx
                .prepare(
                    "INSERT OR IGNORE INTO feed_gone (feed, key)
                     SELECT feed, key FROM feed_entries WHERE article = ?1",
                )
                .map_err(|e| sql(&path, e))?;
            let mut delete = tx
                .prepare("DELETE FROM articles WHERE id = ?1")
                .map_err(|e| sql(&path, e))?;
            for id in ids {
                let id = id.0 as i64;
                remember.execute([id]).map_err(|e| sql(&path, e))?;
                deleted += delete.execute([id]).map_err(|e| sql(&path, e))?;
            }
        }
        tx.commit().map_err(|e| busy_or(&path, timeout, e))?;
        self.load(Snapshot::Save)?;
        Ok(deleted)
    }

    /// The read, unstarred feed articles dated (or, undated, stored) more
    /// than `days` days ago. Local files and the seeds are never among them.
    pub fn old_read_articles(&self, days: u32) -> Result<Vec<ArticleId>, StoreError> {
        let before = now_secs() - i64::from(days) * 86_400;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id FROM articles
                 WHERE read = 1 AND starred = 0 AND coalesce(date, added) < ?1
                 AND (feed_id IS NOT NULL OR EXISTS (SELECT 1 FROM feed_entries WHERE article = articles.id))",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![before], |r| {
                Ok(ArticleId(r.get::<_, i64>(0)? as u64))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// The bundled seed articles still in the library (not those a feed
    /// also links to).
    pub fn seed_articles(&self) -> Result<Vec<ArticleId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT 1 FROM articles WHERE id = ?1 AND feed_id IS NULL
                 AND NOT EXISTS (SELECT 1 FROM feed_entries WHERE article = ?1)",
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for (source, _) in crate::seeds::SEEDS {
            let id = ArticleId::from_source(source);
            if stmt.exists([id.0 as i64]).map_err(|e| self.err(e))? {
                out.push(id);
            }
        }
        Ok(out)
    }
}
