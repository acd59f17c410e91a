//! `gazette feeds`, `gazette fetch` and `gazette opml`: subscriptions, fetching
//! them in parallel into the library, and OPML in and out.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::extract::ExtractorRef;
use crate::feeds::opml::Subscription;
use crate::feeds::{Opml, sync};
use crate::ingest::sanitize::{visible, visible_line};
use crate::store::{Feed, FeedChange, FeedCounts, NewFeed};

#[derive(Debug, Subcommand)]
pub enum FeedsCommand {
    /// Subscribe to a feed (RSS, Atom or JSON Feed). For a URL already
    /// subscribed to, --name, --folder and --full-text change just that.
    Add {
        url: String,
        /// The name shown in lists and used by `feed:` (default: the feed's
        /// own title, from its first fetch; the URL's host until then).
        #[arg(long)]
        name: Option<String>,
        /// A folder to file it under.
        #[arg(long)]
        folder: Option<String>,
        /// Download each new entry's page and keep the whole article.
        #[arg(long)]
        full_text: bool,
    },
    /// List subscriptions: name, URL, folder, articles and unread ones,
    /// last fetch and its status or error.
    List {
        /// One JSON object per feed (JSON Lines).
        #[arg(long)]
        json: bool,
    },
    /// Unsubscribe (articles already stored stay in the library).
    Remove {
        /// The feed's URL or exact name.
        feed: String,
    },
    /// Give a feed a new name (one no other feed has).
    Rename {
        /// The feed's URL or exact name.
        feed: String,
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Feeds to fetch, by URL or name (default: all).
    pub feeds: Vec<String>,
    /// Feeds fetched at once (default: `[fetch] jobs` in the config, 8).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
    /// Download every new entry's page for the full text, for these feeds too
    /// (also when `[fetch] full_text` is true in the config).
    #[arg(long)]
    pub full_text: bool,
    /// Seconds before one feed's request is abandoned, 1 to 3600 (default:
    /// `[fetch] timeout_secs` in the config, 30).
    #[arg(long, value_parser = clap::value_parser!(u64).range(crate::config::TIMEOUT_SECS))]
    pub timeout: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum OpmlCommand {
    /// Subscribe to every feed of an OPML file (nested outlines become folders).
    Import { file: PathBuf },
    /// Write the subscriptions as OPML to FILE, or to standard output.
    Export { file: Option<PathBuf> },
}

pub fn run_feeds(db: Option<&Path>, cmd: &FeedsCommand) -> Result<ExitCode> {
    let mut lib = super::library::open(db)?;
    match cmd {
        FeedsCommand::Add {
            url,
            name,
            folder,
            full_text,
        } => {
            if let Err(e) = crate::feeds::check_url(url) {
                eprintln!("gazette: {}: {e}", visible(url));
                return Ok(ExitCode::from(2));
            }
            if let Some(known) = lib.feed_by_url(url)? {
                let change = FeedChange {
                    name: name.clone(),
                    folder: folder.clone(),
                    full_text: full_text.then_some(true),
                };
                if change == FeedChange::default() {
                    println!(
                        "already subscribed to {} as {}",
                        visible(url),
                        visible(&known.name)
                    );
                } else {
                    lib.update_feed(known.id, &change)?;
                    let now = lib.feed(known.id)?.map_or(known.name, |f| f.name);
                    println!("updated {} ({})", visible(&now), visible(url));
                }
                return Ok(ExitCode::SUCCESS);
            }
            let id = lib.add_feed(&NewFeed {
                url: url.clone(),
                name: name.clone().unwrap_or_else(|| host_of(url)),
                folder: folder.clone(),
                full_text: *full_text,
                auto_name: name.is_none(),
            })?;
            let name = lib.feed(id)?.map_or_else(|| host_of(url), |f| f.name);
            println!(
                "subscribed to {} ({})",
                visible_line(&name),
                visible_line(url)
            );
        }
        FeedsCommand::List { json } => {
            let mut out = std::io::stdout().lock();
            let counts = lib.feed_counts()?;
            for feed in lib.feeds()? {
                let FeedCounts {
                    total: articles,
                    unread,
                } = counts.get(&feed.id).copied().unwrap_or_default();
                if *json {
                    let line = FeedLine {
                        name: &feed.name,
                        url: &feed.url,
                        folder: feed.folder.as_deref(),
                        full_text: feed.full_text,
                        last_fetch: feed.state.last_fetch.map(|t| t.to_rfc3339()),
                        status: feed.state.status,
                        error: feed.state.error.as_deref(),
                        articles,
                        unread,
                    };
                    super::write_json_line(&mut out, &line)?;
                } else {
                    let when = feed.state.last_fetch.map_or("never".to_string(), |t| {
                        t.format("%Y-%m-%d %H:%M").to_string()
                    });
                    let status = match (&feed.state.error, feed.state.status) {
                        (Some(e), _) => format!("error: {e}"),
                        (None, Some(s)) => format!("HTTP {s}"),
                        (None, None) => "not fetched".into(),
                    };
                    let line = format!(
                        "{}  {}  {}  {articles} articles  {unread} unread  {when}  {status}",
                        feed.name,
                        feed.url,
                        feed.folder.as_deref().unwrap_or("-")
                    );
                    writeln!(out, "{}", visible(&line))?;
                }
            }
        }
        FeedsCommand::Remove { feed } => {
            let found = find_feed(&lib.feeds()?, feed)?;
            lib.remove_feed(found.id)?;
            println!("unsubscribed from {}", visible_line(&found.name));
        }
        FeedsCommand::Rename { feed, name } => {
            let found = find_feed(&lib.feeds()?, feed)?;
            let name = crate::ingest::sanitize::one_line(name);
            if name.is_empty() {
                bail!("a feed's name cannot be empty");
            }
            lib.rename_feed(found.id, &name)?;
            println!(
                "renamed {} to {}",
                visible_line(&found.name),
                visible_line(&name)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct FeedLine<'a> {
    name: &'a str,
    url: &'a str,
    folder: Option<&'a str>,
    full_text: bool,
    last_fetch: Option<String>,
    status: Option<u16>,
    error: Option<&'a str>,
    /// Articles that are entries of this feed.
    articles: usize,
    unread: usize,
}

/// The feed with exactly this URL, else exactly this name (ignoring ASCII
/// case, as names are unique that way); a name two feeds share (possible in
/// a library made before names were unique) is refused.
fn find_feed(feeds: &[Feed], key: &str) -> Result<Feed> {
    if let Some(f) = feeds.iter().find(|f| f.url == key) {
        return Ok(f.clone());
    }
    let named: Vec<&Feed> = feeds
        .iter()
        .filter(|f| f.name.eq_ignore_ascii_case(key))
        .collect();
    match named.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!("no subscription with the URL or name {:?}", visible(key)),
        many => {
            let urls: Vec<String> = many.iter().map(|f| visible(&f.url).into_owned()).collect();
            bail!(
                "{} feeds are named {:?}; give the URL instead: {}",
                many.len(),
                visible(key),
                urls.join(", ")
            )
        }
    }
}

/// The host of a URL, as a default feed name.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_string()
}

/// Fetches subscriptions in parallel and stores what is new. Exit code 1 when
/// any feed failed (the others are stored all the same).
pub fn run_fetch(db: Option<&Path>, args: &FetchArgs, extractor: ExtractorRef) -> Result<ExitCode> {
    let mut lib = super::library::open_with(db, extractor)?;
    let all = lib.feeds()?;
    let feeds: Vec<Feed> = if args.feeds.is_empty() {
        all
    } else {
        args.feeds
            .iter()
            .map(|k| find_feed(&all, k))
            .collect::<Result<_>>()?
    };
    if feeds.is_empty() {
        eprintln!("gazette: no subscriptions; add one with `gazette feeds add URL`");
        return Ok(ExitCode::FAILURE);
    }
    // Problems with the config file were reported when the command started.
    let (config, _) = crate::config::Config::load(None);
    let fetch = crate::config::Fetch {
        jobs: args.jobs.map_or(config.fetch.jobs, usize::from),
        timeout_secs: args.timeout.unwrap_or(config.fetch.timeout_secs),
        full_text: args.full_text || config.fetch.full_text,
        ..config.fetch
    };
    let opts = fetch.options();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(feeds.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} feeds") {
            bar.set_style(style);
        }
        bar
    });
    let extractor = extractor.get();
    let report = sync::fetch_into(
        &mut lib,
        extractor,
        &feeds,
        opts,
        fetch.full_text,
        |done, _| {
            if let Some(bar) = &bar {
                bar.set_position(done as u64);
            }
        },
    )?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for line in &report.lines {
        eprintln!("{}", visible(line));
    }
    let purged = lib.purge_old_read(fetch.keep_days)?;
    if purged > 0 {
        eprintln!(
            "deleted {purged} read articles older than {} days (keep_days)",
            fetch.keep_days
        );
    }
    eprintln!("{}", visible(&report.summary()));
    Ok(if report.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub fn run_opml(db: Option<&Path>, cmd: &OpmlCommand) -> Result<ExitCode> {
    let mut lib = super::library::open(db)?;
    match cmd {
        OpmlCommand::Import { file } => {
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            // Parse everything before subscribing to anything: a malformed
            // file imports nothing.
            let opml = Opml::parse(&String::from_utf8_lossy(&bytes))
                .with_context(|| format!("{} is not valid OPML", file.display()))?;
            let subs = opml.subscriptions();
            if subs.is_empty() {
                bail!("{} lists no feeds", file.display());
            }
            // The same check as `feeds add`: a feed URL that would be refused
            // there is not subscribed to from a file either.
            let (good, bad): (Vec<_>, Vec<_>) = subs
                .iter()
                .map(|s| (s, crate::feeds::check_url(&s.url)))
                .partition(|(_, checked)| checked.is_ok());
            for (s, checked) in &bad {
                if let Err(e) = checked {
                    eprintln!(
                        "gazette: skipped {} ({}): {e}",
                        visible(&s.title),
                        visible(&s.url)
                    );
                }
            }
            for (s, _) in &good {
                lib.add_feed(&NewFeed {
                    url: s.url.clone(),
                    name: s.title.clone(),
                    folder: (!s.folders.is_empty()).then(|| s.folders.join("/")),
                    full_text: s.full_text,
                    // An outline without a title is labelled with its URL.
                    auto_name: s.title.trim().is_empty() || s.title == s.url,
                })?;
            }
            println!(
                "subscribed to {} feeds from {}",
                good.len(),
                visible_line(&file.display().to_string())
            );
            if !bad.is_empty() {
                eprintln!(
                    "gazette: {} feeds skipped: their URLs are not http(s) feed URLs",
                    bad.len()
                );
                return Ok(ExitCode::FAILURE);
            }
        }
        OpmlCommand::Export { file } => {
            let subs: Vec<Subscription> = lib
                .feeds()?
                .into_iter()
                // A folder is one outline whatever it holds: splitting at `/`
                // would turn a name into nesting that grows without bound.
                .map(|f| Subscription {
                    url: f.url,
                    title: f.name,
                    html_url: None,
                    folders: f.folder.into_iter().collect(),
                    full_text: f.full_text,
                })
                .collect();
            // Controls are not XML characters and must not reach a terminal:
            // they are shown as their control pictures.
            let xml =
                Opml::from_subscriptions(Some("gazette subscriptions".into()), &subs).to_xml();
            let xml = visible(&xml);
            match file {
                Some(path) => std::fs::write(path, xml.as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?,
                None => std::io::stdout().lock().write_all(xml.as_bytes())?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_are_hosts() {
        assert_eq!(host_of("https://www.example.com/feed.xml"), "example.com");
        assert_eq!(host_of("http://news.site:8080?x=1"), "news.site:8080");
    }
}
