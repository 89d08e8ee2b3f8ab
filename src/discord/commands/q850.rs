//! `/sip q850`: a Q.850 cause and its SIP mapping.

use super::{lang, send};
use crate::discord::types::{Context, Error};
use crate::render::{self, Reply};

/// Decode a Q.850 cause and its SIP mapping.
#[poise::command(slash_command)]
pub async fn q850(
    ctx: Context<'_>,
    #[description = "The cause value"]
    #[min = 1]
    #[max = 127]
    cause: u8,
) -> Result<(), Error> {
    let bot = ctx.data();
    let lang = lang(ctx).await;
    match render::cause(&bot.cat, lang, cause) {
        Some(e) => send(ctx, Reply::embed(e).fit(), false).await,
        None => {
            let e = render::not_a_cause(&bot.cat, lang, &cause.to_string());
            send(ctx, Reply::embed(e).fit(), true).await
        }
    }
}
