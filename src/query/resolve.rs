//! Resolving what a user types after `country:` to ISO codes.
//!
//! [`country_codes`] is the one function the evaluator calls; it asks the
//! same gazetteer extraction uses, so every name, alternative name and
//! demonym extraction knows is also a filter ("britain", "ukrainian").

use super::text::fold;
use crate::extract::countries;

/// The countries `value` names: an ISO alpha-2 code (two letters are always
/// read as a code), or a name, other name or demonym, ignoring case and accents.
/// Empty when it names none; the evaluator then falls back to word-prefix
/// matching on the stored country names.
pub fn country_codes(value: &str) -> Vec<String> {
    let v = fold(value.trim());
    if v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic()) {
        return vec![v.to_ascii_uppercase()];
    }
    let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
    countries::lookup(&v)
        .map(|c| vec![c.code.to_string()])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_demonyms() {
        assert_eq!(country_codes("fr"), ["FR"]);
        assert_eq!(country_codes("France"), ["FR"]);
        assert_eq!(country_codes("french"), ["FR"]);
        assert_eq!(country_codes("Iranian"), ["IR"]);
        assert_eq!(country_codes("united  kingdom"), ["GB"]);
        assert_eq!(country_codes("Britain"), ["GB"]);
        assert_eq!(country_codes("the US"), ["US"]);
        assert_eq!(country_codes("Ivory Coast"), ["CI"]);
        assert!(country_codes("atlantis").is_empty());
    }
}
