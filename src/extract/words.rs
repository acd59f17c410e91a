//! Word-at-a-time helpers: the code that reads text eight bytes at a step
//! (finding words, lower-casing, comparing, hashing, testing bytes), the one
//! word hash and the one bit filter that the phrase sets, the people word
//! tables and the JSON writer share. Each fast path here is tested against a
//! plain, byte- or character-at-a-time twin of it.

/// One in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub(crate) const HIGH: u64 = ONES * 0x80;

/// Eight bytes of a slice known to hold eight.
#[inline(always)]
pub(crate) fn eight(chunk: &[u8]) -> [u8; 8] {
    let mut x = [0u8; 8];
    x.copy_from_slice(&chunk[..8]);
    x
}

/// The first eight bytes of `b` (which holds eight), little-endian.
#[inline(always)]
pub(crate) fn load8(b: &[u8]) -> u64 {
    u64::from_le_bytes(eight(b))
}

/// The first four bytes of `b` (which holds four), little-endian.
#[inline(always)]
pub(crate) fn load4(b: &[u8]) -> u32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[..4]);
    u32::from_le_bytes(x)
}

/// The one to eight bytes of `b` with zeros after them, without reading
/// past `b`: two overlapping loads (or three bytes) put every byte in its
/// place, a byte loaded twice OR-ed with itself.
#[inline(always)]
fn load_tail(b: &[u8]) -> u64 {
    let n = b.len();
    if n == 8 {
        load8(b)
    } else if n >= 4 {
        u64::from(load4(b)) | u64::from(load4(&b[n - 4..])) << (8 * (n - 4))
    } else {
        u64::from(b[0])
            | u64::from(b[n / 2]) << (8 * (n / 2))
            | u64::from(b[n - 1]) << (8 * (n - 1))
    }
}

/// The high bit of each byte of `x` from `lo` to `hi`, the others clear.
/// Every byte of `x` must be below 0x80, so that no sum carries into the
/// next byte. Callers may ask about bytes that are not ASCII before they
/// check (the answer is then unused): the sums wrap rather than overflow.
#[inline(always)]
pub(crate) fn within(x: u64, lo: u8, hi: u8) -> u64 {
    x.wrapping_add(ONES * u64::from(0x80 - lo))
        & !x.wrapping_add(ONES * u64::from(0x80 - hi - 1))
        & HIGH
}

/// Eight bytes with their ASCII capitals made lower case, all at once, as
/// `to_ascii_lowercase` makes each (other bytes are kept).
#[inline(always)]
pub(crate) fn lower_ascii(x: u64) -> u64 {
    let upper = within(x & !HIGH, b'A', b'Z') & !x;
    x | (upper >> 2)
}

/// The high bit of each byte of `x` that is an ASCII letter or digit, the
/// others clear.
#[inline(always)]
pub(crate) fn ascii_alnum(x: u64) -> u64 {
    let seven = x & !HIGH;
    let digit = within(seven, b'0', b'9');
    let letter = within(seven | (ONES * 0x20), b'a', b'z');
    (digit | letter) & !x
}

/// True when `bytes` has a byte below 0x20. Eight bytes at a time: a byte
/// `b` below 0x20 is one whose `b - 0x20` borrows while its own top bit is
/// clear; with no such byte no subtraction borrows, so the test is exact.
pub(crate) fn has_control(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    let any = chunks.by_ref().fold(0, |acc, chunk| {
        let x = load8(chunk);
        acc | (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
    });
    any != 0 || chunks.remainder().iter().any(|&c| c < 0x20)
}

/// The first and last eight bytes of `w` (four of a word shorter than
/// eight; its first, middle and last of a word shorter than four). Together
/// with the length they are the whole word when it has at most sixteen
/// bytes: every byte is in one or the other, so two words of the same
/// length up to sixteen are equal when their ends are, compared without a
/// call.
#[inline(always)]
pub(crate) fn ends(w: &[u8]) -> (u64, u64) {
    let n = w.len();
    if n >= 8 {
        (load8(w), load8(&w[n - 8..]))
    } else if n >= 4 {
        (u64::from(load4(w)), u64::from(load4(&w[n - 4..])))
    } else if n > 0 {
        (
            u64::from(w[0]) | u64::from(w[n / 2]) << 8 | u64::from(w[n - 1]) << 16,
            0,
        )
    } else {
        (0, 0)
    }
}

/// The word hash, of a word's bytes eight at a step (a word is rarely
/// longer, so this is one or two multiplications). Every table and filter
/// of words uses it: on the bytes as they are ([`hash`]) or with ASCII
/// letters lower-cased ([`hash_lower`], the phrases' and the text walk's).
#[inline(always)]
fn hash_with(w: &[u8], f: impl Fn(u64) -> u64) -> u64 {
    let n = w.len();
    if n <= 8 {
        return match n {
            0 => finish(0),
            _ => finish(hash_step(n as u64, f(load_tail(w)))),
        };
    }
    let mut hash = n as u64;
    let mut rest = w;
    while rest.len() > 8 {
        hash = hash_step(hash, f(load8(rest)));
        rest = &rest[8..];
    }
    finish(hash_step(hash, f(load_tail(rest))))
}

/// The word hash of `w`'s bytes.
#[inline(always)]
pub(crate) fn hash(w: &[u8]) -> u64 {
    hash_with(w, |x| x)
}

/// The word hash of `w` with its ASCII letters lower-cased, without making
/// the lower case: `hash(&w.to_ascii_lowercase())`.
#[inline(always)]
pub(crate) fn hash_lower(w: &[u8]) -> u64 {
    hash_with(w, lower_ascii)
}

/// One step of the word hash: eight more bytes (zeros past the word).
#[inline(always)]
fn hash_step(hash: u64, chunk: u64) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    (hash.rotate_left(5) ^ chunk).wrapping_mul(K)
}

#[inline(always)]
fn finish(hash: u64) -> u64 {
    hash ^ (hash >> 32)
}

/// A set of hashes that may answer "maybe" for one not in it, never "no"
/// for one that is: one bit per value of a hash's top 16 bits, one load and
/// one bit test per question. With a few thousand words inserted, a few
/// percent of its 65,536 bits are set, so few other words get past it.
#[derive(Debug, Clone)]
pub(crate) struct Filter(Box<[u64; Filter::BITS / 64]>);

impl Default for Filter {
    fn default() -> Filter {
        Filter(Box::new([0; Filter::BITS / 64]))
    }
}

impl Filter {
    /// Bits of the filter: a hash's [`Filter::slot`] is one of them.
    pub(crate) const BITS: usize = 1 << 16;

    /// The bit of `hash`: its top 16 bits.
    #[inline(always)]
    pub(crate) fn slot(hash: u64) -> usize {
        (hash >> 48) as usize
    }

    pub(crate) fn insert(&mut self, hash: u64) {
        let bit = Filter::slot(hash);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    /// False when `hash` was never inserted.
    #[inline(always)]
    pub(crate) fn may_hold(&self, hash: u64) -> bool {
        let bit = Filter::slot(hash);
        self.0[bit / 64] >> (bit % 64) & 1 == 1
    }

    /// Adds every hash of `other`.
    pub(crate) fn union(&mut self, other: &Filter) {
        for (word, theirs) in self.0.iter_mut().zip(other.0.iter()) {
            *word |= theirs;
        }
    }
}

/// A word character: words are maximal runs of them.
pub(crate) fn is_word_char(c: char) -> bool {
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
pub struct Words(pub(crate) Vec<Word>);

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
    let x = load8(bytes.get(i..i + 8)?);
    let stop = !ascii_alnum(x) & HIGH;
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
        hash: finish(hash_step(len as u64, (x | (ONES * 0x20)) & keep)),
    }
}

/// The word of ASCII letters and digits that starts at byte `i`, when it is
/// short (under 16 bytes) and an ASCII byte ends it: then the bytes read to
/// find its end are the hash's input too, and it costs a few instructions.
/// `None` says only that this fast path does not apply.
#[inline(always)]
pub(crate) fn ascii_word(bytes: &[u8], i: usize) -> Option<Word> {
    let x = load8(bytes.get(i..i + 8)?);
    let stop = !ascii_alnum(x) & HIGH;
    if stop != 0 {
        let len = (stop.trailing_zeros() / 8) as usize;
        if bytes[i + len] >= 0x80 {
            return None;
        }
        return Some(short_word(i, len, x));
    }
    // Eight letters or digits: the same for a word of up to 15.
    let y = load8(bytes.get(i + 8..i + 16)?);
    let stop = !ascii_alnum(y) & HIGH;
    let more = (stop.trailing_zeros() / 8) as usize;
    if stop == 0 || bytes[i + 8 + more] >= 0x80 {
        return None;
    }
    let len = 8 + more;
    let mut hash = hash_step(len as u64, x | (ONES * 0x20));
    if more > 0 {
        let keep = !(u64::MAX << (8 * more));
        hash = hash_step(hash, (y | (ONES * 0x20)) & keep);
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
        hash: hash_lower(&text[start..end]),
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

/// Where the run of ASCII letters and digits from byte `i` ends: eight
/// bytes at a step, as most words end within the first eight.
#[inline]
pub(crate) fn ascii_word_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let stop = !ascii_alnum(load8(chunk)) & HIGH;
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

/// `a.eq_ignore_ascii_case(b)` eight bytes at a step: [`lower_ascii`]
/// lowers each byte as `to_ascii_lowercase` does.
pub(crate) fn eq_ignore_ascii_case(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut a8, mut b8) = (a.chunks_exact(8), b.chunks_exact(8));
    a8.by_ref()
        .zip(b8.by_ref())
        .all(|(x, y)| lower_ascii(load8(x)) == lower_ascii(load8(y)))
        && a8.remainder().eq_ignore_ascii_case(b8.remainder())
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(words.0[0].hash, hash_lower(word.as_bytes()));
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
    fn the_hash_reads_only_the_word_and_the_lower_case_hash_is_of_the_lower_case() {
        let pieces = [
            "A", "z", "Z", "a", "@", "[", "`", "{", " ", "Mc", "-", "'", "0", "é", "Ü",
        ];
        let mut next = crate::extract::test_random(17);
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..next() % 12 {
                s.push_str(pieces[next() % pieces.len()]);
            }
            // The plain twin: the bytes, zero-padded, eight at a step.
            let plain = |w: &[u8]| {
                let mut padded = w.to_vec();
                padded.resize(w.len().div_ceil(8) * 8, 0);
                finish(
                    padded
                        .chunks(8)
                        .fold(w.len() as u64, |h, c| hash_step(h, load8(c))),
                )
            };
            let lower = s.to_ascii_lowercase();
            assert_eq!(hash(s.as_bytes()), plain(s.as_bytes()), "{s:?}");
            assert_eq!(hash_lower(s.as_bytes()), plain(lower.as_bytes()), "{s:?}");
            // Inside longer text, the bytes after the word do not count.
            let text = format!("{s}Xy");
            assert_eq!(
                hash(&text.as_bytes()[..s.len()]),
                plain(s.as_bytes()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn the_filter_never_turns_away_what_it_holds() {
        let mut filter = Filter::default();
        let mut next = crate::extract::test_random(19);
        let held: Vec<u64> = (0..2000)
            .map(|_| (next() as u64) << 40 ^ next() as u64)
            .collect();
        for &h in &held {
            filter.insert(h);
        }
        assert!(held.iter().all(|&h| filter.may_hold(h)));
        let passed = (0..10_000)
            .filter(|_| filter.may_hold((next() as u64) << 40 ^ next() as u64))
            .count();
        // About 3% of the bits are set.
        assert!(passed < 1000, "{passed}");
        let mut both = Filter::default();
        both.union(&filter);
        assert!(held.iter().all(|&h| both.may_hold(h)));
    }

    #[test]
    fn the_in_range_bits_agree_with_a_byte_at_a_time() {
        for lo in (0..0x80u8).step_by(3) {
            for hi in (lo..0x80).step_by(5) {
                for b in 0..0x80u8 {
                    let x = u64::from_le_bytes([b, lo, hi, 0, 0x7f, b / 2, b ^ 0x55, 1]);
                    let want = x.to_le_bytes().iter().enumerate().fold(0, |acc, (i, &c)| {
                        acc | u64::from((lo..=hi).contains(&c)) << (8 * i + 7)
                    });
                    assert_eq!(within(x, lo, hi), want, "{b:#x} {lo:#x} {hi:#x}");
                }
            }
        }
    }

    #[test]
    fn control_bytes_are_found_wherever_they_are() {
        for len in 0..40 {
            let clean: Vec<u8> = (0..len).map(|i| b" ~\x7f\xc3\xa9A"[i % 5]).collect();
            assert!(!has_control(&clean), "{len}");
            for at in 0..len {
                for c in [0u8, 0x1f, b'\n'] {
                    let mut dirty = clean.clone();
                    dirty[at] = c;
                    assert!(has_control(&dirty), "{len} {at} {c}");
                }
            }
        }
    }
}
