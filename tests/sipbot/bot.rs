//! The real bot (serenity + poise) against the fake Discord on 127.0.0.1: commands,
//! autocomplete, auto-explain, buttons, follow-ups and the gateway faults of issue 4.

use std::time::Duration;

use serde_json::{json, Value};
use sipbot::catalogue::Catalogue;
use sipbot::discord::{self, state::Pacing, BotError, Config, Token};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::fake_discord::{Fake, Request, ALICE, APP_ID, BOB, BOT_ID, CHANNEL, GUILD, TOKEN};

pub struct Running {
    pub fake: Fake,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), BotError>>,
}

impl Running {
    pub async fn stop(mut self) -> Result<(), BotError> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the bot stops within 10 s")
            .expect("the bot task does not panic")
    }
}

pub fn config(fake: &Fake, token: &str) -> Config {
    Config {
        token: Token::new(token),
        api_base: Some(fake.base()),
        dev_guild: Some(GUILD),
        pacing: Pacing::default(),
        max_attachment: 64 * 1024,
        metrics_addr: None,
        shards: discord::Shards::Single,
        database_url: "sqlite::memory:".into(),
    }
}

async fn start_with(fake: Fake, config: Config) -> Running {
    // RUST_LOG=sipbot=debug,serenity=debug shows what the bot did when a test fails.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
    let (tx, rx) = oneshot::channel::<()>();
    let cat = Catalogue::embedded().expect("catalogue");
    let task = tokio::spawn(discord::run(config, cat, async {
        let _ = rx.await;
    }));
    Running {
        fake,
        stop: Some(tx),
        task,
    }
}

/// A bot connected to a fresh fake, its commands registered.
pub async fn start() -> Running {
    let fake = Fake::start().await;
    let cfg = config(&fake, TOKEN);
    let bot = start_with(fake, cfg).await;
    bot.fake.wait_for(15, is_registration).await;
    bot.fake.wait_connected(5).await;
    bot
}

fn is_registration(r: &Request) -> bool {
    r.method == "PUT" && r.path == format!("/applications/{APP_ID}/guilds/{GUILD}/commands")
}

fn is_channel_post(r: &Request) -> bool {
    r.method == "POST" && r.path == format!("/channels/{CHANNEL}/messages")
}

/// The interaction callback for the interaction `i`.
pub async fn callback(fake: &Fake, i: &Value) -> Value {
    let path = format!(
        "/interactions/{}/{}/callback",
        i["id"].as_str().unwrap(),
        i["token"].as_str().unwrap()
    );
    fake.wait_for(10, |r| r.method == "POST" && r.path == path)
        .await
        .body
}

pub fn assert_no_mentions(body: &Value) {
    let am = &body["allowed_mentions"];
    assert_eq!(am["parse"], json!([]), "allowed_mentions.parse in {body}");
    assert_eq!(am["replied_user"], json!(false), "replied_user in {body}");
}

/// Every message the bot sent (posts, edits, interaction answers) had mentions off.
fn assert_every_message_has_no_mentions(fake: &Fake) {
    let mut checked = 0;
    for r in fake.requests() {
        let body = if r.path.starts_with("/interactions/") {
            if r.body["type"] != 4 {
                continue; // acknowledgements and autocomplete choices carry no message
            }
            r.body["data"].clone()
        } else if (r.method == "POST" || r.method == "PATCH")
            && (r.path.starts_with("/channels/") || r.path.starts_with("/webhooks/"))
        {
            r.body.clone()
        } else {
            continue;
        };
        assert_no_mentions(&body);
        checked += 1;
    }
    assert!(checked > 0, "no message was sent at all");
}

fn title(body: &Value) -> String {
    body["embeds"][0]["title"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Messages the bot posted in the channel, in order.
fn posts(fake: &Fake) -> Vec<Value> {
    fake.requests()
        .into_iter()
        .filter(is_channel_post)
        .map(|r| r.body)
        .collect()
}

/// Sends a message and waits for the bot's reply to it.
async fn reply_to(fake: &Fake, id: u64, author: u64, text: &str) -> Value {
    fake.dispatch(
        "MESSAGE_CREATE",
        fake.message(id, author, text, Some(GUILD)),
    );
    let want = id.to_string();
    fake.wait_for(10, |r| {
        is_channel_post(r) && r.status == 200 && r.answers(&want)
    })
    .await
    .body
}

/// The fake records a reply when it answers; the bot remembers it a moment later, when the
/// answer arrives. Steps that depend on that memory (edits, deletes) wait for it.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(200)).await;
}

pub async fn reply_to_pub(fake: &Fake, id: u64, author: u64, text: &str) -> Value {
    reply_to(fake, id, author, text).await
}

pub async fn start_with_pub(fake: Fake, config: Config) -> Running {
    start_with(fake, config).await
}

/// Proves silence: a later positive message is the next thing answered.
async fn assert_silent_then_alive(fake: &Fake, silent_ids: &[u64]) {
    let probe = fake.new_id();
    reply_to(fake, probe, ALICE, "SIP/2.0 603 Decline").await;
    for p in posts(fake) {
        let r = p["message_reference"]["message_id"].as_str().unwrap_or("");
        assert!(
            !silent_ids.iter().any(|id| id.to_string() == r),
            "sipbot answered a message it should ignore: {p}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registers_every_command_with_descriptions_in_english_and_vietnamese() {
    let bot = start().await;
    let reg = bot.fake.wait_for(1, is_registration).await.body;
    let cmds = reg.as_array().expect("an array of commands");
    let sip = cmds.iter().find(|c| c["name"] == "sip").expect("/sip");
    let subs: Vec<&str> = sip["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        subs,
        [
            "code", "vs", "search", "class", "q850", "header", "trace", "help", "settings", "note",
            "stats"
        ]
    );
    assert_eq!(
        sip["description_localizations"]["vi"],
        "Giải thích các mã phản hồi SIP"
    );
    for sub in sip["options"].as_array().unwrap() {
        let d = sub["description"].as_str().unwrap();
        assert!(!d.is_empty() && d.chars().count() <= 100, "{sub}");
        assert!(sub["description_localizations"]["vi"].is_string(), "{sub}");
        for opt in sub["options"].as_array().into_iter().flatten() {
            let d = opt["description"].as_str().unwrap();
            assert!(!d.is_empty() && d.chars().count() <= 100, "{opt}");
            assert!(opt["description_localizations"]["vi"].is_string(), "{opt}");
        }
    }
    let code = &sip["options"][0]["options"][0];
    assert_eq!(code["autocomplete"], true);
    let menu = cmds
        .iter()
        .find(|c| c["type"] == 3)
        .expect("a message menu command");
    assert_eq!(menu["name"], "Explain SIP codes");
    assert_eq!(
        menu["name_localizations"]["vi"], "Giải thích mã SIP",
        "{menu}"
    );
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_commands_answer_in_the_users_language_and_errors_are_ephemeral() {
    let bot = start().await;
    let fake = &bot.fake;
    let cases: Vec<(&str, Value, &str, &str, bool)> = vec![
        (
            "code",
            json!([{"name": "query", "type": 3, "value": "486"}]),
            "en-US",
            "486 Busy Here",
            false,
        ),
        (
            "code",
            json!([{"name": "query", "type": 3, "value": "486"}]),
            "vi",
            "Máy bận tại đây",
            false,
        ),
        (
            "code",
            json!([{"name": "query", "type": 3, "value": "abc"}]),
            "en-US",
            "Not a SIP response code",
            true,
        ),
        (
            "code",
            json!([{"name": "query", "type": 3, "value": "999"}]),
            "en-US",
            "Not a SIP response code: 999",
            true,
        ),
        (
            "vs",
            json!([{"name": "a", "type": 3, "value": "486"}, {"name": "b", "type": 3, "value": "600"}]),
            "en-GB",
            "486 Busy Here vs 600 Busy Everywhere",
            false,
        ),
        (
            "vs",
            json!([{"name": "a", "type": 3, "value": "486"}, {"name": "b", "type": 3, "value": "nonsense"}]),
            "en-US",
            "Not a SIP response code",
            true,
        ),
        (
            "search",
            json!([{"name": "text", "type": 3, "value": "busy"}]),
            "en-US",
            "Search: busy",
            false,
        ),
        (
            "class",
            json!([{"name": "class", "type": 4, "value": 5}]),
            "en-US",
            "Global Failure",
            false,
        ),
        (
            "class",
            json!([{"name": "class", "type": 4, "value": 3}]),
            "en-US",
            "Client Failure",
            false,
        ),
        (
            "q850",
            json!([{"name": "cause", "type": 3, "value": "17"}]),
            "en-US",
            "Q.850 cause 17",
            false,
        ),
        (
            "q850",
            json!([{"name": "cause", "type": 3, "value": "user_busy"}]),
            "en-US",
            "Q.850 cause 17",
            false,
        ),
        (
            "q850",
            json!([{"name": "cause", "type": 3, "value": "MEDIA_TIMEOUT"}]),
            "vi",
            "MEDIA_TIMEOUT",
            false,
        ),
        (
            "q850",
            json!([{"name": "cause", "type": 3, "value": "NO_SUCH_CAUSE"}]),
            "en-US",
            "Not a Q.850 cause",
            true,
        ),
        ("help", json!([]), "fr", "sipbot", true),
        // What an outdated client might send: a clear, ephemeral answer, never silence.
        (
            "class",
            json!([{"name": "class", "type": 3, "value": "9xx"}]),
            "en-US",
            "",
            true,
        ),
    ];
    for (sub, options, locale, want, ephemeral) in cases {
        let i = fake.slash(sub, options.clone(), locale);
        fake.dispatch("INTERACTION_CREATE", i.clone());
        let body = callback(fake, &i).await;
        assert_eq!(body["type"], 4, "{sub} {options}: {body}");
        let data = &body["data"];
        let shown = format!("{}{}", title(data), data["content"].as_str().unwrap_or(""));
        assert!(!shown.is_empty(), "{sub} {options}: an answer");
        assert!(shown.contains(want), "{sub} {options} {locale}: {shown}");
        assert_eq!(
            data["flags"].as_u64().unwrap_or(0) & 64 != 0,
            ephemeral,
            "{sub} {options}"
        );
        assert_no_mentions(data);
        let total: usize = data["embeds"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e.to_string().len())
            .sum();
        assert!(total < 12_000, "{sub}: embeds within limits");
    }
    assert_every_message_has_no_mentions(&bot.fake);
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_offers_codes_by_number_and_by_words() {
    let bot = start().await;
    let fake = &bot.fake;
    for (typed, first, contains) in [
        ("48", "480 Temporarily Unavailable", "486 Busy Here"),
        ("busy", "486 Busy Here", "600 Busy Everywhere"),
    ] {
        let data = json!({"id": "1", "name": "sip", "type": 1, "options": [{"name": "code", "type": 1,
            "options": [{"name": "query", "type": 3, "value": typed, "focused": true}]}]});
        let i = fake.interaction(4, data, "en-US", ALICE, "0");
        fake.dispatch("INTERACTION_CREATE", i.clone());
        let body = callback(fake, &i).await;
        assert_eq!(body["type"], 8, "{body}");
        let names: Vec<&str> = body["data"]["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names[0], first, "{typed}: {names:?}");
        assert!(names.contains(&contains), "{typed}: {names:?}");
        assert!(names.len() <= 25);
    }
    // `/sip q850` completes hangup cause names, and says what each stands for.
    for (typed, first) in [
        ("user_b", "USER_BUSY — Q.850 17 User busy"),
        ("media", "MEDIA_TIMEOUT — FreeSWITCH 604"),
        ("1", "1 Unallocated (unassigned) number"),
    ] {
        let data = json!({"id": "1", "name": "sip", "type": 1, "options": [{"name": "q850", "type": 1,
            "options": [{"name": "cause", "type": 3, "value": typed, "focused": true}]}]});
        let i = fake.interaction(4, data, "en-US", ALICE, "0");
        fake.dispatch("INTERACTION_CREATE", i.clone());
        let body = callback(fake, &i).await;
        assert_eq!(body["type"], 8, "{body}");
        let choices = body["data"]["choices"].as_array().unwrap();
        assert_eq!(
            choices[0]["name"].as_str(),
            Some(first),
            "{typed}: {choices:?}"
        );
        assert!(choices.len() <= 25);
    }
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_explain_replies_to_real_logs_without_pinging_and_ignores_the_negatives() {
    let bot = start().await;
    let fake = &bot.fake;
    // Negatives from the corpus: counts, ports, tickets, header values, HTTP.
    let negatives = [
        "we have 200 users on the new trunk",
        "open port 5060 and 10000-20000 on the firewall",
        "see ticket #486 for the details",
        "CSeq: 102 INVITE\nContent-Length: 486",
        "HTTP/1.1 404 Not Found from the provisioning server",
        "@everyone lunch at 12:30",
    ];
    let mut silent = Vec::new();
    for text in negatives {
        let id = fake.new_id();
        silent.push(id);
        fake.dispatch("MESSAGE_CREATE", fake.message(id, ALICE, text, Some(GUILD)));
    }
    assert_silent_then_alive(fake, &silent).await;

    let id = fake.new_id();
    let body = reply_to(
        fake,
        id,
        ALICE,
        "carrier keeps sending this:\n```\nSIP/2.0 488 Not Acceptable Here\nReason: Q.850;cause=65\n```\n@everyone any idea?",
    )
    .await;
    assert_no_mentions(&body);
    let desc = body["embeds"][0]["description"].as_str().unwrap();
    assert!(desc.contains("488 Not Acceptable Here"), "{desc}");
    assert!(desc.contains("Q.850 65"), "{desc}");
    let buttons = &body["components"][0]["components"];
    assert_eq!(buttons[0]["label"], "Details");
    assert_eq!(buttons[1]["label"], "Delete");
    assert_eq!(buttons[1]["custom_id"], format!("sipbot:x:{ALICE}"));

    // A whole trace from a real Asterisk log gets the call flow instead of a list.
    let log = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/logs/asterisk-pjsip-busy.log"
    ))
    .unwrap();
    let body = reply_to(fake, fake.new_id(), BOB, &format!("```\n{log}\n```")).await;
    let text = body["embeds"].to_string();
    assert!(text.contains("486"), "{text}");
    assert!(text.contains("```"), "a ladder in a code block: {text}");
    assert_no_mentions(&body);
    assert_every_message_has_no_mentions(&bot.fake);
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cooldown_and_flood_cap_bound_the_replies() {
    let bot = start().await;
    let fake = &bot.fake;
    reply_to(fake, fake.new_id(), ALICE, "SIP/2.0 486 Busy Here").await;
    // The same code again within the cooldown: silent.
    let again = fake.new_id();
    fake.dispatch(
        "MESSAGE_CREATE",
        fake.message(again, BOB, "got SIP/2.0 486 Busy Here again", Some(GUILD)),
    );
    assert_silent_then_alive(fake, &[again]).await; // the probe (603) is reply 2 of 5
                                                    // A flood of distinct codes: the per-channel cap (5 a minute) holds.
    let codes = [404, 408, 480, 487, 500, 502, 503, 504];
    for code in codes {
        let text = format!("SIP/2.0 {code} x");
        fake.dispatch(
            "MESSAGE_CREATE",
            fake.message(fake.new_id(), ALICE, &text, Some(GUILD)),
        );
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        posts(fake).len(),
        5,
        "the cap allows 5 replies per minute in a channel"
    );
    bot.stop().await.expect("clean stop");
}

/// A press on a button of reply `reply_id`, from an en-US client.
fn button_press(
    fake: &Fake,
    custom_id: &str,
    user: u64,
    permissions: &str,
    reply_id: &str,
) -> Value {
    let message = json!({
        "id": reply_id, "channel_id": CHANNEL.to_string(), "author": Fake::user(BOT_ID, "sipbot", true),
        "content": "", "timestamp": "2026-11-24T10:00:01.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
        "attachments": [], "embeds": [], "pinned": false, "type": 19, "flags": 0
    });
    let mut i = fake.interaction(
        3,
        json!({"custom_id": custom_id, "component_type": 2}),
        "en-US",
        user,
        permissions,
    );
    i["message"] = message;
    i
}

/// Presses a button and returns the interaction callback the bot answered with.
pub async fn press(
    fake: &Fake,
    custom_id: &str,
    user: u64,
    permissions: &str,
    reply_id: &str,
) -> Value {
    let i = button_press(fake, custom_id, user, permissions, reply_id);
    fake.dispatch("INTERACTION_CREATE", i.clone());
    callback(fake, &i).await
}

/// Presses a button whose answer comes as a follow-up (after "thinking…"), and returns it.
pub async fn press_deferred(fake: &Fake, custom_id: &str, user: u64) -> Value {
    let i = button_press(fake, custom_id, user, "0", "1");
    fake.dispatch("INTERACTION_CREATE", i.clone());
    let path = format!("/webhooks/{APP_ID}/{}", i["token"].as_str().unwrap());
    fake.wait_for(15, |r| r.method == "POST" && r.path == path)
        .await
        .body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn details_for_anyone_delete_only_for_the_author_or_a_moderator() {
    let bot = start().await;
    let fake = &bot.fake;
    reply_to(
        fake,
        fake.new_id(),
        ALICE,
        "SIP/2.0 486 Busy Here vs 600? also SIP/2.0 600 Busy Everywhere",
    )
    .await;
    let reply_id = fake.requests().len().to_string(); // any id: the fake does not check
    let body = posts(fake)[0].clone();
    let details_id = body["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(details_id.starts_with("sipbot:d:"));

    let details = press(fake, &details_id, BOB, "0", &reply_id).await;
    assert_eq!(details["type"], 4);
    assert_eq!(details["data"]["flags"], 64, "Details are ephemeral");
    assert!(
        title(&details["data"]).contains("486 Busy Here"),
        "{details}"
    );
    assert_no_mentions(&details["data"]);

    let delete = format!("sipbot:x:{ALICE}");
    let refused = press(fake, &delete, BOB, "0", &reply_id).await;
    assert_eq!(refused["data"]["flags"], 64);
    assert!(refused["data"]["content"]
        .as_str()
        .unwrap()
        .contains("Only the author"));
    let path = format!("/channels/{CHANNEL}/messages/{reply_id}");
    assert!(!fake
        .requests()
        .iter()
        .any(|r| r.method == "DELETE" && r.path == path));

    // A moderator (Manage Messages = 1 << 13) may delete.
    let ok = press(fake, &delete, BOB, "8192", &reply_id).await;
    assert_eq!(ok["type"], 6, "acknowledged without a message");
    fake.wait_for(5, |r| r.method == "DELETE" && r.path == path)
        .await;
    assert_every_message_has_no_mentions(&bot.fake);
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_and_deletes_of_the_original_follow_through() {
    let bot = start().await;
    let fake = &bot.fake;
    let original = fake.new_id();
    reply_to(fake, original, ALICE, "SIP/2.0 486 Busy Here").await;
    settle().await;
    let reply_count = fake
        .requests()
        .iter()
        .filter(|r| is_channel_post(r))
        .count();
    assert_eq!(reply_count, 1);

    // Edited to another code: the reply is edited.
    let edit = json!({"id": original.to_string(), "channel_id": CHANNEL.to_string(),
                      "guild_id": GUILD.to_string(), "content": "SIP/2.0 480 Temporarily Unavailable"});
    fake.dispatch("MESSAGE_UPDATE", edit);
    let patched = fake
        .wait_for(10, |r| {
            r.method == "PATCH"
                && r.path
                    .starts_with(&format!("/channels/{CHANNEL}/messages/"))
        })
        .await;
    let desc = patched.body["embeds"][0]["description"].as_str().unwrap();
    assert!(
        desc.contains("480 Temporarily Unavailable") && !desc.contains("486"),
        "{desc}"
    );
    assert_no_mentions(&patched.body);
    let reply_path = patched.path.clone();

    // Edited to chat: the reply goes.
    let edit = json!({"id": original.to_string(), "channel_id": CHANNEL.to_string(),
                      "guild_id": GUILD.to_string(), "content": "never mind, fixed"});
    fake.dispatch("MESSAGE_UPDATE", edit);
    fake.wait_for(10, |r| r.method == "DELETE" && r.path == reply_path)
        .await;

    // A second message, then deleted: so is its reply.
    let second = fake.new_id();
    reply_to(fake, second, ALICE, "SIP/2.0 503 Service Unavailable").await;
    settle().await;
    fake.dispatch("MESSAGE_DELETE", json!({"id": second.to_string(), "channel_id": CHANNEL.to_string(), "guild_id": GUILD.to_string()}));
    let deletes = || {
        fake.requests()
            .iter()
            .filter(|r| r.method == "DELETE")
            .count()
    };
    fake.wait_for(10, |_| deletes() >= 2).await;
    assert_every_message_has_no_mentions(&bot.fake);
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_and_dms_are_answered_in_explicit_mode() {
    let bot = start().await;
    let fake = &bot.fake;
    // A bare "486 vs 600" would not be auto-explained in strict mode without context; asked
    // directly, it is.
    let id = fake.new_id();
    let mut m = fake.message(id, ALICE, &format!("<@{BOT_ID}> 486 vs 600?"), Some(GUILD));
    m["mentions"] = json!([Fake::user(BOT_ID, "sipbot", true)]);
    fake.dispatch("MESSAGE_CREATE", m);
    let want = id.to_string();
    let body = fake
        .wait_for(10, |r| is_channel_post(r) && r.answers(&want))
        .await
        .body;
    assert!(
        title(&body).contains("486 Busy Here vs 600 Busy Everywhere"),
        "{body}"
    );
    assert_no_mentions(&body);

    let dm = fake.new_id();
    fake.dispatch("MESSAGE_CREATE", fake.message(dm, BOB, "487", None));
    let want = dm.to_string();
    let body = fake.wait_for(10, |r| r.answers(&want)).await.body;
    assert!(title(&body).contains("487 Request Terminated"), "{body}");
    assert_every_message_has_no_mentions(&bot.fake);
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_message_content_intent_commands_still_work() {
    let fake = Fake::start().await;
    fake.refuse_content_intent();
    let cfg = config(&fake, TOKEN);
    let bot = start_with(fake, cfg).await;
    let fake = &bot.fake;
    fake.wait_for(15, is_registration).await;
    fake.wait_connected(10).await;
    let ids = fake.identifies();
    assert!(ids.len() >= 2, "identified again after 4014: {ids:?}");
    assert_ne!(ids[0] & (1 << 15), 0, "first asked for Message Content");
    assert_eq!(ids.last().unwrap() & (1 << 15), 0, "then did without it");

    let i = fake.slash(
        "code",
        json!([{"name": "query", "type": 3, "value": "503"}]),
        "en-US",
    );
    fake.dispatch("INTERACTION_CREATE", i.clone());
    assert!(title(&callback(fake, &i).await["data"]).contains("503 Service Unavailable"));
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_token_is_a_clear_error_not_a_retry_loop() {
    let fake = Fake::start().await;
    let cfg = config(&fake, "wrong-token");
    let bot = start_with(fake, cfg).await;
    let result = tokio::time::timeout(Duration::from_secs(10), bot.task)
        .await
        .expect("gives up at once")
        .expect("no panic");
    let err = result.expect_err("an invalid token is an error");
    assert!(matches!(err, BotError::InvalidToken));
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("DISCORD_TOKEN") && !text.contains("wrong-token"),
        "{text}"
    );
    let calls = bot.fake.requests().len();
    assert!(calls <= 2, "no retry loop: {calls} requests");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_gateway_drops_the_bot_reconnects_and_still_answers() {
    let bot = start().await;
    let fake = &bot.fake;
    reply_to(fake, fake.new_id(), ALICE, "SIP/2.0 486 Busy Here").await;
    fake.drop_gateway();
    fake.wait_connected(30).await;
    assert!(
        fake.resumes() >= 1 || fake.identifies().len() >= 2,
        "reconnected by RESUME or a new IDENTIFY"
    );
    reply_to(fake, fake.new_id(), ALICE, "SIP/2.0 404 Not Found").await;
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_that_gets_429_or_5xx_is_retried_and_delivered() {
    let bot = start().await;
    let fake = &bot.fake;
    let path = format!("/channels/{CHANNEL}/messages");
    fake.fail_next("POST", &path, 429, 1);
    fake.fail_next("POST", &path, 502, 1);
    let id = fake.new_id();
    reply_to(fake, id, ALICE, "SIP/2.0 486 Busy Here").await;
    let want = id.to_string();
    let attempts = fake
        .requests()
        .iter()
        .filter(|r| is_channel_post(r) && r.answers(&want))
        .count();
    assert_eq!(attempts, 3, "429, then 502, then delivered");
    // A reply that keeps failing is given up after a bounded number of attempts, and the
    // items are not put on cooldown, so the next mention of them is answered.
    fake.fail_next("POST", &path, 500, 10);
    let lost = fake.new_id();
    fake.dispatch(
        "MESSAGE_CREATE",
        fake.message(lost, ALICE, "SIP/2.0 404 Not Found", Some(GUILD)),
    );
    let lost_s = lost.to_string();
    let tries = || {
        fake.requests()
            .iter()
            .filter(|r| is_channel_post(r) && r.answers(&lost_s))
            .count()
    };
    fake.wait_for(20, |_| tries() >= 4).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(tries(), 4, "bounded attempts");
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sipbot_run_with_a_rejected_token_exits_1_without_printing_it() {
    let fake = Fake::start().await;
    let base = fake.base();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_sipbot"))
            .arg("run")
            .env("DISCORD_TOKEN", "not-the-right-token")
            .env("DISCORD_API_BASE", base)
            .env_remove("SIPBOT_DEV_GUILD")
            .current_dir(std::env::temp_dir())
            .output()
            .expect("run sipbot")
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("DISCORD_TOKEN"), "{stderr}");
    assert!(
        !stderr.contains("not-the-right-token"),
        "the token leaked: {stderr}"
    );
}

/// Nothing listens at the API base (a refused connection, not an error status): sipbot says
/// which address it could not reach and exits 1, promptly, instead of retrying forever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sipbot_run_with_nothing_listening_at_the_api_base_exits_1_naming_it() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path().to_path_buf();
    let api = base.clone();
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_sipbot"))
            .arg("run")
            .env("DISCORD_TOKEN", TOKEN)
            .env("DISCORD_API_BASE", api)
            .env_remove("SIPBOT_DEV_GUILD")
            .current_dir(cwd)
            .output()
            .expect("run sipbot")
    });
    let out = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("sipbot gives up on an unreachable API")
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot reach the Discord API at {base}")),
        "{stderr}"
    );
    assert!(stderr.contains("Connection refused"), "{stderr}");
    assert!(!stderr.contains(TOKEN), "the token leaked: {stderr}");
}

/// Full GUILD_CREATE payloads (what the e2e harness sends 1,000 of) are accepted: serenity
/// parses them as `Guild`, the bot registers after READY and still answers in a server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_guild_payloads_are_accepted_and_the_bot_still_answers() {
    let guild: poise::serenity_prelude::Guild =
        serde_json::from_value(Fake::guild(GUILD, 10)).expect("serenity parses GUILD_CREATE");
    assert_eq!(guild.channels.len(), 10);
    let fake = Fake::start().await;
    fake.serve_guilds(3);
    let cfg = config(&fake, TOKEN);
    let bot = start_with(fake, cfg).await;
    let registered = bot.fake.wait_for(15, is_registration).await;
    let ready = bot.fake.ready_at().expect("READY was sent");
    assert!(registered.at >= ready, "registered before READY");
    bot.fake.wait_connected(5).await;
    let id = bot.fake.new_id();
    let body = reply_to(&bot.fake, id, ALICE, "SIP/2.0 486 Busy Here").await;
    assert_no_mentions(&body);
    bot.stop().await.expect("clean stop");
}

/// Issue 6: with no language forced, auto-explain follows the server's preferred locale.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_explain_follows_the_servers_preferred_locale() {
    let bot = start().await;
    let fake = &bot.fake;
    let mut guild = Fake::guild(GUILD, 2);
    guild["preferred_locale"] = json!("vi");
    fake.dispatch("GUILD_CREATE", guild);
    settle().await;
    let body = reply_to(fake, fake.new_id(), ALICE, "SIP/2.0 486 Busy Here").await;
    assert_eq!(title(&body), "Các mã SIP trong tin nhắn này", "{body}");
    let desc = body["embeds"][0]["description"].as_str().unwrap();
    assert!(desc.contains("486 Busy Here (Máy bận tại đây)"), "{desc}");
    assert_eq!(body["components"][0]["components"][0]["label"], "Chi tiết");
    bot.stop().await.expect("clean stop");
}
