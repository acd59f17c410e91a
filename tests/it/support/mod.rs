//! Helpers the integration tests share.

pub mod http;
pub mod pty;
pub mod shingles;
pub mod tui;
