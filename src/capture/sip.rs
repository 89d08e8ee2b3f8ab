//! SIP by content: whether bytes begin with a SIP start line (on any port), where a message
//! framed by Content-Length ends in a byte stream, and what a message says that the media
//! needs (Call-ID, request or response, the SDP's addresses, ports, payload types and
//! direction).

use core::net::{IpAddr, SocketAddr};

use serde::Serialize;

/// Bytes of a start line examined.
const MAX_START_LINE: usize = 2048;
/// A header block longer than this is no SIP message.
pub(super) const MAX_HEAD: usize = 64 * 1024;

/// Whether `b` begins with a SIP request or status line.
pub(super) fn starts_sip(b: &[u8]) -> bool {
    let Some(&first) = b.first() else {
        return false;
    };
    if !first.is_ascii_uppercase() {
        return false;
    }
    if let Some(rest) = b.strip_prefix(b"SIP/2.0 ") {
        return rest.len() >= 3 && rest[..3].iter().all(u8::is_ascii_digit);
    }
    let head = &b[..b.len().min(MAX_START_LINE)];
    let Some(end) = memchr::memchr(b'\n', head) else {
        return false;
    };
    let line = head[..end].strip_suffix(b"\r").unwrap_or(&head[..end]);
    let Some(rest) = line.strip_suffix(b" SIP/2.0") else {
        return false;
    };
    let Some(sp) = memchr::memchr(b' ', rest) else {
        return false;
    };
    let (method, uri) = (&rest[..sp], &rest[sp + 1..]);
    (2..=20).contains(&method.len())
        && method.iter().all(|c| c.is_ascii_uppercase() || *c == b'-')
        && memchr::memchr(b':', uri).is_some()
        && memchr::memchr(b' ', uri).is_none()
}

/// The length of the SIP message at the start of `b`, when all of it is there: the header
/// block and the Content-Length that follows it (0 when absent). `Err` when it cannot be a
/// message (a header block past `MAX_HEAD`).
pub(super) fn framed_len(b: &[u8]) -> Result<Option<usize>, ()> {
    let Some(end) = memchr::memmem::find(&b[..b.len().min(MAX_HEAD + 4)], b"\r\n\r\n") else {
        return if b.len() > MAX_HEAD {
            Err(())
        } else {
            Ok(None)
        };
    };
    let head = &b[..end + 2];
    let mut length = 0usize;
    for line in head.split(|&c| c == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = memchr::memchr(b':', line) else {
            continue;
        };
        let name = line[..colon].trim_ascii();
        if name.eq_ignore_ascii_case(b"content-length") || name.eq_ignore_ascii_case(b"l") {
            let v = std::str::from_utf8(line[colon + 1..].trim_ascii()).unwrap_or("");
            length = v.parse().map_err(|_| ())?;
        }
    }
    let total = end + 4 + length;
    Ok((b.len() >= total).then_some(total))
}

/// Whether a stream of SDP media was offered to flow both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Payload {
    pub pt: u8,
    pub name: String,
    pub clock: u32,
}

/// One `m=` line with what belongs to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SdpMedia {
    pub kind: String,
    pub addr: Option<IpAddr>,
    pub port: u16,
    /// Where RTCP goes: `a=rtcp`, else the next port (RFC 3550 §11).
    pub rtcp: Option<SocketAddr>,
    pub payloads: Vec<Payload>,
    pub direction: Direction,
}

impl SdpMedia {
    pub fn rtp(&self) -> Option<SocketAddr> {
        Some(SocketAddr::new(self.addr?, self.port))
    }

    pub fn payload(&self, pt: u8) -> Option<&Payload> {
        self.payloads.iter().find(|p| p.pt == pt)
    }
}

/// RFC 3551 §6: names and clock rates of the static payload types.
pub(super) fn static_payload(pt: u8) -> Option<(&'static str, u32)> {
    Some(match pt {
        0 => ("PCMU", 8000),
        3 => ("GSM", 8000),
        4 => ("G723", 8000),
        5 => ("DVI4", 8000),
        6 => ("DVI4", 16000),
        7 => ("LPC", 8000),
        8 => ("PCMA", 8000),
        9 => ("G722", 8000),
        10 | 11 => ("L16", 44100),
        12 => ("QCELP", 8000),
        13 => ("CN", 8000),
        14 => ("MPA", 90000),
        15 => ("G728", 8000),
        18 => ("G729", 8000),
        26 => ("JPEG", 90000),
        31 => ("H261", 90000),
        34 => ("H263", 90000),
        _ => return None,
    })
}

/// What one SIP message says that the media needs.
#[derive(Debug, Clone)]
pub(super) struct Info {
    pub call_id: String,
    pub code: Option<u16>,
    pub media: Vec<SdpMedia>,
}

/// The header block and the body of a message.
fn split_body(text: &str) -> (&str, &str) {
    use memchr::memmem::Finder;
    use std::sync::OnceLock;
    static CRLF: OnceLock<(Finder<'static>, Finder<'static>)> = OnceLock::new();
    let (crlf, lf) = CRLF.get_or_init(|| (Finder::new(b"\r\n\r\n"), Finder::new(b"\n\n")));
    match crlf.find(text.as_bytes()) {
        Some(i) => (&text[..i], &text[i + 4..]),
        None => match lf.find(text.as_bytes()) {
            Some(i) => (&text[..i], &text[i + 2..]),
            None => (text, ""),
        },
    }
}

impl Info {
    /// Whether `of` could find media in the message: not without a body (most messages).
    pub fn may_have_media(text: &str) -> bool {
        !split_body(text).1.is_empty()
    }

    pub fn of(text: &str) -> Option<Info> {
        let (head, body) = split_body(text);
        let mut lines = head.lines();
        let start = lines.next()?;
        let code = start
            .strip_prefix("SIP/2.0 ")
            .and_then(|r| r.get(..3))
            .and_then(|c| c.parse().ok());
        let mut call_id = None;
        let mut sdp = false;
        for l in lines {
            let Some((n, v)) = l.split_once(':') else {
                continue;
            };
            let n = n.trim();
            let v = v.trim();
            if n.eq_ignore_ascii_case("call-id") || n == "i" {
                call_id = Some(v.to_string());
            } else if n.eq_ignore_ascii_case("content-type") || n == "c" {
                const SDP: &[u8] = b"application/sdp";
                sdp = v
                    .as_bytes()
                    .windows(SDP.len())
                    .any(|w| w.eq_ignore_ascii_case(SDP));
            }
        }
        let media = if sdp || body.starts_with("v=0") {
            parse_sdp(body)
        } else {
            Vec::new()
        };
        Some(Info {
            call_id: call_id?,
            code,
            media,
        })
    }
}

fn direction(a: &str) -> Option<Direction> {
    Some(match a {
        "sendrecv" => Direction::SendRecv,
        "sendonly" => Direction::SendOnly,
        "recvonly" => Direction::RecvOnly,
        "inactive" => Direction::Inactive,
        _ => return None,
    })
}

/// `c=IN IP4 10.0.0.1` → the address; `0.0.0.0` (RFC 3264 hold) stays an address.
fn connection(v: &str) -> Option<IpAddr> {
    let addr = v.split_whitespace().nth(2)?;
    addr.split('/').next()?.parse().ok()
}

/// The media lines of an SDP body (RFC 8866), bounded.
pub(super) fn parse_sdp(body: &str) -> Vec<SdpMedia> {
    let mut session_addr = None;
    let mut session_dir = Direction::SendRecv;
    let mut out: Vec<SdpMedia> = Vec::new();
    let mut rtcp: Vec<Option<(Option<IpAddr>, u16)>> = Vec::new();
    let mut dirs: Vec<Option<Direction>> = Vec::new();
    for line in body.lines().take(400) {
        let line = line.trim();
        if let Some(c) = line.strip_prefix("c=") {
            match out.last_mut() {
                Some(m) => m.addr = connection(c).or(m.addr),
                None => session_addr = connection(c),
            }
        } else if let Some(m) = line.strip_prefix("m=") {
            if out.len() >= 16 {
                break;
            }
            let (kind, port, _proto, parts) = crate::trace::sdp::media_line(m);
            let port = u16::try_from(port).unwrap_or(0);
            let payloads = parts
                .take(32)
                .filter_map(|p| p.parse::<u8>().ok())
                .map(|pt| {
                    let (name, clock) = static_payload(pt).unwrap_or(("", 8000));
                    Payload {
                        pt,
                        name: name.to_string(),
                        clock,
                    }
                })
                .collect();
            out.push(SdpMedia {
                kind,
                addr: session_addr,
                port,
                rtcp: None,
                payloads,
                direction: session_dir,
            });
            rtcp.push(None);
            dirs.push(None);
        } else if let Some(a) = line.strip_prefix("a=") {
            if let Some(map) = a.strip_prefix("rtpmap:") {
                let Some(m) = out.last_mut() else { continue };
                let Some((pt, rest)) = map.split_once(' ') else {
                    continue;
                };
                let Ok(pt) = pt.trim().parse::<u8>() else {
                    continue;
                };
                let mut enc = rest.trim().split('/');
                let name = enc.next().unwrap_or("").to_string();
                let clock = enc.next().and_then(|c| c.parse().ok()).unwrap_or(8000);
                if let Some(p) = m.payloads.iter_mut().find(|p| p.pt == pt) {
                    p.name = name;
                    p.clock = clock;
                }
            } else if let Some(r) = a.strip_prefix("rtcp:") {
                let mut parts = r.split_whitespace();
                let port = parts.next().and_then(|p| p.parse().ok());
                let addr = parts.nth(2).and_then(|a| a.parse().ok());
                if let (Some(slot), Some(port)) = (rtcp.last_mut(), port) {
                    *slot = Some((addr, port));
                }
            } else if let Some(d) = direction(a) {
                match dirs.last_mut() {
                    Some(slot) => *slot = Some(d),
                    None => session_dir = d,
                }
            }
        }
    }
    for ((m, r), d) in out.iter_mut().zip(rtcp).zip(dirs) {
        if let Some(d) = d {
            m.direction = d;
        }
        for p in &mut m.payloads {
            if p.name.is_empty() {
                p.name = format!("PT{}", p.pt);
            }
        }
        m.rtcp = match (r, m.addr) {
            (Some((a, port)), addr) => a.or(addr).map(|a| SocketAddr::new(a, port)),
            (None, Some(a)) if m.port > 0 => Some(SocketAddr::new(a, m.port.wrapping_add(1))),
            _ => None,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_lines_by_content() {
        assert!(starts_sip(
            b"INVITE sip:bob@example.com SIP/2.0\r\nVia: x\r\n"
        ));
        assert!(starts_sip(b"SIP/2.0 180 Ringing\r\n"));
        assert!(!starts_sip(b"GET / HTTP/1.1\r\n"));
        assert!(!starts_sip(b"\x80\x00\x01\x02"));
        assert!(!starts_sip(b"INVITE sip:bob@example.com SIP/2.0"));
    }

    #[test]
    fn content_length_frames_a_stream() {
        let m = b"OPTIONS sip:a@b SIP/2.0\r\nl: 4\r\n\r\nabcdOPTIONS";
        assert_eq!(framed_len(m), Ok(Some(m.len() - 7)));
        assert_eq!(
            framed_len(b"SIP/2.0 200 OK\r\nContent-Length: 10\r\n\r\nab"),
            Ok(None)
        );
        assert_eq!(
            framed_len(b"SIP/2.0 200 OK\r\nContent-Length: x\r\n\r\n"),
            Err(())
        );
    }

    #[test]
    fn sdp_media_with_rtcp_rtpmap_and_direction() {
        let m = parse_sdp(
            "v=0\r\nc=IN IP4 192.168.1.5\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=rtcp:4005\r\na=sendonly\r\n",
        );
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].rtp().unwrap().to_string(), "192.168.1.5:4000");
        assert_eq!(m[0].rtcp.unwrap().to_string(), "192.168.1.5:4005");
        assert_eq!(m[0].payload(101).unwrap().name, "telephone-event");
        assert_eq!(m[0].payload(0).unwrap().name, "PCMU");
        assert_eq!(m[0].direction, Direction::SendOnly);
    }
}
