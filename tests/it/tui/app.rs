//! The TUI's behaviour through keys, clicks and resizes, and its snapshots.

use crate::support::tui as tui_common;

use gazette::tui::{self, Action, App, Effect, Pane, Theme};
use ratatui::style::Color;
use tui_common::{app, articles, draw, press, screen, source, titles, type_text};

fn all_titles() -> Vec<String> {
    titles(&app(120, 40))
}

#[test]
fn lists_newest_first_with_undated_by_when_added() {
    // The undated article counts as dated when it was added (just now).
    assert_eq!(
        all_titles(),
        [
            "Weather notes",
            "Trump rally in Pennsylvania",
            "Starmer heads to Washington for NATO summit",
            "Macron calls snap election",
            "東京で会議 👉 Tokyo talks",
        ]
    );
}

#[test]
fn main_screen_120x40() {
    insta::assert_snapshot!(screen(&app(120, 40)));
}

#[test]
fn main_screen_80x24() {
    insta::assert_snapshot!(screen(&app(80, 24)));
}

#[test]
fn help_overlay_lists_every_key() {
    let mut a = app(120, 40);
    press(&mut a, "?");
    let t = draw(&a);
    insta::assert_snapshot!(t.backend());
    let mut screen = format!("{}", t.backend());
    // A help taller than the screen scrolls.
    for _ in 0..a.keymap.bindings.len() {
        press(&mut a, "j");
        screen.push_str(&format!("{}", draw(&a).backend()));
    }
    for b in &a.keymap.bindings {
        assert!(screen.contains(&b.name), "help misses {}", b.name);
    }
    press(&mut a, "x");
    assert!(a.help.is_none(), "any key closes help");
    assert_eq!(a.chips.len(), 0, "the closing key does nothing else");
}

#[test]
fn entity_from_side_panel_filters_at_once_and_again_removes_it() {
    let mut a = app(120, 40);
    // The Trump rally, below the undated article: Donald Trump, then Joe Biden.
    press(&mut a, "j");
    press(&mut a, "p");
    assert_eq!(a.focus, Pane::Side);
    press(&mut a, "j");
    press(&mut a, "enter");
    assert_eq!(a.chips, ["person:=\"Joe Biden\""]);
    assert_eq!(
        titles(&a),
        [
            "Trump rally in Pennsylvania",
            "Starmer heads to Washington for NATO summit"
        ]
    );
    insta::assert_snapshot!(draw(&a).backend());

    press(&mut a, "enter");
    assert!(a.chips.is_empty());
    assert_eq!(titles(&a), all_titles());

    press(&mut a, "enter");
    press(&mut a, "x");
    assert!(a.chips.is_empty());
    assert_eq!(a.ids.len(), 5);
}

#[test]
fn chips_combine_and_aggregate_panel_counts_articles() {
    let mut a = app(120, 40);
    press(&mut a, "a");
    assert!(a.side.aggregate);
    // Aggregated over all five: the US is in three articles, Joe Biden in two.
    let us = a
        .side
        .items
        .iter()
        .find(|f| f.term == "country:=US")
        .unwrap();
    assert_eq!(us.count, 3);
    let biden = a
        .side
        .items
        .iter()
        .find(|f| f.label == "Joe Biden")
        .unwrap();
    assert_eq!(biden.count, 2);
    press(&mut a, "c");
    assert_eq!(
        a.side.items[a.side.selected].term, "country:=US",
        "most frequent first"
    );
    press(&mut a, "enter");
    assert_eq!(a.ids.len(), 3);
    press(&mut a, "i");
    let nato = a
        .side
        .items
        .iter()
        .position(|f| f.term == "issue:=nato")
        .unwrap();
    while a.side.selected != nato {
        press(&mut a, "j");
    }
    press(&mut a, "enter");
    assert_eq!(titles(&a), ["Starmer heads to Washington for NATO summit"]);
    assert_eq!(a.chips, ["country:=US", "issue:=nato"]);
    press(&mut a, "esc");
    assert!(a.chips.is_empty());
    assert_eq!(a.ids.len(), 5);
}

#[test]
fn filter_bar_filters_live_and_shows_errors_inline() {
    let mut a = app(120, 40);
    press(&mut a, "/");
    type_text(&mut a, "c");
    // A bare word matches the words of title or body that start with it.
    let with_c = titles(&a);
    assert_eq!(with_c.len(), 2);
    type_text(&mut a, ":");
    // Malformed while typing: the error shows, the list stays as it was.
    let err = a.error.clone().expect("an error for an empty value");
    assert!(err.contains("column 3"), "{err}");
    assert_eq!(titles(&a), with_c);
    let screen = format!("{}", draw(&a).backend());
    assert!(screen.contains("✗ column 3"), "{screen}");
    type_text(&mut a, "fr");
    assert!(a.error.is_none());
    assert_eq!(titles(&a), ["Macron calls snap election"]);
    // `q` is text in the bar, not quit.
    type_text(&mut a, " -q");
    assert!(!a.quit);
    assert_eq!(a.bar, "c:fr -q");
    press(&mut a, "enter");
    assert!(!a.bar_open);
    assert_eq!(a.ids.len(), 1);
    press(&mut a, "/");
    press(&mut a, "esc");
    assert!(!a.bar_open);
    assert_eq!(a.bar, "");
    assert_eq!(a.ids.len(), 5);
}

#[test]
fn words_and_negation_in_the_bar() {
    let mut a = app(120, 40);
    press(&mut a, "/");
    type_text(&mut a, "ELECTION -p:\"emmanuel macron\"");
    assert_eq!(titles(&a), ["Trump rally in Pennsylvania"]);
}

#[test]
fn backspace_on_empty_bar_drops_the_last_chip() {
    let mut a = app(120, 40);
    press(&mut a, "j"); // the Trump rally, with a country and an issue
    press(&mut a, "c");
    press(&mut a, "enter");
    press(&mut a, "i");
    press(&mut a, "enter");
    assert_eq!(a.chips.len(), 2);
    let narrowed = a.ids.len();
    press(&mut a, "/");
    type_text(&mut a, "x");
    press(&mut a, "backspace");
    assert_eq!(a.chips.len(), 2);
    press(&mut a, "backspace");
    assert_eq!(a.chips.len(), 1);
    assert!(a.ids.len() >= narrowed);
}

#[test]
fn reading_marks_read_and_star_and_read_toggle() {
    let mut a = app(120, 40);
    let id = a.current().unwrap();
    assert!(!a.source.meta(id).unwrap().read);
    press(&mut a, "enter");
    assert_eq!(a.focus, Pane::Reader);
    assert!(a.source.meta(id).unwrap().read);
    press(&mut a, "m");
    assert!(!a.source.meta(id).unwrap().read);
    press(&mut a, "s");
    assert!(a.source.meta(id).unwrap().starred);
    let screen = format!("{}", draw(&a).backend());
    assert!(screen.contains("●★ Weather notes"), "{screen}");
    press(&mut a, "s");
    assert!(!a.source.meta(id).unwrap().starred);
}

#[test]
fn reader_remembers_scroll_per_article() {
    let mut a = app(60, 12);
    press(&mut a, "j");
    press(&mut a, "j"); // the Starmer article, the longest
    let starmer = a.current().unwrap();
    press(&mut a, "tab");
    assert_eq!(a.focus, Pane::Reader);
    press(&mut a, "j");
    press(&mut a, "j");
    assert_eq!(a.reader_scroll(), 2);
    press(&mut a, "shift-tab");
    press(&mut a, "k");
    assert_eq!(a.reader_scroll(), 0, "other article starts at the top");
    press(&mut a, "j");
    assert_eq!(a.current(), Some(starmer));
    assert_eq!(a.reader_scroll(), 2);
    press(&mut a, "tab");
    press(&mut a, "G");
    let bottom = a.reader_scroll();
    press(&mut a, "j");
    assert_eq!(a.reader_scroll(), bottom, "no scrolling past the end");
    press(&mut a, "g");
    assert_eq!(a.reader_scroll(), 0);
}

#[test]
fn reader_rewraps_on_resize() {
    let mut a = app(120, 40);
    let wide = a.reader.as_ref().unwrap().lines.len();
    tui::update(&mut a, Action::Resize(60, 40));
    let narrow = a.reader.as_ref().unwrap();
    assert!(narrow.lines.len() > wide);
    assert!(
        narrow
            .lines
            .iter()
            .all(|l| l.width() <= usize::from(narrow.width))
    );
}

#[test]
fn list_scrolls_one_row_at_a_time() {
    let mut a = app(120, 6); // two list rows visible
    press(&mut a, "j");
    assert_eq!(a.list_offset, 0);
    press(&mut a, "j");
    assert_eq!(a.list_offset, 1);
    press(&mut a, "G");
    assert_eq!(a.selected, 4);
    assert_eq!(a.list_offset, 3);
    let screen = format!("{}", draw(&a).backend());
    assert!(screen.contains("Tokyo talks"), "{screen}");
    press(&mut a, "g");
    assert_eq!(a.list_offset, 0);
}

#[test]
fn open_link_only_for_web_urls() {
    let mut a = app(120, 40);
    // The undated article has no link; the Trump rally's is `javascript:`.
    press(&mut a, "o");
    assert!(a.take_effects().is_empty());
    press(&mut a, "j");
    press(&mut a, "o");
    assert!(a.take_effects().is_empty());
    assert!(a.status.as_deref().unwrap_or("").contains("not http"));
    press(&mut a, "j");
    press(&mut a, "o");
    assert_eq!(
        a.take_effects(),
        [Effect::OpenUrl("https://example.com/starmer".into())]
    );
    assert!(!tui::is_web_url("https://x.org/a b"));
    assert!(!tui::is_web_url("file:///etc/passwd"));
}

#[test]
fn mouse_click_selects_and_focuses_wheel_scrolls() {
    let mut a = app(120, 40);
    // Row 0 is the header, row 1 the list's border; row 2 + n is article n.
    tui::update(&mut a, Action::Click(5, 4));
    assert_eq!(a.selected, 2);
    assert_eq!(a.focus, Pane::List);
    let side_x = a.size.0 - 3;
    tui::update(&mut a, Action::Click(side_x, 3));
    assert_eq!(a.focus, Pane::Side);
    tui::update(
        &mut a,
        Action::Wheel {
            column: 5,
            row: 10,
            down: true,
        },
    );
    assert_eq!(a.selected, 4);
    assert_eq!(a.focus, Pane::Side, "the wheel does not move focus");
}

#[test]
fn cjk_and_emoji_rows_keep_the_date_column_aligned() {
    let a = app(120, 40);
    let t = draw(&a);
    let buf = t.backend().buffer();
    let date_x = |y: u16| {
        (0..buf.area.width.saturating_sub(10)).find(|&x| {
            let s: String = (x..x + 10).map(|x| buf[(x, y)].symbol()).collect();
            s.starts_with("2024-")
        })
    };
    let rows: Vec<u16> = (2..7).filter(|&y| date_x(y).is_some()).collect();
    assert_eq!(rows.len(), 4, "four dated rows");
    let xs: Vec<_> = rows.iter().map(|&y| date_x(y)).collect();
    assert!(xs.windows(2).all(|w| w[0] == w[1]), "{xs:?}");
}

#[test]
fn no_size_panics_and_narrow_screens_collapse() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 3),
        (10, 4),
        (40, 12),
        (60, 20),
        (80, 24),
        (300, 100),
    ] {
        let mut a = app(w, h);
        for keys in [
            &["?"][..],
            &["esc", "tab"],
            &["tab"],
            &["p"],
            &["b"],
            &["/", "x"],
            &["a", "c", "enter"],
        ] {
            for k in keys {
                press(&mut a, k);
                draw(&a);
            }
        }
        tui::update(&mut a, Action::Click(0, 0));
        tui::update(
            &mut a,
            Action::Wheel {
                column: w / 2,
                row: h / 2,
                down: true,
            },
        );
        draw(&a);
    }
    let mut a = app(40, 12);
    let areas = tui::layout(&a, ratatui::layout::Rect::new(0, 0, 40, 12));
    assert!(areas.side.is_none() && areas.reader.is_none() && areas.list.is_some());
    press(&mut a, "b");
    let areas = tui::layout(&a, ratatui::layout::Rect::new(0, 0, 40, 12));
    assert!(areas.side.is_some(), "b shows the side panel");
    insta::assert_snapshot!(draw(&a).backend());
}

#[test]
fn render_never_emits_control_characters() {
    let mut list = articles();
    list[0].article.title = "Evil \u{1b}[2J title\u{7}\r\n\u{9b}31m".into();
    list[0].article.paragraphs[0] = "bad \u{1b}]0;pwned\u{7} body".into();
    let mut a = App::new(source(list), "", (120, 40), Theme::dark());
    press(&mut a, "enter");
    let t = draw(&a);
    for cell in t.backend().buffer().content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c < ' ' || ('\u{7f}'..='\u{9f}').contains(&c)),
            "control char in {:?}",
            cell.symbol()
        );
    }
    assert!(format!("{}", t.backend()).contains("Evil \u{fffd}[2J"));
}

#[test]
fn no_color_uses_no_colours_but_still_marks_selection() {
    let mut a = App::new(source(articles()), "", (120, 40), Theme::plain());
    press(&mut a, "?");
    press(&mut a, "?");
    let t = draw(&a);
    let cells = t.backend().buffer().content();
    assert!(
        cells
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    assert!(
        cells
            .iter()
            .any(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED))
    );
}

#[test]
fn mentions_are_highlighted_in_the_reader() {
    let mut a = app(120, 40);
    press(&mut a, "j"); // the Trump rally
    let t = draw(&a);
    let buf = t.backend().buffer();
    let theme = Theme::dark();
    // Find "Donald Trump" in the reader and check its style is the person style.
    let area = tui::layout(&a, buf.area).reader.unwrap();
    let mut found = false;
    for y in area.y..area.bottom() {
        let row: String = (area.x..area.right())
            .map(|x| buf[(x, y)].symbol())
            .collect();
        if let Some(i) = row.find("Donald Trump") {
            let x = area.x + row[..i].chars().count() as u16;
            assert_eq!(
                buf[(x, y)].fg,
                theme.mention(gazette::entity::Kind::Person).fg.unwrap()
            );
            found = true;
        }
    }
    assert!(found);
}

#[test]
fn malformed_startup_query_opens_the_bar_with_the_error() {
    let a = App::new(source(articles()), "wibble:x", (120, 40), Theme::dark());
    assert!(a.bar_open);
    assert!(a.error.as_deref().unwrap().contains("unknown field"));
    assert_eq!(a.ids.len(), 5);
    let b = App::new(source(articles()), "country:JP", (120, 40), Theme::dark());
    assert_eq!(titles(&b), ["東京で会議 👉 Tokyo talks"]);
}

#[test]
fn entity_terms_combine_with_negation_and_words() {
    let search = |q: &str| -> Vec<String> {
        let a = App::new(source(articles()), q, (120, 40), Theme::dark());
        assert!(a.error.is_none(), "{q}: {:?}", a.error);
        titles(&a)
    };
    assert_eq!(
        search("c:us -p:\"joe biden\""),
        ["東京で会議 👉 Tokyo talks"]
    );
    assert_eq!(search("country:us TOKYO"), ["東京で会議 👉 Tokyo talks"]);
    assert_eq!(search("c:US i:Elections"), ["Trump rally in Pennsylvania"]);
    assert!(search("c:us c:fr").is_empty());
    assert!(search("c:zz").is_empty());
    assert_eq!(search("-c:zz").len(), 5);
    assert_eq!(
        search("person:\"Emmanuel Macron\""),
        ["Macron calls snap election"]
    );
}
