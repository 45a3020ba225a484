#!/usr/bin/env bash
# Fuzz the expression language, the rule-set loader, the project loader and the number parsers
# with libFuzzer (clang 14 from Debian, ASan + UBSan, leak checks on).
#   scripts/fuzz.sh [SECONDS] [TARGET...]   SECONDS per target (default 60);
#                                            targets: expression rule_set project numbers (default all)
#   FUZZ_RUNS=1000000 scripts/fuzz.sh 1800  stop each target after that many runs (or SECONDS)
# Builds only the fuzz targets (cmake --preset fuzz, in build/fuzz). The
# committed seeds in fuzz/corpus/<target>/ are read, never written: new inputs
# go to build/fuzz/corpus/<target>/. A crash, timeout, leak or out-of-memory
# leaves its input in build/fuzz/artifacts/ and makes the script exit 1; add
# such an input as a regression test in tests/indicators/ when it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(expression rule_set project numbers)

# clang 14 and its libFuzzer runtime (libclang-rt-14-dev), installed if missing.
need=()
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "fuzz: installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
scripts/setup.sh

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake --preset fuzz "${launcher[@]}" >/dev/null
cmake --build --preset fuzz -- -j"$(nproc)"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "${targets[@]}"; do
  work=build/fuzz/corpus/$t
  mkdir -p "$work" build/fuzz/artifacts
  dict=fuzz/toml.dict
  [ "$t" = expression ] && dict=fuzz/expression.dict
  [ "$t" = numbers ] && dict=fuzz/numbers.dict
  log=build/fuzz/$t.log
  echo "fuzz: $t for ${seconds}s"
  if ! build/fuzz/fuzz/fuzz_"$t" -max_total_time="$seconds" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -dict="$dict" -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$t-" "$work" "fuzz/corpus/$t" >"$log" 2>&1; then
    status=1
    echo "fuzz: $t FAILED; the input is in build/fuzz/artifacts/, the log in $log:" >&2
    grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -20 >&2 || true
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz: $t: $runs runs"
done
exit $status
