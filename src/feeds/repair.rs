//! Small rewrites of a feed's XML (already UTF-8, see [`super::charset`])
//! so that feeds other readers accept parse here too: an RSS 2.0 root with
//! a default namespace (`xmlns="http://backend.userland.com/rss2"`), which
//! would put every element outside RSS; an RSS 1.0 root written `<rdf>`
//! without its namespace prefix; RSS 1.0 items without a link, which the
//! parser would drop; Atom 0.3's namespace; Atom 0.3 text with
//! `mode="base64"`; and bare `&`s (`?a=1&b=2`), which end the parse.

use memchr::memmem;

/// The link given to an RSS 1.0 item that has none, so that the parser
/// keeps the item; [`super::parse`] reads it as no link.
pub const NO_LINK: &str = "gazette:no-link";

/// The repaired bytes, or `None` when nothing needed repairing. JSON is
/// never touched.
pub fn repair(bytes: &[u8]) -> Option<Vec<u8>> {
    let start = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if start.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'<') {
        return None;
    }
    let mut out: Option<Vec<u8>> = None;
    for step in [
        root_repaired as fn(&[u8]) -> Option<Vec<u8>>,
        rss1_links_added,
        base64_decoded,
        ampersands_escaped,
    ] {
        if let Some(next) = step(out.as_deref().unwrap_or(bytes)) {
            out = Some(next);
        }
    }
    out
}

/// The first element's start tag: (offset of `<`, offset after `>`, name).
fn root_tag(bytes: &[u8]) -> Option<(usize, usize, &[u8])> {
    let mut at = 0;
    loop {
        let lt = at + memchr::memchr(b'<', &bytes[at..])?;
        let rest = &bytes[lt..];
        if rest.starts_with(b"<?") {
            at = lt + memmem::find(rest, b"?>")? + 2;
        } else if rest.starts_with(b"<!--") {
            at = lt + memmem::find(rest, b"-->")? + 3;
        } else if rest.starts_with(b"<!") {
            at = lt + memchr::memchr(b'>', rest)? + 1;
        } else {
            let end = lt + memchr::memchr(b'>', rest)? + 1;
            let name_len = rest[1..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))?;
            return Some((lt, end, &rest[1..1 + name_len]));
        }
    }
}

fn root_repaired(bytes: &[u8]) -> Option<Vec<u8>> {
    let (start, end, name) = root_tag(bytes)?;
    if name == b"rss" {
        // RSS 2.0 has no namespace: a default one on its root is dropped.
        let tag = &bytes[start..end];
        let attr = ["xmlns=\"", "xmlns='"]
            .iter()
            .find_map(|a| find_attr(tag, a.as_bytes()))?;
        let quote = tag[attr + 6];
        let close = attr + 7 + memchr::memchr(quote, &tag[attr + 7..])?;
        let mut out = Vec::with_capacity(bytes.len());
        out.extend_from_slice(&bytes[..start + attr - 1]);
        out.extend_from_slice(&bytes[start + close + 1..]);
        return Some(out);
    }
    if name == b"feed" {
        // Atom 0.3's namespace read as Atom 1.0's, which the parser knows.
        const OLD: &[u8] = b"\"http://purl.org/atom/ns#\"";
        let tag = &bytes[start..end];
        let at = start + memmem::find(tag, OLD)?;
        let mut out = Vec::with_capacity(bytes.len() + 8);
        out.extend_from_slice(&bytes[..at]);
        out.extend_from_slice(b"\"http://www.w3.org/2005/Atom\"");
        out.extend_from_slice(&bytes[at + OLD.len()..]);
        return Some(out);
    }
    if name.eq_ignore_ascii_case(b"rdf") && name != b"RDF" {
        // `<rdf>` for `<rdf:RDF>`: the parser knows RSS 1.0 by the local name.
        let closing = [b"</", name, b">"].concat();
        let last = memmem::rfind(bytes, &closing)?;
        let mut out = Vec::with_capacity(bytes.len());
        out.extend_from_slice(&bytes[..start + 1]);
        out.extend_from_slice(b"RDF");
        out.extend_from_slice(&bytes[start + 1 + name.len()..last]);
        out.extend_from_slice(b"</RDF>");
        out.extend_from_slice(&bytes[last + closing.len()..]);
        return Some(out);
    }
    None
}

/// Where attribute `prefix` (`name="`) starts in a tag, preceded by space.
fn find_attr(tag: &[u8], prefix: &[u8]) -> Option<usize> {
    memmem::find_iter(tag, prefix).find(|&i| i > 0 && tag[i - 1].is_ascii_whitespace())
}

/// Each `<item>` of an RSS 1.0 feed (root `RDF`, any prefix) that has no
/// `<link>`, given [`NO_LINK`] as its first child.
fn rss1_links_added(bytes: &[u8]) -> Option<Vec<u8>> {
    let (_, _, name) = root_tag(bytes)?;
    let local = name.rsplit(|&b| b == b':').next()?;
    if !local.eq_ignore_ascii_case(b"rdf") {
        return None;
    }
    let mut out = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(open) = memmem::find(&bytes[at..], b"<item").map(|i| at + i) {
        at = open + 5;
        if !matches!(bytes.get(at), Some(b'>' | b' ' | b'\t' | b'\r' | b'\n')) {
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', &bytes[at..]).map(|i| at + i) else {
            break;
        };
        if bytes[gt - 1] == b'/' {
            continue;
        }
        let end = memmem::find(&bytes[gt..], b"</item>").map_or(bytes.len(), |i| gt + i);
        let body = &bytes[gt..end];
        if !(memmem::find(body, b"<link>").is_some() || memmem::find(body, b"<link ").is_some()) {
            out.extend_from_slice(&bytes[copied..=gt]);
            out.extend_from_slice(format!("<link>{NO_LINK}</link>").as_bytes());
            copied = gt + 1;
        }
        at = gt;
    }
    if copied == 0 {
        return None;
    }
    out.extend_from_slice(&bytes[copied..]);
    Some(out)
}

/// Every `&` that does not start a character or entity reference written
/// as `&amp;`, outside CDATA sections, comments and processing
/// instructions (where `&` is literal).
fn ampersands_escaped(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = memchr::memchr2(b'&', b'<', &bytes[at..]).map(|i| at + i) {
        if bytes[i] == b'<' {
            let rest = &bytes[i..];
            let close: Option<&[u8]> = if rest.starts_with(b"<![CDATA[") {
                Some(b"]]>")
            } else if rest.starts_with(b"<!--") {
                Some(b"-->")
            } else if rest.starts_with(b"<?") {
                Some(b"?>")
            } else {
                None
            };
            at = match close {
                Some(close) => match memmem::find(&rest[2..], close) {
                    Some(j) => i + 2 + j + close.len(),
                    None => break,
                },
                None => i + 1,
            };
            continue;
        }
        at = i + 1;
        if !is_reference(&bytes[at..]) {
            out.extend_from_slice(&bytes[copied..at]);
            out.extend_from_slice(b"amp;");
            copied = at;
        }
    }
    if copied == 0 {
        return None;
    }
    out.extend_from_slice(&bytes[copied..]);
    Some(out)
}

/// Whether the bytes after an `&` complete a reference: `#123;`, `#x7f;`
/// or a name and `;`.
fn is_reference(after: &[u8]) -> bool {
    let window = &after[..after.len().min(40)];
    let Some(semi) = memchr::memchr(b';', window) else {
        return false;
    };
    let name = &window[..semi];
    match name {
        [b'#', b'x' | b'X', hex @ ..] => !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit),
        [b'#', dec @ ..] => !dec.is_empty() && dec.iter().all(u8::is_ascii_digit),
        [first, rest @ ..] => {
            (first.is_ascii_alphabetic() || *first == b'_')
                && rest
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        }
        [] => false,
    }
}

/// Every element with `mode="base64"` whose text decodes to UTF-8, with
/// that text decoded (and escaped) in place and the attribute removed.
fn base64_decoded(bytes: &[u8]) -> Option<Vec<u8>> {
    const MODE: &[u8] = b"mode=\"base64\"";
    memmem::find(bytes, MODE)?;
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    let mut changed = false;
    while let Some(found) = memmem::find(&bytes[at..], MODE).map(|i| at + i) {
        let Some(gt) = memchr::memchr(b'>', &bytes[found..]).map(|i| found + i) else {
            break;
        };
        let Some(lt) = memchr::memchr(b'<', &bytes[gt..]).map(|i| gt + i) else {
            break;
        };
        match decode_base64(&bytes[gt + 1..lt]).and_then(|d| String::from_utf8(d).ok()) {
            Some(text) if bytes[found - 1].is_ascii_whitespace() => {
                out.extend_from_slice(&bytes[at..found - 1]);
                out.extend_from_slice(&bytes[found + MODE.len()..=gt]);
                let escaped = text
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                out.extend_from_slice(escaped.as_bytes());
                changed = true;
            }
            _ => out.extend_from_slice(&bytes[at..lt]),
        }
        at = lt;
    }
    out.extend_from_slice(&bytes[at..]);
    changed.then_some(out)
}

/// Standard base64 (white space ignored, padding optional); `None` on any
/// other character.
fn decode_base64(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_default_namespace_on_rss_is_dropped() {
        let xml = br#"<?xml version="1.0"?><rss version="2.0" xmlns="http://backend.userland.com/rss2" xmlns:y="http://news.yandex.ru"><channel/></rss>"#;
        let out = String::from_utf8(repair(xml).unwrap()).unwrap();
        assert_eq!(
            out,
            r#"<?xml version="1.0"?><rss version="2.0" xmlns:y="http://news.yandex.ru"><channel/></rss>"#
        );
        assert!(repair(b"<rss version=\"2.0\"><channel/></rss>").is_none());
    }

    #[test]
    fn an_rdf_root_without_prefix_becomes_rdf() {
        let out = repair(b"<!-- x --><rdf><item/></rdf>\n").unwrap();
        assert_eq!(out, b"<!-- x --><RDF><item/></RDF>\n");
    }

    #[test]
    fn rss1_items_without_a_link_are_given_one() {
        let xml = b"<RDF><item><title>a</title></item><item rdf:about=\"x\"><link>x</link></item><items/></RDF>";
        let out = String::from_utf8(repair(xml).unwrap()).unwrap();
        assert_eq!(
            out,
            format!(
                "<RDF><item><link>{NO_LINK}</link><title>a</title></item><item rdf:about=\"x\"><link>x</link></item><items/></RDF>"
            )
        );
        // Not RSS 1.0: left alone.
        assert!(
            repair(b"<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss>")
                .is_none()
        );
    }

    #[test]
    fn bare_ampersands_are_escaped_and_references_kept() {
        let xml = b"<rss><link>?a=1&b=2</link><t>&amp; &#38; &#x26; &eacute; & x</t><![CDATA[a & b]]><!-- & --></rss>";
        let out = String::from_utf8(repair(xml).unwrap()).unwrap();
        assert_eq!(
            out,
            "<rss><link>?a=1&amp;b=2</link><t>&amp; &#38; &#x26; &eacute; &amp; x</t><![CDATA[a & b]]><!-- & --></rss>"
        );
        assert!(repair(b"<rss><t>&amp;</t></rss>").is_none());
        // JSON is not XML.
        assert!(repair(b"{\"title\": \"<b>a & b</b>\"}").is_none());
    }

    #[test]
    fn base64_text_is_decoded_and_escaped() {
        let xml = b"<feed><entry><content mode=\"base64\">\n RXhhbXBsZSA8Yj5BdG9tPC9iPg==\n</content></entry></feed>";
        let out = String::from_utf8(repair(xml).unwrap()).unwrap();
        assert_eq!(
            out,
            "<feed><entry><content>Example &lt;b&gt;Atom&lt;/b&gt;</content></entry></feed>"
        );
        assert_eq!(decode_base64(b"aGk").unwrap(), b"hi");
        assert!(decode_base64(b"not base64!").is_none());
    }
}
