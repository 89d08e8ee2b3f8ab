//! Pasted traces and log files: `/sip trace` (an attached file, or a pop-up to paste text),
//! text attachments of the "Explain SIP codes" menu, and the "Redacted copy" button. Files
//! are checked before and after download (name, size, binary content); the analysis runs off
//! the gateway task with a time limit, so one huge log cannot stall the bot.

use std::time::Duration;

use poise::futures_util::StreamExt;
use poise::serenity_prelude as serenity;
use serenity::{
    ActionRowComponent, Attachment, ButtonStyle, ComponentInteraction, CreateActionRow,
    CreateButton, CreateInputText, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateModal, InputTextStyle, ModalInteractionCollector,
};

use super::{convert, Bot, Data, Error};
use crate::answer;
use crate::catalogue::{Args, Lang};
use crate::render::{self, Reply};
use crate::trace;

/// File names analysed as text: the usual log extensions, or none at all.
const TEXT_EXTENSIONS: &[&str] = &["txt", "log", "sip", "out", "text", "trace", "pcap.txt"];
/// How long a download and an analysis may take.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(30);
const ANALYSIS_TIMEOUT: Duration = Duration::from_secs(20);
/// How long the paste pop-up waits for the user.
const MODAL_TIMEOUT: Duration = Duration::from_secs(900);
/// The Redacted copy button: `sipbot:r:<channel>:<message>`.
pub const REDACT: &str = "sipbot:r:";

/// Packet captures, answered from their bytes rather than as text.
const CAPTURE_EXTENSIONS: &[&str] = &["pcap", "pcapng", "cap"];

fn is_capture(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .rsplit_once('.')
        .is_some_and(|(_, ext)| CAPTURE_EXTENSIONS.contains(&ext))
}

/// The reply to a packet capture attached as `att` (`None` when it is not named as one):
/// downloaded within the size limit, read off the gateway task within the time limit.
pub async fn capture_reply(
    bot: &Data,
    lang: Lang,
    att: &Attachment,
    redact: bool,
) -> Option<Result<Reply, Refusal>> {
    if !is_capture(&att.filename) {
        return None;
    }
    let name = att.filename.clone();
    let max = bot.max_attachment;
    if u64::from(att.size) > max {
        let size = att.size.into();
        return Some(Err(Refusal::TooLarge { name, size, max }));
    }
    let bytes = match tokio::time::timeout(DOWNLOAD_TIMEOUT, att.download()).await {
        Ok(Ok(b)) if b.len() as u64 <= max => b,
        Ok(Ok(b)) => {
            let size = b.len() as u64;
            return Some(Err(Refusal::TooLarge { name, size, max }));
        }
        _ => return Some(Err(Refusal::Unreadable { name })),
    };
    let b = bot.clone();
    let work = tokio::task::spawn_blocking(move || {
        render::media::file_reply(&b.cat, lang, &bytes, redact)
            .unwrap_or_else(|| text_reply(b.cat.t(lang, "capture-error-not-capture")))
    });
    Some(Ok(
        match tokio::time::timeout(ANALYSIS_TIMEOUT, work).await {
            Ok(Ok(r)) => r,
            _ => text_reply(bot.cat.t(lang, "analysis-timeout")),
        },
    ))
}

/// The reply to the first packet capture among a message's attachments.
pub async fn message_capture(
    bot: &Data,
    lang: Lang,
    msg: &serenity::Message,
    redact: bool,
) -> Option<Reply> {
    for att in &msg.attachments {
        if let Some(r) = capture_reply(bot, lang, att, redact).await {
            return Some(r.unwrap_or_else(|e| with_refusals(bot, lang, Reply::default(), &[e])));
        }
    }
    None
}

/// Why an attachment was not analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotText { name: String },
    TooLarge { name: String, size: u64, max: u64 },
    Binary { name: String },
    Unreadable { name: String },
}

fn extension_ok(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    match lower.rsplit_once('.') {
        None => true,
        Some((_, ext)) => TEXT_EXTENSIONS.contains(&ext) || lower.ends_with(".pcap.txt"),
    }
}

/// Text from downloaded bytes, or `None` for binary data: NUL bytes, or more than 1% of
/// invalid UTF-8 (a log with a few broken bytes is still a log).
pub fn text_of(bytes: &[u8]) -> Option<String> {
    if memchr::memchr(0, &bytes[..bytes.len().min(64 * 1024)]).is_some() {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let bad = text.matches('\u{FFFD}').count();
    if bad * 100 > text.len().max(1) {
        return None;
    }
    Some(text.into_owned())
}

/// Downloads and checks one attachment.
pub async fn fetch(att: &Attachment, max: u64) -> Result<String, Refusal> {
    let name = att.filename.clone();
    if !extension_ok(&name) {
        return Err(Refusal::NotText { name });
    }
    if u64::from(att.size) > max {
        return Err(Refusal::TooLarge {
            name,
            size: att.size.into(),
            max,
        });
    }
    let bytes = match tokio::time::timeout(DOWNLOAD_TIMEOUT, att.download()).await {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, file = %name, "attachment download failed");
            return Err(Refusal::Unreadable { name });
        }
        Err(_) => return Err(Refusal::Unreadable { name }),
    };
    if bytes.len() as u64 > max {
        return Err(Refusal::TooLarge {
            name,
            size: bytes.len() as u64,
            max,
        });
    }
    text_of(&bytes).ok_or(Refusal::Binary { name })
}

/// The sentence for a refused attachment.
pub fn refusal_text(bot: &Bot, lang: Lang, r: &Refusal) -> String {
    let mib = |n: u64| format!("{:.1}", n as f64 / (1024.0 * 1024.0));
    let (key, args) = match r {
        Refusal::NotText { name } => ("file-not-text", Args::new().with("file", name.as_str())),
        Refusal::TooLarge { name, size, max } => (
            "file-too-large",
            Args::new()
                .with("file", name.as_str())
                .with("size", mib(*size))
                .with("max", mib(*max)),
        ),
        Refusal::Binary { name } => ("file-binary", Args::new().with("file", name.as_str())),
        Refusal::Unreadable { name } => {
            ("file-unreadable", Args::new().with("file", name.as_str()))
        }
    };
    bot.cat.t_args(lang, key, &args)
}

/// The answer to a text: the call flow when it holds a trace, otherwise the codes in it
/// (explicit mode: the user asked). Runs on a blocking thread, within a time limit.
pub async fn analyse(bot: &Data, lang: Lang, text: String, redact: bool) -> (Reply, bool) {
    let b = bot.clone();
    let work = tokio::task::spawn_blocking(move || {
        if trace::looks_like_trace(&text) {
            let mut t = trace::analyse(&text);
            if redact {
                t.redact();
            }
            if let Some(r) = render::trace_reply(&b.cat, lang, &t) {
                return (r, true);
            }
        }
        let ans = answer::answer(&b.cat, &b.det, lang, &text);
        (ans.reply, false)
    });
    match tokio::time::timeout(ANALYSIS_TIMEOUT, work).await {
        Ok(Ok(r)) => r,
        _ => {
            tracing::warn!("analysis timed out or failed");
            (text_reply(bot.cat.t(lang, "analysis-timeout")), false)
        }
    }
}

pub fn text_reply(text: String) -> Reply {
    Reply {
        content: Some(text),
        embeds: Vec::new(),
    }
    .fit()
}

/// The Redacted copy button for the message a trace reply answers.
pub fn redact_button(bot: &Bot, lang: Lang, channel: u64, message: u64) -> CreateActionRow {
    CreateActionRow::Buttons(vec![CreateButton::new(format!(
        "{REDACT}{channel}:{message}"
    ))
    .label(bot.cat.t(lang, "button-redacted"))
    .style(ButtonStyle::Secondary)])
}

/// The text of a message and of its text attachments; refusals are collected, not fatal.
pub async fn message_text(bot: &Bot, msg: &serenity::Message) -> (String, Vec<Refusal>) {
    let mut text = msg.content.clone();
    let mut refused = Vec::new();
    for att in msg.attachments.iter().filter(|a| !is_capture(&a.filename)) {
        match fetch(att, bot.max_attachment).await {
            Ok(t) => {
                text.push('\n');
                text.push_str(&t);
            }
            Err(r) => refused.push(r),
        }
    }
    (text, refused)
}

/// `reply` with a sentence for each refused file in front of it.
pub fn with_refusals(bot: &Bot, lang: Lang, mut reply: Reply, refused: &[Refusal]) -> Reply {
    if refused.is_empty() {
        return reply;
    }
    let mut content: Vec<String> = refused.iter().map(|r| refusal_text(bot, lang, r)).collect();
    if let Some(c) = reply.content.take() {
        content.push(c);
    }
    reply.content = Some(content.join("\n"));
    reply.fit()
}

/// An interaction answer carrying `reply` and optional buttons, mentions off.
pub fn response(
    reply: &Reply,
    ephemeral: bool,
    buttons: Vec<CreateActionRow>,
) -> CreateInteractionResponseMessage {
    let mut m = CreateInteractionResponseMessage::new()
        .ephemeral(ephemeral)
        .embeds(convert::embeds(reply))
        .components(buttons)
        .allowed_mentions(convert::no_mentions());
    if let Some(c) = &reply.content {
        m = m.content(c);
    }
    m
}

/// Analyse a SIP trace or log: an attached file, or paste it in a pop-up.
#[poise::command(slash_command)]
pub async fn trace(
    ctx: poise::ApplicationContext<'_, Data, Error>,
    #[description = "A text log (.txt, .log, .sip, .out) or a capture (.pcap, .pcapng); leave empty to paste"]
    file: Option<Attachment>,
) -> Result<(), Error> {
    let bot = ctx.data().clone();
    let lang = super::commands::lang(poise::Context::Application(ctx));
    let Some(att) = file else {
        return paste(ctx, &bot, lang).await;
    };
    // Downloading and analysing may take longer than Discord's 3 seconds.
    ctx.defer().await?;
    if let Some(r) = capture_reply(&bot, lang, &att, false).await {
        let reply = r.unwrap_or_else(|e| with_refusals(&bot, lang, Reply::default(), &[e]));
        ctx.send(convert::poise_reply(&reply, false)).await?;
        return Ok(());
    }
    let reply = match fetch(&att, bot.max_attachment).await {
        Ok(text) => analyse(&bot, lang, text, false).await.0,
        Err(r) => with_refusals(&bot, lang, Reply::default(), &[r]),
    };
    ctx.send(convert::poise_reply(&reply, false)).await?;
    Ok(())
}

/// The paste pop-up: a modal with one long text field, answered when submitted.
async fn paste(
    ctx: poise::ApplicationContext<'_, Data, Error>,
    bot: &Data,
    lang: Lang,
) -> Result<(), Error> {
    let id = format!("sipbot:paste:{}", ctx.interaction.id);
    let field = CreateInputText::new(
        InputTextStyle::Paragraph,
        bot.cat.t(lang, "paste-label"),
        "text",
    )
    .placeholder(bot.cat.t(lang, "paste-placeholder"))
    .max_length(4000)
    .required(true);
    let modal = CreateModal::new(&id, bot.cat.t(lang, "paste-title"))
        .components(vec![CreateActionRow::InputText(field)]);
    // Listen before the pop-up opens, so a quick submit cannot be missed.
    let filter_id = id.clone();
    let mut submits = Box::pin(
        ModalInteractionCollector::new(ctx.serenity_context())
            .filter(move |m| m.data.custom_id == filter_id)
            .timeout(MODAL_TIMEOUT)
            .stream(),
    );
    ctx.interaction
        .create_response(
            ctx.serenity_context(),
            CreateInteractionResponse::Modal(modal),
        )
        .await?;
    ctx.has_sent_initial_response
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let Some(submit) = submits.next().await else {
        return Ok(()); // closed without sending: nothing to answer
    };
    let text: String = submit
        .data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .filter_map(|c| match c {
            ActionRowComponent::InputText(t) => t.value.clone(),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (reply, _) = analyse(bot, lang, text, false).await;
    submit
        .create_response(
            ctx.serenity_context(),
            CreateInteractionResponse::Message(response(&reply, false, Vec::new())),
        )
        .await?;
    Ok(())
}

/// The Redacted copy button: the same analysis of the original message, masked, for whoever
/// clicked.
pub async fn on_redact(
    ctx: &serenity::Context,
    bot: &Data,
    c: &ComponentInteraction,
    rest: &str,
) -> Result<(), Error> {
    let lang = bot.lang_for(Some(c.locale.as_str()));
    let ids: Vec<u64> = rest.split(':').filter_map(|p| p.parse().ok()).collect();
    let [channel, message] = ids[..] else {
        let r = text_reply(bot.cat.t(lang, "details-gone"));
        c.create_response(
            &ctx.http,
            CreateInteractionResponse::Message(response(&r, true, Vec::new())),
        )
        .await?;
        return Ok(());
    };
    // Fetching and analysing can take a while: answer "thinking…" first.
    c.create_response(
        &ctx.http,
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(true)),
    )
    .await?;
    let original = ctx.http.get_message(channel.into(), message.into()).await;
    let reply = match original {
        Ok(msg) => {
            if let Some(reply) = message_capture(bot, lang, &msg, true).await {
                return follow_up(ctx, c, &reply).await;
            }
            let (text, refused) = message_text(bot, &msg).await;
            let (reply, _) = analyse(bot, lang, text, true).await;
            with_refusals(bot, lang, reply, &refused)
        }
        Err(e) => {
            tracing::info!(error = %e, "the original message is gone");
            text_reply(bot.cat.t(lang, "details-gone"))
        }
    };
    follow_up(ctx, c, &reply).await
}

/// The ephemeral follow-up carrying `reply`, mentions off.
async fn follow_up(
    ctx: &serenity::Context,
    c: &ComponentInteraction,
    reply: &Reply,
) -> Result<(), Error> {
    let mut follow = serenity::CreateInteractionResponseFollowup::new()
        .ephemeral(true)
        .embeds(convert::embeds(reply))
        .allowed_mentions(convert::no_mentions());
    if let Some(content) = &reply.content {
        follow = follow.content(content);
    }
    c.create_followup(&ctx.http, follow).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_recognised_by_name_and_content() {
        for ok in [
            "call.log",
            "trace.TXT",
            "capture",
            "out.sip",
            "x.out",
            "a.pcap.txt",
        ] {
            assert!(extension_ok(ok), "{ok}");
        }
        for no in ["shot.png", "capture.pcap", "a.zip", "x.exe"] {
            assert!(!extension_ok(no), "{no}");
        }
        assert_eq!(
            text_of(b"SIP/2.0 200 OK\r\n").as_deref(),
            Some("SIP/2.0 200 OK\r\n")
        );
        assert!(
            text_of(b"PK\x03\x04\x00\x00").is_none(),
            "NUL bytes: binary"
        );
        assert!(text_of(&[0xff; 100]).is_none(), "not UTF-8 at all");
        let mut mostly = b"INVITE sip:a@b SIP/2.0\n".repeat(50);
        mostly.push(0xff);
        assert!(
            text_of(&mostly).is_some(),
            "one broken byte in a log is fine"
        );
    }
}
