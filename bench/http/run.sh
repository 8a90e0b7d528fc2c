#!/usr/bin/env bash
# HTTP load on one machine, every comparison in one run, interleaved over ROUNDS rounds:
#   bare Netty hello world (the floor), a node's app routes /app/hello (a Handler, on the worker
#   pool) and /app/hello-async (getAsync, on the I/O thread), GET of an existing document and PUT
#   of new documents on a node (SYNC as shipped, and WAL), and the same GET and PUT on
#   pouchdb-server 4.2.0 (leveldb). Everything binds 127.0.0.1; wrk runs on the same cores.
# Usage: bench/http/run.sh   (env: DURATION=10s THREADS=1 CONNS=32 ROUNDS=2 WARMUP=5s
#                             PORT_BASE=5990: the servers listen on PORT_BASE to PORT_BASE+5)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
DURATION=${DURATION:-10s}
THREADS=${THREADS:-1}
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-5s}
PORT_BASE=${PORT_BASE:-5990}
NODE_SYNC=$PORT_BASE
BARE=$((PORT_BASE + 1))
NODE_WAL=$((PORT_BASE + 2))
POUCH=$((PORT_BASE + 5))
HERE=$ROOT/bench/http
need_jars
if ! command -v wrk >/dev/null; then
  echo "installing wrk" >&2
  apt-get install -y wrk >/dev/null
fi

echo "scratch $SCRATCH; load average before: $(load_avg)"
java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.BareNettyHello --port "$BARE" \
  >"$SCRATCH/bare.log" 2>&1 &
STARTED_PIDS+=($!)
BARE_PID=$!
java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.BenchNode --port "$NODE_SYNC" \
  --data "$SCRATCH/node-sync" --durability SYNC >"$SCRATCH/node-sync.log" 2>&1 &
STARTED_PIDS+=($!)
SYNC_PID=$!
java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.BenchNode --port "$NODE_WAL" \
  --data "$SCRATCH/node-wal" --durability WAL >"$SCRATCH/node-wal.log" 2>&1 &
STARTED_PIDS+=($!)
WAL_PID=$!
start_pouchdb "$POUCH" "$SCRATCH/pouchdb"
POUCH_PID=$(pid_on_port "$POUCH")
wait_up "http://127.0.0.1:$BARE/" 60
wait_up "http://127.0.0.1:$NODE_SYNC/_up" 60
wait_up "http://127.0.0.1:$NODE_WAL/_up" 60

for db in "http://127.0.0.1:$NODE_SYNC/db/bench" "http://127.0.0.1:$NODE_WAL/db/bench" \
  "http://127.0.0.1:$POUCH/bench"; do
  java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.DocLoader --db "$db" --docs 1000 \
    >/dev/null
done

RESULTS=$SCRATCH/results.tsv
printf 'round\tcase\treq/s\tavg latency\tnon-2xx\tserver CPU us/req\n' >"$RESULTS"
# Server CPU per request (user + system time of the server process over wrk's run, divided by
# the requests wrk counted) moves much less with the machine's load than req/s does.
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}
run_wrk() { # name pid url [script]
  local name=$1 pid=$2 url=$3 script=${4:-} out
  local args=(-t"$THREADS" -c"$CONNS" -d"$DURATION" --latency)
  if [[ -n $script ]]; then args+=(-s "$HERE/$script"); fi
  local t0 t1
  t0=$(cpu_ticks "$pid")
  out=$(wrk "${args[@]}" "$url")
  t1=$(cpu_ticks "$pid")
  echo "$out" >"$SCRATCH/wrk-$round-$name.txt"
  local rps lat errs reqs cpu
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  lat=$(awk '$1 == "Latency" {print $2; exit}' <<<"$out")
  errs=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v n="$reqs" \
    'BEGIN {printf "%.1f", (n > 0) ? (t * 1e6 / hz / n) : 0}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$rps" "$lat" "${errs:-0}" "$cpu" |
    tee -a "$RESULTS"
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
  run_wrk bare-netty-hello "$BARE_PID" "http://127.0.0.1:$BARE/hello"
  run_wrk node-app-hello "$SYNC_PID" "http://127.0.0.1:$NODE_SYNC/app/hello"
  run_wrk node-app-hello-async "$SYNC_PID" "http://127.0.0.1:$NODE_SYNC/app/hello-async"
  run_wrk node-get-doc "$SYNC_PID" "http://127.0.0.1:$NODE_SYNC/db/bench/doc-00000001" get.lua
  run_wrk pouchdb-get-doc "$POUCH_PID" "http://127.0.0.1:$POUCH/bench/doc-00000001" get.lua
  run_wrk node-put-sync "$SYNC_PID" "http://127.0.0.1:$NODE_SYNC/db/bench/" put.lua
  run_wrk node-put-wal "$WAL_PID" "http://127.0.0.1:$NODE_WAL/db/bench/" put.lua
  run_wrk pouchdb-put "$POUCH_PID" "http://127.0.0.1:$POUCH/bench/" put.lua
done
echo "load average after: $(load_avg)"
echo "results in $RESULTS"
