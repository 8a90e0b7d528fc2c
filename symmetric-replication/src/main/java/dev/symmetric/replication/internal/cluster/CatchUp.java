package dev.symmetric.replication.internal.cluster;

import dev.symmetric.http.ReadinessCheck;
import dev.symmetric.http.ReadinessStatus;
import dev.symmetric.replication.ReplicationState;
import dev.symmetric.replication.ReplicationStatus;
import dev.symmetric.replication.cluster.CatchUpStatus;
import dev.symmetric.replication.cluster.MemberState;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds {@code /_up} at {@code catching_up} until this node has pulled, from every peer that was
 * live when it joined, each database up to the sequence that peer had then. Bounded: no answer from
 * any seed within the wait, a peer going down, a pull failing, or a pull that never once succeeded
 * within the wait each stop that part of the wait, and the reason is reported.
 */
final class CatchUp implements ReadinessCheck {
  private static final Logger log = LoggerFactory.getLogger(CatchUp.class);

  private enum Phase {
    JOINING("joining"),
    CATCHING_UP("catching_up"),
    READY("ready"),
    GAVE_UP("gave_up");

    final String wire;

    Phase(String wire) {
      this.wire = wire;
    }
  }

  private final String selfId;
  private final long waitMillis;
  private final long startedMillis;
  private long beganMillis;
  private volatile Phase phase;
  private final Map<PullMesh.Key, Long> waiting = new LinkedHashMap<>();
  private final Map<PullMesh.Key, Long> progress = new LinkedHashMap<>();
  private final List<CatchUpStatus.Target> skipped = new ArrayList<>();

  CatchUp(String selfId, boolean hasSeeds, long waitMillis, long now) {
    this.selfId = selfId;
    this.waitMillis = waitMillis;
    this.startedMillis = now;
    this.phase = hasSeeds ? Phase.JOINING : Phase.READY;
  }

  @Override
  public ReadinessStatus status() {
    Phase p = phase;
    return p == Phase.READY || p == Phase.GAVE_UP
        ? ReadinessStatus.READY
        : ReadinessStatus.CATCHING_UP;
  }

  /**
   * Moves catch-up along.
   *
   * @param heardFromPeer whether any peer has answered or called us yet
   * @param members the members as this node sees them now
   * @param planned the pulls the mesh runs now
   * @param mesh the pulls' statuses
   */
  synchronized void evaluate(
      long now,
      boolean heardFromPeer,
      List<Membership.MemberView> members,
      Map<PullMesh.Key, URI> planned,
      PullMesh mesh) {
    if (phase == Phase.JOINING) {
      if (heardFromPeer) {
        begin(now, members, planned);
      } else if (now - startedMillis >= waitMillis) {
        phase = Phase.GAVE_UP;
        log.warn(
            "Node {}: no seed answered within {} ms; serving without catching up",
            selfId,
            waitMillis);
      }
      return;
    }
    if (phase != Phase.CATCHING_UP) {
      return;
    }
    Map<String, Membership.MemberView> byId = new LinkedHashMap<>();
    members.forEach(m -> byId.put(m.id(), m));
    Iterator<Map.Entry<PullMesh.Key, Long>> it = waiting.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<PullMesh.Key, Long> e = it.next();
      PullMesh.Key k = e.getKey();
      Membership.MemberView m = byId.get(k.peer());
      ReplicationStatus s = mesh.status(k.peer(), k.database());
      long through = s == null ? -1 : PullMesh.replicatedSeq(s);
      progress.put(k, through);
      String skip = null;
      if (through >= e.getValue()) {
        it.remove();
        continue;
      } else if (m == null || m.state() == MemberState.DOWN || m.state() == MemberState.REMOVED) {
        skip = "peer down";
      } else if (s != null && s.state() == ReplicationState.FAILED) {
        skip = "pull failed: " + s.lastError();
      } else if (now - beganMillis >= waitMillis && (s == null || s.lastSuccessMillis() < 0)) {
        skip = "pull made no progress in " + waitMillis + " ms";
      }
      if (skip != null) {
        log.warn(
            "Node {}: not waiting for {} from {} any longer ({})",
            selfId,
            k.database(),
            k.peer(),
            skip);
        skipped.add(new CatchUpStatus.Target(k.peer(), k.database(), e.getValue(), through));
        it.remove();
      }
    }
    if (waiting.isEmpty()) {
      phase = Phase.READY;
      log.info("Node {} caught up with its peers in {} ms", selfId, now - startedMillis);
    }
  }

  private void begin(long now, List<Membership.MemberView> members, Map<PullMesh.Key, URI> plan) {
    beganMillis = now;
    Map<String, Membership.MemberView> byId = new LinkedHashMap<>();
    members.forEach(m -> byId.put(m.id(), m));
    for (PullMesh.Key k : plan.keySet()) {
      Membership.MemberView m = byId.get(k.peer());
      Long seq = m == null ? null : m.databases().get(k.database());
      if (m != null && m.state() == MemberState.ALIVE && seq != null && seq > 0) {
        waiting.put(k, seq);
      }
    }
    phase = waiting.isEmpty() ? Phase.READY : Phase.CATCHING_UP;
    log.info(
        "Node {} {} ({} pulls to catch up)",
        selfId,
        waiting.isEmpty() ? "has nothing to catch up" : "catches up",
        waiting.size());
  }

  synchronized CatchUpStatus snapshot() {
    List<CatchUpStatus.Target> w = new ArrayList<>(waiting.size());
    waiting.forEach(
        (k, seq) ->
            w.add(
                new CatchUpStatus.Target(
                    k.peer(), k.database(), seq, progress.getOrDefault(k, -1L))));
    return new CatchUpStatus(phase.wire, w, skipped);
  }
}
