//! `/sip note`: team notes on codes, shown in this server only, on the code's explanation.
//! Editing takes Manage Server or the server's note role.

use super::{code_option, complete_code, guild, lang, member_permissions, member_roles, send};
use crate::catalogue::Args;
use crate::discord::guild as prefs;
use crate::discord::types::{now_secs, Context, Error};
use crate::discord::user_error::UserError;
use crate::render::{self, server, Reply};
use crate::settings::{self as cfg, Invalid};

/// Team notes on codes, shown in this server only.
#[poise::command(
    slash_command,
    subcommands("note_set", "note_remove", "note_list"),
    subcommand_required,
    guild_only
)]
pub async fn note(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// The poise check of the editing commands: Manage Server, or the note role.
async fn note_editor(ctx: Context<'_>) -> Result<bool, Error> {
    let g = guild(ctx)?;
    let role = prefs::load(ctx.data(), g).await.note_role;
    if member_permissions(ctx).manage_guild()
        || role.is_some_and(|r| member_roles(ctx).contains(&r))
    {
        return Ok(true);
    }
    Err(UserError::NotNoteEditor.into())
}

fn code_args(code: u16) -> Args {
    Args::new().with("code", code)
}

/// Add or replace the team note on a code.
#[poise::command(slash_command, rename = "set", check = "note_editor")]
pub async fn note_set(
    ctx: Context<'_>,
    #[description = "The code"]
    #[autocomplete = "complete_code"]
    code: String,
    #[description = "The note"]
    #[max_length = 500]
    text: String,
) -> Result<(), Error> {
    let g = guild(ctx)?;
    let bot = ctx.data();
    let lang = lang(ctx).await;
    let code = code_option(&bot.cat, &code)?;
    let text = cfg::check_note(&text).map_err(|e| match e {
        Invalid::NoteTooLong => UserError::NoteTooLong,
        _ => UserError::NoteEmpty,
    })?;
    let result = bot.store.set_note(g, code, &text, now_secs()).await;
    // Whatever the result: a failed write may still have been made.
    bot.prefs.invalidate_notes(g);
    result.map_err(UserError::Store)?;
    tracing::info!(guild = g, code, "team note set");
    // Show the note where it will appear: on the code's explanation.
    let mut reply = match bot.cat.lookup(code) {
        Some(l) => Reply::embed(server::with_note(
            &bot.cat,
            lang,
            render::code(&bot.cat, lang, l),
            &text,
        )),
        None => Reply::default(),
    };
    reply.content = Some(bot.cat.t_args(lang, "note-saved", &code_args(code)));
    send(ctx, reply.fit(), true).await
}

/// Remove the team note on a code.
#[poise::command(slash_command, rename = "remove", check = "note_editor")]
pub async fn note_remove(
    ctx: Context<'_>,
    #[description = "The code"]
    #[autocomplete = "complete_code"]
    code: String,
) -> Result<(), Error> {
    let g = guild(ctx)?;
    let bot = ctx.data();
    let lang = lang(ctx).await;
    let code = code_option(&bot.cat, &code)?;
    let result = bot.store.remove_note(g, code).await;
    bot.prefs.invalidate_notes(g);
    let key = if result.map_err(UserError::Store)? {
        "note-removed"
    } else {
        "note-none"
    };
    send(
        ctx,
        Reply::text(bot.cat.t_args(lang, key, &code_args(code))),
        true,
    )
    .await
}

/// List this server's team notes.
#[poise::command(slash_command, rename = "list")]
pub async fn note_list(ctx: Context<'_>) -> Result<(), Error> {
    let g = guild(ctx)?;
    let bot = ctx.data();
    let notes = bot.store.notes(g).await.map_err(UserError::Store)?;
    let reply = Reply::embed(server::notes(&bot.cat, lang(ctx).await, &notes)).fit();
    send(ctx, reply, true).await
}
