//! Who said what in the reader: quotes stored at import are marked in the
//! article with their speaker, listed by speaker in the side panel (Enter
//! adds an exact `said:=` chip counting what the panel counted), and shown
//! newest first in the quotes view, whose Enter opens the article at the
//! quote. On the library API, on a test backend, and in a pseudo-terminal.

use std::io::Write;
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};

use chrono::{TimeZone, Utc};
use gazette::Article;
use gazette::entity::Kind;
use gazette::extract::Extractor;
use gazette::pipeline::Processed;
use gazette::query::parse;
use gazette::store::Library;
use gazette::tui::{App, Pane, Theme, ViewKind};
use ratatui::style::Modifier;

use crate::support::pty;
use crate::support::tui::{draw, press};

/// (file, title, date as (year, month, day), paragraphs)
type Story = (&'static str, &'static str, (i32, u32, u32), Vec<String>);

fn stories() -> Vec<Story> {
    let mut long: Vec<String> = (1..=30)
        .map(|n| format!("Background paragraph {n} on the public finances and the budget."))
        .collect();
    long.insert(
        0,
        "Chancellor Rachel Reeves spoke in the Commons on Tuesday.".into(),
    );
    long.push(
        "\"Growth is the number one mission of this government,\" said Rachel Reeves.".into(),
    );
    vec![
        (
            "a.md",
            "Defence budget rises",
            (2025, 3, 1),
            vec![
                "Prime Minister Keir Starmer set out new defence spending on Monday.".into(),
                "\"We will spend what it takes to keep this country safe,\" said Keir Starmer.".into(),
                "\"The president has been clear about the deadline,\" the White House said in a statement.".into(),
            ],
        ),
        (
            "b.md",
            "Starmer on trade",
            (2025, 4, 1),
            vec![
                "Keir Starmer met business leaders in Leeds.".into(),
                "\"Trade with our neighbours matters more than ever before,\" Starmer said.".into(),
            ],
        ),
        (
            "c.md",
            "Starmer mentioned only",
            (2025, 5, 1),
            vec!["Keir Starmer was absent from the debate in the Commons on Tuesday, officials noted.".into()],
        ),
        ("d.md", "Chancellor speaks", (2025, 2, 1), long),
    ]
}

fn processed() -> Vec<Processed> {
    let x = Extractor::default();
    stories()
        .into_iter()
        .map(|(file, title, (y, m, d), paras)| {
            let mut a = Article::new(file, title, paras);
            a.date = Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).single();
            let entities = x.extract(&a);
            Processed {
                article: a,
                entities,
                removed: Vec::new(),
            }
        })
        .collect()
}

fn library() -> Library {
    let mut lib = Library::in_memory().unwrap();
    lib.import(&processed()).unwrap();
    lib
}

fn app(theme: Theme) -> App {
    App::new(Box::new(library()), "", (120, 40), theme)
}

fn count(lib: &Library, q: &str) -> usize {
    lib.search(&parse(q).unwrap()).unwrap().len()
}

fn select_title(a: &mut App, title: &str) {
    let at = a
        .ids
        .iter()
        .position(|&id| a.source.meta(id).unwrap().title == title)
        .unwrap();
    press(a, "g");
    for _ in 0..at {
        press(a, "j");
    }
}

#[test]
fn said_filters_by_who_is_quoted_not_who_is_named() {
    let lib = library();
    assert_eq!(count(&lib, "person:starmer"), 3);
    assert_eq!(count(&lib, "said:starmer"), 2);
    assert_eq!(count(&lib, "quoted:starmer"), 2);
    assert_eq!(count(&lib, "said:=\"Keir Starmer\""), 2);
    assert_eq!(count(&lib, "said:=\"keir  STARMER\""), 2);
    assert_eq!(count(&lib, "said:=starmer"), 0);
    assert_eq!(count(&lib, "said:\"white house\""), 1);
    assert_eq!(count(&lib, "said:starmer title:defence"), 1);
    assert_eq!(count(&lib, "said:starmer -said:white"), 1);
    assert_eq!(count(&lib, "said:reeves"), 1);
}

#[test]
fn a_speaker_chip_from_the_side_panel_counts_what_the_panel_counted() {
    let mut a = app(Theme::plain());
    press(&mut a, "a");
    press(&mut a, "p");
    assert_eq!(a.focus, Pane::Side);
    let speakers: Vec<_> = a
        .side
        .items
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == Kind::Speaker)
        .map(|(i, f)| (i, f.clone()))
        .collect();
    let labels: Vec<(&str, usize)> = speakers
        .iter()
        .map(|(_, f)| (f.label.as_str(), f.count))
        .collect();
    assert_eq!(
        labels,
        [
            ("Keir Starmer", 2),
            ("Rachel Reeves", 1),
            ("White House", 1)
        ]
    );
    for (i, f) in &speakers {
        a.side.selected = *i;
        press(&mut a, "enter");
        assert_eq!(a.chips.as_slice(), std::slice::from_ref(&f.term));
        assert_eq!(a.ids.len(), f.count, "{}", f.term);
        press(&mut a, "enter");
        assert!(a.chips.is_empty());
    }
    assert_eq!(speakers[0].1.term, "said:=\"Keir Starmer\"");
    let screen = format!("{}", draw(&a).backend());
    assert!(screen.contains("Quoted"), "{screen}");
}

#[test]
fn the_reader_marks_each_quote_with_its_speaker_and_the_panel_lists_them() {
    for theme in [Theme::plain(), Theme::dark()] {
        let mut a = app(theme);
        select_title(&mut a, "Defence budget rises");
        // This article's speakers, each with its quotes.
        let said: Vec<(&str, usize)> = a
            .side
            .items
            .iter()
            .filter(|f| f.kind == Kind::Speaker)
            .map(|f| (f.label.as_str(), f.count))
            .collect();
        assert_eq!(said, [("Keir Starmer", 1), ("White House", 1)]);

        let t = draw(&a);
        let buf = t.backend().buffer();
        let text = format!("{}", t.backend());
        assert!(
            text.contains("safe,\" [Keir Starmer] said Keir Starmer."),
            "{text}"
        );
        assert!(
            text.contains("deadline,\" [White House] the White"),
            "{text}"
        );
        // The label is in the speaker style (bold in any theme), the quoted
        // words in italics; the text around them in neither.
        let find = |needle: &str| -> (u16, u16) {
            for y in 0..buf.area.height {
                let row: String = (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect();
                if let Some(at) = row.find(needle) {
                    return (row[..at].chars().count() as u16, y);
                }
            }
            panic!("{needle} not drawn:\n{text}");
        };
        let (x, y) = find("[Keir Starmer]");
        let label = buf[(x + 1, y)].style();
        assert!(label.add_modifier.contains(Modifier::BOLD), "{label:?}");
        if theme.color() {
            assert_eq!(label.fg, theme.mention(Kind::Speaker).fg);
        }
        let (x, y) = find("We will spend");
        assert!(buf[(x, y)].style().add_modifier.contains(Modifier::ITALIC));
        let (x, y) = find("Prime Minister");
        assert!(!buf[(x, y)].style().add_modifier.contains(Modifier::ITALIC));
    }
}

#[test]
fn the_quotes_view_lists_newest_first_and_enter_opens_the_article_at_the_quote() {
    let mut a = app(Theme::plain());
    press(&mut a, "Q");
    let p = a.picture.as_ref().expect("the quotes view is open");
    assert_eq!(p.kind, ViewKind::Quotes);
    let who: Vec<&str> = p.items.iter().map(|f| f.label.as_str()).collect();
    // Trade (April), defence (March: two quotes, in order), the chancellor (February).
    assert_eq!(
        who,
        [
            "Keir Starmer",
            "Keir Starmer",
            "White House",
            "Rachel Reeves"
        ]
    );
    let screen = format!("{}", draw(&a).backend());
    assert!(screen.contains("Quotes · 4"), "{screen}");
    assert!(
        screen.contains("Keir Starmer: “Trade with our neighbours"),
        "{screen}"
    );
    assert!(screen.contains("Q switch"), "{screen}");

    // The filter narrows it, like every picture.
    press(&mut a, "/");
    for c in "said:reeves".chars() {
        press(&mut a, &c.to_string());
    }
    press(&mut a, "enter");
    let p = a.picture.as_ref().expect("still open");
    assert_eq!(p.items.len(), 1);
    press(&mut a, "enter");
    assert!(a.picture.is_none());
    assert_eq!(a.focus, Pane::Reader);
    let id = a.current().unwrap();
    assert_eq!(a.source.meta(id).unwrap().title, "Chancellor speaks");
    // Scrolled down to the quote, which is on screen.
    assert!(a.reader_scroll() > 20, "{}", a.reader_scroll());
    let screen = format!("{}", draw(&a).backend());
    assert!(screen.contains("[Rachel Reeves]"), "{screen}");

    // Q again closes it; Esc too.
    press(&mut a, "Q");
    assert!(a.picture.is_some());
    press(&mut a, "Q");
    assert!(a.picture.is_none());
}

#[test]
fn with_a_said_filter_the_quotes_view_keeps_that_speakers_quotes() {
    // The defence article quotes Starmer and the White House.
    let mut a = App::new(Box::new(library()), "said:white", (120, 40), Theme::plain());
    assert_eq!(a.ids.len(), 1);
    press(&mut a, "Q");
    let who: Vec<&str> = a
        .picture
        .as_ref()
        .unwrap()
        .items
        .iter()
        .map(|f| f.label.as_str())
        .collect();
    assert_eq!(who, ["White House"]);
    // Without it, both.
    let mut a = App::new(
        Box::new(library()),
        "title:defence",
        (120, 40),
        Theme::plain(),
    );
    press(&mut a, "Q");
    assert_eq!(a.picture.as_ref().unwrap().items.len(), 2);
}

#[test]
fn quotes_view_and_marks_in_a_pseudo_terminal_without_colour() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let files = dir.path().join("articles");
    std::fs::create_dir_all(&files).unwrap();
    for (file, title, (y, m, d), paras) in stories() {
        let text = format!(
            "---\ntitle: {title}\ndate: {y}-{m:02}-{d:02}\n---\n\n{}\n",
            paras.join("\n\n")
        );
        std::fs::write(files.join(file), text).unwrap();
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&files)
        .env_remove("GAZETTE_DB")
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let (master, mut child) = pty::spawn(
        dir.path(),
        &db,
        &["said:starmer", "until:2025-12-31"],
        &[("NO_COLOR", "1")],
        &[],
    );
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(30).unwrap(),
        NonZeroU16::new(120).unwrap(),
        0,
    )));
    let pump = pty::pump(&*master, &screen);
    let mut keys = master.take_writer().unwrap();
    let mut send = |b: &[u8]| {
        keys.write_all(b).unwrap();
        keys.flush().unwrap();
    };
    let has = |t: &'static str| move |s: &vt100::Screen| s.contents().contains(t);
    pty::wait_for(&screen, "the filtered list", has("2 of"));
    send(b"Q");
    pty::wait_for(&screen, "the quotes view", has("Quotes · 2"));
    pty::wait_for(&screen, "the newest quote first", |s| {
        s.contents()
            .lines()
            .find(|l| l.contains("Keir Starmer: “"))
            .is_some_and(|l| l.contains("Trade with our neighbours"))
    });
    // Down to the defence quote and open it: the reader shows the quote
    // with its speaker named after it, readable without colour.
    send(b"j\r");
    pty::wait_for(
        &screen,
        "the marked quote",
        has("safe,\" [Keir Starmer] said"),
    );
    send(b"q");
    send(b"q");
    send(b"q");
    let status = pty::wait_exit(child.as_mut());
    assert!(status.success(), "{status:?}");
    drop(keys);
    drop(master);
    let _ = pump.join();
}
