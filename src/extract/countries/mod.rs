//! Countries: names, alternative names, demonyms and capitals → ISO codes.
//!
//! [`CountryFinder::scan`] runs one case-sensitive, leftmost-longest
//! word-lookup pass ([`PhraseSet`]) per text unit, so "Papua New Guinea" beats "Guinea", "New Mexico"
//! (a blocking phrase) beats "Mexico", and "US" never matches "us".
//! [`CountryFinder::resolve`] then drops hits inside people's names,
//! organisations and titles, and turns the rest into per-country mentions.

mod context;
mod gazetteer;

use std::borrow::Cow;
use std::collections::HashMap;

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

pub use gazetteer::CountryInfo;
use gazetteer::{Form, Gazetteer, Role};

use super::phrases::{Case, Found, PhraseSet};
use super::words::UnitWords;
use super::{CountryMention, Doc, PlaceHit, PlaceKind, Span};

/// Finds places with one word-lookup pass and resolves them to countries.
pub struct CountryFinder {
    countries: Vec<CountryInfo>,
    phrases: PhraseSet,
    /// What phrase `i` names.
    forms: Vec<Form>,
    /// The same, by surface text, for hits handed back to [`CountryFinder::resolve`].
    by_text: FxHashMap<Cow<'static, str>, Form>,
    /// The first country with each two-letter code, by [`code_slot`]: `info`
    /// is asked once per country an article names.
    by_code: Box<[u16; 26 * 26]>,
}

impl CountryFinder {
    /// Builds the finder from the compiled-in gazetteer.
    pub fn builtin() -> Self {
        Self::from_gazetteer(Gazetteer::builtin())
    }

    fn from_gazetteer(g: Gazetteer) -> Self {
        // Room for every form and an upper-case variant of each, so that
        // nothing grows while it is built.
        let room = 2 * g.forms.len();
        let mut by_text: FxHashMap<Cow<'static, str>, Form> =
            FxHashMap::with_capacity_and_hasher(room, Default::default());
        let mut forms = Vec::with_capacity(room);
        // Headlines in capitals ("JAPAN CUTS RATES"): upper-case variants of
        // forms long enough not to be ordinary shouted words, after all the
        // forms as written.
        let shouted_forms = g
            .forms
            .iter()
            .filter_map(|(text, form)| Some((Cow::Owned(shouted(text)?), *form)));
        let all = g.forms.iter().cloned().chain(shouted_forms);
        // The first entry for a text wins; the phrase set is handed each
        // text as it is kept, with no list of them in between.
        let kept = all.filter_map(|(text, form)| match by_text.entry(text) {
            Entry::Occupied(_) => None,
            Entry::Vacant(e) => {
                let text = e.key().clone();
                e.insert(form);
                forms.push(form);
                Some((text, Case::Exact))
            }
        });
        let phrases = PhraseSet::new(kept);
        let mut by_code = Box::new([u16::MAX; 26 * 26]);
        for (i, c) in g.countries.iter().enumerate() {
            if let Some(slot) = code_slot(c.code)
                && by_code[slot] == u16::MAX
            {
                by_code[slot] = u16::try_from(i).unwrap_or(u16::MAX);
            }
        }
        CountryFinder {
            countries: g.countries,
            phrases,
            forms,
            by_text,
            by_code,
        }
    }

    /// The gazetteer's phrase set.
    pub(crate) fn phrases(&self) -> &PhraseSet {
        &self.phrases
    }

    /// Every gazetteer hit in the document, in text order.
    pub fn scan(&self, doc: &Doc) -> Vec<PlaceHit> {
        self.scan_words(doc, &UnitWords::of(&doc.units))
    }

    /// [`CountryFinder::scan`] with the units' words already found.
    pub fn scan_words(&self, doc: &Doc, words: &UnitWords) -> Vec<PlaceHit> {
        // Sized for most articles, so that they are not grown hit by hit.
        let mut hits = Vec::with_capacity(32);
        let mut found = Vec::with_capacity(16);
        for (unit, text) in doc.units.iter().enumerate() {
            found.clear();
            self.phrases.find(text, words.unit(unit), &mut found);
            self.push_hits(unit, text, &found, &mut hits);
        }
        hits
    }

    /// The hits of the gazetteer's matches `found` in unit `unit`, whose
    /// text is `text`, appended to `hits`.
    pub(crate) fn push_hits(
        &self,
        unit: usize,
        text: &str,
        found: &[Found],
        hits: &mut Vec<PlaceHit>,
    ) {
        for m in found {
            let form = self.forms[m.phrase];
            if form.role == Role::Block || !context::whole_word(text, m.start, m.end) {
                continue;
            }
            hits.push(PlaceHit {
                span: Span::new(unit, m.start, m.end),
                code: self.countries[form.country].code,
                kind: kind_of(form.role),
            });
        }
    }

    /// Per-country mentions from the hits that are not inside `excluded` spans
    /// (people's names), organisations ("Bank of England", "British Airways")
    /// or titles ("Prince of Wales"). A capital counts only for a country that
    /// is not otherwise named, and only where it stands for the government
    /// ("Moscow said", not "talks in Moscow"); a city never counts. Most
    /// mentioned first.
    pub fn resolve(&self, doc: &Doc, hits: &[PlaceHit], excluded: &[Span]) -> Vec<CountryMention> {
        struct Tally {
            named: Vec<Span>,
            capital: Vec<Span>,
            first: Span,
        }
        let mut tallies: Vec<(&'static str, Tally)> = Vec::with_capacity(8);
        // Sorted, so each hit is checked against its own unit's spans only:
        // one long article must not cost hits × names.
        let mut excluded = excluded.to_vec();
        excluded.sort_unstable();
        for hit in hits {
            let Span { unit, end, .. } = hit.span;
            let lo = excluded.partition_point(|x| x.unit < unit);
            let hi = excluded.partition_point(|x| (x.unit, x.start) < (unit, end));
            if excluded[lo..hi.max(lo)]
                .iter()
                .any(|x| x.overlaps(&hit.span))
            {
                continue;
            }
            let text = doc.units.get(hit.span.unit as usize).copied().unwrap_or("");
            let (start, end) = (hit.span.start as usize, hit.span.end as usize);
            if text.get(start..end).is_none() || context::in_organisation_or_title(text, start, end)
            {
                continue;
            }
            let role = match hit.kind {
                PlaceKind::Name => Role::Name,
                PlaceKind::Demonym => Role::Demonym,
                PlaceKind::Capital | PlaceKind::Other => {
                    match self.by_text.get(doc.text(&hit.span)) {
                        Some(form) => form.role,
                        None if hit.kind == PlaceKind::Capital => Role::Capital,
                        None => Role::City,
                    }
                }
            };
            match role {
                Role::City | Role::Block => continue,
                Role::Capital if !context::capital_as_government(text, start, end) => continue,
                Role::Demonym if context::demonym_as_language(text, start, end) => continue,
                // "the Cleveland Indians": a plural demonym after a
                // capitalised word that is no place is a team's name.
                Role::Demonym
                    if text[..end].ends_with('s')
                        && context::name_before(text, start)
                            .is_some_and(|w| !self.by_text.contains_key(w)) =>
                {
                    continue;
                }
                _ => {}
            }
            let i = match tallies.iter().position(|(c, _)| *c == hit.code) {
                Some(i) => i,
                None => {
                    tallies.push((
                        hit.code,
                        Tally {
                            named: Vec::new(),
                            capital: Vec::new(),
                            first: hit.span,
                        },
                    ));
                    tallies.len() - 1
                }
            };
            let tally = &mut tallies[i].1;
            if matches!(role, Role::Capital | Role::Seat) {
                tally.capital.push(hit.span);
            } else {
                tally.named.push(hit.span);
            }
        }
        // A country named only by a word that is also a US state, in an
        // article about the US, is the state.
        let us_named = tallies
            .iter()
            .any(|(c, t)| *c == "US" && !t.named.is_empty());
        if us_named {
            tallies.retain(|(code, t)| {
                !US_STATES.iter().any(|&(state, c)| {
                    c == *code
                        && t.named
                            .iter()
                            .all(|s| doc.text(s).eq_ignore_ascii_case(state))
                })
            });
        }
        let mut out: Vec<(Span, CountryMention)> = tallies
            .into_iter()
            .filter_map(|(code, t)| {
                let spans = if t.named.is_empty() {
                    t.capital
                } else {
                    t.named
                };
                let info = self.info(code)?;
                Some((
                    t.first,
                    CountryMention {
                        code: code.to_owned(),
                        name: info.name.to_owned(),
                        mentions: spans.len() as u32,
                        spans,
                    },
                ))
            })
            .collect();
        out.sort_by(|(a_first, a), (b_first, b)| {
            b.mentions.cmp(&a.mentions).then(a_first.cmp(b_first))
        });
        out.into_iter().map(|(_, m)| m).collect()
    }

    /// Resolves a user's word for a country: an ISO code ("fr"), a name
    /// ("france", "the Netherlands") or a demonym ("french"); case-insensitive.
    /// The finder is always built from the compiled-in gazetteer, so this is
    /// [`lookup`]'s answer: its table is built on first use, as extraction
    /// never needs it.
    pub fn lookup(&self, text: &str) -> Option<&CountryInfo> {
        lookup(text)
    }

    /// The country with this ISO alpha-2 code (any case).
    pub fn info(&self, code: &str) -> Option<&CountryInfo> {
        // A two-letter code can only equal, ignoring ASCII case, another
        // two-letter code: those are in the table, first one first.
        if let Some(slot) = code_slot(code) {
            return self.countries.get(usize::from(self.by_code[slot]));
        }
        self.countries
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
    }

    /// Every country and territory in the gazetteer, with coordinates.
    pub fn countries(&self) -> &[CountryInfo] {
        &self.countries
    }
}

/// The [`CountryFinder::info`] table slot of a code of two ASCII letters, in
/// either case.
fn code_slot(code: &str) -> Option<usize> {
    match code.as_bytes() {
        &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            let letter = |c: u8| usize::from(c.to_ascii_uppercase() - b'A');
            Some(letter(a) * 26 + letter(b))
        }
        _ => None,
    }
}

/// The upper-case variant of a surface form, when it differs from the form
/// and has at least four letters.
fn shouted(text: &str) -> Option<String> {
    // For ASCII text `to_uppercase` changes only the small letters, and the
    // letters are the ASCII ones: decided without building the variant.
    if text.is_ascii() {
        let bytes = text.as_bytes();
        let changes = bytes.iter().any(u8::is_ascii_lowercase);
        let letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
        return (changes && letters >= 4).then(|| text.to_ascii_uppercase());
    }
    let upper = text.to_uppercase();
    (upper != text && text.chars().filter(|c| c.is_alphabetic()).count() >= 4).then_some(upper)
}

/// Country names that are also US states, with their country's code.
const US_STATES: &[(&str, &str)] = &[("Georgia", "GE")];

fn kind_of(role: Role) -> PlaceKind {
    match role {
        Role::Name => PlaceKind::Name,
        Role::Demonym => PlaceKind::Demonym,
        Role::Capital | Role::Seat => PlaceKind::Capital,
        Role::Region | Role::City | Role::Block => PlaceKind::Other,
    }
}

#[cfg(test)]
mod tests;

/// Resolves an ISO code, name, demonym or region (any case, with or without
/// "the") from the gazetteer alone, without building the matcher: the
/// filter language needs only this, and a one-shot `gazette list` should not
/// pay for extraction's tables.
pub fn lookup(text: &str) -> Option<&'static CountryInfo> {
    static TABLE: std::sync::OnceLock<(Gazetteer, HashMap<String, usize>)> =
        std::sync::OnceLock::new();
    let (g, table) = TABLE.get_or_init(|| {
        let g = Gazetteer::builtin();
        let table = g.lookup_table();
        (g, table)
    });
    let key = text.trim().to_lowercase();
    let key = key.strip_prefix("the ").unwrap_or(&key);
    table.get(key).and_then(|&i| g.countries.get(i))
}
