//! The library's schema as numbered migrations.
//!
//! `PRAGMA user_version` holds how many migrations a library has had. A new
//! release appends to [`MIGRATIONS`], never edits one that shipped.

/// Marks a database as a gazette library (`PRAGMA application_id`, "GZTT").
pub const APPLICATION_ID: i64 = 0x475a_5454;

/// Each entry moves a library from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first release.
    r#"
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    folder        TEXT,
    full_text     INTEGER NOT NULL DEFAULT 0,
    etag          TEXT,
    last_modified TEXT,
    last_fetch    INTEGER,
    status        INTEGER,
    error         TEXT
);

-- Per-article metadata only: the index loads every row at open, so the
-- text lives in article_text and rows here stay small.
CREATE TABLE articles (
    id        INTEGER PRIMARY KEY,   -- ArticleId, its 64 bits as a signed integer
    source    TEXT NOT NULL,
    guid      TEXT,
    title     TEXT NOT NULL,
    date      INTEGER,               -- Unix seconds
    author    TEXT,
    url       TEXT,
    tags      TEXT NOT NULL DEFAULT '[]',
    hash      INTEGER NOT NULL,      -- Article::content_hash
    feed_id   INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    read      INTEGER NOT NULL DEFAULT 0,
    starred   INTEGER NOT NULL DEFAULT 0,
    added     INTEGER NOT NULL,
    -- The article's mentions packed as (entity id i64, weight f32) little-endian
    -- pairs: a copy of its rows in mentions, written in the same transaction,
    -- so opening a library reads one row per article instead of one per mention.
    entities  BLOB NOT NULL DEFAULT x''
);
CREATE INDEX articles_feed_guid ON articles(feed_id, guid);
CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_hash ON articles(hash);

CREATE TABLE entities (
    id      INTEGER PRIMARY KEY,
    kind    INTEGER NOT NULL,        -- 0 person, 1 country, 2 issue
    key     TEXT NOT NULL,           -- folded name, ISO code, or issue id
    label   TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    UNIQUE (kind, key)
);

CREATE TABLE mentions (
    article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity  INTEGER NOT NULL REFERENCES entities(id),
    count   INTEGER NOT NULL,
    score   REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (article, entity)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE article_text (
    id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body  TEXT NOT NULL              -- paragraphs joined by blank lines
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body,
    content = 'article_text', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER article_text_ai AFTER INSERT ON article_text BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER article_text_ad AFTER DELETE ON article_text BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER article_text_au AFTER UPDATE ON article_text BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
"#,
    // 2: a stored copy of the in-memory index (see snapshot.rs), dropped by
    // triggers whenever what it was made from changes; read and starred
    // flags, which it leaves out, through partial indexes; full-text rows
    // written by the import itself (see import.rs); fewer, larger merges.
    r#"
CREATE TABLE index_snapshot (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    format INTEGER NOT NULL,
    data   BLOB NOT NULL
);
CREATE TRIGGER snapshot_articles_ai AFTER INSERT ON articles BEGIN DELETE FROM index_snapshot; END;
CREATE TRIGGER snapshot_articles_ad AFTER DELETE ON articles BEGIN DELETE FROM index_snapshot; END;
CREATE TRIGGER snapshot_articles_au
    AFTER UPDATE OF id, source, title, date, author, feed_id, added, entities ON articles
    BEGIN DELETE FROM index_snapshot; END;
CREATE TRIGGER snapshot_entities_ai AFTER INSERT ON entities BEGIN DELETE FROM index_snapshot; END;
CREATE TRIGGER snapshot_entities_ad AFTER DELETE ON entities BEGIN DELETE FROM index_snapshot; END;
CREATE TRIGGER snapshot_entities_au AFTER UPDATE ON entities BEGIN DELETE FROM index_snapshot; END;
CREATE TRIGGER snapshot_feeds_ai AFTER INSERT ON feeds BEGIN DELETE FROM index_snapshot; END;
CREATE TRIGGER snapshot_feeds_ad AFTER DELETE ON feeds BEGIN DELETE FROM index_snapshot; END;
CREATE TRIGGER snapshot_feeds_au AFTER UPDATE OF id, name, url ON feeds
    BEGIN DELETE FROM index_snapshot; END;
-- Nothing looks mentions up by entity (the index's postings come from
-- articles.entities): one B-tree row per mention instead of two.
DROP INDEX mentions_entity;
CREATE INDEX articles_read ON articles(id) WHERE read = 1;
CREATE INDEX articles_starred ON articles(id) WHERE starred = 1;
-- Imports write the full-text index themselves, after the rest of a batch.
DROP TRIGGER article_text_ai;
DROP TRIGGER article_text_au;
INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);
INSERT INTO articles_fts(articles_fts, rank) VALUES ('crisismerge', 64);
"#,
    // 3: the full-text index holds text folded by query::text::fold (see
    // import::fts_text), so "Straße", "Łódź" and "Ørsted" are found as a
    // query folds them. Emptied here, refilled by import::refill_fts in the
    // same transaction. The delete trigger, which would pass the unfolded
    // text, goes: code that deletes an article deletes its full-text row
    // with the folded text (see retention.rs).
    r#"
DROP TRIGGER article_text_ad;
INSERT INTO articles_fts(articles_fts) VALUES ('delete-all');
"#,
    // 4: feed entries as memberships. An article may be an entry of many
    // feeds (the same story through several feeds, or a local file a feed
    // links to); each feed knows its entries by its own key (the guid, or
    // the link when there is none), so no two feeds' keys can meet.
    // `articles.feed_id` stays the feed that first stored the article, the
    // only one that may change its text. `feeds.auto_name` marks a feed
    // still named after its URL, to be named from its own title when fetched.
    // `feed_gone` remembers the keys of deleted feed entries, so a fetch
    // does not store them again.
    r#"
CREATE TABLE feed_entries (
    feed    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key     TEXT NOT NULL,
    article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (feed, key)
) WITHOUT ROWID;
CREATE INDEX feed_entries_article ON feed_entries(article, feed);
INSERT OR IGNORE INTO feed_entries (feed, key, article)
    SELECT feed_id, coalesce(guid, url, source), id FROM articles WHERE feed_id IS NOT NULL;
ALTER TABLE feeds ADD COLUMN auto_name INTEGER NOT NULL DEFAULT 0;
-- Feeds named after their URL's host (the old default, `www.` dropped)
-- take their own title at their next fetch.
UPDATE feeds SET auto_name = 1 WHERE name = (
    WITH r(rest) AS (SELECT substr(url, instr(url, '://') + 3)),
         h(host) AS (SELECT CASE WHEN instr(rest, '/') > 0
                                 THEN substr(rest, 1, instr(rest, '/') - 1) ELSE rest END FROM r)
    SELECT CASE WHEN host LIKE 'www.%' THEN substr(host, 5) ELSE host END FROM h
);
CREATE TABLE feed_gone (
    feed INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key  TEXT NOT NULL,
    PRIMARY KEY (feed, key)
) WITHOUT ROWID;
"#,
    // 5: where a feed entry's text came from (store/pages.rs): 0 its feed's
    // (often a summary), 1 its page's, 2 its page gave none. Entries of
    // full-text feeds stored before are taken to hold their page's text,
    // so an upgrade does not download every page again.
    r#"
ALTER TABLE articles ADD COLUMN page_text INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET page_text = 1 WHERE feed_id IN (SELECT id FROM feeds WHERE full_text = 1);
"#,
    // 6: who said what. Each article's quotations, found at import and
    // rewritten with its mentions (see import::write_quotes), so `gazette
    // quotes` and the reader read them instead of extracting again. The
    // speaker is an entity of kind 8 (`Kind::Speaker`), which `said:`
    // filters by; NULL when the quote has no named speaker. Libraries
    // imported before this get their quotes when their articles are
    // extracted again.
    r#"
CREATE TABLE quotes (
    article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,       -- order in the article
    start    INTEGER NOT NULL,       -- byte offsets in article_text.body
    stop     INTEGER NOT NULL,
    speaker  INTEGER REFERENCES entities(id),
    body     INTEGER NOT NULL DEFAULT 0, -- 1: the speaker is an organisation
    text     TEXT NOT NULL,
    PRIMARY KEY (article, seq)
) WITHOUT ROWID;
"#,
];

/// The version (count of migrations) from which the full-text index holds
/// folded text; reaching it runs `import::refill_fts`.
pub const FOLDED_FTS: i64 = 3;
