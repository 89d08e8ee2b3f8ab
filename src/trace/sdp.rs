//! The little of SDP (RFC 4566) a trace needs: the media lines and their codecs, to say what
//! an offer and an answer had in common when a call fails with 488, 606 or 415.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Media {
    /// `audio`, `video`, `image` (T.38)…
    pub kind: String,
    /// 0 means the stream was refused.
    pub port: u32,
    /// `RTP/AVP`, `RTP/SAVP`, `UDP/TLS/RTP/SAVPF`, `udptl`…
    pub proto: String,
    /// Codec names in order of preference: `PCMU`, `opus`, `telephone-event`…
    pub codecs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Sdp {
    /// The `c=` address, when there is one.
    pub connection: Option<String>,
    pub media: Vec<Media>,
}

/// Names of the static RTP payload types (RFC 3551 §6).
fn static_name(pt: &str) -> Option<&'static str> {
    Some(match pt {
        "0" => "PCMU",
        "3" => "GSM",
        "4" => "G723",
        "8" => "PCMA",
        "9" => "G722",
        "13" => "CN",
        "15" => "G728",
        "18" => "G729",
        "34" => "H263",
        _ => return None,
    })
}

/// An `m=` line's value (`audio 49170 RTP/AVP 0 8 101`): its media kind, port (the first of
/// `port/count`), protocol, and the formats that follow.
pub fn media_line(m: &str) -> (String, u32, String, std::str::SplitWhitespace<'_>) {
    let mut parts = m.split_whitespace();
    let kind = parts.next().unwrap_or("").to_string();
    let port = parts
        .next()
        .and_then(|p| p.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let proto = parts.next().unwrap_or("").to_string();
    (kind, port, proto, parts)
}

/// Parses SDP lines; `None` when there is no media line at all.
pub fn parse<S: AsRef<str>>(lines: &[S]) -> Option<Sdp> {
    let mut sdp = Sdp::default();
    let mut payloads: Vec<Vec<String>> = Vec::new();
    let mut names: Vec<Vec<(String, String)>> = Vec::new();
    for line in lines {
        let line = line.as_ref().trim();
        if let Some(c) = line.strip_prefix("c=") {
            if sdp.connection.is_none() || sdp.media.is_empty() {
                sdp.connection = c.split_whitespace().nth(2).map(String::from);
            }
        } else if let Some(m) = line.strip_prefix("m=") {
            let (kind, port, proto, parts) = media_line(m);
            payloads.push(parts.take(32).map(String::from).collect());
            names.push(Vec::new());
            sdp.media.push(Media {
                kind,
                port,
                proto,
                codecs: Vec::new(),
            });
        } else if let Some(map) = line.strip_prefix("a=rtpmap:") {
            if let (Some(n), Some((pt, rest))) = (names.last_mut(), map.split_once(' ')) {
                let name = rest.split('/').next().unwrap_or(rest).trim();
                if n.len() < 64 {
                    n.push((pt.trim().to_string(), name.to_string()));
                }
            }
        }
    }
    if sdp.media.is_empty() {
        return None;
    }
    for ((m, pts), n) in sdp.media.iter_mut().zip(payloads).zip(names) {
        m.codecs = pts
            .iter()
            .map(|pt| {
                n.iter()
                    .find(|(p, _)| p == pt)
                    .map(|(_, name)| name.clone())
                    .or_else(|| static_name(pt).map(String::from))
                    .unwrap_or_else(|| {
                        if m.proto.to_ascii_lowercase().contains("rtp") {
                            format!("PT{pt}")
                        } else {
                            pt.clone()
                        }
                    })
            })
            .collect();
    }
    Some(sdp)
}

/// Not codecs: DTMF events, comfort noise, redundancy and FEC never make a call fail alone.
pub fn is_auxiliary(codec: &str) -> bool {
    matches!(
        codec.to_ascii_lowercase().as_str(),
        "telephone-event" | "cn" | "red" | "ulpfec" | "flexfec" | "rtx"
    )
}

impl Sdp {
    /// The codecs of the first media line of a kind, auxiliaries left out.
    pub fn codecs(&self, kind: &str) -> Vec<String> {
        self.media
            .iter()
            .filter(|m| m.kind.eq_ignore_ascii_case(kind))
            .flat_map(|m| m.codecs.iter())
            .filter(|c| !is_auxiliary(c))
            .cloned()
            .collect()
    }

    /// "audio RTP/AVP: PCMU, PCMA, telephone-event; video …".
    pub fn summary(&self) -> String {
        self.media
            .iter()
            .map(|m| {
                let refused = if m.port == 0 { " (port 0)" } else { "" };
                format!("{} {}{refused}: {}", m.kind, m.proto, m.codecs.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Codecs of `offer` that `answer` also has, per kind, compared without case.
pub fn common(offer: &Sdp, answer: &Sdp) -> Vec<String> {
    let mut out = Vec::new();
    for m in &offer.media {
        let theirs = answer.codecs(&m.kind);
        for c in &m.codecs {
            if !is_auxiliary(c)
                && theirs.iter().any(|t| t.eq_ignore_ascii_case(c))
                && !out.contains(c)
            {
                out.push(c.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codecs_from_rtpmap_and_static_types() {
        let s = parse(&[
            "v=0",
            "c=IN IP4 10.0.0.1",
            "m=audio 4000 RTP/AVP 0 18 101",
            "a=rtpmap:101 telephone-event/8000",
        ])
        .unwrap();
        assert_eq!(s.media[0].codecs, ["PCMU", "G729", "telephone-event"]);
        assert_eq!(s.codecs("audio"), ["PCMU", "G729"]);
        assert_eq!(s.connection.as_deref(), Some("10.0.0.1"));
        let a = parse(&["m=audio 5000 RTP/AVP 18"]).unwrap();
        assert_eq!(common(&s, &a), ["G729"]);
    }
}
