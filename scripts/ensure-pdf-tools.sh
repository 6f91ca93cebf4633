#!/usr/bin/env bash
# Makes sure the PDF tests (tests/pdf_engine.rs, tests/pdf_build.rs) can read the PDFs they
# make, installing only what is missing, from Debian:
#   - qpdf (package qpdf): `qpdf --check`, and the PDF's objects as JSON;
#   - pdftotext, pdfinfo, pdffonts, pdftoppm (package poppler-utils);
#   - Noto Sans CJK (package fonts-noto-cjk), the font tests/pdf_languages.rs adds to a
#     Chinese report's fonts/ folder, as a project would.
# Idempotent: a second run does nothing but say so. Needs root for apt-get; without root it
# fails, saying what to install.
set -euo pipefail

say() { printf 'ensure-pdf-tools: %s\n' "$*" >&2; }
# shellcheck source=lib/apt.sh
source "$(dirname "$0")/lib/apt.sh"

missing=()
if command -v qpdf >/dev/null 2>&1; then
  say "qpdf present: $(qpdf --version 2>/dev/null | head -n 1)"
else
  say "qpdf missing"
  missing+=(qpdf)
fi
if command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 \
  && command -v pdffonts >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
  say "poppler-utils present: $(pdftotext -v 2>&1 | head -n 1)"
else
  say "poppler-utils missing (pdftotext, pdfinfo, pdffonts, pdftoppm)"
  missing+=(poppler-utils)
fi
if [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
  say "Noto Sans CJK present"
else
  say "Noto Sans CJK missing (the Chinese PDF test)"
  missing+=(fonts-noto-cjk)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  say "PDF tools ready"
  exit 0
fi
apt_install "${missing[@]}"
command -v qpdf >/dev/null 2>&1 || { say "ERROR: qpdf still missing after installing qpdf"; exit 1; }
command -v pdftotext >/dev/null 2>&1 || { say "ERROR: pdftotext still missing after installing poppler-utils"; exit 1; }
say "installed: ${missing[*]}"
