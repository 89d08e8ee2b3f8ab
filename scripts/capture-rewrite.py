#!/usr/bin/env python3
"""Rewrites a little-endian pcap file that tcpdump wrote into a form no tool here records;
the packets' bytes stay as captured (used by scripts/record-captures.sh):

    scripts/capture-rewrite.py big-endian IN.pcap OUT.pcap
        the file and record headers in the other byte order, as a big-endian machine's
        tcpdump writes them (no tool here writes a big-endian pcap);
    scripts/capture-rewrite.py vlan IN.pcap OUT.pcap VLAN_ID
        an IEEE 802.1Q tag in every Ethernet frame, after the MAC addresses (TPID 0x8100,
        priority 0), as a switch port adds it: the kernel the captures were recorded on has
        no 802.1Q (CONFIG_VLAN_8021Q is not set, and tc has no vlan action).
"""

import struct
import sys

MAGICS = (0xA1B2C3D4, 0xA1B23C4D)  # micro- and nanosecond pcap


def records(data, src):
    """The file header's fields, then (record header fields, packet bytes) for each record."""
    if len(data) < 24 or struct.unpack("<I", data[:4])[0] not in MAGICS:
        sys.exit(f"{src}: not a little-endian pcap file")
    header = struct.unpack("<IHHiIII", data[:24])
    out, pos = [], 24
    while pos + 16 <= len(data):
        fields = struct.unpack("<IIII", data[pos:pos + 16])
        out.append((fields, data[pos + 16:pos + 16 + fields[2]]))
        pos += 16 + fields[2]
    if pos != len(data):
        sys.exit(f"{src}: ends inside a record")
    return header, out


def main(mode, src, dst, *rest):
    header, recs = records(open(src, "rb").read(), src)
    if mode == "big-endian":
        out = [struct.pack(">IHHiIII", *header)]
        for fields, packet in recs:
            out += [struct.pack(">IIII", *fields), packet]
    elif mode == "vlan":
        if header[6] != 1:
            sys.exit(f"{src}: link type {header[6]}, not Ethernet")
        tag = struct.pack("!HH", 0x8100, int(rest[0]) & 0x0FFF)
        out = [struct.pack("<IHHiIII", *header)]
        for (sec, frac, incl, orig), frame in recs:
            out += [struct.pack("<IIII", sec, frac, incl + 4, orig + 4),
                    frame[:12] + tag + frame[12:]]
    else:
        sys.exit(f"unknown mode {mode}: big-endian or vlan")
    open(dst, "wb").write(b"".join(out))


if __name__ == "__main__":
    main(*sys.argv[1:])
