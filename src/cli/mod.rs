//! Command-line interface: argument definitions and the commands behind them.
//!
//! Exit codes: 0 success, 1 nothing done (no article read, nothing matched
//! where something must), 2 usage errors (clap's own, malformed queries).

mod entities;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// gazette: read the news in the terminal, by who and what.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// The library database (default: $XDG_DATA_HOME/gazette/library.db).
    #[arg(long, global = true, env = "GAZETTE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// With no command: open the reader on the articles matching QUERY
    /// (e.g. `person:"Keir Starmer" country:US -war`).
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract people, countries and issues from files, without storing anything.
    Entities(entities::EntitiesArgs),
    /// Print a clean article: title, metadata and wrapped paragraphs.
    Show(entities::ShowArgs),
}

/// Runs the command line; the binary's whole `main`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Entities(args)) => entities::run_entities(&args),
        Some(Command::Show(args)) => entities::run_show(&args),
        None => crate::tui::open_source(cli.db.as_deref())
            .and_then(|source| crate::tui::run(source, &cli.query.join(" ")))
            .map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("gazette: {err:#}");
            ExitCode::FAILURE
        }
    }
}
