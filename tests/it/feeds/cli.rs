//! Subscribing, fetching and reading offline through the real binary, against
//! an HTTP server on 127.0.0.1 that this test starts and then stops.

use crate::support::http;

use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::thread;

const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Local news</title><link>BASE/</link>
<item><title>Starmer meets Macron in Paris</title><link>BASE/page/1</link><guid>g1</guid><description>Short summary.</description></item>
<item><title>Talks on Ukraine continue</title><link>BASE/page/2</link><guid>g2</guid><description>Another summary.</description></item>
</channel></rss>"#;

fn page(n: u32) -> String {
    format!(
        "<html><head><title>Page {n}</title></head><body><nav><a href=/>Home</a> <a href=/x>World</a></nav>\
         <article><h1>Story {n}</h1><p>Sir Keir Starmer met President Emmanuel Macron in Paris on Tuesday, and the two leaders discussed support for Ukraine at length.</p>\
         <p>The full text of story {n} continues here, with clauses, commas and more words than the feed's summary had.</p></article>\
         <footer>Cookie settings</footer></body></html>"
    )
}

/// Serves `requests` requests, one per connection, then stops listening.
fn serve(requests: usize) -> (String, thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let base2 = base.clone();
    let server = thread::spawn(move || {
        let mut seen = Vec::new();
        for mut stream in listener.incoming().take(requests).flatten() {
            let Some((head, path)) = http::read_head(&mut stream) else {
                continue;
            };
            let (status, extra, body) = match path.as_str() {
                "/rss" if head.contains("if-none-match: \"v1\"") => {
                    ("304 Not Modified", "", String::new())
                }
                "/rss" => ("200 OK", "ETag: \"v1\"\r\n", RSS.replace("BASE", &base2)),
                "/plain" => ("200 OK", "", RSS.replace("BASE", &base2)),
                "/page/1" => ("200 OK", "", page(1)),
                "/page/2" => ("200 OK", "", page(2)),
                _ => ("500 Internal Server Error", "", "oops".to_string()),
            };
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
            seen.push(path);
        }
        seen
    });
    (base, server)
}

pub(super) fn gazette(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run gazette")
}

pub(super) fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn subscribe_fetch_and_read_offline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    // fetch 1: rss, two full-text pages, the failing feed; fetch 2: rss (304), failing feed.
    let (base, server) = serve(6);
    let rss = format!("{base}/rss");
    let add = gazette(
        &db,
        &["feeds", "add", &rss, "--name", "local", "--full-text"],
    );
    assert!(add.status.success(), "{}", text(&add));
    assert!(
        gazette(
            &db,
            &[
                "feeds",
                "add",
                &format!("{base}/broken"),
                "--name",
                "broken"
            ]
        )
        .status
        .success()
    );

    // One failing feed is reported with its reason and does not stop the other.
    let fetch = gazette(&db, &["fetch"]);
    let out = text(&fetch);
    assert_eq!(fetch.status.code(), Some(1), "{out}");
    assert!(out.contains("local: 2 entries, 2 new"), "{out}");
    assert!(out.contains("broken") && out.contains("500"), "{out}");

    // A second fetch is conditional: 304, nothing parsed, nothing new.
    let again = text(&gazette(&db, &["fetch", "local"]));
    assert!(again.contains("local: not modified"), "{again}");
    let _ = gazette(&db, &["fetch", "broken"]);

    // The server is gone now; the library still reads.
    let seen = server.join().unwrap();
    assert_eq!(seen.iter().filter(|p| p.as_str() == "/rss").count(), 2);
    let list = gazette(&db, &["list", "feed:local", "--json"]);
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{}", text(&list));
    // The full text was kept, and went through extraction.
    let paris = rows
        .iter()
        .find(|r| r["title"].as_str().unwrap().contains("Paris"))
        .unwrap();
    // Ukraine is named only in the full text ("in Paris" is a venue, which
    // the country finder does not count as France).
    assert!(paris["countries"].to_string().contains("UA"), "{paris}");
    let id = paris["id"].as_str().unwrap();
    let show = text(&gazette(&db, &["show", id]));
    assert!(
        show.contains("The full text of story 1 continues here"),
        "{show}"
    );
    assert!(!show.contains("Cookie settings"), "{show}");

    let feeds = text(&gazette(&db, &["feeds", "list"]));
    assert!(
        feeds.contains("local") && feeds.contains("2 articles"),
        "{feeds}"
    );
    assert!(feeds.contains("error: HTTP 500"), "{feeds}");

    // OPML round trip into a new library keeps every URL and name.
    let opml = dir.path().join("subs.opml");
    assert!(
        gazette(&db, &["opml", "export", opml.to_str().unwrap()])
            .status
            .success()
    );
    let db2 = dir.path().join("other.db");
    let import = gazette(&db2, &["opml", "import", opml.to_str().unwrap()]);
    assert!(import.status.success(), "{}", text(&import));
    let listed = text(&gazette(&db2, &["feeds", "list", "--json"]));
    assert!(
        listed.contains(&rss) && listed.contains("\"name\":\"broken\""),
        "{listed}"
    );

    // Unsubscribing keeps the articles.
    assert!(gazette(&db, &["feeds", "remove", "local"]).status.success());
    assert_eq!(
        String::from_utf8_lossy(&gazette(&db, &["list", "title:paris"]).stdout)
            .lines()
            .count(),
        1
    );
}

#[test]
fn malformed_opml_imports_nothing_and_bad_urls_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let bad = dir.path().join("bad.opml");
    std::fs::write(&bad, "<opml><body><outline xmlUrl=\"http://a/\"").unwrap();
    let out = gazette(&db, &["opml", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("not valid OPML"));
    assert!(
        String::from_utf8_lossy(&gazette(&db, &["feeds", "list"]).stdout)
            .trim()
            .is_empty()
    );
    let out = gazette(&db, &["feeds", "add", "file:///etc/passwd"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn full_text_pages_are_downloaded_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    // Two fetches of a feed without validators: the feed twice, its two pages once.
    let (base, server) = serve(4);
    let url = format!("{base}/plain");
    assert!(
        gazette(
            &db,
            &["feeds", "add", &url, "--name", "plain", "--full-text"]
        )
        .status
        .success()
    );
    let first = text(&gazette(&db, &["fetch"]));
    assert!(first.contains("plain: 2 entries, 2 new"), "{first}");
    let second = text(&gazette(&db, &["fetch"]));
    assert!(second.contains("plain: 0 entries, 0 new"), "{second}");
    let seen = server.join().unwrap();
    assert_eq!(
        seen.iter().filter(|p| p.starts_with("/page/")).count(),
        2,
        "{seen:?}"
    );
    assert_eq!(
        seen.iter().filter(|p| *p == "/plain").count(),
        2,
        "{seen:?}"
    );
    // The stored article still has its full text, not the feed's summary.
    let show = text(&gazette(&db, &["list", "continues", "--json"]));
    assert_eq!(show.lines().count(), 2, "{show}");
}
