//! OPML on arbitrary text: never panics, and what parses exports to OPML
//! that parses again with the same subscriptions.
#![no_main]

use gazette::feeds::Opml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(opml) = Opml::parse(text) {
        let again = Opml::parse(&opml.to_xml()).expect("exported OPML parses");
        assert_eq!(again.subscriptions(), opml.subscriptions());
    }
});
