//! The country gazetteer: `assets/countries.tsv` (generated from mledoze/countries,
//! ODbL) plus the hand-curated `assets/countries_extra.tsv`, parsed once.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

const COUNTRIES_TSV: &str = include_str!("../../../assets/countries.tsv");
const EXTRA_TSV: &str = include_str!("../../../assets/countries_extra.tsv");

/// Facts about one country or territory.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryInfo {
    /// ISO 3166-1 alpha-2, upper case.
    pub code: &'static str,
    /// The common English name ("United Kingdom").
    pub name: &'static str,
    pub lat: f64,
    pub lng: f64,
    /// An independent state rather than a territory.
    pub sovereign: bool,
}

/// What a surface form says about its country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A name or alternative name: always evidence.
    Name,
    /// A demonym or adjective: always evidence.
    Demonym,
    /// A capital city: evidence only when the country is not otherwise named
    /// and the city stands for its government ("Moscow said"), not a venue.
    Capital,
    /// A seat of government that only ever stands for it ("the Kremlin",
    /// "Downing Street"): evidence when the country is not otherwise named.
    Seat,
    /// A part of the country (England, Gaza): always evidence.
    Region,
    /// A city: a place, so not a person, but no evidence of the country.
    City,
    /// A longer phrase that is not the country ("New Mexico", "Indian Ocean").
    Block,
}

/// One surface form of the gazetteer.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    /// Index into [`Gazetteer::countries`]; meaningless for [`Role::Block`].
    pub country: usize,
    pub role: Role,
}

/// Parsed assets: the countries and every surface form that names one.
pub struct Gazetteer {
    pub countries: Vec<CountryInfo>,
    /// Surface forms in insertion order; the first entry for a form wins.
    /// Borrowed from the assets but for the derived plurals.
    pub forms: Vec<(Cow<'static, str>, Form)>,
}

impl Gazetteer {
    /// Parses the compiled-in assets. They are checked by tests, so a
    /// malformed line is a build defect, reported by panicking.
    pub fn builtin() -> Gazetteer {
        Gazetteer::parse(COUNTRIES_TSV, EXTRA_TSV)
            .unwrap_or_else(|e| panic!("compiled-in country assets: {e}"))
    }

    pub fn parse(
        countries_tsv: &'static str,
        extra_tsv: &'static str,
    ) -> Result<Gazetteer, String> {
        // Sized once for the compiled-in tables (some 250 countries, a few
        // thousand forms): growing them step by step copies and rehashes.
        let mut countries = Vec::with_capacity(256);
        let mut index: FxHashMap<&str, usize> =
            FxHashMap::with_capacity_and_hasher(256, Default::default());
        // Generated rows, kept to add their forms after the extras.
        let mut rows = Vec::with_capacity(256);
        for (n, line) in data_lines(countries_tsv).skip(1) {
            let mut cols = crate::extract::split_byte(line, b'\t');
            let mut col = || cols.next();
            let (
                Some(code),
                Some(name),
                Some(alts),
                Some(dems),
                Some(caps),
                Some(lat),
                Some(lng),
                Some(sovereign),
                None,
            ) = (
                col(),
                col(),
                col(),
                col(),
                col(),
                col(),
                col(),
                col(),
                col(),
            )
            else {
                return Err(format!("countries.tsv line {n}: expected 8 columns"));
            };
            let lat: f64 = lat
                .parse()
                .map_err(|_| format!("countries.tsv line {n}: bad latitude"))?;
            let lng: f64 = lng
                .parse()
                .map_err(|_| format!("countries.tsv line {n}: bad longitude"))?;
            index.insert(code, countries.len());
            countries.push(CountryInfo {
                code,
                name,
                lat,
                lng,
                sovereign: sovereign == "1",
            });
            rows.push((countries.len() - 1, name, alts, dems, caps));
        }

        let mut forms: Vec<(Cow<'static, str>, Form)> = Vec::with_capacity(4096);
        let mut dropped: FxHashSet<&str> = FxHashSet::default();
        for (n, line) in data_lines(extra_tsv) {
            // `splitn(3, '\t')`: the form is the rest of the line.
            let Some((role, rest)) = split_tab(line) else {
                return Err(format!("countries_extra.tsv line {n}: expected 3 columns"));
            };
            let Some((code, form)) = split_tab(rest) else {
                return Err(format!("countries_extra.tsv line {n}: expected 3 columns"));
            };
            let country = || {
                index
                    .get(code)
                    .copied()
                    .ok_or_else(|| format!("countries_extra.tsv line {n}: unknown code {code}"))
            };
            let role = match role {
                "name" => Role::Name,
                "demonym" => Role::Demonym,
                "capital" => Role::Capital,
                "seat" => Role::Seat,
                "region" => Role::Region,
                "city" => Role::City,
                "block" => Role::Block,
                "drop" => {
                    dropped.insert(form);
                    continue;
                }
                "display" => {
                    let i = country()?;
                    countries[i].name = form;
                    continue;
                }
                other => {
                    return Err(format!(
                        "countries_extra.tsv line {n}: unknown role {other}"
                    ));
                }
            };
            let country = if role == Role::Block { 0 } else { country()? };
            forms.push((Cow::Borrowed(form), Form { country, role }));
        }

        // Names of every country before any demonym, demonyms before capitals:
        // a capital that shares its country's name ("Singapore") is a name.
        let split = |s: &'static str| crate::extract::split_byte(s, b'|').filter(|x| !x.is_empty());
        let generated = forms.len();
        let mut add = |form: &'static str, country: usize, role: Role| {
            if !dropped.contains(form) {
                forms.push((Cow::Borrowed(form), Form { country, role }));
            }
        };
        for &(i, name, alts, _, _) in &rows {
            for form in std::iter::once(name).chain(split(alts)) {
                add(form, i, Role::Name);
            }
        }
        for &(i, _, _, dems, _) in &rows {
            for form in split(dems) {
                add(form, i, Role::Demonym);
            }
        }
        for &(i, _, _, _, caps) in &rows {
            for form in split(caps) {
                add(form, i, Role::Capital);
            }
        }
        // Plural demonyms ("Afghans", "Israelis"), derived where English is regular.
        for k in generated..forms.len() {
            let (f, form) = (&forms[k].0, forms[k].1);
            if form.role == Role::Demonym && !f.contains(' ') && regular_plural(f) {
                let plural = Cow::Owned(format!("{f}s"));
                forms.push((plural, form));
            }
        }
        Ok(Gazetteer { countries, forms })
    }

    /// Lower-cased codes, names, demonyms and regions, for the filter
    /// language; the first country with a key keeps it. Built only where
    /// it is asked for: extraction never is.
    pub fn lookup_table(&self) -> HashMap<String, usize> {
        let mut lookup = HashMap::with_capacity(2 * self.countries.len() + self.forms.len());
        for (i, c) in self.countries.iter().enumerate() {
            lookup.entry(c.code.to_lowercase()).or_insert(i);
            lookup.entry(c.name.to_lowercase()).or_insert(i);
        }
        for (form, f) in &self.forms {
            if matches!(f.role, Role::Name | Role::Demonym | Role::Region) {
                lookup.entry(form.to_lowercase()).or_insert(f.country);
            }
        }
        lookup
    }
}

/// `line.split_once('\t')`, by a byte search.
fn split_tab(line: &str) -> Option<(&str, &str)> {
    let at = line.bytes().position(|b| b == b'\t')?;
    Some((&line[..at], &line[at + 1..]))
}

/// Non-empty, non-comment lines with their 1-based line numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    crate::extract::short_lines(text)
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// Demonyms that take a plain "s" ("Kenyan" → "Kenyans"); not "British",
/// "Chinese", "Swiss", "Dutch".
fn regular_plural(d: &str) -> bool {
    d.ends_with('n')
        || d.ends_with('i')
        || d.ends_with("ot")
        || d.ends_with('o')
        || d.ends_with("er")
}
