//! [`PhraseSets`]: two [`PhraseSet`]s searched in one walk, with tables of
//! their own laid out for speed, each set's matches exactly its own
//! [`PhraseSet::find`]'s.

use super::{Case, Found, PhraseSet, by_rank};
use crate::extract::words::{Filter, Word, is_word_char, load8, lower_ascii};

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
                Some(chunk) => load8(chunk),
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
            let want = load8(want);
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
        let mut walk = Filter::default();
        let mut heads = Table::<4>::new(Filter::BITS);
        let mut pairs = Table::<2>::new(1 << (PAIR_FIRST_BITS + PAIR_SECOND_BITS));
        let mut singles: [Slots; 2] = Default::default();
        let mut longer: [Slots; 2] = Default::default();
        let mut banks: [Bank; 2] = Default::default();
        for (s, set) in sets.iter().enumerate() {
            walk.union(&set.filter);
            let (mut one, mut more) = (Vec::new(), Vec::new());
            for (i, key) in set.key_words.iter().enumerate() {
                match *key {
                    Some((first, None)) => {
                        let slot = Filter::slot(first);
                        heads.insert(2 * s, slot);
                        one.push((slot, set.phrases[i].rank, i as u32));
                    }
                    Some((first, Some(second))) => {
                        heads.insert(2 * s + 1, Filter::slot(first));
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
                let heads = self.heads.group(Filter::slot(words[k].hash));
                self.try_at::<0>(heads, text, words, k, &mut resume[0], out0);
                self.try_at::<1>(heads, text, words, k, &mut resume[1], out1);
            }
            base += 8;
        }
        for k in base..words.len() {
            if self.walk.may_hold(words[k].hash) {
                let heads = self.heads.group(Filter::slot(words[k].hash));
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
        let slot = Filter::slot(w.hash);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::words::Words;

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
}
