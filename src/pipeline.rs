//! The first three stages on one article: clean it, then extract from it.

use crate::article::Article;
use crate::clean;
use crate::extract::{Entities, Extractor};

/// An article after clean and extract.
#[derive(Debug, Clone)]
pub struct Processed {
    pub article: Article,
    pub entities: Entities,
    /// The paragraphs clean removed, with the rule that removed each.
    pub removed: Vec<clean::Removed>,
}

/// Cleans `article` and extracts its entities with `extractor`.
pub fn process(extractor: &Extractor, mut article: Article) -> Processed {
    let removed = clean::clean(&mut article);
    let entities = extractor.extract(&article);
    Processed {
        article,
        entities,
        removed,
    }
}
