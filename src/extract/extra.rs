//! The user's own people and issues (`[extra]` in the config file), merged
//! with the built-in assets.
//!
//! The files use the formats of `assets/people.tsv` and `assets/issues.toml`
//! and are read by the same parsers, after a stricter check here so that a
//! mistake is reported with its file and line instead of tagging everything
//! (an empty phrase) or silently doing nothing (a misspelt key).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{Extractor, countries, issues, people};

/// A problem in one of the extra files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(" line {l}")).unwrap_or_default())]
pub struct ExtraError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Extractor {
    /// The built-in assets plus the extra `people_files` (the format of
    /// `assets/people.tsv`) and `issue_files` (the format of
    /// `assets/issues.toml`), each relative to `dir` (the config directory).
    /// The first file with a mistake is the error, with its line.
    pub fn with_extra(
        dir: &Path,
        people_files: &[PathBuf],
        issue_files: &[PathBuf],
    ) -> Result<Extractor, ExtraError> {
        let mut people_rows = String::new();
        for file in people_files {
            let path = dir.join(file);
            let text = read(&path)?;
            check_people(&text, &path)?;
            people_rows.push_str(&text);
            people_rows.push('\n');
        }
        let builtin = issues::IssueTagger::builtin();
        let mut extra_issues: Vec<issues::IssueDef> = Vec::new();
        for file in issue_files {
            let path = dir.join(file);
            let text = read(&path)?;
            extra_issues.extend(check_issues(&text, &path, builtin.issues(), &extra_issues)?);
        }
        let issues = if extra_issues.is_empty() {
            builtin
        } else {
            let mut defs = builtin.issues().to_vec();
            defs.extend(extra_issues);
            issues::IssueTagger::from_defs(defs).map_err(|e| ExtraError {
                path: dir.to_path_buf(),
                line: None,
                message: format!("cannot merge the extra issues: {e}"),
            })?
        };
        let people = if people_rows.is_empty() {
            people::PeopleFinder::builtin()
        } else {
            people::PeopleFinder::with_extra(&people_rows)
        };
        Ok(Extractor::from_parts(
            countries::CountryFinder::builtin(),
            people,
            issues,
        ))
    }
}

fn read(path: &Path) -> Result<String, ExtraError> {
    std::fs::read_to_string(path).map_err(|e| ExtraError {
        path: path.to_path_buf(),
        line: None,
        message: format!("cannot read: {e}"),
    })
}

/// Checks rows of the `people.tsv` format: a name, then optional
/// `|`-separated variants, bare names and a note, separated by tabs.
pub fn check_people(text: &str, path: &Path) -> Result<(), ExtraError> {
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| ExtraError {
            path: path.to_path_buf(),
            line: Some(i + 1),
            message,
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() > 4 {
            return Err(err(format!(
                "{} tab-separated columns; at most 4: name, variants, bare names, note",
                cols.len()
            )));
        }
        let name = cols[0].trim();
        if !name.chars().any(char::is_alphabetic) {
            return Err(err("the first column must be the person's name".into()));
        }
        if name.contains('|') {
            return Err(err(format!(
                "{name:?}: variants go in the second column, after a tab"
            )));
        }
        for col in cols.iter().skip(1).take(2) {
            if col
                .split('|')
                .any(|v| !v.trim().is_empty() && !v.chars().any(char::is_alphabetic))
            {
                return Err(err(format!(
                    "{col:?}: a variant or bare name with no letters"
                )));
            }
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueFile {
    #[serde(default)]
    issue: Vec<Spanned<issues::IssueDef>>,
}

/// Parses and checks a file of extra issues against the built-in ones and
/// those of earlier files.
fn check_issues(
    text: &str,
    path: &Path,
    builtin: &[issues::IssueDef],
    earlier: &[issues::IssueDef],
) -> Result<Vec<issues::IssueDef>, ExtraError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let file: IssueFile = toml::from_str(text).map_err(|e| ExtraError {
        path: path.to_path_buf(),
        line: e.span().map(|s| line_of(s.start)),
        message: e.message().trim().to_string(),
    })?;
    let ids: Vec<&str> = builtin
        .iter()
        .map(|d| d.id.as_str())
        .chain(earlier.iter().map(|r| r.id.as_str()))
        .chain(file.issue.iter().map(|r| r.get_ref().id.as_str()))
        .collect();
    let mut rows = Vec::with_capacity(file.issue.len());
    for (n, spanned) in file.issue.iter().enumerate() {
        let row = spanned.get_ref();
        // The line of the issue's `id`, else where its table starts.
        let start = spanned.span().start;
        let line = text[start.min(text.len())..]
            .lines()
            .position(|l| l.trim_start().starts_with("id"))
            .map_or_else(|| line_of(start), |k| line_of(start) + k);
        let err = |message: String| ExtraError {
            path: path.to_path_buf(),
            line: Some(line),
            message,
        };
        let id = &row.id;
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(err(format!(
                "issue id {id:?} may hold only lower-case letters, digits and -"
            )));
        }
        let first = ids.iter().position(|&x| x == id);
        if first != Some(builtin.len() + earlier.len() + n) {
            let whose = if first.is_some_and(|f| f < builtin.len()) {
                "a built-in issue"
            } else {
                "another extra issue"
            };
            return Err(err(format!("issue id {id:?} is already {whose}'s")));
        }
        if row.label.trim().is_empty() {
            return Err(err(format!("issue {id:?} has an empty label")));
        }
        if let Some(parent) = &row.parent
            && !ids.contains(&parent.as_str())
        {
            return Err(err(format!("issue {id:?} has unknown parent {parent:?}")));
        }
        let phrases = row.strong.iter().chain(&row.phrases).chain(&row.weak);
        if phrases.clone().next().is_none() {
            return Err(err(format!(
                "issue {id:?} has no phrases (strong, phrases or weak)"
            )));
        }
        if let Some(p) = phrases
            .into_iter()
            .find(|p| !p.chars().any(char::is_alphanumeric))
        {
            return Err(err(format!(
                "issue {id:?}: phrase {p:?} has no letters or digits"
            )));
        }
        if let Some(c) = row
            .countries
            .iter()
            .find(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(err(format!(
                "issue {id:?}: country {c:?} is not an upper-case ISO code such as \"UA\""
            )));
        }
        if let Some(t) = row.threshold
            && !(t.is_finite() && t > 0.0)
        {
            return Err(err(format!("issue {id:?}: threshold {t} must be above 0")));
        }
        rows.push(row.clone());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;

    fn article(title: &str, body: &str) -> Article {
        Article::new(
            "test.txt",
            title,
            body.split("\n\n").map(str::to_string).collect(),
        )
    }

    /// Writes the extra files into `dir`: the people and issue file lists.
    fn extra_in(dir: &Path, people: &str, issues: &str) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let mut extra = (Vec::new(), Vec::new());
        if !people.is_empty() {
            std::fs::write(dir.join("people.tsv"), people).unwrap();
            extra.0.push("people.tsv".into());
        }
        if !issues.is_empty() {
            std::fs::write(dir.join("issues.toml"), issues).unwrap();
            extra.1.push("issues.toml".into());
        }
        extra
    }

    fn with_extra(
        dir: &Path,
        (people, issues): (Vec<PathBuf>, Vec<PathBuf>),
    ) -> Result<Extractor, ExtraError> {
        Extractor::with_extra(dir, &people, &issues)
    }

    const ISSUES: &str = "# mine\n[[issue]]\nid = \"allotments\"\nlabel = \"Allotments\"\nparent = \"climate\"\nstrong = [\"allotment\", \"allotments\"]\nphrases = [\"vegetable plot\"]\n";

    #[test]
    fn extra_people_and_issues_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let extra = extra_in(
            dir.path(),
            "# mine\nOssian Threlkeld\tO. Threlkeld\tThrelkeld\tthe council's gardener\n",
            ISSUES,
        );
        let ex = with_extra(dir.path(), extra).unwrap();
        let a = article(
            "Allotments row",
            "The council blamed the allotment waiting list.\n\nEvery vegetable plot is taken.",
        );
        let builtin = Extractor::builtin().extract(&a);
        let mine = ex.extract(&a);
        assert!(!builtin.issues.iter().any(|i| i.id == "allotments"));
        assert!(mine.issues.iter().any(|i| i.id == "allotments"), "{mine:?}");
        // The built-in taxonomy is all still there.
        assert_eq!(
            ex.issues().issues().len(),
            Extractor::builtin().issues().issues().len() + 1
        );
        // A name with nothing else to show it is one: only the gazetteer knows it.
        let b = article(
            "Council news",
            "Ossian Threlkeld opened the fete. The prize went to Threlkeld.",
        );
        let names = |ex: &Extractor| -> Vec<String> {
            ex.extract(&b).people.into_iter().map(|p| p.name).collect()
        };
        assert!(names(Extractor::builtin()).is_empty());
        assert_eq!(names(&ex), ["Ossian Threlkeld"]);
        let ossian = ex.extract(&b).people.remove(0);
        assert_eq!(ossian.mentions, 2);
    }

    #[test]
    fn mistakes_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let e = with_extra(
            dir.path(),
            extra_in(dir.path(), "# x\n\nGood Name\n\tNo Name\n", ""),
        )
        .err()
        .unwrap();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.to_string().contains("people.tsv line 4"), "{e}");

        let cases = [
            (
                "[[issue]]\nid = \"x\"\nlabel = \"X\"\nphrase = [\"a\"]\n",
                4,
                "phrase",
            ),
            ("[[issue]]\nid = \"x\"\nlabel = \"X\"\n", 2, "no phrases"),
            (
                "\n[[issue]]\nid = \"nato\"\nlabel = \"X\"\nphrases = [\"a\"]\n",
                3,
                "built-in",
            ),
            (
                "[[issue]]\nid = \"x\"\nlabel = \"X\"\nparent = \"nope\"\nphrases = [\"a\"]\n",
                2,
                "unknown parent",
            ),
            (
                "[[issue]]\nid = \"x\"\nlabel = \"X\"\nweak = [\" \"]\n",
                2,
                "no letters",
            ),
            (
                "[[issue]]\nid = \"My Issue\"\nlabel = \"X\"\nweak = [\"a\"]\n",
                2,
                "lower-case",
            ),
            (
                "[[issue]]\nid = \"x\"\nlabel = \"X\"\nweak = [\"a\"]\ncountries = [\"ukr\"]\n",
                2,
                "ISO",
            ),
            (
                &format!(
                    "{ISSUES}\n[[issue]]\nid = \"allotments\"\nlabel = \"Y\"\nweak = [\"a\"]\n"
                ),
                10,
                "another extra",
            ),
        ];
        for (text, line, words) in cases {
            let sub = tempfile::tempdir().unwrap();
            let e = with_extra(sub.path(), extra_in(sub.path(), "", text))
                .err()
                .unwrap();
            assert_eq!(e.line, Some(line), "{text}: {e}");
            assert!(e.message.contains(words), "{text}: {e}");
            assert!(e.to_string().contains("issues.toml line"), "{e}");
        }

        let missing = (vec!["nowhere.tsv".into()], vec![]);
        let e = with_extra(dir.path(), missing).err().unwrap();
        assert!(e.to_string().contains("nowhere.tsv: cannot read"), "{e}");
    }
}
