//! Explained codes counted for `/sip stats`: in memory first, written to the store together
//! once a second and when sipbot stops, so a flood of messages is one disk write a second.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use crate::store::{BatchId, Store};

/// How often counted codes are written.
pub const TALLY_EVERY: Duration = Duration::from_secs(1);

/// Explained codes counted but not yet written, by (server, day, code). Written together,
/// in one transaction, every `TALLY_EVERY` and when sipbot stops: a flood of messages is
/// one disk write a second instead of a synced transaction per message. What a failed write
/// held is kept for the next one; a crash loses at most the last second of counts (settings
/// and notes are written before sipbot acknowledges them). Bounded by servers × days × codes.
#[derive(Debug, Default)]
pub struct Tally {
    map: Mutex<HashMap<(u64, i64, u16), u64>>,
    /// A batch whose write failed, kept whole with its id: the failure may have come after
    /// the commit (a connection lost while committing), and the store adds a batch id once,
    /// so sending it again can never count it twice.
    unsent: Mutex<Option<Batch>>,
    /// Held while counts are written, and by a reset: counts taken out for writing never
    /// land after the reset that should have dropped them.
    writing: tokio::sync::Mutex<()>,
}

/// Counts taken out for one write, `(guild, day, code, times)`, and their batch id.
#[derive(Debug)]
struct Batch {
    id: BatchId,
    counts: Vec<(u64, i64, u16, u64)>,
}

impl Tally {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(u64, i64, u16), u64>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn unsent(&self) -> std::sync::MutexGuard<'_, Option<Batch>> {
        self.unsent.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// One explanation of each code (repeats in `codes` count once).
    pub fn add(&self, guild: u64, day: i64, codes: &[u16]) {
        let mut codes = codes.to_vec();
        codes.sort_unstable();
        codes.dedup();
        let mut map = self.lock();
        for c in codes {
            *map.entry((guild, day, c)).or_insert(0) += 1;
        }
    }

    /// Drops a server's counts not yet written and waits for a write under way, so that
    /// none of them lands after the caller's reset of its statistics; the reset happens
    /// while the returned guard is held.
    pub async fn forget(&self, guild: u64) -> tokio::sync::MutexGuard<'_, ()> {
        let writing = self.writing.lock().await;
        self.lock().retain(|k, _| k.0 != guild);
        // A failed batch keeps its id: if it did commit, sending it again adds nothing, and
        // the reset has removed what it added; if it did not, it goes without this server.
        if let Some(b) = self.unsent().as_mut() {
            b.counts.retain(|c| c.0 != guild);
        }
        writing
    }

    /// Writes what was counted: first a batch that failed before (same id), then the counts
    /// made since, as a new batch. On failure the batch is kept for the next time.
    pub async fn flush(&self, store: &Store) {
        let _writing = self.writing.lock().await;
        let failed = self.unsent().take();
        if let Some(b) = failed {
            if let Err(e) = store.add_counts(b.id, &b.counts).await {
                tracing::warn!(error = %e, "writing the statistics failed again; retrying later");
                *self.unsent() = Some(b);
                return;
            }
        }
        let counts: Vec<(u64, i64, u16, u64)> = self
            .lock()
            .drain()
            .map(|((g, day, code), n)| (g, day, code, n))
            .collect();
        if counts.is_empty() {
            return;
        }
        let batch = Batch {
            id: BatchId::new(),
            counts,
        };
        if let Err(e) = store.add_counts(batch.id, &batch.counts).await {
            tracing::warn!(error = %e, "writing the statistics failed; retrying later");
            *self.unsent() = Some(batch);
        }
    }
}
