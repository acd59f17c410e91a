//! On the BBC library: every entity's exact filter term (the one a chip made
//! by pointing at it carries) selects as many articles as the side panel's
//! all-results count says, and how often the word-prefix term disagrees.

use std::path::Path;
use std::process::Command;

use gazette::entity::Kind;
use gazette::query::{Query, parse};
use gazette::store::Library;

/// Well-known people of the BBC library, by their full names.
const PEOPLE: [&str; 13] = [
    "Tony Blair",
    "Michael Howard",
    "Gordon Brown",
    "Charles Kennedy",
    "George W. Bush",
    "Alan Milburn",
    "David Blunkett",
    "Jack Straw",
    "Charles Clarke",
    "Oliver Letwin",
    "Alex Ferguson",
    "John Prescott",
    "Vladimir Putin",
];

#[test]
fn every_bbc_chip_counts_what_the_side_panel_counted() {
    let bbc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc");
    if !bbc.exists() {
        println!("SKIPPED: {} is absent", bbc.display());
        return;
    }
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
    let all = lib.search(&Query::All).unwrap();
    let facets = lib.facets(&all);
    let count = |term: &str| lib.count(&parse(term).unwrap()).unwrap();
    let mut wrong = Vec::new();
    let mut prefix_off = [0usize; Kind::ALL.len()];
    let at = |k: Kind| Kind::ALL.iter().position(|&x| x == k).unwrap_or(0);
    for f in facets.iter() {
        let exact = count(&f.term);
        if exact != f.count {
            wrong.push(format!("{}: panel {} exact {}", f.term, f.count, exact));
        }
        let prefix = match f.kind {
            Kind::Person => f.kind.term(&f.label),
            _ => f.kind.term(&f.key),
        };
        if count(&prefix) != f.count {
            prefix_off[at(f.kind)] += 1;
        }
    }
    for kind in Kind::ALL {
        println!(
            "{}: {} entities, every exact term counts as the panel; the word-prefix term differs for {}",
            kind.heading(),
            facets.of(kind).len(),
            prefix_off[at(kind)]
        );
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    println!(
        "{:<16} {:>6} {:>6} {:>7}",
        "person", "panel", "exact", "prefix"
    );
    for name in PEOPLE {
        let panel = facets
            .of(Kind::Person)
            .iter()
            .find(|f| f.label == name)
            .map_or(0, |f| f.count);
        let exact = count(&Kind::Person.exact_term(name));
        let prefix = count(&Kind::Person.term(name));
        println!("{name:<16} {panel:>6} {exact:>6} {prefix:>7}");
        assert!(panel > 0, "{name} is not in the BBC people list");
        assert_eq!(exact, panel, "{name}");
    }
    // The two cases a chip used to get wrong.
    let surname = facets
        .of(Kind::Person)
        .iter()
        .find(|f| f.label == "Howard")
        .map_or(0, |f| f.count);
    println!(
        "Howard (the bare surname): panel {surname}, person:=Howard {}, person:Howard {}",
        count("person:=Howard"),
        count("person:Howard")
    );
    assert_eq!(count("person:=Howard"), surname);
    let economy = facets
        .of(Kind::Issue)
        .iter()
        .find(|f| f.key == "economy")
        .map_or(0, |f| f.count);
    println!(
        "Economy and inflation: panel {economy}, issue:=economy {}, issue:economy {}",
        count("issue:=economy"),
        count("issue:economy")
    );
    assert_eq!(count("issue:=economy"), economy);
}
