//! One person across the library.
//!
//! The extractor resolves people within one article; an article that says
//! only "Mr Brown", a team sheet's "G Murphy", a headline's "Fuming
//! Robinson" or another spelling ("Vincent Cable") still becomes an entry of
//! its own. After each import batch, [`plan`] looks at every person entry
//! that is only part of a name and moves its articles to the full name the
//! library knows, and [`Library::resolve_people`] writes the moves. Moving
//! rewrites the article's mentions, so an exact filter (`person:="Gordon
//! Brown"`) and the side panel's count agree, and nothing is looked up
//! through aliases: a stray alias never pulls in another person's articles.

use std::collections::HashMap;

use rusqlite::params;

use super::import::pack;
use super::{Library, StoreError, sql};
use crate::entity::Kind;
use crate::query::text::fold;

/// Given names that name one person ("Vince", "Vincent"), with provenance.
const NICKNAMES: &str = include_str!("../../assets/nicknames.txt");

/// How far apart two dated articles may be for a bare surname in one to mean
/// the full name in the other.
const WINDOW_SECS: i64 = 45 * 24 * 3600;

/// One person entry as the planner sees it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    pub label: String,
    pub aliases: Vec<String>,
    /// Its mentions over the library, to choose between two spellings of
    /// as many articles.
    pub weight: f32,
    /// Document numbers mentioning it, ascending.
    pub docs: Vec<u32>,
}

/// One document: when, where from, and the person entries it mentions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc {
    pub time: i64,
    /// The article's section: its feed, or its file's folder.
    pub section: u64,
    pub people: Vec<u32>,
    /// The section's name: the feed's, or the folder's.
    pub section_name: String,
}

/// What the planner decides.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Change {
    /// In document `doc`, entry `from` is entry `to`; `alias` says whether
    /// `from`'s label is another name of `to` worth keeping ("Vincent Cable").
    Move {
        doc: u32,
        from: u32,
        to: u32,
        alias: bool,
    },
    /// A bare surname nobody else bears keeps its title ("Lord Falconer").
    Relabel { entry: u32, label: String },
    /// These articles of `from` are another person of the same name, the
    /// entry labelled `label` ("Michael Owen (Wales)").
    Split {
        from: u32,
        docs: Vec<u32>,
        label: String,
    },
}

/// The fewest articles a group must have to be told apart as a person.
const SPLIT_MIN: usize = 3;

/// One full name borne by two people in different sections (David James
/// the goalkeeper in sport, the Tory reviewer in politics): the entry's
/// articles are joined when they share two other people; a group of
/// [`SPLIT_MIN`] articles or more, all in one section, that shares no
/// section and no other person with the rest becomes "Name (section)". Two
/// people of one name in one section (Michael Owen the footballer and the
/// rugby player, both in sport) are not told apart: within one section,
/// groups by country or by co-mentioned people split one person's separate
/// stories too often (John Prescott, Matthew Taylor on the BBC corpus).
pub(crate) fn splits(entries: &HashMap<u32, Entry>, docs: &[Doc]) -> Vec<Change> {
    let mut out = Vec::new();
    let mut ids: Vec<u32> = entries.keys().copied().collect();
    ids.sort_unstable();
    for n in ids {
        let e = &entries[&n];
        if e.docs.len() < 2 * SPLIT_MIN || !matches!(shape(&e.label), Shape::Full(..)) {
            continue;
        }
        let others = |d: u32| {
            docs[d as usize]
                .people
                .iter()
                .copied()
                .filter(move |&p| p != n)
        };
        // Union-find over the entry's articles.
        let k = e.docs.len();
        let mut parent: Vec<usize> = (0..k).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        // Two articles sharing a pair of other people: the first article
        // seen with each pair stands for it (linear in articles, not
        // quadratic).
        let mut first_with: HashMap<(u32, u32), usize> = HashMap::new();
        for i in 0..k {
            let mut mine: Vec<u32> = others(e.docs[i]).collect();
            mine.sort_unstable();
            mine.dedup();
            for (x, &p) in mine.iter().enumerate() {
                for &q in &mine[x + 1..] {
                    match first_with.entry((p, q)) {
                        std::collections::hash_map::Entry::Occupied(o) => {
                            let (a, b) = (root(&mut parent, i), root(&mut parent, *o.get()));
                            parent[a] = b;
                        }
                        std::collections::hash_map::Entry::Vacant(v) => {
                            v.insert(i);
                        }
                    }
                }
            }
        }
        let mut groups: HashMap<usize, Vec<u32>> = HashMap::new();
        for i in 0..k {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(e.docs[i]);
        }
        let mut groups: Vec<Vec<u32>> = groups.into_values().collect();
        groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        if groups.len() < 2 {
            continue;
        }
        // The first group that stands apart: enough articles on each side,
        // no other person named on both, and a section of its own.
        // The largest group keeps the name.
        for (i, g) in groups.iter().enumerate().skip(1) {
            let rest: Vec<u32> = groups
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .flat_map(|(_, h)| h.iter().copied())
                .collect();
            if g.len() < SPLIT_MIN || rest.len() < SPLIT_MIN {
                continue;
            }
            let mine: std::collections::HashSet<u32> = g.iter().flat_map(|&d| others(d)).collect();
            if rest.iter().any(|&d| others(d).any(|p| mine.contains(&p))) {
                continue;
            }
            // Only across sections: within one, two contexts were too often
            // one person's two stories (see the commit measuring it).
            let rest_sections: std::collections::HashSet<u64> =
                rest.iter().map(|&r| docs[r as usize].section).collect();
            let apart = g
                .iter()
                .all(|&d| !rest_sections.contains(&docs[d as usize].section));
            let name = &docs[g[0] as usize].section_name;
            if apart
                && g.iter().all(|&d| docs[d as usize].section_name == *name)
                && !name.is_empty()
            {
                out.push(Change::Split {
                    from: n,
                    docs: g.clone(),
                    label: format!("{} ({name})", e.label),
                });
                break;
            }
        }
    }
    out
}

/// A title's word and what it says of the bearer's sex, when anything.
fn title_sex(title: &str) -> Option<Sex> {
    match title {
        "Mr" | "Mr." | "Lord" | "Sir" | "Baron" | "King" | "Prince" => Some(Sex::Male),
        "Mrs" | "Mrs." | "Ms" | "Ms." | "Miss" | "Lady" | "Dame" | "Baroness" | "Queen"
        | "Princess" => Some(Sex::Female),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sex {
    Male,
    Female,
}

/// The sexes an entry's titled aliases give it ("Mr Brown": male).
fn sexes(e: &Entry) -> (bool, bool) {
    let mut male = false;
    let mut female = false;
    for a in &e.aliases {
        match a.split_whitespace().next().and_then(title_sex) {
            Some(Sex::Male) => male = true,
            Some(Sex::Female) => female = true,
            None => {}
        }
    }
    (male, female)
}

/// A name's words folded, hyphens read as spaces ("Kilroy-Silk" = "Kilroy Silk").
fn folded_words(label: &str) -> Vec<String> {
    fold(&label.replace('-', " "))
        .split_whitespace()
        .map(|w| w.trim_end_matches('.').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// What a label is, for resolving.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// "Brown": one word.
    Bare(String),
    /// "G Murphy": an initial and the rest.
    Initial(char, Vec<String>),
    /// "Gordon Brown": a given name and the rest.
    Full(String, Vec<String>),
    Other,
}

fn shape(label: &str) -> Shape {
    let raw: Vec<&str> = label.split_whitespace().collect();
    let words = folded_words(label);
    if raw.len() == 1 && words.len() == 1 {
        return Shape::Bare(words[0].clone());
    }
    if raw.len() < 2
        || words.len() < 2
        || !raw[0].starts_with(|c: char| c.is_uppercase())
        || title_sex(raw[0]).is_some()
        || raw[0] == "Dr"
    {
        return Shape::Other;
    }
    let first = raw[0].trim_end_matches('.');
    let mut chars = first.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        let rest = folded_words(&raw[1..].join(" "));
        return match c.to_lowercase().next() {
            Some(c) if !rest.is_empty() => Shape::Initial(c, rest),
            _ => Shape::Other,
        };
    }
    Shape::Full(words[0].clone(), words[1..].to_vec())
}

/// Equivalent given names, from [`NICKNAMES`].
pub(crate) struct Nicknames {
    groups: HashMap<String, Vec<usize>>,
}

impl Nicknames {
    pub fn builtin() -> Self {
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        let lines = NICKNAMES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        for (g, line) in lines.enumerate() {
            for name in line.split_whitespace() {
                groups.entry(name.to_string()).or_default().push(g);
            }
        }
        Nicknames { groups }
    }

    /// True when `a` and `b` (folded) are forms of one given name.
    fn same(&self, a: &str, b: &str) -> bool {
        match (self.groups.get(a), self.groups.get(b)) {
            (Some(x), Some(y)) => x.iter().any(|g| y.contains(g)),
            _ => false,
        }
    }
}

/// Two spellings of one given name: a nickname, or a slip of one letter in
/// a longer name ("Mathew"/"Matthew", "Malcom"/"Malcolm", "Mihkail"/"Mikhail").
fn same_given(nick: &Nicknames, a: &str, b: &str) -> bool {
    a == b || nick.same(a, b) || (a.len().min(b.len()) >= 5 && one_slip(a, b))
}

/// One letter inserted, dropped, changed, or two neighbours swapped.
fn one_slip(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if !a.iter().chain(&b).all(|c| c.is_alphabetic()) {
        return false;
    }
    // "Maria" and "Mario" are two names, not a slip.
    let vowel = |c: char| "aeiouy".contains(c);
    if a.len() == b.len()
        && let (Some(&x), Some(&y)) = (a.last(), b.last())
        && x != y
        && (vowel(x) || vowel(y))
    {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diff[..] {
                [_] => true,
                [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
                _ => false,
            }
        }
        1 => {
            let k = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[k..] == long[k + 1..]
        }
        _ => false,
    }
}

/// Decides which entries' articles belong to another entry. `given` says
/// whether a word is a known given name (as written).
pub(crate) fn plan(
    entries: &HashMap<u32, Entry>,
    docs: &[Doc],
    given: &dyn Fn(&str) -> bool,
    nick: &Nicknames,
) -> Vec<Change> {
    let shapes: HashMap<u32, Shape> = entries
        .iter()
        .filter(|(_, e)| !e.docs.is_empty())
        .map(|(&n, e)| (n, shape(&e.label)))
        .collect();
    // Full names by their last word.
    let mut by_surname: HashMap<&str, Vec<u32>> = HashMap::new();
    for (&n, s) in &shapes {
        if let Shape::Full(_, rest) = s
            && let Some(last) = rest.last()
        {
            by_surname.entry(last.as_str()).or_default().push(n);
        }
    }
    for list in by_surname.values_mut() {
        list.sort_unstable();
    }
    // Each entry's sections, sorted, for telling spellings apart cheaply.
    let sections: HashMap<u32, Vec<u64>> = shapes
        .keys()
        .map(|&n| {
            let mut s: Vec<u64> = entries[&n]
                .docs
                .iter()
                .map(|&d| docs[d as usize].section)
                .collect();
            s.sort_unstable();
            s.dedup();
            (n, s)
        })
        .collect();
    let mut changes = Vec::new();
    let mut ids: Vec<u32> = shapes.keys().copied().collect();
    ids.sort_unstable();
    // Entries whose articles all moved this round: not a target.
    let mut emptied: std::collections::HashSet<u32> = std::collections::HashSet::new();

    // 1. Spellings of one name: the smaller entry joins the larger.
    for &n in &ids {
        let Some(Shape::Full(g, rest)) = shapes.get(&n) else {
            continue;
        };
        let e = &entries[&n];
        let Some(last) = rest.last() else { continue };
        let mut best: Option<u32> = None;
        for &m in by_surname.get(last.as_str()).into_iter().flatten() {
            if m == n || emptied.contains(&m) {
                continue;
            }
            let Some(Shape::Full(g2, rest2)) = shapes.get(&m) else {
                continue;
            };
            let o = &entries[&m];
            // The larger entry is the name kept (ties: the more mentioned,
            // then the lower number).
            let size = |x: &Entry, k: u32| (x.docs.len(), x.weight.to_bits(), std::cmp::Reverse(k));
            let larger = size(o, m) > size(e, n);
            if !larger {
                continue;
            }
            let same_rest = rest == rest2;
            // "George Bush" in "George W. Bush": one middle initial more.
            let middle = rest2.len() == rest.len() + 1
                && rest2[0].chars().count() == 1
                && rest2[1..] == rest[..];
            let variant = (same_rest && same_given(nick, g, g2)) || (middle && g == g2);
            if variant && shares_section(&sections[&n], &sections[&m]) {
                best = match best {
                    Some(b) if entries[&b].docs.len() >= o.docs.len() => Some(b),
                    _ => Some(m),
                };
            }
        }
        if let Some(to) = best {
            for &doc in &e.docs {
                changes.push(Change::Move {
                    doc,
                    from: n,
                    to,
                    alias: true,
                });
            }
            emptied.insert(n);
        }
    }

    // 2. Headline words glued to a surname ("Fuming Robinson"): the full
    // name of that surname the same article names.
    for &n in &ids {
        if emptied.contains(&n) {
            continue;
        }
        let Some(Shape::Full(_, rest)) = shapes.get(&n) else {
            continue;
        };
        let e = &entries[&n];
        let first = e.label.split_whitespace().next().unwrap_or("");
        // A real name ("Martyn Williams" beside "Shane Williams") has other
        // forms than the bare surname in its articles ("M Williams"), or more than a headline's
        // worth of articles; a glued word has neither.
        let surname = e.label.split_whitespace().last().unwrap_or("");
        let other_forms = e.aliases.iter().any(|a| a != surname);
        if rest.len() != 1 || given(first) || other_forms || e.docs.len() > 2 {
            continue;
        }
        for &doc in &e.docs {
            let here: Vec<u32> = docs[doc as usize]
                .people
                .iter()
                .copied()
                .filter(|&m| {
                    m != n
                        && !emptied.contains(&m)
                        && matches!(shapes.get(&m), Some(Shape::Full(g, r))
                            if r.last() == rest.last() && given(&capitalised(g)))
                })
                .collect();
            if let [to] = here[..] {
                changes.push(Change::Move {
                    doc,
                    from: n,
                    to,
                    alias: false,
                });
            }
        }
    }

    // 3. Bare surnames and initials: the bearer the same section's articles
    // of the time name most.
    for &n in &ids {
        let e = &entries[&n];
        let (cands, initial): (Vec<u32>, bool) = match shapes.get(&n) {
            Some(Shape::Bare(w)) => (
                by_surname.get(w.as_str()).cloned().unwrap_or_default(),
                false,
            ),
            Some(Shape::Initial(c, rest)) => (
                by_surname
                    .get(rest.last().map_or("", String::as_str))
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|m| {
                        matches!(shapes.get(m), Some(Shape::Full(g, r)) if g.starts_with(*c) && r == rest)
                    })
                    .collect(),
                true,
            ),
            _ => continue,
        };
        let (male, female) = sexes(e);
        let cands: Vec<u32> = cands
            .into_iter()
            .filter(|m| *m != n && !emptied.contains(m))
            .filter(|m| {
                let (m_male, m_female) = sexes(&entries[m]);
                // Mrs/Ms/Miss never join a man known by Mr, nor Mr a woman.
                let woman_to_man = female && m_male && !m_female;
                let man_to_woman = male && m_female && !m_male;
                !(woman_to_man || man_to_woman)
            })
            .collect();
        if cands.is_empty() {
            if !initial && let Some(label) = titled_label(e) {
                changes.push(Change::Relabel { entry: n, label });
            }
            continue;
        }
        let mut moved = 0;
        for &doc in &e.docs {
            let d = &docs[doc as usize];
            // A bearer named in the same article: that one (the extractor
            // left the two apart, so only an initial's full name is sure).
            let here: Vec<u32> = cands
                .iter()
                .copied()
                .filter(|m| d.people.contains(m))
                .collect();
            let to = match here[..] {
                [m] if initial => Some(m),
                [] => dominant(&cands, entries, docs, d, initial),
                _ => None,
            };
            if let Some(to) = to {
                changes.push(Change::Move {
                    doc,
                    from: n,
                    to,
                    alias: initial,
                });
                moved += 1;
            }
        }
        if moved == 0
            && !initial
            && let Some(label) = titled_label(e)
        {
            changes.push(Change::Relabel { entry: n, label });
        }
    }
    changes
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A peer or doctor known only by title and surname keeps the title in
/// the label: "Lord Falconer", not "Falconer".
fn titled_label(e: &Entry) -> Option<String> {
    let mut titled: Vec<&String> = e
        .aliases
        .iter()
        .filter(|a| {
            let mut w = a.split_whitespace();
            matches!(
                (w.next(), w.next(), w.next()),
                (Some("Lord" | "Baroness" | "Lady" | "Dr"), Some(s), None) if s == e.label
            )
        })
        .collect();
    titled.sort();
    titled.first().map(|s| s.to_string())
}

/// Whether two sorted lists of sections have one in common.
fn shares_section(a: &[u64], b: &[u64]) -> bool {
    a.iter().any(|x| b.binary_search(x).is_ok())
}

/// The candidate the articles around `d` name most: in the same section
/// (and, for a bare surname, within [`WINDOW_SECS`]; for an initial, with
/// two of the same people beside it), enough articles (one
/// for an initial, three for a bare surname)
/// and twice as many as the next candidate.
fn dominant(
    cands: &[u32],
    entries: &HashMap<u32, Entry>,
    docs: &[Doc],
    d: &Doc,
    initial: bool,
) -> Option<u32> {
    let mut scored: Vec<(usize, u32)> = cands
        .iter()
        .map(|&m| {
            let n = entries[&m]
                .docs
                .iter()
                .filter(|&&x| {
                    let o = &docs[x as usize];
                    o.section == d.section
                        && if initial {
                            // A team sheet's initial: the bearer named with
                            // the same team-mates, not only in the same sport.
                            o.people.iter().filter(|p| d.people.contains(p)).count() >= 2
                        } else {
                            (o.time - d.time).abs() <= WINDOW_SECS
                        }
                })
                .count();
            (n, m)
        })
        .collect();
    scored.sort_unstable_by(|a, b| b.cmp(a));
    let need = if initial { 1 } else { 3 };
    match scored[..] {
        [(best, m)] if best >= need => Some(m),
        [(best, m), (next, _), ..] if best >= need && best >= 2 * next => Some(m),
        _ => None,
    }
}

impl Library {
    /// Resolves people across the library (see the module doc): run after
    /// each import batch. Returns how many articles changed.
    pub fn resolve_people(&mut self) -> Result<usize, StoreError> {
        let index = &self.index;
        let mut entries: HashMap<u32, Entry> = HashMap::new();
        for (n, e) in index.entities.iter().enumerate() {
            if e.kind == Kind::Person && !index.postings[n].is_empty() {
                entries.insert(
                    n as u32,
                    Entry {
                        label: e.label.clone(),
                        aliases: e.aliases.clone(),
                        weight: 0.0,
                        docs: index.postings[n].clone(),
                    },
                );
            }
        }
        if entries.is_empty() {
            return Ok(0);
        }
        let docs: Vec<Doc> = (0..index.len() as u32)
            .map(|d| {
                let x = &index.extras[d as usize];
                let (section_name, section) = match x.feed_id {
                    Some(f) => (
                        index
                            .feeds
                            .get(&f)
                            .map(|(name, _)| name.clone())
                            .unwrap_or_default(),
                        crate::article::fnv1a(format!("feed:{f}").as_bytes()),
                    ),
                    None => {
                        let (_, source, _) = index.text_of(d);
                        let path = std::path::Path::new(source.as_ref());
                        let folder = path
                            .parent()
                            .map(|p| p.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let name = path
                            .parent()
                            .and_then(|p| p.file_name())
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        (
                            name,
                            crate::article::fnv1a(format!("dir:{folder}").as_bytes()),
                        )
                    }
                };
                let people = index
                    .mentions_of(d)
                    .map(|p| p.entity)
                    .filter(|e| entries.contains_key(e))
                    .collect();
                Doc {
                    time: x.time,
                    section,
                    section_name,
                    people,
                }
            })
            .collect();
        for d in 0..index.len() as u32 {
            for p in index.mentions_of(d) {
                if let Some(e) = entries.get_mut(&p.entity) {
                    e.weight += p.weight;
                }
            }
        }
        let extractor = self.extractor();
        let given = |w: &str| extractor.given_name(w);
        let mut changes = splits(&entries, &docs);
        // A group split off this round is not also resolved by `plan`.
        let split_docs: Vec<(u32, u32)> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Split { from, docs, .. } => Some(docs.iter().map(move |&d| (d, *from))),
                _ => None,
            })
            .flatten()
            .collect();
        changes.extend(
            plan(&entries, &docs, &given, &Nicknames::builtin())
                .into_iter()
                .filter(|c| {
                    !matches!(c, Change::Move { doc, to, .. } if split_docs.contains(&(*doc, *to)))
                }),
        );
        if changes.is_empty() {
            return Ok(0);
        }
        self.apply_moves(changes)
    }

    /// The entity number of the person labelled `label`, created if new.
    fn person_entity(&mut self, label: &str) -> Result<u32, StoreError> {
        let key = Kind::Person.key(label);
        let code = i64::from(Kind::Person.code());
        self.conn
            .execute(
                "INSERT INTO entities (kind, key, label, aliases) VALUES (?1, ?2, ?3, '[]')
                 ON CONFLICT (kind, key) DO NOTHING",
                params![code, key, label],
            )
            .map_err(|e| self.err(e))?;
        let db: i64 = self
            .conn
            .query_row(
                "SELECT id FROM entities WHERE kind = ?1 AND key = ?2",
                params![code, key],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(match self.index.entity_of(db) {
            Some(n) => n,
            None => self.index.add_entity(super::index::Entity::new(
                db,
                Kind::Person,
                key,
                label.to_string(),
                Vec::new(),
            )),
        })
    }

    /// Writes the planned changes in one transaction, then mirrors them in
    /// the index.
    fn apply_moves(&mut self, changes: Vec<Change>) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let mut by_doc: HashMap<u32, Vec<(u32, u32)>> = HashMap::new();
        let mut aliases: HashMap<u32, Vec<String>> = HashMap::new();
        let mut labels: Vec<(u32, String)> = Vec::new();
        for c in changes {
            match c {
                Change::Move {
                    doc,
                    from,
                    to,
                    alias,
                } => {
                    by_doc.entry(doc).or_default().push((from, to));
                    if alias {
                        let label = self.index.entities[from as usize].label.clone();
                        let list = aliases.entry(to).or_default();
                        if !list.contains(&label) {
                            list.push(label);
                        }
                    }
                }
                Change::Relabel { entry, label } => labels.push((entry, label)),
                Change::Split { from, docs, label } => {
                    let to = self.person_entity(&label)?;
                    for doc in docs {
                        by_doc.entry(doc).or_default().push((from, to));
                    }
                }
            }
        }
        let mut docs: Vec<u32> = by_doc.keys().copied().collect();
        docs.sort_unstable();
        let mut rewritten: Vec<(u32, Vec<(i64, f32)>)> = Vec::new();
        let tx = self.conn.transaction().map_err(|e| sql(&path, e))?;
        let result = (|| -> rusqlite::Result<()> {
            for &doc in &docs {
                let moves = &by_doc[&doc];
                let mut mentions: Vec<(i64, f32)> = Vec::new();
                for p in self.index.mentions_of(doc) {
                    let n = moves
                        .iter()
                        .find(|(f, _)| *f == p.entity)
                        .map_or(p.entity, |&(_, t)| t);
                    let db = self.index.entities[n as usize].db_id;
                    match mentions.iter_mut().find(|(e, _)| *e == db) {
                        Some(m) => m.1 += p.weight,
                        None => mentions.push((db, p.weight)),
                    }
                }
                let article = self.index.ids[doc as usize].0 as i64;
                tx.prepare_cached("UPDATE articles SET entities = ?2 WHERE id = ?1")?
                    .execute(params![article, pack(&mentions)])?;
                for &(from, _) in moves {
                    let db = self.index.entities[from as usize].db_id;
                    tx.prepare_cached("DELETE FROM mentions WHERE article = ?1 AND entity = ?2")?
                        .execute(params![article, db])?;
                }
                for &(_, to) in moves {
                    let db = self.index.entities[to as usize].db_id;
                    let weight = mentions.iter().find(|(e, _)| *e == db).map_or(0.0, |m| m.1);
                    tx.prepare_cached(
                        "INSERT INTO mentions (article, entity, count, score) VALUES (?1, ?2, ?3, 0)
                         ON CONFLICT (article, entity) DO UPDATE SET count = excluded.count",
                    )?
                    .execute(params![article, db, weight as i64])?;
                }
                rewritten.push((doc, mentions));
            }
            for (to, new) in &aliases {
                let e = &self.index.entities[*to as usize];
                let mut list = e.aliases.clone();
                for a in new {
                    if *a != e.label && !list.contains(a) {
                        list.push(a.clone());
                    }
                }
                list.sort();
                let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
                tx.prepare_cached("UPDATE entities SET aliases = ?2 WHERE id = ?1")?
                    .execute(params![e.db_id, json])?;
            }
            for (n, label) in &labels {
                tx.prepare_cached("UPDATE entities SET label = ?2 WHERE id = ?1")?
                    .execute(params![self.index.entities[*n as usize].db_id, label])?;
            }
            Ok(())
        })();
        result.map_err(|e| sql(&path, e))?;
        tx.commit().map_err(|e| sql(&path, e))?;
        for (to, new) in aliases {
            let e = &mut self.index.entities[to as usize];
            for a in new {
                if a != e.label && !e.aliases.contains(&a) {
                    e.aliases.push(a);
                }
            }
            e.aliases.sort();
            e.rebuild_names();
        }
        for (n, label) in labels {
            let e = &mut self.index.entities[n as usize];
            e.label = label;
            e.rebuild_names();
        }
        let changed = rewritten.len();
        for (doc, mentions) in rewritten {
            if let Some(meta) = self.index.meta(doc) {
                let extra = self.index.extras[doc as usize];
                self.index.upsert(meta, extra, &mentions);
            }
        }
        self.text_cache.clear();
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A library of `entries` (label, aliases, docs) over `n` documents
    /// (section, time).
    fn view(
        entries: &[(&str, &[&str], &[u32])],
        docs: &[(u64, i64)],
    ) -> (HashMap<u32, Entry>, Vec<Doc>) {
        let mut map = HashMap::new();
        let mut ds: Vec<Doc> = docs
            .iter()
            .map(|&(section, time)| Doc {
                time,
                section,
                ..Doc::default()
            })
            .collect();
        for (n, (label, aliases, d)) in entries.iter().enumerate() {
            for &x in *d {
                ds[x as usize].people.push(n as u32);
            }
            map.insert(
                n as u32,
                Entry {
                    label: label.to_string(),
                    aliases: aliases.iter().map(|a| a.to_string()).collect(),
                    weight: 1.0,
                    docs: d.to_vec(),
                },
            );
        }
        (map, ds)
    }

    fn given(w: &str) -> bool {
        matches!(
            w,
            "Gordon"
                | "Michael"
                | "Sandra"
                | "Vince"
                | "Vincent"
                | "Andy"
                | "Jason"
                | "Dan"
                | "George"
        )
    }

    fn moves(changes: &[Change]) -> Vec<(u32, u32, u32)> {
        let mut m: Vec<(u32, u32, u32)> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Move { doc, from, to, .. } => Some((*doc, *from, *to)),
                _ => None,
            })
            .collect();
        m.sort_unstable();
        m
    }

    #[test]
    fn a_bare_surname_joins_the_bearer_its_section_names_most() {
        // Gordon Brown in four politics articles, Dan Brown in one arts one.
        let (e, d) = view(
            &[
                ("Gordon Brown", &["Mr Brown"], &[0, 1, 2, 3]),
                ("Dan Brown", &[], &[5]),
                ("Brown", &["Mr Brown"], &[4, 6]),
            ],
            &[(1, 0), (1, 0), (1, 0), (1, 0), (1, 0), (2, 0), (2, 0)],
        );
        let c = plan(&e, &d, &given, &Nicknames::builtin());
        // Politics' "Mr Brown" is Gordon; the arts one has too little to go on.
        assert_eq!(moves(&c), [(4, 2, 0)]);
    }

    #[test]
    fn a_bare_surname_needs_the_bearer_in_its_time() {
        let year = 365 * 24 * 3600;
        let (e, d) = view(
            &[("Gordon Brown", &[], &[0, 1, 2]), ("Brown", &[], &[3])],
            &[(1, 0), (1, 0), (1, 0), (1, 10 * year)],
        );
        assert!(moves(&plan(&e, &d, &given, &Nicknames::builtin())).is_empty());
    }

    #[test]
    fn mrs_never_joins_a_man_known_by_mr() {
        let (e, d) = view(
            &[
                ("Michael Howard", &["Mr Howard"], &[0, 1, 2]),
                ("Howard", &["Mrs Howard"], &[3]),
                ("Howard", &["Mr Howard"], &[4]),
            ],
            &[(1, 0); 5],
        );
        assert_eq!(
            moves(&plan(&e, &d, &given, &Nicknames::builtin())),
            [(4, 2, 0)]
        );
    }

    #[test]
    fn an_initial_joins_the_full_name_of_its_team_mates() {
        // Two team-mates beside Geordan; Martyn Williams's team sheet is his
        // own team's, though Matt Williams has more articles in sport.
        let (e, d) = view(
            &[
                ("Geordan Murphy", &[], &[0, 1]),
                ("G Murphy", &[], &[2, 3]),
                ("Gary Murphy", &[], &[4]),
                ("Ronan O'Gara", &[], &[0, 1, 2, 3]),
                ("Peter Stringer", &[], &[0, 1, 2, 3]),
                ("Martyn Williams", &[], &[5]),
                ("Matt Williams", &[], &[6, 7, 8]),
                ("M Williams", &[], &[9]),
                ("Gareth Thomas", &[], &[5, 9]),
                ("Stephen Jones", &[], &[5, 9]),
            ],
            &[(1, 0); 10],
        );
        assert_eq!(
            moves(&plan(&e, &d, &given, &Nicknames::builtin())),
            [(2, 1, 0), (3, 1, 0), (9, 7, 5)]
        );
    }

    #[test]
    fn spellings_and_nicknames_merge_into_the_larger_entry() {
        let (e, d) = view(
            &[
                ("Vince Cable", &[], &[0, 1, 2]),
                ("Vincent Cable", &[], &[3]),
                ("George W. Bush", &[], &[0, 1]),
                ("George Bush", &[], &[4]),
                ("Mathew Tait", &[], &[0, 1]),
                ("Matthew Tait", &[], &[2]),
                ("Robert Kilroy-Silk", &[], &[0, 1]),
                ("Robert Kilroy Silk", &[], &[4]),
                // Another given name altogether: another person.
                ("Jon Cable", &[], &[4]),
            ],
            &[(1, 0); 5],
        );
        let got = moves(&plan(&e, &d, &given, &Nicknames::builtin()));
        assert_eq!(got, [(2, 5, 4), (3, 1, 0), (4, 3, 2), (4, 7, 6)]);
        assert!(one_slip("mikhail", "mihkail") && !one_slip("jon", "joe x"));
    }

    #[test]
    fn headline_words_glued_to_a_surname_join_the_name_beside_them() {
        let (e, d) = view(
            &[
                ("Andy Robinson", &[], &[0, 1]),
                ("Jason Robinson", &[], &[1]),
                ("Fuming Robinson", &["Robinson"], &[0, 1]),
                ("Martyn Williams", &["M Williams"], &[0]),
                ("Shane Williams", &[], &[0]),
            ],
            &[(1, 0); 2],
        );
        // Article 1 names two Robinsons: which one fumes is not known.
        assert_eq!(
            moves(&plan(&e, &d, &given, &Nicknames::builtin())),
            [(0, 2, 0)]
        );
    }

    #[test]
    fn one_name_in_two_sections_with_no_one_in_common_is_two_people() {
        let mut entries = vec![("David James", &[][..], &[0, 1, 2, 3, 4, 5][..])];
        let keepers: &[u32] = &[0, 1, 2];
        let tories: &[u32] = &[3, 4, 5];
        entries.push(("Sven-Goran Eriksson", &[], keepers));
        entries.push(("Paul Robinson", &[], keepers));
        entries.push(("Michael Howard", &[], tories));
        entries.push(("Oliver Letwin", &[], tories));
        let (e, mut d) = view(&entries, &[(1, 0), (1, 0), (1, 0), (2, 0), (2, 0), (2, 0)]);
        for (i, doc) in d.iter_mut().enumerate() {
            doc.section_name = if i < 3 { "sport" } else { "politics" }.into();
        }
        assert_eq!(
            splits(&e, &d),
            [Change::Split {
                from: 0,
                docs: vec![3, 4, 5],
                label: "David James (politics)".into()
            }]
        );
        // Within one section: left alone.
        for doc in d.iter_mut() {
            doc.section = 1;
            doc.section_name = "sport".into();
        }
        assert!(splits(&e, &d).is_empty());
    }

    #[test]
    fn a_lone_peer_keeps_the_title() {
        let (e, d) = view(&[("Falconer", &["Lord Falconer"], &[0])], &[(1, 0)]);
        assert_eq!(
            plan(&e, &d, &given, &Nicknames::builtin()),
            [Change::Relabel {
                entry: 0,
                label: "Lord Falconer".into()
            }]
        );
    }
}
