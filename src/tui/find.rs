//! Find in the open article: where a text occurs in the reader's lines, and
//! those lines with the occurrences marked.
//!
//! Matching is on the lines as laid out (sanitised text, the same the
//! reader shows), ignoring case, so a match never spans a line break.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// One occurrence: the line, and its first and end character in that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// A find in the open article.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Find {
    /// What is looked for, as typed.
    pub text: String,
    /// The find bar is open: typed keys go to `text`.
    pub open: bool,
    /// Every occurrence, in reading order.
    pub matches: Vec<Match>,
    /// The occurrence the reader was moved to.
    pub current: usize,
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Every occurrence of `needle` in `lines`, ignoring case; none for an
/// empty needle.
pub fn matches(lines: &[Line<'_>], needle: &str) -> Vec<Match> {
    let needle: Vec<char> = needle.chars().map(fold).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let hay: Vec<char> = line
            .spans
            .iter()
            .flat_map(|s| s.content.chars())
            .map(fold)
            .collect();
        let mut at = 0;
        while at + needle.len() <= hay.len() {
            if hay[at..at + needle.len()] == needle[..] {
                found.push(Match {
                    line: i,
                    start: at,
                    end: at + needle.len(),
                });
                at += needle.len();
            } else {
                at += 1;
            }
        }
    }
    found
}

/// The style of an occurrence: reversed, and the current one also bold and
/// underlined, so both show without colours.
fn mark(current: bool) -> Style {
    let style = Style::default().add_modifier(Modifier::REVERSED);
    if current {
        style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    } else {
        style
    }
}

/// `line` (line number `index`) with the occurrences in it marked.
pub fn highlight(line: &Line<'static>, index: usize, find: &Find) -> Line<'static> {
    let here: Vec<(usize, &Match)> = find
        .matches
        .iter()
        .enumerate()
        .filter(|(_, m)| m.line == index)
        .collect();
    if here.is_empty() {
        return line.clone();
    }
    // What each character is: outside (None), in an occurrence, in the current one.
    let state = |c: usize| {
        here.iter()
            .find(|(_, m)| (m.start..m.end).contains(&c))
            .map(|(n, _)| *n == find.current)
    };
    let mut spans = Vec::new();
    let mut c = 0;
    for span in &line.spans {
        let mut piece = String::new();
        let mut piece_state = None;
        for ch in span.content.chars() {
            let s = state(c);
            if s != piece_state && !piece.is_empty() {
                let style = piece_state.map_or(span.style, |cur| span.style.patch(mark(cur)));
                spans.push(Span::styled(std::mem::take(&mut piece), style));
            }
            piece_state = s;
            piece.push(ch);
            c += 1;
        }
        if !piece.is_empty() {
            let style = piece_state.map_or(span.style, |cur| span.style.patch(mark(cur)));
            spans.push(Span::styled(piece, style));
        }
    }
    let mut out = line.clone();
    out.spans = spans;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines() -> Vec<Line<'static>> {
        vec![
            Line::from(vec![Span::raw("Rain in "), Span::raw("SPAIN, rain")]),
            Line::default(),
            Line::raw("İstanbul rain"),
        ]
    }

    #[test]
    fn finds_every_occurrence_ignoring_case() {
        let m = matches(&lines(), "rain");
        let at: Vec<(usize, usize)> = m.iter().map(|m| (m.line, m.start)).collect();
        assert_eq!(at, [(0, 0), (0, 15), (2, 9)]);
        assert!(matches(&lines(), "").is_empty());
        assert!(matches(&lines(), "snow").is_empty());
    }

    #[test]
    fn marks_occurrences_across_spans_and_the_current_one_apart() {
        let ls = lines();
        let find = Find {
            text: "ain".into(),
            open: false,
            matches: matches(&ls, "ain"),
            current: 1,
        };
        let line = highlight(&ls[0], 0, &find);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "Rain in SPAIN, rain", "the text is unchanged");
        let marked: Vec<(&str, bool)> = line
            .spans
            .iter()
            .filter(|s| s.style.add_modifier.contains(Modifier::REVERSED))
            .map(|s| {
                (
                    s.content.as_ref(),
                    s.style.add_modifier.contains(Modifier::UNDERLINED),
                )
            })
            .collect();
        assert_eq!(marked, [("ain", false), ("AIN", true), ("ain", false)]);
        assert_eq!(highlight(&ls[1], 1, &find), ls[1]);
    }
}
