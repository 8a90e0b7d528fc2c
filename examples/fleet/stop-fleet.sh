#!/usr/bin/env bash
# Stops every process start-fleet.sh and add-node.sh started in $FLEET_DIR: each node drains
# (SIGTERM) and haproxy stops. Data and logs stay; start-fleet.sh starts from scratch.
set -uo pipefail
. "$(dirname "$0")/fleet-lib.sh"

[ -d "$FLEET_DIR/pids" ] || {
  say "nothing to stop in $FLEET_DIR"
  exit 0
}
say "stopping the fleet in $FLEET_DIR"
pids=()
for f in "$FLEET_DIR"/pids/*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid") && say "  $(basename "$f" .pid): SIGTERM to $pid"
  fi
done
# A node drains for up to its drain timeout (15 s) before it exits.
for _ in $(seq 1 150); do
  left=()
  for pid in "${pids[@]}"; do alive "$pid" && left+=("$pid"); done
  [ ${#left[@]} -eq 0 ] && break
  sleep 0.2
done
for pid in "${left[@]}"; do
  say "  $pid still running after 30 s; SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
done
rm -f "$FLEET_DIR"/pids/*.pid
say "stopped; logs and data remain in $FLEET_DIR"
