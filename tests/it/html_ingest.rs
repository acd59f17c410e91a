//! `ingest::read_file` on HTML pages and feed files.

use gazette::ingest::{self, Outcome, Skip};

const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Site - Budget</title>
<meta property="og:title" content="Budget deal struck">
<meta name="author" content="Ann Lee">
<meta property="article:published_time" content="2024-09-01T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Budget deal struck</h1>
<p>The finance ministers met in Brussels on Tuesday, and they agreed, after long talks, to a new rule.</p>
<p>Critics said the rule, which caps deficits, would hurt growth, slow hiring, and anger voters.</p></article>
<footer>Copyright, all rights reserved, contact us, about us</footer></body></html>"#;

#[test]
fn html_files_are_read_through_the_extractor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html");
    std::fs::write(&path, PAGE).unwrap();
    let Outcome::Read { article, .. } = ingest::read_file(&path) else {
        panic!("not read")
    };
    assert_eq!(article.title, "Budget deal struck");
    assert_eq!(article.author.as_deref(), Some("Ann Lee"));
    assert!(article.date.is_some());
    assert_eq!(article.paragraphs.len(), 2, "{:?}", article.paragraphs);
    assert!(!article.body().contains("Home") && !article.body().contains("Copyright"));
}

#[test]
fn feed_files_give_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.rss");
    std::fs::write(
        &path,
        r#"<rss version="2.0"><channel><title>T</title>
<item><title>One</title><guid>1</guid><description>First.</description></item>
<item><title>Two</title><guid>2</guid><description>Second.</description></item></channel></rss>"#,
    )
    .unwrap();
    let Outcome::Feed { articles, .. } = ingest::read_file(&path) else {
        panic!("not read as a feed")
    };
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["One", "Two"]);
    assert_eq!(ingest::read_feed_file(&path).unwrap().len(), 2);

    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, "<html><body>not a feed</body></html>").unwrap();
    let Outcome::Skipped(skip) = ingest::read_file(&bad) else {
        panic!("read garbage")
    };
    assert!(matches!(skip, Skip::Feed { .. }));
    assert!(
        skip.to_string().contains("bad.xml") && skip.to_string().contains("not a feed"),
        "{skip}"
    );
}
