//! The real `sipbot` binary: answers, exit statuses and the `--json` payload.

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;
use sipbot::render::{check_limits, Explanation, Field, Reply};

use crate::support::{bin, fixture};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().expect("sipbot runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs sipbot with `input` on its standard input, written from another thread so that a
/// large output cannot stall the writing.
fn run_with_input(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

/// Reads a `--json` body back into our types and checks it against Discord's limits.
fn payload(stdout: &str) -> Value {
    let v: Value = serde_json::from_str(stdout).expect("valid JSON");
    assert_eq!(v["allowed_mentions"]["parse"], serde_json::json!([]));
    assert_eq!(
        v["allowed_mentions"]["replied_user"],
        serde_json::json!(false)
    );
    let embeds = v["embeds"].as_array().expect("embeds");
    assert!(!embeds.is_empty() && embeds.len() <= 10);
    let reply = Reply::embeds(
        embeds
            .iter()
            .map(|e| Explanation {
                title: e["title"].as_str().unwrap_or("").into(),
                description: e["description"].as_str().unwrap_or("").into(),
                footer: e["footer"]["text"].as_str().map(String::from),
                fields: e["fields"]
                    .as_array()
                    .map(|fs| {
                        fs.iter()
                            .map(|f| Field {
                                name: f["name"].as_str().unwrap().into(),
                                value: f["value"].as_str().unwrap().into(),
                                inline: f["inline"].as_bool().unwrap(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                ..Default::default()
            })
            .collect(),
    );
    check_limits(&reply).expect("within Discord's limits");
    v
}

#[test]
fn explain_a_code() {
    let (code, out, _) = run(&["explain", "486"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("486 Busy Here"), "{out}");
    assert!(out.contains("How to fix"));
}

#[test]
fn explain_a_comparison_a_phrase_a_status_line_and_a_cause() {
    let (code, out, _) = run(&["explain", "486 vs 600"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("486 Busy Here vs 600 Busy Everywhere"),
        "{out}"
    );
    let (code, out, _) = run(&["explain", "busy", "here"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("486 Busy Here"), "{out}");
    let (code, out, _) = run(&["explain", "SIP/2.0 503 Service Unavailable"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("503 Service Unavailable"), "{out}");
    let (code, out, _) = run(&["explain", "q850", "17"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Q.850 cause 17: User busy"), "{out}");
    assert!(out.contains("486 Busy Here"));
    // PBX hangup cause names, in any case, name the cause and where the name comes from.
    for name in ["USER_BUSY", "ast_cause_user_busy", "AST_CAUSE_BUSY"] {
        let (code, out, _) = run(&["explain", name]);
        assert_eq!(code, 0, "{name}");
        assert!(
            out.starts_with("Q.850 cause 17: User busy"),
            "{name}: {out}"
        );
        assert!(
            out.contains(&format!("`{}`", name.to_ascii_uppercase())),
            "{out}"
        );
        assert!(out.contains("`USER_BUSY` · `AST_CAUSE_USER_BUSY`"), "{out}");
    }
    let (code, out, _) = run(&["explain", "ORIGINATOR_CANCEL"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Not a Q.850 cause: 487 is FreeSWITCH's own number"),
        "{out}"
    );
    let (code, out, _) = run(&["--lang", "vi", "explain", "MEDIA_TIMEOUT"]);
    assert_eq!(code, 0);
    assert!(out.contains("Không phải cause Q.850: 604"), "{out}");
    let (code, out, _) = run(&["explain", "100 vs 403"]);
    assert_eq!(code, 0);
    assert!(out.contains("100 Trying vs 403 Forbidden"), "{out}");
}

#[test]
fn unregistered_codes_are_explained_by_their_class() {
    let (code, out, _) = run(&["explain", "477"]);
    assert_eq!(code, 0);
    assert!(out.contains("not a registered"), "{out}");
    assert!(out.contains("400 Bad Request"), "{out}");
    assert!(out.contains("8.1.3.2"));
}

#[test]
fn out_of_range_input_is_a_clear_error_with_suggestions() {
    for input in ["700", "099", "1000", "abc"] {
        let (code, out, _) = run(&["explain", input]);
        assert_eq!(code, 1, "{input}");
        assert!(out.contains("Not a SIP response code"), "{input}: {out}");
        assert!(out.contains(input), "{input} is quoted back: {out}");
        assert!(out.contains("100 to 699"), "{input}: says what a code is");
    }
    let (_, out, _) = run(&["explain", "700"]);
    assert!(
        out.contains("Did you mean") && out.contains("608 Rejected"),
        "{out}"
    );
    let (_, out, _) = run(&["explain", "099"]);
    assert!(out.contains("100 Trying"), "{out}");
}

#[test]
fn json_is_the_discord_message_body() {
    let (code, out, _) = run(&["explain", "--json", "486"]);
    assert_eq!(code, 0);
    let v = payload(&out);
    assert_eq!(v["embeds"][0]["title"], "486 Busy Here");
    assert_eq!(v["embeds"][0]["color"], 0xE67E22);
    let (code, out, _) = run(&["explain", "--json", "700"]);
    assert_eq!(code, 1);
    payload(&out);
    let (_, out, _) = run(&["explain", "--json", "486 vs 600"]);
    payload(&out);
    let (_, out, _) = run(&["list", "--json"]);
    let v = payload(&out);
    assert_eq!(v["embeds"].as_array().unwrap().len(), 6);
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(run(&["explain"]).0, 2);
    assert_eq!(run(&["list", "--class", "9xx"]).0, 2);
    assert_eq!(run(&["--lang", "xx", "explain", "486"]).0, 2);
    assert_eq!(run(&["no-such-command"]).0, 2);
}

#[test]
fn list_and_search() {
    let (code, out, _) = run(&["list", "--class", "6xx"]);
    assert_eq!(code, 0);
    for c in ["600", "603", "604", "606", "607", "608"] {
        assert!(out.contains(c), "{c}");
    }
    let (code, out, _) = run(&["search", "busy"]);
    assert_eq!(code, 0);
    assert!(out.contains("486") && out.contains("600"));
    assert_eq!(run(&["search", "zzqqxx"]).0, 1);
}

#[test]
fn console_answers_each_line_and_ends_at_end_of_input() {
    let out = run_with_input(&["console"], b"486\n\nwe have 200 users\n486 vs 600\n");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("486 Busy Here"));
    assert!(text.contains("486 Busy Here vs 600 Busy Everywhere"));
    assert!(
        text.contains("Nothing for sipbot"),
        "200 users is not a code: {text}"
    );
    assert!(!text.contains("200 OK"), "{text}");
}

#[test]
fn no_subcommand_without_a_token_starts_the_console_after_saying_how_to_configure() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("DISCORD_TOKEN"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("sipbot console"));
}

#[test]
fn scan_reads_a_log_file_and_prints_json() {
    let log = fixture("logs/asterisk-pjsip-busy.log");
    let (code, out, _) = run(&["scan", "--json", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["codes"], serde_json::json!([100, 180, 486]));
    assert_eq!(v["counts"]["486"], 1);
    assert_eq!(v["q850"], serde_json::json!([17]));
}

#[test]
fn scan_tolerates_binary_input_on_stdin() {
    let mut data: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    data.extend_from_slice(b"\nSIP/2.0 503 Service Unavailable\n\xff\xfe\x00");
    let out = run_with_input(&["scan", "--json", "-"], &data);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    assert!(v["codes"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(503)));
}

/// A scan on several threads adds the blocks in their order: whatever the number of threads,
/// the findings, their order, the counts and the bytes scanned are those of one thread. The
/// input spans many 256 KiB blocks, holds invalid UTF-8 and a line longer than a block.
#[test]
fn scan_on_several_threads_finds_what_one_thread_finds() {
    let mut one_pass = Vec::new();
    for dir in ["logs", "traces"] {
        let mut paths: Vec<_> = std::fs::read_dir(fixture(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for p in paths {
            one_pass.extend(std::fs::read(p).unwrap());
            one_pass.push(b'\n');
        }
    }
    let mut data = Vec::new();
    for i in 0..40 {
        data.extend_from_slice(&one_pass);
        if i == 7 {
            data.extend_from_slice(b"bad bytes \xff\xfe SIP/2.0 404 Not Found\n");
        }
        if i == 20 {
            data.extend(std::iter::repeat_n(b'x', 600 * 1024));
            data.extend_from_slice(b" SIP/2.0 503 Service Unavailable\n");
        }
    }
    assert!(data.len() > 3 * 256 * 1024, "{}", data.len());
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &data).unwrap();
    let path = file.path().to_str().unwrap();
    let (code, json_1, _) = run(&["scan", "--json", "--threads", "1", path]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(json_1.trim()).unwrap();
    // Every repeat is counted: 40 times the busy log's one 486, plus whatever the traces hold.
    assert!(v["counts"]["486"].as_u64().unwrap() >= 40, "{v}");
    assert!(v["codes"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(404)));
    for threads in ["2", "3", "8"] {
        let (_, json_n, _) = run(&["scan", "--json", "--threads", threads, path]);
        assert_eq!(json_n, json_1, "--threads {threads}");
        for mode in ["loose", "explicit"] {
            let (_, text_1, _) = run(&["scan", "--mode", mode, "--threads", "1", path]);
            let (_, text_n, _) = run(&["scan", "--mode", mode, "--threads", threads, path]);
            assert_eq!(text_n, text_1, "--mode {mode} --threads {threads}");
        }
    }
    let (code, _, err) = run(&["scan", "--threads", "0", path]);
    assert_eq!(code, 2);
    assert!(err.contains("--threads"), "{err}");
}

#[test]
fn scan_of_nothing_exits_1_and_a_missing_file_is_a_clear_error() {
    let out = run_with_input(&["scan"], b"we have 200 users on port 5060\n");
    assert_eq!(out.status.code(), Some(1));
    let (code, _, err) = run(&["scan", "/no/such/file.log"]);
    assert_eq!(code, 2);
    assert!(err.contains("/no/such/file.log"), "{err}");
    // `scan` starts on the code table alone, but an unknown --lang is still refused.
    let log = fixture("logs/asterisk-pjsip-busy.log");
    let (code, _, err) = run(&["--lang", "xx", "scan", log.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown language"), "{err}");
}

#[test]
fn trace_prints_the_ladder_and_the_outcome() {
    let log = fixture("traces/freeswitch-siptrace-488.log");
    let (code, out, _) = run(&["trace", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("SIP trace: INVITE media refused (488)"),
        "{out}"
    );
    assert!(out.contains("|<-488 Not Acceptable Here"), "{out}");
    assert!(
        out.contains("488 Not Acceptable Here —"),
        "codes explained: {out}"
    );
}

#[test]
fn trace_json_has_calls_participants_outcome_and_codes() {
    let log = fixture("logs/asterisk-pjsip-busy.log");
    let (code, out, _) = run(&["trace", "--json", log.to_str().unwrap()]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let call = &v["calls"][0];
    assert_eq!(call["outcome"]["kind"], "busy");
    assert_eq!(call["codes"], serde_json::json!([100, 180, 486]));
    assert_eq!(call["messages"].as_array().unwrap().len(), 4);
    assert_eq!(v["participants"][1]["address"], "203.0.113.20:5060");
}

#[test]
fn trace_redacts_and_reads_stdin() {
    let text = std::fs::read(fixture("traces/chan-sip-cancelled.log")).unwrap();
    let out = run_with_input(&["trace", "--redact", "-"], &text);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(!s.contains("198.51.100.60") && s.contains("IP-1"), "{s}");
    assert!(s.contains("Cancelled"), "{s}");
}

#[test]
fn trace_of_no_trace_exits_1() {
    let out = run_with_input(&["trace"], b"we got SIP/2.0 486 Busy Here again\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No SIP trace found"));
}

#[test]
fn vietnamese_answers_in_text_and_json() {
    let (code, out, _) = run(&["--lang", "vi", "explain", "486"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("486 Busy Here (Máy bận tại đây)"), "{out}");
    assert!(out.contains("Khi nào bạn gặp"), "{out}");
    let (code, out, _) = run(&["--lang", "vi", "explain", "--json", "486"]);
    assert_eq!(code, 0);
    let body = payload(&out);
    assert_eq!(
        body["embeds"][0]["title"],
        "486 Busy Here (Máy bận tại đây)"
    );
    assert_eq!(body["allowed_mentions"]["parse"], serde_json::json!([]));
    let (code, _, err) = run(&["--lang", "fr", "explain", "486"]);
    assert_eq!(code, 2, "an unknown language is bad usage");
    assert!(err.contains("en, vi"), "{err}");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::{Read, Write};
    // Megabytes of answers: far more than a pipe holds, so sipbot is still writing when the
    // reader goes away, as with `| head`.
    let mut child = bin()
        .args(["console"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("sipbot runs");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all("486\n".repeat(5000).as_bytes());
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
