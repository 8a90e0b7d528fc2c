package dev.symmetric.examples.tickets;

import java.util.List;

/** A booking's states and the order a merge respects. */
final class Booking {
  /** Written before the sale is made durable; settled to confirmed or failed. */
  static final String PENDING = "pending";

  /** The sale's mark is on a majority of the seat's acceptors; the seat is this customer's. */
  static final String CONFIRMED = "confirmed";

  /** The sale can no longer happen: a larger "free" mark is on a majority. Final. */
  static final String FAILED = "failed";

  /** Cancelled by the customer after it was confirmed; the seat is free again. Final. */
  static final String CANCELLED = "cancelled";

  private static final List<String> ORDER = List.of(PENDING, FAILED, CONFIRMED, CANCELLED);

  private Booking() {}

  /**
   * Where a state stands in a booking's life; a merge keeps the larger. Failed and confirmed never
   * meet (see README); if they did, confirmed wins, which keeps the seat taken.
   */
  static int rank(String status) {
    int i = ORDER.indexOf(status);
    return i < 0 ? -1 : i;
  }

  /** Whether the seat of a booking in this state may be sold to someone else. */
  static boolean releasesSeat(String status) {
    return FAILED.equals(status) || CANCELLED.equals(status);
  }
}
