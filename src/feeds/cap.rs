//! A cap on a feed's entries, applied to the bytes before the feed parser
//! builds its model: feed-rs holds every entry in memory (about 1 KiB each),
//! so a 32 MiB feed of a million tiny items took over 1 GiB.

use std::fmt;

use quick_xml::Reader;
use quick_xml::events::Event;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Entries read from one feed; the rest are dropped. Feeds list the newest
/// first, and real ones hold tens to hundreds.
pub const MAX_ENTRIES: usize = 10_000;

/// The feed cut after its first [`MAX_ENTRIES`] entries, with how many were
/// dropped. `None` when it has no more, or cannot be scanned (the parser then
/// reports what is wrong).
pub fn cap_entries(bytes: &[u8]) -> Option<(Vec<u8>, usize)> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => cap_json(bytes),
        _ => cap_xml(bytes),
    }
}

/// Streams the XML once, counting `item`/`entry` elements that are not
/// inside another, and cuts before the first one over the cap, closing the
/// elements still open there.
fn cap_xml(bytes: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut reader = Reader::from_reader(bytes);
    let mut open: Vec<String> = Vec::new();
    let mut entry_depth = None;
    let mut seen = 0;
    let mut cut = None;
    loop {
        let before = reader.buffer_position();
        let event = reader.read_event().ok()?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::End(_) => {
                open.pop();
                if entry_depth.is_some_and(|d| open.len() <= d) {
                    entry_depth = None;
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let Some(e) = start else { continue };
        let local = e.local_name();
        if entry_depth.is_none() && matches!(local.as_ref(), "item" | "entry") {
            seen += 1;
            if seen == MAX_ENTRIES + 1 {
                let mut out = bytes[..usize::try_from(before).ok()?].to_vec();
                for name in open.iter().rev() {
                    out.extend_from_slice(b"</");
                    out.extend_from_slice(name.as_bytes());
                    out.push(b'>');
                }
                cut = Some(out);
            }
            if !empty {
                entry_depth = Some(open.len());
            }
        }
        if !empty {
            open.push(e.name().as_ref().to_string());
        }
    }
    cut.map(|out| (out, seen - MAX_ENTRIES))
}

/// Reads a JSON Feed keeping the first entries of `items` as values and
/// skipping the rest without building them.
fn cap_json(bytes: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let (map, dropped) = de.deserialize_map(TopVisitor).ok()?;
    if dropped == 0 {
        return None;
    }
    Some((serde_json::to_vec(&Value::Object(map)).ok()?, dropped))
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = (Map<String, Value>, usize);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON Feed object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = Map::new();
        let mut dropped = 0;
        while let Some(key) = access.next_key::<String>()? {
            if key == "items" {
                let items: Capped = access.next_value()?;
                dropped = items.dropped;
                map.insert(key, Value::Array(items.kept));
            } else {
                map.insert(key, access.next_value()?);
            }
        }
        Ok((map, dropped))
    }
}

struct Capped {
    kept: Vec<Value>,
    dropped: usize,
}

impl<'de> de::Deserialize<'de> for Capped {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(CappedVisitor)
    }
}

struct CappedVisitor;

impl<'de> Visitor<'de> for CappedVisitor {
    type Value = Capped;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Capped, A::Error> {
        let mut capped = Capped {
            kept: Vec::new(),
            dropped: 0,
        };
        while capped.kept.len() < MAX_ENTRIES {
            match seq.next_element::<Value>()? {
                Some(v) => capped.kept.push(v),
                None => return Ok(capped),
            }
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {
            capped.dropped += 1;
        }
        Ok(capped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rss(n: usize) -> String {
        let items: String = (0..n)
            .map(|i| format!("<item><guid>g{i}</guid><title>T{i}</title><source><item>x</item></source></item>\n"))
            .collect();
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>{items}<!-- end --></channel></rss>"
        )
    }

    #[test]
    fn feeds_within_the_cap_are_left_alone() {
        assert!(cap_entries(rss(MAX_ENTRIES).as_bytes()).is_none());
        assert!(cap_entries(br#"{"items":[{"id":"1"}]}"#).is_none());
        assert!(
            cap_entries(b"<rss><channel><item>").is_none(),
            "malformed: left to the parser"
        );
    }

    #[test]
    fn rss_atom_and_json_over_the_cap_keep_their_first_entries() {
        let (cut, dropped) = cap_entries(rss(MAX_ENTRIES + 7).as_bytes()).unwrap();
        assert_eq!(dropped, 7);
        let feed = super::super::parse_feed(&cut, None).unwrap();
        assert_eq!(feed.entries.len(), MAX_ENTRIES);
        assert_eq!(
            feed.entries.last().unwrap().guid,
            format!("g{}", MAX_ENTRIES - 1)
        );

        let entries: String = (0..MAX_ENTRIES + 2)
            .map(|i| format!("<entry><id>urn:{i}</id><title>A</title></entry><a:entry xmlns:a=\"http://www.w3.org/2005/Atom\"/>"))
            .collect();
        let atom =
            format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>a</title>{entries}</feed>");
        let (cut, dropped) = cap_entries(atom.as_bytes()).unwrap();
        assert_eq!(dropped, MAX_ENTRIES + 4);
        assert!(super::super::parse_feed(&cut, None).is_ok());

        let items: Vec<String> = (0..MAX_ENTRIES + 3)
            .map(|i| format!("{{\"id\":\"j{i}\",\"title\":\"J\"}}"))
            .collect();
        let json = format!(
            "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"items\":[{}]}}",
            items.join(",")
        );
        let (cut, dropped) = cap_entries(json.as_bytes()).unwrap();
        assert_eq!(dropped, 3);
        let feed = super::super::parse_feed(&cut, None).unwrap();
        assert_eq!(
            (feed.title.as_str(), feed.entries.len()),
            ("J", MAX_ENTRIES)
        );
    }

    #[test]
    fn entity_expansion_bombs_stay_small() {
        let mut dtd = String::from("<!ENTITY l0 \"lololololol\">");
        for i in 1..10 {
            dtd.push_str(&format!(
                "<!ENTITY l{i} \"{}\">",
                format!("&l{};", i - 1).repeat(10)
            ));
        }
        let bomb = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE rss [{dtd}]><rss version=\"2.0\"><channel><title>&l9;</title>\
             <item><guid>b</guid><title>&l9;</title><description>&l9;</description></item></channel></rss>"
        );
        assert!(cap_entries(bomb.as_bytes()).is_none());
        let size = |f: &super::super::Feed| {
            f.title.len()
                + f.entries
                    .iter()
                    .map(|e| e.article.title.len() + e.article.paragraphs.concat().len())
                    .sum::<usize>()
        };
        // Parsed or refused, but never expanded to 10^10 bytes.
        if let Ok(feed) = super::super::parse_feed(bomb.as_bytes(), None) {
            assert!(size(&feed) < 10_000, "{}", size(&feed));
        }
    }
}
