//! The SQLite backend: the SQL behind [`super::Store`], and opening a file safely.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Row;

use tokio::sync::broadcast;

use super::{id, settings_from, unid, BatchId, Invalidation, StoreError, BATCHES_KEPT_SECS};
use crate::settings::{Change, GuildSettings};

/// How long a statement waits for another writer before "locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub fn embedded_migrator() -> Migrator {
    // The embedded names are checked by a test; a bad one would fail every start anyway.
    super::migrator(super::MIGRATION_FILES).unwrap_or(Migrator::DEFAULT)
}

#[derive(Clone, Debug)]
pub struct Sqlite {
    pool: SqlitePool,
    location: String,
    /// Never sent on: one process owns the file, and its caches see its own changes.
    notices: broadcast::Sender<Invalidation>,
}

impl Sqlite {
    pub async fn open(url: &str, migrator: &Migrator) -> Result<Sqlite, StoreError> {
        let url = if url.contains(':') && !url.starts_with("sqlite:") {
            return Err(StoreError::Unsupported {
                url: super::redact(url),
                what: "this kind of database",
            });
        } else if url.starts_with("sqlite:") {
            url.to_string()
        } else {
            format!("sqlite://{url}") // a bare path
        };
        let mut options = SqliteConnectOptions::from_str(&url).map_err(|e| StoreError::Open {
            path: url.clone(),
            message: e.to_string(),
        })?;
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        let location = if memory {
            "(in memory)".to_string()
        } else {
            options.get_filename().display().to_string()
        };
        if !memory {
            // mode=rwc unless the URL chose a mode: create the file on first start.
            if !url.contains("mode=") {
                options = options.create_if_missing(true);
            }
            let path = options.get_filename().to_path_buf();
            check_file(&path, &location)?;
        }
        options = options
            .journal_mode(if memory {
                SqliteJournalMode::Memory
            } else {
                SqliteJournalMode::Wal
            })
            .foreign_keys(true)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            // One connection holds an in-memory database: a second would see another one.
            .max_connections(if memory { 1 } else { 4 })
            .min_connections(if memory { 1 } else { 0 })
            .idle_timeout(if memory {
                None
            } else {
                Some(Duration::from_secs(600))
            })
            .max_lifetime(if memory {
                None
            } else {
                Some(Duration::from_secs(3600))
            })
            .acquire_timeout(BUSY_TIMEOUT * 2)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::from_sqlx(&location, &e))?;
        let db = Sqlite {
            pool,
            location,
            notices: broadcast::channel(1).0,
        };
        // Corruption is found at start, with the file's name, not at some later write.
        if !memory {
            if let Err(e) = db.quick_check().await {
                db.pool.close().await;
                return Err(e);
            }
        }
        if let Err(e) = migrator.run(&db.pool).await {
            db.pool.close().await;
            return Err(StoreError::from_migrate(
                &db.location,
                e,
                StoreError::from_sqlx,
            ));
        }
        Ok(db)
    }

    /// SQLite's own consistency check (`quick_check`: pages and indexes, linear in size).
    async fn quick_check(&self) -> Result<(), StoreError> {
        let first: String = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        if first == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.location.clone(),
            })
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Invalidation> {
        self.notices.subscribe()
    }

    pub fn location(&self) -> &str {
        &self.location
    }

    fn err(&self, e: sqlx::Error) -> StoreError {
        StoreError::from_sqlx(&self.location, &e)
    }

    pub async fn close(&self) {
        // Fold the WAL into the file, so the file alone is complete (for a backup or a copy).
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await
        {
            tracing::debug!(error = %e, "checkpoint at close failed");
        }
        self.pool.close().await;
    }

    pub async fn settings(&self, guild: u64) -> Result<GuildSettings, StoreError> {
        let row = sqlx::query(
            "SELECT auto_mode, language, cooldown_minutes, max_items, note_role
             FROM guilds WHERE guild_id = ?",
        )
        .bind(id(guild))
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        let row = row.map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)));
        let rows =
            sqlx::query("SELECT channel_id, auto_mode FROM channel_settings WHERE guild_id = ?")
                .bind(id(guild))
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.err(e))?;
        Ok(settings_from(
            row,
            rows.into_iter().map(|r| (r.get(0), r.get(1))),
        ))
    }

    /// The server's row, so that its other rows can refer to it.
    async fn ensure_guild(&self, guild: u64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO guilds (guild_id) VALUES (?) ON CONFLICT (guild_id) DO NOTHING")
            .bind(id(guild))
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn change(&self, guild: u64, change: &Change) -> Result<(), StoreError> {
        self.ensure_guild(guild).await?;
        // Each change is one statement: atomic without a transaction.
        let q = match change {
            Change::Auto {
                channel: None,
                mode,
            } => sqlx::query("UPDATE guilds SET auto_mode = ? WHERE guild_id = ?")
                .bind(mode.as_str())
                .bind(id(guild)),
            Change::Auto {
                channel: Some(c),
                mode,
            } => sqlx::query(
                "INSERT INTO channel_settings (auto_mode, guild_id, channel_id) VALUES (?, ?, ?)
                 ON CONFLICT (guild_id, channel_id) DO UPDATE SET auto_mode = excluded.auto_mode",
            )
            .bind(mode.as_str())
            .bind(id(guild))
            .bind(id(*c)),
            Change::Language(l) => sqlx::query("UPDATE guilds SET language = ? WHERE guild_id = ?")
                .bind(l.clone())
                .bind(id(guild)),
            Change::Cooldown(m) => {
                sqlx::query("UPDATE guilds SET cooldown_minutes = ? WHERE guild_id = ?")
                    .bind(i64::from(*m))
                    .bind(id(guild))
            }
            Change::MaxItems(n) => {
                sqlx::query("UPDATE guilds SET max_items = ? WHERE guild_id = ?")
                    .bind(i64::from(*n))
                    .bind(id(guild))
            }
            Change::NoteRole(r) => {
                sqlx::query("UPDATE guilds SET note_role = ? WHERE guild_id = ?")
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
            "INSERT INTO notes (guild_id, code, body, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (guild_id, code) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
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
        let r = sqlx::query("DELETE FROM notes WHERE guild_id = ? AND code = ?")
            .bind(id(guild))
            .bind(i64::from(code))
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(r.rows_affected() > 0)
    }

    pub async fn notes(&self, guild: u64) -> Result<BTreeMap<u16, String>, StoreError> {
        let rows = sqlx::query("SELECT code, body FROM notes WHERE guild_id = ? ORDER BY code")
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
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
        // The batch first: when its id is there already, an earlier try committed it.
        let now = super::now_secs();
        let fresh = sqlx::query(
            "INSERT INTO count_batches (batch_id, at) VALUES (?, ?)
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
        sqlx::query("DELETE FROM count_batches WHERE at < ?")
            .bind(now - BATCHES_KEPT_SECS)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        let mut guilds: Vec<u64> = counts.iter().map(|c| c.0).collect();
        guilds.sort_unstable();
        guilds.dedup();
        for g in guilds {
            sqlx::query(
                "INSERT INTO guilds (guild_id) VALUES (?) ON CONFLICT (guild_id) DO NOTHING",
            )
            .bind(id(g))
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        }
        for &(g, day, code, n) in counts {
            sqlx::query(
                "INSERT INTO code_stats (guild_id, day, code, count) VALUES (?, ?, ?, ?)
                 ON CONFLICT (guild_id, day, code) DO UPDATE SET count = count + excluded.count",
            )
            .bind(id(g))
            .bind(day)
            .bind(i64::from(code))
            .bind(i64::try_from(n).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        }
        tx.commit().await.map_err(|e| self.err(e))
    }

    pub async fn top_codes(
        &self,
        guild: Option<u64>,
        first_day: i64,
        limit: usize,
    ) -> Result<Vec<(u16, u64)>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let q = match guild {
            Some(g) => sqlx::query(
                "SELECT code, SUM(count) AS n FROM code_stats WHERE guild_id = ? AND day >= ?
                 GROUP BY code ORDER BY n DESC, code ASC LIMIT ?",
            )
            .bind(id(g)),
            None => sqlx::query(
                "SELECT code, SUM(count) AS n FROM code_stats WHERE day >= ?
                 GROUP BY code ORDER BY n DESC, code ASC LIMIT ?",
            ),
        };
        let rows = q
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
        // A server that never stored anything has nothing to delete: no row is made for it.
        sqlx::query("UPDATE guilds SET removed_at = ? WHERE guild_id = ?")
            .bind(at)
            .bind(id(guild))
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn cancel_removal(&self, guild: u64) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE guilds SET removed_at = NULL WHERE guild_id = ? AND removed_at IS NOT NULL",
        )
        .bind(id(guild))
        .execute(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        Ok(r.rows_affected() > 0)
    }

    pub async fn purge_removed(&self, removed_before: i64) -> Result<Vec<u64>, StoreError> {
        // ON DELETE CASCADE takes the channels, notes and statistics along, in this statement.
        let rows = sqlx::query(
            "DELETE FROM guilds WHERE removed_at IS NOT NULL AND removed_at <= ? RETURNING guild_id",
        )
        .bind(removed_before)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows.into_iter().map(|r| unid(r.get(0))).collect())
    }

    pub async fn reset_guild(&self, guild: u64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM guilds WHERE guild_id = ?")
            .bind(id(guild))
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

/// Clear errors before SQLite's own: a read-only file (SQLite would open it read-only and
/// fail at the first write, or as root not at all), a folder that does not exist yet (made).
fn check_file(path: &Path, location: &str) -> Result<(), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: location.to_string(),
                message: format!("cannot create the folder {}: {e}", dir.display()),
            })?;
        }
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(StoreError::Open {
            path: location.to_string(),
            message: "it is a folder, not a file".into(),
        }),
        Ok(m) if m.permissions().readonly() => Err(StoreError::ReadOnly {
            path: location.to_string(),
        }),
        _ => Ok(()),
    }
}
