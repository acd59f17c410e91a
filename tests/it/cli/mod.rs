//! The command line: each command's output and exit status, the config
//! file's effects, and the library commands.

mod commands;
mod config;
mod library;
mod quotes;
