//! Markdown: optional `---` front matter, then CommonMark via `pulldown-cmark`.
//!
//! Front matter is read as flat `key: value` lines (title, date, author, url,
//! tags) rather than full YAML: that is all articles use, and it keeps a YAML
//! parser out of the build. Paragraphs, headings, list items and quotes each
//! become a paragraph; images and HTML are dropped; link text is kept.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::sanitize::one_line;
use crate::article::Article;

pub fn parse(source: &str, text: &str) -> Article {
    let (meta, body) = split_front_matter(text);
    let mut paragraphs = Vec::new();
    let mut first_h1: Option<String> = None;
    let mut current = String::new();
    let mut in_h1 = false;
    let mut image_depth = 0usize;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut paragraphs);
                in_h1 = level == HeadingLevel::H1 && first_h1.is_none();
            }
            Event::End(TagEnd::Heading(_)) => {
                if in_h1 {
                    first_h1 = Some(one_line(&current));
                    current.clear();
                    in_h1 = false;
                } else {
                    flush(&mut current, &mut paragraphs);
                }
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::Paragraph | Tag::Item | Tag::CodeBlock(_))
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock) => {
                flush(&mut current, &mut paragraphs)
            }
            Event::Text(t) | Event::Code(t) if image_depth == 0 => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);

    let title = meta
        .title
        .or(first_h1)
        .filter(|t| !t.is_empty())
        .or_else(|| paragraphs.first().map(|p| super::text::derive_title(p)))
        .unwrap_or_default();
    let mut article = Article::new(source, title, paragraphs);
    article.date = meta.date.as_deref().and_then(super::parse_date);
    article.author = meta.author;
    article.url = meta.url;
    article.tags = meta.tags;
    article
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let p = one_line(current);
    if !p.is_empty() {
        paragraphs.push(p);
    }
    current.clear();
}

#[derive(Debug, Default)]
struct FrontMatter {
    title: Option<String>,
    date: Option<String>,
    author: Option<String>,
    url: Option<String>,
    tags: Vec<String>,
}

/// Splits `---` front matter from the body; text without it is all body.
fn split_front_matter(text: &str) -> (FrontMatter, &str) {
    let mut meta = FrontMatter::default();
    let Some(rest) = text.strip_prefix("---\n") else {
        return (meta, text);
    };
    let Some(end) = rest.find("\n---\n").or_else(|| rest.strip_suffix("\n---").map(|r| r.len()))
    else {
        return (meta, text);
    };
    let header = &rest[..end];
    let body = rest.get(end + 5..).unwrap_or("");
    let mut in_tags = false;
    for line in header.lines() {
        if in_tags && let Some(item) = line.trim_start().strip_prefix("- ") {
            meta.tags.push(unquote(item));
            continue;
        }
        in_tags = false;
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => meta.title = Some(one_line(&unquote(value))),
            "date" | "published" => meta.date = Some(unquote(value)),
            "author" | "byline" => meta.author = Some(one_line(&unquote(value))),
            "url" | "link" => meta.url = Some(unquote(value)),
            "tags" | "keywords" => {
                if value.is_empty() {
                    in_tags = true;
                } else {
                    let list = value.trim_start_matches('[').trim_end_matches(']');
                    meta.tags.extend(
                        list.split(',')
                            .map(unquote)
                            .filter(|t| !t.is_empty()),
                    );
                }
            }
            _ => {}
        }
    }
    (meta, body)
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(s);
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_fields() {
        let text = "---\ntitle: \"Talks in Washington\"\ndate: 2024-09-13\nauthor: Jo Smith\nurl: https://example.com/a\ntags: [politics, \"uk\"]\n---\n# Ignored heading\n\nBody *text* with a [link](https://x.y).\n";
        let a = parse("a.md", text);
        assert_eq!(a.title, "Talks in Washington");
        assert_eq!(a.author.as_deref(), Some("Jo Smith"));
        assert_eq!(a.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(a.tags, ["politics", "uk"]);
        assert_eq!(a.date.unwrap().format("%Y-%m-%d").to_string(), "2024-09-13");
        assert_eq!(a.paragraphs, ["Body text with a link."]);
    }

    #[test]
    fn tags_as_a_list() {
        let a = parse("a.md", "---\ntitle: T\ntags:\n  - one\n  - two\n---\nBody.\n");
        assert_eq!(a.tags, ["one", "two"]);
    }

    #[test]
    fn first_h1_is_the_title_and_structure_becomes_paragraphs() {
        let text = "# Headline\n\nIntro line\nwrapped.\n\n## Section\n\n- item one\n- item two\n\n> quoted words\n\n![alt text](pic.png)\n";
        let a = parse("a.md", text);
        assert_eq!(a.title, "Headline");
        assert_eq!(
            a.paragraphs,
            ["Intro line wrapped.", "Section", "item one", "item two", "quoted words"]
        );
    }

    #[test]
    fn unterminated_front_matter_is_body() {
        let a = parse("a.md", "---\ntitle: x\nno end\n");
        assert!(a.title.contains("title: x") || !a.paragraphs.is_empty());
    }
}
