//! Pasted traces: real excerpts in each tool's format (`tests/fixtures/traces/`), the calls
//! and outcomes found in them, the ladders (insta snapshots), the reply within Discord's
//! limits, privacy and redaction, no panic on any input, bounded results on a huge one.

use proptest::prelude::*;
use sipbot::catalogue::Lang;
use sipbot::render::{check_limits, trace_reply};
use sipbot::trace::{self, Outcome, Trace};

use crate::support::{cat, fixture};

fn load(name: &str) -> String {
    let path = if name.contains('/') {
        fixture(name)
    } else {
        fixture(&format!("traces/{name}"))
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

fn analyse(name: &str) -> Trace {
    let text = load(name);
    assert!(trace::looks_like_trace(&text), "{name} looks like a trace");
    let t = trace::analyse(&text);
    assert!(!t.calls.is_empty(), "{name}: no call found");
    // Every trace renders within Discord's limits, with its ladder block closed.
    let reply = trace_reply(cat(), Lang::BASE, &t).expect("a reply");
    check_limits(&reply).unwrap_or_else(|e| panic!("{name}: {e}"));
    for e in &reply.embeds {
        assert_eq!(
            e.description.matches("```").count() % 2,
            0,
            "{name}: open block"
        );
    }
    t
}

fn ladder(t: &Trace, call: usize) -> String {
    sipbot::render::trace::ladder(cat(), Lang::BASE, t, &t.calls[call], 40)
}

fn labels(t: &Trace, call: usize) -> Vec<String> {
    t.calls[call].messages.iter().map(|m| m.label()).collect()
}

fn addr(t: &Trace, p: usize) -> &str {
    &t.participants[p].address
}

#[test]
fn asterisk_pjsip_busy_with_reason_and_retry_after() {
    let t = analyse("logs/asterisk-pjsip-busy.log");
    assert_eq!(t.calls.len(), 1);
    let c = &t.calls[0];
    assert_eq!(
        labels(&t, 0),
        ["INVITE", "100 Trying", "180 Ringing", "486 Busy Here"]
    );
    let Outcome::Busy { code: 486, by } = c.outcome else {
        panic!("{:?}", c.outcome)
    };
    assert_eq!(addr(&t, by), "203.0.113.20:5060");
    // The log host's own address comes from the Via of what it sent.
    assert!(t.participants[c.messages[0].src].log_host);
    assert_eq!(addr(&t, c.messages[0].src), "198.51.100.7:5060");
    assert!(c.notes.iter().any(|n| matches!(
        n,
        trace::Note::Reason { protocol, cause: 17, .. } if protocol == "Q.850"
    )));
    assert!(c
        .notes
        .iter()
        .any(|n| matches!(n, trace::Note::RetryAfter { seconds: 600, .. })));
    assert_eq!(c.codes, [100, 180, 486]);
    insta::assert_snapshot!("asterisk_pjsip_busy", ladder(&t, 0));
}

#[test]
fn asterisk_pjsip_answered_after_a_challenge_and_who_hung_up() {
    let t = analyse("asterisk-pjsip-auth-answered.log");
    let c = &t.calls[0];
    let Outcome::Answered {
        code: 200,
        by,
        hangup: Some(h),
    } = c.outcome
    else {
        panic!("{:?}", c.outcome)
    };
    assert_eq!(by, h, "the PBX answered and hung up");
    assert!(t.participants[h].log_host);
    assert!(c
        .notes
        .iter()
        .any(|n| matches!(n, trace::Note::Authenticated { code: 401 })));
    assert_eq!(t.privacy.digest_lines, 1);
    insta::assert_snapshot!("asterisk_pjsip_auth_answered", ladder(&t, 0));
}

#[test]
fn chan_sip_cancelled() {
    let t = analyse("chan-sip-cancelled.log");
    let c = &t.calls[0];
    let Outcome::Cancelled {
        by,
        code: Some(487),
    } = c.outcome
    else {
        panic!("{:?}", c.outcome)
    };
    assert_eq!(addr(&t, by), "198.51.100.60:5060");
    assert_eq!(c.messages.len(), 7);
    insta::assert_snapshot!("chan_sip_cancelled", ladder(&t, 0));
}

#[test]
fn freeswitch_488_lists_offer_and_answer_codecs() {
    let t = analyse("freeswitch-siptrace-488.log");
    let c = &t.calls[0];
    let Outcome::MediaMismatch {
        code: 488,
        offer: Some(offer),
        answer: Some(answer),
        common,
        ..
    } = &c.outcome
    else {
        panic!("{:?}", c.outcome)
    };
    assert_eq!(offer.codecs("audio"), ["G722", "PCMU", "PCMA"]);
    assert_eq!(answer.codecs("audio"), ["G729", "G723"]);
    assert!(common.is_empty());
    assert!(c
        .notes
        .iter()
        .any(|n| matches!(n, trace::Note::Warning { code: 305, .. })));
    // FreeSWITCH logs "send … to udp/[…]": the other end is the log host, on its Via address.
    assert_eq!(addr(&t, c.messages[0].src), "203.0.113.50:5080");
    let reply = trace_reply(cat(), Lang::BASE, &t).unwrap();
    let d = &reply.embeds[0].description;
    assert!(d.contains("G722, PCMU, PCMA") && d.contains("G729"), "{d}");
    insta::assert_snapshot!("freeswitch_488", ladder(&t, 0));
}

#[test]
fn kamailio_syslog_register_auth_loop() {
    let t = analyse("kamailio-syslog-auth-loop.log");
    let c = &t.calls[0];
    let Outcome::WrongCredentials {
        code: 401,
        challenges: 3,
        ..
    } = c.outcome
    else {
        panic!("{:?}", c.outcome)
    };
    assert_eq!(t.privacy.digest_lines, 2);
    insta::assert_snapshot!("kamailio_auth_loop", ladder(&t, 0));
}

#[test]
fn ngrep_one_line_packets_redirect() {
    let t = analyse("ngrep-redirect-302.txt");
    let c = &t.calls[0];
    let Outcome::Redirected {
        code: 302,
        contacts,
        ..
    } = &c.outcome
    else {
        panic!("{:?}", c.outcome)
    };
    assert_eq!(contacts, &["sip:4400@198.51.100.9:5060"]);
    assert_eq!(addr(&t, c.messages[1].src), "198.51.100.7:5060");
    assert!(c.messages[0].sdp.is_some(), "the SDP after '....' is read");
    insta::assert_snapshot!("ngrep_redirect", ladder(&t, 0));
}

#[test]
fn redaction_masks_addresses_users_and_numbers_consistently() {
    let mut t = analyse("chan-sip-cancelled.log");
    t.redact();
    let json = serde_json::to_string(&t).unwrap();
    for secret in ["198.51.100.60", "0912345678", "0241234567", "203.0.113.5"] {
        assert!(!json.contains(secret), "{secret} left in {json}");
    }
    let reply = trace_reply(cat(), Lang::BASE, &t).unwrap();
    check_limits(&reply).unwrap();
    assert!(reply.embeds[0].description.contains("masked"));
    assert!(trace::redact("call 0912345678 at 10.0.0.1").contains("NUM-1"));
}

#[test]
fn looks_like_trace_needs_two_messages_with_headers() {
    assert!(!trace::looks_like_trace("SIP/2.0 486 Busy Here"));
    assert!(!trace::looks_like_trace(
        "we got SIP/2.0 486 Busy Here and then SIP/2.0 603 Decline"
    ));
    assert!(!trace::looks_like_trace("hello there"));
    let one = "SIP/2.0 486 Busy Here\nVia: SIP/2.0/UDP 1.2.3.4\nCall-ID: x\nCSeq: 1 INVITE\n";
    assert!(!trace::looks_like_trace(one));
    assert!(trace::looks_like_trace(&format!("{one}\n{one}")));
}

#[test]
fn interleaved_calls_are_grouped_by_call_id() {
    let a = load("logs/asterisk-pjsip-busy.log");
    let b = load("chan-sip-cancelled.log");
    // Alternate the two files block by block (blocks end at blank lines).
    let blocks = |s: &str| -> Vec<String> { s.split("\n\n").map(|x| format!("{x}\n\n")).collect() };
    let (ba, bb) = (blocks(&a), blocks(&b));
    let mut mixed = String::new();
    for i in 0..ba.len().max(bb.len()) {
        for list in [&ba, &bb] {
            if let Some(x) = list.get(i) {
                mixed.push_str(x);
            }
        }
    }
    let t = trace::analyse(&mixed);
    assert_eq!(t.calls.len(), 2);
    assert!(t
        .calls
        .iter()
        .any(|c| matches!(c.outcome, Outcome::Busy { .. })));
    assert!(t
        .calls
        .iter()
        .any(|c| matches!(c.outcome, Outcome::Cancelled { .. })));
    check_limits(&trace_reply(cat(), Lang::BASE, &t).unwrap()).unwrap();
}

#[test]
fn a_huge_paste_finishes_with_bounded_results() {
    // About 20 MB: the busy call again and again, each time with a new Call-ID.
    let base = load("logs/asterisk-pjsip-busy.log");
    let mut big = String::with_capacity(21 << 20);
    let mut n = 0;
    while big.len() < 20 << 20 {
        big.push_str(&base.replace("4f0c3a8e-0b1d", &format!("call-{n}")));
        big.push('\n');
        n += 1;
    }
    let t = trace::analyse(&big);
    assert!(t.calls.len() <= trace::MAX_CALLS);
    assert!(t.messages_kept <= trace::MAX_MESSAGES);
    assert_eq!(t.messages_seen, 4 * n);
    assert_eq!(t.calls_seen, n);
    assert!(t.truncated());
    let reply = trace_reply(cat(), Lang::BASE, &t).unwrap();
    check_limits(&reply).unwrap();
    assert!(reply.embeds[0].description.contains("kept the first"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_text(s in "\\PC{0,400}") {
        let t = trace::analyse(&s);
        let _ = trace::looks_like_trace(&s);
        if let Some(r) = trace_reply(cat(), Lang::BASE, &t) {
            prop_assert!(check_limits(&r).is_ok());
        }
        let _ = trace::redact(&s);
    }

    #[test]
    fn never_panics_on_mangled_sip(
        cut in 0usize..3000,
        junk in "[ -~\\r\\n\\t]{0,60}",
        pick in 0usize..6,
    ) {
        let names = [
            "logs/asterisk-pjsip-busy.log",
            "asterisk-pjsip-auth-answered.log",
            "chan-sip-cancelled.log",
            "freeswitch-siptrace-488.log",
            "kamailio-syslog-auth-loop.log",
            "ngrep-redirect-302.txt",
        ];
        let text = load(names[pick]);
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mangled = format!("{}{junk}{}", &text[..at], &text[at..]);
        let t = trace::analyse(&mangled);
        if let Some(r) = trace_reply(cat(), Lang::BASE, &t) {
            prop_assert!(check_limits(&r).is_ok());
        }
    }
}

#[test]
fn ngrep_byline_register_200_with_expires() {
    let t = analyse("ngrep-byline-register.txt");
    let c = &t.calls[0];
    let Outcome::Registered {
        expires: Some(600),
        by,
    } = c.outcome
    else {
        panic!("{:?}", c.outcome)
    };
    assert_eq!(addr(&t, by), "203.0.113.8:5060");
    // The "." ngrep prints for each CR is not part of the values.
    assert_eq!(c.messages[3].header("CSeq"), Some("2 REGISTER"));
    assert_eq!(c.messages[1].label(), "401 Unauthorized");
    insta::assert_snapshot!("ngrep_byline_register", ladder(&t, 0));
}

#[test]
fn sngrep_glare_on_a_re_invite_and_an_interleaved_options() {
    let t = analyse("sngrep-glare.txt");
    assert_eq!(t.calls.len(), 2, "the OPTIONS ping is its own call");
    let Outcome::Glare { answered: true, .. } = t.calls[0].outcome else {
        panic!("{:?}", t.calls[0].outcome)
    };
    assert!(matches!(
        &t.calls[1].outcome,
        Outcome::Completed { method, code: 200, .. } if method == "OPTIONS"
    ));
    insta::assert_snapshot!("sngrep_glare", ladder(&t, 0));
}

#[test]
fn sngrep_through_a_proxy_names_the_proxy_and_who_declined() {
    let t = analyse("sngrep-proxy-decline.txt");
    let c = &t.calls[0];
    let Outcome::Rejected { code: 603, by, .. } = &c.outcome else {
        panic!("{:?}", c.outcome)
    };
    assert_eq!(
        addr(&t, *by),
        "203.0.113.99:5060",
        "the phone declined, not the proxy"
    );
    let proxy = t
        .participants
        .iter()
        .position(|p| p.address == "198.51.100.1:5060")
        .unwrap();
    assert_eq!(c.role_of(proxy), Some(trace::Role::Proxy));
    assert_eq!(c.participants.len(), 3);
    insta::assert_snapshot!("sngrep_proxy_decline", ladder(&t, 0));
}

#[test]
fn tcpdump_retransmitted_invite_times_out() {
    let t = analyse("tcpdump-timeout.txt");
    let c = &t.calls[0];
    assert!(matches!(
        c.outcome,
        Outcome::TimedOut {
            code: None,
            transmissions: 7,
            ..
        }
    ));
    assert_eq!(c.messages.iter().filter(|m| m.retransmission).count(), 6);
    assert!(c.messages[0].sdp.is_some());
    let l = ladder(&t, 0);
    assert!(l.contains("INVITE ×7"), "{l}");
    insta::assert_snapshot!("tcpdump_timeout", l);
}

#[test]
fn sipp_422_with_min_se() {
    let t = analyse("sipp-422.log");
    let c = &t.calls[0];
    assert!(matches!(
        c.outcome,
        Outcome::SessionTimer {
            min_se: Some(90),
            session_expires: Some(60),
            ..
        }
    ));
    // SIPp says "sent" and "received" only: the other end is SIPp itself.
    assert!(t.participants[c.messages[0].src].log_host);
    insta::assert_snapshot!("sipp_422", ladder(&t, 0));
}

#[test]
fn linphone_403_after_authentication() {
    let t = analyse("linphone-403-after-auth.log");
    let c = &t.calls[0];
    assert!(matches!(c.outcome, Outcome::ForbiddenAfterAuth { .. }));
    assert_eq!(addr(&t, c.messages[0].dst), "198.51.100.140:5060");
    assert!(c
        .notes
        .iter()
        .any(|n| matches!(n, trace::Note::Warning { code: 399, .. })));
    assert_eq!(t.privacy.digest_lines, 1);
    insta::assert_snapshot!("linphone_403_after_auth", ladder(&t, 0));
}

#[test]
fn pjsip_softphone_408_with_reason_sip() {
    let t = analyse("pjsip-softphone-408.log");
    let c = &t.calls[0];
    assert!(matches!(
        c.outcome,
        Outcome::TimedOut {
            code: Some(408),
            ..
        }
    ));
    assert!(c.notes.iter().any(|n| matches!(
        n,
        trace::Note::Reason { protocol, cause: 408, .. } if protocol == "SIP"
    )));
    assert_eq!(addr(&t, c.messages[0].src), "10.0.5.17:54012");
    insta::assert_snapshot!("pjsip_408", ladder(&t, 0));
}

#[test]
fn prefixed_crlf_compact_and_folded_headers() {
    let t = analyse("prefixed-crlf-compact.log");
    let c = &t.calls[0];
    assert_eq!(c.call_id, "a84b4c76e66710@pc33.example.com");
    assert_eq!(c.messages.len(), 6);
    let invite = &c.messages[0];
    assert_eq!(invite.header("Subject"), Some("quarterly review"));
    assert_eq!(invite.header("Content-Type"), Some("application/sdp"));
    assert_eq!(invite.sdp.as_ref().unwrap().codecs("audio"), ["PCMU"]);
    let Outcome::Answered {
        by,
        hangup: Some(h),
        ..
    } = c.outcome
    else {
        panic!("{:?}", c.outcome)
    };
    assert_eq!(by, h, "Bob answered and hung up");
    assert_eq!(addr(&t, h), "192.0.2.30:5060");
    insta::assert_snapshot!("prefixed_crlf_compact", ladder(&t, 0));
}

#[test]
fn every_ladder_fits_sixty_columns() {
    let names = [
        "asterisk-pjsip-auth-answered.log",
        "chan-sip-cancelled.log",
        "freeswitch-siptrace-488.log",
        "kamailio-syslog-auth-loop.log",
        "ngrep-redirect-302.txt",
        "ngrep-byline-register.txt",
        "sngrep-glare.txt",
        "sngrep-proxy-decline.txt",
        "tcpdump-timeout.txt",
        "sipp-422.log",
        "linphone-403-after-auth.log",
        "pjsip-softphone-408.log",
        "prefixed-crlf-compact.log",
    ];
    for name in names {
        let t = analyse(name);
        for i in 0..t.calls.len() {
            for line in ladder(&t, i).lines() {
                assert!(
                    line.chars().count() <= sipbot::render::trace::ladder::WIDTH,
                    "{name}: {line}"
                );
            }
        }
    }
}

#[test]
fn a_long_call_is_elided_in_the_middle_with_a_count() {
    let mut text = load("prefixed-crlf-compact.log");
    // Forty INFO/200 pairs between the answer and the hang-up.
    let info = |n: usize, resp: bool| {
        let start = if resp {
            "SIP/2.0 200 OK".to_string()
        } else {
            "INFO sip:bob@192.0.2.30 SIP/2.0".to_string()
        };
        format!(
            "{start}\r\nVia: SIP/2.0/TCP 192.0.2.20:5060;branch=z9hG4bKinfo{n}\r\n\
             From: <sip:alice@192.0.2.20>;tag=1928301774\r\nTo: <sip:bob@192.0.2.30>;tag=a6c85cf\r\n\
             Call-ID: a84b4c76e66710@pc33.example.com\r\nCSeq: {} INFO\r\nContent-Length: 0\r\n\r\n",
            314160 + n
        )
    };
    let cut = text.find("sipgw-1  | 2024-03-12T19:00:04").unwrap();
    let mut middle = String::new();
    for n in 0..40 {
        middle.push_str(&info(n, false));
        middle.push_str(&info(n, true));
    }
    text.insert_str(cut, &middle);
    let t = trace::analyse(&text);
    assert_eq!(t.calls[0].messages.len(), 86);
    let l = sipbot::render::trace::ladder(cat(), Lang::BASE, &t, &t.calls[0], 12);
    assert!(l.contains("75 more messages"), "{l}");
    assert_eq!(l.lines().count(), 13);
    insta::assert_snapshot!("long_call_elided", l);
    check_limits(&trace_reply(cat(), Lang::BASE, &t).unwrap()).unwrap();
}

/// Every `trace-*` key the code uses exists in English, so a translation has the full list
/// in data/en/ui.ftl and no reply ever shows a bare key.
#[test]
fn every_trace_key_used_in_code_is_in_the_english_catalogue() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("cli/trace.rs")];
    for dir in ["trace", "render/trace"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    let mut used = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, _) in text.match_indices("\"trace-") {
            let key: String = text[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            used += 1;
            assert!(
                cat().has_ui_key(Lang::BASE, &key),
                "{key} (used in {}) is missing from data/en/ui.ftl",
                f.display()
            );
        }
    }
    assert!(used > 40, "found only {used} keys");
}

/// A fixture of log lines (`traces/line-*`), each naming its source on its first line.
fn lines(name: &str) -> Trace {
    let text = load(&format!("traces/line-{name}"));
    assert!(
        text.starts_with("# source: "),
        "{name} names its source on its first line"
    );
    let t = trace::analyse(&text);
    assert!(!t.calls.is_empty(), "{name}: no call found");
    let reply = trace_reply(cat(), Lang::BASE, &t).expect("a reply");
    check_limits(&reply).unwrap_or_else(|e| panic!("{name}: {e}"));
    t
}

fn log_sources(c: &trace::Call) -> Vec<trace::LogSource> {
    c.messages
        .iter()
        .filter_map(|m| m.log.as_ref().map(|l| l.source))
        .collect()
}

#[test]
fn log_lines_of_each_family_become_events_with_their_outcome() {
    use trace::{Gap, LogSource as S};
    let t = lines("asterisk-chan-sip-busy.log");
    let c = &t.calls[0];
    assert!(matches!(c.outcome, Outcome::Busy { code: 486, .. }));
    assert_eq!(addr(&t, c.messages[0].src), "54.172.60.3:5060");
    assert_eq!(log_sources(c), [S::Asterisk]);

    let t = lines("baresip-progress-486.log");
    assert_eq!(t.calls[0].codes, [100, 180, 486]);
    assert!(matches!(
        t.calls[0].outcome,
        Outcome::Busy { code: 486, .. }
    ));

    for name in ["freeswitch-early-183.log", "freeswitch-received-100.log"] {
        let c = &lines(name).calls[0];
        assert!(matches!(c.outcome, Outcome::Unfinished { .. }), "{name}");
        assert!(c
            .channel
            .as_deref()
            .is_some_and(|ch| ch.starts_with("sofia/")));
        assert!(c.gaps.contains(&Gap::NoDirections), "{name}: a timeline");
    }

    let t = lines("pjsip-incoming-603.log");
    let c = &t.calls[0];
    assert_eq!(c.messages.len(), 1, "the ACK 'created' is not sent yet");
    assert!(matches!(c.outcome, Outcome::Rejected { code: 603, .. }));
    assert_eq!(c.messages[0].cseq, Some(32120));
    let c = &lines("pjsip-options-200.log").calls[0];
    assert!(matches!(c.outcome, Outcome::Completed { code: 200, .. }));

    let c = &lines("sofia-nta-bye.log").calls[0];
    assert_eq!(
        (c.messages[0].method.as_str(), c.messages[0].cseq),
        ("BYE", Some(461679504))
    );
    assert_eq!(log_sources(c), [S::FreeSwitch]);

    let t = lines("wireshark-register-401-twice.txt");
    let c = &t.calls[0];
    assert_eq!(
        labels(&t, 0),
        [
            "REGISTER",
            "401 Unauthorized",
            "REGISTER",
            "401 Unauthorized"
        ]
    );
    assert_eq!(addr(&t, c.messages[0].src), "10.10.10.60:5060");
    assert!(c.directed());
    let t = lines("wireshark-cancel-487.txt");
    assert!(matches!(
        t.calls[0].outcome,
        Outcome::Cancelled {
            code: Some(487),
            ..
        }
    ));

    for (name, waited) in [
        ("sipp-screen-register-401.txt", "401"),
        ("sipp-screen-register-100.txt", "100"),
    ] {
        let c = &lines(name).calls[0];
        assert_eq!(
            labels(&lines(name), 0),
            ["REGISTER"],
            "{name}: rows with 0 are not messages"
        );
        assert!(
            c.gaps.contains(&Gap::Expected {
                label: waited.into()
            }),
            "{name}"
        );
        assert!(
            matches!(c.outcome, Outcome::Unfinished { last: None, .. }),
            "{name}"
        );
    }
}

#[test]
fn a_log_line_about_a_message_in_the_paste_is_not_counted_twice() {
    let t = lines("sofia-nta-183-mixed.log");
    assert_eq!(t.calls.len(), 1);
    assert_eq!(labels(&t, 0), ["183 Session Progress"]);
    assert!(
        t.calls[0].messages[0].log.is_none(),
        "the whole message wins"
    );
    // pjsua's "TX … Request msg INVITE" line before the INVITE it sends is its frame.
    let t = analyse("pjsip-softphone-408.log");
    assert!(t.calls[0].messages.iter().all(|m| m.log.is_none()));
    assert_eq!(t.calls.len(), 1);
}

#[test]
fn partial_traces_name_what_happened_and_what_is_missing() {
    use trace::Gap;
    // A final response alone, with its headers.
    let t = lines("response-only-503.txt");
    let c = &t.calls[0];
    assert!(matches!(
        &c.outcome,
        Outcome::Rejected { method, code: 503, .. } if method == "INVITE"
    ));
    assert!(c.gaps.contains(&Gap::NoRequest {
        method: "INVITE".into()
    }));
    // SIPp's one-line abort: the status line alone, with the Call-ID SIPp quotes.
    let t = lines("sipp-abort-407.log");
    assert_eq!(t.calls[0].call_id, "1-3332@172.31.0.23");
    assert!(matches!(
        t.calls[0].outcome,
        Outcome::Challenged { code: 407, .. }
    ));
    let t = lines("sipp-abort-200.log");
    assert_eq!(t.calls[0].codes, [200]);
    // A CANCEL whose INVITE is not in the paste, carrying "answered elsewhere".
    let text = "CANCEL sip:1001@192.0.2.10 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKc1\n\
                Call-ID: c1\nCSeq: 5 CANCEL\nReason: SIP;cause=200;text=\"Call completed elsewhere\"\n\n\
                SIP/2.0 200 OK\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKc1\nCall-ID: c1\nCSeq: 5 CANCEL\n\n";
    let t = trace::analyse(text);
    let c = &t.calls[0];
    assert!(matches!(c.outcome, Outcome::Cancelled { code: None, .. }));
    assert!(c.gaps.contains(&Gap::NoInvite));
    assert!(c
        .diagnoses
        .contains(&trace::Diagnosis::AnsweredElsewhere { message: 0 }));
    let story = sipbot::render::text::reply(&trace_reply(cat(), Lang::BASE, &t).unwrap());
    assert!(story.contains("RFC 3326"), "{story}");
}

#[test]
fn a_busy_code_with_normal_clearing_is_named_with_rfc_3398() {
    let text = load("logs/asterisk-pjsip-busy.log").replace("cause=17", "cause=16");
    let t = trace::analyse(&text);
    let d = &t.calls[0].diagnoses;
    assert!(
        d.iter().any(|d| matches!(
            d,
            trace::Diagnosis::ReasonMismatch {
                code: 486,
                cause: 16,
                expected: 17,
                ..
            }
        )),
        "{d:?}"
    );
    // The original, cause 17 with 486, agrees with RFC 3398.
    assert!(analyse("logs/asterisk-pjsip-busy.log").calls[0]
        .diagnoses
        .is_empty());
    // A 408 after a 100 Trying: a hop past the first timed out.
    let t = analyse("pjsip-softphone-408.log");
    assert!(t.calls[0]
        .diagnoses
        .iter()
        .any(|d| matches!(d, trace::Diagnosis::TimeoutPastFirstHop { .. })));
}

/// The text of a trace reply, all embeds.
fn reply_text(t: &Trace, lang: Lang) -> String {
    let reply = trace_reply(cat(), lang, t).expect("a reply");
    check_limits(&reply).unwrap_or_else(|e| panic!("{e}"));
    reply
        .embeds
        .iter()
        .map(|e| e.description.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn freeswitch_hangup_lines_name_their_cause_in_the_story() {
    for (name, channel, cause) in [
        (
            "freeswitch-hangup-normal-clearing.log",
            "sofia/external/704@10.40.10.43",
            "NORMAL_CLEARING",
        ),
        (
            "freeswitch-hangup-incompatible-destination.log",
            "sofia/external/5059687272",
            "INCOMPATIBLE_DESTINATION",
        ),
        (
            "freeswitch-hangup-mrcp.log",
            "sofia/internal/1003@192.168.1.156",
            "NORMAL_CLEARING",
        ),
    ] {
        let text = load(&format!("traces/line-{name}"));
        assert!(text.starts_with("# source: "), "{name} names its source");
        let t = trace::analyse(&text);
        assert_eq!(t.hangups.len(), 1, "{name}");
        assert_eq!(t.hangups[0].name, cause, "{name}");
        assert_eq!(t.hangups[0].channel.as_deref(), Some(channel), "{name}");
        // Mixed with the state lines of another real log: one story that names the cause.
        let mixed = format!("{}\n{text}", load("traces/line-freeswitch-early-183.log"));
        let t = trace::analyse(&mixed);
        let shown = reply_text(&t, Lang::BASE);
        assert!(shown.contains(&format!("`{cause}`")), "{name}: {shown}");
        let q850 = if cause == "NORMAL_CLEARING" {
            "Q.850 cause 16, Normal call clearing"
        } else {
            "Q.850 cause 88, Incompatible destination"
        };
        assert!(shown.contains(q850), "{name}: {shown}");
        let vi = reply_text(&t, cat().lang("vi").expect("vi"));
        assert!(
            vi.contains(&format!("`{cause}`")) && vi.contains("cause Q.850"),
            "{vi}"
        );
    }
    // A name the catalogue does not know is not guessed at; one of FreeSWITCH's own values
    // says it has no Q.850 cause.
    let own =
        load("traces/line-freeswitch-hangup-mrcp.log").replace("NORMAL_CLEARING", "MEDIA_TIMEOUT");
    let made_up = own.replace("MEDIA_TIMEOUT", "NOT_A_CAUSE");
    let base = load("traces/line-freeswitch-early-183.log");
    let shown = reply_text(&trace::analyse(&format!("{base}\n{own}")), Lang::BASE);
    assert!(
        shown.contains("FreeSWITCH's own value 604, no Q.850 cause"),
        "{shown}"
    );
    let shown = reply_text(&trace::analyse(&format!("{base}\n{made_up}")), Lang::BASE);
    assert!(!shown.contains("NOT_A_CAUSE"), "{shown}");
    // Redacted, the quoted line masks its address.
    let mut t = trace::analyse(&format!(
        "{base}\n{}",
        load("traces/line-freeswitch-hangup-normal-clearing.log")
    ));
    t.redact();
    assert!(
        !t.hangups[0].text.contains("10.40.10.43"),
        "{}",
        t.hangups[0].text
    );
}

// Readers for proxy, gateway, WebRTC-gateway and registration log lines (issue 17).

#[test]
fn proxy_tm_lines_are_replies_the_proxy_received() {
    use trace::LogSource as S;
    let t = lines("opensips-tm-200.log");
    let c = &t.calls[0];
    assert_eq!(c.codes, [200]);
    assert_eq!(log_sources(c), [S::Kamailio]);
    let t = lines("kamailio-tm-180.log");
    assert_eq!(t.calls[0].codes, [180]);
    assert!(matches!(t.calls[0].outcome, Outcome::Unfinished { .. }));
    // Kamailio's log prefix names the transaction: CSeq, method and Call-ID (the prefix as
    // in kamailio/kamailio#2436, on the tm line of kamailio/kamailio#1395).
    let text =
        "20(1926) DEBUG: {2 12375830 INVITE 4a681d86@48.146.161.153:5060} tm [t_reply.c:1232]: \
                t_should_relay_response(): ->>>>>>>>> T_code=180, new_code=486";
    let t = trace::analyse(text);
    let c = &t.calls[0];
    assert_eq!(c.call_id, "4a681d86@48.146.161.153:5060");
    assert_eq!(
        (c.messages[0].method.as_str(), c.messages[0].cseq),
        ("INVITE", Some(12375830))
    );
    assert!(matches!(c.outcome, Outcome::Busy { code: 486, .. }));
}

#[test]
fn janus_events_and_callbacks_tell_the_call() {
    let t = lines("janus-hangup-487.log");
    let c = &t.calls[0];
    assert_eq!(c.call_id, "4515e0000ef5-5d6ccd2c-50b6236e-231838f0-e68abe2");
    assert_eq!(c.codes, [487]);
    assert_eq!(c.messages[0].method, "INVITE");
    let t = lines("janus-nua-486.log");
    assert!(matches!(
        t.calls[0].outcome,
        Outcome::Busy { code: 486, .. }
    ));
    let shown = reply_text(&t, Lang::BASE);
    assert!(shown.contains("Janus SIP plugin log"), "{shown}");
}

#[test]
fn registration_lines_name_the_registration_outcome() {
    for (name, code) in [
        ("pjsua-registration-403.log", 403),
        ("sofia-reg-403.log", 403),
    ] {
        let t = lines(name);
        let c = &t.calls[0];
        assert_eq!(c.messages[0].method, "REGISTER", "{name}");
        assert_eq!(c.codes, [code], "{name}");
        assert!(
            reply_text(&t, Lang::BASE).contains("Registration failed"),
            "{name}"
        );
    }
    for name in [
        "asterisk-pjsip-register-200.log",
        "baresip-register-200.log",
    ] {
        let t = lines(name);
        assert!(
            matches!(t.calls[0].outcome, Outcome::Registered { .. }),
            "{name}: {:?}",
            t.calls[0].outcome
        );
    }
    // sofia-sip's own 904 ("no matching challenge") is no SIP response.
    let text = load("traces/line-sofia-reg-904.log");
    assert!(text.starts_with("# source: "));
    assert!(trace::analyse(&text).calls.is_empty());
}

#[test]
fn mod_sofia_hanging_up_names_the_cause_once() {
    let text = load("traces/line-freeswitch-hanging-up-normal-clearing.log");
    assert!(text.starts_with("# source: "));
    let t = trace::analyse(&text);
    assert_eq!(t.hangups.len(), 1);
    assert_eq!(t.hangups[0].name, "NORMAL_CLEARING");
    assert_eq!(
        t.hangups[0].channel.as_deref(),
        Some("sofia/internal/703@mydomain.pbx.mydomaintech.net")
    );
    // The core's "Hangup … [CAUSE]" line for the same channel is not a second cause.
    let both = format!(
        "{text}\n2023-10-13 08:37:55.224733 [NOTICE] sofia.c:1 Hangup \
         sofia/internal/703@mydomain.pbx.mydomaintech.net [CS_EXECUTE] [NORMAL_CLEARING]"
    );
    assert_eq!(trace::analyse(&both).hangups.len(), 1);
}

#[test]
fn a_drawn_ladder_becomes_a_directed_call() {
    let t = lines("ladder-rfc3261.txt");
    assert_eq!(t.calls.len(), 1);
    let c = &t.calls[0];
    assert_eq!(
        labels(&t, 0),
        [
            "INVITE",
            "INVITE",
            "100 Trying",
            "INVITE",
            "100 Trying",
            "180 Ringing",
            "180 Ringing",
            "180 Ringing",
            "200 OK",
            "200 OK",
            "200 OK",
            "ACK",
            "BYE",
            "200 OK"
        ]
    );
    assert!(c.directed());
    let first = &c.messages[0];
    assert_eq!(
        (addr(&t, first.src), addr(&t, first.dst)),
        ("column 1", "column 2")
    );
    let bye = &c.messages[12];
    assert_eq!(
        (addr(&t, bye.src), addr(&t, bye.dst)),
        ("column 4", "column 1")
    );
    // Responses answer the request sent the other way: the INVITE.
    assert!(c
        .messages
        .iter()
        .filter(|m| m.code().is_some())
        .take(8)
        .all(|m| m.method == "INVITE"));
    assert_eq!(c.messages[13].method, "BYE");
    assert!(matches!(c.outcome, Outcome::Answered { code: 200, .. }));
    // The media session (heads at both ends) and a table of codes are no messages.
    let t = trace::analyse("|<==========>|\n| 486 | Busy Here |\n|-----|-----------|");
    assert!(t.calls.is_empty());
}

/// The text of a record of `traces/gathered.jsonl`, by its source.
fn gathered(source: &str) -> String {
    let text = load("gathered.jsonl");
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|o| o["source"] == source)
        .and_then(|o| o["text"].as_str().map(String::from))
        .unwrap_or_else(|| panic!("no record from {source}"))
}

/// The story as the terminal prints it, in English or Vietnamese.
fn story(t: &Trace, lang: &str) -> String {
    let lang = cat().lang(lang).expect("language");
    let reply = trace_reply(cat(), lang, t).expect("a reply");
    check_limits(&reply).unwrap();
    sipbot::render::text::reply(&reply)
}

#[test]
fn lines_of_no_known_family_are_a_timeline_of_what_they_state() {
    use trace::{Gap, LogSource};
    // An Android softphone's registration callbacks: one 408, said three ways. The app's
    // own "Sip Reg Info" line has its reader now; the other two say the same 408.
    let t = trace::analyse(&load("stated-android-register-408.log"));
    assert_eq!(t.calls.len(), 1);
    let c = &t.calls[0];
    assert_eq!(c.codes, [408]);
    assert!(c.messages.iter().all(|m| m.method == "REGISTER"));
    assert!(matches!(
        &c.outcome,
        Outcome::TimedOut { method, code: Some(408), .. } if method == "REGISTER"
    ));
    let s = story(&t, "en");
    assert!(s.contains("Code: 408, Reason: Request Timeout"), "{s}");
    // A console line of no known family: drawn as a timeline, and the story says what
    // stated lines cannot show.
    let t = trace::analyse(&gathered("InnovateAsterisk/Browser-Phone#319"));
    let c = &t.calls[0];
    assert!(c.messages.iter().all(|m| !m.directed()));
    assert!(c.gaps.contains(&Gap::StatedOnly));
    let s = story(&t, "en");
    assert!(s.contains("--- 403"), "{s}");
    assert!(s.contains("not the SIP messages themselves"), "{s}");
    // A console line after a registration refused.
    let t = trace::analyse(&gathered("InnovateAsterisk/Browser-Phone#319"));
    assert!(matches!(
        &t.calls[0].outcome,
        Outcome::Rejected { method, code: 403, .. } if method == "REGISTER"
    ));
    assert!(story(&t, "en").contains("Registration failed"));
    // Responses listed one a line, the method from the sentence before them.
    let t = trace::analyse(&gathered("irontec/sngrep#19"));
    let c = &t.calls[0];
    assert_eq!(c.codes, [100, 183, 480]);
    assert!(matches!(
        &c.outcome,
        Outcome::Rejected { method, code: 480, .. } if method == "INVITE"
    ));
    // A sentence that is all the paste has: a busy call, told from the sentence.
    let t = trace::analyse(&gathered("meetecho/janus-gateway#1083"));
    let c = &t.calls[0];
    assert!(matches!(c.outcome, Outcome::Busy { code: 486, .. }));
    // The gateway's JSON event in it is read by its own reader.
    assert_eq!(
        c.messages[0].log.as_ref().map(|l| l.source),
        Some(LogSource::Janus)
    );
}

#[test]
fn a_stated_line_joins_the_message_it_answers() {
    // A REGISTER in full, then the client's line saying it failed with 408.
    let t = trace::analyse(&gathered("flutter-webrtc/dart-sip-ua#431"));
    assert_eq!(t.calls.len(), 1);
    let c = &t.calls[0];
    assert_eq!(labels(&t, 0), ["REGISTER", "408 Request Timeout"]);
    assert!(matches!(
        &c.outcome,
        Outcome::TimedOut { method, code: Some(408), .. } if method == "REGISTER"
    ));
    assert!(!c.gaps.contains(&trace::Gap::StatedOnly));
}

#[test]
fn a_487_alone_is_a_cancelled_call_whose_cancel_is_not_shown() {
    // A gateway's JSON hangup event, quoted in a sentence (meetecho/janus-gateway#1756).
    let text = r#"Here is an example of the reason string and the reason_text (from header Reason) so you can see the difference:
`{"event":"hangup","code":487,"reason":"Request Terminated","reason_text":"Call completed elsewhere"},"call_id":"4515e0000ef5-5d6ccd2c-50b6236e-231838f0-e68abe2"}`"#;
    let t = trace::analyse(text);
    let c = &t.calls[0];
    assert!(matches!(
        c.outcome,
        Outcome::Cancelled {
            code: Some(487),
            ..
        }
    ));
    let en = story(&t, "en");
    assert!(en.contains("that CANCEL is not in the paste"), "{en}");
    assert!(en.contains("RFC 3261 §21.4.26"), "{en}");
    let vi = story(&t, "vi");
    assert!(vi.contains("CANCEL đó không có trong đoạn dán"), "{vi}");
    // The event names its call.
    assert!(vi.contains("4515e0000ef5-5d6ccd2c"), "{vi}");
    // The same from a sentence alone (jambonz/jambonz-feature-server#106 says it of a callee).
    let t = trace::analyse(
        "If I place a call and the callee never answers I can see that eventually I'll get a 487 Request Terminated from B but that's not being picked up",
    );
    // A sentence names no call: the footer says the paste has no Call-ID.
    assert!(story(&t, "vi").contains("đoạn dán không có Call-ID"));
    assert!(matches!(
        t.calls[0].outcome,
        Outcome::Cancelled {
            code: Some(487),
            ..
        }
    ));
}

#[test]
fn sentences_step_aside_when_the_paste_has_messages() {
    let t = trace::analyse(&load("stated-prose-beside-reinvite-491.log"));
    assert_eq!(t.calls.len(), 1);
    assert!(t.calls[0].messages.iter().all(|m| m.log.is_none()));
    assert_eq!(t.mentioned.len(), 1);
    assert_eq!((t.mentioned[0].line, t.mentioned[0].code), (2, 491));
    assert_eq!(t.messages_seen, t.messages_kept);
    let s = story(&t, "en");
    assert!(s.contains("also names 491 Request Pending"), "{s}");
    let v = serde_json::to_value(&t).unwrap();
    assert_eq!(v["mentioned"][0]["code"], 491);
    // With only sentences, they tell the story; their source says so.
    let t = trace::analyse(&gathered("arnonym/ha-plugins#211"));
    assert!(t.mentioned.is_empty());
    let v = serde_json::to_value(&t).unwrap();
    assert_eq!(v["calls"][0]["messages"][0]["log"]["source"], "prose");
    let gaps = v["calls"][0]["gaps"].as_array().unwrap();
    assert!(gaps.iter().any(|g| g["kind"] == "stated_only"), "{gaps:?}");
}

#[test]
fn numbers_config_and_floods_of_stated_lines_stay_bounded() {
    // Nothing but numbers, a script that tests codes, a comparison: no story.
    for text in [
        "100 200 300 400 500 600\n404 503 486\n1234 5678\n",
        "if ($rs == 486) { xlog(\"486 Busy Here\"); }\nsl_send_reply(\"403\", \"Forbidden\");",
        "Is 486 vs 600 the better answer to a busy user?",
    ] {
        assert!(trace::analyse(text).is_empty(), "{text}");
    }
    // About 4 MB of stated lines: the message cap holds and the reply fits.
    let line = "2025-03-24 10:06:36.364 I  Sip Reg Info - Code: 408, Reason: Request Timeout\n";
    let big = line.repeat((4 << 20) / line.len());
    let t = trace::analyse(&big);
    assert!(t.messages_kept <= trace::MAX_MESSAGES);
    assert!(t.truncated());
    story(&t, "en");
    story(&t, "vi");
}

#[test]
fn what_sipp_expected_when_it_aborted_is_a_gap_of_the_call() {
    use trace::Gap;
    // The response SIPp waited for, then the whole message it got instead.
    let t = trace::analyse(&load("stated-sipp-abort-expected-401.log"));
    assert_eq!(t.calls.len(), 1);
    let c = &t.calls[0];
    assert_eq!(c.codes, [478]);
    assert!(c.gaps.contains(&Gap::Expected {
        label: "401".into()
    }));
    assert!(story(&t, "en").contains("waited for 401"));
    // The status line alone (mojolingo/sippy_cup#94): the same gap, on the quoted Call-ID.
    let t = lines("sipp-abort-407.log");
    assert_eq!(t.calls.len(), 1);
    assert!(t.calls[0].gaps.contains(&Gap::Expected {
        label: "180".into()
    }));
}

// Registration results of softphone libraries wrapped in apps, and accounting records of
// Kamailio/OpenSIPS (each form from two sources, named on the fixtures' first lines).

#[test]
fn app_registration_lines_are_register_responses() {
    use trace::LogSource as S;
    for name in [
        "app-pjsip-android-register-408.log",
        "app-dart-sip-ua-register-408.log",
    ] {
        let t = lines(name);
        assert_eq!(t.calls.len(), 1, "{name}");
        let c = &t.calls[0];
        assert_eq!(c.codes, [408], "{name}");
        assert_eq!(c.main_method(), "REGISTER", "{name}");
        assert_eq!(log_sources(c), [S::AppLog], "{name}");
        assert!(
            matches!(c.outcome, Outcome::TimedOut { .. }),
            "{name}: {:?}",
            c.outcome
        );
        let shown = reply_text(&t, Lang::BASE);
        assert!(shown.contains("REGISTER"), "{name}: {shown}");
        assert!(shown.contains("Request Timeout"), "{name}: {shown}");
    }
    // The extension `sip:200` and the repeated state code are no second response.
    let t = lines("app-pjsip-android-register-408.log");
    assert_eq!(t.calls[0].messages.len(), 1);
}

#[test]
fn accounting_records_name_method_call_and_final_reply() {
    use trace::LogSource as S;
    let t = lines("kamailio-acc-bye-200.log");
    let c = &t.calls[0];
    assert_eq!(c.call_id, "ub2ds9fg5jhuc0g9jinb");
    assert_eq!(
        (c.main_method().as_str(), c.codes.as_slice()),
        ("BYE", &[200][..])
    );
    assert_eq!(log_sources(c), [S::Kamailio]);
    assert!(
        matches!(c.outcome, Outcome::Completed { .. }),
        "{:?}",
        c.outcome
    );
    let t = lines("kamailio-acc-bye-200-syslog.log");
    let c = &t.calls[0];
    assert_eq!(
        (c.main_method().as_str(), c.codes.as_slice()),
        ("BYE", &[200][..])
    );
    // A missed call as OpenSIPS's accounting tutorial prints it: the INVITE timed out.
    let t = trace::analyse(
        "ACC: call missed: timestamp=1474637733;method=INVITE;from_tag=1931529157;to_tag=;call_id=182969767;code=408;reason=Request Timeout",
    );
    let c = &t.calls[0];
    assert_eq!(c.call_id, "182969767");
    assert_eq!(
        (c.main_method().as_str(), c.codes.as_slice()),
        ("INVITE", &[408][..])
    );
    assert!(
        matches!(c.outcome, Outcome::TimedOut { .. }),
        "{:?}",
        c.outcome
    );
    // An accounting line without a code, or with a number that is no SIP code, is no event.
    for text in [
        "ACC: transaction answered: timestamp=1604565560;method=BYE;call_id=x",
        "ACC: transaction answered: timestamp=1604565560;method=BYE;call_id=x;code=999",
    ] {
        assert!(trace::analyse(text).calls.is_empty(), "{text}");
    }
}

#[test]
fn a_status_line_after_a_tag_or_with_a_few_headers_still_tells_the_outcome() {
    // webrtc2sip's "RECV:" tag before the status line, in a question.
    let t = trace::analyse(&gathered("DoubangoTelecom/doubango#308"));
    assert_eq!(t.calls.len(), 1);
    assert_eq!(t.calls[0].codes, [488]);
    let s = story(&t, "en");
    assert!(s.contains("488") && s.contains("media"), "{s}");
    // A 480 with only its Reason header under it (a Teams Direct Routing report).
    let t = trace::analyse(&gathered("MicrosoftDocs/OfficeDocs-SkypeForBusiness#9021"));
    assert_eq!(t.calls.len(), 1);
    assert!(
        matches!(t.calls[0].outcome, Outcome::Rejected { code: 480, .. }),
        "{:?}",
        t.calls[0].outcome
    );
    // A sentence with a status line in it is still a code to explain, not a trace.
    assert!(
        trace::analyse("we got SIP/2.0 486 Busy Here again from the carrier")
            .calls
            .is_empty()
    );
}

#[test]
fn codes_the_text_names_beside_a_story_are_mentioned() {
    // A BYE pasted under the sentence that says what came back (asterisk/asterisk#1735).
    let t = trace::analyse(&gathered("asterisk/asterisk#1735"));
    assert_eq!(t.calls.len(), 1);
    assert!(t.mentioned.iter().any(|m| m.code == 481));
    let s = story(&t, "en");
    assert!(
        s.contains("also names 481 Call/Transaction Does Not Exist"),
        "{s}"
    );
    assert!(story(&t, "vi").contains("481"));
    // A dispatcher's reply codes in its configuration, beside "receiving 200 OK"
    // (kamailio/kamailio#4298).
    let t = trace::analyse(&gathered("kamailio/kamailio#4298"));
    let mentioned: Vec<u16> = t.mentioned.iter().map(|m| m.code).collect();
    assert!(
        mentioned.contains(&403) && mentioned.contains(&488),
        "{mentioned:?}"
    );
    // With nothing to tell a story about, a sentence naming a code is no trace.
    let t =
        trace::analyse("asterisk returns Error 481, indicating that the session cannot be found");
    assert!(t.calls.is_empty() && t.mentioned.is_empty());
}
