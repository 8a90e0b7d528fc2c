package dev.symmetric.jobs.internal;

import java.util.function.Predicate;

/**
 * Validated settings of claims; see {@code Claims.Builder} for each one's meaning. {@code
 * catchUpOnJoin}: after the member set changes, a member copies the other members' records before
 * it counts as synced, and until then learns each key it has no record of from the others before it
 * first votes on it (see {@code docs/jobs.md}, "Membership"); off for member sets fixed from the
 * start. {@code forgetIdleAfterMillis}: how long a key's record must stay unwritten, with no lease
 * running, before the acceptor forgets it (0: never); {@code forgettable} says which keys may be.
 */
public record ClaimsConfig(
    String nodeId,
    double driftRate,
    long driftMarginMillis,
    long requestTimeoutMillis,
    long leaseMillisMin,
    long leaseMillisMax,
    int roundAttemptsMax,
    int cachedKeysMax,
    boolean catchUpOnJoin,
    long forgetIdleAfterMillis,
    Predicate<String> forgettable) {

  /** How long a holder trusts a lease, from before it sent the granting request. */
  public long validForMillis(long leaseMillis) {
    return (long) Math.floor(leaseMillis * (1 - driftRate)) - driftMarginMillis;
  }

  /** How long an acceptor keeps a lease, from when it accepted it. */
  public long holdMillis(long leaseMillis) {
    return (long) Math.ceil(leaseMillis * (1 + driftRate)) + driftMarginMillis;
  }
}
