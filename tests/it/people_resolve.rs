//! One person across the library: articles that name a person only in part
//! ("Mr Brown", a team sheet's "G Murphy", "Vincent" for "Vince") are that
//! person's, by the exact filter and in the side panel alike; a woman called
//! "Mrs Howard" is not Michael Howard.

use gazette::Article;
use gazette::entity::Kind;
use gazette::extract::Extractor;
use gazette::pipeline::process;
use gazette::query::parse;
use gazette::store::Library;

fn article(source: &str, title: &str, body: &[&str]) -> gazette::pipeline::Processed {
    let paragraphs = body.iter().map(|p| p.to_string()).collect();
    process(
        Extractor::builtin(),
        Article::new(source.to_string(), title.to_string(), paragraphs),
    )
}

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

fn library() -> Library {
    let mut lib = Library::in_memory().unwrap();
    let team = "G Murphy; R Quillan, D Ferrow, S Hazzard; P Mulgrew (capt), C Talbrook.";
    // Two batches: the bare and initialled names arrive before and after
    // the full names they join.
    let first = [
        article(
            "politics/4.txt",
            "Budget row",
            &["Mr Brown said the economy was strong, and he would not change course."],
        ),
        article(
            "politics/1.txt",
            "Chancellor on growth",
            &[
                "Chancellor Gordon Brown said growth would beat forecasts. Mr Brown spoke in London.",
            ],
        ),
        article(
            "sport/3.txt",
            "Ireland team",
            &["Ireland named their side for Saturday.", team],
        ),
        article(
            "politics/7.txt",
            "School visit",
            &["Mrs Howard, a teacher at the school, said the children were delighted."],
        ),
    ];
    lib.import(&first).unwrap();
    let second = [
        article(
            "politics/2.txt",
            "Brown's pledge",
            &["Gordon Brown has promised more money for schools. Mr Brown said so on Monday."],
        ),
        article(
            "politics/3.txt",
            "Treasury plans",
            &["The chancellor, Gordon Brown, set out his plans. Mr Brown was upbeat."],
        ),
        article(
            "politics/5.txt",
            "Tory leader",
            &["Tory leader Michael Howard said taxes would fall. Mr Howard spoke in Kent."],
        ),
        article(
            "politics/6.txt",
            "Howard on crime",
            &[
                "Michael Howard attacked the government on crime. Mr Howard said police were needed.",
            ],
        ),
        article(
            "politics/8.txt",
            "Howard again",
            &["Conservative leader Michael Howard will campaign today, Mr Howard said."],
        ),
        article(
            "sport/1.txt",
            "Ireland win",
            &["A clever dummy from Geordan Murphy set up the try.", team],
        ),
    ];
    lib.import(&second).unwrap();
    lib
}

#[test]
fn a_part_of_a_name_joins_the_person_the_library_names_in_full() {
    let lib = library();
    assert_eq!(
        sources(&lib, "person:=\"Gordon Brown\""),
        [
            "politics/1.txt",
            "politics/2.txt",
            "politics/3.txt",
            "politics/4.txt"
        ]
    );
    assert!(sources(&lib, "person:=Brown").is_empty());
    assert_eq!(
        sources(&lib, "person:=\"Geordan Murphy\""),
        ["sport/1.txt", "sport/3.txt"]
    );
    // Mrs Howard is not Michael Howard, whom the articles call "Mr Howard".
    assert_eq!(
        sources(&lib, "person:=\"Michael Howard\""),
        ["politics/5.txt", "politics/6.txt", "politics/8.txt"]
    );
    assert_eq!(sources(&lib, "person:=Howard"), ["politics/7.txt"]);
}

#[test]
fn the_panel_counts_what_each_exact_filter_selects() {
    let lib = library();
    let all = lib.search(&parse("").unwrap()).unwrap();
    let facets = lib.facets(&all);
    for f in facets.of(Kind::Person) {
        let n = lib.count(&parse(&f.term).unwrap()).unwrap();
        assert_eq!(n, f.count, "{}", f.term);
    }
    let labels: Vec<&str> = facets
        .of(Kind::Person)
        .iter()
        .map(|f| f.label.as_str())
        .collect();
    assert!(
        !labels.contains(&"Brown") && !labels.contains(&"G Murphy"),
        "{labels:?}"
    );
}
