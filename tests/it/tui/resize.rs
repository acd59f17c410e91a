//! The reader at every terminal size from 1×1 up, and through a storm of
//! resizes: it never panics, and every click and wheel lands somewhere sane.

use crate::support::tui as tui_common;

use gazette::tui::{self, Action, App};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_common::{app, press, type_text};

/// The states worth drawing: plain, help open, filter bar being typed in,
/// side panel and focus moved, a filter giving no results.
fn states() -> Vec<(&'static str, App)> {
    let plain = app(120, 40);
    let mut help = app(120, 40);
    press(&mut help, "?");
    let mut typing = app(120, 40);
    press(&mut typing, "/");
    type_text(&mut typing, "person:starmer OR 東京 ");
    let mut side = app(120, 40);
    press(&mut side, "tab");
    press(&mut side, "j");
    press(&mut side, "enter");
    let mut empty = app(120, 40);
    press(&mut empty, "/");
    type_text(&mut empty, "nothing-matches-this");
    press(&mut empty, "enter");
    vec![
        ("plain", plain),
        ("help", help),
        ("typing", typing),
        ("side", side),
        ("empty", empty),
    ]
}

fn draw_at(app: &mut App, w: u16, h: u16) {
    tui::update(app, Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| tui::render(app, f)).unwrap();
}

#[test]
fn every_size_from_1x1_draws_and_takes_clicks() {
    for (name, mut a) in states() {
        // Every small size (where layouts collapse), then the usual ones.
        for w in (1..=16).chain([23, 40, 63, 80, 120, 200]) {
            for h in (1..=10).chain([16, 24, 41]) {
                draw_at(&mut a, w, h);
                // Input at the edges and the middle, then draw again.
                for (x, y) in [(0, 0), (w - 1, h - 1), (w / 2, h / 2), (w, h)] {
                    tui::update(&mut a, Action::Click(x, y));
                    tui::update(
                        &mut a,
                        Action::Wheel {
                            column: x,
                            row: y,
                            down: true,
                        },
                    );
                }
                press(&mut a, "j");
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| tui::render(&a, f))
                    .unwrap_or_else(|e| panic!("{name} {w}x{h}: {e}"));
            }
        }
    }
}

#[test]
fn a_resize_storm_including_zero_sizes_is_survived() {
    let mut a = app(120, 40);
    press(&mut a, "enter");
    let mut x = 12_345u32;
    for i in 0..3_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let (w, h) = match i % 7 {
            0 => (0, 0),
            1 => (1, 1),
            2 => ((x >> 8) as u16 % 3, (x >> 16) as u16 % 3),
            _ => ((x >> 8) as u16 % 250, (x >> 16) as u16 % 80),
        };
        tui::update(&mut a, Action::Resize(w, h));
        if i % 10 == 0 && w > 0 && h > 0 {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| tui::render(&a, f)).unwrap();
            press(&mut a, if i % 20 == 0 { "j" } else { "pagedown" });
        }
    }
    // Back at a usable size everything is where it was.
    draw_at(&mut a, 120, 40);
    assert_eq!(a.size, (120, 40));
    assert!(
        a.reader
            .as_ref()
            .is_some_and(|r| r.lines.iter().all(|l| l.width() <= usize::from(r.width)))
    );
}
