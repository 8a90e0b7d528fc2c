#!/usr/bin/env bash
# Starts three symmetric nodes (one cluster) behind haproxy and waits until the balancer has all
# three in its pool. Everything it creates is under $FLEET_DIR; stop-fleet.sh removes the processes.
#
#   examples/fleet/start-fleet.sh                       # the runnable node jar
#   JAR=examples/tickets/target/tickets.jar examples/fleet/start-fleet.sh
#
# Settings: FLEET_DIR, FLEET_PORT, JAR, FLEET_JAVA_OPTS (see fleet-lib.sh), FLEET_SIZE (default 3).
set -euo pipefail
. "$(dirname "$0")/fleet-lib.sh"

require_tools java curl haproxy socat unzip
FLEET_SIZE="${FLEET_SIZE:-3}"
if [ "$FLEET_SIZE" -lt 1 ] || [ "$FLEET_SIZE" -gt "$FLEET_SLOTS" ]; then
  die "FLEET_SIZE must be 1..$FLEET_SLOTS"
fi
SOURCE_JAR="$(realpath "${JAR:-$FLEET_REPO/examples/node/target/symmetric-node.jar}")"
[ -f "$SOURCE_JAR" ] || die "no jar at $SOURCE_JAR (build it: mvn -B package -DskipTests)"

if [ -f "$FLEET_DIR/fleet.env" ]; then
  for pid in "$FLEET_DIR"/pids/*.pid; do
    [ -f "$pid" ] && alive "$(cat "$pid")" && die "a fleet is already running in $FLEET_DIR (stop-fleet.sh)"
  done
fi
for p in "$FLEET_PORT" $((FLEET_PORT + 9)) $(seq $((FLEET_PORT + 1)) $((FLEET_PORT + FLEET_SLOTS))); do
  port_in_use "$p" && die "port $p is taken; choose another FLEET_PORT"
done

# A fresh fleet: old data would be a different cluster's.
rm -rf "$FLEET_DIR"
# A fleet that did not come up is stopped again, so no half of it keeps running.
started_ok=0
trap '[ "$started_ok" = 1 ] || "$FLEET_HOME/stop-fleet.sh"' EXIT
mkdir -p "$FLEET_DIR/data" "$FLEET_DIR/logs" "$FLEET_DIR/pids" "$FLEET_DIR/runs"
FLEET_SECRET="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
FLEET_ADMIN="admin:$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
FLEET_NODES="$(seq -f 'n%g' 1 "$FLEET_SIZE" | tr '\n' ' ' | sed 's/ $//')"
FLEET_JAR="$(stage_jar "$SOURCE_JAR")"
save_fleet

say "fleet directory: $FLEET_DIR"
say "jar: $SOURCE_JAR, run from its copy $FLEET_JAR"

{
  sed -e "s|@FLEET_DIR@|$FLEET_DIR|g" -e "s|@PORT@|$FLEET_PORT|g" \
    -e "s|@STATS_PORT@|$((FLEET_PORT + 9))|g" "$FLEET_HOME/haproxy.cfg.in"
  for i in $(seq 1 "$FLEET_SLOTS"); do
    if [ "$i" -le "$FLEET_SIZE" ]; then
      echo "    server n$i 127.0.0.1:$((FLEET_PORT + i)) check"
    else
      # A spare slot: in maintenance until add-node.sh starts a node there and readies it.
      echo "    server n$i 127.0.0.1:$((FLEET_PORT + i)) check disabled"
    fi
  done
} >"$FLEET_DIR/haproxy.cfg"
haproxy -c -q -f "$FLEET_DIR/haproxy.cfg" || die "haproxy rejects $FLEET_DIR/haproxy.cfg"
nohup haproxy -db -f "$FLEET_DIR/haproxy.cfg" >"$FLEET_DIR/logs/haproxy.log" 2>&1 </dev/null &
echo $! >"$FLEET_DIR/pids/haproxy.pid"

for n in $FLEET_NODES; do
  start_node "$n" "$FLEET_JAR"
  say "started $n (pid $(node_pid "$n")) on $(node_url "$n"), data $FLEET_DIR/data/$n"
done
for n in $FLEET_NODES; do
  wait_up "$n" 180
done
for n in $FLEET_NODES; do
  wait_hap_status "$n" UP 30
done

started_ok=1
say "fleet up: balancer $(balancer_url), haproxy stats http://127.0.0.1:$((FLEET_PORT + 9))/"
say "nodes: $FLEET_NODES; admin credentials and secret in $FLEET_DIR/fleet.env"
say "logs: $FLEET_DIR/logs; stop with examples/fleet/stop-fleet.sh (FLEET_DIR=$FLEET_DIR)"
