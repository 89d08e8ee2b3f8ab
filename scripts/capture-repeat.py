#!/usr/bin/env python3
"""Builds a large capture for the benchmark from recorded ones (Ethernet pcap, UDP only, so
that copies cannot confuse TCP reassembly): their packets repeated, each copy later in time
and with Call-IDs of its own (same length, so nothing else moves), until OUT is MIB MiB.

    scripts/capture-repeat.py OUT MIB FILE…
"""

import struct
import sys


def packets(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic != b"\xd4\xc3\xb2\xa1":
        return []
    link = struct.unpack_from("<I", data, 20)[0]
    if link != 1:
        return []
    out, at = [], 24
    while at + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack_from("<IIII", data, at)
        frame = data[at + 16:at + 16 + incl]
        at += 16 + incl
        # IPv4 TCP or IPv6 TCP: left out.
        etype = frame[12:14]
        if etype == b"\x08\x00" and frame[23] == 6:
            continue
        if etype == b"\x86\xdd" and frame[20] == 6:
            continue
        out.append((sec + usec / 1e6, orig, frame))
    return out


def main():
    out, mib, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    base = []
    for f in files:
        base.extend(packets(f))
    if not base:
        sys.exit("no Ethernet UDP packets in the inputs")
    t0 = min(p[0] for p in base)
    span = max(p[0] for p in base) - t0 + 1.0
    base.sort(key=lambda p: p[0])
    limit = mib * 1024 * 1024
    written = 24
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        copy = 0
        while written < limit:
            tag = f"{copy:06x}".encode()
            for t, orig, frame in base:
                i = frame.find(b"Call-ID: ")
                if i >= 0:
                    j = i + 9
                    frame = frame[:j] + tag + frame[j + len(tag):]
                ts = 1_800_000_000 + (t - t0) + copy * span
                sec = int(ts)
                usec = int(round((ts - sec) * 1e6))
                if usec >= 1_000_000:
                    sec, usec = sec + 1, usec - 1_000_000
                f.write(struct.pack("<IIII", sec, usec, len(frame), orig) + frame)
                written += 16 + len(frame)
            copy += 1
    print(f"{out}: {written} bytes, {copy} copies of {len(base)} packets")


if __name__ == "__main__":
    main()
