//! Hostile input through the commands a user runs: queries deep enough to
//! overflow a recursive parser, letters search must find, and names and
//! titles holding terminal escape sequences.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gazette(db: &Path, config_home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gazette"));
    c.arg("--db")
        .arg(db)
        .env_remove("GAZETTE_DB")
        .env("XDG_CONFIG_HOME", config_home)
        .env("NO_COLOR", "1");
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("gazette runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A library in a temporary directory, with its own (empty) config home.
struct Lib {
    dir: tempfile::TempDir,
}

impl Lib {
    fn new() -> Lib {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config/gazette")).unwrap();
        Lib { dir }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("lib.db")
    }

    fn cmd(&self) -> Command {
        gazette(&self.db(), &self.dir.path().join("config"))
    }

    /// Imports `files` (name, text) written under a fresh directory.
    fn import(&self, files: &[(&str, &str)]) {
        let root = self.dir.path().join("in");
        std::fs::create_dir_all(&root).unwrap();
        for (name, text) in files {
            std::fs::write(root.join(name), text).unwrap();
        }
        let o = run(self.cmd().arg("import").arg(&root));
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

#[test]
fn deep_or_long_queries_exit_2_naming_the_limit() {
    let lib = Lib::new();
    lib.import(&[("a.txt", "Keir Starmer\n\nKeir Starmer spoke.\n")]);
    let nested = |n: usize| format!("{}keir{}", "(".repeat(n), ")".repeat(n));
    let cases = [
        (nested(9000), "the limit is 10000"),
        ("(".repeat(20_000), "the limit is 10000"),
        (format!("{}keir", "-".repeat(100_000)), "the limit is 10000"),
        (nested(150), "more than 100 levels"),
        (format!("{}keir", "-".repeat(5000)), "more than 100 levels"),
    ];
    for (query, limit) in &cases {
        for command in ["list", "people"] {
            let o = run(lib.cmd().args([command, "--", query]));
            let err = stderr(&o);
            let shown: String = err.chars().take(300).collect();
            assert_eq!(o.status.code(), Some(2), "{command}: {shown}");
            assert!(err.contains(limit), "{command}: {shown}");
            assert_eq!(err.lines().count(), 1, "{shown}");
        }
    }
    // A saved filter is checked the same way once expanded.
    std::fs::write(
        lib.dir.path().join("config/gazette/config.toml"),
        format!("[filters]\ndeep = \"{}\"\n", "(".repeat(9500)),
    )
    .unwrap();
    let o = run(lib.cmd().args(["list", "@deep"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("more than 100 levels"),
        "{}",
        stderr(&o)
    );
    // At the limit the query runs.
    let o = run(lib.cmd().arg("list").arg(nested(100)));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("in/a.txt"), "{}", stdout(&o));
}
