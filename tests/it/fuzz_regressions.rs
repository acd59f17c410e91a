//! Inputs the fuzz targets found crashing, kept so they stay fixed.

use std::path::Path;

/// Every file under tests/fuzz_regressions/<target>/.
fn crashers(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// quick-xml 0.42 (inside feed-rs) panics when told to switch encoding past
/// its first 64 bytes: a long XML declaration, or a second one. `parse_feed`
/// decodes first and neutralises those declarations, so the parser is never
/// asked, and its panic guard is not what saves these.
#[test]
fn feed_parse_crashers_give_an_error() {
    let found = crashers("feed_parse");
    assert!(!found.is_empty());
    for (name, bytes) in found {
        let result = std::panic::catch_unwind(|| gazette::feeds::parse_feed(&bytes, None));
        let parsed = result.unwrap_or_else(|_| panic!("{name}: parse_feed panicked"));
        if let Err(e) = parsed {
            assert!(
                !matches!(e, gazette::feeds::FeedError::ParserPanic),
                "{name}: the feed parser panicked inside parse_feed"
            );
        }
    }
}
