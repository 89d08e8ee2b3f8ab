//! `/sip vs`: two codes side by side.

use super::{code_option, complete_code, lang, send};
use crate::discord::types::{Context, Error};
use crate::render::{self, Reply};

/// Compare two SIP response codes side by side.
#[poise::command(slash_command)]
pub async fn vs(
    ctx: Context<'_>,
    #[description = "The first code"]
    #[autocomplete = "complete_code"]
    a: String,
    #[description = "The second code"]
    #[autocomplete = "complete_code"]
    b: String,
) -> Result<(), Error> {
    let bot = ctx.data();
    let lang = lang(ctx).await;
    let (a, b) = (code_option(&bot.cat, &a)?, code_option(&bot.cat, &b)?);
    match bot.cat.compare(a, b, lang) {
        Some(c) => {
            send(
                ctx,
                Reply::embed(render::comparison(&bot.cat, lang, c)).fit(),
                false,
            )
            .await
        }
        None => {
            let e = render::not_a_code(&bot.cat, lang, &format!("{a} vs {b}"), &[]);
            send(ctx, Reply::embed(e).fit(), true).await
        }
    }
}
