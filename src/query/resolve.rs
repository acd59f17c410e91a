//! Resolving what a user types after `country:` to ISO codes.
//!
//! [`country_codes`] is the one function the evaluator calls; when the
//! countries gazetteer (`crate::extract::countries`) offers a lookup by
//! code, name or demonym, point this function at it and drop the table.

use super::text::fold;

/// ISO alpha-2 code, common name, other names and demonyms (lower case).
const COUNTRIES: &[(&str, &[&str])] = &[
    ("AF", &["afghanistan", "afghan"]),
    ("AR", &["argentina", "argentine", "argentinian"]),
    ("AU", &["australia", "australian"]),
    ("AT", &["austria", "austrian"]),
    ("BE", &["belgium", "belgian"]),
    ("BR", &["brazil", "brazilian"]),
    ("BY", &["belarus", "belarusian"]),
    ("CA", &["canada", "canadian"]),
    ("CH", &["switzerland", "swiss"]),
    ("CL", &["chile", "chilean"]),
    ("CN", &["china", "chinese", "prc"]),
    ("CO", &["colombia", "colombian"]),
    ("CU", &["cuba", "cuban"]),
    ("CZ", &["czechia", "czech republic", "czech"]),
    ("DE", &["germany", "german"]),
    ("DK", &["denmark", "danish", "dane"]),
    ("EG", &["egypt", "egyptian"]),
    ("ES", &["spain", "spanish", "spaniard"]),
    ("ET", &["ethiopia", "ethiopian"]),
    ("FI", &["finland", "finnish", "finn"]),
    ("FR", &["france", "french"]),
    (
        "GB",
        &[
            "united kingdom",
            "uk",
            "britain",
            "great britain",
            "british",
            "briton",
        ],
    ),
    ("GR", &["greece", "greek"]),
    ("HU", &["hungary", "hungarian"]),
    ("ID", &["indonesia", "indonesian"]),
    ("IE", &["ireland", "irish", "republic of ireland"]),
    ("IL", &["israel", "israeli"]),
    ("IN", &["india", "indian"]),
    ("IQ", &["iraq", "iraqi"]),
    ("IR", &["iran", "iranian", "persia", "persian"]),
    ("IT", &["italy", "italian"]),
    ("JO", &["jordan", "jordanian"]),
    ("JP", &["japan", "japanese"]),
    ("KE", &["kenya", "kenyan"]),
    ("KP", &["north korea", "north korean", "dprk"]),
    ("KR", &["south korea", "south korean"]),
    ("LB", &["lebanon", "lebanese"]),
    ("LY", &["libya", "libyan"]),
    ("MX", &["mexico", "mexican"]),
    ("NG", &["nigeria", "nigerian"]),
    ("NL", &["netherlands", "holland", "dutch"]),
    ("NO", &["norway", "norwegian"]),
    ("NZ", &["new zealand", "new zealander"]),
    ("PK", &["pakistan", "pakistani"]),
    ("PL", &["poland", "polish", "pole"]),
    (
        "PS",
        &["palestine", "palestinian", "palestinian territories"],
    ),
    ("PT", &["portugal", "portuguese"]),
    ("QA", &["qatar", "qatari"]),
    ("RO", &["romania", "romanian"]),
    ("RU", &["russia", "russian", "russian federation"]),
    ("SA", &["saudi arabia", "saudi", "saudi arabian"]),
    ("SE", &["sweden", "swedish", "swede"]),
    ("SY", &["syria", "syrian"]),
    ("TR", &["turkey", "turkiye", "turkish"]),
    ("TW", &["taiwan", "taiwanese"]),
    ("UA", &["ukraine", "ukrainian"]),
    (
        "US",
        &[
            "united states",
            "usa",
            "us",
            "america",
            "american",
            "united states of america",
        ],
    ),
    ("VE", &["venezuela", "venezuelan"]),
    ("VN", &["vietnam", "viet nam", "vietnamese"]),
    ("YE", &["yemen", "yemeni"]),
    ("ZA", &["south africa", "south african"]),
];

/// The countries `value` names: an ISO alpha-2 code (two letters are always
/// read as a code), or a name, other name or demonym, ignoring case and accents.
/// Empty when it names none; the evaluator then falls back to word-prefix
/// matching on the stored country names.
pub fn country_codes(value: &str) -> Vec<String> {
    let v = fold(value.trim());
    if v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic()) {
        return vec![v.to_ascii_uppercase()];
    }
    let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
    COUNTRIES
        .iter()
        .filter(|(_, names)| names.contains(&v.as_str()))
        .map(|(code, _)| (*code).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_demonyms() {
        assert_eq!(country_codes("fr"), ["FR"]);
        assert_eq!(country_codes("France"), ["FR"]);
        assert_eq!(country_codes("french"), ["FR"]);
        assert_eq!(country_codes("Iranian"), ["IR"]);
        assert_eq!(country_codes("united  kingdom"), ["GB"]);
        assert!(country_codes("atlantis").is_empty());
    }
}
