#!/usr/bin/env bash
# Makes sure the browser test suite (tests/browser) can run, installing only what is missing:
#   - Debian's Chromium (/usr/bin/chromium, package chromium); never a browser download;
#   - a Java runtime for the Nu Html Checker (package default-jre-headless);
#   - Debian's Noto fonts for Arabic and for Chinese, Japanese and Korean (fonts-noto-core,
#     fonts-noto-cjk), so that the browser draws those scripts rather than empty boxes;
#   - the suite's npm packages (npm ci in tests/browser), when node_modules is missing or
#     older than package-lock.json.
# Idempotent: a second run does nothing but say so. Needs root for apt-get; without root it
# fails, saying what to install.
set -euo pipefail

cd "$(dirname "$0")/.."
say() { printf 'ensure-browser-deps: %s\n' "$*" >&2; }
# shellcheck source=lib/apt.sh
source scripts/lib/apt.sh

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
if [ -x "$CHROMIUM" ]; then
  say "Chromium present: $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
else
  say "Chromium missing at $CHROMIUM"
  missing+=(chromium)
fi
if command -v java >/dev/null 2>&1; then
  say "Java present: $(java -version 2>&1 | head -n 1)"
else
  say "Java runtime missing (needed by the Nu Html Checker)"
  missing+=(default-jre-headless)
fi
# Debian's Noto packages, checked by a file each ships.
if [ -e /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ]; then
  say "Noto Sans Arabic present"
else
  say "Noto Sans Arabic missing (Arabic pages)"
  missing+=(fonts-noto-core)
fi
if [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
  say "Noto Sans CJK present"
else
  say "Noto Sans CJK missing (Chinese pages)"
  missing+=(fonts-noto-cjk)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
  if [ ! -x "$CHROMIUM" ]; then
    say "ERROR: $CHROMIUM still missing after installing chromium"
    exit 1
  fi
  command -v java >/dev/null 2>&1 || { say "ERROR: java still missing after installing default-jre-headless"; exit 1; }
  say "installed: ${missing[*]}"
fi

if ! command -v npm >/dev/null 2>&1; then
  say "ERROR: npm not found: install Node.js 20+ and npm"
  exit 1
fi
cd tests/browser
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing the suite's npm packages: npm ci in tests/browser"
  npm ci --no-audit --no-fund >&2
else
  say "npm packages up to date in tests/browser/node_modules"
fi
say "browser test dependencies ready"
