//! Countries: names, alternative names, demonyms and capitals → ISO codes.

use super::{CountryMention, Doc, PlaceHit, Span};

/// Finds places with one automaton pass and resolves them to countries.
pub struct CountryFinder {}

impl CountryFinder {
    pub fn builtin() -> Self {
        CountryFinder {}
    }

    /// Every gazetteer hit in the document, in text order.
    pub fn scan(&self, _doc: &Doc) -> Vec<PlaceHit> {
        Vec::new()
    }

    /// Per-country mentions from the hits that are not inside `excluded` spans.
    pub fn resolve(&self, _doc: &Doc, _hits: &[PlaceHit], _excluded: &[Span]) -> Vec<CountryMention> {
        Vec::new()
    }
}
