#!/usr/bin/env python3
"""Puts an IEEE 802.1Q VLAN tag into every Ethernet frame of a pcap file: the kernel the
test captures were recorded on has no 802.1Q support (CONFIG_VLAN_8021Q is not set, and tc
has no vlan action), so a VLAN-tagged recording is the recorded frames with the tag a
switch port would add (TPID 0x8100, priority 0, the given VLAN id) after the MAC addresses.
Everything else is as tcpdump wrote it. Used by scripts/record-captures.sh.

    scripts/capture-vlan-tag.py IN.pcap OUT.pcap VLAN_ID
"""

import struct
import sys


def main(src, dst, vid):
    data = open(src, "rb").read()
    (magic,) = struct.unpack("<I", data[:4])
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        sys.exit(f"{src}: not a little-endian pcap file")
    header = struct.unpack("<IHHiIII", data[:24])
    if header[6] != 1:
        sys.exit(f"{src}: link type {header[6]}, not Ethernet")
    tag = struct.pack("!HH", 0x8100, int(vid) & 0x0FFF)
    out = [data[:24]]
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack("<IIII", data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + incl]
        out.append(struct.pack("<IIII", sec, frac, incl + 4, orig + 4))
        out.append(frame[:12] + tag + frame[12:])
        pos += 16 + incl
    if pos != len(data):
        sys.exit(f"{src}: ends inside a record")
    open(dst, "wb").write(b"".join(out))


if __name__ == "__main__":
    main(*sys.argv[1:4])
