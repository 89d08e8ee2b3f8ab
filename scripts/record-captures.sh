#!/usr/bin/env bash
# Records the test captures of tests/fixtures/captures: in a network namespace of its own,
# each trace's participants get their addresses on the loopback interface, tcpdump records
# the loopback, and scripts/capture-player.py plays the trace's SIP messages over real UDP,
# TCP or WebSocket sockets, with RTP. The loopback's MTU is 1280 for the fragment capture.
# Needs root (ip netns), tcpdump, python3, editcap (wireshark-common) and a built sipbot.
#
#   scripts/record-captures.sh [OUT_DIR]        (default tests/fixtures/captures)
#   scripts/record-captures.sh --big FILE MIB   a large capture for the benchmark
set -euo pipefail
cd "$(dirname "$0")/.."
SIPBOT=${SIPBOT:-target/debug/sipbot}
NS=sipbot-capture-$$
TRACES=tests/fixtures/traces

cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT

# Out-of-order TCP on the loopback without netem (this kernel has none): an HTB shaper whose
# slow class takes the IPv4 packets of 152 bytes (a 100-byte TCP segment with timestamps).
# The first such packet spends the class's tokens; the second waits about 150 ms for new
# ones while the segment after it, in the fast class, goes at once: the receiver's kernel
# gets them out of order (and the sender may retransmit the late one).
reorder_lo() {
    local tc=(ip netns exec "$NS" tc)
    "${tc[@]}" qdisc add dev lo root handle 1: htb default 1
    "${tc[@]}" class add dev lo parent 1: classid 1:1 htb rate 1gbit
    "${tc[@]}" class add dev lo parent 1: classid 1:2 htb rate 8kbit ceil 8kbit burst 10b cburst 10b
    "${tc[@]}" filter add dev lo parent 1: protocol ip prio 1 u32 match u16 152 0xffff at 2 flowid 1:2
}

# record NAME FIXTURE [player options…]: one capture.
record() {
    local out=$1 fixture=$2
    shift 2
    local mtu=65536 v6= iface=(-i lo)
    for a in "$@"; do
        [ "$a" = --big ] && mtu=1280
        [ "$a" = --ipv6 ] && v6=1
    done
    # LINK=any records the "any" device: Linux cooked headers (SLL2, or SLL with -y).
    [ "${LINK:-}" = any ] && iface=(-i any -y "${LINKTYPE:-LINUX_SLL2}")
    ip netns add "$NS"
    ip netns exec "$NS" ip link set lo mtu "$mtu" up
    for a in "$@"; do [ "$a" = --reorder ] && reorder_lo; done
    local hosts
    hosts=$(python3 scripts/capture-player.py --sipbot "$SIPBOT" --hosts "$@" "$TRACES/$fixture")
    for h in $hosts; do
        if [[ $h == *:* ]]; then
            ip netns exec "$NS" ip -6 addr add "$h/128" dev lo nodad
        else
            ip netns exec "$NS" ip addr add "$h/32" dev lo
        fi
    done
    if [ -n "$v6" ]; then sleep 1; fi # let IPv6 addresses settle
    ip netns exec "$NS" tcpdump "${iface[@]}" --immediate-mode -s 0 -U -w "$out" 2>/dev/null &
    local dump=$!
    # tcpdump writes its file header once it listens.
    for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
    sleep 1.5
    ip netns exec "$NS" python3 scripts/capture-player.py --sipbot "$SIPBOT" "$@" "$TRACES/$fixture"
    sleep 1
    kill -INT "$dump"
    wait "$dump" || true
    ip netns del "$NS"
    echo "$out: $(stat -c %s "$out") bytes"
}

if [ "${1:-}" = --big ]; then
    # A large capture for the benchmark: the recorded captures' packets repeated, each copy
    # with its own Call-IDs (tshark and sipbot must both see every call), until MIB MiB.
    out=$2 mib=$3
    python3 scripts/capture-repeat.py "$out" "$mib" tests/fixtures/captures/*.pcap
    exit 0
fi

OUT=${1:-tests/fixtures/captures}
mkdir -p "$OUT"
record "$OUT/udp-two-way-dtmf-loss.pcap" asterisk-pjsip-auth-answered.log \
    --transport udp --rtp both --dtmf 1234# --loss 25
record "$OUT/udp-one-way.pcap" asterisk-pjsip-auth-answered.log --transport udp --rtp one
record "$OUT/udp-no-audio.pcap" asterisk-pjsip-auth-answered.log --transport udp --rtp none \
    --seconds 2
record "$OUT/udp-nat.pcap" asterisk-pjsip-auth-answered.log --transport udp --rtp both --nat \
    --seconds 1
record "$OUT/tcp-cancelled.pcap" chan-sip-cancelled.log --transport tcp --rtp none
record "$OUT/tcp-media-488.pcap" freeswitch-siptrace-488.log --transport tcp --rtp none
# TCP out of order: the INVITE's middle segment held back by the shaper (see reorder_lo).
record "$OUT/tcp-out-of-order.pcap" chan-sip-cancelled.log --transport tcp --rtp none --reorder
record "$OUT/ws-register.pcap" ngrep-byline-register.txt --transport ws --rtp none
record "$OUT/ipv6-fragments.pcap" asterisk-pjsip-auth-answered.log --transport udp --ipv6 \
    --big --rtp both --seconds 1
record "$OUT/ipv4-fragments-tcp-proxy.pcap" sngrep-proxy-decline.txt --transport udp --big \
    --rtp none
# The same two-way call as pcapng with nanosecond times.
editcap -F pcapng --set-tsresol 9 "$OUT/udp-two-way-dtmf-loss.pcap" "$OUT/udp-two-way-dtmf-loss.pcapng" 2>/dev/null \
    || editcap -F pcapng "$OUT/udp-two-way-dtmf-loss.pcap" "$OUT/udp-two-way-dtmf-loss.pcapng"
# Nanosecond pcap (editcap writes the host's byte order).
editcap -F nsecpcap "$OUT/udp-one-way.pcap" "$OUT/udp-one-way-nsec.pcap"
# Big-endian pcap: no tool here writes one, so the two-way call's file and record headers
# are rewritten in the other byte order (the packets stay as tcpdump wrote them).
python3 scripts/capture-rewrite.py big-endian "$OUT/udp-two-way-dtmf-loss.pcap" \
    "$OUT/udp-two-way-dtmf-loss-be.pcap"
# VLAN: this kernel has no 802.1Q, so the one-way call's frames get the tag a switch port
# would add (VLAN 100) by scripts/capture-rewrite.py.
python3 scripts/capture-rewrite.py vlan "$OUT/udp-one-way.pcap" "$OUT/udp-one-way-vlan.pcap" 100
# Linux cooked captures of the "any" device: SLL2 and SLL.
LINK=any record "$OUT/udp-one-way-sll2.pcap" asterisk-pjsip-auth-answered.log --transport udp \
    --rtp one --seconds 1
LINK=any LINKTYPE=LINUX_SLL record "$OUT/tcp-cancelled-sll.pcap" chan-sip-cancelled.log \
    --transport tcp --rtp none
ls -l "$OUT"
