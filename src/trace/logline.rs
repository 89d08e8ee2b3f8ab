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

use super::frame::{addr, normalise, Dir, Frame, Start};

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
    /// A status or request line pasted without its headers.
    StartLine,
    /// A log line of no family above that states a response (`Code: 408, Reason: …`).
    Other,
    /// A sentence of the text that states a response.
    Prose,
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
}

/// A recognised line: the message's start line, the frame (addresses, direction, time) and
/// the event details.
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
}

type Rule = fn(&str, &mut Context) -> Option<Recognised>;

/// The recognisers, in order. A line is given to each until one takes it.
const RULES: [Rule; 7] = [
    asterisk_response,
    freeswitch_state,
    sofia_nta,
    pjsip_message,
    sipp_row,
    wireshark_row,
    baresip,
];

/// Lines longer than this are not log lines about one message.
const MAX_EVENT_LINE: usize = 2_000;

pub(crate) fn event(line: &str, cx: &mut Context) -> Option<Recognised> {
    if line.len() > MAX_EVENT_LINE || !line.bytes().any(|b| b.is_ascii_digit()) {
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
/// line it prints when a channel hangs up (its state, then its cause name).
pub(crate) fn hangup(line: &str) -> Option<HangupLine> {
    if line.len() > MAX_EVENT_LINE || !has(line, "Hangup ") {
        return None;
    }
    let c = rx().fs_hangup.captures(line)?;
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
    match &start {
        Start::Request { method, .. } if method != "ACK" => {
            if cx.list_requests.len() >= 16 {
                cx.list_requests.remove(0);
            }
            cx.list_requests
                .push((src.clone(), dst.clone(), method.clone()));
        }
        Start::Request { .. } => {}
        Start::Response { code, .. } => {
            let open = cx
                .list_requests
                .iter()
                .rposition(|(s, d, _)| *s == dst && *d == src);
            if let Some(i) = open {
                e.method = Some(cx.list_requests[i].2.clone());
                // A final response closes its transaction: the next answers an older one.
                if *code >= 200 {
                    cx.list_requests.remove(i);
                }
            }
        }
    }
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
