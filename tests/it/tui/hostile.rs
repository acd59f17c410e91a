//! A hostile article in the real reader, in a pseudo-terminal: its escape
//! sequences change neither the screen's colours nor the window title nor
//! the clipboard, and `o` hands its shell-laden link to the browser as one
//! argument, never to a shell.
#![cfg(unix)]

use std::io::Write;
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::pty;

/// What the terminal was asked to do besides drawing.
#[derive(Default)]
struct Requests {
    titles: Vec<Vec<u8>>,
    clipboard: Vec<Vec<u8>>,
    bells: usize,
}

impl vt100::Callbacks for Requests {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8], data: &[u8]) {
        self.clipboard.push(data.to_vec());
    }
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
}

const HOSTILE_URL: &str = "https://example.com/a;touch${IFS}pwned1`touch${IFS}pwned2`$(touch${IFS}pwned3)|touch${IFS}pwned4";

/// A feed file whose one entry carries every kind of control sequence.
fn hostile_feed(dir: &Path) -> std::path::PathBuf {
    let esc = "&#x1b;";
    let body = format!(
        "zebrafish {esc}]0;pwned-title&#x7; {esc}]2;pwned-title2{esc}\\ {esc}]52;c;aGk=&#x7; \
         {esc}[31mred {esc}[41;1mbold &#x9b;32m c1 &#x7; bell &#x8;&#x8; back &#xd; cr \
         &#x202e;evil&#x202c; &#x2066;iso&#x2069; {esc}]8;;https://evil.example/{esc}\\link{esc}]8;;{esc}\\ end"
    );
    let feed = dir.join("hostile.rss");
    std::fs::write(
        &feed,
        format!(
            "<rss version=\"2.0\"><channel><title>{esc}]0;feed-title&#x7;</title><item>\
             <guid>h1</guid><title>Zebrafish {esc}[31mred{esc}]0;pwned&#x7;</title>\
             <author>x@example.com (Eve {esc}[5mblink)</author>\
             <link>{}</link><description>{}</description></item></channel></rss>",
            HOSTILE_URL.replace('&', "&amp;"),
            body.replace('&', "&amp;").replace("&amp;#x", "&#x")
        ),
    )
    .unwrap();
    feed
}

/// A text file with the same, raw.
fn hostile_text(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("hostile\u{1b}]0;name\u{7}.txt");
    std::fs::write(
        &file,
        "Zebrafish text \u{1b}[31mred\u{1b}]0;pwned\u{7}\n\n\
         zebrafish \u{1b}]0;pwned-title\u{7} \u{1b}]52;c;aGk=\u{7} \u{1b}[31mred \u{1b}[41;1mbold \
         \u{9b}32m c1 \u{7} bell \u{8}\u{8} back \r cr \u{202e}evil\u{202c} \u{2066}iso\u{2069} \
         \u{1b}]8;;https://evil.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\ end\n",
    )
    .unwrap();
    file
}

#[test]
fn the_terminal_model_sees_what_it_must_not_be_sent() {
    let mut p = vt100::Parser::new_with_callbacks(
        NonZeroU16::new(5).unwrap(),
        NonZeroU16::new(20).unwrap(),
        0,
        Requests::default(),
    );
    p.process(b"a\x1b]0;t\x07\x1b]52;c;aGk=\x07\x07\x1b[31mb");
    let r = p.callbacks();
    assert_eq!(
        (r.titles.is_empty(), r.clipboard.len(), r.bells),
        (false, 1, 1)
    );
    let s = p.screen();
    assert_ne!(
        s.cell(0, 0).unwrap().fgcolor(),
        s.cell(0, 1).unwrap().fgcolor()
    );
}

#[test]
fn a_hostile_article_changes_nothing_but_its_own_cells_and_its_link_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let imported = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(hostile_feed(dir.path()))
        .arg(hostile_text(dir.path()))
        .env_remove("GAZETTE_DB")
        .output()
        .unwrap();
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    // The "browser" records its arguments, one per line.
    let browser = dir.path().join("browser.sh");
    let args_file = dir.path().join("args");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
            args_file.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();

    let browser_path = browser.to_string_lossy();
    let (master, mut child) = pty::spawn(
        dir.path(),
        &db,
        &["zebrafish"],
        &[("BROWSER", &browser_path)],
        &[],
    );
    let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
        NonZeroU16::new(30).unwrap(),
        NonZeroU16::new(120).unwrap(),
        0,
        Requests::default(),
    )));
    let pump = pty::pump(master.as_ref(), &parser);
    let mut keys = master.take_writer().unwrap();
    let wait_for =
        |what: &str, ok: &dyn Fn(&vt100::Screen) -> bool| pty::wait_for(&parser, what, ok);
    // Each hostile article in turn (two of the five in the library).
    let check = || {
        // The whole body row, not just the list: a frame reaches the screen
        // in several reads, and a loaded machine can show half of one.
        wait_for("the hostile articles", &|s| {
            s.contents().contains("2 of 5")
                && s.rows(0, 120)
                    .any(|l| l.contains("│zebrafish") && l.contains("red") && l.contains("bold"))
        });
        let p = parser.lock().unwrap();
        let s = p.screen();
        let text = s.contents();
        // No colour bleeds: the hostile body's cells all have the colours of
        // its first word.
        let (row, col) = (0..30u16)
            .find_map(|r| {
                let line = s.rows(0, 120).nth(r as usize)?;
                let at = line.find("│zebrafish")?;
                Some((r, line[..at].chars().count() as u16 + 1))
            })
            .unwrap_or_else(|| panic!("the body on screen:\n{text}"));
        let look = |c: &vt100::Cell| (c.fgcolor(), c.bgcolor(), c.bold(), c.inverse());
        let first = look(s.cell(row, col).unwrap());
        let line = s.rows(0, 120).nth(row as usize).unwrap();
        for c in col..col + 40 {
            let cell = s.cell(row, c).unwrap();
            assert_eq!(
                look(cell),
                first,
                "colour changed at column {c} of:\n{line}"
            );
        }
        assert!(line.contains("red") && line.contains("bold"), "{line}");
        for bidi in ['\u{202e}', '\u{202c}', '\u{2066}', '\u{2069}'] {
            assert!(
                !text.contains(bidi),
                "bidi control {bidi:?} reached the screen"
            );
        }
        let requests = p.callbacks();
        assert!(
            requests.titles.is_empty(),
            "window title set: {:?}",
            requests.titles
        );
        assert!(requests.clipboard.is_empty(), "clipboard written");
        assert_eq!(requests.bells, 0, "bell rung");
        s.contents_between(2, 40, 3, 80)
    };
    let send = |keys: &mut Box<dyn Write + Send>, k: &[u8]| {
        keys.write_all(k).unwrap();
        keys.flush().unwrap();
    };
    let first = check();
    send(&mut keys, b"j");
    wait_for("the other article", &|s| {
        s.contents_between(2, 40, 3, 80) != first
    });
    let second = check();
    if !second.contains("Zebrafish red") {
        send(&mut keys, b"k");
        wait_for("the feed's article", &|s| {
            s.contents_between(2, 40, 3, 80).contains("Zebrafish red")
        });
    }

    // `o`: the link reaches the browser as one argument, unexpanded.
    send(&mut keys, b"o");
    let start = Instant::now();
    while !args_file.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the browser was not started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let args = std::fs::read_to_string(&args_file).unwrap();
    let args: Vec<&str> = args.lines().collect();
    // One argument: the link as the feed gave it (the URL parser may
    // percent-encode some of its characters, never split it).
    assert_eq!(args.len(), 1, "{args:?}");
    assert!(
        args[0].starts_with("https://example.com/a;touch$") && args[0].contains("$(touch$"),
        "{args:?}"
    );
    for n in 1..=4 {
        assert!(
            !dir.path().join(format!("pwned{n}")).exists(),
            "pwned{n} was created: a shell ran the link"
        );
    }

    send(&mut keys, b"q");
    let status = pty::wait_exit(child.as_mut());
    assert!(status.success(), "{status:?}");
    drop(keys);
    drop(master);
    let _ = pump.join();
    let p = parser.lock().unwrap();
    assert!(!p.screen().alternate_screen(), "alternate screen left");
    assert!(p.callbacks().titles.is_empty());
}
