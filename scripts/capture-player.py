#!/usr/bin/env python3
"""Plays the SIP messages of a real trace over real sockets, with RTP, so that tcpdump can
record what a kernel really sends (see scripts/record-captures.sh, which runs this inside a
network namespace where every participant's address is on the loopback interface).

The messages (start lines and headers) come from `sipbot trace --json` on a fixture of
tests/fixtures/traces; Content-Length is recomputed, and each SDP body is rewritten so that
its c=/m= lines name the socket the player really sends RTP from (the codecs stay those of
the trace). Transports: udp, tcp (a connection per pair of participants; one message split
over two segments, two messages packed in one; with --reorder, over three segments sent at
once, for a shaper to put out of order), ws (RFC 7118 over an HTTP upgrade, masked
client frames). Media: RTP both ways, one way or none, with RFC 4733 DTMF and a share of
packets left out on purpose (loss); `--nat` puts a private address in the caller's SDP and
the callee answers to where the RTP really came from (symmetric RTP).
"""

import argparse
import json
import os
import socket
import struct
import subprocess
import sys
import time

PT = {"PCMU": 0, "GSM": 3, "PCMA": 8, "G722": 9, "G729": 18, "telephone-event": 101,
      "opus": 111}


def load(sipbot, fixture):
    out = subprocess.run([sipbot, "trace", "--json", fixture], capture_output=True,
                         check=False).stdout
    return json.loads(out)


def host_of(address, i, v6):
    host = address.rsplit(":", 1)[0].strip("[]") if address else ""
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
        if v6 and ":" not in host:
            return f"2001:db8::{i + 10:x}"
        return host
    except OSError:
        return f"2001:db8::{i + 10:x}" if v6 else f"198.51.100.{i + 10}"


def sdp(codecs, ip, port, private=None):
    fam = "IP6" if ":" in ip else "IP4"
    shown = private or ip
    pts, maps = [], []
    dyn = 96
    for c in codecs:
        if c.startswith("PT"):
            continue
        pt = PT.get(c)
        if pt is None:
            pt, dyn = dyn, dyn + 1
        if pt in pts:
            continue
        pts.append(pt)
        rate = 48000 if c == "opus" else 8000
        maps.append(f"a=rtpmap:{pt} {c}/{rate}\r\n")
    if not pts:
        pts, maps = [0], ["a=rtpmap:0 PCMU/8000\r\n"]
    return (f"v=0\r\no=- 1 1 IN {fam} {shown}\r\ns=-\r\nc=IN {fam} {shown}\r\nt=0 0\r\n"
            f"m=audio {port} RTP/AVP {' '.join(map(str, pts))}\r\n" + "".join(maps)
            + "a=sendrecv\r\n").encode()


def render(m, body):
    s = m["start"]
    if s["kind"] == "request":
        line = f"{s['method']} {s['uri']} SIP/2.0"
    else:
        line = f"SIP/2.0 {s['code']} {s['reason']}".rstrip()
    heads = [f"{h['name']}: {h['value']}" for h in m["headers"]
             if h["name"].lower() not in ("content-length", "content-type")]
    if body:
        heads.append("Content-Type: application/sdp")
    heads.append(f"Content-Length: {len(body)}")
    return ("\r\n".join([line] + heads) + "\r\n\r\n").encode() + body


def rtp_packet(seq, ts, ssrc, pt, payload, marker=False):
    return struct.pack("!BBHII", 0x80, pt | (0x80 if marker else 0), seq & 0xFFFF,
                       ts & 0xFFFFFFFF, ssrc) + payload


class Party:
    def __init__(self, ip, port, rtp_port):
        self.ip, self.port, self.rtp_port = ip, port, rtp_port
        fam = socket.AF_INET6 if ":" in ip else socket.AF_INET
        self.fam = fam
        self.udp = socket.socket(fam, socket.SOCK_DGRAM)
        self.udp.bind((ip, port))
        self.rtp = socket.socket(fam, socket.SOCK_DGRAM)
        self.rtp.bind((ip, rtp_port))
        self.listener = None


def ws_frame(data, mask):
    head = bytes([0x81])
    n = len(data)
    m = 0x80 if mask else 0
    if n < 126:
        head += bytes([m | n])
    elif n < 65536:
        head += bytes([m | 126]) + struct.pack("!H", n)
    else:
        head += bytes([m | 127]) + struct.pack("!Q", n)
    if not mask:
        return head + data
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(data))


class Wire:
    """Sends a message from one party to another over the chosen transport."""

    def __init__(self, parties, transport, reorder=False):
        self.parties, self.transport, self.reorder = parties, transport, reorder
        self.conns = {}
        self.split_done = self.pack_done = False
        if transport in ("tcp", "ws"):
            for p in parties:
                p.listener = socket.socket(p.fam, socket.SOCK_STREAM)
                p.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                p.listener.bind((p.ip, p.port))
                p.listener.listen(8)

    def conn(self, a, b):
        key = frozenset((a, b))
        if key not in self.conns:
            pa, pb = self.parties[a], self.parties[b]
            c = socket.socket(pa.fam, socket.SOCK_STREAM)
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            c.bind((pa.ip, 0))
            c.connect((pb.ip, pb.port))
            s, _ = pb.listener.accept()
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.conns[key] = {a: c, b: s, "client": a}
            if self.transport == "ws":
                c.sendall(b"GET / HTTP/1.1\r\nHost: " + pb.ip.encode() + b"\r\n"
                          b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                          b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                          b"Sec-WebSocket-Protocol: sip\r\nSec-WebSocket-Version: 13\r\n\r\n")
                time.sleep(0.01)
                s.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          b"Connection: Upgrade\r\n"
                          b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                          b"Sec-WebSocket-Protocol: sip\r\n\r\n")
        return self.conns[key]

    def send(self, a, b, data, following=None):
        """Sends `data`; with `following` (the next message, same hop), packs both in one
        write once per capture. Returns how many messages went."""
        if self.transport == "udp":
            pb = self.parties[b]
            self.parties[a].udp.sendto(data, (pb.ip, pb.port))
            return 1
        c = self.conn(a, b)
        sock = c[a]
        if self.transport == "ws":
            sock.sendall(ws_frame(data, mask=(c["client"] == a)))
            return 1
        if following is not None and not self.pack_done:
            self.pack_done = True
            sock.sendall(data + following)
            return 2
        if not self.split_done and self.reorder and len(data) > 300:
            # Three segments at once: record-captures.sh's shaper holds back the second (the
            # only other 100-byte segment after the first), so the third overtakes it.
            self.split_done = True
            for part in (data[:100], data[100:200], data[200:]):
                sock.sendall(part)
            return 1
        if not self.split_done and len(data) > 200:
            self.split_done = True
            sock.sendall(data[:100])
            time.sleep(0.03)
            sock.sendall(data[100:])
            return 1
        sock.sendall(data)
        return 1


def play_rtp(parties, caller, callee, targets, args):
    """RTP for `args.seconds`, 20 ms G.711 frames, from caller and/or callee."""
    senders = []
    if args.rtp in ("both", "one"):
        senders.append((caller, targets[caller], 0x11111111))
    if args.rtp == "both":
        senders.append((callee, targets[callee], 0x22222222))
    frames = int(args.seconds * 50)
    payload = b"\xff" * 160
    digits = args.dtmf
    seqs = [1000 * (k + 1) for k in range(len(senders))]
    start = time.time()
    for n in range(frames):
        for k, (who, dst, ssrc) in enumerate(senders):
            ts = 160 * n
            pkt = rtp_packet(seqs[k], ts, ssrc, args.pt, payload, marker=(n == 0))
            # DTMF from the caller (RFC 4733): while a key is down its events replace the
            # audio, in the same SSRC and sequence; one event per digit from frame 20 on.
            if k == 0 and digits and 20 <= n < 20 + 10 * len(digits):
                i, step = divmod(n - 20, 10)
                if step < 6:
                    d = digits[i]
                    event = "0123456789*#".index(d) if d in "0123456789*#" else 0
                    end = step >= 3
                    dur = 160 * min(step + 1, 4)
                    body = struct.pack("!BBH", event, (0x80 if end else 0) | 10, dur)
                    ev_ts = 160 * (20 + 10 * i)
                    pkt = rtp_packet(seqs[k], ev_ts, ssrc, 101, body, marker=(step == 0))
            seqs[k] += 1
            # Loss on the caller's stream only: every Nth packet is not sent.
            if args.loss and k == 0 and n % args.loss == args.loss - 1:
                continue
            parties[who].rtp.sendto(pkt, dst)
        delay = start + (n + 1) * 0.02 - time.time()
        if delay > 0:
            time.sleep(delay)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fixture")
    ap.add_argument("--sipbot", default="target/debug/sipbot")
    ap.add_argument("--transport", choices=["udp", "tcp", "ws"], default="udp")
    ap.add_argument("--rtp", choices=["both", "one", "none"], default="both")
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--loss", type=int, default=0, help="drop every Nth caller packet")
    ap.add_argument("--dtmf", default="")
    ap.add_argument("--nat", action="store_true")
    ap.add_argument("--ipv6", action="store_true")
    ap.add_argument("--big", action="store_true", help="pad the INVITE past the MTU")
    ap.add_argument("--reorder", action="store_true",
                    help="send the first long TCP message as three segments at once")
    ap.add_argument("--hosts", action="store_true", help="print the addresses and exit")
    args = ap.parse_args()

    trace = load(args.sipbot, args.fixture)
    hosts = [host_of(p["address"], i, args.ipv6) for i, p in enumerate(trace["participants"])]
    # Two participants may share a host in the trace (log host without address): keep
    # one address per participant.
    seen = {}
    for i, h in enumerate(hosts):
        if h in seen or not h:
            hosts[i] = f"2001:db8::{i + 10:x}" if args.ipv6 else f"198.51.100.{i + 10}"
        seen[hosts[i]] = i
    if args.hosts:
        print(" ".join(hosts))
        return
    parties = [Party(h, 5060, 10000 + 2 * i) for i, h in enumerate(hosts)]
    wire = Wire(parties, args.transport, args.reorder)
    call = trace["calls"][0]
    msgs = call["messages"]
    caller = msgs[0]["src"]
    callee = next((m["src"] for m in msgs if m["start"]["kind"] == "response"
                   and m["method"] == "INVITE" and 200 <= m["start"]["code"] < 300), None)
    private = "192.168.1.20" if args.nat else None
    # RTP in the codec the answer chose: the first of the 2xx's SDP.
    args.pt = 0
    for m in msgs:
        if (m["start"]["kind"] == "response" and m["start"]["code"] == 200 and m.get("sdp")
                and m["sdp"]["media"]):
            first = [c for c in m["sdp"]["media"][0]["codecs"] if c in PT and c != "telephone-event"]
            args.pt = PT[first[0]] if first else 0
            break
    bodies = []
    for m in msgs:
        body = b""
        if m.get("sdp"):
            p = parties[m["src"]]
            codecs = m["sdp"]["media"][0]["codecs"] if m["sdp"]["media"] else ["PCMU"]
            body = sdp(codecs, p.ip, p.rtp_port, private if m["src"] == caller else None)
        if args.big and m["start"]["kind"] == "request" and m["start"]["method"] == "INVITE":
            body += b"a=x-padding:" + b"0123456789" * 150 + b"\r\n"
        bodies.append(render(m, body))
    rtp_done = False
    i = 0
    while i < len(msgs):
        m = msgs[i]
        nxt = msgs[i + 1] if i + 1 < len(msgs) else None
        same_hop = (nxt is not None and nxt["src"] == m["src"] and nxt["dst"] == m["dst"]
                    and m["start"]["kind"] == "response" and m["start"]["code"] < 200)
        sent = wire.send(m["src"], m["dst"], bodies[i], bodies[i + 1] if same_hop else None)
        time.sleep(0.02)
        i += sent
        last = msgs[i - 1]
        is_ack = last["start"]["kind"] == "request" and last["start"]["method"] == "ACK"
        if (not rtp_done and callee is not None and is_ack
                and any(x["start"]["kind"] == "response" and x["start"].get("code") == 200
                        for x in msgs[:i])):
            rtp_done = True
            pc, pe = parties[caller], parties[callee]
            targets = {caller: (pe.ip, pe.rtp_port), callee: (pc.ip, pc.rtp_port)}
            play_rtp(parties, caller, callee, targets, args)
    time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
