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

/// Articles extracted as an import extracts them: each gets its section.
fn sectioned_app() -> App {
    let text = [
        (
            "a.txt",
            "Arsenal beat Chelsea in the Premier League",
            "The striker scored twice as Arsenal won the league match.",
        ),
        (
            "b.txt",
            "Rangers win the Scottish Cup final",
            "The manager praised his players after the cup final.",
        ),
        (
            "c.txt",
            "Chancellor raises taxes in the budget",
            "The chancellor told MPs that income tax and inflation would rise.",
        ),
        (
            "d.txt",
            "Shares fall as profits slump",
            "The company's shares fell after profits and sales slumped, investors said.",
        ),
    ];
    let mut lib = gazette::store::Library::in_memory().unwrap();
    let processed: Vec<_> = text
        .iter()
        .map(|(source, title, body)| {
            gazette::pipeline::process(
                gazette::extract::Extractor::builtin(),
                gazette::article::Article::new(*source, *title, vec![body.to_string()]),
            )
        })
        .collect();
    lib.import(&processed).unwrap();
    App::new(Box::new(lib), "", (120, 40), Theme::plain())
}

/// Enter on a section in the side panel adds its exact chip, which lists
/// as many articles as the panel counted; the header names it readably.
#[test]
fn a_section_chip_lists_as_many_articles_as_the_panel_counted() {
    let mut a = sectioned_app();
    press(&mut a, "a");
    // Into the side panel (sections have no jump key: they follow Issues).
    press(&mut a, "i");
    let screen = format!("{}", draw(&a).backend());
    assert!(screen.contains("Sections"), "{screen}");
    let sections: Vec<(usize, gazette::entity::Facet)> = a
        .side
        .items
        .iter()
        .cloned()
        .enumerate()
        .filter(|(_, f)| f.kind == gazette::entity::Kind::Section)
        .collect();
    let keys: Vec<&str> = sections.iter().map(|(_, f)| f.key.as_str()).collect();
    assert!(
        keys.contains(&"sport") && keys.contains(&"economy"),
        "{keys:?}"
    );
    for (n, f) in &sections {
        a.side.selected = *n;
        press(&mut a, "enter");
        assert_eq!(a.chips, [format!("section:={}", f.key)]);
        assert_eq!(a.ids.len(), f.count, "{} ({})", f.label, f.term);
        press(&mut a, "enter");
        assert!(a.chips.is_empty(), "Enter again removes {}", f.term);
    }
    let sport = sections.iter().find(|(_, f)| f.key == "sport").unwrap();
    assert_eq!(sport.1.count, 2);
    a.side.selected = sport.0;
    press(&mut a, "enter");
    let screen = format!("{}", draw(&a).backend());
    assert!(screen.contains(" section = Sport "), "{screen}");
    // The other sections of the results are the sport articles' only.
    assert_eq!(a.ids.len(), 2);
}
