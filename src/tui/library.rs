//! The SQLite library as the interface's [`Source`].
//!
//! The library keeps its index in memory, so searches, metadata and facets
//! never wait on disk; only [`Source::article`] and [`Source::entities`] read
//! a row, and the app calls them from `update`, not from `render`. Spans are
//! not stored, so an article's entities are extracted again when it is
//! opened — microseconds, and always in step with the highlighted text.

use chrono::{DateTime, Utc};

use crate::article::{Article, ArticleId};
use crate::extract::{Entities, Extractor};
use crate::query;
use crate::store::{self, EntityKind, Library};

use super::source::{Facet, Facets, Kind, Meta, Source, term};

impl Source for Library {
    fn total(&self) -> usize {
        self.len()
    }

    fn search(&self, text: &str) -> Result<Vec<ArticleId>, String> {
        let q = query::parse(text).map_err(|e| format!("column {}: {e}", e.column))?;
        Library::search(self, &q).map_err(|e| e.to_string())
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
