//! Styles, with and without colour (`NO_COLOR`).

use ratatui::style::{Color, Modifier, Style};

use super::source::Kind;

/// Without colour, distinctions are drawn with bold, underline, italic and
/// reverse video only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn pick(&self, color: Style, plain: Style) -> Style {
        if self.color { color } else { plain }
    }

    pub fn mention(&self, kind: Kind) -> Style {
        let b = Style::default();
        match kind {
            Kind::Person => self.pick(
                b.fg(Color::Cyan).add_modifier(Modifier::BOLD),
                b.add_modifier(Modifier::BOLD),
            ),
            Kind::Country => self.pick(b.fg(Color::Green), b.add_modifier(Modifier::UNDERLINED)),
            Kind::Issue => self.pick(b.fg(Color::Yellow), b.add_modifier(Modifier::ITALIC)),
        }
    }

    pub fn title(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        self.pick(Style::default().fg(Color::DarkGray), Style::default())
    }

    /// The selected row in the focused pane.
    pub fn selected(&self) -> Style {
        self.pick(
            Style::default().bg(Color::Blue).fg(Color::White),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    /// The selected row in a pane without focus.
    pub fn selected_unfocused(&self) -> Style {
        self.pick(
            Style::default().bg(Color::DarkGray),
            Style::default().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::default().fg(Color::Cyan),
            (true, false) => Style::default().add_modifier(Modifier::BOLD),
            (false, true) => Style::default().fg(Color::DarkGray),
            (false, false) => Style::default(),
        }
    }

    pub fn chip(&self) -> Style {
        self.pick(
            Style::default().bg(Color::Magenta).fg(Color::Black),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn unread(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
}
