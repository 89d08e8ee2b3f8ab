//! Lines that state a SIP response but belong to no log family `logline` reads: a softphone's
//! `Sip Reg Info - Code: 408, Reason: Request Timeout`, a gateway's JSON
//! `{"event":"hangup","code":487,…}`, a console's `Failed to register, status code 403`, a
//! person's "the App returns a "480 Temporarily Unavailable"". Each response code the strict
//! detector finds on the line becomes an event with no direction (a timeline entry), the
//! method when the line names it, and the line itself as evidence. A line that reads as a
//! sentence is marked as prose: it tells the story only when the paste has nothing better.

use std::sync::OnceLock;

use crate::detect::{Detector, Evidence, Finding, Mode};

use regex::Regex;

use super::frame::{Frame, Start, METHODS};
use super::logline::{self, Event, LogSource};

/// Codes read from one line; a longer list is a table or a discussion, not one report.
const MAX_PER_LINE: usize = 4;
/// Lines longer than this are not one report about one message.
const MAX_STATED_LINE: usize = 2_000;

/// One response a line states.
pub(crate) struct Stated {
    pub start: Start,
    pub frame: Frame,
    pub event: Event,
    /// The targets a redirection names on the same line (`302,sip:10.10.0.5`), kept as the
    /// Contact a 3xx message would carry.
    pub contacts: Vec<String>,
}

/// The detector and the registered reason phrases (lower case), built once from the
/// embedded catalogue's codes.
struct Known {
    detector: Detector,
    phrases: Vec<(u16, String)>,
    time: Regex,
}

fn known() -> Option<&'static Known> {
    static K: OnceLock<Option<Known>> = OnceLock::new();
    K.get_or_init(|| {
        let codes = crate::catalogue::Catalogue::embedded_codes().ok()?;
        Some(Known {
            detector: Detector::from_codes(codes.iter()),
            phrases: codes
                .iter()
                .map(|c| (c.code, c.phrase.to_ascii_lowercase()))
                .collect(),
            time: Regex::new(r"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\b").ok()?,
        })
    })
    .as_ref()
}

/// The registered reason phrase of `code` when the line spells it (any case).
fn phrase_in(k: &Known, line: &str, code: u16) -> Option<String> {
    let (_, phrase) = k.phrases.iter().find(|(c, _)| *c == code)?;
    let lower = line.to_ascii_lowercase();
    let at = lower.find(phrase.as_str())?;
    line.get(at..at + phrase.len()).map(String::from)
}

/// The responses a line states, each as an event without direction. Empty for a line the
/// strict detector finds no response code on, or one that compares codes ("486 vs 600").
pub(crate) fn events(line: &str) -> Vec<Stated> {
    // A statement has words: a line of numbers alone is a table or counters, and the cheap
    // tests go first (most log lines state nothing).
    if line.len() > MAX_STATED_LINE
        || !line.bytes().any(|b| b.is_ascii_alphabetic())
        || !crate::detect::has_candidate(line.as_bytes())
    {
        return Vec::new();
    }
    let Some(k) = known() else {
        return Vec::new();
    };
    let findings = k.detector.detect(line, Mode::Strict);
    if findings
        .iter()
        .any(|f| matches!(f, Finding::Compare { .. }))
    {
        return Vec::new();
    }
    let codes: Vec<u16> = findings
        .iter()
        .filter_map(|f| match f {
            Finding::Code { code, evidence, .. } if reports(*evidence) => Some(*code),
            _ => None,
        })
        .take(MAX_PER_LINE + 1)
        .collect();
    let prose = is_prose(line);
    if codes.is_empty() {
        return mentions(k, line, prose);
    }
    if codes.len() > MAX_PER_LINE || is_code(line, &codes) {
        return Vec::new();
    }
    let source = if prose {
        LogSource::Prose
    } else {
        LogSource::Other
    };
    let method = method_of(line);
    let time = k.time.find(line).map(|m| m.as_str().to_string());
    codes
        .into_iter()
        .map(|code| {
            let mut event = logline::bare(source, line);
            event.method = method.map(String::from);
            Stated {
                start: Start::Response {
                    code,
                    reason: phrase_in(k, line, code).unwrap_or_default(),
                },
                frame: Frame {
                    time: time.clone(),
                    ..Frame::default()
                },
                event,
                contacts: if (300..400).contains(&code) {
                    uris(line)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// The codes a line names without reporting a response, as mentions: those the strict
/// detector finds in a configuration or a list of a SIP paste (`code=403;code=488`,
/// `"sip_invite_failure_status"=>"480"`), and in a sentence every plausible code ("asterisk
/// returns Error 481", "looks like a 401 authorization error"): beside whole messages, the
/// person's words say what the paste leaves out.
fn mentions(k: &Known, line: &str, prose: bool) -> Vec<Stated> {
    let findings = if prose {
        k.detector.detect(line, Mode::Explicit)
    } else {
        k.detector.detect_in_sip(line, Mode::Strict)
    };
    if findings
        .iter()
        .any(|f| matches!(f, Finding::Compare { .. }))
    {
        return Vec::new();
    }
    let mut codes: Vec<u16> = Vec::new();
    for f in &findings {
        if let Finding::Code { code, .. } = f {
            if !codes.contains(code) {
                codes.push(*code);
            }
        }
    }
    if codes.len() > MAX_PER_LINE {
        return Vec::new();
    }
    codes
        .into_iter()
        .map(|code| {
            let mut event = logline::bare(LogSource::Prose, line);
            event.mention_only = true;
            Stated {
                start: Start::Response {
                    code,
                    reason: String::new(),
                },
                frame: Frame::default(),
                event,
                contacts: Vec::new(),
            }
        })
        .collect()
}

/// What SIPp says it was waiting for when it aborts a call on another message: `Aborting
/// call on unexpected message for Call-Id '…': while expecting '180' (index 2), received
/// 'SIP/2.0 407 …`. The expected response or request, as an event of a message that never
/// came.
pub(crate) fn expected(prefix: &str) -> Option<(Start, Event)> {
    const MARK: &str = "while expecting '";
    let i = prefix.find(MARK)? + MARK.len();
    let rest = &prefix[i..];
    let what = &rest[..rest.find('\'')?];
    let start = match what.parse::<u16>() {
        Ok(code) if (100..=699).contains(&code) => Start::Response {
            code,
            reason: String::new(),
        },
        Ok(_) => return None,
        Err(_) => {
            let method = METHODS.iter().find(|m| **m == what)?;
            Start::Request {
                method: method.to_string(),
                uri: String::new(),
            }
        }
    };
    let mut event = logline::bare(LogSource::Sipp, prefix);
    event.expected_only = true;
    Some((start, event))
}

/// Whether a detector finding stands for a response the line reports, rather than a code
/// quoted in a configuration or a list of codes.
fn reports(e: Evidence) -> bool {
    matches!(
        e,
        Evidence::StatusLine | Evidence::SipPrefix | Evidence::Phrase | Evidence::LogLine
    )
}

/// Whether the line is a script or configuration that tests or sends a code rather than a
/// report of one: a comparison (`$rs == 486`) or a call with the code as a string literal
/// (`sl_send_reply("503", …)`).
fn is_code(line: &str, codes: &[u16]) -> bool {
    if line.contains("==") || line.contains("!=") {
        return true;
    }
    line.contains('(')
        && codes
            .iter()
            .any(|c| line.contains(&format!("\"{c}\"")) || line.contains(&format!("'{c}'")))
}

/// The `sip:`/`sips:` URIs of a line, at most three.
fn uris(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while let Some(at) = memchr::memmem::find(&b[i..], b"sip") {
        let start = i + at;
        i = start + 3;
        let boundary = start == 0 || !b[start - 1].is_ascii_alphanumeric();
        let rest = &line[start..];
        let body = rest
            .strip_prefix("sip:")
            .or_else(|| rest.strip_prefix("sips:"));
        if let (true, Some(body)) = (boundary, body) {
            let end = body
                .find(|c: char| c.is_whitespace() || "<>\"',)]}".contains(c))
                .unwrap_or(body.len());
            if end > 0 {
                let scheme = rest.len() - body.len();
                out.push(rest[..scheme + end].to_string());
                if out.len() == 3 {
                    break;
                }
            }
        }
    }
    out
}

/// The method a line names: a method in capitals, else registration words for REGISTER,
/// call words for INVITE.
pub(crate) fn method_of(line: &str) -> Option<&'static str> {
    let upper = line
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find_map(|t| METHODS.iter().find(|m| **m == t).copied());
    if upper.is_some() {
        return upper;
    }
    let lower = line.to_ascii_lowercase();
    let words = || lower.split(|c: char| !c.is_ascii_alphanumeric());
    if lower.contains("regist") || words().any(|w| w == "reg" || w == "onregstate") {
        return Some("REGISTER");
    }
    if lower.contains("invite") || lower.contains("hangup") || calls(&lower) {
        return Some("INVITE");
    }
    None
}

/// Whether "call" occurs as a word about a call: not the `Call-ID` header or a `callback`.
fn calls(lower: &str) -> bool {
    lower.match_indices("call").any(|(i, _)| {
        let after = &lower[i + 4..];
        let glued = i > 0 && lower.as_bytes()[i - 1].is_ascii_alphabetic();
        !glued
            && !after.starts_with("-id")
            && !after.starts_with("_id")
            && !after.starts_with("id")
            && !after.starts_with("back")
    })
}

/// Whether a line reads as a sentence rather than a log line: it starts with no time, level
/// or bracket, carries no `key=value` or JSON, and has six or more lower-case words.
pub(crate) fn is_prose(line: &str) -> bool {
    let t = line.trim_start_matches(|c: char| c.is_whitespace() || "-*>#`".contains(c));
    let first = t.chars().next().unwrap_or(' ');
    let numbered = {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && digits <= 2 && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
    };
    if (first.is_ascii_digit() && !numbered) || "[{<(".contains(first) {
        return false;
    }
    if t.contains('=') || t.contains("\":") || t.contains("::") {
        return false;
    }
    let words = t
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_end_matches(|c: char| ",.;:!?\"'".contains(c));
            w.len() > 1 && w.bytes().all(|b| b.is_ascii_lowercase())
        })
        .count();
    words >= 6
}

/// Which kinds of dialog a paste talks about, from its words: the method of events whose
/// line named none, when the paste names only one kind.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Hint {
    register: bool,
    call: bool,
}

impl Hint {
    /// Looks at one line outside the messages (a few hundred bytes of it).
    pub(crate) fn see(&mut self, line: &str) {
        if self.register && self.call {
            return;
        }
        let mut end = line.len().min(400);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        match method_of(&line[..end]) {
            Some("REGISTER") => self.register = true,
            Some("INVITE") => self.call = true,
            _ => {}
        }
    }

    pub(crate) fn method(&self) -> Option<&'static str> {
        match (self.register, self.call) {
            (true, false) => Some("REGISTER"),
            (false, true) => Some("INVITE"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(line: &str) -> Vec<u16> {
        events(line)
            .iter()
            .filter_map(|r| match r.start {
                Start::Response { code, .. } => Some(code),
                Start::Request { .. } => None,
            })
            .collect()
    }

    #[test]
    fn lines_of_no_known_family_state_their_response() {
        // VoiSmart/pjsip-android#216
        let l = "2025-03-24 10:06:36.364 19116-3378  SipAccount  com.example.pjsipgo  I  Sip Reg Info - Code: 408, Reason: Request Timeout, Exp: 1, Status: 0";
        assert_eq!(codes(l), [408]);
        let e = &events(l)[0];
        assert_eq!(e.event.method.as_deref(), Some("REGISTER"));
        assert_eq!(e.event.source, LogSource::Other);
        assert!(e.frame.dir.is_none());
        // meetecho/janus-gateway#1756
        let l = r#"`{"event":"hangup","code":487,"reason":"Request Terminated","reason_text":"Call completed elsewhere"},"call_id":"4515e0000ef5"}`"#;
        assert_eq!(codes(l), [487]);
        assert_eq!(events(l)[0].event.method.as_deref(), Some("INVITE"));
        // InnovateAsterisk/Browser-Phone#319
        let l = "Failed to register, status code 403";
        assert_eq!(codes(l), [403]);
        assert_eq!(events(l)[0].event.source, LogSource::Other);
    }

    #[test]
    fn sentences_are_prose_and_log_lines_are_not() {
        // saycel/webph.one#129, jambonz/jambonz-feature-server#106
        assert!(is_prose("Sometimes the App goes into a funny state where an incoming call is shown, the App returns a \"480 Temporarily Unavailable\" to the server."));
        assert!(is_prose(
            "2) I receive a response 486 Busy Here from SIP side, switch to the next state"
        ));
        assert!(!is_prose("85(3884) ERROR: <script>: request sent to sip:1@192.168.101.2:6700 completed with code: 408, Type 2"));
        assert!(!is_prose("100 Trying"));
        assert!(!is_prose(
            r#"{"sip":"event","result":{"event":"proceeding","code":180}}"#
        ));
    }

    #[test]
    fn what_is_not_a_report_is_left_alone() {
        for l in [
            "HTTP/1.1 404 Not Found",
            "took 200 ms, 486 bytes",
            "Is 486 vs 600 the better answer to a busy user?",
            "sl_send_reply(\"503\", \"Service Unavailable\");",
            "if ($rs == 486) { xlog(\"L_INFO\", \"486 Busy Here from $si\"); }",
            "1234567 890 100 200 300 400 500 600",
        ] {
            assert!(events(l).is_empty(), "{l}");
        }
    }

    #[test]
    fn what_sipp_expected_when_it_aborted() {
        // mojolingo/sippy_cup#94
        let (start, e) = expected("Aborting call on unexpected message for Call-Id '1-3332@172.31.0.23': while expecting '180' (index 2), received '").unwrap();
        assert!(matches!(start, Start::Response { code: 180, .. }));
        assert!(e.expected_only);
        assert!(expected("while expecting 'foo' (index 1)").is_none());
    }

    #[test]
    fn methods_and_redirect_targets() {
        assert_eq!(method_of("Call-ID: abc 486"), None);
        assert_eq!(
            method_of("callStatus=trying, sipStatus=100"),
            Some("INVITE")
        );
        assert_eq!(
            method_of("OnRegState: 408 Request Timeout"),
            Some("REGISTER")
        );
        assert_eq!(
            uris("302 Moved Temporarily, Contact sip:10.10.0.5;transport=udp, sips:b@x"),
            ["sip:10.10.0.5;transport=udp", "sips:b@x"]
        );
    }
}
