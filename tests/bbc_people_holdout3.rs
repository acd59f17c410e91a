//! A third people hold-out: 15 BBC News articles from entertainment, sport
//! and tech, the kinds of news the first two hold-outs barely cover (stage
//! names, sports reports that use surnames alone, tech spokespeople). Drawn at
//! random (Python `random.seed(4405)`, 5 from each topic, excluding every
//! article any test on any branch used) and annotated by reading each in full
//! before the finder was run on them. Names follow `../shared/gold/README.md`:
//! the full name with the forms the article uses; stage names count as people;
//! bands, companies, families ("the Beckhams") and newspapers do not.
//! Do not adjust word lists or rules to fix a miss here; fix the kind of error
//! on development data (CoNLL train/testa, BBC articles no test uses) instead.
//!
//! The articles are read from `../shared/corpora/bbc/` at run time; without
//! them the test says so and passes. Scoring is shared with the other
//! hold-outs (`tests/people_common`).

mod people_common;

use people_common::{Expected, bbc_root, score};

const ARTICLES: &[Expected] = &[
    Expected {
        path: "entertainment/011.txt",
        // "RCA" is the college, "Blur" the band.
        required: &[
            &["Damien Hirst"],
            &["Tracey Emin"],
            &["Mario Testino"],
            &["Sue Bradburn", "Ms Bradburn", "Bradburn"],
            &["Ken Loach"],
            &["Hussein Chalayan"],
            &["Graham Coxon"],
        ],
        optional: &[],
    },
    Expected {
        path: "entertainment/280.txt",
        // "Rocky" and "The Right Stuff" are films.
        required: &[&["Bill Conti", "Conti", "Bill"], &["Julia Roberts"]],
        optional: &[],
    },
    Expected {
        path: "entertainment/282.txt",
        // G-Unit is the crew, Hot 97 the station, Violator the company.
        required: &[
            &["50 Cent", "50"],
            &["The Game", "Game"],
            &["Fat Joe"],
            &["Nas"],
            &["Jadakiss", "Jada"],
            &["Elliott Wilson"],
            &["Tupac Shakur", "Tupac"],
        ],
        optional: &[],
    },
    Expected {
        path: "entertainment/348.txt",
        required: &[
            &["Dieter Kosslick", "Mr Kosslick", "Kosslick"],
            &["Will Smith"],
            &["Kevin Spacey"],
            &["Keanu Reeves"],
        ],
        optional: &[],
    },
    Expected {
        path: "entertainment/319.txt",
        // 19 Entertainment, CFX/CKX, the Spice Girls and S Club 7 are not
        // people; "the Beckhams" is a family.
        required: &[
            &["Simon Fuller", "Mr Fuller", "Fuller"],
            &["Robert Sillerman", "Mr Sillerman", "Sillerman"],
            &["Elvis Presley", "Presley", "Elvis"],
            &["Will Young"],
            &["Gareth Gates"],
            &["Kelly Clarkson"],
            &["Paul Hardcastle"],
            &["Lisa Marie", "Lisa Marie Presley"],
        ],
        optional: &[],
    },
    Expected {
        path: "sport/408.txt",
        required: &[&["Marco Bortolami", "Bortolami"]],
        optional: &[],
    },
    Expected {
        path: "sport/373.txt",
        required: &[
            &["Jonny Wilkinson", "Wilkinson", "Jonny"],
            &["Lawrence Dallaglio", "Dallaglio", "Lawrence"],
            &["Andy Robinson", "Robinson", "Andy"],
            &["Martin Johnson", "Johnson", "Martin"],
            &["Paul Grayson"],
            &["Fred Stokes"],
        ],
        optional: &[],
    },
    Expected {
        path: "sport/282.txt",
        // Manchester United, Aston Villa, Arsenal and Chelsea are clubs.
        required: &[
            &["Alex Ferguson", "Ferguson"],
            &["Ryan Giggs", "Giggs"],
            &["Roy Keane", "Keane", "Roy"],
            &["John O'Shea"],
        ],
        optional: &[],
    },
    Expected {
        path: "sport/491.txt",
        required: &[
            &["Rafael Nadal", "Nadal"],
            &["Andy Roddick", "Roddick"],
            &["Carlos Moya", "Moya"],
            &["Mardy Fish"],
        ],
        optional: &[],
    },
    Expected {
        path: "sport/454.txt",
        // Le Matin is a newspaper.
        required: &[&["Martina Hingis", "Hingis"], &["Elena Dementieva"]],
        optional: &[],
    },
    Expected {
        path: "tech/108.txt",
        // Blinkx, Copernic, Sendmail, Lookout Software and Stata Labs are firms.
        required: &[&["John Connors"], &["Kathy Rittweger"], &["JF Sullivan"]],
        optional: &[],
    },
    Expected {
        path: "tech/014.txt",
        required: &[&["Hugo Lueders"]],
        optional: &[],
    },
    Expected {
        path: "tech/104.txt",
        required: &[
            &["Caroline Pelletier"],
            &["Diane Carr"],
            &["Barney Oram"],
            &["Andrew Burn", "Dr Andrew Burn"],
            &["Roger Bennett"],
        ],
        optional: &[],
    },
    Expected {
        path: "tech/226.txt",
        required: &[&["Adrian Hosford", "Mr Hosford", "Hosford"]],
        optional: &[],
    },
    Expected {
        path: "tech/031.txt",
        // RSA, Capgemini and Activcard are firms.
        required: &[&["Barry Beal"], &["Steve Ash", "Mr Ash", "Ash"]],
        optional: &[],
    },
];

#[test]
fn bbc_holdout3_people() {
    let Some(root) = bbc_root() else {
        return;
    };
    let score = score(&root, ARTICLES);
    let f1 = score.f1();
    println!(
        "BBC holdout 3 people ({} articles): {score}",
        ARTICLES.len()
    );
    // First honest run (before any tuning in session 4): precision 0.980
    // recall 0.860 F1 0.916 (tp 49, fp 1, fn 8); unchanged after it. The
    // floor was set before the first run, to catch a collapse rather than a
    // point lost.
    assert!(f1 >= 0.80, "F1 {f1:.3} fell below 0.80");
}
