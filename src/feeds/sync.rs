//! Fetching subscriptions into the library: the one path `gazette fetch` and
//! the reader's background fetch share.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::Utc;

use super::{FetchError, FetchOptions, FetchResult, FetchState, Fetcher, MAX_ENTRIES, Request};
use crate::extract::Extractor;
use crate::ingest::sanitize::visible;
use crate::pipeline;
use crate::store::{Feed, FeedItem, FeedState, Library, StoreError};

/// What a fetch of several feeds did, one line per feed for the user.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub lines: Vec<String>,
    pub feeds: usize,
    pub new: usize,
    pub updated: usize,
    pub failed: usize,
    /// Each failed feed's name and why it failed, in the order fetched.
    pub failures: Vec<(String, String)>,
}

impl SyncReport {
    /// One line: the counts, then each failed feed and why.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "fetched {} feeds: {} new articles, {} updated, {} failed",
            self.feeds, self.new, self.updated, self.failed
        );
        if !self.failures.is_empty() {
            let why: Vec<String> = self
                .failures
                .iter()
                .map(|(name, err)| format!("{name}: {err}"))
                .collect();
            line.push_str(&format!(" ({})", why.join("; ")));
        }
        line
    }
}

/// A feed fetched and its entries processed, ready to store.
enum Done {
    NotModified,
    Fetched {
        state: FetchState,
        title: String,
        items: Vec<FeedItem>,
        dropped: usize,
        full_text_errors: Vec<(String, FetchError)>,
    },
    Failed(FetchError),
}

/// Fetches `feeds` in parallel and stores their entries (through clean and
/// `extractor`) in `lib`, recording each feed's state. Each feed is stored
/// in its own transaction as soon as it has been fetched and processed, so
/// a fetch that is killed or fails keeps every feed that finished before.
/// `progress(done, total)` is called as feeds are stored. A failing feed is
/// reported and never stops the others; only a library error ends the
/// whole fetch. A feed still named after its URL takes its own title.
pub fn fetch_into(
    lib: &mut Library,
    extractor: &Extractor,
    feeds: &[Feed],
    opts: FetchOptions,
    force_full_text: bool,
    progress: impl Fn(usize, usize) + Sync,
) -> Result<SyncReport, StoreError> {
    let mut requests = Vec::with_capacity(feeds.len());
    for f in feeds {
        let full_text = f.full_text || force_full_text;
        requests.push(Request {
            url: f.url.clone(),
            state: FetchState {
                etag: f.state.etag.clone(),
                last_modified: f.state.last_modified.clone(),
            },
            full_text,
            // Pages are downloaded once: entries already stored are skipped.
            known_guids: if full_text {
                lib.feed_guids(f.id)?
            } else {
                Default::default()
            },
        });
    }
    let fetcher = Fetcher::new(opts);
    let workers = fetcher.options().workers.clamp(1, requests.len().max(1));
    let next = AtomicUsize::new(0);
    let mut report = SyncReport {
        feeds: feeds.len(),
        ..SyncReport::default()
    };
    let mut lines: Vec<Vec<String>> = vec![Vec::new(); feeds.len()];
    std::thread::scope(|scope| -> Result<(), StoreError> {
        let (tx, rx) = mpsc::channel::<(usize, Done)>();
        for _ in 0..workers {
            let tx = tx.clone();
            let (fetcher, requests, next) = (&fetcher, &requests, &next);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(request) = requests.get(i) else {
                        break;
                    };
                    let done = process(extractor, request, fetcher.fetch(request));
                    // The receiver is gone when storing failed: stop.
                    if tx.send((i, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (stored, (i, done)) in rx.into_iter().enumerate() {
            store(lib, &feeds[i], done, &mut report, &mut lines[i])?;
            progress(stored + 1, feeds.len());
        }
        Ok(())
    })?;
    report.lines = lines.into_iter().flatten().collect();
    Ok(report)
}

/// Turns a fetch into what [`store`] writes (on a worker thread: the
/// extraction is most of a feed's time after the download).
fn process(
    extractor: &Extractor,
    request: &Request,
    fetched: Result<FetchResult, FetchError>,
) -> Done {
    match fetched {
        Ok(FetchResult::NotModified) => Done::NotModified,
        Ok(FetchResult::Fetched {
            state,
            feed: parsed,
            full_text_errors,
            ..
        }) => {
            let dropped = parsed.dropped;
            // A known entry of a full-text feed came with only its summary
            // this time: keep the full text already stored.
            let items = parsed
                .entries
                .into_iter()
                .filter(|e| !request.known_guids.contains(&e.guid))
                .map(|e| FeedItem {
                    guid: Some(e.guid),
                    processed: pipeline::process(extractor, e.article),
                })
                .collect();
            Done::Fetched {
                state,
                title: parsed.title,
                items,
                dropped,
                full_text_errors,
            }
        }
        Err(err) => Done::Failed(err),
    }
}

/// Stores one fetched feed in its own transaction and records its state.
fn store(
    lib: &mut Library,
    feed: &Feed,
    done: Done,
    report: &mut SyncReport,
    lines: &mut Vec<String>,
) -> Result<(), StoreError> {
    let now = Some(Utc::now());
    let mut name = visible(&feed.name).into_owned();
    match done {
        Done::NotModified => {
            let state = FeedState {
                last_fetch: now,
                status: Some(304),
                error: None,
                ..feed.state.clone()
            };
            lib.update_feed_state(feed.id, &state)?;
            lines.push(format!("{name}: not modified"));
        }
        Done::Fetched {
            state,
            title,
            items,
            dropped,
            full_text_errors,
        } => {
            if let Some(named) = lib.name_feed_from_title(feed.id, &title)? {
                name = visible(&named).into_owned();
            }
            let counts = lib.import_feed_items(feed.id, &items)?;
            let state = FeedState {
                etag: state.etag,
                last_modified: state.last_modified,
                last_fetch: now,
                status: Some(200),
                error: None,
            };
            lib.update_feed_state(feed.id, &state)?;
            report.new += counts.new;
            report.updated += counts.updated;
            lines.push(format!(
                "{name}: {} entries, {} new, {} updated",
                items.len(),
                counts.new,
                counts.updated
            ));
            if dropped > 0 {
                lines.push(format!(
                    "{name}: {dropped} more entries not read (a feed is read up to {MAX_ENTRIES} entries)"
                ));
            }
            for (url, err) in full_text_errors {
                lines.push(format!(
                    "{name}: full text of {} not read: {err}",
                    visible(&url)
                ));
            }
        }
        Done::Failed(err) => {
            report.failed += 1;
            let status = match &err {
                FetchError::Status { code } => Some(*code),
                _ => None,
            };
            let state = FeedState {
                last_fetch: now,
                status,
                error: Some(err.to_string()),
                ..feed.state.clone()
            };
            lib.update_feed_state(feed.id, &state)?;
            let why = visible(&err.to_string()).into_owned();
            lines.push(format!("{name}: failed: {why}"));
            report.failures.push((name, why));
        }
    }
    Ok(())
}
