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
/// they follow the place: "British Airways", "Irish Times", "US Open",
/// "USA Today" (newspapers are organisations, not their country).
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
    "Championship",
    "Championships",
    "Chronicle",
    "Club",
    "Co",
    "Company",
    "Corp",
    "Corporation",
    "Council",
    "Daily",
    "Exchange",
    "Express",
    "Gas",
    "Gazette",
    "Group",
    "Herald",
    "Holdings",
    "Idol",
    "Inc",
    "Industries",
    "Insurance",
    "Journal",
    "League",
    "Library",
    "Ltd",
    "Mail",
    "Mobile",
    "Motors",
    "Museum",
    "Observer",
    "Open",
    "PLC",
    "Party",
    "Petroleum",
    "Pie",
    "Plc",
    "Post",
    "Rail",
    "Railways",
    "Steel",
    "Telecom",
    "Telecommunications",
    "Telegraph",
    "Times",
    "Tobacco",
    "Today",
    "Tribune",
];

/// Lower-case words after a place that make it a currency, not the country
/// ("US dollars", "Hong Kong dollar").
const CURRENCY_AFTER: &[&str] = &["dollar", "dollars", "dlr", "dlrs", "cents"];

/// Titles of officials that, between a place and a person's name, make the
/// place part of the title ("U.S. Attorney Nealy Cox", "US District Judge
/// Reed O'Connor", "U.S. Ambassador Gordon Sondland"): a country that
/// stands only in a person's title is not counted. Government bodies are the
/// country ("the US Senate", "British Army"): see [`STATE_AFTER`].
const PERSON_TITLE_AFTER: &[&[&str]] = &[
    &["Ambassador"],
    &["Attorney"],
    &["Attorney", "General"],
    &["Consul"],
    &["Consul", "General"],
    &["District", "Attorney"],
    &["District", "Judge"],
    &["Envoy"],
    &["Judge"],
    &["Magistrate", "Judge"],
    &["Marshal"],
    &["Special", "Envoy"],
    &["Special", "Representative"],
    &["Solicitor", "General"],
    &["Surgeon", "General"],
    &["Trade", "Representative"],
];

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
    "Association",
    "Bank",
    "Board",
    "Church",
    "College",
    "Federation",
    "Foundation",
    "Institute",
    "Museum",
    "School",
    "Society",
    "Times",
    "University",
    "Voice",
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
    "Emir",
    "Emperor",
    "Empress",
    "King",
    "Marquess",
    "Prince",
    "Princess",
    "Queen",
    "Sultan",
    "Viscount",
];

/// True when `run`, the capitalised words after a place, is an official's
/// title followed by a name: a title alone ("the U.S. Ambassador said") may
/// be the office, and "US Ambassador" in a list of posts is not a person.
fn person_title(run: &[&str]) -> bool {
    PERSON_TITLE_AFTER.iter().any(|title| {
        run.len() > title.len()
            && run.iter().zip(title.iter()).all(|(w, t)| w == t)
            && !listed(STATE_AFTER, run[title.len()])
            && !listed(ORG_AFTER, run[title.len()])
    })
}

/// Words that make the next place part of a name: "Air France", "Radio Free Asia".
const ORG_BEFORE: &[&str] = &["Air", "Radio"];

/// True when the place at `text[start..end]` belongs to an organisation's
/// name or a person's title, so it is no evidence of the country.
pub fn in_organisation_or_title(text: &str, start: usize, end: usize) -> bool {
    if text[end..].starts_with('$')
        || next_word(&text[end..]).is_some_and(|w| CURRENCY_AFTER.contains(&w))
    {
        return true;
    }
    let mut buf = [""; 4];
    let run = capitalised_run(&text[end..], &mut buf);
    if person_title(run) {
        return true;
    }
    for &word in run.iter().take(3) {
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
    // Back over capitalised words and inner "of"s, so the head of
    // "Board of Deputies of British Jews" is found too.
    if let Some(head) = before.strip_suffix(" of") {
        let mut rest = head.trim_end();
        for _ in 0..5 {
            let Some(word) = last_word(rest) else { break };
            if listed(ORG_OF, word) || listed(TITLE_OF, word) {
                return true;
            }
            if !word.starts_with(char::is_uppercase) && word != "of" {
                break;
            }
            rest = rest[..rest.len() - word.len()].trim_end();
        }
    }
    false
}

/// Words after a capital that make it the government acting or speaking
/// ("Moscow said", "Washington has warned", "Beijing wants").
const GOVERNMENT_VERBS: &[&str] = &[
    "accused",
    "accuses",
    "agreed",
    "agrees",
    "announced",
    "argued",
    "argues",
    "attacked",
    "backed",
    "backs",
    "believes",
    "blamed",
    "blames",
    "called",
    "calls",
    "can",
    "claimed",
    "claims",
    "condemned",
    "condemns",
    "could",
    "demanded",
    "demands",
    "denied",
    "denies",
    "expelled",
    "fears",
    "fired",
    "had",
    "has",
    "have",
    "hopes",
    "imposed",
    "insisted",
    "insists",
    "launched",
    "maintains",
    "may",
    "might",
    "must",
    "opposed",
    "opposes",
    "rejected",
    "rejects",
    "responded",
    "retaliated",
    "said",
    "say",
    "says",
    "sees",
    "sent",
    "should",
    "signed",
    "struck",
    "suspects",
    "threatened",
    "threatens",
    "urged",
    "urges",
    "vowed",
    "vows",
    "wants",
    "warned",
    "warns",
    "will",
    "would",
];

/// Nouns after a capital's possessive that make it the government:
/// "Moscow's forces", "Beijing's claim", not "London's theatres".
const GOVERNMENT_NOUNS: &[&str] = &[
    "allies",
    "ambassador",
    "army",
    "backing",
    "claim",
    "claims",
    "decision",
    "demands",
    "envoy",
    "forces",
    "government",
    "invasion",
    "leaders",
    "military",
    "officials",
    "policy",
    "position",
    "regime",
    "relations",
    "response",
    "stance",
    "support",
    "troops",
    "war",
];

/// Words before a capital that make it a party to relations:
/// "ties with Beijing", "sanctions against Moscow", "pressure on Kyiv".
const GOVERNMENT_BEFORE: &[&str] = &["against", "by", "on", "toward", "towards", "with"];

/// True when a capital at `text[start..end]` stands for its government
/// ("Moscow said", "Moscow's forces", "talks with Beijing") rather than
/// for the city as a venue, a market, a festival or a dateline ("a summit
/// in Lisbon", "London trading", "the Berlin Film Festival"): news uses
/// capitals as venues far more often, and only the government is the country.
pub fn capital_as_government(text: &str, start: usize, end: usize) -> bool {
    let before = last_word(text[..start].trim_end());
    if before.is_some_and(|w| VENUE_BEFORE.contains(&w)) {
        return false;
    }
    let after = &text[end..];
    // "London-based", "Paris-listed": a place; "Moscow-backed": a government.
    if let Some(rest) = after.strip_prefix('-') {
        let len = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        return GOVERNMENT_HYPHENED.contains(&&rest[..len]);
    }
    let (after, words) = match after
        .strip_prefix("'s")
        .or_else(|| after.strip_prefix("\u{2019}s"))
    {
        Some(rest) => (rest, GOVERNMENT_NOUNS),
        None => (after, GOVERNMENT_VERBS),
    };
    if next_word(after).is_some_and(|w| words.contains(&w)) {
        return true;
    }
    before.is_some_and(|w| GOVERNMENT_BEFORE.contains(&w))
}

/// Words before a capital that make it a place whatever follows: "a victory
/// in Madrid will", "the Mayor of London would".
const VENUE_BEFORE: &[&str] = &[
    "across", "around", "at", "from", "in", "inside", "into", "near", "of", "outside", "through",
    "to", "via",
];

/// Second halves of hyphened words that make a capital its government.
const GOVERNMENT_HYPHENED: &[&str] = &["backed", "led", "sponsored", "supported"];

/// Whether `word` is in `list`, ignoring ASCII case ("AMERICAN LEAGUE" in
/// a capitalised table heading).
fn listed(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Up to `buf.len()` capitalised words that directly follow, separated by
/// single spaces (punctuation ends the run: "the US. Times are hard"), kept
/// in `buf` (asked for at every place hit: no allocation).
fn capitalised_run<'a, 'b>(text: &'a str, buf: &'b mut [&'a str]) -> &'b [&'a str] {
    let mut words = 0;
    let mut rest = text;
    while words < buf.len() {
        let Some(r) = rest.strip_prefix(' ') else {
            break;
        };
        let len = r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len());
        let word = &r[..len];
        if !word.starts_with(char::is_uppercase) {
            break;
        }
        buf[words] = word;
        words += 1;
        rest = &r[len..];
    }
    &buf[..words]
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

/// Demonyms that are also languages.
const LANGUAGES: &[&str] = &[
    "Chinese",
    "Czech",
    "Danish",
    "Dutch",
    "English",
    "Finnish",
    "French",
    "German",
    "Greek",
    "Hungarian",
    "Italian",
    "Japanese",
    "Korean",
    "Norwegian",
    "Polish",
    "Portuguese",
    "Russian",
    "Spanish",
    "Swedish",
    "Turkish",
    "Ukrainian",
    "Welsh",
];

/// Words before a language that make it one: "in French", "speak English".
const LANGUAGE_BEFORE: &[&str] = &[
    "fluent",
    "in",
    "into",
    "learn",
    "learning",
    "speak",
    "speaking",
    "speaks",
    "spoke",
    "taught",
    "translated",
];

/// Words after that leave it a language ("written in English by"), where a
/// noun would make it the adjective ("in French waters").
const LANGUAGE_AFTER: &[&str] = &["as", "at", "but", "by", "from", "is", "to", "was", "with"];

/// True when the demonym at `text[start..end]` names a language, not the
/// country: "subtitled in French.", "they speak English at home".
pub fn demonym_as_language(text: &str, start: usize, end: usize) -> bool {
    if !LANGUAGES.contains(&&text[start..end]) {
        return false;
    }
    let cue = last_word(text[..start].trim_end())
        .is_some_and(|w| LANGUAGE_BEFORE.contains(&w.to_lowercase().as_str()));
    cue && next_word(&text[end..]).is_none_or(|w| LANGUAGE_AFTER.contains(&w))
}

/// The capitalised word directly before `text[..start]` when it follows a
/// lower-case word, so is not a sentence's first word: "Cleveland" in "beat
/// the Cleveland Indians". A place's plural demonym after such a word is a
/// team's name.
pub fn name_before(text: &str, start: usize) -> Option<&str> {
    let before = text[..start].strip_suffix(' ')?;
    let word = last_word(before)?;
    let rest = before[..before.len() - word.len()].strip_suffix(' ')?;
    let prev = last_word(rest)?;
    (word.starts_with(char::is_uppercase) && prev.starts_with(char::is_lowercase)).then_some(word)
}
