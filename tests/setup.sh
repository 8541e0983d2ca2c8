#!/bin/sh
# Install what virtsim needs (Debian/Ubuntu packages) if it is missing, then
# configure and build it in Release mode in build/.
#   tests/setup.sh            install + build
# Environment: BUILD_DIR (default build), CMAKE_ARGS (extra cmake arguments),
# BUILD_TARGETS (build only these targets).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-"$here/build"}
pkgs="cmake make gcc pkg-config libgsl-dev libyaml-dev libcairo2-dev check"

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

# shellcheck disable=SC2086
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-} >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j2 ${BUILD_TARGETS:+--target $BUILD_TARGETS}
