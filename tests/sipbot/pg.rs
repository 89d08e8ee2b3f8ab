//! A throwaway PostgreSQL server for the tests: `initdb` and `pg_ctl` in a temporary folder, on
//! a free port of 127.0.0.1 (as the `postgres` user when the tests run as root, since
//! PostgreSQL refuses to run as root), removed afterwards. One cluster serves a whole test run
//! ([`shared`]), each test in a database of its own ([`database`]); a test that restarts the
//! server starts its own ([`Cluster::start`]).
//!
//! When PostgreSQL is not installed, the tests that need it say so and pass, unless `CI` is set:
//! then they fail, since CI installs it (`.ci/run`). A small watchdog process removes a cluster
//! whose test process died without cleaning up (a panic, a kill).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

pub struct Cluster {
    /// The temporary folder; the data directory is `data/` in it.
    dir: PathBuf,
    pub port: u16,
    bin: PathBuf,
    /// Run PostgreSQL's programs as this user (root cannot run them).
    user: Option<String>,
}

/// Where `initdb`, `pg_ctl` and `postgres` are: beside the `initdb` on PATH, else the newest
/// Debian `/usr/lib/postgresql/<version>/bin`.
fn bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("initdb"))
            .find(|p| p.is_file())
    });
    if let Some(initdb) = on_path {
        let real = std::fs::canonicalize(&initdb).unwrap_or(initdb);
        let dir = real.parent()?.to_path_buf();
        if dir.join("pg_ctl").is_file() {
            return Some(dir);
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    versions.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Why PostgreSQL tests cannot run here, if they cannot.
fn missing() -> Option<String> {
    if bin_dir().is_none() {
        return Some(
            "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin; \
             `apt-get install postgresql`, or run .ci/run)"
                .into(),
        );
    }
    if is_root() && !Path::new("/usr/sbin/runuser").exists() && !Path::new("/sbin/runuser").exists()
    {
        return Some("running as root without runuser to start PostgreSQL as its user".into());
    }
    None
}

/// The shared cluster, or `None` (said on stderr) when PostgreSQL is not installed; with `CI`
/// set, a missing PostgreSQL fails the test instead.
pub fn shared() -> Option<&'static Cluster> {
    static SHARED: OnceLock<Option<Cluster>> = OnceLock::new();
    SHARED.get_or_init(Cluster::start).as_ref()
}

/// A new, empty database on the shared cluster: its URL (`None`: skipped, see [`shared`]).
pub async fn database() -> Option<String> {
    let cluster = shared()?;
    Some(cluster.database().await)
}

impl Cluster {
    /// Starts a new cluster (see [`shared`] for `None`).
    pub fn start() -> Option<Cluster> {
        if let Some(why) = missing() {
            if std::env::var_os("CI").is_some() {
                panic!("CI is set but the PostgreSQL tests cannot run: {why}");
            }
            eprintln!("SKIPPED: a PostgreSQL test did not run: {why}");
            return None;
        }
        let bin = bin_dir()?;
        let user = is_root().then(|| "postgres".to_string());
        let dir = tempfile::Builder::new()
            .prefix("sipbot-pg-")
            .tempdir()
            .expect("a temporary folder")
            .keep();
        if user.is_some() {
            let out = Command::new("chown")
                .args(["postgres:", &dir.display().to_string()])
                .output()
                .expect("chown");
            assert!(out.status.success(), "chown: {out:?}");
        }
        let cluster = Cluster {
            dir,
            port: free_port(),
            bin,
            user,
        };
        cluster.watchdog();
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ],
        );
        cluster.pg_ctl("start");
        Some(cluster)
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    /// Runs one of PostgreSQL's programs (as its user when we are root); panics with its
    /// output when it fails.
    fn run(&self, program: &str, args: &[&str]) {
        let out = self
            .command(program)
            .args(args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}"));
        assert!(
            out.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `pg_ctl start|stop|restart`, waiting until done. Sockets in the cluster's folder, TCP on
    /// 127.0.0.1 only; fsync off (the tests kill sipbot, never the machine).
    pub fn pg_ctl(&self, action: &str) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("server.log").display().to_string();
        let data = self.data();
        let mut args = vec![action, "-D", &data, "-w", "-t", "30", "-l", &log];
        if action != "stop" {
            args.extend(["-o", &options]);
        }
        if action != "start" {
            args.extend(["-m", "fast"]);
        }
        self.run("pg_ctl", &args);
    }

    /// One of PostgreSQL's programs, as its user when we are root.
    fn command(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        match &self.user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(exe);
                c
            }
            None => Command::new(exe),
        }
    }

    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://postgres:not-a-real-secret@127.0.0.1:{}/{database}",
            self.port
        )
    }

    /// A new database, named after a counter of this process.
    pub async fn database(&self) -> String {
        use sqlx::Connection;
        static NEXT: AtomicU32 = AtomicU32::new(1);
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let mut c = sqlx::PgConnection::connect(&self.url("postgres"))
            .await
            .expect("connect to the test cluster");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut c)
            .await
            .expect("CREATE DATABASE");
        let _ = c.close().await;
        self.url(&name)
    }

    /// Removes the cluster when this test process is gone, however it ended (the shared
    /// cluster is in a static, which is never dropped).
    fn watchdog(&self) {
        let script = r#"while kill -0 "$0" 2>/dev/null; do sleep 1; done
pid=$(head -n 1 "$1/data/postmaster.pid" 2>/dev/null) && kill -QUIT "$pid" 2>/dev/null
sleep 1; rm -rf "$1""#;
        let _ = Command::new("sh")
            .args(["-c", script])
            .arg(std::process::id().to_string())
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let log = self.dir.join("server.log").display().to_string();
        let _ = self
            .command("pg_ctl")
            .args(["stop", "-D", &data, "-w", "-m", "immediate", "-l", &log])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
