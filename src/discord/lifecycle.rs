//! A server's lifecycle: GUILD_DELETE schedules the deletion of its data after the grace
//! period (an outage does not), GUILD_CREATE cancels it, and an hourly task purges the
//! servers whose grace period ended; and the task that writes the counted codes.

use std::time::Duration;

use crate::settings::GRACE_DAYS;
use crate::store::Store;

use super::tally::TALLY_EVERY;
use super::types::{now_secs, Bot, Data, Error};

/// How often removed servers past their grace period are purged.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// GUILD_CREATE: sipbot is (back) in the server; a pending deletion is cancelled.
pub async fn on_guild_create(bot: &Bot, guild: u64) -> Result<(), Error> {
    if bot.store.cancel_removal(guild).await? {
        tracing::info!(guild, "sipbot is back in the server: its data is kept");
    }
    Ok(())
}

/// GUILD_DELETE: an outage (`unavailable`) changes nothing; a removal schedules the server's
/// data for deletion after the grace period.
pub async fn on_guild_delete(bot: &Bot, guild: u64, unavailable: bool) -> Result<(), Error> {
    if unavailable {
        return Ok(());
    }
    bot.store.mark_removed(guild, now_secs()).await?;
    bot.prefs.invalidate(guild);
    tracing::info!(
        guild,
        grace_days = GRACE_DAYS,
        "removed from the server: its data goes after the grace period"
    );
    Ok(())
}

/// Purges removed servers whose grace period ended, now and then hourly, until `stop`.
pub fn spawn_purge(store: Store, mut stop: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PURGE_EVERY);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            match store.purge_removed(now_secs() - GRACE_DAYS * 86_400).await {
                Ok(gone) if !gone.is_empty() => {
                    tracing::info!(servers = gone.len(), "purged the data of removed servers")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "purging removed servers failed"),
            }
        }
    });
}

/// Writes the counted codes every `TALLY_EVERY` until `stop`; the last write is the
/// caller's, after the replies under way are done (see `discord::run`).
pub fn spawn_tally(bot: Data, mut stop: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(TALLY_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            bot.tally.flush(&bot.store).await;
        }
    });
}
