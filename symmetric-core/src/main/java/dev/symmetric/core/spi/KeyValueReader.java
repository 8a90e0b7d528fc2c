package dev.symmetric.core.spi;

import org.jspecify.annotations.Nullable;

/** Point and range reads, shared by a live engine and its snapshots. */
public interface KeyValueReader {

  /**
   * The value stored under {@code key}, or {@code null} when there is none. The returned array
   * belongs to the caller.
   */
  byte @Nullable [] get(byte[] key);

  /**
   * Iterates the entries whose keys lie in {@code range}, in ascending key order, or in descending
   * order when the range says so. The cursor must be closed.
   *
   * <p>The cursor reads one consistent state, fixed when {@code scan} is called: it never shows
   * part of a batch, nor anything written after the call.
   */
  Cursor scan(KeyRange range);
}
