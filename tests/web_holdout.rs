//! People and countries in 20 recent (2019) English web news articles, the
//! closest stand-in we have for the unseen news the extractor is judged on
//! (issue 2), where the BBC hold-outs are 2004–05. Annotated as a hold-out;
//! since tuned on (below), so `tests/web_holdout2.rs` is the fresh one.
//!
//! The articles come from the Scrapinghub article-extraction benchmark
//! (`../shared/corpora/extraction/scrapinghub-aeb/`, MIT), whose
//! `ground-truth.json` holds a human-checked `articleBody` for each page.
//! Selection rule, fixed before looking at any output: sort the keys; keep a
//! page when its URL host (less `www.`) is one of [`web_common::NEWS_HOSTS`] and its
//! `articleBody` has at least 1,000 characters (which drops paywall stubs);
//! take the first 20. Each article was annotated by reading its headline and
//! body in full before gazette was run on any of them.
//!
//! People follow `../shared/gold/README.md` and `tests/bbc_people_holdout2.rs`:
//! the full name as the article gives it, with the other forms the article
//! uses; companies, awards, institutes and venues named after people do not
//! count (Walt Disney Co., Dick Clark Productions, Dow Jones, Peterson
//! Institute, Heinz Field). Countries follow issue 2 and
//! `tests/bbc_countries_holdout.rs`: ISO 3166-1 alpha-2, by name, alternative
//! name or demonym ("Ghanaian government", "Turkish-based carrier"); a capital
//! only as its government ("a deal with Beijing"), not as a venue ("a meeting
//! in Hanoi", "returning to Washington for a trial"); not inside an
//! organisation's name ("Biman Bangladesh Airlines", "London Metal Exchange",
//! "American Music Awards") or a person's title ("U.S. Attorney Nealy Cox");
//! US states, Inner Mongolia, the EU, Europe and the Soviet Union are not
//! countries; Hong Kong is (HK has its own alpha-2 code). A country adjective
//! on a government body counts ("the US Senate").
//! Do not adjust word lists or rules to fix a miss here; fix the kind of
//! error on development data instead, or this stops being a hold-out.
//! Since its first run its errors have guided general rules (sports results,
//! appositions, name variants; newspapers, officials' titles, regions, former
//! states), so it is now development data, not a hold-out: a fresh set gives
//! the honest figure.
//!
//! The corpus is read at run time and nothing from it is in the repository;
//! without it the test says so and passes. Each article runs through the
//! whole pipeline as `gazette entities` does, twice: as a `.txt` written from
//! the ground truth (headline line, blank line, body), which is what the
//! floors hold, and as the raw HTML page, which also scores cleaning, so its
//! figures are only printed. The harness is shared with
//! `tests/web_holdout2.rs` (`tests/web_common`).

mod web_common;

use web_common::Gold;

const TRUMP: &[&str] = &[
    "Donald Trump",
    "President Trump",
    "President Donald Trump",
    "U.S. President Donald Trump",
    "US President Donald Trump",
    "Mr. Trump",
    "Trump",
];
const NOEM: &[&str] = &["Kristi Noem", "Gov. Kristi Noem", "Noem"];
const OMAR: &[&str] = &[
    "Ilhan Omar",
    "Rep. Ilhan Omar",
    "U.S. Rep. Ilhan Omar",
    "Omar",
];
const CARLINEO: &[&str] = &[
    "Patrick Carlineo Jr.",
    "Patrick W. Carlineo Jr.",
    "Patrick Carlineo",
    "Patrick W. Carlineo",
    "Pat Carlineo",
    "Carlineo",
];
const KENNEDY: &[&str] = &[
    "James Kennedy Jr.",
    "James P. Kennedy Jr.",
    "James Kennedy",
    "James P. Kennedy",
    "U.S. Attorney James Kennedy Jr.",
    "Kennedy",
];
const ZOGHLIN: &[&str] = &["Sonya Zoghlin", "Sonya A. Zoghlin", "Zoghlin"];
const AOC: &[&str] = &["Alexandria Ocasio-Cortez", "Rep. Alexandria Ocasio-Cortez"];
const XI: &[&str] = &["Xi Jinping", "Mr. Xi", "Xi"];

const GOLD: &[Gold] = &[
    Gold {
        // nytimes.com opinion: Republicans following Trump.
        key: "04a6711caa7c687592777718866e781e976e0fe684faebe8b3cedcef8cd0ea34",
        people: &[
            TRUMP,
            &[
                "Matt Bevin",
                "Gov. Matt Bevin",
                "Bevin",
                "Matt",
                "@MattBevin",
            ],
            &["John Bel Edwards", "Governor John Bel Edwards", "Edwards"],
            &["Jim Hood"],
            &["Phil Bryant"],
            &["Andy Beshear"],
            &["Mitch McConnell"],
        ],
        // Americans, America; Ukraine; Turkey; Saudi Arabia.
        countries: &["US", "UA", "TR", "SA"],
    },
    Gold {
        // cbssports.com: Browns-Steelers fight.
        key: "08f793762792bd252c75fb57544cdf506ffcc04785136cb87503f02364b82b56",
        people: &[
            &["Myles Garrett", "Garrett"],
            &["Maurkice Pouncey"],
            &["Larry Ogunjobi"],
            &["Mason Rudolph", "Rudolph"],
            &["Sheldon Richardson", "Richardson"],
            &["Jason La Canfora"],
            &["Trey Edmunds"],
            &["Cam Heyward", "Heyward"],
            &["Brian Batko"],
        ],
        countries: &[],
    },
    Gold {
        // latimes.com: Disney+ launch.
        key: "098bb3e96c0acdf36efdcde45fb9cca3f8c82c7cb2071b76097a1b96155f1eb2",
        people: &[&["Kevin Mayer", "Mayer"], &["Bob Iger"]],
        countries: &[],
    },
    Gold {
        // sportsnet.ca: Davis Cup Finals.
        key: "0d46122928b6f468cc4bbc694051d0dbae5702bc75a16dab82a99b58daf150a0",
        people: &[
            &["Rafael Nadal", "Nadal"],
            &["Marcel Granollers", "Granollers"],
            &["Feliciano Lopez", "Lopez"],
            &["Karen Khachanov", "Khachanov"],
            &["Andrey Rublev", "Rublev"],
            &["Roberto Bautista-Agut"],
            &["Novak Djokovic"],
            &["Andy Murray"],
            &["Gerard Pique"],
            &["Neymar"],
            &["Vasek Pospisil"],
            &["Reilly Opelka", "Opelka"],
            &["Denis Shapovalov"],
            &["Taylor Fritz"],
            &["Pierre-Hugues Herbert", "Herbert"],
            &["Nicolas Mahut", "Mahut"],
            &["Ben McLachlan"],
            &["Yasutaka Uchiyama", "Uchiyama"],
            &["Jo-Wilfried Tsonga"],
            &["Yoshihito Nishioka"],
            &["Gael Monfils"],
            &["Raven Klaasen"],
            &["Michael Venus"],
            &["Guido Pella", "Guido"],
            &["Nicolas Jarry", "Jarry"],
            &["Diego Schwartzman", "Schwartzman"],
            &["Cristian Garin"],
            &["Maximo Gonzalez"],
            &["Leonardo Mayer"],
            &["Hans Podlipnik-Castillo"],
            &["Mikhail Kukushkin", "Kukushkin"],
            &["Alexander Bublik", "Bublik"],
            &["Robin Haase", "Haase"],
            &["Jean-Julien Rojer"],
            &["Botic van de Zanschulp"],
            &["Nick Kyrgios"],
            &["Alejandro Gonzalez"],
            &["Alex de Minaur"],
            &["Daniel Elahi Galan"],
        ],
        // Madrid and London are venues; Barcelona is a club.
        countries: &[
            "ES", "RU", "HR", "RS", "GB", "JP", "NL", "BR", "US", "CA", "FR", "ZA", "NZ", "AR",
            "CL", "KZ", "AU", "CO", "BE",
        ],
    },
    Gold {
        // thehill.com: South Dakota meth campaign.
        key: "156770d676ce79905198e1c8407f81e5ecfb617d9aa44712718707eb7e3b8e38",
        people: &[NOEM, &["Robert Maguire"]],
        // "the total U.S. population".
        countries: &["US"],
    },
    Gold {
        // cbsnews.com: Fort Worth kidnapping.
        key: "2c46804d9db4a85e8f8d31128ce0e11d02f25c7120c2faa5ec0664c604a47717",
        people: &[
            &["Michael Webb", "Webb"],
            &["Nealy Cox", "U.S. Attorney Nealy Cox"],
        ],
        // "U.S." only in a title.
        countries: &[],
    },
    Gold {
        // cnbc.com: Emirates orders Boeing jets.
        key: "374ac9a59a85196cdacc1679fb8993521a7b7d9d6533720f102300be1c7face4",
        people: &[&["Tim Clark", "Emirates President Tim Clark", "Clark"]],
        // Bangladesh only in "Biman Bangladesh Airlines"; "Emirates" is the airline.
        countries: &["AE", "US", "GH", "TR", "KZ", "FR"],
    },
    Gold {
        // aljazeera.com: NASA lunar landers.
        key: "42aad16bde9288623543642a9ce1a396be83e2db44aa2ff8cbbfe46e14abd7cc",
        people: &[
            &["Jeff Bezos", "Bezos"],
            &["Elon Musk", "Musk"],
            &["Steve Clarke"],
            &["Jim Bridenstine"],
            &["Brent Sherwood"],
            &["Michael Sims"],
        ],
        countries: &["US"],
    },
    Gold {
        // nypost.com: plague in Inner Mongolia.
        key: "432362af0be43f6da757ea778bd7f2f000094a565bdebac5af7442987a5372f3",
        people: &[],
        countries: &["CN"],
    },
    Gold {
        // reuters.com: markets.
        key: "57d46c9d751e3fd3ffaf3ede7ac20cebd30eacb5ea78e1a6aa0a72059244e7ca",
        people: &[TRUMP, &["Carsten Fritsch"], &["Juan Perez", "Perez"]],
        // Sterling and the London Metal Exchange do not name GB.
        countries: &["US", "CN", "RU", "NO", "JP"],
    },
    Gold {
        // nbcnews.com: Hitler's birthplace.
        key: "5a822960e9a2cb1e664d334b6c936c5cb6e41fb5331877538c2c8339cb59d57e",
        people: &[
            &["Adolf Hitler", "Hitler"],
            &["Wolfgang Peschorn", "Interior Minister Wolfgang Peschorn"],
        ],
        countries: &["AT", "DE"],
    },
    Gold {
        // theguardian.com editorial: Hong Kong.
        key: "5fa3154ec031ab35411a457d78eb5aa92c0e803c5329bd05c001e6d64009e206",
        people: &[XI, &["Tsai Ing-wen"]],
        countries: &["HK", "CN", "TW", "US", "GB"],
    },
    Gold {
        // express.co.uk: Hong Kong Polytechnic siege.
        key: "624fcd903d56fc7055fa7097b330629450c095ad6937318deb027be7803bbf35",
        people: &[&["Cheuk Hau-yip"], &["Liu Xiaming", "Liu"], &["Chris Tang"]],
        countries: &["HK", "CN", "GB", "US"],
    },
    Gold {
        // thehill.com: threat to Ilhan Omar.
        key: "6ebac05f637ece8aa57c298a2a5e3a8047f546f855d0f29cc683cea60ce85c85",
        people: &[
            OMAR,
            CARLINEO,
            KENNEDY,
            ZOGHLIN,
            TRUMP,
            AOC,
            &["Jeanine Pirro"],
        ],
        // "a U.S. official".
        countries: &["US"],
    },
    Gold {
        // nytimes.com: Trump's trade war.
        key: "702d1da63b8e064cb70617620e45c2d116b4912c9bc9d518dcf5ce54bb8057ed",
        people: &[
            TRUMP,
            &["John Williams"],
            &["Eswar Prasad"],
            XI,
            &["Kim Jong-un"],
            &["Phil Levy"],
            &["Zippy Duvall"],
            &["Liu He"],
            &["He Jianxiong"],
        ],
        // Hanoi is a venue.
        countries: &["US", "CN", "DE", "JP", "CA", "MX", "CL", "KP"],
    },
    Gold {
        // bbc.com: Taylor Swift and Big Machine.
        key: "70cb2d5bca75ab5a8f6bb378a38a52f882f6bda508de93b12502e74936d86ff2",
        people: &[
            &["Taylor Swift", "Swift", "Taylor"],
            &["Scooter Braun", "Braun"],
            &["Kanye West"],
            &["Kim Kardashian"],
            &["Elizabeth Warren", "Senator Elizabeth Warren"],
            AOC,
        ],
        // "big name US politicians".
        countries: &["US"],
    },
    Gold {
        // usatoday.com: South Dakota meth campaign.
        key: "776a1c046798b474e410f6edf3225d6a27fecd0de6aac22aef7b7f64fe87caaf",
        people: &[NOEM],
        countries: &[],
    },
    Gold {
        // aljazeera.com: helicopter crash in Afghanistan.
        key: "7916ecca969ffdd8f6fc32d171fbe0dd63db40fe4c1d2ade02b1dec5929a162f",
        people: &[
            &["Zabihullah Mujahid", "Mujahid"],
            TRUMP,
            &["Mark Milley", "General Mark Milley"],
        ],
        countries: &["US", "AF"],
    },
    Gold {
        // nbcnews.com: threat to Ilhan Omar.
        key: "7a457a4f71735c17b8b34fafc88835d225cf879b2d812311857a64cfc891eee9",
        people: &[OMAR, CARLINEO, ZOGHLIN, KENNEDY],
        // "a United States official".
        countries: &["US"],
    },
    Gold {
        // cbsnews.com: Volker and Morrison testimony.
        key: "7a664e40d256470fdb12d10c3f8d1c6db0581e9b080c71765e55f273a3ac7d03",
        people: &[
            &["Kurt Volker", "Volker"],
            &["Tim Morrison", "Morrison"],
            &[
                "Joe Biden",
                "Vice President Biden",
                "former Vice President Biden",
                "Biden",
                "Joe",
            ],
            &["Hunter Biden"],
            TRUMP,
            &[
                "Volodymyr Zelensky",
                "President Volodymyr Zelensky",
                "Ukrainian President Volodymyr Zelensky",
                "President Zelenskyy",
                "Zelensky",
                "Zelenskyy",
            ],
            &["Alexander Vindman", "Vindman"],
            &["Fiona Hill"],
            &["Gordon Sondland", "Sondland", "Gordon"],
            &["Rick Perry"],
            &["Steve Castor"],
            &["John Bolton"],
            &["Rudy Giuliani", "Giuliani"],
            &["Schiff", "Adam Schiff"],
        ],
        countries: &["UA", "US", "RU"],
    },
];

#[test]
fn web_holdout_people_and_countries() {
    let Some(figures) = web_common::run("web hold-out", 0, GOLD) else {
        return;
    };

    // First honest run, before any change (text path): people precision 0.935
    // recall 0.820 F1 0.873 (tp 100, fp 7, fn 22); countries precision 0.941
    // recall 1.000 F1 0.970 (tp 64, fp 4, fn 0). HTML path: people F1 0.813,
    // countries F1 0.955. After the people and country rules its errors led to
    // (development figures, no longer hold-out ones): people precision 1.000
    // recall 0.975 F1 0.988 (tp 119, fp 0, fn 3); countries F1 1.000 on both
    // paths. The bars sit a little under the text figures, so a regression
    // fails; the targets of issue 2 are 0.92 and 0.96.
    let (people_f1, countries_f1) = (figures.text_people.f1(), figures.text_countries.f1());
    assert!(
        people_f1 >= 0.98,
        "people F1 {people_f1:.3} fell below 0.98"
    );
    assert!(
        countries_f1 >= 0.98,
        "countries F1 {countries_f1:.3} fell below 0.98"
    );
}
