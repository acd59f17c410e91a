//! Offices: who held which office when, from `assets/offices.tsv`.
//!
//! The people finder says who an article names; this module says what they
//! were at the article's date ("Keir Starmer - UK prime minister"), names
//! them as they were called then (Prince Charles before September 2022), and
//! turns "the prime minister" or "the US president", named without a name,
//! into a mention of whoever held that office on that date in that country.
//! [`Offices::annotate`] is the one hook [`super::Extractor::extract`] calls.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::words::{self, UnitWords};
use super::{CountryMention, Doc, Person, Span, short_lines, split_byte};
use crate::entity::Kind;

const ASSET: &str = include_str!("../../assets/offices.tsv");

/// What an office makes its holder: the `role:leader` and `leader:CC`
/// filters select heads of state and government.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeKind {
    HeadOfState,
    HeadOfGovernment,
    /// Both at once (a US president).
    HeadOfStateAndGovernment,
    Minister,
    Party,
    Bank,
    International,
    /// A devolved or regional government (Scotland's first minister).
    Regional,
}

impl OfficeKind {
    fn parse(s: &str) -> Option<OfficeKind> {
        Some(match s {
            "hos" => OfficeKind::HeadOfState,
            "hog" => OfficeKind::HeadOfGovernment,
            "hosg" => OfficeKind::HeadOfStateAndGovernment,
            "min" => OfficeKind::Minister,
            "party" => OfficeKind::Party,
            "bank" => OfficeKind::Bank,
            "intl" => OfficeKind::International,
            "sub" => OfficeKind::Regional,
            _ => return None,
        })
    }

    /// A head of state or government: a leader of its country.
    pub fn leads(self) -> bool {
        matches!(
            self,
            OfficeKind::HeadOfState
                | OfficeKind::HeadOfGovernment
                | OfficeKind::HeadOfStateAndGovernment
        )
    }

    /// Which office is shown when a person holds several on one day: a
    /// leader's first.
    fn rank(self) -> u8 {
        match self {
            OfficeKind::HeadOfStateAndGovernment
            | OfficeKind::HeadOfGovernment
            | OfficeKind::HeadOfState => 0,
            OfficeKind::International | OfficeKind::Bank => 1,
            OfficeKind::Minister => 2,
            OfficeKind::Regional => 3,
            OfficeKind::Party => 4,
        }
    }
}

/// One term of office from the table.
#[derive(Debug, Clone)]
pub struct Term {
    /// The holder's canonical name.
    pub person: String,
    /// The holder's key ([`Kind::Person`]`.key`).
    key: String,
    /// The office in lower case, without the country ("prime minister").
    pub title: String,
    /// ISO alpha-2 code; `None` for an international body.
    pub country: Option<String>,
    pub kind: OfficeKind,
    /// First day in office (days since 1970-01-01).
    pub from: i32,
    /// The day the successor took over; `i32::MAX` while in office.
    pub until: i32,
}

impl Term {
    fn holds(&self, day: i32) -> bool {
        self.from <= day && day < self.until
    }
}

/// A person's office on an article's date, as `entities --json` shows it:
/// `{"title":"prime minister","country":"GB"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// A head of state or government (not written out: the store reads it
    /// from the same process).
    #[serde(skip)]
    pub leader: bool,
}

impl Office {
    /// The office as a reader says it: "UK prime minister", "French
    /// president", "UN secretary general".
    pub fn label(&self) -> String {
        let offices = Offices::builtin();
        match self.country.as_deref() {
            Some(cc) => match offices.prefixes.get(cc) {
                Some(p) => format!("{p} {}", self.title),
                None => format!("{} ({cc})", self.title),
            },
            None => self.title.clone(),
        }
    }

    /// The key of the office's `role:` entity: the title, hyphenated
    /// ("prime-minister").
    pub fn role_key(&self) -> String {
        role_key(&self.title)
    }
}

/// The key of a role entity for `title`: "prime minister" -> "prime-minister".
pub fn role_key(title: &str) -> String {
    Kind::Role.key(title)
}

/// The role key every head of state or government also has (`role:leader`).
pub const LEADER_ROLE: &str = "leader";

/// The `role:` and `leader:` entities a person holding `office` stands for
/// in an article, as (kind, key, label, aliases): a leader's office by its
/// title and as "leader", and the leaders of the office's country. None for
/// any other office (a minister is found by name).
pub fn entities(office: &Office) -> Vec<(Kind, String, String, Vec<String>)> {
    if !office.leader {
        return Vec::new();
    }
    let mut out = vec![
        (
            Kind::Role,
            role_key(&office.title),
            office.title.clone(),
            Vec::new(),
        ),
        (
            Kind::Role,
            LEADER_ROLE.to_string(),
            LEADER_ROLE.to_string(),
            Vec::new(),
        ),
    ];
    if let Some(cc) = &office.country {
        let prefix = Offices::builtin()
            .prefixes
            .get(cc)
            .map_or(cc.as_str(), String::as_str);
        out.push((
            Kind::Leader,
            cc.clone(),
            format!("{prefix} leaders"),
            vec![cc.clone()],
        ));
    }
    out
}

/// A name a person went by between two dates.
#[derive(Debug, Clone)]
struct NameAsOf {
    /// The canonical name.
    person: String,
    label: String,
    from: i32,
    until: i32,
}

/// The office table, loaded once.
pub struct Offices {
    terms: Vec<Term>,
    /// Canonical name, key and name-as-of-a-date -> indices into `terms`.
    /// Every person of every article is looked up here: a fast hash.
    by_person: FxHashMap<String, Vec<usize>>,
    names: Vec<NameAsOf>,
    /// Country code -> how its offices are shown ("UK", "French").
    prefixes: HashMap<String, String>,
    /// Adjectives and names that qualify an office ("French", "US") -> code.
    qualifiers: HashMap<String, String>,
    /// The hash of the last word of each of [`UNNAMED`].
    last_words: Vec<u64>,
    /// Bit `hash % 64` of each of `last_words`: most words are turned
    /// away by one bit test.
    last_bits: u64,
}

/// The office words looked for among an article's words, and the titles
/// each stands for, with the country meant when nothing in the article
/// says which. The last word is matched by its hash (the words are hashed
/// already, for the phrase sets), the words before it in the text.
const UNNAMED: &[(&str, &[&str], &str)] = &[
    ("prime minister", &["prime minister"], "GB"),
    ("president", &["president"], "US"),
    (
        "chancellor",
        &["chancellor", "chancellor of the exchequer"],
        "GB",
    ),
    ("taoiseach", &["taoiseach"], "IE"),
];

/// Days since 1970-01-01 of a date.
pub fn day_of(date: NaiveDate) -> i32 {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).num_days() as i32
}

/// The day of a `YYYY-MM-DD` date (read by hand: chrono's format parser
/// cost more than the rest of loading the table).
fn parse_day(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?).map(day_of)
}

impl Offices {
    /// The table compiled into the binary. Panics on a malformed line (a
    /// broken asset, caught by the tests).
    pub fn builtin() -> &'static Offices {
        static OFFICES: std::sync::OnceLock<Offices> = std::sync::OnceLock::new();
        OFFICES.get_or_init(|| Offices::parse(ASSET).unwrap_or_else(|e| panic!("{e}")))
    }

    /// Parses the table's text.
    fn parse(text: &str) -> Result<Offices, String> {
        let mut terms = Vec::new();
        let mut names = Vec::new();
        let mut prefixes = HashMap::new();
        let mut qualifiers = HashMap::new();
        for (n, line) in short_lines(text).enumerate() {
            let bad = || format!("assets/offices.tsv line {}: {line:?}", n + 1);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = split_byte(line, b'\t').collect();
            if let Some(cc) = f[0].strip_prefix('=') {
                let p = f.get(1).ok_or_else(bad)?;
                prefixes.insert(cc.to_string(), p.to_string());
                qualifiers.insert(p.to_ascii_lowercase(), cc.to_string());
                qualifiers.insert(cc.to_ascii_lowercase(), cc.to_string());
            } else if let Some(person) = f[0].strip_prefix('~') {
                if f.len() != 4 {
                    return Err(bad());
                }
                names.push(NameAsOf {
                    person: person.to_string(),
                    label: f[1].to_string(),
                    from: if f[2].is_empty() {
                        i32::MIN
                    } else {
                        parse_day(f[2]).ok_or_else(bad)?
                    },
                    until: if f[3].is_empty() {
                        i32::MAX
                    } else {
                        parse_day(f[3]).ok_or_else(bad)?
                    },
                });
            } else {
                if f.len() != 6 {
                    return Err(bad());
                }
                let from = parse_day(f[4]).ok_or_else(bad)?;
                let until = if f[5].is_empty() {
                    i32::MAX
                } else {
                    parse_day(f[5]).ok_or_else(bad)?
                };
                if until <= from {
                    return Err(bad());
                }
                terms.push(Term {
                    person: f[0].to_string(),
                    key: Kind::Person.key(f[0]),
                    title: f[1].to_string(),
                    country: (f[2] != "-").then(|| f[2].to_string()),
                    kind: OfficeKind::parse(f[3]).ok_or_else(bad)?,
                    from,
                    until,
                });
            }
        }
        for (q, cc) in [
            ("british", "GB"),
            ("britain's", "GB"),
            ("american", "US"),
            ("america's", "US"),
        ] {
            qualifiers.insert(q.to_string(), cc.to_string());
        }
        // Found by the name as the people finder gives it (the canonical
        // name) and by its key, for another spelling.
        let mut by_person: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, t) in terms.iter().enumerate() {
            by_person.entry(t.key.clone()).or_default().push(i);
            if t.person != t.key {
                by_person.entry(t.person.clone()).or_default().push(i);
            }
        }
        // A label of a name as of a date finds the person's terms too
        // ("Prince Charles", stored so from a 2005 article).
        for n in &names {
            if let Some(list) = by_person.get(&n.person).cloned() {
                by_person.entry(n.label.clone()).or_insert(list);
            }
        }
        let last_words: Vec<u64> = UNNAMED
            .iter()
            .map(|u| words::hash_lower(u.0.rsplit(' ').next().unwrap_or("").as_bytes()))
            .collect();
        let last_bits = last_words.iter().fold(0, |b, h| b | 1 << (h % 64));
        Ok(Offices {
            terms,
            by_person,
            names,
            prefixes,
            qualifiers,
            last_words,
            last_bits,
        })
    }

    /// The terms of the person named `name`: looked up as given (the
    /// people finder gives the canonical name), else by its key when an
    /// accent or a capital may make the difference. Folding every name of
    /// every article would cost more than the rest of this module.
    fn lookup(&self, name: &str) -> Option<&[usize]> {
        self.by_person.get(name).map(Vec::as_slice).or_else(|| {
            if name.is_ascii()
                && !name
                    .bytes()
                    .skip(1)
                    .all(|b| b.is_ascii_uppercase() || b == b' ')
            {
                None
            } else {
                self.by_person
                    .get(&Kind::Person.key(name))
                    .map(Vec::as_slice)
            }
        })
    }

    /// Every term of the person named `name`.
    fn terms_of(&self, name: &str) -> impl Iterator<Item = &Term> {
        self.lookup(name)
            .into_iter()
            .flatten()
            .map(|&i| &self.terms[i])
    }

    /// The office the person named `name` (any form that folds to its key)
    /// held on `day`, a leader's office first.
    pub fn office_at(&self, name: &str, day: i32) -> Option<&Term> {
        self.best_of(name, day)
    }

    fn best_of(&self, name: &str, day: i32) -> Option<&Term> {
        self.terms_of(name)
            .filter(|t| t.holds(day))
            .min_by_key(|t| t.kind.rank())
    }

    /// Who held `title` in `country` on `day`.
    pub fn holder(&self, title: &str, country: &str, day: i32) -> Option<&Term> {
        self.terms
            .iter()
            .find(|t| t.title == title && t.country.as_deref() == Some(country) && t.holds(day))
    }

    /// The heads of state and government of `country` on `day`.
    pub fn leaders(&self, country: &str, day: i32) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(move |t| {
            t.kind.leads() && t.country.as_deref() == Some(country) && t.holds(day)
        })
    }

    /// The name the person with canonical `name` went by on `day`, when it
    /// differs ("Prince Charles" for King Charles III in 2005).
    pub fn name_at(&self, name: &str, day: i32) -> Option<&str> {
        self.names
            .iter()
            .find(|n| n.person == name && n.from <= day && day < n.until)
            .map(|n| n.label.as_str())
    }

    /// The office of `term` as stored with a person.
    pub fn office(term: &Term) -> Box<Office> {
        Box::new(Office {
            title: term.title.clone(),
            country: term.country.clone(),
            leader: term.kind.leads(),
        })
    }

    /// Gives each person of an article its office on the article's date,
    /// names them as of that date, and counts "the prime minister" and its
    /// like as mentions of the office's holder.
    ///
    /// `date` is the article's; an undated article is dated by the offices
    /// of the people it names ([`Offices::infer_day`]), and without enough
    /// such evidence it is left alone: a guess of today would make Keir
    /// Starmer the prime minister of a 2005 article, and Gordon Brown named
    /// alone may be the chancellor of 2005 or the prime minister of 2008.
    pub fn annotate(
        &self,
        doc: &Doc,
        words: &UnitWords,
        date: Option<DateTime<Utc>>,
        today: i32,
        people: &mut Vec<Person>,
        countries: &[CountryMention],
    ) {
        let day = match date {
            Some(d) => day_of(d.date_naive()),
            None => match self.infer_day(people, today) {
                Some(d) => d,
                None => return,
            },
        };
        for p in people.iter_mut() {
            if let Some(t) = self.best_of(&p.name, day) {
                p.office = Some(Offices::office(t));
            }
        }
        self.resolve_unnamed(doc, words, day, people, countries);
        for p in people.iter_mut() {
            if let Some(label) = self.name_at(&p.name, day) {
                let canonical = std::mem::replace(&mut p.name, label.to_string());
                p.aliases.retain(|a| a != label);
                p.aliases.insert(0, canonical);
            }
        }
    }

    /// Gives each of `people` (read back from a library, named already as
    /// of the date) the office held on `date`, or, undated, on the date
    /// their offices suggest. The reader and the side panel show it.
    pub fn give_offices(&self, people: &mut [Person], date: Option<DateTime<Utc>>) {
        let day = match date {
            Some(d) => day_of(d.date_naive()),
            None => match self.infer_day(people, today()) {
                Some(d) => d,
                None => return,
            },
        };
        for p in people.iter_mut() {
            if p.office.is_none() {
                p.office = self.best_of(&p.name, day).map(Offices::office);
            }
        }
    }

    /// The most likely date of an undated article: the latest day on which
    /// the most people it names held an office, a person addressed by an
    /// office's title ("President Biden", "Chancellor Gordon Brown") counting
    /// three times. `None` when the evidence is one person named without a
    /// title, or none: too little to choose between their offices.
    pub fn infer_day(&self, people: &[Person], today: i32) -> Option<i32> {
        // (person, term, weight) of every term of every person named, a
        // person's terms together.
        let mut evidence: Vec<(usize, &Term, u32)> = Vec::new();
        for (i, p) in people.iter().enumerate() {
            for t in self.terms_of(&p.name) {
                let first = t.title.split(' ').next().unwrap_or("");
                let titled = p
                    .aliases
                    .iter()
                    .any(|a| a.split(' ').any(|w| w.eq_ignore_ascii_case(first)));
                evidence.push((i, t, if titled { 3 } else { 1 }));
            }
        }
        if evidence.is_empty() {
            return None;
        }
        // Each person's best weight among the terms held on `day`, summed.
        let score = |day: i32| -> u32 {
            let (mut sum, mut person, mut best) = (0, usize::MAX, 0);
            for &(i, t, w) in &evidence {
                if i != person {
                    sum += best;
                    (person, best) = (i, 0);
                }
                if t.holds(day) {
                    best = best.max(w);
                }
            }
            sum + best
        };
        let mut candidates: Vec<i32> = evidence
            .iter()
            .flat_map(|(_, t, _)| [t.from, t.until.saturating_sub(1)])
            .chain([today])
            .filter(|&d| d <= today)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(u32, i32)> = None;
        for d in candidates {
            let s = score(d);
            if s > 0 && best.is_none_or(|(bs, _)| s >= bs) {
                best = Some((s, d));
            }
        }
        best.filter(|&(s, _)| s >= 2).map(|(_, d)| d)
    }

    /// "the prime minister", "the US president", "the chancellor" named
    /// without a name: a mention of that office's holder on `day`, added to
    /// the person (who is added when the article does not name them).
    fn resolve_unnamed(
        &self,
        doc: &Doc,
        words: &UnitWords,
        day: i32,
        people: &mut Vec<Person>,
        countries: &[CountryMention],
    ) {
        for (u, text) in doc.units.iter().enumerate() {
            for w in words.unit(u) {
                if self.last_bits >> (w.hash % 64) & 1 == 0 {
                    continue;
                }
                let Some(k) = self.last_words.iter().position(|&h| h == w.hash) else {
                    continue;
                };
                let (phrase, titles, fallback) = UNNAMED[k];
                let end = w.end as usize;
                // The words before the last, as the phrase has them:
                // the phrase ends where this word does.
                let Some(start) = end.checked_sub(phrase.len()) else {
                    continue;
                };
                if !text
                    .get(start..end)
                    .is_some_and(|t| t.eq_ignore_ascii_case(phrase))
                {
                    continue;
                }
                let Some(country) = self.office_context(text, start, end) else {
                    continue;
                };
                let span = Span::new(u, start, end);
                let Some(term) =
                    self.resolve(titles, country.as_deref(), fallback, day, people, countries)
                else {
                    continue;
                };
                let key = term.key.clone();
                let same = |p: &Person| {
                    p.name == term.person
                        || (!p.name.is_ascii() && Kind::Person.key(&p.name) == key)
                };
                match people.iter_mut().find(|p| same(p)) {
                    Some(p) => {
                        // The people finder may have counted it already (the
                        // one person titled so in the article).
                        if !p.spans.iter().any(|s| s.overlaps(&span)) {
                            p.spans.push(span);
                            p.mentions += 1;
                        }
                    }
                    None => people.push(Person {
                        name: term.person.clone(),
                        aliases: Vec::new(),
                        mentions: 1,
                        spans: vec![span],
                        office: Some(Offices::office(term)),
                    }),
                }
            }
        }
    }

    /// Whether the office word at `start..end` of `text` is named without a
    /// name ("the prime minister said", not "Prime Minister Keir Starmer",
    /// "the deputy prime minister" or "presidential"): `Some(None)` when
    /// unqualified, `Some(Some(code))` when a country qualifies it ("the US
    /// president", "the French president").
    fn office_context(&self, text: &str, start: usize, end: usize) -> Option<Option<String>> {
        let after = &text[end..];
        let next = after.chars().next();
        if next.is_some_and(|c| c.is_alphanumeric() || c == '-') {
            return None;
        }
        // A capitalised word next is the name ("the President Bush"); "of"
        // names a body ("the president of the club").
        let rest = after.trim_start_matches(' ');
        if after.starts_with(' ')
            && (rest.starts_with(|c: char| c.is_uppercase()) || rest.starts_with("of "))
        {
            return None;
        }
        let before = text[..start].strip_suffix(' ')?;
        let (w1, before) = last_word(before);
        if w1.eq_ignore_ascii_case("the") {
            return Some(None);
        }
        let cc = self.qualifiers.get(&w1.to_lowercase())?;
        let (w0, _) = last_word(before.strip_suffix(' ')?);
        // "Britain's prime minister" needs no article.
        (w0.eq_ignore_ascii_case("the") || w1.ends_with("'s")).then(|| Some(cc.clone()))
    }

    /// The holder of one of `titles` on `day`: in `country` when the text
    /// names it; else a person the article names who holds it (of the
    /// article's main country first); else in the article's countries,
    /// most mentioned first; else in `fallback`.
    fn resolve(
        &self,
        titles: &[&str],
        country: Option<&str>,
        fallback: &str,
        day: i32,
        people: &[Person],
        countries: &[CountryMention],
    ) -> Option<&Term> {
        let in_country = |cc: &str| titles.iter().find_map(|t| self.holder(t, cc, day));
        if let Some(cc) = country {
            return in_country(cc);
        }
        let main = countries
            .iter()
            .max_by_key(|c| c.mentions)
            .map(|c| c.code.as_str());
        let named: Vec<&Term> = people
            .iter()
            .filter_map(|p| self.best_of(&p.name, day))
            .filter(|t| titles.contains(&t.title.as_str()))
            .collect();
        if let Some(t) = named
            .iter()
            .find(|t| t.country.as_deref() == main)
            .or(named.first())
        {
            return Some(t);
        }
        let mut by_mentions: Vec<&CountryMention> = countries.iter().collect();
        by_mentions.sort_by_key(|c| std::cmp::Reverse(c.mentions));
        by_mentions
            .iter()
            .find_map(|c| in_country(&c.code))
            .or_else(|| in_country(fallback))
    }
}

/// The last word of `text` and what comes before it.
fn last_word(text: &str) -> (&str, &str) {
    let at = text
        .rfind(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    (&text[at..], &text[..at])
}

/// Today as days since 1970-01-01, for an undated article.
pub fn today() -> i32 {
    day_of(Utc::now().date_naive())
}

#[cfg(test)]
mod tests;
