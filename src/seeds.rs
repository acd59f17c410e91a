//! The sample articles compiled into the binary, so a new library shows
//! articles (and what gazette does with them) at once.

use crate::extract::Extractor;
use crate::ingest::{self, Format};
use crate::pipeline::{self, Processed};

/// (source, text) of each seed article, from `seeds/`.
pub const SEEDS: &[(&str, &str)] = &[
    (
        "seeds/000_3a83e5b7b1acc8c8.txt",
        include_str!("../seeds/000_3a83e5b7b1acc8c8.txt"),
    ),
    (
        "seeds/001_8d0fb9a61ad8dd10.txt",
        include_str!("../seeds/001_8d0fb9a61ad8dd10.txt"),
    ),
    (
        "seeds/002_39e22c0e2d9e6ed6.txt",
        include_str!("../seeds/002_39e22c0e2d9e6ed6.txt"),
    ),
];

/// The seeds through ingest → clean → `extractor`.
pub fn processed(extractor: &Extractor) -> Vec<Processed> {
    SEEDS
        .iter()
        .filter_map(|(source, text)| {
            ingest::parse_bytes(source, Format::Text, text.as_bytes()).ok()
        })
        .map(|(article, _)| pipeline::process(extractor, article))
        .collect()
}
