//! The reply to a packet capture: what was read (and left out, and why TLS cannot be read),
//! what is wrong with the media in plain words with its evidence, the calls as for a pasted
//! trace, and the RTP streams. Every word comes from the `capture-*` and `media-*`
//! interface strings.

use crate::capture::{self, Capture, CaptureError, Finding, RtpStream};
use crate::catalogue::{Args, Catalogue, Lang};

use super::{colours, Explanation, Field, Reply};

/// Streams listed in the reply; the rest are counted.
const MAX_STREAMS_SHOWN: usize = 8;
/// Findings written out in the reply.
const MAX_FINDINGS_SHOWN: usize = 6;

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// Text quoted from a capture (addresses, Call-IDs) made safe for Discord markdown.
fn q(s: &str) -> String {
    crate::render::trace::describe::quoted(s)
}

/// The sentence for a capture that could not be read at all.
pub fn error_text(cat: &Catalogue, lang: Lang, e: &CaptureError) -> String {
    match e {
        CaptureError::NotCapture => cat.t(lang, "capture-error-not-capture"),
        CaptureError::TruncatedHeader => cat.t(lang, "capture-error-truncated"),
        CaptureError::BadHeader { detail } => cat.t_args(
            lang,
            "capture-error-bad-header",
            &Args::new().with("detail", crate::render::trace::describe::plain(detail)),
        ),
    }
}

/// What was read, and every reason something could not be.
pub fn summary(cat: &Catalogue, lang: Lang, cap: &Capture) -> Vec<String> {
    let s = &cap.capture;
    let seconds = match (s.first, s.last) {
        (Some(a), Some(b)) => num((b - a).max(0.0)),
        _ => "0".into(),
    };
    let mut out = vec![cat.t_args(
        lang,
        "capture-summary",
        &Args::new()
            .with("packets", s.packets)
            .with("seconds", seconds)
            .with("sip", s.sip_messages)
            .with("streams", cap.rtp_streams.len()),
    )];
    if s.tls_packets > 0 {
        let ports: Vec<String> = s.tls_ports.iter().map(u16::to_string).collect();
        out.push(
            cat.t_args(
                lang,
                "capture-tls",
                &Args::new()
                    .with("n", s.tls_packets)
                    .with("ports", ports.join(", ")),
            ),
        );
    }
    if !s.unknown_link_types.is_empty() {
        let types: Vec<String> = s.unknown_link_types.iter().map(u32::to_string).collect();
        out.push(
            cat.t_args(
                lang,
                "capture-unknown-link",
                &Args::new()
                    .with("n", s.undecoded)
                    .with("types", types.join(", ")),
            ),
        );
    }
    if s.cut_short {
        out.push(cat.t_args(
            lang,
            "capture-cut-short",
            &Args::new().with("packets", s.packets),
        ));
    }
    if s.damaged.is_some() {
        out.push(cat.t_args(
            lang,
            "capture-damaged",
            &Args::new().with("packets", s.packets),
        ));
    }
    if s.left_out > 0 {
        out.push(cat.t_args(lang, "capture-left-out", &Args::new().with("n", s.left_out)));
    }
    if s.tcp_bytes_skipped > 0 {
        out.push(cat.t_args(
            lang,
            "capture-tcp-skipped",
            &Args::new().with("bytes", s.tcp_bytes_skipped),
        ));
    }
    out
}

/// One finding as a sentence with its evidence.
pub fn finding(cat: &Catalogue, lang: Lang, f: &Finding) -> String {
    let (key, args) = match f {
        Finding::NoAudio {
            call_id,
            offer,
            answer,
            watched_s,
        } => (
            "media-no-audio",
            Args::new()
                .with("call", q(call_id))
                .with("seconds", num(*watched_s))
                .with("offer", q(offer))
                .with("answer", q(answer)),
        ),
        Finding::OneWay {
            from,
            to,
            packets,
            silent,
            ..
        } => (
            "media-one-way",
            Args::new()
                .with("packets", packets)
                .with("from", q(from))
                .with("to", q(to))
                .with("silent", q(silent)),
        ),
        Finding::Elsewhere {
            sender,
            sent_to,
            announced,
            packets,
            ..
        } => (
            "media-elsewhere",
            Args::new()
                .with("sender", q(sender))
                .with("packets", packets)
                .with("sentto", q(sent_to))
                .with("announced", q(announced)),
        ),
        Finding::PrivateInSdp {
            sdp,
            signalled_from,
            ..
        } => (
            "media-private-sdp",
            Args::new()
                .with("sdp", q(sdp))
                .with("from", q(signalled_from)),
        ),
        Finding::CodecNotAccepted {
            offered,
            answered,
            used: None,
            ..
        } => (
            "media-codec",
            Args::new()
                .with("offered", q(&offered.join(", ")))
                .with("answered", q(&answered.join(", "))),
        ),
        Finding::CodecNotAccepted {
            answered,
            used: Some(used),
            ..
        } => (
            "media-codec-used",
            Args::new()
                .with("used", q(used))
                .with("answered", q(&answered.join(", "))),
        ),
        Finding::Loss {
            src,
            dst,
            lost,
            expected,
            percent,
        } => (
            "media-loss",
            Args::new()
                .with("src", q(src))
                .with("dst", q(dst))
                .with("lost", lost)
                .with("expected", expected)
                .with("percent", num(*percent)),
        ),
        Finding::Jitter {
            src,
            dst,
            mean_ms,
            max_ms,
        } => (
            "media-jitter",
            Args::new()
                .with("src", q(src))
                .with("dst", q(dst))
                .with("mean", num(*mean_ms))
                .with("max", num(*max_ms)),
        ),
    };
    cat.t_args(lang, key, &args)
}

/// One stream on one line.
pub fn stream_line(cat: &Catalogue, lang: Lang, s: &RtpStream) -> String {
    let codec = s
        .codec
        .clone()
        .unwrap_or_else(|| format!("PT{}", s.payload_type));
    let mut line = cat.t_args(
        lang,
        "media-stream",
        &Args::new()
            .with("src", q(&s.src))
            .with("dst", q(&s.dst))
            .with("codec", crate::render::trace::describe::plain(&codec))
            .with("packets", s.packets)
            .with("lost", s.lost)
            .with("percent", num(s.lost_percent))
            .with("jitter", num(s.mean_jitter_ms))
            .with("seconds", num(s.duration_s)),
    );
    if !s.dtmf.is_empty() {
        let keys: String = s
            .dtmf
            .iter()
            .map(|d| d.key.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        line.push_str(" · ");
        line.push_str(&cat.t_args(
            lang,
            "media-stream-dtmf",
            &Args::new().with("keys", crate::render::trace::describe::plain(&keys)),
        ));
    }
    if !s.announced {
        line.push(' ');
        line.push_str(&cat.t(lang, "media-unannounced"));
    }
    line
}

/// The findings as lines; when the capture has RTP and nothing is wrong, says so.
pub fn findings(cat: &Catalogue, lang: Lang, cap: &Capture) -> Vec<String> {
    let mut out: Vec<String> = cap
        .media_findings
        .iter()
        .take(MAX_FINDINGS_SHOWN)
        .map(|f| finding(cat, lang, f))
        .collect();
    if out.is_empty() && !cap.rtp_streams.is_empty() {
        out.push(cat.t(lang, "media-fine"));
    }
    out
}

/// The embed listing the RTP streams and the media findings; `None` without media.
pub fn media_embed(cat: &Catalogue, lang: Lang, cap: &Capture) -> Option<Explanation> {
    if cap.rtp_streams.is_empty() && cap.media_findings.is_empty() {
        return None;
    }
    let mut lines: Vec<String> = cap
        .rtp_streams
        .iter()
        .take(MAX_STREAMS_SHOWN)
        .map(|s| format!("• {}", stream_line(cat, lang, s)))
        .collect();
    let more = cap.rtp_streams.len().saturating_sub(MAX_STREAMS_SHOWN);
    if more > 0 {
        lines.push(cat.t_args(lang, "media-more-streams", &Args::new().with("n", more)));
    }
    if lines.is_empty() {
        lines.push(cat.t(lang, "media-none"));
    }
    let wrong = !cap.media_findings.is_empty();
    Some(Explanation {
        title: cat.t(lang, "media-title"),
        url: None,
        colour: if wrong {
            colours::SERVER_FAILURE
        } else {
            colours::SUCCESS
        },
        description: findings(cat, lang, cap).join("\n"),
        fields: vec![Field {
            name: cat.t(lang, "media-field-streams"),
            value: lines.join("\n"),
            inline: false,
        }],
        footer: None,
        subject: None,
    })
}

/// The whole reply to a capture read: the summary and the media findings first (what
/// people ask), the media embed, then the calls as for a pasted trace.
pub fn capture_reply(cat: &Catalogue, lang: Lang, cap: &Capture) -> Reply {
    let mut content = summary(cat, lang, cap);
    let media = media_embed(cat, lang, cap);
    let mut reply = match super::trace_reply(cat, lang, &cap.trace) {
        Some(r) => r,
        None => {
            content.push(cat.t_args(
                lang,
                "capture-no-sip",
                &Args::new().with("packets", cap.capture.packets),
            ));
            Reply::default()
        }
    };
    if let Some(c) = reply.content.take() {
        content.push(c);
    }
    if let Some(m) = media {
        reply.embeds.insert(0, m);
    }
    reply.content = Some(content.join("\n"));
    reply.fit()
}

/// The answer to a file's bytes when they are a packet capture (by magic), `None` when they
/// are not: the one entry point the bot needs for attachments.
pub fn file_reply(cat: &Catalogue, lang: Lang, bytes: &[u8], redact: bool) -> Option<Reply> {
    capture::sniff(bytes)?;
    Some(match capture::read_bytes(bytes) {
        Ok(mut cap) => {
            if redact {
                cap.redact();
            }
            capture_reply(cat, lang, &cap)
        }
        Err(e) => Reply {
            content: Some(error_text(cat, lang, &e)),
            embeds: Vec::new(),
        }
        .fit(),
    })
}
