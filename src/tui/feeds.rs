//! The feeds pane and the fetch log.
//!
//! The pane (`F`) lists the subscriptions grouped by folder with unread and
//! total counts; Enter filters by a feed (an exact `feed:=` chip) or by a
//! folder's feeds, `r` reloads one feed through the reader's own background
//! fetch, `A` marks a feed read (undone like the list's `A`). The log (`L`)
//! tells, per feed, when it was last fetched and how that went, with the
//! lines of the last fetch of this session, so "3 failed" can be read in
//! detail. Both hold what they draw, read from the [`Source`] when they open
//! and after a fetch or a mark, never per frame.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{Action, App, Effect, Pane};
use super::keymap::Mode;
use super::source::Source;
use super::text::{fit, safe};
use crate::query::{self, Field, Query, Term};
use crate::store::{Feed, FeedCounts, FeedId};

/// One row of the feeds pane.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedRow {
    /// A folder's heading; `None` is the group of feeds in no folder. Its
    /// counts are of the articles its feeds list, each counted once.
    Folder {
        name: Option<String>,
        counts: FeedCounts,
        feeds: Vec<FeedId>,
        /// The filter selecting its feeds' articles; `None` when it would be
        /// longer than the filter language takes.
        query: Option<String>,
    },
    Feed {
        feed: Feed,
        counts: FeedCounts,
        /// The exact chip selecting this feed's articles and no other's.
        query: String,
    },
}

impl FeedRow {
    fn query(&self) -> Option<&str> {
        match self {
            FeedRow::Folder { query, .. } => query.as_deref(),
            FeedRow::Feed { query, .. } => Some(query),
        }
    }

    /// How the header names the chip this row adds.
    fn label(&self) -> String {
        match self {
            FeedRow::Folder { name, .. } => {
                format!("folder = {}", name.as_deref().unwrap_or(NO_FOLDER))
            }
            FeedRow::Feed { feed, .. } => feed.name.clone(),
        }
    }

    fn counts(&self) -> FeedCounts {
        match self {
            FeedRow::Folder { counts, .. } | FeedRow::Feed { counts, .. } => *counts,
        }
    }

    /// What identifies the row across a refresh.
    fn key(&self) -> (Option<FeedId>, Option<String>) {
        match self {
            FeedRow::Folder { name, .. } => (None, name.clone()),
            FeedRow::Feed { feed, .. } => (Some(feed.id), None),
        }
    }
}

/// How the group of feeds in no folder is headed.
const NO_FOLDER: &str = "No folder";

/// The feeds pane's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedsPane {
    pub rows: Vec<FeedRow>,
    pub selected: usize,
    pub offset: usize,
    /// Why the feeds could not be read, shown in place of them.
    pub error: Option<String>,
}

impl FeedsPane {
    pub fn current(&self) -> Option<&FeedRow> {
        self.rows.get(self.selected)
    }
}

/// The fetch log's state: each feed as the library has it, and the lines
/// of the last fetch this session ran.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FetchLog {
    pub feeds: Vec<Feed>,
    pub last: Option<LastFetch>,
    /// When it was read, for "3 min ago".
    pub taken: Option<DateTime<Utc>>,
    pub scroll: usize,
    pub error: Option<String>,
}

/// The last fetch of this session: when it ended, its summary and its
/// line per feed (new and updated counts, failures, refused pages).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LastFetch {
    pub at: Option<DateTime<Utc>>,
    pub summary: String,
    pub lines: Vec<String>,
}

/// `[fetch] reload_minutes`: when the reader fetches every feed by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoFetch {
    pub every: Duration,
    /// Set on the first tick, then moved on by `every` at each reload.
    pub next: Option<Instant>,
}

/// The exact filter for `feed`: by its name when no other feed's name (or
/// address) reads the same to `feed:=`, else by its address. `names`
/// counts the feeds whose names fold to each list of words.
fn feed_query(
    feed: &Feed,
    all: &[(Feed, FeedCounts)],
    names: &std::collections::HashMap<Vec<String>, usize>,
) -> String {
    let words = query::text::words(&feed.name);
    let clash = words.is_empty()
        || names.get(&words).is_some_and(|&n| n > 1)
        || all
            .iter()
            .any(|(other, _)| other.id != feed.id && other.url == feed.name.trim());
    let value = if clash { &feed.url } else { &feed.name };
    Query::Term(Term::Exact(Field::Feed, value.clone())).to_string()
}

/// The filter for several feeds' chips: one of them, or them ORed.
fn any_of(queries: &[String]) -> Option<String> {
    let q = match queries {
        [] => return None,
        [one] => one.clone(),
        many => format!("({})", many.join(" OR ")),
    };
    (q.chars().count() <= query::MAX_QUERY_CHARS / 2).then_some(q)
}

/// How many articles `q` finds, and how many of them are unread.
fn count(source: &dyn Source, q: &str) -> Option<FeedCounts> {
    let total = source.search(q).ok()?.len();
    let unread = source.search(&format!("{q} is:unread")).ok()?.len();
    Some(FeedCounts { total, unread })
}

/// The pane's rows: each folder (by name) with its feeds under it, then
/// the feeds in no folder; no headings when no feed is in a folder.
pub fn rows(source: &dyn Source) -> Result<Vec<FeedRow>, String> {
    let feeds = source.feeds()?;
    let mut names = std::collections::HashMap::new();
    for (f, _) in &feeds {
        *names.entry(query::text::words(&f.name)).or_insert(0) += 1;
    }
    let mut folders: Vec<Option<String>> = Vec::new();
    for (f, _) in &feeds {
        let folder = f.folder.clone().filter(|s| !s.trim().is_empty());
        if !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    folders.sort_by_key(|f| (f.is_none(), f.as_ref().map(|s| s.to_lowercase())));
    let headings = folders.iter().any(Option::is_some);
    let mut rows = Vec::new();
    for folder in folders {
        let mut members: Vec<&(Feed, FeedCounts)> = feeds
            .iter()
            .filter(|(f, _)| f.folder.clone().filter(|s| !s.trim().is_empty()) == folder)
            .collect();
        members.sort_by_key(|(f, _)| f.name.to_lowercase());
        let queries: Vec<String> = members
            .iter()
            .map(|(f, _)| feed_query(f, &feeds, &names))
            .collect();
        if headings {
            let query = any_of(&queries);
            let counts = query
                .as_deref()
                .and_then(|q| count(source, q))
                .unwrap_or_else(|| FeedCounts {
                    total: members.iter().map(|(_, c)| c.total).sum(),
                    unread: members.iter().map(|(_, c)| c.unread).sum(),
                });
            rows.push(FeedRow::Folder {
                name: folder,
                counts,
                feeds: members.iter().map(|(f, _)| f.id).collect(),
                query,
            });
        }
        for ((feed, counts), query) in members.into_iter().zip(queries) {
            rows.push(FeedRow::Feed {
                feed: feed.clone(),
                counts: *counts,
                query,
            });
        }
    }
    Ok(rows)
}

/// The height of the pane's list on a screen of `size`.
fn list_height(size: (u16, u16)) -> usize {
    usize::from(super::views::body(size).height.saturating_sub(2)).max(1)
}

impl App {
    /// Opens the feeds pane on the subscriptions as they are now.
    pub(super) fn open_feeds(&mut self) {
        let mut pane = FeedsPane::default();
        match rows(&*self.source) {
            Ok(rows) => pane.rows = rows,
            Err(e) => pane.error = Some(e),
        }
        // Starts on the feed of the article selected, if it has one.
        if let Some(source) = self.current().and_then(|id| self.source.meta(id)) {
            pane.selected = pane
                .rows
                .iter()
                .position(|r| matches!(r, FeedRow::Feed { feed, .. } if feed.name == source.source))
                .unwrap_or(0);
        }
        self.feeds = Some(pane);
        self.fix_feeds_offset();
    }

    /// Reads the pane's rows again (counts after a fetch or a mark),
    /// keeping the selected row.
    pub(super) fn refresh_feeds(&mut self) {
        let Some(pane) = self.feeds.as_mut() else {
            return;
        };
        let keep = pane.current().map(FeedRow::key);
        match rows(&*self.source) {
            Ok(rows) => {
                pane.rows = rows;
                pane.error = None;
            }
            Err(e) => pane.error = Some(e),
        }
        pane.selected = keep
            .and_then(|k| pane.rows.iter().position(|r| r.key() == k))
            .unwrap_or(pane.selected)
            .min(pane.rows.len().saturating_sub(1));
        self.fix_feeds_offset();
    }

    fn fix_feeds_offset(&mut self) {
        let h = list_height(self.size);
        if let Some(p) = self.feeds.as_mut() {
            if p.selected < p.offset {
                p.offset = p.selected;
            } else if p.selected >= p.offset + h {
                p.offset = p.selected + 1 - h;
            }
        }
    }

    /// Opens the fetch log, read from the library now.
    pub(super) fn open_fetch_log(&mut self) {
        let mut log = FetchLog {
            last: self.last_fetch.clone(),
            taken: Some(Utc::now()),
            ..FetchLog::default()
        };
        match self.source.feeds() {
            Ok(feeds) => {
                log.feeds = feeds.into_iter().map(|(f, _)| f).collect();
                log.feeds.sort_by_key(|f| f.name.to_lowercase());
            }
            Err(e) => log.error = Some(e),
        }
        self.log = Some(log);
    }

    /// Reads the open log again after a fetch, keeping its scroll.
    pub(super) fn refresh_fetch_log(&mut self) {
        if let Some(scroll) = self.log.as_ref().map(|l| l.scroll) {
            self.open_fetch_log();
            if let Some(l) = self.log.as_mut() {
                l.scroll = scroll;
            }
        }
    }

    /// `Enter` in the pane: adds (or removes) the row's filter, closes the
    /// pane and goes to the list's first article.
    fn feeds_filter(&mut self) {
        let Some(row) = self.feeds.as_ref().and_then(FeedsPane::current).cloned() else {
            return;
        };
        let Some(q) = row.query().map(str::to_string) else {
            self.status = Some("too many feeds in this folder to filter by".into());
            return;
        };
        if let Some(i) = self.chips.iter().position(|c| *c == q) {
            self.chips.remove(i);
        } else {
            self.chip_labels.insert(q.clone(), row.label());
            self.chips.push(q);
        }
        self.feeds = None;
        self.focus = Pane::List;
        self.refilter();
        self.select_first_article();
    }

    /// `r` in the pane: fetches the selected feed (or the folder's feeds)
    /// in the background, through the reader's own fetch.
    fn feeds_reload(&mut self) {
        let Some(row) = self.feeds.as_ref().and_then(FeedsPane::current) else {
            return;
        };
        let (ids, label) = match row {
            FeedRow::Feed { feed, .. } => (vec![feed.id], safe(&feed.name).into_owned()),
            FeedRow::Folder { feeds, name, .. } => (
                feeds.clone(),
                format!(
                    "the {} feeds of {}",
                    feeds.len(),
                    safe(name.as_deref().unwrap_or(NO_FOLDER))
                ),
            ),
        };
        if self.fetching {
            self.status = Some("already fetching…".into());
            return;
        }
        self.fetching = true;
        self.status = Some(format!("reloading {label}…"));
        self.effects.push(Effect::FetchFeeds(ids));
    }

    /// `A` in the pane: marks every article of the selected feed (or
    /// folder) read, undone by the list's undo key.
    fn feeds_mark_read(&mut self) {
        let Some(row) = self.feeds.as_ref().and_then(FeedsPane::current).cloned() else {
            return;
        };
        let Some(q) = row.query() else {
            self.status = Some("too many feeds in this folder to mark at once".into());
            return;
        };
        let ids = match self.source.search(q) {
            Ok(ids) => ids,
            Err(e) => {
                self.status = Some(format!("nothing marked read: {e}"));
                return;
            }
        };
        self.mark_ids_read(ids, Mode::Feeds, Some(&safe(&row.label())));
        self.refresh_feeds();
    }
}

/// What keys mean while the feeds pane is open (and the log is not); false
/// leaves the action to the usual handling (help, the log, background news,
/// resize).
pub(super) fn pane_action(app: &mut App, action: &Action) -> bool {
    let h = list_height(app.size) as isize;
    let delta = match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::PageDown | Action::PageOrNext => h.saturating_sub(1).max(1),
        Action::PageUp => -h.saturating_sub(1).max(1),
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        Action::Wheel { down, .. } => {
            if *down {
                3
            } else {
                -3
            }
        }
        Action::Open => {
            app.feeds_filter();
            return true;
        }
        Action::ReloadFeed => {
            app.feeds_reload();
            return true;
        }
        Action::MarkFeedRead => {
            app.feeds_mark_read();
            return true;
        }
        Action::Undo => {
            app.undo_mark_all();
            app.refresh_feeds();
            return true;
        }
        Action::ShowFeeds | Action::Quit | Action::ClearFilters => {
            app.feeds = None;
            return true;
        }
        Action::Click(column, row) => {
            let body = super::views::body(app.size);
            let (column, row) = (*column, *row);
            if let Some(p) = app.feeds.as_mut()
                && body.contains(Position::new(column, row))
                && row > body.y
            {
                let target = p.offset + usize::from(row - body.y - 1);
                if target < p.rows.len() {
                    p.selected = target;
                }
            }
            return true;
        }
        Action::ToggleHelp
        | Action::ShowFetchLog
        | Action::Resize(..)
        | Action::Redraw
        | Action::ForceQuit
        | Action::Fetch
        | Action::FetchProgress { .. }
        | Action::FetchDone(_)
        | Action::FetchLines(_)
        | Action::Searched { .. }
        | Action::Tick(_) => return false,
        _ => return true,
    };
    if let Some(p) = app.feeds.as_mut() {
        let last = p.rows.len().saturating_sub(1);
        p.selected = p.selected.saturating_add_signed(delta).min(last);
    }
    app.fix_feeds_offset();
    true
}

/// What keys mean while the fetch log is open: scroll keys scroll it,
/// background news passes, any other key closes it.
pub(super) fn log_action(app: &mut App, action: &Action) -> bool {
    let lines = app.log.as_ref().map_or(0, |l| log_lines(app, l).len());
    let Some(log) = app.log.as_mut() else {
        return false;
    };
    let delta: isize = match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::PageDown | Action::PageOrNext => 10,
        Action::PageUp => -10,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        Action::Wheel { down, .. } => {
            if *down {
                3
            } else {
                -3
            }
        }
        Action::Click(..) => return true,
        Action::Resize(..)
        | Action::Redraw
        | Action::ForceQuit
        | Action::FetchProgress { .. }
        | Action::FetchDone(_)
        | Action::FetchLines(_)
        | Action::Searched { .. }
        | Action::Tick(_) => return false,
        _ => {
            app.log = None;
            return true;
        }
    };
    log.scroll = log
        .scroll
        .saturating_add_signed(delta)
        .min(lines.saturating_sub(1));
    true
}

/// `[fetch] reload_minutes`: at each tick of the event loop, starts a fetch
/// of every feed when one is due and none is running (a due reload found
/// fetching waits for the next).
pub(super) fn tick(app: &mut App, now: Instant) {
    let Some(auto) = app.auto_fetch.as_mut() else {
        return;
    };
    let Some(next) = auto.next else {
        auto.next = Some(now + auto.every);
        return;
    };
    if now < next {
        return;
    }
    auto.next = Some(now + auto.every);
    if app.fetching {
        return;
    }
    app.fetching = true;
    app.status = Some(format!(
        "reloading feeds (every {} min)…",
        auto.every.as_secs() / 60
    ));
    app.effects.push(Effect::Fetch);
}

/// A fetch summary with "N failed" (N > 0) followed by `key: log`, so the
/// status line says where to read why.
pub(super) fn point_to_log(summary: &str, key: &str) -> String {
    let Some(at) = summary.find(" failed") else {
        return summary.to_string();
    };
    let count = summary[..at].rsplit(' ').next().unwrap_or_default();
    if count.parse::<usize>().is_ok_and(|n| n > 0) {
        let end = at + " failed".len();
        format!("{} · {key}: log{}", &summary[..end], &summary[end..])
    } else {
        summary.to_string()
    }
}

/// "12 min ago" from `taken`, the time the log was read.
fn ago(when: DateTime<Utc>, taken: Option<DateTime<Utc>>) -> String {
    let Some(taken) = taken else {
        return String::new();
    };
    let secs = (taken - when).num_seconds().max(0);
    let text = match secs {
        0..60 => "just now".to_string(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86400 => format!("{} h ago", secs / 3600),
        _ => format!("{} days ago", secs / 86400),
    };
    format!(" ({text})")
}

/// The log's lines: a line per feed (name, last fetch, outcome, error),
/// then the lines of the last fetch of this session.
fn log_lines(app: &App, log: &FetchLog) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut out: Vec<Line<'static>> = Vec::new();
    let heading =
        |s: &str| Line::styled(s.to_string(), t.title().add_modifier(Modifier::UNDERLINED));
    if let Some(e) = &log.error {
        out.push(Line::styled(
            format!("feeds not read: {}", safe(e)),
            t.error(),
        ));
    }
    out.push(heading("Feeds"));
    if log.feeds.is_empty() && log.error.is_none() {
        out.push(Line::styled(
            "no subscriptions; add one with `gazette feeds add URL`",
            t.dim(),
        ));
    }
    let name_w = log
        .feeds
        .iter()
        .map(|f| safe(&f.name).width())
        .max()
        .unwrap_or(0)
        .min(30);
    for f in &log.feeds {
        let name = fit(&f.name, name_w);
        let pad = " ".repeat(name_w.saturating_sub(name.width()));
        let when = match f.state.last_fetch {
            Some(d) => format!(
                "fetched {}{}",
                d.format("%Y-%m-%d %H:%M UTC"),
                ago(d, log.taken)
            ),
            None => "never fetched".into(),
        };
        let mut spans = vec![
            Span::styled(format!("{name}{pad}  "), t.title()),
            Span::raw(when),
        ];
        match (&f.state.error, f.state.status) {
            (Some(e), _) => spans.push(Span::styled(format!("  ✗ {}", safe(e)), t.error())),
            (None, Some(304)) => spans.push(Span::raw("  ok, not modified")),
            (None, Some(s)) => spans.push(Span::raw(format!("  ok (HTTP {s})"))),
            (None, None) => {}
        }
        out.push(Line::from(spans));
    }
    out.push(Line::default());
    match &log.last {
        Some(last) => {
            let at = last
                .at
                .map(|d| format!(", ended {}", d.format("%H:%M:%S UTC")))
                .unwrap_or_default();
            out.push(heading(&format!("Last fetch of this session{at}")));
            out.push(Line::raw(safe(&last.summary).into_owned()));
            for l in &last.lines {
                let style = if l.contains(": failed: ") || l.contains(" not read: ") {
                    t.error()
                } else {
                    ratatui::style::Style::default()
                };
                out.push(Line::styled(format!("  {}", safe(l)), style));
            }
        }
        None => out.push(Line::styled(
            "No fetch in this session yet: the times above are the library's.",
            t.dim(),
        )),
    }
    out
}

/// Key hints for the pane's footer, in the user's keys.
pub(super) fn hints(app: &App) -> String {
    let hint = |a: &Action, label: &str| {
        app.keymap
            .key_for(Mode::Feeds, a)
            .map(|k| format!("{k} {label}"))
    };
    [
        hint(&Action::Open, "filter"),
        hint(&Action::ReloadFeed, "reload"),
        hint(&Action::MarkFeedRead, "mark read"),
        hint(&Action::Undo, "undo"),
        hint(&Action::ShowFetchLog, "log"),
        hint(&Action::Quit, "close"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// Draws the pane over the panes' area.
pub(super) fn render_pane(app: &App, pane: &FeedsPane, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let feeds = pane
        .rows
        .iter()
        .filter(|r| matches!(r, FeedRow::Feed { .. }))
        .count();
    let block = Block::bordered()
        .border_style(t.border(true))
        .title(Span::styled(
            format!(" Feeds · {feeds} · unread/total "),
            t.title().add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let w = usize::from(inner.width);
    if let Some(e) = &pane.error {
        frame.render_widget(Line::styled(fit(&format!("✗ {e}"), w), t.error()), inner);
        return;
    }
    if pane.rows.is_empty() {
        frame.render_widget(
            Line::styled(
                fit("no subscriptions; add one with `gazette feeds add URL`", w),
                t.dim(),
            ),
            inner,
        );
        return;
    }
    let count_w = pane
        .rows
        .iter()
        .map(|r| {
            let c = r.counts();
            format!("{}/{}", c.unread, c.total).len()
        })
        .max()
        .unwrap_or(3);
    // The last fetch, when there is room for it beside a name.
    let show_when = w >= 60;
    // The selected row stays in view after a resize, before the next move.
    let h = usize::from(inner.height);
    let offset = pane
        .offset
        .min(pane.selected)
        .max((pane.selected + 1).saturating_sub(h));
    for (row, (i, r)) in pane
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(inner.height.into())
        .enumerate()
    {
        let c = r.counts();
        let counts = format!("{:>count_w$}", format!("{}/{}", c.unread, c.total));
        let (label, mut style, right) = match r {
            FeedRow::Folder { name, .. } => (
                format!("▾ {}", safe(name.as_deref().unwrap_or(NO_FOLDER))),
                t.title().add_modifier(Modifier::BOLD),
                String::new(),
            ),
            FeedRow::Feed { feed, .. } => {
                let mut right = String::new();
                if show_when {
                    right = match feed.state.last_fetch {
                        Some(d) => format!("  {}", d.format("%Y-%m-%d %H:%M")),
                        None => "  never fetched   ".into(),
                    };
                }
                right.push_str(if feed.state.error.is_some() {
                    " ✗"
                } else {
                    "  "
                });
                let style = if c.unread > 0 {
                    t.unread()
                } else {
                    ratatui::style::Style::default()
                };
                (format!("   {}", safe(&feed.name)), style, right)
            }
        };
        let label_w = w.saturating_sub(counts.width() + right.width() + 1);
        let label = fit(&label, label_w);
        let pad = " ".repeat(label_w.saturating_sub(label.width()) + 1);
        if i == pane.selected {
            style = style.patch(t.selected());
        }
        let failed = matches!(r, FeedRow::Feed { feed, .. } if feed.state.error.is_some());
        let line = Line::from(vec![
            Span::raw(label),
            Span::raw(pad),
            Span::raw(counts),
            Span::styled(right, if failed { t.error() } else { t.dim() }),
        ])
        .style(style);
        frame.render_widget(
            line,
            Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
        );
    }
}

/// Draws the log in a box over the screen.
pub(super) fn render_log(app: &App, log: &FetchLog, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let lines = log_lines(app, log);
    let w = area.width.saturating_sub(4).clamp(1, 110);
    let h = area.height.saturating_sub(2).max(1);
    let r = Rect::new(
        area.x + (area.width - w.min(area.width)) / 2,
        area.y + (area.height - h.min(area.height)) / 2,
        w.min(area.width),
        h.min(area.height),
    );
    let block = Block::bordered()
        .title(Span::styled(" Fetch log ", t.title()))
        .title_bottom(Line::from(" j/k scroll · any other key closes ").right_aligned())
        .border_style(t.border(true));
    let scroll = log.scroll.min(lines.len().saturating_sub(1));
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        r,
    );
}

impl App {
    /// Selects the list's first article (after a filter from the pane).
    fn select_first_article(&mut self) {
        self.list_offset = 0;
        if self.selected != 0 {
            self.selected = 0;
            self.selection_changed();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::point_to_log;

    #[test]
    fn only_a_count_of_failed_feeds_points_to_the_log() {
        assert_eq!(
            point_to_log(
                "fetched 4 feeds: 1 new articles, 0 updated, 3 failed (a: x)",
                "L"
            ),
            "fetched 4 feeds: 1 new articles, 0 updated, 3 failed · L: log (a: x)"
        );
        for s in [
            "fetched 2 feeds: 1 new, 0 updated, 0 failed",
            "fetch failed: no disk",
        ] {
            assert_eq!(point_to_log(s, "L"), s);
        }
    }
}
