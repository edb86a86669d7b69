#!/usr/bin/env bash
# Ingest benchmark: millwatch beside a plain Python + SQLite FTS5 loader, on the same
# generated corpus, in one run. Not part of CI.
#
#   bench/ingest.sh [SIZE_MB]      (default 1024)
#
# Prints records/s, MB/s, peak RSS and case size relative to the input for both.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
out=bench/out
mkdir -p "$out"
cargo build --release -q -p millwatch-cli
bin=${CARGO_TARGET_DIR:-target}/release/millwatch
world="$out/world-${size_mb}mb"
corpus="$world/corpus"   # the files; the generator's truth is beside it, not ingested
if [ ! -d "$corpus" ]; then
  echo "generating a ${size_mb} MB corpus in $corpus" >&2
  "$bin" generate --out "$world" --megabytes "$size_mb" --seed 1 >&2
fi
input_bytes=$(du -sb "$corpus" | cut -f1)

measure() { # name, then the command; prints "seconds peak_kb"
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" > "$out/$name.stdout" 2> "$out/$name.stderr"
  cat "$out/$name.time"
}

rm -f "$out"/mw.db "$out"/mw.db-*
# Ingest as the peer does it (store, text index, and our selector extraction); linking,
# which the peer has no counterpart for, is timed apart below.
read -r mw_secs mw_kb < <(measure millwatch "$bin" --case "$out/mw.db" --json --quiet ingest --no-link "$corpus" || true)
read -r link_secs link_kb < <(measure link "$bin" --case "$out/mw.db" --json --quiet link || true)
mw_records=$(grep '"type":"summary"' "$out/millwatch.stdout" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
mw_size=$(du -cb "$out"/mw.db* | tail -n1 | cut -f1)

read -r py_secs py_kb < <(measure python python3 bench/ingest_peer.py "$out/py.db" "$corpus")
py_records=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' "$out/python.stdout")
py_size=$(du -cb "$out"/py.db* | tail -n1 | cut -f1)

python3 - "$input_bytes" "$mw_secs" "$mw_kb" "$mw_records" "$mw_size" "$py_secs" "$py_kb" "$py_records" "$py_size" <<'PY'
import sys
b, ms, mk, mr, mz, ps, pk, pr, pz = sys.argv[1:]
b = int(b)
rows = [("millwatch", float(ms), int(mk), int(mr), int(mz)), ("python+fts5", float(ps), int(pk), int(pr), int(pz))]
print(f"input: {b/1e6:.0f} MB")
print(f"{'tool':<12} {'seconds':>8} {'MB/s':>7} {'records/s':>10} {'peak RSS MB':>11} {'case/input':>10}")
for name, s, kb, r, z in rows:
    print(f"{name:<12} {s:>8.1f} {b/1e6/s:>7.1f} {r/s:>10.0f} {kb/1024:>11.0f} {z/b:>10.2f}")
print(f"speed ratio millwatch/python: {float(ps)/float(ms):.2f}x")
PY
echo "millwatch link (after ingest): ${link_secs} s, peak RSS $((link_kb / 1024)) MB"
