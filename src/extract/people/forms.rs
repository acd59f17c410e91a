//! The forms one person's full name takes within an article: "Patrick
//! Carlineo Jr.", "Patrick W. Carlineo" and "Patrick Carlineo" are one man.

use super::same_word;

/// Generational suffixes written after a surname.
const SUFFIXES: &[&str] = &["Jr", "Sr", "Jnr", "Snr", "II", "III", "IV"];

fn is_suffix(w: &str) -> bool {
    // Every suffix starts with one of these: most words are turned away
    // by their first byte.
    matches!(w.as_bytes().first(), Some(b'J' | b'S' | b'I'))
        && SUFFIXES.contains(&w.trim_end_matches('.'))
}

/// The surname: the last word that is not a suffix ("Carlineo" in "Patrick Carlineo Jr.").
pub fn surname<'a>(words: &[&'a str]) -> Option<&'a str> {
    match words {
        [.., last, suffix] if is_suffix(suffix) => Some(last),
        [.., last] => Some(last),
        [] => None,
    }
}

/// True when `words[k]` is left out of the core: a suffix at the end or an
/// initial in the middle.
fn skipped(words: &[&str], k: usize) -> bool {
    let n = words.len();
    let w = words[k];
    let initial = || {
        // One character before any full stops.
        let mut chars = w.trim_end_matches('.').chars();
        chars.next().is_some() && chars.next().is_none()
    };
    (k + 1 == n && n > 2 && is_suffix(w)) || (k > 0 && k + 1 < n && initial())
}

/// The name without suffixes and middle initials: "Patrick W. Carlineo Jr." is
/// "Patrick Carlineo".
fn core<'a, 'w>(words: &'w [&'a str]) -> impl Iterator<Item = &'a str> + 'w {
    (0..words.len())
        .filter(|&k| !skipped(words, k))
        .map(|k| words[k])
}

/// The last word of [`core`], found from the end.
fn core_last<'a>(words: &[&'a str]) -> Option<&'a str> {
    (0..words.len())
        .rev()
        .find(|&k| !skipped(words, k))
        .map(|k| words[k])
}

/// Short forms of English given names and the names they shorten, from
/// general knowledge of English usage.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("Alex", "Alexander"),
    ("Andy", "Andrew"),
    ("Ben", "Benjamin"),
    ("Bill", "William"),
    ("Bob", "Robert"),
    ("Charlie", "Charles"),
    ("Chris", "Christopher"),
    ("Chuck", "Charles"),
    ("Dan", "Daniel"),
    ("Dave", "David"),
    ("Dick", "Richard"),
    ("Don", "Donald"),
    ("Ed", "Edward"),
    ("Fred", "Frederick"),
    ("Greg", "Gregory"),
    ("Jim", "James"),
    ("Jimmy", "James"),
    ("Joe", "Joseph"),
    ("Jon", "Jonathan"),
    ("Josh", "Joshua"),
    ("Ken", "Kenneth"),
    ("Kate", "Katherine"),
    ("Larry", "Lawrence"),
    ("Liz", "Elizabeth"),
    ("Matt", "Matthew"),
    ("Mike", "Michael"),
    ("Nick", "Nicholas"),
    ("Pat", "Patricia"),
    ("Pat", "Patrick"),
    ("Pete", "Peter"),
    ("Phil", "Philip"),
    ("Rick", "Richard"),
    ("Rob", "Robert"),
    ("Ron", "Ronald"),
    ("Sam", "Samuel"),
    ("Steve", "Stephen"),
    ("Steve", "Steven"),
    ("Sue", "Susan"),
    ("Ted", "Edward"),
    ("Tim", "Timothy"),
    ("Tom", "Thomas"),
    ("Tony", "Anthony"),
];

/// The same given name, or one a short form of the other ("Pat", "Patrick").
fn same_given(a: &str, b: &str) -> bool {
    same_word(a, b)
        || SHORT_FORMS
            .iter()
            .any(|&(s, l)| (a, b) == (s, l) || (a, b) == (l, s))
}

/// Whether two full names of unknown people differ only by a suffix, a middle
/// initial or a short form of the given name.
pub fn same_core(a: &[&str], b: &[&str]) -> bool {
    // Asked of every pair of unknown full names in an article, nearly all with
    // different surnames: the last core words must match (the loop below asks
    // it too, as its last step), so compare them first.
    match (core_last(a), core_last(b)) {
        (Some(x), Some(y)) if same_word(x, y) => {}
        _ => return false,
    }
    let n = core(a).count();
    n >= 2
        && n == core(b).count()
        && core(a).zip(core(b)).enumerate().all(|(k, (x, y))| {
            if k == 0 {
                same_given(x, y)
            } else {
                same_word(x, y)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_initials_and_short_forms_are_one_name() {
        assert!(same_core(
            &["Patrick", "Carlineo", "Jr"],
            &["Patrick", "W", "Carlineo"]
        ));
        assert!(same_core(&["Pat", "Carlineo"], &["Patrick", "Carlineo"]));
        assert!(!same_core(&["Pat", "Carlineo"], &["Peter", "Carlineo"]));
        assert!(!same_core(&["Patrick", "Carlineo"], &["Patrick", "Smith"]));
        assert_eq!(surname(&["Patrick", "Carlineo", "Jr."]), Some("Carlineo"));
    }

    #[test]
    fn the_last_core_word_is_the_last_of_the_core() {
        for words in [
            &["Patrick", "W.", "Carlineo", "Jr."][..],
            &["Patrick", "Carlineo", "Jr"],
            &["John", "W.", "Jr"],
            &["George", "W", "Bush"],
            &["Jr"],
            &["A", "B"],
            &["Ed", "Miliband", "III"],
            &[],
        ] {
            assert_eq!(core_last(words), core(words).last(), "{words:?}");
        }
    }
}
