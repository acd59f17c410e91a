//! Fetching feeds over HTTP: conditional GET, bounded bodies, a small pool.
//!
//! `ureq` is blocking and small, which suits a fixed pool of std threads
//! better than an async runtime would. Its own decompression is left off:
//! decoding here handles gzip *and* deflate, and caps the decompressed size
//! (a small gzip body can unpack to gigabytes).

use std::collections::HashSet;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use ureq::ResponseExt;

use super::guard;
use super::parse::{Entry, Feed, FeedError, parse_feed};
use crate::ingest::html;

/// What a feed's last fetch left behind for the next conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// One feed to fetch.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub url: String,
    pub state: FetchState,
    /// Download each new entry's page and use its extracted text as the body.
    pub full_text: bool,
    /// Guids already stored: their pages are not downloaded again.
    pub known_guids: HashSet<String>,
    /// Stored entries holding only their feed's text, newest first: with
    /// full text, their pages are downloaded after the new entries', within
    /// [`FetchOptions::max_pages`], and handed to the page sink as
    /// [`Paged::stored`].
    pub stored: Vec<Entry>,
}

impl Request {
    pub fn new(url: impl Into<String>) -> Self {
        Request {
            url: url.into(),
            ..Request::default()
        }
    }
}

/// Limits and identity for every request.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub connect_timeout: Duration,
    /// For the whole exchange, redirects and body included.
    pub total_timeout: Duration,
    pub max_redirects: u32,
    /// Cap on the body after decompression.
    pub max_body: u64,
    pub user_agent: String,
    /// Feeds fetched at once.
    pub workers: usize,
    /// Full-text pages downloaded at once, over all feeds: each may hold up
    /// to `max_body` bytes while it is read and extracted.
    pub page_workers: usize,
    /// Full-text pages downloaded per feed and fetch; entries past it keep
    /// the feed's own text.
    pub max_pages: usize,
    /// Let full-text page links reach local addresses (loopback, private,
    /// link-local, multicast) even when the feed is not on one.
    pub allow_local_pages: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_redirects: 5,
            max_body: 32 * 1024 * 1024,
            user_agent: concat!(
                "gazette/",
                env!("CARGO_PKG_VERSION"),
                " (terminal news reader)"
            )
            .to_string(),
            workers: 8,
            page_workers: 4,
            max_pages: 500,
            allow_local_pages: false,
        }
    }
}

/// Why a fetch gave no feed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("bad URL {0:?}")]
    BadUrl(String),
    #[error("host not found (DNS)")]
    Dns,
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("timed out ({0})")]
    Timeout(String),
    #[error("HTTP {code}{}", status_hint(*.code))]
    Status { code: u16 },
    #[error("more than {0} redirects")]
    TooManyRedirects(u32),
    #[error("response body over the {limit}-byte limit")]
    TooLarge { limit: u64 },
    #[error("cannot decode the {encoding} body: {message}")]
    Decode { encoding: String, message: String },
    #[error(transparent)]
    Feed(#[from] FeedError),
    #[error("HTTP error: {0}")]
    Http(String),
    /// The server closed the connection before the whole body came.
    #[error("truncated body: {0}")]
    Truncated(String),
    /// A full-text page link that gazette will not follow.
    #[error("refused: {0}")]
    Refused(String),
}

impl FetchError {
    /// Whether trying again later may succeed: a timeout, the connection
    /// or DNS, a server error, a truncated body, too many requests. A page
    /// that was refused, gone or not found, or is too large, is not.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Dns
            | FetchError::Connect(_)
            | FetchError::Timeout(_)
            | FetchError::Http(_)
            | FetchError::Truncated(_) => true,
            FetchError::Status { code } => *code == 429 || *code >= 500,
            _ => false,
        }
    }
}

fn status_hint(code: u16) -> &'static str {
    match code {
        404 => " not found",
        410 => " gone",
        401 | 403 => " forbidden",
        429 => " too many requests",
        500..=599 => " server error",
        _ => "",
    }
}

/// What a successful fetch gave.
#[derive(Debug)]
// One per feed and short-lived: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum FetchResult {
    /// 304: nothing changed since the stored state; nothing was parsed.
    NotModified,
    Fetched {
        /// The state to store for the next fetch.
        state: FetchState,
        /// Where the feed was found after redirects.
        final_url: String,
        feed: Feed,
        /// Entries whose full-text page could not be read (or was
        /// refused), and why; they keep the feed's own text.
        full_text_errors: Vec<(String, FetchError)>,
        /// Indexes into `feed.entries` of the entries handed to the page
        /// sink of [`Fetcher::fetch_with`] (with their full text when it
        /// was read); `feed.entries` still holds them with the feed's text.
        paged: Vec<usize>,
        /// New entries past [`FetchOptions::max_pages`]: no page downloaded.
        pages_over_cap: usize,
    },
}

/// One feed's outcome in a batch.
#[derive(Debug)]
pub struct FetchReport {
    pub url: String,
    pub result: Result<FetchResult, FetchError>,
}

/// What became of an entry's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageOutcome {
    /// Its text is now the entry's body.
    Read,
    /// It cannot be used, and trying again will not help: no text in it,
    /// refused, or gone. The entry keeps its feed's text.
    Unusable,
    /// It could not be read this time (a timeout, the connection, a server
    /// error): the entry keeps its feed's text, worth another try.
    Failed,
}

/// An entry whose page was downloaded (or tried).
#[derive(Debug)]
pub struct Paged {
    /// Its index in the fetched feed's entries, or in [`Request::stored`]
    /// when `stored`.
    pub index: usize,
    pub stored: bool,
    pub entry: Entry,
    pub outcome: PageOutcome,
}

/// Called with each entry whose page was downloaded (or tried), as soon as
/// it is done.
pub type PageSink<'a> = &'a (dyn Fn(Paged) + Sync);

/// A connection pool, and an agent without one for the single retry after a
/// reused connection was found closed.
struct Agents {
    pooled: ureq::Agent,
    fresh: ureq::Agent,
}

/// Fetches feeds and pages with one shared connection pool.
pub struct Fetcher {
    agent: Agents,
    /// Refuses local addresses: for page links of feeds not on one.
    public: Agents,
    opts: FetchOptions,
    /// Free page download slots, shared by every feed.
    page_slots: Mutex<usize>,
    page_freed: Condvar,
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Fetcher {
        let config = |idle: usize| {
            ureq::Agent::config_builder()
                .timeout_connect(Some(opts.connect_timeout))
                .timeout_global(Some(opts.total_timeout))
                .max_redirects(opts.max_redirects)
                .max_idle_connections(idle)
                .max_idle_connections_per_host(idle.min(3))
                .user_agent(opts.user_agent.as_str())
                .accept_encoding("gzip, deflate")
                .http_status_as_error(false)
                .build()
        };
        let public = |idle| {
            ureq::Agent::with_parts(
                config(idle),
                ureq::unversioned::transport::DefaultConnector::default(),
                guard::PublicOnly::new(),
            )
        };
        Fetcher {
            agent: Agents {
                pooled: config(10).into(),
                fresh: config(0).into(),
            },
            public: Agents {
                pooled: public(10),
                fresh: public(0),
            },
            page_slots: Mutex::new(opts.page_workers.max(1)),
            page_freed: Condvar::new(),
            opts,
        }
    }

    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    /// Fetches and parses one feed; with full text, each new entry's body
    /// is its page's text when that could be read.
    pub fn fetch(&self, req: &Request) -> Result<FetchResult, FetchError> {
        let pages = Mutex::new(Vec::new());
        let mut result = self.fetch_with(req, &|paged: Paged| {
            if let Ok(mut pages) = pages.lock()
                && !paged.stored
            {
                pages.push((paged.index, paged.entry));
            }
        })?;
        if let FetchResult::Fetched { feed, .. } = &mut result {
            for (i, entry) in pages.into_inner().unwrap_or_else(|p| p.into_inner()) {
                if let Some(slot) = feed.entries.get_mut(i) {
                    *slot = entry;
                }
            }
        }
        Ok(result)
    }

    /// Fetches and parses one feed. With full text, new entries' pages are
    /// downloaded a few at a time (at most [`FetchOptions::max_pages`]) and
    /// each entry goes to `pages` as soon as its page is done, so a caller
    /// can store it and let it go rather than hold every page at once.
    pub fn fetch_with(&self, req: &Request, pages: PageSink) -> Result<FetchResult, FetchError> {
        guard::check_url(&req.url).map_err(|_| FetchError::BadUrl(req.url.clone()))?;
        let response = self.call(&self.agent, &req.url, |agent| {
            let mut request = agent
                .get(&req.url)
                .header("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8");
            if let Some(etag) = &req.state.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(lm) = &req.state.last_modified {
                request = request.header("If-Modified-Since", lm);
            }
            request.call()
        })?;
        let status = response.status().as_u16();
        if status == 304 {
            return Ok(FetchResult::NotModified);
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status { code: status });
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let state = FetchState {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let final_url = response.get_uri().to_string();
        let bytes = self.read_body(response, &req.url)?;
        let feed = parse_feed(&bytes, Some(&final_url))?;
        drop(bytes);
        let mut full_text_errors = Vec::new();
        let mut paged = Vec::new();
        let mut pages_over_cap = 0;
        if req.full_text {
            let wanted: Vec<usize> = (0..feed.entries.len())
                .filter(|&i| {
                    let e = &feed.entries[i];
                    e.link.is_some() && !req.known_guids.contains(&e.guid)
                })
                .collect();
            pages_over_cap = wanted.len().saturating_sub(self.opts.max_pages);
            paged = wanted;
            paged.truncate(self.opts.max_pages);
            let allow_local = self.allow_local(&final_url);
            full_text_errors = self.fetch_pages(&feed.entries, &paged, false, allow_local, pages);
            // Then stored entries with only their feed's text, in the room
            // the new ones left.
            let room = self.opts.max_pages - paged.len();
            let stored: Vec<usize> = (0..req.stored.len().min(room)).collect();
            full_text_errors.extend(self.fetch_pages(
                &req.stored,
                &stored,
                true,
                allow_local,
                pages,
            ));
        }
        Ok(FetchResult::Fetched {
            state,
            final_url,
            feed,
            full_text_errors,
            paged,
            pages_over_cap,
        })
    }

    /// Downloads the pages of `entries[i]` for each `i` of `which`, up to
    /// `page_workers` threads for this feed and as many slots as are free
    /// over all feeds, handing each entry to `sink` when its page is done.
    fn fetch_pages(
        &self,
        entries: &[Entry],
        which: &[usize],
        stored: bool,
        allow_local: bool,
        sink: PageSink,
    ) -> Vec<(String, FetchError)> {
        let next = AtomicUsize::new(0);
        let errors = Mutex::new(Vec::new());
        let threads = self.opts.page_workers.clamp(1, which.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    while let Some(&i) = which.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let mut entry = entries[i].clone();
                        let link = entry.link.clone().unwrap_or_default();
                        let page = {
                            let _slot = self.page_slot();
                            self.fetch_page_from(&link, allow_local)
                        };
                        let outcome = match page {
                            Ok(page) if !page.paragraphs.is_empty() => {
                                entry.article.paragraphs = page.paragraphs;
                                PageOutcome::Read
                            }
                            Ok(_) => PageOutcome::Unusable,
                            Err(e) => {
                                let outcome = if e.is_transient() {
                                    PageOutcome::Failed
                                } else {
                                    PageOutcome::Unusable
                                };
                                if let Ok(mut errors) = errors.lock() {
                                    errors.push((i, link, e));
                                }
                                outcome
                            }
                        };
                        sink(Paged {
                            index: i,
                            stored,
                            entry,
                            outcome,
                        });
                    }
                });
            }
        });
        let mut errors = errors.into_inner().unwrap_or_else(|p| p.into_inner());
        errors.sort_by_key(|(i, ..)| *i);
        errors.into_iter().map(|(_, l, e)| (l, e)).collect()
    }

    /// Waits for a free page slot; it is given back when the guard drops.
    fn page_slot(&self) -> SlotGuard<'_> {
        let mut free = self
            .page_slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        while *free == 0 {
            free = self
                .page_freed
                .wait(free)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        *free -= 1;
        SlotGuard(self)
    }

    /// Page links may reach local addresses only when the feed (at
    /// `feed_url`) is on one itself, or the user allows it.
    fn allow_local(&self, feed_url: &str) -> bool {
        self.opts.allow_local_pages
            || url::Url::parse(feed_url).is_ok_and(|u| guard::host_is_local(&u))
    }

    /// Downloads the page of an entry of the feed at `feed_url` and
    /// extracts its main content, under the same rules as a full-text
    /// fetch (see [`Fetcher::fetch_page_from`]).
    pub fn fetch_entry_page(&self, feed_url: &str, link: &str) -> Result<html::Page, FetchError> {
        self.fetch_page_from(link, self.allow_local(feed_url))
    }

    /// Downloads an article page and extracts its main content. Its link
    /// must be http(s), and it and each redirect may reach a local address
    /// only when `allow_local`; credentials written in a link are never sent.
    /// The whole exchange, redirects included, has `total_timeout`.
    pub fn fetch_page_from(&self, url: &str, allow_local: bool) -> Result<html::Page, FetchError> {
        let deadline = Instant::now() + self.opts.total_timeout;
        let agents = if allow_local {
            &self.agent
        } else {
            &self.public
        };
        let mut next = guard::check_url(url).map_err(|e| FetchError::Refused(e.to_string()))?;
        for _ in 0..=self.opts.max_redirects {
            let (current, _) = guard::without_credentials(next);
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(FetchError::Timeout("the page's deadline passed".into()));
            }
            let response = self.call(agents, current.as_str(), |agent| {
                agent
                    .get(current.as_str())
                    .header(
                        "Accept",
                        "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
                    )
                    .config()
                    .max_redirects(0)
                    .timeout_global(Some(left))
                    .build()
                    .call()
            })?;
            let status = response.status().as_u16();
            if (300..400).contains(&status)
                && let Some(location) = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
            {
                let target = current
                    .join(location)
                    .map_err(|e| FetchError::Refused(format!("redirect to {location:?}: {e}")))?;
                next = guard::check_url(target.as_str())
                    .map_err(|e| FetchError::Refused(format!("redirect: {e}")))?;
                continue;
            }
            if !(200..300).contains(&status) {
                return Err(FetchError::Status { code: status });
            }
            let bytes = self.read_body(response, current.as_str())?;
            let text = String::from_utf8_lossy(&bytes);
            return Ok(html::extract(&crate::ingest::sanitize::clean_text(&text)));
        }
        Err(FetchError::TooManyRedirects(self.opts.max_redirects))
    }

    /// Sends a request with `send` on the shared pool; when a reused
    /// connection turns out closed by the server (reset, broken pipe, or
    /// closed before any answer), sends it once more on a fresh connection.
    fn call(
        &self,
        agents: &Agents,
        url: &str,
        send: impl Fn(&ureq::Agent) -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<ureq::http::Response<ureq::Body>, FetchError> {
        match send(&agents.pooled) {
            Err(ureq::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::BrokenPipe
                        | std::io::ErrorKind::UnexpectedEof
                ) =>
            {
                send(&agents.fresh).map_err(|e| self.classify(e, url))
            }
            other => other.map_err(|e| self.classify(e, url)),
        }
    }

    /// Fetches many feeds, `workers` at a time, calling `on_done` as each
    /// finishes (from a worker thread). Reports come back in request order.
    pub fn fetch_all(
        &self,
        requests: &[Request],
        on_done: impl Fn(&FetchReport) + Sync,
    ) -> Vec<FetchReport> {
        let next = AtomicUsize::new(0);
        let slots: Mutex<Vec<Option<FetchReport>>> =
            Mutex::new((0..requests.len()).map(|_| None).collect());
        let workers = self.opts.workers.clamp(1, requests.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(req) = requests.get(i) else { break };
                        let report = FetchReport {
                            url: req.url.clone(),
                            result: self.fetch(req),
                        };
                        on_done(&report);
                        if let Ok(mut slots) = slots.lock() {
                            slots[i] = Some(report);
                        }
                    }
                });
            }
        });
        slots
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .into_iter()
            .zip(requests)
            .map(|(slot, req)| {
                slot.unwrap_or_else(|| FetchReport {
                    url: req.url.clone(),
                    result: Err(FetchError::Http("the fetch did not finish".into())),
                })
            })
            .collect()
    }

    /// Reads the body, undoing gzip or deflate, never past `max_body`.
    fn read_body(
        &self,
        mut response: ureq::http::Response<ureq::Body>,
        url: &str,
    ) -> Result<Vec<u8>, FetchError> {
        let limit = self.opts.max_body;
        let encoding = response
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let raw = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::Io(io)
                    if !matches!(
                        io.kind(),
                        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                    ) =>
                {
                    FetchError::Truncated(io.to_string())
                }
                e => self.classify(e, url),
            })?;
        let decoder: Box<dyn Read> = match encoding.as_str() {
            "" | "identity" => return Ok(raw),
            "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(&raw[..])),
            // "deflate" is meant to be zlib-wrapped, but some servers send it raw.
            "deflate" if raw.first().is_some_and(|b| b & 0x0f == 8) => {
                Box::new(flate2::read::ZlibDecoder::new(&raw[..]))
            }
            "deflate" => Box::new(flate2::read::DeflateDecoder::new(&raw[..])),
            other => {
                return Err(FetchError::Decode {
                    encoding: other.to_string(),
                    message: "unsupported content encoding".into(),
                });
            }
        };
        let mut out = Vec::new();
        decoder
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| FetchError::Decode {
                encoding: encoding.clone(),
                message: e.to_string(),
            })?;
        if out.len() as u64 > limit {
            return Err(FetchError::TooLarge { limit });
        }
        Ok(out)
    }

    fn classify(&self, err: ureq::Error, url: &str) -> FetchError {
        use ureq::Error as E;
        match err {
            E::StatusCode(code) => FetchError::Status { code },
            E::BadUri(_) | E::Http(_) => FetchError::BadUrl(url.to_string()),
            E::HostNotFound => FetchError::Dns,
            E::Timeout(t) => FetchError::Timeout(t.to_string()),
            E::TooManyRedirects => FetchError::TooManyRedirects(self.opts.max_redirects),
            E::BodyExceedsLimit(_) => FetchError::TooLarge {
                limit: self.opts.max_body,
            },
            E::ConnectionFailed => FetchError::Connect("connection failed".into()),
            E::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                FetchError::Timeout(e.to_string())
            }
            E::Io(e)
                if e.kind() == std::io::ErrorKind::PermissionDenied
                    && e.to_string().starts_with(guard::REFUSED) =>
            {
                let why = e.to_string();
                FetchError::Refused(why[guard::REFUSED.len()..].to_string())
            }
            E::Io(e) => FetchError::Connect(e.to_string()),
            other => FetchError::Http(other.to_string()),
        }
    }
}

/// A page download slot, given back (and a waiting thread woken) on drop.
struct SlotGuard<'a>(&'a Fetcher);

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        let mut free = self
            .0
            .page_slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *free += 1;
        self.0.page_freed.notify_one();
    }
}
