#!/usr/bin/env bash
# Web benchmark: `millwatch serve` beside Datasette on the same records, in one run, with
# wrk on loopback. Not part of CI.
#
#   bench/web.sh [SIZE_MB] [SECONDS]   (default 615 MB ≈ 1,000,000 records; 10 s a URL)
#   CONNECTIONS=4 bench/web.sh ...      (wrk's open connections; default 16)
#
# Generates a regular world, ingests (and links) it into a case, copies the records into
# a plain SQLite file with an FTS5 index for Datasette (installed into bench/.venv), then
# measures requests/s and p50/p99 latency for full-text searches (millwatch /api/search,
# Datasette /ds/records.json?_search=) and for millwatch's operation pages.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-615}
secs=${2:-10}
connections=${CONNECTIONS:-16}
out=bench/out
mkdir -p "$out"
command -v wrk > /dev/null || apt-get install -y wrk > /dev/null
if [ ! -x bench/.venv/bin/datasette ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q datasette
fi
cargo build --release -q -p millwatch-cli
bin=${CARGO_TARGET_DIR:-target}/release/millwatch
world="$out/world-regular-${size_mb}mb"
if [ ! -d "$world/corpus" ]; then
  echo "generating a ${size_mb} MB regular world in $world" >&2
  "$bin" generate --shape regular --out "$world" --megabytes "$size_mb" --seed 1 --quiet >&2
fi
case="$out/web-${size_mb}mb.db"
if [ ! -f "$case" ]; then
  echo "ingesting (and linking) into $case" >&2
  /usr/bin/time -f "ingest+link: %e s, peak %M KB" "$bin" --case "$case" --quiet ingest "$world/corpus" 2>&1 \
    | grep -v '^warning' >&2 || true
fi
ds="$out/ds-${size_mb}mb.db"
if [ ! -f "$ds" ]; then
  echo "copying the records into $ds with an FTS5 index for Datasette" >&2
  python3 - "$case" "$ds" <<'PY'
import sqlite3, sys
src, dst = sys.argv[1], sys.argv[2]
d = sqlite3.connect(dst)
d.execute(f"ATTACH DATABASE 'file:{src}?mode=ro' AS mw")
d.executescript("""
CREATE TABLE records (id INTEGER PRIMARY KEY, kind TEXT, time TEXT, title TEXT, text TEXT);
INSERT INTO records SELECT id, kind, time, title, text FROM mw.records;
CREATE VIRTUAL TABLE records_fts USING fts5(title, text, content='records', content_rowid='id');
INSERT INTO records_fts (rowid, title, text) SELECT id, title, text FROM records;
""")
d.commit()
PY
fi

# Query words: words of middling frequency in a sample of records, and one phone selector.
mapfile -t words < <(python3 - "$case" <<'PY'
import collections, re, sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
n = c.execute("SELECT count(*) FROM records").fetchone()[0]
count = collections.Counter()
for (t,) in c.execute("SELECT text FROM records WHERE id % 97 = 0 LIMIT 5000"):
    count.update(set(w.lower() for w in re.findall(r"[A-Za-z]{6,}", t or "")))
ranked = [w for w, _ in count.most_common()]
for r in (5, 40, 200):
    if r < len(ranked):
        print(ranked[r])
PY
)
records=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from records').fetchone()[0])" "$ds")
mapfile -t ops < <(python3 - "$case" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = c.execute("SELECT label FROM operations WHERE size >= 2 ORDER BY size DESC").fetchall()
for i in (0, len(rows) // 2):
    if i < len(rows):
        print(rows[i][0])
PY
)
echo "records: $records; search words: ${words[*]}; operations: ${ops[*]}" >&2

mw_port=18791
ds_port=18792
"$bin" serve --quiet --addr "127.0.0.1:$mw_port" --case "$case" &
mw_pid=$!
bench/.venv/bin/datasette serve "$ds" --port "$ds_port" --host 127.0.0.1 \
  --setting sql_time_limit_ms 10000 > "$out/datasette.log" 2>&1 &
ds_pid=$!
trap 'kill $mw_pid $ds_pid 2> /dev/null || true' EXIT
for port in $mw_port $ds_port; do
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.2
  done
done

results="$out/web-results.tsv"
: > "$results"
measure() { # name, url[, seconds]: one wrk run; appends "name rps p50_ms p99_ms errors"
  local name=$1 url=$2 run=${3:-$secs}
  curl -s -o /dev/null -w "%{http_code}" "$url" | grep -q '^200$' || { echo "$name: $url does not answer 200" >&2; return 1; }
  wrk -t2 -c"$connections" -d"${run}s" --timeout 30s --latency "$url" > "$out/wrk-$name.txt"
  python3 - "$name" "$out/wrk-$name.txt" >> "$results" <<'PY'
import re, sys
name, path = sys.argv[1], sys.argv[2]
t = open(path).read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    x = float(m.group(1))
    return x / 1000 if m.group(2) == "us" else x * 1000 if m.group(2) == "s" else x
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
err = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{name}\t{rps:.1f}\t{p50:.2f}\t{p99:.2f}\t{err.group(1) if err else 0}")
PY
}
for w in "${words[@]}"; do
  measure "millwatch-search-$w" "http://127.0.0.1:$mw_port/api/search?q=$w"
  # Datasette's searches take seconds each: run long enough for some to finish.
  measure "datasette-search-$w" "http://127.0.0.1:$ds_port/ds-${size_mb}mb/records.json?_search=$w&_size=50" $((secs > 30 ? secs : 30))
done
for o in "${ops[@]}"; do
  measure "millwatch-operation-$o" "http://127.0.0.1:$mw_port/operation/$o"
done
# The largest operation's members and selectors paged far in.
measure "millwatch-operation-${ops[0]}-paged" "http://127.0.0.1:$mw_port/operation/${ops[0]}?members=1000&selectors=1000"
measure "millwatch-api-operation-${ops[0]}" "http://127.0.0.1:$mw_port/api/operation/${ops[0]}?limit=100&selectors_limit=100"
measure "millwatch-operations-list" "http://127.0.0.1:$mw_port/operations"

python3 - "$results" "$records" "$connections" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print(f"records: {int(sys.argv[2]):,}; wrk: 2 threads, {sys.argv[3]} connections")
print(f"{'url':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
for name, rps, p50, p99, err in rows:
    print(f"{name:<44} {rps:>8} {p50:>8} {p99:>8} {err:>8}")
mw = [float(r[1]) for r in rows if r[0].startswith("millwatch-search")]
ds = [float(r[1]) for r in rows if r[0].startswith("datasette-search")]
if mw and ds and sum(ds) > 0:
    print(f"search req/s, millwatch / datasette (mean over words): {sum(mw)/len(mw):.1f} / {sum(ds)/len(ds):.2f} = {sum(mw)/sum(ds):.1f}x")
elif mw and ds:
    print("datasette finished no search within the run: no ratio")
PY
