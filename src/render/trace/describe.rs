//! The outcome and the evidence of a call as sentences, in the reader's language: every word
//! comes from the `trace-*` interface strings; only protocol tokens (methods, codes, reason
//! phrases, header values) are quoted as they are.

use crate::catalogue::{Args, Catalogue, Lang};
use crate::trace::{Call, Diagnosis, Gap, LogSource, Note, Outcome, Role, Sdp, Trace};

/// A method as shown: the method itself, or "request" when log lines did not say it.
pub fn method_name(cat: &Catalogue, lang: Lang, method: &str) -> String {
    if method.is_empty() {
        cat.t(lang, "trace-some-request")
    } else {
        method.to_string()
    }
}

/// The interface key naming a kind of log.
fn source_key(source: LogSource) -> &'static str {
    match source {
        LogSource::Asterisk => "trace-log-asterisk",
        LogSource::FreeSwitch => "trace-log-freeswitch",
        LogSource::Pjsip => "trace-log-pjsip",
        LogSource::Sipp => "trace-log-sipp",
        LogSource::Wireshark => "trace-log-wireshark",
        LogSource::Baresip => "trace-log-baresip",
        LogSource::Kamailio => "trace-log-kamailio",
        LogSource::Janus => "trace-log-janus",
        LogSource::Ladder => "trace-log-ladder",
        LogSource::StartLine => "trace-log-start-line",
        LogSource::Other => "trace-log-other",
        LogSource::Prose => "trace-log-prose",
        LogSource::AppLog => "trace-log-app",
    }
}

/// The line that decided the outcome, quoted, when it was a log line; what the trace does
/// not show; and what to check next.
pub fn evidence(cat: &Catalogue, lang: Lang, call: &Call) -> Vec<String> {
    let mut out = Vec::new();
    let decided = call.decided_by.and_then(|i| call.messages.get(i));
    if let Some(log) = decided.and_then(|m| m.log.as_ref()) {
        out.push(
            cat.t_args(
                lang,
                "trace-log-evidence",
                &Args::new()
                    .with("source", cat.t(lang, source_key(log.source)))
                    .with("line", quoted(&log.text)),
            ),
        );
    }
    for g in &call.gaps {
        let line = match g {
            // Lines that only state responses say so, and more, below.
            Gap::NoRequest { .. } if call.gaps.contains(&Gap::StatedOnly) => continue,
            Gap::NoRequest { method } => cat.t_args(
                lang,
                "trace-gap-no-request",
                &Args::new().with("method", method_name(cat, lang, method)),
            ),
            Gap::NoInvite => cat.t(lang, "trace-gap-no-invite"),
            Gap::Expected { label } => cat.t_args(
                lang,
                "trace-gap-expected",
                &Args::new().with("label", plain(label)),
            ),
            Gap::NoDirections if call.gaps.contains(&Gap::StatedOnly) => continue,
            Gap::NoDirections => cat.t(lang, "trace-gap-no-directions"),
            Gap::StatedOnly => cat.t(lang, "trace-gap-stated-only"),
        };
        out.push(line);
    }
    out
}

/// The codes sentences of the paste name that no call shows, with their phrases: the story
/// is told by the messages, but what the text says is not lost.
pub fn mentioned(cat: &Catalogue, lang: Lang, trace: &Trace) -> Option<String> {
    let mut codes: Vec<u16> = Vec::new();
    for m in &trace.mentioned {
        let shown = trace.calls.iter().any(|c| c.codes.contains(&m.code));
        if !shown && !codes.contains(&m.code) {
            codes.push(m.code);
        }
    }
    if codes.is_empty() {
        return None;
    }
    let list: Vec<String> = codes.iter().map(|c| code_phrase(cat, *c)).collect();
    Some(cat.t_args(
        lang,
        "trace-mentioned",
        &Args::new().with("codes", list.join(", ")),
    ))
}

/// The hangup cause names logged for this call, each with the Q.850 cause it stands for
/// (or a word that it is the PBX's own), quoted. A line goes to the call with its channel;
/// lines whose channel no call has go to the first call shown (`first`). Names the
/// catalogue does not know are left out rather than guessed at.
pub fn hangups(
    cat: &Catalogue,
    lang: Lang,
    trace: &Trace,
    call: &Call,
    first: bool,
) -> Vec<String> {
    trace
        .hangups
        .iter()
        .filter(|h| {
            let owned = trace.calls.iter().any(|c| c.channel == h.channel);
            if owned {
                call.channel == h.channel
            } else {
                first
            }
        })
        .filter_map(|h| {
            let name = cat.hangup_name(&h.name)?;
            let product = cat.hangup_source(name)?.product.as_str();
            let meaning = match cat.hangup_q850(name) {
                Some(c) => cat.t_args(
                    lang,
                    "hangup-in-log-q850",
                    &Args::new()
                        .with("cause", c)
                        .with("cause_name", super::build::cause_name(cat, lang, c)?),
                ),
                None => cat.t_args(
                    lang,
                    "hangup-in-log-own",
                    &Args::new()
                        .with("product", product)
                        .with("value", name.value),
                ),
            };
            Some(
                cat.t_args(
                    lang,
                    "hangup-in-log",
                    &Args::new()
                        .with("product", product)
                        .with("name", name.name.as_str())
                        .with("meaning", meaning)
                        .with("line", quoted(&h.text)),
                ),
            )
        })
        .collect()
}

/// The causes named from the evidence, each with its citation.
pub fn diagnoses(cat: &Catalogue, lang: Lang, trace: &Trace, call: &Call) -> Vec<String> {
    let msg = |i: usize| message_ref(cat, lang, trace, call, i);
    call.diagnoses
        .iter()
        .map(|d| match d {
            Diagnosis::ReasonMismatch {
                message,
                code,
                cause,
                expected,
                codes,
            } => {
                let name = |c: u16| {
                    u8::try_from(c)
                        .ok()
                        .and_then(|c| cat.cause(c))
                        .map(|f| f.name.clone())
                        .unwrap_or_else(|| "?".into())
                };
                let list: Vec<String> = codes.iter().map(|c| code_phrase(cat, *c)).collect();
                cat.t_args(
                    lang,
                    if list.is_empty() {
                        "trace-diag-reason-mismatch-none"
                    } else {
                        "trace-diag-reason-mismatch"
                    },
                    &Args::new()
                        .with("msg", msg(*message))
                        .with("code", code)
                        .with("cause", cause)
                        .with("name", name(*cause))
                        .with("expected", expected)
                        .with("ename", name(u16::from(*expected)))
                        .with("codes", list.join(", ")),
                )
            }
            Diagnosis::AnsweredElsewhere { message } => cat.t_args(
                lang,
                "trace-diag-answered-elsewhere",
                &Args::new().with("msg", msg(*message)),
            ),
            Diagnosis::TimeoutPastFirstHop {
                message,
                trying_from,
            } => cat.t_args(
                lang,
                "trace-diag-timeout-past-first-hop",
                &Args::new()
                    .with("msg", msg(*message))
                    .with("trying", msg(*trying_from)),
            ),
            Diagnosis::NoDialog { message, method } => cat.t_args(
                lang,
                "trace-diag-no-dialog",
                &Args::new()
                    .with("msg", msg(*message))
                    .with("method", method_name(cat, lang, method)),
            ),
        })
        .collect()
}

/// What to check next, for the outcomes where the trace points somewhere.
pub fn next_step(cat: &Catalogue, lang: Lang, call: &Call) -> Option<String> {
    let key = match &call.outcome {
        Outcome::Busy { .. } => "trace-next-busy",
        Outcome::Rejected { code, .. } if (500..600).contains(code) => "trace-next-server",
        Outcome::Rejected {
            code: 404 | 484 | 604,
            ..
        } => "trace-next-not-found",
        Outcome::TimedOut { .. }
            if call
                .diagnoses
                .iter()
                .any(|d| matches!(d, Diagnosis::TimeoutPastFirstHop { .. })) =>
        {
            return None
        }
        Outcome::TimedOut { .. } => "trace-next-timeout",
        Outcome::Challenged { .. } => "trace-next-challenged",
        Outcome::WrongCredentials { .. } => "trace-next-wrong-credentials",
        Outcome::MediaMismatch { .. } => "trace-next-media",
        Outcome::Unfinished { .. } => "trace-next-unfinished",
        _ => return None,
    };
    Some(cat.t(lang, key))
}

/// The interface-string key of a role's name.
pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::Caller => "trace-role-caller",
        Role::Callee => "trace-role-callee",
        Role::Proxy => "trace-role-proxy",
        Role::Client => "trace-role-client",
        Role::Registrar => "trace-role-registrar",
        Role::Server => "trace-role-server",
    }
}

/// A participant's short label (`A`), or `?`.
pub fn label(trace: &Trace, p: usize) -> String {
    trace
        .participants
        .get(p)
        .map(|x| x.label.clone())
        .unwrap_or_else(|| "?".into())
}

/// `486 Busy Here`: the registered phrase, else the code alone.
pub fn code_phrase(cat: &Catalogue, code: u16) -> String {
    match cat.code(code) {
        Some(f) => format!("{code} {}", f.phrase),
        None => code.to_string(),
    }
}

/// Pasted text made safe to quote: no control characters, no backticks (they would end a
/// code span or block), Discord markdown escaped.
pub fn plain(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().filter(|c| !c.is_control()).take(300) {
        match c {
            '`' => out.push('\''),
            '*' | '_' | '~' | '|' | '>' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Pasted text for a code span: only backticks and control characters go.
pub fn quoted(s: &str) -> String {
    let t: String = s
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '`' { '\'' } else { c })
        .take(300)
        .collect();
    format!("`{t}`")
}

/// The kind of outcome, for titles: "busy (486)".
pub fn short(cat: &Catalogue, lang: Lang, call: &Call) -> String {
    let (key, args) = match &call.outcome {
        Outcome::Answered { .. } => ("trace-short-answered", Args::new()),
        Outcome::Busy { code, .. } => ("trace-short-busy", Args::new().with("code", code)),
        Outcome::Rejected { code, .. } => ("trace-short-rejected", Args::new().with("code", code)),
        Outcome::Cancelled { .. } => ("trace-short-cancelled", Args::new()),
        Outcome::TimedOut { .. } => ("trace-short-timed-out", Args::new()),
        Outcome::Unfinished { .. } => ("trace-short-unfinished", Args::new()),
        Outcome::Redirected { code, .. } => {
            ("trace-short-redirected", Args::new().with("code", code))
        }
        Outcome::Challenged { code, .. } => {
            ("trace-short-challenged", Args::new().with("code", code))
        }
        Outcome::WrongCredentials { code, .. } => (
            "trace-short-wrong-credentials",
            Args::new().with("code", code),
        ),
        Outcome::ForbiddenAfterAuth { .. } => ("trace-short-forbidden-after-auth", Args::new()),
        Outcome::MediaMismatch { code, .. } => {
            ("trace-short-media-mismatch", Args::new().with("code", code))
        }
        Outcome::Glare { .. } => ("trace-short-glare", Args::new()),
        Outcome::SessionTimer { .. } => ("trace-short-session-timer", Args::new()),
        Outcome::Registered { .. } => ("trace-short-registered", Args::new()),
        Outcome::Unregistered { .. } => ("trace-short-unregistered", Args::new()),
        Outcome::Completed { method, code, .. } => (
            "trace-short-completed",
            Args::new()
                .with("method", method_name(cat, lang, method))
                .with("code", code),
        ),
        Outcome::Unknown => ("trace-short-unknown", Args::new()),
    };
    cat.t_args(lang, key, &args)
}

fn media(cat: &Catalogue, lang: Lang, s: Option<&Sdp>) -> String {
    match s {
        Some(s) => quoted(&s.summary()),
        None => cat.t(lang, "trace-no-sdp"),
    }
}

/// What happened, in a few sentences, with the evidence that decided it.
// Long on purpose (about 210 lines): one `match` over the outcomes, one short arm each that
// picks its sentence and arguments; its length is the number of outcomes.
pub fn outcome(cat: &Catalogue, lang: Lang, trace: &Trace, call: &Call) -> Vec<String> {
    // A side known by no address (a log line that does not name it) is not a lane label.
    let who = |p: usize| match trace.participants.get(p) {
        Some(x) if x.address == "?" => cat.t(lang, "trace-unknown-party"),
        _ => label(trace, p),
    };
    let mut out = Vec::new();
    let mut t = |key: &str, args: Args| out.push(cat.t_args(lang, key, &args));
    match &call.outcome {
        Outcome::Answered { code, by, hangup } => {
            t(
                "trace-answered",
                Args::new()
                    .with("by", who(*by))
                    .with("code", code_phrase(cat, *code)),
            );
            match hangup {
                Some(h) => t("trace-hangup", Args::new().with("by", who(*h))),
                None => t("trace-no-bye", Args::new()),
            }
        }
        Outcome::Busy { code, by } => t(
            "trace-busy",
            Args::new()
                .with("by", who(*by))
                .with("code", code_phrase(cat, *code)),
        ),
        Outcome::Rejected { method, code, by } => t(
            if method == "REGISTER" {
                "trace-registration-failed"
            } else {
                "trace-rejected"
            },
            Args::new()
                .with("by", who(*by))
                .with("method", method_name(cat, lang, method))
                .with("code", code_phrase(cat, *code)),
        ),
        Outcome::Cancelled { code: Some(c), .. }
            if !call
                .messages
                .iter()
                .any(|m| m.is_request() && m.method == "CANCEL") =>
        {
            t(
                "trace-cancelled-unseen",
                Args::new().with("code", code_phrase(cat, *c)),
            );
        }
        Outcome::Cancelled { by, code } => {
            t("trace-cancelled", Args::new().with("by", who(*by)));
            if let Some(c) = code {
                t(
                    "trace-cancelled-487",
                    Args::new().with("code", code_phrase(cat, *c)),
                );
            }
        }
        Outcome::TimedOut {
            method,
            code: Some(code),
            by,
            ..
        } => t(
            "trace-timeout-408",
            Args::new()
                .with("by", by.map(who).unwrap_or_else(|| "?".into()))
                .with("method", method_name(cat, lang, method))
                .with("code", code_phrase(cat, *code)),
        ),
        Outcome::TimedOut {
            method,
            code: None,
            transmissions,
            ..
        } => t(
            "trace-timeout-none",
            Args::new()
                .with("method", method_name(cat, lang, method))
                .with("n", transmissions),
        ),
        Outcome::Unfinished { method, last: None } => t(
            "trace-unfinished-none",
            Args::new().with("method", method_name(cat, lang, method)),
        ),
        Outcome::Unfinished { method, last } => t(
            "trace-unfinished",
            Args::new()
                .with("method", method_name(cat, lang, method))
                .with(
                    "code",
                    last.map(|c| code_phrase(cat, c))
                        .unwrap_or_else(|| "?".into()),
                ),
        ),
        Outcome::Redirected { code, by, contacts } => {
            let args = Args::new()
                .with("by", who(*by))
                .with("code", code_phrase(cat, *code));
            if contacts.is_empty() {
                t("trace-redirected-none", args)
            } else {
                let list: Vec<String> =
                    contacts.iter().map(|c| format!("`{}`", plain(c))).collect();
                t("trace-redirected", args.with("contacts", list.join(", ")))
            }
        }
        Outcome::Challenged { method, code, by } => t(
            "trace-challenged",
            Args::new()
                .with("by", who(*by))
                .with("method", method_name(cat, lang, method))
                .with("code", code_phrase(cat, *code)),
        ),
        Outcome::WrongCredentials {
            method,
            code,
            by,
            challenges,
        } => t(
            "trace-wrong-credentials",
            Args::new()
                .with("by", who(*by))
                .with("method", method_name(cat, lang, method))
                .with("code", code_phrase(cat, *code))
                .with("n", challenges),
        ),
        Outcome::ForbiddenAfterAuth { method, by } => t(
            "trace-forbidden-after-auth",
            Args::new()
                .with("by", who(*by))
                .with("method", method_name(cat, lang, method)),
        ),
        Outcome::MediaMismatch {
            code,
            by,
            offer,
            offered_by,
            answer,
            answered_by,
            common,
            accept,
        } => {
            t(
                "trace-media",
                Args::new()
                    .with("by", who(*by))
                    .with("code", code_phrase(cat, *code)),
            );
            if offer.is_some() || *code != 415 {
                t(
                    "trace-offer",
                    Args::new()
                        .with("by", offered_by.map(who).unwrap_or_else(|| "?".into()))
                        .with("media", media(cat, lang, offer.as_ref())),
                );
            }
            match (offer, answer) {
                (Some(_), Some(a)) => {
                    t(
                        "trace-answer",
                        Args::new()
                            .with("by", answered_by.map(who).unwrap_or_else(|| "?".into()))
                            .with("media", media(cat, lang, Some(a))),
                    );
                    if common.is_empty() {
                        t("trace-common-none", Args::new());
                    } else {
                        t(
                            "trace-common",
                            Args::new().with("codecs", quoted(&common.join(", "))),
                        );
                    }
                }
                (Some(_), None) if *code != 415 => {
                    t("trace-answer-missing", Args::new().with("by", who(*by)))
                }
                _ => {}
            }
            if let Some(a) = accept {
                t(
                    "trace-accept",
                    Args::new().with("by", who(*by)).with("accept", quoted(a)),
                );
            }
        }
        Outcome::Glare { by, answered } => t(
            "trace-glare",
            Args::new()
                .with("by", who(*by))
                .with("answered", if *answered { "yes" } else { "no" }),
        ),
        Outcome::SessionTimer {
            by,
            min_se,
            session_expires,
        } => t(
            "trace-session-timer",
            Args::new()
                .with("by", who(*by))
                .with("minse", min_se.map_or("?".into(), |v| v.to_string()))
                .with("se", session_expires.map_or("?".into(), |v| v.to_string())),
        ),
        Outcome::Registered { by, expires } => match expires {
            Some(e) => t(
                "trace-registered",
                Args::new().with("by", who(*by)).with("expires", e),
            ),
            None => t(
                "trace-registered-no-expiry",
                Args::new().with("by", who(*by)),
            ),
        },
        Outcome::Unregistered { by } => t("trace-unregistered", Args::new().with("by", who(*by))),
        Outcome::Completed { method, code, by } => t(
            "trace-completed",
            Args::new()
                .with("by", who(*by))
                .with("method", method_name(cat, lang, method))
                .with("code", code_phrase(cat, *code)),
        ),
        Outcome::Unknown => t("trace-unknown", Args::new()),
    }
    out
}

/// "486 Busy Here from B": which message of the call a note came from.
fn message_ref(cat: &Catalogue, lang: Lang, trace: &Trace, call: &Call, i: usize) -> String {
    match call.messages.get(i) {
        Some(m) => cat.t_args(
            lang,
            "trace-message-ref",
            &Args::new()
                .with("label", plain(&m.label()))
                .with("by", label(trace, m.src)),
        ),
        None => "?".into(),
    }
}

/// The Reason, Warning and Retry-After headers, decoded.
pub fn notes(cat: &Catalogue, lang: Lang, trace: &Trace, call: &Call) -> Vec<String> {
    let mut out = Vec::new();
    for n in &call.notes {
        let line = match n {
            Note::Reason {
                message,
                protocol,
                cause,
                text,
            } => {
                let msg = message_ref(cat, lang, trace, call, *message);
                let args = Args::new().with("msg", msg).with("cause", cause);
                let line = if protocol.eq_ignore_ascii_case("Q.850") {
                    let name = u8::try_from(*cause)
                        .ok()
                        .and_then(|c| cat.cause(c))
                        .map(|c| c.name.clone())
                        .unwrap_or_else(|| cat.t(lang, "trace-unknown-cause"));
                    cat.t_args(lang, "trace-reason-q850", &args.with("name", name))
                } else if protocol.eq_ignore_ascii_case("SIP") {
                    cat.t_args(
                        lang,
                        "trace-reason-sip",
                        &args.with("name", code_phrase(cat, *cause)),
                    )
                } else {
                    cat.t_args(
                        lang,
                        "trace-reason-other",
                        &args.with("protocol", plain(protocol)),
                    )
                };
                match text {
                    Some(txt) if !txt.is_empty() => cat.t_args(
                        lang,
                        "trace-with-text",
                        &Args::new().with("line", line).with("text", plain(txt)),
                    ),
                    _ => line,
                }
            }
            Note::Warning {
                message,
                code,
                agent,
                text,
            } => {
                let meaning = cat.warning_line(*code, lang).unwrap_or_default();
                cat.t_args(
                    lang,
                    "trace-warning",
                    &Args::new()
                        .with("msg", message_ref(cat, lang, trace, call, *message))
                        .with("code", code)
                        .with("agent", quoted(agent))
                        .with("text", plain(text))
                        .with("meaning", meaning),
                )
            }
            Note::RetryAfter { message, seconds } => cat.t_args(
                lang,
                "trace-retry-after",
                &Args::new()
                    .with("msg", message_ref(cat, lang, trace, call, *message))
                    .with("seconds", seconds),
            ),
            Note::Authenticated { code } => cat.t_args(
                lang,
                "trace-authenticated",
                &Args::new().with("code", code_phrase(cat, *code)),
            ),
        };
        out.push(line);
    }
    out
}

/// One line per participant of the call: label, address, role, software.
pub fn participants(cat: &Catalogue, lang: Lang, trace: &Trace, call: &Call) -> Vec<String> {
    call.participants
        .iter()
        .filter_map(|&p| {
            let x = trace.participants.get(p)?;
            let address = if x.address.is_empty() {
                cat.t(lang, "trace-log-host-unknown")
            } else if x.address == "?" {
                cat.t(lang, "trace-unknown-address")
            } else {
                quoted(&x.address)
            };
            let mut extra: Vec<String> = Vec::new();
            if let Some(r) = call.role_of(p) {
                extra.push(cat.t(lang, role_key(r)));
            }
            if x.log_host && !x.address.is_empty() {
                extra.push(cat.t(lang, "trace-log-host"));
            }
            if let Some(a) = &x.agent {
                extra.push(quoted(&a.chars().take(60).collect::<String>()));
            }
            let mut line = format!("**{}** {address}", x.label);
            if !extra.is_empty() {
                line.push_str(" · ");
                line.push_str(&extra.join(" · "));
            }
            Some(line)
        })
        .collect()
}
