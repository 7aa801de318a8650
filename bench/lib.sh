# Shell functions the load scripts share; sourced after they set `root` (the repository), `work`
# (their scratch directory) and `results` (their results directory).
#
#   pids+=(PID)            processes stopped (SIGTERM) when the script exits
#   log TEXT               a timestamped line on stdout and in RESULTS/run.log
#   quiet                  waits until the machine's other processes are quiet, at most
#                          QUIET_WAIT seconds (default: QUIET_DEFAULT if the script set it, or 120)
#   monitor                records the machine's other load every 5 s in RESULTS/monitor.txt
#   cpu_ticks PID          user + system CPU time of a process, in clock ticks
#   cpu_seconds PID        the same in seconds
#   crossrole_jar          sets CROSSROLE_JAR, unless given, to a copy in WORK of the jar
#                          bin/crossrole builds when stale

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

log() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$results/run.log"; }

quiet() {
  python3 "$root/bench/server-load/machine.py" wait-quiet --self $$ \
    --max-wait "${QUIET_WAIT:-${QUIET_DEFAULT:-120}}" | tee -a "$results/run.log"
}

monitor() {
  python3 "$root/bench/server-load/machine.py" monitor --self $$ --out "$results/monitor.txt" \
    --interval 5 --count 1000 &
  pids+=($!)
}

cpu_ticks() { awk '{ sub(/^.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }

cpu_seconds() { awk -v t="$(getconf CLK_TCK)" -v n="$(cpu_ticks "$1")" 'BEGIN { printf "%.2f", n / t }'; }

crossrole_jar() {
  if [ -z "${CROSSROLE_JAR:-}" ]; then
    "$root/bin/crossrole" --version >/dev/null # builds the jar when stale
    cp "$root/cli/target/crossrole.jar" "$work/crossrole.jar"
    CROSSROLE_JAR="$work/crossrole.jar"
  fi
}
