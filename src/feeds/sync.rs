//! Fetching subscriptions into the library: the one path `gazette fetch` and
//! the reader's background fetch share.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::Utc;

use super::fetch::{PageOutcome, Paged};
use super::{
    Entry, FetchError, FetchOptions, FetchResult, FetchState, Fetcher, MAX_ENTRIES, Request,
};
use crate::extract::Extractor;
use crate::ingest::sanitize::visible;
use crate::pipeline;
use crate::store::{
    EntryText, Feed, FeedItem, FeedState, ImportCounts, Library, StoreError, StoredEntry,
};

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

/// What a fetch worker hands the storing thread: a full-text entry as soon
/// as its page is done, then the feed itself.
enum Msg {
    Page(Paged),
    Done(Done),
}

/// A feed fetched and its entries processed, ready to store.
enum Done {
    NotModified,
    Fetched {
        state: FetchState,
        title: String,
        /// The entries not already stored as [`Msg::Page`]s.
        items: Vec<FeedItem>,
        /// How many were stored as pages.
        paged: usize,
        dropped: usize,
        pages_over_cap: usize,
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
    // Per feed, the stored entries with only the feed's text whose pages
    // this fetch downloads (a full-text feed's, within max_pages).
    let mut summaries_of: Vec<Vec<StoredEntry>> = Vec::with_capacity(feeds.len());
    for f in feeds {
        let full_text = f.full_text || force_full_text;
        let summaries = if full_text {
            lib.feed_text_entries(f.id, opts.max_pages)?
        } else {
            Vec::new()
        };
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
            stored: summaries
                .iter()
                .map(|e| Entry {
                    guid: e.guid.clone().unwrap_or_default(),
                    link: e.article.url.clone(),
                    article: e.article.clone(),
                })
                .collect(),
        });
        summaries_of.push(summaries);
    }
    let fetcher = Fetcher::new(opts);
    let workers = fetcher.options().workers.clamp(1, requests.len().max(1));
    let next = AtomicUsize::new(0);
    let mut lines: Vec<Vec<String>> = vec![Vec::new(); feeds.len()];
    // Full-text entries stored as their pages come, per feed.
    let mut paged_counts = vec![ImportCounts::default(); feeds.len()];
    // Stored entries given their page's text, per feed.
    let mut upgraded = vec![0; feeds.len()];
    std::thread::scope(|scope| -> Result<(), StoreError> {
        // Bounded, so that pages never pile up in memory when storing is
        // slower than downloading.
        let (tx, rx) = mpsc::sync_channel::<(usize, Msg)>(PAGE_QUEUE);
        for _ in 0..workers {
            let tx = tx.clone();
            let (fetcher, requests, next) = (&fetcher, &requests, &next);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(request) = requests.get(i) else {
                        break;
                    };
                    let fetched = fetcher.fetch_with(request, &|paged| {
                        // Only fails once storing has stopped.
                        let _ = tx.send((i, Msg::Page(paged)));
                    });
                    let done = process(extractor, request, fetched);
                    // The receiver is gone when storing failed: stop.
                    if tx.send((i, Msg::Done(done))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut stored = 0;
        for (i, msg) in rx {
            match msg {
                Msg::Page(paged) if paged.stored => {
                    let Some(entry) = summaries_of[i].get(paged.index) else {
                        continue;
                    };
                    match paged.outcome {
                        PageOutcome::Read => {
                            let item = FeedItem {
                                guid: entry.guid.clone(),
                                processed: pipeline::process(extractor, paged.entry.article),
                            };
                            let counts = lib.import_feed_texts(
                                feeds[i].id,
                                std::slice::from_ref(&item),
                                EntryText::Page,
                            )?;
                            report.updated += counts.updated;
                            upgraded[i] += counts.updated;
                        }
                        PageOutcome::Unusable => lib.mark_page_unusable(entry.id)?,
                        PageOutcome::Failed => {}
                    }
                    stored_feeds.insert(i);
                }
                Msg::Page(paged) => {
                    let text = match paged.outcome {
                        PageOutcome::Read => EntryText::Page,
                        PageOutcome::Unusable => EntryText::Unusable,
                        PageOutcome::Failed => EntryText::Feed,
                    };
                    let item = FeedItem {
                        guid: Some(paged.entry.guid),
                        processed: pipeline::process(extractor, paged.entry.article),
                    };
                    let counts =
                        lib.import_feed_texts(feeds[i].id, std::slice::from_ref(&item), text)?;
                    stored_feeds.insert(i);
                    report.new += counts.new;
                    report.updated += counts.updated;
                    paged_counts[i].new += counts.new;
                    paged_counts[i].updated += counts.updated;
                }
                Msg::Done(done) => {
                    store(
                        lib,
                        &feeds[i],
                        done,
                        std::mem::take(&mut paged_counts[i]),
                        upgraded[i],
                        &fetcher,
                        report,
                        &mut lines[i],
                    )?;
                    stored_feeds.insert(i);
                    stored += 1;
                    progress(stored, feeds.len());
                }
            }
        }
        Ok(())
    })?;
    report.lines = lines.into_iter().flatten().collect();
    Ok(())
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
            paged,
            pages_over_cap,
            ..
        }) => {
            let dropped = parsed.dropped;
            let paged: HashSet<usize> = paged.into_iter().collect();
            // A known entry of a full-text feed came with only its summary
            // this time: keep the full text already stored. Entries with a
            // page were stored as the page came.
            let items = parsed
                .entries
                .into_iter()
                .enumerate()
                .filter(|(j, e)| !paged.contains(j) && !request.known_guids.contains(&e.guid))
                .map(|(_, e)| FeedItem {
                    guid: Some(e.guid),
                    processed: pipeline::process(extractor, e.article),
                })
                .collect();
            Done::Fetched {
                state,
                title: parsed.title,
                items,
                paged: paged.len(),
                dropped,
                pages_over_cap,
                full_text_errors,
            }
        }
        Err(err) => Done::Failed(err),
    }
}

/// Stores one fetched feed in its own transaction and records its state.
/// `upgraded` stored entries were given their page's text.
#[allow(clippy::too_many_arguments)]
fn store(
    lib: &mut Library,
    feed: &Feed,
    done: Done,
    paged_counts: ImportCounts,
    upgraded: usize,
    fetcher: &Fetcher,
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
            paged,
            dropped,
            pages_over_cap,
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
                items.len() + paged,
                counts.new + paged_counts.new,
                counts.updated + paged_counts.updated
            ));
            if dropped > 0 {
                lines.push(format!(
                    "{name}: {dropped} more entries not read (a feed is read up to {MAX_ENTRIES} entries)"
                ));
            }
            if upgraded > 0 {
                lines.push(format!(
                    "{name}: full text of {upgraded} stored articles downloaded (they had only the feed's text)"
                ));
            }
            if pages_over_cap > 0 {
                lines.push(format!(
                    "{name}: full text of {pages_over_cap} more new entries not downloaded (up to {} pages a feed per fetch); they keep the feed's text",
                    fetcher.options().max_pages
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

/// Why the reader's full-text key stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum FullTextError {
    #[error(transparent)]
    NoPage(#[from] crate::store::NoPage),
    #[error("full text not read: {0}")]
    Fetch(#[from] FetchError),
    #[error("full text not read: the page {0} has no article text")]
    NoText(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Downloads the page of the stored feed entry `id` (under the rules of a
/// full-text fetch: the same guard on local addresses, the same
/// extractor) and makes its text the article's, entities extracted again,
/// read and starred kept. Only the feed that stored the article first may
/// change its text, so a local file's text is never replaced. Says what
/// it did in one line.
pub fn fetch_full_text(
    lib: &mut Library,
    extractor: &Extractor,
    id: crate::article::ArticleId,
    opts: FetchOptions,
) -> Result<String, FullTextError> {
    let entry = lib.page_entry(id)??;
    let link = entry.article.url.clone().unwrap_or_default();
    let page = Fetcher::new(opts).fetch_entry_page(&entry.feed_url, &link)?;
    if page.paragraphs.is_empty() {
        return Err(FullTextError::NoText(visible(&link).into_owned()));
    }
    let paragraphs = page.paragraphs.len();
    let mut article = entry.article;
    article.paragraphs = page.paragraphs;
    let title = visible(&article.title).into_owned();
    let item = FeedItem {
        guid: entry.guid,
        processed: pipeline::process(extractor, article),
    };
    let counts = lib.import_feed_texts(entry.feed, std::slice::from_ref(&item), EntryText::Page)?;
    Ok(if counts.updated > 0 {
        format!("full text of \u{201c}{title}\u{201d} stored ({paragraphs} paragraphs)")
    } else if let Some(skipped) = counts.skipped.first() {
        format!("full text not stored: {}", visible(&skipped.reason))
    } else {
        format!("the full text of \u{201c}{title}\u{201d} is the text already stored")
    })
}
