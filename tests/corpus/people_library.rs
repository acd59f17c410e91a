//! One person across the BBC library: for 13 common people, the exact
//! filter `person:="NAME"` against the articles judged by hand to name them
//! (tests/gold/people_bbc_13.json, annotated before the resolution code).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use gazette::query::parse;
use gazette::store::Library;

#[test]
fn common_people_select_exactly_their_articles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bbc = root.join("../shared/corpora/bbc");
    if !bbc.exists() {
        println!("SKIPPED: {} is absent", bbc.display());
        return;
    }
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/gold/people_bbc_13.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bbc.db");
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&bbc)
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env_remove("GAZETTE_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lib = Library::open(&db).unwrap();
    let mut exact = 0;
    let people = gold["people"].as_object().unwrap();
    for (name, files) in people {
        let want: BTreeSet<String> = files
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        let q = parse(&gazette::entity::Kind::Person.exact_term(name)).unwrap();
        let got: BTreeSet<String> = lib
            .search(&q)
            .unwrap()
            .into_iter()
            .filter_map(|id| {
                let source = lib.meta(id).unwrap().source;
                source.split_once("bbc/").map(|(_, f)| f.to_string())
            })
            .collect();
        let missing: Vec<&String> = want.difference(&got).collect();
        let extra: Vec<&String> = got.difference(&want).collect();
        println!(
            "{name:<20} truth {:>4} got {:>4} missing {missing:?} extra {extra:?}",
            want.len(),
            got.len()
        );
        exact += usize::from(missing.is_empty() && extra.is_empty());
    }
    println!("exact for {exact} of {}", people.len());
    // 6 before library-level resolution, 10 with it alone; 8 once "the
    // prime minister" and "the chancellor" count as mentions of the office
    // holder (some right, as "the chancellor is a bully" for Gordon Brown,
    // which this gold, judged by names, does not count; some wrong). The
    // target is 12.
    assert!(exact >= 8, "exact for {exact} of {}", people.len());
}
