//! `/sip search`: codes ranked by words.

use super::{lang, send};
use crate::discord::types::{Context, Error};
use crate::render::{self, Reply};

/// Search codes by words: busy, auth, timeout, codec…
#[poise::command(slash_command)]
pub async fn search(
    ctx: Context<'_>,
    #[description = "Words to look for"] text: String,
) -> Result<(), Error> {
    let bot = ctx.data();
    let lang = lang(ctx).await;
    let hits = bot.cat.search(&text, lang, 10);
    let reply = Reply::embed(render::search(&bot.cat, lang, &text, &hits)).fit();
    send(ctx, reply, hits.is_empty()).await
}
