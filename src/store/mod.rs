//! Persistence: per-server settings, team notes, code statistics and the deletion of a removed
//! server's data. The only module that speaks SQL.
//!
//! Callers see [`Store`] and plain values (`settings::GuildSettings`, notes as
//! `BTreeMap<u16, String>`, counts); the backend is an enum (`sqlite.rs`, `postgres.rs`), so no
//! caller knows which one is open. Times and days are passed in (Unix seconds, day numbers),
//! never read here, so tests control them.
//!
//! SQLite is the default: a file created on first start, WAL journal (readers never wait for
//! the writer), foreign keys on, `synchronous=FULL` (an acknowledged change survives a crash
//! or a SIGKILL), a busy timeout instead of instant "locked" errors. PostgreSQL
//! (`postgres://…`) is for several processes sharing one truth: each change notifies every
//! process ([`Store::subscribe`]) so that their caches drop what changed. Migrations (one
//! folder per backend) are embedded in the binary and each runs in its own transaction, so a
//! failing one leaves nothing behind.

mod error;
mod postgres;
mod sqlite;

use std::borrow::Cow;
use std::collections::BTreeMap;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use tokio::sync::broadcast;

pub use error::StoreError;
pub use postgres::{CHANGES_CHANNEL, PURGE_LOCK};

use crate::settings::{AutoMode, Change, GuildSettings};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}

/// The embedded SQLite migration files, `(name, SQL)`, in order.
pub static MIGRATION_FILES: &[(&str, &str)] = embedded::MIGRATIONS;

/// The embedded PostgreSQL migration files, `(name, SQL)`, in order.
pub static PG_MIGRATION_FILES: &[(&str, &str)] = embedded::PG_MIGRATIONS;

/// What another process changed: drop the cached settings and notes of `guild`, or of every
/// server with `None` (the change notices may have been missed: a lost connection, a lagging
/// reader).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Invalidation {
    pub guild: Option<u64>,
}

/// How many notices wait for a slow reader before it is told to drop everything.
const NOTICES_QUEUED: usize = 1024;

/// The default `DATABASE_URL`: a file beside the working directory.
pub const DEFAULT_URL: &str = "sqlite://sipbot.db";

/// The id of one batch of counts (`Store::add_counts`): random, so that batches from several
/// processes never share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchId(pub i64);

impl BatchId {
    /// A new random id (the standard library's per-process random hash keys, the clock and a
    /// counter: unique enough for batches that live two days).
    pub fn new() -> BatchId {
        use std::hash::{BuildHasher, Hasher};
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(NEXT.fetch_add(1, Ordering::Relaxed));
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        BatchId(h.finish() as i64)
    }
}

impl Default for BatchId {
    fn default() -> Self {
        BatchId::new()
    }
}

/// How long the ids of added batches are kept, in seconds.
pub(crate) const BATCHES_KEPT_SECS: i64 = 2 * 86_400;

/// Unix seconds now (when a batch was added).
fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A handle on the database; cheap to clone (a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    backend: Backend,
}

#[derive(Clone, Debug)]
enum Backend {
    Sqlite(sqlite::Sqlite),
    Postgres(postgres::Postgres),
}

/// Runs the same call on whichever backend is open.
macro_rules! dispatch {
    ($self:ident, $db:ident => $call:expr) => {
        match &$self.backend {
            Backend::Sqlite($db) => $call,
            Backend::Postgres($db) => $call,
        }
    };
}

impl Store {
    /// Opens (and creates, and migrates) the database at `url`: `sqlite://FILE`,
    /// `sqlite:FILE`, `sqlite::memory:`, or `postgres://USER:PASSWORD@HOST:PORT/DB` (also
    /// `postgresql://`). A bare path is taken as an SQLite file.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let url = url.trim();
        let backend = if is_postgres(url) {
            Backend::Postgres(postgres::Postgres::open(url, &migrator(PG_MIGRATION_FILES)?).await?)
        } else {
            Backend::Sqlite(sqlite::Sqlite::open(url, &sqlite::embedded_migrator()).await?)
        };
        Ok(Store { backend })
    }

    /// Like [`Store::open`] with other migrations: for tests of the migration machinery.
    #[doc(hidden)]
    pub async fn open_with_migrations(
        url: &str,
        migrations: &[(&'static str, &'static str)],
    ) -> Result<Store, StoreError> {
        let url = url.trim();
        let backend = if is_postgres(url) {
            Backend::Postgres(postgres::Postgres::open(url, &migrator(migrations)?).await?)
        } else {
            Backend::Sqlite(sqlite::Sqlite::open(url, &migrator(migrations)?).await?)
        };
        Ok(Store { backend })
    }

    /// Changes made through other processes, as they commit (PostgreSQL; an SQLite file
    /// belongs to one process, whose caches see its own changes, so nothing ever comes).
    /// After a lost connection, once it is back, an `Invalidation { guild: None }`: notices
    /// sent meanwhile are gone.
    pub fn subscribe(&self) -> broadcast::Receiver<Invalidation> {
        match &self.backend {
            Backend::Sqlite(db) => db.subscribe(),
            Backend::Postgres(db) => db.subscribe(),
        }
    }

    /// The file (or "in memory"), for logs and errors.
    pub fn location(&self) -> &str {
        dispatch!(self, db => db.location())
    }

    /// A server's settings; the defaults for a server that never changed any.
    pub async fn settings(&self, guild: u64) -> Result<GuildSettings, StoreError> {
        dispatch!(self, db => db.settings(guild).await)
    }

    /// Applies a validated change and returns the server's settings after it.
    pub async fn change(&self, guild: u64, change: &Change) -> Result<GuildSettings, StoreError> {
        change.validate()?;
        dispatch!(self, db => db.change(guild, change).await)?;
        self.settings(guild).await
    }

    /// Sets (or replaces) the team note on `code`; `text` is checked by
    /// [`crate::settings::check_note`].
    pub async fn set_note(
        &self,
        guild: u64,
        code: u16,
        text: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let text = crate::settings::check_note(text)?;
        if !(100..=699).contains(&code) {
            return Err(StoreError::NotACode(code));
        }
        dispatch!(self, db => db.set_note(guild, code, &text, now).await)
    }

    /// Removes a note; `false` when there was none.
    pub async fn remove_note(&self, guild: u64, code: u16) -> Result<bool, StoreError> {
        dispatch!(self, db => db.remove_note(guild, code).await)
    }

    /// Every note of a server, by code.
    pub async fn notes(&self, guild: u64) -> Result<BTreeMap<u16, String>, StoreError> {
        dispatch!(self, db => db.notes(guild).await)
    }

    /// Adds counts of explained codes, each `(guild, day, code, times)`, in one transaction:
    /// all of them or none. Codes outside 100–699 and zero counts are left out. A batch whose
    /// id was already added is not added again: after a write that failed without saying
    /// whether it committed, sending the same batch again never counts it twice.
    pub async fn add_counts(
        &self,
        batch: BatchId,
        counts: &[(u64, i64, u16, u64)],
    ) -> Result<(), StoreError> {
        let counts: Vec<(u64, i64, u16, u64)> = counts
            .iter()
            .copied()
            .filter(|&(_, _, code, n)| (100..=699).contains(&code) && n > 0)
            .collect();
        if counts.is_empty() {
            return Ok(());
        }
        dispatch!(self, db => db.add_counts(batch, &counts).await)
    }

    /// The most explained codes from `first_day` on (inclusive), most frequent first; in one
    /// server, or in all with `guild: None` (the CLI).
    pub async fn top_codes(
        &self,
        guild: Option<u64>,
        first_day: i64,
        limit: usize,
    ) -> Result<Vec<(u16, u64)>, StoreError> {
        dispatch!(self, db => db.top_codes(guild, first_day, limit).await)
    }

    /// sipbot was removed from the server at `at` (Unix seconds): its data goes after the
    /// grace period unless [`Store::cancel_removal`] comes first.
    pub async fn mark_removed(&self, guild: u64, at: i64) -> Result<(), StoreError> {
        dispatch!(self, db => db.mark_removed(guild, at).await)
    }

    /// The server is back: keep its data. `true` when a removal was pending.
    pub async fn cancel_removal(&self, guild: u64) -> Result<bool, StoreError> {
        dispatch!(self, db => db.cancel_removal(guild).await)
    }

    /// Deletes every server removed at or before `removed_before`; returns their ids.
    pub async fn purge_removed(&self, removed_before: i64) -> Result<Vec<u64>, StoreError> {
        dispatch!(self, db => db.purge_removed(removed_before).await)
    }

    /// Deletes everything sipbot keeps about a server (settings, notes, statistics).
    pub async fn reset_guild(&self, guild: u64) -> Result<(), StoreError> {
        dispatch!(self, db => db.reset_guild(guild).await)
    }

    /// Waits for open connections to finish and closes them (the WAL is checkpointed).
    pub async fn close(&self) {
        dispatch!(self, db => db.close().await)
    }
}

/// `postgres://…` or `postgresql://…`.
fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// A URL without its password, for errors.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

/// A migrator over `(file name, SQL)` pairs: "0001_init.sql" is version 1, "init". Every
/// migration runs in a transaction, whatever its text says.
pub(crate) fn migrator(files: &[(&'static str, &'static str)]) -> Result<Migrator, StoreError> {
    let mut migrations = Vec::new();
    for (name, sql) in files {
        let stem = name.strip_suffix(".sql").unwrap_or(name);
        let (version, description) = stem.split_once('_').unwrap_or((stem, ""));
        let version = version.parse::<i64>().map_err(|_| StoreError::Migration {
            path: "(embedded migrations)".into(),
            message: format!("{name}: the name must start with a number, like 0002_notes.sql"),
        })?;
        migrations.push(Migration::new(
            version,
            Cow::Owned(description.replace('_', " ")),
            MigrationType::Simple,
            Cow::Borrowed(sql),
            false,
        ));
    }
    Ok(Migrator {
        migrations: Cow::Owned(migrations),
        ..Migrator::DEFAULT
    })
}

/// Discord ids are below 2^63, so they keep their value as a signed 64-bit column.
fn id(v: u64) -> i64 {
    v as i64
}

fn unid(v: i64) -> u64 {
    v as u64
}

/// A server's row of `guilds`: auto mode, language, cooldown, items, note role.
type GuildRow = (String, Option<String>, i64, i64, Option<i64>);

/// Settings from the server's row (none: the defaults) and its channels' `(id, mode)`; values
/// outside their range (written by hand) are brought back into it.
fn settings_from(
    row: Option<GuildRow>,
    channels: impl Iterator<Item = (i64, String)>,
) -> GuildSettings {
    let mut s = GuildSettings::default();
    if let Some((auto, language, cooldown, max_items, note_role)) = row {
        s.auto = AutoMode::parse(&auto).unwrap_or_default();
        s.language = language;
        s.cooldown_minutes = cooldown.clamp(0, u32::MAX as i64) as u32;
        s.max_items = max_items.clamp(1, 10) as u8;
        s.note_role = note_role.map(unid);
    }
    for (channel, mode) in channels {
        if let Some(m) = AutoMode::parse(&mode) {
            s.channels.insert(unid(channel), m);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_an_error() {
        assert_eq!(
            super::redact("postgres://u:secret@db:5432/x"),
            "postgres://…@db:5432/x"
        );
        assert_eq!(super::redact("sqlite://a.db"), "sqlite://a.db");
    }
}
