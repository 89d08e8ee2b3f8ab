//! From the core's `Reply`/`Explanation` to serenity's builders, and nothing else: the render
//! layer already decided every word and kept every limit.

use poise::serenity_prelude as serenity;
use serenity::{CreateAllowedMentions, CreateEmbed, CreateEmbedFooter};

use crate::render::{Explanation, Reply};

/// Mentions off: pasted text can hold @everyone or a user mention, and a reply never pings
/// its author (`{"parse": [], "replied_user": false}`).
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .everyone(false)
        .all_users(false)
        .all_roles(false)
        .replied_user(false)
}

pub fn embed(e: &Explanation) -> CreateEmbed {
    let mut b = CreateEmbed::new().title(&e.title).colour(e.colour);
    if !e.description.is_empty() {
        b = b.description(&e.description);
    }
    if let Some(url) = &e.url {
        b = b.url(url);
    }
    for f in &e.fields {
        b = b.field(&f.name, &f.value, f.inline);
    }
    if let Some(footer) = &e.footer {
        b = b.footer(CreateEmbedFooter::new(footer));
    }
    b
}

pub fn embeds(r: &Reply) -> Vec<CreateEmbed> {
    r.embeds.iter().map(embed).collect()
}

/// A reply for poise (slash commands), ephemeral or not.
pub fn poise_reply(r: &Reply, ephemeral: bool) -> poise::CreateReply {
    let mut out = poise::CreateReply::default()
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions());
    if let Some(c) = &r.content {
        out = out.content(c);
    }
    for e in &r.embeds {
        out = out.embed(embed(e));
    }
    out
}

/// An interaction answer carrying `reply` and buttons, mentions off.
pub fn interaction_message(
    r: &Reply,
    ephemeral: bool,
    buttons: Vec<serenity::CreateActionRow>,
) -> serenity::CreateInteractionResponseMessage {
    let mut m = serenity::CreateInteractionResponseMessage::new()
        .ephemeral(ephemeral)
        .embeds(embeds(r))
        .components(buttons)
        .allowed_mentions(no_mentions());
    if let Some(c) = &r.content {
        m = m.content(c);
    }
    m
}

/// A follow-up of a deferred interaction carrying `reply`, mentions off.
pub fn followup(r: &Reply, ephemeral: bool) -> serenity::CreateInteractionResponseFollowup {
    let mut f = serenity::CreateInteractionResponseFollowup::new()
        .ephemeral(ephemeral)
        .embeds(embeds(r))
        .allowed_mentions(no_mentions());
    if let Some(c) = &r.content {
        f = f.content(c);
    }
    f
}

/// A channel message carrying `reply` (auto-explain, mentions), mentions off.
pub fn message(r: &Reply) -> serenity::CreateMessage {
    let m = serenity::CreateMessage::new()
        .embeds(embeds(r))
        .allowed_mentions(no_mentions());
    match &r.content {
        Some(c) => m.content(c),
        None => m,
    }
}
