//! Gateway events: auto-explain in server channels, direct questions (a mention of sipbot, a
//! DM), the follow-ups when a message is edited or deleted, and the Details and Delete
//! buttons. Each handler decides with the pure core and `state`, then acts.

use std::sync::atomic::Ordering;
use std::time::Instant;

use poise::serenity_prelude as serenity;
use serenity::{
    ButtonStyle, ChannelId, ComponentInteraction, CreateActionRow, CreateButton,
    CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage, EditMessage,
    FullEvent, Interaction, Message, MessageId,
};

use super::ops::names;
use super::state::{Decision, Posted};
use super::{convert, send, settings, traces, Bot, Data, Error};
use crate::answer;
use crate::auto::{self, Item};
use crate::catalogue::Lang;
use crate::detect::Mode;
use crate::render::{self, Reply};
use crate::trace;

/// Button ids: `sipbot:d:<items>` (Details) and `sipbot:x:<author id>` (Delete).
const DETAILS: &str = "sipbot:d:";
const DELETE: &str = "sipbot:x:";
/// Discord's limit on a custom id.
const CUSTOM_ID_MAX: usize = 100;

pub async fn handle(
    fw: poise::FrameworkContext<'_, Data, Error>,
    event: &FullEvent,
) -> Result<(), Error> {
    let bot = fw.user_data;
    let ctx = fw.serenity_context;
    // Connection state first: it is not work, and must be seen even when busy.
    match event {
        FullEvent::Ready { .. } => bot.ops.connected(false),
        FullEvent::Resume { .. } => bot.ops.connected(true),
        FullEvent::ShardStageUpdate { event } => bot.ops.gateway_up.store(
            event.new == serenity::ConnectionStage::Connected,
            std::sync::atomic::Ordering::SeqCst,
        ),
        FullEvent::GuildCreate { guild, .. } => {
            return settings::on_guild_create(bot, guild.id.get()).await
        }
        FullEvent::GuildDelete { incomplete, .. } => {
            return settings::on_guild_delete(bot, incomplete.id.get(), incomplete.unavailable)
                .await
        }
        _ => {}
    }
    let what = match event {
        FullEvent::Message { .. } => "message",
        FullEvent::MessageUpdate { .. } => "edit",
        FullEvent::MessageDelete { .. } | FullEvent::MessageDeleteBulk { .. } => "delete",
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(c),
        } if c.data.custom_id.starts_with("sipbot") => "button",
        _ => return Ok(()),
    };
    // Bounded: past the bound the event is dropped and counted, never queued without limit.
    let Some(_working) = bot.ops.begin(what) else {
        return Ok(());
    };
    match event {
        FullEvent::Message { new_message } => on_message(ctx, bot, new_message).await,
        FullEvent::MessageUpdate { event, .. } => on_edit(ctx, bot, event).await,
        FullEvent::MessageDelete {
            deleted_message_id, ..
        } => on_delete(ctx, bot, *deleted_message_id).await,
        FullEvent::MessageDeleteBulk {
            multiple_deleted_messages_ids,
            ..
        } => {
            for id in multiple_deleted_messages_ids {
                on_delete(ctx, bot, *id).await?;
            }
            Ok(())
        }
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(c),
        } if c.data.custom_id.starts_with("sipbot:") => {
            match c.data.custom_id.strip_prefix(traces::REDACT) {
                Some(rest) => traces::on_redact(ctx, bot, c, rest).await,
                None => on_button(ctx, bot, c).await,
            }
        }
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(c),
        } if c.data.custom_id.starts_with(settings::RESET) => {
            settings::on_reset_button(ctx, bot, c).await
        }
        _ => Ok(()),
    }
}

/// The language of a server's auto replies: the one its settings force, else its preferred
/// locale.
fn guild_lang(ctx: &serenity::Context, bot: &Bot, msg_guild: Option<serenity::GuildId>) -> Lang {
    if let Some(forced) = settings::forced_lang(bot, msg_guild.map(|g| g.get())) {
        return forced;
    }
    let locale = msg_guild.and_then(|g| ctx.cache.guild(g).map(|g| g.preferred_locale.clone()));
    bot.lang_for(locale.as_deref())
}

async fn on_message(ctx: &serenity::Context, bot: &Data, msg: &Message) -> Result<(), Error> {
    let me = ctx.cache.current_user().id;
    if msg.author.bot || msg.webhook_id.is_some() || msg.author.id == me {
        return Ok(());
    }
    if msg.guild_id.is_none() {
        return direct(ctx, bot, msg, &msg.content).await;
    }
    settings::warm(bot, msg.guild_id).await;
    if msg.mentions_user_id(me) {
        let text = msg
            .content
            .replace(&format!("<@{me}>"), " ")
            .replace(&format!("<@!{me}>"), " ");
        return direct(ctx, bot, msg, &text).await;
    }
    auto_explain(ctx, bot, msg).await
}

/// A question put to sipbot: explicit mode, a full answer, as a reply without a ping.
/// Counts a reply sent, and the time from the event to it.
fn replied(kind: &'static str, started: Instant) {
    metrics::counter!(names::REPLIES, "kind" => kind, "outcome" => "sent").increment(1);
    metrics::histogram!(names::REPLY_SECONDS, "kind" => kind)
        .record(started.elapsed().as_secs_f64());
}

/// Counts a reply that could not be sent, by reason.
fn failed(kind: &'static str, e: &serenity::Error) {
    let reason = match send::status(e) {
        Some(429) => "rate_limited",
        Some(403) => "forbidden",
        Some(404) => "not_found",
        Some(500..=599) => "server_error",
        Some(_) => "rejected",
        None => "network",
    };
    metrics::counter!(names::REPLIES, "kind" => kind, "outcome" => "failed", "reason" => reason)
        .increment(1);
}

async fn direct(
    ctx: &serenity::Context,
    bot: &Data,
    msg: &Message,
    text: &str,
) -> Result<(), Error> {
    let started = Instant::now();
    metrics::counter!(names::MESSAGES).increment(1);
    let lang = guild_lang(ctx, bot, msg.guild_id);
    let ans = if text.trim().is_empty() {
        answer::Answer {
            reply: Reply::embed(render::help(&bot.cat, lang)).fit(),
            understood: true,
            chat: false,
        }
    } else {
        answer::answer(&bot.cat, &bot.det, lang, text)
    };
    let reply = settings::answered(bot, msg.guild_id.map(|g| g.get()), lang, ans.reply).await;
    let ans = answer::Answer { reply, ..ans };
    let message = CreateMessage::new()
        .embeds(convert::embeds(&ans.reply))
        .reference_message(msg)
        .allowed_mentions(convert::no_mentions());
    let message = match &ans.reply.content {
        Some(c) => message.content(c),
        None => message,
    };
    match send::with_retry("direct reply", || {
        msg.channel_id.send_message(&ctx.http, message.clone())
    })
    .await
    {
        Ok(_) => replied("direct", started),
        Err(e) => {
            failed("direct", &e);
            return Err(e.into());
        }
    }
    Ok(())
}

/// Details and Delete; for a trace reply also Redacted copy (of `source`: channel, message).
fn buttons(
    cat: &crate::catalogue::Catalogue,
    lang: Lang,
    items: &[Item],
    author: u64,
    source: Option<(u64, u64)>,
) -> Vec<CreateActionRow> {
    let details = format!(
        "{DETAILS}{}",
        auto::encode(items, CUSTOM_ID_MAX - DETAILS.len())
    );
    let mut row = vec![
        CreateButton::new(details)
            .label(cat.t(lang, "button-details"))
            .style(ButtonStyle::Primary),
        CreateButton::new(format!("{DELETE}{author}"))
            .label(cat.t(lang, "button-delete"))
            .style(ButtonStyle::Secondary),
    ];
    if let Some((channel, message)) = source {
        row.push(
            CreateButton::new(format!("{}{channel}:{message}", traces::REDACT))
                .label(cat.t(lang, "button-redacted"))
                .style(ButtonStyle::Secondary),
        );
    }
    vec![CreateActionRow::Buttons(row)]
}

async fn auto_explain(ctx: &serenity::Context, bot: &Data, msg: &Message) -> Result<(), Error> {
    if !bot.content_intent.load(Ordering::Relaxed) {
        return Ok(());
    }
    let started = Instant::now();
    metrics::counter!(names::MESSAGES).increment(1);
    let channel = msg.channel_id.get();
    let guild = msg.guild_id.map(|g| g.get());
    let prefs = settings::load(bot, guild.unwrap_or_default()).await;
    let Some(mode) = settings::detect_mode(&prefs, channel) else {
        return Ok(());
    };
    let findings = bot.det.detect(&msg.content, mode);
    if findings.is_empty() {
        return Ok(());
    }
    metrics::counter!(names::FINDINGS).increment(findings.len() as u64);
    let items = auto::items(&findings);
    let pacing = settings::pacing(&bot.pacing, &prefs);
    let decision = bot.state().decide(channel, &items, &pacing, Instant::now());
    let items = match decision {
        Decision::Reply(items) => items,
        Decision::Cooldown => {
            tracing::debug!(channel, "all items on cooldown");
            metrics::counter!(names::DROPPED, "reason" => "cooldown", "what" => "message")
                .increment(1);
            return Ok(());
        }
        Decision::Capped => {
            tracing::info!(channel, "auto replies capped in this channel");
            metrics::counter!(names::DROPPED, "reason" => "cap", "what" => "message").increment(1);
            return Ok(());
        }
    };
    let lang = guild_lang(ctx, bot, msg.guild_id);
    let (reply, is_trace) = auto_reply(bot, lang, &msg.content, &items, pacing.max_items);
    let source = is_trace.then_some((channel, msg.id.get()));
    bot.state().sending(msg.id.get());
    let message = CreateMessage::new()
        .embeds(convert::embeds(&reply))
        .components(buttons(&bot.cat, lang, &items, msg.author.id.get(), source))
        .reference_message(msg)
        .allowed_mentions(convert::no_mentions());
    match send::with_retry("auto reply", || {
        msg.channel_id.send_message(&ctx.http, message.clone())
    })
    .await
    {
        Ok(sent) => {
            replied("auto", started);
            let codes = settings::item_codes(&items);
            let mut state = bot.state();
            let (channels, replies) = state.tracked();
            metrics::gauge!(names::TRACKED, "kind" => "channels").set(channels as f64);
            metrics::gauge!(names::TRACKED, "kind" => "replies").set(replies as f64);
            state.remember(
                msg.id.get(),
                Posted {
                    channel,
                    reply: sent.id.get(),
                    author: msg.author.id.get(),
                    items,
                },
            );
            settings::count(bot, guild, codes);
            Ok(())
        }
        Err(e) => {
            failed("auto", &e);
            bot.state().sent(msg.id.get());
            bot.state().undo(channel, &items);
            Err(e.into())
        }
    }
}

/// What auto-explain posts: the call flow for a pasted trace (two or more SIP messages),
/// otherwise the compact list of items.
fn auto_reply(
    bot: &Bot,
    lang: Lang,
    text: &str,
    items: &[Item],
    max_items: usize,
) -> (Reply, bool) {
    if trace::looks_like_trace(text) {
        if let Some(r) = render::trace_reply(&bot.cat, lang, &trace::analyse(text)) {
            return (r, true);
        }
    }
    (auto::compact(&bot.cat, lang, items, max_items), false)
}

/// An edit or delete can arrive while the reply to its message is still being sent (someone
/// fixes a typo at once): wait for that reply, briefly, so the follow-up finds it.
async fn settle(bot: &Bot, message: u64) {
    for _ in 0..50 {
        if !bot.state().is_sending(message) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// An answered message was edited: the reply follows (or goes when nothing is left).
async fn on_edit(
    ctx: &serenity::Context,
    bot: &Data,
    ev: &serenity::MessageUpdateEvent,
) -> Result<(), Error> {
    let Some(content) = &ev.content else {
        return Ok(()); // an embed unfurled, not a text edit
    };
    settle(bot, ev.id.get()).await;
    let Some(posted) = bot.state().posted(ev.id.get()).cloned() else {
        return Ok(());
    };
    let channel = ChannelId::new(posted.channel);
    let reply_id = MessageId::new(posted.reply);
    let prefs = settings::load(bot, ev.guild_id.map_or(0, |g| g.get())).await;
    // A reply exists, so the channel was not off: re-read in its mode (strict if it changed).
    let mode = settings::detect_mode(&prefs, posted.channel).unwrap_or(Mode::Strict);
    let items = auto::items(&bot.det.detect(content, mode));
    if items.is_empty() {
        bot.state().forget(ev.id.get());
        send::with_retry("delete reply", || {
            channel.delete_message(&ctx.http, reply_id)
        })
        .await?;
        return Ok(());
    }
    if items == posted.items {
        return Ok(());
    }
    let lang = guild_lang(ctx, bot, ev.guild_id);
    let max_items = settings::pacing(&bot.pacing, &prefs).max_items;
    let (reply, is_trace) = auto_reply(bot, lang, content, &items, max_items);
    let source = is_trace.then_some((posted.channel, ev.id.get()));
    let edit = EditMessage::new()
        .embeds(convert::embeds(&reply))
        .components(buttons(&bot.cat, lang, &items, posted.author, source))
        .allowed_mentions(convert::no_mentions());
    send::with_retry("edit reply", || {
        channel.edit_message(&ctx.http, reply_id, edit.clone())
    })
    .await?;
    bot.state().update_items(ev.id.get(), items);
    Ok(())
}

/// An answered message was deleted: so is the reply. A deleted reply is forgotten.
async fn on_delete(ctx: &serenity::Context, bot: &Data, id: MessageId) -> Result<(), Error> {
    settle(bot, id.get()).await;
    let posted = bot.state().forget(id.get());
    match posted {
        Some(p) => {
            let (channel, reply) = (ChannelId::new(p.channel), MessageId::new(p.reply));
            match send::with_retry("delete reply", || channel.delete_message(&ctx.http, reply))
                .await
            {
                // Someone deleted the reply already.
                Err(e) if send::status(&e) == Some(404) => Ok(()),
                other => other.map_err(Into::into),
            }
        }
        None => {
            bot.state().forget_reply(id.get());
            Ok(())
        }
    }
}

async fn ephemeral(
    ctx: &serenity::Context,
    c: &ComponentInteraction,
    reply: &Reply,
) -> Result<(), Error> {
    let mut m = CreateInteractionResponseMessage::new()
        .ephemeral(true)
        .embeds(convert::embeds(reply))
        .allowed_mentions(convert::no_mentions());
    if let Some(content) = &reply.content {
        m = m.content(content);
    }
    c.create_response(&ctx.http, CreateInteractionResponse::Message(m))
        .await?;
    Ok(())
}

fn text_reply(text: String) -> Reply {
    Reply {
        content: Some(text),
        embeds: Vec::new(),
    }
    .fit()
}

async fn on_button(
    ctx: &serenity::Context,
    bot: &Data,
    c: &ComponentInteraction,
) -> Result<(), Error> {
    let lang = bot.lang_for(Some(c.locale.as_str()));
    if let Some(tokens) = c.data.custom_id.strip_prefix(DETAILS) {
        let items = auto::decode(tokens);
        let reply = if items.is_empty() {
            text_reply(bot.cat.t(lang, "details-gone"))
        } else {
            let guild = c.guild_id.map(|g| g.get());
            settings::annotate(bot, guild, lang, auto::details(&bot.cat, lang, &items)).await
        };
        return ephemeral(ctx, c, &reply).await;
    }
    if let Some(author) = c.data.custom_id.strip_prefix(DELETE) {
        let is_author = author.parse::<u64>().ok() == Some(c.user.id.get());
        let can_manage = c
            .member
            .as_ref()
            .and_then(|m| m.permissions)
            .is_some_and(|p| p.manage_messages());
        if !(is_author || can_manage) {
            return ephemeral(ctx, c, &text_reply(bot.cat.t(lang, "delete-refused"))).await;
        }
        c.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
            .await?;
        let (channel, reply) = (c.channel_id, c.message.id);
        bot.state().forget_reply(reply.get());
        send::with_retry("delete reply", || channel.delete_message(&ctx.http, reply)).await?;
    }
    Ok(())
}
