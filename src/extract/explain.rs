//! Why an article has its issues: the phrases behind each one, and the
//! issues that had some evidence but stayed below their threshold.
//!
//! Built only on the tagger's public behaviour, so it explains whatever
//! `IssueTagger::score` does: the article is scored once as usual (what is
//! tagged) and once by a copy of the taxonomy with every threshold at its
//! floor (what had evidence), and each issue's matched spans are grouped
//! by phrase. "Evidence" is what the tagger considers at all: at least one
//! normal phrase's worth (a lone weak phrase is not listed).

use serde::Serialize;

use super::issues::{IssueDef, IssueTagger};
use super::{Doc, Entities, Extractor, Span};
use crate::article::Article;

/// The evidence for one issue in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueEvidence {
    pub id: String,
    pub label: String,
    /// Passed its threshold: the article is tagged with it.
    pub tagged: bool,
    /// The score it has (tagged) or would have had (below the threshold).
    pub score: f32,
    /// The phrases that matched, most weighty and frequent first.
    pub phrases: Vec<PhraseEvidence>,
}

/// One taxonomy phrase as it matched in the article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhraseEvidence {
    /// As first written in the article.
    pub phrase: String,
    /// "strong", "normal" or "weak" (its weight in the taxonomy).
    pub strength: &'static str,
    pub count: usize,
    pub in_title: bool,
    /// A few words either side of its first match.
    pub context: String,
}

/// Characters of context either side of a phrase.
const CONTEXT: usize = 40;

impl Extractor {
    /// Extracts `article` and explains its issues: tagged ones first, then
    /// those with evidence below their threshold, strongest first.
    pub fn explain_issues(
        &self,
        article: &Article,
    ) -> Result<(Entities, Vec<IssueEvidence>), String> {
        let entities = self.extract(article);
        let doc = Doc::new(article);
        let floor = floor_tagger(self.issues())?;
        let mut out: Vec<IssueEvidence> = floor
            .score(&doc, &entities.countries, &entities.people)
            .into_iter()
            .filter_map(|hit| {
                let def = self.issues().issues().iter().find(|d| d.id == hit.id)?;
                let tagged = entities.issues.iter().find(|t| t.id == hit.id);
                // The real tagger's spans and score when it tagged the issue.
                let (score, spans) = match tagged {
                    Some(t) => (t.score, &t.spans),
                    None => (hit.score, &hit.spans),
                };
                Some(IssueEvidence {
                    id: hit.id.clone(),
                    label: hit.label.clone(),
                    tagged: tagged.is_some(),
                    score,
                    phrases: phrases(&doc, def, spans),
                })
            })
            .collect();
        // An issue tagged without floor-tagger evidence (should not happen) still shows.
        for t in &entities.issues {
            if !out.iter().any(|e| e.id == t.id)
                && let Some(def) = self.issues().issues().iter().find(|d| d.id == t.id)
            {
                out.push(IssueEvidence {
                    id: t.id.clone(),
                    label: t.label.clone(),
                    tagged: true,
                    score: t.score,
                    phrases: phrases(&doc, def, &t.spans),
                });
            }
        }
        out.sort_by(|a, b| {
            b.tagged
                .cmp(&a.tagged)
                .then(b.score.total_cmp(&a.score))
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok((entities, out))
    }
}

/// `tagger`'s taxonomy with every threshold at its floor, so any issue
/// with evidence is reported.
fn floor_tagger(tagger: &IssueTagger) -> Result<IssueTagger, String> {
    let defs = tagger
        .issues()
        .iter()
        .map(|d| IssueDef {
            threshold: Some(f32::MIN_POSITIVE),
            ..d.clone()
        })
        .collect();
    IssueTagger::from_defs(defs).map_err(|e| format!("cannot copy the taxonomy: {e}"))
}

/// The spans grouped by phrase (case-insensitively), with counts and the
/// first match's context.
fn phrases(doc: &Doc, def: &IssueDef, spans: &[Span]) -> Vec<PhraseEvidence> {
    let mut spans = spans.to_vec();
    spans.sort();
    spans.dedup();
    let mut out: Vec<(String, PhraseEvidence)> = Vec::new();
    for span in &spans {
        let text = doc.text(span);
        let key = text.to_lowercase();
        if let Some((_, p)) = out.iter_mut().find(|(k, _)| *k == key) {
            p.count += 1;
            p.in_title |= span.unit == 0;
            continue;
        }
        out.push((
            key.clone(),
            PhraseEvidence {
                phrase: text.to_string(),
                strength: strength(def, &key),
                count: 1,
                in_title: span.unit == 0,
                context: context(doc, span),
            },
        ));
    }
    let rank = |s: &str| match s {
        "strong" => 0,
        "normal" => 1,
        _ => 2,
    };
    let mut out: Vec<PhraseEvidence> = out.into_iter().map(|(_, p)| p).collect();
    out.sort_by(|a, b| {
        rank(a.strength)
            .cmp(&rank(b.strength))
            .then(b.count.cmp(&a.count))
            .then_with(|| a.phrase.cmp(&b.phrase))
    });
    out
}

fn strength(def: &IssueDef, key: &str) -> &'static str {
    let has = |list: &[String]| list.iter().any(|p| p.to_lowercase() == key);
    if has(&def.strong) {
        "strong"
    } else if has(&def.phrases) {
        "normal"
    } else {
        "weak"
    }
}

/// Up to [`CONTEXT`] characters either side of `span`, on one line, with
/// `…` where the unit was cut.
fn context(doc: &Doc, span: &Span) -> String {
    let unit = doc.units.get(span.unit as usize).copied().unwrap_or("");
    let (start, end) = (span.start as usize, span.end as usize);
    let (Some(before), Some(phrase), Some(after)) =
        (unit.get(..start), unit.get(start..end), unit.get(end..))
    else {
        return String::new();
    };
    // Cut at most CONTEXT characters either side, then back to a whole word.
    let cut_before: String = {
        let chars: Vec<char> = before.chars().rev().take(CONTEXT + 1).collect();
        let s: String = chars.iter().take(CONTEXT).rev().collect();
        if chars.len() > CONTEXT {
            let whole = s
                .split_once(char::is_whitespace)
                .map_or("", |(_, rest)| rest);
            format!("…{whole}")
        } else {
            s
        }
    };
    let cut_after: String = {
        let s: String = after.chars().take(CONTEXT).collect();
        if after.chars().nth(CONTEXT).is_some() {
            let whole = s
                .rsplit_once(char::is_whitespace)
                .map_or("", |(kept, _)| kept);
            format!("{whole}…")
        } else {
            s
        }
    };
    let text = format!("{cut_before}{phrase}{cut_after}");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_issues_show_their_phrases_and_weak_ones_stay_below() {
        let article = Article::new(
            "t.txt",
            "Houthi attacks in the Red Sea",
            vec![
                "Houthi rebels fired on container ships in the Red Sea again, and insurers said shipping lanes were closing.".into(),
                "Separately, ministers discussed immigration once.".into(),
            ],
        );
        let (entities, explained) = Extractor::builtin().explain_issues(&article).unwrap();
        let tagged: Vec<&str> = explained
            .iter()
            .filter(|e| e.tagged)
            .map(|e| e.id.as_str())
            .collect();
        let expected: Vec<&str> = entities.issues.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(tagged, expected);
        let red_sea = explained
            .iter()
            .find(|e| e.id == "red-sea-shipping")
            .unwrap();
        assert!(red_sea.tagged);
        let houthi = red_sea
            .phrases
            .iter()
            .find(|p| p.phrase == "Houthi")
            .unwrap();
        assert_eq!(
            (houthi.count, houthi.in_title, houthi.strength),
            (2, true, "strong")
        );
        let lanes = red_sea
            .phrases
            .iter()
            .find(|p| p.phrase == "shipping lanes")
            .unwrap();
        assert_eq!(lanes.strength, "normal");
        assert!(
            lanes
                .context
                .contains("insurers said shipping lanes were closing"),
            "{}",
            lanes.context
        );
        // One mention of immigration: evidence, not enough to tag.
        let immigration = explained.iter().find(|e| e.id == "immigration").unwrap();
        assert!(!immigration.tagged);
        assert!(immigration.score < red_sea.score);
        assert_eq!(immigration.phrases[0].phrase, "immigration");
        // Tagged first.
        let first_untagged = explained.iter().position(|e| !e.tagged).unwrap();
        assert!(explained[first_untagged..].iter().all(|e| !e.tagged));
    }

    #[test]
    fn context_is_cut_on_characters_with_ellipses() {
        let doc = Doc {
            units: vec![
                "",
                "Αβγ δεζ ηθι κλμ νξο πρσ τυφ χψω αβγ δεζ ηθι Gaza κλμ νξο πρσ τυφ χψω αβγ δεζ ηθι κλμ νξο πρσ",
            ],
        };
        let start = doc.units[1].find("Gaza").unwrap();
        let c = context(&doc, &Span::new(1, start, start + 4));
        assert!(
            c.starts_with('…') && c.ends_with('…') && c.contains(" Gaza "),
            "{c}"
        );
    }
}
