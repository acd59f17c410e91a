//! Where gazette keeps its files, following the XDG base-directory spec.

use std::path::PathBuf;

/// `$XDG_DATA_HOME/gazette`, or `~/.local/share/gazette`.
pub fn data_dir() -> Option<PathBuf> {
    xdg_dir("XDG_DATA_HOME", ".local/share")
}

/// `$XDG_CONFIG_HOME/gazette`, or `~/.config/gazette`.
pub fn config_dir() -> Option<PathBuf> {
    xdg_dir("XDG_CONFIG_HOME", ".config")
}

/// The default library: `<data dir>/library.db`.
pub fn default_library() -> Option<PathBuf> {
    data_dir().map(|d| d.join("library.db"))
}

/// The default configuration file: `<config dir>/config.toml`.
pub fn default_config() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.toml"))
}

fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    // The spec says relative values are invalid and must be ignored.
    let from_env = std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = from_env.or_else(|| {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .map(|h| h.join(fallback))
    })?;
    Some(base.join("gazette"))
}
