#!/usr/bin/env bash
# The benchmark suite: every scenario of bench/README.md in one run, each in its own JVM on 127.0.0.1, each bounded
# in time; then one markdown table (printed, and bench/results/suite-<time>.md) and one JSON file
# (bench/results/suite-<time>.json). Each scenario's own output goes to bench/results/suite-<time>/<scenario>.log.
#
#   bench/run.sh                      every scenario at full size (about 30 minutes on 2 cores)
#   bench/run.sh --smoke              every scenario at a tiny size (about 5 minutes): the whole path, no figures
#   bench/run.sh --only failover,quartz      some scenarios (ids below); --skip ids leaves some out
#
# Scenarios: saturation lateness-1k lateness-10k api-latency failover rolling-restart scale quartz micro
# Environment: DROVER_BENCH_DB_URL (+ _USER, _PASSWORD) runs every scenario against that MySQL server (a fresh
# database per scenario, dropped afterwards) instead of an embedded MariaDB; BENCH_TIMEOUT_FACTOR (1) scales every
# scenario's time limit. Benchmarks never gate CI on timing; the tests run each scenario's smoke size instead.
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=false
ONLY=""
SKIP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=true ;;
    --only) ONLY=",$2,"; shift ;;
    --skip) SKIP=",$2,"; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unexpected argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=bench/build.sh
source bench/build.sh
stamp=$(date +%Y%m%d-%H%M%S)
$SMOKE && stamp="smoke-$stamp"
OUT="bench/results/suite-$stamp"
mkdir -p "$OUT"
FACTOR=${BENCH_TIMEOUT_FACTOR:-1}
# The server's JVM options (conf/jvm.options), for every scenario's JVM alike.
JVM_OPTS=()
while read -r opt; do
  [[ -z "$opt" || "$opt" == \#* ]] || JVM_OPTS+=("$opt")
done <conf/jvm.options

wanted() {
  { [ -z "$ONLY" ] || [[ "$ONLY" == *",$1,"* ]]; } && [[ "$SKIP" != *",$1,"* ]]
}

# scenario ID TIME_LIMIT_S HEAP MAIN_CLASS ARGS...: runs one scenario's JVM, bounded; a scenario that fails or
# runs out of time still gets a row in the table, saying so.
scenario() {
  local id=$1 limit=$2 heap=$3 main=$4
  shift 4
  wanted "$id" || return 0
  local result="$OUT/$id.json" log="$OUT/$id.log" code=0
  limit=$(awk -v l="$limit" -v f="$FACTOR" 'BEGIN { printf "%d", l * f }')
  echo "== $id (at most ${limit} s; log $log)" >&2
  local t0=$SECONDS
  timeout --signal=TERM --kill-after=30 "$limit" \
    java "${JVM_OPTS[@]}" "-Xmx$heap" -Dbench.git="$BENCH_GIT" -cp "$BENCH_CP" "$main" "$@" --result "$result" >"$log" 2>&1 || code=$?
  echo "   $id: exit $code after $((SECONDS - t0)) s" >&2
  if [ ! -s "$result" ]; then
    local why="exit code $code"
    [ "$code" = 124 ] && why="timed out after $limit s"
    printf '{"scenario":"%s","title":"%s","completed":false,"error":"%s; see %s","figures":[],"details":{}}\n' \
      "$id" "$main" "$why" "$log" >"$result"
  fi
}

if $SMOKE; then
  scenario saturation       120 2g io.drover.bench.SaturationBench --smoke
  scenario lateness-1k      120 2g io.drover.bench.ScheduleLoadBench --smoke --scenario lateness-1k
  scenario lateness-10k     120 2g io.drover.bench.ScheduleLoadBench 200 5 2 --warmup 2 --settle 10 \
    --scenario lateness-10k
  scenario api-latency      120 1g io.drover.bench.ApiRunBench 2 50 100
  scenario failover         180 256m io.drover.bench.procs.FailoverBench --smoke
  scenario rolling-restart  180 256m io.drover.bench.procs.RollingRestartBench --smoke
  scenario scale            120 1g io.drover.bench.scale.ScaleBench --smoke
  scenario quartz           120 1g io.drover.bench.quartz.QuartzBench --smoke --jobs 200
  scenario micro            300 1g io.drover.bench.suite.MicroBench --smoke
else
  scenario saturation       900 2g io.drover.bench.SaturationBench
  scenario lateness-1k      300 2g io.drover.bench.ScheduleLoadBench 1000 60 2 --scenario lateness-1k
  scenario lateness-10k     600 2g io.drover.bench.ScheduleLoadBench 10000 60 2 --warmup 60 --scenario lateness-10k
  scenario api-latency      300 1g io.drover.bench.ApiRunBench 20 100 1000
  scenario failover         900 256m io.drover.bench.procs.FailoverBench --rounds 10
  scenario rolling-restart  600 256m io.drover.bench.procs.RollingRestartBench
  scenario scale            1200 1g io.drover.bench.scale.ScaleBench
  scenario quartz           600 2g io.drover.bench.quartz.QuartzBench --jobs 10000
  scenario micro            900 1g io.drover.bench.suite.MicroBench
fi

java -cp "$BENCH_CP" io.drover.bench.suite.SuiteReport "$OUT" "bench/results/suite-$stamp" "$BENCH_GIT"
echo "Table: bench/results/suite-$stamp.md, JSON: bench/results/suite-$stamp.json, logs: $OUT/" >&2
