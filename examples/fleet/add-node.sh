#!/usr/bin/env bash
# Adds a node with an empty disk to a running fleet: it joins through the others, pulls every
# database from them, and haproxy sends it requests only once it is ready (GET /_up 200) and has
# as many documents as the others.
#
#   examples/fleet/add-node.sh            # the next free slot: n4, then n5
#
# Settings: FLEET_DIR, JAR (default the jar the fleet runs), CATCH_UP_SECONDS (300).
set -euo pipefail
. "$(dirname "$0")/fleet-lib.sh"

require_tools java curl haproxy socat unzip
load_fleet
JAR_TO_RUN="$(stage_jar "$(realpath "${JAR:-$FLEET_JAR}")")"
CATCH_UP_SECONDS="${CATCH_UP_SECONDS:-300}"

NEW=""
for i in $(seq 1 "$FLEET_SLOTS"); do
  case " $FLEET_NODES " in *" n$i "*) ;; *) NEW="n$i" && break ;; esac
done
[ -n "$NEW" ] || die "all $FLEET_SLOTS haproxy slots are in use"
OTHERS="$FLEET_NODES"
for n in $OTHERS; do
  [ "$(up_status "$n")" = 200 ] || die "$n is not ready; add a node to a healthy fleet"
done
[ "$(hap_stat "$NEW" status)" = MAINT ] || die "haproxy's slot $NEW is not in maintenance"

# An empty disk, as a new box would have.
rm -rf "${FLEET_DIR:?}/data/$NEW"
FLEET_NODES="$FLEET_NODES $NEW"
save_fleet
say "adding $NEW (empty data directory $FLEET_DIR/data/$NEW) to $OTHERS"
say "counts before: $(for n in $OTHERS; do printf '%s=%s ' "$n" "$(doc_count "$n")"; done)"
start_node "$NEW" "$JAR_TO_RUN"
say "$NEW: started pid $(node_pid "$NEW") on $(node_url "$NEW"); haproxy keeps it in maintenance"

# Catch-up progress as the node reports it: each pull it waits for, through which sequence of
# the target it recorded when it joined.
progress() {
  local body
  body=$(curl -s -m 2 "$(node_url "$NEW")/_node/replication" || true)
  if command -v jq >/dev/null 2>&1 && [ -n "$body" ]; then
    printf %s "$body" | jq -r '
      "phase " + .catch_up.phase
      + ([.catch_up.waiting[] | "; waiting for \(.database) from \(.peer): through seq \(.replicated_seq // "none") of \(.target_seq)"] | join(""))
      + "; pulls: " + ([.replications[] | "\(.peer)/\(.database) \(.docs_written) docs written, lag \(.lag_seqs)"] | join(", "))' 2>/dev/null ||
      printf '%s\n' "$body"
  else
    printf '%s\n' "${body:-no answer}" | grep -o '"catch_up":.*' || printf '%s\n' "${body:-no answer}"
  fi
}

start=$SECONDS
pid=$(node_pid "$NEW")
while :; do
  alive "$pid" || die "$NEW exited; see $FLEET_DIR/logs/$NEW.log"
  code=$(up_status "$NEW")
  say "  $NEW /_up ${code:-000}, haproxy $(hap_stat "$NEW" status) (requests sent to it: $(hap_stat "$NEW" stot)); $(progress)"
  [ "$code" = 200 ] && break
  [ $((SECONDS - start)) -lt "$CATCH_UP_SECONDS" ] || die "$NEW not ready after ${CATCH_UP_SECONDS}s"
  sleep 1
done
say "$NEW: ready after $((SECONDS - start))s"

# /_up says it has what its peers had when it joined; with no writes since, the counts match.
# Under write load they may differ for a moment, so this waits (bounded) for equal counts.
while :; do
  mine=$(doc_count "$NEW")
  line="$NEW=$mine"
  same=1
  for n in $OTHERS; do
    c=$(doc_count "$n")
    line="$line $n=$c"
    [ "$c" = "$mine" ] || same=0
  done
  [ "$same" = 1 ] && break
  [ $((SECONDS - start)) -lt "$CATCH_UP_SECONDS" ] || die "document counts still differ: $line"
  say "  counts differ, waiting: $line"
  sleep 1
done
say "$NEW: document counts match: $line"

hap "set server $FLEET_BACKEND/$NEW state ready" >/dev/null
wait_hap_status "$NEW" UP 30
say "$NEW: in the pool, haproxy reports UP"
served=0
for _ in $(seq 1 20); do
  node=$(curl -s -o /dev/null -D - "$(balancer_url)/_node" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-symmetric-node" { print $2 }')
  [ "$node" = "$NEW" ] && served=$((served + 1))
done
say "$NEW answered $served of 20 requests sent to the balancer"
say "fleet: $FLEET_NODES"
