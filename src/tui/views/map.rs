//! The world map: the results' countries (or the selected article's) marked
//! by circles sized by article count, the selected one labelled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::widgets::canvas::{Canvas, Circle, Map, MapResolution};

use super::{Picture, ViewKind, areas, list};
use crate::tui::app::App;
use crate::tui::text::fit;

/// Where the gazetteer puts a country (ISO code), as (latitude, longitude).
/// Countries the source data gives no position (0, 0) are left off.
pub fn position(code: &str) -> Option<(f64, f64)> {
    let c = crate::extract::countries::lookup(code)?;
    Some((c.lat, c.lng)).filter(|&(lat, lng)| lat != 0.0 || lng != 0.0)
}

/// The radius, in degrees, of a mark for `count` of `max` articles: the area
/// grows with the count.
pub fn radius(count: usize, max: usize) -> f64 {
    let share = count as f64 / max.max(1) as f64;
    1.5 + 5.0 * share.sqrt()
}

pub fn render(app: &App, p: &Picture, marks: &[Option<(f64, f64)>], frame: &mut Frame, body: Rect) {
    let a = areas(ViewKind::Map, body);
    list(app, p, frame, a.list, " Countries ", false);
    let t = &app.theme;
    let scope = if p.aggregate {
        format!(" World · all {} results ", app.ids.len())
    } else {
        " World · this article ".to_string()
    };
    let block = Block::bordered()
        .border_style(t.border(false))
        .title(Span::styled(scope, t.title()));
    let color = |c: Color| if t.color() { c } else { Color::Reset };
    let (land, mark, chosen) = (
        color(Color::DarkGray),
        color(Color::Green),
        color(Color::Yellow),
    );
    let max = p.items.iter().map(|f| f.count).max().unwrap_or(1);
    let canvas = Canvas::default()
        .block(block)
        .marker(Marker::Braille)
        .x_bounds([-180.0, 180.0])
        .y_bounds([-90.0, 90.0])
        .paint(|ctx| {
            ctx.draw(&Map {
                resolution: MapResolution::High,
                color: land,
            });
            ctx.layer();
            for (i, (f, pos)) in p.items.iter().zip(marks).enumerate() {
                let Some((lat, lng)) = *pos else {
                    continue;
                };
                let r = radius(f.count, max);
                let selected = i == p.selected;
                let c = if selected { chosen } else { mark };
                ctx.draw(&Circle {
                    x: lng,
                    y: lat,
                    radius: r,
                    color: c,
                });
                if selected {
                    ctx.draw(&Circle {
                        x: lng,
                        y: lat,
                        radius: r / 2.0,
                        color: c,
                    });
                }
            }
            // Without colour a circle is lost among the coastlines: a dot
            // at each country's centre marks it.
            if !t.color() {
                for (i, pos) in marks.iter().enumerate() {
                    if let Some((lat, lng)) = *pos {
                        ctx.print(lng, lat, if i == p.selected { "◉" } else { "●" });
                    }
                }
            }
            if let Some((f, Some((lat, lng)))) = p.items.get(p.selected).zip(marks.get(p.selected))
            {
                let label = format!("◀ {} {}", fit(&f.label, 24), f.count);
                ctx.print(
                    lng + radius(f.count, max) + 1.0,
                    *lat,
                    Line::styled(label, t.mention(f.kind).patch(t.title())),
                );
            }
        });
    frame.render_widget(canvas, a.main);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_have_positions_from_the_gazetteer() {
        let (lat, lng) = position("FR").unwrap();
        assert!((40.0..52.0).contains(&lat) && (-5.0..10.0).contains(&lng));
        let (lat, lng) = position("gb").unwrap();
        assert!(lat > 50.0 && lng < 2.0, "{lat} {lng}");
        assert_eq!(position("ZZ"), None);
        assert!(radius(10, 10) > radius(1, 10));
    }
}
