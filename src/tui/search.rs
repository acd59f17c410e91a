//! Searching off the interface thread.
//!
//! A bare word of one to four letters matches most of a large library, and
//! FTS5 needs 0.1 to 1 s at 100k articles to list every match. So the event
//! loop hands a slow search (see [`Source::search_now`]) to a [`SearchWorker`]
//! and keeps drawing: the frame shows the typed query, the previous results
//! and a "searching…" mark. The worker answers with [`Action::Searched`],
//! first with a quick first page when it can, then in full; `update` applies
//! an answer only while it is for the latest query. A newer query interrupts
//! the running one, and queries typed past while the worker was busy are
//! skipped.
//!
//! The library's worker also builds a word index (`store::Words`, see
//! `library.rs`) on a thread of its own; once it is ready, word prefixes are
//! answered in full in milliseconds and no first page is needed.
//!
//! [`Source::search_now`]: super::Source::search_now

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use super::app::Action;
use crate::article::ArticleId;

/// Makes the searcher's running query give up soon; callable from any thread.
pub type Interrupt = Arc<dyn Fn() + Send + Sync>;

/// Opens a [`Searcher`] on the worker's thread (so the interface does not
/// wait for it); `Err` is a one-line reason.
pub type OpenSearcher = Box<dyn FnOnce() -> Result<Box<dyn Searcher>, String> + Send>;

/// Searches for the worker, with their own connection to the articles.
pub trait Searcher: Send {
    /// The first results, quickly, when the full search may be slow;
    /// `None` when there is no such shortcut.
    fn preview(&mut self, query: &str) -> Option<Vec<ArticleId>>;
    /// Every match, newest first; `Err` is a one-line message.
    fn search(&mut self, query: &str) -> Result<Vec<ArticleId>, String>;
    /// Stops a running [`Searcher::preview`] or [`Searcher::search`] early
    /// (its answer is then thrown away).
    fn interrupter(&self) -> Interrupt;
}

/// One search asked for: the app's sequence number and the expanded query.
struct Job {
    seq: u64,
    query: String,
}

/// What the worker and the interface thread share.
struct Shared {
    /// The sequence number of the latest search asked for; `u64::MAX` once
    /// the worker is dropped.
    latest: AtomicU64,
    /// The open searcher's interrupter (none until it is open).
    interrupt: Mutex<Option<Interrupt>>,
}

impl Shared {
    fn is_latest(&self, seq: u64) -> bool {
        self.latest.load(Ordering::SeqCst) == seq
    }

    fn interrupt(&self) {
        if let Ok(guard) = self.interrupt.lock()
            && let Some(stop) = guard.as_ref()
        {
            stop();
        }
    }
}

/// A thread running the latest search of the filter bar.
pub struct SearchWorker {
    jobs: Sender<Job>,
    shared: Arc<Shared>,
}

impl SearchWorker {
    /// Starts the worker; answers go to `answers` as [`Action::Searched`].
    pub fn spawn(open: OpenSearcher, answers: Sender<Action>) -> std::io::Result<SearchWorker> {
        let (jobs, queue) = channel();
        let shared = Arc::new(Shared {
            latest: AtomicU64::new(0),
            interrupt: Mutex::new(None),
        });
        let theirs = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || work(open, &queue, &theirs, &answers))?;
        Ok(SearchWorker { jobs, shared })
    }

    /// Asks for search number `seq` of `query`, abandoning any older one.
    pub fn submit(&self, seq: u64, query: String) {
        self.shared.latest.store(seq, Ordering::SeqCst);
        // Interrupt before sending: the new job cannot have started yet, so
        // only an older query is stopped.
        self.shared.interrupt();
        let _ = self.jobs.send(Job { seq, query });
    }
}

impl Drop for SearchWorker {
    /// Stops the running search and leaves the thread to end by itself:
    /// quitting never waits for a search.
    fn drop(&mut self) {
        self.shared.latest.store(u64::MAX, Ordering::SeqCst);
        self.shared.interrupt();
    }
}

fn work(open: OpenSearcher, queue: &Receiver<Job>, shared: &Shared, answers: &Sender<Action>) {
    let mut searcher = match catch_unwind(AssertUnwindSafe(open)) {
        Ok(Ok(s)) => s,
        failed => {
            let why = match failed {
                Ok(Err(e)) => e,
                _ => "internal error".into(),
            };
            // Every search fails alike; say so where the query is typed.
            while let Ok(job) = queue.recv() {
                let result = Err(format!("search unavailable: {why}"));
                let _ = answers.send(Action::Searched {
                    seq: job.seq,
                    result,
                    partial: false,
                });
            }
            return;
        }
    };
    if let Ok(mut slot) = shared.interrupt.lock() {
        *slot = Some(searcher.interrupter());
    }
    while let Ok(mut job) = queue.recv() {
        // Only the newest query matters; the rest were typed past.
        while let Ok(newer) = queue.try_recv() {
            job = newer;
        }
        if !shared.is_latest(job.seq) {
            continue;
        }
        let answer = |result, partial| {
            // An interrupted (or merely late) answer is not the latest's.
            if shared.is_latest(job.seq) {
                let _ = answers.send(Action::Searched {
                    seq: job.seq,
                    result,
                    partial,
                });
            }
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if let Some(first) = searcher.preview(&job.query) {
                answer(Ok(first), true);
            }
            if shared.is_latest(job.seq) {
                answer(searcher.search(&job.query), false);
            }
        }));
        if outcome.is_err() {
            answer(Err("search failed: internal error".into()), false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::time::{Duration, Instant};

    /// Answers after `delay` (20 s for a query starting "slow") unless
    /// interrupted, with one id per byte of the query.
    struct Slow {
        delay: Duration,
        stop: Arc<AtomicBool>,
    }

    impl Searcher for Slow {
        fn preview(&mut self, _: &str) -> Option<Vec<ArticleId>> {
            None
        }

        fn search(&mut self, query: &str) -> Result<Vec<ArticleId>, String> {
            self.stop.store(false, Ordering::SeqCst);
            let delay = if query.starts_with("slow") {
                Duration::from_secs(20)
            } else {
                self.delay
            };
            let start = Instant::now();
            while start.elapsed() < delay {
                if self.stop.load(Ordering::SeqCst) {
                    return Err("interrupted".into());
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            Ok((0..query.len() as u64).map(ArticleId).collect())
        }

        fn interrupter(&self) -> Interrupt {
            let stop = Arc::clone(&self.stop);
            Arc::new(move || stop.store(true, Ordering::SeqCst))
        }
    }

    fn slow(delay: Duration) -> OpenSearcher {
        Box::new(move || {
            Ok(Box::new(Slow {
                delay,
                stop: Arc::new(AtomicBool::new(false)),
            }) as Box<dyn Searcher>)
        })
    }

    #[test]
    fn a_newer_query_interrupts_the_running_one() {
        let (tx, rx) = channel();
        let worker = SearchWorker::spawn(slow(Duration::from_millis(10)), tx).unwrap();
        worker.submit(1, "slow s".into());
        std::thread::sleep(Duration::from_millis(100));
        let start = Instant::now();
        worker.submit(2, "st".into());
        let got = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "waited for the stale search"
        );
        assert_eq!(
            got,
            Action::Searched {
                seq: 2,
                result: Ok((0..2).map(ArticleId).collect()),
                partial: false
            }
        );
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
    }

    #[test]
    fn answers_come_for_the_latest_query_only() {
        let (tx, rx) = channel();
        let worker = SearchWorker::spawn(slow(Duration::from_millis(300)), tx).unwrap();
        for (seq, q) in [(1, "s"), (2, "st"), (3, "sta"), (4, "star")] {
            worker.submit(seq, q.into());
        }
        let got = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(
            got,
            Action::Searched {
                seq: 4,
                result: Ok((0..4).map(ArticleId).collect()),
                partial: false
            }
        );
        assert!(rx.recv_timeout(Duration::from_millis(400)).is_err());
    }

    #[test]
    fn dropping_the_worker_mid_search_returns_at_once() {
        let (tx, rx) = channel();
        let worker = SearchWorker::spawn(slow(Duration::from_secs(30)), tx).unwrap();
        worker.submit(1, "s".into());
        std::thread::sleep(Duration::from_millis(50));
        let start = Instant::now();
        drop(worker);
        assert!(start.elapsed() < Duration::from_millis(100));
        // The interrupted search ends soon and sends nothing.
        assert!(matches!(
            rx.recv_timeout(Duration::from_secs(2)),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
        ));
    }

    #[test]
    fn a_searcher_that_cannot_open_answers_with_its_reason() {
        let (tx, rx) = channel();
        let open: OpenSearcher = Box::new(|| Err("library is locked".into()));
        let worker = SearchWorker::spawn(open, tx).unwrap();
        worker.submit(7, "x".into());
        match rx.recv_timeout(Duration::from_secs(5)).unwrap() {
            Action::Searched {
                seq: 7,
                result: Err(e),
                partial: false,
            } => assert!(e.contains("library is locked"), "{e}"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
