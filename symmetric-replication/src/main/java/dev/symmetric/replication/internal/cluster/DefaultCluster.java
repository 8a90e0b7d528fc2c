package dev.symmetric.replication.internal.cluster;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.SymmetricException;
import dev.symmetric.http.ReadinessStatus;
import dev.symmetric.http.Response;
import dev.symmetric.http.spi.NodeContext;
import dev.symmetric.http.spi.NodeSetup;
import dev.symmetric.replication.PeerClient;
import dev.symmetric.replication.cluster.CatchUpStatus;
import dev.symmetric.replication.cluster.Cluster;
import dev.symmetric.replication.cluster.ConflictResolver;
import dev.symmetric.replication.cluster.ConflictedDocument;
import dev.symmetric.replication.cluster.MemberInfo;
import dev.symmetric.replication.cluster.MemberState;
import dev.symmetric.replication.cluster.PeerReplication;
import dev.symmetric.replication.spi.Scheduler;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster member: every gossip round it bumps its heartbeat, exchanges member lists with a random
 * live peer (and now and then a down one or a seed), then reconciles: creates databases peers have,
 * starts and stops pulls to match the live members, moves catch-up along, and keeps a conflict
 * watcher on each database with a resolver.
 */
public final class DefaultCluster implements Cluster {
  private static final Logger log = LoggerFactory.getLogger(DefaultCluster.class);

  private final ClusterConfig config;
  private final Scheduler scheduler;
  private final Random random;
  private final Object reconcileLock = new Object();
  private final Map<String, ConflictWatcher> watchers = new HashMap<>();
  private String selfId;
  private String secret;
  private DocumentStore store;
  private List<URI> seeds = List.of();
  private volatile Membership membership;
  private volatile PullMesh mesh;
  private volatile CatchUp catchUp;
  private GossipClient gossip;
  private PeerClient peerClient;
  private volatile boolean heardFromPeer;
  private volatile boolean closed;
  private volatile boolean left;
  private Scheduler.Cancellable nextRound;

  public DefaultCluster(ClusterConfig config) {
    this.config = config;
    this.scheduler = config.scheduler();
    this.random = config.random();
  }

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public void configure(NodeSetup setup) {
    selfId = setup.nodeId();
    Optional<String> nodeSecret = setup.clusterSecret();
    if (config.secret() != null
        && nodeSecret.isPresent()
        && !config.secret().equals(nodeSecret.get())) {
      throw new IllegalStateException(
          "the cluster's secret differs from the node's clusterSecret; set one of them");
    }
    secret = config.secret() != null ? config.secret() : nodeSecret.orElse(null);
    if (secret == null) {
      throw new IllegalStateException(
          "a cluster needs a shared secret: set SymmetricNode.builder().clusterSecret(..) or"
              + " Cluster.builder().secret(..)");
    }
    seeds = config.seeds() != null ? config.seeds() : setup.peers();
    setup.service("", new ClusterRoutes(this, secret));
    setup.readinessCheck(
        "cluster",
        () -> {
          CatchUp c = catchUp;
          return c == null ? ReadinessStatus.CATCHING_UP : c.status();
        });
    setup.nodeInfo("cluster", this::nodeInfo);
  }

  @Override
  public void start(NodeContext context) {
    store = context.store();
    URI selfUrl = config.advertiseUrl() != null ? config.advertiseUrl() : context.baseUri();
    List<URI> others = new ArrayList<>();
    for (URI s : seeds) {
      if (!GossipClient.stripSlash(s).equals(GossipClient.stripSlash(selfUrl))) {
        others.add(s);
      }
    }
    seeds = List.copyOf(others);
    long now = scheduler.nowMillis();
    membership =
        new Membership(
            selfId,
            selfUrl,
            context.databasePath(),
            Math.max(0, config.wallClockMillis().getAsLong()),
            config.suspectAfterMillis(),
            config.downAfterMillis(),
            config.tombstoneMillis());
    gossip = new GossipClient(secret, config.requestTimeoutMillis());
    peerClient = PeerClient.builder().clusterSecret(secret).build();
    mesh = new PullMesh(selfId, store, peerClient, config);
    catchUp = new CatchUp(selfId, !seeds.isEmpty(), config.catchUpWaitMillis(), now);
    log.info("Node {} joins the cluster at {} through seeds {}", selfId, selfUrl, seeds);
    scheduler.execute(this::round);
  }

  String selfId() {
    return selfId;
  }

  private void round() {
    if (closed) {
      return;
    }
    try {
      long now = scheduler.nowMillis();
      membership.tick(now, ownDatabases());
      if (!left) {
        for (URI target : gossipTargets()) {
          exchange(target);
        }
      }
      reconcile();
    } catch (RuntimeException e) {
      log.warn("Node {}: gossip round failed", selfId, e);
    } finally {
      synchronized (this) {
        if (!closed) {
          nextRound = scheduler.schedule(config.gossipIntervalMillis(), this::round);
        }
      }
    }
  }

  private Map<String, Long> ownDatabases() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String name : store.databaseNames()) {
      if (out.size() >= GossipCodec.DATABASES_MAX) {
        break;
      }
      if (!config.localOnly(name)) {
        store.findDatabase(name).ifPresent(db -> out.put(name, db.updateSeq()));
      }
    }
    return out;
  }

  /** One live member at random; sometimes a down one (to see it return) or a seed (to heal). */
  private List<URI> gossipTargets() {
    List<Membership.MemberView> live = new ArrayList<>();
    List<Membership.MemberView> down = new ArrayList<>();
    for (Membership.MemberView m : membership.others()) {
      if (m.reachable()) {
        live.add(m);
      } else if (m.state() == MemberState.DOWN) {
        down.add(m);
      }
    }
    List<URI> targets = new ArrayList<>(3);
    if (!live.isEmpty()) {
      targets.add(live.get(random.nextInt(live.size())).url());
    }
    if (!down.isEmpty() && random.nextInt(live.size() + 1) == 0) {
      targets.add(down.get(random.nextInt(down.size())).url());
    }
    if (!seeds.isEmpty()) {
      if (!heardFromPeer) {
        targets.addAll(seeds); // joining: ask every seed until one answers
      } else if (live.isEmpty() || random.nextInt(10) == 0) {
        targets.add(seeds.get(random.nextInt(seeds.size())));
      }
    }
    return targets;
  }

  private void exchange(URI target) {
    long now = scheduler.nowMillis();
    gossip
        .exchange(target, selfId, membership.snapshot(now))
        .whenComplete(
            (entries, error) -> {
              if (error != null) {
                log.debug("Node {}: gossip with {} failed: {}", selfId, target, error.toString());
                return;
              }
              scheduler.execute(
                  () -> {
                    membership.merge(entries, scheduler.nowMillis());
                    heardFromPeer = true;
                    reconcile();
                  });
            });
  }

  /** A peer's push: merge it and answer with what we know (the pull half). */
  Object receiveGossip(List<GossipEntry> entries) {
    Membership m = membership;
    if (m == null || closed) {
      // The server listens a moment before components start; the peer tries again next round.
      return Response.error(503, "unavailable", "the cluster is not running on this node");
    }
    long now = scheduler.nowMillis();
    m.merge(entries, now);
    heardFromPeer = true;
    scheduler.execute(this::reconcile);
    return GossipCodec.encode(selfId, m.snapshot(now));
  }

  private void reconcile() {
    synchronized (reconcileLock) {
      if (closed) {
        return;
      }
      long now = scheduler.nowMillis();
      if (!left && membership.selfRemoved()) {
        left = true;
        log.warn(
            "Node {} was removed from the cluster by an operator: it stops gossiping and"
                + " replicating; restart it to join again",
            selfId);
      }
      List<Membership.MemberView> members = left ? List.of() : membership.others();
      createMissingDatabases(members);
      Set<String> localDbs = new TreeSet<>();
      for (String name : store.databaseNames()) {
        if (!config.localOnly(name)) {
          localDbs.add(name);
        }
      }
      Map<PullMesh.Key, URI> plan = PullMesh.plan(selfId, members, localDbs, config.pullPeersMax());
      mesh.reconcile(plan, now);
      watchConflicts();
      catchUp.evaluate(now, heardFromPeer, members, plan, mesh);
    }
  }

  private void createMissingDatabases(List<Membership.MemberView> members) {
    for (Membership.MemberView m : members) {
      if (!m.reachable()) {
        continue;
      }
      for (String db : m.databases().keySet()) {
        if (config.localOnly(db) || store.findDatabase(db).isPresent()) {
          continue;
        }
        try {
          store.createDatabase(db);
          log.info("Node {} created database {}, which {} has", selfId, db, m.id());
        } catch (SymmetricException e) {
          log.debug("Node {} did not create {}: {}", selfId, db, e.getMessage());
        }
      }
    }
  }

  private void watchConflicts() {
    for (Map.Entry<String, ConflictResolver> e : config.resolvers().entrySet()) {
      Database db = store.findDatabase(e.getKey()).orElse(null);
      ConflictWatcher w = watchers.get(e.getKey());
      if (w != null && w.database() != db) {
        w.close();
        watchers.remove(e.getKey());
        w = null;
      }
      if (w == null && db != null) {
        watchers.put(e.getKey(), new ConflictWatcher(db, e.getValue(), scheduler));
      }
    }
  }

  private Map<String, Object> nodeInfo() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Integer> states = new LinkedHashMap<>();
    for (MemberState s : MemberState.values()) {
      states.put(s.wireName(), 0);
    }
    for (MemberInfo m : members()) {
      states.merge(m.state().wireName(), 1, Integer::sum);
    }
    out.put("members", states);
    PullMesh p = mesh;
    out.put("pulls", p == null ? 0 : p.statuses().size());
    out.put("catch_up", ClusterRoutes.catchUp(catchUp()));
    return out;
  }

  @Override
  public List<MemberInfo> members() {
    Membership m = membership;
    return m == null ? List.of() : m.info(scheduler.nowMillis());
  }

  @Override
  public List<PeerReplication> replications() {
    Membership m = membership;
    PullMesh p = mesh;
    if (m == null || p == null) {
      return List.of();
    }
    Map<PullMesh.Key, Long> peerSeqs = new HashMap<>();
    for (Membership.MemberView v : m.others()) {
      v.databases().forEach((db, seq) -> peerSeqs.put(new PullMesh.Key(v.id(), db), seq));
    }
    return p.report(peerSeqs);
  }

  @Override
  public CatchUpStatus catchUp() {
    CatchUp c = catchUp;
    return c == null ? new CatchUpStatus("joining", List.of(), List.of()) : c.snapshot();
  }

  @Override
  public List<ConflictedDocument> conflicts(String database, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    if (store == null) {
      throw new IllegalStateException("the cluster is not started");
    }
    return ConflictWatcher.list(store.database(database), limit);
  }

  @Override
  public boolean removeMember(String id) {
    Membership m = membership;
    if (m == null) {
      throw new IllegalStateException("the cluster is not started");
    }
    boolean removed = m.remove(id, scheduler.nowMillis());
    if (removed) {
      log.info("Node {}: member {} removed by an operator", selfId, id);
      scheduler.execute(this::reconcile);
    }
    return removed;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (nextRound != null) {
        nextRound.cancel();
      }
    }
    synchronized (reconcileLock) {
      if (mesh != null) {
        mesh.close();
      }
      watchers.values().forEach(ConflictWatcher::close);
      watchers.clear();
    }
    if (peerClient != null) {
      peerClient.close();
    }
  }
}
