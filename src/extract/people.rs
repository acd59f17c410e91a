//! People: gazetteer figures and rule-found names, merged per article.

use super::{Doc, Person, PlaceHit};

/// Finds and merges the people an article names.
pub struct PeopleFinder {}

impl PeopleFinder {
    pub fn builtin() -> Self {
        PeopleFinder {}
    }

    /// One `Person` per real person in the document, most mentioned first.
    pub fn find(&self, _doc: &Doc, _places: &[PlaceHit]) -> Vec<Person> {
        Vec::new()
    }
}
