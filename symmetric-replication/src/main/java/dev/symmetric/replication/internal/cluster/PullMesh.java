package dev.symmetric.replication.internal.cluster;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.replication.Endpoints;
import dev.symmetric.replication.PeerClient;
import dev.symmetric.replication.Replication;
import dev.symmetric.replication.ReplicationState;
import dev.symmetric.replication.ReplicationStatus;
import dev.symmetric.replication.cluster.PeerReplication;
import dev.symmetric.replication.spi.Scheduler;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continuous pull replications of this node: one per (live peer, database) the planner picks.
 * Pulls start when a peer becomes reachable and stop when it is down or removed; transient errors
 * in between are the replicator's to retry. A pull that gave up (a permanent error) is started
 * again after a pause, since the cause (a database still being created on the peer, a peer being
 * restored) is often gone by then.
 */
final class PullMesh implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PullMesh.class);

  /** A (peer, database) pair. */
  record Key(String peer, String database) {}

  private static final class Pull {
    final URI url;
    final Database db;
    final Replication replication;
    final long startedMillis;

    Pull(URI url, Database db, Replication replication, long startedMillis) {
      this.url = url;
      this.db = db;
      this.replication = replication;
      this.startedMillis = startedMillis;
    }
  }

  private final String selfId;
  private final DocumentStore store;
  private final PeerClient client;
  private final ClusterConfig config;
  private final Scheduler scheduler;
  private final long restartFailedAfterMillis;
  private final Map<Key, Pull> pulls = new HashMap<>();
  private boolean closed;

  PullMesh(String selfId, DocumentStore store, PeerClient client, ClusterConfig config) {
    this.selfId = selfId;
    this.store = store;
    this.client = client;
    this.config = config;
    this.scheduler = config.scheduler();
    this.restartFailedAfterMillis = Math.max(5_000, 5 * config.gossipIntervalMillis());
  }

  /** The pulls the members and local databases call for. */
  static Map<Key, URI> plan(
      String selfId, List<Membership.MemberView> members, Set<String> localDbs, int pullPeersMax) {
    Map<String, List<String>> holders = new HashMap<>();
    Map<String, Membership.MemberView> byId = new HashMap<>();
    for (Membership.MemberView m : members) {
      if (!m.reachable()) {
        continue;
      }
      byId.put(m.id(), m);
      for (String db : m.databases().keySet()) {
        if (localDbs.contains(db)) {
          holders.computeIfAbsent(db, k -> new ArrayList<>()).add(m.id());
        }
      }
    }
    Map<Key, URI> out = new HashMap<>();
    holders.forEach(
        (db, peers) -> {
          for (String peer : MeshPlanner.peersFor(selfId, db, peers, pullPeersMax)) {
            Membership.MemberView m = byId.get(peer);
            out.put(new Key(peer, db), databaseUrl(m, db));
          }
        });
    return out;
  }

  static URI databaseUrl(Membership.MemberView m, String db) {
    return URI.create(
        GossipClient.stripSlash(m.url())
            + m.dbPath()
            + "/"
            + java.net.URLEncoder.encode(db, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20"));
  }

  /** Starts the pulls {@code desired} lacks and stops those it no longer lists. */
  synchronized void reconcile(Map<Key, URI> desired, long now) {
    if (closed) {
      return;
    }
    Iterator<Map.Entry<Key, Pull>> it = pulls.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, Pull> e = it.next();
      URI want = desired.get(e.getKey());
      Pull p = e.getValue();
      boolean failed = p.replication.status().state() == ReplicationState.FAILED;
      // A database deleted and created again is a new object: the old pull writes nowhere.
      boolean recreated = store.findDatabase(e.getKey().database()).orElse(null) != p.db;
      if (want == null
          || !want.equals(p.url)
          || recreated
          || (failed && now - p.startedMillis >= restartFailedAfterMillis)) {
        log.info(
            "Node {} stops pulling {} from {}{}",
            selfId,
            e.getKey().database(),
            e.getKey().peer(),
            want == null ? "" : failed ? " (failed; restarting)" : " (moved)");
        stopQuietly(p);
        it.remove();
      }
    }
    for (Map.Entry<Key, URI> e : desired.entrySet()) {
      if (pulls.containsKey(e.getKey())) {
        continue;
      }
      Key key = e.getKey();
      Database db = store.findDatabase(key.database()).orElse(null);
      if (db == null) {
        continue;
      }
      try {
        Replication.Builder b =
            Replication.builder(
                    Endpoints.remote(e.getValue(), client), Endpoints.local(db, store.uuid()))
                .continuous(true)
                .createTarget(false)
                .scheduler(scheduler)
                .random(config.random())
                .replicatorId(selfId);
        config.replicationTuning().accept(b);
        Replication r = b.build().start();
        pulls.put(key, new Pull(e.getValue(), db, r, now));
        log.info(
            "Node {} pulls {} from {} at {}", selfId, key.database(), key.peer(), e.getValue());
      } catch (RuntimeException ex) {
        log.warn(
            "Node {} could not start pulling {} from {}: {}",
            selfId,
            key.database(),
            key.peer(),
            ex.toString());
      }
    }
  }

  /** The status of one pull, or null when it is not running. */
  synchronized ReplicationStatus status(String peer, String database) {
    Pull p = pulls.get(new Key(peer, database));
    return p == null ? null : p.replication.status();
  }

  /** Every running pull's status. */
  synchronized Map<Key, ReplicationStatus> statuses() {
    Map<Key, ReplicationStatus> out = new HashMap<>();
    pulls.forEach((k, p) -> out.put(k, p.replication.status()));
    return out;
  }

  /** The source sequence a pull has written through, or -1 when unknown or not a number. */
  static long replicatedSeq(ReplicationStatus s) {
    long checkpointed = numeric(s.lastCheckpointedSeq());
    if (s.state() == ReplicationState.IDLE && s.pending() == 0) {
      return Math.max(checkpointed, numeric(s.sourceSeq()));
    }
    return checkpointed;
  }

  static long numeric(String seq) {
    if (seq == null || seq.isEmpty() || seq.length() > 18) {
      return -1;
    }
    for (int i = 0; i < seq.length(); i++) {
      if (seq.charAt(i) < '0' || seq.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(seq);
  }

  /** The report for {@code GET /_node/replication}; {@code peerSeqs} from gossip. */
  synchronized List<PeerReplication> report(Map<Key, Long> peerSeqs) {
    List<PeerReplication> out = new ArrayList<>(pulls.size());
    Set<Key> keys = new HashSet<>(pulls.keySet());
    keys.stream()
        .sorted(java.util.Comparator.comparing(Key::peer).thenComparing(Key::database))
        .forEach(
            k -> {
              ReplicationStatus s = pulls.get(k).replication.status();
              Long peerSeq = peerSeqs.get(k);
              long through = replicatedSeq(s);
              long lag = peerSeq == null || through < 0 ? -1 : Math.max(0, peerSeq - through);
              out.add(
                  new PeerReplication(
                      k.peer(),
                      k.database(),
                      s.state(),
                      lag,
                      peerSeq == null ? null : Long.toString(peerSeq),
                      through < 0 ? null : Long.toString(through),
                      s.lastSuccessMillis(),
                      s.lastError(),
                      s.docsRead(),
                      s.docsWritten()));
            });
    return out;
  }

  private void stopQuietly(Pull p) {
    try {
      p.replication.stop();
    } catch (RuntimeException e) {
      log.warn("Node {} failed to stop a pull from {}: {}", selfId, p.url, e.toString());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    pulls.values().forEach(this::stopQuietly);
    pulls.clear();
  }
}
