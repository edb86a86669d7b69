#!/usr/bin/env bash
# Ingest on the sample files other parsers' authors ship with their tests: our records
# compared with what those projects' own tests expect (message counts, senders, times,
# decoded subjects and texts). Not part of CI; nothing of theirs is kept in this repository:
# their files are read from clones you point at, copied into bench/out/peer-corpora, and
# only counts and mismatches are printed.
#
#   CHATMINER_SRC=… WHATSTK_SRC=… WAPARSER_SRC=… STALWART_MAIL_SRC=… MIKEL_MAIL_SRC=… \
#   SPAMSCOPE_SRC=… bench/ingest/peer_corpora.sh [--verbose]
#
# Each variable names a clone (a work tree or a bare git directory) of:
#   CHATMINER_SRC      github.com/joweich/chat-miner         WhatsApp (5 locales) and Telegram
#   WHATSTK_SRC        github.com/lucasrodes/whatstk         WhatsApp chats with known sizes
#   WAPARSER_SRC       github.com/Pustur/whatsapp-chat-parser (no files: its line formats
#                      are checked by our own fixtures; listed for reference only)
#   STALWART_MAIL_SRC  github.com/stalwartlabs/mail-parser   ~200 .eml with expected parses
#   MIKEL_MAIL_SRC     github.com/mikel/mail                 real-world .eml fixtures
#   SPAMSCOPE_SRC      github.com/SpamScope/mail-parser      real spam/phishing .eml
# A variable left unset skips that corpus. How expectations are read and compared:
# bench/ingest/peer_corpora.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out/peer-corpora
rm -rf "$out" && mkdir -p "$out"

target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p millwatch-ingest --example dump
dump=$target/release/examples/dump

# Copies the files under $2 of the clone $1 into $3 (a bare git directory is read at HEAD).
extract() {
  local src=$1 sub=$2 dest=$3
  mkdir -p "$dest"
  if [ -d "$src/$sub" ]; then
    (cd "$src" && tar -c "$sub") | tar -x -C "$dest"
  else
    git --git-dir="$src" archive HEAD "$sub" | tar -x -C "$dest"
  fi
}

args=(--dump "$dump" --work "$out")
for pair in CHATMINER_SRC:test WHATSTK_SRC:chats STALWART_MAIL_SRC:resources/eml \
  MIKEL_MAIL_SRC:spec/fixtures/emails SPAMSCOPE_SRC:tests/mails; do
  var=${pair%%:*} sub=${pair#*:}
  if [ -n "${!var:-}" ]; then
    extract "${!var}" "$sub" "$out/$var"
    args+=("--$(echo "$var" | tr 'A-Z_' 'a-z-')" "$out/$var/$sub")
  else
    echo "skipped: $var not set" >&2
  fi
done
python3 bench/ingest/peer_corpora.py "${args[@]}" "$@"
