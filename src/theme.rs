//! Colours and the roles they are for: what the config's `[colors]` table
//! names, checked when the file is read and applied by the TUI's theme.

use std::str::FromStr;

use ratatui::style::Color;

/// What a colour is for: the names of the config's `[colors]` keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Person,
    Country,
    Issue,
    /// The selected row's background (its text gets a contrasting colour).
    Selected,
    Unread,
    Starred,
    /// The filter chips' background.
    Chip,
    Error,
    /// The focused pane's border.
    Border,
    /// Secondary text: dates, counts, hints, unfocused borders.
    Dim,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Person,
        Role::Country,
        Role::Issue,
        Role::Selected,
        Role::Unread,
        Role::Starred,
        Role::Chip,
        Role::Error,
        Role::Border,
        Role::Dim,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Person => "person",
            Role::Country => "country",
            Role::Issue => "issue",
            Role::Selected => "selected",
            Role::Unread => "unread",
            Role::Starred => "starred",
            Role::Chip => "chip",
            Role::Error => "error",
            Role::Border => "border",
            Role::Dim => "dim",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// A colour as the config writes it: a name ("yellow", "lightblue") or "#rrggbb".
pub fn parse_color(text: &str) -> Result<Color, String> {
    let text = text.trim();
    // ratatui also reads bare numbers as palette indexes; allowed, but not advertised.
    Color::from_str(text)
        .ok()
        .filter(|c| *c != Color::Reset)
        .ok_or_else(|| {
            format!("{text:?} is not a colour (a name such as \"yellow\" or \"lightblue\", or \"#rrggbb\")")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_by_name_and_hex_only() {
        assert_eq!(parse_color("lightblue"), Ok(Color::LightBlue));
        assert_eq!(parse_color("#ff0080"), Ok(Color::Rgb(255, 0, 128)));
        assert!(parse_color("sky").is_err());
        assert!(parse_color("#ff00").is_err());
        assert!(parse_color("reset").is_err());
    }

    #[test]
    fn roles_are_found_by_their_config_names() {
        for role in Role::ALL {
            assert_eq!(Role::from_name(role.name()), Some(role));
        }
        assert_eq!(Role::from_name("halo"), None);
    }
}
