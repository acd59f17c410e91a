//! Evaluating a [`Query`] over the index, and facet counts.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::Utc;

use super::index::Bits;
use super::{Library, StoreError, Words};
use crate::article::ArticleId;
use crate::entity::{Facet, Facets, Kind};
use crate::extract::Entities;
use crate::query::{Field, Flag, Query, Term, resolve, text};

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Sort {
    /// Newest first (undated articles by when they were added).
    #[default]
    Date,
    /// Best match first: full-text rank plus how often the wanted entities are mentioned.
    Relevance,
}

/// How many full-text matches [`TextCache`] keeps (12.5 KB each at 100k articles).
const CACHED: usize = 16;

/// Recent full-text matches by FTS5 expression, oldest first.
#[derive(Default)]
pub(crate) struct TextCache(RefCell<Vec<(String, Bits)>>);

impl TextCache {
    pub fn clear(&mut self) {
        self.0.get_mut().clear();
    }

    fn contains(&self, expr: &str) -> bool {
        self.0.borrow().iter().any(|(e, _)| e == expr)
    }

    fn get(&self, expr: &str) -> Option<Bits> {
        let mut list = self.0.borrow_mut();
        let at = list.iter().position(|(e, _)| e == expr)?;
        let hit = list.remove(at);
        let bits = hit.1.clone();
        list.push(hit);
        Some(bits)
    }

    fn put(&self, expr: String, bits: &Bits) {
        let mut list = self.0.borrow_mut();
        if list.len() == CACHED {
            list.remove(0);
        }
        list.push((expr, bits.clone()));
    }
}

impl Library {
    /// The ids of the matching articles, newest first.
    pub fn search(&self, q: &Query) -> Result<Vec<ArticleId>, StoreError> {
        self.search_by(q, Sort::Date)
    }

    /// Where the article stands in date order: its own date, or when the
    /// library stored it if it has none.
    pub fn sort_time(&self, id: ArticleId) -> Option<chrono::DateTime<Utc>> {
        let doc = self.index.doc_of(id)?;
        chrono::DateTime::from_timestamp(self.index.extras.get(doc as usize)?.time, 0)
    }

    /// Newest first, then by id: the order of [`Sort::Date`].
    fn by_date(&self, a: &u32, b: &u32) -> std::cmp::Ordering {
        let (extras, ids) = (&self.index.extras, &self.index.ids);
        extras[*b as usize]
            .time
            .cmp(&extras[*a as usize].time)
            .then_with(|| ids[*a as usize].cmp(&ids[*b as usize]))
    }

    /// The ids of the matching articles in the given order.
    pub fn search_by(&self, q: &Query, sort: Sort) -> Result<Vec<ArticleId>, StoreError> {
        self.search_in(q, sort, None)
    }

    /// As [`Library::search`], but single-word full-text terms (bare or
    /// `title:`) come from `words` when it fits the library as it is now
    /// (see [`Library::words_fit`]); otherwise, and for phrases, FTS5
    /// answers as usual. The results are the same either way.
    pub fn search_using(
        &self,
        q: &Query,
        words: Option<&Words>,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let words = words.filter(|w| self.words_fit(w));
        self.search_in(q, Sort::Date, words)
    }

    fn search_in(
        &self,
        q: &Query,
        sort: Sort,
        words: Option<&Words>,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let mut ranks = (sort == Sort::Relevance).then(HashMap::new);
        let bits = self.eval(q, &mut ranks, words)?;
        let mut docs: Vec<u32> = bits.iter().collect();
        let ids = &self.index.ids;
        let by_date = |a: &u32, b: &u32| self.by_date(a, b);
        match ranks {
            // Many results: walk the newest-first order once instead of sorting.
            None if docs.len() > self.index.len() / 64 => {
                docs = self
                    .index
                    .newest_first(by_date)
                    .iter()
                    .copied()
                    .filter(|&d| bits.contains(d))
                    .collect();
            }
            None => docs.sort_unstable_by(by_date),
            Some(mut ranks) => {
                self.add_entity_ranks(q, &docs, &mut ranks);
                let score = |d: &u32| ranks.get(d).copied().unwrap_or(0.0);
                docs.sort_unstable_by(|a, b| {
                    score(b).total_cmp(&score(a)).then_with(|| by_date(a, b))
                });
            }
        }
        Ok(docs.into_iter().map(|d| ids[d as usize]).collect())
    }

    /// True when `q` needs a full-text query that has not been answered
    /// recently: only then can [`Library::search`] take more than a few
    /// milliseconds at 100k articles (everything else is in memory).
    pub fn needs_full_text(&self, q: &Query) -> bool {
        let mut slow = false;
        text_terms(q, false, &mut |column, s, _| {
            slow |= fts_expr(column, s).is_some_and(|e| !self.text_cache.contains(&e));
        });
        slow
    }

    /// The first `want` results of `q` newest first, found by reading the
    /// newest articles' text instead of asking FTS5, or `None` when that is
    /// not worth it. A short word prefix ("s", "st") matches most of a
    /// library: FTS5 then merges the postings of thousands of terms (0.1 to
    /// 1 s at 100k articles) while the first page of matches lies among the
    /// newest few hundred articles. Only for a conjunction of terms with an
    /// uncached word prefix of at most [`SHORT`] letters; the scan stops
    /// after [`PREVIEW_BUDGET`] candidates, so the answer may be shorter than
    /// `want`, but it is always the start of the full results (up to the rare
    /// word FTS5's tokenizer splits differently).
    pub fn preview(&self, q: &Query, want: usize) -> Result<Option<Vec<ArticleId>>, StoreError> {
        self.preview_using(q, want, None)
    }

    /// As [`Library::preview`], but `None` as well when every short word
    /// prefix can come from `words` (then the full search is as quick).
    pub fn preview_using(
        &self,
        q: &Query,
        want: usize,
        words: Option<&Words>,
    ) -> Result<Option<Vec<ArticleId>>, StoreError> {
        let index = words.filter(|w| self.words_fit(w));
        let parts: Vec<&Query> = match q {
            Query::And(qs) => qs.iter().collect(),
            q => vec![q],
        };
        let mut tests = Vec::new();
        let mut others = Vec::new();
        let mut worth = false;
        for part in parts {
            let (negated, t) = match part {
                Query::Term(t) => (false, t),
                Query::Not(q) => match &**q {
                    Query::Term(t) => (true, t),
                    _ => return Ok(None),
                },
                _ => return Ok(None),
            };
            match t {
                Term::Text(s) | Term::Field(Field::Title, s) => {
                    let title_only = matches!(t, Term::Field(..));
                    let words = text::words(s);
                    let column = title_only.then_some("title");
                    let indexed = index.is_some_and(|w| w.single_token(&words.join(" ")).is_some());
                    worth |= !negated
                        && !indexed
                        && words.last().is_some_and(|w| w.chars().count() <= SHORT)
                        && fts_expr(column, s).is_some_and(|e| !self.text_cache.contains(&e));
                    tests.push(TextTest {
                        negated,
                        title_only,
                        words,
                    });
                }
                t => others.push((negated, t)),
            }
        }
        if !worth {
            return Ok(None);
        }
        let mut candidates = Bits::full(self.index.len());
        for (negated, t) in others {
            let mut bits = self.term(t, &mut None, None)?;
            if negated {
                bits.not();
            }
            candidates.and(&bits);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT title, body FROM article_text WHERE id = ?1")
            .map_err(|e| self.err(e))?;
        let mut found = Vec::new();
        let order = self.index.newest_first(|a, b| self.by_date(a, b));
        for &d in order
            .iter()
            .filter(|&&d| candidates.contains(d))
            .take(PREVIEW_BUDGET)
        {
            let id = self.index.ids[d as usize];
            // Checked in SQLite's buffer: no copy of the text.
            let hit = stmt
                .query_row([id.0 as i64], |r| {
                    let title = r.get_ref(0)?.as_str()?;
                    let body = r.get_ref(1)?.as_str()?;
                    Ok(tests.iter().all(|t| t.matches(title, body)))
                })
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(false),
                    e => Err(self.err(e)),
                })?;
            if hit {
                found.push(id);
                if found.len() == want {
                    break;
                }
            }
        }
        Ok(Some(found))
    }

    /// Lets another thread stop this library's running query, which then
    /// fails with an "interrupted" error: how a search the user has typed
    /// past is abandoned.
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// How many articles match, without ordering them.
    pub fn count(&self, q: &Query) -> Result<usize, StoreError> {
        Ok(self.eval(q, &mut None, None)?.count())
    }

    /// People, countries, issues and sections across `ids` with article counts, most
    /// frequent first (ties by label).
    pub fn facets(&self, ids: &[ArticleId]) -> Facets {
        let mut docs = Bits::empty(self.index.len());
        for &id in ids {
            if let Some(doc) = self.index.doc_of(id) {
                docs.insert(doc);
            }
        }
        // Walk each entity's postings against the set: sequential reads,
        // where walking each article's entities would jump around memory.
        let counts: Vec<usize> = self
            .index
            .postings
            .iter()
            .map(|list| list.iter().filter(|&&d| docs.contains(d)).count())
            .collect();
        let mut out = Facets::default();
        for (n, &c) in counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let e = &self.index.entities[n];
            out.push(Facet::new(e.kind, e.key.clone(), e.label.clone(), c));
        }
        for list in out.lists_mut() {
            list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        }
        out
    }

    fn eval(
        &self,
        q: &Query,
        ranks: &mut Option<HashMap<u32, f64>>,
        words: Option<&Words>,
    ) -> Result<Bits, StoreError> {
        let n = self.index.len();
        Ok(match q {
            Query::All => Bits::full(n),
            Query::Term(t) => self.term(t, ranks, words)?,
            Query::And(qs) => {
                let mut acc = Bits::full(n);
                for q in qs {
                    acc.and(&self.eval(q, ranks, words)?);
                }
                acc
            }
            Query::Or(qs) => {
                let mut acc = Bits::empty(n);
                for q in qs {
                    acc.or(&self.eval(q, ranks, words)?);
                }
                acc
            }
            Query::Not(q) => {
                let mut b = self.eval(q, &mut None, words)?;
                b.not();
                b
            }
        })
    }

    fn term(
        &self,
        t: &Term,
        ranks: &mut Option<HashMap<u32, f64>>,
        words: Option<&Words>,
    ) -> Result<Bits, StoreError> {
        let n = self.index.len();
        let now = Utc::now();
        let mut bits = Bits::empty(n);
        match t {
            Term::Text(s) => self.full_text(None, s, &mut bits, ranks, words)?,
            Term::Field(Field::Title, s) => {
                self.full_text(Some("title"), s, &mut bits, ranks, words)?
            }
            Term::Field(Field::Entity(_), _) | Term::Exact(Field::Entity(_), _) => {
                for e in self.matching_entities(t) {
                    self.index.postings[e as usize]
                        .iter()
                        .for_each(|&d| bits.insert(d));
                }
            }
            Term::Field(Field::Feed, s) | Term::Exact(Field::Feed, s) => {
                let exact = matches!(t, Term::Exact(..));
                let want = text::words(s);
                let feeds: Vec<i64> = self
                    .index
                    .feeds
                    .iter()
                    .filter(|(_, (name, url))| {
                        if exact {
                            // The feed's name, folded, or its address as written.
                            text::words(name) == want || url.as_str() == s.trim()
                        } else {
                            text::prefix_match(&text::words(name), &want)
                                || text::prefix_match(&text::words(url), &want)
                        }
                    })
                    .map(|(id, _)| *id)
                    .collect();
                for (d, x) in self.index.extras.iter().enumerate() {
                    if x.feed_id.is_some_and(|f| feeds.contains(&f)) {
                        bits.insert(d as u32);
                    }
                }
                self.feed_members(&feeds, &mut bits)?;
            }
            // The parser makes no other exact term.
            Term::Exact(Field::Title | Field::Author, _) => {}
            Term::Field(Field::Author, s) => {
                let want = text::words(s);
                for d in 0..n as u32 {
                    if self
                        .index
                        .author_of(d)
                        .is_some_and(|a| text::prefix_match(&text::words(&a), &want))
                    {
                        bits.insert(d);
                    }
                }
            }
            Term::Is(flag) => {
                for (d, x) in self.index.extras.iter().enumerate() {
                    let hit = match flag {
                        Flag::Read => x.read,
                        Flag::Unread => !x.read,
                        Flag::Starred => x.starred,
                    };
                    if hit {
                        bits.insert(d as u32);
                    }
                }
            }
            Term::Since(w) => {
                let from = w.start(now).timestamp();
                for (d, x) in self.index.extras.iter().enumerate() {
                    if x.time >= from {
                        bits.insert(d as u32);
                    }
                }
            }
            Term::Until(w) => {
                let to = w.end(now).timestamp();
                for (d, x) in self.index.extras.iter().enumerate() {
                    if x.time <= to {
                        bits.insert(d as u32);
                    }
                }
            }
        }
        Ok(bits)
    }

    /// The entities a field term names (see `matching_entities`).
    pub(crate) fn entities_named(&self, t: &Term) -> Vec<&super::index::Entity> {
        self.matching_entities(t)
            .into_iter()
            .filter_map(|n| self.index.entities.get(n as usize))
            .collect()
    }

    /// The entities a `person:`, `country:`, `issue:` or `section:` term names: for the
    /// exact form the one whose key is the value's key (a country also by a
    /// name the gazetteer resolves to its code), never a word prefix.
    fn matching_entities(&self, t: &Term) -> Vec<u32> {
        let (Term::Field(field, value) | Term::Exact(field, value)) = t else {
            return Vec::new();
        };
        let &Field::Entity(kind) = field else {
            return Vec::new();
        };
        let entities = &self.index.entities;
        let of_kind =
            || (0..entities.len() as u32).filter(move |&n| entities[n as usize].kind == kind);
        if let Term::Exact(..) = t {
            let mut keys = vec![kind.key(value)];
            if kind == Kind::Country {
                keys.extend(resolve::country_codes(value));
            }
            return of_kind()
                .filter(|&n| keys.contains(&entities[n as usize].key))
                .collect();
        }
        if kind == Kind::Country {
            let codes = resolve::country_codes(value);
            if !codes.is_empty() {
                return of_kind()
                    .filter(|&n| {
                        codes
                            .iter()
                            .any(|c| c.eq_ignore_ascii_case(&entities[n as usize].key))
                    })
                    .collect();
            }
        }
        let want = text::words(value);
        let exact: Vec<u32> = of_kind()
            .filter(|&n| {
                let e = &entities[n as usize];
                e.may_name(&want) && e.names().iter().any(|name| text::prefix_match(name, &want))
            })
            .collect();
        if !exact.is_empty() || !matches!(kind, Kind::Person | Kind::Speaker) {
            return exact;
        }
        // No prefix match: a spelling variant, but only where it is unambiguous.
        let loose: Vec<u32> = of_kind()
            .filter(|&n| {
                entities[n as usize]
                    .names()
                    .iter()
                    .any(|name| text::loose_match(name, &want))
            })
            .collect();
        if loose.len() == 1 { loose } else { Vec::new() }
    }

    /// Adds the articles that are entries of any of `feeds` (an article is
    /// an entry of every feed it came through, not only of the feed that
    /// stored it first).
    fn feed_members(&self, feeds: &[i64], bits: &mut Bits) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT article FROM feed_entries WHERE feed = ?1")
            .map_err(|e| self.err(e))?;
        for feed in feeds {
            let mut rows = stmt.query([feed]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let id = ArticleId(r.get::<_, i64>(0).map_err(|e| self.err(e))? as u64);
                if let Some(doc) = self.index.doc_of(id) {
                    bits.insert(doc);
                }
            }
        }
        Ok(())
    }

    /// Full-text words or a phrase, each word a prefix, through FTS5.
    fn full_text(
        &self,
        column: Option<&str>,
        s: &str,
        bits: &mut Bits,
        ranks: &mut Option<HashMap<u32, f64>>,
        words: Option<&Words>,
    ) -> Result<(), StoreError> {
        let Some(expr) = fts_expr(column, s) else {
            return Ok(());
        };
        // One token, FTS5's `"token"*`: every term starting with it. Not
        // when ranking, which needs FTS5's bm25.
        if ranks.is_none()
            && let Some(words) = words
            && let Some(token) = words.single_token(&text::words(s).join(" "))
        {
            words.prefix_docs(&token, column.is_some(), bits);
            return Ok(());
        }
        if ranks.is_none()
            && let Some(hit) = self.text_cache.get(&expr)
        {
            bits.or(&hit);
            return Ok(());
        }
        // bm25 costs time per row: only ask for it when ranking.
        let sql = if ranks.is_some() {
            "SELECT rowid, bm25(articles_fts) FROM articles_fts WHERE articles_fts MATCH ?1"
        } else {
            "SELECT rowid, 0.0 FROM articles_fts WHERE articles_fts MATCH ?1"
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let mut rows = stmt.query([&expr]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let id = ArticleId(r.get::<_, i64>(0).map_err(|e| self.err(e))? as u64);
            let Some(doc) = self.index.doc_of(id) else {
                continue;
            };
            bits.insert(doc);
            if let Some(ranks) = ranks.as_mut() {
                // bm25 is lower for better matches.
                let rank: f64 = r.get(1).map_err(|e| self.err(e))?;
                *ranks.entry(doc).or_insert(0.0) += -rank;
            }
        }
        if ranks.is_none() {
            self.text_cache.put(expr, bits);
        }
        Ok(())
    }

    /// Adds ln(1 + mentions) of every wanted entity to each document's rank.
    fn add_entity_ranks(&self, q: &Query, docs: &[u32], ranks: &mut HashMap<u32, f64>) {
        let mut terms = Vec::new();
        q.positive_terms(&mut terms);
        let mut wanted = vec![false; self.index.entities.len()];
        for t in &terms {
            for e in self.matching_entities(t) {
                wanted[e as usize] = true;
            }
        }
        for &d in docs {
            let extra: f64 = self
                .index
                .mentions_of(d)
                .filter(|p| wanted.get(p.entity as usize) == Some(&true))
                .map(|p| f64::from(p.weight).ln_1p())
                .sum();
            if extra > 0.0 {
                *ranks.entry(d).or_insert(0.0) += extra;
            }
        }
    }
}

/// Word prefixes up to this long are worth a [`Library::preview`].
const SHORT: usize = 4;

/// How many candidate articles a [`Library::preview`] reads at most (about
/// 4 KB each; a few milliseconds per thousand).
pub const PREVIEW_BUDGET: usize = 2000;

/// The FTS5 expression for words (a phrase, its last word a prefix), in one
/// column or all; `None` when `s` has no words (and matches nothing).
fn fts_expr(column: Option<&str>, s: &str) -> Option<String> {
    let words = text::words(s);
    if words.is_empty() {
        return None;
    }
    let phrase = format!("\"{}\"*", words.join(" "));
    Some(match column {
        Some(c) => format!("{c} : {phrase}"),
        None => phrase,
    })
}

/// Calls `f(column, words, negated)` for every full-text term of `q`.
fn text_terms(q: &Query, negated: bool, f: &mut impl FnMut(Option<&str>, &str, bool)) {
    match q {
        Query::All => {}
        Query::Term(Term::Text(s)) => f(None, s, negated),
        Query::Term(Term::Field(Field::Title, s)) => f(Some("title"), s, negated),
        Query::Term(_) => {}
        Query::And(qs) | Query::Or(qs) => qs.iter().for_each(|q| text_terms(q, negated, f)),
        Query::Not(q) => text_terms(q, !negated, f),
    }
}

/// A full-text term checked against an article's folded text the way FTS5
/// matches `"w1 w2 w3"*`: consecutive words, the last one a prefix.
struct TextTest {
    negated: bool,
    title_only: bool,
    words: Vec<String>,
}

impl TextTest {
    fn matches(&self, title: &str, body: &str) -> bool {
        let hit = phrase_prefix(title, &self.words)
            || (!self.title_only && phrase_prefix(body, &self.words));
        hit != self.negated
    }
}

/// True when the words of `hay` contain `needle`'s (folded) words in a
/// row, all equal but the last, which need only start a word.
fn phrase_prefix(hay: &str, needle: &[String]) -> bool {
    let Some((last, exact)) = needle.split_last() else {
        return false;
    };
    let words = hay
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    if exact.is_empty() {
        return words.into_iter().any(|w| word_starts(w, last));
    }
    let words: Vec<&str> = words.collect();
    words.windows(needle.len()).any(|w| {
        w[..exact.len()]
            .iter()
            .zip(exact)
            .all(|(h, n)| word_starts(h, n) && word_len(h) == n.len())
            && word_starts(w[exact.len()], last)
    })
}

/// True when `word`, folded, starts with the folded `prefix`; folds only
/// words that are not plain ASCII, which keeps a scan of thousands of
/// articles free of allocation.
fn word_starts(word: &str, prefix: &str) -> bool {
    if word.is_ascii() {
        word.len() >= prefix.len()
            && word.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    } else {
        text::fold(word).starts_with(prefix)
    }
}

/// The length of `word` folded.
fn word_len(word: &str) -> usize {
    if word.is_ascii() {
        word.len()
    } else {
        text::fold(word).len()
    }
}

/// The entities of one article as facets counted by mentions, in
/// extraction's order, keyed as the library keys them.
pub fn article_facets(e: &Entities) -> Facets {
    let people = e.people.iter().map(|p| {
        let key = super::import::person_key(&p.name);
        (Kind::Person, key, &p.name, p.mentions as usize)
    });
    let countries = e.countries.iter().map(|c| {
        let key = c.code.to_ascii_uppercase();
        (Kind::Country, key, &c.name, c.mentions as usize)
    });
    let issues = e.issues.iter().map(|i| {
        let mentions = i.spans.len().max(1);
        (Kind::Issue, i.id.clone(), &i.label, mentions)
    });
    let sections = e
        .sections
        .iter()
        .map(|s| (Kind::Section, Kind::Section.key(&s.id), &s.label, 1));
    let mut out = Facets::default();
    for (kind, key, label, count) in people.chain(countries).chain(issues).chain(sections) {
        out.push(Facet::new(kind, key, label.clone(), count));
    }
    add_offices(e, &mut out);
    out
}

/// A person's office on the article's date after the name ("Keir Starmer -
/// UK prime minister"), and the `role:` and `leader:` entities of leaders.
fn add_offices(e: &Entities, out: &mut Facets) {
    let mut extra: Vec<Facet> = Vec::new();
    for p in &e.people {
        let Some(office) = &p.office else { continue };
        for (kind, key, label, _) in crate::extract::offices::entities(office) {
            match extra.iter_mut().find(|f| f.kind == kind && f.key == key) {
                Some(f) => f.count += p.mentions as usize,
                None => extra.push(Facet::new(kind, key, label, p.mentions as usize)),
            }
        }
    }
    let mut people = out.take(Kind::Person);
    for (f, p) in people.iter_mut().zip(&e.people) {
        if let Some(office) = &p.office {
            f.label = format!("{} - {}", f.label, office.label());
        }
    }
    for f in people.into_iter().chain(extra) {
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::article::Article;
    use crate::pipeline::Processed;
    use crate::query::parse;

    const WORDS: [&str; 8] = [
        "starmer", "state", "strike", "summit", "Säo", "talks", "budget", "vote",
    ];

    /// Articles whose titles and bodies mix the words above, dated apart.
    fn library() -> Library {
        let epoch = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        let batch: Vec<Processed> = (0..60)
            .map(|i| {
                let w = |k: usize| WORDS[(i * 5 + k * 3) % WORDS.len()];
                let title = format!("{} and {} ({i})", w(0), w(1));
                let body = format!("Officials said the {} would follow the {}.", w(2), w(3));
                let mut article = Article::new(format!("t/{i}.txt"), title, vec![body]);
                article.date = Some(epoch + Duration::hours(i as i64 * 7 % 60));
                Processed {
                    article,
                    entities: Default::default(),
                    removed: vec![],
                }
            })
            .collect();
        let mut lib = Library::in_memory().unwrap();
        lib.import(&batch).unwrap();
        lib
    }

    #[test]
    fn an_articles_facets_name_its_entities_as_the_library_does() {
        use crate::extract::{CountryMention, IssueHit, Person};
        let entities = Entities {
            people: vec![Person {
                name: "Keir  Starmer".into(),
                aliases: vec![],
                mentions: 3,
                spans: vec![],
                office: None,
            }],
            countries: vec![CountryMention {
                code: "fr".into(),
                name: "France".into(),
                mentions: 2,
                spans: vec![],
            }],
            issues: vec![IssueHit {
                id: "nato".into(),
                label: "NATO".into(),
                score: 0.9,
                spans: vec![],
            }],
            sections: vec![],
        };
        let article = Article::new("a.txt", "Starmer in Paris", vec!["NATO talks.".into()]);
        let id = article.id;
        let mut lib = Library::in_memory().unwrap();
        lib.import(&[Processed {
            article,
            entities: entities.clone(),
            removed: vec![],
        }])
        .unwrap();
        let names = |f: &Facets| -> Vec<(Kind, String, String, String)> {
            f.iter()
                .map(|x| (x.kind, x.key.clone(), x.label.clone(), x.term.clone()))
                .collect()
        };
        let one = article_facets(&entities);
        assert_eq!(names(&one), names(&lib.facets(&[id])));
        assert_eq!(one.of(Kind::Person)[0].term, "person:=\"Keir  Starmer\"");
        assert_eq!(one.of(Kind::Country)[0].term, "country:=FR");
        assert_eq!(one.of(Kind::Issue)[0].term, "issue:=nato");
        // Each term selects its entity's article, by key.
        for f in one.iter() {
            assert_eq!(
                lib.count(&crate::query::parse(&f.term).unwrap()).unwrap(),
                1
            );
        }
        // Counted by mentions in the article, not by articles.
        let counts: Vec<usize> = one.iter().map(|x| x.count).collect();
        assert_eq!(counts, [3, 2, 1]);
    }

    #[test]
    fn a_preview_is_the_start_of_the_full_results() {
        for text in [
            "s",
            "st",
            "sta",
            "star",
            "t",
            "sao",
            "s -sta",
            "title:s",
            "s -title:st",
            "o",
            "talks s",
            "is:unread st",
        ] {
            // Fresh each time: an answered word is not previewed again.
            let lib = library();
            let q = parse(text).unwrap();
            let preview = lib.preview(&q, 7).unwrap();
            // Asked before the full search, which would cache the answer.
            let full = lib.search(&q).unwrap();
            let preview = preview.unwrap_or_else(|| panic!("no preview for {text:?}"));
            assert_eq!(preview, full[..7.min(full.len())], "{text:?}");
        }
    }

    #[test]
    fn no_preview_for_long_words_answered_words_or_alternatives() {
        let lib = library();
        for text in ["starmer", "summit", "s OR t", "-s", "(s t) OR vote", ""] {
            assert_eq!(
                lib.preview(&parse(text).unwrap(), 5).unwrap(),
                None,
                "{text:?}"
            );
        }
        let q = parse("st").unwrap();
        assert!(lib.needs_full_text(&q));
        lib.search(&q).unwrap();
        assert!(
            !lib.needs_full_text(&q),
            "a repeated search is answered from memory"
        );
        assert_eq!(lib.preview(&q, 5).unwrap(), None);
        assert!(!lib.needs_full_text(&parse("is:unread -is:starred").unwrap()));
        assert!(lib.needs_full_text(&parse("is:unread -vote").unwrap()));
    }

    /// Every letter of Latin-1 Supplement, Latin Extended-A and -B and Latin
    /// Extended Additional, in a word of its own article: found by the word
    /// as written, in the other case, and by its ASCII spelling, through
    /// FTS5, the word index and `title:` alike.
    #[test]
    fn every_latin_letter_is_found_as_a_query_folds_it() {
        let letters: Vec<char> = ('\u{c0}'..='\u{24f}')
            .chain('\u{1e00}'..='\u{1eff}')
            .filter(|c| c.is_alphabetic())
            .collect();
        let word = |c: char| format!("q{c}z");
        let batch: Vec<Processed> = letters
            .iter()
            .enumerate()
            .map(|(i, &c)| Processed {
                article: Article::new(
                    format!("l/{i}.txt"),
                    format!("Letter {}", word(c)),
                    vec![format!("The word {} is here.", word(c))],
                ),
                entities: Default::default(),
                removed: vec![],
            })
            .collect();
        let mut lib = Library::in_memory().unwrap();
        lib.import(&batch).unwrap();
        let words = lib.build_words().unwrap();
        let ids: Vec<ArticleId> = batch.iter().map(|p| p.article.id).collect();
        let mut ascii = 0;
        for (i, &c) in letters.iter().enumerate() {
            let folded = text::fold(&word(c));
            let mut queries = vec![
                word(c),
                c.to_uppercase()
                    .chain(c.to_lowercase())
                    .map(word)
                    .collect::<Vec<_>>()
                    .join(" OR "),
            ];
            if folded.is_ascii() {
                ascii += 1;
                queries.push(folded.clone());
            } else {
                assert!(
                    "ƻƼƽǀǁǂǃɁɂ".contains(c),
                    "{c} (U+{:04X}) folds to {folded:?}",
                    c as u32
                );
            }
            for q in &queries {
                for q in [q.clone(), format!("title:{q}")] {
                    let parsed = parse(&q).unwrap();
                    let by_fts = lib.search(&parsed).unwrap();
                    let by_words = lib.search_using(&parsed, Some(&words)).unwrap();
                    assert!(
                        by_fts.contains(&ids[i]),
                        "{c} (U+{:04X}): {q} through FTS5",
                        c as u32
                    );
                    assert!(
                        by_words.contains(&ids[i]),
                        "{c} (U+{:04X}): {q} through the word index",
                        c as u32
                    );
                }
            }
        }
        assert_eq!(letters.len(), 654, "letters tested");
        assert_eq!(ascii, 645, "letters with an ASCII spelling");
    }

    #[test]
    fn phrases_match_whole_words_then_a_prefix() {
        let words = |s: &str| text::words(s);
        assert!(phrase_prefix("sir keir starmer said", &words("keir sta")));
        assert!(!phrase_prefix("sir keirx starmer said", &words("keir sta")));
        assert!(!phrase_prefix("keir said starmer", &words("keir sta")));
        assert!(phrase_prefix("the u.s. said", &words("s")));
        assert!(!phrase_prefix("the us said", &words("x")));
        assert!(!phrase_prefix("anything", &[]));
        // The text as stored: any case, accents.
        assert!(phrase_prefix("Sir KEIR Stármer said", &words("keir sta")));
        assert!(phrase_prefix("Volodymyr Zélensky", &words("ZEL")));
        assert!(phrase_prefix("São Paulo", &words("sao paulo")));
        assert!(!phrase_prefix("São Paulo", &words("sa paulo")));
    }
}
