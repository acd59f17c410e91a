//! Ingest: files and directories into [`Article`]s.
//!
//! Reading is defensive: one bad file never stops the others. Each path yields
//! an [`Outcome`] — an article (with any warnings, such as a lossy decode) or
//! a [`Skip`] that says why the file was not read. Text is sanitised here, so
//! later stages and the terminal never see control characters.

pub mod html;
pub mod markdown;
pub mod read;
pub mod sanitize;
pub mod text;

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::article::Article;
pub use read::Reader;

/// Files larger than this are refused rather than read.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The formats ingest understands, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    /// RSS, Atom or JSON Feed: one file, many articles.
    Feed,
}

impl Format {
    /// The format for a path's extension, if it is one ingest reads.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" | "mdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "xml" | "rss" | "atom" | "json" => Some(Format::Feed),
            _ => None,
        }
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum Skip {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: skipped, {size} bytes is over the {limit}-byte limit")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}: skipped, it looks binary (contains NUL bytes)")]
    Binary { path: PathBuf },
    #[error("{path}: skipped, no text in it")]
    Empty { path: PathBuf },
    #[error("{path}: not a readable feed: {source}")]
    Feed {
        path: PathBuf,
        #[source]
        source: crate::feeds::FeedError,
    },
}

/// A problem that did not stop the file from being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Invalid UTF-8 was replaced with U+FFFD.
    LossyUtf8 { path: PathBuf, invalid_bytes: usize },
    /// A feed file past [`crate::feeds::MAX_ENTRIES`]: its first entries were read.
    FeedCapped { path: PathBuf, dropped: usize },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::LossyUtf8 {
                path,
                invalid_bytes,
            } => write!(
                f,
                "{}: not valid UTF-8, {invalid_bytes} invalid byte(s) replaced",
                path.display()
            ),
            Warning::FeedCapped { path, dropped } => write!(
                f,
                "{}: {dropped} more entries not read (a feed is read up to {} entries)",
                path.display(),
                crate::feeds::MAX_ENTRIES
            ),
        }
    }
}

/// What reading one file gave.
#[derive(Debug)]
pub enum Outcome {
    Read {
        article: Article,
        warnings: Vec<Warning>,
    },
    /// A feed file: every entry, in the feed's order.
    Feed {
        articles: Vec<Article>,
        warnings: Vec<Warning>,
    },
    Skipped(Skip),
}

/// Reads one file of a known or guessed format.
///
/// A file named explicitly with an unknown extension is read as plain text.
pub fn read_file(path: &Path) -> Outcome {
    read_file_with(&mut Reader::new(), path)
}

/// [`read_file`] with `reader`, which many files in a row should share.
pub fn read_file_with(reader: &mut Reader, path: &Path) -> Outcome {
    match reader.read(path) {
        Ok(bytes) => parse_file(path, bytes),
        Err(skip) => Outcome::Skipped(skip),
    }
}

/// [`read_file`] once the file's bytes are read.
fn parse_file(path: &Path, bytes: &[u8]) -> Outcome {
    let format = Format::of(path).unwrap_or(Format::Text);
    let source = path.to_string_lossy().into_owned();
    if format == Format::Feed {
        return match crate::feeds::parse_feed(bytes, None) {
            Ok(feed) if feed.entries.is_empty() => Outcome::Skipped(Skip::Empty {
                path: path.to_path_buf(),
            }),
            Ok(feed) => Outcome::Feed {
                warnings: (feed.dropped > 0)
                    .then(|| Warning::FeedCapped {
                        path: path.to_path_buf(),
                        dropped: feed.dropped,
                    })
                    .into_iter()
                    .collect(),
                articles: feed.entries.into_iter().map(|e| e.article).collect(),
            },
            Err(source) => Outcome::Skipped(Skip::Feed {
                path: path.to_path_buf(),
                source,
            }),
        };
    }
    match parse_bytes(&source, format, bytes) {
        Ok((article, warnings)) => Outcome::Read { article, warnings },
        Err(skip) => Outcome::Skipped(skip),
    }
}

/// Every article of a feed file (RSS, Atom or JSON Feed), whatever its name.
pub fn read_feed_file(path: &Path) -> Result<Vec<Article>, Skip> {
    let mut reader = Reader::new();
    crate::feeds::parse_feed(reader.read(path)?, None)
        .map(|feed| feed.entries.into_iter().map(|e| e.article).collect())
        .map_err(|source| Skip::Feed {
            path: path.to_path_buf(),
            source,
        })
}

/// Parses the bytes of one file. `source` names it (and fixes its id).
pub fn parse_bytes(
    source: &str,
    format: Format,
    bytes: &[u8],
) -> Result<(Article, Vec<Warning>), Skip> {
    let path = PathBuf::from(source);
    if bytes.contains(&0) {
        return Err(Skip::Binary { path });
    }
    let mut warnings = Vec::new();
    let text = decode(bytes, &path, &mut warnings);
    let text = sanitize::clean_text(&text);
    let article = match format {
        Format::Text => text::parse_sanitized(source, &text),
        Format::Markdown => markdown::parse(source, &text),
        Format::Html => html::parse(source, &text),
        // Callers route feeds to `feeds::parse_feed`; as one article, a feed
        // file is its text.
        Format::Feed => text::parse_sanitized(source, &text),
    };
    if article.title.is_empty() && article.paragraphs.is_empty() {
        return Err(Skip::Empty { path });
    }
    Ok((article, warnings))
}

/// Decodes UTF-8, replacing invalid bytes and noting how many there were.
/// A UTF-8 byte-order mark is dropped. Valid text is borrowed, not copied.
fn decode<'a>(bytes: &'a [u8], path: &Path, warnings: &mut Vec<Warning>) -> Cow<'a, str> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let invalid_bytes = text.matches('\u{fffd}').count();
            warnings.push(Warning::LossyUtf8 {
                path: path.to_path_buf(),
                invalid_bytes,
            });
            Cow::Owned(text)
        }
    }
}

/// Expands paths into the files to read: files as given, directories
/// recursively in name order (only files of a known format, no hidden ones).
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skip>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut errors);
        } else {
            files.push(path.clone());
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Skip>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            errors.push(Skip::Io {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    // The entry's own type, read with the directory, saves a stat per file;
    // a symbolic link (or an unknown type) is followed as `is_dir` does.
    let mut children: Vec<(std::ffi::OsString, PathBuf, bool)> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                return None;
            }
            let path = e.path();
            let dir = match e.file_type() {
                Ok(t) if !t.is_symlink() => t.is_dir(),
                _ => path.is_dir(),
            };
            Some((name, path, dir))
        })
        .collect();
    // Siblings differ only in their names: comparing those is comparing the
    // paths. The names are kept beside the paths because taking a path's
    // `file_name()` parses its components, once per comparison.
    children.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (_, child, dir) in children {
        if dir {
            walk(&child, files, errors);
        } else if Format::of(&child).is_some() {
            files.push(child);
        }
    }
}

/// Parses a date as written in front matter or feeds: RFC 3339, RFC 2822,
/// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]`.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim().trim_matches(|c| c == '"' || c == '\'');
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Some(d.and_utc());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn invalid_utf8_is_read_lossily_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "a.txt", b"Price\n\nIt cost \xa3300 today.");
        let Outcome::Read { article, warnings } = read_file(&path) else {
            panic!("not read")
        };
        assert_eq!(article.paragraphs, ["It cost \u{fffd}300 today."]);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].to_string().contains("1 invalid byte"));
    }

    #[test]
    fn binary_and_empty_files_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let bin = write(dir.path(), "b.txt", b"ELF\0\0\x01");
        assert!(matches!(
            read_file(&bin),
            Outcome::Skipped(Skip::Binary { .. })
        ));
        let empty = write(dir.path(), "e.txt", b" \n\n \t\n");
        assert!(matches!(
            read_file(&empty),
            Outcome::Skipped(Skip::Empty { .. })
        ));
        let missing = dir.path().join("nope.txt");
        let Outcome::Skipped(skip) = read_file(&missing) else {
            panic!("read a missing file")
        };
        assert!(skip.to_string().contains("nope.txt"));
    }

    #[test]
    fn files_over_the_limit_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        let f = fs::File::create(&path).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        let Outcome::Skipped(skip) = read_file(&path) else {
            panic!("read a huge file")
        };
        assert!(matches!(skip, Skip::TooLarge { .. }));
        assert!(skip.to_string().contains("limit"));
    }

    #[test]
    fn control_characters_never_reach_the_article() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "x.txt",
            b"Ti\x1b]0;owned\x07tle\n\nBody\x1b[2J with\tbell\x07.",
        );
        let Outcome::Read { article, .. } = read_file(&path) else {
            panic!("not read")
        };
        assert_eq!(article.title, "Title");
        assert_eq!(article.paragraphs, ["Body with bell."]);
    }

    #[test]
    fn directories_are_walked_recursively_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b/2.txt", b"x");
        write(dir.path(), "b/1.md", b"x");
        write(dir.path(), "a.txt", b"x");
        write(dir.path(), "c.jpg", b"x");
        write(dir.path(), ".hidden.txt", b"x");
        let (files, errors) = expand_paths(&[dir.path().to_path_buf()]);
        assert!(errors.is_empty());
        let names: Vec<_> = files
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.txt", "b/1.md", "b/2.txt"]);
    }

    #[test]
    fn dates_in_common_forms() {
        let d = parse_date("2024-09-01").unwrap();
        assert_eq!(d.to_rfc3339(), "2024-09-01T00:00:00+00:00");
        assert!(parse_date("2024-09-01T10:00:00+02:00").is_some());
        assert!(parse_date("Sun, 01 Sep 2024 10:00:00 GMT").is_some());
        assert!(parse_date("\"2024-09-01 10:30\"").is_some());
        assert!(parse_date("yesterday").is_none());
    }
}
