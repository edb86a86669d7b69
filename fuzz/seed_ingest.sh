#!/usr/bin/env bash
# Seeds the ingest fuzz corpora from the ingest test fixtures: each fixture, prefixed with the
# byte that makes `ingest_parse` read it as its format. Corpora are not committed.
set -euo pipefail
cd "$(dirname "$0")"
fx=../crates/millwatch-ingest/tests/fixtures
mkdir -p corpus/ingest_parse corpus/ingest_detect_decode
# Format index as in fuzz_targets/ingest_parse.rs: Text Csv Tsv Jsonl Eml Mbox Html Telegram WhatsApp.
seed() { # seed INDEX FILE
  local out
  out="corpus/ingest_parse/$1-$(basename "$2" | tr -c 'A-Za-z0-9._-' _)"
  { printf "\\x$(printf %02x "$1")"; cat "$2"; } > "$out"
  { printf '\x00'; cat "$2"; } > "corpus/ingest_detect_decode/$(basename "$out")"
}
for f in "$fx"/text/*; do seed 0 "$f"; done
for f in "$fx"/csv/*.csv; do seed 1 "$f"; done
for f in "$fx"/csv/*.tsv; do seed 2 "$f"; done
for f in "$fx"/jsonl/*; do seed 3 "$f"; done
for f in "$fx"/email/*.eml; do seed 4 "$f"; done
for f in "$fx"/email/*.mbox; do seed 5 "$f"; done
for f in "$fx"/html/*; do seed 6 "$f"; done
for f in "$fx"/telegram/*; do seed 7 "$f"; done
for f in "$fx"/whatsapp/*; do seed 8 "$f"; done
ls corpus/ingest_parse | wc -l
