//! What a server can change about sipbot, as plain data: auto-explain mode (per server and per
//! channel), language, cooldown, items per reply, the role that may edit team notes. Defaults,
//! bounds and the effective value in a channel are decided here. Pure: `store` keeps these
//! values, `discord` applies them, `render` shows them.

use std::collections::BTreeMap;

/// How auto-explain reads a channel's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AutoMode {
    /// No auto-explain: only slash commands, the menu, mentions and DMs.
    Off,
    /// Codes with clear SIP context (a status line, "SIP 486", a log): the default.
    #[default]
    Strict,
    /// Also bare codes near SIP words ("got 486 on that trunk").
    Loose,
}

impl AutoMode {
    pub const ALL: [AutoMode; 3] = [AutoMode::Off, AutoMode::Strict, AutoMode::Loose];

    /// The stored and displayed token.
    pub fn as_str(self) -> &'static str {
        match self {
            AutoMode::Off => "off",
            AutoMode::Strict => "strict",
            AutoMode::Loose => "loose",
        }
    }

    pub fn parse(s: &str) -> Option<AutoMode> {
        AutoMode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// Cooldown bounds, in minutes (a day at most).
pub const COOLDOWN_MAX_MINUTES: u32 = 1440;
/// Items listed in one auto reply.
pub const MAX_ITEMS_RANGE: std::ops::RangeInclusive<u8> = 1..=10;
/// A team note's length, in characters.
pub const NOTE_MAX_CHARS: usize = 500;
/// Days a removed server's data is kept in case sipbot is added back.
pub const GRACE_DAYS: i64 = 30;
/// The `/sip stats` periods.
pub const STATS_PERIODS: [u32; 3] = [7, 30, 90];

/// A server's settings. `Default` is what a server that never changed anything gets, and what
/// the CLI's console uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildSettings {
    pub auto: AutoMode,
    /// Channels whose mode differs from the server's.
    pub channels: BTreeMap<u64, AutoMode>,
    /// A language code ("en", "vi") forced for the server; `None` follows each reader.
    pub language: Option<String>,
    pub cooldown_minutes: u32,
    pub max_items: u8,
    /// Members with this role may edit team notes (besides Manage Server).
    pub note_role: Option<u64>,
}

impl Default for GuildSettings {
    fn default() -> Self {
        GuildSettings {
            auto: AutoMode::Strict,
            channels: BTreeMap::new(),
            language: None,
            cooldown_minutes: 10,
            max_items: 5,
            note_role: None,
        }
    }
}

impl GuildSettings {
    /// The mode in a channel: its own setting, else the server's.
    pub fn auto_in(&self, channel: u64) -> AutoMode {
        self.channels.get(&channel).copied().unwrap_or(self.auto)
    }
}

/// A validated change to one setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `channel: None` is the whole server.
    Auto {
        channel: Option<u64>,
        mode: AutoMode,
    },
    Language(Option<String>),
    Cooldown(u32),
    MaxItems(u8),
    NoteRole(Option<u64>),
}

/// Why a change or a note was refused (the user sees it, in their language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("the cooldown is 0 to {COOLDOWN_MAX_MINUTES} minutes")]
    Cooldown,
    #[error("items per reply are 1 to 10")]
    MaxItems,
    #[error("a note is at most {NOTE_MAX_CHARS} characters")]
    NoteTooLong,
    #[error("a note cannot be empty")]
    NoteEmpty,
}

impl Change {
    /// Checks the bounds (Discord checks them too, but a client can send anything).
    pub fn validate(&self) -> Result<(), Invalid> {
        match self {
            Change::Cooldown(m) if *m > COOLDOWN_MAX_MINUTES => Err(Invalid::Cooldown),
            Change::MaxItems(n) if !MAX_ITEMS_RANGE.contains(n) => Err(Invalid::MaxItems),
            _ => Ok(()),
        }
    }

    /// The settings after this change (what the store writes, applied in memory).
    pub fn apply(&self, s: &mut GuildSettings) {
        match self {
            Change::Auto {
                channel: None,
                mode,
            } => s.auto = *mode,
            Change::Auto {
                channel: Some(c),
                mode,
            } => {
                s.channels.insert(*c, *mode);
            }
            Change::Language(l) => s.language = l.clone(),
            Change::Cooldown(m) => s.cooldown_minutes = *m,
            Change::MaxItems(n) => s.max_items = *n,
            Change::NoteRole(r) => s.note_role = *r,
        }
    }
}

/// A note's text, trimmed and checked.
pub fn check_note(text: &str) -> Result<String, Invalid> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Invalid::NoteEmpty);
    }
    if t.chars().count() > NOTE_MAX_CHARS {
        return Err(Invalid::NoteTooLong);
    }
    Ok(t.to_string())
}

/// The day number (days since 1970-01-01, UTC) of a Unix time in seconds.
pub fn day_of(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(86_400)
}

/// The first day of a statistics period of `days` days ending today (UTC): `/sip stats` and
/// `sipbot stats` count from here.
pub fn first_day(now_secs: i64, days: u32) -> i64 {
    day_of(now_secs) - i64::from(days) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channel_overrides_the_server() {
        let mut s = GuildSettings::default();
        assert_eq!(s.auto_in(1), AutoMode::Strict);
        Change::Auto {
            channel: Some(1),
            mode: AutoMode::Off,
        }
        .apply(&mut s);
        Change::Auto {
            channel: None,
            mode: AutoMode::Loose,
        }
        .apply(&mut s);
        assert_eq!(s.auto_in(1), AutoMode::Off);
        assert_eq!(s.auto_in(2), AutoMode::Loose);
    }

    #[test]
    fn bounds_are_checked() {
        assert!(Change::Cooldown(1440).validate().is_ok());
        assert_eq!(Change::Cooldown(1441).validate(), Err(Invalid::Cooldown));
        assert_eq!(Change::MaxItems(0).validate(), Err(Invalid::MaxItems));
        assert_eq!(Change::MaxItems(11).validate(), Err(Invalid::MaxItems));
        assert!(Change::MaxItems(10).validate().is_ok());
        assert_eq!(check_note("  "), Err(Invalid::NoteEmpty));
        assert_eq!(check_note(&"é".repeat(500)), Ok("é".repeat(500)));
        assert_eq!(check_note(&"é".repeat(501)), Err(Invalid::NoteTooLong));
        for m in AutoMode::ALL {
            assert_eq!(AutoMode::parse(m.as_str()), Some(m));
        }
    }

    #[test]
    fn days_are_utc_and_floor_negative_times() {
        assert_eq!(day_of(0), 0);
        assert_eq!(day_of(86_399), 0);
        assert_eq!(day_of(86_400), 1);
        assert_eq!(day_of(-1), -1);
        assert_eq!(first_day(86_400 * 10 + 5, 7), 4, "days 4 to 10: seven days");
    }
}
