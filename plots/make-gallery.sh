#!/bin/sh
# Regenerate the figure gallery in plots/ from the bundled scenarios.
#   plots/make-gallery.sh [BUILD_DIR]       (default: build/, built if missing)
# Every figure is drawn by virtsim itself; each PNG has its KIND.fig.csv
# beside it, so `virtsim plot plots --plot-format svg` redraws them as SVG.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/build"}
[ -x "$build/virtsim" ] || "$here/tests/setup.sh"
vs="$build/virtsim"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$here"

# response-cdf and timeseries: the quick start's M/M/4, with a time series.
"$vs" run scenarios/quickstart.yaml --quiet --set output.series=500s \
    --out "$tmp/run" --plot response-cdf --plot timeseries > /dev/null
# load-latency: M/M/1 from 10% to 95% load.
"$vs" sweep scenarios/mm1.yaml --quiet --vary workloads.jobs.arrival.rate=0.1..0.95:0.05 \
    --set replications=8 --set stop.time=50000 --out "$tmp/sweep" --plot load-latency > /dev/null
# compare: the quick start with 4, 5 and 6 vCPUs on common random numbers.
"$vs" compare scenarios/quickstart.yaml --quiet --vary vms.web.vcpus=4,5,6 \
    --out "$tmp/compare" --plot compare > /dev/null
# plan: the fewest vCPUs that keep the quick start's p95 response under 3.3 s.
"$vs" plan scenarios/quickstart.yaml --quiet --vary vms.web.vcpus=4..8 \
    --target 'web.response_time.p95<=3.3' --out "$tmp/plan" --plot plan > /dev/null

for d in run sweep compare plan; do
  for f in "$tmp/$d"/*.fig.csv; do
    kind=$(basename "$f" .fig.csv)
    cp "$f" "plots/$kind.fig.csv"
    cp "$tmp/$d/$kind.png" "plots/$kind.png"
  done
done
ls plots/*.png
