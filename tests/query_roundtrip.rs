//! `Display` for `Query` prints text that parses back to the same query.

use chrono::NaiveDate;
use gazette::query::{AgeUnit, Field, Flag, Query, Term, When, parse};
use proptest::prelude::*;

fn value() -> impl Strategy<Value = String> {
    // Words, spaces, and every character the lexer treats specially.
    proptest::string::string_regex(r#"[a-zé0-9 :()"\\\-]{1,12}|OR|NOT|or"#)
        .expect("regex")
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn when() -> impl Strategy<Value = When> {
    prop_oneof![
        (1990i32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| When::Date(
            NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
        )),
        (
            0u32..5000,
            prop_oneof![
                Just(AgeUnit::Hour),
                Just(AgeUnit::Day),
                Just(AgeUnit::Week),
                Just(AgeUnit::Month),
                Just(AgeUnit::Year)
            ]
        )
            .prop_map(|(n, u)| When::Ago(n, u)),
    ]
}

fn term() -> impl Strategy<Value = Query> {
    let field = prop_oneof![
        Just(Field::Person),
        Just(Field::Country),
        Just(Field::Issue),
        Just(Field::Feed),
        Just(Field::Title),
        Just(Field::Author)
    ];
    let flag = prop_oneof![Just(Flag::Read), Just(Flag::Unread), Just(Flag::Starred)];
    prop_oneof![
        value().prop_map(Term::Text),
        (field, value()).prop_map(|(f, v)| Term::Field(f, v)),
        flag.prop_map(Term::Is),
        when().prop_map(Term::Since),
        when().prop_map(Term::Until),
    ]
    .prop_map(Query::Term)
}

/// Queries in the parser's normal form.
fn query() -> impl Strategy<Value = Query> {
    term().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|qs| flatten(qs, false)),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|qs| flatten(qs, true)),
            inner.prop_map(|q| Query::Not(Box::new(q))),
        ]
    })
}

fn flatten(qs: Vec<Query>, or: bool) -> Query {
    let mut flat = Vec::new();
    for q in qs {
        match q {
            Query::Or(inner) if or => flat.extend(inner),
            Query::And(inner) if !or => flat.extend(inner),
            q => flat.push(q),
        }
    }
    if or {
        Query::Or(flat)
    } else {
        Query::And(flat)
    }
}

proptest! {
    #[test]
    fn display_parses_back(q in query()) {
        let text = q.to_string();
        let back = parse(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(back, q, "{}", text);
    }

    #[test]
    fn any_input_parses_or_fails_with_a_column(s in "\\PC{0,40}") {
        match parse(&s) {
            Ok(q) => {
                let again = parse(&q.to_string()).expect("a parsed query prints parseably");
                prop_assert_eq!(again, q);
            }
            Err(e) => {
                prop_assert!(e.column >= 1 && e.column <= s.chars().count() + 1, "{e}");
                prop_assert!(!e.to_string().contains('\n'));
            }
        }
    }
}
