//! From link-layer frames to transport segments, IP through `etherparse`: Ethernet (VLAN tags
//! included), Linux cooked captures (SLL and SLL2), raw IP, BSD loopback; IPv4 and IPv6,
//! fragments put back together (in a bounded pool of our own), IP-in-IP; UDP, TCP and SCTP (DATA
//! chunks, fragmented user messages rebuilt).

use super::Map;
use core::net::{IpAddr, SocketAddr};

use etherparse::{IpNumber, IpSlice, TcpSlice, UdpSlice};

use super::{Packet, Stats};

/// Tunnels followed inside one another at most.
const MAX_DEPTH: usize = 4;
/// Fragments older than this many packets are given up; datagrams rebuilt at once, and
/// their size (an IP datagram is at most 64 KiB).
const FRAGMENT_WINDOW: u64 = 512;
const MAX_DATAGRAMS: usize = 256;
const MAX_DATAGRAM: usize = 65_535;
/// SCTP user messages being rebuilt, and the bytes kept of each.
const MAX_SCTP_PARTS: usize = 256;
const MAX_SCTP_MESSAGE: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Udp,
    Tcp { seq: u32, syn: bool, fin: bool },
    Sctp,
}

/// A transport payload with its addresses and time.
pub(super) struct Segment<'a> {
    pub time: f64,
    pub src: SocketAddr,
    pub dst: SocketAddr,
    pub kind: Kind,
    pub payload: &'a [u8],
}

pub(super) type Sink<'s> = dyn FnMut(Segment<'_>, &mut Stats) + 's;

pub(super) struct Decoder {
    defrag: Map<FragKey, Pieces>,
    count: u64,
    sctp: Map<(SocketAddr, SocketAddr, u16), Vec<u8>>,
}

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86dd;

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

/// The IP packet inside a frame of one of the link types we decode (tcpdump.org numbers):
/// `None` for a link type we do not know, `Some(None)` for a frame that holds no IP.
fn ip_bytes(link: u32, data: &[u8]) -> Option<Option<&[u8]>> {
    let by_type = |t: Option<u16>, at: usize| match t {
        Some(ETHERTYPE_IPV4 | ETHERTYPE_IPV6) => data.get(at..),
        _ => None,
    };
    Some(match link {
        1 => {
            // Ethernet, past any 802.1Q / 802.1ad tags.
            let mut at = 12;
            let mut t = be16(data, at);
            while matches!(t, Some(0x8100 | 0x88a8 | 0x9100)) && at < 12 + 4 * 4 {
                at += 4;
                t = be16(data, at);
            }
            by_type(t, at + 2)
        }
        // Linux cooked capture v1: protocol at 14, 16 bytes of header; v2: protocol first, 20.
        113 => by_type(be16(data, 14), 16),
        276 => by_type(be16(data, 0), 20),
        // LINKTYPE_RAW, the DLT_RAW values of some systems, IPv4, IPv6.
        101 | 12 | 14 | 228 | 229 => Some(data),
        // BSD loopback: a 4-byte address family, host order (NULL) or network order (LOOP).
        0 | 108 => {
            let b: [u8; 4] = data.get(..4).and_then(|b| b.try_into().ok())?;
            let family = if link == 108 {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b).min(u32::from_be_bytes(b))
            };
            matches!(family, 2 | 10 | 24 | 28 | 30)
                .then(|| data.get(4..))
                .flatten()
        }
        _ => return None,
    })
}

fn addrs(ip: &IpSlice<'_>) -> (IpAddr, IpAddr) {
    match ip {
        IpSlice::Ipv4(s) => (
            IpAddr::V4(s.header().source_addr()),
            IpAddr::V4(s.header().destination_addr()),
        ),
        IpSlice::Ipv6(s) => (
            IpAddr::V6(s.header().source_addr()),
            IpAddr::V6(s.header().destination_addr()),
        ),
    }
}

/// One fragment of an IP datagram: which datagram, where its bytes go, whether more follow.
struct Fragment<'a> {
    key: FragKey,
    offset: usize,
    more: bool,
    data: &'a [u8],
}

/// Source, destination, identification and protocol name a datagram (RFC 791, RFC 8200).
type FragKey = (IpAddr, IpAddr, u32, u8);

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn ip_of(b: &[u8], at: usize, v6: bool) -> Option<IpAddr> {
    Some(if v6 {
        let o: [u8; 16] = b.get(at..at + 16)?.try_into().ok()?;
        IpAddr::from(o)
    } else {
        let o: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
        IpAddr::from(o)
    })
}

/// The fragment an IP packet is, if it is one.
fn fragment(ip: &[u8]) -> Option<Fragment<'_>> {
    match ip.first()? >> 4 {
        4 => {
            let ihl = usize::from(ip[0] & 0x0f) * 4;
            let total = usize::from(be16(ip, 2)?).min(ip.len());
            let flags = be16(ip, 6)?;
            let more = flags & 0x2000 != 0;
            let offset = usize::from(flags & 0x1fff) * 8;
            if !more && offset == 0 {
                return None;
            }
            let key = (
                ip_of(ip, 12, false)?,
                ip_of(ip, 16, false)?,
                u32::from(be16(ip, 4)?),
                *ip.get(9)?,
            );
            Some(Fragment {
                key,
                offset,
                more,
                data: ip.get(ihl..total)?,
            })
        }
        6 => {
            let end = (40 + usize::from(be16(ip, 4)?)).min(ip.len());
            let (mut next, mut at) = (*ip.get(6)?, 40);
            // Hop-by-hop, routing and destination options may come before the fragment header.
            while matches!(next, 0 | 43 | 60) {
                next = *ip.get(at)?;
                at += (usize::from(*ip.get(at + 1)?) + 1) * 8;
            }
            if next != 44 {
                return None;
            }
            let field = be16(ip, at + 2)?;
            let key = (
                ip_of(ip, 8, true)?,
                ip_of(ip, 24, true)?,
                be32(ip, at + 4)?,
                *ip.get(at)?,
            );
            Some(Fragment {
                key,
                offset: usize::from(field >> 3) * 8,
                more: field & 1 != 0,
                data: ip.get(at + 8..end)?,
            })
        }
        _ => None,
    }
}

/// A datagram being put back together.
struct Pieces {
    parts: Vec<(usize, Vec<u8>)>,
    end: Option<usize>,
    bytes: usize,
    since: u64,
}

impl Pieces {
    /// The whole datagram once every byte from 0 to the end is there.
    fn whole(&mut self) -> Option<Vec<u8>> {
        let end = self.end?;
        self.parts.sort_by_key(|(o, _)| *o);
        let mut have = 0;
        for (o, d) in &self.parts {
            if *o > have {
                return None;
            }
            have = have.max(o + d.len());
        }
        if have < end {
            return None;
        }
        let mut out = vec![0u8; end];
        for (o, d) in &self.parts {
            let stop = (o + d.len()).min(end);
            if *o < stop {
                out[*o..stop].copy_from_slice(&d[..stop - o]);
            }
        }
        Some(out)
    }
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder {
            defrag: Map::default(),
            count: 0,
            sctp: Map::default(),
        }
    }

    pub fn packet(&mut self, p: &Packet<'_>, stats: &mut Stats, out: &mut Sink<'_>) {
        self.count += 1;
        if self.count % 256 == 0 {
            let now = self.count;
            self.defrag.retain(|_, p| p.since + FRAGMENT_WINDOW > now);
        }
        match ip_bytes(p.link, p.data) {
            None => {
                stats.undecoded += 1;
                if !stats.unknown_link_types.contains(&p.link)
                    && stats.unknown_link_types.len() < 16
                {
                    stats.unknown_link_types.push(p.link);
                }
            }
            Some(None) => stats.undecoded += 1,
            Some(Some(ip)) => self.ip(ip, p.time, stats, out, 0),
        }
    }

    fn ip(&mut self, raw: &[u8], time: f64, stats: &mut Stats, out: &mut Sink<'_>, depth: usize) {
        if let Some(f) = fragment(raw) {
            if let Some((number, whole)) = self.reassemble(f, stats) {
                stats.reassembled += 1;
                if let Ok(ip) = IpSlice::from_slice(raw) {
                    let ends = addrs(&ip);
                    self.transport(number, &whole, ends, time, stats, out, depth);
                }
            }
            return;
        }
        let Ok(ip) = IpSlice::from_slice(raw) else {
            stats.undecoded += 1;
            return;
        };
        let ends = addrs(&ip);
        let payload = ip.payload();
        self.transport(
            payload.ip_number,
            payload.payload,
            ends,
            time,
            stats,
            out,
            depth,
        );
    }

    /// Keeps a fragment; returns the protocol and the datagram when it is complete.
    fn reassemble(&mut self, f: Fragment<'_>, stats: &mut Stats) -> Option<(IpNumber, Vec<u8>)> {
        if !self.defrag.contains_key(&f.key) && self.defrag.len() >= MAX_DATAGRAMS {
            stats.left_out += 1;
            return None;
        }
        let since = self.count;
        let p = self.defrag.entry(f.key).or_insert_with(|| Pieces {
            parts: Vec::new(),
            end: None,
            bytes: 0,
            since,
        });
        if p.bytes + f.data.len() > MAX_DATAGRAM || p.parts.len() >= 64 {
            self.defrag.remove(&f.key);
            stats.undecoded += 1;
            return None;
        }
        p.bytes += f.data.len();
        if !f.more {
            p.end = Some(f.offset + f.data.len());
        }
        p.parts.push((f.offset, f.data.to_vec()));
        let whole = p.whole()?;
        self.defrag.remove(&f.key);
        Some((IpNumber(f.key.3), whole))
    }

    #[allow(clippy::too_many_arguments)]
    fn transport(
        &mut self,
        number: IpNumber,
        bytes: &[u8],
        (src, dst): (IpAddr, IpAddr),
        time: f64,
        stats: &mut Stats,
        out: &mut Sink<'_>,
        depth: usize,
    ) {
        match number {
            IpNumber::UDP => {
                let Ok(u) =
                    UdpSlice::from_slice(bytes).or_else(|_| UdpSlice::from_slice_lax(bytes))
                else {
                    stats.undecoded += 1;
                    return;
                };
                out(
                    Segment {
                        time,
                        src: SocketAddr::new(src, u.source_port()),
                        dst: SocketAddr::new(dst, u.destination_port()),
                        kind: Kind::Udp,
                        payload: u.payload(),
                    },
                    stats,
                );
            }
            IpNumber::TCP => {
                let Ok(t) = TcpSlice::from_slice(bytes) else {
                    stats.undecoded += 1;
                    return;
                };
                out(
                    Segment {
                        time,
                        src: SocketAddr::new(src, t.source_port()),
                        dst: SocketAddr::new(dst, t.destination_port()),
                        kind: Kind::Tcp {
                            seq: t.sequence_number(),
                            syn: t.syn(),
                            fin: t.fin() || t.rst(),
                        },
                        payload: t.payload(),
                    },
                    stats,
                );
            }
            IpNumber(132) => self.sctp(bytes, (src, dst), time, stats, out),
            IpNumber::IPV4 | IpNumber::IPV6 if depth < MAX_DEPTH => {
                self.ip(bytes, time, stats, out, depth + 1)
            }
            _ => {}
        }
    }

    /// SCTP DATA chunks (RFC 9260 §3.3.1); a user message split over chunks (B and E
    /// flags) is rebuilt per stream.
    fn sctp(
        &mut self,
        b: &[u8],
        (src, dst): (IpAddr, IpAddr),
        time: f64,
        stats: &mut Stats,
        out: &mut Sink<'_>,
    ) {
        if b.len() < 12 {
            stats.undecoded += 1;
            return;
        }
        let src = SocketAddr::new(src, u16::from_be_bytes([b[0], b[1]]));
        let dst = SocketAddr::new(dst, u16::from_be_bytes([b[2], b[3]]));
        let mut pos = 12;
        while pos + 4 <= b.len() {
            let (kind, flags) = (b[pos], b[pos + 1]);
            let len = usize::from(u16::from_be_bytes([b[pos + 2], b[pos + 3]]));
            if len < 4 || pos + len > b.len() {
                break;
            }
            if kind == 0 && len >= 16 {
                let sid = u16::from_be_bytes([b[pos + 8], b[pos + 9]]);
                let data = &b[pos + 16..pos + len];
                let (first, last) = (flags & 2 != 0, flags & 1 != 0);
                let seg = |payload| Segment {
                    time,
                    src,
                    dst,
                    kind: Kind::Sctp,
                    payload,
                };
                if first && last {
                    out(seg(data), stats);
                } else {
                    let key = (src, dst, sid);
                    if first {
                        if self.sctp.len() >= MAX_SCTP_PARTS && !self.sctp.contains_key(&key) {
                            stats.left_out += 1;
                        } else {
                            self.sctp.insert(key, data.to_vec());
                        }
                    } else if let Some(buf) = self.sctp.get_mut(&key) {
                        if buf.len() + data.len() <= MAX_SCTP_MESSAGE {
                            buf.extend_from_slice(data);
                        }
                    }
                    if last {
                        if let Some(whole) = self.sctp.remove(&key) {
                            out(seg(&whole), stats);
                        }
                    }
                }
            }
            pos += (len + 3) & !3;
        }
    }
}
