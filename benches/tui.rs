//! The TUI on a 100,000-article in-memory library: the first frame (state
//! build + render) and one filter-bar keystroke to its frame (update + search
//! + render). Targets: first frame ≤ 150 ms, keystroke-to-frame ≤ 16 ms.
//!
//! Also opening each picture (map, timeline, overview) over all 100k
//! results, and moving the overview's selection.

use std::hint::black_box;

use chrono::{Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use gazette::Article;
use gazette::extract::{CountryMention, Entities, IssueHit, Person, Span};
use gazette::pipeline::Processed;
use gazette::tui::{self, Action, App, MemorySource, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const N: usize = 100_000;
const FIRST: [&str; 10] = [
    "Anna", "Boris", "Chen", "Dara", "Emeka", "Fatima", "Gustav", "Hana", "Ivan", "Jo",
];
const LAST: [&str; 10] = [
    "Smith", "Ivanova", "Li", "Okafor", "Haddad", "Berg", "Sato", "Novak", "Silva", "Khan",
];
const COUNTRIES: [(&str, &str); 8] = [
    ("FR", "France"),
    ("DE", "Germany"),
    ("US", "United States"),
    ("GB", "United Kingdom"),
    ("JP", "Japan"),
    ("BR", "Brazil"),
    ("IN", "India"),
    ("NG", "Nigeria"),
];
const ISSUES: [&str; 6] = [
    "nato",
    "elections",
    "trade",
    "climate",
    "health",
    "migration",
];
const WORDS: [&str; 12] = [
    "minister", "talks", "summit", "budget", "vote", "court", "market", "storm", "border", "deal",
    "strike", "report",
];

/// Synthetic articles of about 500 bytes with one to three of each entity.
fn articles() -> Vec<Processed> {
    let epoch = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
    (0..N)
        .map(|i| {
            let w = |k: usize| WORDS[(i * 7 + k * 3) % WORDS.len()];
            let person = format!("{} {}", FIRST[i % 10], LAST[(i / 10) % 10]);
            let (code, country) = COUNTRIES[i % COUNTRIES.len()];
            let title = format!("{person} {} {} in {country} ({i})", w(0), w(1));
            let paragraphs = vec![
                format!("{person} said on Monday that the {} and the {} would go ahead in {country}.", w(2), w(3)),
                format!("Officials expect the {} to be followed by a {} and a {} before the end of the month; critics disagree.", w(4), w(5), w(6)),
                format!("Article number {i} ends here, after a further {} about the {}.", w(7), w(8)),
            ];
            let mut a = Article::new(format!("synthetic/{i}.txt"), title, paragraphs);
            a.date = Some(epoch + Duration::minutes(i as i64 * 7));
            let span = Span::new(0, 0, person.len());
            let entities = Entities {
                people: vec![Person {
                    name: person.clone(),
                    aliases: vec![],
                    mentions: 2,
                    spans: vec![span],
                }],
                countries: vec![CountryMention {
                    code: code.into(),
                    name: country.into(),
                    mentions: 2,
                    spans: vec![],
                }],
                issues: vec![IssueHit {
                    id: ISSUES[i % ISSUES.len()].into(),
                    label: ISSUES[i % ISSUES.len()].into(),
                    score: 0.8,
                    spans: vec![],
                }],
            };
            Processed {
                article: a,
                entities,
                removed: vec![],
            }
        })
        .collect()
}

fn frame(app: &App, term: &mut Terminal<TestBackend>) {
    term.draw(|f| tui::render(app, f)).unwrap();
    black_box(term.backend().buffer());
}

fn bench(c: &mut Criterion) {
    let all = articles();
    let mut g = c.benchmark_group("tui");
    g.sample_size(10);

    g.bench_function("first_frame_100k", |b| {
        b.iter_batched(
            || {
                (
                    MemorySource::new(all.clone()),
                    Terminal::new(TestBackend::new(120, 40)).unwrap(),
                )
            },
            |(source, mut term)| {
                let app = App::new(Box::new(source), "", (120, 40), Theme { color: true });
                frame(&app, &mut term);
                app
            },
            BatchSize::LargeInput,
        )
    });

    // One keystroke alternately adds and deletes a character, so every
    // iteration is a keystroke whose query changes the result set.
    for (name, start, key) in [
        ("keystroke_entity_100k", "c:F", 'R'),
        ("keystroke_word_100k", "summi", 't'),
    ] {
        let mut app = App::new(
            Box::new(MemorySource::new(all.clone())),
            "",
            (120, 40),
            Theme { color: true },
        );
        let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
        tui::update(&mut app, Action::OpenFilter);
        for ch in start.chars() {
            tui::update(&mut app, Action::FilterInput(ch));
        }
        let mut add = true;
        g.bench_function(name, |b| {
            b.iter(|| {
                let action = if add {
                    Action::FilterInput(key)
                } else {
                    Action::FilterBackspace
                };
                add = !add;
                tui::update(&mut app, action);
                frame(&app, &mut term);
            })
        });
    }

    // Opening a picture computes it over every result (facets, dates, an
    // entity's articles), then draws it; the same key closes it again.
    let mut app = App::new(
        Box::new(MemorySource::new(all.clone())),
        "",
        (120, 40),
        Theme { color: true },
    );
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    for (name, action) in [
        ("open_map_100k", Action::ShowMap),
        ("open_timeline_100k", Action::ShowTimeline),
        ("open_overview_100k", Action::ShowOverview),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                tui::update(&mut app, action.clone());
                frame(&app, &mut term);
                tui::update(&mut app, action.clone());
            })
        });
    }
    // j/k in the overview: the people named with the newly selected person.
    tui::update(&mut app, Action::ShowOverview);
    let mut down = true;
    g.bench_function("overview_select_100k", |b| {
        b.iter(|| {
            tui::update(&mut app, if down { Action::Down } else { Action::Up });
            down = !down;
            frame(&app, &mut term);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
