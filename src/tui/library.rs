//! The SQLite library as the interface's [`Source`].
//!
//! The library keeps its index in memory, so searches, metadata and facets
//! never wait on disk; only [`Source::article`] and [`Source::entities`] read
//! a row, and the app calls them from `update`, not from `render`. Spans are
//! not stored, so an article's entities are extracted again when it is
//! opened — microseconds, and always in step with the highlighted text.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::article::{Article, ArticleId};
use crate::extract::{Entities, Extractor};
use crate::query;
use crate::store::{self, EntityKind, Library, Seeding};

use super::search::{Interrupt, OpenSearcher, Searcher};
use super::source::{Facet, Facets, Kind, Meta, Source, term};

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
}

impl LibrarySearcher {
    /// Takes in what the interface (read marks) or a fetch stored since the last search.
    fn refreshed(&mut self) -> Result<&Library, String> {
        self.lib.refresh().map_err(|e| e.to_string())?;
        Ok(&self.lib)
    }
}

impl Searcher for LibrarySearcher {
    fn preview(&mut self, text: &str) -> Option<Vec<ArticleId>> {
        let q = parse(text).ok()?;
        self.refreshed().ok()?.preview(&q, PREVIEW).ok().flatten()
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
        self.refreshed()?.search(&q).map_err(|e| e.to_string())
    }

    fn interrupter(&self) -> Interrupt {
        let handle = self.lib.interrupt_handle();
        Arc::new(move || handle.interrupt())
    }
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
        let path = self.location()?;
        Some(Box::new(move || {
            let lib = Library::open_with(&path, Seeding::NoSeed, SEARCHER_PATIENCE)
                .map_err(|e| e.to_string())?;
            // Orders the articles by date now rather than on the first
            // keystroke (about 15 ms at 100k articles).
            let _ = lib.search(&query::Query::All);
            Ok(Box::new(LibrarySearcher { lib }) as Box<dyn Searcher>)
        }))
    }

    fn meta(&self, id: ArticleId) -> Option<Meta> {
        let m = Library::meta(self, id)?;
        Some(Meta {
            title: m.title.clone(),
            source: m.feed.clone().unwrap_or_else(|| m.source.clone()),
            date: m.date,
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
            Ok(Some(article)) => Extractor::current().extract(&article),
            _ => self.entities_of(id),
        }
    }

    fn facets(&self, ids: &[ArticleId]) -> Facets {
        let f = Library::facets(self, ids);
        let convert = |list: &[store::Facet]| -> Vec<Facet> {
            list.iter()
                .map(|x| {
                    let kind = match x.kind {
                        EntityKind::Person => Kind::Person,
                        EntityKind::Country => Kind::Country,
                        EntityKind::Issue => Kind::Issue,
                    };
                    let value = if kind == Kind::Person {
                        &x.label
                    } else {
                        &x.key
                    };
                    Facet {
                        kind,
                        label: x.label.clone(),
                        key: value.clone(),
                        term: term(kind, value),
                        count: x.articles,
                    }
                })
                .collect()
        };
        Facets {
            people: convert(&f.people),
            countries: convert(&f.countries),
            issues: convert(&f.issues),
        }
    }

    fn dates(&self, ids: &[ArticleId]) -> Vec<Option<DateTime<Utc>>> {
        ids.iter()
            .map(|&id| Library::meta(self, id).and_then(|m| m.date))
            .collect()
    }

    fn set_read(&mut self, id: ArticleId, read: bool) -> Result<(), String> {
        // Reading marks articles read: on a read-only library (the reader
        // said so once) the marks last for the session, without an error
        // on every article opened.
        if self.is_read_only() {
            self.set_read_unsaved(id, read);
            return Ok(());
        }
        Library::set_read(self, id, read).map_err(|e| e.to_string())
    }

    fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<(), String> {
        Library::set_starred(self, id, starred).map_err(|e| e.to_string())
    }

    fn location(&self) -> Option<std::path::PathBuf> {
        Some(self.path().to_path_buf()).filter(|p| p.as_os_str() != ":memory:")
    }

    fn reload(&mut self) {
        let _ = self.refresh();
    }
}
