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
use serde::Deserialize;

use super::phrases::{Case, Found, PhraseSet};
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
        }
    }
}

/// Evidence an issue needs unless its entry says otherwise.
const DEFAULT_THRESHOLD: f32 = 2.5;
/// Weights of the three phrase strengths.
const STRONG: f32 = 2.0;
const NORMAL: f32 = 1.0;
const WEAK: f32 = 0.5;
/// Support from each of an issue's countries named at least twice.
const COUNTRY_SUPPORT: f32 = 0.5;
/// Scale of the evidence → score curve: evidence `SCALE` scores about 0.63.
const SCALE: f32 = 4.0;

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
}

/// Scores an article against the issue taxonomy.
pub struct IssueTagger {
    issues: Vec<IssueDef>,
    /// Every distinct phrase; acronyms match exactly, the rest ignoring ASCII case.
    phrases: PhraseSet,
    /// For phrase `i`: the issues it is evidence for, with weights.
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

        // Sized for every phrase at once: growing them rehashes and copies.
        let total = issues
            .iter()
            .map(|d| d.strong.len() + d.phrases.len() + d.weak.len())
            .sum();
        let mut index: FxHashMap<Cow<str>, usize> =
            FxHashMap::with_capacity_and_hasher(total, Default::default());
        let mut patterns: Vec<&str> = Vec::with_capacity(total);
        let mut evidence: Vec<Vec<(usize, f32)>> = Vec::with_capacity(total);
        for (i, def) in issues.iter().enumerate() {
            let weighted = def
                .strong
                .iter()
                .map(|p| (p, STRONG))
                .chain(def.phrases.iter().map(|p| (p, NORMAL)))
                .chain(def.weak.iter().map(|p| (p, WEAK)));
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

    /// The issues whose evidence passes the threshold, strongest first.
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
        // Sized for most articles: growing a list a match at a time
        // reallocates it several times over.
        let mut matches: Vec<(usize, Span)> = Vec::with_capacity(64);
        let mut found = Vec::with_capacity(32);
        for (unit, text) in doc.units.iter().enumerate() {
            found.clear();
            self.phrases.find(text, words.unit(unit), &mut found);
            push_matches(unit, &found, &mut matches);
        }
        self.score_matches(matches, countries, people)
    }

    /// [`IssueTagger::score`] from the taxonomy's matches in the document,
    /// as [`push_matches`] gathers them.
    pub(crate) fn score_matches(
        &self,
        matches: Vec<(usize, Span)>,
        countries: &[CountryMention],
        _people: &[Person],
    ) -> Vec<IssueHit> {
        if matches.is_empty() {
            return Vec::new();
        }
        // Group by phrase: how often each matched, and whether in the
        // title. Sorted as keys of eight bytes (the phrase, then 0 for the
        // title), not the matches of 24: a phrase's title match is first.
        let mut keys: Vec<u64> = matches
            .iter()
            .map(|&(phrase, span)| (phrase as u64) << 1 | u64::from(span.unit != 0))
            .collect();
        keys.sort_unstable();
        // The totals are sums of floats: added phrase by phrase in phrase
        // order, as they always were.
        let mut totals: Vec<f32> = vec![0.0; self.issues.len()];
        for group in keys.chunk_by(|a, b| a >> 1 == b >> 1) {
            let (count, in_title) = (group.len(), group[0] & 1 == 0);
            let repeats = 1.0 + 0.5 * (count as f32).ln();
            for &(issue, weight) in &self.evidence[(group[0] >> 1) as usize] {
                let title = if in_title { weight } else { 0.0 };
                totals[issue] += weight * repeats + title;
            }
        }

        let mut hits: Vec<IssueHit> = Vec::new();
        // Each issue's place in `hits`, if it is tagged.
        let mut hit_of = vec![usize::MAX; self.issues.len()];
        for (i, (def, mut evidence)) in self.issues.iter().zip(totals).enumerate() {
            if evidence < NORMAL {
                continue;
            }
            for code in &def.countries {
                if countries.iter().any(|c| &c.code == code && c.mentions >= 2) {
                    evidence += COUNTRY_SUPPORT;
                }
            }
            if evidence < def.threshold() {
                continue;
            }
            hit_of[i] = hits.len();
            hits.push(IssueHit {
                id: def.id.clone(),
                label: def.label.clone(),
                score: 1.0 - (-evidence / SCALE).exp(),
                spans: Vec::new(),
            });
        }
        // The spans of every phrase that is evidence for a tagged issue, in
        // one pass over the matches for all of them (a phrase lists an
        // issue once), then in order.
        if !hits.is_empty() {
            for &(phrase, span) in &matches {
                for &(issue, _) in &self.evidence[phrase] {
                    if let Some(hit) = hits.get_mut(hit_of[issue]) {
                        hit.spans.push(span);
                    }
                }
            }
            for hit in &mut hits {
                hit.spans.sort();
            }
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        hits
    }
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
        assert!(ids("Weekly round-up", "Ministers discussed immigration.").is_empty());
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
            ids("", "The EU and the European Commission agreed."),
            ["brexit-eu"]
        );
        assert!(ids("", "the eu and the European Commission agreed.").is_empty());
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
        let doc = Doc {
            units: vec!["", "Ukraine and Russia played a football match."],
        };
        assert!(tagger().score(&doc, &countries, &[]).is_empty());
        let doc = Doc {
            units: vec!["", "Ukraine asked for military aid against Russian forces."],
        };
        assert!(tagger().score(&doc, &[], &[]).is_empty());
        let ids: Vec<String> = tagger()
            .score(&doc, &countries, &[])
            .into_iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(ids, ["ukraine-war"]);
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
