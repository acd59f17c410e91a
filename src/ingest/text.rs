//! Plain text: a headline line, then paragraphs.
//!
//! A first line followed by a blank line is the headline (the BBC layout).
//! Otherwise the title is the first sentence, cut near 100 characters, and the
//! whole text stays in the body so nothing is lost.
//!
//! Paragraphs are blocks between blank lines. A block whose lines all look
//! hard-wrapped (short, of similar width) is joined into one paragraph; any
//! other block keeps one paragraph per line, as scraped news text has one
//! paragraph per line without blank lines between them.

use crate::article::Article;

/// Titles derived from the body are cut at a word boundary near this many characters.
pub const TITLE_CHARS: usize = 100;

/// Lines no longer than this may be hard-wrapped prose.
const WRAP_WIDTH: usize = 100;

pub fn parse(source: &str, text: &str) -> Article {
    parse_with(source, text, super::sanitize::one_line)
}

/// [`parse`] for text that has been through [`super::sanitize::clean_text`]
/// (as every file ingest reads has): its lines are clean already, so they
/// are not checked again line by line.
pub(crate) fn parse_sanitized(source: &str, text: &str) -> Article {
    parse_with(source, text, super::sanitize::one_line_of_clean)
}

/// [`parse`] with `one_line` making each line or block one line.
fn parse_with(source: &str, text: &str, one_line: fn(&str) -> String) -> Article {
    let lines = trimmed_lines(text);
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let Some(first) = first else {
        return Article::new(source, "", Vec::new());
    };
    let has_headline = lines.get(first + 1).is_some_and(|l| l.trim().is_empty())
        && lines[first + 1..].iter().any(|l| !l.trim().is_empty());
    if has_headline {
        let title = one_line(lines[first]);
        Article::new(
            source,
            title,
            paragraphs_with(&lines[first + 1..], one_line),
        )
    } else {
        let paragraphs = paragraphs_with(&lines[first..], one_line);
        let title = paragraphs
            .first()
            .map(|p| derive_title(p))
            .unwrap_or_default();
        Article::new(source, title, paragraphs)
    }
}

/// `text.lines().map(str::trim_end)`, with the SIMD byte search for the
/// line ends: the pieces between '\n's, none after a final one ('\r' before
/// a '\n' goes with the trimming).
fn trimmed_lines(text: &str) -> Vec<&str> {
    // Room for most articles' lines at once.
    let mut lines = Vec::with_capacity(64);
    let mut from = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(text[from..end].trim_end());
        from = end + 1;
    }
    if from < text.len() {
        lines.push(text[from..].trim_end());
    }
    lines
}

/// Splits lines into paragraphs (see the module docs).
pub fn paragraphs(lines: &[&str]) -> Vec<String> {
    paragraphs_with(lines, super::sanitize::one_line)
}

fn paragraphs_with(lines: &[&str], one_line: fn(&str) -> String) -> Vec<String> {
    // Paragraphs between blank lines are half the lines, give or take one.
    let mut out = Vec::with_capacity(lines.len() / 2 + 1);
    for block in lines.split(|l| l.trim().is_empty()) {
        if block.is_empty() {
            continue;
        }
        if looks_hard_wrapped(block) {
            out.push(one_line(&block.join(" ")));
        } else {
            out.extend(block.iter().map(|l| one_line(l)).filter(|l| !l.is_empty()));
        }
    }
    out
}

/// A block is hard-wrapped when it has several lines, none longer than the
/// wrap width, every line but the last at least half as wide as the widest,
/// and lines that end mid-sentence.
fn looks_hard_wrapped(block: &[&str]) -> bool {
    if block.len() < 2 {
        return false;
    }
    let widths: Vec<usize> = block.iter().map(|l| l.trim().chars().count()).collect();
    let widest = widths.iter().copied().max().unwrap_or(0);
    if !(30..=WRAP_WIDTH).contains(&widest) {
        return false;
    }
    let body = &block[..block.len() - 1];
    let even = widths[..widths.len() - 1].iter().all(|&w| w * 2 >= widest);
    let mid_sentence = body
        .iter()
        .filter(|l| !l.trim_end().ends_with(['.', '?', '!', ':', '"', '”', '’']))
        .count();
    even && mid_sentence * 2 >= body.len()
}

/// The first sentence of `text`, cut at a word boundary near [`TITLE_CHARS`].
pub fn derive_title(text: &str) -> String {
    let sentence_end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '?' | '!') && text[i + c.len_utf8()..].starts_with(' ') && i > 0
        })
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(text.len());
    let sentence = text[..sentence_end].trim();
    if sentence.chars().count() <= TITLE_CHARS + 10 {
        return sentence.to_string();
    }
    let mut cut = 0;
    for (i, c) in sentence.char_indices() {
        if sentence[..i].chars().count() > TITLE_CHARS {
            break;
        }
        if c == ' ' {
            cut = i;
        }
    }
    if cut == 0 {
        cut = sentence
            .char_indices()
            .nth(TITLE_CHARS)
            .map_or(sentence.len(), |(i, _)| i);
    }
    format!(
        "{}…",
        sentence[..cut].trim_end_matches([',', ';', ':', ' '])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbc_layout_has_a_headline() {
        let a = parse(
            "x.txt",
            "Ad sales boost profits\n\nFirst paragraph.\n\nSecond one.\n",
        );
        assert_eq!(a.title, "Ad sales boost profits");
        assert_eq!(a.paragraphs, ["First paragraph.", "Second one."]);
    }

    #[test]
    fn scraped_layout_keeps_one_paragraph_per_line() {
        let text = "Sir Keir Starmer will travel to Washington this week. He meets Biden.\nThe trip is on Friday.\nShort line\n";
        let a = parse("x.txt", text);
        assert_eq!(
            a.title,
            "Sir Keir Starmer will travel to Washington this week."
        );
        assert_eq!(a.paragraphs.len(), 3);
        assert_eq!(a.paragraphs[0], text.lines().next().unwrap());
    }

    #[test]
    fn long_first_sentence_is_cut_at_a_word() {
        let long = "word ".repeat(60);
        let a = parse("x.txt", &long);
        assert!(a.title.ends_with('…'));
        assert!(a.title.chars().count() <= TITLE_CHARS + 1);
        assert!(!a.title.contains("  "));
        assert_eq!(a.paragraphs, [long.trim()]);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let text = "Title\n\nThis paragraph was wrapped by an editor at about\nseventy columns so each line ends in the middle of\na sentence, like this one.\n\nNext.";
        let a = parse("x.txt", text);
        assert_eq!(a.paragraphs.len(), 2);
        assert!(
            a.paragraphs[0].starts_with("This paragraph was wrapped by an editor at about seventy")
        );
    }

    #[test]
    fn short_lines_ending_sentences_are_not_joined() {
        let text = "Title\n\nWhy is the prime minister going to Washington?\nNATO regularly holds meetings where its members discuss issues.\n";
        let a = parse("x.txt", text);
        assert_eq!(a.paragraphs.len(), 2);
    }

    #[test]
    fn a_lone_line_is_a_title_with_a_body() {
        let a = parse("x.txt", "Just one line here");
        assert_eq!(a.title, "Just one line here");
        assert_eq!(a.paragraphs, ["Just one line here"]);
    }

    #[test]
    fn lines_split_as_the_standard_library_does() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\n\n",
            "\na",
            "a\r\nb",
            "a\rb",
            "a \r\n b \n",
            "x\n\n\ny  ",
            "é\n€\r\n\u{a0}\n",
            "\r",
            "\r\n",
            "a\n\r",
        ] {
            let want: Vec<&str> = text.lines().map(str::trim_end).collect();
            assert_eq!(trimmed_lines(text), want, "{text:?}");
        }
    }

    #[test]
    fn sanitized_text_parses_as_any_text_does() {
        // `parse_sanitized` skips the per-line check that `parse` makes: on
        // text through `clean_text` the two agree.
        for raw in [
            "Title\n\nFirst paragraph.\n\nSecond  one\twith a tab.\n",
            "Ti\u{1b}]0;x\u{7}tle\r\n\r\nBody\u{1b}[2J here.\rNext\u{202e} line",
            "no headline here. Then more\nand more\n\n\u{a0}spaced\u{3000}out\u{85}",
            "This paragraph was wrapped by an editor at about\nseventy columns so each line ends in the middle of\na sentence, like this one.\n",
            "",
            " \n\t\n",
        ] {
            let clean = crate::ingest::sanitize::clean_text(raw);
            let (a, b) = (parse("x.txt", &clean), parse_sanitized("x.txt", &clean));
            assert_eq!(
                (&a.title, &a.paragraphs),
                (&b.title, &b.paragraphs),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn multibyte_titles_are_cut_on_char_boundaries() {
        let text = "€".repeat(300);
        let a = parse("x.txt", &text);
        assert!(a.title.ends_with('…'));
    }
}
