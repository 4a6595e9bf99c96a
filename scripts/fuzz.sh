#!/usr/bin/env bash
# Runs every libFuzzer target in build/fuzz for a bounded time each, from its seed corpus.
# usage: scripts/fuzz.sh [seconds-per-target]
#   SHARDPROXY_FUZZ_SEED=N   libFuzzer's -seed (default 1; 0 = random)
#   SHARDPROXY_FUZZ_RUNS=N   stop after N inputs instead of after the time (with a fixed seed,
#                            the run is then the same on every machine: what CI uses)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
# The parser accepts operator chains up to 4000 deep (parser/antlr/antlr_parse.cc), and the
# sanitized recursive walkers (printer, AST dump) need far more stack per level than the release
# build: give the fuzzers the stack such a statement needs rather than report an overflow the
# release build cannot have.
ulimit -s unlimited 2>/dev/null || ulimit -s 1048576 2>/dev/null || true
seed=${SHARDPROXY_FUZZ_SEED:-1}
shopt -s nullglob
targets=(build/fuzz/*/*_fuzzer build/fuzz/*/*/*_fuzzer)
if [ ${#targets[@]} -eq 0 ]; then
  echo "no fuzz targets built"; exit 0
fi
for target in "${targets[@]}"; do
  name=$(basename "$target")
  seeds="tests/fuzz/${name%_fuzzer}"
  work=$(mktemp -d)
  [ -d "$seeds" ] && cp -r "$seeds"/. "$work"/
  limit=(-max_total_time="$seconds")
  [ -n "${SHARDPROXY_FUZZ_RUNS:-}" ] && limit=(-runs="$SHARDPROXY_FUZZ_RUNS")
  echo "== fuzzing $name (${limit[0]#-}, seed $seed)"
  log=$(mktemp)
  if ! "$target" "${limit[@]}" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
      -seed="$seed" -print_final_stats=1 \
      -artifact_prefix="$work/" "$work" >"$log" 2>&1; then
    # The finding itself (input, property or sanitizer report) comes before the final stats.
    grep -v '^#[0-9]' "$log" | tail -60
    # The CI machine goes away with the artifact: print it so the log alone reproduces it.
    for artifact in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
      [ -f "$artifact" ] || continue
      echo "== failing input $(basename "$artifact") as hex (xxd -r -p to rebuild it):"
      od -An -v -tx1 "$artifact" | tr -d ' \n' | fold -w 120; echo
      cp "$artifact" . 2>/dev/null || true
    done
    echo "== $name found a failing input (seed $seed; saved as crash-* in $(pwd))" >&2
    rm -rf "$work" "$log"
    exit 1
  fi
  tail -5 "$log"
  rm -rf "$work" "$log"
done
