//! The one table from keys to actions.
//!
//! Bindings are data: key names as text (`"j"`, `"shift-tab"`, `"pgdn"`) so a
//! config file can later remap them with the same parser, and the help overlay
//! is generated from the table rather than written twice.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::Action;

/// Where a binding applies. Text typed into the filter bar (or the find
/// bar) that no binding claims becomes its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Filter,
    /// The find bar of the article in the reader.
    Find,
    /// The feeds pane.
    Feeds,
}

/// One key, as its code and modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// The key of a terminal event, normalised so that `G` and `shift-g`
    /// (as terminals report them) are the same key.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::Char(c) => {
                if c.is_uppercase() || !c.is_alphanumeric() {
                    mods.remove(KeyModifiers::SHIFT);
                }
                KeyCode::Char(c)
            }
            KeyCode::BackTab => {
                mods.insert(KeyModifiers::SHIFT);
                KeyCode::Tab
            }
            code => code,
        };
        Key { code, mods }
    }

    /// Parses a key name: an optional `ctrl-`, `alt-`, `shift-` prefix and a
    /// character or a named key (`enter`, `esc`, `tab`, `up`, `pgdn`, ...).
    pub fn parse(name: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = name;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break;
            }
            mods |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" => KeyCode::Enter,
                "esc" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backspace" => KeyCode::Backspace,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "delete" | "del" => KeyCode::Delete,
                _ => return Err(format!("unknown key {name:?}")),
            },
        };
        Ok(Key::from_event(&KeyEvent::new(code, mods)))
    }
}

/// A key bound to an action in a mode, with the text the help overlay shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub mode: Mode,
    /// The key as written in the table (and shown in help).
    pub name: String,
    pub key: Key,
    pub action: Action,
    pub help: &'static str,
}

/// The default bindings: (mode, key names separated by spaces, action, help).
const DEFAULTS: &[(Mode, &str, Action, &str)] = {
    use Action::*;
    use Mode::*;
    &[
        (
            Normal,
            "j down",
            Down,
            "next article / scroll down / next entity",
        ),
        (
            Normal,
            "k up",
            Up,
            "previous article / scroll up / previous entity",
        ),
        (Normal, "pgdn", PageDown, "page down"),
        (
            Normal,
            "space",
            PageOrNext,
            "page down; at the end of an article, the next one",
        ),
        (
            Normal,
            "n",
            NextUnread,
            "next unread article (after a find in the reader: next match)",
        ),
        (
            Normal,
            "N",
            PrevUnread,
            "previous unread article (after a find: previous match)",
        ),
        (Normal, "pgup", PageUp, "page up"),
        (Normal, "g home", Top, "first line"),
        (Normal, "G end", Bottom, "last line"),
        (Normal, "tab", FocusNext, "next pane"),
        (Normal, "shift-tab", FocusPrev, "previous pane"),
        (
            Normal,
            "enter",
            Open,
            "open article / add or remove entity filter",
        ),
        (
            Normal,
            "x",
            RemoveFilter,
            "remove the entity's filter (or the last one)",
        ),
        (
            Normal,
            "/",
            OpenFilter,
            "filter bar (person:, country:, issue:, section:, -term, words)",
        ),
        (
            Normal,
            "esc",
            ClearFilters,
            "clear all filters (in the reader: clear the find, back to the list)",
        ),
        (
            Normal,
            "f",
            OpenFind,
            "find in the article (n/N next/previous match, esc clears)",
        ),
        (
            Normal,
            "p",
            Jump(crate::entity::Kind::Person),
            "jump to People",
        ),
        (
            Normal,
            "c",
            Jump(crate::entity::Kind::Country),
            "jump to Countries",
        ),
        (
            Normal,
            "i",
            Jump(crate::entity::Kind::Issue),
            "jump to Issues",
        ),
        (
            Normal,
            "a",
            ToggleAggregate,
            "side panel: this article / all results",
        ),
        (Normal, "b", ToggleSide, "show or hide the side panel"),
        (Normal, "s", ToggleStar, "star or unstar"),
        (Normal, "m", ToggleRead, "mark read or unread"),
        (
            Normal,
            "A",
            MarkAllRead,
            "mark every article of the filter read",
        ),
        (Normal, "u", Undo, "undo the last mark-all-read"),
        (
            Normal,
            "S",
            CycleSort,
            "sort by date, relevance, feed, unread first",
        ),
        (
            Normal,
            "o",
            OpenLink,
            "open the article's link in the browser",
        ),
        (Normal, "r", Fetch, "fetch all feeds in the background"),
        (
            Normal,
            "F",
            ShowFeeds,
            "feeds pane: feeds by folder with unread/total counts",
        ),
        (
            Normal,
            "L",
            ShowFetchLog,
            "fetch log: each feed's last fetch, result or error",
        ),
        (
            Normal,
            "t",
            FetchFullText,
            "fetch the article's full text from its page (summary-only feeds)",
        ),
        (Normal, "M", ShowMap, "world map of the results' countries"),
        (
            Normal,
            "T",
            ShowTimeline,
            "timeline of the results and of a person or issue",
        ),
        (
            Normal,
            "O",
            ShowOverview,
            "top people, countries, issues; who is named with whom",
        ),
        (
            Normal,
            "Q",
            ShowQuotes,
            "quotes of the results: who said what, newest first",
        ),
        (
            Normal,
            "@",
            ShowSavedFilters,
            "saved filters (save one: / then :save NAME)",
        ),
        (Normal, "?", ToggleHelp, "this help"),
        (
            Normal,
            "q",
            Quit,
            "back out: picture or help, reader, list, then quit",
        ),
        (Normal, "ctrl-c", ForceQuit, "quit from anywhere"),
        (Normal, "ctrl-l", Redraw, "redraw the screen"),
        (
            Filter,
            "enter",
            FilterSubmit,
            "keep the filter, go to the list's first article",
        ),
        (Filter, "esc", FilterCancel, "clear the bar and close it"),
        (
            Filter,
            "backspace",
            FilterBackspace,
            "delete a character (on empty: drop last chip)",
        ),
        (Filter, "ctrl-u", FilterClear, "clear the bar"),
        (Filter, "ctrl-c", ForceQuit, "quit from anywhere"),
        (Filter, "ctrl-l", Redraw, "redraw the screen"),
        (
            Find,
            "enter",
            FindSubmit,
            "keep the find (matches stay marked; n/N move)",
        ),
        (Find, "esc", FindCancel, "clear the find and close the bar"),
        (Find, "backspace", FindBackspace, "delete a character"),
        (Find, "ctrl-c", ForceQuit, "quit from anywhere"),
        (Find, "ctrl-l", Redraw, "redraw the screen"),
        (Feeds, "j down", Down, "next feed or folder"),
        (Feeds, "k up", Up, "previous feed or folder"),
        (Feeds, "pgdn", PageDown, "page down"),
        (Feeds, "pgup", PageUp, "page up"),
        (Feeds, "g home", Top, "first row"),
        (Feeds, "G end", Bottom, "last row"),
        (
            Feeds,
            "enter",
            Open,
            "filter by the feed (or the folder's feeds); again removes it",
        ),
        (
            Feeds,
            "r",
            ReloadFeed,
            "reload the feed (or the folder's feeds) in the background",
        ),
        (
            Feeds,
            "A",
            MarkFeedRead,
            "mark every article of the feed (or folder) read",
        ),
        (Feeds, "u", Undo, "undo the last mark read"),
        (
            Feeds,
            "L",
            ShowFetchLog,
            "fetch log: each feed's last fetch, result or error",
        ),
        (Feeds, "q esc", Quit, "close the feeds pane"),
        (Feeds, "F", ShowFeeds, "close the feeds pane"),
        (Feeds, "?", ToggleHelp, "this help"),
        (Feeds, "ctrl-c", ForceQuit, "quit from anywhere"),
        (Feeds, "ctrl-l", Redraw, "redraw the screen"),
    ]
};

/// The key table. Lookups scan it: it has a few dozen rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = Vec::new();
        for &(mode, names, ref action, help) in DEFAULTS {
            for name in names.split(' ') {
                // The table is compiled in; a typo in it is a programming error.
                let key = Key::parse(name).unwrap_or_else(|e| panic!("built-in keymap: {e}"));
                bindings.push(Binding {
                    mode,
                    name: name.to_string(),
                    key,
                    action: action.clone(),
                    help,
                });
            }
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// The name a config file uses for an action: the action in kebab case
    /// (`page-down`, `toggle-star`, `filter-submit`, `jump-people`).
    pub fn action_name(action: &Action) -> String {
        if let Action::Jump(kind) = action {
            return format!("jump-{}", kind.heading().to_lowercase());
        }
        let debug = format!("{action:?}");
        let bare = debug.split(['(', ' ', '{']).next().unwrap_or(&debug);
        let mut out = String::new();
        for (i, c) in bare.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                out.push('-');
            }
            out.extend(c.to_lowercase());
        }
        out
    }

    /// Every action name the table knows, in table order, once each.
    pub fn action_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for b in &self.bindings {
            let n = Self::action_name(&b.action);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }

    /// Replaces the keys of the named actions (`[keys]` of the config file).
    /// A key taken from another action in the same mode leaves that action.
    /// Nothing changes when any name or key is wrong; the error names it.
    pub fn remap<'a>(
        &mut self,
        keys: impl IntoIterator<Item = (&'a String, &'a Vec<String>)>,
    ) -> Result<(), String> {
        let mut map = self.clone();
        for (name, key_names) in keys {
            let templates: Vec<Binding> = {
                let mut seen: Vec<Binding> = Vec::new();
                for b in map
                    .bindings
                    .iter()
                    .filter(|b| &Self::action_name(&b.action) == name)
                {
                    if !seen.iter().any(|t| t.mode == b.mode) {
                        seen.push(b.clone());
                    }
                }
                seen
            };
            if templates.is_empty() {
                return Err(format!(
                    "unknown action {name:?} in [keys]; actions are: {}",
                    map.action_names().join(", ")
                ));
            }
            if key_names.is_empty() {
                return Err(format!("action {name:?} in [keys] has no keys"));
            }
            let parsed: Vec<(String, Key)> = key_names
                .iter()
                .map(|k| Key::parse(k).map(|key| (k.clone(), key)))
                .collect::<Result<_, _>>()
                .map_err(|e| format!("{e} for action {name:?} in [keys]"))?;
            map.bindings.retain(|b| {
                &Self::action_name(&b.action) != name
                    && !templates
                        .iter()
                        .any(|t| t.mode == b.mode && parsed.iter().any(|(_, k)| *k == b.key))
            });
            for t in &templates {
                for (key_name, key) in &parsed {
                    map.bindings.push(Binding {
                        name: key_name.clone(),
                        key: *key,
                        ..t.clone()
                    });
                }
            }
        }
        *self = map;
        Ok(())
    }

    /// The action bound to `ev` in `mode`, if any.
    pub fn lookup(&self, mode: Mode, ev: &KeyEvent) -> Option<&Action> {
        let key = Key::from_event(ev);
        self.bindings
            .iter()
            .find(|b| b.mode == mode && b.key == key)
            .map(|b| &b.action)
    }

    /// The first key bound to `action` in `mode`, for the footer's hints, so
    /// they name the user's own keys after a remap. Named keys are
    /// capitalised (`Tab`, `Enter`) as on the keycaps.
    pub fn key_for(&self, mode: Mode, action: &Action) -> Option<String> {
        let name = &self
            .bindings
            .iter()
            .find(|b| b.mode == mode && &b.action == action)?
            .name;
        let mut chars = name.chars();
        Some(match chars.next() {
            Some(first) if name.len() > 1 && !name.contains('-') => {
                first.to_uppercase().chain(chars).collect()
            }
            _ => name.clone(),
        })
    }

    /// The help overlay's rows: every key of one action joined, in table order.
    pub fn help_rows(&self, mode: Mode) -> Vec<(String, &'static str)> {
        let mut rows: Vec<(String, &'static str, &Action)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.mode == mode) {
            match rows
                .iter_mut()
                .find(|(_, help, a)| *a == &b.action && *help == b.help)
            {
                Some(row) => {
                    row.0.push_str(", ");
                    row.0.push_str(&b.name);
                }
                None => rows.push((b.name.clone(), b.help, &b.action)),
            }
        }
        rows.into_iter().map(|(k, h, _)| (k, h)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_names() {
        assert_eq!(
            Key::parse("j").unwrap(),
            Key::from_event(&KeyEvent::from(KeyCode::Char('j')))
        );
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::parse("G").unwrap(), Key::from_event(&shift_g));
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::parse("shift-tab").unwrap(), Key::from_event(&backtab));
        assert_eq!(
            Key::parse("ctrl-c").unwrap(),
            Key::from_event(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
        );
        assert_eq!(Key::parse("-").unwrap().code, KeyCode::Char('-'));
        assert!(Key::parse("wibble").is_err());
    }

    #[test]
    fn every_action_can_be_remapped_from_config() {
        let defaults = Keymap::default();
        for name in defaults.action_names() {
            let mut map = Keymap::default();
            let keys =
                std::collections::BTreeMap::from([(name.clone(), vec!["ctrl-y".to_string()])]);
            map.remap(&keys).unwrap();
            let ctrl_y = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL);
            for b in defaults
                .bindings
                .iter()
                .filter(|b| Keymap::action_name(&b.action) == name)
            {
                assert_eq!(map.lookup(b.mode, &ctrl_y), Some(&b.action), "{name}");
                // The old key no longer does it (unless another action shares it).
                let old = KeyEvent::new(b.key.code, b.key.mods);
                assert_ne!(
                    map.lookup(b.mode, &old),
                    Some(&b.action),
                    "{name}: {}",
                    b.name
                );
            }
        }
    }

    #[test]
    fn the_default_config_names_every_action() {
        let listed = crate::config::DEFAULT_TOML.replace(['#', '\n', ','], " ");
        for name in Keymap::default().action_names() {
            assert!(
                listed
                    .split_whitespace()
                    .any(|w| w.trim_end_matches('.') == name),
                "{name} is missing from assets/config.default.toml's [keys] list"
            );
        }
    }

    #[test]
    fn bad_remaps_change_nothing_and_say_why() {
        let mut map = Keymap::default();
        let keys = std::collections::BTreeMap::from([
            ("quit".to_string(), vec!["ctrl-q".to_string()]),
            ("no-such-action".to_string(), vec!["x".to_string()]),
        ]);
        let err = map.remap(&keys).unwrap_err();
        assert!(
            err.contains("no-such-action") && err.contains("page-down"),
            "{err}"
        );
        assert_eq!(map, Keymap::default());
        let keys =
            std::collections::BTreeMap::from([("quit".to_string(), vec!["hyper-q".to_string()])]);
        assert!(map.remap(&keys).unwrap_err().contains("hyper-q"));
        // A key moved to another action leaves its old one.
        let keys =
            std::collections::BTreeMap::from([("toggle-star".to_string(), vec!["m".to_string()])]);
        map.remap(&keys).unwrap();
        let m = KeyEvent::from(KeyCode::Char('m'));
        assert_eq!(map.lookup(Mode::Normal, &m), Some(&Action::ToggleStar));
    }

    #[test]
    fn every_default_key_is_distinct_in_its_mode() {
        let map = Keymap::default();
        for (i, a) in map.bindings.iter().enumerate() {
            for b in &map.bindings[i + 1..] {
                assert!(
                    !(a.mode == b.mode && a.key == b.key),
                    "{} bound twice",
                    a.name
                );
            }
        }
    }

    #[test]
    fn help_lists_every_binding() {
        let map = Keymap::default();
        let rows = map.help_rows(Mode::Normal);
        for b in map.bindings.iter().filter(|b| b.mode == Mode::Normal) {
            assert!(
                rows.iter()
                    .any(|(keys, _)| keys.split(", ").any(|k| k == b.name)),
                "{}",
                b.name
            );
        }
        let question = KeyEvent::from(KeyCode::Char('?'));
        assert_eq!(
            map.lookup(Mode::Normal, &question),
            Some(&Action::ToggleHelp)
        );
        assert_eq!(map.lookup(Mode::Filter, &question), None);
    }
}
