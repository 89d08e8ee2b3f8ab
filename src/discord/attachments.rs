//! Text attachments: files are checked before and after download (name, size, binary
//! content) and turned into text ([`contents`], the one place attachment bytes become
//! something to analyse); the analysis runs off the gateway task with a time limit, so one
//! huge log cannot stall the bot. Used by `/sip trace`, the "Explain SIP codes" menu, the
//! Redacted copy button, mentions and auto-explain (Discord turns a long paste into a
//! `message.txt` attachment). Packet captures are answered from their bytes instead, known by
//! their magic ([`capture_reply`]; [`posted_capture`] when auto-explain reads one).

use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::Attachment;

use crate::answer;
use crate::capture::{self, Capture, CaptureError};
use crate::catalogue::{Args, Lang};
use crate::render::{self, Reply};

use super::types::{Bot, Data};

/// File names analysed as text: the usual log extensions, or none at all.
const TEXT_EXTENSIONS: &[&str] = &["txt", "log", "sip", "out", "text", "trace", "pcap.txt"];
/// How long a download and an analysis may take.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(30);
const ANALYSIS_TIMEOUT: Duration = Duration::from_secs(20);
/// The name Discord gives a message too long to send as text.
pub const LONG_MESSAGE: &str = "message.txt";

/// Packet captures, answered from their bytes rather than as text.
const CAPTURE_EXTENSIONS: &[&str] = &["pcap", "pcapng", "cap"];
/// The media types Discord gives captures, and binary files it has no name for: such a file
/// may be a capture under another name (`call.dump`); its first bytes decide.
const CAPTURE_TYPES: &[&str] = &[
    "application/vnd.tcpdump.pcap",
    "application/x-pcapng",
    "application/octet-stream",
];

/// Whether a file is named like a packet capture.
pub fn is_capture(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .rsplit_once('.')
        .is_some_and(|(_, ext)| CAPTURE_EXTENSIONS.contains(&ext))
}

/// Whether an attachment may be a packet capture, worth downloading to read its magic: named
/// like one, or sent as a capture or as unnamed binary under a name that is not a text log's.
pub fn may_be_capture(att: &Attachment) -> bool {
    let typed = att.content_type.as_deref().is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        CAPTURE_TYPES.iter().any(|c| t.starts_with(c))
    });
    is_capture(&att.filename) || (typed && !extension_ok(&att.filename))
}

/// Why an attachment was not analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotText {
        name: String,
    },
    TooLarge {
        name: String,
        size: u64,
        max: u64,
    },
    Binary {
        name: String,
    },
    Unreadable {
        name: String,
    },
    /// Starts like a capture but cannot be read as one.
    BadCapture {
        name: String,
        error: CaptureError,
    },
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
    if !extension_ok(&att.filename) {
        return Err(Refusal::NotText {
            name: att.filename.clone(),
        });
    }
    let bytes = download(att, max).await?;
    contents(&att.filename, &bytes)
}

/// An attachment's bytes, within the size limit (checked before and after the download) and
/// the time limit.
async fn download(att: &Attachment, max: u64) -> Result<Vec<u8>, Refusal> {
    let name = att.filename.clone();
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
    Ok(bytes)
}

/// What a downloaded attachment holds, as text to analyse; `Err` says why not.
pub fn contents(name: &str, bytes: &[u8]) -> Result<String, Refusal> {
    text_of(bytes).ok_or(Refusal::Binary {
        name: name.to_string(),
    })
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
        Refusal::BadCapture { name, error } => {
            let why = render::media::error_text(&bot.cat, lang, error);
            return format!("{name}: {why}");
        }
    };
    bot.cat.t_args(lang, key, &args)
}

/// Runs `work` on a blocking thread within the analysis time limit; `None` when it timed out
/// or failed (logged).
pub async fn off_the_gateway<T: Send + 'static>(
    bot: &Data,
    work: impl FnOnce(&Bot) -> T + Send + 'static,
) -> Option<T> {
    let b = bot.clone();
    match tokio::time::timeout(
        ANALYSIS_TIMEOUT,
        tokio::task::spawn_blocking(move || work(&b)),
    )
    .await
    {
        Ok(Ok(r)) => Some(r),
        _ => {
            tracing::warn!("analysis timed out or failed");
            None
        }
    }
}

/// The answer to a text someone asked about: the call flow when it holds a trace, otherwise
/// the codes in it (explicit mode), see [`answer::asked`]. Runs off the gateway task.
pub async fn analyse(bot: &Data, lang: Lang, text: String, redact: bool) -> (Reply, bool) {
    off_the_gateway(bot, move |b| {
        answer::asked(&b.cat, &b.det, lang, &text, redact)
    })
    .await
    .unwrap_or_else(|| (Reply::text(bot.cat.t(lang, "analysis-timeout")), false))
}

/// The reply to a packet capture attached as `att` (`None` when it cannot be one, see
/// [`may_be_capture`]): downloaded within the size limit, read off the gateway task within
/// the time limit.
pub async fn capture_reply(
    bot: &Data,
    lang: Lang,
    att: &Attachment,
    redact: bool,
) -> Option<Result<Reply, Refusal>> {
    if !may_be_capture(att) {
        return None;
    }
    let bytes = match download(att, bot.max_attachment).await {
        Ok(b) => b,
        Err(r) => return Some(Err(r)),
    };
    let reply = off_the_gateway(bot, move |b| {
        render::media::file_reply(&b.cat, lang, &bytes, redact)
            .unwrap_or_else(|| Reply::text(b.cat.t(lang, "capture-error-not-capture")))
    })
    .await
    .unwrap_or_else(|| Reply::text(bot.cat.t(lang, "analysis-timeout")));
    Some(Ok(reply))
}

/// The packet capture among a message posted without a question (auto-explain): the first
/// attachment whose bytes start with a capture's magic, read off the gateway task. `None`
/// when there is none: other files are left alone, unanswered, as images are. A capture too
/// large, or too damaged to read, is a refusal, said only when something else is answered.
pub async fn posted_capture(
    bot: &Data,
    msg: &serenity::Message,
) -> Option<Result<Capture, Refusal>> {
    for att in msg.attachments.iter().filter(|a| may_be_capture(a)) {
        let name = att.filename.clone();
        let bytes = match download(att, bot.max_attachment).await {
            Ok(b) => b,
            Err(r) => return Some(Err(r)),
        };
        if capture::sniff(&bytes).is_none() {
            tracing::debug!(file = %name, "a binary attachment that is not a capture");
            continue;
        }
        let read = off_the_gateway(bot, move |_| capture::read_bytes(&bytes)).await;
        return Some(match read {
            Some(Ok(cap)) => Ok(cap),
            Some(Err(error)) => Err(Refusal::BadCapture { name, error }),
            None => Err(Refusal::Unreadable { name }),
        });
    }
    None
}

/// The reply to the first packet capture among a message's attachments, refusal included.
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

/// The text of a message and of its text attachments; refusals are collected, not fatal.
pub async fn message_text(bot: &Bot, msg: &serenity::Message) -> (String, Vec<Refusal>) {
    let (files, refused) = files_text(bot, msg.attachments.iter()).await;
    if msg.attachments.is_empty() {
        return (msg.content.clone(), refused);
    }
    (format!("{}\n{files}", msg.content), refused)
}

/// The text of files, one after the other (each on its own lines), and those refused.
pub async fn files_text<'a>(
    bot: &Bot,
    files: impl Iterator<Item = &'a Attachment>,
) -> (String, Vec<Refusal>) {
    let mut texts = Vec::new();
    let mut refused = Vec::new();
    for att in files.filter(|a| !may_be_capture(a)) {
        match fetch(att, bot.max_attachment).await {
            Ok(t) => texts.push(t),
            Err(r) => refused.push(r),
        }
    }
    (texts.join("\n"), refused)
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

/// The text files of a message that sipbot reads without being asked (auto-explain): Discord's
/// `message.txt` (a long paste) first, then other files named like text logs. Other files
/// (images, archives…) are left alone: people post them without asking anything.
pub fn pasted_files(msg: &serenity::Message) -> Vec<&Attachment> {
    let mut files: Vec<&Attachment> = msg
        .attachments
        .iter()
        .filter(|a| extension_ok(&a.filename) && a.filename.contains('.'))
        .collect();
    files.sort_by_key(|a| a.filename != LONG_MESSAGE);
    files
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
