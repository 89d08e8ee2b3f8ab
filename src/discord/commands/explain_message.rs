//! The "Explain SIP codes" message menu: everything in a message and its text attachments,
//! for whoever asked.

use poise::serenity_prelude as serenity;

use super::lang;
use crate::discord::types::{Context, Error};
use crate::discord::{attachments, buttons, convert, guild};

/// Explains everything in a message and its text attachments (right-click → Apps), for
/// whoever asked.
#[poise::command(context_menu_command = "Explain SIP codes")]
pub async fn explain_message(
    ctx: Context<'_>,
    #[description = "The message to explain"] msg: serenity::Message,
) -> Result<(), Error> {
    let bot = ctx.data().clone();
    let lang = lang(ctx).await;
    // Attachments are downloaded; that and a long analysis may take more than 3 seconds.
    if !msg.attachments.is_empty() {
        ctx.defer_ephemeral().await?;
    }
    let (text, refused) = attachments::message_text(&bot, &msg).await;
    let (reply, is_trace) = match attachments::message_capture(&bot, lang, &msg, false).await {
        Some(capture) => (capture, true),
        None => attachments::analyse(&bot, lang, text, false).await,
    };
    let reply = attachments::with_refusals(&bot, lang, reply, &refused);
    let guild = ctx.guild_id().map(|g| g.get());
    let reply = guild::answered(&bot, guild, lang, reply).await;
    let mut out = convert::poise_reply(&reply, true);
    if is_trace {
        out = out.components(vec![buttons::redact_row(
            &bot.cat,
            lang,
            msg.channel_id.get(),
            msg.id.get(),
        )]);
    }
    ctx.send(out).await?;
    Ok(())
}
