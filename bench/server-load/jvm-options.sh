#!/usr/bin/env bash
# What JVM options do to crossrole's memory and AssumeRole throughput: for each option set, starts
# the server on the seeded data directory of a finished run.sh, and records the RSS 10 s after
# `ready`, the AssumeRole throughput (wrk, warm-up then measured), AssumeRole latency at a fixed
# 1,000 requests/s (FixedRateLoad on Epsilon, 32 connections, warm-up then measured) with the server's GC pauses in
# that phase, and the RSS 10 s and 40 s after the load. Nothing here changes crossrole; it shows
# what a launcher setting would buy.
#
#   bench/server-load/jvm-options.sh WORK_OF_A_RUN RESULTS_FILE
#
# WORK_OF_A_RUN is run.sh's WORK (it holds data/ and builder.json; `PHASES= bench/server-load/run.sh`
# makes one in about a minute). Settings: CROSSROLE_JAR, WARMUP (10 s), DURATION (30 s),
# CONNECTIONS (64), WRK_THREADS (2), RATE (1000), PORT (18760), QUIET_WAIT (300 s), ROUNDS (1: the
# whole list is measured this many times, interleaved, so that a noisy minute hits one set and not
# all runs of it), LATE_RSS (1: also the RSS 40 s after the load) and OPTION_SETS (newline-separated;
# the default list is below; a set may start with jar=PATH to measure another build of crossrole).
#
# The "alloc KB/req" column is the server's allocation rate at the fixed rate, from its young-GC log
# (heap before a pause minus heap after the previous one), divided by that rate.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
work="$1"
out="$2"
jar="${CROSSROLE_JAR:-$work/crossrole.jar}"
warmup="${WARMUP:-10}"
duration="${DURATION:-30}"
c="${CONNECTIONS:-64}"
t="${WRK_THREADS:-2}"
port="${PORT:-18760}"
rate="${RATE:-1000}"
bench_jar="$(cd "$here/../.." && pwd -P)/bench/target/benchmarks.jar"
rounds="${ROUNDS:-1}"
late_rss="${LATE_RSS:-1}"
option_sets="${OPTION_SETS:-(default)
-XX:G1PeriodicGCInterval=5000
-Xmx256m -XX:G1PeriodicGCInterval=5000
-XX:MaxGCPauseMillis=5
-XX:+UseParallelGC
-XX:+UseSerialGC -Xmx256m
-XX:+UseZGC}"
[ -d "$work/data" ] && [ -f "$work/builder.json" ] || { echo "no data/ or builder.json in $work" >&2; exit 2; }
[ "$warmup" -le 120 ] && [ "$duration" -le 300 ] || { echo "WARMUP ≤ 120, DURATION ≤ 300" >&2; exit 2; }
umask 077

pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true' EXIT
rss_mb() { echo $(($(ps -o rss= -p "$1") / 1024)); }

echo "jar: $jar; AssumeRole: wrk -t$t -c$c and FixedRateLoad at $rate/s, each warm-up ${warmup} s, measured ${duration} s; $(date -u '+%Y-%m-%d %H:%M UTC')" | tee "$out"
printf '%-36s %6s %7s %9s %8s %10s %8s %9s %-28s %7s %8s %8s\n' "options" "ready" "idle MB" "wrk req/s" "wrk p99" "$rate/s p50" "p99" ">10 ms" "GC pauses at $rate/s" "alloc KB/req" "+10 s MB" "+40 s MB" | tee -a "$out"
for round in $(seq 1 "$rounds"); do
while IFS= read -r opts; do
  [ -n "$opts" ] || continue
  jar="${CROSSROLE_JAR:-$work/crossrole.jar}"
  if [[ "$opts" == jar=* ]]; then
    jar="${opts%% *}"
    jar="${jar#jar=}"
    opts="${opts#* }"
  fi
  java_opts=()
  [ "$opts" = "(default)" ] || read -r -a java_opts <<<"$opts"
  python3 "$here/machine.py" wait-quiet --self $$ --max-wait "${QUIET_WAIT:-300}" >>"$work/jvm-options-quiet.log"
  log="$work/jvm-options-server.log"
  t0=$(date +%s%N)
  gc="$work/jvm-options-gc.log"
  rm -f "$gc"
  java "${java_opts[@]}" -Xlog:gc:file="$gc" -jar "$jar" server --port "$port" --data "$work/data" >"$log" 2>&1 &
  pid=$!
  # Up to 30 s: a busy machine can take much longer than the usual 1.5 s.
  for _ in $(seq 1 1500); do grep -q ready "$log" && break; sleep 0.02; done
  grep -q ready "$log" || { cat "$log" >&2; exit 1; }
  ready_ms=$((($(date +%s%N) - t0) / 1000000))
  sleep 10
  idle=$(rss_mb $pid)
  python3 "$here/sign_request.py" --endpoint "http://127.0.0.1:$port" --credentials "$work/builder.json" \
    --action AssumeRole --param RoleArn=arn:aws:iam::111111111111:role/OURTHINGBUILDROLE \
    --param RoleSessionName=bench --param ExternalId=some_key_build --out "$work/jvm-options"
  timeout $((warmup + 30)) wrk -t"$t" -c"$c" -d"${warmup}s" -s "$work/jvm-options.lua" "http://127.0.0.1:$port/" >/dev/null
  timeout $((duration + 30)) wrk -t"$t" -c"$c" -d"${duration}s" --latency -s "$work/jvm-options.lua" "http://127.0.0.1:$port/" >"$work/jvm-options-wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/jvm-options-wrk.txt")
  p99=$(awk '/ 99%/ {print $2}' "$work/jvm-options-wrk.txt")
  grep -q Non-2xx "$work/jvm-options-wrk.txt" && rps="$rps(non-2xx!)"
  mark=$(wc -l <"$gc")
  timeout $((warmup + duration + 60)) java -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -Xms64m -Xmx1g \
    -cp "$bench_jar" dev.crossrole.bench.server.FixedRateLoad --url "http://127.0.0.1:$port/" \
    --request "$work/jvm-options.req" --rate "$rate" --warmup 0 --duration "$warmup" --expect "<AssumeRoleResult>" >/dev/null
  mark=$(wc -l <"$gc")
  timeout $((duration + 60)) java -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -Xms64m -Xmx1g \
    -cp "$bench_jar" dev.crossrole.bench.server.FixedRateLoad --url "http://127.0.0.1:$port/" \
    --request "$work/jvm-options.req" --rate "$rate" --warmup 0 --duration "$duration" --expect "<AssumeRoleResult>" >"$work/jvm-options-fixed.txt"
  fixed=$(awk '/^latency/ { for (i = 1; i <= NF; i++) { if ($i == "p50") p50 = $(i + 1); if ($i == "p99") p99 = $(i + 1); if ($i == "over") o = $(i + 3) } } /^measured/ { bad = $6 }
    END { printf "%s %s %s", p50, p99, o (bad > 0 ? "(" bad " failed)" : "") }' "$work/jvm-options-fixed.txt")
  read -r f50 f99 fover <<<"$fixed"
  read -r pauses alloc < <(tail -n +"$((mark + 1))" "$gc" | awk -v r="$rate" '
    /Pause/ && /ms$/ { v = $NF; sub("ms", "", v); v += 0; n++; if (v > m) m = v }
    /Pause Young/ && match($0, /[0-9]+M->[0-9]+M/) {
      split(substr($0, RSTART, RLENGTH), h, /M->|M/); s = substr($1, 2) + 0
      if (y++) { mb += h[1] - last; secs = s - first } else { first = s }
      last = h[2]
    }
    END { printf "%d,longest_%.1f_ms %s\n", n, m, (secs > 0 ? sprintf("%.0f", mb / secs * 1024 / r) : "?") }')
  sleep 10
  after10=$(rss_mb $pid)
  after40="-"
  if [ "$late_rss" = 1 ]; then
    sleep 30
    after40=$(rss_mb $pid)
  fi
  label="$opts"
  [ "$jar" = "${CROSSROLE_JAR:-$work/crossrole.jar}" ] || label="$(basename "$jar") $opts"
  printf '%-36s %6s %7s %9s %8s %10s %8s %9s %-28s %7s %8s %8s\n' "$label" "$ready_ms" "$idle" "$rps" "$p99" "$f50" "$f99" "$fover" "$pauses" "$alloc" "$after10" "$after40" | tee -a "$out"
  kill -TERM $pid
  wait $pid || true
  pid=""
done <<<"$option_sets"
done
