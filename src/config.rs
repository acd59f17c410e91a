//! The configuration file: `$XDG_CONFIG_HOME/gazette/config.toml`.
//!
//! Every setting has a default, so a missing file is an empty config. A file
//! that does not parse is reported with its line and the problem, and gazette
//! starts on defaults rather than refusing to start. `gazette config
//! --default` prints [`DEFAULT_TOML`], a full commented example.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

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
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Extra {
    /// Files of extra people (the format of `assets/people.tsv`), relative to the config directory.
    pub people: Vec<PathBuf>,
    /// Files of extra issues (the format of `assets/issues.toml`), relative to the config directory.
    pub issues: Vec<PathBuf>,
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

impl Fetch {
    /// The fetcher's options with these settings.
    pub fn options(&self) -> crate::feeds::FetchOptions {
        crate::feeds::FetchOptions {
            workers: self.jobs.max(1),
            total_timeout: std::time::Duration::from_secs(self.timeout_secs.max(1)),
            ..crate::feeds::FetchOptions::default()
        }
    }
}

impl Default for Fetch {
    fn default() -> Self {
        Fetch {
            jobs: 8,
            timeout_secs: 30,
            full_text: false,
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
        match std::fs::read(&path) {
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
        if !(1..=64).contains(&self.fetch.jobs) {
            return Err(err(
                "jobs",
                format!("jobs = {} is out of range (1 to 64)", self.fetch.jobs),
            ));
        }
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
            if crate::tui::Role::from_name(role).is_none() {
                let roles: Vec<&str> = crate::tui::Role::ALL.iter().map(|r| r.name()).collect();
                return Err(located(format!(
                    "unknown colour role {role:?} (roles: {})",
                    roles.join(", ")
                )));
            }
            crate::tui::parse_color(color).map_err(|e| located(format!("{role}: {e}")))?;
        }
        for name in self.filters.keys() {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            {
                return Err(err(
                    name,
                    format!("saved filter name {name:?} may hold only letters, digits, - and _"),
                ));
            }
        }
        Ok(())
    }
}

/// Replaces each `@name` outside quotes with the saved filter `name` from
/// `filters`, parenthesised: `@uk -war` means `(country:gb) -war`.
pub fn expand_saved(filters: &BTreeMap<String, String>, query: &str) -> Result<String, String> {
    let mut out = String::with_capacity(query.len());
    let mut in_quotes = false;
    let mut chars = query.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at_word_start = i == 0 || query[..i].ends_with([' ', '(']);
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == '@' && !in_quotes && at_word_start {
            let rest = &query[i + 1..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..end];
            let Some(saved) = filters.get(name) else {
                let known: Vec<String> = filters.keys().map(|k| format!("@{k}")).collect();
                return Err(format!(
                    "no saved filter @{name} (saved: {})",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ));
            };
            out.push('(');
            out.push_str(saved);
            out.push(')');
            for _ in 0..name.chars().count() {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    Ok(out)
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
}
