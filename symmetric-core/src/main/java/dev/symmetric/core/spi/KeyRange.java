package dev.symmetric.core.spi;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A half-open range of keys {@code [from, to)} and the direction to walk it. A {@code null} bound
 * is unbounded on that side.
 */
public final class KeyRange {
  private static final KeyRange ALL = new KeyRange(null, null, false);

  private final byte @Nullable [] from;
  private final byte @Nullable [] to;
  private final boolean descending;

  private KeyRange(byte @Nullable [] from, byte @Nullable [] to, boolean descending) {
    if (from != null && to != null && Arrays.compareUnsigned(from, to) > 0) {
      throw new IllegalArgumentException("range start is after its end");
    }
    this.from = from;
    this.to = to;
    this.descending = descending;
  }

  /** Every key, ascending. */
  public static KeyRange all() {
    return ALL;
  }

  /** Keys {@code k} with {@code from <= k < to}; either bound may be {@code null}. */
  public static KeyRange between(byte @Nullable [] from, byte @Nullable [] to) {
    return new KeyRange(copy(from), copy(to), false);
  }

  /** Keys that start with {@code prefix}. */
  public static KeyRange prefix(byte[] prefix) {
    return new KeyRange(prefix.clone(), prefixEnd(prefix), false);
  }

  /** The same keys walked from the last to the first. */
  public KeyRange descending() {
    return new KeyRange(from, to, true);
  }

  /** The inclusive lower bound, or {@code null} for none. */
  public byte @Nullable [] from() {
    return copy(from);
  }

  /** The exclusive upper bound, or {@code null} for none. */
  public byte @Nullable [] to() {
    return copy(to);
  }

  public boolean isDescending() {
    return descending;
  }

  /** Whether {@code key} lies in the range. */
  public boolean contains(byte[] key) {
    return (from == null || Arrays.compareUnsigned(key, from) >= 0)
        && (to == null || Arrays.compareUnsigned(key, to) < 0);
  }

  /**
   * The smallest key greater than every key starting with {@code prefix}, or {@code null} when no
   * such key exists (the prefix is empty or all {@code 0xFF}).
   */
  public static byte @Nullable [] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  private static byte @Nullable [] copy(byte @Nullable [] b) {
    return b == null ? null : b.clone();
  }

  @Override
  public String toString() {
    return "KeyRange["
        + Arrays.toString(from)
        + ", "
        + Arrays.toString(to)
        + ")"
        + (descending ? " descending" : "");
  }
}
