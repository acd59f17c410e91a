//! Issue 21's table at 100k and 1M articles: import rate and peak memory,
//! size on disk, `list 'person:blair country:iraq' --json` time and memory,
//! the reader's first frame at 160x50 and a filter-bar keystroke to its frame.
//!
//! Run with `cargo bench --bench million` (both sizes) or
//! `GAZETTE_MILLION_SIZES=100000 cargo bench --bench million` (one). Each
//! library is generated ONCE by `gazette dev-fill --count N` (the BBC,
//! Reuters-21578 and AG News corpora under ../shared/corpora, varied) into
//! the cache folder `$GAZETTE_MILLION_CACHE` (default: the target dir's
//! `tmp/million`; keep it outside the repository), with the build's rate and
//! peak RSS saved next to it; later runs reuse the library and print the
//! saved build figures. Delete `N.db*` in the cache to build again. The 1M
//! build takes several minutes and about 2.7 GB.
//!
//! Memory is measured by `/usr/bin/time -v` around child processes (the
//! `gazette` binary for import and list; this bench re-run as a child for
//! the reader), so every figure is one process's peak RSS. Times are wall
//! clock medians: on a busy machine, compare runs made back to back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use gazette::store::{Library, Seeding};
use gazette::tui::{self, Action, App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const QUERY: &str = "person:blair country:iraq";
const SIZE: (u16, u16) = (160, 50);
/// Runs of each timed command; the median is reported.
const RUNS: usize = 5;

fn main() {
    if let Ok(db) = std::env::var("GAZETTE_MILLION_CHILD") {
        reader_child(Path::new(&db));
        return;
    }
    // `cargo test --all-targets` runs benches once without `--bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("SKIPPED: the million bench runs only under `cargo bench --bench million`");
        return;
    }
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let cache = std::env::var_os("GAZETTE_MILLION_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("million"));
    std::fs::create_dir_all(&cache).expect("create the cache folder");
    let sizes: Vec<usize> = std::env::var("GAZETTE_MILLION_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect();
    let mut rows = Vec::new();
    for n in sizes {
        let db = cache.join(format!("{n}.db"));
        let build = build(&db, n, &corpora);
        rows.push((n, measure(&db, build)));
    }
    println!("\n== issue 21 table (wall-clock times: noisy on a busy machine) ==");
    for (n, r) in &rows {
        println!("-- {n} articles --");
        for line in r {
            println!("  {line}");
        }
    }
}

/// Generates the library unless the cache holds it; returns the build's
/// report (saved beside the library, so a later run prints it again).
fn build(db: &Path, n: usize, corpora: &Path) -> String {
    let report = db.with_extension("build.txt");
    if db.exists()
        && let Ok(saved) = std::fs::read_to_string(&report)
    {
        return format!("{} (cached build)", saved.trim());
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    println!("generating {} ({n} articles, once)", db.display());
    let (out, rss) = timed(
        Command::new(env!("CARGO_BIN_EXE_gazette"))
            .arg("--db")
            .arg(db)
            .args(["dev-fill", "--count", &n.to_string(), "--corpora"])
            .arg(corpora),
    );
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dev-fill failed: {log}");
    let line = log
        .lines()
        .find(|l| l.contains("articles stored"))
        .unwrap_or("")
        .trim_start_matches("gazette: ");
    let saved = format!("import: {line}; peak RSS {}", mib(rss));
    std::fs::write(&report, &saved).expect("save the build report");
    saved
}

fn measure(db: &Path, build: String) -> Vec<String> {
    let mut rows = vec![build];
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", db.display())).ok())
        .map(|m| m.len())
        .sum();
    rows.push(format!("library on disk: {}", mib(Some(size / 1024))));

    let mut times = Vec::new();
    let mut rss = Vec::new();
    let mut hits = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let (out, peak) = timed(
            Command::new(env!("CARGO_BIN_EXE_gazette"))
                .arg("--db")
                .arg(db)
                .args(["list", QUERY, "--json"]),
        );
        times.push(t.elapsed());
        rss.extend(peak);
        assert!(out.status.success(), "list failed");
        // One JSON object per line, one line per article.
        hits = out
            .stdout
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count();
    }
    rows.push(format!(
        "list '{QUERY}' --json: median {} of {RUNS} ({hits} articles), peak RSS {}",
        ms(median(&mut times)),
        mib(rss.iter().max().copied()),
    ));

    // The reader in a child process of its own, so its RSS is its own.
    let (out, peak) = timed(
        Command::new(std::env::current_exe().expect("this bench")).env("GAZETTE_MILLION_CHILD", db),
    );
    assert!(out.status.success(), "the reader child failed");
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        rows.push(line.to_string());
    }
    rows.push(format!("reader process peak RSS {}", mib(peak)));
    rows
}

/// The reader on `db`: first frame (open included) at 160x50, then
/// filter-bar keystrokes to their frame, each typed then deleted so the
/// query changes every time (searches run in the keystroke, as with no
/// background worker: an upper bound on what the event loop draws).
fn reader_child(db: &Path) {
    let t = Instant::now();
    let lib = Library::open_with(db, Seeding::NoSeed, Duration::from_secs(5)).expect("open");
    let opened = t.elapsed();
    let mut app = App::new(Box::new(lib), "", SIZE, Theme::dark());
    let mut term = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal");
    term.draw(|f| tui::render(&app, f)).expect("draw");
    let first = t.elapsed();
    println!(
        "first frame {}x{}: {} (opening the library {}), RSS then {}",
        SIZE.0,
        SIZE.1,
        ms(first),
        ms(opened),
        mib(hwm()),
    );
    for (start, key) in [("c:I", 'Q'), ("p:blai", 'r'), ("minist", 'e')] {
        tui::update(&mut app, Action::OpenFilter);
        for ch in start.chars() {
            tui::update(&mut app, Action::FilterInput(ch));
        }
        let mut times = Vec::new();
        for i in 0..20 {
            let action = if i % 2 == 0 {
                Action::FilterInput(key)
            } else {
                Action::FilterBackspace
            };
            let t = Instant::now();
            tui::update(&mut app, action);
            term.draw(|f| tui::render(&app, f)).expect("draw");
            times.push(t.elapsed());
        }
        let worst = times.iter().max().copied().unwrap_or_default();
        println!(
            "keystroke to frame, {start:?} +/- {key:?}: median {}, worst {} of 20",
            ms(median(&mut times)),
            ms(worst)
        );
        tui::update(&mut app, Action::FilterCancel);
    }
}

/// Runs `cmd` under `/usr/bin/time -v` when there is one: its output and
/// its peak RSS in KiB.
fn timed(cmd: &mut Command) -> (Output, Option<u64>) {
    if !Path::new("/usr/bin/time").exists() {
        return (cmd.output().expect("run"), None);
    }
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .arg("-v")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => wrapped.env(k, v),
            None => wrapped.env_remove(k),
        };
    }
    let mut out = wrapped.output().expect("run under /usr/bin/time");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let rss = err
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok());
    // Keep the command's own messages, not time's.
    let own: String = err
        .lines()
        .take_while(|l| !l.starts_with("\tCommand being timed"))
        .map(|l| format!("{l}\n"))
        .collect();
    out.stderr = own.into_bytes();
    (out, rss)
}

/// This process's peak RSS in KiB (Linux).
fn hwm() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
}
