//! The config file's extra people and issues, and `issues --explain`, through the binary.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// gazette with its config under `home/gazette` and its data under `home/data`.
fn gazette(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GAZETTE_DB")
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .expect("run gazette")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ARTICLE: &str = "Council row over allotments\n\nOssian Threlkeld opened the village fete on Saturday. The allotment waiting list is now six years long, and every vegetable plot is taken. The prize for the largest marrow went to Threlkeld.\n";

const PEOPLE: &str =
    "# my people\nOssian Threlkeld\tO. Threlkeld\tThrelkeld\tchair of the allotment society\n";

const ISSUES: &str = "[[issue]]\nid = \"allotments\"\nlabel = \"Allotments\"\nstrong = [\"allotment\", \"allotments\"]\nphrases = [\"vegetable plot\", \"waiting list\"]\n";

/// The people and issue ids `entities --json` finds in `file`.
fn entities(home: &Path, file: &Path) -> (Vec<String>, Vec<String>, String) {
    let out = gazette(home, &["entities", "--json", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let names = |key: &str, field: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[field].as_str().unwrap().to_string())
            .collect()
    };
    (names("people", "name"), names("issues", "id"), stderr(&out))
}

#[test]
fn extra_people_and_issues_from_the_config_are_found() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("fete.txt");
    std::fs::write(&file, ARTICLE).unwrap();

    // Without extras, neither is known.
    let (people, issues, _) = entities(home.path(), &file);
    assert!(
        !people.iter().any(|p| p == "Ossian Threlkeld"),
        "{people:?}"
    );
    assert!(!issues.iter().any(|i| i == "allotments"), "{issues:?}");

    let config = home.path().join("gazette");
    std::fs::create_dir_all(config.join("lists")).unwrap();
    std::fs::write(config.join("lists/people.tsv"), PEOPLE).unwrap();
    std::fs::write(config.join("issues.toml"), ISSUES).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[extra]\npeople = [\"lists/people.tsv\"]\nissues = [\"issues.toml\"]\n",
    )
    .unwrap();
    let (people, issues, err) = entities(home.path(), &file);
    assert_eq!(people, ["Ossian Threlkeld"], "{err}");
    assert!(issues.iter().any(|i| i == "allotments"), "{issues:?} {err}");
    assert!(err.is_empty(), "{err}");

    // Imported articles keep them, so filters find them.
    let db = home.path().join("lib.db");
    let db = db.to_str().unwrap();
    let out = gazette(home.path(), &["--db", db, "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = gazette(
        home.path(),
        &["--db", db, "list", "person:threlkeld issue:allotments"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("fete.txt"), "{}", stdout(&out));
}

#[test]
fn a_bad_extra_file_names_its_line_and_the_built_in_assets_are_used() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("fete.txt");
    std::fs::write(&file, ARTICLE).unwrap();
    let config = home.path().join("gazette");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("people.tsv"), PEOPLE).unwrap();
    std::fs::write(
        config.join("issues.toml"),
        format!("{ISSUES}threshhold = 3\n"),
    )
    .unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[extra]\npeople = [\"people.tsv\"]\nissues = [\"issues.toml\"]\n",
    )
    .unwrap();
    let (people, issues, err) = entities(home.path(), &file);
    assert!(err.contains("issues.toml line 6"), "{err}");
    assert!(err.contains("threshhold"), "{err}");
    assert!(
        !people.iter().any(|p| p == "Ossian Threlkeld"),
        "{people:?}"
    );
    assert!(!issues.iter().any(|i| i == "allotments"), "{issues:?}");

    // `gazette config` checks the extra files too.
    let out = gazette(home.path(), &["config"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("issues.toml line 6"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn issues_explain_names_the_phrases_that_tagged_a_seed_article() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("lib.db");
    let db = db.to_str().unwrap();
    // A new library holds the seed articles.
    let out = gazette(home.path(), &["--db", db, "list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let seed = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|v| v["source"].as_str().unwrap_or("").contains("seeds/001_"))
        .expect("seed 001 listed");
    let id = seed["id"].as_str().unwrap();
    let stored: Vec<&str> = seed["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(stored.contains(&"red-sea-shipping"), "{stored:?}");

    let out = gazette(
        home.path(),
        &["--db", db, "issues", "--explain", &id[..6], "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["id"], id);
    let issues = v["issues"].as_array().unwrap();
    let tagged: Vec<&str> = issues
        .iter()
        .filter(|i| i["tagged"] == true)
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    let mut sorted = tagged.clone();
    sorted.sort();
    let mut stored_sorted = stored.clone();
    stored_sorted.sort();
    assert_eq!(sorted, stored_sorted, "the issues the library stored");
    assert!(
        issues.iter().any(|i| i["tagged"] == false),
        "some issue stays below its threshold"
    );
    let red_sea = issues
        .iter()
        .find(|i| i["id"] == "red-sea-shipping")
        .unwrap();
    let phrases: Vec<&str> = red_sea["phrases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phrase"].as_str().unwrap())
        .collect();
    assert!(
        phrases.contains(&"Houthi") && phrases.contains(&"Red Sea"),
        "{phrases:?}"
    );
    for p in red_sea["phrases"].as_array().unwrap() {
        let phrase = p["phrase"].as_str().unwrap();
        assert!(p["count"].as_u64().unwrap() >= 1);
        assert!(p["context"].as_str().unwrap().contains(phrase), "{p}");
    }

    // The text form names them too.
    let out = gazette(home.path(), &["--db", db, "issues", "--explain", id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("red-sea-shipping") && text.contains("Houthi"),
        "{text}"
    );
    assert!(text.contains("Below the threshold"), "{text}");

    let out = gazette(
        home.path(),
        &["--db", db, "issues", "--explain", "ffffffffffffffff"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("ffffffffffffffff"),
        "{}",
        stderr(&out)
    );
}
