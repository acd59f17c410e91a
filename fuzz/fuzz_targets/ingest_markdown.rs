//! Markdown ingest on arbitrary bytes: never panics, and what comes out is
//! free of control characters.
#![no_main]

use gazette::ingest::{Format, parse_bytes, sanitize::is_unsafe_char};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((article, _)) = parse_bytes("fuzz.md", Format::Markdown, data) {
        for text in std::iter::once(&article.title).chain(&article.paragraphs) {
            assert!(
                !text.chars().any(|c| c == '\n' || is_unsafe_char(c)),
                "{text:?}"
            );
        }
    }
});
