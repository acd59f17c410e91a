//! The real binary in a pseudo-terminal: open, move, filter, clear, quit, and
//! the terminal left as it was found (also after SIGTERM).

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::support::http;
use crate::support::pty;

use portable_pty::{Child, MasterPty, PtySize};

struct Screen {
    parser: vt100::Parser,
    raw: Vec<u8>,
}

/// gazette running in a 120×30 pseudo-terminal, its output fed to vt100.
struct Session {
    screen: Arc<Mutex<Screen>>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    keys: Box<dyn Write + Send>,
    pump: JoinHandle<()>,
    /// The library and the config directory (never the user's).
    dir: tempfile::TempDir,
}

/// gazette in a new 120×30 pseudo-terminal, on the library `db` (else a new
/// one in `dir`), with `dir` as its working and config directory.
fn spawn(
    dir: &std::path::Path,
    db: Option<&std::path::Path>,
    env: &[(&str, &str)],
) -> pty::Spawned {
    let db = db.map_or_else(|| dir.join("x.db"), std::path::Path::to_path_buf);
    pty::spawn(dir, &db, &[], env, &[])
}

impl Session {
    fn start() -> Session {
        Session::start_with(None, &[])
    }

    /// gazette on the library `db` (else a new one) with extra environment.
    fn start_with(db: Option<&std::path::Path>, env: &[(&str, &str)]) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let (master, child) = spawn(dir.path(), db, env);
        let screen = Arc::new(Mutex::new(Screen {
            parser: vt100::Parser::new(
                NonZeroU16::new(30).unwrap(),
                NonZeroU16::new(120).unwrap(),
                0,
            ),
            raw: Vec::new(),
        }));
        let mut reader = master.try_clone_reader().unwrap();
        let pump = {
            let screen = Arc::clone(&screen);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let mut s = screen.lock().unwrap();
                    s.parser.process(&buf[..n]);
                    s.raw.extend_from_slice(&buf[..n]);
                }
            })
        };
        let keys = master.take_writer().unwrap();
        Session {
            screen,
            child,
            master,
            keys,
            pump,
            dir,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.keys.write_all(bytes).unwrap();
        self.keys.flush().unwrap();
    }

    fn wait_for(&self, what: &str, ok: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            {
                let s = self.screen.lock().unwrap();
                if ok(s.parser.screen()) {
                    return;
                }
                if start.elapsed() > Duration::from_secs(20) {
                    panic!(
                        "timed out waiting for {what}; screen:\n{}",
                        s.parser.screen().contents()
                    );
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.screen.lock().unwrap().parser.screen())
    }

    /// Waits for the process to end, then checks the terminal is restored.
    fn finish(self) {
        let status = self.finish_with_status();
        assert!(status.success(), "{status:?}");
    }

    /// [`Session::finish`] for a run that may fail: returns how it ended.
    fn finish_with_status(mut self) -> portable_pty::ExitStatus {
        let status = pty::wait_exit(self.child.as_mut());
        drop(self.keys);
        drop(self.master);
        let _ = self.pump.join();
        let s = self.screen.lock().unwrap();
        assert!(
            !s.parser.screen().alternate_screen(),
            "alternate screen left"
        );
        assert!(!s.parser.screen().hide_cursor(), "cursor shown");
        let raw = String::from_utf8_lossy(&s.raw);
        let left = raw
            .rfind("\x1b[?1049l")
            .expect("leaves the alternate screen");
        assert!(raw.rfind("\x1b[?1049h").unwrap() < left);
        assert!(raw.contains("\x1b[?1000l"), "mouse capture turned off");
        status
    }

    /// Makes the test's screen `cols`×`rows`, as a terminal window would
    /// before it tells the program.
    fn set_screen_size(&self, cols: u16, rows: u16) {
        self.screen.lock().unwrap().parser.set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
    }

    fn resize(&self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }
}

fn contains(text: &'static str) -> impl Fn(&vt100::Screen) -> bool {
    move |s| s.contents().contains(text)
}

#[test]
fn open_move_filter_clear_quit() {
    let mut s = Session::start();
    // Open: the three bundled seeds are listed on the alternate screen.
    s.wait_for("the list", contains("3 of 3"));
    assert!(s.with_screen(|s| s.alternate_screen()));

    // Move: the selection goes down and the reader follows it.
    let reader_title = |s: &vt100::Screen| s.contents_between(2, 40, 3, 80);
    let before = s.with_screen(reader_title);
    s.send(b"j");
    s.wait_for("the reader to follow", |s| reader_title(s) != before);

    // Filter live from the bar; a malformed query shows its error inline.
    s.send(b"/wibble:");
    s.wait_for("the inline error", contains("unknown field"));
    s.send(b"\x15bilateral"); // ctrl-u clears the bar
    s.wait_for("the filtered list", contains("1 of 3"));
    s.send(b"\r");
    s.wait_for("the filter kept in the header", contains("/bilateral"));

    // Clear: Esc drops every filter.
    s.send(b"\x1b");
    s.wait_for("the cleared list", contains("3 of 3"));

    s.send(b"q");
    s.finish();
}

/// Quitting while a search runs (held for a minute by a test hook) ends the
/// reader at once: the search worker is interrupted, never waited for.
#[test]
fn quitting_while_a_search_runs_exits_promptly() {
    let mut s = Session::start_with(None, &[("GAZETTE_TEST_SEARCH_DELAY_MS", "60000")]);
    s.wait_for("the list", contains("3 of 3"));
    s.send(b"/bil");
    s.wait_for("the search under way", contains("searching…"));
    let start = Instant::now();
    s.send(b"\x03");
    s.finish();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let s = Session::start();
    s.wait_for("the list", contains("3 of 3"));
    let pid = s.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("running kill");
    assert!(killed.success());
    s.finish();
}

#[test]
fn save_writes_the_config_file_and_m_opens_the_map() {
    let mut s = Session::start();
    s.wait_for("the list", contains("3 of 3"));
    s.send(b"/bilateral :save talks\r");
    s.wait_for("the saved filter written", contains("saved @talks in"));
    let config = s.dir.path().join("gazette").join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert_eq!(text, "[filters]\ntalks = \"bilateral\"\n");

    s.send(b"M");
    s.wait_for(
        "the map of the one result",
        contains("World · all 1 results"),
    );
    s.send(b"q");
    s.wait_for("the panes again", contains("1 of 3"));
    s.send(b"q");
    s.finish();
}

#[test]
fn a_resize_storm_down_to_1x1_is_survived() {
    let mut s = Session::start();
    s.wait_for("the list", contains("3 of 3"));
    let mut x = 7u32;
    for i in 0..300u32 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let (cols, rows) = match i % 5 {
            0 => (1, 1),
            1 => (1 + (x >> 8) as u16 % 4, 1 + (x >> 16) as u16 % 3),
            _ => (1 + (x >> 8) as u16 % 200, 1 + (x >> 16) as u16 % 60),
        };
        s.resize(cols, rows);
        if i % 50 == 0 {
            s.send(b"j");
        }
    }
    s.resize(1, 1);
    std::thread::sleep(Duration::from_millis(300));
    s.set_screen_size(120, 30);
    // A key with the last resize: crossterm drops a window-size signal that
    // arrives in the same poll as a key, and the reader must notice the new
    // size by itself (this test was flaky until it did).
    s.resize(120, 30);
    s.send(b"z");
    s.wait_for("the list after the storm", contains("3 of 3"));
    s.send(b"q");
    s.finish();
}

/// Resizes with a key while the reader is stopped, so that the key and the
/// window-size signal are both waiting when it goes on: the case where
/// crossterm returns the key and loses the signal.
#[test]
fn a_resize_that_comes_with_a_key_is_not_lost() {
    let mut s = Session::start();
    s.wait_for("the list", contains("3 of 3"));
    let pid = s.child.process_id().expect("a pid").to_string();
    let signal = |name: &str| {
        let sent = std::process::Command::new("kill")
            .args([name, &pid])
            .status()
            .expect("running kill");
        assert!(sent.success());
    };
    for (cols, rows) in [(60, 20), (120, 30), (60, 20)] {
        // Drawn at the old size before the next change: a stale screen cut
        // or grown by the emulator must not pass for a redraw.
        std::thread::sleep(Duration::from_millis(300));
        signal("-STOP");
        // `z` is bound to nothing: it does not make the reader draw.
        s.send(b"z");
        std::thread::sleep(Duration::from_millis(50));
        s.set_screen_size(cols, rows);
        s.resize(cols, rows);
        std::thread::sleep(Duration::from_millis(50));
        signal("-CONT");
        s.wait_for(&format!("the frame drawn at {cols}×{rows}"), |screen| {
            drawn_at(screen, cols)
        });
    }
    s.send(b"q");
    s.finish();
}

/// True when the screen's panes end at its last column: the top-right
/// corner of the rightmost pane is there (a frame drawn for another width
/// has a border or nothing at that column).
fn drawn_at(screen: &vt100::Screen, cols: u16) -> bool {
    screen.contents().contains("3 of 3")
        && screen
            .cell(1, cols - 1)
            .is_some_and(|c| c.contents() == "┐")
}

/// ctrl-l mends a screen something else wrote on.
#[test]
fn ctrl_l_redraws_the_whole_screen() {
    let mut s = Session::start();
    s.wait_for("the list", contains("3 of 3"));
    // What another program writing to the terminal would leave.
    s.screen
        .lock()
        .unwrap()
        .parser
        .process(b"\x1b[12;30HSCRIBBLED OVER");
    assert!(s.with_screen(|screen| screen.contents().contains("SCRIBBLED OVER")));
    s.send(b"\x0c");
    s.wait_for("the screen drawn again", |screen| {
        !screen.contents().contains("SCRIBBLED") && screen.contents().contains("3 of 3")
    });
    s.send(b"q");
    s.finish();
}

#[test]
fn a_panic_restores_the_terminal() {
    let s = Session::start_with(None, &[("GAZETTE_TEST_PANIC", "1")]);
    let status = s.finish_with_status();
    assert!(!status.success(), "the test hook panics: {status:?}");
}

/// Serves a feed of `n` items, each with a full-text page, until the test ends.
fn serve_feed(n: usize) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let items: String = (0..n)
        .map(|i| format!("<item><title>Fetched {i}</title><link>{base}/page/{i}</link><guid>f{i}</guid></item>"))
        .collect();
    let feed = format!("<rss version=\"2.0\"><channel><title>Local</title>{items}</channel></rss>");
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let feed = feed.clone();
            std::thread::spawn(move || {
                let Some((_, path)) = http::read_head(&mut stream) else {
                    return;
                };
                let body = if path == "/rss" {
                    feed
                } else {
                    std::thread::sleep(Duration::from_millis(5));
                    format!(
                        "<html><body><article><p>The page at {path}, with Keir Starmer in Paris, long enough to be kept as the story.</p></article></body></html>"
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
fn two_readers_and_a_fetch_on_one_library_keep_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let gazette = || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
        c.arg("--db").arg(&db).env_remove("GAZETTE_DB");
        c
    };
    let items = 150;
    let base = serve_feed(items);
    let added = gazette()
        .args(["feeds", "add", &format!("{base}/rss"), "--full-text"])
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    let listed = gazette().args(["list", "--json"]).output().unwrap();
    let seeds: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(seeds.len(), 3);

    let mut one = Session::start_with(Some(&db), &[]);
    let mut two = Session::start_with(Some(&db), &[]);
    one.wait_for("reader one", contains("3 of 3"));
    two.wait_for("reader two", contains("3 of 3"));
    let fetch = gazette()
        .arg("fetch")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // While the fetch downloads and stores: reader one stars the first
    // article (toggling it 21 times); reader two moves to the third and
    // marks it read.
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(50));
        one.send(b"s");
        one.send(b"s");
    }
    one.send(b"s");
    two.send(b"j");
    std::thread::sleep(Duration::from_millis(200));
    two.send(b"j");
    std::thread::sleep(Duration::from_millis(200));
    two.send(b"m");
    let fetched = fetch.wait_with_output().unwrap();
    assert!(fetched.status.success(), "{fetched:?}");
    std::thread::sleep(Duration::from_millis(300));
    one.send(b"q");
    two.send(b"q");
    one.finish();
    two.finish();

    let c = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let flags = |id: &str| -> (bool, bool) {
        let id = i64::from_str_radix(id, 16)
            .unwrap_or_else(|_| u64::from_str_radix(id, 16).unwrap() as i64);
        c.query_row(
            "SELECT starred, read FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    assert_eq!(flags(&seeds[0]), (true, false), "starred in reader one");
    assert_eq!(
        flags(&seeds[1]),
        (false, false),
        "passed over in reader two"
    );
    assert_eq!(flags(&seeds[2]), (false, true), "marked read in reader two");
    let one_row = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        one_row("SELECT count(*) FROM articles WHERE starred = 1"),
        1
    );
    assert_eq!(
        one_row("SELECT count(*) FROM articles"),
        3 + items as i64,
        "every fetched article kept"
    );
}

#[test]
fn a_vanished_terminal_ends_the_reader() {
    // A closed window or dropped ssh session: the pty's master side closes.
    // The reader must notice and exit, not spin on end-of-file for ever.
    let dir = tempfile::tempdir().unwrap();
    let (master, mut child) = spawn(dir.path(), None, &[]);
    // Read until the first screen is drawn, then let go of every master handle.
    let mut reader = master.try_clone_reader().unwrap();
    let drawn = std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(
            NonZeroU16::new(30).unwrap(),
            NonZeroU16::new(120).unwrap(),
            0,
        );
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                return false;
            }
            parser.process(&buf[..n]);
            if parser.screen().contents().contains("3 of 3") {
                return true;
            }
        }
        false
    })
    .join()
    .unwrap();
    assert!(drawn, "the reader drew its first screen");
    drop(master);

    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().ok();
            panic!("the reader was still running 10 s after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        !status.success(),
        "a hang-up is not a clean quit: {status:?}"
    );
}
