//! Who said what: direct quotations in an article's body and their speakers.
//!
//! [`find`] reads the paragraphs of a cleaned article and the people
//! extraction found in it. A quotation is text between double quote marks
//! (straight `"` or curly `“ ”`):
//!
//! - A quote opened and not closed before the next opening mark, or before
//!   the end of a paragraph when the next paragraph opens with a quote mark,
//!   runs on (the BBC's way of quoting several paragraphs, which corpora
//!   often merge into one): it is one quote.
//! - Marks inside a quote (a nested quotation) are part of it.
//! - A long quote (six words or more) is a quotation. A shorter one is one
//!   only when it is attributed ("described the results as "frightening"",
//!   `"Cool," said X`) and does not look like a scare quote, a term or a
//!   title: after "so-called", "the word", "known as", "labelled"; followed
//!   by the noun it qualifies (`"reciprocal" tariffs`); or capitalised
//!   throughout with no speech verb near.
//!
//! The speaker comes from the attribution around the quote ("he said",
//! "said X", "X said:", "according to X", "X told Reuters"); a pronoun is
//! the last person named before the quote, "the coach"-like roles too; a
//! name is resolved to the article's person (its canonical name) when one
//! matches, else kept as written; bodies ("the White House", "the ECB", a
//! ministry) are organisations. An unattributed quote takes the speaker of
//! the quote just before it in the same or the previous paragraph, else the
//! person the previous sentence opens with.

use serde::Serialize;

use super::Person;

/// Who a speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    Person,
    Organisation,
}

/// One quotation in an article's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The quoted words, without the marks; the parts of a quote that runs
    /// over several opening marks are joined by a space, or by a blank line
    /// across paragraphs.
    pub text: String,
    /// A person's canonical name, an organisation's name, or `None` when
    /// the speaker is unnamed ("a report", "critics") or not found.
    pub speaker: Option<String>,
    pub speaker_kind: Option<SpeakerKind>,
    /// Byte offsets in the body (the paragraphs joined by blank lines): the
    /// first quoted byte and the end of the last.
    pub start: usize,
    pub end: usize,
}

/// A quote as marks found it: its parts as (paragraph, start, end), inner text.
struct Raw {
    parts: Vec<(usize, usize, usize)>,
    /// The close mark was found (else the quote ran to a paragraph's end).
    closed: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Open,
    Close,
}

/// The quote marks of `p` as (offset, length, which, curly).
fn marks(p: &str) -> Vec<(usize, usize, Mark, bool)> {
    let b = p.as_bytes();
    let mut out = Vec::new();
    for at in memchr::memchr2_iter(b'"', 0xE2, b) {
        if b[at] == b'"' {
            let before = p[..at].chars().next_back();
            let after = p[at + 1..].chars().next();
            let open_side = before.is_none_or(|c| c.is_whitespace() || "([{/—–-".contains(c));
            let close_side = after.is_none_or(|c| c.is_whitespace() || ",.;:!?)]}".contains(c));
            let after_space = after.is_none_or(char::is_whitespace);
            match (open_side, close_side) {
                (true, _) if !after_space => out.push((at, 1, Mark::Open, false)),
                (false, true) => out.push((at, 1, Mark::Close, false)),
                // `."He` and the like: whichever the state needs.
                (false, false) if before.is_some_and(|c| ".,!?".contains(c)) => {
                    out.push((at, 1, Mark::Close, false))
                }
                _ => {}
            }
        } else if b.get(at + 1) == Some(&0x80) {
            match b.get(at + 2) {
                Some(0x9C) => out.push((at, 3, Mark::Open, true)),
                Some(0x9D) => out.push((at, 3, Mark::Close, true)),
                _ => {}
            }
        }
    }
    out
}

/// The quotes of the paragraphs, by their marks.
fn raw_quotes(paras: &[String]) -> Vec<Raw> {
    let mut out: Vec<Raw> = Vec::new();
    // The quote running on from the previous paragraph, and its mark style.
    let mut carried: Option<(Raw, bool)> = None;
    for (n, p) in paras.iter().enumerate() {
        let ms = marks(p);
        let mut open: Option<(usize, bool)> = None;
        let mut current: Option<Raw> = None;
        if let Some((raw, curly)) = carried.take() {
            // Runs on only into a paragraph that opens with a quote mark.
            match ms.first() {
                Some(&(0, _, Mark::Open, _)) => {
                    current = Some(raw);
                    let _ = curly;
                }
                _ => out.push(raw),
            }
        }
        for &(at, len, mark, curly) in &ms {
            match (mark, open) {
                (Mark::Open, None) => open = Some((at + len, curly)),
                (Mark::Open, Some((from, was_curly))) => {
                    if was_curly && !curly {
                        continue; // a nested straight quote
                    }
                    // Opened again without a close: the quote runs on.
                    let part = (n, from, trim_end(p, from, at));
                    current
                        .get_or_insert_with(|| Raw {
                            parts: Vec::new(),
                            closed: false,
                        })
                        .parts
                        .push(part);
                    open = Some((at + len, curly));
                }
                (Mark::Close, Some((from, was_curly))) => {
                    if was_curly != curly {
                        continue;
                    }
                    let mut raw = current.take().unwrap_or(Raw {
                        parts: Vec::new(),
                        closed: false,
                    });
                    raw.parts.push((n, from, at));
                    raw.closed = true;
                    out.push(raw);
                    open = None;
                }
                (Mark::Close, None) => {}
            }
        }
        if let Some((from, curly)) = open {
            let mut raw = current.take().unwrap_or(Raw {
                parts: Vec::new(),
                closed: false,
            });
            raw.parts.push((n, from, trim_end(p, from, p.len())));
            carried = Some((raw, curly));
        } else if let Some(raw) = current.take() {
            out.push(raw);
        }
    }
    if let Some((raw, _)) = carried {
        out.push(raw);
    }
    out.retain(|r| r.parts.iter().any(|&(_, s, e)| e > s));
    out
}

/// `end` moved back over white space, not before `from`.
fn trim_end(p: &str, from: usize, end: usize) -> usize {
    from + p[from..end].trim_end().len()
}

/// Verbs that attribute speech.
#[rustfmt::skip]
fn is_speech(w: &str) -> bool {
    matches!(
        w,
        "said" | "says" | "say" | "told" | "tells" | "added" | "adds" | "warned" | "warns" |
        "insisted" | "insists" | "argued" | "argues" | "explained" | "explains" | "asked" |
        "asks" | "claimed" | "claims" | "stated" | "states" | "declared" | "continued" | "wrote"
        | "writes" | "tweeted" | "posted" | "admitted" | "noted" | "notes" | "suggested" |
        "replied" | "remarked" | "stressed" | "urged" | "announced" | "concluded" |
        "acknowledged" | "commented" | "conceded" | "recalled" | "joked" | "predicted" |
        "described" | "describes" | "called" | "calls" | "condemned" | "decrying" | "decried" |
        "accused" | "believes" | "believed" | "reiterated" | "pointed" | "denied" | "praised" |
        "saying" | "telling" | "adding" | "warning" | "vowed" | "pledged" | "promised" |
        "dismissed" | "hailed" | "criticised" | "criticized" | "welcomed" | "according" | "went"
        | "cautioned" | "observed" | "countered" | "quipped" | "emphasised" | "emphasized" |
        "maintained" | "confirmed"
    )
}

/// Titles dropped from a speaker's name before it is matched.
#[rustfmt::skip]
fn is_title(w: &str) -> bool {
    matches!(
        w,
        "Mr" | "Mrs" | "Ms" | "Miss" | "Dr" | "Sir" | "Lord" | "Lady" | "Dame" | "Judge" |
        "President" | "Prof" | "Professor" | "Rev" | "Baroness" | "Ambassador" | "Senator" |
        "Sen" | "Rep" | "Gov" | "Governor" | "General" | "Gen" | "Chancellor" | "Minister" |
        "Prime" | "Secretary" | "Mr." | "Mrs." | "Ms." | "Dr." | "Prince" | "Princess" | "King"
        | "Queen" | "Pope" | "Justice" | "Officer" | "Chief" | "Coach" | "Captain" | "Inspector"
        | "Detective" | "Sheikh" | "Mayor"
    )
}

/// Words naming a role whose holder was named before ("said the coach").
#[rustfmt::skip]
fn is_role(w: &str) -> bool {
    matches!(
        w,
        "coach" | "manager" | "judge" | "minister" | "chairman" | "chairwoman" | "chief" |
        "boss" | "president" | "premier" | "chancellor" | "leader" | "captain" | "director" |
        "executive" | "player" | "striker" | "midfielder" | "defender" | "star" | "singer" |
        "actor" | "actress" | "author" | "researcher" | "professor" | "lawyer" | "secretary" |
        "senator" | "governor" | "mayor" | "ambassador" | "envoy" | "prosecutor" | "official" |
        "spokesman" | "spokeswoman" | "chair" | "spokesperson" | "expert" | "analyst" |
        "diplomat" | "politician" | "lawmaker" | "legislator" | "economist" | "deputy" |
        "founder" | "organiser" | "organizer" | "activist" | "commander" | "officer" |
        "scientist" | "historian" | "doctor" | "head" | "governor-general" | "mp" | "owner" |
        "ceo" | "negotiator" | "investor" | "campaigner" | "congressman" | "congresswoman"
    )
}

/// Nouns that, after "the", stand for a body named before ("the central bank").
#[rustfmt::skip]
fn is_body_noun(w: &str) -> bool {
    matches!(
        w,
        "bank" | "ministry" | "government" | "company" | "firm" | "party" | "department" |
        "agency" | "council" | "commission" | "club" | "group" | "committee" | "union" |
        "office" | "board"
    )
}

/// Words that make a capitalised phrase a body, not a person.
#[rustfmt::skip]
fn is_body_word(w: &str) -> bool {
    matches!(
        w,
        "Ministry" | "Department" | "Office" | "Party" | "Council" | "Commission" | "Police" |
        "Agency" | "Bank" | "Association" | "Union" | "Federation" | "Committee" | "Authority" |
        "Service" | "Group" | "Inc" | "Ltd" | "plc" | "Corporation" | "Institute" | "Club" |
        "Kremlin" | "House" | "Pentagon" | "Treasury" | "Met" | "Government" | "Court" |
        "Parliament" | "Senate" | "Congress" | "Foundation" | "Organisation" | "Organization" |
        "Board" | "Company" | "University" | "Army" | "Forces" | "Street" | "Labour" |
        "Conservatives" | "Tories" | "Democrats" | "Republicans" | "Commons" | "Lords" |
        "Secretariat" | "Embassy" | "Cabinet" | "Trust" | "Society" | "League" | "Network" |
        "Times" | "News" | "Post" | "Journal" | "Reuters" | "Fund" | "Bureau"
    )
}

/// Days and other time words that sit between a subject and its verb.
#[rustfmt::skip]
fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday" |
        "week" | "month" | "year" | "night" | "morning" | "evening" | "afternoon" | "weekend"
    )
}

#[rustfmt::skip]
fn is_pronoun(w: &str) -> bool {
    matches!(
        w,
        "he" | "she" | "He" | "She"
    )
}

/// A word of a sentence with its byte range in the paragraph.
#[derive(Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    /// The word is followed by a comma, colon or other clause punctuation.
    punct_after: bool,
}

/// The words of `s` (offset `base` in its paragraph), stripped of
/// surrounding punctuation, with a flag for punctuation after them.
fn words(s: &str, base: usize) -> Vec<Word<'_>> {
    words_upto(s, base, usize::MAX)
}

/// The first `max` [`words`] of `s`.
fn words_upto(s: &str, base: usize, max: usize) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity((s.len() / 5 + 1).min(max));
    let mut at = 0;
    // Split at ASCII white space by bytes (what ingest leaves between
    // words); other white space stays inside a word and is trimmed off it.
    for w in s.split_inclusive([' ', '\n', '\t']) {
        let raw = w.trim_end();
        let lead = raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let core = raw
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim_end_matches(|c: char| !c.is_alphanumeric());
        let core = core
            .strip_suffix("'s")
            .or(core.strip_suffix("’s"))
            .unwrap_or(core);
        if out.len() == max {
            break;
        }
        if !core.is_empty() {
            let tail = &raw[lead + core.len()..];
            out.push(Word {
                text: core,
                start: base + at + lead,
                punct_after: tail.contains([',', ':', ';', '(', ')', '—', '–']),
            });
        }
        at += w.len();
    }
    out
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Lower-case words that may sit inside a name ("Luis de Guindos").
fn particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "da" | "van" | "von" | "der" | "al" | "bin" | "del" | "la" | "le" | "di" | "du"
    ) || w.starts_with("al-")
}

/// A speaker as the text names it, before resolution.
#[derive(Debug, Clone, PartialEq)]
enum Named {
    /// A capitalised name or body, as written.
    Name(String),
    /// "he", "she", or a definite role ("the coach"): the last person named.
    Previous,
    /// A definite role ("the prime minister", lower case, without "the"):
    /// the person named in the article who holds that office, else as
    /// [`Named::Previous`].
    Role(String),
    /// "it", "the ministry": the last body quoted.
    PreviousBody,
    /// Attributed to someone unnamed ("a spokesman", "a report").
    Unnamed,
}

/// The capitalised run ending at word `i` (inclusive), going back, as text.
fn name_back(ws: &[Word], p: &str, i: usize) -> Option<String> {
    let mut first = i;
    while first > 0 {
        let w = ws[first - 1].text;
        if (capitalised(w) || particle(w)) && !ws[first - 1].punct_after {
            first -= 1;
        } else {
            break;
        }
    }
    while first < i && particle(ws[first].text) {
        first += 1;
    }
    // A body's name with "of", "and" and commas in it ("Ministry of
    // Agriculture, Forestry and Fisheries").
    let mut wide = first;
    while wide > 0 {
        let w = &ws[wide - 1];
        let joins = matches!(w.text, "of" | "and" | "for") && !w.punct_after;
        if joins || capitalised(w.text) && (w.punct_after || wide < first || joins) {
            wide -= 1;
        } else {
            break;
        }
    }
    if let Some(b) = (wide..first).find(|&k| is_body_word(ws[k].text)) {
        first = b;
    }
    let start = ws[first].start;
    let end = ws[i].start + ws[i].text.len();
    Some(p[start..end].to_string())
}

/// The capitalised run starting at word `i`, going forward, as text.
fn name_forward(ws: &[Word], p: &str, i: usize) -> Option<String> {
    let mut last = i;
    while !ws[last].punct_after
        && last + 1 < ws.len()
        && (capitalised(ws[last + 1].text) || particle(ws[last + 1].text))
    {
        last += 1;
    }
    while last > i && particle(ws[last].text) {
        last -= 1;
    }
    Some(p[ws[i].start..ws[last].start + ws[last].text.len()].to_string())
}

/// The subject just before the verb at word `v`: a pronoun, a name, a
/// body, or an unnamed noun phrase.
fn subject_before(ws: &[Word], p: &str, v: usize) -> Option<Named> {
    let mut i = v;
    // Auxiliaries and adverbs between subject and verb.
    while i > 0
        && matches!(
            ws[i - 1].text,
            "has"
                | "have"
                | "had"
                | "also"
                | "later"
                | "then"
                | "previously"
                | "will"
                | "would"
                | "once"
                | "was"
                | "is"
                | "earlier"
                | "further"
        )
        && !ws[i - 1].punct_after
    {
        i -= 1;
    }
    // "X on Wednesday said", "X in a statement said".
    if i >= 2
        && matches!(
            ws[i - 2].text,
            "on" | "in" | "last" | "this" | "late" | "early"
        )
        && (is_time_word(ws[i - 1].text) || ws[i - 1].text == "statement")
    {
        i -= 2;
    }
    if i == 0 {
        return None;
    }
    // An apposition set off by commas ("X, one of the critics, condemned").
    if ws[i - 1].punct_after {
        let mut j = i - 1;
        while j > 0 && !ws[j - 1].punct_after && i - j < 12 {
            j -= 1;
        }
        if j > 0 && ws[j - 1].punct_after && capitalised(ws[j - 1].text) {
            return Some(named_from(ws, p, j - 1));
        }
        return None;
    }
    Some(named_from(ws, p, i - 1))
}

/// What word `i` (the last word of a subject) names.
fn named_from(ws: &[Word], p: &str, i: usize) -> Named {
    let w = ws[i].text;
    if is_pronoun(w) {
        return Named::Previous;
    }
    if capitalised(w) && !matches!(w, "The" | "A" | "An" | "It" | "They" | "We" | "I") {
        return name_back(ws, p, i).map_or(Named::Unnamed, Named::Name);
    }
    let lower = w.to_lowercase();
    // "the expert", "the top diplomat", "the foreign minister".
    let definite = (1..=3).any(|k| {
        i >= k
            && matches!(ws[i - k].text, "the" | "The")
            && (i - k + 1..i).all(|j| !ws[j].punct_after && !capitalised(ws[j].text))
    });
    if definite && is_role(lower.as_str()) {
        let the = (1..=3)
            .find(|&k| i >= k && matches!(ws[i - k].text, "the" | "The"))
            .unwrap_or(1);
        let phrase: Vec<String> = ws[i + 1 - the..=i]
            .iter()
            .map(|w| w.text.to_lowercase())
            .collect();
        return Named::Role(phrase.join(" "));
    }
    if w == "it" || w == "It" || definite && is_body_noun(lower.as_str()) {
        return Named::PreviousBody;
    }
    Named::Unnamed
}

/// The speaker of a passive "X was asked by a soldier": the agent after
/// "by", or no one named; `None` when the verb at `v` is not passive.
fn passive(ws: &[Word], p: &str, v: usize) -> Option<Named> {
    if v == 0
        || !matches!(ws[v].text, "asked" | "told")
        || !matches!(ws[v - 1].text, "was" | "were" | "is" | "been" | "being")
    {
        return None;
    }
    if ws.get(v + 1).is_some_and(|w| w.text == "by") {
        return Some(named_after(ws, p, v + 1).unwrap_or(Named::Unnamed));
    }
    Some(Named::Unnamed)
}

/// The subject of the speech verb at `v`, or who follows it.
fn speaker_at(ws: &[Word], p: &str, v: usize) -> Option<Named> {
    passive(ws, p, v)
        .or_else(|| subject_before(ws, p, v))
        .or_else(|| named_after(ws, p, v))
}

/// What follows a verb at word `v` (`said Mr Brown`, `said the coach`).
fn named_after(ws: &[Word], p: &str, v: usize) -> Option<Named> {
    let mut i = v + 1;
    if i >= ws.len() {
        return None;
    }
    if ws[v].punct_after {
        return None;
    }
    let w = ws[i].text;
    if matches!(w, "the" | "a" | "an" | "The" | "A" | "An") {
        let definite = w.eq_ignore_ascii_case("the");
        // Role words, then maybe a capitalised name ("said EFF lawyer X").
        i += 1;
        let mut j = i;
        while j < ws.len() && j < i + 4 {
            if capitalised(ws[j].text) {
                return Some(best_name_forward(ws, p, j));
            }
            if ws[j].punct_after {
                break;
            }
            j += 1;
        }
        let head = ws.get(j.min(ws.len() - 1)).map(|w| w.text.to_lowercase());
        // "said the minister, Taku Eto": the name in apposition.
        if head.as_deref().is_some_and(is_role)
            && j < ws.len()
            && ws[j].punct_after
            && ws.get(j + 1).is_some_and(|n| capitalised(n.text))
            && p[ws[j].start + ws[j].text.len()..ws[j + 1].start].trim() == ","
        {
            return Some(best_name_forward(ws, p, j + 1));
        }
        if definite && head.as_deref().is_some_and(is_role) {
            let end = j.min(ws.len() - 1);
            let phrase: Vec<String> = ws[i.min(end)..=end]
                .iter()
                .map(|w| w.text.to_lowercase())
                .collect();
            return Some(Named::Role(phrase.join(" ")));
        }
        if definite && head.as_deref().is_some_and(is_body_noun) {
            return Some(Named::PreviousBody);
        }
        return Some(Named::Unnamed);
    }
    if is_pronoun(w) {
        return Some(Named::Previous);
    }
    if capitalised(w) || particle(w) {
        return Some(best_name_forward(ws, p, i));
    }
    None
}

/// The name at word `j`, skipping role words written before a name with
/// capitals ("EFF lawyer Kurt Opsahl" gives "Kurt Opsahl").
fn best_name_forward(ws: &[Word], p: &str, j: usize) -> Named {
    let mut k = j;
    // "EFF lawyer Kurt Opsahl": a lower-case role word after the first run.
    let mut last_run = j;
    while k < ws.len() && !ws[k].punct_after && k < j + 6 {
        let next = k + 1;
        if next < ws.len()
            && !capitalised(ws[next].text)
            && is_role(ws[next].text)
            && next + 1 < ws.len()
            && capitalised(ws[next + 1].text)
        {
            last_run = next + 1;
            k = next + 1;
            continue;
        }
        k += 1;
    }
    name_forward(ws, p, last_run).map_or(Named::Unnamed, Named::Name)
}

/// The index of the first speech verb in `ws[from..to]`.
fn speech_verb(ws: &[Word], from: usize, to: usize) -> Option<usize> {
    (from..to.min(ws.len())).find(|&i| is_speech(ws[i].text))
}

/// The longest stretch, in bytes, read either side of a quote for its sentence.
const MAX_SENTENCE: usize = 600;

/// How far back, in bytes, a pronoun's person is looked for.
const MAX_LOOKBACK: usize = 4000;

/// The sentence of `p` around `at..end`: its start and end offsets.
fn sentence_bounds(p: &str, at: usize, end: usize) -> (usize, usize) {
    let b = p.as_bytes();
    // Bounded, so that a huge paragraph with no full stop and many quotes
    // stays linear.
    let floor = at.saturating_sub(MAX_SENTENCE);
    let ceiling = end.saturating_add(MAX_SENTENCE).min(b.len());
    let mut start = at;
    // Back to the last full stop (or ?, !), maybe closed by a quote mark,
    // that is followed by a space and a capital or a quote; else to `floor`.
    loop {
        let Some(k) = memchr::memrchr3(b'.', b'!', b'?', &b[floor..start]).map(|k| floor + k)
        else {
            start = floor;
            break;
        };
        let mark = match b.get(k + 1) {
            Some(b'"') => 1,
            Some(0xE2) if b.get(k + 2) == Some(&0x80) && b.get(k + 3) == Some(&0x9D) => 3,
            _ => 0,
        };
        let space = k + 1 + mark;
        if space <= start && mark == 0 && abbreviation_before(b, k) {
            start = k;
            continue;
        }
        if space <= start
            && b.get(space) == Some(&b' ')
            && b.get(space + 1)
                .is_some_and(|n| n.is_ascii_uppercase() || *n == b'"')
        {
            start = space;
            break;
        }
        start = k;
    }
    // On to the next full stop (or ?, !) before a space or the end.
    let mut stop = end;
    loop {
        match memchr::memchr3(b'.', b'!', b'?', &b[stop..ceiling]) {
            Some(k) if abbreviation_before(b, stop + k) => stop += k + 1,
            Some(k) if stop + k + 1 == b.len() || b[stop + k + 1] == b' ' => {
                stop += k + 1;
                break;
            }
            Some(k) => stop += k + 1,
            None => {
                stop = ceiling;
                break;
            }
        }
    }
    while !p.is_char_boundary(stop) {
        stop += 1;
    }
    while !p.is_char_boundary(start) {
        start += 1;
    }
    (start, stop)
}

/// True when the full stop at `k` ends a title or an initial ("Mr. Eto
/// said", "George W. Bush"), not a sentence: a capital then at most three
/// letters, after a space or the start.
fn abbreviation_before(b: &[u8], k: usize) -> bool {
    if b.get(k) != Some(&b'.') {
        return false;
    }
    let mut s = k;
    while s > 0 && b[s - 1].is_ascii_alphabetic() && k - s < 5 {
        s -= 1;
    }
    let word = &b[s..k];
    // Most full stops end a lower-case word ("said."): turned away here.
    if word.first().is_none_or(|c| !c.is_ascii_uppercase())
        || s > 0 && !matches!(b[s - 1], b' ' | b'(' | b'.')
    {
        return false;
    }
    match word.len() {
        // "W." (an initial) or "H.W.": a lone capital.
        1 => word[0].is_ascii_uppercase(),
        _ => matches!(
            word,
            b"Mr"
                | b"Mrs"
                | b"Ms"
                | b"Dr"
                | b"St"
                | b"Gen"
                | b"Gov"
                | b"Sen"
                | b"Rep"
                | b"Lt"
                | b"Col"
                | b"Capt"
                | b"Sgt"
                | b"Rev"
                | b"Prof"
                | b"Jr"
                | b"Sr"
                | b"Maj"
                | b"Adm"
                | b"Insp"
                | b"Supt"
        ),
    }
}

/// How a quote is attributed.
struct Attribution {
    named: Option<Named>,
    /// An attribution was found (a speech verb tied to the quote).
    attributed: bool,
}

/// The attribution of a quote whose first part opens at `open` and last
/// part closes at `close` (mark positions) in paragraph `p`.
fn attribute(p: &str, open: usize, close_mark_end: usize, inner_end: usize) -> Attribution {
    let (s_start, s_end) = sentence_bounds(p, open, close_mark_end.min(p.len()));
    let before = &p[s_start..open];
    let close_at = close_mark_end.min(p.len());
    // A quote ending in a full stop (or ?, !) before a capital ends its sentence.
    let ends_sentence = p[..inner_end].trim_end().ends_with(['.', '?', '!'])
        && p[close_at..]
            .trim_start()
            .chars()
            .next()
            .is_none_or(|c| c.is_uppercase() || "\"“".contains(c));
    let after = if ends_sentence {
        ""
    } else {
        &p[close_at..s_end.max(close_at)]
    };
    let aw = words(after, close_mark_end);
    let inner_punct = p[..inner_end].trim_end().ends_with([',', '?', '!', '.']);
    let after_trim = after.trim_start();
    // `," he said` / `," said X` / `," X told Reuters`: a verb within the
    // first words after the quote.
    let no_words_before = !before.chars().any(char::is_alphanumeric);
    if (inner_punct || after_trim.starts_with(',') || after_trim.is_empty() || no_words_before)
        && let Some(v) = speech_verb(&aw, 0, 6)
    {
        let named = if aw[v].text == "according" {
            aw.get(v + 2).map(|_| best_name_forward(&aw, p, v + 2))
        } else if v == 0 {
            named_after(&aw, p, v)
        } else {
            speaker_at(&aw, p, v)
        };
        if named.is_some() {
            return Attribution {
                named,
                attributed: true,
            };
        }
    }
    // `X said: "` / `He told BBC News: "`, or a partial quote: a speech verb
    // before it in the sentence; the nearest that names its subject.
    let bw = words(before, s_start);
    let mut attributed = false;
    for v in (0..bw.len()).rev().filter(|&i| is_speech(bw[i].text)) {
        attributed = true;
        let named = if bw[v].text == "according" {
            bw.get(v + 2).map(|_| best_name_forward(&bw, p, v + 2))
        } else {
            speaker_at(&bw, p, v)
        };
        if named.is_some() {
            return Attribution { named, attributed };
        }
    }
    // Or after it ("..., the ECB said.").
    for v in (0..aw.len()).filter(|&i| is_speech(aw[i].text)) {
        attributed = true;
        let named = speaker_at(&aw, p, v);
        if named.is_some() {
            return Attribution { named, attributed };
        }
    }
    Attribution {
        named: None,
        attributed,
    }
}

/// True when a short quote reads as a scare quote, a term or a title.
fn scare(p: &str, open: usize, close_end: usize, inner: &str) -> bool {
    let before: Vec<&str> = p[..open].split_whitespace().rev().take(2).collect();
    let prev = before
        .first()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'));
    if prev.is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "so-called"
                | "word"
                | "words"
                | "term"
                | "phrase"
                | "dubbed"
                | "nicknamed"
                | "labelled"
                | "labeled"
                | "labels"
                | "branded"
                | "titled"
                | "entitled"
                | "slogan"
                | "motto"
                | "name"
                | "sang"
                | "sing"
                | "song"
                | "album"
                | "single"
                | "film"
                | "book"
                | "show"
                | "series"
                | "play"
                | "novel"
                | "hit"
                | "track"
                | "programme"
                | "of"
        )
    }) && (prev != Some("of") || !inner.trim_end().ends_with([',', '.', '?', '!']))
    {
        return true;
    }
    let verbal = prev.is_some_and(|w| {
        matches!(
            w,
            "has" | "have" | "had" | "is" | "was" | "are" | "were" | "be" | "been" | "being"
        )
    });
    if before.len() == 2 && before[0] == "as" && before[1].eq_ignore_ascii_case("known") {
        return true;
    }
    // Followed by the noun it qualifies: `"reciprocal" tariff`.
    if !verbal && !inner.trim_end().ends_with([',', '.', '?', '!']) {
        let next = p[close_end.min(p.len())..].split_whitespace().next();
        if let Some(n) = next
            && n.chars().next().is_some_and(char::is_lowercase)
            && !n.ends_with([',', '.'])
            && !matches!(
                n,
                "in" | "of"
                    | "on"
                    | "for"
                    | "with"
                    | "to"
                    | "and"
                    | "or"
                    | "but"
                    | "as"
                    | "at"
                    | "by"
                    | "from"
                    | "that"
                    | "which"
                    | "is"
                    | "was"
                    | "were"
                    | "are"
                    | "has"
                    | "had"
                    | "will"
                    | "would"
                    | "could"
                    | "should"
                    | "may"
                    | "might"
                    | "over"
                    | "after"
                    | "before"
                    | "since"
                    | "because"
                    | "if"
                    | "while"
                    | "he"
                    | "she"
                    | "they"
                    | "it"
                    | "said"
                    | "says"
                    | "into"
                    | "than"
                    | "about"
                    | "against"
                    | "can"
                    | "be"
                    | "been"
                    | "not"
                    | "through"
                    | "throughout"
                    | "amid"
            )
        {
            return true;
        }
    }
    false
}

/// True when the word before the mark at `open` names what the quote marks
/// hold as a title or a motto ("under the motto "Law: Lessons..."", "themed
/// "Celebrating..."") however long it is.
fn named_by_title_word(p: &str, open: usize) -> bool {
    let prev = p[..open].split_whitespace().next_back().unwrap_or("");
    matches!(
        prev,
        "motto" | "slogan" | "titled" | "entitled" | "themed" | "theme" | "dubbed" | "nicknamed"
    )
}

/// Byte offset of each paragraph in the body.
fn para_offsets(paras: &[String]) -> Vec<usize> {
    let mut at = 0;
    paras
        .iter()
        .map(|p| {
            let here = at;
            at += p.len() + 2;
            here
        })
        .collect()
}

/// The forms a person goes by, titles dropped, for matching speakers.
fn forms(p: &Person) -> impl Iterator<Item = &str> {
    std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str))
}

/// `name` without leading titles and role words.
fn untitled(name: &str) -> &str {
    let mut rest = name.trim();
    loop {
        let Some((first, tail)) = rest.split_once(' ') else {
            return rest;
        };
        if is_title(first)
            || is_time_word(first)
            || matches!(
                first,
                "The" | "On" | "In" | "At" | "Last" | "This" | "Former"
            )
            || first.chars().all(|c| c.is_lowercase()) && !particle(first)
        {
            rest = tail.trim_start();
        } else {
            return rest;
        }
    }
}

/// The person of `people` a written name stands for: the whole name, or
/// the longest tail of it that names one ("Irish Transport Minister Martin
/// Cullen" is Martin Cullen).
fn resolve_person<'a>(people: &'a [Person], name: &str) -> Option<&'a Person> {
    // Every way of matching needs the last words to agree: a cheap test first.
    let last = name.rsplit(' ').next().unwrap_or(name);
    if !people
        .iter()
        .any(|p| forms(p).any(|f| f.rsplit(' ').next() == Some(last)))
    {
        return None;
    }
    let mut tail = untitled(name);
    loop {
        if let Some(person) = resolve_whole(people, tail) {
            return Some(person);
        }
        match tail.split_once(' ') {
            Some((_, rest)) => tail = untitled(rest),
            None => return None,
        }
    }
}

/// The person of `people` that `name` (titles dropped) names as a whole.
fn resolve_whole<'a>(people: &'a [Person], name: &str) -> Option<&'a Person> {
    let bare = untitled(name);
    if bare.is_empty() {
        return None;
    }
    let last = bare.rsplit(' ').next().unwrap_or(bare);
    people
        .iter()
        .find(|p| forms(p).any(|f| f == bare || untitled(f) == bare))
        .or_else(|| {
            people.iter().find(|p| {
                forms(p).any(|f| f.ends_with(bare) && f[..f.len() - bare.len()].ends_with(' '))
            })
        })
        .or_else(|| {
            people
                .iter()
                .find(|p| p.name.rsplit(' ').next() == Some(last) && bare.split(' ').count() <= 2)
        })
}

/// A body's name as written, without a leading "the".
fn body_name(name: &str) -> Option<String> {
    let bare = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    let words: Vec<&str> = bare.split(' ').collect();
    let acronym = words.len() == 1
        && bare.len() >= 2
        && bare
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if acronym || words.iter().any(|w| is_body_word(w)) {
        Some(bare.to_string())
    } else {
        None
    }
}

/// The one person of `people` whose office (as of the article's date) is
/// `role` ("prime minister", "chancellor"), so that "the prime minister
/// said" is the prime minister even when another person was named last.
fn office_holder<'a>(people: &'a [Person], role: &str) -> Option<&'a Person> {
    let mut holders = people.iter().filter(|p| {
        p.office.as_ref().is_some_and(|o| {
            let title = o.title.to_lowercase();
            title == role || title.ends_with(&format!(" {role}"))
        })
    });
    let first = holders.next()?;
    holders.next().is_none().then_some(first)
}

/// The last person of `people` named in the body before `(para, at)`.
fn previous_person<'a>(
    paras: &[String],
    people: &'a [Person],
    para: usize,
    at: usize,
) -> Option<&'a Person> {
    let mut budget = MAX_LOOKBACK;
    for n in (0..=para).rev() {
        if budget == 0 {
            break;
        }
        let whole = if n == para {
            &paras[n][..at]
        } else {
            &paras[n][..]
        };
        let mut from = whole.len().saturating_sub(budget);
        while !whole.is_char_boundary(from) {
            from += 1;
        }
        budget -= whole.len() - from;
        let text = &whole[from..];
        let mut best: Option<(usize, &Person)> = None;
        for person in people {
            let surname = person.name.rsplit(' ').next().unwrap_or(&person.name);
            for f in forms(person).chain(std::iter::once(surname)) {
                if f.len() < 2 {
                    continue;
                }
                if let Some(pos) = text.rfind(f)
                    && best.is_none_or(|(b, _)| pos > b)
                {
                    best = Some((pos, person));
                }
            }
        }
        if let Some((_, person)) = best {
            return Some(person);
        }
    }
    None
}

/// The person a pronoun before `(para, at)` most likely stands for: in the
/// nearest sentence before it (in its paragraph, then the previous one),
/// the person a speech verb names ("X said"), else the one it opens with.
fn subject_person<'a>(
    paras: &[String],
    people: &'a [Person],
    para: usize,
    at: usize,
) -> Option<&'a Person> {
    for n in (para.saturating_sub(1)..=para).rev() {
        let p = &paras[n];
        let mut end = if n == para { at } else { p.len() };
        // The marks before `end`, counted once and then taken off sentence
        // by sentence going back.
        let mut marks = QuoteMarks::of(&p[..end]);
        for _ in 0..6 {
            if end == 0 {
                break;
            }
            let (start, _) = sentence_bounds(p, end.saturating_sub(1), end.saturating_sub(1));
            marks.take(&p[start..end]);
            // A sentence inside a quotation names who the speaker talks
            // about, not who speaks.
            if marks.open() {
                end = start;
                continue;
            }
            // A sentence that opens with a quote names its speaker after it.
            let mut from = start;
            let sentence = &p[start..end];
            let lead = sentence.len() - sentence.trim_start().len();
            if let Some(mark) = sentence[lead..]
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '“'))
            {
                let inner = start + lead + mark.len_utf8();
                if let Some(close) = p[inner..end].find(['"', '”']) {
                    from = inner + close + 1;
                    while !p.is_char_boundary(from) {
                        from += 1;
                    }
                }
            }
            // "..., Deputy Prime Minister Marat Khusnullin said at the
            // meeting.": the sentence's speaker, before whoever opens it.
            if let Some(person) = sentence_speaker(p, people, from, end) {
                return Some(person);
            }
            let ws = words_upto(&p[from..end], from, 16);
            let mut i = 0;
            while i < ws.len().min(9) {
                if capitalised(ws[i].text) {
                    let mut last = i;
                    while last + 1 < ws.len()
                        && capitalised(ws[last + 1].text)
                        && !ws[last].punct_after
                    {
                        last += 1;
                    }
                    // The run, or its tail ("Sir Teddy Taylor" is Teddy Taylor).
                    let name = &p[ws[i].start..ws[last].start + ws[last].text.len()];
                    if let Some(person) = resolve_person(people, name) {
                        return Some(person);
                    }
                    i = last + 1;
                } else {
                    i += 1;
                }
            }
            end = start;
        }
    }
    None
}

/// The quote marks of a stretch of text: straight ones, curly opening and
/// closing ones.
struct QuoteMarks {
    straight: usize,
    open: usize,
    close: usize,
}

impl QuoteMarks {
    fn of(text: &str) -> QuoteMarks {
        let b = text.as_bytes();
        let mut m = QuoteMarks {
            straight: memchr::memchr_iter(b'"', b).count(),
            open: 0,
            close: 0,
        };
        for k in memchr::memchr_iter(0xE2, b) {
            match (b.get(k + 1), b.get(k + 2)) {
                (Some(0x80), Some(0x9C)) => m.open += 1,
                (Some(0x80), Some(0x9D)) => m.close += 1,
                _ => {}
            }
        }
        m
    }

    /// Takes off the marks of `text`, a part of the text counted.
    fn take(&mut self, text: &str) {
        let t = QuoteMarks::of(text);
        self.straight = self.straight.saturating_sub(t.straight);
        self.open = self.open.saturating_sub(t.open);
        self.close = self.close.saturating_sub(t.close);
    }

    /// True when the text counted leaves a quotation open: an odd number
    /// of straight marks, or more curly opening marks than closing ones.
    fn open(&self) -> bool {
        self.straight % 2 == 1 || self.open > self.close
    }
}

/// The person a speech verb of `p[from..end]` names as its subject or
/// after it ("X said", "said X"), the last such; only named people count.
fn sentence_speaker<'a>(
    p: &str,
    people: &'a [Person],
    from: usize,
    end: usize,
) -> Option<&'a Person> {
    let text = &p[from..end];
    // Most sentences hold no speech verb: a cheap test on the bytes first,
    // and only the words around the last verb are read.
    if !text.contains(" said") && !text.contains(" told") && !text.contains(" says") {
        return None;
    }
    let at = [" said", " told", " says"]
        .iter()
        .filter_map(|v| text.rfind(v))
        .max()?;
    let mut lo = at.saturating_sub(160);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (at + 160).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let ws = words(&text[lo..hi], from + lo);
    (0..ws.len())
        .rev()
        .filter(|&v| matches!(ws[v].text, "said" | "says" | "told"))
        .find_map(|v| match speaker_at(&ws, p, v) {
            Some(Named::Name(n)) => resolve_person(people, &n),
            _ => None,
        })
}

/// The first person named in the sentence before `at` in paragraph `p`.
fn previous_sentence_person<'a>(p: &str, people: &'a [Person], at: usize) -> Option<&'a Person> {
    let (start, _) = sentence_bounds(p, at, at);
    if start < 2 {
        return None;
    }
    let (prev_start, _) = sentence_bounds(p, start - 2, start - 2);
    let sentence = &p[prev_start..start];
    let ws = words(sentence, prev_start);
    let mut i = 0;
    while i < ws.len() {
        if capitalised(ws[i].text)
            && !matches!(ws[i].text, "The" | "A" | "An")
            && let Named::Name(n) = best_name_forward(&ws, p, i)
            && let Some(person) = resolve_person(people, &n)
        {
            return Some(person);
        }
        i += 1;
    }
    None
}

/// The quotations of an article's body (its paragraphs) and their speakers,
/// people resolved among `people` (the article's, as extraction found them).
pub fn find(paras: &[String], people: &[Person]) -> Vec<Quote> {
    if !paras
        .iter()
        .any(|p| memchr::memchr(b'"', p.as_bytes()).is_some() || p.contains('\u{201c}'))
    {
        return Vec::new();
    }
    let offsets = para_offsets(paras);
    let mut out: Vec<Quote> = Vec::new();
    // The paragraph of the last quote kept, for speakers carried over.
    let mut last_para: Option<usize> = None;
    for raw in raw_quotes(paras) {
        let &(first_para, first_start, _) = &raw.parts[0];
        let &(last_p, _, last_end) = raw.parts.last().unwrap_or(&raw.parts[0]);
        let text = join_parts(paras, &raw.parts);
        let n_words = text.split_whitespace().count();
        let p = &paras[last_p];
        // The close mark's end, when there is one.
        let close_end = if raw.closed {
            let rest = &p[last_end..];
            last_end + rest.chars().next().map_or(0, char::len_utf8)
        } else {
            p.len()
        };
        let open = first_start - mark_len(&paras[first_para], first_start);
        let attribution = if first_para == last_p {
            attribute(p, open, close_end, last_end)
        } else {
            // A quote over paragraphs: attributed before it, or after its end.
            let a = attribute(
                &paras[first_para],
                open,
                paras[first_para].len(),
                paras[first_para].len(),
            );
            if a.attributed {
                a
            } else {
                attribute(p, 0, close_end, last_end)
            }
        };
        let long = n_words >= 6;
        if long && first_para == last_p && named_by_title_word(p, open) {
            continue;
        }
        if !long {
            let inner = &text;
            if !attribution.attributed || first_para == last_p && scare(p, open, close_end, inner) {
                continue;
            }
            // Capitalised throughout and not tied to a verb next to it: a title.
            let title_case = inner
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()));
            if title_case && n_words > 1 && !inner.trim_end().ends_with([',', '.', '?', '!']) {
                continue;
            }
        }
        let (speaker, kind) = match attribution.named {
            Some(Named::Name(name)) => speaker_of(paras, people, &name, first_para, open),
            Some(Named::Role(role)) if office_holder(people, &role).is_some() => {
                let person = office_holder(people, &role).map(|p| p.name.clone());
                (person, Some(SpeakerKind::Person))
            }
            Some(Named::Previous | Named::Role(_)) => {
                match subject_person(paras, people, first_para, open) {
                    Some(person) => (Some(person.name.clone()), Some(SpeakerKind::Person)),
                    // Else the person quoted just before, else the last named.
                    None => match out
                        .last()
                        .filter(|q| q.speaker_kind == Some(SpeakerKind::Person))
                        .filter(|_| last_para.is_some_and(|lp| lp + 1 >= first_para))
                    {
                        Some(q) => (q.speaker.clone(), q.speaker_kind),
                        None => previous_person(paras, people, first_para, open)
                            .map_or((None, None), |person| {
                                (Some(person.name.clone()), Some(SpeakerKind::Person))
                            }),
                    },
                }
            }
            Some(Named::PreviousBody) => out
                .iter()
                .rev()
                .find(|q| q.speaker_kind == Some(SpeakerKind::Organisation))
                .map_or((None, None), |q| (q.speaker.clone(), q.speaker_kind)),
            Some(Named::Unnamed) => (None, None),
            None if attribution.attributed => (None, None),
            None => {
                // Unattributed: the speaker of the quote just before, else
                // whoever the previous sentence is about.
                let carried = last_para
                    .filter(|&lp| lp + 1 >= first_para)
                    .and_then(|_| out.last())
                    .filter(|q| q.speaker.is_some());
                match carried {
                    Some(q) => (q.speaker.clone(), q.speaker_kind),
                    None => match previous_sentence_person(&paras[first_para], people, open) {
                        Some(person) => (Some(person.name.clone()), Some(SpeakerKind::Person)),
                        None => (None, None),
                    },
                }
            }
        };
        out.push(Quote {
            text,
            speaker,
            speaker_kind: kind,
            start: offsets[first_para] + first_start,
            end: offsets[last_p] + last_end,
        });
        last_para = Some(last_p);
    }
    out
}

/// The length of the quote mark that ends just before `at` in `p`.
fn mark_len(p: &str, at: usize) -> usize {
    p[..at].chars().next_back().map_or(0, char::len_utf8)
}

/// A named speaker resolved: the article's person, a body, or the name as written.
fn speaker_of(
    paras: &[String],
    people: &[Person],
    name: &str,
    para: usize,
    at: usize,
) -> (Option<String>, Option<SpeakerKind>) {
    if let Some(person) = resolve_person(people, name) {
        return (Some(person.name.clone()), Some(SpeakerKind::Person));
    }
    if let Some(body) = body_name(name) {
        return (Some(body), Some(SpeakerKind::Organisation));
    }
    let bare = untitled(name);
    // "The Judge": a title alone stands for the person last written about.
    if bare.is_empty() || is_title(bare) {
        return subject_person(paras, people, para, at)
            .or_else(|| previous_person(paras, people, para, at))
            .map_or((None, None), |person| {
                (Some(person.name.clone()), Some(SpeakerKind::Person))
            });
    }
    // Unknown to extraction: the name after its last title or time word.
    let words: Vec<&str> = bare.split(' ').collect();
    let from = words
        .iter()
        .rposition(|w| is_title(w) || is_time_word(w))
        .map_or(0, |k| k + 1);
    if from >= words.len() {
        return (None, None);
    }
    // One unknown capitalised word with no title ("Orange", "Nortel") is
    // more often a company or a band than a person.
    let kind = if from == 0 && words.len() == 1 && !name.contains(' ') {
        SpeakerKind::Organisation
    } else {
        SpeakerKind::Person
    };
    (Some(words[from..].join(" ")), Some(kind))
}

/// The text of a quote's parts: a space between parts of one paragraph, a
/// blank line between paragraphs.
fn join_parts(paras: &[String], parts: &[(usize, usize, usize)]) -> String {
    let mut text = String::new();
    let mut prev: Option<usize> = None;
    for &(n, s, e) in parts {
        if let Some(pn) = prev {
            text.push_str(if pn == n { " " } else { "\n\n" });
        }
        text.push_str(&paras[n][s..e]);
        prev = Some(n);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, aliases: &[&str]) -> Person {
        Person {
            name: name.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions: 1,
            spans: Vec::new(),
            office: None,
        }
    }

    fn run(paras: &[&str], people: &[Person]) -> Vec<(String, Option<String>)> {
        let paras: Vec<String> = paras.iter().map(|p| p.to_string()).collect();
        find(&paras, people)
            .into_iter()
            .map(|q| {
                let body = paras.join("\n\n");
                assert!(body.is_char_boundary(q.start) && body.is_char_boundary(q.end));
                (q.text, q.speaker)
            })
            .collect()
    }

    /// "the prime minister said" is the prime minister of the article's
    /// date even when the president was named last (seed 002).
    #[test]
    fn a_role_is_its_office_holder_before_the_last_person_named() {
        let mut pm = person("Keir Starmer", &["Starmer"]);
        pm.office = Some(Box::new(super::super::offices::Office {
            title: "prime minister".into(),
            country: Some("GB".into()),
            leader: true,
        }));
        let people = [pm, person("Donald Trump", &["Trump"])];
        let got = run(
            &[
                "Keir Starmer arrived in Washington on Wednesday.",
                "Asked if he could trust President Donald Trump, he said he could. Trump smiled.",
                "\u{201c}We all want a peaceful outcome,\u{201d} the prime minister said.",
                "\u{201c}We will see,\u{201d} said the prime minister.",
            ],
            &people,
        );
        let speakers: Vec<_> = got.iter().map(|(_, s)| s.as_deref()).collect();
        assert_eq!(speakers, [Some("Keir Starmer"), Some("Keir Starmer")]);
        // Without an office holder named, the role is the last person named.
        let got = run(
            &["Trump spoke first. \u{201c}It went well,\u{201d} the president said."],
            &[person("Donald Trump", &["Trump"])],
        );
        assert_eq!(got[0].1.as_deref(), Some("Donald Trump"));
    }

    #[test]
    fn said_after_and_before() {
        let people = [
            person("Mike Ruddock", &["Ruddock"]),
            person("Danny Grewcock", &[]),
        ];
        let got = run(
            &[
                "Trouble flared. \"It's up to the citing commissioner,\" said Ruddock. \"If the ball is at the back, I will do that,\" said Grewcock.",
                "He said: \"We will look at the whole thing again next week.\"",
            ],
            &people,
        );
        assert_eq!(
            got,
            vec![
                (
                    "It's up to the citing commissioner,".to_string(),
                    Some("Mike Ruddock".to_string())
                ),
                (
                    "If the ball is at the back, I will do that,".to_string(),
                    Some("Danny Grewcock".to_string())
                ),
                (
                    "We will look at the whole thing again next week.".to_string(),
                    Some("Danny Grewcock".to_string())
                ),
            ]
        );
    }

    #[test]
    fn curly_quotes_partial_quotes_and_bodies() {
        let people = [person("Iain Duncan Smith", &[])];
        let got = run(
            &[
                "Iain Duncan Smith, one of the critics, condemned the debate as a “charade” yesterday.",
                "“We do not comment on leaks of any kind at all,” the White House said.",
            ],
            &people,
        );
        assert_eq!(
            got[0],
            ("charade".to_string(), Some("Iain Duncan Smith".to_string()))
        );
        assert_eq!(got[1].1.as_deref(), Some("White House"));
    }

    #[test]
    fn scare_quotes_and_titles_are_not_quotes() {
        let got = run(
            &[
                "California has so-called \"shield\" laws. Trump's \"reciprocal\" tariff announcement was the trigger, the ECB said.",
                "The role in the imminent \"war on living rooms\". Attendees sang \"Shir LaMa'alot\" after it.",
            ],
            &[],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn titles_appositions_passives_and_the_sentence_speaker() {
        let people = [
            person("Taku Eto", &["Mr. Eto"]),
            person("Vladimir Putin", &[]),
            person("Marat Khusnullin", &[]),
            person("Dmitry Razumkov", &["Razumkov"]),
        ];
        let got = run(
            &[
                "\"Frankly, my supporters give me a lot of rice,\" said the minister, Taku Eto. \"I have never bought rice myself,\" Mr. Eto said during a speech.",
                "Vladimir Putin has backed the projects, Deputy Prime Minister Marat Khusnullin said at a meeting. \"I am ready to offer all possible assistance,\" he said.",
                "Razumkov was asked by a soldier: \"When will you pay attention to the situation?\"",
                "The forum is held under the motto \"Law: Lessons from the Past for the World of the Future.\"",
            ],
            &people,
        );
        let speakers: Vec<Option<&str>> = got.iter().map(|(_, s)| s.as_deref()).collect();
        assert_eq!(
            speakers,
            [
                Some("Taku Eto"),
                Some("Taku Eto"),
                Some("Marat Khusnullin"),
                None
            ],
            "{got:?}"
        );
    }

    #[test]
    fn quotes_run_on_over_paragraphs() {
        let people = [person("Liam Fox", &["Dr Fox"])];
        let got = run(
            &[
                "Dr Fox said: \"We would look at that sympathetically and with care.",
                "\"I don't believe in vindictiveness at all in politics.\"",
                "Nothing else.",
            ],
            &people,
        );
        assert_eq!(got.len(), 1);
        assert!(got[0].0.contains("\n\nI don't believe"));
        assert_eq!(got[0].1.as_deref(), Some("Liam Fox"));
    }

    #[test]
    fn any_text_gives_quotes_on_char_boundaries() {
        let pieces = [
            "\"",
            "“",
            "”",
            " ",
            ". ",
            ", ",
            "said",
            "he",
            "Mr",
            "Brown",
            "é",
            "日本",
            ":",
            "the",
            "so-called",
            "\u{2019}s",
            "!",
            "?",
            "Wednesday",
            "on",
            "it",
            "\n",
        ];
        let mut next = crate::extract::test_random(19);
        let people = [person("Gordon Brown", &["Mr Brown"])];
        for _ in 0..3000 {
            let paras: Vec<String> = (0..1 + next() % 3)
                .map(|_| {
                    (0..next() % 30)
                        .map(|_| pieces[next() % pieces.len()])
                        .collect()
                })
                .collect();
            let body = paras.join("\n\n");
            for q in find(&paras, &people) {
                assert!(q.start <= q.end && q.end <= body.len(), "{paras:?}");
                assert!(body.is_char_boundary(q.start) && body.is_char_boundary(q.end));
            }
        }
    }
}
