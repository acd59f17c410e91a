//! Why an article has its issues and its section: each issue's phrases and
//! evidence by place (headline, lead, body), and for the issues that had
//! some evidence but were not tagged, the rule that kept them out.
//!
//! Built on [`IssueTagger::assess`], the step tagging itself uses, so it
//! explains exactly what extraction does. "Evidence" is what the tagger
//! considers at all: at least one normal phrase's worth.

use serde::Serialize;

use super::issues::{IssueTagger, Place, Verdict};
use super::sections::SectionHit;
use super::{Doc, Entities, Extractor, Span};
use crate::article::Article;

/// The evidence for one issue in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueEvidence {
    pub id: String,
    pub label: String,
    /// Passed every rule: the article is tagged with it.
    pub tagged: bool,
    /// The score it has (tagged) or would have had (not tagged).
    pub score: f32,
    /// Evidence from phrases first found in the headline, the lead and the body.
    pub by_place: ByPlace,
    /// Why it is or is not tagged.
    pub verdict: Verdict,
    /// The phrases that matched, most weighty and frequent first.
    pub phrases: Vec<PhraseEvidence>,
}

/// Evidence by place.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ByPlace {
    pub headline: f32,
    pub lead: f32,
    pub body: f32,
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
    /// Where it first matched.
    pub place: Place,
    /// A few words either side of its first match.
    pub context: String,
}

/// Characters of context either side of a phrase.
const CONTEXT: usize = 40;

impl Extractor {
    /// Extracts `article` and explains its issues: tagged ones first, then
    /// those with evidence that were not tagged, strongest first. The
    /// sections are the entities'.
    pub fn explain_issues(
        &self,
        article: &Article,
    ) -> Result<(Entities, Vec<IssueEvidence>), String> {
        let entities = self.extract(article);
        let doc = Doc::new(article);
        let tagger: &IssueTagger = self.issues();
        let matches = tagger.matches(&doc, &super::words::UnitWords::of(&doc.units));
        let (assessed, _) = tagger.assess(&doc, &matches, &entities.countries);
        let mut out: Vec<IssueEvidence> = assessed
            .iter()
            .map(|a| {
                let def = &tagger.issues()[a.issue];
                let spans: Vec<Span> = matches
                    .iter()
                    .filter(|(p, _)| tagger.is_evidence(*p, a.issue))
                    .map(|&(_, span)| span)
                    .collect();
                IssueEvidence {
                    id: def.id.clone(),
                    label: def.label.clone(),
                    tagged: a.verdict == Verdict::Tagged,
                    score: tagger.score_of(a.evidence),
                    by_place: ByPlace {
                        headline: a.by_place[0],
                        lead: a.by_place[1],
                        body: a.by_place[2],
                    },
                    verdict: a.verdict.clone(),
                    phrases: phrases(&doc, &def.strong, &def.phrases, &spans),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.tagged
                .cmp(&a.tagged)
                .then(b.score.total_cmp(&a.score))
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok((entities, out))
    }
}

/// The evidence for one section in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionEvidence {
    pub id: String,
    pub label: String,
    /// The article's section (or its second, close behind).
    pub chosen: bool,
    /// All its evidence: its own cue phrases, weighed by place as issue
    /// phrases are, and a share of the evidence of its issues.
    pub evidence: f32,
    /// The section's own cue phrases that matched.
    pub phrases: Vec<PhraseEvidence>,
    /// The issues with evidence that belong to it, which add to its evidence.
    pub issues: Vec<String>,
}

impl Extractor {
    /// Every section with any evidence in `article`, chosen ones first,
    /// then by evidence: what [`super::sections::choose`] picked from.
    pub fn explain_sections(&self, article: &Article) -> Vec<SectionEvidence> {
        let entities = self.extract(article);
        let doc = Doc::new(article);
        let tagger: &IssueTagger = self.issues();
        let matches = tagger.matches(&doc, &super::words::UnitWords::of(&doc.units));
        let (assessed, evidence) = tagger.assess(&doc, &matches, &entities.countries);
        let n = tagger.issues().len();
        let mut out: Vec<SectionEvidence> = tagger
            .sections()
            .iter()
            .enumerate()
            .filter(|&(s, _)| evidence.get(s).is_some_and(|&e| e > 0.0))
            .map(|(s, def)| {
                let spans: Vec<Span> = matches
                    .iter()
                    .filter(|(p, _)| tagger.is_evidence(*p, n + s))
                    .map(|&(_, span)| span)
                    .collect();
                let issues = assessed
                    .iter()
                    .map(|a| &tagger.issues()[a.issue])
                    .filter(|d| d.section.as_deref() == Some(def.id.as_str()))
                    .map(|d| d.id.clone())
                    .collect();
                SectionEvidence {
                    id: def.id.clone(),
                    label: def.label.clone(),
                    chosen: entities.sections.iter().any(|h| h.id == def.id),
                    evidence: evidence[s],
                    phrases: phrases(&doc, &def.strong, &def.phrases, &spans),
                    issues,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.chosen
                .cmp(&a.chosen)
                .then(b.evidence.total_cmp(&a.evidence))
                .then_with(|| a.id.cmp(&b.id))
        });
        out
    }
}

/// The sections of `entities`, for the explanation's heading.
pub fn sections(entities: &Entities) -> &[SectionHit] {
    &entities.sections
}

/// The spans grouped by phrase (case-insensitively), with counts and the
/// first match's context.
fn phrases(doc: &Doc, strong: &[String], normal: &[String], spans: &[Span]) -> Vec<PhraseEvidence> {
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
                strength: strength(strong, normal, &key),
                count: 1,
                in_title: span.unit == 0,
                place: Place::of(span),
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

/// A phrase's weight in its issue's or section's lists.
fn strength(strong: &[String], normal: &[String], key: &str) -> &'static str {
    let has = |list: &[String]| list.iter().any(|p| p.to_lowercase() == key);
    if has(strong) {
        "strong"
    } else if has(normal) {
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
