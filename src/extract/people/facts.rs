//! What the word lists say of each token, looked up at most once: the rules
//! ask a few questions of a name's words again and again (is it a given name,
//! a place, a word that never names anyone), and one lookup of the word in
//! [`Lexicon::word_bits`] answers them all; later questions are bit tests.
//! The answers are the lexicon's own, so this changes nothing but the cost.

use std::cell::Cell;

use super::Scan;
use super::lexicon::{
    GIVEN, GIVEN_COMMON, KNOWN_FIRST, ORG, ORG_SURNAME, PLACE, SPEECH, TITLE, TitleKind, WORD,
    WordBits,
};
use super::tokens::Shape;

/// Per token: the [`WordBits`] in the low bits, and flags above them.
pub type Facts = [Cell<u32>];

/// The word bits were looked up.
const LOOKED_UP: u32 = 1 << 16;
/// The role question was asked, and its answer.
const ROLE_ASKED: u32 = 1 << 17;
const ROLE: u32 = 1 << 18;

impl Scan<'_, '_> {
    /// The [`WordBits`] of token `k`, looked up on first use. Asked several
    /// times of most tokens: the answer at hand costs no call.
    #[inline(always)]
    fn bits(&self, k: usize) -> u32 {
        let bits = self.facts[k].get();
        if bits & LOOKED_UP != 0 {
            return bits;
        }
        self.look_up(k)
    }

    /// [`Self::bits`] of a token not yet looked up.
    #[inline(never)]
    fn look_up(&self, k: usize) -> u32 {
        let cell = &self.facts[k];
        let bits = cell.get() | LOOKED_UP | u32::from(self.lex.word_bits(self.text(k)));
        cell.set(bits);
        bits
    }

    #[inline]
    fn has(&self, k: usize, bit: WordBits) -> bool {
        self.bits(k) & u32::from(bit) != 0
    }

    /// Token `k` is a capitalised word that never belongs to a name ("Monday").
    #[inline]
    pub(super) fn is_word_at(&self, k: usize) -> bool {
        self.has(k, WORD)
    }
    /// Token `k` is a head word of organisations ("Party").
    #[inline]
    pub(super) fn org_at(&self, k: usize) -> bool {
        self.has(k, ORG)
    }
    /// Token `k` is a head word of organisations that is also a surname ("Ford").
    #[inline]
    pub(super) fn org_surname_at(&self, k: usize) -> bool {
        self.has(k, ORG_SURNAME)
    }
    /// Token `k` is in the list of places (the list only, not the place hits).
    #[inline]
    pub(super) fn place_word_at(&self, k: usize) -> bool {
        self.has(k, PLACE)
    }
    /// Token `k` is the first word of a known person's name.
    #[inline]
    pub(super) fn known_first_at(&self, k: usize) -> bool {
        self.has(k, KNOWN_FIRST)
    }
    /// Token `k` is a verb of saying.
    #[inline]
    pub(super) fn speech_at(&self, k: usize) -> bool {
        let t = &self.toks[k];
        self.lex.may_be_speech(
            self.unit.as_bytes()[t.start as usize],
            (t.end - t.start) as usize,
        ) && self.has(k, SPEECH)
    }

    /// Token `k` starts some title: the first byte and length turn most
    /// words away, and the word bits say it of the rest.
    #[inline]
    pub(super) fn starts_title(&self, k: usize) -> bool {
        let t = &self.toks[k];
        self.lex.may_start_title(
            self.unit.as_bytes()[t.start as usize],
            (t.end - t.start) as usize,
        ) && self.has(k, TITLE)
    }

    /// [`super::Lexicon::title_at`], asked only of a token that starts some title.
    #[inline]
    pub(super) fn title_at(&self, k: usize) -> Option<(usize, TitleKind)> {
        if !self.starts_title(k) {
            return None;
        }
        self.lex.title_at(self.unit, self.toks, k)
    }
    /// [`super::Lexicon::given`] of token `k`.
    #[inline]
    pub(super) fn given_at(&self, k: usize) -> Option<bool> {
        let bits = self.bits(k);
        (bits & u32::from(GIVEN) != 0).then_some(bits & u32::from(GIVEN_COMMON) != 0)
    }

    /// [`super::Lexicon::is_role`] of token `k` in lower case.
    pub(super) fn role_at(&self, k: usize) -> bool {
        let cell = &self.facts[k];
        let bits = cell.get();
        if bits & ROLE_ASKED != 0 {
            return bits & ROLE != 0;
        }
        let role = self.lex.is_role_lowered(self.text(k));
        cell.set(bits | ROLE_ASKED | if role { ROLE } else { 0 });
        role
    }

    /// True when token `k` can be part of a name at all.
    #[inline]
    pub(super) fn nameish(&self, k: usize) -> bool {
        match self.toks[k].shape {
            Shape::Cap => !self.is_word_at(k),
            Shape::Initial => true,
            _ => false,
        }
    }

    /// [`super::club_like`] of token `k`.
    pub(super) fn club_like_at(&self, k: usize) -> bool {
        self.place_word_at(k) && self.given_at(k).is_none()
    }
}
