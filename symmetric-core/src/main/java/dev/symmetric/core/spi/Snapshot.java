package dev.symmetric.core.spi;

/** A point-in-time, read-only view of a {@link StorageEngine}. */
public interface Snapshot extends KeyValueReader, AutoCloseable {

  /** Releases the snapshot; reading afterwards fails with {@link IllegalStateException}. */
  @Override
  void close();
}
