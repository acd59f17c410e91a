//! Issues: the taxonomy in `assets/issues.toml`, scored by phrase evidence.
//!
//! One word-lookup pass per text unit ([`PhraseSet`]) finds every taxonomy
//! phrase: ignoring case, except acronyms ("AI", "EU"), which count only in
//! capitals. An issue's evidence is the sum over its distinct
//! phrases of the phrase's weight, growing only with the logarithm of its
//! repeats (ten "Gaza"s are not ten phrases), doubled for phrases in the
//! title, plus a little support from countries the issue is about. Issues
//! whose evidence reaches their threshold are tagged, so one passing mention
//! does not tag an article.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::phrases::{Case, Found, PhraseSet};
use super::sections::{self, SectionDef, SectionHit};
use super::words::UnitWords;
use super::{CountryMention, Doc, IssueHit, Person, Span};

/// The compiled-in taxonomy, `assets/issues.toml` made a table by
/// `build.rs`: no TOML is parsed at start.
static BUILTIN: &[RawIssue] = include!(concat!(env!("OUT_DIR"), "/issues.rs"));

/// An [`IssueDef`] as `build.rs` writes it out.
struct RawIssue {
    id: &'static str,
    label: &'static str,
    parent: Option<&'static str>,
    strong: &'static [&'static str],
    phrases: &'static [&'static str],
    weak: &'static [&'static str],
    countries: &'static [&'static str],
    threshold: Option<f32>,
    section: Option<&'static str>,
    central: &'static [&'static str],
    requires: &'static [&'static str],
}

impl RawIssue {
    fn to_def(&self) -> IssueDef {
        let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        IssueDef {
            id: self.id.to_owned(),
            label: self.label.to_owned(),
            parent: self.parent.map(str::to_owned),
            strong: owned(self.strong),
            phrases: owned(self.phrases),
            weak: owned(self.weak),
            countries: owned(self.countries),
            threshold: self.threshold,
            section: self.section.map(str::to_owned),
            central: owned(self.central),
            requires: owned(self.requires),
        }
    }
}

/// Evidence an issue needs unless its entry says otherwise.
const DEFAULT_THRESHOLD: f32 = 2.5;
/// Weights of the three phrase strengths.
const STRONG: f32 = 2.0;
const NORMAL: f32 = 1.0;
const WEAK: f32 = 0.5;
/// Extra weight of a phrase in the headline, as a multiple of its weight.
const TITLE_BONUS: f32 = 1.0;
/// Extra weight of a phrase in the lead (the first [`LEAD_BYTES`] of the first paragraph).
const LEAD_BONUS: f32 = 0.5;
/// How much of the first paragraph is the lead.
const LEAD_BYTES: u32 = 400;
/// Support from each of an issue's countries named at least twice.
const COUNTRY_SUPPORT: f32 = 0.5;
/// Scale of the evidence → score curve: evidence `SCALE` scores about 0.63.
const SCALE: f32 = 4.0;
/// An issue with less than this share of the strongest issue's evidence is
/// a side mention, not what the article is about.
const OUTWEIGHED: f32 = 0.35;
/// ... and this share for an issue with no evidence in the headline or the
/// lead: an article is about what it says first, so a body-only issue tags
/// only when it is about as strong as the article's main one ...
const OUTWEIGHED_BODY: f32 = 0.9;
/// ... unless the body treats it at length: a strong phrase and at least
/// this much evidence (an explainer that walks through several issues is
/// about each of them), when it needs [`OUTWEIGHED_BODY_SUBSTANTIAL`].
const BODY_SUBSTANTIAL: f32 = 3.6;
const OUTWEIGHED_BODY_SUBSTANTIAL: f32 = 0.33;
/// A document whose body (everything after the headline) is shorter than
/// this, in bytes, is a feed-sized item: its headline is most of what it
/// says, so a phrase there weighs [`SHORT_TITLE_BONUS`] more, and its body
/// is all lead, so the lead has no bonus.
const SHORT_BYTES: usize = 600;
const SHORT_TITLE_BONUS: f32 = 2.0;
/// A feed-sized item's threshold at most: one normal phrase in its headline
/// (or two distinct ones in its summary) names its issue. A weak word still
/// never tags alone.
const SHORT_THRESHOLD: f32 = 2.0;
/// A feed-sized item's issues other than its main one need this share of it:
/// two sentences are about one or two things.
const SHORT_OUTWEIGHED: f32 = 0.7;
/// Issues tagged at most.
const MAX_TAGS: usize = 7;
/// Share of a tagged issue's evidence its section gets (and half of it for
/// an issue below its threshold).
const TO_SECTION: f32 = 1.0;

/// Where a phrase matched: the three places evidence is weighed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    Title,
    Lead,
    Body,
}

impl Place {
    /// The place of a match at `span`.
    pub fn of(span: &Span) -> Place {
        match span.unit {
            0 => Place::Title,
            1 if span.start < LEAD_BYTES => Place::Lead,
            _ => Place::Body,
        }
    }
}

/// Why an issue with evidence was or was not tagged.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "rule")]
pub enum Verdict {
    Tagged,
    /// Its evidence stayed below its threshold.
    BelowThreshold {
        threshold: f32,
    },
    /// Only weak phrases, or a single normal phrase outside the headline.
    WeakEvidenceOnly,
    /// Another country than the one it needs is the article's.
    CountryNotCentral {
        needs: Vec<String>,
    },
    /// Far less evidence than the article's main issue.
    Outweighed {
        by: String,
    },
    /// More issues than [`MAX_TAGS`] passed; the weakest are dropped.
    TooMany,
}

/// One issue's evidence in one article, before and after the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed {
    /// The issue's index in [`IssueTagger::issues`].
    pub issue: usize,
    /// Total evidence, country support included.
    pub evidence: f32,
    /// Evidence by place of the phrase's first match: headline, lead, body.
    pub by_place: [f32; 3],
    /// Distinct phrases of at least normal weight.
    pub cues: usize,
    /// It has a strong phrase, or a normal one in the headline.
    pub anchored: bool,
    pub verdict: Verdict,
}

/// One issue of the taxonomy. Unknown keys are refused, so a misspelt key in
/// the asset or a user's extra file is an error, not silently ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueDef {
    /// Stable identifier used by gold files and the filter language ("israel-gaza").
    pub id: String,
    /// Display label ("Israel–Gaza war").
    pub label: String,
    /// A broader issue this one refines ("us-election" → "elections").
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub strong: Vec<String>,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub weak: Vec<String>,
    /// ISO codes whose repeated mention supports the issue.
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub threshold: Option<f32>,
    /// The section (`assets/sections.toml`) an article about this issue belongs to.
    #[serde(default)]
    pub section: Option<String>,
    /// ISO codes of which one must be central to the article: no other
    /// country named more than twice as often ("uk-politics" is not a story
    /// about France).
    #[serde(default)]
    pub central: Vec<String>,
    /// ISO codes of which one must be named in the article as often as any
    /// other country, if any is named ("brexit-eu" needs Britain: an EU story
    /// about Armenia is not Brexit).
    #[serde(default)]
    pub requires: Vec<String>,
}

impl IssueDef {
    fn threshold(&self) -> f32 {
        self.threshold.unwrap_or(DEFAULT_THRESHOLD)
    }
}

#[derive(Deserialize)]
struct Taxonomy {
    issue: Vec<IssueDef>,
}

/// Why the taxonomy could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    #[error("issues.toml: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("issues.toml: duplicate issue id {0:?}")]
    DuplicateId(String),
    #[error("issues.toml: issue {id:?} has unknown parent {parent:?}")]
    UnknownParent { id: String, parent: String },
    #[error("issues.toml: issue {0:?} has no phrases")]
    NoPhrases(String),
    #[error("issues.toml: issue {id:?} has unknown section {section:?}")]
    UnknownSection { id: String, section: String },
}

/// Scores an article against the issue taxonomy.
pub struct IssueTagger {
    issues: Vec<IssueDef>,
    sections: Vec<SectionDef>,
    /// For issue `i`: the index of its section in `sections`.
    section_of: Vec<Option<usize>>,
    /// Every distinct phrase of the issues and the sections; acronyms match
    /// exactly, the rest ignoring ASCII case.
    phrases: PhraseSet,
    /// For phrase `i`: the issues it is evidence for, with weights; an index
    /// past the issues is section `index - issues.len()`.
    evidence: Vec<Vec<(usize, f32)>>,
}

impl IssueTagger {
    /// The tagger for the compiled-in taxonomy (checked by tests).
    pub fn builtin() -> Self {
        Self::from_defs(BUILTIN.iter().map(RawIssue::to_def).collect())
            .unwrap_or_else(|e| panic!("compiled-in taxonomy: {e}"))
    }

    /// Builds a tagger from a taxonomy in the `assets/issues.toml` format.
    pub fn from_toml(text: &str) -> Result<Self, TaxonomyError> {
        let taxonomy: Taxonomy = toml::from_str(text)?;
        Self::from_defs(taxonomy.issue)
    }

    /// Builds a tagger from issue definitions (the built-in taxonomy merged
    /// with a user's extra issues, or a copy with other thresholds).
    pub fn from_defs(issues: Vec<IssueDef>) -> Result<Self, TaxonomyError> {
        for (i, def) in issues.iter().enumerate() {
            if issues[..i].iter().any(|d| d.id == def.id) {
                return Err(TaxonomyError::DuplicateId(def.id.clone()));
            }
            if let Some(parent) = &def.parent
                && !issues.iter().any(|d| &d.id == parent)
            {
                return Err(TaxonomyError::UnknownParent {
                    id: def.id.clone(),
                    parent: parent.clone(),
                });
            }
            if def.strong.is_empty() && def.phrases.is_empty() && def.weak.is_empty() {
                return Err(TaxonomyError::NoPhrases(def.id.clone()));
            }
        }
        let sections = sections::builtin();
        let mut section_of = Vec::with_capacity(issues.len());
        for def in &issues {
            section_of.push(match &def.section {
                None => None,
                Some(id) => Some(sections.iter().position(|s| &s.id == id).ok_or_else(|| {
                    TaxonomyError::UnknownSection {
                        id: def.id.clone(),
                        section: id.clone(),
                    }
                })?),
            });
        }

        // Sized for every phrase at once: growing them rehashes and copies.
        let total = issues
            .iter()
            .map(|d| d.strong.len() + d.phrases.len() + d.weak.len())
            .chain(
                sections
                    .iter()
                    .map(|d| d.strong.len() + d.phrases.len() + d.weak.len()),
            )
            .sum();
        let mut index: FxHashMap<Cow<str>, usize> =
            FxHashMap::with_capacity_and_hasher(total, Default::default());
        let mut patterns: Vec<&str> = Vec::with_capacity(total);
        let mut evidence: Vec<Vec<(usize, f32)>> = Vec::with_capacity(total);
        let lists = issues
            .iter()
            .map(|d| (&d.strong, &d.phrases, &d.weak))
            .chain(sections.iter().map(|d| (&d.strong, &d.phrases, &d.weak)));
        for (i, (strong, normal, weak)) in lists.enumerate() {
            let weighted = strong
                .iter()
                .map(|p| (p, STRONG))
                .chain(normal.iter().map(|p| (p, NORMAL)))
                .chain(weak.iter().map(|p| (p, WEAK)));
            for (phrase, weight) in weighted {
                // `to_lowercase`, without a copy for ASCII phrases in lower
                // case already (for ASCII it changes only the capitals).
                let p = *index.entry(lowercase(phrase)).or_insert_with(|| {
                    patterns.push(phrase);
                    evidence.push(Vec::new());
                    patterns.len() - 1
                });
                // A phrase listed twice for one issue keeps its first (strongest) weight.
                if !evidence[p].iter().any(|&(j, _)| j == i) {
                    evidence[p].push((i, weight));
                }
            }
        }
        let phrases = PhraseSet::new(patterns.iter().map(|&p| {
            let case = if is_acronym(p) {
                Case::Exact
            } else {
                Case::Ascii
            };
            (p, case)
        }));
        Ok(IssueTagger {
            issues,
            sections,
            section_of,
            phrases,
            evidence,
        })
    }

    /// The taxonomy's phrase set.
    pub(crate) fn phrases(&self) -> &PhraseSet {
        &self.phrases
    }

    /// Every issue of the taxonomy, in file order.
    pub fn issues(&self) -> &[IssueDef] {
        &self.issues
    }

    /// Every section of the scheme, in file order.
    pub fn sections(&self) -> &[SectionDef] {
        &self.sections
    }

    /// The issue with this id, or else those whose id or label contains
    /// `word` (case-insensitive): `gaza` finds "israel-gaza".
    pub fn find(&self, word: &str) -> Vec<&IssueDef> {
        let word = word.trim().to_lowercase();
        if word.is_empty() {
            return Vec::new();
        }
        if let Some(def) = self.issues.iter().find(|d| d.id == word) {
            return vec![def];
        }
        self.issues
            .iter()
            .filter(|d| d.id.contains(&word) || d.label.to_lowercase().contains(&word))
            .collect()
    }

    /// The issues whose evidence passes the rules, strongest first.
    pub fn score(
        &self,
        doc: &Doc,
        countries: &[CountryMention],
        people: &[Person],
    ) -> Vec<IssueHit> {
        self.score_words(doc, &UnitWords::of(&doc.units), countries, people)
    }

    /// [`IssueTagger::score`] with the units' words already found.
    pub fn score_words(
        &self,
        doc: &Doc,
        words: &UnitWords,
        countries: &[CountryMention],
        people: &[Person],
    ) -> Vec<IssueHit> {
        let matches = self.matches(doc, words);
        self.score_matches(doc, matches, countries, people).0
    }

    /// The taxonomy's matches in `doc`, as [`push_matches`] gathers them.
    pub(crate) fn matches(&self, doc: &Doc, words: &UnitWords) -> Vec<(usize, Span)> {
        // Sized for most articles: growing a list a match at a time
        // reallocates it several times over.
        let mut matches: Vec<(usize, Span)> = Vec::with_capacity(64);
        let mut found = Vec::with_capacity(32);
        for (unit, text) in doc.units.iter().enumerate() {
            found.clear();
            self.phrases.find(text, words.unit(unit), &mut found);
            push_matches(unit, &found, &mut matches);
        }
        matches
    }

    /// The issues and sections of the article `doc`, from the taxonomy's
    /// matches in it, as [`push_matches`] gathers them.
    pub(crate) fn score_matches(
        &self,
        doc: &Doc,
        matches: Vec<(usize, Span)>,
        countries: &[CountryMention],
        _people: &[Person],
    ) -> (Vec<IssueHit>, Vec<SectionHit>) {
        let (assessed, section_evidence) = self.assess(doc, &matches, countries);
        let mut hits: Vec<IssueHit> = Vec::new();
        // Each issue's place in `hits`, if it is tagged.
        let mut hit_of = vec![usize::MAX; self.issues.len()];
        for a in assessed.iter().filter(|a| a.verdict == Verdict::Tagged) {
            let def = &self.issues[a.issue];
            hit_of[a.issue] = hits.len();
            hits.push(IssueHit {
                id: def.id.clone(),
                label: def.label.clone(),
                score: self.score_of(a.evidence),
                spans: Vec::new(),
            });
        }
        // The spans of every phrase that is evidence for a tagged issue, in
        // one pass over the matches for all of them (a phrase lists an
        // issue once), then in order.
        if !hits.is_empty() {
            for &(phrase, span) in &matches {
                for &(issue, _) in &self.evidence[phrase] {
                    if let Some(hit) = hit_of.get(issue).and_then(|&h| hits.get_mut(h)) {
                        hit.spans.push(span);
                    }
                }
            }
            for hit in &mut hits {
                hit.spans.sort();
            }
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        let sections = sections::choose(&self.sections, &section_evidence);
        (hits, sections)
    }

    /// Every issue with at least a normal phrase's worth of evidence, with
    /// its verdict, strongest first; and each section's evidence.
    ///
    /// A phrase's evidence is its weight, growing only with the logarithm of
    /// its repeats, with a bonus in the headline and in the lead. An issue is
    /// tagged when its evidence (plus a little from its countries) reaches
    /// its threshold, it rests on more than weak words (two distinct phrases,
    /// or one strong or in the headline), the country it needs (if
    /// any) is the article's, and it has at least [`OUTWEIGHED`] of the
    /// strongest issue's evidence.
    pub fn assess(
        &self,
        doc: &Doc,
        matches: &[(usize, Span)],
        countries: &[CountryMention],
    ) -> (Vec<Assessed>, Vec<f32>) {
        let n = self.issues.len();
        let mut section_evidence = vec![0.0f32; self.sections.len()];
        let score_line = is_score_line(doc.units.first().copied().unwrap_or(""));
        if matches.is_empty() && !score_line {
            return (Vec::new(), section_evidence);
        }
        let body: usize = doc.units.iter().skip(1).map(|u| u.len()).sum();
        let short = body < SHORT_BYTES;
        let (title_bonus, lead_bonus) = if short {
            (SHORT_TITLE_BONUS, 0.0)
        } else {
            (TITLE_BONUS, LEAD_BONUS)
        };
        // Group by phrase, each match keyed by its place (title first).
        let mut keys: Vec<u64> = matches
            .iter()
            .map(|&(phrase, span)| (phrase as u64) << 2 | Place::of(&span) as u64)
            .collect();
        keys.sort_unstable();
        let mut totals = vec![0.0f32; n];
        let mut by_place = vec![[0.0f32; 3]; n];
        let mut cues = vec![0usize; n];
        // An issue has a strong phrase, or a normal one in the title.
        let mut anchored = vec![false; n];
        for group in keys.chunk_by(|a, b| a >> 2 == b >> 2) {
            let count = group.len();
            let first = (group[0] & 3) as usize;
            let in_title = first == Place::Title as usize;
            let in_lead = group.iter().any(|k| k & 3 == Place::Lead as u64);
            let repeats = 1.0 + 0.5 * (count as f32).ln();
            for &(target, weight) in &self.evidence[(group[0] >> 2) as usize] {
                let mut value = weight * repeats;
                if in_title {
                    value += weight * title_bonus;
                }
                if in_lead {
                    value += weight * lead_bonus;
                }
                if target >= n {
                    section_evidence[target - n] += value;
                    continue;
                }
                totals[target] += value;
                by_place[target][first] += value;
                if weight >= NORMAL {
                    cues[target] += 1;
                    anchored[target] |= weight >= STRONG || in_title;
                }
            }
        }

        // A match result in the headline is a strong sport phrase there.
        if score_line && let Some(sport) = self.issues.iter().position(|d| d.id == "sport") {
            let value = STRONG * (1.0 + title_bonus);
            totals[sport] += value;
            by_place[sport][Place::Title as usize] += value;
            cues[sport] += 1;
            anchored[sport] = true;
        }
        let mut out: Vec<Assessed> = Vec::new();
        for (i, def) in self.issues.iter().enumerate() {
            let mut evidence = totals[i];
            if evidence < NORMAL {
                continue;
            }
            for code in &def.countries {
                if countries.iter().any(|c| &c.code == code && c.mentions >= 2) {
                    evidence += COUNTRY_SUPPORT;
                }
            }
            let threshold = if short {
                def.threshold().min(SHORT_THRESHOLD)
            } else {
                def.threshold()
            };
            let verdict = if evidence < threshold {
                Verdict::BelowThreshold { threshold }
            } else if cues[i] == 0 || (cues[i] == 1 && !anchored[i]) {
                Verdict::WeakEvidenceOnly
            } else if !country_is_central(&def.central, countries, false)
                || !country_is_central(&def.requires, countries, true)
            {
                Verdict::CountryNotCentral {
                    needs: def.central.iter().chain(&def.requires).cloned().collect(),
                }
            } else {
                Verdict::Tagged
            };
            out.push(Assessed {
                issue: i,
                evidence,
                by_place: by_place[i],
                cues: cues[i],
                anchored: anchored[i],
                verdict,
            });
        }
        out.sort_by(|a, b| {
            b.evidence
                .total_cmp(&a.evidence)
                .then(a.issue.cmp(&b.issue))
        });
        // Side mentions: far below the main issue (unless it refines or is
        // refined by it), or past the most an article is tagged with.
        let main = out
            .iter()
            .find(|a| a.verdict == Verdict::Tagged)
            .map(|a| (a.issue, a.evidence));
        let mut tagged = 0;
        for a in &mut out {
            if a.verdict != Verdict::Tagged {
                continue;
            }
            if let Some((top, top_evidence)) = main
                && a.evidence < self.outweighed_share(a, short) * top_evidence
                && !self.related(a.issue, top)
            {
                a.verdict = Verdict::Outweighed {
                    by: self.issues[top].id.clone(),
                };
                continue;
            }
            tagged += 1;
            if tagged > MAX_TAGS {
                a.verdict = Verdict::TooMany;
            }
        }
        for a in &out {
            if let Some(s) = self.section_of[a.issue] {
                let share = if a.verdict == Verdict::Tagged {
                    TO_SECTION
                } else {
                    TO_SECTION / 2.0
                };
                section_evidence[s] += share * a.evidence;
            }
        }
        (out, section_evidence)
    }

    /// The share of the main issue's evidence `a` needs: more in a
    /// feed-sized (`short`) item, and more when none of it is in the
    /// headline or the lead (a passing mention) unless the body treats it at
    /// length.
    fn outweighed_share(&self, a: &Assessed, short: bool) -> f32 {
        if short {
            return SHORT_OUTWEIGHED;
        }
        let body_only = a.by_place[Place::Body as usize] >= a.evidence - COUNTRY_SUPPORT * 2.0;
        if !body_only {
            OUTWEIGHED
        } else if a.anchored && a.evidence >= BODY_SUBSTANTIAL {
            OUTWEIGHED_BODY_SUBSTANTIAL
        } else {
            OUTWEIGHED_BODY
        }
    }

    /// True when phrase `phrase` is evidence for issue `issue`.
    pub fn is_evidence(&self, phrase: usize, issue: usize) -> bool {
        self.evidence
            .get(phrase)
            .is_some_and(|e| e.iter().any(|&(i, _)| i == issue))
    }

    /// The score of `evidence`: 0–1, about 0.63 at [`SCALE`].
    pub fn score_of(&self, evidence: f32) -> f32 {
        1.0 - (-evidence / SCALE).exp()
    }

    /// True when one of the two issues is the other's parent.
    fn related(&self, a: usize, b: usize) -> bool {
        let (da, db) = (&self.issues[a], &self.issues[b]);
        da.parent.as_deref() == Some(db.id.as_str()) || db.parent.as_deref() == Some(da.id.as_str())
    }
}

/// True when `requires` is empty, or one of its countries is central to the
/// article: when `named`, named at least as often as any other country
/// (or no country named at all);
/// otherwise named at least half as often as any other (or no other
/// country is named more than once).
fn country_is_central(requires: &[String], countries: &[CountryMention], named: bool) -> bool {
    if requires.is_empty() {
        return true;
    }
    let own = countries
        .iter()
        .filter(|c| requires.contains(&c.code))
        .map(|c| c.mentions)
        .max()
        .unwrap_or(0);
    let other = countries
        .iter()
        .filter(|c| !requires.contains(&c.code))
        .map(|c| c.mentions)
        .max()
        .unwrap_or(0);
    if named {
        own >= other && (own > 0 || other == 0)
    } else {
        other < 2 || 2 * own >= other
    }
}

/// A headline that is a match result: two sides each followed by a score,
/// "Bills 38, Seahawks 9" or "Arsenal 2-1 Chelsea".
pub fn is_score_line(title: &str) -> bool {
    let words: Vec<&str> = title.split_whitespace().collect();
    let number = |w: &str| {
        let w = w.trim_end_matches([',', ';', ':']);
        !w.is_empty() && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit())
    };
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // "Side N, Side N"
    let pairs = words
        .windows(2)
        .filter(|w| capital(w[0]) && !number(w[0]) && number(w[1]))
        .count();
    if pairs >= 2 && title.contains(',') {
        return true;
    }
    // "Side N-N Side"
    words.windows(3).any(|w| {
        capital(w[0])
            && capital(w[2])
            && w[1]
                .split_once(['-', '\u{2013}'])
                .is_some_and(|(a, b)| number(a) && number(b))
    })
}

/// The taxonomy's matches `found` in unit `unit`, appended to `matches` as
/// [`IssueTagger::score_matches`] takes them.
pub(crate) fn push_matches(unit: usize, found: &[Found], matches: &mut Vec<(usize, Span)>) {
    matches.extend(
        found
            .iter()
            .map(|m| (m.phrase, Span::new(unit, m.start, m.end))),
    );
}

/// `phrase.to_lowercase()`, without a copy for an ASCII phrase in lower case
/// already: for ASCII text `to_lowercase` changes only the capitals.
fn lowercase(phrase: &str) -> Cow<'_, str> {
    if phrase.is_ascii() && !phrase.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(phrase)
    } else {
        Cow::Owned(phrase.to_lowercase())
    }
}

/// Short all-capital words: acronyms that only count in capitals.
fn is_acronym(phrase: &str) -> bool {
    phrase.len() <= 5 && phrase.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn tagger() -> &'static IssueTagger {
        use std::sync::OnceLock;
        static T: OnceLock<IssueTagger> = OnceLock::new();
        T.get_or_init(IssueTagger::builtin)
    }

    fn ids(title: &str, body: &str) -> Vec<String> {
        let doc = Doc {
            units: vec![title, body],
        };
        tagger()
            .score(&doc, &[], &[])
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    /// `text` after enough neutral sentences that the document is a whole
    /// article (not a feed-sized item) and `text` is in its body, past the lead.
    fn buried(text: &str) -> String {
        "The meeting went on into the evening and little else was said. ".repeat(10) + text
    }

    #[test]
    fn base_taxonomy_ids_exist() {
        for id in [
            "ukraine-war",
            "israel-gaza",
            "red-sea-shipping",
            "nato",
            "defence-spending",
            "trade",
            "us-election",
            "uk-us-relations",
            "climate",
            "indo-pacific",
            "arms-exports",
            "supply-chains",
            "jobs-economy",
        ] {
            assert_eq!(tagger().find(id).len(), 1, "{id}");
            assert_eq!(tagger().find(id)[0].id, id);
        }
    }

    #[test]
    fn lookup_by_label_word() {
        let found: Vec<&str> = tagger()
            .find("Gaza")
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(found, ["israel-gaza"]);
        assert!(tagger().find("no-such-issue").is_empty());
    }

    #[test]
    fn a_passing_mention_does_not_tag() {
        let body = "The minister, back from a trip, said the climate in the room was warm and the trade was brisk.";
        assert!(ids("A quiet week", body).is_empty());
    }

    #[test]
    fn distinct_evidence_tags() {
        let body = "Houthi rebels attacked ships in the Red Sea again, threatening international shipping.";
        assert_eq!(ids("Attacks continue", body), ["red-sea-shipping"]);
    }

    #[test]
    fn title_hits_count_more() {
        let body = "Ministers met on Tuesday.";
        assert!(
            ids(
                "Weekly round-up",
                &buried("Ministers discussed immigration.")
            )
            .is_empty()
        );
        assert_eq!(ids("Immigration figures rise", body), ["immigration"]);
    }

    #[test]
    fn matching_is_case_insensitive_on_whole_words() {
        assert_eq!(
            ids("", "NATO leaders met; the nato summit ended."),
            ["nato"]
        );
        // "tariffs" inside another word is no evidence.
        assert!(ids("", "The tariffsomething and protariffs people.").is_empty());
    }

    #[test]
    fn acronyms_match_only_in_capitals() {
        assert_eq!(
            ids("", &buried("The EU and the European Commission agreed.")),
            ["brexit-eu"]
        );
        assert!(ids("", &buried("the eu and the European Commission agreed.")).is_empty());
    }

    #[test]
    fn repeats_count_less_than_distinct_phrases() {
        let doc1 = Doc {
            units: vec!["", "Gaza Gaza Gaza Gaza"],
        };
        let doc2 = Doc {
            units: vec!["", "Gaza, Hamas, hostages and the West Bank"],
        };
        let s1 = tagger().score(&doc1, &[], &[]);
        let s2 = tagger().score(&doc2, &[], &[]);
        assert!(s2[0].score > s1[0].score);
        assert!(s1[0].score > 0.0 && s2[0].score < 1.0);
    }

    #[test]
    fn countries_support_but_never_suffice() {
        let ua = CountryMention {
            code: "UA".into(),
            name: "Ukraine".into(),
            mentions: 5,
            spans: vec![],
        };
        let ru = CountryMention {
            code: "RU".into(),
            name: "Russia".into(),
            mentions: 5,
            spans: vec![],
        };
        let countries = [ua, ru];
        let match_report = buried("Ukraine and Russia played a football match.");
        let doc = Doc {
            units: vec!["", &match_report],
        };
        assert!(tagger().score(&doc, &countries, &[]).is_empty());
        let aid = buried("Ukraine asked for military aid against Russian forces.");
        let doc = Doc {
            units: vec!["", &aid],
        };
        assert!(tagger().score(&doc, &[], &[]).is_empty());
        let ids: Vec<String> = tagger()
            .score(&doc, &countries, &[])
            .into_iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(ids, ["ukraine-war"]);
    }

    fn extracted(title: &str, body: &str) -> crate::extract::Entities {
        let article = crate::Article::new("t.txt", title, vec![body.to_string()]);
        crate::extract::Extractor::builtin().extract(&article)
    }

    #[test]
    fn short_items_get_the_issue_their_headline_names_and_a_section() {
        for (title, body, issue, section) in [
            (
                "Kerry widens lead in California poll",
                "The Democratic challenger is ahead by 12 points.",
                "us-election",
                "politics",
            ),
            (
                "Bills 38, Seahawks 9",
                "Buffalo won again on Sunday.",
                "sport",
                "sport",
            ),
            (
                "Eta suspects arrested",
                "Spanish police detained four people in Bilbao.",
                "terrorism",
                "crime",
            ),
        ] {
            let e = extracted(title, body);
            let ids: Vec<&str> = e.issues.iter().map(|h| h.id.as_str()).collect();
            assert!(ids.contains(&issue), "{title}: {ids:?}");
            assert_eq!(e.sections[0].id, section, "{title}");
        }
    }

    #[test]
    fn feed_items_get_the_issue_their_headline_or_summary_names() {
        for (title, body, issue) in [
            (
                "Asylum claims hit record high",
                "More people arrived in small boats this year, figures show.",
                "immigration",
            ),
            (
                "Hospital waiting lists grow again",
                "Patients wait longer for operations, figures show.",
                "health",
            ),
            (
                "Chancellor rules out income tax rise",
                "The Budget next month will keep rates as they are.",
                "tax-budget",
            ),
            (
                "Striker signs new contract",
                "The forward will stay at the club until 2028.",
                "sport",
            ),
            (
                "Houthis fire on cargo ship",
                "No one was hurt.",
                "red-sea-shipping",
            ),
        ] {
            let e = extracted(title, body);
            let ids: Vec<&str> = e.issues.iter().map(|h| h.id.as_str()).collect();
            assert!(ids.contains(&issue), "{title}: {ids:?}");
            assert!(ids.len() <= 2, "{title}: {ids:?}");
        }
        // A weak word in a feed item still tags nothing.
        assert!(
            extracted("Talks resume", "Both sides spoke of a ceasefire.")
                .issues
                .is_empty()
        );
    }

    #[test]
    fn an_article_is_tagged_with_what_it_leads_with_not_what_its_body_mentions() {
        let body = "Shares in the carmaker rose after it reported record profits and raised \
            its dividend, and investors cheered the company's results. "
            .to_string()
            + &buried(
                "Its chief executive, asked about the wider world, mentioned tariffs and \
                 said schools, hospitals and the police were not his concern.",
            );
        let e = extracted("Carmaker profits soar", &body);
        let ids: Vec<&str> = e.issues.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.first(), Some(&"business-markets"), "{ids:?}");
        for side in ["education", "health", "crime-justice"] {
            assert!(!ids.contains(&side), "{side}: {ids:?}");
        }
        assert!(ids.len() <= MAX_TAGS);
    }

    #[test]
    fn a_name_or_a_weak_word_alone_does_not_tag() {
        let e = extracted(
            "Putin backs state grab for Yukos",
            "The Kremlin said the sale of the oil firm's main unit was legal, and shares in the company fell.",
        );
        assert!(
            !e.issues.iter().any(|h| h.id == "ukraine-war"),
            "{:?}",
            e.issues
        );
    }

    #[test]
    fn country_specific_issues_need_their_country() {
        let body = "Hungary votes on Sunday. Hungarian voters and Hungary's opposition say the election campaign, the opinion polls and the turnout in Hungary favour change; Poland watches.";
        let e = extracted("Hungary's election campaign ends", body);
        let ids: Vec<&str> = e.issues.iter().map(|h| h.id.as_str()).collect();
        assert!(ids.contains(&"elections"), "{ids:?}");
        assert!(!ids.contains(&"us-election"), "{ids:?}");
    }

    #[test]
    fn every_article_gets_one_or_two_sections() {
        let e = extracted("A quiet day", "Nothing happened.");
        assert_eq!(e.sections.len(), 1);
        let e = extracted(
            "Striker scores twice as United win the league match",
            "The team's coach praised the goalkeeper after the match.",
        );
        assert_eq!(e.sections[0].id, "sport");
        assert!(e.sections.len() <= 2);
    }

    #[test]
    fn score_lines() {
        assert!(is_score_line("Bills 38, Seahawks 9"));
        assert!(is_score_line("Arsenal 2-1 Chelsea"));
        assert!(!is_score_line("Kerry widens lead in California poll"));
        assert!(!is_score_line("G7 backs Africa debt relief plan"));
    }

    #[test]
    fn the_compiled_in_table_is_the_asset() {
        let text = include_str!("../../assets/issues.toml");
        let parsed: Taxonomy = toml::from_str(text).unwrap();
        let table: Vec<IssueDef> = BUILTIN.iter().map(RawIssue::to_def).collect();
        assert_eq!(table, parsed.issue);
    }

    #[test]
    fn bad_taxonomies_are_errors() {
        assert!(IssueTagger::from_toml("[[issue]]\nid = \"a\"\nlabel = \"A\"\n").is_err());
        let dup = "[[issue]]\nid = \"a\"\nlabel = \"A\"\nphrases = [\"x\"]\n[[issue]]\nid = \"a\"\nlabel = \"B\"\nphrases = [\"y\"]\n";
        assert!(matches!(
            IssueTagger::from_toml(dup),
            Err(TaxonomyError::DuplicateId(_))
        ));
        let orphan = "[[issue]]\nid = \"a\"\nlabel = \"A\"\nparent = \"b\"\nphrases = [\"x\"]\n";
        assert!(matches!(
            IssueTagger::from_toml(orphan),
            Err(TaxonomyError::UnknownParent { .. })
        ));
    }

    /// The BBC corpus comes in five topics; the matching issues should tag
    /// most of a topic's articles and few of the others'.
    #[test]
    fn bbc_topics_get_their_issues() {
        let dir =
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc");
        if !dir.exists() {
            eprintln!("skipping: corpus {} not found", dir.display());
            return;
        }
        // (topic, issue, least share tagged within the topic, most share tagged outside it)
        let expect = [
            ("sport", "sport", 0.80, 0.03),
            ("entertainment", "entertainment", 0.60, 0.20),
            ("tech", "technology", 0.70, 0.10),
            ("business", "business-markets", 0.50, 0.35),
            ("politics", "uk-politics", 0.60, 0.10),
        ];
        let topics = ["business", "entertainment", "politics", "sport", "tech"];
        let mut tagged: HashMap<(&str, String), usize> = HashMap::new();
        let mut totals: HashMap<&str, usize> = HashMap::new();
        for topic in topics {
            let Ok(entries) = std::fs::read_dir(dir.join(topic)) else {
                continue;
            };
            for entry in entries.flatten() {
                let Ok(bytes) = std::fs::read(entry.path()) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&bytes);
                let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
                let title = lines.next().unwrap_or("");
                let doc = Doc {
                    units: std::iter::once(title).chain(lines).collect(),
                };
                *totals.entry(topic).or_default() += 1;
                for hit in tagger().score(&doc, &[], &[]) {
                    *tagged.entry((topic, hit.id)).or_default() += 1;
                }
            }
        }
        let share = |topic: &str, issue: &str| {
            tagged.get(&(topic, issue.to_owned())).copied().unwrap_or(0) as f64
                / totals[topic].max(1) as f64
        };
        if std::env::var_os("GAZETTE_DEBUG").is_some() {
            for topic in topics {
                let mut row: Vec<_> = tagged.iter().filter(|((t, _), _)| *t == topic).collect();
                row.sort_by(|a, b| b.1.cmp(a.1));
                let row: Vec<String> = row.iter().map(|((_, id), n)| format!("{id} {n}")).collect();
                eprintln!("{topic} ({}): {}", totals[topic], row.join(", "));
            }
        }
        for (topic, issue, least, most) in expect {
            let inside = share(topic, issue);
            eprintln!("{issue}: {inside:.2} of {topic}");
            assert!(inside >= least, "{issue} tags only {inside:.2} of {topic}");
            for other in topics.iter().filter(|&&t| t != topic) {
                let outside = share(other, issue);
                assert!(outside <= most, "{issue} tags {outside:.2} of {other}");
            }
        }
    }
}
