#!/usr/bin/env bash
# The project's one test command, run from anywhere (it moves to the repository root):
#   0. installing the PDF tools the Rust tests read PDFs with, when missing
#      (scripts/ensure-pdf-tools.sh: qpdf, poppler-utils);
#   0b. making the virtual environment tests/xliff.rs reads XLIFF with, when missing
#      (scripts/ensure-xliff-reader.sh: translate-toolkit from PyPI in target/xliff-reader);
#   1. the Rust tests (cargo test --release --features fault-injection);
#   2. building the sample site into output/, with its PDFs (cargo run --release -- build);
#   3. installing what the browser tests need, when missing (scripts/ensure-browser-deps.sh);
#   4. the real-browser suite on output/ (npm test --prefix tests/browser): axe-core at
#      1280 and 320 px, reflow, keyboard focus, languages, screenshots, Nu Html Checker;
#   5. the same suite on a three-edition fixture (archived editions, trend pages);
#   6. the same suite on the three-language fixture (French, English, Spanish);
#   7. the same suite on the six-language fixture (Arabic right to left, Chinese, English,
#      French, Russian, Spanish), without PDFs (tests/pdf_languages.rs makes those);
#   8. the benchmark at a small size, as a regression guard that prints figures only.
# Screenshots land in target/browser-artifacts/.
set -euo pipefail

cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*" >&2; }

step "PDF tools for the Rust tests: scripts/ensure-pdf-tools.sh"
bash scripts/ensure-pdf-tools.sh

step "XLIFF reader for the Rust tests (translate-toolkit in target/xliff-reader): scripts/ensure-xliff-reader.sh"
bash scripts/ensure-xliff-reader.sh

step "Rust tests: cargo test --release --features fault-injection"
cargo test --release --features fault-injection

step "Building the site into output/: cargo run --release -- build"
cargo run --release -- build

step "Browser test dependencies: scripts/ensure-browser-deps.sh"
bash scripts/ensure-browser-deps.sh

step "Browser suite on output/: npm test --prefix tests/browser (screenshots in target/browser-artifacts/)"
npm test --prefix tests/browser

step "Browser suite on a three-edition site (archived notices, trend pages): tests/fixtures/editions"
rm -rf target/editions-site
cargo run --release -- build --root tests/fixtures/editions --output target/editions-site
RAPPORT_SITE="$PWD/target/editions-site" RAPPORT_LANGUAGES=fr,en RAPPORT_ARTIFACTS="$PWD/target/browser-artifacts-editions" npm test --prefix tests/browser

step "Browser suite on the three-language fixture (fr, en, es): tests/fixtures/trilingual"
rm -rf target/trilingual-site
cargo run --release -- build --root tests/fixtures/trilingual --output target/trilingual-site
RAPPORT_SITE="$PWD/target/trilingual-site" RAPPORT_LANGUAGES=fr,en,es RAPPORT_ARTIFACTS="$PWD/target/browser-artifacts-trilingual" npm test --prefix tests/browser

step "Browser suite on the six-language fixture (ar right to left, zh, en, fr, ru, es): tests/fixtures/six"
# Without PDFs: the Chinese PDF needs a CJK font in the project's fonts/, which
# tests/pdf_languages.rs adds; the six PDFs are tested there.
rm -rf target/six-site
cargo run --release -- build --no-pdf --root tests/fixtures/six --output target/six-site
RAPPORT_SITE="$PWD/target/six-site" RAPPORT_LANGUAGES=ar,zh,en,fr,ru,es RAPPORT_ARTIFACTS="$PWD/target/browser-artifacts-six" npm test --prefix tests/browser

step "Benchmark at a small size (prints figures, asserts no times): bash benches/run.sh --quick"
bash benches/run.sh --quick

step "All tests passed"
