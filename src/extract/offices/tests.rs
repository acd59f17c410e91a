use chrono::TimeZone;

use super::*;
use crate::article::Article;
use crate::extract::Extractor;

fn day(s: &str) -> i32 {
    parse_day(s).unwrap()
}

fn holder_on(title: &str, cc: &str, date: &str) -> String {
    Offices::builtin()
        .holder(title, cc, day(date))
        .map_or_else(String::new, |t| t.person.clone())
}

fn dated(date: &str, body: &str) -> crate::extract::Entities {
    let mut a = Article::new("t", "", vec![body.to_string()]);
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    a.date = Some(Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).unwrap()));
    Extractor::builtin().extract(&a)
}

fn office_of(e: &crate::extract::Entities, name: &str) -> Option<String> {
    e.people
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.office.as_ref())
        .map(|o| o.label())
}

#[test]
fn the_table_parses_and_no_two_leaders_share_an_office_on_one_day() {
    let o = Offices::builtin();
    assert!(o.terms.len() > 400, "{}", o.terms.len());
    for (i, a) in o.terms.iter().enumerate() {
        for b in &o.terms[i + 1..] {
            if a.kind.leads() && a.title == b.title && a.country == b.country {
                assert!(
                    a.until <= b.from || b.until <= a.from,
                    "{} and {} overlap as {} of {:?}",
                    a.person,
                    b.person,
                    a.title,
                    a.country
                );
            }
        }
        if let Some(cc) = &a.country {
            assert!(o.prefixes.contains_key(cc), "no prefix for {cc}");
        }
    }
}

#[test]
fn office_holders_change_on_the_day_the_successor_takes_over() {
    assert_eq!(
        holder_on("prime minister", "GB", "2005-03-01"),
        "Tony Blair"
    );
    assert_eq!(
        holder_on("prime minister", "GB", "2007-06-26"),
        "Tony Blair"
    );
    assert_eq!(
        holder_on("prime minister", "GB", "2007-06-27"),
        "Gordon Brown"
    );
    assert_eq!(
        holder_on("prime minister", "GB", "2008-01-01"),
        "Gordon Brown"
    );
    assert_eq!(
        holder_on("prime minister", "GB", "2024-07-05"),
        "Keir Starmer"
    );
    assert_eq!(holder_on("president", "US", "2024-12-31"), "Joe Biden");
    assert_eq!(holder_on("president", "US", "2025-01-19"), "Joe Biden");
    assert_eq!(holder_on("president", "US", "2025-01-20"), "Donald Trump");
    assert_eq!(holder_on("president", "US", "2025-01-21"), "Donald Trump");
    assert_eq!(holder_on("president", "US", "2019-06-01"), "Donald Trump");
    assert_eq!(holder_on("chancellor", "DE", "2025-05-05"), "Olaf Scholz");
    assert_eq!(
        holder_on("chancellor", "DE", "2025-05-06"),
        "Friedrich Merz"
    );
    assert_eq!(
        holder_on("chancellor of the exchequer", "GB", "2005-03-01"),
        "Gordon Brown"
    );
    let leaders: Vec<&str> = Offices::builtin()
        .leaders("GB", day("2025-05-01"))
        .map(|t| t.person.as_str())
        .collect();
    assert_eq!(leaders, ["King Charles III", "Keir Starmer"]);
}

#[test]
fn a_person_gets_the_office_held_on_the_articles_date() {
    let o = Offices::builtin();
    let title = |name: &str, date: &str| o.office_at(name, day(date)).map(|t| t.title.clone());
    assert_eq!(
        title("Gordon Brown", "2005-03-01").as_deref(),
        Some("chancellor of the exchequer")
    );
    assert_eq!(
        title("Gordon Brown", "2008-01-01").as_deref(),
        Some("prime minister")
    );
    assert_eq!(title("Gordon Brown", "2011-01-01"), None);
    // A leader's office before a party's.
    assert_eq!(
        title("Keir Starmer", "2025-05-01").as_deref(),
        Some("prime minister")
    );
    assert_eq!(
        title("Keir Starmer", "2023-05-01").as_deref(),
        Some("Labour leader")
    );
    assert_eq!(
        title("mark carney", "2015-01-01").as_deref(),
        Some("Bank of England governor")
    );
    assert_eq!(
        title("Mark Carney", "2025-05-01").as_deref(),
        Some("prime minister")
    );
    let e = dated("2008-01-01", "Gordon Brown met Nicolas Sarkozy in London.");
    assert_eq!(
        office_of(&e, "Gordon Brown").as_deref(),
        Some("UK prime minister")
    );
    assert_eq!(
        office_of(&e, "Nicolas Sarkozy").as_deref(),
        Some("French president")
    );
}

#[test]
fn an_unnamed_office_is_a_mention_of_its_holder_on_that_date() {
    let e = dated("2005-03-01", "The prime minister said the plan would work.");
    assert_eq!(
        office_of(&e, "Tony Blair").as_deref(),
        Some("UK prime minister")
    );
    let e = dated("2025-05-01", "Talks with the US president ended on Friday.");
    assert_eq!(
        office_of(&e, "Donald Trump").as_deref(),
        Some("US president")
    );
    // Named in the article: the mention joins that person.
    let e = dated(
        "2008-01-01",
        "Gordon Brown visited Paris. Later the prime minister flew home.",
    );
    let brown: Vec<_> = e
        .people
        .iter()
        .filter(|p| p.name == "Gordon Brown")
        .collect();
    assert_eq!(brown.len(), 1);
    assert_eq!(brown[0].mentions, 2);
    // The article's country decides whose chancellor.
    let e = dated(
        "2010-03-01",
        "Germany and Germany's partners met in Berlin. The chancellor said Germany would act.",
    );
    assert_eq!(
        office_of(&e, "Angela Merkel").as_deref(),
        Some("German chancellor")
    );
    // Not unnamed: a titled name, a deputy, "of", a longer word.
    for text in [
        "The deputy prime minister spoke.",
        "She met the president of the club.",
        "Presidential hopefuls gathered.",
    ] {
        let e = dated("2005-03-01", text);
        assert!(
            e.people.iter().all(|p| p.office.is_none()),
            "{text}: {:?}",
            e.people
        );
    }
}

#[test]
fn people_are_named_as_they_were_on_the_articles_date() {
    let o = Offices::builtin();
    assert_eq!(
        o.name_at("King Charles III", day("2005-03-01")),
        Some("Prince Charles")
    );
    assert_eq!(o.name_at("King Charles III", day("2022-09-08")), None);
    let e = dated("2005-03-01", "King Charles III visited Wales.");
    let p = e
        .people
        .iter()
        .find(|p| p.aliases.contains(&"King Charles III".to_string()));
    assert_eq!(
        p.map(|p| p.name.as_str()),
        Some("Prince Charles"),
        "{:?}",
        e.people
    );
}

#[test]
fn an_undated_article_is_dated_by_the_offices_of_the_people_it_names() {
    let seeds = crate::seeds::processed(Extractor::builtin());
    let offices: Vec<Vec<(String, Option<String>)>> = seeds
        .iter()
        .map(|p| {
            p.entities
                .people
                .iter()
                .map(|x| (x.name.clone(), x.office.as_ref().map(|o| o.label())))
                .collect()
        })
        .collect();
    let get = |i: usize, name: &str| {
        offices[i]
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, o)| o.clone())
    };
    for i in 0..3 {
        assert_eq!(
            get(i, "Keir Starmer").as_deref(),
            Some("UK prime minister"),
            "seed {i}"
        );
    }
    assert_eq!(get(0, "Joe Biden").as_deref(), Some("US president"));
    assert_eq!(get(1, "Joe Biden").as_deref(), Some("US president"));
    assert_eq!(get(1, "Donald Trump"), None);
    assert_eq!(
        get(1, "David Lammy").as_deref(),
        Some("UK foreign secretary")
    );
    assert_eq!(get(2, "Donald Trump").as_deref(), Some("US president"));
    assert_eq!(
        get(2, "Vladimir Putin").as_deref(),
        Some("Russian president")
    );
    assert_eq!(
        get(2, "Volodymyr Zelenskyy").as_deref(),
        Some("Ukrainian president")
    );
}
