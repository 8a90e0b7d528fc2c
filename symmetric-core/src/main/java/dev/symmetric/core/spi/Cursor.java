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
 * <p>The arrays returned by {@link #key()} and {@link #value()} belong to the caller.
 */
public interface Cursor extends AutoCloseable {

  /** Moves to the next entry; {@code false} when the range is exhausted. */
  boolean next();

  /** The current entry's key; only valid after {@link #next()} returned {@code true}. */
  byte[] key();

  /** The current entry's value; only valid after {@link #next()} returned {@code true}. */
  byte[] value();

  @Override
  void close();
}
