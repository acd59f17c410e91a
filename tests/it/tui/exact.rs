//! A chip made by pointing at an entity (Enter in the side panel or a
//! picture) selects that entity exactly: its result count is the count the
//! panel showed, and the header names it readably.

use crate::support::tui::{draw, howards, press, source};

use gazette::tui::{App, Theme};

fn app() -> App {
    App::new(source(howards()), "", (120, 40), Theme::plain())
}

#[test]
fn every_side_panel_chip_lists_as_many_articles_as_the_panel_counted() {
    let mut a = app();
    press(&mut a, "a");
    assert!(a.side.aggregate);
    press(&mut a, "p");
    let items = a.side.items.clone();
    assert!(items.len() >= 6, "{items:?}");
    for (n, f) in items.iter().enumerate() {
        a.side.selected = n;
        press(&mut a, "enter");
        assert_eq!(a.chips.as_slice(), std::slice::from_ref(&f.term));
        assert_eq!(a.ids.len(), f.count, "{} ({})", f.label, f.term);
        press(&mut a, "enter");
        assert!(a.chips.is_empty(), "Enter again removes {}", f.term);
    }
    // The two cases a word prefix gets wrong: every Howard, and the issue
    // whose id is a word of another issue's label.
    let count = |label: &str| items.iter().find(|f| f.label == label).unwrap().count;
    assert_eq!(count("Michael Howard"), 2);
    assert_eq!(count("Economy and inflation"), 2);
}

/// Selects `label` in the side panel's list `group` ("p", "c", "i") and
/// presses Enter on it.
fn point(a: &mut App, group: &str, label: &str) {
    press(a, group);
    a.side.selected = a
        .side
        .items
        .iter()
        .position(|f| f.label == label)
        .unwrap_or_else(|| panic!("{label} is not in the side panel"));
    press(a, "enter");
}

#[test]
fn the_header_names_an_exact_chip_and_the_bar_text_parses_back() {
    let mut a = app();
    press(&mut a, "a");
    point(&mut a, "p", "Michael Howard");
    assert_eq!(a.chips, ["person:=\"Michael Howard\""]);
    point(&mut a, "i", "Economy and inflation");
    assert_eq!(a.chips[1], "issue:=economy");
    assert_eq!(a.ids.len(), 1);
    let screen = format!("{}", draw(&a).backend());
    assert!(screen.contains(" person = Michael Howard "), "{screen}");
    assert!(
        screen.contains(" issue = Economy and inflation "),
        "{screen}"
    );
    // The full query text is what the filter language prints.
    let q = gazette::query::parse(&a.query()).unwrap();
    assert_eq!(q.to_string(), a.query());
}
