package dev.symmetric.examples.tickets;

/**
 * The progress mark a seat's claim carries: the seat's state as a register that only grows.
 * Acceptors keep the largest mark they were given, so each mark carries the token of the claim that
 * wrote it: {@code 2 * token + 1} says "sold under {@code token}", {@code 2 * token} says "free
 * again, decided under {@code token}". A later claim has a larger token, so what it writes wins
 * over everything written before it, and a late message from an earlier holder never does.
 */
final class Marks {
  private Marks() {}

  static long sold(long token) {
    return 2 * token + 1;
  }

  static long free(long token) {
    return 2 * token;
  }

  static boolean isSold(long mark) {
    return (mark & 1) == 1;
  }

  /** The token the mark was written under (0 for a seat never marked). */
  static long token(long mark) {
    return mark >>> 1;
  }
}
