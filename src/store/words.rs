//! An in-memory word index for short word prefixes.
//!
//! FTS5 without a prefix index answers `"s"*` by merging the postings of
//! every term that starts with "s" (6,298 terms at 100k articles: 0.4 s).
//! [`Words`] holds the same vocabulary sorted, with each term's documents
//! laid out in term order, so the documents of every term with a prefix are
//! one contiguous slice: a prefix query is a binary search and a pass over
//! that slice into a bitset (about a millisecond for "s" at 100k articles).
//!
//! The terms are FTS5's own: [`Tokenizer`] splits and folds text (as the
//! full-text index holds it, see `import::fts_text`) the way
//! `unicode61 remove_diacritics 2` does (the table's tokenizer), and learns
//! how that tokenizer treats each non-ASCII character by asking it (see
//! [`Tokenizer::class`]), so Unicode-version differences between Rust and
//! the bundled SQLite cannot make the two disagree.
//!
//! An index describes one state of the library: the documents numbered as
//! the [`Library`] that asked for it numbers them, and the full-text index
//! as it was when read (FTS5's structure record, which every write to the
//! full-text index changes). [`Library::words_fit`] checks both; a library
//! that changed falls back to FTS5 until a new index is built.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use rustc_hash::FxHashMap;

use super::index::Bits;
use super::{Library, StoreError, sql};
use crate::article::ArticleId;

/// FTS5 keeps its structure record (segments, levels and a write counter)
/// at this rowid of its `_data` table.
const STRUCTURE_ROWID: i64 = 10;

/// How the table's tokenizer treats a non-ASCII character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Ends a token, or is skipped between tokens.
    Separator,
    /// A letter, digit or private-use character: starts or continues a
    /// token, folded to this character (or dropped, for `None`).
    Token(Option<char>),
    /// A combining diacritic: continues a token (folded or dropped) but
    /// never starts one.
    Mark(Option<char>),
}

/// FTS5's `unicode61 remove_diacritics 2` tokenizer, mirrored: tokens are
/// runs of letters (L*), digits (N*) and private-use characters (Co), with
/// combining diacritics inside a token kept with it; each character is
/// lower-cased and stripped of its diacritics one for one (so "ß" and "æ"
/// stay, where `query::text::fold` spells them "ss" and "ae"). ASCII letters
/// and digits are tokens, every other ASCII character separates. For the
/// rest the answer comes from FTS5 itself, once per character.
pub(crate) struct Tokenizer {
    classes: FxHashMap<char, Class>,
    /// An in-memory FTS5 table with the library's tokenizer, to ask.
    probe: Option<Connection>,
}

impl Tokenizer {
    fn new() -> Result<Tokenizer, rusqlite::Error> {
        let probe = Connection::open_in_memory()?;
        probe.execute_batch(
            "CREATE VIRTUAL TABLE probe USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE probe_terms USING fts5vocab('probe', 'instance');",
        )?;
        Ok(Tokenizer {
            classes: FxHashMap::default(),
            probe: Some(probe),
        })
    }

    /// The class of a non-ASCII character, asking FTS5 the first time.
    fn class(&mut self, c: char) -> Result<Class, rusqlite::Error> {
        if let Some(&class) = self.classes.get(&c) {
            return Ok(class);
        }
        let class = match &self.probe {
            Some(probe) => ask(probe, c)?,
            None => Class::Separator,
        };
        self.classes.insert(c, class);
        Ok(class)
    }

    /// The class of a character already met, without asking.
    fn known(&self, c: char) -> Option<Class> {
        if c.is_ascii() {
            return Some(if c.is_ascii_alphanumeric() {
                Class::Token(Some(c.to_ascii_lowercase()))
            } else {
                Class::Separator
            });
        }
        self.classes.get(&c).copied()
    }

    /// Calls `f` with each token of `text`, as FTS5 would index it.
    fn tokens(&mut self, text: &str, mut f: impl FnMut(&str)) -> Result<(), rusqlite::Error> {
        let bytes = text.as_bytes();
        let mut token = String::new();
        let mut inside = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let class = if b.is_ascii() {
                i += 1;
                if b.is_ascii_alphanumeric() {
                    // The common case, without decoding.
                    token.push(char::from(b.to_ascii_lowercase()));
                    inside = true;
                    continue;
                }
                Class::Separator
            } else {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                i += c.len_utf8();
                self.class(c)?
            };
            match class {
                Class::Token(fold) => {
                    inside = true;
                    if let Some(c) = fold {
                        token.push(c);
                    }
                }
                Class::Mark(fold) if inside => {
                    if let Some(c) = fold {
                        token.push(c);
                    }
                }
                Class::Mark(_) | Class::Separator => {
                    if inside && !token.is_empty() {
                        f(&token);
                    }
                    token.clear();
                    inside = false;
                }
            }
        }
        if inside && !token.is_empty() {
            f(&token);
        }
        Ok(())
    }

    /// The tokens of a query, or `None` when it has a character this
    /// tokenizer has not met (FTS5 then answers).
    fn query_tokens(&self, text: &str) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut token = String::new();
        let mut inside = false;
        for c in text.chars() {
            match self.known(c)? {
                Class::Token(fold) => {
                    inside = true;
                    token.extend(fold);
                }
                Class::Mark(fold) if inside => token.extend(fold),
                Class::Mark(_) | Class::Separator => {
                    if inside && !token.is_empty() {
                        out.push(std::mem::take(&mut token));
                    }
                    token.clear();
                    inside = false;
                }
            }
        }
        if inside && !token.is_empty() {
            out.push(token);
        }
        Some(out)
    }
}

/// Asks FTS5 how it tokenizes `c` alone and between two letters.
fn ask(probe: &Connection, c: char) -> Result<Class, rusqlite::Error> {
    probe.execute_batch("DELETE FROM probe")?;
    let mut insert = probe.prepare_cached("INSERT INTO probe (rowid, x) VALUES (?1, ?2)")?;
    insert.execute(rusqlite::params![1, c.to_string()])?;
    insert.execute(rusqlite::params![2, format!("a{c}b")])?;
    let mut terms = probe
        .prepare_cached("SELECT doc, term FROM probe_terms ORDER BY doc, offset")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let one_char = |s: &str| -> Option<char> {
        let mut it = s.chars();
        let c = it.next()?;
        it.next().is_none().then_some(c)
    };
    terms.sort();
    let alone: Vec<&str> = terms
        .iter()
        .filter(|(d, _)| *d == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    let between: Vec<&str> = terms
        .iter()
        .filter(|(d, _)| *d == 2)
        .map(|(_, t)| t.as_str())
        .collect();
    // Between two letters one token means the character continues a token.
    let inner = match between.as_slice() {
        [t] if t.len() >= 2 && t.starts_with('a') && t.ends_with('b') => {
            let middle = &t[1..t.len() - 1];
            Some(if middle.is_empty() {
                None
            } else {
                one_char(middle)
            })
        }
        _ => None,
    };
    Ok(match (alone.as_slice(), inner) {
        ([t], _) => Class::Token(one_char(t)),
        // Alone it makes no token, between two letters it joins them: a
        // combining mark.
        ([], Some(fold)) => Class::Mark(fold),
        _ => Class::Separator,
    })
}

/// The word index: the sorted vocabulary of the full-text index with, per
/// term, the documents it occurs in (title or body) and those whose title
/// has it.
pub struct Words {
    /// The terms, sorted bytewise (FTS5's order), one after another.
    terms: String,
    /// Where each term ends in `terms`.
    term_end: Vec<u32>,
    /// Documents of term `n`: `any[any_at[n]..any_at[n + 1]]`, in no
    /// particular order (they go into a bitset).
    any: Vec<u32>,
    any_at: Vec<u32>,
    /// The same for titles.
    title: Vec<u32>,
    title_at: Vec<u32>,
    /// The article id of each document number used here.
    ids: Vec<ArticleId>,
    /// FTS5's structure record when the text was read.
    fts: Vec<u8>,
    tokenizer: Tokenizer,
    built_in: Duration,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("terms", &self.term_end.len())
            .field("postings", &self.any.len())
            .field("title_postings", &self.title.len())
            .field("documents", &self.ids.len())
            .finish()
    }
}

/// What building a [`Words`] for a library needs, to do it on another
/// thread with its own connection.
#[derive(Debug, Clone)]
pub struct WordsJob {
    path: PathBuf,
    ids: Vec<ArticleId>,
}

impl WordsJob {
    /// Reads every article's text on a new read-only connection and builds
    /// the index: about 2 s of one core at 100k articles (85 MB of text).
    pub fn run(self) -> Result<Words, StoreError> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sql(&self.path, e))?;
        let _ = conn.busy_timeout(super::DEFAULT_BUSY_TIMEOUT);
        build(&conn, self.ids).map_err(|e| sql(&self.path, e))
    }
}

impl Library {
    /// What a background build of this library's word index needs; `None`
    /// for an in-memory library (build it with [`Library::build_words`]).
    pub fn words_job(&self) -> Option<WordsJob> {
        (self.path.as_os_str() != ":memory:").then(|| WordsJob {
            path: self.path.clone(),
            ids: self.index.ids.clone(),
        })
    }

    /// Builds the word index on this library's own connection.
    pub fn build_words(&self) -> Result<Words, StoreError> {
        build(&self.conn, self.index.ids.clone()).map_err(|e| self.err(e))
    }

    /// True when `words` describes this library as it is now: the same
    /// documents, numbered alike, and a full-text index unchanged since
    /// the text was read. Costs a comparison of the ids and one row read.
    pub fn words_fit(&self, words: &Words) -> bool {
        words.ids == self.index.ids && self.same_text(words)
    }

    /// Makes `words` fit this library when only the numbering of the
    /// documents differs (a reload after read marks may number them
    /// anew), which takes milliseconds; false when the text changed, and
    /// the index must be built again. An error (an interrupted read) tells
    /// neither.
    pub fn refit_words(&self, words: &mut Words) -> Result<bool, StoreError> {
        let same = structure(&self.conn).map_err(|e| self.err(e))?;
        if same.unwrap_or_default() != words.fts || words.ids.len() != self.index.len() {
            return Ok(false);
        }
        if words.ids == self.index.ids {
            return Ok(true);
        }
        let Some(map) = words
            .ids
            .iter()
            .map(|&id| self.index.doc_of(id))
            .collect::<Option<Vec<u32>>>()
        else {
            return Ok(false);
        };
        for d in words.any.iter_mut().chain(words.title.iter_mut()) {
            *d = map[*d as usize];
        }
        words.ids = self.index.ids.clone();
        Ok(true)
    }

    /// True when the full-text index is as it was when `words` read the text.
    fn same_text(&self, words: &Words) -> bool {
        // Never written: no record, as when the index was built.
        structure(&self.conn).is_ok_and(|s| s.unwrap_or_default() == words.fts)
    }
}

/// FTS5's structure record (absent for a full-text index never written).
fn structure(conn: &Connection) -> Result<Option<Vec<u8>>, rusqlite::Error> {
    conn.prepare_cached("SELECT block FROM articles_fts_data WHERE id = ?1")?
        .query_row([STRUCTURE_ROWID], |r| r.get(0))
        .optional()
}

/// Builds the index from `article_text`, numbering documents as `ids` does.
fn build(conn: &Connection, ids: Vec<ArticleId>) -> Result<Words, rusqlite::Error> {
    let start = Instant::now();
    let mut doc_of: FxHashMap<u64, u32> = FxHashMap::default();
    doc_of.reserve(ids.len());
    for (d, id) in ids.iter().enumerate() {
        doc_of.insert(id.0, d as u32);
    }
    let mut tokenizer = Tokenizer::new()?;
    let mut numbers: FxHashMap<Box<str>, u32> = FxHashMap::default();
    // Per article read, its document and where its (distinct) terms end in
    // `any_terms` and `title_terms`: 4 bytes a posting while reading, laid
    // out by term afterwards.
    let mut docs: Vec<u32> = Vec::with_capacity(ids.len());
    let (mut any_terms, mut any_end): (Vec<u32>, Vec<usize>) = (Vec::new(), Vec::new());
    let (mut title_terms, mut title_end): (Vec<u32>, Vec<usize>) = (Vec::new(), Vec::new());
    // Per term, the last document it was counted for (each is read whole).
    let mut last_any: Vec<u32> = Vec::new();
    let mut last_title: Vec<u32> = Vec::new();
    // The structure record and the text from one read transaction, so the
    // index is exactly what FTS5 had when the record was written.
    let in_tx = conn.is_autocommit();
    if in_tx {
        conn.execute_batch("BEGIN DEFERRED")?;
    }
    let read = (|| -> Result<Vec<u8>, rusqlite::Error> {
        let fts = structure(conn)?.unwrap_or_default();
        let mut stmt = conn.prepare("SELECT id, title, body FROM article_text")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(&doc) = doc_of.get(&(r.get::<_, i64>(0)? as u64)) else {
                continue;
            };
            for (column, in_title) in [(1, true), (2, false)] {
                let text = match r.get_ref(column)? {
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t),
                    _ => continue,
                };
                tokenizer.tokens(&super::import::fts_text(&text), |t| {
                    let n = match numbers.get(t) {
                        Some(&n) => n,
                        None => {
                            let n = numbers.len() as u32;
                            numbers.insert(t.into(), n);
                            last_any.push(u32::MAX);
                            last_title.push(u32::MAX);
                            n
                        }
                    };
                    if last_any[n as usize] != doc {
                        last_any[n as usize] = doc;
                        any_terms.push(n);
                    }
                    if in_title && last_title[n as usize] != doc {
                        last_title[n as usize] = doc;
                        title_terms.push(n);
                    }
                })?;
            }
            docs.push(doc);
            any_end.push(any_terms.len());
            title_end.push(title_terms.len());
        }
        Ok(fts)
    })();
    if in_tx {
        let _ = conn.execute_batch("COMMIT");
    }
    let fts = read?;
    drop((last_any, last_title, doc_of));
    let mut order: Vec<(Box<str>, u32)> = numbers.into_iter().collect();
    order.sort_unstable();
    // Term number -> place in the sorted vocabulary.
    let mut rank = vec![0u32; order.len()];
    let mut terms = String::new();
    let mut term_end = Vec::with_capacity(order.len());
    for (r, (term, n)) in order.iter().enumerate() {
        rank[*n as usize] = r as u32;
        terms.push_str(term);
        term_end.push(terms.len() as u32);
    }
    drop(order);
    let (any, any_at) = by_term(&rank, &docs, &any_terms, &any_end);
    drop(any_terms);
    let (title, title_at) = by_term(&rank, &docs, &title_terms, &title_end);
    let mut words = Words {
        terms,
        term_end,
        any,
        any_at,
        title,
        title_at,
        ids,
        fts,
        tokenizer,
        built_in: Duration::ZERO,
    };
    words.tokenizer.probe = None;
    words.built_in = start.elapsed();
    Ok(words)
}

impl Words {
    /// How long building took.
    pub fn built_in(&self) -> Duration {
        self.built_in
    }

    /// How many distinct terms.
    pub fn terms(&self) -> usize {
        self.term_end.len()
    }

    /// Bytes held (terms, postings, offsets, ids).
    pub fn heap_bytes(&self) -> usize {
        self.terms.len()
            + 4 * (self.term_end.len()
                + self.any.len()
                + self.any_at.len()
                + self.title.len()
                + self.title_at.len())
            + 8 * self.ids.len()
            + self.fts.len()
    }

    fn term(&self, n: usize) -> &str {
        let start = if n == 0 {
            0
        } else {
            self.term_end[n - 1] as usize
        };
        &self.terms[start..self.term_end[n] as usize]
    }

    /// The terms starting with `prefix`: a range of term numbers.
    fn range(&self, prefix: &str) -> std::ops::Range<usize> {
        let n = self.term_end.len();
        let lo = partition(n, |i| self.term(i) < prefix);
        let hi = lo + partition(n - lo, |i| self.term(lo + i).starts_with(prefix));
        lo..hi
    }

    /// The single token FTS5 makes of a full-text term's words, when it
    /// makes exactly one (a phrase goes to FTS5).
    pub(crate) fn single_token(&self, phrase: &str) -> Option<String> {
        let mut tokens = self.tokenizer.query_tokens(phrase)?;
        (tokens.len() == 1).then(|| tokens.pop()).flatten()
    }

    /// Adds the documents with a term starting with `prefix` (in the title
    /// only, if `title_only`) to `bits`.
    pub(crate) fn prefix_docs(&self, prefix: &str, title_only: bool, bits: &mut Bits) {
        let range = self.range(prefix);
        let (docs, at) = if title_only {
            (&self.title, &self.title_at)
        } else {
            (&self.any, &self.any_at)
        };
        let slice = &docs[at[range.start] as usize..at[range.end] as usize];
        for &d in slice {
            bits.insert(d);
        }
    }
}

/// Lays the documents of each term out in vocabulary order: from each
/// document's term numbers (`terms`, the document `docs[k]`'s ending at
/// `ends[k]`) to the flat postings and where each term's start.
fn by_term(rank: &[u32], docs: &[u32], terms: &[u32], ends: &[usize]) -> (Vec<u32>, Vec<u32>) {
    let mut at = vec![0u32; rank.len() + 1];
    for &n in terms {
        at[rank[n as usize] as usize + 1] += 1;
    }
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    let mut next: Vec<u32> = at[..rank.len()].to_vec();
    let mut flat = vec![0u32; terms.len()];
    let mut start = 0;
    for (&doc, &end) in docs.iter().zip(ends) {
        for &n in &terms[start..end] {
            let slot = &mut next[rank[n as usize] as usize];
            flat[*slot as usize] = doc;
            *slot += 1;
        }
        start = end;
    }
    (flat, at)
}

/// The number of leading `i` in `0..n` for which `pred` holds (which must
/// hold for a prefix of the range only).
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut t = Tokenizer::new().unwrap();
        let mut out = Vec::new();
        t.tokens(text, |w| out.push(w.to_string())).unwrap();
        out
    }

    #[test]
    fn tokens_are_fts5_tokens() {
        assert_eq!(
            tokens("Keir Starmer's U.K."),
            ["keir", "starmer", "s", "u", "k"]
        );
        assert_eq!(tokens("São Paulo, Zürich"), ["sao", "paulo", "zurich"]);
        // One character folds to one: no "ss" or "ae" as in query::text::fold.
        assert_eq!(tokens("Straße Æsir"), ["straße", "æsir"]);
        // A combining accent stays inside its word and is dropped.
        assert_eq!(tokens("Cafe\u{301} \u{301}x"), ["cafe", "x"]);
        assert_eq!(
            tokens("well-known 2024_10 東京"),
            ["well", "known", "2024", "10", "東京"]
        );
    }

    #[test]
    fn prefixes_are_ranges_of_the_sorted_vocabulary() {
        let mut w = Words {
            terms: String::new(),
            term_end: vec![],
            any: vec![],
            any_at: vec![0],
            title: vec![],
            title_at: vec![0],
            ids: vec![],
            fts: vec![],
            tokenizer: Tokenizer::new().unwrap(),
            built_in: Duration::ZERO,
        };
        for t in ["sa", "st", "sta", "star", "starmer", "t"] {
            w.terms.push_str(t);
            w.term_end.push(w.terms.len() as u32);
        }
        assert_eq!(w.range("st"), 1..5);
        assert_eq!(w.range("s"), 0..5);
        assert_eq!(w.range("starm"), 4..5);
        assert_eq!(w.range("x"), 6..6);
        assert_eq!(w.range("a"), 0..0);
    }
}
