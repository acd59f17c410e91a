//! The kinds of entity gazette sorts the news by, and the facet counts over
//! them: one vocabulary for the store, the filter language, the TUI and the
//! command line.
//!
//! Everything that differs by kind (the stored code, the filter field, the
//! heading, the JSON name) is a method of [`Kind`], and [`Facets`] holds one
//! list per kind, so a new kind is a new variant and its match arms here.

use serde::Serialize;

use crate::query::text;

/// A kind of entity. The discriminant is the code stored in the library
/// (`entities.kind` and the index snapshot), so it never changes for a kind
/// that exists. Serialized as its filter field name (`"person"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person = 0,
    Country = 1,
    Issue = 2,
    /// The article's section, the top level of IPTC Media Topics
    /// (`assets/sections.toml`): one per article, two at most.
    Section = 3,
    /// A head of state's or government's office ("prime-minister"), and
    /// "leader" for any of them: `role:` ([`crate::extract::offices`]).
    Role = 4,
    /// The leaders of a country, keyed by its ISO code: `leader:GB`.
    Leader = 5,
    /// Who is quoted: a person (keyed as [`Kind::Person`]) or a body such
    /// as "the White House" (its name folded the same way).
    #[serde(rename = "said")]
    Speaker = 8,
}

impl Kind {
    /// Every kind, in the order the side panel and `Facets` list them.
    pub const ALL: [Kind; 7] = [
        Kind::Person,
        Kind::Country,
        Kind::Issue,
        Kind::Section,
        Kind::Leader,
        Kind::Role,
        Kind::Speaker,
    ];

    /// The code stored in the library for this kind.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The kind stored as `code`; `None` for a code this build does not know.
    pub fn from_code(code: i64) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| i64::from(k.code()) == code)
    }

    /// The heading of the kind's list: "People", "Countries", "Issues", "Sections".
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Person => "People",
            Kind::Country => "Countries",
            Kind::Issue => "Issues",
            Kind::Section => "Sections",
            Kind::Speaker => "Quoted",
            Kind::Leader => "Leaders",
            Kind::Role => "Offices",
        }
    }

    /// The canonical filter field selecting this kind (`person:`), which is
    /// also its name in JSON output.
    pub fn field(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Country => "country",
            Kind::Issue => "issue",
            Kind::Section => "section",
            Kind::Speaker => "said",
            Kind::Role => "role",
            Kind::Leader => "leader",
        }
    }

    /// The filter term selecting `value` of this kind: `person:"Donald
    /// Trump"`, `country:FR`, `issue:nato`. Values with spaces, quotes,
    /// backslashes or parentheses, or starting with `=`, are quoted, so the
    /// term parses back as one.
    pub fn term(self, value: &str) -> String {
        format!("{}:{}", self.field(), quote(value))
    }

    /// The exact filter term selecting the one entity of this kind whose key
    /// is [`Kind::key`] of `value`: `person:="Donald Trump"`, `country:=FR`.
    pub fn exact_term(self, value: &str) -> String {
        format!("{}:={}", self.field(), quote(value))
    }

    /// The key the library stores for an entity of this kind named `value`:
    /// a person's name folded (case, accents) with its spaces collapsed, a
    /// country's ISO code in upper case, an issue's or a section's id in lower case. Two
    /// values name the same entity exactly when their keys are equal.
    pub fn key(self, value: &str) -> String {
        match self {
            Kind::Person | Kind::Speaker => text::fold(value)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            Kind::Country | Kind::Leader => value.trim().to_ascii_uppercase(),
            Kind::Issue | Kind::Section => value.trim().to_ascii_lowercase(),
            Kind::Role => text::fold(value)
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("-"),
        }
    }

    /// The position of this kind in [`Kind::ALL`] (codes are not dense).
    fn index(self) -> usize {
        match self {
            Kind::Person => 0,
            Kind::Country => 1,
            Kind::Issue => 2,
            Kind::Section => 3,
            Kind::Leader => 4,
            Kind::Role => 5,
            Kind::Speaker => 6,
        }
    }
}

/// `value` bare when it lexes back as one word after a field name, else in
/// quotes with quotes and backslashes escaped.
fn quote(value: &str) -> String {
    let plain = !value.is_empty()
        && !value.starts_with('=')
        && value
            .chars()
            .all(|c| !c.is_whitespace() && c != '"' && c != '\\' && c != '(' && c != ')');
    if plain {
        value.to_string()
    } else {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    }
}

/// One entity with a count: the articles mentioning it when counted over a
/// set of articles, its mentions when listing one article's entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facet {
    pub kind: Kind,
    /// What identifies the entity: a person's folded name, a country's ISO
    /// code, an issue's id (the map finds a country's coordinates by it).
    pub key: String,
    /// The name shown to the user.
    pub label: String,
    #[serde(rename = "articles")]
    pub count: usize,
    /// The exact filter term selecting the articles with this entity and
    /// no other: as many as the count over the same articles.
    #[serde(skip)]
    pub term: String,
}

impl Facet {
    /// A facet with its exact filter term: a person is selected by name as
    /// shown when that name has the entity's key (the filter bar then reads
    /// `person:="Keir Starmer"`), else by the key; any other kind by its key
    /// (`country:=FR`, `issue:=nato`).
    pub fn new(kind: Kind, key: String, label: String, count: usize) -> Facet {
        let term = match kind {
            Kind::Person | Kind::Speaker if kind.key(&label) == key => kind.exact_term(&label),
            _ => kind.exact_term(&key),
        };
        Facet {
            kind,
            key,
            label,
            count,
            term,
        }
    }
}

/// Facets grouped by kind, each list in the order it was built (most
/// frequent first when counted over articles).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    lists: [Vec<Facet>; Kind::ALL.len()],
}

impl Facets {
    /// The facets of one kind.
    pub fn of(&self, kind: Kind) -> &[Facet] {
        &self.lists[kind.index()]
    }

    /// The facets of one kind, taken out of the set.
    pub fn take(&mut self, kind: Kind) -> Vec<Facet> {
        std::mem::take(&mut self.lists[kind.index()])
    }

    /// Adds a facet at the end of its kind's list.
    pub fn push(&mut self, facet: Facet) {
        self.lists[facet.kind.index()].push(facet);
    }

    /// Every list, mutably, to sort them.
    pub fn lists_mut(&mut self) -> impl Iterator<Item = &mut Vec<Facet>> {
        self.lists.iter_mut()
    }

    /// Every facet, kind by kind in [`Kind::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = &Facet> {
        self.lists.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_none() {
        for (i, k) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(k.index(), i);
            assert_eq!(Kind::from_code(i64::from(k.code())), Some(k));
        }
        assert_eq!(Kind::from_code(Kind::ALL.len() as i64), None);
        assert_eq!(Kind::from_code(-1), None);
    }

    #[test]
    fn json_names_are_the_field_names() {
        for k in Kind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.field())
            );
        }
        let f = Facet::new(Kind::Country, "FR".into(), "France".into(), 2);
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"kind":"country","key":"FR","label":"France","articles":2}"#
        );
    }

    #[test]
    fn terms_quote_what_would_not_parse_as_one_word() {
        assert_eq!(Kind::Country.term("FR"), "country:FR");
        assert_eq!(Kind::Person.term("Donald Trump"), "person:\"Donald Trump\"");
        assert_eq!(Kind::Person.term(r#"a "b""#), r#"person:"a \"b\"""#);
        assert_eq!(Kind::Issue.term("(x)"), "issue:\"(x)\"");
        assert_eq!(Kind::Issue.term(""), "issue:\"\"");
        assert_eq!(Kind::Issue.term("=x"), "issue:\"=x\"");
        assert_eq!(Kind::Issue.exact_term("=x"), "issue:=\"=x\"");
        assert_eq!(Kind::Country.exact_term("FR"), "country:=FR");
    }

    #[test]
    fn facet_terms_select_the_entity_by_its_key() {
        let p = Facet::new(
            Kind::Person,
            "keir starmer".into(),
            "Keir Starmer".into(),
            1,
        );
        assert_eq!(p.term, "person:=\"Keir Starmer\"");
        // A label that does not fold to the key: the key itself.
        let odd = Facet::new(Kind::Person, "jo smith".into(), "Jo Smyth".into(), 1);
        assert_eq!(odd.term, "person:=\"jo smith\"");
        let i = Facet::new(
            Kind::Issue,
            "economy".into(),
            "Economy and inflation".into(),
            1,
        );
        assert_eq!(i.term, "issue:=economy");
        assert_eq!(
            Kind::Person.key("  Zélenskyy   VOLODYMYR "),
            "zelenskyy volodymyr"
        );
        assert_eq!(Kind::Country.key("gb "), "GB");
        assert_eq!(Kind::Issue.key("Red-Sea-Shipping"), "red-sea-shipping");
        // A speaker is keyed as a person, a body by its folded name.
        assert_eq!(
            Kind::Speaker.key("Keir  Starmer"),
            Kind::Person.key("Keir Starmer")
        );
        assert_eq!(Kind::Speaker.key("the White House"), "the white house");
        let s = Facet::new(
            Kind::Speaker,
            "keir starmer".into(),
            "Keir Starmer".into(),
            2,
        );
        assert_eq!(s.term, "said:=\"Keir Starmer\"");
    }

    #[test]
    fn facets_keep_each_kind_apart_in_kind_order() {
        let mut f = Facets::default();
        f.push(Facet::new(Kind::Issue, "nato".into(), "NATO".into(), 1));
        f.push(Facet::new(Kind::Person, "jo".into(), "Jo".into(), 3));
        assert_eq!(f.of(Kind::Issue)[0].key, "nato");
        assert!(f.of(Kind::Country).is_empty());
        let keys: Vec<&str> = f.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(keys, ["jo", "nato"]);
        assert_eq!(f.take(Kind::Person).len(), 1);
        assert!(f.of(Kind::Person).is_empty());
    }
}
