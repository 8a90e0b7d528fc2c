package dev.symmetric.jobs.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An acceptor's answer.
 *
 * @param from the acceptor's node id
 * @param outcome whether the request was granted and, if not, why
 * @param promisedRound the highest round this acceptor has promised, so a proposer can outbid it
 * @param progress the highest progress mark any holder released this key with
 * @param heldRemainingMillis with {@link Outcome#HELD}, how long the acceptor still holds the lease
 * @param record the acceptor's whole record of the key, in answer to {@link ClaimRequest.Kind#READ}
 *     only ({@code null} otherwise)
 * @param records in answer to {@link ClaimRequest.Kind#LIST} only ({@code null} otherwise): a page
 *     of the acceptor's records by key, in its storage's order; fewer than asked for on the last
 *     page. {@code promisedRound} is then the acceptor's floor: every round it forgot with a key.
 */
public record ClaimReply(
    String from,
    Outcome outcome,
    long promisedRound,
    long progress,
    long heldRemainingMillis,
    AcceptorRecord record,
    Map<String, AcceptorRecord> records) {

  /** An answer with at most one record: to prepare, accept, release or read. */
  public ClaimReply(
      String from,
      Outcome outcome,
      long promisedRound,
      long progress,
      long heldRemainingMillis,
      AcceptorRecord record) {
    this(from, outcome, promisedRound, progress, heldRemainingMillis, record, null);
  }

  /** An answer to prepare, accept or release: no record. */
  public ClaimReply(
      String from, Outcome outcome, long promisedRound, long progress, long heldRemainingMillis) {
    this(from, outcome, promisedRound, progress, heldRemainingMillis, null, null);
  }

  public enum Outcome {
    OK,
    /** The acceptor promised a higher round (or the same round to another proposer). */
    STALE_ROUND,
    /** Another node's lease is still running on the acceptor's clock. */
    HELD,
    /**
     * The acceptor sees another member set, or joined the cluster and could not yet learn the key's
     * records from a majority of the others; grants wait until membership settles.
     */
    MEMBERSHIP_MISMATCH
  }

  public ClaimReply {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(outcome, "outcome");
    if (records != null) {
      records = Collections.unmodifiableMap(new LinkedHashMap<>(records));
    }
  }

  public boolean ok() {
    return outcome == Outcome.OK;
  }
}
