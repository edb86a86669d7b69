#!/usr/bin/env bash
# End to end on a generated world: ingest (parsing, extraction, text index), linking and
# listing every operation, each step timed (wall, CPU, peak RSS). Not part of CI.
#
#   bench/end_to_end.sh [OPERATIONS] [SHAPE] [SEED]     (default 20000 regular 1)
#
# Accuracy on the same kind of world: cargo run --release -p millwatch-pipeline
# --example link_eval -- SHAPE OPERATIONS SEED
set -euo pipefail
cd "$(dirname "$0")/.."
ops=${1:-20000}
shape=${2:-regular}
seed=${3:-1}
out=bench/out
mkdir -p "$out"
cargo build --release -q -p millwatch-cli
bin=${CARGO_TARGET_DIR:-target}/release/millwatch
world="$out/e2e-$shape-$ops-$seed"
if [ ! -d "$world/corpus" ]; then
  "$bin" generate --out "$world" --shape "$shape" --operations "$ops" --seed "$seed" >&2
fi
case_db="$out/e2e.db"
rm -f "$case_db" "$case_db"-*
step() { # name, then the command
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$out/e2e-$name.time" "$@" > "$out/e2e-$name.out" 2> "$out/e2e-$name.err"
  read -r wall user sys kb < "$out/e2e-$name.time"
  printf '%-10s %7.1f s wall %7.1f s CPU %6d MB peak\n' "$name" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" $((kb / 1024))
}
echo "world: $(du -sh "$world/corpus" | cut -f1) in $(find "$world/corpus" -type f | wc -l) files, load $(cut -d' ' -f1-3 /proc/loadavg)"
step ingest "$bin" --case "$case_db" --quiet ingest --no-link "$world/corpus"
step link "$bin" --case "$case_db" --quiet link
step list "$bin" --case "$case_db" --json operations --limit 100000000
echo "operations listed: $(wc -l < "$out/e2e-list.out")"
