#!/usr/bin/env bash
# Scan throughput of `sipbot scan` on a generated 64 MiB log, side by side with grep counting
# the status lines of the same file, in the same run: with its default threads (one per CPU)
# and with --threads 1, whose output must be the same. Prints MB/s and peak memory.
# Usage: scripts/bench-scan.sh [size_MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-64}
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
log="$dir/sip.log"
python3 - "$log" "$size" <<'PY'
import sys, pathlib
out, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
fx = pathlib.Path("tests/fixtures")
parts = [p.read_text(errors="replace") for p in sorted((fx / "logs").glob("*.log"))]
chat = "[2024-01-01 10:00:00.123] VERBOSE[1234][C-00000001] pbx.c: Executing [2001@from-internal:1] Dial(\"PJSIP/2001\", \"PJSIP/+15551230486@carrier,30\") in new stack\n"
block = "\n".join(parts) + chat * 20
with open(out, "w") as f:
    n = 0
    while n < size:
        f.write(block); n += len(block)
PY
bytes=$(stat -c %s "$log")
mib=$(python3 -c "print(round($bytes/1048576,1))")
echo "file: $mib MiB"
t() { # command... → wall seconds (ms resolution: /usr/bin/time's %e has 10 ms, too coarse
  # when grep takes ~60 ms) and peak RSS (from /usr/bin/time)
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f "%M %U %S" -o "$dir/time" "$@" > "$dir/out" 2>/dev/null || true
  t1=$(date +%s%N)
  read -r kb user sys < "$dir/time"
  echo "$(( (t1 - t0) / 1000 )) $kb $(python3 -c "print(round($user + $sys, 2))")"
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) CPUs"
threads=$(nproc)
for i in 1 2 3; do
  read -r gs gk gc < <(t grep -c 'SIP/2.0 [1-6][0-9][0-9]' "$log")
  gcount=$(cat "$dir/out")
  read -r ss sk sc < <(t target/release/sipbot scan --json "$log")
  codes=$(python3 -c "import json;d=json.load(open('$dir/out'));print(len(d['codes']), sum(d['counts'].values()))")
  cp "$dir/out" "$dir/out.n"
  read -r s1 k1 c1 < <(t target/release/sipbot scan --json --threads 1 "$log")
  cmp -s "$dir/out" "$dir/out.n" || { echo "scan --threads 1 printed something else"; exit 1; }
  python3 - "$mib" "$gs" "$gk" "$gcount" "$ss" "$sk" "$codes" "$gc" "$sc" "$s1" "$c1" "$threads" <<'PY'
import sys
mib, gs, gk, gc, ss, sk, codes, gcpu, scpu, s1, c1, threads = sys.argv[1:13]
mib, gs, ss, s1 = float(mib), float(gs) / 1e6, float(ss) / 1e6, float(s1) / 1e6
print(f"grep -c: {gs:.3f}s {mib/gs:5.0f} MiB/s peak {int(gk)//1024} MiB, {gc} status lines | "
      f"sipbot scan ({threads} threads): {ss:.3f}s {mib/ss:4.0f} MiB/s peak {int(sk)//1024} MiB, "
      f"distinct codes and hits: {codes} | ratio {gs/ss:.2f} | "
      f"--threads 1: {s1:.3f}s {mib/s1:4.0f} MiB/s ratio {gs/s1:.2f} "
      f"(CPU s: grep {gcpu}, sipbot {scpu}, --threads 1 {c1})")
PY
done
