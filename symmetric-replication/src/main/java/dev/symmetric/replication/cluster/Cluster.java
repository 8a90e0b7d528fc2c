package dev.symmetric.replication.cluster;

import dev.symmetric.http.spi.NodeComponent;
import dev.symmetric.replication.Replication;
import dev.symmetric.replication.Schedulers;
import dev.symmetric.replication.internal.cluster.ClusterConfig;
import dev.symmetric.replication.internal.cluster.DefaultCluster;
import dev.symmetric.replication.spi.Scheduler;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Makes a node a member of a symmetric cluster: it joins through any seed, learns the other members
 * by gossip, creates the databases they have, pulls every replicated database from every live
 * member, reports {@code catching_up} on {@code /_up} until it has what its peers had when it
 * started, and resolves conflicts with the application's resolvers. Pass it to {@code
 * SymmetricNode.builder().component(..)}; see {@code docs/cluster.md}.
 *
 * <p>Routes it adds: {@code GET /_cluster}, {@code DELETE /_cluster/members/{id}} (admin), {@code
 * GET /_node/replication}, {@code GET /_node/conflicts/{db}}, and the peer-only {@code POST
 * /_cluster/gossip}.
 */
public interface Cluster extends NodeComponent {

  static Builder builder() {
    return new Builder();
  }

  /** Every member this node knows, itself first. */
  List<MemberInfo> members();

  /** The pull replications running on this node, by peer and database. */
  List<PeerReplication> replications();

  /** Where catch-up stands. */
  CatchUpStatus catchUp();

  /** Documents of {@code database} in conflict, in id order, at most {@code limit}. */
  List<ConflictedDocument> conflicts(String database, int limit);

  /**
   * Removes a member at its current incarnation, as an operator does for a box that is gone. The
   * removal spreads by gossip and is forgotten after the tombstone lifetime. A removed member that
   * is still running leaves the cluster; restarting it makes it join again.
   *
   * @return false when no such member is known or it is already removed
   * @throws IllegalArgumentException for this node's own id
   */
  boolean removeMember(String id);

  /** Composes a cluster member; each setting is checked when set. */
  final class Builder {
    private List<URI> seeds;
    private String secret;
    private URI advertiseUrl;
    private final Set<String> localOnlyNames = new LinkedHashSet<>();
    private final List<String> localOnlyPrefixes = new ArrayList<>();
    private final Map<String, ConflictResolver> resolvers = new LinkedHashMap<>();
    private long gossipIntervalMillis = 1_000;
    private long suspectAfterMillis = 5_000;
    private long downAfterMillis = 15_000;
    private long tombstoneMillis = 24L * 3600 * 1000;
    private long catchUpWaitMillis = 30_000;
    private long requestTimeoutMillis = 10_000;
    private int pullPeersMax = Integer.MAX_VALUE;
    private Scheduler scheduler;
    private Random random;
    private LongSupplier wallClockMillis = System::currentTimeMillis;
    private Consumer<Replication.Builder> replicationTuning = b -> {};

    private Builder() {}

    /**
     * Peers to join through, e.g. {@code http://10.0.0.2:8080}; any one live seed is enough.
     * Defaults to the node's {@code peer(..)} list. This node's own URL may be among them.
     */
    public Builder seeds(List<URI> seeds) {
      Objects.requireNonNull(seeds, "seeds");
      for (URI s : seeds) {
        Objects.requireNonNull(s, "seed");
        if (!"http".equals(s.getScheme()) && !"https".equals(s.getScheme())) {
          throw new IllegalArgumentException("a seed URL is http:// or https://, was " + s);
        }
      }
      this.seeds = List.copyOf(seeds);
      return this;
    }

    /**
     * The secret every member shares (16+ characters), sent as {@code X-Symmetric-Secret}. Defaults
     * to the node's {@code clusterSecret(..)}; when both are set they must match.
     */
    public Builder secret(String secret) {
      if (secret == null || secret.length() < 16) {
        throw new IllegalArgumentException("the cluster secret needs at least 16 characters");
      }
      this.secret = secret;
      return this;
    }

    /** The URL other members reach this node at; defaults to the node's own base URL. */
    public Builder advertiseUrl(URI url) {
      Objects.requireNonNull(url, "url");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("an advertised URL is http:// or https://, was " + url);
      }
      this.advertiseUrl = url;
      return this;
    }

    /** Databases that stay on this node: never announced, created remotely or replicated. */
    public Builder localOnly(String... names) {
      for (String n : names) {
        localOnlyNames.add(Objects.requireNonNull(n, "name"));
      }
      return this;
    }

    /** Every database whose name starts with {@code prefix} stays local. */
    public Builder localOnlyPrefix(String prefix) {
      if (prefix == null || prefix.isEmpty()) {
        throw new IllegalArgumentException("a local-only prefix is not empty");
      }
      localOnlyPrefixes.add(prefix);
      return this;
    }

    /**
     * Resolves conflicts in {@code database} with {@code resolver}; see {@link ConflictResolver}.
     */
    public Builder conflictResolver(String database, ConflictResolver resolver) {
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(resolver, "resolver");
      if (resolvers.containsKey(database)) {
        throw new IllegalArgumentException("a resolver is already set for " + database);
      }
      resolvers.put(database, resolver);
      return this;
    }

    /** How often this node gossips with one random live member. Default 1 s. */
    public Builder gossipIntervalMillis(long millis) {
      this.gossipIntervalMillis = positive("gossipIntervalMillis", millis);
      return this;
    }

    /** A member whose heartbeat has not advanced for this long is suspect. Default 5 s. */
    public Builder suspectAfterMillis(long millis) {
      this.suspectAfterMillis = positive("suspectAfterMillis", millis);
      return this;
    }

    /**
     * A member whose heartbeat has not advanced for this long in total is down: its pulls stop.
     * Default 15 s; must exceed {@link #suspectAfterMillis}.
     */
    public Builder downAfterMillis(long millis) {
      this.downAfterMillis = positive("downAfterMillis", millis);
      return this;
    }

    /** How long an operator's removal is remembered and gossiped. Default 24 h. */
    public Builder tombstoneMillis(long millis) {
      this.tombstoneMillis = positive("tombstoneMillis", millis);
      return this;
    }

    /**
     * How long a starting node waits for any seed to answer before it stops waiting to catch up and
     * reports ready anyway. Default 30 s.
     */
    public Builder catchUpWaitMillis(long millis) {
      this.catchUpWaitMillis = positive("catchUpWaitMillis", millis);
      return this;
    }

    /** Bound on one gossip request. Default 10 s. */
    public Builder requestTimeoutMillis(long millis) {
      this.requestTimeoutMillis = positive("requestTimeoutMillis", millis);
      return this;
    }

    /**
     * Pull each database from at most this many live peers: the ring predecessor (which keeps the
     * mesh connected) plus peers picked by rendezvous hashing. Default: every live peer.
     */
    public Builder pullPeersMax(int peers) {
      if (peers < 1) {
        throw new IllegalArgumentException("pullPeersMax must be >= 1, was " + peers);
      }
      this.pullPeersMax = peers;
      return this;
    }

    /** Time and execution for gossip, timers and replications. Default: real threads. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The random source for picking gossip partners and replication back-off. */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Wall-clock milliseconds, read once at start to make this process's incarnation larger than
     * any earlier one's, so a restarted member is not mistaken for its stale gossip.
     */
    public Builder wallClockMillis(LongSupplier clock) {
      this.wallClockMillis = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Adjusts every pull replication (batch size, back-off, longpoll) before it is built. */
    public Builder replication(Consumer<Replication.Builder> tuning) {
      this.replicationTuning =
          this.replicationTuning.andThen(Objects.requireNonNull(tuning, "tuning"));
      return this;
    }

    public Cluster build() {
      if (downAfterMillis <= suspectAfterMillis) {
        throw new IllegalStateException(
            "downAfterMillis ("
                + downAfterMillis
                + ") must exceed suspectAfterMillis ("
                + suspectAfterMillis
                + ")");
      }
      if (suspectAfterMillis < 2 * gossipIntervalMillis) {
        throw new IllegalStateException(
            "suspectAfterMillis must be at least two gossip intervals, or live members look"
                + " suspect between rounds");
      }
      for (String db : resolvers.keySet()) {
        if (isLocalOnly(db)) {
          throw new IllegalStateException(
              "database " + db + " has a conflict resolver but is local-only, so never conflicts");
        }
      }
      return new DefaultCluster(
          new ClusterConfig(
              seeds,
              secret,
              advertiseUrl,
              Set.copyOf(localOnlyNames),
              List.copyOf(localOnlyPrefixes),
              Map.copyOf(resolvers),
              gossipIntervalMillis,
              suspectAfterMillis,
              downAfterMillis,
              tombstoneMillis,
              catchUpWaitMillis,
              requestTimeoutMillis,
              pullPeersMax,
              scheduler != null ? scheduler : Schedulers.system(),
              random != null ? random : new Random(),
              wallClockMillis,
              replicationTuning));
    }

    private boolean isLocalOnly(String db) {
      return localOnlyNames.contains(db) || localOnlyPrefixes.stream().anyMatch(db::startsWith);
    }

    private static long positive(String name, long millis) {
      if (millis <= 0) {
        throw new IllegalArgumentException(name + " must be > 0, was " + millis);
      }
      return millis;
    }
  }
}
