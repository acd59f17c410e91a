//! Exact filters (`person:="Michael Howard"`, `issue:=economy`): the one
//! entity with that key, never a word prefix over names and aliases; in the
//! library, through the command line, and as the count the side panel shows.

use std::process::Command;

use gazette::entity::Kind;
use gazette::query::parse;
use gazette::store::Library;

use crate::support::tui::{howards, library};

fn sources(lib: &Library, q: &str) -> Vec<String> {
    let mut s: Vec<String> = lib
        .search(&parse(q).unwrap())
        .unwrap()
        .into_iter()
        .map(|id| lib.meta(id).unwrap().source)
        .collect();
    s.sort();
    s
}

#[test]
fn an_exact_term_selects_one_entity_by_its_key() {
    let lib = library(&howards());
    assert_eq!(
        sources(&lib, "person:=\"Michael Howard\""),
        ["a.txt", "b.txt"]
    );
    // The key is the folded name: case, accents and spacing do not matter.
    assert_eq!(sources(&lib, "p:=\"MICHAEL   Howárd\""), ["a.txt", "b.txt"]);
    // Not a prefix of a name, not an alias: only the entity keyed "howard".
    assert_eq!(sources(&lib, "person:=Howard"), ["e.txt"]);
    assert!(sources(&lib, "person:=Michael").is_empty());
    // The prefix search is unchanged: every Howard, aliases included.
    assert_eq!(
        sources(&lib, "person:howard"),
        ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    );
    // An issue id that is a prefix of another's label words.
    assert_eq!(sources(&lib, "issue:=economy"), ["a.txt", "d.txt"]);
    assert_eq!(sources(&lib, "issue:economy").len(), 4);
    assert_eq!(sources(&lib, "issue:=jobs-economy"), ["b.txt", "c.txt"]);
    assert!(sources(&lib, "issue:=jobs").is_empty());
    // Combined and negated like any term.
    assert_eq!(
        sources(
            &lib,
            "person:howard -person:=\"Michael Howard\" issue:=economy"
        ),
        ["d.txt"]
    );
}

#[test]
fn every_facet_term_counts_what_its_facet_counts() {
    let lib = library(&howards());
    let all = lib.search(&parse("").unwrap()).unwrap();
    let facets = lib.facets(&all);
    assert!(facets.of(Kind::Person).len() >= 4 && facets.of(Kind::Issue).len() == 2);
    for f in facets.iter() {
        let q = parse(&f.term).unwrap();
        assert_eq!(lib.count(&q).unwrap(), f.count, "{}", f.term);
        // The term prints as it was made, so the filter bar round-trips.
        assert_eq!(q.to_string(), f.term);
    }
}

#[test]
fn cli_lists_an_exact_person_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        (
            "a.txt",
            "Tory leader speaks\n\nConservative leader Michael Howard said on Monday that taxes would fall. Mr Howard spoke in London.\n",
        ),
        (
            "b.txt",
            "Film director wins award\n\nThe director Ron Howard won an award in Los Angeles on Friday. Ron Howard thanked the crew.\n",
        ),
        (
            "c.txt",
            "Howard again\n\nMichael Howard told the BBC that the economy was weak. Inflation rose, Michael Howard said.\n",
        ),
    ];
    for (name, text) in texts {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let db = dir.path().join("lib.db");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .current_dir(dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env_remove("GAZETTE_DB")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&["import", "a.txt", "b.txt", "c.txt"]);
    let out = run(&["list", "person:=\"Michael Howard\"", "--json"]);
    let mut found: Vec<String> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let people = v["people"].as_array().unwrap();
            assert!(people.iter().any(|p| p["name"] == "Michael Howard"), "{l}");
            v["source"].as_str().unwrap().to_string()
        })
        .collect();
    found.sort();
    assert_eq!(found, ["a.txt", "c.txt"]);
    // The prefix search still finds Ron Howard too.
    assert!(run(&["list", "person:howard"]).contains("b.txt"));
    // Malformed: the exact form of a field that has none.
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(&db)
        .args(["list", "title:=x"])
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no exact form"));
}
