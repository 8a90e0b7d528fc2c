#!/usr/bin/env bash
# HTTP load on one machine, every comparison in one run, interleaved over ROUNDS rounds:
#   bare Netty hello world (the floor), a node's app route /app/hello, GET of an existing
#   document and PUT of new documents on a node (SYNC as shipped, and WAL), and the same GET and
#   PUT on pouchdb-server 4.2.0 (leveldb). Everything binds 127.0.0.1; wrk runs on the same cores.
# Usage: bench/http/run.sh   (env: DURATION=10s THREADS=1 CONNS=32 ROUNDS=2 WARMUP=5s)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
DURATION=${DURATION:-10s}
THREADS=${THREADS:-1}
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-5s}
HERE=$ROOT/bench/http
need_jars
if ! command -v wrk >/dev/null; then
  echo "installing wrk" >&2
  apt-get install -y wrk >/dev/null
fi

echo "scratch $SCRATCH; load average before: $(load_avg)"
java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.BareNettyHello --port 5991 \
  >"$SCRATCH/bare.log" 2>&1 &
STARTED_PIDS+=($!)
java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.BenchNode --port 5990 \
  --data "$SCRATCH/node-sync" --durability SYNC >"$SCRATCH/node-sync.log" 2>&1 &
STARTED_PIDS+=($!)
java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.BenchNode --port 5992 \
  --data "$SCRATCH/node-wal" --durability WAL >"$SCRATCH/node-wal.log" 2>&1 &
STARTED_PIDS+=($!)
start_pouchdb 5995 "$SCRATCH/pouchdb"
wait_up http://127.0.0.1:5991/ 60
wait_up http://127.0.0.1:5990/_up 60
wait_up http://127.0.0.1:5992/_up 60

for db in http://127.0.0.1:5990/db/bench http://127.0.0.1:5992/db/bench \
  http://127.0.0.1:5995/bench; do
  java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.DocLoader --db "$db" --docs 1000 \
    >/dev/null
done

RESULTS=$SCRATCH/results.tsv
printf 'round\tcase\treq/s\tavg latency\tnon-2xx\n' >"$RESULTS"
run_wrk() { # name url [script]
  local name=$1 url=$2 script=${3:-} out
  local args=(-t"$THREADS" -c"$CONNS" -d"$DURATION" --latency)
  if [[ -n $script ]]; then args+=(-s "$HERE/$script"); fi
  out=$(wrk "${args[@]}" "$url")
  echo "$out" >"$SCRATCH/wrk-$round-$name.txt"
  local rps lat errs
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  lat=$(awk '$1 == "Latency" {print $2; exit}' <<<"$out")
  errs=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$rps" "$lat" "${errs:-0}" | tee -a "$RESULTS"
}

# Round 0 warms the JVMs' JIT up (WARMUP per case); its lines are marked 0: ignore them.
for round in $(seq 0 "$ROUNDS"); do
  if ((round == 0)); then
    [[ $WARMUP == 0 ]] && continue
    DURATION_KEPT=$DURATION
    DURATION=$WARMUP
  else
    DURATION=${DURATION_KEPT:-$DURATION}
  fi
  echo "round $round, load average $(load_avg)"
  run_wrk bare-netty-hello http://127.0.0.1:5991/hello
  run_wrk node-app-hello http://127.0.0.1:5990/app/hello
  run_wrk node-get-doc http://127.0.0.1:5990/db/bench/doc-00000001 get.lua
  run_wrk pouchdb-get-doc http://127.0.0.1:5995/bench/doc-00000001 get.lua
  run_wrk node-put-sync http://127.0.0.1:5990/db/bench/ put.lua
  run_wrk node-put-wal http://127.0.0.1:5992/db/bench/ put.lua
  run_wrk pouchdb-put http://127.0.0.1:5995/bench/ put.lua
done
echo "load average after: $(load_avg)"
echo "results in $RESULTS"
