//! Packet captures: reads pcap and pcapng files (recognised by their magic), decodes the
//! link, IP and transport layers, finds the SIP messages on any port (UDP, TCP with stream
//! reassembly, SCTP, WebSocket) and feeds them, with their capture time and addresses, to
//! the same `TraceBuilder` as pasted logs; follows the RTP and RTCP the SDP announced (and
//! the RTP it did not) and says, as plain data, what is wrong with the media.
//!
//! Pure and bounded: reads from any `std::io::Read` it is given, one packet at a time; what
//! it keeps (TCP buffers, fragments, streams, events) is capped and what was left out is
//! counted in `Stats`, so a capture of millions of packets costs time, not memory. No text
//! of ours: `render::media` words it.
//!
//! Layout: `file` (pcap and pcapng records), `net` (link layers, IP, fragments, IP-in-IP,
//! UDP, TCP, SCTP), `stream` (TCP reassembly, SIP framing, WebSocket), `sip` (what a SIP
//! message says that the media needs), `media` (RTP, RTCP, DTMF and the diagnosis).

mod file;
mod media;
mod net;
mod sip;
mod stream;

/// The maps keyed by what a capture holds (addresses, SSRCs), looked up for every packet: a
/// fast hasher, seeded afresh for each map, so a crafted capture cannot aim at collisions.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use std::io::Read;

use serde::Serialize;

use crate::trace::{Redactor, Trace, TraceBuilder, Transport, Wire};

pub use media::{Dtmf, Finding, RtcpFlow, RtpStream};

/// The formats a capture can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Pcap,
    PcapNg,
}

/// The first bytes of a file say whether it is a capture: pcap in either byte order, with
/// micro- or nanosecond times, or a pcapng section header.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let magic: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
    match magic {
        [0xd4, 0xc3, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0xc3, 0xd4]
        | [0x4d, 0x3c, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0x3c, 0x4d] => Some(Format::Pcap),
        [0x0a, 0x0d, 0x0d, 0x0a] => Some(Format::PcapNg),
        _ => None,
    }
}

/// Why a capture could not be read at all (a capture read in part is no error: `Stats`
/// says where it stopped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaptureError {
    #[error("not a pcap or pcapng file")]
    NotCapture,
    #[error("the capture ends inside its file header")]
    TruncatedHeader,
    #[error("the capture's file header is damaged: {detail}")]
    BadHeader { detail: String },
}

/// What was read, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub format: Option<Format>,
    pub packets: u64,
    /// Seconds since the epoch of the first and last packets.
    pub first: Option<f64>,
    pub last: Option<f64>,
    /// Link types met (tcpdump.org numbers), and those we cannot decode.
    pub link_types: Vec<u32>,
    pub unknown_link_types: Vec<u32>,
    /// Packets on a link we cannot decode, or not IP, or too broken to decode.
    pub undecoded: u64,
    pub sip_messages: u64,
    /// IP fragments put back together, and datagrams whose fragments never all came.
    pub reassembled: u64,
    /// Packets of TLS (SIP over TLS, usually port 5061): nothing in them can be read.
    pub tls_packets: u64,
    pub tls_ports: Vec<u16>,
    pub websocket_messages: u64,
    pub sctp_messages: u64,
    /// TCP retransmissions dropped, and bytes of TCP streams given up (gaps, caps).
    pub tcp_retransmissions: u64,
    pub tcp_bytes_skipped: u64,
    /// Streams, flows or events not kept because a cap was reached.
    pub left_out: u64,
    /// The file stopped in the middle of a record (cut short), or a record was damaged:
    /// reading stopped there, after `packets` packets.
    pub cut_short: bool,
    pub damaged: Option<String>,
}

/// A capture read: the trace of its SIP messages, its media, and what was read.
#[derive(Debug, Clone, Serialize)]
pub struct Capture {
    #[serde(flatten)]
    pub trace: Trace,
    pub capture: Stats,
    pub rtp_streams: Vec<RtpStream>,
    pub rtcp: Vec<RtcpFlow>,
    pub media_findings: Vec<Finding>,
}

impl Capture {
    /// Masks addresses, users and numbers in the trace and the media alike (one address,
    /// one mask).
    pub fn redact(&mut self) {
        let mut r = Redactor::new();
        self.trace.redact_with(&mut r);
        for s in &mut self.rtp_streams {
            s.src = r.text(&s.src);
            s.dst = r.text(&s.dst);
        }
        for f in &mut self.rtcp {
            f.src = r.text(&f.src);
            f.dst = r.text(&f.dst);
        }
        for f in &mut self.media_findings {
            f.redact(&mut r);
        }
    }

    /// Whether the capture held SIP or media worth an answer.
    pub fn is_empty(&self) -> bool {
        self.trace.is_empty() && self.rtp_streams.is_empty()
    }
}

/// Reads a whole capture from `r`, streaming.
pub fn read(r: impl Read) -> Result<Capture, CaptureError> {
    let mut reader = Reader::new();
    file::each_packet(r, &mut reader)?;
    Ok(reader.finish())
}

/// Reads a capture held in memory (an attachment).
pub fn read_bytes(bytes: &[u8]) -> Result<Capture, CaptureError> {
    if sniff(bytes).is_none() {
        return Err(CaptureError::NotCapture);
    }
    read(bytes)
}

/// One packet as the file gave it.
pub(crate) struct Packet<'a> {
    pub time: f64,
    pub link: u32,
    pub data: &'a [u8],
}

/// The state of one read: decoders, the trace being built, the media.
pub(crate) struct Reader {
    stats: Stats,
    net: net::Decoder,
    streams: stream::Streams,
    builder: TraceBuilder,
    media: media::Media,
}

impl Reader {
    fn new() -> Reader {
        Reader {
            stats: Stats::default(),
            net: net::Decoder::new(),
            streams: stream::Streams::new(),
            builder: TraceBuilder::new(),
            media: media::Media::new(),
        }
    }

    pub(crate) fn packet(&mut self, p: Packet<'_>) {
        self.stats.packets += 1;
        self.stats.first.get_or_insert(p.time);
        self.stats.last = Some(p.time);
        let Reader {
            stats,
            net,
            streams,
            builder,
            media,
        } = self;
        net.packet(&p, stats, &mut |seg, stats| match seg.kind {
            net::Kind::Udp => {
                if sip::starts_sip(seg.payload) {
                    sip_message(builder, media, stats, seg.payload, &seg, Transport::Udp);
                } else {
                    media.udp(&seg, stats);
                }
            }
            net::Kind::Tcp { seq, syn, fin } => {
                let mut out = Vec::new();
                streams.tcp(&seg, seq, syn, fin, stats, &mut out);
                for (text, transport) in out {
                    sip_message(builder, media, stats, &text, &seg, transport);
                }
            }
            net::Kind::Sctp => {
                if sip::starts_sip(seg.payload) {
                    stats.sctp_messages += 1;
                    sip_message(builder, media, stats, seg.payload, &seg, Transport::Sctp);
                }
            }
        });
    }

    fn finish(self) -> Capture {
        let trace = self.builder.finish();
        let mut stats = self.stats;
        let (rtp_streams, rtcp, media_findings) = self.media.finish(&trace, &mut stats);
        Capture {
            trace,
            capture: stats,
            rtp_streams,
            rtcp,
            media_findings,
        }
    }
}

fn wire(seg: &net::Segment<'_>, transport: Transport) -> Wire {
    Wire {
        time: seg.time,
        src: seg.src.to_string(),
        dst: seg.dst.to_string(),
        transport,
    }
}

/// One SIP message found: to the trace, and its SDP to the media. The addresses are put
/// into words only for a message the trace keeps (most of a big capture is only counted).
fn sip_message(
    builder: &mut TraceBuilder,
    media: &mut media::Media,
    stats: &mut Stats,
    bytes: &[u8],
    seg: &net::Segment<'_>,
    transport: Transport,
) {
    stats.sip_messages += 1;
    // Valid UTF-8 (nearly always) is checked by the fast path; only the rest is mended.
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    // Only media lines matter to `media`: a message without a body has none.
    if sip::Info::may_have_media(&text) {
        if let Some(info) = sip::Info::of(&text) {
            media.sip(&info, seg.src, seg.time, stats);
        }
    }
    builder.wire_message(&text, || wire(seg, transport));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(sniff(&[0xd4, 0xc3, 0xb2, 0xa1, 2]), Some(Format::Pcap));
        assert_eq!(sniff(&[0xa1, 0xb2, 0x3c, 0x4d]), Some(Format::Pcap));
        assert_eq!(sniff(&[0x0a, 0x0d, 0x0d, 0x0a]), Some(Format::PcapNg));
        assert_eq!(sniff(b"INVITE sip:"), None);
        assert_eq!(sniff(b"\xd4"), None);
        assert_eq!(read_bytes(b"hello").unwrap_err(), CaptureError::NotCapture);
        assert_eq!(
            read_bytes(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0]).unwrap_err(),
            CaptureError::TruncatedHeader
        );
    }
}
