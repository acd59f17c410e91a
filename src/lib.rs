//! gazette: a terminal news reader that sorts the news by who and what.
//!
//! The data's path, one module a stage:
//!
//! ```text
//! ingest ─► clean ─► extract ─► store ─► query ─► tui / cli
//! ```
//!
//! Each stage knows nothing of the stages after it. [`pipeline`] runs the
//! first three on one article; the binary only parses arguments ([`cli`]).
//! The kinds of entity and their facet counts ([`entity`]) are the one
//! vocabulary store, query, tui and cli share.
//! [`config`] reads the configuration file and hands plain values down (the
//! extra people and issue files become an [`extract::ExtractorRef`] that the
//! commands pass on; saved filters go to [`query`]; colours are checked with
//! [`theme`]): only `cli` and `tui` import it.

pub mod alloc;
pub mod article;
pub mod clean;
pub mod cli;
pub mod config;
pub mod entity;
pub mod extract;
pub mod feeds;
pub mod ingest;
pub mod paths;
pub mod pipeline;
pub mod query;
pub mod seeds;
pub mod store;
pub mod theme;
pub mod tui;

pub use article::{Article, ArticleId};
pub use extract::{Entities, Extractor};
