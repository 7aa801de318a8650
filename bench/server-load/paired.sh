#!/usr/bin/env bash
# Paired A/B of the AssumeRole path: several server jars up at once, each on its own copy of the
# data directory run.sh seeded, loaded in turn in short wrk bursts (each variant once per round), so
# that the machine's other load falls on every variant alike. Prints one line per burst:
# ROUND VARIANT REQ/S CPU-NANOS-PER-REQUEST (the server process's user+system time over the burst).
#
#   bench/server-load/paired.sh > results.txt; bench/server-load/paired_summary.py results.txt BASE
#
# Settings: VARIANTS ("before main": jars $JARS/NAME.jar; a name ending in -lean runs NAME's jar
# with --no-audit --access-log off, one ending in -noaudit with --no-audit), JARS (/tmp/jars), SEEDED (run.sh's WORK, which holds the seeded
# data directory and builder.json; default /tmp/crossrole-server-bench), PAIRS (20 rounds), SECS
# (3 s a burst), C (8 connections), SERVER_ARGS (more arguments for every server, such as
# "--db jdbc:postgresql://…" with CROSSROLE_DB_USER and CROSSROLE_DB_PASSWORD in the environment and
# a SEEDED data directory seeded on that database). Needs java, wrk, python3 with botocore.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
seeded="${SEEDED:-/tmp/crossrole-server-bench}"
jars="${JARS:-/tmp/jars}"
pairs="${PAIRS:-20}" c="${C:-8}" secs="${SECS:-3}"
read -r -a variants <<<"${VARIANTS:-before main}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
declare -A pid port
p=18790
for v in "${variants[@]}"; do
  cp -r "$seeded/data" "$work/data-$v"
  port[$v]=$p
  p=$((p + 1))
  args=()
  [[ $v == *-lean ]] && args=(--no-audit --access-log off)
  [[ $v == *-noaudit ]] && args=(--no-audit)
  : >"$work/log-$v"
  read -r -a extra <<<"${SERVER_ARGS:-}"
  java -jar "$jars/${v%%-*}.jar" server --port "${port[$v]}" --data "$work/data-$v" "${args[@]}" \
    "${extra[@]}" >"$work/log-$v" 2>&1 &
  pid[$v]=$!
done
trap 'kill "${pid[@]}" 2>/dev/null; rm -rf "$work"' EXIT
for v in "${variants[@]}"; do
  for _ in $(seq 1 600); do grep -q ready "$work/log-$v" && break; sleep 0.1; done
  python3 "$here/sign_request.py" --endpoint "http://127.0.0.1:${port[$v]}" \
    --credentials "$seeded/builder.json" --action AssumeRole \
    --param RoleArn=arn:aws:iam::111111111111:role/OURTHINGBUILDROLE \
    --param RoleSessionName=bench --param ExternalId=some_key_build --out "$work/req-$v" >/dev/null
  wrk -t2 -c"$c" -d10s -s "$work/req-$v.lua" "http://127.0.0.1:${port[$v]}/" >/dev/null # warm-up
done
for r in $(seq 1 "$pairs"); do
  for v in "${variants[@]}"; do
    t0=$(awk '{print $14 + $15}' "/proc/${pid[$v]}/stat")
    out=$(wrk -t2 -c"$c" -d"${secs}s" -s "$work/req-$v.lua" "http://127.0.0.1:${port[$v]}/")
    t1=$(awk '{print $14 + $15}' "/proc/${pid[$v]}/stat")
    n=$(echo "$out" | awk '/requests in/{print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
    echo "$r $v $rps $(((t1 - t0) * 10000000 / n))"
  done
done
