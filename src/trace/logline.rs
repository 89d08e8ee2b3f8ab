//! Events from log lines: the one-line reports that PBXs, proxies, softphones and test tools
//! print about a SIP message they sent or received, read into the same raw messages as whole
//! SIP messages (a start line, the CSeq when the line gives it, the peer and the direction
//! when it says them), so that they group into calls and tell the same story.
//!
//! Each recogniser is a small function for one log family; `event` tries them in the order
//! of `RULES`, and each starts with a cheap literal test so that a line that is not for it
//! costs a substring search. Only lines that name a response code or a request method count:
//! a line saying "is ringing" could be a 180 or a 183, and sipbot does not guess.

use std::sync::OnceLock;

use memchr::memmem;
use regex::Regex;

use super::frame::{addr, normalise, Dir, Frame, Start, METHODS};

/// Which kind of log a line came from: render names it when it quotes the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogSource {
    /// Asterisk chan_sip and PJSIP console lines.
    Asterisk,
    /// FreeSWITCH channel state lines and sofia-sip's `nta` lines.
    FreeSwitch,
    /// pjsua / PJSIP transaction and call lines.
    Pjsip,
    /// A SIPp scenario screen row.
    Sipp,
    /// A Wireshark or tshark packet list row.
    Wireshark,
    /// baresip console lines.
    Baresip,
    /// Kamailio and OpenSIPS log lines (`tm` module, log prefixes).
    Kamailio,
    /// Janus SIP plugin events and its sofia-sip callback lines.
    Janus,
    /// A ladder drawn in text (RFC-style call flows, sngrep-style pastes).
    Ladder,
    /// A status or request line pasted without its headers.
    StartLine,
    /// A log line of no family above that states a response (`Code: 408, Reason: …`).
    Other,
    /// A sentence of the text that states a response.
    Prose,
    /// A softphone library wrapped in an app (Android, Flutter): its own registration lines.
    AppLog,
}

/// What a log line says about one message, beyond its start line.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub source: LogSource,
    /// The line itself, as evidence (cut to a few hundred characters).
    pub text: String,
    pub cseq: Option<u32>,
    /// The method the message is or answers, when the line says it.
    pub method: Option<String>,
    /// A call key other than a Call-ID: a channel name (`sofia/internal/1000@host`).
    pub channel: Option<String>,
    pub call_id: Option<String>,
    /// A SIPp row with a count of 0: the scenario expected it and it never came.
    pub expected_only: bool,
    /// A code the text names without reporting a message (a sentence's "returns Error 481",
    /// a configuration's `code=403`): a mention beside a trace, never a step of one.
    pub mention_only: bool,
}

/// A recognised line: the message's start line, the frame (addresses, direction, time) and
/// the event details.
#[derive(Debug)]
pub(crate) struct Recognised {
    pub start: Start,
    pub frame: Frame,
    pub event: Event,
}

/// State kept across lines: SIPp screens list a response under the request it answers.
#[derive(Debug, Default)]
pub(crate) struct Context {
    sipp_request: Option<String>,
    /// A packet list names no CSeq: a response answers the last request sent the other
    /// way between the same two hosts. (sender, receiver, method), the latest last.
    list_requests: Vec<(String, String, String)>,
    /// FreeSWITCH logs a failed registration twice (`with status … [503]`, then
    /// `[503], setting retry`): the code of the first, so the second is not read again.
    sofia_reg_failed: Option<u16>,
    /// A drawn ladder: the previous line (labels sit above their arrows), the columns'
    /// positions, and arrows read but not yet given out (a line may hold several).
    ladder: Ladder,
}

#[derive(Debug, Default)]
struct Ladder {
    prev: Vec<char>,
    columns: Vec<usize>,
    /// The most bars one line has had: a line with that many names its columns in order
    /// (hand-drawn ladders do not keep them aligned); one with fewer, by position.
    width: usize,
    queued: std::collections::VecDeque<Recognised>,
}

type Rule = fn(&str, &mut Context) -> Option<Recognised>;

/// The recognisers, in order. A line is given to each until one takes it.
const RULES: [Rule; 14] = [
    asterisk_response,
    freeswitch_state,
    sofia_nta,
    pjsip_message,
    sipp_row,
    wireshark_row,
    baresip,
    kamailio_tm,
    janus,
    pjsua_registration,
    sofia_registration,
    asterisk_registration,
    app_registration,
    accounting,
];

/// Lines longer than this are not log lines about one message.
const MAX_EVENT_LINE: usize = 2_000;

pub(crate) fn event(line: &str, cx: &mut Context) -> Option<Recognised> {
    if line.len() > MAX_EVENT_LINE {
        return None;
    }
    // A drawn ladder's arrows carry no digits ("|--------->|", the label sits above).
    if let Some(r) = ladder(line, cx) {
        return Some(r);
    }
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    RULES.iter().find_map(|rule| rule(line, cx))
}

struct Regexes {
    time: Regex,
    ast_response: Regex,
    fs_state: Regex,
    nta: Regex,
    pj_msg: Regex,
    pj_to: Regex,
    pj_from: Regex,
    sipp_out: Regex,
    sipp_in: Regex,
    ws_row: Regex,
    bs_progress: Regex,
    bs_closed: Regex,
    fs_hangup: Regex,
    fs_hanging_up: Regex,
    tm_relay: Regex,
    kam_prefix: Regex,
    janus_json: Regex,
    janus_nua: Regex,
    pj_reg: Regex,
    sofia_reg: Regex,
    ast_reg: Regex,
    bs_reg: Regex,
    json_str: Regex,
    app_reg: Regex,
    acc_kind: Regex,
    acc_method: Regex,
    acc_call_id: Regex,
    acc_code: Regex,
    acc_reason: Regex,
}

fn rx() -> &'static Regexes {
    static R: OnceLock<Regexes> = OnceLock::new();
    R.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        let bare = r"(?:INVITE|ACK|BYE|CANCEL|REGISTER|OPTIONS|PRACK|SUBSCRIBE|NOTIFY|PUBLISH|INFO|REFER|MESSAGE|UPDATE)";
        let method = r"(INVITE|ACK|BYE|CANCEL|REGISTER|OPTIONS|PRACK|SUBSCRIBE|NOTIFY|PUBLISH|INFO|REFER|MESSAGE|UPDATE)";
        Regexes {
            time: re(r"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\b"),
            ast_response: re(r#"Got SIP response (\d{3}) "([^"]*)" back from (\S+?)\s*$"#),
            fs_state: re(r"Channel \[?(\S+?)\]? entering state \[(\w+)\]\[(\d{1,3})\]"),
            nta: re(&format!(
                r"nta: (received|sent) (\d{{3}}) (.*?) for {method} \((\d+)\)"
            )),
            pj_msg: re(&format!(
                r"\b(Request|Response) msg (?:(\d{{3}})/)?{method}/cseq=(\d+)"
            )),
            pj_to: re(r"\bTX\b.*?\bto (?:UDP|TCP|TLS|WSS?|SCTP) (\[[0-9A-Fa-f:.]+\]:\d+|[0-9A-Za-z.-]+:\d+)"),
            pj_from: re(r"\bRX\b.*?\bfrom (?:UDP|TCP|TLS|WSS?|SCTP) (\[[0-9A-Fa-f:.]+\]:\d+|[0-9A-Za-z.-]+:\d+)"),
            sipp_out: re(&format!(
                r"^\s*({bare}|\d{{3}})\s+(-{{5,}}>|<-{{5,}})\s+(?:[EB]-RTD\d\s+)?(\d+)\b"
            )),
            sipp_in: re(&format!(
                r"^\s*(-{{5,}}>|<-{{5,}})\s+({bare}|\d{{3}})\s+(?:[EB]-RTD\d\s+)?(\d+)\b"
            )),
            ws_row: re(&format!(
                r"^\s*\d+\s+(-?[\d.:]+)\s+(\S+)\s+(?:→|->)?\s*(\S+)\s+SIP(?:/[A-Za-z0-9]+)?\s+\d+\s+(?:Request: {method} (\S+)[^|]*?|Status: (\d{{3}})\s*([^|]*?))\s*(?:\||$)"
            )),
            bs_progress: re(r"\bSIP Progress: (\d{3}) ([^(]*?)\s*(?:\(|$)"),
            bs_closed: re(r"\bsession closed: (\d{3}) (.*?)\s*$"),
            fs_hangup: re(r"\bHangup (\S+) \[CS_[A-Z_]+\] \[([A-Z][A-Z_]*[A-Z])\]"),
            fs_hanging_up: re(r"\bChannel (\S+) hanging up, cause: ([A-Z][A-Z_]*[A-Z])\b"),
            tm_relay: re(r"\bT_code=(\d{1,3}), new_code=(\d{3})\b"),
            kam_prefix: re(&format!(r"\{{([12]) (\d{{1,10}}) {method} ([^\s{{}}]+)(?: [^{{}}]*)?\}}")),
            janus_json: re(
                r#""event"\s*:\s*"(hangup|proceeding|progress|registration_failed|unregistration_failed|declining|missed_call)"\s*,\s*"code"\s*:\s*(\d{3})(?:\s*,\s*"reason"\s*:\s*"([^"]*)")?"#,
            ),
            janus_nua: re(r"\[nua_(r_register|r_unregister|r_invite|r_bye|r_cancel|r_options|r_message|r_subscribe|r_refer|r_info|r_update|i_state)\]: (\d{3}) ([^\r\n]*?)\s*$"),
            pj_reg: re(r"(?i:registration) (success|failed), status=(\d{3}) \(([^)]*)\)"),
            sofia_reg: re(r"(?:(\S+) )?(?i:Failed Registration)(?: with status (.*?))?\s*[\[(](\d{3})[\])]"),
            ast_reg: re(r"\b(?:(?:Fatal|Temporal) response '(\d{3})' received from '(?:sips?:)?([^';>]+)[^']*' on registration attempt|Received REGISTER response (\d{3})\(([^)]*)\))"),
            bs_reg: re(r"\{\d+/(?:UDP|TCP|TLS|WSS?)/v[46]\} (\d{3}) (.*?)(?: \([^)]*\))? \[\d+ bindings?\]"),
            json_str: re(r#""call_id"\s*:\s*"([^"]{1,200})""#),
            app_reg: re(r"\b(?:Sip Reg Info|registrationFailed)\b[^0-9\r\n]{0,12}?\bCode: \[?(\d{3})\]?,(?: Cause: [^,\r\n]{0,40},)? Reason: ([^,\r\n]{0,80})"),
            acc_kind: re(r"\bACC: ([a-z][a-z ]{2,30}):"),
            acc_method: re(&format!(r"\bmethod={method}\b")),
            acc_call_id: re(r"\bcall_id=([^;,\s]{1,200})"),
            acc_code: re(r"\bcode=(\d{3})\b"),
            acc_reason: re(r"\breason=([^;\r\n]{0,80})"),
        }
    })
}

/// A line that names why a channel ended, as the PBX spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HangupLine {
    pub source: LogSource,
    pub channel: Option<String>,
    /// The cause name as logged (`USER_BUSY`).
    pub name: String,
    pub text: String,
}

/// FreeSWITCH's `Hangup sofia/external/704@10.40.10.43 [CS_EXECUTE] [NORMAL_CLEARING]`, the
/// line it prints when a channel hangs up (its state, then its cause name), and mod_sofia's
/// `Channel sofia/… hanging up, cause: NORMAL_CLEARING`.
pub(crate) fn hangup(line: &str) -> Option<HangupLine> {
    // Both forms hold "ang": one search rules out nearly every line.
    if line.len() > MAX_EVENT_LINE || !has(line, "ang") {
        return None;
    }
    let r = rx();
    let c = if has(line, "Hangup ") {
        r.fs_hangup.captures(line)
    } else {
        None
    };
    // mod_sofia's `Channel sofia/… hanging up, cause: NORMAL_CLEARING`: the cause it turns
    // into the SIP code or Reason it sends.
    let c = match c {
        Some(c) => c,
        None if has(line, " hanging up, cause: ") => r.fs_hanging_up.captures(line)?,
        None => return None,
    };
    Some(HangupLine {
        source: LogSource::FreeSwitch,
        channel: Some(c[1].to_string()),
        name: c[2].to_string(),
        text: cut(line),
    })
}

fn has(line: &str, needle: &str) -> bool {
    memmem::find(line.as_bytes(), needle.as_bytes()).is_some()
}

fn time_of(line: &str) -> Option<String> {
    rx().time.find(line).map(|m| m.as_str().to_string())
}

fn cut(s: &str) -> String {
    let t = s.trim();
    let mut end = t.len().min(300);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    // Tabs separate a packet list's columns: keep them apart when quoted.
    t[..end].replace('\t', "  ")
}

fn response(code: &str, reason: &str) -> Option<Start> {
    let code: u16 = code.parse().ok()?;
    (100..=699).contains(&code).then(|| Start::Response {
        code,
        reason: cut(reason),
    })
}

fn request(method: &str, uri: &str) -> Start {
    Start::Request {
        method: method.to_string(),
        uri: cut(uri),
    }
}

/// The event of a line read by another part of the scanner (a start line alone).
pub(crate) fn bare(source: LogSource, line: &str) -> Event {
    event_of(source, line)
}

/// The Call-ID a tool quotes in its own line: SIPp's `for Call-Id '1-3332@10.0.0.1'`.
pub(crate) fn quoted_call_id(line: &str) -> Option<String> {
    let i = memmem::find(line.as_bytes(), b"Call-Id '")? + 9;
    let rest = &line[i..];
    let end = rest.find('\'')?;
    (end > 0).then(|| rest[..end].to_string())
}

fn event_of(source: LogSource, line: &str) -> Event {
    Event {
        source,
        text: cut(line),
        cseq: None,
        method: None,
        channel: None,
        call_id: None,
        expected_only: false,
        mention_only: false,
    }
}

fn frame(line: &str, dir: Option<Dir>, src: Option<String>, dst: Option<String>) -> Frame {
    Frame {
        src,
        dst,
        dir,
        time: time_of(line),
        cr_dots: false,
        wire: None,
    }
}

/// Asterisk chan_sip: `Got SIP response 486 "Busy Here" back from 203.0.113.7:5060`.
fn asterisk_response(line: &str, _: &mut Context) -> Option<Recognised> {
    if !has(line, "Got SIP response") {
        return None;
    }
    let c = rx().ast_response.captures(line)?;
    Some(Recognised {
        start: response(&c[1], &c[2])?,
        frame: frame(line, Some(Dir::Received), Some(normalise(&c[3])), None),
        event: event_of(LogSource::Asterisk, line),
    })
}

/// FreeSWITCH: `Channel sofia/internal/1000@host entering state [terminated][486]`. The
/// line does not say who sent the response.
fn freeswitch_state(line: &str, _: &mut Context) -> Option<Recognised> {
    if !has(line, "entering state [") {
        return None;
    }
    let c = rx().fs_state.captures(line)?;
    let start = response(&c[3], "")?;
    let mut e = event_of(LogSource::FreeSwitch, line);
    e.method = Some("INVITE".into());
    e.channel = Some(c[1].to_string());
    Some(Recognised {
        start,
        frame: frame(line, None, None, None),
        event: e,
    })
}

/// sofia-sip (FreeSWITCH, drachtio, Flexisip): `nta: received 183 Session Progress for
/// INVITE (32)`, `nta: sent 200 OK for BYE (461679504)`.
fn sofia_nta(line: &str, _: &mut Context) -> Option<Recognised> {
    if !has(line, "nta: ") {
        return None;
    }
    let c = rx().nta.captures(line)?;
    let dir = if &c[1] == "sent" {
        Dir::Sent
    } else {
        Dir::Received
    };
    let mut e = event_of(LogSource::FreeSwitch, line);
    e.method = Some(c[4].to_string());
    e.cseq = c[5].parse().ok();
    Some(Recognised {
        start: response(&c[2], &c[3])?,
        frame: frame(line, Some(dir), None, None),
        event: e,
    })
}

/// pjsua / PJSIP: `TX 812 bytes Request msg INVITE/cseq=1834 (tdta…) to UDP a:p:`,
/// `Incoming Response msg 603/INVITE/cseq=32120 (rdata…) in state Proceeding`,
/// `Processing incoming message: Response msg 180/INVITE/cseq=2952`. A request "created"
/// is not sent yet: the TX line that follows reports it.
fn pjsip_message(line: &str, _: &mut Context) -> Option<Recognised> {
    if !has(line, " msg ") || !has(line, "cseq=") || has(line, ") created") {
        return None;
    }
    let r = rx();
    let c = r.pj_msg.captures(line)?;
    let method = c[3].to_string();
    let start = if &c[1] == "Request" {
        request(&method, "")
    } else {
        response(c.get(2)?.as_str(), "")?
    };
    let (dir, src, dst) = if let Some(t) = r.pj_to.captures(line) {
        (Some(Dir::Sent), None, Some(normalise(&t[1])))
    } else if let Some(f) = r.pj_from.captures(line) {
        (Some(Dir::Received), Some(normalise(&f[1])), None)
    } else if has(line, "ncoming") {
        (Some(Dir::Received), None, None)
    } else {
        (None, None, None)
    };
    let mut e = event_of(LogSource::Pjsip, line);
    e.method = Some(method);
    e.cseq = c[4].parse().ok();
    Some(Recognised {
        start,
        frame: frame(line, dir, src, dst),
        event: e,
    })
}

/// A SIPp screen row. A client scenario writes `INVITE ---------->` (sent) and
/// `180 <----------` (received); a server scenario `----------> INVITE` (received) and
/// `<---------- 180` (sent). The first number is how many went through; a row with 0
/// is what the scenario expected and never got.
fn sipp_row(line: &str, cx: &mut Context) -> Option<Recognised> {
    if !has(line, "-----") {
        return None;
    }
    let r = rx();
    let (label, arrow, count) = if let Some(c) = r.sipp_out.captures(line) {
        let sent = c[2].ends_with('>');
        (c[1].to_string(), sent, c[3].to_string())
    } else {
        let c = r.sipp_in.captures(line)?;
        let sent = c[1].starts_with('<');
        (c[2].to_string(), sent, c[3].to_string())
    };
    let start = if label.as_bytes()[0].is_ascii_digit() {
        response(&label, "")?
    } else {
        cx.sipp_request = Some(label.clone());
        request(&label, "")
    };
    let mut e = event_of(LogSource::Sipp, line);
    e.method = match &start {
        Start::Request { method, .. } => Some(method.clone()),
        Start::Response { .. } => cx.sipp_request.clone(),
    };
    // A message SIPp was to send and did not is no evidence; one it waited for is.
    e.expected_only = count == "0" && !arrow;
    if count == "0" && arrow {
        return None;
    }
    let dir = if arrow { Dir::Sent } else { Dir::Received };
    Some(Recognised {
        start,
        frame: Frame {
            dir: Some(dir),
            ..Frame::default()
        },
        event: e,
    })
}

/// A Wireshark or tshark packet list row: `12  0.0012  10.0.0.1  10.0.0.2  SIP  520
/// Request: REGISTER sip:…` or `… Status: 401 Unauthorized`. The list gives addresses
/// without ports.
fn wireshark_row(line: &str, cx: &mut Context) -> Option<Recognised> {
    if !has(line, "Request: ") && !has(line, "Status: ") {
        return None;
    }
    let c = rx().ws_row.captures(line)?;
    let start = match (c.get(4), c.get(5), c.get(6)) {
        (Some(m), Some(uri), _) => request(m.as_str(), uri.as_str()),
        (_, _, Some(code)) => response(code.as_str(), c.get(7).map_or("", |m| m.as_str()))?,
        _ => return None,
    };
    let host = |s: &str| addr(s, None);
    let (src, dst) = (host(&c[2]), host(&c[3]));
    let mut e = event_of(LogSource::Wireshark, line);
    e.method = pair(cx, &start, &src, &dst);
    Some(Recognised {
        start,
        frame: Frame {
            src: Some(src),
            dst: Some(dst),
            dir: None,
            time: Some(c[1].to_string()),
            cr_dots: false,
            wire: None,
        },
        event: e,
    })
}

/// Pairs a message of a list or drawing that names no CSeq with the others: a request is
/// remembered; a response answers the last request sent the other way between the same two
/// hosts, and a final response closes it. Returns the method a response answers.
fn pair(cx: &mut Context, start: &Start, src: &str, dst: &str) -> Option<String> {
    match start {
        Start::Request { method, .. } if method != "ACK" => {
            if cx.list_requests.len() >= 16 {
                cx.list_requests.remove(0);
            }
            cx.list_requests
                .push((src.to_string(), dst.to_string(), method.clone()));
            None
        }
        Start::Request { .. } => None,
        Start::Response { code, .. } => {
            let i = cx
                .list_requests
                .iter()
                .rposition(|(s, d, _)| s == dst && d == src)?;
            let method = cx.list_requests[i].2.clone();
            // A final response closes its transaction: the next answers an older one.
            if *code >= 200 {
                cx.list_requests.remove(i);
            }
            Some(method)
        }
    }
}

/// baresip: `call: SIP Progress: 180 Ringing (/)`, `sip:…: session closed: 486 Busy Here`.
fn baresip(line: &str, _: &mut Context) -> Option<Recognised> {
    let r = rx();
    let invite = |start: Start, dir: Option<Dir>, dst: Option<String>| {
        let mut e = event_of(LogSource::Baresip, line);
        e.method = Some("INVITE".into());
        Recognised {
            start,
            frame: frame(line, dir, None, dst),
            event: e,
        }
    };
    if has(line, "SIP Progress: ") {
        let c = r.bs_progress.captures(line)?;
        return Some(invite(response(&c[1], &c[2])?, Some(Dir::Received), None));
    }
    if has(line, "session closed: ") {
        let c = r.bs_closed.captures(line)?;
        return Some(invite(response(&c[1], &c[2])?, None, None));
    }
    None
}

impl Context {
    /// Whether `line` belongs to a drawn ladder being read (a label above its arrow, a
    /// note between the bars): the ladder tells its messages from the arrows, so nothing
    /// else should read a message out of such a line.
    pub(crate) fn in_ladder(&self, line: &str) -> bool {
        self.ladder.width > 0 && has_bar(line)
    }
}

/// Whether a line may be part of a drawn ladder: a column bar.
fn has_bar(line: &str) -> bool {
    let b = line.as_bytes();
    // `│` is E2 94 82 in UTF-8: look for it only where an E2 byte is.
    memchr::memchr(b'|', b).is_some() || (memchr::memchr(0xE2, b).is_some() && has(line, "│"))
}

/// A ladder drawn in text, as in RFC 3261 §24 and RFC 3665 or an sngrep-style paste:
/// `|--- INVITE --->|`, `│←─── 401 Unauthorized ─────│`, or the RFC's label on the line
/// above its arrow (`|    INVITE F1   |` then `|--------------->|`). The arrow gives the
/// direction; the columns stand for the parties, named by their order (`column 1`…).
/// Flow labels (`F3`) and notes in parentheses are left out of the label. A line may hold
/// several arrows: they are given out one a line, in order.
fn ladder(line: &str, cx: &mut Context) -> Option<Recognised> {
    let l = &mut cx.ladder;
    if !has_bar(line) {
        if !l.prev.is_empty() {
            l.prev.clear();
        }
        if l.queued.is_empty() {
            l.columns.clear();
            l.width = 0;
        }
        return l.queued.pop_front();
    }
    let chars: Vec<char> = line.chars().take(400).collect();
    let bars: Vec<usize> = (0..chars.len())
        .filter(|&i| matches!(chars[i], '|' | '│'))
        .collect();
    if bars.len() > l.width && bars.len() <= 16 {
        l.width = bars.len();
        l.columns = bars.clone();
    }
    let shaft = has(line, "--") || has(line, "──");
    if bars.len() < 2 || !shaft {
        l.prev = chars;
        return l.queued.pop_front();
    }
    let mut found = Vec::new();
    for w in bars.windows(2) {
        let (b0, b1) = (w[0], w[1]);
        let cell: String = chars[b0 + 1..b1].iter().collect();
        let Some((right, inline)) = arrow(cell.trim()) else {
            continue;
        };
        let above: String = l
            .prev
            .get(b0 + 1..b1.min(l.prev.len()))
            .map(|s| s.iter().filter(|c| !matches!(c, '|' | '│')).collect())
            .unwrap_or_default();
        let Some(start) = label(&inline).or_else(|| label(&above)) else {
            continue;
        };
        let col = |b: usize| {
            let i = if bars.len() == l.width {
                bars.iter().position(|&x| x == b)
            } else {
                l.columns.iter().position(|&c| c.abs_diff(b) <= 1)
            };
            // A bar that no column has: the nearest one.
            let i = i.unwrap_or_else(|| {
                (0..l.columns.len())
                    .min_by_key(|&k| l.columns[k].abs_diff(b))
                    .unwrap_or(0)
            });
            format!("column {}", i + 1)
        };
        let (src, dst) = if right {
            (col(b0), col(b1))
        } else {
            (col(b1), col(b0))
        };
        found.push((start, src, dst));
    }
    l.prev = chars;
    for (start, src, dst) in found {
        let mut e = event_of(LogSource::Ladder, line);
        e.method = pair(cx, &start, &src, &dst);
        if cx.ladder.queued.len() < 64 {
            cx.ladder.queued.push_back(Recognised {
                start,
                frame: Frame {
                    src: Some(src),
                    dst: Some(dst),
                    ..Frame::default()
                },
                event: e,
            });
        }
    }
    cx.ladder.queued.pop_front()
}

/// An arrow's shaft between two bars: which way it points, and any label drawn on it. An
/// arrow with heads at both ends (a media session) is no message.
fn arrow(cell: &str) -> Option<(bool, String)> {
    let (left, rest) = match cell.strip_prefix(['<', '←', '◀']) {
        Some(r) => (true, r),
        None => (false, cell),
    };
    let (right, body) = match rest.strip_suffix(['>', '→', '▶']) {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if left == right {
        return None;
    }
    let dash = |c: char| c == '-' || c == '─';
    let shaft = body.chars().filter(|&c| dash(c)).count();
    if shaft < 3 || !body.starts_with(dash) || !body.ends_with(dash) {
        return None;
    }
    Some((right, body.trim_matches(dash).trim().to_string()))
}

/// A ladder label: a method or a code with its reason, without flow numbers (`F3`, `(1)`)
/// or notes in parentheses (`(SDP)`, `(no auth)`).
fn label(text: &str) -> Option<Start> {
    let text = text.split('(').next().unwrap_or("");
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            !(w.len() >= 2
                && w.starts_with('F')
                && w[1..]
                    .trim_end_matches(['.', ':'])
                    .bytes()
                    .all(|b| b.is_ascii_digit()))
        })
        .collect();
    let first = *words.first()?;
    if first.len() == 3 && first.bytes().all(|b| b.is_ascii_digit()) {
        return response(first, &words[1..].join(" "));
    }
    METHODS
        .contains(&first)
        .then(|| request(first, &words[1..].join(" ")))
}

/// Kamailio and OpenSIPS `tm`: `t_should_relay_response(): ->>>>>>>>> T_code=0,
/// new_code=180` (Kamailio), `DBG:tm:t_should_relay_response: T_code=183, new_code=487`
/// (OpenSIPS), printed once for each reply the proxy receives on a branch. Kamailio's usual
/// log prefix `{2 12375830 INVITE <call-id>}` (message type, CSeq, method, Call-ID, at times
/// the route name after them) names the transaction when the configuration sets it.
fn kamailio_tm(line: &str, _: &mut Context) -> Option<Recognised> {
    if !has(line, "T_code=") {
        return None;
    }
    let r = rx();
    let c = r.tm_relay.captures(line)?;
    let mut e = event_of(LogSource::Kamailio, line);
    if let Some(p) = r.kam_prefix.captures(line) {
        e.cseq = p[2].parse().ok();
        e.method = Some(p[3].to_string());
        e.call_id = Some(p[4].to_string());
    }
    Some(Recognised {
        start: response(&c[2], "")?,
        frame: frame(line, Some(Dir::Received), None, None),
        event: e,
    })
}

/// The Janus SIP plugin: its events as JSON (`{"event":"hangup","code":486,"reason":"Busy
/// Here"}`, `{"event":"proceeding","code":180}`, `registration_failed`) and its sofia-sip
/// callback lines (`[2001][nua_r_register]: 401 Unauthorized`, `[nua_i_state]: 486 Busy
/// Here`). A `nua_r_…` line is a response Janus received; `nua_i_state` reports the call's
/// state with the code of either side, so it has no direction.
fn janus(line: &str, _: &mut Context) -> Option<Recognised> {
    let r = rx();
    if has(line, "\"event\"") && has(line, "\"code\"") {
        let c = r.janus_json.captures(line)?;
        let (method, dir) = match &c[1] {
            "registration_failed" => ("REGISTER", Some(Dir::Received)),
            "unregistration_failed" => ("REGISTER", Some(Dir::Received)),
            "declining" => ("INVITE", Some(Dir::Sent)),
            "missed_call" => ("INVITE", Some(Dir::Sent)),
            _ => ("INVITE", None),
        };
        let mut e = event_of(LogSource::Janus, line);
        e.method = Some(method.into());
        e.call_id = r.json_str.captures(line).map(|m| m[1].to_string());
        return Some(Recognised {
            start: response(&c[2], c.get(3).map_or("", |m| m.as_str()))?,
            frame: frame(line, dir, None, None),
            event: e,
        });
    }
    if !has(line, "[nua_") {
        return None;
    }
    let c = r.janus_nua.captures(line)?;
    let kind = &c[1];
    let method = match kind {
        "r_register" | "r_unregister" => "REGISTER",
        "i_state" | "r_invite" => "INVITE",
        other => other.strip_prefix("r_").unwrap_or(other),
    };
    let dir = (kind != "i_state").then_some(Dir::Received);
    let mut e = event_of(LogSource::Janus, line);
    e.method = Some(method.to_ascii_uppercase());
    Some(Recognised {
        start: response(&c[2], &c[3])?,
        frame: frame(line, dir, None, None),
        event: e,
    })
}

/// pjsua's account lines about a REGISTER's final response: `sip:3395@10.63.16.2:
/// registration success, status=200 (OK), will re-register in 600 seconds`, `SIP
/// registration failed, status=403 (Device not whitelisted)`.
fn pjsua_registration(line: &str, _: &mut Context) -> Option<Recognised> {
    if !has(line, ", status=") {
        return None;
    }
    let c = rx().pj_reg.captures(line)?;
    let mut e = event_of(LogSource::Pjsip, line);
    e.method = Some("REGISTER".into());
    Some(Recognised {
        start: response(&c[2], &c[3])?,
        frame: frame(line, Some(Dir::Received), None, None),
        event: e,
    })
}

/// FreeSWITCH's gateway registration (sofia_reg.c): `webex Failed Registration with status
/// DNS Error [503]`, then `webex Failed Registration [503], setting retry to 30 seconds.`
/// The second repeats the first. Codes above 699 (`[904]`, `[908]`) are sofia-sip's own
/// statuses, not SIP responses, and are left alone.
fn sofia_registration(line: &str, cx: &mut Context) -> Option<Recognised> {
    if !has(line, "ailed ") || !(has(line, "ailed Registration") || has(line, "ailed registration"))
    {
        return None;
    }
    let c = rx().sofia_reg.captures(line)?;
    let start = response(&c[3], c.get(2).map_or("", |m| m.as_str()));
    let code = match &start {
        Some(Start::Response { code, .. }) => Some(*code),
        _ => None,
    };
    let repeated =
        c.get(2).is_none() && cx.sofia_reg_failed.is_some() && cx.sofia_reg_failed == code;
    cx.sofia_reg_failed = if c.get(2).is_some() { code } else { None };
    if repeated {
        return None;
    }
    let mut e = event_of(LogSource::FreeSwitch, line);
    e.method = Some("REGISTER".into());
    e.channel = c.get(1).map(|g| format!("gateway {}", g.as_str()));
    Some(Recognised {
        start: start?,
        frame: frame(line, Some(Dir::Received), None, None),
        event: e,
    })
}

/// Registration responses in Asterisk's and baresip's words: res_pjsip_outbound_registration's
/// `Fatal response '401' received from 'sip:192.168.1.2' on registration attempt to …` and
/// `Received REGISTER response 200(OK)`, and
/// baresip's `user@host: {0/UDP/v4} 200 OK (Asterisk PBX 13.1.0) [1 binding]`.
fn asterisk_registration(line: &str, _: &mut Context) -> Option<Recognised> {
    let r = rx();
    if has(line, " response") && (has(line, " response '") || has(line, "REGISTER response ")) {
        let c = r.ast_reg.captures(line)?;
        let mut e = event_of(LogSource::Asterisk, line);
        e.method = Some("REGISTER".into());
        let (start, src) = match (c.get(1), c.get(2)) {
            (Some(code), Some(from)) => (response(code.as_str(), ""), Some(addr_of(from.as_str()))),
            _ => (
                response(c.get(3)?.as_str(), c.get(4).map_or("", |m| m.as_str())),
                None,
            ),
        };
        return Some(Recognised {
            start: start?,
            frame: frame(line, Some(Dir::Received), src, None),
            event: e,
        });
    }
    if !has(line, " binding") {
        return None;
    }
    let c = r.bs_reg.captures(line)?;
    let mut e = event_of(LogSource::Baresip, line);
    e.method = Some("REGISTER".into());
    Some(Recognised {
        start: response(&c[1], &c[2])?,
        frame: frame(line, Some(Dir::Received), None, None),
        event: e,
    })
}

/// A host or `host:port` from a SIP URI's host part, in the form the other readers use.
fn addr_of(hostport: &str) -> String {
    let h = hostport.rsplit('@').next().unwrap_or(hostport);
    match h.rsplit_once(':') {
        Some((host, port))
            if !host.is_empty()
                && !host.ends_with(':')
                && port.bytes().all(|b| b.is_ascii_digit()) =>
        {
            addr(host, Some(port))
        }
        _ => addr(h, None),
    }
}

/// The registration result that softphone libraries wrapped in mobile apps log: the
/// pjsip-android wrapper's `Sip Reg Info - Code: 408, Reason: Request Timeout, Exp: 1`
/// (VoiSmart/pjsip-android#216) and dart-sip-ua's `registrationFailed => Code: [408], Cause:
/// Unavailable, Reason: Request Timeout` (flutter-webrtc/dart-sip-ua#431). The response to
/// a REGISTER, received (or made up by the library's own transaction on a timeout).
fn app_registration(line: &str, _: &mut Context) -> Option<Recognised> {
    if !has(line, "Code: ") || !(has(line, "Reg Info") || has(line, "registrationFailed")) {
        return None;
    }
    let c = rx().app_reg.captures(line)?;
    let mut e = event_of(LogSource::AppLog, line);
    e.method = Some("REGISTER".into());
    Some(Recognised {
        start: response(&c[1], c[2].trim())?,
        frame: frame(line, Some(Dir::Received), None, None),
        event: e,
    })
}

/// The accounting records of Kamailio's and OpenSIPS's `acc` module in syslog: `ACC:
/// transaction answered: timestamp=…;method=BYE;from_tag=…;call_id=…;code=200;reason=OK`
/// (altanai/blockchain_webrtc_voip, skeita96/Test-Kamailio), `ACC: call missed: …code=487`.
/// The final reply of the transaction the proxy accounted, for its method and Call-ID; the
/// record does not say which side sent it. Older releases separate the fields with commas.
fn accounting(line: &str, _: &mut Context) -> Option<Recognised> {
    if !has(line, "ACC: ") || !has(line, "code=") {
        return None;
    }
    let r = rx();
    r.acc_kind.find(line)?;
    let code = r.acc_code.captures(line)?;
    let reason = r.acc_reason.captures(line);
    let mut e = event_of(LogSource::Kamailio, line);
    e.method = r.acc_method.captures(line).map(|m| m[1].to_string());
    e.call_id = r.acc_call_id.captures(line).map(|m| m[1].to_string());
    Some(Recognised {
        start: response(&code[1], reason.as_ref().map_or("", |m| m[1].trim()))?,
        frame: frame(line, None, None, None),
        event: e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Recognised {
        event(line, &mut Context::default()).unwrap_or_else(|| panic!("not read: {line}"))
    }

    fn code(r: &Recognised) -> Option<u16> {
        match r.start {
            Start::Response { code, .. } => Some(code),
            Start::Request { .. } => None,
        }
    }

    #[test]
    fn each_family_reads_its_lines() {
        let r = one(r#"    -- Got SIP response 486 "Busy Here" back from 54.172.60.3:5060"#);
        assert_eq!(code(&r), Some(486));
        assert_eq!(r.frame.src.as_deref(), Some("54.172.60.3:5060"));
        let r = one("2016-11-07 22:16:00.113300 [DEBUG] sofia.c:6965 Channel sofia/internal/1281@209.209.209.209 entering state [received][100]");
        assert_eq!(code(&r), Some(100));
        assert_eq!(
            r.event.channel.as_deref(),
            Some("sofia/internal/1281@209.209.209.209")
        );
        let r = one(
            "nta.c:3469 agent_recv_response() nta: received 183 Session Progress for INVITE (32)",
        );
        assert_eq!((code(&r), r.event.cseq), (Some(183), Some(32)));
        let r = one("D/PJSIP: 11:59:39.498 tsx0x7edf8d90a  .Incoming Response msg 603/INVITE/cseq=32120 (rdata0x7ed2f06340) in state Proceeding");
        assert_eq!((code(&r), r.frame.dir), (Some(603), Some(Dir::Received)));
        let r = one("pjsua_core.c  .TX 812 bytes Request msg INVITE/cseq=1834 (tdta0x7f3a10) to UDP 10.0.0.2:5060:");
        assert_eq!(r.frame.dst.as_deref(), Some("10.0.0.2:5060"));
        let r = one("         401 <----------  E-RTD1 0         0         0         1");
        assert!(r.event.expected_only);
        let r =
            one("13\t-17.448670\t10.10.10.48\t10.10.10.60\tSIP\t571\tStatus: 401 Unauthorized | ");
        assert_eq!(r.frame.src.as_deref(), Some("10.10.10.48:5060"));
        let r = one("sip:XXXXXX@192.168.21.200: session closed: 486 Rejected");
        assert_eq!(code(&r), Some(486));
    }

    #[test]
    fn registration_proxy_and_gateway_lines_are_read() {
        let mut cx = Context::default();
        let r = one("Mar 12 10:01:10 lb opensips[51971]: DBG:tm:t_should_relay_response: T_code=183, new_code=500");
        assert_eq!((code(&r), r.frame.dir), (Some(500), Some(Dir::Received)));
        assert_eq!(r.event.source, LogSource::Kamailio);
        let r = one("20(1926) DEBUG: {2 12375830 INVITE 4a68@48.146.161.153:5060} tm [t_reply.c:1232]: t_should_relay_response(): ->>>>>>>>> T_code=0, new_code=180");
        assert_eq!(
            (
                r.event.cseq,
                r.event.method.as_deref(),
                r.event.call_id.as_deref()
            ),
            (
                Some(12375830),
                Some("INVITE"),
                Some("4a68@48.146.161.153:5060")
            )
        );
        let r =
            one(r#"{"sip":"event","result":{"event":"hangup","code":486,"reason":"Busy Here"}}"#);
        assert_eq!(code(&r), Some(486));
        let r = one("[2001][nua_r_register]: 401 Unauthorized");
        assert_eq!(
            (code(&r), r.event.method.as_deref()),
            (Some(401), Some("REGISTER"))
        );
        let r =
            one("pjsua_acc.c  ....SIP registration failed, status=403 (Device not whitelisted)");
        assert_eq!(
            (code(&r), r.event.method.as_deref()),
            (Some(403), Some("REGISTER"))
        );
        let r = one("[Nov 15 16:38:07] DEBUG[33843] res_pjsip_outbound_registration.c: Received REGISTER response 200(OK)");
        assert_eq!(code(&r), Some(200));
        let r = one("holdenc@sip.linphone.org: {0/UDP/v4} 200 Registration successful (Flexisip/2.0.0) [1 binding]");
        assert_eq!(code(&r), Some(200));
        // FreeSWITCH repeats a failed registration on the next line: one event.
        let first = "sofia_reg.c:2661 webex Failed Registration with status DNS Error [503]";
        let again = "sofia_reg.c:520 webex Failed Registration [503], setting retry to 30 seconds.";
        assert!(event(first, &mut cx).is_some());
        assert!(event(again, &mut cx).is_none());
        // sofia-sip's own statuses above 699 are no SIP response.
        assert!(event(
            "fonial Failed Registration [904], setting retry to 30 seconds.",
            &mut cx
        )
        .is_none());
        let h = hangup("mod_sofia.c:469 Channel sofia/internal/703@pbx.example hanging up, cause: NORMAL_CLEARING");
        assert_eq!(h.map(|h| h.name), Some("NORMAL_CLEARING".to_string()));
    }

    #[test]
    fn app_registration_and_accounting_lines_are_read() {
        let r = one("I  Sip Reg Info - Code: 408, Reason: Request Timeout, Exp: 1, Status: 0");
        assert_eq!(
            (code(&r), r.event.method.as_deref(), r.event.source),
            (Some(408), Some("REGISTER"), LogSource::AppLog)
        );
        let r = one("sip_ua_helper.dart:183 ::: registrationFailed => Code: [408], Cause: Unavailable, Reason: Request Timeout");
        assert_eq!(code(&r), Some(408));
        let r = one("acc_log_request(): ACC: transaction answered: timestamp=1604565560;method=BYE;from_tag=12c35q3n42;to_tag=9p3sh1v9bv;call_id=ub2ds9fg5jhuc0g9jinb;code=200;reason=OK");
        assert_eq!(
            (
                code(&r),
                r.event.method.as_deref(),
                r.event.call_id.as_deref(),
                r.frame.dir
            ),
            (Some(200), Some("BYE"), Some("ub2ds9fg5jhuc0g9jinb"), None)
        );
        let mut cx = Context::default();
        for l in [
            "onRegistration - accountID: sip:200, registrationStateCode: 408",
            "Sip Reg Info - Code: 999, Reason: Nothing",
            "ACC: transaction answered: method=BYE;call_id=x",
            "if logs.find('ACC: call missed:') != -1: accDict['code'] == '500'",
        ] {
            assert!(event(l, &mut cx).is_none(), "{l}");
        }
    }

    #[test]
    fn lines_that_only_look_alike_are_left_alone() {
        let mut cx = Context::default();
        for l in [
            "endpoint  ..Request msg ACK/cseq=32120 (tdta0x7edc9ff000) created.",
            "Channel sofia/internal/1000@x entering state [calling][0]",
            "Got SIP response 486 busy here",
            "-----------------------------------------------",
            "Content-Length: 0",
        ] {
            assert!(event(l, &mut cx).is_none(), "{l}");
        }
    }
}
