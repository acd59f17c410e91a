//! The feeds pane (`F`), the fetch log (`L`) and `[fetch] reload_minutes`:
//! on an in-memory library driven by keys, and once through the real
//! binary in a pseudo-terminal against feeds served on 127.0.0.1.

use crate::support::http;
use crate::support::pty as pty_common;
use crate::support::tui as tui_common;

use std::collections::HashMap;
use std::io::Write;
use std::num::NonZeroU16;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use gazette::config::Config;
use gazette::store::{FeedItem, FeedState, Library, NewFeed};
use gazette::tui::{self, Action, App, Effect, FeedRow, Mode, Theme};
use tui_common::{Fix, build, press};

/// Adds a feed of `n` items ("NAME story i") and returns its id.
fn feed(lib: &mut Library, name: &str, folder: Option<&str>, n: usize) -> i64 {
    let slug: String = name.to_lowercase().replace(' ', "-");
    let id = lib
        .add_feed(&NewFeed {
            url: format!("http://feeds.example/{slug}"),
            name: name.into(),
            folder: folder.map(String::from),
            full_text: false,
            auto_name: false,
        })
        .unwrap();
    let items: Vec<FeedItem> = (0..n)
        .map(|i| {
            let source = format!("http://feeds.example/{slug}/{i}");
            let title = format!("{name} story {i}");
            let body = format!("The {name} report number {i}, long enough to keep.");
            let paragraphs = [body.as_str()];
            let mut processed = build(&Fix {
                source: &source,
                title: &title,
                date: Some((2026, 11, 1 + (i % 28) as u32)),
                url: Some(&source),
                paragraphs: &paragraphs,
                people: &[],
                countries: &[],
                issues: &[],
            });
            processed.article.url = Some(source.clone());
            FeedItem {
                guid: Some(source),
                processed,
            }
        })
        .collect();
    lib.import_feed_items(id, &items).unwrap();
    id
}

/// Politics (25) and Business (20) in the folder "BBC", Technology (15)
/// and "BBC Business Live" (3, whose name starts with another's) in none.
fn library() -> Library {
    let mut lib = Library::in_memory().unwrap();
    feed(&mut lib, "BBC Politics", Some("BBC"), 25);
    feed(&mut lib, "BBC Business", Some("BBC"), 20);
    feed(&mut lib, "BBC Technology", None, 15);
    feed(&mut lib, "BBC Business Live", None, 3);
    lib
}

fn app(lib: Library) -> App {
    App::new(Box::new(lib), "", (120, 40), Theme::dark())
}

/// The pane's rows as (label, unread, total).
fn rows(a: &App) -> Vec<(String, usize, usize)> {
    a.feeds
        .as_ref()
        .expect("the feeds pane is open")
        .rows
        .iter()
        .map(|r| match r {
            FeedRow::Folder { name, counts, .. } => (
                format!("folder {}", name.as_deref().unwrap_or("-")),
                counts.unread,
                counts.total,
            ),
            FeedRow::Feed { feed, counts, .. } => (feed.name.clone(), counts.unread, counts.total),
        })
        .collect()
}

/// Moves the pane's selection to the row labelled `label`.
fn pick(a: &mut App, label: &str) {
    press(a, "g");
    for _ in 0..rows(a).len() {
        if rows(a)[a.feeds.as_ref().unwrap().selected].0 == label {
            return;
        }
        press(a, "j");
    }
    panic!("no row {label:?} in {:?}", rows(a));
}

fn unread_of(a: &App, ids: &[gazette::ArticleId]) -> usize {
    ids.iter()
        .filter(|&&id| a.source.meta(id).is_some_and(|m| !m.read))
        .count()
}

#[test]
fn the_pane_groups_feeds_by_folder_and_enter_lists_exactly_the_feeds_articles() {
    let mut a = app(library());
    let total = a.ids.len();
    assert_eq!(total, 63);
    // Two Business stories read before the pane opens.
    let business = a.source.search("feed:=\"BBC Business\"").unwrap();
    a.source.set_read(business[0], true).unwrap();
    a.source.set_read(business[1], true).unwrap();

    press(&mut a, "F");
    assert_eq!(a.mode(), Mode::Feeds);
    assert_eq!(
        rows(&a),
        [
            ("folder BBC".to_string(), 43, 45),
            ("BBC Business".to_string(), 18, 20),
            ("BBC Politics".to_string(), 25, 25),
            ("folder -".to_string(), 18, 18),
            ("BBC Business Live".to_string(), 3, 3),
            ("BBC Technology".to_string(), 15, 15),
        ]
    );
    let screen = tui_common::screen(&a);
    assert!(screen.contains("▾ BBC"), "{screen}");
    assert!(screen.contains("▾ No folder"), "{screen}");
    assert!(screen.contains("18/20"), "{screen}");

    // Enter on a feed: an exact chip, the list exactly the 20 counted (not
    // "BBC Business Live"), from its first row, the pane closed.
    pick(&mut a, "BBC Business");
    press(&mut a, "enter");
    assert!(a.feeds.is_none());
    assert_eq!(a.chips, ["feed:=\"BBC Business\""]);
    assert_eq!(a.ids.len(), 20);
    assert_eq!(unread_of(&a, &a.ids), 18);
    assert_eq!(a.selected, 0);
    assert!(
        tui_common::titles(&a)
            .iter()
            .all(|t| t.starts_with("BBC Business story"))
    );
    let screen = tui_common::screen(&a);
    assert!(screen.contains("feed = BBC Business"), "{screen}");
    // The list's and the reader's titles name the article's feed.
    assert!(
        screen.contains("Articles · 20 of 63 · BBC Business"),
        "{screen}"
    );
    assert!(screen.contains("┌ BBC Business "), "{screen}");
    // Wide enough, each row shows its feed and date.
    tui::update(&mut a, Action::Resize(200, 40));
    let screen = tui_common::screen(&a);
    let row = screen
        .lines()
        .find(|l| l.contains("BBC Business story 1 "))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("BBC Business 2026-11-"), "{row}");
    tui::update(&mut a, Action::Resize(120, 40));

    // Enter on the same feed again removes its chip.
    press(&mut a, "F");
    pick(&mut a, "BBC Business");
    press(&mut a, "enter");
    assert!(a.chips.is_empty());
    assert_eq!(a.ids.len(), total);

    // A folder: its feeds' articles, as many as its row counts.
    press(&mut a, "F");
    pick(&mut a, "folder BBC");
    press(&mut a, "enter");
    assert_eq!(a.ids.len(), 45);
    assert_eq!(unread_of(&a, &a.ids), 43);
    assert!(tui_common::screen(&a).contains("folder = BBC"));
}

#[test]
fn a_marks_the_feed_read_and_u_undoes_it() {
    let mut a = app(library());
    press(&mut a, "F");
    pick(&mut a, "BBC Technology");
    press(&mut a, "A");
    assert_eq!(
        a.status.as_deref(),
        Some("marked 15 of BBC Technology read · u undoes")
    );
    let r = rows(&a);
    assert!(r.contains(&("BBC Technology".to_string(), 0, 15)), "{r:?}");
    assert!(r.contains(&("folder -".to_string(), 3, 18)), "{r:?}");
    assert!(r.contains(&("BBC Politics".to_string(), 25, 25)), "{r:?}");
    let tech = a.source.search("feed:=\"BBC Technology\"").unwrap();
    assert_eq!(unread_of(&a, &tech), 0);
    assert!(tui_common::screen(&a).contains("0/15"));

    press(&mut a, "u");
    assert!(rows(&a).contains(&("BBC Technology".to_string(), 15, 15)));
    assert_eq!(unread_of(&a, &tech), 15);

    // A folder at once.
    pick(&mut a, "folder BBC");
    press(&mut a, "A");
    assert!(rows(&a).contains(&("folder BBC".to_string(), 0, 45)));
    assert!(rows(&a).contains(&("BBC Business".to_string(), 0, 20)));
    // q closes the pane, and the reader's keys are back.
    press(&mut a, "q");
    assert!(a.feeds.is_none());
    assert!(!a.quit);
    assert_eq!(a.mode(), Mode::Normal);
    press(&mut a, "F");
    press(&mut a, "esc");
    assert!(a.feeds.is_none());
    press(&mut a, "F");
    press(&mut a, "F");
    assert!(a.feeds.is_none());
}

#[test]
fn r_in_the_pane_reloads_only_the_selected_feed_and_its_end_refreshes_counts() {
    let lib = library();
    let tech = lib
        .feeds()
        .unwrap()
        .into_iter()
        .find(|f| f.name == "BBC Technology")
        .unwrap()
        .id;
    let mut a = app(lib);
    press(&mut a, "F");
    pick(&mut a, "BBC Technology");
    press(&mut a, "r");
    assert_eq!(a.take_effects(), [Effect::FetchFeeds(vec![tech])]);
    assert!(a.fetching);
    assert_eq!(a.status.as_deref(), Some("reloading BBC Technology…"));
    press(&mut a, "r");
    assert_eq!(a.status.as_deref(), Some("already fetching…"));
    assert!(a.take_effects().is_empty());
    // On a folder: its feeds, once the running fetch is done.
    let fetching = std::mem::replace(&mut a.fetching, false);
    pick(&mut a, "folder BBC");
    press(&mut a, "r");
    let ids: Vec<i64> = ["BBC Business", "BBC Politics"]
        .iter()
        .map(|n| {
            let lib_feeds = a.source.feeds().unwrap();
            lib_feeds.iter().find(|(f, _)| f.name == *n).unwrap().0.id
        })
        .collect();
    assert_eq!(a.take_effects(), [Effect::FetchFeeds(ids)]);
    assert_eq!(a.status.as_deref(), Some("reloading the 2 feeds of BBC…"));
    a.fetching = fetching;
    pick(&mut a, "BBC Technology");
    // The pane stays open through the fetch's news.
    tui::update(
        &mut a,
        Action::FetchLines(vec!["BBC Technology: 15 entries, 0 new, 0 updated".into()]),
    );
    tui::update(
        &mut a,
        Action::FetchDone("fetched 1 feeds: 0 new articles, 0 updated, 0 failed".into()),
    );
    assert!(!a.fetching);
    assert!(a.feeds.is_some());
    assert_eq!(
        a.feeds.as_ref().unwrap().current().map(|r| match r {
            FeedRow::Feed { feed, .. } => feed.name.clone(),
            FeedRow::Folder { .. } => String::new(),
        }),
        Some("BBC Technology".into())
    );
}

#[test]
fn the_fetch_log_shows_each_feeds_last_fetch_and_error_and_the_last_fetchs_lines() {
    let mut lib = library();
    let feeds = lib.feeds().unwrap();
    let when = Utc::now();
    for f in &feeds {
        let state = if f.name == "BBC Politics" {
            FeedState {
                last_fetch: Some(when),
                status: Some(500),
                error: Some("HTTP 500 server error".into()),
                ..FeedState::default()
            }
        } else {
            FeedState {
                last_fetch: Some(when),
                status: Some(200),
                ..FeedState::default()
            }
        };
        lib.update_feed_state(f.id, &state).unwrap();
    }
    let mut a = app(lib);
    tui::update(
        &mut a,
        Action::FetchLines(vec![
            "BBC Business: 20 entries, 2 new, 1 updated".into(),
            "BBC Politics: failed: HTTP 500 server error".into(),
        ]),
    );
    tui::update(
        &mut a,
        Action::FetchDone("fetched 4 feeds: 2 new articles, 1 updated, 1 failed".into()),
    );
    // The status line points to the log when a feed failed.
    assert_eq!(
        a.status.as_deref(),
        Some("fetched 4 feeds: 2 new articles, 1 updated, 1 failed · L: log")
    );
    press(&mut a, "L");
    let screen = tui_common::screen(&a);
    assert!(screen.contains("Fetch log"), "{screen}");
    let politics = screen
        .lines()
        .find(|l| l.contains("BBC Politics") && l.contains("fetched"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(politics.contains("✗ HTTP 500 server error"), "{politics}");
    let business = screen
        .lines()
        .find(|l| l.contains("BBC Business  ") && l.contains("fetched"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(business.contains("ok (HTTP 200)"), "{business}");
    assert!(screen.contains("BBC Business: 20 entries, 2 new, 1 updated"));
    assert!(screen.contains("fetched 4 feeds: 2 new articles, 1 updated, 1 failed"));
    // j/k scroll it; any other key, bound or not, closes it; from the
    // feeds pane it goes back to the pane.
    press(&mut a, "j");
    assert_eq!(a.log.as_ref().map(|l| l.scroll), Some(1));
    press(&mut a, "z");
    assert!(a.log.is_none());
    press(&mut a, "F");
    press(&mut a, "L");
    assert!(a.log.is_some());
    press(&mut a, "q");
    assert!(a.log.is_none());
    assert!(a.feeds.is_some());
    // The pane marks a failed feed.
    let screen = tui_common::screen(&a);
    let politics = screen.lines().find(|l| l.contains("BBC Politics")).unwrap();
    assert!(politics.contains('✗'), "{politics}");
}

#[test]
fn reload_minutes_fetches_every_n_minutes_but_never_two_at_once() {
    let mut config = Config::default();
    config.fetch.reload_minutes = 1;
    let mut a = tui::configured_app(Box::new(library()), "", (120, 40), &config, true);
    let t0 = Instant::now();
    tui::update(&mut a, Action::Tick(t0));
    tui::update(&mut a, Action::Tick(t0 + Duration::from_secs(59)));
    assert!(a.take_effects().is_empty());
    assert!(!a.fetching);
    tui::update(&mut a, Action::Tick(t0 + Duration::from_secs(60)));
    assert_eq!(a.take_effects(), [Effect::Fetch]);
    assert!(a.fetching);
    assert_eq!(a.status.as_deref(), Some("reloading feeds (every 1 min)…"));
    // Still fetching when the next is due: that one is skipped.
    tui::update(&mut a, Action::Tick(t0 + Duration::from_secs(121)));
    assert!(a.take_effects().is_empty());
    tui::update(&mut a, Action::FetchDone("fetched 4 feeds".into()));
    tui::update(&mut a, Action::Tick(t0 + Duration::from_secs(150)));
    assert!(a.take_effects().is_empty());
    tui::update(&mut a, Action::Tick(t0 + Duration::from_secs(181)));
    assert_eq!(a.take_effects(), [Effect::Fetch]);

    // Off by default; out of range refused like the other numbers.
    let mut b = tui::configured_app(Box::new(library()), "", (120, 40), &Config::default(), true);
    tui::update(&mut b, Action::Tick(t0));
    tui::update(&mut b, Action::Tick(t0 + Duration::from_secs(86_400 * 2)));
    assert!(b.take_effects().is_empty());
    let e = Config::parse("[fetch]\nreload_minutes = 1441\n", Path::new("c.toml")).unwrap_err();
    assert!(
        e.message.contains("reload_minutes = 1441 is out of range"),
        "{e}"
    );
    assert_eq!(e.line, Some(2));
    let ok = Config::parse("[fetch]\nreload_minutes = 30\n", Path::new("c.toml")).unwrap();
    assert_eq!(ok.fetch.reload_minutes, 30);
}

#[test]
fn the_new_keys_are_in_the_help_and_remappable() {
    let mut a = app(library());
    press(&mut a, "?");
    let screen = tui_common::screen(&a);
    assert!(screen.contains("feeds pane: feeds by folder"), "{screen}");
    assert!(
        screen.contains("fetch log: each feed's last fetch"),
        "{screen}"
    );
    press(&mut a, "?");
    let help = a.keymap.help_rows(Mode::Feeds);
    for keys in ["enter", "r", "A", "u", "L", "q, esc", "F"] {
        assert!(help.iter().any(|(k, _)| k == keys), "{keys}: {help:?}");
    }

    let mut config = Config::default();
    for (action, key) in [
        ("show-feeds", "ctrl-f"),
        ("show-fetch-log", "ctrl-g"),
        ("reload-feed", "R"),
        ("mark-feed-read", "ctrl-a"),
    ] {
        config.keys.insert(action.into(), vec![key.into()]);
    }
    let mut a = tui::configured_app(Box::new(library()), "", (120, 40), &config, true);
    assert_eq!(a.status, None, "the remap was taken");
    press(&mut a, "F");
    assert!(a.feeds.is_none());
    press(&mut a, "ctrl-f");
    assert!(a.feeds.is_some());
    pick(&mut a, "BBC Politics");
    press(&mut a, "A");
    assert!(rows(&a).contains(&("BBC Politics".to_string(), 25, 25)));
    press(&mut a, "ctrl-a");
    assert!(rows(&a).contains(&("BBC Politics".to_string(), 0, 25)));
    press(&mut a, "R");
    assert!(matches!(a.take_effects()[..], [Effect::FetchFeeds(_)]));
    press(&mut a, "ctrl-g");
    assert!(a.log.is_some());
    // The footer names the user's keys.
    press(&mut a, "x");
    a.status = None;
    let screen = tui_common::screen(&a);
    assert!(screen.contains("R reload"), "{screen}");
    assert!(screen.contains("ctrl-a mark read"), "{screen}");
}

// ---- The real binary against feeds on 127.0.0.1 ----

fn rss(base: &str, title: &str, slug: &str, n: usize) -> String {
    let items: String = (1..=n)
        .map(|i| {
            format!(
                "<item><title>{title} story {i}</title><link>{base}/news/{slug}-{i}</link>\
                 <guid>{base}/news/{slug}-{i}</guid>\
                 <description>The {title} report number {i}, with enough words to keep.</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>{items}</channel></rss>"
    )
}

/// Serves three BBC feeds (25, 20, 15 items) and `/broken` (HTTP 500),
/// counting the requests for each path.
fn serve(hits: Arc<Mutex<HashMap<String, usize>>>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let b = base.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let b = b.clone();
            let hits = hits.clone();
            std::thread::spawn(move || {
                let Some((_, path)) = http::read_head(&mut stream) else {
                    return;
                };
                *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
                let body = match path.as_str() {
                    "/politics" => rss(&b, "BBC Politics", "politics", 25),
                    "/business" => rss(&b, "BBC Business", "business", 20),
                    "/technology" => rss(&b, "BBC Technology", "technology", 15),
                    _ => {
                        let _ = stream.write_all(
                            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops",
                        );
                        return;
                    }
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    base
}

fn gazette(dir: &Path, db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("GAZETTE_DB")
        .env("XDG_CONFIG_HOME", dir)
        .output()
        .unwrap()
}

#[test]
fn in_a_terminal_pick_a_feed_reload_it_mark_it_read_and_read_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let hits = Arc::new(Mutex::new(HashMap::new()));
    let base = serve(hits.clone());
    for path in ["politics", "business", "technology"] {
        let out = gazette(
            dir.path(),
            &db,
            &["feeds", "add", &format!("{base}/{path}")],
        );
        assert!(out.status.success(), "{out:?}");
    }
    let out = gazette(
        dir.path(),
        &db,
        &[
            "feeds",
            "add",
            &format!("{base}/broken"),
            "--name",
            "Broken",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    // The first fetch names the feeds; the broken one fails.
    let out = gazette(dir.path(), &db, &["fetch"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 failed"),
        "{out:?}"
    );
    let hit = |path: &str| hits.lock().unwrap().get(path).copied().unwrap_or(0);
    assert_eq!(
        (hit("/politics"), hit("/business"), hit("/technology")),
        (1, 1, 1)
    );

    let (master, mut child) = pty_common::spawn(dir.path(), &db, &[], &[], &[]);
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(30).unwrap(),
        NonZeroU16::new(120).unwrap(),
        0,
    )));
    let pump = pty_common::pump(&*master, &screen);
    let mut keys = master.take_writer().unwrap();
    let mut send = |k: &[u8]| {
        keys.write_all(k).unwrap();
        keys.flush().unwrap();
    };
    let wait = |what: &str, text: &'static str| {
        pty_common::wait_for(&screen, what, |s| s.contents().contains(text));
    };
    wait("the reader", "Articles · 63 of 63");

    // F, then the first row (no folders: feeds by name), Enter.
    send(b"F");
    wait("the feeds pane", "BBC Technology");
    wait("the business counts", "20/20");
    send(b"g");
    send(b"\r");
    wait("the feed's articles", "Articles · 20 of 63");
    wait("the chip", "feed = BBC Business");

    // r on that feed reloads it alone.
    send(b"F");
    wait("the feeds pane", "BBC Technology");
    send(b"g");
    send(b"r");
    wait("the reload's end", "fetched 1 feeds");
    assert_eq!(
        (
            hit("/politics"),
            hit("/business"),
            hit("/technology"),
            hit("/broken")
        ),
        (1, 2, 1, 1)
    );

    // A marks it read: its counts say so.
    send(b"A");
    wait("the mark", "marked 20 of BBC Business read");
    wait("the new counts", "0/20");

    // The log from the pane: the broken feed's error.
    send(b"L");
    wait("the fetch log", "Fetch log");
    wait("the error", "✗ HTTP 500 server error");
    wait(
        "the reload's line",
        "BBC Business: 20 entries, 0 new, 0 updated",
    );
    send(b"q");
    send(b"q");
    pty_common::wait_for(&screen, "the pane closed", |s| {
        !s.contents().contains("unread/total")
    });
    // A fetch of every feed from the list: its status points to the log,
    // any key closes the log again.
    send(b"r");
    wait("the fetch's end", "1 failed · L: log (Broken: HTTP 500");
    assert_eq!(hit("/broken"), 2);
    send(b"L");
    wait("the fetch log", "Fetch log");
    send(b"z");
    pty_common::wait_for(&screen, "the log closed", |s| {
        !s.contents().contains("Fetch log")
    });
    send(b"q");
    let status = pty_common::wait_exit(child.as_mut());
    assert!(status.success(), "{status:?}");
    drop(master);
    let _ = pump.join();
}

#[test]
fn the_pane_and_the_log_draw_at_any_size() {
    let mut lib = library();
    let f = lib.feeds().unwrap();
    let state = FeedState {
        last_fetch: Some(Utc::now()),
        error: Some("a very long error \u{1b}[31m with an escape ".repeat(10)),
        ..FeedState::default()
    };
    lib.update_feed_state(f[0].id, &state).unwrap();
    let mut a = app(lib);
    press(&mut a, "F");
    for (w, h) in [
        (1, 1),
        (2, 2),
        (10, 3),
        (30, 8),
        (59, 12),
        (60, 12),
        (200, 60),
    ] {
        tui::update(&mut a, Action::Resize(w, h));
        press(&mut a, "G");
        let screen = tui_common::screen(&a);
        assert!(!screen.contains('\u{1b}'));
        press(&mut a, "L");
        press(&mut a, "G");
        let screen = tui_common::screen(&a);
        assert!(!screen.contains('\u{1b}'));
        press(&mut a, "q");
        assert!(a.log.is_none() && a.feeds.is_some());
    }
    // The selection stays on screen, also when the screen shrinks under it.
    tui::update(&mut a, Action::Resize(80, 40));
    press(&mut a, "G");
    tui::update(&mut a, Action::Resize(80, 5));
    let screen = tui_common::screen(&a);
    assert!(screen.contains("BBC Technology"), "{screen}");
}

#[test]
fn a_fetch_that_ends_under_the_help_or_the_log_is_not_lost() {
    let mut a = app(library());
    press(&mut a, "r");
    assert!(a.fetching);
    press(&mut a, "?");
    tui::update(&mut a, Action::FetchDone("fetched 4 feeds".into()));
    assert!(
        !a.fetching,
        "the reader would say 'already fetching…' for ever"
    );
    assert!(a.help.is_some(), "the help stays open");
    press(&mut a, "?");
    press(&mut a, "r");
    press(&mut a, "L");
    tui::update(&mut a, Action::FetchDone("fetched 4 feeds".into()));
    assert!(!a.fetching);
    assert!(a.log.is_some(), "the log stays open");
    assert_eq!(
        a.log
            .as_ref()
            .unwrap()
            .last
            .as_ref()
            .map(|l| l.summary.as_str()),
        Some("fetched 4 feeds"),
        "and shows the fetch that ended"
    );
}
