use super::*;
use crate::extract::PlaceKind;

fn finder() -> &'static PeopleFinder {
    static FINDER: std::sync::OnceLock<PeopleFinder> = std::sync::OnceLock::new();
    FINDER.get_or_init(PeopleFinder::builtin)
}

fn people_in(units: &[&str]) -> Vec<Person> {
    finder().find(
        &Doc {
            units: units.to_vec(),
        },
        &[],
    )
}

fn names(people: &[Person]) -> Vec<&str> {
    let mut v: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    v.sort_unstable();
    v
}

fn person<'p>(people: &'p [Person], name: &str) -> &'p Person {
    people
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name:?} in {people:?}"))
}

#[test]
fn titles_and_short_forms_merge_into_one_person() {
    let units = [
        "Starmer heads to Washington",
        "Prime Minister Sir Keir Starmer flew out on Monday.",
        "Sir Keir’s visit was brief, and Mr Starmer said little.",
    ];
    let people = people_in(&units);
    assert_eq!(names(&people), ["Keir Starmer"]);
    let keir = &people[0];
    assert_eq!(keir.mentions, 4);
    for alias in [
        "Prime Minister Sir Keir Starmer",
        "Sir Keir",
        "Mr Starmer",
        "Starmer",
    ] {
        assert!(
            keir.aliases.iter().any(|a| a == alias),
            "{alias:?} missing from {:?}",
            keir.aliases
        );
    }
}

#[test]
fn unknown_names_resolve_surnames_within_the_article() {
    let units = [
        "Talks resume",
        "The trade envoy, Katherine Zilber, arrived in Geneva.",
        "Ms Zilber said the talks would be hard. Zilber later left.",
    ];
    let people = people_in(&units);
    assert_eq!(names(&people), ["Katherine Zilber"]);
    assert_eq!(people[0].mentions, 3);
    assert!(people[0].aliases.iter().any(|a| a == "Ms Zilber"));
}

#[test]
fn titles_are_stripped_from_the_name_but_kept_in_aliases() {
    let people = people_in(&[
        "",
        "Foreign Secretary Yolanda Grieve met President Emeka Obi and Dr Harriet Mole.",
    ]);
    assert_eq!(
        names(&people),
        ["Emeka Obi", "Harriet Mole", "Yolanda Grieve"]
    );
    assert_eq!(
        person(&people, "Yolanda Grieve").aliases,
        ["Foreign Secretary Yolanda Grieve"]
    );
    assert_eq!(
        person(&people, "Emeka Obi").aliases,
        ["President Emeka Obi"]
    );
}

#[test]
fn spans_cover_the_mention_without_possessive() {
    let text = "Yesterday Sir Keir’s aides met Mr Trump's team.";
    let people = people_in(&["", text]);
    let doc = Doc {
        units: vec!["", text],
    };
    let mut surfaces: Vec<&str> = people
        .iter()
        .flat_map(|p| p.spans.iter().map(|s| doc.text(s)))
        .collect();
    surfaces.sort_unstable();
    assert_eq!(surfaces, ["Mr Trump", "Sir Keir"]);
}

#[test]
fn curly_apostrophes_and_hyphens_stay_inside_names() {
    let people = people_in(&["", "Declan O’Sullivan and Anne-Marie Duff-Travers said no."]);
    assert_eq!(
        names(&people),
        ["Anne-Marie Duff-Travers", "Declan O’Sullivan"]
    );
}

#[test]
fn organisations_are_not_people() {
    let people = people_in(&[
        "Labour Party conference",
        "The State Department, the Bank of England and Downing Street said the White House and \
         Manchester United agreed. British Airways and Oxford University said nothing.",
        "Morgan Stanley said the Democratic Party was ahead.",
    ]);
    assert!(people.is_empty(), "{people:?}");
}

#[test]
fn a_surname_that_is_an_organisation_word_needs_a_given_name() {
    let people = people_in(&[
        "",
        "Andy Street met officials in Downing Street and on Wall Street.",
    ]);
    assert_eq!(names(&people), ["Andy Street"]);
}

#[test]
fn sentence_initial_words_are_not_names() {
    let people = people_in(&[
        "",
        "Asked if he would stay, Mr Grieve smiled. Notably Grieve did not answer.",
        "Speaking later, officials said Monday's vote was close. Despite this, nothing changed.",
    ]);
    assert_eq!(names(&people), ["Grieve"]);
    assert_eq!(people[0].mentions, 2);
}

#[test]
fn lone_capitalised_words_need_evidence() {
    let people = people_in(&[
        "",
        "Spreaker said Chrome users in Kyiv and Houthi fighters were told.",
    ]);
    assert!(people.is_empty(), "{people:?}");
}

#[test]
fn well_known_bare_surnames_count_and_variants_merge() {
    let people = people_in(&[
        "Putin warns Zelensky",
        "President Zelenskyy replied that Volodymyr Zelensky would not yield to Vladimir Putin.",
    ]);
    assert_eq!(names(&people), ["Vladimir Putin", "Volodymyr Zelenskyy"]);
    assert_eq!(person(&people, "Volodymyr Zelenskyy").mentions, 3);
}

#[test]
fn place_hits_are_not_people_but_names_containing_them_are() {
    let units = [
        "",
        "Jordan said it would help. Michael Jordan said he would too.",
    ];
    let jordan = units[1].find("Jordan").unwrap_or_default();
    let places = [PlaceHit {
        span: Span::new(1, jordan, jordan + 6),
        code: "JO",
        kind: PlaceKind::Name,
    }];
    let people = finder().find(
        &Doc {
            units: units.to_vec(),
        },
        &places,
    );
    assert_eq!(names(&people), ["Michael Jordan"]);
    assert_eq!(people[0].mentions, 1);
}

#[test]
fn same_surname_attaches_to_the_nearest_full_name() {
    let people = people_in(&[
        "",
        "Bill Clinton spoke first. Clinton was brief.",
        "Later Hillary Clinton spoke. Clinton was long.",
    ]);
    assert_eq!(names(&people), ["Bill Clinton", "Hillary Clinton"]);
    assert_eq!(person(&people, "Bill Clinton").mentions, 2);
    assert_eq!(person(&people, "Hillary Clinton").mentions, 2);
}

#[test]
fn mentions_are_counted_and_sorted() {
    let people = people_in(&[
        "",
        "Joe Biden met Kamala Harris. Biden spoke, then Biden left.",
    ]);
    assert_eq!(people[0].name, "Joe Biden");
    assert_eq!(people[0].mentions, 3);
    assert_eq!(people[1].name, "Kamala Harris");
}

#[test]
fn initials_count_only_with_a_full_stop() {
    let people = people_in(&[
        "",
        "J. Russell batted well. The X Factor and the U.S. Treasury said George W Bush agreed.",
    ]);
    assert_eq!(names(&people), ["George W. Bush", "J. Russell"]);
}

#[test]
fn the_office_counts_as_a_mention_of_its_one_holder() {
    let units = [
        "",
        "Prime Minister Sir Keir Starmer met President Emeka Obi.",
        "The prime minister said the visit went well, and the president agreed.",
    ];
    let people = people_in(&units);
    assert_eq!(names(&people), ["Emeka Obi", "Keir Starmer"]);
    let keir = person(&people, "Keir Starmer");
    assert_eq!(keir.mentions, 2);
    assert!(
        keir.aliases
            .iter()
            .all(|a| !a.to_lowercase().contains("the prime")),
        "{:?}",
        keir.aliases
    );
    let doc = Doc {
        units: units.to_vec(),
    };
    assert!(
        keir.spans
            .iter()
            .any(|s| doc.text(s) == "The prime minister")
    );
    assert_eq!(person(&people, "Emeka Obi").mentions, 2);
}

#[test]
fn an_office_two_people_hold_is_left_alone() {
    let people = people_in(&[
        "",
        "President Emeka Obi met President Joe Biden. The president spoke.",
    ]);
    assert!(people.iter().all(|p| p.mentions == 1), "{people:?}");
}

proptest::proptest! {
    /// Any text: no panic, and every span is a real slice of its unit.
    #[test]
    fn spans_are_valid_slices_of_any_text(title in "\\PC{0,40}", body in "(\\PC|[A-Z][a-z]+ |Mr |Sir |’s |\\. ){0,60}") {
        let units = [title.as_str(), body.as_str()];
        let doc = Doc { units: units.to_vec() };
        for p in finder().find(&doc, &[]) {
            proptest::prop_assert!(!p.name.is_empty());
            proptest::prop_assert_eq!(p.mentions as usize, p.spans.len());
            for s in &p.spans {
                let unit = units[s.unit as usize];
                proptest::prop_assert!(unit.get(s.start as usize..s.end as usize).is_some_and(|t| !t.is_empty()));
            }
        }
    }
}

#[test]
fn royal_titles_resolve_through_the_gazetteer_but_mr_does_not() {
    let people = people_in(&["", "Prince Harry met Mr Carter."]);
    assert_eq!(names(&people), ["Carter", "Prince Harry"]);
}

#[test]
fn results_tables_name_people_by_their_bracketed_country() {
    let people = people_in(&[
        "",
        "Dorin Weglarz (Poland) beat Ondine Vasseur (France) 6-3 6-4.",
        "Ondine Vasseur (Paris Open) said nothing and Ilkka Kalvenaar of Sweden lost.",
        "The Bank of Sweden and Nordic Kraft of Norway did not comment.",
        "Sparta Prague (Czech Republic) beat Legia Warsaw (Poland).",
    ]);
    assert_eq!(
        names(&people),
        ["Dorin Weglarz", "Ilkka Kalvenaar", "Ondine Vasseur"]
    );
}

#[test]
fn scorers_are_named_by_the_minute() {
    let people = people_in(&["", "Rovers 2 (Kelleher 12th, Van Damsma 80th) United 1."]);
    assert_eq!(names(&people), ["Kelleher", "Van Damsma"]);
}

#[test]
fn a_roster_makes_every_listed_name_a_person_but_not_the_clubs() {
    let people = people_in(&[
        "",
        "Julien Marchetti (Toulon), Bastien Quillard (Stade Rochelais), Pierre Venn (Pau), \
         Kerem Ostrava (Brive), Thomas Nanterre (Castres, capt).",
    ]);
    assert_eq!(
        names(&people),
        [
            "Bastien Quillard",
            "Julien Marchetti",
            "Kerem Ostrava",
            "Pierre Venn",
            "Thomas Nanterre"
        ]
    );
}

#[test]
fn a_line_up_of_initials_and_surnames_is_a_roster() {
    let people = people_in(&[
        "",
        "Wales coach Cosmin Talpa named his side.",
        "R Quillan; C Talbrook, D Ferrow, S Hazzard; P Mulgrew (capt), C Talpa.",
    ]);
    let mut expected = vec![
        "C Talbrook",
        "Cosmin Talpa",
        "D Ferrow",
        "P Mulgrew",
        "R Quillan",
        "S Hazzard",
    ];
    expected.sort_unstable();
    assert_eq!(names(&people), expected);
    assert!(
        person(&people, "Cosmin Talpa")
            .aliases
            .iter()
            .any(|a| a == "C Talpa")
    );
}

/// A full name the article gives without other evidence ("Geordan" is no
/// listed given name) is the team sheet's initial and surname.
#[test]
fn a_weak_full_name_joins_its_initial_on_the_team_sheet() {
    let people = people_in(&[
        "",
        "A clever dummy from Geordan Murphy set up the try.",
        "G Murphy; R Quillan, D Ferrow, S Hazzard; P Mulgrew (capt), C Talbrook.",
    ]);
    let g = person(&people, "Geordan Murphy");
    assert!(g.aliases.iter().any(|a| a == "G Murphy"), "{:?}", g.aliases);
    assert!(!names(&people).contains(&"G Murphy"));
}

#[test]
fn a_sentence_of_prose_is_not_a_roster() {
    let people = people_in(&[
        "",
        "Critics in Stamford Bridge, Carling Cup fans and Kodak Gallery staff met the actor Dafydd Pengelly.",
    ]);
    assert_eq!(names(&people), ["Dafydd Pengelly"]);
}

#[test]
fn hyphenated_east_asian_names_and_demonym_nouns() {
    let people = people_in(&[
        "",
        "North Korean leader Kim Jong-un met South Korea's envoy, Lee Ki-choo.",
        "Frenchman Jean-Baptiste Quillard lost to Briton Tamsin Orrell.",
    ]);
    assert_eq!(
        names(&people),
        [
            "Jean-Baptiste Quillard",
            "Kim Jong Un",
            "Lee Ki-choo",
            "Tamsin Orrell"
        ]
    );
}

#[test]
fn a_role_noun_vouches_for_the_name_after_it() {
    let people = people_in(&[
        "",
        "The play recast actor Dallas Roberts, and writer-director Sofia Coppola watched. \
         Former champion Dwain Chambers and DJ Zebedee Ashby came too.",
    ]);
    assert_eq!(
        names(&people),
        [
            "Dallas Roberts",
            "Dwain Chambers",
            "Sofia Coppola",
            "Zebedee Ashby"
        ]
    );
}

#[test]
fn a_given_name_last_in_a_two_word_name_is_its_surname() {
    let people = people_in(&[
        "",
        "The film by Spike Lee starred Dougray Scott, as Kanye West sang.",
    ]);
    assert_eq!(names(&people), ["Dougray Scott", "Kanye West", "Spike Lee"]);
}

#[test]
fn a_star_known_by_one_name_counts_after_a_role() {
    let people = people_in(&["", "The award went to rap star Bezmo, ahead of the band."]);
    assert_eq!(names(&people), ["Bezmo"]);
}

#[test]
fn a_shared_surname_goes_to_the_person_not_called_by_given_name() {
    let people = people_in(&[
        "",
        "Ozzy fights back",
        "Rock star Ozzy Osbourne chased the burglar. His wife Sharon called the police.",
        "Sharon Osbourne listed the jewels. \"I was lucky,\" Osbourne said. Sharon wept.",
    ]);
    assert_eq!(names(&people), ["Ozzy Osbourne", "Sharon Osbourne"]);
    let sharon = person(&people, "Sharon Osbourne");
    assert!(
        !sharon.aliases.iter().any(|a| a == "Osbourne"),
        "{sharon:?}"
    );
    assert_eq!(person(&people, "Ozzy Osbourne").mentions, 3);
}

#[test]
fn family_after_a_possessive_marks_a_person() {
    let people = people_in(&[
        "",
        "Fans cheered Zorblatt's wife, and Princess Stephanie of Monaco's husband waved.",
    ]);
    assert!(names(&people).contains(&"Zorblatt"), "{people:?}");
    assert!(
        !people.iter().any(|p| p.name.contains("Monaco")),
        "{people:?}"
    );
}

#[test]
fn things_named_like_people_are_not_people() {
    let people = people_in(&[
        "Zorvan Quimbel posted on the messaging app Telegram Plus and the publication Metal Injection wrote about it.",
        "The tanker Eagle Sorrel left the port, and his band Chthonic Vale played the Black Sabbath of Asia.",
        "Wayne Quimbel won five Stanley Cups and toured Art Dubai.",
    ]);
    assert_eq!(
        names(&people),
        ["Wayne Quimbel", "Zorvan Quimbel"],
        "{people:?}"
    );
}

#[test]
fn glued_bylines_and_names_side_by_side_are_split_or_dropped() {
    let people = people_in(&[
        "By Eric LiptonMaggie Haberman and Eric Schmitt Eric Lipton and Eric Schmitt reported from Washington.",
    ]);
    assert_eq!(
        names(&people),
        ["Eric Lipton", "Eric Schmitt"],
        "{people:?}"
    );
}

#[test]
fn initials_patronymics_real_names_and_offices_before_given_names() {
    let people = people_in(&[
        "Trump flies in the planes that carried President George H.W. Bush.",
        "Sheikha Al Mayassa Bint Hamad bin Khalifa Al Thani said so. In her capacity as chair, Sheikha Al Mayassa has overseen it.",
        "Far-right activist Tommy Robinson, whose real name is Stephen Yaxley-Lennon, has been charged.",
        "The last conversation between [Russian President Vladimir] Putin and Vladimir Putin's aides.",
    ]);
    let bush = person(&people, "George H. W. Bush");
    assert_eq!(bush.mentions, 1);
    assert!(
        !people.iter().any(|p| p.name == "Eddie George"),
        "{people:?}"
    );
    let robinson = person(&people, "Tommy Robinson");
    assert!(
        robinson
            .aliases
            .iter()
            .any(|a| a == "Stephen Yaxley-Lennon")
    );
    assert!(people.iter().any(|p| p.name.contains("Al Thani")));
    assert!(!people.iter().any(|p| p.name == "Al Mayassa"), "{people:?}");
    assert!(!people.iter().any(|p| p.name == "Vladimir"), "{people:?}");
}

#[test]
fn unfamiliar_names_by_succession_surname_and_description() {
    let people = people_in(&[
        "Rahmani Fazli is succeeding Mohsen Bakhtiar as ambassador.",
        "Augustin Matata Ponyo was found guilty. Matata, who campaigned against the president, denied it.",
        "He sent along a woman called Sacheen Littlefeather, and June Carter Cash sang in June.",
    ]);
    assert_eq!(
        names(&people),
        [
            "Augustin Matata Ponyo",
            "June Carter Cash",
            "Mohsen Bakhtiar",
            "Rahmani Fazli",
            "Sacheen Littlefeather"
        ],
        "{people:?}"
    );
}

#[test]
fn a_bare_surname_means_the_person_not_his_wife() {
    let people = people_in(&[
        "Yoram Quimbel arrived with his wife Dalia Quimbel.",
        "Later Quimbel said the talks had failed.",
    ]);
    let husband = person(&people, "Yoram Quimbel");
    assert!(husband.aliases.iter().any(|a| a == "Quimbel"), "{people:?}");
    assert!(person(&people, "Dalia Quimbel").aliases.is_empty());
}
