//! Storing processed articles: one transaction per batch, index updated
//! only after the commit, so memory never shows what disk does not hold.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;

use super::index::{ArticleMeta, DocExtra, Entity};
use super::{Library, StoreError, busy_or, now_secs, sql};
use crate::article::{Article, ArticleId, fnv1a};
use crate::entity::Kind;
use crate::extract::Entities;
use crate::extract::quotes::{self, SpeakerKind};
use crate::pipeline::Processed;
use crate::query::text::fold;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportCounts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
}

/// An article not stored, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    pub source: String,
    pub reason: String,
}

impl ImportCounts {
    pub fn add(&mut self, other: ImportCounts) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.skipped.extend(other.skipped);
    }

    /// Articles stored or found already stored.
    pub fn seen(&self) -> usize {
        self.new + self.updated + self.unchanged
    }
}

/// Where a stored article came from, when it came from a feed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FeedAttr<'a> {
    pub feed_id: i64,
    pub guid: Option<&'a str>,
    /// What the feed knows the entry by: its guid, else its link, else its
    /// source.
    pub key: &'a str,
    /// Where its text came from.
    pub text: super::EntryText,
}

/// What a feed entry is to the articles already stored.
enum FeedMatch {
    /// This feed's own entry under the same key, which this feed stored
    /// first: its text may be updated.
    Own(i64, i64),
    /// This feed's entry under the same key, stored first by another feed
    /// or a local file (its text stays), or deleted from the library.
    Kept,
    /// The same story stored by another feed or a local file (same link, or
    /// same text): this feed joins it as an entry.
    Joined(i64),
    /// Another entry of this feed with the same text.
    Duplicate(i64),
    New,
}

/// Finds what a feed entry is: first this feed's entry under its key; then
/// an article with the same link (for an entry with a guid, only one that
/// is not already another entry of this feed, so entries sharing a link
/// but carrying distinct guids stay distinct); then one with the same text.
fn feed_match(
    tx: &Transaction,
    f: FeedAttr,
    link: Option<&str>,
    hash: i64,
) -> rusqlite::Result<FeedMatch> {
    let own: Option<(i64, i64, Option<i64>)> = tx
        .prepare_cached(
            "SELECT a.id, a.hash, a.feed_id FROM feed_entries e JOIN articles a ON a.id = e.article
             WHERE e.feed = ?1 AND e.key = ?2",
        )?
        .query_row(params![f.feed_id, f.key], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let gone = tx
        .prepare_cached("SELECT 1 FROM feed_gone WHERE feed = ?1 AND key = ?2")?
        .exists(params![f.feed_id, f.key])?;
    if gone {
        return Ok(FeedMatch::Kept);
    }
    if let Some((id, old, origin)) = own {
        return Ok(if origin == Some(f.feed_id) {
            FeedMatch::Own(id, old)
        } else {
            FeedMatch::Kept
        });
    }
    if let Some(link) = link {
        let sql = if f.guid.is_some() {
            "SELECT id FROM articles WHERE url = ?1
             AND NOT EXISTS (SELECT 1 FROM feed_entries WHERE feed = ?2 AND article = articles.id)
             ORDER BY id LIMIT 1"
        } else {
            "SELECT id FROM articles WHERE url = ?1
             ORDER BY NOT EXISTS (SELECT 1 FROM feed_entries WHERE feed = ?2 AND article = articles.id), id
             LIMIT 1"
        };
        let found: Option<i64> = tx
            .prepare_cached(sql)?
            .query_row(params![link, f.feed_id], |r| r.get(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(FeedMatch::Joined(id));
        }
    }
    let dup: Option<(i64, bool)> = tx
        .prepare_cached(
            "SELECT id, EXISTS (SELECT 1 FROM feed_entries WHERE feed = ?2 AND article = articles.id)
             FROM articles WHERE hash = ?1 ORDER BY 2 DESC, id LIMIT 1",
        )?
        .query_row(params![hash, f.feed_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match dup {
        Some((id, true)) => FeedMatch::Duplicate(id),
        Some((id, false)) => FeedMatch::Joined(id),
        None => FeedMatch::New,
    })
}

/// A new feed entry's article id: a hash of the feed and the entry's key,
/// so no guid (another feed's, or a local file's path) can name an article
/// already stored; on the rare clash, the next free value.
fn free_entry_id(tx: &Transaction, f: FeedAttr) -> rusqlite::Result<i64> {
    let mut id = fnv1a(format!("gazette-feed:{}\n{}", f.feed_id, f.key).as_bytes()) as i64;
    let mut taken = tx.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
    while taken.exists([id])? {
        id = id.wrapping_add(1);
    }
    Ok(id)
}

/// An article made ready for storing: everything the writer would otherwise
/// compute that needs no connection (the joined body, the content hash, the
/// tags as JSON, entity keys, mentions merged per entity). Made on the
/// extraction workers in a bulk import, so the single writer thread only
/// binds and steps statements.
pub struct Prepared {
    /// The article without its paragraphs (they are in `body`).
    article: Article,
    /// Nothing left after cleaning: stored as a skip, not a row.
    empty: bool,
    body: String,
    hash: i64,
    tags: String,
    date: Option<i64>,
    mentions: Vec<Mention>,
    /// The article's quotations, their speakers keyed as `Kind::Speaker`
    /// mentions in `mentions`.
    quotes: Vec<QuoteRow>,
}

/// One quotation as the library stores it (see [`write_quotes`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuoteRow {
    pub text: String,
    /// The speaker's `Kind::Speaker` key, when the quote has one.
    pub speaker: Option<String>,
    pub organisation: bool,
    /// Byte offsets in the stored body.
    pub start: usize,
    pub end: usize,
}

impl QuoteRow {
    /// The quotes of an article's paragraphs, with the people extraction
    /// found in it, and one `Kind::Speaker` mention per speaker (its count
    /// the quotes it said).
    pub(crate) fn find(paragraphs: &[String], e: &Entities) -> (Vec<QuoteRow>, Vec<Mention>) {
        let mut rows = Vec::new();
        let mut speakers: Vec<Mention> = Vec::new();
        for q in quotes::find(paragraphs, &e.people) {
            let key = q
                .speaker
                .as_deref()
                .map(|s| Kind::Speaker.key(s))
                .filter(|k| !k.is_empty());
            if let (Some(key), Some(label)) = (&key, &q.speaker) {
                match speakers.iter_mut().find(|m| &m.key == key) {
                    Some(m) => m.weight += 1.0,
                    None => speakers.push(Mention {
                        kind: Kind::Speaker,
                        key: key.clone(),
                        label: label.clone(),
                        aliases: Vec::new(),
                        weight: 1.0,
                    }),
                }
            }
            rows.push(QuoteRow {
                text: q.text,
                speaker: key,
                organisation: q.speaker_kind == Some(SpeakerKind::Organisation),
                start: q.start,
                end: q.end,
            });
        }
        (rows, speakers)
    }
}

/// One entity an article mentions, merged over the extractor's hits.
pub(crate) struct Mention {
    kind: Kind,
    key: String,
    label: String,
    aliases: Vec<String>,
    weight: f32,
}

impl Prepared {
    /// Prepares a processed article, taking it apart.
    pub fn new(p: Processed) -> Self {
        Self::build(p.article, &p.entities)
    }

    pub(crate) fn from_ref(p: &Processed) -> Self {
        Self::build(p.article.clone(), &p.entities)
    }

    fn build(mut article: Article, e: &Entities) -> Self {
        let empty = article.title.trim().is_empty() && article.paragraphs.is_empty();
        let hash = article.content_hash() as i64;
        let body = article.body();
        let (quotes, speakers) = QuoteRow::find(&article.paragraphs, e);
        article.paragraphs = Vec::new();
        let tags = serde_json::to_string(&article.tags).unwrap_or_else(|_| "[]".into());
        let date = article.date.map(|d| d.timestamp());
        let people = e.people.iter().map(|x| Mention {
            kind: Kind::Person,
            key: person_key(&x.name),
            label: x.name.clone(),
            aliases: x.aliases.clone(),
            weight: x.mentions as f32,
        });
        let countries = e.countries.iter().map(|x| Mention {
            kind: Kind::Country,
            key: x.code.to_ascii_uppercase(),
            label: x.name.clone(),
            aliases: Vec::new(),
            weight: x.mentions as f32,
        });
        let issues = e.issues.iter().map(|x| Mention {
            kind: Kind::Issue,
            key: x.id.clone(),
            label: x.label.clone(),
            aliases: Vec::new(),
            weight: x.score,
        });
        let sections = e.sections.iter().map(|x| Mention {
            kind: Kind::Section,
            key: Kind::Section.key(&x.id),
            label: x.label.clone(),
            aliases: Vec::new(),
            weight: x.score,
        });
        // A leader's office and country (`role:`, `leader:`), each counted
        // with the person's mentions.
        let offices = e.people.iter().flat_map(|x| {
            let weight = x.mentions as f32;
            x.office
                .iter()
                .flat_map(|o| crate::extract::offices::entities(o))
                .map(move |(kind, key, label, aliases)| Mention {
                    kind,
                    key,
                    label,
                    aliases,
                    weight,
                })
        });
        // One mention per entity: counts add up, an issue or a section keeps
        // its best score.
        let mut mentions: Vec<Mention> = Vec::new();
        for m in people
            .chain(countries)
            .chain(issues)
            .chain(sections)
            .chain(offices)
            .chain(speakers)
        {
            if m.key.is_empty() {
                continue;
            }
            match mentions
                .iter_mut()
                .find(|x| x.kind == m.kind && x.key == m.key)
            {
                Some(x) => {
                    if scored(m.kind) {
                        x.weight = x.weight.max(m.weight);
                    } else {
                        x.weight += m.weight;
                    }
                    for a in m.aliases {
                        if a != m.label && !x.aliases.contains(&a) {
                            x.aliases.push(a);
                        }
                    }
                }
                None => mentions.push(m),
            }
        }
        Prepared {
            article,
            empty,
            body,
            hash,
            tags,
            date,
            mentions,
            quotes,
        }
    }
}

/// Whether a kind's mention weight is a score (0-1, the best one kept),
/// stored in `mentions.score`, rather than a count of mentions.
fn scored(kind: Kind) -> bool {
    matches!(kind, Kind::Issue | Kind::Section)
}

/// A full-text change, written after every other row of the batch. An FTS5
/// write followed, in the same transaction, by any statement that opens a
/// statement journal (one that fires a trigger, say) makes FTS5 flush its
/// pending terms to a new segment: one segment per article, whose merging
/// was most of an import's time.
struct FtsWrite {
    rowid: i64,
    /// The title and body indexed before, for an updated article.
    old: Option<(String, String)>,
    title: String,
    body: String,
}

/// An index change to apply once the transaction has committed.
pub(crate) enum Pending {
    Entity(Entity),
    Aliases(i64, Vec<String>),
    Doc(ArticleMeta, DocExtra, Vec<(i64, f32)>),
}

impl Library {
    /// Stores a batch of articles with their entities in one transaction.
    /// Same id and content = unchanged; same id, new content = updated
    /// (read and starred flags kept, mentions replaced).
    pub fn import(&mut self, batch: &[Processed]) -> Result<ImportCounts, StoreError> {
        self.store_batch(batch.iter().map(|p| (Prepared::from_ref(p), None)))
    }

    /// Imports any number of articles, [`super::DEFAULT_BATCH`] per transaction.
    pub fn import_all(
        &mut self,
        items: impl IntoIterator<Item = Processed>,
    ) -> Result<ImportCounts, StoreError> {
        let mut total = ImportCounts::default();
        let mut batch = Vec::with_capacity(super::DEFAULT_BATCH);
        for p in items {
            batch.push(p);
            if batch.len() == super::DEFAULT_BATCH {
                total.add(self.import(&batch)?);
                batch.clear();
            }
        }
        if !batch.is_empty() {
            total.add(self.import(&batch)?);
        }
        Ok(total)
    }

    /// Starts a large import: articles go in one at a time through
    /// [`BulkImport::push`] and are stored `batch` per transaction, with the
    /// connection tuned for writing much at once until the import ends.
    pub fn bulk(&mut self, batch: usize) -> Result<BulkImport<'_>, StoreError> {
        let batch = batch.max(1);
        self.conn
            .execute_batch(BULK_TUNING)
            .map_err(|e| self.err(e))?;
        Ok(BulkImport {
            lib: self,
            batch: Vec::with_capacity(batch),
            size: batch,
            counts: ImportCounts::default(),
            open: true,
        })
    }

    /// Applies a committed transaction's changes to the index.
    pub(crate) fn apply(&mut self, pending: Vec<Pending>) {
        self.text_cache.clear();
        for change in pending {
            match change {
                Pending::Entity(e) => {
                    self.index.add_entity(e);
                }
                Pending::Aliases(db, aliases) => {
                    if let Some(n) = self.index.entity_of(db) {
                        let e = &mut self.index.entities[n as usize];
                        e.aliases = aliases;
                        e.rebuild_names();
                    }
                }
                Pending::Doc(meta, extra, mentions) => self.index.upsert(meta, extra, &mentions),
            }
        }
    }

    pub(crate) fn store_batch<'a>(
        &mut self,
        items: impl Iterator<Item = (Prepared, Option<FeedAttr<'a>>)>,
    ) -> Result<ImportCounts, StoreError> {
        // Another process may have written since we loaded: match its ids.
        self.refresh()?;
        let path = self.path.clone();
        let timeout = self.busy_timeout;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| busy_or(&path, timeout, e))?;
        let mut counts = ImportCounts::default();
        let mut writes = Writes::default();
        for (p, feed) in items {
            if p.empty {
                counts.skipped.push(Skipped {
                    source: p.article.source,
                    reason: "no text left after cleaning".into(),
                });
                continue;
            }
            let outcome =
                store_one(&tx, &self.index, &mut writes, p, feed).map_err(|e| sql(&path, e))?;
            match outcome {
                Outcome::New => counts.new += 1,
                Outcome::Updated | Outcome::Rewritten => counts.updated += 1,
                Outcome::Unchanged => counts.unchanged += 1,
                Outcome::Skipped(source, reason) => counts.skipped.push(Skipped { source, reason }),
            }
        }
        let pending = writes.finish(&tx).map_err(|e| sql(&path, e))?;
        tx.commit().map_err(|e| busy_or(&path, timeout, e))?;
        self.apply(pending);
        // One person across the library: a step over the whole library
        // after each batch that stored something (see people.rs).
        if counts.new + counts.updated > 0 {
            self.resolve_people()?;
        }
        // Our own commit does not change data_version; others' do.
        Ok(counts)
    }
}

/// A large import in progress (see [`Library::bulk`]). Dropping it without
/// [`BulkImport::finish`] loses only the articles not yet stored.
pub struct BulkImport<'a> {
    lib: &'a mut Library,
    batch: Vec<Prepared>,
    size: usize,
    counts: ImportCounts,
    /// Whether the connection still has the bulk settings.
    open: bool,
}

impl BulkImport<'_> {
    /// Adds an article, storing the batch when it is full.
    pub fn push(&mut self, p: Processed) -> Result<(), StoreError> {
        self.push_prepared(Prepared::new(p))
    }

    /// Adds an article prepared elsewhere (see [`Prepared`]), storing the
    /// batch when it is full.
    pub fn push_prepared(&mut self, p: Prepared) -> Result<(), StoreError> {
        self.batch.push(p);
        if self.batch.len() >= self.size {
            self.flush()?;
        }
        Ok(())
    }

    /// What the import did so far (articles stored by full batches).
    pub fn counts(&self) -> &ImportCounts {
        &self.counts
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        if !self.batch.is_empty() {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(self.size));
            let counts = self.lib.store_batch(batch.into_iter().map(|p| (p, None)))?;
            self.counts.add(counts);
        }
        Ok(())
    }

    /// Stores what is left, saves the index copy when anything changed (so
    /// the next open is fast), restores the connection's settings and
    /// empties the write-ahead log. The copy is written with the import's
    /// settings, before the log is emptied: at 1M articles it is ~300 MB,
    /// which would otherwise stay in the log until the next checkpoint.
    pub fn finish(mut self) -> Result<ImportCounts, StoreError> {
        self.flush()?;
        let counts = std::mem::take(&mut self.counts);
        if counts.new + counts.updated > 0 {
            self.lib.save_snapshot()?;
        }
        self.restore()?;
        self.lib.shrink_wal();
        Ok(counts)
    }

    fn restore(&mut self) -> Result<(), StoreError> {
        if std::mem::replace(&mut self.open, false) {
            self.lib
                .conn
                .execute_batch(NORMAL_TUNING)
                .map_err(|e| self.lib.err(e))?;
        }
        Ok(())
    }
}

impl Drop for BulkImport<'_> {
    fn drop(&mut self) {
        let _ = self.restore();
    }
}

/// During a bulk import, the write-ahead log is copied into the database
/// every 50,000 pages (200 MiB) instead of every 1,000: a page rewritten by
/// several batches (full-text segments, B-tree interior pages) is copied
/// once, and there are few checkpoints, each ending in an fsync. (10,000
/// pages, measured back to back importing 20,000 articles into a 1M
/// library: 2.8 GB written against 1.6 GB; checkpoints were a fifth of the
/// import's CPU samples. The log is emptied when the import ends.) Every batch stays its own transaction, as
/// durable as any other write (WAL, `synchronous = NORMAL`). (FTS5 'hashsize' at 8 MiB
/// instead of 1 MiB was measured: more writer CPU, 4.0-4.1 s against 3.6 s
/// for 20,000 dev-fill articles, so it is left alone.)
///
/// The library is not memory-mapped during a bulk import: an import reads
/// pages all over the file (article ids are hashes, so rows land anywhere),
/// and every mapped page it touched counted in its resident memory, up to
/// the whole 1 GiB map (half of a 1M-article import's 1.96 GB peak). Pages
/// are read into SQLite's own cache (64 MiB) instead.
const BULK_TUNING: &str = "PRAGMA wal_autocheckpoint = 50000; PRAGMA mmap_size = 0;";

/// The connection's settings outside bulk imports (SQLite's default
/// checkpoints; the map [`super::Library`] opens with).
const NORMAL_TUNING: &str = "PRAGMA wal_autocheckpoint = 1000; PRAGMA mmap_size = 1073741824;";

/// Articles per transaction in a bulk import (`gazette import`, `dev-fill`):
/// fewer commits and fewer, larger full-text segments to merge than
/// [`super::DEFAULT_BATCH`]; a killed import loses at most this many.
pub const BULK_BATCH: usize = 2000;

fn write_fts(tx: &Transaction, writes: &[FtsWrite]) -> rusqlite::Result<()> {
    for w in writes {
        if let Some((title, body)) = &w.old {
            tx.prepare_cached(
                "INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)",
            )?
            .execute(params![w.rowid, fts_text(title), fts_text(body)])?;
        }
        tx.prepare_cached("INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?
            .execute(params![w.rowid, fts_text(&w.title), fts_text(&w.body)])?;
    }
    Ok(())
}

/// Text as the full-text index holds it: folded by [`fold`], so that every
/// Latin letter is indexed as a query spells it ("Straße" as "strasse",
/// "Łódź" as "lodz"), which FTS5's `unicode61` tokenizer alone does not do
/// for letters without a decomposition (ß, æ, œ, ø, ł, đ, þ, ı...). Plain
/// ASCII is passed as it is: the tokenizer lower-cases it the same way.
pub(crate) fn fts_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(fold(s))
    }
}

/// Fills the emptied full-text index from `article_text`, folded as
/// [`write_fts`] writes it: the code half of the migration that made the
/// index fold (see `schema::FOLDED_FTS`).
pub(crate) fn refill_fts(tx: &Transaction) -> rusqlite::Result<()> {
    let mut read = tx.prepare("SELECT id, title, body FROM article_text")?;
    let mut rows = read.query([])?;
    let mut insert =
        tx.prepare_cached("INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?;
    while let Some(r) = rows.next()? {
        let (id, title, body): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        insert.execute(params![id, fts_text(&title), fts_text(&body)])?;
    }
    Ok(())
}

/// What storing one article did.
pub(crate) enum Outcome {
    New,
    /// A stored article's text changed.
    Updated,
    /// A stored article, its text as it was, with what extraction gives
    /// written again (see `reextract.rs`).
    Rewritten,
    Unchanged,
    Skipped(String, String),
}

/// Where [`Writes::article`] puts an article.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Row<'a> {
    /// A new row with this id, an entry of `feed` when it came from one.
    New(i64, Option<FeedAttr<'a>>),
    /// The stored row `id`, whose text hashes to `hash`; `guid` (a feed's)
    /// replaces the row's own when given.
    Stored {
        id: i64,
        hash: i64,
        guid: Option<&'a str>,
        /// Where a feed's text came from, when a feed gives it.
        text: Option<super::EntryText>,
    },
}

/// The writes of one transaction: the entity rows found or made so far,
/// the full-text changes to write last (see [`FtsWrite`]), and the index
/// changes to apply once it has committed.
#[derive(Default)]
pub(crate) struct Writes {
    known: HashMap<(Kind, String), (i64, Vec<String>)>,
    pending: Vec<Pending>,
    fts: Vec<FtsWrite>,
    /// When this transaction's new articles were stored: one time for all
    /// of them, so that undated articles stored together (the seeds) sort
    /// by id, not by which second each happened to be written in.
    now: Option<i64>,
}

impl Writes {
    /// Writes one article at `row`: its text and metadata (unless a stored
    /// row already holds the same text), then everything extraction gave
    /// it (entities, mentions and their packed copy on the row). A stored
    /// row keeps its read and starred flags, when it was added, the feed
    /// that stored it and its feed memberships.
    ///
    /// The one write path of an article: an import and a re-extraction
    /// (`reextract.rs`) both come here, so whatever an import writes for an
    /// article, a library re-extracted after an upgrade gets too. What is
    /// derived from extraction and stored per article belongs here.
    pub(crate) fn article(
        &mut self,
        tx: &Transaction,
        index: &super::index::Index,
        row: Row,
        p: Prepared,
    ) -> rusqlite::Result<Outcome> {
        let Prepared {
            article: a,
            body,
            hash,
            tags,
            date,
            mentions: found,
            quotes,
            ..
        } = p;
        // Entities first: the article row carries a packed copy of its mentions.
        let mut mentions: Vec<(i64, f32)> = Vec::with_capacity(found.len());
        let mut kinds = Vec::with_capacity(found.len());
        let mut speakers: Vec<(String, i64)> = Vec::new();
        for m in found {
            let speaker = (m.kind == Kind::Speaker).then(|| m.key.clone());
            let entity = entity_id(
                tx,
                &mut self.known,
                &mut self.pending,
                m.kind,
                m.key,
                &m.label,
                &m.aliases,
            )?;
            if let Some(key) = speaker {
                speakers.push((key, entity));
            }
            mentions.push((entity, m.weight));
            kinds.push(m.kind);
        }
        let packed = pack(&mentions);

        let (row_id, outcome, read, starred, added, feed_id) = match row {
            Row::Stored {
                id: row_id,
                hash: old,
                guid,
                text,
            } => {
                let (read, starred, added, feed_id): (bool, bool, i64, Option<i64>) = tx
                    .prepare_cached(
                        "SELECT read, starred, added, feed_id FROM articles WHERE id = ?1",
                    )?
                    .query_row([row_id], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?;
                let outcome = if old == hash {
                    tx.prepare_cached("UPDATE articles SET entities = ?2 WHERE id = ?1")?
                        .execute(params![row_id, packed])?;
                    Outcome::Rewritten
                } else {
                    tx.prepare_cached(
                        "UPDATE articles SET source = ?2, title = ?3, date = ?4, author = ?5, url = ?6, tags = ?7,
                         hash = ?8, guid = coalesce(?9, guid), entities = ?10,
                         page_text = coalesce(?11, page_text) WHERE id = ?1",
                    )?
                    .execute(params![
                        row_id,
                        a.source,
                        a.title,
                        date,
                        a.author,
                        a.url,
                        tags,
                        hash,
                        guid,
                        packed,
                        text.map(|t| t.code())
                    ])?;
                    let old: (String, String) = tx
                        .prepare_cached("SELECT title, body FROM article_text WHERE id = ?1")?
                        .query_row([row_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    tx.prepare_cached(
                        "UPDATE article_text SET title = ?2, body = ?3 WHERE id = ?1",
                    )?
                    .execute(params![row_id, a.title, body])?;
                    self.fts.push(FtsWrite {
                        rowid: row_id,
                        old: Some(old),
                        title: a.title.clone(),
                        body,
                    });
                    Outcome::Updated
                };
                tx.prepare_cached("DELETE FROM mentions WHERE article = ?1")?
                    .execute([row_id])?;
                (row_id, outcome, read, starred, added, feed_id)
            }
            Row::New(row_id, feed) => {
                let added = *self.now.get_or_insert_with(now_secs);
                let feed_id = feed.map(|f| f.feed_id);
                tx.prepare_cached(
                    "INSERT INTO articles (id, source, guid, title, date, author, url, tags, hash, feed_id, added, entities, page_text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )?
                .execute(params![
                    row_id,
                    a.source,
                    feed.and_then(|f| f.guid),
                    a.title,
                    date,
                    a.author,
                    a.url,
                    tags,
                    hash,
                    feed_id,
                    added,
                    packed,
                    feed.map_or(0, |f| f.text.code())
                ])?;
                tx.prepare_cached(
                    "INSERT INTO article_text (id, title, body) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![row_id, a.title, body])?;
                if let Some(f) = feed {
                    tx.prepare_cached(
                        "INSERT OR IGNORE INTO feed_entries (feed, key, article) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![f.feed_id, f.key, row_id])?;
                }
                self.fts.push(FtsWrite {
                    rowid: row_id,
                    old: None,
                    title: a.title.clone(),
                    body,
                });
                (row_id, Outcome::New, false, false, added, feed_id)
            }
        };
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO mentions (article, entity, count, score) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (&(entity, weight), kind) in mentions.iter().zip(&kinds) {
                let (count, score) = if scored(*kind) {
                    (1, f64::from(weight))
                } else {
                    (weight as i64, 0.0)
                };
                insert.execute(params![row_id, entity, count, score])?;
            }
        }
        write_quotes(tx, row_id, &quotes, &speakers)?;

        let feed_name = feed_id
            .and_then(|f| index.feeds.get(&f))
            .map(|(name, _)| name.clone());
        let meta = ArticleMeta {
            id: ArticleId(row_id as u64),
            title: a.title,
            source: a.source,
            feed: feed_name,
            date: a.date,
            author: a.author,
            read,
            starred,
        };
        let extra = DocExtra {
            time: date.unwrap_or(added),
            feed_id,
            dated: date.is_some(),
            read,
            starred,
        };
        self.pending.push(Pending::Doc(meta, extra, mentions));
        Ok(outcome)
    }

    /// Writes the batch's full-text changes, after every other row (see
    /// [`FtsWrite`]), and hands back the index changes to apply once the
    /// transaction has committed.
    pub(crate) fn finish(mut self, tx: &Transaction) -> rusqlite::Result<Vec<Pending>> {
        // FTS5 flushes its pending terms to a new segment whenever a rowid
        // is lower than the last one written, and article ids are hashes: in
        // arrival order that flushed about every other article, and merging
        // those tiny segments was half the writer's time. In rowid order a
        // batch is one flush. The sort is stable, so two writes of one
        // article keep their order.
        self.fts.sort_by_key(|w| w.rowid);
        write_fts(tx, &self.fts)?;
        Ok(self.pending)
    }
}

/// Stores one imported article: finds the row it replaces, if any, and
/// writes it there or in a new row.
fn store_one(
    tx: &Transaction,
    index: &super::index::Index,
    writes: &mut Writes,
    p: Prepared,
    feed: Option<FeedAttr>,
) -> rusqlite::Result<Outcome> {
    let a = &p.article;
    // Find the article this one replaces. A local file is its path's id. A
    // feed entry is this feed's entry under its key, and nothing else: an
    // entry found by link or text only joins that article (see
    // [`feed_match`]), it never replaces its text.
    let existing: Option<(i64, i64)> = match feed {
        None => {
            let found: Option<(i64, i64, bool)> = tx
                .prepare_cached(
                    "SELECT id, hash, feed_id IS NOT NULL OR EXISTS (SELECT 1 FROM feed_entries WHERE article = id)
                     FROM articles WHERE id = ?1",
                )?
                .query_row([a.id.0 as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            if let Some((_, _, true)) = found {
                return Ok(Outcome::Skipped(
                    a.source.clone(),
                    format!("article {} is a feed entry", a.id),
                ));
            }
            found.map(|(id, hash, _)| (id, hash))
        }
        Some(f) => match feed_match(tx, f, a.url.as_deref(), p.hash)? {
            FeedMatch::Own(id, old) => Some((id, old)),
            FeedMatch::Kept => return Ok(Outcome::Unchanged),
            FeedMatch::Joined(id) => {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO feed_entries (feed, key, article) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![f.feed_id, f.key, id])?;
                return Ok(Outcome::Unchanged);
            }
            FeedMatch::Duplicate(id) => {
                return Ok(Outcome::Skipped(
                    a.source.clone(),
                    format!("same text as article {}", ArticleId(id as u64)),
                ));
            }
            FeedMatch::New => None,
        },
    };
    let row = match existing {
        Some((_, old)) if old == p.hash => return Ok(Outcome::Unchanged),
        Some((id, hash)) => Row::Stored {
            id,
            hash,
            guid: feed.and_then(|f| f.guid),
            text: feed.map(|f| f.text),
        },
        None => Row::New(
            match feed {
                Some(f) => free_entry_id(tx, f)?,
                None => a.id.0 as i64,
            },
            feed,
        ),
    };
    writes.article(tx, index, row, p)
}

/// Replaces the stored quotes of article `row_id` with `quotes`, each
/// speaker by its entity row id from `speakers` (key, id). Part of writing
/// an article's mentions: whatever stores or re-extracts an article calls it
/// with the same mentions' ids.
pub(crate) fn write_quotes(
    tx: &Transaction,
    row_id: i64,
    quotes: &[QuoteRow],
    speakers: &[(String, i64)],
) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM quotes WHERE article = ?1")?
        .execute([row_id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO quotes (article, seq, start, stop, speaker, body, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (seq, q) in quotes.iter().enumerate() {
        let speaker = q
            .speaker
            .as_ref()
            .and_then(|k| speakers.iter().find(|(key, _)| key == k))
            .map(|(_, id)| *id);
        insert.execute(params![
            row_id,
            seq as i64,
            q.start as i64,
            q.end as i64,
            speaker,
            q.organisation,
            q.text
        ])?;
    }
    Ok(())
}

/// Packs mentions as little-endian (entity id i64, weight f32) pairs.
pub(crate) fn pack(mentions: &[(i64, f32)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(mentions.len() * 12);
    for (id, w) in mentions {
        out.extend_from_slice(&id.to_le_bytes());
        out.extend_from_slice(&w.to_le_bytes());
    }
    out
}

/// Reads what [`pack`] wrote; a trailing partial pair is ignored.
pub(crate) fn unpack(bytes: &[u8]) -> impl Iterator<Item = (i64, f32)> + '_ {
    bytes.chunks_exact(12).map(|c| {
        let mut id = [0u8; 8];
        let mut w = [0u8; 4];
        id.copy_from_slice(&c[..8]);
        w.copy_from_slice(&c[8..]);
        (i64::from_le_bytes(id), f32::from_le_bytes(w))
    })
}

/// The key people are merged under: the folded name, spaces normalised.
pub(crate) fn person_key(name: &str) -> String {
    Kind::Person.key(name)
}

/// The entity's row id, creating the row or adding new aliases as needed.
fn entity_id(
    tx: &Transaction,
    known: &mut HashMap<(Kind, String), (i64, Vec<String>)>,
    pending: &mut Vec<Pending>,
    kind: Kind,
    key: String,
    label: &str,
    aliases: &[String],
) -> rusqlite::Result<i64> {
    let (id, list) = match known.entry((kind, key)) {
        Entry::Occupied(o) => o.into_mut(),
        Entry::Vacant(v) => {
            let key = &v.key().1;
            // The UNIQUE (kind, key) index makes this a point lookup; `known`
            // caches it for the rest of the batch.
            let found = tx
                .prepare_cached("SELECT id, aliases FROM entities WHERE kind = ?1 AND key = ?2")?
                .query_row(params![i64::from(kind.code()), key], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })
                .optional()?
                .map(|(id, a)| (id, serde_json::from_str(&a).unwrap_or_default()));
            let entry =
                match found {
                    Some(entry) => entry,
                    None => {
                        let mut list: Vec<String> = aliases
                            .iter()
                            .filter(|a| a.as_str() != label)
                            .cloned()
                            .collect();
                        list.sort();
                        list.dedup();
                        let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
                        tx.prepare_cached(
                        "INSERT INTO entities (kind, key, label, aliases) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![i64::from(kind.code()), key, label, json])?;
                        let id = tx.last_insert_rowid();
                        pending.push(Pending::Entity(Entity::new(
                            id,
                            kind,
                            key.clone(),
                            label.to_string(),
                            list.clone(),
                        )));
                        (id, list)
                    }
                };
            v.insert(entry)
        }
    };
    let fresh: Vec<&String> = aliases
        .iter()
        .filter(|a| a.as_str() != label && !list.contains(a))
        .collect();
    if !fresh.is_empty() {
        list.extend(fresh.into_iter().cloned());
        list.sort();
        list.dedup();
        let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
        tx.prepare_cached("UPDATE entities SET aliases = ?2 WHERE id = ?1")?
            .execute(params![*id, json])?;
        pending.push(Pending::Aliases(*id, list.clone()));
    }
    Ok(*id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::extract::Entities;

    fn processed(i: usize) -> Processed {
        Processed {
            article: Article::new(
                format!("bulk/{i}.txt"),
                format!("Story {i}"),
                vec![format!("The harbour story number {i}.")],
            ),
            entities: Entities::default(),
            removed: Vec::new(),
        }
    }

    /// An article naming one of a few people and countries, and a word
    /// every third article shares.
    fn with_entities(i: usize) -> Processed {
        let mut p = processed(i);
        if i.is_multiple_of(3) {
            p.article.paragraphs.push("A ceasefire was agreed.".into());
        }
        let name = ["Tony Blair", "Jacques Chirac", "Gordon Brown"][i % 3];
        p.entities.people.push(crate::extract::Person {
            name: name.into(),
            aliases: vec![],
            mentions: 1 + (i % 4) as u32,
            spans: vec![],
            office: None,
        });
        let (code, country) = [("IQ", "Iraq"), ("FR", "France")][i % 2];
        p.entities.countries.push(crate::extract::CountryMention {
            code: code.into(),
            name: country.into(),
            mentions: 1,
            spans: vec![],
        });
        p
    }

    /// What a library answers: every query's results and the facets of all.
    fn answers(lib: &Library) -> Vec<String> {
        let mut out = Vec::new();
        for q in [
            "",
            "person:blair country:iraq",
            "c:fr",
            "ceasefire",
            "p:brown -c:iq",
        ] {
            let ids = lib
                .search(&crate::query::parse(q).expect("query"))
                .expect("search");
            let mut sorted = ids.clone();
            sorted.sort();
            out.push(format!("{q}: {sorted:?}"));
        }
        let all = lib
            .search(&crate::query::parse("").expect("query"))
            .expect("search");
        out.push(format!("{:?}", lib.facets(&all)));
        out
    }

    /// Importing in several bulk imports, the library closed and opened
    /// between them, gives the library one import gives: the same answers,
    /// in memory and after opening again.
    #[test]
    fn a_library_imported_in_parts_answers_as_one_imported_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let open = |name: &str| {
            Library::open_with(
                &dir.path().join(name),
                super::super::Seeding::NoSeed,
                super::super::DEFAULT_BUSY_TIMEOUT,
            )
            .expect("open")
        };
        let mut whole = open("whole.db");
        let mut bulk = whole.bulk(7).expect("bulk");
        for i in 0..60 {
            bulk.push(with_entities(i)).expect("push");
        }
        bulk.finish().expect("finish");
        let expected = answers(&whole);
        assert!(!expected[1].ends_with("[]"), "blair in iraq found");

        for (from, to) in [(0, 25), (25, 26), (26, 60)] {
            let mut parts = open("parts.db");
            let mut bulk = parts.bulk(4).expect("bulk");
            for i in from..to {
                bulk.push(with_entities(i)).expect("push");
            }
            bulk.finish().expect("finish");
        }
        let parts = open("parts.db");
        assert_eq!(answers(&parts), expected);
        assert!(parts.check().expect("check").is_empty());
        drop(whole);
        assert_eq!(answers(&open("whole.db")), expected);
    }

    /// The settings a bulk import changes: checkpoint interval and map size.
    fn checkpoint_pages(lib: &Library) -> (i64, i64) {
        (
            lib.pragma_i64("wal_autocheckpoint").expect("pragma"),
            lib.pragma_i64("mmap_size").expect("pragma"),
        )
    }

    /// Articles are stored a batch at a time, the last partial batch by
    /// `finish`, and the connection is itself again afterwards.
    #[test]
    fn a_bulk_import_stores_every_article_and_restores_the_connection() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bulk.db");
        let mut lib = Library::open_with(
            &path,
            super::super::Seeding::NoSeed,
            super::super::DEFAULT_BUSY_TIMEOUT,
        )
        .expect("open");
        let before = checkpoint_pages(&lib);
        let mut bulk = lib.bulk(3).expect("bulk");
        assert_ne!(checkpoint_pages(bulk.lib), before, "tuned for the import");
        for i in 0..7 {
            bulk.push(processed(i)).expect("push");
        }
        assert_eq!(bulk.counts().new, 6, "two full batches stored so far");
        let counts = bulk.finish().expect("finish");
        assert_eq!((counts.new, counts.unchanged), (7, 0));
        assert_eq!(lib.len(), 7);
        assert_eq!(checkpoint_pages(&lib), before);
        let q = crate::query::parse("harbour").expect("query");
        assert_eq!(lib.search(&q).expect("search").len(), 7);
        assert!(lib.check().expect("check").is_empty());

        // Again: nothing new. An import abandoned half way (an error in the
        // caller) keeps the batches it stored and restores the connection.
        let mut bulk = lib.bulk(2).expect("bulk");
        for i in 0..5 {
            bulk.push(processed(i + 5)).expect("push");
        }
        drop(bulk);
        assert_eq!(
            lib.len(),
            9,
            "7 + articles 7 and 8 of the second full batch"
        );
        assert_eq!(checkpoint_pages(&lib), before);
        drop(lib);
        let lib = Library::open_with(
            &path,
            super::super::Seeding::NoSeed,
            super::super::DEFAULT_BUSY_TIMEOUT,
        )
        .expect("reopen");
        assert_eq!(lib.len(), 9);
    }
}
