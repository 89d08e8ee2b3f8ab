//! The store on real databases (issue 5, and issue 18 for PostgreSQL): real SQLite files in
//! temporary folders and databases on a throwaway PostgreSQL server (`crate::pg`). Each test
//! of the API runs on both backends (`sqlite` and `postgres` in a module named after it):
//! round trips, a reopen keeps everything, servers are isolated, concurrent writers lose
//! nothing, a SIGKILL loses no acknowledged change, a failing migration leaves nothing behind.
//! SQLite's own: broken files give clear errors naming them.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sipbot::settings::{AutoMode, Change, GuildSettings};
use sipbot::store::{BatchId, Store, StoreError, MIGRATION_FILES, PG_MIGRATION_FILES};

const G1: u64 = 700_000_000_000_000_001;
const G2: u64 = 700_000_000_000_000_002;
const CH: u64 = 710_000_000_000_000_001;

fn url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

async fn open(path: &Path) -> Store {
    Store::open(&url(path)).await.expect("the store opens")
}

#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A new, empty database: an SQLite file (in a folder that lives as long as this value) or a
/// database on the tests' PostgreSQL server.
pub struct Db {
    pub url: String,
    /// The SQLite file.
    pub file: Option<PathBuf>,
    _dir: Option<tempfile::TempDir>,
}

impl Db {
    /// `None`: PostgreSQL is not installed here (said on stderr; fails under `CI`).
    pub async fn new(kind: Kind) -> Option<Db> {
        Db::named(kind, "sipbot.db").await
    }

    /// An SQLite file at `rel` in the new folder (a PostgreSQL database ignores it).
    pub async fn named(kind: Kind, rel: &str) -> Option<Db> {
        match kind {
            Kind::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let file = dir.path().join(rel);
                Some(Db {
                    url: url(&file),
                    file: Some(file),
                    _dir: Some(dir),
                })
            }
            Kind::Postgres => Some(Db {
                url: crate::pg::database().await?,
                file: None,
                _dir: None,
            }),
        }
    }

    pub async fn open(&self) -> Store {
        Store::open(&self.url).await.expect("the store opens")
    }

    /// What errors name: the file's name, or the PostgreSQL database's.
    fn name(&self) -> String {
        match &self.file {
            Some(f) => f.file_name().unwrap().to_string_lossy().into_owned(),
            None => self.url.rsplit('/').next().unwrap().to_string(),
        }
    }

    /// What `sipbot stats --db` takes: the file, or the URL.
    fn cli_arg(&self) -> String {
        match &self.file {
            Some(f) => f.display().to_string(),
            None => self.url.clone(),
        }
    }
}

/// Runs `async fn $name(kind: Kind)` as two tests, `$name::sqlite` and `$name::postgres`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(super::Kind::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(super::Kind::Postgres).await
            }
        }
    )*};
}

on_both_backends!(
    settings_notes_and_stats_survive_a_reopen,
    two_servers_are_isolated_and_reset_deletes_one,
    invalid_values_are_refused_before_any_write,
    a_removed_server_is_purged_after_the_grace_period_unless_it_comes_back,
    concurrent_writers_on_one_database_lose_nothing,
    a_failing_migration_never_half_applies,
    sipbot_stats_prints_the_top_codes_and_writes_the_chart,
    a_batch_of_counts_sent_twice_counts_once,
);

/// A write can fail after its commit (the connection lost while committing): the tally then
/// sends the same batch again, and the store must add it once.
async fn a_batch_of_counts_sent_twice_counts_once(kind: Kind) {
    let Some(db) = Db::new(kind).await else {
        return;
    };
    let store = db.open().await;
    let batch = BatchId::new();
    let counts = [(G1, 7, 486, 3), (G2, 7, 404, 1)];
    store.add_counts(batch, &counts).await.unwrap();
    store.add_counts(batch, &counts).await.unwrap();
    assert_eq!(store.top_codes(Some(G1), 0, 5).await.unwrap(), [(486, 3)]);
    assert_eq!(store.top_codes(Some(G2), 0, 5).await.unwrap(), [(404, 1)]);
    // Another batch of the same counts is new counts.
    store.add_counts(BatchId::new(), &counts).await.unwrap();
    assert_eq!(store.top_codes(Some(G1), 0, 5).await.unwrap(), [(486, 6)]);
    // Still recognised after a reopen.
    store.close().await;
    let store = db.open().await;
    store.add_counts(batch, &counts).await.unwrap();
    assert_eq!(store.top_codes(Some(G1), 0, 5).await.unwrap(), [(486, 6)]);
    assert_ne!(BatchId::new(), BatchId::new(), "ids are not reused");
    store.close().await;
}

async fn settings_notes_and_stats_survive_a_reopen(kind: Kind) {
    let Some(db) = Db::named(kind, "sub/dir/sipbot.db").await else {
        return;
    };
    let store = db.open().await;
    if let Some(file) = &db.file {
        assert!(file.exists(), "created on first start, folders too");
    }
    assert_eq!(store.settings(G1).await.unwrap(), GuildSettings::default());

    let changes = [
        Change::Auto {
            channel: None,
            mode: AutoMode::Loose,
        },
        Change::Auto {
            channel: Some(CH),
            mode: AutoMode::Off,
        },
        Change::Language(Some("vi".into())),
        Change::Cooldown(0),
        Change::MaxItems(10),
        Change::NoteRole(Some(42)),
    ];
    let mut want = GuildSettings::default();
    for c in &changes {
        c.apply(&mut want);
        assert_eq!(store.change(G1, c).await.unwrap(), want, "after {c:?}");
    }
    store
        .set_note(G1, 403, "Carrier X: out of credit", 1)
        .await
        .unwrap();
    store.set_note(G1, 486, "first", 1).await.unwrap();
    store.set_note(G1, 486, "replaced", 2).await.unwrap();
    // Several counts in one transaction; a code outside 100–699 and a zero count are left out.
    store
        .add_counts(
            BatchId::new(),
            &[
                (G1, 100, 486, 2),
                (G1, 100, 403, 1),
                (G1, 100, 999, 5),
                (G1, 100, 480, 0),
            ],
        )
        .await
        .unwrap();
    store
        .add_counts(BatchId::new(), &[(G1, 101, 486, 1)])
        .await
        .unwrap();
    store
        .add_counts(BatchId::new(), &[(G1, 101, 486, 1)])
        .await
        .unwrap();
    store.close().await;

    let store = db.open().await;
    assert_eq!(store.settings(G1).await.unwrap(), want);
    let notes = store.notes(G1).await.unwrap();
    assert_eq!(
        notes,
        BTreeMap::from([
            (403, "Carrier X: out of credit".to_string()),
            (486, "replaced".to_string())
        ])
    );
    assert_eq!(
        store.top_codes(Some(G1), 100, 10).await.unwrap(),
        [(486, 4), (403, 1)]
    );
    assert_eq!(
        store.top_codes(Some(G1), 101, 10).await.unwrap(),
        [(486, 2)]
    );
    assert!(store.remove_note(G1, 486).await.unwrap());
    assert!(!store.remove_note(G1, 486).await.unwrap());
    assert_eq!(store.notes(G1).await.unwrap().len(), 1);
}

async fn two_servers_are_isolated_and_reset_deletes_one(kind: Kind) {
    let Some(db) = Db::new(kind).await else {
        return;
    };
    let store = db.open().await;
    store.change(G1, &Change::Cooldown(1)).await.unwrap();
    store.set_note(G1, 486, "g1 only", 0).await.unwrap();
    store
        .add_counts(BatchId::new(), &[(G1, 5, 486, 1)])
        .await
        .unwrap();
    store
        .add_counts(BatchId::new(), &[(G2, 5, 404, 1)])
        .await
        .unwrap();
    assert_eq!(store.settings(G2).await.unwrap(), GuildSettings::default());
    assert!(store.notes(G2).await.unwrap().is_empty());
    assert_eq!(store.top_codes(Some(G2), 0, 5).await.unwrap(), [(404, 1)]);
    assert_eq!(store.top_codes(None, 0, 5).await.unwrap().len(), 2);

    store.reset_guild(G1).await.unwrap();
    assert_eq!(store.settings(G1).await.unwrap(), GuildSettings::default());
    assert!(store.notes(G1).await.unwrap().is_empty());
    assert!(store.top_codes(Some(G1), 0, 5).await.unwrap().is_empty());
    assert_eq!(store.top_codes(Some(G2), 0, 5).await.unwrap(), [(404, 1)]);
}

async fn invalid_values_are_refused_before_any_write(kind: Kind) {
    let Some(db) = Db::new(kind).await else {
        return;
    };
    let store = db.open().await;
    assert!(matches!(
        store.change(G1, &Change::Cooldown(1441)).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.set_note(G1, 486, &"x".repeat(501), 0).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.set_note(G1, 99, "x", 0).await,
        Err(StoreError::NotACode(99))
    ));
    assert_eq!(store.settings(G1).await.unwrap(), GuildSettings::default());
}

async fn a_removed_server_is_purged_after_the_grace_period_unless_it_comes_back(kind: Kind) {
    let Some(db) = Db::new(kind).await else {
        return;
    };
    let store = db.open().await;
    store.set_note(G1, 486, "a", 0).await.unwrap();
    store.set_note(G2, 486, "b", 0).await.unwrap();
    store.mark_removed(G1, 1_000).await.unwrap();
    store.mark_removed(G2, 1_000).await.unwrap();
    assert!(store.cancel_removal(G2).await.unwrap(), "G2 came back");
    assert!(
        store.purge_removed(999).await.unwrap().is_empty(),
        "not yet"
    );
    assert_eq!(store.purge_removed(1_000).await.unwrap(), [G1]);
    assert!(store.notes(G1).await.unwrap().is_empty());
    assert_eq!(store.notes(G2).await.unwrap().len(), 1);
}

async fn concurrent_writers_on_one_database_lose_nothing(kind: Kind) {
    let Some(db) = Db::new(kind).await else {
        return;
    };
    // Two stores on the same database, as two processes would have, each with its pool.
    let a = db.open().await;
    let b = db.open().await;
    let mut tasks = Vec::new();
    for i in 0..40u64 {
        let s = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            for _ in 0..10 {
                // The same (server, day, code) from both, twice in one batch too.
                s.add_counts(
                    BatchId::new(),
                    &[
                        (G1, 1, 486, 1),
                        (G2, 1, 404, 2),
                        (G1, 1, 486, 0),
                        (G2, 1, 404, 1),
                    ],
                )
                .await
                .unwrap();
            }
            s.set_note(G1, 400 + i as u16, &format!("note {i}"), 0)
                .await
                .unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(a.top_codes(Some(G1), 0, 1).await.unwrap(), [(486, 400)]);
    assert_eq!(b.top_codes(Some(G2), 0, 1).await.unwrap(), [(404, 1200)]);
    assert_eq!(b.notes(G1).await.unwrap().len(), 40);
}

#[tokio::test]
async fn a_corrupt_file_is_a_clear_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("garbage.db");
    std::fs::write(&file, vec![0x5au8; 8192]).unwrap();
    let err = Store::open(&url(&file)).await.unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("garbage.db") && text.contains("corrupt"),
        "{text}"
    );

    // A real database whose pages were overwritten.
    let file = dir.path().join("damaged.db");
    let store = open(&file).await;
    store.set_note(G1, 486, "x", 0).await.unwrap();
    store.close().await;
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", file.display()));
    }
    let mut bytes = std::fs::read(&file).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0xff;
    }
    std::fs::write(&file, bytes).unwrap();
    let err = Store::open(&url(&file)).await.unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("damaged.db"), "{err}");
}

#[tokio::test]
async fn a_read_only_file_is_a_clear_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("frozen.db");
    open(&file).await.close().await;
    let mut perms = std::fs::metadata(&file).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&file, perms).unwrap();
    let err = Store::open(&url(&file)).await.unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("frozen.db") && text.contains("read-only"),
        "{text}"
    );

    // Opened read-only on purpose (mode=ro), a write says so too.
    let ro = format!("sqlite://{}?mode=ro", dir.path().join("ro.db").display());
    open(&dir.path().join("ro.db")).await.close().await;
    let store = Store::open(&ro).await.expect("reading is fine");
    let err = store.change(G1, &Change::Cooldown(3)).await.unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("ro.db"), "{err}");
}

async fn a_failing_migration_never_half_applies(kind: Kind) {
    let Some(db) = Db::named(kind, "m.db").await else {
        return;
    };
    let u = db.url.clone();
    static BROKEN: &[(&str, &str)] = &[
        ("0001_ok.sql", "CREATE TABLE first (x INTEGER);"),
        (
            "0002_broken.sql",
            "CREATE TABLE half (x INTEGER); INSERT INTO first VALUES (1); THIS IS NOT SQL;",
        ),
    ];
    let err = Store::open_with_migrations(&u, BROKEN).await.unwrap_err();
    assert!(matches!(err, StoreError::Migration { .. }), "{err:?}");
    assert!(err.to_string().contains(&db.name()), "{err}");
    // Read with a plain connection: `half` and the inserted row must not exist.
    let (tables, rows) = match &db.file {
        Some(file) => (sqlite_tables(file), sqlite_count(file, "first")),
        None => pg_tables_and_rows(&u, "first").await,
    };
    assert!(tables.contains(&"first".to_string()), "{tables:?}");
    assert!(!tables.contains(&"half".to_string()), "{tables:?}");
    assert_eq!(rows, 0);
}

/// The tables of a PostgreSQL database and the rows of one, read without `Store`.
async fn pg_tables_and_rows(url: &str, table: &str) -> (Vec<String>, i64) {
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::TEXT FROM information_schema.tables
         WHERE table_schema = 'public' ORDER BY 1",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&mut c)
        .await
        .unwrap();
    (tables, rows)
}

/// Table names, read with a plain connection (not through `Store`).
fn sqlite_tables(file: &Path) -> Vec<String> {
    query_strings(
        file,
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )
}

fn sqlite_count(file: &Path, table: &str) -> i64 {
    query_strings(file, &format!("SELECT COUNT(*) FROM {table}"))[0]
        .parse()
        .unwrap()
}

fn query_strings(file: &Path, sql: &str) -> Vec<String> {
    use sqlx::{Connection, Row};
    let sql = sql.to_string();
    let url = url(file);
    std::thread::spawn(move || {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(async move {
                let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
                let rows = sqlx::query(&sql).fetch_all(&mut c).await.unwrap();
                rows.iter()
                    .map(|r| {
                        r.try_get::<String, _>(0)
                            .or_else(|_| r.try_get::<i64, _>(0).map(|n| n.to_string()))
                            .unwrap()
                    })
                    .collect()
            })
    })
    .join()
    .unwrap()
}

#[test]
fn the_embedded_migrations_are_numbered_and_transactional() {
    assert!(!MIGRATION_FILES.is_empty() && !PG_MIGRATION_FILES.is_empty());
    let sqlite = MIGRATION_FILES.iter().enumerate();
    for (i, (name, sql)) in sqlite.chain(PG_MIGRATION_FILES.iter().enumerate()) {
        assert!(
            name.starts_with(&format!("{:04}_", i + 1)),
            "{name}: migrations are numbered 0001_, 0002_… without gaps"
        );
        assert!(
            !sql.contains("no-transaction"),
            "{name}: every migration runs in a transaction"
        );
    }
}

/// The child side of the SIGKILL test: writes until killed, printing each acknowledged write.
#[tokio::test]
async fn sigkill_child_writer() {
    let Ok(url) = std::env::var("SIPBOT_SIGKILL_DB") else {
        return; // only runs as the child of the test below
    };
    let store = Store::open(&url).await.unwrap();
    for i in 0..100_000u32 {
        let code = 100 + (i % 600) as u16;
        store
            .set_note(G1, code, &format!("ack {i}"), i64::from(i))
            .await
            .unwrap();
        store
            .add_counts(BatchId::new(), &[(G1, 1, 486, 1)])
            .await
            .unwrap();
        println!("ack {i}");
    }
}

#[test]
fn a_sigkill_in_the_middle_of_writes_loses_no_acknowledged_change() {
    sigkill_in_the_middle_of_writes(Kind::Sqlite);
}

#[test]
fn a_sigkill_in_the_middle_of_writes_loses_no_acknowledged_change_on_postgres() {
    sigkill_in_the_middle_of_writes(Kind::Postgres);
}

fn sigkill_in_the_middle_of_writes(kind: Kind) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = rt.block_on(Db::new(kind)) else {
        return;
    };
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "store::sigkill_child_writer", "--nocapture"])
        .env("SIPBOT_SIGKILL_DB", &db.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut last = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("ack ") {
            last = Some(n.parse::<u32>().unwrap());
            if last >= Some(200) {
                break;
            }
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no checkpoint
    for line in lines.map_while(Result::ok) {
        if let Some(n) = line.strip_prefix("ack ") {
            last = Some(n.parse().unwrap());
        }
    }
    let _ = child.wait();
    let last = last.expect("the child acknowledged writes");
    rt.block_on(async {
        let store = db.open().await;
        let notes = store.notes(G1).await.unwrap();
        let code = 100 + (last % 600) as u16;
        assert_eq!(
            notes.get(&code).map(String::as_str),
            Some(format!("ack {last}").as_str())
        );
        let counted = store.top_codes(Some(G1), 0, 1).await.unwrap()[0].1;
        assert!(
            counted > u64::from(last),
            "{counted} counts for {last} acks"
        );
    });
}

async fn sipbot_stats_prints_the_top_codes_and_writes_the_chart(kind: Kind) {
    let Some(db) = Db::named(kind, "bot.db").await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = db.open().await;
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        / 86_400;
    store
        .add_counts(BatchId::new(), &[(G1, today, 486, 1), (G1, today, 403, 1)])
        .await
        .unwrap();
    store
        .add_counts(BatchId::new(), &[(G1, today - 1, 486, 1)])
        .await
        .unwrap();
    store
        .add_counts(BatchId::new(), &[(G2, today, 404, 1)])
        .await
        .unwrap();
    store
        .add_counts(BatchId::new(), &[(G1, today - 40, 500, 1)])
        .await
        .unwrap();
    store.close().await;
    let png = dir.path().join("chart.png");
    let out = crate::support::bin()
        .args(["stats", "--db"])
        .arg(db.cli_arg())
        .args(["--days", "7", "--guild", &G1.to_string(), "--png"])
        .arg(&png)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("486 Busy Here") && text.contains("— 2"),
        "{text}"
    );
    assert!(text.contains("403 Forbidden"), "{text}");
    assert!(!text.contains("404") && !text.contains("500"), "{text}");
    assert_eq!(&std::fs::read(&png).unwrap()[..4], b"\x89PNG");

    // All servers, and a missing file: a clear error, no file created.
    let all = crate::support::bin()
        .args(["stats", "--db"])
        .arg(db.cli_arg())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&all.stdout).contains("404 Not Found"));
    let missing = dir.path().join("nope.db");
    let out = crate::support::bin()
        .args(["stats", "--db"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.db"));
    assert!(!missing.exists());
}
