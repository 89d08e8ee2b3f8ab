//! The cache of each server's settings and team notes in front of `store`. Settings are
//! written through on every change, notes dropped on every change of them, so a change takes
//! effect with the next message and a busy channel does not query the database for each
//! message. The database is the truth: the caches start empty, and [`Prefs::invalidate`] /
//! [`Prefs::invalidate_all`] drop what another writer may have changed.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::settings::GuildSettings;

/// Settings of the servers seen since the start, written through on every change; and their
/// team notes, read once and dropped on every change of them.
#[derive(Debug, Default)]
pub struct Prefs {
    map: Mutex<HashMap<u64, GuildSettings>>,
    notes: Mutex<Notes>,
    /// Bumped by every invalidation: settings read before a change made elsewhere are not
    /// cached after it.
    stale: AtomicU64,
}

#[derive(Debug, Default)]
struct Notes {
    map: HashMap<u64, Arc<BTreeMap<u16, String>>>,
    /// Bumped on every change of any server's notes: notes read from the store before a
    /// change are not cached after it.
    generation: u64,
}

impl Prefs {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, GuildSettings>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_notes(&self) -> std::sync::MutexGuard<'_, Notes> {
        self.notes.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn cached(&self, guild: u64) -> Option<GuildSettings> {
        self.lock().get(&guild).cloned()
    }

    /// Caches settings just written or read.
    pub fn put(&self, guild: u64, s: GuildSettings) {
        self.lock().insert(guild, s);
    }

    /// The invalidation count, to pass to [`Prefs::put_unless_stale`] before a read.
    pub(super) fn stale(&self) -> u64 {
        self.stale.load(Ordering::SeqCst)
    }

    /// Caches settings read when the invalidation count was `seen`, unless invalidated since
    /// (a read in flight when another process's change arrives must not be cached).
    pub(super) fn put_unless_stale(&self, guild: u64, seen: u64, s: GuildSettings) {
        let mut map = self.lock();
        if self.stale.load(Ordering::SeqCst) == seen {
            map.insert(guild, s);
        }
    }

    /// Forgets a server's cached settings and notes: the next read goes to the store.
    pub fn invalidate(&self, guild: u64) {
        self.stale.fetch_add(1, Ordering::SeqCst);
        self.lock().remove(&guild);
        self.invalidate_notes(guild);
    }

    /// Forgets every cached setting and note (another process changed the store).
    pub fn invalidate_all(&self) {
        self.stale.fetch_add(1, Ordering::SeqCst);
        self.lock().clear();
        let mut n = self.lock_notes();
        n.generation += 1;
        n.map.clear();
    }

    /// Forgets a server's cached notes only (they were changed).
    pub fn invalidate_notes(&self, guild: u64) {
        let mut n = self.lock_notes();
        n.generation += 1;
        n.map.remove(&guild);
    }

    /// A server's notes if cached, else the generation to pass to [`Prefs::put_notes`].
    pub(super) fn cached_notes(&self, guild: u64) -> Result<Arc<BTreeMap<u16, String>>, u64> {
        let n = self.lock_notes();
        n.map.get(&guild).cloned().ok_or(n.generation)
    }

    /// Caches notes read at `generation`, unless they changed since.
    pub(super) fn put_notes(&self, guild: u64, generation: u64, notes: Arc<BTreeMap<u16, String>>) {
        let mut n = self.lock_notes();
        if n.generation == generation {
            n.map.insert(guild, notes);
        }
    }
}
