//! A server's own sipbot: `/sip settings`, `/sip note`, `/sip stats`, and what the rest of the
//! shell asks about a server (its auto mode in a channel, pacing, forced language, team notes,
//! counting explained codes), plus the server lifecycle (GUILD_DELETE schedules deletion,
//! GUILD_CREATE cancels it, an hourly task purges).
//!
//! Settings are read through a small cache that every change writes through, and team notes
//! through one that every change of them empties, so a change takes effect with the next
//! message and a busy channel does not query the database for each message. The database is
//! the truth: the caches are empty after a restart. Explained codes are counted in memory and
//! written once a second ([`Tally`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use poise::serenity_prelude as serenity;
use serenity::{
    ButtonStyle, ComponentInteraction, CreateActionRow, CreateButton, CreateInteractionResponse,
    CreateInteractionResponseMessage,
};

use super::commands::{code_of, complete_code};
use super::state::Pacing;
use super::{convert, Bot, Context, Error};
use crate::auto::Item;
use crate::catalogue::{Args, Lang};
use crate::detect::Mode;
use crate::render::{self, server, Explanation, Reply};
use crate::settings::{self as cfg, AutoMode, Change, GuildSettings, Invalid, GRACE_DAYS};
use crate::store::{Store, StoreError};

/// The reset confirmation's buttons: `sipbot-reset:yes:<user>`, `sipbot-reset:no:<user>`.
/// Not under `sipbot:`, which the auto-explain buttons own.
pub const RESET: &str = "sipbot-reset:";

/// How often removed servers past their grace period are purged.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Settings of the servers seen since the start, written through on every change; and their
/// team notes, read once and dropped on every change of them.
#[derive(Debug, Default)]
pub struct Prefs {
    map: Mutex<HashMap<u64, GuildSettings>>,
    notes: Mutex<Notes>,
    /// Bumped by every [`Prefs::invalidate`]: settings read before a change made elsewhere
    /// are not cached after it.
    stale: std::sync::atomic::AtomicU64,
}

#[derive(Debug, Default)]
struct Notes {
    map: HashMap<u64, Arc<BTreeMap<u16, String>>>,
    /// Bumped on every change of any server's notes: notes read from the store before a
    /// change are not cached after it.
    generation: u64,
}

impl Prefs {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, GuildSettings>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_notes(&self) -> std::sync::MutexGuard<'_, Notes> {
        self.notes.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn cached(&self, guild: u64) -> Option<GuildSettings> {
        self.lock().get(&guild).cloned()
    }

    fn put(&self, guild: u64, s: GuildSettings) {
        self.lock().insert(guild, s);
    }

    fn forget(&self, guild: u64) {
        self.lock().remove(&guild);
        self.forget_notes(guild);
    }

    /// Another process changed the server's settings or notes (see `discord::sync`).
    pub fn invalidate(&self, guild: u64) {
        self.stale.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.forget(guild);
    }

    /// Changes made elsewhere may have been missed (a lost connection): everything goes.
    pub fn invalidate_all(&self) {
        self.stale.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.lock().clear();
        let mut n = self.lock_notes();
        n.generation += 1;
        n.map.clear();
    }

    /// Caches settings read when `stale` was `seen`, unless invalidated since.
    fn put_unless_stale(&self, guild: u64, seen: u64, s: GuildSettings) {
        let mut map = self.lock();
        if self.stale.load(std::sync::atomic::Ordering::SeqCst) == seen {
            map.insert(guild, s);
        }
    }

    /// A server's notes if cached, else the generation to pass to [`Prefs::put_notes`].
    fn cached_notes(&self, guild: u64) -> Result<Arc<BTreeMap<u16, String>>, u64> {
        let n = self.lock_notes();
        n.map.get(&guild).cloned().ok_or(n.generation)
    }

    /// Caches notes read at `generation`, unless they changed since.
    fn put_notes(&self, guild: u64, generation: u64, notes: Arc<BTreeMap<u16, String>>) {
        let mut n = self.lock_notes();
        if n.generation == generation {
            n.map.insert(guild, notes);
        }
    }

    fn forget_notes(&self, guild: u64) {
        let mut n = self.lock_notes();
        n.generation += 1;
        n.map.remove(&guild);
    }
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A server's settings: cached, else from the store; the defaults (logged) when the database
/// fails, so sipbot keeps explaining.
pub async fn load(bot: &Bot, guild: u64) -> GuildSettings {
    if let Some(s) = bot.prefs.cached(guild) {
        return s;
    }
    let seen = bot.prefs.stale.load(std::sync::atomic::Ordering::SeqCst);
    match bot.store.settings(guild).await {
        Ok(s) => {
            bot.prefs.put_unless_stale(guild, seen, s.clone());
            s
        }
        Err(e) => {
            tracing::warn!(guild, error = %e, "reading the settings failed; using the defaults");
            GuildSettings::default()
        }
    }
}

/// Loads a server's settings into the cache before the synchronous helpers need them.
pub async fn warm(bot: &Bot, guild: Option<serenity::GuildId>) {
    if let Some(g) = guild {
        load(bot, g.get()).await;
    }
}

/// The language a server forces, if any (from the cache: [`warm`] first).
pub fn forced_lang(bot: &Bot, guild: Option<u64>) -> Option<Lang> {
    let code = bot.prefs.cached(guild?)?.language?;
    bot.cat.lang(&code)
}

/// A slash command's language: the server's forced one, else the reader's Discord locale.
pub fn slash_lang(ctx: Context<'_>) -> Lang {
    let bot = ctx.data();
    forced_lang(bot, ctx.guild_id().map(|g| g.get())).unwrap_or_else(|| bot.lang_for(ctx.locale()))
}

/// The poise `pre_command` hook: the server's settings are cached before the command runs,
/// so [`slash_lang`] sees a forced language on the first command after a restart.
pub async fn before_command(ctx: Context<'_>) {
    warm(ctx.data(), ctx.guild_id()).await;
}

/// How auto-explain reads a channel; `None`: not at all.
pub fn detect_mode(s: &GuildSettings, channel: u64) -> Option<Mode> {
    match s.auto_in(channel) {
        AutoMode::Off => None,
        AutoMode::Strict => Some(Mode::Strict),
        AutoMode::Loose => Some(Mode::Loose),
    }
}

/// The bot's pacing with the server's cooldown and items per reply.
pub fn pacing(base: &Pacing, s: &GuildSettings) -> Pacing {
    Pacing {
        cooldown: Duration::from_secs(u64::from(s.cooldown_minutes) * 60),
        max_items: usize::from(s.max_items),
        ..*base
    }
}

/// Adds the server's team notes to a reply's code explanations; nothing outside a server.
/// The notes are cached: a busy channel does not query the database for each reply.
pub async fn annotate(bot: &Bot, guild: Option<u64>, lang: Lang, reply: Reply) -> Reply {
    let Some(g) = guild else { return reply };
    let notes = match bot.prefs.cached_notes(g) {
        Ok(notes) => notes,
        Err(generation) => match bot.store.notes(g).await {
            Ok(notes) => {
                let notes = Arc::new(notes);
                bot.prefs.put_notes(g, generation, notes.clone());
                notes
            }
            Err(e) => {
                tracing::warn!(guild = g, error = %e, "reading the team notes failed");
                return reply;
            }
        },
    };
    server::annotate(&bot.cat, lang, reply, &notes)
}

/// Counts explained codes for the server's statistics: in memory now, on disk within
/// `TALLY_EVERY` (see [`Tally`]), so a reply never waits for the disk.
pub fn count(bot: &Bot, guild: Option<u64>, codes: Vec<u16>) {
    let Some(g) = guild else { return };
    bot.tally.add(g, cfg::day_of(now_secs()), &codes);
}

/// How often counted codes are written.
pub const TALLY_EVERY: Duration = Duration::from_secs(1);

/// Explained codes counted but not yet written, by (server, day, code). Written together,
/// in one transaction, every `TALLY_EVERY` and when sipbot stops: a flood of messages is
/// one disk write a second instead of a synced transaction per message. What a failed write
/// held is kept for the next one; a crash loses at most the last second of counts (settings
/// and notes are written before sipbot acknowledges them). Bounded by servers × days × codes.
#[derive(Debug, Default)]
pub struct Tally {
    map: Mutex<HashMap<(u64, i64, u16), u64>>,
    /// Held while counts are written, and by a reset: counts taken out for writing never
    /// land after the reset that should have dropped them.
    writing: tokio::sync::Mutex<()>,
}

impl Tally {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(u64, i64, u16), u64>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// One explanation of each code (repeats in `codes` count once).
    pub fn add(&self, guild: u64, day: i64, codes: &[u16]) {
        let mut codes = codes.to_vec();
        codes.sort_unstable();
        codes.dedup();
        let mut map = self.lock();
        for c in codes {
            *map.entry((guild, day, c)).or_insert(0) += 1;
        }
    }

    /// Drops a server's counts not yet written and waits for a write under way, so that
    /// none of them lands after the caller's reset of its statistics; the reset happens
    /// while the returned guard is held.
    pub async fn forget(&self, guild: u64) -> tokio::sync::MutexGuard<'_, ()> {
        let writing = self.writing.lock().await;
        self.lock().retain(|k, _| k.0 != guild);
        writing
    }

    /// Writes what was counted; on failure keeps it for the next time.
    pub async fn flush(&self, store: &Store) {
        let _writing = self.writing.lock().await;
        let counts: Vec<(u64, i64, u16, u64)> = self
            .lock()
            .drain()
            .map(|((g, day, code), n)| (g, day, code, n))
            .collect();
        if counts.is_empty() {
            return;
        }
        if let Err(e) = store.add_counts(&counts).await {
            tracing::warn!(error = %e, "writing the statistics failed; retrying later");
            let mut map = self.lock();
            for (g, day, code, n) in counts {
                *map.entry((g, day, code)).or_insert(0) += n;
            }
        }
    }
}

/// Writes the counted codes every `TALLY_EVERY` until `stop`; the last write is the
/// caller's, after the replies under way are done (see `discord::run`).
pub fn spawn_tally(bot: super::Data, mut stop: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(TALLY_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            bot.tally.flush(&bot.store).await;
        }
    });
}

/// The codes an auto reply lists.
pub fn item_codes(items: &[Item]) -> Vec<u16> {
    items
        .iter()
        .flat_map(|i| match *i {
            Item::Code(c) => vec![c],
            Item::Compare(a, b) => vec![a, b],
            _ => vec![],
        })
        .collect()
}

/// What a direct answer in a server gets: its team notes, and a count of its codes.
pub async fn answered(bot: &Bot, guild: Option<u64>, lang: Lang, reply: Reply) -> Reply {
    count(bot, guild, server::explained_codes(&bot.cat, lang, &reply));
    annotate(bot, guild, lang, reply).await
}

// ---------------------------------------------------------------------------------------
// Commands

fn member_permissions(ctx: Context<'_>) -> serenity::Permissions {
    match ctx {
        poise::Context::Application(a) => a
            .interaction
            .member
            .as_ref()
            .and_then(|m| m.permissions)
            .unwrap_or_else(serenity::Permissions::empty),
        poise::Context::Prefix(_) => serenity::Permissions::empty(),
    }
}

fn member_roles(ctx: Context<'_>) -> Vec<u64> {
    match ctx {
        poise::Context::Application(a) => a
            .interaction
            .member
            .as_ref()
            .map(|m| m.roles.iter().map(|r| r.get()).collect())
            .unwrap_or_default(),
        poise::Context::Prefix(_) => Vec::new(),
    }
}

async fn say(ctx: Context<'_>, text: String) -> Result<(), Error> {
    let reply = Reply {
        content: Some(text),
        embeds: Vec::new(),
    }
    .fit();
    ctx.send(convert::poise_reply(&reply, true)).await?;
    Ok(())
}

async fn say_key(ctx: Context<'_>, key: &str) -> Result<(), Error> {
    say(ctx, ctx.data().cat.t(slash_lang(ctx), key)).await
}

/// The server the command runs in, or a clear answer that it needs one.
async fn guild_or_say(ctx: Context<'_>) -> Result<Option<u64>, Error> {
    match ctx.guild_id() {
        Some(g) => Ok(Some(g.get())),
        None => {
            say_key(ctx, "guild-only").await?;
            Ok(None)
        }
    }
}

/// The server, when the member may change its settings (checked at run time too:
/// `default_member_permissions` only hides the command, and Discord honours it on top-level
/// commands only).
async fn admin_guild(ctx: Context<'_>) -> Result<Option<u64>, Error> {
    let Some(g) = guild_or_say(ctx).await? else {
        return Ok(None);
    };
    if !member_permissions(ctx).manage_guild() {
        tracing::info!(guild = g, user = %ctx.author().id, "settings refused: no Manage Server");
        say_key(ctx, "settings-refused").await?;
        return Ok(None);
    }
    Ok(Some(g))
}

async fn store_failed(ctx: Context<'_>, e: StoreError) -> Result<(), Error> {
    tracing::warn!(error = %e, command = %ctx.command().qualified_name, "database error");
    say_key(ctx, "store-failed").await
}

fn settings_reply(bot: &Bot, lang: Lang, s: &GuildSettings, saved: bool) -> Reply {
    let mut e: Explanation = server::settings(&bot.cat, lang, s);
    if saved {
        e.footer = Some(bot.cat.t(lang, "settings-saved"));
    }
    Reply::embed(e).fit()
}

async fn apply(ctx: Context<'_>, change: Change) -> Result<(), Error> {
    let Some(g) = admin_guild(ctx).await? else {
        return Ok(());
    };
    let bot = ctx.data();
    match bot.store.change(g, &change).await {
        Ok(s) => {
            bot.prefs.put(g, s.clone());
            tracing::info!(guild = g, ?change, "settings changed");
            let reply = settings_reply(bot, slash_lang(ctx), &s, true);
            ctx.send(convert::poise_reply(&reply, true)).await?;
            Ok(())
        }
        Err(StoreError::Invalid(_)) => say_key(ctx, "bad-options").await,
        Err(e) => store_failed(ctx, e).await,
    }
}

/// sipbot's settings for this server (Manage Server).
#[poise::command(
    slash_command,
    subcommands(
        "show",
        "auto",
        "language",
        "cooldown",
        "max_items",
        "note_role",
        "reset"
    ),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn settings(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Show this server's settings.
#[poise::command(slash_command)]
pub async fn show(ctx: Context<'_>) -> Result<(), Error> {
    let Some(g) = admin_guild(ctx).await? else {
        return Ok(());
    };
    let bot = ctx.data();
    match bot.store.settings(g).await {
        Ok(s) => {
            bot.prefs.put(g, s.clone());
            let reply = settings_reply(bot, slash_lang(ctx), &s, false);
            ctx.send(convert::poise_reply(&reply, true)).await?;
            Ok(())
        }
        Err(e) => store_failed(ctx, e).await,
    }
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum ModeChoice {
    #[name = "off"]
    Off,
    #[name = "strict"]
    Strict,
    #[name = "loose"]
    Loose,
}

impl From<ModeChoice> for AutoMode {
    fn from(m: ModeChoice) -> AutoMode {
        match m {
            ModeChoice::Off => AutoMode::Off,
            ModeChoice::Strict => AutoMode::Strict,
            ModeChoice::Loose => AutoMode::Loose,
        }
    }
}

/// Auto-explain for the whole server or one channel.
#[poise::command(slash_command)]
pub async fn auto(
    ctx: Context<'_>,
    #[description = "off, strict or loose"] mode: ModeChoice,
    #[description = "Only this channel"]
    #[channel_types("Text", "News", "PublicThread", "PrivateThread", "Forum")]
    channel: Option<serenity::ChannelId>,
) -> Result<(), Error> {
    let change = Change::Auto {
        channel: channel.map(|c| c.get()),
        mode: mode.into(),
    };
    apply(ctx, change).await
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum LangChoice {
    #[name = "auto"]
    Auto,
    #[name = "en"]
    En,
    #[name = "vi"]
    Vi,
}

/// The language of sipbot's answers in this server.
#[poise::command(slash_command)]
pub async fn language(
    ctx: Context<'_>,
    #[description = "auto, en or vi"] lang: LangChoice,
) -> Result<(), Error> {
    let code = match lang {
        LangChoice::Auto => None,
        LangChoice::En => Some("en".to_string()),
        LangChoice::Vi => Some("vi".to_string()),
    };
    apply(ctx, Change::Language(code)).await
}

/// Minutes before a code is auto-explained again in a channel.
#[poise::command(slash_command)]
pub async fn cooldown(
    ctx: Context<'_>,
    #[description = "0 to 1440"]
    #[min = 0]
    #[max = 1440]
    minutes: u32,
) -> Result<(), Error> {
    apply(ctx, Change::Cooldown(minutes)).await
}

/// How many items one auto-explain reply lists.
#[poise::command(slash_command, rename = "max-items")]
pub async fn max_items(
    ctx: Context<'_>,
    #[description = "1 to 10"]
    #[min = 1]
    #[max = 10]
    n: u8,
) -> Result<(), Error> {
    apply(ctx, Change::MaxItems(n)).await
}

/// The role that may edit team notes, besides Manage Server.
#[poise::command(slash_command, rename = "note-role")]
pub async fn note_role(
    ctx: Context<'_>,
    #[description = "The role"] role: Option<serenity::RoleId>,
) -> Result<(), Error> {
    apply(ctx, Change::NoteRole(role.map(|r| r.get()))).await
}

/// Delete all of sipbot's data for this server (asks first).
#[poise::command(slash_command)]
pub async fn reset(ctx: Context<'_>) -> Result<(), Error> {
    if admin_guild(ctx).await?.is_none() {
        return Ok(());
    }
    let bot = ctx.data();
    let lang = slash_lang(ctx);
    let user = ctx.author().id.get();
    let e = Explanation {
        title: bot.cat.t(lang, "settings-reset-title"),
        url: None,
        colour: render::colours::ERROR,
        description: bot.cat.t(lang, "settings-reset-body"),
        fields: Vec::new(),
        footer: None,
    };
    let buttons = vec![CreateActionRow::Buttons(vec![
        CreateButton::new(format!("{RESET}yes:{user}"))
            .label(bot.cat.t(lang, "button-reset-confirm"))
            .style(ButtonStyle::Danger),
        CreateButton::new(format!("{RESET}no:{user}"))
            .label(bot.cat.t(lang, "button-reset-cancel"))
            .style(ButtonStyle::Secondary),
    ])];
    let reply = convert::poise_reply(&Reply::embed(e).fit(), true).components(buttons);
    ctx.send(reply).await?;
    Ok(())
}

/// A press on the reset confirmation. Stateless (the id says who asked), so it works after a
/// restart; the presser's permission is checked again.
pub async fn on_reset_button(
    ctx: &serenity::Context,
    bot: &Bot,
    c: &ComponentInteraction,
) -> Result<(), Error> {
    let guild = c.guild_id.map(|g| g.get());
    warm(bot, c.guild_id).await;
    let lang = forced_lang(bot, guild).unwrap_or_else(|| bot.lang_for(Some(c.locale.as_str())));
    let rest = c.data.custom_id.strip_prefix(RESET).unwrap_or("");
    let (answer, user) = rest.split_once(':').unwrap_or(("", ""));
    let may = user.parse::<u64>().ok() == Some(c.user.id.get())
        && c.member
            .as_ref()
            .and_then(|m| m.permissions)
            .is_some_and(|p| p.manage_guild());
    let respond = |text: String, update: bool| {
        let m = CreateInteractionResponseMessage::new()
            .content(text)
            .allowed_mentions(convert::no_mentions());
        if update {
            CreateInteractionResponse::UpdateMessage(m.embeds(Vec::new()).components(Vec::new()))
        } else {
            CreateInteractionResponse::Message(m.ephemeral(true))
        }
    };
    let Some(g) = guild.filter(|_| may) else {
        let r = respond(bot.cat.t(lang, "settings-refused"), false);
        c.create_response(&ctx.http, r).await?;
        return Ok(());
    };
    let key = if answer == "yes" {
        // Counts not yet written would bring the old statistics back.
        let _no_writes = bot.tally.forget(g).await;
        match bot.store.reset_guild(g).await {
            Ok(()) => {
                bot.prefs.forget(g);
                tracing::info!(guild = g, user = %c.user.id, "server data reset");
                "settings-reset-done"
            }
            Err(e) => {
                tracing::warn!(guild = g, error = %e, "reset failed");
                "store-failed"
            }
        }
    } else {
        "settings-reset-cancelled"
    };
    c.create_response(&ctx.http, respond(bot.cat.t(lang, key), true))
        .await?;
    Ok(())
}

/// Team notes on codes, shown in this server only.
#[poise::command(
    slash_command,
    subcommands("note_set", "note_remove", "note_list"),
    subcommand_required
)]
pub async fn note(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// The server, when the member may edit its notes: Manage Server, or the note role.
async fn note_editor_guild(ctx: Context<'_>) -> Result<Option<u64>, Error> {
    let Some(g) = guild_or_say(ctx).await? else {
        return Ok(None);
    };
    let role = load(ctx.data(), g).await.note_role;
    let allowed = member_permissions(ctx).manage_guild()
        || role.is_some_and(|r| member_roles(ctx).contains(&r));
    if !allowed {
        say_key(ctx, "note-refused").await?;
        return Ok(None);
    }
    Ok(Some(g))
}

fn code_args(code: u16) -> Args {
    Args::new().with("code", code)
}

/// Add or replace the team note on a code.
#[poise::command(slash_command, rename = "set")]
pub async fn note_set(
    ctx: Context<'_>,
    #[description = "The code"]
    #[autocomplete = "complete_code"]
    code: String,
    #[description = "The note"]
    #[max_length = 500]
    text: String,
) -> Result<(), Error> {
    let Some(g) = note_editor_guild(ctx).await? else {
        return Ok(());
    };
    let bot = ctx.data();
    let lang = slash_lang(ctx);
    let code = match code_of(&bot.cat, lang, &code) {
        Ok(c) => c,
        Err(r) => {
            ctx.send(convert::poise_reply(&r, true)).await?;
            return Ok(());
        }
    };
    let text = match cfg::check_note(&text) {
        Ok(t) => t,
        Err(Invalid::NoteTooLong) => {
            let max = Args::new().with("max", cfg::NOTE_MAX_CHARS);
            return say(ctx, bot.cat.t_args(lang, "note-too-long", &max)).await;
        }
        Err(_) => return say_key(ctx, "note-empty").await,
    };
    let result = bot.store.set_note(g, code, &text, now_secs()).await;
    // Whatever the result: a failed write may still have been made.
    bot.prefs.forget_notes(g);
    match result {
        Ok(()) => {
            tracing::info!(guild = g, code, "team note set");
            // Show the note where it will appear: on the code's explanation.
            let mut reply = match bot.cat.lookup(code) {
                Some(l) => Reply::embed(server::with_note(
                    &bot.cat,
                    lang,
                    render::code(&bot.cat, lang, l),
                    &text,
                )),
                None => Reply::default(),
            };
            reply.content = Some(bot.cat.t_args(lang, "note-saved", &code_args(code)));
            ctx.send(convert::poise_reply(&reply.fit(), true)).await?;
            Ok(())
        }
        Err(e) => store_failed(ctx, e).await,
    }
}

/// Remove the team note on a code.
#[poise::command(slash_command, rename = "remove")]
pub async fn note_remove(
    ctx: Context<'_>,
    #[description = "The code"]
    #[autocomplete = "complete_code"]
    code: String,
) -> Result<(), Error> {
    let Some(g) = note_editor_guild(ctx).await? else {
        return Ok(());
    };
    let bot = ctx.data();
    let lang = slash_lang(ctx);
    let code = match code_of(&bot.cat, lang, &code) {
        Ok(c) => c,
        Err(r) => {
            ctx.send(convert::poise_reply(&r, true)).await?;
            return Ok(());
        }
    };
    let result = bot.store.remove_note(g, code).await;
    bot.prefs.forget_notes(g);
    match result {
        Ok(true) => say(ctx, bot.cat.t_args(lang, "note-removed", &code_args(code))).await,
        Ok(false) => say(ctx, bot.cat.t_args(lang, "note-none", &code_args(code))).await,
        Err(e) => store_failed(ctx, e).await,
    }
}

/// List this server's team notes.
#[poise::command(slash_command, rename = "list")]
pub async fn note_list(ctx: Context<'_>) -> Result<(), Error> {
    let Some(g) = guild_or_say(ctx).await? else {
        return Ok(());
    };
    let bot = ctx.data();
    match bot.store.notes(g).await {
        Ok(notes) => {
            let reply = Reply::embed(server::notes(&bot.cat, slash_lang(ctx), &notes)).fit();
            ctx.send(convert::poise_reply(&reply, true)).await?;
            Ok(())
        }
        Err(e) => store_failed(ctx, e).await,
    }
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum DaysChoice {
    #[name = "7"]
    Week,
    #[name = "30"]
    Month,
    #[name = "90"]
    Quarter,
}

impl DaysChoice {
    fn days(self) -> u32 {
        match self {
            DaysChoice::Week => 7,
            DaysChoice::Month => 30,
            DaysChoice::Quarter => 90,
        }
    }
}

/// The codes explained most in this server, with a chart.
#[poise::command(slash_command)]
pub async fn stats(
    ctx: Context<'_>,
    #[description = "7, 30 or 90 days"] days: DaysChoice,
) -> Result<(), Error> {
    let Some(g) = guild_or_say(ctx).await? else {
        return Ok(());
    };
    let bot = ctx.data();
    let lang = slash_lang(ctx);
    let days = days.days();
    let first_day = cfg::day_of(now_secs()) - i64::from(days) + 1;
    let top = match bot
        .store
        .top_codes(Some(g), first_day, server::STATS_TOP)
        .await
    {
        Ok(t) => t,
        Err(e) => return store_failed(ctx, e).await,
    };
    let e = Reply::embed(server::stats(&bot.cat, lang, days, &top)).fit();
    let mut reply = convert::poise_reply(&e, false);
    if !top.is_empty() {
        let bars: Vec<(String, u64)> = top.iter().map(|(c, n)| (c.to_string(), *n)).collect();
        let title = bot
            .cat
            .t_args(lang, "stats-chart-title", &Args::new().with("days", days));
        match crate::chart::bar_chart_png(&title, &bars) {
            Ok(png) => {
                let embed = convert::embed(&e.embeds[0]).image("attachment://stats.png");
                reply = poise::CreateReply::default()
                    .allowed_mentions(convert::no_mentions())
                    .embed(embed)
                    .attachment(serenity::CreateAttachment::bytes(png, "stats.png"));
            }
            Err(err) => tracing::warn!(error = %err, "the stats chart was not drawn"),
        }
    }
    ctx.send(reply).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Server lifecycle

/// GUILD_CREATE: sipbot is (back) in the server; a pending deletion is cancelled.
pub async fn on_guild_create(bot: &Bot, guild: u64) -> Result<(), Error> {
    if bot.store.cancel_removal(guild).await? {
        tracing::info!(guild, "sipbot is back in the server: its data is kept");
    }
    Ok(())
}

/// GUILD_DELETE: an outage (`unavailable`) changes nothing; a removal schedules the server's
/// data for deletion after the grace period.
pub async fn on_guild_delete(bot: &Bot, guild: u64, unavailable: bool) -> Result<(), Error> {
    if unavailable {
        return Ok(());
    }
    bot.store.mark_removed(guild, now_secs()).await?;
    bot.prefs.forget(guild);
    tracing::info!(
        guild,
        grace_days = GRACE_DAYS,
        "removed from the server: its data goes after the grace period"
    );
    Ok(())
}

/// Purges removed servers whose grace period ended, now and then hourly, until `stop`.
pub fn spawn_purge(store: Store, mut stop: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PURGE_EVERY);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            match store.purge_removed(now_secs() - GRACE_DAYS * 86_400).await {
                Ok(gone) if !gone.is_empty() => {
                    tracing::info!(servers = gone.len(), "purged the data of removed servers")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "purging removed servers failed"),
            }
        }
    });
}
