//! Text for the screen: safe characters, width-aware truncation, and articles
//! reflowed to a width with entity mentions highlighted.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span as TextSpan};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::Theme;
use crate::article::Article;
use crate::entity::Kind;
use crate::extract::Entities;

/// Shown in place of a character that must not reach the terminal.
pub const PLACEHOLDER: char = '\u{fffd}';

fn is_control(c: char) -> bool {
    c < ' ' || ('\u{7f}'..='\u{9f}').contains(&c) || crate::ingest::sanitize::is_unsafe_char(c)
}

/// Invisible format characters (soft hyphen, zero-width spaces and joiners'
/// kin, word joiners, the BOM, invisible operators): terminals draw them in
/// no cell or in one inconsistently, so a row holding them would not line up
/// with what is counted. They carry nothing visible and are dropped.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// `s` with every control character (newlines included) replaced by a
/// visible placeholder, and invisible format characters dropped. Ingest
/// already sanitises; this is defence in depth.
pub fn safe(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| is_control(c) || is_invisible_format(c)) {
        Cow::Owned(
            s.chars()
                .filter(|&c| !is_invisible_format(c))
                .map(|c| if is_control(c) { PLACEHOLDER } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// `s` made safe and cut to at most `width` columns, ending in `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    let s = safe(s);
    if s.width() <= width {
        return s.into_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// A mention to highlight: a byte range in one unit of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Mark {
    start: usize,
    end: usize,
    kind: Kind,
}

/// The article as lines for the reader at `width` columns: title, byline,
/// then paragraphs separated by blank lines, with mentions highlighted.
pub fn article_lines(a: &Article, e: &Entities, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let units = a.paragraphs.len() + 1;
    let mut marks: Vec<Vec<Mark>> = vec![Vec::new(); units];
    let spans = e
        .people
        .iter()
        .flat_map(|p| p.spans.iter().map(|s| (s, Kind::Person)))
        .chain(
            e.countries
                .iter()
                .flat_map(|c| c.spans.iter().map(|s| (s, Kind::Country))),
        )
        .chain(
            e.issues
                .iter()
                .flat_map(|i| i.spans.iter().map(|s| (s, Kind::Issue))),
        );
    for (s, kind) in spans {
        if let Some(m) = marks.get_mut(s.unit as usize) {
            m.push(Mark {
                start: s.start as usize,
                end: s.end as usize,
                kind,
            });
        }
    }
    let mut lines = Vec::new();
    wrap_unit(
        &a.title,
        &mut marks[0],
        width,
        theme.title(),
        theme,
        &mut lines,
    );
    let mut meta = Vec::new();
    if let Some(author) = &a.author {
        meta.push(author.clone());
    }
    if let Some(date) = a.date {
        meta.push(reader_date(date, theme.date_format));
    }
    meta.push(a.url.clone().unwrap_or_else(|| a.source.clone()));
    for l in textwrap::wrap(&meta.join(" · "), width) {
        lines.push(Line::styled(safe(&l).into_owned(), theme.dim()));
    }
    // Who the article's office holders were on its date.
    let offices: Vec<String> = e
        .people
        .iter()
        .filter_map(|p| Some(format!("{} - {}", p.name, p.office.as_ref()?.label())))
        .collect();
    if !offices.is_empty() {
        for l in textwrap::wrap(&offices.join(" · "), width) {
            lines.push(Line::styled(safe(&l).into_owned(), theme.dim()));
        }
    }
    for (i, p) in a.paragraphs.iter().enumerate() {
        lines.push(Line::default());
        wrap_unit(
            p,
            &mut marks[i + 1],
            width,
            Style::default(),
            theme,
            &mut lines,
        );
    }
    lines
}

/// The byline's date: the configured format, with the time of day added
/// (the reader has room for it) unless the format already shows one.
fn reader_date(date: chrono::DateTime<chrono::Utc>, format: &str) -> String {
    use std::fmt::Write;
    const TIME: [&str; 8] = ["%H", "%I", "%k", "%l", "%R", "%T", "%X", "%c"];
    let mut text = String::new();
    let full = if TIME.iter().any(|t| format.contains(t)) {
        format.to_string()
    } else {
        format!("{format} %H:%M")
    };
    // A format chrono cannot render (refused by the config) shows no date.
    if write!(text, "{}", date.format(&full)).is_err() {
        text.clear();
    }
    text
}

/// Wraps one unit with textwrap and styles the marked byte ranges. Lines are
/// mapped back to byte offsets through textwrap's borrowed slices.
fn wrap_unit(
    text: &str,
    marks: &mut [Mark],
    width: usize,
    base: Style,
    theme: &Theme,
    out: &mut Vec<Line<'static>>,
) {
    marks.sort();
    let mut cursor = 0;
    for line in textwrap::wrap(text, width) {
        let start = match &line {
            Cow::Borrowed(s) => (s.as_ptr() as usize).checked_sub(text.as_ptr() as usize),
            Cow::Owned(s) => text
                .get(cursor..)
                .and_then(|rest| rest.find(s.as_str()))
                .map(|i| cursor + i),
        };
        let Some(start) = start.filter(|&s| s <= text.len()) else {
            out.push(Line::styled(safe(&line).into_owned(), base));
            continue;
        };
        let end = (start + line.len()).min(text.len());
        cursor = end;
        let mut pieces = Vec::new();
        let mut at = start;
        for m in marks.iter() {
            let (ms, me) = (m.start.max(at), m.end.min(end));
            if ms >= me || !text.is_char_boundary(ms) || !text.is_char_boundary(me) {
                continue;
            }
            if ms > at {
                pieces.push(TextSpan::styled(safe(&text[at..ms]).into_owned(), base));
            }
            pieces.push(TextSpan::styled(
                safe(&text[ms..me]).into_owned(),
                base.patch(theme.mention(m.kind)),
            ));
            at = me;
        }
        if at < end && text.is_char_boundary(at) && text.is_char_boundary(end) {
            pieces.push(TextSpan::styled(safe(&text[at..end]).into_owned(), base));
        }
        out.push(Line::from(pieces));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Person, Span};

    #[test]
    fn control_characters_become_placeholders() {
        assert_eq!(
            safe("a\u{1b}[31mb\u{9b}c\nd\u{7f}"),
            "a\u{fffd}[31mb\u{fffd}c\u{fffd}d\u{fffd}"
        );
        assert!(matches!(safe("plain 👉 text"), Cow::Borrowed(_)));
    }

    #[test]
    fn invisible_format_characters_take_no_cell() {
        let title = format!("Ti{}tle\u{200b}\u{feff} end", "\u{ad}".repeat(5000));
        assert_eq!(safe(&title), "Title end");
        assert_eq!(fit(&title, 8), "Title e…");
    }

    #[test]
    fn fit_counts_columns_not_bytes() {
        assert_eq!(fit("東京タワー", 6), "東京…");
        assert_eq!(fit("👉 go", 5), "👉 go");
        assert_eq!(fit("👉 go", 4), "👉 …");
        assert_eq!(fit("abc", 0), "");
        for w in 0..12 {
            assert!(fit("東京タワー 👉 abc", w).width() <= w);
        }
    }

    #[test]
    fn mentions_are_styled_across_wrapped_lines() {
        let body = "Talks with Keir Starmer went on. Later Keir Starmer left.";
        let mut a = Article::new("s", "Starmer", vec![body.into()]);
        a.date = None;
        let start = body.rfind("Keir").unwrap();
        let e = Entities {
            people: vec![Person {
                name: "Keir Starmer".into(),
                aliases: vec![],
                mentions: 2,
                spans: vec![
                    Span::new(0, 0, 7),
                    Span::new(1, 11, 23),
                    Span::new(1, start, start + 12),
                ],
                office: None,
            }],
            ..Entities::default()
        };
        let theme = Theme::dark();
        let want = theme.mention(Kind::Person);
        for width in [10, 16, 40, 200] {
            let lines = article_lines(&a, &e, width, &theme);
            let styled: String = lines
                .iter()
                .flat_map(|l| &l.spans)
                .filter(|s| s.style.fg == want.fg && s.style.fg.is_some())
                .map(|s| s.content.as_ref())
                .collect();
            assert_eq!(
                styled.replace(' ', ""),
                "StarmerKeirStarmerKeirStarmer",
                "width {width}"
            );
            assert!(
                lines.iter().all(|l| l.width() <= usize::from(width)),
                "width {width}"
            );
        }
    }

    #[test]
    fn bad_spans_do_not_panic() {
        let a = Article::new("s", "Ünïcode", vec!["日本語のテキスト".into()]);
        let e = Entities {
            people: vec![Person {
                name: "x".into(),
                aliases: vec![],
                mentions: 1,
                spans: vec![Span::new(0, 1, 2), Span::new(1, 0, 999), Span::new(7, 0, 1)],
                office: None,
            }],
            ..Entities::default()
        };
        for w in [1, 2, 5, 80] {
            let lines = article_lines(&a, &e, w, &Theme::plain());
            let text: String = lines
                .iter()
                .flat_map(|l| &l.spans)
                .map(|s| s.content.as_ref())
                .collect();
            assert!(text.contains("日本"));
        }
    }
}
