//! The word lists' [`WordBits`] in one dense table: the scan asks it of
//! nearly every capitalised token, half of which are in no list, and most of
//! the cost of a general hash map there was cache misses (32-byte slots, the
//! key strings elsewhere in memory) and hashing whole strings.

use rustc_hash::FxHashMap;

use super::lexicon::WordBits;
use crate::extract::words::{Filter, ends, hash, hash_lower, load4};

/// Words to their [`WordBits`]: a [`Filter`] small enough to stay in the
/// nearest cache, which turns away most words in no list without touching
/// the table; then open addressing with linear probing over 8-byte slots,
/// the keys' bytes one after another in one buffer. Keys are hashed by
/// the word [`hash`].
#[derive(Debug)]
pub struct WordTable {
    filter: Filter,
    /// Each key as its length (four bytes, little-endian) and its bytes.
    keys: Vec<u8>,
    /// A power of two in length, at most three quarters full.
    slots: Box<[Slot]>,
    len: usize,
    /// Keys past the 4 GiB that [`Slot::at`] can address (never, but for
    /// absurd extra word lists).
    spill: FxHashMap<Box<str>, WordBits>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// Bits of the key's hash, never 0; 0 marks an empty slot. A word whose
    /// tag differs is not the key.
    tag: u16,
    bits: WordBits,
    /// Where the key starts in [`WordTable::keys`].
    at: u32,
}

/// Where a word with hash `h` starts probing in slots `mask + 1`: its low
/// bits (the [`Filter`] reads the top ones).
#[inline(always)]
fn home(h: u64, mask: usize) -> usize {
    h as usize & mask
}

/// The tag of a word with hash `h`, never 0: bits that neither [`home`] nor
/// the [`Filter`] reads.
#[inline(always)]
fn tag(h: u64) -> u16 {
    (h >> 32) as u16 | 1
}

impl WordTable {
    /// A table with room for `n` words before it grows.
    pub fn with_capacity(n: usize) -> WordTable {
        WordTable {
            filter: Filter::default(),
            keys: Vec::with_capacity(n * 12),
            slots: vec![Slot::default(); (n * 4 / 3 + 1).next_power_of_two().max(16)]
                .into_boxed_slice(),
            len: 0,
            spill: FxHashMap::default(),
        }
    }

    /// The key stored at `at`.
    #[inline(always)]
    fn key(&self, at: u32) -> &[u8] {
        let at = at as usize;
        let len = load4(&self.keys[at..at + 4]) as usize;
        &self.keys[at + 4..at + 4 + len]
    }

    /// The slot holding `w` (whose hash is `h`), or the empty slot where it
    /// would go.
    #[inline(always)]
    fn find(&self, w: &[u8], h: u64) -> (usize, bool) {
        let mask = self.slots.len() - 1;
        let tag = tag(h);
        let ends_w = ends(w);
        let mut i = home(h, mask);
        loop {
            let s = self.slots[i];
            if s.tag == 0 {
                return (i, false);
            }
            if s.tag == tag {
                let key = self.key(s.at);
                // Of the same length, at most sixteen bytes, the ends are
                // the whole word (see `ends`): comparing them compares every
                // byte, without a call.
                let same = key.len() == w.len()
                    && if w.len() <= 16 {
                        ends(key) == ends_w
                    } else {
                        key == w
                    };
                if same {
                    return (i, true);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The bits of `word`, 0 when it is in no list.
    #[inline(always)]
    pub fn get(&self, word: &str) -> WordBits {
        let h = hash(word.as_bytes());
        // No key has this filter bit: the word is none of them.
        if !self.filter.may_hold(h) {
            return 0;
        }
        self.probe(word, h)
    }

    /// False when the lower case of the ASCII word `w` is no key: the
    /// filter alone, asked without lower-casing `w`.
    #[inline]
    pub fn may_hold_ascii_lower(&self, w: &[u8]) -> bool {
        self.filter.may_hold(hash_lower(w))
    }

    /// [`Self::get`] past the filter.
    #[inline(never)]
    fn probe(&self, word: &str, h: u64) -> WordBits {
        match self.find(word.as_bytes(), h) {
            (i, true) => self.slots[i].bits,
            _ if self.spill.is_empty() => 0,
            _ => self.spill.get(word).copied().unwrap_or(0),
        }
    }

    /// Sets the bits of `word` to `f` of its bits (0 when new).
    pub fn update(&mut self, word: &str, f: impl FnOnce(WordBits) -> WordBits) {
        let w = word.as_bytes();
        let h = hash(w);
        self.filter.insert(h);
        match self.find(w, h) {
            (i, true) => self.slots[i].bits = f(self.slots[i].bits),
            (i, false) => {
                let (Ok(at), Ok(len), true) = (
                    u32::try_from(self.keys.len()),
                    u32::try_from(w.len()),
                    self.keys.len() + 4 + w.len() <= u32::MAX as usize,
                ) else {
                    let bits = self.spill.entry(word.into()).or_default();
                    *bits = f(*bits);
                    return;
                };
                self.keys.extend_from_slice(&len.to_le_bytes());
                self.keys.extend_from_slice(w);
                self.slots[i] = Slot {
                    tag: tag(h),
                    bits: f(0),
                    at,
                };
                self.len += 1;
                if self.len * 4 > self.slots.len() * 3 {
                    self.grow();
                }
            }
        }
    }

    /// Adds `bit` to the bits of `word`.
    pub fn add(&mut self, word: &str, bit: WordBits) {
        self.update(word, |b| b | bit);
    }

    /// Doubles the slots, placing every key again.
    fn grow(&mut self) {
        let bigger = vec![Slot::default(); self.slots.len() * 2].into_boxed_slice();
        let old = std::mem::replace(&mut self.slots, bigger);
        let mask = self.slots.len() - 1;
        for s in old.iter().filter(|s| s.tag != 0) {
            let key = self.key(s.at);
            let mut i = home(hash(key), mask);
            while self.slots[i].tag != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = *s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_answers_as_a_hash_map_does() {
        let pieces = [
            "A",
            "b",
            "Mc",
            "-",
            "é",
            "ß",
            "’",
            "Internationalisation",
            "O'",
            "x",
            "1",
            "",
        ];
        let mut next = crate::extract::test_random(11);
        let mut word = || {
            let mut s = String::new();
            for _ in 0..next() % 7 {
                s.push_str(pieces[next() % pieces.len()]);
            }
            s
        };
        // From a small start, so the table grows several times.
        let mut table = WordTable::with_capacity(4);
        let mut plain: rustc_hash::FxHashMap<String, WordBits> = Default::default();
        let mut next_bit = crate::extract::test_random(12);
        for _ in 0..3000 {
            let (w, bit) = (word(), 1 << (next_bit() % 16));
            table.add(&w, bit);
            *plain.entry(w).or_default() |= bit;
            let w = word();
            assert_eq!(table.get(&w), plain.get(&w).copied().unwrap_or(0), "{w:?}");
        }
        for (w, &bits) in &plain {
            assert_eq!(table.get(w), bits, "{w:?}");
        }
        for _ in 0..3000 {
            let w = word();
            assert_eq!(table.get(&w), plain.get(&w).copied().unwrap_or(0), "{w:?}");
        }
    }

    #[test]
    fn words_differing_only_inside_are_told_apart() {
        // The hash reads only the ends of a long word: the bytes decide.
        let mut table = WordTable::with_capacity(4);
        table.add("Abcdefgh-one-Stuvwxyz", 1);
        table.add("Abcdefgh-two-Stuvwxyz", 2);
        assert_eq!(table.get("Abcdefgh-one-Stuvwxyz"), 1);
        assert_eq!(table.get("Abcdefgh-two-Stuvwxyz"), 2);
        assert_eq!(table.get("Abcdefgh-six-Stuvwxyz"), 0);
        assert_eq!(table.get(""), 0);
        table.update("", |b| b | 4);
        assert_eq!(table.get(""), 4);
    }
}
