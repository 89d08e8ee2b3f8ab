//! Packet captures (issue 16): captures tcpdump really wrote (tests/fixtures/captures, made
//! by scripts/record-captures.sh) read into calls and media, through the library and the real
//! binary; broken, truncated and random input answered with a sentence, never a panic.

use proptest::prelude::*;
use serde_json::Value;
use sipbot::capture::{self, CaptureError, Finding};
use sipbot::catalogue::Lang;
use sipbot::render::{check_limits, media};
use sipbot::trace::{Outcome, Transport};

use crate::bot_trace::{all_text, followup, menu_on_attachment, trace_command};
use crate::support::{bin, cat, fixture};

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("captures/{name}"))).expect("capture fixture")
}

fn read(name: &str) -> capture::Capture {
    capture::read_bytes(&bytes(name)).expect("a readable capture")
}

fn codes(c: &capture::Capture) -> Vec<u16> {
    c.trace
        .calls
        .iter()
        .flat_map(|c| c.messages.iter().filter_map(|m| m.code()))
        .collect()
}

#[test]
fn a_udp_call_keeps_times_addresses_and_the_media_both_ways() {
    let c = read("udp-two-way-dtmf-loss.pcap");
    assert_eq!(c.capture.sip_messages, 9);
    assert_eq!(c.trace.calls.len(), 1);
    let call = &c.trace.calls[0];
    assert!(matches!(call.outcome, Outcome::Answered { code: 200, .. }));
    let first = call.messages[0].wire.as_ref().expect("wire data");
    assert_eq!(first.src, "192.0.2.45:5060");
    assert_eq!(first.dst, "203.0.113.10:5060");
    assert_eq!(first.transport, Transport::Udp);
    assert!(first.time > 1.7e9, "epoch seconds: {}", first.time);
    // Times grow, and the ladder shows the offsets.
    let times: Vec<f64> = call
        .messages
        .iter()
        .map(|m| m.wire.as_ref().unwrap().time)
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    let ladder = sipbot::render::trace::ladder(cat(), Lang::BASE, &c.trace, call, 40);
    assert!(ladder.contains("+0.000 INVITE"), "{ladder}");

    assert_eq!(c.rtp_streams.len(), 2);
    let caller = c
        .rtp_streams
        .iter()
        .find(|s| s.src == "192.0.2.45:10000")
        .expect("the caller's stream");
    // The player left out every 25th packet of 99: 3 lost, and sent 1 2 3 4 # as RFC 4733.
    assert_eq!((caller.expected, caller.lost), (99, 3));
    assert_eq!(caller.codec.as_deref(), Some("PCMA"));
    let keys: Vec<&str> = caller.dtmf.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(keys, ["1", "2", "3", "4", "#"]);
    assert!(caller.announced && caller.call_id.is_some());
    let back = c
        .rtp_streams
        .iter()
        .find(|s| s.src == "203.0.113.10:10002")
        .unwrap();
    assert_eq!((back.packets, back.lost), (100, 0));
    assert!(c
        .media_findings
        .iter()
        .any(|f| matches!(f, Finding::Loss { lost: 3, .. })));
    assert!(!c
        .media_findings
        .iter()
        .any(|f| matches!(f, Finding::OneWay { .. } | Finding::NoAudio { .. })));
}

#[test]
fn pcapng_nanosecond_pcap_and_cooked_captures_read_alike() {
    let pcap = read("udp-two-way-dtmf-loss.pcap");
    let ng = read("udp-two-way-dtmf-loss.pcapng");
    assert_eq!(ng.capture.format, Some(capture::Format::PcapNg));
    assert_eq!(ng.capture.sip_messages, pcap.capture.sip_messages);
    let counts = |c: &capture::Capture| -> Vec<(String, u64, i64)> {
        c.rtp_streams
            .iter()
            .map(|s| (s.ssrc.clone(), s.packets, s.lost))
            .collect()
    };
    assert_eq!(counts(&ng), counts(&pcap));
    let t = |c: &capture::Capture| c.trace.calls[0].messages[0].wire.clone().unwrap().time;
    assert!((t(&ng) - t(&pcap)).abs() < 1e-6);

    let micro = read("udp-one-way.pcap");
    let nano = read("udp-one-way-nsec.pcap");
    assert!((t(&micro) - t(&nano)).abs() < 1e-6);
    assert_eq!(counts(&micro), counts(&nano));

    let sll2 = read("udp-one-way-sll2.pcap");
    assert_eq!(sll2.capture.link_types, [276]);
    assert_eq!(sll2.capture.sip_messages, 9);
    let sll = read("tcp-cancelled-sll.pcap");
    assert_eq!(sll.capture.link_types, [113]);
    assert!(matches!(
        sll.trace.calls[0].outcome,
        Outcome::Cancelled { .. }
    ));
}

#[test]
fn one_way_no_audio_and_nat_are_named_with_their_evidence() {
    let one = read("udp-one-way.pcap");
    let f = one
        .media_findings
        .iter()
        .find_map(|f| match f {
            Finding::OneWay {
                from,
                silent,
                packets,
                ..
            } => Some((from.clone(), silent.clone(), *packets)),
            _ => None,
        })
        .expect("one-way audio");
    assert_eq!(
        f,
        ("192.0.2.45:10000".into(), "203.0.113.10:10002".into(), 100)
    );

    let none = read("udp-no-audio.pcap");
    assert!(
        none.media_findings
            .iter()
            .any(|f| matches!(f, Finding::NoAudio { .. })),
        "{:?}",
        none.media_findings
    );

    let nat = read("udp-nat.pcap");
    assert!(nat.media_findings.iter().any(|f| matches!(f,
        Finding::PrivateInSdp { sdp, signalled_from, .. }
            if sdp == "192.168.1.20" && signalled_from == "192.0.2.45")));
    assert!(nat.media_findings.iter().any(|f| matches!(f,
        Finding::Elsewhere { sent_to, announced, .. }
            if sent_to == "192.0.2.45:10000" && announced == "192.168.1.20:10000")));
    // Worded in both languages, within Discord's limits.
    for lang in [Lang::BASE, cat().lang("vi").unwrap()] {
        let r = media::capture_reply(cat(), lang, &nat);
        check_limits(&r).unwrap();
        let text = format!("{:?}", r);
        assert!(text.contains("192.168.1.20"), "{text}");
    }
    let en = format!("{:?}", media::capture_reply(cat(), Lang::BASE, &one));
    assert!(en.contains("One-way audio"), "{en}");
}

/// Out-of-order TCP: the INVITE's middle segment was held back by a shaper on the loopback,
/// so its third segment arrived first (the receiver's kernel sent duplicate ACKs with SACK,
/// the sender retransmitted). Figures as tshark gives them with
/// `-o tcp.reassemble_out_of_order:TRUE`: 7 SIP messages, the INVITE, CANCEL and ACK only in
/// frame 20, once the late segment fills the hole.
#[test]
fn out_of_order_tcp_gives_every_message_once_the_hole_is_filled() {
    let c = read("tcp-out-of-order.pcap");
    assert_eq!(c.capture.packets, 22);
    assert_eq!(c.capture.sip_messages, 7);
    assert_eq!(c.capture.tcp_bytes_skipped, 0, "{:?}", c.capture);
    assert!(c.capture.tcp_retransmissions >= 1, "{:?}", c.capture);
    assert_eq!(c.trace.calls.len(), 1);
    let call = &c.trace.calls[0];
    assert_eq!(
        call.call_id,
        "3b5e0c9a1d7f4e2b8c6a0d1e2f3a4b5c@198.51.100.60:5060"
    );
    assert_eq!(codes(&c), [100, 180, 200, 487]);
    let time = |pick: &dyn Fn(&sipbot::trace::Message) -> bool| {
        let m = call.messages.iter().find(|m| pick(m)).expect("the message");
        m.wire.as_ref().unwrap().time
    };
    let invite = time(&|m| m.is_request() && m.method == "INVITE");
    let first = c.capture.first.unwrap();
    assert!(
        invite - first > 0.1,
        "the INVITE is whole only when its late segment comes, 156 ms in: {}",
        invite - first
    );
    assert!(invite > time(&|m| m.code() == Some(487)));
    assert!(matches!(call.outcome, Outcome::Cancelled { .. }));
}

/// 802.1Q: the one-way call with VLAN 100 tags in its frames (scripts/capture-rewrite.py vlan)
/// reads exactly as the untagged file; tshark agrees (9 SIP messages, one stream).
#[test]
fn vlan_tagged_frames_read_as_the_untagged_call() {
    let tagged = bytes("udp-one-way-vlan.pcap");
    // The first frame: MAC addresses, then TPID 0x8100 and VLAN 100.
    assert_eq!(tagged[24 + 16 + 12..24 + 16 + 16], [0x81, 0x00, 0x00, 100]);
    let (plain, vlan) = (read("udp-one-way.pcap"), read("udp-one-way-vlan.pcap"));
    assert_eq!(vlan.capture.undecoded, 0);
    assert_eq!(vlan.capture.sip_messages, 9);
    assert_eq!(vlan.rtp_streams.len(), 1);
    assert!(vlan
        .media_findings
        .iter()
        .any(|f| matches!(f, Finding::OneWay { .. })));
    assert_eq!(
        serde_json::to_value(&vlan).unwrap(),
        serde_json::to_value(&plain).unwrap()
    );
}

/// A big-endian pcap (the two-way call's headers rewritten in the other byte order by
/// scripts/capture-rewrite.py big-endian) reads exactly as the little-endian file tcpdump wrote.
#[test]
fn a_big_endian_pcap_reads_as_its_little_endian_original() {
    let le = bytes("udp-two-way-dtmf-loss.pcap");
    let be = bytes("udp-two-way-dtmf-loss-be.pcap");
    assert_eq!(le[..4], [0xd4, 0xc3, 0xb2, 0xa1]);
    assert_eq!(be[..4], [0xa1, 0xb2, 0xc3, 0xd4]);
    let (le, be) = (
        read("udp-two-way-dtmf-loss.pcap"),
        read("udp-two-way-dtmf-loss-be.pcap"),
    );
    assert_eq!(be.capture.packets, 205);
    assert_eq!(be.capture.sip_messages, 9);
    assert_eq!(be.rtp_streams.len(), 2);
    assert_eq!(
        serde_json::to_value(&be).unwrap(),
        serde_json::to_value(&le).unwrap()
    );
}

#[test]
fn tcp_streams_websocket_and_fragments_give_every_message() {
    // TCP: one INVITE in two segments, 100 and 180 in one segment, a kernel retransmission.
    let tcp = read("tcp-cancelled.pcap");
    assert_eq!(tcp.capture.sip_messages, 7);
    assert_eq!(codes(&tcp), [100, 180, 200, 487]);
    assert_eq!(
        tcp.trace.calls[0].messages[0]
            .wire
            .as_ref()
            .unwrap()
            .transport,
        Transport::Tcp
    );
    let m488 = read("tcp-media-488.pcap");
    assert!(matches!(
        m488.trace.calls[0].outcome,
        Outcome::MediaMismatch { code: 488, .. }
    ));
    assert!(m488
        .media_findings
        .iter()
        .any(|f| matches!(f, Finding::CodecNotAccepted { used: None, .. })));

    let ws = read("ws-register.pcap");
    assert_eq!(ws.capture.websocket_messages, 4);
    assert!(matches!(
        ws.trace.calls[0].outcome,
        Outcome::Registered { .. }
    ));
    assert_eq!(
        ws.trace.calls[0].messages[0]
            .wire
            .as_ref()
            .unwrap()
            .transport,
        Transport::Ws
    );

    let v6 = read("ipv6-fragments.pcap");
    assert!(v6.capture.reassembled >= 2, "{:?}", v6.capture);
    assert_eq!(v6.capture.sip_messages, 9);
    assert!(v6.trace.calls[0].messages[0]
        .wire
        .as_ref()
        .unwrap()
        .src
        .starts_with("[2001:db8::"));
    let v4 = read("ipv4-fragments-tcp-proxy.pcap");
    assert!(v4.capture.reassembled >= 2, "{:?}", v4.capture);
    assert_eq!(v4.trace.calls[0].participants.len(), 3);
}

#[test]
fn the_cli_reads_a_capture_by_its_magic_with_json_and_redaction() {
    // Renamed: the name says nothing, the first bytes do.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("call.log");
    std::fs::write(&path, bytes("udp-one-way.pcap")).unwrap();
    let out = bin()
        .args(["trace", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("One-way audio") && text.contains("```"),
        "{text}"
    );

    let out = bin()
        .args(["trace", "--json", path.to_str().unwrap()])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &v["calls"][0]["messages"][0]["wire"];
    assert!(m["time"].as_f64().unwrap() > 1.7e9);
    assert_eq!(m["src"], "192.0.2.45:5060");
    assert_eq!(m["transport"], "udp");
    let s = &v["rtp_streams"][0];
    assert_eq!(s["packets"], 100);
    assert_eq!(s["ssrc"], "0x11111111");
    assert!(s["mean_jitter_ms"].is_number());

    let out = bin()
        .args(["trace", "--json", "--redact", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for secret in ["192.0.2.45", "203.0.113.10"] {
        assert!(!text.contains(secret), "{secret} is masked");
    }
    assert!(text.contains("IP-"), "{text}");
}

#[test]
fn bad_captures_get_a_sentence() {
    let good = bytes("udp-two-way-dtmf-loss.pcap");
    // Cut in the middle of a packet: what came before is read, and the reply says so.
    let cut = capture::read_bytes(&good[..good.len() / 2]).unwrap();
    assert!(cut.capture.cut_short);
    let r = media::capture_reply(cat(), Lang::BASE, &cut);
    assert!(format!("{r:?}").contains("cut short"));
    // Inside the file header.
    assert_eq!(
        capture::read_bytes(&good[..10]).unwrap_err(),
        CaptureError::TruncatedHeader
    );
    // An unknown link type: every packet counted, none decoded, said plainly.
    let mut odd = good.clone();
    odd[20..24].copy_from_slice(&147u32.to_le_bytes());
    let c = capture::read_bytes(&odd).unwrap();
    assert_eq!(c.capture.unknown_link_types, [147]);
    let r = media::capture_reply(cat(), Lang::BASE, &c);
    let text = format!("{r:?}");
    assert!(
        text.contains("147") && text.contains("No SIP message"),
        "{text}"
    );
    // TLS on 5061: said, with what to do instead.
    let s = capture::Stats {
        tls_packets: 12,
        tls_ports: vec![5061],
        ..Default::default()
    };
    let tls = capture::Capture { capture: s, ..c };
    let text = format!("{:?}", media::capture_reply(cat(), Lang::BASE, &tls));
    assert!(text.contains("TLS") && text.contains("5061") && text.contains("sofia"));
    // Not a capture at all.
    assert!(media::file_reply(cat(), Lang::BASE, b"hello", false).is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random bytes after a valid magic, and real captures cut or overwritten anywhere after
    /// their magic: an answer every time, never a panic. (Bytes without a capture's magic are
    /// not a capture, and get no capture answer: `file_reply` is `None` for them.)
    #[test]
    fn random_and_damaged_captures_never_panic(
        magic in prop::sample::select(vec![
            vec![0xd4u8, 0xc3, 0xb2, 0xa1], vec![0xa1, 0xb2, 0xc3, 0xd4],
            vec![0x4d, 0x3c, 0xb2, 0xa1], vec![0x0a, 0x0d, 0x0d, 0x0a]]),
        tail in prop::collection::vec(any::<u8>(), 0..4096),
        cut in 0usize..50_000,
        at in 0usize..50_000,
        junk in prop::collection::vec(any::<u8>(), 1..64),
    ) {
        let mut b = magic.clone();
        b.extend_from_slice(&tail);
        let _ = media::file_reply(cat(), Lang::BASE, &b, false);
        let mut real = bytes(if cut % 2 == 0 { "tcp-cancelled.pcap" } else { "udp-two-way-dtmf-loss.pcapng" });
        let at = 4 + at % (real.len() - 4);
        for (i, j) in junk.iter().enumerate() {
            if let Some(x) = real.get_mut(at + i) { *x = *j; }
        }
        real.truncate(cut.max(4).min(real.len()));
        let r = media::file_reply(cat(), Lang::BASE, &real, true);
        prop_assert!(r.is_some());
    }
}

/// The other side of the property above: a real capture whose magic is overwritten is not
/// read as a capture.
#[test]
fn a_capture_without_its_magic_is_not_a_capture() {
    for name in ["tcp-cancelled.pcap", "udp-two-way-dtmf-loss.pcapng"] {
        let mut real = bytes(name);
        real[0] = b'G';
        assert!(
            media::file_reply(cat(), Lang::BASE, &real, true).is_none(),
            "{name}"
        );
    }
}

/// `/sip trace` with a capture attached, through the real bot and the fake Discord: the call
/// story and the media findings come back; the message menu reads it too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capture_attached_on_discord_gets_the_call_story_and_the_media() {
    let bot = crate::bot::start().await;
    let fake = &bot.fake;
    let att = fake.attachment("call.pcap", bytes("udp-one-way.pcap"));
    let i = trace_command(fake, &att);
    fake.dispatch("INTERACTION_CREATE", i.clone());
    let body = followup(fake, &i).await;
    let text = all_text(&body);
    assert!(text.contains("One-way audio"), "{text}");
    assert!(text.contains("```"), "the ladder: {text}");
    crate::bot::assert_no_mentions(&body);

    // The message menu on a message carrying the capture.
    let att = fake.attachment("call.pcapng", bytes("udp-two-way-dtmf-loss.pcapng"));
    let (i, _) = menu_on_attachment(fake, &att, "no audio?");
    let body = followup(fake, &i).await;
    let text = all_text(&body);
    assert!(
        text.contains("Audible loss") && text.contains("DTMF"),
        "{text}"
    );
    bot.stop().await.expect("clean stop");
}

/// Posts `msg` in its channel and waits for the bot's reply to it.
async fn posted_reply(fake: &crate::fake_discord::Fake, msg: Value) -> Value {
    let want = msg["id"].as_str().unwrap().to_string();
    let channel = msg["channel_id"].as_str().unwrap().to_string();
    fake.dispatch("MESSAGE_CREATE", msg);
    fake.wait_for(15, |r| {
        r.method == "POST" && r.path == format!("/channels/{channel}/messages") && r.answers(&want)
    })
    .await
    .body
}

/// A message in `channel` from Alice, empty but for `files` (attachment objects).
fn with_files(fake: &crate::fake_discord::Fake, channel: u64, files: Vec<Value>) -> (u64, Value) {
    use crate::fake_discord::{ALICE, GUILD};
    let id = fake.new_id();
    let mut msg = fake.message(id, ALICE, "", Some(GUILD));
    msg["channel_id"] = serde_json::json!(channel.to_string());
    msg["attachments"] = Value::Array(files);
    (id, msg)
}

/// Whether the fake served the file named `name` (the path ends with it).
fn downloaded(fake: &crate::fake_discord::Fake, name: &str) -> bool {
    fake.requests()
        .iter()
        .any(|r| r.path.starts_with("/files/") && r.path.ends_with(&format!("-{name}")))
}

/// A capture posted in a channel with auto-explain on, without a question: recognised by its
/// magic, answered with its story once per cooldown (its calls' codes are the keys), the
/// server's settings honoured; files that are not captures, or too short to be read, are left
/// unanswered, as other auto-explained files are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capture_posted_in_a_channel_is_explained_without_being_asked() {
    use crate::fake_discord::CHANNEL;
    use serde_json::json;
    let bot = crate::bot::start().await;
    let fake = &bot.fake;

    // A one-way call next to a screenshot (never downloaded): the story and the media.
    let shot = fake.attachment("screen.png", b"\x89PNG\r\n\x1a\n".to_vec());
    let pcap = fake.attachment("call.pcap", bytes("udp-one-way.pcap"));
    let (id, msg) = with_files(fake, CHANNEL, vec![shot, pcap]);
    let body = posted_reply(fake, msg).await;
    let text = all_text(&body);
    assert!(text.contains("One-way audio"), "{text}");
    assert!(
        text.contains("```") && text.contains("401"),
        "the ladder: {text}"
    );
    assert_eq!(
        body["components"][0]["components"][2]["custom_id"],
        format!("sipbot:r:{CHANNEL}:{id}"),
        "a Redacted copy of the capture is offered: {}",
        body["components"]
    );
    crate::bot::assert_no_mentions(&body);
    assert!(
        !downloaded(fake, "screen.png"),
        "the screenshot is left alone"
    );

    // The same capture again, a file named .pcap that is a PNG, unnamed binary that is no
    // capture, and a capture cut inside its file header: no answer to any.
    let (again, msg) = with_files(
        fake,
        CHANNEL,
        vec![fake.attachment("again.pcap", bytes("udp-one-way.pcap"))],
    );
    fake.dispatch("MESSAGE_CREATE", msg);
    let mut blob = fake.attachment("blob.bin", vec![0x50, 0x4b, 3, 4, 0, 0, 0xff, 0xfe]);
    blob["content_type"] = json!("application/octet-stream");
    let (binary, msg) = with_files(
        fake,
        CHANNEL,
        vec![
            fake.attachment("notes.pcap", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
            blob,
        ],
    );
    fake.dispatch("MESSAGE_CREATE", msg);
    let mut header = bytes("udp-one-way.pcap");
    header.truncate(12);
    let (cut, msg) = with_files(fake, CHANNEL, vec![fake.attachment("cut.pcap", header)]);
    fake.dispatch("MESSAGE_CREATE", msg);
    for name in ["again.pcap", "notes.pcap", "blob.bin", "cut.pcap"] {
        fake.wait_for(10, |r| r.path.ends_with(&format!("-{name}")))
            .await;
    }

    // A capture under a name that says nothing, sent as binary: its magic makes it one. It
    // holds other codes (488), so the cooldown lets it through.
    let mut dump = fake.attachment("call.dump", bytes("tcp-media-488.pcap"));
    dump["content_type"] = json!("application/octet-stream");
    let (_, msg) = with_files(fake, CHANNEL, vec![dump]);
    let text = all_text(&posted_reply(fake, msg).await);
    assert!(
        text.contains("488") && text.contains("Codec not accepted"),
        "{text}"
    );

    // A capture cut in the middle of a packet: what came before, and that it was cut.
    let mut part = bytes("tcp-cancelled.pcap");
    part.truncate(3000);
    let (_, msg) = with_files(fake, CHANNEL, vec![fake.attachment("part.pcap", part)]);
    let text = all_text(&posted_reply(fake, msg).await);
    assert!(
        text.contains("180") && text.contains("ends in the middle of a packet"),
        "{text}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    for (what, id) in [("repeated", again), ("binary", binary), ("cut", cut)] {
        let want = id.to_string();
        assert!(
            !fake.requests().iter().any(|r| r.answers(&want)),
            "the {what} file was answered"
        );
    }

    // A server forced to Vietnamese: the capture's answer is in Vietnamese.
    let vi = cat().lang("vi").unwrap();
    let third = CHANNEL + 2;
    crate::settings::admin(
        fake,
        &["settings", "language"],
        json!([{"name": "lang", "type": 4, "value": 2}]),
    )
    .await;
    let pcap = fake.attachment("call.pcapng", bytes("udp-two-way-dtmf-loss.pcapng"));
    let (_, msg) = with_files(fake, third, vec![pcap]);
    let text = all_text(&posted_reply(fake, msg).await);
    assert!(text.contains(&cat().t(vi, "media-title")), "{text}");

    // Auto-explain off for the server: the capture is not even downloaded.
    crate::settings::admin(
        fake,
        &["settings", "auto"],
        json!([{"name": "mode", "type": 4, "value": 0}]),
    )
    .await;
    let pcap = fake.attachment("off.pcap", bytes("udp-nat.pcap"));
    let (off, msg) = with_files(fake, CHANNEL + 3, vec![pcap]);
    fake.dispatch("MESSAGE_CREATE", msg);
    // Proof the bot is alive and has handled it: a direct question answered after it.
    let id = fake.new_id();
    let mut m = fake.message(
        id,
        crate::fake_discord::BOB,
        &format!("<@{}> SIP/2.0 503", crate::fake_discord::BOT_ID),
        Some(crate::fake_discord::GUILD),
    );
    m["mentions"] = json!([crate::fake_discord::Fake::user(
        crate::fake_discord::BOT_ID,
        "sipbot",
        true
    )]);
    posted_reply(fake, m).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!downloaded(fake, "off.pcap"));
    let want = off.to_string();
    assert!(!fake.requests().iter().any(|r| r.answers(&want)));
    bot.stop().await.expect("clean stop");
}
