//! The PostgreSQL backend: the SQL behind [`super::Store`] for several sipbot processes sharing
//! one database, and the notices that keep their caches true.
//!
//! - Counts: one atomic upsert per (server, day, code), all of a batch in one transaction, in
//!   key order (two processes writing the same keys lock them in the same order: no deadlock).
//! - Changes: triggers (see `migrations/postgres/`) `NOTIFY sipbot_changes '<guild>'` on
//!   every change of settings or notes; a listener task turns them into [`Invalidation`]s.
//!   After a lost connection it reconnects with backoff and, once listening again, sends
//!   "drop everything": notices sent meanwhile are gone.
//! - The purge of removed servers takes an advisory lock, so one process at a time runs it.
//! - The pool replaces connections that died with a restarted server (each is checked before
//!   use); a statement that fails while the server is away is an error to the caller, which
//!   keeps what it did not write (the tally retries its counts).

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use sqlx::Row;
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

use super::{
    id, settings_from, unid, BatchId, Invalidation, StoreError, BATCHES_KEPT_SECS, NOTICES_QUEUED,
};
use crate::settings::{Change, GuildSettings};

/// The channel the triggers notify on; the payload is the server's id.
pub const CHANGES_CHANNEL: &str = "sipbot_changes";

/// The advisory lock key held while removed servers are purged ("sipbot" in ASCII).
pub const PURGE_LOCK: i64 = 0x7369_7062_6f74;

/// How long a statement waits for a connection (the server may be restarting).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// The listener's wait before reconnecting: doubled after each failure, up to the maximum.
const RETRY_FIRST: Duration = Duration::from_millis(100);
const RETRY_MAX: Duration = Duration::from_secs(2);

#[derive(Clone, Debug)]
pub struct Postgres {
    pool: PgPool,
    /// `host:port/database`: for logs and errors, never the password.
    location: String,
    notices: broadcast::Sender<Invalidation>,
    listener: Arc<Listener>,
}

/// The listener task, started by the first subscriber and stopped with the store.
#[derive(Debug, Default)]
struct Listener(Mutex<Option<JoinHandle<()>>>);

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(task) = self.0.lock().unwrap_or_else(|p| p.into_inner()).take() {
            task.abort();
        }
    }
}

impl Postgres {
    pub async fn open(url: &str, migrator: &Migrator) -> Result<Postgres, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(|e| StoreError::Open {
            path: super::redact(url),
            message: e.to_string(),
        })?;
        let location = format!(
            "{}:{}/{}",
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or("")
        );
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .min_connections(0)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .idle_timeout(Some(Duration::from_secs(600)))
            .max_lifetime(Some(Duration::from_secs(3600)))
            .connect_with(options.application_name("sipbot"))
            .await
            .map_err(|e| match StoreError::from_pg(&location, &e) {
                // At start, "did not answer in time" is a refused or unroutable address.
                StoreError::Unavailable { server } => StoreError::Connect {
                    server,
                    message: "no answer".into(),
                },
                other => other,
            })?;
        if let Err(e) = migrator.run(&pool).await {
            pool.close().await;
            return Err(StoreError::from_migrate(&location, e, StoreError::from_pg));
        }
        Ok(Postgres {
            pool,
            location,
            notices: broadcast::channel(NOTICES_QUEUED).0,
            listener: Arc::new(Listener::default()),
        })
    }

    pub fn location(&self) -> &str {
        &self.location
    }

    fn err(&self, e: sqlx::Error) -> StoreError {
        StoreError::from_pg(&self.location, &e)
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Invalidation> {
        let rx = self.notices.subscribe();
        let mut task = self.listener.0.lock().unwrap_or_else(|p| p.into_inner());
        if task.is_none() {
            *task = Some(tokio::spawn(listen(
                self.pool.clone(),
                self.notices.clone(),
                self.location.clone(),
            )));
        }
        rx
    }

    pub async fn close(&self) {
        if let Some(task) = self
            .listener
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            task.abort();
        }
        self.pool.close().await;
    }

    pub async fn settings(&self, guild: u64) -> Result<GuildSettings, StoreError> {
        let row = sqlx::query(
            "SELECT auto_mode, language, cooldown_minutes, max_items, note_role
             FROM guilds WHERE guild_id = $1",
        )
        .bind(id(guild))
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        let row = row.map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)));
        let rows =
            sqlx::query("SELECT channel_id, auto_mode FROM channel_settings WHERE guild_id = $1")
                .bind(id(guild))
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.err(e))?;
        Ok(settings_from(
            row,
            rows.into_iter().map(|r| (r.get(0), r.get(1))),
        ))
    }

    async fn ensure_guild(&self, guild: u64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO guilds (guild_id) VALUES ($1) ON CONFLICT (guild_id) DO NOTHING")
            .bind(id(guild))
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn change(&self, guild: u64, change: &Change) -> Result<(), StoreError> {
        self.ensure_guild(guild).await?;
        let q = match change {
            Change::Auto {
                channel: None,
                mode,
            } => sqlx::query("UPDATE guilds SET auto_mode = $1 WHERE guild_id = $2")
                .bind(mode.as_str())
                .bind(id(guild)),
            Change::Auto {
                channel: Some(c),
                mode,
            } => sqlx::query(
                "INSERT INTO channel_settings (auto_mode, guild_id, channel_id) VALUES ($1, $2, $3)
                 ON CONFLICT (guild_id, channel_id) DO UPDATE SET auto_mode = EXCLUDED.auto_mode",
            )
            .bind(mode.as_str())
            .bind(id(guild))
            .bind(id(*c)),
            Change::Language(l) => {
                sqlx::query("UPDATE guilds SET language = $1 WHERE guild_id = $2")
                    .bind(l.clone())
                    .bind(id(guild))
            }
            Change::Cooldown(m) => {
                sqlx::query("UPDATE guilds SET cooldown_minutes = $1 WHERE guild_id = $2")
                    .bind(i64::from(*m))
                    .bind(id(guild))
            }
            Change::MaxItems(n) => {
                sqlx::query("UPDATE guilds SET max_items = $1 WHERE guild_id = $2")
                    .bind(i64::from(*n))
                    .bind(id(guild))
            }
            Change::NoteRole(r) => {
                sqlx::query("UPDATE guilds SET note_role = $1 WHERE guild_id = $2")
                    .bind(r.map(id))
                    .bind(id(guild))
            }
        };
        q.execute(&self.pool).await.map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn set_note(
        &self,
        guild: u64,
        code: u16,
        text: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.ensure_guild(guild).await?;
        sqlx::query(
            "INSERT INTO notes (guild_id, code, body, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (guild_id, code) DO UPDATE
             SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at",
        )
        .bind(id(guild))
        .bind(i64::from(code))
        .bind(text)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn remove_note(&self, guild: u64, code: u16) -> Result<bool, StoreError> {
        let r = sqlx::query("DELETE FROM notes WHERE guild_id = $1 AND code = $2")
            .bind(id(guild))
            .bind(i64::from(code))
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(r.rows_affected() > 0)
    }

    pub async fn notes(&self, guild: u64) -> Result<BTreeMap<u16, String>, StoreError> {
        let rows = sqlx::query("SELECT code, body FROM notes WHERE guild_id = $1 ORDER BY code")
            .bind(id(guild))
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some((u16::try_from(r.get::<i64, _>(0)).ok()?, r.get(1))))
            .collect())
    }

    pub async fn add_counts(
        &self,
        batch: BatchId,
        counts: &[(u64, i64, u16, u64)],
    ) -> Result<(), StoreError> {
        // Repeated keys summed (one statement may not update a row twice), in key order.
        let mut merged: BTreeMap<(i64, i64, i64), i64> = BTreeMap::new();
        for &(g, day, code, n) in counts {
            let n = i64::try_from(n).unwrap_or(i64::MAX);
            let slot = merged.entry((id(g), day, i64::from(code))).or_insert(0);
            *slot = slot.saturating_add(n);
        }
        let mut guilds: Vec<i64> = merged.keys().map(|k| k.0).collect();
        guilds.dedup(); // sorted already
        let (mut g, mut d, mut c, mut n) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (&(guild, day, code), &times) in &merged {
            g.push(guild);
            d.push(day);
            c.push(code);
            n.push(times);
        }
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
        // The batch first: when its id is there already, an earlier try committed it.
        let now = super::now_secs();
        let fresh = sqlx::query(
            "INSERT INTO count_batches (batch_id, at) VALUES ($1, $2)
             ON CONFLICT (batch_id) DO NOTHING",
        )
        .bind(batch.0)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.err(e))?
        .rows_affected()
            == 1;
        if !fresh {
            return tx.commit().await.map_err(|e| self.err(e));
        }
        sqlx::query("DELETE FROM count_batches WHERE at < $1")
            .bind(now - BATCHES_KEPT_SECS)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        sqlx::query(
            "INSERT INTO guilds (guild_id) SELECT * FROM UNNEST($1::BIGINT[])
             ON CONFLICT (guild_id) DO NOTHING",
        )
        .bind(&guilds)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        sqlx::query(
            "INSERT INTO code_stats (guild_id, day, code, count)
             SELECT * FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::BIGINT[])
             ON CONFLICT (guild_id, day, code) DO UPDATE
             SET count = code_stats.count + EXCLUDED.count",
        )
        .bind(&g)
        .bind(&d)
        .bind(&c)
        .bind(&n)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        tx.commit().await.map_err(|e| self.err(e))
    }

    pub async fn top_codes(
        &self,
        guild: Option<u64>,
        first_day: i64,
        limit: usize,
    ) -> Result<Vec<(u16, u64)>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // NULL (all servers) matches every row.
        let rows = sqlx::query(
            "SELECT code, SUM(count)::BIGINT AS n FROM code_stats
             WHERE ($1::BIGINT IS NULL OR guild_id = $1) AND day >= $2
             GROUP BY code ORDER BY n DESC, code ASC LIMIT $3",
        )
        .bind(guild.map(id))
        .bind(first_day)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let code = u16::try_from(r.get::<i64, _>(0)).ok()?;
                let n = u64::try_from(r.get::<i64, _>(1)).ok()?;
                Some((code, n))
            })
            .collect())
    }

    pub async fn mark_removed(&self, guild: u64, at: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE guilds SET removed_at = $1 WHERE guild_id = $2")
            .bind(at)
            .bind(id(guild))
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn cancel_removal(&self, guild: u64) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE guilds SET removed_at = NULL WHERE guild_id = $1 AND removed_at IS NOT NULL",
        )
        .bind(id(guild))
        .execute(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        Ok(r.rows_affected() > 0)
    }

    /// Purges under [`PURGE_LOCK`]: while another process holds it, nothing is done here
    /// (that process is purging the same servers).
    pub async fn purge_removed(&self, removed_before: i64) -> Result<Vec<u64>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
        let mine: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
            .bind(PURGE_LOCK)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        if !mine {
            tracing::debug!("another process is purging removed servers");
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "DELETE FROM guilds WHERE removed_at IS NOT NULL AND removed_at <= $1
             RETURNING guild_id",
        )
        .bind(removed_before)
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(rows.into_iter().map(|r| unid(r.get(0))).collect())
    }

    pub async fn reset_guild(&self, guild: u64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM guilds WHERE guild_id = $1")
            .bind(id(guild))
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

/// Turns the triggers' notices into [`Invalidation`]s until the pool closes. Each (re)connected
/// listener first says "drop everything": what was cached before it listened may be stale.
/// While the server is away nothing is dropped: the caches are the best knowledge then, and
/// nobody can change the database meanwhile.
async fn listen(pool: PgPool, notices: broadcast::Sender<Invalidation>, location: String) {
    let mut wait = RETRY_FIRST;
    let mut lost = false;
    loop {
        if pool.is_closed() {
            return;
        }
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                if !lost {
                    tracing::warn!(database = %location, error = %e, "change notices: cannot connect; retrying");
                    lost = true;
                }
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(RETRY_MAX);
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANGES_CHANNEL).await {
            tracing::warn!(database = %location, error = %e, "change notices: LISTEN failed; retrying");
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(RETRY_MAX);
            continue;
        }
        if lost {
            tracing::info!(database = %location, "change notices: listening again; cached settings and notes dropped");
        }
        wait = RETRY_FIRST;
        let _ = notices.send(Invalidation { guild: None });
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => {
                    // A payload that is not a server id (sent by hand?): drop everything.
                    let guild = n.payload().trim().parse::<u64>().ok();
                    let _ = notices.send(Invalidation { guild });
                }
                // Lost and already reconnected (and listening again) by sqlx.
                Ok(None) => {
                    tracing::info!(database = %location, "change notices: reconnected; cached settings and notes dropped");
                    let _ = notices.send(Invalidation { guild: None });
                }
                Err(e) => {
                    if pool.is_closed() {
                        return;
                    }
                    tracing::warn!(database = %location, error = %e, "change notices: connection lost; reconnecting");
                    lost = true;
                    break;
                }
            }
        }
    }
}
