#!/usr/bin/env bash
# Selector-extraction throughput: millwatch-extract beside the Python IOC extractors
# (iocextract, ioc-finder, iocsearcher; installed from PyPI into bench/.venv) and ripgrep
# searching one URL regex (the scanning ceiling). Not part of CI.
#
#   bench/extract/run.sh [SIZE_MB]      (default 200)
#
# The corpus is the demo generator's narratives (`millwatch_synth::corpus_texts(1)`, written
# by the gen_synth example).
# Python peers run on a PEER_KB (default 100) KB slice of the same bytes (on this selector-dense
# text iocextract needs minutes for 1 MB);
# millwatch and ripgrep run on the whole corpus, pinned to one core. Prints MB/s and ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=${1:-200}
out=bench/out/extract
mkdir -p "$out"

target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p millwatch-extract --example scan --example gen_synth
scan=$target/release/examples/scan
corpus="$out/corpus-${size_mb}mb.txt"
if [ ! -s "$corpus" ]; then
  echo "generating ${size_mb} MB of millwatch_synth::corpus_texts(1) with the gen_synth example" >&2
  "$target/release/examples/gen_synth" "$size_mb" 1 > "$corpus"
fi
bytes=$(stat -c %s "$corpus")
peer_kb=${PEER_KB:-100}
head -c $((peer_kb * 1024)) "$corpus" > "$out/slice.txt"

pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi

seconds() { # command... -> wall seconds of the fastest of three runs
  local best=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$@" > /dev/null
    e=$(date +%s.%N)
    best=$(python3 -c "import sys; a=float(sys.argv[1]); b=sys.argv[2]; print(a if b=='' or a<float(b) else b)" "$(echo "$e - $s" | bc -l)" "$best")
  done
  echo "$best"
}

mw_secs=$(seconds "${pin[@]}" "$scan" --quiet "$corpus" 2>/dev/null)
mw_count=$("$scan" "$corpus" 2>/dev/null | wc -l)

echo "millwatch-extract: $bytes bytes in $mw_secs s ($mw_count selectors)" >&2
rg_secs=""
if ! command -v rg >/dev/null; then
  (apt-get install -y ripgrep >/dev/null 2>&1 || true)
fi
if command -v rg >/dev/null; then
  rg_secs=$(seconds "${pin[@]}" rg -j1 -c 'https?://[^\s]+' "$corpus")
  echo "ripgrep: $bytes bytes in $rg_secs s" >&2
fi

# Python peers in their own environment.
venv=bench/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip >&2 || true
fi
"$venv/bin/pip" install -q iocextract requests ioc-finder iocsearcher >&2 || echo "warning: some peers failed to install" >&2

peer_py=$(cat <<'PY'
import json, sys, time
name, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8", errors="replace").read()
try:
    if name == "iocextract":
        import iocextract
        run = lambda: list(iocextract.extract_iocs(text, refang=True))
    elif name == "ioc-finder":
        from ioc_finder import find_iocs
        run = lambda: [v for vs in find_iocs(text).values() for v in (vs if isinstance(vs, list) else [vs])]
    else:
        from iocsearcher.searcher import Searcher
        searcher = Searcher()
        run = lambda: list(searcher.search_data(text))
except Exception as e:  # not installed or broken: report and go on
    print(json.dumps({"error": str(e)}))
    sys.exit(0)
best, n = None, 0
for _ in range(1):
    s = time.perf_counter()
    found = run()
    d = time.perf_counter() - s
    best = d if best is None or d < best else best
    n = len(found)
print(json.dumps({"seconds": best, "count": n, "bytes": len(text.encode("utf-8"))}))
PY
)

declare -A peer_mbs
for peer in iocextract ioc-finder iocsearcher; do
  res=$("${pin[@]}" "$venv/bin/python" -c "$peer_py" "$peer" "$out/slice.txt" 2>/dev/null || echo '{"error":"crashed"}')
  peer_mbs[$peer]=$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("" if "error" in r else r["bytes"]/1e6/r["seconds"])' "$res")
  echo "$peer: $res" >&2
done

python3 - "$bytes" "$mw_secs" "$mw_count" "${rg_secs:-}" "${peer_mbs[iocextract]}" "${peer_mbs[ioc-finder]}" "${peer_mbs[iocsearcher]}" <<'PY'
import sys
b, mw, count, rg, *peers = sys.argv[1:]
b = int(b); mw = float(mw)
mw_mbs = b / 1e6 / mw
print(f"corpus: {b/1e6:.0f} MB")
print(f"millwatch-extract (all kinds, one core): {mw_mbs:8.1f} MB/s  ({count} selectors)")
if rg:
    rg_mbs = b / 1e6 / float(rg)
    print(f"ripgrep, one URL regex (one core):       {rg_mbs:8.1f} MB/s  -> millwatch is {mw_mbs/rg_mbs:.3f} of ripgrep")
for name, v in zip(["iocextract", "ioc-finder", "iocsearcher"], peers):
    if v:
        v = float(v)
        print(f"{name:<40} {v:8.2f} MB/s  -> millwatch is {mw_mbs/v:,.0f}x")
    else:
        print(f"{name:<40} not available")
PY

# Hostile text: long runs of one separator-free alphabet must scan in linear time (no
# quadratic re-scans). 10 and HOSTILE_MB MB of each; the two rates should match.
hostile_mb=${HOSTILE_MB:-100}
for alpha in digits dots ats base58; do
  for mb in 10 "$hostile_mb"; do
    f="$out/hostile-$alpha-${mb}mb.txt"
    [ -s "$f" ] || python3 - "$alpha" "$mb" "$f" <<'PY'
import random, sys
alpha, mb, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
chars = {"digits": "0123456789", "dots": ".", "ats": "@",
         "base58": "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"}[alpha]
r = random.Random(1)
block = "".join(r.choice(chars) for _ in range(1 << 20)).encode()
with open(path, "wb") as f:
    for _ in range(mb):
        f.write(block)
PY
    s=$(date +%s.%N)
    "${pin[@]}" "$scan" --quiet "$f" 2>/dev/null
    e=$(date +%s.%N)
    python3 -c "import sys; print(f'hostile {sys.argv[1]:<7} {int(sys.argv[2]):>4} MB: {int(sys.argv[2])*1.048576/float(sys.argv[3]):8.1f} MB/s')" "$alpha" "$mb" "$(echo "$e - $s" | bc -l)"
  done
done
