//! The word lists and the gazetteer, parsed once from the compiled-in assets.

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};

use super::tokens::{Gap, Token};
use super::word_table::WordTable;
use crate::extract::words::{Filter, HIGH, ONES, hash, hash_lower, load8, within};

const TITLES: &str = include_str!("../../../assets/titles.txt");
const PEOPLE: &str = include_str!("../../../assets/people.tsv");
const GIVEN_NAMES: &str = include_str!("../../../assets/given_names.txt");
const NOT_PEOPLE: &str = include_str!("../../../assets/not_people.txt");

/// What a title says about the name after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// "Mr", "Dr": the surname follows.
    Honorific,
    /// "Sir", "Dame": the given name may follow alone ("Sir Keir").
    GivenName,
    /// "President", "Foreign Secretary", "Pope": an office.
    Office,
}

#[derive(Debug)]
struct Title {
    /// Lower-case words.
    words: Vec<Cow<'static, str>>,
    kind: TitleKind,
}

/// A well-known person from the gazetteer.
#[derive(Debug)]
pub struct Known {
    pub name: String,
}

/// The finder's compiled-in knowledge.
#[derive(Debug)]
pub struct Lexicon {
    titles: Vec<Title>,
    /// First word of each title (as written, lower-case and capitalised) to
    /// the titles it starts, longest first.
    title_index: FxHashMap<Cow<'static, str>, Vec<usize>>,
    /// The lengths of the `title_index` keys by first byte (bit `len`, or
    /// bit 0 for 32 bytes and more): nearly every word is turned away here
    /// without being hashed.
    title_lens: [u32; 256],
    /// Lower-case nouns that, just before a name, say it is a person's.
    /// (A [`WordTable`] for its filter: most words asked are no role.)
    roles: WordTable,
    /// The lengths of the `roles` by first byte, as `title_lens`.
    role_lens: [u32; 256],
    /// The lengths of the `speech` verbs by first byte, as `title_lens`.
    speech_lens: [u32; 256],
    /// Normalised whole names of organisations and characters ("morgan stanley").
    org_names: FxHashSet<String>,
    /// Places that are not people ("London", "Texas").
    place: FxHashSet<&'static str>,
    /// Lower-case particles inside names ("von der Leyen", "da Silva"):
    /// asked of the word after nearly every name, which its filter turns
    /// away.
    particles: WordTable,
    pub known: Vec<Known>,
    /// Normalised full names and variants to the known person.
    full: FxHashMap<String, u32>,
    /// Normalised bare surnames that alone name one known person ("Putin").
    bare: FxHashMap<String, u32>,
    /// The hashes of every key of `org_names`, `full`, `bare` and
    /// `surnames`: most names are in none, and need not be normalised.
    names: Filter,
    /// Normalised last words of every known name, for titled surnames ("President Putin").
    surnames: FxHashMap<String, Vec<u32>>,
    /// Every word looked up as written, to the [`WordBits`] of the lists
    /// holding it: one lookup answers them all. The lists that are asked
    /// nothing else (head words of organisations, words that are never part
    /// of a name, first words of known names, verbs of saying) exist only
    /// as these bits, and so do the given names (GIVEN, and GIVEN_COMMON
    /// when the name is also a common word: "Will", "May").
    word_bits: WordTable,
}

/// The lists a word is in, as bits (see [`Lexicon::word_bits`]).
pub type WordBits = u16;
pub const WORD: WordBits = 1;
pub const ORG: WordBits = 1 << 1;
pub const ORG_SURNAME: WordBits = 1 << 2;
pub const PLACE: WordBits = 1 << 3;
pub const KNOWN_FIRST: WordBits = 1 << 4;
pub const SPEECH: WordBits = 1 << 5;
/// In the given names (`given` is then `Some`)…
pub const GIVEN: WordBits = 1 << 6;
/// …and also a common word (`given` is `Some(true)`).
pub const GIVEN_COMMON: WordBits = 1 << 7;
/// Starts a title, as written (a key of `title_index`).
pub const TITLE: WordBits = 1 << 8;

/// Lower-cases `s` into `buf`, curly apostrophes made straight and white
/// space collapsed, so lookups ignore quote style.
pub fn normalize_into(s: &str, buf: &mut String) {
    buf.clear();
    // Nearly every name is ASCII with single spaces between its words (none
    // first or last, and no other white space): then only the case changes,
    // in one copy.
    if simple(s.as_bytes()) {
        buf.push_str(s);
        buf.make_ascii_lowercase();
    } else {
        normalize_chars_into(s, buf);
    }
}

/// True when `s` is ASCII without white space but single spaces between
/// words (none first or last), so that [`normalize_chars_into`] would only
/// lower its case. Eight bytes at a step: every name is asked.
fn simple(s: &[u8]) -> bool {
    const LOW: u64 = ONES * 0x7f;
    let (Some(&first), Some(&last)) = (s.first(), s.last()) else {
        return false;
    };
    if first == b' ' || last == b' ' {
        return false;
    }
    // Whether the last byte of the eight before was a space, in bit 7.
    let mut space_before = 0;
    let mut chunks = s.chunks_exact(8);
    let mut clean = |x: u64| {
        if x & HIGH != 0 {
            return false;
        }
        // The high bit of each byte that is a space; of each from '\t' to
        // '\r'. Every byte is below 0x80, so no sum carries into the next.
        let y = x ^ (ONES * u64::from(b' '));
        let spaces = !(((y & LOW) + LOW) | y) & HIGH;
        let controls = within(x, 0x09, 0x0d);
        let doubled = spaces & ((spaces << 8) | space_before);
        space_before = spaces >> 56;
        controls == 0 && doubled == 0
    };
    chunks.by_ref().all(|c| clean(load8(c))) && {
        // The last few bytes, and zeros (neither space nor control) after them.
        let x = chunks
            .remainder()
            .iter()
            .rev()
            .fold(0u64, |x, &b| x << 8 | u64::from(b));
        clean(x)
    }
}

/// [`normalize_into`] for any text, a character at a time.
fn normalize_chars_into(s: &str, buf: &mut String) {
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !buf.is_empty();
            continue;
        }
        if space {
            buf.push(' ');
            space = false;
        }
        match c {
            '’' | '‘' => buf.push('\''),
            '‐' => buf.push('-'),
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// Calls `f` with `word` in lower case, without allocating for short ASCII
/// words (nearly all of them), since the scan asks this of many words.
pub fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    // An ASCII word without capitals (most words asked) is its own lower case.
    if word.bytes().all(|c| c < 0x80 && !c.is_ascii_uppercase()) {
        return f(word);
    }
    let mut buf = [0u8; 40];
    if word.len() <= buf.len() && word.is_ascii() {
        let b = &mut buf[..word.len()];
        b.copy_from_slice(word.as_bytes());
        b.make_ascii_lowercase();
        if let Ok(l) = std::str::from_utf8(b) {
            return f(l);
        }
    }
    f(&word.to_lowercase())
}

pub fn normalize(s: &str) -> String {
    let mut buf = String::new();
    normalize_into(s, &mut buf);
    buf
}

fn capitalise(s: &str) -> String {
    // For ASCII, upper-casing the first character changes only its byte.
    if s.is_ascii() {
        let mut out = s.to_owned();
        if let Some(first) = out.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        return out;
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The bit of [`Lexicon::title_lens`] for a word of `len` bytes.
fn len_bit(len: usize) -> u32 {
    if len < 32 { 1 << len } else { 1 }
}

/// Lines of an asset without comments and blanks.
fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    crate::extract::short_lines(text)
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `s` in lower case, borrowed when it already is (nearly every list entry).
fn lower(s: &'static str) -> Cow<'static, str> {
    // For ASCII text `to_lowercase` changes only the capitals.
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

impl Lexicon {
    pub fn builtin() -> Lexicon {
        // Every table sized once for the compiled-in lists (a little over
        // their sizes): growing a table step by
        // step rehashes it each time, and one too large only costs memory.
        // Lists that grow past these sizes still work; their tables grow.
        let hasher = Default::default;
        let mut lex = Lexicon {
            titles: Vec::with_capacity(190),
            title_index: FxHashMap::with_capacity_and_hasher(300, hasher()),
            title_lens: [0; 256],
            roles: WordTable::with_capacity(340),
            role_lens: [0; 256],
            speech_lens: [0; 256],
            org_names: FxHashSet::with_capacity_and_hasher(130, hasher()),
            place: FxHashSet::with_capacity_and_hasher(500, hasher()),
            particles: WordTable::with_capacity(24),
            known: Vec::with_capacity(560),
            full: FxHashMap::with_capacity_and_hasher(700, hasher()),
            bare: FxHashMap::with_capacity_and_hasher(350, hasher()),
            names: Filter::default(),
            surnames: FxHashMap::with_capacity_and_hasher(600, hasher()),
            word_bits: WordTable::with_capacity(4800),
        };
        lex.load_titles();
        lex.load_not_people();
        // Given names, with their bits: GIVEN, and GIVEN_COMMON when the
        // name is also a common word ("Will*", "May*").
        for line in lines(GIVEN_NAMES) {
            let (name, common) = match line.strip_suffix('*') {
                Some(name) => (name, true),
                None => (line, false),
            };
            // A name listed twice keeps its last mark: GIVEN_COMMON is set
            // by nothing else.
            lex.word_bits.update(name, |bits| {
                (bits & !GIVEN_COMMON) | GIVEN | if common { GIVEN_COMMON } else { 0 }
            });
        }
        lex.load_people(PEOPLE);
        lex
    }

    /// The built-in lexicon plus the people in `rows` (the `people.tsv`
    /// format, already checked by `extract::extra`).
    pub fn with_extra_people(rows: &str) -> Lexicon {
        let mut lex = Lexicon::builtin();
        lex.load_people(rows);
        lex
    }

    /// The [`WordBits`] of `word` as written, with [`Self::given`]'s answer
    /// for a hyphenated given name the list lacks.
    pub fn word_bits(&self, word: &str) -> WordBits {
        let bits = self.word_bits.get(word);
        // Only a hyphenated word can be a given name the list lacks.
        if bits & GIVEN != 0 || !word.bytes().any(|c| c == b'-') {
            return bits;
        }
        match self.hyphenated_given(word) {
            Some(common) => bits | GIVEN | if common { GIVEN_COMMON } else { 0 },
            None => bits,
        }
    }

    /// Adds a role noun (in lower case) and its first byte and length.
    fn add_role(&mut self, role: &str) {
        self.roles.add(role, 1);
        if let Some(&b) = role.as_bytes().first() {
            self.role_lens[usize::from(b)] |= len_bit(role.len());
        }
    }

    fn load_titles(&mut self) {
        let mut section = "";
        for line in lines(TITLES) {
            if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = s;
                continue;
            }
            let kind = match section {
                "honorific" => TitleKind::Honorific,
                "given-name" => TitleKind::GivenName,
                "office" => TitleKind::Office,
                "role" => {
                    self.add_role(&lower(line));
                    continue;
                }
                "particle" => {
                    self.particles.add(line, 1);
                    continue;
                }
                "speech" => {
                    if let Some(&b) = line.as_bytes().first() {
                        self.speech_lens[usize::from(b)] |= len_bit(line.len());
                    }
                    self.word_bits.add(line, SPEECH);
                    continue;
                }
                _ => panic!("assets/titles.txt: unknown section [{section}]"),
            };
            let words: Vec<Cow<'static, str>> = line.split_whitespace().map(lower).collect();
            if words.len() == 1 && kind == TitleKind::Office {
                self.add_role(&words[0]);
            }
            let idx = self.titles.len();
            let first = line.split_whitespace().next().unwrap_or_default();
            // "MP" only as written; "President" also as "president".
            let keys = if first.chars().all(char::is_uppercase) {
                [Some(Cow::Borrowed(first)), None, None]
            } else {
                let lowered = lower(first);
                let capital = match capitalise(&lowered) {
                    c if c == first => Cow::Borrowed(first),
                    c => Cow::Owned(c),
                };
                [Some(Cow::Borrowed(first)), Some(lowered), Some(capital)]
            };
            for key in keys.into_iter().flatten() {
                if let Some(&b) = key.as_bytes().first() {
                    self.title_lens[usize::from(b)] |= len_bit(key.len());
                }
                self.word_bits.add(&key, TITLE);
                let list = self.title_index.entry(key).or_default();
                if !list.contains(&idx) {
                    list.push(idx);
                }
            }
            self.titles.push(Title { words, kind });
        }
        let titles = &self.titles;
        for list in self.title_index.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(titles[i].words.len()));
        }
    }

    fn load_not_people(&mut self) {
        let mut section = "";
        for line in lines(NOT_PEOPLE) {
            if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = s;
                continue;
            }
            if section == "org-name" {
                let norm = normalize(line);
                self.names.insert(hash(norm.as_bytes()));
                self.org_names.insert(norm);
                continue;
            }
            let bit = match section {
                "org" => ORG,
                "surname-org" => ORG_SURNAME,
                "place" => PLACE,
                "word" => WORD,
                _ => panic!("assets/not_people.txt: unknown section [{section}]"),
            };
            for w in line.split_whitespace() {
                if bit == PLACE {
                    self.place.insert(w);
                }
                self.word_bits.add(w, bit);
            }
        }
    }

    /// Adds the people of `rows`.
    fn load_people(&mut self, rows: &str) {
        let mut norm = String::new();
        for (n, line) in crate::extract::short_lines(rows).enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = crate::extract::split_byte(line, b'\t');
            let name = cols.next().unwrap_or_default().trim();
            let variants = cols.next().unwrap_or_default();
            let bare = cols.next().unwrap_or_default();
            assert!(
                !name.is_empty(),
                "assets/people.tsv line {}: no name",
                n + 1
            );
            let id = self.known.len() as u32;
            self.known.push(Known {
                name: name.to_string(),
            });
            let forms = std::iter::once(name).chain(
                crate::extract::split_byte(variants, b'|')
                    .map(str::trim)
                    .filter(|v| !v.is_empty()),
            );
            for form in forms {
                normalize_into(form, &mut norm);
                self.names.insert(hash(norm.as_bytes()));
                // The first person with a form keeps it.
                if !self.full.contains_key(norm.as_str()) {
                    self.full.insert(norm.clone(), id);
                }
                if let Some(first) = form.split_whitespace().next() {
                    self.word_bits.add(first, KNOWN_FIRST);
                }
                // `norm.rsplit(' ').next()`: the last word.
                let last = match norm.bytes().rposition(|b| b == b' ') {
                    Some(k) => &norm[k + 1..],
                    None => &norm[..],
                };
                self.names.insert(hash(last.as_bytes()));
                match self.surnames.get_mut(last) {
                    Some(ids) if ids.contains(&id) => {}
                    Some(ids) => ids.push(id),
                    None => {
                        self.surnames.insert(last.to_string(), vec![id]);
                    }
                }
            }
            for b in crate::extract::split_byte(bare, b'|')
                .map(str::trim)
                .filter(|b| !b.is_empty())
            {
                let key = normalize(b);
                self.names.insert(hash(key.as_bytes()));
                self.bare.insert(key.clone(), id);
                self.surnames.entry(key).or_default().push(id);
            }
        }
        for ids in self.surnames.values_mut() {
            ids.sort_unstable();
            ids.dedup();
        }
    }

    /// The longest title starting at token `i`: how many tokens it spans and its kind.
    #[inline]
    pub fn title_at(&self, unit: &str, toks: &[Token], i: usize) -> Option<(usize, TitleKind)> {
        // The first byte and the length turn nearly every word away, before
        // slicing and without a call.
        let tok = &toks[i];
        let b = *unit.as_bytes().get(tok.start as usize)?;
        if !self.may_start_title(b, (tok.end - tok.start) as usize) {
            return None;
        }
        self.title_from(unit, toks, i)
    }

    /// False when no title starts with a word of this first byte and length.
    #[inline]
    pub fn may_start_title(&self, first: u8, len: usize) -> bool {
        len != 0 && self.title_lens[usize::from(first)] & len_bit(len) != 0
    }

    /// [`Self::title_at`] past its first filter.
    #[inline(never)]
    fn title_from(&self, unit: &str, toks: &[Token], i: usize) -> Option<(usize, TitleKind)> {
        let first = toks[i].text(unit);
        let candidates = self.title_index.get(first)?;
        'outer: for &t in candidates {
            let title = &self.titles[t];
            if i + title.words.len() > toks.len() {
                continue;
            }
            for (k, w) in title.words.iter().enumerate().skip(1) {
                let tok = &toks[i + k];
                if tok.gap != Gap::Space
                    || toks[i + k - 1].possessive
                    || !tok.text(unit).eq_ignore_ascii_case(w)
                {
                    continue 'outer;
                }
            }
            if toks[i + title.words.len() - 1].possessive {
                continue;
            }
            return Some((title.words.len(), title.kind));
        }
        None
    }

    /// False when no verb of saying has this first byte and length (as
    /// written): most words are turned away here without a lookup.
    pub fn may_be_speech(&self, first: u8, len: usize) -> bool {
        self.speech_lens[usize::from(first)] & len_bit(len) != 0
    }

    /// [`Self::is_role`] of `word` in lower case.
    pub fn is_role_lowered(&self, word: &str) -> bool {
        // Lower-casing an ASCII word keeps its length and changes its first
        // byte as `to_ascii_lowercase`: without a hyphen (so no compound), a
        // role of that first byte and length must exist for it to be one.
        // Nor can it be one when the roles' filter turns its lower case away,
        // hashed without lower-casing it.
        let bytes = word.as_bytes();
        // The length test first: it needs no pass over the bytes.
        if let Some(&b) = bytes.first()
            && (self.role_lens[usize::from(b.to_ascii_lowercase())] & len_bit(bytes.len()) == 0
                || !self.roles.may_hold_ascii_lower(bytes))
            && bytes.iter().all(|&c| c < 0x80 && c != b'-')
        {
            return false;
        }
        with_lower(word, |l| self.is_role(l))
    }

    /// A role noun, or a compound ending in one ("writer-director", "ex-minister").
    pub fn is_role(&self, word: &str) -> bool {
        // A byte search: a `char` pattern costs more than these short words.
        self.roles.get(word) != 0
            || word
                .bytes()
                .rposition(|c| c == b'-')
                .is_some_and(|k| self.roles.get(&word[k + 1..]) != 0)
    }
    /// `Some(ambiguous)` when `word` is a given name.
    pub fn given(&self, word: &str) -> Option<bool> {
        self.listed_given(word)
            .or_else(|| self.hyphenated_given(word))
    }

    /// `Some(ambiguous)` when `word` is in the list of given names.
    fn listed_given(&self, word: &str) -> Option<bool> {
        let bits = self.word_bits.get(word);
        (bits & GIVEN != 0).then_some(bits & GIVEN_COMMON != 0)
    }

    /// "Pierre-Hugues", "Jean-Julien": a hyphenated given name that the list
    /// lacks, when its first part is a given name that is not also a common word,
    /// or both parts are given names.
    fn hyphenated_given(&self, word: &str) -> Option<bool> {
        // Asked of nearly every capitalised word: a byte search, not a `char` pattern.
        let k = word.bytes().position(|c| c == b'-')?;
        let (first, second) = (&word[..k], &word[k + 1..]);
        if !second.starts_with(|c: char| c.is_uppercase()) || second.contains('-') {
            return None;
        }
        match (self.listed_given(first)?, self.listed_given(second)) {
            (false, _) | (true, Some(_)) => Some(false),
            (true, None) => None,
        }
    }
    /// False when `normalize(name)` is no organisation and no known
    /// person's name, full, bare or surname: then none of the lookups by a
    /// normalised name can find it. Asked before normalising each name.
    pub fn may_list_name(&self, name: &str) -> bool {
        // A simple name's normal form is its ASCII lower case (see
        // `normalize_into`), whose hash needs no copy; any other name is
        // normalised and looked up.
        !simple(name.as_bytes()) || self.names.may_hold(hash_lower(name.as_bytes()))
    }

    pub fn is_org_name(&self, norm: &str) -> bool {
        self.org_names.contains(norm)
    }
    pub fn is_place(&self, word: &str) -> bool {
        self.place.contains(word)
    }
    pub fn is_particle(&self, word: &str) -> bool {
        self.particles.get(word) != 0
    }
    pub fn known_full(&self, norm: &str) -> Option<u32> {
        self.full.get(norm).copied()
    }
    pub fn known_bare(&self, norm: &str) -> Option<u32> {
        self.bare.get(norm).copied()
    }
    /// The one known person with this surname, if exactly one has it.
    pub fn known_surname(&self, norm: &str) -> Option<u32> {
        match self.surnames.get(norm).map(Vec::as_slice) {
            Some([id]) => Some(*id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_ascii_in_one_copy_agrees_with_the_general_rule() {
        for s in [
            "Keir Starmer",
            "O'Brien",
            "George W. Bush",
            " Keir",
            "Keir ",
            "Keir  Starmer",
            "Keir\tStarmer",
            "Keir\u{b}Starmer",
            "KEIR\u{1c}",
            "O’Brien",
            "Zürich",
            "",
            " ",
        ] {
            let (mut fast, mut slow) = (String::new(), String::new());
            normalize_into(s, &mut fast);
            normalize_chars_into(s, &mut slow);
            assert_eq!(fast, slow, "{s:?}");
        }
    }

    #[test]
    fn a_name_turned_away_by_the_name_filter_is_in_no_list() {
        let lex = Lexicon::with_extra_people("Zyx Quorp\tZ. Quorp|Zyxie Quorp\tQuorpo\n");
        let keys = lex.org_names.iter();
        let keys = keys.chain(lex.full.keys()).chain(lex.bare.keys());
        for k in keys.chain(lex.surnames.keys()) {
            assert!(lex.may_list_name(k), "{k:?}");
            assert!(lex.may_list_name(&k.to_ascii_uppercase()), "{k:?}");
            assert!(lex.may_list_name(&capitalise(k)), "{k:?}");
        }
        // Names made of pieces, some of them listed.
        let pieces = [
            "Quorp",
            "Zyx",
            "Putin",
            "Morgan",
            "Stanley",
            "Smith",
            "Jo",
            "Ann",
            "O’Brien",
        ];
        let mut next = crate::extract::test_random(23);
        let mut turned_away = 0;
        for _ in 0..5000 {
            let words: Vec<&str> = (0..1 + next() % 3)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            let name = words.join(" ");
            if !lex.may_list_name(&name) {
                turned_away += 1;
                let norm = normalize(&name);
                assert!(!lex.is_org_name(&norm), "{name:?}");
                assert_eq!(lex.known_full(&norm), None, "{name:?}");
                assert_eq!(lex.known_bare(&norm), None, "{name:?}");
                assert_eq!(lex.known_surname(&norm), None, "{name:?}");
            }
        }
        assert!(turned_away > 1000, "{turned_away}");
    }

    #[test]
    fn words_are_lowered_as_to_lowercase_does() {
        for w in [
            "said",
            "Said",
            "SAID",
            "iPhone",
            "x",
            "",
            "writer-director",
            "Écrivain",
            "élan",
            "Internationalisation-and-more-than-forty-bytes",
            "INTERNATIONALISATION-AND-MORE-THAN-FORTY",
        ] {
            assert_eq!(with_lower(w, str::to_string), w.to_lowercase(), "{w:?}");
        }
    }

    /// [`simple`] a byte at a time.
    fn simple_plain(s: &[u8]) -> bool {
        let mut after_space = true;
        s.is_ascii()
            && s.last().is_some_and(|&c| c != b' ')
            && s.iter().all(|&c| {
                let bad = (c == b' ' && after_space) || (b'\t'..=b'\r').contains(&c);
                after_space = c == b' ';
                !bad
            })
    }

    #[test]
    fn the_simple_test_eight_bytes_at_a_time_agrees_with_a_byte_at_a_time() {
        let pieces = [
            "Keir",
            " ",
            "  ",
            "W.",
            "\t",
            "\n",
            "\r",
            "\u{b}",
            "\u{c}",
            "\u{8}",
            "\u{e}",
            "\u{1c}",
            "’",
            "é",
            "0",
            "\u{7f}",
            "Internationalisation",
        ];
        let mut next = crate::extract::test_random(5);
        for _ in 0..5000 {
            let mut s = String::new();
            for _ in 0..next() % 12 {
                s.push_str(pieces[next() % pieces.len()]);
            }
            assert_eq!(simple(s.as_bytes()), simple_plain(s.as_bytes()), "{s:?}");
            let (mut fast, mut slow) = (String::new(), String::new());
            normalize_into(&s, &mut fast);
            normalize_chars_into(&s, &mut slow);
            assert_eq!(fast, slow, "{s:?}");
        }
        // A doubled space across each boundary of the eight-byte steps.
        for pad in 1..20 {
            let s = format!("{}  x", "a".repeat(pad));
            assert!(!simple(s.as_bytes()), "{s:?}");
            let s = format!("{} x", "a".repeat(pad));
            assert!(simple(s.as_bytes()), "{s:?}");
        }
    }
}
