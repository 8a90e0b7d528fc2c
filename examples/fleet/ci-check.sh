#!/usr/bin/env bash
# The CI step: a three-node fleet behind haproxy, a rolling deploy of the jar the build just
# produced under a short load, and a failure unless zero requests failed and no acknowledged
# write was lost. Installs haproxy, wrk and socat with apt-get when they are missing. Everything it
# starts is stopped on exit, success or not.
#
#   examples/fleet/ci-check.sh            # JAR defaults to examples/node/target/symmetric-node.jar
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
JAR="${JAR:-$REPO/examples/node/target/symmetric-node.jar}"
started=$SECONDS

missing=()
for t in haproxy wrk socat unzip curl; do
  command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} with apt-get"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || {
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  }
fi
[ -f "$JAR" ] || {
  echo "no jar at $JAR: run mvn -B verify (package phase) first" >&2
  exit 1
}

# Ports below the kernel's ephemeral range (tests bind random ports there), in a block no other
# fleet on this machine uses right now: balancer base, nodes base+1.., stats base+9.
export FLEET_PORT=""
for base in 23080 23180 23280 23380 23480 23580 23680 23780; do
  free=1
  for p in $(seq "$base" $((base + 9))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      free=0
      break
    fi
  done
  if [ "$free" = 1 ]; then
    FLEET_PORT=$base
    break
  fi
done
[ -n "$FLEET_PORT" ] || {
  echo "no free block of ports for the fleet" >&2
  exit 1
}

FLEET_DIR="$(mktemp -d "${TMPDIR:-/tmp}/symmetric-fleet-ci.XXXXXX")"
export FLEET_DIR
finish() {
  rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "fleet check failed (exit $rc); last lines of each log:"
    for f in "$FLEET_DIR"/logs/*.log; do
      [ -f "$f" ] || continue
      echo "--- $f"
      grep -v ' access - ' "$f" | tail -n 15
    done
  fi
  "$HERE/stop-fleet.sh" >/dev/null 2>&1 || true
  if [ "$rc" -eq 0 ] && [ -z "${KEEP_FLEET_DIR:-}" ]; then
    rm -rf "$FLEET_DIR"
  else
    echo "fleet directory kept: $FLEET_DIR"
  fi
  echo "fleet check took $((SECONDS - started))s"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

# CI machines are small and shared: JIT with C1 only (the nodes start sooner and compete less for
# the CPU), and a load of four connections, enough to have requests in flight at every moment of
# the deploy.
export FLEET_JAVA_OPTS="${FLEET_JAVA_OPTS:--Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
export WRK_CONNECTIONS="${WRK_CONNECTIONS:-4}"
JAR="$JAR" "$HERE/start-fleet.sh"
JAR="$JAR" LOAD_WARMUP_SECONDS="${LOAD_WARMUP_SECONDS:-2}" \
  LOAD_COOLDOWN_SECONDS="${LOAD_COOLDOWN_SECONDS:-2}" "$HERE/rolling-deploy.sh"
