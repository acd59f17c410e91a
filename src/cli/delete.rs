//! `gazette delete`: removing articles matching a query, or the bundled
//! seed articles, after saying how many and asking.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The articles to delete, as a query (as for `gazette list`).
    #[arg(value_name = "QUERY", required_unless_present = "seeds")]
    pub query: Vec<String>,
    /// Delete the sample articles a new library starts with instead.
    #[arg(long, conflicts_with = "query")]
    pub seeds: bool,
    /// Delete without asking (for scripts). Without it, the count is shown
    /// and a terminal is asked to confirm; without a terminal nothing is
    /// deleted.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn run_delete(db: Option<&Path>, args: &DeleteArgs) -> Result<ExitCode> {
    let mut lib = super::library::open(db)?;
    let (ids, what) = if args.seeds {
        (lib.seed_articles()?, "the sample articles".to_string())
    } else {
        let q = match super::library::parse_query(&args.query) {
            Ok(q) => q,
            Err(code) => return Ok(code),
        };
        (lib.search(&q)?, format!("{:?}", args.query.join(" ")))
    };
    if ids.is_empty() {
        eprintln!("gazette: no article matches {what}");
        return Ok(ExitCode::SUCCESS);
    }
    let n = ids.len();
    let articles = if n == 1 { "article" } else { "articles" };
    eprintln!("{n} {articles} match {what}");
    if !args.yes {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            eprintln!("gazette: nothing deleted; run again with --yes to delete them");
            return Ok(ExitCode::FAILURE);
        }
        eprint!("delete {n} {articles}? [y/N] ");
        std::io::stderr().flush()?;
        let mut answer = String::new();
        stdin.lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("nothing deleted");
            return Ok(ExitCode::FAILURE);
        }
    }
    let deleted = lib.delete_articles(&ids)?;
    println!(
        "deleted {deleted} {}",
        if deleted == 1 { "article" } else { "articles" }
    );
    Ok(ExitCode::SUCCESS)
}
