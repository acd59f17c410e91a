//! Whole-word phrase matching by word lookup.
//!
//! Gazetteers and the issue taxonomy only ever match whole words, so the
//! words of the text are walked once and each is looked up in a map keyed
//! by the first word of every phrase (a byte automaton over every
//! character would, case-insensitive, stop inside "said" for "aid" and
//! inside "taxi" for "tax"). Only the few words that start a phrase cost a
//! comparison, and building the map is a few thousand inserts.
//!
//! Matches are leftmost-longest, never overlap, and are reported only on
//! word boundaries.
//!
//! [`PhraseSets`] searches two sets in one walk over the same words, with
//! tables of its own built for speed; [`PhraseSet::find`] is the plain
//! version it is tested against.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use super::words::{
    Filter, Word, Words, ascii_word_end, eq_ignore_ascii_case, hash_lower, is_word_char,
};

mod sets;
pub use sets::PhraseSets;

/// How a phrase compares with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Byte for byte: "US" never matches "us".
    Exact,
    /// Ignoring ASCII case: "GDP" matches "gdp", "Zürich" not "ZÜRICH".
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
        let mut filter = Filter::default();
        let mut single_filter = Filter::default();
        let mut pair_filter = Filter::default();
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
/// never run out at the phrase's end (where most of its
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
            hash: hash_lower(&bytes[i..end]),
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
    fn non_ascii_words_and_text() {
        let set = PhraseSet::new([("Côte d'Ivoire", Case::Exact), ("Zürich", Case::Ascii)]);
        assert_eq!(
            found(&set, "À Côte d'Ivoire, zürich… Zürichsee"),
            ["0:Côte d'Ivoire", "1:zürich"]
        );
    }
}
