//! The slow checks against the public corpora beside the repository
//! (`../shared/corpora/`): extraction scored on hand-annotated articles and
//! CoNLL-2003, cleaning and HTML reading on whole corpora, and feed parsing
//! on the feed and OPML test suites. Each check prints `SKIPPED:` and passes
//! when its corpus is absent.
//!
//! `cargo test --test corpus -- --nocapture` prints every figure.

mod annotated;
mod clean;
mod conll_people;
mod exact_filters;
mod feeds;
mod gold;
mod html;
mod people_library;
mod quotes;
mod topics;
