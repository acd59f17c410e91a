//! The word index answers word prefixes exactly as FTS5 does: on the seed
//! library, on generated text full of what tokenizers disagree about, and
//! on the BBC articles when they are present; and a library that changed
//! under it is answered by FTS5 until a new index is built.

use std::collections::BTreeSet;
use std::path::Path;

use gazette::article::Article;
use gazette::pipeline::Processed;
use gazette::query;
use gazette::store::{Library, Words};

fn processed(source: &str, title: &str, body: &str) -> Processed {
    Processed {
        article: Article::new(
            source.to_string(),
            title.to_string(),
            vec![body.to_string()],
        ),
        entities: Default::default(),
        removed: vec![],
    }
}

/// Words chosen for what splits and folds differently in FTS5's
/// `unicode61 remove_diacritics 2` and in Rust: accents precomposed and
/// combining, ß/æ/ø/ł (not decomposable), Turkish dotted and dotless i,
/// apostrophes and hyphens, digits of other scripts, superscripts, Roman
/// numerals, CJK, Devanagari vowel signs, Greek, Cyrillic, emoji,
/// zero-width joiners, underscores and full-width letters.
#[rustfmt::skip]
const VOCABULARY: &[&str] = &[
    "Starmer", "state", "strike", "São", "Sao", "Zürich", "Zu\u{308}rich", "café", "cafe\u{301}",
    "Straße", "strasse", "Æsir", "aesir", "Øresund", "Łódź", "İstanbul", "ıstanbul", "Istanbul",
    "O'Brien", "O’Brien", "rock-'n'-roll", "well-known", "x2", "2024", "٣٤٥", "²³", "Ⅻ", "東京",
    "東京都", "北京市", "नमस्ते", "हिन्दी", "Ἀθῆναι", "αθηνα", "Москва", "москва", "Ёж", "👉news",
    "a\u{200d}b", "snake_case", "ＡＢＣ", "ﬁnance", "Ǆemal", "ǅ", "K", "Å", "µs", "İi", "ΣΑΣ",
    "ς", "a.b.c", "3.14", "e=mc²", "x\u{301}\u{301}y", "\u{301}start", "ǰ", "ŉ", "ẞig",
];

/// Articles whose titles and bodies mix the vocabulary.
fn varied() -> Vec<Processed> {
    let n = VOCABULARY.len();
    (0..240)
        .map(|i| {
            let w = |k: usize| VOCABULARY[(i * 7 + k * 13 + i / 5) % n];
            let title = format!(
                "{} {}{} ({i})",
                w(0),
                w(1),
                if i % 3 == 0 { "-" } else { " " }
            );
            let body = format!(
                "{}, {} and {}: the {}’s {} {}.",
                w(2),
                w(3),
                w(4),
                w(5),
                w(6),
                w(i % 4 + 7)
            );
            processed(&format!("gen/{i}.txt"), &title, &body)
        })
        .collect()
}

/// 1- to 6-character prefixes of every word of `texts`, as a user types
/// them (folded by the query language, as the filter bar does).
fn prefixes<'a>(texts: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let distinct: BTreeSet<&str> = texts.flat_map(str::split_whitespace).collect();
    sampled(&distinct, 1)
}

/// The prefixes of every `every`th word (and the first letter of all).
fn sampled(words: &BTreeSet<&str>, every: usize) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, word) in words.iter().enumerate() {
        let chars: Vec<char> = word.chars().collect();
        let longest = if i % every == 0 { 6 } else { 1 };
        for len in 1..=chars.len().min(longest) {
            let p: String = chars[..len].iter().collect();
            if p.chars().any(char::is_alphanumeric) && !p.contains('"') {
                out.insert(p);
            }
        }
    }
    out
}

/// Asserts that each prefix, bare and as `title:`, selects the same
/// articles through `words` as through FTS5; returns how many were asked.
fn same_as_fts(lib: &Library, words: &Words, prefixes: &BTreeSet<String>) -> usize {
    assert!(lib.words_fit(words));
    let mut asked = 0;
    for p in prefixes {
        for text in [format!("\"{p}\""), format!("title:\"{p}\"")] {
            let q = query::parse(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            let fts = lib.search(&q).unwrap();
            let indexed = lib.search_using(&q, Some(words)).unwrap();
            assert_eq!(indexed, fts, "{text:?}");
            asked += 1;
        }
    }
    asked
}

#[test]
fn the_seed_library_answers_alike() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("lib.db")).unwrap();
    let words = lib.words_job().unwrap().run().unwrap();
    let metas: Vec<String> = lib.metas().map(|m| m.title).collect();
    let mut texts: Vec<String> = metas.clone();
    for id in lib.search(&query::Query::All).unwrap() {
        let article = lib.article(id).unwrap().unwrap();
        texts.extend(article.paragraphs);
    }
    let mut asked = prefixes(texts.iter().map(String::as_str));
    asked.extend(["s", "st", "sta", "star", "a", "t", "e", "m", "zz"].map(String::from));
    let n = same_as_fts(&lib, &words, &asked);
    assert!(n > 500, "only {n} prefixes");
}

#[test]
fn varied_text_answers_alike() {
    let mut lib = Library::in_memory().unwrap();
    let batch = varied();
    lib.import(&batch).unwrap();
    let words = lib.build_words().unwrap();
    let mut asked = prefixes(VOCABULARY.iter().copied());
    // What the query language folds differently from FTS5.
    asked.extend(
        [
            "ss", "strass", "ae", "o", "l", "lodz", "i", "ist", "Σ", "σας",
        ]
        .map(String::from),
    );
    same_as_fts(&lib, &words, &asked);
    // Phrases are left to FTS5 and give the same results.
    for text in [
        "\"well known\"",
        "\"rock n\"",
        "title:\"sao 1\"",
        "\"o brien\" -x2",
    ] {
        let q = query::parse(text).unwrap();
        assert_eq!(
            lib.search_using(&q, Some(&words)).unwrap(),
            lib.search(&q).unwrap(),
            "{text:?}"
        );
    }
}

#[test]
fn bbc_articles_answer_alike() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc");
    if !root.is_dir() {
        println!("skipped: {} is absent", root.display());
        return;
    }
    let mut batch = Vec::new();
    let mut texts = Vec::new();
    for topic in ["business", "entertainment", "politics", "sport", "tech"] {
        let Ok(dir) = std::fs::read_dir(root.join(topic)) else {
            continue;
        };
        let mut files: Vec<_> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let raw = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&raw);
            let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
            batch.push(processed(
                &path.display().to_string(),
                title.trim(),
                body.trim(),
            ));
            texts.push(text.into_owned());
        }
    }
    let mut lib = Library::in_memory().unwrap();
    lib.import(&batch).unwrap();
    let words = lib.build_words().unwrap();
    // Every first letter met, and the prefixes of a sample of the words
    // (all of them take a debug build minutes).
    let distinct: BTreeSet<&str> = texts.iter().flat_map(|t| t.split_whitespace()).collect();
    let asked = sampled(&distinct, 150);
    let n = same_as_fts(&lib, &words, &asked);
    println!("{} BBC articles, {n} prefix queries alike", batch.len());
}

#[test]
fn an_empty_library_has_an_index_that_fits() {
    let mut lib = Library::in_memory().unwrap();
    let mut words = lib.build_words().unwrap();
    assert!(lib.words_fit(&words));
    assert!(lib.refit_words(&mut words).unwrap());
    let q = query::parse("s").unwrap();
    assert!(lib.search_using(&q, Some(&words)).unwrap().is_empty());
    lib.import(&varied()[..3]).unwrap();
    assert!(!lib.words_fit(&words));
}

#[test]
fn a_changed_library_is_answered_by_fts5_until_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    let mut lib = Library::open(&path).unwrap();
    lib.import(&varied()[..40]).unwrap();
    let words = lib.words_job().unwrap().run().unwrap();
    assert!(lib.words_fit(&words));
    let q = |s: &str| query::parse(s).unwrap();

    // Read marks and stars from another process change neither the
    // documents nor the text: the index fits once renumbered (the reload
    // numbers documents by id, the import had appended them).
    let mut other = Library::open(&path).unwrap();
    let first = lib.search(&query::Query::All).unwrap()[0];
    other.set_read(first, true).unwrap();
    other.set_starred(first, true).unwrap();
    assert!(lib.refresh().unwrap());
    let mut words = words;
    assert!(lib.refit_words(&mut words).unwrap());
    assert!(lib.words_fit(&words));
    let asked = prefixes(VOCABULARY.iter().copied());
    same_as_fts(&lib, &words, &asked);

    // New articles renumber the documents.
    other
        .import(&[processed(
            "new/1.txt",
            "Zeppelins return",
            "A zeppelin over Zürich.",
        )])
        .unwrap();
    assert!(lib.refresh().unwrap());
    assert!(!lib.words_fit(&words), "stale after an import");
    assert!(!lib.refit_words(&mut words).unwrap());
    for text in ["zep", "zu", "title:z", "s"] {
        assert_eq!(
            lib.search_using(&q(text), Some(&words)).unwrap(),
            lib.search(&q(text)).unwrap(),
            "{text:?}"
        );
    }
    assert_eq!(lib.search_using(&q("zep"), Some(&words)).unwrap().len(), 1);

    // An edited article keeps its id and number but not its words.
    let mut words = lib.words_job().unwrap().run().unwrap();
    assert!(lib.words_fit(&words));
    let before = lib.len();
    other
        .import(&[processed(
            "new/1.txt",
            "Airships return",
            "An airship over Geneva.",
        )])
        .unwrap();
    assert!(lib.refresh().unwrap());
    assert_eq!(lib.len(), before, "an edit, not a new article");
    assert!(!lib.words_fit(&words), "stale after an edit");
    assert!(!lib.refit_words(&mut words).unwrap());
    assert!(
        lib.search_using(&q("zep"), Some(&words))
            .unwrap()
            .is_empty()
    );
    assert_eq!(lib.search_using(&q("airs"), Some(&words)).unwrap().len(), 1);

    // Rebuilt, it fits and answers alike again.
    let words = lib.words_job().unwrap().run().unwrap();
    let asked = prefixes(["airship zeppelin geneva starmer"].into_iter());
    same_as_fts(&lib, &words, &asked);
}
