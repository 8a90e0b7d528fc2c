package dev.symmetric.jobs;

import dev.symmetric.jobs.internal.ClaimsConfig;
import dev.symmetric.jobs.internal.DefaultClaims;
import dev.symmetric.jobs.spi.AcceptorStorage;
import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.jobs.spi.ClaimRequest;
import dev.symmetric.jobs.spi.ClaimTransport;
import dev.symmetric.jobs.spi.MembershipSource;
import dev.symmetric.replication.Schedulers;
import dev.symmetric.replication.spi.Scheduler;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Leader-free leases on keys: at most one node holds a key at any moment, as long as a majority of
 * the members is reachable and clock rates drift apart by less than the configured bound. Each node
 * is a proposer (it asks) and an acceptor (it votes); see {@code docs/jobs.md} for the protocol and
 * its safety argument.
 *
 * <p>A node gets its {@code Claims} from {@link Jobs#claims()}; {@link #builder()} composes one
 * over any transport, for tests and embedding.
 */
public interface Claims {

  static Builder builder() {
    return new Builder();
  }

  /** This node's id: the holder of the claims it acquires. */
  String nodeId();

  /**
   * Asks a majority of the members for {@code key}. Completes with the claim, or empty when another
   * node holds the key, the members disagree about membership, or no majority answered in time.
   */
  CompletableFuture<Optional<Claim>> acquire(String key, long leaseMillis);

  /** Extends a claim this node holds by its lease, keeping the token; empty when refused. */
  CompletableFuture<Optional<Claim>> renew(Claim claim);

  /**
   * Gives the key up and hands {@code progress} to the next holder (acceptors keep the largest mark
   * they were given). Stop using the claim before calling. Completes with whether a majority
   * acknowledged; if not, the key frees itself when the lease runs out.
   */
  CompletableFuture<Boolean> release(Claim claim, long progress);

  /** {@link #release(Claim, long)} passing on the progress mark the claim came with. */
  default CompletableFuture<Boolean> release(Claim claim) {
    return release(claim, claim.progress());
  }

  /** Whether this node may still act as the holder of {@code claim}, by its monotonic clock. */
  boolean isValid(Claim claim);

  /** This node's vote on a peer's request: what a {@link ClaimTransport} delivers to. */
  ClaimReply answer(ClaimRequest request);

  ClaimStats stats();

  /** Composes claims; each setting is checked when set. */
  final class Builder {
    private String nodeId;
    private ClaimTransport transport;
    private MembershipSource membership;
    private AcceptorStorage storage;
    private Scheduler scheduler;
    private double driftRate = 0.01;
    private long driftMarginMillis = 50;
    private long requestTimeoutMillis = 2_000;
    private long leaseMillisMin = 200;
    private long leaseMillisMax = 10 * 60_000;
    private int roundAttemptsMax = 3;
    private int cachedKeysMax = 65_536;
    private long forgetIdleKeysAfterMillis;

    private Builder() {}

    public Builder nodeId(String id) {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("nodeId is required");
      }
      this.nodeId = id;
      return this;
    }

    /** Carries messages to the other members' acceptors; this node's own are answered locally. */
    public Builder transport(ClaimTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** The members that vote. */
    public Builder membership(MembershipSource membership) {
      this.membership = Objects.requireNonNull(membership, "membership");
      return this;
    }

    /** Where this node's acceptor keeps its promises durably. */
    public Builder storage(AcceptorStorage storage) {
      this.storage = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /** Monotonic time and timers. Default: real time. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Bound ε on how far any node's monotonic clock rate may stray from true time, as a fraction:
     * holders trust a lease for {@code lease * (1 - ε)}, acceptors keep it for {@code lease * (1 +
     * ε)}. Default 0.01 (1 %); 0 to 0.2.
     */
    public Builder driftRate(double rate) {
      if (!(rate >= 0 && rate <= 0.2)) {
        throw new IllegalArgumentException("driftRate must be 0..0.2, was " + rate);
      }
      this.driftRate = rate;
      return this;
    }

    /** Milliseconds taken off the holder's view and added to the acceptors'. Default 50. */
    public Builder driftMarginMillis(long millis) {
      if (millis < 0 || millis > 60_000) {
        throw new IllegalArgumentException("driftMarginMillis must be 0..60000, was " + millis);
      }
      this.driftMarginMillis = millis;
      return this;
    }

    /** Bound on each protocol phase (prepare, accept, release). Default 2 s. */
    public Builder requestTimeoutMillis(long millis) {
      if (millis < 1 || millis > 600_000) {
        throw new IllegalArgumentException("requestTimeoutMillis must be 1..600000, was " + millis);
      }
      this.requestTimeoutMillis = millis;
      return this;
    }

    /** Shortest and longest lease {@code acquire} accepts. Default 200 ms and 10 min. */
    public Builder leaseMillisRange(long min, long max) {
      if (min < 1 || max < min || max > 24L * 3600 * 1000) {
        throw new IllegalArgumentException(
            "need 1 <= min <= max <= 1 day, was " + min + ".." + max);
      }
      this.leaseMillisMin = min;
      this.leaseMillisMax = max;
      return this;
    }

    /** Rounds tried when outbid before giving up on one acquisition. Default 3. */
    public Builder roundAttemptsMax(int attempts) {
      if (attempts < 1 || attempts > 100) {
        throw new IllegalArgumentException("roundAttemptsMax must be 1..100, was " + attempts);
      }
      this.roundAttemptsMax = attempts;
      return this;
    }

    /** Keys the acceptor keeps in memory; the rest are read back from storage. Default 65536. */
    public Builder cachedKeysMax(int keys) {
      if (keys < 64 || keys > 10_000_000) {
        throw new IllegalArgumentException("cachedKeysMax must be 64..10000000, was " + keys);
      }
      this.cachedKeysMax = keys;
      return this;
    }

    /**
     * How long a key's record must stay idle, no lease running and nothing written, before this
     * node's acceptor forgets it. A later claim of the key still gets a larger token (the acceptor
     * keeps a floor above every round it forgot), but starts with progress 0. Needs a storage that
     * can list and delete its records. 0 (the default): never.
     */
    public Builder forgetIdleKeysAfterMillis(long millis) {
      if (millis < 0 || millis > 3_650L * 86_400_000) {
        throw new IllegalArgumentException(
            "forgetIdleKeysAfterMillis must be 0..3650 days, was " + millis);
      }
      this.forgetIdleKeysAfterMillis = millis;
      return this;
    }

    public Claims build() {
      if (nodeId == null || transport == null || membership == null || storage == null) {
        throw new IllegalStateException("nodeId, transport, membership and storage are required");
      }
      ClaimsConfig config =
          new ClaimsConfig(
              nodeId,
              driftRate,
              driftMarginMillis,
              requestTimeoutMillis,
              leaseMillisMin,
              leaseMillisMax,
              roundAttemptsMax,
              cachedKeysMax,
              false,
              forgetIdleKeysAfterMillis,
              key -> true);
      if (config.validForMillis(leaseMillisMin) < 1) {
        throw new IllegalStateException(
            "leases of "
                + leaseMillisMin
                + " ms leave no time after the drift margin; raise leaseMillisRange's min");
      }
      return new DefaultClaims(
          config,
          transport,
          membership,
          storage,
          scheduler != null ? scheduler : Schedulers.system());
    }
  }
}
