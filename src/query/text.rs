//! Matching rules shared by the parser and the evaluator: accent folding,
//! word splitting, word-prefix matching and spelling-tolerant keys.

/// Lower-cases and strips accents from Latin letters, so "Zelenskyy", "ZELENSKYY"
/// and "Zélenskyy" compare equal.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            match strip_accent(l) {
                Some(plain) => out.push_str(plain),
                None => out.push(l),
            }
        }
    }
    out
}

fn strip_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ķ' => "k",
        'ł' | 'ľ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// The folded words of `s`: runs of letters and digits.
pub fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when `needle`'s words start consecutive words of `hay`
/// ("keir sta" matches "sir keir starmer"). An empty needle matches nothing.
pub fn prefix_match(hay: &[String], needle: &[String]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    hay.windows(needle.len())
        .any(|w| w.iter().zip(needle).all(|(h, n)| h.starts_with(n.as_str())))
}

/// True when `needle`'s words equal consecutive words of `hay` up to small
/// spelling differences: doubled letters ("Zelensky"/"Zelenskyy") or one edit
/// in words of five letters or more (two from nine).
pub fn loose_match(hay: &[String], needle: &[String]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    hay.windows(needle.len())
        .any(|w| w.iter().zip(needle).all(|(h, n)| loose_word(h, n)))
}

fn loose_word(a: &str, b: &str) -> bool {
    if a == b || undouble(a) == undouble(b) {
        return true;
    }
    let len = a.chars().count().min(b.chars().count());
    let allowed = match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    };
    allowed > 0 && edit_distance(a, b) <= allowed
}

/// The word with runs of one letter cut to one ("zelenskyy" -> "zelensky").
fn undouble(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = None;
    for c in s.chars() {
        if last != Some(c) {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (diag + cost).min(row[j] + 1).min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn folding_and_words() {
        assert_eq!(fold("Zélenskyy ÆSØ"), "zelenskyy aeso");
        assert_eq!(w("Robert O’Brien, jr."), ["robert", "o", "brien", "jr"]);
    }

    #[test]
    fn word_prefixes_must_be_consecutive() {
        let name = w("Sir Keir Starmer");
        assert!(prefix_match(&name, &w("starm")));
        assert!(prefix_match(&name, &w("keir starmer")));
        assert!(prefix_match(&name, &w("KEIR sta")));
        assert!(!prefix_match(&name, &w("starmer keir")));
        assert!(!prefix_match(&name, &w("tarmer")));
        assert!(!prefix_match(&name, &w("")));
    }

    #[test]
    fn loose_matching_tolerates_spelling_not_different_names() {
        assert!(loose_match(&w("Volodymyr Zelenskyy"), &w("zelensky")));
        assert!(loose_match(&w("Volodymyr Zelenskiy"), &w("zelensky")));
        assert!(!loose_match(&w("Joe Biden"), &w("bush")));
        assert!(!loose_match(&w("Liz Truss"), &w("lie")));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
