#!/usr/bin/env bash
# rapport's benchmark (see docs/performance.md), run from anywhere:
#   bash benches/run.sh            1,000 / 10,000 / 50,000 pages against Hugo and the floor
#   bash benches/run.sh --quick    200 pages, one build each: the CI regression guard
# Other options go to the harness: bash benches/run.sh --sizes 10000 --runs 5 --report FILE
# (`target/release/examples/bench run --help` lists them). It prints figures and asserts
# none: a slow machine does not fail it, a broken build or harness does.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin rapport --example bench
exec target/release/examples/bench run --rapport target/release/rapport --sample . "$@"
