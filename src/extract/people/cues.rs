//! More evidence that a capitalised pair is a person's full name, for the
//! shapes of recent web news whose given names no list can hold: sports
//! reports ("Browns pass rusher Myles Garrett", "Vasek Pospisil edged Reilly
//! Opelka"), a possessive apposition ("Sonya Zoghlin, Carlineo's attorney,"),
//! a middle initial ("Sonya A. Zoghlin") and the Chinese surname "He".

use super::Scan;
use super::tokens::{Gap, Shape};

/// Positions written before a player's name, as whole lower-case phrases:
/// single words that are also everyday words ("back", "end") only count as
/// part of a phrase.
const POSITIONS: &[&str] = &[
    "center back",
    "centre back",
    "defensive back",
    "defensive end",
    "defensive lineman",
    "defensive tackle",
    "left back",
    "left tackle",
    "offensive lineman",
    "offensive tackle",
    "pass rusher",
    "point guard",
    "power forward",
    "relief pitcher",
    "right back",
    "right tackle",
    "running back",
    "shooting guard",
    "small forward",
    "starting pitcher",
    "tight end",
    "wide receiver",
];

/// Single-word positions that are not everyday role nouns elsewhere, so they
/// vouch only for a full name after them ("Pittsburgh center Maurkice Pouncey").
const POSITION_WORDS: &[&str] = &[
    "center",
    "centre",
    "cornerback",
    "guard",
    "linebacker",
    "lineman",
    "receiver",
    "rusher",
    "tailback",
];

/// Last words of venues named after a person or sponsor ("Heinz Field"), which
/// are places when a preposition of place stands before them.
const VENUES: &[&str] = &[
    "Bowl", "Coliseum", "Dome", "Field", "Garden", "Hall", "Oval", "Park", "Pavilion", "Speedway",
];

/// Abbreviated American football and baseball positions ("Browns DL Sheldon Richardson").
const POSITION_ABBREVIATIONS: &[&str] = &[
    "CB", "DB", "DE", "DL", "DT", "LB", "OL", "OT", "QB", "RB", "RHP", "LHP", "TE", "WR",
];

/// Verbs of a result between two players ("Denis Shapovalov defeated Taylor
/// Fritz"), as lower-case phrases.
const RESULTS: &[&str] = &[
    "beat",
    "beats",
    "breezed past",
    "cruised past",
    "defeated",
    "defeats",
    "downed",
    "eased past",
    "edged",
    "edged out",
    "edges",
    "eliminated",
    "fell to",
    "had beaten",
    "has beaten",
    "knocked out",
    "lost to",
    "loses to",
    "outlasted",
    "overcame",
    "ousted",
    "rallied past",
    "routed",
    "saw off",
    "sees off",
    "stunned",
    "swept past",
    "thrashed",
    "topped",
    "upset",
    "was beaten by",
];

/// Verbs of one person taking over from another ("Rahmani Fazli is
/// succeeding Mohsen Bakhtiar"), as lower-case phrases: between two names
/// they vouch for both as [`RESULTS`] do.
const SUCCESSIONS: &[&str] = &[
    "is replacing",
    "is succeeding",
    "replaced",
    "replaces",
    "succeeded",
    "succeeds",
    "will replace",
    "will succeed",
];

impl Scan<'_, '_> {
    /// Whether a sports or apposition shape vouches for the full name `a..b`
    /// (titles from `from`).
    pub(super) fn more_cues(&self, from: usize, a: usize, b: usize) -> bool {
        self.position_before(from)
            || self.result_around(from, b)
            || self.possessive_role_after(b)
            || self.middle_initial(a, b)
    }

    /// The lower-case phrase of `words.len()` tokens starting at `i`, joined
    /// by single spaces, matches one of `list`.
    fn phrase_at(&self, i: usize, len: usize, list: &[&str]) -> bool {
        if i + len > self.toks.len() {
            return false;
        }
        let toks = &self.toks[i..i + len];
        if toks.iter().any(|t| t.shape != Shape::Lower || t.possessive)
            || toks[1..].iter().any(|t| t.gap != Gap::Space)
        {
            return false;
        }
        // Only white space lies between tokens joined by `Gap::Space`, and a
        // token holds none, so the phrase matches when its words, split at
        // single spaces, are the tokens' texts in order: compared in place,
        // without splitting every phrase of the list at every call, and only
        // for phrases of the joined length.
        let joined_len: usize = toks
            .iter()
            .map(|t| (t.end - t.start) as usize)
            .sum::<usize>()
            + len
            - 1;
        list.iter()
            .any(|p| p.len() == joined_len && is_joined(p, toks.iter().map(|t| t.text(self.unit))))
    }

    /// "pass rusher Myles Garrett", "DL Sheldon Richardson".
    fn position_before(&self, from: usize) -> bool {
        if from == 0 || self.toks[from].gap != Gap::Space {
            return false;
        }
        let prev = &self.toks[from - 1];
        if prev.shape == Shape::Upper && !prev.possessive {
            return POSITION_ABBREVIATIONS.contains(&self.text(from - 1));
        }
        self.phrase_at(from - 1, 1, POSITION_WORDS)
            || from >= 2
                && self.toks[from - 1].gap == Gap::Space
                && self.phrase_at(from - 2, 2, POSITIONS)
    }

    /// "at Heinz Field", "in Kenny Park": a venue, not a person.
    pub(super) fn venue(&self, from: usize, b: usize) -> bool {
        let last = &self.toks[b - 1];
        from > 0
            && b - from >= 2
            && !last.possessive
            && VENUES.contains(&self.text(b - 1))
            && self.toks[from].gap == Gap::Space
            && matches!(
                self.text(from - 1),
                "at" | "in" | "inside" | "outside" | "into"
            )
    }

    /// A result verb between this name and another capitalised pair, either side.
    fn result_around(&self, from: usize, b: usize) -> bool {
        let pair_at = |i: usize| {
            i + 1 < self.toks.len()
                && self.toks[i].shape == Shape::Cap
                && !self.toks[i].possessive
                && self.toks[i + 1].gap == Gap::Space
                && matches!(self.toks[i + 1].shape, Shape::Cap | Shape::Initial)
                && (i..i + 2).all(|k| self.nameish(k) && !self.is_place(k) && !self.org_at(k))
        };
        // After: "Vasek Pospisil edged Reilly Opelka".
        if b < self.toks.len() && self.toks[b].gap == Gap::Space && !self.toks[b - 1].possessive {
            for len in 1..=3 {
                let next = b + len;
                if (self.phrase_at(b, len, RESULTS) || self.phrase_at(b, len, SUCCESSIONS))
                    && next < self.toks.len()
                    && self.toks[next].gap == Gap::Space
                    && pair_at(next)
                {
                    return true;
                }
            }
        }
        // "Maximo Gonzalez and Leonardo Mayer topped Jarry": a doubles pair.
        let n = self.toks.len();
        if b + 4 < n
            && self.text(b) == "and"
            && self.toks[b].gap == Gap::Space
            && self.toks[b + 1].gap == Gap::Space
            && pair_at(b + 1)
            && self.toks[b + 3].gap == Gap::Space
            && (1..=3).any(|len| {
                self.phrase_at(b + 3, len, RESULTS)
                    && self
                        .toks
                        .get(b + 3 + len)
                        .is_some_and(|t| t.gap == Gap::Space && t.shape == Shape::Cap)
            })
        {
            return true;
        }
        // "Kukushkin had beaten Botic van de Zanschulp 6-2": one surname is enough
        // on the other side when a score follows.
        let single_at = |i: usize| {
            let t = &self.toks[i];
            t.shape == Shape::Cap
                && !t.possessive
                && self.nameish(i)
                && !self.is_place(i)
                && !self.org_at(i)
                && (!t.sent_start || !self.common_word(i))
        };
        let score_after = self.unit[self.toks[b - 1].end as usize..]
            .trim_start()
            .split(|c: char| c.is_whitespace() || c == ',')
            .next()
            .is_some_and(|w| {
                w.split_once('-').is_some_and(|(x, y)| {
                    [x, y].iter().all(|d| {
                        !d.is_empty() && d.len() <= 2 && d.bytes().all(|c| c.is_ascii_digit())
                    })
                })
            });
        // Before: "Denis Shapovalov defeated Taylor Fritz".
        if from > 0 && self.toks[from].gap == Gap::Space {
            for len in 1..=3 {
                let Some(start) = from.checked_sub(len) else {
                    break;
                };
                if start >= 1
                    && self.phrase_at(start, len, RESULTS)
                    && self.toks[start].gap == Gap::Space
                    && (start >= 2 && pair_at(start - 2) || score_after && single_at(start - 1))
                {
                    return true;
                }
            }
        }
        false
    }

    /// "Sonya Zoghlin, Carlineo's attorney,", "Liu He, China's top trade negotiator".
    fn possessive_role_after(&self, b: usize) -> bool {
        let Some(owner) = self.toks.get(b) else {
            return false;
        };
        if owner.gap != Gap::Comma || owner.shape != Shape::Cap || !owner.possessive {
            return false;
        }
        self.toks[b + 1..]
            .iter()
            .enumerate()
            .take(4)
            .take_while(|(_, t)| t.gap == Gap::Space && t.shape == Shape::Lower)
            .any(|(k, _)| self.lex.is_role(self.text(b + 1 + k)))
    }

    /// "Sonya A. Zoghlin": given name, initial with a stop, surname.
    fn middle_initial(&self, a: usize, b: usize) -> bool {
        b - a == 3
            && self.toks[a].shape == Shape::Cap
            && self.toks[a + 1].shape == Shape::Initial
            && self.unit.as_bytes().get(self.toks[a + 1].end as usize) == Some(&b'.')
            && self.toks[a + 2].shape == Shape::Cap
            && !self.is_place(a)
            && !self.is_place(a + 2)
            && !self.role_at(a)
    }

    /// "He" as the Chinese surname, not the pronoun: capitalised mid-sentence
    /// at the end of a name ("Liu He said"), or starting one that a verb of
    /// saying or an apposition follows ("He Jianxiong, the former director").
    #[inline(always)]
    pub(super) fn he_surname(&self, i: usize) -> bool {
        // Asked of nearly every token: all but two-byte words are turned away
        // here, without a call.
        let t = &self.toks[i];
        t.end - t.start == 2
            && self.unit.as_bytes()[t.start as usize] == b'H'
            && self.he_surname_of_pair(i)
    }

    /// [`Self::he_surname`] of a two-byte token.
    #[inline(never)]
    fn he_surname_of_pair(&self, i: usize) -> bool {
        if self.text(i) != "He" {
            return false;
        }
        let t = &self.toks[i];
        let next_cap = |j: usize| {
            self.toks.get(j).is_some_and(|n| {
                n.gap == Gap::Space && matches!(n.shape, Shape::Cap | Shape::Initial)
            })
        };
        if !t.sent_start {
            return i > 0
                && t.gap == Gap::Space
                && self.toks[i - 1].shape == Shape::Cap
                && !self.toks[i - 1].possessive
                && !next_cap(i + 1);
        }
        let j = i + 1;
        next_cap(j)
            && self.toks[j].shape == Shape::Cap
            && self.nameish(j)
            && self.given_at(j).is_none()
            && !self.known_first_at(j)
            && !self.is_place(j)
            && !self.toks[j].possessive
            && !next_cap(j + 1)
            && self.cue(i, j + 1)
    }
}

/// True when `phrase` is `words` joined by single spaces.
fn is_joined<'w>(phrase: &str, words: impl Iterator<Item = &'w str>) -> bool {
    let mut rest = phrase.as_bytes();
    for (k, w) in words.enumerate() {
        if k > 0 {
            match rest.split_first() {
                Some((b' ', r)) => rest = r,
                _ => return false,
            }
        }
        match rest.strip_prefix(w.as_bytes()) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use crate::extract::Doc;
    use crate::extract::people::PeopleFinder;

    fn names(units: &[&str]) -> Vec<String> {
        let doc = Doc {
            units: units.to_vec(),
        };
        let mut v: Vec<String> = PeopleFinder::builtin()
            .find(&doc, &[])
            .into_iter()
            .map(|p| p.name)
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn result_verbs_and_positions_make_players_of_unknown_names() {
        assert_eq!(
            names(&["Vasek Pospisil edged Reilly Opelka 7-6 (5), 7-6 (7) on Friday."]),
            ["Reilly Opelka", "Vasek Pospisil"]
        );
        assert_eq!(
            names(&[
                "It was a fight for Browns pass rusher Myles Garrett and Pittsburgh center Maurkice Pouncey."
            ]),
            ["Maurkice Pouncey", "Myles Garrett"]
        );
        assert_eq!(
            names(&["Earlier Kukushkin had beaten Botic van de Zanschulp 6-2, 6-2."]),
            ["Botic van de Zanschulp"]
        );
        assert_eq!(
            names(&["It was decided when Zorvan Quimbel and Leonardo Mayer topped Jarry."]),
            ["Leonardo Mayer", "Zorvan Quimbel"]
        );
        // A result between places or clubs names no one.
        assert!(names(&["The United States beat El Salvador 3-1 in a friendly."]).is_empty());
    }

    #[test]
    fn appositions_initials_and_the_surname_he() {
        assert_eq!(
            names(&["Sonya Zoghlin, Carlineo's attorney, told reporters."]),
            ["Sonya Zoghlin"]
        );
        assert_eq!(
            names(&["Zorvan A. Quimbel left early."]),
            ["Zorvan A. Quimbel"]
        );
        assert_eq!(
            names(&["He met Liu He, China's top trade negotiator, on Friday."]),
            ["Liu He"]
        );
        assert_eq!(
            names(&["He Jianxiong, the former executive director, said so."]),
            ["He Jianxiong"]
        );
        // The pronoun stays a pronoun.
        assert!(names(&["He Said It Was Over", "He went home."]).is_empty());
    }

    #[test]
    fn a_date_before_the_comma_does_not_hide_the_apposition() {
        assert_eq!(
            names(&["In a letter in May, Zippy Duvall, the president of the bureau, said so."]),
            ["Zippy Duvall"]
        );
        // An item of a list is not vouched for by the next item's article.
        assert!(
            names(&["The Energy Trust, Agricultural Wages Boards, the Wine Board."]).is_empty()
        );
    }

    #[test]
    fn hyphenated_given_names_and_forms_of_one_name() {
        assert_eq!(
            names(&["Then Pierre-Hugues Quimbel said so."]),
            ["Pierre-Hugues Quimbel"]
        );
        assert_eq!(
            names(&[
                "Patrick Quimbel Jr., 55, pleaded guilty.",
                "Pat Quimbel is passionate, his lawyer said.",
                "The sentencing of Patrick W. Quimbel was on Friday. Quimbel left.",
            ]),
            ["Patrick W. Quimbel"]
        );
    }

    #[test]
    fn phrases_match_whole_words_in_order() {
        use super::is_joined;
        let joined = |p: &str, w: &[&str]| is_joined(p, w.iter().copied());
        assert!(joined("pass rusher", &["pass", "rusher"]));
        assert!(joined("beat", &["beat"]));
        assert!(!joined("pass rusher", &["pass"]));
        assert!(!joined("beat", &["beats"]));
        assert!(!joined("beats", &["beat"]));
        assert!(!joined("pass rusher", &["pass", "rusher", "x"]));
        assert!(!joined("passrusher", &["pass", "rusher"]));
    }

    #[test]
    fn venues_and_heading_gerunds_are_not_people() {
        assert!(names(&["We have this great aura at Heinz Field, he said."]).is_empty());
        assert!(names(&["Questioning Vindman's judgment"]).is_empty());
    }
}
