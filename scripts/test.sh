#!/usr/bin/env bash
# Installs, builds and runs every test. This is what CI runs (.ci/run).
#   scripts/test.sh            release build: unit + integration tests (real MariaDB, real clients),
#                              then the ASan build's tests and a bounded fuzzing run
#   SHARDPROXY_SKIP_ASAN=1     skip the ASan pass (local iteration)
#   SHARDPROXY_SKIP_FUZZ=1     skip the fuzzing pass
#   SHARDPROXY_LONG=1          also run long soak and fuzz runs (opt-in, not in CI)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
bash scripts/install-deps.sh
bash scripts/build.sh release
(cd build/release && ctest --output-on-failure -j2 --timeout 900)
echo "== release tests passed after $((SECONDS - start))s"

if [ "${SHARDPROXY_SKIP_ASAN:-0}" != 1 ]; then
  bash scripts/build.sh asan
  # detect_leaks: fds and memory that a session leaves behind fail the run.
  (cd build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest --output-on-failure -j2 --timeout 900 -L 'unit|asan')
  echo "== asan tests passed after $((SECONDS - start))s"
fi

if [ "${SHARDPROXY_SKIP_FUZZ:-0}" != 1 ]; then
  bash scripts/build.sh fuzz
  if [ "${SHARDPROXY_LONG:-0}" = 1 ]; then
    # Long runs explore: a random seed, ten minutes per target.
    SHARDPROXY_FUZZ_SEED=${SHARDPROXY_FUZZ_SEED:-0} bash scripts/fuzz.sh "${SHARDPROXY_FUZZ_SECONDS:-600}"
  else
    # CI replays the seed corpus (every past finding is in it) and then a fixed number of
    # mutations from a fixed seed: the same run on every machine, so a red CI reproduces.
    SHARDPROXY_FUZZ_RUNS=${SHARDPROXY_FUZZ_RUNS:-30000} bash scripts/fuzz.sh
  fi
  echo "== fuzzing passed after $((SECONDS - start))s"
fi
echo "== all tests passed in $((SECONDS - start))s"
