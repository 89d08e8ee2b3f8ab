//! `sipbot explain` for header fields and `sipbot invite`, through the real binary.

use crate::support::bin;

fn run(args: &[&str], token: Option<&str>) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = bin();
    // In an empty directory, so that no .env of the developer's is read.
    c.current_dir(dir.path()).args(args);
    if let Some(t) = token {
        c.env("DISCORD_TOKEN", t);
    }
    let out = c.output().expect("sipbot runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn explain_a_header_by_name_or_compact_form() {
    let (code, out, _) = run(&["explain", "Via"], None);
    assert_eq!(code, 0);
    assert!(out.starts_with("The Via header"), "{out}");
    assert!(out.contains("rport"), "the NAT pitfall: {out}");
    assert!(out.contains("RFC 3261 §20.42"), "{out}");

    let (code, out, _) = run(&["explain", "i"], None);
    assert_eq!(code, 0);
    assert!(out.starts_with("The Call-ID header"), "{out}");
    assert!(
        out.contains("`i` is the compact form of `Call-ID`"),
        "{out}"
    );

    let (code, out, _) = run(&["--lang", "vi", "explain", "what is Record-Route?"], None);
    assert_eq!(code, 0);
    assert!(out.starts_with("Header Record-Route"), "{out}");

    let (code, out, _) = run(&["explain", "--json", "x"], None);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["embeds"][0]["title"], "The Session-Expires header");
    assert_eq!(v["allowed_mentions"]["parse"], serde_json::json!([]));
}

#[test]
fn explain_a_code_shows_its_http_side() {
    let (code, out, _) = run(&["explain", "408"], None);
    assert_eq!(code, 0);
    assert!(out.contains("Compared with HTTP"), "{out}");
    assert!(
        out.contains("HTTP 408 Request Timeout (RFC 9110 §15.5.9)"),
        "{out}"
    );
    let (_, out, _) = run(&["explain", "487"], None);
    assert!(out.contains("No HTTP counterpart"), "{out}");
}

/// Shaped like a bot token; the id part is Discord's documentation example, the rest made up.
const TOKEN: &str = "ODAxNjg0MzIyNzE0MDE4ODE3.YBcFbw.made-up-secret-part-0123456789";

#[test]
fn invite_prints_the_address_from_the_token_without_printing_it() {
    let (code, out, err) = run(&["invite"], Some(TOKEN));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(
        "https://discord.com/oauth2/authorize?client_id=801684322714018817&scope=bot+applications.commands&permissions=274878024704"
    ), "{out}");
    assert!(out.contains("Send Messages"), "{out}");
    for shown in [&out, &err] {
        assert!(
            !shown.contains(TOKEN) && !shown.contains("YBcFbw"),
            "{shown}"
        );
        assert!(!shown.contains("made-up-secret"), "{shown}");
    }

    let (code, out, _) = run(&["invite", "--app-id", "801684322714018817"], None);
    assert_eq!(code, 0);
    assert!(out.contains("client_id=801684322714018817"), "{out}");
}

#[test]
fn invite_errors_are_clear_and_never_echo_the_token() {
    let secret = "this-is-the-client-secret-not-a-token";
    let (code, out, err) = run(&["invite"], Some(secret));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("does not look like a bot token"), "{err}");
    assert!(!err.contains(secret), "{err}");

    let (code, _, err) = run(&["invite"], None);
    assert_eq!(code, 2);
    assert!(err.contains("--app-id"), "{err}");

    let (code, _, err) = run(&["invite", "--app-id", "42"], None);
    assert_eq!(code, 2);
    assert!(err.contains("17 to 20 digits"), "{err}");

    let (code, _, err) = run(&["invite", "--app-id", "abc"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("not a number") && !err.contains("abc"),
        "{err}"
    );

    let (code, _, err) = run(&["invite", "--app-id", "123456789012345678901234"], None);
    assert_eq!(code, 2);
    assert!(err.contains("more than 20 digits"), "{err}");

    // A token pasted where the id goes is refused without being repeated.
    let (code, out, err) = run(&["invite", "--app-id", TOKEN], None);
    assert_eq!(code, 2);
    assert!(out.is_empty() && err.contains("DISCORD_TOKEN"), "{err}");
    assert!(!err.contains("YBcFbw") && !err.contains(TOKEN), "{err}");

    // In Vietnamese, the error is Vietnamese too.
    let (code, _, err) = run(&["--lang", "vi", "invite"], Some(secret));
    assert_eq!(code, 2);
    assert!(err.contains("không giống token"), "{err}");
    assert!(!err.contains(secret), "{err}");
}

#[test]
fn invite_names_the_permissions_in_the_readers_language() {
    let (code, out, err) = run(&["--lang", "vi", "invite"], Some(TOKEN));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("client_id=801684322714018817"), "{out}");
    for name in [
        "Xem kênh",
        "Gửi tin nhắn (Send Messages)",
        "Nhúng liên kết",
        "Đính kèm tệp",
        "Đọc lịch sử tin nhắn",
    ] {
        assert!(out.contains(name), "{name}: {out}");
    }
    let (_, en, _) = run(&["invite"], Some(TOKEN));
    assert!(
        en.contains("View Channels, Send Messages, Send Messages in Threads, Embed Links"),
        "{en}"
    );
    assert!(!en.contains("Xem kênh"), "{en}");
}
