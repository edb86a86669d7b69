#!/usr/bin/env bash
# Accuracy on the test cases other extractors' authors wrote: millwatch-extract (and, with
# --peers, iocsearcher, iocextract and ioc-finder themselves) scored on the expectations of
# ioc-finder's, iocextract's and iocsearcher's own tests. Not part of CI; nothing of theirs is
# kept in this repository.
#
#   bench/extract/peer_cases.sh [--peers] [--misses N]
#
# Downloads the three sdists from PyPI into bench/out/peer-cases (ioc-finder's carries its
# tests/) and installs the peers into bench/.venv. iocextract's and iocsearcher's sdists carry
# no tests: point IOCEXTRACT_SRC / IOCSEARCHER_SRC at a clone of
# github.com/InQuest/python-iocextract / github.com/malicialab/iocsearcher (a work tree or a
# bare git directory); without them those cases are skipped. How cases become items and how
# values are compared: bench/extract/peer_cases.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out/peer-cases
mkdir -p "$out/sdist"

target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p millwatch-cli
bin=$target/release/millwatch

venv=bench/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip >&2 || true
fi
"$venv/bin/pip" install -q iocextract requests ioc-finder iocsearcher >&2 || echo "warning: some peers failed to install" >&2

if ! ls "$out"/sdist/ioc_finder-*.tar.gz >/dev/null 2>&1; then
  "$venv/bin/pip" download -q --no-binary :all: --no-deps -d "$out/sdist" ioc-finder iocextract iocsearcher >&2
fi
for f in "$out"/sdist/*.tar.gz; do
  tar -xzf "$f" -C "$out/sdist"
done
iocf_tests=$(ls -d "$out"/sdist/ioc_finder-*/tests | sort -V | tail -1)

args=(--millwatch "$bin" --ioc-finder-tests "$iocf_tests" --work "$out")
if [ -n "${IOCEXTRACT_SRC:-}" ]; then
  args+=(--iocextract-src "$IOCEXTRACT_SRC")
else
  echo "IOCEXTRACT_SRC not set: iocextract's tests (not in its sdist) are skipped" >&2
fi
if [ -n "${IOCSEARCHER_SRC:-}" ]; then
  args+=(--iocsearcher-src "$IOCSEARCHER_SRC")
else
  echo "IOCSEARCHER_SRC not set: iocsearcher's tests (not in its sdist) are skipped" >&2
fi
if [ -n "${MSTICPY_SRC:-}" ]; then args+=(--msticpy-src "$MSTICPY_SRC"); fi
if [ -n "${IOC_EXTRACTOR_SRC:-}" ]; then
  if command -v node >/dev/null; then args+=(--ioc-extractor-src "$IOC_EXTRACTOR_SRC"); else echo "node not found: ioc-extractor's specs are skipped" >&2; fi
fi
if [ -n "${IOC_FANGER_SRC:-}" ]; then args+=(--ioc-fanger-src "$IOC_FANGER_SRC"); fi
exec "$venv/bin/python" bench/extract/peer_cases.py "${args[@]}" "$@"
