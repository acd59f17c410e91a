//! Searches answered in the background: the interface shows the latest
//! query's answer only, a failed search says why where the query is typed,
//! and the real worker's answers add up to what a direct search gives.

use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use gazette::store::Library;
use gazette::tui::{self, Action, App, Effect, OpenSearcher, SearchWorker, Theme};

fn library(dir: &tempfile::TempDir) -> Library {
    Library::open(&dir.path().join("lib.db")).unwrap()
}

/// A reader on the seed library whose slow searches go to a worker.
fn app(dir: &tempfile::TempDir) -> App {
    let mut app = App::new(Box::new(library(dir)), "", (120, 40), Theme::dark());
    app.search.background = true;
    tui::update(&mut app, Action::OpenFilter);
    app
}

fn type_char(app: &mut App, c: char) -> Vec<Effect> {
    tui::update(app, Action::FilterInput(c));
    app.take_effects()
}

/// The one background search an effect list asks for.
fn asked(effects: &[Effect]) -> (u64, String) {
    match effects {
        [Effect::Search { seq, query }] => (*seq, query.clone()),
        other => panic!("expected one search, got {other:?}"),
    }
}

fn screen(app: &App) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    term.draw(|f| tui::render(app, f)).unwrap();
    let buf = term.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn direct(dir: &tempfile::TempDir, q: &str) -> Vec<gazette::ArticleId> {
    library(dir)
        .search(&gazette::query::parse(q).unwrap())
        .unwrap()
}

#[test]
fn stale_answers_never_replace_newer_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    let all = app.ids.clone();
    assert_eq!(all.len(), 3);
    let (old, q) = asked(&type_char(&mut app, 'b'));
    assert_eq!(q, "b");
    let (new, q) = asked(&type_char(&mut app, 'i'));
    assert_eq!(q, "bi");
    assert!(new > old);
    // Typing shows the query and the previous results, marked as searching.
    assert_eq!(app.ids, all);
    let shown = screen(&app);
    assert!(shown.contains("/bi"), "{shown}");
    assert!(shown.contains("3 of 3 · searching…"), "{shown}");

    let want = direct(&dir, "bi");
    assert!(want.len() == 2, "seeds changed: {want:?}");
    let answer = |seq, result, partial| Action::Searched {
        seq,
        result,
        partial,
    };
    // The older query's answer, arriving late, changes nothing.
    tui::update(&mut app, answer(old, Ok(vec![]), false));
    assert_eq!(app.ids, all);
    assert!(app.search.pending);
    // The first page shows at once, still marked as searching.
    tui::update(&mut app, answer(new, Ok(want[..1].to_vec()), true));
    assert_eq!(app.ids, want[..1]);
    assert!(screen(&app).contains("1+ of 3 · searching…"));
    tui::update(&mut app, answer(old, Ok(all.clone()), false));
    assert_eq!(app.ids, want[..1]);
    tui::update(&mut app, answer(new, Ok(want.clone()), false));
    assert_eq!(app.ids, want);
    assert!(!app.search.pending);
    assert!(!screen(&app).contains("searching"));
    // Nothing after the full answer replaces it, not even its own preview.
    tui::update(&mut app, answer(new, Ok(vec![]), true));
    assert_eq!(app.ids, want);

    // A search answered at once (an entity chip) makes a pending one stale.
    let (pending, _) = asked(&type_char(&mut app, 'l'));
    tui::update(&mut app, Action::FilterClear);
    assert!(app.take_effects().is_empty(), "an empty query is quick");
    tui::update(&mut app, answer(pending, Ok(vec![]), false));
    assert_eq!(app.ids, all);
}

#[test]
fn a_failed_search_shows_inline_and_keeps_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    let all = app.ids.clone();
    let (seq, _) = asked(&type_char(&mut app, 'w'));
    tui::update(
        &mut app,
        Action::Searched {
            seq,
            result: Err("database disk image is malformed".into()),
            partial: false,
        },
    );
    assert_eq!(app.ids, all);
    assert!(!app.search.pending);
    let shown = screen(&app);
    assert!(
        shown.contains("/w  ✗ database disk image is malformed"),
        "{shown}"
    );
    // A malformed query is answered at once, without the worker.
    assert!(type_char(&mut app, ':').is_empty());
    assert!(app.error.as_deref().is_some_and(|e| e.contains("column")));
}

/// Runs every search the app asks for on `worker` and applies the answers
/// as they come, until the latest search has answered in full.
fn settle(app: &mut App, worker: &SearchWorker, answers: &std::sync::mpsc::Receiver<Action>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        for effect in app.take_effects() {
            if let Effect::Search { seq, query } = effect {
                worker.submit(seq, query);
            }
        }
        if !app.search.pending {
            return;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let action = answers.recv_timeout(left).expect("the worker answers");
        tui::update(app, action);
    }
}

#[test]
fn the_worker_answers_typing_with_what_a_direct_search_gives() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    let (tx, rx) = channel();
    let worker = SearchWorker::spawn(app.source.searcher().unwrap(), tx).unwrap();
    // Fast typing: every keystroke's search is submitted before any answer.
    for c in "trum".chars() {
        tui::update(&mut app, Action::FilterInput(c));
        for effect in app.take_effects() {
            if let Effect::Search { seq, query } = effect {
                worker.submit(seq, query);
            }
        }
    }
    settle(&mut app, &worker, &rx);
    assert_eq!(app.ids, direct(&dir, "trum"));
    assert!(app.error.is_none());
    // Slow typing: each search answered before the next key.
    for (c, q) in [(' ', "trum"), ('-', "trum"), ('w', "trum -w")] {
        tui::update(&mut app, Action::FilterInput(c));
        settle(&mut app, &worker, &rx);
        assert_eq!(app.ids, direct(&dir, q), "{q:?}");
    }
    assert!(app.ids.is_empty());
    // Marks made while reading reach the worker's connection.
    for _ in 0.."trum -w".len() {
        tui::update(&mut app, Action::FilterBackspace);
    }
    assert_eq!(app.ids.len(), 3, "an empty query is answered at once");
    let first = app.ids[0];
    app.source.set_read(first, true).unwrap();
    for c in "is:read tr".chars() {
        tui::update(&mut app, Action::FilterInput(c));
    }
    settle(&mut app, &worker, &rx);
    assert_eq!(app.ids, [first]);
}

#[test]
fn a_worker_that_cannot_search_says_why_in_the_bar() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    let (tx, rx) = channel();
    let open: OpenSearcher = Box::new(|| Err("unable to open database file".into()));
    let worker = SearchWorker::spawn(open, tx).unwrap();
    tui::update(&mut app, Action::FilterInput('x'));
    settle(&mut app, &worker, &rx);
    let shown = screen(&app);
    assert!(shown.contains("unable to open database file"), "{shown}");
}
