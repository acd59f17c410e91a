//! Full text for articles stored with only their feed's summary: on demand
//! (the reader's key, through `sync::fetch_full_text`), and by fetches of a
//! feed turned to full text or `fetch --full-text`, within `max_pages`;
//! never over a local file's text.

use super::cli::{gazette, text};
use crate::support::{http, pty};

use std::io::Write;
use std::net::TcpListener;
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::thread;

use gazette::Extractor;
use gazette::article::{Article, ArticleId};
use gazette::feeds::FetchOptions;
use gazette::feeds::sync::{FullTextError, fetch_full_text, fetch_into};
use gazette::pipeline;
use gazette::query::parse;
use gazette::store::{EntryText, Feed, FeedChange, Library, NewFeed, NoPage};

/// Three stories, newest first; their summaries name nobody.
const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Local news</title>
<item><title>Story one</title><link>BASE/page/1</link><guid>g1</guid><pubDate>Wed, 03 Dec 2025 10:00:00 GMT</pubDate><description>A short summary of one.</description></item>
<item><title>Story two</title><link>BASE/page/2</link><guid>g2</guid><pubDate>Tue, 02 Dec 2025 10:00:00 GMT</pubDate><description>A short summary of two.</description></item>
<item><title>Story three</title><link>BASE/page/3</link><guid>g3</guid><pubDate>Mon, 01 Dec 2025 10:00:00 GMT</pubDate><description>A short summary of three.</description></item>
</channel></rss>"#;

/// A feed whose one entry links to the page a local file was saved from.
const SAVED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Saved</title>
<item><title>Story one again</title><link>BASE/page/1</link><guid>s1</guid><description>Yet another summary.</description></item>
</channel></rss>"#;

fn page(n: u32) -> String {
    format!(
        "<html><head><title>Story {n}</title></head><body><nav><a href=/>Home</a> <a href=/x>World</a></nav>\
         <article><h1>Story {n}</h1><p>President Emmanuel Macron met Sir Keir Starmer in Paris on Tuesday, and the two leaders discussed support for Ukraine at length.</p>\
         <p>The full text of story {n} continues here, with clauses, commas and more words than the feed's summary had.</p></article>\
         <footer>Cookie settings</footer></body></html>"
    )
}

/// Serves the feeds and pages (`/page/3` is gone) until the test ends;
/// the paths requested, in order.
fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let (b, l) = (base.clone(), log.clone());
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let Some((_, path)) = http::read_head(&mut stream) else {
                continue;
            };
            l.lock().unwrap().push(path.clone());
            let (status, body) = match path.as_str() {
                "/rss" => ("200 OK", RSS.replace("BASE", &b)),
                "/saved" => ("200 OK", SAVED.replace("BASE", &b)),
                "/page/1" => ("200 OK", page(1)),
                "/page/2" => ("200 OK", page(2)),
                _ => ("404 Not Found", "gone".to_string()),
            };
            let _ = stream.write_all(
                format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            );
        }
    });
    (base, log)
}

fn pages_fetched(log: &Mutex<Vec<String>>) -> Vec<String> {
    let mut log = log.lock().unwrap();
    let mut pages: Vec<String> = log
        .iter()
        .filter(|p| p.starts_with("/page/"))
        .cloned()
        .collect();
    log.clear();
    // Pages are downloaded a few at a time, in any order.
    pages.sort();
    pages
}

fn subscribe(lib: &mut Library, url: &str, full_text: bool) -> Feed {
    let id = lib
        .add_feed(&NewFeed {
            url: url.into(),
            name: "Local".into(),
            folder: None,
            full_text,
            auto_name: false,
        })
        .unwrap();
    lib.feed(id).unwrap().unwrap()
}

fn fetch(lib: &mut Library, feed: &Feed, max_pages: usize, force: bool) -> Vec<String> {
    let feed = lib.feed(feed.id).unwrap().unwrap();
    let opts = FetchOptions {
        max_pages,
        ..FetchOptions::default()
    };
    let report = fetch_into(lib, Extractor::builtin(), &[feed], opts, force, |_, _| {}).unwrap();
    assert_eq!(report.failed, 0, "{:?}", report.lines);
    report.lines
}

fn id_of(lib: &Library, title: &str) -> ArticleId {
    let found = lib
        .search(&parse(&format!("title:\"{title}\"")).unwrap())
        .unwrap();
    assert_eq!(found.len(), 1, "{title}");
    found[0]
}

fn body(lib: &Library, id: ArticleId) -> String {
    lib.article(id).unwrap().unwrap().body()
}

fn naming_macron(lib: &Library) -> usize {
    lib.search(&parse("person:macron").unwrap()).unwrap().len()
}

#[test]
fn a_feed_turned_full_text_upgrades_its_stored_summaries_within_max_pages() {
    let (base, log) = serve();
    let mut lib = Library::in_memory().unwrap();
    let feed = subscribe(&mut lib, &format!("{base}/rss"), false);
    fetch(&mut lib, &feed, 500, false);
    assert!(pages_fetched(&log).is_empty());
    let one = id_of(&lib, "Story one");
    assert_eq!(body(&lib, one), "A short summary of one.");
    assert_eq!(lib.entry_text(one).unwrap(), Some(EntryText::Feed));
    assert_eq!(naming_macron(&lib), 0);
    lib.set_read(one, true).unwrap();
    lib.set_starred(one, true).unwrap();

    // Turned to full text, fetched with room for one page: the newest
    // stored summary gets its page, keeping its flags and its id.
    lib.update_feed(
        feed.id,
        &FeedChange {
            full_text: Some(true),
            ..FeedChange::default()
        },
    )
    .unwrap();
    let lines = fetch(&mut lib, &feed, 1, false);
    assert_eq!(pages_fetched(&log), ["/page/1"]);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("full text of 1 stored articles downloaded")),
        "{lines:?}"
    );
    assert!(body(&lib, one).contains("The full text of story 1 continues here"));
    assert!(!body(&lib, one).contains("Cookie"));
    assert_eq!(lib.entry_text(one).unwrap(), Some(EntryText::Page));
    let m = lib.meta(one).unwrap();
    assert!(m.read && m.starred, "flags kept");
    // Entities were extracted again from the new text.
    assert_eq!(naming_macron(&lib), 1);

    // The next fetch takes the rest: the gone page keeps its summary and
    // is not tried again.
    let lines = fetch(&mut lib, &feed, 500, false);
    assert_eq!(pages_fetched(&log), ["/page/2", "/page/3"]);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("/page/3 not read: HTTP 404")),
        "{lines:?}"
    );
    let three = id_of(&lib, "Story three");
    assert_eq!(body(&lib, three), "A short summary of three.");
    assert_eq!(lib.entry_text(three).unwrap(), Some(EntryText::Unusable));
    assert_eq!(naming_macron(&lib), 2);
    fetch(&mut lib, &feed, 500, false);
    assert!(pages_fetched(&log).is_empty());
}

#[test]
fn the_full_text_key_replaces_a_summary_but_never_a_local_file() {
    let (base, log) = serve();
    let mut lib = Library::in_memory().unwrap();
    let feed = subscribe(&mut lib, &format!("{base}/rss"), false);
    fetch(&mut lib, &feed, 500, false);
    let opts = FetchOptions::default;
    let ex = Extractor::builtin();

    let two = id_of(&lib, "Story two");
    lib.set_starred(two, true).unwrap();
    let done = fetch_full_text(&mut lib, ex, two, opts()).unwrap();
    assert_eq!(
        done,
        "full text of \u{201c}Story two\u{201d} stored (2 paragraphs)"
    );
    assert!(body(&lib, two).contains("The full text of story 2 continues here"));
    assert!(lib.meta(two).unwrap().starred);
    assert_eq!(naming_macron(&lib), 1);
    assert_eq!(pages_fetched(&log), ["/page/2"]);

    // A gone page: the summary stays, the error says why.
    let three = id_of(&lib, "Story three");
    let err = fetch_full_text(&mut lib, ex, three, opts()).unwrap_err();
    assert!(matches!(err, FullTextError::Fetch(_)), "{err:?}");
    assert_eq!(err.to_string(), "full text not read: HTTP 404 not found");
    assert_eq!(body(&lib, three), "A short summary of three.");

    // A local file saved from the page of story one, which another feed
    // also links to: no page, fetched for either, replaces its text.
    let mut saved = Article::new(
        "notes/story-one.txt",
        "Story one, saved",
        vec!["My own copy of story one.".into()],
    );
    saved.url = Some(format!("{base}/page/1"));
    lib.import(&[pipeline::process(ex, saved)]).unwrap();
    let local = id_of(&lib, "Story one, saved");
    let err = fetch_full_text(&mut lib, ex, local, opts()).unwrap_err();
    assert!(
        matches!(err, FullTextError::NoPage(NoPage::LocalFile)),
        "{err:?}"
    );
    assert!(err.to_string().contains("local file"), "{err}");
    let other = subscribe(&mut lib, &format!("{base}/saved"), true);
    fetch(&mut lib, &other, 500, true);
    fetch(&mut lib, &other, 500, true);
    assert_eq!(body(&lib, local), "My own copy of story one.");
    let err = fetch_full_text(&mut lib, ex, local, opts()).unwrap_err();
    assert!(matches!(err, FullTextError::NoPage(NoPage::LocalFile)));
    assert_eq!(body(&lib, local), "My own copy of story one.");
}

#[test]
fn fetch_full_text_and_feeds_add_full_text_upgrade_stored_summaries() {
    let (base, log) = serve();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let url = format!("{base}/rss");
    let ok = |args: &[&str]| {
        let out = gazette(&db, args);
        assert!(out.status.success(), "{}", text(&out));
        text(&out)
    };
    ok(&["feeds", "add", &url, "--name", "local"]);
    ok(&["fetch"]);
    assert!(pages_fetched(&log).is_empty());
    let full = |db: &std::path::Path| {
        let out = gazette(db, &["list", "continues", "--json"]);
        String::from_utf8_lossy(&out.stdout).lines().count()
    };
    assert_eq!(full(&db), 0);
    // `fetch --full-text`: this fetch only.
    let out = ok(&["fetch", "--full-text"]);
    assert!(
        out.contains("local: full text of 2 stored articles downloaded"),
        "{out}"
    );
    assert_eq!(full(&db), 2);
    assert_eq!(pages_fetched(&log).len(), 3);

    // A second library: the feed turned to full text by `feeds add`.
    let db = dir.path().join("second.db");
    let ok = |args: &[&str]| text(&gazette(&db, args));
    ok(&["feeds", "add", &url, "--name", "local"]);
    ok(&["fetch"]);
    assert!(ok(&["feeds", "add", &url, "--full-text"]).contains("updated"));
    assert_eq!(full(&db), 0);
    let out = ok(&["fetch"]);
    assert!(
        out.contains("local: full text of 2 stored articles downloaded"),
        "{out}"
    );
    assert_eq!(full(&db), 2);
}

/// The reader's key, in a pseudo-terminal: `t` on a summary-only article
/// shows its page's text in place; on a local file it says there is no link.
#[test]
fn t_in_the_reader_fetches_the_full_text_and_redraws() {
    let (base, log) = serve();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let url = format!("{base}/rss");
    for args in [&["feeds", "add", &url, "--name", "local"][..], &["fetch"]] {
        let out = gazette(&db, args);
        assert!(out.status.success(), "{}", text(&out));
    }
    pages_fetched(&log);
    let (master, mut child) = pty::spawn(dir.path(), &db, &["feed:local", "title:two"], &[], &[]);
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(30).unwrap(),
        NonZeroU16::new(120).unwrap(),
        0,
    )));
    let pump = pty::pump(master.as_ref(), &screen);
    let mut keys = master.take_writer().unwrap();
    let mut send = |bytes: &[u8]| {
        keys.write_all(bytes).unwrap();
        keys.flush().unwrap();
    };
    let shows = |what: &'static str| move |s: &vt100::Screen| s.contents().contains(what);

    pty::wait_for(&screen, "the summary", shows("A short summary of two"));
    send(b"t");
    pty::wait_for(
        &screen,
        "the page's text",
        shows("The full text of story 2"),
    );
    pty::wait_for(
        &screen,
        "the status line",
        shows("full text of \u{201c}Story two"),
    );
    assert!(
        !screen
            .lock()
            .unwrap()
            .screen()
            .contents()
            .contains("A short summary of two")
    );
    assert_eq!(pages_fetched(&log), ["/page/2"]);

    // A seed article is a local file.
    send(b"/\x15-feed:local\r");
    pty::wait_for(&screen, "the seeds", shows("3 of 6"));
    send(b"t");
    pty::wait_for(&screen, "the reason", shows("local file"));
    send(b"q");
    let status = pty::wait_exit(child.as_mut());
    assert!(status.success(), "{status:?}");
    drop(keys);
    drop(master);
    let _ = pump.join();
    assert!(pages_fetched(&log).is_empty());
}
