//! The configuration as the reader shows it: pane widths, colours, dates.

use crate::support::tui as tui_common;

use std::path::Path;

use gazette::config::Config;
use gazette::tui::{self, App, Pane, PaneWidths, Theme};
use ratatui::style::Color;
use tui_common::{app, articles, draw, press, source};

fn config(text: &str) -> Config {
    Config::parse(text, Path::new("config.toml")).unwrap()
}

/// The app as `gazette` builds it from a config, at `w`×`h`.
fn configured(text: &str, w: u16, h: u16) -> App {
    tui::configured_app(source(articles()), "", (w, h), &config(text), false)
}

/// The columns on the first pane row where a box's corner is drawn.
fn corners(a: &App) -> Vec<u16> {
    let t = draw(a);
    let buf = t.backend().buffer();
    (0..buf.area.width)
        .filter(|&x| matches!(buf[(x, 1)].symbol(), "┌" | "┐"))
        .collect()
}

#[test]
fn pane_widths_move_the_borders() {
    // Defaults at 120 columns: list 34 % (40), side 25 % (30), reader the rest.
    let a = app(120, 30);
    assert_eq!(corners(&a), [0, 39, 40, 89, 90, 119]);

    let a = configured("[ui]\nlist_width = 20\nside_width = 40\n", 120, 30);
    assert_eq!(corners(&a), [0, 23, 24, 71, 72, 119]);
    let areas = tui::layout(&a, ratatui::layout::Rect::new(0, 0, 120, 30));
    assert_eq!(areas.list.unwrap().width, 24);
    assert_eq!(areas.side.unwrap().width, 48);
    // The reader reflowed to its new width.
    assert_eq!(a.reader.as_ref().unwrap().width, 72 - 24 - 2);

    let a = configured("[ui]\nlist_width = 50\nside_width = 30\n", 200, 30);
    assert_eq!(corners(&a), [0, 99, 100, 139, 140, 199]);
}

#[test]
fn wide_panes_leave_the_reader_readable_and_narrow_screens_still_collapse() {
    let text = "[ui]\nlist_width = 60\nside_width = 30\n";
    // At 100 columns 60 % + 30 % would leave the reader 10; it keeps 30.
    let a = configured(text, 100, 30);
    let areas = tui::layout(&a, ratatui::layout::Rect::new(0, 0, 100, 30));
    assert_eq!(areas.reader.unwrap().width, 30);
    assert_eq!(areas.side.unwrap().width, 24);

    // Medium screens: list beside one pane, scaled from the default 40 %.
    let a = configured("[ui]\nlist_width = 17\n", 80, 24);
    let areas = tui::layout(&a, ratatui::layout::Rect::new(0, 0, 80, 24));
    assert_eq!(areas.list.unwrap().width, 24);
    assert!(areas.side.is_none());
    assert_eq!(app(80, 24).panes, PaneWidths::default());
    assert_eq!(corners(&app(80, 24)), [0, 31, 32, 79]);

    // Narrow screens: one pane, whatever the widths.
    let mut a = configured(text, 40, 20);
    let areas = tui::layout(&a, ratatui::layout::Rect::new(0, 0, 40, 20));
    assert_eq!(areas.list.unwrap().width, 40);
    assert!(areas.reader.is_none() && areas.side.is_none());
    press(&mut a, "tab");
    assert_eq!(a.focus, Pane::Reader);
    assert_eq!(corners(&a), [0, 39]);
}

#[test]
fn the_light_theme_and_overrides_reach_the_screen() {
    let mut a = configured(
        "[ui]\ntheme = \"light\"\n[colors]\ncountry = \"#123456\"\n",
        120,
        40,
    );
    press(&mut a, "j"); // the Trump rally, with a person and a country
    let t = draw(&a);
    let buf = t.backend().buffer();
    let cells: Vec<_> = buf.content().iter().collect();
    // The selected list row is drawn on the light preset's pale blue.
    assert!(cells.iter().any(|c| c.bg == Color::Indexed(153)));
    // A person in the reader in the light preset's blue, a country in the override.
    assert!(cells.iter().any(|c| c.fg == Color::Indexed(25)));
    assert!(cells.iter().any(|c| c.fg == Color::Rgb(0x12, 0x34, 0x56)));
    // Nothing in the dark preset's cyan or yellow, unreadable on white.
    assert!(
        !cells
            .iter()
            .any(|c| c.fg == Color::Cyan || c.fg == Color::Yellow)
    );
}

#[test]
fn no_color_and_the_none_theme_draw_without_colours() {
    for (text, no_color) in [
        (
            "[ui]\ntheme = \"light\"\n[colors]\nperson = \"red\"\n",
            true,
        ),
        ("[ui]\ntheme = \"none\"\n", false),
    ] {
        let a = tui::configured_app(source(articles()), "", (120, 40), &config(text), no_color);
        assert_eq!(a.theme, Theme::plain());
        let t = draw(&a);
        assert!(
            t.backend()
                .buffer()
                .content()
                .iter()
                .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
            "{text}"
        );
    }
}

#[test]
fn the_rest_of_the_ui_section_is_applied() {
    let a = configured(
        "[ui]\ndefault_filter = \"c:jp\"\naggregate_side_panel = true\n[filters]\njp = \"country:jp\"\n[keys]\nquit = [\"ctrl-q\"]\n",
        120,
        40,
    );
    assert_eq!(tui_common::titles(&a), ["東京で会議 👉 Tokyo talks"]);
    assert!(a.side.aggregate);
    assert!(
        a.error.is_none() && a.status.is_none(),
        "{:?} {:?}",
        a.error,
        a.status
    );
    let mut a = a;
    press(&mut a, "q");
    assert!(!a.quit);
    press(&mut a, "ctrl-q");
    assert!(a.quit);
}

#[test]
fn the_date_format_applies_to_the_list_and_the_reader() {
    let mut a = configured("[ui]\ndate_format = \"%d %b %Y\"\n", 120, 40);
    press(&mut a, "j"); // the Trump rally, dated
    let t = draw(&a);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("14 Jul 2024"), "{screen}");
    // The reader's byline adds the time, which the format lacks.
    assert!(screen.contains("14 Jul 2024 09:00"), "{screen}");
    assert!(!screen.contains("2024-07-14"));
}

#[test]
fn a_default_filter_may_name_a_saved_filter() {
    let dir = tempfile::tempdir().unwrap();
    // A new library holds the three seed articles; only seed 002 names France.
    let library = gazette::store::Library::open(&dir.path().join("library.db")).unwrap();
    let a = tui::configured_app(
        Box::new(library),
        "",
        (120, 40),
        &config("[ui]\ndefault_filter = \"@fr\"\n[filters]\nfr = \"country:fr\"\n"),
        false,
    );
    assert!(a.error.is_none(), "{:?}", a.error);
    assert!(!a.bar_open);
    let sources: Vec<String> = a
        .ids
        .iter()
        .map(|&id| a.source.meta(id).unwrap().source)
        .collect();
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert!(sources[0].contains("seeds/002_"), "{sources:?}");
}

#[test]
fn every_allowed_width_setting_tiles_every_screen() {
    for list in (10..=80).step_by(7) {
        for side in (10..=80).step_by(7).filter(|s| list + s <= 90) {
            let panes = PaneWidths { list, side };
            for w in [0, 1, 20, 49, 50, 64, 89, 90, 91, 120, 250, 1000, u16::MAX] {
                let mut a = app(120, 30);
                a.set_panes(panes);
                a.size = (w, 30);
                let screen = ratatui::layout::Rect::new(0, 0, w, 30);
                let areas = tui::layout(&a, screen);
                let panes_shown = [areas.list, areas.reader, areas.side];
                let total: u32 = panes_shown
                    .iter()
                    .flatten()
                    .map(|r| u32::from(r.width))
                    .sum();
                assert_eq!(total, u32::from(w), "{panes:?} at {w}: {areas:?}");
                for r in panes_shown.iter().flatten() {
                    assert!(r.right() <= w, "{panes:?} at {w}: {areas:?}");
                }
                if w >= 90 {
                    assert!(areas.reader.unwrap().width >= 30, "{panes:?} at {w}");
                    assert!(areas.list.unwrap().width >= 24, "{panes:?} at {w}");
                }
                if (1..=250).contains(&w) {
                    draw(&a);
                }
            }
        }
    }
}

/// The bottom line of the screen, as text.
fn footer(a: &App) -> String {
    let t = draw(a);
    let buf = t.backend().buffer();
    let y = buf.area.height - 1;
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

#[test]
fn the_footer_names_the_remapped_keys() {
    let mut a = configured(
        "[keys]\nquit = [\"ctrl-q\"]\nopen-filter = [\"f\"]\nshow-map = [\"W\"]\nclear-filters = [\"backspace\"]\n",
        120,
        40,
    );
    let main = footer(&a);
    assert!(main.contains("ctrl-q quit"), "{main}");
    assert!(main.contains("f filter"), "{main}");
    assert!(
        !main.contains("· q quit") && !main.contains("/ filter"),
        "{main}"
    );
    press(&mut a, "W");
    let map = footer(&a);
    assert!(map.contains("W T O Q switch"), "{map}");
    assert!(map.contains("Backspace back"), "{map}");
}

#[test]
fn ctrl_c_quits_from_a_picture_and_the_help_where_q_backs_out() {
    let mut a = configured("", 120, 40);
    press(&mut a, "M");
    press(&mut a, "q");
    assert!(a.picture.is_none() && !a.quit, "q closes the picture first");
    press(&mut a, "M");
    press(&mut a, "ctrl-c");
    assert!(a.quit, "ctrl-c quits from the picture");
    let mut a = configured("", 120, 40);
    press(&mut a, "?");
    press(&mut a, "ctrl-c");
    assert!(a.quit, "ctrl-c quits from the help");
}
