//! `/sip class`: the codes of a class.

use super::{lang, send};
use crate::catalogue::Class;
use crate::discord::types::{Context, Error};
use crate::render::{self, Reply};

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum ClassChoice {
    #[name = "1xx"]
    Provisional,
    #[name = "2xx"]
    Success,
    #[name = "3xx"]
    Redirection,
    #[name = "4xx"]
    ClientFailure,
    #[name = "5xx"]
    ServerFailure,
    #[name = "6xx"]
    GlobalFailure,
}

impl From<ClassChoice> for Class {
    fn from(c: ClassChoice) -> Class {
        match c {
            ClassChoice::Provisional => Class::Provisional,
            ClassChoice::Success => Class::Success,
            ClassChoice::Redirection => Class::Redirection,
            ClassChoice::ClientFailure => Class::ClientFailure,
            ClassChoice::ServerFailure => Class::ServerFailure,
            ClassChoice::GlobalFailure => Class::GlobalFailure,
        }
    }
}

/// List the codes of a class.
#[poise::command(slash_command)]
pub async fn class(
    ctx: Context<'_>,
    #[description = "The class"] class: ClassChoice,
) -> Result<(), Error> {
    let bot = ctx.data();
    let lang = lang(ctx).await;
    let full = Reply::embeds(render::class_list(&bot.cat, lang, class.into(), false));
    // The 4xx list with summaries is longer than one message holds: then codes and phrases.
    let reply = if render::check_limits(&full).is_ok() {
        full
    } else {
        Reply::embeds(render::class_list(&bot.cat, lang, class.into(), true)).fit()
    };
    send(ctx, reply, false).await
}
