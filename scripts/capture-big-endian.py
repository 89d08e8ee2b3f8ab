#!/usr/bin/env python3
"""Rewrites a pcap file in the other byte order: big-endian from the little-endian file
tcpdump writes on x86 (no tool here writes a big-endian pcap; a big-endian machine's
tcpdump would). Only the file header and each record header change; the packets' bytes
are kept as they were captured. Used by scripts/record-captures.sh.

    scripts/capture-big-endian.py IN.pcap OUT.pcap
"""

import struct
import sys

MAGICS = {0xA1B2C3D4, 0xA1B23C4D}  # micro- and nanosecond pcap


def main(src, dst):
    data = open(src, "rb").read()
    (magic,) = struct.unpack("<I", data[:4])
    if magic not in MAGICS:
        sys.exit(f"{src}: not a little-endian pcap file")
    header = struct.unpack("<IHHiIII", data[:24])
    out = [struct.pack(">IHHiIII", *header)]
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack("<IIII", data[pos:pos + 16])
        out.append(struct.pack(">IIII", sec, frac, incl, orig))
        out.append(data[pos + 16:pos + 16 + incl])
        pos += 16 + incl
    if pos != len(data):
        sys.exit(f"{src}: ends inside a record")
    open(dst, "wb").write(b"".join(out))


if __name__ == "__main__":
    main(*sys.argv[1:3])
