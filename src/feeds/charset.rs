//! A feed's bytes as UTF-8 before the feed parser sees them.
//!
//! feed-rs switches quick-xml's decoder whenever it meets an XML declaration
//! naming another encoding, and quick-xml 0.42 panics when that happens past
//! the first 64 bytes (a long declaration, or a second one later on). So the
//! decoding is done here, once, and every declaration the parser could act on
//! is left naming UTF-8 or nothing: the parser then never switches.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};
use quick_xml::events::{BytesDecl, BytesStart};

/// What the parser gets in place of a declaration that names an encoding.
const PLAIN_DECL: &[u8] = b"<?xml version=\"1.0\"?>";

/// `bytes` decoded from the encoding its leading declaration names (UTF-8
/// when none, or one that is not ASCII-based, is named), with every
/// declaration naming another encoding defused (see
/// [`neutralise_declarations`]), and NULs
/// (never valid XML) replaced so the text cannot look like UTF-16 to the
/// parser's sniffing. Invalid UTF-8 is left for the parser to report.
pub fn normalise(bytes: &[u8]) -> Cow<'_, [u8]> {
    let mut text = Cow::Borrowed(bytes);
    if let Some(enc) = leading_encoding(bytes)
        && enc != UTF_8
        && enc.is_ascii_compatible()
    {
        let (decoded, _) = enc.decode_without_bom_handling(bytes);
        text = Cow::Owned(decoded.into_owned().into_bytes());
    }
    if memchr::memchr(0, &text).is_some() {
        let mut out = Vec::with_capacity(text.len() + 16);
        for &b in text.iter() {
            match b {
                0 => out.extend_from_slice("\u{FFFD}".as_bytes()),
                b => out.push(b),
            }
        }
        text = Cow::Owned(out);
    }
    if let Some(out) = neutralise_declarations(&text) {
        text = Cow::Owned(out);
    }
    text
}

/// The encoding named by a declaration at the start (after a UTF-8 BOM and
/// white space), where XML allows one.
fn leading_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let at = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let (start, end) = decl_span(bytes, at)?;
    decl_encoding(&bytes[start..end])
}

/// Declarations are short; a longer `<?xml` span is not read, only defused.
const MAX_DECL: usize = 256;

/// Every span quick-xml could read as a declaration naming an encoding
/// other than UTF-8 (`<?xml`, white space, up to the first `?>`) replaced by
/// [`PLAIN_DECL`]; one whose end is not within [`MAX_DECL`] bytes has its
/// `xml` turned into `xmL`, making it a processing instruction the parser
/// ignores. Every `<?xml` is tried, not only those in markup, so none is
/// missed whatever the surrounding syntax; each is looked at for at most
/// [`MAX_DECL`] bytes, so the pass stays linear. `None` when none needed it.
fn neutralise_declarations(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut copied = 0;
    for at in memchr::memmem::find_iter(bytes, b"<?xml") {
        if at < copied || !matches!(bytes.get(at + 5), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            continue;
        }
        let window = &bytes[at..bytes.len().min(at + MAX_DECL)];
        match memchr::memmem::find(&window[5..], b"?>") {
            Some(close) => {
                let end = at + 5 + close + 2;
                if decl_encoding(&bytes[at..end]).is_some_and(|e| e != UTF_8) {
                    out.extend_from_slice(&bytes[copied..at]);
                    out.extend_from_slice(PLAIN_DECL);
                    copied = end;
                }
            }
            None => {
                out.extend_from_slice(&bytes[copied..at]);
                out.extend_from_slice(b"<?xmL");
                copied = at + 5;
            }
        }
    }
    if copied == 0 {
        return None;
    }
    out.extend_from_slice(&bytes[copied..]);
    Some(out)
}

/// The declaration starting at `at`, as quick-xml delimits one.
fn decl_span(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let rest = bytes.get(at..)?.strip_prefix(b"<?xml")?;
    if !matches!(rest.first(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        return None;
    }
    let close = memchr::memmem::find(rest, b"?>")?;
    Some((at, at + 5 + close + 2))
}

/// The encoding a declaration names, read by quick-xml itself so the answer
/// is the one feed-rs acts on.
fn decl_encoding(decl: &[u8]) -> Option<&'static Encoding> {
    let content = String::from_utf8_lossy(&decl[2..decl.len() - 2]);
    BytesDecl::from_start(BytesStart::from_content(content, 3)).encoder()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(bytes: &[u8]) -> String {
        String::from_utf8(normalise(bytes).into_owned()).unwrap()
    }

    #[test]
    fn utf8_without_foreign_declarations_is_not_copied() {
        let xml = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss/>";
        assert!(matches!(normalise(xml), Cow::Borrowed(_)));
        assert!(matches!(normalise(b"{\"items\":[]}"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_leading_single_byte_encoding_is_decoded() {
        let xml = b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><t>caf\xe9</t>";
        assert_eq!(norm(xml), "<?xml version=\"1.0\"?><t>caf\u{e9}</t>");
    }

    #[test]
    fn long_and_late_declarations_are_neutralised() {
        // Past quick-xml's 64-byte window: the leading one is still obeyed,
        // the later one (not allowed there) is not.
        let long = format!(
            "<?xml version=\"1.0\"{}encoding='koi8-r'?><t>\u{416}</t><?xml encoding=\"latin1\"?>",
            " ".repeat(60)
        );
        let (koi8, _, _) = encoding_rs::KOI8_R.encode(&long);
        let out = norm(&koi8);
        assert_eq!(
            out,
            "<?xml version=\"1.0\"?><t>\u{416}</t><?xml version=\"1.0\"?>"
        );
        // A span too long to be a declaration is defused, not read.
        let long = format!("<t><?xml {}encoding='latin1'?></t>", " ".repeat(300));
        assert_eq!(norm(long.as_bytes()), long.replacen("<?xml", "<?xmL", 1));
        let nul = norm(b"<\0?\0x\0m\0l\0");
        assert!(!nul.contains('\0'), "{nul:?}");
    }

    #[test]
    fn many_declarations_take_one_pass() {
        let one = "<?xml version=\"1.0\" encoding=\"latin1\"?><t>x</t>";
        // 8 MB of them: rewriting one at a time would copy terabytes.
        let many = one.repeat(200_000);
        let out = norm(many.as_bytes());
        assert_eq!(out, "<?xml version=\"1.0\"?><t>x</t>".repeat(200_000));
    }

    #[test]
    fn utf16_labels_on_eight_bit_text_are_ignored() {
        let xml = b"<?xml version=\"1.0\" encoding=\"utf-16\"?><t>x</t>";
        assert_eq!(norm(xml), "<?xml version=\"1.0\"?><t>x</t>");
    }
}
