package dev.symmetric.jobs.internal;

/**
 * Validated settings of claims; see {@code Claims.Builder} for each one's meaning. {@code
 * catchUpOnJoin}: a member that was not the first of its cluster learns each key's records from the
 * other members before it first votes on it (see {@code docs/jobs.md}, "Membership"); off for
 * member sets fixed from the start.
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
    boolean catchUpOnJoin) {

  /** How long a holder trusts a lease, from before it sent the granting request. */
  public long validForMillis(long leaseMillis) {
    return (long) Math.floor(leaseMillis * (1 - driftRate)) - driftMarginMillis;
  }

  /** How long an acceptor keeps a lease, from when it accepted it. */
  public long holdMillis(long leaseMillis) {
    return (long) Math.ceil(leaseMillis * (1 + driftRate)) + driftMarginMillis;
  }
}
