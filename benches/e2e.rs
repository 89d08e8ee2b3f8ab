//! End to end over loopback: the real `sipbot` binary (a child process, so its memory is its
//! own) against the fake Discord of the integration tests, in this process.
//!
//! For 1 and for 1,000 servers (a full GUILD_CREATE each) it measures the time from starting
//! the process to READY handled (the fake receives the command registration, which poise sends
//! when it handles READY) and the idle RSS once the servers are in the cache. With 1 server
//! it then sends N auto-explain messages at R per second, each in its own channel (so the
//! cooldown and the per-channel cap never hold a reply back), and measures the time from the
//! gateway event sent to the reply's REST request received (p50, p99, max), the bot's CPU
//! time per message and its peak RSS.
//!
//! `cargo bench --bench e2e` (env: `E2E_MESSAGES`, default 2000; `E2E_RATE`, default 200;
//! `DATABASE_URL`, default a new SQLite file per run, e.g. `postgres://…` to measure that).
//! Numbers go in BENCHMARKS.md.

#[path = "../tests/sipbot/fake_discord.rs"]
#[allow(dead_code)]
mod fake_discord;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_discord::{Fake, Request, ALICE, APP_ID, GUILD, TOKEN};
use serde_json::json;

/// The bot's memory and CPU, from /proc.
struct Proc {
    pid: u32,
}

impl Proc {
    fn status_kb(&self, key: &str) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid)).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    fn rss_mib(&self) -> f64 {
        self.status_kb("VmRSS:") as f64 / 1024.0
    }

    fn hwm_mib(&self) -> f64 {
        self.status_kb("VmHWM:") as f64 / 1024.0
    }

    /// User + system CPU seconds so far.
    fn cpu_secs(&self) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).unwrap_or_default();
        // Fields after the command name (which may hold spaces) start at state, field 3.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        // utime and stime are fields 14 and 15: indexes 11 and 12 after the state.
        (ticks(11) + ticks(12)) / clock_ticks()
    }
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

fn is_registration(r: &Request) -> bool {
    r.method == "PUT" && r.path == format!("/applications/{APP_ID}/guilds/{GUILD}/commands")
}

fn spawn_bot(fake: &Fake, dir: &std::path::Path, db: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_sipbot"))
        .arg("run")
        // No .env from the developer's tree: the environment below is the whole config, and
        // the database is `db` (by default `sipbot.db`, a new file in a directory of this run).
        .current_dir(dir)
        .env("DISCORD_TOKEN", TOKEN)
        .env("DISCORD_API_BASE", fake.base())
        .env("SIPBOT_DEV_GUILD", GUILD.to_string())
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start target/release/sipbot")
}

fn stop(mut child: Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

async fn scenario(guilds: usize, messages: usize, rate: u64) {
    let fake = Fake::start().await;
    fake.serve_guilds(guilds);
    let dir = tempfile::tempdir().expect("a temporary directory");
    // The bot's database: DATABASE_URL when set (a PostgreSQL database, which the child
    // inherits; it may hold counts of earlier runs), else a new SQLite file of this run.
    let db = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("sipbot.db").display()));
    let counted_before = if messages > 0 && db.starts_with("postgres") {
        counted(&db).await
    } else {
        0
    };
    let t0 = Instant::now();
    let child = spawn_bot(&fake, dir.path(), &db);
    let bot = Proc { pid: child.id() };
    let registered = fake.wait_for(30, is_registration).await;
    let ready_sent = fake.ready_at().unwrap_or(registered.at);
    fake.wait_connected(5).await;
    println!("servers: {guilds}");
    println!(
        "  start → READY sent by the fake: {}; start → READY handled (registration PUT): {}",
        ms(ready_sent - t0),
        ms(registered.at - t0)
    );
    // Let the GUILD_CREATEs be parsed and cached; then the memory is what an idle bot holds.
    let settle = Duration::from_millis(1500 + guilds as u64 * 2);
    tokio::time::sleep(settle).await;
    println!(
        "  idle RSS after READY and {guilds} GUILD_CREATE: {:.1} MiB (peak so far {:.1} MiB)",
        bot.rss_mib(),
        bot.hwm_mib()
    );

    if messages > 0 {
        let cpu0 = bot.cpu_secs();
        let base_channel: u64 = 720_000_000_000_000_000;
        let mut sent: HashMap<String, Instant> = HashMap::with_capacity(messages);
        let mut tick = tokio::time::interval(Duration::from_nanos(1_000_000_000 / rate));
        let load0 = Instant::now();
        for i in 0..messages {
            tick.tick().await;
            let channel = base_channel + i as u64;
            let mut m = fake.message(
                fake.new_id(),
                ALICE,
                "the carrier answers SIP/2.0 486 Busy Here on every call, why?",
                Some(GUILD),
            );
            m["channel_id"] = json!(channel.to_string());
            sent.insert(format!("/channels/{channel}/messages"), Instant::now());
            fake.dispatch("MESSAGE_CREATE", m);
        }
        let send_secs = load0.elapsed().as_secs_f64();
        // Wait for every reply (or give up after 15 s).
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut lat: Vec<Duration> = loop {
            // Wait first: copying the fake's record of every request holds its lock and this
            // runtime's only thread, which delayed the reply to the last message by ~20 ms
            // when the copy came right after it was sent (the harness, not the bot).
            tokio::time::sleep(Duration::from_millis(50)).await;
            let replies: Vec<Request> = fake
                .requests()
                .into_iter()
                .filter(|r| r.method == "POST" && sent.contains_key(&r.path))
                .collect();
            if replies.len() >= messages || Instant::now() > deadline {
                // Which message waited longest (its channel id is its number).
                if let Some(r) = replies.iter().max_by_key(|r| r.at - sent[&r.path]) {
                    let n: u64 = r.path.split('/').nth(2).unwrap_or("0").parse().unwrap_or(0);
                    println!(
                        "  slowest reply: message {} of {messages}",
                        n.saturating_sub(base_channel) + 1
                    );
                }
                break replies.iter().map(|r| r.at - sent[&r.path]).collect();
            }
        };
        let cpu = bot.cpu_secs() - cpu0;
        lat.sort();
        println!(
            "  {messages} messages at {rate}/s (sent in {send_secs:.2} s): {} replies; event → reply p50 {}, p99 {}, max {}",
            lat.len(),
            ms(percentile(&lat, 0.50)),
            ms(percentile(&lat, 0.99)),
            ms(lat.last().copied().unwrap_or_default())
        );
        let slow = lat
            .iter()
            .filter(|d| **d > Duration::from_millis(10))
            .count();
        println!(
            "  p90 {}, p95 {}; {slow} replies over 10 ms",
            ms(percentile(&lat, 0.90)),
            ms(percentile(&lat, 0.95))
        );
        println!(
            "  bot CPU: {:.3} s in all, {:.0} µs per message; RSS after {:.1} MiB, peak (VmHWM) {:.1} MiB",
            cpu,
            cpu / messages as f64 * 1e6,
            bot.rss_mib(),
            bot.hwm_mib()
        );
    }
    stop(child);
    if messages > 0 {
        // Counting is batched (written every second and at the stop): every reply counted.
        let counted = counted(&db).await - counted_before;
        println!("  statistics on disk after the stop: {counted} explanations counted");
    }
}

/// Explanations counted in all in the bot's database.
async fn counted(url: &str) -> u64 {
    let store = sipbot::store::Store::open(url)
        .await
        .expect("the bot's database");
    let counted = store
        .top_codes(None, 0, 1000)
        .await
        .expect("statistics")
        .iter()
        .map(|c| c.1)
        .sum();
    store.close().await;
    counted
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    let messages: usize = std::env::var("E2E_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let rate: u64 = std::env::var("E2E_RATE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
        .max(1);
    // Checked here so a payload serenity rejects fails loudly, not as a silently empty cache.
    serde_json::from_value::<poise::serenity_prelude::Guild>(Fake::guild(GUILD, 10))
        .expect("serenity 0.12 parses the fake's GUILD_CREATE");
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "e2e over loopback; load average {} ({} CPUs)",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        scenario(1, messages, rate).await;
        scenario(1000, 0, rate).await;
    });
}
