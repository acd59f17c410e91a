//! Reading the quotes stored at import (see `import::write_quotes`): what
//! `gazette quotes`, the reader's marks and the quotes view show, without
//! extracting anything again.

use rusqlite::params;
use serde::Serialize;

use super::{Library, StoreError};
use crate::article::ArticleId;
use crate::entity::Kind;
use crate::extract::quotes::SpeakerKind;
use crate::query::{Field, Query, Term};

/// One stored quotation of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredQuote {
    #[serde(skip)]
    pub article: ArticleId,
    pub text: String,
    /// The speaker's name as the library labels it (a person's canonical
    /// name, an organisation's name), or `None` for an unnamed speaker.
    pub speaker: Option<String>,
    /// The speaker's key, which `said:=` selects by.
    #[serde(skip)]
    pub speaker_key: Option<String>,
    pub speaker_kind: Option<SpeakerKind>,
    /// Byte offsets of the quoted words in the article's body (its
    /// paragraphs joined by blank lines).
    pub start: usize,
    pub end: usize,
}

impl StoredQuote {
    /// The exact filter term selecting the articles quoting this speaker.
    pub fn speaker_term(&self) -> Option<String> {
        let key = self.speaker_key.as_deref()?;
        let kind = crate::entity::Kind::Speaker;
        let label = self.speaker.as_deref().unwrap_or(key);
        Some(crate::entity::Facet::new(kind, key.to_string(), label.to_string(), 0).term)
    }
}

impl Library {
    /// The keys of the speakers a query asks for by its `said:` terms that
    /// are not negated, so `gazette quotes said:starmer` shows what Starmer
    /// said rather than every quote of the articles quoting him; `None`
    /// when it has no such term.
    pub fn wanted_speakers(&self, q: &Query) -> Option<Vec<String>> {
        let mut terms = Vec::new();
        q.positive_terms(&mut terms);
        let mut keys: Option<Vec<String>> = None;
        for t in &terms {
            if let Term::Field(Field::Entity(Kind::Speaker), _)
            | Term::Exact(Field::Entity(Kind::Speaker), _) = t
            {
                let found = self.entities_named(t).into_iter().map(|e| e.key.clone());
                keys.get_or_insert_with(Vec::new).extend(found);
            }
        }
        keys
    }

    /// The quotes of one article, in the order they appear.
    pub fn quotes_of(&self, id: ArticleId) -> Result<Vec<StoredQuote>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT q.start, q.stop, q.body, q.text, e.key, e.label
                 FROM quotes q LEFT JOIN entities e ON e.id = q.speaker
                 WHERE q.article = ?1 ORDER BY q.seq",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![id.0 as i64], |r| {
                let start: i64 = r.get(0)?;
                let end: i64 = r.get(1)?;
                let body: bool = r.get(2)?;
                let key: Option<String> = r.get(4)?;
                Ok(StoredQuote {
                    article: id,
                    text: r.get(3)?,
                    speaker: r.get(5)?,
                    speaker_kind: key.as_ref().map(|_| {
                        if body {
                            SpeakerKind::Organisation
                        } else {
                            SpeakerKind::Person
                        }
                    }),
                    speaker_key: key,
                    start: usize::try_from(start).unwrap_or(0),
                    end: usize::try_from(end).unwrap_or(0),
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// The quotes of `ids`, article by article in the order given (newest
    /// first for a search's results), keeping those `keep` accepts, until
    /// `limit` quotes are found.
    pub fn quotes_over(
        &self,
        ids: &[ArticleId],
        limit: usize,
        mut keep: impl FnMut(&StoredQuote) -> bool,
    ) -> Result<Vec<StoredQuote>, StoreError> {
        let mut out = Vec::new();
        for &id in ids {
            if out.len() >= limit {
                break;
            }
            let room = limit - out.len();
            out.extend(self.quotes_of(id)?.into_iter().filter(&mut keep).take(room));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::pipeline::Processed;
    use crate::query::parse;

    fn article(source: &str, paras: &[&str]) -> Processed {
        let a = Article::new(
            source,
            format!("Story {source}"),
            paras.iter().map(|p| p.to_string()).collect(),
        );
        let entities = crate::extract::Extractor::default().extract(&a);
        Processed {
            article: a,
            entities,
            removed: Vec::new(),
        }
    }

    fn count(lib: &Library, q: &str) -> usize {
        lib.search(&parse(q).expect("query")).expect("search").len()
    }

    const STARMER: &str =
        "\"We will spend what it takes to keep this country safe,\" said Keir Starmer on Monday.";
    const WHITE_HOUSE: &str = "\"The president has been clear about the deadline for the talks,\" the White House said in a statement.";

    #[test]
    fn quotes_are_stored_with_their_speakers_and_replaced_with_the_article() {
        let mut lib = Library::in_memory().expect("library");
        let a = article("a.txt", &["Keir Starmer spoke in London.", STARMER]);
        let b = article("b.txt", &["Officials met.", WHITE_HOUSE]);
        let c = article(
            "c.txt",
            &["Nobody said anything of note today in the town."],
        );
        lib.import(&[a.clone(), b.clone(), c]).expect("import");

        let qa = lib.quotes_of(a.article.id).expect("quotes");
        assert_eq!(qa.len(), 1, "{qa:?}");
        assert_eq!(qa[0].speaker.as_deref(), Some("Keir Starmer"));
        assert_eq!(qa[0].speaker_kind, Some(SpeakerKind::Person));
        let body = a.article.body();
        assert_eq!(&body[qa[0].start..qa[0].end], qa[0].text);
        assert_eq!(
            qa[0].speaker_term().as_deref(),
            Some("said:=\"Keir Starmer\"")
        );
        let qb = lib.quotes_of(b.article.id).expect("quotes");
        assert_eq!(qb.len(), 1, "{qb:?}");
        assert_eq!(qb[0].speaker_kind, Some(SpeakerKind::Organisation));

        // said: is a prefix over speakers, said:= exact; neither matches a
        // person only mentioned.
        assert_eq!(count(&lib, "said:starmer"), 1);
        assert_eq!(count(&lib, "said:=\"Keir Starmer\""), 1);
        assert_eq!(count(&lib, "said:=starmer"), 0);
        assert_eq!(count(&lib, "said:white"), 1);
        assert_eq!(count(&lib, "person:starmer"), 1);
        assert_eq!(count(&lib, "said:nobody"), 0);
        let facets = lib.facets(&lib.search(&parse("").unwrap()).unwrap());
        let speakers: Vec<&str> = facets
            .of(Kind::Speaker)
            .iter()
            .map(|f| f.label.as_str())
            .collect();
        assert_eq!(speakers.len(), 2, "{speakers:?}");

        // Rewritten without the quote: its row and its speaker's mention go.
        let mut again = a.clone();
        again.article.paragraphs = vec!["Keir Starmer spoke in London, briefly.".into()];
        again.entities = crate::extract::Extractor::default().extract(&again.article);
        lib.import(&[again]).expect("reimport");
        assert!(lib.quotes_of(a.article.id).expect("quotes").is_empty());
        assert_eq!(count(&lib, "said:starmer"), 0);

        let all = lib
            .quotes_over(&[b.article.id, a.article.id], 10, |_| true)
            .expect("over");
        assert_eq!(all.len(), 1);
        assert!(lib.check().expect("check").is_empty());

        let wanted = |q: &str| lib.wanted_speakers(&parse(q).expect("query"));
        assert_eq!(wanted("said:white"), Some(vec!["white house".to_string()]));
        assert_eq!(
            wanted("said:=\"White House\" OR said:nobody"),
            Some(vec!["white house".to_string()])
        );
        assert_eq!(wanted("person:starmer -said:white"), None);
    }
}
