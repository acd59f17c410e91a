//! Feed parsing as gazette calls it, on arbitrary bytes: never panics, and
//! every entry has a non-empty guid.
#![no_main]

use gazette::feeds::parse_feed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(feed) = parse_feed(data, None) {
        for e in &feed.entries {
            assert!(!e.guid.is_empty());
        }
    }
});
