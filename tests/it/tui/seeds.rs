//! The reader on the real seed library (SQLite, real extraction): what a new
//! user sees on first start, and filtering by a person from the side panel.

use crate::support::tui as tui_common;

use gazette::entity::Kind;
use gazette::store::Library;
use gazette::tui::{App, Theme};
use tui_common::{draw, press, screen, titles};

fn seed_app(w: u16, h: u16) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    // Opening a new library imports the bundled seeds.
    let library = Library::open(&dir.path().join("library.db")).unwrap();
    assert_eq!(library.len(), 3);
    (App::new(Box::new(library), "", (w, h), Theme::plain()), dir)
}

fn seed_names(app: &App) -> Vec<String> {
    let mut names: Vec<String> = app
        .ids
        .iter()
        .map(|&id| app.source.meta(id).unwrap().source)
        .map(|s| s.trim_start_matches("seeds/")[..3].to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn seed_library_main_screen_120x40() {
    let (app, _dir) = seed_app(120, 40);
    let screen = screen(&app);
    assert!(screen.contains("3 of 3"));
    insta::assert_snapshot!(screen);
}

#[test]
fn seed_library_main_screen_80x24() {
    let (app, _dir) = seed_app(80, 24);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn selecting_donald_trump_in_the_side_panel_leaves_seeds_001_and_002() {
    let (mut app, _dir) = seed_app(120, 40);
    assert_eq!(titles(&app).len(), 3);
    // The side panel over the whole library, then down to Donald Trump.
    press(&mut app, "a");
    press(&mut app, "p");
    let target = app
        .side
        .items
        .iter()
        .position(|f| f.kind == Kind::Person && f.label == "Donald Trump")
        .expect("Donald Trump is among the seed library's people");
    while app.side.selected < target {
        press(&mut app, "j");
    }
    press(&mut app, "enter");
    assert_eq!(app.chips, ["person:=\"Donald Trump\""]);
    assert_eq!(seed_names(&app), ["001", "002"]);
    insta::assert_snapshot!(screen(&app));

    // Enter again removes the chip; all three are back.
    press(&mut app, "enter");
    assert!(app.chips.is_empty());
    assert_eq!(seed_names(&app), ["000", "001", "002"]);
}

#[test]
fn the_filter_bar_takes_the_library_language() {
    let (mut app, _dir) = seed_app(120, 40);
    press(&mut app, "/");
    tui_common::type_text(&mut app, "p:starmer (c:fr OR c:ir)");
    assert_eq!(seed_names(&app), ["001", "002"]);
    press(&mut app, "esc");
    assert_eq!(seed_names(&app), ["000", "001", "002"]);
    press(&mut app, "/");
    tui_common::type_text(&mut app, "peple:x");
    let screen = format!("{}", draw(&app).backend());
    assert!(screen.contains("column 1"), "inline error: {screen}");
}

#[test]
fn r_starts_a_background_fetch_and_new_articles_appear_when_it_is_done() {
    use gazette::tui::{Action, Effect, update};
    let (mut app, dir) = seed_app(120, 40);
    press(&mut app, "r");
    assert!(app.fetching);
    assert_eq!(app.take_effects(), [Effect::Fetch]);
    press(&mut app, "r");
    assert!(app.take_effects().is_empty(), "one fetch at a time");
    update(&mut app, Action::FetchProgress { done: 1, total: 2 });
    assert_eq!(app.status.as_deref(), Some("fetching feeds 1/2…"));

    // Meanwhile another connection (the worker's) stores an article.
    let mut worker = Library::open(&dir.path().join("library.db")).unwrap();
    let article = gazette::Article::new(
        "feed:1",
        "Macron meets Starmer",
        vec!["Emmanuel Macron met Keir Starmer in Paris.".into()],
    );
    let processed = gazette::pipeline::process(gazette::Extractor::builtin(), article);
    worker.import(&[processed]).unwrap();
    assert_eq!(app.ids.len(), 3, "nothing changes before the fetch reports");

    update(&mut app, Action::FetchDone("fetched 2 feeds: 1 new".into()));
    assert!(!app.fetching);
    assert_eq!(app.ids.len(), 4);
    assert_eq!(app.status.as_deref(), Some("fetched 2 feeds: 1 new"));
}

#[test]
fn saved_filters_work_in_the_filter_bar() {
    let (mut app, _dir) = seed_app(120, 40);
    app.saved.insert("france".into(), "country:fr".into());
    press(&mut app, "/");
    tui_common::type_text(&mut app, "@france");
    assert_eq!(seed_names(&app), ["002"]);
    tui_common::type_text(&mut app, "x");
    assert!(app.error.as_deref().is_some_and(|e| e.contains("@francex")));
}
