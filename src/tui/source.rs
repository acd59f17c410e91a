//! What the interface needs from a library, and a small in-memory one.
//!
//! The TUI only ever talks to a [`Source`], so the real SQLite library and the
//! [`MemorySource`] used by tests, benchmarks and the seed fallback are
//! interchangeable. Filter terms the TUI builds itself (see [`term`]) are valid
//! in the library's richer filter language too.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use memchr::memmem;

use crate::article::{Article, ArticleId};
use crate::extract::Entities;
use crate::pipeline::Processed;

/// The cheap, in-memory facts the article list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    /// The file or feed the article came from, as shown to the user.
    pub source: String,
    pub date: Option<DateTime<Utc>>,
    pub url: Option<String>,
    pub read: bool,
    pub starred: bool,
}

/// The three kinds of entity the side panel lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Country,
    Issue,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Person, Kind::Country, Kind::Issue];

    pub fn heading(self) -> &'static str {
        match self {
            Kind::Person => "People",
            Kind::Country => "Countries",
            Kind::Issue => "Issues",
        }
    }

    /// The filter field for this kind.
    pub fn field(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Country => "country",
            Kind::Issue => "issue",
        }
    }
}

/// One entity with the filter term that selects it and a count: mentions in
/// one article, or matching articles when aggregated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub kind: Kind,
    pub label: String,
    /// What identifies the entity: a person's name, a country's ISO code, an
    /// issue's id (the map finds a country's coordinates by its code).
    pub key: String,
    /// A term of the filter language selecting articles with this entity.
    pub term: String,
    pub count: usize,
}

/// Entities aggregated over a set of articles, most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub people: Vec<Facet>,
    pub countries: Vec<Facet>,
    pub issues: Vec<Facet>,
}

impl Facets {
    /// The facets of one article, counted by mentions, in extraction's order.
    pub fn of_article(e: &Entities) -> Facets {
        Facets {
            people: e
                .people
                .iter()
                .map(|p| facet(Kind::Person, &p.name, &p.name, p.mentions as usize))
                .collect(),
            countries: e
                .countries
                .iter()
                .map(|c| facet(Kind::Country, &c.name, &c.code, c.mentions as usize))
                .collect(),
            issues: e
                .issues
                .iter()
                .map(|i| facet(Kind::Issue, &i.label, &i.id, i.spans.len().max(1)))
                .collect(),
        }
    }

    pub fn section(&self, kind: Kind) -> &[Facet] {
        match kind {
            Kind::Person => &self.people,
            Kind::Country => &self.countries,
            Kind::Issue => &self.issues,
        }
    }
}

fn facet(kind: Kind, label: &str, value: &str, count: usize) -> Facet {
    Facet {
        kind,
        label: label.to_string(),
        key: value.to_string(),
        term: term(kind, value),
        count,
    }
}

/// The filter term selecting `value` of `kind`: `person:"Donald Trump"`,
/// `country:FR`, `issue:nato`. Values with spaces or quotes are quoted.
pub fn term(kind: Kind, value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| !c.is_whitespace() && c != '"' && c != '\\' && c != '(' && c != ')');
    if plain {
        format!("{}:{value}", kind.field())
    } else {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        format!("{}:\"{escaped}\"", kind.field())
    }
}

/// A library as the interface sees it. Kept small so the SQLite store and
/// the in-memory test source both implement it directly.
pub trait Source {
    /// How many articles the library holds.
    fn total(&self) -> usize;
    /// Ids matching a filter, newest first; `Err` is a one-line message that
    /// names the column of the problem.
    fn search(&self, query: &str) -> Result<Vec<ArticleId>, String>;
    /// [`Source::search`] if it is quick (a few milliseconds); `None` when it
    /// may be slow and is better asked of a [`Source::searcher`]. A
    /// malformed query is quick: its error shows at once.
    fn search_now(&self, query: &str) -> Option<Result<Vec<ArticleId>, String>> {
        Some(self.search(query))
    }
    /// Opens, on the thread that calls it, a searcher over the same articles
    /// for a background worker; `None` when every search is quick.
    fn searcher(&self) -> Option<super::search::OpenSearcher> {
        None
    }
    /// Cheap list facts; called from render for visible rows only.
    fn meta(&self, id: ArticleId) -> Option<Meta>;
    /// The full article; may hit disk, so called from update only.
    fn article(&self, id: ArticleId) -> Option<Article>;
    fn entities(&self, id: ArticleId) -> Entities;
    /// Entities over `ids` with article counts, most frequent first.
    fn facets(&self, ids: &[ArticleId]) -> Facets;
    /// The date of each of `ids`, in order (`None` when undated or unknown).
    /// One call for a whole result set, so the timeline of a 100k library
    /// costs one pass over memory rather than a [`Meta`] per article.
    fn dates(&self, ids: &[ArticleId]) -> Vec<Option<DateTime<Utc>>>;
    /// Stores the flag; `Err` is a one-line reason it was not saved (a busy
    /// or read-only library), for the status line: a mark is never lost silently.
    fn set_read(&mut self, id: ArticleId, read: bool) -> Result<(), String>;
    fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<(), String>;
    /// Where a background worker can open the same library, if anywhere.
    fn location(&self) -> Option<std::path::PathBuf> {
        None
    }
    /// Takes in what another process or thread stored since opening.
    fn reload(&mut self) {}
}

struct Entry {
    processed: Processed,
    /// Title and body, lower-cased once for bare-word search.
    haystack: String,
    /// Lower-cased names, aliases, codes, ids and labels, by `Kind as usize`.
    keys: [Vec<String>; 3],
    read: bool,
    starred: bool,
}

/// A library held in memory, with a deliberately simple filter: terms
/// `person:`/`p:`, `country:`/`c:`, `issue:`/`i:` equal (ignoring case) to an
/// entity's name, alias, code, id or label; `-term` negates; bare words match
/// title or body as substrings. All terms must hold.
pub struct MemorySource {
    /// Newest first (undated last), so a search keeps this order.
    entries: Vec<Entry>,
    index: HashMap<ArticleId, usize>,
    /// (kind, lower-cased key) -> entries holding it, in order: an entity
    /// term then narrows to its articles without scanning every entry.
    postings: HashMap<(usize, String), Vec<usize>>,
    /// The last few searches with their entries, oldest first. Typing in the
    /// filter bar mostly lengthens the last word or adds a term, which can
    /// only narrow, so a search starts from an earlier one's results; and a
    /// backspace finds its query here. Results depend on nothing a `&mut`
    /// method changes, so nothing invalidates them.
    recent: RefCell<Vec<(Vec<Term>, Vec<usize>)>>,
}

/// How many searches [`MemorySource`] remembers.
const RECENT: usize = 8;

/// True when every article matching `new` also matches `old`: `new` has
/// `old`'s terms in order, each the same or a bare word containing the old
/// one, and possibly more terms after them (all terms must hold).
fn narrows(old: &[Term], new: &[Term]) -> bool {
    old.len() <= new.len()
        && old.iter().zip(new).all(|(o, n)| {
            o == n
                || (!o.negated
                    && !n.negated
                    && o.field.is_none()
                    && n.field.is_none()
                    && n.value.contains(&o.value))
        })
}

impl MemorySource {
    pub fn new(articles: Vec<Processed>) -> Self {
        let mut entries: Vec<Entry> = articles
            .into_iter()
            .map(|processed| {
                let a = &processed.article;
                let mut haystack = a.title.to_lowercase();
                for p in &a.paragraphs {
                    haystack.push('\n');
                    haystack.push_str(&p.to_lowercase());
                }
                let e = &processed.entities;
                let lower = |s: &String| s.to_lowercase();
                let keys = [
                    e.people
                        .iter()
                        .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
                        .map(lower)
                        .collect(),
                    e.countries
                        .iter()
                        .flat_map(|c| [&c.code, &c.name])
                        .map(lower)
                        .collect(),
                    e.issues
                        .iter()
                        .flat_map(|i| [&i.id, &i.label])
                        .map(lower)
                        .collect(),
                ];
                Entry {
                    processed,
                    haystack,
                    keys,
                    read: false,
                    starred: false,
                }
            })
            .collect();
        entries.sort_by(|a, b| {
            let (a, b) = (&a.processed.article, &b.processed.article);
            b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title))
        });
        let index = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.processed.article.id, i))
            .collect();
        let mut postings: HashMap<(usize, String), Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            for (kind, keys) in e.keys.iter().enumerate() {
                for k in keys {
                    let list = postings.entry((kind, k.clone())).or_default();
                    // Two keys of one entry (a name equal to an alias) list it once.
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        MemorySource {
            entries,
            index,
            postings,
            recent: RefCell::new(Vec::new()),
        }
    }

    fn entry(&self, id: ArticleId) -> Option<&Entry> {
        self.index.get(&id).map(|&i| &self.entries[i])
    }

    fn entry_mut(&mut self, id: ArticleId) -> Option<&mut Entry> {
        self.index.get(&id).map(|&i| &mut self.entries[i])
    }
}

impl Source for MemorySource {
    fn total(&self) -> usize {
        self.entries.len()
    }

    fn search(&self, query: &str) -> Result<Vec<ArticleId>, String> {
        let terms = parse(query)?;
        let ids = |found: &[usize]| {
            found
                .iter()
                .map(|&i| self.entries[i].processed.article.id)
                .collect()
        };
        let mut recent = self.recent.borrow_mut();
        if let Some(at) = recent.iter().position(|(t, _)| *t == terms) {
            let hit = recent.remove(at);
            let out = ids(&hit.1);
            recent.push(hit);
            return Ok(out);
        }
        let tests: Vec<(bool, Test)> = terms
            .iter()
            .map(|t| {
                let test = match t.field {
                    None => Test::Word(Box::new(memmem::Finder::new(t.value.as_bytes()))),
                    Some(kind) => Test::Key(kind as usize, &t.value),
                };
                (t.negated, test)
            })
            .collect();
        let keep = |&i: &usize| {
            let e = &self.entries[i];
            tests.iter().all(|(negated, t)| t.matches(e) != *negated)
        };
        // The shortest posting list of a required entity term, or the
        // results of a search this one narrows, bound the results.
        let postings = terms.iter().filter(|t| !t.negated).filter_map(|t| {
            let kind = t.field? as usize;
            Some(
                self.postings
                    .get(&(kind, t.value.clone()))
                    .map_or(&[][..], Vec::as_slice),
            )
        });
        let earlier = recent
            .iter()
            .filter(|(old, _)| narrows(old, &terms))
            .map(|(_, found)| found.as_slice());
        let found: Vec<usize> = match postings.chain(earlier).min_by_key(|list| list.len()) {
            Some(list) => list.iter().copied().filter(keep).collect(),
            None => (0..self.entries.len()).filter(keep).collect(),
        };
        drop(tests);
        let out = ids(&found);
        if recent.len() == RECENT {
            recent.remove(0);
        }
        recent.push((terms, found));
        Ok(out)
    }

    fn meta(&self, id: ArticleId) -> Option<Meta> {
        self.entry(id).map(|e| {
            let a = &e.processed.article;
            Meta {
                title: a.title.clone(),
                source: a.source.clone(),
                date: a.date,
                url: a.url.clone(),
                read: e.read,
                starred: e.starred,
            }
        })
    }

    fn article(&self, id: ArticleId) -> Option<Article> {
        self.entry(id).map(|e| e.processed.article.clone())
    }

    fn entities(&self, id: ArticleId) -> Entities {
        self.entry(id)
            .map(|e| e.processed.entities.clone())
            .unwrap_or_default()
    }

    fn facets(&self, ids: &[ArticleId]) -> Facets {
        // (kind, key) -> (label, articles); keys borrow from the entries.
        let mut counts: HashMap<(Kind, &str), (&str, usize)> = HashMap::new();
        for e in ids.iter().filter_map(|&id| self.entry(id)) {
            let ents = &e.processed.entities;
            for p in &ents.people {
                counts
                    .entry((Kind::Person, &p.name))
                    .or_insert((&p.name, 0))
                    .1 += 1;
            }
            for c in &ents.countries {
                counts
                    .entry((Kind::Country, &c.code))
                    .or_insert((&c.name, 0))
                    .1 += 1;
            }
            for i in &ents.issues {
                counts
                    .entry((Kind::Issue, &i.id))
                    .or_insert((&i.label, 0))
                    .1 += 1;
            }
        }
        let mut all: Vec<Facet> = counts
            .into_iter()
            .map(|((kind, key), (label, n))| facet(kind, label, key, n))
            .collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        let mut facets = Facets::default();
        for f in all {
            match f.kind {
                Kind::Person => facets.people.push(f),
                Kind::Country => facets.countries.push(f),
                Kind::Issue => facets.issues.push(f),
            }
        }
        facets
    }

    fn dates(&self, ids: &[ArticleId]) -> Vec<Option<DateTime<Utc>>> {
        ids.iter()
            .map(|&id| self.entry(id).and_then(|e| e.processed.article.date))
            .collect()
    }

    fn set_read(&mut self, id: ArticleId, read: bool) -> Result<(), String> {
        if let Some(e) = self.entry_mut(id) {
            e.read = read;
        }
        Ok(())
    }

    fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<(), String> {
        if let Some(e) = self.entry_mut(id) {
            e.starred = starred;
        }
        Ok(())
    }
}

/// One parsed filter term.
#[derive(Debug, Clone, PartialEq)]
struct Term {
    negated: bool,
    field: Option<Kind>,
    /// Lower-cased.
    value: String,
}

/// A term ready to run against many entries.
enum Test<'a> {
    Word(Box<memmem::Finder<'a>>),
    Key(usize, &'a str),
}

impl Test<'_> {
    fn matches(&self, e: &Entry) -> bool {
        match self {
            Test::Word(f) => f.find(e.haystack.as_bytes()).is_some(),
            Test::Key(kind, v) => e.keys[*kind].iter().any(|k| k == v),
        }
    }
}

/// Parses the simple filter language; errors name a 1-based column.
fn parse(query: &str) -> Result<Vec<Term>, String> {
    let mut terms = Vec::new();
    let mut chars = query.char_indices().peekable();
    let col = |byte: usize| query[..byte].chars().count() + 1;
    loop {
        while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        let negated = chars.next_if(|&(_, c)| c == '-').is_some();
        // A field name, if the word has a colon before any quote or space.
        let word_start = chars.peek().map_or(query.len(), |&(i, _)| i);
        let rest = &query[word_start..];
        let word_end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let mut field = None;
        if let Some(colon) = rest[..word_end].find(':') {
            let name = &rest[..colon];
            field = Some(match name.to_ascii_lowercase().as_str() {
                "person" | "p" => Kind::Person,
                "country" | "c" => Kind::Country,
                "issue" | "i" => Kind::Issue,
                _ => {
                    return Err(format!(
                        "column {}: unknown field {name:?} (use person:, country: or issue:)",
                        col(word_start)
                    ));
                }
            });
            for _ in 0..=rest[..colon].chars().count() {
                chars.next();
            }
        }
        let value_start = chars.peek().map_or(query.len(), |&(i, _)| i);
        let mut value = String::new();
        if chars.next_if(|&(_, c)| c == '"').is_some() {
            let mut closed = false;
            while let Some((_, c)) = chars.next() {
                match c {
                    '"' => {
                        closed = true;
                        break;
                    }
                    '\\' => {
                        if let Some((_, next)) = chars.next() {
                            value.push(next);
                        }
                    }
                    c => value.push(c),
                }
            }
            if !closed {
                return Err(format!("column {}: unclosed quote", col(value_start)));
            }
        } else {
            while let Some((_, c)) = chars.next_if(|&(_, c)| !c.is_whitespace()) {
                value.push(c);
            }
        }
        if value.is_empty() {
            let what = field.map_or("a word", |k| k.field());
            return Err(format!(
                "column {}: expected a value after {what:?}",
                col(start)
            ));
        }
        terms.push(Term {
            negated,
            field,
            value: value.to_lowercase(),
        });
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(negated: bool, field: Option<Kind>, value: &str) -> Term {
        Term {
            negated,
            field,
            value: value.into(),
        }
    }

    #[test]
    fn parses_fields_quotes_and_negation() {
        assert_eq!(
            parse(r#"p:"Donald Trump" -country:FR nato -war"#).unwrap(),
            vec![
                t(false, Some(Kind::Person), "donald trump"),
                t(true, Some(Kind::Country), "fr"),
                t(false, None, "nato"),
                t(true, None, "war"),
            ]
        );
        assert_eq!(parse("   ").unwrap(), vec![]);
        assert_eq!(
            parse(r#"p:"a \"b\"""#).unwrap(),
            vec![t(false, Some(Kind::Person), "a \"b\"")]
        );
    }

    #[test]
    fn errors_name_the_column() {
        assert_eq!(
            parse("nato wibble:x").unwrap_err(),
            "column 6: unknown field \"wibble\" (use person:, country: or issue:)"
        );
        assert!(
            parse("p:\"Keir")
                .unwrap_err()
                .starts_with("column 3: unclosed quote")
        );
        assert!(
            parse("war country:")
                .unwrap_err()
                .starts_with("column 5: expected a value")
        );
        assert!(parse("-").is_err());
    }

    #[test]
    fn remembered_searches_give_what_a_fresh_search_gives() {
        let typed = [
            "s",
            "st",
            "sta",
            "star",
            "starm",
            "starmer",
            "starme",
            "starmer w",
            "starmer wa",
            "starmer",
            "-st",
            "-s",
            "p:trump",
            "p:trump t",
            "p:trump tr",
            "p:trump",
            "",
            "w",
            "wh",
            "white house",
            "white",
            "xyzzy",
            "xyz",
        ];
        let remembering = MemorySource::new(crate::seeds::processed());
        for q in typed {
            let fresh = MemorySource::new(crate::seeds::processed());
            assert_eq!(remembering.search(q), fresh.search(q), "{q:?}");
        }
        assert!(!remembering.search("s").unwrap().is_empty());
        assert!(remembering.search("xyzzy").unwrap().is_empty());
    }

    #[test]
    fn built_terms_parse_back_to_their_value() {
        for value in [
            "Donald Trump",
            "FR",
            "a \"quoted\" name",
            r"back\slash",
            "nato",
        ] {
            let parsed = parse(&term(Kind::Person, value)).unwrap();
            assert_eq!(
                parsed,
                vec![t(false, Some(Kind::Person), &value.to_lowercase())]
            );
        }
        assert_eq!(term(Kind::Country, "FR"), "country:FR");
        assert_eq!(
            term(Kind::Person, "Donald Trump"),
            "person:\"Donald Trump\""
        );
    }
}
