//! Saved filters: `@name` in a query stands for the filter saved as `name`
//! (the config file's `[filters]` table, or `:save` in the TUI).

use std::collections::BTreeMap;

/// Replaces each `@name` outside quotes with the saved filter `name` from
/// `filters`, parenthesised: `@uk -war` means `(country:gb) -war`.
pub fn expand_saved(filters: &BTreeMap<String, String>, query: &str) -> Result<String, String> {
    let mut out = String::with_capacity(query.len());
    let mut in_quotes = false;
    let mut chars = query.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at_word_start = i == 0 || query[..i].ends_with([' ', '(']);
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == '@' && !in_quotes && at_word_start {
            let rest = &query[i + 1..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..end];
            let Some(saved) = filters.get(name) else {
                let known: Vec<String> = filters.keys().map(|k| format!("@{k}")).collect();
                return Err(format!(
                    "no saved filter @{name} (saved: {})",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ));
            };
            out.push('(');
            out.push_str(saved);
            out.push(')');
            for _ in 0..name.chars().count() {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    Ok(out)
}

/// True for names a saved filter may have (the `@name` of a query).
pub fn valid_filter_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_expand_outside_quotes_at_word_starts() {
        let filters = BTreeMap::from([("uk".to_string(), "country:gb OR c:ie".to_string())]);
        assert_eq!(
            expand_saved(&filters, "@uk -war").unwrap(),
            "(country:gb OR c:ie) -war"
        );
        assert_eq!(
            expand_saved(&filters, "\"@uk\" a@uk").unwrap(),
            "\"@uk\" a@uk"
        );
        let e = expand_saved(&BTreeMap::new(), "@uk").unwrap_err();
        assert!(e.contains("@uk") && e.contains("none"), "{e}");
    }

    #[test]
    fn filter_names_are_letters_digits_dashes_and_underscores() {
        for ok in ["uk", "uk-news", "a_1", "été"] {
            assert!(valid_filter_name(ok), "{ok}");
        }
        for bad in ["", "a b", "a.b", "@uk", "a\"b"] {
            assert!(!valid_filter_name(bad), "{bad}");
        }
    }
}
