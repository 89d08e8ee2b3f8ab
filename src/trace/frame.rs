//! What a log says about a message outside the message itself — its direction, addresses
//! and time (`Frame`) — and the start line (`Start`): the pieces both the message scanner
//! (`parse`) and the log-line readers (`logline`, `stated`) build on, with the SIP methods
//! they know.

use super::Wire;

/// Whether the log host sent or received the message (Asterisk, FreeSWITCH, SIPp… log one
/// side only: the other address is the host itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    Sent,
    Received,
}

/// What the log said about a message, outside the message.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frame {
    pub src: Option<String>,
    pub dst: Option<String>,
    pub dir: Option<Dir>,
    pub time: Option<String>,
    /// ngrep `-W byline` prints each CR as a `.` at the end of the line.
    pub cr_dots: bool,
    /// Read off the wire (a capture): exact time, addresses and transport.
    pub wire: Option<Wire>,
}

impl Frame {
    pub(crate) fn is_empty(&self) -> bool {
        self.src.is_none() && self.dst.is_none() && self.dir.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Start {
    Request { method: String, uri: String },
    Response { code: u16, reason: String },
}

/// `host:port`, IPv6 in brackets, lower case; 5060 when the log gives no port.
pub(crate) fn addr(host: &str, port: Option<&str>) -> String {
    let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
    let port = port.unwrap_or("5060");
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// `1.2.3.4:5060` or `[2001:db8::1]:5060`, lower case.
pub(crate) fn normalise(a: &str) -> String {
    match a.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() => addr(h, Some(p)),
        _ => a.to_ascii_lowercase(),
    }
}

/// The SIP methods a start line or a log line may name.
pub(crate) const METHODS: [&str; 14] = [
    "INVITE",
    "ACK",
    "BYE",
    "CANCEL",
    "REGISTER",
    "OPTIONS",
    "PRACK",
    "SUBSCRIBE",
    "NOTIFY",
    "PUBLISH",
    "INFO",
    "REFER",
    "MESSAGE",
    "UPDATE",
];
