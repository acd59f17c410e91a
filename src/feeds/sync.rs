//! Fetching subscriptions into the library: the one path `gazette fetch` and
//! the reader's background fetch share.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::Utc;

use super::{
    Entry, FetchError, FetchOptions, FetchResult, FetchState, Fetcher, MAX_ENTRIES, Request,
};
use crate::extract::Extractor;
use crate::ingest::sanitize::visible;
use crate::pipeline;
use crate::store::{Feed, FeedItem, FeedState, ImportCounts, Library, StoreError};

/// Full-text entries waiting to be stored: few, so pages never pile up in
/// memory when storing is slower than downloading.
const PAGE_QUEUE: usize = 4;

/// A library error that ended a fetch, with what earlier writes of the same
/// fetch had already stored (those are kept).
/// Its message holds the library error's, so the error is not also given
/// as its source (which would print it twice).
#[derive(Debug, thiserror::Error)]
#[error("{error}; stored before the failure and kept: {kept}")]
pub struct SyncError {
    pub error: StoreError,
    pub kept: String,
}

/// What a fetch of several feeds did, one line per feed for the user.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub lines: Vec<String>,
    pub feeds: usize,
    pub new: usize,
    pub updated: usize,
    pub failed: usize,
}

impl SyncReport {
    pub fn summary(&self) -> String {
        format!(
            "fetched {} feeds: {} new articles, {} updated, {} failed",
            self.feeds, self.new, self.updated, self.failed
        )
    }
}

/// Fetches `feeds` in parallel and stores their entries (through clean and
/// `extractor`) in `lib`, recording each feed's state. `progress(done, total)` is
/// called from worker threads as feeds finish. A failing feed is reported and
/// never stops the others; only a library error ends the whole fetch.
pub fn fetch_into(
    lib: &mut Library,
    extractor: &Extractor,
    feeds: &[Feed],
    opts: FetchOptions,
    force_full_text: bool,
    progress: impl Fn(usize, usize) + Sync,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport {
        feeds: feeds.len(),
        ..SyncReport::default()
    };
    let mut stored_feeds = HashSet::new();
    store_fetched(
        lib,
        extractor,
        feeds,
        opts,
        force_full_text,
        progress,
        &mut report,
        &mut stored_feeds,
    )
    .map_err(|error| SyncError {
        error,
        kept: format!(
            "{} new articles and {} updated, from {} feeds",
            report.new,
            report.updated,
            stored_feeds.len()
        ),
    })?;
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
fn store_fetched(
    lib: &mut Library,
    extractor: &Extractor,
    feeds: &[Feed],
    opts: FetchOptions,
    force_full_text: bool,
    progress: impl Fn(usize, usize) + Sync,
    report: &mut SyncReport,
    stored_feeds: &mut HashSet<usize>,
) -> Result<(), StoreError> {
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
    let done = AtomicUsize::new(0);
    let fetcher = Fetcher::new(opts);
    // Full-text entries are stored one by one as their pages come, here on
    // this thread (which owns the library) while the fetch runs on others.
    let mut paged_counts = vec![ImportCounts::default(); feeds.len()];
    let mut store_error = None;
    let reports = std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<(usize, Entry)>(PAGE_QUEUE);
        let requests = &requests;
        let fetcher = &fetcher;
        let done = &done;
        let progress = &progress;
        let worker = scope.spawn(move || {
            fetcher.fetch_all_with(
                requests,
                |_| progress(done.fetch_add(1, Ordering::Relaxed) + 1, requests.len()),
                &|feed, _, entry| {
                    // Only fails once the receiver is gone, when nothing is stored any more.
                    let _ = tx.send((feed, entry));
                },
            )
        });
        for (i, entry) in rx {
            if store_error.is_some() {
                continue;
            }
            let item = FeedItem {
                guid: Some(entry.guid),
                processed: pipeline::process(extractor, entry.article),
            };
            match lib.import_feed_items(feeds[i].id, std::slice::from_ref(&item)) {
                Ok(counts) => {
                    stored_feeds.insert(i);
                    report.new += counts.new;
                    report.updated += counts.updated;
                    paged_counts[i].new += counts.new;
                    paged_counts[i].updated += counts.updated;
                }
                Err(e) => store_error = Some(e),
            }
        }
        worker.join()
    });
    if let Some(e) = store_error {
        return Err(e);
    }
    let reports = reports.unwrap_or_else(|panic| std::panic::resume_unwind(panic));

    for (i, ((feed, fetched), request)) in feeds.iter().zip(reports).zip(&requests).enumerate() {
        let now = Some(Utc::now());
        let name = visible(&feed.name).into_owned();
        match fetched.result {
            Ok(FetchResult::NotModified) => {
                let state = FeedState {
                    last_fetch: now,
                    status: Some(304),
                    error: None,
                    ..feed.state.clone()
                };
                lib.update_feed_state(feed.id, &state)?;
                report.lines.push(format!("{name}: not modified"));
            }
            Ok(FetchResult::Fetched {
                state,
                feed: parsed,
                full_text_errors,
                paged,
                pages_over_cap,
                ..
            }) => {
                let parsed_dropped = parsed.dropped;
                let paged: HashSet<usize> = paged.into_iter().collect();
                // A known entry of a full-text feed came with only its summary
                // this time: keep the full text already stored. Entries with a
                // page were stored as the page came.
                let items: Vec<FeedItem> = parsed
                    .entries
                    .into_iter()
                    .enumerate()
                    .filter(|(j, e)| !paged.contains(j) && !request.known_guids.contains(&e.guid))
                    .map(|(_, e)| FeedItem {
                        guid: Some(e.guid),
                        processed: pipeline::process(extractor, e.article),
                    })
                    .collect();
                let mut counts = lib.import_feed_items(feed.id, &items)?;
                stored_feeds.insert(i);
                report.new += counts.new;
                report.updated += counts.updated;
                counts.new += paged_counts[i].new;
                counts.updated += paged_counts[i].updated;
                let state = FeedState {
                    etag: state.etag,
                    last_modified: state.last_modified,
                    last_fetch: now,
                    status: Some(200),
                    error: None,
                };
                lib.update_feed_state(feed.id, &state)?;
                report.lines.push(format!(
                    "{name}: {} entries, {} new, {} updated",
                    items.len() + paged.len(),
                    counts.new,
                    counts.updated
                ));
                if parsed_dropped > 0 {
                    report.lines.push(format!(
                        "{name}: {parsed_dropped} more entries not read (a feed is read up to {MAX_ENTRIES} entries)"
                    ));
                }
                if pages_over_cap > 0 {
                    report.lines.push(format!(
                        "{name}: full text of {pages_over_cap} more new entries not downloaded (up to {} pages a feed per fetch); they keep the feed's text",
                        fetcher.options().max_pages
                    ));
                }
                for (url, err) in full_text_errors {
                    report.lines.push(format!(
                        "{name}: full text of {} not read: {err}",
                        visible(&url)
                    ));
                }
            }
            Err(err) => {
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
                report
                    .lines
                    .push(format!("{name}: failed: {}", visible(&err.to_string())));
            }
        }
    }
    Ok(())
}
