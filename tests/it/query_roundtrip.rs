//! `Display` for `Query` prints text that parses back to the same query,
//! and queries select articles as logic says they should.

use crate::support::tui as tui_common;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use gazette::ArticleId;
use gazette::entity::Kind;
use gazette::query::{AgeUnit, Field, Flag, Query, Term, When, parse};
use gazette::store::Library;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

fn value() -> impl Strategy<Value = String> {
    // Words, spaces, and every character the lexer treats specially.
    proptest::string::string_regex(r#"[a-zé0-9 :=()"\\\-]{1,12}|OR|NOT|or"#)
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
        Just(Field::Entity(Kind::Person)),
        Just(Field::Entity(Kind::Country)),
        Just(Field::Entity(Kind::Issue)),
        Just(Field::Feed),
        Just(Field::Title),
        Just(Field::Author)
    ];
    let flag = prop_oneof![Just(Flag::Read), Just(Flag::Unread), Just(Flag::Starred)];
    prop_oneof![
        value().prop_map(Term::Text),
        (field, value()).prop_map(|(f, v)| Term::Field(f, v)),
        (exact_field(), value()).prop_map(|(f, v)| Term::Exact(f, v)),
        flag.prop_map(Term::Is),
        when().prop_map(Term::Since),
        when().prop_map(Term::Until),
    ]
    .prop_map(Query::Term)
}

/// The fields with an exact form (`person:=`).
fn exact_field() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just(Field::Entity(Kind::Person)),
        Just(Field::Entity(Kind::Country)),
        Just(Field::Entity(Kind::Issue)),
        Just(Field::Feed),
    ]
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

/// Queries over words the test articles (tui_common) hold, so they select
/// some articles and not others.
fn selecting_query() -> impl Strategy<Value = Query> {
    let word = prop_oneof![
        Just("biden"),
        Just("joe biden"),
        Just("us"),
        Just("france"),
        Just("election"),
        Just("nato"),
        Just("trade"),
        Just("東京"),
        Just("rain"),
        Just("nobody"),
    ]
    .prop_map(str::to_string);
    let field = prop_oneof![
        Just(Field::Entity(Kind::Person)),
        Just(Field::Entity(Kind::Country)),
        Just(Field::Entity(Kind::Issue)),
        Just(Field::Title)
    ];
    let flag = prop_oneof![Just(Flag::Read), Just(Flag::Unread), Just(Flag::Starred)];
    let day = (6u32..8, 1u32..29)
        .prop_map(|(m, d)| When::Date(NaiveDate::from_ymd_opt(2024, m, d).expect("valid date")));
    let term = prop_oneof![
        word.clone().prop_map(Term::Text),
        (exact_field(), word.clone()).prop_map(|(f, v)| Term::Exact(f, v)),
        (field, word).prop_map(|(f, v)| Term::Field(f, v)),
        flag.prop_map(Term::Is),
        day.clone().prop_map(Term::Since),
        day.prop_map(Term::Until),
    ]
    .prop_map(Query::Term);
    term.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|qs| flatten(qs, false)),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|qs| flatten(qs, true)),
            inner.prop_map(|q| Query::Not(Box::new(q))),
        ]
    })
}

#[test]
fn not_not_a_selects_a_and_a_or_b_selects_at_least_a() {
    let mut lib = Library::in_memory().unwrap();
    lib.import(&tui_common::articles()).unwrap();
    let ids: Vec<ArticleId> = lib.metas().map(|m| m.id).collect();
    lib.set_starred(ids[0], true).unwrap();
    lib.set_read(ids[1], true).unwrap();
    let found = |q: &Query| -> BTreeSet<ArticleId> { lib.search(q).unwrap().into_iter().collect() };
    let sizes = std::cell::RefCell::new(BTreeSet::new());
    TestRunner::default()
        .run(&(selecting_query(), selecting_query()), |(a, b)| {
            let fa = found(&a);
            sizes.borrow_mut().insert(fa.len());
            let not_not = Query::Not(Box::new(Query::Not(Box::new(a.clone()))));
            prop_assert_eq!(&found(&not_not), &fa, "NOT NOT ({})", a);
            let or = Query::Or(vec![a.clone(), b.clone()]);
            prop_assert!(found(&or).is_superset(&fa), "({}) OR ({})", a, b);
            // The same through the parser, as a user types them.
            let typed = parse(&format!("NOT NOT ({a})")).unwrap();
            prop_assert_eq!(&found(&typed), &fa, "NOT NOT ({})", a);
            Ok(())
        })
        .unwrap();
    // The generated queries did tell articles apart.
    assert!(sizes.borrow().len() > 2, "{sizes:?}");
}
