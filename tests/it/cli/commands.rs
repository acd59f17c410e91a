//! The binary's conventions: exit codes, JSON Lines, help, completions, man page.

use std::process::{Command, Output};

fn gazette(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GAZETTE_DB")
        .output()
        .expect("run gazette")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn entities_json_is_one_object_per_article() {
    let out = gazette(&["entities", "--json", "seeds"]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    for l in &lines {
        for key in ["path", "title", "people", "countries", "issues", "body"] {
            assert!(l.get(key).is_some(), "missing {key} in {l}");
        }
        assert!(l["path"].as_str().unwrap().starts_with("seeds/"));
        assert!(
            !l["body"]
                .as_str()
                .unwrap()
                .contains("accessible video player")
        );
    }
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("x.txt");
    std::fs::write(&bin, b"\0\0\0").unwrap();
    // Nothing read: 1, with the reason on stderr.
    let out = gazette(&["entities", bin.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary"));
    // One bad file does not stop the others: 0.
    let out = gazette(&[
        "entities",
        bin.to_str().unwrap(),
        "seeds/000_3a83e5b7b1acc8c8.txt",
    ]);
    assert_eq!(out.status.code(), Some(0));
    // Usage errors: 2.
    assert_eq!(gazette(&["entities"]).status.code(), Some(2));
    assert_eq!(gazette(&["--no-such-flag"]).status.code(), Some(2));
}

#[test]
fn show_prints_the_clean_article_wrapped() {
    let out = gazette(&["show", "--width", "60", "seeds/002_39e22c0e2d9e6ed6.txt"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("Prime Minister Sir Keir Starmer has arrived in Washington"));
    assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");
    assert!(!text.contains("Spreaker cookies"));
}

#[test]
fn help_completions_man_and_default_config() {
    for args in [
        &["--help"][..],
        &["entities", "--help"],
        &["show", "--help"],
    ] {
        let out = gazette(args);
        assert!(out.status.success());
        assert!(stdout(&out).contains("Usage:"));
    }
    let out = gazette(&["completions", "bash"]);
    assert!(out.status.success() && stdout(&out).contains("_gazette"));
    let out = gazette(&["man"]);
    assert!(out.status.success() && stdout(&out).contains(".TH gazette 1"));
    let out = gazette(&["config", "--default"]);
    let text = stdout(&out);
    assert!(gazette::config::Config::parse(&text, std::path::Path::new("x")).is_ok());
}

#[test]
fn hostile_file_names_and_text_reach_no_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("evil\u{1b}]0;pwned\u{7}.txt");
    std::fs::write(
        &name,
        "Title \u{1b}[31mred\n\nBody \u{1b}]52;c;aGk=\u{7} text.",
    )
    .unwrap();
    let binary = dir.path().join("bin\u{1b}[2J.txt");
    std::fs::write(&binary, b"\0").unwrap();
    for args in [
        vec!["entities", name.to_str().unwrap(), binary.to_str().unwrap()],
        vec!["show", name.to_str().unwrap()],
    ] {
        let out = gazette(&args);
        assert!(out.status.success());
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{args:?}: {text:?}"
            );
        }
        let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
        assert!(all.contains('␛'), "escape made visible in names: {all}");
    }
}

#[test]
fn saved_filters_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config/gazette");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[filters]\nfrance = \"country:fr\"\n",
    )
    .unwrap();
    let run = |query: &str| {
        Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args([
                "--db",
                dir.path().join("lib.db").to_str().unwrap(),
                "list",
                query,
            ])
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .output()
            .unwrap()
    };
    let out = run("@france");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("seeds/002_"), "{text}");
    let out = run("@nowhere");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("@france"));
}
