package dev.symmetric.jobs;

import java.util.Objects;

/**
 * A lease on a key, granted by a majority of the cluster's members. Valid on the holder until
 * {@link #validUntilMillis()} on the holder's monotonic clock (the {@code Scheduler}'s {@code
 * nowMillis()}); check {@link Claims#isValid(Claim)} before each side effect and pass {@link
 * #token()} to anything that can refuse a stale holder.
 *
 * @param key the claimed key
 * @param token the fencing token: strictly greater than the token of every earlier claim on this
 *     key granted to another ballot; a renewal keeps it
 * @param holder the node id of the holder
 * @param leaseMillis the lease asked for
 * @param validUntilMillis holder-clock time after which the holder must act as if it lost the key:
 *     the send time of the granting request plus {@code leaseMillis * (1 - drift)} minus the margin
 * @param membershipVersion the digest of the member set that granted it
 * @param membershipSize how many members that set had
 * @param progress the highest progress mark earlier holders released this key with (0 if none)
 */
public record Claim(
    String key,
    long token,
    String holder,
    long leaseMillis,
    long validUntilMillis,
    long membershipVersion,
    int membershipSize,
    long progress) {

  public Claim {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(holder, "holder");
    if (token < 1) {
      throw new IllegalArgumentException("token must be >= 1, was " + token);
    }
  }
}
