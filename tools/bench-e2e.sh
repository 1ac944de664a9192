#!/usr/bin/env bash
# End-to-end timings of the main commands (issue 15.4; docs/PERFORMANCE.md).
#
#   tools/bench-e2e.sh [BIN]          # BIN defaults to target/release/natosim
#   QUICK=1 tools/bench-e2e.sh        # a tenth of the runs, for a smoke test
#
# Uses hyperfine when it is installed (3 runs each, mean ± sd), else GNU time
# (one run: wall, user CPU, peak memory). Wall time on a shared machine is
# noisy: note the load average printed first, and compare user time, or
# instruction counts (`valgrind --tool=callgrind`, PERFORMANCE.md "How the
# engine is measured"), across builds rather than wall time across days.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/natosim}
if [ ! -x "$BIN" ]; then
  echo "bench-e2e: no binary at $BIN (cargo build --release first)" >&2
  exit 2
fi
k=1
if [ -n "${QUICK:-}" ]; then k=10; fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

commands=(
  "compare --models status-quo --runs $((10000 / k)) --uncertainty aleatory --threads 1 --format json"
  "compare --models status-quo --runs $((10000 / k)) --uncertainty aleatory --format json"
  "compare --models status-quo --runs $((10000 / k)) --format json"
  "compare --runs $((1000 / k)) --format json"
  "compare --runs $((10000 / k)) --format json"
  "run --model toolkit --runs $((20000 / k)) --out $out/run"
  "members --model european-defence-union --runs $((2000 / k)) --format json"
  "sensitivity --metric p_attack --samples $((1024 / k)) --format json"
  "experiment --design lhs --samples $((2000 / k)) --out $out/experiment.csv"
)

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# binary: $BIN ($("$BIN" --version))"
if command -v hyperfine > /dev/null; then
  for c in "${commands[@]}"; do
    hyperfine --runs 3 --warmup 0 --style basic --command-name "natosim $c" "$BIN $c > /dev/null"
  done
else
  printf '%-90s %9s %9s %9s\n' command wall_s user_s peak_MB
  for c in "${commands[@]}"; do
    # shellcheck disable=SC2086 # the command line is split on purpose
    /usr/bin/time -f "%e %U %M" -o "$out/time" "$BIN" $c > /dev/null
    read -r wall user kb < "$out/time"
    awk -v c="natosim $c" -v w="$wall" -v u="$user" -v kb="$kb" \
      'BEGIN { printf "%-90s %9s %9s %9.1f\n", c, w, u, kb / 1024 }'
  done
fi
