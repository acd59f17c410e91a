//! Who and what: the results' top people, countries, issues and sections as bars, and
//! the people named most often together with the selected person.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::{Overview, Picture, ViewKind, areas, bar_line, list};
use crate::entity::Facet;
use crate::tui::app::App;
use crate::tui::text::fit;

pub fn render(app: &App, p: &Picture, o: &Overview, frame: &mut Frame, body: Rect) {
    let a = areas(ViewKind::Overview, body);
    let title = format!(" People · {} ", p.items.len());
    list(app, p, frame, a.list, &title, true);
    let below = Rect {
        y: a.list.bottom(),
        height: body.height - a.list.height,
        ..a.list
    };
    let right_top = Rect {
        height: a.list.height,
        ..a.main
    };
    let right_below = Rect {
        x: a.main.x,
        width: a.main.width,
        ..below
    };
    let with = match p.current() {
        Some(f) => format!(" Named with {} ", fit(&f.label, 30)),
        None => " Named together ".to_string(),
    };
    panel(app, frame, right_top, &with, &o.together, "nobody else");
    panel(
        app,
        frame,
        below,
        &format!(" Countries · {} ", o.countries.len()),
        &o.countries,
        "no country",
    );
    // Sections above the issues: a handful of rows (there are 17 in all),
    // never more than half the space.
    let rows = (o.sections.len().max(1) + 2) as u16;
    let sections_h = rows.min(right_below.height / 2);
    let sections_r = Rect {
        height: sections_h,
        ..right_below
    };
    let issues_r = Rect {
        y: right_below.y + sections_h,
        height: right_below.height - sections_h,
        ..right_below
    };
    panel(
        app,
        frame,
        sections_r,
        &format!(" Sections · {} ", o.sections.len()),
        &o.sections,
        "no section",
    );
    panel(
        app,
        frame,
        issues_r,
        &format!(" Issues · {} ", o.issues.len()),
        &o.issues,
        "no issue",
    );
}

/// A panel of bars, as many as fit, without a selection.
fn panel(app: &App, frame: &mut Frame, r: Rect, title: &str, items: &[Facet], none: &str) {
    let t = &app.theme;
    let block = Block::bordered()
        .border_style(t.border(false))
        .title(Span::styled(title.to_string(), t.title()));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if items.is_empty() {
        frame.render_widget(Line::styled(fit(none, inner.width.into()), t.dim()), inner);
        return;
    }
    let max = items.iter().map(|f| f.count).max().unwrap_or(1);
    for (row, f) in items.iter().take(inner.height.into()).enumerate() {
        let mark = if app.chips.contains(&f.term) {
            "✓ "
        } else {
            "  "
        };
        let line = bar_line(
            mark,
            f,
            max,
            usize::from(inner.width),
            true,
            t.mention(f.kind),
            t.dim(),
        );
        frame.render_widget(
            line,
            Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
        );
    }
}
