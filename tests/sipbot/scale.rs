//! Issue 18 end to end: two real `sipbot` processes (`SHARDS=0/2` and `SHARDS=1/2`, each on
//! its own fake Discord gateway) sharing one real PostgreSQL database. A setting changed
//! through shard 0 applies to the next message on shard 1, a note set through shard 1 shows on
//! shard 0, counts from both appear once in `sipbot stats`, a process killed with SIGKILL and
//! restarted has lost nothing acknowledged, and PostgreSQL restarted under load loses nothing
//! acknowledged (every answered message counted exactly once).

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use sipbot::catalogue::Lang;
use sipbot::store::Store;

use crate::fake_discord::{Fake, ALICE, APP_ID, GUILD, TOKEN};
use crate::pg::{self, Cluster};
use crate::support::cat;

/// Manage Server (1 << 5).
const ADMIN: &str = "32";
/// The Vietnamese title of an auto reply listing codes.
const VI_TITLE: &str = "Các mã SIP trong tin nhắn này";

/// One `sipbot run` process and its fake Discord.
struct Shard {
    fake: Fake,
    child: Child,
    log: PathBuf,
}

/// A test that fails leaves no sipbot running.
impl Drop for Shard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Shard {
    /// Starts `sipbot run` with `SHARDS=shards` on a fresh fake, and waits until it is
    /// connected (and, for shard 0, has registered the commands).
    async fn start(shards: &str, url: &str, dir: &Path) -> Shard {
        let fake = Fake::start().await;
        let log = dir.join(format!("sipbot-{}.log", shards.replace('/', "of")));
        let child = crate::support::bin()
            .arg("run")
            .current_dir(dir)
            .env("DISCORD_TOKEN", TOKEN)
            .env("DISCORD_API_BASE", fake.base())
            .env("SIPBOT_DEV_GUILD", GUILD.to_string())
            .env("SHARDS", shards)
            .env("DATABASE_URL", url)
            .env("RUST_LOG", "sipbot=info,serenity=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start sipbot");
        let shard = Shard { fake, child, log };
        if shards.starts_with("0/") {
            let path = format!("/applications/{APP_ID}/guilds/{GUILD}/commands");
            shard
                .fake
                .wait_for(30, |r| r.method == "PUT" && r.path == path)
                .await;
        }
        shard.fake.wait_connected(30).await;
        shard
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM, and waits for a clean exit (the last counts are written on the way out).
    async fn stop(mut self) -> String {
        let pid = self.child.id().to_string();
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status();
        for _ in 0..150 {
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = self.log();
                assert!(status.success(), "sipbot {pid} exited {status}: {log}");
                return log;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("sipbot did not stop within 15 s: {}", self.log());
    }

    /// SIGKILL: no destructor, no last write.
    fn kill(mut self) {
        self.child.kill().unwrap();
        let _ = self.child.wait();
    }

    /// `/sip <path…> <options>` by Alice (Manage Server); the interaction callback's body.
    async fn slash(&self, path: &[&str], options: Value) -> Value {
        let mut opts = options;
        for (depth, name) in path.iter().enumerate().rev() {
            let kind = if depth == path.len() - 1 { 1 } else { 2 };
            opts = json!([{"name": name, "type": kind, "options": opts}]);
        }
        let data = json!({"id": "1", "name": "sip", "type": 1, "options": opts});
        let i = self.fake.interaction(2, data, "en-US", ALICE, ADMIN);
        self.fake.dispatch("INTERACTION_CREATE", i.clone());
        let path = format!(
            "/interactions/{}/{}/callback",
            i["id"].as_str().unwrap(),
            i["token"].as_str().unwrap()
        );
        self.fake
            .wait_for(15, |r| r.method == "POST" && r.path == path)
            .await
            .body
    }

    /// Posts `text` in a channel of its own (no cooldown, no cap) without waiting; its id.
    fn post(&self, text: &str) -> String {
        let id = self.fake.new_id();
        let mut m = self.fake.message(id, ALICE, text, Some(GUILD));
        m["channel_id"] = json!(self.fake.new_id().to_string());
        self.fake.dispatch("MESSAGE_CREATE", m);
        id.to_string()
    }

    /// Posts `text` and waits for the auto reply.
    async fn reply_to(&self, text: &str) -> Value {
        let id = self.post(text);
        self.fake
            .wait_for(15, |r| r.method == "POST" && r.answers(&id))
            .await
            .body
    }

    /// How many of `ids` were answered.
    fn answered(&self, ids: &[String]) -> usize {
        let requests = self.fake.requests();
        ids.iter()
            .filter(|id| requests.iter().any(|r| r.method == "POST" && r.answers(id)))
            .count()
    }
}

fn title(body: &Value) -> &str {
    body["embeds"][0]["title"].as_str().unwrap_or("")
}

/// The team note on a `/sip code` answer (in English or Vietnamese), if any.
fn note_on(answer: &Value) -> Option<String> {
    let vi = cat().lang("vi").expect("Vietnamese");
    let names = [Lang::BASE, vi].map(|l| cat().t(l, "note-field"));
    answer["data"]["embeds"][0]["fields"]
        .as_array()?
        .iter()
        .find(|f| {
            f["name"]
                .as_str()
                .is_some_and(|n| names.iter().any(|m| n.contains(m.as_str())))
        })
        .and_then(|f| f["value"].as_str())
        .map(str::to_string)
}

async fn ask_code(shard: &Shard, code: &str) -> Value {
    shard
        .slash(
            &["code"],
            json!([{"name": "query", "type": 3, "value": code}]),
        )
        .await
}

/// `sipbot stats --db <url> --guild GUILD --days 1`: the count printed for `title`.
fn stats_count(url: &str, title: &str) -> u64 {
    let out = crate::support::bin()
        .args([
            "stats",
            "--db",
            url,
            "--days",
            "1",
            "--guild",
            &GUILD.to_string(),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = text
        .lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("no {title} in {text}"));
    line.rsplit("— ")
        .next()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count in {line:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_settings_notes_and_counts_and_survive_a_sigkill() {
    let Some(url) = pg::database().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let zero = Shard::start("0/2", &url, dir.path()).await;
    let one = Shard::start("1/2", &url, dir.path()).await;

    // Shard 1 answers in English and caches the server's settings.
    let before = one.reply_to("SIP/2.0 486 Busy Here").await;
    assert_ne!(title(&before), VI_TITLE, "{before}");
    // Vietnamese, set through shard 0: the next message on shard 1 is answered in it.
    let set = zero
        .slash(
            &["settings", "language"],
            json!([{"name": "lang", "type": 4, "value": 2}]),
        )
        .await;
    assert_eq!(set["type"], 4, "{set}");
    // The change notice is delivered after the commit, a moment after the acknowledgement
    // (PostgreSQL NOTIFY): give it that moment, as a person typing the next message would.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let after = one.reply_to("SIP/2.0 486 Busy Here").await;
    assert_eq!(title(&after), VI_TITLE, "{after}\n{}", one.log());

    // Shard 0 has read (and cached) the server's notes: none on 403.
    assert_eq!(note_on(&ask_code(&zero, "403").await), None);
    let note = "Carrier X: 403 here means out of credit";
    let saved = one
        .slash(
            &["note", "set"],
            json!([{"name": "code", "type": 3, "value": "403"},
                   {"name": "text", "type": 3, "value": note}]),
        )
        .await;
    assert_eq!(note_on(&saved).as_deref(), Some(note), "{saved}");
    // The notice reaches shard 0 a moment after the acknowledgement: it must within 5 s
    // (without the notice, shard 0 keeps its cached "no note" until it restarts).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut seen = note_on(&ask_code(&zero, "403").await);
    while seen.as_deref() != Some(note) && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        seen = note_on(&ask_code(&zero, "403").await);
    }
    assert_eq!(seen.as_deref(), Some(note), "{}", zero.log());

    // Counts of the same code on the same day from both processes.
    let mut ids = Vec::new();
    for k in 0..7 {
        let shard = if k % 2 == 0 { &zero } else { &one };
        ids.push(shard.reply_to("SIP/2.0 503 Service Unavailable").await);
    }
    // Counts are written within a second (a SIGKILL may lose that second, by design): let
    // shard 1's be written before it is killed, so the total below is exact.
    tokio::time::sleep(Duration::from_millis(1_500)).await;

    // A note acknowledged by shard 1, then SIGKILL at once: a restarted shard 1 has it.
    let kept = "Kept through a SIGKILL";
    let saved = one
        .slash(
            &["note", "set"],
            json!([{"name": "code", "type": 3, "value": "404"},
                   {"name": "text", "type": 3, "value": kept}]),
        )
        .await;
    assert_eq!(note_on(&saved).as_deref(), Some(kept), "{saved}");
    one.kill();
    let one = Shard::start("1/2", &url, dir.path()).await;
    assert_eq!(note_on(&ask_code(&one, "404").await).as_deref(), Some(kept));
    assert_eq!(note_on(&ask_code(&one, "403").await).as_deref(), Some(note));
    let again = one.reply_to("SIP/2.0 480 Temporarily Unavailable").await;
    assert_eq!(title(&again), VI_TITLE, "the setting survived too");

    zero.stop().await;
    one.stop().await;
    assert_eq!(
        stats_count(&url, "503 Service Unavailable"),
        ids.len() as u64
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_under_load_loses_nothing_acknowledged() {
    // A server of its own: restarting the shared one would disturb the other tests.
    let Some(cluster) = tokio::task::spawn_blocking(Cluster::start).await.unwrap() else {
        return;
    };
    let url = cluster.database().await;
    let dir = tempfile::tempdir().unwrap();
    let zero = Shard::start("0/2", &url, dir.path()).await;
    let one = Shard::start("1/2", &url, dir.path()).await;
    let note = "Acknowledged before the restart";
    let saved = one
        .slash(
            &["note", "set"],
            json!([{"name": "code", "type": 3, "value": "486"},
                   {"name": "text", "type": 3, "value": note}]),
        )
        .await;
    assert_eq!(note_on(&saved).as_deref(), Some(note));

    // 40 messages a second on the two shards for 3 s; PostgreSQL restarted after 1 s.
    let (mut on_zero, mut on_one) = (Vec::new(), Vec::new());
    let c = &cluster;
    let restart = async {
        tokio::time::sleep(Duration::from_secs(1)).await;
        tokio::task::block_in_place(|| c.pg_ctl("restart"));
    };
    let load = async {
        for k in 0..120 {
            if k % 2 == 0 {
                on_zero.push(zero.post("SIP/2.0 486 Busy Here"));
            } else {
                on_one.push(one.post("SIP/2.0 486 Busy Here"));
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    };
    tokio::join!(restart, load);
    // Every message is answered (the settings were cached; the notices come back).
    for _ in 0..100 {
        if zero.answered(&on_zero) == on_zero.len() && one.answered(&on_one) == on_one.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let replies = zero.answered(&on_zero) + one.answered(&on_one);
    assert_eq!(replies, 120, "{}\n{}", zero.log(), one.log());
    let log = zero.stop().await + &one.stop().await;

    // Each answered message counted exactly once, the note kept.
    assert_eq!(stats_count(&url, "486 Busy Here"), replies as u64, "{log}");
    let store = Store::open(&url).await.unwrap();
    assert_eq!(
        store
            .notes(GUILD)
            .await
            .unwrap()
            .get(&486)
            .map(String::as_str),
        Some(note)
    );
    store.close().await;
    assert!(
        log.contains("listening again") || log.contains("reconnected"),
        "the change notices came back after the restart: {log}"
    );
}
