//! The fetcher against a real HTTP server on 127.0.0.1, started here, that
//! serves canned responses. Nothing else is ever contacted.

use crate::support::http;

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use flate2::Compression;
use flate2::write::{GzEncoder, ZlibEncoder};
use gazette::feeds::{FetchError, FetchOptions, FetchResult, FetchState, Fetcher, Request};

const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Local RSS</title><link>http://localhost/</link>
<item><title>Story one</title><link>LINK/page/1</link><guid>g1</guid><description>Short summary.</description></item>
<item><title>Story two</title><link>LINK/page/2</link><guid>g2</guid><description>Other summary.</description></item>
</channel></rss>"#;
const ATOM: &str = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Local Atom</title><id>urn:a</id><updated>2024-09-01T00:00:00Z</updated>
<entry><id>urn:a:1</id><title>Atom one</title><updated>2024-09-01T00:00:00Z</updated><content type="text">Atom body.</content></entry></feed>"#;
const JSON: &str = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Local JSON","items":[{"id":"j1","title":"Json one","content_text":"Json body."}]}"#;
const PAGE: &str = "<html><body><nav><a href=/>Home</a></nav><article><p>The full story, with commas, clauses, and more words than the summary had.</p><p>A second paragraph, also long enough, to be counted as the story.</p></article></body></html>";

/// What the server saw: (path, all request headers lower-cased).
type Log = Arc<Mutex<Vec<(String, String)>>>;

fn serve() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let (log2, base2) = (log.clone(), base.clone());
    thread::spawn(move || {
        for stream in listener.incoming().take(200).flatten() {
            let (log, base) = (log2.clone(), base2.clone());
            thread::spawn(move || handle(stream, &log, &base));
        }
    });
    (base, log)
}

fn handle(mut stream: TcpStream, log: &Log, base: &str) {
    let Some((head, path)) = http::read_head(&mut stream) else {
        return;
    };
    log.lock().unwrap().push((path.clone(), head.clone()));
    let ok =
        |ctype: &str, body: Vec<u8>, extra: &str| (200, ctype.to_string(), body, extra.to_string());
    let (status, ctype, body, extra) = match path.as_str() {
        "/rss" if head.contains("if-none-match: \"v1\"") => {
            (304, String::new(), Vec::new(), String::new())
        }
        "/rss" => ok(
            "application/rss+xml",
            RSS.replace("LINK", base).into_bytes(),
            "ETag: \"v1\"\r\nLast-Modified: Sun, 01 Sep 2024 10:00:00 GMT\r\n",
        ),
        "/atom" => ok("application/atom+xml", ATOM.into(), ""),
        "/json" => ok("application/feed+json", JSON.into(), ""),
        "/gzip" => ok(
            "application/rss+xml",
            gzip(RSS.replace("LINK", base).as_bytes()),
            "Content-Encoding: gzip\r\n",
        ),
        "/deflate" => {
            let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
            z.write_all(ATOM.as_bytes()).unwrap();
            ok(
                "application/atom+xml",
                z.finish().unwrap(),
                "Content-Encoding: deflate\r\n",
            )
        }
        "/bomb" => ok(
            "application/rss+xml",
            gzip(&vec![b' '; 4 * 1024 * 1024]),
            "Content-Encoding: gzip\r\n",
        ),
        "/slow" => {
            thread::sleep(Duration::from_secs(6));
            ok("application/rss+xml", RSS.into(), "")
        }
        "/loop" => (302, String::new(), Vec::new(), "Location: /loop\r\n".into()),
        "/moved" => (301, String::new(), Vec::new(), "Location: /atom\r\n".into()),
        "/html" => ok("text/html", PAGE.into(), ""),
        "/broken" => ok(
            "application/rss+xml",
            b"<rss version=\"2.0\"><channel><title>x</title><item>".to_vec(),
            "",
        ),
        "/500" => (500, "text/plain".into(), b"oops".to_vec(), String::new()),
        p if p.starts_with("/page/1") => ok("text/html", PAGE.into(), ""),
        _ => (404, "text/plain".into(), b"no".to_vec(), String::new()),
    };
    let reason = match status {
        200 => "OK",
        304 => "Not Modified",
        302 => "Found",
        301 => "Moved Permanently",
        404 => "Not Found",
        _ => "Internal Server Error",
    };
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Length: {}\r\n{extra}",
        body.len()
    );
    if !ctype.is_empty() {
        response.push_str(&format!("Content-Type: {ctype}\r\n"));
    }
    response.push_str("\r\n");
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.write_all(&body);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut g = GzEncoder::new(Vec::new(), Compression::default());
    g.write_all(bytes).unwrap();
    g.finish().unwrap()
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions {
        connect_timeout: Duration::from_secs(3),
        total_timeout: Duration::from_secs(2),
        max_body: 1024 * 1024,
        ..FetchOptions::default()
    })
}

fn fetched(r: Result<FetchResult, FetchError>) -> (FetchState, gazette::feeds::Feed) {
    match r {
        Ok(FetchResult::Fetched { state, feed, .. }) => (state, feed),
        other => panic!("expected a feed, got {other:?}"),
    }
}

#[test]
fn rss_atom_and_json_feed_are_fetched_and_parsed() {
    let (base, log) = serve();
    let f = fetcher();
    let (state, feed) = fetched(f.fetch(&Request::new(format!("{base}/rss"))));
    assert_eq!(feed.title, "Local RSS");
    assert_eq!(feed.entries.len(), 2);
    assert_eq!(state.etag.as_deref(), Some("\"v1\""));
    assert!(state.last_modified.is_some());
    assert_eq!(
        fetched(f.fetch(&Request::new(format!("{base}/atom"))))
            .1
            .entries[0]
            .article
            .paragraphs,
        ["Atom body."]
    );
    assert_eq!(
        fetched(f.fetch(&Request::new(format!("{base}/json"))))
            .1
            .entries[0]
            .article
            .title,
        "Json one"
    );
    assert_eq!(
        fetched(f.fetch(&Request::new(format!("{base}/gzip"))))
            .1
            .entries
            .len(),
        2
    );
    assert_eq!(
        fetched(f.fetch(&Request::new(format!("{base}/deflate"))))
            .1
            .title,
        "Local Atom"
    );
    let log = log.lock().unwrap();
    let (_, head) = log.iter().find(|(p, _)| p == "/rss").unwrap();
    assert!(head.contains("user-agent: gazette/"), "{head}");
    assert!(head.contains("accept-encoding: gzip, deflate"), "{head}");
}

#[test]
fn a_stored_etag_gives_not_modified_without_parsing() {
    let (base, log) = serve();
    let f = fetcher();
    let (state, _) = fetched(f.fetch(&Request::new(format!("{base}/rss"))));
    let again = Request {
        state,
        ..Request::new(format!("{base}/rss"))
    };
    assert!(matches!(f.fetch(&again), Ok(FetchResult::NotModified)));
    let log = log.lock().unwrap();
    assert!(log.last().unwrap().1.contains("if-none-match: \"v1\""));
    assert!(
        log.last()
            .unwrap()
            .1
            .contains("if-modified-since: sun, 01 sep 2024")
    );
}

#[test]
fn failures_say_why() {
    let (base, _) = serve();
    let f = fetcher();
    let err = |path: &str| f.fetch(&Request::new(format!("{base}{path}"))).unwrap_err();
    assert!(
        matches!(err("/slow"), FetchError::Timeout(_)),
        "{:?}",
        err("/slow")
    );
    assert!(matches!(err("/loop"), FetchError::TooManyRedirects(5)));
    assert!(matches!(
        err("/bomb"),
        FetchError::TooLarge { limit: 1_048_576 }
    ));
    assert!(matches!(err("/500"), FetchError::Status { code: 500 }));
    assert!(err("/500").to_string().contains("server error"));
    assert!(matches!(
        err("/nothing-here"),
        FetchError::Status { code: 404 }
    ));
    let html = err("/html");
    assert!(html.to_string().contains("not a feed"), "{html}");
    assert!(
        err("/broken").to_string().contains("malformed"),
        "{}",
        err("/broken")
    );
    // A closed port on loopback: refused, reported as a connection failure.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let e = f
        .fetch(&Request::new(format!("http://{closed}/rss")))
        .unwrap_err();
    assert!(
        matches!(e, FetchError::Connect(_) | FetchError::Http(_)),
        "{e:?}"
    );
    assert!(matches!(
        f.fetch(&Request::new("not a url")),
        Err(FetchError::BadUrl(_) | FetchError::Http(_))
    ));
}

#[test]
fn redirects_are_followed_and_the_final_url_reported() {
    let (base, _) = serve();
    match fetcher().fetch(&Request::new(format!("{base}/moved"))) {
        Ok(FetchResult::Fetched {
            final_url, feed, ..
        }) => {
            assert_eq!(final_url, format!("{base}/atom"));
            assert_eq!(feed.title, "Local Atom");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn many_feeds_in_parallel_report_each_in_order() {
    let (base, _) = serve();
    let paths = [
        "/rss", "/atom", "/500", "/json", "/slow", "/nothing", "/gzip", "/html", "/loop",
        "/deflate",
    ];
    let requests: Vec<Request> = paths
        .iter()
        .map(|p| Request::new(format!("{base}{p}")))
        .collect();
    let done = Mutex::new(0);
    let started = std::time::Instant::now();
    let reports = fetcher().fetch_all(&requests, |_| *done.lock().unwrap() += 1);
    assert_eq!(*done.lock().unwrap(), paths.len());
    let ok: Vec<bool> = reports.iter().map(|r| r.result.is_ok()).collect();
    assert_eq!(
        ok,
        [
            true, true, false, true, false, false, true, false, false, true
        ]
    );
    for (r, p) in reports.iter().zip(paths) {
        assert!(r.url.ends_with(p));
    }
    // The slow feed times out on its own; the others do not wait for it.
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn full_text_replaces_new_entries_bodies_with_the_page() {
    let (base, log) = serve();
    let mut req = Request::new(format!("{base}/rss"));
    req.full_text = true;
    req.known_guids.insert("g2".into());
    let Ok(FetchResult::Fetched {
        feed,
        full_text_errors,
        ..
    }) = fetcher().fetch(&req)
    else {
        panic!("no feed")
    };
    assert!(
        feed.entries[0].article.paragraphs[0].starts_with("The full story"),
        "{:?}",
        feed.entries[0].article.paragraphs
    );
    assert!(!feed.entries[0].article.body().contains("Home"));
    // g2 was known: its page was not downloaded, its summary stays.
    assert_eq!(feed.entries[1].article.paragraphs, ["Other summary."]);
    assert!(full_text_errors.is_empty());
    assert!(!log.lock().unwrap().iter().any(|(p, _)| p == "/page/2"));
}
