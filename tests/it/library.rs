//! The library and the query engine, on hand-made articles and entities.

use chrono::{NaiveDate, TimeZone, Utc};
use gazette::entity::Kind;
use gazette::extract::{CountryMention, Entities, IssueHit, Person};
use gazette::pipeline::Processed;
use gazette::query::parse;
use gazette::store::{FeedItem, FeedState, Library, NewFeed, Seeding, Sort, StoreError};
use gazette::{Article, ArticleId};

fn person(name: &str, aliases: &[&str], mentions: u32) -> Person {
    Person {
        name: name.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        mentions,
        spans: Vec::new(),
        office: None,
    }
}

fn country(code: &str, name: &str, mentions: u32) -> CountryMention {
    CountryMention {
        code: code.into(),
        name: name.into(),
        mentions,
        spans: Vec::new(),
    }
}

fn issue(id: &str, label: &str, score: f32) -> IssueHit {
    IssueHit {
        id: id.into(),
        label: label.into(),
        score,
        spans: Vec::new(),
    }
}

fn article(source: &str, title: &str, body: &str, date: Option<(i32, u32, u32)>) -> Article {
    let mut a = Article::new(
        source,
        title,
        body.split("\n\n").map(str::to_string).collect(),
    );
    a.date = date.map(|(y, m, d)| Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap());
    a
}

fn processed(
    article: Article,
    people: Vec<Person>,
    countries: Vec<CountryMention>,
    issues: Vec<IssueHit>,
) -> Processed {
    Processed {
        article,
        entities: Entities {
            people,
            countries,
            issues,
            ..Default::default()
        },
        removed: Vec::new(),
    }
}

/// Four articles with known entities.
fn sample() -> Vec<Processed> {
    let mut a = article(
        "a.txt",
        "Starmer meets Biden in Washington",
        "Talks on Ukraine and shipping in the Red Sea.\n\nThe prime minister flew in on Tuesday.",
        Some((2024, 9, 10)),
    );
    a.author = Some("Jane Doe".into());
    let b = article(
        "b.txt",
        "Trump and Starmer talk trade",
        "Tariffs were on the table at the White House.",
        Some((2025, 2, 27)),
    );
    let c = article(
        "c.txt",
        "Zelenskyy in Paris",
        "Volodymyr Zelenskyy met Emmanuel Macron at the Élysée.",
        Some((2025, 3, 1)),
    );
    let d = article(
        "d.txt",
        "Gaza ceasefire talks",
        "Negotiators met in Doha.",
        None,
    );
    vec![
        processed(
            a,
            vec![
                person("Keir Starmer", &["Sir Keir", "Sir Keir Starmer"], 3),
                person("Joe Biden", &["President Biden"], 2),
            ],
            vec![
                country("GB", "United Kingdom", 2),
                country("US", "United States", 1),
            ],
            vec![
                issue("ukraine-war", "War in Ukraine", 0.6),
                issue("red-sea-shipping", "Red Sea shipping", 0.8),
            ],
        ),
        processed(
            b,
            vec![
                person("Donald Trump", &["Mr Trump"], 4),
                person("Keir Starmer", &["Sir Keir"], 1),
            ],
            vec![
                country("GB", "United Kingdom", 1),
                country("US", "United States", 2),
                country("FR", "France", 1),
            ],
            vec![
                issue("trade", "Trade and tariffs", 0.9),
                issue("uk-us-relations", "UK–US relations", 0.5),
            ],
        ),
        processed(
            c,
            vec![
                person("Volodymyr Zelenskyy", &[], 2),
                person("Emmanuel Macron", &[], 1),
            ],
            vec![country("UA", "Ukraine", 1), country("FR", "France", 2)],
            vec![issue("ukraine-war", "War in Ukraine", 0.7)],
        ),
        processed(
            d,
            Vec::new(),
            vec![country("IL", "Israel", 1), country("PS", "Palestine", 1)],
            vec![
                issue("israel-gaza", "Israel–Gaza war", 0.9),
                issue("defence-spending", "Defence spending", 0.3),
            ],
        ),
    ]
}

fn library() -> Library {
    let mut lib = Library::in_memory().unwrap();
    let counts = lib.import(&sample()).unwrap();
    assert_eq!(counts.new, 4);
    lib
}

/// The sources of the articles a query matches, in result order.
fn found(lib: &Library, q: &str) -> Vec<String> {
    let q = parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    lib.search(&q)
        .unwrap()
        .into_iter()
        .map(|id| {
            lib.meta(id)
                .unwrap()
                .source
                .trim_end_matches(".txt")
                .to_string()
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn entity_fields_match_names_aliases_codes_and_labels() {
    let lib = library();
    assert_eq!(sorted(found(&lib, "person:starmer")), ["a", "b"]);
    assert_eq!(sorted(found(&lib, "p:\"keir starmer\"")), ["a", "b"]);
    assert_eq!(
        sorted(found(&lib, "person:\"sir keir starmer\"")),
        ["a", "b"],
        "aliases are the person's, across articles"
    );
    assert_eq!(found(&lib, "p:TRUMP"), ["b"]);
    assert_eq!(found(&lib, "person:tru"), ["b"], "word prefix");
    assert!(found(&lib, "person:rump").is_empty(), "not a word prefix");
    assert_eq!(found(&lib, "person:zelensky"), ["c"], "spelling-tolerant");
    assert_eq!(found(&lib, "person:zelenskyy"), ["c"]);
    assert_eq!(sorted(found(&lib, "country:fr")), ["b", "c"]);
    assert_eq!(sorted(found(&lib, "country:France")), ["b", "c"]);
    assert_eq!(sorted(found(&lib, "c:french")), ["b", "c"]);
    assert_eq!(found(&lib, "c:ua"), ["c"]);
    assert_eq!(
        sorted(found(&lib, "country:\"united kingdom\"")),
        ["a", "b"]
    );
    assert_eq!(sorted(found(&lib, "country:british")), ["a", "b"]);
    assert_eq!(
        found(&lib, "issue:gaza"),
        ["d"],
        "a word of the id and label"
    );
    assert_eq!(found(&lib, "issue:defence-spending"), ["d"]);
    assert_eq!(found(&lib, "i:\"red sea\""), ["a"]);
    assert_eq!(sorted(found(&lib, "i:ukraine")), ["a", "c"]);
}

#[test]
fn boolean_operators_combine_postings() {
    let lib = library();
    assert_eq!(found(&lib, "person:biden -person:trump"), ["a"]);
    assert_eq!(found(&lib, "person:starmer NOT country:fr"), ["a"]);
    assert_eq!(sorted(found(&lib, "p:starmer (c:fr OR c:ir)")), ["b"]);
    assert_eq!(sorted(found(&lib, "c:fr OR c:il")), ["b", "c", "d"]);
    assert_eq!(found(&lib, "-(c:fr OR c:il)"), ["a"]);
    assert_eq!(found(&lib, "c:fr -p:macron"), ["b"]);
    assert_eq!(found(&lib, "").len(), 4);
    assert!(found(&lib, "person:nobody").is_empty());
}

#[test]
fn full_text_title_author_flags_and_dates() {
    let mut lib = library();
    assert_eq!(found(&lib, "shipping"), ["a"]);
    assert_eq!(found(&lib, "SHIPP"), ["a"], "a word matches as a prefix");
    assert_eq!(found(&lib, "\"red sea\""), ["a"]);
    assert!(
        found(&lib, "\"sea red\"").is_empty(),
        "a phrase keeps its order"
    );
    assert_eq!(found(&lib, "elysee"), ["c"], "accents fold");
    assert_eq!(sorted(found(&lib, "title:talk")), ["b", "d"]);
    assert!(
        found(&lib, "title:tariffs").is_empty(),
        "title only, not body"
    );
    assert_eq!(found(&lib, "author:doe"), ["a"]);
    assert_eq!(found(&lib, "author:jane"), ["a"]);

    let b = lib.search(&parse("title:trump").unwrap()).unwrap()[0];
    lib.set_read(b, true).unwrap();
    lib.set_starred(b, true).unwrap();
    assert_eq!(found(&lib, "is:read"), ["b"]);
    assert_eq!(found(&lib, "is:starred"), ["b"]);
    assert_eq!(found(&lib, "is:unread").len(), 3);
    assert!(lib.meta(b).unwrap().read && lib.meta(b).unwrap().starred);

    assert_eq!(
        found(&lib, "since:2025-02-27 until:2025-02-27"),
        ["b"],
        "a date covers its whole day"
    );
    assert_eq!(found(&lib, "until:2024-12-31"), ["a"]);
    // d has no date: it counts as added now.
    assert_eq!(found(&lib, "since:7d"), ["d"]);
    assert_eq!(found(&lib, "until:7d"), ["c", "b", "a"], "newest first");
}

#[test]
fn results_are_newest_first_or_by_relevance() {
    let lib = library();
    // d is undated and sorts by when it was added (now).
    assert_eq!(found(&lib, ""), ["d", "c", "b", "a"]);
    let q = parse("person:starmer OR person:trump").unwrap();
    let by_rel: Vec<String> = lib
        .search_by(&q, Sort::Relevance)
        .unwrap()
        .into_iter()
        .map(|id| lib.meta(id).unwrap().source.clone())
        .collect();
    // b mentions Trump 4 times and Starmer once; a Starmer 3 times.
    assert_eq!(by_rel, ["b.txt", "a.txt"]);
}

#[test]
fn facets_count_articles_most_frequent_first() {
    let lib = library();
    let ids = lib.search(&parse("").unwrap()).unwrap();
    let f = lib.facets(&ids);
    assert_eq!(f.of(Kind::Person)[0].label, "Keir Starmer");
    assert_eq!(f.of(Kind::Person)[0].count, 2);
    assert_eq!(f.of(Kind::Person).len(), 5);
    let fr = f.of(Kind::Country).iter().find(|c| c.key == "FR").unwrap();
    assert_eq!(fr.count, 2);
    assert!(
        f.of(Kind::Country)
            .windows(2)
            .all(|w| w[0].count >= w[1].count)
    );
    assert_eq!(f.of(Kind::Issue)[0].key, "ukraine-war");
    let only_d = lib.search(&parse("issue:gaza").unwrap()).unwrap();
    let f = lib.facets(&only_d);
    assert!(f.of(Kind::Person).is_empty());
    assert_eq!(f.of(Kind::Issue).len(), 2);
}

#[test]
fn article_meta_entities_and_id_prefixes() {
    let lib = library();
    let id = ArticleId::from_source("a.txt");
    let full = lib.article(id).unwrap().unwrap();
    assert_eq!(full.paragraphs.len(), 2);
    assert_eq!(full.author.as_deref(), Some("Jane Doe"));
    assert_eq!(
        full.date.unwrap().date_naive(),
        NaiveDate::from_ymd_opt(2024, 9, 10).unwrap()
    );
    let e = lib.entities_of(id);
    assert_eq!(e.people[0].name, "Keir Starmer");
    assert_eq!(e.people[0].mentions, 3);
    assert!(e.people[0].aliases.contains(&"Sir Keir".to_string()));
    assert_eq!(e.issues[0].id, "red-sea-shipping", "highest score first");
    assert_eq!(lib.resolve_prefix(&id.to_string()[..10]).unwrap(), id);
    assert!(matches!(
        lib.resolve_prefix("zz"),
        Err(StoreError::NoSuchArticle(_))
    ));
    assert!(matches!(
        lib.resolve_prefix(""),
        Err(StoreError::NoSuchArticle(_))
    ));
    assert!(lib.article(ArticleId(1)).unwrap().is_none());
}

#[test]
fn reimport_is_a_no_op_and_edits_update_the_article() {
    let mut lib = library();
    let again = lib.import(&sample()).unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 4));
    let a = ArticleId::from_source("a.txt");
    lib.set_starred(a, true).unwrap();

    let mut edited = sample().remove(0);
    edited
        .article
        .paragraphs
        .push("Rishi Sunak was not there.".into());
    edited.entities.people = vec![person("Rishi Sunak", &[], 1)];
    let counts = lib.import(&[edited]).unwrap();
    assert_eq!((counts.new, counts.updated, counts.unchanged), (0, 1, 0));
    assert_eq!(found(&lib, "person:sunak"), ["a"]);
    assert_eq!(
        found(&lib, "person:biden"),
        Vec::<String>::new(),
        "old mentions are gone"
    );
    assert_eq!(found(&lib, "sunak"), ["a"], "full text follows the edit");
    assert!(lib.meta(a).unwrap().starred, "flags survive an update");
    assert_eq!(lib.len(), 4);
    assert_eq!(lib.article(a).unwrap().unwrap().paragraphs.len(), 3);
    assert!(lib.check().unwrap().is_empty());
}

#[test]
fn index_survives_reopening_and_sees_other_writers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    let mut lib =
        Library::open_with(&path, Seeding::NoSeed, std::time::Duration::from_secs(1)).unwrap();
    lib.import(&sample()).unwrap();
    let mut other = Library::open(&path).unwrap();
    assert_eq!(other.len(), 4, "an existing library is not seeded");
    assert_eq!(found(&other, "person:zelensky"), ["c"]);
    let mut extra = sample().remove(3);
    extra.article = article("e.txt", "Another", "Body text.", None);
    lib.import(&[extra]).unwrap();
    assert!(other.refresh().unwrap());
    assert_eq!(other.len(), 5);
    assert!(!other.refresh().unwrap());
    assert!(other.check().unwrap().is_empty());
}

/// How many stored copies of the index the library holds (0 or 1).
fn copies(path: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT count(*) FROM index_snapshot", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_stored_index_copy_is_only_used_while_in_step_with_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    let timeout = std::time::Duration::from_secs(1);
    let mut lib = Library::open_with(&path, Seeding::NoSeed, timeout).unwrap();
    lib.import(&sample()).unwrap();
    assert_eq!(copies(&path), 0, "an import drops the copy");
    assert!(lib.save_snapshot().unwrap());
    assert_eq!(copies(&path), 1);
    let c = lib.search(&parse("person:zelensky").unwrap()).unwrap()[0];
    lib.set_read(c, true).unwrap();
    lib.set_starred(c, true).unwrap();
    assert_eq!(copies(&path), 1, "flags are not part of the copy");

    let queries = [
        "",
        "person:starmer",
        "c:fr OR i:red-sea",
        "is:read",
        "is:starred",
        "author:jane",
        "since:2025-01-01",
    ];
    let reopened = Library::open_with(&path, Seeding::NoSeed, timeout).unwrap();
    for q in queries {
        assert_eq!(found(&reopened, q), found(&lib, q), "{q}");
    }
    assert_eq!(found(&reopened, "is:read"), ["c"]);
    let ids = lib.search(&parse("").unwrap()).unwrap();
    for &id in &ids {
        assert_eq!(reopened.meta(id), lib.meta(id));
        assert_eq!(reopened.entities_of(id), lib.entities_of(id));
    }
    assert_eq!(reopened.facets(&ids), lib.facets(&ids));

    // Another writer's edit drops the copy; the next open reads the rows,
    // sees the edit, and stores a fresh copy.
    let mut edit = sample().remove(2);
    edit.article.paragraphs.push("Mark Rutte spoke too.".into());
    edit.entities.people = vec![person("Mark Rutte", &[], 3)];
    reopened_import(&path, edit);
    assert_eq!(copies(&path), 0);
    let fresh = Library::open_with(&path, Seeding::NoSeed, timeout).unwrap();
    assert_eq!(found(&fresh, "person:rutte"), ["c"]);
    assert!(found(&fresh, "person:zelensky").is_empty());
    assert_eq!(found(&fresh, "is:read"), ["c"], "an edit keeps the flags");
    assert_eq!(copies(&path), 1);
    drop(fresh);

    // Renaming an entity behind gazette's back drops it too; a damaged copy
    // is ignored, never trusted.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE entities SET label = 'M. Rutte' WHERE key = 'mark rutte'",
        [],
    )
    .unwrap();
    assert_eq!(copies(&path), 0);
    drop(conn);
    drop(Library::open_with(&path, Seeding::NoSeed, timeout).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE index_snapshot SET data = x'0102ff'", [])
        .unwrap();
    drop(conn);
    let damaged = Library::open_with(&path, Seeding::NoSeed, timeout).unwrap();
    assert_eq!(damaged.len(), 4);
    assert_eq!(found(&damaged, "person:rutte"), ["c"]);
    assert!(damaged.check().unwrap().is_empty());
}

fn reopened_import(path: &std::path::Path, p: Processed) {
    let mut lib =
        Library::open_with(path, Seeding::NoSeed, std::time::Duration::from_secs(1)).unwrap();
    assert_eq!(lib.import(&[p]).unwrap().updated, 1);
}

#[test]
fn a_new_library_is_seeded_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/library.db");
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.len(), 3);
    assert!(lib.metas().all(|m| m.source.starts_with("seeds/")));
    assert!(lib.metas().all(|m| !m.title.is_empty()));
    drop(lib);
    assert_eq!(Library::open(&path).unwrap().len(), 3);
}

#[test]
fn newer_and_foreign_databases_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 99; CREATE TABLE t(x);")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Library::open(&path)
        .err()
        .expect("a newer library must be refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer gazette"));
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let other = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE photos(x);").unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    let err = Library::open(&other)
        .err()
        .expect("a foreign database must be refused");
    assert!(matches!(err, StoreError::NotALibrary { .. }), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

#[test]
fn feeds_are_stored_and_entries_deduplicated() {
    let mut lib = library();
    let feed = lib
        .add_feed(&NewFeed {
            url: "https://example.org/world.xml".into(),
            name: "Example World".into(),
            folder: Some("News".into()),
            full_text: false,
            auto_name: false,
        })
        .unwrap();
    let item = |source: &str, guid: Option<&str>, url: Option<&str>, body: &str| {
        let mut a = article(source, "Feed story", body, Some((2025, 1, 2)));
        a.url = url.map(str::to_string);
        FeedItem {
            guid: guid.map(str::to_string),
            processed: processed(
                a,
                vec![person("Kaja Kallas", &[], 1)],
                Vec::new(),
                Vec::new(),
            ),
        }
    };
    let first = vec![
        item(
            "https://example.org/1",
            Some("g1"),
            Some("https://example.org/1"),
            "One.",
        ),
        item(
            "https://example.org/2",
            Some("g2"),
            Some("https://example.org/2"),
            "Two.",
        ),
    ];
    let counts = lib.import_feed_items(feed, &first).unwrap();
    assert_eq!(counts.new, 2);
    assert_eq!(found(&lib, "feed:example").len(), 2);
    assert_eq!(found(&lib, "feed:\"example world\" person:kallas").len(), 2);
    let id = lib.search(&parse("feed:example").unwrap()).unwrap()[0];
    assert_eq!(lib.meta(id).unwrap().feed.as_deref(), Some("Example World"));

    let second = vec![
        // Same guid, new link and text: the stored entry is updated.
        item(
            "https://example.org/1?utm=x",
            Some("g1"),
            Some("https://example.org/1?utm=x"),
            "One, corrected.",
        ),
        // No guid, same link: unchanged.
        item(
            "https://example.org/2#top",
            None,
            Some("https://example.org/2"),
            "Two.",
        ),
        // New guid and link but the same text as a stored entry: a duplicate.
        item(
            "https://mirror.example/3",
            Some("g3"),
            Some("https://mirror.example/3"),
            "Two.",
        ),
    ];
    let counts = lib.import_feed_items(feed, &second).unwrap();
    assert_eq!((counts.new, counts.updated, counts.unchanged), (0, 1, 1));
    assert_eq!(counts.skipped.len(), 1);
    assert!(counts.skipped[0].reason.contains("same text"));
    assert_eq!(lib.len(), 6);

    let state = FeedState {
        etag: Some("\"abc\"".into()),
        last_modified: Some("Thu, 02 Jan 2025 10:00:00 GMT".into()),
        last_fetch: Some(Utc::now()),
        status: Some(200),
        error: None,
    };
    lib.update_feed_state(feed, &state).unwrap();
    let feeds = lib.feeds().unwrap();
    assert_eq!(feeds.len(), 1);
    assert_eq!(feeds[0].state.etag, state.etag);
    assert_eq!(feeds[0].state.status, Some(200));
    assert_eq!(feeds[0].folder.as_deref(), Some("News"));

    lib.remove_feed(feed).unwrap();
    assert!(lib.feeds().unwrap().is_empty());
    assert!(found(&lib, "feed:example").is_empty());
    assert_eq!(lib.len(), 6, "articles stay after unsubscribing");
    assert!(matches!(
        lib.remove_feed(feed),
        Err(StoreError::NoSuchFeed(_))
    ));
    assert!(matches!(
        lib.import_feed_items(feed, &first),
        Err(StoreError::NoSuchFeed(_))
    ));
}
