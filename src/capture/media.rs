//! The media of a capture: RTP streams (RFC 3550) the SDP announced and those it did not,
//! with packets, loss from sequence gaps (extended sequence numbers, §A.1), interarrival
//! jitter (§A.8), duration and RFC 4733 DTMF events; RTCP reports; and what is wrong, as
//! data with its evidence: no audio, one-way audio, media sent elsewhere than the SDP said,
//! a private address in SDP sent from a public one (NAT), a codec the answer did not
//! accept, loss or jitter people hear.

use super::Map;
use core::net::{IpAddr, SocketAddr};

use serde::Serialize;

use super::net::Segment;
use super::sip::{static_payload, Direction, Info, SdpMedia};
use super::Stats;
use crate::trace::{Outcome, Redactor, Trace};

/// Streams followed; SDP messages remembered; DTMF events kept per stream.
const MAX_STREAMS: usize = 2000;
const MAX_ANNOUNCEMENTS: usize = 4000;
const MAX_EVENTS: usize = 64;
const MAX_RTCP_FLOWS: usize = 1000;
/// A stream no SDP announced is reported only with this many packets, mostly in order.
const MIN_UNANNOUNCED: u64 = 8;
/// Loss above this share of the expected packets is heard as gaps; 1 % is where G.711
/// without concealment starts to be noticed (ITU-T G.113 Appendix I).
pub const AUDIBLE_LOSS_PERCENT: f64 = 1.0;
/// Mean jitter beyond what a usual 30–60 ms playout buffer absorbs.
pub const AUDIBLE_JITTER_MS: f64 = 30.0;
/// A call must have been captured this long after its answer to judge its media.
const MIN_WATCHED: f64 = 1.0;

/// A DTMF key press carried as an RFC 4733 event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dtmf {
    /// `0`–`9`, `*`, `#`, `A`–`D`, or the event number.
    pub key: String,
    pub time: f64,
    pub duration_ms: u32,
}

/// One RTP stream: one SSRC from one address to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RtpStream {
    pub src: String,
    pub dst: String,
    /// As tshark shows it: `0x1a2b3c4d`.
    pub ssrc: String,
    pub payload_type: u8,
    pub codec: Option<String>,
    pub packets: u64,
    pub expected: u64,
    /// Expected minus received (negative with duplicates), as RFC 3550 §6.4.1 counts it.
    pub lost: i64,
    pub lost_percent: f64,
    pub max_jitter_ms: f64,
    pub mean_jitter_ms: f64,
    pub first: f64,
    pub last: f64,
    pub duration_s: f64,
    pub dtmf: Vec<Dtmf>,
    /// The call whose SDP announced it.
    pub call_id: Option<String>,
    pub announced: bool,
}

/// RTCP between two addresses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RtcpFlow {
    pub src: String,
    pub dst: String,
    pub packets: u64,
    pub sender_reports: u64,
    pub receiver_reports: u64,
    /// From the last report block: fraction lost (percent), cumulative lost, jitter (ms,
    /// at 8 kHz).
    pub fraction_lost_percent: Option<f64>,
    pub cumulative_lost: Option<i32>,
    pub jitter_ms: Option<f64>,
}

/// What is wrong with the media, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// An answered call with no RTP either way.
    NoAudio {
        call_id: String,
        offer: String,
        answer: String,
        watched_s: f64,
    },
    /// RTP one way only: `from` sends, `silent` sends nothing.
    OneWay {
        call_id: String,
        from: String,
        to: String,
        packets: u64,
        silent: String,
    },
    /// RTP from one side goes to an address the other side's SDP did not give.
    Elsewhere {
        call_id: String,
        sender: String,
        sent_to: String,
        announced: String,
        packets: u64,
    },
    /// SDP names a private address, but its SIP message came from a public one: a NAT.
    PrivateInSdp {
        call_id: String,
        sdp: String,
        signalled_from: String,
    },
    /// The answer has no codec of the offer, or RTP uses a payload type the answer lacks.
    CodecNotAccepted {
        call_id: String,
        offered: Vec<String>,
        answered: Vec<String>,
        used: Option<String>,
    },
    Loss {
        src: String,
        dst: String,
        lost: i64,
        expected: u64,
        percent: f64,
    },
    Jitter {
        src: String,
        dst: String,
        mean_ms: f64,
        max_ms: f64,
    },
}

impl Finding {
    pub(super) fn redact(&mut self, r: &mut Redactor) {
        let fields: Vec<&mut String> = match self {
            Finding::NoAudio {
                call_id,
                offer,
                answer,
                ..
            } => vec![call_id, offer, answer],
            Finding::OneWay {
                call_id,
                from,
                to,
                silent,
                ..
            } => vec![call_id, from, to, silent],
            Finding::Elsewhere {
                call_id,
                sender,
                sent_to,
                announced,
                ..
            } => vec![call_id, sender, sent_to, announced],
            Finding::PrivateInSdp {
                call_id,
                sdp,
                signalled_from,
            } => vec![call_id, sdp, signalled_from],
            Finding::CodecNotAccepted { call_id, .. } => vec![call_id],
            Finding::Loss { src, dst, .. } | Finding::Jitter { src, dst, .. } => vec![src, dst],
        };
        for f in fields {
            *f = r.text(f);
        }
    }
}

/// An SDP seen in a SIP message.
struct Announcement {
    call_id: String,
    from: IpAddr,
    time: f64,
    response: bool,
    media: Vec<SdpMedia>,
}

/// The state of one stream while reading.
struct Tracker {
    src: SocketAddr,
    dst: SocketAddr,
    ssrc: u32,
    pt: Option<u8>,
    /// The telephone-event payload type, when SDP named one.
    events_pt: Option<u8>,
    clock: f64,
    packets: u64,
    first: f64,
    last: f64,
    base: u16,
    max: u16,
    cycles: u64,
    in_order: u64,
    transit: Option<f64>,
    jitter: f64,
    max_jitter: f64,
    jitter_sum: f64,
    jitter_n: u64,
    dtmf: Vec<Dtmf>,
    last_event_ts: Option<u32>,
}

#[derive(Default)]
struct RtcpTracker {
    packets: u64,
    sr: u64,
    rr: u64,
    fraction: Option<u8>,
    cumulative: Option<i32>,
    jitter: Option<u32>,
}

pub(super) struct Media {
    announcements: Vec<Announcement>,
    /// Announced RTP addresses: announcement and media line.
    endpoints: Map<SocketAddr, (usize, usize)>,
    streams: Map<(SocketAddr, SocketAddr, u32), usize>,
    trackers: Vec<Tracker>,
    rtcp: Map<(SocketAddr, SocketAddr), RtcpTracker>,
}

fn key_name(event: u8) -> String {
    match event {
        0..=9 => char::from(b'0' + event).to_string(),
        10 => "*".into(),
        11 => "#".into(),
        12..=15 => char::from(b'A' + event - 12).to_string(),
        n => format!("event {n}"),
    }
}

/// RFC 1918, shared address space (RFC 6598) and unique local IPv6 (RFC 4193).
pub(super) fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v) => {
            let o = v.octets();
            v.is_private() || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(v) => (v.segments()[0] & 0xfe00) == 0xfc00,
    }
}

/// Reachable from the internet as far as an address can say.
fn is_public(ip: IpAddr) -> bool {
    !is_private(ip)
        && !ip.is_loopback()
        && !ip.is_unspecified()
        && !ip.is_multicast()
        && match ip {
            IpAddr::V4(v) => !v.is_link_local() && !v.is_broadcast(),
            IpAddr::V6(v) => (v.segments()[0] & 0xffc0) != 0xfe80,
        }
}

impl Media {
    pub fn new() -> Media {
        Media {
            announcements: Vec::new(),
            endpoints: Map::default(),
            streams: Map::default(),
            trackers: Vec::new(),
            rtcp: Map::default(),
        }
    }

    /// A SIP message: remembers its SDP's addresses.
    pub fn sip(&mut self, info: &Info, from: SocketAddr, time: f64, stats: &mut Stats) {
        if info.media.is_empty() {
            return;
        }
        if self.announcements.len() >= MAX_ANNOUNCEMENTS {
            stats.left_out += 1;
            return;
        }
        let index = self.announcements.len();
        for (i, m) in info.media.iter().enumerate() {
            if let Some(a) = m.rtp().filter(|a| a.port() != 0) {
                self.endpoints.insert(a, (index, i));
            }
        }
        self.announcements.push(Announcement {
            call_id: info.call_id.clone(),
            from: from.ip(),
            time,
            response: info.code.is_some(),
            media: info.media.clone(),
        });
    }

    fn announced(&self, a: &SocketAddr) -> Option<&SdpMedia> {
        let (i, m) = self.endpoints.get(a)?;
        self.announcements.get(*i)?.media.get(*m)
    }

    /// A UDP datagram that is not SIP: RTP, RTCP, or nothing of ours.
    pub fn udp(&mut self, seg: &Segment<'_>, stats: &mut Stats) {
        let b = seg.payload;
        if b.len() < 8 || b[0] >> 6 != 2 {
            return;
        }
        if (200..=207).contains(&b[1]) {
            self.rtcp(seg, stats);
        } else if b.len() >= 12 {
            self.rtp(seg, stats);
        }
    }

    fn rtcp(&mut self, seg: &Segment<'_>, stats: &mut Stats) {
        let key = (seg.src, seg.dst);
        if !self.rtcp.contains_key(&key) && self.rtcp.len() >= MAX_RTCP_FLOWS {
            stats.left_out += 1;
            return;
        }
        let t = self.rtcp.entry(key).or_default();
        t.packets += 1;
        // A compound packet: SR or RR first, each with report blocks (RFC 3550 §6.4).
        let b = seg.payload;
        let count = usize::from(b[0] & 0x1f);
        let blocks_at = match b[1] {
            200 => {
                t.sr += 1;
                28
            }
            201 => {
                t.rr += 1;
                8
            }
            _ => return,
        };
        if count > 0 {
            if let Some(rb) = b.get(blocks_at..blocks_at + 24) {
                t.fraction = Some(rb[4]);
                let cum = i32::from_be_bytes([rb[5], rb[6], rb[7], 0]) >> 8;
                t.cumulative = Some(cum);
                t.jitter = Some(u32::from_be_bytes([rb[12], rb[13], rb[14], rb[15]]));
            }
        }
    }

    fn rtp(&mut self, seg: &Segment<'_>, stats: &mut Stats) {
        let b = seg.payload;
        let pt = b[1] & 0x7f;
        // 72–76 with the marker bit is RTCP multiplexed on the RTP port (RFC 5761 §4).
        if (72..=76).contains(&pt) {
            return;
        }
        let seq = u16::from_be_bytes([b[2], b[3]]);
        let ts = u32::from_be_bytes([b[4], b[5], b[6], b[7]]);
        let ssrc = u32::from_be_bytes([b[8], b[9], b[10], b[11]]);
        let header = 12 + 4 * usize::from(b[0] & 0x0f);
        let key = (seg.src, seg.dst, ssrc);
        let index = match self.streams.get(&key) {
            Some(&i) => i,
            None => {
                if self.trackers.len() >= MAX_STREAMS {
                    stats.left_out += 1;
                    return;
                }
                let sdp = self
                    .announced(&seg.dst)
                    .or_else(|| self.announced(&seg.src));
                let events_pt = sdp.and_then(|m| {
                    m.payloads
                        .iter()
                        .find(|p| p.name.eq_ignore_ascii_case("telephone-event"))
                        .map(|p| p.pt)
                });
                let clock = sdp
                    .and_then(|m| m.payload(pt))
                    .map(|p| p.clock)
                    .or_else(|| static_payload(pt).map(|(_, c)| c))
                    .unwrap_or(8000);
                self.trackers.push(Tracker {
                    src: seg.src,
                    dst: seg.dst,
                    ssrc,
                    pt: None,
                    events_pt,
                    clock: f64::from(clock.max(1)),
                    packets: 0,
                    first: seg.time,
                    last: seg.time,
                    base: seq,
                    max: seq.wrapping_sub(1),
                    cycles: 0,
                    in_order: 0,
                    transit: None,
                    jitter: 0.0,
                    max_jitter: 0.0,
                    jitter_sum: 0.0,
                    jitter_n: 0,
                    dtmf: Vec::new(),
                    last_event_ts: None,
                });
                self.streams.insert(key, self.trackers.len() - 1);
                self.trackers.len() - 1
            }
        };
        let Some(t) = self.trackers.get_mut(index) else {
            return;
        };
        t.packets += 1;
        t.last = seg.time;
        // Extended highest sequence number (RFC 3550 §A.1).
        let delta = seq.wrapping_sub(t.max);
        if delta != 0 && delta < 0x8000 {
            if seq < t.max {
                t.cycles += 1 << 16;
            }
            t.max = seq;
            if delta == 1 {
                t.in_order += 1;
            }
        }
        let payload = b.get(header..).unwrap_or(&[]);
        let is_event = match t.events_pt {
            Some(e) => pt == e,
            None => (96..=127).contains(&pt) && payload.len() == 4 && t.pt.is_some_and(|p| p != pt),
        };
        if is_event {
            if payload.len() >= 4 {
                let duration = u32::from(u16::from_be_bytes([payload[2], payload[3]]));
                let ms = (f64::from(duration) * 1000.0 / t.clock) as u32;
                if t.last_event_ts != Some(ts) {
                    t.last_event_ts = Some(ts);
                    if t.dtmf.len() < MAX_EVENTS {
                        t.dtmf.push(Dtmf {
                            key: key_name(payload[0]),
                            time: seg.time,
                            duration_ms: ms,
                        });
                    }
                } else if let Some(d) = t.dtmf.last_mut() {
                    d.duration_ms = d.duration_ms.max(ms);
                }
            }
            return;
        }
        if pt == 13 {
            return; // comfort noise: its timing says nothing of the network
        }
        t.pt.get_or_insert(pt);
        // Interarrival jitter (RFC 3550 §A.8), in timestamp units.
        let transit = seg.time * t.clock - f64::from(ts);
        if let Some(prev) = t.transit {
            let mut d = (transit - prev).abs();
            // A timestamp that wrapped shows as a jump of 2^32 units.
            if d > 2_147_483_648.0 {
                d = (d - 4_294_967_296.0).abs();
            }
            t.jitter += (d - t.jitter) / 16.0;
            let ms = t.jitter * 1000.0 / t.clock;
            t.max_jitter = t.max_jitter.max(ms);
            t.jitter_sum += ms;
            t.jitter_n += 1;
        }
        t.transit = Some(transit);
    }

    /// The streams, RTCP flows and findings, once everything is read.
    pub fn finish(
        self,
        trace: &Trace,
        stats: &mut Stats,
    ) -> (Vec<RtpStream>, Vec<RtcpFlow>, Vec<Finding>) {
        let mut streams = Vec::new();
        for t in &self.trackers {
            let ends = self
                .endpoints
                .get(&t.dst)
                .or_else(|| self.endpoints.get(&t.src));
            let announced = ends.is_some();
            if !announced && (t.packets < MIN_UNANNOUNCED || t.in_order * 2 < t.packets) {
                continue;
            }
            let sdp = ends.and_then(|(i, m)| self.announcements.get(*i)?.media.get(*m));
            let pt = t.pt.or(t.events_pt).unwrap_or(0);
            let codec = sdp
                .and_then(|m| m.payload(pt))
                .map(|p| p.name.clone())
                .or_else(|| static_payload(pt).map(|(n, _)| n.to_string()));
            let expected = (t.cycles + u64::from(t.max)).wrapping_sub(u64::from(t.base)) + 1;
            let expected = if t.packets == 0 { 0 } else { expected };
            let lost = expected as i64 - t.packets as i64;
            streams.push(RtpStream {
                src: t.src.to_string(),
                dst: t.dst.to_string(),
                ssrc: format!("0x{:08x}", t.ssrc),
                payload_type: pt,
                codec,
                packets: t.packets,
                expected,
                lost,
                lost_percent: if expected > 0 {
                    (lost as f64 * 100.0 / expected as f64 * 10.0).round() / 10.0
                } else {
                    0.0
                },
                max_jitter_ms: round2(t.max_jitter),
                mean_jitter_ms: round2(if t.jitter_n > 0 {
                    t.jitter_sum / t.jitter_n as f64
                } else {
                    0.0
                }),
                first: t.first,
                last: t.last,
                duration_s: round2(t.last - t.first),
                dtmf: t.dtmf.clone(),
                call_id: ends
                    .and_then(|(i, _)| self.announcements.get(*i))
                    .map(|a| a.call_id.clone()),
                announced,
            });
        }
        let mut rtcp: Vec<RtcpFlow> = self
            .rtcp
            .iter()
            .map(|((s, d), t)| RtcpFlow {
                src: s.to_string(),
                dst: d.to_string(),
                packets: t.packets,
                sender_reports: t.sr,
                receiver_reports: t.rr,
                fraction_lost_percent: t.fraction.map(|f| round2(f64::from(f) * 100.0 / 256.0)),
                cumulative_lost: t.cumulative,
                jitter_ms: t.jitter.map(|j| round2(f64::from(j) / 8.0)),
            })
            .collect();
        rtcp.sort_by(|a, b| (&a.src, &a.dst).cmp(&(&b.src, &b.dst)));
        let mut findings = self.calls(trace, &streams, stats);
        for s in &streams {
            if s.expected >= 50 && s.lost_percent > AUDIBLE_LOSS_PERCENT {
                findings.push(Finding::Loss {
                    src: s.src.clone(),
                    dst: s.dst.clone(),
                    lost: s.lost,
                    expected: s.expected,
                    percent: s.lost_percent,
                });
            }
            if s.packets >= 50 && s.mean_jitter_ms > AUDIBLE_JITTER_MS {
                findings.push(Finding::Jitter {
                    src: s.src.clone(),
                    dst: s.dst.clone(),
                    mean_ms: s.mean_jitter_ms,
                    max_ms: s.max_jitter_ms,
                });
            }
        }
        (streams, rtcp, findings)
    }

    /// The findings of each call with an offer and an answer.
    // Long on purpose (about 160 lines): one pass over the announcements that checks each in
    // the order people should read the findings (NAT, then where media went, then codecs),
    // sharing the sets of what was already reported.
    fn calls(&self, trace: &Trace, streams: &[RtpStream], stats: &Stats) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut seen_private: Vec<String> = Vec::new();
        for a in &self.announcements {
            for m in &a.media {
                if let Some(ip) = m.addr.filter(|ip| is_private(*ip) && is_public(a.from)) {
                    let sdp = ip.to_string();
                    if !seen_private.contains(&sdp) {
                        seen_private.push(sdp.clone());
                        out.push(Finding::PrivateInSdp {
                            call_id: a.call_id.clone(),
                            sdp,
                            signalled_from: a.from.to_string(),
                        });
                    }
                }
            }
        }
        let mut done: Vec<&str> = Vec::new();
        for (i, offer) in self.announcements.iter().enumerate() {
            if done.contains(&offer.call_id.as_str()) {
                continue;
            }
            let Some(om) = offer
                .media
                .iter()
                .find(|m| m.kind == "audio" && m.port != 0)
            else {
                continue;
            };
            // The answer: the next SDP of the call going the other way.
            let Some(answer) = self.announcements[i + 1..]
                .iter()
                .find(|b| b.call_id == offer.call_id && b.response != offer.response)
            else {
                continue;
            };
            let Some(am) = answer.media.iter().find(|m| m.kind == "audio") else {
                continue;
            };
            done.push(&offer.call_id);
            let call_id = offer.call_id.clone();
            let names = |m: &SdpMedia| -> Vec<String> {
                m.payloads
                    .iter()
                    .map(|p| p.name.clone())
                    .filter(|n| !crate::trace::sdp::is_auxiliary(n))
                    .collect()
            };
            let (offered, answered) = (names(om), names(am));
            let common = offered
                .iter()
                .any(|o| answered.iter().any(|a| a.eq_ignore_ascii_case(o)));
            if am.port != 0 && !answered.is_empty() && !common {
                out.push(Finding::CodecNotAccepted {
                    call_id: call_id.clone(),
                    offered: offered.clone(),
                    answered: answered.clone(),
                    used: None,
                });
            }
            let (Some(o), Some(b)) = (om.rtp(), am.rtp().filter(|_| am.port != 0)) else {
                continue;
            };
            let ours: Vec<&RtpStream> = streams
                .iter()
                .filter(|s| {
                    let (src, dst) = (s.src.parse().ok(), s.dst.parse().ok());
                    [src, dst].contains(&Some(o)) || [src, dst].contains(&Some(b))
                })
                .collect();
            // RTP with a payload type the answer did not list.
            if am.port != 0 {
                for s in &ours {
                    let listed = am.payload(s.payload_type).is_some()
                        || om.payload(s.payload_type).is_some_and(|p| {
                            answered.iter().any(|a| a.eq_ignore_ascii_case(&p.name))
                        });
                    if !listed && s.packets > 0 {
                        out.push(Finding::CodecNotAccepted {
                            call_id: call_id.clone(),
                            offered: offered.clone(),
                            answered: answered.clone(),
                            used: Some(
                                s.codec
                                    .clone()
                                    .unwrap_or_else(|| format!("PT{}", s.payload_type)),
                            ),
                        });
                        break;
                    }
                }
            }
            for s in &ours {
                let (src, dst) = (s.src.parse::<SocketAddr>().ok(), s.dst.parse().ok());
                let (to_other, sender_is) = if src == Some(o) {
                    (b, o)
                } else if src == Some(b) {
                    (o, b)
                } else {
                    continue;
                };
                if dst != Some(to_other) {
                    out.push(Finding::Elsewhere {
                        call_id: call_id.clone(),
                        sender: sender_is.to_string(),
                        sent_to: s.dst.clone(),
                        announced: to_other.to_string(),
                        packets: s.packets,
                    });
                }
            }
            let answered_call = trace
                .calls
                .iter()
                .find(|c| c.call_id == call_id)
                .is_some_and(|c| matches!(c.outcome, Outcome::Answered { .. }));
            let one_way_ok = [om.direction, am.direction]
                .iter()
                .all(|d| *d == Direction::SendRecv);
            let watched = stats.last.unwrap_or(answer.time) - answer.time;
            if !answered_call || !one_way_ok || watched < MIN_WATCHED {
                continue;
            }
            // From the offerer: to the answer's address or from the offer's; and back.
            let sent = |from: SocketAddr, to: SocketAddr| -> u64 {
                ours.iter()
                    .filter(|s| s.src.parse() == Ok(from) || s.dst.parse() == Ok(to))
                    .map(|s| s.packets)
                    .sum()
            };
            let (ab, ba) = (sent(o, b), sent(b, o));
            match (ab, ba) {
                (0, 0) => out.push(Finding::NoAudio {
                    call_id,
                    offer: o.to_string(),
                    answer: b.to_string(),
                    watched_s: round2(watched),
                }),
                (n, 0) => out.push(Finding::OneWay {
                    call_id,
                    from: o.to_string(),
                    to: b.to_string(),
                    packets: n,
                    silent: b.to_string(),
                }),
                (0, n) => out.push(Finding::OneWay {
                    call_id,
                    from: b.to_string(),
                    to: o.to_string(),
                    packets: n,
                    silent: o.to_string(),
                }),
                _ => {}
            }
        }
        out
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::net::Kind;

    fn rtp(seq: u16, ts: u32, pt: u8) -> Vec<u8> {
        let mut b = vec![0x80, pt];
        b.extend_from_slice(&seq.to_be_bytes());
        b.extend_from_slice(&ts.to_be_bytes());
        b.extend_from_slice(&0x1234_5678u32.to_be_bytes());
        b.extend_from_slice(&[0xff; 160]);
        b
    }

    #[test]
    fn loss_across_a_sequence_wrap_and_steady_jitter() {
        let mut m = Media::new();
        let mut stats = Stats::default();
        let src: SocketAddr = "10.0.0.1:4000".parse().unwrap();
        let dst: SocketAddr = "10.0.0.2:5000".parse().unwrap();
        let mut n = 0;
        for i in 0..200u32 {
            if i == 50 || i == 120 || i == 121 {
                continue; // three lost
            }
            let seq = 65_500u16.wrapping_add(i as u16);
            let p = rtp(seq, i * 160, 0);
            let seg = Segment {
                time: 100.0 + f64::from(i) * 0.02,
                src,
                dst,
                kind: Kind::Udp,
                payload: &p,
            };
            m.udp(&seg, &mut stats);
            n += 1;
        }
        let trace = crate::trace::analyse("");
        let (s, _, f) = m.finish(&trace, &mut stats);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].packets, n);
        assert_eq!(s[0].expected, 200);
        assert_eq!(s[0].lost, 3);
        assert_eq!(s[0].codec.as_deref(), Some("PCMU"));
        assert!(s[0].mean_jitter_ms < 0.01, "{}", s[0].mean_jitter_ms);
        assert!(f.iter().any(|f| matches!(f, Finding::Loss { lost: 3, .. })));
    }

    #[test]
    fn private_and_public_addresses() {
        assert!(is_private("192.168.1.10".parse().unwrap()));
        assert!(is_private("100.64.0.1".parse().unwrap()));
        assert!(is_private("fd00::1".parse().unwrap()));
        assert!(is_public("203.0.113.7".parse().unwrap()));
        assert!(!is_public("127.0.0.1".parse().unwrap()));
        assert!(!is_public("10.1.2.3".parse().unwrap()));
    }
}
