//! Main-content extraction speed on the Zyte benchmark pages, on one core
//! and on two threads sharing the pages. Targets: at least 200 pages/s on
//! one core, 500 pages/s on two threads. Skips when the corpus is absent.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gazette::ingest::html;

const PAGES: &str = "../shared/corpora/extraction/scrapinghub-aeb/html";

fn bench(c: &mut Criterion) {
    let Ok(entries) = std::fs::read_dir(Path::new(PAGES)) else {
        println!("skipped: {PAGES} is absent");
        return;
    };
    let mut pages: Vec<String> = entries
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    pages.sort();
    let mut group = c.benchmark_group("html_extract");
    group.sample_size(10);
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("all_pages", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| html::extract(p).paragraphs.len())
                .sum::<usize>()
        })
    });
    group.bench_function("all_pages_two_threads", |b| {
        b.iter(|| {
            let (a, rest) = pages.split_at(pages.len() / 2);
            std::thread::scope(|scope| {
                let count = |part: &[String]| {
                    part.iter()
                        .map(|p| html::extract(p).paragraphs.len())
                        .sum::<usize>()
                };
                let other = scope.spawn(move || count(a));
                count(rest) + other.join().unwrap_or(0)
            })
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
