//! `/sip settings`: what a server changes about sipbot (Manage Server only): show, auto mode
//! per server or channel, language, cooldown, items per reply, the note role, and a reset of
//! all its data behind a confirmation.

use poise::serenity_prelude as serenity;

use super::{guild, lang, manage_server, send};
use crate::catalogue::Lang;
use crate::discord::types::{Bot, Context, Error};
use crate::discord::user_error::UserError;
use crate::discord::{buttons, convert};
use crate::render::{self, server, Explanation, Reply};
use crate::settings::{AutoMode, Change, GuildSettings};
use crate::store::StoreError;

fn settings_reply(bot: &Bot, lang: Lang, s: &GuildSettings, saved: bool) -> Reply {
    let mut e: Explanation = server::settings(&bot.cat, lang, s);
    if saved {
        e.footer = Some(bot.cat.t(lang, "settings-saved"));
    }
    Reply::embed(e).fit()
}

async fn apply(ctx: Context<'_>, change: Change) -> Result<(), Error> {
    let g = guild(ctx)?;
    let bot = ctx.data();
    let s = bot.store.change(g, &change).await.map_err(|e| match e {
        StoreError::Invalid(_) => UserError::BadOptions,
        e => UserError::Store(e),
    })?;
    bot.prefs.put(g, s.clone());
    tracing::info!(guild = g, ?change, "settings changed");
    send(ctx, settings_reply(bot, lang(ctx).await, &s, true), true).await
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
    guild_only,
    check = "manage_server",
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn settings(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Show this server's settings.
#[poise::command(slash_command)]
pub async fn show(ctx: Context<'_>) -> Result<(), Error> {
    let g = guild(ctx)?;
    let bot = ctx.data();
    let s = bot.store.settings(g).await.map_err(UserError::Store)?;
    bot.prefs.put(g, s.clone());
    send(ctx, settings_reply(bot, lang(ctx).await, &s, false), true).await
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
    guild(ctx)?;
    let bot = ctx.data();
    let lang = lang(ctx).await;
    let e = Explanation {
        title: bot.cat.t(lang, "settings-reset-title"),
        url: None,
        colour: render::colours::ERROR,
        description: bot.cat.t(lang, "settings-reset-body"),
        fields: Vec::new(),
        footer: None,
        subject: None,
    };
    let row = buttons::reset_row(&bot.cat, lang, ctx.author().id.get());
    let reply = convert::poise_reply(&Reply::embed(e).fit(), true).components(vec![row]);
    ctx.send(reply).await?;
    Ok(())
}
