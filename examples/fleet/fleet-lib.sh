# Shared by the fleet scripts: where the fleet lives, how to start and stop one node, how to
# talk to haproxy's runtime API. Sourced, never run.
#
# Settings (environment):
#   FLEET_DIR        state directory: pids, logs, data, haproxy config and socket
#                    (default ${TMPDIR:-/tmp}/symmetric-fleet)
#   FLEET_PORT       the balancer's port; node i listens on FLEET_PORT+i, haproxy's stats page on
#                    FLEET_PORT+9 (default 23080: below the kernel's ephemeral range, so the
#                    random ports tests bind never collide with it)
#   JAR              the runnable jar (default examples/node/target/symmetric-node.jar); any jar
#                    taking the node's flags works, e.g. examples/tickets/target/tickets.jar
#   FLEET_JAVA_OPTS  JVM options for every node (default: small heap, serial GC)

# shellcheck disable=SC2034 # settings the scripts sourcing this file use
FLEET_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FLEET_REPO="$(cd "$FLEET_HOME/../.." && pwd)"
FLEET_DIR="${FLEET_DIR:-${TMPDIR:-/tmp}/symmetric-fleet}"
FLEET_PORT="${FLEET_PORT:-23080}"
FLEET_JAVA_OPTS="${FLEET_JAVA_OPTS:--Xms64m -Xmx384m -XX:+UseSerialGC}"
# Server slots haproxy knows; slots without a running node stay in maintenance until add-node.sh.
# shellcheck disable=SC2034
FLEET_SLOTS=5
FLEET_BACKEND=nodes
FLEET_DB=fleet

say() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() {
  say "FAILED: $*" >&2
  exit 1
}

require_tools() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || die "$t is not installed (Debian: apt-get install $t)"
  done
}

node_port() { echo $((FLEET_PORT + ${1#n})); }
node_url() { echo "http://127.0.0.1:$(node_port "$1")"; }
balancer_url() { echo "http://127.0.0.1:$FLEET_PORT"; }
node_pid() { cat "$FLEET_DIR/pids/$1.pid" 2>/dev/null || true; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The fleet's settings, written by start-fleet.sh and read by the other scripts.
load_fleet() {
  [ -f "$FLEET_DIR/fleet.env" ] || die "no fleet in $FLEET_DIR (run start-fleet.sh first)"
  # shellcheck disable=SC1091
  . "$FLEET_DIR/fleet.env"
}

# shellcheck disable=SC2153 # FLEET_JAR and FLEET_NODES come from start-fleet.sh or fleet.env
save_fleet() {
  {
    echo "FLEET_PORT=$FLEET_PORT"
    echo "FLEET_JAR=$FLEET_JAR"
    echo "FLEET_SECRET=$FLEET_SECRET"
    echo "FLEET_ADMIN=$FLEET_ADMIN"
    echo "FLEET_NODES=\"$FLEET_NODES\""
    echo "FLEET_JAVA_OPTS=\"$FLEET_JAVA_OPTS\""
  } >"$FLEET_DIR/fleet.env.tmp"
  mv "$FLEET_DIR/fleet.env.tmp" "$FLEET_DIR/fleet.env"
}

# A private copy of a jar, named by its content: a build that rewrites target/*.jar under a
# running JVM breaks its class loading, and a deploy should run exactly the artifact it was given.
stage_jar() {
  local src=$1 tmp sum dst
  [ -f "$src" ] || die "no jar at $src"
  case "$src" in "$FLEET_DIR/jars/"*) echo "$src" && return 0 ;; esac
  mkdir -p "$FLEET_DIR/jars"
  dst="$FLEET_DIR/jars/$(basename "$src" .jar)-$(sha256sum "$src" | cut -c1-12).jar"
  if [ -f "$dst" ]; then
    echo "$dst"
    return 0
  fi
  tmp=$(mktemp "$FLEET_DIR/jars/.copy.XXXXXX")
  cp "$src" "$tmp"
  # A jar copied while a build rewrites it is truncated, or still the thin jar the shade step
  # replaces: refuse it rather than deploy it.
  if ! unzip -tqq "$tmp" >/dev/null 2>&1 ||
    ! unzip -p "$tmp" META-INF/MANIFEST.MF 2>/dev/null | grep -q '^Main-Class:'; then
    rm -f "$tmp"
    die "$src is not a complete runnable jar (being rebuilt?); try again"
  fi
  sum=$(sha256sum "$tmp" | cut -c1-12)
  dst="$FLEET_DIR/jars/$(basename "$src" .jar)-$sum.jar"
  mv -f "$tmp" "$dst"
  echo "$dst"
}

# Every node shares one seed list (a node skips its own URL), as boxes behind an ELB would.
peer_list() {
  local n out=""
  for n in $FLEET_NODES; do out="$out${out:+,}$(node_url "$n")"; done
  echo "$out"
}

start_node() {
  local name=$1 jar=$2
  mkdir -p "$FLEET_DIR/data" "$FLEET_DIR/logs" "$FLEET_DIR/pids"
  port_in_use "$(node_port "$name")" && die "port $(node_port "$name") for $name is taken"
  echo "=== $(date -u +%FT%TZ) starting $name from $jar" >>"$FLEET_DIR/logs/$name.log"
  # shellcheck disable=SC2086
  nohup java $FLEET_JAVA_OPTS -jar "$jar" \
    --node-id "$name" \
    --http "127.0.0.1:$(node_port "$name")" \
    --data "$FLEET_DIR/data/$name" \
    --peers "$(peer_list)" \
    --secret "$FLEET_SECRET" \
    --admin "$FLEET_ADMIN" \
    >>"$FLEET_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$FLEET_DIR/pids/$name.pid"
}

up_status() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$(node_url "$1")/_up" || true; }

# Waits until the node answers /_up with 200, printing each readiness change on the way.
wait_up() {
  local name=$1 timeout=${2:-120} start=$SECONDS last="" body pid rc
  pid=$(node_pid "$name")
  while :; do
    alive "$pid" || {
      tail -n 20 "$FLEET_DIR/logs/$name.log" >&2
      die "$name (pid $pid) exited while starting; log above"
    }
    rc=0
    body=$(curl -s -m 2 -w ' %{http_code}' "$(node_url "$name")/_up") || rc=$?
    body=$(printf %s "$body" | tr -d '\n')
    case "$rc:$body" in
      *' 200') break ;;
      *' 503') body="503 ${body% 503}" ;;
      7:*) body="not listening yet" ;;
      28:*) body="no answer within 2s" ;;
      *) body="curl exit $rc: $body" ;;
    esac
    if [ "$body" != "$last" ]; then
      say "  $name /_up: $body"
      last=$body
    fi
    [ $((SECONDS - start)) -lt "$timeout" ] || die "$name not ready after ${timeout}s"
    sleep 0.3
  done
  say "  $name /_up: 200 ready after $((SECONDS - start))s"
}

# Asks the node to drain (finish what it has in flight, then exit) and waits for the process;
# one that does not exit in time is killed and counted in FORCED_KILLS.
drain_node() {
  local name=$1 timeout=${2:-60} pid code start=$SECONDS
  pid=$(node_pid "$name")
  alive "$pid" || return 0
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' -u "$FLEET_ADMIN" -X POST \
    "$(node_url "$name")/_node/drain" || true)
  [ "$code" = 202 ] || say "  $name: POST /_node/drain answered '$code'; sending SIGTERM (drains too)"
  [ "$code" = 202 ] || kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid"; do
    if [ $((SECONDS - start)) -ge "$timeout" ]; then
      say "  $name did not exit ${timeout}s after drain; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      FORCED_KILLS=$((${FORCED_KILLS:-0} + 1))
      break
    fi
    sleep 0.2
  done
  rm -f "$FLEET_DIR/pids/$name.pid"
}

# haproxy's runtime API, over its admin socket.
hap() {
  echo "$*" | socat -t 5 stdio "unix-connect:$FLEET_DIR/haproxy.sock"
}

# One field of one server's line in `show stat` (CSV), by column name: scur, status, stot, ...
hap_stat() {
  local server=$1 field=$2
  hap "show stat" | awk -F, -v px="$FLEET_BACKEND" -v sv="$server" -v f="$field" '
    NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == px && $2 == sv { print $(col[f]) }'
}

wait_hap_status() {
  local server=$1 want=$2 timeout=${3:-30} start=$SECONDS s
  while :; do
    s=$(hap_stat "$server" status)
    [ "$s" = "$want" ] && return 0
    [ $((SECONDS - start)) -lt "$timeout" ] || die "haproxy reports $server '$s', not '$want', after ${timeout}s"
    sleep 0.2
  done
}

# Waits until haproxy has no request on the server: nothing being served, nothing queued.
wait_hap_idle() {
  local server=$1 timeout=${2:-30} start=$SECONDS cur q
  while :; do
    cur=$(hap_stat "$server" scur)
    q=$(hap_stat "$server" qcur)
    [ "${cur:-0}" = 0 ] && [ "${q:-0}" = 0 ] && return 0
    [ $((SECONDS - start)) -lt "$timeout" ] || die "$server still has $cur sessions after ${timeout}s"
    sleep 0.1
  done
}

doc_count() {
  curl -s -m 5 "$(node_url "$1")/db/$FLEET_DB" | { grep -o '"doc_count":[0-9]*' || true; } | cut -d: -f2
}

# The ids of every document the node has, one a line, sorted.
node_doc_ids() {
  curl -s -m 30 -u "$FLEET_ADMIN" "$(node_url "$1")/db/$FLEET_DB/_all_docs" |
    { grep -o '"id":"[^"]*"' || true; } | cut -d'"' -f4 | LC_ALL=C sort -u
}
