//! A star or read mark the library cannot store (another process holds the
//! write lock past the reader's patience) is reported, not silently lost.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use gazette::store::{Library, Seeding};
use gazette::tui::{self, App, Theme};

fn press(app: &mut App, c: char) {
    let ev = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    if let Some(action) = tui::action_for(app, &ev) {
        tui::update(app, action);
    }
}

#[test]
fn a_star_that_cannot_be_stored_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    drop(Library::open(&db).unwrap());
    let lib = Library::open_with(&db, Seeding::NoSeed, Duration::from_millis(50)).unwrap();
    let mut app = App::new(Box::new(lib), "", (100, 30), Theme::plain());

    let holder = rusqlite::Connection::open(&db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE feeds SET name = name;")
        .unwrap();
    press(&mut app, 's');
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("star not saved") && status.contains("busy"),
        "{status}"
    );
    press(&mut app, 'm');
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("read mark not saved")
    );

    holder.execute_batch("COMMIT").unwrap();
    app.status = None;
    press(&mut app, 's');
    assert_eq!(app.status, None);
    let starred: i64 = holder
        .query_row("SELECT count(*) FROM articles WHERE starred = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(starred, 1);
}

/// On a read-only library the reader still reads: read marks last for the
/// session without an error each time, and a star says why it is not kept.
#[test]
fn on_a_read_only_library_reading_works_and_a_star_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    drop(Library::open(&db).unwrap());
    let before = std::fs::read(&db).unwrap();
    let lib = Library::open_read_only(&db, Duration::from_millis(50)).unwrap();
    let mut app = App::new(Box::new(lib), "", (100, 30), Theme::plain());
    press(&mut app, 'j');
    press(&mut app, 'm');
    assert_eq!(app.status, None);
    press(&mut app, 's');
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("star not saved") && status.contains("read-only"),
        "{status}"
    );
    drop(app);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
