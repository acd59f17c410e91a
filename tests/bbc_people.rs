//! People finding on hand-annotated BBC News articles (read from
//! `../shared/corpora/bbc/` at run time; the test says so and passes without it).
//!
//! Each article lists the people a reader would expect, each as its name and
//! the other forms the article uses; a prediction is right when its name or an
//! alias equals one of them (quote style and case ignored), and a second
//! prediction for the same person counts as wrong, as in the gold scorer.
//! `optional` people may be found or not.

mod people_common;

use people_common::{Expected, bbc_root, score};

const ARTICLES: &[Expected] = &[
    Expected {
        path: "entertainment/001.txt",
        required: &[
            &["Richard Wentworth", "Wentworth"],
            &["Tracey Emin"],
            &["Henry Moore"],
        ],
        optional: &[],
    },
    Expected {
        path: "entertainment/002.txt",
        required: &[
            &["Jean-Michel Jarre", "Jarre"],
            &["Hans Christian Andersen", "Andersen", "Christian Andersen"],
            &["Harold Bloom", "Bloom"],
            &["Frederik", "Prince Frederik", "Crown Prince Frederik"],
            &["Mary", "Crown Princess Mary", "Queen Mary"],
            &["Helena Christensen"],
            &["Harvey Keitel"],
            &["Roger Moore", "Sir Roger Moore"],
            &["Cathy Freeman"],
            &["Pele"],
        ],
        optional: &[&["Hans Christian Anderson", "Anderson"]],
    },
    Expected {
        path: "entertainment/003.txt",
        required: &[
            &["Frank Capra", "Capra"],
            &["James Stewart"],
            &["Jon Thoday", "Mr Thoday"],
            &["Steve Brown", "Mr Brown"],
            &["Philip van Doren Stern", "Van Doren Stern"],
        ],
        optional: &[&["Jerry Springer"]],
    },
    Expected {
        path: "politics/002.txt",
        required: &[
            &["Richard Thomas", "Mr Thomas"],
            &["Michael Howard"],
            &["Tony Blair"],
            &["Alan Beith", "Mr Beith"],
        ],
        optional: &[],
    },
    Expected {
        path: "politics/004.txt",
        required: &[&["Colin Asplin"]],
        optional: &[],
    },
    Expected {
        path: "politics/006.txt",
        required: &[
            &["John Prescott", "Deputy Prime Minister John Prescott"],
            &["Edward Leigh"],
            &["John Bourn", "Sir John Bourn"],
        ],
        optional: &[],
    },
    Expected {
        path: "politics/010.txt",
        required: &[],
        optional: &[],
    },
    Expected {
        path: "politics/011.txt",
        required: &[
            &["Michael Howard", "Mr Howard", "Michael"],
            &["Liam Fox", "Mr Fox"],
            &["Tony Blair", "Mr Blair"],
            &["Charles Kennedy"],
        ],
        optional: &[&["Sandra Howard", "Sandra", "Mrs Howard"]],
    },
    Expected {
        path: "business/002.txt",
        required: &[&["Alan Greenspan", "Mr Greenspan"], &["Robert Sinche"]],
        optional: &[],
    },
    Expected {
        path: "business/003.txt",
        required: &[
            &["Jamie Firestone"],
            &["Tim Osborne"],
            &["Mikhail Khodorkovsky"],
        ],
        optional: &[],
    },
    Expected {
        path: "sport/001.txt",
        required: &[&["Sarah Claxton", "Claxton"], &["Irina Shevchenko"]],
        optional: &[],
    },
    Expected {
        path: "tech/001.txt",
        required: &[&["Askar Akaev"], &["David Mikosz"]],
        optional: &[],
    },
];

#[test]
fn bbc_hand_annotated_people() {
    let Some(root) = bbc_root() else {
        return;
    };
    let score = score(&root, ARTICLES);
    let (precision, recall) = (score.precision(), score.recall());
    println!(
        "BBC hand-annotated people ({} articles): {score}",
        ARTICLES.len()
    );
    assert!(recall >= 0.85, "recall {recall:.3} fell below 0.85");
    assert!(precision >= 0.9, "precision {precision:.3} fell below 0.90");
}
