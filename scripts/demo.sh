#!/usr/bin/env bash
# Quick start 1: install what is missing, build a release, and run the main
# job (the village check) on the bundled demo county: a report and a map.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -- -j"$(nproc)" >/dev/null
out=${1:-out/demo}
bin=build/release/src/jiuyou
if "$bin" check --help >/dev/null 2>&1; then
  set +e
  "$bin" check data/demo/project.toml --out "$out"
  rc=$?
  set -e
  # 1 = some villages cannot exit: a finding, not a failure.
  [ $rc -le 1 ] || exit $rc
  echo "report: $out/report.html  workbook: $out/result.xlsx  layers: $out/result.gpkg"
else
  "$bin" validate data/demo/project.toml || [ $? -le 1 ]
fi
# The check embeds its map in the report and writes map.png; without the check, draw the project.
if [ ! -f "$out/map.png" ] && "$bin" render --help >/dev/null 2>&1; then
  mkdir -p "$out"
  "$bin" render data/demo/project.toml --out "$out/map.png" --size 1600x1200
fi
[ -f "$out/map.png" ] && echo "map: $out/map.png"
exit 0
