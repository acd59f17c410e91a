//! Clean: removing page furniture from an article's paragraphs.
//!
//! Scraped news text carries the page around it: video-player notices with a
//! duration and a caption, "Read more" blocks of linked headlines, consent
//! walls for embedded players, calls to follow or subscribe, agency credits.
//! Each rule below looks at a paragraph's shape (length, punctuation,
//! position) and its neighbours, with phrase lists from
//! `assets/furniture.toml` — never at any particular article's sentences.
//! Prose that merely mentions cookies or podcasts is left alone: rules that
//! match on words also demand the shape of furniture.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::article::Article;

/// A paragraph clean removed, and the rule that removed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub text: String,
    pub rule: Rule,
}

/// Why a paragraph is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    VideoNotice,
    Timestamp,
    VideoCaption,
    ReadMore,
    LinkedHeadline,
    SectionPromo,
    ConsentWall,
    CallToAction,
    Credit,
    Byline,
    Dateline,
    Label,
    /// A site's legal notice, paywall or sign-in prompt left in a scraped
    /// page's first or last paragraph.
    Legal,
}

impl Rule {
    pub fn name(self) -> &'static str {
        match self {
            Rule::VideoNotice => "video notice",
            Rule::Timestamp => "timestamp",
            Rule::VideoCaption => "video caption",
            Rule::ReadMore => "read-more heading",
            Rule::LinkedHeadline => "linked headline",
            Rule::SectionPromo => "section promo",
            Rule::ConsentWall => "consent wall",
            Rule::CallToAction => "call to action",
            Rule::Credit => "credit",
            Rule::Byline => "byline",
            Rule::Dateline => "dateline",
            Rule::Label => "page label",
            Rule::Legal => "legal notice",
        }
    }
}

/// The phrase lists, from `assets/furniture.toml`.
#[derive(Debug, PartialEq, Deserialize)]
struct Phrases {
    video: Vec<String>,
    consent: Vec<String>,
    call_to_action: Vec<String>,
    read_more: Vec<String>,
    credit: Vec<String>,
    credit_contains: Vec<String>,
    agencies: Vec<String>,
    byline: Vec<String>,
    labels: Vec<String>,
    social: Vec<String>,
    legal_head: Vec<String>,
    legal_tail: Vec<String>,
}

/// [`Phrases`] as `build.rs` writes out `assets/furniture.toml`: no TOML
/// is parsed at start.
struct RawFurniture {
    video: &'static [&'static str],
    consent: &'static [&'static str],
    call_to_action: &'static [&'static str],
    read_more: &'static [&'static str],
    credit: &'static [&'static str],
    credit_contains: &'static [&'static str],
    agencies: &'static [&'static str],
    byline: &'static [&'static str],
    labels: &'static [&'static str],
    social: &'static [&'static str],
    legal_head: &'static [&'static str],
    legal_tail: &'static [&'static str],
}

static FURNITURE: RawFurniture = include!(concat!(env!("OUT_DIR"), "/furniture.rs"));

impl RawFurniture {
    fn to_phrases(&self) -> Phrases {
        let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Phrases {
            video: owned(self.video),
            consent: owned(self.consent),
            call_to_action: owned(self.call_to_action),
            read_more: owned(self.read_more),
            credit: owned(self.credit),
            credit_contains: owned(self.credit_contains),
            agencies: owned(self.agencies),
            byline: owned(self.byline),
            labels: owned(self.labels),
            social: owned(self.social),
            legal_head: owned(self.legal_head),
            legal_tail: owned(self.legal_tail),
        }
    }
}

fn phrases() -> &'static Phrases {
    static PHRASES: OnceLock<Phrases> = OnceLock::new();
    PHRASES.get_or_init(|| FURNITURE.to_phrases())
}

/// Longest paragraph (in chars) that can be a notice, caption, headline or credit.
const SHORT: usize = 160;
/// Bylines stand among the first paragraphs, under the headline.
const BYLINE_WITHIN: usize = 5;
/// Longest linked headline or caption, in words.
const HEADLINE_WORDS: usize = 16;
/// At most this many linked headlines follow a "Read more" heading.
const MAX_LINKED: usize = 8;

/// Removes furniture from `article.paragraphs` in place; returns what went.
pub fn clean(article: &mut Article) -> Vec<Removed> {
    let verdicts = classify(&article.paragraphs);
    let mut removed = Vec::new();
    if verdicts.iter().any(Option::is_some) {
        let paragraphs = std::mem::take(&mut article.paragraphs);
        for (text, verdict) in paragraphs.into_iter().zip(verdicts) {
            match verdict {
                Some(rule) => removed.push(Removed { text, rule }),
                None => article.paragraphs.push(text),
            }
        }
    }
    trim_legal(&mut article.paragraphs, &mut removed);
    removed
}

/// How far into the first paragraph a leading legal block may end, and how
/// far from the end of the last paragraphs a trailing one may start, in
/// bytes: notices stand at the edges of a page, and only the edges are read.
const LEGAL_HEAD: usize = 1500;
const LEGAL_TAIL: usize = 2500;
/// Paragraphs at the end searched for a trailing legal block.
const LEGAL_LAST: usize = 3;
/// How far before a trailing marker its sentence (or the "Copyright ..."
/// before "rights reserved") may start.
const COPYRIGHT_BACK: usize = 60;

/// Cuts the scraper leftovers `assets/furniture.toml` lists as `legal_head`
/// and `legal_tail` from the edges of `paragraphs`: the text up to a leading
/// block's end in the first paragraph, and everything from a trailing
/// block's start in the last few. What goes is pushed to `removed`.
fn trim_legal(paragraphs: &mut Vec<String>, removed: &mut Vec<Removed>) {
    let mut buf = Vec::with_capacity(LEGAL_TAIL.max(LEGAL_HEAD));
    // Leading: the last head marker within the first paragraph's start.
    if let Some(first) = paragraphs.first_mut() {
        let window = floor_char_boundary(first, LEGAL_HEAD);
        lowered(&first[..window], &mut buf);
        if let Some(end) = legal().head.last_end(&buf) {
            let end = floor_char_boundary(first, end);
            let rest = first[end..].trim_start().to_string();
            let cut = std::mem::replace(first, rest);
            let cut_len = cut.len() - first.len();
            removed.push(Removed {
                text: cut[..cut_len].trim().to_string(),
                rule: Rule::Legal,
            });
            if first.trim().is_empty() {
                paragraphs.remove(0);
            }
        }
    }
    // Trailing: the first tail marker in the last paragraphs' ends, read
    // as one text (one search, not one per paragraph).
    let n = paragraphs.len();
    let mut spans: Vec<(usize, usize, usize)> = Vec::with_capacity(LEGAL_LAST);
    buf.clear();
    for (i, p) in paragraphs
        .iter()
        .enumerate()
        .skip(n.saturating_sub(LEGAL_LAST))
    {
        let from = ceil_char_boundary(p, p.len().saturating_sub(LEGAL_TAIL));
        spans.push((i, from, buf.len()));
        buf.extend_from_slice(&p.as_bytes()[from..]);
        buf.push(b'\n');
    }
    buf.make_ascii_lowercase();
    let Some(mut start) = legal().tail.first_start(&buf) else {
        return;
    };
    let back = start.saturating_sub(COPYRIGHT_BACK);
    let before = &buf[back..start];
    let copyright = memchr::memmem::rfind(before, b"copyright")
        .or_else(|| memchr::memmem::rfind(before, "©".as_bytes()));
    match copyright {
        Some(c) if buf[start..].starts_with(b"rights reserved") => start = back + c,
        // The start of the marker's sentence ("We are having trouble ...").
        _ => {
            let sentence = before
                .windows(2)
                .rposition(|w| matches!(w[0], b'.' | b'?' | b'!') && w[1] == b' ')
                .map(|end| end + 2);
            let paragraph = memchr::memrchr(b'\n', before).map(|nl| nl + 1);
            if let Some(at) = sentence.max(paragraph) {
                start = back + at;
            }
        }
    }
    // The paragraph the block starts in, and where in it.
    let Some(&(i, from, offset)) = spans.iter().rev().find(|&&(_, _, o)| o <= start) else {
        return;
    };
    let at = floor_char_boundary(&paragraphs[i], from + (start - offset));
    let mut tail = paragraphs[i].split_off(at);
    let kept = paragraphs[i].trim_end().len();
    paragraphs[i].truncate(kept);
    for later in paragraphs.drain(i + 1..) {
        tail.push(' ');
        tail.push_str(&later);
    }
    removed.push(Removed {
        text: tail.trim().to_string(),
        rule: Rule::Legal,
    });
    if paragraphs[i].trim().is_empty() {
        paragraphs.remove(i);
    }
}

/// `text` in ASCII lower case, into `buf`.
fn lowered(text: &str, buf: &mut Vec<u8>) {
    buf.clear();
    buf.extend_from_slice(text.as_bytes());
    buf.make_ascii_lowercase();
}

/// The largest char boundary of `s` at or before `i` (and `s.len()` past it).
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or after `i`.
fn ceil_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The legal-notice markers, lower-cased, each list one searcher.
struct Legal {
    head: Substrings,
    tail: Substrings,
}

fn legal() -> &'static Legal {
    static LEGAL: OnceLock<Legal> = OnceLock::new();
    LEGAL.get_or_init(|| {
        let build = |list: &[String]| {
            let lower: Vec<String> = list.iter().map(|p| p.to_ascii_lowercase()).collect();
            Substrings::new(&lower)
        };
        Legal {
            head: build(&phrases().legal_head),
            tail: build(&phrases().legal_tail),
        }
    })
}

/// One verdict per paragraph: `Some(rule)` for furniture.
///
/// Nearly every paragraph of an article is prose, so each test below turns a
/// long paragraph away on its length or first bytes before it reads the
/// rest: a prose paragraph costs its length checks, one search for ':' and
/// (at odd indices) the consent search.
pub fn classify(paragraphs: &[String]) -> Vec<Option<Rule>> {
    let ph = phrases();
    // Only short paragraphs can be notices, headings or credits: fold just
    // those (most of an article is long paragraphs, and folding allocates).
    let mut folded: Vec<String> = Vec::with_capacity(paragraphs.len());
    let mut verdict: Vec<Option<Rule>> = vec![None; paragraphs.len()];

    // Single-paragraph shapes first.
    for (i, raw) in paragraphs.iter().enumerate() {
        let p = raw.trim();
        let short = is_short(p);
        // Trimming only shortens: an untrimmed short paragraph is short
        // trimmed, and an unchanged one is the same text.
        let raw_short = short && (raw.len() == p.len() || is_short(raw));
        folded.push(if raw_short { fold(raw) } else { String::new() });
        let f = &folded[i];
        verdict[i] = if is_timestamp(p) {
            Some(Rule::Timestamp)
        } else if short && lists().video.is_match(f.as_bytes()) {
            Some(Rule::VideoNotice)
        } else if short
            && (lists().call_to_action.is_match(f.as_bytes())
                || is_pointing(p)
                || (f.starts_with("follow ") && lists().social.is_match(f.as_bytes())))
        {
            Some(Rule::CallToAction)
        } else if is_read_more_heading(f, &ph.read_more) {
            Some(Rule::ReadMore)
        } else if is_section_promo(p) {
            Some(Rule::SectionPromo)
        } else if short && ph.labels.iter().any(|l| f.trim_end_matches(':') == l) {
            Some(Rule::Label)
        } else if i < BYLINE_WITHIN && is_byline(p, &ph.byline) {
            Some(Rule::Byline)
        } else if short && is_inline_read_more(p, f, &ph.read_more) {
            Some(Rule::LinkedHeadline)
        } else if is_dateline(p) {
            Some(Rule::Dateline)
        } else {
            None
        };
    }

    // Consent walls: runs of two or more consent paragraphs, with the embed's
    // name on the line just before them.
    let wall = consent_candidates(paragraphs, &verdict);
    let mut i = 0;
    while i < folded.len() {
        let start = i;
        while i < folded.len() && wall[i] {
            i += 1;
        }
        if i - start >= 2 {
            verdict[start..i].fill(Some(Rule::ConsentWall));
            if start > 0 && verdict[start - 1].is_none() && is_label(&paragraphs[start - 1]) {
                verdict[start - 1] = Some(Rule::ConsentWall);
            }
        }
        i = i.max(start + 1);
    }

    // Captions follow timestamps; linked headlines follow "Read more".
    let subheading_questions = standalone_questions(paragraphs, &verdict);
    for i in 0..paragraphs.len() {
        match verdict[i] {
            Some(Rule::Timestamp) => {
                if let Some(next) = paragraphs.get(i + 1)
                    && verdict[i + 1].is_none()
                    && is_headline(next)
                    && !(is_question(next) && subheading_questions > 0)
                {
                    verdict[i + 1] = Some(Rule::VideoCaption);
                }
            }
            Some(Rule::ReadMore) => {
                let mut j = i + 1;
                while j < paragraphs.len()
                    && j <= i + MAX_LINKED
                    && verdict[j].is_none()
                    && is_headline(&paragraphs[j])
                {
                    verdict[j] = Some(Rule::LinkedHeadline);
                    j += 1;
                }
            }
            _ => {}
        }
    }

    // Credits stand first or last (past other furniture at the end).
    let n = paragraphs.len();
    let last: Vec<usize> = (0..n)
        .rev()
        .filter(|&i| verdict[i].is_none())
        .take(2)
        .collect();
    for i in std::iter::once(0).chain(last) {
        if i < n && verdict[i].is_none() && is_credit(&folded[i], ph) {
            verdict[i] = Some(Rule::Credit);
        }
    }
    verdict
}

/// Lower case with curly quotes made straight, for phrase matching.
fn fold(s: &str) -> String {
    let s = s.trim();
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A phrase list searched as plain substrings. The SIMD searcher (Teddy)
/// skips most of a text without stepping through it, where an automaton
/// takes every byte; it is used wherever the CPU has it, and the automaton
/// is built only where it does not (building it costs start-up time).
enum Substrings {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl Substrings {
    fn new(phrases: &[String]) -> Substrings {
        match aho_corasick::packed::Searcher::new(phrases) {
            Some(searcher) => Substrings::Packed(searcher),
            None => Substrings::Automaton(
                aho_corasick::AhoCorasick::new(phrases)
                    .expect("assets/furniture.toml phrases build an automaton"),
            ),
        }
    }

    /// True when `text` holds one of the phrases.
    fn is_match(&self, text: &[u8]) -> bool {
        match self {
            Substrings::Packed(searcher) => searcher.find(text).is_some(),
            Substrings::Automaton(automaton) => automaton.is_match(text),
        }
    }

    /// Where the leftmost phrase in `text` starts.
    fn first_start(&self, text: &[u8]) -> Option<usize> {
        match self {
            Substrings::Packed(searcher) => searcher.find(text).map(|m| m.start()),
            Substrings::Automaton(automaton) => automaton.find(text).map(|m| m.start()),
        }
    }

    /// Where the last phrase in `text` (of those found left to right) ends.
    fn last_end(&self, text: &[u8]) -> Option<usize> {
        match self {
            Substrings::Packed(searcher) => searcher.find_iter(text).map(|m| m.end()).last(),
            Substrings::Automaton(automaton) => automaton.find_iter(text).map(|m| m.end()).last(),
        }
    }
}

/// Builds the phrase lists and searchers clean uses, which are otherwise
/// built on first use: a caller about to clean many articles on several
/// threads calls this beforehand, so no thread waits for another's build.
pub fn prepare() {
    lists();
    legal();
    consent();
    credit_finders();
}

/// The consent phrases, lower-cased, for searching lower-cased text (which
/// is ASCII-case-insensitive matching): they are looked for in every
/// paragraph, long ones included, where the automaton's own
/// case-insensitive mode could not use the SIMD searcher.
fn consent() -> &'static Substrings {
    static CONSENT: OnceLock<Substrings> = OnceLock::new();
    CONSENT.get_or_init(|| {
        let lower: Vec<String> = phrases()
            .consent
            .iter()
            .map(|p| p.to_ascii_lowercase())
            .collect();
        Substrings::new(&lower)
    })
}

/// True when `p` holds a consent phrase in any ASCII case; `buf` is scratch.
fn has_consent(p: &str, buf: &mut Vec<u8>) -> bool {
    buf.clear();
    buf.extend_from_slice(p.as_bytes());
    buf.make_ascii_lowercase();
    consent().is_match(buf)
}

/// Which paragraphs, not yet judged, hold a consent phrase, as far as runs of
/// two or more go: every such run has a paragraph at an odd index, so only
/// those are searched first, and their neighbours only when they match
/// (the search reads every byte of a long paragraph, so this halves it).
/// A lone match at an even index may be left `false`; it is no run.
fn consent_candidates(paragraphs: &[String], verdict: &[Option<Rule>]) -> Vec<bool> {
    let n = paragraphs.len();
    let mut wall = vec![false; n];
    let mut searched = vec![false; n];
    // Room for the longest paragraph at once, not grown paragraph by paragraph.
    let mut buf = Vec::with_capacity(paragraphs.iter().map(String::len).max().unwrap_or(0));
    let mut search = |i: usize, wall: &mut Vec<bool>| {
        if !searched[i] {
            searched[i] = true;
            wall[i] = verdict[i].is_none() && has_consent(&paragraphs[i], &mut buf);
        }
        wall[i]
    };
    for odd in (1..n).step_by(2) {
        if search(odd, &mut wall) {
            search(odd - 1, &mut wall);
            if odd + 1 < n {
                search(odd + 1, &mut wall);
            }
        }
    }
    wall
}

/// The video and call-to-action lists, each searched as one over folded
/// text: a paragraph is read once per list, not once per phrase.
struct Lists {
    video: Substrings,
    call_to_action: Substrings,
    social: Substrings,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| Lists {
        video: Substrings::new(&phrases().video),
        call_to_action: Substrings::new(&phrases().call_to_action),
        social: Substrings::new(&phrases().social),
    })
}

fn is_short(p: &str) -> bool {
    p.len() <= SHORT || (p.len() <= 4 * SHORT && p.chars().count() <= SHORT)
}

/// "1:06", "12:30", "1:02:03": a video duration standing alone.
fn is_timestamp(p: &str) -> bool {
    // At most "12:34:56"; most paragraphs are turned away here.
    if p.len() > 8 || !p.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let parts: Vec<&str> = p.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts[0].len() <= 2
        && parts
            .iter()
            .all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
        && parts[1..].iter().all(|x| x.len() == 2)
}

/// A paragraph framed by pointing emoji is a promotion ("👉Listen to … 👈").
fn is_pointing(p: &str) -> bool {
    const HANDS: [char; 4] = ['👉', '👈', '➡', '⬅'];
    p.starts_with(HANDS) || p.ends_with(HANDS)
}

/// "Read more:", "Read more from Sky News:", "Related stories".
fn is_read_more_heading(folded: &str, headings: &[String]) -> bool {
    // A long paragraph is not folded; no heading is empty (a test checks).
    if folded.is_empty() {
        return false;
    }
    let bare = folded.trim_end_matches([':', ' ', '.']).trim();
    if headings.iter().any(|h| bare == h) {
        return true;
    }
    // "More great Wired stories", "More stories from The Daily".
    if bare.chars().count() <= 40
        && bare.starts_with("more ")
        && (bare.ends_with(" stories") || bare.contains(" stories from "))
    {
        return true;
    }
    // "Read more from <outlet>:" — a short line ending with a colon.
    folded.ends_with(':')
        && folded.chars().count() <= 40
        && headings
            .iter()
            .any(|h| bare.starts_with(&format!("{h} from ")))
}

/// "Politics latest: PM's … condemned": a section-name promo link. A short
/// headline whose first one to three capitalised words end in "latest:".
fn is_section_promo(p: &str) -> bool {
    // `split_once(':')`, with the SIMD byte search: every paragraph is
    // searched, and most have no colon.
    let Some(colon) = memchr::memchr(b':', p.as_bytes()) else {
        return false;
    };
    let (head, rest) = (&p[..colon], &p[colon + 1..]);
    // The last word first: prose with a colon is turned away there, without
    // splitting what comes before it.
    let mut words = head.split_whitespace();
    words
        .next_back()
        .is_some_and(|w| w.eq_ignore_ascii_case("latest") || w.eq_ignore_ascii_case("live"))
        && (2..=4).contains(&head.split_whitespace().take(5).count())
        && words
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
        && is_headline(rest.trim())
}

/// The shape of a headline or caption: short, few words, not a sentence that
/// ends with a full stop.
fn is_headline(p: &str) -> bool {
    let p = p.trim();
    !p.is_empty()
        && is_short(p)
        && p.split_whitespace().count() <= HEADLINE_WORDS
        && !p.ends_with(['.', ',', ';'])
        && !p.starts_with(['“', '"', '-', '–'])
}

fn is_question(p: &str) -> bool {
    p.trim_end().ends_with('?')
}

/// How many question-shaped subheadings the article has outside video blocks:
/// a question after a timestamp is then the article's own subheading, not a caption.
fn standalone_questions(paragraphs: &[String], verdict: &[Option<Rule>]) -> usize {
    (0..paragraphs.len())
        .filter(|&i| {
            verdict[i].is_none()
                && is_question(&paragraphs[i])
                && is_headline(&paragraphs[i])
                && (i == 0 || verdict[i - 1] != Some(Rule::Timestamp))
        })
        .count()
}

/// A bare label: one to three words, no sentence punctuation ("Spreaker").
fn is_label(p: &str) -> bool {
    let p = p.trim();
    let words = p.split_whitespace().count();
    (1..=3).contains(&words) && !p.ends_with(['.', '?', '!', ':', ',']) && p.chars().count() <= 40
}

fn is_credit(folded: &str, ph: &Phrases) -> bool {
    // Every test below needs a credit phrase, an agency, a '©' or an '@' in
    // the text (no list holds an empty entry: a test checks), so a paragraph
    // that was not folded — a long one — is none.
    if folded.is_empty() {
        return false;
    }
    let len = folded.chars().count();
    // "Reporting by A; additional reporting by B, C and D; Editing by E":
    // long, but every part is a credit.
    if len <= 2 * SHORT
        && folded.contains(';')
        && folded.split(';').all(|part| {
            ph.credit
                .iter()
                .any(|c| part.trim().starts_with(c.as_str()))
        })
    {
        return true;
    }
    // "Keith Bradsher contributed reporting from Hong Kong.": the note ends
    // there, give or take a place; prose runs on.
    if len <= SHORT
        && credit_finders()
            .iter()
            .zip(&ph.credit_contains)
            .any(|(finder, c)| {
                finder.find(folded.as_bytes()).is_some_and(|at| {
                    let tail = &folded[at + c.len()..];
                    !tail.contains(',') && tail.split_whitespace().count() <= 5
                })
            })
    {
        return true;
    }
    let bare = folded
        .trim_start_matches('(')
        .trim_end_matches(['.', ' ', ')']);
    // "(Reporting by A, B; editing by C)": a credit whatever its length.
    if len <= 2 * SHORT
        && ph
            .credit
            .iter()
            .any(|c| c.ends_with(" by") && bare.starts_with(c.as_str()))
    {
        return true;
    }
    // "The contents of this site are ©2019 Example Publishing Corp.";
    // "Write to Ann Lee at ann.lee@example.com".
    if len <= SHORT && (folded.contains('©') || has_email(folded)) {
        return true;
    }
    if len > 80 {
        return false;
    }
    let bare = folded.trim_end_matches(['.', ' ']);
    ph.credit.iter().any(|c| bare.starts_with(c.as_str()))
        || ph.agencies.iter().any(|a| {
            bare == a || bare.strip_prefix('(').and_then(|b| b.strip_suffix(')')) == Some(a)
        })
        || bare
            .split(['/', ',', '&'])
            .all(|part| ph.agencies.iter().any(|a| part.trim() == a))
}

/// The `credit_contains` phrases' searchers, built once (a searcher per call
/// costs more than the search in a short paragraph).
fn credit_finders() -> &'static [memchr::memmem::Finder<'static>] {
    static FINDERS: OnceLock<Vec<memchr::memmem::Finder<'static>>> = OnceLock::new();
    FINDERS.get_or_init(|| {
        phrases()
            .credit_contains
            .iter()
            .map(|c| memchr::memmem::Finder::new(c.as_bytes()).into_owned())
            .collect()
    })
}

/// Whether some word is an e-mail address ("ann.lee@example.com"). Nearly
/// every text has no '@' at all, and is turned away by one search.
fn has_email(text: &str) -> bool {
    memchr::memchr(b'@', text.as_bytes()).is_some()
        && text.split_whitespace().any(|w| {
            w.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.trim_end_matches('.').contains('.') && !host.contains('@')
            })
        })
}

/// "Read more: Minister heads to Paris for talks", "[Related: Storm closes
/// schools]": a read-more word, a colon, then one linked headline.
/// `p` is short (the caller knows).
fn is_inline_read_more(p: &str, folded: &str, headings: &[String]) -> bool {
    let p = p.trim_start_matches('[').trim_end_matches(']');
    let folded = folded.trim_start_matches('[');
    let Some((head, _)) = folded.split_once(':') else {
        return false;
    };
    let Some((_, rest)) = p.split_once(':') else {
        return false;
    };
    headings.iter().any(|h| head.trim() == h) && is_headline(rest.trim())
}

/// Month and weekday names.
const DAY_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
];

/// Time zones and the words around a date line ("Published Monday,
/// November 18, 2019 8:22AM EST", "Updated: Sat 8:31 PM").
const CLOCK_WORDS: &[&str] = &[
    "am",
    "pm",
    "a.m",
    "p.m",
    "gmt",
    "utc",
    "bst",
    "est",
    "edt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "pst",
    "pdt",
    "et",
    "pt",
    "ct",
    "amt",
    "cet",
    "cest",
    "ist",
    "published",
    "posted",
    "updated",
    "last",
    "on",
    "at",
];

/// A line that is only a publication date and time: every word a date word
/// or a number, with a day (a month or weekday name, or "11/18/19") and a
/// year or a clock time. A fixture's kick-off ("2000 GMT") names no day.
fn is_dateline(p: &str) -> bool {
    let p = p.trim();
    if p.len() > 70 || p.split_whitespace().count() > 10 || !p.contains(char::is_numeric) {
        return false;
    }
    let numeric_date = p
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'/' && w[2].is_ascii_digit());
    let (mut dated, mut day) = (false, numeric_date);
    for word in p.split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '-' | '–' | '/')) {
        let word = word.trim_matches(|c: char| matches!(c, '.' | ':' | '(' | ')'));
        if word.is_empty() {
            continue;
        }
        let lower = word.to_ascii_lowercase();
        let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &lower[digits.len()..];
        if !digits.is_empty()
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
            && matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "am" | "pm" | "h")
        {
            dated |= digits.contains(':') || digits.len() == 4;
            continue;
        }
        if DAY_WORDS.contains(&lower.as_str()) {
            day = true;
        } else if !CLOCK_WORDS.contains(&lower.as_str()) {
            return false;
        }
    }
    let stamped = ["published", "posted", "updated"]
        .iter()
        .any(|w| p.len() > w.len() && p[..w.len()].eq_ignore_ascii_case(w));
    dated && (day || stamped)
}

/// "By Natalie Musumeci", "By Justine Coleman - 11/18/19 11:04 PM EST",
/// "By Ann Lee and Tom Ray, CNN": a byline prefix, then only names (capitalised
/// words joined by "and", commas or "&"), then optionally a separator and a
/// date or outlet. A sentence ("By Monday the talks had failed.") has
/// lower-case words or ends with a full stop.
fn is_byline(p: &str, prefixes: &[String]) -> bool {
    // More than 400 bytes is more than 100 characters (at most four bytes each).
    if p.len() > 400 || p.ends_with(['.', '!', '?']) || p.chars().count() > 100 {
        return false;
    }
    let Some(rest) = prefixes.iter().find_map(|b| {
        p.strip_prefix(b.as_str())
            .and_then(|r| r.strip_prefix(' ').or_else(|| r.strip_prefix(": ")))
    }) else {
        return false;
    };
    // The names end at a separator; what follows (date, outlet) is free.
    let names = rest.split(['|', '–', '—', '•', '·']).next().unwrap_or(rest);
    let names = names.split(" - ").next().unwrap_or(names);
    let mut words = 0;
    for word in names.split(|c: char| c.is_whitespace() || c == ',' || c == '&') {
        if word.is_empty()
            || matches!(
                word,
                "and" | "de" | "van" | "von" | "der" | "al" | "da" | "di" | "le" | "la" | "bin"
            )
        {
            continue;
        }
        if !word.starts_with(char::is_uppercase) {
            return false;
        }
        words += 1;
    }
    (2..=12).contains(&words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_lists_are_the_asset() {
        let parsed: Phrases = toml::from_str(include_str!("../assets/furniture.toml")).unwrap();
        assert_eq!(FURNITURE.to_phrases(), parsed);
    }

    fn removed_texts(paragraphs: &[&str]) -> Vec<String> {
        let mut a = Article::new("t", "T", paragraphs.iter().map(|s| s.to_string()).collect());
        clean(&mut a).into_iter().map(|r| r.text).collect()
    }

    fn kept(paragraphs: &[&str]) -> Vec<String> {
        let mut a = Article::new("t", "T", paragraphs.iter().map(|s| s.to_string()).collect());
        clean(&mut a);
        a.paragraphs
    }

    #[test]
    fn legal_notices_at_a_flattened_page_s_edges_are_cut() {
        // A notice leading the first paragraph, the story after it.
        let got = kept(&[
            "This material may not be published. ©2025 Example Network. Market data provided by \
             Factset. Mutual Fund and ETF data provided by Refinitiv Lipper.   The senator said \
             the bill would pass.",
            "It did.",
        ]);
        assert_eq!(got, ["The senator said the bill would pass.", "It did."]);
        // A footer trailing the last paragraph, and the paragraphs after it.
        let got = kept(&[
            "The strike ends on Friday.",
            "Talks went on late. Got a confidential news tip? We want to hear from you.",
            "Data is a real-time snapshot.",
        ]);
        assert_eq!(got, ["The strike ends on Friday.", "Talks went on late."]);
        // "Copyright ..." goes with the "All rights reserved" after it.
        let got = kept(&["The vote is on Sunday. Copyright 2025 BBC. All rights reserved."]);
        assert_eq!(got, ["The vote is on Sunday."]);
        // A paragraph that is all notice goes whole.
        let got = kept(&[
            "Advertisement Supported by",
            "The talks resumed. Both sides spoke.",
            "You must be logged in to post a comment.",
        ]);
        assert_eq!(got, ["The talks resumed. Both sides spoke."]);
        // The sentence holding a marker goes from its start.
        let got = kept(&["It rained. We are having trouble retrieving the article content."]);
        assert_eq!(got, ["It rained."]);
    }

    #[test]
    fn prose_about_rights_and_advertising_is_kept() {
        let prose = [
            "The regulator said advertisement rules supported by the industry were too weak.",
            "Campaigners said all rights reserved to citizens must be respected.",
        ];
        // Not at the edges of a page, a phrase is prose: only the last
        // paragraphs' ends are read for a footer, and it must be one.
        let mut long = prose.to_vec();
        long.extend(std::iter::repeat_n(
            "The minister spoke at length about the plan.",
            4,
        ));
        long.push("She left.");
        assert_eq!(kept(&long), long);
        assert_eq!(kept(&[prose[0], "It went on."]), [prose[0], "It went on."]);
    }

    #[test]
    fn video_block_with_duration_and_caption() {
        let got = removed_texts(&[
            "The minister spoke on Monday.",
            "Please use Chrome browser for a more accessible video player",
            "2:15",
            "Minister: ‘We will act’",
            "She said the plan was ready.",
        ]);
        assert_eq!(
            got,
            [
                "Please use Chrome browser for a more accessible video player",
                "2:15",
                "Minister: ‘We will act’"
            ]
        );
    }

    #[test]
    fn question_after_a_timestamp_is_a_subheading_when_the_article_uses_them() {
        let got = removed_texts(&[
            "Why is he going?",
            "Because he was asked to go to the summit.",
            "1:06",
            "What will he hope to get?",
            "A deal on trade, officials said.",
        ]);
        assert_eq!(got, ["1:06"]);
        // Without other question subheadings, a question after a duration is a caption.
        let got = removed_texts(&[
            "Intro sentence here.",
            "1:04",
            "Can she win in Paris?",
            "More text.",
        ]);
        assert_eq!(got, ["1:04", "Can she win in Paris?"]);
    }

    #[test]
    fn read_more_block_stops_at_prose() {
        let got = removed_texts(&[
            "Read more from The Daily:",
            "Minister heads to Paris for talks",
            "Storm closes schools",
            "The relationship between the two leaders is close. During the visit, they spoke warmly.",
        ]);
        assert_eq!(got.len(), 3);
        assert!(got[0].starts_with("Read more"));
    }

    #[test]
    fn consent_phrases_are_found_in_any_ascii_case() {
        let mut buf = Vec::with_capacity(LEGAL_TAIL.max(LEGAL_HEAD));
        assert!(has_consent("We use COOKIES on this site", &mut buf));
        assert!(has_consent("Accept And Continue", &mut buf));
        assert!(has_consent("Ünïcode, then Third-Party Content", &mut buf));
        assert!(!has_consent("A cookie jar", &mut buf));
    }

    #[test]
    fn consent_wall_with_its_label() {
        let got = removed_texts(&[
            "Real paragraph ends here.",
            "Podbean",
            "This content is provided by Podbean, which may be using cookies and other technologies.",
            "To show you this content, we need your permission to use cookies.",
            "You can change your settings at any time via the Privacy Options.",
            "The next real paragraph.",
        ]);
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], "Podbean");
    }

    #[test]
    fn consent_runs_are_found_wherever_they_start() {
        // Every placement of consent lines among prose: exactly the runs of two
        // or more go, whether a run starts at an odd or an even index.
        let consent = "We need your consent to show this.";
        let prose = "The council met on Tuesday and agreed the plan.";
        for mask in 0u32..1 << 7 {
            let paragraphs: Vec<&str> = (0..7)
                .map(|i| if mask >> i & 1 == 1 { consent } else { prose })
                .collect();
            let gone: Vec<bool> =
                classify(&paragraphs.iter().map(|p| p.to_string()).collect::<Vec<_>>())
                    .iter()
                    .map(|v| *v == Some(Rule::ConsentWall))
                    .collect();
            let want: Vec<bool> = (0..7)
                .map(|i| {
                    let on = |j: usize| mask >> j & 1 == 1;
                    on(i) && ((i > 0 && on(i - 1)) || (i < 6 && on(i + 1)))
                })
                .collect();
            assert_eq!(gone, want, "mask {mask:07b}");
        }
    }

    #[test]
    fn prose_about_cookies_is_kept() {
        let got = removed_texts(&[
            "Websites use cookies to track visitors, the regulator said.",
            "The firm said it had not shared the data.",
        ]);
        assert!(got.is_empty());
    }

    #[test]
    fn calls_to_action_promos_and_credits() {
        let got = removed_texts(&[
            "Additional reporting by Jo Smith",
            "The vote was held on Tuesday.",
            "👉Listen to The Briefing on your podcast app👈",
            "Business latest: Shares fall after warning",
            "Follow us on X for more.",
            "He said the result was clear.",
            "Reuters",
        ]);
        assert_eq!(
            got,
            [
                "Additional reporting by Jo Smith",
                "👉Listen to The Briefing on your podcast app👈",
                "Business latest: Shares fall after warning",
                "Follow us on X for more.",
                "Reuters"
            ]
        );
    }

    #[test]
    fn bylines_labels_and_long_credits() {
        let got = removed_texts(&[
            "By Justine Coleman - 11/18/19 11:04 PM EST",
            "A man pleaded guilty on Monday, the office said.",
            "Advertisement",
            "By Monday the talks had failed.",
            "By Tuesday Evening",
            "Officials said more talks would follow.",
            "Reporting by Ann Lee; additional reporting by Tom Ray and Jo Smith; Editing by Sue Hart and Dan Grey",
            "Advertisement",
        ]);
        assert_eq!(
            got,
            [
                "By Justine Coleman - 11/18/19 11:04 PM EST",
                "Advertisement",
                "By Tuesday Evening",
                "Reporting by Ann Lee; additional reporting by Tom Ray and Jo Smith; Editing by Sue Hart and Dan Grey",
                "Advertisement",
            ]
        );
        let got = removed_texts(&[
            "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
            "Follow the money, the inspectors said on Monday.",
            "The report was published on Friday.",
            "Write to Ann Lee at ann.lee@example.com",
        ]);
        assert_eq!(
            got,
            [
                "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
                "Write to Ann Lee at ann.lee@example.com"
            ]
        );
        // A contribution note stands last; the same words in prose stay.
        let got = removed_texts(&[
            "Keith Ray contributed reporting from Hong Kong, she said, in a long and winding story.",
            "The deal was signed.",
            "Keith Ray contributed reporting from Hong Kong.",
        ]);
        assert_eq!(got, ["Keith Ray contributed reporting from Hong Kong."]);
    }

    #[test]
    fn datelines_and_inline_read_more_links() {
        let got = removed_texts(&[
            "Published Monday, November 18, 2019 8:22AM EST",
            "Updated: Sat 8:31 PM, Feb 17, 2018",
            "The council met on Tuesday, November 18, 2019.",
            "Read more: Minister heads to Paris for talks",
            "[Related: Storm closes schools across the north]",
            "Kick-off",
            "2000 GMT",
            "Read more: the council said, was a matter for the courts, and it would not comment.",
            "Opening hours 9.30 A.M. / 7.00 P.M.",
            "Updated at 1:23 p.m.",
        ]);
        assert_eq!(
            got,
            [
                "Published Monday, November 18, 2019 8:22AM EST",
                "Updated: Sat 8:31 PM, Feb 17, 2018",
                "Read more: Minister heads to Paris for talks",
                "[Related: Storm closes schools across the north]",
                "Updated at 1:23 p.m.",
            ]
        );
    }

    #[test]
    fn trending_and_dont_miss_blocks_go_with_their_headlines() {
        let got = removed_texts(&[
            "The protests went on for a fifth day.",
            "DON'T MISS",
            "China furious at Macron for protest jibe [INSIGHT]",
            "Lakers vs Nets: NBA make final decision [VIDEO]",
            "Police said they would hold their lines.",
            "More Great Example Stories",
            "The strange life and death of a coder",
        ]);
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got[0], "DON'T MISS");
        assert_eq!(got[3], "More Great Example Stories");
    }

    #[test]
    fn no_phrase_list_holds_an_empty_entry() {
        // `is_credit` turns an empty fold away on this.
        let ph = phrases();
        for list in [
            &ph.video,
            &ph.consent,
            &ph.call_to_action,
            &ph.read_more,
            &ph.credit,
            &ph.credit_contains,
            &ph.agencies,
            &ph.byline,
            &ph.labels,
            &ph.social,
        ] {
            assert!(list.iter().all(|p| !p.trim().is_empty()), "{list:?}");
        }
    }

    /// `is_section_promo` as first written: all words collected, then tested.
    fn is_section_promo_plain(p: &str) -> bool {
        let Some((head, rest)) = p.split_once(':') else {
            return false;
        };
        let words: Vec<&str> = head.split_whitespace().collect();
        (2..=4).contains(&words.len())
            && words
                .last()
                .is_some_and(|w| w.eq_ignore_ascii_case("latest") || w.eq_ignore_ascii_case("live"))
            && words[0].starts_with(|c: char| c.is_uppercase())
            && is_headline(rest.trim())
    }

    #[test]
    fn section_promos_are_found_as_before() {
        let long = "The committee, which met on Tuesday, said the plan was sound ".repeat(5);
        for p in [
            "Business latest: Shares fall after warning",
            "Politics Live: Vote tonight",
            "UK politics LATEST:  Minister resigns",
            "latest: no capital word first",
            "Latest: one word only",
            "A B C latest: four words",
            "A B C D latest: five words",
            "Business latest: A sentence that ends here.",
            "Business latest:",
            "Business\u{a0}latest\u{2003}: odd spaces",
            "Ünïcode latest: works too",
            "no colon here at all",
            &format!("{long}latest: then a headline"),
            &format!("Sport latest: {long}"),
            &format!("Word{} latest: x", "x".repeat(700)),
        ] {
            assert_eq!(is_section_promo(p), is_section_promo_plain(p), "{p:?}");
        }
    }

    #[test]
    fn long_prose_is_never_furniture() {
        // Long paragraphs that hold furniture words or shapes are kept.
        let long = |s: &str| {
            format!(
                "{s} {}",
                "and the council met again on Tuesday to agree it ".repeat(5)
            )
        };
        let got = removed_texts(&[
            &long("Read more:"),
            &long("Politics latest: the vote"),
            &long("By Ann Lee"),
            &long("Reuters"),
            &long("Follow us on Twitter"),
            &long("Advertisement"),
            &long("Additional reporting by Jo Smith"),
        ]);
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn timestamps_only_in_duration_shape() {
        assert!(is_timestamp("1:06"));
        assert!(is_timestamp("1:02:03"));
        assert!(!is_timestamp("1:6"));
        assert!(!is_timestamp("Score 1:06"));
        assert!(!is_timestamp("2024:01"));
    }
}
