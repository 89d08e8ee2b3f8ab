//! The `/sip` command and its subcommands, autocomplete, and the "Explain SIP codes" message
//! menu. One explicit registry ([`all`]); each command answers through the core and sends
//! what render built. Bad input gets an ephemeral, helpful answer, never silence.
//!
//! Descriptions come from the interface strings (`cmd-…` keys of `ui.ftl`): the base
//! language sets `description`, every other language its Discord locales'
//! `description_localizations`. Command names stay English.

use std::borrow::Cow;

use poise::serenity_prelude as serenity;

use super::settings::{self, note, settings, stats};
use super::{convert, events, traces, Context, Data, Error};
use crate::answer;
use crate::catalogue::{Catalogue, Class, Lang};
use crate::render::{self, Reply};

/// Every command sipbot registers.
pub fn all(cat: &Catalogue) -> Vec<poise::Command<Data, Error>> {
    let mut commands = vec![sip(), explain_message()];
    for c in &mut commands {
        let path = c.name.to_string();
        localise(cat, c, &path);
    }
    commands
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

/// The poise framework around the commands and the event handler. Commands are registered
/// when the gateway is ready: in `dev_guild` only, or globally.
pub fn framework(
    bot: Data,
    dev_guild: Option<u64>,
    register: bool,
) -> poise::Framework<Data, Error> {
    let commands = all(&bot.cat);
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
                    settings::before_command(ctx).await;
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
    match error {
        poise::FrameworkError::Setup { error, .. } => {
            tracing::error!(%error, "registering the commands failed; sipbot keeps running without them")
        }
        poise::FrameworkError::EventHandler { error, event, .. } => {
            tracing::warn!(%error, event = event.snake_case_name(), "event handler failed")
        }
        poise::FrameworkError::Command { error, ctx, .. } => {
            tracing::warn!(%error, command = %ctx.command().qualified_name, "command failed");
            let text = ctx.data().cat.t(lang(ctx), "command-failed");
            let _ = ctx
                .send(
                    poise::CreateReply::default()
                        .content(text)
                        .ephemeral(true)
                        .allowed_mentions(convert::no_mentions()),
                )
                .await;
        }
        poise::FrameworkError::ArgumentParse {
            error, input, ctx, ..
        } => {
            tracing::info!(%error, ?input, command = %ctx.command().qualified_name, "options not understood");
            bad_options(ctx).await;
        }
        // Options that do not match the registered command: an outdated client or command.
        poise::FrameworkError::CommandStructureMismatch {
            description, ctx, ..
        } => {
            tracing::info!(description, command = %ctx.command().qualified_name, "options do not match the command");
            bad_options(poise::Context::Application(ctx)).await;
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::warn!(error = %e, "handling a framework error failed");
            }
        }
    }
}

async fn bad_options(ctx: Context<'_>) {
    let text = ctx.data().cat.t(lang(ctx), "bad-options");
    let reply = poise::CreateReply::default()
        .content(text)
        .ephemeral(true)
        .allowed_mentions(convert::no_mentions());
    let _ = ctx.send(reply).await;
}

/// The server's forced language, else the reader's.
pub(super) fn lang(ctx: Context<'_>) -> Lang {
    settings::slash_lang(ctx)
}

async fn send(ctx: Context<'_>, reply: Reply, ephemeral: bool) -> Result<(), Error> {
    ctx.send(convert::poise_reply(&reply, ephemeral)).await?;
    Ok(())
}

/// Choices for a code option: "486 Busy Here" for the value "486".
pub(super) async fn complete_code(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let bot = ctx.data();
    let choices = bot
        .cat
        .complete(partial, lang(ctx), 25)
        .into_iter()
        .filter_map(|c| bot.cat.code(c))
        .map(|f| {
            let label = render::truncate(&format!("{} {}", f.code, f.phrase), 100);
            serenity::AutocompleteChoice::new(label, f.code.to_string())
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// SIP response codes explained.
#[poise::command(
    slash_command,
    subcommands(
        "code",
        "vs",
        "search",
        "class",
        "q850",
        "traces::trace",
        "help",
        "settings",
        "note",
        "stats"
    ),
    subcommand_required
)]
pub async fn sip(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Explain a SIP response code.
#[poise::command(slash_command)]
pub async fn code(
    ctx: Context<'_>,
    #[description = "A code, a reason phrase or words"]
    #[autocomplete = "complete_code"]
    query: String,
) -> Result<(), Error> {
    let bot = ctx.data();
    let lang = lang(ctx);
    let ans = answer::answer(&bot.cat, &bot.det, lang, &query);
    let guild = ctx.guild_id().map(|g| g.get());
    let reply = settings::answered(bot, guild, lang, ans.reply).await;
    send(ctx, reply, !ans.understood).await
}

/// A code from an option: "486", "486 Busy Here", "busy here".
pub(super) fn code_of(cat: &Catalogue, lang: Lang, input: &str) -> Result<u16, Reply> {
    let q = input.trim();
    let digits: String = q.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() == 3 {
        if let Ok(n) = digits.parse::<u16>() {
            if cat.lookup(n).is_some() {
                return Ok(n);
            }
        }
    }
    if digits.is_empty() {
        if let Some(f) = cat.by_phrase(q) {
            return Ok(f.code);
        }
    }
    let value: u32 = digits.parse().unwrap_or(0);
    let nearest = if digits.is_empty() {
        cat.search(q, lang, 3).into_iter().map(|h| h.code).collect()
    } else {
        cat.nearest_codes(value.min(1000), 3)
    };
    Err(Reply::embed(render::not_a_code(cat, lang, q, &nearest)).fit())
}

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
    let lang = lang(ctx);
    let (a, b) = match (code_of(&bot.cat, lang, &a), code_of(&bot.cat, lang, &b)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return send(ctx, r, true).await,
    };
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
            send(
                ctx,
                Reply::embed(render::not_a_code(
                    &bot.cat,
                    lang,
                    &format!("{a} vs {b}"),
                    &[],
                ))
                .fit(),
                true,
            )
            .await
        }
    }
}

/// Search codes by words: busy, auth, timeout, codec…
#[poise::command(slash_command)]
pub async fn search(
    ctx: Context<'_>,
    #[description = "Words to look for"] text: String,
) -> Result<(), Error> {
    let bot = ctx.data();
    let lang = lang(ctx);
    let hits = bot.cat.search(&text, lang, 10);
    let reply = Reply::embed(render::search(&bot.cat, lang, &text, &hits)).fit();
    send(ctx, reply, hits.is_empty()).await
}

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
    let lang = lang(ctx);
    let full = Reply::embeds(render::class_list(&bot.cat, lang, class.into(), false));
    // The 4xx list with summaries is longer than one message holds: then codes and phrases.
    let reply = if render::check_limits(&full).is_ok() {
        full
    } else {
        Reply::embeds(render::class_list(&bot.cat, lang, class.into(), true)).fit()
    };
    send(ctx, reply, false).await
}

/// Decode a Q.850 cause and its SIP mapping.
#[poise::command(slash_command)]
pub async fn q850(
    ctx: Context<'_>,
    #[description = "The cause value"]
    #[min = 1]
    #[max = 127]
    cause: u8,
) -> Result<(), Error> {
    let bot = ctx.data();
    let lang = lang(ctx);
    match render::cause(&bot.cat, lang, cause) {
        Some(e) => send(ctx, Reply::embed(e).fit(), false).await,
        None => {
            let e = render::not_a_cause(&bot.cat, lang, &cause.to_string());
            send(ctx, Reply::embed(e).fit(), true).await
        }
    }
}

/// What sipbot does and how to use it.
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), Error> {
    let bot = ctx.data();
    let reply = Reply::embed(render::help(&bot.cat, lang(ctx))).fit();
    send(ctx, reply, true).await
}

/// Explains everything in a message and its text attachments (right-click → Apps), for
/// whoever asked.
#[poise::command(context_menu_command = "Explain SIP codes")]
pub async fn explain_message(
    ctx: Context<'_>,
    #[description = "The message to explain"] msg: serenity::Message,
) -> Result<(), Error> {
    let bot = ctx.data().clone();
    let lang = lang(ctx);
    // Attachments are downloaded; that and a long analysis may take more than 3 seconds.
    if !msg.attachments.is_empty() {
        ctx.defer_ephemeral().await?;
    }
    let (text, refused) = traces::message_text(&bot, &msg).await;
    let (reply, is_trace) = match traces::message_capture(&bot, lang, &msg, false).await {
        Some(capture) => (capture, true),
        None => traces::analyse(&bot, lang, text, false).await,
    };
    let reply = traces::with_refusals(&bot, lang, reply, &refused);
    let guild = ctx.guild_id().map(|g| g.get());
    let reply = settings::answered(&bot, guild, lang, reply).await;
    let mut out = convert::poise_reply(&reply, true);
    if is_trace {
        out = out.components(vec![traces::redact_button(
            &bot,
            lang,
            msg.channel_id.get(),
            msg.id.get(),
        )]);
    }
    ctx.send(out).await?;
    Ok(())
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
