//! Main-content extraction on arbitrary HTML: never panics and returns
//! paragraphs free of control characters.
#![no_main]

use gazette::ingest::{html, sanitize::is_unsafe_char};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let page = html::extract(text);
    for p in &page.paragraphs {
        assert!(!p.chars().any(|c| c == '\n' || is_unsafe_char(c)), "{p:?}");
    }
});
