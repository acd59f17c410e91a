//! Leaders and their offices through the whole pipeline: `leader:` and
//! `role:` over the seed library, and offices in `entities --json` as of an
//! article's date.

use std::path::Path;
use std::process::Command;

use crate::seed_queries::list;

#[test]
fn leader_and_role_filters_find_the_seeds_by_their_leaders() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let all = ["000", "001", "002"];
    assert_eq!(list(&db, "leader:GB"), all);
    assert_eq!(list(&db, "leader:=GB"), all);
    assert_eq!(list(&db, "leader:uk"), all);
    // Biden was president when 000 and 001 were written, Trump for 002.
    assert_eq!(list(&db, "leader:US"), all);
    assert_eq!(list(&db, "leader:US person:biden"), ["000", "001"]);
    // Putin and Zelenskyy are named only in 002.
    assert_eq!(list(&db, "leader:RU"), ["002"]);
    assert_eq!(list(&db, "leader:=UA"), ["002"]);
    assert!(list(&db, "leader:FR").is_empty());
    assert_eq!(list(&db, "role:\"prime minister\""), all);
    assert_eq!(list(&db, "role:=\"prime minister\""), all);
    assert_eq!(list(&db, "role:president"), all);
    assert_eq!(list(&db, "role:leader"), all);
    assert!(list(&db, "role:chancellor").is_empty());
}

/// The people of `entities --json` on one file: (name, office title, country).
fn offices(path: &Path) -> Vec<(String, String, String)> {
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["entities", "--json"])
        .arg(path)
        .output()
        .expect("gazette runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stdout).trim()).expect("one JSON line");
    v["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| {
            let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            (
                s(&p["name"]),
                s(&p["office"]["title"]),
                s(&p["office"]["country"]),
            )
        })
        .collect()
}

#[test]
fn entities_give_offices_and_the_unnamed_prime_minister_as_of_the_articles_date() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, date: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(
            &p,
            format!("---\ntitle: Talks\ndate: {date}\n---\n\n{body}\n"),
        )
        .unwrap();
        p
    };
    let body = "The prime minister met Gordon Brown on Monday. \
                Later the prime minister spoke to the US president by phone.";
    let old = offices(&file("old.md", "2005-03-01", body));
    let t = |n: &str, o: &str, c: &str| (n.to_string(), o.to_string(), c.to_string());
    assert!(
        old.contains(&t("Tony Blair", "prime minister", "GB")),
        "{old:?}"
    );
    assert!(
        old.contains(&t("Gordon Brown", "chancellor of the exchequer", "GB")),
        "{old:?}"
    );
    assert!(
        old.contains(&t("George W. Bush", "president", "US")),
        "{old:?}"
    );
    let new = offices(&file("new.md", "2025-05-01", body));
    assert!(
        new.contains(&t("Keir Starmer", "prime minister", "GB")),
        "{new:?}"
    );
    assert!(new.contains(&t("Gordon Brown", "", "")), "{new:?}");
    assert!(
        new.contains(&t("Donald Trump", "president", "US")),
        "{new:?}"
    );
}
