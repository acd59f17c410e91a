//! The terminal UI: the app driven by key events and drawn on a test
//! backend, and the real binary in a pseudo-terminal.

mod app;
mod config;
mod config_pty;
mod exact;
mod feeds;
mod hostile;
mod pty;
mod quotes;
mod reading_flow;
mod resize;
mod search;
mod seeds;
mod views;
mod writes;
