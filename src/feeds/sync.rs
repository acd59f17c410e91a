//! Fetching subscriptions into the library: the one path `gazette fetch` and
//! the reader's background fetch share.

use std::sync::atomic::{AtomicUsize, Ordering};

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
    let done = AtomicUsize::new(0);
    let reports = Fetcher::new(opts).fetch_all(&requests, |_| {
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, requests.len())
    });

    let mut report = SyncReport {
        feeds: feeds.len(),
        ..SyncReport::default()
    };
    for ((feed, fetched), request) in feeds.iter().zip(reports).zip(&requests) {
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
                ..
            }) => {
                let parsed_dropped = parsed.dropped;
                // A known entry of a full-text feed came with only its summary
                // this time: keep the full text already stored.
                let items: Vec<FeedItem> = parsed
                    .entries
                    .into_iter()
                    .filter(|e| !request.known_guids.contains(&e.guid))
                    .map(|e| FeedItem {
                        guid: Some(e.guid),
                        processed: pipeline::process(extractor, e.article),
                    })
                    .collect();
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
                report.lines.push(format!(
                    "{name}: {} entries, {} new, {} updated",
                    items.len(),
                    counts.new,
                    counts.updated
                ));
                if parsed_dropped > 0 {
                    report.lines.push(format!(
                        "{name}: {parsed_dropped} more entries not read (a feed is read up to {MAX_ENTRIES} entries)"
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
    Ok(report)
}
