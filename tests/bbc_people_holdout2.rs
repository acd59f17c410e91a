//! A second people hold-out: 12 BBC News articles that nothing is tuned on,
//! drawn after `tests/bbc_people_holdout.rs` had been used for tuning, so it
//! stays the honest stand-in for unseen news. Drawn at random (Python
//! `random.seed(3303)`, 4 each from politics, business and entertainment,
//! excluding every article another test on any branch used) and annotated by
//! reading each in full before the finder was run on them. Names follow
//! `../shared/gold/README.md`: the full name with the forms the article uses;
//! bands, brands, programmes and foundations named after people do not count.
//! Do not adjust word lists or rules to fix a miss here; fix the kind of error
//! on development data (CoNLL train/testa, `tests/bbc_people.rs`) instead.
//!
//! The articles are read from `../shared/corpora/bbc/` at run time; without
//! them the test says so and passes. Scoring is shared with the first
//! hold-out (`tests/people_common`).

mod people_common;

use people_common::{Expected, bbc_root, score};

const ARTICLES: &[Expected] = &[
    Expected {
        path: "politics/119.txt",
        required: &[
            &["Lord Scarman", "Scarman"],
            &["Lord Falconer", "Falconer"],
            &["George Ritchie"],
            &["Lord Woolf", "Woolf"],
            &[
                "Elizabeth Butler-Sloss",
                "Dame Elizabeth Butler-Sloss",
                "Butler-Sloss",
            ],
            &["Trevor Phillips"],
        ],
        optional: &[],
    },
    Expected {
        path: "politics/181.txt",
        required: &[
            &["Tony Blair", "Mr Blair", "Blair"],
            &["Charles Clarke"],
            &["Hugh Robertson"],
            &["Martin Ward"],
        ],
        optional: &[],
    },
    Expected {
        path: "politics/093.txt",
        required: &[
            &["Tony Blair", "Mr Blair", "Blair"],
            &["Charles Kennedy", "Mr Kennedy", "Kennedy"],
            &["George W Bush", "George W. Bush", "Bush"],
        ],
        optional: &[],
    },
    Expected {
        path: "politics/001.txt",
        required: &[
            &["Patricia Hewitt", "Ms Hewitt", "Hewitt"],
            &["Theresa May"],
            &["Gordon Brown"],
            &["Tony Blair"],
            &["Sandra Gidley"],
            &["David Frost"],
        ],
        optional: &[],
    },
    Expected {
        path: "business/294.txt",
        required: &[
            &[
                "George W Bush",
                "George W. Bush",
                "Mr Bush",
                "President Bush",
                "Bush",
            ],
            &["John Kerry", "Mr Kerry", "Senator Kerry", "Kerry"],
            &["Tim Ghriskey"],
            &["Ken Mayland"],
        ],
        optional: &[],
    },
    Expected {
        path: "business/457.txt",
        required: &[&["Gerhard Schroeder", "Mr Schroeder", "Schroeder"]],
        optional: &[],
    },
    Expected {
        path: "business/158.txt",
        required: &[],
        optional: &[],
    },
    Expected {
        path: "business/139.txt",
        // "Hartz-IV" is the programme.
        required: &[
            &["Bert Ruerup"],
            &["Gerhard Schroeder", "Mr Schroeder", "Schroeder"],
        ],
        optional: &[],
    },
    Expected {
        path: "entertainment/164.txt",
        required: &[
            &["Charlie Parker", "Parker"],
            &["John Coltrane"],
            &["Benny Goodman"],
            &["Ella Fitzgerald"],
            &["Theolonius Monk"],
            &["Dizzy Gillespie"],
            &["JJ Johnson"],
            &["Lionel Hampton"],
            &["Miles Davis"],
            &["Bruni Sablan"],
        ],
        optional: &[],
    },
    Expected {
        path: "entertainment/141.txt",
        required: &[
            &["Ozzy Osbourne", "Ozzy", "Osbourne"],
            &["Sharon Osbourne", "Sharon"],
            &["George Harrison"],
            &["Paul Miller"],
            &["Elton John", "Sir Elton John"],
            &["David Furnish"],
        ],
        // The watch brand, named after its maker.
        optional: &[&["Franck Muller"]],
    },
    Expected {
        path: "entertainment/024.txt",
        required: &[
            &["Lily Tuck"],
            &["Francisco Solano Lopez", "Solano Lopez", "Lopez"],
            &["Judy Blume", "Blume"],
            &["Stephen King"],
            &["Philip Roth"],
            &["Stewart O'Nan"],
            &["Kevin Boyle"],
            &["Pete Hautman"],
            &["Jean Valentine"],
        ],
        optional: &[],
    },
    Expected {
        path: "entertainment/256.txt",
        // The Streets, Outkast, Tuff Jam, Soul II Soul and Oasis are bands.
        required: &[
            &["Joss Stone", "Ms Stone", "Joss", "Stone"],
            &["Dizzee Rascal"],
            &["Jamelia"],
            &["Lemar"],
            &["Kanye West"],
            &["Alicia Keys"],
            &["Marvin Gaye"],
            &["Lenny Kravitz"],
            &["Jimi Hendrix", "Hendrix"],
            &["Ty"],
            &["Amy Winehouse"],
            &["Terri Walker"],
            &["Rhian Benson"],
            &["Mike Skinner"],
            &["Craig David"],
            &["Eminem"],
            &["Bob Geldof"],
            &["Robbie Williams"],
        ],
        optional: &[],
    },
];

#[test]
fn bbc_holdout2_people() {
    let Some(root) = bbc_root() else {
        return;
    };
    let score = score(&root, ARTICLES);
    let f1 = score.f1();
    println!(
        "BBC holdout 2 people ({} articles): {score}",
        ARTICLES.len()
    );
    // First honest run (before any change): precision 0.982 recall 0.783
    // F1 0.871 (tp 54, fp 1, fn 15). The bar sits a little under it.
    assert!(f1 >= 0.85, "F1 {f1:.3} fell below 0.85");
}
