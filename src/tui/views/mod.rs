//! The pictures: a world map, a timeline, a who-and-what overview and the
//! quotes of the current results, each a full-screen mode.
//!
//! A [`Picture`] holds everything it draws, computed from the [`Source`] when
//! it opens and again whenever the results or its selection change — never
//! per frame, so a 100k library stays responsive. Each picture has a list of
//! entities to pick from with j/k; Enter adds or removes the selected one's
//! filter, like the side panel.

pub mod map;
pub mod overview;
pub mod quotes;
pub mod timeline;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use rustc_hash::FxHashSet;
use unicode_width::UnicodeWidthStr;

use super::app::App;
use super::source::Source;
use super::text::fit;
use crate::article::ArticleId;
use crate::entity::{Facet, Kind};
use crate::store::{StoredQuote, article_facets};

pub use timeline::{Bucket, Series};

/// The three pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Map,
    Timeline,
    Overview,
    Quotes,
}

impl ViewKind {
    pub fn title(self) -> &'static str {
        match self {
            ViewKind::Map => "Map",
            ViewKind::Timeline => "Timeline",
            ViewKind::Overview => "Overview",
            ViewKind::Quotes => "Quotes",
        }
    }
}

/// What a picture draws besides its list.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// Each list item's (latitude, longitude), when the gazetteer knows it.
    Map(Vec<Option<(f64, f64)>>),
    Timeline(Timeline),
    Overview(Overview),
    /// One quote per list item (each item is its speaker), newest first.
    Quotes(Vec<Said>),
}

/// A quote in the quotes view, with the article it is from.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub quote: StoredQuote,
    pub title: String,
    pub date: Option<chrono::DateTime<chrono::Utc>>,
}

/// Matching articles over time, and the selected entity's articles on the
/// same buckets.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub all: Series,
    pub selected: Series,
}

/// The most frequent countries, issues and sections of the results, and the
/// people named most often together with the selected person.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub countries: Vec<Facet>,
    pub issues: Vec<Facet>,
    pub sections: Vec<Facet>,
    pub together: Vec<Facet>,
}

/// The rows each overview panel keeps (a panel shows what fits).
const OVERVIEW_TOP: usize = 50;

/// The quotes the quotes view lists at most (the newest).
const QUOTES_TOP: usize = 1000;

/// What a picture is computed from.
pub struct Inputs<'a> {
    pub source: &'a dyn Source,
    pub ids: &'a [ArticleId],
    /// The article selected in the list, for the map of one article.
    pub current: Option<ArticleId>,
    /// The whole terminal.
    pub size: (u16, u16),
    /// The filter the results were searched with (saved filters expanded).
    pub query: &'a str,
}

/// An open picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub kind: ViewKind,
    /// Map only: every result (true) or the selected article; the timeline
    /// and overview are always of every result.
    pub aggregate: bool,
    /// The entities to pick from.
    pub items: Vec<Facet>,
    pub selected: usize,
    pub offset: usize,
    pub data: Data,
    /// The results as a set, for narrowing an entity's articles to them;
    /// `None` when the results are the whole library.
    members: Option<FxHashSet<ArticleId>>,
}

impl Picture {
    /// Computes `kind` over the inputs, selecting the item with term `keep`
    /// when there is one.
    pub fn open(kind: ViewKind, aggregate: bool, input: &Inputs, keep: Option<&str>) -> Picture {
        if kind == ViewKind::Quotes {
            let (items, said) = quotes::collect(input, QUOTES_TOP);
            let selected = keep
                .and_then(|t| items.iter().position(|f| f.term == t))
                .unwrap_or(0);
            return Picture {
                kind,
                aggregate,
                items,
                selected,
                offset: 0,
                data: Data::Quotes(said),
                members: None,
            };
        }
        let mut facets = if aggregate || kind != ViewKind::Map {
            input.source.facets(input.ids)
        } else {
            input
                .current
                .map(|id| article_facets(&input.source.entities(id)))
                .unwrap_or_default()
        };
        let items: Vec<Facet> = match kind {
            ViewKind::Map => facets.of(Kind::Country).to_vec(),
            ViewKind::Timeline => [facets.of(Kind::Person), facets.of(Kind::Issue)].concat(),
            ViewKind::Overview | ViewKind::Quotes => facets.of(Kind::Person).to_vec(),
        };
        let selected = keep
            .and_then(|t| items.iter().position(|f| f.term == t))
            .unwrap_or(0);
        let data = match kind {
            ViewKind::Map => Data::Map(
                items
                    .iter()
                    .map(|f| map::position(&f.key))
                    .collect::<Vec<_>>(),
            ),
            ViewKind::Timeline => {
                let dates = input.source.dates(input.ids);
                let width = timeline::chart_width(body(input.size));
                let all = Series::over(&dates, width);
                Data::Timeline(Timeline {
                    selected: Series::empty_like(&all),
                    all,
                })
            }
            ViewKind::Overview | ViewKind::Quotes => Data::Overview(Overview {
                countries: top(facets.take(Kind::Country)),
                issues: top(facets.take(Kind::Issue)),
                sections: top(facets.take(Kind::Section)),
                together: Vec::new(),
            }),
        };
        let mut picture = Picture {
            kind,
            aggregate,
            items,
            selected,
            offset: 0,
            data,
            members: None,
        };
        if kind != ViewKind::Map && input.ids.len() < input.source.total() {
            picture.members = Some(input.ids.iter().copied().collect());
        }
        picture.selection_changed(input);
        picture
    }

    pub fn current(&self) -> Option<&Facet> {
        self.items.get(self.selected)
    }

    /// The selected quote, in the quotes view.
    pub fn quote(&self) -> Option<&StoredQuote> {
        match &self.data {
            Data::Quotes(said) => said.get(self.selected).map(|s| &s.quote),
            _ => None,
        }
    }

    /// Moves the selection by `delta` rows, recomputing what depends on it.
    pub fn move_by(&mut self, delta: isize, input: &Inputs) {
        let last = self.items.len().saturating_sub(1);
        let to = self.selected.saturating_add_signed(delta).min(last);
        if to != self.selected {
            self.selected = to;
            self.selection_changed(input);
        }
    }

    /// The selected entity's articles among the results.
    fn selected_ids(&self, input: &Inputs) -> Vec<ArticleId> {
        let Some(f) = self.current() else {
            return Vec::new();
        };
        let mut ids = input.source.search(&f.term).unwrap_or_default();
        if let Some(members) = &self.members {
            ids.retain(|id| members.contains(id));
        }
        ids
    }

    fn selection_changed(&mut self, input: &Inputs) {
        match self.kind {
            ViewKind::Map | ViewKind::Quotes => {}
            ViewKind::Timeline => {
                let ids = self.selected_ids(input);
                let dates = input.source.dates(&ids);
                if let Data::Timeline(t) = &mut self.data {
                    t.selected = t.all.same_buckets(&dates);
                }
            }
            ViewKind::Overview => {
                let ids = self.selected_ids(input);
                let person = self.current().map(|f| f.key.clone());
                let together = if ids.is_empty() {
                    Vec::new()
                } else {
                    let mut people = input.source.facets(&ids).take(Kind::Person);
                    people.retain(|f| Some(&f.key) != person.as_ref());
                    top(people)
                };
                if let Data::Overview(o) = &mut self.data {
                    o.together = together;
                }
            }
        }
    }

    /// The list's rows on screen, for keeping the selection visible.
    pub fn list_height(&self, size: (u16, u16)) -> usize {
        let area = areas(self.kind, body(size)).list;
        usize::from(area.height.saturating_sub(2)).max(1)
    }
}

fn top(mut facets: Vec<Facet>) -> Vec<Facet> {
    facets.truncate(OVERVIEW_TOP);
    facets
}

/// The screen between the header and footer lines (as the main layout).
pub fn body(size: (u16, u16)) -> Rect {
    let (w, h) = size;
    match h {
        0 => Rect::default(),
        1 => Rect::new(0, 0, w, 1),
        2 | 3 => Rect::new(0, 0, w, h - 1),
        _ => Rect::new(0, 1, w, h - 2),
    }
}

/// Where a picture's list and its drawing go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewAreas {
    pub list: Rect,
    pub main: Rect,
}

/// Splits the body: the list on the left (for the overview, the People
/// panel is the list: the top-left quarter), the drawing beside it.
pub fn areas(kind: ViewKind, body: Rect) -> ViewAreas {
    if kind == ViewKind::Quotes {
        return quotes::areas(body);
    }
    let list_w = match kind {
        ViewKind::Overview => body.width / 2,
        _ => (body.width / 3).clamp(0, 34),
    };
    let list = Rect {
        width: list_w,
        ..body
    };
    let main = Rect {
        x: body.x + list_w,
        width: body.width - list_w,
        ..body
    };
    match kind {
        ViewKind::Overview => {
            let top = body.height.div_ceil(2);
            ViewAreas {
                list: Rect {
                    height: top,
                    ..list
                },
                main,
            }
        }
        _ => ViewAreas { list, main },
    }
}

/// The picture's list: label and article count per entity (with a bar of
/// the count when `bars`), the selection highlighted, active filters ticked.
pub(crate) fn list(app: &App, p: &Picture, frame: &mut Frame, r: Rect, title: &str, bars: bool) {
    let t = &app.theme;
    let block = Block::bordered()
        .border_style(t.border(true))
        .title(Span::styled(
            title.to_string(),
            t.title().add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if p.items.is_empty() {
        let note = match p.kind {
            ViewKind::Map if !p.aggregate => "no country in this article",
            ViewKind::Map => "no country in these results",
            _ => "nobody in these results",
        };
        frame.render_widget(Line::styled(fit(note, inner.width.into()), t.dim()), inner);
        return;
    }
    let max = p.items.iter().map(|f| f.count).max().unwrap_or(1);
    for (row, (i, f)) in p
        .items
        .iter()
        .enumerate()
        .skip(p.offset)
        .take(inner.height.into())
        .enumerate()
    {
        let mark = if app.chips.contains(&f.term) {
            "✓ "
        } else {
            "  "
        };
        let mut style = t.mention(f.kind);
        if i == p.selected {
            style = style.patch(t.selected());
        }
        let line = bar_line(mark, f, max, usize::from(inner.width), bars, style, t.dim());
        frame.render_widget(
            line,
            Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
        );
    }
}

/// `mark label ▇▇▇▇ count` in `width` columns; the bar (when `bar`) is
/// scaled to `max` in eighths of a cell.
pub(crate) fn bar_line(
    mark: &str,
    f: &Facet,
    max: usize,
    width: usize,
    bar: bool,
    style: Style,
    dim: Style,
) -> Line<'static> {
    let count = format!(" {}", f.count);
    let rest = width.saturating_sub(mark.width() + count.width());
    let (label_w, bar_w) = if bar && rest >= 12 {
        let label_w = (rest / 2).min(24);
        (label_w, rest - label_w - 1)
    } else {
        (rest, 0)
    };
    let label = fit(&f.label, label_w);
    let pad = " ".repeat(label_w.saturating_sub(label.width()));
    let mut spans = vec![
        Span::raw(mark.to_string()),
        Span::raw(label),
        Span::raw(pad),
    ];
    if bar_w > 0 {
        const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
        let units = f.count * bar_w * 8 / max.max(1);
        let mut drawn = "█".repeat(units / 8);
        drawn.push_str(EIGHTHS[units % 8]);
        let pad = " ".repeat(bar_w.saturating_sub(drawn.width()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(drawn));
        spans.push(Span::raw(pad));
    }
    spans.push(Span::styled(count, dim));
    Line::from(spans).style(style)
}

/// Draws the open picture over the body of the screen.
pub fn render(app: &App, p: &Picture, frame: &mut Frame, body: Rect) {
    match &p.data {
        Data::Map(marks) => map::render(app, p, marks, frame, body),
        Data::Timeline(t) => timeline::render(app, p, t, frame, body),
        Data::Overview(o) => overview::render(app, p, o, frame, body),
        Data::Quotes(said) => quotes::render(app, p, said, frame, body),
    }
}
