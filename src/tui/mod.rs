//! The terminal interface: article list, reader and entity side panel.
//!
//! Shaped like helix and gitui: [`App`] is the state, every key, click and
//! resize becomes an [`Action`], [`update`] applies it, and [`render`] draws
//! the state without side effects. One [`Keymap`] table maps keys to actions
//! and also generates the help overlay. The data comes through the small
//! [`Source`] trait, which the SQLite library implements.

mod app;
mod feeds;
mod find;
mod keymap;
mod library;
mod search;
mod source;
mod text;
mod theme;
mod view;
mod views;

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use crossterm::event::{
    self, Event, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::extract::ExtractorRef;

pub use app::{Action, App, Effect, Pane, Reader, Search, Side, is_web_url, split_save, update};
pub use feeds::{AutoFetch, FeedRow, FeedsPane, FetchLog, LastFetch};
pub use find::{Find, Match};
pub use keymap::{Binding, Key, Keymap, Mode};
pub use library::{WordIndexAt, library_searcher};
pub use search::{Interrupt, OpenSearcher, SearchWorker, Searcher};
pub use source::{Meta, Order, Source, order_by_meta};
pub use text::{PLACEHOLDER, article_lines, fit, safe};
pub use theme::{DEFAULT_DATE_FORMAT, Palette, Role, Theme, parse_color};
pub use view::{Areas, PaneWidths, layout, render};
pub use views::{Bucket, Data, Overview, Picture, Said, Series, Timeline, ViewKind};

/// The library the TUI opens: `--db`, `GAZETTE_DB`, or the default under
/// `$XDG_DATA_HOME`; a new library starts with the bundled seed articles.
/// One gazette may not write is opened read-only, with a note for the
/// status line. `extractor` seeds a new library and re-extracts articles
/// for display.
pub fn open_source(
    db: Option<&Path>,
    extractor: ExtractorRef,
) -> Result<(Box<dyn Source>, Option<String>)> {
    use crate::store::{DEFAULT_BUSY_TIMEOUT, Library, Seeding, default_path};
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => default_path()?,
    };
    let library = Library::open_for_reading(&path, Seeding::Seed(extractor), DEFAULT_BUSY_TIMEOUT)
        .context("opening the library")?;
    let note = library.read_only_note();
    Ok((Box::new(library), note))
}

/// The action a terminal event means in the app's current state, if any.
pub fn action_for(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            if let Some(a) = app.keymap.lookup(app.mode(), k) {
                return Some(a.clone());
            }
            if app.help.is_some() {
                return Some(Action::ToggleHelp);
            }
            // Any key closes the fetch log (its scroll keys scroll it).
            if app.log.is_some() {
                return Some(Action::ShowFetchLog);
            }
            match k.code {
                KeyCode::Char(c)
                    if !k
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    match app.mode() {
                        Mode::Filter => Some(Action::FilterInput(c)),
                        Mode::Find => Some(Action::FindInput(c)),
                        Mode::Normal | Mode::Feeds => None,
                    }
                }
                _ => None,
            }
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::Wheel {
                column: m.column,
                row: m.row,
                down: m.kind == MouseEventKind::ScrollDown,
            }),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Paste(text) if app.mode() == Mode::Filter => Some(Action::FilterPaste(text.clone())),
        _ => None,
    }
}

/// Puts the terminal back: raw mode off, main screen, cursor shown. Safe to
/// call more than once and from the panic hook.
fn restore_terminal() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        event::DisableMouseCapture,
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
}

/// The terminal's settings before raw mode, for [`restore_on_abort`].
static COOKED: std::sync::OnceLock<libc::termios> = std::sync::OnceLock::new();

/// Puts the terminal back when the process aborts, which no panic hook or
/// destructor sees: a stack overflow in any thread, a panic while
/// panicking, `abort()` in a library. The handler uses only what a signal
/// handler may (`tcsetattr`, `write`), then lets the abort go on. Runs on
/// the alternate signal stack, where Rust's stack-overflow handler calls
/// `abort()` from.
fn restore_on_abort() {
    // SAFETY: tcgetattr fills the zeroed termios it is given; sigaction
    // installs a handler that only calls async-signal-safe functions.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(0, &mut t) != 0 || COOKED.set(t).is_err() {
            return;
        }
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_abort as *const () as libc::sighandler_t;
        action.sa_flags = libc::SA_ONSTACK | libc::SA_RESETHAND;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGABRT, &action, std::ptr::null_mut());
    }
}

extern "C" fn on_abort(_: libc::c_int) {
    // Mouse reporting off, main screen, cursor shown.
    const RESET: &[u8] =
        b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h";
    // SAFETY: tcsetattr and write are async-signal-safe; COOKED was set
    // before the handler was installed and is never changed after.
    unsafe {
        if let Some(t) = COOKED.get() {
            libc::tcsetattr(0, libc::TCSANOW, t);
        }
        libc::write(1, RESET.as_ptr().cast(), RESET.len());
    }
    // SA_RESETHAND put the default action back: returning lets abort()
    // raise SIGABRT again and end the process as it meant to.
}

/// Ends the reader when its terminal goes away (a closed window, a dropped
/// ssh session). crossterm then reads end-of-file in a loop inside
/// `event::read` and never returns to the event loop, which would spin for
/// ever; this thread notices the hang-up (or a stop signal the loop has not
/// honoured within a second), restores what it can and exits. The library
/// needs no goodbye: every write is its own committed transaction.
fn watch_for_hangup(stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let mut stopping_since: Option<std::time::Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(250));
            if stdin_hung_up() {
                stop.store(true, Ordering::Relaxed);
            }
            if stop.load(Ordering::Relaxed) {
                let since = *stopping_since.get_or_insert_with(std::time::Instant::now);
                if since.elapsed() >= Duration::from_secs(1) {
                    restore_terminal();
                    std::process::exit(129);
                }
            }
        }
    });
}

/// True when the terminal on stdin has hung up.
fn stdin_hung_up() -> bool {
    let mut fd = libc::pollfd {
        fd: 0,
        events: 0,
        revents: 0,
    };
    // SAFETY: `fd` is one valid pollfd for the duration of the call, and a
    // zero timeout never blocks.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLNVAL) != 0
}

/// Restores the terminal when dropped, on every way out of [`run`].
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// The app as the configuration sets it up: theme (`no_color` is
/// `NO_COLOR`), pane widths, keys, saved and default filters, side panel.
/// A key remapping that fails is left in the status line.
pub fn configured_app(
    source: Box<dyn Source>,
    query: &str,
    size: (u16, u16),
    config: &crate::config::Config,
    no_color: bool,
) -> App {
    let query = if query.trim().is_empty() {
        config.ui.default_filter.as_str()
    } else {
        query
    };
    let mut app = App::new(source, query, size, Theme::from_config(config, no_color));
    app.set_panes(PaneWidths::from_config(&config.ui));
    let remapped = app.keymap.remap(&config.keys).err();
    if !config.filters.is_empty() {
        app.saved = config.filters.clone();
        // A start query naming a saved filter failed in `App::new`; it opened
        // the bar to show the error, which is now gone.
        app.refilter();
        app.bar_open = app.error.is_some();
    }
    if config.fetch.reload_minutes > 0 {
        app.auto_fetch = Some(AutoFetch {
            every: Duration::from_secs(u64::from(config.fetch.reload_minutes) * 60),
            next: None,
        });
    }
    if config.ui.aggregate_side_panel {
        update(&mut app, Action::ToggleAggregate);
    }
    app.status = remapped.or(app.status.take());
    app
}

/// Runs the interface on `source` until the user quits or SIGTERM arrives.
/// `config` supplies the theme, key remapping and default filter;
/// `extractor` extracts what a fetch stores; `problem` (a bad configuration
/// file) is shown in the status line.
pub fn run(
    source: Box<dyn Source>,
    query: &str,
    config: &crate::config::Config,
    extractor: ExtractorRef,
    problem: Option<String>,
) -> Result<()> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        bail!("the reader needs a terminal; for scripts use `gazette entities` or `gazette show`");
    }
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        // A second signal while the first is being handled ends the process.
        signal_hook::flag::register_conditional_shutdown(sig, 1, Arc::clone(&stop))
            .context("installing a signal handler")?;
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .context("installing a signal handler")?;
    }
    watch_for_hangup(Arc::clone(&stop));
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Only the interface thread's panic ends the reader. A worker's (the
        // feed parser's, caught and reported as one failed feed) must neither
        // tear the screen down nor print over it.
        if std::thread::current().name() == Some("main") {
            restore_terminal();
            previous(info);
        }
    }));

    restore_on_abort();
    terminal::enable_raw_mode().context("switching the terminal to raw mode")?;
    let _restore = Restore;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste,
        cursor::Hide
    )
    .context("setting up the terminal")?;
    let mut term =
        Terminal::new(CrosstermBackend::new(io::stdout())).context("opening the terminal")?;
    let size = term.size().context("reading the terminal size")?;
    let mut app = configured_app(
        source,
        query,
        (size.width, size.height),
        config,
        theme::no_color_env(),
    );
    app.status = problem.or(app.status.take());

    // Background work reports back as actions through this channel.
    let (tx, rx) = std::sync::mpsc::channel::<Action>();
    // Dropped on the way out without waiting: it interrupts its search.
    let searcher = app
        .source
        .searcher()
        .and_then(|open| SearchWorker::spawn(open, tx.clone()).ok());
    app.search.background = searcher.is_some();
    let mut dirty = true;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        while let Ok(action) = rx.try_recv() {
            update(&mut app, action);
            dirty = true;
        }
        // `[fetch] reload_minutes`: a due reload starts in the background.
        update(&mut app, Action::Tick(std::time::Instant::now()));
        dirty |= !app.effects.is_empty();
        // crossterm loses a window-size signal that arrives in the same poll
        // as a key (its event source returns the key and drops the rest of
        // that batch), which would leave the layout at the old size until the
        // next resize. Asking the size is one ioctl, so the loop asks on every
        // turn (at least every 250 ms) instead of trusting resize events alone.
        if let Ok(size) = term.size()
            && (size.width, size.height) != app.size
        {
            update(&mut app, Action::Resize(size.width, size.height));
            dirty = true;
        }
        // A fetch's end refilters: its search may go to the worker.
        if dispatch(&mut app, searcher.as_ref(), config, extractor, &tx) {
            clear_screen(&mut term)?;
            dirty = true;
        }
        if dirty {
            term.draw(|f| render(&app, f)).context("drawing")?;
            dirty = false;
            // Lets a test reach the panic path of a running reader.
            if std::env::var_os("GAZETTE_TEST_PANIC").is_some() {
                panic!("GAZETTE_TEST_PANIC is set");
            }
            // And the abort of another thread (a stack overflow, say).
            if std::env::var_os("GAZETTE_TEST_ABORT").is_some() {
                let _ = std::thread::spawn(|| std::process::abort()).join();
            }
        }
        // Input and the worker's answer arrive on different channels: while
        // one is due, look at the channel often.
        let wait = if app.search.pending { 4 } else { 250 };
        if !event::poll(Duration::from_millis(wait)).context("reading input")? {
            continue;
        }
        // Apply every queued event before drawing again, so fast typing and
        // wheel bursts cost one frame.
        loop {
            let ev = event::read().context("reading input")?;
            if let Some(action) = action_for(&app, &ev) {
                update(&mut app, action);
                dirty = true;
            }
            if dispatch(&mut app, searcher.as_ref(), config, extractor, &tx) {
                clear_screen(&mut term)?;
            }
            if app.quit || !event::poll(Duration::ZERO).context("reading input")? {
                break;
            }
        }
    }
    term.show_cursor().ok();
    io::stdout().flush().ok();
    Ok(())
}

/// Clears the terminal and forgets what is on it, so the next frame draws
/// every cell. (`Terminal::clear` would first ask the terminal where its
/// cursor is, and wait two seconds for a terminal that does not answer.)
fn clear_screen(term: &mut Terminal<CrosstermBackend<io::Stdout>>) -> Result<()> {
    let size = term.size().context("reading the terminal size")?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
        .context("clearing the screen")
}

/// Carries out the effects `update` left: searches go to the worker.
/// Returns true when the screen is to be cleared before the next frame.
fn dispatch(
    app: &mut App,
    searcher: Option<&SearchWorker>,
    config: &crate::config::Config,
    extractor: ExtractorRef,
    tx: &std::sync::mpsc::Sender<Action>,
) -> bool {
    let mut clear = false;
    for effect in app.take_effects() {
        match effect {
            Effect::Search { seq, query } => {
                if let Some(worker) = searcher {
                    worker.submit(seq, query);
                }
            }
            Effect::Redraw => clear = true,
            effect => {
                let location = app.source.location();
                let status = perform(effect, location, config, extractor, tx);
                if !status.is_empty() {
                    app.status = Some(status);
                }
            }
        }
    }
    clear
}

/// Fetches every subscription (or those of `only`) into the library at
/// `path`, extracting with `extractor`, reporting progress and, before its
/// summary, its line per feed (for the fetch log).
fn fetch_in_background(
    path: &Path,
    fetch: &crate::config::Fetch,
    extractor: ExtractorRef,
    tx: &std::sync::mpsc::Sender<Action>,
    only: Option<&[crate::store::FeedId]>,
) -> Result<String> {
    // Opening a path that is gone would create a new, empty library.
    library::still_there(path).map_err(anyhow::Error::msg)?;
    use crate::store::{DEFAULT_BUSY_TIMEOUT, Library, Seeding};
    let mut lib = Library::open_with(path, Seeding::Seed(extractor), DEFAULT_BUSY_TIMEOUT)
        .context("opening the library")?;
    let mut feeds = lib.feeds()?;
    if let Some(only) = only {
        feeds.retain(|f| only.contains(&f.id));
        if feeds.is_empty() {
            return Ok("that feed is no longer subscribed to".into());
        }
    }
    if feeds.is_empty() {
        return Ok("no subscriptions; add one with `gazette feeds add URL`".into());
    }
    let tx = std::sync::Mutex::new(tx.clone());
    let report = crate::feeds::sync::fetch_into(
        &mut lib,
        extractor.get(),
        &feeds,
        fetch.options(),
        fetch.full_text,
        |done, total| {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(Action::FetchProgress { done, total });
            }
        },
    )?;
    if let Ok(tx) = tx.lock() {
        let _ = tx.send(Action::FetchLines(report.lines.clone()));
    }
    let purged = lib.purge_old_read(fetch.keep_days)?;
    Ok(if purged > 0 {
        format!(
            "{}; deleted {purged} read articles older than {} days (keep_days)",
            report.summary(),
            fetch.keep_days
        )
    } else {
        report.summary()
    })
}

/// Downloads the full text of article `id` into the library at `path`
/// (see [`crate::feeds::sync::fetch_full_text`]); the status line to show,
/// what it did or why it did not, a panic included.
fn full_text_in_background(
    path: &Path,
    opts: crate::feeds::FetchOptions,
    extractor: ExtractorRef,
    id: crate::article::ArticleId,
) -> String {
    use crate::feeds::sync::{FullTextError, fetch_full_text};
    let run = || -> Result<String> {
        library::still_there(path).map_err(anyhow::Error::msg)?;
        use crate::store::{DEFAULT_BUSY_TIMEOUT, Library, Seeding};
        let mut lib = Library::open_with(path, Seeding::Seed(extractor), DEFAULT_BUSY_TIMEOUT)
            .context("opening the library")?;
        Ok(fetch_full_text(&mut lib, extractor.get(), id, opts)?)
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => match e.downcast_ref::<FullTextError>() {
            Some(e) => e.to_string(),
            None => format!("full text not read: {e:#}"),
        },
        Err(_) => "full text not read: it stopped on an internal error".into(),
    }
}

/// The status line a background fetch ends with: its summary, or why it
/// failed, a panic included, so the reader never stays "fetching" for ever.
fn fetch_summary(fetch: impl FnOnce() -> Result<String>) -> String {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(fetch)) {
        Ok(Ok(summary)) => summary,
        Ok(Err(e)) => format!("fetch failed: {e:#}"),
        Err(_) => "fetch failed: it stopped on an internal error".into(),
    }
}

/// The browser command for `o`: the config's `browser`, else the first
/// program of `$BROWSER` (a colon-separated list), else the desktop's opener.
/// Words after the program are its arguments; the URL comes last, as one
/// argument, never through a shell.
pub fn browser_command(configured: &str, env: Option<&str>) -> Vec<String> {
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    if !configured.trim().is_empty() {
        return words(configured);
    }
    if let Some(first) = env
        .unwrap_or_default()
        .split(':')
        .map(str::trim)
        .find(|p| !p.is_empty())
    {
        return words(first);
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    vec![opener.to_string()]
}

/// Carries out an effect; returns the status line to show.
fn perform(
    effect: Effect,
    library: Option<std::path::PathBuf>,
    config: &crate::config::Config,
    extractor: ExtractorRef,
    tx: &std::sync::mpsc::Sender<Action>,
) -> String {
    match effect {
        Effect::SaveFilter { name, query } => {
            let Some(path) = crate::paths::default_config() else {
                return format!("@{name} kept until you quit: no config directory (HOME unset)");
            };
            match crate::config::save_filter(&path, &name, &query) {
                Ok(()) => format!("saved @{name} in {}", path.display()),
                Err(e) => format!("@{name} kept until you quit, not saved: {e}"),
            }
        }
        Effect::Fetch | Effect::FetchFeeds(_) => {
            let only = match effect {
                Effect::FetchFeeds(ids) => Some(ids),
                _ => None,
            };
            let one = only.is_some();
            let Some(path) = library else {
                let _ = tx.send(Action::FetchDone("no library to fetch into".into()));
                return "no library to fetch into".into();
            };
            let tx = tx.clone();
            let fetch = config.fetch.clone();
            // The worker has its own connection: SQLite (WAL) lets the reader
            // keep reading while it writes.
            std::thread::spawn(move || {
                let summary = fetch_summary(|| {
                    fetch_in_background(&path, &fetch, extractor, &tx, only.as_deref())
                });
                let _ = tx.send(Action::FetchDone(summary));
            });
            // A reload from the feeds pane keeps the status it set.
            if one {
                String::new()
            } else {
                "fetching feeds…".into()
            }
        }
        Effect::FetchFullText(id) => {
            let Some(path) = library else {
                let message = "no library to store the full text in".to_string();
                let _ = tx.send(Action::FullTextDone {
                    id,
                    message: message.clone(),
                });
                return message;
            };
            let tx = tx.clone();
            let opts = config.fetch.options();
            std::thread::spawn(move || {
                let message = full_text_in_background(&path, opts, extractor, id);
                let _ = tx.send(Action::FullTextDone { id, message });
            });
            "fetching the full text…".into()
        }
        // Carried out by the event loop.
        Effect::Search { .. } | Effect::Redraw => String::new(),
        Effect::OpenUrl(url) => {
            if !is_web_url(&url) {
                return "not an http(s) link; not opened".into();
            }
            let command =
                browser_command(&config.ui.browser, std::env::var("BROWSER").ok().as_deref());
            let Some((program, args)) = command.split_first() else {
                return "no browser to open links".into();
            };
            let spawned = Command::new(program)
                .args(args)
                .arg(&url)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn();
            match spawned {
                Ok(_) => format!("opened {url}"),
                Err(e) => format!("cannot run {program}: {e}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{browser_command, fetch_summary};

    #[test]
    fn a_fetch_that_panics_still_ends_with_a_report() {
        let summary = fetch_summary(|| panic!("overflow"));
        assert_eq!(summary, "fetch failed: it stopped on an internal error");
        assert_eq!(
            fetch_summary(|| Err(anyhow::anyhow!("no disk"))),
            "fetch failed: no disk"
        );
    }

    #[test]
    fn the_configured_browser_comes_first_then_browser_env_then_the_opener() {
        assert_eq!(
            browser_command("firefox --new-tab", Some("lynx:w3m")),
            ["firefox", "--new-tab"]
        );
        assert_eq!(
            browser_command("", Some(" :lynx -dump:w3m")),
            ["lynx", "-dump"]
        );
        let opener = browser_command("  ", None);
        assert_eq!(opener.len(), 1);
        assert!(opener[0] == "xdg-open" || opener[0] == "open");
    }
}
