//! A fake Discord on 127.0.0.1: the REST routes sipbot uses and a gateway WebSocket, enough to
//! drive the real serenity client end to end. Every REST request is recorded for assertions;
//! tests push gateway events (MESSAGE_CREATE, INTERACTION_CREATE…) and inject faults (a
//! close code at IDENTIFY, a dropped connection, error statuses on REST routes).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use tokio::sync::{mpsc, Notify};

pub const APP_ID: u64 = 900_000_000_000_000_001;
pub const BOT_ID: u64 = 900_000_000_000_000_001;
pub const GUILD: u64 = 700_000_000_000_000_001;
pub const CHANNEL: u64 = 710_000_000_000_000_001;
pub const ALICE: u64 = 600_000_000_000_000_001;
pub const BOB: u64 = 600_000_000_000_000_002;
pub const TOKEN: &str = "fake-token.for-tests";

/// One REST request the bot made.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path after `/api/v10`, e.g. `/channels/1/messages`.
    pub path: String,
    pub body: Value,
    /// The status the fake answered with.
    pub status: u16,
    /// Files of a multipart upload (the JSON part is `body`).
    pub files: Vec<File>,
    /// When the fake received it (the load harness measures event → reply with it).
    pub at: Instant,
}

impl Request {
    /// Whether this is a reply to `message` (its `message_reference`).
    pub fn answers(&self, message: &str) -> bool {
        self.body["message_reference"]["message_id"].as_str() == Some(message)
    }
}

/// One file of a multipart request.
#[derive(Debug, Clone)]
pub struct File {
    pub field: String,
    pub filename: String,
    pub bytes: Vec<u8>,
}

enum Command {
    Send(String),
    Drop,
}

/// A REST fault to inject: the next `times` requests matching method and path prefix get
/// `status`.
struct Fault {
    method: String,
    prefix: String,
    status: u16,
    times: usize,
}

#[derive(Default)]
struct Inner {
    requests: Mutex<Vec<Request>>,
    changed: Notify,
    gateway: Mutex<Option<mpsc::UnboundedSender<Command>>>,
    seq: AtomicU64,
    next_id: AtomicU64,
    identifies: Mutex<Vec<u64>>,
    resumes: AtomicU64,
    /// Close the gateway with this code when IDENTIFY asks for the Message Content intent.
    refuse_content_intent: Mutex<bool>,
    faults: Mutex<VecDeque<Fault>>,
    base: Mutex<String>,
    /// Attachments served under /files/<name> (Discord's CDN), without a token.
    files: Mutex<std::collections::HashMap<String, Vec<u8>>>,
    /// Messages the bot may fetch with GET /channels/<c>/messages/<m>.
    messages: Mutex<std::collections::HashMap<String, Value>>,
    /// How many servers READY lists and GUILD_CREATE describes; 0 is the tests' one
    /// unavailable server and no GUILD_CREATE.
    guilds: Mutex<usize>,
    /// When READY was sent.
    ready_at: Mutex<Option<Instant>>,
}

#[derive(Clone)]
pub struct Fake {
    pub addr: SocketAddr,
    inner: Arc<Inner>,
}

const MESSAGE_CONTENT: u64 = 1 << 15;

impl Fake {
    pub async fn start() -> Fake {
        let inner = Arc::new(Inner {
            next_id: AtomicU64::new(800_000_000_000_000_000),
            ..Default::default()
        });
        let app = Router::new()
            .route("/gateway", get(gateway))
            .fallback(rest)
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        *inner.base.lock().unwrap() = format!("http://{addr}");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Fake { addr, inner }
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Makes READY list `n` servers (the first is `GUILD`) and follows it with a full
    /// GUILD_CREATE for each, as Discord does.
    pub fn serve_guilds(&self, n: usize) {
        *self.inner.guilds.lock().unwrap() = n;
    }

    /// When the fake sent READY, if it has.
    pub fn ready_at(&self) -> Option<Instant> {
        *self.inner.ready_at.lock().unwrap()
    }

    /// A GUILD_CREATE payload for a small community server: the @everyone role and four
    /// others, `channels` text channels, the bot and two members, as serenity 0.12 parses it.
    pub fn guild(id: u64, channels: usize) -> Value {
        let role = |rid: u64, name: &str, position: u16| {
            json!({"id": rid.to_string(), "name": name, "color": 0,
                   "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
                   "hoist": false, "icon": null, "unicode_emoji": null, "position": position,
                   "permissions": "1071698660929", "managed": false, "mentionable": false,
                   "flags": 0})
        };
        let mut roles = vec![role(id, "@everyone", 0)];
        for (k, name) in ["admin", "voip", "support", "bots"].iter().enumerate() {
            roles.push(role(id + 1 + k as u64, name, k as u16 + 1));
        }
        let chans: Vec<Value> = (0..channels)
            .map(|k| {
                json!({"id": (id + 100 + k as u64).to_string(), "type": 0,
                       "guild_id": id.to_string(), "name": format!("channel-{k}"),
                       "position": k, "permission_overwrites": [], "nsfw": false,
                       "topic": "SIP trunks and call routing", "last_message_id": null,
                       "parent_id": null, "rate_limit_per_user": 0, "flags": 0})
            })
            .collect();
        let members = vec![
            Fake::member(BOT_ID, "sipbot", "0"),
            Fake::member(ALICE, "alice", "0"),
            Fake::member(BOB, "bob", "0"),
        ];
        // Two literals merged: one would exceed `json!`'s macro recursion limit.
        let mut g = json!({
            "id": id.to_string(), "name": format!("VoIP team {id}"), "icon": null,
            "icon_hash": null, "splash": null, "discovery_splash": null,
            "owner_id": ALICE.to_string(), "afk_channel_id": null, "afk_timeout": 300,
            "widget_enabled": false, "widget_channel_id": null, "verification_level": 1,
            "default_message_notifications": 1, "explicit_content_filter": 2,
            "roles": roles, "emojis": [], "features": [], "mfa_level": 0,
            "application_id": null, "system_channel_id": (id + 100).to_string(),
            "system_channel_flags": 0, "rules_channel_id": null, "max_presences": null
        });
        let rest = json!({
            "max_members": 500000, "vanity_url_code": null, "description": null,
            "banner": null, "premium_tier": 0, "premium_subscription_count": 0,
            "preferred_locale": "en-US", "public_updates_channel_id": null,
            "max_video_channel_users": 25, "nsfw_level": 0, "stickers": [],
            "premium_progress_bar_enabled": false, "safety_alerts_channel_id": null,
            "joined_at": "2026-01-01T00:00:00.000000+00:00", "large": false,
            "unavailable": false, "member_count": 3, "voice_states": [],
            "members": members, "channels": chans, "threads": [], "presences": [],
            "stage_instances": [], "guild_scheduled_events": [], "lazy": true
        });
        if let (Some(a), Value::Object(b)) = (g.as_object_mut(), rest) {
            a.extend(b);
        }
        g
    }

    pub fn refuse_content_intent(&self) {
        *self.inner.refuse_content_intent.lock().unwrap() = true;
    }

    pub fn fail_next(&self, method: &str, prefix: &str, status: u16, times: usize) {
        self.inner.faults.lock().unwrap().push_back(Fault {
            method: method.into(),
            prefix: prefix.into(),
            status,
            times,
        });
    }

    /// Serves `bytes` as an attachment; returns its attachment object.
    pub fn attachment(&self, name: &str, bytes: Vec<u8>) -> Value {
        let id = self.new_id();
        let size = bytes.len();
        self.inner
            .files
            .lock()
            .unwrap()
            .insert(format!("{id}-{name}"), bytes);
        let url = format!("{}/files/{id}-{name}", self.base());
        json!({"id": id.to_string(), "filename": name, "size": size, "url": url, "proxy_url": url,
               "content_type": "text/plain; charset=utf-8"})
    }

    /// Makes a message available to GET /channels/<c>/messages/<id>.
    pub fn store_message(&self, message: &Value) {
        let id = message["id"].as_str().unwrap_or_default().to_string();
        self.inner
            .messages
            .lock()
            .unwrap()
            .insert(id, message.clone());
    }

    pub fn requests(&self) -> Vec<Request> {
        self.inner.requests.lock().unwrap().clone()
    }

    pub fn identifies(&self) -> Vec<u64> {
        self.inner.identifies.lock().unwrap().clone()
    }

    pub fn resumes(&self) -> u64 {
        self.inner.resumes.load(Ordering::SeqCst)
    }

    pub fn new_id(&self) -> u64 {
        self.inner.next_id.fetch_add(1, Ordering::SeqCst)
    }

    /// Waits until a recorded request satisfies `pred` (searching from the start), or panics
    /// after `secs` seconds with what was recorded.
    pub async fn wait_for(&self, secs: u64, pred: impl Fn(&Request) -> bool) -> Request {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let notified = self.inner.changed.notified();
            if let Some(r) = self.requests().into_iter().find(|r| pred(r)) {
                return r;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let seen: Vec<String> = self
                    .requests()
                    .iter()
                    .map(|r| format!("{} {}", r.method, r.path))
                    .collect();
                panic!("timed out waiting for a request; seen: {seen:#?}");
            }
        }
    }

    /// Waits until the gateway has an identified (or resumed) connection.
    pub async fn wait_connected(&self, secs: u64) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        while self.inner.gateway.lock().unwrap().is_none() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the bot never connected"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Sends a dispatch event to the connected bot.
    pub fn dispatch(&self, t: &str, d: Value) {
        let s = self.inner.seq.fetch_add(1, Ordering::SeqCst) + 1;
        let payload = json!({"op": 0, "t": t, "s": s, "d": d}).to_string();
        let tx = self.inner.gateway.lock().unwrap().clone();
        tx.expect("no gateway connection")
            .send(Command::Send(payload))
            .ok();
    }

    /// Sends a payload that ends the session (RECONNECT, INVALID_SESSION) and forgets the
    /// connection, so that `wait_connected` waits for the next one.
    pub fn forget_connection_after(&self, payload: Value) {
        let tx = self.inner.gateway.lock().unwrap().take();
        tx.expect("no gateway connection")
            .send(Command::Send(payload.to_string()))
            .ok();
    }

    /// Drops the gateway connection without a close frame, as a network failure would.
    pub fn drop_gateway(&self) {
        if let Some(tx) = self.inner.gateway.lock().unwrap().take() {
            let _ = tx.send(Command::Drop);
        }
    }

    /// A user as Discord sends it.
    pub fn user(id: u64, name: &str, bot: bool) -> Value {
        json!({"id": id.to_string(), "username": name, "discriminator": "0", "global_name": name,
               "avatar": null, "bot": bot})
    }

    pub fn member(id: u64, name: &str, permissions: &str) -> Value {
        json!({"user": Fake::user(id, name, false), "roles": [], "joined_at": "2026-01-01T00:00:00.000000+00:00",
               "deaf": false, "mute": false, "flags": 0, "permissions": permissions})
    }

    /// A MESSAGE_CREATE payload in the test server's channel (or a DM with `guild: None`).
    pub fn message(&self, id: u64, author: u64, content: &str, guild: Option<u64>) -> Value {
        let mut m = json!({
            "id": id.to_string(), "channel_id": CHANNEL.to_string(),
            "author": Fake::user(author, if author == ALICE { "alice" } else { "bob" }, false),
            "content": content, "timestamp": "2026-11-24T10:00:00.000000+00:00",
            "edited_timestamp": null, "tts": false, "mention_everyone": false,
            "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
            "pinned": false, "type": 0, "flags": 0
        });
        if let Some(g) = guild {
            m["guild_id"] = json!(g.to_string());
            m["member"] = json!({"roles": [], "joined_at": "2026-01-01T00:00:00.000000+00:00",
                                 "deaf": false, "mute": false, "flags": 0});
        }
        m
    }

    /// An INTERACTION_CREATE payload for `/sip <sub> <options>` in the test server.
    pub fn slash(&self, sub: &str, options: Value, locale: &str) -> Value {
        self.interaction(
            2,
            json!({"id": "1", "name": "sip", "type": 1,
                   "options": [{"name": sub, "type": 1, "options": options}]}),
            locale,
            ALICE,
            "0",
        )
    }

    /// An interaction of any type (2 command, 3 component, 4 autocomplete).
    pub fn interaction(
        &self,
        kind: u8,
        data: Value,
        locale: &str,
        user: u64,
        permissions: &str,
    ) -> Value {
        json!({
            "id": self.new_id().to_string(), "application_id": APP_ID.to_string(), "type": kind,
            "data": data, "guild_id": GUILD.to_string(), "channel_id": CHANNEL.to_string(),
            "channel": {"id": CHANNEL.to_string(), "type": 0},
            "member": Fake::member(user, if user == ALICE { "alice" } else { "bob" }, permissions),
            "token": format!("itoken-{}", self.new_id()), "version": 1, "app_permissions": "0",
            "locale": locale, "guild_locale": "en-US", "entitlements": [],
            "authorizing_integration_owners": {"0": GUILD.to_string()}, "context": 0,
            "attachment_size_limit": 8_388_608
        })
    }
}

fn record(inner: &Inner, method: &str, path: &str, body: Value, files: Vec<File>, status: u16) {
    inner.requests.lock().unwrap().push(Request {
        method: method.into(),
        path: path.into(),
        body,
        status,
        files,
        at: Instant::now(),
    });
    inner.changed.notify_waiters();
}

fn message_json(inner: &Inner, id: u64, channel: &str, body: &Value) -> Value {
    json!({
        "id": id.to_string(), "channel_id": channel, "author": Fake::user(BOT_ID, "sipbot", true),
        "content": body.get("content").cloned().unwrap_or(json!("")),
        "timestamp": "2026-11-24T10:00:01.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
        "attachments": [], "embeds": [], "pinned": false, "type": 19, "flags": 0,
        "application_id": APP_ID.to_string(),
        "_seq": inner.seq.load(Ordering::SeqCst)
    })
}

async fn rest(
    State(inner): State<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let full = uri.path().to_string();
    let path = full.strip_prefix("/api/v10").unwrap_or(&full).to_string();
    let m = method.as_str().to_string();
    let (body, files) = parse_body(&headers, &raw);
    let response = answer(&inner, &m, &path, &headers, &body);
    record(&inner, &m, &path, body, files, response.status().as_u16());
    response
}

/// JSON, or multipart/form-data (Discord's uploads): the `payload_json` part and the files.
fn parse_body(headers: &HeaderMap, raw: &[u8]) -> (Value, Vec<File>) {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(boundary) = ct
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
        .map(|b| b.trim_matches('"').to_string())
    else {
        return (
            serde_json::from_slice(raw).unwrap_or(Value::Null),
            Vec::new(),
        );
    };
    let delimiter = format!("--{boundary}");
    let mut body = Value::Null;
    let mut files = Vec::new();
    for part in split_bytes(raw, delimiter.as_bytes()).into_iter().skip(1) {
        if part.starts_with(b"--") {
            break; // the closing delimiter
        }
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let Some(end) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..end]).to_string();
        let mut content = &part[end + 4..];
        content = content.strip_suffix(b"\r\n").unwrap_or(content);
        let attr = |name: &str| {
            head.split(';')
                .map(str::trim)
                .find_map(|kv| kv.strip_prefix(&format!("{name}=\"")))
                .map(|v| v.trim_end_matches(['"', '\r', '\n']))
                .map(|v| v.split('"').next().unwrap_or("").to_string())
        };
        let field = attr("name").unwrap_or_default();
        if field == "payload_json" {
            body = serde_json::from_slice(content).unwrap_or(Value::Null);
        } else {
            files.push(File {
                field,
                filename: attr("filename").unwrap_or_default(),
                bytes: content.to_vec(),
            });
        }
    }
    (body, files)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut hay: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(i) = find(hay, sep) {
        out.push(&hay[..i]);
        hay = &hay[i + sep.len()..];
    }
    out.push(hay);
    out
}

fn answer(inner: &Inner, m: &str, path: &str, headers: &HeaderMap, body: &Value) -> Response {
    let (m, path) = (m.to_string(), path.to_string());
    if let Some(name) = path.strip_prefix("/files/") {
        return match inner.files.lock().unwrap().get(name) {
            Some(bytes) => (StatusCode::OK, bytes.clone()).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
    if auth != Some(&format!("Bot {TOKEN}")) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"message": "401: Unauthorized", "code": 0})),
        )
            .into_response();
    }
    {
        let mut faults = inner.faults.lock().unwrap();
        if let Some(f) = faults
            .iter_mut()
            .find(|f| f.method == m && path.starts_with(&f.prefix) && f.times > 0)
        {
            f.times -= 1;
            let status =
                StatusCode::from_u16(f.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            faults.retain(|f| f.times > 0);
            let body = if status == StatusCode::TOO_MANY_REQUESTS {
                json!({"message": "You are being rate limited.", "retry_after": 0.2, "global": false})
            } else {
                json!({"message": "injected fault", "code": 0})
            };
            return (status, [("retry-after", "0.2")], axum::Json(body)).into_response();
        }
    }
    let body = body.clone();
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let ws = format!("{}/gateway", inner.base.lock().unwrap()).replace("http://", "ws://");
    let json = |v: Value| (StatusCode::OK, axum::Json(v)).into_response();
    match (m.as_str(), parts.as_slice()) {
        ("GET", ["users", "@me"]) => json(Fake::user(BOT_ID, "sipbot", true)),
        ("GET", ["oauth2", "applications", "@me"]) => json(json!({
            "id": APP_ID.to_string(), "name": "sipbot", "icon": null, "description": "",
            "bot_public": true, "bot_require_code_grant": false, "verify_key": "00",
            "team": null, "owner": Fake::user(ALICE, "alice", false), "flags": 0})),
        ("GET", ["gateway"]) => json(json!({"url": ws})),
        ("GET", ["gateway", "bot"]) => json(json!({"url": ws, "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})),
        ("PUT", ["applications", _, "commands"])
        | ("PUT", ["applications", _, "guilds", _, "commands"]) => {
            let guild = parts.get(3).map(|g| g.to_string());
            let list: Vec<Value> = body
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .map(|(i, mut c)| {
                    c["id"] = json!((500 + i).to_string());
                    c["application_id"] = json!(APP_ID.to_string());
                    c["version"] = json!("1");
                    if c.get("type").is_none() {
                        c["type"] = json!(1);
                    }
                    if c.get("description").is_none() {
                        c["description"] = json!("");
                    }
                    if let Some(g) = &guild {
                        c["guild_id"] = json!(g);
                    }
                    c
                })
                .collect();
            json(Value::Array(list))
        }
        ("POST", ["channels", c, "messages"]) => {
            let id = inner.next_id.fetch_add(1, Ordering::SeqCst);
            json(message_json(inner, id, c, &body))
        }
        ("PATCH", ["channels", c, "messages", id]) => {
            let id = id.parse().unwrap_or(1);
            json(message_json(inner, id, c, &body))
        }
        ("GET", ["channels", _, "messages", id]) => match inner.messages.lock().unwrap().get(*id) {
            Some(msg) => json(msg.clone()),
            None => (
                StatusCode::NOT_FOUND,
                axum::Json(json!({"message": "Unknown Message", "code": 10008})),
            )
                .into_response(),
        },
        ("DELETE", ["channels", _, "messages", _]) => StatusCode::NO_CONTENT.into_response(),
        ("POST", ["interactions", _, _, "callback"]) => StatusCode::NO_CONTENT.into_response(),
        ("GET" | "PATCH", ["webhooks", _, _, "messages", _]) | ("POST", ["webhooks", _, _]) => {
            let id = inner.next_id.fetch_add(1, Ordering::SeqCst);
            json(message_json(inner, id, &CHANNEL.to_string(), &body))
        }
        _ => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"message": "Unknown route in the fake", "code": 0})),
        )
            .into_response(),
    }
}

async fn gateway(State(inner): State<Arc<Inner>>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| session(inner, socket))
}

async fn session(inner: Arc<Inner>, mut socket: WebSocket) {
    let hello = json!({"op": 10, "d": {"heartbeat_interval": 41250}}).to_string();
    if socket.send(WsMessage::Text(hello)).await.is_err() {
        return;
    }
    let (tx, mut rx) = mpsc::unbounded_channel();
    loop {
        tokio::select! {
            cmd = rx.recv() => match cmd {
                Some(Command::Send(p)) => { if socket.send(WsMessage::Text(p)).await.is_err() { return; } }
                Some(Command::Drop) | None => return,
            },
            msg = socket.recv() => {
                let Some(Ok(msg)) = msg else {
                    // Forget this connection only: a newer one may already be registered.
                    let mut current = inner.gateway.lock().unwrap();
                    if current.as_ref().is_some_and(|c| c.same_channel(&tx)) {
                        *current = None;
                    }
                    return;
                };
                let text = match msg { WsMessage::Text(t) => t, WsMessage::Close(_) => return, _ => continue };
                let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                match v["op"].as_u64() {
                    Some(1) => {
                        let ack = json!({"op": 11}).to_string();
                        if socket.send(WsMessage::Text(ack)).await.is_err() { return; }
                    }
                    Some(2) => {
                        let intents = v["d"]["intents"].as_u64().unwrap_or(0);
                        inner.identifies.lock().unwrap().push(intents);
                        if *inner.refuse_content_intent.lock().unwrap() && intents & MESSAGE_CONTENT != 0 {
                            let _ = socket.send(WsMessage::Close(Some(CloseFrame { code: 4014, reason: "Disallowed intent(s).".into() }))).await;
                            return;
                        }
                        let token = v["d"]["token"].as_str().unwrap_or("");
                        if token.strip_prefix("Bot ").unwrap_or(token) != TOKEN {
                            let _ = socket.send(WsMessage::Close(Some(CloseFrame { code: 4004, reason: "Authentication failed.".into() }))).await;
                            return;
                        }
                        let ws = format!("{}/gateway", inner.base.lock().unwrap()).replace("http://", "ws://");
                        let s = inner.seq.fetch_add(1, Ordering::SeqCst) + 1;
                        let n = *inner.guilds.lock().unwrap();
                        let ids: Vec<u64> = (0..n.max(1) as u64).map(|k| GUILD + k * 1_000).collect();
                        let listed: Vec<Value> = ids.iter().map(|g| json!({"id": g.to_string(), "unavailable": true})).collect();
                        let ready = json!({"op": 0, "t": "READY", "s": s, "d": {
                            "v": 10, "user": Fake::user(BOT_ID, "sipbot", true),
                            "guilds": listed,
                            "session_id": "fake-session", "resume_gateway_url": ws,
                            "shard": [0, 1], "application": {"id": APP_ID.to_string(), "flags": 0}
                        }});
                        // Stamped before sending: the bot may answer READY before `send` returns.
                        *inner.ready_at.lock().unwrap() = Some(Instant::now());
                        if socket.send(WsMessage::Text(ready.to_string())).await.is_err() { return; }
                        for g in ids.iter().take(n) {
                            let s = inner.seq.fetch_add(1, Ordering::SeqCst) + 1;
                            let create = json!({"op": 0, "t": "GUILD_CREATE", "s": s, "d": Fake::guild(*g, 10)});
                            if socket.send(WsMessage::Text(create.to_string())).await.is_err() { return; }
                        }
                        *inner.gateway.lock().unwrap() = Some(tx.clone());
                    }
                    Some(6) => {
                        inner.resumes.fetch_add(1, Ordering::SeqCst);
                        let s = inner.seq.load(Ordering::SeqCst);
                        let resumed = json!({"op": 0, "t": "RESUMED", "s": s, "d": {}});
                        if socket.send(WsMessage::Text(resumed.to_string())).await.is_err() { return; }
                        *inner.gateway.lock().unwrap() = Some(tx.clone());
                    }
                    _ => {}
                }
            }
        }
    }
}
