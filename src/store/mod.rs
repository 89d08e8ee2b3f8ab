//! Persistence: per-server settings, team notes, code statistics and the deletion of a removed
//! server's data. The only module that speaks SQL.
//!
//! Callers see [`Store`] and plain values (`settings::GuildSettings`, notes as
//! `BTreeMap<u16, String>`, counts); the backend is an enum, so adding PostgreSQL is a new
//! variant and a new file beside `sqlite.rs`, not a change to any caller. Times and days are
//! passed in (Unix seconds, day numbers), never read here, so tests control them.
//!
//! SQLite is the default: a file created on first start, WAL journal (readers never wait for
//! the writer), foreign keys on, `synchronous=FULL` (an acknowledged change survives a crash
//! or a SIGKILL), a busy timeout instead of instant "locked" errors. Migrations are embedded in
//! the binary and each runs in its own transaction, so a failing one leaves nothing behind.

mod error;
mod sqlite;

use std::collections::BTreeMap;

pub use error::StoreError;
pub use sqlite::MIGRATION_FILES;

use crate::settings::{Change, GuildSettings};

/// The default `DATABASE_URL`: a file beside the working directory.
pub const DEFAULT_URL: &str = "sqlite://sipbot.db";

/// A handle on the database; cheap to clone (a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    backend: Backend,
}

#[derive(Clone, Debug)]
enum Backend {
    Sqlite(sqlite::Sqlite),
}

/// Runs the same call on whichever backend is open.
macro_rules! dispatch {
    ($self:ident, $db:ident => $call:expr) => {
        match &$self.backend {
            Backend::Sqlite($db) => $call,
        }
    };
}

impl Store {
    /// Opens (and creates, and migrates) the database at `url`: `sqlite://FILE`,
    /// `sqlite:FILE`, `sqlite::memory:`. A bare path is taken as an SQLite file.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Err(StoreError::Unsupported {
                url: redact(url),
                what: "PostgreSQL",
            });
        }
        let db = sqlite::Sqlite::open(url, &sqlite::embedded_migrator()).await?;
        Ok(Store {
            backend: Backend::Sqlite(db),
        })
    }

    /// Like [`Store::open`] with other migrations: for tests of the migration machinery.
    #[doc(hidden)]
    pub async fn open_with_migrations(
        url: &str,
        migrations: &[(&'static str, &'static str)],
    ) -> Result<Store, StoreError> {
        let db = sqlite::Sqlite::open(url, &sqlite::migrator(migrations)?).await?;
        Ok(Store {
            backend: Backend::Sqlite(db),
        })
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
    /// all of them or none. Codes outside 100–699 and zero counts are left out.
    pub async fn add_counts(&self, counts: &[(u64, i64, u16, u64)]) -> Result<(), StoreError> {
        let counts: Vec<(u64, i64, u16, u64)> = counts
            .iter()
            .copied()
            .filter(|&(_, _, code, n)| (100..=699).contains(&code) && n > 0)
            .collect();
        if counts.is_empty() {
            return Ok(());
        }
        dispatch!(self, db => db.add_counts(&counts).await)
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

/// A URL without its password, for errors.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
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
