//! The pictures (map, timeline, overview) and saved filters in the reader,
//! on the seed library and on the hand-made articles.

use crate::support::tui as tui_common;

use std::collections::HashMap;

use gazette::config::{Config, save_filter};
use gazette::entity::Kind;
use gazette::store::Library;
use gazette::tui::{App, Data, Effect, Picture, ViewKind, split_save};
use gazette::tui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_common::{draw, press, titles, type_text};

fn seed_app(w: u16, h: u16) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    // Opening a new library imports the bundled seeds.
    let library = Library::open(&dir.path().join("library.db")).unwrap();
    (App::new(Box::new(library), "", (w, h), Theme::plain()), dir)
}

fn picture(app: &App) -> &Picture {
    app.picture.as_ref().expect("a picture is open")
}

/// Moves the picture's selection down to the item labelled `label`.
fn select(app: &mut App, label: &str) {
    let target = picture(app)
        .items
        .iter()
        .position(|f| f.label == label)
        .unwrap_or_else(|| panic!("{label} is not in the picture's list"));
    press(app, "g");
    while picture(app).selected < target {
        press(app, "j");
    }
}

/// Articles among the results per entity label of `kind`, counted from each
/// article's own entities rather than through the facets the views use.
fn count_by_hand(app: &App, kind: Kind) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for &id in &app.ids {
        let e = app.source.entities(id);
        let labels: Vec<String> = match kind {
            Kind::Person => e.people.iter().map(|p| p.name.clone()).collect(),
            Kind::Country => e.countries.iter().map(|c| c.name.clone()).collect(),
            Kind::Issue => e.issues.iter().map(|i| i.label.clone()).collect(),
            Kind::Section => e.sections.iter().map(|s| s.label.clone()).collect(),
            Kind::Speaker => app
                .source
                .quotes(id)
                .into_iter()
                .filter_map(|q| q.speaker)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            Kind::Role | Kind::Leader => Vec::new(),
        };
        for l in labels {
            *counts.entry(l).or_default() += 1;
        }
    }
    counts
}

#[test]
fn seed_library_map_120x40() {
    let (mut app, _dir) = seed_app(120, 40);
    press(&mut app, "M");
    assert_eq!(picture(&app).kind, ViewKind::Map);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn seed_library_timeline_120x40() {
    let (mut app, _dir) = seed_app(120, 40);
    press(&mut app, "T");
    let screen = format!("{}", draw(&app).backend());
    // The seed articles carry no date.
    assert!(screen.contains("no dated articles (3 undated)"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn seed_library_overview_120x40() {
    let (mut app, _dir) = seed_app(120, 40);
    press(&mut app, "O");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn dated_timeline_120x40() {
    let mut app = tui_common::app(120, 40);
    app.theme = Theme::plain();
    press(&mut app, "T");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn enter_on_a_map_country_narrows_the_list() {
    let (mut app, _dir) = seed_app(120, 40);
    press(&mut app, "M");
    select(&mut app, "France");
    press(&mut app, "enter");
    assert_eq!(app.chips, ["country:=FR"]);
    assert_eq!(app.ids.len(), 1);
    for &id in &app.ids {
        assert!(
            app.source
                .entities(id)
                .countries
                .iter()
                .any(|c| c.code == "FR")
        );
    }
    // The map now shows the narrowed results, France still selected.
    let p = picture(&app);
    assert_eq!(p.current().map(|f| f.label.as_str()), Some("France"));
    assert!(p.items.iter().all(|f| f.count <= 1));
    // Enter again removes the filter; Esc goes back to the panes.
    press(&mut app, "enter");
    assert!(app.chips.is_empty());
    assert_eq!(app.ids.len(), 3);
    press(&mut app, "esc");
    assert!(app.picture.is_none());
}

#[test]
fn the_map_marks_each_country_by_its_article_count() {
    let mut app = tui_common::app(120, 40);
    press(&mut app, "j"); // the Trump rally, below the undated article
    press(&mut app, "M");
    let by_hand = count_by_hand(&app, Kind::Country);
    let p = picture(&app);
    assert_eq!(p.items.len(), by_hand.len());
    for f in &p.items {
        assert_eq!(f.count, by_hand[&f.label], "{}", f.label);
    }
    assert_eq!(p.items[0].label, "United States");
    let Data::Map(marks) = &p.data else {
        panic!("not a map")
    };
    assert!(
        marks.iter().all(Option::is_some),
        "every country has a place"
    );

    // `a`: only the selected article's countries (the rally's).
    press(&mut app, "a");
    let p = picture(&app);
    assert!(!p.aggregate);
    let labels: Vec<&str> = p.items.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["United States"]);
}

#[test]
fn timeline_buckets_sum_to_the_result_count() {
    let mut app = tui_common::app(120, 40);
    press(&mut app, "T");
    let Data::Timeline(t) = &picture(&app).data else {
        panic!("not a timeline")
    };
    assert_eq!(t.all.total() as usize + t.all.undated, app.ids.len());
    assert_eq!(t.all.undated, 1, "Weather notes has no date");

    // The selected person's articles, on the same buckets.
    select(&mut app, "Joe Biden");
    let Data::Timeline(t) = &picture(&app).data else {
        panic!("not a timeline")
    };
    assert_eq!(t.selected.counts.len(), t.all.counts.len());
    assert_eq!(t.selected.total(), 2);
    for (s, a) in t.selected.counts.iter().zip(&t.all.counts) {
        assert!(s <= a);
    }

    // A narrower filter: the counts follow.
    press(&mut app, "/");
    type_text(&mut app, "c:us");
    press(&mut app, "enter");
    let Data::Timeline(t) = &picture(&app).data else {
        panic!("not a timeline")
    };
    assert_eq!(app.ids.len(), 3);
    assert_eq!(t.all.total() as usize + t.all.undated, 3);
    // Elections: the rally is in the US, Macron's snap election is not.
    select(&mut app, "Elections");
    let Data::Timeline(t) = &picture(&app).data else {
        panic!("not a timeline")
    };
    assert_eq!(t.selected.total(), 1);
}

#[test]
fn the_overview_leads_with_the_most_frequent_person() {
    let (mut app, _dir) = seed_app(120, 40);
    press(&mut app, "O");
    let by_hand = count_by_hand(&app, Kind::Person);
    let most = by_hand.values().copied().max().unwrap();
    let p = picture(&app);
    assert_eq!(p.items[0].count, most);
    assert_eq!(by_hand[&p.items[0].label], most);
    assert_eq!(p.items[0].label, "Keir Starmer");

    // Named together with the selected person: counted by hand over the
    // articles naming them.
    select(&mut app, "Donald Trump");
    let mut together: HashMap<String, usize> = HashMap::new();
    for &id in &app.ids {
        let names: Vec<String> = app
            .source
            .entities(id)
            .people
            .into_iter()
            .map(|p| p.name)
            .collect();
        if names.iter().any(|n| n == "Donald Trump") {
            for n in names.into_iter().filter(|n| n != "Donald Trump") {
                *together.entry(n).or_default() += 1;
            }
        }
    }
    let Data::Overview(o) = &picture(&app).data else {
        panic!("not an overview")
    };
    assert_eq!(o.together.len(), together.len());
    for f in &o.together {
        assert_eq!(f.count, together[&f.label], "{}", f.label);
    }
    assert!(o.together.windows(2).all(|w| w[0].count >= w[1].count));
}

#[test]
fn picture_keys_switch_close_and_leave_the_panes_alone() {
    let mut app = tui_common::app(120, 40);
    let before = titles(&app);
    press(&mut app, "M");
    press(&mut app, "T");
    assert_eq!(picture(&app).kind, ViewKind::Timeline);
    press(&mut app, "T");
    assert!(app.picture.is_none(), "the same key closes it");
    press(&mut app, "O");
    press(&mut app, "s");
    press(&mut app, "tab");
    press(&mut app, "q");
    assert!(
        app.picture.is_none() && !app.quit,
        "q closes the picture only"
    );
    assert_eq!(titles(&app), before);
    assert!(!app.source.meta(app.ids[0]).unwrap().starred);
}

#[test]
fn a_click_in_the_pictures_list_selects_the_row() {
    let mut app = tui_common::app(120, 40);
    press(&mut app, "T");
    // The list's first row is under the header line and the border.
    gazette::tui::update(&mut app, gazette::tui::Action::Click(5, 4));
    assert_eq!(picture(&app).selected, 2);
    gazette::tui::update(&mut app, gazette::tui::Action::Click(5, 39));
    assert_eq!(picture(&app).selected, 2, "the footer is not a row");
}

#[test]
fn pictures_open_on_the_side_panels_entity() {
    let mut app = tui_common::app(120, 40);
    press(&mut app, "a");
    press(&mut app, "i");
    let issue = app.side.items[app.side.selected].label.clone();
    press(&mut app, "T");
    assert_eq!(picture(&app).current().unwrap().label, issue);
}

#[test]
fn no_size_panics_in_any_picture() {
    let mut app = tui_common::app(120, 40);
    for key in ["M", "T", "O"] {
        press(&mut app, key);
        for (w, h) in [
            (0, 0),
            (1, 1),
            (3, 2),
            (12, 5),
            (40, 12),
            (80, 24),
            (250, 70),
        ] {
            gazette::tui::update(&mut app, gazette::tui::Action::Resize(w, h));
            press(&mut app, "j");
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| render(&app, f)).unwrap();
        }
        gazette::tui::update(&mut app, gazette::tui::Action::Resize(120, 40));
    }
}

#[test]
fn save_in_the_filter_bar_saves_the_query_before_it() {
    let (mut app, _dir) = seed_app(120, 40);
    press(&mut app, "/");
    type_text(&mut app, "c:fr :save fra");
    assert_eq!(app.error, None, "the command is not part of the query");
    assert_eq!(app.ids.len(), 1);
    press(&mut app, "enter");
    assert_eq!(
        app.take_effects(),
        [Effect::SaveFilter {
            name: "fra".into(),
            query: "c:fr".into()
        }]
    );
    assert_eq!(app.saved["fra"], "c:fr");
    assert_eq!(app.bar, "c:fr");
    assert!(!app.bar_open);

    // Chips and saved filters in the query: saved expanded, so it stands alone.
    press(&mut app, "esc");
    app.chips.push("person:\"Keir Starmer\"".into());
    press(&mut app, "/");
    type_text(&mut app, "@fra :save starmer-fr");
    press(&mut app, "enter");
    assert_eq!(
        app.take_effects(),
        [Effect::SaveFilter {
            name: "starmer-fr".into(),
            query: "person:\"Keir Starmer\" (c:fr)".into()
        }]
    );
}

#[test]
fn save_refuses_bad_names_and_empty_filters() {
    let (mut app, _dir) = seed_app(120, 40);
    press(&mut app, "/");
    type_text(&mut app, ":save all");
    press(&mut app, "enter");
    assert!(app.take_effects().is_empty());
    assert!(app.bar_open);
    assert!(app.error.as_deref().unwrap().contains("empty"));
    press(&mut app, "ctrl-u");
    type_text(&mut app, "c:fr :save a/b");
    press(&mut app, "enter");
    assert!(app.take_effects().is_empty());
    assert!(app.error.as_deref().unwrap().contains("letters, digits"));
    // A filter that does not parse is not saved; its error stays.
    press(&mut app, "ctrl-u");
    type_text(&mut app, "peple:x :save p");
    press(&mut app, "enter");
    assert!(app.take_effects().is_empty());
    assert!(app.error.as_deref().unwrap().contains("column 1"));
    assert!(app.saved.is_empty());
}

#[test]
fn split_save_finds_only_a_command_word() {
    assert_eq!(split_save("c:fr :save uk"), ("c:fr ", Some("uk")));
    assert_eq!(split_save(":save"), ("", Some("")));
    assert_eq!(split_save("a\":save x\""), ("a\":save x\"", None));
    assert_eq!(split_save("x:save y"), ("x:save y", None));
    assert_eq!(split_save(":saved"), (":saved", None));
}

#[test]
fn a_saved_filter_reaches_the_config_file_and_parses_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let before = "# mine\n[ui]\ntheme = \"light\"\n\n[filters]\nuk = \"country:gb\" # home\n";
    std::fs::write(&path, before).unwrap();
    let (mut app, _lib) = seed_app(120, 40);
    press(&mut app, "/");
    type_text(&mut app, "p:starmer c:ir :save starmer-iran");
    press(&mut app, "enter");
    let [Effect::SaveFilter { name, query }] = &app.take_effects()[..] else {
        panic!("one save effect")
    };
    save_filter(&path, name, query).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(before), "{text}");
    let config = Config::parse(&text, &path).unwrap();
    assert_eq!(config.filters["starmer-iran"], "p:starmer c:ir");
    assert_eq!(config.filters["uk"], "country:gb");
    assert_eq!(config.ui.theme, gazette::config::ThemeName::Light);
}

#[test]
fn the_saved_filter_list_applies_one() {
    let (mut app, _dir) = seed_app(120, 40);
    app.saved.insert("france".into(), "country:fr".into());
    app.saved.insert("iran".into(), "country:ir".into());
    press(&mut app, "@");
    assert_eq!(app.picker, Some(0));
    let screen = format!("{}", draw(&app).backend());
    assert!(
        screen.contains("@france") && screen.contains("country:ir"),
        "{screen}"
    );
    press(&mut app, "j");
    press(&mut app, "enter");
    assert_eq!(app.picker, None);
    assert_eq!(app.chips, ["@iran"]);
    assert_eq!(app.ids.len(), 1);
    // Any other key closes the list and does nothing else.
    press(&mut app, "@");
    press(&mut app, "x");
    assert_eq!((app.picker, app.chips.len()), (None, 1));
}
