//! Feed parsing as gazette calls it, on arbitrary bytes: never panics (not
//! even inside the parser, where `parse_feed` would contain it), and every
//! entry has a non-empty guid.
#![no_main]

use gazette::feeds::{FeedError, parse_feed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match parse_feed(data, None) {
        Ok(feed) => {
            for e in &feed.entries {
                assert!(!e.guid.is_empty());
            }
        }
        Err(FeedError::ParserPanic) => panic!("the feed parser panicked"),
        Err(_) => {}
    }
});
