//! Drawing: a pure function of the state, plus the layout that update also
//! uses to turn clicks and page sizes into rows.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::app::{Action, App, Pane};
use super::keymap::Mode;
use super::source::Order;
use super::text::{fit, safe};
use crate::entity::{Facet, Kind};
use crate::query::{Query, Term};

/// Widths from which all three panes are shown side by side.
const WIDE: u16 = 90;
/// Widths from which the list stays beside the reader or side panel.
const MEDIUM: u16 = 50;
/// The narrowest a list or side pane is drawn beside others.
const MIN_PANE: u16 = 24;
/// The narrowest the reader is squeezed to by wide list and side panes.
const MIN_READER: u16 = 30;

/// The user's pane widths (`[ui] list_width`, `side_width`), in percent of
/// the screen when all three panes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneWidths {
    pub list: u16,
    pub side: u16,
}

impl Default for PaneWidths {
    fn default() -> Self {
        let ui = crate::config::Ui::default();
        PaneWidths {
            list: ui.list_width,
            side: ui.side_width,
        }
    }
}

impl PaneWidths {
    pub fn from_config(ui: &crate::config::Ui) -> PaneWidths {
        PaneWidths {
            list: ui.list_width,
            side: ui.side_width,
        }
    }

    /// Columns of the list and the side panel when all three panes share `w`
    /// (`w` ≥ [`WIDE`]): the percentages, kept at least [`MIN_PANE`] wide,
    /// then narrowed (side panel first) until the reader has [`MIN_READER`].
    fn wide(self, w: u16) -> (u16, u16) {
        let pct = |p: u16| (u32::from(w) * u32::from(p) / 100) as u16;
        let list = pct(self.list).max(MIN_PANE);
        let side = pct(self.side).max(MIN_PANE);
        let over = list
            .saturating_add(side)
            .saturating_sub(w.saturating_sub(MIN_READER));
        let side_cut = over.min(side - MIN_PANE);
        let list_cut = (over - side_cut).min(list - MIN_PANE);
        (list - list_cut, side - side_cut)
    }

    /// Columns of the list beside one other pane (`MEDIUM` ≤ `w` < `WIDE`):
    /// 40 % at the default list width, scaled by `list` against that default,
    /// leaving the other pane at least [`MIN_PANE`].
    fn medium(self, w: u16) -> u16 {
        let default = u32::from(PaneWidths::default().list.max(1));
        let list = u32::from(w) * 40 * u32::from(self.list) / (100 * default);
        (list as u16).clamp(MIN_PANE.min(w / 2), w.saturating_sub(MIN_PANE))
    }
}

pub fn is_wide(width: u16) -> bool {
    width >= WIDE
}

/// Where each part of the screen is; a pane is `None` when collapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub header: Option<Rect>,
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub side: Option<Rect>,
    pub footer: Option<Rect>,
}

/// Splits `area`: a header line of chips, the panes, a footer line. Narrow
/// screens collapse to fewer panes, showing the focused one.
pub fn layout(app: &App, area: Rect) -> Areas {
    let mut a = Areas::default();
    if area.width == 0 || area.height == 0 {
        return a;
    }
    let mut body = area;
    if area.height >= 2 {
        body.height -= 1;
        a.footer = Some(Rect::new(area.x, area.bottom() - 1, area.width, 1));
    }
    if area.height >= 4 {
        a.header = Some(Rect::new(area.x, area.y, area.width, 1));
        body.y += 1;
        body.height -= 1;
    }
    let w = body.width;
    let split = |left: u16| {
        (
            Rect {
                width: left,
                ..body
            },
            Rect {
                x: body.x + left,
                width: w - left,
                ..body
            },
        )
    };
    if is_wide(w) {
        let (list_w, side_w) = app.panes.wide(w);
        let (list, rest) = split(list_w);
        a.list = Some(list);
        if app.side.hidden {
            a.reader = Some(rest);
        } else {
            let reader = Rect {
                width: rest.width - side_w,
                ..rest
            };
            a.reader = Some(reader);
            a.side = Some(Rect {
                x: reader.right(),
                width: side_w,
                ..rest
            });
        }
    } else if w >= MEDIUM {
        let (list, rest) = split(app.panes.medium(w));
        a.list = Some(list);
        if app.focus == Pane::Side {
            a.side = Some(rest);
        } else {
            a.reader = Some(rest);
        }
    } else {
        match app.focus {
            Pane::List => a.list = Some(body),
            Pane::Reader => a.reader = Some(body),
            Pane::Side => a.side = Some(body),
        }
    }
    a
}

/// A row of the side panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideRow {
    Heading(Kind),
    Item(usize),
    Empty,
}

/// The side panel's rows: each section's heading, then its items (or a note).
pub fn side_rows(items: &[Facet]) -> Vec<SideRow> {
    let mut rows = Vec::with_capacity(items.len() + 6);
    for kind in Kind::ALL {
        rows.push(SideRow::Heading(kind));
        let before = rows.len();
        rows.extend(
            items
                .iter()
                .enumerate()
                .filter(|(_, f)| f.kind == kind)
                .map(|(i, _)| SideRow::Item(i)),
        );
        if rows.len() == before {
            rows.push(SideRow::Empty);
        }
    }
    rows
}

/// The row the item `index` is drawn on.
pub fn side_line(items: &[Facet], index: usize) -> usize {
    side_rows(items)
        .iter()
        .position(|r| *r == SideRow::Item(index))
        .unwrap_or(0)
}

/// The item drawn on row `line`, if that row is an item.
pub fn side_item_at(items: &[Facet], line: usize) -> Option<usize> {
    match side_rows(items).get(line) {
        Some(SideRow::Item(i)) => Some(*i),
        _ => None,
    }
}

/// Draws the whole screen. Reads the state only: no I/O, no changes.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let areas = layout(app, area);
    if let Some(r) = areas.header {
        header(app, frame, r);
    }
    if let Some(pane) = &app.feeds {
        let body = super::views::body((area.width, area.height));
        super::feeds::render_pane(app, pane, frame, body);
    } else if let Some(p) = &app.picture {
        let body = super::views::body((area.width, area.height));
        super::views::render(app, p, frame, body);
    } else {
        panes(app, frame, &areas);
    }
    if let Some(r) = areas.footer {
        footer(app, frame, r);
    }
    if let Some(row) = app.picker {
        picker(app, frame, area, row);
    }
    if let Some(log) = &app.log {
        super::feeds::render_log(app, log, frame, area);
    }
    if let Some(scroll) = app.help {
        help(app, frame, area, scroll);
    }
}

fn panes(app: &App, frame: &mut Frame, areas: &Areas) {
    if let Some(r) = areas.list {
        list(app, frame, r);
    }
    if let Some(r) = areas.reader {
        reader(app, frame, r);
    }
    if let Some(r) = areas.side {
        side(app, frame, r);
    }
}

fn pane_block(app: &App, pane: Pane, title: String) -> Block<'static> {
    let focused = app.focus == pane;
    let mut title_style = Style::default();
    if focused {
        title_style = title_style.add_modifier(Modifier::BOLD);
    }
    Block::bordered()
        .border_style(app.theme.border(focused))
        .title(Span::styled(title, title_style))
}

fn header(app: &App, frame: &mut Frame, r: Rect) {
    let t = &app.theme;
    let mut spans = vec![Span::styled("gazette ", t.title())];
    for chip in &app.chips {
        let text = chip_text(chip, app.chip_labels.get(chip).map(String::as_str));
        spans.push(Span::styled(format!(" {} ", safe(&text)), t.chip()));
        spans.push(Span::raw(" "));
    }
    if !app.bar.trim().is_empty() && !app.bar_open {
        spans.push(Span::styled(
            format!("/{}", safe(app.bar.trim())),
            t.title(),
        ));
    }
    if app.chips.is_empty() && app.bar.trim().is_empty() {
        spans.push(Span::styled(
            "no filter · / to filter · Enter on an entity adds it",
            t.dim(),
        ));
    }
    frame.render_widget(Line::from(spans), r);
}

/// How the header shows a chip: an exact term as `field = name` (`person =
/// Michael Howard`, `issue = Economy and inflation` with the entity's
/// `label` when known), any other term as typed.
pub fn chip_text(chip: &str, label: Option<&str>) -> String {
    match crate::query::parse(chip) {
        Ok(Query::Term(Term::Exact(field, value))) => {
            format!("{} = {}", field.name(), label.unwrap_or(&value))
        }
        // A folder of the feeds pane: its feeds ORed, shown by its name.
        _ => label.unwrap_or(chip).to_string(),
    }
}

/// A short name for where an article came from: a file name or a host.
fn short_source(source: &str) -> &str {
    let s = source
        .split_once("://")
        .map_or(source, |(_, rest)| rest.split('/').next().unwrap_or(rest));
    s.rsplit(['/', '\\']).next().unwrap_or(s)
}

/// A list row's date in `format`, at most 20 columns; undated rows get
/// blanks as wide as a date (`None`), so the columns line up.
fn list_date(format: &str, date: Option<chrono::DateTime<chrono::Utc>>) -> String {
    use std::fmt::Write;
    let sample = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    let mut text = String::new();
    // A format chrono cannot render (refused by the config) shows no date.
    if write!(text, "{}", date.unwrap_or(sample).format(format)).is_err() {
        text.clear();
    }
    let text = fit(&safe(&text), 20);
    if date.is_none() {
        return " ".repeat(text.width());
    }
    text
}

fn list(app: &App, frame: &mut Frame, r: Rect) {
    let t = &app.theme;
    let mut title = format!(
        " Articles · {}{} of {}{} ",
        app.ids.len(),
        if app.search.partial { "+" } else { "" },
        app.source.total(),
        if app.search.pending {
            " · searching…"
        } else {
            ""
        }
    );
    if app.order != Order::Date {
        title.push_str(&format!("· {} ", app.order.label()));
    }
    // Where the selected article comes from, when the pane has room.
    if let Some(m) = app.current().and_then(|id| app.source.meta(id)) {
        let source = format!("· {} ", safe(short_source(&m.source)));
        if title.width() + source.width() + 2 <= usize::from(r.width) {
            title.push_str(&source);
        }
    }
    let block = pane_block(app, Pane::List, title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if app.ids.is_empty() {
        let note = if app.source.total() == 0 {
            "the library is empty"
        } else {
            "no article matches"
        };
        frame.render_widget(Line::styled(fit(note, inner.width.into()), t.dim()), inner);
        return;
    }
    let w = usize::from(inner.width);
    // Dates take the width the configured format gives, within reason.
    let date_w = list_date(t.date_format, None).width();
    let show_date = w >= 26 + date_w;
    let show_source = w >= 46 + date_w;
    for (row, (i, &id)) in app
        .ids
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(inner.height.into())
        .enumerate()
    {
        let Some(m) = app.source.meta(id) else {
            continue;
        };
        let mut right = String::new();
        if show_source {
            right.push(' ');
            right.push_str(&fit(short_source(&m.source), 14));
        }
        if show_date {
            // An undated article shows when it was stored, marked `~`.
            right.push(if m.date.is_none() && m.stored.is_some() {
                '~'
            } else {
                ' '
            });
            let date = list_date(t.date_format, m.date.or(m.stored));
            right.push_str(&date);
            right.push_str(&" ".repeat(date_w.saturating_sub(date.width())));
        }
        let read_mark = if m.read { " " } else { "●" };
        let star = if m.starred { "★" } else { " " };
        let marks_w = read_mark.width() + star.width();
        let title_w = w.saturating_sub(marks_w + 1 + right.width());
        let title = fit(&m.title, title_w);
        let pad = " ".repeat(title_w.saturating_sub(title.width()));
        let mut style = if m.read { Style::default() } else { t.unread() };
        if i == app.selected {
            style = style.patch(if app.focus == Pane::List {
                t.selected()
            } else {
                t.selected_unfocused()
            });
        }
        let line = Line::from(vec![
            Span::raw(read_mark),
            Span::styled(star, t.starred()),
            Span::raw(" "),
            Span::raw(title),
            Span::raw(pad),
            Span::styled(right, t.dim()),
        ])
        .style(style);
        let y = inner.y + row as u16;
        frame.render_widget(line, Rect::new(inner.x, y, inner.width, 1));
    }
}

/// The reader's title within `width` columns: the article's feed (or
/// file), cut to leave room for when an undated article was stored.
fn reader_title(app: &App, width: u16) -> String {
    let Some(m) = app.current().and_then(|id| app.source.meta(id)) else {
        return " Reader ".into();
    };
    let stored = match (m.date, m.stored) {
        (None, Some(stored)) => format!(
            "· undated, stored {} ",
            list_date(app.theme.date_format, Some(stored)).trim()
        ),
        _ => String::new(),
    };
    let room = usize::from(width).saturating_sub(4 + stored.width()).max(1);
    format!(" {} {stored}", fit(short_source(&m.source), room))
}

fn reader(app: &App, frame: &mut Frame, r: Rect) {
    let Some(doc) = app.reader.as_ref().filter(|d| Some(d.id) == app.current()) else {
        frame.render_widget(pane_block(app, Pane::Reader, " Reader ".into()), r);
        return;
    };
    let height = usize::from(r.height.saturating_sub(2));
    let max = doc.lines.len().saturating_sub(height);
    let scroll = app.reader_scroll().min(max);
    let pos = if doc.lines.len() <= height {
        "all".to_string()
    } else {
        format!("{}%", (scroll * 100).checked_div(max).unwrap_or(100))
    };
    let block = pane_block(app, Pane::Reader, reader_title(app, r.width))
        .title_bottom(Line::from(format!(" {pos} ")).right_aligned());
    let lines: Vec<Line> = doc
        .lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(height)
        .map(|(i, line)| match &app.find {
            Some(f) => super::find::highlight(line, i, f),
            None => line.clone(),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), r);
}

fn side(app: &App, frame: &mut Frame, r: Rect) {
    let t = &app.theme;
    let title = if app.side.aggregate {
        format!(" All {} results ", app.ids.len())
    } else {
        " This article ".to_string()
    };
    let block = pane_block(app, Pane::Side, title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let items = &app.side.items;
    for (row, entry) in side_rows(items)
        .into_iter()
        .skip(app.side.offset)
        .take(inner.height.into())
        .enumerate()
    {
        let line = match entry {
            SideRow::Heading(kind) => Line::styled(
                fit(kind.heading(), w),
                t.title().add_modifier(Modifier::UNDERLINED),
            ),
            SideRow::Empty => Line::styled(fit("  none", w), t.dim()),
            SideRow::Item(i) => {
                let f = &items[i];
                let active = app.chips.contains(&f.term);
                let count = format!(" {}", f.count);
                let mark = if active { "✓ " } else { "  " };
                let label_w = w.saturating_sub(2 + count.width());
                let label = fit(&f.label, label_w);
                let pad = " ".repeat(label_w.saturating_sub(label.width()));
                let mut style = t.mention(f.kind);
                if i == app.side.selected {
                    style = style.patch(if app.focus == Pane::Side {
                        t.selected()
                    } else {
                        t.selected_unfocused()
                    });
                }
                Line::from(vec![
                    Span::raw(mark),
                    Span::raw(label),
                    Span::raw(pad),
                    Span::styled(count, t.dim()),
                ])
                .style(style)
            }
        };
        frame.render_widget(
            line,
            Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
        );
    }
}

fn footer(app: &App, frame: &mut Frame, r: Rect) {
    let t = &app.theme;
    let w = usize::from(r.width);
    let find_bar = app.find.as_ref().filter(|f| f.open);
    if app.bar_open || find_bar.is_some() {
        let (prompt, text) = match find_bar {
            Some(f) => ("find: ", safe(&f.text)),
            None => ("/", safe(&app.bar)),
        };
        let error = app
            .error
            .as_deref()
            .filter(|_| find_bar.is_none())
            .map(|e| format!("  ✗ {}", safe(e)))
            .unwrap_or_default();
        // Keep the end of a long query (where the cursor is) in view.
        let room = w.saturating_sub(1 + error.width().min(w / 2)).max(1);
        let mut shown: &str = &text;
        while shown.width() + 1 > room && !shown.is_empty() {
            let mut chars = shown.chars();
            chars.next();
            shown = chars.as_str();
        }
        let bar = format!("{prompt}{shown}");
        let cursor_x = r.x + (bar.width() as u16).min(r.width.saturating_sub(1));
        let mut spans = vec![Span::raw(bar)];
        if !error.is_empty() {
            spans.push(Span::styled(fit(&error, w.saturating_sub(room)), t.error()));
        }
        frame.render_widget(Line::from(spans), r);
        frame.set_cursor_position(Position::new(cursor_x, r.y));
        return;
    }
    let line = if let Some(e) = &app.error {
        Line::styled(fit(&format!("✗ {e}"), w), t.error())
    } else if let Some(s) = &app.status {
        Line::raw(fit(s, w))
    } else if let Some(f) = app.find.as_ref().filter(|_| app.focus == Pane::Reader) {
        let mut hints = vec![format!(
            "find \"{}\": {} matches",
            safe(&f.text),
            f.matches.len()
        )];
        hints.extend(key_hints(
            app,
            &[
                (Action::NextUnread, "next"),
                (Action::PrevUnread, "previous"),
                (Action::ClearFilters, "clear"),
            ],
        ));
        Line::styled(fit(&hints.join(" · "), w), t.dim())
    } else if app.feeds.is_some() {
        Line::styled(fit(&super::feeds::hints(app), w), t.dim())
    } else if let Some(p) = &app.picture {
        let switch: Vec<String> = [
            Action::ShowMap,
            Action::ShowTimeline,
            Action::ShowOverview,
            Action::ShowQuotes,
        ]
        .iter()
        .filter_map(|a| app.keymap.key_for(Mode::Normal, a))
        .collect();
        let pick = [Action::Down, Action::Up]
            .iter()
            .filter_map(|a| app.keymap.key_for(Mode::Normal, a))
            .collect::<Vec<_>>()
            .join("/");
        let mut hints = vec![p.kind.title().to_string(), format!("{pick} pick")];
        let open = if p.kind == super::views::ViewKind::Quotes {
            "open at quote"
        } else {
            "filter"
        };
        hints.extend(key_hints(app, &[(Action::Open, open)]));
        if p.kind == super::views::ViewKind::Map {
            hints.extend(key_hints(app, &[(Action::ToggleAggregate, "article/all")]));
        }
        hints.push(format!("{} switch", switch.join(" ")));
        hints.extend(key_hints(
            app,
            &[
                (Action::OpenFilter, "filter"),
                (Action::ClearFilters, "back"),
            ],
        ));
        Line::styled(fit(&hints.join(" · "), w), t.dim())
    } else {
        let hints = key_hints(
            app,
            &[
                (Action::ToggleHelp, "help"),
                (Action::OpenFilter, "filter"),
                (Action::FocusNext, "pane"),
                (Action::Open, "open/filter"),
                (Action::ToggleAggregate, "all results"),
                (Action::Quit, "quit"),
            ],
        );
        Line::styled(fit(&hints.join(" · "), w), t.dim())
    };
    frame.render_widget(line, r);
}

/// "key label" for each action that has a key in the normal mode; an
/// action the user left without a key is not advertised.
fn key_hints(app: &App, actions: &[(Action, &str)]) -> Vec<String> {
    actions
        .iter()
        .filter_map(|(a, label)| {
            app.keymap
                .key_for(Mode::Normal, a)
                .map(|k| format!("{k} {label}"))
        })
        .collect()
}

/// A centred box of `w` by `h` cells, clipped to `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The saved filters, one per row: `@name  query`.
fn picker(app: &App, frame: &mut Frame, area: Rect, row: usize) {
    let t = &app.theme;
    let name_w = app.saved.keys().map(|k| k.width() + 1).max().unwrap_or(0);
    let mut rows: Vec<Line> = app
        .saved
        .iter()
        .enumerate()
        .map(|(i, (name, query))| {
            let line = Line::from(vec![
                Span::styled(
                    format!("{:<name_w$}  ", format!("@{}", safe(name))),
                    t.title(),
                ),
                Span::raw(fit(&safe(query), 60)),
            ]);
            if i == row {
                line.style(t.selected())
            } else {
                line
            }
        })
        .collect();
    if rows.is_empty() {
        rows.push(Line::styled(
            "No saved filters yet: type / then a filter and :save NAME.",
            t.dim(),
        ));
    }
    let width = rows.iter().map(Line::width).max().unwrap_or(0).max(30) as u16 + 4;
    let r = centred(area, width, rows.len() as u16 + 2);
    let inner_h = usize::from(r.height.saturating_sub(2)).max(1);
    let skip = (row + 1).saturating_sub(inner_h);
    let block = Block::bordered()
        .title(Span::styled(" Saved filters ", t.title()))
        .title_bottom(Line::from(" Enter applies · any other key closes ").right_aligned())
        .border_style(t.border(true));
    let shown: Vec<Line> = rows.into_iter().skip(skip).collect();
    frame.render_widget(Clear, r);
    frame.render_widget(Paragraph::new(shown).block(block), r);
}

fn help(app: &App, frame: &mut Frame, area: Rect, scroll: usize) {
    let t = &app.theme;
    let mut rows: Vec<Line> = Vec::new();
    let sections = [
        (Mode::Normal, "Keys"),
        (Mode::Filter, "In the filter bar (other keys type)"),
        (Mode::Find, "In the find bar (other keys type)"),
        (Mode::Feeds, "In the feeds pane"),
    ];
    let key_w = sections
        .iter()
        .flat_map(|&(mode, _)| app.keymap.help_rows(mode))
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(0);
    for (mode, heading) in sections {
        if !rows.is_empty() {
            rows.push(Line::default());
        }
        rows.push(Line::styled(
            heading,
            t.title().add_modifier(Modifier::UNDERLINED),
        ));
        for (keys, help) in app.keymap.help_rows(mode) {
            rows.push(Line::from(vec![
                Span::styled(format!("{keys:<key_w$}  "), t.title()),
                Span::raw(help),
            ]));
        }
    }
    rows.push(Line::default());
    rows.push(Line::styled(
        "Mouse: click to select and focus, wheel to scroll.",
        t.dim(),
    ));
    let width = rows.iter().map(Line::width).max().unwrap_or(0) as u16 + 4;
    let height = rows.len() as u16 + 2;
    let w = width.min(area.width);
    let h = height.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let inner_h = usize::from(h.saturating_sub(2));
    let scroll = scroll.min(rows.len().saturating_sub(inner_h));
    let more = if rows.len() > inner_h {
        " j/k scroll · any key closes "
    } else {
        " any key closes "
    };
    let block = Block::bordered()
        .title(Span::styled(" Help ", t.title()))
        .title_bottom(Line::from(more).right_aligned())
        .border_style(t.border(true));
    let shown: Vec<Line> = rows.into_iter().skip(scroll).collect();
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(shown).block(block).style(Style::default()),
        r,
    );
}
