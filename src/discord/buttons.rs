//! Every button sipbot puts under a message, and the paste pop-up: the format of their
//! `custom_id`s ([`Button`], decided here only), the rows that carry them, and the one
//! dispatcher that answers a press. Ids are stateless (they say what to do and for whom), so
//! buttons keep working after a restart; a forged or old id is refused, never trusted.
//!
//! - Details `sipbot:d:<items>`: the full explanations of the items a reply lists.
//! - Delete `sipbot:x:<author>`: removes the reply, for its author or a moderator.
//! - Redacted copy `sipbot:r:<channel>:<message>`: the trace analysis, masked.
//! - Reset `sipbot-reset:yes|no:<user>`: the confirmation of `/sip settings reset` (not under
//!   `sipbot:`, which the auto-explain buttons own).

use poise::serenity_prelude as serenity;
use serenity::{
    ButtonStyle, ComponentInteraction, CreateActionRow, CreateButton, CreateInteractionResponse,
    CreateInteractionResponseMessage,
};

use crate::catalogue::{Catalogue, Lang};
use crate::item::{self, Item};
use crate::render::{self, Reply};

use super::types::{Bot, Data, Error};
use super::user_error::UserError;
use super::{attachments, convert, guild, send};

/// Discord's limit on a custom id.
const CUSTOM_ID_MAX: usize = 100;
const DETAILS: &str = "sipbot:d:";
const DELETE: &str = "sipbot:x:";
const REDACT: &str = "sipbot:r:";
const RESET: &str = "sipbot-reset:";
const PASTE: &str = "sipbot:paste:";

/// A press, read from its `custom_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Button {
    /// The items of the reply (none left: an old or forged id).
    Details(Vec<Item>),
    /// Who may delete the reply besides moderators (`None`: unreadable id).
    Delete { author: Option<u64> },
    /// The message whose trace to show masked (`None`: unreadable id).
    Redact { source: Option<(u64, u64)> },
    /// The reset confirmation: confirmed or not, and who asked (`None`: unreadable id).
    Reset { confirm: bool, user: Option<u64> },
}

impl Button {
    /// The `custom_id`, within Discord's 100 characters (Details lists as many items as fit).
    pub fn id(&self) -> String {
        match self {
            Button::Details(items) => format!(
                "{DETAILS}{}",
                item::encode(items, CUSTOM_ID_MAX - DETAILS.len())
            ),
            Button::Delete { author } => format!("{DELETE}{}", author.unwrap_or(0)),
            Button::Redact { source } => {
                let (channel, message) = source.unwrap_or((0, 0));
                format!("{REDACT}{channel}:{message}")
            }
            Button::Reset { confirm, user } => format!(
                "{RESET}{}:{}",
                if *confirm { "yes" } else { "no" },
                user.unwrap_or(0)
            ),
        }
    }

    /// The press a `custom_id` stands for; `None` when it is not one of sipbot's buttons.
    pub fn parse(id: &str) -> Option<Button> {
        if let Some(tokens) = id.strip_prefix(DETAILS) {
            return Some(Button::Details(item::decode(tokens)));
        }
        if let Some(author) = id.strip_prefix(DELETE) {
            return Some(Button::Delete {
                author: author.parse().ok(),
            });
        }
        if let Some(rest) = id.strip_prefix(REDACT) {
            let ids: Vec<u64> = rest.split(':').filter_map(|p| p.parse().ok()).collect();
            let source = match ids[..] {
                [channel, message] => Some((channel, message)),
                _ => None,
            };
            return Some(Button::Redact { source });
        }
        if let Some(rest) = id.strip_prefix(RESET) {
            let (answer, user) = rest.split_once(':').unwrap_or(("", ""));
            return Some(Button::Reset {
                confirm: answer == "yes",
                user: user.parse().ok(),
            });
        }
        None
    }

    /// Whether a component's id is one of sipbot's (what the event loop counts as work).
    pub fn is_ours(id: &str) -> bool {
        id.starts_with("sipbot:") || id.starts_with(RESET)
    }
}

/// The id of the paste pop-up opened by one `/sip trace` interaction.
pub fn paste_id(interaction: u64) -> String {
    format!("{PASTE}{interaction}")
}

fn button(
    cat: &Catalogue,
    lang: Lang,
    b: &Button,
    label: &str,
    style: ButtonStyle,
) -> CreateButton {
    CreateButton::new(b.id())
        .label(cat.t(lang, label))
        .style(style)
}

/// Under an auto reply: Details and Delete; for a trace also Redacted copy (of `source`:
/// channel, message).
pub fn auto_reply_row(
    cat: &Catalogue,
    lang: Lang,
    items: &[Item],
    author: u64,
    source: Option<(u64, u64)>,
) -> Vec<CreateActionRow> {
    let mut row = vec![
        button(
            cat,
            lang,
            &Button::Details(items.to_vec()),
            "button-details",
            ButtonStyle::Primary,
        ),
        button(
            cat,
            lang,
            &Button::Delete {
                author: Some(author),
            },
            "button-delete",
            ButtonStyle::Secondary,
        ),
    ];
    if let Some(source) = source {
        row.push(redact(cat, lang, source));
    }
    vec![CreateActionRow::Buttons(row)]
}

fn redact(cat: &Catalogue, lang: Lang, source: (u64, u64)) -> CreateButton {
    button(
        cat,
        lang,
        &Button::Redact {
            source: Some(source),
        },
        "button-redacted",
        ButtonStyle::Secondary,
    )
}

/// The Redacted copy button alone, for the message a trace reply answers.
pub fn redact_row(cat: &Catalogue, lang: Lang, channel: u64, message: u64) -> CreateActionRow {
    CreateActionRow::Buttons(vec![redact(cat, lang, (channel, message))])
}

/// The reset confirmation's two buttons, for `user`.
pub fn reset_row(cat: &Catalogue, lang: Lang, user: u64) -> CreateActionRow {
    CreateActionRow::Buttons(vec![
        button(
            cat,
            lang,
            &Button::Reset {
                confirm: true,
                user: Some(user),
            },
            "button-reset-confirm",
            ButtonStyle::Danger,
        ),
        button(
            cat,
            lang,
            &Button::Reset {
                confirm: false,
                user: Some(user),
            },
            "button-reset-cancel",
            ButtonStyle::Secondary,
        ),
    ])
}

/// Answers a press on one of sipbot's buttons; other components are not ours. A refusal
/// ([`UserError`]) is answered ephemeral, in the presser's language.
pub async fn dispatch(
    ctx: &serenity::Context,
    bot: &Data,
    c: &ComponentInteraction,
) -> Result<(), Error> {
    let Some(pressed) = Button::parse(&c.data.custom_id) else {
        return Ok(());
    };
    let lang = guild::lang(bot, c.guild_id.map(|g| g.get()), Some(c.locale.as_str())).await;
    let done = match pressed {
        Button::Details(items) => on_details(ctx, bot, c, lang, &items).await,
        Button::Delete { author } => on_delete(ctx, bot, c, author).await,
        Button::Redact { source } => on_redact(ctx, bot, c, lang, source).await,
        Button::Reset { confirm, user } => on_reset(ctx, bot, c, lang, confirm, user).await,
    };
    match done {
        Err(e) => match e.downcast::<UserError>() {
            Ok(u) => {
                tracing::info!(refused = %u, button = %c.data.custom_id, "button refused");
                ephemeral(ctx, c, &u.reply(bot, lang)).await
            }
            Err(e) => Err(e),
        },
        ok => ok,
    }
}

async fn ephemeral(
    ctx: &serenity::Context,
    c: &ComponentInteraction,
    reply: &Reply,
) -> Result<(), Error> {
    let m = convert::interaction_message(reply, true, Vec::new());
    c.create_response(&ctx.http, CreateInteractionResponse::Message(m))
        .await?;
    Ok(())
}

async fn on_details(
    ctx: &serenity::Context,
    bot: &Bot,
    c: &ComponentInteraction,
    lang: Lang,
    items: &[Item],
) -> Result<(), Error> {
    if items.is_empty() {
        return Err(UserError::Gone.into());
    }
    let guild = c.guild_id.map(|g| g.get());
    let reply = guild::annotate(bot, guild, lang, render::details(&bot.cat, lang, items)).await;
    ephemeral(ctx, c, &reply).await
}

async fn on_delete(
    ctx: &serenity::Context,
    bot: &Bot,
    c: &ComponentInteraction,
    author: Option<u64>,
) -> Result<(), Error> {
    let is_author = author == Some(c.user.id.get());
    let can_manage = c
        .member
        .as_ref()
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_messages());
    if !(is_author || can_manage) {
        return Err(UserError::NotAuthor.into());
    }
    c.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let (channel, reply) = (c.channel_id, c.message.id);
    bot.state().forget_reply(reply.get());
    send::with_retry("delete reply", || channel.delete_message(&ctx.http, reply)).await?;
    Ok(())
}

/// The same analysis of the original message, masked, for whoever clicked.
async fn on_redact(
    ctx: &serenity::Context,
    bot: &Data,
    c: &ComponentInteraction,
    lang: Lang,
    source: Option<(u64, u64)>,
) -> Result<(), Error> {
    let Some((channel, message)) = source else {
        return Err(UserError::Gone.into());
    };
    // Fetching and analysing can take a while: answer "thinking…" first.
    c.create_response(
        &ctx.http,
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(true)),
    )
    .await?;
    let original = ctx.http.get_message(channel.into(), message.into()).await;
    let reply = match original {
        Ok(msg) => match attachments::message_capture(bot, lang, &msg, true).await {
            Some(capture) => capture,
            None => {
                let (text, refused) = attachments::message_text(bot, &msg).await;
                let (reply, _) = attachments::analyse(bot, lang, text, true).await;
                attachments::with_refusals(bot, lang, reply, &refused)
            }
        },
        Err(e) => {
            tracing::info!(error = %e, "the original message is gone");
            UserError::Gone.reply(bot, lang)
        }
    };
    c.create_followup(&ctx.http, convert::followup(&reply, true))
        .await?;
    Ok(())
}

/// A press on the reset confirmation; the presser's permission is checked again.
async fn on_reset(
    ctx: &serenity::Context,
    bot: &Bot,
    c: &ComponentInteraction,
    lang: Lang,
    confirm: bool,
    user: Option<u64>,
) -> Result<(), Error> {
    let may = user == Some(c.user.id.get())
        && c.member
            .as_ref()
            .and_then(|m| m.permissions)
            .is_some_and(|p| p.manage_guild());
    let Some(g) = c.guild_id.map(|g| g.get()).filter(|_| may) else {
        return Err(UserError::NotAdmin.into());
    };
    let key = if confirm {
        // Counts not yet written would bring the old statistics back.
        let _no_writes = bot.tally.forget(g).await;
        match bot.store.reset_guild(g).await {
            Ok(()) => {
                bot.prefs.invalidate(g);
                tracing::info!(guild = g, user = %c.user.id, "server data reset");
                "settings-reset-done"
            }
            Err(e) => {
                tracing::warn!(guild = g, error = %e, "reset failed");
                "store-failed"
            }
        }
    } else {
        "settings-reset-cancelled"
    };
    let m = CreateInteractionResponseMessage::new()
        .content(bot.cat.t(lang, key))
        .allowed_mentions(convert::no_mentions())
        .embeds(Vec::new())
        .components(Vec::new());
    c.create_response(&ctx.http, CreateInteractionResponse::UpdateMessage(m))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_fit_discords_limit() {
        let many: Vec<Item> = (100..200).map(Item::Code).collect();
        let details = Button::Details(many.clone()).id();
        assert!(details.len() <= CUSTOM_ID_MAX, "{details}");
        match Button::parse(&details) {
            Some(Button::Details(items)) => assert_eq!(items[..], many[..items.len()]),
            other => panic!("{other:?}"),
        }
        for b in [
            Button::Details(vec![Item::Code(486), Item::Compare(486, 600)]),
            Button::Delete { author: Some(42) },
            Button::Redact {
                source: Some((1, 2)),
            },
            Button::Reset {
                confirm: true,
                user: Some(7),
            },
            Button::Reset {
                confirm: false,
                user: Some(7),
            },
        ] {
            assert_eq!(Button::parse(&b.id()), Some(b.clone()), "{}", b.id());
            assert!(Button::is_ours(&b.id()));
        }
        assert_eq!(
            Button::parse("sipbot:x:junk"),
            Some(Button::Delete { author: None })
        );
        assert_eq!(
            Button::parse("sipbot:r:1"),
            Some(Button::Redact { source: None })
        );
        assert_eq!(Button::parse("other:1"), None);
        assert!(
            Button::parse(&paste_id(5)).is_none(),
            "the pop-up is no button"
        );
    }
}
