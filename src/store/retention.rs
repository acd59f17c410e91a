//! Removing articles: by query (`gazette delete`), old read ones at fetch
//! (`[fetch] keep_days`), and the bundled seed articles.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::import::fts_text;
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
            // The full-text row goes by hand, with the folded text it was
            // written with (no trigger can fold it).
            let mut text = tx
                .prepare("SELECT title, body FROM article_text WHERE id = ?1")
                .map_err(|e| sql(&path, e))?;
            let mut unindex = tx
                .prepare(
                    "INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)",
                )
                .map_err(|e| sql(&path, e))?;
            for id in ids {
                let id = id.0 as i64;
                remember.execute([id]).map_err(|e| sql(&path, e))?;
                let stored: Option<(String, String)> = text
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(|e| sql(&path, e))?;
                if let Some((title, body)) = stored {
                    unindex
                        .execute(params![id, fts_text(&title), fts_text(&body)])
                        .map_err(|e| sql(&path, e))?;
                }
                deleted += delete.execute([id]).map_err(|e| sql(&path, e))?;
            }
        }
        tx.commit().map_err(|e| busy_or(&path, timeout, e))?;
        self.load(Snapshot::Save)?;
        Ok(deleted)
    }

    /// The `[fetch] keep_days` step every fetch ends with, `gazette fetch`'s
    /// and the reader's alike: deletes the [`Library::old_read_articles`]
    /// of `keep_days` (none when it is 0) and says how many went.
    pub fn purge_old_read(&mut self, keep_days: u32) -> Result<usize, StoreError> {
        if keep_days == 0 {
            return Ok(0);
        }
        let old = self.old_read_articles(keep_days)?;
        self.delete_articles(&old)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::pipeline::Processed;

    /// The full-text index holds folded text and no trigger removes it: a
    /// deleted article must leave no row behind for a word search to find.
    #[test]
    fn a_deleted_article_leaves_nothing_for_word_search() {
        let mut lib = Library::in_memory().expect("library");
        let article = Article::new(
            "a.txt",
            "Große Straße in Łódź",
            vec!["Søren Ørsted walked the Große Straße.".into()],
        );
        let id = article.id;
        lib.import(&[Processed {
            article,
            entities: Default::default(),
            removed: vec![],
        }])
        .expect("import");
        let find = |lib: &Library, q: &str| {
            lib.search(&crate::query::parse(q).expect("query"))
                .expect("search")
        };
        assert_eq!(find(&lib, "strasse"), vec![id]);
        assert_eq!(lib.delete_articles(&[id]).expect("delete"), 1);
        assert!(find(&lib, "strasse").is_empty());
        assert!(find(&lib, "lodz").is_empty());
        let rows: i64 = lib
            .conn
            .query_row(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'orsted'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(rows, 0, "the full-text row was left behind");
    }
}
