#!/usr/bin/env bash
# Replication on one machine:
#   1. initial sync of DOCS small documents, our replicator pulling from a node into an empty
#      store (InitialSync), beside pouchdb-server pulling from pouchdb-server (POST /_replicate),
#      interleaved over ROUNDS rounds;
#   2. live convergence: three runnable nodes as one cluster (--secret, --peers), RATE writes/s to
#      node 1 for WRITE_SECONDS s, watchers on nodes 2 and 3 following _changes?feed=continuous.
# Everything binds 127.0.0.1 and stops when the script ends.
# Usage: bench/replication/run.sh [sync|converge|all]
#   env: DOCS ROUNDS BATCH RATE WRITE_SECONDS PORT_BASE
# Other jars: BENCH_JAR=... NODE_JAR=... (see ../lib.sh), e.g. a build of an earlier commit.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
WHAT=${1:-all}
DOCS=${DOCS:-100000}
ROUNDS=${ROUNDS:-2}
RATE=${RATE:-1000}
WRITE_SECONDS=${WRITE_SECONDS:-20}
SECRET=${SECRET:-bench-secret-0123456789}
# Ports of their own, apart from the other load scripts' (5981-5983, 5990-5997), so runs of
# different scripts at the same time do not answer each other's requests.
PORT_BASE=${PORT_BASE:-5940}
SRC_PORT=$((PORT_BASE + 1))
POUCH_SRC_PORT=$((PORT_BASE + 5))
POUCH_DST_PORT=$((PORT_BASE + 7))
NODE_PORT=$((PORT_BASE + 10)) # nodes 1, 2, 3 of the cluster: NODE_PORT + 1, + 2, + 3
need_jars
echo "scratch $SCRATCH; load average before: $(load_avg)"

# Fails when a port is taken: a server of another run there would answer in place of ours.
ports_free() {
  for port in "$@"; do
    if [[ -n $(ss -Hltn "sport = :$port") ]]; then
      echo "port $port is in use; set PORT_BASE to run elsewhere" >&2
      exit 1
    fi
  done
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

initial_sync() {
  ports_free "$SRC_PORT" "$POUCH_SRC_PORT" "$POUCH_DST_PORT"
  java -jar "$NODE_JAR" --node-id src --http "127.0.0.1:$SRC_PORT" --data "$SCRATCH/src" \
    >"$SCRATCH/src.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_up "http://127.0.0.1:$SRC_PORT/_up" 60
  start_pouchdb "$POUCH_SRC_PORT" "$SCRATCH/pouch-src"
  start_pouchdb "$POUCH_DST_PORT" "$SCRATCH/pouch-dst"
  java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.DocLoader \
    --db "http://127.0.0.1:$SRC_PORT/db/bench" --docs "$DOCS"
  java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.DocLoader \
    --db "http://127.0.0.1:$POUCH_SRC_PORT/bench" --docs "$DOCS"
  for round in $(seq 1 "$ROUNDS"); do
    echo "round $round, load average $(load_avg)"
    java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.InitialSync \
      --source "http://127.0.0.1:$SRC_PORT/db/bench" --data "$SCRATCH/dst-$round" ${BATCH:+--batch "$BATCH"}
    local t0 t1 body
    t0=$(now_ms)
    body=$(curl -s -X POST "http://127.0.0.1:$POUCH_DST_PORT/_replicate" -H 'Content-Type: application/json' \
      -d "{\"source\":\"http://127.0.0.1:$POUCH_SRC_PORT/bench\",\"target\":\"bench$round\",\"create_target\":true}")
    t1=$(now_ms)
    local written
    written=$(grep -o '"docs_written":[0-9]*' <<<"$body" | head -1 | cut -d: -f2)
    awk -v n="${written:-0}" -v ms=$((t1 - t0)) \
      'BEGIN {printf "pouchdb-server pulled from pouchdb-server: %d docs written in %.2f s, %.0f docs/s\n", n, ms / 1000, n / (ms / 1000)}'
    echo "round $round done, load average $(load_avg)"
  done
  stop_started
}

converge() {
  local n1=$((NODE_PORT + 1)) n2=$((NODE_PORT + 2)) n3=$((NODE_PORT + 3))
  ports_free "$n1" "$n2" "$n3"
  local peers=http://127.0.0.1:$n1
  java -jar "$NODE_JAR" --node-id n1 --http "127.0.0.1:$n1" --data "$SCRATCH/c1" \
    --secret "$SECRET" >"$SCRATCH/c1.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_up "http://127.0.0.1:$n1/_up" 60
  for n in 2 3; do
    java -jar "$NODE_JAR" --node-id "n$n" --http "127.0.0.1:$((NODE_PORT + n))" --data "$SCRATCH/c$n" \
      --secret "$SECRET" --peers "$peers" >"$SCRATCH/c$n.log" 2>&1 &
    STARTED_PIDS+=($!)
  done
  wait_up "http://127.0.0.1:$n2/_up" 60
  wait_up "http://127.0.0.1:$n3/_up" 60
  curl -s -X PUT -H "X-Symmetric-Secret: $SECRET" "http://127.0.0.1:$n1/db/conv" >/dev/null
  curl -s -X PUT -H "X-Symmetric-Secret: $SECRET" -H 'Content-Type: application/json' \
    -d '{"probe":true}' "http://127.0.0.1:$n1/db/conv/probe" >/dev/null
  # The cluster creates the database on the other nodes and their pulls bring the probe.
  wait_up "http://127.0.0.1:$n2/db/conv/probe" 60
  wait_up "http://127.0.0.1:$n3/db/conv/probe" 60
  echo "cluster converged on the probe; load average $(load_avg)"
  java -cp "$BENCH_JAR" dev.symmetric.benchmarks.load.Convergence \
    --writer "http://127.0.0.1:$n1/db/conv" \
    --watch "http://127.0.0.1:$n2/db/conv,http://127.0.0.1:$n3/db/conv" \
    --rate "$RATE" --seconds "$WRITE_SECONDS" --secret "$SECRET"
  echo "writes done, load average $(load_avg)"
  stop_started
}

case $WHAT in
  sync) initial_sync ;;
  converge) converge ;;
  all) initial_sync && converge ;;
  *) echo "usage: $0 [sync|converge|all]" >&2 && exit 2 ;;
esac
echo "load average after: $(load_avg)"
