//! `/sip q850`: a Q.850 cause and its SIP mapping, by number or by a PBX's hangup cause name.

use super::{complete_cause, lang, send};
use crate::catalogue::Cause;
use crate::discord::types::{Context, Error};
use crate::render::{self, Reply};

/// Decode a Q.850 cause and its SIP mapping.
#[poise::command(slash_command)]
pub async fn q850(
    ctx: Context<'_>,
    #[description = "The cause value, or a hangup cause name such as USER_BUSY"]
    #[autocomplete = "complete_cause"]
    cause: String,
) -> Result<(), Error> {
    let bot = ctx.data();
    let lang = lang(ctx).await;
    let typed = cause.trim();
    let explained = match typed.parse::<Cause>() {
        Ok(c) => render::cause(&bot.cat, lang, c.get()),
        Err(_) => bot
            .cat
            .hangup_name(typed)
            .and_then(|n| render::hangup_name(&bot.cat, lang, n)),
    };
    match explained {
        Some(e) => send(ctx, Reply::embed(e).fit(), false).await,
        None => {
            let e = render::not_a_cause(&bot.cat, lang, typed);
            send(ctx, Reply::embed(e).fit(), true).await
        }
    }
}
