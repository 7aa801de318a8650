#!/usr/bin/env bash
# End-to-end throughput of `bin/crossrole policy eval --cases FILE`.
#
# Generates a JSONL file of N cases (default 100,000) in a temporary directory: the seed story's
# cross-account sts:AssumeRole (trust policy + 5-statement identity policy, the same documents as
# the SeedDecision JMH benchmark) with ExternalIds and principals varied so that decisions vary.
# Checks the decisions of a sample against the expected ones (untimed; this also builds the jar if
# bin/crossrole needs to), then times RUNS runs over the whole file with output to /dev/null and
# prints evaluations per second. Every run is bounded by TIMEOUT seconds; the temporary directory is
# removed on exit.
#
# Usage: bench/eval-throughput.sh [N] ; env: RUNS (default 3), TIMEOUT (default 600)
set -euo pipefail

N="${1:-100000}"
RUNS="${RUNS:-3}"
TIMEOUT="${TIMEOUT:-600}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="$ROOT/bin/crossrole"
RES="$ROOT/bench/src/main/resources/dev/crossrole/bench"

if [[ ! -x "$CLI" ]]; then
  echo "eval-throughput: $CLI does not exist (or is not executable)" >&2
  exit 2
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/crossrole-eval-throughput.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

CASES="$TMP/cases.jsonl"
EXPECTED="$TMP/expected.txt"
python3 - "$N" "$RES/seed-identity.json" "$RES/seed-trust.json" "$CASES" "$EXPECTED" <<'PY'
import json, sys
n = int(sys.argv[1])
identity = json.load(open(sys.argv[2]))
trust = json.load(open(sys.argv[3]))
role = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE"
with open(sys.argv[4], "w") as out, open(sys.argv[5], "w") as exp:
    for i in range(n):
        k = i % 10
        principal = "arn:aws:iam::222222222222:user/builder"
        context = {"sts:ExternalId": "some_key_build", "aws:SourceIp": "10.1.%d.%d" % (i // 256 % 256, i % 256)}
        decision = "allowed"
        if k == 6:    # wrong ExternalId
            context["sts:ExternalId"] = "some_key_build_%d" % i
            decision = "implicitDeny"
        elif k == 7:  # no ExternalId at all
            del context["sts:ExternalId"]
            decision = "implicitDeny"
        elif k == 8:  # another user of the BUILD account, not named by the trust policy
            principal = "arn:aws:iam::222222222222:user/intern-%d" % i
            decision = "implicitDeny"
        elif k == 9:  # a user of a third account with the right ExternalId
            principal = "arn:aws:iam::333333333333:user/builder"
            decision = "implicitDeny"
        case = {
            "id": "case-%06d" % i,
            "request": {"principal": principal, "action": "sts:AssumeRole", "resource": role,
                        "context": context},
            "identityPolicies": [identity],
            "resourcePolicy": trust,
        }
        out.write(json.dumps(case, separators=(",", ":")) + "\n")
        exp.write("%s %s\n" % (case["id"], decision))
PY
echo "cases: $N in $(du -h "$CASES" | cut -f1) ($CASES)"

# Untimed check on a sample: the command answers one line per case with the expected decisions.
head -n 1000 "$CASES" > "$TMP/sample.jsonl"
if ! timeout "$TIMEOUT" "$CLI" policy eval --cases "$TMP/sample.jsonl" > "$TMP/sample.out" 2> "$TMP/sample.err"; then
  echo "eval-throughput: 'crossrole policy eval' failed on the sample:" >&2
  tail -n 20 "$TMP/sample.err" >&2
  exit 1
fi
python3 - "$TMP/sample.out" "$EXPECTED" <<'PY'
import json, sys
expected = dict(line.split() for line in open(sys.argv[2]))
got = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
if len(got) != 1000:
    sys.exit("eval-throughput: expected 1000 result lines, got %d" % len(got))
wrong = [g for g in got if expected.get(g.get("id")) != g.get("decision")]
if wrong:
    sys.exit("eval-throughput: %d wrong decisions, first: %s" % (len(wrong), wrong[0]))
counts = {}
for g in got:
    counts[g["decision"]] = counts.get(g["decision"], 0) + 1
print("sample check: 1000 decisions as expected %s" % counts)
PY

echo "timing: $CLI policy eval --cases FILE > /dev/null  ($RUNS runs, JVM start-up included)"
RATES=()
r=0
rebuilds=0
while (( r < RUNS )); do
  start=$(date +%s%N)
  if ! timeout "$TIMEOUT" "$CLI" policy eval --cases "$CASES" > /dev/null 2> "$TMP/run.err"; then
    echo "eval-throughput: run $((r + 1)) failed or exceeded ${TIMEOUT}s:" >&2
    tail -n 20 "$TMP/run.err" >&2
    exit 1
  fi
  end=$(date +%s%N)
  # bin/crossrole rebuilds its jar when a source changed meanwhile: such a run is not a measurement.
  if grep -q "crossrole: building" "$TMP/run.err"; then
    rebuilds=$((rebuilds + 1))
    echo "run discarded: bin/crossrole rebuilt its jar during it" >&2
    if (( rebuilds > 3 )); then
      echo "eval-throughput: the jar keeps being rebuilt (sources changing); giving up" >&2
      exit 1
    fi
    continue
  fi
  r=$((r + 1))
  rate=$(awk -v n="$N" -v ns="$((end - start))" 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
  secs=$(awk -v ns="$((end - start))" 'BEGIN { printf "%.3f", ns / 1e9 }')
  RATES+=("$rate")
  echo "run $r: $N evaluations in ${secs} s = $rate evaluations/second"
done
median=$(printf '%s\n' "${RATES[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: $median evaluations/second"
