//! The first three stages on one article: clean it, then extract from it;
//! and the same over many files on every core, in file order.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError, mpsc};

use crate::article::Article;
use crate::clean;
use crate::extract::{Entities, Extractor};
use crate::ingest::{self, Outcome, Reader, Skip, Warning};

/// An article after clean and extract.
#[derive(Debug, Clone)]
pub struct Processed {
    pub article: Article,
    pub entities: Entities,
    /// The paragraphs clean removed, with the rule that removed each.
    pub removed: Vec<clean::Removed>,
}

/// Longest paragraph handed on, in bytes. Extraction compares mentions
/// within a paragraph pairwise, so a file that is one 15 MiB line took hours;
/// longer paragraphs are split, at a sentence end where there is one. Real
/// paragraphs are far shorter.
pub const MAX_PARAGRAPH: usize = 8 * 1024;

/// Longest title kept, in bytes; a longer one is cut and ends in '…'.
pub const MAX_TITLE: usize = 1024;

/// Cleans `article` and extracts its entities with `extractor`.
pub fn process(extractor: &Extractor, mut article: Article) -> Processed {
    bound(&mut article);
    let removed = clean::clean(&mut article);
    let entities = extractor.extract(&article);
    Processed {
        article,
        entities,
        removed,
    }
}

/// Cuts an over-long title and splits over-long paragraphs, so every later
/// stage works on units of bounded size whatever the input.
fn bound(article: &mut Article) {
    if article.title.len() > MAX_TITLE {
        let cut = article
            .title
            .floor_char_boundary(MAX_TITLE - '…'.len_utf8());
        article.title.truncate(cut);
        article.title.push('…');
    }
    if article.paragraphs.iter().any(|p| p.len() > MAX_PARAGRAPH) {
        let mut split = Vec::with_capacity(article.paragraphs.len());
        for p in std::mem::take(&mut article.paragraphs) {
            if p.len() <= MAX_PARAGRAPH {
                split.push(p);
            } else {
                split_paragraph(&p, &mut split);
            }
        }
        article.paragraphs = split;
    }
}

/// Pushes `p` in pieces of at most [`MAX_PARAGRAPH`] bytes, each ending at a
/// sentence end or else a space in its second half, else mid-word.
fn split_paragraph(mut p: &str, out: &mut Vec<String>) {
    while p.len() > MAX_PARAGRAPH {
        let limit = p.floor_char_boundary(MAX_PARAGRAPH);
        let head = &p[..limit];
        let cut = head
            .rfind(". ")
            .map(|i| i + 1)
            .or_else(|| head.rfind(' '))
            .filter(|&i| i > limit / 2)
            .unwrap_or(limit);
        let piece = p[..cut].trim_end();
        if !piece.is_empty() {
            out.push(piece.to_string());
        }
        p = p[cut..].trim_start();
    }
    let p = p.trim_end();
    if !p.is_empty() {
        out.push(p.to_string());
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

/// Reads one file with `reader` (which many files in a row should share)
/// and processes it.
pub fn process_file_with(extractor: &Extractor, reader: &mut Reader, path: &Path) -> FileResult {
    match ingest::read_file_with(reader, path) {
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

/// Most files a worker takes at a time: enough to amortise the channel.
const CHUNK: usize = 32;

/// How many files a worker takes when `left` are not yet taken by any: a
/// share of what is left that shrinks towards the end (guided scheduling),
/// so the workers run out of files at about the same time instead of one
/// finishing a whole chunk alone.
fn take(left: usize, threads: usize) -> usize {
    (left / (4 * threads)).clamp(1, CHUNK)
}

/// Reads and processes `files` on all cores, handing each result to `each`
/// in file order on the calling thread. Stops early when `each` fails.
pub fn process_files<E>(
    extractor: &Extractor,
    files: &[PathBuf],
    each: impl FnMut(&Path, FileResult) -> Result<(), E>,
) -> Result<(), E> {
    process_files_then(extractor, files, |_, result| result, each)
}

/// How many threads read and process files.
fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// Takes the next run of files no worker has taken from `next`: its range
/// in `files`, or `None` when every file is taken.
fn take_run(next: &AtomicUsize, files: usize, threads: usize) -> Option<Range<usize>> {
    let from = next
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |from| {
            (from < files).then(|| from + take(files - from, threads))
        })
        .ok()?;
    Some(from..from + take(files - from, threads))
}

/// [`process_files`], with `then` applied to each result on the worker that
/// made it: what it returns goes to `each`. Work done there (turning an
/// article into output bytes, say) runs on every core, and the article is
/// freed by the thread that allocated it.
pub fn process_files_then<T: Send, E>(
    extractor: &Extractor,
    files: &[PathBuf],
    then: impl Fn(&Path, FileResult) -> T + Sync,
    mut each: impl FnMut(&Path, T) -> Result<(), E>,
) -> Result<(), E> {
    let threads = threads();
    if threads == 1 || files.len() <= CHUNK {
        return process_files_here(extractor, files, then, each);
    }
    // The first file no worker has taken yet.
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<(usize, Vec<T>)>(threads * 2);
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, then) = (&next, &then);
            scope.spawn(move || {
                let mut reader = Reader::new();
                while let Some(run) = take_run(next, files.len(), threads) {
                    let from = run.start;
                    let results = files[run]
                        .iter()
                        .map(|f| then(f, process_file_with(extractor, &mut reader, f)))
                        .collect();
                    // The receiver is gone when `each` failed: stop quietly.
                    if tx.send((from, results)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Runs of results by their first file, handed on in file order.
        let mut pending = BTreeMap::new();
        let mut want = 0;
        for (from, results) in rx {
            pending.insert(from, results);
            while let Some(results) = pending.remove(&want) {
                for result in results {
                    each(&files[want], result)?;
                    want += 1;
                }
            }
        }
        Ok(())
    })
}

/// [`process_files_then`] with `each` called on the workers: the one that
/// completes the next run of results in file order hands them on, under a
/// lock, so the order is the same. The calling thread is one of the workers.
///
/// Where `each` can run on any thread (writing output, say), this saves
/// waking a thread for every run of results: on two cores, each wake-up
/// interrupted a worker, hundreds of times a corpus.
pub fn process_files_in_order<T: Send, E: Send>(
    extractor: &Extractor,
    files: &[PathBuf],
    then: impl Fn(&Path, FileResult) -> T + Sync,
    each: impl FnMut(&Path, T) -> Result<(), E> + Send,
) -> Result<(), E> {
    let threads = threads();
    if threads == 1 || files.len() <= CHUNK {
        return process_files_here(extractor, files, then, each);
    }
    /// Results waiting for an earlier run, and the consumer.
    struct Order<T, F, E> {
        /// Runs of results by their first file.
        pending: BTreeMap<usize, Vec<T>>,
        /// The first file not yet handed to `each`.
        want: usize,
        each: F,
        failed: Option<E>,
    }
    let order = Mutex::new(Order {
        pending: BTreeMap::new(),
        want: 0,
        each,
        failed: None,
    });
    let next = AtomicUsize::new(0);
    let work = || {
        let mut reader = Reader::new();
        while let Some(run) = take_run(&next, files.len(), threads) {
            let from = run.start;
            let results: Vec<T> = files[run]
                .iter()
                .map(|f| then(f, process_file_with(extractor, &mut reader, f)))
                .collect();
            // A panic elsewhere poisons the lock; the scope re-raises it.
            let mut order = order.lock().unwrap_or_else(PoisonError::into_inner);
            if order.failed.is_some() {
                return;
            }
            order.pending.insert(from, results);
            let order = &mut *order;
            while let Some(results) = order.pending.remove(&order.want) {
                for result in results {
                    if let Err(e) = (order.each)(&files[order.want], result) {
                        order.failed = Some(e);
                        order.pending.clear();
                        return;
                    }
                    order.want += 1;
                }
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    let order = order.into_inner().unwrap_or_else(PoisonError::into_inner);
    order.failed.map_or(Ok(()), Err)
}

/// Every file on the calling thread, in order.
fn process_files_here<T, E>(
    extractor: &Extractor,
    files: &[PathBuf],
    then: impl Fn(&Path, FileResult) -> T,
    mut each: impl FnMut(&Path, T) -> Result<(), E>,
) -> Result<(), E> {
    let mut reader = Reader::new();
    for file in files {
        each(
            file,
            then(file, process_file_with(extractor, &mut reader, file)),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_titles_are_cut_and_huge_paragraphs_split_losing_no_word() {
        let sentence = "Keir Starmer met officials in France and Germany about trade. ";
        let line = sentence.repeat(400); // 25 KB, one paragraph
        let mut nospace = "é".repeat(20_000);
        nospace.push_str(" tail");
        let title = "Ünïcode title ".repeat(100_000);
        let article = Article::new(
            "huge",
            title,
            vec![line.clone(), "Short.".into(), nospace.clone()],
        );
        let p = process(Extractor::builtin(), article);
        let a = &p.article;
        assert!(
            a.title.len() <= MAX_TITLE && a.title.ends_with('…'),
            "{}",
            a.title.len()
        );
        assert!(a.title.starts_with("Ünïcode title Ünïcode"));
        assert!(a.paragraphs.len() > line.len() / MAX_PARAGRAPH);
        assert!(a.paragraphs.iter().all(|p| p.len() <= MAX_PARAGRAPH));
        // Sentence ends are preferred: every piece of the long line is whole sentences.
        let pieces: Vec<&String> = a
            .paragraphs
            .iter()
            .take_while(|p| p.as_str() != "Short.")
            .collect();
        for p in &pieces {
            assert!(
                p.starts_with("Keir") && p.ends_with("trade."),
                "{p:.80}…{}",
                &p[p.len().saturating_sub(40)..]
            );
        }
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let joined: Vec<String> = pieces.iter().flat_map(|p| words(p)).collect();
        assert_eq!(joined, words(&line));
        // Text without spaces is cut on character boundaries, nothing dropped.
        let rest: String = a
            .paragraphs
            .iter()
            .filter(|p| p.starts_with('é'))
            .map(|p| p.replace(' ', ""))
            .collect();
        assert!(
            rest == nospace.replace(' ', ""),
            "{} bytes of {}",
            rest.len(),
            nospace.len()
        );
        assert!(p.entities.people.iter().any(|x| x.name.contains("Starmer")));
    }

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
        let check = |path: &Path, result: FileResult| match result {
            FileResult::Read { processed, .. } => {
                assert_eq!(processed.article.source, path.to_string_lossy())
            }
            FileResult::Skipped(skip) => assert!(matches!(skip, Skip::Binary { .. })),
            FileResult::Feed { .. } => panic!("no feed here"),
        };
        let mut seen = Vec::new();
        process_files::<()>(Extractor::builtin(), &files, |path, result| {
            check(path, result);
            seen.push(path.to_path_buf());
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, files);
        // Handed on by the workers: the same order.
        let mut seen = Vec::new();
        process_files_in_order::<_, ()>(Extractor::builtin(), &files, check, |path, ()| {
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
        let mut count = 0;
        let stopped = process_files_in_order(Extractor::builtin(), &files, check, |_, ()| {
            count += 1;
            if count == 50 { Err("stop") } else { Ok(()) }
        });
        assert_eq!((stopped, count), (Err("stop"), 50));
    }
}
