//! What can go wrong with the database, said so that whoever runs sipbot knows which file (or
//! which server) and what to do. SQLite's result codes are sorted into the cases people meet:
//! locked, read-only, full, corrupt; PostgreSQL's into unreachable and the rest. No message
//! holds a password.

use crate::settings::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DATABASE_URL {url:?}: {what} is not built into this sipbot (use sqlite://FILE or postgres://USER:PASSWORD@HOST:PORT/DATABASE)")]
    Unsupported { url: String, what: &'static str },
    #[error("the database {path} is locked: another process (a second sipbot?) holds it and did not let go within the wait")]
    Locked { path: String },
    #[error("the database {path} is read-only: sipbot must write it (check the permissions of the file and of its folder, or the URL's mode=)")]
    ReadOnly { path: String },
    #[error("the disk holding the database {path} is full")]
    Full { path: String },
    #[error("the database {path} is corrupt or not an SQLite file: restore it from a backup, or move it away to start afresh")]
    Corrupt { path: String },
    #[error("cannot open the database {path}: {message}")]
    Open { path: String, message: String },
    #[error("updating the schema of {path} failed, and that step was rolled back: {message}")]
    Migration { path: String, message: String },
    #[error("the database {path} was changed by a newer sipbot (it has migration {version}, unknown to this one)")]
    TooNew { path: String, version: i64 },
    #[error("cannot connect to PostgreSQL at {server}: {message}. Check that it runs and listens there, and the user, password and database of DATABASE_URL")]
    Connect { server: String, message: String },
    #[error("PostgreSQL at {server} did not answer in time (restarting, overloaded or unreachable); retried later")]
    Unavailable { server: String },
    #[error("database error on {path}: {message}")]
    Other { path: String, message: String },
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{0} is not a SIP response code (100 to 699)")]
    NotACode(u16),
}

/// SQLite's primary result codes that deserve their own message.
const BUSY: i32 = 5;
const LOCKED: i32 = 6;
const READONLY: i32 = 8;
const CORRUPT: i32 = 11;
const FULL: i32 = 13;
const CANTOPEN: i32 = 14;
const NOTADB: i32 = 26;

impl StoreError {
    /// Sorts an sqlx error into a case, naming the file.
    pub(crate) fn from_sqlx(path: &str, e: &sqlx::Error) -> StoreError {
        let path = path.to_string();
        let code = match e {
            sqlx::Error::Database(db) => db
                .code()
                .and_then(|c| c.parse::<i32>().ok())
                .map(|c| c & 0xff),
            _ => None,
        };
        match code {
            Some(BUSY | LOCKED) => StoreError::Locked { path },
            Some(READONLY) => StoreError::ReadOnly { path },
            Some(FULL) => StoreError::Full { path },
            Some(CORRUPT | NOTADB) => StoreError::Corrupt { path },
            Some(CANTOPEN) => StoreError::Open {
                path,
                message: e.to_string(),
            },
            _ => match e {
                sqlx::Error::PoolTimedOut => StoreError::Locked { path },
                sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                    StoreError::ReadOnly { path }
                }
                _ => StoreError::Other {
                    path,
                    message: e.to_string(),
                },
            },
        }
    }

    /// Sorts a failed migration, with the backend's own sorting of errors (`from_sqlx`,
    /// `from_pg`).
    pub(crate) fn from_migrate(
        path: &str,
        e: sqlx::migrate::MigrateError,
        sort: fn(&str, &sqlx::Error) -> StoreError,
    ) -> StoreError {
        use sqlx::migrate::MigrateError as M;
        match e {
            M::Execute(inner) | M::ExecuteMigration(inner, _) => match sort(path, &inner) {
                StoreError::Other { path, message } => StoreError::Migration { path, message },
                other => other,
            },
            M::VersionMissing(version) => StoreError::TooNew {
                path: path.to_string(),
                version,
            },
            other => StoreError::Migration {
                path: path.to_string(),
                message: other.to_string(),
            },
        }
    }
}

impl StoreError {
    /// Sorts a PostgreSQL error into a case, naming the server (`host:port/database`).
    pub(crate) fn from_pg(server: &str, e: &sqlx::Error) -> StoreError {
        let server = server.to_string();
        match e {
            sqlx::Error::PoolTimedOut => StoreError::Unavailable { server },
            sqlx::Error::Io(_) | sqlx::Error::Tls(_) => StoreError::Connect {
                server,
                message: e.to_string(),
            },
            // Class 08 (connection exception) and 57P (the server shutting down or starting).
            sqlx::Error::Database(db)
                if db
                    .code()
                    .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")) =>
            {
                StoreError::Connect {
                    server,
                    message: db.message().to_string(),
                }
            }
            _ => StoreError::Other {
                path: server,
                message: e.to_string(),
            },
        }
    }
}
