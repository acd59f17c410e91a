//! Extraction throughput (MB/s of article text) over the seeds and, when
//! `../shared/corpora/bbc` is present, the 2,225 BBC articles.
//!
//!     cargo bench --bench extract
//!
//! `full` is `Extractor::extract` (every finder); `countries+issues` is the
//! country scan, resolve and issue tagger alone; `clean` is the furniture
//! rules (on prose it should cost next to nothing); `ingest` is parsing the
//! files' bytes into articles (decode, sanitise, paragraphs). End to end
//! (read, clean, extract, JSON on every core; the target is 50 MB/s, 0.10 s
//! for the 5 MB):
//!
//!     /usr/bin/time target/release/gazette entities --json ../shared/corpora/bbc > /dev/null
//!
//! Timings move with the machine's load (quote `cat /proc/loadavg`); for a
//! figure that does not, count instructions:
//! `valgrind --tool=callgrind target/release/gazette entities --json ../shared/corpora/bbc > /dev/null`.

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gazette::Article;
use gazette::clean;
use gazette::extract::countries::CountryFinder;
use gazette::extract::issues::IssueTagger;
use gazette::extract::{Doc, Extractor};
use gazette::ingest::{self, Outcome};

fn read_articles(dir: &Path) -> Vec<Article> {
    let (files, _) = ingest::expand_paths(&[dir.to_path_buf()]);
    files
        .iter()
        .filter_map(|f| match ingest::read_file(f) {
            Outcome::Read { article, .. } => Some(article),
            _ => None,
        })
        .collect()
}

/// Each text file's name and bytes, for the parsing bench.
fn read_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let (files, _) = ingest::expand_paths(&[dir.to_path_buf()]);
    files
        .iter()
        .filter(|f| ingest::Format::of(f) == Some(ingest::Format::Text))
        .filter_map(|f| Some((f.to_string_lossy().into_owned(), std::fs::read(f).ok()?)))
        .collect()
}

fn bench_set(c: &mut Criterion, name: &str, articles: &[Article], files: &[(String, Vec<u8>)]) {
    let bytes: usize = articles.iter().map(Article::text_len).sum();
    let extractor = Extractor::builtin();
    let countries = CountryFinder::builtin();
    let issues = IssueTagger::builtin();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("full", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| extractor.extract(a).countries.len())
                .sum::<usize>()
        })
    });
    group.bench_function("countries+issues", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| {
                    let doc = Doc::new(a);
                    let hits = countries.scan(&doc);
                    let found = countries.resolve(&doc, &hits, &[]);
                    issues.score(&doc, &found, &[]).len() + found.len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("clean", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| clean::classify(&a.paragraphs).len())
                .sum::<usize>()
        })
    });
    // Ingest reads the files' bytes, not the articles' text: its own throughput.
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("ingest", |b| {
        b.iter(|| {
            files
                .iter()
                .filter_map(|(name, bytes)| {
                    ingest::parse_bytes(name, ingest::Format::Text, bytes).ok()
                })
                .count()
        })
    });
    group.finish();
}

fn extract(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seeds = read_articles(&root.join("seeds"));
    assert!(!seeds.is_empty(), "the seeds are part of the repository");
    bench_set(c, "seeds", &seeds, &read_bytes(&root.join("seeds")));
    let bbc = root.join("../shared/corpora/bbc");
    if bbc.exists() {
        bench_set(c, "bbc", &read_articles(&bbc), &read_bytes(&bbc));
    } else {
        eprintln!("skipping BBC: {} not found", bbc.display());
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = extract
}
criterion_main!(benches);
