#!/usr/bin/env bash
# Redeploys every node of a running fleet, one at a time, while wrk sends reads and writes through
# the balancer; then checks that no request failed and that every write the fleet acknowledged
# (answered 201) can be read on every node. Exits non-zero otherwise.
#
#   JAR=path/to/new.jar examples/fleet/rolling-deploy.sh    # default: the jar the fleet runs
#
# Per node: haproxy drains it (no new requests; wait until none is in flight there), then it goes
# to maintenance; the node drains itself (POST /_node/drain) and exits; the new jar starts on the
# same data directory; once /_up answers 200 (started and caught up with its peers) haproxy gets it
# back, and the next node goes only when haproxy's own health check reports it UP.
#
# Settings: FLEET_DIR, JAR (see fleet-lib.sh) and
#   WRK_THREADS (2), WRK_CONNECTIONS (8), FLEET_WRITE_PCT (30), FLEET_PACE_MS (0),
#   LOAD_WARMUP_SECONDS (3): load before the first node goes, LOAD_COOLDOWN_SECONDS (3): after
#   the last one is back, VERIFY_SECONDS (60): how long replication may take to bring every
#   acknowledged write to every node.
set -euo pipefail
. "$(dirname "$0")/fleet-lib.sh"

require_tools java curl haproxy socat wrk unzip
load_fleet
NEW_JAR="$(stage_jar "$(realpath "${JAR:-$FLEET_JAR}")")"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-8}"
LOAD_WARMUP_SECONDS="${LOAD_WARMUP_SECONDS:-3}"
LOAD_COOLDOWN_SECONDS="${LOAD_COOLDOWN_SECONDS:-3}"
VERIFY_SECONDS="${VERIFY_SECONDS:-60}"
SEED_DOCS=200

for n in $FLEET_NODES; do
  [ "$(up_status "$n")" = 200 ] || die "$n is not ready; is the fleet running? (start-fleet.sh)"
  case "$(hap_stat "$n" status)" in
    UP) ;;
    MAINT | DRAIN)
      say "$n is ready but out of the pool (an interrupted deploy?): back in"
      hap "set server $FLEET_BACKEND/$n state ready" >/dev/null
      wait_hap_status "$n" UP 30
      ;;
    *) wait_hap_status "$n" UP 30 ;;
  esac
done

RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
RUN_DIR="$FLEET_DIR/runs/$RUN_ID"
mkdir -p "$RUN_DIR"
say "rolling deploy $RUN_ID of $FLEET_NODES to $NEW_JAR"
say "run directory: $RUN_DIR"

WRK_PID=""
cleanup() {
  if alive "$WRK_PID"; then
    kill -INT "$WRK_PID" 2>/dev/null || true
    wait "$WRK_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# The documents the load reads: created once, replicated everywhere before the load starts, so a
# read never depends on replication lag.
seed() {
  local code body
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "$FLEET_ADMIN" -X PUT "$(balancer_url)/db/$FLEET_DB")
  case "$code" in 201 | 202 | 412) ;; *) die "creating database $FLEET_DB answered $code" ;; esac
  # A database created on one node reaches the others through gossip: write only once all have it.
  local start=$SECONDS n
  for n in $FLEET_NODES; do
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$(node_url "$n")/db/$FLEET_DB")" = 200 ]; do
      [ $((SECONDS - start)) -lt 60 ] || die "database $FLEET_DB has not reached $n"
      sleep 0.3
    done
  done
  body="{\"docs\":[$(seq 0 $((SEED_DOCS - 1)) |
    awk '{ printf "%s{\"_id\":\"seed-%05d\",\"seed\":%d}", (NR > 1 ? "," : ""), $1, $1 }')]}"
  # On a second run the seeds exist: the per-document conflicts in the answer are expected.
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "$FLEET_ADMIN" -H 'Content-Type: application/json' \
    -X POST --data-binary "$body" "$(balancer_url)/db/$FLEET_DB/_bulk_docs")
  [ "$code" = 201 ] || [ "$code" = 200 ] || die "seeding answered $code"
  seq -f 'seed-%05g' 0 $((SEED_DOCS - 1)) | LC_ALL=C sort >"$RUN_DIR/seeds.txt"
  local missing
  start=$SECONDS
  for n in $FLEET_NODES; do
    while :; do
      missing=$(node_doc_ids "$n" | LC_ALL=C comm -13 - "$RUN_DIR/seeds.txt" | wc -l)
      [ "$missing" -eq 0 ] && break
      [ $((SECONDS - start)) -lt 60 ] || die "$n still lacks $missing seeded documents"
      sleep 0.5
    done
  done
  say "$SEED_DOCS seeded documents readable on every node"
}
seed


AUTH="Basic $(printf %s "$FLEET_ADMIN" | base64 | tr -d '\n')"
FLEET_DB="$FLEET_DB" FLEET_AUTH="$AUTH" FLEET_SEED_DOCS="$SEED_DOCS" FLEET_RUN="$RUN_ID" \
  FLEET_OUT="$RUN_DIR" FLEET_WRITE_PCT="${FLEET_WRITE_PCT:-30}" FLEET_PACE_MS="${FLEET_PACE_MS:-0}" \
  wrk -t "$WRK_THREADS" -c "$WRK_CONNECTIONS" -d 3600s --timeout 30s --latency \
  -s "$FLEET_HOME/load.lua" "$(balancer_url)" >"$RUN_DIR/wrk.out" 2>&1 &
WRK_PID=$!
say "load: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS through $(balancer_url), ${FLEET_WRITE_PCT:-30}% PUTs (pid $WRK_PID)"
sleep "$LOAD_WARMUP_SECONDS"
alive "$WRK_PID" || die "wrk exited early: $(cat "$RUN_DIR/wrk.out")"

declare -A BACK_STOT
FORCED_KILLS=0
DEPLOY_START=$SECONDS
for n in $FLEET_NODES; do
  t0=$SECONDS
  old_pid=$(node_pid "$n")
  say "$n: out of the pool (haproxy: drain)"
  hap "set server $FLEET_BACKEND/$n state drain" >/dev/null
  wait_hap_idle "$n" 30
  hap "set server $FLEET_BACKEND/$n state maint" >/dev/null
  say "$n: no request in flight through haproxy after $((SECONDS - t0))s; maint; POST /_node/drain"
  t1=$SECONDS
  drain_node "$n" 60
  say "$n: pid $old_pid exited $((SECONDS - t1))s after the drain began"
  start_node "$n" "$NEW_JAR"
  say "$n: started pid $(node_pid "$n") on data $FLEET_DIR/data/$n"
  wait_up "$n" 180
  hap "set server $FLEET_BACKEND/$n state ready" >/dev/null
  wait_hap_status "$n" UP 30
  BACK_STOT[$n]=$(hap_stat "$n" stot)
  say "$n: back in the pool, haproxy reports UP; node redeployed in $((SECONDS - t0))s"
  alive "$WRK_PID" || die "wrk died during the deploy: $(cat "$RUN_DIR/wrk.out")"
done
DEPLOY_SECONDS=$((SECONDS - DEPLOY_START))
FLEET_JAR="$NEW_JAR"
save_fleet

sleep "$LOAD_COOLDOWN_SECONDS"
kill -INT "$WRK_PID"
wait "$WRK_PID" || true
WRK_PID=""
SERVED_AFTER=""
for n in $FLEET_NODES; do
  SERVED_AFTER="$SERVED_AFTER$n=$(($(hap_stat "$n" stot) - ${BACK_STOT[$n]:-0})) "
done

line=$(grep '^FLEET-LOAD ' "$RUN_DIR/wrk.out" || true)
[ -n "$line" ] || die "wrk printed no summary: $(cat "$RUN_DIR/wrk.out")"
field() { echo "$line" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
REQUESTS=$(field requests)
NON2XX=$(field non2xx)
SOCKET_ERRORS=$(($(field connect) + $(field read) + $(field write) + $(field timeout)))
FAILED=$((NON2XX + SOCKET_ERRORS))

# Every write the fleet acknowledged must be on every node. Replication is asynchronous, so the
# check waits (bounded) for the last writes to arrive.
cat "$RUN_DIR"/acked-*.txt | LC_ALL=C sort -u >"$RUN_DIR/acked.txt"
ACKED=$(wc -l <"$RUN_DIR/acked.txt")
LOST=0
verify_start=$SECONDS
for n in $FLEET_NODES; do
  while :; do
    node_doc_ids "$n" | LC_ALL=C comm -13 - "$RUN_DIR/acked.txt" >"$RUN_DIR/missing-$n.txt"
    missing=$(wc -l <"$RUN_DIR/missing-$n.txt")
    [ "$missing" -eq 0 ] && break
    if [ $((SECONDS - verify_start)) -ge "$VERIFY_SECONDS" ]; then
      say "$n lacks $missing acknowledged writes (list: $RUN_DIR/missing-$n.txt)"
      LOST=$((LOST + missing))
      break
    fi
    sleep 0.5
  done
done
VERIFY_SECS=$((SECONDS - verify_start))

echo
echo "== rolling deploy summary ($RUN_ID)"
echo "nodes redeployed:     $FLEET_NODES in ${DEPLOY_SECONDS}s (new jar: $NEW_JAR)"
echo "requests:             $REQUESTS in $(field seconds)s through haproxy (p50 $(field p50_ms) ms, p99 $(field p99_ms) ms, max $(field max_ms) ms)"
echo "writes acknowledged:  $ACKED PUTs answered 201"
echo "failed requests:      $FAILED (non-2xx $NON2XX; socket errors: connect $(field connect), read $(field read), write $(field write), timeout $(field timeout))"
echo "acknowledged writes missing on a node after ${VERIFY_SECS}s: $LOST"
echo "nodes killed because they did not exit after draining: $FORCED_KILLS"
echo "requests each node served after its return (haproxy): $SERVED_AFTER"
echo "details: $RUN_DIR (wrk.out, acked-*.txt, failed-*.txt)"
if [ "$FAILED" -ne 0 ]; then
  echo "first failed answers:"
  cat "$RUN_DIR"/failed-*.txt | head -n 10
fi
if [ "$FAILED" -eq 0 ] && [ "$LOST" -eq 0 ] && [ "$FORCED_KILLS" -eq 0 ] &&
  [ "$REQUESTS" -gt 0 ] && [ "$ACKED" -gt 0 ]; then
  echo "RESULT: PASS (zero failed requests, no acknowledged write lost, every node drained cleanly)"
else
  echo "RESULT: FAIL"
  exit 1
fi
