//! Word tokens with their shape and what separates them, found without
//! allocating: the finder only ever looks at slices of the unit.

use crate::extract::words;

/// The capitalisation of a token, which is most of what decides whether it can
/// be part of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// "Keir", "O’Brien", "McDonald", "al-Assad": can be a name word.
    Cap,
    /// "W." in "George W. Bush": a name word only inside a name.
    Initial,
    /// "NATO", "US", "MP": never a name word, may be a title.
    Upper,
    /// "said", "von", "prime": never a name word, may be a particle or a title.
    Lower,
    /// Digits and anything else.
    Other,
}

/// What lies between a token and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Only white space: the two may belong to one name.
    Space,
    /// A comma (apposition: "the foreign secretary, David Lammy").
    Comma,
    /// Any other punctuation, or the start of the unit.
    Hard,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub start: u32,
    /// End of the word, before any possessive "’s".
    pub end: u32,
    pub shape: Shape,
    pub gap: Gap,
    /// The word carried a possessive ("Keir’s"), so a name ends here.
    pub possessive: bool,
    /// The word starts a sentence (or a quote, heading or the unit), so its
    /// capital says nothing about it being a name.
    pub sent_start: bool,
}

impl Token {
    pub fn text<'a>(&self, unit: &'a str) -> &'a str {
        &unit[self.start as usize..self.end as usize]
    }
}

/// The tokens of every unit of an article, in one vector for the article:
/// unit `u`'s are `toks[ends[u - 1]..ends[u]]`.
#[derive(Debug, Default)]
pub struct Tokens {
    toks: Vec<Token>,
    ends: Vec<u32>,
}

impl Tokens {
    /// Every token of the article, unit after unit.
    pub(super) fn all(&self) -> &[Token] {
        &self.toks
    }

    /// Where unit `u`'s tokens are in [`Tokens::all`].
    pub(super) fn range(&self, u: usize) -> std::ops::Range<usize> {
        let end = self.ends.get(u).map_or(0, |&e| e as usize);
        let start = match u {
            0 => 0,
            _ => self.ends.get(u - 1).map_or(end, |&e| e as usize),
        };
        start..end
    }
}

/// The people tokens and the phrase sets' words of every one of `units`,
/// in one pass over their bytes (see [`tokenize`]).
pub fn scan(units: &[&str]) -> (Tokens, words::UnitWords) {
    // About one token and one word per six bytes of news text: one
    // allocation each, not a dozen.
    let size = units.iter().map(|u| u.len()).sum::<usize>() / 5 + 1;
    let mut tokens = Tokens {
        toks: Vec::with_capacity(size),
        ends: Vec::with_capacity(units.len()),
    };
    let mut words = words::UnitWords {
        words: Vec::with_capacity(size),
        ends: Vec::with_capacity(units.len()),
    };
    for unit in units {
        tokenize(unit, &mut tokens.toks, &mut words.words);
        tokens.ends.push(tokens.toks.len() as u32);
        words.ends.push(words.words.len() as u32);
    }
    (tokens, words)
}

/// Abbreviated titles written with a full stop in US style ("Mr.", "Sen."):
/// the stop neither ends the sentence nor separates the title from the name.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "Rev",
    "St", "Jr", "Sr", "Maj", "Adm", "Supt", "Insp", "Cmdr", "Pres",
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '‐'
}

/// The character at byte `i` of `s` and its length; ASCII without decoding.
#[inline]
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((b as char, 1));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// What an ASCII byte between words does to the token after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter or digit: a word starts.
    Word,
    /// White space: nothing.
    Space,
    /// A comma: apposition, if only spaces came before it.
    Comma,
    /// Punctuation that ends a sentence or opens a quote or bracket.
    Stop,
    /// Any other punctuation.
    Mark,
}

/// [`Class`] of every ASCII byte, so the gap between words costs one load a byte.
static CLASS: [Class; 128] = {
    let mut table = [Class::Mark; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            match c {
                // `char::is_whitespace` of ASCII: tab to carriage return, and space.
                b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => Class::Space,
                b',' => Class::Comma,
                b'.' | b'!' | b'?' | b':' | b';' | b'"' | b'(' | b'[' | b'|' => Class::Stop,
                _ => Class::Mark,
            }
        };
        b += 1;
    }
    table
};

/// True when a word character starts at byte `i` of `unit`.
#[inline]
fn word_char_at(unit: &str, i: usize) -> bool {
    char_at(unit, i).is_some_and(|(c, _)| is_word_char(c))
}

/// Splits `unit` into word tokens, appended to `out`, and appends its words
/// (for the phrase sets, see [`words::Words`]) to `words`: both come from
/// one pass over the bytes. Every word starts a token (the gaps between
/// tokens hold no word character), and a token's bytes are its words joined
/// by apostrophes, hyphens or an abbreviation's full stops: the words of a
/// plain token are the token itself, those of any other are found in its
/// bytes alone.
pub fn tokenize(unit: &str, out: &mut Vec<Token>, words: &mut Vec<words::Word>) {
    let bytes = unit.as_bytes();
    let n = bytes.len();
    let mut pos = 0;
    let mut gap = Gap::Hard;
    let mut sent_start = true;
    while pos < n {
        let start = pos;
        let b = bytes[pos];
        if b < 0x80 {
            pos += 1;
            // Spaces first, the commonest byte between words, before the
            // match: a jump for every byte costs more in mispredicted jumps
            // than it saves.
            let class = CLASS[b as usize];
            if class == Class::Space {
                continue;
            }
            match class {
                Class::Word => {}
                Class::Space => continue,
                Class::Comma => {
                    if gap == Gap::Space {
                        gap = Gap::Comma;
                    }
                    continue;
                }
                Class::Stop => {
                    gap = Gap::Hard;
                    sent_start = true;
                    continue;
                }
                Class::Mark => {
                    gap = Gap::Hard;
                    continue;
                }
            }
        } else {
            let Some((c, len)) = char_at(unit, pos) else {
                break;
            };
            pos += len;
            if !c.is_alphanumeric() {
                if c.is_whitespace() {
                    continue;
                }
                gap = Gap::Hard;
                if matches!(c, '“' | '”' | '‘' | '•' | '–' | '—') {
                    sent_start = true;
                }
                continue;
            }
        }
        // A word from `start`, its first character taken. Most words are
        // under eight ASCII letters and digits, ended by a space or by
        // punctuation that neither joins (an apostrophe, a hyphen) nor may be
        // its full stop: their token and their one word come from the eight
        // bytes that hold them.
        if b < 0x80
            && let Some((len, x)) = words::short_ascii_run(bytes, start)
        {
            let end = start + len;
            let d = bytes[end];
            if d < 0x80 && !matches!(d, b'\'' | b'-' | b'.') {
                words.push(words::short_word(start, len, x));
                out.push(Token {
                    start: start as u32,
                    end: end as u32,
                    shape: short_shape(x, len),
                    gap,
                    possessive: false,
                    sent_start,
                });
                gap = Gap::Space;
                sent_start = false;
                // A space after it changes nothing: step over it too.
                pos = if d == b' ' { end + 1 } else { end };
                continue;
            }
        }
        // Any other word ASCII letters and digits ended the same way has its
        // token (and its one word) made here, and any other word's by
        // `general_word`, out of line, so this loop keeps its values in
        // registers.
        let first = if b < 0x80 {
            words::ascii_word(bytes, start)
        } else {
            None
        };
        let end = match first {
            Some(w) => w.end as usize,
            None => words::ascii_word_end(bytes, pos),
        };
        let general = b >= 0x80
            || bytes
                .get(end)
                .is_some_and(|&d| d >= 0x80 || matches!(d, b'\'' | b'-' | b'.'));
        let (next, word_end, shape, possessive) = if general {
            let token = general_word(unit, start, pos);
            // The first word is known when an ASCII byte ended it.
            let from = match first {
                Some(w) => {
                    words.push(w);
                    end
                }
                None => start,
            };
            words::push_words(unit, from, token.0, words);
            token
        } else {
            words.push(first.unwrap_or_else(|| words::word(bytes, start, end)));
            (end, end, plain_shape(&bytes[start..end]), false)
        };
        out.push(Token {
            start: start as u32,
            end: word_end as u32,
            shape,
            gap,
            possessive,
            sent_start,
        });
        gap = Gap::Space;
        sent_start = false;
        pos = next;
    }
}

/// The shape of a word of ASCII letters and digits with no full stop after
/// it: [`ascii_shape`], and a lone capital other than "A" or "I" is an
/// initial ("George W Bush"), as in [`general_word`].
#[inline]
fn plain_shape(word: &[u8]) -> Shape {
    match ascii_shape(word) {
        Shape::Upper if word.len() == 1 => {
            if word == b"A" || word == b"I" {
                Shape::Other
            } else {
                Shape::Initial
            }
        }
        shape => shape,
    }
}

/// [`plain_shape`] of a word of `len` ASCII letters and digits, 1 to 7 of
/// them, `x` its bytes with zeros past it: every byte at once.
#[inline(always)]
fn short_shape(x: u64, len: usize) -> Shape {
    let first = x as u8;
    if first.is_ascii_lowercase() {
        return Shape::Lower;
    }
    if !first.is_ascii_uppercase() {
        return Shape::Other;
    }
    if len == 1 {
        // "A", "I" are words; another capital alone is an initial.
        return if first == b'A' || first == b'I' {
            Shape::Other
        } else {
            Shape::Initial
        };
    }
    let (upper, lower) = (words::within(x, b'A', b'Z'), words::within(x, b'a', b'z'));
    // Every byte but the first and the last is a capital: "MPs" is then a
    // plural acronym.
    let middle = words::HIGH & !(u64::MAX << (8 * (len - 1))) & !0xff;
    let capitals = upper & middle == middle;
    let acronym_plural = len >= 3 && (x >> (8 * (len - 1))) as u8 == b's' && capitals;
    if lower != 0 && !acronym_plural {
        Shape::Cap
    } else {
        Shape::Upper
    }
}

/// The token of any word: the word starts at `start` and its first
/// character ends at `pos`. Returns where the scan goes on, where the word
/// ends (before a possessive), its shape and whether it had a possessive.
#[inline(never)]
fn general_word(unit: &str, start: usize, mut pos: usize) -> (usize, usize, Shape, bool) {
    let bytes = unit.as_bytes();
    // A word from `start`, its first character taken: alphanumerics
    // joined by inner apostrophes and hyphens. Nearly every word is only
    // ASCII letters and digits (`plain`): it holds no possessive, and its
    // shape needs no decoding.
    let mut plain = bytes[start] < 0x80;
    loop {
        pos = words::ascii_word_end(bytes, pos);
        let Some(&d) = bytes.get(pos) else {
            break;
        };
        if d == b'\'' || d == b'-' {
            // Joiner only when a word character follows it.
            if word_char_at(unit, pos + 1) {
                pos += 1;
                plain = false;
                continue;
            }
            break;
        }
        if d < 0x80 {
            break;
        }
        let Some((d, dl)) = char_at(unit, pos) else {
            break;
        };
        if d.is_alphanumeric()
            || ((is_apostrophe(d) || is_hyphen(d)) && word_char_at(unit, pos + dl))
        {
            pos += dl;
            plain = false;
            continue;
        }
        break;
    }
    let end = pos;
    // The word's bytes: a plain word needs no `str` slice (nor its
    // character boundary checks).
    let (word, possessive, mut shape) = if plain {
        let word = &bytes[start..end];
        (word, false, ascii_shape(word))
    } else {
        let mut word = &unit[start..end];
        let possessive = possessive_len(word.as_bytes());
        if possessive > 0 {
            word = &word[..word.len() - possessive];
        }
        (word.as_bytes(), possessive > 0, shape_of(word))
    };
    let word_end = start + word.len();
    // "W." and "Mr." keep their full stop without ending the sentence.
    let dotted = bytes.get(end) == Some(&b'.');
    let mut swallow_dot = false;
    if dotted && !possessive {
        if shape == Shape::Upper && word.len() == 1 {
            shape = Shape::Initial;
            swallow_dot = true;
            // "U.S.", "U.N.": an acronym, not initials.
            let rest = &bytes[end + 1..];
            if rest.len() >= 2 && rest[0].is_ascii_uppercase() && rest[1] == b'.' {
                shape = Shape::Upper;
                let mut k = end + 1;
                while k + 1 < bytes.len() && bytes[k].is_ascii_uppercase() && bytes[k + 1] == b'.' {
                    k += 2;
                }
                pos = k - 1;
            }
        } else if ABBREVIATIONS.iter().any(|a| a.as_bytes() == word) {
            swallow_dot = true;
        }
    }
    // A plain word has one byte a character.
    let one = || {
        if plain {
            word.len() == 1
        } else {
            one_char(&unit[start..word_end])
        }
    };
    if shape == Shape::Upper && !dotted && one() {
        // "A", "I" are words; another capital alone is an initial ("George W Bush").
        shape = if word == b"A" || word == b"I" {
            Shape::Other
        } else {
            Shape::Initial
        };
    }
    if swallow_dot {
        pos += 1;
    }
    (pos, word_end, shape, possessive)
}

/// True when `s` is one character (without counting all of a long one).
pub fn one_char(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some() && chars.next().is_none()
}

/// The length of a possessive "'s" or "’s" (either case) ending `word`
/// after something, else 0; on bytes, as every word is asked.
fn possessive_len(word: &[u8]) -> usize {
    const CURLY: &[u8] = "’".as_bytes();
    match word {
        [.., b'\'', s] if word.len() > 2 && s | 0x20 == b's' => 2,
        [.., a, b, c, s] if word.len() > 4 && [*a, *b, *c] == CURLY && s | 0x20 == b's' => 4,
        _ => 0,
    }
}

/// "Jong-un", "Ki-choo", "Silpa-archa": a short capitalised part, a hyphen
/// and a short lower-case part that is not an English word or participle
/// ("Post-war", "Far-right", "Kremlin-backed").
fn syllable_pair(head: &str, tail: &str) -> bool {
    const ENGLISH: &[&str] = &[
        "war", "right", "left", "wing", "time", "term", "help", "stop", "up", "off", "out", "over",
        "down", "back", "free", "run", "born", "style", "like", "wide", "era", "type", "made",
        "long", "old", "year", "day", "way", "line", "side", "party", "scale", "level", "class",
        "size", "bound", "proof", "known", "page", "point", "end", "house", "hand", "fire", "race",
        "rate", "price", "cost", "mail", "ray", "shirt", "op", "law", "star", "new", "man", "men",
        "all",
    ];
    let head = head.trim_end_matches(is_hyphen);
    let tail = tail.trim_start_matches(is_hyphen);
    let short = |s: &str, max: usize| (2..=max).contains(&s.chars().count());
    short(head, 5)
        && short(tail, 6)
        && tail.chars().all(char::is_lowercase)
        && !tail.ends_with("ed")
        && !tail.ends_with("ing")
        && !tail.ends_with("ly")
        && !ENGLISH.contains(&tail)
}

/// [`shape_of`] for a word of ASCII letters and digits only, which needs no
/// check for hyphens or other characters.
#[inline]
fn ascii_shape(word: &[u8]) -> Shape {
    let Some((&first, rest)) = word.split_first() else {
        return Shape::Other;
    };
    if first.is_ascii_uppercase() {
        let lower = rest.iter().any(u8::is_ascii_lowercase);
        // Every byte but the last is a capital: "MPs" is then a plural acronym.
        let capitals = rest.len() < 2 || rest[..rest.len() - 1].iter().all(u8::is_ascii_uppercase);
        let acronym_plural = word.len() >= 3 && word.ends_with(b"s") && capitals;
        if lower && !acronym_plural {
            Shape::Cap
        } else {
            Shape::Upper
        }
    } else if first.is_ascii_lowercase() {
        Shape::Lower
    } else {
        Shape::Other
    }
}

fn shape_of(word: &str) -> Shape {
    // Nearly every word is ASCII without a hyphen: decide it in one pass over
    // its bytes, and leave the rest to the general rule.
    let bytes = word.as_bytes();
    let Some((&first, rest)) = bytes.split_first() else {
        return Shape::Other;
    };
    if first.is_ascii_uppercase() {
        let mut lower = false;
        // Every byte but the last is a capital: "MPs" is then a plural acronym.
        let mut capitals = true;
        for (i, &c) in rest.iter().enumerate() {
            if c >= 0x80 || c == b'-' {
                return shape_of_chars(word);
            }
            lower |= c.is_ascii_lowercase();
            capitals &= i + 1 == rest.len() || c.is_ascii_uppercase();
        }
        let acronym_plural = bytes.len() >= 3 && bytes.ends_with(b"s") && capitals;
        if lower && !acronym_plural {
            Shape::Cap
        } else {
            Shape::Upper
        }
    } else if first.is_ascii_lowercase() && rest.iter().all(|&c| c < 0x80 && c != b'-') {
        Shape::Lower
    } else if first < 0x80 && !first.is_ascii_lowercase() {
        Shape::Other
    } else {
        shape_of_chars(word)
    }
}

/// [`shape_of`] for any word, a character at a time.
fn shape_of_chars(word: &str) -> Shape {
    let Some(first) = word.chars().next() else {
        return Shape::Other;
    };
    if first.is_uppercase() {
        let mut lower = false;
        let mut after_hyphen = false;
        for (i, c) in word.char_indices().skip(1) {
            if after_hyphen && c.is_lowercase() {
                // "Iranian-backed", "Anglo-owned": an adjective, not a name;
                // but "Kim Jong-un", "Lee Ki-choo" are names.
                let (head, tail) = word.split_at(i);
                if !syllable_pair(head, tail) {
                    return Shape::Other;
                }
            }
            after_hyphen = is_hyphen(c);
            lower |= c.is_lowercase();
        }
        // "ISPs", "MPs": a plural acronym.
        let acronym_plural = word.ends_with('s')
            && word.len() >= 3
            && word[..word.len() - 1].chars().all(char::is_uppercase);
        if lower && !acronym_plural {
            Shape::Cap
        } else {
            Shape::Upper
        }
    } else if first.is_lowercase() {
        // "al-Assad", "el-Sisi", "bin-Laden": a lower-case particle joined to a name.
        if let Some(pos) = word.find(is_hyphen) {
            let rest = &word[pos..];
            let mut rest_chars = rest.chars();
            rest_chars.next();
            if pos <= 3 && rest_chars.next().is_some_and(char::is_uppercase) {
                return Shape::Cap;
            }
        }
        Shape::Lower
    } else {
        Shape::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::words::words_plain;

    fn toks(s: &str) -> Vec<(String, Shape, Gap, bool, bool)> {
        let mut out = Vec::new();
        tokenize(s, &mut out, &mut Vec::new());
        out.iter()
            .map(|t| {
                (
                    t.text(s).to_string(),
                    t.shape,
                    t.gap,
                    t.possessive,
                    t.sent_start,
                )
            })
            .collect()
    }

    #[test]
    fn possessives_are_stripped_straight_and_curly() {
        let t = toks("Sir Keir’s visit and Trump's plan");
        assert_eq!(t[1].0, "Keir");
        assert!(t[1].3);
        assert_eq!(t[4].0, "Trump");
        assert!(t[4].3);
    }

    #[test]
    fn apostrophes_and_hyphens_join_names() {
        let t = toks("Robert O’Brien met Jean-Claude Juncker and Bashar al-Assad.");
        assert_eq!(t[1].0, "O’Brien");
        assert_eq!(t[1].1, Shape::Cap);
        assert_eq!(t[3].0, "Jean-Claude");
        assert_eq!(t[7].0, "al-Assad");
        assert_eq!(t[7].1, Shape::Cap);
    }

    #[test]
    fn hyphenated_given_names_are_names_but_compound_adjectives_are_not() {
        for name in ["Jong-un", "Ki-choo", "Silpa-archa", "Jae-in"] {
            assert_eq!(shape_of(name), Shape::Cap, "{name}");
        }
        for word in [
            "Kremlin-backed",
            "Post-war",
            "Far-right",
            "Labour-run",
            "Anti-ageing",
        ] {
            assert_eq!(shape_of(word), Shape::Other, "{word}");
        }
    }

    #[test]
    fn possessive_suffixes() {
        for (word, len) in [
            ("Keir's", 2),
            ("KEIR'S", 2),
            ("Keir’s", 4),
            ("Keir’S", 4),
            ("'s", 0),
            ("’s", 0),
            ("x's", 2),
            ("x’s", 4),
            ("Keirs", 0),
            ("Keir'", 0),
            ("Keir‘s", 0),
        ] {
            assert_eq!(possessive_len(word.as_bytes()), len, "{word}");
        }
    }

    #[test]
    fn ascii_shapes_agree_with_the_general_rule() {
        for word in [
            "Keir",
            "ISPs",
            "MPs",
            "Xs",
            "SS",
            "Ss",
            "USA",
            "A",
            "I",
            "W",
            "eBay",
            "iPhone",
            "McDonald",
            "O'Brien",
            "O’Brien",
            "123",
            "4G",
            "said",
            "von",
            "NATO",
            "US",
            "",
            "al-Assad",
            "Jong-un",
            "Post-war",
            "Zürich",
            "ÉCOLE",
            "élan",
        ] {
            assert_eq!(shape_of(word), shape_of_chars(word), "{word:?}");
        }
    }

    #[test]
    fn shapes_of_plain_ascii_words_agree_with_the_general_rule() {
        for word in [
            "Keir", "ISPs", "MPs", "Xs", "SS", "Ss", "USA", "A", "I", "W", "eBay", "iPhone",
            "McDonald", "123", "4G", "said", "NATO", "US", "", "S", "s", "sS", "ABs", "AbS", "ASs",
            "G7", "G7s", "X1s",
        ] {
            assert_eq!(ascii_shape(word.as_bytes()), shape_of(word), "{word:?}");
        }
    }

    #[test]
    fn the_scan_finds_the_words_a_character_at_a_time_does() {
        // Pieces that make every kind of token (plain, long, possessive,
        // hyphenated, initials, acronyms, abbreviations, other scripts) at
        // every offset from the eight-byte chunks, and the end of the text.
        let pieces = [
            "a",
            "Word",
            "Keir",
            "Internationalisation",
            "Parliamentary",
            "2024",
            "é",
            "Zürich",
            "日本語",
            "’",
            "'",
            "“",
            "—",
            "-",
            "‐",
            ".",
            "U.S.",
            "Mr.",
            "W.",
            "O’Brien",
            "al-Assad",
            "Keir's",
            "£5",
            " ",
            ", ",
            "; ",
            "ﬁ",
            "x\u{301}",
            "\u{a0}",
        ];
        let mut next = crate::extract::test_random(3);
        let scan = |text: &str| {
            let mut words = Vec::new();
            tokenize(text, &mut Vec::new(), &mut words);
            words
        };
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next() % 40 {
                text.push_str(pieces[next() % pieces.len()]);
            }
            assert_eq!(scan(&text), words_plain(&text), "{text:?}");
        }
        for pad in 0..20 {
            for piece in pieces {
                let text = format!("{}{piece}{piece} {piece}", "x".repeat(pad));
                assert_eq!(scan(&text), words_plain(&text), "{text:?}");
                let text = format!("{} {piece}.", " ".repeat(pad));
                assert_eq!(scan(&text), words_plain(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn short_shapes_agree_with_the_byte_at_a_time_rule() {
        let alphabet = b"AaBIMSZzsy09";
        let mut next = crate::extract::test_random(11);
        let mut words: Vec<Vec<u8>> = ["A", "I", "W", "a", "0", "MPs", "ISPs", "Ss", "SS", "Xs"]
            .iter()
            .map(|w| w.as_bytes().to_vec())
            .collect();
        for _ in 0..5000 {
            let len = 1 + next() % 7;
            words.push(
                (0..len)
                    .map(|_| alphabet[next() % alphabet.len()])
                    .collect(),
            );
        }
        for word in words {
            let mut x = [0u8; 8];
            x[..word.len()].copy_from_slice(&word);
            assert_eq!(
                short_shape(u64::from_le_bytes(x), word.len()),
                plain_shape(&word),
                "{:?}",
                String::from_utf8_lossy(&word)
            );
        }
    }

    #[test]
    fn words_of_other_scripts_or_before_a_stop_take_the_general_road() {
        // A word led by a non-ASCII letter, last in the text.
        let t = toks("met Émile");
        assert_eq!((t[1].0.as_str(), t[1].1), ("Émile", Shape::Cap));
        // A lone capital: an initial, unless a word, with or without its stop.
        let t = toks("George W Bush, George W. Bush, A man and I");
        assert_eq!(t[1].1, Shape::Initial);
        assert_eq!(t[4].1, Shape::Initial);
        assert_eq!(t[5].2, Gap::Space);
        assert_eq!(t[6].1, Shape::Other);
        assert_eq!(t[9].1, Shape::Other);
        // A trailing apostrophe joins nothing: the word is plain, the gap hard.
        let t = toks("the players' kit");
        assert_eq!(
            (t[1].0.as_str(), t[1].1, t[1].3),
            ("players", Shape::Lower, false)
        );
        assert_eq!(t[2].2, Gap::Hard);
        // Last word of the text, with and without a possessive.
        assert_eq!(toks("Keir")[0].1, Shape::Cap);
        assert!(toks("Keir's")[0].3);
    }

    #[test]
    fn shapes_and_gaps() {
        assert_eq!(toks("ISPs")[0].1, Shape::Upper);
        let t = toks("Iranian-backed NATO, said George W. Bush. Mr. Smith");
        assert_eq!(t[0].1, Shape::Other);
        assert_eq!(t[1].1, Shape::Upper);
        assert_eq!(t[2].2, Gap::Comma);
        assert_eq!(t[4].1, Shape::Initial);
        assert_eq!(t[5].2, Gap::Space, "an initial's stop does not separate");
        assert!(t[6].4, "a full stop starts a sentence");
        assert_eq!(t[7].0, "Smith");
        assert_eq!(t[7].2, Gap::Space);
        assert!(!t[7].4, "Mr. does not end a sentence");
    }
}
