//! Lexer and recursive-descent parser for the filter language.

use std::fmt;

use chrono::NaiveDate;

use crate::entity::Kind;

use super::text::edit_distance;
use super::{AgeUnit, Field, Flag, Query, Term, When};

/// A malformed query: one line naming the 1-based column and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// 1-based column (in characters) where the problem is.
    pub column: usize,
    message: String,
}

impl QueryError {
    fn new(column: usize, message: impl Into<String>) -> Self {
        QueryError {
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

/// Every field name the parser accepts, with what it means. Long names come
/// first so suggestions name them.
enum Key {
    Field(Field),
    Is,
    Since,
    Until,
}

const KEYS: &[(&str, Key)] = &[
    ("person", Key::Field(Field::Entity(Kind::Person))),
    ("people", Key::Field(Field::Entity(Kind::Person))),
    ("p", Key::Field(Field::Entity(Kind::Person))),
    ("country", Key::Field(Field::Entity(Kind::Country))),
    ("countries", Key::Field(Field::Entity(Kind::Country))),
    ("c", Key::Field(Field::Entity(Kind::Country))),
    ("issue", Key::Field(Field::Entity(Kind::Issue))),
    ("issues", Key::Field(Field::Entity(Kind::Issue))),
    ("i", Key::Field(Field::Entity(Kind::Issue))),
    ("section", Key::Field(Field::Entity(Kind::Section))),
    ("sections", Key::Field(Field::Entity(Kind::Section))),
    ("s", Key::Field(Field::Entity(Kind::Section))),
    ("said", Key::Field(Field::Entity(Kind::Speaker))),
    ("quoted", Key::Field(Field::Entity(Kind::Speaker))),
    ("role", Key::Field(Field::Entity(Kind::Role))),
    ("leader", Key::Field(Field::Entity(Kind::Leader))),
    ("leaders", Key::Field(Field::Entity(Kind::Leader))),
    ("feed", Key::Field(Field::Feed)),
    ("title", Key::Field(Field::Title)),
    ("author", Key::Field(Field::Author)),
    ("is", Key::Is),
    ("since", Key::Since),
    ("until", Key::Until),
];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Neg,
    Or,
    Not,
    /// Bare or quoted text.
    Text(String),
    /// `name:value` or `name:=value` (`exact`), the value bare or quoted;
    /// `value_col` is where it starts.
    Field {
        name: String,
        value: String,
        value_col: usize,
        exact: bool,
    },
}

/// The longest query [`parse`] accepts, in characters: far more than anyone
/// types or saves, and it keeps a pasted or generated one from costing
/// unbounded time and memory.
pub const MAX_QUERY_CHARS: usize = 10_000;

/// How deeply [`parse`] lets groups and negations nest. The parser and every
/// walk over a [`Query`] (printing, evaluating) recurse once per level, so
/// this bound is what keeps them inside a thread's stack; no one writes a
/// filter a tenth as deep.
pub const MAX_DEPTH: usize = 100;

/// Parses a filter; the empty (or all-blank) string is [`Query::All`].
/// Longer than [`MAX_QUERY_CHARS`] or nested deeper than [`MAX_DEPTH`] is
/// an error naming the limit.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let chars = input.chars().count();
    if chars > MAX_QUERY_CHARS {
        let col = MAX_QUERY_CHARS + 1;
        return Err(QueryError::new(
            col,
            format!(
                "query too long: {chars} characters; the limit is {MAX_QUERY_CHARS} (column {col} is past it)"
            ),
        ));
    }
    let toks = lex(input)?;
    let end = chars + 1;
    let mut p = Parser {
        toks,
        pos: 0,
        end,
        depth: 0,
    };
    if p.toks.is_empty() {
        return Ok(Query::All);
    }
    let q = p.or()?;
    match p.peek() {
        None => Ok(q),
        Some((_, col)) => Err(QueryError::new(
            col,
            format!("unexpected ')' at column {col}; expected a term"),
        )),
    }
}

fn lex(input: &str) -> Result<Vec<(Tok, usize)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => {
                toks.push((Tok::LParen, col));
                i += 1;
            }
            ')' => {
                toks.push((Tok::RParen, col));
                i += 1;
            }
            '"' => {
                let (s, next) = quoted(&chars, i)?;
                toks.push((Tok::Text(s), col));
                i = next;
            }
            '-' => {
                match chars.get(i + 1) {
                    Some(n) if !n.is_whitespace() && *n != ')' => {}
                    _ => {
                        return Err(QueryError::new(
                            col,
                            format!("expected a term after '-' at column {col}"),
                        ));
                    }
                }
                toks.push((Tok::Neg, col));
                i += 1;
            }
            _ => {
                let start = i;
                while i < chars.len() && !is_break(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let field = word.split_once(':').filter(|(name, _)| {
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic())
                });
                if let Some((name, value)) = field {
                    let name = name.to_string();
                    let exact = value.starts_with('=');
                    let value = value.strip_prefix('=').unwrap_or(value);
                    let value_col = start + name.chars().count() + 2 + usize::from(exact);
                    let value = if value.is_empty() && chars.get(i) == Some(&'"') {
                        let (s, next) = quoted(&chars, i)?;
                        i = next;
                        s
                    } else {
                        value.to_string()
                    };
                    toks.push((
                        Tok::Field {
                            name,
                            value,
                            value_col,
                            exact,
                        },
                        col,
                    ));
                } else if word == "OR" {
                    toks.push((Tok::Or, col));
                } else if word == "NOT" {
                    toks.push((Tok::Not, col));
                } else {
                    toks.push((Tok::Text(word), col));
                }
            }
        }
    }
    Ok(toks)
}

fn is_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

/// Reads a quoted string starting at the `"` at `open`; `\"` and `\\` escape.
fn quoted(chars: &[char], open: usize) -> Result<(String, usize), QueryError> {
    let mut s = String::new();
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '"' => {
                if s.trim().is_empty() {
                    let col = open + 1;
                    return Err(QueryError::new(
                        col,
                        format!("expected text inside the quotes at column {col}"),
                    ));
                }
                return Ok((s, i + 1));
            }
            '\\' if matches!(chars.get(i + 1), Some('"' | '\\')) => {
                s.push(chars[i + 1]);
                i += 2;
            }
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    let col = open + 1;
    Err(QueryError::new(
        col,
        format!("unterminated quote at column {col}; expected a closing '\"'"),
    ))
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end: usize,
    /// Groups and negations open around the current token.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<(&Tok, usize)> {
        self.toks.get(self.pos).map(|(t, c)| (t, *c))
    }

    fn col(&self) -> usize {
        self.peek().map_or(self.end, |(_, c)| c)
    }

    /// Counts one more level of nesting for the '(' or negation at `col`;
    /// an error past [`MAX_DEPTH`]. [`Parser::leave`] counts it back.
    fn enter(&mut self, col: usize) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(QueryError::new(
                col,
                format!(
                    "query nested too deeply at column {col}: more than {MAX_DEPTH} levels of parentheses and negations"
                ),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn or(&mut self) -> Result<Query, QueryError> {
        let mut items = vec![self.and()?];
        while let Some((Tok::Or, col)) = self.peek() {
            self.pos += 1;
            if matches!(self.peek(), None | Some((Tok::RParen | Tok::Or, _))) {
                return Err(QueryError::new(
                    col,
                    format!("expected a term after 'OR' at column {col}"),
                ));
            }
            items.push(self.and()?);
        }
        Ok(join(items, true))
    }

    fn and(&mut self) -> Result<Query, QueryError> {
        let mut items = Vec::new();
        while let Some((tok, _)) = self.peek() {
            if matches!(tok, Tok::RParen | Tok::Or) {
                break;
            }
            items.push(self.unary()?);
        }
        if items.is_empty() {
            let col = self.col();
            let found = match self.peek() {
                Some((Tok::Or, _)) => "; 'OR' needs a term on each side",
                Some((Tok::RParen, _)) => ", found ')'",
                _ => "",
            };
            return Err(QueryError::new(
                col,
                format!("expected a term at column {col}{found}"),
            ));
        }
        Ok(join(items, false))
    }

    fn unary(&mut self) -> Result<Query, QueryError> {
        match self.peek() {
            Some((Tok::Neg | Tok::Not, col)) => {
                let word = if matches!(self.peek(), Some((Tok::Neg, _))) {
                    "-"
                } else {
                    "NOT"
                };
                self.pos += 1;
                if matches!(self.peek(), None | Some((Tok::RParen | Tok::Or, _))) {
                    return Err(QueryError::new(
                        col,
                        format!("expected a term after '{word}' at column {col}"),
                    ));
                }
                self.enter(col)?;
                let q = self.unary()?;
                self.leave();
                Ok(Query::Not(Box::new(q)))
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Query, QueryError> {
        let Some((tok, col)) = self.toks.get(self.pos).cloned() else {
            let col = self.end;
            return Err(QueryError::new(
                col,
                format!("expected a term at column {col}"),
            ));
        };
        self.pos += 1;
        match tok {
            Tok::LParen => {
                if matches!(self.peek(), Some((Tok::RParen, _))) {
                    return Err(QueryError::new(
                        col,
                        format!("expected a term inside '(' at column {col}"),
                    ));
                }
                self.enter(col)?;
                let q = self.or()?;
                self.leave();
                match self.peek() {
                    Some((Tok::RParen, _)) => {
                        self.pos += 1;
                        Ok(q)
                    }
                    _ => {
                        let at = self.col();
                        Err(QueryError::new(
                            at,
                            format!("expected ')' at column {at} to close the '(' at column {col}"),
                        ))
                    }
                }
            }
            Tok::Text(s) => Ok(Query::Term(Term::Text(s))),
            Tok::Field {
                name,
                value,
                value_col,
                exact,
            } => field(&name, value, exact, col, value_col).map(Query::Term),
            Tok::RParen | Tok::Or | Tok::Neg | Tok::Not => Err(QueryError::new(
                col,
                format!("expected a term at column {col}"),
            )),
        }
    }
}

/// Joins items into one node, flattening nested nodes of the same kind.
fn join(items: Vec<Query>, or: bool) -> Query {
    let mut flat = Vec::with_capacity(items.len());
    for q in items {
        match q {
            Query::Or(inner) if or => flat.extend(inner),
            Query::And(inner) if !or => flat.extend(inner),
            q => flat.push(q),
        }
    }
    match (flat.len(), or) {
        (1, _) => flat.pop().unwrap_or(Query::All),
        (_, true) => Query::Or(flat),
        (_, false) => Query::And(flat),
    }
}

fn field(
    name: &str,
    value: String,
    exact: bool,
    col: usize,
    value_col: usize,
) -> Result<Term, QueryError> {
    let lower = name.to_ascii_lowercase();
    let Some((_, key)) = KEYS.iter().find(|(k, _)| *k == lower) else {
        return Err(unknown_field(name, col));
    };
    let sep = if exact { ":=" } else { ":" };
    if value.is_empty() {
        return Err(QueryError::new(
            value_col,
            format!("expected a value after '{name}{sep}' at column {value_col}"),
        ));
    }
    if exact && !matches!(key, Key::Field(f) if f.exact()) {
        let at = value_col - 1;
        return Err(QueryError::new(
            at,
            format!(
                "'{name}:' has no exact form ':=' (column {at}); only person:=, country:=, issue:=, section:=, said:= and feed:= do"
            ),
        ));
    }
    match key {
        Key::Field(f) if exact => Ok(Term::Exact(*f, value)),
        Key::Field(f) => Ok(Term::Field(*f, value)),
        Key::Is => match value.to_ascii_lowercase().as_str() {
            "read" => Ok(Term::Is(Flag::Read)),
            "unread" => Ok(Term::Is(Flag::Unread)),
            "starred" => Ok(Term::Is(Flag::Starred)),
            _ => Err(QueryError::new(
                value_col,
                format!(
                    "expected 'read', 'unread' or 'starred' after 'is:' at column {value_col}, found '{value}'"
                ),
            )),
        },
        Key::Since | Key::Until => {
            let when = parse_when(&value).ok_or_else(|| {
                QueryError::new(
                    value_col,
                    format!(
                        "expected a date (2024-09-01) or an age (12h, 7d, 2w, 6m, 1y) after '{name}:' at column {value_col}, found '{value}'"
                    ),
                )
            })?;
            Ok(if matches!(key, Key::Since) {
                Term::Since(when)
            } else {
                Term::Until(when)
            })
        }
    }
}

fn parse_when(s: &str) -> Option<When> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(When::Date(d));
    }
    let unit = match s.chars().last()?.to_ascii_lowercase() {
        'h' => AgeUnit::Hour,
        'd' => AgeUnit::Day,
        'w' => AgeUnit::Week,
        'm' => AgeUnit::Month,
        'y' => AgeUnit::Year,
        _ => return None,
    };
    let digits = &s[..s.len() - 1];
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(When::Ago(digits.parse().ok()?, unit))
}

/// "unknown field 'peple:' …; did you mean 'people:'/'person:'?" — the field
/// nearest by edit distance, with all its long names, nearest first.
fn unknown_field(name: &str, col: usize) -> QueryError {
    let lower = name.to_ascii_lowercase();
    let best = KEYS
        .iter()
        .filter(|(k, _)| k.len() > 1)
        .map(|(k, key)| (edit_distance(&lower, k), *k, key))
        .min_by_key(|(d, _, _)| *d);
    let suggestion = match best {
        Some((d, _, key)) if d <= 2.max(lower.len() / 3) => {
            let mut names: Vec<(usize, &str)> = KEYS
                .iter()
                .filter(|(k, other)| k.len() > 1 && same_key(key, other))
                .map(|(k, _)| (edit_distance(&lower, k), *k))
                .collect();
            names.sort();
            let names: Vec<String> = names.iter().map(|(_, k)| format!("'{k}:'")).collect();
            format!("; did you mean {}?", names.join("/"))
        }
        _ => "; expected one of person:, country:, issue:, section:, said:, feed:, title:, author:, is:, since:, until:".into(),
    };
    QueryError::new(
        col,
        format!("unknown field '{name}:' at column {col}{suggestion}"),
    )
}

fn same_key(a: &Key, b: &Key) -> bool {
    match (a, b) {
        (Key::Field(x), Key::Field(y)) => x == y,
        (Key::Is, Key::Is) | (Key::Since, Key::Since) | (Key::Until, Key::Until) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Query {
        Query::Term(Term::Text(s.into()))
    }
    fn f(field: Field, s: &str) -> Query {
        Query::Term(Term::Field(field, s.into()))
    }
    fn err(q: &str) -> QueryError {
        parse(q).expect_err(q)
    }

    #[test]
    fn implicit_and_or_not_and_groups() {
        assert_eq!(parse("").unwrap(), Query::All);
        assert_eq!(parse("  ").unwrap(), Query::All);
        assert_eq!(parse("a b").unwrap(), Query::And(vec![t("a"), t("b")]));
        assert_eq!(
            parse("a b OR c").unwrap(),
            Query::Or(vec![Query::And(vec![t("a"), t("b")]), t("c")])
        );
        assert_eq!(
            parse("a (b OR c)").unwrap(),
            Query::And(vec![t("a"), Query::Or(vec![t("b"), t("c")])])
        );
        assert_eq!(parse("-a").unwrap(), Query::Not(Box::new(t("a"))));
        assert_eq!(parse("NOT a").unwrap(), Query::Not(Box::new(t("a"))));
        // Lower-case "or" is a word, not the keyword.
        assert_eq!(
            parse("a or b").unwrap(),
            Query::And(vec![t("a"), t("or"), t("b")])
        );
        assert_eq!(
            parse("-(a b)").unwrap(),
            Query::Not(Box::new(Query::And(vec![t("a"), t("b")])))
        );
        // Nested groups of one kind flatten.
        assert_eq!(
            parse("a (b c)").unwrap(),
            Query::And(vec![t("a"), t("b"), t("c")])
        );
        assert_eq!(parse("well-known").unwrap(), t("well-known"));
    }

    #[test]
    fn entity_terms_parse_back_to_their_kind_and_value() {
        for kind in Kind::ALL {
            for value in [
                "Donald Trump",
                "FR",
                "a \"quoted\" name",
                r"back\slash",
                "(bracketed)",
                "nato",
                "東京",
            ] {
                assert_eq!(
                    parse(&kind.term(value)).unwrap(),
                    f(Field::Entity(kind), value),
                    "{}",
                    kind.term(value)
                );
            }
        }
    }

    #[test]
    fn exact_terms_parse_back_and_only_for_keyed_fields() {
        let ex = |field, s: &str| Query::Term(Term::Exact(field, s.into()));
        let person = Field::Entity(Kind::Person);
        assert_eq!(
            parse("person:=\"Michael Howard\"").unwrap(),
            ex(person, "Michael Howard")
        );
        assert_eq!(parse("p:=howard").unwrap(), ex(person, "howard"));
        assert_eq!(
            parse("i:=economy c:=GB feed:=\"BBC News\"").unwrap(),
            Query::And(vec![
                ex(Field::Entity(Kind::Issue), "economy"),
                ex(Field::Entity(Kind::Country), "GB"),
                ex(Field::Feed, "BBC News"),
            ])
        );
        let section = Field::Entity(Kind::Section);
        assert_eq!(parse("section:=sport").unwrap(), ex(section, "sport"));
        assert_eq!(parse("s:=sport").unwrap(), ex(section, "sport"));
        assert_eq!(parse("s:spo").unwrap(), f(section, "spo"));
        assert_eq!(parse("sections:Sport").unwrap(), f(section, "Sport"));
        // A quoted value starting with '=' is a prefix search for it.
        assert_eq!(parse("person:\"=x\"").unwrap(), f(person, "=x"));
        assert_eq!(parse("person:==x").unwrap(), ex(person, "=x"));
        for q in [ex(person, "=x"), f(person, "=x"), ex(person, "a \"b\"")] {
            assert_eq!(parse(&q.to_string()).unwrap(), q, "{q}");
        }
        assert_eq!(
            parse("-person:=\"Michael Howard\"").unwrap().to_string(),
            "-person:=\"Michael Howard\""
        );
        let e = err("title:=x");
        assert_eq!(e.column, 7);
        assert!(e.to_string().contains("no exact form"), "{e}");
        let e = err("person:=");
        assert_eq!(e.column, 9);
        assert!(e.to_string().contains("after 'person:='"), "{e}");
    }

    #[test]
    fn fields_aliases_and_phrases() {
        assert_eq!(
            parse("p:\"keir starmer\"").unwrap(),
            f(Field::Entity(Kind::Person), "keir starmer")
        );
        assert_eq!(
            parse("person:trump").unwrap(),
            f(Field::Entity(Kind::Person), "trump")
        );
        assert_eq!(
            parse("People:trump").unwrap(),
            f(Field::Entity(Kind::Person), "trump")
        );
        assert_eq!(
            parse("c:fr").unwrap(),
            f(Field::Entity(Kind::Country), "fr")
        );
        assert_eq!(
            parse("i:gaza").unwrap(),
            f(Field::Entity(Kind::Issue), "gaza")
        );
        assert_eq!(
            parse("feed:bbc title:x author:y").unwrap().to_string(),
            "feed:bbc title:x author:y"
        );
        assert_eq!(parse("\"red sea\"").unwrap(), t("red sea"));
        assert_eq!(parse(r#""say \"hi\"""#).unwrap(), t("say \"hi\""));
        assert_eq!(
            parse("is:UNREAD").unwrap(),
            Query::Term(Term::Is(Flag::Unread))
        );
        assert_eq!(
            parse("is:starred").unwrap(),
            Query::Term(Term::Is(Flag::Starred))
        );
        assert_eq!(
            parse("since:2024-09-01").unwrap(),
            Query::Term(Term::Since(When::Date(
                NaiveDate::from_ymd_opt(2024, 9, 1).unwrap()
            )))
        );
        assert_eq!(
            parse("until:2w").unwrap(),
            Query::Term(Term::Until(When::Ago(2, AgeUnit::Week)))
        );
        // Not a field name: digits before the colon.
        assert_eq!(parse("10:30").unwrap(), t("10:30"));
    }

    #[test]
    fn errors_name_the_column_and_what_was_expected() {
        let e = err("peple:trump");
        assert_eq!(e.column, 1);
        assert_eq!(
            e.to_string(),
            "unknown field 'peple:' at column 1; did you mean 'people:'/'person:'?"
        );
        let e = err("trump contry:fr");
        assert_eq!(e.column, 7);
        assert!(e.to_string().contains("did you mean 'country:'"), "{e}");
        assert!(
            err("zzzzzz:1")
                .to_string()
                .contains("expected one of person:")
        );
        let e = err("a (b");
        assert_eq!(e.column, 5);
        assert!(
            e.to_string()
                .contains("expected ')' at column 5 to close the '(' at column 3"),
            "{e}"
        );
        assert_eq!(err("a )").column, 3);
        assert_eq!(err("a OR").column, 3);
        assert_eq!(err("OR a").column, 1);
        assert_eq!(err("a -").column, 3);
        assert_eq!(err("a \"b").column, 3);
        assert!(err("a \"b").to_string().contains("unterminated quote"));
        let e = err("person:");
        assert_eq!(e.column, 8);
        assert!(e.to_string().contains("expected a value after 'person:'"));
        let e = err("is:new");
        assert_eq!(e.column, 4);
        assert!(e.to_string().contains("'read', 'unread' or 'starred'"));
        assert_eq!(err("x since:yesterday").column, 9);
        assert_eq!(err("()").column, 1);
        assert!(!err("a (b").to_string().contains('\n'));
        // Columns count characters, not bytes.
        assert_eq!(err("é (").column, 4);
    }

    #[test]
    fn deep_or_long_queries_are_errors_naming_the_limit() {
        let deep = |n: usize| format!("{}keir{}", "(".repeat(n), ")".repeat(n));
        let e = err(&deep(MAX_DEPTH + 1));
        assert_eq!(e.column, MAX_DEPTH + 1);
        assert!(e.to_string().contains("nested too deeply"), "{e}");
        assert!(e.to_string().contains(&MAX_DEPTH.to_string()), "{e}");
        let e = err(&format!("{}keir", "-".repeat(5000)));
        assert!(e.to_string().contains("nested too deeply"), "{e}");
        let e = err(&format!("{}keir", "NOT ".repeat(MAX_DEPTH + 1)));
        assert!(e.to_string().contains("nested too deeply"), "{e}");
        // Unbalanced, and far too long: refused before it is even lexed.
        for q in ["(".repeat(20_000), "-".repeat(100_000), deep(9000)] {
            let e = err(&q);
            assert_eq!(e.column, MAX_QUERY_CHARS + 1);
            assert!(
                e.to_string()
                    .contains(&format!("the limit is {MAX_QUERY_CHARS}")),
                "{e}"
            );
        }
        // At the limit it parses, prints and parses back, on a thread with
        // the stack of a reader's search thread (2 MiB).
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                for q in [
                    deep(MAX_DEPTH),
                    format!("{}keir", "-".repeat(MAX_DEPTH)),
                    format!(
                        "{}a{}",
                        "(a OR -".repeat(MAX_DEPTH / 2),
                        ")".repeat(MAX_DEPTH / 2)
                    ),
                ] {
                    let parsed = parse(&q).expect("at the limit");
                    let shown = parsed.to_string();
                    assert_eq!(parse(&shown).unwrap(), parsed, "{q}");
                }
                assert!(parse(&"a ".repeat(MAX_QUERY_CHARS / 2)).is_ok());
            })
            .unwrap()
            .join()
            .unwrap();
    }

    proptest::proptest! {
        /// Random deep nestings of every kind, balanced or not, around random
        /// text: an error with a column inside the input, or a query that
        /// prints and parses back; never a crash (test threads have the
        /// 2 MiB stack of the reader's search thread).
        #[test]
        fn deep_nestings_parse_or_fail_cleanly(
            wrappers in proptest::collection::vec(0u8..6, 0..(3 * MAX_DEPTH)),
            inner in "[a-z():\"\\ -]{0,12}",
            closed in 0usize..(3 * MAX_DEPTH),
        ) {
            let mut text = String::new();
            let mut closes = Vec::new();
            for w in &wrappers {
                let (open, close) = match w {
                    0 => ("(", ")"),
                    1 => ("-", ""),
                    2 => ("NOT ", ""),
                    3 => ("(x OR ", ")"),
                    4 => ("a (", ") b"),
                    _ => ("-(", ")"),
                };
                text.push_str(open);
                closes.push(close);
            }
            text.push_str(&inner);
            for close in closes.iter().rev().take(closed) {
                text.push_str(close);
            }
            match parse(&text) {
                Ok(q) => {
                    let shown = q.to_string();
                    proptest::prop_assert_eq!(parse(&shown).unwrap(), q);
                }
                Err(e) => proptest::prop_assert!(
                    e.column >= 1 && e.column <= text.chars().count() + 1,
                    "{} for {:?}", e, text
                ),
            }
        }
    }

    #[test]
    fn display_parses_back_to_the_same_query() {
        for q in [
            "trump",
            "a b OR c",
            "a (b OR c) -d",
            "-(a b) OR NOT c",
            "p:\"keir starmer\" (c:fr OR c:ir)",
            r#""say \"hi\" \\ there""#,
            "\"OR\" \"-x\" \"a:b\" \"(\"",
            "--a",
            "is:unread since:7d until:2024-01-31 i:red-sea-shipping",
            "feed:\"http://x\" title:x author:y",
            "person:=\"Michael Howard\" -issue:=economy (c:=FR OR feed:=\"BBC News\")",
            "person:\"=x\" person:==y",
        ] {
            let parsed = parse(q).unwrap();
            let shown = parsed.to_string();
            assert_eq!(parse(&shown).unwrap(), parsed, "{q} -> {shown}");
        }
    }
}
