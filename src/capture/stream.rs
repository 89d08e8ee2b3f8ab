//! TCP streams: segments put in order (retransmissions dropped, out-of-order segments held
//! back, a gap that never fills skipped), then SIP messages cut out by Content-Length (RFC
//! 3261 §18.3), several in one segment or one over many; WebSocket (RFC 6455) framing after
//! an HTTP upgrade, one SIP message per message (RFC 7118); TLS records counted, not read.
//! Every buffer is capped; what a cap drops is counted.

use super::Map;
use core::net::SocketAddr;

use super::net::Segment;
use super::sip::{framed_len, starts_sip};
use super::Stats;
use crate::trace::Transport;

/// Flows followed at once; more are counted and ignored.
const MAX_FLOWS: usize = 4096;
/// Bytes waiting for the end of a message, per flow.
const MAX_BUFFER: usize = 256 * 1024;
/// Out-of-order segments held per flow.
const MAX_AHEAD: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    /// Not ours.
    Unknown,
    /// Too few bytes yet to say (a start line not complete).
    Pending,
    Sip,
    /// HTTP until the upgrade's blank line, then frames.
    WsHandshake,
    Ws,
    Tls,
}

struct Flow {
    what: What,
    next: Option<u32>,
    buf: Vec<u8>,
    ahead: Vec<(u32, Vec<u8>)>,
    /// A WebSocket message split over frames.
    ws_message: Vec<u8>,
}

impl Flow {
    fn new() -> Flow {
        Flow {
            what: What::Unknown,
            next: None,
            buf: Vec::new(),
            ahead: Vec::new(),
            ws_message: Vec::new(),
        }
    }
}

pub(super) struct Streams {
    flows: Map<(SocketAddr, SocketAddr), Flow>,
}

fn is_tls(b: &[u8]) -> bool {
    b.len() >= 5 && (0x14..=0x17).contains(&b[0]) && b[1] == 3 && b[2] <= 4
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// What a flow carries, judged from the first bytes of a segment.
fn classify(b: &[u8]) -> What {
    if b.is_empty() {
        What::Pending
    } else if starts_sip(b) {
        What::Sip
    } else if (b.starts_with(b"GET ") || b.starts_with(b"HTTP/1.1 101"))
        && contains_ci(&b[..b.len().min(4096)], b"websocket")
    {
        What::WsHandshake
    } else if is_tls(b) {
        What::Tls
    } else if b.first().is_some_and(u8::is_ascii_uppercase)
        && memchr::memchr(b'\n', b).is_none()
        && b.len() < 2048
    {
        What::Pending
    } else {
        What::Unknown
    }
}

impl Streams {
    pub fn new() -> Streams {
        Streams {
            flows: Map::default(),
        }
    }

    /// One segment; SIP messages completed by it go to `out`.
    pub fn tcp(
        &mut self,
        seg: &Segment<'_>,
        seq: u32,
        syn: bool,
        fin: bool,
        stats: &mut Stats,
        out: &mut Vec<(Vec<u8>, Transport)>,
    ) {
        let key = (seg.src, seg.dst);
        if !self.flows.contains_key(&key) {
            // A flow is followed from its SYN, or from a segment that starts like ours.
            if !syn && matches!(classify(seg.payload), What::Unknown | What::Pending) {
                return;
            }
            if self.flows.len() >= MAX_FLOWS {
                stats.left_out += 1;
                return;
            }
            self.flows.insert(key, Flow::new());
        }
        let Some(flow) = self.flows.get_mut(&key) else {
            return;
        };
        if syn {
            flow.next = Some(seq.wrapping_add(1));
            flow.buf.clear();
            flow.ahead.clear();
        }
        if !seg.payload.is_empty() {
            if flow.next.is_none() {
                flow.next = Some(seq);
            }
            if matches!(flow.what, What::Unknown | What::Pending) {
                accept(flow, seq, seg.payload, stats);
                flow.what = classify(&flow.buf);
                match flow.what {
                    What::Pending => return,
                    What::Unknown => {
                        // Not ours: forget the flow.
                        self.flows.remove(&key);
                        return;
                    }
                    _ => {}
                }
            } else if flow.what != What::Tls {
                accept(flow, seq, seg.payload, stats);
            }
            if flow.what == What::Tls {
                flow.buf.clear();
                stats.tls_packets += 1;
                for p in [seg.src.port(), seg.dst.port()] {
                    if !stats.tls_ports.contains(&p) && stats.tls_ports.len() < 8 {
                        stats.tls_ports.push(p);
                    }
                }
            } else {
                drain(flow, stats, out);
            }
        }
        if fin {
            self.flows.remove(&key);
        }
    }
}

/// Puts a segment in order: appends it (minus what was already had), holds it back when it
/// is ahead, and appends what it lets through.
fn accept(flow: &mut Flow, seq: u32, payload: &[u8], stats: &mut Stats) {
    let Some(next) = flow.next else {
        return;
    };
    let ahead = seq.wrapping_sub(next) as i32;
    if ahead > 0 {
        if flow.ahead.len() >= MAX_AHEAD {
            // A segment the capture never got: give up on what is missing.
            skip_gap(flow, stats);
        }
        if !flow.ahead.iter().any(|(s, _)| *s == seq) {
            flow.ahead.push((seq, payload.to_vec()));
        }
        return;
    }
    append(flow, seq, payload, stats);
    while let Some(next) = flow.next {
        let Some(i) = flow
            .ahead
            .iter()
            .position(|(s, _)| s.wrapping_sub(next) as i32 <= 0)
        else {
            break;
        };
        let (s, p) = flow.ahead.swap_remove(i);
        append(flow, s, &p, stats);
    }
}

fn append(flow: &mut Flow, seq: u32, payload: &[u8], stats: &mut Stats) {
    let Some(next) = flow.next else { return };
    let behind = next.wrapping_sub(seq) as usize;
    if behind >= payload.len() {
        stats.tcp_retransmissions += 1;
        return;
    }
    let fresh = &payload[behind..];
    if flow.buf.len() + fresh.len() > MAX_BUFFER {
        stats.tcp_bytes_skipped += flow.buf.len() as u64;
        flow.buf.clear();
    }
    flow.buf.extend_from_slice(fresh);
    flow.next = Some(next.wrapping_add(fresh.len() as u32));
}

/// Jumps over a hole to the first segment held back; the bytes before are useless now.
fn skip_gap(flow: &mut Flow, stats: &mut Stats) {
    let Some(next) = flow.next else { return };
    let Some(&(first, _)) = flow.ahead.iter().min_by_key(|(s, _)| s.wrapping_sub(next)) else {
        return;
    };
    stats.tcp_bytes_skipped += u64::from(first.wrapping_sub(next)) + flow.buf.len() as u64;
    flow.buf.clear();
    flow.next = Some(first);
    let held = std::mem::take(&mut flow.ahead);
    for (s, p) in held {
        if s == first {
            append(flow, s, &p, stats);
        } else {
            flow.ahead.push((s, p));
        }
    }
    // After a gap the stream may start mid-message: find the next start line.
    resync(flow, stats);
}

/// Drops bytes up to the next SIP start line (after a gap, or garbage).
fn resync(flow: &mut Flow, stats: &mut Stats) {
    if flow.what != What::Sip || starts_sip(&flow.buf) {
        return;
    }
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'\n', &flow.buf[at..]) {
        at += i + 1;
        if starts_sip(&flow.buf[at..]) || flow.buf.len() - at < 8 {
            break;
        }
    }
    let cut = if starts_sip(&flow.buf[at..]) {
        at
    } else {
        flow.buf.len().saturating_sub(2048)
    };
    stats.tcp_bytes_skipped += cut as u64;
    flow.buf.drain(..cut);
}

/// Cuts complete messages out of the buffer.
fn drain(flow: &mut Flow, stats: &mut Stats, out: &mut Vec<(Vec<u8>, Transport)>) {
    loop {
        match flow.what {
            What::Sip => {
                // Keep-alives (RFC 5626 §3.5.1) and stray line ends between messages.
                let blank = flow
                    .buf
                    .iter()
                    .take_while(|c| **c == b'\r' || **c == b'\n')
                    .count();
                flow.buf.drain(..blank);
                if flow.buf.is_empty() {
                    return;
                }
                if !starts_sip(&flow.buf) {
                    if memchr::memchr(b'\n', &flow.buf).is_none() && flow.buf.len() < 2048 {
                        return; // a start line still coming
                    }
                    let before = flow.buf.len();
                    resync(flow, stats);
                    if flow.buf.len() == before || !starts_sip(&flow.buf) {
                        return;
                    }
                }
                match framed_len(&flow.buf) {
                    Ok(Some(n)) => {
                        let m: Vec<u8> = flow.buf.drain(..n).collect();
                        out.push((m, Transport::Tcp));
                    }
                    Ok(None) => return,
                    Err(()) => {
                        stats.tcp_bytes_skipped += flow.buf.len() as u64;
                        flow.buf.clear();
                        return;
                    }
                }
            }
            What::WsHandshake => {
                let Some(end) = memchr::memmem::find(&flow.buf, b"\r\n\r\n") else {
                    if flow.buf.len() > 16 * 1024 {
                        flow.buf.clear();
                        flow.what = What::Unknown;
                    }
                    return;
                };
                flow.buf.drain(..end + 4);
                flow.what = What::Ws;
            }
            What::Ws => {
                let Some((len, message)) = ws_frame(&flow.buf) else {
                    return;
                };
                let frame: Vec<u8> = flow.buf.drain(..len).collect();
                let Some((fin, opcode, payload)) = message.map(|m| m.apply(&frame)) else {
                    continue;
                };
                // Text, binary and continuation frames; close, ping and pong carry no SIP.
                if opcode <= 2 {
                    if flow.ws_message.len() + payload.len() <= MAX_BUFFER {
                        flow.ws_message.extend_from_slice(&payload);
                    }
                    if fin {
                        let m = std::mem::take(&mut flow.ws_message);
                        if starts_sip(&m) {
                            stats.websocket_messages += 1;
                            out.push((m, Transport::Ws));
                        }
                    }
                }
            }
            What::Unknown | What::Pending | What::Tls => return,
        }
    }
}

/// Where a frame's payload is and how it is masked.
struct WsFrame {
    fin: bool,
    opcode: u8,
    start: usize,
    mask: Option<[u8; 4]>,
}

impl WsFrame {
    fn apply(&self, frame: &[u8]) -> (bool, u8, Vec<u8>) {
        let mut p = frame[self.start..].to_vec();
        if let Some(m) = self.mask {
            for (i, b) in p.iter_mut().enumerate() {
                *b ^= m[i % 4];
            }
        }
        (self.fin, self.opcode, p)
    }
}

/// The length of the first frame when all of it is there; `None` inside when the frame is
/// too large to keep (it is skipped).
fn ws_frame(b: &[u8]) -> Option<(usize, Option<WsFrame>)> {
    if b.len() < 2 {
        return None;
    }
    let fin = b[0] & 0x80 != 0;
    let opcode = b[0] & 0x0f;
    let masked = b[1] & 0x80 != 0;
    let (len, mut at) = match b[1] & 0x7f {
        126 => (u64::from(u16::from_be_bytes([*b.get(2)?, *b.get(3)?])), 4),
        127 => (u64::from_be_bytes(b.get(2..10)?.try_into().ok()?), 10),
        n => (u64::from(n), 2),
    };
    let mask = if masked {
        let m: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
        at += 4;
        Some(m)
    } else {
        None
    };
    if len > MAX_BUFFER as u64 {
        // Cannot be kept: drop what is here and carry on (the stream is lost).
        return Some((b.len(), None));
    }
    let total = at + len as usize;
    (b.len() >= total).then_some((
        total,
        Some(WsFrame {
            fin,
            opcode,
            start: at,
            mask,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::net::Kind;

    fn seg(payload: &[u8]) -> Segment<'_> {
        Segment {
            time: 0.0,
            src: "10.0.0.1:5060".parse().unwrap(),
            dst: "10.0.0.2:5060".parse().unwrap(),
            kind: Kind::Udp,
            payload,
        }
    }

    fn feed(parts: &[(u32, &[u8])]) -> (Vec<String>, Stats) {
        let mut s = Streams::new();
        let mut stats = Stats::default();
        let mut out = Vec::new();
        s.tcp(&seg(b""), 999, true, false, &mut stats, &mut out);
        for (seq, p) in parts {
            s.tcp(&seg(p), *seq, false, false, &mut stats, &mut out);
        }
        let texts = out
            .into_iter()
            .map(|(m, _)| String::from_utf8(m).unwrap())
            .collect();
        (texts, stats)
    }

    const A: &[u8] = b"OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nxyz";
    const B: &[u8] = b"SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";

    #[test]
    fn segments_out_of_order_retransmitted_and_packed() {
        let both = [A, B].concat();
        // Two messages in one segment.
        let (m, _) = feed(&[(1000, &both)]);
        assert_eq!(m.len(), 2);
        // One message over three segments, the last two swapped, one sent twice.
        let (p1, rest) = A.split_at(10);
        let (p2, p3) = rest.split_at(20);
        let (m, st) = feed(&[
            (1000, p1),
            (1030, p3),
            (1010, p2),
            (1010, p2),
            (1000 + A.len() as u32, B),
        ]);
        assert_eq!(
            m,
            [
                String::from_utf8(A.to_vec()).unwrap(),
                String::from_utf8(B.to_vec()).unwrap()
            ]
        );
        assert_eq!(st.tcp_retransmissions, 1);
    }

    #[test]
    fn websocket_frames_masked_and_split() {
        let mut s = Streams::new();
        let mut stats = Stats::default();
        let mut out = Vec::new();
        let hs = b"GET / HTTP/1.1\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: sip\r\n\r\n";
        let mut bytes = hs.to_vec();
        let mask = [1u8, 2, 3, 4];
        let (a, b) = A.split_at(12);
        for (fin, op, part) in [(false, 1u8, a), (true, 0u8, b)] {
            bytes.push(if fin { 0x80 } else { 0 } | op);
            bytes.push(0x80 | part.len() as u8);
            bytes.extend_from_slice(&mask);
            bytes.extend(part.iter().enumerate().map(|(i, c)| c ^ mask[i % 4]));
        }
        s.tcp(&seg(&bytes), 5, false, false, &mut stats, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0, A);
        assert_eq!(out[0].1, Transport::Ws);
    }
}
