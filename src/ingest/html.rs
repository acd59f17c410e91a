//! HTML pages into articles: the story, without the page around it.
//!
//! The extractor is our own, on a small arena parser ([`dom`]), rather than a
//! readability port such as `dom_smoothie` (on html5ever): readability.js
//! itself scores F1 0.947 on the Zyte benchmark this project measures with,
//! short of the 0.96 target, and a spec-exact HTML5 tree builder does work
//! (tree fix-ups, adoption agency) that extraction does not need. The feed
//! reader needs the same parser
//! for entry content, one more reason to own it. Scores and speed:
//! `tests/corpus/html.rs` and `benches/html.rs`.
//!
//! How: readability's scoring (paragraph text and commas credited to their
//! ancestors, damped by link density, class/id hints) picks the main
//! container; page furniture — navigation, share bars, captions, cookie
//! notices, related links, comments — is dropped by tag, role, hidden state
//! and class/id before scoring and again, by link density and shape, inside
//! the chosen container. When the page's own JSON-LD carries an
//! `articleBody` and the container's text disagrees with it, the publisher's
//! structured body is preferred.

mod dom;
mod entities;

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use chrono::{DateTime, Datelike, Utc};

use self::dom::{Dom, Kind, NodeId, push_collapsed};
use super::sanitize::one_line;
use crate::article::Article;

pub use self::entities::decode as decode_entities;

/// Pages larger than this are cut here before parsing, so time and memory
/// stay bounded whatever arrives.
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

/// What one page gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub title: String,
    pub author: Option<String>,
    pub date: Option<DateTime<Utc>>,
    /// The canonical URL, when the page names one.
    pub url: Option<String>,
    pub paragraphs: Vec<String>,
}

/// Reads a page into an [`Article`] whose source is `source`.
pub fn parse(source: &str, html: &str) -> Article {
    let page = extract(html);
    let mut article = Article::new(source, page.title, page.paragraphs);
    article.author = page.author;
    article.date = page.date;
    article.url = page.url;
    article
}

/// Extracts the main content and metadata of a whole page.
pub fn extract(html: &str) -> Page {
    let dom = Dom::parse(bounded(html));
    let meta = Meta::read(&dom);
    let strict = Extractor::new(&dom, true).main_content();
    // Almost nothing found: names misled the first pass (a page wrapped in
    // `class="modal-enabled"` or an ad container). As readability does, try
    // again trusting only tags, roles and hidden state, and keep the longer
    // result. The bar is low because short stories are real: above it, the
    // loose pass tends to add comments and link lists.
    let mut paragraphs = if chars(&strict) >= 250 {
        strict
    } else {
        let loose = Extractor::new(&dom, false).main_content();
        if chars(&loose) > chars(&strict) {
            loose
        } else {
            strict
        }
    };
    if let Some(body) = &meta.ld_body
        && prefer_ld_body(body, &paragraphs)
    {
        paragraphs = if body.contains('<') {
            fragment_paragraphs(body)
        } else {
            body.split('\n')
                .map(one_line)
                .filter(|p| !p.is_empty())
                .collect()
        };
    }
    let title = meta.title(&dom);
    // A heading repeating the title is not body text.
    if paragraphs.first().is_some_and(|p| *p == title) {
        paragraphs.remove(0);
    }
    Page {
        title,
        author: meta.author(),
        date: meta.date(),
        url: meta.url(),
        paragraphs,
    }
}

/// Turns an HTML fragment (a feed entry's content) into paragraphs: every
/// block kept, only scripts, styles and hidden or embedded parts dropped.
pub fn fragment_paragraphs(html: &str) -> Vec<String> {
    let dom = Dom::parse(bounded(html));
    let ex = Extractor::new(&dom, false);
    let mut out = Emitter::default();
    ex.emit(0, &mut out, Clean::Nothing);
    out.finish()
}

/// A feed entry's fragment as paragraphs, like [`fragment_paragraphs`],
/// except that a fragment that is nothing but links keeps them: then the
/// link text is the entry's only text (`<a href=..>Post title</a>`), not a
/// "read more" after it.
pub fn entry_paragraphs(html: &str) -> Vec<String> {
    let dom = Dom::parse(bounded(html));
    let ex = Extractor::new(&dom, false);
    let mut out = Emitter::default();
    ex.emit(0, &mut out, Clean::Nothing);
    let paragraphs = out.finish();
    if !paragraphs.is_empty() {
        return paragraphs;
    }
    let mut out = Emitter {
        links_are_text: true,
        ..Emitter::default()
    };
    ex.emit(0, &mut out, Clean::Nothing);
    out.finish()
}

fn chars(paragraphs: &[String]) -> usize {
    paragraphs.iter().map(String::len).sum()
}

fn bounded(html: &str) -> &str {
    if html.len() <= MAX_HTML_BYTES {
        return html;
    }
    let mut end = MAX_HTML_BYTES;
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    &html[..end]
}

/// The JSON-LD body wins when the container gave little of it: the page's
/// markup was then too unusual for scoring, while the publisher's own
/// structured body is the story. Some sites put only a teaser there, cut
/// with an ellipsis; those are never used.
fn prefer_ld_body(ld: &str, paragraphs: &[String]) -> bool {
    let ld_words = ld.split_whitespace().count();
    let end = ld.trim_end();
    let truncated = end.ends_with('…') || end.ends_with("...") || end.ends_with("&hellip;");
    let found_words: usize = paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    ld_words >= 50 && !truncated && (found_words as f64) < 0.3 * ld_words as f64
}

/// Page metadata from `<meta>`, `<title>`, `<h1>`, `<time>` and JSON-LD.
#[derive(Default)]
struct Meta {
    tags: HashMap<String, String>,
    ld_title: Option<String>,
    ld_author: Option<String>,
    ld_date: Option<String>,
    ld_body: Option<String>,
    canonical: Option<String>,
    /// The page's own byline markup, when no tag names the author.
    byline: Option<String>,
    time: Option<String>,
}

impl Meta {
    fn read(dom: &Dom) -> Meta {
        let mut meta = Meta::default();
        for node in &dom.nodes {
            let Kind::Element(e) = &node.kind else {
                continue;
            };
            match &*e.tag {
                "meta" => {
                    let key = e.attr("property").or(e.attr("name")).or(e.attr("itemprop"));
                    if let (Some(key), Some(value)) = (key, e.attr("content")) {
                        let value = value.trim();
                        if !value.is_empty() {
                            meta.tags
                                .entry(key.to_ascii_lowercase())
                                .or_insert_with(|| value.to_string());
                        }
                    }
                }
                "link"
                    if meta.canonical.is_none()
                        && e.attr("rel")
                            .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                {
                    meta.canonical = e.attr("href").map(str::to_string);
                }
                "time" if meta.time.is_none() => meta.time = e.attr("datetime").map(str::to_string),
                _ => {}
            }
        }
        meta.byline = dom
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.element().is_some_and(is_byline_markup))
            .find_map(|(id, _)| byline_name(&dom.text(id)));
        for script in dom.find("script") {
            let is_ld = dom.nodes[script]
                .element()
                .and_then(|e| e.attr("type"))
                .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"));
            if is_ld {
                meta.read_json_ld(&dom.raw_text(script));
            }
        }
        meta
    }

    fn read_json_ld(&mut self, raw: &str) {
        let raw = raw
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>");
        let Ok(value) = serde_json::from_str::<serde_json::Value>(raw) else {
            return;
        };
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(map) => {
                    let is_article = map.contains_key("articleBody")
                        || map.get("@type").is_some_and(|t| {
                            let t = t.to_string();
                            t.contains("Article")
                                || t.contains("BlogPosting")
                                || t.contains("Report")
                        });
                    if is_article {
                        let s = |k: &str| map.get(k).and_then(|v| v.as_str()).map(str::to_string);
                        if self.ld_body.is_none() {
                            self.ld_body =
                                s("articleBody").map(|b| decode_entities(&b).into_owned());
                        }
                        if self.ld_title.is_none() {
                            self.ld_title = s("headline");
                        }
                        if self.ld_date.is_none() {
                            self.ld_date = s("datePublished");
                        }
                        if self.ld_author.is_none() {
                            self.ld_author = map.get("author").and_then(person_names);
                        }
                    }
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph);
                    }
                    if let Some(main) = map.get("mainEntity") {
                        stack.push(main);
                    }
                }
                _ => {}
            }
        }
    }

    fn tag(&self, keys: &[&str]) -> Option<&str> {
        keys.iter()
            .find_map(|k| self.tags.get(*k))
            .map(String::as_str)
    }

    /// The story's title. The page's own heading wins when `og:title` or
    /// `<title>` agree with it (whole, or as one part of "Headline | Site"),
    /// so a site name, a breadcrumb or a sidebar heading never does, nor a
    /// JSON-LD headline that is really a description; then `og:title`
    /// unless it is the site name, a JSON-LD headline that `<title>` or a
    /// heading agrees with, the first `<h1>` outside navigation and
    /// sidebars, `<title>` without the site's part, the JSON-LD headline.
    fn title(&self, dom: &Dom) -> String {
        let clean = |t: &str| one_line(&decode_entities(t));
        let site = self
            .tag(&["og:site_name", "application-name"])
            .map(|s| title_key(&clean(s)));
        let is_site = |t: &str| site.as_deref().is_some_and(|s| title_key(t) == s);
        let og = self
            .tag(&["og:title", "twitter:title"])
            .map(clean)
            .filter(|t| !t.is_empty() && !is_site(t));
        let page_title = dom
            .find("title")
            .map(|t| clean(&dom.text(t)))
            .find(|t| !t.is_empty());
        let ld = self
            .ld_title
            .as_deref()
            .map(clean)
            .filter(|t| !t.is_empty());
        let agrees = |h: &str| {
            og.as_deref().is_some_and(|o| title_agrees(h, o))
                || page_title.as_deref().is_some_and(|t| title_agrees(h, t))
        };
        let headings = story_headings(dom);
        if let Some((_, h)) = headings
            .iter()
            .filter(|(_, h)| !is_site(h) && agrees(h))
            .max_by_key(|(_, h)| h.len())
        {
            return h.clone();
        }
        if let Some(o) = og {
            return o;
        }
        if let Some(l) = ld.clone().filter(|l| {
            page_title.as_deref().is_some_and(|t| title_agrees(l, t))
                || headings.iter().any(|(_, h)| title_key(h) == title_key(l))
        }) {
            return l;
        }
        if let Some((_, h)) = headings.iter().find(|(tag, h)| *tag == "h1" && !is_site(h)) {
            return h.clone();
        }
        if let Some(t) = page_title.filter(|t| !is_site(t)) {
            let parts: Vec<&str> = title_parts(&t).collect();
            if parts.len() > 1 && parts.iter().any(|p| is_site(p)) {
                return parts
                    .into_iter()
                    .filter(|p| !is_site(p))
                    .max_by_key(|p| p.len())
                    .unwrap_or_default()
                    .to_string();
            }
            return t;
        }
        ld.unwrap_or_default()
    }

    fn author(&self) -> Option<String> {
        let from_tags = self
            .tag(&[
                "author",
                "article:author",
                "byl",
                "dc.creator",
                "sailthru.author",
                "parsely-author",
            ])
            .filter(|a| !a.starts_with("http"))
            .map(|a| {
                a.trim_start_matches("By ")
                    .trim_start_matches("by ")
                    .to_string()
            });
        from_tags
            .or_else(|| self.ld_author.clone())
            .or_else(|| self.byline.clone())
            .map(|a| one_line(&decode_entities(&a)))
            .filter(|a| !a.is_empty())
    }

    fn date(&self) -> Option<DateTime<Utc>> {
        let tagged = self.tag(&[
            "article:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "date",
            "dc.date",
            "dc.date.issued",
            "og:published_time",
            "sailthru.date",
            "parsely-pub-date",
        ]);
        [tagged, self.ld_date.as_deref(), self.time.as_deref()]
            .into_iter()
            .flatten()
            .find_map(super::parse_date)
            // "0001-01-01T00:00:00Z": a template's empty date, not a date.
            .filter(|d| d.year() >= 1970)
    }

    fn url(&self) -> Option<String> {
        self.tag(&["og:url"])
            .map(str::to_string)
            .or_else(|| self.canonical.clone())
            .filter(|u| u.starts_with("http"))
            .map(|u| one_line(&u))
    }
}

/// A title's comparison key: lower-case words, punctuation dropped.
fn title_key(t: &str) -> String {
    let mut key = String::with_capacity(t.len());
    for word in t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// The parts of a "Headline | Section | Site" title.
fn title_parts(t: &str) -> impl Iterator<Item = &str> {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / "];
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < t.len() {
        match SEPARATORS.iter().find(|s| t[i..].starts_with(**s)) {
            Some(sep) => {
                parts.push(&t[start..i]);
                i += sep.len();
                start = i;
            }
            None => i += t[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    parts.push(&t[start..]);
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty())
}

/// Whether `heading` is the title `t`, or one of its parts.
fn title_agrees(heading: &str, t: &str) -> bool {
    let h = title_key(heading);
    !h.is_empty() && (h == title_key(t) || title_parts(t).any(|p| title_key(p) == h))
}

/// Tags and texts of the page's `<h1>` to `<h3>` headings that may name the
/// story: not in navigation, sidebars, footers, breadcrumbs or a site's
/// logo.
fn story_headings(dom: &Dom) -> Vec<(&str, String)> {
    const NOT_STORY: &[&str] = &[
        "breadcrumb",
        "crumbs",
        "site-title",
        "site-name",
        "sitename",
        "logo",
        "brand",
        "sidebar",
        "widget",
        "masthead",
        "menu",
        "nav",
    ];
    let mut out = Vec::new();
    for (id, node) in dom.nodes.iter().enumerate() {
        if !matches!(node.tag(), "h1" | "h2" | "h3") {
            continue;
        }
        let mut furniture = false;
        let mut at = Some(id);
        while let Some(n) = at {
            if let Some(e) = dom.nodes[n].element() {
                let named = ["class", "id"].iter().any(|k| {
                    e.attr(k).is_some_and(|v| {
                        let v = lower(v);
                        NOT_STORY.iter().any(|w| v.contains(w))
                    })
                });
                if named
                    || matches!(&*e.tag, "nav" | "aside" | "footer")
                    || e.attr("role")
                        .is_some_and(|r| r.eq_ignore_ascii_case("navigation"))
                {
                    furniture = true;
                    break;
                }
            }
            at = dom.nodes[n].parent;
        }
        if !furniture {
            let text = one_line(&dom.text(id));
            if !text.is_empty() {
                out.push((node.tag(), text));
            }
        }
    }
    out
}

/// `s` in ASCII lower case, copied only when it has capitals: class names
/// are read for every element, and nearly all are lower case already.
fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(s.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Markup that says "this is the author": `rel="author"`, `<address>`,
/// `itemprop="author"`, or a byline or author-name class.
fn is_byline_markup(e: &dom::Element) -> bool {
    let has = |key: &str, words: &[&str]| {
        e.attr(key).is_some_and(|v| {
            v.split_ascii_whitespace().any(|t| {
                let t = lower(t);
                words.iter().any(|w| t.contains(w))
            })
        })
    };
    &*e.tag == "address"
        || has("rel", &["author"])
        || has("itemprop", &["author"])
        || has(
            "class",
            &["byline", "author-name", "author__name", "submitted-by"],
        )
}

/// The name in a byline's text: "By Ann Lee - 11/18/19" → "Ann Lee". None
/// when it does not look like one short name list.
fn byline_name(text: &str) -> Option<String> {
    let text = one_line(text);
    let text = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("by "))
        .or_else(|| text.strip_prefix("BY "))
        .unwrap_or(&text);
    let name = text
        .split(['|', '–', '—', '•', '·', '\n'])
        .next()
        .unwrap_or(text);
    let name = name.split(" - ").next().unwrap_or(name).trim();
    let words = name.split_whitespace().count();
    let plausible = (1..=8).contains(&words)
        && name.chars().count() <= 60
        && name.starts_with(char::is_uppercase)
        && !name.contains(['@', ':', '/'])
        && !name.chars().any(|c| c.is_ascii_digit());
    plausible.then(|| name.to_string())
}

/// Names from a JSON-LD `author`: a string, a Person or a list of them.
fn person_names(v: &serde_json::Value) -> Option<String> {
    let names: Vec<String> = match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Object(m) => m
            .get("name")
            .and_then(|n| n.as_str())
            .map(str::to_string)
            .into_iter()
            .collect(),
        serde_json::Value::Array(items) => items.iter().filter_map(person_names).collect(),
        _ => Vec::new(),
    };
    (!names.is_empty()).then(|| names.join(", "))
}

/// Class/id words that mark page furniture whatever else the element says.
static JUNK: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "cookie",
        "consent",
        "gdpr",
        "newsletter",
        "subscribe",
        "share",
        "sharing",
        "social",
        "related",
        "recommend",
        "promo",
        "advert",
        "sponsor",
        "outbrain",
        "taboola",
        "comment",
        "disqus",
        "breadcrumb",
        "caption",
        "credit",
        "popup",
        "modal",
        "sidebar",
        "paywall",
        "signup",
        "sign-up",
        "byline",
        "dateline",
        "timestamp",
        "author-bio",
        "author-info",
        "tags",
        "toolbar",
        "widget",
        "skip-link",
        "more-stories",
        "read-more",
        "readmore",
        "trending",
        "most-popular",
        "mostpopular",
        "footer",
        "masthead",
        "navbar",
        "nav-",
        "-nav",
        "menu",
        "banner",
        "print-only",
        "visually-hidden",
        "screen-reader",
        "sr-only",
        "is-hidden",
        "d-none",
    ])
    .expect("compiled-in patterns")
});

/// Whether a `class` attribute hides its element: a stylesheet's hiding
/// class ("hidden", "d-none"), or the body of a hover pop-up that sits
/// inside the text beside its link ("rollover-people-block": a profile card
/// whose name and headlines would glue onto the linked name, "Kristi
/// NoemKristi Lynn Noem…"). Whole class tokens only, so "field-label-hidden"
/// or a pop-up's own link ("rollover-people-link") stay.
fn hidden_by_class(class: &str) -> bool {
    const HIDING: &[&str] = &["hidden", "hide", "is-hidden", "d-none", "invisible"];
    const POPUP: &[&str] = &["rollover", "hovercard", "tooltip", "popover", "flyout"];
    const POPUP_BODY: &[&str] = &[
        "-block", "-body", "-box", "-card", "-content", "-inner", "-panel",
    ];
    class.split_ascii_whitespace().any(|token| {
        let token = lower(token);
        HIDING.contains(&&*token)
            || matches!(&*token, "popover" | "hovercard")
            || (POPUP.iter().any(|w| token.contains(w))
                && POPUP_BODY.iter().any(|s| token.ends_with(s)))
    })
}

/// Class/id words that mark the story's own container.
static STORY: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "article-body",
        "articlebody",
        "article_body",
        "story-body",
        "storybody",
        "story_body",
        "post-content",
        "postcontent",
        "entry-content",
        "article-content",
        "articlecontent",
        "article__body",
        "post-body",
        "main-content",
        "body-text",
        "story-content",
        "article-text",
        "articletext",
        "content-body",
    ])
    .expect("compiled-in patterns")
});

/// readability's "unlikely candidate" and "maybe candidate" words.
static UNLIKELY: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "-ad-",
        "ai2html",
        "banner",
        "breadcrumbs",
        "combx",
        "comment",
        "community",
        "cover-wrap",
        "disqus",
        "extra",
        "footer",
        "header",
        "legends",
        "menu",
        "related",
        "remark",
        "replies",
        "rss",
        "shoutbox",
        "sidebar",
        "skyscraper",
        "social",
        "sponsor",
        "supplemental",
        "ad-break",
        "agegate",
        "pagination",
        "pager",
        "popup",
        "yom-remote",
    ])
    .expect("compiled-in patterns")
});
static MAYBE: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "and", "article", "body", "column", "content", "main", "shadow",
    ])
    .expect("compiled-in patterns")
});
static POSITIVE: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "article",
        "body",
        "content",
        "entry",
        "hentry",
        "h-entry",
        "main",
        "page",
        "pagination",
        "post",
        "text",
        "blog",
        "story",
    ])
    .expect("compiled-in patterns")
});
static NEGATIVE: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "-ad-",
        "hidden",
        "banner",
        "combx",
        "comment",
        "com-",
        "contact",
        "foot",
        "footnote",
        "gdpr",
        "masthead",
        "media",
        "meta",
        "outbrain",
        "promo",
        "related",
        "scroll",
        "share",
        "shoutbox",
        "sidebar",
        "skyscraper",
        "sponsor",
        "shopping",
        "tags",
        "tool",
        "widget",
        "caption",
        "byline",
    ])
    .expect("compiled-in patterns")
});

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            // A product option kept as content is a label of its own.
            | "button"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "br"
            | "html"
            | "#root"
            | "caption"
            | "menu"
            | "option"
            | "select"
    )
}

/// Whether an `<a>` leads somewhere: a `javascript:` or missing target is a
/// script's handle on text, which stays the story's text.
fn is_real_link(e: &dom::Element) -> bool {
    e.attr("href").is_some_and(|h| {
        !h.trim_start()
            .get(..11)
            .is_some_and(|p| p.eq_ignore_ascii_case("javascript:"))
    })
}

/// A button that is a product page's content, not its chrome: one of the
/// options shown (size, colour, variant), marked as a choice by its role or
/// named as one by its class or id, and not named as a control.
fn is_option_button(e: &dom::Element) -> bool {
    let role = e.attr("role").map(str::to_ascii_lowercase);
    let choice = matches!(role.as_deref(), Some("radio" | "option" | "menuitemradio"));
    let name = format!(
        "{} {}",
        e.attr("class").unwrap_or_default(),
        e.attr("id").unwrap_or_default()
    )
    .to_ascii_lowercase();
    let option = ["swatch", "variant", "option", "size", "colour", "color"]
        .iter()
        .any(|w| name.contains(w));
    let control = [
        "share",
        "social",
        "close",
        "menu",
        "search",
        "toggle",
        "cookie",
        "subscri",
        "cart",
        "basket",
        "login",
        "signin",
        "sign-in",
        "nav",
        "play",
        "slide",
        "carousel",
        "arrow",
        "prev",
        "next",
        "font",
        "text-size",
        "resiz",
        "zoom",
        "modal",
        "popup",
        "more",
    ]
    .iter()
    .any(|w| name.contains(w));
    (choice || option) && !control
}

/// Elements that are never story text (a `<button>` may be: see
/// [`is_option_button`]).
fn is_junk_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "canvas"
            | "iframe"
            | "object"
            | "embed"
            | "nav"
            | "aside"
            | "footer"
            | "header"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "label"
            | "option"
            | "menu"
            | "dialog"
            | "head"
            | "title"
            | "video"
            | "audio"
            | "picture"
            | "map"
            | "math"
            // Contact details of the page's author: metadata, not story.
            | "address"
    )
}

/// Per-element measures, computed bottom-up in one pass.
#[derive(Default, Clone, Copy)]
struct Stats {
    /// Characters of text (whitespace runs count once).
    text: u32,
    /// Of those, characters inside links.
    link: u32,
    commas: u32,
    /// Text of the element's own phrasing content (not inside child blocks).
    inline: u32,
    inline_commas: u32,
    p: u32,
    /// Characters of text inside `<p>` elements.
    p_text: u32,
    img: u32,
    li: u32,
    embed: u32,
    /// Characters of text inside headings, and of those inside links.
    head_text: u32,
    head_link: u32,
}

struct Extractor<'d> {
    dom: &'d Dom,
    /// Nodes dropped with everything under them.
    removed: Vec<bool>,
    /// Lower-cased "class id" of each element.
    names: Vec<String>,
    stats: Vec<Stats>,
    score: Vec<Option<f32>>,
}

impl<'d> Extractor<'d> {
    /// With `strict`, class and id names also mark furniture.
    fn new(dom: &'d Dom, strict: bool) -> Self {
        let n = dom.nodes.len();
        let mut names = vec![String::new(); n];
        let mut removed = vec![false; n];
        let mut players = Vec::new();
        for (i, node) in dom.nodes.iter().enumerate() {
            let Kind::Element(e) = &node.kind else {
                if let Some(p) = node.parent {
                    removed[i] = removed[p];
                }
                continue;
            };
            let mut name = String::new();
            for key in ["class", "id"] {
                if let Some(v) = e.attr(key) {
                    name.push_str(&v.to_ascii_lowercase());
                    name.push(' ');
                }
            }
            names[i] = name;
            let parent_removed = node.parent.is_some_and(|p| removed[p]);
            let hidden = e.attr("hidden").is_some()
                || e.attr("aria-hidden").is_some_and(|v| v == "true")
                || e.attr("style").is_some_and(|s| {
                    let s = s.to_ascii_lowercase().replace(' ', "");
                    s.contains("display:none") || s.contains("visibility:hidden")
                })
                || e.attr("class").is_some_and(hidden_by_class);
            let role = e.attr("role").map(str::to_ascii_lowercase);
            let furniture_role = role.as_deref().is_some_and(|r| {
                matches!(
                    r,
                    "navigation"
                        | "banner"
                        | "contentinfo"
                        | "complementary"
                        | "dialog"
                        | "alert"
                        | "alertdialog"
                        | "menu"
                        | "menubar"
                        | "search"
                )
            });
            // A figure is its picture and its caption: embeds, credits and
            // overlays placed in it are not the story's text.
            let in_figure = node.parent.is_some_and(|p| dom.nodes[p].tag() == "figure")
                && !matches!(&*e.tag, "figcaption" | "img" | "a");
            let junk = is_junk_tag(&e.tag) && !(&*e.tag == "button" && is_option_button(e));
            removed[i] = parent_removed || hidden || furniture_role || in_figure || junk;
            if matches!(&*e.tag, "iframe" | "video" | "embed" | "object") {
                let mut at = node.parent;
                for _ in 0..4 {
                    let Some(a) = at else { break };
                    if dom.nodes[a].tag() == "figure" {
                        players.push(a);
                        break;
                    }
                    at = dom.nodes[a].parent;
                }
            }
        }
        // A figure around a video or an embed is a player, and its caption
        // the player's title: not the story's text.
        if !players.is_empty() {
            for f in players {
                removed[f] = true;
            }
            for i in 0..n {
                if let Some(p) = dom.nodes[i].parent
                    && removed[p]
                {
                    removed[i] = true;
                }
            }
        }
        let mut ex = Extractor {
            dom,
            removed,
            names,
            stats: vec![Stats::default(); n],
            score: vec![None; n],
        };
        ex.measure();
        if strict {
            ex.remove_furniture();
            ex.measure();
        }
        ex
    }

    fn tag(&self, id: NodeId) -> &str {
        self.dom.nodes[id].tag()
    }

    /// Fills `stats` bottom-up: children always follow their parent.
    fn measure(&mut self) {
        self.stats.iter_mut().for_each(|s| *s = Stats::default());
        for i in (0..self.dom.nodes.len()).rev() {
            let node = &self.dom.nodes[i];
            if self.removed[i] {
                // Pictures and videos dropped as furniture still tell how
                // image-heavy their container is.
                if let Some(p) = node.parent
                    && !self.removed[p]
                    && matches!(node.tag(), "picture" | "video")
                {
                    self.stats[p].img += 1;
                }
                continue;
            }
            let mut s = self.stats[i];
            match &node.kind {
                Kind::Text(t) => {
                    let mut len = 0u32;
                    let mut space = true;
                    let mut commas = 0;
                    for c in t.chars() {
                        if c.is_whitespace() {
                            if !space {
                                len += 1;
                            }
                            space = true;
                        } else {
                            len += 1;
                            space = false;
                            if c == ',' || c == '，' || c == '、' {
                                commas += 1;
                            }
                        }
                    }
                    s.text = len;
                    s.inline = len;
                    s.commas = commas;
                    s.inline_commas = commas;
                }
                Kind::Element(e) => match &*e.tag {
                    "a" if is_real_link(e) => s.link = s.text,
                    "p" => {
                        s.p += 1;
                        s.p_text = s.text;
                    }
                    "img" => s.img += 1,
                    "li" => s.li += 1,
                    "embed" | "object" | "iframe" | "video" => s.embed += 1,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        s.head_text = s.text;
                        s.head_link = s.link;
                    }
                    _ => {}
                },
            }
            self.stats[i] = s;
            if let Some(p) = node.parent {
                let child = s;
                let child_is_block = is_block(node.tag());
                let ps = &mut self.stats[p];
                ps.text += child.text;
                ps.link += child.link;
                ps.commas += child.commas;
                ps.p += child.p;
                ps.p_text += child.p_text;
                ps.img += child.img;
                ps.li += child.li;
                ps.embed += child.embed;
                ps.head_text += child.head_text;
                ps.head_link += child.head_link;
                if !child_is_block {
                    ps.inline += child.inline;
                    ps.inline_commas += child.inline_commas;
                }
            }
        }
    }

    fn link_density(&self, id: NodeId) -> f32 {
        let s = self.stats[id];
        if s.text == 0 {
            0.0
        } else {
            s.link as f32 / s.text as f32
        }
    }

    /// Drops elements whose class or id says they are furniture.
    fn remove_furniture(&mut self) {
        let page_p_text = self.stats[0].p_text;
        for i in 0..self.dom.nodes.len() {
            if self.removed[i] {
                continue;
            }
            let parent_removed = self.dom.nodes[i].parent.is_some_and(|p| self.removed[p]);
            if parent_removed {
                self.removed[i] = true;
                continue;
            }
            let name = &self.names[i];
            if name.is_empty()
                || matches!(
                    self.tag(i),
                    "body" | "html" | "article" | "main" | "a" | "#root" | "figcaption"
                )
            {
                continue;
            }
            let story = STORY.is_match(name);
            let junk = !story && JUNK.is_match(name);
            let unlikely = UNLIKELY.is_match(name) && !MAYBE.is_match(name);
            // Furniture is short or mostly links; a big text block with an odd
            // class is more likely the story than not.
            let p_text = self.stats[i].p_text;
            let big = ((self.stats[i].text > 2000 || p_text * 2 > page_p_text)
                && self.link_density(i) < 0.35)
                // Nearly all the page's paragraphs: the story's container,
                // whatever links it also holds ("box article modal-enabled").
                || p_text as u64 * 4 >= page_p_text as u64 * 3 && p_text > 500;
            // Comments can outweigh a short story; they never are it.
            let comments = name.contains("comment") && !story;
            if comments || ((junk || unlikely) && !big) {
                self.removed[i] = true;
            }
        }
    }

    fn class_weight(&self, id: NodeId) -> f32 {
        let Some(e) = self.dom.nodes[id].element() else {
            return 0.0;
        };
        let mut w = 0.0;
        for key in ["class", "id"] {
            if let Some(v) = e.attr(key) {
                let v = v.to_ascii_lowercase();
                if NEGATIVE.is_match(&v) {
                    w -= 25.0;
                }
                if POSITIVE.is_match(&v) {
                    w += 25.0;
                }
            }
        }
        w
    }

    fn initial_score(&self, id: NodeId) -> f32 {
        let base = match self.tag(id) {
            "div" | "article" | "main" | "section" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        base + self.class_weight(id)
    }

    /// Whether a paragraph of `len` characters held by `holder` is a
    /// caption: alone with one picture in a small box, as a slide is.
    fn is_caption(&self, holder: NodeId, len: u32) -> bool {
        let mut node = Some(holder);
        for _ in 0..3 {
            let Some(n) = node else { break };
            let s = self.stats[n];
            if s.text > len + 100 || s.img > 1 {
                break;
            }
            if s.img == 1 {
                return true;
            }
            node = self.dom.nodes[n].parent;
        }
        false
    }

    fn credit(&mut self, holder: NodeId, len: u32, commas: u32, weight: f32) {
        let content = weight * (1.0 + commas as f32 + (len / 100).min(3) as f32);
        let mut node = Some(holder);
        let mut level = 0;
        while let Some(n) = node {
            if level > 5 || n == 0 || matches!(self.tag(n), "html" | "#root") {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            let init = self.initial_score(n);
            let s = self.score[n].get_or_insert(init);
            *s += content / divider;
            node = self.dom.nodes[n].parent;
            level += 1;
        }
    }

    /// Picks the main container(s) and returns their paragraphs.
    fn main_content(&mut self) -> Vec<String> {
        let n = self.dom.nodes.len();
        // (holder, characters, commas, is a caption) of every paragraph.
        let mut paragraphs = Vec::new();
        for i in 0..n {
            if self.removed[i] || self.dom.nodes[i].element().is_none() {
                continue;
            }
            let tag = self.tag(i);
            let s = self.stats[i];
            if matches!(tag, "p" | "pre" | "td") {
                if s.text >= 25
                    && let Some(parent) = self.dom.nodes[i].parent
                {
                    let caption = tag == "p" && self.is_caption(parent, s.text);
                    paragraphs.push((parent, s.text, s.commas, caption));
                }
            } else if matches!(
                tag,
                "div"
                    | "section"
                    | "article"
                    | "main"
                    | "blockquote"
                    | "dd"
                    | "li"
                    | "font"
                    | "center"
                    | "span"
            ) && s.inline >= 25
                && is_block(tag)
            {
                // Loose text in a container counts as a paragraph of it.
                paragraphs.push((i, s.inline, s.inline_commas, false));
            }
        }
        // Captions of a gallery's slides count a tenth, so that fifty
        // captioned pictures do not outweigh the article beside them. A
        // caption or two is only an illustrated story.
        let gallery = paragraphs.iter().filter(|p| p.3).count() >= 3;
        for (holder, len, commas, caption) in paragraphs {
            let weight = if gallery && caption { 0.1 } else { 1.0 };
            self.credit(holder, len, commas, weight);
        }
        let mut candidates: Vec<(NodeId, f32)> = (0..n)
            .filter_map(|i| self.score[i].map(|s| (i, s * (1.0 - self.link_density(i)))))
            .collect();
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
        let Some(&(mut top, mut top_score)) = candidates.first() else {
            let body = self.dom.find("body").next().unwrap_or(0);
            let mut out = Emitter::default();
            self.emit(body, &mut out, Clean::Furniture);
            return out.finish();
        };
        // Several strong candidates under one ancestor: the story is split
        // into sections, take their common ancestor.
        let alternatives: Vec<NodeId> = candidates[1..candidates.len().min(5)]
            .iter()
            .filter(|(_, s)| *s >= top_score * 0.75)
            .map(|&(id, _)| id)
            .collect();
        if alternatives.len() >= 3 {
            let mut anc = self.dom.nodes[top].parent;
            while let Some(a) = anc {
                if matches!(self.tag(a), "body" | "html" | "#root") {
                    break;
                }
                let inside = alternatives
                    .iter()
                    .filter(|&&alt| self.is_ancestor(a, alt))
                    .count();
                if inside >= 3 {
                    top = a;
                    top_score = self.final_score(a);
                    break;
                }
                anc = self.dom.nodes[a].parent;
            }
        }
        // Climb while the parent scores higher than the candidate.
        let mut last = top_score;
        let threshold = top_score / 3.0;
        let mut parent = self.dom.nodes[top].parent;
        while let Some(p) = parent {
            if matches!(self.tag(p), "body" | "html" | "#root") {
                break;
            }
            if self.score[p].is_some() {
                let ps = self.final_score(p);
                if ps < threshold {
                    break;
                }
                if ps > last {
                    top = p;
                    top_score = ps;
                    break;
                }
                last = ps;
            }
            parent = self.dom.nodes[p].parent;
        }
        // A lone child is its parent.
        while let Some(p) = self.dom.nodes[top].parent {
            if matches!(self.tag(p), "body" | "html" | "#root") {
                break;
            }
            let kids = self.dom.nodes[p]
                .children
                .iter()
                .filter(|&&c| !self.removed[c] && self.stats[c].text > 0)
                .count();
            if kids != 1 {
                break;
            }
            top = p;
            top_score = top_score.max(self.final_score(p));
        }

        let mut roots = Vec::new();
        match self.dom.nodes[top].parent {
            Some(parent) if !matches!(self.tag(top), "body" | "html") => {
                let threshold = (top_score * 0.2).max(10.0);
                let top_class = self.names[top].clone();
                for &sib in &self.dom.nodes[parent].children {
                    if self.removed[sib] {
                        continue;
                    }
                    if sib == top {
                        roots.push(sib);
                        continue;
                    }
                    if self.dom.nodes[sib].element().is_none() {
                        continue;
                    }
                    let bonus = if !top_class.is_empty() && self.names[sib] == top_class {
                        top_score * 0.2
                    } else {
                        0.0
                    };
                    let append = if self.score[sib].is_some()
                        && self.final_score(sib) + bonus >= threshold
                    {
                        true
                    } else if self.tag(sib) == "p" {
                        let s = self.stats[sib];
                        let ld = self.link_density(sib);
                        (s.text > 80 && ld < 0.25)
                            || (s.text > 0
                                && s.text <= 80
                                && ld == 0.0
                                && self.dom.text(sib).ends_with('.'))
                    } else {
                        false
                    };
                    if append {
                        roots.push(sib);
                    }
                }
                self.add_between(parent, &mut roots);
                self.add_opening(top, &mut roots);
            }
            _ => roots.push(top),
        }
        let mut out = Emitter::default();
        for root in roots {
            let clean = if root == top {
                Clean::Teasers
            } else {
                Clean::Furniture
            };
            self.emit(root, &mut out, clean);
        }
        out.finish()
    }

    /// Adds the siblings lying between two parts of the story — a heading,
    /// a list, a table, a figure, a short paragraph — unless they look like
    /// furniture: by their place they are the story's own.
    fn add_between(&self, parent: NodeId, roots: &mut Vec<NodeId>) {
        let (Some(&first), Some(&last)) = (roots.first(), roots.last()) else {
            return;
        };
        let mut between = Vec::new();
        for &sib in &self.dom.nodes[parent].children {
            if sib <= first || sib >= last || self.removed[sib] || roots.contains(&sib) {
                continue;
            }
            let keep = matches!(
                self.tag(sib),
                "h2" | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "ul"
                    | "ol"
                    | "dl"
                    | "table"
                    | "figure"
                    | "blockquote"
                    | "pre"
                    | "p"
            ) && self.stats[sib].text > 0
                && !self.looks_like_furniture(sib);
            if keep {
                between.push(sib);
            }
        }
        roots.extend(between);
        roots.sort_unstable();
    }

    /// Adds the story's opening when it sits in its own container before
    /// the chosen one, or before an ancestor that holds little more than
    /// it: the nearest preceding siblings that read as prose (paragraphs of
    /// sentences, few links), up to the first longer one that does not.
    fn add_opening(&self, top: NodeId, roots: &mut Vec<NodeId>) {
        let mut at = top;
        let story = self.stats[top].text;
        for _ in 0..5 {
            if self.stats[at].text > story + story / 2 + 200 {
                break;
            }
            let Some(parent) = self.dom.nodes[at].parent else {
                break;
            };
            if matches!(self.tag(parent), "body" | "html" | "#root") {
                break;
            }
            let kids = &self.dom.nodes[parent].children;
            let pos = kids.iter().position(|&c| c == at).unwrap_or(0);
            for &sib in kids[..pos].iter().rev() {
                if self.removed[sib] || self.stats[sib].text == 0 || roots.contains(&sib) {
                    continue;
                }
                if self.is_prose(sib) {
                    roots.push(sib);
                } else if self.stats[sib].text >= 300 {
                    // Past a short box (a picture's caption, an ad's
                    // label) the opening may go on; past anything longer
                    // it is not the story's.
                    break;
                }
            }
            at = parent;
        }
        roots.sort_unstable();
    }

    /// A container of paragraphs of running text with few links and
    /// pictures.
    fn is_prose(&self, id: NodeId) -> bool {
        let s = self.stats[id];
        self.dom.nodes[id].element().is_some()
            && s.p > 0
            && s.text >= 150
            && s.p_text * 10 >= s.text * 7
            && s.p_text / s.p >= 80
            // Not a gallery: its paragraphs are captions, one a picture.
            && (s.img <= 1 || s.img * 2 < s.p)
            && self.link_density(id) < 0.15
            && !self.looks_like_furniture(id)
    }

    fn final_score(&self, id: NodeId) -> f32 {
        self.score[id].unwrap_or(0.0) * (1.0 - self.link_density(id))
    }

    fn is_ancestor(&self, anc: NodeId, mut node: NodeId) -> bool {
        while let Some(p) = self.dom.nodes[node].parent {
            if p == anc {
                return true;
            }
            node = p;
        }
        false
    }

    /// readability's conditional cleaning: containers that look like link
    /// lists, forms or image galleries rather than prose.
    fn looks_like_furniture(&self, id: NodeId) -> bool {
        self.is_teaser(id) || self.looks_like_clutter(id)
    }

    /// Teasers for other stories: a block of cards, or a card beside
    /// another.
    fn is_teaser(&self, id: NodeId) -> bool {
        if self.is_card(id) {
            // One teaser among others, each a linked headline and a line.
            let Some(parent) = self.dom.nodes[id].parent else {
                return false;
            };
            let kids: Vec<NodeId> = self.dom.nodes[parent]
                .children
                .iter()
                .copied()
                .filter(|&c| !self.removed[c] && self.stats[c].text > 0)
                .collect();
            let at = kids.iter().position(|&c| c == id).unwrap_or(0);
            let before = at.checked_sub(1).map(|i| kids[i]);
            let after = kids.get(at + 1).copied();
            return before.into_iter().chain(after).any(|c| self.is_card(c));
        }
        self.is_card_list(id)
    }

    /// Link lists, forms, galleries and empty boxes.
    fn looks_like_clutter(&self, id: NodeId) -> bool {
        let tag = self.tag(id);
        if !matches!(
            tag,
            "div" | "section" | "ul" | "ol" | "table" | "dl" | "span"
        ) {
            return false;
        }
        let weight = self.class_weight(id);
        if weight + self.score[id].unwrap_or(0.0) < 0.0 {
            return true;
        }
        let s = self.stats[id];
        if s.commas >= 10 {
            return false;
        }
        let is_list = matches!(tag, "ul" | "ol");
        let ld = self.link_density(id);
        let p = s.p as f32;
        if s.img > 1 && p / (s.img as f32) < 0.5 {
            return true;
        }
        if !is_list && s.li > s.p + 100 {
            return true;
        }
        if !is_list && s.text < 25 && (s.img == 0 || s.img > 2) {
            return true;
        }
        if !is_list && weight < 25.0 && ld > 0.2 {
            return true;
        }
        if weight >= 25.0 && ld > 0.5 {
            return true;
        }
        if is_list && ld > 0.5 {
            return true;
        }
        (s.embed == 1 && s.text < 75) || s.embed > 1
    }

    /// A teaser for another story: a short box whose heading is a link.
    fn is_card(&self, id: NodeId) -> bool {
        let s = self.stats[id];
        self.dom.nodes[id].element().is_some()
            && s.head_text > 0
            && s.head_link * 2 >= s.head_text
            && s.text < 400
            && s.p <= 3
    }

    /// A block of teasers ("More from Opinion"): three or more cards that
    /// hold most of its text.
    fn is_card_list(&self, id: NodeId) -> bool {
        let s = self.stats[id];
        if s.head_text < 3 * 10 || s.text == 0 {
            return false;
        }
        let (mut cards, mut card_text) = (0, 0);
        for &c in &self.dom.nodes[id].children {
            if !self.removed[c] && self.is_card(c) {
                cards += 1;
                card_text += self.stats[c].text;
            }
        }
        cards >= 3 && card_text * 5 >= s.text * 3
    }

    /// Writes the text under `root` as paragraphs, skipping what `clean`
    /// says.
    fn emit(&self, root: NodeId, out: &mut Emitter, clean: Clean) {
        enum Step {
            Enter(NodeId),
            Leave(NodeId),
        }
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(id) => {
                    if self.removed[id] && id != root {
                        continue;
                    }
                    match &self.dom.nodes[id].kind {
                        Kind::Text(t) => out.text(t),
                        Kind::Element(e) => {
                            let tag = &*e.tag;
                            if tag == "h1" && clean == Clean::Furniture {
                                continue;
                            }
                            let skip = match clean {
                                Clean::Nothing => false,
                                Clean::Teasers => self.is_teaser(id),
                                Clean::Furniture => self.looks_like_furniture(id),
                            };
                            if id != root && skip {
                                continue;
                            }
                            if tag == "br" {
                                out.flush();
                                continue;
                            }
                            if is_block(tag) {
                                out.flush();
                                if matches!(tag, "td" | "th") {
                                    // A cell holding only a link is content
                                    // when its row also holds text.
                                    out.keep_links = self.dom.nodes[id]
                                        .parent
                                        .is_some_and(|row| self.link_density(row) < 0.6);
                                }
                            } else if tag == "a" && is_real_link(e) {
                                out.link_depth += 1;
                            }
                            stack.push(Step::Leave(id));
                            stack.extend(
                                self.dom.nodes[id]
                                    .children
                                    .iter()
                                    .rev()
                                    .map(|&c| Step::Enter(c)),
                            );
                        }
                    }
                }
                Step::Leave(id) => {
                    let tag = self.tag(id);
                    if is_block(tag) {
                        out.flush();
                        if matches!(tag, "td" | "th") {
                            out.keep_links = false;
                        }
                    } else if tag == "a" && self.dom.nodes[id].element().is_some_and(is_real_link) {
                        out.link_depth = out.link_depth.saturating_sub(1);
                    }
                }
            }
        }
    }
}

/// What [`Extractor::emit`] leaves out besides removed elements.
#[derive(Clone, Copy, PartialEq)]
enum Clean {
    /// Nothing: a feed entry's fragment is all content.
    Nothing,
    /// Teaser cards for other stories: the chosen container itself.
    Teasers,
    /// Everything that looks like furniture: containers joined to it.
    Furniture,
}

/// Gathers text into paragraphs, dropping ones that are nothing but a link.
#[derive(Default)]
struct Emitter {
    paragraphs: Vec<String>,
    current: String,
    link_chars: usize,
    link_depth: usize,
    /// Keep the paragraph even when it is all link (a table cell).
    keep_links: bool,
    /// Keep every paragraph that is all link (see [`entry_paragraphs`]).
    links_are_text: bool,
}

impl Emitter {
    fn text(&mut self, t: &str) {
        let before = self.current.len();
        push_collapsed(&mut self.current, t);
        if self.link_depth > 0 {
            self.link_chars += self.current.len() - before;
        }
    }

    fn flush(&mut self) {
        let text = one_line(&self.current);
        let all_link = !self.keep_links
            && !self.links_are_text
            && self.link_chars * 10 >= self.current.trim().len() * 9
            && text.len() < 120;
        if !text.is_empty() && !all_link {
            self.paragraphs.push(text);
        }
        self.current.clear();
        self.link_chars = 0;
    }

    fn finish(mut self) -> Vec<String> {
        self.flush();
        self.paragraphs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!("<html><head><title>T</title></head><body>{body}</body></html>")
    }

    const STORY: &str = "<p>The finance ministers met in Brussels on Tuesday, and they agreed, after long talks, to a new budget rule for the coming year.</p>\
        <p>Critics said the rule, which caps deficits at three percent, would hurt growth, slow hiring, and anger voters in the south.</p>\
        <p>Supporters replied that markets, lenders, and rating agencies had demanded exactly this kind of discipline for years.</p>";

    #[test]
    fn product_option_buttons_are_content_and_other_buttons_are_not() {
        let html = page(&format!(
            "<article><h1>Trail shoe</h1>{STORY}\
             <div class=sizes><button class=size-option>Size 41</button><button class=size-option>Size 42</button></div>\
             <div role=radiogroup><button role=radio>Forest green</button><button role=radio>Slate grey</button></div>\
             <button class=share-button>Share this story</button><button>Subscribe now</button>\
             <button class=\"option-menu-toggle\">Open the menu</button></article>"
        ));
        let p = extract(&html);
        for kept in ["Size 41", "Size 42", "Forest green", "Slate grey"] {
            assert!(
                p.paragraphs.iter().any(|x| x == kept),
                "{kept}: {:?}",
                p.paragraphs
            );
        }
        let body = p.paragraphs.join("\n");
        for dropped in ["Share", "Subscribe", "menu"] {
            assert!(!body.contains(dropped), "{dropped}: {body}");
        }
    }

    #[test]
    fn keeps_story_paragraphs_and_drops_navigation() {
        let html = page(&format!(
            "<nav><ul><li><a href=/>Home</a></li><li><a href=/w>World</a></li></ul></nav>\
             <div class=menu><a href=/a>Sport</a> <a href=/b>Business</a></div>\
             <article><h1>Budget deal</h1>{STORY}</article>\
             <footer>Copyright 2024 Example News, all rights reserved, contact us</footer>"
        ));
        let p = extract(&html);
        assert_eq!(p.paragraphs.len(), 3, "{:?}", p.paragraphs);
        assert!(p.paragraphs[0].starts_with("The finance ministers"));
        assert!(
            !p.paragraphs
                .iter()
                .any(|x| x.contains("Home") || x.contains("Copyright"))
        );
    }

    #[test]
    fn drops_cookie_notices_and_share_bars_but_keeps_figure_captions() {
        let html = page(&format!(
            "<div id=cookie-banner><p>We use cookies to improve your experience on this site, accept all?</p></div>\
             <div class=article-body>\
               <div class=share-tools><a href=#>Share on Facebook</a><a href=#>Tweet this story now</a></div>\
               <figure><img src=a.jpg><figcaption class=caption>The ministers, sitting, smiling \
               <span class=credit>Photo: Wire Agency</span></figcaption></figure>\
               {STORY}\
               <figure><iframe src=/player></iframe><figcaption>Watch: the vote, live</figcaption></figure>\
               <div class=related-links><ul><li><a href=/x>Another story about budgets, deficits, and rules</a></li></ul></div>\
             </div>"
        ));
        let p = extract(&html);
        let body = p.paragraphs.join("\n");
        assert!(body.contains("finance ministers met"));
        // The story's own picture keeps its caption, not its credit line.
        assert!(body.contains("The ministers, sitting, smiling"), "{body}");
        for junk in [
            "cookies",
            "Facebook",
            "Wire Agency",
            "Watch",
            "Another story",
        ] {
            assert!(!body.contains(junk), "{junk} kept in {body}");
        }
    }

    #[test]
    fn keeps_headings_lists_and_quotes_in_the_story() {
        let html = page(&format!(
            "<div class=story>{STORY}<h2>What changes</h2><ul><li>Deficits are capped at three percent of output</li>\
             <li>Debt must fall by one twentieth a year</li></ul>\
             <blockquote>This is a good day for Europe, said the chair.</blockquote>{STORY}</div>"
        ));
        let p = extract(&html);
        for want in [
            "What changes",
            "Deficits are capped at three percent of output",
            "This is a good day for Europe, said the chair.",
        ] {
            assert!(
                p.paragraphs.iter().any(|x| x == want),
                "{want} missing from {:?}",
                p.paragraphs
            );
        }
    }

    #[test]
    fn scripts_and_styles_never_reach_the_text() {
        let html = page(&format!(
            "<style>p {{ color: red }}</style><div>{STORY}<script>var secret = 'x';</script></div>"
        ));
        let body = extract(&html).paragraphs.join(" ");
        assert!(!body.contains("color") && !body.contains("secret"));
        assert!(body.contains("Brussels"));
    }

    #[test]
    fn hover_cards_and_hidden_classes_are_skipped() {
        // A profile pop-up sits inside the sentence after the linked name.
        let html = page(&format!(
            "<div class=article-body><p>South Dakota Gov. <span class=rollover-people>\
             <a class=rollover-people-link href=/p>Kristi Noem</a><span class=rollover-people-block>\
             <a class=name href=/p>Kristi Lynn Noem</a><a href=/x>Other headline</a></span></span> \
             (R) is defending the campaign, which began on Monday, across the state.</p>\
             <div class=hidden><p>Hidden gallery text, with commas, that no reader sees.</p></div>\
             <p class=field-label-hidden>Kept text.</p>{STORY}</div>"
        ));
        let body = extract(&html).paragraphs.join("\n");
        assert!(
            body.contains("South Dakota Gov. Kristi Noem (R) is defending"),
            "{body}"
        );
        assert!(
            !body.contains("Lynn") && !body.contains("Hidden gallery"),
            "{body}"
        );
        assert!(body.contains("Kept text."), "{body}");
    }

    #[test]
    fn a_link_heavy_container_holding_the_story_is_not_furniture() {
        // "modal" marks furniture, but this box holds nearly all the
        // page's paragraphs: it is the story, with its related links.
        let links: String = (0..30)
            .map(|i| format!("<li><a href=/r{i}>A related headline number {i} here</a></li>"))
            .collect();
        let html = page(&format!(
            "<div class=\"box article modal-enabled\"><p class=byline>By Ann Lee</p>\
             <ul class=top-five>{links}</ul>{STORY}{STORY}</div>"
        ));
        let body = extract(&html).paragraphs.join("\n");
        assert!(body.contains("finance ministers met"), "{body}");
        assert!(!body.contains("By Ann Lee"), "{body}");
    }

    #[test]
    fn entities_are_decoded() {
        let frag = fragment_paragraphs("<p>Tom &amp; Jerry&#8217;s caf&eacute; &lt;3</p>");
        assert_eq!(frag, ["Tom & Jerry’s café <3"]);
    }

    #[test]
    fn metadata_from_meta_tags_and_json_ld() {
        let html = format!(
            r#"<html><head><title>Site | Budget deal</title>
            <meta property="og:title" content="Budget deal struck">
            <meta property="og:url" content="https://example.com/budget">
            <script type="application/ld+json">{{"@type":"NewsArticle","datePublished":"2024-09-01T10:00:00Z","author":[{{"@type":"Person","name":"Ann Lee"}}]}}</script>
            </head><body><div>{STORY}</div></body></html>"#
        );
        let p = extract(&html);
        assert_eq!(p.title, "Budget deal struck");
        assert_eq!(p.author.as_deref(), Some("Ann Lee"));
        assert_eq!(
            p.date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-09-01T10:00:00+00:00")
        );
        assert_eq!(p.url.as_deref(), Some("https://example.com/budget"));
    }

    #[test]
    fn byline_markup_gives_the_author_and_stays_out_of_the_body() {
        let html = page(&format!(
            "<div class=story><div class=submitted-by>By Justine Coleman - 11/18/19 11:04 PM</div>\
             {STORY}<address>Jo Ray, 1 Main Street, Springfield</address></div>"
        ));
        let p = extract(&html);
        assert_eq!(p.author.as_deref(), Some("Justine Coleman"));
        let html = page(&format!(
            "<p>By <a rel=author href=/a/ann>Ann Lee</a></p><div>{STORY}</div>"
        ));
        assert_eq!(extract(&html).author.as_deref(), Some("Ann Lee"));
        let html = page(&format!(
            "<div>{STORY}<address>Jo Ray, Springfield</address></div>"
        ));
        let p = extract(&html);
        assert!(!p.paragraphs.iter().any(|x| x.contains("Springfield")));
        // A template's empty date is no date.
        let html = format!(
            r#"<html><head><meta property="article:published_time" content="0001-01-01T00:00:00Z"></head><body>{STORY}</body></html>"#
        );
        assert_eq!(extract(&html).date, None);
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 200_000;
        let text = "Deep text here, long enough, with commas, to count as the story.";
        let html = format!(
            "{}<p>{text}</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let p = extract(&html);
        assert_eq!(p.paragraphs, [text]);
        let html = "<b><i>".repeat(depth) + "x";
        let _ = fragment_paragraphs(&html);
    }

    #[test]
    fn huge_inputs_are_cut_at_the_limit() {
        let para = "<p>Word word word, and more words here for the story.</p>";
        let html = para.repeat(MAX_HTML_BYTES / para.len() + 1000);
        assert!(html.len() > MAX_HTML_BYTES);
        let paragraphs = fragment_paragraphs(&html);
        assert!(paragraphs.len() <= MAX_HTML_BYTES / para.len() + 1);
        assert!(!paragraphs.is_empty());
    }

    #[test]
    fn control_characters_from_references_are_removed() {
        let frag = fragment_paragraphs("<p>a&#27;[2Jb&#7;c</p>");
        assert!(frag[0].chars().all(|c| !c.is_control()), "{:?}", frag);
    }
}
