#!/usr/bin/env bash
# The soak (issue 12): two crossrole nodes on one PostgreSQL store, DURATION seconds of mixed load
# across both (AssumeRole, GetCallerIdentity with temporary credentials, IAM writes, registry
# tokens, a deny policy put and deleted every TOGGLE_EVERY seconds), node B killed with SIGKILL at
# KILL_AT seconds and restarted at once on the same port. Then soak.py verifies: every acknowledged
# write is there (read back through the API on both nodes), no decision contradicts the policies in
# force, and the only errors are node B's between its kill and its ready line. See
# docs/benchmarks.md, section "Two nodes under mixed load, one killed".
#
#   bench/soak/run.sh [RESULTS_DIR]
#
# Needs: java 17, python3 with boto3, docker-registry (each node runs its own, --registry auto),
# psql, and a PostgreSQL database named as for the tests: CROSSROLE_TEST_PG_URL
# (jdbc:postgresql://HOST:PORT/DB), CROSSROLE_TEST_PG_USER, CROSSROLE_TEST_PG_PASSWORD (.ci/run
# shows how to start one); the run creates a schema of its own there and drops it at the end.
# Settings (environment): DURATION (300 s), KILL_AT (DURATION / 2), WORKERS (8 load threads),
# TOGGLE_EVERY (5 s), CROSSROLE_JAR (default: a copy of cli/target/crossrole.jar, built by
# bin/crossrole when stale), WORK (scratch directory, default /tmp/crossrole-soak: data
# directories, server logs, the driver's logs, which hold no secret but sit beside seed.json,
# which does), PORT_BASE (19047), QUIET_WAIT (120 s).
# Each result file starts with the command that produced it; verify.txt has the verdict,
# monitor.txt the machine's other load every 5 s.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
results="${1:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}"
work="${WORK:-/tmp/crossrole-soak}"
duration="${DURATION:-300}"
kill_at="${KILL_AT:-$((duration / 2))}"
workers="${WORKERS:-8}"
toggle_every="${TOGGLE_EVERY:-5}"
port_base="${PORT_BASE:-19047}"
port_a=$port_base
port_b=$((port_base + 1))

for tool in java python3 psql docker-registry; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done
python3 -c 'import boto3' || { echo "run.sh: python3 needs boto3" >&2; exit 2; }
: "${CROSSROLE_TEST_PG_URL:?run.sh: set CROSSROLE_TEST_PG_URL, _USER and _PASSWORD (see header)}"
: "${CROSSROLE_TEST_PG_USER:?}" "${CROSSROLE_TEST_PG_PASSWORD:?}"
[ "$kill_at" -gt 10 ] && [ "$kill_at" -lt $((duration - 20)) ] \
  || { echo "run.sh: KILL_AT must be past 10 s and 20 s before the end of DURATION" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work" "$results"
chmod 700 "$work"
umask 077

# shellcheck source=../lib.sh
. "$root/bench/lib.sh"
crossrole_jar

# --- the store: a schema of the run's own ----------------------------------------------------------
pg="${CROSSROLE_TEST_PG_URL#jdbc:postgresql://}"
pg_host="${pg%%/*}"
pg_db="${pg#*/}"
pg_db="${pg_db%%\?*}"
schema="soak_$(date -u +%Y%m%d%H%M%S)_$$"
psql_run() { # PSQL-ARGS...
  PGOPTIONS="-c client_min_messages=warning" PGPASSWORD="$CROSSROLE_TEST_PG_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h "${pg_host%%:*}" \
    -p "${pg_host##*:}" -U "$CROSSROLE_TEST_PG_USER" -d "$pg_db" "$@"
}
psql_run -c "CREATE SCHEMA $schema"
stop_all() {
  cleanup
  wait 2>/dev/null || true
  psql_run -c "DROP SCHEMA $schema CASCADE" || true
}
trap stop_all EXIT
db_url="$CROSSROLE_TEST_PG_URL$([[ "$CROSSROLE_TEST_PG_URL" == *\?* ]] && echo '&' || echo '?')currentSchema=$schema"

# --- the machine ---------------------------------------------------------------------------------
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "commit: $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "jar: $CROSSROLE_JAR sha256 $(sha256sum "$CROSSROLE_JAR" | cut -c1-16)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GB"}')"
  java -version 2>&1 | head -1
  echo "postgresql: $(psql_run -t -A -c 'SHOW server_version' 2>/dev/null || true)"
  echo "boto3: $(python3 -c 'import boto3; print(boto3.__version__)')"
  echo "settings: DURATION=$duration KILL_AT=$kill_at WORKERS=$workers TOGGLE_EVERY=$toggle_every"
} >"$results/machine.txt"
cat "$results/machine.txt"

# --- two nodes, one master key -----------------------------------------------------------------------
CROSSROLE_MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
export CROSSROLE_MASTER_KEY
export CROSSROLE_DB_USER="$CROSSROLE_TEST_PG_USER" CROSSROLE_DB_PASSWORD="$CROSSROLE_TEST_PG_PASSWORD"
node_cmd() { # NAME PORT -> sets cmd
  cmd=(java -jar "$CROSSROLE_JAR" server --port "$2" --data "$work/$1" --db "$db_url"
    --account ours=111111111111 --account build=222222222222 --registry auto)
}
ready_lines() { grep -c ready "$work/$1.log" || true; }
start_node() { # NAME PORT -> sets node_pid; waits for a ready line the log did not have yet
  local before
  touch "$work/$1.log"
  before=$(ready_lines "$1")
  node_cmd "$1" "$2"
  "${cmd[@]}" >>"$work/$1.log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
  for _ in $(seq 1 600); do
    [ "$(ready_lines "$1")" -gt "$before" ] && return 0
    kill -0 "$node_pid" 2>/dev/null || { cat "$work/$1.log" >&2; return 1; }
    sleep 0.05
  done
  echo "run.sh: node $1 printed no ready line within 30 s" >&2
  return 1
}
node_cmd a "$port_a"
echo "\$ $(echo "${cmd[*]}" | sed "s|$work|\$WORK|g; s|currentSchema=[a-z0-9_]*|currentSchema=SCHEMA|")   # and b on :$port_b; same CROSSROLE_MASTER_KEY" >"$results/nodes.txt"
log "node a on :$port_a, then node b on :$port_b, one PostgreSQL schema"
start_node a "$port_a"
pid_a=$node_pid
start_node b "$port_b"
pid_b=$node_pid
grep ready "$work/a.log" "$work/b.log" | sed "s|$work|\$WORK|g" | tee -a "$results/nodes.txt"

soak=(python3 "$here/soak.py" --a "http://127.0.0.1:$port_a" --b "http://127.0.0.1:$port_b" --work "$work")
"${soak[@]}" setup --data "$work/a" | tee -a "$results/run.log"

# --- the load, and the kill ----------------------------------------------------------------------
quiet
monitor
log "load: $duration s, $workers workers across both nodes; kill -9 of node b at +$kill_at s"
echo "\$ bench/soak/soak.py drive --duration $duration --workers $workers --toggle-every $toggle_every" >"$results/drive.txt"
"${soak[@]}" drive --duration "$duration" --workers "$workers" --toggle-every "$toggle_every" \
  >>"$results/drive.txt" 2>&1 &
driver=$!
sleep "$kill_at"
# The time is taken just before the kill, so that no request in flight at the kill ends before it.
echo "kill $(date +%s.%N)" >"$work/kills.txt"
kill -KILL "$pid_b"
wait "$pid_b" 2>/dev/null || true
log "node b killed (SIGKILL); restarting it on :$port_b"
start_node b "$port_b"
echo "ready $(date +%s.%N)" >>"$work/kills.txt"
log "node b ready again"
wait "$driver"
log "load done"

# --- verification, through both nodes ------------------------------------------------------------
{
  echo "\$ bench/soak/soak.py verify --kills WORK/kills.txt"
  "${soak[@]}" verify --kills "$work/kills.txt"
} | tee "$results/verify.txt"
status=${PIPESTATUS[0]}
cp "$work/kills.txt" "$results/"
sed "s|$work|\$WORK|g" "$work/a.log" "$work/b.log" | grep -v '^$' >"$results/node-logs.txt" || true
log "done: $results"
exit "$status"
