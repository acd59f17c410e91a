//! The SQLite library as the interface's [`Source`].
//!
//! The library keeps its index in memory, so searches, metadata and facets
//! never wait on disk; only [`Source::article`] and [`Source::entities`] read
//! a row, and the app calls them from `update`, not from `render`. Spans are
//! not stored, so an article's entities are extracted again when it is
//! opened — microseconds, and always in step with the highlighted text.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::article::{Article, ArticleId};
use crate::entity::Facets;
use crate::extract::Entities;
use crate::query;
use crate::store::{Library, Seeding, Sort, Words};

use super::search::{Interrupt, OpenSearcher, Searcher};
use super::source::{Meta, Order, Source, order_by_meta};

/// How many results a preview shows before the full search answers: more
/// than a tall terminal's list.
const PREVIEW: usize = 200;

/// How long the searcher's connection waits for a writer (it only reads).
const SEARCHER_PATIENCE: Duration = Duration::from_secs(5);

fn parse(text: &str) -> Result<query::Query, String> {
    query::parse(text).map_err(|e| format!("column {}: {e}", e.column))
}

/// The library again, on its own connection, for the search worker: SQLite
/// (WAL) lets it read while the interface thread writes read marks.
struct LibrarySearcher {
    lib: Library,
    words: WordIndex,
}

/// The worker's word index (see `store::Words`): built on a thread of its
/// own, so searches go through FTS5 until it is ready, and again from the
/// moment the library changes under it until a new one is built.
enum WordIndex {
    Building(Receiver<Result<Words, String>>),
    Ready(Box<Words>),
    /// Not built (an in-memory library, or the build failed): FTS5 only.
    Off,
}

impl WordIndex {
    /// Starts building the index of `lib` as it is now.
    fn build(lib: &Library) -> WordIndex {
        let Some(job) = lib.words_job() else {
            return WordIndex::Off;
        };
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("words".into())
            .spawn(move || {
                lower_priority();
                let _ = tx.send(job.run().map_err(|e| e.to_string()));
            });
        match spawned {
            Ok(_) => WordIndex::Building(rx),
            Err(_) => WordIndex::Off,
        }
    }
}

/// Lets the interface thread go first on a busy machine while the index
/// builds (Linux sets a nice value per thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority on the calling thread's id only changes its nice
    // value; a failure leaves it as it was.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

impl LibrarySearcher {
    /// Takes in what the interface (read marks) or a fetch stored since the
    /// last search, and the word index if it is ready and still fits.
    fn refreshed(&mut self) -> Result<(&Library, Option<&Words>), String> {
        self.lib.refresh().map_err(|e| e.to_string())?;
        if let WordIndex::Building(rx) = &self.words {
            match rx.try_recv() {
                Ok(Ok(words)) => self.words = WordIndex::Ready(Box::new(words)),
                Err(TryRecvError::Empty) => {}
                Ok(Err(_)) | Err(TryRecvError::Disconnected) => self.words = WordIndex::Off,
            }
        }
        // An error (an interrupted read) leaves it to FTS5 this once.
        let mut fits = true;
        if let WordIndex::Ready(words) = &mut self.words {
            match self.lib.refit_words(words) {
                Ok(true) => {}
                // New or changed articles: their text must be read again.
                Ok(false) => self.words = WordIndex::build(&self.lib),
                Err(_) => fits = false,
            }
        }
        let words = match &self.words {
            WordIndex::Ready(words) if fits => Some(&**words),
            _ => None,
        };
        Ok((&self.lib, words))
    }
}

impl Searcher for LibrarySearcher {
    fn preview(&mut self, text: &str) -> Option<Vec<ArticleId>> {
        let q = parse(text).ok()?;
        let (lib, words) = self.refreshed().ok()?;
        lib.preview_using(&q, PREVIEW, words).ok().flatten()
    }

    fn search(&mut self, text: &str) -> Result<Vec<ArticleId>, String> {
        // Lets a test quit while a search runs.
        if let Some(ms) = std::env::var("GAZETTE_TEST_SEARCH_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            std::thread::sleep(Duration::from_millis(ms));
        }
        let q = parse(text)?;
        let (lib, words) = self.refreshed()?;
        lib.search_using(&q, words).map_err(|e| e.to_string())
    }

    fn interrupter(&self) -> Interrupt {
        let handle = self.lib.interrupt_handle();
        Arc::new(move || handle.interrupt())
    }
}

/// When a library's search worker builds its word index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordIndexAt {
    /// On a thread of its own once the worker is open (what the reader does).
    Background,
    /// Before the worker takes its first search (benches: the index ready).
    Open,
    /// Never: FTS5 answers every full-text term (benches: FTS5 alone).
    Never,
}

/// Opens the library at `path` for a [`super::SearchWorker`], with its
/// word index built as `words` says.
pub fn library_searcher(path: std::path::PathBuf, words: WordIndexAt) -> OpenSearcher {
    Box::new(move || {
        let lib = Library::open_with(&path, Seeding::NoSeed, SEARCHER_PATIENCE)
            .map_err(|e| e.to_string())?;
        // Orders the articles by date now rather than on the first
        // keystroke (about 15 ms at 100k articles).
        let _ = lib.search(&query::Query::All);
        let words = match words {
            WordIndexAt::Background => WordIndex::build(&lib),
            WordIndexAt::Open => match lib.build_words() {
                Ok(words) => WordIndex::Ready(Box::new(words)),
                Err(_) => WordIndex::Off,
            },
            WordIndexAt::Never => WordIndex::Off,
        };
        Ok(Box::new(LibrarySearcher { lib, words }) as Box<dyn Searcher>)
    })
}

impl Source for Library {
    fn total(&self) -> usize {
        self.len()
    }

    fn search(&self, text: &str) -> Result<Vec<ArticleId>, String> {
        Library::search(self, &parse(text)?).map_err(|e| e.to_string())
    }

    fn search_now(&self, text: &str) -> Option<Result<Vec<ArticleId>, String>> {
        match parse(text) {
            Ok(q) if self.needs_full_text(&q) => None,
            Ok(q) => Some(Library::search(self, &q).map_err(|e| e.to_string())),
            Err(e) => Some(Err(e)),
        }
    }

    fn searcher(&self) -> Option<OpenSearcher> {
        Some(library_searcher(self.location()?, WordIndexAt::Background))
    }

    fn meta(&self, id: ArticleId) -> Option<Meta> {
        let m = Library::meta(self, id)?;
        Some(Meta {
            title: m.title.clone(),
            source: m.feed.clone().unwrap_or_else(|| m.source.clone()),
            date: m.date,
            stored: if m.date.is_none() {
                self.sort_time(id)
            } else {
                None
            },
            url: None,
            read: m.read,
            starred: m.starred,
        })
    }

    fn article(&self, id: ArticleId) -> Option<Article> {
        Library::article(self, id).ok().flatten()
    }

    fn entities(&self, id: ArticleId) -> Entities {
        match Library::article(self, id) {
            Ok(Some(article)) => self.extractor().extract(&article),
            _ => self.entities_of(id),
        }
    }

    fn facets(&self, ids: &[ArticleId]) -> Facets {
        Library::facets(self, ids)
    }

    fn wanted_speakers(&self, query: &str) -> Option<Vec<String>> {
        Library::wanted_speakers(self, &parse(query).ok()?)
    }

    fn quotes(&self, id: ArticleId) -> Vec<crate::store::StoredQuote> {
        self.quotes_of(id).unwrap_or_default()
    }

    fn dates(&self, ids: &[ArticleId]) -> Vec<Option<DateTime<Utc>>> {
        ids.iter()
            .map(|&id| Library::meta(self, id).and_then(|m| m.date))
            .collect()
    }

    fn set_read(&mut self, id: ArticleId, read: bool) -> Result<(), String> {
        still_there(self.path())?;
        // Reading marks articles read: on a read-only library (the reader
        // said so once) the marks last for the session, without an error
        // on every article opened.
        if self.is_read_only() {
            self.set_read_unsaved(id, read);
            return Ok(());
        }
        Library::set_read(self, id, read).map_err(|e| e.to_string())
    }

    fn set_read_many(&mut self, ids: &[ArticleId], read: bool) -> Result<(), String> {
        if self.is_read_only() {
            for &id in ids {
                self.set_read_unsaved(id, read);
            }
            return Ok(());
        }
        Library::set_read_many(self, ids, read).map_err(|e| e.to_string())
    }

    fn order(&self, query: &str, ids: Vec<ArticleId>, order: Order) -> Vec<ArticleId> {
        if order != Order::Relevance {
            return order_by_meta(|id| Source::meta(self, id), ids, order);
        }
        // The same filter again, ranked; kept only if it found the same
        // articles (the library may have changed in between).
        let ranked = parse(query)
            .ok()
            .and_then(|q| Library::search_by(self, &q, Sort::Relevance).ok());
        match ranked {
            Some(ranked) if ranked.len() == ids.len() => ranked,
            _ => ids,
        }
    }

    fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<(), String> {
        still_there(self.path())?;
        Library::set_starred(self, id, starred).map_err(|e| e.to_string())
    }

    fn location(&self) -> Option<std::path::PathBuf> {
        Some(self.path().to_path_buf()).filter(|p| p.as_os_str() != ":memory:")
    }

    fn reload(&mut self) {
        let _ = self.refresh();
    }

    fn feeds(&self) -> Result<Vec<(crate::store::Feed, crate::store::FeedCounts)>, String> {
        let counts = self.feed_counts().map_err(|e| e.to_string())?;
        let feeds = Library::feeds(self).map_err(|e| e.to_string())?;
        Ok(feeds
            .into_iter()
            .map(|f| {
                let c = counts.get(&f.id).copied().unwrap_or_default();
                (f, c)
            })
            .collect())
    }
}

/// Fails when the library file at `path` was deleted or moved away while
/// the reader had it open: SQLite would write to the unlinked file, and
/// every change would be lost when the reader quits.
pub fn still_there(path: &std::path::Path) -> Result<(), String> {
    if path.as_os_str() == ":memory:" || path.exists() {
        return Ok(());
    }
    Err(format!(
        "the library {} was deleted or moved while the reader was open; nothing more is saved (quit and reopen it)",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::pipeline::Processed;

    /// Polls until the searcher's word index is ready.
    fn ready(searcher: &mut LibrarySearcher) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while searcher.refreshed().unwrap().1.is_none() {
            assert!(Instant::now() < deadline, "the word index was never built");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn article(source: &str, title: &str, body: &str) -> Processed {
        Processed {
            article: Article::new(
                source.to_string(),
                title.to_string(),
                vec![body.to_string()],
            ),
            entities: Default::default(),
            removed: vec![],
        }
    }

    #[test]
    fn the_word_index_answers_once_built_and_is_rebuilt_after_an_import() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let mut ui = Library::open(&path).unwrap();
        let lib = Library::open_with(&path, Seeding::NoSeed, SEARCHER_PATIENCE).unwrap();
        let words = WordIndex::build(&lib);
        let mut searcher = LibrarySearcher { lib, words };
        let direct = |ui: &Library, text: &str| ui.search(&parse(text).unwrap()).unwrap();
        ready(&mut searcher);
        for text in ["b", "s", "title:t", "tr -s"] {
            assert_eq!(
                searcher.search(text).unwrap(),
                direct(&ui, text),
                "{text:?}"
            );
            // Answered in full at once: no first page first.
            assert_eq!(searcher.preview(text), None, "{text:?}");
        }

        // Articles stored meanwhile (a fetch, an import) are found at once,
        // through FTS5 while the index is built again.
        ui.import(&[article("n/1.txt", "Zeppelins return", "Over Zürich.")])
            .unwrap();
        assert_eq!(searcher.search("zep").unwrap(), direct(&ui, "zep"));
        assert_eq!(direct(&ui, "zep").len(), 1);
        assert!(matches!(searcher.words, WordIndex::Building(_)));
        ready(&mut searcher);
        for text in ["zep", "zu", "b", "title:z"] {
            assert_eq!(
                searcher.search(text).unwrap(),
                direct(&ui, text),
                "{text:?}"
            );
        }

        // Read marks do not make it build again.
        ui.set_read(direct(&ui, "zep")[0], true).unwrap();
        assert_eq!(
            searcher.search("is:read z").unwrap(),
            direct(&ui, "is:read z")
        );
        assert!(matches!(searcher.words, WordIndex::Ready(_)));
    }
}
