//! One truth across processes: changes that other sipbot processes make to the shared
//! database (PostgreSQL's change notices, see `store`) drop this process's cached settings
//! and notes, so the next message reads them afresh.

use tokio::sync::broadcast::error::RecvError;

use super::types::Data;
use crate::store::Invalidation;

/// Applies the store's change notices to the cache until `stop`.
pub fn spawn(bot: Data, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut changes = bot.store.subscribe();
    tokio::spawn(async move {
        loop {
            let change = tokio::select! {
                c = changes.recv() => c,
                _ = stop.wait_for(|s| *s) => return,
            };
            match change {
                Ok(Invalidation { guild: Some(g) }) => bot.prefs.invalidate(g),
                // Notices were missed (a lost connection, or this task fell behind).
                Ok(Invalidation { guild: None }) | Err(RecvError::Lagged(_)) => {
                    bot.prefs.invalidate_all()
                }
                Err(RecvError::Closed) => return,
            }
        }
    });
}
