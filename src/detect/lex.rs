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
    find_candidate(b).is_some()
}

/// Where the first run of exactly three ASCII digits starts (the bytes before the start and
/// after the end of `b` count as non-digits).
pub(super) fn find_candidate(b: &[u8]) -> Option<usize> {
    let mut o = 0;
    while o < b.len() {
        let runs = runs_at(b, o);
        if runs != 0 {
            return Some(o + runs.trailing_zeros() as usize);
        }
        o += 64;
    }
    None
}

/// The runs of exactly three digits that start in the 64 bytes at `o`: bit k set when one
/// starts at `o + k`. A run may end in the next block; the byte before `o` is looked at.
/// Text without such a run costs about one instruction per byte this way, not a branch
/// per byte.
#[inline]
fn runs_at(b: &[u8], o: usize) -> u64 {
    let before = u128::from(o > 0 && b[o - 1].is_ascii_digit());
    let cur = digit_mask(b, o);
    let mut next = 0u128;
    for k in 0..4 {
        if b.get(o + 64 + k).is_some_and(u8::is_ascii_digit) {
            next |= 1 << k;
        }
    }
    // Bit j of `w` is byte o + j - 1: a run starts at o + j when bit j is clear, the next
    // three set and the one after clear.
    let w = before | (u128::from(cur) << 1) | (next << 65);
    (!w & (w >> 1) & (w >> 2) & (w >> 3) & !(w >> 4)) as u64
}

/// Bit k set when byte `from + k` is an ASCII digit (zero past the end), eight bytes at a
/// time (SWAR).
#[inline]
fn digit_mask(b: &[u8], from: usize) -> u64 {
    let Some(rest) = b.get(from..) else {
        return 0;
    };
    let Some(block) = rest.first_chunk::<64>() else {
        let mut m = 0u64;
        for (k, &c) in rest.iter().enumerate() {
            m |= u64::from(c.is_ascii_digit()) << k;
        }
        return m;
    };
    let mut m = 0u64;
    for (k, word) in block.chunks_exact(8).enumerate() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let digits = swar_digits(u64::from_le_bytes(eight));
        // Gather the eight high bits into one byte.
        let bits = ((digits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        m |= bits << (8 * k);
    }
    m
}

/// Lower-case ASCII letters and digits only: "Busy Here" → "busyhere".
pub(super) fn squash(b: &[u8]) -> Vec<u8> {
    b.iter()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The first ASCII digit of `b[from..limit]` (or `limit`), eight bytes at a time.
#[inline]
fn next_digit(b: &[u8], mut from: usize, limit: usize) -> usize {
    while from + 8 <= limit {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&b[from..from + 8]);
        let digits = swar_digits(u64::from_le_bytes(eight));
        if digits != 0 {
            return from + (digits.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < limit && !b[from].is_ascii_digit() {
        from += 1;
    }
    from.min(limit)
}

/// The end of the run of digits at `from`: the first byte after it that is not a digit.
/// Runs are short and of every length, so a byte loop mispredicts its exit on nearly every
/// run; eight bytes at a time it is one branch for any run shorter than eight.
#[inline]
fn run_end(b: &[u8], mut from: usize) -> usize {
    while let Some(word) = b.get(from..from + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let others = !swar_digits(u64::from_le_bytes(eight)) & 0x8080_8080_8080_8080;
        if others != 0 {
            return from + (others.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < b.len() && b[from].is_ascii_digit() {
        from += 1;
    }
    from
}

/// The high bit of each byte of `w` that is an ASCII digit: xored with '0' a digit is
/// 0..=9, and adding 0x76 to the low seven bits sets a byte's high bit exactly when it is 10
/// or more (no carry crosses bytes).
#[inline]
fn swar_digits(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = w ^ 0x3030_3030_3030_3030;
    !(((x & LOW7) + 0x7676_7676_7676_7676) | x) & HIGH
}

/// A short ASCII string kept on the stack: the word windows and next words the scanner
/// builds for each number would otherwise be one heap allocation each.
#[derive(Clone, Copy)]
struct Small<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Small<N> {
    fn new() -> Self {
        Small {
            buf: [0; N],
            len: 0,
        }
    }

    /// Appends an ASCII byte; returns false (and appends nothing) when full.
    fn push(&mut self, c: u8) -> bool {
        if self.len == N {
            return false;
        }
        self.buf[self.len] = c;
        self.len += 1;
        true
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn as_str(&self) -> &str {
        // Only ASCII is ever pushed, so this never falls back.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// The words of a window: on the stack when short (every window the scanner takes is at
/// most `WINDOW` bytes), on the heap otherwise.
enum Words {
    Inline(Small<64>),
    Heap(String),
}

impl Words {
    fn as_str(&self) -> &str {
        match self {
            Words::Inline(s) => s.as_str(),
            Words::Heap(s) => s,
        }
    }
}

impl std::ops::Deref for Words {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// Lower-case words (ASCII letters, digits, `_`, `$`) separated by single spaces. A letter
/// outside ASCII ("ề", "đ") is part of its word, written `~`: "trả về" is "tr~ v~", not the
/// ASCII fragments "tr v" that word lists would take for words of their own. Other
/// characters outside ASCII (arrows, quotes, emoji) separate words, like punctuation.
fn words(b: &[u8]) -> Words {
    // The output is never longer than the input: a space replaces at least one gap byte, and
    // a `~` a letter of two bytes or more.
    if b.len() <= 64 {
        let mut out = Small::<64>::new();
        word_bytes(b, |c| {
            out.push(c);
        });
        return Words::Inline(out);
    }
    let mut out = String::with_capacity(b.len());
    word_bytes(b, |c| out.push(char::from(c)));
    Words::Heap(out)
}

/// What [`words`] writes, byte by byte (ASCII only).
fn word_bytes(b: &[u8], mut emit: impl FnMut(u8)) {
    let mut gap = false;
    let mut any = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (word_char, out, len) = if c < 0x80 {
            let w = c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
            (w, c.to_ascii_lowercase(), 1)
        } else {
            // A leading byte: decode its character (the window may start inside one; a lone
            // continuation byte separates, like an invalid sequence).
            let len = match c {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            let letter = b
                .get(i..i + len)
                .and_then(|s| std::str::from_utf8(s).ok())
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_alphabetic);
            (letter, b'~', if letter { len } else { 1 })
        };
        if word_char {
            if gap && any {
                emit(b' ');
            }
            gap = false;
            any = true;
            emit(out);
        } else {
            gap = true;
        }
        i += len;
    }
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
    // FreeSWITCH's `respond` application: `respond(407)`, `respond 486`.
    "respond",
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
    "results",
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
    // Page references ("p. 486") and counters ("Tot 488", "Session 489").
    "p",
    "pp",
    "pg",
    "session",
    "tot",
    "total",
    "count",
    "cur",
    "limit",
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
    "replying",
    "responding",
    "answering",
    "show",
    "shows",
    "showing",
    "showed",
    "statuses",
];

/// Words after which a bare code is a step of a call flow: "inbound 180", "outbound 487".
const DIRECTION_WORDS: &[&str] = &["inbound", "outbound", "incoming", "outgoing"];

/// What may join two numbers of one list or sequence: "100, 180 then 487", "401 and 407",
/// "302 > 200". Matched against the words between them (the punctuation is checked apart).
const LIST_JOINERS: &[&str] = &[
    "",
    "and",
    "or",
    "then",
    "and then",
    "to",
    "vs",
    "versus",
    "after",
    "followed by",
    "and finally",
    "then finally",
];

/// Words that put a message without "sip" in it on the web: its numbers are HTTP statuses.
const WEB_WORDS: &[&str] = &[
    "nginx", "apache", "haproxy", "ingress", "django", "flask", "api", "json", "webhook", "html",
    "url", "curl", "browser", "website", "php",
];

/// Registered codes that are HTTP statuses too, with HTTP's reason phrase where it differs
/// from SIP's (squashed): "500 Internal Server Error" is a web server, not a SIP one.
const HTTP_PHRASES: &[(u16, &[u8])] = &[
    (100, b"continue"),
    (204, b"nocontent"),
    (302, b"found"),
    (413, b"payloadtoolarge"),
    (414, b"uritoolong"),
    (422, b"unprocessableentity"),
    (422, b"unprocessablecontent"),
    (423, b"locked"),
    (424, b"faileddependency"),
    (428, b"preconditionrequired"),
    (429, b"toomanyrequests"),
    (500, b"internalservererror"),
    (504, b"gatewaytimeout"),
    (505, b"httpversionnotsupported"),
];

/// Whether a registered SIP code is also an HTTP status (RFC 9110 and the IANA HTTP status
/// registry). A comparison with a code that exists only in SIP ("486 or 600") is about SIP.
fn is_http_status(code: u16) -> bool {
    matches!(code, 100..=103 | 200..=208 | 226 | 300..=308 | 400..=418 | 421..=426 | 428 | 429 | 431 | 451 | 500..=508 | 510 | 511)
}

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

/// SIP header names (lower case, sorted: looked up by binary search). A number in the value
/// of one of these is never a code; `Reason` and `Warning` are read on purpose, so they are
/// not here.
const HEADERS: &[&str] = &[
    "accept",
    "accept-contact",
    "accept-encoding",
    "accept-language",
    "accept-resource-priority",
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
    "content-id",
    "content-language",
    "content-length",
    "content-type",
    "cseq",
    "date",
    "diversion",
    "error-info",
    "event",
    "expires",
    "feature-caps",
    "flow-timer",
    "from",
    "geolocation",
    "history-info",
    "identity",
    "identity-info",
    "in-reply-to",
    "info-package",
    "join",
    "max-breadth",
    "max-forwards",
    "mime-version",
    "min-expires",
    "min-se",
    "organization",
    "p-access-network-info",
    "p-asserted-identity",
    "p-associated-uri",
    "p-called-party-id",
    "p-charging-function-addresses",
    "p-charging-vector",
    "p-early-media",
    "p-preferred-identity",
    "p-visited-network-id",
    "path",
    "priority",
    "privacy",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-require",
    "rack",
    "record-route",
    "recv-info",
    "refer-to",
    "referred-by",
    "reject-contact",
    "remote-party-id",
    "replaces",
    "reply-to",
    "request-disposition",
    "require",
    "resource-priority",
    "retry-after",
    "route",
    "rseq",
    "security-client",
    "security-server",
    "security-verify",
    "server",
    "service-route",
    "session-expires",
    "sip-etag",
    "sip-if-match",
    "subject",
    "subscription-state",
    "supported",
    "target-dialog",
    "timestamp",
    "to",
    "unsupported",
    "user-agent",
    "via",
    "www-authenticate",
    "x-asterisk-hangupcause",
];

/// Compact header forms (RFC 3261 §7.3.3 and extensions): only at the start of a segment.
const COMPACT: &[u8] = b"imelfsktvcorbuxajdyn";

#[derive(Clone, Copy)]
enum Need {
    /// Counts in every mode.
    Always,
    /// Counts in every mode when the message has SIP context; otherwise only when asked.
    Context,
    /// Counts in loose mode with SIP context, and when asked.
    Loose,
    /// Counts in every mode when the message has SIP context, and in loose mode without it:
    /// "486 or 600?" names a code that exists only in SIP, so it is its own context.
    ContextElseLoose,
    /// Counts only when the user asked sipbot.
    ExplicitOnly,
    /// Withdrawn after the fact (a list member whose sibling is a count or an identifier).
    Dropped,
}

/// A three-digit number of a segment, as the list and table rules see it.
#[derive(Clone, Copy)]
struct Item {
    start: usize,
    end: usize,
    kind: ItemKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    /// A bare code: the index of its pending finding.
    Bare(usize),
    /// A quantity or an identifier: "200 users", "account 603".
    Vetoed,
    /// A code found on some other evidence.
    Found,
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

/// What a segment's numbers share while it is read: its layout, and what its numbers found.
struct Seg<'s> {
    seg: &'s [u8],
    base: usize,
    /// Leading whitespace.
    lead: usize,
    /// Where a row's first cell starts: after indentation, table pipes and bullets.
    row_lead: usize,
    /// A known header's colon (`usize::MAX` without one), and what header it is.
    veto_from: usize,
    header_kind: HeaderKind,
    // Computed on first use: most numbers never get that far.
    http_cache: Option<bool>,
    errorish_cache: Option<bool>,
    candidates: Vec<Candidate>,
    // Every three-digit number that got past the hard vetoes, for the list rule; the one
    // being decided is watched so that whatever evidence found it is recorded.
    items: Vec<Item>,
    watch: Option<(usize, usize, usize)>,
}

/// Whether `b` holds "cause" in any ASCII case: the letters c and C are found eight bytes at
/// a time (SWAR), each then followed by "ause" or not. A byte loop, or a `memchr2` call per
/// c, cost more than the digit walk this check lets a line skip.
fn has_cause(b: &[u8]) -> bool {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let at = |i: usize| {
        b.get(i + 1..i + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"ause"))
    };
    let mut o = 0;
    while o + 8 <= b.len() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&b[o..o + 8]);
        // Zero bytes of `t` are the c and C bytes (0x43 | 0x20 = 0x63), found exactly.
        let t = (u64::from_le_bytes(eight) | 0x2020_2020_2020_2020) ^ 0x6363_6363_6363_6363;
        let mut zeros = !(((t & LOW7) + LOW7) | t) & HIGH;
        while zeros != 0 {
            if at(o + (zeros.trailing_zeros() / 8) as usize) {
                return true;
            }
            zeros &= zeros - 1;
        }
        o += 8;
    }
    (o..b.len()).any(|i| b[i] | 0x20 == b'c' && at(i))
}

/// Whether the three digits at `seg[start..end]` are the "850" of "Q.850" ("q850", "Q 850",
/// "Q_850"): the numbers right after it are causes.
fn q850_at(seg: &[u8], start: usize, end: usize) -> bool {
    &seg[start..end] == b"850"
        && start >= 1
        && (seg[start - 1].eq_ignore_ascii_case(&b'q')
            || (start >= 2
                && matches!(seg[start - 1], b'.' | b'_' | b' ')
                && seg[start - 2].eq_ignore_ascii_case(&b'q')))
}

pub(super) struct Scan<'a> {
    /// Visit every digit run of every segment, not only the three-digit ones: what the
    /// shortcut is tested against.
    full_walk: bool,
    /// The three-digit runs of the last two 64-byte blocks of the text asked for
    /// (`runs_of`): the line walk and the segments ask for the same blocks in turn.
    runs_cache: [(usize, u64); 2],
    det: &'a Detector,
    text: &'a [u8],
    mode: Mode,
    pending: Vec<Pending>,
    any_strong: bool,
    /// Lines that open with a code found on strong evidence: more than one makes a table.
    rows_strong: usize,
    /// Bare codes that open a line: rows of that table if there is one.
    rows_bare: Vec<usize>,
}

impl<'a> Scan<'a> {
    pub(super) fn new(det: &'a Detector, text: &'a [u8], mode: Mode) -> Scan<'a> {
        Scan {
            full_walk: false,
            runs_cache: [(usize::MAX, 0); 2],
            det,
            text,
            mode,
            pending: Vec::new(),
            any_strong: false,
            rows_strong: 0,
            rows_bare: Vec::new(),
        }
    }

    pub(super) fn run(mut self) -> Vec<Hit> {
        self.lines();
        self.finish()
    }

    /// Reads every segment that holds a three-digit run.
    fn lines(&mut self) {
        let text = self.text;
        let dots = memchr::memmem::Finder::new(b"..");
        // Only lines with a three-digit run are looked at: walk the runs block by block
        // (each block's digits are read once), and take the line around each run found.
        // `from` is always 0 or just after a newline, so that line starts at or after it.
        let mut from = 0;
        let mut block = 0;
        let mut runs = if text.is_empty() { 0 } else { self.runs_of(0) };
        // Where the next ".." is (ngrep's CRLF), searched once past each one found instead
        // of once per line: most logs have none, and a call per line cost more than the
        // search itself. A ".." never spans a newline, so one before a line's end is in it.
        let find_dots = |from: usize| dots.find(&text[from..]).map_or(usize::MAX, |i| from + i);
        let mut next_dots = find_dots(0);
        while from < text.len() {
            if from >= block + 64 {
                block = from - from % 64;
                runs = self.runs_of(block);
            }
            // Runs before `from` were in lines already read.
            if from > block {
                runs &= !0u64 << (from - block);
            }
            if runs == 0 {
                block += 64;
                if block >= text.len() {
                    break;
                }
                runs = self.runs_of(block);
                continue;
            }
            let run = block + runs.trailing_zeros() as usize;
            // Usually the run is in the line that starts at `from` (a SIP message has a
            // candidate on most lines): one memchr then finds that line's end, no look back.
            let first_end = memchr::memchr(b'\n', &text[from..]).map_or(text.len(), |i| from + i);
            let (line_start, line_end) = if run < first_end {
                (from, first_end)
            } else {
                // `text[first_end]` is a newline, so the look back always finds one.
                let start = memchr::memrchr(b'\n', &text[first_end..run])
                    .map_or(first_end, |i| first_end + i + 1);
                let end = memchr::memchr(b'\n', &text[run..]).map_or(text.len(), |i| run + i);
                (start, end)
            };
            let line = &text[line_start..line_end];
            if next_dots < line_start {
                next_dots = find_dots(line_start);
            }
            // ngrep writes a whole message on one line with ".." for each CRLF.
            match (next_dots < line_end).then(|| next_dots - line_start) {
                None => self.segment(line, line_start),
                Some(first) => {
                    let mut seg_start = 0;
                    let mut next = Some(first);
                    while seg_start <= line.len() {
                        let seg_end = next.map_or(line.len(), |i| seg_start + i);
                        let seg = &line[seg_start..seg_end];
                        if has_candidate(seg) {
                            self.segment(seg, line_start + seg_start);
                        }
                        seg_start = seg_end + 2;
                        next = line.get(seg_start..).and_then(|rest| dots.find(rest));
                    }
                }
            }
            from = line_end + 1;
        }
    }

    /// The three-digit runs starting in the 64 bytes of the text at `block` (a multiple of
    /// 64), as `runs_at` gives them; each block is computed once while the walk goes forward.
    fn runs_of(&mut self, block: usize) -> u64 {
        if let Some(&(_, m)) = self.runs_cache.iter().find(|(b, _)| *b == block) {
            return m;
        }
        let m = runs_at(self.text, block);
        self.runs_cache = [self.runs_cache[1], (block, m)];
        m
    }

    /// Decides what the segments found: tables, SIP context, HTTP-only messages.
    fn finish(mut self) -> Vec<Hit> {
        let text = self.text;
        // A table of codes ("486 Busy here" on one row, "481*" on the next): a bare code
        // opening a row is one of its entries.
        if self.rows_strong >= 2 {
            for idx in std::mem::take(&mut self.rows_bare) {
                self.upgrade(idx, Need::Loose, Evidence::List);
            }
        }
        let mode = self.mode;
        // SIP context matters only for findings that are not strong, and not when asked.
        let needs_context = mode != Mode::Explicit
            && self.pending.iter().any(|p| match p.need {
                Need::Context | Need::ContextElseLoose => true,
                Need::Loose => mode == Mode::Loose,
                _ => false,
            });
        let context = needs_context && (self.any_strong || has_context(text));
        // A message about HTTP and not about SIP: only the unmistakable signals count
        // ("HTTP/1.1 403" on one line and "403 Forbidden" on the next is still HTTP; nginx,
        // an API or a URL without SIP anywhere is the web too).
        let http_only = !self.pending.is_empty()
            && !contains_ci(text, b"sip")
            && (contains_ci(text, b"http") || has_any_word(text, WEB_WORDS));
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
                Need::ContextElseLoose => context || mode != Mode::Strict,
                Need::ExplicitOnly => mode == Mode::Explicit,
                Need::Dropped => false,
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
        let strength = strength_of(&need);
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

    /// Raises a bare code's pending finding (never lowers one that is already stronger).
    fn upgrade(&mut self, idx: usize, need: Need, evidence: Evidence) {
        let Some(p) = self.pending.get_mut(idx) else {
            return;
        };
        if !matches!(p.need, Need::ExplicitOnly) {
            return;
        }
        if let Finding::Code {
            strength: s,
            evidence: e,
            ..
        } = &mut p.finding
        {
            *s = strength_of(&need);
            *e = evidence;
        }
        p.need = need;
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
        let row_lead = seg
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'|' | b'*' | b'-' | b'+'))
            .count();
        // Numbers in a known header's value are never read (see the veto below), and no
        // digit run can span the colon: stop there instead of walking the rest of the line.
        let limit = if header_kind == HeaderKind::Plain {
            veto_from.min(seg.len())
        } else {
            seg.len()
        };
        let mut st = Seg {
            seg,
            base,
            lead,
            row_lead,
            veto_from,
            header_kind,
            http_cache: None,
            errorish_cache: None,
            candidates: Vec::new(),
            items: Vec::new(),
            watch: None,
        };
        // Where the walk of every digit run below starts, and what it knows of the run before.
        let mut i = 0;
        let mut prev_run_end = 0usize;
        let mut prev_run_q850 = false;
        // Only a three-digit run can be a code; runs of other lengths matter only as Q.850
        // causes, which need "cause" before them or come right after "Q.850". Without
        // "cause", only the three-digit runs are visited (from the masks the line walk already
        // made), until a "Q.850" hands over to the walk of every run: the same numbers are
        // decided with the same words before them (`fast_walk_finds_what_the_full_walk_found`).
        // Short walks (a header's name, a status line) cost less than the check.
        if !self.full_walk && limit >= 32 && !has_cause(&seg[..limit]) {
            i = limit;
            let mut block = base - base % 64;
            'fast: while block < base + limit {
                let mut runs = self.runs_of(block);
                if block < base {
                    runs &= !0u64 << (base - block);
                }
                while runs != 0 {
                    let start = block + runs.trailing_zeros() as usize - base;
                    runs &= runs - 1;
                    if start >= limit {
                        break 'fast;
                    }
                    let end = start + 3;
                    if q850_at(seg, start, end) {
                        (i, prev_run_end, prev_run_q850) = (end, end, true);
                        break 'fast;
                    }
                    // The words before a number stop at the digit before it.
                    let lo = start.saturating_sub(WINDOW);
                    let gap_from = seg[lo..start]
                        .iter()
                        .rposition(u8::is_ascii_digit)
                        .map_or(lo, |k| lo + k + 1);
                    self.number(&mut st, start, end, &seg[gap_from..start]);
                }
                block += 64;
            }
        }
        loop {
            i = next_digit(seg, i, limit);
            if i >= limit {
                break;
            }
            let start = i;
            i = run_end(seg, i);
            let end = i;
            let len = end - start;
            let gap_from = prev_run_end.max(start.saturating_sub(WINDOW));
            let gap = &seg[gap_from..start];
            let after_q850 = prev_run_q850;
            prev_run_q850 = len == 3 && q850_at(seg, start, end);
            prev_run_end = end;

            if start >= veto_from && header_kind == HeaderKind::Plain {
                continue;
            }
            let n = seg.get(end).copied();
            // Q.850 causes: 1–3 digits after "Q.850", "q850 cause", "hangupcause" (a cause
            // not right after "Q.850" needs "cause" before it: "hangup_cause", "ISDN cause").
            if len <= 3
                && !n.is_some_and(|c| c.is_ascii_digit() || c == b'.')
                && (after_q850
                    || (gap.iter().any(|&c| c | 0x20 == b'c') && contains_ci(gap, b"cause")))
            {
                let tail_words = words(gap);
                let tail = tail_words.as_str();
                let value = parse_num(&seg[start..end]);
                let is_q850 = after_q850 && {
                    let q850_gap = squash(gap);
                    q850_gap.is_empty()
                        || matches!(
                            q850_gap.as_slice(),
                            b"cause" | b"causecode" | b"causevalue" | b"code" | b"value"
                        )
                };
                let hangup = ends_with_word(tail, "hangupcause")
                    || ends_with_word(tail, "hangup_cause")
                    || ends_with_word(tail, "hangup cause");
                if (1..=127).contains(&value) && (is_q850 || hangup) {
                    self.push(
                        base + start,
                        Finding::Q850 { cause: value as u8 },
                        Need::Always,
                    );
                    continue;
                }
                if (1..=127).contains(&value)
                    && (ends_with_word(tail, "cause") || ends_with_word(tail, "isdn cause"))
                    && !ends_with_word(tail, "sip cause")
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
            self.number(&mut st, start, end, gap);
        }
        let Seg {
            mut watch,
            mut items,
            candidates,
            ..
        } = st;
        self.settle(&mut watch, &mut items, row_lead);
        self.lists(seg, &items);
        self.comparisons(seg, base, &candidates);
    }

    /// One three-digit number of a segment, `seg[start..end]`, with the bytes before it
    /// back to the previous number (at most `WINDOW`): decides what it is.
    fn number(&mut self, st: &mut Seg<'_>, start: usize, end: usize, gap: &[u8]) {
        let Seg {
            seg,
            base,
            lead,
            row_lead,
            veto_from,
            header_kind,
            ref mut http_cache,
            ref mut errorish_cache,
            ref mut candidates,
            ref mut items,
            ref mut watch,
        } = *st;
        let n = seg.get(end).copied();
        let code = parse_num(&seg[start..end]) as u16;
        if !(100..=699).contains(&code) {
            return;
        }
        self.settle(watch, items, row_lead);
        *watch = Some((start, end, self.pending.len()));
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
            return;
        }
        // Hard vetoes: the number is part of something else.
        let alnum = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
        let digit = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_digit());
        if alnum(p) || alnum(n) {
            return;
        }
        match p {
            Some(b'.') if alnum(pp) => return,
            Some(b'-') if alnum(pp) => return,
            Some(b':') if digit(pp) => return,
            // Markdown bold, "**603 Network Blocked**", is not a star code like "*486".
            Some(b'*') if pp == Some(b'*') => {}
            Some(b'+' | b'#' | b'$' | b'@' | b'\\' | b'%' | b'~' | b'^' | b'&' | b'*') => return,
            Some(b',') if digit(pp) => return,
            _ => {}
        }
        if !p.is_some_and(|c| c.is_ascii()) && p.is_some() {
            // A currency sign or other non-ASCII symbol glued to the number.
            if start >= 1 && is_currency_before(seg, start) {
                return;
            }
        }
        match n {
            Some(b'.' | b':' | b'-' | b',') if digit(nn) => return,
            // A file or host name: "100.pcap", "486.example.com".
            Some(b'.') if alnum(nn) => return,
            Some(b'@' | b'%' | b'$') => return,
            _ => {}
        }
        if n.is_some_and(|c| c >= 0x80) && is_currency_after(seg, end) {
            return;
        }
        let tail_words = words(gap);
        let tail = tail_words.as_str();
        // `Reason: SIP;cause=486` (RFC 3326).
        if ends_with_word(tail, "sip cause") && gap.contains(&b';') {
            self.push(base + start, Finding::ReasonSip { code }, Need::Always);
            return;
        }
        if header_kind == HeaderKind::Reason && start >= veto_from {
            return;
        }

        let after = next_word(seg, end);
        let registered = self.det.is_registered(code);
        let unit_after = UNITS.contains(&after.as_str())
            && !matches!(n, Some(b'/'))
            && !self.phrase_after(seg, end, code);

        // Strong signals.
        let slash_method = n == Some(b'/') && METHODS.iter().any(|m| seg[end + 1..].starts_with(m));
        let key_sep = matches!(
            p,
            Some(b'=' | b':' | b'[' | b'"' | b'\'' | b' ' | b'/' | b'(' | b'\t')
        ) || p.is_none();
        let lw = last_word(tail);
        let sip_words = SIP_PREFIXES.iter().any(|s| ends_with_word(tail, s));
        // Wireshark's packet list: "SIP 357 Status: 200 OK", "| SIP | 413 | Status:" —
        // the number is the frame length.
        if sip_words && matches!(after.as_str(), "request" | "status") {
            return;
        }
        let sip_prefix = sip_words && !(p == Some(b':') && n == Some(b'@'));
        let sip_key = SIP_KEYS.iter().any(|k| lw.ends_with(k));
        if (sip_prefix || sip_key) && key_sep && !unit_after {
            self.code(base + start, code, Evidence::SipPrefix, Need::Always);
            candidates.push(Candidate { start, end, code });
            return;
        }
        // "HTTP/1.1 403 Forbidden", "HTTP 404", a web log's `status=404`; a URL is HTTP
        // only for the numbers near it ("http://microsip.org … answers 503" is not).
        if *http_cache.get_or_insert_with(|| http_mention(seg))
            || contains_ci(&seg[start.saturating_sub(WINDOW)..start], b"http")
        {
            return;
        }
        // HTTP's own reason phrase: "500 Internal Server Error", "504 Gateway Time-out".
        if HTTP_PHRASES
            .iter()
            .any(|(c, ph)| *c == code && phrase_at(seg, end, ph))
        {
            items.push(Item {
                start,
                end,
                kind: ItemKind::Vetoed,
            });
            *watch = None;
            return;
        }
        if slash_method {
            self.code(base + start, code, Evidence::LogLine, Need::Always);
            return;
        }
        if LOG_PREFIXES.iter().any(|s| ends_with_word(tail, s)) && !unit_after {
            self.code(base + start, code, Evidence::LogLine, Need::Always);
            candidates.push(Candidate { start, end, code });
            return;
        }
        // FreeSWITCH: "Failed Registration with status No transport [503]" — the bracket
        // holds the code whatever the phrase before it.
        if p == Some(b'[') && tail.contains("registration with status") {
            self.code(base + start, code, Evidence::LogLine, Need::Always);
            candidates.push(Candidate { start, end, code });
            return;
        }
        if registered
            && CONTEXT_PREFIXES.iter().any(|s| ends_with_word(tail, s))
            && !unit_after
            && !matches!(n, Some(b'/'))
        {
            self.code(base + start, code, Evidence::LogLine, Need::Context);
            candidates.push(Candidate { start, end, code });
            return;
        }
        // "can't generate 487 reply", "408 response received".
        if registered && after.as_str() == "reply" {
            self.code(base + start, code, Evidence::LogLine, Need::Context);
            candidates.push(Candidate { start, end, code });
            return;
        }
        if ends_with_word(tail, "entering state")
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
            return;
        }
        // A phrase before the code counts as "Forbidden [403]", not as a label's value:
        // "Queued: 182" is a counter of a stats screen.
        if registered
            && (self.phrase_after(seg, end, code)
                || (self.phrase_before(tail, code) && label_before(seg, start).is_none()))
        {
            self.code(base + start, code, Evidence::Phrase, Need::Always);
            candidates.push(Candidate { start, end, code });
            return;
        }
        if !registered {
            return;
        }
        // Quantities and identifiers: "200 users", "ticket 486", "call 486".
        let before_word = lw;
        let never = unit_after
            || NEVER_BEFORE.contains(&before_word)
            || matches!(p, Some(b'`'))
            || matches!(n, Some(b'`'))
            || (p == Some(b'/') && !digit(pp) && !ends_with_word(tail, "sip"))
            // Groups of a phone number or an ID: "+1 555 486 1234", "(555) 486".
            || (matches!(p, Some(b' ' | b')')) && digit(pp))
            || (n == Some(b' ') && digit(nn));
        // An area code: "(486) 555-0199" — never a call's argument, whatever the parens.
        let area_code = p == Some(b'(')
            && n == Some(b')')
            && nn == Some(b' ')
            && digit(seg.get(end + 2).copied());
        let key_value = matches!(p, Some(b'=' | b':'))
            || (matches!(p, Some(b'"' | b'\'' | b'(' | b' ' | b'[')) && tail_has_open_paren(gap));
        // A quoted value: `le="180"`, `"code": "486"`.
        let quoted_value = matches!(p, Some(b'"' | b'\'')) && matches!(pp, Some(b'=' | b':'));
        let key_value = key_value || quoted_value;
        if area_code || (never && !key_value) {
            items.push(Item {
                start,
                end,
                kind: ItemKind::Vetoed,
            });
            *watch = None;
            candidates.push(Candidate { start, end, code });
            return;
        }
        if p == Some(b'=') || p == Some(b':') || key_value {
            if CONFIG_PREFIXES.iter().any(|s| lw.ends_with(s)) {
                self.code(base + start, code, Evidence::ConfigLiteral, Need::Loose);
                return;
            }
            // Some other key's value or function's argument: `rport=486`, `tag=486`,
            // `port:486`, `SocketID(204)`.
            if matches!(p, Some(b'=' | b':')) || quoted_value || (p == Some(b'(') && alnum(pp)) {
                return;
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
            return;
        }
        if n == Some(b'/') || p == Some(b'/') {
            return;
        }
        // A label's value: "Dialogs: 486", "Calls: 183" are counts, unless the label is
        // about errors ("Cause: 488", "error: 503").
        if let Some(label) = label_before(seg, start) {
            if !ERROR_WORDS.contains(&label.as_str())
                && !matches!(label.as_str(), "result" | "reason")
            {
                items.push(Item {
                    start,
                    end,
                    kind: ItemKind::Vetoed,
                });
                *watch = None;
                return;
            }
        }
        // Alone in a table cell, a number belongs to its column, not to the words of the
        // other cells: in "| SIP | 413 | Status: 200 OK |", 413 is the length.
        let in_cell =
            prev_nonspace(seg, start) == Some(b'|') && next_nonspace(seg, end) == Some(b'|');
        let errorish =
            !in_cell && *errorish_cache.get_or_insert_with(|| has_any_word(seg, ERROR_WORDS));
        // "486 Busy", "503 Service": the first word of the code's own phrase.
        let partial = self.first_word_after(seg, end, code);
        // A step of a call flow: "inbound 180", "> 302 >", "100 <-----".
        let flow = DIRECTION_WORDS.contains(&lw)
            || arrow_before(seg, start, lead)
            || arrow_after(seg, end);
        let need = if errorish || partial || flow {
            Need::Loose
        } else {
            Need::ExplicitOnly
        };
        let evidence = if partial {
            Evidence::Phrase
        } else {
            Evidence::Bare
        };
        let idx = self.pending.len();
        self.code(base + start, code, evidence, need);
        items.push(Item {
            start,
            end,
            kind: ItemKind::Bare(idx),
        });
        *watch = None;
        if start == row_lead && row_entry(seg, end) {
            self.rows_bare.push(idx);
        }
        candidates.push(Candidate { start, end, code });
    }

    /// Records what became of the watched number: if a finding other than a bare code was
    /// made for it, it is a found code (and a strong one opening a row counts for tables).
    fn settle(
        &mut self,
        watch: &mut Option<(usize, usize, usize)>,
        items: &mut Vec<Item>,
        row_lead: usize,
    ) {
        let Some((start, end, from)) = watch.take() else {
            return;
        };
        let found = self.pending[from.min(self.pending.len())..]
            .iter()
            .find(|p| matches!(p.finding, Finding::Code { .. }));
        if let Some(p) = found {
            if start == row_lead && matches!(p.need, Need::Always) {
                self.rows_strong += 1;
            }
            items.push(Item {
                start,
                end,
                kind: ItemKind::Found,
            });
        }
    }

    /// Lists and sequences: "100, 180 then 487", "401 and 407", "302 > 200". A bare code in
    /// a list with another code is one too (weak); a list with a count or an identifier in
    /// it ("100, 200 and 300 users", "account 603 and 486") is not codes at all.
    fn lists(&mut self, seg: &[u8], items: &[Item]) {
        let mut i = 0;
        while i < items.len() {
            let mut j = i;
            while j + 1 < items.len() && joined(&seg[items[j].end..items[j + 1].start]) {
                j += 1;
            }
            if j > i {
                let run = &items[i..=j];
                let vetoed = run.iter().any(|it| it.kind == ItemKind::Vetoed);
                for it in run {
                    if let ItemKind::Bare(idx) = it.kind {
                        if vetoed {
                            if let Some(p) = self.pending.get_mut(idx) {
                                p.need = Need::Dropped;
                            }
                        } else {
                            self.upgrade(idx, Need::Loose, Evidence::List);
                        }
                    }
                }
            }
            i = j + 1;
        }
    }

    /// "486 Busy": the word after the number is the first word of the code's phrase.
    fn first_word_after(&self, seg: &[u8], end: usize, code: u16) -> bool {
        let Some(first) = self.det.first_words.get(&code) else {
            return false;
        };
        seg.get(end) == Some(&b' ') && next_word(seg, end).as_bytes() == first.as_slice()
    }

    /// "X vs Y", "X or Y", "difference between X and Y".
    fn comparisons(&mut self, seg: &[u8], base: usize, candidates: &[Candidate]) {
        // Whether the segment talks about a difference, computed once: per pair would be
        // quadratic on a long line of "401 and 407 and …".
        let mut about_difference: Option<bool> = None;
        let mut choice: Option<bool> = None;
        for pair in candidates.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.code == b.code
                || !self.det.is_registered(a.code)
                || !self.det.is_registered(b.code)
            {
                continue;
            }
            let raw_between = &seg[a.end..b.start];
            if raw_between.len() > 24 {
                continue;
            }
            let between = words(raw_between);
            // Vietnamese joins two codes its own way ("486 khác gì 600?", "so sánh 486 với
            // 600"), with or without its diacritics, which `words` drops.
            let between = vi_join(raw_between).unwrap_or(between.as_str());
            let unit_after_b = UNITS.contains(&next_word(seg, b.end).as_str());
            if unit_after_b
                || NEVER_BEFORE.contains(&last_word(&words(
                    &seg[a.start.saturating_sub(WINDOW)..a.start],
                )))
            {
                continue;
            }
            let need = match between {
                "vs" | "versus" | "v" | "against" | "compared to" | "compared with" | "vs and" => {
                    Need::Always
                }
                "" if raw_between.windows(3).any(|w| w == b"<->") => Need::Always,
                // "486 or 600?": a question or a sentence about replies, with a code that
                // exists only in SIP, is about SIP even without a context word.
                "or" if !is_http_status(a.code) || !is_http_status(b.code) => {
                    let asked = *choice.get_or_insert_with(|| {
                        seg.contains(&b'?') || has_any_word(seg, ERROR_WORDS)
                    });
                    if asked {
                        Need::ContextElseLoose
                    } else {
                        Need::Context
                    }
                }
                "or" => Need::Context,
                "and" => {
                    let about = *about_difference.get_or_insert_with(|| {
                        contains_ci(seg, b"differ")
                            || contains_ci(seg, b"between")
                            || contains_ci(seg, b"compar")
                            || VI_DIFFERENCE.iter().any(|w| contains_ci(seg, w.as_bytes()))
                    });
                    if about {
                        Need::Always
                    } else {
                        continue;
                    }
                }
                _ => continue,
            };
            self.push(
                base + a.start,
                Finding::Compare {
                    a: a.code,
                    b: b.code,
                },
                need,
            );
            self.code(base + a.start, a.code, Evidence::Comparison, need);
            self.code(base + b.start, b.code, Evidence::Comparison, need);
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

fn strength_of(need: &Need) -> Strength {
    match need {
        Need::Always | Need::Context | Need::ContextElseLoose => Strength::Strong,
        Need::Loose => Strength::Weak,
        Need::ExplicitOnly | Need::Dropped => Strength::Explicit,
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
            // Names are at most 41 bytes (see the loop above); the longest header is shorter.
            let mut lower = Small::<48>::new();
            for &c in name {
                lower.push(c.to_ascii_lowercase());
            }
            if HEADERS
                // Byte by byte, inline: a `memcmp` call per probe cost more than the search.
                .binary_search_by(|h| h.as_bytes().iter().cmp(lower.as_bytes().iter()))
                .is_ok()
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
fn next_word(seg: &[u8], end: usize) -> Small<16> {
    let mut i = end;
    // Table cells are separated by tabs and pipes as often as by spaces.
    while i < seg.len() && matches!(seg[i], b' ' | b'\t' | b'|') {
        i += 1;
    }
    let mut w = Small::<16>::new();
    if i < seg.len() && seg[i] == b'%' {
        for &c in b"percent" {
            w.push(c);
        }
        return w;
    }
    while i < seg.len() && seg[i].is_ascii_alphabetic() && w.push(seg[i].to_ascii_lowercase()) {
        i += 1;
    }
    // A word that goes on in letters outside ASCII ("vậy", "ms²") is not the ASCII word it
    // starts with: "600 vậy" is not 600 volts. A mark no word list holds keeps them apart
    // (a word that fills the window, 16 letters, is longer than any in the lists anyway).
    if !w.is_empty() && seg.get(i).is_some_and(|&c| c >= 0x80) {
        w.push(b'*');
    }
    w
}

/// Whether a segment mentions HTTP other than as a URL's scheme: "HTTP/1.1", "HTTP 404",
/// "http status".
fn http_mention(seg: &[u8]) -> bool {
    let mut from = 0;
    while let Some(off) = memchr::memchr2(b'h', b'H', &seg[from..]) {
        let i = from + off;
        if seg.len() >= i + 4 && seg[i..i + 4].eq_ignore_ascii_case(b"http") {
            let rest = &seg[i + 4..];
            let url = rest.starts_with(b"://")
                || (rest.len() >= 4
                    && rest[0].eq_ignore_ascii_case(&b's')
                    && &rest[1..4] == b"://");
            if !url {
                return true;
            }
        }
        from = i + 1;
    }
    false
}

/// Whether `phrase` (squashed) follows the number at `end`, after a space: "500 Internal
/// Server Error", "504 Gateway Time-out".
fn phrase_at(seg: &[u8], end: usize, phrase: &[u8]) -> bool {
    let mut i = end;
    while i < seg.len() && matches!(seg[i], b' ' | b'"' | b'\'' | b'(' | b'-') && i - end < 4 {
        i += 1;
    }
    let mut k = 0;
    while k < phrase.len() && i < seg.len() {
        let c = seg[i];
        if c.is_ascii_alphanumeric() {
            if c.to_ascii_lowercase() != phrase[k] {
                return false;
            }
            k += 1;
        } else if !matches!(c, b' ' | b'-' | b'\'') {
            return false;
        }
        i += 1;
    }
    k == phrase.len() && !seg.get(i).is_some_and(|c| c.is_ascii_alphanumeric())
}

/// The label before a number written "Label: 486": the word right before the colon, lower
/// case, if the number follows ": " directly.
fn label_before(seg: &[u8], start: usize) -> Option<Small<16>> {
    let mut i = start;
    while i > 0 && matches!(seg[i - 1], b' ' | b'\t') && start - i < 3 {
        i -= 1;
    }
    if i == start || i == 0 || seg[i - 1] != b':' {
        return None;
    }
    let colon = i - 1;
    let mut s = colon;
    while s > 0 && seg[s - 1].is_ascii_alphabetic() && colon - s < 16 {
        s -= 1;
    }
    if s == colon || (s > 0 && seg[s - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let mut label = Small::<16>::new();
    for &c in &seg[s..colon] {
        label.push(c.to_ascii_lowercase());
    }
    Some(label)
}

/// The nearest byte before `start` that is not a space or tab (looking back a short way).
fn prev_nonspace(seg: &[u8], start: usize) -> Option<u8> {
    seg[start.saturating_sub(8)..start]
        .iter()
        .rev()
        .find(|c| !matches!(c, b' ' | b'\t'))
        .copied()
}

/// The nearest byte after `end` that is not a space or tab (looking a short way ahead).
fn next_nonspace(seg: &[u8], end: usize) -> Option<u8> {
    seg[end..(end + 8).min(seg.len())]
        .iter()
        .find(|c| !matches!(c, b' ' | b'\t'))
        .copied()
}

const ARROW_RIGHT: &[u8] = "→".as_bytes();
const ARROW_LEFT: &[u8] = "←".as_bytes();

/// An arrow right before the number: "-> 180", "<-- 200", "server1 > 302", "→ 486". A '>'
/// that opens the line is a quote marker, not an arrow.
fn arrow_before(seg: &[u8], start: usize, lead: usize) -> bool {
    let mut i = start;
    while i > 0 && matches!(seg[i - 1], b' ' | b'\t') && start - i < 8 {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let t = &seg[..i];
    if t.ends_with(ARROW_RIGHT) || t.ends_with(ARROW_LEFT) {
        return true;
    }
    match t[i - 1] {
        b'>' => i - 1 > lead,
        b'-' | b'=' => {
            let mut j = i;
            while j > 0 && matches!(seg[j - 1], b'-' | b'=') && i - j < 16 {
                j -= 1;
            }
            j > 0 && seg[j - 1] == b'<'
        }
        _ => false,
    }
}

/// An arrow right after the number: "100 <-----", "180 -> ", "302 > kamailio1", "486 →".
fn arrow_after(seg: &[u8], end: usize) -> bool {
    let mut i = end;
    while i < seg.len() && matches!(seg[i], b' ' | b'\t') && i - end < 8 {
        i += 1;
    }
    let t = &seg[i..];
    t.starts_with(b"<-")
        || t.starts_with(b"->")
        || t.starts_with(b"-->")
        || t.starts_with(b"=>")
        || t.starts_with(ARROW_RIGHT)
        || t.starts_with(ARROW_LEFT)
        || (i > end && t.starts_with(b"> "))
}

/// What may follow a number that opens a table row: nothing (or a footnote star, a cell
/// border), or a capitalised word — "481*", "403 Permission Denied".
fn row_entry(seg: &[u8], end: usize) -> bool {
    let mut i = end;
    if seg.get(i) == Some(&b'*') {
        i += 1;
    }
    let rest = &seg[i..];
    let skip = rest
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t' | b'|'))
        .count();
    match rest.get(skip) {
        None => true,
        Some(c) => skip > 0 && c.is_ascii_uppercase(),
    }
}

/// Whether the text between two numbers joins them into one list: punctuation of lists and
/// arrows, and a few words ("then", "and", "or", "vs").
fn joined(between: &[u8]) -> bool {
    if between.len() > 16
        || !between.iter().all(|c| {
            c.is_ascii_alphabetic()
                || *c >= 0x80
                || matches!(
                    c,
                    b' ' | b',' | b'-' | b'>' | b'<' | b'/' | b'|' | b'\t' | b';' | b'&' | b'='
                )
        })
    {
        return false;
    }
    LIST_JOINERS.contains(&words(between).as_str())
}

/// Vietnamese words between two codes, as the English word that plays the same part in
/// `comparisons`: "khác gì" (differs how from), "so với" (compared with) → "vs"; "và", "với"
/// (and, with) → "and"; "hay", "hoặc" (or) → "or". Each also without its diacritics, as it
/// is often typed.
fn vi_join(raw: &[u8]) -> Option<&'static str> {
    const JOINS: &[(&str, &str)] = &[
        ("khác gì", "vs"),
        ("khac gi", "vs"),
        ("khác với", "vs"),
        ("khac voi", "vs"),
        ("khác", "vs"),
        ("khac", "vs"),
        ("so với", "vs"),
        ("so voi", "vs"),
        ("và", "and"),
        ("va", "and"),
        ("với", "and"),
        ("voi", "and"),
        ("hay", "or"),
        ("hoặc", "or"),
        ("hoac", "or"),
    ];
    let text = std::str::from_utf8(raw).ok()?;
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == ',');
    // Compared a character at a time in lower case: no copy for the English joins ("vs",
    // "or") that come here first.
    let n = text.chars().count();
    let same = |w: &str| {
        n == w.chars().count()
            && text
                .chars()
                .zip(w.chars())
                .all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
    };
    JOINS
        .iter()
        .find(|(w, _)| same(w))
        .map(|&(_, english)| english)
}

/// Vietnamese for "the difference", "compare", "tell apart": with "và"/"với" between two codes
/// the sentence compares them ("486 và 600 khác nhau thế nào?").
const VI_DIFFERENCE: &[&str] = &[
    "khác nhau",
    "khac nhau",
    "khác biệt",
    "khac biet",
    "so sánh",
    "so sanh",
    "phân biệt",
    "phan biet",
];

fn tail_has_open_paren(gap: &[u8]) -> bool {
    gap.iter().rev().take(4).any(|c| *c == b'(')
}

/// Whether `needle` (ASCII, starting with a letter) is in `hay`, ASCII case-insensitive.
/// A long haystack is searched for the first letter in either case with `memchr2`; a short
/// one (a window before a number) byte by byte, cheaper than a call per occurrence.
fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let at = |i: usize| {
        hay.get(i + 1..i + 1 + rest.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    };
    if hay.len() < 256 {
        let first = first.to_ascii_lowercase();
        return (0..hay.len()).any(|i| hay[i] | 0x20 == first && at(i));
    }
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay).any(at)
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
/// "trunking"), ASCII case-insensitive; or "SIP" in capitals inside a product's name
/// ("BareSIP", "MicroSIP").
fn has_context(text: &[u8]) -> bool {
    if memchr::memmem::find(text, b"SIP").is_some() {
        return true;
    }
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

    /// The prefilter as it was first written: one branch per byte.
    fn naive_has_candidate(b: &[u8]) -> bool {
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

    fn naive_find(b: &[u8]) -> Option<usize> {
        (0..b.len()).find(|&s| {
            (s == 0 || !b[s - 1].is_ascii_digit())
                && b.len() >= s + 3
                && b[s..s + 3].iter().all(u8::is_ascii_digit)
                && !b.get(s + 3).is_some_and(u8::is_ascii_digit)
        })
    }

    proptest::proptest! {
        #[test]
        fn block_prefilter_matches_the_naive_one(
            v in proptest::collection::vec(proptest::sample::select(
                &[b'0', b'5', b'9', b'a', b'/', b':', b'\n', 0xc3, b' '][..]), 0..300),
        ) {
            proptest::prop_assert_eq!(find_candidate(&v), naive_find(&v));
            proptest::prop_assert_eq!(has_candidate(&v), naive_has_candidate(&v));
        }
    }

    proptest::proptest! {
        /// Both paths of `contains_ci` (byte by byte under 256 bytes, `memchr2` above) agree
        /// with comparing every window.
        #[test]
        fn contains_ci_matches_every_window(
            v in proptest::collection::vec(proptest::sample::select(
                &[b'c', b'C', b'a', b'U', b's', b'e', b'h', b't', b'p', b' ', 0xc3][..]), 0..600),
            needle in proptest::sample::select(&["cause", "http", "sip", "c"][..]),
        ) {
            let naive = v
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
            proptest::prop_assert_eq!(contains_ci(&v, needle.as_bytes()), naive);
            if needle == "cause" {
                proptest::prop_assert_eq!(has_cause(&v), naive);
            }
        }
    }

    type Hits = Vec<(usize, Finding)>;

    /// Hits of a scan with the three-digit shortcut and with the walk of every digit run.
    fn both_walks(text: &str, mode: Mode) -> (Hits, Hits) {
        let det = detector();
        let run = |full_walk: bool| {
            let mut scan = Scan::new(det, text.as_bytes(), mode);
            scan.full_walk = full_walk;
            scan.run()
                .into_iter()
                .map(|h| (h.pos, h.finding))
                .collect::<Vec<_>>()
        };
        (run(false), run(true))
    }

    proptest::proptest! {
        #[test]
        fn fast_walk_finds_what_the_full_walk_found(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "SIP/2.0 ", "486", " Busy Here", "\n", "..", "Via: ", "100", "12", "1234", "7",
                " vs ", "cause=", "Cause: ", "CAUSE ", "cAuSe", "Q.850;", "q850 ", "850", " ",
                "x", "CSeq: ", "200 users", " or ", "603", "http ", "sip ", "-> ", "Reason: ",
                ":", ".", "0", "\r\n", "é", "hangup_cause=", "[2024-01-01 10:00:00.123] ",
                "ISDN cause ", "(", ")", "=", "/", "abcdefghijklmnopqrstuvwxyz0123456789",
                "Failed Registration with status ", "[", "]", "45",
            ][..]), 0..120),
        ) {
            let text = parts.concat();
            for mode in [Mode::Strict, Mode::Loose, Mode::Explicit] {
                let (fast, full) = both_walks(&text, mode);
                proptest::prop_assert_eq!(fast, full, "{:?} in {:?}", mode, text);
            }
        }
    }

    /// The same on every real log, trace and chat line the tests hold (the corpus files hold
    /// hundreds of chat lines and log excerpts; compiled in, as the core reads no files).
    #[test]
    fn fast_walk_finds_what_the_full_walk_found_in_the_fixtures() {
        for text in [
            include_str!("../../tests/fixtures/logs/asterisk-pjsip-busy.log"),
            include_str!("../../tests/fixtures/traces/asterisk-pjsip-auth-answered.log"),
            include_str!("../../tests/fixtures/traces/chan-sip-cancelled.log"),
            include_str!("../../tests/fixtures/traces/freeswitch-siptrace-488.log"),
            include_str!("../../tests/fixtures/traces/kamailio-syslog-auth-loop.log"),
            include_str!("../../tests/fixtures/traces/linphone-403-after-auth.log"),
            include_str!("../../tests/fixtures/traces/ngrep-byline-register.txt"),
            include_str!("../../tests/fixtures/traces/ngrep-redirect-302.txt"),
            include_str!("../../tests/fixtures/traces/pjsip-softphone-408.log"),
            include_str!("../../tests/fixtures/traces/prefixed-crlf-compact.log"),
            include_str!("../../tests/fixtures/traces/sipp-422.log"),
            include_str!("../../tests/fixtures/traces/sngrep-glare.txt"),
            include_str!("../../tests/fixtures/traces/sngrep-proxy-decline.txt"),
            include_str!("../../tests/fixtures/traces/tcpdump-timeout.txt"),
            include_str!("../../tests/fixtures/detect/chat.toml"),
            include_str!("../../tests/fixtures/detect/logs.toml"),
            include_str!("../../tests/fixtures/detect/negatives.toml"),
        ] {
            for mode in [Mode::Strict, Mode::Loose, Mode::Explicit] {
                let (fast, full) = both_walks(text, mode);
                assert_eq!(fast, full, "{mode:?} in {}", &text[..text.len().min(80)]);
            }
        }
    }

    #[test]
    fn has_cause_matches_every_window() {
        let cases = [
            "",
            "cause",
            "xxxxxxxCause",
            "CAUSE=17",
            "cAuSe",
            "caus",
            "ccccccccause",
            "because",
        ];
        for c in cases {
            for pad in 0..10 {
                let t = format!("{}{c}{}", "c".repeat(pad), "a".repeat(pad));
                assert_eq!(
                    has_cause(t.as_bytes()),
                    contains_ci(t.as_bytes(), b"cause"),
                    "{t:?}"
                );
            }
        }
    }

    /// The line walk as it was first written: every line, a branch per byte.
    fn naive_lines(scan: &mut Scan<'_>) {
        let text = scan.text;
        let mut line_start = 0;
        while line_start < text.len() {
            let line_end =
                memchr::memchr(b'\n', &text[line_start..]).map_or(text.len(), |i| line_start + i);
            let line = &text[line_start..line_end];
            if naive_has_candidate(line) {
                let mut seg_start = 0;
                while seg_start <= line.len() {
                    let seg_end = memchr::memmem::find(&line[seg_start..], b"..")
                        .map_or(line.len(), |i| seg_start + i);
                    let seg = &line[seg_start..seg_end];
                    if naive_has_candidate(seg) {
                        scan.segment(seg, line_start + seg_start);
                    }
                    seg_start = seg_end + 2;
                }
            }
            line_start = line_end + 1;
        }
    }

    fn detector() -> &'static Detector {
        static DET: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
        DET.get_or_init(|| {
            let cat = crate::catalogue::Catalogue::embedded().expect("catalogue");
            Detector::new(&cat)
        })
    }

    proptest::proptest! {
        /// The block walk reads exactly the segments the line-by-line walk read: same hits,
        /// same positions, in every mode.
        #[test]
        fn block_walk_finds_what_the_line_walk_found(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "SIP/2.0 ", "486", " Busy Here", "\n", "..", "Via: ", "100", "12", "1234",
                " vs ", "cause=17", "Q.850;", " ", "x", "CSeq: ", "200 users", " or ", "603",
                "http ", "sip ", "-> ", "Reason: ", ":", ".", "0", "\r\n", "é",
            ][..]), 0..80),
        ) {
            let text = parts.concat();
            let det = detector();
            for mode in [Mode::Strict, Mode::Loose, Mode::Explicit] {
                let fast: Vec<(usize, Finding)> = Scan::new(det, text.as_bytes(), mode)
                    .run()
                    .into_iter()
                    .map(|h| (h.pos, h.finding))
                    .collect();
                let mut slow = Scan::new(det, text.as_bytes(), mode);
                naive_lines(&mut slow);
                let slow: Vec<(usize, Finding)> =
                    slow.finish().into_iter().map(|h| (h.pos, h.finding)).collect();
                proptest::prop_assert_eq!(fast, slow, "{:?} in {:?}", mode, text);
            }
        }
    }

    #[test]
    fn next_digit_skips_to_the_first_digit() {
        let text = b"abcdefghij/:;~ 7 xyz0";
        for from in 0..text.len() {
            for limit in from..=text.len() {
                let naive = (from..limit)
                    .find(|&k| text[k].is_ascii_digit())
                    .unwrap_or(limit);
                assert_eq!(next_digit(text, from, limit), naive, "{from}..{limit}");
            }
        }
    }

    #[test]
    fn run_end_finds_the_first_non_digit() {
        let text = b"1234567890123x45 6";
        for from in 0..=text.len() {
            let naive = (from..text.len())
                .find(|&k| !text[k].is_ascii_digit())
                .unwrap_or(text.len());
            assert_eq!(run_end(text, from), naive, "{from}");
        }
    }

    #[test]
    fn block_prefilter_at_block_edges() {
        for len in [
            1usize, 2, 3, 4, 5, 60, 63, 64, 65, 66, 67, 68, 127, 128, 129, 200,
        ] {
            for at in 0..len {
                let mut v = vec![b'x'; len];
                for k in 0..3 {
                    if at + k < len {
                        v[at + k] = b'7';
                    }
                }
                assert_eq!(find_candidate(&v), naive_find(&v), "len {len} at {at}");
            }
        }
    }

    #[test]
    fn headers_are_sorted_for_binary_search() {
        assert!(HEADERS.windows(2).all(|w| w[0] < w[1]));
        assert!(HEADERS.iter().all(|h| h.len() < 41));
    }

    #[test]
    fn words_normalises() {
        assert_eq!(words(b"Got SIP response ").as_str(), "got sip response");
        assert_eq!(words(b"$rs == ").as_str(), "$rs");
        assert_eq!(
            words(b"variable_sip_term_status: [").as_str(),
            "variable_sip_term_status"
        );
        // Letters outside ASCII stay in their word; arrows, quotes and emoji separate.
        assert_eq!(
            words("tổng đài trả về ".as_bytes()).as_str(),
            "t~ng ~~i tr~ v~"
        );
        assert_eq!(words("SIP error → ".as_bytes()).as_str(), "sip error");
        assert_eq!(words("“sip” 😀 ".as_bytes()).as_str(), "sip");
        // A window that starts inside a character: the lone continuation bytes separate.
        assert_eq!(words(&"về x".as_bytes()[2..]).as_str(), "x");
        let long = "trả về ".repeat(20);
        assert_eq!(
            words(long.as_bytes()).as_str(),
            "tr~ v~ ".repeat(20).trim_end()
        );
    }
}
