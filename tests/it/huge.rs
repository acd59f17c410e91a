//! Huge inputs through the real binary: refused with a message or stored cut
//! to size, and nothing already in the library lost. The full-size runs (a
//! 1 GiB file, a 100 MB line, a million-item feed, a gzip bomb) with their
//! peak memory are `tools/huge_inputs.sh`; these are the CI-sized ones.

use std::path::Path;
use std::process::{Command, Output};

use gazette::pipeline::{MAX_PARAGRAPH, MAX_TITLE};

fn gazette(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gazette"));
    c.arg("--db").arg(db).env_remove("GAZETTE_DB");
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn count(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_file_just_over_the_cap_is_skipped_unread() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let big = dir.path().join("big.txt");
    // Sparse: nothing is written, and gazette must not read it either.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(gazette::ingest::MAX_FILE_BYTES + 1)
        .unwrap();
    assert!(gazette(&db).arg("list").output().unwrap().status.success());
    let o = gazette(&db).arg("import").arg(&big).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("over the 16777216-byte limit"),
        "{}",
        stderr(&o)
    );
    assert_eq!(count(&db), 3, "the seeds are still there");
}

#[test]
fn a_megabyte_title_a_megabyte_line_and_html_100000_deep_are_stored_cut_to_size() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let files = dir.path().join("in");
    std::fs::create_dir(&files).unwrap();
    let sentence = "Keir Starmer met officials in France and Germany about trade. ";
    let line = sentence.repeat((1 << 20) / sentence.len());
    std::fs::write(files.join("line.txt"), format!("Headline\n\n{line}\n")).unwrap();
    std::fs::write(
        files.join("title.txt"),
        format!("{line}\n\nA short body about France.\n"),
    )
    .unwrap();
    let deep = format!(
        "<html><body>{}<p>Keir Starmer visited France, and the story went on at length.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    std::fs::write(files.join("deep.html"), deep).unwrap();
    assert!(gazette(&db).arg("list").output().unwrap().status.success());

    let o = gazette(&db).arg("import").arg(&files).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 new"), "{}", stderr(&o));
    assert_eq!(count(&db), 6);
    let c = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = c.prepare("SELECT title, body FROM article_text").unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (title, body) in &rows {
        assert!(title.len() <= MAX_TITLE, "a {}-byte title", title.len());
        assert!(
            body.split("\n\n").all(|p| p.len() <= MAX_PARAGRAPH),
            "a paragraph over {MAX_PARAGRAPH} bytes"
        );
    }
    // Nothing of the long line was dropped: it was split, not cut.
    let line_body = &rows.iter().find(|(t, _)| t.starts_with("Keir")).unwrap();
    let stored: usize = rows
        .iter()
        .map(|(_, b)| b.matches("about trade.").count())
        .max()
        .unwrap();
    assert_eq!(stored, line.len() / sentence.len());
    assert!(line_body.0.ends_with('…'));
    // The people in them were still found.
    let o = gazette(&db)
        .args(["list", "person:starmer"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&o.stdout).lines().count() >= 3,
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn a_feed_file_over_the_entry_cap_is_imported_up_to_it_and_says_how_many_were_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let over = 7;
    let items: String = (0..gazette::feeds::MAX_ENTRIES + over)
        .map(|i| format!("<item><guid>g{i}</guid><title>T{i}</title></item>"))
        .collect();
    let feed = dir.path().join("many.rss");
    std::fs::write(
        &feed,
        format!("<rss version=\"2.0\"><channel><title>many</title>{items}</channel></rss>"),
    )
    .unwrap();
    let o = gazette(&db).arg("import").arg(&feed).output().unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let warning = format!(
        "many.rss: {over} more entries not read (a feed is read up to {} entries)",
        gazette::feeds::MAX_ENTRIES
    );
    assert!(err.contains(&warning), "{err}");
    assert!(
        err.contains(&format!("{} read", gazette::feeds::MAX_ENTRIES)),
        "{err}"
    );
    assert_eq!(count(&db), 3 + gazette::feeds::MAX_ENTRIES as i64);
}
