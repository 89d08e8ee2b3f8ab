//! What decided a call: the final response of the transaction that matters, read as an
//! outcome (answered, busy, rejected, cancelled, timed out, challenged, redirected…), who
//! decided it, and what the trace does not show.

use super::{sdp, Gap, Message, Outcome};

/// The number a header value starts with (`3600;refresher=uac`, `cause=16`).
pub(super) fn leading_number(s: &str) -> Option<u32> {
    let d: String = s
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .take(9)
        .collect();
    d.parse().ok()
}

/// The final response that decided a transaction: the first one in the trace (the one sent
/// by whoever decided; the copies after it are proxies relaying it). Without one, a log
/// line that states a final response for the method without naming a CSeq: the last such
/// line, what the log's writer saw in the end.
fn final_for<'a>(messages: &'a [Message], method: &str, cseq: Option<u32>) -> Option<&'a Message> {
    let is_final = |m: &Message| m.method == method && m.code().is_some_and(|c| c >= 200);
    messages
        .iter()
        .find(|m| !m.retransmission && m.cseq == cseq && is_final(m))
        .or_else(|| {
            messages
                .iter()
                .rfind(|m| m.log.is_some() && m.cseq.is_none() && is_final(m))
        })
}

/// Whether a call is only lines that state responses without a CSeq or a direction: the
/// order of the lines is all there is, and the last final response is the end.
fn lines_only(messages: &[Message]) -> bool {
    messages
        .iter()
        .all(|m| m.log.is_some() && !m.is_request() && m.cseq.is_none() && !m.directed())
}

fn expires_of(request: Option<&Message>, response: &Message) -> Option<u32> {
    let from_contact = |m: &Message| {
        m.headers_named("Contact").find_map(|c| {
            c.split(';').skip(1).find_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("expires")
                    .then(|| leading_number(v))?
            })
        })
    };
    let from_header = |m: &Message| m.header("Expires").and_then(leading_number);
    from_contact(response)
        .or_else(|| from_header(response))
        .or_else(|| request.and_then(|r| from_contact(r).or_else(|| from_header(r))))
}

fn contacts(m: &Message) -> Vec<String> {
    m.headers_named("Contact")
        .flat_map(split_list)
        .map(|c| {
            let c = c.trim();
            match (c.find('<'), c.find('>')) {
                (Some(a), Some(b)) if a < b => c[a + 1..b].to_string(),
                _ => c.split(';').next().unwrap_or(c).trim().to_string(),
            }
        })
        .filter(|c| !c.is_empty())
        .take(5)
        .collect()
}

/// What decided a call: the outcome, the challenge code when the request went through after
/// one, the deciding message and what the trace does not show.
pub(super) struct Decided {
    pub(super) outcome: Outcome,
    pub(super) auth: Option<u16>,
    pub(super) by: Option<usize>,
    pub(super) gaps: Vec<Gap>,
}

/// The method a call is about when the trace shows no request for it: the one its
/// responses answer (a CANCEL alone is about an INVITE).
fn method_without_request<'a>(messages: &'a [Message], requests: &[&'a Message]) -> &'a str {
    if messages.iter().any(|m| m.method == "INVITE") {
        return "INVITE";
    }
    let first = requests
        .first()
        .map(|m| m.method.as_str())
        .or_else(|| {
            messages
                .iter()
                .map(|m| m.method.as_str())
                .find(|m| !m.is_empty())
        })
        .unwrap_or("");
    if first == "CANCEL" {
        "INVITE"
    } else {
        first
    }
}

pub(super) fn outcome(messages: &[Message]) -> Decided {
    let (outcome, auth, fin) = decide(messages);
    let by = fin.and_then(|f| messages.iter().position(|m| std::ptr::eq(m, f)));
    let requests = || messages.iter().filter(|m| m.is_request());
    let mut gaps = Vec::new();
    let method = method_without_request(messages, &requests().collect::<Vec<_>>());
    let asked = requests().any(|m| m.method == method);
    if !asked && !matches!(outcome, Outcome::Unknown) {
        if requests().any(|m| m.method == "CANCEL") && method == "INVITE" {
            gaps.push(Gap::NoInvite);
        } else {
            gaps.push(Gap::NoRequest {
                method: method.to_string(),
            });
        }
    }
    Decided {
        outcome,
        auth,
        by,
        gaps,
    }
}

/// The outcome, the challenge code when the request went through after one, and the final
/// response that decided.
// Long on purpose (about 200 lines): one ordered reading of the call. Every step shares the
// attempt list, the request of each attempt and the deciding final response, and the order
// of the checks is the rule; spread over functions, that order would stop being visible.
fn decide(messages: &[Message]) -> (Outcome, Option<u16>, Option<&Message>) {
    let requests: Vec<&Message> = messages
        .iter()
        .filter(|m| m.is_request() && !m.retransmission)
        .collect();
    let method = match requests.first() {
        Some(_) if requests.iter().any(|m| m.method == "INVITE") => "INVITE",
        Some(first) if !matches!(first.method.as_str(), "CANCEL" | "ACK") => first.method.as_str(),
        _ => method_without_request(messages, &requests),
    };
    if messages.is_empty() {
        return (Outcome::Unknown, None, None);
    }
    // The attempts: each CSeq of the main method, in order (from the responses when the
    // trace has no request for it).
    let mut attempts: Vec<Option<u32>> = Vec::new();
    for m in requests.iter().filter(|m| m.method == method) {
        if !attempts.contains(&m.cseq) {
            attempts.push(m.cseq);
        }
    }
    if attempts.is_empty() {
        for m in messages.iter().filter(|m| m.method == method) {
            if !attempts.contains(&m.cseq) {
                attempts.push(m.cseq);
            }
        }
    }
    let request_of = |cseq: Option<u32>| {
        requests
            .iter()
            .find(|m| m.method == method && m.cseq == cseq)
            .copied()
    };
    let last_line = |c: Option<u32>| {
        messages
            .iter()
            .rfind(|m| m.method == method && m.cseq == c && m.code().is_some_and(|x| x >= 200))
    };
    let finals: Vec<(Option<u32>, Option<&Message>)> = attempts
        .iter()
        .map(|&c| {
            if lines_only(messages) {
                (c, last_line(c))
            } else {
                (c, final_for(messages, method, c))
            }
        })
        .collect();
    let challenges = finals
        .iter()
        .filter(|(_, f)| {
            f.and_then(Message::code)
                .is_some_and(|c| c == 401 || c == 407)
        })
        .count();
    let first_challenge = finals
        .iter()
        .filter_map(|(_, f)| f.and_then(Message::code))
        .find(|c| *c == 401 || *c == 407);
    let credentials_sent = |cseq: Option<u32>| {
        requests
            .iter()
            .any(|m| m.method == method && m.cseq == cseq && m.has_credentials())
    };

    if method == "INVITE" {
        let glare = finals
            .iter()
            .filter_map(|(_, f)| *f)
            .find(|f| f.code() == Some(491));
        let answered = finals
            .iter()
            .filter_map(|(_, f)| *f)
            .find(|f| f.code().is_some_and(|c| (200..300).contains(&c)));
        if let Some(g) = glare {
            return (
                Outcome::Glare {
                    by: g.src,
                    answered: answered.is_some(),
                },
                None,
                Some(g),
            );
        }
        if let Some(ok) = answered {
            let hangup = messages
                .iter()
                .find(|m| m.is_request() && m.method == "BYE")
                .map(|m| m.src);
            let auth = first_challenge.filter(|_| challenges > 0);
            return (
                Outcome::Answered {
                    code: ok.code().unwrap_or(200),
                    by: ok.src,
                    hangup,
                },
                auth,
                Some(ok),
            );
        }
    }

    // The last attempt that got a final response decides; without one, the last attempt.
    let decided = finals.iter().rev().find(|(_, f)| f.is_some()).copied();
    let cancel = requests.iter().find(|m| m.method == "CANCEL");
    let Some((cseq, Some(fin))) = decided else {
        if let Some(c) = cancel.filter(|_| method == "INVITE") {
            return (
                Outcome::Cancelled {
                    by: c.src,
                    code: None,
                },
                None,
                Some(*c),
            );
        }
        let last = attempts.last().copied().flatten();
        let provisional = messages
            .iter()
            .rfind(|m| m.method == method && m.cseq == last && m.code().is_some())
            .and_then(Message::code);
        if provisional.is_some() {
            return (
                Outcome::Unfinished {
                    method: method.to_string(),
                    last: provisional,
                },
                None,
                None,
            );
        }
        if requests.is_empty() {
            return (Outcome::Unknown, None, None);
        }
        let transmissions = messages
            .iter()
            .filter(|m| m.is_request() && m.method == method && m.cseq == last)
            .count();
        return (
            Outcome::TimedOut {
                method: method.to_string(),
                code: None,
                by: None,
                transmissions,
            },
            None,
            None,
        );
    };
    let code = fin.code().unwrap_or(0);
    let by = fin.src;
    let method_s = method.to_string();
    let auth_note = first_challenge.filter(|_| challenges > 0 && code != 401 && code != 407);
    let outcome = match code {
        200..=299 if method == "REGISTER" => {
            let req = request_of(cseq);
            match expires_of(req, fin) {
                Some(0) => Outcome::Unregistered { by },
                expires => Outcome::Registered { by, expires },
            }
        }
        200..=299 => Outcome::Completed {
            method: method_s,
            code,
            by,
        },
        300..=399 => Outcome::Redirected {
            code,
            by,
            contacts: contacts(fin),
        },
        401 | 407 => {
            let retried = attempts.len() > 1 && credentials_sent(cseq);
            if challenges >= 2 && retried {
                Outcome::WrongCredentials {
                    method: method_s,
                    code,
                    by,
                    challenges,
                }
            } else {
                Outcome::Challenged {
                    method: method_s,
                    code,
                    by,
                }
            }
        }
        403 if credentials_sent(cseq) => Outcome::ForbiddenAfterAuth {
            method: method_s,
            by,
        },
        486 | 600 if method == "INVITE" || method.is_empty() => Outcome::Busy { code, by },
        487 if cancel.is_some() => Outcome::Cancelled {
            by: cancel.map_or(by, |c| c.src),
            code: Some(code),
        },
        // 487 ends a request that a CANCEL or BYE terminated (RFC 3261 §21.4.26), even
        // when the paste does not show that CANCEL: `by` is then who sent the 487.
        487 if method == "INVITE" || method.is_empty() => Outcome::Cancelled {
            by,
            code: Some(code),
        },
        408 => Outcome::TimedOut {
            method: method_s,
            code: Some(code),
            by: Some(by),
            transmissions: 0,
        },
        488 | 606 | 415 => media_mismatch(messages, request_of(cseq), fin),
        422 => Outcome::SessionTimer {
            by,
            min_se: fin.header("Min-SE").and_then(leading_number),
            session_expires: request_of(cseq)
                .and_then(|r| r.header("Session-Expires"))
                .and_then(leading_number),
        },
        _ => Outcome::Rejected {
            method: method_s,
            code,
            by,
        },
    };
    (outcome, auth_note, Some(fin))
}

fn media_mismatch(messages: &[Message], request: Option<&Message>, fin: &Message) -> Outcome {
    let code = fin.code().unwrap_or(0);
    // The offer: the SDP of the refused request, else the first SDP of the call.
    let offer_msg = request
        .filter(|r| r.sdp.is_some())
        .or_else(|| messages.iter().find(|m| m.sdp.is_some()));
    let offer = offer_msg.and_then(|m| m.sdp.clone());
    // The other side's capabilities: SDP in the failure, else any SDP sent the other way.
    let answer_msg = if fin.sdp.is_some() {
        Some(fin)
    } else {
        offer_msg.and_then(|o| {
            messages
                .iter()
                .find(|m| m.sdp.is_some() && m.src != o.src && m.dst != o.dst)
        })
    };
    let answer = answer_msg.and_then(|m| m.sdp.clone());
    let common = match (&offer, &answer) {
        (Some(o), Some(a)) => sdp::common(o, a),
        _ => Vec::new(),
    };
    Outcome::MediaMismatch {
        code,
        by: fin.src,
        offered_by: offer_msg.map(|m| m.src),
        answered_by: answer_msg.map(|m| m.src),
        offer,
        answer,
        common,
        accept: if code == 415 {
            fin.header("Accept").map(String::from)
        } else {
            None
        },
    }
}

/// Splits a header value on commas outside quotes.
pub(super) fn split_list(v: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in v.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&v[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&v[start..]);
    out
}
