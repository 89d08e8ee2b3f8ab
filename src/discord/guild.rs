//! A server's preferences as every handler applies them: its settings and team notes (read
//! through `cache`), and the decisions drawn from them — the one [`lang`] every reply uses
//! (commands, auto-explain, mentions, every button), the auto mode in a channel, the pacing,
//! the team notes on an answer, and the count of explained codes.

use std::sync::Arc;
use std::time::Duration;

use crate::catalogue::Lang;
use crate::detect::Mode;
use crate::render::{server, Reply};
use crate::settings::{self as cfg, AutoMode, GuildSettings};

use super::state::Pacing;
use super::types::{now_secs, Bot};

/// A server's settings: cached, else from the store; the defaults (logged) when the database
/// fails, so sipbot keeps explaining.
pub async fn load(bot: &Bot, guild: u64) -> GuildSettings {
    if let Some(s) = bot.prefs.cached(guild) {
        return s;
    }
    let seen = bot.prefs.stale();
    match bot.store.settings(guild).await {
        Ok(s) => {
            bot.prefs.put_unless_stale(guild, seen, s.clone());
            s
        }
        Err(e) => {
            tracing::warn!(guild, error = %e, "reading the settings failed; using the defaults");
            GuildSettings::default()
        }
    }
}

/// The language of a reply: the one the server forces, else `locale` — the reader's Discord
/// locale for a command or a button, the server's preferred locale for a message answered in
/// a channel — else English. Every path asks here, so a forced language holds everywhere.
pub async fn lang(bot: &Bot, guild: Option<u64>, locale: Option<&str>) -> Lang {
    if let Some(g) = guild {
        if let Some(forced) = load(bot, g)
            .await
            .language
            .and_then(|code| bot.cat.lang(&code))
        {
            return forced;
        }
    }
    locale.and_then(|l| bot.cat.lang(l)).unwrap_or(Lang::BASE)
}

/// How auto-explain reads a channel; `None`: not at all.
pub fn detect_mode(s: &GuildSettings, channel: u64) -> Option<Mode> {
    match s.auto_in(channel) {
        AutoMode::Off => None,
        AutoMode::Strict => Some(Mode::Strict),
        AutoMode::Loose => Some(Mode::Loose),
    }
}

/// The bot's pacing with the server's cooldown and items per reply.
pub fn pacing(base: &Pacing, s: &GuildSettings) -> Pacing {
    Pacing {
        cooldown: Duration::from_secs(u64::from(s.cooldown_minutes) * 60),
        max_items: usize::from(s.max_items),
        ..*base
    }
}

/// Adds the server's team notes to a reply's code explanations; nothing outside a server.
/// The notes are cached: a busy channel does not query the database for each reply.
pub async fn annotate(bot: &Bot, guild: Option<u64>, lang: Lang, reply: Reply) -> Reply {
    let Some(g) = guild else { return reply };
    let notes = match bot.prefs.cached_notes(g) {
        Ok(notes) => notes,
        Err(generation) => match bot.store.notes(g).await {
            Ok(notes) => {
                let notes = Arc::new(notes);
                bot.prefs.put_notes(g, generation, notes.clone());
                notes
            }
            Err(e) => {
                tracing::warn!(guild = g, error = %e, "reading the team notes failed");
                return reply;
            }
        },
    };
    server::annotate(&bot.cat, lang, reply, &notes)
}

/// Counts explained codes for the server's statistics: in memory now, on disk within a
/// second (see `tally`), so a reply never waits for the disk.
pub fn count(bot: &Bot, guild: Option<u64>, codes: Vec<u16>) {
    let Some(g) = guild else { return };
    bot.tally.add(g, cfg::day_of(now_secs()), &codes);
}

/// What a direct answer in a server gets: its team notes, and a count of its codes.
pub async fn answered(bot: &Bot, guild: Option<u64>, lang: Lang, reply: Reply) -> Reply {
    count(bot, guild, server::explained_codes(&reply));
    annotate(bot, guild, lang, reply).await
}
