//! Messages: auto-explain in server channels, direct questions (a mention of sipbot, a DM),
//! and the follow-ups when an answered message is edited or deleted. Each handler decides with
//! the pure core (`auto`, `answer`) and `state`, then acts.

use std::sync::atomic::Ordering;
use std::time::Instant;

use poise::serenity_prelude as serenity;
use serenity::{ChannelId, EditMessage, Message, MessageId};

use crate::answer;
use crate::auto;
use crate::detect::Mode;
use crate::item;
use crate::render::{self, Reply};

use super::ops::names;
use super::state::{Decision, Posted};
use super::types::{Bot, Data, Error};
use super::{attachments, buttons, convert, guild, send};

/// The language of a reply in a channel: the server's forced one, else its preferred locale.
async fn channel_lang(
    ctx: &serenity::Context,
    bot: &Bot,
    guild_id: Option<serenity::GuildId>,
) -> crate::catalogue::Lang {
    let locale = guild_id.and_then(|g| ctx.cache.guild(g).map(|g| g.preferred_locale.clone()));
    guild::lang(bot, guild_id.map(|g| g.get()), locale.as_deref()).await
}

pub async fn on_message(ctx: &serenity::Context, bot: &Data, msg: &Message) -> Result<(), Error> {
    let me = ctx.cache.current_user().id;
    if msg.author.bot || msg.webhook_id.is_some() || msg.author.id == me {
        return Ok(());
    }
    if msg.guild_id.is_none() {
        return direct(ctx, bot, msg, &msg.content).await;
    }
    if msg.mentions_user_id(me) {
        let text = msg
            .content
            .replace(&format!("<@{me}>"), " ")
            .replace(&format!("<@!{me}>"), " ");
        return direct(ctx, bot, msg, &text).await;
    }
    auto_explain(ctx, bot, msg).await
}

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

/// A question put to sipbot: explicit mode, a full answer, as a reply without a ping. Text
/// files attached to the question are read too (a long paste arrives as `message.txt`), as
/// the "Explain SIP codes" menu reads them: the call flow for a trace, refusals said.
async fn direct(
    ctx: &serenity::Context,
    bot: &Data,
    msg: &Message,
    text: &str,
) -> Result<(), Error> {
    let started = Instant::now();
    metrics::counter!(names::MESSAGES).increment(1);
    let lang = channel_lang(ctx, bot, msg.guild_id).await;
    let capture = attachments::message_capture(bot, lang, msg, false).await;
    let reply = if let Some(capture) = capture {
        capture
    } else if !msg.attachments.is_empty() {
        let (files, refused) = attachments::files_text(bot, msg.attachments.iter()).await;
        let (reply, _) = attachments::analyse(bot, lang, format!("{text}\n{files}"), false).await;
        attachments::with_refusals(bot, lang, reply, &refused)
    } else if text.trim().is_empty() {
        Reply::embed(render::help(&bot.cat, lang)).fit()
    } else {
        answer::answer(&bot.cat, &bot.det, lang, text).reply
    };
    let reply = guild::answered(bot, msg.guild_id.map(|g| g.get()), lang, reply).await;
    let message = convert::message(&reply).reference_message(msg);
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

async fn auto_explain(ctx: &serenity::Context, bot: &Data, msg: &Message) -> Result<(), Error> {
    if !bot.content_intent.load(Ordering::Relaxed) {
        return Ok(());
    }
    let started = Instant::now();
    metrics::counter!(names::MESSAGES).increment(1);
    let channel = msg.channel_id.get();
    let guild = msg.guild_id.map(|g| g.get());
    let prefs = guild::load(bot, guild.unwrap_or_default()).await;
    let Some(mode) = guild::detect_mode(&prefs, channel) else {
        return Ok(());
    };
    // A long paste arrives as `message.txt`: read it, and other text files, with the message.
    let pasted = attachments::pasted_files(msg);
    let files = !pasted.is_empty();
    let (text, refused) = if files {
        attachments::files_text(bot, pasted.into_iter()).await
    } else {
        (String::new(), Vec::new())
    };
    let text = if files {
        format!("{}\n{text}", msg.content)
    } else {
        msg.content.clone()
    };
    // A packet capture posted with the message: its calls' codes are listed (and kept on
    // cooldown) with the text's, and its story is the reply.
    let mut refused = refused;
    let capture = match attachments::posted_capture(bot, msg).await {
        Some(Ok(cap)) => Some(cap),
        Some(Err(r)) => {
            refused.push(r);
            None
        }
        None => None,
    };
    let files = files || capture.is_some();
    let text = std::sync::Arc::new(text);
    let findings = if files {
        // Up to SIPBOT_MAX_ATTACHMENT of text: off the gateway task, within the time limit.
        let t = text.clone();
        attachments::off_the_gateway(bot, move |b| b.det.detect(&t, mode))
            .await
            .unwrap_or_default()
    } else {
        bot.det.detect(&text, mode)
    };
    let mut items = item::items(&findings);
    for i in capture
        .as_ref()
        .map(auto::capture_items)
        .unwrap_or_default()
    {
        if !items.contains(&i) {
            items.push(i);
        }
    }
    if items.is_empty() {
        return Ok(());
    }
    metrics::counter!(names::FINDINGS).increment(findings.len() as u64);
    let pacing = guild::pacing(&bot.pacing, &prefs);
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
    let lang = channel_lang(ctx, bot, msg.guild_id).await;
    let (reply, is_trace) = if let Some(cap) = &capture {
        (render::media::capture_reply(&bot.cat, lang, cap), true)
    } else if files {
        let (t, listed, max) = (text.clone(), items.clone(), pacing.max_items);
        attachments::off_the_gateway(bot, move |b| auto::reply(&b.cat, lang, &t, &listed, max))
            .await
            .unwrap_or_else(|| {
                (
                    render::compact(&bot.cat, lang, &items, pacing.max_items),
                    false,
                )
            })
    } else {
        auto::reply(&bot.cat, lang, &text, &items, pacing.max_items)
    };
    let reply = attachments::with_refusals(bot, lang, reply, &refused);
    let source = is_trace.then_some((channel, msg.id.get()));
    bot.state().sending(msg.id.get());
    let message = convert::message(&reply)
        .components(buttons::auto_reply_row(
            &bot.cat,
            lang,
            &items,
            msg.author.id.get(),
            source,
        ))
        .reference_message(msg);
    match send::with_retry("auto reply", || {
        msg.channel_id.send_message(&ctx.http, message.clone())
    })
    .await
    {
        Ok(sent) => {
            replied("auto", started);
            let codes = item::codes(&items);
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
                    files,
                },
            );
            guild::count(bot, guild, codes);
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
pub async fn on_edit(
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
    if posted.files {
        return Ok(()); // the reply explains the attached files, which an edit leaves
    }
    let channel = ChannelId::new(posted.channel);
    let reply_id = MessageId::new(posted.reply);
    let prefs = guild::load(bot, ev.guild_id.map_or(0, |g| g.get())).await;
    // A reply exists, so the channel was not off: re-read in its mode (strict if it changed).
    let mode = guild::detect_mode(&prefs, posted.channel).unwrap_or(Mode::Strict);
    let items = auto::items(&bot.det, content, mode);
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
    let lang = channel_lang(ctx, bot, ev.guild_id).await;
    let max_items = guild::pacing(&bot.pacing, &prefs).max_items;
    let (reply, is_trace) = auto::reply(&bot.cat, lang, content, &items, max_items);
    let source = is_trace.then_some((posted.channel, ev.id.get()));
    let edit = EditMessage::new()
        .embeds(convert::embeds(&reply))
        .components(buttons::auto_reply_row(
            &bot.cat,
            lang,
            &items,
            posted.author,
            source,
        ))
        .allowed_mentions(convert::no_mentions());
    send::with_retry("edit reply", || {
        channel.edit_message(&ctx.http, reply_id, edit.clone())
    })
    .await?;
    bot.state().update_items(ev.id.get(), items);
    Ok(())
}

/// An answered message was deleted: so is the reply. A deleted reply is forgotten.
pub async fn on_delete(ctx: &serenity::Context, bot: &Data, id: MessageId) -> Result<(), Error> {
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
