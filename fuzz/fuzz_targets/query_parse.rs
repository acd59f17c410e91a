//! The filter language on arbitrary text: parsing never panics nor runs out
//! of stack, an error names a column inside the input, and a parsed query
//! prints as text that parses back to the same query.
//!
//! Besides the text itself, each input is also tried wrapped in deep
//! nesting (groups, negations, `NOT`, alternatives) up to a few times
//! `MAX_DEPTH`, the shape that overflowed the stack of a recursive parser,
//! which a fuzzer mutating bytes one at a time rarely builds on its own.
#![no_main]

use gazette::query::{self, MAX_DEPTH};
use libfuzzer_sys::fuzz_target;

fn check(text: &str) {
    match query::parse(text) {
        Ok(q) => {
            let printed = q.to_string();
            let again = query::parse(&printed).expect("a printed query parses");
            assert_eq!(again, q, "{text:?} printed as {printed:?}");
        }
        Err(e) => assert!(e.column >= 1 && e.column <= text.chars().count() + 1, "{e}"),
    }
}

/// `text` inside `depth` levels of the wrapper the first byte picks, closed
/// or (odd first byte) left open.
fn nested(text: &str) -> Option<String> {
    let (&pick, _) = text.as_bytes().split_first()?;
    let depth = usize::from(pick) * 3 % (4 * MAX_DEPTH);
    let (open, close) = match pick % 5 {
        0 => ("(", ")"),
        1 => ("-", ""),
        2 => ("NOT ", ""),
        3 => ("(x OR ", ")"),
        _ => ("-(", ")"),
    };
    let closes = if pick % 2 == 0 { depth } else { depth / 2 };
    Some(format!("{}{text}{}", open.repeat(depth), close.repeat(closes)))
}

fuzz_target!(|text: &str| {
    check(text);
    if let Some(deep) = nested(text) {
        check(&deep);
    }
});
