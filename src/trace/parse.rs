//! The scanner: finds SIP messages in free text, line by line, and returns them raw (start
//! line, headers, body lines) with what the log said around them (addresses, direction,
//! time). It knows the framing of the tools people paste from:
//!
//! - Asterisk `pjsip set logger on`: `<--- Received SIP request (N bytes) from UDP:a:p --->`
//!   and `<--- Transmitting SIP response (N bytes) to UDP:a:p --->`;
//! - Asterisk chan_sip: `<--- SIP read from UDP:a:p --->` … `<------------->`,
//!   `Reliably Transmitting (NAT) to a:p:` … `---`;
//! - FreeSWITCH `sofia global siptrace on`: `recv N bytes from udp/[a]:p at T:` between
//!   `----` rules;
//! - Kamailio / OpenSIPS log lines, syslog's `#015#012` escapes or `\r\n` escapes included;
//! - ngrep (`U a:p -> b:p`, with or without `#` lines, one line per packet with `..` for CRLF,
//!   or `-W byline` with a `.` for each CR);
//! - sngrep's text export (`date time a:p -> b:p`), `tcpdump -A` (`IP a.p > b.p:` and the
//!   packet header bytes before the start line);
//! - SIPp `-trace_msg` (`UDP message sent`), PJSIP softphones (`TX 512 bytes Request msg … to
//!   UDP a:p:` … `--end msg--`), Linphone (`Message sent to [udp://a:p]`);
//! - bare messages, with or without a log prefix on every line, CRLF or LF, folded headers.
//!
//! Linear: every line is looked at a bounded number of times, and every regex runs on one
//! line. Memory per message is capped (headers, values, body lines).

use std::sync::OnceLock;

use memchr::memmem;
use regex::Regex;

pub(crate) use super::frame::{addr, normalise, Dir, Frame, Start, METHODS};
use super::logline::{self, Event, LogSource};
use super::stated;

/// Headers kept per message; a paste with more is broken or hostile.
const MAX_HEADERS: usize = 100;
/// Characters kept of a header value or a body line.
const MAX_VALUE: usize = 2048;
/// Body lines kept per message (SDP needs a few dozen).
const MAX_BODY_LINES: usize = 200;
/// Characters of a line examined; longer lines are cut (a log line is never this long).
pub(crate) const MAX_LINE: usize = 64 * 1024;

#[derive(Debug, Clone)]
pub(crate) struct RawMessage {
    pub line: usize,
    pub start: Start,
    pub headers: Vec<(String, String)>,
    pub body: Vec<String>,
    pub frame: Frame,
    /// Read from a log line, not from a whole message.
    pub event: Option<Event>,
}

/// The same method, or the same code (a log line and the message may word the rest
/// differently).
fn same_start(a: &Start, b: &Start) -> bool {
    match (a, b) {
        (Start::Request { method: x, .. }, Start::Request { method: y, .. }) => x == y,
        (Start::Response { code: x, .. }, Start::Response { code: y, .. }) => x == y,
        _ => false,
    }
}

/// What identifies a message well enough to tell that a log line reports it: the start
/// line (method or code), the CSeq number and method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Signature {
    pub what: String,
    pub cseq: Option<u32>,
    pub method: Option<String>,
}

impl Signature {
    /// Whether both are in one transaction: the same CSeq number and method.
    pub fn same_transaction(&self, other: &Signature) -> bool {
        self.cseq.is_some() && self.cseq == other.cseq && self.method == other.method
    }

    /// Whether `event`, read from a log line, is about this message: the same start, and
    /// the same CSeq where the line gives one.
    pub fn reports(&self, event: &Signature) -> bool {
        self.what == event.what
            && (event.cseq.is_none() || event.cseq == self.cseq)
            && (event.method.is_none() || event.method == self.method)
    }
}

impl RawMessage {
    pub fn signature(&self) -> Signature {
        let what = match &self.start {
            Start::Request { method, .. } => method.clone(),
            Start::Response { code, .. } => code.to_string(),
        };
        let (cseq, method) = match &self.event {
            Some(e) => (e.cseq, e.method.clone()),
            None => {
                let mut parts = self.header("CSeq").unwrap_or("").split_whitespace();
                (
                    parts.next().and_then(|n| n.parse().ok()),
                    parts.next().map(str::to_ascii_uppercase),
                )
            }
        };
        Signature { what, cseq, method }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The lines of a whole message, each without its `\r`, as `split('\n')` gives them; the
/// newlines are found by a vector search (captures hold tens of thousands of messages).
fn message_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        match memchr::memchr(b'\n', t.as_bytes()) {
            Some(i) => {
                rest = Some(&t[i + 1..]);
                Some(&t[..i])
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
    .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// One whole message as it went on the wire (a capture): start line, headers (folded lines
/// joined, compact names expanded) and body lines, with no log framing to look for. `None`
/// when it lacks the headers of a real message.
pub(crate) fn exact(text: &str, line: usize) -> Option<RawMessage> {
    let mut lines = message_lines(text);
    let (at, start) = find_start(cut(lines.next()?, MAX_LINE))?;
    if at != 0 {
        return None;
    }
    let mut m = RawMessage {
        line,
        start,
        headers: Vec::new(),
        body: Vec::new(),
        frame: Frame::default(),
        event: None,
    };
    for l in lines.by_ref() {
        if l.is_empty() {
            break;
        }
        if l.starts_with([' ', '\t']) {
            if let Some((_, v)) = m.headers.last_mut() {
                if v.len() < MAX_VALUE {
                    v.push(' ');
                    v.push_str(cut(l.trim(), MAX_VALUE - v.len()));
                }
            }
        } else if let Some((name, value)) = parse_header(l) {
            if m.headers.len() < MAX_HEADERS {
                m.headers
                    .push((canonical_name(name), cut(value, MAX_VALUE).to_string()));
            }
        }
    }
    for l in lines.filter(|l| !l.is_empty()).take(MAX_BODY_LINES) {
        m.body.push(cut(l, MAX_VALUE).to_string());
    }
    m.headers
        .iter()
        .any(|(n, _)| matches!(n.as_str(), "Call-ID" | "CSeq" | "Via"))
        .then_some(m)
}

/// What `exact(text, _)` would make of the message's Call-ID, without building it: `None`
/// when `exact` finds no message, else the first Call-ID header's value as `exact` keeps it
/// (empty without one). For messages past the cap, which are only counted.
pub(crate) fn exact_call_id(text: &str) -> Option<String> {
    let mut lines = message_lines(text);
    let (at, _) = find_start(cut(lines.next()?, MAX_LINE))?;
    if at != 0 {
        return None;
    }
    let (mut kept, mut known) = (0, false);
    let mut call_id: Option<String> = None;
    // Whether the last header kept is the first Call-ID: its continuation lines are its own.
    let mut last_is_id = false;
    for l in lines {
        if l.is_empty() {
            break;
        }
        if l.starts_with([' ', '\t']) {
            if let (true, Some(v)) = (last_is_id, call_id.as_mut()) {
                if v.len() < MAX_VALUE {
                    v.push(' ');
                    v.push_str(cut(l.trim(), MAX_VALUE - v.len()));
                }
            }
        } else if let Some((name, value)) = parse_header(l) {
            if kept < MAX_HEADERS {
                kept += 1;
                let long = key_header(name);
                known |= long.is_some();
                last_is_id = long == Some("Call-ID") && call_id.is_none();
                if last_is_id {
                    call_id = Some(cut(value, MAX_VALUE).to_string());
                } else if known && call_id.is_some() {
                    // The first Call-ID and its continuation lines are read and a key
                    // header seen: nothing later changes the answer.
                    break;
                }
            }
        }
    }
    known.then(|| call_id.map(|v| v.trim().to_string()).unwrap_or_default())
}

/// `Call-ID`, `CSeq` or `Via` when `name` is one of them in long or compact form (what
/// `canonical` says of them, without trying every other name).
fn key_header(name: &str) -> Option<&'static str> {
    let long = match name.len() {
        1 => match name.as_bytes()[0] | 0x20 {
            b'i' => "Call-ID",
            b'v' => "Via",
            _ => return None,
        },
        3 => "Via",
        4 => "CSeq",
        7 => "Call-ID",
        _ => return None,
    };
    (name.len() == 1 || name.eq_ignore_ascii_case(long)).then_some(long)
}

enum State {
    Idle,
    Headers,
    Body { remaining: Option<i64>, sdp: bool },
}

/// The line-by-line state machine. Feed it lines; completed messages collect in `out`.
pub(crate) struct Scanner {
    state: State,
    cur: Option<RawMessage>,
    prefix: String,
    cr_dots: bool,
    crlf: bool,
    pending: Option<Frame>,
    /// A log line's event, kept one line: when the next line starts the very message it
    /// reports (pjsua's `TX … Request msg INVITE…` before the INVITE), the message wins.
    held: Option<RawMessage>,
    log: logline::Context,
    /// The start line as written, for a start line that turns out to have no headers.
    start_text: String,
    log_like_prefix: bool,
    /// Which kinds of dialog the lines outside the messages talk about.
    pub hint: stated::Hint,
    pub out: Vec<RawMessage>,
}

/// The long form of a compact header name (RFC 3261 §7.3.3 and later RFCs).
pub(crate) fn canonical_name(name: &str) -> String {
    canonical(name).unwrap_or(name).to_string()
}

/// The long name of a header that has a compact form or a usual spelling, without copying.
fn canonical(name: &str) -> Option<&'static str> {
    const NAMES: [(&str, &str); 17] = [
        ("i", "Call-ID"),
        ("f", "From"),
        ("t", "To"),
        ("v", "Via"),
        ("m", "Contact"),
        ("l", "Content-Length"),
        ("c", "Content-Type"),
        ("k", "Supported"),
        ("s", "Subject"),
        ("e", "Content-Encoding"),
        ("o", "Event"),
        ("r", "Refer-To"),
        ("b", "Referred-By"),
        ("u", "Allow-Events"),
        ("x", "Session-Expires"),
        ("", "CSeq"),
        ("", "WWW-Authenticate"),
    ];
    NAMES.iter().find_map(|&(short, long)| {
        (name.eq_ignore_ascii_case(long) || (!short.is_empty() && name.eq_ignore_ascii_case(short)))
            .then_some(long)
    })
}

/// RFC 3261 `token` characters (a byte of a multi-byte character is none).
fn is_token_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&c)
}

/// `Name: value` with a token for a name.
pub(crate) fn parse_header(l: &str) -> Option<(&str, &str)> {
    let i = memchr::memchr(b':', l.as_bytes())?;
    let name = l[..i].trim_end();
    if name.is_empty() || name.len() > 64 || !name.bytes().all(is_token_byte) {
        return None;
    }
    Some((name, l[i + 1..].trim()))
}

/// An SDP line: `x=…` with a lower-case letter.
fn is_sdp_line(l: &str) -> bool {
    let b = l.as_bytes();
    b.len() >= 2 && b[0].is_ascii_lowercase() && b[1] == b'='
}

fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Finds a SIP start line anywhere in a line (after a log prefix, or after the packet header
/// bytes `tcpdump -A` prints as dots). Returns where it starts.
pub(crate) fn find_start(l: &str) -> Option<(usize, Start)> {
    let finder = memmem::Finder::new("SIP/2.0");
    let first = finder.find(l.as_bytes())?;
    // Status line: "SIP/2.0 NNN reason".
    let mut at = first;
    loop {
        let rest = &l[at + 7..];
        let b = rest.as_bytes();
        let boundary = at == 0 || !l.as_bytes()[at - 1].is_ascii_alphanumeric();
        if boundary
            && b.len() >= 4
            && b[0] == b' '
            && b[1..4].iter().all(u8::is_ascii_digit)
            && (b.len() == 4 || b[4] == b' ' || b[4] == b'.')
        {
            let code: u16 = rest[1..4].parse().ok()?;
            if (100..=699).contains(&code) {
                let reason = rest[4..].trim();
                return Some((
                    at,
                    Start::Response {
                        code,
                        reason: cut(reason, 200).to_string(),
                    },
                ));
            }
        }
        match finder.find(&l.as_bytes()[at + 7..]) {
            Some(n) => at = at + 7 + n,
            None => break,
        }
    }
    // Request line: "METHOD uri SIP/2.0", the version last (ngrep may add a "." for the CR).
    let t = l.trim_end();
    let t = t.strip_suffix('.').unwrap_or(t);
    let head = t.strip_suffix("SIP/2.0")?;
    if !head.ends_with([' ', '\t']) {
        return None;
    }
    let head = head.trim_end();
    let uri_at = head.rfind([' ', '\t'])? + 1;
    let uri = &head[uri_at..];
    if uri.len() < 4 || !uri.contains(':') {
        return None;
    }
    let before = head[..uri_at].trim_end();
    let tok_at = before.rfind([' ', '\t']).map_or(0, |i| i + 1);
    let token = &before[tok_at..];
    // The method, or the upper-case run at the end of a token glued to packet bytes.
    let run = token
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_uppercase() || *c == '-')
        .last()
        .map(|(i, _)| i)?;
    let method = &token[run..];
    let ok = if run == 0 {
        method.len() >= 2 && method.len() <= 20
    } else {
        METHODS.contains(&method)
    };
    if !ok {
        return None;
    }
    Some((
        tok_at + run,
        Start::Request {
            method: method.to_string(),
            uri: cut(uri, 500).to_string(),
        },
    ))
}

const ADDR: &str = r"\[?(?:(?:udp|tcp|tls|wss?|sctp)\s*(?:://|:|/|\s)\s*)?\[?(\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]+|[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})\]?(?::(\d{1,5}))?";

struct FrameRegexes {
    rx: Regex,
    tx: Regex,
    arrow: Regex,
    tcpdump: Regex,
    sipp: Regex,
    time: Regex,
}

fn regexes() -> &'static FrameRegexes {
    static R: OnceLock<FrameRegexes> = OnceLock::new();
    R.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        FrameRegexes {
            rx: re(&format!(
                r"(?i)\b(?:received|receive|recv|read|rx|incoming|got)\b.*?\bfrom\s+(?:{ADDR})"
            )),
            tx: re(&format!(
                r"(?i)\b(?:sent|send|sending|transmitting|transmit|tx|outgoing|xmit)\b.*?\bto\s+(?:{ADDR})"
            )),
            arrow: re(
                r"(?:^|\s)(?:([UTut])\s+)?(\[[0-9A-Fa-f:.]+\]:\d{1,5}|\d{1,3}(?:\.\d{1,3}){3}:\d{1,5})\s*-{1,2}>\s*(\[[0-9A-Fa-f:.]+\]:\d{1,5}|\d{1,3}(?:\.\d{1,3}){3}:\d{1,5})",
            ),
            tcpdump: re(
                r"\bIP6?\s+([0-9A-Za-z.:-]+)\.(\d{1,5}|sip|sip-tls)\s+>\s+([0-9A-Za-z.:-]+)\.(\d{1,5}|sip|sip-tls):",
            ),
            sipp: re(r"(?i)\b(?:udp|tcp|tls|sctp)\s+message\s+(sent|received)\b"),
            time: re(r"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\b"),
        }
    })
}

fn tcpdump_port(p: &str) -> &str {
    match p {
        "sip" => "5060",
        "sip-tls" => "5061",
        p => p,
    }
}

/// What a log line says about the next message: its addresses or its direction.
pub(crate) fn frame(l: &str) -> Option<Frame> {
    // Cheap refusals first: most log lines say nothing of the kind.
    if l.len() < 8 || !l.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let r = regexes();
    let time = r.time.find(l).map(|m| m.as_str().to_string());
    let mut f = Frame {
        time,
        ..Frame::default()
    };
    if let Some(c) = r.arrow.captures(l) {
        f.src = c.get(2).map(|m| normalise(m.as_str()));
        f.dst = c.get(3).map(|m| normalise(m.as_str()));
        f.cr_dots = c.get(1).is_some();
    } else if let Some(c) = r.tcpdump.captures(l) {
        f.src = Some(addr(&c[1], Some(tcpdump_port(&c[2]))));
        f.dst = Some(addr(&c[3], Some(tcpdump_port(&c[4]))));
    } else if let Some(c) = r.rx.captures(l) {
        f.dir = Some(Dir::Received);
        f.src = Some(addr(&c[1], c.get(2).map(|m| m.as_str())));
    } else if let Some(c) = r.tx.captures(l) {
        f.dir = Some(Dir::Sent);
        f.dst = Some(addr(&c[1], c.get(2).map(|m| m.as_str())));
    } else if let Some(c) = r.sipp.captures(l) {
        f.dir = Some(if c[1].eq_ignore_ascii_case("sent") {
            Dir::Sent
        } else {
            Dir::Received
        });
    }
    (!f.is_empty()).then_some(f)
}

/// A rule between messages: `----`, `<------------->`, `--end msg--`, ngrep's `#`, `====`.
fn is_separator(l: &str) -> bool {
    let t = l.trim();
    !t.is_empty()
        && (t.starts_with("-----")
            || t.starts_with("--end msg")
            || t.starts_with("====")
            || t.chars().all(|c| "-=#~|<>*_".contains(c)))
}

/// Log lines that carry a whole message on one line: syslog's `#015#012`, `\r\n` escapes in
/// JSON-ish logs, and ngrep's default output with `..` for each CRLF.
fn expand(l: &str) -> Option<Vec<String>> {
    memmem::find(l.as_bytes(), b"SIP/2.0")?;
    if l.contains("#012") {
        let s = l
            .replace("#015#012", "\n")
            .replace("#012", "\n")
            .replace("#015", "")
            .replace("#011", "\t");
        return Some(s.split('\n').map(String::from).collect());
    }
    if l.contains("\\n") {
        let s = l
            .replace("\\r\\n", "\n")
            .replace("\\n", "\n")
            .replace("\\r", "")
            .replace("\\t", "\t");
        return Some(s.split('\n').map(String::from).collect());
    }
    let lower = l.to_ascii_lowercase();
    if [
        "..via:",
        "..v:",
        "..call-id:",
        "..i:",
        "..cseq:",
        "..from:",
        "..f:",
    ]
    .iter()
    .any(|m| lower.contains(m))
    {
        return Some(l.split("..").map(String::from).collect());
    }
    None
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner {
            state: State::Idle,
            cur: None,
            prefix: String::new(),
            cr_dots: false,
            crlf: false,
            pending: None,
            held: None,
            log: logline::Context::default(),
            start_text: String::new(),
            log_like_prefix: false,
            hint: stated::Hint::default(),
            out: Vec::new(),
        }
    }

    /// One physical line (without its `\n`; a trailing `\r` is fine).
    pub fn line(&mut self, raw: &str, no: usize) {
        let raw = cut(raw, MAX_LINE);
        let crlf = raw.ends_with('\r');
        let l = raw.trim_end_matches(['\r', '\n']);
        match expand(l) {
            Some(parts) => {
                for p in parts {
                    self.one(&p, no, true);
                }
                // A message carried on one log line ends with it.
                self.finish();
            }
            None => {
                if matches!(self.state, State::Idle) {
                    self.crlf = crlf;
                }
                self.one(l, no, false)
            }
        }
    }

    pub fn end(&mut self) {
        self.finish();
        self.release();
    }

    /// Emits the held log event.
    fn release(&mut self) {
        if let Some(m) = self.held.take() {
            self.out.push(m);
        }
    }

    fn one(&mut self, l: &str, no: usize, expanded: bool) {
        match self.state {
            State::Idle => self.idle(l, no),
            State::Headers => self.header_line(l, no),
            State::Body { .. } => self.body_line(l, no, expanded),
        }
    }

    fn idle(&mut self, l: &str, no: usize) {
        if let Some((at, start)) = find_start(l) {
            if self
                .held
                .as_ref()
                .is_some_and(|h| !same_start(&h.start, &start))
            {
                self.release();
            }
            self.held = None;
            self.begin(l, at, start, no);
            return;
        }
        self.release();
        if let Some(r) = logline::event(l, &mut self.log) {
            self.pending = Some(r.frame.clone());
            let mut headers = Vec::new();
            if let Some(id) = &r.event.call_id {
                headers.push(("Call-ID".to_string(), id.clone()));
            }
            self.held = Some(RawMessage {
                line: no,
                start: r.start,
                headers,
                body: Vec::new(),
                frame: r.frame,
                event: Some(r.event),
            });
        } else if let Some(f) = frame(l) {
            self.pending = Some(f);
        } else if !self.log.in_ladder(l) {
            // No family knows the line, and it frames no message: it may state a response.
            self.stated(l, no);
        }
    }

    /// The responses a line of no known family states, as events without direction.
    fn stated(&mut self, l: &str, no: usize) {
        self.hint.see(l);
        for s in stated::events(l) {
            let headers = s
                .contacts
                .into_iter()
                .map(|c| ("Contact".to_string(), c))
                .collect();
            self.out.push(RawMessage {
                line: no,
                start: s.start,
                headers,
                body: Vec::new(),
                frame: s.frame,
                event: Some(s.event),
            });
        }
    }

    fn begin(&mut self, l: &str, at: usize, start: Start, no: usize) {
        let prefix = &l[..at];
        if let Some((start, event)) = stated::expected(prefix) {
            self.out.push(RawMessage {
                line: no,
                start,
                headers: Vec::new(),
                body: Vec::new(),
                frame: Frame::default(),
                event: Some(event),
            });
        }
        // A log prefix may carry the framing itself (Kamailio: "received from udp:a:p: INVITE…").
        let mut frame = match frame(prefix) {
            Some(f) => f,
            None => self.pending.take().unwrap_or_default(),
        };
        if frame.time.is_none() {
            frame.time = regexes().time.find(prefix).map(|m| m.as_str().to_string());
        }
        self.cr_dots = frame.cr_dots || l.trim_end().ends_with("SIP/2.0.");
        // tcpdump's packet bytes are no log prefix: only keep a prefix with a readable end.
        self.prefix = if prefix.ends_with("..") {
            String::new()
        } else {
            prefix.to_string()
        };
        let mut start = start;
        if self.cr_dots {
            if let Start::Response { reason, .. } = &mut start {
                if let Some(r) = reason.strip_suffix('.') {
                    *reason = r.to_string();
                }
            }
        }
        self.start_text = cut(l, 300).to_string();
        // A start line in prose ("we got SIP/2.0 486 again") is a code to explain, not a
        // trace; one after a log prefix (a time, a quote, nothing) reports a message.
        // A single tag is no sentence either: webrtc2sip's "RECV:SIP/2.0 488 …"
        // (DoubangoTelecom/doubango#308), "Received:", "[RX]".
        let tag = prefix.trim();
        self.log_like_prefix = prefix.bytes().all(|b| !b.is_ascii_alphabetic())
            || prefix.bytes().any(|b| b.is_ascii_digit() || b == b'\'')
            || (!tag.contains(char::is_whitespace) && tag.ends_with([':', '>', ']']));
        self.cur = Some(RawMessage {
            line: no,
            start,
            headers: Vec::new(),
            body: Vec::new(),
            frame,
            event: None,
        });
        self.state = State::Headers;
    }

    /// `l` without the dot ngrep's byline output leaves for a CR, in a message written so.
    fn without_cr_dot<'a>(&self, l: &'a str) -> &'a str {
        if self.cr_dots {
            l.strip_suffix('.').unwrap_or(l)
        } else {
            l
        }
    }

    /// The content of a continuation line: the line itself, or the line without the log
    /// prefix the start line had (same prefix, or one that ends like it at about the same
    /// place: timestamps change, their width does not).
    fn content<'a>(&self, l: &'a str, want: impl Fn(&str) -> bool) -> Option<&'a str> {
        let l = self.without_cr_dot(l);
        if !self.prefix.is_empty() {
            if let Some(rest) = l.strip_prefix(self.prefix.as_str()) {
                return Some(rest);
            }
            if l == self.prefix.trim_end() {
                return Some("");
            }
        }
        if want(l) {
            return Some(l);
        }
        let p = self.prefix.trim_end();
        let last = p.chars().last()?;
        if last.is_alphanumeric() {
            return None;
        }
        let lo = p.len() / 2;
        let hi = (p.len() + 12).min(l.len());
        let window = l.get(lo..hi)?;
        let i = window.find(last)? + lo + last.len_utf8();
        let rest = l[i..].strip_prefix(' ').unwrap_or(&l[i..]);
        (rest.trim().is_empty() || want(rest)).then_some(rest)
    }

    /// A line that starts a new SIP message ends the one being read and begins it.
    fn starts_message(&mut self, l: &str, no: usize) -> bool {
        let Some((at, start)) = find_start(self.without_cr_dot(l)) else {
            return false;
        };
        // tcpdump prints the start line in its summary, then again in the packet: the
        // first, with no headers, is the same message.
        if self
            .cur
            .as_ref()
            .is_some_and(|c| c.headers.is_empty() && same_start(&c.start, &start))
        {
            self.cur = None;
        }
        self.finish();
        self.begin(l, at, start, no);
        true
    }

    fn header_line(&mut self, l: &str, no: usize) {
        if self.starts_message(l, no) {
            return;
        }
        let is_content = |c: &str| {
            c.is_empty() || c.starts_with([' ', '\t']) || parse_header(c).is_some() || c == "v=0"
        };
        let Some(c) = self.content(l, is_content) else {
            self.finish();
            self.idle(l, no);
            return;
        };
        let Some(msg) = self.cur.as_mut() else {
            self.state = State::Idle;
            return;
        };
        if c.trim().is_empty() {
            let len = msg
                .header("Content-Length")
                .and_then(|v| v.trim().parse::<i64>().ok());
            let typed = msg.header("Content-Type");
            let sdp = typed.is_some_and(|t| t.to_ascii_lowercase().contains("sdp"));
            match (len, typed) {
                (Some(n), _) if n > 0 => {
                    self.state = State::Body {
                        remaining: Some(n),
                        sdp,
                    }
                }
                (None, Some(_)) => {
                    self.state = State::Body {
                        remaining: None,
                        sdp,
                    }
                }
                _ => self.finish(),
            }
            return;
        }
        if c == "v=0" {
            // SDP pasted without the blank line before it.
            self.state = State::Body {
                remaining: None,
                sdp: true,
            };
            self.push_body(c);
            return;
        }
        if c.starts_with([' ', '\t']) {
            if let Some((_, v)) = msg.headers.last_mut() {
                if v.len() < MAX_VALUE {
                    v.push(' ');
                    v.push_str(cut(c.trim(), MAX_VALUE - v.len()));
                }
            }
            return;
        }
        if let Some((name, value)) = parse_header(c) {
            if msg.headers.len() < MAX_HEADERS {
                msg.headers
                    .push((canonical_name(name), cut(value, MAX_VALUE).to_string()));
            }
        }
    }

    fn push_body(&mut self, c: &str) {
        if let Some(msg) = self.cur.as_mut() {
            if msg.body.len() < MAX_BODY_LINES {
                msg.body.push(cut(c, MAX_VALUE).to_string());
            }
        }
    }

    fn body_line(&mut self, l: &str, no: usize, expanded: bool) {
        let State::Body { remaining, sdp } = self.state else {
            return;
        };
        if self.starts_message(l, no) {
            return;
        }
        if is_separator(l) || (!expanded && frame(l).is_some() && !is_sdp_line(l)) {
            self.finish();
            self.idle(l, no);
            return;
        }
        let want = |c: &str| if sdp { is_sdp_line(c) } else { !c.is_empty() };
        let Some(c) = self.content(l, want) else {
            self.finish();
            self.idle(l, no);
            return;
        };
        if c.trim().is_empty() {
            // SDP has no blank lines; other bodies end where their length says, or here.
            if sdp || remaining.map_or(true, |r| r <= 0) {
                self.finish();
            }
            return;
        }
        if sdp && !is_sdp_line(c) {
            self.finish();
            self.idle(l, no);
            return;
        }
        self.push_body(c);
        let left = remaining.map(|r| r - c.len() as i64 - if self.crlf { 2 } else { 1 });
        // SDP ends with its last "x=" line, whatever a hand-edited Content-Length says.
        if !sdp && left.is_some_and(|r| r <= 0) {
            self.finish();
        } else {
            self.state = State::Body {
                remaining: left,
                sdp,
            };
        }
    }

    /// Ends the current message; keeps it only if it has the headers of a real one.
    fn finish(&mut self) {
        self.state = State::Idle;
        self.prefix.clear();
        self.cr_dots = false;
        if let Some(mut m) = self.cur.take() {
            let real = m
                .headers
                .iter()
                .any(|(n, _)| matches!(n.as_str(), "Call-ID" | "CSeq" | "Via"));
            if real {
                self.out.push(m);
            } else if m.body.is_empty() && self.log_like_prefix {
                // A start line pasted alone (`SIP/2.0 503 Service Unavailable`, SIPp's
                // "received 'SIP/2.0 407 …'"), or with a few headers and not the ones that
                // key a message (`REASON: Q.850;cause=31` under a 480 in a Teams report,
                // MicrosoftDocs/OfficeDocs-SkypeForBusiness#9021), still says what happened.
                let text = std::mem::take(&mut self.start_text);
                let mut e = logline::bare(LogSource::StartLine, &text);
                e.call_id = logline::quoted_call_id(&text);
                if let Some(id) = &e.call_id {
                    m.headers.push(("Call-ID".to_string(), id.clone()));
                }
                m.event = Some(e);
                self.out.push(m);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_headers_are_what_canonical_says_of_them() {
        for name in [
            "i",
            "I",
            "v",
            "V",
            "Via",
            "VIA",
            "CSeq",
            "cseq",
            "Call-ID",
            "call-id",
            "c",
            "To",
            "Via2",
            "Call-Info",
            "",
            "CSe",
            "Vi",
            "t",
        ] {
            let want = canonical(name).filter(|l| matches!(*l, "Call-ID" | "CSeq" | "Via"));
            assert_eq!(key_header(name), want, "{name}");
        }
    }

    #[test]
    fn message_lines_are_the_lines_split_gives() {
        for text in [
            "",
            "\n",
            "a",
            "a\r\nb\n",
            "a\n\nb\r",
            "\r\n\r\nx\r\n\r",
            "é\nü\r\n",
        ] {
            let split: Vec<&str> = text
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect();
            assert_eq!(message_lines(text).collect::<Vec<_>>(), split, "{text:?}");
        }
    }

    #[test]
    fn exact_call_id_agrees_with_exact() {
        let many = "X-A: 1\r\n".repeat(MAX_HEADERS);
        let texts = [
            "INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h\r\ni:  abc@h \r\n\r\nv=0\r\n".to_string(),
            "SIP/2.0 200 OK\r\nCALL-ID: one\r\n  two\r\nCall-ID: three\r\n\r\n".to_string(),
            "SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n".to_string(),
            "SIP/2.0 200 OK\r\nFrom: a\r\n\r\nCall-ID: body\r\n".to_string(),
            "junk SIP/2.0 200 OK\r\nCall-ID: x\r\n".to_string(),
            "no start line\r\nCall-ID: x\r\n".to_string(),
            format!("SIP/2.0 200 OK\r\nVia: h\r\n{many}Call-ID: late\r\n\r\n"),
            format!("SIP/2.0 200 OK\r\nCall-ID: a\r\n{many} more\r\n\r\n"),
        ];
        for t in &texts {
            let full = exact(t, 1).map(|m| m.header("Call-ID").unwrap_or("").trim().to_string());
            assert_eq!(exact_call_id(t), full, "{t:?}");
        }
    }

    fn scan(text: &str) -> Vec<RawMessage> {
        let mut s = Scanner::new();
        for (i, l) in text.split('\n').enumerate() {
            s.line(l, i + 1);
        }
        s.end();
        s.out
    }

    #[test]
    fn start_lines_after_prefixes_and_packet_bytes() {
        assert!(matches!(
            find_start("SIP/2.0 486 Busy Here"),
            Some((0, Start::Response { code: 486, .. }))
        ));
        let (at, s) = find_start("E..l..@.@.......INVITE sip:bob@example.com SIP/2.0").unwrap();
        assert_eq!(at, 16);
        assert!(matches!(s, Start::Request { method, .. } if method == "INVITE"));
        assert!(find_start("Via: SIP/2.0/UDP 1.2.3.4:5060").is_none());
        assert!(find_start("we speak SIP/2.0 mostly").is_none());
        assert!(find_start("INVITE sip:a@b SIP/2.0.").is_some());
    }

    #[test]
    fn frames_of_each_tool() {
        let f =
            frame("<--- Received SIP request (1012 bytes) from UDP:10.0.0.1:5060 --->").unwrap();
        assert_eq!(f.src.as_deref(), Some("10.0.0.1:5060"));
        assert_eq!(f.dir, Some(Dir::Received));
        let f = frame("send 512 bytes to udp/[10.0.0.2]:5080 at 12:00:00.123456:").unwrap();
        assert_eq!(f.dst.as_deref(), Some("10.0.0.2:5080"));
        assert_eq!(f.time.as_deref(), Some("12:00:00.123456"));
        let f = frame("U 10.0.0.1:5060 -> 10.0.0.2:5060 #3").unwrap();
        assert!(f.cr_dots);
        assert_eq!(f.dst.as_deref(), Some("10.0.0.2:5060"));
        let f = frame("12:00:00.1 IP 10.0.0.1.5060 > 10.0.0.2.sip: SIP: INVITE").unwrap();
        assert_eq!(f.dst.as_deref(), Some("10.0.0.2:5060"));
        assert!(frame("Content-Length: 0").is_none());
    }

    #[test]
    fn ngrep_one_line_per_packet() {
        let m = scan("U 1.1.1.1:5060 -> 2.2.2.2:5060\nSIP/2.0 200 OK..Via: SIP/2.0/UDP 1.1.1.1..Call-ID: x..CSeq: 1 INVITE..Content-Length: 0....\n");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].header("CSeq"), Some("1 INVITE"));
        assert_eq!(m[0].frame.src.as_deref(), Some("1.1.1.1:5060"));
    }
}
