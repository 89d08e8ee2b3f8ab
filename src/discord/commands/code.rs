//! `/sip code`: a code, a reason phrase or words, answered like a direct question.

use super::{complete_code, lang, send};
use crate::answer;
use crate::discord::guild;
use crate::discord::types::{Context, Error};

/// Explain a SIP response code.
#[poise::command(slash_command)]
pub async fn code(
    ctx: Context<'_>,
    #[description = "A code, a reason phrase or words"]
    #[autocomplete = "complete_code"]
    query: String,
) -> Result<(), Error> {
    let bot = ctx.data();
    let lang = lang(ctx).await;
    let ans = answer::answer(&bot.cat, &bot.det, lang, &query);
    let guild = ctx.guild_id().map(|g| g.get());
    let reply = guild::answered(bot, guild, lang, ans.reply).await;
    send(ctx, reply, !ans.understood).await
}
