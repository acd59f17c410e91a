//! The filter language, one parser for the CLI and the TUI.
//!
//! ```text
//! trump "red sea" person:biden -country:fr (issue:gaza OR i:nato) is:unread since:7d
//! person:="Michael Howard" issue:=economy section:sport
//! ```
//!
//! `field:value` is a word-prefix search over an entity's names and aliases;
//! `field:=value` (person, country, issue, section, feed) selects the one entity whose
//! key is the value, which is what a chip made by pointing at an entity uses.
//! Terms are ANDed; `OR` (upper case) binds looser than AND; `-` or `NOT`
//! negates; parentheses group; quotes make phrases. [`parse`] gives a
//! [`Query`] whose `Display` prints a query that parses back to the same
//! value, so the TUI can show and edit what it runs. Evaluation lives with the
//! index in [`crate::store`]; the matching rules shared by both are in [`text`].

mod parse;
pub mod resolve;
pub mod saved;
pub mod text;

use std::fmt;

use chrono::{DateTime, Days, Months, NaiveDate, TimeZone, Utc};

use crate::entity::Kind;

pub use parse::{MAX_DEPTH, MAX_QUERY_CHARS, QueryError, parse};
pub use saved::{expand_saved, valid_filter_name};

/// A parsed filter. Produced by [`parse`] in a normal form: `And`/`Or` have at
/// least two children and never directly hold a node of their own kind; and
/// never more than [`MAX_DEPTH`] levels deep, the bound every recursive walk
/// over a query (`Display`, evaluation in [`crate::store`]) relies on to stay
/// inside its thread's stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// The empty query: every article.
    All,
    Term(Term),
    And(Vec<Query>),
    Or(Vec<Query>),
    Not(Box<Query>),
}

/// One leaf of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Full-text words or a phrase in title and body (several words are a phrase).
    Text(String),
    /// A field match: `person:`, `country:`, `issue:`, `section:`, `feed:`, `title:`, `author:`.
    Field(Field, String),
    /// An exact field match, `person:="Michael Howard"`: the entity whose key
    /// is the value (see [`Kind::key`]), or the feed with that name or
    /// address. Only for [`Field::exact`] fields.
    Exact(Field, String),
    /// `is:read`, `is:unread`, `is:starred`.
    Is(Flag),
    /// `since:` — the article is not older than this.
    Since(When),
    /// `until:` — the article is not newer than this.
    Until(When),
}

/// The fields that take a free value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `person:`, `country:`, `issue:`, `section:`: the articles mentioning an entity.
    Entity(Kind),
    Feed,
    Title,
    Author,
}

impl Field {
    /// The canonical name, as `Display` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Entity(kind) => kind.field(),
            Field::Feed => "feed",
            Field::Title => "title",
            Field::Author => "author",
        }
    }

    /// True for the fields with an exact form (`person:=`, `country:=`,
    /// `issue:=`, `feed:=`): the ones naming a thing the library keys.
    pub fn exact(self) -> bool {
        matches!(self, Field::Entity(_) | Field::Feed)
    }
}

/// Article flags for `is:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    Read,
    Unread,
    Starred,
}

impl Flag {
    pub fn name(self) -> &'static str {
        match self {
            Flag::Read => "read",
            Flag::Unread => "unread",
            Flag::Starred => "starred",
        }
    }
}

/// A point in time for `since:`/`until:`: a calendar day or an age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Date(NaiveDate),
    /// `n` units ago; resolved against the clock when evaluated.
    Ago(u32, AgeUnit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeUnit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl AgeUnit {
    fn suffix(self) -> char {
        match self {
            AgeUnit::Hour => 'h',
            AgeUnit::Day => 'd',
            AgeUnit::Week => 'w',
            AgeUnit::Month => 'm',
            AgeUnit::Year => 'y',
        }
    }
}

impl When {
    /// The first instant this names: a day's midnight, or `now` minus the age.
    pub fn start(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            When::Date(d) => Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN)),
            When::Ago(n, unit) => {
                let earlier = match unit {
                    AgeUnit::Hour => now.checked_sub_signed(chrono::Duration::hours(i64::from(n))),
                    AgeUnit::Day => now.checked_sub_days(Days::new(u64::from(n))),
                    AgeUnit::Week => now.checked_sub_days(Days::new(7 * u64::from(n))),
                    AgeUnit::Month => now.checked_sub_months(Months::new(n)),
                    AgeUnit::Year => now.checked_sub_months(Months::new(n.saturating_mul(12))),
                };
                earlier.unwrap_or(DateTime::<Utc>::MIN_UTC)
            }
        }
    }

    /// The last instant this names: the end of a day, or the same instant for an age.
    pub fn end(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            When::Date(d) => d
                .succ_opt()
                .map(|next| {
                    Utc.from_utc_datetime(&next.and_time(chrono::NaiveTime::MIN))
                        - chrono::Duration::nanoseconds(1)
                })
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
            When::Ago(..) => self.start(now),
        }
    }
}

impl Query {
    /// True for the empty query.
    pub fn is_all(&self) -> bool {
        matches!(self, Query::All)
    }

    /// Visits every term that is not under a negation (the ones that say what
    /// the user looks for, used for relevance).
    pub fn positive_terms(&self, out: &mut Vec<Term>) {
        match self {
            Query::Term(t) => out.push(t.clone()),
            Query::And(qs) | Query::Or(qs) => qs.iter().for_each(|q| q.positive_terms(out)),
            Query::All | Query::Not(_) => {}
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::All => Ok(()),
            Query::Term(t) => write!(f, "{t}"),
            Query::And(qs) => {
                for (i, q) in qs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    // An OR inside an AND needs its parentheses back.
                    match q {
                        Query::Or(_) | Query::All => write!(f, "({q})")?,
                        _ => write!(f, "{q}")?,
                    }
                }
                Ok(())
            }
            Query::Or(qs) => {
                for (i, q) in qs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" OR ")?;
                    }
                    match q {
                        Query::All => write!(f, "()")?,
                        _ => write!(f, "{q}")?,
                    }
                }
                Ok(())
            }
            Query::Not(q) => match **q {
                Query::Term(_) | Query::Not(_) => write!(f, "-{q}"),
                _ => write!(f, "-({q})"),
            },
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Text(s) => write_value(f, s),
            Term::Field(field, s) => {
                write!(f, "{}:", field.name())?;
                write_value(f, s)
            }
            Term::Exact(field, s) => {
                write!(f, "{}:=", field.name())?;
                write_value(f, s)
            }
            Term::Is(flag) => write!(f, "is:{}", flag.name()),
            Term::Since(w) => write!(f, "since:{w}"),
            Term::Until(w) => write!(f, "until:{w}"),
        }
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            When::Ago(n, unit) => write!(f, "{n}{}", unit.suffix()),
        }
    }
}

/// Writes a value bare when it would lex back as one plain word, else quoted
/// (a value starting with `=` too, which after a field would read as the
/// exact form).
fn write_value(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    let plain = !s.is_empty()
        && s != "OR"
        && s != "NOT"
        && !s.starts_with('-')
        && !s.starts_with('=')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '"' | ':' | '\\'));
    if plain {
        return f.write_str(s);
    }
    f.write_str("\"")?;
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}
