#!/usr/bin/env bash
# Time and peak memory of `sipbot trace` on generated traces of growing size (default 25 and
# 100 MiB): the busy call of tests/fixtures/logs again and again, each time with a new
# Call-ID. Linear time shows as a steady MiB/s; bounded memory as the same peak RSS.
# Usage: scripts/bench-trace.sh [size_MiB ...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(25 100)
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) CPUs"
for size in "${sizes[@]}"; do
  log="$dir/trace-$size.log"
  python3 - "$log" "$size" <<'PY'
import sys, pathlib
out, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
base = pathlib.Path("tests/fixtures/logs/asterisk-pjsip-busy.log").read_text()
with open(out, "w") as f:
    n = written = 0
    while written < size:
        part = base.replace("4f0c3a8e-0b1d", f"call-{n}") + "\n"
        f.write(part)
        written += len(part)
        n += 1
PY
  t0=$(date +%s%N)
  /usr/bin/time -f "%M %U %S" -o "$dir/time" target/release/sipbot trace --json "$log" > "$dir/out"
  t1=$(date +%s%N)
  read -r kb user sys < "$dir/time"
  python3 - "$log" "$dir/out" "$t0" "$t1" "$kb" "$user" "$sys" <<'PY'
import json, os, sys
log, out, t0, t1, kb, user, sys_ = sys.argv[1:8]
mib = os.path.getsize(log) / 1048576
secs = (int(t1) - int(t0)) / 1e9
t = json.load(open(out))
print(f"{mib:6.1f} MiB: {secs:.2f} s, {mib / secs:4.0f} MiB/s, CPU {float(user) + float(sys_):.2f} s, "
      f"peak RSS {int(kb) // 1024} MiB; {t['messages_seen']} messages and {t['calls_seen']} calls seen, "
      f"{len(t['calls'])} calls kept")
PY
done
