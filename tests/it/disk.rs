//! A library gazette cannot write, or that is not a library: a clear error,
//! exit status 1, and the file left byte for byte as it was. A full disk:
//! a clear error, the library as it was, and the next run completes.
#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The uid tests run gazette as: as root, file modes stop nobody, so
/// gazette then runs as `nobody` (65534).
fn unprivileged(dir: &Path) -> Option<u32> {
    (std::fs::metadata(dir).unwrap().uid() == 0).then_some(65534)
}

fn gazette(dir: &Path, db: &Path) -> Command {
    gazette_from(Path::new(env!("CARGO_BIN_EXE_gazette")), dir, db)
}

fn gazette_from(program: &Path, dir: &Path, db: &Path) -> Command {
    let mut c = Command::new(program);
    c.arg("--db")
        .arg(db)
        .env_remove("GAZETTE_DB")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"));
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write_articles(dir: &Path, n: usize) -> PathBuf {
    let root = dir.join(format!("articles{n}"));
    std::fs::create_dir_all(&root).unwrap();
    for i in 0..n {
        let body = format!(
            "Story {i} from Paris.\n\nPrime Minister Keir Starmer met officials in France on day {i}, \
             and markets moved on the news of trade talks with Germany.\n"
        );
        std::fs::write(
            root.join(format!("{i:05}.txt")),
            format!("Headline {i}\n\n{body}"),
        )
        .unwrap();
    }
    root
}

/// Every file in `dir` (not in subdirectories) with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn mode(p: &Path, m: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

/// The library file read-only, in a directory the reader may or may not
/// write to (a writable directory lets SQLite make journal files).
fn make_read_only(top: &Path, dir: &Path, db: &Path, writable_dir: bool) {
    mode(top, 0o755);
    mode(db, 0o444);
    mode(dir, if writable_dir { 0o777 } else { 0o555 });
}

/// [`gazette`] run as the unprivileged user when there is one (root ignores
/// modes). That user runs a copy of the binary in `top`: the build's own may
/// sit under a directory only root can enter (a checkout in root's 0700 home
/// or in a `mktemp -d` directory), and then could not even be started.
fn as_user(top: &Path, db: &Path, uid: Option<u32>) -> Command {
    let Some(uid) = uid else {
        return gazette(top, db);
    };
    let copy = top.join("bin/gazette");
    if !copy.exists() {
        std::fs::create_dir_all(top.join("bin")).unwrap();
        // Copied by a child process: had this one held the copy open for
        // writing, a command another test thread forked meanwhile could
        // inherit it, and running the copy would fail as "text file busy".
        let cp = Command::new("cp")
            .arg(env!("CARGO_BIN_EXE_gazette"))
            .arg(&copy)
            .status()
            .unwrap();
        assert!(cp.success(), "cp of the binary to {}", copy.display());
        mode(&top.join("bin"), 0o755);
        mode(&copy, 0o755);
    }
    let mut cmd = gazette_from(&copy, top, db);
    cmd.uid(uid).gid(uid);
    cmd
}

#[test]
fn a_read_only_library_is_refused_and_left_unchanged() {
    let top = tempfile::tempdir().unwrap();
    let uid = unprivileged(top.path());
    let articles = write_articles(top.path(), 3);
    for writable_dir in [false, true] {
        let dir = top.path().join(format!("lib-{writable_dir}"));
        std::fs::create_dir(&dir).unwrap();
        let db = dir.join("lib.db");
        assert!(
            gazette(top.path(), &db)
                .arg("list")
                .output()
                .unwrap()
                .status
                .success()
        );
        make_read_only(top.path(), &dir, &db, writable_dir);
        let before = snapshot(&dir);
        let o = as_user(top.path(), &db, uid)
            .arg("import")
            .arg(&articles)
            .output()
            .unwrap();
        mode(&dir, 0o755);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("is read-only; nothing was changed"),
            "{}",
            stderr(&o)
        );
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before[0].1,
            "library bytes changed"
        );
    }
}

/// Reading needs no writing: `list`, `show` and the facets work on a library
/// in a read-only file or directory, say once that nothing will be saved,
/// and leave the directory as it was (no journal files either).
#[test]
fn a_read_only_library_can_still_be_read() {
    let top = tempfile::tempdir().unwrap();
    let uid = unprivileged(top.path());
    let articles = write_articles(top.path(), 3);
    for writable_dir in [false, true] {
        let dir = top.path().join(format!("lib-{writable_dir}"));
        std::fs::create_dir(&dir).unwrap();
        let db = dir.join("lib.db");
        let o = gazette(top.path(), &db)
            .arg("import")
            .arg(&articles)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        make_read_only(top.path(), &dir, &db, writable_dir);
        let before = snapshot(&dir);
        let run = |args: &[&str]| as_user(top.path(), &db, uid).args(args).output().unwrap();
        let list = run(&["list", "France"]);
        let out = String::from_utf8_lossy(&list.stdout).into_owned();
        // Undated articles are listed in id order, and ids hash the (random)
        // temporary path: take the row of one of ours, not the first row.
        let id = out
            .lines()
            .find(|l| l.contains("Headline"))
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or_default()
            .to_string();
        let outputs = [
            ("list", list, "Headline"),
            ("people", run(&["people"]), "Keir Starmer"),
            ("countries", run(&["countries"]), "France"),
            ("issues", run(&["issues"]), ""),
            ("show", run(&["show", &id]), "Prime Minister Keir Starmer"),
        ];
        mode(&dir, 0o755);
        for (what, o, says) in outputs {
            let err = stderr(&o);
            assert!(
                o.status.success(),
                "{what} (dir writable: {writable_dir}): {err}"
            );
            assert!(
                String::from_utf8_lossy(&o.stdout).contains(says),
                "{what}: {}",
                String::from_utf8_lossy(&o.stdout)
            );
            assert_eq!(err.lines().count(), 1, "{what}: {err}");
            assert!(
                err.contains("is read-only") && err.contains("will not be saved"),
                "{err}"
            );
        }
        assert!(
            snapshot(&dir) == before,
            "files changed or were added in {}",
            dir.display()
        );
    }
}

#[test]
fn files_that_are_not_a_library_of_this_gazette_are_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let articles = write_articles(dir.path(), 2);
    let junk: Vec<u8> = (0..70_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let newer = dir.path().join("newer.db");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch(
            "PRAGMA user_version = 99; CREATE TABLE future(x); INSERT INTO future VALUES (1);",
        )
        .unwrap();
    let cases: [(&str, Option<&[u8]>, &str); 4] = [
        ("junk.db", Some(&junk), "not an SQLite database"),
        (
            "notes.db",
            Some(b"my notes, not a database\n"),
            "not an SQLite database",
        ),
        (
            "empty-header.db",
            Some(&[b'S'; 200]),
            "not an SQLite database",
        ),
        ("newer.db", None, "newer gazette"),
    ];
    for (name, bytes, says) in cases {
        let db = dir.path().join(name);
        if let Some(bytes) = bytes {
            std::fs::write(&db, bytes).unwrap();
        }
        let before = snapshot(dir.path());
        for args in [
            &["list"][..],
            &["import", articles.to_str().unwrap()],
            &["fetch"],
        ] {
            let o = gazette(dir.path(), &db).args(args).output().unwrap();
            assert_eq!(o.status.code(), Some(1), "{name} {args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains(says), "{name} {args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains("left untouched"), "{}", stderr(&o));
        }
        assert!(
            snapshot(dir.path()) == before,
            "{name}: files changed or were added"
        );
    }
}

#[test]
fn a_full_disk_fails_cleanly_keeps_the_library_and_the_next_run_completes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let few = write_articles(dir.path(), 5);
    let many = write_articles(dir.path(), 600);
    let o = gazette(dir.path(), &db)
        .arg("import")
        .arg(&few)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let titles = || -> Vec<String> {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mut s = c.prepare("SELECT title FROM articles ORDER BY id").unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let before = titles();

    // A tiny tmpfs needs root; a file-size limit (ulimit -f, in KiB) makes
    // writes fail the same way, as any user.
    let gz = gazette(dir.path(), &db);
    let o = Command::new("sh")
        .args(["-c", "ulimit -f 256 && exec \"$0\" \"$@\""])
        .arg(gz.get_program())
        .args(gz.get_args())
        .envs(gz.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .arg("import")
        .arg(&many)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("the disk is full"), "{}", stderr(&o));
    let c = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    assert_eq!(titles(), before, "the failed import changed the library");

    let o = gazette(dir.path(), &db)
        .arg("import")
        .arg(&many)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(titles().len(), before.len() + 600);
}
