//! A compact copy of the in-memory index, kept in the library so that
//! opening it reads one BLOB instead of stepping through every article row
//! (at 100k articles, most of a `gazette list`).
//!
//! The copy is never trusted for being recent, only for being present:
//! triggers (migration 2) delete it in the same transaction as any change
//! to the articles, entities or feeds it was made from. Read and starred
//! flags change while reading, so they are kept out of it and come from two
//! partial indexes at open. Anything that does not decode cleanly is
//! ignored and the index is loaded from the rows instead.

use super::index::{Entity, Index, Reader, put_uint};
use crate::article::ArticleId;
use crate::entity::Kind;

/// The layout written by [`encode`]; a copy in any other is rebuilt.
pub(crate) const FORMAT: i64 = 2;

/// The index as bytes: feeds, entities, per-document columns, then the
/// per-entity postings; big sections as raw little-endian arrays or whole
/// byte buffers so that [`decode`] is mostly copying. `None` if a buffer
/// outgrew 32-bit offsets.
pub(crate) fn encode(index: &Index) -> Option<Vec<u8>> {
    let n = index.len();
    // Room for everything at once: growing a buffer this large (150 MB at
    // 1M articles) copies it into one twice its size, the peak memory of a
    // whole import. Room not written to is never touched, so a generous
    // bound costs address space, not memory.
    let postings: usize = index.postings.iter().map(|p| 10 + 4 * p.len()).sum();
    let entities: usize = index
        .entities
        .iter()
        .map(|e| {
            32 + e.key.len() + e.label.len() + e.aliases.iter().map(|a| 10 + a.len()).sum::<usize>()
        })
        .sum();
    let feeds: usize = index
        .feeds
        .values()
        .map(|(a, b)| 30 + a.len() + b.len())
        .sum();
    let mut w = Vec::with_capacity(
        64 + feeds + entities + index.text.len() + index.mentions.len() + n * 64 + postings,
    );
    put_uint(&mut w, index.feeds.len() as u64);
    let mut feeds: Vec<_> = index.feeds.iter().collect();
    feeds.sort_by_key(|(id, _)| **id);
    for (id, (name, url)) in feeds {
        put_int(&mut w, *id);
        put_str(&mut w, name);
        put_str(&mut w, url);
    }
    put_uint(&mut w, index.entities.len() as u64);
    for e in &index.entities {
        put_int(&mut w, e.db_id);
        w.push(e.kind.code());
        put_str(&mut w, &e.key);
        put_str(&mut w, &e.label);
        put_uint(&mut w, e.aliases.len() as u64);
        for a in &e.aliases {
            put_str(&mut w, a);
        }
    }
    put_uint(&mut w, n as u64);
    for id in &index.ids {
        w.extend_from_slice(&id.0.to_le_bytes());
    }
    for x in &index.extras {
        w.push(u8::from(x.dated) | u8::from(x.feed_id.is_some()) << 1);
        put_int(&mut w, x.time);
        if let Some(f) = x.feed_id {
            put_int(&mut w, f);
        }
    }
    // Records in document order, without the unused ones left by updates.
    let (mut text, mut text_at) = (Vec::with_capacity(index.text.len()), Vec::new());
    let (mut mentions, mut mentions_at) = (Vec::with_capacity(index.mentions.len()), Vec::new());
    for d in 0..n as u32 {
        text_at.push(u32::try_from(text.len()).ok()?);
        let (title, source, author) = index.text_of(d);
        for s in [&*title, &*source, author.as_deref().unwrap_or("")] {
            put_str(&mut text, s);
        }
        mentions_at.push(u32::try_from(mentions.len()).ok()?);
        let list: Vec<_> = index.mentions_of(d).collect();
        put_uint(&mut mentions, list.len() as u64);
        for p in list {
            put_uint(&mut mentions, u64::from(p.entity));
            mentions.extend_from_slice(&p.weight.to_le_bytes());
        }
    }
    for (at, buf) in [(&text_at, &text), (&mentions_at, &mentions)] {
        for o in at {
            w.extend_from_slice(&o.to_le_bytes());
        }
        put_uint(&mut w, buf.len() as u64);
        w.extend_from_slice(buf);
    }
    let mut sorted: Vec<(u64, u32)> = index
        .ids
        .iter()
        .enumerate()
        .map(|(d, id)| (id.0, d as u32))
        .collect();
    sorted.sort_unstable();
    for (id, d) in sorted {
        w.extend_from_slice(&id.to_le_bytes());
        w.extend_from_slice(&d.to_le_bytes());
    }
    for list in &index.postings {
        put_uint(&mut w, list.len() as u64);
        for d in list {
            w.extend_from_slice(&d.to_le_bytes());
        }
    }
    Some(w)
}

/// The index [`encode`] wrote, read and starred flags all false; `None`
/// when the bytes are not such a copy. Everything a lookup indexes with is
/// checked here; record contents are checked when read.
pub(crate) fn decode(bytes: &[u8]) -> Option<Index> {
    let mut r = Reader(bytes);
    let mut index = Index::default();
    let feeds = len(&mut r, 3)?;
    index.feeds.reserve(feeds);
    for _ in 0..feeds {
        let id = int(&mut r)?;
        let (name, url) = (string(&mut r)?, string(&mut r)?);
        index.feeds.insert(id, (name, url));
    }
    let entities = len(&mut r, 4)?;
    index.entities.reserve(entities);
    for _ in 0..entities {
        // Row ids are handed out densely; a wild one would size the id map.
        let db_id = int(&mut r)?;
        if !(0..=(entities as i64 + 1) * 4).contains(&db_id) {
            return None;
        }
        let kind = Kind::from_code(i64::from(r.byte()?))?;
        let (key, label) = (string(&mut r)?, string(&mut r)?);
        let aliases = (0..len(&mut r, 1)?)
            .map(|_| string(&mut r))
            .collect::<Option<Vec<_>>>()?;
        index.add_entity(Entity::new(db_id, kind, key, label, aliases));
    }
    let n = len(&mut r, 30)?;
    index.ids = r
        .take(n * 8)?
        .chunks_exact(8)
        .map(|c| ArticleId(u64::from_le_bytes(c.try_into().unwrap_or_default())))
        .collect();
    index.extras.reserve(n);
    for _ in 0..n {
        let flags = r.byte()?;
        let time = int(&mut r)?;
        let feed_id = if flags & 2 != 0 {
            Some(int(&mut r)?)
        } else {
            None
        };
        index.extras.push(super::index::DocExtra {
            time,
            feed_id,
            dated: flags & 1 != 0,
            read: false,
            starred: false,
        });
    }
    let section = |r: &mut Reader| -> Option<(Vec<usize>, Vec<u8>)> {
        let at = u32s(r, n)?.into_iter().map(|o| o as usize).collect();
        let buf = r.bytes()?.to_vec();
        Some((at, buf))
    };
    (index.text_at, index.text) = section(&mut r)?;
    (index.mentions_at, index.mentions) = section(&mut r)?;
    let mut last = None;
    index.sorted_ids = Vec::with_capacity(n);
    for c in r.take(n * 12)?.chunks_exact(12) {
        let id = u64::from_le_bytes(c[..8].try_into().ok()?);
        let d = u32::from_le_bytes(c[8..].try_into().ok()?);
        if (d as usize) >= n || last.is_some_and(|l| l >= id) || index.ids[d as usize].0 != id {
            return None;
        }
        last = Some(id);
        index.sorted_ids.push((id, d));
    }
    for list in &mut index.postings {
        let k = len(&mut r, 4)?;
        *list = u32s(&mut r, k)?;
        if list.iter().any(|&d| d as usize >= n) {
            return None;
        }
    }
    r.0.is_empty().then_some(index)
}

fn put_int(w: &mut Vec<u8>, n: i64) {
    // Zigzag, so small negative numbers stay short too.
    put_uint(w, ((n << 1) ^ (n >> 63)) as u64);
}

fn put_str(w: &mut Vec<u8>, s: &str) {
    put_uint(w, s.len() as u64);
    w.extend_from_slice(s.as_bytes());
}

fn int(r: &mut Reader) -> Option<i64> {
    let n = r.uint()?;
    Some((n >> 1) as i64 ^ -((n & 1) as i64))
}

fn string(r: &mut Reader) -> Option<String> {
    std::str::from_utf8(r.bytes()?).ok().map(str::to_string)
}

/// A count of items of at least `min` bytes each: a corrupt count cannot
/// make us reserve more than the bytes left could hold.
fn len(r: &mut Reader, min: usize) -> Option<usize> {
    let n = usize::try_from(r.uint()?).ok()?;
    (n <= r.0.len() / min.max(1)).then_some(n)
}

fn u32s(r: &mut Reader, n: usize) -> Option<Vec<u32>> {
    Some(
        r.take(n.checked_mul(4)?)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::store::index::{ArticleMeta, DocExtra};

    fn sample() -> Index {
        let mut index = Index::default();
        index
            .feeds
            .insert(3, ("World".into(), "https://x/feed".into()));
        for (db, kind, key) in [
            (1, Kind::Person, "keir starmer"),
            (2, Kind::Country, "GB"),
            (5, Kind::Issue, "defence-spending"),
        ] {
            index.add_entity(Entity::new(
                db,
                kind,
                key.into(),
                key.to_uppercase(),
                vec!["Starmer".into()],
            ));
        }
        let docs = [
            (7u64, Some(1_700_000_000), Some(3), Some("A. Writer")),
            (u64::MAX, None, None, None),
            (3, Some(-86_400), None, None),
        ];
        for (id, date, feed_id, author) in docs {
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
                dated: date.is_some(),
                read: false,
                starred: false,
            };
            index.upsert(meta, extra, &[(1, 2.0), (5, 0.75), (2, 1.0)]);
        }
        // An update leaves an unused record behind, which a copy drops.
        let mut meta = index.meta(0).expect("doc 0");
        meta.title = "Retitled".into();
        let extra = index.extras[0];
        index.upsert(meta, extra, &[(2, 4.0)]);
        index
    }

    #[test]
    fn round_trip_keeps_everything_a_query_reads() {
        let index = sample();
        let bytes = encode(&index).expect("encodes");
        let back = decode(&bytes).expect("decodes");
        assert_eq!(back.len(), 3);
        for d in 0..3 {
            assert_eq!(back.meta(d), index.meta(d));
            assert_eq!(
                back.mentions_of(d).collect::<Vec<_>>(),
                index.mentions_of(d).collect::<Vec<_>>()
            );
            assert_eq!(back.doc_of(index.ids[d as usize]), Some(d));
        }
        assert_eq!(back.meta(0).expect("doc 0").title, "Retitled");
        assert_eq!(back.extras, index.extras);
        assert_eq!(back.postings, index.postings);
        assert_eq!(back.feeds, index.feeds);
        assert!(back.text.len() < index.text.len());
        for (a, b) in back.entities.iter().zip(&index.entities) {
            assert_eq!(
                (a.db_id, a.kind, &a.key, &a.label, &a.aliases),
                (b.db_id, b.kind, &b.key, &b.label, &b.aliases)
            );
        }
        assert_eq!(back.entity_of(5), Some(2));
        assert_eq!(back.doc_of(ArticleId(8)), None);
    }

    #[test]
    fn damaged_copies_are_refused_not_trusted() {
        let bytes = encode(&sample()).expect("encodes");
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "truncated at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        // A flipped byte either fails or decodes to an index that answers
        // every question without panicking.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xff;
            if let Some(index) = decode(&b) {
                for d in 0..index.len() as u32 {
                    let _ = index.meta(d);
                    let _ = index.mentions_of(d).count();
                    let _ = index.doc_of(index.ids[d as usize]);
                }
            }
        }
    }
}
