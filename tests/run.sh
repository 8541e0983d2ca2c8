#!/bin/sh
# Build virtsim and run every test:
#   1. Release build with warnings as errors (build/), ctest -j2;
#   2. AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan/), ctest -j2;
#   3. ThreadSanitizer build (build-tsan/) of the tests that run replications,
#      in parallel threads (no data race, no global state).
# Installs missing packages first (tests/setup.sh).  CI runs exactly this.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)

CMAKE_ARGS="-DVS_WERROR=ON" "$here/tests/setup.sh"
(cd "$here/build" && ctest -j2 --output-on-failure)

CMAKE_ARGS="-DVS_WERROR=ON -DVS_SANITIZE=ON" BUILD_DIR="$here/build-asan" "$here/tests/setup.sh"
(cd "$here/build-asan" && \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest -j2 --output-on-failure)

CMAKE_ARGS="-DVS_WERROR=ON -DVS_TSAN=ON" BUILD_DIR="$here/build-tsan" \
  BUILD_TARGETS="check_validation_determinism check_sim check_experiment" "$here/tests/setup.sh"
(cd "$here/build-tsan" && TSAN_OPTIONS=halt_on_error=1 \
  ctest -j2 --output-on-failure -R 'check_validation_determinism|check_sim|check_experiment')
