//! Small rewrites of a feed's XML (already UTF-8, see [`super::charset`])
//! so that feeds other readers accept parse here too: an RSS 2.0 root with
//! a default namespace (`xmlns="http://backend.userland.com/rss2"`), which
//! would put every element outside RSS; an RSS 1.0 root written `<rdf>`
//! without its namespace prefix; Atom 0.3's namespace; and Atom 0.3 text
//! with `mode="base64"`.

use memchr::memmem;

/// The repaired bytes, or `None` when nothing needed repairing.
pub fn repair(bytes: &[u8]) -> Option<Vec<u8>> {
    let root = root_repaired(bytes);
    let text = root.as_deref().unwrap_or(bytes);
    match base64_decoded(text) {
        Some(out) => Some(out),
        None => root,
    }
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
