//! The offline library: articles, entities and feeds in SQLite, with an
//! in-memory index for instant filtering.
//!
//! SQLite holds the truth (WAL mode, so readers never wait for a writer);
//! [`Library`] loads per-article metadata and entity postings at open (from
//! a stored copy, see `snapshot.rs`, when one is in step) and answers
//! [`Library::search`] and [`Library::facets`] from memory. Bodies come
//! from disk only when an article is opened. Every import batch is one
//! transaction: a killed import leaves each article either fully stored,
//! with its mentions, or absent.

mod feeds;
mod import;
mod index;
mod pages;
mod people;
mod quotes;
mod readonly;
mod reextract;
mod retention;
mod schema;
mod search;
mod seed;
mod snapshot;
mod words;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};

use crate::article::{Article, ArticleId};
use crate::entity::Kind;
use crate::extract::sections::SectionHit;
use crate::extract::{CountryMention, Entities, Extractor, ExtractorRef, IssueHit, Person};

pub use feeds::{Feed, FeedChange, FeedCounts, FeedId, FeedItem, FeedState, NewFeed};
pub use import::{BULK_BATCH, BulkImport, ImportCounts, Prepared, Skipped};
pub use index::ArticleMeta;
pub use pages::{EntryText, NoPage, StoredEntry};
pub use quotes::StoredQuote;
pub use reextract::{Progress, Reextracted, Upgrade, on_upgrade};
pub use search::{Sort, article_facets};
pub use words::{Words, WordsJob};

use index::{DocExtra, Entity, Index};

/// How long a writer waits for another writer before giving up.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Articles per transaction in [`Library::import_all`].
pub const DEFAULT_BATCH: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the library is busy: another gazette is writing to {} (waited {} ms); try again when it has finished",
        path.display(), waited.as_millis()
    )]
    Busy { path: PathBuf, waited: Duration },
    #[error(
        "{} was written by a newer gazette (library version {found}; this gazette reads up to {supported}); it was left untouched",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{} is not a gazette library (it holds other data); it was left untouched", path.display())]
    NotALibrary { path: PathBuf },
    #[error("{} is not a gazette library (not an SQLite database at all); it was left untouched", path.display())]
    NotADatabase { path: PathBuf },
    #[error(
        "cannot write to the library {}: the file or its directory is read-only; nothing was changed",
        path.display()
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "cannot write to the library {}: the disk is full, a file-size limit was reached, or the disk is failing; the write that failed was not saved (what was saved before it is kept)",
        path.display()
    )]
    DiskFull { path: PathBuf },
    #[error("cannot create the library directory {}: {source}", dir.display())]
    CreateDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "cannot find a home for the library: neither XDG_DATA_HOME nor HOME is set (use --db PATH)"
    )]
    NoHome,
    #[error("library {}: {source}", path.display())]
    Sql {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("no article in the library has an id starting with '{0}'")]
    NoSuchArticle(String),
    #[error("the id prefix '{prefix}' is ambiguous: {count} articles start with it")]
    AmbiguousId { prefix: String, count: usize },
    #[error("no feed with id {0}")]
    NoSuchFeed(i64),
    #[error("another feed is already named {0:?}")]
    FeedNameTaken(String),
}

/// An open library with its in-memory index.
pub struct Library {
    conn: Connection,
    path: PathBuf,
    busy_timeout: Duration,
    index: Index,
    /// `PRAGMA data_version` when the index was loaded: another process's commit changes it.
    data_version: i64,
    /// Seeds a new library and re-extracts articles for display.
    extractor: ExtractorRef,
    /// Recent full-text matches: typing in the reader's filter bar, a
    /// backspace goes back to a word just searched. Emptied whenever the
    /// index changes.
    text_cache: search::TextCache,
}

/// Whether loading the index from the rows stores a copy for the next open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Snapshot {
    Save,
    /// About to write anyway (an import refreshing), which would drop it.
    Keep,
}

/// The setting that says whether a new library still awaits its seed articles.
const SEEDS_KEY: &str = "seeds";
const SEEDS_PENDING: &str = "pending";

/// Whether [`Library::open_with`] imports the bundled seed articles into an empty library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seeding {
    /// Seed a new library, extracting the seeds with this extractor, which
    /// also re-extracts articles for display ([`Library::extractor`]).
    Seed(ExtractorRef),
    NoSeed,
}

impl Seeding {
    /// The extractor a library opened this way uses.
    fn extractor(self) -> ExtractorRef {
        match self {
            Seeding::Seed(extractor) => extractor,
            Seeding::NoSeed => ExtractorRef::BUILTIN,
        }
    }
}

impl Library {
    /// Opens (creating and migrating if needed) the library at `path`, seeds
    /// it (with the built-in extractor) when it is new, and loads the index.
    pub fn open(path: &Path) -> Result<Library, StoreError> {
        Library::open_with(
            path,
            Seeding::Seed(ExtractorRef::BUILTIN),
            DEFAULT_BUSY_TIMEOUT,
        )
    }

    /// Opens `db`, or the default library when `None` (see [`default_path`]).
    pub fn open_default(db: Option<PathBuf>) -> Result<Library, StoreError> {
        let path = match db {
            Some(p) => p,
            None => default_path()?,
        };
        Library::open(&path)
    }

    /// An empty, unseeded library in memory, for tests.
    pub fn in_memory() -> Result<Library, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Sql {
            path: path.clone(),
            source,
        })?;
        Library::setup(conn, path, Seeding::NoSeed, DEFAULT_BUSY_TIMEOUT)
    }

    /// [`Library::open`] with the seeding and the writer's patience chosen.
    pub fn open_with(
        path: &Path,
        seeding: Seeding,
        busy_timeout: Duration,
    ) -> Result<Library, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                dir: dir.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Sql {
            path: path.to_path_buf(),
            source,
        })?;
        Library::setup(conn, path.to_path_buf(), seeding, busy_timeout)
    }

    fn setup(
        conn: Connection,
        path: PathBuf,
        seeding: Seeding,
        busy_timeout: Duration,
    ) -> Result<Library, StoreError> {
        let mut lib = Library {
            conn,
            path,
            busy_timeout,
            index: Index::default(),
            data_version: 0,
            extractor: seeding.extractor(),
            text_cache: Default::default(),
        };
        lib.conn
            .busy_timeout(busy_timeout)
            .map_err(|e| lib.err(e))?;
        lib.migrate(seeding)?;
        lib.conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536;")
            .map_err(|e| lib.err(e))?;
        lib.load(Snapshot::Save)?;
        // Pending from the library's creation until the seeds are stored: a
        // first run killed in between seeds on the next. (Stored twice is
        // harmless: the second import finds them unchanged.)
        if matches!(seeding, Seeding::Seed(_))
            && lib.setting(SEEDS_KEY)?.as_deref() == Some(SEEDS_PENDING)
        {
            seed::import_seeds(&mut lib)?;
            lib.set_setting(SEEDS_KEY, "done")?;
        }
        reextract::upgrade(&mut lib)?;
        Ok(lib)
    }

    /// Brings the schema up to date. Refuses, before writing anything, a
    /// library from a newer release or a database that is not a library.
    /// Creating one records whether it is to get the seed articles.
    fn migrate(&mut self, seeding: Seeding) -> Result<(), StoreError> {
        let supported = schema::MIGRATIONS.len() as i64;
        let version = self.pragma_i64("user_version")?;
        if version > supported {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                supported,
            });
        }
        let app = self.pragma_i64("application_id")?;
        let foreign = if app != 0 {
            app != schema::APPLICATION_ID
        } else {
            version == 0
                && self
                    .conn
                    .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                        r.get::<_, i64>(0)
                    })
                    .map_err(|e| self.err(e))?
                    > 0
        };
        if foreign {
            return Err(StoreError::NotALibrary {
                path: self.path.clone(),
            });
        }
        // WAL before any write: readers then never wait for a writer.
        if self.path.as_os_str() != ":memory:" {
            let mode: String = self
                .conn
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .map_err(|e| self.err(e))?;
            if !mode.eq_ignore_ascii_case("wal") {
                self.conn
                    .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
                    .map_err(|e| self.err(e))?;
            }
        }
        if version == supported {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| busy_or(&self.path, self.busy_timeout, e))?;
        // Another process may have migrated while we waited for the lock.
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| sql(&self.path, e))?;
        for (i, step) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(step).map_err(|e| sql(&self.path, e))?;
            if i as i64 + 1 == schema::FOLDED_FTS {
                import::refill_fts(&tx).map_err(|e| sql(&self.path, e))?;
            }
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                .map_err(|e| sql(&self.path, e))?;
        }
        tx.execute_batch(&format!(
            "PRAGMA application_id = {}",
            schema::APPLICATION_ID
        ))
        .map_err(|e| sql(&self.path, e))?;
        if version == 0 {
            let seeds = match seeding {
                Seeding::Seed(_) => SEEDS_PENDING,
                Seeding::NoSeed => "none",
            };
            tx.execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES (?1, ?2)",
                [SEEDS_KEY, seeds],
            )
            .map_err(|e| sql(&self.path, e))?;
            // Empty: nothing to extract again until a later version.
            tx.execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES (?1, ?2)",
                [
                    reextract::VERSION_KEY,
                    &crate::extract::EXTRACTION_VERSION.to_string(),
                ],
            )
            .map_err(|e| sql(&self.path, e))?;
        }
        tx.commit()
            .map_err(|e| busy_or(&self.path, self.busy_timeout, e))?;
        Ok(())
    }

    fn pragma_i64(&self, name: &str) -> Result<i64, StoreError> {
        self.conn
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Maps a SQLite error, naming the library and recognising a busy one.
    fn err(&self, e: rusqlite::Error) -> StoreError {
        busy_or(&self.path, self.busy_timeout, e)
    }

    /// Loads the whole index, from the stored copy when there is one, else
    /// from the rows (then storing a copy if `save` allows and nobody wrote
    /// meanwhile). One read transaction, so index and flags agree.
    fn load(&mut self, save: Snapshot) -> Result<(), StoreError> {
        self.text_cache.clear();
        self.end_stray_transaction();
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(|e| self.err(e))?;
        let loaded = self.load_in_transaction(save);
        // Nothing was written unless the copy was saved, which commits it.
        let end = if matches!(loaded, Ok(true)) {
            "COMMIT"
        } else {
            "ROLLBACK"
        };
        let ended = self.conn.execute_batch(end);
        loaded?;
        if end == "COMMIT" && ended.is_err() {
            // The copy was not saved (another gazette wrote): no harm done.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        self.data_version = self.pragma_i64("data_version")?;
        Ok(())
    }

    /// Ends a transaction left open. The search worker's interrupt can stop
    /// the ROLLBACK that ends a load's read transaction; left open, it would
    /// pin the old snapshot (the worker would never see new articles) and
    /// make the next BEGIN fail.
    fn end_stray_transaction(&self) {
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    /// Returns true when it wrote a copy that needs committing.
    fn load_in_transaction(&mut self, save: Snapshot) -> Result<bool, StoreError> {
        // Decoded straight from SQLite's buffer: no copy of the whole BLOB.
        let stored: Option<Index> = self
            .conn
            .query_row(
                "SELECT data FROM index_snapshot WHERE id = 1 AND format = ?1",
                [snapshot::FORMAT],
                |r| Ok(r.get_ref(0)?.as_blob().ok().and_then(snapshot::decode)),
            )
            .optional()
            .map_err(|e| self.err(e))?
            .flatten();
        let mut wrote = false;
        match stored {
            Some(index) => self.index = index,
            None => {
                self.index = self.load_rows()?;
                if save == Snapshot::Save
                    && self.path.as_os_str() != ":memory:"
                    && !self.is_read_only()
                {
                    wrote = self.try_save_in_transaction();
                }
            }
        }
        self.load_flags()?;
        Ok(wrote)
    }

    /// Stores the copy inside the current read transaction: it fails at once,
    /// rather than store a stale copy, if another process wrote since that
    /// transaction began, and never waits for a busy library.
    fn try_save_in_transaction(&self) -> bool {
        let Some(bytes) = snapshot::encode(&self.index) else {
            return false;
        };
        if self.conn.busy_timeout(Duration::ZERO).is_err() {
            return false;
        }
        let saved = self
            .conn
            .execute(
                "INSERT OR REPLACE INTO index_snapshot (id, format, data) VALUES (1, ?1, ?2)",
                params![snapshot::FORMAT, bytes],
            )
            .is_ok();
        let _ = self.conn.busy_timeout(self.busy_timeout);
        saved
    }

    /// Stores a copy of the index as it is in memory, unless another
    /// process changed the library since it was loaded (then the next open
    /// rebuilds it). Call after a large import so the next open is fast.
    pub fn save_snapshot(&mut self) -> Result<bool, StoreError> {
        if self.path.as_os_str() == ":memory:" {
            return Ok(false);
        }
        if self.conn.busy_timeout(Duration::ZERO).is_err() {
            return Ok(false);
        }
        let begun = self.conn.execute_batch("BEGIN IMMEDIATE");
        let _ = self.conn.busy_timeout(self.busy_timeout);
        if begun.is_err() {
            return Ok(false);
        }
        let result = (|| {
            if self.pragma_i64("data_version")? != self.data_version {
                return Ok(false);
            }
            let Some(bytes) = snapshot::encode(&self.index) else {
                return Ok(false);
            };
            self.conn
                .execute(
                    "INSERT OR REPLACE INTO index_snapshot (id, format, data) VALUES (1, ?1, ?2)",
                    params![snapshot::FORMAT, bytes],
                )
                .map_err(|e| self.err(e))?;
            Ok(true)
        })();
        match result {
            Ok(true) => {
                self.conn.execute_batch("COMMIT").map_err(|e| self.err(e))?;
                Ok(true)
            }
            other => {
                let _ = self.conn.execute_batch("ROLLBACK");
                other
            }
        }
    }

    /// Copies the write-ahead log into the database and empties it, unless
    /// a reader is using it (then it stays for the next checkpoint): after a
    /// large import it would otherwise keep its largest size on disk.
    fn shrink_wal(&self) {
        if self.path.as_os_str() == ":memory:" || self.conn.busy_timeout(Duration::ZERO).is_err() {
            return;
        }
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        let _ = self.conn.busy_timeout(self.busy_timeout);
    }

    /// Read and starred flags, which the stored copy leaves out.
    fn load_flags(&mut self) -> Result<(), StoreError> {
        for (sql, starred) in [
            ("SELECT id FROM articles WHERE read = 1", false),
            ("SELECT id FROM articles WHERE starred = 1", true),
        ] {
            let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
            let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let id = ArticleId(r.get::<_, i64>(0).map_err(|e| self.err(e))? as u64);
                if let Some(d) = self.index.doc_of(id) {
                    let x = &mut self.index.extras[d as usize];
                    if starred {
                        x.starred = true;
                    } else {
                        x.read = true;
                    }
                }
            }
        }
        Ok(())
    }

    /// The whole index from the article, entity and feed rows.
    fn load_rows(&self) -> Result<Index, StoreError> {
        let mut index = Index::default();
        let articles: i64 = self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .map_err(|e| sql(&self.path, e))?;
        let articles = usize::try_from(articles).unwrap_or(0);
        index.ids.reserve(articles);
        index.extras.reserve(articles);
        index.text_at.reserve(articles);
        index.mentions_at.reserve(articles);
        let path = self.path.clone();
        let e = |e: rusqlite::Error| sql(&path, e);
        {
            let mut stmt = self
                .conn
                .prepare("SELECT id, name, url FROM feeds")
                .map_err(e)?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .map_err(e)?;
            for row in rows {
                let (id, name, url) = row.map_err(e)?;
                index.feeds.insert(id, (name, url));
            }
            let mut stmt = self
                .conn
                .prepare("SELECT id, kind, key, label, aliases FROM entities ORDER BY id")
                .map_err(e)?;
            let mut rows = stmt.query([]).map_err(e)?;
            while let Some(r) = rows.next().map_err(e)? {
                let Some(kind) = Kind::from_code(r.get(1).map_err(e)?) else {
                    continue;
                };
                let aliases: String = r.get(4).map_err(e)?;
                index.add_entity(Entity::new(
                    r.get(0).map_err(e)?,
                    kind,
                    r.get(2).map_err(e)?,
                    r.get(3).map_err(e)?,
                    serde_json::from_str(&aliases).unwrap_or_default(),
                ));
            }
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, title, source, feed_id, date, author, read, starred, added, entities
                     FROM articles ORDER BY id",
                )
                .map_err(e)?;
            let mut rows = stmt.query([]).map_err(e)?;
            let mut doc = Vec::new();
            while let Some(r) = rows.next().map_err(e)? {
                let id = ArticleId(r.get::<_, i64>(0).map_err(e)? as u64);
                let feed_id: Option<i64> = r.get(3).map_err(e)?;
                let date: Option<i64> = r.get(4).map_err(e)?;
                let added: i64 = r.get(8).map_err(e)?;
                let packed = r.get_ref(9).map_err(e)?.as_blob().unwrap_or_default();
                doc.clear();
                doc.extend(import::unpack(packed).filter_map(|(db, weight)| {
                    index
                        .entity_of(db)
                        .map(|entity| index::Posting { entity, weight })
                }));
                let d = index.len() as u32;
                for p in &doc {
                    index.postings[p.entity as usize].push(d);
                }
                index.ids.push(id);
                index.extras.push(DocExtra {
                    time: date.unwrap_or(added),
                    feed_id,
                    dated: date.is_some(),
                    read: r.get(6).map_err(e)?,
                    starred: r.get(7).map_err(e)?,
                });
                let text = |i| {
                    r.get_ref(i)
                        .map_err(e)
                        .map(|v| v.as_str().unwrap_or_default())
                };
                index.push_records(
                    text(1)?,
                    text(2)?,
                    Some(text(5)?).filter(|a| !a.is_empty()),
                    &doc,
                );
            }
        }
        index.sort_ids();
        Ok(index)
    }

    /// Reloads the index if another process changed the library since it
    /// was loaded. Cheap when nothing changed. Returns true if it reloaded.
    pub fn refresh(&mut self) -> Result<bool, StoreError> {
        self.end_stray_transaction();
        if self.pragma_i64("data_version")? == self.data_version {
            return Ok(false);
        }
        self.load(Snapshot::Keep)?;
        Ok(true)
    }

    /// Closes the database but leaves the in-memory index to the operating
    /// system: a command about to exit need not free 100k small allocations
    /// one by one (about a tenth of a `gazette list` at 100k articles).
    pub fn close_for_exit(self) -> Result<(), StoreError> {
        let Library {
            conn, index, path, ..
        } = self;
        std::mem::forget(index);
        conn.close().map_err(|(_, e)| sql(&path, e))
    }

    /// The extractor that seeded this library (when it was new) and that
    /// re-extracts its articles for display: the one it was opened with.
    pub fn extractor(&self) -> &'static Extractor {
        self.extractor.get()
    }

    /// The database file (":memory:" for an in-memory library).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many articles the library holds.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.len() == 0
    }

    /// Every article's metadata, in load order (each decoded as it comes).
    pub fn metas(&self) -> impl Iterator<Item = ArticleMeta> + '_ {
        (0..self.index.len() as u32).filter_map(|d| self.index.meta(d))
    }

    /// The article's metadata, from memory.
    pub fn meta(&self, id: ArticleId) -> Option<ArticleMeta> {
        self.index.meta(self.index.doc_of(id)?)
    }

    /// The full article, body included, from disk.
    pub fn article(&self, id: ArticleId) -> Result<Option<Article>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT a.source, t.title, a.date, a.author, a.url, a.tags, t.body
                 FROM articles a JOIN article_text t ON t.id = a.id WHERE a.id = ?1",
                [id.0 as i64],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(row.map(|(source, title, date, author, url, tags, body)| {
            stored_article(id, source, title, date, author, url, &tags, &body)
        }))
    }

    /// The article's people, countries, issues and sections (most mentioned first),
    /// from memory. Spans are not stored, so they are empty.
    pub fn entities_of(&self, id: ArticleId) -> Entities {
        let mut out = Entities::default();
        let Some(doc) = self.index.doc_of(id) else {
            return out;
        };
        for p in self.index.mentions_of(doc) {
            let Some(e) = self.index.entities.get(p.entity as usize) else {
                continue;
            };
            match e.kind {
                Kind::Person => out.people.push(Person {
                    name: e.label.clone(),
                    aliases: e.aliases.clone(),
                    mentions: p.weight as u32,
                    spans: Vec::new(),
                    office: None,
                }),
                Kind::Country => out.countries.push(CountryMention {
                    code: e.key.clone(),
                    name: e.label.clone(),
                    mentions: p.weight as u32,
                    spans: Vec::new(),
                }),
                Kind::Issue => out.issues.push(IssueHit {
                    id: e.key.clone(),
                    label: e.label.clone(),
                    score: p.weight,
                    spans: Vec::new(),
                }),
                Kind::Section => out.sections.push(SectionHit {
                    id: e.key.clone(),
                    label: e.label.clone(),
                    score: p.weight,
                }),
                // Quotes are read with `quotes_of`, not extraction's entities.
                Kind::Speaker => {}
                // Derived from the people's offices, not entities of their own.
                Kind::Role | Kind::Leader => {}
            }
        }
        out.people.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name.cmp(&b.name))
        });
        if let Some(x) = self.index.extras.get(doc as usize) {
            let date = x
                .dated
                .then(|| DateTime::from_timestamp(x.time, 0))
                .flatten();
            crate::extract::offices::Offices::builtin().give_offices(&mut out.people, date);
        }
        out.countries.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.code.cmp(&b.code))
        });
        out.issues
            .sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        out.sections
            .sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        out
    }

    /// The one article whose id starts with `prefix` (hex, any case).
    pub fn resolve_prefix(&self, prefix: &str) -> Result<ArticleId, StoreError> {
        let p = prefix.trim().to_ascii_lowercase();
        if p.is_empty() || p.len() > 16 || !p.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(StoreError::NoSuchArticle(prefix.to_string()));
        }
        let mut found = self
            .index
            .ids
            .iter()
            .copied()
            .filter(|id| id.to_string().starts_with(&p));
        match (found.next(), found.next()) {
            (None, _) => Err(StoreError::NoSuchArticle(prefix.to_string())),
            (Some(id), None) => Ok(id),
            (Some(_), Some(_)) => Err(StoreError::AmbiguousId {
                prefix: prefix.to_string(),
                count: 2 + found.count(),
            }),
        }
    }

    /// Marks an article read or unread, on disk and in the index.
    pub fn set_read(&mut self, id: ArticleId, read: bool) -> Result<(), StoreError> {
        self.set_flag(id, "read", read)?;
        if let Some(d) = self.index.doc_of(id) {
            self.index.extras[d as usize].read = read;
        }
        Ok(())
    }

    /// Stars or unstars an article, on disk and in the index.
    pub fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<(), StoreError> {
        self.set_flag(id, "starred", starred)?;
        if let Some(d) = self.index.doc_of(id) {
            self.index.extras[d as usize].starred = starred;
        }
        Ok(())
    }

    /// Marks every article of `ids` read or unread in one transaction, on
    /// disk and in the index: all of them, or none when it fails. A
    /// thousand marks cost one commit rather than a thousand.
    pub fn set_read_many(&mut self, ids: &[ArticleId], read: bool) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| busy_or(&self.path, self.busy_timeout, e))?;
        {
            let mut stmt = tx
                .prepare_cached("UPDATE articles SET read = ?1 WHERE id = ?2")
                .map_err(|e| sql(&self.path, e))?;
            for id in ids {
                stmt.execute(params![read, id.0 as i64])
                    .map_err(|e| busy_or(&self.path, self.busy_timeout, e))?;
            }
        }
        tx.commit()
            .map_err(|e| busy_or(&self.path, self.busy_timeout, e))?;
        for &id in ids {
            if let Some(d) = self.index.doc_of(id) {
                self.index.extras[d as usize].read = read;
            }
        }
        Ok(())
    }

    fn set_flag(&self, id: ArticleId, column: &'static str, value: bool) -> Result<(), StoreError> {
        let n = self
            .conn
            .execute(
                &format!("UPDATE articles SET {column} = ?1 WHERE id = ?2"),
                params![value, id.0 as i64],
            )
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(StoreError::NoSuchArticle(id.to_string()));
        }
        Ok(())
    }

    /// Runs SQLite's own consistency checks (including the full-text index);
    /// returns the problems found, empty when the library is sound.
    pub fn check(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.err(e))?;
        let mut problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        problems.retain(|p| p != "ok");
        if let Err(e) = self.conn.execute(
            "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')",
            [],
        ) {
            problems.push(format!("full-text index: {e}"));
        }
        Ok(problems)
    }

    /// Settings stored in the library (small strings by key).
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Entity counts by kind, for summaries.
    pub fn entity_counts(&self) -> HashMap<Kind, usize> {
        let mut m = HashMap::new();
        for e in &self.index.entities {
            *m.entry(e.kind).or_insert(0) += 1;
        }
        m
    }
}

/// An article from its stored columns: the body split back into its
/// paragraphs (the import joined them with blank lines).
#[allow(clippy::too_many_arguments)]
fn stored_article(
    id: ArticleId,
    source: String,
    title: String,
    date: Option<i64>,
    author: Option<String>,
    url: Option<String>,
    tags: &str,
    body: &str,
) -> Article {
    Article {
        id,
        source,
        title,
        date: date.and_then(|s| DateTime::from_timestamp(s, 0)),
        author,
        url,
        tags: serde_json::from_str(tags).unwrap_or_default(),
        paragraphs: body
            .split("\n\n")
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

/// `$XDG_DATA_HOME/gazette/library.db`, or `~/.local/share/gazette/library.db`.
pub fn default_path() -> Result<PathBuf, StoreError> {
    let base = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => {
            let home = std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .ok_or(StoreError::NoHome)?;
            PathBuf::from(home).join(".local").join("share")
        }
    };
    Ok(base.join("gazette").join("library.db"))
}

/// Names the library in a SQLite error, and says plainly what a read-only
/// or full disk, or a file that is not a database, means for the user.
fn sql(path: &Path, source: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match source.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
        // A write refused (EFBIG past a file-size limit, or EIO) is rolled back like a full disk.
        Some(ErrorCode::SystemIoFailure)
            if matches!(&source, rusqlite::Error::SqliteFailure(e, _)
                if e.extended_code == rusqlite::ffi::SQLITE_IOERR_WRITE) =>
        {
            StoreError::DiskFull { path }
        }
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
        _ => StoreError::Sql { path, source },
    }
}

fn busy_or(path: &Path, waited: Duration, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
            path: path.to_path_buf(),
            waited,
        },
        _ => sql(path, e),
    }
}

/// Seconds since the epoch, now.
fn now_secs() -> i64 {
    Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Processed;

    fn processed(source: &str, title: &str, body: &str) -> Processed {
        Processed {
            article: Article::new(source, title, vec![body.to_string()]),
            entities: Entities::default(),
            removed: Vec::new(),
        }
    }

    fn found(lib: &Library, q: &str) -> usize {
        lib.search(&crate::query::parse(q).expect("query"))
            .expect("search")
            .len()
    }

    /// A new library's seeds are extracted with the extractor it is opened
    /// with (the user's extra issues included), and the library re-extracts
    /// with that one too.
    #[test]
    fn seeds_are_extracted_with_the_extractor_the_library_is_opened_with() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("issues.toml"),
            "[[issue]]\nid = \"alliances\"\nlabel = \"Alliances\"\nstrong = [\"NATO leaders\", \"premiership\", \"defensive alliance\", \"member countries\"]\nthreshold = 0.01\n",
        )
        .expect("write");
        let extractor = Extractor::with_extra(dir.path(), &[], &["issues.toml".into()])
            .map(ExtractorRef::configured)
            .expect("extra issues");
        let tagged = |lib: &Library| {
            let all = lib.search(&crate::query::Query::All).expect("search");
            all.iter()
                .filter(|&&id| {
                    lib.entities_of(id)
                        .issues
                        .iter()
                        .any(|i| i.id == "alliances")
                })
                .count()
        };
        let lib = Library::open_with(
            &dir.path().join("mine.db"),
            Seeding::Seed(extractor),
            DEFAULT_BUSY_TIMEOUT,
        )
        .expect("open");
        assert!(std::ptr::eq(lib.extractor(), extractor.get()));
        assert_eq!(tagged(&lib), 1);
        let builtin = Library::open(&dir.path().join("plain.db")).expect("open");
        assert!(std::ptr::eq(builtin.extractor(), Extractor::builtin()));
        assert_eq!(tagged(&builtin), 0);
    }

    /// A first run killed after creating the library but before storing the
    /// seed articles leaves them pending: the next run stores them. A library
    /// made without seeds never gets them.
    #[test]
    fn seeds_left_pending_by_a_killed_first_run_are_stored_next_time() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("lib.db");
        let lib = Library::open_with(&path, Seeding::NoSeed, DEFAULT_BUSY_TIMEOUT).expect("open");
        assert_eq!(
            lib.setting(SEEDS_KEY).expect("setting").as_deref(),
            Some("none")
        );
        drop(lib);
        let lib = Library::open_with(
            &path,
            Seeding::Seed(ExtractorRef::BUILTIN),
            DEFAULT_BUSY_TIMEOUT,
        )
        .expect("open");
        assert_eq!(lib.len(), 0, "made without seeds, it stays without them");
        // What a first run killed between creating and seeding leaves.
        lib.set_setting(SEEDS_KEY, SEEDS_PENDING).expect("set");
        drop(lib);
        let lib = Library::open_with(
            &path,
            Seeding::Seed(ExtractorRef::BUILTIN),
            DEFAULT_BUSY_TIMEOUT,
        )
        .expect("open");
        assert_eq!(
            lib.len(),
            crate::seeds::processed(Extractor::builtin()).len()
        );
        assert_eq!(
            lib.setting(SEEDS_KEY).expect("setting").as_deref(),
            Some("done")
        );
    }

    /// A read transaction left open on a connection (as an interrupted
    /// ROLLBACK leaves one) does not stop it from seeing what others store.
    #[test]
    fn a_transaction_left_open_does_not_hide_new_articles() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("lib.db");
        let mut reader =
            Library::open_with(&path, Seeding::NoSeed, DEFAULT_BUSY_TIMEOUT).expect("open");
        let mut writer =
            Library::open_with(&path, Seeding::NoSeed, DEFAULT_BUSY_TIMEOUT).expect("open");
        reader
            .conn
            .execute_batch("BEGIN DEFERRED; SELECT count(*) FROM articles;")
            .expect("a read transaction");
        assert!(!reader.conn.is_autocommit());
        writer
            .import(&[processed("b.txt", "Harbour news", "The harbour froze.")])
            .expect("import");
        assert!(reader.refresh().expect("refresh"), "the import is seen");
        assert_eq!(reader.len(), 1);
        assert_eq!(found(&reader, "harbour"), 1);
    }

    /// A library made by the first release (its full-text triggers and
    /// all) is upgraded in place, and imports keep its full-text index sound.
    #[test]
    fn a_first_release_library_upgrades_and_stays_sound() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("v1.db");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(schema::MIGRATIONS[0])
                .expect("v1 schema");
            conn.execute_batch(&format!(
                "PRAGMA user_version = 1; PRAGMA application_id = {};
                 INSERT INTO articles (id, source, title, hash, added) VALUES (7, 'old.txt', 'Old news', 1, 0);
                 INSERT INTO article_text (id, title, body) VALUES (7, 'Old news', 'The harbour froze on Große Straße.');",
                schema::APPLICATION_ID
            ))
            .expect("v1 rows");
        }
        let mut lib =
            Library::open_with(&path, Seeding::NoSeed, DEFAULT_BUSY_TIMEOUT).expect("open");
        assert_eq!(
            lib.pragma_i64("user_version").expect("version"),
            schema::MIGRATIONS.len() as i64
        );
        assert_eq!(
            found(&lib, "harbour"),
            1,
            "text indexed by the old triggers"
        );
        // Indexed again, folded: found as a query folds it.
        assert_eq!(found(&lib, "strasse"), 1);
        assert_eq!(found(&lib, "Straße"), 1);
        let first = processed("a.txt", "Budget day", "The chancellor spoke about tariffs.");
        lib.import(std::slice::from_ref(&first)).expect("import");
        let mut edited = first;
        edited.article.paragraphs = vec!["The chancellor spoke about pensions.".into()];
        assert_eq!(lib.import(&[edited]).expect("reimport").updated, 1);
        assert_eq!(found(&lib, "pensions"), 1);
        assert_eq!(found(&lib, "tariffs"), 0, "the old text left the index");
        assert_eq!(found(&lib, "chancellor"), 1);
        assert!(lib.check().expect("check").is_empty());
        drop(lib);
        let lib = Library::open_with(&path, Seeding::NoSeed, DEFAULT_BUSY_TIMEOUT).expect("reopen");
        assert_eq!(lib.len(), 2);
        assert_eq!(found(&lib, "pensions"), 1);
    }

    /// A library made before feed entries were memberships keeps each
    /// feed's entries: they are found by `feed:`, counted per feed, and a
    /// fetch of the same entries stores nothing new.
    #[test]
    fn a_library_with_feed_articles_upgrades_to_memberships() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("v2.db");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(schema::MIGRATIONS[0])
                .expect("v1 schema");
            conn.execute_batch(&format!(
                "PRAGMA user_version = 2; PRAGMA application_id = {};
                 INSERT INTO feeds (id, url, name) VALUES (1, 'https://a.example/rss', 'a.example');
                 INSERT INTO feeds (id, url, name) VALUES (2, 'https://b.example/rss', 'a.example');
                 INSERT INTO feeds (id, url, name) VALUES (3, 'http://www.c.example/rss', 'c.example');
                 INSERT INTO articles (id, source, guid, title, hash, added, feed_id, url)
                     VALUES (7, 'g1', 'g1', 'Old news', 1, 0, 1, 'https://a.example/1');
                 INSERT INTO article_text (id, title, body) VALUES (7, 'Old news', 'The harbour froze.');",
                schema::APPLICATION_ID
            ))
            .expect("v2 rows");
            conn.execute_batch(schema::MIGRATIONS[1])
                .expect("v2 schema");
        }
        let mut lib =
            Library::open_with(&path, Seeding::NoSeed, DEFAULT_BUSY_TIMEOUT).expect("open");
        assert_eq!(found(&lib, "feed:a.example harbour"), 1);
        let counts = lib.feed_counts().expect("counts");
        assert_eq!(counts.get(&1).map(|c| (c.total, c.unread)), Some((1, 1)));
        assert!(!counts.contains_key(&2));
        let mut again = processed("g1", "Old news", "The harbour froze.");
        again.article.url = Some("https://a.example/1".into());
        let item = crate::store::FeedItem {
            guid: Some("g1".into()),
            processed: again,
        };
        let counts = lib
            .import_feed_items(1, std::slice::from_ref(&item))
            .expect("import");
        assert_eq!(counts.new, 0, "the stored entry, not a new one");
        assert_eq!(lib.len(), 1);
        // The other feed's entry with the same guid but its own text and link.
        let mut other = item.clone();
        other.processed.article.url = Some("https://b.example/1".into());
        other.processed.article.paragraphs = vec!["The river flooded.".into()];
        assert_eq!(lib.import_feed_items(2, &[other]).expect("import").new, 1);
        assert_eq!(found(&lib, "harbour"), 1);
        assert_eq!(found(&lib, "river"), 1);
        assert!(lib.check().expect("check").is_empty());
        // Feeds named after their host take their title when next fetched;
        // one named otherwise keeps its name.
        for (id, named) in [(1, Some("A News")), (2, None), (3, Some("C News"))] {
            let title = if id == 1 { "A News" } else { "C News" };
            assert_eq!(
                lib.name_feed_from_title(id, title)
                    .expect("name")
                    .as_deref(),
                named
            );
        }
    }
}
