//! The Discord shell: serenity and poise around the pure core. It gathers input (messages,
//! slash commands, buttons, attachments), asks the core what to say, and sends it. Each
//! handler decides first (pure: detect, render, answer, auto, `state`) and acts second (REST
//! calls). No module here imports one that imports it back.
//!
//! - `types`: what every handler shares (`Bot`, `Data`, `Error`, `Context`).
//! - `framework`: the poise framework, registering the commands, the one `on_error`.
//! - `commands/`: one file per command, one registry (`commands::all()`).
//! - `events`: gateway events, dispatched; `messages`: auto-explain, mentions and DMs, and
//!   the edit and delete follow-ups; `buttons`: every button's id and its handler.
//! - `attachments`: text files, checked, downloaded and analysed off the gateway task.
//! - `user_error`: what we tell people when we cannot do what they asked.
//! - `guild`: a server's settings and notes as handlers apply them, and the one reply
//!   language; `cache`: those settings and notes cached in front of `store`; `tally`:
//!   counting explained codes; `lifecycle`: servers added, removed and purged, and the
//!   background tasks.
//! - `state`: cooldowns, the per-channel cap and which reply answers which message.
//! - `convert`: core replies to serenity builders, mentions always off.
//! - `send`: retries for sipbot's own REST calls; `ops`: metrics, health, bounded work.
//!
//! [`run`] takes all it needs as arguments (like a server's `run(listener, shutdown)`), so the
//! tests start a whole bot against a fake Discord on 127.0.0.1.

pub mod attachments;
pub mod buttons;
pub mod cache;
pub mod commands;
pub mod convert;
pub mod events;
pub mod framework;
pub mod guild;
pub mod lifecycle;
pub mod messages;
pub mod ops;
pub mod send;
pub mod state;
pub mod sync;
pub mod tally;
pub mod types;
pub mod user_error;

use std::fmt;
use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::GatewayIntents;

use crate::catalogue::Catalogue;
use crate::store::{Store, StoreError};
use state::Pacing;

/// The bot token. Never printed: its `Debug` and `Display` hide it, so a config or error
/// that holds it can be logged safely.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Token {
        Token(token.into().trim().to_string())
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<hidden>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<hidden token>")
    }
}

/// Everything the bot needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub token: Token,
    /// Where every REST call goes, and so where the gateway URL comes from. `None` is Discord
    /// itself, with serenity's own ratelimiter.
    pub api_base: Option<String>,
    /// Register the commands in this one server (instantly) instead of globally.
    pub dev_guild: Option<u64>,
    pub pacing: Pacing,
    /// The largest attachment downloaded for analysis, in bytes.
    pub max_attachment: u64,
    /// Where to serve `/metrics` and `/healthz`; off when `None`.
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// Which shards this process runs.
    pub shards: Shards,
    /// Where settings, notes and statistics live (`DATABASE_URL`).
    pub database_url: String,
}

/// The shards of one process: serenity's shard ranges, so that a large bot runs across
/// processes (`SHARDS=0-3/8` here, `SHARDS=4-7/8` on the next).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shards {
    /// One shard, the whole bot (small and medium deployments).
    #[default]
    Single,
    /// As many as Discord recommends, all in this process.
    Auto,
    /// Shards `first..=last` of `total`.
    Range { first: u32, last: u32, total: u32 },
}

impl Shards {
    /// "auto", "2/8" or "0-3/8".
    pub fn parse(s: &str) -> Option<Shards> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("auto") {
            return Some(Shards::Auto);
        }
        let (range, total) = s.split_once('/')?;
        let total: u32 = total.trim().parse().ok()?;
        let (first, last) = match range.split_once('-') {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let n = range.trim().parse().ok()?;
                (n, n)
            }
        };
        (first <= last && last < total).then_some(Shards::Range { first, last, total })
    }

    /// Whether this process runs shard 0, which registers the commands.
    fn has_first(&self) -> bool {
        !matches!(self, Shards::Range { first, .. } if *first > 0)
    }
}

/// `SIPBOT_MAX_ATTACHMENT`'s default: 8 MiB.
pub const DEFAULT_MAX_ATTACHMENT: u64 = 8 * 1024 * 1024;

/// Why the bot stopped.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error("Discord rejected the token (401 Unauthorized / gateway close 4004). Check DISCORD_TOKEN: it is the bot token from the Developer Portal, Bot page, not the client secret")]
    InvalidToken,
    #[error("cannot reach the Discord API at {base}: {message}. Check the network (and DISCORD_API_BASE, if it is set)")]
    Unreachable { base: String, message: String },
    #[error("the gateway connection failed: {0}")]
    Gateway(String),
    #[error("{0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub use types::{Bot, Context, Data, Error};

/// The intents sipbot asks for. Message Content is privileged: without it, auto-explain
/// cannot read messages.
pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS
        | GatewayIntents::GUILD_MESSAGES
        | GatewayIntents::DIRECT_MESSAGES
        | GatewayIntents::MESSAGE_CONTENT
}

fn http(config: &Config) -> serenity::Http {
    let builder = serenity::HttpBuilder::new(config.token.expose());
    match &config.api_base {
        // serenity's ratelimiter builds its own URLs for discord.com and would bypass the
        // base: the proxy (or fake) limits instead, and `send` honours any 429.
        Some(base) => builder
            .proxy(base.trim_end_matches('/'))
            .ratelimiter_disabled(true)
            .build(),
        None => builder.build(),
    }
}

/// An error and its causes, outermost first: "Error while sending HTTP request" alone does
/// not say that the connection was refused.
fn causes(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string().trim_end_matches('.').to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        let text = text.trim_end_matches('.');
        if !out.contains(text) {
            out.push_str(": ");
            out.push_str(text);
        }
        next = cause.source();
    }
    out
}

/// Runs the bot until `shutdown` completes (then returns `Ok`) or a fatal error.
pub async fn run(
    config: Config,
    cat: Catalogue,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), BotError> {
    // The database first: a file problem is local and said before any network call.
    let store = Store::open(&config.database_url).await?;
    tracing::info!(database = store.location(), "database ready");
    let base = config
        .api_base
        .clone()
        .unwrap_or_else(|| "https://discord.com".into());
    // Check the token first: serenity would otherwise fall back to Discord's default gateway
    // and retry forever.
    let me = http(&config).get_current_user().await.map_err(|e| {
        if send::status(&e) == Some(401) {
            BotError::InvalidToken
        } else {
            BotError::Unreachable {
                base: base.clone(),
                message: causes(&e),
            }
        }
    })?;
    tracing::info!(user = %me.name, id = %me.id, api = %base, "token accepted");

    let bot: Data = Arc::new(Bot::new(
        cat,
        config.pacing,
        config.max_attachment,
        store.clone(),
    ));
    if let Some(addr) = config.metrics_addr {
        ops::serve(addr, bot.ops.clone())
            .await
            .map_err(|e| BotError::Config(format!("METRICS_ADDR {addr}: {e}")))?;
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    lifecycle::spawn_purge(store, stop_rx.clone());
    lifecycle::spawn_tally(bot.clone(), stop_rx.clone());
    sync::spawn(bot.clone(), stop_rx.clone());
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });

    let mut intents = intents();
    loop {
        let register = config.shards.has_first();
        let framework = framework::framework(bot.clone(), config.dev_guild, register);
        let mut client = serenity::ClientBuilder::new_with_http(http(&config), intents)
            .framework(framework)
            .await
            .map_err(|e| BotError::Gateway(e.to_string()))?;
        let shards = client.shard_manager.clone();
        let mut stop = stop_rx.clone();
        let ops = bot.ops.clone();
        let stopper = tokio::spawn(async move {
            if stop.wait_for(|s| *s).await.is_ok() {
                tracing::info!(
                    in_flight = ops.inflight(),
                    "shutting down: finishing replies under way"
                );
                if !ops.drain(ops::DRAIN_TIMEOUT).await {
                    tracing::warn!(
                        in_flight = ops.inflight(),
                        "replies still under way after the wait"
                    );
                }
                tracing::info!("closing the gateway connection");
                shards.shutdown_all().await;
            }
        });
        let result = match config.shards {
            Shards::Single => client.start().await,
            Shards::Auto => client.start_autosharded().await,
            Shards::Range { first, last, total } => {
                client.start_shard_range(first..last + 1, total).await
            }
        };
        stopper.abort();
        if *stop_rx.borrow() {
            bot.tally.flush(&bot.store).await;
            bot.store.close().await;
            return Ok(());
        }
        match result {
            Ok(()) => {
                bot.tally.flush(&bot.store).await;
                return Ok(());
            }
            Err(serenity::Error::Gateway(serenity::GatewayError::DisallowedGatewayIntents))
                if intents.contains(GatewayIntents::MESSAGE_CONTENT) =>
            {
                tracing::warn!(
                    "Discord refused the Message Content intent (close 4014), so sipbot cannot \
                     read messages: auto-explain is off. Slash commands, the \"Explain SIP \
                     codes\" menu, mentions and DMs still work. To enable auto-explain, open the \
                     Developer Portal, your application, Bot, Privileged Gateway Intents, and \
                     switch on MESSAGE CONTENT INTENT; then restart sipbot."
                );
                bot.content_intent.store(false, Ordering::Relaxed);
                intents.remove(GatewayIntents::MESSAGE_CONTENT);
            }
            Err(serenity::Error::Gateway(serenity::GatewayError::InvalidAuthentication)) => {
                return Err(BotError::InvalidToken)
            }
            Err(e) => return Err(BotError::Gateway(e.to_string())),
        }
    }
}
