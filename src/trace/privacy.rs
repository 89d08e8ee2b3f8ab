//! Privacy: notices credentials in a paste (digest `Authorization` lines, text that looks
//! like a password) so the reply can warn, and masks what identifies people and networks —
//! phone numbers, users, IP addresses — for a redacted copy. Masks are consistent within
//! one redaction (the same address always becomes `IP-1`), so a ladder stays readable.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::{Captures, Regex};
use serde::Serialize;

use super::{Note, Outcome, Trace};

/// What a paste gives away.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Privacy {
    /// `Authorization` / `Proxy-Authorization` lines with a digest response: enough to
    /// attack the password offline.
    pub digest_lines: usize,
    /// Lines that look like `password=…` or `secret: …`.
    pub password_lines: usize,
}

impl Privacy {
    pub fn any(&self) -> bool {
        self.digest_lines > 0 || self.password_lines > 0
    }

    pub(super) fn check_line(&mut self, line: &str) {
        let r = regexes();
        // Cheap refusal: both patterns need a ':' or '='.
        if !line.bytes().any(|b| b == b':' || b == b'=') {
            return;
        }
        let digest = r.digest.find_iter(line).count();
        self.digest_lines += digest;
        if digest == 0 && r.password.is_match(line) {
            self.password_lines += 1;
        }
    }
}

struct Regexes {
    digest: Regex,
    password: Regex,
    uri_user: Regex,
    display: Regex,
    digest_user: Regex,
    secret: Regex,
    ipv4: Regex,
    ipv6: Regex,
    phone: Regex,
}

fn regexes() -> &'static Regexes {
    static R: OnceLock<Regexes> = OnceLock::new();
    R.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        Regexes {
            digest: re(r"(?i)(?:proxy-)?authorization\s*:\s*digest\b"),
            password: re(r"(?i)\b(?:password|passwd|secret|pwd|pass|md5secret)\s*[:=]\s*\S"),
            uri_user: re(r"(?i)\b(sips?|tel|pres|im):([^@;>\s:,]+)@"),
            display: re(r#""([^"<>]{1,80})"(\s*<)"#),
            digest_user: re(r#"(?i)\b(username|cnonce|nonce|response|opaque)\s*=\s*"[^"]*""#),
            secret: re(r"(?i)\b(password|passwd|secret|pwd|pass|md5secret)(\s*[:=]\s*)[^\s,;]+"),
            ipv4: re(r"\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b"),
            ipv6: re(
                r"\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\]|(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}",
            ),
            phone: re(r"(^|[^\w.+-])(\+?\d{6,15})\b"),
        }
    })
}

/// Masks, remembered so that one value always gets the same mask.
#[derive(Debug, Default)]
pub struct Redactor {
    ips: HashMap<String, String>,
    users: HashMap<String, String>,
    numbers: HashMap<String, String>,
}

fn mask(map: &mut HashMap<String, String>, kind: &str, value: &str) -> String {
    let n = map.len() + 1;
    map.entry(value.to_string())
        .or_insert_with(|| format!("{kind}-{n}"))
        .clone()
}

fn is_number(s: &str) -> bool {
    let d = s.strip_prefix('+').unwrap_or(s);
    !d.is_empty()
        && d.bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
}

impl Redactor {
    pub fn new() -> Redactor {
        Redactor::default()
    }

    /// Masks users, numbers, IP addresses, digest parameters and passwords in a text.
    pub fn text(&mut self, s: &str) -> String {
        let r = regexes();
        let s = r.secret.replace_all(s, "$1$2***");
        let s = r.digest_user.replace_all(&s, |c: &Captures| {
            if c[1].eq_ignore_ascii_case("username") {
                let v = c[0].split('"').nth(1).unwrap_or("");
                let m = mask(&mut self.users, "USER", v);
                format!("{}=\"{m}\"", &c[1])
            } else {
                format!("{}=\"…\"", &c[1])
            }
        });
        let s = r.uri_user.replace_all(&s, |c: &Captures| {
            let user = &c[2];
            let m = if is_number(user) {
                mask(&mut self.numbers, "NUM", user)
            } else {
                mask(&mut self.users, "USER", user)
            };
            format!("{}:{m}@", &c[1])
        });
        let s = r.display.replace_all(&s, |c: &Captures| {
            let m = mask(&mut self.users, "USER", &c[1]);
            format!("\"{m}\"{}", &c[2])
        });
        let s = r.ipv6.replace_all(&s, |c: &Captures| {
            let v = &c[0];
            // Times ("12:00:00") have two colons and no letters; addresses have more, or "::".
            if v.contains("::") || v.matches(':').count() >= 3 {
                let inner = v.trim_matches(['[', ']']);
                let m = mask(&mut self.ips, "IP", inner);
                if v.starts_with('[') {
                    format!("[{m}]")
                } else {
                    m
                }
            } else {
                v.to_string()
            }
        });
        let s = r
            .ipv4
            .replace_all(&s, |c: &Captures| mask(&mut self.ips, "IP", &c[0]));
        let s = r.phone.replace_all(&s, |c: &Captures| {
            format!("{}{}", &c[1], mask(&mut self.numbers, "NUM", &c[2]))
        });
        s.into_owned()
    }
}

/// Masks phone numbers, users and IP addresses in a text.
pub fn redact(text: &str) -> String {
    Redactor::new().text(text)
}

pub(super) fn redact_trace(t: &mut Trace, r: &mut Redactor) {
    for p in &mut t.participants {
        p.address = r.text(&p.address);
    }
    for call in &mut t.calls {
        call.call_id = r.text(&call.call_id);
        for m in &mut call.messages {
            if let super::StartLine::Request { uri, .. } = &mut m.start {
                *uri = r.text(uri);
            }
            for h in &mut m.headers {
                h.value = r.text(&h.value);
            }
            if let Some(sdp) = &mut m.sdp {
                if let Some(c) = &mut sdp.connection {
                    *c = r.text(c);
                }
            }
            if let Some(b) = &mut m.branch {
                *b = r.text(b);
            }
            if let Some(w) = &mut m.wire {
                w.src = r.text(&w.src);
                w.dst = r.text(&w.dst);
            }
        }
        for n in &mut call.notes {
            if let Note::Warning { agent, .. } = n {
                *agent = r.text(agent);
            }
        }
        match &mut call.outcome {
            Outcome::Redirected { contacts, .. } => {
                for c in contacts {
                    *c = r.text(c);
                }
            }
            Outcome::MediaMismatch { offer, answer, .. } => {
                for s in [offer, answer].into_iter().flatten() {
                    if let Some(c) = &mut s.connection {
                        *c = r.text(c);
                    }
                }
            }
            _ => {}
        }
    }
    // The channel stays as the calls' channels do, so that render can still pair them.
    for h in &mut t.hangups {
        h.text = r.text(&h.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_are_consistent_and_cover_users_numbers_and_addresses() {
        let mut r = Redactor::new();
        let a = r.text("From: \"Alice\" <sip:alice@10.0.0.1:5060>;tag=1");
        let b = r.text("To: <sip:+15551230486@10.0.0.2> via 10.0.0.1, call 0912345678");
        assert_eq!(a, "From: \"USER-2\" <sip:USER-1@IP-1:5060>;tag=1");
        assert!(
            b.contains("sip:NUM-1@IP-2") && b.contains("via IP-1"),
            "{b}"
        );
        assert!(b.contains("NUM-2"), "{b}");
        let c = r.text(r#"Authorization: Digest username="2001", realm="x", response="abc""#);
        assert!(!c.contains("2001") && !c.contains("abc"), "{c}");
        assert_eq!(r.text("secret=hunter2"), "secret=***");
        assert_eq!(r.text("at 12:00:00.123456"), "at 12:00:00.123456");
        assert_eq!(r.text("c=IN IP6 2001:db8::5"), "c=IN IP6 IP-3");
    }

    #[test]
    fn credentials_are_noticed() {
        let mut p = Privacy::default();
        p.check_line("Proxy-Authorization: Digest username=\"a\", response=\"b\"");
        p.check_line("password = hunter2");
        p.check_line("Content-Length: 0");
        assert_eq!(p.digest_lines, 1);
        assert_eq!(p.password_lines, 1);
    }
}
