//! RSS 0.9x/1.0/2.0, Atom and JSON Feed into [`Article`]s, via `feed-rs`.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use feed_rs::model;
use feed_rs::parser::{self, ParseErrorKind, ParseFeedError};

use super::charset;
use super::repair::NO_LINK;
use crate::article::{Article, fnv1a};
use crate::ingest::html::entry_paragraphs;
use crate::ingest::sanitize::{clean_text, one_line};

/// Feeds (after any gzip is undone) larger than this are refused.
pub const MAX_FEED_BYTES: usize = 32 * 1024 * 1024;

/// Why bytes did not give a feed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("not a feed (no RSS, Atom or JSON Feed root{})", hint(.0))]
    NotAFeed(Option<&'static str>),
    #[error("malformed feed: {0}")]
    Malformed(String),
    #[error("feed is over the {limit}-byte limit once decompressed")]
    TooLarge { limit: usize },
    /// The feed parser panicked: a bug in it, contained to this feed.
    #[error("the feed parser failed on this input")]
    ParserPanic,
}

fn hint(h: &Option<&'static str>) -> String {
    h.map(|h| format!("; {h}")).unwrap_or_default()
}

/// A parsed feed.
#[derive(Debug, Clone)]
pub struct Feed {
    pub title: String,
    /// The site the feed belongs to (its `alternate` link), when given.
    pub site: Option<String>,
    pub entries: Vec<Entry>,
    /// Entries past [`super::MAX_ENTRIES`], not read.
    pub dropped: usize,
}

/// One feed entry, with the keys a store dedupes on.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The entry's guid/id; when the feed gives none, one derived from link
    /// and title (else content), so it is never empty and stable.
    pub guid: String,
    pub link: Option<String>,
    /// Its `source` is the guid, so its id is stable.
    pub article: Article,
}

/// Parses a feed. `base` resolves relative links. Gzip bytes are unpacked
/// first (up to [`MAX_FEED_BYTES`]).
pub fn parse_feed(bytes: &[u8], base: Option<&str>) -> Result<Feed, FeedError> {
    let unpacked;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        unpacked = gunzip(bytes)?;
        &unpacked[..]
    } else {
        bytes
    };
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge {
            limit: MAX_FEED_BYTES,
        });
    }
    let transcoded;
    let bytes = match wide_to_utf8(bytes) {
        Some(utf8) => {
            transcoded = utf8;
            &transcoded[..]
        }
        None => bytes,
    };
    let normalised = charset::normalise(bytes);
    // A repaired feed (see repair.rs) that the parser still refuses is
    // parsed as it came: the repair must never cost a feed that parsed.
    if let Some(repaired) = super::repair::repair(&normalised)
        && let Ok(feed) = parse_xml(&repaired, base)
    {
        return Ok(feed);
    }
    parse_xml(&normalised, base)
}

/// Parses UTF-8 feed bytes, read up to [`super::MAX_ENTRIES`] entries.
fn parse_xml(bytes: &[u8], base: Option<&str>) -> Result<Feed, FeedError> {
    let capped;
    let (bytes, dropped) = match super::cap::cap_entries(bytes) {
        Some((cut, dropped)) => {
            capped = cut;
            (&capped[..], dropped)
        }
        None => (bytes, 0),
    };
    let parser = parser::Builder::new()
        .base_uri(base)
        .id_generator(stable_id)
        .build();
    // A parser bug must cost one feed, not the whole fetch run. None is
    // known (the fuzz target asserts this is never reached).
    let parsed = catch_unwind(AssertUnwindSafe(|| parser.parse(bytes)))
        .map_err(|_| FeedError::ParserPanic)?;
    let feed = parsed.map_err(|e| classify(e, bytes))?;
    Ok(Feed {
        dropped,
        ..convert(feed)
    })
}

/// An id for an entry without one. feed-rs's default falls back to a random
/// UUID, which would make the same entry new on every fetch; this one is
/// derived from the link and title, or left empty for [`convert_entry`] to
/// fill from the content.
fn stable_id(links: &[model::Link], title: &Option<model::Text>, _uri: Option<&str>) -> String {
    let link = links
        .iter()
        .map(|l| l.href.as_str())
        .find(|h| *h != NO_LINK)
        .unwrap_or("");
    let title = title.as_ref().map_or("", |t| t.content.as_str());
    if link.is_empty() && title.is_empty() {
        return String::new();
    }
    format!(
        "gazette:{:016x}",
        fnv1a(format!("{link}\n{title}").as_bytes())
    )
}

/// UTF-16 and UTF-32 feeds (with or without a byte-order mark) as UTF-8;
/// [`charset::normalise`] then makes their declaration agree.
fn wide_to_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    let (unit, big_endian, skip) = match bytes {
        [0, 0, 0xfe, 0xff, ..] => (4, true, 4),
        [0xff, 0xfe, 0, 0, ..] => (4, false, 4),
        [0, 0, 0, b'<', ..] => (4, true, 0),
        [b'<', 0, 0, 0, ..] => (4, false, 0),
        [0xfe, 0xff, ..] => (2, true, 2),
        [0xff, 0xfe, ..] => (2, false, 2),
        [0, b'<', ..] => (2, true, 0),
        [b'<', 0, ..] => (2, false, 0),
        _ => return None,
    };
    let body = &bytes[skip..];
    let text: String = if unit == 2 {
        let units = body.chunks_exact(2).map(|c| {
            let pair = [c[0], c[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect()
    } else {
        body.chunks_exact(4)
            .map(|c| {
                let quad = [c[0], c[1], c[2], c[3]];
                let v = if big_endian {
                    u32::from_be_bytes(quad)
                } else {
                    u32::from_le_bytes(quad)
                };
                char::from_u32(v).unwrap_or('\u{FFFD}')
            })
            .collect()
    };
    Some(text.into_bytes())
}

fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, FeedError> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(MAX_FEED_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| FeedError::Malformed(format!("bad gzip data: {e}")))?;
    if out.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge {
            limit: MAX_FEED_BYTES,
        });
    }
    Ok(out)
}

fn classify(err: ParseFeedError, bytes: &[u8]) -> FeedError {
    match err {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            let head =
                String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
            let hint = if head.contains("<html") || head.contains("<!doctype html") {
                Some("it is an HTML page")
            } else if head.trim().is_empty() {
                Some("it is empty")
            } else {
                None
            };
            FeedError::NotAFeed(hint)
        }
        other => FeedError::Malformed(one_line(&other.to_string())),
    }
}

fn convert(feed: model::Feed) -> Feed {
    let title = feed.title.as_ref().map(text_line).unwrap_or_default();
    let site = pick_link(&feed.links);
    let entries = feed.entries.into_iter().map(convert_entry).collect();
    Feed {
        title,
        site,
        entries,
        dropped: 0,
    }
}

/// The page link: `alternate` or unlabelled first, then any.
/// [`NO_LINK`] is no link.
fn pick_link(links: &[model::Link]) -> Option<String> {
    let mut links = links.iter().filter(|l| l.href != NO_LINK);
    let first = links.clone().next();
    links
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(first)
        .map(|l| one_line(&l.href))
        .filter(|h| !h.is_empty())
}

fn is_html(mime: &str) -> bool {
    mime.contains("html")
}

/// A title or name: markup removed, one line.
fn text_line(t: &model::Text) -> String {
    let s = if is_html(t.content_type.as_str()) || t.content.contains('<') {
        entry_paragraphs(&t.content).join(" ")
    } else {
        crate::ingest::html::decode_entities(&t.content).into_owned()
    };
    one_line(&s)
}

fn body_paragraphs(body: &str, html: bool) -> Vec<String> {
    if html || (body.contains('<') && body.contains('>')) {
        return entry_paragraphs(body);
    }
    clean_text(body)
        .split("\n\n")
        .map(one_line)
        .filter(|p| !p.is_empty())
        .collect()
}

fn convert_entry(e: model::Entry) -> Entry {
    let link = pick_link(&e.links);
    let guid = one_line(&e.id);
    let title = e.title.as_ref().map(text_line).unwrap_or_default();
    let mut paragraphs = e
        .content
        .as_ref()
        .and_then(|c| {
            c.body
                .as_deref()
                .map(|b| body_paragraphs(b, is_html(c.content_type.as_ref())))
        })
        .unwrap_or_default();
    if paragraphs.is_empty()
        && let Some(summary) = &e.summary
    {
        paragraphs = body_paragraphs(&summary.content, is_html(summary.content_type.as_ref()));
    }
    // A video or podcast entry's text is often only its Media RSS
    // description (YouTube's feeds).
    if paragraphs.is_empty()
        && let Some(description) = e.media.iter().find_map(|m| m.description.as_ref())
    {
        paragraphs = body_paragraphs(
            &description.content,
            is_html(description.content_type.as_ref()),
        );
    }
    let mut article = Article::new(guid.clone(), title, paragraphs);
    let guid = if guid.is_empty() {
        // Nothing but content: the content is the identity.
        let guid = format!("gazette:{:016x}", article.content_hash());
        article = Article::new(guid.clone(), article.title, article.paragraphs);
        guid
    } else {
        guid
    };
    article.url = link.clone();
    article.date = e.published.or(e.updated);
    let authors: Vec<String> = e
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().map(one_line))
        .filter(|n| !n.is_empty())
        .collect();
    article.author = (!authors.is_empty()).then(|| authors.join(", "));
    article.tags = e
        .categories
        .iter()
        .map(|c| one_line(c.label.as_deref().unwrap_or(&c.term)))
        .filter(|t| !t.is_empty())
        .collect();
    Entry {
        guid,
        link,
        article,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example &amp; Co</title><link>https://example.com/</link>
<item><title>First story</title><link>https://example.com/1</link><guid>urn:1</guid>
<author>ann@example.com (Ann Lee)</author><pubDate>Sun, 01 Sep 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;One paragraph.&lt;/p&gt;&lt;p&gt;Two &amp;amp; three.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description>
<category>Politics</category></item>
<item><title>No guid</title><link>https://example.com/2</link><description>Plain text body.</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_articles() {
        let feed = parse_feed(RSS.as_bytes(), None).unwrap();
        assert_eq!(feed.title, "Example & Co");
        assert_eq!(feed.entries.len(), 2);
        let first = &feed.entries[0];
        assert_eq!(first.guid, "urn:1");
        assert_eq!(first.article.source, "urn:1");
        assert_eq!(first.article.title, "First story");
        assert_eq!(first.article.url.as_deref(), Some("https://example.com/1"));
        assert_eq!(first.article.paragraphs, ["One paragraph.", "Two & three."]);
        assert_eq!(first.article.tags, ["Politics"]);
        assert!(first.article.date.is_some());
        // Ids are stable from one parse to the next.
        let again = parse_feed(RSS.as_bytes(), None).unwrap();
        assert_eq!(again.entries[1].article.id, feed.entries[1].article.id);
        assert!(feed.entries[1].guid.starts_with("gazette:"));
        assert_eq!(feed.entries[1].article.paragraphs, ["Plain text body."]);
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><id>tag:a,2024:1</id><title type="html">Big &lt;em&gt;news&lt;/em&gt;</title>
<link rel="alternate" href="https://a.example/1"/><updated>2024-09-01T10:00:00Z</updated>
<author><name>Bo</name></author><content type="html">&lt;p&gt;Body text.&lt;/p&gt;</content></entry></feed>"#;
        let feed = parse_feed(atom.as_bytes(), None).unwrap();
        let e = &feed.entries[0];
        assert_eq!(e.article.title, "Big news");
        assert_eq!(e.article.author.as_deref(), Some("Bo"));
        assert_eq!(e.article.paragraphs, ["Body text."]);
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[
            {"id":"1","url":"https://j.example/1","title":"Jay","content_text":"Hello.\n\nWorld."}]}"#;
        let feed = parse_feed(json.as_bytes(), None).unwrap();
        assert_eq!(feed.entries[0].article.paragraphs, ["Hello.", "World."]);
    }

    #[test]
    fn utf16_and_utf32_feeds_are_read() {
        let rss = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>Wide \u{e9}</title><item><title>x</title></item></channel></rss>";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(rss.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = rss.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let wide: Vec<u8> = rss.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        for bytes in [le, be, wide] {
            assert_eq!(parse_feed(&bytes, None).unwrap().title, "Wide \u{e9}");
        }
    }

    #[test]
    fn declarations_past_the_readers_window_are_read_without_panicking() {
        let pad = " ".repeat(80);
        let latin1 = format!(
            "<?xml version=\"1.0\"{pad}encoding=\"iso-8859-1\"?><rss version=\"2.0\"><channel><title>Caf\u{e9}</title>\
             <?xml version=\"1.0\" encoding=\"koi8-r\"?><item><title>\u{e9}</title></item></channel></rss>"
        );
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&latin1);
        let feed = parse_feed(&bytes, None).unwrap();
        assert_eq!(feed.title, "Caf\u{e9}");
        assert_eq!(feed.entries[0].article.title, "\u{e9}");
    }

    #[test]
    fn entries_other_readers_find_text_in_give_text() {
        // Link-only HTML is the entry's text when it has no other.
        let rss = r#"<rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://e.example/a</link>
<description><![CDATA[<p><a href="post">First post</a></p>]]></description></item>
<item><title>b</title><description><![CDATA[<p>Body.</p><p><a href="more">Read more</a></p>]]></description></item></channel></rss>"#;
        let feed = parse_feed(rss.as_bytes(), None).unwrap();
        assert_eq!(feed.entries[0].article.paragraphs, ["First post"]);
        assert_eq!(feed.entries[1].article.paragraphs, ["Body."]);
        // YouTube: the text is the Media RSS description.
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>Y</title>
<entry><id>yt:video:1</id><title>V</title><link rel="alternate" href="https://y.example/v"/>
<media:group><media:title>V</media:title><media:content url="https://y.example/v.swf" type="application/x-shockwave-flash"/><media:description>What the video shows.</media:description></media:group></entry></feed>"#;
        let feed = parse_feed(atom.as_bytes(), None).unwrap();
        assert_eq!(
            feed.entries[0].article.paragraphs,
            ["What the video shows."]
        );
        // RSS 1.0 items without a link are kept, with no link; a bare `&`
        // in a link no longer ends the parse; Latin-1 is read as such.
        let rdf = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rdf><item><title>F\u{f6}rderung</title>\
<description>Ab April &amp; danach.</description></item><item><title>L</title><link>https://e.example/?a=1&b=2</link></item></rdf>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(rdf);
        let feed = parse_feed(&bytes, None).unwrap();
        assert_eq!(feed.entries.len(), 2);
        let first = &feed.entries[0];
        assert_eq!(first.article.title, "F\u{f6}rderung");
        assert_eq!(first.article.paragraphs, ["Ab April & danach."]);
        assert_eq!(first.link, None);
        assert!(first.guid.starts_with("gazette:"));
        assert_eq!(
            feed.entries[1].link.as_deref(),
            Some("https://e.example/?a=1&b=2")
        );
    }

    #[test]
    fn html_and_garbage_are_refused_with_a_reason() {
        let err = parse_feed(b"<!DOCTYPE html><html><body>hi</body></html>", None).unwrap_err();
        assert!(err.to_string().contains("HTML page"), "{err}");
        let err = parse_feed(b"<rss><channel><item><title>x</tit", None).unwrap_err();
        assert!(
            matches!(err, FeedError::Malformed(_) | FeedError::NotAFeed(_)),
            "{err}"
        );
        assert!(parse_feed(b"", None).is_err());
    }

    #[test]
    fn control_characters_never_reach_the_article() {
        let rss = "<rss version=\"2.0\"><channel><title>t</title><item><title>a&#x1b;[2Jb</title><description>c&#x1b;]0;x&#x7;d</description></item></channel></rss>";
        if let Ok(feed) = parse_feed(rss.as_bytes(), None) {
            let a = &feed.entries[0].article;
            assert!(
                a.title
                    .chars()
                    .chain(a.body().chars())
                    .all(|c| !c.is_control() || c == '\n')
            );
        }
    }
}
