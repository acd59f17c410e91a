//! Who said what: the quotes of the results, newest first, each with its
//! speaker; below the list, the selected quote in full with its article.
//! Enter opens the article at the quote.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Inputs, Picture, Said, ViewAreas};
use crate::article::ArticleId;
use crate::entity::{Facet, Kind};
use crate::tui::app::App;
use crate::tui::text::{fit, safe};

/// The quotes of the inputs' results with a named speaker (one the filter's
/// `said:` terms name, when it has any), newest article first (each
/// article's in order), at most `limit`; and one item per quote, its
/// speaker, whose term is the speaker's exact `said:=` filter.
pub fn collect(input: &Inputs, limit: usize) -> (Vec<Facet>, Vec<Said>) {
    let wanted = input.source.wanted_speakers(input.query);
    let dates = input.source.dates(input.ids);
    let mut order: Vec<(ArticleId, Option<chrono::DateTime<chrono::Utc>>)> =
        input.ids.iter().copied().zip(dates).collect();
    // Newest first, undated last; the results' own order otherwise.
    order.sort_by_key(|x| std::cmp::Reverse(x.1));
    let mut items = Vec::new();
    let mut said = Vec::new();
    for (id, date) in order {
        if said.len() >= limit {
            break;
        }
        let quotes = input.source.quotes(id);
        if quotes.is_empty() {
            continue;
        }
        let title = input.source.meta(id).map(|m| m.title).unwrap_or_default();
        for q in quotes {
            let (Some(key), Some(label)) = (q.speaker_key.clone(), q.speaker.clone()) else {
                continue;
            };
            if wanted.as_ref().is_some_and(|w| !w.contains(&key)) {
                continue;
            }
            items.push(Facet::new(Kind::Speaker, key, label, 1));
            said.push(Said {
                quote: q,
                title: title.clone(),
                date,
            });
            if said.len() >= limit {
                break;
            }
        }
    }
    (items, said)
}

/// The list above, the selected quote in full below it.
pub fn areas(body: Rect) -> ViewAreas {
    let detail = (body.height / 3).clamp(0, 9);
    ViewAreas {
        list: Rect {
            height: body.height - detail,
            ..body
        },
        main: Rect {
            y: body.y + body.height - detail,
            height: detail,
            ..body
        },
    }
}

pub fn render(app: &App, p: &Picture, said: &[Said], frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let a = areas(body);
    let block = Block::bordered()
        .border_style(t.border(true))
        .title(Span::styled(
            format!(" Quotes · {} ", said.len()),
            t.title().add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(a.list);
    frame.render_widget(block, a.list);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if said.is_empty() {
        let note = "no quote in these results";
        frame.render_widget(Line::styled(fit(note, inner.width.into()), t.dim()), inner);
    }
    let w = usize::from(inner.width);
    for (row, (i, s)) in said
        .iter()
        .enumerate()
        .skip(p.offset)
        .take(inner.height.into())
        .enumerate()
    {
        let date = fit(&day(s.date, t.date_format), 12);
        let who = fit(s.quote.speaker.as_deref().unwrap_or(""), 24);
        let used = date.width() + 1 + who.width() + 2;
        let text = fit(
            &format!("“{}”", s.quote.text.replace("\n\n", " ")),
            w.saturating_sub(used),
        );
        let mut line = Line::from(vec![
            Span::styled(format!("{date} "), t.dim()),
            Span::styled(who, t.mention(Kind::Speaker)),
            Span::raw(": "),
            Span::styled(text, t.quote()),
        ]);
        if i == p.selected {
            line = line.style(t.selected());
        }
        frame.render_widget(
            line,
            Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
        );
    }
    let Some(s) = said.get(p.selected) else {
        return;
    };
    let date = match day(s.date, t.date_format) {
        d if d.is_empty() => d,
        d => format!(" · {d}"),
    };
    let block = Block::bordered()
        .border_style(t.border(false))
        .title(Span::styled(
            format!(" {}{date} ", fit(&s.title, usize::from(a.main.width) / 2)),
            t.title(),
        ));
    let text = vec![
        Line::from(vec![
            Span::styled(
                safe(s.quote.speaker.as_deref().unwrap_or("")).into_owned(),
                t.mention(Kind::Speaker),
            ),
            Span::raw(": "),
            Span::styled(
                format!("“{}”", safe(&s.quote.text.replace("\n\n", " "))),
                t.quote(),
            ),
        ]),
        Line::styled("Enter opens the article at this quote", t.dim()),
    ];
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        a.main,
    );
}

/// A date in the configured format; empty for none, or for a format
/// chrono cannot render.
fn day(date: Option<chrono::DateTime<chrono::Utc>>, format: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if let Some(d) = date
        && write!(out, "{}", d.format(format)).is_err()
    {
        out.clear();
    }
    out
}
