//! Pasted traces and log files through the real bot and the fake Discord (issue 7): an
//! attached log downloaded from the fake's CDN, the paste pop-up, oversized and binary files,
//! the message menu on a message with attachments, and the Redacted copy button.

use serde_json::{json, Value};

use crate::bot::{assert_no_mentions, start};
use crate::fake_discord::{Fake, ALICE, APP_ID, BOB, BOT_ID, CHANNEL, GUILD};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/traces/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

/// `/sip trace file:` with `attachment` resolved, as Discord sends it.
pub fn trace_command(fake: &Fake, attachment: &Value) -> Value {
    let id = attachment["id"].as_str().unwrap().to_string();
    let mut i = fake.slash(
        "trace",
        json!([{"name": "file", "type": 11, "value": id}]),
        "en-US",
    );
    i["data"]["resolved"] = json!({"attachments": {id.clone(): attachment}});
    i
}

/// The message menu ("Explain SIP codes") pressed on a new message by Alice saying `text` and
/// carrying `attachment`: the interaction sent, and the message's id.
pub fn menu_on_attachment(fake: &Fake, attachment: &Value, text: &str) -> (Value, u64) {
    let msg_id = fake.new_id();
    let mut msg = fake.message(msg_id, ALICE, text, Some(GUILD));
    msg["attachments"] = json!([attachment]);
    fake.store_message(&msg);
    let data = json!({"id": "2", "name": "Explain SIP codes", "type": 3,
                      "target_id": msg_id.to_string(),
                      "resolved": {"messages": {msg_id.to_string(): msg}}});
    let i = fake.interaction(2, data, "en-US", ALICE, "0");
    fake.dispatch("INTERACTION_CREATE", i.clone());
    (i, msg_id)
}

/// The follow-up message that answers a deferred interaction.
pub async fn followup(fake: &Fake, i: &Value) -> Value {
    let path = format!("/webhooks/{APP_ID}/{}", i["token"].as_str().unwrap());
    fake.wait_for(15, |r| r.method == "POST" && r.path == path)
        .await
        .body
}

/// The text and embeds of a message body, for `contains` checks.
pub fn all_text(body: &Value) -> String {
    format!(
        "{} {}",
        body["content"].as_str().unwrap_or(""),
        body["embeds"]
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attached_log_is_downloaded_and_answered_with_the_call_flow() {
    let bot = start().await;
    let fake = &bot.fake;
    let att = fake.attachment(
        "call.log",
        fixture("freeswitch-siptrace-488.log").into_bytes(),
    );
    let i = trace_command(fake, &att);
    fake.dispatch("INTERACTION_CREATE", i.clone());
    let body = followup(fake, &i).await;
    let text = all_text(&body);
    assert!(text.contains("488"), "{text}");
    assert!(text.contains("```"), "a ladder: {text}");
    assert_no_mentions(&body);
    assert!(
        fake.requests()
            .iter()
            .any(|r| r.path.starts_with("/files/")),
        "the file was downloaded from the CDN"
    );
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_binary_and_non_text_files_get_a_clear_answer() {
    let bot = start().await;
    let fake = &bot.fake;
    // The tests' bot reads files up to 64 KiB.
    let cases = [
        (
            "huge.log",
            b"SIP/2.0 200 OK\r\n".repeat(8000),
            "up to 0.1 MiB",
        ),
        (
            "capture.log",
            b"\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00".to_vec(),
            "looks binary",
        ),
        ("screenshot.png", b"\x89PNG\r\n".to_vec(), "not a text file"),
    ];
    for (name, bytes, want) in cases {
        let att = fake.attachment(name, bytes);
        let i = trace_command(fake, &att);
        fake.dispatch("INTERACTION_CREATE", i.clone());
        let body = followup(fake, &i).await;
        let text = all_text(&body);
        assert!(text.contains(name) && text.contains(want), "{name}: {text}");
    }
    let downloads = fake
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/files/"))
        .count();
    assert_eq!(
        downloads, 1,
        "only the small binary file was downloaded to be checked"
    );
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_no_file_a_pop_up_takes_the_paste() {
    let bot = start().await;
    let fake = &bot.fake;
    let i = fake.slash("trace", json!([]), "en-US");
    fake.dispatch("INTERACTION_CREATE", i.clone());
    let path = format!(
        "/interactions/{}/{}/callback",
        i["id"].as_str().unwrap(),
        i["token"].as_str().unwrap()
    );
    let modal = fake.wait_for(10, |r| r.path == path).await.body;
    assert_eq!(modal["type"], 9, "a modal: {modal}");
    let custom_id = modal["data"]["custom_id"].as_str().unwrap().to_string();
    let paste = fixture("chan-sip-cancelled.log");
    let paste: String = paste.chars().take(4000).collect();
    let submit = fake.interaction(
        5,
        json!({"custom_id": custom_id, "components": [{"type": 1, "components": [
            {"type": 4, "custom_id": "text", "value": paste}]}]}),
        "en-US",
        ALICE,
        "0",
    );
    fake.dispatch("INTERACTION_CREATE", submit.clone());
    let sub_path = format!(
        "/interactions/{}/{}/callback",
        submit["id"].as_str().unwrap(),
        submit["token"].as_str().unwrap()
    );
    let answer = fake.wait_for(15, |r| r.path == sub_path).await.body;
    assert_eq!(answer["type"], 4);
    let text = all_text(&answer["data"]);
    assert!(text.contains("487") || text.contains("CANCEL"), "{text}");
    assert_no_mentions(&answer["data"]);
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_menu_reads_attachments_and_redacted_copy_masks_addresses() {
    let bot = start().await;
    let fake = &bot.fake;
    let log = fixture("asterisk-pjsip-auth-answered.log");
    let att = fake.attachment("pjsip.log", log.clone().into_bytes());
    let (i, msg_id) = menu_on_attachment(fake, &att, "why does this call fail?");
    let body = followup(fake, &i).await;
    assert_eq!(body["flags"], 64, "ephemeral: {body}");
    let text = all_text(&body);
    assert!(text.contains("```"), "the call flow: {text}");
    let button = body["components"][0]["components"][0]["custom_id"]
        .as_str()
        .expect("a Redacted copy button")
        .to_string();
    assert_eq!(button, format!("sipbot:r:{CHANNEL}:{msg_id}"));

    // Some IPv4 address of the log appears in the plain answer…
    let ip = log
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .find(|w| w.split('.').count() == 4 && w.split('.').all(|p| !p.is_empty()))
        .expect("an IPv4 address in the fixture")
        .to_string();
    let press = {
        let mut p = fake.interaction(
            3,
            json!({"custom_id": button, "component_type": 2}),
            "en-US",
            ALICE,
            "0",
        );
        p["message"] = json!({"id": "1", "channel_id": CHANNEL.to_string(),
            "author": Fake::user(crate::fake_discord::BOT_ID, "sipbot", true), "content": "",
            "timestamp": "2026-11-24T10:00:01.000000+00:00", "edited_timestamp": null, "tts": false,
            "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "pinned": false, "type": 20, "flags": 64});
        p
    };
    fake.dispatch("INTERACTION_CREATE", press.clone());
    let redacted = followup(fake, &press).await;
    let rtext = all_text(&redacted);
    assert!(rtext.contains("```"), "{rtext}");
    assert!(!rtext.contains(&ip), "{ip} is masked: {rtext}");
    assert_eq!(redacted["flags"], 64);
    assert_no_mentions(&redacted);
    bot.stop().await.expect("clean stop");
}

/// Posts `msg` and returns the bot's channel message that answers it.
async fn channel_reply(fake: &Fake, msg: Value) -> Value {
    let want = msg["id"].as_str().unwrap().to_string();
    fake.dispatch("MESSAGE_CREATE", msg);
    fake.wait_for(15, |r| {
        r.method == "POST" && r.path == format!("/channels/{CHANNEL}/messages") && r.answers(&want)
    })
    .await
    .body
}

/// Issue 17: Discord turns a paste over its length limit into a `message.txt` attachment.
/// Auto-explain and mentions read it (and other text files), with the menu's cooldown, caps
/// and refusals; images are left alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_explain_and_mentions_read_a_long_paste_sent_as_message_txt() {
    let bot = start().await;
    let fake = &bot.fake;
    let log = fixture("freeswitch-siptrace-488.log");

    // Auto-explain: the message's text says nothing; the trace is in message.txt, after a
    // screenshot (left alone, never downloaded).
    let shot = fake.attachment("screen.png", b"\x89PNG\r\n\x1a\n".to_vec());
    let paste = fake.attachment("message.txt", log.clone().into_bytes());
    let id = fake.new_id();
    let mut msg = fake.message(id, ALICE, "", Some(GUILD));
    msg["attachments"] = json!([shot, paste]);
    let body = channel_reply(fake, msg.clone()).await;
    let text = all_text(&body);
    assert!(
        text.contains("488") && text.contains("```"),
        "the call flow: {text}"
    );
    assert_eq!(
        body["components"][0]["components"][2]["custom_id"],
        format!("sipbot:r:{CHANNEL}:{id}"),
        "a trace reply offers the Redacted copy"
    );
    assert_no_mentions(&body);
    let downloads: Vec<String> = fake
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/files/"))
        .map(|r| r.path.clone())
        .collect();
    assert!(
        downloads.iter().all(|p| p.ends_with("-message.txt")) && !downloads.is_empty(),
        "{downloads:?}"
    );

    // The same paste again in the channel: on cooldown, no reply.
    let again = fake.new_id();
    let mut msg2 = fake.message(again, ALICE, "", Some(GUILD));
    msg2["attachments"] = json!([fake.attachment("message.txt", log.clone().into_bytes())]);
    fake.dispatch("MESSAGE_CREATE", msg2);

    // A status line with an oversized log: explained, and the file refused in words.
    let huge = fake.attachment("big.log", b"SIP/2.0 200 OK\r\n".repeat(8000));
    let id = fake.new_id();
    let mut msg = fake.message(id, ALICE, "SIP/2.0 503 Service Unavailable", Some(GUILD));
    msg["attachments"] = json!([huge]);
    let body = channel_reply(fake, msg).await;
    let text = all_text(&body);
    assert!(text.contains("503"), "{text}");
    assert!(
        text.contains("big.log") && text.contains("up to 0.1 MiB"),
        "{text}"
    );
    let want = again.to_string();
    assert!(
        !fake.requests().iter().any(|r| r.answers(&want)),
        "the repeated paste was on cooldown"
    );

    // A mention whose question is in message.txt: the call flow too.
    let id = fake.new_id();
    let mut m = fake.message(id, BOB, &format!("<@{BOT_ID}>"), Some(GUILD));
    m["mentions"] = json!([Fake::user(BOT_ID, "sipbot", true)]);
    m["attachments"] = json!([fake.attachment("message.txt", log.into_bytes())]);
    let body = channel_reply(fake, m).await;
    let text = all_text(&body);
    assert!(text.contains("488") && text.contains("```"), "{text}");
    assert_no_mentions(&body);
    bot.stop().await.expect("clean stop");
}
