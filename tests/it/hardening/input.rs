//! Hostile input through the commands a user runs: queries deep enough to
//! overflow a recursive parser, letters search must find, and names and
//! titles holding terminal escape sequences.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gazette(db: &Path, config_home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gazette"));
    c.arg("--db")
        .arg(db)
        .env_remove("GAZETTE_DB")
        .env("XDG_CONFIG_HOME", config_home)
        .env("NO_COLOR", "1");
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("gazette runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A library in a temporary directory, with its own (empty) config home.
struct Lib {
    dir: tempfile::TempDir,
}

impl Lib {
    fn new() -> Lib {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config/gazette")).unwrap();
        Lib { dir }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("lib.db")
    }

    fn cmd(&self) -> Command {
        gazette(&self.db(), &self.dir.path().join("config"))
    }

    /// Imports `files` (name, text) written under a fresh directory.
    fn import(&self, files: &[(&str, &str)]) {
        let root = self.dir.path().join("in");
        std::fs::create_dir_all(&root).unwrap();
        for (name, text) in files {
            std::fs::write(root.join(name), text).unwrap();
        }
        let o = run(self.cmd().arg("import").arg(&root));
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

#[test]
fn deep_or_long_queries_exit_2_naming_the_limit() {
    let lib = Lib::new();
    lib.import(&[("a.txt", "Keir Starmer\n\nKeir Starmer spoke.\n")]);
    let nested = |n: usize| format!("{}keir{}", "(".repeat(n), ")".repeat(n));
    let cases = [
        (nested(9000), "the limit is 10000"),
        ("(".repeat(20_000), "the limit is 10000"),
        (format!("{}keir", "-".repeat(100_000)), "the limit is 10000"),
        (nested(150), "more than 100 levels"),
        (format!("{}keir", "-".repeat(5000)), "more than 100 levels"),
    ];
    for (query, limit) in &cases {
        for command in ["list", "people"] {
            let o = run(lib.cmd().args([command, "--", query]));
            let err = stderr(&o);
            let shown: String = err.chars().take(300).collect();
            assert_eq!(o.status.code(), Some(2), "{command}: {shown}");
            assert!(err.contains(limit), "{command}: {shown}");
            assert_eq!(err.lines().count(), 1, "{shown}");
        }
    }
    // A saved filter is checked the same way once expanded.
    std::fs::write(
        lib.dir.path().join("config/gazette/config.toml"),
        format!("[filters]\ndeep = \"{}\"\n", "(".repeat(9500)),
    )
    .unwrap();
    let o = run(lib.cmd().args(["list", "@deep"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("more than 100 levels"),
        "{}",
        stderr(&o)
    );
    // At the limit the query runs.
    let o = run(lib.cmd().arg("list").arg(nested(100)));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("in/a.txt"), "{}", stdout(&o));
}

/// Terminal controls a file name, title or feed name may hold: an OSC
/// title change, a colour, an 8-bit CSI, a bidi override, a line break.
const HOSTILE: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[31mred\u{9b}2J\u{202e}x\ny";

/// The characters that must never reach a terminal from a command's output.
fn controls(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn no_command_prints_a_control_character_from_names_or_titles() {
    let lib = Lib::new();
    let name = format!("a{HOSTILE}.txt");
    let root = lib.dir.path().join("in");
    std::fs::create_dir_all(&root).unwrap();
    let article = root.join(&name);
    std::fs::write(
        &article,
        format!(
            "Keir Starmer in France {HOSTILE}\n\nKeir Starmer visited France and Gaza. {HOSTILE}\n"
        ),
    )
    .unwrap();
    // Not text at all: skipped, with its name in the message.
    std::fs::write(root.join(format!("b{HOSTILE}.txt")), b"\x7fELF\0\0\0\0").unwrap();
    let opml = lib.dir.path().join(format!("o{HOSTILE}.opml"));
    std::fs::write(
        &opml,
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><body>\
         <outline text=\"opml &#x9b;2J \u{202e}feed\" xmlUrl=\"http://127.0.0.1:1/o.xml\"/>\
         </body></opml>",
    )
    .unwrap();
    let export = lib.dir.path().join("out.opml");

    let o = run(lib.cmd().arg("import").arg(&root));
    assert!(controls(&o.stderr).is_empty(), "import: {}", stderr(&o));
    let id = stdout(&run(lib.cmd().args(["list", "--json", "--", "in/a"])))
        .split('"')
        .nth(3)
        .expect("an id")
        .to_string();
    let feed_name = format!("Evil{HOSTILE}");
    let folder = format!("f{HOSTILE}");
    let sweep: Vec<(&str, Vec<&std::ffi::OsStr>)> = vec![
        (
            "feeds add",
            vec![
                "feeds".as_ref(),
                "add".as_ref(),
                "http://127.0.0.1:1/feed.xml".as_ref(),
                "--name".as_ref(),
                feed_name.as_ref(),
                "--folder".as_ref(),
                folder.as_ref(),
            ],
        ),
        (
            "opml import",
            vec!["opml".as_ref(), "import".as_ref(), opml.as_os_str()],
        ),
        ("list", vec!["list".as_ref()]),
        ("list --json", vec!["list".as_ref(), "--json".as_ref()]),
        ("people", vec!["people".as_ref()]),
        ("people --json", vec!["people".as_ref(), "--json".as_ref()]),
        ("countries", vec!["countries".as_ref()]),
        ("issues", vec!["issues".as_ref()]),
        (
            "issues --explain",
            vec!["issues".as_ref(), "--explain".as_ref(), id.as_ref()],
        ),
        (
            "issues --explain --json",
            vec![
                "issues".as_ref(),
                "--explain".as_ref(),
                id.as_ref(),
                "--json".as_ref(),
            ],
        ),
        ("show id", vec!["show".as_ref(), id.as_ref()]),
        ("show file", vec!["show".as_ref(), article.as_os_str()]),
        ("entities", vec!["entities".as_ref(), article.as_os_str()]),
        (
            "entities --json",
            vec!["entities".as_ref(), "--json".as_ref(), article.as_os_str()],
        ),
        ("feeds list", vec!["feeds".as_ref(), "list".as_ref()]),
        (
            "feeds list --json",
            vec!["feeds".as_ref(), "list".as_ref(), "--json".as_ref()],
        ),
        ("opml export", vec!["opml".as_ref(), "export".as_ref()]),
        (
            "opml export FILE",
            vec!["opml".as_ref(), "export".as_ref(), export.as_os_str()],
        ),
        (
            "fetch",
            vec!["fetch".as_ref(), "--timeout".as_ref(), "2".as_ref()],
        ),
        (
            "bad query",
            vec!["list".as_ref(), "--".as_ref(), HOSTILE.as_ref()],
        ),
        (
            "bad field",
            vec!["list".as_ref(), "--".as_ref(), "x\u{1b}[31m:y".as_ref()],
        ),
        (
            "saved filter",
            vec!["list".as_ref(), "--".as_ref(), "@x\u{9b}y".as_ref()],
        ),
        ("show error", vec!["show".as_ref(), HOSTILE.as_ref()]),
        (
            "feeds remove",
            vec!["feeds".as_ref(), "remove".as_ref(), feed_name.as_ref()],
        ),
    ];
    let mut swept = 0;
    for (what, args) in &sweep {
        let o = run(lib.cmd().args(args));
        for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            let found = controls(bytes);
            assert!(
                found.is_empty(),
                "{what}: {stream} holds {found:?}:\n{}",
                String::from_utf8_lossy(bytes)
            );
        }
        swept += 1;
    }
    let exported = std::fs::read(&export).unwrap();
    assert!(
        controls(&exported).is_empty(),
        "{}",
        String::from_utf8_lossy(&exported)
    );
    // The hostile names were there to be printed: the sweep saw them.
    let listed = stdout(&run(lib.cmd().arg("list")));
    assert!(listed.contains("PWNED"), "{listed}");
    eprintln!("swept {swept} commands");
}

#[test]
fn letters_without_a_decomposition_are_found_as_typed_or_spelled_in_ascii() {
    let lib = Lib::new();
    lib.import(&[(
        "letters.txt",
        "Große Straße in Łódź\n\nSøren Ørsted wrote an encyclopædia in İstanbul; Þór and Đorđe œuvre.\n",
    )]);
    for q in [
        "große",
        "grosse",
        "Straße",
        "STRASSE",
        "Łódź",
        "lodz",
        "søren",
        "soren",
        "ørsted",
        "encyclopædia",
        "encyclopaedia",
        "istanbul",
        "İstanbul",
        "thor",
        "dorde",
        "oeuvre",
        "title:łódź",
        "title:lodz",
        "\"grosse strasse\"",
    ] {
        let o = run(lib.cmd().args(["list", "--", q]));
        assert!(
            stdout(&o).contains("letters.txt"),
            "{q}: {}{}",
            stdout(&o),
            stderr(&o)
        );
    }
}

use crate::support::pty as pty_common;

/// An abort in any thread of the reader (a stack overflow is one) ends the
/// process, and no panic hook or destructor runs: the terminal must still
/// be left cooked, on the main screen, with the cursor and no mouse mode.
#[test]
fn an_abort_in_the_reader_restores_the_terminal() {
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let (master, mut child) =
        pty_common::spawn(dir.path(), &db, &[], &[("GAZETTE_TEST_ABORT", "1")], &[]);
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(30).unwrap(),
        std::num::NonZeroU16::new(120).unwrap(),
        0,
    )));
    let pump = pty_common::pump(master.as_ref(), &screen);
    let status = pty_common::wait_exit(child.as_mut());
    assert!(!status.success(), "the test hook aborts: {status:?}");
    // The terminal's line discipline is cooked again: echo and canonical input.
    let termios = master.get_termios().expect("termios of the terminal");
    let local = termios.local_flags.bits();
    assert!(
        local & libc::ICANON != 0 && local & libc::ECHO != 0,
        "raw mode left: {:?}",
        termios.local_flags
    );
    drop(master);
    let _ = pump.join();
    let s = screen.lock().unwrap();
    assert!(!s.screen().alternate_screen(), "alternate screen left");
    assert!(!s.screen().hide_cursor(), "cursor hidden");
}
