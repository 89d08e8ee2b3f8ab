//! The header fields a call's story points at: a `Via` and a `Contact` sent from behind NAT,
//! a `Reason`, a session interval refused by `Min-SE`, a `Record-Route` missing where an
//! in-dialog request failed. Plain data read off the messages; the
//! render floor names each header and explains it.

use core::net::IpAddr;

use super::{Call, Message, Note, Outcome};

/// One header the evidence of a call points at, with the message (an index into the call's
/// messages) it was seen in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pointer {
    /// A response's top `Via` has `received=` unlike the private address the sender put in
    /// sent-by: a NAT stands between them (RFC 3261 §18.2.1). `rport` is whether the request
    /// asked to be answered on the port it came from (RFC 3581).
    NatVia {
        message: usize,
        sent_by: String,
        received: String,
        rport: bool,
    },
    /// A request from behind that NAT whose `Contact` holds a private address: requests
    /// sent to it later reach it only if something keeps the NAT binding.
    PrivateContact { message: usize, host: String },
    /// A `Reason` header in the call.
    Reason { message: usize },
    /// A 422: the `Session-Expires` asked for is below the other side's `Min-SE`.
    SessionInterval { message: usize },
    /// An in-dialog request (BYE, re-INVITE…) answered 481 in a call whose INVITE went
    /// through a proxy (`vias` Via values) while neither the INVITE nor a 2xx to it carried
    /// `Record-Route`: the dialog's route set is empty, so in-dialog requests go straight
    /// to the remote `Contact` and the proxy is out of the path (RFC 3261 §12.1.1, §12.1.2,
    /// §16.6 step 4). `message` is the 481.
    NoRecordRoute { message: usize, vias: usize },
    /// The 2xx to the INVITE set a session timer (`Session-Expires: interval`), nothing
    /// refreshed it (no later INVITE or UPDATE in the call), and the BYE came `after`
    /// seconds later, past half the interval, when the refresher should have refreshed
    /// (RFC 4028 §10): the refresh never came. `message` is the BYE.
    NoSessionRefresh {
        message: usize,
        interval: u32,
        refresher: Option<String>,
        after: u32,
    },
}

impl Pointer {
    /// The header fields this pointer is about, in the order a reader meets them.
    pub fn headers(&self) -> &'static [&'static str] {
        match self {
            Pointer::NatVia { .. } => &["Via"],
            Pointer::PrivateContact { .. } => &["Contact"],
            Pointer::Reason { .. } => &["Reason"],
            Pointer::SessionInterval { .. } => &["Session-Expires", "Min-SE"],
            Pointer::NoRecordRoute { .. } => &["Record-Route", "Via"],
            Pointer::NoSessionRefresh { .. } => &["Session-Expires"],
        }
    }
}

/// RFC 1918, shared address space (RFC 6598) and unique local IPv6 (RFC 4193); `None` for a
/// host name, which says nothing either way.
fn private(host: &str) -> Option<bool> {
    let ip: IpAddr = host.trim_matches(|c| c == '[' || c == ']').parse().ok()?;
    Some(match ip {
        IpAddr::V4(v) => v.is_private() || (v.octets()[0] == 100 && v.octets()[1] & 0xc0 == 64),
        IpAddr::V6(v) => v.segments()[0] & 0xfe00 == 0xfc00,
    })
}

/// The sent-by host of a Via value, its `received` and whether it has `rport`.
fn via_parts(via: &str) -> Option<(&str, Option<&str>, bool)> {
    // "SIP/2.0/UDP 192.168.0.23:5060;branch=…;rport=40312;received=203.0.113.141"; only
    // the top value of a folded list counts.
    let top = via.split(',').next()?;
    let (_, rest) = top.trim().split_once(char::is_whitespace)?;
    let mut parts = rest.split(';');
    let sent_by = parts.next()?.trim();
    let host = match sent_by.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => sent_by.split(':').next()?,
    };
    let (mut received, mut rport) = (None, false);
    for p in parts {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        match k.trim().to_ascii_lowercase().as_str() {
            "received" => received = Some(v.trim()),
            "rport" => rport = true,
            _ => {}
        }
    }
    Some((host, received, rport))
}

/// The host of the first URI in a Contact value.
fn contact_host(contact: &str) -> Option<&str> {
    let at = contact.find("sip:").or_else(|| contact.find("sips:"))?;
    let uri = &contact[at..];
    let uri = uri.split_once(':')?.1;
    let hostport = uri.rsplit_once('@').map_or(uri, |(_, h)| h);
    let end = hostport
        .find(|c: char| matches!(c, ':' | ';' | '>' | '?') || c.is_whitespace())
        .unwrap_or(hostport.len());
    Some(&hostport[..end])
}

/// The NAT a response's top Via reveals, with the request it answers.
fn nat(call: &Call) -> Option<(Pointer, Option<&Message>)> {
    call.messages.iter().enumerate().find_map(|(i, m)| {
        if m.is_request() {
            return None;
        }
        let (host, received, _) = via_parts(m.header("Via")?)?;
        let received = received?;
        if received == host || private(host) != Some(true) {
            return None;
        }
        // The request as it was sent: its own top Via says whether it asked for rport.
        let request = call.messages[..i]
            .iter()
            .rev()
            .find(|r| r.is_request() && r.branch.is_some() && r.branch == m.branch);
        let rport = request
            .and_then(|r| via_parts(r.header("Via")?))
            .map_or(true, |(_, _, rport)| rport);
        Some((
            Pointer::NatVia {
                message: i,
                sent_by: host.to_string(),
                received: received.to_string(),
                rport,
            },
            request,
        ))
    })
}

/// How many Via values a message carries (several headers, or comma-separated values).
fn via_count(m: &Message) -> usize {
    m.headers_named("Via")
        .map(|v| v.split(',').filter(|p| !p.trim().is_empty()).count())
        .sum()
}

/// A 481 to an in-dialog request where the INVITE crossed a proxy that did not
/// record-route. Seen in real reports: a proxy that forwarded the INVITE without
/// `Record-Route` answered the BYE that still came to it with 481
/// (davehorton/simple-sip-proxy#7), and a phone that rightly sent its BYE straight to the
/// `Contact` because the INVITE had no `Record-Route` (BelledonneCommunications/linphone-sdk#297).
fn no_record_route(call: &Call) -> Option<Pointer> {
    // Whole messages only: a log line has no headers to tell.
    let whole = |m: &&Message| m.log.is_none();
    let invite = call
        .messages
        .iter()
        .filter(whole)
        .find(|m| m.is_request() && m.method == "INVITE")?;
    let answers: Vec<&Message> = call
        .messages
        .iter()
        .filter(whole)
        .filter(|m| {
            m.method == "INVITE"
                && m.cseq == invite.cseq
                && m.code().is_some_and(|c| (200..300).contains(&c))
        })
        .collect();
    if answers.is_empty() {
        return None;
    }
    let vias = std::iter::once(invite)
        .chain(answers.iter().copied())
        .map(via_count)
        .max()
        .unwrap_or(0);
    let recorded = std::iter::once(invite)
        .chain(answers.iter().copied())
        .any(|m| m.header("Record-Route").is_some());
    if vias < 2 || recorded {
        return None;
    }
    let message = call.messages.iter().position(|m| {
        m.code() == Some(481)
            && (m.method != "INVITE" || m.cseq.is_some_and(|c| Some(c) > invite.cseq))
            && !matches!(m.method.as_str(), "CANCEL" | "ACK")
    })?;
    Some(Pointer::NoRecordRoute { message, vias })
}

/// Seconds since midnight of the last `HH:MM:SS[.frac]` in a message's time.
fn seconds(time: &str) -> Option<f64> {
    let b = time.as_bytes();
    let at = (0..b.len().saturating_sub(7)).rev().find(|&i| {
        b[i..i + 8].iter().enumerate().all(|(k, c)| match k {
            2 | 5 => *c == b':',
            _ => c.is_ascii_digit(),
        }) && (i == 0 || !b[i - 1].is_ascii_digit())
    })?;
    let end = time[at + 8..].strip_prefix(['.', ',']).map_or(at + 8, |f| {
        at + 9 + f.bytes().take_while(u8::is_ascii_digit).count()
    });
    let hms = &time[at..end];
    let h: f64 = hms[0..2].parse().ok()?;
    let m: f64 = hms[3..5].parse().ok()?;
    let s: f64 = hms[6..].replace(',', ".").parse().ok()?;
    Some(h * 3600.0 + m * 60.0 + s)
}

/// A session timer that the BYE outlived without any refresh. Seen in real reports: a
/// softphone that never refreshed the 120 s timer its provider asked for, and lost calls
/// before two minutes (LubosD/twinkle#277); a PBX that armed the timer from the 200 OK,
/// never refreshed it, and sent BYE on expiry (GlomarGadaffi/pocket-dial#198).
fn no_session_refresh(call: &Call) -> Option<Pointer> {
    let ok = call.messages.iter().position(|m| {
        m.method == "INVITE"
            && m.code().is_some_and(|c| (200..300).contains(&c))
            && m.header("Session-Expires").is_some()
    })?;
    let ok_msg = &call.messages[ok];
    let value = ok_msg.header("Session-Expires")?;
    let mut parts = value.split(';');
    let interval: u32 = parts.next()?.trim().parse().ok()?;
    let refresher = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("refresher")
            .then(|| v.trim().to_ascii_lowercase())
    });
    let later = &call.messages[ok + 1..];
    let bye = later
        .iter()
        .position(|m| m.is_request() && m.method == "BYE")?;
    let refreshed = later[..bye]
        .iter()
        .any(|m| m.is_request() && matches!(m.method.as_str(), "INVITE" | "UPDATE"));
    if refreshed || interval == 0 {
        return None;
    }
    let start = seconds(ok_msg.time.as_deref()?)?;
    let end = seconds(later[bye].time.as_deref()?)?;
    let after = end - start;
    // Past half the interval, and not past a day (a time that wrapped, or another call).
    if !(after >= f64::from(interval) / 2.0 && after < 86_400.0) {
        return None;
    }
    Some(Pointer::NoSessionRefresh {
        message: ok + 1 + bye,
        interval,
        refresher,
        after: after as u32,
    })
}

/// The headers the story of `call` points at, each once, in the order of the messages.
pub fn pointers(call: &Call) -> Vec<Pointer> {
    let mut out = Vec::new();
    if let Some((via, request)) = nat(call) {
        out.push(via);
        let contact = request
            .into_iter()
            .chain(call.messages.iter().filter(|m| m.is_request()))
            .find_map(|r| Some((r.index, contact_host(r.header("Contact")?)?)));
        if let Some((index, host)) = contact.filter(|(_, h)| private(h) == Some(true)) {
            let message = call
                .messages
                .iter()
                .position(|m| m.index == index)
                .unwrap_or_default();
            out.push(Pointer::PrivateContact {
                message,
                host: host.to_string(),
            });
        }
    }
    if let Some(message) = call.notes.iter().find_map(|n| match n {
        Note::Reason { message, .. } => Some(*message),
        _ => None,
    }) {
        out.push(Pointer::Reason { message });
    }
    if let (Outcome::SessionTimer { .. }, Some(message)) = (&call.outcome, call.decided_by) {
        out.push(Pointer::SessionInterval { message });
    }
    out.extend(no_record_route(call));
    out.extend(no_session_refresh(call));
    out
}

#[cfg(test)]
mod tests {
    use super::{contact_host, pointers, private, seconds, via_parts, Pointer};

    #[test]
    fn times_of_day() {
        assert_eq!(seconds("10:00:01.500000"), Some(36_001.5));
        assert_eq!(seconds("2024/05/01 00:02:03,25"), Some(123.25));
        assert_eq!(seconds("U 2020/08/11 00:05:54.201755"), Some(354.201755));
        assert_eq!(seconds("#12"), None);
    }

    /// A call through a proxy (two Vias at the callee), no Record-Route, a BYE answered 481;
    /// `record_route` adds the header to the INVITE and its 200.
    fn proxied_call(record_route: bool) -> String {
        let rr = if record_route {
            "Record-Route: <sip:198.51.100.2;lr>\n"
        } else {
            ""
        };
        format!(
            "INVITE sip:bob@192.0.2.20 SIP/2.0\n\
             Via: SIP/2.0/UDP 198.51.100.2;branch=z9hG4bKp1\n\
             Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa1\n\
             {rr}From: <sip:alice@example.com>;tag=a\nTo: <sip:bob@example.com>\n\
             Call-ID: rr-test\nCSeq: 1 INVITE\nContact: <sip:alice@192.0.2.10>\n\n\
             SIP/2.0 200 OK\n\
             Via: SIP/2.0/UDP 198.51.100.2;branch=z9hG4bKp1\n\
             Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa1\n\
             {rr}From: <sip:alice@example.com>;tag=a\nTo: <sip:bob@example.com>;tag=b\n\
             Call-ID: rr-test\nCSeq: 1 INVITE\nContact: <sip:bob@192.0.2.20>\n\n\
             BYE sip:alice@192.0.2.10 SIP/2.0\n\
             Via: SIP/2.0/UDP 192.0.2.20;branch=z9hG4bKb2\n\
             From: <sip:bob@example.com>;tag=b\nTo: <sip:alice@example.com>;tag=a\n\
             Call-ID: rr-test\nCSeq: 2 BYE\n\n\
             SIP/2.0 481 Call/Transaction Does Not Exist\n\
             Via: SIP/2.0/UDP 192.0.2.20;branch=z9hG4bKb2\n\
             From: <sip:bob@example.com>;tag=b\nTo: <sip:alice@example.com>;tag=a\n\
             Call-ID: rr-test\nCSeq: 2 BYE\n\n"
        )
    }

    /// ngrep packets of a call whose 200 OK sets a 120 s timer (refresher=uac); the BYE
    /// comes `bye_at` (`HH:MM:SS`), with a re-INVITE before it when `refresh`.
    fn timed_call(bye_at: &str, refresh: bool) -> String {
        let head = |t: &str, a: &str, b: &str| format!("U 2024/05/01 {t}.000100 {a} -> {b}\n");
        let (caller, callee) = ("192.0.2.10:5060", "192.0.2.20:5060");
        let dialog = "From: <sip:alice@example.com>;tag=a\nTo: <sip:bob@example.com>;tag=b\n\
                      Call-ID: timer-test\n";
        let mut t = String::new();
        t += &head("10:00:00", caller, callee);
        t +=
            "INVITE sip:bob@192.0.2.20 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1\n\
              From: <sip:alice@example.com>;tag=a\nTo: <sip:bob@example.com>\n\
              Call-ID: timer-test\nCSeq: 1 INVITE\nSupported: timer\nSession-Expires: 120\n\n";
        t += &head("10:00:02", callee, caller);
        t += &format!(
            "SIP/2.0 200 OK\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1\n{dialog}\
             CSeq: 1 INVITE\nRequire: timer\nSession-Expires: 120;refresher=uac\n\n"
        );
        if refresh {
            t += &head("10:00:50", caller, callee);
            t += &format!(
                "INVITE sip:bob@192.0.2.20 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK2\n\
                 {dialog}CSeq: 2 INVITE\nSession-Expires: 120;refresher=uac\n\n"
            );
        }
        t += &head(bye_at, callee, caller);
        t += &format!(
            "BYE sip:alice@192.0.2.10 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK3\n\
             {dialog}CSeq: 9 BYE\n\n"
        );
        t
    }

    fn refresh_pointer(text: &str) -> Option<Pointer> {
        let t = crate::trace::analyse(text);
        pointers(&t.calls[0])
            .into_iter()
            .find(|p| matches!(p, Pointer::NoSessionRefresh { .. }))
    }

    #[test]
    fn a_session_timer_that_nothing_refreshed() {
        let Some(Pointer::NoSessionRefresh {
            interval,
            refresher,
            after,
            ..
        }) = refresh_pointer(&timed_call("10:01:50", false))
        else {
            panic!("no pointer");
        };
        assert_eq!(
            (interval, refresher.as_deref(), after),
            (120, Some("uac"), 108)
        );
        // A refresh came: nothing to say.
        assert_eq!(refresh_pointer(&timed_call("10:01:50", true)), None);
        // The BYE came before a refresh was due: an ordinary hang-up.
        assert_eq!(refresh_pointer(&timed_call("10:00:40", false)), None);
    }

    #[test]
    fn a_481_after_a_proxy_that_did_not_record_route() {
        let t = crate::trace::analyse(&proxied_call(false));
        let p = pointers(&t.calls[0]);
        assert!(
            p.iter().any(|p| matches!(
                p,
                Pointer::NoRecordRoute {
                    vias: 2,
                    message: 3
                }
            )),
            "{p:?}"
        );
        // With Record-Route the proxy stayed in the dialog: the 481 has another cause.
        let t = crate::trace::analyse(&proxied_call(true));
        let p = pointers(&t.calls[0]);
        assert!(
            !p.iter().any(|p| matches!(p, Pointer::NoRecordRoute { .. })),
            "{p:?}"
        );
    }

    #[test]
    fn parts_of_via_and_contact() {
        assert_eq!(
            via_parts("SIP/2.0/UDP 192.168.0.23:5060;branch=z9hG4bK.aa11;rport=40312;received=203.0.113.141"),
            Some(("192.168.0.23", Some("203.0.113.141"), true))
        );
        assert_eq!(
            via_parts("SIP/2.0/UDP [fd00::5]:5060;branch=z9hG4bK1"),
            Some(("fd00::5", None, false))
        );
        assert_eq!(
            contact_host("\"An\" <sip:1017@10.0.5.17:54012;ob>"),
            Some("10.0.5.17")
        );
        assert_eq!(
            contact_host("sip:sipp@192.0.2.200:5061"),
            Some("192.0.2.200")
        );
        assert_eq!(private("192.168.1.50"), Some(true));
        assert_eq!(private("100.64.0.1"), Some(true));
        assert_eq!(private("203.0.113.8"), Some(false));
        assert_eq!(private("pbx.example.com"), None);
    }
}
