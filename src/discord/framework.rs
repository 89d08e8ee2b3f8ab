//! The framework around the commands: the poise options (the registry, mentions off, no
//! prefix), registering the commands when the gateway is ready, the event dispatch, and the
//! one `on_error` for every framework error — a `UserError` is sent to the person
//! (ephemeral, in their language), everything else is logged and answered with "something
//! went wrong", never with poise's built-in English.

use poise::serenity_prelude as serenity;

use super::commands;
use super::convert;
use super::events;
use super::types::{Context, Data, Error};
use super::user_error::UserError;
use crate::render::Reply;

/// The poise framework around the commands and the event handler. Commands are registered
/// when the gateway is ready: in `dev_guild` only, or globally.
pub fn framework(
    bot: Data,
    dev_guild: Option<u64>,
    register: bool,
) -> poise::Framework<Data, Error> {
    let commands = commands::all(&bot.cat);
    poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands,
            on_error: |e| Box::pin(on_error(e)),
            event_handler: |fw, event| Box::pin(events::handle(fw, event)),
            allowed_mentions: Some(convert::no_mentions()),
            initialize_owners: false,
            pre_command: |ctx| {
                Box::pin(async move {
                    let name = ctx.command().qualified_name.to_string();
                    metrics::counter!(super::ops::names::COMMANDS, "command" => name).increment(1);
                })
            },
            prefix_options: poise::PrefixFrameworkOptions {
                prefix: None,
                mention_as_prefix: false,
                ..Default::default()
            },
            ..Default::default()
        })
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                bot.ops.connected(false);
                tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), "ready");
                if !register {
                    return Ok(bot); // shard 0's process registers the commands
                }
                let create = application_commands(&framework.options().commands);
                let n = create.len();
                // A failed registration is logged, never fatal: the commands registered
                // before still work, and auto-explain does not need them.
                let done = match dev_guild {
                    Some(g) => serenity::GuildId::new(g).set_commands(ctx, create).await,
                    None => serenity::Command::set_global_commands(ctx, create).await,
                };
                match done {
                    Ok(_) => {
                        tracing::info!(commands = n, guild = ?dev_guild, "commands registered")
                    }
                    Err(e) => tracing::error!(error = %e, "registering the commands failed"),
                }
                Ok(bot)
            })
        })
        .build()
}

/// What Discord registers: each slash command, and each message menu with its localised
/// names (poise leaves those out of menu commands).
fn application_commands(commands: &[poise::Command<Data, Error>]) -> Vec<serenity::CreateCommand> {
    let mut out = Vec::new();
    for c in commands {
        if let Some(slash) = c.create_as_slash_command() {
            out.push(slash);
        }
        if let Some(mut menu) = c.create_as_context_menu_command() {
            for (locale, name) in c.name_localizations.iter() {
                menu = menu.name_localized(locale.as_ref(), name.as_ref());
            }
            out.push(menu);
        }
    }
    out
}

/// One place for every framework error: people get an ephemeral sentence, logs get the rest.
async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    use poise::FrameworkError as E;
    match error {
        E::Setup { error, .. } => {
            tracing::error!(%error, "registering the commands failed; sipbot keeps running without them")
        }
        E::EventHandler { error, event, .. } => {
            tracing::warn!(%error, event = event.snake_case_name(), "event handler failed")
        }
        E::Command { error, ctx, .. } => failed(ctx, error).await,
        E::CommandCheckFailed {
            error: Some(error),
            ctx,
            ..
        } => failed(ctx, error).await,
        E::GuildOnly { ctx, .. } => tell(ctx, &UserError::GuildOnly).await,
        E::MissingUserPermissions { ctx, .. } => tell(ctx, &UserError::NotAdmin).await,
        E::ArgumentParse {
            error, input, ctx, ..
        } => {
            tracing::info!(%error, ?input, command = %ctx.command().qualified_name, "options not understood");
            tell(ctx, &UserError::BadOptions).await;
        }
        // Options that do not match the registered command: an outdated client or command.
        E::CommandStructureMismatch {
            description, ctx, ..
        } => {
            tracing::info!(description, command = %ctx.command().qualified_name, "options do not match the command");
            tell(poise::Context::Application(ctx), &UserError::BadOptions).await;
        }
        other => {
            tracing::warn!(error = %other, "framework error");
            if let Some(ctx) = other.ctx() {
                say(
                    ctx,
                    Reply::text(
                        ctx.data()
                            .cat
                            .t(commands::lang(ctx).await, "command-failed"),
                    ),
                )
                .await;
            }
        }
    }
}

/// A command's error: what we tell the person when it is a `UserError`, else a failure of ours.
async fn failed(ctx: Context<'_>, error: Error) {
    match error.downcast::<UserError>() {
        Ok(u) => tell(ctx, &u).await,
        Err(error) => {
            tracing::warn!(%error, command = %ctx.command().qualified_name, "command failed");
            let text = ctx
                .data()
                .cat
                .t(commands::lang(ctx).await, "command-failed");
            say(ctx, Reply::text(text)).await;
        }
    }
}

/// Sends a `UserError` to the person, ephemeral and translated.
async fn tell(ctx: Context<'_>, u: &UserError) {
    let command = &*ctx.command().qualified_name;
    if u.is_ours() {
        tracing::warn!(error = %u, command, "database error");
    } else {
        tracing::info!(refused = %u, command, "command refused");
    }
    let lang = commands::lang(ctx).await;
    say(ctx, u.reply(ctx.data(), lang)).await;
}

async fn say(ctx: Context<'_>, reply: Reply) {
    if let Err(e) = ctx.send(convert::poise_reply(&reply, true)).await {
        tracing::warn!(error = %e, "the error could not be answered");
    }
}
