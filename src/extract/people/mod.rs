//! People: gazetteer figures and rule-found names, merged per article.
//!
//! One pass over each unit's tokens finds *mentions*: an optional chain of
//! titles ("Prime Minister Sir") followed by a run of capitalised name words
//! ("Keir Starmer"). Each mention is judged on its own evidence (a title, the
//! gazetteer, a known given name, a role word or a verb of saying nearby, a
//! bracketed country or "of" and a country after it); organisation and place
//! words veto it. A unit that is a list of names (a team line-up, a results
//! table) lends the evidence of most of them to all. Then the mentions of one article are
//! merged: full names first, then bare and titled surnames ("Mr Blinken",
//! "Sir Keir") attach to the full name they shorten, so each real person is
//! one [`Person`].

mod cues;
mod facts;
mod forms;
mod lexicon;
mod tokens;
mod word_table;

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Doc, Person, PlaceHit, Span};
use lexicon::{Lexicon, TitleKind, normalize, normalize_into, with_lower};
use tokens::{Gap, Shape, Token};
pub use tokens::{Tokens, scan};

/// Finds and merges the people an article names.
pub struct PeopleFinder {
    lex: Lexicon,
}

/// How sure a lone mention is of being a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    /// A capitalised run with nothing for it; kept only if it matches a person found otherwise.
    Weak,
    /// A title, the gazetteer, a given name or a role: a person by itself.
    Strong,
}

/// "the prime minister": an office named without a name, which counts as a
/// mention of the one person the article gives that title.
#[derive(Debug)]
struct RoleMention {
    span: Span,
    /// The office in lower case ("prime minister").
    role: String,
}

/// One naming of a person in the text.
#[derive(Debug)]
struct Mention<'a> {
    unit: usize,
    /// The surface: capitalised titles and the name.
    surface: (usize, usize),
    /// The name's words (titles excluded), as slices of the unit: a range of
    /// [`Found::words`] (one vector for the article, not one a mention).
    words: std::ops::Range<u32>,
    /// The name as written ("George W. Bush", "Philip van Doren Stern").
    name: &'a str,
    /// The capitalised titles before the name ("Prime Minister Sir").
    titles: &'a str,
    title: Option<TitleKind>,
    known: Option<u32>,
    /// [`Lexicon::given`] of the name's first word, known from the scan.
    given: Option<bool>,
    evidence: Evidence,
    /// A verb of saying or a role stands next to it ("Claxton said").
    cued: bool,
}

impl Mention<'_> {
    fn span(&self) -> Span {
        Span::new(self.unit, self.surface.0, self.surface.1)
    }
}

/// The mentions of an article and the words of their names.
struct Found<'a> {
    mentions: Vec<Mention<'a>>,
    words: Vec<&'a str>,
}

/// The words of `m`'s name, from the article's [`Found::words`].
fn words<'w, 'a>(all: &'w [&'a str], m: &Mention) -> &'w [&'a str] {
    &all[m.words.start as usize..m.words.end as usize]
}

/// `word` with its curly apostrophes made straight: [`same_word`] of two
/// words is the equality of these forms.
fn straight(word: &str) -> Cow<'_, str> {
    // '’' is not ASCII: an ASCII word has none.
    if word.is_ascii() || !word.contains('’') {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.replace('’', "'"))
    }
}

/// Word equality that ignores apostrophe style ("O’Brien" = "O'Brien").
fn same_word(a: &str, b: &str) -> bool {
    // Only '’' changes, and it is not ASCII: ASCII words are the same only when equal.
    if a.is_ascii() && b.is_ascii() {
        return a == b;
    }
    let norm = |c: char| if c == '’' { '\'' } else { c };
    a.chars().map(norm).eq(b.chars().map(norm))
}

impl PeopleFinder {
    pub fn builtin() -> Self {
        PeopleFinder {
            lex: Lexicon::builtin(),
        }
    }

    /// Whether `word` is in the given-name list (as written).
    pub fn given_name(&self, word: &str) -> bool {
        self.lex.given(word).is_some()
    }

    /// The built-in gazetteer plus extra rows in the `assets/people.tsv` format.
    pub fn with_extra(rows: &str) -> Self {
        PeopleFinder {
            lex: Lexicon::with_extra_people(rows),
        }
    }

    /// One `Person` per real person in the document, most mentioned first.
    pub fn find(&self, doc: &Doc, places: &[PlaceHit]) -> Vec<Person> {
        self.find_tokens(doc, &doc.scan().0, places)
    }

    /// [`PeopleFinder::find`] with the document's tokens already found (by
    /// [`Doc::scan`], which finds the phrase sets' words in the same pass).
    pub fn find_tokens(&self, doc: &Doc, tokens: &Tokens, places: &[PlaceHit]) -> Vec<Person> {
        // The tokens of every unit are at hand from the start, so a
        // sentence-initial "Asked" can be checked against the article's
        // lower-case words (gathered only when the word lists cannot decide).
        let toks = tokens.all();
        let lower = OnceCell::new();
        let all = LowerWords {
            doc,
            tokens,
            set: &lower,
            asked: Cell::new(0),
        };
        let facts = vec![Cell::new(0); toks.len()];
        // Room for the mentions and their words of a typical article, so
        // they seldom grow.
        let mut found = Found {
            mentions: Vec::with_capacity(toks.len() / 16),
            words: Vec::with_capacity(toks.len() / 8),
        };
        let mut roles = Vec::new();
        let mut scratch = String::new();
        let mut unit_places = Vec::new();
        // Places in unit order, handed out unit by unit in one pass (not one
        // pass over all places per unit, which a long article made quadratic).
        let mut sorted: Vec<Span> = places.iter().map(|p| p.span).collect();
        sorted.sort_unstable();
        let mut next = 0;
        for (u, unit) in doc.units.iter().enumerate() {
            let range = tokens.range(u);
            unit_places.clear();
            while let Some(p) = sorted.get(next).filter(|p| p.unit as usize <= u) {
                if p.unit as usize == u {
                    unit_places.push((p.start, p.end));
                }
                next += 1;
            }
            let scan = Scan {
                lex: &self.lex,
                lower: &all,
                unit,
                u,
                toks: &toks[range.clone()],
                places: &unit_places,
                facts: &facts[range],
            };
            let before = found.mentions.len();
            scan.run(&mut found, &mut scratch);
            scan.roster(&mut found.mentions[before..], &found.words);
            scan.roles(&mut roles);
        }
        merge(&self.lex, doc, found, &roles)
    }
}

/// The article's lower-case words, gathered on first use.
struct LowerWords<'s, 'a> {
    doc: &'s Doc<'a>,
    tokens: &'s Tokens,
    set: &'s OnceCell<FxHashSet<&'a str>>,
    /// Questions answered by reading the tokens, before the set is built.
    asked: Cell<u32>,
}

impl<'a> LowerWords<'_, 'a> {
    /// True when `word` is one of the article's lower-case words. Most
    /// articles ask once or twice, and reading the tokens then costs less
    /// than building the set; an article that asks more gets the set.
    fn contains(&self, word: &str) -> bool {
        if self.set.get().is_none() && self.asked.get() < 4 {
            self.asked.set(self.asked.get() + 1);
            // The first byte before the text: of the many words of the same
            // length, it turns nearly all away without a comparison call.
            let w = word.as_bytes();
            return self.doc.units.iter().enumerate().any(|(u, unit)| {
                self.tokens.all()[self.tokens.range(u)].iter().any(|t| {
                    t.shape == Shape::Lower
                        && (t.end - t.start) as usize == w.len()
                        && (w.is_empty() || unit.as_bytes()[t.start as usize] == w[0])
                        && t.text(unit) == word
                })
            });
        }
        self.get().contains(word)
    }

    fn get(&self) -> &FxHashSet<&'a str> {
        self.set.get_or_init(|| {
            let toks = self.tokens.all();
            let mut set = FxHashSet::with_capacity_and_hasher(toks.len() / 2, Default::default());
            for (u, unit) in self.doc.units.iter().enumerate() {
                set.extend(
                    toks[self.tokens.range(u)]
                        .iter()
                        .filter(|t| t.shape == Shape::Lower)
                        .map(|t| t.text(unit)),
                );
            }
            set
        })
    }
}

/// The scan of one unit.
struct Scan<'s, 'a> {
    lex: &'s Lexicon,
    /// Every lower-case word of the article.
    lower: &'s LowerWords<'s, 'a>,
    unit: &'a str,
    u: usize,
    toks: &'s [Token],
    places: &'s [(u32, u32)],
    /// What the word lists say of each token, filled in as asked.
    facts: &'s facts::Facts,
}

impl<'a> Scan<'_, 'a> {
    fn text(&self, i: usize) -> &'a str {
        self.toks[i].text(self.unit)
    }

    fn is_place(&self, i: usize) -> bool {
        let t = &self.toks[i];
        self.place_word_at(i) || self.places.iter().any(|&(s, e)| s < t.end && t.start < e)
    }

    /// A chain of titles starting at `i` that a name follows: where the name starts,
    /// where the capitalised part of the chain starts, and the last title's kind.
    fn titles(&self, i: usize) -> Option<(usize, Option<usize>, TitleKind)> {
        let mut j = i;
        let mut kind = None;
        let mut cap_start = None;
        while j < self.toks.len() && (j == i || self.toks[j].gap == Gap::Space) {
            if self.toks[j.saturating_sub(1)].possessive && j > i {
                break;
            }
            // Lower-case titles ("vice president Kamala Harris") are only cues.
            if self.toks[j].shape == Shape::Lower {
                break;
            }
            match self.title_at(j) {
                Some((len, k)) => {
                    cap_start.get_or_insert(j);
                    kind = Some(k);
                    j += len;
                }
                None => break,
            }
        }
        let kind = kind?;
        let next = self.toks.get(j)?;
        let name_follows = next.gap == Gap::Space
            && !self.toks[j - 1].possessive
            && next.shape == Shape::Cap
            && self.nameish(j);
        name_follows.then_some((j, cap_start, kind))
    }

    /// The end of the name run starting at `i`.
    fn name_run(&self, i: usize) -> usize {
        let mut j = i;
        loop {
            let tok = &self.toks[j];
            j += 1;
            if tok.possessive || j >= self.toks.len() {
                return j;
            }
            let next = &self.toks[j];
            if next.gap != Gap::Space {
                return j;
            }
            if self.nameish(j) || self.he_surname(j) || self.dotted_initials(j) {
                // A title with a name after it starts a new mention: "London Mayor Ken Livingstone".
                if next.shape == Shape::Cap && self.starts_title(j) && self.titles(j).is_some() {
                    return j;
                }
                continue;
            }
            // "von der Leyen", "da Silva": particles inside a name.
            let mut k = j;
            while k < self.toks.len()
                && self.toks[k].gap == Gap::Space
                && self.toks[k].shape == Shape::Lower
                && self.lex.is_particle(self.text(k))
            {
                k += 1;
            }
            if k > j
                && k < self.toks.len()
                && self.toks[k].gap == Gap::Space
                && self.toks[k].shape == Shape::Cap
            {
                j = k;
                continue;
            }
            return j;
        }
    }

    /// Where a second full name starts inside the run `i..end` of two
    /// names side by side ("By Scott Reyburn Art Basel, ...", "Eric Schmitt
    /// Eric Lipton"): a given name after a surname, each name two words or
    /// more. Not inside patronymics ("Bint Hamad").
    fn second_name(&self, i: usize, end: usize) -> Option<usize> {
        if end - i < 4 || self.given_at(i).is_none() {
            return None;
        }
        (i + 2..end - 1).find(|&k| {
            let prev = &self.toks[k - 1];
            self.toks[k].shape == Shape::Cap
                && prev.shape == Shape::Cap
                && self.given_at(k).is_some()
                && self.given_at(k - 1).is_none()
                && !matches!(
                    self.text(k - 1),
                    "Bin" | "Bint" | "Ibn" | "Al" | "El" | "Abu" | "Abd" | "Abdul" | "Ben"
                )
        })
    }

    /// "H.W." in "George H.W. Bush": initials the tokens read as an acronym
    /// ("U.S."), inside a name when a given name is before them and a
    /// capitalised word after.
    fn dotted_initials(&self, j: usize) -> bool {
        let t = &self.toks[j];
        t.shape == Shape::Upper
            && t.end - t.start == 1
            && j > 0
            && self.unit.as_bytes().get(t.end as usize) == Some(&b'.')
            && self.toks[j - 1].shape == Shape::Cap
            && self.given_at(j - 1).is_some()
            && self
                .toks
                .get(j + 1)
                .is_some_and(|n| n.gap == Gap::Space && n.shape == Shape::Cap)
    }

    /// A lower-case noun right before `from` that makes what follows a
    /// thing, not a person: "the messaging app Telegram", "the publication
    /// Metal Injection", "the tanker Eagle S", "his band Chthonic".
    fn thing_before(&self, from: usize) -> bool {
        from > 0
            && self.toks[from].gap == Gap::Space
            && self.toks[from - 1].shape == Shape::Lower
            && matches!(
                self.text(from - 1),
                "album"
                    | "app"
                    | "band"
                    | "boat"
                    | "brand"
                    | "broadcaster"
                    | "carrier"
                    | "cathedral"
                    | "church"
                    | "destroyer"
                    | "ferry"
                    | "film"
                    | "frigate"
                    | "magazine"
                    | "messenger"
                    | "monastery"
                    | "mosque"
                    | "newspaper"
                    | "novel"
                    | "outlet"
                    | "platform"
                    | "port"
                    | "publication"
                    | "ship"
                    | "show"
                    | "submarine"
                    | "tabloid"
                    | "tanker"
                    | "vessel"
                    | "warship"
                    | "website"
                    | "yacht"
            )
    }

    /// Offices named without a name: "the prime minister", "the president".
    fn roles(&self, out: &mut Vec<RoleMention>) {
        for i in 0..self.toks.len().saturating_sub(1) {
            // The length and the next shape first: they turn nearly every
            // token away without slicing (the length without reading another).
            let t = &self.toks[i];
            if t.end - t.start != 3
                || self.toks[i + 1].shape != Shape::Lower
                || !self.text(i).eq_ignore_ascii_case("the")
            {
                continue;
            }
            let Some((len, TitleKind::Office)) = self.lex.title_at(self.unit, self.toks, i + 1)
            else {
                continue;
            };
            let end = i + 1 + len;
            // "the prime minister Keir Starmer" is a cue for the name, not a role mention.
            if self
                .toks
                .get(end)
                .is_some_and(|t| t.gap == Gap::Space && t.shape == Shape::Cap)
                || self.toks[end - 1].possessive
            {
                continue;
            }
            let role = self.unit[self.toks[i + 1].start as usize..self.toks[end - 1].end as usize]
                .to_lowercase();
            out.push(RoleMention {
                span: Span::new(
                    self.u,
                    self.toks[i].start as usize,
                    self.toks[end - 1].end as usize,
                ),
                role,
            });
        }
    }

    fn run(&self, out: &mut Found<'a>, scratch: &mut String) {
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            // A lower-case word starts no title and no name (`titles`,
            // `nameish` and `he_surname` all turn it away): most tokens are
            // stepped over here.
            if self.toks[i].shape == Shape::Lower {
                i += 1;
                continue;
            }
            // `titles` finds none where no title starts.
            let titled = if self.starts_title(i) {
                self.titles(i)
            } else {
                None
            };
            if let Some((name_start, cap_start, kind)) = titled {
                let end = self.name_run(name_start);
                self.judge(
                    i,
                    cap_start.unwrap_or(name_start),
                    name_start,
                    end,
                    Some(kind),
                    out,
                    scratch,
                );
                i = end;
            } else if (self.nameish(i) || self.he_surname(i) || self.month_given(i))
                && (self.toks[i].shape == Shape::Cap
                    || i + 1 < n && self.toks[i + 1].gap == Gap::Space)
            {
                let end = self.name_run(i);
                let end = self.second_name(i, end).unwrap_or(end);
                self.judge(i, i, i, end, None, out, scratch);
                i = end;
            } else {
                i += 1;
            }
        }
    }

    /// True when the sentence-initial word at `i` is an ordinary word written
    /// with a capital only because it starts the sentence ("Asked", "Notably").
    fn common_word(&self, i: usize) -> bool {
        let w = self.text(i);
        if self.is_word_at(i) || w.ends_with("ly") {
            return true;
        }
        if self.given_at(i) == Some(false) || self.known_first_at(i) {
            return false;
        }
        with_lower(w, |l| self.lower.contains(l))
    }

    /// Whether a role word or a verb of saying stands next to the name `a..b`
    /// (`from` is where its titles start).
    fn cue(&self, from: usize, b: usize) -> bool {
        // Before: "ambassador Katherine Tai", "the foreign secretary, David Lammy", "said John Smith".
        let mut k = from;
        let mut steps = 0;
        while k > 0 && steps < 4 {
            let gap = self.toks[k].gap;
            if gap == Gap::Hard || (gap == Gap::Comma && steps > 0) {
                break;
            }
            k -= 1;
            steps += 1;
            let t = &self.toks[k];
            match t.shape {
                Shape::Lower | Shape::Upper => {
                    if self.role_at(k) || (steps == 1 && self.speech_at(k)) {
                        return true;
                    }
                }
                // "the Kyrgyz President, Askar Akaev": a capitalised title before a comma.
                // "in May, Zippy Duvall, the president": a date or a connective before the
                // comma ends the look back, and the apposition after may still cue the name;
                // any other capitalised word makes it an item of a list.
                Shape::Cap if steps == 1 && self.toks[from].gap == Gap::Comma => {
                    if self.role_at(k) {
                        return true;
                    }
                    let dated = k > 0
                        && t.gap == Gap::Space
                        && matches!(self.text(k - 1), "in" | "on" | "since" | "until" | "by");
                    if !self.is_word_at(k) && !dated {
                        return false;
                    }
                    break;
                }
                _ => break,
            }
        }
        // After: "John Smith said", "John Smith, who", "John Smith, 45,".
        if let Some(next) = self.toks.get(b) {
            let w = self.text(b);
            match next.gap {
                Gap::Space => return self.speech_at(b),
                Gap::Comma => {
                    return matches!(w, "who" | "whose" | "aged" | "the" | "a" | "an" | "said")
                        || w.bytes().all(|c| c.is_ascii_digit()) && w.len() <= 3;
                }
                Gap::Hard => {}
            }
        }
        false
    }

    /// The punctuation between tokens `i - 1` and `i` (or before the unit's first token).
    fn between(&self, i: usize) -> &'a str {
        let from = if i == 0 {
            0
        } else {
            self.toks[i - 1].end as usize
        };
        self.unit[from..self.toks[i].start as usize].trim()
    }

    /// "Falilat Ogunkoya (Nigeria)", "Ilie Lazar (32nd)": a name followed by a
    /// bracketed country or ordinal, the shape of results tables and scorer lists.
    fn bracket_after(&self, b: usize) -> bool {
        self.toks.get(b).is_some_and(|t| {
            t.gap == Gap::Hard
                && self.between(b) == "("
                && (ordinal(self.text(b)) || (t.shape == Shape::Cap && self.is_place(b)))
        })
    }

    /// "Mikael Tillstrom of Sweden": a full name placed by its country; not
    /// "the Black Sabbath of Asia", "the Iron Dome of America".
    fn of_place_after(&self, from: usize, b: usize) -> bool {
        let article = from > 0
            && self.toks[from].gap == Gap::Space
            && matches!(self.text(from - 1), "the" | "The" | "a" | "an");
        !article
            && b + 1 < self.toks.len()
            && self.toks[b].gap == Gap::Space
            && self.text(b) == "of"
            && self.toks[b + 1].gap == Gap::Space
            && self.toks[b + 1].shape == Shape::Cap
            && self.is_place(b + 1)
    }

    /// "(Zeyer 52nd)", ", Van Gastel 83rd": a scorer and the minute.
    fn minute_after(&self, a: usize, b: usize) -> bool {
        self.toks.get(b).is_some_and(|t| {
            t.gap == Gap::Space
                && ordinal(self.text(b))
                && matches!(self.between(a), "(" | "," | ";" | "")
        })
    }

    /// Promotes the weak names of a roster ("Julien Laharrague (Brive), Aurelien
    /// Rougerie (Clermont), ..."): a unit that is mostly a list of names, at
    /// least half of them with evidence of their own, is a list of people.
    fn roster(&self, mentions: &mut [Mention<'a>], all: &[&'a str]) {
        // What a bracket holds is a note on the name before it: "(Stade Toulousain)".
        let listed = |m: &Mention| {
            words(all, m).len() >= 2 && !self.unit[..m.surface.0].trim_end().ends_with('(')
        };
        let names = mentions.iter().filter(|m| listed(m)).count();
        // An initial counts as evidence here: "C Paterson; S Webster, A Craig".
        let strong = mentions
            .iter()
            .filter(|m| {
                listed(m) && (m.evidence == Evidence::Strong || tokens::one_char(words(all, m)[0]))
            })
            .count();
        let weak = mentions
            .iter()
            .any(|m| listed(m) && m.evidence == Evidence::Weak);
        if names < 3 || strong * 2 < names || !weak {
            return;
        }
        // A list has its names side by side: separators and brackets, hardly any prose.
        let lower = self.toks.iter().filter(|t| t.shape == Shape::Lower).count();
        if lower * 2 > names {
            return;
        }
        for m in mentions.iter_mut().filter(|m| listed(m)) {
            if !words(all, m).last().is_some_and(|w| club_like(self.lex, w)) {
                m.evidence = Evidence::Strong;
            }
        }
    }

    /// "Eminem's wife", "Walker's mother": only people have family, where
    /// albums, films and spokesmen belong to bands and firms too.
    fn kin_after(&self, a: usize, b: usize) -> bool {
        const KIN: &[&str] = &[
            "wife",
            "husband",
            "widow",
            "widower",
            "mother",
            "father",
            "son",
            "daughter",
            "girlfriend",
            "boyfriend",
            "fiancee",
            "fiancée",
            "parents",
        ];
        // Not "Princess Stephanie of Monaco's husband".
        let of_before = a > 0 && self.toks[a].gap == Gap::Space && self.text(a - 1) == "of";
        !of_before
            && self.toks[b - 1].possessive
            && self.toks.get(b).is_some_and(|t| {
                t.gap == Gap::Space && t.shape == Shape::Lower && KIN.contains(&self.text(b))
            })
    }

    /// "SantoraMaria": a word glued to a given name after it (bylines run
    /// together), not "McDonald" or "FitzGerald", whose heads are short.
    fn glued_given(&self, k: usize) -> bool {
        let w = self.text(k).as_bytes();
        w.len() >= 8
            && (5..w.len() - 2).any(|i| {
                w[i].is_ascii_uppercase()
                    && w[i - 1].is_ascii_lowercase()
                    && std::str::from_utf8(&w[i..]).is_ok_and(|tail| self.lex.given(tail).is_some())
            })
    }

    /// "June Carter Cash": a month that is also a given name starts a name
    /// of three words or more when no time word is before it ("in June").
    #[inline]
    fn month_given(&self, a: usize) -> bool {
        let t = &self.toks[a];
        // Asked of many tokens: the first byte and the length turn nearly
        // all away without slicing.
        matches!(
            (self.unit.as_bytes()[t.start as usize], t.end - t.start),
            (b'J', 4) | (b'A', 5) | (b'M', 3) | (b'A', 6)
        ) && self.month_given_word(a)
    }

    #[inline(never)]
    fn month_given_word(&self, a: usize) -> bool {
        matches!(self.text(a), "June" | "April" | "May" | "August")
            && (a + 1..a + 3).all(|k| {
                self.toks
                    .get(k)
                    .is_some_and(|n| n.gap == Gap::Space && n.shape == Shape::Cap && !n.possessive)
                    && self.nameish(k)
            })
            && (a == 0
                || self.toks[a].gap != Gap::Space
                || !matches!(
                    self.text(a - 1),
                    "in" | "on"
                        | "since"
                        | "by"
                        | "until"
                        | "of"
                        | "last"
                        | "next"
                        | "early"
                        | "late"
                        | "mid"
                        | "from"
                        | "to"
                        | "through"
                        | "before"
                        | "after"
                        | "during"
                        | "this"
                ))
    }

    /// "a woman called Sacheen Littlefeather", "a man named ...".
    fn called_before(&self, from: usize) -> bool {
        from >= 2
            && self.toks[from].gap == Gap::Space
            && self.toks[from - 1].gap == Gap::Space
            && matches!(self.text(from - 1), "called" | "named")
            && matches!(
                self.text(from - 2),
                "man" | "woman" | "boy" | "girl" | "person" | "student" | "officer" | "soldier"
            )
    }

    /// A role noun right before the run starting at `a`: "actor Dallas Roberts",
    /// "DJ Mike Read", "writer-director Sofia Coppola".
    fn role_word_before(&self, a: usize) -> bool {
        a > 0
            && self.toks[a].gap == Gap::Space
            && matches!(self.toks[a - 1].shape, Shape::Lower | Shape::Upper)
            && self.role_at(a - 1)
    }

    /// A lower-case role word right before a lone name: "soccer legend Pele".
    fn role_before(&self, a: usize) -> bool {
        // Roles that companies have too ("owner Menatep", "rival Airbus") do not count.
        const SHARED: &[&str] = &[
            "owner",
            "partner",
            "rival",
            "challenger",
            "contender",
            "investor",
            "successor",
            "predecessor",
            "winner",
            "champion",
            "head",
            "chief",
            "boss",
            "executive",
            "director",
            "chair",
            "chairman",
            "founder",
            "model",
        ];
        a > 0
            && self.toks[a].gap == Gap::Space
            && self.toks[a - 1].shape == Shape::Lower
            && self.lex.is_role(self.text(a - 1))
            && !SHARED.contains(&self.text(a - 1))
    }

    /// Decides what the run `a..b` (titles from `from`, capitalised surface from
    /// `surface`) is, and records it as a mention unless it is not a person.
    #[allow(clippy::too_many_arguments)]
    fn judge(
        &self,
        from: usize,
        surface: usize,
        mut a: usize,
        b: usize,
        title: Option<TitleKind>,
        out: &mut Found<'a>,
        scratch: &mut String,
    ) {
        let lex = self.lex;
        // "actor Dallas Roberts", "director Sofia Coppola", "champion Dwain
        // Chambers": after a role noun the run is the name, even when a word of
        // it is also a place or a firm.
        let role_led = title.is_none() && b - a >= 2 && self.role_word_before(a);
        if title.is_none() && b - a >= 3 {
            // "Controversial Australian Anthony Hill", "Democrat Walter Mondale": the name
            // starts at the first given name that has a surname after it.
            let named = |k: usize| self.given_at(k) == Some(false) || self.known_first_at(k);
            if let Some(g) = (a..b - 1).find(|&k| named(k)) {
                a = g;
            }
        } else if title.is_none() && b - a == 2 && self.org_at(a) && self.given_at(a + 1).is_some()
        {
            a += 1;
        }
        let org = |k: usize| {
            self.org_at(k)
                || (self.org_surname_at(k)
                    && (k == a || self.given_at(k - 1).is_none())
                    && !(role_led && k + 1 == b && k > a))
        };
        if (a..b).any(org) || self.venue(from, b) || (title.is_none() && self.thing_before(from)) {
            return;
        }
        // "five Stanley Cups": people are not counted in plurals.
        if from > 0
            && self.toks[from].gap == Gap::Space
            && self.text(b - 1).ends_with('s')
            && matches!(
                self.text(from - 1),
                "two"
                    | "three"
                    | "four"
                    | "five"
                    | "six"
                    | "seven"
                    | "eight"
                    | "nine"
                    | "ten"
                    | "several"
                    | "many"
            )
        {
            return;
        }
        // "Eric LiptonMaggie Haberman": bylines glued together.
        if (a..b).any(|k| self.glued_given(k)) {
            return;
        }
        // A stripped role or demonym noun vouches for the name: "Frenchman Jean Dupont".
        let mut led = false;
        if title.is_none() {
            // Strip words that only lead into a name: "Former", "British", "Notably".
            while a + 1 < b {
                let t = &self.toks[a];
                let w = self.text(a);
                let given = self.given_at(a);
                let leading = !(self.he_surname(a) || b - a >= 3 && self.month_given(a))
                    && ((self.is_place(a) && given.is_none() && !role_led)
                    || self.is_word_at(a)
                    || (t.sent_start && given.is_none() && self.role_at(a))
                    // "Questioning Vindman's judgment": a heading's gerund, never a given name.
                    || (t.sent_start && given.is_none() && w.len() >= 7 && w.ends_with("ing"))
                    || (t.shape == Shape::Initial && self.toks[a + 1].shape == Shape::Initial)
                    || (t.sent_start
                        && (given != Some(false) && !self.known_first_at(a))
                        && self.common_word(a))
                    // "Democrat Walter Mondale", but not "Spike Lee" or "Ziyi Zhang":
                    // a given name that would be left alone is a surname.
                    || (t.shape == Shape::Cap
                        && a + 2 < b
                        && given.is_none()
                        && !self.known_first_at(a)
                        && self.given_at(a + 1).is_some()));
                if !leading {
                    break;
                }
                led |= self.role_at(a);
                a += 1;
            }
        }
        if (a..b)
            .all(|k| self.is_place(k) || self.is_word_at(k) || self.toks[k].shape == Shape::Initial)
        {
            return;
        }
        let first = &self.toks[a];
        let last = &self.toks[b - 1];
        let name = &self.unit[first.start as usize..last.end as usize];
        // Most names are in no list: their normal form would find nothing.
        let listed = lex.may_list_name(name);
        if listed {
            normalize_into(name, scratch);
            if lex.is_org_name(scratch) {
                return;
            }
        }
        // "Art Basel", "Art Dubai": a common word that is also a given name
        // before a city is a fair or a brand.
        if b - a == 2
            && title.is_none()
            && self.given_at(a) == Some(true)
            && self.place_word_at(b - 1)
            && self.given_at(b - 1).is_none()
        {
            return;
        }
        // "Ealing North", "Belfast West": a constituency or region; "Kanye West" is a name.
        if b - a >= 2
            && self.given_at(a) != Some(false)
            && matches!(
                last.text(self.unit),
                "North" | "South" | "East" | "West" | "Central"
            )
        {
            return;
        }
        let n = b - a;
        let known = if !listed {
            None
        } else if n >= 2 {
            lex.known_full(scratch)
        } else if matches!(title, Some(TitleKind::Office | TitleKind::GivenName)) {
            // "President Putin", "Prince Harry"; but "Mr Carter" alone is not Jimmy Carter.
            lex.known_bare(scratch)
                .or_else(|| lex.known_surname(scratch))
        } else if first.shape == Shape::Cap {
            lex.known_bare(scratch)
        } else {
            None
        };
        let given_word = self.given_at(a);
        let given = match given_word {
            Some(false) => true,
            // "Will", "Frank": a given name unless it is a common word starting the sentence.
            Some(true) => !first.sent_start || !self.common_word(a),
            None => false,
        };
        // "J. Russell" (but not "U.S. Treasury", whose org word vetoes it above).
        let initial = n >= 2
            && first.shape == Shape::Initial
            && self.unit.as_bytes().get(first.end as usize) == Some(&b'.')
            && self.toks[a + 1].shape == Shape::Cap
            && !self.is_place(a + 1);
        let strong = known.is_some()
            || title.is_some()
            || (n >= 2 && (given || initial))
            || (n >= 2
                && (self.cue(from, b) || self.more_cues(from, a, b))
                && !(a..b).any(|k| self.role_at(k)))
            || (n == 1 && self.role_before(a))
            || (n >= 2
                && (led
                    || !self.club_like_at(b - 1)
                        && (self.bracket_after(b) || self.of_place_after(from, b))))
            || (first.shape == Shape::Cap && self.minute_after(a, b))
            || self.kin_after(a, b)
            || (n >= 2 && self.called_before(from));
        // A weak lone word only matters if it can attach as a given name ("Will").
        if n == 1 && !strong && first.sent_start && given_word.is_some() && self.common_word(a) {
            return;
        }
        let start = self.toks[if title.is_some() { surface } else { a }].start as usize;
        let titles = self.unit[start..first.start as usize].trim_end();
        let first_word = out.words.len() as u32;
        out.words.extend((a..b).map(|k| self.text(k)));
        out.mentions.push(Mention {
            unit: self.u,
            surface: (start, last.end as usize),
            words: first_word..out.words.len() as u32,
            name,
            titles,
            title,
            known,
            given: given_word,
            evidence: if strong {
                Evidence::Strong
            } else {
                Evidence::Weak
            },
            cued: n == 1 && self.cue(from, b),
        });
    }
}

/// True when `unit[..at]` ends with a kin word ("his wife", "her
/// husband,"): the name at `at` is someone's relative.
fn kin_before(unit: &str, at: usize) -> bool {
    let before = unit[..at].trim_end().trim_end_matches(',');
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        word,
        "wife"
            | "husband"
            | "widow"
            | "widower"
            | "daughter"
            | "son"
            | "mother"
            | "father"
            | "brother"
            | "sister"
            | "fiancee"
            | "fiancée"
    )
}

/// "Tommy Robinson, whose real name is Stephen Yaxley-Lennon": the second
/// name joins the first person as an alias.
fn join_real_names(doc: &Doc, people: &mut Vec<(usize, Person)>) {
    const REAL: &str = ", whose real name is ";
    let mut k = 0;
    while k < people.len() {
        let target = people[k].1.spans.iter().find_map(|s| {
            let unit = doc.units.get(s.unit as usize)?;
            unit.get(s.end as usize..)?
                .starts_with(REAL)
                .then(|| (s.unit, s.end as usize + REAL.len()))
        });
        let other = target.and_then(|(u, at)| {
            people.iter().position(|(_, p)| {
                p.spans
                    .iter()
                    .any(|s| s.unit == u && s.start as usize == at)
            })
        });
        match other {
            Some(o) if o != k => {
                let (_, b) = people.remove(o);
                let a = &mut people[if o < k { k - 1 } else { k }].1;
                a.aliases.push(b.name);
                a.aliases.extend(b.aliases);
                a.spans.extend(b.spans);
                a.spans.sort();
                a.spans.dedup();
                a.mentions = a.spans.len() as u32;
                if o < k {
                    k -= 1;
                }
            }
            _ => k += 1,
        }
    }
}

/// A name ending in a city is a club in a results table: "Sparta Prague", "Legia Warsaw".
fn club_like(lex: &Lexicon, last: &str) -> bool {
    lex.is_place(last) && lex.given(last).is_none()
}

/// The character `word` is, when it is one.
fn lone_char(word: &str) -> Option<char> {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// True when `short`, whose first word is the one character `i`, is `long`
/// with its given name cut to the initial ("C Stoica", "Cristian Stoica").
fn initial_of(i: char, short: &[&str], long: &[&str]) -> bool {
    short.len() == long.len()
        && long[0].len() > 1
        && long[0].starts_with(i)
        && short[1..]
            .iter()
            .zip(&long[1..])
            .all(|(a, b)| same_word(a, b))
}

/// "32nd", "1st": an ordinal written in figures.
fn ordinal(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits <= 3 && matches!(&w[digits..], "st" | "nd" | "rd" | "th")
}

/// Strings seen, one after another in one buffer: a person has only a few
/// forms, so a scan finds one as fast as a set would, without a string each.
#[derive(Default)]
struct Seen {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<usize>,
}

impl Seen {
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    fn contains(&self, s: &str) -> bool {
        let mut start = 0;
        self.ends.iter().any(|&end| {
            let hit = &self.text[start..end] == s;
            start = end;
            hit
        })
    }
}

/// One person being assembled from mentions.
struct Cluster<'a> {
    known: Option<u32>,
    /// The fullest name's words.
    words: Vec<&'a str>,
    mentions: Vec<usize>,
}

/// Merges an article's mentions into people.
fn merge<'a>(
    lex: &'a Lexicon,
    doc: &Doc<'a>,
    found: Found<'a>,
    roles: &[RoleMention],
) -> Vec<Person> {
    let Found {
        mentions,
        words: all,
    } = found;
    let all = &all[..];
    let mut clusters: Vec<Cluster<'a>> = Vec::new();
    let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
    let mut by_known: FxHashMap<u32, usize> = FxHashMap::default();
    let mut placed = vec![false; mentions.len()];

    // Surnames used alone as a speaker: "Claxton said" makes an unknown "Sarah Claxton" a name.
    let singles: Vec<&str> = mentions
        .iter()
        .filter(|m| words(all, m).len() == 1 && m.cued)
        .map(|m| words(all, m)[0])
        .collect();

    // Whether any name has "bin"/"bint" in it, for the patronymic match below.
    let patronymics = all
        .iter()
        .any(|w| matches!(*w, "bin" | "Bin" | "bint" | "Bint" | "ibn"));
    // Full names (two words or more) with evidence, and known people, first.
    // The key of each name is built in two buffers reused for every mention.
    let (mut joined, mut key) = (String::new(), String::new());
    for pass in [Evidence::Strong, Evidence::Weak] {
        for (m_idx, m) in mentions.iter().enumerate() {
            let mw = words(all, m);
            if mw.len() < 2 || m.evidence != pass {
                continue;
            }
            joined.clear();
            for (k, w) in mw.iter().enumerate() {
                if k > 0 {
                    joined.push(' ');
                }
                joined.push_str(w);
            }
            normalize_into(&joined, &mut key);
            let found = m
                .known
                .and_then(|k| by_known.get(&k).copied())
                .or_else(|| by_key.get(key.as_str()).copied())
                .or_else(|| {
                    // "von der Leyen" in "Ursula von der Leyen"; "George Bush" never in "George W. Bush".
                    clusters.iter().position(|c| {
                        c.words.len() > mw.len()
                            && c.words[c.words.len() - mw.len()..]
                                .iter()
                                .zip(mw)
                                .all(|(a, b)| same_word(a, b))
                    })
                })
                .or_else(|| {
                    // "Al Mayassa" in "Al Mayassa Bint Hamad bin Khalifa Al Thani".
                    patronymics.then_some(())?;
                    clusters.iter().position(|c| {
                        c.words.len() > mw.len()
                            && c.words.windows(mw.len() + 1).any(|w| {
                                w[..mw.len()].iter().zip(mw).all(|(a, b)| same_word(a, b))
                                    && matches!(
                                        w[mw.len()],
                                        "bin" | "Bin" | "bint" | "Bint" | "ibn"
                                    )
                            })
                    })
                })
                .or_else(|| {
                    // "C Stoica" after "Cristian Stoica".
                    let i = lone_char(mw.first()?)?;
                    clusters.iter().position(|c| initial_of(i, mw, &c.words))
                })
                .or_else(|| {
                    // "Geordan Murphy" after the team sheet's "G Murphy".
                    clusters.iter().position(|c| {
                        c.words
                            .first()
                            .and_then(|w| lone_char(w))
                            .is_some_and(|i| initial_of(i, &c.words, mw))
                    })
                })
                .or_else(|| {
                    // "Patrick W. Carlineo" after "Patrick Carlineo Jr.", unless the gazetteer
                    // tells them apart (George W. Bush and his father).
                    m.known.is_none().then_some(())?;
                    clusters
                        .iter()
                        .position(|c| c.known.is_none() && forms::same_core(mw, &c.words))
                });
            let c = match found {
                Some(c) => c,
                // "Augustin Matata Ponyo ... Matata, who campaigned": a
                // cued single word names any word after the given name.
                None if pass == Evidence::Weak
                    && !mw[1..]
                        .iter()
                        .any(|l| singles.iter().any(|s| same_word(s, l))) =>
                {
                    continue;
                }
                None => {
                    clusters.push(Cluster {
                        known: m.known,
                        words: mw.to_vec(),
                        mentions: Vec::new(),
                    });
                    clusters.len() - 1
                }
            };
            if mw.len() > clusters[c].words.len()
                || (mw.len() == clusters[c].words.len()
                    && clusters[c]
                        .words
                        .first()
                        .and_then(|w| lone_char(w))
                        .is_some()
                    && mw.first().and_then(|w| lone_char(w)).is_none())
            {
                clusters[c].words = mw.to_vec();
            }
            if let Some(k) = m.known {
                clusters[c].known.get_or_insert(k);
                by_known.insert(k, c);
            }
            // A key seen before keeps its string; only a new one is copied.
            match by_key.get_mut(key.as_str()) {
                Some(v) => *v = c,
                None => {
                    by_key.insert(key.clone(), c);
                }
            }
            clusters[c].mentions.push(m_idx);
            placed[m_idx] = true;
        }
    }

    // Single words: a surname or, after "Sir"/"Dame", a given name.
    let position = |m: &Mention| (m.unit, m.surface.0);
    // How often the article calls each person by given name alone ("His wife
    // Sharon"): the one it calls so most is not the one a bare surname means.
    // The untitled lone given names are picked out once, not once per cluster.
    let lone_given: Vec<&str> = mentions
        .iter()
        .filter(|m| words(all, m).len() == 1 && m.title.is_none() && m.given.is_some())
        .map(|m| words(all, m)[0])
        .collect();
    let given_named: Vec<usize> = clusters
        .iter()
        .map(|c| {
            if c.words.len() < 2 {
                return 0;
            }
            lone_given
                .iter()
                .filter(|w| same_word(w, c.words[0]))
                .count()
        })
        .collect();
    // Each cluster's first word and surname (of a name of two words or
    // more) with straight apostrophes, found once: its words no longer
    // change, and every single word is compared with them.
    let keys_of = |c: &Cluster<'a>| {
        let first = c.words.first().map_or(Cow::Borrowed(""), |w| straight(w));
        let surname = match c.words.len() {
            0 | 1 => None,
            _ => forms::surname(&c.words).map(straight),
        };
        (first, surname)
    };
    let mut keys: Vec<(Cow<str>, Option<Cow<str>>)> = clusters.iter().map(keys_of).collect();
    // "his wife Sara Netanyahu": a relative named by a kin word, whom a
    // bare surname means only when no one else has it.
    // Found only for the clusters a single word could mean, when asked.
    let relative = |c: &Cluster| {
        c.mentions
            .iter()
            .any(|&i| kin_before(doc.units[mentions[i].unit], mentions[i].surface.0))
    };
    for (m_idx, m) in mentions.iter().enumerate() {
        if placed[m_idx] || words(all, m).len() != 1 {
            continue;
        }
        // Clusters made for earlier single words get theirs here.
        keys.extend(clusters[keys.len()..].iter().map(keys_of));
        let w = words(all, m)[0];
        // "Sir Keir", or a known given name alone ("Sandra"); not "Millennium" for "Millennium Dome".
        // "[Russian President Vladimir] Putin": an office before a given name.
        let given_ok = match m.title {
            Some(TitleKind::GivenName) => true,
            None | Some(TitleKind::Office) => m.given.is_some(),
            _ => false,
        };
        // `same_word` of two words is the equality of their straight forms.
        let key = straight(w);
        let mut best: Option<(usize, (bool, bool, usize, usize))> = None;
        for ((c_idx, c), (first, surname)) in clusters.iter().enumerate().zip(&keys) {
            let surname = surname.as_ref() == Some(&key);
            let given = c.words.len() >= 2 && given_ok && *first == key;
            let single = c.words.len() == 1 && *first == key;
            if !(surname || given || single) {
                continue;
            }
            // Prefer surname matches, then the person the article calls least by
            // given name alone ("Osbourne" is Ozzy when his wife is "Sharon"),
            // then the cluster mentioned nearest before.
            let near = c
                .mentions
                .iter()
                .map(|&i| position(&mentions[i]))
                .filter(|&p| p <= position(m))
                .max()
                .map_or(0, |(u, s)| u * 1_000_000 + s + 1);
            let by_surname = if m.title.is_none() {
                usize::MAX - given_named.get(c_idx).copied().unwrap_or(0)
            } else {
                0
            };
            let not_kin = m.title.is_some() || !relative(c);
            let rank = (surname || single, not_kin, by_surname, near);
            if best.is_none_or(|(_, r)| rank > r) {
                best = Some((c_idx, rank));
            }
        }
        let c = match best {
            Some((c, _)) => c,
            None => match m.known {
                Some(k) => *by_known.entry(k).or_insert_with(|| {
                    clusters.push(Cluster {
                        known: Some(k),
                        words: lex.known[k as usize].name.split(' ').collect(),
                        mentions: Vec::new(),
                    });
                    clusters.len() - 1
                }),
                None if m.evidence == Evidence::Strong => {
                    clusters.push(Cluster {
                        known: None,
                        words: words(all, m).to_vec(),
                        mentions: Vec::new(),
                    });
                    clusters.len() - 1
                }
                None => continue,
            },
        };
        if let (Some(k), None, 1) = (m.known, clusters[c].known, clusters[c].words.len()) {
            clusters[c].known = Some(k);
        }
        clusters[c].mentions.push(m_idx);
        placed[m_idx] = true;
    }

    // "the prime minister" is the one person titled "Prime Minister" here, if there is one.
    let mut role_spans: Vec<Vec<Span>> = vec![Vec::new(); clusters.len()];
    if !roles.is_empty() {
        // Each mention's titles, padded so "prime minister" matches as whole words.
        let titles: Vec<String> = mentions
            .iter()
            .map(|m| {
                if m.titles.is_empty() {
                    String::new()
                } else {
                    format!(" {} ", normalize(m.titles))
                }
            })
            .collect();
        for r in roles {
            let role = format!(" {} ", r.role);
            let holds = |c: &Cluster| c.mentions.iter().any(|&i| titles[i].contains(&role));
            let mut holders = clusters.iter().enumerate().filter(|(_, c)| holds(c));
            if let (Some((c, _)), None) = (holders.next(), holders.next()) {
                role_spans[c].push(r.span);
            }
        }
    }

    // Buffers every person reuses: the normalised forms seen so far and the
    // texts met, for the aliases.
    let mut seen = Seen::default();
    let mut texts: Vec<&str> = Vec::new();
    let mut people: Vec<(usize, Person)> = clusters
        .into_iter()
        .zip(role_spans)
        .filter(|(c, _)| !c.mentions.is_empty())
        .map(|(c, role_spans)| {
            let mut spans: Vec<Span> = Vec::with_capacity(c.mentions.len() + role_spans.len());
            spans.extend(c.mentions.iter().map(|&i| mentions[i].span()));
            let fullest = c
                .mentions
                .iter()
                .map(|&i| &mentions[i])
                // The most words, then the longest ("Steven Gerrard", not "Steve Gerrard").
                .max_by_key(|m| {
                    let letters: usize = words(all, m).iter().map(|w| w.chars().count()).sum();
                    (words(all, m).len(), letters, std::cmp::Reverse(position(m)))
                })
                .map_or("", |m| m.name);
            let name = match c.known {
                Some(k) => lex.known[k as usize].name.clone(),
                None => fullest.to_string(),
            };
            seen.clear();
            normalize_into(&name, &mut key);
            seen.push(&key);
            // Aliases come from the names only, not from "the prime minister":
            // the spans so far. Most repeat a form already seen: normalised
            // into one buffer, and copied only when new.
            let mut aliases: Vec<String> = Vec::new();
            texts.clear();
            for s in &spans {
                let text = doc.text(s);
                // The name, or a text met before, has its key in `seen`
                // already: it would add no alias.
                if text == name || texts.contains(&text) {
                    continue;
                }
                texts.push(text);
                normalize_into(text, &mut key);
                if !seen.contains(&key) {
                    seen.push(&key);
                    aliases.push(text.to_string());
                }
            }
            // As for the texts: the name or a text met has its key in `seen`.
            if fullest != name && !texts.contains(&fullest) {
                normalize_into(fullest, &mut key);
                if !seen.contains(&key) {
                    aliases.push(fullest.to_string());
                }
            }
            spans.extend(role_spans);
            spans.sort();
            spans.dedup();
            let first = spans
                .first()
                .map_or(0, |s| s.unit as usize * 1_000_000 + s.start as usize);
            let person = Person {
                name,
                aliases,
                mentions: spans.len() as u32,
                spans,
                office: None,
            };
            (first, person)
        })
        .collect();
    join_real_names(doc, &mut people);
    people.sort_by(|(fa, a), (fb, b)| b.mentions.cmp(&a.mentions).then(fa.cmp(fb)));
    people.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests;
