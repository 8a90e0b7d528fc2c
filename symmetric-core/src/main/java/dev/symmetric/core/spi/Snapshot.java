package dev.symmetric.core.spi;

/** A point-in-time, read-only view of a {@link StorageEngine}. */
public interface Snapshot extends KeyValueReader, AutoCloseable {

  /**
   * Releases the snapshot and closes the cursors opened from it; reading afterwards fails with
   * {@link IllegalStateException}. Closing it again, or after its engine, is harmless.
   */
  @Override
  void close();
}
