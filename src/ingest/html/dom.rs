//! A small, forgiving HTML parser into a flat arena.
//!
//! Extraction needs a tree, not spec-exact HTML5 tree construction: a page is
//! scanned once, tags are matched loosely (void elements, implied `</p>` and
//! `</li>`, stray end tags ignored) and nodes land in one `Vec` in document
//! order. Because a parent always precedes its children, walking the vector
//! backwards is a bottom-up pass with no recursion, so hostile nesting cannot
//! overflow the stack. Depth and node count are capped.

use super::entities::decode;

/// Elements nested deeper than this are flattened into their ancestor.
pub const MAX_DEPTH: usize = 256;
/// A document stops growing after this many nodes; the rest is dropped.
pub const MAX_NODES: usize = 1_000_000;
/// How far up the open elements an end tag looks for its start tag.
const END_TAG_SEARCH: usize = 48;

pub type NodeId = usize;

#[derive(Debug)]
pub enum Kind {
    Element(Element),
    Text(String),
}

#[derive(Debug)]
pub struct Element {
    /// Lower-case tag name.
    pub tag: Box<str>,
    /// Attributes as written (names lower-cased, values decoded).
    pub attrs: Vec<(Box<str>, String)>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug)]
pub struct Node {
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    pub kind: Kind,
}

impl Node {
    pub fn element(&self) -> Option<&Element> {
        match &self.kind {
            Kind::Element(e) => Some(e),
            Kind::Text(_) => None,
        }
    }

    pub fn tag(&self) -> &str {
        match &self.kind {
            Kind::Element(e) => &e.tag,
            Kind::Text(_) => "",
        }
    }
}

/// A parsed document. Node 0 is a synthetic root.
#[derive(Debug)]
pub struct Dom {
    pub nodes: Vec<Node>,
}

/// Elements that never have content.
fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
    )
}

/// Phrasing elements: text runs on across them without a break.
pub fn is_inline(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "strike"
            | "big"
            | "tt"
            | "ins"
            | "del"
            | "nobr"
    )
}

/// Elements whose content is raw text up to their end tag.
fn is_raw_text(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "plaintext"
    )
}

/// Start tags that close an open `<p>` (HTML's "closes a p element" set).
fn closes_p(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "details"
            | "div"
            | "dl"
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
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
            | "li"
            | "dd"
            | "dt"
    )
}

impl Dom {
    /// Parses HTML; never fails, whatever the input.
    pub fn parse(html: &str) -> Dom {
        let mut b = Builder {
            nodes: vec![Node {
                parent: None,
                children: Vec::new(),
                kind: Kind::Element(Element {
                    tag: "#root".into(),
                    attrs: Vec::new(),
                }),
            }],
            stack: vec![0],
        };
        b.run(html);
        Dom { nodes: b.nodes }
    }

    /// Ids of every element with this tag, in document order.
    pub fn find<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.tag() == tag)
            .map(|(i, _)| i)
    }

    /// All text under `id`, whitespace collapsed.
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            match &self.nodes[n].kind {
                Kind::Text(t) => push_collapsed(&mut out, t),
                Kind::Element(e) => {
                    if matches!(&*e.tag, "script" | "style" | "template") {
                        continue;
                    }
                    if !is_inline(&e.tag) {
                        push_collapsed(&mut out, " ");
                    }
                    stack.extend(self.nodes[n].children.iter().rev());
                }
            }
        }
        out.trim_end().to_string()
    }

    /// The raw text inside an element such as `<script>` (no decoding).
    pub fn raw_text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for &c in &self.nodes[id].children {
            if let Kind::Text(t) = &self.nodes[c].kind {
                out.push_str(t);
            }
        }
        out
    }
}

/// Appends `text` to `out` with runs of whitespace as one space and no
/// leading space.
pub fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

struct Builder {
    nodes: Vec<Node>,
    stack: Vec<NodeId>,
}

impl Builder {
    fn full(&self) -> bool {
        self.nodes.len() >= MAX_NODES
    }

    fn current(&self) -> NodeId {
        *self.stack.last().unwrap_or(&0)
    }

    fn add(&mut self, kind: Kind) -> NodeId {
        let parent = self.current();
        let id = self.nodes.len();
        self.nodes.push(Node {
            parent: Some(parent),
            children: Vec::new(),
            kind,
        });
        self.nodes[parent].children.push(id);
        id
    }

    fn text(&mut self, raw: &str, decode_entities: bool) {
        if raw.is_empty() || self.full() {
            return;
        }
        let text = if decode_entities {
            decode(raw).into_owned()
        } else {
            raw.to_string()
        };
        // Merge with a preceding text sibling so text runs stay whole.
        let parent = self.current();
        if let Some(&last) = self.nodes[parent].children.last()
            && let Kind::Text(t) = &mut self.nodes[last].kind
        {
            t.push_str(&text);
            return;
        }
        self.add(Kind::Text(text));
    }

    fn open_tag_index(&self, tag: &str) -> Option<usize> {
        self.stack
            .iter()
            .enumerate()
            .rev()
            .take(END_TAG_SEARCH)
            .find(|&(_, &n)| self.nodes[n].tag() == tag)
            .map(|(i, _)| i)
    }

    fn start(&mut self, tag: String, attrs: Vec<(Box<str>, String)>, self_closing: bool) {
        if self.full() {
            return;
        }
        let top = self.nodes[self.current()].tag();
        if (closes_p(&tag) && top == "p")
            || (tag == "li" && top == "li")
            || (matches!(&*tag, "dd" | "dt") && matches!(top, "dd" | "dt"))
        {
            self.stack.pop();
        } else if matches!(&*tag, "tr" | "td" | "th" | "option") {
            // Close an open cell or row at the same level.
            let siblings: &[&str] = match &*tag {
                "tr" => &["tr", "td", "th"],
                "option" => &["option"],
                _ => &["td", "th"],
            };
            if siblings.contains(&top) {
                self.stack.pop();
                if tag == "tr" && self.nodes[self.current()].tag() == "tr" {
                    self.stack.pop();
                }
            }
        }
        let void = is_void(&tag) || self_closing;
        let id = self.add(Kind::Element(Element {
            tag: tag.into_boxed_str(),
            attrs,
        }));
        if !void && self.stack.len() < MAX_DEPTH {
            self.stack.push(id);
        }
    }

    fn end(&mut self, tag: &str) {
        if let Some(i) = self.open_tag_index(tag)
            && i > 0
        {
            self.stack.truncate(i);
        }
    }

    fn run(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let mut i = 0;
        let mut text_start = 0;
        while i < bytes.len() {
            if bytes[i] != b'<' {
                i += memchr(b'<', &bytes[i..]).unwrap_or(bytes.len() - i);
                continue;
            }
            let rest = &bytes[i..];
            let next = rest.get(1).copied().unwrap_or(0);
            if rest.starts_with(b"<!--") {
                self.text(&html[text_start..i], true);
                i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |e| e + 3);
                text_start = i;
            } else if next == b'!' || next == b'?' {
                self.text(&html[text_start..i], true);
                i = memchr(b'>', &bytes[i..]).map_or(bytes.len(), |e| i + e + 1);
                text_start = i;
            } else if next == b'/' && rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
                self.text(&html[text_start..i], true);
                let (name, after) = tag_name(html, i + 2);
                self.end(&name);
                i = memchr(b'>', &bytes[after..]).map_or(bytes.len(), |e| after + e + 1);
                text_start = i;
            } else if next.is_ascii_alphabetic() {
                self.text(&html[text_start..i], true);
                let (name, after) = tag_name(html, i + 1);
                let (attrs, self_closing, end) = attributes(html, after);
                i = end;
                text_start = i;
                if is_raw_text(&name) {
                    let close = find_end_tag(bytes, i, name.as_bytes());
                    let content_end = close.unwrap_or(bytes.len());
                    let decode_it = matches!(&*name, "title" | "textarea");
                    let tag = name.clone();
                    self.start(name, attrs, false);
                    self.text(&html[i..content_end], decode_it);
                    self.end(&tag);
                    i = close.map_or(bytes.len(), |c| {
                        memchr(b'>', &bytes[c..]).map_or(bytes.len(), |e| c + e + 1)
                    });
                    text_start = i;
                } else {
                    self.start(name, attrs, self_closing);
                }
            } else {
                // A lone '<' is text.
                i += 1;
            }
        }
        self.text(&html[text_start..], true);
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Where `</name` starts (ASCII case-insensitive), from `from`.
fn find_end_tag(hay: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = memchr(b'<', &hay[i..]) {
        let at = i + p;
        let after = at + 2 + name.len();
        if hay.get(at + 1) == Some(&b'/')
            && hay
                .get(at + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && hay.get(after).is_none_or(|b| !b.is_ascii_alphanumeric())
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Reads a tag name from `start`; returns it lower-cased and where it ends.
fn tag_name(html: &str, start: usize) -> (String, usize) {
    let bytes = html.as_bytes();
    let mut end = start;
    while end < bytes.len()
        && !bytes[end].is_ascii_whitespace()
        && bytes[end] != b'>'
        && bytes[end] != b'/'
    {
        end += 1;
    }
    (html[start..end].to_ascii_lowercase(), end)
}

/// Reads attributes up to the closing `>`: (attributes, self-closing, index after `>`).
fn attributes(html: &str, mut i: usize) -> (Vec<(Box<str>, String)>, bool, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            self_closing = bytes[i] == b'/';
            i += 1;
        }
        if i >= bytes.len() {
            return (attrs, self_closing, i);
        }
        if bytes[i] == b'>' {
            return (attrs, self_closing, i + 1);
        }
        self_closing = false;
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        // A name of non-ASCII or odd bytes still advances: `i` moved past it.
        if i == name_start {
            i += 1;
            continue;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let q = bytes[i];
                let end = memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |e| i + 1 + e);
                value = decode(&html[i + 1..end]).into_owned();
                i = (end + 1).min(bytes.len());
            } else {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode(&html[start..i]).into_owned();
            }
        }
        if attrs.len() < 64 {
            attrs.push((name.into_boxed_str(), value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(dom: &Dom) -> Vec<String> {
        dom.nodes
            .iter()
            .skip(1)
            .filter_map(|n| n.element().map(|e| e.tag.to_string()))
            .collect()
    }

    #[test]
    fn builds_a_tree_with_implied_end_tags() {
        let dom = Dom::parse("<div><p>one<p>two<ul><li>a<li>b</ul></div>");
        assert_eq!(tags(&dom), ["div", "p", "p", "ul", "li", "li"]);
        let div = dom.find("div").next().unwrap();
        // Both paragraphs and the list are children of the div.
        assert_eq!(dom.nodes[div].children.len(), 3);
        assert_eq!(dom.text(div), "one two a b");
    }

    #[test]
    fn attributes_in_every_quoting_style() {
        let dom = Dom::parse(r#"<a href="x?a=1&amp;b=2" class='c d' id=e hidden>t</a>"#);
        let a = dom.nodes[dom.find("a").next().unwrap()].element().unwrap();
        assert_eq!(a.attr("href"), Some("x?a=1&b=2"));
        assert_eq!(a.attr("class"), Some("c d"));
        assert_eq!(a.attr("id"), Some("e"));
        assert_eq!(a.attr("hidden"), Some(""));
    }

    #[test]
    fn script_content_is_raw_and_does_not_open_tags() {
        let dom = Dom::parse("<script>if (a<b) { x = '</div>'; }</script><p>after</p>");
        let s = dom.find("script").next().unwrap();
        assert_eq!(dom.raw_text(s), "if (a<b) { x = '</div>'; }");
        assert!(dom.find("p").next().is_some());
    }

    #[test]
    fn truncated_input_does_not_panic() {
        for html in [
            "<",
            "<a",
            "<a href=",
            "<a href=\"x",
            "<!--",
            "<!DOCTYPE",
            "</",
            "<script>x",
            "&#",
            "<p>&#x",
        ] {
            let _ = Dom::parse(html);
        }
    }
}
