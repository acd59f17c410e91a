//! Whole-word phrase matching by word lookup.
//!
//! Gazetteers and the issue taxonomy only ever match whole words, so instead
//! of running a byte automaton over every character (which, case-insensitive,
//! stops inside "said" for "aid" and inside "taxi" for "tax") we walk the
//! words of the text once and look each one up in a hash map keyed by the
//! first word of every phrase. Only the few words that start a phrase cost a
//! comparison. Building the map is a few thousand inserts, against tens of
//! milliseconds to build the equivalent aho-corasick DFA at every start.
//!
//! Matches are leftmost-longest and never overlap, like the automaton's
//! `LeftmostLongest` mode, and are reported only on word boundaries.
//!
//! [`PhraseSets`] searches two sets in one walk over the same words, with
//! tables of its own built for speed; [`PhraseSet::find`] stays the plain
//! version it is tested against.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

/// How a phrase compares with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Byte for byte: "US" never matches "us".
    Exact,
    /// Ignoring ASCII case, as the automaton's `ascii_case_insensitive` did.
    Ascii,
}

#[derive(Debug)]
struct Phrase {
    text: Box<str>,
    /// Bytes of non-word text before the first word ("%" of "% of GDP").
    lead: usize,
    /// Bytes of the first word.
    first: usize,
    case: Case,
    /// Ends in a word character, so the text must not go on with one.
    end_word: bool,
    /// Hashes of the words after the first: a match has these words next in
    /// the text, so most near misses fail here without comparing bytes.
    rest: Box<[u64]>,
    /// Place in the order candidates are tried: longest first, then as given.
    rank: u32,
}

/// A one-bit-per-key filter, indexed by the top bits of the key: one load
/// and one bit test per word. Some 2,000 first words set under 3% of its
/// 65,536 bits, so few other words get past it; those that do only cost a
/// map probe (it has no false negatives).
#[derive(Debug)]
struct Filter(Box<[u64; FILTER_BITS / 64]>);

const FILTER_BITS: usize = 1 << 16;

impl Filter {
    fn new() -> Filter {
        Filter(Box::new([0; FILTER_BITS / 64]))
    }

    fn insert(&mut self, key: u64) {
        let bit = (key >> 48) as usize;
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    /// False when `key` was never inserted.
    #[inline]
    fn may_hold(&self, key: u64) -> bool {
        let bit = (key >> 48) as usize;
        self.0[bit / 64] >> (bit % 64) & 1 == 1
    }
}

/// A set of phrases found by [`PhraseSet::find`]; phrase `i` is the `i`-th
/// given to [`PhraseSet::new`].
#[derive(Debug)]
pub struct PhraseSet {
    phrases: Vec<Phrase>,
    /// Hash of the ASCII-lowercased word → the one-word phrases it is, by
    /// rank. A hash collision costs only a failed comparison: every
    /// candidate is compared with the text in full.
    single: Lists,
    /// [`pair_key`] of the first two words → the longer phrases starting with
    /// them, by rank. Keyed on two words because many phrases share a first
    /// word ("the", "New"), and a text word should not try them all.
    pairs: Lists,
    /// The hashes of the phrases' first words.
    filter: Filter,
    /// The same for the keys of `single` and of `pairs`, so that a common
    /// word that starts longer phrases ("the", "of") probes no map unless
    /// the next word may follow it in one.
    single_filter: Filter,
    pair_filter: Filter,
    /// Each phrase's key words, for [`PhraseSets`]' own tables: the hash of
    /// its first word and of its second, if any (none without words).
    key_words: Vec<Option<(u64, Option<u64>)>>,
}

/// Each key's phrases (by [`candidates`]), all in one list: a key's entry is
/// its range of `items`. Built with two allocations, where a list per key
/// took thousands.
#[derive(Debug, Default)]
struct Lists {
    ranges: FxHashMap<u64, (u32, u32)>,
    items: Vec<u32>,
}

/// One match: the phrase's index and its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub phrase: usize,
    pub start: usize,
    pub end: usize,
}

impl PhraseSet {
    /// Phrases without a word character cannot be matched on word
    /// boundaries and are ignored (they never match).
    pub fn new<S: AsRef<str>>(phrases: impl IntoIterator<Item = (S, Case)>) -> PhraseSet {
        let phrases = phrases.into_iter();
        // Room for as many phrases as the iterator may give (a filtered
        // list gives fewer), so that the list is not grown and copied.
        let (least, most) = phrases.size_hint();
        let mut list = Vec::with_capacity(most.unwrap_or(least));
        // Each phrase's key: of `pairs` (true) or of `single`, if any.
        let mut keys: Vec<Option<(bool, u64)>> = Vec::with_capacity(list.capacity());
        let mut filter = Filter::new();
        let mut single_filter = Filter::new();
        let mut pair_filter = Filter::new();
        let mut key_words = Vec::with_capacity(list.capacity());
        let (mut words, mut padded) = (Vec::new(), Vec::new());
        for (text, case) in phrases {
            let text = text.as_ref();
            phrase_words(text, &mut words, &mut padded);
            let first = words.first().copied();
            list.push(Phrase {
                text: text.into(),
                lead: first.map_or(0, |w| w.start as usize),
                first: first.map_or(0, |w| (w.end - w.start) as usize),
                case,
                end_word: text.chars().next_back().is_some_and(is_word_char),
                rest: words.iter().skip(1).map(|w| w.hash).collect(),
                rank: 0,
            });
            let key = first.map(|w| {
                filter.insert(w.hash);
                match words.get(1) {
                    Some(second) => (true, pair_key(w.hash, second.hash)),
                    None => (false, w.hash),
                }
            });
            match key {
                Some((true, key)) => pair_filter.insert(key),
                Some((false, key)) => single_filter.insert(key),
                None => {}
            }
            keys.push(key);
            key_words.push(first.map(|w| (w.hash, words.get(1).map(|w| w.hash))));
        }
        rank_longest_first(&mut list);
        let (single, pairs) = lists_by_rank(&list, &keys);
        PhraseSet {
            phrases: list,
            single,
            pairs,
            filter,
            single_filter,
            pair_filter,
            key_words,
        }
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Every match in `text`, leftmost-longest, in text order.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> Vec<Found> {
        let mut out = Vec::new();
        self.find(text, &Words::of(text).0, &mut out);
        out
    }

    /// Appends every match in `text`, whose words are `words`, to `out`:
    /// leftmost-longest, in text order. Several sets can share the words.
    pub fn find(&self, text: &str, words: &[Word], out: &mut Vec<Found>) {
        let mut resume = 0;
        let mut k = 0;
        // Most words start no phrase: a loop of its own, doing nothing
        // else, turns them away at a few instructions each.
        while let Some(skip) = words[k..].iter().position(|w| self.filter.may_hold(w.hash)) {
            k += skip + 1;
            let (k, w) = (k - 1, &words[k - 1]);
            if (w.start as usize) < resume {
                continue;
            }
            let one = self.single_filter.may_hold(w.hash).then_some(w.hash);
            let two = words
                .get(k + 1)
                .map(|next| pair_key(w.hash, next.hash))
                .filter(|&key| self.pair_filter.may_hold(key));
            if one.is_none() && two.is_none() {
                continue;
            }
            let single = one.map_or(&[][..], |key| candidates(&self.single, key));
            let pairs = two.map_or(&[][..], |key| candidates(&self.pairs, key));
            self.first_match(single, pairs, text, words, k, &mut resume, out);
        }
    }

    /// Tries the phrases `single` and `pairs` (each by rank) at word `k`,
    /// in rank order as one list, and appends the first that matches to
    /// `out`, moving `resume` past it.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn first_match(
        &self,
        single: &[u32],
        pairs: &[u32],
        text: &str,
        words: &[Word],
        k: usize,
        resume: &mut usize,
        out: &mut Vec<Found>,
    ) {
        let rank = |&i: &u32| self.phrases[i as usize].rank;
        for &i in by_rank(single, pairs, rank) {
            if let Some((start, end)) = self.match_at(i as usize, text, words, k, *resume) {
                *resume = end;
                out.push(Found {
                    phrase: i as usize,
                    start,
                    end,
                });
                break;
            }
        }
    }

    /// Where phrase `i` matches `text` with its first word at word `k`, if it
    /// does there and starts no earlier than `resume`.
    fn match_at(
        &self,
        i: usize,
        text: &str,
        words: &[Word],
        k: usize,
        resume: usize,
    ) -> Option<(usize, usize)> {
        let p = &self.phrases[i];
        let w = &words[k];
        let (s, len) = (w.start as usize, (w.end - w.start) as usize);
        let next = words.get(k + 1..k + 1 + p.rest.len())?;
        if p.first != len || !next.iter().zip(p.rest.iter()).all(|(n, &h)| n.hash == h) {
            return None;
        }
        let start = s.checked_sub(p.lead)?;
        let end = start + p.text.len();
        let got = text.as_bytes().get(start..end)?;
        let same = match p.case {
            Case::Exact => got == p.text.as_bytes(),
            Case::Ascii => eq_ignore_ascii_case(got, p.text.as_bytes()),
        };
        let ok = start >= resume
            && same
            && text.is_char_boundary(end)
            && !(p.end_word && text[end..].chars().next().is_some_and(is_word_char));
        ok.then_some((start, end))
    }
}

/// Two phrase sets searched in one walk over a text's words (the country
/// gazetteer and the issue taxonomy share every text unit): each word is
/// tested once, against the first words of both, instead of once per set,
/// and what a word that passes reads next is laid out for few cache lines
/// and no hashing. Each set's matches are exactly its own
/// [`PhraseSet::find`]'s: its own words are tried, with its own `resume`,
/// and its candidates in its rank order, each checked as its `match_at`
/// checks it ([`Bank::match_at`]).
#[derive(Debug)]
pub struct PhraseSets {
    /// The first words of both sets' phrases: the union of their `filter`s.
    walk: Filter,
    /// For each 64 slots of the filters, set 0's `single_filter`, the first
    /// words of its phrases of more than one word, then set 1's two: a word
    /// that passes `walk` reads one cache line to learn what each set may
    /// hold for it, and where its list is in `singles`.
    heads: Table<4>,
    /// The first two words of every phrase of more than one, a bit per set
    /// (see [`pair_slot`]).
    pairs: Table<2>,
    /// Each set's phrases of one word, by slot of `heads`.
    singles: [Slots; 2],
    /// Each set's longer phrases, by slot of `pairs`.
    longer: [Slots; 2],
    /// The texts and hashes of each set's candidates.
    banks: [Bank; 2],
}

/// A filter of slots in groups of 64, `N` bits a slot (a bit per set and
/// kind of key), and with each group, for each set, how many of its slots
/// are held before it: a slot's place among the slots held (its rank), and
/// so its list in [`Slots`], without a hash map. A group's counts are next
/// to its bits: one cache line has both (apart, they cost more misses).
#[derive(Debug)]
struct Table<const N: usize>(Box<[Group<N>]>);

#[derive(Debug, Clone, Copy)]
struct Group<const N: usize> {
    bits: [u64; N],
    before: [u32; 2],
}

impl<const N: usize> Table<N> {
    fn new(slots: usize) -> Table<N> {
        let empty = Group {
            bits: [0; N],
            before: [0; 2],
        };
        Table(vec![empty; slots / 64].into_boxed_slice())
    }

    fn insert(&mut self, i: usize, slot: usize) {
        self.0[slot / 64].bits[i] |= 1 << (slot % 64);
    }

    /// Sets the counts of set `s`, whose bits are the `i`-th.
    fn count(&mut self, s: usize, i: usize) {
        let mut before = 0;
        for g in self.0.iter_mut() {
            g.before[s] = before;
            before += g.bits[i].count_ones();
        }
    }

    /// The group of `slot`.
    #[inline]
    fn group(&self, slot: usize) -> &Group<N> {
        &self.0[slot / 64]
    }
}

impl<const N: usize> Group<N> {
    /// The rank of `slot` (in this group) among set `s`'s slots held, whose
    /// bits are the `i`-th.
    #[inline]
    fn rank(&self, s: usize, i: usize, slot: usize) -> usize {
        let below = self.bits[i] & ((1u64 << (slot % 64)) - 1);
        self.before[s] as usize + below.count_ones() as usize
    }
}

/// Whether `bits` hold `slot`.
#[inline]
fn holds(bits: u64, slot: usize) -> bool {
    bits >> (slot % 64) & 1 == 1
}

/// Phrase lists by slot rank: the phrases of the `r`-th slot held are
/// `items[starts[r]..starts[r + 1]]`, by rank.
#[derive(Debug, Default)]
struct Slots {
    starts: Vec<u32>,
    items: Vec<Cand>,
}

impl Slots {
    /// The lists of `keyed`: (slot, rank, index) of phrases of `set`, whose
    /// texts and hashes go to `bank` in list order (a slot's together).
    fn new(mut keyed: Vec<(usize, u32, u32)>, set: &PhraseSet, bank: &mut Bank) -> Slots {
        // Sorted as small keys, not as candidate records.
        keyed.sort_unstable();
        let mut slots = Slots {
            starts: Vec::with_capacity(keyed.len() + 1),
            items: Vec::with_capacity(keyed.len()),
        };
        let mut last = None;
        for (i, &(slot, _, phrase)) in keyed.iter().enumerate() {
            if last != Some(slot) {
                slots.starts.push(i as u32);
                last = Some(slot);
            }
            slots.items.push(bank.add(set, phrase as usize));
        }
        slots.starts.push(keyed.len() as u32);
        slots
    }

    #[inline]
    fn list(&self, rank: usize) -> &[Cand] {
        match (self.starts.get(rank), self.starts.get(rank + 1)) {
            (Some(&start), Some(&end)) => {
                self.items.get(start as usize..end as usize).unwrap_or(&[])
            }
            _ => &[],
        }
    }
}

/// What [`PhraseSet::match_at`] reads of a phrase, in a record next to the
/// other candidates of its slot: its text and the hashes of its words
/// after the first are in its set's [`Bank`]. A word that reaches a
/// candidate reads this instead of the phrase's 56 bytes, its text and its
/// hashes, each in an allocation of its own.
#[derive(Debug, Clone, Copy)]
struct Cand {
    phrase: u32,
    rank: u32,
    /// `Bank::texts[text..text + len]` is its text.
    text: u32,
    len: u32,
    lead: u32,
    first: u32,
    /// `Bank::rests[rest..rest + rests]` are the hashes of its later words.
    rest: u32,
    rests: u32,
    exact: bool,
    end_word: bool,
}

/// The texts and later words' hashes of a set's candidates.
#[derive(Debug, Default)]
struct Bank {
    /// Every phrase's text, one after another, then eight zero bytes: the
    /// eight bytes from any byte of a text can be read.
    texts: Vec<u8>,
    rests: Vec<u64>,
}

impl Bank {
    /// The candidate record of phrase `i` of `set`, its text and hashes added.
    fn add(&mut self, set: &PhraseSet, i: usize) -> Cand {
        let p = &set.phrases[i];
        let cand = Cand {
            phrase: i as u32,
            rank: p.rank,
            text: self.texts.len() as u32,
            len: p.text.len() as u32,
            lead: p.lead as u32,
            first: p.first as u32,
            rest: self.rests.len() as u32,
            rests: p.rest.len() as u32,
            exact: p.case == Case::Exact,
            end_word: p.end_word,
        };
        self.texts.extend_from_slice(p.text.as_bytes());
        self.rests.extend_from_slice(&p.rest);
        cand
    }

    /// [`PhraseSet::first_match`] on candidate records. Called for few
    /// words: kept out of the walk's loop, whose registers it would take.
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn first_match(
        &self,
        single: &[Cand],
        pairs: &[Cand],
        text: &str,
        words: &[Word],
        k: usize,
        resume: &mut usize,
        out: &mut Vec<Found>,
    ) {
        for c in by_rank(single, pairs, |c: &Cand| c.rank) {
            if let Some((start, end)) = self.match_at(c, text, words, k, *resume) {
                *resume = end;
                out.push(Found {
                    phrase: c.phrase as usize,
                    start,
                    end,
                });
                break;
            }
        }
    }

    /// Where candidate `c` matches `text` with its first word at word `k`,
    /// if it does there and starts no earlier than `resume`: exactly
    /// [`PhraseSet::match_at`] of its phrase, checked in the same order,
    /// the text compared eight bytes at a step.
    #[inline]
    fn match_at(
        &self,
        c: &Cand,
        text: &str,
        words: &[Word],
        k: usize,
        resume: usize,
    ) -> Option<(usize, usize)> {
        let w = &words[k];
        let (s, len) = (w.start as usize, (w.end - w.start) as usize);
        let rest = self
            .rests
            .get(c.rest as usize..(c.rest + c.rests) as usize)
            .unwrap_or(&[]);
        let next = words.get(k + 1..k + 1 + rest.len())?;
        if c.first as usize != len || !next.iter().zip(rest).all(|(n, &h)| n.hash == h) {
            return None;
        }
        let start = s.checked_sub(c.lead as usize)?;
        let end = start + c.len as usize;
        let bytes = text.as_bytes();
        bytes.get(start..end)?;
        let ok = start >= resume
            && self.same(c, bytes, start)
            && text.is_char_boundary(end)
            && !(c.end_word && starts_word(text, end));
        ok.then_some((start, end))
    }

    /// Whether `bytes[start..]` begins with `c`'s text, byte for byte or
    /// ignoring ASCII case as the phrase's [`Case`] says: [`lower_ascii`]
    /// lowers each byte as `to_ascii_lowercase` does, and bytes past the
    /// text are masked off on both sides. `bytes` holds the text's length.
    #[inline]
    fn same(&self, c: &Cand, bytes: &[u8], start: usize) -> bool {
        let len = c.len as usize;
        let mut i = 0;
        while i < len {
            let n = (len - i).min(8);
            let keep = if n == 8 {
                u64::MAX
            } else {
                (1u64 << (8 * n)) - 1
            };
            let got = match bytes.get(start + i..start + i + 8) {
                Some(chunk) => u64::from_le_bytes(eight(chunk)),
                None => {
                    let mut buf = [0u8; 8];
                    buf[..n].copy_from_slice(&bytes[start + i..start + i + n]);
                    u64::from_le_bytes(buf)
                }
            };
            let at = c.text as usize + i;
            let Some(want) = self.texts.get(at..at + 8) else {
                return false;
            };
            let want = u64::from_le_bytes(eight(want));
            let (got, want) = match c.exact {
                true => (got, want),
                false => (lower_ascii(got), lower_ascii(want)),
            };
            if (got ^ want) & keep != 0 {
                return false;
            }
            i += 8;
        }
        true
    }
}

/// Whether a word character starts at byte `at` of `text`:
/// `text[at..].chars().next().is_some_and(is_word_char)`, with no decoding
/// for an ASCII byte (an alphanumeric ASCII character is one of those).
#[inline]
fn starts_word(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => text
            .get(at..)
            .and_then(|t| t.chars().next())
            .is_some_and(is_word_char),
    }
}

/// Bits of the first word's hash in a [`pair_slot`], then of the second's.
const PAIR_FIRST_BITS: u32 = 6;
const PAIR_SECOND_BITS: u32 = 10;

/// Where the pair of words with hashes `first` and `second` is in
/// [`PhraseSets`]' pair filter. The first word picks a region of 1,024
/// slots (384 bytes), the second a slot in it: the pairs tried after a common word
/// ("the", "of", "a") all fall in a few cache lines, which stay cached,
/// where a hash of the pair scatters them over the whole table.
#[inline]
fn pair_slot(first: u64, second: u64) -> usize {
    ((first >> (64 - PAIR_FIRST_BITS)) << PAIR_SECOND_BITS | second >> (64 - PAIR_SECOND_BITS))
        as usize
}

impl PhraseSets {
    pub fn new(sets: [&PhraseSet; 2]) -> PhraseSets {
        let mut walk = Filter::new();
        let mut heads = Table::<4>::new(FILTER_BITS);
        let mut pairs = Table::<2>::new(1 << (PAIR_FIRST_BITS + PAIR_SECOND_BITS));
        let mut singles: [Slots; 2] = Default::default();
        let mut longer: [Slots; 2] = Default::default();
        let mut banks: [Bank; 2] = Default::default();
        for (s, set) in sets.iter().enumerate() {
            for (word, first) in walk.0.iter_mut().zip(set.filter.0.iter()) {
                *word |= first;
            }
            let (mut one, mut more) = (Vec::new(), Vec::new());
            for (i, key) in set.key_words.iter().enumerate() {
                match *key {
                    Some((first, None)) => {
                        let slot = (first >> 48) as usize;
                        heads.insert(2 * s, slot);
                        one.push((slot, set.phrases[i].rank, i as u32));
                    }
                    Some((first, Some(second))) => {
                        heads.insert(2 * s + 1, (first >> 48) as usize);
                        let slot = pair_slot(first, second);
                        pairs.insert(s, slot);
                        more.push((slot, set.phrases[i].rank, i as u32));
                    }
                    None => {}
                }
            }
            heads.count(s, 2 * s);
            pairs.count(s, s);
            let bank = &mut banks[s];
            singles[s] = Slots::new(one, set, bank);
            longer[s] = Slots::new(more, set, bank);
            bank.texts.extend_from_slice(&[0; 8]);
        }
        PhraseSets {
            walk,
            heads,
            pairs,
            singles,
            longer,
            banks,
        }
    }

    /// Appends every match of set `s` (of those this was built from) in
    /// `text`, whose words are `words`, to `out[s]`: what the set's own
    /// [`PhraseSet::find`] appends.
    pub fn find(&self, text: &str, words: &[Word], out: [&mut Vec<Found>; 2]) {
        let [out0, out1] = out;
        let mut resume = [0usize; 2];
        // Eight words at a time: their tests against `walk` make a mask,
        // without a branch each (a quarter of the words pass, at no
        // pattern a branch predictor can learn), then the words that
        // passed are taken in order, as one at a time would take them.
        let mut chunks = words.chunks_exact(8);
        let mut base = 0;
        for chunk in chunks.by_ref() {
            let mut hits = chunk.iter().enumerate().fold(0u32, |m, (i, w)| {
                m | u32::from(self.walk.may_hold(w.hash)) << i
            });
            while hits != 0 {
                let k = base + hits.trailing_zeros() as usize;
                hits &= hits - 1;
                let heads = self.heads.group((words[k].hash >> 48) as usize);
                self.try_at::<0>(heads, text, words, k, &mut resume[0], out0);
                self.try_at::<1>(heads, text, words, k, &mut resume[1], out1);
            }
            base += 8;
        }
        for k in base..words.len() {
            if self.walk.may_hold(words[k].hash) {
                let heads = self.heads.group((words[k].hash >> 48) as usize);
                self.try_at::<0>(heads, text, words, k, &mut resume[0], out0);
                self.try_at::<1>(heads, text, words, k, &mut resume[1], out1);
            }
        }
    }

    /// What set `S`'s `find` does at word `k`, which passed `walk`, whose
    /// group of `heads` is `heads`. The set's `filter` is its single words
    /// and its first words of longer phrases: the words its `find` tries,
    /// as here. Its candidates here hold every phrase its `find` would try
    /// that can match here (others fail in `match_at`, whatever their
    /// order): a phrase that matches has its own first word (and second)
    /// here, and it is listed under their slots.
    #[inline(always)]
    fn try_at<const S: usize>(
        &self,
        heads: &Group<4>,
        text: &str,
        words: &[Word],
        k: usize,
        resume: &mut usize,
        out: &mut Vec<Found>,
    ) {
        let w = &words[k];
        let slot = (w.hash >> 48) as usize;
        let (single, first) = (
            holds(heads.bits[2 * S], slot),
            holds(heads.bits[2 * S + 1], slot),
        );
        if !(single || first) || (w.start as usize) < *resume {
            return;
        }
        let one = match single {
            true => self.singles[S].list(heads.rank(S, 2 * S, slot)),
            false => &[],
        };
        let two = match words.get(k + 1) {
            Some(next) if first => {
                let slot = pair_slot(w.hash, next.hash);
                let pairs = self.pairs.group(slot);
                match holds(pairs.bits[S], slot) {
                    true => self.longer[S].list(pairs.rank(S, S, slot)),
                    false => &[],
                }
            }
            _ => &[],
        };
        if one.is_empty() && two.is_empty() {
            return;
        }
        self.banks[S].first_match(one, two, text, words, k, resume, out);
    }
}

/// The items of `single` and `pairs`, each sorted by `rank`, as one list
/// sorted by rank; on a tie, `pairs` first (ranks are unique per set, so
/// ties do not happen within one).
fn by_rank<'a, T>(
    mut single: &'a [T],
    mut pairs: &'a [T],
    rank: impl Fn(&T) -> u32,
) -> impl Iterator<Item = &'a T> {
    std::iter::from_fn(move || match (single.split_first(), pairs.split_first()) {
        (Some((a, rest)), Some((b, _))) if rank(a) < rank(b) => {
            single = rest;
            Some(a)
        }
        (_, Some((b, rest))) => {
            pairs = rest;
            Some(b)
        }
        (Some((a, rest)), None) => {
            single = rest;
            Some(a)
        }
        (None, None) => None,
    })
}

/// `a.eq_ignore_ascii_case(b)` eight bytes at a step: [`lower_ascii`]
/// lowers each byte as `to_ascii_lowercase` does.
fn eq_ignore_ascii_case(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut a8, mut b8) = (a.chunks_exact(8), b.chunks_exact(8));
    a8.by_ref().zip(b8.by_ref()).all(|(x, y)| {
        lower_ascii(u64::from_le_bytes(eight(x))) == lower_ascii(u64::from_le_bytes(eight(y)))
    }) && a8.remainder().eq_ignore_ascii_case(b8.remainder())
}

/// Ranks the phrases longest first, equal lengths in the order given: a
/// counting sort by length, the order a stable sort by decreasing length gives.
fn rank_longest_first(phrases: &mut [Phrase]) {
    let longest = phrases.iter().map(|p| p.text.len()).max().unwrap_or(0);
    // First the number of phrases of each length, then the rank of the next
    // phrase of that length: after every longer phrase.
    let mut next = vec![0u32; longest + 1];
    for p in phrases.iter() {
        next[p.text.len()] += 1;
    }
    let mut before = 0;
    for slot in next.iter_mut().rev() {
        let count = *slot;
        *slot = before;
        before += count;
    }
    for p in phrases.iter_mut() {
        p.rank = next[p.text.len()];
        next[p.text.len()] += 1;
    }
}

/// The `single` and `pairs` lists of phrases with keys `keys`: each key's
/// phrases by rank. Nothing is sorted or grown: the phrases are chained per
/// key in rank order, one map probe each, then each chain is laid out.
fn lists_by_rank(phrases: &[Phrase], keys: &[Option<(bool, u64)>]) -> (Lists, Lists) {
    const END: u32 = u32::MAX;
    let mut by_rank = vec![0u32; phrases.len()];
    for (i, p) in phrases.iter().enumerate() {
        by_rank[p.rank as usize] = i as u32;
    }
    let pairs = keys.iter().filter(|k| matches!(k, Some((true, _)))).count();
    let singles = keys
        .iter()
        .filter(|k| matches!(k, Some((false, _))))
        .count();
    let mut lists = [singles, pairs].map(|n| Lists {
        ranges: FxHashMap::with_capacity_and_hasher(n, Default::default()),
        items: Vec::with_capacity(n),
    });
    // A key's entry is first its chain's first and last phrase; `next`
    // links the chain.
    let mut next = vec![END; phrases.len()];
    for &i in &by_rank {
        if let Some((pair, key)) = keys[i as usize] {
            match lists[usize::from(pair)].ranges.entry(key) {
                Entry::Vacant(e) => {
                    e.insert((i, i));
                }
                Entry::Occupied(mut e) => {
                    let last = &mut e.get_mut().1;
                    next[*last as usize] = i;
                    *last = i;
                }
            }
        }
    }
    for l in &mut lists {
        for range in l.ranges.values_mut() {
            let start = l.items.len() as u32;
            let mut i = range.0;
            while i != END {
                l.items.push(i);
                i = next[i as usize];
            }
            *range = (start, l.items.len() as u32);
        }
    }
    let [single, pairs] = lists;
    (single, pairs)
}

/// The words of a phrase into `out`, as [`Words::of`] finds them, without
/// its allocation for ASCII phrases (nearly all): there a word is a run of
/// ASCII letters and digits, hashed by [`hash_lower`] (the tests check
/// `Words::of` against both). `padded` is scratch: the phrase with eight
/// zero bytes after it, so that the eight-byte steps of [`ascii_word_end`]
/// and [`hash_lower`] never run out at the phrase's end (where most of its
/// words end); a zero byte is no letter, and bytes past a word are masked.
fn phrase_words(text: &str, out: &mut Vec<Word>, padded: &mut Vec<u8>) {
    out.clear();
    if !text.is_ascii() {
        out.extend(Words::of(text).0);
        return;
    }
    padded.clear();
    padded.extend_from_slice(text.as_bytes());
    padded.extend_from_slice(&[0; 8]);
    let bytes = &padded[..];
    let mut i = 0;
    while i < text.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let end = ascii_word_end(bytes, i);
        out.push(Word {
            start: i as u32,
            end: end as u32,
            hash: hash_lower(bytes, i, end),
        });
        i = end;
    }
}

/// The phrases of `key` in `lists`, by rank.
fn candidates(lists: &Lists, key: u64) -> &[u32] {
    lists.ranges.get(&key).map_or(&[], |&(start, end)| {
        lists.items.get(start as usize..end as usize).unwrap_or(&[])
    })
}

/// The key of a phrase's first two word hashes.
fn pair_key(first: u64, second: u64) -> u64 {
    first.rotate_left(23) ^ second.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// One word of a text: its byte range and the hash of its ASCII-lowercased bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) hash: u64,
}

/// The words of a text (maximal runs of alphanumeric characters), found and
/// hashed once and shared by every [`PhraseSet`] that searches the text.
#[derive(Debug, Default)]
pub struct Words(Vec<Word>);

impl Words {
    pub fn of(text: &str) -> Words {
        let mut words = Vec::with_capacity(text.len() / 5 + 1);
        push_words(text, 0, text.len(), &mut words);
        Words(words)
    }
}

/// The words of every unit of an article, in one vector for the article
/// (not one a unit): unit `u`'s are `words[ends[u - 1]..ends[u]]`.
#[derive(Debug, Default)]
pub struct UnitWords {
    pub(crate) words: Vec<Word>,
    pub(crate) ends: Vec<u32>,
}

impl UnitWords {
    /// The words of each of `units`. [`crate::extract::Doc::scan`] finds
    /// them together with the people tokens, in the same pass.
    pub fn of(units: &[&str]) -> UnitWords {
        let mut all = UnitWords {
            words: Vec::with_capacity(units.iter().map(|u| u.len()).sum::<usize>() / 5 + 1),
            ends: Vec::with_capacity(units.len()),
        };
        for unit in units {
            push_words(unit, 0, unit.len(), &mut all.words);
            all.ends.push(all.words.len() as u32);
        }
        all
    }

    /// The words of unit `u` (none past the last unit).
    pub fn unit(&self, u: usize) -> &[Word] {
        let end = self.ends.get(u).map_or(0, |&e| e as usize);
        let start = match u {
            0 => 0,
            _ => self.ends.get(u - 1).map_or(end, |&e| e as usize),
        };
        &self.words[start..end]
    }
}

/// The run of ASCII letters and digits that starts at byte `i`, when it
/// ends within the eight bytes from `i`: its length and its bytes, with
/// zeros past it. Most words are this short, and then these eight bytes
/// are all that finding its end, hashing it ([`short_word`]) and telling
/// its shape need read.
#[inline(always)]
pub(crate) fn short_ascii_run(bytes: &[u8], i: usize) -> Option<(usize, u64)> {
    let x = u64::from_le_bytes(eight(bytes.get(i..i + 8)?));
    let stop = !ascii_alnum(x) & (ONES * 0x80);
    if stop == 0 {
        return None;
    }
    let len = (stop.trailing_zeros() / 8) as usize;
    Some((len, x & !(u64::MAX << (8 * len))))
}

/// The word at `start` of `len` ASCII letters and digits, `x` its bytes
/// with zeros past it (as [`short_ascii_run`] gives them): hashed as
/// [`hash_lower`] does. Letters and digits all have bit 5 set in their lower
/// case (digits have it already), as `lower_ascii` gives.
#[inline(always)]
pub(crate) fn short_word(start: usize, len: usize, x: u64) -> Word {
    let keep = !(u64::MAX << (8 * len));
    Word {
        start: start as u32,
        end: (start + len) as u32,
        hash: finish(hash_step_lower(len as u64, (x | (ONES * 0x20)) & keep)),
    }
}

/// The word of ASCII letters and digits that starts at byte `i`, when it is
/// short (under 16 bytes) and an ASCII byte ends it: then the bytes read to
/// find its end are the hash's input too, and it costs a few instructions.
/// `None` says only that this fast path does not apply.
#[inline(always)]
pub(crate) fn ascii_word(bytes: &[u8], i: usize) -> Option<Word> {
    let x = u64::from_le_bytes(eight(bytes.get(i..i + 8)?));
    let stop = !ascii_alnum(x) & (ONES * 0x80);
    if stop != 0 {
        let len = (stop.trailing_zeros() / 8) as usize;
        if bytes[i + len] >= 0x80 {
            return None;
        }
        return Some(short_word(i, len, x));
    }
    // Eight letters or digits: the same for a word of up to 15.
    let y = u64::from_le_bytes(eight(bytes.get(i + 8..i + 16)?));
    let stop = !ascii_alnum(y) & (ONES * 0x80);
    let more = (stop.trailing_zeros() / 8) as usize;
    if stop == 0 || bytes[i + 8 + more] >= 0x80 {
        return None;
    }
    let len = 8 + more;
    let mut hash = hash_step_lower(len as u64, x | (ONES * 0x20));
    if more > 0 {
        let keep = !(u64::MAX << (8 * more));
        hash = hash_step_lower(hash, (y | (ONES * 0x20)) & keep);
    }
    Some(Word {
        start: i as u32,
        end: (i + len) as u32,
        hash: finish(hash),
    })
}

/// The word `text[start..end]`, hashed on its own.
#[inline]
pub(crate) fn word(text: &[u8], start: usize, end: usize) -> Word {
    Word {
        start: start as u32,
        end: end as u32,
        hash: hash_lower(text, start, end),
    }
}

/// Appends the words of `text` that start in `from..to` to `out`. `from`
/// must not be inside a word, and a word that starts before `to` is taken
/// whole.
pub(crate) fn push_words(text: &str, from: usize, to: usize, out: &mut Vec<Word>) {
    let bytes = text.as_bytes();
    // A non-ASCII word character at `i` (a char boundary): its width, else 0.
    let wide_word_at = |i: usize| -> usize {
        match text.get(i..).and_then(|t| t.chars().next()) {
            Some(c) if c.is_alphanumeric() => c.len_utf8(),
            _ => 0,
        }
    };
    let n = bytes.len();
    let mut i = from;
    while i < to {
        // Skip to the next word, ASCII punctuation and spaces a byte at a time.
        let b = bytes[i];
        let class = BYTE_CLASS[usize::from(b)];
        if class != WIDE {
            if class == SPACE {
                i += 1;
                continue;
            }
            if let Some(w) = ascii_word(bytes, i) {
                out.push(w);
                // The byte after the word is no word character.
                i = w.end as usize + 1;
                continue;
            }
        } else if wide_word_at(i) == 0 {
            i += utf8_width(b);
            continue;
        }
        let start = i;
        loop {
            i = ascii_word_end(bytes, i);
            if i < n && bytes[i] >= 0x80 {
                let width = wide_word_at(i);
                if width > 0 {
                    i += width;
                    continue;
                }
            }
            break;
        }
        out.push(word(bytes, start, i));
    }
}

/// [`BYTE_CLASS`] of an ASCII byte that is no letter or digit.
const SPACE: u8 = 0;
/// Of an ASCII letter or digit.
const ALNUM: u8 = 1;
/// Of a byte of a non-ASCII character.
const WIDE: u8 = 2;

/// Each byte's class, one load instead of three comparisons per byte.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [SPACE; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b >= 0x80 {
            WIDE
        } else if (b as u8).is_ascii_alphanumeric() {
            ALNUM
        } else {
            SPACE
        };
        b += 1;
    }
    table
};

/// The byte length of the UTF-8 character that starts with byte `b`.
fn utf8_width(b: u8) -> usize {
    match b {
        0..0x80 => 1,
        0xf0.. => 4,
        0xe0.. => 3,
        _ => 2,
    }
}

/// Eight bytes of a slice known to hold eight.
#[inline]
fn eight(chunk: &[u8]) -> [u8; 8] {
    let mut x = [0u8; 8];
    x.copy_from_slice(&chunk[..8]);
    x
}

/// Where the run of ASCII letters and digits from byte `i` ends: eight
/// bytes at a step, as most words end within the first eight.
#[inline]
pub(crate) fn ascii_word_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let stop = !ascii_alnum(u64::from_le_bytes(eight(chunk))) & (ONES * 0x80);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    i
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` that is an ASCII letter or digit, the
/// others clear. No sum carries into the next byte: every byte is below
/// 0x80 when added to.
#[inline]
fn ascii_alnum(x: u64) -> u64 {
    const HIGH: u64 = ONES * 0x80;
    // The byte is at least `lo` / more than `hi`, in its high bit.
    let at_least = |v: u64, lo: u8| v + ONES * (0x80 - lo as u64);
    let digit = at_least(x & !HIGH, b'0') & !at_least(x & !HIGH, b'9' + 1);
    let folded = (x & !HIGH) | (ONES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    (digit | letter) & !x & HIGH
}

/// A hash of the word `text[start..end]` with ASCII letters lower-cased,
/// eight bytes at a step (a word is rarely longer, so this is one or two
/// multiplications). Bytes past the word are read when the text has them,
/// and masked off.
fn hash_lower(text: &[u8], start: usize, end: usize) -> u64 {
    let mut hash = (end - start) as u64;
    let mut i = start;
    while i < end {
        let take = (end - i).min(8);
        let chunk = text.get(i..i + 8).map(eight).unwrap_or_else(|| {
            let mut buf = [0u8; 8];
            buf[..take].copy_from_slice(&text[i..i + take]);
            buf
        });
        let mut chunk = u64::from_le_bytes(chunk);
        if take < 8 {
            chunk &= (1 << (8 * take)) - 1;
        }
        hash = hash_step(hash, chunk);
        i += 8;
    }
    finish(hash)
}

/// One step of [`hash_lower`]: eight more bytes (zeros past the word).
#[inline]
fn hash_step(hash: u64, chunk: u64) -> u64 {
    hash_step_lower(hash, lower_ascii(chunk))
}

/// [`hash_step`] on bytes already lower-cased.
#[inline]
fn hash_step_lower(hash: u64, lower: u64) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    (hash.rotate_left(5) ^ lower).wrapping_mul(K)
}

#[inline]
fn finish(hash: u64) -> u64 {
    hash ^ (hash >> 32)
}

/// Eight bytes with their ASCII capitals made lower case, all at once.
fn lower_ascii(x: u64) -> u64 {
    const HIGH: u64 = ONES * 0x80;
    let seven = x & !HIGH;
    // High bit of each byte: its low seven bits are at least 'A' / more than 'Z'.
    let from_a = seven + ONES * (0x80 - b'A' as u64);
    let past_z = seven + ONES * (0x80 - b'Z' as u64 - 1);
    let upper = from_a & !past_z & !x & HIGH;
    x | (upper >> 2)
}

/// The words of `text` a character at a time (runs of alphanumerics): what
/// the fast word finders are tested against.
#[cfg(test)]
pub(crate) fn words_plain(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric() && i < text.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(word(text.as_bytes(), s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(set: &PhraseSet, text: &str) -> Vec<String> {
        set.find_iter(text)
            .into_iter()
            .map(|f| format!("{}:{}", f.phrase, &text[f.start..f.end]))
            .collect()
    }

    #[test]
    fn whole_words_only() {
        let set = PhraseSet::new([("aid", Case::Ascii), ("tax", Case::Ascii)]);
        assert_eq!(
            found(&set, "He said the taxi tax; AID, aid."),
            ["1:tax", "0:AID", "0:aid"]
        );
    }

    #[test]
    fn longest_match_wins_and_matches_do_not_overlap() {
        let set = PhraseSet::new([
            ("Guinea", Case::Exact),
            ("Papua New Guinea", Case::Exact),
            ("New Guinea", Case::Exact),
        ]);
        assert_eq!(
            found(&set, "Papua New Guinea and Guinea"),
            ["1:Papua New Guinea", "0:Guinea"]
        );
    }

    #[test]
    fn exact_phrases_keep_their_case() {
        let set = PhraseSet::new([("US", Case::Exact), ("JAPAN", Case::Exact)]);
        assert_eq!(found(&set, "us US Japan JAPAN"), ["0:US", "1:JAPAN"]);
    }

    #[test]
    fn punctuation_inside_and_around_phrases() {
        let set = PhraseSet::new([
            ("% of GDP", Case::Ascii),
            ("U.K.", Case::Exact),
            ("A&E", Case::Exact),
            ("Russia's invasion", Case::Ascii),
            ("cost-of-living", Case::Ascii),
        ]);
        assert_eq!(
            found(
                &set,
                "2% of GDP in the U.K. and A&E; Russia's invasion, the cost-of-living crisis"
            ),
            [
                "0:% of GDP",
                "1:U.K.",
                "2:A&E",
                "3:Russia's invasion",
                "4:cost-of-living"
            ]
        );
        // "% of GDP" needs its "%": "of GDP" alone is not it.
        assert!(found(&set, "share of GDP").is_empty());
    }

    #[test]
    fn a_phrase_must_end_on_a_word_boundary() {
        let set = PhraseSet::new([("Iran", Case::Exact)]);
        assert_eq!(
            found(&set, "Iranian Iran-backed Iran"),
            ["0:Iran", "0:Iran"]
        );
    }

    #[test]
    fn word_hashes_ignore_ascii_case_only() {
        let hashes = |t: &str| Words::of(t).0.iter().map(|w| w.hash).collect::<Vec<_>>();
        let all: Vec<u8> = (0..=127).collect();
        let ascii = std::str::from_utf8(&all).unwrap();
        assert_eq!(
            lower_ascii(u64::from_le_bytes(*b"AZaz@[`{")),
            u64::from_le_bytes(*b"azaz@[`{")
        );
        for chunk in ascii.as_bytes().chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            let mut want = buf;
            want.make_ascii_lowercase();
            assert_eq!(
                lower_ascii(u64::from_le_bytes(buf)),
                u64::from_le_bytes(want)
            );
        }
        assert_eq!(
            hashes("Parliamentarians ZÜRICH"),
            hashes("PARLIAMENTARIANS zÜrich")
        );
        assert_ne!(hashes("zürich"), hashes("zÜrich"));
        assert_ne!(hashes("abcdefgh"), hashes("abcdefgh0"));
        assert_ne!(hashes("ab"), hashes("ba"));
        // The same word hashes alike wherever it stands: mid-text (read eight
        // bytes at a time) and at the very end (copied).
        let long = "Internationalisation";
        assert_eq!(hashes(&format!("{long} x"))[0], hashes(long)[0]);
        // Short words mid-text (hashed from the eight bytes that found their
        // end) hash as at the end of the text (hashed on their own).
        for word in [
            "a", "Ab", "UK", "Gaza", "Starmer", "Ukraine", "Abcdefg", "Abcdefgh",
        ] {
            let words = Words::of(&format!("{word}, and more text"));
            assert_eq!(words.0[0].hash, hashes(word)[0], "{word}");
            assert_eq!(words.0[0].hash, hash_lower(word.as_bytes(), 0, word.len()));
            assert_eq!(words.0[0].end as usize, word.len());
        }
        // A short ASCII start that goes on in a non-ASCII letter is one word.
        assert_eq!(Words::of("Zürich is far").0[0].end, "Zürich".len() as u32);
        assert_eq!(hashes("ab cd")[0], hashes("AB")[0]);
    }

    /// The words of `text` a character at a time: runs of alphanumerics.
    #[test]
    fn words_agree_with_a_character_at_a_time() {
        let words = |t: &str| Words::of(t).0;
        // Pieces that straddle the 64-byte blocks at every offset: ASCII and
        // wide letters, wide non-letters, digits, punctuation.
        let pieces = [
            "a",
            "Word",
            "Internationalisation",
            "2024",
            "é",
            "Zürich",
            "日本語",
            "𝔘𝔫𝔦",
            "’",
            "“",
            "—",
            "£5",
            " ",
            ", ",
            "-",
            "ﬁ",
            "Ⅻ",
            "٣",
            "x\u{301}",
            "\u{a0}",
        ];
        let mut next = crate::extract::test_random(7);
        for _ in 0..3000 {
            let mut text = String::new();
            let len = next() % 60;
            for _ in 0..len {
                text.push_str(pieces[next() % pieces.len()]);
            }
            assert_eq!(words(&text), words_plain(&text), "{text:?}");
        }
        for pad in 0..70 {
            for piece in pieces {
                let text = format!("{}{piece}{piece} {piece}", "x".repeat(pad));
                assert_eq!(words(&text), words_plain(&text), "{text:?}");
                let text = format!("{}{piece}", " ".repeat(pad));
                assert_eq!(words(&text), words_plain(&text), "{text:?}");
            }
        }
        assert!(words("").is_empty());
    }

    #[test]
    fn phrase_words_are_words_of() {
        let words = |w: &[Word]| {
            w.iter()
                .map(|w| (w.start, w.end, w.hash))
                .collect::<Vec<_>>()
        };
        let mut out = Vec::new();
        for text in [
            "",
            "Iran",
            "% of GDP",
            "U.K.",
            "Russia's invasion",
            "cost-of-living crisis",
            "Internationalisation and 2024-25",
            " lead and trail ",
            "Côte d'Ivoire",
            "Zürich",
        ] {
            phrase_words(text, &mut out, &mut Vec::new());
            assert_eq!(words(&out), words(&Words::of(text).0), "{text:?}");
        }
        // ASCII phrases of every shape: words ending at each offset of the
        // eight-byte steps, and punctuation between them.
        let pieces = [
            "a",
            "Word",
            "Internationalisation",
            "abcdefgh",
            "2024",
            " ",
            ", ",
            "-",
            "'",
            "%",
        ];
        let mut next = crate::extract::test_random(11);
        let mut padded = Vec::new();
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..next() % 7 {
                text.push_str(pieces[next() % pieces.len()]);
            }
            phrase_words(&text, &mut out, &mut padded);
            assert_eq!(words(&out), words(&Words::of(&text).0), "{text:?}");
        }
    }

    #[test]
    fn ascii_case_comparison_agrees_with_the_standard_one() {
        let texts = [
            "",
            "a",
            "A",
            "@",
            "[",
            "`",
            "{",
            "Gaza",
            "GAZA",
            "gaza",
            "Zürich",
            "ZüRICH",
            "zÜrich",
            "cost-of-living crisis",
            "COST-OF-LIVING CRISIS",
            "cost-of-living crisiS",
            "ÀÉÎ",
            "àéî",
            "Internationalisation",
            "INTERNATIONALISATIOn",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(
                    eq_ignore_ascii_case(a.as_bytes(), b.as_bytes()),
                    a.eq_ignore_ascii_case(b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn ascii_word_ends_agree_with_a_byte_at_a_time() {
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b, b'a', b, b'Z', b, b'0', b, b'9']);
            let want = [b, b'a', b, b'Z', b, b'0', b, b'9']
                .iter()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        0x80u64
                    } else {
                        0
                    }
                })
                .enumerate()
                .fold(0, |acc, (i, bit)| acc | bit << (8 * i));
            assert_eq!(ascii_alnum(x), want, "{b:#x}");
        }
        let text = b"Internationalisation, of 2024's words-here \xc3\xa9t\xc3\xa9 x";
        for i in 0..text.len() {
            let mut want = i;
            while want < text.len() && text[want].is_ascii_alphanumeric() {
                want += 1;
            }
            assert_eq!(ascii_word_end(text, i), want, "{i}");
        }
    }

    /// [`PhraseSets::find`] gives each set exactly what its own `find`
    /// gives, on text made of the sets' own words (so that phrases start,
    /// overlap and nearly match everywhere) and of others.
    #[test]
    fn joint_walk_is_each_sets_find() {
        fn check(sets: [&PhraseSet; 2], pieces: &[&str], seed: u64, texts: usize) {
            let both = PhraseSets::new(sets);
            let mut next = crate::extract::test_random(seed);
            let (mut one, mut two) = (Vec::new(), Vec::new());
            for _ in 0..texts {
                let mut text = String::new();
                for _ in 0..next() % 40 {
                    text.push_str(pieces[next() % pieces.len()]);
                    text.push_str([" ", " ", ", ", "-", "", ". "][next() % 6]);
                }
                let words = Words::of(&text).0;
                one.clear();
                two.clear();
                both.find(&text, &words, [&mut one, &mut two]);
                for (set, got) in sets.iter().zip([&one, &two]) {
                    let mut want = Vec::new();
                    set.find(&text, &words, &mut want);
                    assert_eq!(got, &want, "{text:?}");
                }
            }
        }
        // Small sets that share first words, phrases and words.
        let a = PhraseSet::new([
            ("the US", Case::Exact),
            ("US", Case::Exact),
            ("New Guinea", Case::Exact),
            ("Papua New Guinea", Case::Exact),
            ("Guinea", Case::Exact),
            ("the Gambia", Case::Exact),
            ("of", Case::Exact),
            ("Côte d'Ivoire", Case::Exact),
            ("Zürich", Case::Ascii),
        ]);
        let b = PhraseSet::new([
            ("the US election", Case::Ascii),
            ("us", Case::Ascii),
            ("guinea pig", Case::Ascii),
            ("the", Case::Ascii),
            ("% of GDP", Case::Ascii),
            ("GDP", Case::Exact),
            ("new", Case::Ascii),
        ]);
        let pieces = [
            "the",
            "The",
            "US",
            "us",
            "New",
            "new",
            "Guinea",
            "guinea",
            "Papua",
            "pig",
            "Gambia",
            "election",
            "of",
            "%",
            "GDP",
            "gdp",
            "said",
            "Zürich",
            "ZüRICH",
            "zürichsee",
            "Côte",
            "d'Ivoire",
            "é",
        ];
        check([&a, &b], &pieces, 3, 3000);
        check([&b, &a], &pieces, 5, 1000);
        check([&a, &a], &pieces, 9, 300);
        // The built-in sets, on text of their phrases' words, upper-cased
        // now and then.
        let x = crate::extract::Extractor::builtin();
        let sets = [x.countries().phrases(), x.issues().phrases()];
        let mut words: Vec<String> = Vec::new();
        for set in sets {
            for p in set.phrases.iter().step_by(3) {
                for w in Words::of(&p.text).0 {
                    words.push(p.text[w.start as usize..w.end as usize].to_owned());
                }
            }
        }
        words.extend(
            words
                .iter()
                .step_by(5)
                .map(|w| w.to_uppercase())
                .collect::<Vec<_>>(),
        );
        let pieces: Vec<&str> = words.iter().map(String::as_str).collect();
        check(sets, &pieces, 13, 2000);
    }

    #[test]
    fn non_ascii_words_and_text() {
        let set = PhraseSet::new([("Côte d'Ivoire", Case::Exact), ("Zürich", Case::Ascii)]);
        assert_eq!(
            found(&set, "À Côte d'Ivoire, zürich… Zürichsee"),
            ["0:Côte d'Ivoire", "1:zürich"]
        );
    }
}
