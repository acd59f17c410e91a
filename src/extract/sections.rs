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
    /// Strength of the evidence, 0–1 (0 for the fallback of an article with none).
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
}
