#!/usr/bin/env bash
# Writes the checksum lists of every file built from the bundled sample and from
# tests/fixtures/editions (tests/checksums/*.sha256), which tests/checksums.rs compares
# each build against. Run it when a change to the output is intended, and review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
# The release build, as scripts/test.sh makes it: a debug build of Typst takes some 25 GB.
cargo build --quiet --release --bin rapport
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p tests/checksums
list() { (cd "$1" && find . -type f ! -name .rapport-output -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum); }
target/release/rapport build --output "$work/sample" >/dev/null
list "$work/sample" > tests/checksums/sample.sha256
target/release/rapport build --root tests/fixtures/editions --output "$work/editions" >/dev/null
list "$work/editions" > tests/checksums/editions.sha256
wc -l tests/checksums/*.sha256
