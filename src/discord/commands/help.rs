//! `/sip help`: what sipbot does and how to use it.

use super::{lang, send};
use crate::discord::types::{Context, Error};
use crate::render::{self, Reply};

/// What sipbot does and how to use it.
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), Error> {
    let bot = ctx.data();
    let reply = Reply::embed(render::help(&bot.cat, lang(ctx).await)).fit();
    send(ctx, reply, true).await
}
