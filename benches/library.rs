//! Query and facet speed on a synthetic library of 100,000 articles.
//!
//! Targets: a posting-only query in microseconds, facets over the whole
//! library in a few milliseconds, opening (loading the index) well under 100 ms,
//! and the reader's pictures (map, timeline, overview) opening over all of it.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gazette::Article;
use gazette::extract::{CountryMention, Entities, IssueHit, Person};
use gazette::pipeline::Processed;
use gazette::query::parse;
use gazette::store::{Library, Seeding};
use gazette::tui::{Action, App, Theme, update};

const ARTICLES: usize = 100_000;

/// A deterministic pseudo-random stream (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn synthetic(i: usize, rng: &mut Lcg) -> Processed {
    let surnames = [
        "Blair",
        "Bush",
        "Brown",
        "Chirac",
        "Putin",
        "Schroeder",
        "Annan",
        "Howard",
        "Kennedy",
        "Straw",
    ];
    let codes = [
        ("IQ", "Iraq"),
        ("GB", "United Kingdom"),
        ("US", "United States"),
        ("FR", "France"),
        ("DE", "Germany"),
        ("RU", "Russia"),
    ];
    let mut a = Article::new(
        format!("bench/{i}.txt"),
        format!("Story {i}"),
        vec![format!(
            "Body of story {i} with some words about markets and policy."
        )],
    );
    a.date = chrono::DateTime::from_timestamp(1_100_000_000 + (rng.next(300_000_000) as i64), 0);
    let mut e = Entities::default();
    for _ in 0..3 {
        let s = surnames[rng.next(surnames.len())];
        let name = format!("Person{} {s}", rng.next(400));
        if !e.people.iter().any(|p| p.name == name) {
            e.people.push(Person {
                name,
                aliases: Vec::new(),
                mentions: 1 + rng.next(5) as u32,
                spans: Vec::new(),
                office: None,
            });
        }
    }
    for _ in 0..2 {
        let (code, name) = codes[rng.next(codes.len())];
        if !e.countries.iter().any(|c| c.code == code) {
            e.countries.push(CountryMention {
                code: code.into(),
                name: name.into(),
                mentions: 1,
                spans: Vec::new(),
            });
        }
    }
    let id = format!("issue-{}", rng.next(40));
    e.issues.push(IssueHit {
        label: id.clone(),
        id,
        score: 0.5,
        spans: Vec::new(),
    });
    Processed {
        article: a,
        entities: e,
        removed: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.db");
    {
        let mut lib = Library::open_with(&path, Seeding::NoSeed, std::time::Duration::from_secs(5))
            .expect("open");
        let mut rng = Lcg(7);
        let mut batch = Vec::new();
        for i in 0..ARTICLES {
            batch.push(synthetic(i, &mut rng));
            if batch.len() == 1000 {
                lib.import(&batch).expect("import");
                batch.clear();
            }
        }
    }
    let lib = Library::open(&path).expect("reopen");
    let all = lib.search(&parse("").expect("query")).expect("search");
    assert_eq!(all.len(), ARTICLES);

    let entity_query = parse("person:blair country:iraq").expect("query");
    c.bench_function("search person:blair country:iraq (100k)", |b| {
        b.iter(|| black_box(lib.search(black_box(&entity_query)).expect("search")))
    });
    let complex = parse("(p:blair OR p:bush) -c:fr i:issue-3 since:2006-01-01").expect("query");
    c.bench_function("search boolean + dates (100k)", |b| {
        b.iter(|| black_box(lib.search(black_box(&complex)).expect("search")))
    });
    let text = parse("markets").expect("query");
    c.bench_function("search full text matching all (100k)", |b| {
        b.iter(|| black_box(lib.search(black_box(&text)).expect("search")))
    });
    c.bench_function("facets over all articles (100k)", |b| {
        b.iter(|| black_box(lib.facets(black_box(&all))))
    });
    // The reader's pictures over every article: opening one computes it
    // through the Source (facets, dates, the selected entity's articles).
    let library = Library::open(&path).expect("reopen");
    let mut app = App::new(Box::new(library), "", (120, 40), Theme::plain());
    for (name, action) in [
        ("open the map picture (100k)", Action::ShowMap),
        ("open the timeline picture (100k)", Action::ShowTimeline),
        ("open the overview picture (100k)", Action::ShowOverview),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                update(&mut app, action.clone());
                black_box(app.picture.is_some());
                update(&mut app, action.clone());
            })
        });
    }
    let mut group = c.benchmark_group("open");
    group.sample_size(10);
    group.bench_function("open and load index (100k)", |b| {
        b.iter(|| black_box(Library::open(&path).expect("open").len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
