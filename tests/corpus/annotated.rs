//! People and countries found in hand-annotated news articles, scored by the
//! harness in [`crate::gold`] against the gold files in `tests/gold/`.
//!
//! A check named `..._heldout` scores articles nothing is tuned on: the
//! honest stand-in for unseen news. Do not adjust word lists or rules to fix
//! a miss there; fix the kind of error on development data instead, or it
//! stops being a hold-out. A check named `..._dev` scores development data:
//! rules and word lists have been shaped by its errors, so its figures are
//! not a measure of unseen news.
//!
//! Annotations follow `../shared/gold/README.md`. People: the full name as
//! the article gives it, with the other forms it uses; companies, bands,
//! families, programmes, awards and places named after people do not count.
//! Countries: ISO 3166-1 alpha-2 codes, by name, alternative name or demonym
//! ("Irish publishing group"); constituent countries count as GB; a capital
//! only as its government ("a deal with Beijing"), not as a venue ("a
//! summit in Lisbon"); not inside an organisation's or a brand's name or a
//! person's title; the EU, Europe and the West are not countries.
//!
//! The articles are read from `../shared/corpora/` at run time; without
//! them each check prints `SKIPPED:` and passes. The floors sit under the
//! measured figures, so a regression fails but a point lost to a fix
//! elsewhere does not tempt anyone to tune on a hold-out.

use crate::gold::{at_least, score};

/// People in 12 BBC News articles from all five topics, the finder's
/// development set.
#[test]
fn people_bbc_dev() {
    let Some(f) = score("people_bbc_dev") else {
        return;
    };
    at_least("people recall", f.people.recall(), 0.85);
    at_least("people precision", f.people.precision(), 0.90);
}

/// People in 15 BBC News articles from all five topics, drawn at random
/// (Python `random.seed(2026)`, excluding every article another check uses)
/// and annotated by reading each in full before the finder was run on them.
/// Their errors have guided rules, so they are development data.
#[test]
fn people_bbc_dev_all_topics() {
    let Some(f) = score("people_bbc_dev_all_topics") else {
        return;
    };
    at_least("people precision", f.people.precision(), 0.85);
    at_least("people recall", f.people.recall(), 0.50);
}

/// People in 12 BBC News articles nothing is tuned on, 4 each from
/// politics, business and entertainment, drawn at random (Python
/// `random.seed(3303)`, excluding every article another check uses) and
/// annotated by reading each in full before the finder was run on them.
/// Bands, brands, programmes and foundations named after people do not count.
#[test]
fn people_bbc_heldout_pol_bus_ent() {
    let Some(f) = score("people_bbc_heldout_pol_bus_ent") else {
        return;
    };
    at_least("people F1", f.people.f1(), 0.85);
}

/// People in 15 BBC News articles nothing is tuned on, 5 each from
/// entertainment, sport and tech: stage names, sports reports that use
/// surnames alone, tech spokespeople. Drawn at random (Python
/// `random.seed(4405)`, excluding every article another check uses) and
/// annotated by reading each in full before the finder was run on them.
/// Stage names count as people; bands, companies, families ("the Beckhams")
/// and newspapers do not. The floor catches a collapse rather than a point
/// lost.
#[test]
fn people_bbc_heldout_ent_sport_tech() {
    let Some(f) = score("people_bbc_heldout_ent_sport_tech") else {
        return;
    };
    at_least("people F1", f.people.f1(), 0.80);
}

/// Countries in 15 BBC News articles nothing is tuned on, 8 from politics and
/// 7 from business, drawn at random (Python `random.seed(2611)`, excluding
/// every article another check uses) and annotated by reading each in full
/// before the extractor was run on them. A country only inside an
/// organisation's or a brand's name does not count ("Board of Deputies of
/// British Jews", "Havana Club rum"). Development data for countries is
/// CoNLL train/testa and the BBC articles in `src/extract/countries/tests.rs`.
#[test]
fn countries_bbc_heldout() {
    let Some(f) = score("countries_bbc_heldout") else {
        return;
    };
    at_least("countries F1", f.countries.f1(), 0.95);
}

/// People and countries in the first 20 web news pages (2019) the selection
/// rule of [`crate::gold`]'s web corpus keeps. Annotated by reading each
/// headline and body in full before gazette was run on them, but their errors
/// have guided rules (sports results, appositions, name variants, newspapers,
/// officials' titles, regions, former states), so they are development data;
/// [`people_countries_web2019_heldout`] gives the honest figure.
///
/// Companies, awards, institutes and venues named after people do not count
/// (Walt Disney Co., Dick Clark Productions, Dow Jones, Heinz Field); US
/// states, Inner Mongolia and the Soviet Union are not countries; Hong Kong
/// is (HK); a country adjective on a government body counts ("the US
/// Senate"). Judgement calls are in each article's `notes`.
#[test]
fn people_countries_web2019_dev() {
    let Some(f) = score("people_countries_web2019_dev") else {
        return;
    };
    at_least("people F1", f.people.f1(), 0.98);
    at_least("countries F1", f.countries.f1(), 0.98);
}

/// People and countries in the next 20 web news pages (2019) the selection
/// rule keeps, the whole remainder: nothing is tuned on them. Each was
/// annotated by reading its page title (as the harness cuts it) and body in
/// full before gazette was run on any of them.
///
/// Conventions are those of [`people_countries_web2019_dev`]; a bylined
/// reporter or quoted tweeter counts; hospitals and products named after
/// people do not (Walter Reed, Mayo Clinic, Roth IRA); national teams stand
/// for their countries. Judgement calls are in each article's `notes`.
#[test]
fn people_countries_web2019_heldout() {
    let Some(f) = score("people_countries_web2019_heldout") else {
        return;
    };
    at_least("people F1", f.people.f1(), 0.92);
    at_least("countries F1", f.countries.f1(), 0.96);
}

/// People in 25 short recent2025 articles for development (rows i%12==1
/// with 300-3,500 characters of text, the first 25), annotated before
/// gazette was run on them and then tuned on: the figure printed is a
/// development figure, [`people_recent2025_heldout`] the honest one.
#[test]
fn people_recent2025_dev() {
    let Some(f) = score("people_recent2025_dev") else {
        return;
    };
    at_least("people F1", f.people.f1(), 0.80);
}

/// People in 25 short recent2025 articles (May 2025, 13 outlets), HELD OUT:
/// annotated by reading each article before gazette was run on any of them
/// (rows i%12==9 with 300-3,500 characters of text, the first 25; the
/// file's `about`). Bylines, credits, street names and names standing for an
/// award or an institution are optional. The floor is below the 0.95
/// target so that the test guards against regressions; the figure printed is
/// the one to report.
#[test]
fn people_recent2025_heldout() {
    let Some(f) = score("people_recent2025_heldout") else {
        return;
    };
    at_least("people F1", f.people.f1(), 0.80);
}
