//! The reading flow in newsboat and mutt habits: next and previous unread,
//! Space on to the next article, find in the article, mark all read with
//! undo, `q` and Esc backing out one level, the list's order, undated
//! articles dated by when they were stored, and an `is:unread` view that
//! keeps the open article until you move on. Driven by keys, on ratatui's
//! test backend, and the q/Esc flow once in a pseudo-terminal.

use crate::support::pty as pty_common;
use crate::support::tui as tui_common;

use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gazette::query;
use gazette::store::Sort;
use gazette::tui::{self, Action, App, Mode, Order, Pane, Theme};
use ratatui::style::Modifier;
use tui_common::{app, articles, draw, press, screen, source, titles, type_text};

fn read(a: &App, title: &str) -> bool {
    a.ids
        .iter()
        .chain(&a.source.search("").unwrap())
        .filter_map(|&id| a.source.meta(id))
        .find(|m| m.title == title)
        .unwrap_or_else(|| panic!("no article {title:?}"))
        .read
}

fn current_title(a: &App) -> String {
    a.source.meta(a.current().unwrap()).unwrap().title
}

const WEATHER: &str = "Weather notes";
const RALLY: &str = "Trump rally in Pennsylvania";
const STARMER: &str = "Starmer heads to Washington for NATO summit";
const MACRON: &str = "Macron calls snap election";

#[test]
fn n_and_shift_n_go_to_the_next_and_previous_unread_article() {
    let mut a = app(120, 40);
    press(&mut a, "j");
    press(&mut a, "m");
    assert!(read(&a, RALLY));
    press(&mut a, "g");
    // From the list: the read rally is skipped; the list keeps the focus.
    press(&mut a, "n");
    assert_eq!(current_title(&a), STARMER);
    assert_eq!(a.focus, Pane::List);
    assert!(!read(&a, STARMER), "moving in the list reads nothing");
    press(&mut a, "N");
    assert_eq!(current_title(&a), WEATHER);
    press(&mut a, "N");
    assert_eq!(current_title(&a), WEATHER);
    assert_eq!(a.status.as_deref(), Some("no unread article above"));

    // From the reader: the next unread is opened, so it is read.
    press(&mut a, "tab");
    assert_eq!(a.focus, Pane::Reader);
    press(&mut a, "n");
    assert_eq!(current_title(&a), STARMER);
    assert_eq!(a.focus, Pane::Reader);
    assert!(read(&a, STARMER));

    // Within the filter only.
    let mut a = app(120, 40);
    press(&mut a, "/");
    type_text(&mut a, "election");
    press(&mut a, "enter");
    assert_eq!(titles(&a), [RALLY, MACRON]);
    press(&mut a, "n");
    assert_eq!(current_title(&a), MACRON);
    press(&mut a, "n");
    assert_eq!(a.status.as_deref(), Some("no unread article below"));
}

#[test]
fn space_pages_through_an_article_then_opens_the_next() {
    // A short screen: the Starmer article is taller than the reader.
    let mut a = app(120, 12);
    press(&mut a, "j");
    press(&mut a, "j");
    assert_eq!(current_title(&a), STARMER);
    press(&mut a, "tab");
    let mut scrolls = vec![a.reader_scroll()];
    while current_title(&a) == STARMER {
        press(&mut a, "space");
        scrolls.push(a.reader_scroll());
        assert!(scrolls.len() < 20, "Space never left the article");
    }
    assert!(
        scrolls.len() > 2,
        "Space paged before moving on: {scrolls:?}"
    );
    assert!(scrolls[..scrolls.len() - 1].windows(2).all(|w| w[0] < w[1]));
    assert_eq!(current_title(&a), MACRON);
    assert_eq!(a.reader_scroll(), 0, "the next article opens at its top");
    assert_eq!(a.focus, Pane::Reader);
    assert!(read(&a, MACRON));

    // In the list Space still pages.
    let mut a = app(120, 40);
    press(&mut a, "space");
    assert_eq!(a.focus, Pane::List);
    assert_eq!(a.selected, 4);
}

#[test]
fn find_marks_matches_moves_between_them_and_leaves_the_filter_alone() {
    let mut a = app(120, 40);
    press(&mut a, "j");
    press(&mut a, "j");
    press(&mut a, "f");
    assert_eq!(a.focus, Pane::Reader, "find works on the reader");
    assert_eq!(a.mode(), Mode::Find);
    type_text(&mut a, "BIDEN");
    // Control characters never reach the find.
    tui::update(&mut a, Action::FindInput('\u{1b}'));
    assert!(screen(&a).contains("find: BIDEN"));
    let f = a.find.clone().unwrap();
    assert_eq!(f.text, "BIDEN");
    assert_eq!(f.matches.len(), 2, "both mentions, ignoring case");
    press(&mut a, "enter");
    assert_eq!(a.mode(), Mode::Normal);
    assert!(a.bar.is_empty() && a.chips.is_empty() && a.ids.len() == 5);

    // Every match is marked on screen, the current one underlined too.
    let t = draw(&a);
    let buf = t.backend().buffer();
    let marked: Vec<(String, bool)> = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .filter(|&x| buf[(x, y)].modifier.contains(Modifier::REVERSED))
                .map(|x| {
                    let cell = &buf[(x, y)];
                    (
                        cell.symbol().to_string(),
                        cell.modifier.contains(Modifier::UNDERLINED),
                    )
                })
                .collect::<Vec<_>>()
        })
        .filter(|row| !row.is_empty() && row.len() < 20)
        .map(|row| {
            (
                row.iter().map(|(s, _)| s.as_str()).collect(),
                row.iter().all(|(_, u)| *u),
            )
        })
        .collect();
    assert_eq!(
        marked,
        [("Biden".to_string(), true), ("Biden".to_string(), false)]
    );

    assert_eq!(a.find.as_ref().unwrap().current, 0);
    press(&mut a, "n");
    assert_eq!(a.find.as_ref().unwrap().current, 1);
    assert_eq!(current_title(&a), STARMER, "n moves between matches");
    press(&mut a, "n");
    assert_eq!(a.find.as_ref().unwrap().current, 0, "round the end");
    press(&mut a, "N");
    assert_eq!(a.find.as_ref().unwrap().current, 1);

    // Esc clears the find, then goes back to the list.
    press(&mut a, "esc");
    assert!(a.find.is_none());
    assert_eq!(a.focus, Pane::Reader);
    press(&mut a, "esc");
    assert_eq!(a.focus, Pane::List);

    // Nothing found says so; another article starts without a find.
    press(&mut a, "f");
    type_text(&mut a, "zeppelin");
    press(&mut a, "enter");
    assert_eq!(a.status.as_deref(), Some("not found: zeppelin"));
    press(&mut a, "esc");
    press(&mut a, "f");
    type_text(&mut a, "x");
    press(&mut a, "esc");
    assert!(a.find.is_none(), "Esc in the find bar clears it");
}

#[test]
fn esc_and_q_in_the_reader_go_back_to_the_list_keeping_the_filter() {
    let mut a = app(120, 40);
    press(&mut a, "/");
    type_text(&mut a, "election");
    press(&mut a, "enter");
    press(&mut a, "enter");
    assert_eq!(a.focus, Pane::Reader);
    press(&mut a, "esc");
    assert_eq!(a.focus, Pane::List);
    assert_eq!(a.bar, "election");
    assert_eq!(titles(&a), [RALLY, MACRON]);
    // In the list Esc clears the filters, as before.
    press(&mut a, "esc");
    assert_eq!(a.ids.len(), 5);

    // q: help, then picture, then reader, then list.
    press(&mut a, "tab");
    press(&mut a, "?");
    press(&mut a, "q");
    assert!(a.help.is_none() && !a.quit);
    press(&mut a, "M");
    assert!(a.picture.is_some());
    press(&mut a, "q");
    assert!(a.picture.is_none() && !a.quit);
    assert_eq!(a.focus, Pane::Reader);
    press(&mut a, "q");
    assert_eq!(a.focus, Pane::List);
    assert!(!a.quit);
    press(&mut a, "q");
    assert!(a.quit);
}

#[test]
fn enter_in_the_filter_bar_focuses_the_list_on_its_first_row() {
    let mut a = app(120, 40);
    press(&mut a, "j");
    press(&mut a, "j");
    press(&mut a, "j");
    press(&mut a, "tab");
    assert_eq!(a.focus, Pane::Reader);
    press(&mut a, "/");
    type_text(&mut a, "election");
    // The Macron article still matches, and stays selected while typing.
    assert_eq!(current_title(&a), MACRON);
    assert_eq!(a.selected, 1);
    press(&mut a, "enter");
    assert_eq!(a.focus, Pane::List);
    assert_eq!(a.selected, 0);
    assert_eq!(a.list_offset, 0);
    assert_eq!(current_title(&a), titles(&a)[0]);
}

#[test]
fn a_marks_the_whole_filter_read_and_u_undoes_it() {
    let mut a = app(120, 40);
    press(&mut a, "/");
    type_text(&mut a, "election");
    press(&mut a, "enter");
    press(&mut a, "A");
    assert!(read(&a, RALLY) && read(&a, MACRON));
    assert!(
        !read(&a, STARMER) && !read(&a, WEATHER),
        "outside the filter"
    );
    assert_eq!(a.status.as_deref(), Some("marked 2 read · u undoes"));
    press(&mut a, "A");
    assert_eq!(
        a.status.as_deref(),
        Some("every article here is read already")
    );
    press(&mut a, "u");
    assert!(!read(&a, RALLY) && !read(&a, MACRON));
    assert_eq!(a.status.as_deref(), Some("marked 2 unread again"));
    press(&mut a, "u");
    assert_eq!(a.status.as_deref(), Some("nothing to undo"));

    // Undo restores only what A marked: an article read before stays read.
    let mut a = app(120, 40);
    press(&mut a, "m");
    press(&mut a, "A");
    press(&mut a, "u");
    assert!(read(&a, WEATHER));
    assert!(!read(&a, RALLY));
}

#[test]
fn s_cycles_the_order_date_relevance_feed_unread_first() {
    let mut a = app(120, 40);
    let by_date = titles(&a);
    press(&mut a, "S");
    assert_eq!(a.order, Order::Relevance);
    assert!(screen(&a).contains("by relevance"));
    press(&mut a, "S");
    assert_eq!(a.order, Order::Feed);
    // Each article is its own file here: by file name.
    assert_eq!(
        titles(&a),
        [MACRON, RALLY, STARMER, "東京で会議 👉 Tokyo talks", WEATHER]
    );
    press(&mut a, "S");
    assert_eq!(a.order, Order::UnreadFirst);
    assert_eq!(titles(&a), by_date, "all unread: newest first");
    // The open article stays where it is until the list is searched again.
    press(&mut a, "m");
    press(&mut a, "S");
    press(&mut a, "S");
    press(&mut a, "S");
    press(&mut a, "S");
    assert_eq!(a.order, Order::UnreadFirst);
    assert_eq!(titles(&a).last().map(String::as_str), Some(WEATHER));
    press(&mut a, "S");
    assert_eq!(a.order, Order::Date);
    assert_eq!(titles(&a), by_date);
}

#[test]
fn relevance_is_the_library_s_own_ranking_of_the_filter() {
    let lib = tui_common::library(&articles());
    let q = query::parse("biden OR election OR us").unwrap();
    let want = lib.search_by(&q, Sort::Relevance).unwrap();
    assert_ne!(want, lib.search(&q).unwrap(), "the orders differ here");
    let mut a = App::new(
        Box::new(lib),
        "biden OR election OR us",
        (120, 40),
        Theme::dark(),
    );
    press(&mut a, "S");
    assert_eq!(a.order, Order::Relevance);
    assert_eq!(a.ids, want);
}

#[test]
fn undated_articles_show_when_they_were_stored() {
    let a = app(120, 40);
    let screen = screen(&a);
    let row = screen
        .lines()
        .find(|l| l.contains(WEATHER))
        .unwrap()
        .to_string();
    assert!(row.contains("~YYYY-MM-DD"), "{row}");
    assert!(screen.contains("weather.txt · undated, stored YYYY-MM-DD"));
    // Dated articles show their own date.
    let rally = screen.lines().find(|l| l.contains("Trump rally")).unwrap();
    assert!(rally.contains(" 2024-07-14"), "{rally}");
}

#[test]
fn an_unread_view_keeps_the_open_article_until_you_move_on() {
    let mut a = App::new(source(articles()), "is:unread", (120, 40), Theme::dark());
    assert_eq!(a.ids.len(), 5);
    press(&mut a, "tab");
    assert!(read(&a, WEATHER));
    // Searched again (a fetch ended): the open article stays.
    tui::update(&mut a, Action::FetchDone("0 new".into()));
    assert_eq!(a.ids.len(), 5);
    assert_eq!(current_title(&a), WEATHER);
    // Moving on drops it; the next one (read by opening) stays meanwhile.
    press(&mut a, "n");
    assert_eq!(current_title(&a), RALLY);
    assert_eq!(
        titles(&a),
        [RALLY, STARMER, MACRON, "東京で会議 👉 Tokyo talks"]
    );
    press(&mut a, "q");
    press(&mut a, "j");
    assert_eq!(current_title(&a), STARMER);
    assert_eq!(titles(&a), [STARMER, MACRON, "東京で会議 👉 Tokyo talks"]);
    // A typed filter is a new search: only what matches.
    press(&mut a, "tab");
    press(&mut a, "/");
    type_text(&mut a, " election");
    press(&mut a, "enter");
    assert_eq!(titles(&a), [MACRON]);
}

#[test]
fn the_new_keys_are_in_the_help_and_can_be_remapped() {
    let mut a = app(120, 40);
    press(&mut a, "?");
    let mut help = screen(&a);
    for _ in 0..60 {
        press(&mut a, "j");
        help.push_str(&screen(&a));
    }
    for text in [
        "next unread article",
        "previous unread article",
        "at the end of an article, the next one",
        "find in the article",
        "mark every article of the filter read",
        "undo the last mark-all-read",
        "sort by date, relevance, feed, unread first",
        "back out: picture or help, reader, list, then quit",
        "In the find bar",
        "clear the find and close the bar",
    ] {
        assert!(help.contains(text), "help misses {text:?}");
    }

    let mut a = app(120, 40);
    let keys = std::collections::BTreeMap::from([
        ("next-unread".to_string(), vec!["J".to_string()]),
        ("open-find".to_string(), vec!["ctrl-f".to_string()]),
        ("find-cancel".to_string(), vec!["ctrl-g".to_string()]),
    ]);
    a.keymap.remap(&keys).unwrap();
    press(&mut a, "J");
    assert_eq!(a.selected, 1);
    press(&mut a, "ctrl-f");
    assert_eq!(a.mode(), Mode::Find);
    press(&mut a, "ctrl-g");
    assert!(a.find.is_none());
}

/// The real binary: Enter in the filter bar, Enter to read, Esc back to the
/// list with the filter kept, q from the reader to the list, q to quit.
#[test]
fn q_and_esc_back_out_one_level_in_the_real_reader() {
    let dir = tempfile::tempdir().unwrap();
    let (master, mut child) =
        pty_common::spawn(dir.path(), &dir.path().join("x.db"), &[], &[], &[]);
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(30).unwrap(),
        NonZeroU16::new(120).unwrap(),
        0,
    )));
    let pump = pty_common::pump(master.as_ref(), &screen);
    let mut keys = master.take_writer().unwrap();
    let mut send = |bytes: &[u8]| {
        use std::io::Write;
        keys.write_all(bytes).unwrap();
        keys.flush().unwrap();
    };
    // The focused pane's title is bold: the list's at column 2.
    let list_focused = |s: &vt100::Screen| s.cell(1, 2).is_some_and(|c| c.bold());

    pty_common::wait_for(&screen, "the list", |s| s.contents().contains("3 of 3"));
    send(b"/bilateral\r");
    pty_common::wait_for(&screen, "the filtered list, focused", |s| {
        s.contents().contains("1 of 3") && list_focused(s)
    });
    send(b"\r");
    pty_common::wait_for(&screen, "the reader focused", |s| !list_focused(s));
    send(b"\x1b");
    pty_common::wait_for(&screen, "the list again, filter kept", |s| {
        list_focused(s) && s.contents().contains("1 of 3") && s.contents().contains("/bilateral")
    });
    send(b"\r");
    pty_common::wait_for(&screen, "the reader again", |s| !list_focused(s));
    send(b"q");
    pty_common::wait_for(&screen, "q back to the list", list_focused);
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "q in the reader quit");
    send(b"q");
    let status = pty_common::wait_exit(child.as_mut());
    assert!(status.success(), "{status:?}");
    drop(keys);
    drop(master);
    let _ = pump.join();
}

/// Mark-all-read and its undo write every mark in one transaction, kept
/// on disk; undated articles stand in date order by when they were stored.
#[test]
fn the_library_marks_many_at_once_and_dates_undated_articles_by_storing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    let mut lib = gazette::store::Library::open(&path).unwrap();
    lib.import(&articles()).unwrap();
    let all = lib.search(&query::Query::All).unwrap();
    let some: Vec<_> = all
        .iter()
        .copied()
        .filter(|&id| lib.meta(id).unwrap().title != WEATHER)
        .collect();
    let before = chrono::Utc::now().timestamp();
    lib.set_read_many(&some, true).unwrap();
    let lib = gazette::store::Library::open(&path).unwrap();
    for &id in &all {
        let m = lib.meta(id).unwrap();
        assert_eq!(m.read, m.title != WEATHER, "{}", m.title);
        let at = lib.sort_time(id).unwrap();
        match m.date {
            Some(date) => assert_eq!(at, date),
            None => assert!((at.timestamp() - before).abs() < 60, "{at}"),
        }
    }
}
