#!/usr/bin/env bash
# The crossrole server benchmark, side by side with moto_server: startup to `ready`, idle RSS,
# AssumeRole throughput (wrk replaying one SigV4-signed request), AssumeRole latency at a fixed rate
# (FixedRateLoad, open loop), GetCallerIdentity with temporary vs long-term credentials, JFR
# profiles, and a count of the SQL statements each kind of request runs. See docs/benchmarks.md,
# section "Server".
#
#   bench/server-load/run.sh [RESULTS_DIR]
#
# Needs: java 17, wrk, jfr/jcmd, python3 with botocore, aws (CLI), moto_server, and
# bench/target/benchmarks.jar (mvn -B -q -Pbench -pl bench -am package -DskipTests).
# Settings (environment): CROSSROLE_JAR (default: a copy of cli/target/crossrole.jar, built by
# bin/crossrole when stale), WORK (scratch directory, default /tmp/crossrole-server-bench, holds
# the data directories, keys and signed requests; never written to RESULTS_DIR), WARMUP (10 s),
# CROSSROLE_JAR_SOURCE (free text recorded with the jar, e.g. the commit it was built from),
# DURATION (30 s), CONNECTIONS ("8 64"), WRK_THREADS (2), RATES ("1000 200"), FIXED_REPEATS (3),
# SUSTAINED_RUNS (4), PORT_BASE (18747), QUIET_WAIT (300 s: how long each phase may wait for the
# machine to quiet down), PHASES (default "startup throughput fixed sustained gci jfr sql"; the
# seed scenario, both servers and the idle RSS always run), SERVER_JAVA_OPTS (JVM options of the
# measured crossrole instance, e.g. to compare GC settings; default: none beyond the GC log),
# SERVER_ARGS (options of the measured instance's `crossrole server`, e.g. "--access-log off" or
# "--no-audit" to measure what the request log or the audit trail costs; default: none).
# Every load goes to 127.0.0.1 and is bounded in time.
#
# The quickest look at the p99 target (about 5 minutes):
#   PHASES=fixed RATES=1000 FIXED_REPEATS=2 bench/server-load/run.sh
# Each result file starts with the command that produced it; summary.txt has one line per
# measurement, monitor.txt the machine's other load every 5 s (figures taken while "others" was
# high are noisy).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
results="${1:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}"
work="${WORK:-/tmp/crossrole-server-bench}"
warmup="${WARMUP:-10}"
duration="${DURATION:-30}"
connections="${CONNECTIONS:-8 64}"
wrk_threads="${WRK_THREADS:-2}"
rates="${RATES:-1000 200}"
fixed_repeats="${FIXED_REPEATS:-3}"
sustained_runs="${SUSTAINED_RUNS:-4}"
port_base="${PORT_BASE:-18747}"
phases=" ${PHASES:-startup throughput fixed sustained gci jfr sql} "
read -r -a server_java_opts <<<"${SERVER_JAVA_OPTS:-}"
read -r -a server_args <<<"${SERVER_ARGS:-}"
want() { [[ "$phases" == *" $1 "* ]]; }
cr_port=$port_base
moto_port=$((port_base + 1))
startup_port=$((port_base + 2))
trace_port=$((port_base + 3))
bench_jar="$root/bench/target/benchmarks.jar"
role_arn_cr="arn:aws:iam::111111111111:role/OURTHINGBUILDROLE"
role_arn_moto="arn:aws:iam::123456789012:role/OURTHINGBUILDROLE"

for tool in java wrk jfr jcmd python3 aws moto_server; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done
[ -f "$bench_jar" ] || { echo "run.sh: build $bench_jar first (see header)" >&2; exit 2; }
[ "$warmup" -le 120 ] && [ "$duration" -le 300 ] || { echo "run.sh: WARMUP ≤ 120, DURATION ≤ 300" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work" "$results"
touch "$results/summary.txt"
chmod 700 "$work"
umask 077

QUIET_DEFAULT=300
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"
crossrole_jar
rss_mb() { echo $(($(ps -o rss= -p "$1") / 1024)); }

wait_ready() { # LOGFILE PID
  for _ in $(seq 1 300); do
    grep -q ready "$1" && return 0
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; return 1; }
    sleep 0.1
  done
  echo "no ready line within 30 s" >&2
  return 1
}

# --- the machine --------------------------------------------------------------------------------
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "commit: $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "jar: $CROSSROLE_JAR sha256 $(sha256sum "$CROSSROLE_JAR" | cut -c1-16) ${CROSSROLE_JAR_SOURCE:-}"
  echo "nproc: $(nproc)"
  lscpu | grep -E 'Model name|Hypervisor vendor|Thread\(s\) per core'
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GB"}')"
  echo "kernel: $(uname -r)"
  java -version 2>&1
  echo "$(wrk --version 2>&1 | head -1)"
  echo "aws: $(aws --version 2>&1)"
  echo "moto: $(python3 -c 'import moto; print(moto.__version__)') ($(command -v moto_server))"
  echo "settings: WARMUP=$warmup DURATION=$duration CONNECTIONS='$connections' WRK_THREADS=$wrk_threads RATES='$rates' FIXED_REPEATS=$fixed_repeats SUSTAINED_RUNS=$sustained_runs PHASES='${phases# }' SERVER_JAVA_OPTS='${SERVER_JAVA_OPTS:-}' SERVER_ARGS='${SERVER_ARGS:-}'"
} >"$results/machine.txt"
cat "$results/machine.txt"

monitor

server_cmd=(java -jar "$CROSSROLE_JAR" server --account ours=111111111111 --account build=222222222222)

# --- startup to ready ---------------------------------------------------------------------------
if want startup; then
  quiet
  log "startup: 5 runs, fresh data directory each"
  python3 "$here/startup.py" --runs 5 --fresh --data "$work/startup-fresh" -- \
    "${server_cmd[@]}" --port "$startup_port" --data '{data}' | tee "$results/startup-fresh.txt"
fi

# The seed scenario, on the data directory the rest of the run uses.
data="$work/data"
setup_crossrole() {
  local cfg=(env AWS_CONFIG_FILE="$data/config" AWS_SHARED_CREDENTIALS_FILE="$data/credentials")
  "${cfg[@]}" aws --profile build iam create-user --user-name builder --query User.Arn --output text
  "${cfg[@]}" aws --profile ours iam create-role --role-name OURTHINGBUILDROLE \
    --assume-role-policy-document "file://$work/trust.json" --query Role.Arn --output text
  "${cfg[@]}" aws --profile ours iam put-role-policy --role-name OURTHINGBUILDROLE \
    --policy-name ecr-push --policy-document "file://$work/role-permissions.json"
  "${cfg[@]}" aws --profile build iam put-user-policy --user-name builder \
    --policy-name AssumeOurThingBuildRole --policy-document "file://$work/builder-policy.json"
  "${cfg[@]}" aws --profile build iam create-access-key --user-name builder \
    | python3 -c 'import json,sys; json.dump(json.load(sys.stdin)["AccessKey"], sys.stdout)' \
      >"$work/builder.json"
}
cat >"$work/trust.json" <<'EOF'
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:user/builder"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"some_key_build"}}}]}
EOF
cat >"$work/role-permissions.json" <<'EOF'
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken"],"Resource":"*"},{"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:PutImage"],"Resource":"arn:aws:ecr:us-east-1:111111111111:repository/ourthing/*"}]}
EOF
sed 's/ROLE_ARN/arn:aws:iam::111111111111:role\/OURTHINGBUILDROLE/' >"$work/builder-policy.json" <<'EOF'
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"ROLE_ARN"}]}
EOF
sed 's/111111111111/123456789012/' "$work/builder-policy.json" >"$work/moto-builder-policy.json"

log "seed scenario on $data"
"${server_cmd[@]}" --port "$cr_port" --data "$data" >"$work/crossrole-setup.log" 2>&1 &
setup_pid=$!
pids+=($setup_pid)
wait_ready "$work/crossrole-setup.log" $setup_pid
setup_crossrole | tee -a "$results/run.log"
kill -TERM $setup_pid
wait $setup_pid || true

if want startup; then
  quiet
  log "startup: 5 runs, existing data directory (the seeded one)"
  python3 "$here/startup.py" --runs 5 --data "$data" -- \
    "${server_cmd[@]}" --port "$startup_port" --data '{data}' | tee "$results/startup-existing.txt"
fi

# --- both servers up, idle RSS ------------------------------------------------------------------
log "starting crossrole on :$cr_port and moto_server on :$moto_port"
# The measured instance logs its GC pauses (logging only; every other JVM option is the default
# unless SERVER_JAVA_OPTS gives some).
gc_log="$results/crossrole-gc.log"
java "${server_java_opts[@]}" -Xlog:gc:file="$gc_log":uptime -jar "$CROSSROLE_JAR" server --account ours=111111111111 \
  --account build=222222222222 --port "$cr_port" --data "$data" "${server_args[@]}" >"$work/crossrole.log" 2>&1 &
cr_pid=$!
pids+=($cr_pid)
wait_ready "$work/crossrole.log" $cr_pid
moto_server -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
pids+=($moto_pid)
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$moto_port/" && break
  sleep 0.1
done

# moto: the same role and user (in moto's default account; moto checks no signature or policy).
{
  printf '[profile ours]\nregion = us-east-1\n[profile build]\nregion = us-east-1\n' >"$work/moto.config"
  printf '[ours]\naws_access_key_id = AKIAOURS000000000000\naws_secret_access_key = %s\n[build]\naws_access_key_id = AKIABUILD00000000000\naws_secret_access_key = %s\n' \
    "$(head -c 30 /dev/urandom | base64)" "$(head -c 30 /dev/urandom | base64)" >"$work/moto.credentials"
  m=(env AWS_CONFIG_FILE="$work/moto.config" AWS_SHARED_CREDENTIALS_FILE="$work/moto.credentials" aws --endpoint-url "http://127.0.0.1:$moto_port")
  "${m[@]}" --profile build iam create-user --user-name builder --query User.Arn --output text
  "${m[@]}" --profile ours iam create-role --role-name OURTHINGBUILDROLE \
    --assume-role-policy-document "file://$work/trust.json" --query Role.Arn --output text
  "${m[@]}" --profile ours iam put-role-policy --role-name OURTHINGBUILDROLE \
    --policy-name ecr-push --policy-document "file://$work/role-permissions.json"
  "${m[@]}" --profile build iam put-user-policy --user-name builder \
    --policy-name AssumeOurThingBuildRole --policy-document "file://$work/moto-builder-policy.json"
  "${m[@]}" --profile build iam create-access-key --user-name builder \
    | python3 -c 'import json,sys; json.dump(json.load(sys.stdin)["AccessKey"], sys.stdout)' \
      >"$work/moto-builder.json"
} | tee -a "$results/run.log"

sleep 10
{
  echo "idle RSS 10 s after start (crossrole after ready, moto after the setup calls):"
  echo "  crossrole $(rss_mb $cr_pid) MB"
  echo "  moto_server $(rss_mb $moto_pid) MB"
} | tee "$results/rss.txt"

sign() { # NAME ENDPOINT_PORT CREDENTIALS ACTION PARAMS...
  local out=$1 port=$2 creds=$3 action=$4
  shift 4
  local params=()
  for p in "$@"; do params+=(--param "$p"); done
  python3 "$here/sign_request.py" --endpoint "http://127.0.0.1:$port" --credentials "$creds" \
    --action "$action" "${params[@]}" --out "$work/$out"
}
sign_assume() {
  sign assume-cr $cr_port "$work/builder.json" AssumeRole RoleArn=$role_arn_cr \
    RoleSessionName=bench ExternalId=some_key_build
  sign assume-moto $moto_port "$work/moto-builder.json" AssumeRole RoleArn=$role_arn_moto \
    RoleSessionName=bench ExternalId=some_key_build
}

# Checks one replay of a signed request: status 200 and the expected element.
check() { # NAME PORT EXPECT
  python3 - "$work/$1.req" "$2" "$3" <<'EOF'
import sys, urllib.request
text = open(sys.argv[1]).read()
head, body = text.split("\n\n", 1)
lines = head.split("\n")
headers = dict(l.split(": ", 1) for l in lines[1:])
r = urllib.request.Request(f"http://127.0.0.1:{sys.argv[2]}/", data=body.encode(), headers=headers, method="POST")
with urllib.request.urlopen(r, timeout=10) as resp:
    text = resp.read().decode()
    assert resp.status == 200 and sys.argv[3] in text, text[:300]
print(f"check {sys.argv[1].rsplit('/', 1)[1]}: 200 with {sys.argv[3]}")
EOF
}

# GC pauses of the measured crossrole instance logged since line $1 of its GC log, and how fast it
# allocated: the heap grew by (before this young pause) - (after the previous one) between pauses,
# summed from the first to the last young pause of the window (to ±1 MB per pause).
gc_since() {
  tail -n +"$(($1 + 1))" "$gc_log" | awk '
    /Pause/ && /ms$/ { v = $NF; sub("ms", "", v); v += 0; n++; t += v; if (v > m) m = v; if (v > 10) o++ }
    /Pause Young/ && match($0, /[0-9]+M->[0-9]+M/) {
      split(substr($0, RSTART, RLENGTH), h, /M->|M/); s = substr($1, 2) + 0
      if (y++) { mb += h[1] - last; secs = s - first } else { first = s }
      last = h[2]
    }
    END { printf "crossrole GC pauses: %d, total %.0f ms, longest %.1f ms, %d over 10 ms", n, t, m, o
          if (secs > 0) printf "; allocating %.1f MB/s", mb / secs
          printf "\n" }'
}
gc_mark() { [ -f "$gc_log" ] && wc -l <"$gc_log" || echo 0; }

wrk_run() { # LABEL PID PORT LUA CONNECTIONS SECONDS OUTFILE
  local label=$1 pid=$2 port=$3 lua=$4 c=$5 secs=$6 out=$7
  local t=$wrk_threads
  [ "$c" -lt "$t" ] && t=$c
  local cpu0 cpu1 mark
  cpu0=$(cpu_seconds "$pid")
  mark=$(gc_mark)
  {
    echo "\$ wrk -t$t -c$c -d${secs}s --latency -s $(basename "$lua") http://127.0.0.1:$port/   # $label"
    timeout $((secs + 30)) wrk -t"$t" -c"$c" -d"${secs}s" --timeout 10s --latency -s "$lua" "http://127.0.0.1:$port/"
  } >"$out"
  cpu1=$(cpu_seconds "$pid")
  local n
  n=$(awk '/requests in/ {print $1}' "$out")
  awk -v a="$cpu0" -v b="$cpu1" -v n="$n" -v s="$secs" \
    'BEGIN { printf "server CPU: %.1f s in %d s = %.2f cores; %.0f µs of CPU per request\n", b - a, s, (b - a) / s, n ? (b - a) / n * 1e6 : 0 }' >>"$out"
  [ "$pid" = "${cr_pid:-}" ] && gc_since "$mark" >>"$out"
  if grep -q "Non-2xx" "$out"; then echo "WARNING: non-2xx responses" >>"$out"; fi
}

summary() { # FILE -> one line
  awk -v f="$(basename "$1")" '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF} /Socket errors/ {err=$0} /server CPU/ {cpu=$0} /GC pauses/ {gc=" | " $0}
    END { printf "%-44s %10s req/s  p50 %-9s p99 %-9s non-2xx %s %s | %s%s\n", f, rps, p50, p99, bad ? bad : 0, err, cpu, gc }' "$1"
}

# --- AssumeRole throughput, side by side --------------------------------------------------------
sign_assume
check assume-cr $cr_port "<AssumeRoleResult>" | tee -a "$results/run.log"
check assume-moto $moto_port "<AssumeRoleResult>" | tee -a "$results/run.log"
want throughput && for c in $connections; do
  for target in crossrole moto; do
    if [ $target = crossrole ]; then pid=$cr_pid port=$cr_port lua="$work/assume-cr.lua"; else pid=$moto_pid port=$moto_port lua="$work/assume-moto.lua"; fi
    quiet
    log "AssumeRole $target, $c connections: warm-up ${warmup} s, measured ${duration} s"
    wrk_run "$target warm-up" $pid $port "$lua" "$c" "$warmup" "$results/assume-$target-c$c-warmup.txt"
    wrk_run "$target" $pid $port "$lua" "$c" "$duration" "$results/assume-$target-c$c.txt"
    summary "$results/assume-$target-c$c.txt" | tee -a "$results/summary.txt"
  done
done

# --- AssumeRole at a fixed rate (open loop), side by side ---------------------------------------
# The driver writes HTTP/1.1 on plain sockets (32 connections) and runs on Epsilon: no GC of its
# own to count as the server's latency (it allocates ~1.2 KB per request; 1 GB is ample).
driver=(java -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -Xms64m -Xmx1g -cp "$bench_jar" dev.crossrole.bench.server.FixedRateLoad)
want fixed && for rate in $rates; do
  for i in $(seq 1 "$fixed_repeats"); do
    for target in crossrole moto; do
      if [ $target = crossrole ]; then port=$cr_port req="$work/assume-cr.req"; else port=$moto_port req="$work/assume-moto.req"; fi
      sign_assume
      quiet
      log "AssumeRole $target at $rate requests/s, run $i: warm-up ${warmup} s, measured ${duration} s"
      out="$results/fixed-$target-$rate-$i.txt"
      {
        echo "\$ java -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -Xms64m -Xmx1g -cp bench/target/benchmarks.jar dev.crossrole.bench.server.FixedRateLoad --url http://127.0.0.1:$port/ --request $(basename "$req") --rate $rate --warmup $warmup --duration $duration --connections 32 --expect '<AssumeRoleResult>'"
        mark=$(gc_mark)
        timeout $((warmup + duration + 60)) "${driver[@]}" \
          --url "http://127.0.0.1:$port/" --request "$req" --rate "$rate" --warmup "$warmup" \
          --duration "$duration" --connections 32 --expect "<AssumeRoleResult>"
        # The pauses of warm-up and measured phase together (the log has no phase marks); at a
        # fixed rate the allocation rate gives the allocation per request.
        [ $target = crossrole ] && gc_since "$mark" | sed 's/^/warm-up + measured: /' \
          | awk -v r="$rate" '{ print } match($0, /allocating [0-9.]+ MB\/s/) {
              split(substr($0, RSTART, RLENGTH), a, " "); printf "crossrole allocates ~%.0f KB per AssumeRole (%s MB/s at %s/s)\n", a[2] * 1024 / r, a[2], r }'
      } >"$out" 2>&1
      echo "$(basename "$out"): $(grep -E '^(measured|latency|warm-up \+|crossrole allocates)' "$out" | tr '\n' ' ')" | tee -a "$results/summary.txt"
    done
  done
done

# --- sustained: crossrole, back-to-back runs at the highest connection count ---------------------
c_max=$(echo $connections | tr ' ' '\n' | sort -n | tail -1)
if want sustained; then
  sign_assume
  quiet
  log "AssumeRole crossrole sustained: $sustained_runs × ${duration} s back to back, $c_max connections"
  for i in $(seq 1 "$sustained_runs"); do
    wrk_run "crossrole sustained $i" $cr_pid $cr_port "$work/assume-cr.lua" "$c_max" "$duration" "$results/sustained-$i.txt"
    summary "$results/sustained-$i.txt" | tee -a "$results/summary.txt"
  done
fi

# --- GetCallerIdentity: temporary vs long-term credentials --------------------------------------
log "GetCallerIdentity: temporary credentials from AssumeRole, and builder's long-term keys"
env AWS_ACCESS_KEY_ID="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["AccessKeyId"])' "$work/builder.json")" \
  AWS_SECRET_ACCESS_KEY="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["SecretAccessKey"])' "$work/builder.json")" \
  AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
  aws --endpoint-url "http://127.0.0.1:$cr_port" --region us-east-1 sts assume-role \
  --role-arn $role_arn_cr --role-session-name gci --external-id some_key_build \
  --query Credentials --output json >"$work/temporary.json"
sign_gci() {
  sign gci-temporary $cr_port "$work/temporary.json" GetCallerIdentity
  sign gci-longterm $cr_port "$work/builder.json" GetCallerIdentity
}
sign_gci
check gci-temporary $cr_port "assumed-role/OURTHINGBUILDROLE/gci" | tee -a "$results/run.log"
check gci-longterm $cr_port "user/builder" | tee -a "$results/run.log"
want gci && for kind in temporary longterm; do
  quiet
  log "GetCallerIdentity $kind, $c_max connections: warm-up ${warmup} s, measured ${duration} s"
  wrk_run "gci $kind warm-up" $cr_pid $cr_port "$work/gci-$kind.lua" "$c_max" "$warmup" "$results/gci-$kind-warmup.txt"
  wrk_run "gci $kind" $cr_pid $cr_port "$work/gci-$kind.lua" "$c_max" "$duration" "$results/gci-$kind.txt"
  summary "$results/gci-$kind.txt" | tee -a "$results/summary.txt"
done

# --- idle RSS after the load --------------------------------------------------------------------
sleep 10
{
  echo "idle RSS 10 s after the last load:"
  echo "  crossrole $(rss_mb $cr_pid) MB"
  echo "  moto_server $(rss_mb $moto_pid) MB"
} | tee -a "$results/rss.txt"

kill -TERM $cr_pid $moto_pid
wait $cr_pid || true
wait $moto_pid || true

# --- JFR: where the CPU goes ---------------------------------------------------------------------
# A separate instance on the same data directory, so that the figures above come from a JVM with
# default options. DebugNonSafepoints lets a sample name the method the CPU was really in (without
# it, a sample in JIT-compiled code is attributed to the nearest safepoint's method, which can be a
# neighbouring inlined one); stackdepth=256 keeps whole stacks (Jetty's frames sit under ~60 others).
if want jfr; then
  profile_port=$((port_base + 4))
  java -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:FlightRecorderOptions=stackdepth=256 \
    -jar "$CROSSROLE_JAR" server --port "$profile_port" --data "$data" >"$work/profile-server.log" 2>&1 &
  profile_pid=$!
  pids+=($profile_pid)
  wait_ready "$work/profile-server.log" $profile_pid
  sign assume-profile $profile_port "$work/builder.json" AssumeRole RoleArn=$role_arn_cr RoleSessionName=bench ExternalId=some_key_build
  sign gci-temporary-profile $profile_port "$work/temporary.json" GetCallerIdentity
  sign gci-longterm-profile $profile_port "$work/builder.json" GetCallerIdentity
  jfr_run() { # NAME LUA
    quiet
    log "JFR profile: $1 ($c_max connections, warm-up ${warmup} s, recorded 20 s)"
    wrk_run "$1 warm-up" $profile_pid $profile_port "$2" "$c_max" "$warmup" "$results/jfr-$1-warmup-wrk.txt"
    jcmd $profile_pid JFR.start name="$1" settings=profile filename="$work/$1.jfr" >/dev/null
    wrk_run "$1 under JFR" $profile_pid $profile_port "$2" "$c_max" 20 "$results/jfr-$1-wrk.txt"
    jcmd $profile_pid JFR.stop name="$1" >/dev/null
    python3 "$here/jfr_top.py" "$work/$1.jfr" >"$results/jfr-$1.txt"
    head -12 "$results/jfr-$1.txt" | tee -a "$results/run.log"
  }
  jfr_run assume "$work/assume-profile.lua"
  jfr_run gci-temporary "$work/gci-temporary-profile.lua"
  jfr_run gci-longterm "$work/gci-longterm-profile.lua"
  kill -TERM $profile_pid
  wait $profile_pid || true
fi

# --- SQL statements per request, counted by H2's own trace --------------------------------------
# The same data directory, opened through --db with H2's statement trace on (TRACE_LEVEL_FILE=3,
# DEBUG: one line per statement executed). The trace stays in $WORK; only counts are kept.
if want sql; then
  log "SQL statements per request (H2 trace)"
  trace="$data/crossrole.trace.db"
  "${server_cmd[@]}" --port "$trace_port" --data "$data" \
    --db "jdbc:h2:file:$data/crossrole;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=3;TRACE_MAX_FILE_SIZE=512" \
    >"$work/trace-server.log" 2>&1 &
  trace_pid=$!
  pids+=($trace_pid)
  wait_ready "$work/trace-server.log" $trace_pid
  sign trace-assume $trace_port "$work/builder.json" AssumeRole RoleArn=$role_arn_cr RoleSessionName=bench ExternalId=some_key_build
  sign trace-gci-temporary $trace_port "$work/temporary.json" GetCallerIdentity
  sign trace-gci-longterm $trace_port "$work/builder.json" GetCallerIdentity
  statements() { [ -f "$trace" ] && grep -c '/\*SQL' "$trace" || echo 0; }
  {
    echo "SQL statements run by the store (H2 TRACE_LEVEL_FILE=3), 1,000 requests of each kind at 200/s:"
    for kind in gci-temporary gci-longterm assume; do
      case $kind in assume) expect="<AssumeRoleResult>" ;; *) expect="<GetCallerIdentityResult>" ;; esac
      sleep 1
      before=$(statements)
      timeout 60 "${driver[@]}" \
        --url "http://127.0.0.1:$trace_port/" --request "$work/trace-$kind.req" --rate 200 --warmup 0 \
        --duration 5 --expect "$expect" >"$work/trace-$kind.out" 2>&1
      sleep 1
      after=$(statements)
      ok=$(awk '/^measured/ {print $4}' "$work/trace-$kind.out")
      echo "  $kind: $ok requests answered 200, $((after - before)) SQL statements"
      grep '/\*SQL' "$trace" | tail -n +$((before + 1)) | sed -E 's/^.*\*\/ *//; s/ \{1:.*$//' | sort | uniq -c | sort -rn | head -5 | sed 's/^/      /'
    done
  } | tee "$results/sql-statements.txt"
  kill -TERM $trace_pid
  wait $trace_pid || true
fi

log "done: $results"
cat "$results/summary.txt"
