//! Pasted SIP traces: finds the SIP messages in free text (sngrep, Asterisk, FreeSWITCH,
//! Kamailio/OpenSIPS, ngrep, tcpdump -A, SIPp, softphone logs, bare messages), groups them
//! into calls by Call-ID and transactions by CSeq and Via branch, marks retransmissions,
//! names the participants and decides how each call ended, with the evidence (Reason,
//! Warning, Retry-After, SDP codecs), all as plain data.
//!
//! Pure analysis and bounded: `TraceBuilder` takes lines one at a time, keeps at most
//! `MAX_CALLS` calls and `MAX_MESSAGES` messages (counting the rest, so a reply can say so),
//! and every step is linear in the input. No text of ours is made here: `render::trace`
//! tells the story and draws the ladder from these values.
//!
//! Layout: `parse` (the scanner: framing, start lines, headers, bodies), `logline` (events
//! from the one-line reports of PBXs, proxies, softphones and test tools), `sdp` (codecs),
//! `analyse` (calls, participants, outcome, diagnoses), `privacy` (credentials detection and
//! redaction).

mod analyse;
mod frame;
pub mod headers;
mod logline;
mod outcome;
mod parse;
pub mod privacy;
pub mod sdp;
mod stated;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Serialize;

pub use logline::LogSource;
pub use privacy::{redact, Privacy, Redactor};
pub use sdp::Sdp;

/// Calls kept from one paste; later calls are counted only.
pub const MAX_CALLS: usize = 200;
/// Messages kept from one paste, over all calls; later ones are counted only.
pub const MAX_MESSAGES: usize = 5_000;
/// Distinct Call-IDs counted exactly; beyond this the count is a lower bound.
const MAX_COUNTED_CALLS: usize = 200_000;

/// The first line of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StartLine {
    Request { method: String, uri: String },
    Response { code: u16, reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// One SIP message as it appeared in the paste.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    /// Position among all the messages of the paste, from 0.
    pub index: usize,
    /// Line of the paste where its start line is, from 1.
    pub line: usize,
    pub start: StartLine,
    pub cseq: Option<u32>,
    /// The CSeq method: for a response, the method it answers.
    pub method: String,
    /// The branch of the top Via: with CSeq, it names the transaction.
    pub branch: Option<String>,
    /// Headers in order, compact names expanded (`i` → `Call-ID`).
    pub headers: Vec<Header>,
    pub sdp: Option<Sdp>,
    /// Sender and receiver, as indexes into `Trace::participants`.
    pub src: usize,
    pub dst: usize,
    pub time: Option<String>,
    /// The same message seen before on the same hop (same transaction, same direction).
    pub retransmission: bool,
    /// The log line it was read from, when the paste had a line about it rather than the
    /// message itself.
    pub log: Option<LogLine>,
    /// Where and when it went, when it was read off the wire (a packet capture).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wire: Option<Wire>,
}

/// A log line naming why a channel ended (`[USER_BUSY]`): render looks the name up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hangup {
    /// Line of the paste, from 1.
    pub line: usize,
    pub source: LogSource,
    /// The channel it names, to match the call that has the same channel.
    pub channel: Option<String>,
    /// The cause name as logged.
    pub name: String,
    pub text: String,
}

/// Hangup lines kept from one paste.
const MAX_HANGUPS: usize = 50;

/// A log line that reported a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogLine {
    pub source: LogSource,
    pub text: String,
}

/// How a message travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    Udp,
    Tcp,
    Sctp,
    /// SIP over WebSocket (RFC 7118), on top of TCP.
    Ws,
}

/// A message's capture time and addresses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wire {
    /// Seconds since the Unix epoch, with the capture's precision.
    pub time: f64,
    /// `ip:port`, IPv6 in brackets.
    pub src: String,
    pub dst: String,
    pub transport: Transport,
}

impl Message {
    /// The first header of that name (case-insensitive, long names).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    pub fn code(&self) -> Option<u16> {
        match self.start {
            StartLine::Response { code, .. } => Some(code),
            StartLine::Request { .. } => None,
        }
    }

    pub fn is_request(&self) -> bool {
        matches!(self.start, StartLine::Request { .. })
    }

    /// Whether the paste says who sent it to whom: a line that names neither end leaves
    /// both on the unknown participant.
    pub fn directed(&self) -> bool {
        self.src != self.dst
    }

    /// What the ladder shows: `INVITE`, `180 Ringing`.
    pub fn label(&self) -> String {
        match &self.start {
            StartLine::Request { method, .. } => method.clone(),
            StartLine::Response { code, reason } if reason.is_empty() => code.to_string(),
            StartLine::Response { code, reason } => format!("{code} {reason}"),
        }
    }

    /// Whether it carries credentials for a challenge.
    pub fn has_credentials(&self) -> bool {
        self.header("Authorization").is_some() || self.header("Proxy-Authorization").is_some()
    }
}

/// One end of the conversation: an address seen in the log, or the host that wrote the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    /// `A`, `B`, `C`… in order of appearance.
    pub label: String,
    /// `host:port`, or empty for a log host whose address the trace does not show.
    pub address: String,
    /// The host that wrote the log (Asterisk, FreeSWITCH, SIPp…), when the log says
    /// "received from" and "sent to" rather than both addresses.
    pub log_host: bool,
    /// Its `User-Agent` or `Server` header.
    pub agent: Option<String>,
}

/// What a participant does in one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Caller,
    Callee,
    Proxy,
    Client,
    Registrar,
    Server,
}

/// How a call (or a registration, or any other dialog) ended. `by` fields are participant
/// indexes: who sent the deciding message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// A 2xx to the INVITE; `hangup` sent the first BYE, if the trace has one.
    Answered {
        code: u16,
        by: usize,
        hangup: Option<usize>,
    },
    /// 486 or 600.
    Busy { code: u16, by: usize },
    /// Any other final failure.
    Rejected {
        method: String,
        code: u16,
        by: usize,
    },
    /// CANCEL before a final response; `code` is the 487 when it is in the trace.
    Cancelled { by: usize, code: Option<u16> },
    /// 408, or no response at all to a request sent `transmissions` times.
    TimedOut {
        method: String,
        code: Option<u16>,
        by: Option<usize>,
        transmissions: usize,
    },
    /// Only provisional responses: the trace stops before the end.
    Unfinished { method: String, last: Option<u16> },
    /// 3xx, with the new targets from `Contact`.
    Redirected {
        code: u16,
        by: usize,
        contacts: Vec<String>,
    },
    /// 401/407 and no retry with credentials in the trace.
    Challenged {
        method: String,
        code: u16,
        by: usize,
    },
    /// Challenged again after sending credentials: wrong user, password or realm.
    WrongCredentials {
        method: String,
        code: u16,
        by: usize,
        challenges: usize,
    },
    /// 403 to a request that carried credentials: the account or an ACL says no.
    ForbiddenAfterAuth { method: String, by: usize },
    /// 488, 606 or 415: the media offered was refused.
    MediaMismatch {
        code: u16,
        by: usize,
        offer: Option<Sdp>,
        offered_by: Option<usize>,
        answer: Option<Sdp>,
        answered_by: Option<usize>,
        /// Codecs both sides have (auxiliaries such as telephone-event left out).
        common: Vec<String>,
        /// `Accept` of a 415.
        accept: Option<String>,
    },
    /// 491 Request Pending: both sides sent a (re-)INVITE at once.
    Glare { by: usize, answered: bool },
    /// 422 Session Interval Too Small.
    SessionTimer {
        by: usize,
        min_se: Option<u32>,
        session_expires: Option<u32>,
    },
    /// REGISTER 2xx; `expires` from the Contact or the Expires header.
    Registered { by: usize, expires: Option<u32> },
    /// REGISTER with Expires 0, accepted.
    Unregistered { by: usize },
    /// A non-INVITE request that succeeded (OPTIONS, MESSAGE, SUBSCRIBE…).
    Completed {
        method: String,
        code: u16,
        by: usize,
    },
    /// Responses only, no request to anchor them.
    Unknown,
}

/// Evidence found in headers along the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note {
    /// `Reason: Q.850;cause=17` or `Reason: SIP;cause=486`, in message `message` of the call.
    Reason {
        message: usize,
        protocol: String,
        cause: u16,
        text: Option<String>,
    },
    /// `Warning: 305 host "Incompatible media format"`.
    Warning {
        message: usize,
        code: u16,
        agent: String,
        text: String,
    },
    /// `Retry-After: 600`.
    RetryAfter { message: usize, seconds: u32 },
    /// The call went through after a 401/407 challenge.
    Authenticated { code: u16 },
}

/// What the trace does not show, said next to an outcome read from part of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Gap {
    /// Responses without the request they answer (`method` from their CSeq, or empty).
    NoRequest { method: String },
    /// A CANCEL whose INVITE is not in the trace.
    NoInvite,
    /// What a SIPp scenario waited for and never got (a screen row with a count of 0).
    Expected { label: String },
    /// Log lines that do not say who sent what to whom: a timeline, not a ladder.
    NoDirections,
    /// Only lines that state responses (of no known log, or sentences): not the messages,
    /// their requests, their headers or who sent them.
    StatedOnly,
}

/// A response code a sentence of the paste names, kept apart from the calls because the
/// paste has real messages or log lines to tell the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Line of the paste, from 1.
    pub line: usize,
    pub code: u16,
    /// The sentence, cut to a few hundred characters.
    pub text: String,
}

/// Sentences kept as mentions.
const MAX_MENTIONS: usize = 10;

/// A cause named from the evidence, with the message it stands on (an index into the
/// call's messages). Render cites the RFC for each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Diagnosis {
    /// A response whose `Reason: Q.850` cause disagrees with its code both ways of the
    /// RFC 3398 mapping: `expected` is the cause §8.2.6.1 gives the code, `codes` what
    /// §7.2.4.1 makes of the cause.
    ReasonMismatch {
        message: usize,
        code: u16,
        cause: u16,
        expected: u8,
        codes: Vec<u16>,
    },
    /// A CANCEL with `Reason: SIP;cause=200`: the call was answered elsewhere.
    AnsweredElsewhere { message: usize },
    /// A 408 after a 100 Trying: the first hop had the request; a hop past it timed out.
    TimeoutPastFirstHop { message: usize, trying_from: usize },
    /// A 481 to a re-INVITE or a BYE: the other side no longer knows the dialog.
    NoDialog { message: usize, method: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RoleOf {
    pub participant: usize,
    pub role: Role,
}

/// The messages of one Call-ID and what they add up to.
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    /// The Call-ID, or empty for log lines that do not give one.
    pub call_id: String,
    /// The channel log lines named instead of a Call-ID (`sofia/internal/1000@host`).
    pub channel: Option<String>,
    pub messages: Vec<Message>,
    /// The participants of this call, in order of appearance: the ladder's lanes.
    pub participants: Vec<usize>,
    pub roles: Vec<RoleOf>,
    pub outcome: Outcome,
    pub notes: Vec<Note>,
    /// Distinct response codes, in order of first appearance.
    pub codes: Vec<u16>,
    /// Messages of this call seen after the message cap.
    pub dropped: usize,
    /// The message that decided the outcome (an index into `messages`).
    pub decided_by: Option<usize>,
    pub diagnoses: Vec<Diagnosis>,
    /// What the trace does not show.
    pub gaps: Vec<Gap>,
}

impl Call {
    /// The method the call is about: the INVITE, else the first request's (REGISTER,
    /// OPTIONS…), else the first message's.
    pub fn main_method(&self) -> String {
        let requests = || self.messages.iter().filter(|m| m.is_request());
        if requests().any(|m| m.method == "INVITE") {
            return "INVITE".into();
        }
        requests()
            .next()
            .or(self.messages.first())
            .map(|m| m.method.clone())
            .unwrap_or_default()
    }

    /// Whether any message of the call has a known direction: a ladder can be drawn.
    pub fn directed(&self) -> bool {
        self.messages.iter().any(Message::directed)
    }

    pub fn role_of(&self, participant: usize) -> Option<Role> {
        self.roles
            .iter()
            .find(|r| r.participant == participant)
            .map(|r| r.role)
    }
}

/// Everything found in a paste.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub calls: Vec<Call>,
    pub participants: Vec<Participant>,
    /// SIP messages found, kept or not.
    pub messages_seen: usize,
    pub messages_kept: usize,
    /// Distinct Call-IDs found (a lower bound past 200,000).
    pub calls_seen: usize,
    pub privacy: Privacy,
    /// Whether addresses, users and numbers were masked.
    pub redacted: bool,
    /// Lines that name a channel's hangup cause, in order (at most `MAX_HANGUPS`).
    pub hangups: Vec<Hangup>,
    /// Codes sentences of the paste name outside the story (at most `MAX_MENTIONS`).
    pub mentioned: Vec<Mention>,
}

impl Trace {
    /// Some messages or calls were left out to bound memory.
    pub fn truncated(&self) -> bool {
        self.messages_kept < self.messages_seen || self.calls.len() < self.calls_seen
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// Masks addresses, users and phone numbers everywhere, consistently (the same address
    /// gets the same mask), so the ladder and the participants stay readable.
    pub fn redact(&mut self) {
        let mut r = Redactor::new();
        self.redact_with(&mut r);
    }

    /// Like `redact`, with masks shared with what else is masked (a capture's media).
    pub fn redact_with(&mut self, r: &mut Redactor) {
        privacy::redact_trace(self, r);
        self.redacted = true;
    }
}

/// Builds a `Trace` from lines fed one at a time: the CLI streams a file of any size through
/// it; `analyse` feeds a string.
pub struct TraceBuilder {
    scanner: parse::Scanner,
    line_no: usize,
    calls: Vec<analyse::Building>,
    by_id: HashMap<String, usize>,
    counted: HashSet<u64>,
    messages_seen: usize,
    messages_kept: usize,
    calls_seen: usize,
    privacy: Privacy,
    /// The last whole messages, to drop a log line that reports one of them again.
    recent: std::collections::VecDeque<parse::Signature>,
    hangups: Vec<Hangup>,
}

/// Whole messages remembered to recognise a log line about one of them.
const RECENT: usize = 8;

impl Default for TraceBuilder {
    fn default() -> Self {
        TraceBuilder::new()
    }
}

impl TraceBuilder {
    pub fn new() -> TraceBuilder {
        TraceBuilder {
            scanner: parse::Scanner::new(),
            line_no: 0,
            calls: Vec::new(),
            by_id: HashMap::new(),
            counted: HashSet::new(),
            messages_seen: 0,
            messages_kept: 0,
            calls_seen: 0,
            privacy: Privacy::default(),
            recent: std::collections::VecDeque::with_capacity(RECENT),
            hangups: Vec::new(),
        }
    }

    /// One line, without its `\n`.
    pub fn line(&mut self, line: &str) {
        self.line_no += 1;
        self.privacy.check_line(line);
        if self.hangups.len() < MAX_HANGUPS {
            // FreeSWITCH names a channel's cause twice (mod_sofia's "hanging up, cause:"
            // and the core's "Hangup … [CAUSE]"): one line per channel and cause.
            if let Some(h) = logline::hangup(line).filter(|h| {
                !self
                    .hangups
                    .iter()
                    .any(|o| o.channel == h.channel && o.name == h.name)
            }) {
                self.hangups.push(Hangup {
                    line: self.line_no,
                    source: h.source,
                    channel: h.channel,
                    name: h.name,
                    text: h.text,
                });
            }
        }
        self.scanner.line(line, self.line_no);
        self.drain();
    }

    /// Whole lines of text (a last line without `\n` counts as a line).
    pub fn feed(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            match memchr::memchr(b'\n', rest.as_bytes()) {
                Some(i) => {
                    self.line(&rest[..i]);
                    rest = &rest[i + 1..];
                }
                None => {
                    self.line(rest);
                    break;
                }
            }
        }
    }

    /// One SIP message read off the wire, whole (a packet capture): its text, where it went
    /// and when. The log's framing plays no part; the wire says who sent it.
    pub fn wire_message(&mut self, text: &str, wire: impl FnOnce() -> Wire) {
        let first = self.line_no + 1;
        self.line_no += memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        self.check_credentials(text);
        if self.messages_kept >= MAX_MESSAGES {
            // Past the cap a message is only counted: its Call-ID is all that is needed
            // (a capture has no log lines, so `recent` plays no part).
            if let Some(call_id) = parse::exact_call_id(text) {
                self.messages_seen += 1;
                self.count_dropped(call_id);
            }
            return;
        }
        if let Some(mut raw) = parse::exact(text, first) {
            let wire = wire();
            raw.frame = parse::Frame {
                src: Some(wire.src.clone()),
                dst: Some(wire.dst.clone()),
                time: Some(clock(wire.time)),
                wire: Some(wire),
                ..parse::Frame::default()
            };
            self.add(raw);
        }
    }

    /// Gives the privacy check each line of a whole message that has a credential word in
    /// its first 64 bytes. One search over the message finds the words; most lines have
    /// none, and are not looked at.
    fn check_credentials(&mut self, text: &str) {
        let b = text.as_bytes();
        let Some(words) = credential_words() else {
            for l in text.split('\n') {
                self.privacy.check_line(l);
            }
            return;
        };
        let mut checked_to = 0;
        for m in words.find_iter(b) {
            if m.start() < checked_to {
                continue;
            }
            let start = memchr::memrchr(b'\n', &b[..m.start()]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &b[m.start()..]).map_or(b.len(), |i| m.start() + i);
            if m.end() <= start + 64 {
                self.privacy.check_line(&text[start..end]);
                checked_to = end;
            }
        }
    }

    fn drain(&mut self) {
        for raw in std::mem::take(&mut self.scanner.out) {
            self.add(raw);
        }
    }

    fn add(&mut self, raw: parse::RawMessage) {
        let sig = raw.signature();
        match &raw.event {
            Some(_) if self.recent.iter().any(|r| r.reports(&sig)) => return,
            Some(_) => {}
            None => {
                if self.recent.len() == RECENT {
                    self.recent.pop_front();
                }
                self.recent.push_back(sig);
            }
        }
        let index = self.messages_seen;
        self.messages_seen += 1;
        let call_id = match raw.header("Call-ID") {
            Some(id) => id.trim().to_string(),
            // Log lines without a Call-ID group by channel; the others share one call.
            None => raw
                .event
                .as_ref()
                .and_then(|e| e.channel.clone())
                .map(|c| format!("\u{0}{c}"))
                .unwrap_or_default(),
        };
        let slot = match self.by_id.get(&call_id) {
            Some(&i) => Some(i),
            None => {
                // Log lines without a Call-ID may join a call at the end: not counted here.
                if raw.event.is_none() || raw.header("Call-ID").is_some() {
                    self.count_call(&call_id);
                }
                if self.calls.len() < MAX_CALLS && self.messages_kept < MAX_MESSAGES {
                    self.calls.push(analyse::Building::new(call_id.clone()));
                    self.by_id.insert(call_id, self.calls.len() - 1);
                    Some(self.calls.len() - 1)
                } else {
                    None
                }
            }
        };
        let Some(slot) = slot else { return };
        if self.messages_kept >= MAX_MESSAGES {
            self.calls[slot].dropped += 1;
            return;
        }
        self.messages_kept += 1;
        self.calls[slot].raw.push((index, raw));
    }

    /// A message past the cap, with a Call-ID: counted on its call, or its call counted.
    fn count_dropped(&mut self, call_id: String) {
        match self.by_id.get(&call_id) {
            Some(&slot) => self.calls[slot].dropped += 1,
            None => self.count_call(&call_id),
        }
    }

    fn count_call(&mut self, id: &str) {
        use std::hash::{Hash, Hasher};
        if self.counted.len() >= MAX_COUNTED_CALLS {
            self.calls_seen += 1;
            return;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        id.hash(&mut h);
        if self.counted.insert(h.finish()) {
            self.calls_seen += 1;
        }
    }

    pub fn finish(mut self) -> Trace {
        self.scanner.end();
        self.drain();
        let mentioned = self.set_stated_apart();
        analyse::merge_log_calls(&mut self.calls);
        self.calls_seen = self.calls_seen.max(self.calls.len());
        let mut trace = analyse::finish(
            self.calls,
            self.messages_seen,
            self.messages_kept,
            self.calls_seen,
            self.privacy,
        );
        trace.hangups = self.hangups;
        trace.mentioned = mentioned;
        trace
    }

    /// Forgets calls left with no message, and where the others now are.
    fn drop_empty_calls(&mut self) {
        self.calls.retain(|c| !c.raw.is_empty() || c.dropped > 0);
        self.by_id = self
            .calls
            .iter()
            .enumerate()
            .map(|(i, c)| (c.call_id.clone(), i))
            .collect();
    }

    /// Lines that only state responses: sentences step aside (as mentions) when the paste
    /// has whole messages or log lines of a known family to tell the story; those without
    /// a method take the one the paste talks about.
    fn set_stated_apart(&mut self) -> Vec<Mention> {
        let stated = |r: &parse::RawMessage| {
            r.event
                .as_ref()
                .is_some_and(|e| matches!(e.source, LogSource::Other | LogSource::Prose))
        };
        let prose = |r: &parse::RawMessage| {
            r.event
                .as_ref()
                .is_some_and(|e| e.source == LogSource::Prose)
        };
        let better = self
            .calls
            .iter()
            .flat_map(|c| &c.raw)
            .any(|(_, r)| !stated(r));
        let mut mentioned = Vec::new();
        // Codes named but not reported are mentions beside a story, and nothing without one.
        let mention_only = |r: &parse::RawMessage| r.event.as_ref().is_some_and(|e| e.mention_only);
        let story = self
            .calls
            .iter()
            .flat_map(|c| &c.raw)
            .any(|(_, r)| !mention_only(r));
        let before: usize = self.calls.iter().map(|c| c.raw.len()).sum();
        for c in &mut self.calls {
            c.raw.retain(|(_, r)| {
                if !mention_only(r) {
                    return true;
                }
                if story && mentioned.len() < MAX_MENTIONS {
                    if let (parse::Start::Response { code, .. }, Some(e)) = (&r.start, &r.event) {
                        mentioned.push(Mention {
                            line: r.line,
                            code: *code,
                            text: e.text.clone(),
                        });
                    }
                }
                false
            });
        }
        let removed = before - self.calls.iter().map(|c| c.raw.len()).sum::<usize>();
        if removed > 0 {
            self.drop_empty_calls();
            self.messages_seen -= removed;
            self.messages_kept -= removed;
        }
        if better {
            let mut removed = 0;
            for c in &mut self.calls {
                let before = c.raw.len();
                c.raw.retain(|(_, r)| {
                    if !prose(r) {
                        return true;
                    }
                    if mentioned.len() < MAX_MENTIONS {
                        if let (parse::Start::Response { code, .. }, Some(e)) = (&r.start, &r.event)
                        {
                            mentioned.push(Mention {
                                line: r.line,
                                code: *code,
                                text: e.text.clone(),
                            });
                        }
                    }
                    false
                });
                removed += before - c.raw.len();
            }
            self.drop_empty_calls();
            self.messages_seen -= removed;
            self.messages_kept -= removed;
        }
        // What SIPp waited for belongs to the call it aborted: the only call with a key.
        let keyed: Vec<usize> = (0..self.calls.len())
            .filter(|&i| !self.calls[i].call_id.is_empty())
            .collect();
        if let ([to], Some(from)) = (
            keyed.as_slice(),
            self.calls.iter().position(|c| c.call_id.is_empty()),
        ) {
            let expected =
                |r: &parse::RawMessage| r.event.as_ref().is_some_and(|e| e.expected_only);
            let moving: Vec<(usize, parse::RawMessage)> = {
                let raw = std::mem::take(&mut self.calls[from].raw);
                let (m, keep) = raw.into_iter().partition(|(_, r)| expected(r));
                self.calls[from].raw = keep;
                m
            };
            if !moving.is_empty() {
                self.calls[*to].raw.extend(moving);
                self.calls[*to].raw.sort_by_key(|(i, _)| *i);
                self.drop_empty_calls();
            }
        }
        if let Some(method) = self.scanner.hint.method() {
            for (_, r) in self.calls.iter_mut().flat_map(|c| c.raw.iter_mut()) {
                if let Some(e) = r.event.as_mut().filter(|e| {
                    e.method.is_none() && matches!(e.source, LogSource::Other | LogSource::Prose)
                }) {
                    e.method = Some(method.to_string());
                }
            }
        }
        mentioned
    }
}

/// `auth`, `pass`, `secret` and `pwd`, the words the credential patterns need, written in
/// lower case, capitalised or in capitals (`Authorization`, `PASSWORD`): a dozen literals
/// for the packed (SIMD) searcher, many times faster than an automaton that folds case byte
/// by byte. `None` only where the packed searcher cannot be built; then every line is
/// checked the slow way.
fn credential_words() -> Option<&'static aho_corasick::packed::Searcher> {
    static W: OnceLock<Option<aho_corasick::packed::Searcher>> = OnceLock::new();
    W.get_or_init(|| {
        let words = ["auth", "pass", "secret", "pwd"].iter().flat_map(|w| {
            let mut capital = w.to_string();
            capital[..1].make_ascii_uppercase();
            [w.to_string(), capital, w.to_ascii_uppercase()]
        });
        aho_corasick::packed::Searcher::new(words)
    })
    .as_ref()
}

/// `HH:MM:SS.mmmmmm` (UTC) of seconds since the epoch.
fn clock(t: f64) -> String {
    let micros = (t.max(0.0) * 1e6).round() as u64;
    let secs = micros / 1_000_000;
    format!(
        "{:02}:{:02}:{:02}.{:06}",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60,
        micros % 1_000_000
    )
}

/// Analyses a whole paste.
pub fn analyse(text: &str) -> Trace {
    let mut b = TraceBuilder::new();
    b.feed(text);
    b.finish()
}

/// Whether a text holds a trace (two or more SIP messages: a request or status line with
/// headers), so that the bot answers with the trace reply instead of the list of codes.
/// Cheap: refuses at once without `SIP/2.0`, stops at the second message.
pub fn looks_like_trace(text: &str) -> bool {
    let finder = memchr::memmem::Finder::new("SIP/2.0");
    let Some(first) = finder.find(text.as_bytes()) else {
        return false;
    };
    if finder.find(&text.as_bytes()[first + 7..]).is_none() {
        return false;
    }
    let mut s = parse::Scanner::new();
    let mut found = 0;
    // Only whole messages count: a log line alone is no reason to answer with a trace.
    let whole = |out: &mut Vec<parse::RawMessage>| {
        let n = out.iter().filter(|m| m.event.is_none()).count();
        out.clear();
        n
    };
    for (no, line) in text.split('\n').enumerate() {
        s.line(line, no + 1);
        found += whole(&mut s.out);
        if found >= 2 {
            return true;
        }
    }
    s.end();
    found + whole(&mut s.out) >= 2
}
