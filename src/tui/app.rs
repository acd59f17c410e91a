//! The interface's state and the one function that changes it.
//!
//! Every key, click and resize becomes an [`Action`]; [`update`] applies it.
//! Anything that touches the world outside the source (a browser) is left as
//! an [`Effect`] for the event loop, so `update` stays testable.

use std::collections::HashMap;

use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use super::feeds::{self, AutoFetch, FeedsPane, FetchLog, LastFetch};
use super::find::{self, Find};
use super::keymap::{Keymap, Mode};
use super::source::{Order, Source};
use super::text;
use super::theme::Theme;
use super::view;
use super::views::{self, Inputs, Picture, ViewKind};
use crate::article::{Article, ArticleId};
use crate::entity::{Facet, Kind};
use crate::store::{StoredQuote, article_facets};

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Reader,
    Side,
}

/// Every user intent and outside event.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    FocusNext,
    FocusPrev,
    /// List: read the article. Side panel: add or remove the entity's filter.
    Open,
    RemoveFilter,
    OpenFilter,
    ClearFilters,
    Jump(Kind),
    ToggleAggregate,
    ToggleSide,
    ToggleStar,
    ToggleRead,
    OpenLink,
    ToggleHelp,
    Quit,
    /// Quit from anywhere: `q` backs out of a picture or the help first.
    ForceQuit,
    /// Clear the terminal and draw everything again at its current size
    /// (ctrl-l, as in vim and less): mends a screen another program wrote on.
    Redraw,
    FilterInput(char),
    /// Text pasted into the filter bar (bracketed paste), whole.
    FilterPaste(String),
    FilterBackspace,
    FilterClear,
    FilterSubmit,
    FilterCancel,
    Resize(u16, u16),
    Click(u16, u16),
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    /// Fetch every subscription in the background.
    Fetch,
    /// Background fetch: `done` of `total` feeds finished.
    FetchProgress {
        done: usize,
        total: usize,
    },
    /// Background fetch finished (or failed) with this summary; the library
    /// has new articles to show.
    FetchDone(String),
    /// Open (or close) the world map of the results' countries.
    ShowMap,
    /// Open (or close) the timeline of the results.
    ShowTimeline,
    /// Open (or close) the overview of who and what.
    ShowOverview,
    /// Open (or close) the quotes of the results: who said what.
    ShowQuotes,
    /// Open the list of saved filters.
    ShowSavedFilters,
    /// A background search answered: the first page (`partial`) or every
    /// match, or why it failed. Applied only if `seq` is the latest search.
    Searched {
        seq: u64,
        result: Result<Vec<ArticleId>, String>,
        partial: bool,
    },
    /// The next unread article below (in the reader after a find: the
    /// next match).
    NextUnread,
    /// The previous unread article above (after a find: the previous match).
    PrevUnread,
    /// Reader: a page down, or at the end of the article the next one.
    /// Elsewhere: a page down.
    PageOrNext,
    /// Open the find bar of the article in the reader.
    OpenFind,
    FindInput(char),
    FindBackspace,
    /// Keep the find (its matches stay marked), close the bar.
    FindSubmit,
    /// Clear the find and close the bar.
    FindCancel,
    /// Mark every article of the current filter read.
    MarkAllRead,
    /// Mark unread again what the last mark-all-read marked.
    Undo,
    /// The next list order: date, relevance, feed, unread first.
    CycleSort,
    /// Open (or close) the feeds pane.
    ShowFeeds,
    /// Open the fetch log.
    ShowFetchLog,
    /// Feeds pane: fetch the selected feed (or folder) in the background.
    ReloadFeed,
    /// Feeds pane: mark every article of the selected feed (or folder) read.
    MarkFeedRead,
    /// Background fetch: its line per feed, sent before [`Action::FetchDone`].
    FetchLines(Vec<String>),
    /// The event loop's clock, for `[fetch] reload_minutes`.
    Tick(std::time::Instant),
    /// Download the page of the selected feed article and make its text
    /// the article's (for feeds that give only a summary).
    FetchFullText,
    /// A full-text download finished: what it did, or why it did not.
    FullTextDone {
        id: ArticleId,
        message: String,
    },
}

/// Work for the event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open an http(s) URL in `$BROWSER`.
    OpenUrl(String),
    /// Start a background fetch of all subscriptions.
    Fetch,
    /// Start a background fetch of these subscriptions only.
    FetchFeeds(Vec<crate::store::FeedId>),
    /// Save `query` as the filter `name` in the user's config file.
    SaveFilter { name: String, query: String },
    /// Run search number `seq` of `query` in the background; the answer
    /// comes back as [`Action::Searched`].
    Search { seq: u64, query: String },
    /// Clear the terminal before the next frame.
    Redraw,
    /// Download the full text of this article in the background; the
    /// answer comes back as [`Action::FullTextDone`].
    FetchFullText(ArticleId),
}

/// Where the current results stand while searches run in the background.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Search {
    /// Slow searches go to a background worker: set by the event loop when
    /// it runs one, otherwise every search runs inside `update`.
    pub background: bool,
    /// The number of the latest search asked for; answers to older ones
    /// are dropped, so stale results never replace newer ones.
    pub seq: u64,
    /// The latest search has not answered in full: the list shows the
    /// previous results, or the first page of the new ones.
    pub pending: bool,
    /// The list holds only the first page of the latest search's results.
    pub partial: bool,
}

/// The article shown in the reader, laid out for one width.
pub struct Reader {
    pub id: ArticleId,
    pub article: Article,
    /// Its stored quotes, marked in `lines`.
    pub quotes: Vec<StoredQuote>,
    /// The line each of `quotes` starts on.
    pub quote_lines: Vec<usize>,
    pub width: u16,
    pub lines: Vec<Line<'static>>,
}

/// The side panel: entities of one article, or of all results.
#[derive(Debug, Default)]
pub struct Side {
    pub aggregate: bool,
    /// Hidden by the user (wide layouts only; narrow ones show it on focus).
    pub hidden: bool,
    /// People, then countries, then issues.
    pub items: Vec<Facet>,
    pub selected: usize,
    pub offset: usize,
}

/// The whole interface state. Plain data plus the source it reads.
pub struct App {
    pub source: Box<dyn Source>,
    pub keymap: Keymap,
    pub theme: Theme,
    /// Pane widths from the config; change them with [`App::set_panes`].
    pub panes: view::PaneWidths,
    /// The terminal's size, as of the last resize.
    pub size: (u16, u16),
    /// The current results, newest first.
    pub ids: Vec<ArticleId>,
    pub selected: usize,
    pub list_offset: usize,
    pub focus: Pane,
    /// Filter terms added from the side panel (or typed then kept).
    pub chips: Vec<String>,
    /// The name of the entity each chip made by pointing selects, which the
    /// header shows (`issue = Economy and inflation`) instead of its key.
    pub chip_labels: HashMap<String, String>,
    /// The filter bar's text, part of the query even while closed.
    pub bar: String,
    pub bar_open: bool,
    /// Why the current query is not applied.
    pub error: Option<String>,
    pub search: Search,
    pub reader: Option<Reader>,
    /// Reader scroll, per article, for as long as the program runs.
    pub scroll: HashMap<ArticleId, usize>,
    pub side: Side,
    pub help: Option<usize>,
    pub status: Option<String>,
    pub effects: Vec<Effect>,
    /// A background fetch is running.
    pub fetching: bool,
    /// A full-text download (see [`Action::FetchFullText`]) is running.
    pub fetching_text: bool,
    /// Saved filters from the config file, usable as `@name` in the bar.
    pub saved: std::collections::BTreeMap<String, String>,
    /// The open picture (map, timeline, overview), over the panes.
    pub picture: Option<Picture>,
    /// The saved-filter list is open, with this row selected.
    pub picker: Option<usize>,
    pub quit: bool,
    /// The list's order.
    pub order: Order,
    /// A find in the article in the reader.
    pub find: Option<Find>,
    /// What the last mark-all-read marked, for its undo.
    pub undo: Option<Vec<ArticleId>>,
    /// The feeds pane, when open.
    pub feeds: Option<FeedsPane>,
    /// The fetch log, when open.
    pub log: Option<FetchLog>,
    /// The last fetch this session ran, for the log.
    pub last_fetch: Option<LastFetch>,
    /// `[fetch] reload_minutes`, when set.
    pub auto_fetch: Option<AutoFetch>,
    /// The query (saved filters expanded) the list was last searched with.
    /// Searching it again (after reading, a fetch, a new order) keeps the
    /// open article listed even when it no longer matches.
    last_query: String,
    /// The article kept listed by the search under way (see `last_query`).
    hold: Option<ArticleId>,
    /// The next answer selects its first row (Enter in the filter bar).
    to_top: bool,
}

impl App {
    /// Opens on the articles matching `query` (a malformed one shows its error
    /// in the bar and everything is listed).
    pub fn new(source: Box<dyn Source>, query: &str, size: (u16, u16), theme: Theme) -> App {
        let mut app = App {
            source,
            keymap: Keymap::default(),
            theme,
            panes: view::PaneWidths::default(),
            size,
            ids: Vec::new(),
            selected: 0,
            list_offset: 0,
            focus: Pane::List,
            chips: Vec::new(),
            chip_labels: HashMap::new(),
            bar: query.trim().to_string(),
            bar_open: false,
            error: None,
            search: Search::default(),
            reader: None,
            scroll: HashMap::new(),
            side: Side::default(),
            help: None,
            status: None,
            effects: Vec::new(),
            fetching: false,
            fetching_text: false,
            saved: Default::default(),
            picture: None,
            picker: None,
            quit: false,
            order: Order::Date,
            find: None,
            undo: None,
            feeds: None,
            log: None,
            last_fetch: None,
            auto_fetch: None,
            last_query: String::new(),
            hold: None,
            to_top: false,
        };
        app.refilter();
        if app.error.is_some() {
            app.bar_open = true;
            if let Ok(ids) = app.source.search("") {
                app.ids = ids;
                app.selection_changed();
            }
        }
        app
    }

    /// The key mode: what typed keys mean now.
    pub fn mode(&self) -> Mode {
        if self.bar_open {
            Mode::Filter
        } else if self.feeds.is_some() {
            Mode::Feeds
        } else if self.find.as_ref().is_some_and(|f| f.open) {
            Mode::Find
        } else {
            Mode::Normal
        }
    }

    /// The full query: chips, then the bar (without a `:save` command).
    pub fn query(&self) -> String {
        let mut q = self.chips.join(" ");
        let bar = split_save(&self.bar).0.trim();
        if !bar.is_empty() {
            if !q.is_empty() {
                q.push(' ');
            }
            q.push_str(bar);
        }
        q
    }

    pub fn current(&self) -> Option<ArticleId> {
        self.ids.get(self.selected).copied()
    }

    pub fn reader_scroll(&self) -> usize {
        self.current()
            .and_then(|id| self.scroll.get(&id).copied())
            .unwrap_or(0)
    }

    fn areas(&self) -> view::Areas {
        view::layout(self, Rect::new(0, 0, self.size.0, self.size.1))
    }

    /// Uses the configured pane widths, reflowing the reader to its new width.
    pub fn set_panes(&mut self, panes: view::PaneWidths) {
        self.panes = panes;
        self.relayout_reader();
        self.fix_offsets();
    }

    /// Runs the query again, keeping the selected article when it still matches.
    pub(crate) fn refilter(&mut self) {
        // Any answer still coming is for an older query now.
        self.search.seq += 1;
        self.search.pending = false;
        let query = match crate::query::expand_saved(&self.saved, &self.query()) {
            Ok(q) => q,
            Err(e) => {
                self.error = Some(e);
                return;
            }
        };
        self.hold = (query == self.last_query).then(|| self.current()).flatten();
        self.last_query.clone_from(&query);
        let found = if self.search.background {
            self.source.search_now(&query)
        } else {
            Some(self.source.search(&query))
        };
        match found {
            Some(found) => self.show(found, false),
            None => {
                self.search.pending = true;
                self.effects.push(Effect::Search {
                    seq: self.search.seq,
                    query,
                });
            }
        }
    }

    /// Shows search results (or their error), keeping the selected article
    /// when it is still among them.
    fn show(&mut self, found: Result<Vec<ArticleId>, String>, partial: bool) {
        match found {
            Ok(mut ids) => {
                self.error = None;
                self.search.partial = partial;
                let to_top = std::mem::take(&mut self.to_top);
                let keep = self.current().filter(|_| !to_top);
                if !partial {
                    ids = self.source.order(&self.last_query, ids, self.order);
                }
                if let Some(h) = self.hold.filter(|&h| keep == Some(h) && !ids.contains(&h)) {
                    ids.insert(self.selected.min(ids.len()), h);
                }
                self.ids = ids;
                self.selected = keep
                    .and_then(|id| self.ids.iter().position(|&x| x == id))
                    .unwrap_or(0);
                if keep != self.current() {
                    self.list_offset = 0;
                }
                self.selection_changed();
                if !partial {
                    self.rebuild_picture();
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Takes a background search's answer if it is the latest search's.
    fn searched(&mut self, seq: u64, found: Result<Vec<ArticleId>, String>, partial: bool) {
        if seq != self.search.seq || !self.search.pending {
            return;
        }
        let failed = found.is_err();
        self.show(found, partial);
        self.search.pending = partial && !failed;
    }

    /// Runs `f` on the open picture with what it is computed from.
    fn with_picture(&mut self, f: impl FnOnce(&mut Picture, &Inputs)) {
        let input = Inputs {
            source: &*self.source,
            ids: &self.ids,
            current: self.ids.get(self.selected).copied(),
            size: self.size,
            query: &self.last_query,
        };
        if let Some(p) = self.picture.as_mut() {
            f(p, &input);
        }
    }

    /// Opens the picture `kind`, or closes it when it is the one open. It
    /// starts on the side panel's entity when that is in its list.
    fn toggle_picture(&mut self, kind: ViewKind) {
        if self.picture.as_ref().is_some_and(|p| p.kind == kind) {
            self.picture = None;
            return;
        }
        let keep = self
            .picture
            .as_ref()
            .and_then(|p| p.current())
            .or_else(|| self.side.items.get(self.side.selected))
            .map(|f| f.term.clone());
        self.picture = Some(Picture::open(
            kind,
            true,
            &Inputs {
                source: &*self.source,
                ids: &self.ids,
                current: self.current(),
                size: self.size,
                query: &self.last_query,
            },
            keep.as_deref(),
        ));
    }

    /// Computes the open picture again (the results or the size changed),
    /// keeping its selected entity.
    fn rebuild_picture(&mut self) {
        self.with_picture(|p, input| {
            let keep = p.current().map(|f| f.term.clone());
            *p = Picture::open(p.kind, p.aggregate, input, keep.as_deref());
        });
    }

    /// Loads the selected article into the reader and rebuilds the side panel.
    pub(super) fn selection_changed(&mut self) {
        let id = self.current();
        if self.reader.as_ref().map(|r| r.id) != id {
            self.find = None;
            self.reader = id.and_then(|id| {
                let article = self.source.article(id)?;
                Some(Reader {
                    id,
                    article,
                    quotes: self.source.quotes(id),
                    quote_lines: Vec::new(),
                    width: 0,
                    lines: Vec::new(),
                })
            });
        }
        self.relayout_reader();
        self.rebuild_side();
    }

    /// Reflows the reader's article when the pane's width changed.
    fn relayout_reader(&mut self) {
        let width = self.areas().reader.map_or(0, |r| r.width.saturating_sub(2));
        let theme = self.theme;
        if let Some(r) = self.reader.as_mut()
            && (r.width != width || r.lines.is_empty())
        {
            let entities = self.source.entities(r.id);
            (r.lines, r.quote_lines) =
                text::article_lines_quoted(&r.article, &entities, &r.quotes, width.max(1), &theme);
            r.width = width;
            if let Some(f) = self.find.as_mut() {
                f.matches = find::matches(&r.lines, &f.text);
                f.current = f.current.min(f.matches.len().saturating_sub(1));
            }
        }
    }

    fn rebuild_side(&mut self) {
        let facets = if self.side.aggregate {
            self.source.facets(&self.ids)
        } else {
            let mut facets = self
                .current()
                .map(|id| article_facets(&self.source.entities(id)))
                .unwrap_or_default();
            // The article's speakers, each with the quotes it said.
            let quotes = self.reader.as_ref().map_or(&[][..], |r| &r.quotes[..]);
            for f in speakers(quotes) {
                facets.push(f);
            }
            facets
        };
        let old = self
            .side
            .items
            .get(self.side.selected)
            .map(|f| f.term.clone());
        self.side.items = facets.iter().cloned().collect();
        self.side.selected = old
            .and_then(|t| self.side.items.iter().position(|f| f.term == t))
            .unwrap_or(0);
    }

    /// Marks the shown article read: the user is reading it.
    fn mark_read(&mut self) {
        if let Some(id) = self.current()
            && self.source.meta(id).is_some_and(|m| !m.read)
            && let Err(e) = self.source.set_read(id, true)
        {
            // A failed write must not stop reading, nor pass unnoticed.
            self.status = Some(format!("not marked read: {e}"));
        }
    }

    fn set_focus(&mut self, pane: Pane) {
        self.focus = pane;
        if pane == Pane::Side {
            self.side.hidden = false;
        }
        if pane == Pane::Reader {
            self.mark_read();
        }
        self.relayout_reader();
    }

    fn panes(&self) -> Vec<Pane> {
        let mut panes = vec![Pane::List, Pane::Reader];
        if !(self.side.hidden && view::is_wide(self.size.0)) {
            panes.push(Pane::Side);
        }
        panes
    }

    fn cycle_focus(&mut self, forward: bool) {
        let panes = self.panes();
        let i = panes.iter().position(|&p| p == self.focus).unwrap_or(0);
        let n = panes.len();
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.set_focus(panes[next]);
    }

    fn select(&mut self, index: usize) {
        let index = index.min(self.ids.len().saturating_sub(1));
        if index != self.selected {
            self.selected = index;
            self.selection_changed();
            // Moving on drops the articles that no longer match a filter on
            // state (`is:unread` and read ones), keeping this one.
            if crate::query::expand_saved(&self.saved, &self.query())
                .is_ok_and(|q| q.contains("is:"))
            {
                self.refilter();
            }
        }
    }

    /// Moves within the focused pane by `delta` rows (lines in the reader).
    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::List => self.select(self.selected.saturating_add_signed(delta)),
            Pane::Reader => {
                if let Some(id) = self.current() {
                    let max = self.reader_max_scroll();
                    let s = self.reader_scroll().saturating_add_signed(delta).min(max);
                    self.scroll.insert(id, s);
                    self.mark_read();
                }
            }
            Pane::Side => {
                let last = self.side.items.len().saturating_sub(1);
                self.side.selected = self.side.selected.saturating_add_signed(delta).min(last);
            }
        }
    }

    fn page(&self) -> isize {
        let areas = self.areas();
        let h = match self.focus {
            Pane::List => areas.list,
            Pane::Reader => areas.reader,
            Pane::Side => areas.side,
        }
        .map_or(1, |r| r.height.saturating_sub(3).max(1));
        h as isize
    }

    fn reader_max_scroll(&self) -> usize {
        let h = self
            .areas()
            .reader
            .map_or(0, |r| r.height.saturating_sub(2)) as usize;
        self.reader
            .as_ref()
            .map_or(0, |r| r.lines.len().saturating_sub(h))
    }

    /// Keeps selections on screen, scrolling one row at a time.
    fn fix_offsets(&mut self) {
        let areas = self.areas();
        if let Some(list) = areas.list {
            let h = usize::from(list.height.saturating_sub(2)).max(1);
            self.list_offset = keep_visible(self.list_offset, self.selected, h);
        }
        if let Some(side) = areas.side {
            let h = usize::from(side.height.saturating_sub(2)).max(1);
            let line = view::side_line(&self.side.items, self.side.selected);
            self.side.offset = keep_visible(self.side.offset, line, h);
        }
        let size = self.size;
        if let Some(p) = self.picture.as_mut() {
            p.offset = keep_visible(p.offset, p.selected, p.list_height(size));
        }
    }

    /// The entity under the cursor: the picture's, else the side panel's.
    fn selected_facet(&self) -> Option<&Facet> {
        match &self.picture {
            Some(p) => p.current(),
            None => self.side.items.get(self.side.selected),
        }
    }

    fn selected_term(&self) -> Option<String> {
        self.selected_facet().map(|f| f.term.clone())
    }

    fn toggle_chip(&mut self) {
        let Some(facet) = self.selected_facet() else {
            return;
        };
        let (term, label) = (facet.term.clone(), facet.label.clone());
        if let Some(i) = self.chips.iter().position(|c| *c == term) {
            self.chips.remove(i);
        } else {
            self.chip_labels.insert(term.clone(), label);
            self.chips.push(term);
        }
        self.refilter();
    }

    /// Closes the quotes view on the article of its selected quote, the
    /// reader scrolled to the quote.
    fn open_quote(&mut self) {
        let Some((id, start)) = self
            .picture
            .as_ref()
            .and_then(|p| p.quote())
            .map(|q| (q.article, q.start))
        else {
            return;
        };
        let Some(at) = self.ids.iter().position(|&x| x == id) else {
            self.status = Some("that article is no longer listed".into());
            return;
        };
        self.picture = None;
        self.select(at);
        self.set_focus(Pane::Reader);
        if let Some(r) = self.reader.as_ref().filter(|r| r.id == id)
            && let Some(n) = r.quotes.iter().position(|q| q.start == start)
        {
            let line = r.quote_lines.get(n).copied().unwrap_or(0);
            self.scroll.insert(id, line);
        }
    }

    fn remove_chip(&mut self) {
        let term = self.selected_term();
        match term.and_then(|t| self.chips.iter().position(|c| *c == t)) {
            Some(i) => {
                self.chips.remove(i);
            }
            None => {
                self.chips.pop();
            }
        }
        self.refilter();
    }

    fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        let at = Position::new(column, row);
        let inner_row = |r: Rect| usize::from(row.saturating_sub(r.y + 1));
        if let Some(r) = areas.list.filter(|r| r.contains(at)) {
            self.set_focus(Pane::List);
            if row > r.y && row + 1 < r.bottom() {
                self.select(self.list_offset + inner_row(r));
            }
        } else if let Some(r) = areas.side.filter(|r| r.contains(at)) {
            self.set_focus(Pane::Side);
            if let Some(i) = view::side_item_at(&self.side.items, self.side.offset + inner_row(r)) {
                self.side.selected = i;
            }
        } else if areas.reader.is_some_and(|r| r.contains(at)) {
            self.set_focus(Pane::Reader);
        }
    }

    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let areas = self.areas();
        let at = Position::new(column, row);
        let pane = [
            (areas.list, Pane::List),
            (areas.reader, Pane::Reader),
            (areas.side, Pane::Side),
        ]
        .into_iter()
        .find(|(r, _)| r.is_some_and(|r| r.contains(at)))
        .map(|(_, p)| p);
        if let Some(pane) = pane {
            let focus = self.focus;
            self.focus = pane;
            self.move_by(if down { 3 } else { -3 });
            self.focus = focus;
        }
    }

    /// `:save NAME` from the filter bar: saves the query before it under
    /// NAME (with any `@name` in it expanded, so it stands alone).
    fn save_filter(&mut self, name: &str) {
        let name = name.trim();
        if !crate::query::valid_filter_name(name) {
            self.error = Some(if name.is_empty() {
                "type :save NAME to save the filter as @NAME".into()
            } else {
                format!("a saved filter's name holds only letters, digits, - and _, not {name:?}")
            });
            return;
        }
        if self.error.is_some() {
            // The filter before `:save` does not parse; its error is shown.
            return;
        }
        let query = match crate::query::expand_saved(&self.saved, &self.query()) {
            Ok(q) if q.trim().is_empty() => {
                self.error = Some("nothing to save: the filter is empty".into());
                return;
            }
            Ok(q) => q,
            Err(e) => {
                self.error = Some(e);
                return;
            }
        };
        self.saved.insert(name.to_string(), query.clone());
        self.effects.push(Effect::SaveFilter {
            name: name.to_string(),
            query,
        });
        self.bar = split_save(&self.bar).0.trim().to_string();
        self.bar_open = false;
        self.refilter();
        self.status = Some(format!("saved as @{name}"));
    }

    /// Replaces the filter with the saved filter at `index` (name order).
    fn apply_saved(&mut self, index: usize) {
        let Some(name) = self.saved.keys().nth(index).cloned() else {
            return;
        };
        self.chips = vec![format!("@{name}")];
        self.bar.clear();
        self.refilter();
    }

    /// The row of the next (`forward`) or previous unread article.
    fn unread_from(&self, forward: bool) -> Option<usize> {
        let unread = |&i: &usize| {
            self.ids
                .get(i)
                .and_then(|&id| self.source.meta(id))
                .is_some_and(|m| !m.read)
        };
        if forward {
            (self.selected + 1..self.ids.len()).find(unread)
        } else {
            (0..self.selected).rev().find(unread)
        }
    }

    /// `n`/`N`: selects the next or previous unread article, read at once
    /// when the reader has the focus.
    fn go_unread(&mut self, forward: bool) {
        match self.unread_from(forward) {
            Some(i) => {
                self.select(i);
                if self.focus == Pane::Reader {
                    self.mark_read();
                }
            }
            None => {
                let dir = if forward { "below" } else { "above" };
                self.status = Some(format!("no unread article {dir}"));
            }
        }
    }

    /// Space in the reader: a page down, or at the end of the article the
    /// next one, from its top.
    fn page_or_next(&mut self) {
        if self.focus != Pane::Reader || self.reader_scroll() < self.reader_max_scroll() {
            self.move_by(self.page());
            return;
        }
        if self.selected + 1 >= self.ids.len() {
            self.status = Some("this is the last article".into());
            return;
        }
        self.select(self.selected + 1);
        if let Some(id) = self.current() {
            self.scroll.insert(id, 0);
        }
        self.mark_read();
    }

    /// Opens the find bar over the article in the reader.
    fn open_find(&mut self) {
        if self.reader.is_none() {
            self.status = Some("no article to find in".into());
            return;
        }
        if self.focus != Pane::Reader {
            self.set_focus(Pane::Reader);
        }
        self.find = Some(Find {
            open: true,
            ..Find::default()
        });
    }

    /// The find's text changed: its matches again, from the first at or
    /// below the top of the reader.
    fn find_changed(&mut self) {
        let scroll = self.reader_scroll();
        let (Some(r), Some(f)) = (&self.reader, self.find.as_mut()) else {
            return;
        };
        f.matches = find::matches(&r.lines, &f.text);
        f.current = f.matches.iter().position(|m| m.line >= scroll).unwrap_or(0);
        self.show_match();
    }

    /// Moves to the next or previous match of the find, round the end.
    fn go_match(&mut self, forward: bool) {
        let Some(f) = self.find.as_mut() else {
            return;
        };
        let n = f.matches.len();
        if n > 0 {
            f.current = if forward {
                (f.current + 1) % n
            } else {
                (f.current + n - 1) % n
            };
        }
        self.show_match();
    }

    /// Scrolls the reader to the find's current match (two lines of
    /// context above it) unless it is in view, and says where it is.
    fn show_match(&mut self) {
        let Some(f) = &self.find else {
            return;
        };
        let Some(m) = f.matches.get(f.current).copied() else {
            if !f.text.is_empty() {
                self.status = Some(format!("not found: {}", text::safe(&f.text)));
            }
            return;
        };
        self.status = Some(format!("match {} of {}", f.current + 1, f.matches.len()));
        let Some(id) = self.current() else {
            return;
        };
        let height = self
            .areas()
            .reader
            .map_or(1, |r| usize::from(r.height.saturating_sub(2)).max(1));
        let scroll = self.reader_scroll();
        if m.line < scroll || m.line >= scroll + height {
            let to = m.line.saturating_sub(2).min(self.reader_max_scroll());
            self.scroll.insert(id, to);
        }
    }

    /// `A`: marks every unread article of the current filter read (all its
    /// results, not only those listed so far), remembering them for undo.
    fn mark_all_read(&mut self) {
        let all = if self.search.partial || self.search.pending {
            match crate::query::expand_saved(&self.saved, &self.query())
                .and_then(|q| self.source.search(&q))
            {
                Ok(ids) => ids,
                Err(e) => {
                    self.status = Some(format!("nothing marked read: {e}"));
                    return;
                }
            }
        } else {
            self.ids.clone()
        };
        self.mark_ids_read(all, Mode::Normal, None);
    }

    /// Marks the unread ones of `ids` read and remembers them for undo (the
    /// undo key shown is `mode`'s); `what` names them in the status line
    /// ("every article of BBC Politics is read already"), else "here".
    pub(super) fn mark_ids_read(&mut self, ids: Vec<ArticleId>, mode: Mode, what: Option<&str>) {
        let unread: Vec<ArticleId> = ids
            .into_iter()
            .filter(|&id| self.source.meta(id).is_some_and(|m| !m.read))
            .collect();
        if unread.is_empty() {
            self.status = Some(match what {
                Some(w) => format!("every article of {w} is read already"),
                None => "every article here is read already".into(),
            });
            return;
        }
        match self.source.set_read_many(&unread, true) {
            Ok(()) => {
                let n = unread.len();
                self.undo = Some(unread);
                let undo = self
                    .keymap
                    .key_for(mode, &Action::Undo)
                    .map(|k| format!(" · {k} undoes"))
                    .unwrap_or_default();
                self.refilter();
                let of = what.map(|w| format!(" of {w}")).unwrap_or_default();
                self.status = Some(format!("marked {n}{of} read{undo}"));
            }
            Err(e) => self.status = Some(format!("nothing marked read: {e}")),
        }
    }

    /// `u`: marks unread again what the last mark-all-read marked.
    pub(super) fn undo_mark_all(&mut self) {
        let Some(ids) = self.undo.take() else {
            self.status = Some("nothing to undo".into());
            return;
        };
        match self.source.set_read_many(&ids, false) {
            Ok(()) => {
                self.refilter();
                self.status = Some(format!("marked {} unread again", ids.len()));
            }
            Err(e) => {
                self.status = Some(format!("not undone: {e}"));
                self.undo = Some(ids);
            }
        }
    }

    /// Takes the effects `update` left for the event loop.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }
}

/// One facet per named speaker of `quotes`, counting its quotes, in the
/// order they first speak.
fn speakers(quotes: &[StoredQuote]) -> Vec<Facet> {
    let mut out: Vec<Facet> = Vec::new();
    for q in quotes {
        let (Some(key), Some(label)) = (&q.speaker_key, &q.speaker) else {
            continue;
        };
        match out.iter_mut().find(|f| &f.key == key) {
            Some(f) => f.count += 1,
            None => out.push(Facet::new(Kind::Speaker, key.clone(), label.clone(), 1)),
        }
    }
    out
}

fn keep_visible(offset: usize, index: usize, height: usize) -> usize {
    if index < offset {
        index
    } else if index >= offset + height {
        index + 1 - height
    } else {
        offset
    }
}

/// Splits a `:save NAME` command off the filter bar's text: (the query
/// before it, the name after it). Only a `:save` starting a word outside
/// quotes counts.
pub fn split_save(bar: &str) -> (&str, Option<&str>) {
    let mut in_quotes = false;
    for (i, c) in bar.char_indices() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        let rest = &bar[i..];
        if !in_quotes
            && c == ':'
            && (i == 0 || bar[..i].ends_with(char::is_whitespace))
            && let Some(name) = rest.strip_prefix(":save")
            && (name.is_empty() || name.starts_with(char::is_whitespace))
        {
            return (&bar[..i], Some(name.trim()));
        }
    }
    (bar, None)
}

/// True for links `o` may hand to a browser.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Applies one action to the state.
pub fn update(app: &mut App, action: Action) {
    // An answer changes the results under whatever is open, and says nothing
    // to the status line.
    if let Action::Searched {
        seq,
        result,
        partial,
    } = action
    {
        app.searched(seq, result, partial);
        app.fix_offsets();
        return;
    }
    if let Action::Tick(now) = action {
        feeds::tick(app, now);
        return;
    }
    app.status = None;
    // Background news reaches the state under whatever is open.
    if matches!(
        action,
        Action::FetchProgress { .. }
            | Action::FetchDone(_)
            | Action::FetchLines(_)
            | Action::FullTextDone { .. }
    ) {
        fetch_news(app, action);
        app.fix_offsets();
        return;
    }
    if action == Action::ForceQuit {
        app.quit = true;
        return;
    }
    // Works over the help and pictures alike, and changes nothing else.
    if action == Action::Redraw {
        app.effects.push(Effect::Redraw);
        return;
    }
    if app.help.is_some() {
        match action {
            Action::Down => app.help = app.help.map(|s| s + 1),
            Action::Up => app.help = app.help.map(|s| s.saturating_sub(1)),
            Action::PageDown | Action::PageOrNext => app.help = app.help.map(|s| s + 10),
            Action::PageUp => app.help = app.help.map(|s| s.saturating_sub(10)),
            Action::Resize(w, h) => {
                app.size = (w, h);
                app.relayout_reader();
            }
            Action::Wheel { .. } | Action::Click(..) => {}
            _ => app.help = None,
        }
        app.fix_offsets();
        return;
    }
    if let Some(row) = app.picker {
        let last = app.saved.len().saturating_sub(1);
        match action {
            Action::Down => app.picker = Some((row + 1).min(last)),
            Action::Up => app.picker = Some(row.saturating_sub(1)),
            Action::Top => app.picker = Some(0),
            Action::Bottom => app.picker = Some(last),
            Action::Open => {
                app.picker = None;
                app.apply_saved(row);
            }
            Action::Resize(w, h) => {
                app.size = (w, h);
                app.relayout_reader();
            }
            Action::Wheel { .. } | Action::Click(..) => {}
            _ => app.picker = None,
        }
        return;
    }
    if app.log.is_some() && feeds::log_action(app, &action) {
        return;
    }
    if app.feeds.is_some() && !app.bar_open && feeds::pane_action(app, &action) {
        return;
    }
    if app.picture.is_some() && !app.bar_open && picture_action(app, &action) {
        app.fix_offsets();
        return;
    }
    match action {
        Action::Down => app.move_by(1),
        Action::Up => app.move_by(-1),
        Action::PageDown => app.move_by(app.page()),
        Action::PageUp => app.move_by(-app.page()),
        Action::Top => app.move_by(isize::MIN / 2),
        Action::Bottom => app.move_by(isize::MAX / 2),
        Action::FocusNext => app.cycle_focus(true),
        Action::FocusPrev => app.cycle_focus(false),
        Action::Open => match app.focus {
            Pane::List => app.set_focus(Pane::Reader),
            Pane::Side => app.toggle_chip(),
            Pane::Reader => app.mark_read(),
        },
        Action::RemoveFilter => app.remove_chip(),
        Action::OpenFilter => app.bar_open = true,
        // In the reader Esc clears a find, then goes back to the list; the
        // filters stay.
        Action::ClearFilters if app.focus == Pane::Reader => {
            if app.find.take().is_none() {
                app.set_focus(Pane::List);
            }
        }
        Action::ClearFilters => {
            app.chips.clear();
            app.bar.clear();
            app.refilter();
        }
        Action::Jump(kind) => {
            app.set_focus(Pane::Side);
            if let Some(i) = app.side.items.iter().position(|f| f.kind == kind) {
                app.side.selected = i;
            } else {
                app.status = Some(format!("no {} here", kind.heading().to_lowercase()));
            }
        }
        Action::ToggleAggregate => {
            app.side.aggregate = !app.side.aggregate;
            app.side.selected = 0;
            app.side.offset = 0;
            app.rebuild_side();
        }
        Action::ToggleSide => {
            if view::is_wide(app.size.0) {
                app.side.hidden = !app.side.hidden;
                if app.side.hidden && app.focus == Pane::Side {
                    app.focus = Pane::List;
                }
            } else if app.focus == Pane::Side {
                app.focus = Pane::List;
            } else {
                app.set_focus(Pane::Side);
            }
            app.relayout_reader();
        }
        Action::ToggleStar => {
            if let Some((id, m)) = app
                .current()
                .and_then(|id| Some((id, app.source.meta(id)?)))
                && let Err(e) = app.source.set_starred(id, !m.starred)
            {
                app.status = Some(format!("star not saved: {e}"));
            }
        }
        Action::ToggleRead => {
            if let Some((id, m)) = app
                .current()
                .and_then(|id| Some((id, app.source.meta(id)?)))
                && let Err(e) = app.source.set_read(id, !m.read)
            {
                app.status = Some(format!("read mark not saved: {e}"));
            }
        }
        Action::OpenLink => {
            // The open article knows its link even when the list's metadata does not.
            let url = app.current().and_then(|id| match &app.reader {
                Some(r) if r.id == id && r.article.url.is_some() => r.article.url.clone(),
                _ => app.source.meta(id)?.url,
            });
            match url {
                Some(url) if is_web_url(&url) => {
                    app.status = Some(format!("opening {url}"));
                    app.effects.push(Effect::OpenUrl(url));
                }
                Some(_) => {
                    app.status = Some("the article's link is not http(s); not opened".into())
                }
                None => app.status = Some("this article has no link".into()),
            }
        }
        Action::ToggleHelp => app.help = Some(0),
        // Backs out one level: the reader (or side panel), then the list.
        Action::Quit if app.focus != Pane::List => {
            app.find = None;
            app.set_focus(Pane::List);
        }
        Action::Quit | Action::ForceQuit => app.quit = true,
        Action::Fetch if app.fetching => app.status = Some("already fetching…".into()),
        Action::Fetch => {
            app.fetching = true;
            app.status = Some("fetching feeds…".into());
            app.effects.push(Effect::Fetch);
        }
        Action::FilterInput(c) => {
            if !c.is_control() {
                app.bar.push(c);
                app.refilter();
            }
        }
        Action::FilterPaste(text) => {
            // A pasted line break joins words, as typing a space would.
            let before = app.bar.len();
            app.bar.extend(
                text.chars()
                    .map(|c| {
                        if c == '\n' || c == '\r' || c == '\t' {
                            ' '
                        } else {
                            c
                        }
                    })
                    .filter(|c| !c.is_control()),
            );
            if app.bar.len() != before {
                app.refilter();
            }
        }
        Action::FilterBackspace => {
            if app.bar.pop().is_none() {
                app.chips.pop();
            }
            app.refilter();
        }
        Action::FilterClear => {
            app.bar.clear();
            app.refilter();
        }
        Action::FilterSubmit => match split_save(&app.bar).1 {
            Some(name) => {
                let name = name.to_string();
                app.save_filter(&name);
            }
            None => {
                if app.error.is_none() {
                    app.bar_open = false;
                    app.set_focus(Pane::List);
                    app.list_offset = 0;
                    // An answer still to come selects its own first row.
                    app.to_top = app.search.pending;
                    if app.selected != 0 {
                        app.selected = 0;
                        app.selection_changed();
                    }
                }
            }
        },
        Action::FilterCancel => {
            app.bar.clear();
            app.bar_open = false;
            app.refilter();
        }
        Action::Resize(w, h) => {
            app.size = (w, h);
            if app.focus == Pane::Side && app.side.hidden && view::is_wide(w) {
                app.focus = Pane::List;
            }
            app.relayout_reader();
            // The timeline's buckets are chosen to fit its width.
            if app
                .picture
                .as_ref()
                .is_some_and(|p| p.kind == ViewKind::Timeline)
            {
                app.rebuild_picture();
            }
        }
        Action::Click(column, row) => app.click(column, row),
        Action::Wheel { column, row, down } => app.wheel(column, row, down),
        Action::ShowMap => app.toggle_picture(ViewKind::Map),
        Action::ShowTimeline => app.toggle_picture(ViewKind::Timeline),
        Action::ShowOverview => app.toggle_picture(ViewKind::Overview),
        Action::ShowQuotes => app.toggle_picture(ViewKind::Quotes),
        Action::ShowSavedFilters => app.picker = Some(0),
        Action::NextUnread if app.focus == Pane::Reader && app.find.is_some() => app.go_match(true),
        Action::PrevUnread if app.focus == Pane::Reader && app.find.is_some() => {
            app.go_match(false)
        }
        Action::NextUnread => app.go_unread(true),
        Action::PrevUnread => app.go_unread(false),
        Action::PageOrNext => app.page_or_next(),
        Action::OpenFind => app.open_find(),
        Action::FindInput(c) => {
            if let Some(f) = app.find.as_mut()
                && !c.is_control()
            {
                f.text.push(c);
                app.find_changed();
            }
        }
        Action::FindBackspace => {
            if let Some(f) = app.find.as_mut() {
                f.text.pop();
                app.find_changed();
            }
        }
        Action::FindSubmit => {
            if let Some(f) = app.find.as_mut() {
                f.open = false;
                if f.text.is_empty() {
                    app.find = None;
                } else {
                    app.show_match();
                }
            }
        }
        Action::FindCancel => app.find = None,
        Action::MarkAllRead => app.mark_all_read(),
        Action::Undo => app.undo_mark_all(),
        Action::CycleSort => {
            app.order = app.order.next();
            app.refilter();
            app.status = Some(format!("sorted {}", app.order.label()));
        }
        Action::ShowFeeds => app.open_feeds(),
        Action::ShowFetchLog => app.open_fetch_log(),
        // Keys of the feeds pane only.
        Action::ReloadFeed | Action::MarkFeedRead => {}
        Action::FetchFullText => match app.current() {
            None => app.status = Some("no article to fetch the full text of".into()),
            Some(_) if app.fetching_text => {
                app.status = Some("already fetching a full text…".into())
            }
            Some(id) => {
                app.fetching_text = true;
                app.status = Some("fetching the full text…".into());
                app.effects.push(Effect::FetchFullText(id));
            }
        },
        // Handled before the modes.
        Action::Searched { .. }
        | Action::Redraw
        | Action::Tick(_)
        | Action::FetchProgress { .. }
        | Action::FetchDone(_)
        | Action::FetchLines(_)
        | Action::FullTextDone { .. } => {}
    }
    app.fix_offsets();
}

/// A background fetch's progress, lines and end, and a full-text
/// download's end.
fn fetch_news(app: &mut App, action: Action) {
    match action {
        Action::FullTextDone { id, message } => {
            app.fetching_text = false;
            app.source.reload();
            // The open article shows its new text at once, where it was.
            if let Some(r) = app.reader.as_mut().filter(|r| r.id == id)
                && let Some(article) = app.source.article(id)
            {
                r.article = article;
                r.lines.clear();
                app.relayout_reader();
                app.rebuild_side();
            }
            app.refilter();
            app.status = Some(message);
        }

        Action::FetchProgress { done, total } => {
            app.status = Some(format!("fetching feeds {done}/{total}…"))
        }
        Action::FetchLines(lines) => {
            app.last_fetch = Some(LastFetch {
                lines,
                ..LastFetch::default()
            })
        }
        Action::FetchDone(summary) => {
            app.fetching = false;
            app.source.reload();
            app.refilter();
            let last = app.last_fetch.get_or_insert_with(LastFetch::default);
            // Lines are those of this fetch only if they came since the last end.
            if last.at.is_some() {
                last.lines.clear();
            }
            last.at = Some(chrono::Utc::now());
            last.summary.clone_from(&summary);
            app.refresh_feeds();
            app.refresh_fetch_log();
            // "3 failed" says where to read why.
            app.status = Some(
                match app.keymap.key_for(Mode::Normal, &Action::ShowFetchLog) {
                    Some(k) => feeds::point_to_log(&summary, &k),
                    None => summary,
                },
            );
        }
        _ => {}
    }
}

/// What keys mean while a picture is open; false leaves the action to the
/// usual handling (filter bar, help, fetch, switching pictures, resize).
fn picture_action(app: &mut App, action: &Action) -> bool {
    let page = app
        .picture
        .as_ref()
        .map_or(1, |p| p.list_height(app.size).saturating_sub(1).max(1)) as isize;
    let delta = match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::PageDown | Action::PageOrNext => page,
        Action::PageUp => -page,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        Action::Wheel { down, .. } => {
            if *down {
                3
            } else {
                -3
            }
        }
        Action::Open
            if app
                .picture
                .as_ref()
                .is_some_and(|p| p.kind == ViewKind::Quotes) =>
        {
            app.open_quote();
            return true;
        }
        Action::Open => {
            app.toggle_chip();
            return true;
        }
        Action::RemoveFilter => {
            app.remove_chip();
            return true;
        }
        Action::ToggleAggregate => {
            if app
                .picture
                .as_ref()
                .is_some_and(|p| p.kind == ViewKind::Map)
            {
                app.with_picture(|p, input| {
                    *p = Picture::open(p.kind, !p.aggregate, input, None);
                });
            }
            return true;
        }
        Action::ClearFilters | Action::Quit => {
            app.picture = None;
            return true;
        }
        Action::FocusNext
        | Action::FocusPrev
        | Action::Jump(_)
        | Action::ToggleSide
        | Action::ToggleStar
        | Action::ToggleRead
        | Action::OpenLink
        | Action::NextUnread
        | Action::PrevUnread
        | Action::OpenFind => return true,
        Action::Click(column, row) => {
            let (column, row) = (*column, *row);
            app.with_picture(|p, input| {
                let list = views::areas(p.kind, views::body(input.size)).list;
                if list.contains(Position::new(column, row)) && row > list.y {
                    let target = p.offset + usize::from(row - list.y - 1);
                    if target < p.items.len() {
                        p.move_by(target as isize - p.selected as isize, input);
                    }
                }
            });
            return true;
        }
        _ => return false,
    };
    app.with_picture(|p, input| p.move_by(delta, input));
    true
}
