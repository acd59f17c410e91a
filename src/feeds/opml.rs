//! OPML subscription lists: read (nested outlines are folders) and write.
//!
//! Parsing is all or nothing: a malformed file gives an error and no
//! outlines, so an import never half-happens.

use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::ingest::sanitize::one_line;

/// Outlines nested deeper than this make the file malformed.
const MAX_DEPTH: usize = 64;

/// The outline attribute that marks a feed gazette downloads full pages for.
const FULL_TEXT_ATTR: &str = "gazetteFullText";

/// Why an OPML document was refused.
#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    #[error("not well-formed XML at byte {position}: {message}")]
    Xml { position: u64, message: String },
    #[error("not OPML: the root element is <{0}>, not <opml>")]
    NotOpml(String),
    #[error("not OPML: no root element")]
    Empty,
    #[error("unsupported OPML version {0:?} (1.0, 1.1 and 2.0 are read)")]
    Version(String),
    #[error("OPML has no <body>")]
    NoBody,
    #[error("OPML body has no outlines")]
    NoOutlines,
    #[error("outlines nested deeper than {MAX_DEPTH} levels")]
    TooDeep,
}

/// A whole OPML document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Opml {
    pub version: String,
    pub title: Option<String>,
    pub outlines: Vec<Outline>,
}

/// One outline: a feed (it has an `xmlUrl`), a folder (it has children), or
/// a plain note.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outline {
    pub text: String,
    pub title: Option<String>,
    pub xml_url: Option<String>,
    pub html_url: Option<String>,
    /// The `type` attribute ("rss", "link", ...).
    pub kind: Option<String>,
    /// Every other attribute, in order, so a round trip keeps them.
    pub other: Vec<(String, String)>,
    pub children: Vec<Outline>,
}

/// A feed found in an OPML file, with the folders it sits in (outermost first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subscription {
    pub url: String,
    pub title: String,
    pub html_url: Option<String>,
    pub folders: Vec<String>,
    /// Whole pages are downloaded for its entries (`feeds add --full-text`).
    pub full_text: bool,
}

impl Outline {
    /// The label a reader shows: `text`, else `title`, else the URL.
    pub fn label(&self) -> &str {
        if !self.text.is_empty() {
            &self.text
        } else if let Some(t) = self.title.as_deref().filter(|t| !t.is_empty()) {
            t
        } else {
            self.xml_url.as_deref().unwrap_or("")
        }
    }
}

impl Opml {
    /// Parses an OPML document.
    pub fn parse(xml: &str) -> Result<Opml, OpmlError> {
        let mut reader = Reader::from_str(xml);
        let mut doc = Opml::default();
        // Path of open elements by name; outlines being built, innermost last.
        let mut path: Vec<String> = Vec::new();
        let mut open: Vec<Outline> = Vec::new();
        let mut seen_root = false;
        let mut seen_body = false;
        let mut title_text: Option<String> = None;
        loop {
            let event = reader.read_event().map_err(|e| OpmlError::Xml {
                position: reader.error_position(),
                message: e.to_string(),
            })?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    let name = e.local_name().as_ref().to_string();
                    if !seen_root {
                        if name != "opml" {
                            return Err(OpmlError::NotOpml(name));
                        }
                        seen_root = true;
                        doc.version = attr(e, "version").unwrap_or_default();
                        if !matches!(doc.version.as_str(), "1.0" | "1.1" | "2.0") {
                            return Err(OpmlError::Version(doc.version));
                        }
                    } else if name == "body" && path.len() == 1 {
                        seen_body = true;
                    } else if name == "outline" && path.get(1).is_some_and(|p| p == "body") {
                        let outline = outline_from(e)?;
                        if empty {
                            attach(&mut doc, &mut open, outline);
                        } else {
                            if open.len() >= MAX_DEPTH {
                                return Err(OpmlError::TooDeep);
                            }
                            open.push(outline);
                        }
                    }
                    if !empty {
                        path.push(name);
                    }
                }
                Event::End(_) => {
                    if path.last().is_some_and(|n| n == "outline")
                        && path.get(1).is_some_and(|p| p == "body")
                        && let Some(done) = open.pop()
                    {
                        attach(&mut doc, &mut open, done);
                    }
                    path.pop();
                }
                Event::Text(t) if path.len() == 3 && path[1] == "head" && path[2] == "title" => {
                    title_text
                        .get_or_insert_default()
                        .push_str(&t.xml_content(XmlVersion::Implicit1_0));
                }
                Event::GeneralRef(r)
                    if path.len() == 3 && path[1] == "head" && path[2] == "title" =>
                {
                    let name = r.into_inner();
                    let decoded =
                        crate::ingest::html::decode_entities(&format!("&{name};")).into_owned();
                    title_text.get_or_insert_default().push_str(&decoded);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !seen_root {
            return Err(OpmlError::Empty);
        }
        if !path.is_empty() {
            return Err(OpmlError::Xml {
                position: reader.buffer_position(),
                message: format!(
                    "<{}> is never closed",
                    path.last().map_or("", String::as_str)
                ),
            });
        }
        if !seen_body {
            return Err(OpmlError::NoBody);
        }
        if doc.outlines.is_empty() {
            return Err(OpmlError::NoOutlines);
        }
        doc.title = title_text.map(|t| one_line(&t)).filter(|t| !t.is_empty());
        Ok(doc)
    }

    /// Writes the document as OPML 2.0.
    pub fn to_xml(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n",
        );
        if let Some(t) = &self.title {
            out.push_str(&format!("    <title>{}</title>\n", escape(t.as_str())));
        }
        out.push_str("  </head>\n  <body>\n");
        // Iterative, so a deep tree cannot overflow the stack.
        enum Step<'a> {
            Open(&'a Outline, usize),
            Close(usize),
        }
        let mut stack: Vec<Step> = self
            .outlines
            .iter()
            .rev()
            .map(|o| Step::Open(o, 2))
            .collect();
        while let Some(step) = stack.pop() {
            match step {
                Step::Open(o, depth) => {
                    out.push_str(&"  ".repeat(depth));
                    out.push_str("<outline");
                    let mut put = |k: &str, v: &str| {
                        out.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
                    };
                    put("text", &o.text);
                    if let Some(v) = &o.title {
                        put("title", v);
                    }
                    if let Some(v) = &o.kind {
                        put("type", v);
                    }
                    if let Some(v) = &o.xml_url {
                        put("xmlUrl", v);
                    }
                    if let Some(v) = &o.html_url {
                        put("htmlUrl", v);
                    }
                    for (k, v) in &o.other {
                        put(k, v);
                    }
                    if o.children.is_empty() {
                        out.push_str("/>\n");
                    } else {
                        out.push_str(">\n");
                        stack.push(Step::Close(depth));
                        stack.extend(o.children.iter().rev().map(|c| Step::Open(c, depth + 1)));
                    }
                }
                Step::Close(depth) => {
                    out.push_str(&"  ".repeat(depth));
                    out.push_str("</outline>\n");
                }
            }
        }
        out.push_str("  </body>\n</opml>\n");
        out
    }

    /// Every feed in the file, with its folder path; the order of the file.
    pub fn subscriptions(&self) -> Vec<Subscription> {
        let mut subs = Vec::new();
        let mut stack: Vec<(&Outline, Vec<String>)> = self
            .outlines
            .iter()
            .rev()
            .map(|o| (o, Vec::new()))
            .collect();
        while let Some((o, folders)) = stack.pop() {
            if let Some(url) = &o.xml_url {
                subs.push(Subscription {
                    url: url.clone(),
                    title: o.label().to_string(),
                    html_url: o.html_url.clone(),
                    folders: folders.clone(),
                    full_text: o
                        .other
                        .iter()
                        .any(|(k, v)| k == FULL_TEXT_ATTR && v == "true"),
                });
            }
            if !o.children.is_empty() {
                let mut inner = folders;
                inner.push(o.label().to_string());
                stack.extend(o.children.iter().rev().map(|c| (c, inner.clone())));
            }
        }
        subs
    }

    /// A flat list of subscriptions as a document, folders as outlines
    /// (nested as `folders` is). Each feed outline carries everything
    /// [`Opml::subscriptions`] reads back.
    pub fn from_subscriptions(title: Option<String>, subs: &[Subscription]) -> Opml {
        let mut doc = Opml {
            version: "2.0".into(),
            title,
            outlines: Vec::new(),
        };
        for s in subs {
            let mut level = &mut doc.outlines;
            for folder in &s.folders {
                let i = match level
                    .iter()
                    .position(|o| o.xml_url.is_none() && &o.text == folder)
                {
                    Some(i) => i,
                    None => {
                        level.push(Outline {
                            text: folder.clone(),
                            ..Outline::default()
                        });
                        level.len() - 1
                    }
                };
                level = &mut level[i].children;
            }
            level.push(Outline {
                text: s.title.clone(),
                title: Some(s.title.clone()),
                xml_url: Some(s.url.clone()),
                html_url: s.html_url.clone(),
                kind: Some("rss".into()),
                other: if s.full_text {
                    vec![(FULL_TEXT_ATTR.to_string(), "true".to_string())]
                } else {
                    Vec::new()
                },
                ..Outline::default()
            });
        }
        doc
    }
}

fn escape_attr(v: &str) -> String {
    escape(v)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn outline_from(e: &BytesStart) -> Result<Outline, OpmlError> {
    let mut o = Outline::default();
    for a in e.attributes() {
        let a = a.map_err(|err| OpmlError::Xml {
            position: 0,
            message: err.to_string(),
        })?;
        let key = a.key.as_ref().to_string();
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| OpmlError::Xml {
                position: 0,
                message: err.to_string(),
            })?
            .into_owned();
        match key.as_str() {
            "text" => o.text = value,
            "title" => o.title = Some(value),
            "xmlUrl" | "xmlurl" => o.xml_url = Some(value),
            "htmlUrl" | "htmlurl" => o.html_url = Some(value),
            "type" => o.kind = Some(value),
            _ => o.other.push((key, value)),
        }
    }
    Ok(o)
}

fn attach(doc: &mut Opml, open: &mut [Outline], outline: Outline) {
    match open.last_mut() {
        Some(parent) => parent.children.push(outline),
        None => doc.outlines.push(outline),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: &str = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>My &amp; feeds</title></head><body>
<outline text="News"><outline text="BBC" type="rss" xmlUrl="https://bbc.example/rss?a=1&amp;b=2" htmlUrl="https://bbc.example/"/>
<outline text="Deep"><outline text="Inner" xmlUrl="https://inner.example/feed" custom="kept"/></outline></outline>
<outline text="Top" xmlUrl="https://top.example/atom"/></body></opml>"#;

    #[test]
    fn nested_outlines_are_folders() {
        let doc = Opml::parse(NESTED).unwrap();
        assert_eq!(doc.title.as_deref(), Some("My & feeds"));
        let subs = doc.subscriptions();
        let got: Vec<(&str, Vec<&str>)> = subs
            .iter()
            .map(|s| {
                (
                    s.url.as_str(),
                    s.folders.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("https://bbc.example/rss?a=1&b=2", vec!["News"]),
                ("https://inner.example/feed", vec!["News", "Deep"]),
                ("https://top.example/atom", vec![]),
            ]
        );
    }

    #[test]
    fn export_round_trips() {
        let doc = Opml::parse(NESTED).unwrap();
        let again = Opml::parse(&doc.to_xml()).unwrap();
        assert_eq!(again.outlines, doc.outlines);
        assert_eq!(again.title, doc.title);
        let rebuilt = Opml::from_subscriptions(doc.title.clone(), &doc.subscriptions());
        assert_eq!(
            Opml::parse(&rebuilt.to_xml()).unwrap().subscriptions(),
            doc.subscriptions()
        );
    }

    #[test]
    fn full_text_survives_export_and_import() {
        let subs = [
            Subscription {
                url: "https://a.example/feed".into(),
                title: "A".into(),
                folders: vec!["News/UK".into()],
                full_text: true,
                ..Subscription::default()
            },
            Subscription {
                url: "https://b.example/feed".into(),
                title: "B".into(),
                ..Subscription::default()
            },
        ];
        let xml = Opml::from_subscriptions(None, &subs).to_xml();
        assert_eq!(Opml::parse(&xml).unwrap().subscriptions(), subs);
    }

    #[test]
    fn malformed_documents_are_refused_whole() {
        for (xml, want) in [
            ("{not xml", "root"),
            ("<html><body/></html>", "<html>"),
            (
                "<opml version=\"9\"><body><outline text=\"a\"/></body></opml>",
                "version",
            ),
            ("<opml version=\"2.0\"><head/></opml>", "no <body>"),
            ("<opml version=\"2.0\"><body/></opml>", "no outlines"),
            (
                "<opml version=\"2.0\"><body><outline text=\"a\"><outline text=\"b\"/></body></opml>",
                "XML",
            ),
            ("<opml version=\"2.0\"><body><outline text=\"a\">", "closed"),
        ] {
            let err = Opml::parse(xml).unwrap_err().to_string();
            assert!(err.contains(want), "{xml}: {err}");
        }
        let deep = format!(
            "<opml version=\"2.0\"><body>{}{}</body></opml>",
            "<outline text=\"x\">".repeat(100),
            "</outline>".repeat(100)
        );
        assert!(matches!(Opml::parse(&deep), Err(OpmlError::TooDeep)));
    }
}
