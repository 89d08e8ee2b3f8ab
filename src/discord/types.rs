//! What every handler shares: the bot's state ([`Bot`], behind [`Data`]), the error type and
//! poise's context, in one place so that no handler module needs another to name them.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use crate::catalogue::Catalogue;
use crate::detect::Detector;
use crate::store::Store;

use super::cache::Prefs;
use super::ops::Ops;
use super::state::{Pacing, State};
use super::tally::Tally;

/// What every handler shares: the catalogue, the detector and the bot's memory.
pub struct Bot {
    pub cat: Catalogue,
    pub det: Detector,
    pub state: Mutex<State>,
    pub pacing: Pacing,
    pub max_attachment: u64,
    pub ops: Arc<Ops>,
    /// False after Discord refused the Message Content intent (close 4014): auto-explain is
    /// off, slash commands, the message menu, mentions and DMs still work.
    pub content_intent: AtomicBool,
    pub store: Store,
    /// Each server's settings and team notes, cached in front of `store`.
    pub prefs: Prefs,
    /// Explained codes counted, not yet written to `store`.
    pub tally: Tally,
}

impl Bot {
    pub fn new(cat: Catalogue, pacing: Pacing, max_attachment: u64, store: Store) -> Bot {
        let det = Detector::new(&cat);
        Bot {
            cat,
            det,
            state: Mutex::new(State::default()),
            pacing,
            max_attachment,
            ops: Arc::new(Ops::new()),
            content_intent: AtomicBool::new(true),
            store,
            prefs: Prefs::default(),
            tally: Tally::default(),
        }
    }

    /// The bot's memory. A handler that panicked while holding the lock left it consistent
    /// enough (each update is one map operation), so a poisoned lock is used as is.
    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub type Data = Arc<Bot>;
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// Now, in seconds since 1970 (UTC): the clock of notes, counts and removals.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
