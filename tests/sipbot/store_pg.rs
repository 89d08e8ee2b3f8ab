//! Issue 18, the store on a real PostgreSQL server: a change made through one store reaches
//! every other store's subscribers as it commits; one process at a time purges; an
//! unreachable server is a clear error naming host and port (never the password); a server
//! restarted under the store loses nothing acknowledged, counts not written are written
//! later, and the subscribers are told to drop everything once the notices flow again.

use std::time::Duration;

use sipbot::discord::tally::Tally;
use sipbot::settings::{AutoMode, Change};
use sipbot::store::{BatchId, Invalidation, Store, StoreError, PURGE_LOCK};
use tokio::sync::broadcast;

use crate::pg::{self, Cluster};

const G1: u64 = 700_000_000_000_000_001;
const G2: u64 = 700_000_000_000_000_002;

/// The next notice, within a few seconds.
async fn next(rx: &mut broadcast::Receiver<Invalidation>) -> Invalidation {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("a notice within 5 s")
        .expect("the notices go on")
}

/// Waits until the listener is up (it says "drop everything" first).
async fn listening(store: &Store) -> broadcast::Receiver<Invalidation> {
    let mut rx = store.subscribe();
    assert_eq!(next(&mut rx).await, Invalidation { guild: None });
    rx
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_through_one_store_reaches_the_others_subscribers() {
    let Some(url) = pg::database().await else {
        return;
    };
    let a = Store::open(&url).await.unwrap();
    let b = Store::open(&url).await.unwrap();
    let mut rx = listening(&b).await;
    let some = |g| Invalidation { guild: Some(g) };

    a.change(G1, &Change::Cooldown(3)).await.unwrap();
    assert_eq!(next(&mut rx).await, some(G1));
    let channel = Change::Auto {
        channel: Some(42),
        mode: AutoMode::Off,
    };
    a.change(G2, &channel).await.unwrap();
    assert_eq!(next(&mut rx).await, some(G2));
    a.set_note(G1, 486, "ring the carrier", 0).await.unwrap();
    assert_eq!(next(&mut rx).await, some(G1));
    assert!(a.remove_note(G1, 486).await.unwrap());
    assert_eq!(next(&mut rx).await, some(G1));
    // Counts are not cached anywhere: writing them says nothing.
    a.add_counts(BatchId::new(), &[(G1, 1, 486, 1)])
        .await
        .unwrap();
    a.reset_guild(G2).await.unwrap();
    assert_eq!(next(&mut rx).await, some(G2), "counts notified nothing");
    a.mark_removed(G1, 5).await.unwrap();
    assert_eq!(next(&mut rx).await, some(G1));
    // A change by hand in psql is seen too (the triggers are in the database).
    raw(
        &url,
        &format!("UPDATE guilds SET max_items = 2 WHERE guild_id = {G1}"),
    )
    .await;
    assert_eq!(next(&mut rx).await, some(G1));
    assert_eq!(b.settings(G1).await.unwrap().max_items, 2);
    a.close().await;
    b.close().await;
}

/// One statement on a plain connection (not through `Store`).
async fn raw(url: &str, sql: &str) {
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query(sql).execute(&mut c).await.unwrap();
    let _ = c.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_process_at_a_time_purges_removed_servers() {
    use sqlx::Connection;
    let Some(url) = pg::database().await else {
        return;
    };
    let store = Store::open(&url).await.unwrap();
    store.set_note(G1, 486, "a", 0).await.unwrap();
    store.mark_removed(G1, 1_000).await.unwrap();
    // Another process is purging: it holds the lock.
    let mut other = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(PURGE_LOCK)
        .execute(&mut other)
        .await
        .unwrap();
    assert!(store.purge_removed(2_000).await.unwrap().is_empty());
    assert_eq!(store.notes(G1).await.unwrap().len(), 1, "left to the other");
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(PURGE_LOCK)
        .execute(&mut other)
        .await
        .unwrap();
    assert_eq!(store.purge_removed(2_000).await.unwrap(), [G1]);
    assert!(store.notes(G1).await.unwrap().is_empty());
    store.close().await;
}

/// Needs no PostgreSQL: nothing listens on the port.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_is_a_clear_error_naming_host_and_port_never_the_password() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("postgres://sipbot:hunter2-secret@127.0.0.1:{port}/sipbot");
    let err = Store::open(&url).await.unwrap_err();
    assert!(matches!(err, StoreError::Connect { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    assert!(!text.contains("hunter2"), "the password leaked: {text}");

    // The bot: exit 1, host and port named, before any call to Discord.
    let dir = tempfile::tempdir().unwrap();
    let run = {
        let url = url.clone();
        let cwd = dir.path().to_path_buf();
        tokio::task::spawn_blocking(move || {
            crate::support::bin()
                .arg("run")
                .env("DISCORD_TOKEN", crate::fake_discord::TOKEN)
                .env("DISCORD_API_BASE", "http://127.0.0.1:9")
                .env("DATABASE_URL", url)
                .current_dir(cwd)
                .output()
                .unwrap()
        })
    };
    let out = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("sipbot gives up")
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot connect to PostgreSQL at 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "the password leaked: {stderr}");
    assert!(
        !stderr.contains("Discord"),
        "the database comes first: {stderr}"
    );

    // `sipbot stats` on it: exit 2, the same clear error.
    let out = crate::support::bin()
        .args(["stats", "--db", &url])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

/// A server of its own: the restart would disturb the other tests' databases.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_server_loses_nothing_acknowledged_and_the_caches_are_dropped() {
    let Some(cluster) = tokio::task::spawn_blocking(Cluster::start).await.unwrap() else {
        return;
    };
    let url = cluster.database().await;
    let store = Store::open(&url).await.unwrap();
    let mut rx = listening(&store).await;
    store.set_note(G1, 486, "before", 0).await.unwrap();
    assert_eq!(next(&mut rx).await.guild, Some(G1));
    store
        .add_counts(BatchId::new(), &[(G1, 1, 486, 1)])
        .await
        .unwrap();

    // Restarted (fast shutdown: open connections are cut) while the bot's own tally counts
    // one code every 50 ms and writes once per count; a failed batch is kept whole, with its
    // id, and sent first next time.
    let tally = std::sync::Arc::new(Tally::default());
    let writer = {
        let (store, tally) = (store.clone(), tally.clone());
        tokio::spawn(async move {
            for _ in 0..60 {
                tally.add(G1, 1, &[486]);
                tally.flush(&store).await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(600)).await;
    let c = &cluster;
    tokio::task::block_in_place(|| c.pg_ctl("restart"));
    writer.await.unwrap();
    // What failed during the restart is written by the next flushes.
    let mut written = 0;
    for _ in 0..100 {
        tally.flush(&store).await;
        written = store
            .top_codes(Some(G1), 0, 1)
            .await
            .map_or(0, |t| t.first().map_or(0, |c| c.1));
        if written >= 61 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(written, 61, "every count written");
    tally.flush(&store).await;

    // Once the notices flow again: "drop everything" (any change meanwhile was missed).
    loop {
        if next(&mut rx).await.guild.is_none() {
            break;
        }
    }
    assert_eq!(
        store.notes(G1).await.unwrap().get(&486).map(String::as_str),
        Some("before")
    );
    assert_eq!(
        store.top_codes(Some(G1), 0, 1).await.unwrap(),
        [(486, 61)],
        "nothing lost, nothing doubled"
    );
    // And new changes are heard again.
    store.set_note(G1, 486, "after", 1).await.unwrap();
    assert_eq!(next(&mut rx).await.guild, Some(G1));
    store.close().await;
}
