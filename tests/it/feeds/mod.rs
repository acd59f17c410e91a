//! Feeds fetched from local HTTP servers, through the library and the binary.

mod cli;
mod fetch;
mod identity;
mod scenario;
