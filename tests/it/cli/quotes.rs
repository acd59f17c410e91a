//! `gazette quotes` and the `quotes` of `gazette entities --json`, as a user runs them.

use std::path::Path;
use std::process::{Command, Output};

fn gazette(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gazette"));
    c.arg("--db")
        .arg(db)
        .env_remove("GAZETTE_DB")
        .env("XDG_CONFIG_HOME", db.with_file_name("config"));
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("gazette runs")
}

const MATCH: &str = "Wales beat England\n\nWales coach Mike Ruddock praised his side after the win in Cardiff.\n\n\"It's up to the citing commissioner to look at that incident,\" said Ruddock. England lock Danny Grewcock was sin-binned.\n\n\"If the ball is at the back of the ruck, I will step over it,\" said Grewcock. The so-called \"special relationship\" was not mentioned.\n";

const BUDGET: &str = "Budget day\n\nChancellor Gordon Brown set out his plans in the Commons.\n\nHe said: \"We will not put at risk the stability we have built for this country.\"\n";

#[test]
fn quotes_lists_what_each_person_said_and_entities_json_has_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let files = dir.path().join("articles");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(files.join("match.txt"), MATCH).unwrap();
    std::fs::write(files.join("budget.txt"), BUDGET).unwrap();

    let o = run(gazette(&db)
        .arg("entities")
        .arg("--json")
        .arg(files.join("match.txt")));
    assert!(o.status.success());
    let record: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let quotes = record["quotes"].as_array().unwrap();
    let body = record["body"].as_str().unwrap();
    let said: Vec<(&str, &str)> = quotes
        .iter()
        .map(|q| {
            (
                q["speaker"].as_str().unwrap(),
                q["speaker_kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        said,
        [("Mike Ruddock", "person"), ("Danny Grewcock", "person")],
        "the scare quote is not a quote: {quotes:?}"
    );
    for q in quotes {
        let (start, end) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[start..end], q["text"].as_str().unwrap());
    }

    let o = run(gazette(&db).arg("import").arg(&files));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(gazette(&db).args(["quotes", "--speaker", "brown"]));
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Budget day"), "{out}");
    assert!(
        out.contains("Gordon Brown: “We will not put at risk the stability"),
        "{out}"
    );
    assert!(!out.contains("Ruddock"), "{out}");

    let o = run(gazette(&db).args(["quotes", "title:wales", "--json"]));
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["speaker"], "Danny Grewcock");

    let o = run(gazette(&db).args(["quotes", "--speaker", "nobody"]));
    assert_eq!(o.status.code(), Some(1), "no quote found is exit 1");
}

const DEFENCE: &str = "---\ntitle: Defence budget rises\ndate: 2025-03-01\n---\n\nPrime Minister Keir Starmer set out new defence spending on Monday.\n\n\"We will spend what it takes to keep this country safe,\" said Keir Starmer.\n\n\"The president has been clear about the deadline,\" the White House said in a statement.\n";

const TRADE: &str = "---\ntitle: Starmer on trade\ndate: 2025-04-01\n---\n\nKeir Starmer met business leaders in Leeds.\n\n\"Trade with our neighbours matters more than ever before,\" Starmer said.\n";

const NAMED: &str = "---\ntitle: Starmer mentioned only\ndate: 2025-05-01\n---\n\nKeir Starmer was absent from the debate in the Commons on Tuesday, officials noted.\n";

/// The quotes stored at import answer `said:` filters and `gazette quotes`,
/// newest first, labelled by speaker.
#[test]
fn said_filters_and_quotes_json_come_from_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let files = dir.path().join("articles");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(files.join("defence.md"), DEFENCE).unwrap();
    std::fs::write(files.join("trade.md"), TRADE).unwrap();
    std::fs::write(files.join("named.md"), NAMED).unwrap();
    let o = run(gazette(&db).arg("import").arg(&files));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let titles = |q: &[&str]| -> Vec<String> {
        let o = run(gazette(&db).arg("list").arg("--json").args(q));
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["title"].to_string())
            .collect()
    };
    // Only the articles quoting him, not every one naming him.
    let window = "since:2025-01-01 until:2025-12-31";
    assert_eq!(titles(&["person:starmer", window]).len(), 3);
    assert_eq!(
        titles(&["said:starmer", window]),
        ["\"Starmer on trade\"", "\"Defence budget rises\""]
    );
    assert_eq!(titles(&["said:=\"Keir Starmer\"", window]).len(), 2);
    assert_eq!(
        titles(&["said:\"white house\"", window]),
        ["\"Defence budget rises\""]
    );
    assert_eq!(titles(&["said:starmer title:defence"]).len(), 1);

    let o = run(gazette(&db).args(["quotes", "said:starmer", window, "--json"]));
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["title"].as_str().unwrap(),
                l["speaker"].as_str().unwrap(),
                l["speaker_kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Starmer on trade", "Keir Starmer", "person"),
            ("Defence budget rises", "Keir Starmer", "person"),
        ],
        "said: keeps his quotes, not the White House's in the same article"
    );
    assert_eq!(
        lines[1]["text"],
        "We will spend what it takes to keep this country safe,"
    );
    assert_eq!(lines[0]["date"], "2025-04-01T00:00:00+00:00");
    // Offsets in the stored body: the paragraphs joined by blank lines.
    let body = "Prime Minister Keir Starmer set out new defence spending on Monday.\n\n\"We will spend what it takes to keep this country safe,\" said Keir Starmer.";
    let (s, e) = (
        lines[1]["start"].as_u64().unwrap() as usize,
        lines[1]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&body[s..e], lines[1]["text"].as_str().unwrap());

    // Text output: each quote labelled with its speaker under its article.
    let o = run(gazette(&db).args(["quotes", "title:defence"]));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Defence budget rises"), "{out}");
    assert!(out.contains("  Keir Starmer: “We will spend"), "{out}");
    assert!(
        out.contains("  White House: “The president has been clear"),
        "{out}"
    );
}
