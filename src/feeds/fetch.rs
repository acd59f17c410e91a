//! Fetching feeds over HTTP: conditional GET, bounded bodies, a small pool.
//!
//! `ureq` is blocking and small, which suits a fixed pool of std threads
//! better than an async runtime would. Its own decompression is left off:
//! decoding here handles gzip *and* deflate, and caps the decompressed size
//! (a small gzip body can unpack to gigabytes).

use std::collections::HashSet;
use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ureq::ResponseExt;

use super::parse::{Feed, FeedError, parse_feed};
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
pub enum FetchResult {
    /// 304: nothing changed since the stored state; nothing was parsed.
    NotModified,
    Fetched {
        /// The state to store for the next fetch.
        state: FetchState,
        /// Where the feed was found after redirects.
        final_url: String,
        feed: Feed,
        /// Entries whose full-text page could not be read, and why; they
        /// keep the feed's own text.
        full_text_errors: Vec<(String, FetchError)>,
    },
}

/// One feed's outcome in a batch.
#[derive(Debug)]
pub struct FetchReport {
    pub url: String,
    pub result: Result<FetchResult, FetchError>,
}

/// Fetches feeds and pages with one shared connection pool.
pub struct Fetcher {
    agent: ureq::Agent,
    opts: FetchOptions,
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(opts.connect_timeout))
            .timeout_global(Some(opts.total_timeout))
            .max_redirects(opts.max_redirects)
            .user_agent(opts.user_agent.as_str())
            .accept_encoding("gzip, deflate")
            .http_status_as_error(false)
            .build();
        Fetcher {
            agent: config.into(),
            opts,
        }
    }

    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    /// Fetches and parses one feed.
    pub fn fetch(&self, req: &Request) -> Result<FetchResult, FetchError> {
        let mut request = self
            .agent
            .get(&req.url)
            .header("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8");
        if let Some(etag) = &req.state.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(lm) = &req.state.last_modified {
            request = request.header("If-Modified-Since", lm);
        }
        let response = request.call().map_err(|e| self.classify(e, &req.url))?;
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
        let mut feed = parse_feed(&bytes, Some(&final_url))?;
        let mut full_text_errors = Vec::new();
        if req.full_text {
            for entry in &mut feed.entries {
                if req.known_guids.contains(&entry.guid) {
                    continue;
                }
                let Some(link) = entry.link.clone() else {
                    continue;
                };
                match self.fetch_page(&link) {
                    Ok(page) if !page.paragraphs.is_empty() => {
                        entry.article.paragraphs = page.paragraphs
                    }
                    Ok(_) => {}
                    Err(e) => full_text_errors.push((link, e)),
                }
            }
        }
        Ok(FetchResult::Fetched {
            state,
            final_url,
            feed,
            full_text_errors,
        })
    }

    /// Downloads an article page and extracts its main content.
    pub fn fetch_page(&self, url: &str) -> Result<html::Page, FetchError> {
        let response = self
            .agent
            .get(url)
            .header(
                "Accept",
                "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
            )
            .call()
            .map_err(|e| self.classify(e, url))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(FetchError::Status { code: status });
        }
        let bytes = self.read_body(response, url)?;
        let text = String::from_utf8_lossy(&bytes);
        Ok(html::extract(&crate::ingest::sanitize::clean_text(&text)))
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
            .map_err(|e| self.classify(e, url))?;
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
            E::Io(e) => FetchError::Connect(e.to_string()),
            other => FetchError::Http(other.to_string()),
        }
    }
}
