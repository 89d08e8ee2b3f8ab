//! The scanner behind `Detector::detect`: walks a text line by line and segment by segment,
//! looks at each run of digits, and decides from a small window around it what the number
//! is. Every step moves forward; every look-around is bounded (`WINDOW`), so the whole scan
//! is linear in the input.

use super::{Detector, Evidence, Finding, Hit, Mode, Strength};

/// How far back (bytes) the scanner looks for the words before a number.
const WINDOW: usize = 48;

/// Whether the text holds a run of exactly three ASCII digits: every SIP code, and the "850"
/// of every Q.850 mention, is one. Most chat messages have none and stop here.
pub fn has_candidate(b: &[u8]) -> bool {
    let mut run = 0usize;
    for &c in b {
        if c.is_ascii_digit() {
            run += 1;
        } else {
            if run == 3 {
                return true;
            }
            run = 0;
        }
    }
    run == 3
}

/// Lower-case ASCII letters and digits only: "Busy Here" → "busyhere".
pub(super) fn squash(b: &[u8]) -> Vec<u8> {
    b.iter()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Lower-case words (ASCII letters, digits, `_`, `$`) separated by single spaces.
fn words(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    let mut gap = false;
    for &c in b {
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c.to_ascii_lowercase() as char);
        } else {
            gap = true;
        }
    }
    out
}

fn ends_with_word(tail: &str, pat: &str) -> bool {
    tail.ends_with(pat)
        && (tail.len() == pat.len() || tail.as_bytes()[tail.len() - pat.len() - 1] == b' ')
}

fn last_word(tail: &str) -> &str {
    tail.rsplit(' ').next().unwrap_or("")
}

/// Sequences before a number that make it a SIP code (as words).
const SIP_PREFIXES: &[&str] = &[
    "sip",
    "sip code",
    "sip error",
    "sip error code",
    "sip response",
    "sip response code",
    "sip status",
    "sip status code",
    "sip reply",
    "sip reply code",
    "sip final response",
    "sip failure",
    "sip cause",
    "sip result",
    "sip result code",
    "sip server error",
    "sip client error",
    "sip global error",
    "sip non success response",
];

/// Identifiers whose value is a SIP response code (FreeSWITCH channel variables, CDR fields,
/// JSON keys of VoIP platforms). Matched as the end of the last word.
const SIP_KEYS: &[&str] = &[
    "sip_term_status",
    "sip_invite_failure_status",
    "sip_hangup_status",
    "sip_response_code",
    "sipresponsecode",
    "sip_status",
    "sipstatus",
    "sip_code",
    "sipcode",
    "sip_reply_code",
    "sip_status_code",
    "sipstatuscode",
    "sip_error",
    "sip_error_code",
    "last_sip_response",
    "sip_last_response",
];

/// Log words after which a number is the response code of a SIP transaction.
const LOG_PREFIXES: &[&str] = &[
    "reply",
    "replied",
    "relayed reply",
    "t_reply",
    "t_send_reply",
    "send_reply",
    "$rs",
    "$t_reply_code",
    "$t_rpl_code",
    "t_reply_code",
    "response msg",
    "received response",
];

/// Log words after which a number is a response code when the message is about SIP (strong
/// with SIP context): `reply code 500`, `status=401`, `T_code=100`, `completed with code 408`.
const CONTEXT_PREFIXES: &[&str] = &[
    // Matched as the last words before the number, so "code" also covers "reply code",
    // "status code", "error code" and "with code"; "status" covers "received status";
    // "response" covers "final response".
    "code",
    "status",
    "statuscode",
    "status_code",
    "response",
    "responsecode",
    "response_code",
    "t_code",
    "new_code",
    "sipstatus",
    "dial_sip_status",
    "expecting",
    "failed with",
    "registration failed",
    "rs",
    "code is",
    "status is",
    "final",
    "generate",
];

/// Script functions and keys whose literal argument is a code: weak signals.
const CONFIG_PREFIXES: &[&str] = &[
    "sl_send_reply",
    "t_check_status",
    "sl_reply_error",
    "append_to_reply",
    "status",
    "code",
    "status_code",
    "statuscode",
    "response_code",
    "responsecode",
    "reply_code",
    "final_response",
    "response",
    "hangup_code",
];

/// Words that make the number before them a quantity, not a code.
const UNITS: &[&str] = &[
    "ms",
    "msec",
    "millisecond",
    "milliseconds",
    "s",
    "sec",
    "secs",
    "second",
    "seconds",
    "min",
    "mins",
    "minute",
    "minutes",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "user",
    "users",
    "people",
    "person",
    "agent",
    "agents",
    "seat",
    "seats",
    "licence",
    "licences",
    "license",
    "licenses",
    "channel",
    "channels",
    "call",
    "calls",
    "line",
    "lines",
    "extension",
    "extensions",
    "number",
    "numbers",
    "did",
    "dids",
    "message",
    "messages",
    "msgs",
    "byte",
    "bytes",
    "kb",
    "kib",
    "mb",
    "mib",
    "gb",
    "gib",
    "kbps",
    "mbps",
    "bps",
    "hz",
    "khz",
    "times",
    "percent",
    "dollar",
    "dollars",
    "usd",
    "eur",
    "euro",
    "euros",
    "vnd",
    "dong",
    "phones",
    "phone",
    "devices",
    "device",
    "trunks",
    "sessions",
    "session",
    "concurrent",
    "cps",
    "packet",
    "packets",
    "pkts",
    "requests",
    "req",
    "rps",
    "tps",
    "px",
    "pixels",
    "km",
    "m",
    "miles",
    "cm",
    "mm",
    "kg",
    "words",
    "pages",
    "rows",
    "items",
    "tickets",
    "servers",
    "nodes",
    "instances",
    "cores",
    "threads",
    "connections",
    "subscribers",
    "customers",
    "clients",
    "endpoints",
    "registrations",
    "bits",
    "frames",
    "samples",
    "ports",
    "x",
    "k",
    "v",
    "w",
    "gbps",
    "ghz",
    "mhz",
    "sms",
    "points",
    "pts",
    "votes",
    "stars",
    "members",
    "employees",
    "accounts",
    "files",
    "lines",
    "chars",
    "characters",
    "ppl",
    "participants",
    "attendees",
    "rooms",
    "tables",
];

/// Words that make the number after them an identifier or a quantity, not a code.
const NEVER_BEFORE: &[&str] = &[
    "ticket",
    "tickets",
    "issue",
    "issues",
    "bug",
    "pr",
    "pull",
    "build",
    "version",
    "ver",
    "v",
    "port",
    "ports",
    "ext",
    "exten",
    "extension",
    "room",
    "page",
    "step",
    "id",
    "no",
    "number",
    "num",
    "call",
    "dial",
    "dialed",
    "dialled",
    "dialing",
    "dialling",
    "user",
    "account",
    "order",
    "invoice",
    "case",
    "incident",
    "rule",
    "item",
    "chapter",
    "section",
    "rfc",
    "phone",
    "tel",
    "fax",
    "mobile",
    "flight",
    "route",
    "table",
    "queue",
    "agent",
    "line",
    "row",
    "column",
    "col",
    "level",
    "release",
    "patch",
    "commit",
    "job",
    "task",
    "story",
    "epic",
    "sprint",
    "about",
    "approx",
    "approximately",
    "around",
    "over",
    "under",
    "nearly",
    "almost",
    "than",
    "top",
    "pid",
    "uid",
    "gid",
    "vlan",
    "asn",
    "as",
    "area",
    "zip",
    "code_",
    "chan",
    "channel",
    "cseq",
    "rseq",
    "rack",
    "expires",
    "max",
    "forwards",
    "length",
    "http",
    "https",
];

/// Words that make a bare code plausible in loose mode: a sentence about errors or replies.
const ERROR_WORDS: &[&str] = &[
    "get",
    "gets",
    "got",
    "getting",
    "receive",
    "receives",
    "received",
    "receiving",
    "return",
    "returns",
    "returned",
    "returning",
    "reply",
    "replies",
    "replied",
    "respond",
    "responds",
    "responded",
    "response",
    "responses",
    "fail",
    "fails",
    "failed",
    "failing",
    "failure",
    "error",
    "errors",
    "reject",
    "rejects",
    "rejected",
    "rejecting",
    "send",
    "sends",
    "sent",
    "sending",
    "code",
    "codes",
    "status",
    "with",
    "throws",
    "throwing",
    "gives",
    "giving",
    "answer",
    "answers",
    "answered",
    "means",
    "mean",
    "meaning",
    "what",
    "whats",
    "why",
    "cause",
    "causes",
    "drop",
    "drops",
    "dropped",
    "see",
    "seeing",
    "saw",
];

/// Words that give a message SIP context (loose mode counts weak signals only then).
const CONTEXT_WORDS: &[&str] = &[
    "sip",
    "invite",
    "register",
    "trunk",
    "carrier",
    "pbx",
    "asterisk",
    "freeswitch",
    "kamailio",
    "opensips",
    "sbc",
    "uac",
    "uas",
    "proxy",
    "call",
    "voip",
    "pjsip",
    "sofia",
    "b2bua",
    "sdp",
    "registrar",
    "softphone",
    "rtp",
    "ims",
    "volte",
    "drachtio",
    "sipp",
    "sngrep",
    "ngrep",
];

const METHODS: &[&[u8]] = &[
    b"INVITE",
    b"REGISTER",
    b"BYE",
    b"CANCEL",
    b"OPTIONS",
    b"ACK",
    b"PRACK",
    b"UPDATE",
    b"INFO",
    b"SUBSCRIBE",
    b"NOTIFY",
    b"REFER",
    b"MESSAGE",
    b"PUBLISH",
];

/// SIP header names (lower case). A number in the value of one of these is never a code;
/// `Reason` and `Warning` are read on purpose, so they are not here.
const HEADERS: &[&str] = &[
    "accept",
    "accept-encoding",
    "accept-language",
    "alert-info",
    "allow",
    "allow-events",
    "authentication-info",
    "authorization",
    "call-id",
    "call-info",
    "contact",
    "content-disposition",
    "content-encoding",
    "content-language",
    "content-length",
    "content-type",
    "cseq",
    "date",
    "error-info",
    "expires",
    "from",
    "in-reply-to",
    "max-forwards",
    "mime-version",
    "min-expires",
    "organization",
    "priority",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-require",
    "record-route",
    "reply-to",
    "require",
    "retry-after",
    "route",
    "server",
    "subject",
    "supported",
    "timestamp",
    "to",
    "unsupported",
    "user-agent",
    "via",
    "www-authenticate",
    "session-expires",
    "min-se",
    "rseq",
    "rack",
    "event",
    "subscription-state",
    "refer-to",
    "referred-by",
    "replaces",
    "p-asserted-identity",
    "p-preferred-identity",
    "privacy",
    "remote-party-id",
    "diversion",
    "history-info",
    "path",
    "service-route",
    "sip-etag",
    "sip-if-match",
    "identity",
    "identity-info",
    "geolocation",
    "security-client",
    "security-server",
    "security-verify",
    "p-charging-vector",
    "p-access-network-info",
    "feature-caps",
    "recv-info",
    "info-package",
    "resource-priority",
    "accept-resource-priority",
    "content-id",
    "max-breadth",
    "flow-timer",
    "target-dialog",
    "join",
    "request-disposition",
    "accept-contact",
    "reject-contact",
    "p-called-party-id",
    "p-visited-network-id",
    "p-associated-uri",
    "p-early-media",
    "p-charging-function-addresses",
    "x-asterisk-hangupcause",
];

/// Compact header forms (RFC 3261 §7.3.3 and extensions): only at the start of a segment.
const COMPACT: &[u8] = b"imelfsktvcorbuxajdyn";

enum Need {
    /// Counts in every mode.
    Always,
    /// Counts in every mode when the message has SIP context; otherwise only when asked.
    Context,
    /// Counts in loose mode with SIP context, and when asked.
    Loose,
    /// Counts only when the user asked sipbot.
    ExplicitOnly,
}

struct Pending {
    pos: usize,
    finding: Finding,
    need: Need,
}

/// A candidate number in a segment: a three-digit run that passed the hard vetoes.
#[derive(Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    code: u16,
}

pub(super) struct Scan<'a> {
    det: &'a Detector,
    text: &'a [u8],
    mode: Mode,
    pending: Vec<Pending>,
    any_strong: bool,
}

impl<'a> Scan<'a> {
    pub(super) fn new(det: &'a Detector, text: &'a [u8], mode: Mode) -> Scan<'a> {
        Scan {
            det,
            text,
            mode,
            pending: Vec::new(),
            any_strong: false,
        }
    }

    pub(super) fn run(mut self) -> Vec<Hit> {
        let text = self.text;
        let mut line_start = 0;
        while line_start < text.len() {
            let line_end =
                memchr::memchr(b'\n', &text[line_start..]).map_or(text.len(), |i| line_start + i);
            let line = &text[line_start..line_end];
            if has_candidate(line) {
                // ngrep writes a whole message on one line with ".." for each CRLF.
                let mut seg_start = 0;
                while seg_start <= line.len() {
                    let seg_end = memchr::memmem::find(&line[seg_start..], b"..")
                        .map_or(line.len(), |i| seg_start + i);
                    let seg = &line[seg_start..seg_end];
                    if has_candidate(seg) {
                        self.segment(seg, line_start + seg_start);
                    }
                    seg_start = seg_end + 2;
                }
            }
            line_start = line_end + 1;
        }
        let mode = self.mode;
        // SIP context matters only for findings that are not strong, and not when asked.
        let needs_context = mode != Mode::Explicit
            && self.pending.iter().any(|p| match p.need {
                Need::Context => true,
                Need::Loose => mode == Mode::Loose,
                _ => false,
            });
        let context = needs_context && (self.any_strong || has_context(text));
        // A message about HTTP and not about SIP: only the unmistakable signals count
        // ("HTTP/1.1 403" on one line and "403 Forbidden" on the next is still HTTP).
        let http_only =
            !self.pending.is_empty() && contains_ci(text, b"http") && !contains_ci(text, b"sip");
        if http_only {
            self.pending.retain(|p| match p.finding {
                Finding::Code { evidence, .. } => {
                    matches!(evidence, Evidence::StatusLine | Evidence::SipPrefix)
                }
                Finding::Compare { .. } => false,
                _ => true,
            });
        }
        self.pending
            .into_iter()
            .filter(|p| match p.need {
                Need::Always => true,
                Need::Context => context || mode == Mode::Explicit,
                Need::Loose => mode == Mode::Explicit || (mode == Mode::Loose && context),
                Need::ExplicitOnly => mode == Mode::Explicit,
            })
            .map(|p| Hit {
                pos: p.pos,
                finding: p.finding,
            })
            .collect()
    }

    fn push(&mut self, pos: usize, finding: Finding, need: Need) {
        if matches!(need, Need::Always) {
            self.any_strong = true;
        }
        self.pending.push(Pending { pos, finding, need });
    }

    fn code(&mut self, pos: usize, code: u16, evidence: Evidence, need: Need) {
        let strength = match need {
            Need::Always | Need::Context => Strength::Strong,
            Need::Loose => Strength::Weak,
            Need::ExplicitOnly => Strength::Explicit,
        };
        self.push(
            pos,
            Finding::Code {
                code,
                strength,
                evidence,
            },
            need,
        );
    }

    /// One segment: a line, or a part of an ngrep line between "..".
    fn segment(&mut self, seg: &[u8], base: usize) {
        let lead = seg.iter().take_while(|c| c.is_ascii_whitespace()).count();
        let body = &seg[lead..];
        // SDP lines: "m=audio 18000 RTP/AVP 0 8 101", "o=- 486 486 IN IP4 …".
        if is_sdp_line(body) {
            return;
        }
        let header = find_header(seg, lead);
        let (veto_from, header_kind) = match header {
            Some((pos, kind)) => (pos, kind),
            None => (usize::MAX, HeaderKind::Other),
        };
        // A `Warning` header: its warn-code is read here; numbers after it are its value,
        // numbers before it (a status line on the same pasted line) are still scanned.
        let header_kind = if header_kind == HeaderKind::Warning {
            self.warning(seg, veto_from, base);
            HeaderKind::Plain
        } else {
            header_kind
        };
        // Computed on first use: most numbers never get that far.
        let mut http_cache: Option<bool> = None;
        let mut errorish_cache: Option<bool> = None;

        let mut candidates: Vec<Candidate> = Vec::new();
        let mut prev_run_end = 0usize;
        let mut prev_run_q850 = false;
        let mut i = 0;
        while i < seg.len() {
            if !seg[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < seg.len() && seg[i].is_ascii_digit() {
                i += 1;
            }
            let end = i;
            let len = end - start;
            let gap_from = prev_run_end.max(start.saturating_sub(WINDOW));
            let gap = &seg[gap_from..start];
            let after_q850 = prev_run_q850;
            prev_run_q850 = len == 3
                && &seg[start..end] == b"850"
                && start >= 1
                && (seg[start - 1].eq_ignore_ascii_case(&b'q')
                    || (start >= 2
                        && matches!(seg[start - 1], b'.' | b'_' | b' ')
                        && seg[start - 2].eq_ignore_ascii_case(&b'q')));
            prev_run_end = end;

            if start >= veto_from && header_kind == HeaderKind::Plain {
                continue;
            }
            let n = seg.get(end).copied();
            // Q.850 causes: 1–3 digits after "Q.850", "q850 cause", "hangupcause".
            if len <= 3
                && !n.is_some_and(|c| c.is_ascii_digit() || c == b'.')
                && (after_q850 || memchr::memchr2(b'c', b'C', gap).is_some())
            {
                let tail = words(gap);
                let value = parse_num(&seg[start..end]);
                let q850_gap = squash(gap);
                let is_q850 = after_q850
                    && (q850_gap.is_empty()
                        || matches!(
                            q850_gap.as_slice(),
                            b"cause" | b"causecode" | b"causevalue" | b"code" | b"value"
                        ));
                let hangup = ends_with_word(&tail, "hangupcause")
                    || ends_with_word(&tail, "hangup_cause")
                    || ends_with_word(&tail, "hangup cause");
                if (1..=127).contains(&value) && (is_q850 || hangup) {
                    self.push(
                        base + start,
                        Finding::Q850 { cause: value as u8 },
                        Need::Always,
                    );
                    continue;
                }
                if (1..=127).contains(&value)
                    && (ends_with_word(&tail, "cause") || ends_with_word(&tail, "isdn cause"))
                    && !ends_with_word(&tail, "sip cause")
                {
                    self.push(
                        base + start,
                        Finding::Q850 { cause: value as u8 },
                        Need::ExplicitOnly,
                    );
                    continue;
                }
            }
            if len != 3 {
                continue;
            }
            let code = parse_num(&seg[start..end]) as u16;
            if !(100..=699).contains(&code) {
                continue;
            }
            let p = if start > 0 {
                Some(seg[start - 1])
            } else {
                None
            };
            let pp = if start > 1 {
                Some(seg[start - 2])
            } else {
                None
            };
            let nn = seg.get(end + 1).copied();

            // `SIP/2.0 486` anywhere in a line: the status line itself.
            if start >= 8
                && seg[start - 8..start].eq_ignore_ascii_case(b"sip/2.0 ")
                && !n.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'/')
            {
                self.code(base + start, code, Evidence::StatusLine, Need::Always);
                continue;
            }
            // Hard vetoes: the number is part of something else.
            let alnum = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
            let digit = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_digit());
            if alnum(p) || alnum(n) {
                continue;
            }
            match p {
                Some(b'.') if alnum(pp) => continue,
                Some(b'-') if alnum(pp) => continue,
                Some(b':') if digit(pp) => continue,
                Some(b'+' | b'#' | b'$' | b'@' | b'\\' | b'%' | b'~' | b'^' | b'&' | b'*') => {
                    continue
                }
                Some(b',') if digit(pp) => continue,
                _ => {}
            }
            if !p.is_some_and(|c| c.is_ascii()) && p.is_some() {
                // A currency sign or other non-ASCII symbol glued to the number.
                if start >= 1 && is_currency_before(seg, start) {
                    continue;
                }
            }
            match n {
                Some(b'.' | b':' | b'-' | b',') if digit(nn) => continue,
                Some(b'@' | b'%' | b'$') => continue,
                _ => {}
            }
            if n.is_some_and(|c| c >= 0x80) && is_currency_after(seg, end) {
                continue;
            }
            let tail = words(gap);
            // `Reason: SIP;cause=486` (RFC 3326).
            if ends_with_word(&tail, "sip cause") && gap.contains(&b';') {
                self.push(base + start, Finding::ReasonSip { code }, Need::Always);
                continue;
            }
            if header_kind == HeaderKind::Reason && start >= veto_from {
                continue;
            }

            let after = next_word(seg, end);
            let registered = self.det.is_registered(code);
            let unit_after = UNITS.contains(&after.as_str())
                && !matches!(n, Some(b'/'))
                && !self.phrase_after(seg, end, code);

            // Strong signals.
            let slash_method =
                n == Some(b'/') && METHODS.iter().any(|m| seg[end + 1..].starts_with(m));
            let key_sep = matches!(
                p,
                Some(b'=' | b':' | b'[' | b'"' | b'\'' | b' ' | b'/' | b'(' | b'\t')
            ) || p.is_none();
            let lw = last_word(&tail);
            let sip_prefix = SIP_PREFIXES.iter().any(|s| ends_with_word(&tail, s))
                && !(p == Some(b':') && n == Some(b'@'))
                // Wireshark's packet list: "SIP 357 Status: 200 OK" — 357 is the length.
                && !matches!(after.as_str(), "request" | "status");
            let sip_key = SIP_KEYS.iter().any(|k| lw.ends_with(k));
            if (sip_prefix || sip_key) && key_sep && !unit_after {
                self.code(base + start, code, Evidence::SipPrefix, Need::Always);
                candidates.push(Candidate { start, end, code });
                continue;
            }
            if *http_cache.get_or_insert_with(|| contains_ci(seg, b"http")) {
                // "HTTP/1.1 403 Forbidden", "HTTP 404", a web log's `status=404`.
                continue;
            }
            if slash_method {
                self.code(base + start, code, Evidence::LogLine, Need::Always);
                continue;
            }
            if LOG_PREFIXES.iter().any(|s| ends_with_word(&tail, s)) && !unit_after {
                self.code(base + start, code, Evidence::LogLine, Need::Always);
                candidates.push(Candidate { start, end, code });
                continue;
            }
            if registered
                && CONTEXT_PREFIXES.iter().any(|s| ends_with_word(&tail, s))
                && !unit_after
                && !matches!(n, Some(b'/'))
            {
                self.code(base + start, code, Evidence::LogLine, Need::Context);
                candidates.push(Candidate { start, end, code });
                continue;
            }
            // "can't generate 487 reply", "408 response received".
            if registered && after == "reply" {
                self.code(base + start, code, Evidence::LogLine, Need::Context);
                candidates.push(Candidate { start, end, code });
                continue;
            }
            if ends_with_word(&tail, "entering state")
                || tail.rsplit_once(' ').is_some_and(|(before, state)| {
                    ends_with_word(before, "entering state")
                        && matches!(
                            state,
                            "terminated"
                                | "proceeding"
                                | "completed"
                                | "early"
                                | "ready"
                                | "calling"
                                | "trying"
                                | "confirmed"
                                | "hangup"
                        )
                })
            {
                self.code(base + start, code, Evidence::LogLine, Need::Always);
                continue;
            }
            if registered && (self.phrase_after(seg, end, code) || self.phrase_before(&tail, code))
            {
                self.code(base + start, code, Evidence::Phrase, Need::Always);
                candidates.push(Candidate { start, end, code });
                continue;
            }
            if !registered {
                continue;
            }
            // Quantities and identifiers: "200 users", "ticket 486", "call 486".
            let before_word = lw;
            let never = unit_after
                || NEVER_BEFORE.contains(&before_word)
                || matches!(p, Some(b'`'))
                || matches!(n, Some(b'`'))
                || (p == Some(b'/') && !digit(pp) && !ends_with_word(&tail, "sip"))
                // Groups of a phone number or an ID: "+1 555 486 1234", "(555) 486".
                || (matches!(p, Some(b' ' | b')')) && digit(pp))
                || (n == Some(b' ') && digit(nn));
            let key_value = matches!(p, Some(b'=' | b':'))
                || (matches!(p, Some(b'"' | b'\'' | b'(' | b' ' | b'['))
                    && tail_has_open_paren(gap));
            if never && !key_value {
                candidates.push(Candidate { start, end, code });
                continue;
            }
            if p == Some(b'=') || p == Some(b':') || key_value {
                if CONFIG_PREFIXES.iter().any(|s| lw.ends_with(s)) {
                    self.code(base + start, code, Evidence::ConfigLiteral, Need::Loose);
                    continue;
                }
                if matches!(p, Some(b'=' | b':')) {
                    // Some other key's value: `rport=486`, `tag=486`, `port:486`.
                    continue;
                }
            }
            // "401/407".
            let list_next = n == Some(b'/')
                && seg.len() >= end + 4
                && seg[end + 1..end + 4].iter().all(u8::is_ascii_digit)
                && !seg.get(end + 4).is_some_and(|c| c.is_ascii_alphanumeric())
                && self
                    .det
                    .is_registered(parse_num(&seg[end + 1..end + 4]) as u16);
            let list_prev = p == Some(b'/')
                && start >= 4
                && seg[start - 4..start - 1].iter().all(u8::is_ascii_digit)
                && !(start >= 5 && seg[start - 5].is_ascii_alphanumeric())
                && self
                    .det
                    .is_registered(parse_num(&seg[start - 4..start - 1]) as u16);
            if list_next || list_prev {
                self.code(base + start, code, Evidence::List, Need::Loose);
                candidates.push(Candidate { start, end, code });
                continue;
            }
            if n == Some(b'/') || p == Some(b'/') {
                continue;
            }
            let need = if *errorish_cache.get_or_insert_with(|| has_any_word(seg, ERROR_WORDS)) {
                Need::Loose
            } else {
                Need::ExplicitOnly
            };
            self.code(base + start, code, Evidence::Bare, need);
            candidates.push(Candidate { start, end, code });
        }
        self.comparisons(seg, base, &candidates);
    }

    /// "X vs Y", "X or Y", "difference between X and Y".
    fn comparisons(&mut self, seg: &[u8], base: usize, candidates: &[Candidate]) {
        // Whether the segment talks about a difference, computed once: per pair would be
        // quadratic on a long line of "401 and 407 and …".
        let mut about_difference: Option<bool> = None;
        for pair in candidates.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.code == b.code
                || !self.det.is_registered(a.code)
                || !self.det.is_registered(b.code)
            {
                continue;
            }
            let between = words(&seg[a.end..b.start]);
            let raw_between = &seg[a.end..b.start];
            if raw_between.len() > 24 {
                continue;
            }
            let unit_after_b = UNITS.contains(&next_word(seg, b.end).as_str());
            if unit_after_b
                || NEVER_BEFORE.contains(&last_word(&words(
                    &seg[a.start.saturating_sub(WINDOW)..a.start],
                )))
            {
                continue;
            }
            let need = match between.as_str() {
                "vs" | "versus" | "v" | "against" | "compared to" | "compared with" | "vs and" => {
                    Need::Always
                }
                "" if raw_between.windows(3).any(|w| w == b"<->") => Need::Always,
                "or" => Need::Context,
                "and" => {
                    let about = *about_difference.get_or_insert_with(|| {
                        contains_ci(seg, b"differ")
                            || contains_ci(seg, b"between")
                            || contains_ci(seg, b"compar")
                    });
                    if about {
                        Need::Always
                    } else {
                        continue;
                    }
                }
                _ => continue,
            };
            let strong = matches!(need, Need::Always);
            self.push(
                base + a.start,
                Finding::Compare {
                    a: a.code,
                    b: b.code,
                },
                need,
            );
            let need_codes = || if strong { Need::Always } else { Need::Context };
            self.code(base + a.start, a.code, Evidence::Comparison, need_codes());
            self.code(base + b.start, b.code, Evidence::Comparison, need_codes());
        }
    }

    /// `Warning: 305 192.0.2.1 "Incompatible media format"`.
    fn warning(&mut self, seg: &[u8], colon: usize, base: usize) {
        let rest = &seg[colon + 1..];
        let skip = rest.iter().take_while(|c| c.is_ascii_whitespace()).count();
        let v = &rest[skip..];
        if v.len() >= 3
            && v[..3].iter().all(u8::is_ascii_digit)
            && !v.get(3).is_some_and(|c| c.is_ascii_digit())
        {
            let code = parse_num(&v[..3]) as u16;
            if (300..=399).contains(&code) {
                self.push(
                    base + colon + 1 + skip,
                    Finding::Warning { code },
                    Need::Always,
                );
            }
        }
    }

    /// The code's reason phrase right after it: `486 Busy Here`, `486 "Busy Here"`,
    /// `sl_send_reply("404", "Not Found")`.
    fn phrase_after(&self, seg: &[u8], end: usize, code: u16) -> bool {
        let Some(phrase) = self.det.phrases.get(&code) else {
            return false;
        };
        let mut i = end;
        let mut skipped = 0;
        while i < seg.len()
            && matches!(
                seg[i],
                b' ' | b'"' | b'\'' | b',' | b'(' | b'[' | b':' | b'-' | b'\t' | b'<'
            )
        {
            i += 1;
            skipped += 1;
            if skipped > 6 {
                return false;
            }
        }
        let mut k = 0;
        while k < phrase.len() {
            if i >= seg.len() {
                return false;
            }
            let c = seg[i];
            if c.is_ascii_alphanumeric() {
                if c.to_ascii_lowercase() != phrase[k] {
                    return false;
                }
                k += 1;
            } else if !matches!(c, b' ' | b'-' | b'/' | b'\'') {
                return false;
            }
            i += 1;
        }
        !seg.get(i).is_some_and(|c| c.is_ascii_alphanumeric())
    }

    /// The code's reason phrase right before it: `Forbidden [403]`, `Busy Here (486)`.
    fn phrase_before(&self, tail: &str, code: u16) -> bool {
        let Some(phrase) = self.det.phrases.get(&code) else {
            return false;
        };
        let squashed_tail: Vec<u8> = tail.bytes().filter(|c| c.is_ascii_alphanumeric()).collect();
        if !squashed_tail.ends_with(phrase) {
            return false;
        }
        // The phrase must start at a word boundary of the tail.
        let words_tail: Vec<&str> = tail.split(' ').collect();
        let mut acc = Vec::new();
        for w in words_tail.iter().rev() {
            let mut s: Vec<u8> = w.bytes().filter(|c| c.is_ascii_alphanumeric()).collect();
            s.extend_from_slice(&acc);
            acc = s;
            if acc.len() >= phrase.len() {
                return acc == *phrase;
            }
        }
        false
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderKind {
    /// A known SIP header: numbers in its value are never codes.
    Plain,
    Reason,
    Warning,
    Other,
}

/// Finds the first known SIP header name followed by ':' in a segment; returns the offset of
/// the colon and what kind of header it is.
fn find_header(seg: &[u8], lead: usize) -> Option<(usize, HeaderKind)> {
    // Compact form, only at the start: "l: 0", "i: a84b4c76e66710".
    if seg.len() >= lead + 2 {
        let c = seg[lead].to_ascii_lowercase();
        let mut j = lead + 1;
        while j < seg.len() && seg[j] == b' ' {
            j += 1;
        }
        if COMPACT.contains(&c)
            && seg.get(j) == Some(&b':')
            && !seg.get(j + 1).is_some_and(|c| *c == b'/')
        {
            return Some((j, HeaderKind::Plain));
        }
    }
    let mut i = 0;
    while let Some(off) = memchr::memchr(b':', &seg[i..]) {
        let colon = i + off;
        // The name: letters, digits and '-' right before the colon (spaces allowed between).
        let mut e = colon;
        while e > 0 && seg[e - 1] == b' ' {
            e -= 1;
        }
        let mut s = e;
        while s > 0 && (seg[s - 1].is_ascii_alphanumeric() || seg[s - 1] == b'-') {
            s -= 1;
            if e - s > 40 {
                break;
            }
        }
        let boundary = s == 0
            || !(seg[s - 1].is_ascii_alphanumeric()
                || matches!(seg[s - 1], b'_' | b'.' | b'/' | b'$'));
        if s < e && boundary && seg[s].is_ascii_alphabetic() {
            let name = &seg[s..e];
            if name.eq_ignore_ascii_case(b"reason") {
                return Some((colon, HeaderKind::Reason));
            }
            if name.eq_ignore_ascii_case(b"warning") {
                return Some((colon, HeaderKind::Warning));
            }
            if HEADERS
                .iter()
                .any(|h| h.as_bytes().eq_ignore_ascii_case(name))
            {
                return Some((colon, HeaderKind::Plain));
            }
        }
        i = colon + 1;
    }
    None
}

/// An SDP line (RFC 8866): one lower-case letter, '=', a value; `m=` lines name a media type.
fn is_sdp_line(body: &[u8]) -> bool {
    if body.len() < 2 || !body[0].is_ascii_lowercase() || body[1] != b'=' {
        return false;
    }
    if body[0] == b'm' {
        let v = &body[2..];
        return [
            &b"audio"[..],
            b"video",
            b"application",
            b"image",
            b"text",
            b"message",
        ]
        .iter()
        .any(|m| v.starts_with(m));
    }
    true
}

fn parse_num(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |acc, c| acc * 10 + (c - b'0') as u32)
}

/// The next word after a number (skipping spaces), lower case, ASCII letters only, short.
fn next_word(seg: &[u8], end: usize) -> String {
    let mut i = end;
    // Table cells are separated by tabs and pipes as often as by spaces.
    while i < seg.len() && matches!(seg[i], b' ' | b'\t' | b'|') {
        i += 1;
    }
    if i < seg.len() && seg[i] == b'%' {
        return "percent".into();
    }
    let mut w = String::new();
    while i < seg.len() && seg[i].is_ascii_alphabetic() && w.len() < 16 {
        w.push(seg[i].to_ascii_lowercase() as char);
        i += 1;
    }
    w
}

fn tail_has_open_paren(gap: &[u8]) -> bool {
    gap.iter().rev().take(4).any(|c| *c == b'(')
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Whether any of `list` appears in `seg` as a whole word (ASCII, case-insensitive).
fn has_any_word(seg: &[u8], list: &[&str]) -> bool {
    let mut i = 0;
    while i < seg.len() {
        if seg[i].is_ascii_alphabetic() {
            let s = i;
            while i < seg.len() && seg[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i - s <= 12 {
                let mut buf = [0u8; 12];
                for (k, c) in seg[s..i].iter().enumerate() {
                    buf[k] = c.to_ascii_lowercase();
                }
                let w = &buf[..i - s];
                if list.iter().any(|x| x.as_bytes() == w) {
                    return true;
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

/// SIP context: one of `CONTEXT_WORDS` as a word or a word's start ("calls", "invites",
/// "trunking"), ASCII case-insensitive.
fn has_context(text: &[u8]) -> bool {
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_alphabetic() && (i == 0 || !text[i - 1].is_ascii_alphanumeric()) {
            let s = i;
            while i < text.len() && text[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w = &text[s..i];
            if w.len() <= 14 {
                for c in CONTEXT_WORDS {
                    let c = c.as_bytes();
                    if w.len() >= c.len()
                        && w[..c.len()].eq_ignore_ascii_case(c)
                        && (w.len() - c.len() <= 4)
                    {
                        return true;
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

fn is_currency_before(seg: &[u8], start: usize) -> bool {
    let before = &seg[start.saturating_sub(4)..start];
    let s = String::from_utf8_lossy(before);
    s.ends_with('€') || s.ends_with('£') || s.ends_with('¥') || s.ends_with('₫') || s.ends_with('₹')
}

fn is_currency_after(seg: &[u8], end: usize) -> bool {
    let after = &seg[end..(end + 4).min(seg.len())];
    let s = String::from_utf8_lossy(after);
    s.starts_with('€') || s.starts_with('₫') || s.starts_with('£')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_wants_exactly_three_digits() {
        assert!(!has_candidate(b"we have 12 users and 5060 ports"));
        assert!(has_candidate(b"got 486"));
        assert!(has_candidate(b"486"));
        assert!(!has_candidate(b""));
    }

    #[test]
    fn words_normalises() {
        assert_eq!(words(b"Got SIP response "), "got sip response");
        assert_eq!(words(b"$rs == "), "$rs");
        assert_eq!(
            words(b"variable_sip_term_status: ["),
            "variable_sip_term_status"
        );
    }
}
