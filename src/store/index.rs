//! The in-memory index: per-article metadata and per-entity postings.
//!
//! Articles get dense document numbers (`u32`) in load order; each entity
//! keeps the sorted numbers of the articles that mention it. A query is then
//! set algebra over fixed-size bitsets, which at 100k articles is a few
//! thousand machine words per operation.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::article::ArticleId;
use crate::entity::Kind;
use crate::query::text;

/// What the list and the TUI show about an article, held in memory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleMeta {
    pub id: ArticleId,
    pub title: String,
    pub source: String,
    /// The name of the feed it came from, if any.
    pub feed: Option<String>,
    pub date: Option<DateTime<Utc>>,
    pub author: Option<String>,
    pub read: bool,
    pub starred: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub db_id: i64,
    pub kind: Kind,
    pub key: String,
    pub label: String,
    pub aliases: Vec<String>,
    /// Folded words of the key, label and each alias, for matching.
    /// Built on first use: most opens never match on most entities.
    names: OnceLock<Vec<Vec<String>>>,
}

impl Entity {
    pub fn new(db_id: i64, kind: Kind, key: String, label: String, aliases: Vec<String>) -> Self {
        Entity {
            db_id,
            kind,
            key,
            label,
            aliases,
            names: OnceLock::new(),
        }
    }

    /// Forgets the derived names after the label or aliases changed.
    pub fn rebuild_names(&mut self) {
        self.names = OnceLock::new();
    }

    /// A quick test, without allocating, that rules out most entities before
    /// [`Entity::names`] is built: false only when no ASCII name has a word
    /// starting with the first wanted word.
    pub fn may_name(&self, want: &[String]) -> bool {
        let Some(first) = want.first() else {
            return false;
        };
        std::iter::once(&self.label)
            .chain(std::iter::once(&self.key))
            .chain(&self.aliases)
            .any(|name| !name.is_ascii() || !first.is_ascii() || ascii_word_prefix(name, first))
    }

    /// The folded words of the label, the key and each alias.
    pub fn names(&self) -> &[Vec<String>] {
        self.names.get_or_init(|| {
            let mut names = vec![text::words(&self.label), text::words(&self.key)];
            names.extend(self.aliases.iter().map(|a| text::words(a)));
            names.sort();
            names.dedup();
            names
        })
    }
}

/// True when some word of `hay` (ASCII) starts with `prefix`, ignoring case.
fn ascii_word_prefix(hay: &str, prefix: &str) -> bool {
    let (h, p) = (hay.as_bytes(), prefix.as_bytes());
    (0..h.len()).any(|i| {
        (i == 0 || !h[i - 1].is_ascii_alphanumeric())
            && h[i].is_ascii_alphanumeric()
            && h.len() - i >= p.len()
            && h[i..i + p.len()].eq_ignore_ascii_case(p)
    })
}

/// Per-document data needed to filter and sort, in memory for every article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DocExtra {
    /// Unix seconds of the article's date, or of when it was added if undated.
    pub time: i64,
    pub feed_id: Option<i64>,
    /// Whether `time` is the article's own date.
    pub dated: bool,
    pub read: bool,
    pub starred: bool,
}

/// One mention: entity number and its count (people, countries) or score (issues).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Posting {
    pub entity: u32,
    pub weight: f32,
}

/// Article ids are already FNV hashes: hashing them again only costs time.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The index. Besides ids, dates and flags, what each document holds is
/// kept encoded in two byte buffers and decoded when asked for: opening a
/// library then costs a few large copies, not an allocation per string and
/// per mention (see snapshot.rs). A changed document's new record is
/// appended and its offset moved; the old record is left unused.
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub ids: Vec<ArticleId>,
    pub extras: Vec<DocExtra>,
    /// Title, source and author (empty for none) as length-prefixed strings.
    pub text: Vec<u8>,
    pub text_at: Vec<usize>,
    /// A count, then (entity number, weight) pairs, as varints and f32s.
    pub mentions: Vec<u8>,
    pub mentions_at: Vec<usize>,
    /// (id, document) sorted by id, for the documents loaded at open ...
    pub sorted_ids: Vec<(u64, u32)>,
    /// ... and the documents added since.
    added: HashMap<ArticleId, u32, BuildHasherDefault<IdHasher>>,
    pub entities: Vec<Entity>,
    /// Per entity, the sorted numbers of the documents that mention it
    /// (apart from `entities` so that building them stays in cache).
    pub postings: Vec<Vec<u32>>,
    /// All documents newest first, for ordering large results without a sort.
    by_time: OnceLock<Vec<u32>>,
    /// Entity row id -> entity number (`u32::MAX` for none); row ids are dense.
    entity_by_db: Vec<u32>,
    /// Feed id -> (name, url).
    pub feeds: HashMap<i64, (String, String)>,
}

impl Index {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn add_entity(&mut self, e: Entity) -> u32 {
        let n = self.entities.len() as u32;
        if let Ok(db) = usize::try_from(e.db_id) {
            if db >= self.entity_by_db.len() {
                self.entity_by_db.resize(db + 1, u32::MAX);
            }
            self.entity_by_db[db] = n;
        }
        self.entities.push(e);
        self.postings.push(Vec::new());
        n
    }

    /// The entity number of an entity row id.
    pub fn entity_of(&self, db: i64) -> Option<u32> {
        let n = *self.entity_by_db.get(usize::try_from(db).ok()?)?;
        (n != u32::MAX).then_some(n)
    }

    /// The document number of an article.
    pub fn doc_of(&self, id: ArticleId) -> Option<u32> {
        match self.sorted_ids.binary_search_by_key(&id.0, |&(i, _)| i) {
            Ok(at) => Some(self.sorted_ids[at].1),
            Err(_) => self.added.get(&id).copied(),
        }
    }

    /// Appends a document's records; the caller fills `ids` and `extras`.
    pub fn push_records(
        &mut self,
        title: &str,
        source: &str,
        author: Option<&str>,
        mentions: &[Posting],
    ) {
        self.text_at.push(self.text.len());
        encode_text(&mut self.text, title, source, author);
        self.mentions_at.push(self.mentions.len());
        encode_mentions(&mut self.mentions, mentions);
    }

    /// Sorts `sorted_ids` after documents were pushed without it.
    pub fn sort_ids(&mut self) {
        self.sorted_ids = self
            .ids
            .iter()
            .enumerate()
            .map(|(d, id)| (id.0, d as u32))
            .collect();
        self.sorted_ids.sort_unstable();
        self.added.clear();
    }

    /// Title, source and author of a document.
    pub fn text_of(&self, doc: u32) -> (Cow<'_, str>, Cow<'_, str>, Option<Cow<'_, str>>) {
        let mut r = self
            .text_at
            .get(doc as usize)
            .and_then(|&at| self.text.get(at..))
            .map_or(Reader(&[]), Reader);
        let mut field = || String::from_utf8_lossy(r.bytes().unwrap_or_default());
        let (title, source, author) = (field(), field(), field());
        (title, source, (!author.is_empty()).then_some(author))
    }

    /// The author of a document, if any, without allocating.
    pub fn author_of(&self, doc: u32) -> Option<Cow<'_, str>> {
        self.text_of(doc).2
    }

    /// What the list shows about a document.
    pub fn meta(&self, doc: u32) -> Option<ArticleMeta> {
        let id = *self.ids.get(doc as usize)?;
        let x = self.extras[doc as usize];
        let (title, source, author) = self.text_of(doc);
        Some(ArticleMeta {
            id,
            title: title.into_owned(),
            source: source.into_owned(),
            feed: x
                .feed_id
                .and_then(|f| self.feeds.get(&f))
                .map(|(name, _)| name.clone()),
            date: x
                .dated
                .then(|| DateTime::from_timestamp(x.time, 0))
                .flatten(),
            author: author.map(Cow::into_owned),
            read: x.read,
            starred: x.starred,
        })
    }

    /// A document's mentions. Entity numbers are not checked here: callers
    /// look entities up with `get`.
    pub fn mentions_of(&self, doc: u32) -> impl Iterator<Item = Posting> + '_ {
        let mut r = self
            .mentions_at
            .get(doc as usize)
            .and_then(|&at| self.mentions.get(at..))
            .map_or(Reader(&[]), Reader);
        let n = r.uint().unwrap_or(0);
        (0..n).map_while(move |_| {
            let entity = u32::try_from(r.uint()?).ok()?;
            let weight = f32::from_le_bytes(r.take(4)?.try_into().ok()?);
            Some(Posting { entity, weight })
        })
    }

    /// Every document, newest first by `order`; built on first use after a change.
    pub fn newest_first(&self, order: impl FnMut(&u32, &u32) -> std::cmp::Ordering) -> &[u32] {
        self.by_time.get_or_init(|| {
            let mut all: Vec<u32> = (0..self.len() as u32).collect();
            all.sort_unstable_by(order);
            all
        })
    }

    /// Adds or replaces a document with its mentions (`db` entity ids).
    pub fn upsert(&mut self, meta: ArticleMeta, extra: DocExtra, mentions: &[(i64, f32)]) {
        self.by_time = OnceLock::new();
        let doc = match self.doc_of(meta.id) {
            Some(doc) => {
                let old: Vec<Posting> = self.mentions_of(doc).collect();
                for p in old {
                    if let Some(postings) = self.postings.get_mut(p.entity as usize)
                        && let Ok(at) = postings.binary_search(&doc)
                    {
                        postings.remove(at);
                    }
                }
                self.extras[doc as usize] = extra;
                doc
            }
            None => {
                let doc = self.len() as u32;
                self.added.insert(meta.id, doc);
                self.ids.push(meta.id);
                self.extras.push(extra);
                self.text_at.push(0);
                self.mentions_at.push(0);
                doc
            }
        };
        let mut list = Vec::with_capacity(mentions.len());
        for &(db, weight) in mentions {
            let Some(entity) = self.entity_of(db) else {
                continue;
            };
            let postings = &mut self.postings[entity as usize];
            if let Err(at) = postings.binary_search(&doc) {
                postings.insert(at, doc);
            }
            list.push(Posting { entity, weight });
        }
        self.text_at[doc as usize] = self.text.len();
        encode_text(
            &mut self.text,
            &meta.title,
            &meta.source,
            meta.author.as_deref(),
        );
        self.mentions_at[doc as usize] = self.mentions.len();
        encode_mentions(&mut self.mentions, &list);
    }
}

fn encode_text(out: &mut Vec<u8>, title: &str, source: &str, author: Option<&str>) {
    for s in [title, source, author.unwrap_or("")] {
        put_uint(out, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }
}

fn encode_mentions(out: &mut Vec<u8>, mentions: &[Posting]) {
    put_uint(out, mentions.len() as u64);
    for p in mentions {
        put_uint(out, u64::from(p.entity));
        out.extend_from_slice(&p.weight.to_le_bytes());
    }
}

/// Appends `n` as a little-endian base-128 varint.
pub(crate) fn put_uint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads what [`put_uint`] and friends wrote; every read is checked.
pub(crate) struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    pub fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub fn uint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    /// A length-prefixed byte string.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.uint()?).ok()?;
        self.take(n)
    }
}

/// A fixed-size set of document numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    pub fn empty(len: usize) -> Self {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    pub fn full(len: usize) -> Self {
        let mut b = Bits {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        b.trim();
        b
    }

    fn trim(&mut self) {
        let rem = self.len % 64;
        if rem != 0
            && let Some(last) = self.words.last_mut()
        {
            *last &= (1u64 << rem) - 1;
        }
    }

    pub fn insert(&mut self, doc: u32) {
        let d = doc as usize;
        if d < self.len {
            self.words[d / 64] |= 1 << (d % 64);
        }
    }

    pub fn contains(&self, doc: u32) -> bool {
        let d = doc as usize;
        d < self.len && self.words[d / 64] & (1 << (d % 64)) != 0
    }

    pub fn and(&mut self, other: &Bits) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a &= b);
    }

    pub fn or(&mut self, other: &Bits) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a |= b);
    }

    pub fn not(&mut self) {
        self.words.iter_mut().for_each(|a| *a = !*a);
        self.trim();
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some((i * 64) as u32 + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitset_algebra() {
        let mut a = Bits::empty(130);
        for d in [0, 5, 64, 129, 500] {
            a.insert(d);
        }
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 5, 64, 129]);
        let mut b = Bits::full(130);
        assert_eq!(b.count(), 130);
        b.not();
        assert_eq!(b.count(), 0);
        b.or(&a);
        b.not();
        assert_eq!(b.count(), 126);
        assert!(!b.contains(64) && b.contains(63));
        b.and(&a);
        assert_eq!(b.count(), 0);
    }
}
