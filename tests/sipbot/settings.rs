//! Issue 5 end to end: the real bot, a real SQLite file in a temporary folder, the fake
//! Discord. Settings decide the next message at once, only Manage Server changes them, team
//! notes stay in their server, reset asks first, stats attach a PNG, a server forced to
//! Vietnamese gets Vietnamese auto replies (issue 6), and a restart keeps everything.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use sipbot::catalogue::Lang;
use sipbot::detect::Mode;
use sipbot::settings::{AutoMode, GuildSettings};
use sipbot::store::Store;

use crate::bot::Running;
use crate::fake_discord::{Fake, Request, ALICE, APP_ID, BOB, BOT_ID, CHANNEL, GUILD, TOKEN};
use crate::support::{cat, det};

const OTHER_CHANNEL: u64 = 710_000_000_000_000_002;
const THIRD_CHANNEL: u64 = 710_000_000_000_000_003;
const OTHER_GUILD: u64 = 700_000_000_000_000_002;
/// Manage Server (1 << 5).
const ADMIN: &str = "32";
const NOTE_ROLE: u64 = 720_000_000_000_000_001;

fn db_url(db: &Path) -> String {
    format!("sqlite://{}", db.display())
}

/// A bot on a fresh fake and a new database file (in a directory that lives as long as the
/// returned `TempDir`), commands registered.
async fn start_new() -> (Running, tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sipbot.db");
    (start(&db).await, dir, db)
}

/// A bot on a fresh fake, with its database at `db`, commands registered.
async fn start(db: &Path) -> Running {
    let fake = Fake::start().await;
    let mut config = crate::bot::config(&fake, TOKEN);
    config.database_url = db_url(db);
    let bot = crate::bot::start_with_pub(fake, config).await;
    bot.fake
        .wait_for(15, |r| {
            r.method == "PUT" && r.path == format!("/applications/{APP_ID}/guilds/{GUILD}/commands")
        })
        .await;
    bot.fake.wait_connected(5).await;
    bot
}

/// `/sip <path…> <options>` as `user` with `permissions`, in `guild` (`None`: a DM).
fn command(
    fake: &Fake,
    path: &[&str],
    options: Value,
    user: u64,
    permissions: &str,
    guild: Option<u64>,
) -> Value {
    let mut opts = options;
    for (depth, name) in path.iter().enumerate().rev() {
        let kind = if depth == path.len() - 1 { 1 } else { 2 };
        opts = json!([{"name": name, "type": kind, "options": opts}]);
    }
    let mut i = fake.interaction(
        2,
        json!({"id": "1", "name": "sip", "type": 1, "options": opts}),
        "en-US",
        user,
        permissions,
    );
    match guild {
        Some(g) => i["guild_id"] = json!(g.to_string()),
        None => {
            let member = i.as_object_mut().unwrap().remove("member").unwrap();
            i.as_object_mut().unwrap().remove("guild_id");
            i["user"] = member["user"].clone();
            i["context"] = json!(1);
        }
    }
    i
}

/// Sends an interaction and returns the callback the bot answered with.
async fn run(fake: &Fake, i: Value) -> Request {
    fake.dispatch("INTERACTION_CREATE", i.clone());
    let path = format!(
        "/interactions/{}/{}/callback",
        i["id"].as_str().unwrap(),
        i["token"].as_str().unwrap()
    );
    fake.wait_for(10, |r| r.method == "POST" && r.path == path)
        .await
}

pub(crate) async fn admin(fake: &Fake, path: &[&str], options: Value) -> Value {
    run(
        fake,
        command(fake, path, options, ALICE, ADMIN, Some(GUILD)),
    )
    .await
    .body
}

fn ephemeral(body: &Value) -> bool {
    body["data"]["flags"].as_u64().unwrap_or(0) & 64 != 0
}

fn field<'a>(embed: &'a Value, name: &str) -> Option<&'a str> {
    embed["fields"]
        .as_array()?
        .iter()
        .find(|f| f["name"].as_str().is_some_and(|n| n.contains(name)))
        .and_then(|f| f["value"].as_str())
}

fn message(fake: &Fake, id: u64, channel: u64, text: &str) -> Value {
    let mut m = fake.message(id, ALICE, text, Some(GUILD));
    m["channel_id"] = json!(channel.to_string());
    m
}

/// Posts a message and waits for the bot's reply to it.
async fn reply_to(fake: &Fake, channel: u64, text: &str) -> Value {
    let id = fake.new_id();
    fake.dispatch("MESSAGE_CREATE", message(fake, id, channel, text));
    let want = id.to_string();
    fake.wait_for(10, |r| {
        r.method == "POST" && r.path == format!("/channels/{channel}/messages") && r.answers(&want)
    })
    .await
    .body
}

/// Posts a message that must stay unanswered, then proves the bot alive with a later one
/// (`probe`, a code not yet explained there) in OTHER_CHANNEL, and checks nothing answered the
/// first.
async fn assert_ignored(fake: &Fake, channel: u64, text: &str, probe: &str) {
    let id = fake.new_id();
    fake.dispatch("MESSAGE_CREATE", message(fake, id, channel, text));
    tokio::time::sleep(Duration::from_millis(300)).await;
    reply_to(fake, OTHER_CHANNEL, probe).await;
    let want = id.to_string();
    assert!(
        !fake.requests().iter().any(|r| r.answers(&want)),
        "sipbot answered {text:?} in a channel where it should be silent"
    );
}

fn assert_no_mentions_anywhere(fake: &Fake) {
    for r in fake.requests() {
        let body = if r.path.starts_with("/interactions/") {
            if r.body["type"] != 4 && r.body["type"] != 7 {
                continue;
            }
            r.body["data"].clone()
        } else if r.method == "POST" && r.path.starts_with("/channels/") {
            r.body.clone()
        } else {
            continue;
        };
        assert_eq!(body["allowed_mentions"]["parse"], json!([]), "{body}");
    }
}

async fn store_settings(db: &Path) -> GuildSettings {
    let store = Store::open(&db_url(db)).await.unwrap();
    let s = store.settings(GUILD).await.unwrap();
    store.close().await;
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_setting_changed_by_slash_command_decides_the_next_message() {
    let (bot, _dir, db) = start_new().await;
    let fake = &bot.fake;

    // A member without Manage Server is refused, ephemerally, and nothing changes.
    let refused = run(
        fake,
        command(
            fake,
            &["settings", "auto"],
            json!([{"name": "mode", "type": 4, "value": 0}]),
            BOB,
            "0",
            Some(GUILD),
        ),
    )
    .await
    .body;
    assert!(ephemeral(&refused), "{refused}");
    assert_eq!(
        refused["data"]["content"],
        cat().t(Lang::BASE, "settings-refused")
    );
    assert_eq!(store_settings(&db).await, GuildSettings::default());
    reply_to(fake, CHANNEL, "SIP/2.0 486 Busy Here").await;

    // Off in this channel: silence there, answers elsewhere.
    let mut i = command(
        fake,
        &["settings", "auto"],
        json!([{"name": "mode", "type": 4, "value": 0},
               {"name": "channel", "type": 7, "value": CHANNEL.to_string()}]),
        ALICE,
        ADMIN,
        Some(GUILD),
    );
    i["data"]["resolved"] = json!({"channels": {CHANNEL.to_string(): {
        "id": CHANNEL.to_string(), "name": "voip", "type": 0, "permissions": "0"}}});
    let shown = run(fake, i).await.body;
    assert!(ephemeral(&shown));
    let embed = &shown["data"]["embeds"][0];
    assert_eq!(embed["title"], cat().t(Lang::BASE, "settings-title"));
    assert_eq!(
        field(embed, &cat().t(Lang::BASE, "settings-channels")),
        Some(format!("<#{CHANNEL}>: {}", cat().t(Lang::BASE, "settings-auto-off")).as_str()),
        "{embed}"
    );
    assert_eq!(
        store_settings(&db).await.auto_in(CHANNEL),
        AutoMode::Off,
        "written to the file"
    );
    assert_ignored(
        fake,
        CHANNEL,
        "SIP/2.0 404 Not Found",
        "SIP/2.0 488 Not Acceptable Here",
    )
    .await;

    // Loose for the server: a bare code in SIP talk is answered in the other channel.
    let bare = "the INVITE got a 486 from the trunk";
    assert!(det().detect(bare, Mode::Strict).is_empty());
    assert!(!det().detect(bare, Mode::Loose).is_empty());
    assert_ignored(
        fake,
        OTHER_CHANNEL,
        bare,
        "SIP/2.0 480 Temporarily Unavailable",
    )
    .await;
    admin(
        fake,
        &["settings", "auto"],
        json!([{"name": "mode", "type": 4, "value": 2}]),
    )
    .await;
    // 486 was never explained in OTHER_CHANNEL: the bare code is answered now.
    let body = reply_to(fake, OTHER_CHANNEL, bare).await;
    assert!(
        body["embeds"][0]["description"]
            .as_str()
            .unwrap_or("")
            .contains("486"),
        "{body}"
    );
    // The channel's own "off" still wins over the server's "loose".
    assert_ignored(fake, CHANNEL, bare, "SIP/2.0 487 Request Terminated").await;

    // Cooldown 0 and one item per reply, at once.
    admin(
        fake,
        &["settings", "cooldown"],
        json!([{"name": "minutes", "type": 4, "value": 0}]),
    )
    .await;
    let shown = admin(
        fake,
        &["settings", "max-items"],
        json!([{"name": "n", "type": 4, "value": 1}]),
    )
    .await;
    let embed = &shown["data"]["embeds"][0];
    assert_eq!(
        field(embed, &cat().t(Lang::BASE, "settings-max-items")),
        Some("1")
    );
    // A fresh channel: the flood cap (5 replies a minute) does not interfere.
    let text = "SIP/2.0 486 Busy Here then SIP/2.0 603 Decline";
    let first = reply_to(fake, THIRD_CHANNEL, text).await;
    let again = reply_to(fake, THIRD_CHANNEL, text).await;
    for body in [&first, &again] {
        let d = body["embeds"][0]["description"].as_str().unwrap();
        assert_eq!(d.matches("**").count(), 2, "one item listed: {d}");
    }
    assert_no_mentions_anywhere(fake);
    bot.stop().await.expect("a clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn team_notes_show_in_their_server_only_and_never_in_dms() {
    let (bot, _dir, _) = start_new().await;
    let fake = &bot.fake;
    let note = "Carrier X: 403 here means out of credit. Ask @everyone <@&1> first";
    let set = |user, perms: &'static str| {
        command(
            fake,
            &["note", "set"],
            json!([{"name": "code", "type": 3, "value": "403"},
                   {"name": "text", "type": 3, "value": note}]),
            user,
            perms,
            Some(GUILD),
        )
    };

    let ask_403 = || {
        command(
            fake,
            &["code"],
            json!([{"name": "query", "type": 3, "value": "403"}]),
            BOB,
            "0",
            Some(GUILD),
        )
    };
    let note_name = cat().t(Lang::BASE, "note-field");
    // Asked before there is a note: the server's notes (none) are read and cached.
    let before = run(fake, ask_403()).await.body;
    assert!(field(&before["data"]["embeds"][0], &note_name).is_none());

    // Bob has neither Manage Server nor the note role yet.
    let mut by_bob = set(BOB, "0");
    by_bob["member"]["roles"] = json!([NOTE_ROLE.to_string()]);
    let refused = run(fake, by_bob).await.body;
    assert_eq!(
        refused["data"]["content"],
        cat().t(Lang::BASE, "note-refused")
    );
    let mut i = command(
        fake,
        &["settings", "note-role"],
        json!([{"name": "role", "type": 8, "value": NOTE_ROLE.to_string()}]),
        ALICE,
        ADMIN,
        Some(GUILD),
    );
    i["data"]["resolved"] = json!({"roles": {NOTE_ROLE.to_string(): {
        "id": NOTE_ROLE.to_string(), "name": "voip-team", "color": 0, "hoist": false,
        "position": 1, "permissions": "0", "managed": false, "mentionable": false,
        "icon": null, "unicode_emoji": null, "flags": 0,
        "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null}}}});
    run(fake, i).await;
    let mut by_bob = set(BOB, "0");
    by_bob["member"]["roles"] = json!([NOTE_ROLE.to_string()]);
    let saved = run(fake, by_bob).await.body;
    assert!(
        saved["data"]["content"]
            .as_str()
            .unwrap_or("")
            .contains("403"),
        "{saved}"
    );
    assert_eq!(
        field(&saved["data"]["embeds"][0], &note_name),
        Some(note),
        "the answer shows the note where it will appear"
    );

    // In this server: the slash answer (the cached "no notes" went with the change), a
    // direct question, the list.
    let answer = run(fake, ask_403()).await.body;
    let embed = &answer["data"]["embeds"][0];
    assert!(embed["title"].as_str().unwrap().starts_with("403"));
    assert_eq!(embed["fields"][0]["value"], note, "the note comes first");
    let id = fake.new_id();
    let mut m = message(fake, id, CHANNEL, &format!("<@{BOT_ID}> 403?"));
    m["mentions"] = json!([Fake::user(BOT_ID, "sipbot", true)]);
    fake.dispatch("MESSAGE_CREATE", m);
    let want = id.to_string();
    let direct = fake.wait_for(10, |r| r.answers(&want)).await.body;
    assert_eq!(field(&direct["embeds"][0], &note_name), Some(note));
    let list = run(
        fake,
        command(fake, &["note", "list"], json!([]), BOB, "0", Some(GUILD)),
    )
    .await
    .body;
    assert_eq!(list["data"]["embeds"][0]["fields"][0]["value"], note);

    // Another server, and a DM: no note.
    let elsewhere = run(
        fake,
        command(
            fake,
            &["code"],
            json!([{"name": "query", "type": 3, "value": "403"}]),
            ALICE,
            ADMIN,
            Some(OTHER_GUILD),
        ),
    )
    .await
    .body;
    assert!(field(&elsewhere["data"]["embeds"][0], &note_name).is_none());
    let in_dm = run(
        fake,
        command(
            fake,
            &["code"],
            json!([{"name": "query", "type": 3, "value": "403"}]),
            ALICE,
            "0",
            None,
        ),
    )
    .await
    .body;
    assert!(in_dm["data"]["embeds"][0]["title"]
        .as_str()
        .unwrap()
        .starts_with("403"));
    assert!(field(&in_dm["data"]["embeds"][0], &note_name).is_none());
    let dm = fake.new_id();
    fake.dispatch("MESSAGE_CREATE", fake.message(dm, ALICE, "403", None));
    let want = dm.to_string();
    let dm_reply = fake.wait_for(10, |r| r.answers(&want)).await.body;
    assert!(field(&dm_reply["embeds"][0], &note_name).is_none());

    // Removing it.
    let removed = run(
        fake,
        command(
            fake,
            &["note", "remove"],
            json!([{"name": "code", "type": 3, "value": "403"}]),
            ALICE,
            ADMIN,
            Some(GUILD),
        ),
    )
    .await
    .body;
    assert!(removed["data"]["content"].as_str().unwrap().contains("403"));
    let after = run(fake, ask_403()).await.body;
    assert!(
        field(&after["data"]["embeds"][0], &note_name).is_none(),
        "a removed note is not shown from the cache: {after}"
    );
    assert_no_mentions_anywhere(fake);
    bot.stop().await.expect("a clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guild_only_commands_say_so_in_dms() {
    let (bot, _dir, _) = start_new().await;
    let fake = &bot.fake;
    for path in [&["settings", "show"][..], &["note", "list"], &["stats"]] {
        let options = if path == ["stats"] {
            json!([{"name": "days", "type": 4, "value": 0}])
        } else {
            json!([])
        };
        let body = run(fake, command(fake, path, options, ALICE, "0", None))
            .await
            .body;
        assert!(ephemeral(&body), "{path:?}: {body}");
        assert_eq!(
            body["data"]["content"],
            cat().t(Lang::BASE, "guild-only"),
            "{path:?}"
        );
    }
    bot.stop().await.expect("a clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_asks_first_then_deletes_the_servers_data() {
    let (bot, _dir, db) = start_new().await;
    let fake = &bot.fake;
    admin(
        fake,
        &["settings", "cooldown"],
        json!([{"name": "minutes", "type": 4, "value": 3}]),
    )
    .await;
    admin(
        fake,
        &["note", "set"],
        json!([{"name": "code", "type": 3, "value": "486"},
               {"name": "text", "type": 3, "value": "ring group full"}]),
    )
    .await;
    // Counted (in memory, or on disk if a write came in between): gone with the reset too.
    reply_to(fake, CHANNEL, "SIP/2.0 486 Busy Here").await;
    let ask = admin(fake, &["settings", "reset"], json!([])).await;
    assert!(ephemeral(&ask));
    assert_eq!(
        ask["data"]["embeds"][0]["title"],
        cat().t(Lang::BASE, "settings-reset-title")
    );
    let buttons = ask["data"]["components"][0]["components"]
        .as_array()
        .unwrap()
        .clone();
    let id_of = |n: usize| buttons[n]["custom_id"].as_str().unwrap().to_string();
    let (yes, no) = (id_of(0), id_of(1));
    assert!(yes.contains("yes") && no.contains("no"), "{yes} {no}");

    let press = |custom_id: String, user: u64, perms: &'static str| {
        let mut i = fake.interaction(
            3,
            json!({"custom_id": custom_id, "component_type": 2}),
            "en-US",
            user,
            perms,
        );
        i["message"] = json!({
            "id": fake.new_id().to_string(), "channel_id": CHANNEL.to_string(),
            "author": Fake::user(BOT_ID, "sipbot", true), "content": "",
            "timestamp": "2026-11-24T10:00:01.000000+00:00", "edited_timestamp": null,
            "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": false, "type": 20, "flags": 64
        });
        i
    };
    let cancelled = run(fake, press(no, ALICE, ADMIN)).await.body;
    assert_eq!(cancelled["type"], 7, "the confirmation is updated in place");
    assert_eq!(
        cancelled["data"]["content"],
        cat().t(Lang::BASE, "settings-reset-cancelled")
    );
    assert_eq!(store_settings(&db).await.cooldown_minutes, 3);

    let by_bob = run(fake, press(yes.clone(), BOB, ADMIN)).await.body;
    assert_eq!(
        by_bob["data"]["content"],
        cat().t(Lang::BASE, "settings-refused"),
        "only who asked may confirm"
    );
    assert_eq!(store_settings(&db).await.cooldown_minutes, 3);

    let done = run(fake, press(yes, ALICE, ADMIN)).await.body;
    assert_eq!(
        done["data"]["content"],
        cat().t(Lang::BASE, "settings-reset-done")
    );
    assert_eq!(store_settings(&db).await, GuildSettings::default());
    let store = Store::open(&db_url(&db)).await.unwrap();
    assert!(store.notes(GUILD).await.unwrap().is_empty());
    // The cache went too: the defaults apply at once.
    let shown = admin(fake, &["settings", "show"], json!([])).await;
    assert_eq!(
        field(
            &shown["data"]["embeds"][0],
            &cat().t(Lang::BASE, "settings-max-items")
        ),
        Some("5")
    );
    bot.stop().await.expect("a clean stop");
    assert_eq!(
        store.top_codes(Some(GUILD), 0, 10).await.unwrap(),
        [],
        "the statistics went with the reset, the counts not yet written too"
    );
}

/// Counts are written in batches (every second): what was counted just before a stop is
/// written by the stop, not lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_counted_just_before_a_stop_are_on_disk_after_it() {
    let (bot, _dir, db) = start_new().await;
    let fake = &bot.fake;
    reply_to(fake, CHANNEL, "SIP/2.0 486 Busy Here").await;
    reply_to(fake, OTHER_CHANNEL, "SIP/2.0 486 Busy Here").await;
    reply_to(fake, CHANNEL, "SIP/2.0 403 Forbidden").await;
    bot.stop().await.expect("a clean stop");
    let store = Store::open(&db_url(&db)).await.unwrap();
    assert_eq!(
        store.top_codes(Some(GUILD), 0, 10).await.unwrap(),
        [(486, 2), (403, 1)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_answer_with_the_top_codes_and_a_png_chart() {
    let (bot, _dir, db) = start_new().await;
    let fake = &bot.fake;
    reply_to(fake, CHANNEL, "SIP/2.0 486 Busy Here").await;
    reply_to(fake, OTHER_CHANNEL, "SIP/2.0 486 Busy Here").await;
    reply_to(fake, CHANNEL, "SIP/2.0 403 Forbidden").await;
    // Counting runs in the background: wait until the file has all three.
    let store = Store::open(&db_url(&db)).await.unwrap();
    for _ in 0..100 {
        let total: u64 = store
            .top_codes(Some(GUILD), 0, 10)
            .await
            .unwrap()
            .iter()
            .map(|c| c.1)
            .sum();
        if total == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        store.top_codes(Some(GUILD), 0, 10).await.unwrap(),
        [(486, 2), (403, 1)]
    );
    let r = run(
        fake,
        command(
            fake,
            &["stats"],
            json!([{"name": "days", "type": 4, "value": 0}]),
            BOB,
            "0",
            Some(GUILD),
        ),
    )
    .await;
    assert_eq!(r.files.len(), 1, "one attachment: {:?}", r.files);
    let png = &r.files[0];
    assert_eq!(png.filename, "stats.png");
    assert!(png.field.starts_with("files["), "{}", png.field);
    assert_eq!(&png.bytes[..8], b"\x89PNG\r\n\x1a\n");
    let embed = &r.body["data"]["embeds"][0];
    assert_eq!(embed["image"]["url"], "attachment://stats.png");
    let d = embed["description"].as_str().unwrap();
    assert!(
        d.contains("486 Busy Here** — 2") && d.contains("403 Forbidden** — 1"),
        "{d}"
    );
    assert_eq!(r.body["data"]["attachments"][0]["filename"], "stats.png");
    bot.stop().await.expect("a clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_forced_to_vietnamese_gets_vietnamese_auto_replies_and_answers() {
    let (bot, _dir, _) = start_new().await;
    let fake = &bot.fake;
    let vi = cat().lang("vi").unwrap();
    let en = reply_to(fake, CHANNEL, "SIP/2.0 486 Busy Here").await;
    assert_eq!(en["embeds"][0]["title"], cat().t(Lang::BASE, "auto-title"));
    let shown = admin(
        fake,
        &["settings", "language"],
        json!([{"name": "lang", "type": 4, "value": 2}]),
    )
    .await;
    assert_eq!(
        shown["data"]["embeds"][0]["title"],
        cat().t(vi, "settings-title"),
        "the confirmation is already in the new language"
    );
    let body = reply_to(fake, CHANNEL, "SIP/2.0 603 Decline").await;
    assert_eq!(body["embeds"][0]["title"], cat().t(vi, "auto-title"));
    assert_eq!(
        body["components"][0]["components"][0]["label"],
        cat().t(vi, "button-details")
    );
    // A slash command from an English client in that server: Vietnamese too.
    let help = run(
        fake,
        command(fake, &["help"], json!([]), BOB, "0", Some(GUILD)),
    )
    .await
    .body;
    assert_eq!(
        help["data"]["embeds"][0]["title"],
        sipbot::render::help(cat(), vi).title
    );
    // Back to auto: English again.
    admin(
        fake,
        &["settings", "language"],
        json!([{"name": "lang", "type": 4, "value": 0}]),
    )
    .await;
    let body = reply_to(fake, CHANNEL, "SIP/2.0 480 Temporarily Unavailable").await;
    assert_eq!(
        body["embeds"][0]["title"],
        cat().t(Lang::BASE, "auto-title")
    );
    bot.stop().await.expect("a clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_on_the_same_file_keeps_settings_and_notes() {
    let (bot, _dir, db) = start_new().await;
    admin(
        &bot.fake,
        &["settings", "cooldown"],
        json!([{"name": "minutes", "type": 4, "value": 42}]),
    )
    .await;
    admin(
        &bot.fake,
        &["settings", "language"],
        json!([{"name": "lang", "type": 4, "value": 2}]),
    )
    .await;
    admin(
        &bot.fake,
        &["note", "set"],
        json!([{"name": "code", "type": 3, "value": "486"},
               {"name": "text", "type": 3, "value": "hunt group of 4"}]),
    )
    .await;
    bot.stop().await.expect("a clean stop");

    let bot = start(&db).await;
    let fake = &bot.fake;
    let vi = cat().lang("vi").unwrap();
    let shown = admin(fake, &["settings", "show"], json!([])).await;
    let embed = &shown["data"]["embeds"][0];
    assert_eq!(embed["title"], cat().t(vi, "settings-title"));
    assert!(
        field(embed, &cat().t(vi, "settings-cooldown"))
            .unwrap()
            .starts_with("42 "),
        "{embed}"
    );
    let answer = admin(
        fake,
        &["code"],
        json!([{"name": "query", "type": 3, "value": "486"}]),
    )
    .await;
    assert_eq!(
        field(&answer["data"]["embeds"][0], &cat().t(vi, "note-field")),
        Some("hunt group of 4")
    );
    // The first auto reply after the restart follows the stored language.
    let body = reply_to(fake, CHANNEL, "SIP/2.0 404 Not Found").await;
    assert_eq!(body["embeds"][0]["title"], cat().t(vi, "auto-title"));
    bot.stop().await.expect("a clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removal_schedules_deletion_and_an_outage_does_not() {
    let (bot, _dir, db) = start_new().await;
    let fake = &bot.fake;
    admin(
        fake,
        &["settings", "cooldown"],
        json!([{"name": "minutes", "type": 4, "value": 7}]),
    )
    .await;
    let store = Store::open(&db_url(&db)).await.unwrap();
    // An outage: nothing scheduled.
    fake.dispatch(
        "GUILD_DELETE",
        json!({"id": GUILD.to_string(), "unavailable": true}),
    );
    // A removal: scheduled (a purge with a far horizon finds it).
    fake.dispatch("GUILD_DELETE", json!({"id": GUILD.to_string()}));
    let mut purged = Vec::new();
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        // Not yet due within the grace period: nothing purged at "now".
        assert!(store
            .purge_removed(now() - 30 * 86_400)
            .await
            .unwrap()
            .is_empty());
        purged = store.purge_removed(now() + 1).await.unwrap();
        if !purged.is_empty() {
            break;
        }
    }
    assert_eq!(purged, [GUILD]);
    assert_eq!(
        store.settings(GUILD).await.unwrap(),
        GuildSettings::default()
    );
    bot.stop().await.expect("a clean stop");
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Issue 14: a server forced to Vietnamese gets Vietnamese from every button, whatever the
/// presser's client language — Details and Redacted copy followed the presser's locale only,
/// while the reset button followed the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_answer_in_the_servers_forced_language() {
    let (bot, _dir, _) = start_new().await;
    let fake = &bot.fake;
    let vi = cat().lang("vi").unwrap();
    admin(
        fake,
        &["settings", "language"],
        json!([{"name": "lang", "type": 4, "value": 2}]),
    )
    .await;

    let body = reply_to(fake, CHANNEL, "SIP/2.0 486 Busy Here").await;
    let details_id = body["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();
    // `press` presses as an en-US client.
    let details = crate::bot::press(fake, &details_id, BOB, "0", "1").await;
    let busy = cat().lookup(486).unwrap();
    let in_vi = sipbot::render::code(cat(), vi, busy).title;
    assert_ne!(in_vi, sipbot::render::code(cat(), Lang::BASE, busy).title);
    assert_eq!(details["data"]["embeds"][0]["title"], in_vi, "{details}");

    let log = std::fs::read_to_string(crate::support::fixture(
        "traces/freeswitch-siptrace-488.log",
    ))
    .unwrap();
    let id = fake.new_id();
    let msg = message(fake, id, CHANNEL, &log);
    fake.store_message(&msg);
    fake.dispatch("MESSAGE_CREATE", msg);
    let want = id.to_string();
    let body = fake
        .wait_for(10, |r| {
            r.method == "POST"
                && r.path == format!("/channels/{CHANNEL}/messages")
                && r.answers(&want)
        })
        .await
        .body;
    let redact_id = body["components"][0]["components"][2]["custom_id"]
        .as_str()
        .expect("a Redacted copy button under a trace")
        .to_string();
    let press = crate::bot::press_deferred(fake, &redact_id, BOB).await;
    let in_vi = sipbot::answer::trace_reply(cat(), vi, &log, true).unwrap();
    let in_en = sipbot::answer::trace_reply(cat(), Lang::BASE, &log, true).unwrap();
    assert_ne!(in_vi.embeds[0].title, in_en.embeds[0].title);
    assert_eq!(
        press["embeds"][0]["title"], in_vi.embeds[0].title,
        "{press}"
    );
    bot.stop().await.expect("a clean stop");
}
