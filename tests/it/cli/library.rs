//! The library commands as a user runs them: real processes on a real file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn gazette(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gazette"));
    c.arg("--db").arg(db).env_remove("GAZETTE_DB");
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("gazette runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `n` small articles; every fifth names Keir Starmer, every third France.
fn write_articles(dir: &Path, n: usize) -> PathBuf {
    let root = dir.join("articles");
    for i in 0..n {
        let sub = root.join(format!("{:03}", i / 500));
        std::fs::create_dir_all(&sub).unwrap();
        let mut body = format!("Story number {i} about the economy.\n\nMarkets moved on day {i}.");
        if i % 5 == 0 {
            body.push_str("\n\nPrime Minister Keir Starmer said the plan would work.");
        }
        if i % 3 == 0 {
            body.push_str("\n\nOfficials in France disagreed with the plan.");
        }
        std::fs::write(
            sub.join(format!("{i:05}.txt")),
            format!("Headline {i}\n\n{body}\n"),
        )
        .unwrap();
    }
    root
}

#[test]
fn import_list_show_and_reimport() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let files = write_articles(dir.path(), 12);
    std::fs::write(files.join("bad.txt"), b"ELF\0\0").unwrap();

    let o = run(gazette(&db).arg("import").arg(&files));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("12 new, 0 updated, 0 unchanged, 1 skipped"),
        "{err}"
    );
    assert!(err.contains("bad.txt: skipped, it looks binary"), "{err}");

    let o = run(gazette(&db).arg("import").arg(&files));
    assert!(
        stderr(&o).contains("0 new, 0 updated, 12 unchanged"),
        "{}",
        stderr(&o)
    );

    let one = files.join("000/00003.txt");
    std::fs::write(&one, "Headline 3, revised\n\nA new body.\n").unwrap();
    let o = run(gazette(&db).arg("import").arg(&one));
    assert!(
        stderr(&o).contains("0 new, 1 updated, 0 unchanged"),
        "{}",
        stderr(&o)
    );

    let o = run(gazette(&db).args(["list", "revised"]));
    assert!(o.status.success());
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    let id = out.split_whitespace().next().unwrap().to_string();
    assert_eq!(id.len(), 16);

    // 12 imported + 3 seeds.
    let o = run(gazette(&db).args(["list", "--json"]));
    let records: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 15);
    for key in [
        "id",
        "title",
        "date",
        "source",
        "people",
        "countries",
        "issues",
    ] {
        assert!(
            records[0].get(key).is_some(),
            "missing {key}: {}",
            records[0]
        );
    }
    let o = run(gazette(&db).args(["list", "--limit", "2", "headline"]));
    assert_eq!(stdout(&o).lines().count(), 2);

    let o = run(gazette(&db).args(["show", &id[..8], "--width", "60"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Headline 3, revised"),
        "{}",
        stdout(&o)
    );
    // A path still shows the file.
    let o = run(gazette(&db).arg("show").arg(&one));
    assert!(stdout(&o).starts_with("Headline 3, revised"));
    let o = run(gazette(&db).args(["show", "fffffffffffffff0"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no article in the library"),
        "{}",
        stderr(&o)
    );

    let o = run(gazette(&db).args(["list", "nosuchwordanywhere"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
}

#[test]
fn malformed_queries_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    for args in [
        ["list", "peple:trump"],
        ["people", "a (b"],
        ["countries", "is:new"],
    ] {
        let o = run(gazette(&db).args(args));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("column"), "{err}");
    }
    let o = run(gazette(&db).args(["list", "peple:trump"]));
    assert!(stderr(&o).contains("did you mean 'people:'/'person:'?"));
}

#[test]
fn import_of_nothing_readable_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let o = run(gazette(&db)
        .arg("import")
        .arg(dir.path().join("missing.txt")));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no article was read"));
}

#[test]
fn a_newer_library_is_refused_by_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 7;")
        .unwrap();
    let o = run(gazette(&db).arg("list"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("newer gazette"), "{}", stderr(&o));
}

#[test]
fn readers_proceed_while_a_writer_holds_the_library_and_writers_wait() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let files = write_articles(dir.path(), 5);
    assert!(
        run(gazette(&db).arg("list")).status.success(),
        "creates and seeds"
    );

    let holder = rusqlite::Connection::open(&db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE articles SET read = 1;")
        .unwrap();

    // Readers are not blocked by the writer (WAL).
    let o = run(gazette(&db).args(["list", "is:unread"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).lines().count(),
        3,
        "uncommitted changes are invisible"
    );

    // A second writer gives up after its timeout and says why.
    let started = Instant::now();
    let o = run(gazette(&db)
        .env("GAZETTE_BUSY_TIMEOUT_MS", "300")
        .arg("import")
        .arg(&files));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the library is busy"), "{}", stderr(&o));
    assert!(started.elapsed() >= Duration::from_millis(300));

    // With patience, a writer waits for the lock and then succeeds.
    let child = gazette(&db)
        .env("GAZETTE_BUSY_TIMEOUT_MS", "20000")
        .arg("import")
        .arg(&files)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    holder.execute_batch("COMMIT").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("5 new"), "{}", stderr(&o));
}

#[test]
fn a_killed_import_leaves_a_consistent_library_that_the_next_import_completes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let total = 4000;
    let files = write_articles(dir.path(), total);
    assert!(run(gazette(&db).arg("list")).status.success());

    let mut child = gazette(&db)
        .args(["import", "--batch", "50"])
        .arg(&files)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as some batches are committed.
    let reader = rusqlite::Connection::open(&db).unwrap();
    let count = |c: &rusqlite::Connection| -> usize {
        c.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))
            .unwrap() as usize
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(&reader) < 3 + 200 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let stored = count(&reader) - 3;
    println!("killed after {stored} of {total} articles were stored");
    if stored >= total {
        println!("note: the import finished before it could be killed; consistency still checked");
    }

    let integrity: String = reader
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    reader
        .execute(
            "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')",
            [],
        )
        .expect("full-text index consistent");
    // Every stored article whose text names someone the extractor finds has its mentions.
    let probe = gazette::pipeline::process(
        gazette::Extractor::builtin(),
        gazette::Article::new(
            "probe",
            "Probe",
            vec!["Prime Minister Keir Starmer said the plan would work.".into()],
        ),
    );
    if probe.entities.people.is_empty() {
        println!(
            "note: extraction finds no people in this build; skipping the per-article mention check"
        );
    } else {
        let missing: i64 = reader
            .query_row(
                "SELECT count(*) FROM article_text t WHERE t.body LIKE '%Keir Starmer%'
                 AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article = t.id)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(missing, 0, "articles stored without their mentions");
    }
    let packed_matches_rows: bool = reader
        .query_row(
            "SELECT (SELECT count(*) FROM mentions) = (SELECT coalesce(sum(length(entities)), 0) / 12 FROM articles)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        packed_matches_rows,
        "packed mentions and mention rows disagree"
    );
    // Batches are all or nothing.
    assert_eq!(stored % 50, 0, "a partial batch was stored: {stored}");

    let o = run(gazette(&db).arg("import").arg(&files));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{} new, 0 updated, {stored} unchanged",
            total - stored
        )),
        "{err}"
    );
    assert_eq!(count(&reader), total + 3);
}

/// A library an older gazette made (no sections stored, no extraction
/// version) is extracted again by the first command that opens it for
/// writing, with progress on stderr; it then has sections for `sections`
/// and `section:`, and keeps its read flags. `reextract` says when there is
/// nothing to do, and `--all` does it anyway.
#[test]
fn an_old_library_gets_sections_when_opened_and_reextract_redoes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let files = write_articles(dir.path(), 6);
    let o = run(gazette(&db)
        .arg("import")
        .arg(&files)
        .env("XDG_CONFIG_HOME", dir.path().join("config")));
    assert!(o.status.success(), "{}", stderr(&o));
    // What a library from before sections holds.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "DELETE FROM mentions WHERE entity IN (SELECT id FROM entities WHERE kind = 3);
             DELETE FROM entities WHERE kind = 3;
             UPDATE articles SET entities = x'';
             DELETE FROM settings WHERE key = 'extraction_version';
             UPDATE articles SET read = 1 WHERE title = 'Headline 2';",
        )
        .unwrap();
    }
    let o = run(gazette(&db)
        .args(["sections", "--json"])
        .env("XDG_CONFIG_HOME", dir.path().join("config")));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    // 6 articles + 3 seeds.
    assert!(err.contains("extracting the library again: 9/9"), "{err}");
    assert!(err.contains("9 articles extracted again"), "{err}");
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let economy = rows
        .iter()
        .find(|r| r["key"] == "economy")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(economy["kind"], "section");
    let n = economy["articles"].as_u64().unwrap() as usize;
    assert!(n >= 3, "{rows:?}");
    let tags: u64 = rows.iter().map(|r| r["articles"].as_u64().unwrap()).sum();
    assert!(tags >= 9, "every article has a section: {rows:?}");
    let o = run(gazette(&db).args(["list", "section:=economy"]));
    assert_eq!(stdout(&o).lines().count(), n);
    let o = run(gazette(&db).args(["list", "s:econ is:read"]));
    assert_eq!(stdout(&o).lines().count(), 1, "the read flag stayed");
    assert!(
        stderr(&o).is_empty(),
        "done once, not again: {}",
        stderr(&o)
    );

    let o = run(gazette(&db).arg("reextract"));
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("extracted by this gazette"),
        "{}",
        stderr(&o)
    );
    let o = run(gazette(&db).args(["reextract", "--all"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("9 articles extracted again in"),
        "{}",
        stderr(&o)
    );
    let o = run(gazette(&db).args(["list", "section:=economy"]));
    assert_eq!(stdout(&o).lines().count(), n);
    // --explain shows the section and its evidence.
    let o = run(gazette(&db).args(["list", "section:=economy", "--limit", "1"]));
    let id = stdout(&o).split_whitespace().next().unwrap().to_string();
    let o = run(gazette(&db)
        .args(["issues", "--explain", &id, "--json"])
        .env("XDG_CONFIG_HOME", dir.path().join("config")));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["sections"][0]["id"], "economy", "{v}");
    let first = &v["section_evidence"][0];
    assert_eq!(first["id"], "economy", "{v}");
    assert_eq!(first["chosen"], true);
    assert!(first["evidence"].as_f64().unwrap() > 0.0);
    let o = run(gazette(&db)
        .args(["issues", "--explain", &id])
        .env("XDG_CONFIG_HOME", dir.path().join("config")));
    assert!(stdout(&o).contains("* economy  evidence"), "{}", stdout(&o));
    let o = run(gazette(&db).args(["reextract", "--help"]));
    assert!(stdout(&o).contains("--all"), "{}", stdout(&o));
}
