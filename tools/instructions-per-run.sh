#!/usr/bin/env bash
# Instructions per model-run and the output hash (docs/PERFORMANCE.md, "How the
# engine is measured"): the measure every speed step of issue 15 is judged by,
# because wall and CPU time on a shared VM vary by ±10 % and instruction counts
# by less than 0.01 %.
#
#   tools/instructions-per-run.sh [MODEL]     # MODEL defaults to status-quo
#
# Builds `examples/runs` in release, prints the FNV hash of every metric's bits
# over 1,000 runs (seed 1; unchanged by an output-preserving step), then counts
# instructions with callgrind at 20 and 120 runs: (count(120) − count(20)) / 100
# leaves out start-up and `Engine::new`. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-status-quo}
if ! command -v valgrind > /dev/null; then
  echo "instructions-per-run: valgrind is not installed (apt install valgrind)" >&2
  exit 2
fi
cargo build -q --release -p natosim-core --example runs
bin=${CARGO_TARGET_DIR:-target}/release/examples/runs
"$bin" "$model" 1000
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$model" "$1" 2>&1 \
    | awk '/Collected/ { print $4 }'
}
a=$(count 20)
b=$(count 120)
echo "instructions per run: $(((b - a) / 100))"
