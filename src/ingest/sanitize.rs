//! Making stranger-written text safe to keep and to show.
//!
//! Everything that enters an `Article` passes through [`clean_text`]: terminal
//! escape sequences are dropped whole (not just their ESC byte, which would
//! leave `[31m` litter), other C0/C1 controls and bidi overrides are removed,
//! tabs become spaces and line endings become `\n`.

use std::borrow::Cow;

/// Tab stops are every this many columns when tabs are expanded.
const TAB_WIDTH: usize = 4;

/// True for characters that must never reach a terminal raw.
pub fn is_unsafe_char(c: char) -> bool {
    match c {
        '\n' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // Bidi embeddings, overrides and isolates can reorder what the user sees.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// True when `s` holds anything [`is_unsafe_char`] flags (newlines aside).
/// Checked on bytes: every unsafe character either is an ASCII control or
/// starts with 0xC2 (C1 controls: C2 80–C2 9F) or 0xE2 (bidi controls:
/// E2 80 AA–AE, E2 81 A6–A9), so clean text — nearly all text — is passed
/// over at memory speed: one branch-free pass for the controls (the
/// compiler vectorises it), and a SIMD search for the two lead bytes, whose
/// next bytes are compared, not decoded (0xE2 also starts every curly quote).
fn has_unsafe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let control = |chunk: &[u8]| {
        chunk.iter().fold(false, |acc, &b| {
            acc | ((b < 0x20) & (b != b'\n')) | (b == 0x7f)
        })
    };
    bytes.chunks(64).any(control)
        || memchr::memchr2_iter(0xc2, 0xe2, bytes).any(|i| {
            matches!(
                bytes[i..],
                [0xc2, 0x80..=0x9f, ..]
                    | [0xe2, 0x80, 0xaa..=0xae, ..]
                    | [0xe2, 0x81, 0xa6..=0xa9, ..]
            )
        })
}

/// [`has_unsafe`] a character at a time, for the tests to hold it to.
#[cfg(test)]
fn has_unsafe_slow(s: &str) -> bool {
    s.chars().any(is_unsafe_char)
}

/// Removes escape sequences and control characters, expands tabs and
/// normalises line endings. Returns the input unchanged (borrowed) when it is
/// already clean, which is the common case.
pub fn clean_text(s: &str) -> Cow<'_, str> {
    if !has_unsafe(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut col = 0usize;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                out.push('\n');
                col = 0;
            }
            '\r' => {
                // CRLF becomes LF; a lone CR (overprinting) also ends the line.
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                    col = 0;
                }
            }
            '\t' => {
                let n = TAB_WIDTH - col % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI/OSC/DCS introducers start sequences too.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_unsafe_char(c) => {}
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    Cow::Owned(out)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC: a CSI, an OSC/DCS/APC/PM/SOS string, or one byte.
fn skip_escape(chars: &mut Chars) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | '_' | '^' | 'X') => {
            chars.next();
            skip_string(chars);
        }
        // Two-byte escapes (ESC c, ESC 7, ESC ( B …): drop the designator too.
        Some(c) if ('\u{20}'..='\u{7e}').contains(c) => {
            let intermediate = ('\u{20}'..='\u{2f}').contains(c);
            chars.next();
            if intermediate {
                chars.next();
            }
        }
        _ => {}
    }
}

/// Skips CSI parameters up to and including the final byte (0x40–0x7e).
fn skip_csi(chars: &mut Chars) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) || c == '\n' {
            return;
        }
    }
}

/// Skips a control string up to BEL, ST (ESC \ or U+9C), or the end of the line.
fn skip_string(chars: &mut Chars) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' | '\n' => return,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

/// Makes unsafe characters visible instead of removing them, for text that
/// was never through ingest (file names, URLs, error messages): C0 controls
/// become their Control Pictures (ESC shows as `␛`), DEL `␡`, and C1 controls
/// and bidi overrides `�`. Newlines are kept.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !has_unsafe(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' => '\n',
                '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
                '\u{7f}' => '\u{2421}',
                c if is_unsafe_char(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// [`visible`] for a field printed on one line among others (a name, a
/// path, a title in a listing): a line break shows as "␤" too, so a file
/// name cannot start a line of its own.
pub fn visible_line(s: &str) -> Cow<'_, str> {
    if !s.contains('\n') {
        return visible(s);
    }
    Cow::Owned(visible(s).replace('\n', "\u{2424}"))
}

/// JSON text with every C1 control and bidi control inside its strings
/// written as a `\uXXXX` escape: serde_json escapes C0 controls but writes
/// the others raw, and a terminal may act on them. The JSON means the same.
pub fn json_safe(json: String) -> String {
    if !has_unsafe(&json) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Collapses runs of whitespace to one space and trims; for titles and names.
pub fn one_line(s: &str) -> String {
    one_line_of_clean(&clean_text(s))
}

/// [`one_line`] for text that [`clean_text`] would leave as it is (a piece
/// of its output, without '\r'): the check for unsafe characters is skipped.
pub(crate) fn one_line_of_clean(s: &str) -> String {
    if !needs_collapse(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// False when `s` is already one line: no whitespace but single spaces
/// between words. Checked on bytes, in passes the compiler vectorises or
/// memchr does: the lead bytes 0xC2, 0xE1, 0xE2 and 0xE3 start every
/// non-ASCII whitespace character (U+0085, U+00A0, U+1680, U+2000–U+205F,
/// U+3000), and only at those is a character decoded (0xC2 also starts "£",
/// 0xE2 curly quotes and dashes, which news text is full of).
fn needs_collapse(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return true;
    }
    // Tab, line feed, vertical tab, form feed, carriage return.
    let control = |chunk: &[u8]| {
        chunk
            .iter()
            .fold(0u8, |acc, &c| acc | u8::from(c.wrapping_sub(b'\t') < 5))
            != 0
    };
    // The non-ASCII White_Space characters, by their bytes (a curly quote,
    // which starts with 0xE2 too, is turned away without being decoded):
    // U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
    // U+205F, U+3000.
    let space_at = |i: usize| {
        matches!(
            b[i..],
            [0xc2, 0x85 | 0xa0, ..]
                | [0xe1, 0x9a, 0x80, ..]
                | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
                | [0xe2, 0x81, 0x9f, ..]
                | [0xe3, 0x80, 0x80, ..]
        )
    };
    // The searcher for two spaces is built once: building it costs more
    // than searching a paragraph.
    static TWO_SPACES: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    b.chunks(64).any(control)
        || TWO_SPACES.find(b).is_some()
        || memchr::memchr3_iter(0xc2, 0xe1, 0xe2, b).any(space_at)
        || memchr::memchr_iter(0xe3, b).any(space_at)
}

/// [`needs_collapse`] a byte at a time, for the tests to hold it to.
#[cfg(test)]
fn needs_collapse_slow(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return true;
    }
    let mut after_space = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b' ' if after_space => return true,
            b' ' => after_space = true,
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => return true,
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                if s[i..].chars().next().is_some_and(char::is_whitespace) {
                    return true;
                }
                after_space = false;
            }
            _ => after_space = false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed_when_clean() {
        assert!(matches!(
            clean_text("Plain text, “quotes” 👉\nok"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(clean_text("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        // OSC window title, terminated by BEL and by ST.
        assert_eq!(clean_text("x\u{1b}]0;pwned\u{7}y"), "xy");
        assert_eq!(clean_text("x\u{1b}]52;c;aGk=\u{1b}\\y"), "xy");
        // C1 CSI.
        assert_eq!(clean_text("x\u{9b}2Jy"), "xy");
        assert_eq!(clean_text("x\u{1b}(By"), "xy");
        assert_eq!(clean_text("x\u{1b}cy"), "xy");
    }

    #[test]
    fn controls_and_bidi_are_removed() {
        assert_eq!(clean_text("a\u{7}b\u{8}c\u{0}d\u{85}e"), "abcde");
        assert_eq!(clean_text("evil\u{202e}txt.exe\u{2066}"), "eviltxt.exe");
    }

    #[test]
    fn tabs_and_line_endings() {
        assert_eq!(clean_text("a\tb"), "a   b");
        assert_eq!(clean_text("\tx"), "    x");
        assert_eq!(clean_text("one\r\ntwo\rthree"), "one\ntwo\nthree");
    }

    #[test]
    fn visible_shows_what_it_neutralises() {
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a␛]0;x␇b");
        assert_eq!(visible("rtl\u{202e}x"), "rtl\u{fffd}x");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_collapses_whitespace() {
        assert_eq!(one_line("  A \n title\t here "), "A title here");
        assert_eq!(
            one_line("A  title\u{a0}here\u{3000}now "),
            "A title here now"
        );
        assert_eq!(
            one_line("Already one line, “quoted”"),
            "Already one line, “quoted”"
        );
        // The fast and the byte-at-a-time checks agree, whatever the text.
        for text in [
            "plain words",
            "two  spaces",
            " lead",
            "trail ",
            "tab\there",
            "line\nfeed",
            "“curly” — dash",
            "nbsp\u{a0}here",
            "ideographic\u{3000}space",
            "Ωmega ሴ",
            "thin\u{2009}space",
            "£5m deal",
            "£5m\u{a0}deal",
            "£5m  deal",
            "£5m\u{85}deal",
            "x",
            "",
        ] {
            assert_eq!(needs_collapse(text), needs_collapse_slow(text), "{text:?}");
        }
        // Every character up to U+3100, alone and among text.
        for c in (0u32..0x3100).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a{c}b"), format!("“{c}”")] {
                assert_eq!(
                    needs_collapse(&text),
                    needs_collapse_slow(&text),
                    "{text:?}"
                );
            }
        }
        // Every non-ASCII space is found among curly quotes and dashes.
        for space in [
            '\u{a0}', '\u{1680}', '\u{2003}', '\u{2028}', '\u{202f}', '\u{205f}', '\u{3000}',
        ] {
            assert_eq!(one_line(&format!("“A”{space}—’b")), "“A” —’b", "{space:?}");
        }
    }

    #[test]
    fn unsafe_characters_are_found_as_a_character_scan_finds_them() {
        // Every code point below U+0100 and around the bidi controls, alone,
        // amid text and at the end, and each against its neighbours.
        let mut texts = vec![
            String::new(),
            "plain".into(),
            "“curly” ‘quotes’ — £5 ©".into(),
        ];
        for c in (0u32..0x100)
            .chain(0x2000..0x2080)
            .chain([0x3000, 0xfeff])
            .filter_map(char::from_u32)
        {
            texts.push(c.to_string());
            texts.push(format!("a{c}b"));
            texts.push(format!("{}{c}", "x".repeat(63)));
            texts.push(format!("“{c}”"));
        }
        for text in &texts {
            assert_eq!(has_unsafe(text), has_unsafe_slow(text), "{text:?}");
        }
    }

    #[test]
    fn nothing_unsafe_survives_any_byte() {
        // Every single code point below U+00A0 and the bidi controls, alone and
        // after ESC, leaves nothing unsafe behind.
        for c in (0u32..0xa0)
            .chain(0x2020..0x2070)
            .filter_map(char::from_u32)
        {
            for s in [
                format!("a{c}b"),
                format!("a\u{1b}{c}b"),
                format!("a\u{1b}[{c}b"),
            ] {
                let out = clean_text(&s);
                assert!(
                    !out.chars().any(|c| c != '\n' && is_unsafe_char(c)),
                    "{s:?} -> {out:?}"
                );
            }
        }
    }
}
