package dev.symmetric.jobs.spi;

import java.util.Objects;

/**
 * One message from a proposer to an acceptor about one key.
 *
 * @param kind prepare, accept (which also renews), release, read (a member learning a key's record
 *     after a membership change; round is 1 and ignored) or list (a member learning every record
 *     after a membership change, a page at a time; round is 1 and ignored)
 * @param key the claimed key; with list, the last key of the previous page ({@code ""} for the
 *     first page)
 * @param round the ballot's round; with {@code proposer} it names the ballot, and it is the fencing
 *     token of the claim the ballot grants
 * @param proposer the node asking; it is also the would-be holder
 * @param leaseMillis the lease asked for (accept only; 0 otherwise)
 * @param membershipVersion the digest of the proposer's member set; acceptors with another view
 *     refuse
 * @param progress the progress mark a release hands on (release only; 0 otherwise)
 */
public record ClaimRequest(
    Kind kind,
    String key,
    long round,
    String proposer,
    long leaseMillis,
    long membershipVersion,
    long progress) {

  /** Bound on a key's length in characters. */
  public static final int KEY_CHARS_MAX = 512;

  public enum Kind {
    PREPARE,
    ACCEPT,
    RELEASE,
    /** Asks for the acceptor's record of the key, as stored; changes nothing. */
    READ,
    /** Asks for a page of the acceptor's records, after the key given; changes nothing. */
    LIST
  }

  public ClaimRequest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(proposer, "proposer");
    if ((key.isEmpty() && kind != Kind.LIST) || key.length() > KEY_CHARS_MAX) {
      throw new IllegalArgumentException("a key has 1.." + KEY_CHARS_MAX + " characters");
    }
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1, was " + round);
    }
    if (leaseMillis < 0 || (kind == Kind.ACCEPT && leaseMillis == 0)) {
      throw new IllegalArgumentException("bad leaseMillis " + leaseMillis + " for " + kind);
    }
  }
}
