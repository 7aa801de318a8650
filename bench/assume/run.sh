#!/usr/bin/env bash
# Whole-process wall time of getting the seed role's credentials on a build machine:
# `bin/crossrole assume` and `--format credential-process` from a warm cache, against the AWS CLI's
# `aws sts assume-role` and `aws configure export-credentials` (AWS CLI v2 only) on the same machine.
# Starts its own server with the seed accounts in a scratch directory and removes it afterwards.
#
#   bench/assume/run.sh [RUNS]     (default 20 runs of each; prints median and p90 in ms)
#
# The AWS CLI v2 rows need a v2 at /usr/bin/aws or /usr/local/bin/aws (Debian: apt-get install awscli).
set -euo pipefail

runs="${1:-20}"
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
bin="$root/bin/crossrole"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" --version >/dev/null # builds the jar when stale, outside the measurements

"$bin" server --port 0 --data "$work/data" --account ours=111111111111 \
  --account build=222222222222 --registry off >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 240); do
  grep -q ready "$work/server.out" 2>/dev/null && break
  sleep 0.25
done
endpoint="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.out" | head -1)"
[ -n "$endpoint" ] || { echo "the server did not start" >&2; cat "$work/server.err" >&2; exit 1; }

export AWS_CONFIG_FILE="$work/data/config" AWS_SHARED_CREDENTIALS_FILE="$work/data/credentials"
export HOME="$work/home" CROSSROLE_CACHE_DIR="$work/cache" AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_STS
mkdir -p "$HOME"
role=arn:aws:iam::111111111111:role/OURTHINGBUILDROLE

# The seed: BUILD's user may assume OUR role, whose trust demands the ExternalId.
aws --profile build iam create-user --user-name builder >/dev/null
aws --profile build iam put-user-policy --user-name builder --policy-name assume --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"$role\"}]}"
aws --profile ours iam create-role --role-name OURTHINGBUILDROLE --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:user/builder"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"some_key_build"}}}]}' >/dev/null
aws --profile build iam create-access-key --user-name builder --output text \
  --query 'AccessKey.[AccessKeyId,SecretAccessKey]' | {
  read -r id secret
  printf '\n[builder]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$id" "$secret" >>"$AWS_SHARED_CREDENTIALS_FILE"
}
cat >>"$AWS_CONFIG_FILE" <<CONFIG

[profile builder]
region = us-east-1
endpoint_url = $endpoint

[profile cp]
region = us-east-1
endpoint_url = $endpoint
credential_process = $bin assume --source-profile builder --role-arn $role --external-id some_key_build --format credential-process
CONFIG

assume=("$bin" assume --source-profile builder --role-arn "$role" --external-id some_key_build)
"${assume[@]}" >/dev/null # fills the cache (and makes the class-data archive): not measured

# Milliseconds of wall time for each of RUNS runs of a command, its output discarded.
measure() {
  local name="$1"
  shift
  "$@" >/dev/null 2>"$work/last.err" || { echo "$name failed:" >&2; cat "$work/last.err" >&2; exit 1; }
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
  done | python3 -c '
import sys
ms = sorted(int(line) for line in sys.stdin)
p = lambda q: ms[min(len(ms) - 1, int(round(q * (len(ms) - 1))))]
print(f"| {sys.argv[1]} | {len(ms)} | {p(0.5)} | {p(0.9)} | {ms[0]} | {ms[-1]} |")' "$name"
}

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "aws: $(aws --version 2>&1)"
echo
echo "| command | runs | median ms | p90 ms | min ms | max ms |"
echo "|---|---|---|---|---|---|"
measure "crossrole assume (warm cache, env)" "${assume[@]}"
measure "crossrole assume --format credential-process (warm cache)" "${assume[@]}" --format credential-process
measure "aws sts assume-role (CLI $(aws --version 2>&1 | cut -d' ' -f1))" \
  aws --profile builder sts assume-role --role-arn "$role" --role-session-name bench --external-id some_key_build
if aws configure export-credentials help >/dev/null 2>&1; then
  measure "aws configure export-credentials --profile cp" aws configure export-credentials --profile cp
else
  echo "| aws configure export-credentials | — | not in $(aws --version 2>&1 | cut -d' ' -f1) (AWS CLI v2 only) | | | |"
fi
for v2 in /usr/bin/aws /usr/local/bin/aws; do
  if [ -x "$v2" ] && "$v2" --version 2>&1 | grep -q 'aws-cli/2'; then
    measure "aws configure export-credentials --profile cp (CLI v2 $v2)" "$v2" configure export-credentials --profile cp
    measure "aws sts assume-role (CLI v2 $v2)" \
      "$v2" --profile builder sts assume-role --role-arn "$role" --role-session-name bench --external-id some_key_build
  fi
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
