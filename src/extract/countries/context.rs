//! The words around a place hit: word boundaries, and whether the hit is part
//! of an organisation's name or a person's title rather than the country.

/// True when `text[start..end]` is a whole word: no letter or digit touches
/// it. Hyphens and apostrophes separate words, so "Iranian-backed",
/// "US-UK" and "Britain's" all hold whole-word hits.
pub fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Head words that make a capitalised run an organisation or an event when
/// they follow the place: "British Airways", "Irish Times", "US Open".
const ORG_AFTER: &[&str] = &[
    "Aerospace",
    "Airline",
    "Airlines",
    "Airport",
    "Airports",
    "Airways",
    "Aramco",
    "Bank",
    "Beauty",
    "Broadcasting",
    "Co",
    "Company",
    "Corp",
    "Corporation",
    "Council",
    "Daily",
    "Express",
    "Gas",
    "Group",
    "Herald",
    "Holdings",
    "Idol",
    "Inc",
    "Industries",
    "Insurance",
    "Journal",
    "Library",
    "Ltd",
    "Mail",
    "Mobile",
    "Motors",
    "Museum",
    "Open",
    "Petroleum",
    "Pie",
    "Plc",
    "PLC",
    "Post",
    "Rail",
    "Railways",
    "Steel",
    "Telecom",
    "Telecommunications",
    "Times",
    "Tribune",
    "Tobacco",
];

/// Lower-case words after a place that make it a currency, not the country
/// ("US dollars", "Hong Kong dollar").
const CURRENCY_AFTER: &[&str] = &["dollar", "dollars", "dlr", "dlrs", "cents"];

/// Words that make the run about the country itself ("US Energy Secretary",
/// "British Army"): the run stops there.
const STATE_AFTER: &[&str] = &[
    "Ambassador",
    "Army",
    "Congress",
    "Defence",
    "Defense",
    "Department",
    "Embassy",
    "Force",
    "Forces",
    "Foreign",
    "Government",
    "Minister",
    "Ministry",
    "Navy",
    "Parliament",
    "President",
    "Prime",
    "Secretary",
    "Senate",
    "State",
    "Treasury",
];

/// Head words of "<Org> of <Place>": "Bank of England", "Church of Scotland".
const ORG_OF: &[&str] = &[
    "Academy",
    "Bank",
    "Church",
    "College",
    "Institute",
    "Museum",
    "School",
    "Society",
    "University",
];

/// Titles of "<Title> of <Place>": "Prince of Wales", "Duke of York".
const TITLE_OF: &[&str] = &[
    "Archbishop",
    "Baron",
    "Baroness",
    "Bishop",
    "Countess",
    "Duchess",
    "Duke",
    "Earl",
    "Marquess",
    "Prince",
    "Princess",
    "Viscount",
];

/// Words that make the next place part of a name: "Air France", "Radio Free Asia".
const ORG_BEFORE: &[&str] = &["Air", "Radio"];

/// True when the place at `text[start..end]` belongs to an organisation's
/// name or a person's title, so it is no evidence of the country.
pub fn in_organisation_or_title(text: &str, start: usize, end: usize) -> bool {
    if let Some(word) = next_word(&text[end..])
        && CURRENCY_AFTER.contains(&word)
    {
        return true;
    }
    for word in capitalised_run(&text[end..], 3) {
        if listed(STATE_AFTER, word) {
            break;
        }
        if listed(ORG_AFTER, word) {
            return true;
        }
    }
    let before = text[..start].trim_end();
    if let Some(prev) = last_word(before)
        && listed(ORG_BEFORE, prev)
    {
        return true;
    }
    let before = before.strip_suffix(" the").unwrap_or(before);
    if let Some(head) = before.strip_suffix(" of") {
        let mut rest = head.trim_end();
        for _ in 0..3 {
            let Some(word) = last_word(rest) else { break };
            if !word.starts_with(char::is_uppercase) {
                break;
            }
            if listed(ORG_OF, word) || listed(TITLE_OF, word) {
                return true;
            }
            rest = rest[..rest.len() - word.len()].trim_end();
        }
    }
    false
}

/// Whether `word` is in `list`, ignoring ASCII case ("AMERICAN LEAGUE" in
/// a capitalised table heading).
fn listed(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Up to `max` capitalised words that directly follow, separated by single
/// spaces (punctuation ends the run: "the US. Times are hard").
fn capitalised_run(text: &str, max: usize) -> Vec<&str> {
    let mut words = Vec::new();
    let mut rest = text;
    while words.len() < max {
        let Some(r) = rest.strip_prefix(' ') else {
            break;
        };
        let len = r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len());
        let word = &r[..len];
        if !word.starts_with(char::is_uppercase) {
            break;
        }
        words.push(word);
        rest = &r[len..];
    }
    words
}

/// The word after a single space, if any.
fn next_word(text: &str) -> Option<&str> {
    let r = text.strip_prefix(' ')?;
    let len = r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len());
    (len > 0).then(|| &r[..len])
}

/// The last alphanumeric word of `text`, if `text` ends in one.
fn last_word(text: &str) -> Option<&str> {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    Some(&text[start..])
}
