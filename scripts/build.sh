#!/usr/bin/env bash
# Builds shardproxy. usage: scripts/build.sh [release|asan|fuzz] [extra cmake args...]
#   release  optimized build in build/release (the default; what the quickstart runs)
#   asan     Debug build with AddressSanitizer + UBSan in build/asan
#   fuzz     clang build with libFuzzer targets in build/fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
flavor=${1:-release}
shift || true
case "$flavor" in
  release) args=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan)    args=(-DCMAKE_BUILD_TYPE=Debug -DSHARDPROXY_ASAN=ON -DSHARDPROXY_BENCHMARKS=OFF) ;;
  fuzz)    args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DSHARDPROXY_FUZZ=ON
                 -DSHARDPROXY_TESTS=OFF -DSHARDPROXY_BENCHMARKS=OFF) ;;
  *) echo "unknown build flavor '$flavor' (expected release, asan or fuzz)" >&2; exit 2 ;;
esac
dir=build/$flavor
cmake -S . -B "$dir" -G Ninja "${args[@]}" "$@" >/dev/null
# The sanitizer and fuzzing flavours build only what their pass runs; SHARDPROXY_BUILD_ALL=1
# builds everything.
targets=()
if [ "${SHARDPROXY_BUILD_ALL:-0}" != 1 ]; then
  case "$flavor" in
    asan) targets=(--target asan_suite) ;;
    fuzz) mapfile -t fuzzers < <(ninja -C "$dir" -t targets all | grep -o '^[a-z0-9_]*_fuzzer:' | grep -v '^cmake_' | tr -d :)
          [ ${#fuzzers[@]} -gt 0 ] && targets=(--target "${fuzzers[@]}") ;;
  esac
fi
cmake --build "$dir" -j "${SHARDPROXY_JOBS:-$(nproc)}" "${targets[@]}"
