#!/usr/bin/env bash
# End to end at province scale (issue #16): synthesise N villages, then time
# `jiuyou check` as a process, every output included (result.gpkg, result.xlsx,
# report.html, map.png): wall seconds, CPU seconds, peak RSS, the seconds of each
# stage (from the progress lines: wall and CPU seconds, resident memory) and
# the size of each output.
#
#   bench/end_to_end.sh [VILLAGES] [WORKDIR] [-- extra check arguments]
#   bench/end_to_end.sh 100000 /tmp/e2e
#   bench/end_to_end.sh 500000 /tmp/e2e -- --evidence full
#   E2E_MAX_RSS_MB=7000 bench/end_to_end.sh 500000 /tmp/e2e
#
# JIUYOU_BIN names the binary (default build/release/src/jiuyou); JIUYOU_DATA
# its data folder (default: the repository's data/ beside this script).
# E2E_MAX_RSS_MB stops the check (SIGTERM) when its resident memory passes that
# many MB, so a run that would not fit does not push a shared machine into
# swapping; the line "stopped at ..." then says where it was. The synthetic
# project is made once per VILLAGES and reused. Not run by ctest: it measures,
# it checks nothing. On a shared machine the wall time is noisy; compare CPU
# seconds, or ratios within one run.
set -euo pipefail

villages=${1:-100000}
work=${2:-/tmp/jiuyou-e2e}
shift $(( $# >= 2 ? 2 : $# ))
[[ ${1:-} == "--" ]] && shift
bin=${JIUYOU_BIN:-build/release/src/jiuyou}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ -z ${JIUYOU_DATA:-} && -d $here/../data/rules ]] && export JIUYOU_DATA=$here/../data
max_rss_mb=${E2E_MAX_RSS_MB:-0}

[[ -x $bin ]] || { echo "end_to_end: no binary at $bin (build the jiuyou target or set JIUYOU_BIN)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "end_to_end: needs GNU time (/usr/bin/time, Debian package 'time')" >&2; exit 2; }

project=$work/s$villages/project.toml
if [[ ! -f $project ]]; then
  echo "synthesising $villages villages into $work/s$villages ..."
  mkdir -p "$work"
  "$bin" synth --out "$work/s$villages" --villages "$villages" --points -q > /dev/null
fi

out=$work/s$villages-check
stages=$work/s$villages-stages.txt
timing=$work/s$villages-time.txt
rm -rf "$out"
# The progress lines (stderr, not a terminal: one line per stage) get a
# timestamp each, the process's CPU ticks so far (user + system, from
# /proc/PID/stat), its resident memory then (VmRSS), its peak so far (VmHWM) and
# each thread's CPU ticks so far (tid:ticks,...; from /proc/PID/task/TID/stat).
# Bash builtins only, so the reader keeps up with the process.
stamp() {
  local pid=$1 st k v rss=- hwm=- ticks=- threads='' t
  if [[ -n $pid ]] && read -r -a st < "/proc/$pid/stat" 2> /dev/null; then
    ticks=$(( st[13] + st[14] ))
    while read -r k v _; do
      [[ $k == VmRSS: ]] && rss=$v
      [[ $k == VmHWM: ]] && hwm=$v
    done < "/proc/$pid/status"
    for t in /proc/"$pid"/task/*; do
      read -r -a st < "$t/stat" 2> /dev/null && threads+="${t##*/}:$(( st[13] + st[14] )),"
    done
  fi
  printf '%s %s %s %s %s' "$EPOCHREALTIME" "$ticks" "$rss" "$hwm" "${threads:--}"
}
stopped=$work/s$villages-stopped.txt
rm -f "$stopped"
# With E2E_MAX_RSS_MB: polls the check's VmRSS twice a second and stops it past the limit.
watch_rss() {
  local limit_kb=$(( max_rss_mb * 1024 )) pid='' k v rss i
  for (( i = 0; i < 600; ++i )); do pid=$(pgrep -n -f -- "check $project --out $out") && break; sleep 0.1; done
  [[ -n $pid ]] || return 0
  while [[ -d /proc/$pid ]]; do
    rss=0
    while read -r k v _; do [[ $k == VmRSS: ]] && rss=$v; done 2> /dev/null < "/proc/$pid/status"
    if (( rss > limit_kb )); then
      echo "stopped at $(( rss / 1024 )) MB resident (E2E_MAX_RSS_MB=$max_rss_mb), during: $(tail -n 1 "$stages" | cut -d' ' -f4-)" > "$stopped"
      kill -TERM "$pid"
      return 0
    fi
    sleep 0.5
  done
}
watcher=''
if (( max_rss_mb > 0 )); then watch_rss & watcher=$!; fi
echo "before: $(awk '/MemAvailable/ { printf "%.1f GB available", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
/usr/bin/time -v -o "$timing" "$bin" check "$project" --out "$out" "$@" 2>&1 >/dev/null |
  while IFS= read -r line; do
    pid=${pid:-$(pgrep -n -f -- "check $project --out $out")}
    printf '%s %s\n' "$(stamp "$pid")" "$line"
  done > "$stages"
rc=${PIPESTATUS[0]}
set -e
end=$EPOCHREALTIME
if [[ -n $watcher ]]; then kill "$watcher" 2> /dev/null || true; fi
if [[ -f $stopped ]]; then cat "$stopped"; fi
echo "after: load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "jiuyou check, $villages villages ($*): exit $rc"
grep -E "Elapsed \(wall|User time|System time|Maximum resident" "$timing" | sed 's/^\s*/  /'
# On two idle cores a stage would take at least half its CPU, and at least its
# busiest thread's CPU: the larger of the two, summed over the stages, is what
# the run would take there (the loaded machine's wall says nothing about it).
# The CPU of threads that ended within a stage (not seen at its end) is counted
# as one more thread's. The peak so far (VmHWM) at each line is a lower bound
# (the kernel updates it lazily; the run's peak is /usr/bin/time's).
echo "  stages: wall and CPU seconds until the next line, the busiest thread's CPU seconds, resident MB at its start, peak MB so far:"
awk -v end="$end" -v hz="$(getconf CLK_TCK)" '{ t[NR] = $1; c[NR] = $2; m[NR] = $3; h[NR] = $4; th[NR] = $5; $1 = $2 = $3 = $4 = $5 = ""; s[NR] = $0 }
  END { idle = 0
        for (i = 1; i <= NR; ++i) {
          cpu = (i < NR && c[i] != "-" && c[i + 1] != "-") ? (c[i + 1] - c[i]) / hz : -1
          busiest = -1
          if (cpu >= 0 && th[i] != "-" && th[i + 1] != "-") {
            split("", was); n = split(th[i], a, ","); for (k = 1; k <= n; ++k) if (split(a[k], p, ":") == 2) was[p[1]] = p[2]
            n = split(th[i + 1], a, ","); busiest = 0; seen = 0
            for (k = 1; k <= n; ++k) if (split(a[k], p, ":") == 2) { d = (p[2] - ((p[1] in was) ? was[p[1]] : 0)) / hz; seen += d; if (d > busiest) busiest = d }
            if (cpu - seen > busiest) busiest = cpu - seen
          }
          if (cpu >= 0) idle += (busiest > cpu / 2) ? busiest : cpu / 2
          mb = m[i] != "-" ? sprintf("%6.0f", m[i] / 1024) : "     -"
          hb = h[i] != "-" ? sprintf("%6.0f", h[i] / 1024) : "     -"
          cs = (cpu >= 0) ? sprintf("%7.2f", cpu) : "      -"
          bs = (busiest >= 0) ? sprintf("%6.2f", busiest) : "     -"
          printf "    %7.2f %s %s %s MB %s MB %s\n", (i < NR ? t[i + 1] : end) - t[i], cs, bs, mb, hb, s[i] }
        printf "  on 2 idle cores, about %.1f s (each stage: the larger of half its CPU and its busiest thread'"'"'s CPU)\n", idle }' "$stages"
echo "  outputs:"
for f in "$out"/*; do [[ -f $f ]] && printf '    %8.1f MB %s\n' "$(echo "$(stat -c %s "$f") / 1048576" | bc -l)" "$(basename "$f")"; done
exit "$rc"
