//! Feed entries as memberships: an entry is known by its feed and its key,
//! the same story through several feeds is one article in each, and no
//! feed can replace the text of another feed's article or of a local file.

use gazette::article::Article;
use gazette::extract::Entities;
use gazette::pipeline::Processed;
use gazette::query::parse;
use gazette::store::{FeedId, FeedItem, Library, NewFeed};

fn subscribe(lib: &mut Library, url: &str, name: &str) -> FeedId {
    lib.add_feed(&NewFeed {
        url: url.into(),
        name: name.into(),
        folder: None,
        full_text: false,
        auto_name: false,
    })
    .unwrap()
}

fn entry(guid: Option<&str>, link: Option<&str>, title: &str, body: &str) -> FeedItem {
    let source = guid.or(link).unwrap_or(title);
    let mut article = Article::new(source, title, vec![body.to_string()]);
    article.url = link.map(str::to_string);
    FeedItem {
        guid: guid.map(str::to_string),
        processed: Processed {
            article,
            entities: Entities::default(),
            removed: Vec::new(),
        },
    }
}

/// The bodies of the articles a query finds, sorted.
fn bodies(lib: &Library, q: &str) -> Vec<String> {
    let mut out: Vec<String> = lib
        .search(&parse(q).unwrap())
        .unwrap()
        .into_iter()
        .map(|id| lib.article(id).unwrap().unwrap().body())
        .collect();
    out.sort();
    out
}

#[test]
fn two_feeds_with_the_same_guids_keep_their_own_articles() {
    let mut lib = Library::in_memory().unwrap();
    let alpha = subscribe(&mut lib, "https://alpha.example/rss", "Alpha");
    let beta = subscribe(&mut lib, "https://beta.example/rss", "Beta");
    let items = |site: &str| -> Vec<FeedItem> {
        (1..=3)
            .map(|n| {
                entry(
                    Some(&n.to_string()),
                    Some(&format!("https://{site}.example/{n}")),
                    &format!("{site} story {n}"),
                    &format!("The {site} report number {n}."),
                )
            })
            .collect()
    };
    for _ in 0..2 {
        lib.import_feed_items(alpha, &items("alpha")).unwrap();
        lib.import_feed_items(beta, &items("beta")).unwrap();
    }
    assert_eq!(lib.len(), 6);
    assert_eq!(
        bodies(&lib, "feed:alpha"),
        [
            "The alpha report number 1.",
            "The alpha report number 2.",
            "The alpha report number 3."
        ]
    );
    assert_eq!(bodies(&lib, "feed:beta").len(), 3);
    assert!(bodies(&lib, "feed:beta").iter().all(|b| b.contains("beta")));
    for id in lib.search(&parse("feed:beta").unwrap()).unwrap() {
        assert_eq!(lib.meta(id).unwrap().feed.as_deref(), Some("Beta"));
    }
    // An update under a known guid changes only that feed's article.
    let mut changed = items("beta");
    changed[0].processed.article.paragraphs = vec!["The beta report, corrected.".into()];
    assert_eq!(lib.import_feed_items(beta, &changed).unwrap().updated, 1);
    assert!(bodies(&lib, "feed:alpha").contains(&"The alpha report number 1.".to_string()));
    assert!(bodies(&lib, "feed:beta").contains(&"The beta report, corrected.".to_string()));
}

#[test]
fn a_hostile_feed_cannot_replace_a_local_file_or_another_feeds_text() {
    let mut lib = Library::in_memory().unwrap();
    let mut local = Article::new(
        "seeds/001_8d0fb9a61ad8dd10.txt",
        "Trusted",
        vec!["The trusted local text.".into()],
    );
    local.url = Some("https://trusted.example/story".into());
    lib.import(&[Processed {
        article: local,
        entities: Entities::default(),
        removed: Vec::new(),
    }])
    .unwrap();
    let trusted = subscribe(&mut lib, "https://trusted.example/rss", "Trusted");
    lib.import_feed_items(
        trusted,
        &[entry(
            Some("t1"),
            Some("https://trusted.example/t1"),
            "Trusted feed story",
            "The trusted feed text.",
        )],
    )
    .unwrap();
    let hostile = subscribe(&mut lib, "https://hostile.example/rss", "Hostile");
    let attack = [
        // The local file's path as a guid.
        entry(
            Some("seeds/001_8d0fb9a61ad8dd10.txt"),
            None,
            "Spoof",
            "Spoofed text one.",
        ),
        // The other feed's guid and link.
        entry(
            Some("t1"),
            Some("https://trusted.example/t1"),
            "Spoof",
            "Spoofed text two.",
        ),
        // The local file's link.
        entry(
            Some("h3"),
            Some("https://trusted.example/story"),
            "Spoof",
            "Spoofed text three.",
        ),
    ];
    for _ in 0..2 {
        lib.import_feed_items(hostile, &attack).unwrap();
    }
    let all: Vec<String> = lib
        .metas()
        .map(|m| lib.article(m.id).unwrap().unwrap().body())
        .collect();
    assert!(
        all.contains(&"The trusted local text.".to_string()),
        "{all:?}"
    );
    assert!(
        all.contains(&"The trusted feed text.".to_string()),
        "{all:?}"
    );
    assert!(
        all.contains(&"Spoofed text one.".to_string()),
        "an entry whose guid is a path is its own article: {all:?}"
    );
    assert!(!all.iter().any(|b| b.contains("two") || b.contains("three")));
    assert_eq!(bodies(&lib, "feed:trusted"), ["The trusted feed text."]);
    // The stories the hostile feed shares by link are entries of it, with
    // the text they were first stored with.
    assert_eq!(
        bodies(&lib, "feed:hostile"),
        [
            "Spoofed text one.",
            "The trusted feed text.",
            "The trusted local text."
        ]
    );
    let counts = lib.feed_counts().unwrap();
    assert_eq!(counts[&hostile].total, 3);
    assert_eq!(counts[&trusted].total, 1);
}

#[test]
fn entries_sharing_a_link_with_distinct_guids_stay_distinct() {
    let mut lib = Library::in_memory().unwrap();
    let podcast = subscribe(&mut lib, "https://pod.example/rss", "Podcast");
    let episodes: Vec<FeedItem> = (1..=5)
        .map(|n| {
            entry(
                Some(&format!("episode-{n}")),
                Some("https://pod.example/"),
                &format!("Episode {n}"),
                &format!("Show notes for episode {n}."),
            )
        })
        .collect();
    assert_eq!(lib.import_feed_items(podcast, &episodes).unwrap().new, 5);
    assert_eq!(
        lib.import_feed_items(podcast, &episodes).unwrap().unchanged,
        5
    );
    assert_eq!(bodies(&lib, "feed:podcast").len(), 5);
    assert_eq!(lib.len(), 5);
}

#[test]
fn one_story_through_several_feeds_is_one_article_in_each() {
    let mut lib = Library::in_memory().unwrap();
    let politics = subscribe(&mut lib, "https://news.example/politics", "Politics");
    let top = subscribe(&mut lib, "https://news.example/top", "Top Stories");
    let story = |n: u32| {
        entry(
            Some(&format!("https://news.example/story/{n}")),
            Some(&format!("https://news.example/story/{n}")),
            &format!("Story {n}"),
            &format!("The text of story {n}."),
        )
    };
    lib.import_feed_items(politics, &[story(1), story(2), story(3)])
        .unwrap();
    // The top feed repeats two stories (one under another guid) and adds one.
    let mut again = story(2);
    again.guid = Some("top-2".into());
    let counts = lib
        .import_feed_items(top, &[story(1), again, story(4)])
        .unwrap();
    assert_eq!((counts.new, counts.unchanged), (1, 2));
    assert_eq!(lib.len(), 4);
    assert_eq!(bodies(&lib, "feed:top").len(), 3);
    assert_eq!(bodies(&lib, "feed:politics").len(), 3);
    let counts = lib.feed_counts().unwrap();
    assert_eq!((counts[&politics].total, counts[&top].total), (3, 3));
    // Reading it through one feed reads it in both.
    let id = lib
        .search(&parse("feed:top story").unwrap())
        .unwrap()
        .into_iter()
        .find(|&id| lib.meta(id).unwrap().title == "Story 1")
        .unwrap();
    lib.set_read(id, true).unwrap();
    let counts = lib.feed_counts().unwrap();
    assert_eq!((counts[&politics].unread, counts[&top].unread), (2, 2));
    // Unsubscribing from one feed keeps the other's entries.
    lib.remove_feed(top).unwrap();
    assert_eq!(bodies(&lib, "feed:politics").len(), 3);
    assert_eq!(lib.len(), 4);
}

#[test]
fn deleted_entries_stay_deleted_and_old_read_ones_are_found() {
    let mut lib = Library::in_memory().unwrap();
    let feed = subscribe(&mut lib, "https://news.example/rss", "News");
    let items: Vec<FeedItem> = (1..=3)
        .map(|n| {
            let mut e = entry(
                Some(&format!("n{n}")),
                Some(&format!("https://news.example/{n}")),
                &format!("Story {n}"),
                &format!("The text of story {n}."),
            );
            e.processed.article.date = chrono::DateTime::from_timestamp(1_000_000_000, 0);
            e
        })
        .collect();
    lib.import_feed_items(feed, &items).unwrap();
    let ids = lib.search(&parse("feed:news").unwrap()).unwrap();
    assert!(
        lib.old_read_articles(30).unwrap().is_empty(),
        "none is read"
    );
    lib.set_read(ids[0], true).unwrap();
    lib.set_read(ids[1], true).unwrap();
    lib.set_starred(ids[1], true).unwrap();
    assert_eq!(lib.old_read_articles(30).unwrap(), [ids[0]]);
    assert_eq!(lib.purge_old_read(0).unwrap(), 0, "keep_days 0 keeps all");
    assert_eq!(lib.len(), 3);
    assert_eq!(lib.purge_old_read(30).unwrap(), 1);
    assert_eq!(lib.len(), 2);
    assert!(lib.meta(ids[0]).is_none());
    // Fetching the same entries again does not bring it back.
    assert_eq!(lib.import_feed_items(feed, &items).unwrap().new, 0);
    assert_eq!(lib.len(), 2);
    assert!(lib.check().unwrap().is_empty());
}
