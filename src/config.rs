//! The configuration file: `$XDG_CONFIG_HOME/gazette/config.toml`.
//!
//! Every setting has a default, so a missing file is an empty config. A file
//! that does not parse is reported with its line and the problem, and gazette
//! starts on defaults rather than refusing to start. `gazette config
//! --default` prints [`DEFAULT_TOML`], a full commented example.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::extract::extra::ExtraError;
use crate::extract::{Extractor, ExtractorRef};
use crate::query::{expand_saved, valid_filter_name};

/// A full, commented configuration with every default spelled out.
pub const DEFAULT_TOML: &str = include_str!("../assets/config.default.toml");

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub ui: Ui,
    pub fetch: Fetch,
    /// Action name → keys, replacing that action's default keys ("ctrl-c", "shift-tab", "j", "pagedown").
    pub keys: BTreeMap<String, Vec<String>>,
    /// Role → colour ("person" = "yellow", "selected" = "#334455"), over the theme preset.
    pub colors: BTreeMap<String, String>,
    /// Saved filters: name → query, used as `@name`.
    pub filters: BTreeMap<String, String>,
    /// Extra people and issues merged with the built-in assets.
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ui {
    pub theme: ThemeName,
    /// Width of the article list, in percent of the screen.
    pub list_width: u16,
    /// Width of the side panel, in percent of the screen.
    pub side_width: u16,
    /// The filter applied at start when none is given on the command line.
    pub default_filter: String,
    /// A `chrono` format for dates in the list and reader.
    pub date_format: String,
    /// The browser for `o`; empty means `$BROWSER`, then `xdg-open`.
    pub browser: String,
    /// Show the side panel aggregated over the filter rather than for the selected article.
    pub aggregate_side_panel: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    Dark,
    Light,
    /// No colours at all, as with `NO_COLOR`.
    None,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fetch {
    /// Feeds fetched at once.
    pub jobs: usize,
    /// Seconds before a feed's request is abandoned.
    pub timeout_secs: u64,
    /// Download each new entry's page and keep the extracted article.
    pub full_text: bool,
    /// Full-text pages downloaded per feed and fetch.
    pub max_pages: usize,
    /// Let full-text page links reach local addresses (loopback, private,
    /// link-local, multicast) even when the feed is not on one.
    pub allow_local_pages: bool,
    /// Days a read, unstarred feed article is kept (by its date, else when
    /// it was stored); older ones are deleted at each `gazette fetch`.
    /// 0 keeps everything.
    pub keep_days: u32,
    /// Minutes between the reader's own fetches of every feed, in the
    /// background; 0 (the default) leaves fetching to `r` and `gazette fetch`.
    pub reload_minutes: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Extra {
    /// Files of extra people (the format of `assets/people.tsv`), relative to the config directory.
    pub people: Vec<PathBuf>,
    /// Files of extra issues (the format of `assets/issues.toml`), relative to the config directory.
    pub issues: Vec<PathBuf>,
}

impl Extra {
    /// The extractor these settings ask for: the built-in one when they name
    /// no files, else the built-in assets plus the files (relative to `dir`,
    /// the config directory), built now so that a mistake in them is
    /// reported before any work.
    pub fn extractor(&self, dir: &Path) -> Result<ExtractorRef, ExtraError> {
        if self.people.is_empty() && self.issues.is_empty() {
            return Ok(ExtractorRef::BUILTIN);
        }
        Extractor::with_extra(dir, &self.people, &self.issues).map(ExtractorRef::configured)
    }
}

impl Default for Ui {
    fn default() -> Self {
        Ui {
            theme: ThemeName::Dark,
            list_width: 34,
            side_width: 25,
            default_filter: String::new(),
            date_format: "%Y-%m-%d".into(),
            browser: String::new(),
            aggregate_side_panel: false,
        }
    }
}

/// The range of `[fetch] jobs` and `--jobs`.
pub const JOBS: std::ops::RangeInclusive<usize> = 1..=64;
/// The range of `[fetch] timeout_secs` and `--timeout`, in seconds.
pub const TIMEOUT_SECS: std::ops::RangeInclusive<u64> = 1..=3600;
/// The range of `[fetch] max_pages`.
pub const MAX_PAGES: std::ops::RangeInclusive<usize> = 0..=10_000;
/// The range of `[fetch] reload_minutes` (0 is off; a day at most).
pub const RELOAD_MINUTES: std::ops::RangeInclusive<u32> = 0..=1440;

impl Fetch {
    /// The fetcher's options with these settings (clamped to their ranges,
    /// though [`Fetch::check`] has refused values outside them).
    pub fn options(&self) -> crate::feeds::FetchOptions {
        let clamp = |v: u64, r: std::ops::RangeInclusive<u64>| v.clamp(*r.start(), *r.end());
        crate::feeds::FetchOptions {
            workers: self.jobs.clamp(*JOBS.start(), *JOBS.end()),
            total_timeout: std::time::Duration::from_secs(clamp(self.timeout_secs, TIMEOUT_SECS)),
            max_pages: self.max_pages.min(*MAX_PAGES.end()),
            allow_local_pages: self.allow_local_pages,
            ..crate::feeds::FetchOptions::default()
        }
    }

    /// The first setting out of its range, as (key, message).
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        fn within<T: PartialOrd + std::fmt::Display>(
            key: &'static str,
            value: T,
            range: std::ops::RangeInclusive<T>,
            unit: &str,
        ) -> Result<(), (&'static str, String)> {
            if range.contains(&value) {
                return Ok(());
            }
            Err((
                key,
                format!(
                    "{key} = {value} is out of range ({} to {}{unit})",
                    range.start(),
                    range.end()
                ),
            ))
        }
        within("jobs", self.jobs, JOBS, "")?;
        within("timeout_secs", self.timeout_secs, TIMEOUT_SECS, " seconds")?;
        within("max_pages", self.max_pages, MAX_PAGES, "")?;
        within(
            "reload_minutes",
            self.reload_minutes,
            RELOAD_MINUTES,
            " minutes",
        )
    }
}

impl Default for Fetch {
    fn default() -> Self {
        Fetch {
            jobs: 8,
            timeout_secs: 30,
            full_text: false,
            max_pages: 500,
            allow_local_pages: false,
            keep_days: 0,
            reload_minutes: 0,
        }
    }
}

/// A problem with the configuration file, located for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(" line {l}")).unwrap_or_default())]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Config {
    /// Parses configuration text; `path` only names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of(text, s.start)),
            message: e.message().trim().to_string(),
        })?;
        config.validate(text, path)?;
        Ok(config)
    }

    /// Loads the file at `path`, or the default location when `None`.
    /// Never fails: problems come back beside a usable (default) config.
    pub fn load(path: Option<&Path>) -> (Config, Option<ConfigError>) {
        let Some(path) = path
            .map(Path::to_path_buf)
            .or_else(crate::paths::default_config)
        else {
            return (Config::default(), None);
        };
        match read_config_file(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
            Err(e) => (
                Config::default(),
                Some(ConfigError {
                    path,
                    line: None,
                    message: format!("cannot read: {e}; using defaults"),
                }),
            ),
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                match Config::parse(&text, &path) {
                    Ok(config) => (config, None),
                    Err(mut e) => {
                        e.message.push_str("; using defaults");
                        (Config::default(), Some(e))
                    }
                }
            }
        }
    }

    /// Replaces each `@name` outside quotes with the saved filter `name`,
    /// parenthesised, so `@uk -war` means `(country:gb) -war`.
    pub fn expand_saved(&self, query: &str) -> Result<String, String> {
        expand_saved(&self.filters, query)
    }

    fn validate(&self, text: &str, path: &Path) -> Result<(), ConfigError> {
        let err = |key: &str, message: String| ConfigError {
            path: path.to_path_buf(),
            line: find_key_line(text, key),
            message,
        };
        for (key, value) in [
            ("list_width", self.ui.list_width),
            ("side_width", self.ui.side_width),
        ] {
            if !(10..=80).contains(&value) {
                return Err(err(
                    key,
                    format!("{key} = {value} is out of range (10 to 80 percent)"),
                ));
            }
        }
        if self.ui.list_width + self.ui.side_width > 90 {
            return Err(err(
                "side_width",
                "list_width + side_width leave no room for the reader (at most 90)".into(),
            ));
        }
        self.fetch
            .check()
            .map_err(|(key, message)| err(key, message))?;
        if chrono::format::StrftimeItems::new(&self.ui.date_format)
            .any(|i| matches!(i, chrono::format::Item::Error))
        {
            return Err(err(
                "date_format",
                format!(
                    "date_format {:?} is not a valid strftime format",
                    self.ui.date_format
                ),
            ));
        }
        for (role, color) in &self.colors {
            let line = find_key_line_in(text, "colors", role);
            let located = |message: String| ConfigError {
                path: path.to_path_buf(),
                line,
                message,
            };
            if crate::theme::Role::from_name(role).is_none() {
                let roles: Vec<&str> = crate::theme::Role::ALL.iter().map(|r| r.name()).collect();
                return Err(located(format!(
                    "unknown colour role {role:?} (roles: {})",
                    roles.join(", ")
                )));
            }
            crate::theme::parse_color(color).map_err(|e| located(format!("{role}: {e}")))?;
        }
        for name in self.filters.keys() {
            if !valid_filter_name(name) {
                return Err(err(
                    name,
                    format!("saved filter name {name:?} may hold only letters, digits, - and _"),
                ));
            }
        }
        Ok(())
    }
}

/// Config files larger than this are refused.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads a config file: only a regular file (a FIFO would block, a device
/// like `/dev/zero` never ends), and at most [`MAX_CONFIG_BYTES`].
fn read_config_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading would wait for a writer; without blocking
    // it opens at once, and the check below refuses it.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than {} KiB",
            MAX_CONFIG_BYTES / 1024
        )));
    }
    Ok(bytes)
}

/// `text` with `name = "query"` set in its `[filters]` table, edited as a
/// TOML document so that everything else (comments, blank lines, the order
/// of keys) stays as it was: an existing entry for `name` gets the new query
/// (its trailing comment kept), otherwise the entry goes after the table's
/// last one, and a file without the table gets one at its end. A file with
/// CRLF line ends keeps them. The result is parsed back and compared with the
/// old settings, so an edit that would change anything else, or a file that
/// does not parse now, is refused rather than written.
pub fn with_saved_filter(
    text: &str,
    name: &str,
    query: &str,
    path: &Path,
) -> Result<String, ConfigError> {
    let err = |message: String| ConfigError {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    if !valid_filter_name(name) {
        return Err(err(format!(
            "saved filter name {name:?} may hold only letters, digits, - and _"
        )));
    }
    let mut expected = Config::parse(text, path).map_err(|mut e| {
        e.message
            .push_str("; fix the file before saving filters into it");
        e
    })?;
    expected.filters.insert(name.to_string(), query.to_string());
    let key = if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        name.to_string()
    } else {
        toml::Value::String(name.to_string()).to_string()
    };
    let entry = format!("{key} = {}", toml::Value::String(query.to_string()));
    let by_hand = || {
        err(format!(
            "cannot add the filter safely; add {entry} under [filters] by hand"
        ))
    };

    let crlf = text.contains("\r\n");
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|_| by_hand())?;
    if !doc.contains_key("filters") {
        let mut table = toml_edit::Table::new();
        // A blank line between the new table and the one above it.
        if !doc.as_table().is_empty() {
            table.decor_mut().set_prefix("\n");
        }
        doc.insert("filters", toml_edit::Item::Table(table));
    }
    let filters = doc
        .get_mut("filters")
        .and_then(toml_edit::Item::as_table_like_mut)
        .ok_or_else(by_hand)?;
    match filters
        .get_mut(name)
        .and_then(toml_edit::Item::as_value_mut)
    {
        Some(old) => {
            let decor = old.decor().clone();
            *old = toml_edit::Value::from(query);
            *old.decor_mut() = decor;
        }
        None => {
            filters.insert(name, toml_edit::value(query));
        }
    }
    let mut out = doc.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if crlf {
        out = out.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    match Config::parse(&out, path) {
        Ok(got) if got == expected => Ok(out),
        _ => Err(by_hand()),
    }
}

/// Saves `name = "query"` into the `[filters]` of the config file at `path`
/// (created, with its directory, when missing), keeping the rest of the
/// file. A symlinked config file is written through the link: its target
/// gets the new text and keeps its permissions, and the link stays. The
/// text goes to a temporary file beside the target, then is renamed onto
/// it, so a failure leaves the old file whole.
pub fn save_filter(path: &Path, name: &str, query: &str) -> Result<(), ConfigError> {
    let err = |message: String| ConfigError {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    let target = follow_links(path).map_err(|e| err(format!("cannot follow the link: {e}")))?;
    let (text, permissions) = match read_config_file(&target) {
        Ok(bytes) => {
            let permissions = std::fs::metadata(&target)
                .map_err(|e| err(format!("cannot read: {e}")))?
                .permissions();
            let text =
                String::from_utf8(bytes).map_err(|_| err("is not UTF-8; not changed".into()))?;
            (text, Some(permissions))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), None),
        Err(e) => return Err(err(format!("cannot read: {e}"))),
    };
    let new = with_saved_filter(&text, name, query, path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| err(format!("cannot create {}: {e}", dir.display())))?;
    write_atomically(&target, dir, new.as_bytes(), permissions).map_err(err)
}

/// The file `path` names once every symbolic link on the way is followed
/// (the last name may not exist yet: a dangling link names the file to
/// create).
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // As many links as Linux follows before giving up with ELOOP.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Writes `bytes` to a new file in `dir` with `permissions` (when given),
/// then renames it onto `target`.
fn write_atomically(
    target: &Path,
    dir: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> Result<(), String> {
    use std::io::Write;
    let base = target
        .file_name()
        .map_or_else(|| "config.toml".into(), |n| n.to_string_lossy());
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{base}.{}.{attempt}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(format!("cannot write {}: {e}", tmp.display())),
        }
    };
    let written = (|| {
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.write_all(bytes)?;
        file.sync_all()
    })();
    drop(file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {}: {e}", tmp.display()));
    }
    std::fs::rename(&tmp, target).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot replace the file: {e}")
    })
}

/// The 1-based line holding byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The 1-based line where `key` is assigned inside `[section]`, else anywhere.
fn find_key_line_in(text: &str, section: &str, key: &str) -> Option<usize> {
    let header = format!("[{section}]");
    text.lines()
        .position(|l| l.trim() == header)
        .and_then(|start| {
            let rest = text.lines().skip(start).collect::<Vec<_>>().join("\n");
            find_key_line(&rest, key).map(|l| l + start)
        })
        .or_else(|| find_key_line(text, key))
}

/// The 1-based line where `key` is assigned, for errors found after parsing.
pub fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix('"').unwrap_or(l);
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches('"').trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_parses_to_the_defaults() {
        let parsed = Config::parse(DEFAULT_TOML, Path::new("default")).unwrap();
        // The example shows one saved filter.
        let expected = Config {
            filters: parsed.filters.clone(),
            ..Config::default()
        };
        assert_eq!(parsed, expected);
        assert!(!parsed.filters.is_empty());
    }

    #[test]
    fn an_empty_file_is_all_defaults() {
        assert_eq!(
            Config::parse("", Path::new("c")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn settings_are_read() {
        let text = "[ui]\ntheme = \"light\"\nlist_width = 40\n[keys]\nquit = [\"ctrl-q\"]\n[filters]\nuk = \"country:gb\"\n";
        let c = Config::parse(text, Path::new("c")).unwrap();
        assert_eq!(c.ui.theme, ThemeName::Light);
        assert_eq!(c.ui.list_width, 40);
        assert_eq!(c.keys["quit"], ["ctrl-q"]);
        assert_eq!(c.filters["uk"], "country:gb");
    }

    #[test]
    fn bad_values_name_the_line_and_the_problem() {
        let text = "[ui]\ntheme = \"dark\"\nlist_width = \"wide\"\n";
        let e = Config::parse(text, Path::new("config.toml")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().starts_with("config.toml line 3: "), "{e}");

        let e = Config::parse("[ui]\ncolour = 1\n", Path::new("c")).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("colour"), "{e}");

        let e = Config::parse("[ui]\n\nside_width = 95\n", Path::new("c")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("out of range"));

        let e = Config::parse("[ui]\ndate_format = \"%Q\"\n", Path::new("c")).unwrap_err();
        assert_eq!(e.line, Some(2));

        let e = Config::parse("not toml at all [", Path::new("c")).unwrap_err();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn bad_colours_name_their_line_and_defaults_apply() {
        let text =
            "[ui]\ntheme = \"light\"\n\n[colors]\nperson = \"#334455\"\ndim = \"greenish\"\n";
        let e = Config::parse(text, Path::new("c")).unwrap_err();
        assert_eq!(e.line, Some(6), "{e}");
        assert!(
            e.message.contains("dim") && e.message.contains("greenish"),
            "{e}"
        );

        let e = Config::parse(
            "[ui]\n[colors]\nperson = \"red\"\nhalo = \"red\"\n",
            Path::new("c"),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.message.contains("unknown colour role \"halo\""), "{e}");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let (config, err) = Config::load(Some(&path));
        assert_eq!(config, Config::default());
        assert!(err.unwrap().to_string().contains("line 6"));
    }

    #[test]
    fn bad_widths_name_their_line() {
        let e = Config::parse("[ui]\nlist_width = 5\n", Path::new("c")).unwrap_err();
        assert_eq!(e.line, Some(2));
        let e =
            Config::parse("[ui]\nlist_width = 60\nside_width = 40\n", Path::new("c")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("no room for the reader"), "{e}");
    }

    #[test]
    fn fetch_settings_become_the_fetchers_options() {
        let c = Config::parse(
            "[fetch]\njobs = 3\ntimeout_secs = 7\nfull_text = true\n",
            Path::new("c"),
        )
        .unwrap();
        let o = c.fetch.options();
        assert_eq!(o.workers, 3);
        assert_eq!(o.total_timeout, std::time::Duration::from_secs(7));
        assert!(c.fetch.full_text);
        assert_eq!(
            Config::default().fetch.options().workers,
            crate::feeds::FetchOptions::default().workers
        );
    }

    #[test]
    fn saved_filters_expand_by_name() {
        let c = Config::parse("[filters]\nuk = \"country:gb OR c:ie\"\n", Path::new("c")).unwrap();
        assert_eq!(
            c.expand_saved("@uk -war").unwrap(),
            "(country:gb OR c:ie) -war"
        );
        assert_eq!(
            c.expand_saved("x (@uk)").unwrap(),
            "x ((country:gb OR c:ie))"
        );
        assert_eq!(c.expand_saved("\"@uk\" a@uk").unwrap(), "\"@uk\" a@uk");
        let e = c.expand_saved("@nope").unwrap_err();
        assert!(e.contains("@nope") && e.contains("@uk"), "{e}");
    }

    #[test]
    fn a_bad_file_falls_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[fetch]\njobs = 0\n").unwrap();
        let (config, err) = Config::load(Some(&path));
        assert_eq!(config, Config::default());
        let err = err.unwrap();
        assert_eq!(err.line, Some(2));
        assert!(err.message.ends_with("using defaults"));

        let (config, err) = Config::load(Some(&dir.path().join("missing.toml")));
        assert_eq!((config, err), (Config::default(), None));
    }

    #[test]
    fn saving_a_filter_keeps_the_rest_of_the_file() {
        let p = Path::new("c");
        let text = "# my settings\n[ui]\ntheme = \"light\" # I like it\n\n[filters]\n# trade news\ntrade = \"issue:trade\"\n\n# the keys\n[keys]\nquit = [\"ctrl-q\"]\n";
        let out = with_saved_filter(text, "uk", "country:gb \"a \\\"b\\\"\"", p).unwrap();
        let c = Config::parse(&out, p).unwrap();
        assert_eq!(c.filters["uk"], "country:gb \"a \\\"b\\\"\"");
        assert_eq!(c.filters["trade"], "issue:trade");
        assert_eq!(c.keys["quit"], ["ctrl-q"]);
        assert_eq!(c.ui.theme, ThemeName::Light);
        // Only one line was added, after the table's last entry.
        let added: Vec<&str> = out.lines().filter(|l| !text.contains(*l)).collect();
        assert_eq!(added.len(), 1, "{out}");
        assert!(out.contains("trade = \"issue:trade\"\nuk = "), "{out}");
        for line in text.lines() {
            assert!(out.contains(line), "lost {line:?}");
        }

        // Saving under the same name replaces the line.
        let again = with_saved_filter(&out, "uk", "country:ie", p).unwrap();
        assert_eq!(again.lines().count(), out.lines().count());
        assert_eq!(
            Config::parse(&again, p).unwrap().filters["uk"],
            "country:ie"
        );
    }

    #[test]
    fn saving_into_a_file_without_filters_adds_the_table() {
        let p = Path::new("c");
        let out = with_saved_filter("[ui]\ntheme = \"none\"", "war", "issue:war", p).unwrap();
        assert_eq!(
            out,
            "[ui]\ntheme = \"none\"\n\n[filters]\nwar = \"issue:war\"\n"
        );
        let out = with_saved_filter("", "war", "issue:war", p).unwrap();
        assert_eq!(Config::parse(&out, p).unwrap().filters["war"], "issue:war");
        // The commented default file takes a filter too.
        let out = with_saved_filter(DEFAULT_TOML, "uk", "country:gb", p).unwrap();
        let c = Config::parse(&out, p).unwrap();
        assert_eq!(c.filters.len(), 2);
        assert_eq!(out.lines().count(), DEFAULT_TOML.lines().count() + 1);
    }

    #[test]
    fn saving_keeps_crlf_line_ends() {
        let p = Path::new("c");
        let text = "# mine\r\n[filters]\r\nuk = \"c:gb\"\r\n\r\n[ui]\r\ntheme = \"none\"\r\n";
        let out = with_saved_filter(text, "war", "issue:war", p).unwrap();
        assert_eq!(
            out,
            "# mine\r\n[filters]\r\nuk = \"c:gb\"\r\nwar = \"issue:war\"\r\n\r\n[ui]\r\ntheme = \"none\"\r\n"
        );
    }

    #[test]
    fn saving_refuses_bad_names_and_broken_files() {
        let p = Path::new("c");
        assert!(with_saved_filter("", "a b", "x", p).is_err());
        assert!(with_saved_filter("", "", "x", p).is_err());
        let e = with_saved_filter("[ui]\ntheme = \"pink\"\n", "uk", "c:gb", p).unwrap_err();
        assert!(e.message.contains("before saving"), "{e}");
    }

    #[test]
    fn saving_into_dotted_or_inline_filters_keeps_their_form() {
        let p = Path::new("c");
        let out = with_saved_filter("filters.uk = \"c:gb\"\n", "fr", "c:fr", p).unwrap();
        assert_eq!(out, "filters.uk = \"c:gb\"\nfilters.fr = \"c:fr\"\n");
        let out = with_saved_filter("filters = { uk = \"c:gb\" }\n", "fr", "c:fr", p).unwrap();
        let c = Config::parse(&out, p).unwrap();
        assert_eq!(c.filters["uk"], "c:gb");
        assert_eq!(c.filters["fr"], "c:fr");
        assert_eq!(out.lines().count(), 1, "{out}");
    }

    #[test]
    fn saving_over_a_filter_keeps_its_comment_and_place() {
        let p = Path::new("c");
        let text = "[filters]\nuk = \"c:gb\"  # home\nfr = \"c:fr\"\n";
        let out = with_saved_filter(text, "uk", "c:gb OR c:ie", p).unwrap();
        assert_eq!(
            out,
            "[filters]\nuk = \"c:gb OR c:ie\"  # home\nfr = \"c:fr\"\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn save_filter_writes_through_a_symlink_and_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let is_link = |p: &Path| std::fs::symlink_metadata(p).unwrap().is_symlink();
        let dir = tempfile::tempdir().unwrap();
        let dotfiles = dir.path().join("dotfiles");
        std::fs::create_dir(&dotfiles).unwrap();
        let target = dotfiles.join("gazette.toml");
        std::fs::write(&target, "# mine\r\n[ui]\r\ntheme = \"light\"\r\n").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink("dotfiles/gazette.toml", &link).unwrap();

        save_filter(&link, "uk", "country:gb").unwrap();
        assert!(is_link(&link));
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "# mine\r\n[ui]\r\ntheme = \"light\"\r\n\r\n[filters]\r\nuk = \"country:gb\"\r\n"
        );
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // No temporary file is left beside the target.
        assert_eq!(std::fs::read_dir(&dotfiles).unwrap().count(), 1);

        // A dangling link names the file to create.
        let fresh = dir.path().join("fresh.toml");
        std::os::unix::fs::symlink("dotfiles/new.toml", &fresh).unwrap();
        save_filter(&fresh, "fr", "country:fr").unwrap();
        assert!(is_link(&fresh));
        let (c, problem) = Config::load(Some(&fresh));
        assert_eq!(problem, None);
        assert_eq!(c.filters["fr"], "country:fr");
    }

    #[test]
    fn save_filter_writes_the_file_and_creates_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gazette").join("config.toml");
        save_filter(&path, "uk", "country:gb").unwrap();
        save_filter(&path, "fr", "country:fr").unwrap();
        let (c, problem) = Config::load(Some(&path));
        assert_eq!(problem, None);
        assert_eq!(c.filters.len(), 2);
        assert_eq!(c.expand_saved("@uk").unwrap(), "(country:gb)");
        std::fs::write(&path, "[ui\n").unwrap();
        assert!(save_filter(&path, "de", "country:de").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[ui\n");
    }
}
