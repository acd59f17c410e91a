//! The word lists' [`WordBits`] in one dense table: the scan asks it of
//! nearly every capitalised token, half of which are in no list, and most of
//! the cost of a general hash map there was cache misses (32-byte slots, the
//! key strings elsewhere in memory) and hashing whole strings.

use rustc_hash::FxHashMap;

use super::lexicon::WordBits;

/// Words to their [`WordBits`]: a filter of hash bits small enough to stay
/// in the nearest cache, which turns away most words in no list without
/// touching the table; then open addressing with linear probing over 8-byte
/// slots, the keys' bytes one after another in one buffer.
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

/// A set of hashes that may answer "maybe" for one not in it, never "no"
/// for one that is: one bit per [`Hash::filter`] value.
#[derive(Debug)]
pub struct Filter(Box<[u64; FILTER_WORDS]>);

/// 64 Ki bits (8 KiB): with the ~4,800 compiled-in words about one word in
/// fourteen that is in no list passes the filter.
const FILTER_WORDS: usize = 1024;

impl Default for Filter {
    fn default() -> Filter {
        Filter(Box::new([0; FILTER_WORDS]))
    }
}

impl Filter {
    pub fn insert(&mut self, h: Hash) {
        let (f, bit) = h.filter();
        self.0[f] |= bit;
    }

    /// False when no hash inserted is `h`.
    #[inline(always)]
    pub fn may_hold(&self, h: Hash) -> bool {
        let (f, bit) = h.filter();
        self.0[f] & bit != 0
    }
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

/// The first and last eight bytes of `w` (four of a word shorter than
/// eight; its first, middle and last of a word shorter than four), the
/// halves the hash is made of. Together with the length they are the whole
/// word when it has at most sixteen bytes: every byte is in one half or
/// the other.
#[inline(always)]
pub fn ends(w: &[u8]) -> (u64, u64) {
    let n = w.len();
    if n >= 8 {
        (read8(&w[..8]), read8(&w[n - 8..]))
    } else if n >= 4 {
        (u64::from(read4(&w[..4])), u64::from(read4(&w[n - 4..])))
    } else if n > 0 {
        (
            u64::from(w[0]) | u64::from(w[n / 2]) << 8 | u64::from(w[n - 1]) << 16,
            0,
        )
    } else {
        (0, 0)
    }
}

/// A word's hash, its three parts taken from different bits.
#[derive(Clone, Copy)]
pub struct Hash(u64);

impl Hash {
    /// The hash of a word of `n` bytes with these [`ends`]. Only the ends
    /// are read (the table compares the bytes anyway): a word costs the
    /// same whatever its length.
    #[inline(always)]
    pub fn of((a, b): (u64, u64), n: usize) -> Hash {
        // A folded multiply: every bit of the product depends on every bit
        // of both factors, so each part of the hash is well mixed.
        let p = u128::from(a ^ 0x243f_6a88_85a3_08d3)
            * u128::from(b ^ 0x1319_8a2e_0370_7344 ^ n as u64);
        Hash((p as u64) ^ (p >> 64) as u64)
    }

    /// The hash of the word `w`.
    #[inline(always)]
    pub fn of_word(w: &[u8]) -> Hash {
        Hash::of(ends(w), w.len())
    }

    /// The hash of the ASCII word `w` in lower case, without making it:
    /// [`ends`] picks bytes, so the ends of the lower case are the ends
    /// lowered, eight bytes at a step.
    #[inline(always)]
    pub fn of_ascii_lower(w: &[u8]) -> Hash {
        const ONES: u64 = 0x0101_0101_0101_0101;
        // The high bit of each byte from 'A' to 'Z' (for ASCII bytes no sum
        // carries into the next), moved to 0x20. Callers may ask about a
        // word with other bytes before they check it is ASCII (the answer
        // is then unused): the sums wrap rather than overflow.
        let lower = |x: u64| {
            let upper = x.wrapping_add(ONES * (0x80 - u64::from(b'A')))
                & !x.wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1))
                & (ONES * 0x80);
            x | upper >> 2
        };
        let (a, b) = ends(w);
        Hash::of((lower(a), lower(b)), w.len())
    }

    fn slot(self, mask: usize) -> usize {
        self.0 as usize & mask
    }

    fn tag(self) -> u16 {
        (self.0 >> 48) as u16 | 1
    }

    /// The word of the filter and the bit in it.
    fn filter(self) -> (usize, u64) {
        let f = (self.0 >> 32) as usize;
        ((f >> 6) % FILTER_WORDS, 1 << (f & 63))
    }
}

#[inline(always)]
fn read8(b: &[u8]) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(b);
    u64::from_le_bytes(x)
}

#[inline(always)]
fn read4(b: &[u8]) -> u32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(b);
    u32::from_le_bytes(x)
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
        let len = read4(&self.keys[at..at + 4]) as usize;
        &self.keys[at + 4..at + 4 + len]
    }

    /// The slot holding `w` (whose [`ends`] and hash these are), or the
    /// empty slot where it would go.
    #[inline(always)]
    fn find(&self, w: &[u8], ends_w: (u64, u64), h: Hash) -> (usize, bool) {
        let mask = self.slots.len() - 1;
        let tag = h.tag();
        let mut i = h.slot(mask);
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
    #[inline]
    pub fn get(&self, word: &str) -> WordBits {
        let w = word.as_bytes();
        let e = ends(w);
        let h = Hash::of(e, w.len());
        // No key has this filter bit: the word is none of them.
        if !self.filter.may_hold(h) {
            return 0;
        }
        self.probe(word, e, h)
    }

    /// False when the lower case of the ASCII word `w` is no key: the
    /// filter alone, asked without lower-casing `w`.
    #[inline]
    pub fn may_hold_ascii_lower(&self, w: &[u8]) -> bool {
        self.filter.may_hold(Hash::of_ascii_lower(w))
    }

    /// [`Self::get`] past the filter.
    #[inline(never)]
    fn probe(&self, word: &str, e: (u64, u64), h: Hash) -> WordBits {
        match self.find(word.as_bytes(), e, h) {
            (i, true) => self.slots[i].bits,
            _ if self.spill.is_empty() => 0,
            _ => self.spill.get(word).copied().unwrap_or(0),
        }
    }

    /// Sets the bits of `word` to `f` of its bits (0 when new).
    pub fn update(&mut self, word: &str, f: impl FnOnce(WordBits) -> WordBits) {
        let w = word.as_bytes();
        let e = ends(w);
        let h = Hash::of(e, w.len());
        self.filter.insert(h);
        match self.find(w, e, h) {
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
                    tag: h.tag(),
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
            let mut i = Hash::of(ends(key), key.len()).slot(mask);
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
    fn the_ends_of_a_short_word_are_the_word() {
        // Two letters make words that differ in one byte anywhere.
        let mut next = crate::extract::test_random(13);
        let mut lengths = crate::extract::test_random(14);
        let mut word = |n: usize| -> Vec<u8> { (0..n).map(|_| b"ab"[next() % 2]).collect() };
        let mut same = 0;
        for _ in 0..20_000 {
            let n = lengths() % 17;
            let (x, y) = (word(n), word(n));
            assert_eq!(ends(&x) == ends(&y), x == y, "{x:?} {y:?}");
            same += usize::from(x == y);
        }
        // Both answers were put to the test.
        assert!(same > 100 && same < 10_000, "{same}");
    }

    #[test]
    fn the_lower_case_hash_is_the_hash_of_the_lower_case() {
        let pieces = [
            "A", "z", "Z", "a", "@", "[", "`", "{", " ", "Mc", "-", "'", "0",
        ];
        let mut next = crate::extract::test_random(17);
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..next() % 12 {
                s.push_str(pieces[next() % pieces.len()]);
            }
            let lower = s.to_ascii_lowercase();
            assert_eq!(
                Hash::of_ascii_lower(s.as_bytes()).0,
                Hash::of_word(lower.as_bytes()).0,
                "{s:?}"
            );
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
