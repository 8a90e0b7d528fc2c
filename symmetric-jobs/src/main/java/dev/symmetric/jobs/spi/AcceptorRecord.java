package dev.symmetric.jobs.spi;

import java.util.Objects;

/**
 * What an acceptor must remember about one key across restarts.
 *
 * @param promisedRound the highest round promised (0: none)
 * @param promisedTo the proposer of that round ("" when none)
 * @param acceptedRound the round of the lease accepted last (0: none)
 * @param acceptedBy its proposer, the holder ("" when none)
 * @param leaseMillis its length; 0 once released
 * @param progress the highest progress mark released with
 */
public record AcceptorRecord(
    long promisedRound,
    String promisedTo,
    long acceptedRound,
    String acceptedBy,
    long leaseMillis,
    long progress) {

  public static final AcceptorRecord EMPTY = new AcceptorRecord(0, "", 0, "", 0, 0);

  public AcceptorRecord {
    Objects.requireNonNull(promisedTo, "promisedTo");
    Objects.requireNonNull(acceptedBy, "acceptedBy");
  }
}
