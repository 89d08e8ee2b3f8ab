//! The commands: `/sip` and its subcommands, one file each, and the "Explain SIP codes"
//! message menu; one explicit registry ([`all`]). Each command answers through the core and
//! sends what render built; what it refuses it returns as a `UserError`, which the
//! framework's `on_error` sends (ephemeral, translated).
//!
//! Descriptions come from the interface strings (`cmd-…` keys of `ui.ftl`): the base
//! language sets `description`, every other language its Discord locales'
//! `description_localizations`. Command names stay English.

mod class;
mod code;
mod explain_message;
mod header;
mod help;
mod note;
mod q850;
mod search;
mod settings;
mod stats;
mod trace;
mod vs;

use std::borrow::Cow;

use poise::serenity_prelude as serenity;

use crate::catalogue::{Catalogue, Lang};
use crate::render::{self, Reply};

use super::convert;
use super::guild;
use super::types::{Context, Data, Error};
use super::user_error::UserError;

/// Every command sipbot registers.
pub fn all(cat: &Catalogue) -> Vec<poise::Command<Data, Error>> {
    let mut commands = vec![sip(), explain_message::explain_message()];
    for c in &mut commands {
        let path = c.name.to_string();
        localise(cat, c, &path);
    }
    commands
}

/// SIP response codes explained.
#[poise::command(
    slash_command,
    subcommands(
        "code::code",
        "vs::vs",
        "search::search",
        "class::class",
        "q850::q850",
        "header::header",
        "trace::trace",
        "help::help",
        "settings::settings",
        "note::note",
        "stats::stats"
    ),
    subcommand_required
)]
pub async fn sip(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// The key of a command's (or parameter's) description: `cmd-sip-code`, `cmd-sip-code-query`.
fn key(qualified: &str, param: Option<&str>) -> String {
    let mut k = format!("cmd-{}", qualified.replace(' ', "-"));
    if let Some(p) = param {
        k.push('-');
        k.push_str(p);
    }
    k
}

/// Discord locale → text pairs, as poise keeps them.
type Localisations = Vec<(Cow<'static, str>, Cow<'static, str>)>;

fn localised(cat: &Catalogue, key: &str) -> (Option<String>, Localisations) {
    if !cat.has_ui_key(Lang::BASE, key) {
        return (None, Vec::new());
    }
    let mut out = Vec::new();
    for (lang, info) in cat.languages() {
        if lang == Lang::BASE || !cat.has_ui_key(lang, key) {
            continue;
        }
        for locale in &info.discord_locales {
            out.push((locale.clone().into(), cat.t(lang, key).into()));
        }
    }
    (Some(cat.t(Lang::BASE, key)), out)
}

/// `path` is the command's full name ("sip code"): poise fills `qualified_name` in only
/// when the framework starts, after this runs.
fn localise(cat: &Catalogue, c: &mut poise::Command<Data, Error>, path: &str) {
    if c.context_menu_name.is_some() {
        // A menu entry has a name and no description: localise the name people see.
        // Its `name` is the menu label; the key uses the function's name.
        let (_, names) = localised(cat, &key(&c.source_code_name, Some("menu")));
        c.name_localizations = names.into();
    }
    let (desc, locs) = localised(cat, &key(path, None));
    if let Some(d) = desc {
        c.description = Some(d.into());
        c.description_localizations = locs.into();
    }
    for p in &mut c.parameters {
        let (desc, locs) = localised(cat, &key(path, Some(&p.name)));
        if let Some(d) = desc {
            p.description = Some(d.into());
            p.description_localizations = locs.into();
        }
    }
    for sub in &mut c.subcommands {
        let sub_path = format!("{path} {}", sub.name);
        localise(cat, sub, &sub_path);
    }
}

/// The language of a command's answer: the server's forced one, else the reader's.
pub async fn lang(ctx: Context<'_>) -> Lang {
    guild::lang(ctx.data(), ctx.guild_id().map(|g| g.get()), ctx.locale()).await
}

/// Sends a reply, ephemeral or not.
async fn send(ctx: Context<'_>, reply: Reply, ephemeral: bool) -> Result<(), Error> {
    ctx.send(convert::poise_reply(&reply, ephemeral)).await?;
    Ok(())
}

/// The server a command runs in (the guild-only commands are checked by poise first).
fn guild(ctx: Context<'_>) -> Result<u64, UserError> {
    ctx.guild_id().map(|g| g.get()).ok_or(UserError::GuildOnly)
}

/// The member's permissions in the server (none outside one).
fn member_permissions(ctx: Context<'_>) -> serenity::Permissions {
    match ctx {
        poise::Context::Application(a) => a
            .interaction
            .member
            .as_ref()
            .and_then(|m| m.permissions)
            .unwrap_or_else(serenity::Permissions::empty),
        poise::Context::Prefix(_) => serenity::Permissions::empty(),
    }
}

fn member_roles(ctx: Context<'_>) -> Vec<u64> {
    match ctx {
        poise::Context::Application(a) => a
            .interaction
            .member
            .as_ref()
            .map(|m| m.roles.iter().map(|r| r.get()).collect())
            .unwrap_or_default(),
        poise::Context::Prefix(_) => Vec::new(),
    }
}

/// The poise check of the settings commands: Manage Server (checked at run time too:
/// `default_member_permissions` only hides the command, and Discord honours it on top-level
/// commands only).
async fn manage_server(ctx: Context<'_>) -> Result<bool, Error> {
    if member_permissions(ctx).manage_guild() {
        return Ok(true);
    }
    tracing::info!(guild = ?ctx.guild_id(), user = %ctx.author().id, "settings refused: no Manage Server");
    Err(UserError::NotAdmin.into())
}

/// A code named in an option, or the answer that it names none.
fn code_option(cat: &Catalogue, input: &str) -> Result<u16, UserError> {
    crate::answer::code_of(cat, input).ok_or_else(|| UserError::NotACode(input.to_string()))
}

/// Choices for a code option: "486 Busy Here" for the value "486".
async fn complete_code(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let bot = ctx.data();
    let choices = bot
        .cat
        .complete(partial, lang(ctx).await, 25)
        .into_iter()
        .filter_map(|c| bot.cat.code(c))
        .map(|f| {
            let label = render::truncate(&format!("{} {}", f.code, f.phrase), 100);
            serenity::AutocompleteChoice::new(label, f.code.to_string())
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

async fn complete_cause(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let cat = &ctx.data().cat;
    let lang = lang(ctx).await;
    let choices = cat
        .complete_cause(partial, 25)
        .into_iter()
        .map(|value| {
            let label = match value.parse::<u8>() {
                Ok(c) => format!(
                    "{c} {}",
                    render::cause_name(cat, lang, c).unwrap_or_default()
                ),
                Err(_) => {
                    let meaning = cat.hangup_name(&value).map(|n| match cat.hangup_q850(n) {
                        Some(c) => format!(
                            "Q.850 {c} {}",
                            render::cause_name(cat, lang, c).unwrap_or_default()
                        ),
                        None => cat
                            .hangup_source(n)
                            .map(|s| format!("{} {}", s.product, n.value))
                            .unwrap_or_default(),
                    });
                    format!("{value} — {}", meaning.unwrap_or_default())
                }
            };
            serenity::AutocompleteChoice::new(render::truncate(&label, 100), value)
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_names_are_localised() {
        let cat = Catalogue::embedded().unwrap();
        let cmds = all(&cat);
        let menu = cmds.iter().find(|c| c.context_menu_name.is_some()).unwrap();
        assert_eq!(menu.source_code_name, "explain_message");
        assert!(cat.has_ui_key(Lang::BASE, "cmd-explain_message-menu"));
        assert!(!menu.name_localizations.is_empty());
    }
}
