package dev.symmetric.jobs.internal;

import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.ClaimStats;
import dev.symmetric.jobs.Claims;
import dev.symmetric.jobs.spi.AcceptorStorage;
import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.jobs.spi.ClaimRequest;
import dev.symmetric.jobs.spi.ClaimTransport;
import dev.symmetric.jobs.spi.MembershipSource;
import dev.symmetric.jobs.spi.MembershipView;
import dev.symmetric.replication.spi.Scheduler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Proposer and acceptor of one node. An acquisition is two phases to every member: prepare (learn
 * the highest round, check nobody holds the key) and accept (the lease itself); each needs a
 * majority of the whole member set. When the last grant this node knows of for a key was its own,
 * or it knows nothing of the key, it sends the accept at once (one phase): safety rests on the
 * accept rules alone (docs/jobs.md, "One-phase acquisitions"); prepare only saves a futile accept.
 */
public final class DefaultClaims implements Claims {
  private static final int KNOWN_ROUNDS_MAX = 65_536;

  private final ClaimsConfig config;
  private final ClaimTransport transport;
  private final MembershipSource membership;
  private final Scheduler scheduler;
  private final Acceptor acceptor;

  /**
   * The proposer name in this node's ballots: its id and incarnation. A ballot of an earlier life
   * of this node is then another node's to the acceptors: a restarted node waits for its old leases
   * like anyone else, and its releases never clear them.
   */
  private final String ballotName;

  /** The highest round this node has seen for a key, and whether it was its own grant. */
  private record Known(long round, boolean mine) {}

  private final Map<String, Known> knownRounds =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
          return size() > KNOWN_ROUNDS_MAX;
        }
      };
  private final AtomicLong acquired = new AtomicLong();
  private final AtomicLong contended = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong renewed = new AtomicLong();
  private final AtomicLong released = new AtomicLong();
  private final AtomicLong latencyTotal = new AtomicLong();
  private final AtomicLong latencyMax = new AtomicLong();

  private volatile LongConsumer latencyObserver = millis -> {};

  /** Called with the milliseconds each granted acquisition took (for metrics). */
  public void observeAcquireLatency(LongConsumer observer) {
    this.latencyObserver = Objects.requireNonNull(observer, "observer");
  }

  public DefaultClaims(
      ClaimsConfig config,
      ClaimTransport transport,
      MembershipSource membership,
      AcceptorStorage storage,
      Scheduler scheduler) {
    this.config = config;
    this.transport = transport;
    this.membership = membership;
    this.scheduler = scheduler;
    this.acceptor = new Acceptor(config, storage, membership, scheduler, transport);
    this.ballotName = config.nodeId() + "#" + acceptor.incarnation();
  }

  @Override
  public String nodeId() {
    return config.nodeId();
  }

  @Override
  public CompletableFuture<Optional<Claim>> acquire(String key, long leaseMillis) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.length() > ClaimRequest.KEY_CHARS_MAX) {
      throw new IllegalArgumentException("a key has 1.." + ClaimRequest.KEY_CHARS_MAX + " chars");
    }
    if (leaseMillis < config.leaseMillisMin() || leaseMillis > config.leaseMillisMax()) {
      throw new IllegalArgumentException(
          "leaseMillis must be "
              + config.leaseMillisMin()
              + ".."
              + config.leaseMillisMax()
              + ", was "
              + leaseMillis);
    }
    long started = scheduler.nowMillis();
    return attempt(key, leaseMillis, config.roundAttemptsMax())
        .thenApply(
            claim -> {
              if (claim.isPresent()) {
                long took = scheduler.nowMillis() - started;
                acquired.incrementAndGet();
                latencyTotal.addAndGet(took);
                latencyMax.accumulateAndGet(took, Math::max);
                latencyObserver.accept(took);
              }
              return claim;
            });
  }

  private CompletableFuture<Optional<Claim>> attempt(String key, long leaseMillis, int attempts) {
    MembershipView view = membership.view().orElse(null);
    if (view == null || !view.members().contains(config.nodeId())) {
      failed.incrementAndGet();
      return CompletableFuture.completedFuture(Optional.empty());
    }
    boolean onePhase = onePhaseLikely(key);
    long round = nextRound(key);
    if (onePhase) {
      return accept(key, round, leaseMillis, view, 0)
          .thenCompose(
              claim -> {
                if (claim.isPresent()) {
                  return CompletableFuture.completedFuture(claim);
                }
                // Take back whatever part of the ballot was accepted, or it would hold up the
                // two-phase attempt (and everyone else) for a lease.
                return withdraw(key, round, view)
                    .thenCompose(done -> twoPhase(key, leaseMillis, attempts, view));
              });
    }
    return twoPhase(key, round, leaseMillis, attempts, view);
  }

  private CompletableFuture<Optional<Claim>> twoPhase(
      String key, long leaseMillis, int attempts, MembershipView view) {
    return twoPhase(key, nextRound(key), leaseMillis, attempts, view);
  }

  private CompletableFuture<Optional<Claim>> twoPhase(
      String key, long round, long leaseMillis, int attempts, MembershipView view) {
    long version = view.version();
    ClaimRequest prepare =
        new ClaimRequest(ClaimRequest.Kind.PREPARE, key, round, ballotName, 0, version, 0);
    return phase(view, prepare)
        .thenCompose(
            promised -> {
              observe(key, promised);
              if (!promised.granted()) {
                if (anyHeld(promised)) {
                  contended.incrementAndGet();
                  return CompletableFuture.completedFuture(Optional.<Claim>empty());
                }
                if (attempts > 1 && anyStale(promised)) {
                  return attempt(key, leaseMillis, attempts - 1);
                }
                failed.incrementAndGet();
                return CompletableFuture.completedFuture(Optional.<Claim>empty());
              }
              return accept(key, round, leaseMillis, view, maxProgress(promised, 0))
                  .thenApply(
                      c -> {
                        if (c.isEmpty()) {
                          failed.incrementAndGet();
                        }
                        return c;
                      });
            });
  }

  /** The accept phase; the holder's clock starts before the first message leaves. */
  private CompletableFuture<Optional<Claim>> accept(
      String key, long round, long leaseMillis, MembershipView view, long progress) {
    long sentAt = scheduler.nowMillis();
    ClaimRequest accept =
        new ClaimRequest(
            ClaimRequest.Kind.ACCEPT, key, round, ballotName, leaseMillis, view.version(), 0);
    return phase(view, accept)
        .thenApply(
            accepted -> {
              observe(key, accepted);
              if (!accepted.granted()) {
                return Optional.empty();
              }
              granted(key, round);
              return Optional.of(
                  new Claim(
                      key,
                      round,
                      config.nodeId(),
                      leaseMillis,
                      sentAt + config.validForMillis(leaseMillis),
                      view.version(),
                      view.size(),
                      maxProgress(accepted, progress)));
            });
  }

  @Override
  public CompletableFuture<Optional<Claim>> renew(Claim claim) {
    Objects.requireNonNull(claim, "claim");
    if (!claim.holder().equals(config.nodeId())) {
      throw new IllegalArgumentException("only the holder renews a claim");
    }
    MembershipView view = membership.view().orElse(null);
    if (view == null || view.version() != claim.membershipVersion()) {
      // A renewal under a new view would carry the old token into another quorum; acquire anew.
      failed.incrementAndGet();
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return accept(claim.key(), claim.token(), claim.leaseMillis(), view, claim.progress())
        .thenApply(
            c -> {
              (c.isPresent() ? renewed : failed).incrementAndGet();
              return c;
            });
  }

  @Override
  public CompletableFuture<Boolean> release(Claim claim, long progress) {
    Objects.requireNonNull(claim, "claim");
    if (!claim.holder().equals(config.nodeId())) {
      throw new IllegalArgumentException("only the holder releases a claim");
    }
    MembershipView view = membership.view().orElse(null);
    if (view == null) {
      return CompletableFuture.completedFuture(false);
    }
    ClaimRequest release =
        new ClaimRequest(
            ClaimRequest.Kind.RELEASE,
            claim.key(),
            claim.token(),
            ballotName,
            0,
            view.version(),
            progress);
    return phase(view, release)
        .thenApply(
            r -> {
              if (r.granted()) {
                released.incrementAndGet();
              }
              return r.granted();
            });
  }

  @Override
  public boolean isValid(Claim claim) {
    return claim.holder().equals(config.nodeId())
        && scheduler.nowMillis() < claim.validUntilMillis();
  }

  @Override
  public ClaimReply answer(ClaimRequest request) {
    return acceptor.answer(Objects.requireNonNull(request, "request"));
  }

  /** {@link #answer} without holding the calling thread while a joined member catches up. */
  public CompletableFuture<ClaimReply> answerAsync(ClaimRequest request) {
    return acceptor.answerAsync(Objects.requireNonNull(request, "request"));
  }

  /** Whether this node's acceptor has copied the others' records since the member set changed. */
  public boolean synced() {
    return acceptor.synced();
  }

  /** Rounds up to this one were spent on keys this node's acceptor has forgotten. */
  public long floor() {
    return acceptor.floor();
  }

  /** Records this node's acceptor has forgotten since it started. */
  public int forgottenKeys() {
    return acceptor.forgottenKeys();
  }

  /** Stops the acceptor's background work (syncing, forgetting). */
  public void close() {
    acceptor.close();
  }

  @Override
  public ClaimStats stats() {
    return new ClaimStats(
        acquired.get(),
        contended.get(),
        failed.get(),
        renewed.get(),
        released.get(),
        latencyTotal.get(),
        latencyMax.get());
  }

  private CompletableFuture<Quorum.Result> phase(MembershipView view, ClaimRequest request) {
    Quorum quorum =
        new Quorum(view.members(), view.majority(), scheduler, config.requestTimeoutMillis());
    for (String member : view.members()) {
      if (member.equals(config.nodeId())) {
        continue;
      }
      CompletableFuture<ClaimReply> sent;
      try {
        sent = transport.send(member, request);
      } catch (RuntimeException e) {
        continue; // a member we cannot reach counts as silent
      }
      sent.whenComplete(
          (reply, error) -> {
            if (reply != null) {
              quorum.offer(reply);
            }
          });
    }
    if (view.members().contains(config.nodeId())) {
      // This node's own vote, on this thread while the messages travel: handing it to the shared
      // scheduler's threads made it queue behind timers and replication work, and its durable
      // write would hold one of them.
      CompletableFuture<ClaimReply> own;
      try {
        own = acceptor.answerAsync(request);
      } catch (RuntimeException e) {
        own = CompletableFuture.failedFuture(e); // storage failed: this member is silent
      }
      own.thenAccept(quorum::offer);
    }
    return quorum.result();
  }

  /** Clears the lease of a ballot that was not granted wherever it was accepted. */
  private CompletableFuture<Boolean> withdraw(String key, long round, MembershipView view) {
    ClaimRequest release =
        new ClaimRequest(ClaimRequest.Kind.RELEASE, key, round, ballotName, 0, view.version(), 0);
    return phase(view, release).thenApply(Quorum.Result::granted);
  }

  private synchronized boolean onePhaseLikely(String key) {
    Known k = knownRounds.get(key);
    return k == null || k.mine();
  }

  private synchronized long nextRound(String key) {
    Known k = knownRounds.get(key);
    // A key this node knows nothing of may have been forgotten: every acceptor refuses rounds up
    // to its floor, and this node's own floor is the best guess at the others'.
    long next = (k == null ? acceptor.floor() : k.round()) + 1;
    knownRounds.put(key, new Known(next, k != null && k.mine()));
    return next;
  }

  private synchronized void granted(String key, long round) {
    Known k = knownRounds.get(key);
    if (k == null || k.round() <= round) {
      knownRounds.put(key, new Known(round, true));
    }
  }

  private synchronized void observe(String key, Quorum.Result result) {
    Known k = knownRounds.get(key);
    long max = k == null ? 0 : k.round();
    boolean mine = k != null && k.mine();
    for (ClaimReply r : result.replies()) {
      if (r.promisedRound() > max) {
        max = r.promisedRound();
        mine = false; // somebody else's ballot, or one of ours this node has not seen granted
      }
    }
    knownRounds.put(key, new Known(max, mine));
  }

  private static boolean anyHeld(Quorum.Result r) {
    return r.replies().stream().anyMatch(x -> x.outcome() == ClaimReply.Outcome.HELD);
  }

  private static boolean anyStale(Quorum.Result r) {
    return r.replies().stream().anyMatch(x -> x.outcome() == ClaimReply.Outcome.STALE_ROUND);
  }

  private static long maxProgress(Quorum.Result r, long floor) {
    long max = floor;
    for (ClaimReply x : r.replies()) {
      max = Math.max(max, x.progress()); // marks only ever come from finished holders
    }
    return max;
  }
}
