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
use crate::store::StoredQuote;

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
    article_lines_quoted(a, e, &[], width, theme).0
}

/// The quotes of one unit of text (a paragraph): the quoted byte ranges,
/// the speakers' names to insert as `(offset, text)`, and the offsets of
/// quote starts to find the lines of.
#[derive(Default, Clone)]
struct UnitQuotes {
    ranges: Vec<(usize, usize)>,
    labels: Vec<(usize, String)>,
    /// (quote number, offset).
    anchors: Vec<(usize, usize)>,
}

/// [`article_lines`] with `quotes` marked: each quote's words in the quote
/// style and, after its closing mark, its speaker's name in brackets in the
/// speaker style (readable without colour). Also gives, per quote, the line
/// it starts on, for opening the article at a quote.
pub fn article_lines_quoted(
    a: &Article,
    e: &Entities,
    quotes: &[StoredQuote],
    width: u16,
    theme: &Theme,
) -> (Vec<Line<'static>>, Vec<usize>) {
    let width = usize::from(width.max(1));
    let units = a.paragraphs.len() + 1;
    let mut marks: Vec<Vec<Mark>> = vec![Vec::new(); units];
    let mut quoted: Vec<UnitQuotes> = vec![UnitQuotes::default(); units];
    // Where each paragraph starts in the body (joined by blank lines).
    let mut starts = Vec::with_capacity(a.paragraphs.len());
    let mut at = 0;
    for p in &a.paragraphs {
        starts.push(at);
        at += p.len() + 2;
    }
    for (n, q) in quotes.iter().enumerate() {
        let mut last = None;
        for (i, p) in a.paragraphs.iter().enumerate() {
            let (ps, pe) = (starts[i], starts[i] + p.len());
            let (s, e) = (q.start.max(ps), q.end.min(pe));
            if s >= e {
                continue;
            }
            let u = &mut quoted[i + 1];
            if last.is_none() {
                u.anchors.push((n, s - ps));
            }
            u.ranges.push((s - ps, e - ps));
            last = Some((i, e - ps));
        }
        if let (Some((i, end)), Some(who)) = (last, &q.speaker) {
            let p = &a.paragraphs[i];
            // After the closing mark, when there is one.
            let mut ins = end;
            for c in p.get(end..).unwrap_or("").chars().take(1) {
                if matches!(c, '"' | '”' | '’' | '\'' | '»') {
                    ins += c.len_utf8();
                }
            }
            quoted[i + 1]
                .labels
                .push((ins, format!(" [{}]", safe(who))));
        }
    }
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
    let mut quote_lines = vec![0; quotes.len()];
    wrap_unit(
        &a.title,
        &mut marks[0],
        &[],
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
        let q = &mut quoted[i + 1];
        let text = with_labels(p, &mut marks[i + 1], q);
        let first = lines.len();
        let line_starts = wrap_unit(
            &text,
            &mut marks[i + 1],
            &q.ranges,
            width,
            Style::default(),
            theme,
            &mut lines,
        );
        for &(n, offset) in &q.anchors {
            let line = line_starts.iter().rposition(|&s| s <= offset).unwrap_or(0);
            quote_lines[n] = first + line;
        }
    }
    (lines, quote_lines)
}

/// `text` with the speakers' labels of `q` inserted, every mark, quote
/// range and anchor moved to match, and a speaker mark over each label.
fn with_labels(text: &str, marks: &mut Vec<Mark>, q: &mut UnitQuotes) -> String {
    if q.labels.is_empty() {
        return text.to_string();
    }
    q.labels.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(text.len() + 32);
    let mut from = 0;
    // (offset in `text`, bytes inserted there), and the labels' new marks.
    let mut added = Vec::new();
    let mut names = Vec::new();
    for (at, label) in &q.labels {
        let at = (*at).clamp(from, text.len());
        if !text.is_char_boundary(at) {
            continue;
        }
        out.push_str(&text[from..at]);
        added.push((at, label.len()));
        // The label is " [Name]": the mark leaves out the space.
        names.push((out.len() + 1, out.len() + label.len()));
        out.push_str(label);
        from = at;
    }
    out.push_str(&text[from..]);
    // What starts at an insertion point moves past it; what ends there stays.
    let moved = |x: usize, start: bool| {
        x + added
            .iter()
            .filter(|&&(at, _)| at < x || (start && at == x))
            .map(|&(_, len)| len)
            .sum::<usize>()
    };
    for m in marks.iter_mut() {
        m.start = moved(m.start, true);
        m.end = moved(m.end, false).max(m.start);
    }
    for r in q.ranges.iter_mut() {
        *r = (moved(r.0, true), moved(r.1, false));
    }
    for a in q.anchors.iter_mut() {
        a.1 = moved(a.1, true);
    }
    marks.extend(names.into_iter().map(|(start, end)| Mark {
        start,
        end,
        kind: Kind::Speaker,
    }));
    out
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
    quoted: &[(usize, usize)],
    width: usize,
    base: Style,
    theme: &Theme,
    out: &mut Vec<Line<'static>>,
) -> Vec<usize> {
    marks.sort();
    let mut cursor = 0;
    let mut starts = Vec::new();
    // A piece of text in `style`, split where quotes begin and end, the
    // quoted parts in the quote style too.
    let piece = |pieces: &mut Vec<TextSpan<'static>>, from: usize, to: usize, style: Style| {
        let mut cuts = vec![from, to];
        for &(s, e) in quoted {
            cuts.extend([s, e].into_iter().filter(|&c| c > from && c < to));
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (s, e) = (w[0], w[1]);
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            let inside = quoted.iter().any(|&(qs, qe)| qs <= s && e <= qe);
            let style = if inside {
                style.patch(theme.quote())
            } else {
                style
            };
            pieces.push(TextSpan::styled(safe(&text[s..e]).into_owned(), style));
        }
    };
    for line in textwrap::wrap(text, width) {
        let start = match &line {
            Cow::Borrowed(s) => (s.as_ptr() as usize).checked_sub(text.as_ptr() as usize),
            Cow::Owned(s) => text
                .get(cursor..)
                .and_then(|rest| rest.find(s.as_str()))
                .map(|i| cursor + i),
        };
        let Some(start) = start.filter(|&s| s <= text.len()) else {
            starts.push(cursor);
            out.push(Line::styled(safe(&line).into_owned(), base));
            continue;
        };
        starts.push(start);
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
                piece(&mut pieces, at, ms, base);
            }
            piece(&mut pieces, ms, me, base.patch(theme.mention(m.kind)));
            at = me;
        }
        if at < end && text.is_char_boundary(at) && text.is_char_boundary(end) {
            piece(&mut pieces, at, end, base);
        }
        out.push(Line::from(pieces));
    }
    starts
}

#[cfg(test)]
mod tests {
    use ratatui::style::Modifier;

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

    fn quote(body: &str, text: &str, speaker: Option<&str>) -> StoredQuote {
        let start = body.find(text).expect("quoted text in body");
        StoredQuote {
            article: crate::article::ArticleId(1),
            text: text.into(),
            speaker: speaker.map(str::to_string),
            speaker_key: speaker.map(|s| Kind::Speaker.key(s)),
            speaker_kind: None,
            start,
            end: start + text.len(),
        }
    }

    #[test]
    fn quotes_are_marked_and_named_after_their_closing_mark() {
        let paras = vec![
            "Intro line.".to_string(),
            "“Hé wins,” Jo said. \"Again,\" said Al.".to_string(),
        ];
        let a = Article::new("s", "T", paras);
        let body = a.body();
        let qs = [
            quote(&body, "Hé wins,", Some("Jo Smith")),
            quote(&body, "Again,", None),
        ];
        let theme = Theme::plain();
        for width in [8, 30, 200] {
            let (lines, at) = article_lines_quoted(&a, &Entities::default(), &qs, width, &theme);
            let text: Vec<String> = lines
                .iter()
                .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
                .collect();
            let joined = text.join(" ");
            assert!(joined.contains("Hé wins,” [Jo Smith] Jo"), "{joined}");
            // No speaker, no label.
            assert!(joined.contains("\"Again,\" said"), "{joined}");
            assert!(text[at[0]].contains("Hé"), "{width}: {text:?}");
            assert!(text[at[1]].contains("Again"), "{width}: {text:?}");
            let styled = |m: Modifier| -> String {
                lines
                    .iter()
                    .flat_map(|l| &l.spans)
                    .filter(|s| s.style.add_modifier.contains(m))
                    .map(|s| s.content.as_ref())
                    .collect()
            };
            assert_eq!(styled(Modifier::ITALIC).replace(' ', ""), "Héwins,Again,");
            assert_eq!(styled(Modifier::BOLD).replace(' ', ""), "T[JoSmith]");
        }
        // Offsets that fit nothing are skipped, never a panic.
        let mut bad = qs[0].clone();
        for (s, e) in [
            (5, 2),
            (0, 9999),
            (body.len() - 1, body.len() + 5),
            (14, 15),
        ] {
            bad.start = s;
            bad.end = e;
            for w in [1, 3, 40] {
                let _ = article_lines_quoted(&a, &Entities::default(), &[bad.clone()], w, &theme);
            }
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
