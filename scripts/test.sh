#!/usr/bin/env bash
# Quick start 2: install what is missing, build, and run the whole test suite.
#   scripts/test.sh            release build, all tests
#   scripts/test.sh asan       the same under AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
preset=${1:-release}
[ "$preset" = release ] && [ "${CI:-}" = true ] && preset=ci
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -- -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# GUI tests need an X server: run the suite under Xvfb (EGL render tests need none).
run=(ctest --preset "$preset" -j"$(nproc)" --timeout 900)
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
  run=(xvfb-run -a -s "-screen 0 1280x800x24 -noreset" "${run[@]}")
fi
"${run[@]}"
