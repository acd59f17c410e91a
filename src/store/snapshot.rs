//! A compact copy of the in-memory index, kept in the library so that
//! opening it reads one BLOB instead of stepping through every article row
//! (at 100k articles, most of a `gazette list`).
//!
//! The copy is never trusted for being recent, only for being present:
//! triggers (migration 2) delete it in the same transaction as any change
//! to the articles, entities or feeds it was made from. Read and starred
//! flags change while reading, so they are kept out of it and come from two
//! partial indexes at open. Anything that does not decode cleanly is
//! ignored and the index is loaded from the rows as before.

use chrono::DateTime;

use super::index::{ArticleMeta, DocExtra, Entity, EntityKind, Index, Posting};
use crate::article::ArticleId;

/// The layout written by [`encode`]; a copy in any other is rebuilt.
pub(crate) const FORMAT: i64 = 1;

/// The index as bytes: feeds, entities, then documents in index order.
pub(crate) fn encode(index: &Index) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(index.len() * 256));
    w.uint(index.feeds.len() as u64);
    let mut feeds: Vec<_> = index.feeds.iter().collect();
    feeds.sort_by_key(|(id, _)| **id);
    for (id, (name, url)) in feeds {
        w.int(*id);
        w.str(name);
        w.str(url);
    }
    w.uint(index.entities.len() as u64);
    for e in &index.entities {
        w.int(e.db_id);
        w.0.push(e.kind as u8);
        w.str(&e.key);
        w.str(&e.label);
        w.uint(e.aliases.len() as u64);
        for a in &e.aliases {
            w.str(a);
        }
    }
    w.uint(index.len() as u64);
    for ((meta, extra), doc) in index.metas.iter().zip(&index.extras).zip(&index.docs) {
        w.0.extend_from_slice(&meta.id.0.to_le_bytes());
        w.str(&meta.title);
        w.str(&meta.source);
        let flags = u8::from(meta.date.is_some())
            | u8::from(extra.feed_id.is_some()) << 1
            | u8::from(meta.author.is_some()) << 2;
        w.0.push(flags);
        match meta.date {
            Some(d) => w.int(d.timestamp()),
            None => w.int(extra.time),
        }
        if let Some(f) = extra.feed_id {
            w.int(f);
        }
        if let Some(a) = &meta.author {
            w.str(a);
        }
        w.uint(doc.len() as u64);
        for p in doc {
            w.uint(u64::from(p.entity));
            w.0.extend_from_slice(&p.weight.to_le_bytes());
        }
    }
    w.0
}

/// The index [`encode`] wrote, with every flag false and per-entity
/// postings rebuilt; `None` when the bytes are not such a copy.
pub(crate) fn decode(bytes: &[u8]) -> Option<Index> {
    let mut r = Reader(bytes);
    let mut index = Index::default();
    let feeds = r.len(16)?;
    index.feeds.reserve(feeds);
    for _ in 0..feeds {
        let id = r.int()?;
        let (name, url) = (r.string()?, r.string()?);
        index.feeds.insert(id, (name, url));
    }
    let entities = r.len(4)?;
    index.entities.reserve(entities);
    for _ in 0..entities {
        // Row ids are handed out densely; a wild one would size the id map.
        let db_id = r.int()?;
        if !(0..=(entities as i64 + 1) * 4).contains(&db_id) {
            return None;
        }
        let kind = EntityKind::from_i64(i64::from(r.byte()?))?;
        let (key, label) = (r.string()?, r.string()?);
        let aliases = (0..r.len(1)?)
            .map(|_| r.string())
            .collect::<Option<Vec<_>>>()?;
        index.add_entity(Entity::new(db_id, kind, key, label, aliases));
    }
    let docs = r.len(12)?;
    index.metas.reserve(docs);
    index.extras.reserve(docs);
    index.docs.reserve(docs);
    index.by_id.reserve(docs);
    let mut sizes = vec![0usize; index.entities.len()];
    for d in 0..docs {
        let id = ArticleId(u64::from_le_bytes(r.take(8)?.try_into().ok()?));
        let (title, source) = (r.string()?, r.string()?);
        let flags = r.byte()?;
        let time = r.int()?;
        let feed_id = if flags & 2 != 0 { Some(r.int()?) } else { None };
        let author = if flags & 4 != 0 {
            Some(r.string()?)
        } else {
            None
        };
        let date = if flags & 1 != 0 {
            Some(DateTime::from_timestamp(time, 0)?)
        } else {
            None
        };
        let n = r.len(5)?;
        let mut postings = Vec::with_capacity(n);
        for _ in 0..n {
            let entity = u32::try_from(r.uint()?).ok()?;
            let weight = f32::from_le_bytes(r.take(4)?.try_into().ok()?);
            *sizes.get_mut(entity as usize)? += 1;
            postings.push(Posting { entity, weight });
        }
        if index.by_id.insert(id, d as u32).is_some() {
            return None;
        }
        index.metas.push(ArticleMeta {
            id,
            title,
            source,
            feed: feed_id
                .and_then(|f| index.feeds.get(&f))
                .map(|(name, _)| name.clone()),
            date,
            author,
            read: false,
            starred: false,
        });
        index.extras.push(DocExtra { time, feed_id });
        index.docs.push(postings);
    }
    if !r.0.is_empty() {
        return None;
    }
    index.postings = sizes.into_iter().map(Vec::with_capacity).collect();
    for (d, doc) in index.docs.iter().enumerate() {
        for p in doc {
            index.postings[p.entity as usize].push(d as u32);
        }
    }
    Some(index)
}

struct Writer(Vec<u8>);

impl Writer {
    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    /// Zigzag, so small negative numbers stay short too.
    fn int(&mut self, n: i64) {
        self.uint(((n << 1) ^ (n >> 63)) as u64);
    }

    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn uint(&mut self) -> Option<u64> {
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

    fn int(&mut self) -> Option<i64> {
        let n = self.uint()?;
        Some((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    /// A count of items of at least `min` bytes each: a corrupt count
    /// cannot make us reserve more than the bytes left could hold.
    fn len(&mut self, min: usize) -> Option<usize> {
        let n = usize::try_from(self.uint()?).ok()?;
        (n <= self.0.len() / min.max(1)).then_some(n)
    }

    fn string(&mut self) -> Option<String> {
        let n = usize::try_from(self.uint()?).ok()?;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Index {
        let mut index = Index::default();
        index
            .feeds
            .insert(3, ("World".into(), "https://x/feed".into()));
        for (db, kind, key) in [
            (1, EntityKind::Person, "keir starmer"),
            (2, EntityKind::Country, "GB"),
            (5, EntityKind::Issue, "defence-spending"),
        ] {
            index.add_entity(Entity::new(
                db,
                kind,
                key.into(),
                key.to_uppercase(),
                vec!["Starmer".into()],
            ));
        }
        let metas = [
            (7u64, Some(1_700_000_000), Some(3), Some("A. Writer")),
            (u64::MAX, None, None, None),
        ];
        for (id, date, feed_id, author) in metas {
            let meta = ArticleMeta {
                id: ArticleId(id),
                title: format!("Title {id} é"),
                source: format!("src/{id}.txt"),
                feed: feed_id.map(|_| "World".to_string()),
                date: date.and_then(|s| DateTime::from_timestamp(s, 0)),
                author: author.map(str::to_string),
                read: false,
                starred: false,
            };
            let extra = DocExtra {
                time: date.unwrap_or(-5),
                feed_id,
            };
            index.upsert(meta, extra, &[(1, 2.0), (5, 0.75), (2, 1.0)]);
        }
        index
    }

    #[test]
    fn round_trip_keeps_everything_a_query_reads() {
        let index = sample();
        let back = decode(&encode(&index)).expect("decodes");
        assert_eq!(back.metas, index.metas);
        assert_eq!(back.postings, index.postings);
        assert_eq!(back.feeds, index.feeds);
        assert_eq!(back.by_id, index.by_id);
        for (a, b) in back.extras.iter().zip(&index.extras) {
            assert_eq!((a.time, a.feed_id), (b.time, b.feed_id));
        }
        for (a, b) in back.docs.iter().zip(&index.docs) {
            let pairs = |d: &[Posting]| d.iter().map(|p| (p.entity, p.weight)).collect::<Vec<_>>();
            assert_eq!(pairs(a), pairs(b));
        }
        for (a, b) in back.entities.iter().zip(&index.entities) {
            assert_eq!(
                (a.db_id, a.kind, &a.key, &a.label, &a.aliases),
                (b.db_id, b.kind, &b.key, &b.label, &b.aliases)
            );
        }
        assert_eq!(back.entity_of(5), Some(2));
    }

    #[test]
    fn damaged_copies_are_refused_not_trusted() {
        let bytes = encode(&sample());
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "truncated at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        // Any single flipped byte either fails or still decodes without panicking.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xff;
            let _ = decode(&b);
        }
    }
}
