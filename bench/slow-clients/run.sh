#!/usr/bin/env bash
# The slow-client attacks of the hardening issue against a crossrole server, at their full sizes:
# 300 connections that promise a 100,000-byte body and send 10 bytes, then 250 connections that
# trickle a byte every 5 seconds; /health is probed every 0.5 s throughout and its latency
# reported. See docs/benchmarks.md, section "Slow clients".
#
#   bench/slow-clients/run.sh [RESULTS_DIR]
#
# Needs: java 17, python3. About 2 minutes with the defaults.
# Settings (environment): CROSSROLE_JAR (default: a copy of cli/target/crossrole.jar, built by
# bin/crossrole when stale), WORK (scratch directory, default /tmp/crossrole-slow-clients),
# SILENT (300 connections), TRICKLE (250 connections), INTERVAL (5 s between trickled bytes),
# DURATION (40 s each attack; the default idle timeout is 30 s), PORT (18947), QUIET_WAIT (120 s).
# Every connection goes to 127.0.0.1 and every attack is bounded in time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
results="${1:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}"
work="${WORK:-/tmp/crossrole-slow-clients}"
silent="${SILENT:-300}"
trickle="${TRICKLE:-250}"
interval="${INTERVAL:-5}"
duration="${DURATION:-40}"
port="${PORT:-18947}"

for tool in java python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done
rm -rf "$work"
mkdir -p "$work" "$results"
source "$root/bench/lib.sh"
crossrole_jar

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "commit: $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
  java -version 2>&1 | head -1
  echo "settings: SILENT=$silent TRICKLE=$trickle INTERVAL=$interval DURATION=$duration"
} >"$results/machine.txt"
cat "$results/machine.txt"
monitor

log "starting crossrole on :$port"
java -jar "$CROSSROLE_JAR" server --port "$port" --data "$work/data" --registry off \
  >"$work/crossrole.out" 2>"$work/crossrole.err" &
pids+=($!)
for _ in $(seq 1 300); do
  grep -q ready "$work/crossrole.out" && break
  sleep 0.1
done
grep ready "$work/crossrole.out" | tee -a "$results/run.log" || { cat "$work/crossrole.err" >&2; exit 1; }
quiet

log "silent bodies"
python3 "$here/attack.py" --port "$port" --mode silent --connections "$silent" \
  --duration "$duration" | tee "$results/silent.txt"
log "trickling bodies"
python3 "$here/attack.py" --port "$port" --mode trickle --connections "$trickle" \
  --interval "$interval" --duration "$duration" | tee "$results/trickle.txt"

# What the server logged meanwhile: the attackers are the clients' fault, so nothing.
{
  echo "server stderr: $(wc -l <"$work/crossrole.err") lines, $(wc -c <"$work/crossrole.err") bytes"
  head -5 "$work/crossrole.err"
} | tee "$results/log.txt"
cat "$results/silent.txt" "$results/trickle.txt" "$results/log.txt" >"$results/summary.txt"
