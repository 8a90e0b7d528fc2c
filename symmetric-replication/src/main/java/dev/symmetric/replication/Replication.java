package dev.symmetric.replication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.replication.internal.ReplicationConfig;
import dev.symmetric.replication.internal.Replicator;
import dev.symmetric.replication.spi.Endpoint;
import dev.symmetric.replication.spi.Scheduler;
import java.time.Clock;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One replication from a source to a target database over the CouchDB replication protocol. The
 * entry point of symmetric-replication:
 *
 * <pre>{@code
 * try (PeerClient http = PeerClient.builder().build();
 *     Replication r = Replication.builder(
 *             Endpoints.local(store.database("orders"), store.uuid()),
 *             Endpoints.remote(URI.create("http://10.0.0.2:8080/db/orders"), http))
 *         .replicatorId(store.uuid())
 *         .build()
 *         .start()) {
 *   ReplicationStatus done = r.completion().join();
 * }
 * }</pre>
 *
 * <p>A replication runs on its {@link Scheduler} and never blocks the caller. It records
 * checkpoints in {@code _local/<replication id>} on both ends, so a new replication with the same
 * settings resumes where the last one stopped. Transient failures (a peer away, 5xx, timeouts) are
 * retried with exponential back-off and full jitter.
 */
public interface Replication extends AutoCloseable {

  static Builder builder(Endpoint source, Endpoint target) {
    return new Builder(source, target);
  }

  /** Starts replicating on the scheduler and returns at once. May be called once. */
  Replication start();

  /** A snapshot of the progress. */
  ReplicationStatus status();

  /** Completes with the final status once {@code COMPLETED}, {@code FAILED} or {@code STOPPED}. */
  CompletableFuture<ReplicationStatus> completion();

  /** Stops replicating (after a best-effort checkpoint); idempotent. */
  void stop();

  /** The same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }

  /** Composes a {@link Replication}; each setter validates its argument at once. */
  final class Builder {
    /** Most documents per batch; also the bound of {@code _bulk_docs} on a symmetric node. */
    public static final int BATCH_DOCS_MAX_LIMIT = 10_000;

    /** Longest a feed may be asked to wait, the bound a symmetric node enforces. */
    public static final long LONGPOLL_MILLIS_LIMIT = 600_000;

    private final Endpoint source;
    private final Endpoint target;
    private boolean continuous;
    private boolean createTarget;
    private Set<String> docIds;
    private Predicate<ObjectNode> filter;
    private String filterName;
    private int batchDocsMax = 500;
    private long checkpointIntervalMillis = 1_000;
    private long backoffMinMillis = 250;
    private long backoffMaxMillis = 30_000;
    private int attemptsMax = -1;
    private long longpollMillis = 30_000;
    private Scheduler scheduler;
    private Random random;
    private Clock wallClock = Clock.systemUTC();
    private String replicatorId = "";

    private Builder(Endpoint source, Endpoint target) {
      this.source = Objects.requireNonNull(source, "source");
      this.target = Objects.requireNonNull(target, "target");
      if (source.id().equals(target.id())) {
        throw new IllegalArgumentException("source and target are the same: " + source.id());
      }
    }

    /** Keep replicating new changes after catching up. Default false (one-shot). */
    public Builder continuous(boolean on) {
      this.continuous = on;
      return this;
    }

    /** Create the target database when it does not exist. Default false. */
    public Builder createTarget(boolean on) {
      this.createTarget = on;
      return this;
    }

    /** Replicate only these documents (CouchDB's {@code doc_ids}); at most 10,000. */
    public Builder docIds(Set<String> ids) {
      Objects.requireNonNull(ids, "ids");
      if (ids.isEmpty()) {
        throw new IllegalArgumentException("docIds must not be empty; leave it unset for all");
      }
      if (ids.size() > BATCH_DOCS_MAX_LIMIT) {
        throw new IllegalArgumentException(
            "at most " + BATCH_DOCS_MAX_LIMIT + " docIds, was " + ids.size());
      }
      for (String id : ids) {
        if (id == null || id.isEmpty()) {
          throw new IllegalArgumentException("docIds must not contain null or empty ids");
        }
      }
      this.docIds = Set.copyOf(ids);
      return this;
    }

    /**
     * Replicate only document revisions whose JSON (with {@code _id}, {@code _rev}, {@code
     * _deleted}) the predicate accepts. The filter counts as the same filter across restarts, so
     * checkpoints are reused; use {@link #filter(String, Predicate)} and a new name when its logic
     * changes.
     */
    public Builder filter(Predicate<ObjectNode> filter) {
      return filter("filter", filter);
    }

    /** A filter with a name that goes into the replication id. */
    public Builder filter(String name, Predicate<ObjectNode> filter) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("a filter needs a non-empty name");
      }
      this.filter = Objects.requireNonNull(filter, "filter");
      this.filterName = name;
      return this;
    }

    /** Changes read per batch (and revisions per fetch and write). Default 500. */
    public Builder batchDocsMax(int docs) {
      if (docs < 1 || docs > BATCH_DOCS_MAX_LIMIT) {
        throw new IllegalArgumentException(
            "batchDocsMax must be 1.." + BATCH_DOCS_MAX_LIMIT + ", was " + docs);
      }
      this.batchDocsMax = docs;
      return this;
    }

    /** Least time between checkpoints while moving changes; 0: after every batch. Default 1 s. */
    public Builder checkpointIntervalMillis(long millis) {
      if (millis < 0 || millis > 3_600_000) {
        throw new IllegalArgumentException(
            "checkpointIntervalMillis must be 0..3600000, was " + millis);
      }
      this.checkpointIntervalMillis = millis;
      return this;
    }

    /** Back-off after failures: doubles from {@code min} up to {@code max}, fully jittered. */
    public Builder backoffMillis(long min, long max) {
      if (min < 1 || max < min || max > 3_600_000) {
        throw new IllegalArgumentException(
            "backoff needs 1 <= min <= max <= 3600000, was " + min + ".." + max);
      }
      this.backoffMinMillis = min;
      this.backoffMaxMillis = max;
      return this;
    }

    /**
     * Consecutive failed attempts before giving up with {@code FAILED}. Default 10 for a one-shot
     * replication, unbounded for a continuous one.
     */
    public Builder attemptsMax(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attemptsMax must be >= 1, was " + attempts);
      }
      this.attemptsMax = attempts;
      return this;
    }

    /** How long one wait for new changes lasts when continuous and caught up. Default 30 s. */
    public Builder longpollMillis(long millis) {
      if (millis < 1 || millis > LONGPOLL_MILLIS_LIMIT) {
        throw new IllegalArgumentException(
            "longpollMillis must be 1.." + LONGPOLL_MILLIS_LIMIT + ", was " + millis);
      }
      this.longpollMillis = millis;
      return this;
    }

    /** Where the replication runs and how it tells time. Default {@link Schedulers#system()}. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The source of back-off jitter and session ids; seed it for reproducible runs. */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The wall clock for checkpoint timestamps. Default UTC system time. */
    public Builder wallClock(Clock clock) {
      this.wallClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Who replicates, e.g. the local store's uuid; part of the replication id, so two replicators
     * moving the same pair of databases keep separate checkpoints. Default empty.
     */
    public Builder replicatorId(String id) {
      this.replicatorId = Objects.requireNonNull(id, "id");
      return this;
    }

    /** A replication ready to {@link Replication#start()}. */
    public Replication build() {
      int attempts = attemptsMax > 0 ? attemptsMax : continuous ? Integer.MAX_VALUE : 10;
      return new Replicator(
          new ReplicationConfig(
              source,
              target,
              continuous,
              createTarget,
              docIds == null ? null : new TreeSet<>(docIds),
              filter,
              filterName,
              batchDocsMax,
              checkpointIntervalMillis,
              backoffMinMillis,
              backoffMaxMillis,
              attempts,
              longpollMillis,
              scheduler != null ? scheduler : Schedulers.system(),
              random != null ? random : new Random(),
              wallClock,
              replicatorId));
    }
  }
}
