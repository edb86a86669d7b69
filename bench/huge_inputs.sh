#!/usr/bin/env bash
# Pathological and huge inputs, generated on the fly (never committed): each is ingested by
# the release binary and must end with success or a clear error, in bounded memory, never a
# hang or a panic. Prints seconds, peak RSS and the outcome for each. Not part of CI.
#
#   bench/huge_inputs.sh [SCALE_MB]     (default 500: the size of the big CSV and JSON; the
#                                        mbox is twice that)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-500}
# MILLWATCH_BIN: a release binary already built (skips the build).
if [ -z "${MILLWATCH_BIN:-}" ]; then
  cargo build --release -q -p millwatch-cli
fi
bin=${MILLWATCH_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/millwatch}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$mb" <<'PY'
import os, sys, random
work, mb = sys.argv[1], int(sys.argv[2])
random.seed(1)
row = 'R-{i},2024-03-05,KH,+855 12 345 {p:03d},TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a,"I was told to pay {i} USDT on bitget-pro.icu; she said her name was Anna"\n'
with open(f"{work}/big.csv", "w") as f:
    f.write("id,date,country,phone,wallet,narrative\n")
    size, i = 0, 0
    while size < mb * 1_000_000:
        line = row.format(i=i, p=i % 1000)
        f.write(line); size += len(line); i += 1
# One JSON array on a single line.
with open(f"{work}/one_line.json", "w") as f:
    f.write("[")
    size, i = 0, 0
    while size < mb * 1_000_000:
        item = '{"id":"J-%d","narrative":"paid %d USDT to TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a"},' % (i, i)
        f.write(item); size += len(item); i += 1
    f.write('{"id":"end"}]')
# A 100 MB line in a text file and in a CSV cell.
with open(f"{work}/long_line.txt", "w") as f:
    f.write("a" * 100_000_000 + "\nshort line after it +855 12 345 678\n")
with open(f"{work}/long_cell.csv", "w") as f:
    f.write("id,narrative\nA,ok\nB," + "x" * 100_000_000 + "\nC,fine\n")
# Deeply nested JSON and binary junk named as text.
with open(f"{work}/deep.json", "w") as f:
    f.write("[" * 1_000_000 + "]" * 1_000_000)
for name in ("junk.txt", "junk.csv", "junk.json", "junk.eml"):
    with open(f"{work}/{name}", "wb") as f:
        f.write(os.urandom(50_000_000))
# An mbox of mb*2 MB: small messages, some with From_ lines quoted (">From ") in the body.
with open(f"{work}/big.mbox", "w") as f:
    size, i = 0, 0
    while size < 2 * mb * 1_000_000:
        m = ("From agent%d@example.com Tue Mar  5 10:00:00 2024\nFrom: Agent <agent%d@example.com>\n"
             "To: v@example.org\nSubject: =?UTF-8?B?5bel5L2c5py65Lya?= %d\nMessage-ID: <m%d@x>\n"
             "Content-Type: text/plain; charset=utf-8\n\nPay %d USDT to TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a\n"
             ">From the office: call +855 12 345 678\n\n") % (i, i, i, i, i)
        f.write(m); size += len(m); i += 1
# A Telegram export whose one message carries 100k-deep nested JSON as its text.
with open(f"{work}/tg_deep.json", "w") as f:
    f.write('{"name":"Chat","type":"personal_chat","id":1,"messages":[')
    f.write('{"id":1,"type":"message","date":"2024-03-05T10:00:00","from":"A","from_id":"user1","text":"hello"},')
    f.write('{"id":2,"type":"message","date":"2024-03-05T10:00:00","from":"A","from_id":"user1","text":' + "[" * 100_000 + '"x"' + "]" * 100_000 + "},")
    f.write('{"id":3,"type":"message","date":"2024-03-05T10:00:00","from":"A","from_id":"user1","text":"bye"}]}')
PY

printf '%-16s %10s %8s %10s  %s\n' input MB seconds "peak MB" outcome
for f in big.csv one_line.json big.mbox long_line.txt long_cell.csv deep.json tg_deep.json junk.txt junk.csv junk.json junk.eml; do
  rm -f "$work"/case.db*
  size=$(stat -c %s "$work/$f")
  set +e
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --case "$work/case.db" --json -q ingest --no-link "$work/$f" > "$work/out" 2> "$work/err"
  code=$?
  set -e
  read -r secs kb < <(tail -n1 "$work/time")
  outcome=$(python3 -c '
import json,sys
lines=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
f=[l for l in lines if l.get("type")=="file"]
s=[l for l in lines if l.get("type")=="summary"]
if f:
    x=f[0]; print(x["outcome"], x["records"], "records", x.get("skipped",0), "skipped", (x.get("reason") or "")[:60])
else:
    print("no output")' "$work/out")
  printf '%-16s %10.0f %8.1f %10.0f  exit %s: %s\n' "$f" "$(echo "$size/1000000" | bc -l)" "$secs" "$(echo "$kb/1024" | bc -l)" "$code" "$outcome"
done
