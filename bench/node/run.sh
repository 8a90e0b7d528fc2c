#!/usr/bin/env bash
# Node memory and startup, beside pouchdb-server 4.2.0 (leveldb):
#   - time from process start to /_up = 200 on an empty data directory, STARTS times (median);
#   - RSS (VmRSS) idle, then after loading DOCS small documents with _bulk_docs batches of 1,000.
# The node is the runnable node as shipped, under -Xmx64m. Everything binds 127.0.0.1.
# Usage: bench/node/run.sh   (env: STARTS=5 DOCS=100000 SETTLE=5)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
STARTS=${STARTS:-5}
DOCS=${DOCS:-100000}
SETTLE=${SETTLE:-5}
HEAP=${HEAP:--Xmx64m}
need_jars
echo "scratch $SCRATCH; load average before: $(load_avg)"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

start_node() { # port dir
  java $HEAP -jar "$NODE_JAR" --node-id mem --http "127.0.0.1:$1" --data "$2" \
    >"$2.log" 2>&1 &
  STARTED_PIDS+=($!)
  NODE_PID=$!
}

echo "== start to ready, $STARTS starts each on an empty data directory"
node_times=()
pouch_times=()
for i in $(seq 1 "$STARTS"); do
  t0=$(now_ms)
  start_node 5996 "$SCRATCH/start-node-$i"
  wait_up http://127.0.0.1:5996/_up 60
  node_times+=($(($(now_ms) - t0)))
  stop_started
  t0=$(now_ms)
  start_pouchdb 5997 "$SCRATCH/start-pouchdb-$i"
  pouch_times+=($(($(now_ms) - t0)))
  stop_started
done
echo "node start to /_up 200 ms: ${node_times[*]}; median $(printf '%s\n' "${node_times[@]}" | median)"
echo "pouchdb-server start to / 200 ms: ${pouch_times[*]}; median $(printf '%s\n' "${pouch_times[@]}" | median)"

echo "== RSS idle and after $DOCS docs (load average $(load_avg))"
start_node 5996 "$SCRATCH/mem-node"
wait_up http://127.0.0.1:5996/_up 60
start_pouchdb 5997 "$SCRATCH/mem-pouchdb"
POUCH_PID=${STARTED_PIDS[-1]}
sleep "$SETTLE"
echo "idle: node $(rss_mb "$NODE_PID") MB, pouchdb-server $(rss_mb "$POUCH_PID") MB"
# A node that runs out of heap answers 500; say so and measure what is left.
java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.DocLoader \
  --db http://127.0.0.1:5996/db/bench --docs "$DOCS" ||
  echo "node: loading failed after $(grep -c '_bulk_docs 201' "$SCRATCH/mem-node.log") batches;" \
    "OutOfMemoryError in its log: $(grep -c OutOfMemoryError "$SCRATCH/mem-node.log")"
java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.DocLoader \
  --db http://127.0.0.1:5997/bench --docs "$DOCS"
sleep "$SETTLE"
echo "after $DOCS docs: node $(rss_mb "$NODE_PID") MB, pouchdb-server $(rss_mb "$POUCH_PID") MB"
grep -E '^Vm(HWM|RSS)|^Rss' "/proc/$NODE_PID/status" | sed 's/^/node /'
grep -E '^Vm(HWM|RSS)|^Rss' "/proc/$POUCH_PID/status" | sed 's/^/pouchdb-server /'
jcmd "$NODE_PID" GC.heap_info 2>/dev/null | head -5 || true
echo "load average after: $(load_avg)"
