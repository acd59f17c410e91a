//! Feeds fetched from local HTTP servers, through the library and the binary.

mod cli;
mod fetch;
mod full_text;
mod identity;
mod scenario;
