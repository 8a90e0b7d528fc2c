# Shared helpers for the load scripts under bench/. Source it; it is not run on its own.
# Every server these scripts start binds 127.0.0.1 and is stopped on exit.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_JAR=${BENCH_JAR:-$ROOT/symmetric-benchmarks/target/benchmarks.jar}
NODE_JAR=${NODE_JAR:-$ROOT/examples/node/target/symmetric-node.jar}
SCRATCH=${SCRATCH:-$(mktemp -d /tmp/symmetric-bench.XXXXXX)}
STARTED_PIDS=()

stop_started() {
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}
trap stop_started EXIT

need_jars() {
  for jar in "$BENCH_JAR" "$NODE_JAR"; do
    if [[ ! -f $jar ]]; then
      echo "missing $jar: build first with 'mvn -B -q package -DskipTests -pl symmetric-benchmarks,examples/node -am'" >&2
      exit 1
    fi
  done
}

# Prints the path of pouchdb-server 4.2.0: the one the replication tests install, else one
# installed with npm into a scratch directory (once).
pouchdb_server_bin() {
  local tests=$ROOT/symmetric-replication/src/test/js/node_modules/.bin/pouchdb-server
  local scratch=/tmp/symmetric-bench-pouchdb
  if [[ -x $tests ]]; then
    echo "$tests"
    return
  fi
  if [[ ! -x $scratch/node_modules/.bin/pouchdb-server ]]; then
    mkdir -p "$scratch"
    npm install --prefix "$scratch" --no-audit --no-fund pouchdb-server@4.2.0 >&2
  fi
  echo "$scratch/node_modules/.bin/pouchdb-server"
}

# start_pouchdb PORT DIR [--in-memory]: leveldb files (or memory) in DIR; log.txt there too.
start_pouchdb() {
  local port=$1 dir=$2
  shift 2
  mkdir -p "$dir"
  (cd "$dir" && exec "$(pouchdb_server_bin)" --host 127.0.0.1 --port "$port" --dir "$dir" \
    --no-stdout-logs "$@" >"$dir/stdout.log" 2>&1) &
  STARTED_PIDS+=($!)
  wait_up "http://127.0.0.1:$port/" 60
}

# wait_up URL SECONDS: until URL answers 200.
wait_up() {
  local url=$1 limit=$(($2 * 100)) i=0
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "$url") == 200 ]]; do
    i=$((i + 1))
    if ((i > limit)); then
      echo "$url not up after $2 s" >&2
      exit 1
    fi
    sleep 0.01
  done
}

# rss_mb PID: resident set size in MB (VmRSS of /proc/PID/status).
rss_mb() {
  awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"
}

# The pid listening on a port (for a server started through a wrapper).
pid_on_port() {
  ss -Hltnp "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1
}

load_avg() {
  cut -d' ' -f1-3 /proc/loadavg
}
