//! `/sip stats`: the codes explained most in this server, with a PNG chart.

use poise::serenity_prelude as serenity;

use super::{guild, lang};
use crate::discord::convert;
use crate::discord::types::{now_secs, Context, Error};
use crate::discord::user_error::UserError;
use crate::render::{server, Reply};
use crate::settings::first_day;

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum DaysChoice {
    #[name = "7"]
    Week,
    #[name = "30"]
    Month,
    #[name = "90"]
    Quarter,
}

impl DaysChoice {
    fn days(self) -> u32 {
        match self {
            DaysChoice::Week => 7,
            DaysChoice::Month => 30,
            DaysChoice::Quarter => 90,
        }
    }
}

/// The codes explained most in this server, with a chart.
#[poise::command(slash_command, guild_only)]
pub async fn stats(
    ctx: Context<'_>,
    #[description = "7, 30 or 90 days"] days: DaysChoice,
) -> Result<(), Error> {
    let g = guild(ctx)?;
    let bot = ctx.data();
    let lang = lang(ctx).await;
    let days = days.days();
    let top = bot
        .store
        .top_codes(Some(g), first_day(now_secs(), days), server::STATS_TOP)
        .await
        .map_err(UserError::Store)?;
    let e = Reply::embed(server::stats(&bot.cat, lang, days, &top)).fit();
    let mut reply = convert::poise_reply(&e, false);
    if !top.is_empty() {
        let (title, bars) = server::chart(&bot.cat, lang, days, &top);
        match crate::chart::bar_chart_png(&title, &bars) {
            Ok(png) => {
                let embed = convert::embed(&e.embeds[0]).image("attachment://stats.png");
                reply = poise::CreateReply::default()
                    .allowed_mentions(convert::no_mentions())
                    .embed(embed)
                    .attachment(serenity::CreateAttachment::bytes(png, "stats.png"));
            }
            Err(err) => tracing::warn!(error = %err, "the stats chart was not drawn"),
        }
    }
    ctx.send(reply).await?;
    Ok(())
}
