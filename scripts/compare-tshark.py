#!/usr/bin/env python3
"""Compares `sipbot trace --json` with tshark on captures (not run in CI: needs tshark).

For each capture: SIP message count, Call-IDs and status codes (tshark -Y sip), and per RTP
stream (source, destination, SSRC) the packet and loss counts (tshark -z rtp,streams).
Prints one line per capture and exits 1 when any differs.

    scripts/compare-tshark.py [--sipbot target/debug/sipbot] FILE…
"""

import argparse
import collections
import json
import re
import subprocess
import sys


def decode_as(f):
    # tshark takes TCP port 5060 for SIP; an upgraded WebSocket there needs HTTP first.
    return ["-d", "tcp.port==5060,http"] if "ws-" in f else []


def tshark_sip(f):
    out = subprocess.run(
        ["tshark", "-r", f, *decode_as(f), "-o", "tcp.reassemble_out_of_order:TRUE",
         "-Y", "sip", "-T", "fields", "-E", "separator=|",
         "-e", "sip.Call-ID", "-e", "sip.Status-Code", "-e", "sip.Method"],
        capture_output=True, text=True, check=False).stdout
    ids, codes, n = set(), collections.Counter(), 0
    for line in out.splitlines():
        call_ids, code, _method = (line.split("|") + ["", "", ""])[:3]
        # One frame may carry several messages (TCP): tshark joins fields with commas.
        parts = [c for c in call_ids.split(",") if c]
        n += max(1, len(parts))
        ids.update(parts)
        for c in code.split(","):
            if c:
                codes[int(c)] += 1
    return n, ids, codes


def tshark_rtp(f):
    out = subprocess.run(["tshark", "-r", f, "-q", "-z", "rtp,streams"],
                         capture_output=True, text=True, check=False).stdout
    streams = {}
    for line in out.splitlines():
        m = re.match(r"\s*[\d.]+\s+[\d.]+\s+(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(0x[0-9A-Fa-f]+)\s+(.+?)\s+(\d+)\s+(-?\d+)\s+\(",
                     line)
        if m:
            src = fmt(m.group(1), m.group(2))
            dst = fmt(m.group(3), m.group(4))
            streams[(src, dst, int(m.group(5), 16))] = (int(m.group(7)), int(m.group(8)))
    return streams


def fmt(ip, port):
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def ours(sipbot, f):
    out = subprocess.run([sipbot, "trace", "--json", f], capture_output=True, text=True,
                         check=False).stdout
    t = json.loads(out)
    ids = {c["call_id"] for c in t.get("calls", [])}
    codes = collections.Counter()
    for c in t.get("calls", []):
        for m in c["messages"]:
            if m["start"]["kind"] == "response":
                codes[m["start"]["code"]] += 1
    streams = {(s["src"], s["dst"], int(s["ssrc"], 16)): (s["packets"], s["lost"])
               for s in t.get("rtp_streams", [])}
    return t.get("messages_seen", 0), ids, codes, streams, t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sipbot", default="target/debug/sipbot")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    bad = 0
    for f in args.files:
        tn, tids, tcodes = tshark_sip(f)
        trtp = tshark_rtp(f)
        on, oids, ocodes, ortp, t = ours(args.sipbot, f)
        same_rtp = all(ortp.get(k) == v for k, v in trtp.items())
        ok = tn == on and tids == oids and tcodes == ocodes and same_rtp
        bad += not ok
        oneway = any(x["kind"] == "one_way" for x in t.get("media_findings", []))
        print(f"{'OK  ' if ok else 'DIFF'} {f}: SIP {on}/{tn}, Call-IDs {len(oids)}/{len(tids)}"
              f", codes {'same' if tcodes == ocodes else f'{dict(ocodes)} vs {dict(tcodes)}'}"
              f", RTP streams {len(ortp)}/{len(trtp)} "
              f"{'same packets and loss' if same_rtp else f'{ortp} vs {trtp}'}"
              f"{', one-way audio named' if oneway else ''}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
