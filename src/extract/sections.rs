//! Sections: the top level of IPTC Media Topics (`assets/sections.toml`),
//! one per article, two at most.
//!
//! A section's evidence is its own cue phrases, weighed by place as issue
//! phrases are, plus the evidence of the issues that belong to it (an issue's
//! `section` in `assets/issues.toml`). The cue phrases are searched in the
//! same word-lookup pass as the issues' ([`super::issues::IssueTagger`]
//! holds both), so sections cost no second pass over the text.

use serde::{Deserialize, Serialize};

/// The compiled-in sections, `assets/sections.toml` made a table by `build.rs`.
static BUILTIN: &[RawSection] = include!(concat!(env!("OUT_DIR"), "/sections.rs"));

/// A [`SectionDef`] as `build.rs` writes it out.
struct RawSection {
    id: &'static str,
    label: &'static str,
    iptc: &'static str,
    iptc_label: &'static str,
    strong: &'static [&'static str],
    phrases: &'static [&'static str],
    weak: &'static [&'static str],
}

/// One section of the scheme.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    /// Stable identifier ("politics", "human-interest").
    pub id: String,
    /// Display label ("Economy, business and finance").
    pub label: String,
    /// The IPTC Media Topics code ("medtop:11000000").
    pub iptc: String,
    /// The IPTC's own label of the code.
    pub iptc_label: String,
    #[serde(default)]
    pub strong: Vec<String>,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub weak: Vec<String>,
}

/// The compiled-in sections, in file order (the first is the fallback).
pub fn builtin() -> Vec<SectionDef> {
    BUILTIN
        .iter()
        .map(|r| {
            let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
            SectionDef {
                id: r.id.to_owned(),
                label: r.label.to_owned(),
                iptc: r.iptc.to_owned(),
                iptc_label: r.iptc_label.to_owned(),
                strong: owned(r.strong),
                phrases: owned(r.phrases),
                weak: owned(r.weak),
            }
        })
        .collect()
}

/// A section of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionHit {
    pub id: String,
    pub label: String,
    /// Strength of the evidence, the rules' and the section model's, 0–1
    /// (0 for the fallback of an article with neither).
    pub score: f32,
}

/// A second section is kept when its evidence is at least this share of the first's.
const SECOND_SHARE: f32 = 0.6;
/// ... and at least this much evidence.
const SECOND_FLOOR: f32 = 4.0;
/// Scale of the evidence → score curve, as for issues.
const SCALE: f32 = 6.0;

/// The article's sections from each section's evidence (`evidence[i]` for
/// `defs[i]`): the strongest, and a second close behind it; the first
/// section of `defs` when none has any evidence.
pub fn choose(defs: &[SectionDef], evidence: &[f32]) -> Vec<SectionHit> {
    let hit = |i: usize, e: f32| SectionHit {
        id: defs[i].id.clone(),
        label: defs[i].label.clone(),
        score: 1.0 - (-e / SCALE).exp(),
    };
    let mut order: Vec<usize> = (0..defs.len().min(evidence.len())).collect();
    // Ties keep file order.
    order.sort_by(|&a, &b| evidence[b].total_cmp(&evidence[a]).then(a.cmp(&b)));
    let Some(&first) = order.first() else {
        return Vec::new();
    };
    if evidence[first] <= 0.0 {
        return vec![hit(0, 0.0)];
    }
    let mut out = vec![hit(first, evidence[first])];
    if let Some(&second) = order.get(1) {
        let e = evidence[second];
        if e >= SECOND_FLOOR && e >= SECOND_SHARE * evidence[first] {
            out.push(hit(second, e));
        }
    }
    out
}

/// Rule evidence at which a lone section stands without the model.
const MODEL_BELOW: f32 = 12.0;
/// The model's weight: a section it is sure of gains this much evidence.
/// Tuned on the training script's validation split (BBC, AG News) and on
/// `tests/gold/topics_dev.json`: more helps BBC and AG News items but
/// hurts 2025 feed items, whose news the corpora know less.
const MODEL_WEIGHT: f32 = 10.0;
/// Share of the model's `world` class (AG News "World") that politics gets.
const WORLD_TO_POLITICS: f32 = 0.5;
/// Sections the model's `world` class stands for, and the share of it that
/// other sections it has no class of get (it neither backs nor opposes them).
const WORLD_SECTIONS: [&str; 3] = ["conflict", "crime", "disaster"];
const WORLD_TO_OTHERS: f32 = 0.5;

/// The sections of an article from the rules' choice (`hits`, from
/// [`choose`]) and, where the rules are weak (no section, or one below
/// [`MODEL_BELOW`]) or torn between two, the section model's
/// probabilities of its `classes` (`model`, run only then): each candidate's
/// evidence plus [`MODEL_WEIGHT`] times the model's support for it. So the
/// model decides short items and ties, and never overrides strong rules.
pub fn weigh_model(
    defs: &[SectionDef],
    hits: Vec<SectionHit>,
    classes: &[String],
    model: impl FnOnce() -> Vec<f32>,
) -> Vec<SectionHit> {
    let evidence_of = |h: &SectionHit| -SCALE * (1.0 - h.score).max(1e-9).ln();
    if hits.len() == 1 && evidence_of(&hits[0]) >= MODEL_BELOW {
        return hits;
    }
    let p = model();
    let prob = |id: &str| {
        classes
            .iter()
            .position(|c| c == id)
            .and_then(|i| p.get(i).copied())
    };
    let world = prob("world").unwrap_or(0.0);
    let support = |id: &str| match prob(id) {
        Some(x) if id == "politics" => x + WORLD_TO_POLITICS * world,
        Some(x) => x,
        None if WORLD_SECTIONS.contains(&id) => world,
        None => WORLD_TO_OTHERS * world,
    };
    let rule = |i: usize| {
        hits.iter()
            .find(|h| h.id == defs[i].id)
            .map_or(0.0, evidence_of)
    };
    // Candidates: the rules' sections and those the model has a class of.
    let best = (0..defs.len())
        .filter(|&i| rule(i) > 0.0 || prob(&defs[i].id).is_some())
        .map(|i| (i, rule(i) + MODEL_WEIGHT * support(&defs[i].id)))
        .fold(None, |best: Option<(usize, f32)>, (i, e)| match best {
            Some((_, b)) if b >= e => best,
            _ => Some((i, e)),
        });
    let Some((first, e)) = best else {
        return hits;
    };
    if hits.first().is_some_and(|h| h.id == defs[first].id) {
        return hits;
    }
    let mut out = vec![SectionHit {
        id: defs[first].id.clone(),
        label: defs[first].label.clone(),
        score: 1.0 - (-e / SCALE).exp(),
    }];
    // The rules' first stays second when it is close behind.
    if let Some(h) = hits.into_iter().next() {
        let e2 = evidence_of(&h);
        if e2 >= SECOND_FLOOR && e2 >= SECOND_SHARE * e {
            out.push(h);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Scheme {
        section: Vec<SectionDef>,
    }

    #[test]
    fn the_compiled_in_table_is_the_asset() {
        let text = include_str!("../../assets/sections.toml");
        let parsed: Scheme = toml::from_str(text).unwrap();
        assert_eq!(builtin(), parsed.section);
    }

    #[test]
    fn the_scheme_is_the_iptc_top_level() {
        let defs = builtin();
        let mut codes: Vec<&str> = defs.iter().map(|d| d.iptc.as_str()).collect();
        codes.sort();
        let expected: Vec<String> = (1..=17).map(|n| format!("medtop:{n:02}000000")).collect();
        assert_eq!(codes, expected);
        for (id, code) in [
            ("politics", "medtop:11000000"),
            ("economy", "medtop:04000000"),
            ("crime", "medtop:02000000"),
            ("conflict", "medtop:16000000"),
            ("disaster", "medtop:03000000"),
            ("arts", "medtop:01000000"),
            ("human-interest", "medtop:08000000"),
            ("weather", "medtop:17000000"),
        ] {
            let def = defs.iter().find(|d| d.id == id).unwrap();
            assert_eq!(def.iptc, code, "{id}");
        }
    }

    #[test]
    fn one_or_two_sections_and_a_fallback() {
        let defs = builtin();
        let mut e = vec![0.0; defs.len()];
        assert_eq!(choose(&defs, &e)[0].id, defs[0].id);
        assert_eq!(choose(&defs, &e)[0].score, 0.0);
        e[3] = 10.0;
        e[5] = 7.0;
        e[6] = 6.5;
        let got: Vec<String> = choose(&defs, &e).into_iter().map(|h| h.id).collect();
        assert_eq!(got, [defs[3].id.clone(), defs[5].id.clone()]);
        e[5] = 3.0;
        e[6] = 3.0;
        assert_eq!(choose(&defs, &e).len(), 1);
    }

    /// The model's classes and a distribution sure of `class`.
    fn sure_of(class: &str) -> (Vec<String>, Vec<f32>) {
        let classes: Vec<String> = ["politics", "economy", "sport", "arts", "science", "world"]
            .map(String::from)
            .to_vec();
        let p = classes
            .iter()
            .map(|c| if c == class { 0.96 } else { 0.008 })
            .collect();
        (classes, p)
    }

    fn evidence(defs: &[SectionDef], pairs: &[(&str, f32)]) -> Vec<f32> {
        let mut e = vec![0.0; defs.len()];
        for (id, v) in pairs {
            e[defs.iter().position(|d| d.id == *id).unwrap()] = *v;
        }
        e
    }

    fn first(hits: &[SectionHit]) -> &str {
        &hits[0].id
    }

    #[test]
    fn the_model_decides_weak_items_and_ties_but_not_strong_rules() {
        let defs = builtin();
        let weigh = |pairs: &[(&str, f32)], class: &str| {
            let (classes, p) = sure_of(class);
            weigh_model(
                &defs,
                choose(&defs, &evidence(&defs, pairs)),
                &classes,
                || p,
            )
        };
        // No rule evidence, or a weak cue: the model's section.
        assert_eq!(first(&weigh(&[], "sport")), "sport");
        assert_eq!(first(&weigh(&[("politics", 2.0)], "sport")), "sport");
        // A tie between two: the model breaks it.
        assert_eq!(
            first(&weigh(&[("politics", 20.0), ("economy", 18.0)], "economy")),
            "economy"
        );
        // World news backs the rules' conflict section over the model's politics share.
        assert_eq!(first(&weigh(&[("conflict", 4.0)], "world")), "conflict");
        // Strong lone rule evidence stands, and the model is not even run.
        let strong = choose(&defs, &evidence(&defs, &[("crime", 30.0)]));
        let (classes, _) = sure_of("sport");
        let kept = weigh_model(&defs, strong.clone(), &classes, || panic!("model run"));
        assert_eq!(kept, strong);
        // Agreement keeps the rules' hits and scores.
        let agreed = choose(&defs, &evidence(&defs, &[("arts", 5.0)]));
        let (classes, p) = sure_of("arts");
        assert_eq!(weigh_model(&defs, agreed.clone(), &classes, || p), agreed);
    }
}
