//! The filter language on arbitrary text: parsing never panics, an error
//! names a column inside the input, and a parsed query prints as text that
//! parses back to the same query.
#![no_main]

use gazette::query;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match query::parse(text) {
        Ok(q) => {
            let printed = q.to_string();
            let again = query::parse(&printed).expect("a printed query parses");
            assert_eq!(again, q, "{text:?} printed as {printed:?}");
        }
        Err(e) => assert!(e.column >= 1 && e.column <= text.chars().count() + 1, "{e}"),
    }
});
