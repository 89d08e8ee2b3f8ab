//! From raw messages to calls: who sent what to whom, which messages are retransmissions,
//! the roles, the notes (Reason, Warning, Retry-After) and the outcome.
//!
//! Addresses come from the log when it gives them (`from UDP:a:p`, `a:p -> b:p`); a log
//! written by one host ("received from", "sent to") has that host on the other end, and
//! its address is the top Via of what it sends. Bare messages fall back on the headers:
//! a request goes from its top Via to its Route or Request-URI, a response back the way its
//! request came.

use std::collections::{HashMap, HashSet};

use super::outcome::{leading_number, outcome, split_list};
use super::parse::{self, Dir, RawMessage, Start};
use super::{
    sdp, Call, Diagnosis, Gap, Header, LogLine, LogSource, Message, Note, Outcome, Participant,
    Privacy, Role, RoleOf, StartLine, Trace,
};

/// A call being collected.
pub(super) struct Building {
    pub call_id: String,
    pub raw: Vec<(usize, RawMessage)>,
    pub dropped: usize,
}

impl Building {
    pub fn new(call_id: String) -> Building {
        Building {
            call_id,
            raw: Vec::new(),
            dropped: 0,
        }
    }
}

/// `host:port` of a Via's sent-by; with `reply`, where a response goes (`received`, `rport`).
fn via_sent_by(via: &str, reply: bool) -> Option<String> {
    let top = via.split(',').next()?.trim();
    let (_, rest) = top.split_once(char::is_whitespace)?;
    let mut parts = rest.trim().split(';');
    let sent_by = parts.next()?.trim();
    let params: Vec<&str> = parts.collect();
    let param = |name: &str| {
        params.iter().find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    };
    let (host, port) = split_host_port(sent_by)?;
    if reply {
        let host = param("received").unwrap_or(host);
        let port = param("rport").filter(|p| !p.is_empty()).or(port);
        return Some(parse::addr(host, port));
    }
    Some(parse::addr(host, port))
}

fn via_param(via: &str, name: &str) -> Option<String> {
    let top = via.split(',').next()?;
    top.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_string())
    })
}

/// `host` and optional port of `host:port`, `[v6]:port`, `[v6]`.
fn split_host_port(s: &str) -> Option<(&str, Option<&str>)> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(rest) = s.strip_prefix('[') {
        let (h, after) = rest.split_once(']')?;
        return Some((h, after.strip_prefix(':')));
    }
    match s.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && p.bytes().all(|b| b.is_ascii_digit()) => {
            Some((h, Some(p)))
        }
        Some(_) => Some((s, None)),
        None => Some((s, None)),
    }
}

/// `host:port` of a SIP URI (`sip:user@host:port;params`, in angle brackets or not).
pub(super) fn uri_host_port(uri: &str) -> Option<String> {
    let u = match uri.find('<') {
        Some(i) => uri[i + 1..].split('>').next().unwrap_or(""),
        None => uri,
    };
    let u = u.trim();
    let rest = u
        .strip_prefix("sip:")
        .or_else(|| u.strip_prefix("sips:"))
        .or_else(|| u.strip_prefix("SIP:"))?;
    let rest = rest.split([';', '?', '>', ' ']).next()?;
    let hostport = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let (host, port) = split_host_port(hostport)?;
    Some(parse::addr(host, port))
}

/// The `tag` parameter of a From or To header.
fn tag(v: &str) -> Option<&str> {
    let after = v.rsplit_once('>').map_or(v, |(_, a)| a);
    after.split(';').skip(1).find_map(|p| {
        let (k, val) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("tag").then(|| val.trim())
    })
}

/// A message before its addresses are known.
struct Draft {
    index: usize,
    raw: RawMessage,
    cseq: Option<u32>,
    method: String,
    branch: Option<String>,
}

fn draft(index: usize, raw: RawMessage) -> Draft {
    let cseq_h = raw.header("CSeq").unwrap_or("");
    let mut parts = cseq_h.split_whitespace();
    let mut cseq = parts.next().and_then(|n| n.parse().ok());
    let mut said = parts.next().map(str::to_ascii_uppercase);
    if let Some(e) = &raw.event {
        cseq = e.cseq;
        said = e.method.clone();
    }
    let method = match (&raw.start, said) {
        (_, Some(m)) => m,
        (Start::Request { method, .. }, None) => method.clone(),
        (Start::Response { .. }, None) => String::new(),
    };
    let branch = raw.header("Via").and_then(|v| via_param(v, "branch"));
    Draft {
        index,
        raw,
        cseq,
        method,
        branch,
    }
}

fn is_request(d: &Draft) -> bool {
    matches!(d.raw.start, Start::Request { .. })
}

/// The log host's own address: the top Via of what it sends (requests it sent, responses it
/// received). The most frequent one wins.
fn local_address(calls: &[Vec<Draft>]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for d in calls.iter().flatten() {
        let f = &d.raw.frame;
        let sent = f.dir == Some(Dir::Sent) && f.src.is_none();
        let received = f.dir == Some(Dir::Received) && f.dst.is_none();
        // Its Via is the best witness; the Contact of its responses and the Request-URI of
        // what it receives are weaker ones (a domain, an alias), used when nothing else is.
        let (found, weight) = match &d.raw.start {
            Start::Request { .. } if sent => {
                (d.raw.header("Via").and_then(|v| via_sent_by(v, false)), 4)
            }
            Start::Response { .. } if received => {
                (d.raw.header("Via").and_then(|v| via_sent_by(v, false)), 4)
            }
            Start::Response { .. } if sent => (d.raw.header("Contact").and_then(uri_host_port), 1),
            Start::Request { uri, .. } if received && d.method != "ACK" => (uri_host_port(uri), 1),
            _ => (None, 0),
        };
        if let Some(a) = found {
            *counts.entry(a).or_default() += weight;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(a, _)| a)
}

type TxKey = (Option<String>, Option<u32>, String);

/// Sender and receiver addresses of each message of a call, in order.
fn addresses(call: &[Draft], local: &str) -> Vec<(String, String)> {
    let mut requests: HashMap<TxKey, (String, String)> = HashMap::new();
    let mut out = Vec::with_capacity(call.len());
    for d in call {
        let f = &d.raw.frame;
        let mut src = f.src.clone();
        let mut dst = f.dst.clone();
        match f.dir {
            Some(Dir::Sent) if src.is_none() => src = Some(local.to_string()),
            Some(Dir::Received) if dst.is_none() => dst = Some(local.to_string()),
            _ => {}
        }
        let key = (d.branch.clone(), d.cseq, d.method.clone());
        let (src, dst) = match &d.raw.start {
            Start::Request { uri, .. } => {
                let src = src
                    .or_else(|| d.raw.header("Via").and_then(|v| via_sent_by(v, false)))
                    .unwrap_or_else(|| "?".into());
                let dst = dst
                    .or_else(|| {
                        let route = d.raw.header("Route")?;
                        uri_host_port(route.split(',').next()?)
                    })
                    .or_else(|| uri_host_port(uri))
                    .unwrap_or_else(|| "?".into());
                // An ACK or CANCEL shares the INVITE's branch: key them by their own method.
                requests.insert(key, (src.clone(), dst.clone()));
                (src, dst)
            }
            Start::Response { .. } => {
                let req = requests.get(&key);
                let dst = dst
                    .or_else(|| req.map(|r| r.0.clone()))
                    .or_else(|| d.raw.header("Via").and_then(|v| via_sent_by(v, true)))
                    .unwrap_or_else(|| "?".into());
                let src = src
                    .or_else(|| req.map(|r| r.1.clone()))
                    .or_else(|| d.raw.header("Contact").and_then(uri_host_port))
                    .or_else(|| d.raw.header("To").and_then(uri_host_port))
                    .unwrap_or_else(|| "?".into());
                (src, dst)
            }
        };
        out.push((src, dst));
    }
    out
}

fn label(i: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    if i < 26 {
        (letters[i] as char).to_string()
    } else {
        format!("Z{}", i - 25)
    }
}

/// Log lines that name no Call-ID join the call they are about: the one whose messages
/// have their CSeq and method, else the only call of whole messages in the paste (a mixed
/// paste is one story). The rest stay calls of their own, by channel or all together.
pub(super) fn merge_log_calls(calls: &mut Vec<Building>) {
    let log_only = |b: &Building| b.raw.iter().all(|(_, r)| r.event.is_some());
    let anonymous = |b: &Building| b.call_id.is_empty() || b.call_id.starts_with('\0');
    let whole: Vec<usize> = (0..calls.len()).filter(|&i| !log_only(&calls[i])).collect();
    if whole.is_empty() {
        return;
    }
    let mut moved = false;
    for i in 0..calls.len() {
        if !(anonymous(&calls[i]) && log_only(&calls[i])) {
            continue;
        }
        for (index, raw) in std::mem::take(&mut calls[i].raw) {
            let sig = raw.signature();
            let by_cseq = sig.cseq.and_then(|_| {
                whole.iter().copied().find(|&w| {
                    calls[w]
                        .raw
                        .iter()
                        .any(|(_, m)| m.event.is_none() && m.signature().same_transaction(&sig))
                })
            });
            match by_cseq.or((whole.len() == 1).then(|| whole[0])) {
                Some(w) => {
                    calls[w].raw.push((index, raw));
                    moved = true;
                }
                None => calls[i].raw.push((index, raw)),
            }
        }
    }
    if moved {
        for &w in &whole {
            calls[w].raw.sort_by_key(|(i, _)| *i);
        }
        calls.retain(|b| !b.raw.is_empty());
    }
}

pub(super) fn finish(
    building: Vec<Building>,
    messages_seen: usize,
    messages_kept: usize,
    calls_seen: usize,
    privacy: Privacy,
) -> Trace {
    let mut drafts: Vec<(String, usize, Vec<Draft>)> = building
        .into_iter()
        .map(|b| {
            let ds = b.raw.into_iter().map(|(i, r)| draft(i, r)).collect();
            (b.call_id, b.dropped, ds)
        })
        .collect();
    drafts.retain(|(_, _, d)| !d.is_empty());
    let lists: Vec<Vec<Draft>> = drafts
        .iter_mut()
        .map(|(_, _, d)| std::mem::take(d))
        .collect();
    let has_dir = lists.iter().flatten().any(|d| d.raw.frame.dir.is_some());
    let local = local_address(&lists);
    let local_key = local.clone().unwrap_or_default();

    let mut participants: Vec<Participant> = Vec::new();
    let mut by_addr: HashMap<String, usize> = HashMap::new();
    let mut intern = |a: &str, participants: &mut Vec<Participant>| -> usize {
        if let Some(&i) = by_addr.get(a) {
            return i;
        }
        let i = participants.len();
        participants.push(Participant {
            label: label(i),
            address: a.to_string(),
            log_host: has_dir && a == local_key,
            agent: None,
        });
        by_addr.insert(a.to_string(), i);
        i
    };

    let mut calls = Vec::new();
    for ((call_id, dropped, _), list) in drafts.into_iter().zip(lists) {
        let addrs = addresses(&list, &local_key);
        let mut seen_keys: HashSet<String> = HashSet::new();
        let mut messages = Vec::with_capacity(list.len());
        let mut expected: Vec<Gap> = Vec::new();
        for (d, (s, t)) in list.into_iter().zip(addrs) {
            if d.raw.event.as_ref().is_some_and(|e| e.expected_only) {
                let label = match &d.raw.start {
                    Start::Request { method, .. } => method.clone(),
                    Start::Response { code, .. } => code.to_string(),
                };
                let gap = Gap::Expected { label };
                if !expected.contains(&gap) {
                    expected.push(gap);
                }
                continue;
            }
            let src = intern(&s, &mut participants);
            let dst = intern(&t, &mut participants);
            let to_tag = d.raw.header("To").and_then(tag).unwrap_or("").to_string();
            let what = match &d.raw.start {
                Start::Request { method, .. } => method.clone(),
                Start::Response { code, .. } => code.to_string(),
            };
            let key = format!(
                "{what}|{:?}|{}|{:?}|{src}|{dst}|{to_tag}",
                d.cseq, d.method, d.branch
            );
            let retransmission = !seen_keys.insert(key);
            let agent = d
                .raw
                .header(if is_request(&d) {
                    "User-Agent"
                } else {
                    "Server"
                })
                .or_else(|| d.raw.header("User-Agent"))
                .map(String::from);
            if let (Some(a), Some(p)) = (agent, participants.get_mut(src)) {
                if p.agent.is_none() && !a.is_empty() {
                    p.agent = Some(a);
                }
            }
            let sdp = if d.raw.body.is_empty() {
                None
            } else {
                sdp::parse(&d.raw.body)
            };
            let start = match d.raw.start {
                Start::Request { method, uri } => StartLine::Request { method, uri },
                Start::Response { code, reason } => StartLine::Response { code, reason },
            };
            messages.push(Message {
                index: d.index,
                line: d.raw.line,
                start,
                cseq: d.cseq,
                method: d.method,
                branch: d.branch,
                headers: d
                    .raw
                    .headers
                    .into_iter()
                    .map(|(name, value)| Header { name, value })
                    .collect(),
                sdp,
                src,
                dst,
                time: d.raw.frame.time,
                retransmission,
                log: d.raw.event.map(|e| LogLine {
                    source: e.source,
                    text: e.text,
                }),
                wire: d.raw.frame.wire,
            });
        }
        if messages.is_empty() {
            continue;
        }
        let mut call = build_call(call_id, messages, dropped);
        if !expected.is_empty() {
            // A scenario that waited for a response did not time out in the trace's
            // terms: it stopped waiting, or got something else.
            if let Outcome::TimedOut {
                method, code: None, ..
            } = &call.outcome
            {
                call.outcome = Outcome::Unfinished {
                    method: method.clone(),
                    last: None,
                };
            }
        }
        call.gaps.extend(expected);
        calls.push(call);
    }
    Trace {
        calls,
        participants,
        messages_seen,
        messages_kept,
        calls_seen,
        privacy,
        redacted: false,
        hangups: Vec::new(),
        mentioned: Vec::new(),
    }
}

fn build_call(call_id: String, mut messages: Vec<Message>, dropped: usize) -> Call {
    // A log line that does not say the method is about the call's own.
    let main = messages
        .iter()
        .find(|m| m.method == "INVITE")
        .or_else(|| messages.iter().find(|m| !m.method.is_empty()))
        .map(|m| m.method.clone());
    if let Some(main) = main {
        for m in messages.iter_mut().filter(|m| m.method.is_empty()) {
            m.method = main.clone();
        }
    }
    let (call_id, channel) = match call_id.strip_prefix('\0') {
        Some(c) => (String::new(), Some(c.to_string())),
        None => (call_id, None),
    };
    let mut lanes = Vec::new();
    for m in &messages {
        for p in [m.src, m.dst] {
            if !lanes.contains(&p) {
                lanes.push(p);
            }
        }
    }
    let mut codes = Vec::new();
    for m in messages.iter().filter(|m| !m.retransmission) {
        if let Some(c) = m.code() {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
    }
    let roles = roles(&messages);
    let notes = notes(&messages);
    let mut call = Call {
        call_id,
        channel,
        messages,
        participants: lanes,
        roles,
        outcome: Outcome::Unknown,
        notes,
        codes,
        dropped,
        decided_by: None,
        diagnoses: Vec::new(),
        gaps: Vec::new(),
    };
    let decided = outcome(&call.messages);
    call.outcome = decided.outcome;
    call.decided_by = decided.by;
    call.gaps = decided.gaps;
    if !call.messages.is_empty() && !call.directed() {
        call.gaps.push(Gap::NoDirections);
    }
    let stated = |m: &Message| {
        m.log
            .as_ref()
            .is_some_and(|l| matches!(l.source, LogSource::Other | LogSource::Prose))
    };
    if call.messages.iter().all(stated) {
        call.gaps.push(Gap::StatedOnly);
    }
    if let Some(code) = decided.auth {
        call.notes.push(Note::Authenticated { code });
    }
    call.diagnoses = diagnoses(&call.messages);
    call
}

/// Causes named from the evidence (see `Diagnosis`).
fn diagnoses(messages: &[Message]) -> Vec<Diagnosis> {
    let mut out = Vec::new();
    let live = || {
        messages
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.retransmission)
    };
    for (i, m) in live() {
        let reasons = m.headers_named("Reason").flat_map(split_list);
        for r in reasons {
            let mut parts = r.split(';');
            let protocol = parts.next().unwrap_or("").trim();
            let cause = parts.find_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("cause")
                    .then(|| leading_number(v))?
            });
            let Some(cause) = cause else { continue };
            match m.code() {
                Some(code) if protocol.eq_ignore_ascii_case("Q.850") && code >= 300 => {
                    if let Some(d) = reason_mismatch(i, code, cause) {
                        out.push(d);
                    }
                }
                None if m.method == "CANCEL"
                    && protocol.eq_ignore_ascii_case("SIP")
                    && cause == 200 =>
                {
                    out.push(Diagnosis::AnsweredElsewhere { message: i });
                }
                _ => {}
            }
        }
        match m.code() {
            Some(408) => {
                let trying = live().find(|(_, t)| {
                    t.code() == Some(100) && t.method == m.method && t.cseq == m.cseq
                });
                if let Some((t, _)) = trying {
                    out.push(Diagnosis::TimeoutPastFirstHop {
                        message: i,
                        trying_from: t,
                    });
                }
            }
            Some(481) => {
                // A re-INVITE: an INVITE after the first one's transaction, in the dialog.
                let first_invite = messages
                    .iter()
                    .find(|x| x.method == "INVITE")
                    .and_then(|x| x.cseq);
                let reinvite = m.method == "INVITE" && m.cseq != first_invite;
                if m.method == "BYE" || reinvite {
                    out.push(Diagnosis::NoDialog {
                        message: i,
                        method: m.method.clone(),
                    });
                }
            }
            _ => {}
        }
        if out.len() >= 8 {
            break;
        }
    }
    out.dedup();
    out
}

/// RFC 3398 both ways: §8.2.6.1 gives the cause a gateway should put in a release for
/// `code`; §7.2.4.1 the response a gateway makes of `cause`. A mismatch both ways means
/// the cause and the code tell different stories (a busy code carrying "normal clearing").
fn reason_mismatch(message: usize, code: u16, cause: u32) -> Option<Diagnosis> {
    let cause8 = u8::try_from(cause).ok()?;
    let map = mapping()?;
    let expected = map.q850_for_sip(code)?;
    if expected == cause8 {
        return None;
    }
    let codes = map.sip_for_q850(cause8);
    if codes.contains(&code) {
        return None;
    }
    Some(Diagnosis::ReasonMismatch {
        message,
        code,
        cause: u16::from(cause8),
        expected,
        codes,
    })
}

/// The catalogue, for the RFC 3398 mapping: loaded once from the embedded data.
fn mapping() -> Option<&'static crate::catalogue::Catalogue> {
    static CAT: std::sync::OnceLock<Option<crate::catalogue::Catalogue>> =
        std::sync::OnceLock::new();
    CAT.get_or_init(|| crate::catalogue::Catalogue::embedded().ok())
        .as_ref()
}

fn roles(messages: &[Message]) -> Vec<RoleOf> {
    let requests: Vec<&Message> = messages
        .iter()
        .filter(|m| m.is_request() && !m.retransmission)
        .collect();
    let Some(first) = requests.first() else {
        return Vec::new();
    };
    // A proxy receives a request and sends the same request (method and CSeq) on to someone
    // other than the one it came from.
    let mut got: HashMap<(&str, Option<u32>, usize), usize> = HashMap::new();
    let mut proxies: Vec<usize> = Vec::new();
    for m in &requests {
        if let Some(&from) = got.get(&(m.method.as_str(), m.cseq, m.src)) {
            if from != m.dst && !proxies.contains(&m.src) {
                proxies.push(m.src);
            }
        }
        got.entry((m.method.as_str(), m.cseq, m.dst))
            .or_insert(m.src);
    }
    let (client, server) = match first.method.as_str() {
        "INVITE" => (Role::Caller, Role::Callee),
        "REGISTER" => (Role::Client, Role::Registrar),
        _ => (Role::Client, Role::Server),
    };
    let mut out: Vec<RoleOf> = proxies
        .iter()
        .map(|&p| RoleOf {
            participant: p,
            role: Role::Proxy,
        })
        .collect();
    if !proxies.contains(&first.src) {
        out.push(RoleOf {
            participant: first.src,
            role: client,
        });
    }
    let end = requests
        .iter()
        .filter(|m| m.method == first.method && m.cseq == first.cseq)
        .map(|m| m.dst)
        .rfind(|d| !proxies.contains(d) && *d != first.src);
    if let Some(d) = end {
        out.push(RoleOf {
            participant: d,
            role: server,
        });
    }
    out
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('"').to_string()
}

fn notes(messages: &[Message]) -> Vec<Note> {
    let mut out: Vec<Note> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (i, m) in messages.iter().enumerate() {
        if m.retransmission {
            continue;
        }
        for v in m.headers_named("Reason") {
            for r in split_list(v) {
                let mut parts = r.split(';');
                let protocol = parts.next().unwrap_or("").trim().to_string();
                let mut cause = None;
                let mut text = None;
                for p in parts {
                    if let Some((k, val)) = p.split_once('=') {
                        match k.trim().to_ascii_lowercase().as_str() {
                            "cause" => cause = leading_number(val),
                            "text" => text = Some(unquote(val)),
                            _ => {}
                        }
                    }
                }
                if let Some(cause) = cause.and_then(|c| u16::try_from(c).ok()) {
                    if seen.insert(format!("r|{protocol}|{cause}|{text:?}")) {
                        out.push(Note::Reason {
                            message: i,
                            protocol,
                            cause,
                            text,
                        });
                    }
                }
            }
        }
        for v in m.headers_named("Warning") {
            for w in split_list(v) {
                let w = w.trim();
                let mut parts = w.splitn(3, ' ');
                let code = parts.next().and_then(|c| c.parse::<u16>().ok());
                let agent = parts.next().unwrap_or("").to_string();
                let text = unquote(parts.next().unwrap_or(""));
                if let Some(code) = code.filter(|c| (300..400).contains(c)) {
                    if seen.insert(format!("w|{code}|{text}")) {
                        out.push(Note::Warning {
                            message: i,
                            code,
                            agent,
                            text,
                        });
                    }
                }
            }
        }
        if let Some(seconds) = m.header("Retry-After").and_then(leading_number) {
            if seen.insert(format!("ra|{seconds}")) {
                out.push(Note::RetryAfter {
                    message: i,
                    seconds,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn via_and_uri_addresses() {
        assert_eq!(
            via_sent_by("SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1", false).as_deref(),
            Some("10.0.0.1:5060")
        );
        assert_eq!(
            via_sent_by(
                "SIP/2.0/UDP 192.168.1.2:5062;rport=40000;received=203.0.113.9;branch=z",
                true
            )
            .as_deref(),
            Some("203.0.113.9:40000")
        );
        assert_eq!(
            uri_host_port("\"Bob\" <sip:bob@[2001:db8::1]:5080;transport=udp>").as_deref(),
            Some("[2001:db8::1]:5080")
        );
        assert_eq!(
            uri_host_port("sip:+15551230000@Gw.Example.com;user=phone").as_deref(),
            Some("gw.example.com:5060")
        );
        assert_eq!(tag("<sip:a@b>;tag=abc;x=1"), Some("abc"));
    }
}
