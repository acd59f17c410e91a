//! SIGKILL at random points of `gazette import` and `gazette fetch`, again
//! and again on one library: after every kill the library passes SQLite's
//! integrity check, no stored article lacks its entities, and the next run
//! goes on; a last run completes and stores everything.
//!
//! Five kills of each in CI; `GAZETTE_KILL_LOOP=50 cargo test --test
//! it kill_loop -- --nocapture` for the full loop. `GAZETTE_KILL_SEED` replays
//! the kill points of a printed seed.

use crate::support::http;

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::Connection;

fn gazette(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gazette"));
    c.arg("--db")
        .arg(db)
        .env_remove("GAZETTE_DB")
        .env("GAZETTE_BUSY_TIMEOUT_MS", "20000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn iterations() -> usize {
    std::env::var("GAZETTE_KILL_LOOP")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

/// xorshift64*, seeded from the environment or at random (and printed).
struct Rng(u64);

impl Rng {
    fn new(what: &str) -> Rng {
        let seed = std::env::var("GAZETTE_KILL_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| RandomState::new().build_hasher().finish() | 1);
        println!("{what}: GAZETTE_KILL_SEED={seed}");
        Rng(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

const STARMER: &str = "Prime Minister Keir Starmer said the plan would work.";

/// Everything a kill must not break.
fn check(db: &Path, round: usize) -> usize {
    let c = Connection::open(db).unwrap();
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "round {round}");
    let articles = |c: &Connection| -> Option<usize> {
        c.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))
            .ok()
            .map(|n| n as usize)
    };
    // Killed before the schema was committed: nothing to check yet.
    let Some(n) = articles(&c) else { return 0 };
    c.execute(
        "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')",
        [],
    )
    .unwrap_or_else(|e| panic!("round {round}: full-text index inconsistent: {e}"));
    let one = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        one(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_text t WHERE t.id = a.id)"
        ),
        0,
        "round {round}: an article without its text"
    );
    assert_eq!(
        one(&format!(
            "SELECT count(*) FROM article_text t WHERE t.body LIKE '%{STARMER}%'
             AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article = t.id)"
        )),
        0,
        "round {round}: an article stored without its entities"
    );
    assert_eq!(
        one("SELECT count(*) FROM mentions"),
        one("SELECT coalesce(sum(length(entities)), 0) / 12 FROM articles"),
        "round {round}: packed mentions and mention rows disagree"
    );
    n
}

/// Runs `cmd` to the end, failing with its stderr if it fails.
fn complete(mut cmd: Command) -> Duration {
    let started = Instant::now();
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

/// Starts `cmd`, SIGKILLs it after `delay` (unless it ended first) and says which.
fn kill_after(mut cmd: Command, delay: Duration) -> bool {
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + delay;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    true
}

/// Writes `n` articles, their text marked with `edition`: each round's
/// import then has every article to update.
fn write_articles(dir: &Path, n: usize, edition: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let mut body = format!(
            "Story number {i} about the economy, edition {edition}.\n\nMarkets moved on day {i}."
        );
        if i % 2 == 0 {
            body.push_str(&format!("\n\n{STARMER}"));
        }
        if i % 3 == 0 {
            body.push_str("\n\nOfficials in France disagreed with the plan.");
        }
        std::fs::write(
            dir.join(format!("{i:05}.txt")),
            format!("Headline {i}\n\n{body}\n"),
        )
        .unwrap();
    }
}

#[test]
fn import_killed_at_random_points_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("articles");
    let total = 600;
    write_articles(&files, total, 0);
    let import = |db: &Path| {
        let mut c = gazette(db);
        c.args(["import", "--batch", "25"]).arg(&files);
        c
    };
    // How long an import that updates every article takes here, so kills
    // land all along one. (The first round's may land in creating the library.)
    let timing = dir.path().join("timing.db");
    complete(import(&timing));
    write_articles(&files, total, 1);
    let full = complete(import(&timing));
    let db = dir.path().join("lib.db");
    let mut rng = Rng::new("import");
    let (mut kills, rounds, mut before) = (0, iterations(), 0);
    for round in 0..rounds {
        write_articles(&files, total, round);
        let delay = Duration::from_millis(rng.below(full.as_millis() as u64 * 6 / 5));
        let killed = kill_after(import(&db), delay);
        kills += usize::from(killed);
        let stored = check(&db, round);
        let how = if killed { "killed" } else { "finished before" };
        println!("round {round}: {how} {delay:?}, {stored} articles stored");
        assert!(
            stored >= before,
            "round {round}: {before} articles became {stored}"
        );
        before = stored;
    }
    println!("import: {kills} of {rounds} runs killed (a full import took {full:?})");
    write_articles(&files, total, rounds);
    complete(import(&db));
    assert_eq!(
        check(&db, rounds),
        total + 3,
        "every article and the 3 seeds"
    );
    let c = Connection::open(&db).unwrap();
    let latest: i64 = c
        .query_row(
            "SELECT count(*) FROM article_text WHERE body LIKE ?1",
            [format!("%edition {rounds}.%")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(latest as usize, total, "every article has its last edition");
}

const FEED_ITEMS: usize = 300;

/// The feed of one edition: [`FEED_ITEMS`] items new to that edition.
fn feed_text(base: &str, e: usize) -> String {
    let items: String = (0..FEED_ITEMS)
        .map(|i| {
            format!(
                "<item><title>Story {e}-{i}</title><link>{base}/page/{e}-{i}</link><guid>g{e}-{i}</guid>\
                 <description>Summary {i}. {STARMER}</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local</title>{items}</channel></rss>"
    )
}

/// Serves the feed of the current `edition` and a full-text page for each
/// item, until the test ends: every round's fetch has pages to download and
/// entries to store.
fn serve_feed(edition: Arc<AtomicUsize>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let base2 = base.clone();
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let feed = feed_text(&base2, edition.load(Ordering::SeqCst));
            thread::spawn(move || {
                let Some((_, path)) = http::read_head(&mut stream) else {
                    return;
                };
                let body = if path == "/rss" {
                    feed
                } else {
                    format!(
                        "<html><body><article><p>Page {path}: {STARMER} Officials in France disagreed, at length, with every clause.</p>\
                         <p>A second paragraph of the story at {path}, long enough to be kept as text.</p></article></body></html>"
                    )
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    base
}

#[test]
fn fetch_killed_at_random_points_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let edition = Arc::new(AtomicUsize::new(0));
    let base = serve_feed(edition.clone());
    let subscribe = |db: &Path| {
        let mut c = gazette(db);
        c.args([
            "feeds",
            "add",
            &format!("{base}/rss"),
            "--name",
            "local",
            "--full-text",
        ]);
        complete(c);
    };
    let fetch = |db: &Path| {
        let mut c = gazette(db);
        c.arg("fetch");
        c
    };
    let timing = dir.path().join("timing.db");
    subscribe(&timing);
    let full = complete(fetch(&timing));
    let db = dir.path().join("lib.db");
    subscribe(&db);
    let mut rng = Rng::new("fetch");
    let (mut kills, rounds, mut before) = (0, iterations(), 0);
    for round in 0..rounds {
        edition.store(round + 1, Ordering::SeqCst);
        let delay = Duration::from_millis(rng.below(full.as_millis() as u64 * 6 / 5));
        let killed = kill_after(fetch(&db), delay);
        kills += usize::from(killed);
        let stored = check(&db, round);
        let how = if killed { "killed" } else { "finished before" };
        println!("round {round}: {how} {delay:?}, {stored} articles stored");
        assert!(
            stored >= before,
            "round {round}: {before} articles became {stored}"
        );
        before = stored;
    }
    println!("fetch: {kills} of {rounds} runs killed (a full fetch took {full:?})");
    edition.store(rounds + 1, Ordering::SeqCst);
    complete(fetch(&db));
    let stored = check(&db, rounds);
    assert!(stored >= before + FEED_ITEMS, "{before} then {stored}");
    // Every entry of the last edition is stored, with its full text.
    let c = Connection::open(&db).unwrap();
    let full_text: i64 = c
        .query_row(
            "SELECT count(*) FROM article_text WHERE body LIKE ?1",
            [format!(
                "%A second paragraph of the story at /page/{}-%",
                rounds + 1
            )],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(full_text as usize, FEED_ITEMS);
}
