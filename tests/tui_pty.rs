//! The real binary in a pseudo-terminal: open, move, filter, clear, quit, and
//! the terminal left as it was found.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Screen {
    parser: vt100::Parser,
    raw: Vec<u8>,
}

fn wait_for(screen: &Arc<Mutex<Screen>>, what: &str, ok: impl Fn(&vt100::Screen) -> bool) {
    let start = Instant::now();
    loop {
        {
            let s = screen.lock().unwrap();
            if ok(s.parser.screen()) {
                return;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {what}; screen:\n{}", s.parser.screen().contents());
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn contains(text: &'static str) -> impl Fn(&vt100::Screen) -> bool {
    move |s| s.contents().contains(text)
}

#[test]
fn reader_runs_in_a_terminal_and_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 30,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.arg("--db");
    cmd.arg(dir.path().join("x.db"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("GAZETTE_DB");
    cmd.cwd(dir.path());
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);

    let screen = Arc::new(Mutex::new(Screen {
        parser: vt100::Parser::new(NonZeroU16::new(30).unwrap(), NonZeroU16::new(120).unwrap(), 0),
        raw: Vec::new(),
    }));
    let mut reader = pair.master.try_clone_reader().unwrap();
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
    let mut keys = pair.master.take_writer().unwrap();
    let mut send = |bytes: &[u8]| {
        keys.write_all(bytes).unwrap();
        keys.flush().unwrap();
    };

    // Open: the three bundled seeds are listed on the alternate screen.
    wait_for(&screen, "the list", contains("3 of 3"));
    assert!(screen.lock().unwrap().parser.screen().alternate_screen());

    // Move: the selection goes down and the reader follows it.
    let reader_title = |s: &vt100::Screen| s.contents_between(2, 40, 3, 80);
    let before = reader_title(screen.lock().unwrap().parser.screen());
    send(b"j");
    wait_for(&screen, "the reader to follow", |s| reader_title(s) != before);

    // Filter live from the bar; a malformed query shows its error inline.
    send(b"/wibble:");
    wait_for(&screen, "the inline error", contains("unknown field"));
    send(b"\x15bilateral"); // ctrl-u clears the bar
    wait_for(&screen, "the filtered list", contains("1 of 3"));
    send(b"\r");
    wait_for(&screen, "the filter kept in the header", contains("/bilateral"));

    // Clear: Esc drops every filter.
    send(b"\x1b");
    wait_for(&screen, "the cleared list", contains("3 of 3"));

    // Quit, and the terminal is as it was.
    send(b"q");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "gazette did not quit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    drop(pair.master);
    let _ = pump.join();
    let s = screen.lock().unwrap();
    assert!(!s.parser.screen().alternate_screen(), "alternate screen left");
    assert!(!s.parser.screen().hide_cursor(), "cursor shown");
    let raw = String::from_utf8_lossy(&s.raw);
    let left = raw.rfind("\x1b[?1049l").expect("leaves the alternate screen");
    assert!(raw.rfind("\x1b[?1049h").unwrap() < left);
    assert!(raw.contains("\x1b[?1000l"), "mouse capture turned off");
}
