package dev.symmetric.core.spi;

/**
 * A forward-only cursor over a key range. Typical use:
 *
 * <pre>{@code
 * try (Cursor c = engine.scan(KeyRange.prefix(p))) {
 *   while (c.next()) {
 *     use(c.key(), c.value());
 *   }
 * }
 * }</pre>
 *
 * <p>The arrays returned by {@link #key()} and {@link #value()} belong to the caller. A cursor is
 * meant for one thread at a time. It fails with {@link IllegalStateException} once it is closed, or
 * once the snapshot or engine it came from is closed.
 */
public interface Cursor extends AutoCloseable {

  /** Moves to the next entry; {@code false} when the range is exhausted. */
  boolean next();

  /**
   * The current entry's key.
   *
   * @throws IllegalStateException unless the last {@link #next()} returned {@code true}
   */
  byte[] key();

  /**
   * The current entry's value.
   *
   * @throws IllegalStateException unless the last {@link #next()} returned {@code true}
   */
  byte[] value();

  /** Releases the cursor; closing it again is harmless. */
  @Override
  void close();
}
