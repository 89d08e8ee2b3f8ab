//! The records of a capture file, one at a time, through `pcap-file`: pcap (both byte
//! orders, micro- or nanosecond times) and pcapng (sections, several interfaces, each with
//! its link type, time resolution and offset). A record cut short or damaged ends the read
//! there, and `Stats` says so.

use std::io::{Cursor, ErrorKind, Read};

use pcap_file::pcap::PcapReader;
use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionOption;
use pcap_file::pcapng::{Block, PcapNgReader};
use pcap_file::{PcapError, TsResolution};

use super::{sniff, CaptureError, Format, Packet, Reader};

/// Reads the magic, then every record, handing each packet to `reader`.
pub(super) fn each_packet(mut r: impl Read, reader: &mut Reader) -> Result<(), CaptureError> {
    let mut magic = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(CaptureError::BadHeader {
                    detail: e.to_string(),
                })
            }
        }
    }
    let format = sniff(&magic[..got]).ok_or(CaptureError::NotCapture)?;
    reader.stats.format = Some(format);
    let whole = Cursor::new(magic).chain(r);
    match format {
        Format::Pcap => pcap(whole, reader),
        Format::PcapNg => pcapng(whole, reader),
    }
}

fn header_error(e: PcapError) -> CaptureError {
    match e {
        PcapError::IncompleteBuffer => CaptureError::TruncatedHeader,
        PcapError::IoError(io) if io.kind() == ErrorKind::UnexpectedEof => {
            CaptureError::TruncatedHeader
        }
        other => CaptureError::BadHeader {
            detail: other.to_string(),
        },
    }
}

/// Notes why reading stopped early.
fn stopped(reader: &mut Reader, e: PcapError) {
    match e {
        PcapError::IncompleteBuffer => reader.stats.cut_short = true,
        PcapError::IoError(io) if io.kind() == ErrorKind::UnexpectedEof => {
            reader.stats.cut_short = true
        }
        other => reader.stats.damaged = Some(other.to_string()),
    }
}

fn note_link(reader: &mut Reader, link: u32) {
    if !reader.stats.link_types.contains(&link) && reader.stats.link_types.len() < 16 {
        reader.stats.link_types.push(link);
    }
}

fn pcap(r: impl Read, reader: &mut Reader) -> Result<(), CaptureError> {
    let mut pr = PcapReader::new(r).map_err(header_error)?;
    let header = pr.header();
    let link = u32::from(header.datalink);
    note_link(reader, link);
    let frac = match header.ts_resolution {
        TsResolution::MicroSecond => 1e-6,
        TsResolution::NanoSecond => 1e-9,
    };
    while let Some(next) = pr.next_raw_packet() {
        match next {
            Ok(p) => {
                let time = f64::from(p.ts_sec) + f64::from(p.ts_frac) * frac;
                reader.packet(Packet {
                    time,
                    link,
                    data: &p.data,
                });
            }
            Err(e) => {
                stopped(reader, e);
                break;
            }
        }
    }
    Ok(())
}

/// An interface of a pcapng section: its link type, and seconds per time unit and offset.
struct Interface {
    link: u32,
    unit: f64,
    offset: f64,
}

fn interface(link: u32, options: &[InterfaceDescriptionOption<'_>]) -> Interface {
    let mut unit = 1e-6;
    let mut offset = 0.0;
    for o in options {
        match o {
            InterfaceDescriptionOption::IfTsResol(v) => {
                let exp = i32::from(v & 0x7f).min(60);
                unit = if v & 0x80 != 0 {
                    2f64.powi(-exp)
                } else {
                    10f64.powi(-exp)
                };
            }
            InterfaceDescriptionOption::IfTsOffset(s) => offset = *s as f64,
            _ => {}
        }
    }
    Interface { link, unit, offset }
}

fn pcapng(r: impl Read, reader: &mut Reader) -> Result<(), CaptureError> {
    let mut pr = PcapNgReader::new(r).map_err(header_error)?;
    let mut interfaces: Vec<Interface> = Vec::new();
    let mut last_time = 0.0;
    while let Some(next) = pr.next_block() {
        let block = match next {
            Ok(b) => b,
            Err(e) => {
                stopped(reader, e);
                break;
            }
        };
        match block {
            Block::SectionHeader(_) => interfaces.clear(),
            Block::InterfaceDescription(idb) => {
                let link = u32::from(idb.linktype);
                note_link(reader, link);
                if interfaces.len() < 256 {
                    interfaces.push(interface(link, &idb.options));
                }
            }
            Block::EnhancedPacket(epb) => {
                let Some(i) = interfaces.get(epb.interface_id as usize) else {
                    reader.stats.undecoded += 1;
                    continue;
                };
                // pcap-file hands the raw count of time units as nanoseconds.
                let units = epb.timestamp.as_nanos() as f64;
                last_time = units * i.unit + i.offset;
                reader.packet(Packet {
                    time: last_time,
                    link: i.link,
                    data: &epb.data,
                });
            }
            Block::Packet(pb) => {
                let Some(i) = interfaces.get(usize::from(pb.interface_id)) else {
                    reader.stats.undecoded += 1;
                    continue;
                };
                last_time = pb.timestamp as f64 * i.unit + i.offset;
                reader.packet(Packet {
                    time: last_time,
                    link: i.link,
                    data: &pb.data,
                });
            }
            Block::SimplePacket(sp) => {
                // No interface id and no time: the first interface, the last time seen.
                let Some(i) = interfaces.first() else {
                    reader.stats.undecoded += 1;
                    continue;
                };
                reader.packet(Packet {
                    time: last_time,
                    link: i.link,
                    data: &sp.data,
                });
            }
            _ => {}
        }
    }
    Ok(())
}
