//! Three feeds on one host and a "Top Stories" feed repeating some of their
//! items, through the real binary against a server on 127.0.0.1; and a
//! fetch killed while one feed hangs.

use super::cli::{gazette, text};
use crate::support::http;

use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

fn item(base: &str, section: &str, n: u32) -> String {
    format!(
        "<item><title>{section} story {n}</title><link>{base}/news/{section}-{n}</link>\
         <guid>{base}/news/{section}-{n}</guid>\
         <description>The {section} report number {n}, with enough words to keep.</description></item>"
    )
}

fn rss(title: &str, items: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>{}</channel></rss>",
        items.concat()
    )
}

fn section(base: &str, title: &str, name: &str, count: u32) -> String {
    rss(
        title,
        &(1..=count).map(|n| item(base, name, n)).collect::<Vec<_>>(),
    )
}

/// Serves the four feeds (and `/hang`, which never answers while `open`)
/// until the test ends.
fn serve(open: Arc<AtomicBool>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let b = base.clone();
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let b = b.clone();
            let open = open.clone();
            thread::spawn(move || {
                let Some((_, path)) = http::read_head(&mut stream) else {
                    return;
                };
                let body = match path.as_str() {
                    "/politics" => section(&b, "BBC Politics", "politics", 25),
                    "/business" => section(&b, "BBC Business", "business", 20),
                    "/technology" => section(&b, "BBC Technology", "technology", 15),
                    "/top" => {
                        let mut items = vec![
                            item(&b, "politics", 1),
                            item(&b, "politics", 2),
                            item(&b, "business", 3),
                            item(&b, "technology", 4),
                        ];
                        items.push(item(&b, "top", 1));
                        items.push(item(&b, "top", 2));
                        rss("Top Stories", &items)
                    }
                    "/hang" => {
                        let start = Instant::now();
                        while open.load(Ordering::Relaxed)
                            && start.elapsed() < Duration::from_secs(60)
                        {
                            thread::sleep(Duration::from_millis(50));
                        }
                        return;
                    }
                    _ => {
                        let _ = stream.write_all(
                            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops",
                        );
                        return;
                    }
                };
                let _ = stream.write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                    .as_bytes(),
                );
            });
        }
    });
    base
}

/// Each feed's name, total and unread, from `feeds list --json`.
fn feed_list(db: &Path) -> Vec<(String, u64, u64)> {
    let out = gazette(db, &["feeds", "list", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["name"].as_str().unwrap().to_string(),
                v["articles"].as_u64().unwrap(),
                v["unread"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn listed(db: &Path, query: &str) -> usize {
    let mut args = vec!["list", "--json"];
    if !query.is_empty() {
        args.push(query);
    }
    let out = gazette(db, &args);
    let n = String::from_utf8_lossy(&out.stdout).lines().count();
    // `list` exits 1 when nothing matches.
    assert!(out.status.success() || n == 0, "{}", text(&out));
    n
}

#[test]
fn three_feeds_on_one_host_and_top_stories() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let open = Arc::new(AtomicBool::new(true));
    let base = serve(open.clone());
    for path in ["politics", "business", "technology", "top"] {
        let out = gazette(&db, &["feeds", "add", &format!("{base}/{path}")]);
        assert!(out.status.success(), "{}", text(&out));
    }
    let broken = format!("{base}/broken");
    assert!(
        gazette(&db, &["feeds", "add", &broken, "--name", "Broken"])
            .status
            .success()
    );

    let fetch = gazette(&db, &["fetch"]);
    let out = text(&fetch);
    assert_eq!(fetch.status.code(), Some(1), "{out}");
    let summary = out.lines().last().unwrap_or_default();
    assert!(
        summary.contains("1 failed") && summary.contains("Broken: ") && summary.contains("500"),
        "the summary names the failed feed and why: {out}"
    );
    let want = [
        ("BBC Business".to_string(), 20, 20),
        ("BBC Politics".to_string(), 25, 25),
        ("BBC Technology".to_string(), 15, 15),
        ("Broken".to_string(), 0, 0),
        ("Top Stories".to_string(), 6, 6),
    ];
    assert_eq!(feed_list(&db), want);
    assert_eq!(listed(&db, "feed:\"BBC Politics\""), 25);
    assert_eq!(listed(&db, "feed:\"Top Stories\""), 6);
    assert_eq!(listed(&db, "feed:\"BBC\""), 60);

    // Again: nothing new, the same counts; a name stays unique.
    let again = text(&gazette(&db, &["fetch"]));
    assert!(again.contains("0 new articles"), "{again}");
    assert_eq!(feed_list(&db), want);

    // A known URL: nothing changes unless asked.
    let politics = format!("{base}/politics");
    let add = text(&gazette(&db, &["feeds", "add", &politics]));
    assert!(add.contains("already subscribed"), "{add}");
    assert_eq!(feed_list(&db), want);
    let add = gazette(&db, &["feeds", "add", &politics, "--folder", "UK"]);
    assert!(add.status.success(), "{}", text(&add));
    let out = gazette(&db, &["feeds", "list", "--json"]);
    let line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.contains("BBC Politics"))
        .unwrap()
        .to_string();
    assert!(line.contains("\"folder\":\"UK\""), "{line}");

    // Rename, refused onto another feed's name; remove by exact name.
    let clash = gazette(&db, &["feeds", "rename", "BBC Business", "bbc politics"]);
    assert!(!clash.status.success(), "{}", text(&clash));
    let ok = gazette(&db, &["feeds", "rename", "BBC Business", "Money"]);
    assert!(ok.status.success(), "{}", text(&ok));
    assert_eq!(listed(&db, "feed:money"), 20);
    let none = gazette(&db, &["feeds", "remove", "BBC"]);
    assert!(!none.status.success(), "a prefix names no feed");
    assert!(
        gazette(&db, &["feeds", "remove", "Top Stories"])
            .status
            .success()
    );
    assert_eq!(feed_list(&db).len(), 4);
    open.store(false, Ordering::Relaxed);
}

#[test]
fn a_fetch_killed_mid_way_keeps_the_feeds_that_finished() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let open = Arc::new(AtomicBool::new(true));
    let base = serve(open.clone());
    for path in ["politics", "business", "hang"] {
        assert!(
            gazette(&db, &["feeds", "add", &format!("{base}/{path}")])
                .status
                .success()
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(&db)
        .args(["fetch", "--timeout", "60"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The two answering feeds are stored while the third still hangs.
    let start = Instant::now();
    let stored = loop {
        let counts: Vec<u64> = feed_list(&db).iter().map(|f| f.1).collect();
        if counts.iter().sum::<u64>() == 45 || start.elapsed() > Duration::from_secs(30) {
            break counts;
        }
        thread::sleep(Duration::from_millis(100));
    };
    assert!(
        child.try_wait().unwrap().is_none(),
        "the fetch still waits on /hang"
    );
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let _ = child.wait();
    open.store(false, Ordering::Relaxed);
    assert_eq!(stored.iter().sum::<u64>(), 45, "{stored:?}");
    let after = feed_list(&db);
    let mut totals: Vec<u64> = after.iter().map(|f| f.1).collect();
    totals.sort();
    assert_eq!(totals, [0, 20, 25], "{after:?}");
    assert_eq!(listed(&db, "feed:bbc"), 45);
}

#[test]
fn delete_asks_and_seeds_can_be_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let seeds = listed(&db, "");
    assert!(seeds > 0, "a new library has sample articles");
    // No terminal, no --yes: nothing is deleted.
    let ask = gazette(&db, &["delete", "--seeds"]);
    assert!(!ask.status.success());
    let out = text(&ask);
    assert!(out.contains(&format!("{seeds} articles match")), "{out}");
    assert_eq!(listed(&db, ""), seeds);
    let yes = gazette(&db, &["delete", "--seeds", "--yes"]);
    assert!(yes.status.success(), "{}", text(&yes));
    assert!(text(&yes).contains(&format!("deleted {seeds} articles")));
    assert_eq!(listed(&db, ""), 0);
    // The seeds do not come back when the library is opened again.
    assert_eq!(listed(&db, ""), 0);
}
