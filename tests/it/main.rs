//! The integration tests, one test binary: the library's public API and the
//! real `gazette` binary (its commands, the terminal UI in a pseudo-terminal,
//! feeds from local HTTP servers, hostile and huge inputs, kills mid-write).
//! The slow checks against the public corpora are the `corpus` test binary.
//!
//! `cargo test --test it MODULE::` runs one module, e.g. `tui::pty::`.

mod cli;
mod disk;
mod exact_filters;
mod feeds;
mod fuzz_regressions;
mod hardening;
mod html_fulltext;
mod html_ingest;
mod huge;
mod kill_loop;
mod leaders;
mod library;
mod people_resolve;
mod query_roundtrip;
mod seed_queries;
mod support;
mod tui;
mod word_index;
