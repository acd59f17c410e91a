//! Extracting a library's stored articles again, so that a library made by
//! an older gazette gets what a new import would write (sections, and
//! whatever extraction adds later) without importing anything again.
//!
//! The library records in its settings the [`EXTRACTION_VERSION`] its
//! articles were extracted by. A library opened for writing with an older
//! (or no) version has every article cleaned and extracted again from its
//! stored text and written back through the import's own per-article write
//! path ([`super::import::Writes::article`]), a batch per transaction. Read
//! and starred flags, when an article was added and its feed memberships
//! stay; the text changes only when cleaning now removes more of it. A run
//! killed half way resumes after the last batch it committed.

use std::sync::OnceLock;

use rusqlite::{TransactionBehavior, params};

use super::import::{Outcome, Prepared, Row, Writes};
use super::{Library, Snapshot, StoreError, busy_or, sql, stored_article};
use crate::article::{Article, ArticleId};
use crate::extract::{EXTRACTION_VERSION, Extractor, ExtractorRef};
use crate::pipeline::{self, Processed};

/// The setting holding the version the library's articles were extracted by.
pub(super) const VERSION_KEY: &str = "extraction_version";

/// The setting holding how far an unfinished re-extraction got:
/// `VERSION:ID`, the version it extracts for and the last article id (in
/// id order) it committed.
const CURSOR_KEY: &str = "reextract_cursor";

/// Articles per transaction: a killed run loses at most this many.
const BATCH: usize = 500;

/// How far a re-extraction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Articles extracted again so far (by this run).
    pub done: usize,
    /// Articles this run extracts in all.
    pub total: usize,
}

/// What a re-extraction did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reextracted {
    /// Articles extracted again.
    pub articles: usize,
    /// Of those, the ones whose text changed (cleaning removed more).
    pub text_changed: usize,
}

/// Who re-extracts a library that an open finds out of date: which
/// extractor (the configured one, built only when needed) and where
/// progress goes. The command line sets it once at its start; without it
/// the library's own extractor re-extracts, silently.
#[derive(Clone, Copy)]
pub struct Upgrade {
    pub extractor: fn() -> ExtractorRef,
    pub progress: fn(Progress),
    /// Called once when a re-extraction at open has finished.
    pub done: fn(Reextracted),
}

static UPGRADE: OnceLock<Upgrade> = OnceLock::new();

/// Sets how libraries found out of date at open are re-extracted, for the
/// rest of the process (the first call wins).
pub fn on_upgrade(upgrade: Upgrade) {
    let _ = UPGRADE.set(upgrade);
}

/// Re-extracts `lib`, just opened for writing, when an older gazette
/// extracted its articles. A library busy with another writer is left for
/// the next open rather than failing this one.
pub(super) fn upgrade(lib: &mut Library) -> Result<(), StoreError> {
    if lib.is_read_only() || !lib.extraction_outdated()? {
        return Ok(());
    }
    let hook = UPGRADE.get().copied();
    let extractor = match hook {
        Some(h) => (h.extractor)().get(),
        None => lib.extractor(),
    };
    let mut progress = |p: Progress| {
        if let Some(h) = hook {
            (h.progress)(p);
        }
    };
    match lib.reextract(extractor, false, &mut progress) {
        Ok(done) => {
            if let Some(h) = hook {
                (h.done)(done);
            }
            Ok(())
        }
        Err(StoreError::Busy { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

impl Library {
    /// Whether the stored articles were extracted by an older gazette than
    /// this one (see [`EXTRACTION_VERSION`]).
    pub fn extraction_outdated(&self) -> Result<bool, StoreError> {
        let stored = self
            .setting(VERSION_KEY)?
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0);
        Ok(stored < EXTRACTION_VERSION)
    }

    /// Cleans and extracts every stored article again with `extractor`
    /// and writes what it gives through the import's write path, a batch
    /// per transaction, reporting progress after each; then records this
    /// gazette's extraction version. Unless `all`, an earlier run for the
    /// same version that was killed half way is resumed where it stopped.
    pub fn reextract(
        &mut self,
        extractor: &Extractor,
        all: bool,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Reextracted, StoreError> {
        self.refresh()?;
        let resume = if all { None } else { self.cursor()? };
        let mut after = resume.unwrap_or(i64::MIN);
        let total: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM articles WHERE id > ?1",
                [after],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        let total = usize::try_from(total).unwrap_or(0);
        let mut done = Reextracted::default();
        while let Some((last, batch)) = self.reextract_batch(extractor, after)? {
            after = last;
            done.articles += batch.articles;
            done.text_changed += batch.text_changed;
            progress(Progress {
                done: done.articles,
                total,
            });
        }
        self.set_setting(VERSION_KEY, &EXTRACTION_VERSION.to_string())?;
        self.conn
            .execute("DELETE FROM settings WHERE key = ?1", [CURSOR_KEY])
            .map_err(|e| self.err(e))?;
        // The batches left the in-memory index alone (updating it article
        // by article costs a scan of each entity's postings): load it anew,
        // and store its copy for the next open.
        self.load(Snapshot::Save)?;
        // Extraction gives each article its own people again: join them
        // across the library as an import does (see people.rs).
        if done.articles > 0 {
            self.resolve_people()?;
        }
        self.shrink_wal();
        Ok(done)
    }

    /// The last article id an unfinished run for this version committed.
    fn cursor(&self) -> Result<Option<i64>, StoreError> {
        let Some(value) = self.setting(CURSOR_KEY)? else {
            return Ok(None);
        };
        let Some((version, id)) = value.split_once(':') else {
            return Ok(None);
        };
        if version != EXTRACTION_VERSION.to_string() {
            return Ok(None);
        }
        Ok(id.parse().ok())
    }

    /// Re-extracts the articles after id `after` (in id order), up to
    /// [`BATCH`] of them, in one transaction: read, extracted and written
    /// while holding the write lock, so no other writer changes them in
    /// between. Returns the last id done, or `None` when none was left.
    fn reextract_batch(
        &mut self,
        extractor: &Extractor,
        after: i64,
    ) -> Result<Option<(i64, Reextracted)>, StoreError> {
        let path = self.path.clone();
        let timeout = self.busy_timeout;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| busy_or(&path, timeout, e))?;
        let stored: Vec<(i64, Article)> = {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT a.id, a.hash, a.source, t.title, a.date, a.author, a.url, a.tags, t.body
                     FROM articles a JOIN article_text t ON t.id = a.id
                     WHERE a.id > ?1 ORDER BY a.id LIMIT ?2",
                )
                .map_err(|e| sql(&path, e))?;
            let rows = stmt
                .query_map(params![after, BATCH as i64], |r| {
                    let id: i64 = r.get(0)?;
                    let tags: String = r.get(7)?;
                    let body: String = r.get(8)?;
                    Ok((
                        r.get::<_, i64>(1)?,
                        stored_article(
                            ArticleId(id as u64),
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                            &tags,
                            &body,
                        ),
                    ))
                })
                .map_err(|e| sql(&path, e))?;
            rows.collect::<Result<_, _>>().map_err(|e| sql(&path, e))?
        };
        let Some(last) = stored.last().map(|(_, a)| a.id.0 as i64) else {
            return Ok(None);
        };
        let processed = process_all(extractor, stored);
        let mut writes = Writes::default();
        let mut done = Reextracted::default();
        for (hash, p) in processed {
            let id = p.article.id.0 as i64;
            let row = Row::Stored {
                id,
                hash,
                guid: None,
                text: None,
            };
            let outcome = writes
                .article(&tx, &self.index, row, Prepared::new(p))
                .map_err(|e| sql(&path, e))?;
            done.articles += 1;
            if matches!(outcome, Outcome::Updated) {
                done.text_changed += 1;
            }
        }
        // The index is loaded anew at the end (see `reextract`).
        let _index_changes = writes.finish(&tx).map_err(|e| sql(&path, e))?;
        tx.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![CURSOR_KEY, format!("{EXTRACTION_VERSION}:{last}")],
        )
        .map_err(|e| sql(&path, e))?;
        tx.commit().map_err(|e| busy_or(&path, timeout, e))?;
        Ok(Some((last, done)))
    }
}

/// Cleans and extracts stored articles (with their stored content hashes)
/// on every core, in order. An article that cleaning would now empty is
/// extracted as it is stored, so no stored text is lost.
fn process_all(extractor: &Extractor, stored: Vec<(i64, Article)>) -> Vec<(i64, Processed)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = stored.len().div_ceil(threads).max(1);
    let one = |(hash, a): (i64, Article)| {
        let p = pipeline::process(extractor, a.clone());
        let p = if p.article.title.trim().is_empty() && p.article.paragraphs.is_empty() {
            Processed {
                entities: extractor.extract(&a),
                article: a,
                removed: Vec::new(),
            }
        } else {
            p
        };
        (hash, p)
    };
    let mut chunks: Vec<Vec<(i64, Article)>> = Vec::new();
    let mut rest = stored.into_iter().peekable();
    while rest.peek().is_some() {
        chunks.push(rest.by_ref().take(chunk).collect());
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| s.spawn(move || c.into_iter().map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::Kind;
    use crate::store::{DEFAULT_BUSY_TIMEOUT, FeedItem, NewFeed, Seeding};

    /// An article as an older gazette stored it: extracted, but without
    /// sections.
    fn old(source: &str, title: &str, body: &str) -> Processed {
        let mut p = pipeline::process(
            Extractor::builtin(),
            Article::new(source, title, vec![body.to_string()]),
        );
        assert!(!p.entities.sections.is_empty(), "extracted today: sections");
        p.entities.sections.clear();
        p
    }

    fn count(lib: &Library, q: &str) -> usize {
        lib.count(&crate::query::parse(q).expect("query"))
            .expect("count")
    }

    /// A library an older gazette made (no sections, no extraction
    /// version) gets its sections when next opened for writing, through
    /// the import's write path; flags, feed memberships and text stay.
    #[test]
    fn an_old_library_gets_sections_at_open_and_keeps_its_flags() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.db");
        let (local, entry) = {
            let mut lib =
                Library::open_with(&path, Seeding::NoSeed, DEFAULT_BUSY_TIMEOUT).expect("open");
            lib.import(&[
                old(
                    "match.txt",
                    "Arsenal beat Chelsea in the Premier League",
                    "The striker scored twice as Arsenal won the league match, and the coach praised the goalkeeper.",
                ),
                old(
                    "budget.txt",
                    "Chancellor raises taxes in the budget",
                    "The chancellor told MPs in parliament that income tax and inflation would rise.",
                ),
            ])
            .expect("import");
            let feed = lib
                .add_feed(&NewFeed {
                    url: "https://news.example/rss".into(),
                    name: "News".into(),
                    folder: None,
                    full_text: false,
                    auto_name: false,
                })
                .expect("feed");
            let item = FeedItem {
                guid: Some("g1".into()),
                processed: old(
                    "https://news.example/1",
                    "Earthquake kills dozens",
                    "Rescue teams searched the rubble after the earthquake destroyed homes.",
                ),
            };
            lib.import_feed_items(feed, &[item]).expect("feed import");
            let ids = lib.search(&crate::query::Query::All).expect("search");
            assert_eq!(ids.len(), 3);
            assert_eq!(count(&lib, "section:sport"), 0);
            let local = Article::new("match.txt", "", Vec::new()).id;
            let entry = ids
                .into_iter()
                .find(|&id| id != local && lib.meta(id).is_some_and(|m| m.feed.is_some()))
                .expect("entry");
            lib.set_read(local, true).expect("read");
            lib.set_starred(entry, true).expect("star");
            // What an older gazette leaves: no version at all.
            lib.conn
                .execute("DELETE FROM settings WHERE key = ?1", [VERSION_KEY])
                .expect("forget the version");
            assert!(lib.extraction_outdated().expect("outdated"));
            (local, entry)
        };
        let text_before = {
            let lib = Library::open_read_only(&path, DEFAULT_BUSY_TIMEOUT).expect("read only");
            assert_eq!(
                count(&lib, "section:sport"),
                0,
                "read-only opens write nothing"
            );
            lib.article(local).expect("article")
        };

        let lib = Library::open_with(&path, Seeding::NoSeed, DEFAULT_BUSY_TIMEOUT).expect("open");
        assert!(!lib.extraction_outdated().expect("outdated"));
        assert_eq!(lib.setting(CURSOR_KEY).expect("cursor"), None);
        let sections = lib.entities_of(local).sections;
        assert_eq!(sections.len(), 1, "{sections:?}");
        assert_eq!(sections[0].id, "sport");
        assert_eq!(count(&lib, "section:=sport"), 1);
        assert_eq!(count(&lib, "s:sport"), 1);
        assert_eq!(count(&lib, "section:=disaster"), 1);
        // Every article has one, and the other entities are still there.
        let ids = lib.search(&crate::query::Query::All).expect("search");
        for &id in &ids {
            assert!(!lib.entities_of(id).sections.is_empty(), "{id}");
        }
        assert!(!lib.facets(&ids).of(Kind::Issue).is_empty());
        // Flags, feed membership and text kept.
        assert!(lib.meta(local).is_some_and(|m| m.read && !m.starred));
        assert!(lib.meta(entry).is_some_and(|m| m.starred && !m.read));
        assert_eq!(count(&lib, "feed:News"), 1);
        assert_eq!(count(&lib, "feed:News section:=disaster"), 1);
        assert_eq!(lib.article(local).expect("article"), text_before);
        assert_eq!(count(&lib, "striker"), 1, "full text kept");
        assert!(lib.check().expect("check").is_empty());
        drop(lib);
        // The stored index copy has the sections too.
        let lib = Library::open_read_only(&path, DEFAULT_BUSY_TIMEOUT).expect("read only");
        assert_eq!(count(&lib, "section:=sport"), 1);
    }

    /// A run killed after some batches resumes after the last one it
    /// committed; `all` starts over.
    #[test]
    fn an_interrupted_run_resumes_where_it_stopped() {
        let mut lib = Library::in_memory().expect("library");
        let batch: Vec<Processed> = (0..3)
            .map(|i| {
                old(
                    &format!("{i}.txt"),
                    "Arsenal beat Chelsea",
                    "The striker scored in the league match.",
                )
            })
            .collect();
        lib.import(&batch).expect("import");
        let mut ids = lib.search(&crate::query::Query::All).expect("search");
        ids.sort_by_key(|id| id.0 as i64);
        // As if the first article's batch had been committed.
        lib.set_setting(
            CURSOR_KEY,
            &format!("{EXTRACTION_VERSION}:{}", ids[0].0 as i64),
        )
        .expect("cursor");
        let mut seen = Vec::new();
        let done = lib
            .reextract(Extractor::builtin(), false, &mut |p| seen.push(p))
            .expect("reextract");
        assert_eq!(done.articles, 2);
        assert_eq!(seen.last(), Some(&Progress { done: 2, total: 2 }));
        assert_eq!(count(&lib, "section:=sport"), 2);
        let done = lib
            .reextract(Extractor::builtin(), true, &mut |_| {})
            .expect("reextract");
        assert_eq!((done.articles, done.text_changed), (3, 0));
        assert_eq!(count(&lib, "section:=sport"), 3);
    }
}
