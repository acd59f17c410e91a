//! Feeds as data: parsing RSS/Atom/JSON Feed into articles, OPML
//! subscription lists, and fetching over HTTP with conditional GET.
//!
//! Everything here works on plain values (bytes in, [`Feed`]s and
//! [`FetchReport`]s out); persisting feeds and their fetch state is the
//! store's job, so this module knows nothing of SQLite.

mod cap;
mod charset;
pub mod fetch;
mod guard;
pub mod opml;
mod parse;
mod repair;
pub mod sync;

pub use cap::MAX_ENTRIES;
pub use fetch::{
    FetchError, FetchOptions, FetchReport, FetchResult, FetchState, Fetcher, PageSink, Request,
};
pub use guard::{UrlError, check_url};
pub use opml::{Opml, OpmlError, Outline};
pub use parse::{Entry, Feed, FeedError, MAX_FEED_BYTES, parse_feed};
