#!/usr/bin/env bash
# What docker-registry's own bearer-token check costs per request, by key type: three registries
# configured as crossrole configures its child (RegistryConfigYaml: filesystem storage, deletes,
# in-memory blob descriptor cache, log level warn), one without authentication, one trusting an
# EC P-256 certificate (ES256 tokens, what crossrole signs), one an RSA 2048 certificate (RS256),
# each with distribution's debug server for CPU profiles. wrk sends the same repository request to
# each (GET of an unknown blob: the token check, then a 404 BLOB_UNKNOWN), one connection, in
# alternating rounds; the registry's CPU time per request (from /proc) gives the check's cost as the
# difference to the registry without authentication, and a CPU profile of each authenticating
# registry gives the share of its time inside the token check and inside the signature check.
# Last, the cost of signing one token of each kind in Java, as crossrole would (SigningCost.java).
# See docs/benchmarks.md, section "Registry".
#
#   bench/registry/verify-cost.sh [RESULTS_DIR]
#
# Needs: docker-registry (2.8), wrk, curl, java 17, python3 with cryptography, and the crossrole jar
# (built by bin/crossrole when stale; it holds BouncyCastle for SigningCost.java). About 3 minutes.
# Settings (environment): ROUNDS (8), SECS (4, each wrk run), PROFILE_SECS (8), PORT_BASE (18870),
# WORK (/tmp/crossrole-verify-cost), QUIET_WAIT (120 s).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
results="${1:-$here/results/verify-$(date -u +%Y%m%dT%H%M%SZ)}"
work="${WORK:-/tmp/crossrole-verify-cost}"
rounds="${ROUNDS:-8}"
secs="${SECS:-4}"
profile_secs="${PROFILE_SECS:-8}"
port_base="${PORT_BASE:-18870}"
repository="111111111111/ourthing/app"
path="/v2/$repository/blobs/sha256:$(printf '0%.0s' $(seq 1 64))"

for tool in docker-registry wrk curl java python3; do
  command -v "$tool" >/dev/null || { echo "verify-cost.sh: $tool is not installed" >&2; exit 2; }
done
python3 -c 'import cryptography' || { echo "verify-cost.sh: python3 needs cryptography" >&2; exit 2; }
"$root/bin/crossrole" --version >/dev/null # builds the jar when stale

rm -rf "$work"
mkdir -p "$work" "$results"
chmod 700 "$work"
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"
tick_us=$((1000000 / $(getconf CLK_TCK)))

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "commit: $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
  echo "docker-registry: $(docker-registry --version 2>&1 | head -1) ($(strings "$(command -v docker-registry)" | grep -E "^go1\.[0-9.]+$" | head -1 || true))"
  java -version 2>&1 | head -1
  echo "settings: ROUNDS=$rounds SECS=$secs PROFILE_SECS=$profile_secs"
} | tee "$results/machine.txt"

monitor

# --- three registries, alike but for authentication ------------------------------------------------
declare -A port pid
i=0
for side in none es256 rs256; do
  port[$side]=$((port_base + i))
  debug=$((port_base + 10 + i))
  i=$((i + 1))
  dir="$work/$side"
  mkdir -p "$dir/storage"
  {
    echo "version: 0.1"
    echo "log:"
    echo "  level: warn"
    echo "  formatter: text"
    echo "storage:"
    echo "  filesystem:"
    echo "    rootdirectory: \"$dir/storage\""
    echo "  delete:"
    echo "    enabled: true"
    echo "  cache:"
    echo "    blobdescriptor: inmemory"
    echo "http:"
    echo "  addr: \"127.0.0.1:${port[$side]}\""
    echo "  debug:"
    echo "    addr: \"127.0.0.1:$debug\""
    echo "  headers:"
    echo "    X-Content-Type-Options: [nosniff]"
  } >"$dir/config.yml"
  if [ "$side" != none ]; then
    python3 "$here/tokens.py" key "${side^^}" "$dir"
    {
      echo "auth:"
      echo "  token:"
      echo "    realm: \"http://127.0.0.1:1/registry/token\""
      echo "    service: \"crossrole-registry\""
      echo "    issuer: \"crossrole\""
      echo "    rootcertbundle: \"$dir/cert.pem\""
    } >>"$dir/config.yml"
    python3 "$here/tokens.py" token "$dir" "$repository" 3600 >"$dir/token"
  fi
  docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  pid[$side]=$!
  pids+=(${pid[$side]})
done
for side in none es256 rs256; do
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:${port[$side]}/v2/" && break
    sleep 0.1
  done
done

header() { [ "$1" = none ] && echo "X-Bench: none" || echo "Authorization: Bearer $(cat "$work/$1/token")"; }
{
  echo "the request: GET $path (an unknown blob of $repository)"
  for side in none es256 rs256; do
    echo "  $side with its token: $(curl -s -o /dev/null -w '%{http_code}' -H "$(header "$side")" "http://127.0.0.1:${port[$side]}$path")"
  done
  for side in es256 rs256; do
    echo "  $side without a token: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[$side]}$path")"
    other=$([ "$side" = es256 ] && echo rs256 || echo es256)
    echo "  $side with the other key's token: $(curl -s -o /dev/null -w '%{http_code}' -H "$(header "$other")" "http://127.0.0.1:${port[$side]}$path")"
  done
} | tee "$results/checks.txt"
grep -q 'none with its token: 404' "$results/checks.txt" &&
  grep -q 'es256 with its token: 404' "$results/checks.txt" &&
  grep -q 'rs256 with its token: 404' "$results/checks.txt" &&
  ! grep -E 'without a token|other key' "$results/checks.txt" | grep -qv ': 401' ||
  { echo "verify-cost.sh: the registries do not answer as expected" >&2; exit 1; }

quiet

# --- rounds: CPU per request of each registry -------------------------------------------------------
log "$rounds rounds of ${secs} s per registry, one connection"
echo "# round side requests registry_cpu_us_per_request wall_us_per_request" >"$results/rounds.txt"
sides=(none es256 rs256)
for r in $(seq 1 "$rounds"); do
  for k in 0 1 2; do
    side=${sides[$(((r + k) % 3))]}
    c0=$(cpu_ticks "${pid[$side]}")
    out=$(wrk -t1 -c1 -d"${secs}s" -H "$(header "$side")" "http://127.0.0.1:${port[$side]}$path")
    c1=$(cpu_ticks "${pid[$side]}")
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "$r $side $n $(((c1 - c0) * tick_us / n)) $((secs * 1000000 / n))" >>"$results/rounds.txt"
  done
done
python3 - "$results/rounds.txt" <<'PY' | tee "$results/summary.txt"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if not l.startswith("#")]
cpu = {s: [int(r[3]) for r in rows if r[1] == s] for s in ("none", "es256", "rs256")}
wall = {s: [int(r[4]) for r in rows if r[1] == s] for s in ("none", "es256", "rs256")}
med = {s: statistics.median(v) for s, v in cpu.items()}
print(f"registry CPU per request, median of {len(cpu['none'])} rounds (wall time per request in brackets):")
for s in ("none", "es256", "rs256"):
    extra = "" if s == "none" else f"  token check: +{med[s] - med['none']:.0f} µs a request"
    print(f"  {s:6s} {med[s]:6.0f} µs  [{statistics.median(wall[s]):.0f} µs]{extra}")
PY

# --- profiles: where the token check's time goes ---------------------------------------------------
for side in es256 rs256; do
  log "CPU profile of the $side registry, ${profile_secs} s"
  wrk -t1 -c1 -d"$((profile_secs + 2))s" -H "$(header "$side")" "http://127.0.0.1:${port[$side]}$path" >"$work/$side-wrk.txt" &
  sleep 1
  debug=$((port_base + 10 + $([ "$side" = es256 ] && echo 1 || echo 2)))
  curl -s "http://127.0.0.1:$debug/debug/pprof/profile?seconds=$profile_secs" >"$work/$side.pprof"
  wait $!
  python3 "$here/pprof_top.py" "$work/$side.pprof" \
    'github.com/docker/distribution/registry/auth/token.(*accessController).Authorized' \
    'github.com/docker/distribution/registry/auth/token.NewToken' \
    "$([ "$side" = es256 ] && echo 'crypto/ecdsa.Verify' || echo 'crypto/rsa.VerifyPKCS1v15')" \
    'runtime.gcBgMarkWorker' | sed "s/^/  $side: /" | tee -a "$results/summary.txt"
done

# --- signing one token in Java --------------------------------------------------------------------
log "signing cost in Java"
java -cp "$root/cli/target/crossrole.jar" "$here/SigningCost.java" 3 | sed 's/^/  /' | tee -a "$results/summary.txt"
