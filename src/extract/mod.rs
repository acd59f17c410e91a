//! Extraction: the people, countries and issues an article is about.
//!
//! An [`Extractor`] is built once per process from the compiled-in assets
//! (phrase tables, gazetteers, taxonomy) and then reads any number of articles
//! without touching the assets again. [`Extractor::extract`] is the one entry
//! point; the finders below are its parts:
//!
//! 1. `countries::CountryFinder::scan` — one word-lookup pass for country names,
//!    alternative names, demonyms and capitals ([`PlaceHit`]s).
//! 2. `people::PeopleFinder::find` — gazetteer people plus rule-found names,
//!    merged per article into one [`Person`] each; place hits tell it which
//!    capitalised words are places, not people.
//! 3. `countries::CountryFinder::resolve` — place hits outside people's names
//!    and organisations become per-country [`CountryMention`]s.
//! 4. `issues::IssueTagger::score` — phrase evidence against the taxonomy,
//!    weighed by place and against the other issues into [`IssueHit`]s, and
//!    the article's sections ([`sections::SectionHit`]) from the same evidence,
//!    and where that is weak, from the section model ([`model::SectionModel`]).

pub mod countries;
pub mod explain;
pub mod extra;
pub mod issues;
pub mod model;
pub mod offices;
pub mod people;
pub mod phrases;
pub mod quotes;
pub mod sections;
pub mod words;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::article::Article;

/// The version of what a library stores for an article from its text: the
/// entities, mentions and anything else the import writes per article.
///
/// RULE: bump it in any change that alters that output for some article
/// (a new kind stored, a changed asset or rule in clean or extract, a new
/// per-article table). A library records the version its articles were
/// extracted by; one opened for writing with an older (or no) version has
/// every article extracted again (`store/reextract.rs`). A change that only
/// speeds extraction up keeps the version.
///
/// 1: sections stored as entities (kind 3).
/// 2: the learned section model decides where the rules are weak.
pub const EXTRACTION_VERSION: u32 = 2;

/// [`str::lines`], each line's end found by a plain byte loop: the lines of
/// the compiled-in assets are short (a name, a word), and `str::lines`
/// costs a `memchr` call, and its set-up, per line.
pub(crate) fn short_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.bytes().position(|b| b == b'\n') {
            Some(end) => {
                let line = &rest[..end];
                rest = &rest[end + 1..];
                // As `str::lines`: "\r\n" ends a line too, a last "\r" does not.
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(std::mem::take(&mut rest)),
        }
    })
}

/// `text.split(sep)` for an ASCII separator, by a byte loop, for the short
/// fields of the assets' lines (see [`short_lines`]).
pub(crate) fn split_byte(text: &str, sep: u8) -> impl Iterator<Item = &str> {
    debug_assert!(sep.is_ascii());
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        // An ASCII byte is a whole character: both slices are on boundaries.
        match t.bytes().position(|b| b == sep) {
            Some(at) => {
                rest = Some(&t[at + 1..]);
                Some(&t[..at])
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
}

/// Where a mention is: text unit `unit` (0 is the title, `n` is paragraph
/// `n - 1`) and a byte range within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub unit: u32,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(unit: usize, start: usize, end: usize) -> Self {
        Span {
            unit: unit as u32,
            start: start as u32,
            end: end as u32,
        }
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.unit == other.unit && self.start < other.end && other.start < self.end
    }

    /// True when `other` lies wholly inside `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.unit == other.unit && self.start <= other.start && other.end <= self.end
    }
}

/// The text of one article as extraction sees it: the title, then each paragraph.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub units: Vec<&'a str>,
}

impl<'a> Doc<'a> {
    pub fn new(article: &'a Article) -> Self {
        let mut units = Vec::with_capacity(article.paragraphs.len() + 1);
        units.push(article.title.as_str());
        units.extend(article.paragraphs.iter().map(String::as_str));
        Doc { units }
    }

    /// The people finder's tokens and the phrase sets' words of every unit,
    /// found in one pass over the text.
    pub fn scan(&self) -> (people::Tokens, words::UnitWords) {
        people::scan(&self.units)
    }

    /// The text a span covers.
    pub fn text(&self, span: &Span) -> &'a str {
        self.units
            .get(span.unit as usize)
            .and_then(|u| u.get(span.start as usize..span.end as usize))
            .unwrap_or("")
    }
}

/// A person the article mentions, merged over all the ways it names them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// The fullest name seen (or the gazetteer's canonical name), without titles.
    pub name: String,
    /// Every other surface form seen, titles included ("Sir Keir", "Mr Starmer").
    pub aliases: Vec<String>,
    pub mentions: u32,
    #[serde(skip)]
    pub spans: Vec<Span>,
    /// The office held on the article's date, when the person is in
    /// `assets/offices.tsv` ([`offices`]). Boxed: few people have one, and
    /// every person is moved about while an article is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<Box<offices::Office>>,
}

/// A country the article is about, with how often it is named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountryMention {
    /// ISO 3166-1 alpha-2, upper case.
    pub code: String,
    /// The common English name ("United Kingdom").
    pub name: String,
    pub mentions: u32,
    #[serde(skip)]
    pub spans: Vec<Span>,
}

/// An issue from the taxonomy that the article is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueHit {
    pub id: String,
    pub label: String,
    /// Strength of the evidence, 0–1; only hits above the tagger's threshold are kept.
    pub score: f32,
    #[serde(skip)]
    pub spans: Vec<Span>,
}

/// Which kind of place a gazetteer hit names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// The country's name or an alternative name ("Britain", "the US").
    Name,
    /// A demonym or adjective ("British", "Iranian-backed").
    Demonym,
    /// A capital city, which counts for its country only when used as its government.
    Capital,
    /// Another place that is not a person: a constituent country, region or city.
    Other,
}

/// One gazetteer hit before resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceHit {
    pub span: Span,
    /// ISO alpha-2 code of the country this place belongs to.
    pub code: &'static str,
    pub kind: PlaceKind,
}

/// Everything extraction found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entities {
    pub people: Vec<Person>,
    pub countries: Vec<CountryMention>,
    pub issues: Vec<IssueHit>,
    /// The article's section (IPTC Media Topics top level), two at most.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<sections::SectionHit>,
}

/// The extraction pipeline with its assets loaded. Build once, share freely.
pub struct Extractor {
    countries: countries::CountryFinder,
    people: people::PeopleFinder,
    issues: issues::IssueTagger,
    /// The country and issue phrase sets, searched together.
    phrases: phrases::PhraseSets,
}

impl Extractor {
    /// Builds an extractor from the assets compiled into the binary. The
    /// three finders parse their assets side by side: a command's start
    /// waits for this.
    pub fn new() -> Self {
        std::thread::scope(|s| {
            let people = s.spawn(people::PeopleFinder::builtin);
            let issues = s.spawn(issues::IssueTagger::builtin);
            let countries = countries::CountryFinder::builtin();
            // A builder's panic (a broken compiled-in asset) is re-raised here.
            Extractor::from_parts(
                countries,
                people
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                issues
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            )
        })
    }

    /// The extractor of these finders, with their phrase sets joined.
    fn from_parts(
        countries: countries::CountryFinder,
        people: people::PeopleFinder,
        issues: issues::IssueTagger,
    ) -> Self {
        Extractor {
            phrases: phrases::PhraseSets::new([countries.phrases(), issues.phrases()]),
            countries,
            people,
            issues,
        }
    }

    /// The process-wide extractor, built on first use.
    pub fn builtin() -> &'static Extractor {
        static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
        EXTRACTOR.get_or_init(Extractor::new)
    }

    /// The country gazetteer: `lookup` for the filter language, coordinates for the map.
    pub fn countries(&self) -> &countries::CountryFinder {
        &self.countries
    }

    /// Whether `word` ("Gordon", "Vince") is a given name the people finder
    /// knows, as written: resolving people across a library asks it.
    pub fn given_name(&self, word: &str) -> bool {
        self.people.given_name(word)
    }

    /// The issue taxonomy: `issues()` and `find` for the filter language.
    pub fn issues(&self) -> &issues::IssueTagger {
        &self.issues
    }

    /// Finds the people, countries and issues of one (already cleaned) article.
    pub fn extract(&self, article: &Article) -> Entities {
        let doc = Doc::new(article);
        let (tokens, words) = doc.scan();
        let (places, issue_matches) = self.find_phrases(&doc, &words);
        let mut people = self.people.find_tokens(&doc, &tokens, &places);
        let person_spans: Vec<Span> = people
            .iter()
            .flat_map(|p| p.spans.iter().copied())
            .collect();
        let countries = self.countries.resolve(&doc, &places, &person_spans);
        offices::Offices::builtin().annotate(
            &doc,
            &words,
            article.date,
            offices::today(),
            &mut people,
            &countries,
        );
        let (issues, sections) =
            self.issues
                .score_matches(&doc, issue_matches, &countries, &people);
        let model = model::SectionModel::builtin();
        let sections =
            sections::weigh_model(self.issues.sections(), sections, model.classes(), || {
                model.probabilities(&words)
            });
        Entities {
            people,
            countries,
            issues,
            sections,
        }
    }

    /// The gazetteer's place hits and the taxonomy's matches in `doc`, whose
    /// units' words are `words`: what `countries.scan_words` and the first
    /// half of `issues.score_words` find, in one walk over each unit's words.
    fn find_phrases(
        &self,
        doc: &Doc,
        words: &words::UnitWords,
    ) -> (Vec<PlaceHit>, Vec<(usize, Span)>) {
        // Sized for most articles, so that they are not grown hit by hit.
        let mut places = Vec::with_capacity(32);
        let mut matches = Vec::with_capacity(64);
        let (mut in_countries, mut in_issues) = (Vec::with_capacity(16), Vec::with_capacity(32));
        for (unit, text) in doc.units.iter().enumerate() {
            in_countries.clear();
            in_issues.clear();
            self.phrases
                .find(text, words.unit(unit), [&mut in_countries, &mut in_issues]);
            self.countries
                .push_hits(unit, text, &in_countries, &mut places);
            issues::push_matches(unit, &in_issues, &mut matches);
        }
        (places, matches)
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

/// The extractor a run uses, chosen once at its start and handed down to
/// whatever extracts: one built with the user's extra people and issues, or
/// else the built-in one, which is built on first use (a command that turns
/// out not to extract, or that builds it beside other work, pays for it only
/// then). `Copy` and `'static`, so worker threads can take it along.
#[derive(Clone, Copy, Default)]
pub struct ExtractorRef(Option<&'static Extractor>);

impl ExtractorRef {
    /// The built-in extractor ([`Extractor::builtin`]).
    pub const BUILTIN: ExtractorRef = ExtractorRef(None);

    /// `extractor`, kept for the rest of the process.
    pub fn configured(extractor: Extractor) -> ExtractorRef {
        ExtractorRef(Some(Box::leak(Box::new(extractor))))
    }

    /// The extractor itself, building the built-in one if it is not built yet.
    pub fn get(self) -> &'static Extractor {
        self.0.unwrap_or_else(Extractor::builtin)
    }
}

impl std::fmt::Debug for ExtractorRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            None => "ExtractorRef::BUILTIN",
            Some(_) => "ExtractorRef(configured)",
        })
    }
}

/// The same extractor: the built-in one, or the same configured one.
impl PartialEq for ExtractorRef {
    fn eq(&self, other: &Self) -> bool {
        match (self.0, other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            _ => false,
        }
    }
}

impl Eq for ExtractorRef {}

/// A small deterministic source of numbers for the tests that compare a fast
/// path with its plain version over generated text (a linear congruential
/// generator: the same texts on every run).
#[cfg(test)]
pub(crate) fn test_random(seed: u64) -> impl FnMut() -> usize {
    let mut seed = seed;
    move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_lines_are_str_lines() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\rb\r",
            "\r",
            "\r\n",
            "\n\n",
            "x\r\n\r\ny\r",
            "é\nü\r\n日本",
        ] {
            let lines: Vec<&str> = super::short_lines(text).collect();
            assert_eq!(lines, text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn split_byte_is_str_split() {
        for text in ["", "|", "a", "a|", "|a", "a||b", "é|ü|日本|", "||"] {
            let fields: Vec<&str> = super::split_byte(text, b'|').collect();
            assert_eq!(fields, text.split('|').collect::<Vec<_>>(), "{text:?}");
        }
    }
}
