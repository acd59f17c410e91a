//! A second web news hold-out: people and countries in 20 more recent (2019)
//! English web news articles, drawn after `tests/web_holdout.rs` had begun to
//! be used for tuning, so this one is the unseen stand-in for the news the
//! extractor is judged on (issue 2).
//!
//! Same corpus and rule as the first (`tests/web_common`): sort the keys of
//! the Scrapinghub benchmark's `ground-truth.json`, keep a page when its URL
//! host is a listed news host and its `articleBody` has at least 1,000
//! characters, and take the 21st to 40th pages so kept. Exactly 40 pages
//! pass the rule, so this is the whole remainder. Each article was annotated
//! by reading its page title (as the harness cuts it) and `articleBody` in
//! full, and this annotation was committed, before gazette was run on any of
//! them.
//!
//! Conventions are those of `tests/web_holdout.rs`. People: the full name as
//! the article gives it, with the other forms it uses; a bylined reporter or
//! quoted tweeter counts; companies, awards, hospitals and products named
//! after people do not (McClatchy Co., Dick Clark Productions, Walter Reed,
//! Mayo Clinic, Piper Jaffray, Miller Tabak, Roth IRA, Peterson Institute).
//! Countries: ISO 3166-1 alpha-2 by name, alternative name or demonym; a
//! capital only as its government; not inside an organisation's name
//! ("American Music Awards", "Agence France-Presse", "USA TODAY") or a
//! person's title; a country adjective on a government body counts.
//! National teams stand for their countries, as in the first hold-out's
//! Davis Cup article. Judgement calls are noted at each article.
//! Do not adjust word lists or rules to fix a miss here; fix the kind of
//! error on development data instead, or this stops being a hold-out.
//!
//! The corpus is read at run time and nothing from it is in the repository;
//! without it the test says so and passes.

mod web_common;

use web_common::Gold;

const TRUMP: &[&str] = &[
    "Donald Trump",
    "President Trump",
    "President Donald Trump",
    "Mr. Trump",
    "Trump",
];
const XI: &[&str] = &[
    "Xi Jinping",
    "President Xi Jinping",
    "Chinese leader Xi Jinping",
    "Xi",
];
const EPSTEIN: &[&str] = &["Jeffrey Epstein", "Epstein"];
const GRISHAM: &[&str] = &[
    "Stephanie Grisham",
    "White House Press Secretary Stephanie Grisham",
    "Grisham",
];
const SWIFT: &[&str] = &["Taylor Swift", "Swift", "Taylor"];

const GOLD: &[Gold] = &[
    Gold {
        // foxnews.com: Van Der Beek leaves Dancing with the Stars.
        key: "7dfc3e359d7c0ca48ac9046ae5759286cedf80abe7526fc6c6e6546b9ba43e33",
        people: &[
            &["James Van Der Beek", "Van Der Beek", "James"],
            &["Ally Brooke", "Brooke"],
            &["Len Goodman"],
            &["Bruno Tonioli"],
            &["Carrie Ann Inaba", "Inaba"],
            &["Tom Bergeron", "Bergeron"],
            // His wife, named only as "Kimberly" and "@Vanderkimberly".
            &["Kimberly", "Kimberly Van Der Beek", "@Vanderkimberly"],
        ],
        countries: &[],
    },
    Gold {
        // hosted.ap.org: Sondland before the impeachment hearing.
        key: "82b6d780c792df78dcfb00484d50c86fbc7f324a9eb5835b7615f028edb9a574",
        people: &[
            &[
                "Gordon Sondland",
                "Ambassador Gordon Sondland",
                "Ambassador Sondland",
                "Sondland",
            ],
            TRUMP,
            &["Joe Biden", "Vice President Biden", "Biden"],
            &[
                "Volodymyr Zelenskiy",
                "Ukraine President Volodymyr Zelenskiy",
                "President Volodymyr Zelenskiy",
                "President Zelensky",
                "Zelenskiy",
                "Zelensky",
            ],
            &["Rudy Giuliani", "Giuliani"],
            &["David Holmes", "Holmes"],
            &["Fiona Hill", "Hill"],
            &["Alexander Vindman", "Lt. Col. Alexander Vindman", "Vindman"],
            &["Hunter Biden"],
            // Jennifer Williams, named only by surname ("Trump assailed
            // Williams").
            &["Williams"],
            &["Timothy Morrison", "Morrison"],
            &["Kurt Volker", "Volker"],
        ],
        // Russia only in Fiona Hill's title ("former White House Russia
        // adviser"); Kyiv, Warsaw and Brussels are venues.
        countries: &["UA", "US"],
    },
    Gold {
        // latimes.com: the Gannett/GateHouse merger.
        key: "8634d1211c3f2b73041e6cadd5d59676619838949999a83a23c51a3195b44892",
        people: &[
            &["Michael Reed", "Reed"],
            &["Ken Doctor", "Doctor"],
            &["Michael Ferro", "Ferro"],
            &[
                "Patrick Soon-Shiong",
                "Dr. Patrick Soon-Shiong",
                "Soon-Shiong",
            ],
            &["Penelope Muse Abernathy", "Abernathy"],
            &["Leon Cooperman", "Cooperman"],
            &["Elizabeth Warren"],
        ],
        // "the largest newspaper chain in the U.S.".
        countries: &["US"],
    },
    Gold {
        // washingtonexaminer.com opinion: Prince Andrew's interview.
        key: "87bf60570e6e2e33cb1f0fdb5600d6c85012e60be25ba6fa587b8f90eb9a3770",
        people: &[
            &["Prince Andrew", "Andrew"],
            EPSTEIN,
            &["Emily Maitlis", "Maitlis"],
            &["Elizabeth II", "Queen Elizabeth II", "Queen Elizabeth"],
            &["Virginia Giuffre", "Giuffre"],
            &["Bill Clinton"],
            TRUMP,
            &["Katie Couric"],
            &["George Stephanopoulos"],
            &["Chelsea Handler"],
        ],
        // "Anglophiles" names no country; Woking is a town.
        countries: &[],
    },
    Gold {
        // news.sky.com: Mourinho replaces Pochettino at Tottenham.
        key: "921019755f4a96ac4abf9dbcb4ef9d5ac202624a542d5ea70912330aa6fcc71f",
        people: &[
            &["Jose Mourinho", "Mourinho", "Jose"],
            &["Mauricio Pochettino", "Pochettino"],
            // An embedded tweet signed "Dele (@dele_official)".
            &["Dele", "Dele Alli", "@dele_official"],
            &["Harry Kane"],
        ],
        // "The Portuguese boss", "four different countries (Portugal,
        // England, Italy and Spain)", "clubs in China", "the Argentine";
        // London, Milan and Madrid only as cities or in club names.
        countries: &["PT", "GB", "IT", "ES", "CN", "AR"],
    },
    Gold {
        // cbssports.com: Euro 2020 qualifying.
        key: "9a440270bf8625d586039dfae1b8df409b467524e075124cd7a5424a5806901b",
        people: &[
            &["Aaron Ramsey"],
            &["Ryan Giggs"],
            &["Bruno Fernandes"],
            &["Cristiano Ronaldo"],
        ],
        // Wales, England, Scotland and Northern Ireland are GB; Georgia is
        // the country (it plays in Path D); Kosovo is XK, the code the
        // countries data uses; Gibraltar has its own code, GI; Istanbul is a
        // venue.
        countries: &[
            "GB", "HU", "IS", "BG", "IL", "RO", "BA", "SK", "IE", "NO", "RS", "GE", "MK", "XK",
            "BY", "CH", "DK", "GI", "PT", "HR", "DE", "NL", "AT", "FI", "SE", "LI", "TR", "FR",
            "CZ", "UA", "ES", "PL", "BE", "RU", "IT",
        ],
    },
    Gold {
        // politifact.com: drugs at the U.S. border.
        key: "9e8c9f082a8d77c58c17bda03b6b4bb6a1d6883fe196c252db4ca83b9991e0d3",
        people: &[
            &["David McKinley", "Rep. David McKinley", "McKinley"],
            &["Bruce Bagley"],
        ],
        // "the Canadian border"; Texas and Colorado are states.
        countries: &["US", "MX", "CA"],
    },
    Gold {
        // nypost.com: Taliban free US and Australian hostages.
        key: "a1fca19b884e0e946ad3fbe2a7f5031e5e3b23372702a76db302b6143c77cb31",
        people: &[
            &["Kevin King", "King"],
            &["Timothy Weeks", "Weeks"],
            &["Anas Haqqani"],
            &["Sirajuddin Haqqani"],
            &["Mike Pompeo", "Secretary of State Mike Pompeo"],
            GRISHAM,
            &["Ashraf Ghani", "Afghan President Ashraf Ghani"],
            &[
                "Scott Morrison",
                "Australian Prime Minister Scott Morrison",
                "Prime Minister Scott Morrison",
            ],
            TRUMP,
        ],
        // Doha is a venue; France only in "Agence France-Presse".
        countries: &["US", "AU", "AF", "QA"],
    },
    Gold {
        // politifact.com: a guide to tariffs.
        key: "b6906ca016bbfc64c90426e098c75b3e8c84457a77f51f1e7ea6941cb80c2147",
        people: &[
            TRUMP,
            &["Scott Paul"],
            &["Lawrence White"],
            &["Howard Gleckman"],
            &["Monica de Bolle"],
            &["Ross Burkhart"],
            &["Daniel Anthony"],
            &["Mary E. Lovely", "Mary Lovely", "Lovely"],
        ],
        // "U.S.-Canada trade"; "London-based" is a city.
        countries: &["US", "CN", "CA"],
    },
    Gold {
        // express.co.uk: plague in China.
        key: "ba4dfe2d3e817ff7b8b01172ccc307850fc5469bcdd26c3c48ca046cb88ab7cf",
        people: &[&["Fan Mengguang"]],
        // Inner Mongolia is not a country; "the Democratic Republic of Congo
        // (DRC), Madagascar, and Peru".
        countries: &["CN", "US", "CD", "MG", "PE"],
    },
    Gold {
        // usatoday.com: guards charged over Epstein's death.
        key: "c58aa507c4deebd660f69905f9abb8f96d935f6e7210f597ed4cd32b3f39f7f7",
        people: &[
            EPSTEIN,
            &["Tova Noel", "Noel"],
            &["Michael Thomas", "Thomas"],
            &["Geoffrey Berman"],
            &["William Barr", "Attorney General William Barr", "Barr"],
            &["Kathleen Hawk Sawyer", "Hawk Sawyer"],
            &["Ben Sasse", "Sen. Ben Sasse", "Sasse"],
            &["Ted Cruz", "Sen. Ted Cruz", "Cruz"],
            &["Jason Foy"],
            &["Montell Figgins", "Figgins"],
            &["Serene Gregg"],
            &["Lisa Boesky", "Boesky"],
            &["Jack Scarola"],
            // The closing credit "Contributing: Kristine Phillips".
            &["Kristine Phillips"],
        ],
        // "the U.S. Attorney's Office" is a government body with a country
        // adjective (like "the US Senate"), so US counts, although "the U.S.
        // attorney" after Berman's name is a title and "USA TODAY" a name.
        countries: &["US"],
    },
    Gold {
        // bbc.com: Sweden drops the Assange investigation.
        key: "c7e39ac49fa1235f5d50f83bf2444248bd3aa4e6df044377916c812dd109ba23",
        people: &[
            &["Julian Assange", "Mr Assange", "Assange"],
            &["Eva-Marie Persson", "Ms Persson", "Persson"],
            &["Caroline Hawley"],
            &["Kristinn Hrafnsson"],
            &["Sajid Javid"],
        ],
        // "the Ecuadorean embassy" is a government body with a country
        // adjective; "The 48-year-old Australian"; London and Stockholm are
        // venues.
        countries: &["SE", "EC", "AU", "US", "GB"],
    },
    Gold {
        // cnn.com: Asian markets and US-China trade talks.
        key: "d605bdef2cde7308a9f2fbd1484d4a9c3da0167177245d346da61e455f42208d",
        people: &[TRUMP, &["Jeffrey Halley"], XI],
        // "Japan's Nikkei", "South Korea's Kospi".
        countries: &["HK", "US", "CN", "JP", "KR"],
    },
    Gold {
        // washingtonexaminer.com opinion: Beijing and Hong Kong.
        key: "e4c6a3b482403a8f60190ba27248cd52b250b86f5d4a8a10edcf7062c64fc3f5",
        people: &[
            XI,
            &["Emmanuel Macron", "President Emmanuel Macron"],
            &["Carrie Lam", "Hong Kong Chief Executive Carrie Lam", "Lam"],
        ],
        // "the former British colony" (GB) and "the American-led liberal
        // international order" (US) are demonyms; Macron's France is not
        // named.
        countries: &["HK", "CN", "GB", "US"],
    },
    Gold {
        // hosted.ap.org: Conservative Twitter account renamed in a debate.
        key: "e7994d5500875202d93e736e8f0c8a0436107d10add94ce3789001b8c5c32358",
        people: &[
            &["Boris Johnson", "Prime Minister Boris Johnson", "Johnson"],
            &["Jeremy Corbyn", "Corbyn"],
            &["Will Moy"],
            &["Dominic Raab", "Foreign Secretary Dominic Raab", "Raab"],
            &["Keir Starmer", "Starmer"],
            &["Nick Clegg", "Clegg"],
        ],
        // London is a venue; the EU is not a country.
        countries: &["GB"],
    },
    Gold {
        // foxnews.com: Braun and Borchetta in the Taylor Swift feud.
        key: "eb62ac8425e5573947ecde962d14433d18e5725cc4a8c908fe22f678e96a65a1",
        people: &[
            SWIFT,
            &["Britney Spears"],
            &["Scooter Braun", "Braun", "Scooter"],
            &["Scott Borchetta", "Borchetta"],
            // Spelt "Justin Beiber" in the article.
            &["Justin Beiber", "Justin Bieber"],
            &["Demi Lovato"],
            &["Ariana Grande"],
            &["Thomas Rhett"],
        ],
        // "American Music Awards" is a name; Los Angeles a city.
        countries: &[],
    },
    Gold {
        // cnn.com: Trump's health.
        key: "ef4e67b66d63b5facef55c06a94d85f2ae01a0a1a4a3a1bcfe2499c8c8a7dacf",
        people: &[
            TRUMP,
            &["Sanjay Gupta", "Dr. Sanjay Gupta"],
            &["Ronny Jackson", "Dr. Ronny Jackson"],
            &["Hogan Gidley"],
            GRISHAM,
            &["Harold Bornstein", "Dr. Harold Bornstein", "Bornstein"],
            &["Hillary Clinton"],
        ],
        countries: &[],
    },
    Gold {
        // businessinsider.com: how to retire early.
        key: "f81c6c05d9cbc93316992fa23ef74ec405194e292611f2e94f6a814868903665",
        people: &[
            &["Leif Dahleen", "Dahleen"],
            &["Grant Sabatier", "Sabatier"],
            &["Eric Roberge"],
            // Roberge's wife, named only as "Kali", and a blogger who "only
            // goes by his first name online".
            &["Kali", "Kali Roberge"],
            &["Tommy"],
            &["Warren Buffett"],
            &["Steve Adcock"],
        ],
        // "the average American", "the average US household".
        countries: &["US"],
    },
    Gold {
        // businessinsider.com: ten things in tech.
        key: "fde930b01859de8311c6a14f8aa8c72be0659b551367803deb6736cf3526cf2e",
        people: &[
            &["Letitia James", "Attorney General Letitia James"],
            &["Adam Neumann"],
            &["John Legere", "Legere"],
            // Mike Sievert, spelt "Siever" in the article.
            &["Mike Siever", "Mike Sievert"],
            &["Masayoshi Son"],
            &["Peng Mei"],
        ],
        // "the Chinese e-commerce giant"; New York is a state and a city.
        countries: &["CN"],
    },
    Gold {
        // cnbc.com: Coty and Kylie Jenner.
        key: "ffc109d474fdee1a59fa554df8b09643f4a7d45b23eceabad66f0712c3f7daed",
        people: &[
            &["Kylie Jenner", "Jenner"],
            &["Matt Maley", "Maley"],
            &["John Petrides", "Petrides"],
        ],
        countries: &[],
    },
];

#[test]
fn web_holdout2_people_and_countries() {
    let Some(figures) = web_common::run("web hold-out 2", 20, GOLD) else {
        return;
    };

    // First run, on main as of b5ccda2 with no change to src/ or assets/
    // (text path): people precision 0.905 recall 0.905 F1 0.905 (tp 114,
    // fp 12, fn 12); countries precision 0.963 recall 1.000 F1 0.981 (tp 77,
    // fp 3, fn 0). HTML path: people F1 0.883, countries F1 0.981. After the
    // session's people and country rules (tuned elsewhere, never on this
    // set): people precision 0.922 recall 0.937 F1 0.929 (tp 118, fp 10,
    // fn 8), countries unchanged; HTML path people F1 0.921. The bars sit a
    // little under the text figures, so a regression fails; the targets of
    // issue 2 are 0.92 and 0.96.
    let (people_f1, countries_f1) = (figures.text_people.f1(), figures.text_countries.f1());
    assert!(
        people_f1 >= 0.92,
        "people F1 {people_f1:.3} fell below 0.92"
    );
    assert!(
        countries_f1 >= 0.96,
        "countries F1 {countries_f1:.3} fell below 0.96"
    );
}
