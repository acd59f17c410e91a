//! The sample articles a new library starts with, compiled into the binary,
//! so a new user sees articles (and what the reader does with them) at once.

use super::{Library, StoreError};
use crate::extract::Extractor;
use crate::ingest::{self, Format};
use crate::pipeline;

/// (source, text) of each seed article.
pub const SEEDS: &[(&str, &str)] = &[
    (
        "seeds/000_3a83e5b7b1acc8c8.txt",
        include_str!("../../seeds/000_3a83e5b7b1acc8c8.txt"),
    ),
    (
        "seeds/001_8d0fb9a61ad8dd10.txt",
        include_str!("../../seeds/001_8d0fb9a61ad8dd10.txt"),
    ),
    (
        "seeds/002_39e22c0e2d9e6ed6.txt",
        include_str!("../../seeds/002_39e22c0e2d9e6ed6.txt"),
    ),
];

/// Runs the seeds through ingest -> clean -> extract and stores them.
pub(super) fn import_seeds(lib: &mut Library) -> Result<(), StoreError> {
    let extractor = Extractor::builtin();
    let batch: Vec<_> = SEEDS
        .iter()
        .filter_map(|(source, text)| {
            ingest::parse_bytes(source, Format::Text, text.as_bytes()).ok()
        })
        .map(|(article, _)| pipeline::process(extractor, article))
        .collect();
    lib.import(&batch)?;
    Ok(())
}
