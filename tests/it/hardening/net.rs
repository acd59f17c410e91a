//! Fetch, OPML and config against hostile input: numbers out of range,
//! full-text pages in bulk, page links to local services, OPML that does not
//! round-trip, servers that cut connections, configs that are not files, and
//! output to a closed pipe. Every server is on 127.0.0.1, started here, and
//! serves a bounded number of connections.

use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use gazette::feeds::{FetchError, FetchOptions, FetchResult, Fetcher, Request};

use crate::support::http::read_head;

/// What the server saw, and the most requests it had in hand at once.
#[derive(Default)]
struct Seen {
    heads: Mutex<Vec<(String, String)>>,
    now: AtomicUsize,
    most: AtomicUsize,
}

impl Seen {
    fn paths(&self) -> Vec<String> {
        self.heads
            .lock()
            .unwrap()
            .iter()
            .map(|(p, _)| p.clone())
            .collect()
    }
}

type Handler = dyn Fn(&str, &str) -> (u16, String) + Send + Sync;

/// Serves up to `connections` connections, one request each, answering with
/// `handler(path, head)`; `delay` is spent on each page request (paths
/// starting `/page`) while it counts as in hand.
fn serve(connections: usize, delay: Duration, handler: Arc<Handler>) -> (String, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Seen::default());
    let seen2 = seen.clone();
    thread::spawn(move || {
        for mut stream in listener.incoming().take(connections).flatten() {
            let (seen, handler) = (seen2.clone(), handler.clone());
            thread::spawn(move || {
                let Some((head, path)) = read_head(&mut stream) else {
                    return;
                };
                let now = seen.now.fetch_add(1, Ordering::SeqCst) + 1;
                seen.most.fetch_max(now, Ordering::SeqCst);
                seen.heads
                    .lock()
                    .unwrap()
                    .push((path.clone(), head.clone()));
                if path.starts_with("/page") {
                    thread::sleep(delay);
                }
                let (status, body) = handler(&path, &head);
                seen.now.fetch_sub(1, Ordering::SeqCst);
                let _ = stream.write_all(
                    format!(
                        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                    .as_bytes(),
                );
            });
        }
    });
    (base, seen)
}

/// An RSS feed whose entries link to each of `links`.
fn rss(links: &[String]) -> String {
    let items: String = links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "<item><title>Story {i}</title><link>{l}</link><guid>g{i}</guid><description>Summary {i}.</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local</title>{items}</channel></rss>"
    )
}

fn page(n: usize) -> String {
    format!(
        "<html><body><article><p>The full story {n}, with commas, clauses, and more words than the summary had.</p>\
         <p>A second paragraph, also long enough, to be counted as the story {n}.</p></article></body></html>"
    )
}

/// A server for a feed at /rss linking to `links` (BASE replaced by its
/// address) and pages at /page/N.
fn feed_server(links: Vec<String>, delay: Duration) -> (String, Arc<Seen>) {
    let base_cell: Arc<Mutex<String>> = Arc::default();
    let cell = base_cell.clone();
    let handler: Arc<Handler> = Arc::new(move |path: &str, _: &str| match path {
        "/rss" => {
            let base = cell.lock().unwrap().clone();
            let links: Vec<String> = links.iter().map(|l| l.replace("BASE", &base)).collect();
            (200, rss(&links))
        }
        p if p.starts_with("/page/") => (200, page(p.len())),
        _ => (404, "no".into()),
    });
    let (base, seen) = serve(200, delay, handler);
    *base_cell.lock().unwrap() = base.trim_start_matches("http://").to_string();
    (base, seen)
}

/// Runs gazette with its own config directory and library.
fn gazette(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("HOME", dir)
        .arg("--db")
        .arg(dir.join("library.db"))
        .args(args)
        .output()
        .expect("run gazette")
}

fn write_config(dir: &Path, text: &str) {
    let config = dir.join("config/gazette");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), text).unwrap();
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn durations_and_counts_out_of_range_are_refused_with_their_range() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["18446744073709551615", "0", "3601"] {
        let out = gazette(dir.path(), &["fetch", "--timeout", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out));
        assert!(text(&out).contains("1..=3600"), "{bad}: {}", text(&out));
    }

    // In the config: reported with its line, and the fetch runs on defaults.
    let (base, _) = feed_server(vec!["http://BASE/page/1".into()], Duration::ZERO);
    write_config(
        dir.path(),
        "[fetch]\njobs = 2\ntimeout_secs = 9223372036854775807\n",
    );
    let url = format!("{base}/rss");
    assert!(
        gazette(dir.path(), &["feeds", "add", &url])
            .status
            .success()
    );
    let out = gazette(dir.path(), &["fetch"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(
            "line 3: timeout_secs = 9223372036854775807 is out of range (1 to 3600 seconds)"
        ),
        "{said}"
    );
    assert!(said.contains("1 new articles"), "{said}");

    write_config(dir.path(), "[fetch]\nmax_pages = 100000\n");
    let said = text(&gazette(dir.path(), &["fetch"]));
    assert!(
        said.contains("max_pages = 100000 is out of range"),
        "{said}"
    );
}

#[test]
fn full_text_pages_come_a_few_at_a_time_up_to_a_cap_per_feed() {
    let dir = tempfile::tempdir().unwrap();
    let links: Vec<String> = (0..12).map(|i| format!("http://BASE/page/{i}")).collect();
    let (base, seen) = feed_server(links, Duration::from_millis(300));
    write_config(dir.path(), "[fetch]\nmax_pages = 8\n");
    let url = format!("{base}/rss");
    assert!(
        gazette(dir.path(), &["feeds", "add", "--full-text", &url])
            .status
            .success()
    );
    let out = gazette(dir.path(), &["fetch"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    let pages = seen
        .paths()
        .iter()
        .filter(|p| p.starts_with("/page"))
        .count();
    assert_eq!(pages, 8, "{said}");
    let most = seen.most.load(Ordering::SeqCst);
    assert!((2..=4).contains(&most), "{most} pages at once");
    assert!(
        said.contains("full text of 4 more new entries not downloaded"),
        "{said}"
    );
    assert!(said.contains("12 entries, 12 new"), "{said}");
    // The paged entries were stored with their page's text.
    let list = text(&gazette(dir.path(), &["list", "full story"]));
    assert_eq!(list.lines().count(), 8, "{list}");
}

#[test]
fn page_links_to_local_addresses_are_refused_and_credentials_never_sent() {
    let (base, seen) = feed_server(Vec::new(), Duration::ZERO);
    let fetcher = Fetcher::new(FetchOptions {
        total_timeout: Duration::from_secs(5),
        ..FetchOptions::default()
    });
    let port = base.rsplit(':').next().unwrap();
    for link in [
        format!("{base}/page/admin-delete"),
        format!("http://localhost:{port}/page/admin-delete"),
        format!("http://[::ffff:127.0.0.1]:{port}/page/admin-delete"),
        "file:///etc/passwd".to_string(),
    ] {
        let got = fetcher.fetch_page_from(&link, false);
        assert!(
            matches!(got, Err(FetchError::Refused(_))),
            "{link}: {got:?}"
        );
    }
    assert!(seen.paths().is_empty(), "{:?}", seen.paths());

    // A feed on loopback may link to loopback pages, but never with the
    // credentials written in the link.
    let dir = tempfile::tempdir().unwrap();
    let (base, seen) = feed_server(
        vec!["http://user:secret@BASE/page/1".into()],
        Duration::ZERO,
    );
    let url = format!("{base}/rss");
    assert!(
        gazette(dir.path(), &["feeds", "add", "--full-text", &url])
            .status
            .success()
    );
    let out = gazette(dir.path(), &["fetch"]);
    assert!(out.status.success(), "{}", text(&out));
    let heads = seen.heads.lock().unwrap().clone();
    let page = heads
        .iter()
        .find(|(p, _)| p == "/page/1")
        .expect("page fetched");
    assert!(!page.1.contains("authorization"), "{}", page.1);
}

#[test]
fn a_refused_page_link_keeps_the_summary_and_says_why() {
    // A feed whose page is refused keeps its summary and says why.
    let fetcher = Fetcher::new(FetchOptions::default());
    let (base, _) = feed_server(vec!["javascript:alert(1)".into()], Duration::ZERO);
    let mut req = Request::new(format!("{base}/rss"));
    req.full_text = true;
    let Ok(FetchResult::Fetched {
        feed,
        full_text_errors,
        ..
    }) = fetcher.fetch(&req)
    else {
        panic!("no feed");
    };
    assert_eq!(feed.entries[0].article.paragraphs, ["Summary 0."]);
    assert_eq!(full_text_errors.len(), 1);
    assert!(full_text_errors[0].1.to_string().starts_with("refused: "));
}

#[test]
fn opml_round_trips_every_feed_property_and_refuses_what_feeds_add_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let deep = "a/".repeat(100) + "z";
    let out = gazette(
        dir.path(),
        &[
            "feeds",
            "add",
            "https://example.com/feed.xml",
            "--name",
            "Deep",
            "--folder",
            &deep,
            "--full-text",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let opml = dir.path().join("out.opml");
    let out = gazette(dir.path(), &["opml", "export", opml.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let size = std::fs::metadata(&opml).unwrap().len();
    assert!(size < 2_000, "{size} bytes for one feed");

    let other = tempfile::tempdir().unwrap();
    let out = gazette(other.path(), &["opml", "import", opml.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let listed = |d: &Path| -> serde_json::Value {
        let out = gazette(d, &["feeds", "list", "--json"]);
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON feed");
        v.as_object_mut().unwrap().remove("last_fetch");
        v
    };
    assert_eq!(listed(other.path()), listed(dir.path()));
    assert_eq!(listed(other.path())["full_text"], true);
    assert_eq!(listed(other.path())["folder"], deep.as_str());

    let bad = dir.path().join("bad.opml");
    std::fs::write(
        &bad,
        r#"<opml version="2.0"><body>
<outline text="js" xmlUrl="javascript:alert(1)"/>
<outline text="file" xmlUrl="file:///etc/passwd"/>
<outline text="data" xmlUrl="data:text/xml,&lt;rss/&gt;"/>
<outline text="empty" xmlUrl=""/>
<outline text="newline" xmlUrl="http://a.example/&#10;feed"/>
<outline text="good" xmlUrl="https://good.example/feed"/>
</body></opml>"#,
    )
    .unwrap();
    let third = tempfile::tempdir().unwrap();
    let out = gazette(third.path(), &["opml", "import", bad.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("5 feeds skipped"), "{said}");
    let list =
        String::from_utf8_lossy(&gazette(third.path(), &["feeds", "list"]).stdout).into_owned();
    assert_eq!(list.lines().count(), 1, "{list}");
    assert!(list.contains("https://good.example/feed"), "{list}");
}

/// A server that keeps connections open after each answer (no
/// `Connection: close`) but closes one as the next request comes, and cuts
/// /cut short.
fn closing_server(connections: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        for mut stream in listener.incoming().take(connections).flatten() {
            let Some((_, path)) = read_head(&mut stream) else {
                continue;
            };
            let body = rss(&[]);
            let response = if path == "/cut" {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n{}",
                    &body[..50]
                )
            } else {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                )
            };
            let _ = stream.write_all(response.as_bytes());
            // The next request on this connection is read and not answered:
            // closed without saying so, like a server past its keep-alive.
            if path != "/cut" {
                let _ = read_head(&mut stream);
            }
        }
    });
    base
}

#[test]
fn a_server_closing_kept_connections_costs_no_fetch_and_a_cut_body_says_so() {
    let base = closing_server(150);
    let fetcher = Fetcher::new(FetchOptions {
        total_timeout: Duration::from_secs(5),
        ..FetchOptions::default()
    });
    let mut failed = Vec::new();
    for _ in 0..60 {
        if let Err(e) = fetcher.fetch(&Request::new(format!("{base}/rss"))) {
            failed.push(e.to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of 60 failed: {:?}",
        failed.len(),
        failed
    );
    let err = fetcher
        .fetch(&Request::new(format!("{base}/cut")))
        .unwrap_err();
    assert!(err.to_string().starts_with("truncated body"), "{err}");
}

/// Runs gazette, killing it after `limit`; `None` when it had to be killed.
fn run_bounded(dir: &Path, args: &[&str], limit: Duration) -> Option<Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("HOME", dir)
        .arg("--db")
        .arg(dir.join("library.db"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[test]
fn a_config_that_is_not_a_regular_file_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config/gazette");
    std::fs::create_dir_all(&config).unwrap();
    let fifo = config.join("config.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("SKIPPED: mkfifo is not available");
        return;
    }
    let out = run_bounded(dir.path(), &["fetch"], Duration::from_secs(20))
        .expect("gazette waited on a FIFO config");
    assert!(text(&out).contains("not a regular file"), "{}", text(&out));

    std::fs::remove_file(&fifo).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &fifo).unwrap();
    let out = run_bounded(dir.path(), &["fetch"], Duration::from_secs(20))
        .expect("gazette read /dev/zero as its config");
    assert!(text(&out).contains("not a regular file"), "{}", text(&out));
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("man")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before gazette writes anything.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn an_error_gives_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(file.join("sub/library.db"))
        .arg("list")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(said.matches("Not a directory").count(), 1, "{said}");
}

#[test]
fn a_long_paste_reaches_the_filter_bar_whole() {
    use gazette::tui::{self, App, Key, Theme};
    let mut app = App::new(
        crate::support::tui::source(Vec::new()),
        "",
        (80, 24),
        Theme::dark(),
    );
    let key = Key::parse("/").unwrap();
    let open = crossterm::event::Event::Key(crossterm::event::KeyEvent::new(key.code, key.mods));
    let action = tui::action_for(&app, &open).expect("/ opens the bar");
    tui::update(&mut app, action);
    let pasted = format!("{}\nend", "keir ".repeat(1000));
    let action = tui::action_for(&app, &crossterm::event::Event::Paste(pasted))
        .expect("a paste is taken in the bar");
    tui::update(&mut app, action);
    assert_eq!(app.bar.len(), 5004);
    assert!(app.bar.ends_with("keir  end"), "{}", &app.bar[4990..]);
}

#[test]
fn a_library_deleted_under_the_reader_is_reported_not_written_to() {
    use gazette::tui::Source;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let mut lib = gazette::store::Library::open(&path).unwrap();
    let id = lib.metas().next().expect("a seeded article").id;
    for extra in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{extra}", path.display()));
    }
    let err = Source::set_starred(&mut lib, id, true).unwrap_err();
    assert!(err.contains("was deleted or moved"), "{err}");
    assert!(!path.exists(), "a new library was made");
}

#[test]
fn a_disk_filling_mid_fetch_says_what_was_kept() {
    let handler: Arc<Handler> = Arc::new(|path: &str, _: &str| {
        let feed = path.trim_start_matches("/feed/");
        let text = format!("Officials in feed {feed} said the talks would go on. ").repeat(60);
        let items: String = (0..100)
            .map(|i| {
                format!(
                    "<item><title>Feed {feed} story {i}</title><guid>{feed}-{i}</guid><description>{i} {text}</description></item>"
                )
            })
            .collect();
        (
            200,
            format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>{items}</channel></rss>"
            ),
        )
    });
    let (base, _) = serve(20, Duration::ZERO, handler);
    let dir = tempfile::tempdir().unwrap();
    for k in 0..10 {
        let url = format!("{base}/feed/{k}");
        let out = gazette(
            dir.path(),
            &["feeds", "add", &url, "--name", &format!("f{k}")],
        );
        assert!(out.status.success(), "{}", text(&out));
    }
    // A file-size limit stands in for a full disk: writes past it fail.
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1500 && exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_gazette"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("HOME", dir.path())
        .arg("--db")
        .arg(dir.path().join("library.db"))
        .arg("fetch")
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let listed = gazette(dir.path(), &["feeds", "list", "--json"]);
    let kept: u64 = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["articles"].as_u64().unwrap()
        })
        .sum();
    assert!(
        kept > 0,
        "nothing was stored: the limit is too low to test with\n{said}"
    );
    assert!(
        said.contains(&format!(
            "stored before the failure and kept: {kept} new articles"
        )),
        "{kept} stored; gazette said: {said}"
    );
    assert!(
        !said.contains("library is as it was"),
        "a fetch that kept {kept} articles must not say the library is as it was: {said}"
    );
}
