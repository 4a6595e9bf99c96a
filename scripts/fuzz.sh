#!/usr/bin/env bash
# Runs every libFuzzer target in build/fuzz for a bounded time each, from its seed corpus.
# usage: scripts/fuzz.sh [seconds-per-target]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
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
  echo "== fuzzing $name for ${seconds}s"
  log=$(mktemp)
  if ! "$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 "$work" >"$log" 2>&1; then
    # The finding itself (input, property or sanitizer report) comes before the final stats.
    grep -v '^#[0-9]' "$log" | tail -60
    echo "== $name found a failing input (saved as crash-* in $(pwd))" >&2
    rm -rf "$work" "$log"
    exit 1
  fi
  tail -5 "$log"
  rm -rf "$work" "$log"
done
