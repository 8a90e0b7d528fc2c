package dev.symmetric.jobs.sim;

import dev.symmetric.jobs.internal.ClaimsConfig;
import dev.symmetric.jobs.internal.DefaultClaims;
import dev.symmetric.jobs.spi.AcceptorStorage;
import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.jobs.spi.ClaimRequest;
import dev.symmetric.jobs.spi.MembershipSource;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** The claims of one simulated node, with the settings every simulation shares. */
final class SimClaims {
  /** Acceptors forget keys idle this long, when the simulation lets them forget at all. */
  static final long FORGET_AFTER_MILLIS = 300;

  private SimClaims() {}

  /**
   * Claims over the simulated network. With {@code changes}, acceptors sync after membership
   * changes (catching up key by key until they have) and forget idle keys.
   */
  static DefaultClaims build(
      String id,
      SimNetwork network,
      MembershipSource membership,
      AcceptorStorage disk,
      NodeClock clock,
      double drift,
      long leaseMillisMax,
      boolean changes) {
    return new DefaultClaims(
        new ClaimsConfig(
            id,
            drift,
            10,
            250,
            100,
            leaseMillisMax,
            3,
            1_024,
            changes,
            changes ? FORGET_AFTER_MILLIS : 0,
            key -> true),
        network.transportFrom(id),
        membership,
        disk,
        clock);
  }

  /** A clock whose rate strays from true time by at most {@code spread}, at any offset. */
  static NodeClock clock(SimTime time, Random random, double spread) {
    return new NodeClock(
        time, random.nextInt(1_000_000_000), 1 + (random.nextDouble() * 2 - 1) * spread);
  }

  /** What the network delivers to: one incarnation's clock and acceptor. */
  record Member(NodeClock clock, DefaultClaims claims) implements SimNetwork.SimWorldNode {
    @Override
    public CompletableFuture<ClaimReply> answer(ClaimRequest request) {
      return claims.answerAsync(request);
    }
  }
}
