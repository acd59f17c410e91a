//! Styles: a colour palette (dark or light preset, overridden per role by the
//! config's `[colors]`), or none at all (`theme = "none"`, `NO_COLOR`), plus
//! the date format, the other configurable part of how things look.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeName;
use crate::entity::Kind;
pub use crate::theme::{Role, parse_color};

/// The date format when the config gives none.
pub const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";

/// One colour per [`Role`]; `None` leaves the terminal's own colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub person: Color,
    pub country: Color,
    pub issue: Color,
    pub selected: Color,
    /// Text on `selected`.
    pub selected_text: Color,
    /// The selected row's background when its pane has no focus, and its text.
    pub selected_unfocused: Color,
    pub selected_unfocused_text: Option<Color>,
    pub unread: Option<Color>,
    pub starred: Color,
    pub chip: Color,
    /// Text on `chip`.
    pub chip_text: Color,
    pub error: Color,
    pub border: Color,
    pub dim: Color,
}

impl Palette {
    /// For dark terminal backgrounds: the terminal's own ANSI colours.
    pub const DARK: Palette = Palette {
        person: Color::Cyan,
        country: Color::Green,
        issue: Color::Yellow,
        selected: Color::Blue,
        selected_text: Color::White,
        selected_unfocused: Color::DarkGray,
        selected_unfocused_text: None,
        unread: None,
        starred: Color::Yellow,
        chip: Color::Magenta,
        chip_text: Color::Black,
        error: Color::Red,
        border: Color::Cyan,
        dim: Color::DarkGray,
    };

    /// For white backgrounds: darker inks and pale highlights from the fixed
    /// 256-colour cube, since ANSI yellow, cyan and light grey vanish on white.
    pub const LIGHT: Palette = Palette {
        person: Color::Indexed(25),    // #005faf
        country: Color::Indexed(28),   // #008700
        issue: Color::Indexed(130),    // #af5f00
        selected: Color::Indexed(153), // #afd7ff
        selected_text: Color::Black,
        selected_unfocused: Color::Indexed(252), // #d0d0d0
        selected_unfocused_text: Some(Color::Black),
        unread: None,
        starred: Color::Indexed(136), // #af8700
        chip: Color::Indexed(219),    // #ffafff
        chip_text: Color::Black,
        error: Color::Indexed(124), // #af0000
        border: Color::Indexed(25),
        dim: Color::Indexed(242), // #6c6c6c
    };

    fn set(&mut self, role: Role, color: Color) {
        match role {
            Role::Person => self.person = color,
            Role::Country => self.country = color,
            Role::Issue => self.issue = color,
            Role::Selected => {
                self.selected = color;
                self.selected_text = contrast(color);
            }
            Role::Unread => self.unread = Some(color),
            Role::Starred => self.starred = color,
            Role::Chip => {
                self.chip = color;
                self.chip_text = contrast(color);
            }
            Role::Error => self.error = color,
            Role::Border => self.border = color,
            Role::Dim => self.dim = color,
        }
    }
}

/// How the screen looks. Without colour, distinctions are drawn with bold,
/// underline, italic and reverse video only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// `None`: no colours at all.
    pub palette: Option<Palette>,
    /// A strftime format for dates in the list and the reader.
    pub date_format: &'static str,
}

/// True when `NO_COLOR` is set to anything non-empty (no-color.org).
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

impl Theme {
    /// The dark preset, as on a terminal with no config.
    pub fn dark() -> Theme {
        Theme {
            palette: Some(Palette::DARK),
            date_format: DEFAULT_DATE_FORMAT,
        }
    }

    /// The light preset.
    pub fn light() -> Theme {
        Theme {
            palette: Some(Palette::LIGHT),
            date_format: DEFAULT_DATE_FORMAT,
        }
    }

    /// No colours.
    pub fn plain() -> Theme {
        Theme {
            palette: None,
            date_format: DEFAULT_DATE_FORMAT,
        }
    }

    /// Colour unless `NO_COLOR` is set.
    pub fn from_env() -> Theme {
        if no_color_env() {
            Theme::plain()
        } else {
            Theme::dark()
        }
    }

    /// The theme the configuration asks for: its preset with `[colors]` over
    /// it. `no_color` (`NO_COLOR`) wins over everything. Roles or colours
    /// that do not parse are skipped; `Config::parse` has already reported them.
    pub fn from_config(config: &crate::config::Config, no_color: bool) -> Theme {
        let mut palette = match config.ui.theme {
            _ if no_color => None,
            ThemeName::None => None,
            ThemeName::Dark => Some(Palette::DARK),
            ThemeName::Light => Some(Palette::LIGHT),
        };
        if let Some(p) = palette.as_mut() {
            apply_colors(p, &config.colors);
        }
        let date_format = if config.ui.date_format == DEFAULT_DATE_FORMAT {
            DEFAULT_DATE_FORMAT
        } else {
            // One small string for the life of the process keeps Theme `Copy`.
            Box::leak(config.ui.date_format.clone().into_boxed_str())
        };
        Theme {
            palette,
            date_format,
        }
    }

    pub fn color(&self) -> bool {
        self.palette.is_some()
    }

    fn pick(&self, color: impl FnOnce(&Palette) -> Style, plain: Style) -> Style {
        self.palette.as_ref().map_or(plain, color)
    }

    pub fn mention(&self, kind: Kind) -> Style {
        let b = Style::default();
        match kind {
            Kind::Person | Kind::Role | Kind::Leader => self.pick(
                |p| b.fg(p.person).add_modifier(Modifier::BOLD),
                b.add_modifier(Modifier::BOLD),
            ),
            Kind::Country => self.pick(|p| b.fg(p.country), b.add_modifier(Modifier::UNDERLINED)),
            Kind::Issue => self.pick(|p| b.fg(p.issue), b.add_modifier(Modifier::ITALIC)),
            // A section is a broad issue: the issue's colour, bold without colour.
            Kind::Section => self.pick(|p| b.fg(p.issue), b.add_modifier(Modifier::BOLD)),
            // A speaker is a person (or a body) who said something: the
            // person's colour, and bold in any theme so it reads without one.
            Kind::Speaker => self.pick(
                |p| b.fg(p.person).add_modifier(Modifier::BOLD),
                b.add_modifier(Modifier::BOLD),
            ),
        }
    }

    /// Quoted words in the reader: italic, which needs no colour.
    pub fn quote(&self) -> Style {
        Style::default().add_modifier(Modifier::ITALIC)
    }

    pub fn title(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        self.pick(|p| Style::default().fg(p.dim), Style::default())
    }

    /// The selected row in the focused pane.
    pub fn selected(&self) -> Style {
        self.pick(
            |p| Style::default().bg(p.selected).fg(p.selected_text),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    /// The selected row in a pane without focus.
    pub fn selected_unfocused(&self) -> Style {
        self.pick(
            |p| {
                let s = Style::default().bg(p.selected_unfocused);
                match p.selected_unfocused_text {
                    Some(c) => s.fg(c),
                    None => s,
                }
            },
            Style::default().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, &self.palette) {
            (true, Some(p)) => Style::default().fg(p.border),
            (true, None) => Style::default().add_modifier(Modifier::BOLD),
            (false, Some(p)) => Style::default().fg(p.dim),
            (false, None) => Style::default(),
        }
    }

    pub fn chip(&self) -> Style {
        self.pick(
            |p| Style::default().bg(p.chip).fg(p.chip_text),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            |p| Style::default().fg(p.error).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn unread(&self) -> Style {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        match self.palette.and_then(|p| p.unread) {
            Some(c) => bold.fg(c),
            None => bold,
        }
    }

    /// The star of a starred article.
    pub fn starred(&self) -> Style {
        self.pick(|p| Style::default().fg(p.starred), Style::default())
    }
}

/// Lays the config's `role = "colour"` pairs over `palette`.
fn apply_colors(palette: &mut Palette, colors: &BTreeMap<String, String>) {
    for (role, color) in colors {
        if let (Some(role), Ok(color)) = (Role::from_name(role), parse_color(color)) {
            palette.set(role, color);
        }
    }
}

/// Black or white, whichever reads better on `bg`.
fn contrast(bg: Color) -> Color {
    let (r, g, b) = approx_rgb(bg);
    // Relative luminance, roughly (ITU-R BT.601 weights).
    let luma = 299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b);
    if luma > 140_000 {
        Color::Black
    } else {
        Color::White
    }
}

/// What a colour roughly looks like, for [`contrast`]; ANSI colours as xterm draws them.
fn approx_rgb(c: Color) -> (u8, u8, u8) {
    match c {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) => indexed_rgb(i),
        Color::Black => (0, 0, 0),
        Color::Red => (205, 0, 0),
        Color::Green => (0, 205, 0),
        Color::Yellow => (205, 205, 0),
        Color::Blue => (0, 0, 238),
        Color::Magenta => (205, 0, 205),
        Color::Cyan => (0, 205, 205),
        Color::Gray => (229, 229, 229),
        Color::DarkGray => (127, 127, 127),
        Color::LightRed => (255, 0, 0),
        Color::LightGreen => (0, 255, 0),
        Color::LightYellow => (255, 255, 0),
        Color::LightBlue => (92, 92, 255),
        Color::LightMagenta => (255, 0, 255),
        Color::LightCyan => (0, 255, 255),
        Color::White | Color::Reset => (255, 255, 255),
    }
}

/// The xterm 256-colour palette: 16 ANSI colours, a 6×6×6 cube, 24 greys.
fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    const ANSI: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match i {
        0..=15 => approx_rgb(ANSI[usize::from(i)]),
        16..=231 => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            let i = i - 16;
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        _ => {
            let v = 8 + (i - 232) * 10;
            (v, v, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::path::Path;

    fn theme(text: &str) -> Theme {
        Theme::from_config(&Config::parse(text, Path::new("c")).unwrap(), false)
    }

    #[test]
    fn the_default_config_is_the_dark_preset() {
        assert_eq!(theme(""), Theme::dark());
    }

    #[test]
    fn the_light_preset_uses_dark_inks_on_pale_highlights() {
        let t = theme("[ui]\ntheme = \"light\"\n");
        assert_eq!(t.palette, Some(Palette::LIGHT));
        assert_ne!(t, Theme::dark());
        // Every ink is dark enough for a white page, every highlight pale enough for black text.
        for ink in [
            t.mention(Kind::Person).fg,
            t.mention(Kind::Country).fg,
            t.mention(Kind::Issue).fg,
            t.dim().fg,
            t.error().fg,
        ] {
            assert_eq!(contrast(ink.unwrap()), Color::White, "{ink:?}");
        }
        for bg in [t.selected(), t.chip(), t.selected_unfocused()] {
            assert_eq!(bg.fg, Some(Color::Black), "{bg:?}");
        }
    }

    #[test]
    fn colour_overrides_apply_over_the_preset() {
        let t = theme(
            "[ui]\ntheme = \"light\"\n[colors]\nperson = \"#112233\"\ncountry = \"lightred\"\nselected = \"black\"\n",
        );
        assert_eq!(
            t.mention(Kind::Person).fg,
            Some(Color::Rgb(0x11, 0x22, 0x33))
        );
        assert_eq!(t.mention(Kind::Country).fg, Some(Color::LightRed));
        assert_eq!(t.selected().bg, Some(Color::Black));
        assert_eq!(t.selected().fg, Some(Color::White));
        // Roles not overridden keep the preset.
        assert_eq!(t.mention(Kind::Issue).fg, Some(Palette::LIGHT.issue));
    }

    #[test]
    fn no_color_wins_over_theme_and_overrides() {
        let config = Config::parse(
            "[ui]\ntheme = \"light\"\n[colors]\nperson = \"red\"\n",
            Path::new("c"),
        )
        .unwrap();
        let t = Theme::from_config(&config, true);
        assert!(!t.color());
        assert_eq!(t.mention(Kind::Person).fg, None);
        assert_eq!(
            theme("[ui]\ntheme = \"none\"\n[colors]\ndim = \"red\"\n")
                .dim()
                .fg,
            None
        );
    }

    #[test]
    fn the_date_format_comes_from_the_config() {
        assert_eq!(
            theme("[ui]\ndate_format = \"%d %b\"\n").date_format,
            "%d %b"
        );
        assert_eq!(theme("").date_format, DEFAULT_DATE_FORMAT);
    }
}
