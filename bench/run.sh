#!/bin/sh
# Build virtsim in Release mode and run the benchmarks: M/M/4 at rho 0.9 for
# 10^6 and 10^7 jobs, one thread, each in its own process so the peak memory
# figures are separate.  Usage: bench/run.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/build-bench"}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DVS_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target bench_mm4 >/dev/null
for n in 1000000 10000000; do
  "$build/bench_mm4" "$n" fcfs
done
