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
}

/// Bits of the filter that turns most words away before the map is probed.
const FILTER_BITS: usize = 1 << 14;

/// A set of phrases found by [`PhraseSet::find`]; phrase `i` is the `i`-th
/// given to [`PhraseSet::new`].
#[derive(Debug)]
pub struct PhraseSet {
    phrases: Vec<Phrase>,
    /// Hash of the ASCII-lowercased first word → phrases starting with it,
    /// longest first. A hash collision costs only a failed comparison: every
    /// candidate is compared with the text in full.
    by_first: FxHashMap<u64, Vec<u32>>,
    /// One bit per first-word hash (a one-hash Bloom filter).
    filter: Box<[u64]>,
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
        let mut set = PhraseSet {
            phrases: Vec::new(),
            by_first: FxHashMap::default(),
            filter: vec![0; FILTER_BITS / 64].into_boxed_slice(),
        };
        for (text, case) in phrases {
            let text = text.as_ref();
            let index = set.phrases.len() as u32;
            let first = Words::of(text).0.first().copied();
            set.phrases.push(Phrase {
                text: text.into(),
                lead: first.map_or(0, |w| w.start as usize),
                first: first.map_or(0, |w| (w.end - w.start) as usize),
                case,
                end_word: text.chars().next_back().is_some_and(is_word_char),
            });
            let Some(w) = first else { continue };
            set.filter[filter_bit(w.hash) / 64] |= 1 << (filter_bit(w.hash) % 64);
            set.by_first.entry(w.hash).or_default().push(index);
        }
        let phrases = &set.phrases;
        for list in set.by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(phrases[i as usize].text.len()));
        }
        set
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
        self.find(text, &Words::of(text), &mut out);
        out
    }

    /// Appends every match in `text`, whose words are `words`, to `out`:
    /// leftmost-longest, in text order. Several sets can share one [`Words`].
    pub fn find(&self, text: &str, words: &Words, out: &mut Vec<Found>) {
        let mut resume = 0;
        for w in &words.0 {
            let bit = filter_bit(w.hash);
            if self.filter[bit / 64] & (1 << (bit % 64)) == 0 || (w.start as usize) < resume {
                continue;
            }
            let Some(list) = self.by_first.get(&w.hash) else {
                continue;
            };
            let (s, len) = (w.start as usize, (w.end - w.start) as usize);
            for &i in list {
                let p = &self.phrases[i as usize];
                if p.first != len {
                    continue;
                }
                let Some(start) = s.checked_sub(p.lead) else {
                    continue;
                };
                let end = start + p.text.len();
                let Some(got) = text.as_bytes().get(start..end) else {
                    continue;
                };
                let same = match p.case {
                    Case::Exact => got == p.text.as_bytes(),
                    Case::Ascii => got.eq_ignore_ascii_case(p.text.as_bytes()),
                };
                if start < resume
                    || !same
                    || !text.is_char_boundary(end)
                    || (p.end_word && text[end..].chars().next().is_some_and(is_word_char))
                {
                    continue;
                }
                resume = end;
                out.push(Found {
                    phrase: i as usize,
                    start,
                    end,
                });
                break;
            }
        }
    }
}

fn filter_bit(hash: u64) -> usize {
    (hash >> 50) as usize % FILTER_BITS
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// One word of a text: its byte range and the hash of its ASCII-lowercased bytes.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: u32,
    end: u32,
    hash: u64,
}

/// The words of a text (maximal runs of alphanumeric characters), found and
/// hashed once and shared by every [`PhraseSet`] that searches the text.
#[derive(Debug, Default)]
pub struct Words(Vec<Word>);

impl Words {
    pub fn of(text: &str) -> Words {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let bytes = text.as_bytes();
        let mut words = Vec::with_capacity(bytes.len() / 6);
        // The width of the word character at `i`, or 0 if it is not one.
        let word_at = |i: usize| -> usize {
            let b = bytes[i];
            if b < 0x80 {
                usize::from(b.is_ascii_alphanumeric())
            } else {
                match text[i..].chars().next() {
                    Some(c) if c.is_alphanumeric() => c.len_utf8(),
                    _ => 0,
                }
            }
        };
        let mut i = 0;
        while i < bytes.len() {
            // Skip to the next word (ASCII punctuation and spaces cheaply).
            let width = word_at(i);
            if width == 0 {
                i += if bytes[i] < 0x80 {
                    1
                } else {
                    text[i..].chars().next().map_or(1, char::len_utf8)
                };
                continue;
            }
            let start = i;
            let mut hash = 0u64;
            let mut width = width;
            loop {
                for &b in &bytes[i..i + width] {
                    hash =
                        (hash.rotate_left(5) ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(K);
                }
                i += width;
                if i >= bytes.len() {
                    break;
                }
                width = word_at(i);
                if width == 0 {
                    break;
                }
            }
            words.push(Word {
                start: start as u32,
                end: i as u32,
                hash,
            });
        }
        Words(words)
    }
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
    fn non_ascii_words_and_text() {
        let set = PhraseSet::new([("Côte d'Ivoire", Case::Exact), ("Zürich", Case::Ascii)]);
        assert_eq!(
            found(&set, "À Côte d'Ivoire, zürich… Zürichsee"),
            ["0:Côte d'Ivoire", "1:zürich"]
        );
    }
}
