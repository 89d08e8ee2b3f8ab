//! `sipbot invite`: the OAuth2 address that adds sipbot to a server, with the scopes and exactly
//! the permissions the bot uses. The application id comes from `--app-id` or from the bot
//! token's first segment; the token itself is never printed, logged or put in an error.

use std::io::Write;

use base64::Engine as _;
use poise::serenity_prelude::Permissions;

use crate::catalogue::{Args, Catalogue, Lang};

/// The permissions sipbot needs in a channel, and why:
/// - View Channels: see the channels it answers in (and their messages' events);
/// - Send Messages, Send Messages in Threads: auto-explain and direct answers, in channels and
///   in threads;
/// - Embed Links: every answer is an embed;
/// - Attach Files: the chart of `/sip stats`;
/// - Read Message History: answers are replies to the message they explain, and the
///   "Explain SIP codes" menu and the Redacted copy button read that message.
pub fn permissions() -> Permissions {
    Permissions::VIEW_CHANNEL
        | Permissions::SEND_MESSAGES
        | Permissions::SEND_MESSAGES_IN_THREADS
        | Permissions::EMBED_LINKS
        | Permissions::ATTACH_FILES
        | Permissions::READ_MESSAGE_HISTORY
}

/// Each permission with the interface key of its name, as Discord's own settings show it (the
/// Vietnamese text adds the English name, which Discord's Vietnamese client may not use).
const NAMES: &[(Permissions, &str)] = &[
    (Permissions::VIEW_CHANNEL, "invite-perm-view-channel"),
    (Permissions::SEND_MESSAGES, "invite-perm-send-messages"),
    (
        Permissions::SEND_MESSAGES_IN_THREADS,
        "invite-perm-send-messages-in-threads",
    ),
    (Permissions::EMBED_LINKS, "invite-perm-embed-links"),
    (Permissions::ATTACH_FILES, "invite-perm-attach-files"),
    (
        Permissions::READ_MESSAGE_HISTORY,
        "invite-perm-read-message-history",
    ),
];

/// The names of the permissions asked for, in the reader's language.
pub fn permission_names(cat: &Catalogue, lang: Lang) -> Vec<String> {
    NAMES
        .iter()
        .filter(|(p, _)| permissions().contains(*p))
        .map(|(_, key)| cat.t(lang, key))
        .collect()
}

/// The scopes: the bot user, and the slash commands and message menu.
pub const SCOPES: &str = "bot applications.commands";

/// Why no application id could be found. None of the messages holds the token.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InviteError {
    #[error("no application id: set DISCORD_TOKEN (in .env or the environment) or pass --app-id (the Application ID on the Developer Portal's General Information page)")]
    NoToken,
    #[error("DISCORD_TOKEN does not look like a bot token: a bot token is three parts separated by dots, the first being the bot's id in base64. Check that it is the token from the Bot page, not the client secret, or pass --app-id")]
    Malformed,
    #[error("the application id must be a Discord id (a number of 17 to 20 digits), not {0}")]
    BadId(u64),
    #[error("--app-id must be a number of 17 to 20 digits (the Application ID); what was given is not a number")]
    NotANumber,
    #[error("--app-id has more than 20 digits: a Discord id has 17 to 20")]
    TooLong,
    #[error("--app-id was given something shaped like a token (parts separated by dots): pass the token as DISCORD_TOKEN, or the Application ID (17 to 20 digits) as --app-id")]
    TokenAsId,
}

impl InviteError {
    /// The interface key and arguments that say this error in the reader's language.
    fn message(&self) -> (&'static str, Args) {
        match self {
            InviteError::NoToken => ("invite-error-no-token", Args::new()),
            InviteError::Malformed => ("invite-error-malformed", Args::new()),
            InviteError::BadId(id) => ("invite-error-bad-id", Args::new().with("id", id)),
            InviteError::NotANumber => ("invite-error-not-a-number", Args::new()),
            InviteError::TooLong => ("invite-error-too-long", Args::new()),
            InviteError::TokenAsId => ("invite-error-token-as-id", Args::new()),
        }
    }
}

/// The `--app-id` argument as typed. Never echoed back: someone may paste a token there.
pub fn parse_app_id(text: &str) -> Result<u64, InviteError> {
    let t = text.trim();
    if t.contains('.') {
        return Err(InviteError::TokenAsId);
    }
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InviteError::NotANumber);
    }
    // More digits than a u64 holds is no snowflake either.
    let id = t.parse::<u64>().map_err(|_| InviteError::TooLong)?;
    checked_id(id)
}

/// The application id in a bot token: its first dot-separated segment is the bot user's id,
/// in base64 (with or without padding, in the standard or URL-safe alphabet). For every bot
/// made since 2016 the bot user's id is the application's id.
pub fn app_id_from_token(token: &str) -> Result<u64, InviteError> {
    let token = token.trim();
    let token = token.strip_prefix("Bot ").unwrap_or(token);
    let mut parts = token.split('.');
    let first = parts.next().unwrap_or("");
    if parts.count() != 2 || first.is_empty() {
        return Err(InviteError::Malformed);
    }
    let first = first.trim_end_matches('=');
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(first)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(first))
        .map_err(|_| InviteError::Malformed)?;
    let digits = std::str::from_utf8(&bytes).map_err(|_| InviteError::Malformed)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InviteError::Malformed);
    }
    let id: u64 = digits.parse().map_err(|_| InviteError::Malformed)?;
    checked_id(id).map_err(|_| InviteError::Malformed)
}

/// Discord ids are snowflakes: from 2015 on they have 17 digits or more.
pub fn checked_id(id: u64) -> Result<u64, InviteError> {
    if id >= 10_000_000_000_000_000 {
        Ok(id)
    } else {
        Err(InviteError::BadId(id))
    }
}

/// The OAuth2 address that adds the application to a server.
pub fn url(app_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={app_id}&scope={}&permissions={}",
        SCOPES.replace(' ', "+"),
        permissions().bits()
    )
}

/// Prints the address and what it asks for. `token` is `DISCORD_TOKEN`, read by the caller.
pub fn run(
    cat: &Catalogue,
    lang: Lang,
    app_id: Option<&str>,
    token: Option<&str>,
    out: &mut impl Write,
) -> anyhow::Result<i32> {
    let id = match (app_id, token) {
        (Some(id), _) => parse_app_id(id),
        (None, Some(t)) if !t.trim().is_empty() => app_id_from_token(t),
        _ => Err(InviteError::NoToken),
    }
    .map_err(|e| {
        let (key, args) = e.message();
        anyhow::Error::msg(cat.t_args(lang, key, &args))
    })?;
    let names = permission_names(cat, lang).join(", ");
    writeln!(out, "{}", cat.t(lang, "invite-intro"))?;
    writeln!(out)?;
    writeln!(out, "  {}", url(id))?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        cat.t_args(lang, "invite-permissions", &Args::new().with("what", names))
    )?;
    writeln!(out, "{}", cat.t(lang, "invite-scopes"))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token shaped like a real one (its id is Discord's documentation example id); the
    /// other two parts are made up.
    const TOKEN: &str = "ODAxNjg0MzIyNzE0MDE4ODE3.YBcFbw.not-a-real-secret-abcdefghijk";

    #[test]
    fn the_id_is_the_first_segment_of_the_token() {
        assert_eq!(app_id_from_token(TOKEN), Ok(801684322714018817));
        assert_eq!(
            app_id_from_token(&format!("Bot {TOKEN}")),
            Ok(801684322714018817)
        );
    }

    #[test]
    fn malformed_tokens_are_refused_without_echo() {
        for bad in [
            "",
            "secret",
            "abc.def",
            "!!!.def.ghi",
            "aGVsbG8.def.ghi",
            "MTIz.def.ghi",
        ] {
            assert_eq!(app_id_from_token(bad), Err(InviteError::Malformed), "{bad}");
        }
    }

    #[test]
    fn app_ids_are_checked_without_echo() {
        assert_eq!(parse_app_id(" 801684322714018817 "), Ok(801684322714018817));
        assert_eq!(parse_app_id("42"), Err(InviteError::BadId(42)));
        assert_eq!(parse_app_id("abc"), Err(InviteError::NotANumber));
        assert_eq!(parse_app_id(""), Err(InviteError::NotANumber));
        assert_eq!(
            parse_app_id("-801684322714018817"),
            Err(InviteError::NotANumber)
        );
        assert_eq!(
            parse_app_id("123456789012345678901234"),
            Err(InviteError::TooLong)
        );
        assert_eq!(parse_app_id(TOKEN), Err(InviteError::TokenAsId));
        for e in [InviteError::NotANumber, InviteError::TokenAsId] {
            assert!(!e.to_string().contains("YBcFbw"));
        }
    }

    #[test]
    fn every_permission_asked_for_has_a_name() {
        let named = NAMES
            .iter()
            .fold(Permissions::empty(), |all, (p, _)| all | *p);
        assert_eq!(named, permissions());
    }

    #[test]
    fn the_permissions_are_the_ones_sipbot_uses() {
        let p = permissions();
        assert_eq!(p.bits(), 274_878_024_704);
        assert!(!p.contains(Permissions::ADMINISTRATOR));
        assert!(!p.contains(Permissions::MANAGE_MESSAGES));
        let u = url(801684322714018817);
        assert!(u.contains("client_id=801684322714018817"));
        assert!(u.contains("scope=bot+applications.commands"));
        assert!(u.ends_with("permissions=274878024704"));
    }
}
