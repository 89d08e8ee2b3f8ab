//! The `sipbot` binary: parses the command line, loads `.env` and the catalogue, and hands
//! over to the command. Kept thin on purpose: everything else is in the library.

use clap::Parser;

use sipbot::catalogue::Catalogue;
use sipbot::cli::{self, Cli, Command};
use sipbot::discord::{
    self, state::Pacing, BotError, Config, Shards, Token, DEFAULT_MAX_ATTACHMENT,
};

fn main() {
    // A missing .env is normal; a broken one is reported but not fatal.
    if let Err(e) = dotenvy::dotenv() {
        if !e.not_found() {
            eprintln!("sipbot: ignoring .env: {e}");
        }
    }
    let args = Cli::parse();
    std::process::exit(match run(args) {
        Ok(code) => code,
        // `sipbot explain 486 | head -1`: the reader has what it wanted; not an error.
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("sipbot: {e:#}");
            2
        }
    });
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A variable from the environment; unset and empty are the same.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn run(args: Cli) -> anyhow::Result<i32> {
    // `scan` needs only the code table; with `--lang`, the whole catalogue checks the language.
    if args.lang.is_none() {
        if let Some(result) = args.command.as_ref().and_then(cli::run_scan_alone) {
            return result;
        }
    }
    let cat = Catalogue::embedded()?;
    let lang = cli::choose_lang(&cat, args.lang.as_deref()).map_err(anyhow::Error::msg)?;
    let command = match args.command {
        Some(c) => c,
        None if env("DISCORD_TOKEN").is_some() => Command::Run,
        None => {
            // No token: show the product working in the console, on its embedded catalogue.
            eprintln!("{}", cat.t(lang, "console-no-token"));
            Command::Console {
                mode: cli::ModeArg::Explicit,
            }
        }
    };
    match command {
        Command::Run => bot(cat),
        other => cli::run_offline(&cat, lang, other),
    }
}

/// The bot's configuration from the environment; each error names its variable.
fn config() -> anyhow::Result<Config> {
    let token = env("DISCORD_TOKEN").ok_or_else(|| {
        anyhow::anyhow!(
            "DISCORD_TOKEN is not set: copy .env.example to .env and put the bot token there"
        )
    })?;
    let dev_guild = match env("SIPBOT_DEV_GUILD") {
        None => None,
        Some(v) => Some(v.trim().parse::<u64>().map_err(|_| {
            anyhow::anyhow!("SIPBOT_DEV_GUILD must be a server id (a number), not {v:?}")
        })?),
    };
    let api_base = match env("DISCORD_API_BASE") {
        None => None,
        Some(v) if v.starts_with("http://") || v.starts_with("https://") => {
            Some(v.trim().trim_end_matches('/').to_string())
        }
        Some(v) => anyhow::bail!("DISCORD_API_BASE must start with http:// or https://, not {v:?}"),
    };
    let max_attachment = match env("SIPBOT_MAX_ATTACHMENT") {
        None => DEFAULT_MAX_ATTACHMENT,
        Some(v) => parse_size(&v).ok_or_else(|| {
            anyhow::anyhow!(
                "SIPBOT_MAX_ATTACHMENT must be a size such as 8MiB, 500KiB or 1048576, not {v:?}"
            )
        })?,
    };
    let metrics_addr = match env("METRICS_ADDR") {
        None => None,
        Some(v) => Some(v.trim().parse().map_err(|_| {
            anyhow::anyhow!(
                "METRICS_ADDR must be an address and port such as 127.0.0.1:9464, not {v:?}"
            )
        })?),
    };
    let shards = match env("SHARDS") {
        None => Shards::Single,
        Some(v) => Shards::parse(&v).ok_or_else(|| {
            anyhow::anyhow!(
                "SHARDS must be auto, N/TOTAL or FIRST-LAST/TOTAL (such as 0-3/8), not {v:?}"
            )
        })?,
    };
    let database_url = env("DATABASE_URL").unwrap_or_else(|| sipbot::store::DEFAULT_URL.into());
    Ok(Config {
        token: Token::new(token),
        api_base,
        dev_guild,
        pacing: Pacing::default(),
        max_attachment,
        metrics_addr,
        shards,
        database_url,
    })
}

/// "8MiB", "500KiB", "8M", "1048576" → bytes.
fn parse_size(v: &str) -> Option<u64> {
    let v = v.trim();
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (n, unit) = v.split_at(split);
    let n: u64 = n.parse().ok()?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(mult)
}

fn bot(cat: Catalogue) -> anyhow::Result<i32> {
    let config = config()?;
    init_logging();
    let runtime = tokio::runtime::Runtime::new()?;
    let result = runtime.block_on(discord::run(config, cat, shutdown_signal()));
    match result {
        Ok(()) => {
            tracing::info!("stopped");
            Ok(0)
        }
        Err(e @ BotError::Config(_)) => {
            eprintln!("sipbot: {e}");
            Ok(2)
        }
        Err(
            e @ (BotError::InvalidToken
            | BotError::Unreachable { .. }
            | BotError::Gateway(_)
            | BotError::Store(_)),
        ) => {
            tracing::error!("{e}");
            eprintln!("sipbot: {e}");
            Ok(1)
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("sipbot=info,serenity=warn,poise=warn")
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
