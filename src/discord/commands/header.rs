//! `/sip header`: explains a SIP header field by its full or compact name, with autocomplete
//! over both.

use poise::serenity_prelude as serenity;

use super::{lang, send};
use crate::discord::types::{Context, Error};
use crate::render::{self, Reply};

/// How many choices Discord shows at most.
const CHOICES: usize = 25;

/// Choices for the name option: "Call-ID (i)" for the value "Call-ID".
async fn complete_header(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let choices = ctx
        .data()
        .cat
        .complete_header(partial, CHOICES)
        .into_iter()
        .map(|h| {
            let label = match &h.compact {
                Some(c) => format!("{} ({c})", h.name),
                None => h.name.clone(),
            };
            serenity::AutocompleteChoice::new(label, h.name.clone())
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Explain a SIP header field.
#[poise::command(slash_command)]
pub async fn header(
    ctx: Context<'_>,
    #[description = "A header name or compact form: Via, Record-Route, i, m…"]
    #[autocomplete = "complete_header"]
    name: String,
) -> Result<(), Error> {
    let bot = ctx.data();
    let lang = lang(ctx).await;
    // An unknown name gets a private answer with the nearest names; a header, a public one.
    match bot.cat.header(&name) {
        Some(h) => {
            send(
                ctx,
                Reply::embed(render::header(&bot.cat, lang, h, &name)).fit(),
                false,
            )
            .await
        }
        None => {
            send(
                ctx,
                Reply::embed(render::not_a_header(&bot.cat, lang, &name)).fit(),
                true,
            )
            .await
        }
    }
}
