//! The first three stages on one article: clean it, then extract from it;
//! and the same over many files on every core, in file order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::article::Article;
use crate::clean;
use crate::extract::{Entities, Extractor};
use crate::ingest::{self, Outcome, Skip, Warning};

/// An article after clean and extract.
#[derive(Debug, Clone)]
pub struct Processed {
    pub article: Article,
    pub entities: Entities,
    /// The paragraphs clean removed, with the rule that removed each.
    pub removed: Vec<clean::Removed>,
}

/// Cleans `article` and extracts its entities with `extractor`.
pub fn process(extractor: &Extractor, mut article: Article) -> Processed {
    let removed = clean::clean(&mut article);
    let entities = extractor.extract(&article);
    Processed {
        article,
        entities,
        removed,
    }
}

/// What one file gave after the pipeline. (Mostly `Read`, so boxing it would
/// only add an allocation per article.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum FileResult {
    Read {
        processed: Processed,
        warnings: Vec<Warning>,
    },
    /// A feed file: every entry, in the feed's order.
    Feed {
        processed: Vec<Processed>,
        warnings: Vec<Warning>,
    },
    Skipped(Skip),
}

/// Reads and processes one file.
pub fn process_file(extractor: &Extractor, path: &Path) -> FileResult {
    match ingest::read_file(path) {
        Outcome::Read { article, warnings } => FileResult::Read {
            processed: process(extractor, article),
            warnings,
        },
        Outcome::Feed { articles, warnings } => FileResult::Feed {
            processed: articles
                .into_iter()
                .map(|a| process(extractor, a))
                .collect(),
            warnings,
        },
        Outcome::Skipped(skip) => FileResult::Skipped(skip),
    }
}

/// Files a worker takes at a time: large enough to amortise the channel,
/// small enough to keep both cores busy to the end.
const CHUNK: usize = 32;

/// Reads and processes `files` on all cores, handing each result to `each`
/// in file order on the calling thread. Stops early when `each` fails.
pub fn process_files<E>(
    extractor: &Extractor,
    files: &[PathBuf],
    mut each: impl FnMut(&Path, FileResult) -> Result<(), E>,
) -> Result<(), E> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads == 1 || files.len() <= CHUNK {
        for file in files {
            each(file, process_file(extractor, file))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<(usize, Vec<FileResult>)>(threads * 2);
        for _ in 0..threads {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let chunk = next.fetch_add(1, Ordering::Relaxed);
                    let Some(slice) = files.chunks(CHUNK).nth(chunk) else {
                        break;
                    };
                    let results = slice.iter().map(|f| process_file(extractor, f)).collect();
                    // The receiver is gone when `each` failed: stop quietly.
                    if tx.send((chunk, results)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        for (chunk, results) in rx {
            pending.insert(chunk, results);
            while let Some(results) = pending.remove(&want) {
                for (i, result) in results.into_iter().enumerate() {
                    each(&files[want * CHUNK + i], result)?;
                }
                want += 1;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_file_order_and_errors_stop_early() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..200)
            .map(|i| {
                let path = dir.path().join(format!("{i:03}.txt"));
                let text = if i == 7 {
                    "\0".to_string()
                } else {
                    format!("Title {i}\n\nBody {i}.")
                };
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let mut seen = Vec::new();
        process_files::<()>(Extractor::builtin(), &files, |path, result| {
            match result {
                FileResult::Read { processed, .. } => {
                    assert_eq!(processed.article.source, path.to_string_lossy())
                }
                FileResult::Skipped(skip) => assert!(matches!(skip, Skip::Binary { .. })),
                FileResult::Feed { .. } => panic!("no feed here"),
            }
            seen.push(path.to_path_buf());
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, files);

        let mut count = 0;
        let stopped = process_files(Extractor::builtin(), &files, |_, _| {
            count += 1;
            if count == 50 { Err("stop") } else { Ok(()) }
        });
        assert_eq!((stopped, count), (Err("stop"), 50));
    }
}
