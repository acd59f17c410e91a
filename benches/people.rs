//! People finding throughput on the BBC corpus (read from
//! `../shared/corpora/bbc/` at run time; skipped with a message without it).
//! The target for this part is well above 100 MB/s.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gazette::article::Article;
use gazette::extract::Doc;
use gazette::extract::people::PeopleFinder;
use gazette::ingest::{self, Outcome};

fn bbc_articles() -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc");
    let (files, _) = ingest::expand_paths(&[root]);
    files
        .into_iter()
        .filter_map(|f| match ingest::read_file(&f) {
            Outcome::Read { article, .. } => Some(article),
            _ => None,
        })
        .collect()
}

fn people(c: &mut Criterion) {
    let articles = bbc_articles();
    if articles.is_empty() {
        println!("skipping: BBC corpus not found at ../shared/corpora/bbc");
        return;
    }
    let bytes: usize = articles
        .iter()
        .map(|a| a.title.len() + a.paragraphs.iter().map(String::len).sum::<usize>())
        .sum();
    let finder = PeopleFinder::builtin();
    let docs: Vec<Doc> = articles.iter().map(Doc::new).collect();
    let mut group = c.benchmark_group("people");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("bbc", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| finder.find(d, &[]).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, people);
criterion_main!(benches);
