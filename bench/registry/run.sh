#!/usr/bin/env bash
# The registry benchmarks (issue 4): the token endpoint's throughput (wrk replaying one
# `GET /registry/token` with a Basic login `AWS:<ECR password>` of an assumed-role session, at
# several connection counts), and what crossrole's authorization adds to a push (skopeo copy of a
# fresh 10-layer image to a plain docker-registry without authentication and to crossrole's child
# registry with token authentication, interleaved, same machine, same run). See docs/benchmarks.md,
# section "Registry".
#
#   bench/registry/run.sh [RESULTS_DIR]
#
# Needs: java 17, wrk, python3 with boto3, skopeo, docker-registry (2.8), and the crossrole jar
# (built by bin/crossrole when stale). About 4 minutes with the defaults.
# Settings (environment): CROSSROLE_JAR (default: a copy of cli/target/crossrole.jar), WORK
# (scratch directory, default /tmp/crossrole-registry-bench: data directories, the ECR password,
# images; never written to RESULTS_DIR), WARMUP (10 s), DURATION (20 s), CONNECTIONS ("1 4 16 64"),
# WRK_THREADS (2), RUNS (20 pushes to each side), LAYERS (10), LAYER_KB (256), PORT_BASE (18847),
# QUIET_WAIT (120 s: how long each phase may wait for the machine to quiet down), PHASES (default
# "tokens push"), SERVER_JAVA_OPTS (JVM options of the crossrole server, e.g. a JFR recording).
# Each result file starts with the command that produced it; summary.txt has the figures,
# monitor.txt the machine's other load every 5 s (figures taken while "others" was high are noisy).
# push.txt ends with what a push costs each registry and the server in CPU time, and the token round
# trip on a new connection. bench/registry/verify-cost.sh measures the registry's own token check.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
results="${1:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}"
work="${WORK:-/tmp/crossrole-registry-bench}"
warmup="${WARMUP:-10}"
duration="${DURATION:-20}"
connections="${CONNECTIONS:-1 4 16 64}"
wrk_threads="${WRK_THREADS:-2}"
runs="${RUNS:-20}"
layers="${LAYERS:-10}"
layer_kb="${LAYER_KB:-256}"
port_base="${PORT_BASE:-18847}"
phases=" ${PHASES:-tokens push} "
read -r -a server_java_opts <<<"${SERVER_JAVA_OPTS:-}"
want() { [[ "$phases" == *" $1 "* ]]; }
cr_port=$port_base
plain_port=$((port_base + 1))
scope="repository:111111111111/ourthing/app:pull,push"
token_url="http://127.0.0.1:$cr_port/registry/token?service=crossrole-registry&scope=${scope}"

for tool in java wrk python3 skopeo docker-registry curl; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done
python3 -c 'import boto3' || { echo "run.sh: python3 needs boto3" >&2; exit 2; }
[ "$warmup" -le 120 ] && [ "$duration" -le 300 ] && [ "$runs" -le 200 ] \
  || { echo "run.sh: WARMUP ≤ 120, DURATION ≤ 300, RUNS ≤ 200" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work" "$results"
: >"$results/summary.txt"
chmod 700 "$work"
umask 077

# shellcheck source=../lib.sh
. "$root/bench/lib.sh"
crossrole_jar

# --- the machine --------------------------------------------------------------------------------
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "commit: $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "jar: $CROSSROLE_JAR sha256 $(sha256sum "$CROSSROLE_JAR" | cut -c1-16)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
  lscpu | grep -E 'Hypervisor vendor|Thread\(s\) per core' || true
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GB"}')"
  echo "kernel: $(uname -r)"
  java -version 2>&1
  { wrk --version 2>&1 || true; } | head -1
  echo "skopeo: $(skopeo --version)"
  echo "docker-registry: $(docker-registry --version 2>&1 | head -1)"
  echo "settings: WARMUP=$warmup DURATION=$duration CONNECTIONS='$connections' WRK_THREADS=$wrk_threads RUNS=$runs LAYERS=$layers LAYER_KB=$layer_kb PHASES='${phases# }' SERVER_JAVA_OPTS='${SERVER_JAVA_OPTS:-}'"
} >"$results/machine.txt"
cat "$results/machine.txt"

monitor

# --- crossrole with its child registry, the seed scenario up to an ECR login --------------------
data="$work/data"
log "starting crossrole on :$cr_port with --registry auto"
java "${server_java_opts[@]}" -jar "$CROSSROLE_JAR" server --account ours=111111111111 \
  --account build=222222222222 --port "$cr_port" --data "$data" --registry auto \
  >"$work/crossrole.log" 2>&1 &
cr_pid=$!
pids+=($cr_pid)
for _ in $(seq 1 300); do
  grep -q ready "$work/crossrole.log" && break
  kill -0 $cr_pid 2>/dev/null || { cat "$work/crossrole.log" >&2; exit 1; }
  sleep 0.1
done
ready=$(grep ready "$work/crossrole.log") || { echo "no ready line within 30 s" >&2; exit 1; }
echo "$ready" | tee -a "$results/run.log"
cr_registry=$(echo "$ready" | sed -nE 's/.*\(registry http:\/\/([^)]+)\).*/\1/p')
[ -n "$cr_registry" ] || { echo "run.sh: the server started no registry" >&2; exit 1; }
child_pid=$(pgrep -f "docker-registry serve $data/registry/config.yml")
python3 "$here/setup.py" --data "$data" --repositories "$runs" --out "$work" | tee -a "$results/run.log"

# The plain registry: the child's own configuration (same storage kind, cache, log level,
# headers, and its notifications to crossrole, whose names ACCOUNT-ID/NAME these pushes' do not
# match) on another port and directory, without the auth section. Its configuration holds the
# events secret, so only the names of its top-level sections are kept in the results.
sed -E -e "s|^(    rootdirectory: ).*|\1\"$work/plain-storage\"|" \
  -e "s|^(  addr: ).*|\1\"127.0.0.1:$plain_port\"|" -e '/^auth:/,/^[a-z]/{/^auth:/d;/^  /d}' \
  "$data/registry/config.yml" >"$work/plain.yml"
! grep -q '^auth:' "$work/plain.yml" || { echo "run.sh: the plain registry still has auth" >&2; exit 1; }
{ echo "plain registry configuration: crossrole's child's without its auth section; top-level sections:"; grep -E '^[a-z]' "$work/plain.yml" | sed 's/^/  /'; } >"$results/plain-registry.txt"
docker-registry serve "$work/plain.yml" >"$work/plain-registry.log" 2>&1 &
plain_pid=$!
pids+=($plain_pid)
for _ in $(seq 1 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$plain_port/v2/")" = 200 ] && break
  sleep 0.1
done

# One token, decoded: the scope is granted as asked; a repository ECR does not have gets nothing.
basic=$(printf 'AWS:%s' "$(cat "$work/password")" | base64 -w0)
printf 'Authorization: Basic %s' "$basic" >"$work/auth-header"
check_token() { # SCOPE EXPECTED-ACTIONS
  curl -sf -H @"$work/auth-header" "http://127.0.0.1:$cr_port/registry/token?service=crossrole-registry&scope=$1" |
    python3 -c '
import base64, json, sys
token = json.load(sys.stdin)["token"]
payload = token.split(".")[1]
claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
scope, expected = sys.argv[1], sys.argv[2].split(",") if sys.argv[2] else []
_, name, _ = scope.split(":")
access = [a for a in claims["access"] if a["name"] == name]
assert access and access[0]["actions"] == expected, claims["access"]
print("token for %s: sub %s, aud %s, valid %d s, access %s" % (scope, claims["sub"], claims["aud"], claims["exp"] - claims["iat"], json.dumps(claims["access"])))
' "$1" "$2"
}
{
  check_token "$scope" pull,push
  check_token "repository:111111111111/ourthing/missing:pull,push" ""
} | tee "$results/token-check.txt"

# --- the token endpoint's throughput -----------------------------------------------------------
wrk_run() { # LABEL CONNECTIONS SECONDS OUTFILE
  local label=$1 c=$2 secs=$3 out=$4
  local t=$wrk_threads
  [ "$c" -lt "$t" ] && t=$c
  local cpu0 cpu1 n
  cpu0=$(cpu_seconds $cr_pid)
  {
    echo "\$ wrk -t$t -c$c -d${secs}s --latency -H 'Authorization: Basic <base64 of AWS:password>' '$token_url'   # $label"
    timeout $((secs + 30)) wrk -t"$t" -c"$c" -d"${secs}s" --timeout 10s --latency \
      -H "Authorization: Basic $basic" "$token_url"
  } >"$out"
  cpu1=$(cpu_seconds $cr_pid)
  n=$(awk '/requests in/ {print $1}' "$out")
  awk -v a="$cpu0" -v b="$cpu1" -v n="$n" -v s="$secs" \
    'BEGIN { printf "server CPU: %.1f s in %d s = %.2f cores; %.0f µs of CPU per token\n", b - a, s, (b - a) / s, n ? (b - a) / n * 1e6 : 0 }' >>"$out"
  if grep -q "Non-2xx" "$out"; then echo "WARNING: non-2xx responses" >>"$out"; fi
}
summary() { # FILE -> one line
  awk -v f="$(basename "$1")" '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 90%/ {p90=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF} /Socket errors/ {err=$0} /server CPU/ {cpu=$0}
    END { printf "%-22s %9s tokens/s  p50 %-9s p90 %-9s p99 %-9s non-2xx %s %s | %s\n", f, rps, p50, p90, p99, bad ? bad : 0, err, cpu }' "$1"
}
want tokens && for c in $connections; do
  quiet
  log "token endpoint, $c connections: warm-up ${warmup} s, measured ${duration} s"
  wrk_run "warm-up" "$c" "$warmup" "$results/tokens-c$c-warmup.txt"
  wrk_run "measured" "$c" "$duration" "$results/tokens-c$c.txt"
  summary "$results/tokens-c$c.txt" | tee -a "$results/summary.txt"
done

# --- push with and without token authentication, interleaved -----------------------------------
if want push; then
  quiet
  log "push: $runs runs of a fresh $layers-layer image to each registry, interleaved"
  {
    echo "\$ bench/registry/push.py --plain 127.0.0.1:$plain_port --crossrole $cr_registry --runs $runs --layers $layers --layer-kb $layer_kb --pids ..."
    python3 "$here/push.py" --plain "127.0.0.1:$plain_port" --crossrole "$cr_registry" \
      --password-file "$work/password" --work "$work" --out "$results" --runs "$runs" \
      --layers "$layers" --layer-kb "$layer_kb" --pids "$plain_pid,$child_pid,$cr_pid"
    # A push fetches its token on a new connection: that round trip alone, as curl sees it.
    for _ in $(seq 1 50); do
      curl -s -o /dev/null -w '%{time_total}\n' -H @"$work/auth-header" "$token_url"
    done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "  the token round trip on a new connection (curl, 50 times): median %.2f ms, p90 %.2f ms\n", t[int((NR + 1) / 2)], t[int(NR * 0.9)] }'
  } | tee "$results/push.txt"
  tail -n +2 "$results/push.txt" >>"$results/summary.txt"
fi

kill -TERM $cr_pid
wait $cr_pid || true
log "done: $results"
cat "$results/summary.txt"
