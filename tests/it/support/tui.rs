//! Hand-made articles with hand-made entities in a real in-memory library,
//! for the TUI tests.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{Event, KeyEvent};
use gazette::entity::Facets;
use gazette::extract::{CountryMention, Entities, IssueHit, Person, Span};
use gazette::pipeline::Processed;
use gazette::store::Library;
use gazette::tui::{self, App, Key, Meta, OpenSearcher, Source, Theme};
use gazette::{Article, ArticleId};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Every span of `needle` in the article's units (0 = title, n = paragraph n-1).
fn spans(a: &Article, needle: &str) -> Vec<Span> {
    let units = std::iter::once(&a.title).chain(&a.paragraphs);
    units
        .enumerate()
        .flat_map(|(u, text)| {
            text.match_indices(needle)
                .map(move |(i, _)| Span::new(u, i, i + needle.len()))
        })
        .collect()
}

pub struct Fix<'a> {
    pub source: &'a str,
    pub title: &'a str,
    pub date: Option<(i32, u32, u32)>,
    pub url: Option<&'a str>,
    pub paragraphs: &'a [&'a str],
    pub people: &'a [&'a str],
    /// (code, name, surface form in the text)
    pub countries: &'a [(&'a str, &'a str, &'a str)],
    /// (id, label, phrase in the text)
    pub issues: &'a [(&'a str, &'a str, &'a str)],
}

pub fn build(f: &Fix) -> Processed {
    let mut a = Article::new(
        f.source,
        f.title,
        f.paragraphs.iter().map(|p| p.to_string()).collect(),
    );
    a.date = f
        .date
        .map(|(y, m, d)| Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap());
    a.url = f.url.map(String::from);
    a.author = Some("Staff reporter".into());
    let people = f
        .people
        .iter()
        .map(|name| {
            let s = spans(&a, name);
            Person {
                name: name.to_string(),
                aliases: vec![],
                mentions: s.len().max(1) as u32,
                spans: s,
                office: None,
            }
        })
        .collect();
    let countries = f
        .countries
        .iter()
        .map(|(code, name, surface)| {
            let s = spans(&a, surface);
            CountryMention {
                code: code.to_string(),
                name: name.to_string(),
                mentions: s.len().max(1) as u32,
                spans: s,
            }
        })
        .collect();
    let issues = f
        .issues
        .iter()
        .map(|(id, label, phrase)| IssueHit {
            id: id.to_string(),
            label: label.to_string(),
            score: 0.9,
            spans: spans(&a, phrase),
        })
        .collect();
    Processed {
        article: a,
        entities: Entities {
            people,
            countries,
            issues,
            ..Default::default()
        },
        removed: vec![],
    }
}

/// Five articles: three share the US, two share Joe Biden, one is CJK with an emoji.
pub fn articles() -> Vec<Processed> {
    [
        Fix {
            source: "news/starmer.txt",
            title: "Starmer heads to Washington for NATO summit",
            date: Some((2024, 7, 9)),
            url: Some("https://example.com/starmer"),
            paragraphs: &[
                "Sir Keir Starmer flies to the US this week for a NATO summit hosted by Joe Biden.",
                "Britain will pledge more support for Ukraine, officials said, as NATO marks 75 years.",
                "The prime minister is expected to meet Joe Biden on the sidelines.",
            ],
            people: &["Keir Starmer", "Joe Biden"],
            countries: &[("GB", "United Kingdom", "Britain"), ("US", "United States", "US"), ("UA", "Ukraine", "Ukraine")],
            issues: &[("nato", "NATO", "NATO")],
        },
        Fix {
            source: "news/rally.txt",
            title: "Trump rally in Pennsylvania",
            date: Some((2024, 7, 14)),
            url: Some("javascript:alert(1)"),
            paragraphs: &[
                "Donald Trump addressed supporters in the US state of Pennsylvania ahead of the election.",
                "Joe Biden called for calm after the rally.",
            ],
            people: &["Donald Trump", "Joe Biden"],
            countries: &[("US", "United States", "US")],
            issues: &[("elections", "Elections", "election")],
        },
        Fix {
            source: "news/macron.txt",
            title: "Macron calls snap election",
            date: Some((2024, 6, 10)),
            url: None,
            paragraphs: &["Emmanuel Macron dissolved parliament and called an election in France."],
            people: &["Emmanuel Macron"],
            countries: &[("FR", "France", "France")],
            issues: &[("elections", "Elections", "election")],
        },
        Fix {
            source: "news/tokyo.txt",
            title: "東京で会議 👉 Tokyo talks",
            date: Some((2024, 5, 1)),
            url: None,
            paragraphs: &["Fumio Kishida met US envoys in 東京 (Tokyo) 👉 trade was on the agenda."],
            people: &["Fumio Kishida"],
            countries: &[("JP", "Japan", "東京"), ("US", "United States", "US")],
            issues: &[("trade", "Trade", "trade")],
        },
        Fix {
            source: "news/weather.txt",
            title: "Weather notes",
            date: None,
            url: None,
            paragraphs: &["Rain is expected later in the week."],
            people: &[],
            countries: &[],
            issues: &[],
        },
    ]
    .iter()
    .map(build)
    .collect()
}

/// Two Michael Howard articles, Ron Howard (also called "Howard"), Howard
/// Flight, an article naming only "Howard"; issues `economy` and
/// `jobs-economy`, whose label has the word "economy" too.
pub fn howards() -> Vec<Processed> {
    let fix = |source,
               title,
               people: &'static [&'static str],
               issues: &'static [(&'static str, &'static str, &'static str)]| Fix {
        source,
        title,
        date: Some((2005, 3, 1)),
        url: None,
        paragraphs: &["Howard and the economy."],
        people,
        countries: &[],
        issues,
    };
    let economy: &'static [(&str, &str, &str)] = &[("economy", "Economy and inflation", "economy")];
    let jobs: &'static [(&str, &str, &str)] =
        &[("jobs-economy", "Jobs and the economy", "economy")];
    let mut out: Vec<Processed> = [
        fix("a.txt", "Tory leader on tax", &["Michael Howard"], economy),
        fix("b.txt", "Howard on schools", &["Michael Howard"], jobs),
        fix("c.txt", "Director's award", &["Ron Howard"], jobs),
        fix("d.txt", "Party treasurer", &["Howard Flight"], economy),
        fix("e.txt", "Mr Howard replies", &["Howard"], &[]),
    ]
    .iter()
    .map(build)
    .collect();
    out[2].entities.people[0].aliases = vec!["Howard".into()];
    out
}

/// An in-memory library holding `articles`, entities as given.
pub fn library(articles: &[Processed]) -> Library {
    let mut lib = Library::in_memory().unwrap();
    lib.import(articles).unwrap();
    lib
}

/// A library of hand-made articles that answers [`Source::entities`] with
/// the hand-made entities, spans included, where the library would run the
/// extractor on the text again. Everything else (searches through the real
/// filter language, facets, metadata, marks) is the library's own.
pub struct Fixture {
    lib: Library,
    entities: HashMap<ArticleId, Entities>,
}

/// [`Fixture`] holding `articles`, ready for [`App::new`].
pub fn source(articles: Vec<Processed>) -> Box<dyn Source> {
    let lib = library(&articles);
    let entities = articles
        .into_iter()
        .map(|p| (p.article.id, p.entities))
        .collect();
    Box::new(Fixture { lib, entities })
}

impl Source for Fixture {
    fn total(&self) -> usize {
        self.lib.total()
    }
    fn search(&self, query: &str) -> Result<Vec<ArticleId>, String> {
        Source::search(&self.lib, query)
    }
    fn search_now(&self, query: &str) -> Option<Result<Vec<ArticleId>, String>> {
        self.lib.search_now(query)
    }
    fn searcher(&self) -> Option<OpenSearcher> {
        self.lib.searcher()
    }
    fn meta(&self, id: ArticleId) -> Option<Meta> {
        Source::meta(&self.lib, id)
    }
    fn article(&self, id: ArticleId) -> Option<Article> {
        Source::article(&self.lib, id)
    }
    fn entities(&self, id: ArticleId) -> Entities {
        self.entities.get(&id).cloned().unwrap_or_default()
    }
    fn facets(&self, ids: &[ArticleId]) -> Facets {
        Source::facets(&self.lib, ids)
    }
    fn wanted_speakers(&self, query: &str) -> Option<Vec<String>> {
        self.lib
            .wanted_speakers(&gazette::query::parse(query).ok()?)
    }
    fn quotes(&self, id: ArticleId) -> Vec<gazette::store::StoredQuote> {
        Source::quotes(&self.lib, id)
    }
    fn dates(&self, ids: &[ArticleId]) -> Vec<Option<DateTime<Utc>>> {
        self.lib.dates(ids)
    }
    fn set_read(&mut self, id: ArticleId, read: bool) -> Result<(), String> {
        Source::set_read(&mut self.lib, id, read)
    }
    fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<(), String> {
        Source::set_starred(&mut self.lib, id, starred)
    }
    fn location(&self) -> Option<std::path::PathBuf> {
        self.lib.location()
    }
    fn reload(&mut self) {
        self.lib.reload()
    }
}

pub fn app(w: u16, h: u16) -> App {
    App::new(source(articles()), "", (w, h), Theme::dark())
}

/// Sends a key by its keymap name ("j", "enter", "shift-tab") through the
/// same translation the event loop uses.
pub fn press(app: &mut App, name: &str) {
    let key = Key::parse(name).unwrap();
    let ev = Event::Key(KeyEvent::new(key.code, key.mods));
    if let Some(action) = tui::action_for(app, &ev) {
        tui::update(app, action);
    }
}

/// Types text (into the filter bar, when open).
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, &c.to_string());
    }
}

pub fn draw(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| tui::render(app, f)).unwrap();
    t
}

/// The titles listed, in order.
pub fn titles(app: &App) -> Vec<String> {
    app.ids
        .iter()
        .map(|&id| app.source.meta(id).unwrap().title)
        .collect()
}

/// The screen as text, with today's date (the day an undated test article
/// was stored, shown in its place) as `YYYY-MM-DD`, so snapshots hold on
/// any day.
pub fn screen(app: &App) -> String {
    let today = Utc::now().format("%Y-%m-%d").to_string();
    format!("{}", draw(app).backend()).replace(&today, "YYYY-MM-DD")
}
