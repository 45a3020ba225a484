#!/usr/bin/env bash
# Profiles one progress stage of `jiuyou check` (issue #16): perf attaches when
# the stage's progress line appears and stops at the next stage's line, so the
# samples are that stage's only; then the samples per thread and library.
#
#   bench/profile_stage.sh PROJECT OUTDIR [START [STOP]] [-- extra check arguments]
#   bench/profile_stage.sh /work/data/s100k/project.toml /tmp/prof -- --no-map
#
# START/STOP: text of the progress lines (default "writing result.gpkg" and
# "waiting for the map": the GeoPackage with the map beside it; the workbook is
# "writing result.xlsx" until "rendering the map", beside the page). perf
# samples at 199 Hz per thread, so a thread's samples / 199 are its CPU seconds.
# JIUYOU_BIN names the binary (default build/release/src/jiuyou). Writes
# OUTDIR/perf.data and OUTDIR/stages.txt; the check's outputs go to OUTDIR/out.
# Not run by ctest: it measures, it checks nothing.
set -euo pipefail

project=${1:?project.toml}
dir=${2:?output folder}
shift 2
start="writing result.gpkg"
stop="waiting for the map"
if [[ $# -gt 0 && $1 != "--" ]]; then start=$1; shift; fi
if [[ $# -gt 0 && $1 != "--" ]]; then stop=$1; shift; fi
[[ ${1:-} == "--" ]] && shift
bin=${JIUYOU_BIN:-build/release/src/jiuyou}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ -z ${JIUYOU_DATA:-} && -d $here/../data/rules ]] && export JIUYOU_DATA=$here/../data
command -v perf > /dev/null || { echo "profile_stage: needs perf" >&2; exit 2; }
[[ -x $bin ]] || { echo "profile_stage: no binary at $bin (set JIUYOU_BIN)" >&2; exit 2; }

mkdir -p "$dir"
stages=$dir/stages.txt
: > "$stages"
rm -rf "$dir/out"
"$bin" check "$project" --out "$dir/out" "$@" 2> "$stages" > /dev/null &
pid=$!
until grep -qF -- "$start" "$stages"; do
  kill -0 "$pid" 2> /dev/null || { echo "profile_stage: the check ended before \"$start\"" >&2; exit 1; }
  sleep 0.1
done
perf record -F 199 -g -p "$pid" -o "$dir/perf.data" 2> "$dir/perf.log" &
perf_pid=$!
until grep -qF -- "$stop" "$stages" || ! kill -0 "$pid" 2> /dev/null; do sleep 0.1; done
kill -INT "$perf_pid"
wait "$perf_pid" || true
wait "$pid" || true

echo "samples per thread and library, \"$start\" until \"$stop\" (199 Hz: samples / 199 = CPU seconds):"
perf script -i "$dir/perf.data" -F tid,ip,dso -G 2> /dev/null | awk '{ print $1, $NF }' | sort | uniq -c |
  sort -k2,2n -k1,1nr | awk '{ printf "  thread %s %6d %s\n", $2, $1, $3 }'
