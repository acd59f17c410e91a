//! Command-line interface: argument definitions and the commands behind them.
//!
//! Exit codes: 0 success, 1 nothing done (no article read, nothing matched
//! where something must), 2 usage errors (clap's own, malformed queries).

mod delete;
mod devfill;
mod entities;
mod explain;
mod feeds;
mod library;
mod quotes;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::entity::Kind;
use crate::extract::ExtractorRef;

/// gazette: read the news in the terminal, by who and what.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about, long_about = None, subcommand_precedence_over_arg = true)]
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
    /// Print a clean article (a file, or a library id or unique id prefix).
    Show(entities::ShowArgs),
    /// Read files into the library: ingest, clean, extract, store.
    Import(library::ImportArgs),
    /// List the library's articles matching a query, newest first.
    List(library::ListArgs),
    /// Delete the articles matching a query (or the sample articles), after
    /// showing how many and asking.
    Delete(delete::DeleteArgs),
    /// People across the articles matching a query, most frequent first.
    People(library::FacetArgs),
    /// Countries across the articles matching a query, most frequent first.
    Countries(library::FacetArgs),
    /// What each person said in the articles matching a query, newest first.
    Quotes(quotes::QuotesArgs),
    /// Issues across the articles matching a query, most frequent first;
    /// or, with --explain, why one article has its issues.
    Issues(IssuesArgs),
    /// Sections (IPTC Media Topics top level: politics, sport...) across the
    /// articles matching a query, most frequent first.
    Sections(library::FacetArgs),
    /// Clean and extract the library's articles again with this gazette
    /// (done by itself when a library an older gazette extracted is opened).
    Reextract(library::ReextractArgs),
    /// Build a large library from the test corpora (for benchmarks).
    #[command(hide = true)]
    DevFill(devfill::DevFillArgs),
    /// Manage feed subscriptions.
    #[command(subcommand)]
    Feeds(feeds::FeedsCommand),
    /// Fetch subscribed feeds in parallel and store new articles.
    Fetch(feeds::FetchArgs),
    /// Import or export subscriptions as OPML.
    #[command(subcommand)]
    Opml(feeds::OpmlCommand),
    /// Print shell completions for bash, zsh, fish, elvish or PowerShell.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output.
    Man,
    /// Show the configuration file's path, or a full commented example.
    Config {
        /// Print a complete configuration with every default, commented.
        #[arg(long)]
        default: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct IssuesArgs {
    #[command(flatten)]
    pub facet: library::FacetArgs,
    /// Show the phrases that tagged this article's issues, and the issues
    /// left below their threshold (an article id or unique id prefix).
    #[arg(long, value_name = "ARTICLE", conflicts_with_all = ["query", "limit"])]
    pub explain: Option<String>,
}

/// Runs the command line; the binary's whole `main`.
pub fn main() -> ExitCode {
    // Past a file-size limit (ulimit -f) a write should fail, so SQLite rolls
    // back and says so, rather than SIGXFSZ killing the process mid-write.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = Cli::parse();
    let extracts = match &cli.command {
        None
        | Some(
            Command::Entities(_) | Command::Import(_) | Command::Fetch(_) | Command::Reextract(_),
        ) => true,
        Some(Command::DevFill(_)) => true,
        Some(Command::Issues(args)) => args.explain.is_some(),
        _ => false,
    };
    // The TUI shows a problem with the config or its extra files in its
    // status line; the other commands print it and carry on.
    let mut problem = None;
    // The commands that extract use the config's extra people and issues:
    // their extractor is built here, so a mistake in those files is
    // reported before any work. Without extra files the built-in extractor
    // is built on first use, which lets `entities` build it while it walks
    // the directories.
    let mut extractor = ExtractorRef::BUILTIN;
    let config = if extracts {
        let (config, bad_config) = crate::config::Config::load(None);
        problem = bad_config.map(|e| e.to_string());
        let dir = crate::paths::config_dir().unwrap_or_default();
        match config.extra.extractor(&dir) {
            Ok(configured) => extractor = configured,
            Err(e) => problem = Some(format!("{e}; using the built-in people and issues only")),
        }
        if cli.command.is_some()
            && let Some(p) = problem.take()
        {
            eprintln!("gazette: {}", crate::ingest::sanitize::visible(&p));
        }
        Some(config)
    } else {
        None
    };
    // A library an older gazette extracted is extracted again when opened
    // for writing: with the configured extractor, built only then, and
    // progress on stderr.
    crate::store::on_upgrade(crate::store::Upgrade {
        extractor: upgrade_extractor,
        progress: library::print_progress,
        done: |done| library::print_reextracted(done, None),
    });
    UPGRADE_EXTRACTOR.get_or_init(|| match extracts {
        true => Some(extractor),
        false => None,
    });
    let result = match cli.command {
        Some(Command::Entities(args)) => entities::run_entities(&args, extractor),
        Some(Command::Show(args)) => library::run_show(cli.db.as_deref(), &args),
        Some(Command::Import(args)) => library::run_import(cli.db.as_deref(), &args, extractor),
        Some(Command::List(args)) => library::run_list(cli.db.as_deref(), &args),
        Some(Command::Delete(args)) => delete::run_delete(cli.db.as_deref(), &args),
        Some(Command::People(args)) => library::run_facet(cli.db.as_deref(), Kind::Person, &args),
        Some(Command::Countries(args)) => {
            library::run_facet(cli.db.as_deref(), Kind::Country, &args)
        }
        Some(Command::Quotes(args)) => quotes::run(cli.db.as_deref(), &args),
        Some(Command::Issues(args)) => match &args.explain {
            Some(target) => explain::run(cli.db.as_deref(), target, args.facet.json, extractor),
            None => library::run_facet(cli.db.as_deref(), Kind::Issue, &args.facet),
        },
        Some(Command::Sections(args)) => {
            library::run_facet(cli.db.as_deref(), Kind::Section, &args)
        }
        Some(Command::Reextract(args)) => {
            library::run_reextract(cli.db.as_deref(), &args, extractor)
        }
        Some(Command::DevFill(args)) => devfill::run(cli.db.as_deref(), &args, extractor),
        Some(Command::Feeds(cmd)) => feeds::run_feeds(cli.db.as_deref(), &cmd),
        Some(Command::Fetch(args)) => feeds::run_fetch(cli.db.as_deref(), &args, extractor),
        Some(Command::Opml(cmd)) => feeds::run_opml(cli.db.as_deref(), &cmd),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "gazette",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => clap_mangen::Man::new(Cli::command())
            .render(&mut std::io::stdout())
            .map(|()| ExitCode::SUCCESS)
            .map_err(Into::into),
        Some(Command::Config { default }) => run_config(default),
        None => {
            let config = config.unwrap_or_default();
            crate::tui::open_source(cli.db.as_deref(), extractor)
                .and_then(|(source, note)| {
                    let status = match (problem, note) {
                        (Some(p), Some(n)) => Some(format!("{n}; {p}")),
                        (p, n) => n.or(p),
                    };
                    crate::tui::run(source, &cli.query.join(" "), &config, extractor, status)
                })
                .map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        // A reader that stopped reading (`| head`) is not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "gazette: {}",
                crate::ingest::sanitize::visible(&error_text(&err))
            );
            ExitCode::FAILURE
        }
    }
}

/// The extractor this run chose, when it chose one (the commands that
/// extract); `None` leaves it to [`upgrade_extractor`] to build.
static UPGRADE_EXTRACTOR: std::sync::OnceLock<Option<ExtractorRef>> = std::sync::OnceLock::new();

/// The extractor that extracts a library again at open: the configured
/// one (the built-in one when the configuration's extra files are broken).
fn upgrade_extractor() -> ExtractorRef {
    if let Some(Some(chosen)) = UPGRADE_EXTRACTOR.get() {
        return *chosen;
    }
    let (config, _) = crate::config::Config::load(None);
    let dir = crate::paths::config_dir().unwrap_or_default();
    config.extra.extractor(&dir).unwrap_or_default()
}

/// True when the error comes from writing to a closed pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes, `: `-separated, leaving out a cause whose text
/// the message already holds (many errors spell out their source).
fn error_text(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// Writes `value` as one line of JSON, C1 and bidi controls escaped (see
/// [`crate::ingest::sanitize::json_safe`]).
fn write_json_line(
    out: &mut impl std::io::Write,
    value: &impl serde::Serialize,
) -> std::io::Result<()> {
    let json = serde_json::to_string(value)?;
    writeln!(out, "{}", crate::ingest::sanitize::json_safe(json))
}

fn run_config(default: bool) -> anyhow::Result<ExitCode> {
    if default {
        print!("{}", crate::config::DEFAULT_TOML);
        return Ok(ExitCode::SUCCESS);
    }
    match crate::paths::default_config() {
        Some(path) => {
            let (config, problem) = crate::config::Config::load(Some(&path));
            // Check the extra people and issues files too.
            let problem = problem.map(|p| p.to_string()).or_else(|| {
                let dir = path.parent().unwrap_or(std::path::Path::new("."));
                config.extra.extractor(dir).err().map(|e| e.to_string())
            });
            let state = if path.exists() {
                ""
            } else {
                " (not created yet)"
            };
            println!(
                "{}{state}",
                crate::ingest::sanitize::visible_line(&path.display().to_string())
            );
            if let Some(problem) = problem {
                eprintln!("gazette: {}", crate::ingest::sanitize::visible(&problem));
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
        None => anyhow::bail!("neither XDG_CONFIG_HOME nor HOME is set"),
    }
}
